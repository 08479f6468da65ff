//! **What:** the provider tree (the entry module, or the wrapper component it renders) has no
//! `<AuthKitProvider>` (under any local name it is imported as, from the framework's AuthKit
//! client module: `@workos-inc/authkit-react`, or `@workos-inc/authkit-nextjs/components`, where
//! the root layout may render it instead). (A plain `ConvexProvider` is
//! reported by AK501 instead.) Doctor follows the rendered components through relative imports
//! (TS ESM `.js` suffixes included), one level of barrel re-exports and Vite's `@` → `src`
//! alias; when a rendered component comes from a module it can't read (a workspace package, an
//! unknown alias), nothing is reported.
//!
//! **Why:** without it AuthKit's `useAuth` has no client: no sign-in, and no token for Convex
//! (P08, P18).
//!
//! **Example:** `<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>` with no
//! `AuthKitProvider` around it.
//!
//! **Fix:** manual: wrap the tree in `AuthKitProvider` (`convex-authkit init` does, or prints
//! the snippet when it can't edit the file).

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, authkit_element, provider};
use crate::edit::js::JsFacts;

pub const RULE: Rule = Rule {
    code: "AK500",
    name: "authkit-provider-missing",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak500_authkit_provider_missing.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, facts)) = provider(cx) else { return vec![] };
    // Under any local name (`import { AuthKitProvider as WorkOSProvider }`), or through a
    // namespace import (`<AuthKit.AuthKitProvider>`).
    let sdk = cx.recipe().client_sdk();
    let local = facts.local_name(sdk.authkit_module, "AuthKitProvider");
    if facts.jsx.iter().any(|e| {
        e.name == "AuthKitProvider"
            || e.name.ends_with(".AuthKitProvider")
            || local.as_deref() == Some(e.name.as_str())
    }) {
        return vec![];
    }
    let plain = facts.local_name("convex/react", "ConvexProvider");
    if plain.is_some_and(|n| facts.elements_named(&n).next().is_some()) {
        return vec![];
    }
    // Next.js: AuthKit's README renders `<AuthKitProvider>` in the root layout, around the
    // provider component.
    if let Some(layout) = cx.app_router().map(|r| &r.layout)
        && layout.rel != file.rel
        && JsFacts::parse(&layout.rel, &layout.text).is_ok_and(|f| authkit_element(cx, &f).is_some())
    {
        return vec![];
    }
    // A rendered component doctor can't read may hold the provider: no certainty, no finding.
    if cx.provider_tree().uncertain {
        return vec![];
    }
    let at = facts
        .jsx
        .iter()
        .find(|e| e.name.starts_with("ConvexProvider"))
        .or_else(|| facts.jsx.first())
        .map(|e| e.opening_name.clone());
    let d = Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!("no `<AuthKitProvider>` in `{}`", file.rel),
        "without `AuthKitProvider`, AuthKit's `useAuth` has no client: sign-in can't start and Convex never gets a token",
        Fix::manual(format!("wrap the app in `{}`, outside the Convex provider", sdk.authkit_provider))
            .command("convex-authkit init"),
    );
    vec![match at {
        Some(at) => d.at(&file.rel, &file.text, at).label("not inside an `AuthKitProvider`"),
        None => d.in_file(&file.rel),
    }]
}
