//! **What:** the app renders `<AuthKitProvider>` and calls Convex's React hooks (`useQuery`,
//! `useMutation`, `useAction`, `usePaginatedQuery`, `useConvexAuth`), but no source file of the
//! app (outside `convex/`) renders any Convex provider (`ConvexProvider`, `ConvexProviderWithAuth`,
//! `ConvexProviderWithAuthKit`, under any name). Reported only when the provider tree could be
//! followed completely.
//!
//! **Why:** Convex's hooks need a client from a Convex provider; without one every hook throws,
//! and `ConvexProviderWithAuthKit` is also what hands AuthKit's token to Convex (P08, P18).
//!
//! **Example:** `<AuthKitProvider …><App /></AuthKitProvider>` where `App` calls `useQuery`.
//!
//! **Fix:** manual: wrap the app in `<ConvexProviderWithAuthKit client={convex}
//! useAuth={useAuth}>` inside `AuthKitProvider`.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, authkit_element, provider};
use crate::edit::js::JsFacts;

pub const RULE: Rule = Rule {
    code: "AK505",
    name: "no-convex-provider",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak505_no_convex_provider.rs"),
    check,
};

const HOOKS: &[&str] = &["useQuery(", "useMutation(", "useAction(", "usePaginatedQuery(", "useConvexAuth("];

/// "put `<Convex provider>` (from `module`) inside `AuthKitProvider`", with the adapter hook the
/// framework needs.
fn remedy(cx: &Context) -> String {
    let sdk = cx.recipe().client_sdk();
    let mut out = format!("put `{}` (from `{}`) inside `AuthKitProvider`", sdk.convex_provider, sdk.convex_provider_module);
    if let Some(adapter) = sdk.use_auth_adapter {
        out.push_str(&format!(", with the `{adapter}` adapter hook (`convex-authkit init` writes it)"));
    }
    out
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, facts)) = provider(cx) else { return vec![] };
    let Some(authkit) = authkit_element(cx, &facts) else { return vec![] };
    if cx.provider_tree().uncertain {
        return vec![];
    }
    let sources = cx.sources();
    // A Convex provider in the tree's file, or in a component some other file renders (a child
    // component may hold it): no finding. A local component nobody renders doesn't count.
    let rendered_elsewhere = |f: &crate::frameworks::SourceFile| {
        JsFacts::parse(&f.rel, &f.text).is_ok_and(|ff| {
            ff.top_level_names.iter().filter(|n| n.starts_with(char::is_uppercase)).any(|n| {
                sources.iter().any(|g| g.rel != f.rel && g.text.contains(&format!("<{n}")))
            })
        })
    };
    let renders_convex = sources
        .iter()
        .filter(|f| f.text.contains("<ConvexProvider"))
        .any(|f| f.rel == file.rel || rendered_elsewhere(f))
        || facts.imports.iter().any(|i| {
            (i.source == "convex/react" || i.source == "@convex-dev/workos")
                && i.specifiers.iter().flatten().any(|s| {
                    s.imported.starts_with("ConvexProvider") && facts.elements_named(&s.local).next().is_some()
                })
        });
    if renders_convex {
        return vec![];
    }
    let Some(user) = sources
        .iter()
        .filter(|f| !f.rel.starts_with(&format!("{}/", cx.functions_dir)) && f.text.contains("convex/react"))
        .find(|f| HOOKS.iter().any(|h| f.text.contains(h)))
    else {
        return vec![];
    };
    vec![
        Diagnostic::new(
            RULE.code,
            RULE.severity,
            format!("no Convex provider wraps the app, but `{}` uses Convex's hooks", user.rel),
            "Convex's React hooks need a client from a Convex provider; without one they throw, and no AuthKit token reaches Convex",
            Fix::manual(remedy(cx)),
        )
        .at(&file.rel, &file.text, authkit.opening_name.clone())
        .label("no Convex provider inside"),
    ]
}
