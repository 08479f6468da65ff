//! **What:** the local env files hold two different client IDs: across `.env`, `.env.local`,
//! `.env.development*`, or between `VITE_WORKOS_CLIENT_ID` and `WORKOS_CLIENT_ID`, or a name
//! repeated in one file.
//!
//! **Why:** the browser uses one client and the Convex deployment another (the Convex CLI takes
//! `WORKOS_CLIENT_ID` from `.env.local` for the dev deployment), so tokens are issued for a client
//! Convex doesn't accept: `NoAuthProvider` (P14, P31).
//!
//! **Example:** `.env.local` has `VITE_WORKOS_CLIENT_ID=client_01JA0000000000000000000000` and
//! `WORKOS_CLIENT_ID=client_01JB0000000000000000000000`. A value only shadowed by a higher-priority file (`.env` under
//! `.env.local`) is a warning: the app works, but the stale copy resurfaces.
//!
//! **Fix:** manual: keep one client ID per environment.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, server_flow};

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
    let names = [cx.names().client_id, "WORKOS_CLIENT_ID"];
    // Next.js reads `WORKOS_CLIENT_ID` itself: one name, checked once.
    let distinct: &[&str] = if names[0] == names[1] { &names[..1] } else { &names };
    let (app, tokens) = if server_flow(cx) {
        ("the app's server", "the app's tokens")
    } else {
        ("the browser", "the browser's tokens")
    };
    // The values in effect: Vite's for the browser; the Convex CLI's (`.env.local` before `.env`)
    // for the dev deployment.
    let browser = cx.env_value(names[0]);
    let cli = [".env.local", ".env"].iter().find_map(|rel| {
        let f = cx.env.iter().find(|f| f.rel == *rel)?;
        f.get(names[1]).map(|e| (f, e))
    });
    let mut out = Vec::new();
    if let (Some((bf, be)), Some((cf, ce))) = (browser, cli)
        && be.value != ce.value
        && be.value.starts_with("client_")
        && ce.value.starts_with("client_")
    {
        out.push(
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("{app} uses `{}` (`{}` in `{}`), but `npx convex dev` gives the deployment `{}` (`{}` in `{}`)", be.value, be.key, bf.rel, ce.value, ce.key, cf.rel),
                format!("{app} and the Convex deployment end up with different clients, so Convex rejects {tokens} (`NoAuthProvider`)"),
                Fix::manual("keep one client ID for the development environment in the local env files"),
            )
            .at(&cf.rel, &cf.text, cf.value_range(ce))
            .label(format!("differs from `{}`", be.value)),
        );
    }
    // Shadowed values: a lower-priority file (or an earlier line) says otherwise.
    for &name in distinct {
        let Some((ef, ee)) = cx.env_value(name) else { continue };
        for f in &cx.env {
            for e in f.entries.iter().filter(|e| e.key == name) {
                if e.value == ee.value || !e.value.starts_with("client_") || (f.rel == ef.rel && e.line == ee.line) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        Severity::Warning,
                        format!("`{name}` is `{}` in `{}`, but `{}` overrides it with `{}`", e.value, f.rel, ef.rel, ee.value),
                        "two client IDs for one environment is how stale values survive: `npx convex dev` never overwrites an existing value, and the next copy of the env files picks the wrong one",
                        Fix::manual(format!("remove the stale `{name}` from `{}`", f.rel)),
                    )
                    .at(&f.rel, &f.text, f.value_range(e))
                    .label("shadowed, stale value"),
                );
            }
        }
    }
    out
}
