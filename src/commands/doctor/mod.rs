//! `convex-authkit doctor`: static checks that find, explain and fix what breaks AuthKit + Convex
//! setups.
//!
//! Findings are data ([`Diagnostic`]): rules never print. The project is read once, leniently
//! ([`project::Context`]): a malformed file becomes a finding with its position instead of
//! stopping the run, and only a missing folder or an unsupported framework ends the run with exit
//! code 2. Each rule lives in its own file under `rules/` with a stable code; `docs/doctor-rules.md`
//! is generated from those files' doc comments (a test fails when it is stale).
//!
//! `--fix` applies only the fixes marked [`Applicability::Safe`]. Fixes are operations on file text
//! ([`fix::FixOp`]), applied in memory one after the other, re-parsed, then written in one atomic
//! transaction through [`crate::files::apply_all`]; the rules then run again on the written files.

pub mod fix;
pub mod json;
pub mod locate;
pub mod render;
pub mod rules;

use std::path::PathBuf;

use serde::Serialize;

pub use crate::app::App as Context;

/// How bad a finding is. Only errors make the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Whether `--fix` may apply a fix on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// Keeps the app's meaning and only removes the problem; `--fix` applies it.
    Safe,
    /// A reasonable change, but one that a person should approve (`--fix` shows, never applies).
    NeedsConfirmation,
    /// Only the user can do it (a dashboard setting, a secret, a choice).
    Manual,
}

/// Where a finding points: 1-based lines and columns (in characters), and the byte range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The span of bytes `range` in `text` (clamped to the text and to char boundaries).
    pub fn of(text: &str, range: std::ops::Range<usize>) -> Span {
        let clamp = |mut o: usize| {
            o = o.min(text.len());
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            o
        };
        let start = clamp(range.start);
        let end = clamp(range.end.max(range.start));
        let (line, column) = crate::error::line_col(text, start);
        let (end_line, end_column) = crate::error::line_col(text, end);
        Span {
            line,
            column,
            end_line,
            end_column,
            start,
            end,
        }
    }
}

/// A fix: what it does, whether `--fix` applies it, and the edits.
#[derive(Debug, Clone, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    /// One sentence: "add `.env.local` to `.gitignore`".
    pub summary: String,
    /// Shell commands that carry out (or complete) the fix, e.g. `npx convex env set …`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<String>,
    /// The edits, for safe and needs-confirmation fixes that can be expressed on file text.
    #[serde(skip)]
    pub ops: Vec<fix::FixOp>,
}

impl Fix {
    pub fn safe(summary: impl Into<String>, ops: Vec<fix::FixOp>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            summary: summary.into(),
            commands: Vec::new(),
            ops,
        }
    }
    pub fn confirm(summary: impl Into<String>) -> Fix {
        Fix {
            applicability: Applicability::NeedsConfirmation,
            summary: summary.into(),
            commands: Vec::new(),
            ops: Vec::new(),
        }
    }
    pub fn manual(summary: impl Into<String>) -> Fix {
        Fix {
            applicability: Applicability::Manual,
            summary: summary.into(),
            commands: Vec::new(),
            ops: Vec::new(),
        }
    }
    pub fn command(mut self, command: impl Into<String>) -> Fix {
        self.commands.push(command.into());
        self
    }
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong, in one sentence. Never contains a secret value.
    pub message: String,
    /// Path relative to the app root, `/`-separated.
    pub file: Option<String>,
    pub span: Option<Span>,
    /// The short text under the highlighted source.
    pub label: Option<String>,
    /// Why it breaks sign-in.
    pub why: String,
    pub fix: Fix,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
        why: impl Into<String>,
        fix: Fix,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            file: None,
            span: None,
            label: None,
            why: why.into(),
            fix,
        }
    }
    /// Points at `range` in `file` (whose text is `text`).
    pub fn at(mut self, file: &str, text: &str, range: std::ops::Range<usize>) -> Diagnostic {
        self.file = Some(file.to_string());
        self.span = Some(Span::of(text, range));
        self
    }
    /// Names the file without a position.
    pub fn in_file(mut self, file: &str) -> Diagnostic {
        self.file = Some(file.to_string());
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }
    pub fn fixable(&self) -> bool {
        self.fix.applicability == Applicability::Safe && !self.fix.ops.is_empty()
    }
}

/// Inputs of one doctor run.
#[derive(Debug, Clone, Default)]
pub struct DoctorOptions {
    pub path: PathBuf,
    pub json: bool,
    pub fix: bool,
    pub prod: bool,
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
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
    pub action: &'static str,
    /// The codes whose fixes changed this file.
    pub codes: Vec<&'static str>,
    /// Unified diff; secret values in `.env` files are masked.
    pub diff: String,
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
    /// `Some` when `--fix` ran: how many bytes were written.
    pub bytes_written: Option<usize>,
}

impl Outcome {
    pub fn summary(&self) -> Summary {
        Summary::of(&self.findings)
    }
    pub fn exit_code(&self) -> u8 {
        if self.findings.iter().any(|d| d.severity == Severity::Error) {
            1
        } else {
            0
        }
    }
}

/// Runs every rule that applies to the project.
pub fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = cx
        .problems
        .iter()
        .map(|p| rules::ak002_unreadable_file::finding(cx, p))
        .collect();
    for rule in rules::RULES {
        if rule.prod_only && !cx.prod {
            continue;
        }
        if rule.needs_authkit && !cx.uses_authkit() {
            continue;
        }
        out.extend((rule.check)(cx));
    }
    for d in &mut out {
        downgrade_unbuildable_fix(cx, d);
    }
    // Stable order: files first (by name and position), then file-less findings, by code.
    out.sort_by(|a, b| {
        (
            a.file.is_none(),
            &a.file,
            a.span.as_ref().map(|s| s.start),
            a.code,
        )
            .cmp(&(
                b.file.is_none(),
                &b.file,
                b.span.as_ref().map(|s| s.start),
                b.code,
            ))
    });
    out
}

/// A safe fix counts as fixable only when its edits can be built for this input and change
/// something: each op is applied in memory to the file's current text; if one fails (a config
/// shape the editor can't handle, a file that is gone) or none changes anything, the fix becomes
/// manual, so doctor never claims "`--fix` applies this" for a fix `--fix` would skip.
fn downgrade_unbuildable_fix(cx: &Context, d: &mut Diagnostic) {
    if d.fix.applicability != Applicability::Safe || d.fix.ops.is_empty() {
        return;
    }
    let mut texts: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let mut ok = true;
    for op in &d.fix.ops {
        let rel = op.file().to_string();
        if !texts.iter().any(|(r, _, _)| *r == rel) {
            match cx.files.read(&rel).map(|t| t.map(|t| t.to_string())) {
                Ok(t) => texts.push((rel.clone(), t.clone(), t)),
                Err(_) => {
                    ok = false;
                    break;
                }
            }
        }
        let entry = texts
            .iter_mut()
            .find(|(r, _, _)| *r == rel)
            .expect("staged");
        match op.apply(entry.2.as_deref(), cx.recipe()) {
            Ok(new) => entry.2 = Some(new),
            Err(_) => {
                ok = false;
                break;
            }
        }
    }
    let changes = texts.iter().any(|(_, before, after)| before != after);
    if !ok || !changes {
        d.fix.applicability = Applicability::Manual;
        d.fix.ops.clear();
    }
}

/// Reads the project, runs the rules and, with `--fix`, applies the safe fixes.
pub fn run(opts: &DoctorOptions) -> Result<Outcome, crate::error::UserError> {
    let load = || {
        Context::load(&opts.path, "doctor").map(|mut cx| {
            cx.prod = opts.prod;
            cx
        })
    };
    let mut cx = load()?;
    let mut fixed = Vec::new();
    let mut bytes_written = None;
    if opts.fix {
        let findings = check(&cx);
        let (files, bytes) = fix::apply_safe(&cx, &findings)?;
        fixed = files;
        bytes_written = Some(bytes);
        if bytes > 0 {
            cx = load()?;
        }
    }
    let mut findings = check(&cx);
    let mut production = opts.prod.then(|| rules::production_verdict(&cx, &findings));
    let secrets = cx.secret_values();
    let mask = |t: &mut String| *t = crate::ui::mask::mask_secrets(t, &secrets);
    for d in &mut findings {
        mask(&mut d.message);
        mask(&mut d.why);
        mask(&mut d.fix.summary);
        d.fix.commands.iter_mut().for_each(mask);
        if let Some(l) = &mut d.label {
            mask(l);
        }
    }
    for f in &mut fixed {
        mask(&mut f.diff);
    }
    if let Some(p) = &mut production {
        p.missing.iter_mut().for_each(|m| mask(&mut m.message));
        for h in &mut p.host_env {
            mask(&mut h.name);
            mask(&mut h.value);
        }
    }
    let sources = findings
        .iter()
        .filter_map(|d| d.file.as_ref())
        .filter_map(|f| {
            cx.text_of(f)
                .map(|t| (f.clone(), crate::ui::mask::mask_for_display(f, t)))
        })
        .collect();
    Ok(Outcome {
        root: cx.root.clone(),
        findings,
        sources,
        production,
        fixed,
        bytes_written,
    })
}
