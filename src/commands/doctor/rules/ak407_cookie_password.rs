//! **What (server flows: Next.js, TanStack Start):** `WORKOS_COOKIE_PASSWORD` is missing from the dev env files,
//! empty, or shorter than 32 characters; or a production env file (`.env.production*`) uses the
//! same value as development. Not reported while `npx convex dev` still has `.env.local` to
//! write (a `localEnvVars` name is in no env file yet): it adds a 43-character password in the
//! same pass. The value is never printed.
//!
//! **Why:** AuthKit's server SDK seals the session cookie with it and refuses to run without a
//! password of at least 32 characters ("You must provide a valid cookie password that is at least
//! 32 characters"); a password shared with development lets anyone holding the dev one forge
//! production sessions (P17).
//!
//! **Example:** `.env.local` has `WORKOS_COOKIE_PASSWORD=changeme`.
//!
//! **Fix:** safe when it is missing or empty: `--fix` writes a random 43-character password to
//! `.env.local` (as the Convex CLI makes one). Too short or shared: manual (a new random
//! password; changing it signs everyone out).

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::fix::FixOp;
use crate::workos::{COOKIE_PASSWORD_ENV, COOKIE_PASSWORD_MIN_LEN};

use super::common::{Rule, convex_dev_pending, server_flow};

pub const RULE: Rule = Rule {
    code: "AK407",
    name: "cookie-password",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak407_cookie_password.rs"),
    check,
};

const GENERATE: &str = "openssl rand -base64 32";

fn check(cx: &Context) -> Vec<Diagnostic> {
    if !server_flow(cx) || !cx.env_complete() {
        return vec![];
    }
    let name = COOKIE_PASSWORD_ENV;
    let why = format!(
        "AuthKit's server SDK seals the session cookie with `{name}` and refuses to run without one of at least {COOKIE_PASSWORD_MIN_LEN} characters, so every page that reads the session fails"
    );
    let generate = || {
        Fix::safe(
            format!("write a random `{name}` (43 characters) to `.env.local`"),
            vec![FixOp::EnvGenerate {
                file: ".env.local".into(),
                name: name.into(),
            }],
        )
    };
    let Some((file, entry)) = cx.env_value(name) else {
        if convex_dev_pending(cx) {
            return vec![];
        }
        let d = Diagnostic::new(
            RULE.code,
            RULE.severity,
            format!("`{name}` is not set in any dev env file"),
            why,
            generate(),
        );
        return vec![match cx.env_file(".env.local") {
            Some(f) => d.in_file(&f.rel),
            None => d,
        }];
    };
    let mut out = Vec::new();
    // The value the dev server uses; a reference doctor can't resolve is not judged.
    if let Some(value) = cx.env_expanded(name) {
        let len = value.encode_utf16().count();
        if len < COOKIE_PASSWORD_MIN_LEN {
            let (message, fix, label) = if value.trim().is_empty() {
                (
                    format!("`{name}` in `{}` is empty", file.rel),
                    generate(),
                    "empty".to_string(),
                )
            } else {
                (
                    format!(
                        "`{name}` in `{}` is {len} characters long; AuthKit needs at least {COOKIE_PASSWORD_MIN_LEN}",
                        file.rel
                    ),
                    Fix::manual(format!(
                        "replace it with a random password of {COOKIE_PASSWORD_MIN_LEN} characters or more"
                    ))
                    .command(GENERATE),
                    format!("{len} characters"),
                )
            };
            out.push(
                Diagnostic::new(RULE.code, RULE.severity, message, why.clone(), fix)
                    .at(&file.rel, &file.text, file.value_range(entry))
                    .label(label),
            );
        }
    }
    let prod = cx
        .prod_env
        .iter()
        .rev()
        .find_map(|f| f.get(name).map(|e| (f, e)));
    if let Some((pf, pe)) = prod
        && !pe.value.trim().is_empty()
        && pe.value == entry.value
    {
        out.push(
            Diagnostic::new(
                RULE.code,
                Severity::Warning,
                format!(
                    "`{name}` in `{}` is the same as the development one in `{}`",
                    pf.rel, file.rel
                ),
                "whoever has the development password (every developer, every dev machine) can forge production session cookies",
                Fix::manual(format!(
                    "use a different random password for production, in `{}` and on the host",
                    pf.rel
                ))
                .command(GENERATE),
            )
            .at(&pf.rel, &pf.text, pf.value_range(pe))
            .label("same as development"),
        );
    }
    out
}
