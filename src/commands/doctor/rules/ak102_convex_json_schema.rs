//! **What:** the `authKit` section breaks the Convex CLI's schema: `environmentType` outside
//! `prod` (or not `development`/`staging`/`production`), `localEnvVars` in `preview` or `prod`,
//! or a value of the wrong type (`redirectUris` not an array of strings, `configure` neither
//! `false` nor an object, …). Messages use the CLI's own wording (`convex@1.49.0`,
//! `src/cli/lib/config.ts`).
//!
//! **Why:** `npx convex dev`/`deploy` exits with "`<path>` in `convex.json`: <message>" before
//! configuring WorkOS or pushing (P31).
//!
//! **Example:** `"prod": { "localEnvVars": { "VITE_WORKOS_CLIENT_ID": "…" } }`.
//!
//! **Fix:** `environmentType` in `dev` or `preview`: safe: `--fix` removes it (the CLI allows
//! it only in `prod`, where it picks the kind of WorkOS environment); when it says `staging` or
//! `production` and `prod` has none, unsafe: `--fix --unsafe-fixes` moves it to `prod`, which
//! changes what a production deploy provisions. `localEnvVars` in `preview` or `prod`: unsafe:
//! removed (those variables belong on the host). Anything else: manual, as the message says.

use crate::commands::doctor::locate::json_prop;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;
use crate::commands::doctor::fix::FixOp;

pub const RULE: Rule = Rule {
    code: "AK102",
    name: "convex-json-schema",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak102_convex_json_schema.rs"),
    check,
};

/// The fix for the schema issue at the dotted `path`.
fn fix_for(cx: &Context, path: &str) -> Fix {
    let manual = || Fix::manual(format!("fix `{path}` as the message says"));
    let parts: Vec<&str> = path.split('.').collect();
    let to_path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    match parts.as_slice() {
        ["authKit", section @ ("dev" | "preview"), "environmentType"] => {
            let value = cx
                .auth_kit_section(section)
                .and_then(|s| s.get("environmentType"))
                .and_then(|v| v.as_str());
            let prod_free = cx
                .auth_kit_section("prod")
                .and_then(|p| p.as_object())
                .is_some_and(|p| !p.contains_key("environmentType"));
            let remove = FixOp::JsonRemove { path: to_path(&parts) };
            match value {
                Some(v @ ("staging" | "production")) if prod_free => Fix::unsafe_edits(
                    format!("move `\"environmentType\": \"{v}\"` to `authKit.prod` (the only section where the Convex CLI reads it)"),
                    vec![
                        FixOp::JsonSetIfAbsent { path: to_path(&["authKit", "prod"]), key: "environmentType".into(), value: v.into() },
                        remove,
                    ],
                ),
                _ => Fix::safe(
                    format!("remove `environmentType` from `authKit.{section}` (the Convex CLI reads it only in `prod`)"),
                    vec![remove],
                ),
            }
        }
        ["authKit", section @ ("preview" | "prod"), "localEnvVars"] => {
            let names: Vec<String> = cx
                .auth_kit_section(section)
                .and_then(|s| s.get("localEnvVars"))
                .and_then(|v| v.as_object())
                .map(|o| o.keys().map(|k| format!("`{k}`")).collect())
                .unwrap_or_default();
            let mut summary = format!("remove `localEnvVars` from `authKit.{section}`");
            if !names.is_empty() {
                summary.push_str(&format!(", and set {} on the host instead", names.join(", ")));
            }
            Fix::unsafe_edits(summary, vec![FixOp::JsonRemove { path: to_path(&parts) }])
        }
        _ => manual(),
    }
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let (Some(cj), Some(v)) = (&cx.convex_json, cx.convex_value()) else {
        return vec![];
    };
    crate::edit::convex_json::validate(v)
        .into_iter()
        .filter(|i| i.is_error)
        .map(|i| {
            let parts: Vec<&str> = i.path.split('.').collect();
            let range = json_prop(&cj.text, &parts).unwrap_or(0..1);
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("`{}` in `convex.json`: {}", i.path, i.message),
                "the Convex CLI validates `convex.json` before every push and stops with this message, so WorkOS is never configured and `auth.config` is never pushed",
                fix_for(cx, &i.path),
            )
            .at(&cx.convex_json_rel, &cj.text, range)
            .label("the Convex CLI rejects this")
        })
        .collect()
}
