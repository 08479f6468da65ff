//! **What:** a local URI in `authKit.dev.configure` (`redirectUris`, `appHomepageUrl`,
//! `corsOrigins`) uses a port other than the dev server's. The port is detected as `init` does:
//! `server.port` in `vite.config.*`, `--port` in the `dev` script (followed through
//! `convex dev --start`, `npm-run-all`, `run-p`, `npm run`), else Vite's 5173. Skipped when the
//! configured port is an expression doctor can't read.
//!
//! **Why:** after sign-in WorkOS sends the browser to the registered URI; on the wrong port nothing
//! (or another app) answers (P01, P02).
//!
//! **Example:** `"redirectUris": ["http://localhost:3000/callback"]` with Vite on 5173.
//!
//! **Fix:** needs confirmation: either the URIs or the port must change, and only you know which
//! is right (`convex-authkit init --port N --pin-port` rewrites both consistently).

use crate::doctor::locate::{Url, json_value};
use crate::doctor::{Applicability, Context, Diagnostic, Fix, Severity};

use super::{Rule, configure, configure_strings, json_text};

pub const RULE: Rule = Rule {
    code: "AK200",
    name: "dev-port-mismatch",
    severity: Severity::Error,
    fix: Applicability::NeedsConfirmation,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak200_dev_port_mismatch.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(facts) = &cx.facts else { return vec![] };
    if facts.port.unresolved.is_some() {
        return vec![];
    }
    let port = facts.port.port;
    let mut uris: Vec<(Vec<String>, &str)> = Vec::new();
    for key in ["redirectUris", "corsOrigins"] {
        for (i, u) in configure_strings(cx, "dev", key) {
            uris.push((vec![key.into(), i.to_string()], u));
        }
    }
    if let Some(h) = configure(cx, "dev")
        .and_then(|c| c.get("appHomepageUrl"))
        .and_then(|v| v.as_str())
    {
        uris.push((vec!["appHomepageUrl".into()], h));
    }
    let text = json_text(cx);
    uris.into_iter()
        .filter_map(|(path, uri)| {
            let u = Url::parse(uri)?;
            if !u.is_local() || u.effective_port() == Some(port) {
                return None;
            }
            let mut full = vec!["authKit", "dev", "configure"];
            full.extend(path.iter().map(String::as_str));
            let range = json_value(text, &full).unwrap_or(0..1);
            let theirs = u.effective_port().map_or("no".into(), |p| p.to_string());
            Some(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`{uri}` uses port {theirs}, but the dev server runs on {port} (from {})", facts.port.source),
                    "WorkOS sends the browser back to the registered URI after sign-in; on the wrong port nothing answers, or another app does",
                    Fix::confirm(format!("use port {port} in the dev URIs, or move the dev server to port {theirs} and pin it"))
                        .command(format!("convex-authkit init --port {theirs} --pin-port")),
                )
                .at(crate::convex_json::FILE, text, range)
                .label(format!("port {theirs}, not {port}")),
            )
        })
        .collect()
}
