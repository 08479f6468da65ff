//! **What:** a local URI in `authKit.dev.configure` (`redirectUris`, `appHomepageUrl`,
//! `corsOrigins`) uses a port other than the dev server's, and no URI of that kind is on the dev
//! port (or it is the redirect URI the app sends, from `.env.local`). Extra local URIs on other
//! ports beside one on the dev port (a `vite preview` port such as 4173) are only an info. The
//! port is the app model's, as `init` uses it: `server.port` in `vite.config.*`, `--port` in the
//! `dev` script (followed through `convex dev --start`, `npm-run-all`, `run-p`, `npm run`), else
//! Vite's 5173; a port read from an env var with a literal fallback
//! (`Number(process.env.PORT) || 5180`) is the fallback, unless the setup records another one
//! (then an info says to start the dev server with that variable). When the port can't be read
//! and the setup records none, a warning says so instead of guessing.
//!
//! **Why:** after sign-in WorkOS sends the browser to the registered redirect URI, after sign-out
//! to the homepage, and it answers the browser's code exchange only from a registered CORS
//! origin: on the wrong port nothing (or another app) answers (P01, P02).
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
//! dev port are only an info, left alone. `convex-authkit init` moves the same URIs.

use crate::app::App as Context;
use crate::app::port::OffPort;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::locate::json_value;

use super::common::{Rule, json_text, port_fix};

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
    let dev_port = &facts.port;
    if let Some(why) = &dev_port.unresolved {
        let has_setup = cx.auth_kit_section("dev").is_some() || cx.env_value(cx.names().redirect_uri).is_some();
        if !has_setup {
            return vec![];
        }
        return vec![Diagnostic::new(
            RULE.code,
            Severity::Warning,
            format!("the dev server's port can't be known ({why}), and the setup's local URIs don't agree on one"),
            "the redirect URI, homepage and CORS origin must be on the port the dev server runs on; doctor can't check them against a port it doesn't know",
            Fix::manual("run init with the port the dev server really uses; it records it in `convex.json` and the env, where doctor and verify read it")
                .command("convex-authkit init --port N"),
        )];
    }
    let port = dev_port.port;
    let mut out = Vec::new();
    if let (Some(config), Some(var)) = (&dev_port.config, &dev_port.env) {
        out.push(Diagnostic::new(
            RULE.code,
            Severity::Info,
            format!("the dev server runs on {port} only when started with `{var}={port}`: the setup records {port} ({}), and the config says {config}", dev_port.source),
            format!("the config reads the port from `{var}`; started without it, the dev server uses its fallback, where sign-in can't return"),
            Fix::manual(format!("start the dev server with `{var}={port}`, or make {port} the fallback"))
                .command(format!("convex-authkit init --port {port} --pin-port")),
        ));
    }
    let text = json_text(cx);
    let file = cx.convex_json_rel.as_str();
    // When no edit can be built: moving the URIs (init does it too), or moving the dev server,
    // when a pin can be written.
    let by_hand = |theirs: u16| {
        let mut fix = Fix::manual(format!(
            "move the dev URIs (and `{}`) to port {port}, where the dev server runs, or move the dev server to port {theirs} and pin it",
            cx.names().redirect_uri
        ))
        .command("convex-authkit init");
        if cx.recipe().port_pin(cx.pkg.as_ref(), cx.framework_config(), theirs).file.is_some() {
            fix = fix.command(format!("convex-authkit init --port {theirs} --pin-port"));
        }
        fix
    };
    for off in cx.off_port(port) {
        let OffPort { key, index, uri, port: theirs, stale } = &off;
        let mut path = vec!["authKit", "dev", "configure", key];
        let index_text = index.map(|i| i.to_string());
        if let Some(i) = &index_text {
            path.push(i);
        }
        let range = json_value(text, &path).unwrap_or(0..1);
        let (what, why) = field(key, *theirs);
        if !stale {
            // An extra port (`vite preview` on 4173, `next start`, a second app): harmless.
            out.push(
                Diagnostic::new(
                    RULE.code,
                    Severity::Info,
                    format!("{what} `{uri}` is on port {theirs}; the dev server runs on {port} (from {}), which is registered too", dev_port.source),
                    "an extra local URI is harmless as long as one on the dev server's port is registered, as it is here",
                    Fix::manual(format!("keep it if something (e.g. `{}`) serves port {theirs}, else remove it", cx.recipe().client_sdk().preview_server)),
                )
                .at(file, text, range)
                .label(format!("port {theirs}, besides {port}")),
            );
            continue;
        }
        out.push(
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("{what} `{uri}` is on port {theirs}, but the dev server runs on {port} (from {})", dev_port.source),
                why,
                port_fix(cx, port).unwrap_or_else(|| by_hand(*theirs)),
            )
            .at(file, text, range)
            .label(format!("port {theirs}, not {port}")),
        );
    }
    out
}

/// How a message names the field, and why a wrong port there breaks sign-in.
fn field(key: &str, theirs: u16) -> (&'static str, String) {
    match key {
        "redirectUris" => (
            "the redirect URI",
            format!("WorkOS sends the browser back to a registered redirect URI after sign-in; on port {theirs} nothing answers, or another app does"),
        ),
        "appHomepageUrl" => (
            "the homepage",
            format!("WorkOS sends users to the homepage after sign-out and links to it from its hosted pages; on port {theirs} nothing answers, or another app does"),
        ),
        _ => (
            "the CORS origin",
            "WorkOS answers the browser's calls (the code exchange, token refresh) only from a registered origin; the app's own origin isn't one, so the browser blocks them".to_string(),
        ),
    }
}
