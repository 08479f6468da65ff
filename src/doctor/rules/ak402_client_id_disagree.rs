//! **What:** the local env files hold two different client IDs: across `.env`, `.env.local`,
//! `.env.development*`, or between `VITE_WORKOS_CLIENT_ID` and `WORKOS_CLIENT_ID`, or a name
//! repeated in one file.
//!
//! **Why:** the browser uses one client and the Convex deployment another (the Convex CLI takes
//! `WORKOS_CLIENT_ID` from `.env.local` for the dev deployment), so tokens are issued for a client
//! Convex doesn't accept: `NoAuthProvider` (P14, P31).
//!
//! **Example:** `.env.local` has `VITE_WORKOS_CLIENT_ID=client_01A` and
//! `WORKOS_CLIENT_ID=client_01B`.
//!
//! **Fix:** manual: keep one client ID per environment.

use crate::doctor::{Applicability, Context, Diagnostic, Fix, Severity};

use super::Rule;

pub const RULE: Rule = Rule {
    code: "AK402",
    name: "client-id-disagree",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak402_client_id_disagree.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut first: Option<(&str, &str, &str)> = None;
    let mut out = Vec::new();
    for f in &cx.env {
        for e in &f.entries {
            if !(e.key == "WORKOS_CLIENT_ID" || e.key == cx.names().client_id) || !e.value.starts_with("client_") {
                continue;
            }
            match first {
                None => first = Some((f.rel, &e.key, &e.value)),
                Some((rel, key, value)) if value != e.value => out.push(
                    Diagnostic::new(
                        RULE.code,
                        RULE.severity,
                        format!("`{}` in `{}` is `{}`, but `{key}` in `{rel}` is `{value}`", e.key, f.rel, e.value),
                        "the browser and the Convex deployment end up with different clients, so Convex rejects the browser's tokens (`NoAuthProvider`)",
                        Fix::manual("keep one client ID for the development environment in the local env files"),
                    )
                    .at(f.rel, &f.text, f.value_range(e))
                    .label(format!("differs from `{value}`")),
                ),
                Some(_) => {}
            }
        }
    }
    out
}
