//! Asking about unsafe fixes in a terminal: `--fix` shows each one's diff and asks before
//! applying it, and asks which port an ambiguous dev port is. Never without a terminal (CI, a
//! pipe, `--json`): there, unsafe fixes need `--unsafe-fixes`, and the port `--port`.

use super::diagnostic::{Diagnostic, PortChoice};
use crate::error::UserError;

/// The questions `--fix` may ask.
pub trait Ask {
    /// Whether there is someone to ask.
    fn interactive(&self) -> bool;
    /// Whether to apply the unsafe fix of `d` (its diff has been shown).
    fn confirm(&self, d: &Diagnostic) -> Result<bool, UserError>;
    /// Which port the app uses; `None`: leave it.
    fn choose_port(&self, d: &Diagnostic, choice: PortChoice) -> Result<Option<u16>, UserError>;
}

/// No one to ask: the unsafe fixes are left for `--unsafe-fixes`.
pub struct NoTerminal;

impl Ask for NoTerminal {
    fn interactive(&self) -> bool {
        false
    }
    fn confirm(&self, _: &Diagnostic) -> Result<bool, UserError> {
        Ok(false)
    }
    fn choose_port(&self, _: &Diagnostic, _: PortChoice) -> Result<Option<u16>, UserError> {
        Ok(None)
    }
}

/// The real terminal (cliclack on stderr; stdout keeps the report).
pub struct Terminal;

impl Terminal {
    /// A terminal when stdin and stderr are one and `CI` isn't set; otherwise [`NoTerminal`].
    pub fn detect() -> Box<dyn Ask> {
        if crate::ui::interactive() {
            Box::new(Terminal)
        } else {
            Box::new(NoTerminal)
        }
    }
}

fn prompt_error(e: std::io::Error) -> UserError {
    if e.kind() == std::io::ErrorKind::Interrupted {
        UserError::usage("cancelled; nothing was written")
    } else {
        UserError::usage(format!("the prompt failed: {e}"))
            .hint("pass `--unsafe-fixes` (and `--port N`) instead of answering")
    }
}

fn show(d: &Diagnostic) {
    anstream::eprintln!("\n{}[{}]: {}", d.severity.as_str(), d.code, d.message);
    anstream::eprintln!("unsafe fix: {}", d.fix.summary);
    if let Some(diff) = &d.fix.diff {
        anstream::eprintln!("{}", crate::ui::render::colour_diff(diff));
    }
}

impl Ask for Terminal {
    fn interactive(&self) -> bool {
        true
    }
    fn confirm(&self, d: &Diagnostic) -> Result<bool, UserError> {
        show(d);
        cliclack::confirm(format!("Apply this unsafe fix ({})?", d.code))
            .initial_value(false)
            .interact()
            .map_err(prompt_error)
    }
    fn choose_port(&self, d: &Diagnostic, choice: PortChoice) -> Result<Option<u16>, UserError> {
        anstream::eprintln!("\n{}[{}]: {}", d.severity.as_str(), d.code, d.message);
        let PortChoice {
            detected,
            configured,
        } = choice;
        cliclack::select(format!(
            "Nothing in the app sets the dev port. Which port does it use, {detected} or {configured}?"
        ))
        .item(
            Some(detected),
            format!("{detected}"),
            "the dev server's default: the URIs and the redirect variable move to it",
        )
        .item(
            Some(configured),
            format!("{configured}"),
            "the URIs' port: the dev server is pinned to it",
        )
        .item(None, "neither", "leave it for now")
        .initial_value(Some(detected))
        .interact()
        .map_err(prompt_error)
    }
}
