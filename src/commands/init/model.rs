//! init's inputs (the options and choices) and its report: plain data that the planner fills,
//! the renderer prints and `--json` serialises.

use std::path::PathBuf;

use serde::Serialize;

use crate::edit::package_json::DepChange;
use crate::edit::plan::{ActionRequired, EnvVar, NextStep, Note};
use crate::frameworks::{DevPort, Wiring};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Team {
    /// Convex provisions a WorkOS environment for you (`npx convex dev` asks once).
    Managed,
    /// You already have a WorkOS team; pass its client ID.
    Existing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Local development only.
    Local,
    /// Local development plus the production (and optionally preview) configuration.
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Host {
    Vercel,
    Netlify,
}

/// Every input of `init`, whether from flags or prompts.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    pub path: PathBuf,
    pub team: Option<Team>,
    pub scope: Option<Scope>,
    pub client_id: Option<String>,
    pub prod_url: Option<String>,
    pub prod_url_from: Option<Host>,
    pub preview: bool,
    pub port: Option<u16>,
    pub callback_path: Option<String>,
    pub pin_port: bool,
    pub no_auth_button: bool,
    pub with_users_table: bool,
    pub dry_run: bool,
    pub json: bool,
    pub yes: bool,
    pub no_install: bool,
    /// The Convex project's folder (`--convex-dir`), when the app model can't tell or guesses
    /// wrong.
    pub convex_dir: Option<PathBuf>,
    /// The WorkOS API key for server-side flows (Next.js, TanStack Start), read by the caller
    /// from `--api-key-stdin` or the `WORKOS_API_KEY` environment variable; never a flag value.
    /// Without it, a terminal asks with a hidden prompt.
    pub api_key: Option<String>,
    /// Set (by the caller's Ctrl-C handler) to stop the apply and roll back.
    pub cancel: crate::files::Cancel,
}

/// How init ended; mapped to the process exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Planned only (`--dry-run`).
    DryRun,
    Applied,
    AlreadySetUp,
    /// The user declined the plan at the prompt.
    Cancelled,
}

/// The `--json` document (schema version 1, documented in README.md).
#[derive(Debug, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub command: &'static str,
    pub status: Outcome,
    pub project: ProjectSummary,
    pub choices: Choices,
    pub files: Vec<FileReport>,
    pub env: Vec<EnvVar>,
    pub packages: Vec<DepChange>,
    pub install: InstallReport,
    pub notes: Vec<Note>,
    pub next_steps: Vec<NextStep>,
    pub action_required: Vec<ActionRequired>,
    pub exit_code: i32,
}

impl Report {
    /// One line for the confirm prompt, after the diffs have scrolled by: `8 files: 3 new,
    /// 5 changed; packages: +2, 1 raised`.
    pub fn summary_line(&self) -> String {
        summary_line(&self.files, &self.packages)
    }
}

fn summary_line(files: &[FileReport], packages: &[DepChange]) -> String {
    let new = files.iter().filter(|f| f.action == "create").count();
    let changed = files.len() - new;
    let plural = if files.len() == 1 { "" } else { "s" };
    let mut parts = Vec::new();
    if new > 0 {
        parts.push(format!("{new} new"));
    }
    if changed > 0 {
        parts.push(format!("{changed} changed"));
    }
    let mut line = format!("{} file{plural}: {}", files.len(), parts.join(", "));
    let added = packages.iter().filter(|p| p.from.is_none()).count();
    let raised = packages.len() - added;
    if !packages.is_empty() {
        let mut pkgs = Vec::new();
        if added > 0 {
            pkgs.push(format!("+{added}"));
        }
        if raised > 0 {
            pkgs.push(format!("{raised} raised"));
        }
        line.push_str(&format!("; packages: {}", pkgs.join(", ")));
    }
    line
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectSummary {
    pub root: String,
    pub framework: &'static str,
    pub language: &'static str,
    pub package_manager: String,
    pub entry: String,
    pub provider_file: Option<String>,
    pub convex_url_env: Option<String>,
    pub dev_port: DevPort,
    pub callback_path: String,
    pub wiring: Wiring,
    /// The Convex project, when it is not the app's own folder (a monorepo's backend package).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub convex_project: Option<ConvexProjectSummary>,
}

/// Where `npx convex dev` runs and reads the functions, relative to the app, and how that was
/// found.
#[derive(Debug, Clone, Serialize)]
pub struct ConvexProjectSummary {
    pub dir: String,
    pub functions_dir: String,
    pub found: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Choices {
    pub team: Team,
    pub scope: Scope,
    pub preview: bool,
    pub client_id: Option<String>,
    pub redirect_uri: String,
    pub prod_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    /// `create` or `modify`.
    pub action: &'static str,
    pub summary: String,
    pub diff: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstallReport {
    /// `skipped`, `not_needed`, `succeeded`, `failed` or `planned`.
    pub status: &'static str,
    pub command: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(action: &'static str) -> FileReport {
        FileReport {
            path: "x".into(),
            action,
            summary: String::new(),
            diff: String::new(),
        }
    }

    fn dep(from: Option<&str>) -> DepChange {
        DepChange {
            name: "p".into(),
            range: "^1".into(),
            from: from.map(str::to_string),
        }
    }

    #[test]
    fn summary_line_counts_files_and_packages() {
        let files = [
            file("create"),
            file("create"),
            file("create"),
            file("modify"),
        ];
        assert_eq!(
            summary_line(&files, &[dep(None), dep(None)]),
            "4 files: 3 new, 1 changed; packages: +2"
        );
        assert_eq!(
            summary_line(&[file("modify")], &[dep(None), dep(Some("^1.40.0"))]),
            "1 file: 1 changed; packages: +1, 1 raised"
        );
        assert_eq!(summary_line(&[file("create")], &[]), "1 file: 1 new");
    }
}
