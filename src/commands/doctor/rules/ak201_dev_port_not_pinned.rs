//! **What:** the dev port is not pinned: React (Vite): no `server.strictPort: true` in
//! `vite.config.*` and no `--strictPort` in the `dev` script; Next.js: no `-p`/`--port` (or
//! `PORT=`) on the `next dev` the `dev` script starts (followed through `convex dev --start`,
//! `npm-run-all`, `run-p` and `npm run`).
//!
//! **Why:** when the port is busy, the dev server silently moves to the next one (Vite to 5174,
//! Next.js to 3001, …), and sign-in then returns to a URI nothing serves (P02).
//!
//! **Example:** `export default defineConfig({ plugins: [react()] })`; `"dev": "convex dev
//! --start 'next dev'"`.
//!
//! **Fix:** safe when the edit can be built: `--fix` sets `server.port` to the detected port and
//! `server.strictPort: true` in `vite.config.*`, or adds `-p <port>` to the one `next dev` in
//! the `dev` script, as `init --pin-port` does. Unsafe when nothing sets the port and the dev
//! URIs use another one (AK200): pinning the default would decide which port is right, so it
//! waits for that choice (`--port N` pins N). Otherwise manual.

use crate::app::App as Context;
use crate::commands::doctor::fix::FixOp;
use crate::commands::doctor::locate::json_value;
use crate::edit::package_json;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, port_fix};

pub const RULE: Rule = Rule {
    code: "AK201",
    name: "dev-port-not-pinned",
    severity: Severity::Warning,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak201_dev_port_not_pinned.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(facts) = &cx.facts else { return vec![] };
    if facts.port.pinned {
        return vec![];
    }
    let port = facts.port.port;
    // A port doctor can't read (or only knows from the setup's record, because the config
    // computes it) is pinned by hand: an edit would replace the user's expression.
    let readable = facts.port.known() && !(facts.port.recorded() && facts.port.env.is_none());
    let config = cx.framework_config().filter(|_| readable);
    let pin = cx.recipe().port_pin(cx.pkg.as_ref().filter(|_| readable), config, port);
    // The framework's default against URIs on another port: pinning it is the port choice.
    let ambiguous = facts.port.source == "default" && port_fix(cx, port).is_some();
    let fix = match &pin.file {
        Some(file) if ambiguous => Fix::unsafe_edits(pin.action.clone(), vec![FixOp::PinPort { file: file.clone(), port }]),
        Some(file) => Fix::safe(pin.action.clone(), vec![FixOp::PinPort { file: file.clone(), port }]),
        None => Fix::manual(pin.action.clone()),
    };
    let shown = if facts.port.known() { format!(" {port}") } else { String::new() };
    let d = Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!("the dev port{shown} is not pinned ({})", pin.missing),
        pin.why,
        fix,
    );
    // Point at where the pin goes: the script that starts the dev server, or the config.
    let script = pin.script.as_ref().and_then(|script| {
        let text = cx.text_of(package_json::FILE)?;
        Some((text, json_value(text, &["scripts", script])?))
    });
    let d = match (script, config) {
        (Some((text, range)), _) => d.at(package_json::FILE, text, range),
        (None, Some((name, text))) if pin.file.as_deref() == Some(name) => {
            let at = text.find("defineConfig(").map_or(0, |i| i + "defineConfig(".len());
            d.at(name, text, at..at + 1)
        }
        _ => return vec![d],
    };
    vec![d.label(pin.label)]
}
