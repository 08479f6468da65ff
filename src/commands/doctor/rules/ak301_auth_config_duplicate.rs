//! **What:** both `convex/auth.config.ts` and `convex/auth.config.js` exist.
//!
//! **Why:** the Convex CLI refuses to bundle: "Found both … and …, choose one.", so nothing is
//! pushed (P08).
//!
//! **Example:** a `.js` copy left behind after converting the project to TypeScript.
//!
//! **Fix:** manual: delete the one you don't use.

use crate::app::AuthConfigFile;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK301",
    name: "auth-config-duplicate",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak301_auth_config_duplicate.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    if !matches!(cx.auth_config, AuthConfigFile::Both) {
        return vec![];
    }
    let dir = &cx.functions_dir;
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!("both `{dir}/auth.config.ts` and `{dir}/auth.config.js` exist"),
        "the Convex CLI stops with \"Found both … choose one\", so no functions and no auth config are pushed",
        Fix::manual("delete the one you don't use"),
    )
    .in_file(&format!("{dir}/auth.config.js"))]
}
