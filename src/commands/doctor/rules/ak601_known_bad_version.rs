//! **What:** an SDK version with a known problem, from a small table shipped with the tool. The
//! version is the installed one (`node_modules/<pkg>/package.json`) or an exact pin in
//! `package.json`; plain ranges are not judged.
//!
//! | package | versions | problem |
//! | --- | --- | --- |
//! | `@workos/authkit-tanstack-react-start` | 0.7.0 – 0.8.2 | production builds drop the session cookie on the callback redirect (P28) |
//! | `@workos-inc/authkit-nextjs` | 4.3.x | with Next.js 16, `withAuth({ ensureSignedIn: true })` in a Server Component returns 500 (P23) |
//! | `convex` | before 1.39.1, with `@convex-dev/workos` | below `@convex-dev/workos`'s peer range (`^1.39.1`) |
//! | `@workos-inc/authkit-react` | before 0.16.0, with `@convex-dev/workos` | below the version `@convex-dev/workos` is built against (`^0.16.0`) |
//!
//! **Why:** these versions break sign-in in ways no configuration fixes (P23, P28, P33).
//!
//! **Example:** `"@workos/authkit-tanstack-react-start": "0.8.1"`.
//!
//! **Fix:** unsafe (an upgrade can change more than this) when a fixed release is known:
//! `--fix --unsafe-fixes` sets the range in `package.json`; then reinstall. Otherwise manual.

use crate::app::parse_version;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::fix::FixOp;

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK601",
    name: "known-bad-version",
    severity: Severity::Warning,
    fix: Applicability::Unsafe,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak601_known_bad_version.rs"),
    check,
};

type V = (u64, u64, u64);

/// (package, first bad, last bad, needs this dependency too, problem, upgrade to, the range
/// `--fix` sets when a fixed release is known)
type Entry = (&'static str, V, V, Option<&'static str>, &'static str, &'static str, Option<&'static str>);

const TABLE: &[Entry] = &[
    ("@workos/authkit-tanstack-react-start", (0, 7, 0), (0, 8, 2), None, "production builds drop the session cookie on the callback redirect (P28)", "0.8.3 or later", Some("^0.8.3")),
    ("@workos-inc/authkit-nextjs", (4, 3, 0), (4, 3, u64::MAX), None, "with Next.js 16, `withAuth({ ensureSignedIn: true })` in a Server Component returns 500 (P23)", "a release with the fix, or use `middlewareAuth`", None),
    ("convex", (0, 0, 0), (1, 39, 0), Some("@convex-dev/workos"), "it is below `@convex-dev/workos`'s peer range `^1.39.1`", "`^1.49.0`", Some("^1.49.0")),
    ("@workos-inc/authkit-react", (0, 0, 0), (0, 15, u64::MAX), Some("@convex-dev/workos"), "`@convex-dev/workos` is built against `^0.16.0`", "`^0.16.2`", Some("^0.16.2")),
];

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(pkg) = &cx.pkg else { return vec![] };
    let mut out = Vec::new();
    for (name, lo, hi, with, problem, upgrade, fixed) in TABLE {
        let Some(range) = pkg.dep(name) else { continue };
        if with.is_some_and(|w| !pkg.has_dep(w)) {
            continue;
        }
        let version = cx.installed_version(name).or_else(|| {
            let r = range.trim().trim_start_matches('=');
            r.starts_with(|c: char| c.is_ascii_digit()).then(|| parse_version(r)).flatten()
        });
        let Some(v) = version else { continue };
        if v < *lo || v > *hi {
            continue;
        }
        let text = &pkg.text;
        let key = format!("\"{name}\"");
        let at = text.find(&key).unwrap_or(0);
        out.push(
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("`{name}` {}.{}.{}: {problem}", v.0, v.1, v.2),
                "this version has a known problem that breaks sign-in, whatever the configuration",
                match fixed {
                    Some(range) => Fix::unsafe_edits(
                        format!("upgrade `{name}` to {upgrade} in `package.json`, then reinstall"),
                        vec![FixOp::SetDep { name: name.to_string(), range: range.to_string() }],
                    )
                    .command(cx.package_manager().install_command()),
                    None => Fix::manual(format!("upgrade `{name}` to {upgrade}")),
                },
            )
            .at(crate::edit::package_json::FILE, text, at..at + key.len())
            .label(format!("`{range}`")),
        );
    }
    out
}
