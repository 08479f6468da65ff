//! **What:** `convex.json` has comments or trailing commas. It is valid JSONC (editors and
//! `init` accept it), but not JSON.
//!
//! **Why:** `npx convex` (1.49.0, `src/cli/lib/config.ts`) reads `convex.json` with plain
//! `JSON.parse`, so `npx convex dev` and `npx convex deploy` refuse the file and the `authKit`
//! configuration never reaches WorkOS (P01, P06).
//!
//! **Example:** `{ // functions live here` on the first line.
//!
//! **Fix:** manual: remove the comments and trailing commas (removing a comment loses the text,
//! so `--fix` doesn't do it).

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK100",
    name: "convex-json-not-json",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak100_convex_json_not_json.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(cj) = &cx.convex_json else {
        return vec![];
    };
    if cj.strict || cj.value.is_none() {
        return vec![];
    }
    let offset = match serde_json::from_str::<serde_json::Value>(&cj.text) {
        Err(e) => crate::app::byte_of(&cj.text, e.line(), e.column()),
        Ok(_) => 0,
    };
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        "`convex.json` has comments or trailing commas, which `npx convex` can't read",
        "the Convex CLI reads `convex.json` with `JSON.parse`, so `npx convex dev` fails before it configures WorkOS or pushes `auth.config`",
        Fix::manual("remove the comments and trailing commas from `convex.json`"),
    )
    .at(&cx.convex_json_rel, &cj.text, offset..offset + 1)
    .label("`JSON.parse` stops here")]
}
