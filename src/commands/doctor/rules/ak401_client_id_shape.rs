//! **What:** a client ID variable (`VITE_WORKOS_CLIENT_ID`, `WORKOS_CLIENT_ID`, …) in an env file
//! or in `localEnvVars` whose value is not a WorkOS client ID: `client_` followed by a 26-character
//! ULID (digits and capital letters other than I, L, O and U). A pasted API key (`sk_test_…`,
//! shown masked) or environment ID (`environment_…`) is named as such. Templates
//! (`${authEnv.WORKOS_CLIENT_ID}`) are fine.
//!
//! **Why:** placeholders, truncated IDs and pasted API keys or environment IDs make WorkOS reject
//! the authorization request (P14, P18).
//!
//! **Example:** `VITE_WORKOS_CLIENT_ID=YOUR-WORKOS-CLIENT-ID`, or `VITE_WORKOS_CLIENT_ID=sk_test_…`.
//!
//! **Fix:** in a dev env file whose variable `localEnvVars` fills from
//! `${authEnv.WORKOS_CLIENT_ID}`: unsafe (it deletes a value): `--fix --unsafe-fixes` removes
//! the line, and the next `npx convex dev` (which never overwrites a value, so it kept the bad
//! one) writes the client ID of the deployment's WorkOS environment. A literal in
//! `localEnvVars`: unsafe: it becomes `${authEnv.WORKOS_CLIENT_ID}`. Otherwise manual: only the
//! WorkOS dashboard knows the right ID (API keys), so paste it.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::locate::json_value;
use crate::workos::{ClientIdProblem, check_client_id};

use super::common::{Rule, json_text};
use crate::commands::doctor::fix::FixOp;

pub const RULE: Rule = Rule {
    code: "AK401",
    name: "client-id-shape",
    severity: Severity::Error,
    fix: Applicability::Unsafe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak401_client_id_shape.rs"),
    check,
};

/// "`VALUE`, which is not a WorkOS client ID: …", or what the value is instead (an API key
/// masked), and the label under it.
fn described(value: &str, problem: &ClientIdProblem) -> (String, &'static str) {
    let shown = problem.shown(value);
    match problem {
        ClientIdProblem::ApiKey { .. } => (format!("a WorkOS API key (`{shown}`), not the client ID"), "an API key"),
        ClientIdProblem::EnvironmentId => (format!("`{shown}`, a WorkOS environment ID, not the client ID"), "an environment ID"),
        ClientIdProblem::Shape(why) => (format!("`{shown}`, which is not a WorkOS client ID: {why}"), "not `client_` and a 26-character ID"),
    }
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let why = "WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page";
    let paste = "paste the client ID from the WorkOS dashboard (API keys): `client_` and 26 digits and capital letters";
    for (dev, f) in cx.env.iter().map(|f| (true, f)).chain(cx.prod_env.iter().map(|f| (false, f))) {
        for e in &f.entries {
            if !e.key.ends_with("WORKOS_CLIENT_ID") || e.value.is_empty() {
                continue;
            }
            let Err(problem) = check_client_id(&e.value) else {
                continue;
            };
            let (what, label) = described(&e.value, &problem);
            // `npx convex dev` fills it from the deployment's WorkOS environment once it's gone.
            let refilled = dev && cx.local_env_var(&e.key).is_some_and(|v| v.contains("${authEnv.WORKOS_CLIENT_ID}"));
            let fix = if refilled {
                Fix::unsafe_edits(
                    format!("remove `{}` from `{}`, so that `npx convex dev` writes the client ID of the deployment's WorkOS environment (`localEnvVars`; it never overwrites a value)", e.key, f.rel),
                    vec![FixOp::EnvRemove { file: f.rel.clone(), name: e.key.clone() }],
                )
                .command("npx convex dev")
            } else {
                Fix::manual(paste)
            };
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`{}` in `{}` is {what}", e.key, f.rel),
                    why,
                    fix,
                )
                .at(&f.rel, &f.text, f.value_range(e))
                .label(label),
            );
        }
    }
    let text = json_text(cx);
    if let Some(vars) = cx.auth_kit_section("dev").and_then(|d| d.get("localEnvVars")).and_then(|v| v.as_object()) {
        for (k, v) in vars {
            let Some(v) = v.as_str() else { continue };
            if !k.ends_with("WORKOS_CLIENT_ID") || v.contains("${") {
                continue;
            }
            let Err(problem) = check_client_id(v) else {
                continue;
            };
            let (what, label) = described(v, &problem);
            let range = json_value(text, &["authKit", "dev", "localEnvVars", k]).unwrap_or(0..1);
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`localEnvVars.{k}` is {what}"),
                    why,
                    Fix::unsafe_edits(
                        "use `${authEnv.WORKOS_CLIENT_ID}`: `npx convex dev` fills it with the client ID of the deployment's WorkOS environment",
                        vec![FixOp::JsonSetString {
                            path: ["authKit", "dev", "localEnvVars", k].map(String::from).to_vec(),
                            value: "${authEnv.WORKOS_CLIENT_ID}".into(),
                        }],
                    )
                    .command("npx convex dev"),
                )
                .at(&cx.convex_json_rel, text, range)
                .label(label),
            );
        }
    }
    out
}
