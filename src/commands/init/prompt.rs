//! The real terminal behind init's [`Ui`]: cliclack prompts, a spinner, the plan shown before
//! the confirm prompt.

use std::path::Path;

use super::model::{Report, Scope, Team};
use super::render;
use crate::error::UserError;

/// The side effects init needs from the outside world, so tests and `--json` runs never prompt.
pub trait Ui {
    fn interactive(&self) -> bool;
    fn select_team(&self, default: Team) -> Result<Team, UserError>;
    fn select_scope(&self, default: Scope) -> Result<Scope, UserError>;
    fn input(
        &self,
        prompt: &str,
        placeholder: &str,
        validate: fn(&str) -> Result<(), String>,
    ) -> Result<String, UserError>;
    fn confirm(&self, prompt: &str) -> Result<bool, UserError>;
    /// Asks for a secret without echoing it.
    fn secret(
        &self,
        prompt: &str,
        validate: fn(&str) -> Result<(), String>,
    ) -> Result<String, UserError>;
    /// Called right before the files are written: the terminal routes Ctrl-C to `cancel`, so an
    /// interrupted apply rolls back instead of leaving half the files written.
    fn before_apply(&self, cancel: &crate::files::Cancel) {
        let _ = cancel;
    }
    /// Shows the plan before the confirm prompt.
    fn show_plan(&self, report: &Report);
    /// Runs the install command, with a spinner when interactive.
    fn install(&self, dir: &Path, program: &str, args: &[&str]) -> Result<(), String>;
}

/// The real terminal: cliclack prompts and a spinner.
pub struct Terminal {
    pub interactive: bool,
}

impl Terminal {
    pub fn detect() -> Terminal {
        Terminal {
            interactive: crate::ui::interactive(),
        }
    }
}

fn prompt_error(e: std::io::Error) -> UserError {
    if e.kind() == std::io::ErrorKind::Interrupted {
        UserError::usage("cancelled; nothing was written")
    } else {
        UserError::usage(format!("the prompt failed: {e}"))
            .hint("pass the choices as flags instead (see `convex-authkit init --help`)")
    }
}

impl Ui for Terminal {
    fn interactive(&self) -> bool {
        self.interactive
    }
    fn select_team(&self, default: Team) -> Result<Team, UserError> {
        cliclack::select("Which WorkOS team?")
            .item(
                Team::Managed,
                "Convex-managed",
                "Convex creates and configures the WorkOS environment",
            )
            .item(
                Team::Existing,
                "Existing WorkOS team",
                "you paste a client ID from your dashboard",
            )
            .initial_value(default)
            .interact()
            .map_err(prompt_error)
    }
    fn select_scope(&self, default: Scope) -> Result<Scope, UserError> {
        cliclack::select("How far?")
            .item(Scope::Local, "Local only", "sign-in on localhost")
            .item(
                Scope::Production,
                "Production-ready",
                "also the prod redirect, homepage and CORS origin",
            )
            .initial_value(default)
            .interact()
            .map_err(prompt_error)
    }
    fn input(
        &self,
        prompt: &str,
        placeholder: &str,
        validate: fn(&str) -> Result<(), String>,
    ) -> Result<String, UserError> {
        cliclack::input(prompt)
            .placeholder(placeholder)
            .validate(move |s: &String| validate(s.trim()))
            .interact::<String>()
            .map(|s| s.trim().to_string())
            .map_err(prompt_error)
    }
    fn secret(
        &self,
        prompt: &str,
        validate: fn(&str) -> Result<(), String>,
    ) -> Result<String, UserError> {
        cliclack::password(prompt)
            .mask('•')
            .validate(move |s: &String| validate(s.trim()))
            .interact()
            .map(|s| s.trim().to_string())
            .map_err(prompt_error)
    }
    fn confirm(&self, prompt: &str) -> Result<bool, UserError> {
        cliclack::confirm(prompt)
            .initial_value(true)
            .interact()
            .map_err(prompt_error)
    }
    fn before_apply(&self, cancel: &crate::files::Cancel) {
        crate::files::install_signal_handler(cancel);
    }
    fn show_plan(&self, report: &Report) {
        render::plan(report);
        // The diffs have scrolled by: say what the question is about, right above it.
        anstream::eprintln!("{}", report.summary_line());
    }
    fn install(&self, dir: &Path, program: &str, args: &[&str]) -> Result<(), String> {
        let spinner = self.interactive.then(|| {
            let s = cliclack::spinner();
            s.start(format!("{program} {}", args.join(" ")));
            s
        });
        if spinner.is_none() {
            anstream::eprintln!("Running `{program} {}`…", args.join(" "));
        }
        let output = std::process::Command::new(program)
            .args(args)
            .current_dir(dir)
            .stdin(std::process::Stdio::null())
            .output();
        let result = match output {
            Ok(o) if o.status.success() => Ok(()),
            Ok(o) => {
                let stderr = String::from_utf8_lossy(&o.stderr);
                let tail: Vec<&str> = stderr
                    .lines()
                    .rev()
                    .take(8)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                Err(format!(
                    "exit status {}\n{}",
                    o.status.code().unwrap_or(-1),
                    tail.join("\n")
                ))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(format!("`{program}` is not on PATH"))
            }
            Err(e) => Err(e.to_string()),
        };
        if let Some(s) = spinner {
            match &result {
                Ok(()) => s.stop("Installed packages"),
                Err(_) => s.error("Install failed"),
            }
        }
        result
    }
}
