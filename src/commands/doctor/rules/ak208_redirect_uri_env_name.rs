//! **What (server flows: Next.js, TanStack Start):** the redirect URI is set under a name the
//! framework's AuthKit SDK never reads (another framework's: `WORKOS_REDIRECT_URI`,
//! `VITE_WORKOS_REDIRECT_URI`, …), in a dev env file or in `authKit.dev.localEnvVars`, while the
//! name it reads (Next.js: `NEXT_PUBLIC_WORKOS_REDIRECT_URI`; TanStack Start: the server-side
//! `WORKOS_REDIRECT_URI`, never `VITE_WORKOS_REDIRECT_URI`) is set nowhere. Names the app's own code reads
//! (`redirectUri: process.env.WORKOS_REDIRECT_URI` in the proxy) are left alone.
//!
//! **Why:** `@workos-inc/authkit-nextjs` reads only `NEXT_PUBLIC_WORKOS_REDIRECT_URI`,
//! `@workos/authkit-tanstack-react-start` only `WORKOS_REDIRECT_URI` (on the server); without
//! it the authorization URL carries no redirect URI, so WorkOS uses the dashboard's default one,
//! usually not this app's callback, or sign-in fails (P04, P18).
//!
//! **Example:** `.env.local` has `WORKOS_REDIRECT_URI=http://localhost:3000/callback`.
//!
//! **Fix:** safe in an env file (when the value holds no `${VAR}` reference): `--fix` sets the
//! name the SDK reads to the same URI in the same file. In `localEnvVars`: manual, rename the
//! key.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::fix::FixOp;
use crate::commands::doctor::locate::json_value;

use super::common::{Rule, defined_in_dev, has_word, json_text, server_flow};

pub const RULE: Rule = Rule {
    code: "AK208",
    name: "redirect-uri-env-name",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak208_redirect_uri_env_name.rs"),
    check,
};

/// The redirect URI names AuthKit's SDKs read, across frameworks (WorkOS's own server SDKs and
/// TanStack Start read `WORKOS_REDIRECT_URI`).
fn known_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = crate::frameworks::RECIPES
        .iter()
        .map(|r| r.env_names().redirect_uri)
        .collect();
    names.push("WORKOS_REDIRECT_URI");
    names
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    if !server_flow(cx) || !cx.env_complete() {
        return vec![];
    }
    let right = cx.names().redirect_uri;
    if defined_in_dev(cx, right) {
        return vec![];
    }
    // The app's own code may read another name and pass it on (`redirectUri` in the proxy).
    let interceptors: Vec<String> = cx
        .app_router()
        .map(|r| {
            r.interceptor_names
                .iter()
                .flat_map(|n| r.exts.iter().map(move |e| format!("{}{n}.{e}", r.base)))
                .collect()
        })
        .unwrap_or_default();
    let read_by_app = |name: &str| {
        cx.sources().iter().any(|f| has_word(&f.text, name))
            || interceptors
                .iter()
                .any(|rel| matches!(cx.files.read(rel), Ok(Some(t)) if has_word(&t, name)))
    };
    let wrong: Vec<&str> = known_names()
        .into_iter()
        .filter(|n| *n != right && !read_by_app(n))
        .collect();
    let framework = cx.recipe().name();
    let why = format!(
        "{framework}'s AuthKit SDK reads the redirect URI only from `{right}`; without it the sign-in request carries none, so WorkOS uses the dashboard's default redirect URI (usually not this app's callback) or refuses"
    );
    let mut out = Vec::new();
    for f in &cx.env {
        for e in f.entries.iter().filter(|e| wrong.contains(&e.key.as_str())) {
            let fix = if Context::has_reference(&e.value) || e.value.trim().is_empty() {
                Fix::manual(format!("rename `{}` to `{right}` in `{}`", e.key, f.rel))
            } else {
                Fix::safe(
                    format!("set `{right}` to the same URI in `{}`", f.rel),
                    vec![FixOp::EnvSet {
                        file: f.rel.clone(),
                        name: right.into(),
                        value: e.value.clone(),
                    }],
                )
            };
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!(
                        "the redirect URI is in `{}` (`{}`), which {framework}'s AuthKit SDK never reads; it reads `{right}`",
                        e.key, f.rel
                    ),
                    why.clone(),
                    fix,
                )
                .at(&f.rel, &f.text, f.key_range(e))
                .label(format!("not `{right}`")),
            );
        }
    }
    let text = json_text(cx);
    if let Some(vars) = cx
        .auth_kit_section("dev")
        .and_then(|d| d.get("localEnvVars"))
        .and_then(|v| v.as_object())
    {
        for k in vars.keys().filter(|k| wrong.contains(&k.as_str())) {
            // Already reported in the env file `npx convex dev` wrote it to.
            if cx.env_value(k).is_some() {
                continue;
            }
            let range = json_value(text, &["authKit", "dev", "localEnvVars", k]).unwrap_or(0..1);
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!(
                        "`localEnvVars.{k}` writes the redirect URI under a name {framework}'s AuthKit SDK never reads; it reads `{right}`"
                    ),
                    why.clone(),
                    Fix::manual(format!(
                        "rename `localEnvVars.{k}` to `{right}` in `convex.json`"
                    )),
                )
                .at(&cx.convex_json_rel, text, range)
                .label(format!("not `{right}`")),
            );
        }
    }
    out
}
