//! **What:** `<ConvexProviderWithAuth useAuth={useAuth}>` where `useAuth` is AuthKit's own hook
//! (imported from `@workos-inc/authkit-react`), passed without an adapter.
//!
//! **Why:** `ConvexProviderWithAuth` expects `{ isLoading, isAuthenticated, fetchAccessToken }`;
//! AuthKit's hook returns `{ isLoading, user, getAccessToken, … }`, so `isAuthenticated` is always
//! undefined and Convex never asks for a token: every query runs signed out (P08).
//!
//! **Example:** `<ConvexProviderWithAuth client={convex} useAuth={useAuth}>` with
//! `import { useAuth } from "@workos-inc/authkit-react"`.
//!
//! **Fix:** needs confirmation: use `ConvexProviderWithAuthKit` from `@convex-dev/workos` (it
//! adapts the hook), keeping `useAuth={useAuth}`.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{AUTHKIT_REACT, Rule};
use crate::edit::js::JsFacts;

pub const RULE: Rule = Rule {
    code: "AK506",
    name: "authkit-use-auth-to-convex",
    severity: Severity::Error,
    fix: Applicability::NeedsConfirmation,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak506_authkit_use_auth_to_convex.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for file in cx.sources().iter().filter(|f| f.rel.starts_with("src/")) {
        if !file.text.contains("ConvexProviderWithAuth") || !file.text.contains(AUTHKIT_REACT) {
            continue;
        }
        let Ok(facts) = JsFacts::parse(&file.rel, &file.text) else { continue };
        let Some(authkit_hook) = facts.local_name(AUTHKIT_REACT, "useAuth") else { continue };
        let Some(provider) = facts.local_name("convex/react", "ConvexProviderWithAuth") else { continue };
        for el in facts.elements_named(&provider) {
            let Some(attr) = el
                .attrs
                .iter()
                .find(|a| a.name.as_deref() == Some("useAuth") && a.value.as_deref() == Some(authkit_hook.as_str()))
            else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`<{provider}>` gets AuthKit's `useAuth` directly in `{}`", file.rel),
                    "Convex expects `{ isLoading, isAuthenticated, fetchAccessToken }`; AuthKit's hook returns `{ user, getAccessToken, … }`, so Convex never asks for a token and every request is anonymous",
                    Fix::confirm("use `ConvexProviderWithAuthKit` from `@convex-dev/workos` instead of `ConvexProviderWithAuth`; it adapts AuthKit's hook"),
                )
                .at(&file.rel, &file.text, attr.span.clone())
                .label("AuthKit's hook, not Convex's shape"),
            );
        }
    }
    out
}
