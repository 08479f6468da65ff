//! User-facing errors.
//!
//! Every failure caused by the user's project or flags becomes a [`UserError`]: it names the file,
//! line and column when there is one, and carries `hint:` lines with the fix. `main` maps it to
//! exit code 2; anything else that escapes is a bug in the tool and also exits 2, but is printed
//! with its cause chain so it can be reported.

use serde::Serialize;

/// A position in a user file, 1-based, columns counted in characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text`, for the file shown as `file`.
    pub fn at(file: impl Into<String>, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        Location {
            file: file.into(),
            line,
            column,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// 1-based line and column (in characters) of byte `offset`. Lines end at `\n`, `\r\n` or a
/// lone `\r` (old Mac files), as editors, JavaScript and dotenv count them.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let bytes = before.as_bytes();
    let mut line = 1;
    let mut line_start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let breaks = *b == b'\n' || *b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n');
        if breaks {
            line += 1;
            line_start = i + 1;
        }
    }
    (line, text[line_start..offset].chars().count() + 1)
}

/// A stable, machine-readable error kind; part of the `--json` schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A flag is missing or invalid, or a prompt was needed without a terminal.
    Usage,
    /// The folder is not a project this tool supports.
    Project,
    /// A file could not be parsed.
    Parse,
    /// Code the codemod does not understand; the message carries the snippet to paste.
    UnsupportedCode,
    /// Another auth provider is wired; replacing it is out of scope.
    OtherAuth,
    /// Reading or writing a file failed.
    Io,
}

#[derive(Debug, Clone, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct UserError {
    pub kind: ErrorKind,
    pub message: String,
    /// Boxed, so a `Result<_, UserError>` stays small.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Box<Location>>,
    /// The file the error is about when no position in it applies (one that can't be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
    /// Code the user can paste to finish by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl UserError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        UserError {
            kind,
            message: message.into(),
            location: None,
            file: None,
            hints: Vec::new(),
            snippet: None,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(Box::new(location));
        self
    }
    /// The file the error is about, without a position.
    pub fn in_file(mut self, rel: impl Into<String>) -> Self {
        self.file = Some(rel.into());
        self
    }
    /// The file the error points at: its location's, else [`UserError::file`].
    pub fn about_file(&self) -> Option<&str> {
        self.location
            .as_ref()
            .map(|l| l.file.as_str())
            .or(self.file.as_deref())
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
    pub fn snippet(mut self, snippet: impl Into<String>) -> Self {
        self.snippet = Some(snippet.into());
        self
    }
}

/// Shorthand for the error a missing flag produces when no prompt is possible.
pub fn missing_flag(flag: &str, what: &str) -> UserError {
    UserError::usage(format!(
        "`{flag}` is required when not running interactively ({what})"
    ))
    .hint(format!(
        "pass `{flag}`, or run in a terminal to be asked; nothing was written"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\ncé\nx";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // `é` is two bytes; the `\n` after it is column 3.
        assert_eq!(line_col(text, 6), (2, 3));
        assert_eq!(line_col(text, 7), (3, 1));
        assert_eq!(line_col(text, 99), (3, 2));
        // CRLF is one break; a lone CR is one too.
        assert_eq!(line_col("a\r\nb", 3), (2, 1));
        assert_eq!(line_col("a\r\nb", 1), (1, 2));
        assert_eq!(line_col("a\rb\rc", 4), (3, 1));
    }
}
