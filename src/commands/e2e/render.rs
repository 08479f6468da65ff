//! `verify --e2e`'s human output.

use anstream::eprintln;
use owo_colors::OwoColorize;

use super::E2eReport;

/// The `verify --e2e` report: one line per step, then the verdict.
pub fn report(r: &E2eReport) {
    eprintln!(
        "{} against `{}` (client `{}`)",
        "verify --e2e".bold(),
        r.emulator,
        r.client_id
    );
    for s in &r.steps {
        let mark = if s.ok {
            "✓".green().to_string()
        } else {
            "✗".red().to_string()
        };
        let mut lines = s.detail.lines();
        eprintln!("  {mark} {:<24} {}", s.name, lines.next().unwrap_or(""));
        for l in lines {
            eprintln!("    {:<24} {l}", "");
        }
        if let Some(h) = &s.hint {
            eprintln!("    {}{} {h}", "hint".cyan().bold(), ":".bold());
        }
    }
    if let Some(id) = &r.identity {
        println!("{}", serde_json::to_string_pretty(id).unwrap_or_default());
    }
    if r.status == "passed" {
        eprintln!(
            "{} sign-in returns to `{}` and Convex accepts the token",
            "✓".green(),
            r.redirect_uri
        );
    } else {
        eprintln!(
            "{} sign-in does not reach a Convex-authenticated state",
            "✗".red()
        );
    }
}
