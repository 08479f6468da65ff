//! **What:** a WorkOS provider whose JWKS URL (`…/sso/jwks/<client>`) names another client than
//! its issuer (`…/user_management/<client>`) or its `applicationID`. Compared as written
//! (`${clientId}` vs `${clientId}`, or literal IDs); skipped when either can't be read.
//!
//! **Why:** Convex fetches the signing keys from the JWKS URL; keys of another client don't verify
//! the token, and the error only says the `kid` matches no key (P11, P12).
//!
//! **Example:** `issuer: \`https://api.workos.com/user_management/${clientId}\``,
//! `jwks: "https://api.workos.com/sso/jwks/client_01OTHER"`.
//!
//! **Fix:** manual: use the same client in both.

use crate::doctor::{Applicability, Context, Diagnostic, Fix, Severity};

use super::{Rule, auth_config};

pub const RULE: Rule = Rule {
    code: "AK308",
    name: "jwks-client-mismatch",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak308_jwks_client_mismatch.rs"),
    check,
};

/// `${clientId}` → `clientId`; `client_01X` → `client_01X`.
fn norm(s: &str) -> &str {
    let s = s.trim_end_matches('/');
    s.strip_prefix("${").and_then(|x| x.strip_suffix('}')).unwrap_or(s).trim()
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, cfg)) = auth_config(cx) else { return vec![] };
    let mut out = Vec::new();
    for p in cfg.workos() {
        let Some(jwks) = p.get("jwks") else { continue };
        let Some(jwks_client) = jwks.string.as_deref().and_then(|j| j.split_once("/sso/jwks/")).map(|(_, c)| norm(c)) else {
            continue;
        };
        let other = if p.is_user_management() {
            p.issuer()
                .and_then(|i| i.split_once("/user_management/"))
                .map(|(_, c)| (norm(c).to_string(), "issuer"))
        } else {
            p.get("applicationID").map(|a| {
                let v = a.string.clone().unwrap_or_else(|| a.value_text.clone());
                (norm(&v).to_string(), "applicationID")
            })
        };
        let Some((client, what)) = other else { continue };
        if client.is_empty() || jwks_client.is_empty() || client == jwks_client {
            continue;
        }
        out.push(
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("the JWKS URL of provider {} names `{jwks_client}`, but its {what} names `{client}`", p.index),
                "Convex verifies the token with the keys at the JWKS URL; another client's keys don't match the token's `kid`, so every token is rejected",
                Fix::manual(format!("use `{client}` in the JWKS URL too")),
            )
            .at(&file.rel, &file.text, jwks.value_span.clone())
            .label(format!("`{jwks_client}` here")),
        );
    }
    out
}
