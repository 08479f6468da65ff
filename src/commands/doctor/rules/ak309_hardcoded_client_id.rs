//! **What:** `convex/auth.config.*` hard-codes a client ID (`client_…`) that differs from the one
//! in the local env files (`VITE_WORKOS_CLIENT_ID`, or `WORKOS_CLIENT_ID`).
//!
//! **Why:** the browser gets tokens for the env's client, while Convex only accepts the
//! hard-coded one: `NoAuthProvider` (P14).
//!
//! **Example:** `const clientId = "client_01JPREV0000000000000000000";` with `VITE_WORKOS_CLIENT_ID=client_01JNEW00000000000000000000`.
//!
//! **Fix:** manual: read `process.env.WORKOS_CLIENT_ID` instead, and set it on each deployment.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, auth_config, client_id_env};

pub const RULE: Rule = Rule {
    code: "AK309",
    name: "hardcoded-client-id",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak309_hardcoded_client_id.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, _)) = auth_config(cx) else { return vec![] };
    let env = cx
        .env_value(&client_id_env(cx))
        .or_else(|| cx.env_value("WORKOS_CLIENT_ID"));
    let Some((env_file, env_entry)) = env else { return vec![] };
    let text = &file.text;
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("client_") {
        let start = at + i;
        let len = text[start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        at = start + len.max(1);
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') || len <= "client_".len() {
            continue;
        }
        let literal = &text[start..start + len];
        if literal == env_entry.value {
            continue;
        }
        out.push(
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("`{}` hard-codes the client ID `{literal}`, but `{}` in `{}` is `{}`", file.rel, env_entry.key, env_file.rel, env_entry.value),
                "the browser gets tokens for the env's client, and Convex accepts only the hard-coded one, so it answers `NoAuthProvider`",
                Fix::manual("read `process.env.WORKOS_CLIENT_ID` and set it on each deployment (`npx convex env set WORKOS_CLIENT_ID …`)"),
            )
            .at(&file.rel, text, start..start + len)
            .label("hard-coded client ID"),
        );
    }
    out
}
