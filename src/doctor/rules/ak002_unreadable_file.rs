//! **What:** a file doctor needs doesn't parse: `package.json`, a `.env` file, `convex.json` (not
//! even as JSONC), `convex/auth.config.*`, the Vite config, the entry or the provider file. The
//! finding points at the first syntax error; the checks that need the file are skipped.
//!
//! **Why:** the tool that reads the file (npm, Vite, the Convex CLI) fails on it too, so nothing
//! downstream can work (P08, P09).
//!
//! **Example:** `VITE_WORKOS_CLIENT_ID client_01…` (no `=`) in `.env.local`.
//!
//! **Fix:** manual: fix the syntax error at the position shown.

use crate::doctor::{Applicability, Context, Diagnostic, Severity};

use super::Rule;

pub const RULE: Rule = Rule {
    code: "AK002",
    name: "unreadable-file",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak002_unreadable_file.rs"),
    check,
};

/// The findings are made while the project is loaded (`project::Context::load`).
fn check(_cx: &Context) -> Vec<Diagnostic> {
    vec![]
}
