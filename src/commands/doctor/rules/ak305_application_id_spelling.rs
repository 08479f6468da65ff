//! **What:** a provider property spelled `applicationId` or `applicationid` instead of
//! `applicationID`.
//!
//! **Why:** Convex rejects the config: "Provider at index N must have applicationID property
//! spelled lowercase 'application', capital I, capital D." (P10).
//!
//! **Example:** `applicationId: clientId`.
//!
//! **Fix:** safe: `--fix` renames the key to `applicationID`.

use crate::commands::doctor::fix::FixOp;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, auth_config};

pub const RULE: Rule = Rule {
    code: "AK305",
    name: "application-id-spelling",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak305_application_id_spelling.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, cfg)) = auth_config(cx) else { return vec![] };
    let mut out = Vec::new();
    for p in cfg.providers.all().into_iter().flatten() {
        for prop in &p.props {
            if prop.key != "applicationId" && prop.key != "applicationid" {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("Provider at index {} must have applicationID property spelled lowercase 'application', capital I, capital D.", p.index),
                    "Convex rejects the auth config with this message, so no provider is installed",
                    Fix::safe(
                        format!("rename `{}` to `applicationID`", prop.key),
                        vec![FixOp::RenameAuthConfigKey { file: file.rel.clone(), from: prop.key.clone(), to: "applicationID".into() }],
                    ),
                )
                .at(&file.rel, &file.text, prop.key_span.clone())
                .label("must be `applicationID`"),
            );
        }
    }
    out
}
