//! **What:** lists every env var `convex/auth.config.*` reads (`process.env.X`). Each one must be
//! set on every Convex deployment that uses the config: dev and prod separately.
//!
//! **Why:** Convex evaluates the config at push time with the deployment's env vars; one that is
//! unset fails the push ("Environment variable X is used in auth config file but its value was
//! not set"), even with a JS fallback, and a value in `.env.local` doesn't count (P09, P13).
//!
//! **Example:** `const clientId = process.env.WORKOS_CLIENT_ID;` → set `WORKOS_CLIENT_ID` on dev
//! (the managed team's `npx convex dev` does it) and on prod.
//!
//! **Fix:** manual (info): `npx convex env set X …` per deployment.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, auth_config};

pub const RULE: Rule = Rule {
    code: "AK310",
    name: "auth-config-env",
    severity: Severity::Info,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak310_auth_config_env.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, cfg)) = auth_config(cx) else { return vec![] };
    let mut names: Vec<&str> = Vec::new();
    for r in &cfg.env_refs {
        if !names.contains(&r.name.as_str()) {
            names.push(&r.name);
        }
    }
    let Some(first) = cfg.env_refs.first().map(|r| r.span.clone()) else { return vec![] };
    let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let mut fix = Fix::manual(format!("set {list} on each Convex deployment (dev and prod)"));
    for n in &names {
        let value = if *n == "WORKOS_CLIENT_ID" { "client_…" } else { "…" };
        fix = fix
            .command(format!("npx convex env set {n} {value}"))
            .command(format!("npx convex env set --prod {n} {value}"));
    }
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!("`{}` reads {list}: each Convex deployment needs {}", file.rel, if names.len() == 1 { "it" } else { "them" }),
        "Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count",
        fix,
    )
    .at(&file.rel, &file.text, first)
    .label("read on the Convex deployment, not from `.env.local`")]
}
