//! **What:** `convex.json` has an `authKit` section but the `convex` package is older than
//! 1.31.6: the installed version (`node_modules/convex/package.json`), or a `package.json` range
//! that can't reach 1.31.6 (`1.29.0`, `~1.30.1`). A caret range like `^1.29.3` installs a newer
//! release, so it is not reported.
//!
//! **Why:** older CLIs silently ignore the section: nothing is provisioned or configured in WorkOS
//! (P01, P31).
//!
//! **Example:** `"convex": "~1.30.0"` with `authKit.dev` in `convex.json`.
//!
//! **Fix:** unsafe (an upgrade can change more than this): `--fix --unsafe-fixes` sets `convex`
//! to `^1.49.0` in `package.json`; then reinstall.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::fix::FixOp;

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK105",
    name: "convex-too-old",
    severity: Severity::Error,
    fix: Applicability::Unsafe,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak105_convex_too_old.rs"),
    check,
};

const MIN: (u64, u64, u64) = crate::edit::convex_json::MIN_CONVEX_FOR_AUTHKIT;

/// The highest version a range allows, for exact pins and `~` ranges only.
fn max_allowed(range: &str) -> Option<(u64, u64, u64)> {
    let r = range.trim();
    if let Some(t) = r.strip_prefix('~') {
        let v = crate::app::parse_version(t)?;
        return Some((v.0, v.1, u64::MAX));
    }
    if r.starts_with(|c: char| c.is_ascii_digit()) || r.starts_with('=') {
        return crate::app::parse_version(r.trim_start_matches('='));
    }
    None
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    if cx.convex_value().and_then(|v| v.get("authKit")).is_none() {
        return vec![];
    }
    let Some(pkg) = &cx.pkg else { return vec![] };
    let Some(range) = pkg.dep("convex") else { return vec![] };
    let (version, source) = match cx.installed_version("convex") {
        Some(v) => (v, "installed"),
        None => match max_allowed(range) {
            Some(v) => (v, "allowed by `package.json`"),
            None => return vec![],
        },
    };
    if version >= MIN {
        return vec![];
    }
    let shown = if version.2 == u64::MAX {
        format!("{}.{}.x", version.0, version.1)
    } else {
        format!("{}.{}.{}", version.0, version.1, version.2)
    };
    let text = &pkg.text;
    let at = text.find("\"convex\"").unwrap_or(0);
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!("`convex` {shown} ({source}) ignores the `authKit` section of `convex.json`; it needs 1.31.6 or later"),
        "Convex CLIs before 1.31.6 don't read `authKit`, so nothing is provisioned or configured in WorkOS and no error says so",
        Fix::unsafe_edits(
            "raise `convex` to `^1.49.0` in `package.json`, then reinstall",
            vec![FixOp::SetDep { name: "convex".into(), range: "^1.49.0".into() }],
        )
        .command(cx.package_manager().install_command()),
    )
    .at(crate::edit::package_json::FILE, text, at..at + 8)
    .label(format!("`{range}`"))]
}
