//! **What:** a WorkOS provider whose JWKS URL (`…/sso/jwks/<client>`) names another client than
//! its issuer (`…/user_management/<client>`) or its `applicationID`. Each side is evaluated
//! through the file's top-level `const`s to a literal ID or a `process.env.X` read (so
//! `${clientId}` with `const clientId = process.env.WORKOS_CLIENT_ID` equals
//! `process.env.WORKOS_CLIENT_ID`); skipped when either isn't known statically.
//!
//! **Why:** Convex fetches the signing keys from the JWKS URL; keys of another client don't verify
//! the token, and the error only says the `kid` matches no key (P11, P12).
//!
//! **Example:** `issuer: \`https://api.workos.com/user_management/${clientId}\``,
//! `jwks: "https://api.workos.com/sso/jwks/client_01J0THER000000000000000000"`.
//!
//! **Fix:** manual: use the same client in both.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::edit::auth_config::JsVal;

use super::common::{Rule, auth_config};

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

/// The client `v` names after `marker` (all of `v` without one): as written (`clientId` for
/// `${clientId}`), and what it denotes (`None` when not known statically).
fn client(v: &JsVal, marker: Option<&str>) -> Option<(String, Option<String>)> {
    let tail = match marker {
        Some(m) => v.after(m)?,
        None => v.clone(),
    };
    let template = tail.template()?;
    let written = template.trim_end_matches('/');
    let written = written.strip_prefix("${").and_then(|x| x.strip_suffix('}')).unwrap_or(written);
    let denotes = tail.denotation().map(|d| d.trim_end_matches('/').to_string());
    Some((written.trim().to_string(), denotes))
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, cfg)) = auth_config(cx) else { return vec![] };
    let mut out = Vec::new();
    for p in cfg.providers.workos() {
        let Some(jwks) = p.get("jwks") else { continue };
        let Some((jwks_client, jwks_denotes)) = client(&jwks.value, Some("/sso/jwks/")) else {
            continue;
        };
        let other = if p.is_user_management() {
            p.get("issuer").and_then(|i| client(&i.value, Some("/user_management/"))).map(|c| (c, "issuer"))
        } else {
            p.get("applicationID").and_then(|a| client(&a.value, None)).map(|c| (c, "applicationID"))
        };
        let Some(((client, denotes), what)) = other else { continue };
        if client.is_empty() || jwks_client.is_empty() || client == jwks_client {
            continue;
        }
        // Different spellings of the same value (an alias and the env read it aliases) are fine.
        match (jwks_denotes, denotes) {
            (Some(a), Some(b)) if a != b => {}
            _ => continue,
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
