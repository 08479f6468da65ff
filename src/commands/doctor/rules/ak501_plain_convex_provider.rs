//! **What:** the provider tree renders a plain `ConvexProvider` (from `convex/react`), or a local
//! `ConvexProviderWithAuthKit` component (as in Convex's template) that renders one instead of
//! `ConvexProviderWithAuth`.
//!
//! **Why:** a plain `ConvexProvider` never asks AuthKit for a token, so Convex sees every request
//! as anonymous: `ctx.auth.getUserIdentity()` is `null` even when signed in (P08, P18).
//!
//! **Example:** `<ConvexProvider client={convex}>` inside `<AuthKitProvider>`.
//!
//! **Fix:** `init`'s provider codemod (the recipe's wiring plan): `ConvexProviderWithAuthKit`
//! (from `@convex-dev/workos`, or the template's local copy when the file imports it) with
//! `useAuth={useAuth}`; Next.js: `ConvexProviderWithAuth` (from `convex/react`) with the
//! `useAuthFromAuthKit` adapter hook; a package the new code imports is added to `package.json`
//! (then install). Safe when the tree already has `AuthKitProvider` (only the Convex provider
//! changes); unsafe when the codemod adds it too. In a local `ConvexProviderWithAuthKit` that
//! renders a plain provider, the import is pointed at `@convex-dev/workos`'s component
//! instead: unsafe, since the local file may hold changes of its own. Manual when the codemod
//! can't place the wiring (it says why and prints the snippet).

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, authkit_element, convex_provider_remedy, provider};
use crate::commands::doctor::fix::FixOp;
use crate::edit::js::JsFacts;
use crate::edit::plan::FileChange;
use crate::frameworks::{ClientOptions, SourceFile};

pub const RULE: Rule = Rule {
    code: "AK501",
    name: "plain-convex-provider",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak501_plain_convex_provider.rs"),
    check,
};

/// The local file a relative import points at, among the scanned sources.
fn resolve<'a>(cx: &'a Context, from: &str, spec: &str) -> Option<&'a SourceFile> {
    let base = crate::edit::js::join_relative(from, spec)?;
    ["", ".tsx", ".ts", ".jsx", ".js", "/index.tsx", "/index.ts", "/index.jsx", "/index.js"]
        .iter()
        .find_map(|ext| cx.sources().iter().find(|f| f.rel == format!("{base}{ext}")))
}

fn plain_in(file: &SourceFile, facts: &JsFacts, fix: &Fix) -> Vec<Diagnostic> {
    let Some(local) = facts.local_name("convex/react", "ConvexProvider") else {
        return vec![];
    };
    facts
        .elements_named(&local)
        .map(|el| {
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("`<{local}>` in `{}` never passes AuthKit's token to Convex", file.rel),
                "a plain `ConvexProvider` sends no token, so Convex treats every request as anonymous: `getUserIdentity()` is null even when signed in",
                fix.clone(),
            )
            .at(&file.rel, &file.text, el.opening_name.clone())
            .label("plain `ConvexProvider`")
        })
        .collect()
}

/// The fix as a manual step: what to render, and `init`, which does it.
fn by_hand(cx: &Context) -> Fix {
    Fix::manual(convex_provider_remedy(cx, "use")).command("convex-authkit init")
}

/// `changes` as ops, with the recipe's packages the new code imports that `package.json`
/// lacks, and the install to run after.
fn with_packages(cx: &Context, changes: Vec<FileChange>, fix: fn(String, Vec<FixOp>) -> Fix, summary: String) -> Fix {
    let modules: Vec<(&str, &str)> = changes.iter().map(|c| (c.rel.as_str(), c.after.as_str())).collect();
    let deps: Vec<(String, String)> = crate::frameworks::imported_packages(cx.recipe(), &modules)
        .into_iter()
        .filter(|(name, _)| !cx.pkg.as_ref().is_some_and(|p| p.has_dep(name)))
        .map(|(n, r)| (n.to_string(), r.to_string()))
        .collect();
    let mut ops: Vec<FixOp> = changes
        .into_iter()
        .map(|c| FixOp::Planned { file: c.rel, before: c.before, after: c.after })
        .collect();
    let install = !deps.is_empty();
    if install {
        ops.push(FixOp::AddDeps(deps));
    }
    let fix = fix(summary, ops);
    if install { fix.command(cx.package_manager().install_command()) } else { fix }
}

/// `init`'s codemod for the provider file, through the recipe's wiring plan.
fn codemod(cx: &Context) -> Fix {
    let Some(facts) = &cx.facts else { return by_hand(cx) };
    let options = ClientOptions {
        auth_button: false,
        users_table: false,
        pin_port: false,
        port: facts.port.port,
        callback_path: cx.callback_path().unwrap_or_else(|| "/callback".into()),
        functions_dir: cx.functions_dir.clone(),
        prettier: cx.prettier().map(|r| r.options.clone()),
    };
    let changes = match cx.recipe().plan_wiring(&cx.files, facts, &options) {
        Ok((changes, _)) if !changes.is_empty() => changes,
        _ => return by_hand(cx),
    };
    // Only the Convex provider changes when AuthKit's is there already.
    let has_authkit = provider(cx).is_some_and(|(_, f)| authkit_element(cx, &f).is_some());
    let (kind, summary): (fn(String, Vec<FixOp>) -> Fix, _) = if has_authkit {
        (Fix::safe, convex_provider_remedy(cx, "use"))
    } else {
        (Fix::unsafe_edits, format!("wrap the app in `{}`, and {}", cx.recipe().client_sdk().authkit_provider, convex_provider_remedy(cx, "use")))
    };
    with_packages(cx, changes, kind, summary)
}

/// For a local `ConvexProviderWithAuthKit` that renders a plain provider: import the package's
/// component (same props) instead of the local one.
fn use_package_component(cx: &Context, file: &SourceFile, facts: &JsFacts, spec: &str) -> Fix {
    let Some(import) = facts.imports.iter().find(|i| i.source == spec) else { return by_hand(cx) };
    let statement = &file.text[import.span.clone()];
    let quoted = ['\'', '"'].iter().find_map(|q| {
        let lit = format!("{q}{spec}{q}");
        statement.rfind(&lit).map(|i| (import.span.start + i, lit.len(), *q))
    });
    let Some((at, len, q)) = quoted else { return by_hand(cx) };
    let after = format!("{}{q}@convex-dev/workos{q}{}", &file.text[..at], &file.text[at + len..]);
    let change = FileChange {
        rel: file.rel.clone(),
        before: Some(file.text.clone()),
        after,
        summary: String::new(),
    };
    with_packages(
        cx,
        vec![change],
        Fix::unsafe_edits,
        format!("import `ConvexProviderWithAuthKit` from `@convex-dev/workos` instead of `{spec}` in `{}` (same props)", file.rel),
    )
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, facts)) = provider(cx) else { return vec![] };
    let mut out = Vec::new();
    if facts.local_name("convex/react", "ConvexProvider").is_some() {
        out = plain_in(file, &facts, &codemod(cx));
    }
    // Convex's template wraps `ConvexProviderWithAuth` in a local `ConvexProviderWithAuthKit`.
    let local = facts.imports.iter().find(|i| {
        i.source.starts_with('.')
            && i.specifiers.iter().flatten().any(|s| s.imported == "ConvexProviderWithAuthKit")
    });
    if let Some(import) = local
        && let Some(target) = resolve(cx, &file.rel, &import.source)
        && let Ok(inner) = JsFacts::parse(&target.rel, &target.text)
        && !inner.jsx.iter().any(|e| e.name == "ConvexProviderWithAuth")
    {
        let fix = use_package_component(cx, file, &facts, &import.source);
        out.extend(plain_in(target, &inner, &fix));
    }
    out
}
