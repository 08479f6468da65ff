//! doctor's options and its report: the findings, the production verdict, what `--fix` wrote.

use std::path::PathBuf;

use serde::Serialize;

use super::diagnostic::{Applicability, Diagnostic, Severity};

/// Inputs of one doctor run.
#[derive(Debug, Clone, Default)]
pub struct DoctorOptions {
    pub path: PathBuf,
    pub json: bool,
    pub fix: bool,
    /// With `fix`: apply the unsafe fixes too, without asking.
    pub unsafe_fixes: bool,
    /// With `fix`: the port the app uses, for the port fixes (AK200, AK203).
    pub port: Option<u16>,
    pub prod: bool,
    /// The Convex project's folder (`--convex-dir`), when the app model can't tell.
    pub convex_dir: Option<PathBuf>,
    /// Set (by the caller's Ctrl-C handler) to stop `--fix`'s writes and roll back.
    pub cancel: crate::files::Cancel,
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings `--fix` repairs.
    pub fixable: usize,
    /// Findings `--fix --unsafe-fixes` repairs besides.
    pub unsafe_fixable: usize,
}

impl Summary {
    pub fn of(findings: &[Diagnostic]) -> Summary {
        let mut s = Summary::default();
        for d in findings {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
            if d.fixable() {
                s.fixable += 1;
            }
            if d.unsafe_fixable() {
                s.unsafe_fixable += 1;
            }
        }
        s
    }
}

/// The `--prod` verdict: ready, or what is missing, in order.
#[derive(Debug, Clone, Serialize)]
pub struct Production {
    pub ready: bool,
    pub missing: Vec<Missing>,
    /// Variables to set on the host (Vercel, Netlify, …); doctor can't see the host, so these are
    /// a checklist, not findings.
    pub host_env: Vec<HostEnv>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HostEnv {
    /// `host` (the frontend build) or `convex prod` (the Convex production deployment).
    pub target: &'static str,
    pub name: String,
    pub value: String,
}

/// A file `--fix` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct FixedFile {
    pub path: String,
    /// `create`, `modify` or `delete`.
    pub action: &'static str,
    /// The codes whose fixes changed this file.
    pub codes: Vec<&'static str>,
    /// Unified diff; secret values in `.env` files are masked.
    pub diff: String,
}

/// A fix `--fix` applied, with what to run next.
#[derive(Debug, Clone, Serialize)]
pub struct AppliedFix {
    pub code: &'static str,
    pub applicability: Applicability,
    pub summary: String,
    /// What to run now that the edits are made (`npx convex dev`, the install).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<String>,
}

/// Everything one run found (after `--fix`, what remains).
#[derive(Debug, Clone)]
pub struct Outcome {
    pub root: PathBuf,
    pub findings: Vec<Diagnostic>,
    /// Source texts of the files the findings point at, masked for display.
    pub sources: std::collections::BTreeMap<String, String>,
    pub production: Option<Production>,
    pub fixed: Vec<FixedFile>,
    /// The fixes `--fix` applied.
    pub applied: Vec<AppliedFix>,
    /// Unsafe fixes `--fix` left out (no `--unsafe-fixes`, no terminal, or declined).
    pub unsafe_skipped: usize,
    /// `Some` when `--fix` ran: how many bytes were written.
    pub bytes_written: Option<usize>,
}

impl Outcome {
    pub fn summary(&self) -> Summary {
        Summary::of(&self.findings)
    }
    /// The commands the applied fixes leave to run, each once, in order.
    pub fn next_steps(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in self.applied.iter().flat_map(|a| &a.commands) {
            if !out.contains(&c.as_str()) {
                out.push(c);
            }
        }
        out
    }
    pub fn exit_code(&self) -> u8 {
        if self.findings.iter().any(|d| d.severity == Severity::Error) {
            1
        } else {
            0
        }
    }
}
