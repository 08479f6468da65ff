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
//! **Fix:** manual: edit the key as the message says.

use crate::commands::doctor::locate::json_prop;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK102",
    name: "convex-json-schema",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak102_convex_json_schema.rs"),
    check,
};

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
                Fix::manual(format!("fix `{}` as the message says", i.path)),
            )
            .at(&cx.convex_json_rel, &cj.text, range)
            .label("the Convex CLI rejects this")
        })
        .collect()
}
