//! The Prettier options that change how generated code prints, and their config values.

use std::fmt;

use super::doc;

/// A config value, as far as the options need one.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Num(i64),
    Str(String),
    Other,
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Num(n) => write!(f, "{n}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Other => write!(f, "…"),
        }
    }
}

/// `trailingComma`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrailingComma {
    All,
    Es5,
    None,
}

/// The Prettier options that change how the generated code prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub print_width: usize,
    pub tab_width: usize,
    pub use_tabs: bool,
    pub semi: bool,
    pub single_quote: bool,
    pub jsx_single_quote: bool,
    pub trailing_comma: TrailingComma,
    pub bracket_spacing: bool,
    pub bracket_same_line: bool,
    pub single_attribute_per_line: bool,
    /// `arrowParens: "always"` (the default) or `"avoid"`.
    pub arrow_parens_always: bool,
}

impl Default for Options {
    /// Prettier 3's defaults.
    fn default() -> Self {
        Options {
            print_width: 80,
            tab_width: 2,
            use_tabs: false,
            semi: true,
            single_quote: false,
            jsx_single_quote: false,
            trailing_comma: TrailingComma::All,
            bracket_spacing: true,
            bracket_same_line: false,
            single_attribute_per_line: false,
            arrow_parens_always: true,
        }
    }
}

impl Options {
    /// One indentation level.
    pub fn indent_unit(&self) -> String {
        if self.use_tabs {
            "\t".into()
        } else {
            " ".repeat(self.tab_width)
        }
    }

    /// The printer settings for a file with line ending `eol`.
    pub fn layout(&self, eol: &'static str) -> doc::Layout {
        doc::Layout {
            print_width: self.print_width,
            tab_width: self.tab_width,
            use_tabs: self.use_tabs,
            eol,
        }
    }

    /// Sets one option from its config value; `Err` says why the value was not taken.
    pub fn set(&mut self, key: &str, value: &Value) -> Result<(), String> {
        use Value::{Bool, Num, Str};
        let bad = || {
            Err(format!(
                "`{key}: {value}` is not a value Prettier accepts; ignored it"
            ))
        };
        match (key, value) {
            ("printWidth", Num(n)) if *n >= 1 => self.print_width = *n as usize,
            // A wider indent than any editor shows is a typo; it would also mean huge strings.
            ("tabWidth", Num(n)) if (1..=64).contains(n) => self.tab_width = *n as usize,
            ("useTabs", Bool(b)) => self.use_tabs = *b,
            ("semi", Bool(b)) => self.semi = *b,
            ("singleQuote", Bool(b)) => self.single_quote = *b,
            ("jsxSingleQuote", Bool(b)) => self.jsx_single_quote = *b,
            ("bracketSpacing", Bool(b)) => self.bracket_spacing = *b,
            ("bracketSameLine", Bool(b)) => self.bracket_same_line = *b,
            ("singleAttributePerLine", Bool(b)) => self.single_attribute_per_line = *b,
            ("trailingComma", Str(s)) => {
                self.trailing_comma = match s.as_str() {
                    "all" => TrailingComma::All,
                    "es5" => TrailingComma::Es5,
                    "none" => TrailingComma::None,
                    _ => return bad(),
                }
            }
            ("arrowParens", Str(s)) => {
                self.arrow_parens_always = match s.as_str() {
                    "always" => true,
                    "avoid" => false,
                    _ => return bad(),
                }
            }
            (
                "printWidth"
                | "tabWidth"
                | "useTabs"
                | "semi"
                | "singleQuote"
                | "jsxSingleQuote"
                | "bracketSpacing"
                | "bracketSameLine"
                | "singleAttributePerLine"
                | "trailingComma"
                | "arrowParens",
                _,
            ) => return bad(),
            // Options that don't change the generated code (or that Prettier ignores here).
            _ => {}
        }
        Ok(())
    }

    /// A trailing comma where Prettier prints one for `es5` (objects, arrays, imports).
    pub fn comma_es5(&self) -> bool {
        self.trailing_comma != TrailingComma::None
    }

    /// A trailing comma where Prettier prints one only for `all` (arguments, parameters).
    pub fn comma_all(&self) -> bool {
        self.trailing_comma == TrailingComma::All
    }
}
