//! **What:** a provider whose issuer names `api.workos.com` but is neither of the two issuers
//! WorkOS puts in its tokens, `https://api.workos.com/` and
//! `https://api.workos.com/user_management/<client ID>`, compared the way Convex compares issuers
//! (exact and case-sensitive, trailing `/` ignored): e.g. `http://`, `user-management`, an extra
//! path segment.
//!
//! **Why:** Convex routes a token to the first provider whose issuer equals the token's `iss`;
//! with a misspelled issuer no provider matches and every request fails with `NoAuthProvider`,
//! while sign-in itself looks fine (P12).
//!
//! **Example:** `issuer: \`http://api.workos.com/user_management/${clientId}\``.
//!
//! **Fix:** manual: write the issuer exactly as WorkOS issues it.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::token::issuers_match;

use super::common::{Rule, auth_config};

pub const RULE: Rule = Rule {
    code: "AK311",
    name: "workos-issuer-form",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak311_workos_issuer_form.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, cfg)) = auth_config(cx) else { return vec![] };
    let mut out = Vec::new();
    for p in cfg.providers.all().into_iter().flatten() {
        let Some(prop) = p.get("issuer") else { continue };
        let Some(issuer) = prop.string() else { continue };
        if !issuer.to_ascii_lowercase().contains("api.workos.com") {
            continue;
        }
        // Each part not known statically reads as a client ID.
        let written = prop.value.fill("CLIENT").unwrap_or_default();
        // Convex compares the configured issuer with the token's `iss` (trailing `/` ignored):
        // the root issuer, or `…/user_management/` and one client segment (literal or `${…}`).
        let client = written
            .trim_end_matches('/')
            .strip_prefix("https://api.workos.com/user_management/")
            .unwrap_or("");
        let user_management = !client.is_empty() && !client.contains('/');
        if user_management || issuers_match(&written, "https://api.workos.com/") {
            continue;
        }
        out.push(
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("provider {} has issuer `{issuer}`, which no WorkOS token carries", p.index),
                "WorkOS tokens carry `iss` `https://api.workos.com/user_management/<client ID>` (or `https://api.workos.com/`); Convex matches the issuer exactly, so no provider accepts the token (`NoAuthProvider`)",
                Fix::manual("write the issuer as `https://api.workos.com/user_management/${clientId}` (or `https://api.workos.com/` with `applicationID`)"),
            )
            .at(&file.rel, &file.text, prop.value_span.clone())
            .label("not a WorkOS issuer"),
        );
    }
    out
}
