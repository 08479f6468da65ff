//! **What:** the redirect URI the app will use (`authKit.dev.localEnvVars.VITE_WORKOS_REDIRECT_URI`,
//! `NEXT_PUBLIC_WORKOS_REDIRECT_URI` in Next.js, which `npx convex dev` writes to `.env.local`, or
//! a literal `redirectUri` on `AuthKitProvider`) is not among
//! `authKit.dev.configure.redirectUris`: usually a different callback path.
//!
//! **Why:** WorkOS only redirects to registered URIs, byte for byte; the SPA handles the callback
//! only on the path of its `redirectUri`, a Next.js app only in the route at that path (P01,
//! P03).
//!
//! **Example:** `localEnvVars` says `http://localhost:5173/auth/callback`, `redirectUris` says
//! `http://localhost:5173/callback`.
//!
//! **Fix:** manual: make both the same URI.

use crate::commands::doctor::locate::{Url, json_value, loopback_alias};
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, authkit_element, configure_strings, json_text, provider, server_flow};

pub const RULE: Rule = Rule {
    code: "AK202",
    name: "callback-path-mismatch",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak202_callback_path_mismatch.rs"),
    check,
};

/// Whether `uri` is registered, or differs only by `localhost`/`127.0.0.1` (that is AK206's).
pub fn registered_or_alias(uri: &str, registered: &[(usize, &str)]) -> bool {
    registered.iter().any(|(_, r)| {
        *r == uri
            || match (Url::parse(r), Url::parse(uri)) {
                (Some(a), Some(b)) => {
                    loopback_alias(a.host, b.host)
                        && a.port == b.port
                        && a.path == b.path
                        && a.scheme == b.scheme
                }
                _ => false,
            }
    })
}

fn describe(uri: &str, registered: &[(usize, &str)]) -> String {
    let paths: Vec<&str> = registered
        .iter()
        .filter_map(|(_, r)| Url::parse(r).map(|u| u.path))
        .collect();
    match Url::parse(uri) {
        Some(u) if !paths.contains(&u.path) => format!(
            "the callback path `{}` of `{uri}` is not the path of any dev redirect URI ({})",
            if u.path.is_empty() { "/" } else { u.path },
            paths.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
        ),
        _ => format!("`{uri}` is not among the dev redirect URIs in `convex.json`"),
    }
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let registered = configure_strings(cx, "dev", "redirectUris");
    if registered.is_empty() {
        return vec![];
    }
    let names = cx.names();
    let mut out = Vec::new();
    let why = if server_flow(cx) {
        "WorkOS redirects only to registered URIs, compared byte for byte, and the app completes sign-in only in the route at its redirect URI's path"
    } else {
        "WorkOS redirects only to registered URIs, compared byte for byte, and the SPA completes sign-in only on its `redirectUri`'s path"
    };
    let text = json_text(cx);
    if let Some(uri) = cx.local_env_var(names.redirect_uri)
        && !uri.contains("${")
        && !registered_or_alias(uri, &registered)
    {
        let range = json_value(text, &["authKit", "dev", "localEnvVars", names.redirect_uri]).unwrap_or(0..1);
        out.push(
            Diagnostic::new(RULE.code, RULE.severity, describe(uri, &registered), why, Fix::manual(format!("use the same URI in `localEnvVars.{}` and `configure.redirectUris`", names.redirect_uri)))
                .at(&cx.convex_json_rel, text, range)
                .label("`npx convex dev` writes this to `.env.local`"),
        );
    }
    if let Some((file, facts)) = provider(cx)
        && let Some(el) = authkit_element(cx, &facts)
        && let Some(a) = el.attrs.iter().find(|a| a.name.as_deref() == Some("redirectUri"))
        && let Some(v) = a.value.as_deref()
        && let Some(uri) = v.strip_prefix(['"', '\'']).and_then(|s| s.strip_suffix(['"', '\'']))
        && !registered_or_alias(uri, &registered)
    {
        out.push(
            Diagnostic::new(RULE.code, RULE.severity, describe(uri, &registered), why, Fix::manual(format!("use a registered redirect URI, or read it from `{}`", names.redirect_uri)))
                .at(&file.rel, &file.text, a.span.clone())
                .label("the app sends this redirect URI"),
        );
    }
    out
}
