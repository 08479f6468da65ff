//! **What:** a WorkOS provider whose JWKS URL (`…/sso/jwks/<client>`) names another client than
//! its issuer (`…/user_management/<client>`) or its `applicationID`. Each side is resolved
//! through the file's top-level `const` aliases to a literal ID or a `process.env.X` read (so
//! `${clientId}` with `const clientId = process.env.WORKOS_CLIENT_ID` equals
//! `process.env.WORKOS_CLIENT_ID`); skipped when either can't be resolved.
//!
//! **Why:** Convex fetches the signing keys from the JWKS URL; keys of another client don't verify
//! the token, and the error only says the `kid` matches no key (P11, P12).
//!
//! **Example:** `issuer: \`https://api.workos.com/user_management/${clientId}\``,
//! `jwks: "https://api.workos.com/sso/jwks/client_01OTHER"`.
//!
//! **Fix:** manual: use the same client in both.

use crate::commands::doctor::{Applicability, Context, Diagnostic, Fix, Severity};

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

/// What an expression denotes: a literal client ID, or `env:NAME` for `process.env.NAME`,
/// following `const` aliases (a few levels). `None` when it can't be told statically.
fn resolve(src: &str, expr: &str, depth: u8) -> Option<String> {
    let e = norm(expr).trim_end_matches(';').trim();
    let e = e.split(" as ").next().unwrap_or(e).trim();
    if let Some(name) = e.strip_prefix("process.env.") {
        return Some(format!("env:{name}"));
    }
    if let Some(lit) = e
        .strip_prefix(['"', '\'', '`'])
        .and_then(|x| x.strip_suffix(['"', '\'', '`']))
    {
        return (!lit.contains("${")).then(|| lit.to_string());
    }
    if e.starts_with("client_") {
        return Some(e.to_string());
    }
    let is_ident = !e.is_empty() && e.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if !is_ident || depth == 0 {
        return None;
    }
    src.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("const ")?;
        let (name, rhs) = rest.split_once('=')?;
        let name = name.split(':').next().unwrap_or(name).trim();
        (name == e).then(|| resolve(src, rhs, depth - 1)).flatten()
    })
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
        // Different spellings of the same value (an alias and the env read it aliases) are fine.
        match (resolve(&file.text, jwks_client, 3), resolve(&file.text, &client, 3)) {
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
