//! **What:** the dev port is not pinned: no `server.strictPort: true` in `vite.config.*` and no
//! `--strictPort` in the `dev` script.
//!
//! **Why:** when the port is busy, Vite silently moves to the next one (5174, …), and sign-in then
//! returns to a URI nothing serves (P02).
//!
//! **Example:** `export default defineConfig({ plugins: [react()] })`.
//!
//! **Fix:** safe (with a `vite.config.*`): `--fix` sets `server.port` to the detected port and
//! `server.strictPort: true`, as `init --pin-port` does.

use crate::commands::doctor::fix::FixOp;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

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
    let config = cx.framework_config();
    let why = "when the port is busy Vite moves to the next free one, and sign-in then returns to a URI nothing serves";
    let message = format!("the dev port {port} is not pinned (`strictPort`)");
    let d = match config {
        Some((name, text)) if facts.port.unresolved.is_none() => {
            let at = text.find("defineConfig(").map_or(0, |i| i + "defineConfig(".len());
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                message,
                why,
                Fix::safe(
                    format!("set `server.port: {port}` and `server.strictPort: true` in `{name}`"),
                    vec![FixOp::PinPort { file: name.into(), port }],
                ),
            )
            .at(name, text, at..at + 1)
            .label("no `server.strictPort: true` in this config")
        }
        _ => Diagnostic::new(
            RULE.code,
            RULE.severity,
            message,
            why,
            Fix::manual("pass `--strictPort` to `vite` in the `dev` script, or set `server.strictPort: true` in the Vite config"),
        ),
    };
    vec![d]
}
