//! **What:** `<ConvexProviderWithAuth useAuth={useAuth}>` where `useAuth` is AuthKit's own hook
//! (imported from `@workos-inc/authkit-react`, or `@workos-inc/authkit-nextjs/components`),
//! passed without an adapter.
//!
//! **Why:** `ConvexProviderWithAuth` expects `{ isLoading, isAuthenticated, fetchAccessToken }`;
//! AuthKit's hook returns `{ isLoading, user, getAccessToken, … }`, so `isAuthenticated` is always
//! undefined and Convex never asks for a token: every query runs signed out (P08).
//!
//! **Example:** `<ConvexProviderWithAuth client={convex} useAuth={useAuth}>` with
//! `import { useAuth } from "@workos-inc/authkit-react"`.
//!
//! **Fix:** manual: use `ConvexProviderWithAuthKit` from `@convex-dev/workos` (it
//! adapts the hook), keeping `useAuth={useAuth}`; Next.js: pass an adapter hook
//! (`useAuthFromAuthKit`, as `init` writes it).

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;
use crate::edit::js::JsFacts;

pub const RULE: Rule = Rule {
    code: "AK506",
    name: "authkit-use-auth-to-convex",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak506_authkit_use_auth_to_convex.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let sdk = cx.recipe().client_sdk();
    let fix = match sdk.use_auth_adapter {
        None => "use `ConvexProviderWithAuthKit` from `@convex-dev/workos` instead of `ConvexProviderWithAuth`; it adapts AuthKit's hook".to_string(),
        Some(adapter) => format!("pass an adapter hook (`{adapter}`, as `convex-authkit init` writes it) that turns AuthKit's `useAuth` and `useAccessToken` into `{{ isLoading, isAuthenticated, fetchAccessToken }}`"),
    };
    let backend = format!("{}/", cx.functions_dir);
    let mut out = Vec::new();
    for file in cx.sources().iter().filter(|f| !f.rel.starts_with(&backend)) {
        if !file.text.contains("ConvexProviderWithAuth") || !file.text.contains(sdk.authkit_module) {
            continue;
        }
        let Ok(facts) = JsFacts::parse(&file.rel, &file.text) else { continue };
        let Some(authkit_hook) = facts.local_name(sdk.authkit_module, "useAuth") else { continue };
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
                    Fix::manual(fix.clone()),
                )
                .at(&file.rel, &file.text, attr.span.clone())
                .label("AuthKit's hook, not Convex's shape"),
            );
        }
    }
    out
}
