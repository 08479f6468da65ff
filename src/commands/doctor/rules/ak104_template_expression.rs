//! **What:** a `${…}` template in `authKit` other than `${authEnv.WORKOS_CLIENT_ID}`,
//! `${authEnv.WORKOS_API_KEY}`, `${authEnv.WORKOS_ENVIRONMENT_ID}` and `${buildEnv.NAME}`.
//! Wording as the Convex CLI's `resolveTemplate`.
//!
//! **Why:** the CLI stops on it ("Unknown template expression"), so WorkOS is never configured
//! and `.env.local` isn't written (P05, P31).
//!
//! **Example:** `"VITE_WORKOS_CLIENT_ID": "${env.WORKOS_CLIENT_ID}"`.
//!
//! **Fix:** manual: use one of the supported expressions.

use serde_json::Value;

use crate::commands::doctor::locate::json_value;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK104",
    name: "template-expression",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak104_template_expression.rs"),
    check,
};

const AUTH_ENV: &[&str] = &["WORKOS_CLIENT_ID", "WORKOS_API_KEY", "WORKOS_ENVIRONMENT_ID"];

fn valid(expr: &str) -> bool {
    if let Some(n) = expr.strip_prefix("authEnv.") {
        return AUTH_ENV.contains(&n);
    }
    expr.strip_prefix("buildEnv.")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

fn walk(v: &Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    match v {
        Value::String(s) => {
            let mut rest = s.as_str();
            while let Some(i) = rest.find("${") {
                let Some(end) = rest[i..].find('}') else { break };
                let expr = &rest[i + 2..i + end];
                if !valid(expr) {
                    out.push((path.clone(), expr.to_string()));
                }
                rest = &rest[i + end + 1..];
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                path.push(i.to_string());
                walk(x, path, out);
                path.pop();
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                path.push(k.clone());
                walk(x, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let (Some(cj), Some(v)) = (&cx.convex_json, cx.convex_value()) else {
        return vec![];
    };
    let Some(auth_kit) = v.get("authKit") else { return vec![] };
    let mut found = Vec::new();
    walk(auth_kit, &mut vec!["authKit".into()], &mut found);
    found
        .into_iter()
        .map(|(path, expr)| {
            let parts: Vec<&str> = path.iter().map(String::as_str).collect();
            let range = json_value(&cj.text, &parts).unwrap_or(0..1);
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("Unknown template expression: ${{{expr}}}. Use ${{buildEnv.VAR_NAME}} for environment variables or ${{authEnv.WORKOS_CLIENT_ID/WORKOS_API_KEY}} for provisioned values."),
                "the Convex CLI can't resolve it and stops, so WorkOS isn't configured and `.env.local` isn't written",
                Fix::manual("use `${authEnv.WORKOS_CLIENT_ID}`, `${authEnv.WORKOS_API_KEY}`, `${authEnv.WORKOS_ENVIRONMENT_ID}` or `${buildEnv.NAME}`"),
            )
            .at(&cx.convex_json_rel, &cj.text, range)
            .label(format!("`${{{expr}}}` is not a template the Convex CLI knows"))
        })
        .collect()
}
