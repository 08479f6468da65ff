//! **What:** both `convex/auth.config.ts` and `convex/auth.config.js` exist.
//!
//! **Why:** the Convex CLI refuses to bundle: "Found both … and …, choose one.", so nothing is
//! pushed (P08).
//!
//! **Example:** a `.js` copy left behind after converting the project to TypeScript.
//!
//! **Fix:** unsafe (it deletes a file): `--fix --unsafe-fixes` keeps `auth.config.ts`, the one
//! Convex's bundler picks once only one is left (`convex@1.31.6`, `bundleAuthConfig`: `.ts`
//! if it exists, else `.js`), and deletes `auth.config.js`; unless the `.ts` has no providers
//! (or doesn't parse) and the `.js` has, then the `.js` is kept. The deletion is part of the one
//! atomic write: on any failure the file is put back.

use crate::app::AuthConfigFile;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;
use crate::commands::doctor::fix::FixOp;

pub const RULE: Rule = Rule {
    code: "AK301",
    name: "auth-config-duplicate",
    severity: Severity::Error,
    fix: Applicability::Unsafe,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak301_auth_config_duplicate.rs"),
    check,
};

/// Whether the file parses and lists at least one provider.
fn has_providers(cx: &Context, rel: &str) -> bool {
    let Ok(Some(text)) = cx.files.read(rel) else { return false };
    crate::edit::auth_config::read(rel, &text, None)
        .is_ok_and(|c| c.providers.objects().next().is_some() || c.providers.helper())
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    if !matches!(cx.auth_config, AuthConfigFile::Both) {
        return vec![];
    }
    let dir = &cx.functions_dir;
    let (ts, js) = (format!("{dir}/auth.config.ts"), format!("{dir}/auth.config.js"));
    let (keep, delete, because) = if !has_providers(cx, &ts) && has_providers(cx, &js) {
        (&js, &ts, "it has the providers; the `.ts` has none")
    } else {
        (&ts, &js, "the one Convex's bundler picks")
    };
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!("both `{ts}` and `{js}` exist"),
        "the Convex CLI stops with \"Found both … choose one\", so no functions and no auth config are pushed",
        Fix::unsafe_edits(
            format!("keep `{keep}` ({because}) and delete `{delete}`"),
            vec![FixOp::DeleteFile { file: delete.clone() }],
        ),
    )
    .in_file(delete)]
}
