//! **What (`--prod`):** the production client ID (`VITE_WORKOS_CLIENT_ID` in
//! `.env.production*`) is the same as the development one (in `.env.local`, …). Checked only when
//! both are known.
//!
//! **Why:** production must use its own WorkOS environment (its own client ID and `sk_live_` key);
//! with the dev client, production users sign in to the test environment, and the prod Convex
//! deployment's `WORKOS_CLIENT_ID` won't match (P14, P32).
//!
//! **Example:** `.env.production` and `.env.local` both say `client_01JDEV00000000000000000000`.
//!
//! **Fix:** manual: create a production environment in WorkOS and use its client ID.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, client_id_env};

pub const RULE: Rule = Rule {
    code: "AK801",
    name: "prod-client-id",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: true,
    needs_authkit: true,
    source: include_str!("ak801_prod_client_id.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let name = client_id_env(cx);
    let Some((_, dev)) = cx.env_value(&name) else { return vec![] };
    let prod = cx.prod_env.iter().rev().find_map(|f| f.get(&name).map(|e| (f, e)));
    let Some((file, e)) = prod else { return vec![] };
    if e.value != dev.value || e.value.is_empty() {
        return vec![];
    }
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!("the production client ID in `{}` is the development one (`{}`)", file.rel, e.value),
        "production needs its own WorkOS environment; with the dev client, users sign in to the test environment and the prod deployment's `WORKOS_CLIENT_ID` won't match",
        Fix::manual("create a production environment in the WorkOS dashboard and use its client ID here and on the Convex prod deployment"),
    )
    .at(&file.rel, &file.text, file.value_range(e))
    .label("same as development")]
}
