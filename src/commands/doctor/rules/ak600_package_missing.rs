//! **What:** a source file imports an AuthKit or Convex SDK (`@workos-inc/authkit-react`,
//! `@workos-inc/authkit-nextjs`, `@workos/authkit-tanstack-react-start`, `@workos-inc/authkit-js`,
//! `@convex-dev/workos`, `@convex-dev/workos-authkit`, `convex`) that
//! neither the app's `package.json` nor a workspace root's lists.
//!
//! **Why:** it works only while something else happens to install it; a clean install (CI, a
//! teammate, the host's build) fails to resolve the import (P18, P33).
//!
//! **Example:** `import { ConvexProviderWithAuthKit } from "@convex-dev/workos"` with no
//! `@convex-dev/workos` dependency.
//!
//! **Fix:** safe for the packages `init` adds for the framework (`@workos-inc/authkit-react` and
//! `@convex-dev/workos`; Next.js: `@workos-inc/authkit-nextjs`; TanStack Start:
//! `@workos/authkit-tanstack-react-start`): `--fix` adds them with `init`'s
//! ranges (run the install afterwards). Others: manual.

use crate::commands::doctor::fix::FixOp;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::edit::js::JsFacts;

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK600",
    name: "package-missing",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak600_package_missing.rs"),
    check,
};

const SDKS: &[&str] = &[
    "@workos-inc/authkit-react",
    "@workos-inc/authkit-nextjs",
    "@workos/authkit-tanstack-react-start",
    "@workos-inc/authkit-js",
    "@convex-dev/workos",
    "@convex-dev/workos-authkit",
    "convex",
];

fn check(cx: &Context) -> Vec<Diagnostic> {
    if cx.pkg.is_none() {
        return vec![];
    }
    let ranges = cx.recipe.map(|r| r.packages()).unwrap_or(&[]);
    let mut out = Vec::new();
    let mut reported: Vec<&str> = Vec::new();
    for f in cx.sources() {
        if !SDKS.iter().any(|s| f.text.contains(s)) {
            continue;
        }
        let Ok(facts) = JsFacts::parse(&f.rel, &f.text) else { continue };
        for import in &facts.imports {
            let Some(pkg) = SDKS.iter().find(|s| import.source == **s || import.source.starts_with(&format!("{s}/"))) else {
                continue;
            };
            if reported.contains(pkg) || cx.declares_dependency(pkg) {
                continue;
            }
            reported.push(pkg);
            let fix = match ranges.iter().find(|(n, _)| n == pkg) {
                Some((n, r)) => Fix::safe(
                    format!("add `{n}` (`{r}`) to `package.json`, then run the install"),
                    vec![FixOp::AddDeps(vec![(n.to_string(), r.to_string())])],
                ),
                None => Fix::manual(format!("add `{pkg}` to `package.json`")).command(format!("npm install {pkg}")),
            };
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`{}` imports `{pkg}`, which `package.json` doesn't list", f.rel),
                    "it resolves only while something else installs it; a clean install (CI, the host's build) fails",
                    fix,
                )
                .at(&f.rel, &f.text, import.span.clone())
                .label("not a dependency"),
            );
        }
    }
    out
}
