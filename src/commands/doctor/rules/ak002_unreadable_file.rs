//! **What:** a file doctor needs can't be read or doesn't parse: `package.json`, a `.env` file,
//! `convex.json` (not even as JSONC), `convex/auth.config.*`, the Vite config, `index.html`, the
//! entry or the provider file. The finding points at the first syntax error, or names why the file
//! can't be read: a symbolic link that points to itself, into a loop or to nothing, a folder where
//! the file should be, no permission, not UTF-8. The checks that need the file are skipped.
//!
//! **Why:** the tool that reads the file (npm, Vite, the Convex CLI) fails on it too, so nothing
//! downstream can work (P08, P09).
//!
//! **Example:** `VITE_WORKOS_CLIENT_ID client_01…` (no `=`) in `.env.local`; `src/main.tsx` a
//! symbolic link to itself.
//!
//! **Fix:** manual: fix the syntax error at the position shown, or the file named.

use crate::app::LoadProblem;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK002",
    name: "unreadable-file",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak002_unreadable_file.rs"),
    check,
};

/// The problems are met while the app is read ([`crate::app`]); doctor turns each into a finding
/// first, before the rules run (see [`finding`]).
fn check(_cx: &Context) -> Vec<Diagnostic> {
    vec![]
}

/// The finding for one file the app reader couldn't use.
pub fn finding(cx: &Context, p: &LoadProblem) -> Diagnostic {
    let e = &p.error;
    let why = format!(
        "doctor (and the tool that reads this file: {}, npm or the Convex CLI) can't read it, so the checks that need it were skipped",
        cx.recipe().client_sdk().dev_server
    );
    let help = e
        .hints
        .first()
        .cloned()
        .unwrap_or_else(|| "fix the file and run doctor again".into())
        .replace("run again; nothing was written", "run doctor again")
        .replace("; nothing was written", "");
    let mut d = Diagnostic::new(
        "AK002",
        Severity::Error,
        e.message.clone(),
        why,
        Fix::manual(help),
    );
    // A syntax error has a position; a file that can't be read is only named.
    let Some(file) = e.about_file() else {
        return d;
    };
    match (&p.span, cx.text_of(file)) {
        (Some(span), Some(text)) => {
            d = d.at(file, text, span.clone()).label(p.label.unwrap_or("here"));
        }
        _ => {
            d.file = Some(file.to_string());
            d.label = Some("here".into());
            // No text to show, but a position (the first byte that isn't UTF-8).
            if let Some(loc) = &e.location {
                d.span = Some(crate::commands::doctor::diagnostic::Span {
                    line: loc.line,
                    column: loc.column,
                    end_line: loc.line,
                    end_column: loc.column,
                    start: 0,
                    end: 0,
                });
            }
        }
    }
    d
}
