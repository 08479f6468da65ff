//! **What:** the provider for the `…/user_management/<client ID>` issuer sets `applicationID`.
//!
//! **Why:** AuthKit access tokens carry no `aud` claim by default, and Convex only matches a
//! provider with `applicationID` when `aud` contains it, so no provider matches:
//! `NoAuthProvider` (P10). (Healthy only if your WorkOS JWT template adds `aud`.)
//!
//! **Example:** `{ issuer: \`https://api.workos.com/user_management/${clientId}\`, …,
//! applicationID: clientId }`.
//!
//! **Fix:** safe: `--fix` removes `applicationID` from that provider (it stays on the
//! `https://api.workos.com/` one). The issuer already names the client, so nothing is lost, and
//! a token whose JWT template adds `aud` still matches.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::fix::FixOp;

use super::common::{Rule, auth_config};

pub const RULE: Rule = Rule {
    code: "AK303",
    name: "application-id-on-user-management",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak303_application_id_on_user_management.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, cfg)) = auth_config(cx) else { return vec![] };
    cfg.providers
        .all()
        .into_iter()
        .flatten()
        .filter(|p| p.is_user_management())
        .filter_map(|p| p.get("applicationID"))
        .map(|prop| {
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                "the `user_management` issuer provider sets `applicationID`, but AuthKit tokens have no `aud` claim",
                "Convex matches a provider with `applicationID` only when the token's `aud` contains it; AuthKit access tokens have no `aud`, so Convex finds no provider (`NoAuthProvider`)",
                Fix::safe(
                    "remove `applicationID` from this provider (it stays on the `https://api.workos.com/` provider)",
                    vec![FixOp::RemoveUserManagementApplicationId { file: file.rel.clone() }],
                ),
            )
            .at(&file.rel, &file.text, prop.span.clone())
            .label("tokens for this issuer carry no `aud`")
        })
        .collect()
}
