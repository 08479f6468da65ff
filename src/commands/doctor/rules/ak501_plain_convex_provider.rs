//! **What:** the provider tree renders a plain `ConvexProvider` (from `convex/react`), or a local
//! `ConvexProviderWithAuthKit` component (as in Convex's template) that renders one instead of
//! `ConvexProviderWithAuth`.
//!
//! **Why:** a plain `ConvexProvider` never asks AuthKit for a token, so Convex sees every request
//! as anonymous: `ctx.auth.getUserIdentity()` is `null` even when signed in (P08, P18).
//!
//! **Example:** `<ConvexProvider client={convex}>` inside `<AuthKitProvider>`.
//!
//! **Fix:** needs confirmation: use `ConvexProviderWithAuthKit` (from `@convex-dev/workos`) with
//! `useAuth={useAuth}`; Next.js: `ConvexProviderWithAuth` (from `convex/react`) with the
//! `useAuthFromAuthKit` adapter hook. `convex-authkit init` rewrites it.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, convex_provider_remedy, provider};
use crate::edit::js::JsFacts;
use crate::frameworks::SourceFile;

pub const RULE: Rule = Rule {
    code: "AK501",
    name: "plain-convex-provider",
    severity: Severity::Error,
    fix: Applicability::NeedsConfirmation,
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

fn plain_in(cx: &Context, file: &SourceFile, facts: &JsFacts) -> Vec<Diagnostic> {
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
                Fix::confirm(convex_provider_remedy(cx, "use"))
                    .command("convex-authkit init"),
            )
            .at(&file.rel, &file.text, el.opening_name.clone())
            .label("plain `ConvexProvider`")
        })
        .collect()
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, facts)) = provider(cx) else { return vec![] };
    let mut out = plain_in(cx, file, &facts);
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
        out.extend(plain_in(cx, target, &inner));
    }
    out
}
