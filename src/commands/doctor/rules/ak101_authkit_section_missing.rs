//! **What:** AuthKit packages are in `package.json` but `convex.json` is missing or has no
//! `authKit` section.
//!
//! **Why:** the managed flow needs it: without `authKit.dev`, `npx convex dev` neither provisions
//! nor configures the WorkOS environment (redirect URI, CORS origin, homepage), and doesn't write
//! `VITE_WORKOS_CLIENT_ID` to `.env.local` (P01, P06, P07, P31).
//!
//! **Example:** `@workos-inc/authkit-react` installed, `convex.json` holds only `functions`.
//!
//! **Fix:** manual: `convex-authkit init` adds the section for the detected port, after asking
//! which WorkOS team (Convex-managed or your own) and how far (local or production): choices
//! only you can make, so `--fix` doesn't.

use crate::app::AUTHKIT_PACKAGES;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK101",
    name: "authkit-section-missing",
    severity: Severity::Warning,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak101_authkit_section_missing.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(pkg) = &cx.pkg else { return vec![] };
    let Some(found) = AUTHKIT_PACKAGES.iter().find(|p| pkg.has_dep(p)) else {
        return vec![];
    };
    let fix = Fix::manual("add the `authKit` section for the dev port with `convex-authkit init`")
        .command("convex-authkit init");
    let why = "without `authKit.dev`, `npx convex dev` doesn't register the redirect URI, CORS origin and homepage in WorkOS, and doesn't write the client ID to `.env.local`";
    match &cx.convex_json {
        None => vec![Diagnostic::new(
            RULE.code,
            RULE.severity,
            format!("`{found}` is installed but there is no `convex.json` with an `authKit` section"),
            why,
            fix,
        )],
        Some(cj) => match &cj.value {
            Some(v) if v.get("authKit").is_none() => vec![Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("`{found}` is installed but `convex.json` has no `authKit` section"),
                why,
                fix,
            )
            .at(&cx.convex_json_rel, &cj.text, 0..1)
            .label("no `authKit` here")],
            _ => vec![],
        },
    }
}
