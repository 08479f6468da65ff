//! init's human output: the detection summary and the diffs before applying, then the outcome
//! and the next steps.

use anstream::{eprintln, println};
use owo_colors::OwoColorize;

use super::model::{Outcome, Report, Scope, Team};
use crate::edit::plan::NoteLevel;
use crate::ui::render::colour_diff;

/// The plan: detection summary, then each file's diff.
pub fn plan(r: &Report) {
    let p = &r.project;
    eprintln!(
        "{} {} · {} · {}",
        "convex-authkit init".bold(),
        crate::frameworks::RECIPES
            .iter()
            .find(|r| r.id() == p.framework)
            .map_or(p.framework, |r| r.name()),
        p.language,
        p.package_manager
    );
    let pinned = if p.dev_port.pinned {
        "pinned"
    } else {
        "not pinned"
    };
    eprintln!("  {:<10} `{}`", "entry", p.entry);
    if let Some(file) = p.provider_file.as_deref().filter(|f| *f != p.entry) {
        eprintln!("  {:<10} `{file}`", "providers");
    }
    if let Some(c) = &p.convex_project {
        eprintln!("  {:<10} `{}` ({})", "convex", c.dir, c.found);
    }
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
