//! **What:** a `${…}` template in `authKit` other than `${authEnv.WORKOS_CLIENT_ID}`,
//! `${authEnv.WORKOS_API_KEY}`, `${authEnv.WORKOS_ENVIRONMENT_ID}` and `${buildEnv.NAME}`.
//! Wording as the Convex CLI's `resolveTemplate`.
//!
//! **Why:** the CLI stops on it ("Unknown template expression"), so WorkOS is never configured
//! and `.env.local` isn't written (P05, P31).
//!
//! **Example:** `"VITE_WORKOS_CLIENT_ID": "${env.WORKOS_CLIENT_ID}"`.
//!
//! **Fix:** unsafe (a guess at what was meant): `--fix --unsafe-fixes` replaces it with the
//! nearest supported one, as a "did you mean": a name within 3 edits of `WORKOS_CLIENT_ID`,
//! `WORKOS_API_KEY` or `WORKOS_ENVIRONMENT_ID` becomes `${authEnv.<that name>}` (so
//! `${env.WORKOS_CLIENT_ID}` → `${authEnv.WORKOS_CLIENT_ID}`); any other variable name becomes
//! `${buildEnv.<name>}`. Manual when there is no name to go on.

use serde_json::Value;

use crate::commands::doctor::locate::json_value;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;
use crate::commands::doctor::fix::FixOp;

pub const RULE: Rule = Rule {
    code: "AK104",
    name: "template-expression",
    severity: Severity::Error,
    fix: Applicability::Unsafe,
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

/// Edits to turn `a` into `b` (Levenshtein, on chars).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The supported expression nearest to `expr`, if its variable name gives one.
fn suggest(expr: &str) -> Option<String> {
    let name = expr.rsplit('.').next().unwrap_or(expr).trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let upper = name.to_ascii_uppercase();
    let auth = AUTH_ENV
        .iter()
        .map(|n| (distance(&upper, n), *n))
        .min()
        .filter(|(d, _)| *d <= 3);
    Some(match auth {
        Some((_, n)) => format!("authEnv.{n}"),
        None => format!("buildEnv.{name}"),
    })
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
            let fix = match suggest(&expr) {
                Some(s) => Fix::unsafe_edits(
                    format!("did you mean `${{{s}}}`? replace `${{{expr}}}` with it"),
                    vec![FixOp::JsonReplaceInString {
                        path: path.clone(),
                        from: format!("${{{expr}}}"),
                        to: format!("${{{s}}}"),
                    }],
                ),
                None => Fix::manual("use `${authEnv.WORKOS_CLIENT_ID}`, `${authEnv.WORKOS_API_KEY}`, `${authEnv.WORKOS_ENVIRONMENT_ID}` or `${buildEnv.NAME}`"),
            };
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("Unknown template expression: ${{{expr}}}. Use ${{buildEnv.VAR_NAME}} for environment variables or ${{authEnv.WORKOS_CLIENT_ID/WORKOS_API_KEY}} for provisioned values."),
                "the Convex CLI can't resolve it and stops, so WorkOS isn't configured and `.env.local` isn't written",
                fix,
            )
            .at(&cx.convex_json_rel, &cj.text, range)
            .label(format!("`${{{expr}}}` is not a template the Convex CLI knows"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggestions() {
        let s = |e: &str| suggest(e);
        assert_eq!(s("env.WORKOS_CLIENT_ID").as_deref(), Some("authEnv.WORKOS_CLIENT_ID"));
        assert_eq!(s("authEnv.WORKOS_CLIENTID").as_deref(), Some("authEnv.WORKOS_CLIENT_ID"));
        assert_eq!(s("authEnv.workos_api_key").as_deref(), Some("authEnv.WORKOS_API_KEY"));
        assert_eq!(s("process.env.WORKOS_ENV_ID").as_deref(), Some("buildEnv.WORKOS_ENV_ID"));
        assert_eq!(s("buildenv.VERCEL_URL").as_deref(), Some("buildEnv.VERCEL_URL"));
        assert_eq!(s("VERCEL_BRANCH_URL").as_deref(), Some("buildEnv.VERCEL_BRANCH_URL"));
        assert_eq!(s(""), None);
        assert_eq!(s("a + b"), None);
    }
}
