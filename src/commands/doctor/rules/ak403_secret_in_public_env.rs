//! **What:** a client-exposed variable (`VITE_…`, or the prefixes of Vite's `envPrefix` when
//! `vite.config.*` sets it to a string or an array of strings; Next.js: `NEXT_PUBLIC_…`) in an env file or in
//! `localEnvVars` that holds an `sk_` key or is named like a secret (`API_KEY`, `SECRET`,
//! `COOKIE_PASSWORD`, `PRIVATE_KEY`). Values are never printed (`sk_test_****`). Skipped when
//! `envPrefix` can't be read statically.
//!
//! **Why:** the build inlines these into the JavaScript bundle, so anyone can read the key; the
//! SPA needs no API key at all, and a Next.js server reads `WORKOS_API_KEY` and
//! `WORKOS_COOKIE_PASSWORD` without the prefix (P18, P19).
//!
//! **Example:** `VITE_WORKOS_API_KEY=sk_test_…`; `NEXT_PUBLIC_WORKOS_COOKIE_PASSWORD=…`.
//!
//! **Fix:** unsafe (it deletes a value): `--fix --unsafe-fixes` removes the variable from the env
//! file (or from `localEnvVars`), and the remedy gives `npx convex env set WORKOS_API_KEY` (a
//! hidden prompt) to keep the key on the Convex deployment; Next.js: it is renamed without the
//! prefix instead, for the server. The secret is never printed, diffs included. Rotating the
//! secret, which a build may already have shipped, is yours to do in the WorkOS dashboard.

use crate::commands::doctor::locate::json_value;
use crate::ui::mask::masked;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, json_text, server_flow};
use crate::commands::doctor::fix::FixOp;

pub const RULE: Rule = Rule {
    code: "AK403",
    name: "secret-in-public-env",
    severity: Severity::Error,
    fix: Applicability::Unsafe,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak403_secret_in_public_env.rs"),
    check,
};

const SECRET_NAMES: &[&str] = &["API_KEY", "SECRET", "COOKIE_PASSWORD", "PRIVATE_KEY"];

fn is_leak(prefixes: &[String], name: &str, value: &str) -> bool {
    let Some(prefix) = prefixes.iter().find(|p| name.starts_with(p.as_str())) else {
        return false;
    };
    let rest = &name[prefix.len()..];
    value.trim_matches(['"', '\'']).starts_with("sk_")
        || value.contains("authEnv.WORKOS_API_KEY")
        || SECRET_NAMES.iter().any(|s| rest.contains(s))
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    // The prefixes the framework exposes (Vite's `envPrefix`, Next's `NEXT_PUBLIC_`); unknown:
    // don't guess.
    let Some(prefixes) = cx.env_prefixes() else { return vec![] };
    let is_leak = |name: &str, value: &str| is_leak(&prefixes, name, value);
    let mut out = Vec::new();
    let server = server_flow(cx);
    let why = if server {
        "the build inlines client-exposed variables into the JavaScript bundle, where anyone can read them; the app's server reads its secrets without the public prefix"
    } else {
        "the build inlines client-exposed variables into the JavaScript bundle, where anyone can read them; the SPA needs no API key"
    };
    let private = |name: &str| {
        prefixes
            .iter()
            .find_map(|p| name.strip_prefix(p.as_str()))
            .unwrap_or(name)
            .to_string()
    };
    let rotate = "then rotate the secret, which a build may have shipped";
    // `ops` for the env file or `localEnvVars`: remove it (the SPA), or rename it (a server).
    let fix = |name: &str, value: &str, ops: Vec<FixOp>| {
        if server {
            Fix::unsafe_edits(format!("rename `{name}` to `{}` (read only on the server); {rotate}", private(name)), ops)
        } else if name.contains("API_KEY") || value.trim_matches(['"', '\'']).starts_with("sk_") || value.contains("authEnv.WORKOS_API_KEY") {
            Fix::unsafe_edits(format!("remove `{name}` (the SPA needs no API key) and keep the key only on the Convex deployment; {rotate}"), ops)
                .command("npx convex env set WORKOS_API_KEY")
        } else {
            Fix::unsafe_edits(format!("remove `{name}` (the SPA needs no secret); {rotate}"), ops)
        }
    };
    for f in cx.env.iter().chain(&cx.prod_env) {
        for e in &f.entries {
            if !is_leak(&e.key, &e.value) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`{}` in `{}` exposes a secret (`{}`) to the browser", e.key, f.rel, masked(&e.value)),
                    why,
                    fix(
                        &e.key,
                        &e.value,
                        vec![if server {
                            FixOp::EnvRename { file: f.rel.clone(), from: e.key.clone(), to: private(&e.key) }
                        } else {
                            FixOp::EnvRemove { file: f.rel.clone(), name: e.key.clone() }
                        }],
                    ),
                )
                .at(&f.rel, &f.text, f.key_range(e))
                .label("client-exposed name"),
            );
        }
    }
    let text = json_text(cx);
    if let Some(vars) = cx.auth_kit_section("dev").and_then(|d| d.get("localEnvVars")).and_then(|v| v.as_object()) {
        for (k, v) in vars {
            let Some(v) = v.as_str() else { continue };
            if !is_leak(k, v) {
                continue;
            }
            let range = json_value(text, &["authKit", "dev", "localEnvVars", k]).unwrap_or(0..1);
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`localEnvVars.{k}` would write a secret into a client-exposed variable"),
                    why,
                    fix(k, v, {
                        let path = |k: &str| ["authKit", "dev", "localEnvVars", k].map(String::from).to_vec();
                        let mut ops = vec![FixOp::JsonRemove { path: path(k) }];
                        if server {
                            ops.insert(0, FixOp::JsonSetIfAbsent {
                                path: path("")[..3].to_vec(),
                                key: private(k),
                                value: v.to_string(),
                            });
                        }
                        ops
                    }),
                )
                .at(&cx.convex_json_rel, text, range)
                .label("written to `.env.local` by `npx convex dev`"),
            );
        }
    }
    out
}
