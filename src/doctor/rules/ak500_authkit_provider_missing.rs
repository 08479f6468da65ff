//! **What:** the provider tree (the entry module, or the wrapper component it renders) has no
//! `<AuthKitProvider>`. (A plain `ConvexProvider` is reported by AK501 instead.)
//!
//! **Why:** without it AuthKit's `useAuth` has no client: no sign-in, and no token for Convex
//! (P08, P18).
//!
//! **Example:** `<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>` with no
//! `AuthKitProvider` around it.
//!
//! **Fix:** needs confirmation: wrap the tree in `AuthKitProvider` (`convex-authkit init` prints
//! the snippet when it can't edit the file).

use crate::doctor::{Applicability, Context, Diagnostic, Fix, Severity};

use super::{Rule, provider};

pub const RULE: Rule = Rule {
    code: "AK500",
    name: "authkit-provider-missing",
    severity: Severity::Error,
    fix: Applicability::NeedsConfirmation,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak500_authkit_provider_missing.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, facts)) = provider(cx) else { return vec![] };
    if facts.jsx.iter().any(|e| e.name == "AuthKitProvider" || e.name.ends_with(".AuthKitProvider")) {
        return vec![];
    }
    let plain = facts.local_name("convex/react", "ConvexProvider");
    if plain.is_some_and(|n| facts.elements_named(&n).next().is_some()) {
        return vec![];
    }
    let at = facts
        .jsx
        .iter()
        .find(|e| e.name.starts_with("ConvexProvider"))
        .map_or(0..1, |e| e.opening_name.clone());
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!("no `<AuthKitProvider>` in `{}`", file.rel),
        "without `AuthKitProvider`, AuthKit's `useAuth` has no client: sign-in can't start and Convex never gets a token",
        Fix::confirm("wrap the app in `<AuthKitProvider clientId={…} redirectUri={…}>`, outside the Convex provider")
            .command("convex-authkit init"),
    )
    .at(&file.rel, &file.text, at)
    .label("not inside an `AuthKitProvider`")]
}
