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
//! **Fix:** manual: paste the client ID from the WorkOS dashboard (API keys).

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::locate::json_value;
use crate::workos::{ClientIdProblem, check_client_id};

use super::common::{Rule, json_text};

pub const RULE: Rule = Rule {
    code: "AK401",
    name: "client-id-shape",
    severity: Severity::Error,
    fix: Applicability::Manual,
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
    for f in cx.env.iter().chain(&cx.prod_env) {
        for e in &f.entries {
            if !e.key.ends_with("WORKOS_CLIENT_ID") || e.value.is_empty() {
                continue;
            }
            let Err(problem) = check_client_id(&e.value) else {
                continue;
            };
            let (what, label) = described(&e.value, &problem);
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`{}` in `{}` is {what}", e.key, f.rel),
                    why,
                    Fix::manual(paste),
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
                    Fix::manual("use `${authEnv.WORKOS_CLIENT_ID}`"),
                )
                .at(&cx.convex_json_rel, text, range)
                .label(label),
            );
        }
    }
    out
}
