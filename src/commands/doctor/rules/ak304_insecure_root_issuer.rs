//! **What:** a provider with issuer `https://api.workos.com/` (or without the slash) and no
//! `applicationID`.
//!
//! **Why:** that issuer is shared by every WorkOS customer, so Convex refuses the push with
//! `InsecureConfiguration` (P10, P12). `applicationID: undefined` counts as missing (it is
//! dropped by `JSON.stringify`).
//!
//! **Example:** `{ type: "customJwt", issuer: "https://api.workos.com/", jwks: …, algorithm: "RS256" }`.
//!
//! **Fix:** safe when the provider's JWKS URL ends with the client ID: `--fix` adds
//! `applicationID` with that client ID, written as the URL writes it (`clientId`,
//! `process.env.WORKOS_CLIENT_ID`, or the literal). Otherwise manual.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::fix::FixOp;
use crate::edit::auth_config::JsVal;

use super::common::{Rule, auth_config};

pub const RULE: Rule = Rule {
    code: "AK304",
    name: "insecure-root-issuer",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak304_insecure_root_issuer.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, cfg)) = auth_config(cx) else { return vec![] };
    cfg.providers
        .all()
        .into_iter()
        .flatten()
        .filter(|p| p.is_root_issuer())
        // `JSON.stringify` drops a property whose value is `undefined`.
        .filter(|p| {
            ["applicationID", "applicationId", "applicationid"]
                .iter()
                .all(|k| p.get(k).is_none_or(|a| a.value == JsVal::Undefined))
        })
        .map(|p| {
            let issuer = p.get("issuer").map_or(p.span.clone(), |i| i.span.clone());
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("This auth configuration appears potentially insecure: Provider at index {} has an issuer that is shared among many applications, so must to specify an ApplicationID to check against an `aud` field of a JWT.", p.index),
                "Convex refuses to push this config (`InsecureConfiguration`), so no provider is installed",
                Fix::safe(
                    "add `applicationID` to this provider: the client ID its JWKS URL names",
                    vec![FixOp::AddRootApplicationId { file: file.rel.clone() }],
                ),
            )
            .at(&file.rel, &file.text, issuer)
            .label("shared issuer without `applicationID`")
        })
        .collect()
}
