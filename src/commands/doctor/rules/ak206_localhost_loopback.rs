//! **What:** the dev configuration mixes `localhost` and `127.0.0.1` (or another loopback name):
//! between the redirect URIs, CORS origins, homepage, `localEnvVars` and
//! `VITE_WORKOS_REDIRECT_URI` (with `${VAR}` references expanded; skipped when one can't be).
//!
//! **Why:** WorkOS compares URIs and origins as exact strings, and the browser treats
//! `http://localhost:5173` and `http://127.0.0.1:5173` as different origins: the redirect is
//! refused or the CORS check fails (P01, P06).
//!
//! **Example:** `"redirectUris": ["http://localhost:5173/callback"]` and
//! `VITE_WORKOS_REDIRECT_URI=http://127.0.0.1:5173/callback`.
//!
//! **Fix:** manual: pick one host name and use it everywhere (and open the app with it).

use crate::commands::doctor::locate::{Url, json_value, loopback_alias};
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, configure, configure_strings, json_text};

pub const RULE: Rule = Rule {
    code: "AK206",
    name: "localhost-loopback",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak206_localhost_loopback.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let registered = configure_strings(cx, "dev", "redirectUris");
    let name = cx.names().redirect_uri;
    let reference = registered
        .first()
        .map(|(_, u)| *u)
        .or_else(|| cx.local_env_var(name));
    let Some(reference) = reference else { return vec![] };
    let Some(r) = Url::parse(reference) else { return vec![] };
    let text = json_text(cx);
    let mut out = Vec::new();
    let mut push = |uri: &str, file: &str, ftext: &str, range: std::ops::Range<usize>| {
        let Some(u) = Url::parse(uri) else { return };
        if !loopback_alias(u.host, r.host) {
            return;
        }
        out.push(
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("`{uri}` uses `{}`, but the dev redirect URI `{reference}` uses `{}`", u.host, r.host),
                "WorkOS and the browser compare hosts as strings: `localhost` and `127.0.0.1` are different origins, so the redirect or the CORS check fails",
                Fix::manual(format!("use `{}` everywhere (or `{}` everywhere) and open the app with that host", r.host, u.host)),
            )
            .at(file, ftext, range)
            .label(format!("`{}` here", u.host)),
        );
    };
    for key in ["redirectUris", "corsOrigins"] {
        for (i, u) in configure_strings(cx, "dev", key) {
            let idx = i.to_string();
            let range = json_value(text, &["authKit", "dev", "configure", key, &idx]).unwrap_or(0..1);
            push(u, &cx.convex_json_rel, text, range);
        }
    }
    if let Some(h) = configure(cx, "dev").and_then(|c| c.get("appHomepageUrl")).and_then(|v| v.as_str()) {
        let range = json_value(text, &["authKit", "dev", "configure", "appHomepageUrl"]).unwrap_or(0..1);
        push(h, &cx.convex_json_rel, text, range);
    }
    if let Some(v) = cx.local_env_var(name) {
        let range = json_value(text, &["authKit", "dev", "localEnvVars", name]).unwrap_or(0..1);
        push(v, &cx.convex_json_rel, text, range);
    }
    if let Some((file, entry)) = cx.env_value(name)
        && let Some(value) = cx.env_expanded(name)
    {
        push(&value, &file.rel, &file.text, file.value_range(entry));
    }
    out
}
