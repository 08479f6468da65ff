//! **What (server flows: Next.js, TanStack Start):** `WORKOS_API_KEY` is in no dev env file and
//! `authKit.dev.localEnvVars` doesn't provide it either, or its value is not a WorkOS API key
//! (`sk_test_…`/`sk_live_…`; a client ID pasted there, a truncated key). A managed team before
//! its first `npx convex dev` is healthy: `localEnvVars` has it and `npx convex dev` writes it.
//! The value is never printed.
//!
//! **Why:** the app's server exchanges the sign-in code with WorkOS using this key; without it
//! (or with something else) the callback fails and nobody can sign in (P18, P31).
//!
//! **Example:** `.env.local` from `init --team existing`, before `WORKOS_API_KEY` was added.
//!
//! **Fix:** manual: add `WORKOS_API_KEY=sk_test_…` (WorkOS dashboard → API keys) to
//! `.env.local`, or add `authKit.dev.localEnvVars` and run `npx convex dev`. Doctor never takes
//! or writes the key.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::workos::API_KEY_ENV;

use super::common::{Rule, defined_in_dev, server_flow};

pub const RULE: Rule = Rule {
    code: "AK408",
    name: "api-key-missing",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak408_api_key_missing.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    if !server_flow(cx) || !cx.env_complete() {
        return vec![];
    }
    let name = API_KEY_ENV;
    let why = "the app's server exchanges the sign-in code with WorkOS using the API key; without a valid one the callback fails and nobody can sign in";
    let Some((file, entry)) = cx.env_value(name) else {
        // `localEnvVars` provides it: `npx convex dev` writes it (not provisioned yet).
        if defined_in_dev(cx, name) {
            return vec![];
        }
        let d = Diagnostic::new(
            RULE.code,
            RULE.severity,
            format!("`{name}` is not set in any dev env file, and `convex.json` has no `localEnvVars` to fill it"),
            why,
            Fix::manual(format!("add `{name}=sk_test_…` to `.env.local` (your WorkOS dashboard → API keys), or add `authKit.dev.localEnvVars` and run `npx convex dev`")),
        );
        return vec![match cx.env_file(".env.local") {
            Some(f) => d.in_file(&f.rel),
            None => d,
        }];
    };
    if Context::has_reference(&entry.value) {
        return vec![];
    }
    let value = entry.value.trim();
    let problem = if value.is_empty() {
        "it is empty".to_string()
    } else {
        match crate::workos::validate_api_key(value) {
            Ok(()) => return vec![],
            Err(e) => e,
        }
    };
    vec![
        Diagnostic::new(
            RULE.code,
            RULE.severity,
            format!("`{name}` in `{}` is not a WorkOS API key: {problem}", file.rel),
            why,
            Fix::manual(format!("paste the API key from the WorkOS dashboard (API keys) into `{}`", file.rel)),
        )
        .at(&file.rel, &file.text, file.value_range(entry))
        .label("not an API key"),
    ]
}
