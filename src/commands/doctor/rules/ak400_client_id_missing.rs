//! **What:** the env var the app reads its client ID from (`VITE_WORKOS_CLIENT_ID`, or the name
//! on `AuthKitProvider`'s `clientId`, with Vite's `envPrefix` honoured; Next.js:
//! `WORKOS_CLIENT_ID`) is in no dev env file, and `authKit.dev.localEnvVars` doesn't provide it
//! either. (A fresh clone with `localEnvVars` is healthy: `npx convex dev` writes the value.)
//!
//! **Why:** `AuthKitProvider` gets `clientId={undefined}` (Next.js: AuthKit's server SDK throws)
//! and sign-in can't start (P14, P18, P31).
//!
//! **Example:** `.env.local` holds only `CONVEX_DEPLOYMENT` and `VITE_CONVEX_URL`, and
//! `convex.json` has no `localEnvVars`.
//!
//! **Fix:** manual: add `VITE_WORKOS_CLIENT_ID=client_…` to `.env.local` (existing team), or add
//! `localEnvVars` and run `npx convex dev` (managed team).

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{
    Rule, attr_env, authkit_element, client_id_env, defined_in_dev, provider, server_flow,
};

pub const RULE: Rule = Rule {
    code: "AK400",
    name: "client-id-missing",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak400_client_id_missing.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    if !cx.env_complete() {
        return vec![];
    }
    let name = client_id_env(cx);
    if defined_in_dev(cx, &name) {
        return vec![];
    }
    let located = provider(cx).and_then(|(file, facts)| {
        let el = authkit_element(cx, &facts)?;
        let (_, _, span) = attr_env(el, "clientId")?;
        Some((file, span))
    });
    // A literal `clientId="client_…"` needs no env var.
    if let Some((file, facts)) = provider(cx)
        && let Some(el) = authkit_element(cx, &facts)
        && el.attrs.iter().any(|a| {
            a.name.as_deref() == Some("clientId")
                && a.value.as_deref().is_some_and(|v| v.starts_with(['"', '\'']))
        })
    {
        let _ = file;
        return vec![];
    }
    let d = Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!("`{name}` is not set in any dev env file, and `convex.json` has no `localEnvVars` to fill it"),
        if server_flow(cx) {
            "AuthKit's server SDK reads the client ID from the app's env on every request; unset, it throws and sign-in can't start"
        } else {
            "`AuthKitProvider` gets `clientId={undefined}`, so sign-in can't start"
        },
        Fix::manual(format!("add `{name}=client_…` to `.env.local` (your WorkOS dashboard → API keys), or add `authKit.dev.localEnvVars` and run `npx convex dev`")),
    );
    vec![match located {
        Some((file, span)) => d.at(&file.rel, &file.text, span).label("reads an unset variable"),
        None => d,
    }]
}
