//! **What:** the Convex auth provider (`ConvexProviderWithAuthKit` or `ConvexProviderWithAuth`)
//! wraps `AuthKitProvider` instead of being inside it. Checked only when both are in one file.
//!
//! **Why:** the Convex provider calls AuthKit's `useAuth` during render, which only works inside
//! `AuthKitProvider`: it throws, or never sees a user (P18).
//!
//! **Example:** `<ConvexProviderWithAuthKit …><AuthKitProvider …><App/></AuthKitProvider></ConvexProviderWithAuthKit>`.
//!
//! **Fix:** manual: swap them so `AuthKitProvider` is outside.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, authkit_element, provider};

pub const RULE: Rule = Rule {
    code: "AK502",
    name: "provider-order",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak502_provider_order.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, facts)) = provider(cx) else { return vec![] };
    let Some(authkit) = authkit_element(cx, &facts) else { return vec![] };
    facts
        .jsx
        .iter()
        .filter(|e| e.name == "ConvexProviderWithAuthKit" || e.name == "ConvexProviderWithAuth")
        .filter(|e| e.span.start < authkit.span.start && authkit.span.end <= e.span.end)
        .map(|e| {
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("`<{}>` wraps `<AuthKitProvider>`; it must be inside it", e.name),
                "the Convex provider calls AuthKit's `useAuth` while rendering, which only works inside `AuthKitProvider`",
                Fix::manual(format!("move `<AuthKitProvider>` outside `<{}>`", e.name)),
            )
            .at(&file.rel, &file.text, e.opening_name.clone())
            .label("outside `AuthKitProvider`")
        })
        .collect()
}
