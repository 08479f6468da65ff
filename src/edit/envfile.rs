//! A lossless `.env` editor.
//!
//! `npx convex dev` writes `CONVEX_DEPLOYMENT` and `VITE_CONVEX_URL` into
//! `.env.local`, and users keep their own comments and secrets next to them.
//! We must add or replace only the assignments we own, so the file is held as
//! its exact original text cut into items (verbatim lines and assignments);
//! anything we do not touch renders back byte for byte: line endings, a
//! missing final newline, a UTF-8 BOM, `export ` prefixes, quoting, comments.
//!
//! The accepted syntax is what `dotenv` (read by Vite) and `dotenvy` agree on:
//! `KEY=VALUE` with an optional `export ` prefix, unquoted values with
//! ` # comments`, and single-, double- or backtick-quoted values that may span
//! several lines. Anything else is rejected with a line and column rather than
//! silently skipped, because a line we do not understand is a line we could
//! corrupt when writing.

const BOM: char = '\u{feff}';

/// One assignment as the rest of the tool sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvEntry {
    pub key: String,
    /// The decoded value (quotes removed, escapes applied).
    pub value: String,
    /// 1-based line of the assignment (its first line if it spans several).
    pub line: usize,
    /// 1-based column where the value starts (its opening quote if quoted).
    pub column: usize,
}

/// Why a `.env` text could not be read. The message does not name the file,
/// so callers can prefix it with one.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("line {line}, column {column}: {message}")]
pub struct EnvParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A parsed `.env` file that remembers every byte of its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvFile {
    bom: bool,
    items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    /// Blank or comment line, line ending included.
    Verbatim(String),
    Assignment(Assignment),
}

/// `head` + `raw` + `tail` + `eol` is the exact source text of the assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Assignment {
    key: String,
    /// Decoded value.
    value: String,
    quote: Quote,
    /// Indentation, `export `, key, `=` and the blanks after it.
    head: String,
    /// The value as written, quotes included; may span lines.
    raw: String,
    /// Blanks and `# comment` after the value, up to the line ending.
    tail: String,
    /// `"\n"`, `"\r\n"`, a lone `"\r"`, or `""` on a last line without a newline.
    eol: String,
}

impl Assignment {
    fn text_len(&self) -> usize {
        self.head.len() + self.raw.len() + self.tail.len() + self.eol.len()
    }

    fn newlines(&self) -> usize {
        breaks(&self.raw) + breaks(&self.eol)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    Single,
    Double,
    Backtick,
}

impl Quote {
    fn from_char(c: char) -> Option<Quote> {
        match c {
            '\'' => Some(Quote::Single),
            '"' => Some(Quote::Double),
            '`' => Some(Quote::Backtick),
            _ => None,
        }
    }

    fn char(self) -> char {
        match self {
            Quote::None => ' ',
            Quote::Single => '\'',
            Quote::Double => '"',
            Quote::Backtick => '`',
        }
    }

    fn name(self) -> &'static str {
        match self {
            Quote::None => "unquoted",
            Quote::Single => "single-quoted",
            Quote::Double => "double-quoted",
            Quote::Backtick => "backtick-quoted",
        }
    }

    /// Whether `value` can be written in this style and read back unchanged.
    fn can_hold(self, value: &str) -> bool {
        match self {
            Quote::None => is_bare(value),
            Quote::Single | Quote::Backtick => !value.contains([self.char(), '\n', '\r']),
            Quote::Double => true,
        }
    }

    fn encode(self, value: &str) -> String {
        match self {
            Quote::None => value.to_string(),
            Quote::Single | Quote::Backtick => format!("{q}{value}{q}", q = self.char()),
            Quote::Double => {
                let mut out = String::with_capacity(value.len() + 2);
                out.push('"');
                for c in value.chars() {
                    match c {
                        '\\' => out.push_str("\\\\"),
                        '"' => out.push_str("\\\""),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        _ => out.push(c),
                    }
                }
                out.push('"');
                out
            }
        }
    }
}

/// Values safe to write without quotes: URLs, deployment names, ids.
fn is_bare(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_./:@%+,=-".contains(c))
}

fn is_key_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `c` quoted for an error message.
fn show(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("`{}`", c.escape_debug())
    } else {
        format!("`{c}`")
    }
}

impl EnvFile {
    /// Parses `text`; `parse(t)?.render() == t` for every accepted `t`.
    pub fn parse(text: &str) -> Result<EnvFile, EnvParseError> {
        let (bom, body) = match text.strip_prefix(BOM) {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut items = Vec::new();
        let mut pos = 0;
        while pos < body.len() {
            let (item, next) = parse_item(body, pos)?;
            items.push(item);
            pos = next;
        }
        Ok(EnvFile { bom, items })
    }

    /// Every assignment, in file order (repeated keys included).
    pub fn entries(&self) -> Vec<EnvEntry> {
        let mut out = Vec::new();
        let mut line = 1;
        for item in &self.items {
            match item {
                Item::Verbatim(text) => line += breaks(text),
                Item::Assignment(a) => {
                    out.push(EnvEntry {
                        key: a.key.clone(),
                        value: a.value.clone(),
                        line,
                        column: a.head.chars().count() + 1,
                    });
                    line += a.newlines();
                }
            }
        }
        out
    }

    /// The effective assignment of `key`: the last one, as dotenv reads it.
    pub fn get(&self, key: &str) -> Option<EnvEntry> {
        self.entries().into_iter().rev().find(|e| e.key == key)
    }

    /// Sets `key` to `value`.
    ///
    /// An existing key keeps everything but its value bytes (indentation,
    /// `export `, spacing, quote style when it can hold the value, trailing
    /// comment); only the last assignment changes, since that is the one that
    /// counts. A new key is appended as `KEY=value` plus the file's dominant
    /// line ending. `key` must be a valid key (callers pass constants).
    pub fn set(&mut self, key: &str, value: &str) {
        debug_assert!(
            key.starts_with(is_key_start) && key.chars().all(is_key_char),
            "invalid .env key {key:?}"
        );
        if let Some(a) = self.items.iter_mut().rev().find_map(|item| match item {
            Item::Assignment(a) if a.key == key => Some(a),
            _ => None,
        }) {
            let quote = if a.quote.can_hold(value) {
                a.quote
            } else {
                default_quote(value)
            };
            a.raw = quote.encode(value);
            // `KEY=#c` has an empty value; a bare value needs a blank before `#`.
            if quote == Quote::None && !a.raw.is_empty() && a.tail.starts_with('#') {
                a.tail.insert(0, ' ');
            }
            a.quote = quote;
            a.value = value.to_string();
            return;
        }

        let eol = self.dominant_eol();
        match self.items.last_mut() {
            Some(Item::Verbatim(text)) if !text.ends_with(['\n', '\r']) => text.push_str(eol),
            Some(Item::Assignment(a)) if a.eol.is_empty() => a.eol = eol.to_string(),
            _ => {}
        }
        let quote = default_quote(value);
        self.items.push(Item::Assignment(Assignment {
            key: key.to_string(),
            value: value.to_string(),
            quote,
            head: format!("{key}="),
            raw: quote.encode(value),
            tail: String::new(),
            eol: eol.to_string(),
        }));
    }

    /// Renames every assignment of `from` to `to` where it stands, value, quoting, `export ` and
    /// comment kept; true if any existed. `to` must be a valid key (callers pass names they
    /// derived from a valid one).
    pub fn rename(&mut self, from: &str, to: &str) -> bool {
        debug_assert!(
            to.starts_with(is_key_start) && to.chars().all(is_key_char),
            "invalid .env key {to:?}"
        );
        let mut any = false;
        for item in &mut self.items {
            if let Item::Assignment(a) = item
                && a.key == from
                && let Some(at) = a.head.rfind(from)
            {
                a.head.replace_range(at..at + from.len(), to);
                a.key = to.to_string();
                any = true;
            }
        }
        any
    }

    /// Removes every assignment of `key` (whole lines); true if any existed.
    pub fn remove(&mut self, key: &str) -> bool {
        let before = self.items.len();
        self.items
            .retain(|item| !matches!(item, Item::Assignment(a) if a.key == key));
        self.items.len() != before
    }

    /// The file's text, byte for byte as parsed plus any edits.
    pub fn render(&self) -> String {
        let len = self
            .items
            .iter()
            .map(|item| match item {
                Item::Verbatim(text) => text.len(),
                Item::Assignment(a) => a.text_len(),
            })
            .sum::<usize>()
            + BOM.len_utf8();
        let mut out = String::with_capacity(len);
        if self.bom {
            out.push(BOM);
        }
        for item in &self.items {
            match item {
                Item::Verbatim(text) => out.push_str(text),
                Item::Assignment(a) => {
                    out.push_str(&a.head);
                    out.push_str(&a.raw);
                    out.push_str(&a.tail);
                    out.push_str(&a.eol);
                }
            }
        }
        out
    }

    /// The most common line ending (CRLF, a lone CR, else LF, also for empty files).
    fn dominant_eol(&self) -> &'static str {
        let text = self.render();
        let crlf = text.matches("\r\n").count();
        let lf = text.matches('\n').count() - crlf;
        let cr = text.matches('\r').count() - crlf;
        if crlf > lf && crlf >= cr {
            "\r\n"
        } else if cr > lf && cr > crlf {
            "\r"
        } else {
            "\n"
        }
    }
}

fn default_quote(value: &str) -> Quote {
    if is_bare(value) {
        Quote::None
    } else {
        Quote::Double
    }
}

/// The physical line holding byte `from`: (content end, line ending, next line start). A lone
/// `\r` ends a line too: dotenv turns every `\r\n` and `\r` into `\n` before it reads.
fn line_at(body: &str, from: usize) -> (usize, &'static str, usize) {
    match body[from..].find(['\n', '\r']) {
        Some(i) => {
            let at = from + i;
            if body[at..].starts_with("\r\n") {
                (at, "\r\n", at + 2)
            } else if body.as_bytes()[at] == b'\r' {
                (at, "\r", at + 1)
            } else {
                (at, "\n", at + 1)
            }
        }
        None => (body.len(), "", body.len()),
    }
}

/// Line breaks in `text`, as [`line_at`] counts them.
fn breaks(text: &str) -> usize {
    text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count()
}

fn error_at(body: &str, offset: usize, message: String) -> EnvParseError {
    let (line, column) = crate::error::line_col(body, offset);
    EnvParseError {
        line,
        column,
        message,
    }
}

const EXPECTED_LINE: &str = "each line must be `KEY=VALUE`, a `# comment` or blank";

/// Parses the item starting at line start `start`; returns it and where the next one starts.
fn parse_item(body: &str, start: usize) -> Result<(Item, usize), EnvParseError> {
    let (end, eol, next) = line_at(body, start);
    let content = &body[start..end];
    let trimmed = content.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok((Item::Verbatim(body[start..next].to_string()), next));
    }

    // Optional `export ` (but `export=1` assigns a key named `export`).
    let mut cur = end - trimmed.len();
    if let Some(rest) = trimmed.strip_prefix("export") {
        let after = rest.trim_start_matches(is_blank);
        if after.len() < rest.len() && after.starts_with(is_key_start) {
            cur = end - after.len();
        }
    }

    let rest = &body[cur..end];
    match rest.chars().next() {
        Some(c) if is_key_start(c) => {}
        Some('=') => {
            return Err(error_at(
                body,
                cur,
                format!("expected a key before `=`; {EXPECTED_LINE}"),
            ));
        }
        Some(c) => {
            return Err(error_at(
                body,
                cur,
                format!(
                    "expected `KEY=VALUE`, a `# comment` or a blank line, found {} \
                     (keys start with a letter or `_`)",
                    show(c)
                ),
            ));
        }
        None => {
            return Err(error_at(
                body,
                cur,
                "expected `KEY=VALUE`, a `# comment` or a blank line".to_string(),
            ));
        }
    }
    let key_len = rest.find(|c| !is_key_char(c)).unwrap_or(rest.len());
    let key = &rest[..key_len];
    cur += key_len;
    cur = end - body[cur..end].trim_start_matches(is_blank).len();
    match body[cur..end].chars().next() {
        Some('=') => cur += 1,
        found => {
            let found = found.map_or_else(|| "the end of the line".to_string(), show);
            return Err(error_at(
                body,
                cur,
                format!("expected `=` after key `{key}`, found {found}; {EXPECTED_LINE}"),
            ));
        }
    }

    let value_start = end - body[cur..end].trim_start().len();
    let head = body[start..value_start].to_string();
    let first = body[value_start..end].chars().next();

    let Some(quote) = first.and_then(Quote::from_char) else {
        let rest = &body[value_start..end];
        let value_end = inline_comment(rest).unwrap_or(rest.len());
        let raw = rest[..value_end].trim_end();
        let item = Assignment {
            key: key.to_string(),
            value: raw.to_string(),
            quote: Quote::None,
            head,
            raw: raw.to_string(),
            tail: rest[raw.len()..].to_string(),
            eol: eol.to_string(),
        };
        return Ok((Item::Assignment(item), next));
    };

    let close = closing_quote(body, value_start, quote).ok_or_else(|| {
        error_at(
            body,
            value_start,
            format!(
                "unterminated {} value: expected a closing {}",
                quote.name(),
                show(quote.char())
            ),
        )
    })?;
    let after_close = close + 1;
    let (end, eol, next) = line_at(body, close);
    let after = &body[after_close..end];
    let junk = after.trim_start();
    if let Some(c) = junk.chars().next().filter(|&c| c != '#') {
        return Err(error_at(
            body,
            end - junk.len(),
            format!(
                "unexpected {} after the closing quote; expected the end of the line or a `# comment`",
                show(c)
            ),
        ));
    }
    let raw = &body[value_start..after_close];
    let item = Assignment {
        key: key.to_string(),
        value: decode(quote, &raw[1..raw.len() - 1]),
        quote,
        head,
        raw: raw.to_string(),
        tail: after.to_string(),
        eol: eol.to_string(),
    };
    Ok((Item::Assignment(item), next))
}

/// Byte offset in `value` where an unquoted value's comment starts: a `#`
/// at the start or after whitespace.
fn inline_comment(value: &str) -> Option<usize> {
    let mut prev_blank = true;
    for (i, c) in value.char_indices() {
        if c == '#' && prev_blank {
            return Some(i);
        }
        prev_blank = c.is_whitespace();
    }
    None
}

/// Offset of the quote closing the one at `open`, possibly on a later line.
fn closing_quote(body: &str, open: usize, quote: Quote) -> Option<usize> {
    let q = quote.char();
    let mut chars = body[open + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        if c == q {
            return Some(open + 1 + i);
        }
        if c == '\\' && quote == Quote::Double {
            chars.next();
        }
    }
    None
}

/// The value between the quotes; CRLF and a lone CR inside become LF, as dotenv reads them.
fn decode(quote: Quote, inner: &str) -> String {
    let inner = inner.replace("\r\n", "\n").replace('\r', "\n");
    if quote != Quote::Double {
        return inner;
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the bad-input corpus: dotenv (Vite) reads a lone `\r` as a line break, so a file
    /// with old Mac endings was one comment line to us and three variables to the app.
    #[test]
    fn lone_cr_ends_a_line_as_dotenv_reads_it() {
        let text = "# deployment\rCONVEX_DEPLOYMENT=dev:x\rVITE_CONVEX_URL=\"https://x\"\r";
        let mut env = EnvFile::parse(text).unwrap();
        assert_eq!(env.render(), text);
        let e = env.get("VITE_CONVEX_URL").unwrap();
        assert_eq!((e.value.as_str(), e.line, e.column), ("https://x", 3, 17));
        env.set("A", "1");
        assert_eq!(env.render(), format!("{text}A=1\r"));
        let err = EnvFile::parse("A=1\rB 2\r").unwrap_err();
        assert_eq!((err.line, err.column), (2, 3));
    }

    #[test]
    fn rename_keeps_the_line() {
        let text = "A=1\nexport NEXT_PUBLIC_WORKOS_API_KEY='sk_test_x' # mine\nB=2\n";
        let mut env = EnvFile::parse(text).unwrap();
        assert!(env.rename("NEXT_PUBLIC_WORKOS_API_KEY", "WORKOS_API_KEY"));
        assert_eq!(
            env.render(),
            "A=1\nexport WORKOS_API_KEY='sk_test_x' # mine\nB=2\n"
        );
        assert!(!env.rename("NOPE", "X"));
    }

    const CONVEX: &str = "# Deployment used by `npx convex dev`\n\
        CONVEX_DEPLOYMENT=dev:happy-otter-123 # team: acme, project: demo\n\
        \n\
        VITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n";

    fn parse(text: &str) -> EnvFile {
        match EnvFile::parse(text) {
            Ok(file) => file,
            Err(e) => panic!("failed to parse {text:?}: {e}"),
        }
    }

    fn parse_err(text: &str) -> EnvParseError {
        match EnvFile::parse(text) {
            Ok(file) => panic!("expected an error for {text:?}, got {file:?}"),
            Err(e) => e,
        }
    }

    fn assert_round_trip(text: &str) {
        assert_eq!(parse(text).render(), text, "round trip of {text:?}");
    }

    fn value(file: &EnvFile, key: &str) -> Option<String> {
        file.get(key).map(|e| e.value)
    }

    fn set(text: &str, key: &str, value: &str) -> String {
        let mut file = parse(text);
        file.set(key, value);
        let out = file.render();
        // Whatever we write must read back as what we set.
        assert_eq!(
            parse(&out).get(key).map(|e| e.value).as_deref(),
            Some(value),
            "{out:?}"
        );
        out
    }

    fn entry(key: &str, value: &str, line: usize, column: usize) -> EnvEntry {
        EnvEntry {
            key: key.to_string(),
            value: value.to_string(),
            line,
            column,
        }
    }

    #[test]
    fn convex_file_round_trips_byte_for_byte() {
        assert_round_trip(CONVEX);
        assert_round_trip(CONVEX.trim_end_matches('\n'));
        assert_round_trip(&CONVEX.replace('\n', "\r\n"));
        assert_round_trip(CONVEX.replace('\n', "\r\n").trim_end_matches("\r\n"));
        assert_round_trip(&format!("\u{feff}{CONVEX}"));
    }

    #[test]
    fn convex_file_entries() {
        let file = parse(CONVEX);
        assert_eq!(
            file.entries(),
            vec![
                entry("CONVEX_DEPLOYMENT", "dev:happy-otter-123", 2, 19),
                entry(
                    "VITE_CONVEX_URL",
                    "https://happy-otter-123.convex.cloud",
                    4,
                    17
                ),
            ]
        );
        assert_eq!(
            parse(&CONVEX.replace('\n', "\r\n")).entries(),
            file.entries()
        );
        assert_eq!(value(&file, "MISSING"), None);
    }

    #[test]
    fn odd_but_valid_files_round_trip() {
        for text in [
            "",
            "\n",
            "\r\n",
            "   \n\t\n",
            "# only a comment",
            "  # indented comment\n",
            "A=1",
            "A=1\r\nB=2\nC=3\r\n",
            "export A=1\n",
            "export\tA = 1 \n",
            "  A  =  spaced value  # comment  \n",
            "A=\n",
            "A=  \n",
            "A= # just a comment\n",
            "A=#not a value\n",
            "A=a#b\n",
            "A='single # not comment'  # comment\n",
            "A=\"double \\\"escaped\\\" \\\\ \\n\" # c\n",
            "A=`back tick`\n",
            "A=\"line 1\nline 2\r\nline 3\"\nB=after\n",
            "A='multi\nline'\n",
            "export=1\n",
            "dotted.key-name=v\n",
            "A=\"x\"#tight comment\n",
            "A=ünïcödé value ✓\n",
            "A=1\r",
            "\u{feff}",
            "\u{feff}A=1",
        ] {
            assert_round_trip(text);
        }
    }

    #[test]
    fn entries_match_hand_written_expectations() {
        let cases: Vec<(&str, Vec<EnvEntry>)> = vec![
            (
                "export A=1\n# c\n  B = two words # comment\nC=\n",
                vec![
                    entry("A", "1", 1, 10),
                    entry("B", "two words", 3, 7),
                    entry("C", "", 4, 3),
                ],
            ),
            (
                "D=\"a\\nb \\\"q\\\" \\\\ \\t \\x\"\nS='a\\nb'\nT=`x \"y\" 'z'`\n",
                vec![
                    entry("D", "a\nb \"q\" \\ \t \\x", 1, 3),
                    entry("S", "a\\nb", 2, 3),
                    entry("T", "x \"y\" 'z'", 3, 3),
                ],
            ),
            (
                "M=\"first\r\nsecond\"\r\nN=after\r\n",
                vec![entry("M", "first\nsecond", 1, 3), entry("N", "after", 3, 3)],
            ),
            (
                "\u{feff}A=1\nA=2\n",
                vec![entry("A", "1", 1, 3), entry("A", "2", 2, 3)],
            ),
            (
                "U=ü # c\nV=ü\n",
                vec![entry("U", "ü", 1, 3), entry("V", "ü", 2, 3)],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text).entries(), expected, "{text:?}");
        }
    }

    #[test]
    fn unquoted_values_are_trimmed_and_stop_at_inline_comments() {
        let file = parse("A=  x y  \nB=x # c\nC=x#y\nD=#c\nE=x\t#c\n");
        assert_eq!(value(&file, "A").as_deref(), Some("x y"));
        assert_eq!(value(&file, "B").as_deref(), Some("x"));
        assert_eq!(value(&file, "C").as_deref(), Some("x#y"));
        assert_eq!(value(&file, "D").as_deref(), Some(""));
        assert_eq!(value(&file, "E").as_deref(), Some("x"));
    }

    #[test]
    fn set_existing_replaces_only_the_value() {
        let out = set(CONVEX, "CONVEX_DEPLOYMENT", "dev:brave-fox-456");
        assert_eq!(
            out,
            CONVEX.replace("dev:happy-otter-123 #", "dev:brave-fox-456 #")
        );
        let out = set(
            CONVEX,
            "VITE_CONVEX_URL",
            "https://brave-fox-456.convex.cloud",
        );
        assert_eq!(
            out,
            CONVEX.replace(
                "https://happy-otter-123.convex.cloud",
                "https://brave-fox-456.convex.cloud"
            )
        );
    }

    #[test]
    fn set_to_same_value_changes_nothing() {
        assert_eq!(
            set(CONVEX, "CONVEX_DEPLOYMENT", "dev:happy-otter-123"),
            CONVEX
        );
        let crlf = CONVEX.replace('\n', "\r\n");
        assert_eq!(set(&crlf, "CONVEX_DEPLOYMENT", "dev:happy-otter-123"), crlf);
    }

    #[test]
    fn set_new_key_appends() {
        let out = set(
            CONVEX,
            "WORKOS_CLIENT_ID",
            "client_01JTEST0000000000000000000",
        );
        assert_eq!(
            out,
            format!("{CONVEX}WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n")
        );
        assert_eq!(set("", "A", "1"), "A=1\n");
        assert_eq!(set("\u{feff}", "A", "1"), "\u{feff}A=1\n");
    }

    #[test]
    fn set_new_key_on_file_without_trailing_newline() {
        let text = CONVEX.trim_end_matches('\n');
        let out = set(
            text,
            "WORKOS_CLIENT_ID",
            "client_01JTEST0000000000000000000",
        );
        assert_eq!(
            out,
            format!("{CONVEX}WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n")
        );
        assert_eq!(set("# c", "A", "1"), "# c\nA=1\n");
    }

    #[test]
    fn set_new_key_uses_the_dominant_line_ending() {
        let crlf = CONVEX.replace('\n', "\r\n");
        let out = set(
            &crlf,
            "WORKOS_CLIENT_ID",
            "client_01JTEST0000000000000000000",
        );
        assert_eq!(
            out,
            format!("{crlf}WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\r\n")
        );

        let no_final = crlf.trim_end_matches("\r\n");
        let out = set(
            no_final,
            "WORKOS_CLIENT_ID",
            "client_01JTEST0000000000000000000",
        );
        assert_eq!(
            out,
            format!("{crlf}WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\r\n")
        );

        // Mixed: the majority wins.
        assert_eq!(
            set("A=1\r\nB=2\r\nC=3\n", "D", "4"),
            "A=1\r\nB=2\r\nC=3\nD=4\r\n"
        );
        assert_eq!(set("A=1\nB=2\nC=3\r\n", "D", "4"), "A=1\nB=2\nC=3\r\nD=4\n");
        assert_eq!(set("A=1\r\n", "D", "4"), "A=1\r\nD=4\r\n");
    }

    #[test]
    fn set_keeps_export_spacing_and_comment() {
        assert_eq!(set("export A=1\n", "A", "2"), "export A=2\n");
        assert_eq!(
            set("  export  A = old   # keep me\r\n", "A", "new"),
            "  export  A = new   # keep me\r\n"
        );
        // An empty value followed by a comment keeps the comment a comment.
        assert_eq!(set("A=#c\n", "A", "v"), "A=v #c\n");
        assert_eq!(set("A= # c\n", "A", "v"), "A= v # c\n");
        assert_eq!(set("A=v # c\n", "A", ""), "A= # c\n");
    }

    #[test]
    fn set_keeps_quote_style_when_possible() {
        assert_eq!(set("A='old'\n", "A", "new value"), "A='new value'\n");
        assert_eq!(set("A=`old`\n", "A", "new value"), "A=`new value`\n");
        assert_eq!(set("A=\"old\" # c\n", "A", "new"), "A=\"new\" # c\n");
        assert_eq!(
            set("A=\"old\"\n", "A", "say \"hi\""),
            "A=\"say \\\"hi\\\"\"\n"
        );
        // Not representable in single quotes: fall back to double quotes.
        assert_eq!(set("A='old'\n", "A", "it's"), "A=\"it's\"\n");
        assert_eq!(set("A='old'\n", "A", "a\nb"), "A=\"a\\nb\"\n");
        // Unquoted stays bare only for bare-safe values.
        assert_eq!(set("A=old\n", "A", "needs quotes"), "A=\"needs quotes\"\n");
    }

    #[test]
    fn set_quotes_values_that_need_it() {
        assert_eq!(
            set("", "URL", "https://x.convex.cloud/a?b=c%20d"),
            "URL=\"https://x.convex.cloud/a?b=c%20d\"\n"
        );
        assert_eq!(
            set("", "URL", "https://x.convex.cloud/path+x,y@z"),
            "URL=https://x.convex.cloud/path+x,y@z\n"
        );
        assert_eq!(
            set("", "ID", "client_01JTEST0000000000000000000"),
            "ID=client_01JTEST0000000000000000000\n"
        );
        assert_eq!(set("", "A", "two words"), "A=\"two words\"\n");
        assert_eq!(set("", "A", "a#b"), "A=\"a#b\"\n");
        assert_eq!(set("", "A", " padded "), "A=\" padded \"\n");
        assert_eq!(set("", "A", "back\\slash"), "A=\"back\\\\slash\"\n");
        assert_eq!(set("", "A", "tab\there"), "A=\"tab\there\"\n");
        assert_eq!(set("", "A", "cr\rlf\n"), "A=\"cr\\rlf\\n\"\n");
        assert_eq!(set("", "A", "'quoted'"), "A=\"'quoted'\"\n");
        assert_eq!(set("", "A", ""), "A=\n");
    }

    #[test]
    fn last_assignment_wins_for_get_and_set() {
        let text = "A=first\nB=x\nA=second # c\n";
        let file = parse(text);
        let got = file.get("A");
        assert_eq!(got, Some(entry("A", "second", 3, 3)));
        assert_eq!(set(text, "A", "third"), "A=first\nB=x\nA=third # c\n");
    }

    #[test]
    fn multi_line_double_quoted_value() {
        let text = "# key\nPRIVATE_KEY=\"-----BEGIN KEY-----\nabc\ndef\n-----END KEY-----\" # pem\nNEXT=1\n";
        let file = parse(text);
        assert_eq!(file.render(), text);
        assert_eq!(
            file.get("PRIVATE_KEY"),
            Some(entry(
                "PRIVATE_KEY",
                "-----BEGIN KEY-----\nabc\ndef\n-----END KEY-----",
                2,
                13
            ))
        );
        assert_eq!(file.get("NEXT"), Some(entry("NEXT", "1", 6, 6)));

        // Replacing it collapses the value onto one line; the rest is kept.
        let out = set(text, "PRIVATE_KEY", "x\ny");
        assert_eq!(out, "# key\nPRIVATE_KEY=\"x\\ny\" # pem\nNEXT=1\n");
        assert_eq!(parse(&out).get("NEXT"), Some(entry("NEXT", "1", 3, 6)));

        let crlf = text.replace('\n', "\r\n");
        assert_round_trip(&crlf);
        assert_eq!(
            value(&parse(&crlf), "PRIVATE_KEY").as_deref(),
            Some("-----BEGIN KEY-----\nabc\ndef\n-----END KEY-----")
        );
    }

    #[test]
    fn remove_deletes_every_assignment_of_the_key() {
        let mut file = parse("A=1\n# keep\nB=2\nexport A=\"x\ny\"\nC=3");
        assert!(file.remove("A"));
        assert_eq!(file.render(), "# keep\nB=2\nC=3");
        assert!(!file.remove("A"));
        assert!(file.remove("C"));
        assert_eq!(file.render(), "# keep\nB=2\n");
        assert_eq!(file.get("B"), Some(entry("B", "2", 2, 3)));
    }

    #[test]
    fn remove_then_set_appends_cleanly() {
        let mut file = parse(CONVEX);
        assert!(file.remove("VITE_CONVEX_URL"));
        file.set("VITE_CONVEX_URL", "https://x.convex.cloud");
        assert_eq!(
            file.render(),
            "# Deployment used by `npx convex dev`\n\
             CONVEX_DEPLOYMENT=dev:happy-otter-123 # team: acme, project: demo\n\
             \n\
             VITE_CONVEX_URL=https://x.convex.cloud\n"
        );
    }

    #[test]
    fn bad_lines_report_line_and_column() {
        let cases: &[(&str, usize, usize, &str)] = &[
            (
                "A=1\nthis is not an assignment\n",
                2,
                6,
                "expected `=` after key `this`, found `i`",
            ),
            ("A=1\n\n=value\n", 3, 1, "expected a key before `=`"),
            ("KEY VALUE", 1, 5, "expected `=` after key `KEY`, found `V`"),
            ("KEY", 1, 4, "found the end of the line"),
            ("export KEY\n", 1, 11, "expected `=` after key `KEY`"),
            (
                "  1KEY=x\n",
                1,
                3,
                "found `1` (keys start with a letter or `_`)",
            ),
            ("FOO$=1\n", 1, 4, "expected `=` after key `FOO`, found `$`"),
            (
                "A=1\nB=\"open\nC=2\n",
                2,
                3,
                "unterminated double-quoted value: expected a closing `\"`",
            ),
            ("A='open\n", 1, 3, "unterminated single-quoted value"),
            ("A=`open", 1, 3, "unterminated backtick-quoted value"),
            ("A=\"esc\\\"\n", 1, 3, "unterminated double-quoted value"),
            (
                "A=\"x\" y\n",
                1,
                7,
                "unexpected `y` after the closing quote; expected the end of the line or a `# comment`",
            ),
            (
                "S='it''s'x\n",
                1,
                7,
                "unexpected `'` after the closing quote",
            ),
            ("A=\"a\nb\" c\n", 2, 4, "unexpected `c`"),
            ("\u{feff}bad\n", 1, 4, "expected `=` after key `bad`"),
            ("ü=1\n", 1, 1, "found `ü`"),
        ];
        for &(text, line, column, message) in cases {
            let err = parse_err(text);
            assert_eq!((err.line, err.column), (line, column), "{text:?}: {err}");
            assert!(
                err.message.contains(message),
                "{text:?}: {:?} should contain {message:?}",
                err.message
            );
        }
    }

    #[test]
    fn error_display_is_self_contained() {
        let err = parse_err("OK=1\nthis is not an assignment\n");
        assert_eq!(
            err.to_string(),
            "line 2, column 6: expected `=` after key `this`, found `i`; \
             each line must be `KEY=VALUE`, a `# comment` or blank"
        );
    }

    #[test]
    fn crlf_is_not_part_of_values_or_keys() {
        let file = parse("A=1\r\nB='x'\r\nC=\"y\" # c\r\nD=\r\n");
        assert_eq!(value(&file, "A").as_deref(), Some("1"));
        assert_eq!(value(&file, "B").as_deref(), Some("x"));
        assert_eq!(value(&file, "C").as_deref(), Some("y"));
        assert_eq!(value(&file, "D").as_deref(), Some(""));
        assert_eq!(
            set("A=1\r\nB=2\r\n", "A", "v"),
            "A=v\r\nB=2\r\n",
            "CRLF kept on set"
        );
    }

    #[test]
    fn set_everything_then_reparse_is_stable() {
        let texts = [
            CONVEX,
            "export A='x' # c\r\nB=\"m\nl\"\r\n",
            "A=1\nA=2",
            "\u{feff}# only comments\n",
        ];
        let values = [
            "",
            "plain",
            "two words",
            "quote\"s",
            "new\nline",
            "it's",
            "#hash",
        ];
        for text in texts {
            for v in values {
                for key in ["A", "B", "CONVEX_DEPLOYMENT", "NEW_KEY"] {
                    let out = set(text, key, v);
                    let reparsed = parse(&out);
                    assert_eq!(reparsed.render(), out);
                    // Other keys keep their values.
                    for e in parse(text).entries() {
                        if e.key != key {
                            assert_eq!(
                                value(&reparsed, &e.key),
                                value(&parse(text), &e.key),
                                "{text:?} set {key}={v:?} -> {out:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// Tiny deterministic generator, so the fuzz test needs no extra crate.
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn random_texts_never_panic_and_round_trip() {
        let pieces = [
            "A", "b", "_", "=", " ", "\t", "\n", "\r\n", "\r", "#", "'", "\"", "`", "\\",
            "export ", "KEY=", "ü", "\u{feff}", ".", "-", "1",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut accepted = 0;
        for _ in 0..20_000 {
            let len = (xorshift(&mut state) % 12) as usize;
            let text: String = (0..len)
                .map(|_| pieces[(xorshift(&mut state) % pieces.len() as u64) as usize])
                .collect();
            let Ok(mut file) = EnvFile::parse(&text) else {
                continue;
            };
            accepted += 1;
            assert_eq!(file.render(), text);
            file.set("KEY", "new value");
            let out = file.render();
            let reparsed = parse(&out);
            assert_eq!(
                value(&reparsed, "KEY").as_deref(),
                Some("new value"),
                "{text:?}"
            );
            assert_eq!(reparsed.entries().len(), file.entries().len(), "{text:?}");
        }
        assert!(accepted > 1_000, "only {accepted} accepted");
    }
}
