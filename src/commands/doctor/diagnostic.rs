//! A finding as data: what, where, why, and the fix with how safe it is. Rules make these;
//! `render` and `json` print them.

use serde::Serialize;

use super::fix;

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
