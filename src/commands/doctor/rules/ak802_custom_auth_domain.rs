//! **What (`--prod`):** `AuthKitProvider` sets neither `apiHostname` (a custom authentication
//! domain) nor `devMode` (an explicit choice to keep the refresh token in `localStorage`).
//!
//! **Why:** in production the SPA's refresh token is a cookie on `api.workos.com`, which browsers
//! block as third-party: sessions end after the first access token ("Missing refresh token")
//! (P24).
//!
//! Not checked for server flows (Next.js): the session lives in a cookie on the app's own domain.
//!
//! **Example:** `<AuthKitProvider clientId={…} redirectUri={…}>`.
//!
//! **Fix:** manual: set up a custom authentication domain in WorkOS and pass
//! `apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}` (what `init` writes), or decide on
//! `devMode`.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, authkit_element, provider, server_flow};

pub const RULE: Rule = Rule {
    code: "AK802",
    name: "custom-auth-domain",
    severity: Severity::Warning,
    fix: Applicability::Manual,
    prod_only: true,
    needs_authkit: true,
    source: include_str!("ak802_custom_auth_domain.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    // Server flows keep the session in a cookie on the app's own domain.
    if server_flow(cx) {
        return vec![];
    }
    let Some((file, facts)) = provider(cx) else { return vec![] };
    let Some(el) = authkit_element(cx, &facts) else { return vec![] };
    let has = |n: &str| el.attrs.iter().any(|a| a.name.as_deref() == Some(n) || a.name.is_none());
    if has("apiHostname") || has("devMode") {
        return vec![];
    }
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        "`AuthKitProvider` has no `apiHostname` (custom auth domain) and no `devMode` decision",
        "in production the refresh token is a cookie on `api.workos.com`, which browsers block as third-party, so sessions end after the first access token",
        Fix::manual("set up a custom authentication domain in WorkOS and pass `apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}`, or set `devMode` knowingly"),
    )
    .at(&file.rel, &file.text, el.opening_name.clone())
    .label("no `apiHostname`")]
}
