//! **What:** a client ID variable (`VITE_WORKOS_CLIENT_ID`, `WORKOS_CLIENT_ID`, …) in an env file
//! or in `localEnvVars` whose value is not shaped like a WorkOS client ID (`client_` followed by
//! letters and digits). Templates (`${authEnv.WORKOS_CLIENT_ID}`) are fine.
//!
//! **Why:** placeholders and pasted API keys or environment IDs make WorkOS reject the
//! authorization request (P14, P18).
//!
//! **Example:** `VITE_WORKOS_CLIENT_ID=YOUR-WORKOS-CLIENT-ID`.
//!
//! **Fix:** manual: paste the client ID from the WorkOS dashboard (API keys).

use crate::commands::doctor::locate::json_value;
use crate::ui::mask::masked;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::workos::validate_client_id;

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

fn shown(value: &str) -> String {
    if crate::workos::is_secret_env("", value) { masked(value) } else { value.to_string() }
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let why = "WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page";
    for f in cx.env.iter().chain(&cx.prod_env) {
        for e in &f.entries {
            if !e.key.ends_with("WORKOS_CLIENT_ID") || e.value.is_empty() {
                continue;
            }
            if validate_client_id(&e.value).is_ok() {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`{}` in `{}` is `{}`, which is not a WorkOS client ID (`client_01…`)", e.key, f.rel, shown(&e.value)),
                    why,
                    Fix::manual("paste the client ID from the WorkOS dashboard (API keys)"),
                )
                .at(f.rel, &f.text, f.value_range(e))
                .label("not `client_…`"),
            );
        }
    }
    let text = json_text(cx);
    if let Some(vars) = cx.auth_kit_section("dev").and_then(|d| d.get("localEnvVars")).and_then(|v| v.as_object()) {
        for (k, v) in vars {
            let Some(v) = v.as_str() else { continue };
            if !k.ends_with("WORKOS_CLIENT_ID") || v.contains("${") || validate_client_id(v).is_ok() {
                continue;
            }
            let range = json_value(text, &["authKit", "dev", "localEnvVars", k]).unwrap_or(0..1);
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`localEnvVars.{k}` is `{}`, which is not a WorkOS client ID", shown(v)),
                    why,
                    Fix::manual("use `${authEnv.WORKOS_CLIENT_ID}`"),
                )
                .at(crate::edit::convex_json::FILE, text, range)
                .label("not `client_…`"),
            );
        }
    }
    out
}
