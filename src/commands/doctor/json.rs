//! The `--json` document (schema version 2, documented in `docs/doctor.md`). Stable: fields are
//! only ever added; version 2 renamed the applicability `needs_confirmation` to `unsafe`.

use serde::Serialize;

use super::diagnostic::{Applicability, Diagnostic, Severity};
use super::report::{AppliedFix, FixedFile, Outcome, Production, Summary};

/// The version of the `--json` document.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
pub struct Report<'a> {
    pub schema_version: u32,
    pub command: &'static str,
    pub root: String,
    pub findings: Vec<Finding<'a>>,
    pub summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production: Option<&'a Production>,
    /// With `--fix`: the files written, with diffs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<&'a [FixedFile]>,
    /// With `--fix`: the fixes applied, with the commands to run next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied: Option<&'a [AppliedFix]>,
    /// With `--fix`: unsafe fixes left out (no `--unsafe-fixes`, no terminal, or declined).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsafe_skipped: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes_written: Option<usize>,
    pub exit_code: u8,
}

#[derive(Serialize)]
pub struct Finding<'a> {
    pub code: &'static str,
    pub severity: Severity,
    pub message: &'a str,
    pub file: Option<&'a str>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub label: Option<&'a str>,
    pub why: &'a str,
    pub remedy: Remedy<'a>,
}

#[derive(Serialize)]
pub struct Remedy<'a> {
    pub summary: &'a str,
    pub applicability: Applicability,
    /// Whether `--fix` applies it (a safe fix with edits).
    pub fixable: bool,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub commands: &'a [String],
    /// The fix's edits as a unified diff against the files as they are (secrets masked);
    /// absent for a manual fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<&'a str>,
}

pub fn finding(d: &Diagnostic) -> Finding<'_> {
    Finding {
        code: d.code,
        severity: d.severity,
        message: &d.message,
        file: d.file.as_deref(),
        line: d.span.as_ref().map(|s| s.line),
        column: d.span.as_ref().map(|s| s.column),
        end_line: d.span.as_ref().map(|s| s.end_line),
        end_column: d.span.as_ref().map(|s| s.end_column),
        label: d.label.as_deref(),
        why: &d.why,
        remedy: Remedy {
            summary: &d.fix.summary,
            applicability: d.fix.applicability,
            fixable: d.fixable(),
            commands: &d.fix.commands,
            diff: d.fix.diff.as_deref(),
        },
    }
}

pub fn report(o: &Outcome) -> Report<'_> {
    Report {
        schema_version: SCHEMA_VERSION,
        command: "doctor",
        root: o.root.display().to_string(),
        findings: o.findings.iter().map(finding).collect(),
        summary: o.summary(),
        production: o.production.as_ref(),
        fixed: o.bytes_written.map(|_| o.fixed.as_slice()),
        applied: o.bytes_written.map(|_| o.applied.as_slice()),
        unsafe_skipped: o.bytes_written.map(|_| o.unsafe_skipped),
        bytes_written: o.bytes_written,
        exit_code: o.exit_code(),
    }
}
