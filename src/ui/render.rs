//! Human output (uv's STYLE.md): diffs are data and go to stdout; everything else goes to stderr,
//! with `warning:`/`hint:` prefixes, backticked values, and colour only when the stream is a
//! terminal and `NO_COLOR` is unset (anstream strips it otherwise).

use anstream::eprintln;
use owo_colors::OwoColorize;

use crate::error::UserError;

/// A unified diff with `+`/`-`/`@@` lines coloured (stripped again when colour is off).
pub fn colour_diff(diff: &str) -> String {
    diff.lines()
        .map(|l| {
            if l.starts_with("+++") || l.starts_with("---") {
                l.bold().to_string()
            } else if l.starts_with('+') {
                l.green().to_string()
            } else if l.starts_with('-') {
                l.red().to_string()
            } else if l.starts_with("@@") {
                l.cyan().to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An error, with its location, snippet and hints.
pub fn error(e: &UserError) {
    match &e.location {
        Some(loc) => eprintln!(
            "{}{} {}\n  {} {loc}",
            "error".red().bold(),
            ":".bold(),
            e.message,
            "-->".cyan()
        ),
        None => eprintln!("{}{} {}", "error".red().bold(), ":".bold(), e.message),
    }
    for h in &e.hints {
        eprintln!("{}{} {h}", "hint".cyan().bold(), ":".bold());
    }
    if let Some(snippet) = &e.snippet {
        eprintln!();
        for line in snippet.lines() {
            eprintln!("    {line}");
        }
    }
}
