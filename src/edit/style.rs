//! The file's own style, so inserted code looks like the user wrote it (ruff's `Stylist`); or,
//! in an app that uses Prettier, Prettier's, so `prettier --check` still passes after init.

use crate::edit::prettier::{self, doc::Doc, js::Printer};

/// Quote, semicolon, indent and line-ending conventions of one JS/TS file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    pub quote: char,
    pub semicolons: bool,
    pub indent: String,
    pub eol: &'static str,
    /// The app's Prettier options: generated code is printed as Prettier prints it (and its
    /// quotes, semicolons and indentation above follow them).
    pub prettier: Option<prettier::Options>,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            quote: '"',
            semicolons: true,
            indent: "  ".into(),
            eol: "\n",
            prettier: None,
        }
    }
}

impl Style {
    /// Detects the style of `src`; anything it can't tell falls back to Prettier's defaults.
    pub fn detect(src: &str) -> Style {
        let eol = if src.contains("\r\n") { "\r\n" } else { "\n" };
        Style {
            quote: detect_quote(src),
            semicolons: detect_semicolons(src),
            indent: detect_indent(src),
            eol,
            prettier: None,
        }
    }

    /// This style under the app's Prettier options, if it has any (the line ending stays the
    /// file's).
    pub fn with_prettier(mut self, options: Option<&prettier::Options>) -> Style {
        if let Some(o) = options {
            self.quote = if o.single_quote { '\'' } else { '"' };
            self.semicolons = o.semi;
            self.indent = o.indent_unit();
            self.prettier = Some(o.clone());
        }
        self
    }

    /// Prints `doc` (built by `build` from a [`Printer`]) as Prettier would with the app's
    /// options, starting on a line indented by `indent`; `None` without Prettier.
    pub fn print(&self, indent: &str, build: impl FnOnce(&Printer<'_>) -> Doc) -> Option<String> {
        let o = self.prettier.as_ref()?;
        let printer = Printer::new(o);
        let doc = build(&printer);
        Some(prettier::doc::print_owned(doc, &o.layout(self.eol), indent))
    }

    /// `import { names } from "source";` as Prettier prints it; `None` without Prettier.
    pub fn print_import(&self, names: &[String], source: &str, type_only: bool) -> Option<String> {
        let stmt = prettier::js::Stmt::Import {
            type_only,
            names: names.to_vec(),
            source: source.to_string(),
        };
        self.print("", |p| p.stmt(&stmt))
    }

    /// `,` after the last element of a broken object or array: always without Prettier (the
    /// file's own style is kept elsewhere), else as `trailingComma` says.
    pub fn trailing_comma(&self) -> &'static str {
        match &self.prettier {
            Some(o) if !o.comma_es5() => "",
            _ => ",",
        }
    }

    /// A whole file of statements, printed as Prettier would; `None` without Prettier.
    pub fn print_module(&self, stmts: &[prettier::js::Stmt]) -> Option<String> {
        self.print("", |p| p.module(stmts))
    }

    /// `s` as a string literal in this file's quote style.
    pub fn string(&self, s: &str) -> String {
        let q = self.quote;
        let escaped = s.replace('\\', "\\\\").replace(q, &format!("\\{q}"));
        format!("{q}{escaped}{q}")
    }

    /// `;` or nothing.
    pub fn semi(&self) -> &'static str {
        if self.semicolons { ";" } else { "" }
    }
}

/// Import and require sources are the most reliable signal; fall back to counting all quotes.
fn detect_quote(src: &str) -> char {
    let (mut single, mut double) = (0usize, 0usize);
    for line in src.lines() {
        let t = line.trim_start();
        if t.starts_with("import ") || t.starts_with("export ") || t.contains(" from ") {
            if let Some(pos) = t.rfind(" from ") {
                match t[pos + 6..].trim_start().chars().next() {
                    Some('\'') => single += 1,
                    Some('"') => double += 1,
                    _ => {}
                }
            } else if t.starts_with("import '") {
                single += 1;
            } else if t.starts_with("import \"") {
                double += 1;
            }
        }
    }
    if single == 0 && double == 0 {
        single = src.matches('\'').count();
        double = src.matches('"').count();
    }
    if single > double { '\'' } else { '"' }
}

/// Statements that end a line: count the ones with and without `;`.
fn detect_semicolons(src: &str) -> bool {
    let (mut with, mut without) = (0usize, 0usize);
    for line in src.lines() {
        let t = line.trim_end();
        let start = t.trim_start();
        if start.starts_with("import ")
            || start.starts_with("const ")
            || start.starts_with("let ")
            || start.starts_with("export default ")
            || start.starts_with("return ")
        {
            if t.ends_with(';') {
                with += 1;
            } else if t.ends_with('\'') || t.ends_with('"') || t.ends_with(')') || t.ends_with('`')
            {
                without += 1;
            }
        }
    }
    with >= without
}

/// The smallest indent step used in the file: a tab, or the gcd-like minimum of space runs.
fn detect_indent(src: &str) -> String {
    let mut tabs = 0usize;
    let mut min_spaces: Option<usize> = None;
    let mut in_block_comment = false;
    for line in src.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        if in_block_comment {
            if trimmed.contains("*/") {
                in_block_comment = false;
            }
            continue;
        }
        if trimmed.starts_with("/*") && !trimmed.contains("*/") {
            in_block_comment = true;
        }
        if trimmed.starts_with('*') {
            continue;
        }
        let lead = &line[..line.len() - trimmed.len()];
        if lead.starts_with('\t') {
            tabs += 1;
        } else if !lead.is_empty() && lead.chars().all(|c| c == ' ') {
            let n = lead.len();
            min_spaces = Some(min_spaces.map_or(n, |m| m.min(n)));
        }
    }
    match min_spaces {
        _ if tabs > 0 && min_spaces.is_none() => "\t".into(),
        Some(n) if (2..=8).contains(&n) => " ".repeat(n),
        _ => "  ".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_prettier_default() {
        let s = Style::detect("import { a } from \"b\";\n\nfunction f() {\n  return 1;\n}\n");
        assert_eq!(s, Style::default());
    }

    #[test]
    fn detects_single_quotes_no_semis_four_spaces_crlf() {
        let s = Style::detect(
            "import { a } from 'b'\r\n\r\nexport function f() {\r\n    return 1\r\n}\r\n",
        );
        assert_eq!(s.quote, '\'');
        assert!(!s.semicolons);
        assert_eq!(s.indent, "    ");
        assert_eq!(s.eol, "\r\n");
        assert_eq!(s.string("it's"), "'it\\'s'");
    }

    #[test]
    fn detects_tabs() {
        let s = Style::detect("const a = {\n\tb: 1,\n};\n");
        assert_eq!(s.indent, "\t");
    }
}
