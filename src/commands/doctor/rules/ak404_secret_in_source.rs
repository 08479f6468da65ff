//! **What:** an `sk_test_…` or `sk_live_…` literal in a source file under `src/` or `convex/`, in
//! the Vite config, in `convex.json` (e.g. a literal in `localEnvVars`), or in `package.json`.
//! Only the prefix is ever printed.
//!
//! **Why:** source files are committed and (under `src/`) bundled for the browser; a WorkOS API
//! key there gives anyone full access to the environment (P19).
//!
//! **Example:** `const apiKey = process.env.WORKOS_API_KEY ?? "sk_test_…";`.
//!
//! **Fix:** manual, by design: a key in source has left your control (committed, and under
//! `src/` bundled for every visitor), so the repair that counts is rotating it in the WorkOS
//! dashboard, which no edit can do; and what replaces the literal depends on where the code runs
//! (a Convex function reads `process.env.WORKOS_API_KEY`, set with `npx convex env set`; browser
//! code must hold no key at all), so rewriting it blindly would break the code or keep the leak.
//! The steps: rotate the key, set the new one on the deployment, replace the literal.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, server_flow};

pub const RULE: Rule = Rule {
    code: "AK404",
    name: "secret-in-source",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak404_secret_in_source.rs"),
    check,
};

fn scan(rel: &str, text: &str, server: bool, out: &mut Vec<Diagnostic>) {
    for prefix in ["sk_test_", "sk_live_"] {
        for (i, _) in text.match_indices(prefix) {
            let body = text[i + prefix.len()..]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if body < 8 {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`{rel}` contains a WorkOS API key (`{prefix}****`)"),
                    if server {
                        "source files are committed, and client components are bundled for the browser; the key gives full access to the WorkOS environment"
                    } else {
                        "source files are committed, and files under `src/` are bundled for the browser; the key gives full access to the WorkOS environment"
                    },
                    if server {
                        Fix::manual("rotate the key in the WorkOS dashboard (API keys), put the new one in `WORKOS_API_KEY` in `.env.local` (and the host's env), and replace the literal with `process.env.WORKOS_API_KEY` in server code")
                    } else {
                        Fix::manual("rotate the key in the WorkOS dashboard (API keys), set the new one on the Convex deployment, and replace the literal: `process.env.WORKOS_API_KEY` in a Convex function, nothing in browser code (the SPA needs no key)")
                            .command("npx convex env set WORKOS_API_KEY")
                    },
                )
                .at(rel, text, i..i + prefix.len() + body)
                .label("API key literal"),
            );
        }
    }
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let server = server_flow(cx);
    let mut out = Vec::new();
    for f in cx.sources() {
        if f.text.contains("sk_test_") || f.text.contains("sk_live_") {
            scan(&f.rel, &f.text, server, &mut out);
        }
    }
    // Committed config files too: `localEnvVars` with a literal key, a key in a script.
    let config = cx.framework_config().map(|(n, _)| n);
    for name in config.into_iter().chain(["convex.json", "package.json"]) {
        if let Some(text) = cx.text_of(name) {
            scan(name, text, server, &mut out);
        }
    }
    // Next.js's proxy at the root, outside the source folders.
    if let Some(router) = cx.app_router() {
        for name in router.interceptor_names {
            for ext in router.exts {
                let rel = format!("{}{name}.{ext}", router.base);
                if cx.sources().iter().any(|f| f.rel == rel) {
                    continue;
                }
                if let Ok(Some(text)) = cx.files.read(&rel) {
                    scan(&rel, &text, server, &mut out);
                }
            }
        }
    }
    out
}
