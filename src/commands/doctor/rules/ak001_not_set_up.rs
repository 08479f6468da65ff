//! **What:** the app shows no sign of AuthKit: no AuthKit package in `package.json`, no `authKit`
//! section in `convex.json`, no WorkOS provider in `convex/auth.config.*`, no AuthKit wiring and no
//! `VITE_WORKOS_CLIENT_ID`. The other AuthKit rules are skipped.
//!
//! **Why:** there is nothing to diagnose yet; every AuthKit check would be an error (P08).
//!
//! **Example:** a fresh `npm create convex@latest` React app.
//!
//! **Fix:** manual: run `convex-authkit init`.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK001",
    name: "not-set-up",
    severity: Severity::Warning,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak001_not_set_up.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    if cx.uses_authkit() || cx.pkg.is_none() {
        return vec![];
    }
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        "AuthKit is not set up in this app",
        "no AuthKit package, `authKit` section, WorkOS provider or AuthKit wiring was found, so there is nothing to check yet",
        Fix::manual("set up AuthKit with `convex-authkit init`").command("convex-authkit init"),
    )]
}
