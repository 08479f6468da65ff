//! Human output (uv's STYLE.md): diffs are data and go to stdout; everything else goes to stderr,
//! with `warning:`/`hint:` prefixes, backticked values, and colour only when the stream is a
//! terminal and `NO_COLOR` is unset (anstream strips it otherwise).

use anstream::{eprintln, println};
use owo_colors::OwoColorize;

use crate::commands::init::{Outcome, Report, Scope, Team};
use crate::edit::plan::NoteLevel;
use crate::error::UserError;

/// The plan: detection summary, then each file's diff.
pub fn plan(r: &Report) {
    let p = &r.project;
    eprintln!(
        "{} {} · {} · {}",
        "convex-authkit init".bold(),
        match p.framework {
            "react-vite" => "React (Vite)",
            other => other,
        },
        p.language,
        p.package_manager
    );
    let pinned = if p.dev_port.pinned {
        "pinned"
    } else {
        "not pinned"
    };
    eprintln!(
        "  {:<10} `{}`",
        "entry",
        p.provider_file.as_deref().unwrap_or(&p.entry)
    );
    eprintln!(
        "  {:<10} {} (from {}, {pinned})",
        "dev port", p.dev_port.port, p.dev_port.source
    );
    eprintln!("  {:<10} `{}`", "redirect", r.choices.redirect_uri);
    eprintln!(
        "  {:<10} {}",
        "team",
        match r.choices.team {
            Team::Managed => "Convex-managed WorkOS team",
            Team::Existing => "existing WorkOS team",
        }
    );
    eprintln!(
        "  {:<10} {}",
        "scope",
        match (r.choices.scope, &r.choices.prod_url) {
            (Scope::Local, _) => "local only".to_string(),
            (Scope::Production, Some(url)) => format!("production-ready (`{url}`)"),
            (Scope::Production, None) => "production-ready".to_string(),
        }
    );
    for f in &r.files {
        println!("{}", colour_diff(&f.diff));
    }
}

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

/// Everything after the plan: notes, what happened, next steps.
pub fn outcome(r: &Report, already_previewed: bool) {
    if !already_previewed && r.status != Outcome::AlreadySetUp {
        plan(r);
    }
    for n in &r.notes {
        match n.level {
            NoteLevel::Warning => {
                eprintln!("{}{} {}", "warning".yellow().bold(), ":".bold(), n.message)
            }
            NoteLevel::Info => eprintln!("{}{} {}", "info".cyan().bold(), ":".bold(), n.message),
        }
        if let Some(h) = &n.hint {
            eprintln!("  {}{} {h}", "hint".cyan().bold(), ":".bold());
        }
    }
    let files = r.files.len();
    let plural = if files == 1 { "" } else { "s" };
    match r.status {
        Outcome::AlreadySetUp => eprintln!(
            "{} AuthKit is already set up here; nothing to change",
            "✓".green()
        ),
        Outcome::DryRun => {
            eprintln!("Would change {files} file{plural} (dry run; nothing was written)")
        }
        Outcome::Cancelled => eprintln!("Cancelled; nothing was written"),
        Outcome::Applied => {
            eprintln!("{} Changed {files} file{plural}", "✓".green());
            match r.install.status {
                "succeeded" => eprintln!(
                    "{} Installed packages with `{}`",
                    "✓".green(),
                    r.install.command
                ),
                "failed" => eprintln!(
                    "{} `{}` failed; the files are written",
                    "✗".red(),
                    r.install.command
                ),
                _ => {}
            }
        }
    }
    if r.status == Outcome::Cancelled {
        return;
    }
    if !r.next_steps.is_empty() {
        eprintln!();
        eprintln!("{}", "Next steps".bold());
        for (i, s) in r.next_steps.iter().enumerate() {
            eprintln!("  {}. {}", i + 1, s.text);
            if let Some(c) = &s.command {
                eprintln!("       {}", c.cyan());
            }
        }
    }
    for a in &r.action_required {
        eprintln!();
        eprintln!(
            "{}{} {}",
            "action required".yellow().bold(),
            ":".bold(),
            a.message
        );
        eprintln!("  run `{}` in a terminal", a.command);
    }
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

/// The `verify --e2e` report: one line per step, then the verdict.
pub fn e2e(r: &crate::commands::e2e::E2eReport) {
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
