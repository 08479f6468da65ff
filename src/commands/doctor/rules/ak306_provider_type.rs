//! **What:** a provider whose `type` is neither `customJwt` nor `oidc`.
//!
//! **Why:** Convex rejects the config: "Provider at index N has unexpected 'type' value '…'"
//! (P08).
//!
//! **Example:** `type: "customJWT"`.
//!
//! **Fix:** manual: WorkOS providers use `type: "customJwt"`.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, auth_config};

pub const RULE: Rule = Rule {
    code: "AK306",
    name: "provider-type",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak306_provider_type.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, cfg)) = auth_config(cx) else { return vec![] };
    cfg.providers
        .all()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let prop = p.get("type")?;
            let t = prop.value.as_str()?;
            if t == "customJwt" || t == "oidc" {
                return None;
            }
            Some(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("Provider at index {} has unexpected 'type' value '{t}'", p.index),
                    "Convex rejects the auth config, so no provider is installed",
                    Fix::manual("use `type: \"customJwt\"` for WorkOS providers"),
                )
                .at(&file.rel, &file.text, prop.value_span.clone())
                .label("expected `customJwt` or `oidc`"),
            )
        })
        .collect()
}
