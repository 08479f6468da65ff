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

/// How far `--fix` may go on its own, as ruff has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// Keeps the app's meaning and only removes the problem: `--fix` applies it.
    Safe,
    /// A mechanical change a person should approve (it deletes a value or a file, guesses what
    /// was meant, or picks one reading of something ambiguous): applied by `--fix
    /// --unsafe-fixes`, or by `--fix` after a yes in a terminal.
    Unsafe,
    /// Only the user can do it (a dashboard setting, a secret, a choice): the exact steps.
    Manual,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::Manual => "manual",
        }
    }
}

/// The two readings of an ambiguous dev port (nothing in the app sets it, so the framework's
/// default is a guess): the port the dev server would use, or the one the URIs use. `--port`
/// picks one, or the terminal asks; `--unsafe-fixes` alone takes `detected`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortChoice {
    /// The dev server's port as detected (the framework's default).
    pub detected: u16,
    /// The port the registered URIs use.
    pub configured: u16,
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
    /// Shell commands: the steps of a manual fix, or what to run once the edits are applied
    /// (`npx convex dev`, the install).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<String>,
    /// The edits, for safe and unsafe fixes.
    #[serde(skip)]
    pub ops: Vec<fix::FixOp>,
    /// The edits as a unified diff against the files as they are (masked), built during the
    /// check; `None` for a fix without edits.
    #[serde(skip)]
    pub diff: Option<String>,
    /// For a port fix: the ports to choose between.
    #[serde(skip)]
    pub port: Option<PortChoice>,
}

impl Fix {
    fn new(applicability: Applicability, summary: String, ops: Vec<fix::FixOp>) -> Fix {
        Fix {
            applicability,
            summary,
            commands: Vec::new(),
            ops,
            diff: None,
            port: None,
        }
    }
    pub fn safe(summary: impl Into<String>, ops: Vec<fix::FixOp>) -> Fix {
        Fix::new(Applicability::Safe, summary.into(), ops)
    }
    /// A fix `--fix` applies only with `--unsafe-fixes` or a yes in a terminal.
    pub fn unsafe_edits(summary: impl Into<String>, ops: Vec<fix::FixOp>) -> Fix {
        Fix::new(Applicability::Unsafe, summary.into(), ops)
    }
    pub fn manual(summary: impl Into<String>) -> Fix {
        Fix::new(Applicability::Manual, summary.into(), Vec::new())
    }
    pub fn command(mut self, command: impl Into<String>) -> Fix {
        self.commands.push(command.into());
        self
    }
    pub fn with_port(mut self, choice: PortChoice) -> Fix {
        self.port = Some(choice);
        self
    }
    /// Whether `--fix` can apply it at all (with `--unsafe-fixes` if it is unsafe).
    pub fn has_edits(&self) -> bool {
        self.applicability != Applicability::Manual && !self.ops.is_empty()
    }
    /// Turns it into a manual fix (its edits can't be built for this input).
    pub fn make_manual(&mut self) {
        self.applicability = Applicability::Manual;
        self.ops.clear();
        self.diff = None;
        self.port = None;
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
    /// `--fix` applies it.
    pub fn fixable(&self) -> bool {
        self.fix.applicability == Applicability::Safe && self.fix.has_edits()
    }
    /// `--fix --unsafe-fixes` applies it (or `--fix` after a yes in a terminal).
    pub fn unsafe_fixable(&self) -> bool {
        self.fix.applicability == Applicability::Unsafe && self.fix.has_edits()
    }
}
