//! **What:** a `customJwt` provider whose `algorithm` is missing or not `RS256`/`ES256`.
//!
//! **Why:** Convex only verifies RS256 and ES256 and rejects the config otherwise ("unknown
//! variant …, expected `RS256` or `ES256`"); WorkOS signs with RS256 (P08, P12).
//!
//! **Example:** `algorithm: "HS256"`.
//!
//! **Fix:** manual: use `algorithm: "RS256"` for WorkOS providers.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, auth_config};

pub const RULE: Rule = Rule {
    code: "AK307",
    name: "provider-algorithm",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak307_provider_algorithm.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, cfg)) = auth_config(cx) else { return vec![] };
    let mut out = Vec::new();
    for p in cfg.providers.all().into_iter().flatten() {
        if p.get("type").and_then(|t| t.value.as_str()) != Some("customJwt") {
            continue;
        }
        let (message, range, label) = match p.get("algorithm") {
            None => (
                format!("Provider at index {} has no `algorithm` (missing field `algorithm`)", p.index),
                p.span.clone(),
                "no `algorithm`".to_string(),
            ),
            Some(a) => match a.value.as_str() {
                Some("RS256" | "ES256") | None => continue,
                Some(other) => (
                    format!("Provider at index {}: unknown variant `{other}`, expected `RS256` or `ES256`", p.index),
                    a.value_span.clone(),
                    format!("`{other}` is not supported"),
                ),
            },
        };
        out.push(
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                message,
                "Convex verifies custom JWTs only with RS256 or ES256 and rejects any other value, so no provider is installed; WorkOS signs with RS256",
                Fix::manual("use `algorithm: \"RS256\"`"),
            )
            .at(&file.rel, &file.text, range)
            .label(label),
        );
    }
    out
}
