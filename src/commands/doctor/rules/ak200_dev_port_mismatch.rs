//! **What:** a local URI in `authKit.dev.configure` (`redirectUris`, `appHomepageUrl`,
//! `corsOrigins`) uses a port other than the dev server's, and no URI of that kind is on the dev
//! port (or it is the redirect URI the app sends, from `.env.local`). Extra local URIs on other
//! ports beside one on the dev port (a `vite preview` port such as 4173) are only an info. The port is detected as `init` does:
//! `server.port` in `vite.config.*`, `--port` in the `dev` script (followed through
//! `convex dev --start`, `npm-run-all`, `run-p`, `npm run`), else Vite's 5173. Skipped when the
//! configured port is an expression doctor can't read.
//!
//! **Why:** after sign-in WorkOS sends the browser to the registered URI; on the wrong port nothing
//! (or another app) answers (P01, P02).
//!
//! **Example:** `"redirectUris": ["http://localhost:3000/callback"]` with Vite on 5173.
//!
//! **Fix:** the problem catalogue's remedy (P02): `--fix` moves `convex.json`'s dev redirect URI,
//! CORS origin and homepage, the redirect URI in `localEnvVars` and the redirect variable in the
//! dev env file to the port the app uses; then `npx convex dev` registers them with WorkOS. Safe
//! when the app sets its port (`vite.config.*`, `--port`, `-p`); when nothing sets it, the
//! framework's default may not be what was meant, so the fix is unsafe: `--fix` asks in a
//! terminal (that port, or the URIs' port with the dev server pinned to it), `--port N` chooses
//! without one, and `--unsafe-fixes` takes the dev server's port. Extra ports beside one on the
//! dev port are only an info, left alone.

use crate::commands::doctor::locate::{Url, json_value};
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, configure, configure_strings, json_text, port_fix};

pub const RULE: Rule = Rule {
    code: "AK200",
    name: "dev-port-mismatch",
    severity: Severity::Error,
    fix: Applicability::Safe,
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
    // (kind, JSON path, URI)
    let mut uris: Vec<(&str, Vec<String>, &str)> = Vec::new();
    for key in ["redirectUris", "corsOrigins"] {
        for (i, u) in configure_strings(cx, "dev", key) {
            uris.push((key, vec![key.into(), i.to_string()], u));
        }
    }
    if let Some(h) = configure(cx, "dev")
        .and_then(|c| c.get("appHomepageUrl"))
        .and_then(|v| v.as_str())
    {
        uris.push(("appHomepageUrl", vec!["appHomepageUrl".into()], h));
    }
    let on_port = |kind: &str| {
        uris.iter().any(|(k, _, u)| {
            *k == kind && Url::parse(u).is_some_and(|u| u.is_local() && u.effective_port() == Some(port))
        })
    };
    // The redirect URI the app actually sends (`.env.local`, references expanded).
    let sent = cx.env_expanded(cx.names().redirect_uri);
    let text = json_text(cx);
    uris.iter()
        .filter_map(|(kind, path, uri)| {
            let u = Url::parse(uri)?;
            if !u.is_local() || u.effective_port() == Some(port) {
                return None;
            }
            let mut full = vec!["authKit", "dev", "configure"];
            full.extend(path.iter().map(String::as_str));
            let range = json_value(text, &full).unwrap_or(0..1);
            let theirs = u.effective_port().map_or("no".into(), |p| p.to_string());
            let used = *kind == "redirectUris" && sent.as_deref() == Some(*uri);
            if on_port(kind) && !used {
                // An extra port (`vite preview` on 4173, `next start`, a second app): harmless.
                return Some(
                    Diagnostic::new(
                        RULE.code,
                        Severity::Info,
                        format!("`{uri}` uses port {theirs}; the dev server runs on {port} (from {}), which is registered too", facts.port.source),
                        "an extra local URI is harmless as long as one on the dev server's port is registered, as it is here",
                        Fix::manual(format!("keep it if something (e.g. `{}`) serves port {theirs}, else remove it", cx.recipe().client_sdk().preview_server)),
                    )
                    .at(crate::edit::convex_json::FILE, text, range)
                    .label(format!("port {theirs}, besides {port}")),
                );
            }
            let fix = port_fix(cx, port).unwrap_or_else(|| {
                let mut fix = Fix::manual(format!(
                    "use port {port} in the dev URIs (and in `{}`), or move the dev server to port {theirs} and pin it",
                    cx.names().redirect_uri
                ));
                if u.port.is_some() {
                    fix = fix.command(format!("convex-authkit init --port {theirs} --pin-port"));
                }
                fix
            });
            Some(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`{uri}` uses port {theirs}, but the dev server runs on {port} (from {})", facts.port.source),
                    "WorkOS sends the browser back to the registered URI after sign-in; on the wrong port nothing answers, or another app does",
                    fix,
                )
                .at(crate::edit::convex_json::FILE, text, range)
                .label(format!("port {theirs}, not {port}")),
            )
        })
        .collect()
}
