//! Whether a request interceptor's `matcher` runs on a path, as Next.js decides it.
//!
//! Next compiles each `config.matcher` source with `path-to-regexp` 6 (`:name`, `:name*`,
//! `(regex)`, `{…}?` groups), after wrapping it in its optional `/_next/data/…` prefix and `.json`
//! suffix, and tests the pathname against the resulting regular expression (case-sensitive, an
//! optional trailing `/`). The regular expressions are JavaScript's, with lookaheads
//! (`/((?!_next|…).*)`), so this module carries a small backtracking matcher for the subset
//! matchers use. Anything outside that subset, or a match that takes too long, is `None`:
//! "can't tell", and callers stay quiet.

use oxc_ast::ast::{
    ArrayExpressionElement, Declaration, Expression, ObjectExpression, ObjectPropertyKind,
    PropertyKey, Statement, VariableDeclaration,
};

use crate::edit::js;

/// An interceptor's `config.matcher`, as read from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// No `matcher`: it runs on every path.
    All,
    /// The matcher sources, each with whether it has `has`/`missing` conditions (which depend on
    /// the request, so a source that matches may still not run).
    Sources(Vec<(String, bool)>),
    /// A `config` or `matcher` that isn't a literal doctor can read.
    Unknown,
}

/// Reads `export const config = { matcher: … }` from an interceptor's source.
pub fn read_matcher(rel: &str, src: &str) -> Matcher {
    js::with_program(rel, src, |program| {
        for stmt in &program.body {
            match stmt {
                Statement::ExportDeclaration(export) => {
                    if let Declaration::VariableDeclaration(decl) = &export.declaration
                        && let Some(m) = config_of(decl)
                    {
                        return m;
                    }
                }
                // `export { config }` of a local binding: not statically readable here.
                Statement::ExportNamedDeclaration(export)
                    if export
                        .specifiers
                        .iter()
                        .any(|s| s.exported.name() == "config") =>
                {
                    return Matcher::Unknown;
                }
                _ => {}
            }
        }
        Matcher::All
    })
    .unwrap_or(Matcher::Unknown)
}

fn config_of(decl: &VariableDeclaration<'_>) -> Option<Matcher> {
    let d = decl.declarations.iter().find(|d| {
        d.id.get_binding_identifier()
            .is_some_and(|i| i.name == "config")
    })?;
    let Some(init) = &d.init else {
        return Some(Matcher::Unknown);
    };
    let Some(obj) = object(init) else {
        return Some(Matcher::Unknown);
    };
    let Some(value) = property(obj, "matcher") else {
        return Some(
            if obj
                .properties
                .iter()
                .any(|p| matches!(p, ObjectPropertyKind::SpreadProperty(_)))
            {
                Matcher::Unknown
            } else {
                Matcher::All
            },
        );
    };
    let mut sources = Vec::new();
    let mut one = |e: &Expression<'_>| -> bool {
        match unwrap(e) {
            Expression::StringLiteral(s) => {
                sources.push((s.value.to_string(), false));
                true
            }
            Expression::TemplateLiteral(t) if t.expressions.is_empty() && t.quasis.len() == 1 => {
                match &t.quasis[0].value.cooked {
                    Some(c) => {
                        sources.push((c.to_string(), false));
                        true
                    }
                    None => false,
                }
            }
            Expression::ObjectExpression(o) => match property(o, "source").map(unwrap) {
                Some(Expression::StringLiteral(s)) => {
                    let conditional = property(o, "has").is_some()
                        || property(o, "missing").is_some()
                        || property(o, "locale").is_some();
                    sources.push((s.value.to_string(), conditional));
                    true
                }
                _ => false,
            },
            _ => false,
        }
    };
    let ok = match unwrap(value) {
        Expression::ArrayExpression(a) => a.elements.iter().all(|el| match el {
            ArrayExpressionElement::SpreadElement(_) | ArrayExpressionElement::Elision(_) => false,
            el => el.as_expression().is_some_and(&mut one),
        }),
        e => one(e),
    };
    Some(if ok {
        Matcher::Sources(sources)
    } else {
        Matcher::Unknown
    })
}

/// `x as const`, `x satisfies T`, `(x)`: the expression inside.
fn unwrap<'a, 'b>(e: &'b Expression<'a>) -> &'b Expression<'a> {
    match e {
        Expression::TSAsExpression(x) => unwrap(&x.expression),
        Expression::TSSatisfiesExpression(x) => unwrap(&x.expression),
        Expression::ParenthesizedExpression(x) => unwrap(&x.expression),
        e => e,
    }
}

fn object<'a, 'b>(e: &'b Expression<'a>) -> Option<&'b ObjectExpression<'a>> {
    match unwrap(e) {
        Expression::ObjectExpression(o) => Some(o),
        _ => None,
    }
}

fn property<'a, 'b>(obj: &'b ObjectExpression<'a>, name: &str) -> Option<&'b Expression<'a>> {
    obj.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if !p.computed => {
            let key = match &p.key {
                PropertyKey::StaticIdentifier(i) => i.name.as_str(),
                PropertyKey::StringLiteral(s) => s.value.as_str(),
                _ => return None,
            };
            (key == name).then_some(&p.value)
        }
        _ => None,
    })
}

impl Matcher {
    /// Whether the interceptor runs on `path`: `Some(false)` only when no source can match it;
    /// `None` when that can't be told (an unreadable matcher or source, or conditions).
    pub fn runs_on(&self, path: &str) -> Option<bool> {
        let sources = match self {
            Matcher::All => return Some(true),
            Matcher::Unknown => return None,
            Matcher::Sources(s) => s,
        };
        let mut unsure = false;
        for (source, conditional) in sources {
            match source_matches(source, path) {
                Some(true) if !conditional => return Some(true),
                Some(true) | None => unsure = true,
                Some(false) => {}
            }
        }
        if unsure { None } else { Some(false) }
    }
}

/// Whether one matcher source matches `path`, as Next compiles it.
pub fn source_matches(source: &str, path: &str) -> Option<bool> {
    if !source.starts_with('/') {
        return None;
    }
    let wrapped = if source == "/" {
        "/:nextData(_next/data/[^/]{1,})?/(/?index|/?index\\.json)?".to_string()
    } else {
        format!("/:nextData(_next/data/[^/]{{1,}})?{source}{{(\\.json)}}?")
    };
    let regex = path_to_regexp(&wrapped)?;
    let re = Regex::parse(&regex)?;
    re.is_match(path)
}

// ---------------------------------------------------------------------------------------------
// path-to-regexp 6: `parse` + `tokensToRegexp` with Next's options (non-strict, end).

#[derive(Debug, PartialEq)]
enum Lex {
    Modifier(char),
    Escaped(char),
    Open,
    Close,
    Name(String),
    Pattern(String),
    Char(char),
    End,
}

fn lex(s: &str) -> Option<Vec<Lex>> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '*' | '+' | '?' => {
                out.push(Lex::Modifier(c[i]));
                i += 1;
            }
            '\\' => {
                out.push(Lex::Escaped(*c.get(i + 1)?));
                i += 2;
            }
            '{' => {
                out.push(Lex::Open);
                i += 1;
            }
            '}' => {
                out.push(Lex::Close);
                i += 1;
            }
            ':' => {
                let mut j = i + 1;
                while j < c.len() && (c[j].is_ascii_alphanumeric() || c[j] == '_') {
                    j += 1;
                }
                if j == i + 1 {
                    return None;
                }
                out.push(Lex::Name(c[i + 1..j].iter().collect()));
                i = j;
            }
            '(' => {
                let mut count = 1;
                let mut pattern = String::new();
                let mut j = i + 1;
                if c.get(j) == Some(&'?') {
                    return None;
                }
                while j < c.len() {
                    if c[j] == '\\' {
                        pattern.push(c[j]);
                        pattern.push(*c.get(j + 1)?);
                        j += 2;
                        continue;
                    }
                    if c[j] == ')' {
                        count -= 1;
                        if count == 0 {
                            j += 1;
                            break;
                        }
                    } else if c[j] == '(' {
                        count += 1;
                        if c.get(j + 1) != Some(&'?') {
                            return None;
                        }
                    }
                    pattern.push(c[j]);
                    j += 1;
                }
                if count != 0 || pattern.is_empty() {
                    return None;
                }
                out.push(Lex::Pattern(pattern));
                i = j;
            }
            ch => {
                out.push(Lex::Char(ch));
                i += 1;
            }
        }
    }
    out.push(Lex::End);
    Some(out)
}

enum Token {
    Text(String),
    Key {
        prefix: String,
        suffix: String,
        pattern: String,
        modifier: Option<char>,
    },
}

const DEFAULT_PATTERN: &str = "[^\\/#\\?]+?";

fn parse(s: &str) -> Option<Vec<Token>> {
    let lexed = lex(s)?;
    let mut i = 0;
    let mut out = Vec::new();
    let mut path = String::new();
    let peek = |i: usize| lexed.get(i);
    while i < lexed.len() {
        let ch = match peek(i) {
            Some(Lex::Char(c)) => {
                i += 1;
                Some(*c)
            }
            _ => None,
        };
        let name = match peek(i) {
            Some(Lex::Name(n)) => {
                i += 1;
                Some(n.clone())
            }
            _ => None,
        };
        let pattern = match peek(i) {
            Some(Lex::Pattern(p)) => {
                i += 1;
                Some(p.clone())
            }
            _ => None,
        };
        if name.is_some() || pattern.is_some() {
            let mut prefix = ch.map(String::from).unwrap_or_default();
            if !(prefix.is_empty() || prefix == "." || prefix == "/") {
                path.push_str(&prefix);
                prefix.clear();
            }
            if !path.is_empty() {
                out.push(Token::Text(std::mem::take(&mut path)));
            }
            let modifier = match peek(i) {
                Some(Lex::Modifier(m)) => {
                    i += 1;
                    Some(*m)
                }
                _ => None,
            };
            out.push(Token::Key {
                prefix,
                suffix: String::new(),
                pattern: pattern.unwrap_or_else(|| DEFAULT_PATTERN.into()),
                modifier,
            });
            continue;
        }
        let value = match ch {
            Some(c) => Some(c),
            None => match peek(i) {
                Some(Lex::Escaped(c)) => {
                    i += 1;
                    Some(*c)
                }
                _ => None,
            },
        };
        if let Some(v) = value {
            path.push(v);
            continue;
        }
        if !path.is_empty() {
            out.push(Token::Text(std::mem::take(&mut path)));
        }
        if let Some(Lex::Open) = peek(i) {
            i += 1;
            let text = |i: &mut usize| {
                let mut t = String::new();
                while let Some(Lex::Char(c) | Lex::Escaped(c)) = peek(*i) {
                    t.push(*c);
                    *i += 1;
                }
                t
            };
            let prefix = text(&mut i);
            let name = match peek(i) {
                Some(Lex::Name(n)) => {
                    i += 1;
                    Some(n.clone())
                }
                _ => None,
            };
            let pattern = match peek(i) {
                Some(Lex::Pattern(p)) => {
                    i += 1;
                    Some(p.clone())
                }
                _ => None,
            };
            let suffix = text(&mut i);
            if peek(i) != Some(&Lex::Close) {
                return None;
            }
            i += 1;
            let modifier = match peek(i) {
                Some(Lex::Modifier(m)) => {
                    i += 1;
                    Some(*m)
                }
                _ => None,
            };
            let pattern = match (name, pattern) {
                (_, Some(p)) => p,
                (Some(_), None) => DEFAULT_PATTERN.into(),
                (None, None) => String::new(),
            };
            out.push(Token::Key {
                prefix,
                suffix,
                pattern,
                modifier,
            });
            continue;
        }
        if peek(i) == Some(&Lex::End) {
            break;
        }
        // A modifier or `}` with nothing before it: path-to-regexp throws, Next refuses it.
        return None;
    }
    Some(out)
}

fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if ".+*?=^!:${}()[]|/\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn path_to_regexp(s: &str) -> Option<String> {
    let mut route = String::from("^");
    for token in parse(s)? {
        match token {
            Token::Text(t) => route.push_str(&escape(&t)),
            Token::Key {
                prefix,
                suffix,
                pattern,
                modifier,
            } => {
                let (prefix, suffix) = (escape(&prefix), escape(&suffix));
                let m = modifier.map(String::from).unwrap_or_default();
                if pattern.is_empty() {
                    route.push_str(&format!("(?:{prefix}{suffix}){m}"));
                } else if !prefix.is_empty() || !suffix.is_empty() {
                    if matches!(modifier, Some('+' | '*')) {
                        let opt = if modifier == Some('*') { "?" } else { "" };
                        route.push_str(&format!(
                            "(?:{prefix}((?:{pattern})(?:{suffix}{prefix}(?:{pattern}))*){suffix}){opt}"
                        ));
                    } else {
                        route.push_str(&format!("(?:{prefix}({pattern}){suffix}){m}"));
                    }
                } else if matches!(modifier, Some('+' | '*')) {
                    route.push_str(&format!("((?:{pattern}){m})"));
                } else {
                    route.push_str(&format!("({pattern}){m}"));
                }
            }
        }
    }
    // Not strict: an optional trailing delimiter.
    route.push_str("[\\/#\\?]?$");
    Some(route)
}

// ---------------------------------------------------------------------------------------------
// A backtracking matcher for the JavaScript regular expressions matchers use.

#[derive(Debug, Clone)]
enum Node {
    Char(char),
    Any,
    Class {
        negated: bool,
        items: Vec<ClassItem>,
    },
    Start,
    End,
    Group(Box<Node>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: usize,
        max: Option<usize>,
        greedy: bool,
    },
    Look {
        node: Box<Node>,
        negated: bool,
    },
}

#[derive(Debug, Clone)]
enum ClassItem {
    Range(char, char),
    Digit(bool),
    Word(bool),
    Space(bool),
}

impl ClassItem {
    fn matches(&self, c: char) -> bool {
        match *self {
            ClassItem::Range(a, b) => a <= c && c <= b,
            ClassItem::Digit(neg) => c.is_ascii_digit() != neg,
            ClassItem::Word(neg) => (c.is_ascii_alphanumeric() || c == '_') != neg,
            ClassItem::Space(neg) => c.is_whitespace() != neg,
        }
    }
}

/// Steps a match may take before it is given up as "can't tell".
const BUDGET: usize = 200_000;
/// How deep groups may nest, and how many nodes a match may have open at once: user input must
/// never overflow the stack.
const MAX_NESTING: usize = 64;
const MAX_OPEN: usize = 2_000;
/// Longer patterns are not judged (Next.js caps a matcher source at 4096 characters).
const MAX_PATTERN: usize = 8_192;

pub struct Regex {
    root: Node,
}

impl Regex {
    /// `None` for syntax outside the supported subset.
    pub fn parse(pattern: &str) -> Option<Regex> {
        let chars: Vec<char> = pattern.chars().collect();
        if chars.len() > MAX_PATTERN {
            return None;
        }
        let mut p = Parser {
            c: &chars,
            i: 0,
            nesting: 0,
        };
        let root = p.alt()?;
        (p.i == chars.len()).then_some(Regex { root })
    }

    /// Whether the pattern matches somewhere in `text` (like `RegExp.exec`); `None` when the
    /// budget ran out.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        let chars: Vec<char> = text.chars().collect();
        let m = Machine {
            text: &chars,
            steps: std::cell::Cell::new(0),
            open: std::cell::Cell::new(0),
        };
        for start in 0..=chars.len() {
            if m.node(&self.root, start, &mut |_| true) {
                return Some(true);
            }
            if m.steps.get() > BUDGET {
                return None;
            }
        }
        Some(false)
    }
}

struct Parser<'c> {
    c: &'c [char],
    i: usize,
    nesting: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn alt(&mut self) -> Option<Node> {
        let mut branches = vec![self.concat()?];
        while self.peek() == Some('|') {
            self.i += 1;
            branches.push(self.concat()?);
        }
        Some(if branches.len() == 1 {
            branches.pop()?
        } else {
            Node::Alt(branches)
        })
    }

    fn concat(&mut self) -> Option<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Some(Node::Concat(items))
    }

    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let (min, max) = match self.peek() {
            Some('*') => {
                self.i += 1;
                (0, None)
            }
            Some('+') => {
                self.i += 1;
                (1, None)
            }
            Some('?') => {
                self.i += 1;
                (0, Some(1))
            }
            Some('{') => {
                let save = self.i;
                match self.braces() {
                    Some(b) => b,
                    None => {
                        // A `{` that isn't a quantifier is a literal in JavaScript (non-unicode).
                        self.i = save;
                        return Some(atom);
                    }
                }
            }
            _ => return Some(atom),
        };
        if matches!(atom, Node::Start | Node::End | Node::Look { .. }) {
            return None;
        }
        let greedy = if self.peek() == Some('?') {
            self.i += 1;
            false
        } else {
            true
        };
        Some(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            greedy,
        })
    }

    /// `{n}`, `{n,}`, `{n,m}`, consumed through the `}`.
    fn braces(&mut self) -> Option<(usize, Option<usize>)> {
        self.i += 1;
        let num = |p: &mut Self| {
            let start = p.i;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.i += 1;
            }
            p.c[start..p.i]
                .iter()
                .collect::<String>()
                .parse::<usize>()
                .ok()
        };
        let min = num(self)?;
        let max = if self.peek() == Some(',') {
            self.i += 1;
            if self.peek() == Some('}') {
                None
            } else {
                Some(num(self)?)
            }
        } else {
            Some(min)
        };
        if self.peek() != Some('}') || max.is_some_and(|m| m < min) || min > 1000 {
            return None;
        }
        self.i += 1;
        Some((min, max))
    }

    fn atom(&mut self) -> Option<Node> {
        let c = self.peek()?;
        self.i += 1;
        match c {
            '.' => Some(Node::Any),
            '^' => Some(Node::Start),
            '$' => Some(Node::End),
            '(' => {
                self.nesting += 1;
                if self.nesting > MAX_NESTING {
                    return None;
                }
                let node = if self.c.get(self.i..self.i + 2) == Some(&['?', ':']) {
                    self.i += 2;
                    Node::Group(Box::new(self.alt()?))
                } else if self.c.get(self.i..self.i + 2) == Some(&['?', '!']) {
                    self.i += 2;
                    Node::Look {
                        node: Box::new(self.alt()?),
                        negated: true,
                    }
                } else if self.c.get(self.i..self.i + 2) == Some(&['?', '=']) {
                    self.i += 2;
                    Node::Look {
                        node: Box::new(self.alt()?),
                        negated: false,
                    }
                } else if self.peek() == Some('?') {
                    // Lookbehinds, named groups: not supported.
                    return None;
                } else {
                    Node::Group(Box::new(self.alt()?))
                };
                if self.peek() != Some(')') {
                    return None;
                }
                self.i += 1;
                self.nesting -= 1;
                Some(node)
            }
            '[' => self.class(),
            '\\' => self.escape(false).map(|item| match item {
                Escaped::Char(c) => Node::Char(c),
                Escaped::Class(item) => Node::Class {
                    negated: false,
                    items: vec![item],
                },
            }),
            '*' | '+' | '?' | ')' => None,
            c => Some(Node::Char(c)),
        }
    }

    fn escape(&mut self, in_class: bool) -> Option<Escaped> {
        let c = self.peek()?;
        self.i += 1;
        Some(match c {
            'd' => Escaped::Class(ClassItem::Digit(false)),
            'D' => Escaped::Class(ClassItem::Digit(true)),
            'w' => Escaped::Class(ClassItem::Word(false)),
            'W' => Escaped::Class(ClassItem::Word(true)),
            's' => Escaped::Class(ClassItem::Space(false)),
            'S' => Escaped::Class(ClassItem::Space(true)),
            'n' => Escaped::Char('\n'),
            't' => Escaped::Char('\t'),
            'r' => Escaped::Char('\r'),
            // Word boundaries, back-references, unicode escapes: not supported.
            'b' | 'B' | 'u' | 'x' | 'c' | 'k' | 'p' | 'P' => {
                if in_class && c == 'b' {
                    Escaped::Char('\u{8}')
                } else {
                    return None;
                }
            }
            c if c.is_ascii_digit() => return None,
            c => Escaped::Char(c),
        })
    }

    fn class(&mut self) -> Option<Node> {
        let negated = if self.peek() == Some('^') {
            self.i += 1;
            true
        } else {
            false
        };
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek()?;
            if c == ']' && !first {
                self.i += 1;
                break;
            }
            if c == ']' {
                // `[]` matches nothing in JavaScript; `[^]` anything.
                self.i += 1;
                return Some(Node::Class { negated, items });
            }
            first = false;
            self.i += 1;
            let lo = if c == '\\' {
                match self.escape(true)? {
                    Escaped::Char(c) => c,
                    Escaped::Class(item) => {
                        items.push(item);
                        continue;
                    }
                }
            } else {
                c
            };
            if self.peek() == Some('-') && self.c.get(self.i + 1).is_some_and(|n| *n != ']') {
                self.i += 1;
                let h = self.peek()?;
                self.i += 1;
                let hi = if h == '\\' {
                    match self.escape(true)? {
                        Escaped::Char(c) => c,
                        Escaped::Class(_) => return None,
                    }
                } else {
                    h
                };
                if hi < lo {
                    return None;
                }
                items.push(ClassItem::Range(lo, hi));
            } else {
                items.push(ClassItem::Range(lo, lo));
            }
        }
        Some(Node::Class { negated, items })
    }
}

enum Escaped {
    Char(char),
    Class(ClassItem),
}

struct Machine<'t> {
    text: &'t [char],
    steps: std::cell::Cell<usize>,
    /// Nodes being matched right now (each holds a stack frame).
    open: std::cell::Cell<usize>,
}

impl Machine<'_> {
    /// Matches `node` at `pos`, then calls `k` with each end position until it returns true.
    fn node(&self, node: &Node, pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        self.steps.set(self.steps.get() + 1);
        let open = self.open.get();
        if open > MAX_OPEN {
            // Too deep to follow safely: give up as "can't tell".
            self.steps.set(BUDGET + 1);
        }
        if self.steps.get() > BUDGET {
            return false;
        }
        self.open.set(open + 1);
        let matched = self.step(node, pos, k);
        self.open.set(open);
        matched
    }

    fn step(&self, node: &Node, pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        match node {
            Node::Char(c) => self.text.get(pos) == Some(c) && k(pos + 1),
            Node::Any => self.text.get(pos).is_some_and(|c| *c != '\n') && k(pos + 1),
            Node::Class { negated, items } => match self.text.get(pos) {
                Some(c) => items.iter().any(|i| i.matches(*c)) != *negated && k(pos + 1),
                None => false,
            },
            Node::Start => pos == 0 && k(pos),
            Node::End => pos == self.text.len() && k(pos),
            Node::Group(inner) => self.node(inner, pos, k),
            Node::Concat(items) => self.seq(items, pos, k),
            Node::Alt(branches) => branches.iter().any(|b| self.node(b, pos, k)),
            Node::Look { node, negated } => {
                let found = self.node(node, pos, &mut |_| true);
                found != *negated && k(pos)
            }
            Node::Repeat {
                node,
                min,
                max,
                greedy,
            } => self.repeat(node, (*min, *max, *greedy), 0, pos, k),
        }
    }

    fn seq(&self, items: &[Node], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        match items.split_first() {
            None => k(pos),
            Some((first, rest)) => self.node(first, pos, &mut |p| self.seq(rest, p, k)),
        }
    }

    fn repeat(
        &self,
        node: &Node,
        (min, max, greedy): (usize, Option<usize>, bool),
        count: usize,
        pos: usize,
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        let can_more = max.is_none_or(|m| count < m);
        let done = count >= min;
        if !greedy && done && k(pos) {
            return true;
        }
        if can_more {
            let more = self.node(node, pos, &mut |p| {
                // An empty iteration can't make progress: stop repeating there.
                if p == pos {
                    return count + 1 >= min && k(p);
                }
                self.repeat(node, (min, max, greedy), count + 1, p, k)
            });
            if more {
                return true;
            }
        }
        greedy && done && k(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Convex's template matcher (what `init` writes).
    const TEMPLATE: [&str; 2] = [
        r"/((?!_next|[^?]*\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
        "/(api|trpc)(.*)",
    ];

    fn runs(sources: &[&str], path: &str) -> Option<bool> {
        Matcher::Sources(sources.iter().map(|s| (s.to_string(), false)).collect()).runs_on(path)
    }

    #[test]
    fn next_matchers() {
        for path in [
            "/",
            "/callback",
            "/dashboard/x",
            "/api/users",
            "/_next/data/b1/x.json",
        ] {
            assert_eq!(runs(&TEMPLATE, path), Some(true), "{path}");
        }
        assert_eq!(runs(&TEMPLATE[..1], "/logo.png"), Some(false));
        assert_eq!(runs(&TEMPLATE[..1], "/_next/static/x.js"), Some(false));
        assert_eq!(runs(&["/", "/admin"], "/"), Some(true));
        assert_eq!(runs(&["/", "/admin"], "/admin"), Some(true));
        assert_eq!(runs(&["/", "/admin"], "/admin/"), Some(true));
        assert_eq!(runs(&["/", "/admin"], "/callback"), Some(false));
        assert_eq!(runs(&["/dashboard/:path*"], "/dashboard"), Some(true));
        assert_eq!(runs(&["/dashboard/:path*"], "/dashboard/a/b"), Some(true));
        assert_eq!(runs(&["/dashboard/:path*"], "/"), Some(false));
        assert_eq!(runs(&["/dashboard/:path+"], "/dashboard"), Some(false));
        assert_eq!(runs(&["/about/:slug"], "/about/a"), Some(true));
        assert_eq!(runs(&["/about/:slug"], "/about/a/b"), Some(false));
        assert_eq!(runs(&["/(.*)"], "/anything"), Some(true));
        assert_eq!(runs(&["/:path((?!api).*)"], "/api"), Some(false));
        assert_eq!(runs(&["/:path((?!api).*)"], "/home"), Some(true));
        // Not a path-to-regexp source (Next refuses these): can't tell.
        assert_eq!(runs(&["/api/*"], "/api/x"), None);
        assert_eq!(runs(&["dashboard"], "/dashboard"), None);
        assert_eq!(runs(&["/(?<x>a)"], "/a"), None);
        assert_eq!(Matcher::All.runs_on("/x"), Some(true));
        let conditional = Matcher::Sources(vec![("/(.*)".into(), true)]);
        assert_eq!(conditional.runs_on("/x"), None);
    }

    #[test]
    fn regex_subset() {
        let m = |re: &str, t: &str| Regex::parse(re).and_then(|r| r.is_match(t));
        assert_eq!(m("^a{2,3}$", "aaa"), Some(true));
        assert_eq!(m("^a{2,3}$", "aaaa"), Some(false));
        assert_eq!(m("^[^/]{1,}$", "ab"), Some(true));
        assert_eq!(m("^x{$", "x{"), Some(true));
        assert_eq!(m("^(a|ab)c$", "abc"), Some(true));
        assert_eq!(m("^a*?b$", "aaab"), Some(true));
        assert_eq!(m("^(?=a)\\w+$", "abc"), Some(true));
        assert_eq!(m("^[\\d-]+$", "1-2"), Some(true));
        assert_eq!(m("(", "a"), None);
        assert_eq!(m("\\1", "a"), None);
        // Catastrophic patterns run out of budget instead of hanging; deep ones give up
        // instead of overflowing the stack.
        let long = "a".repeat(40);
        assert_ne!(m("^(a*)*b$", &long), Some(true));
        assert_eq!(
            m(&format!("{}a{}", "(".repeat(100), ")".repeat(100)), "a"),
            None
        );
        assert_eq!(m(&"(?:)".repeat(5000), "a"), None);
        assert_eq!(m(&"a?".repeat(3000), "a"), None);
    }

    #[test]
    fn reads_the_config() {
        let src = "export default authkitProxy();\nexport const config = {\n  matcher: ['/', { source: '/admin/:p*', has: [{ type: 'header', key: 'x' }] }, `/api/(.*)`] as const,\n};\n";
        assert_eq!(
            read_matcher("proxy.ts", src),
            Matcher::Sources(vec![
                ("/".into(), false),
                ("/admin/:p*".into(), true),
                ("/api/(.*)".into(), false)
            ])
        );
        assert_eq!(
            read_matcher("proxy.ts", "export default authkitProxy();\n"),
            Matcher::All
        );
        assert_eq!(
            read_matcher(
                "proxy.ts",
                "const m = ['/'];\nexport const config = { matcher: m };\n"
            ),
            Matcher::Unknown
        );
        assert_eq!(
            read_matcher("proxy.ts", "export const config = { matcher: '/x' };\n"),
            Matcher::Sources(vec![("/x".into(), false)])
        );
        assert_eq!(
            read_matcher("proxy.ts", "export const config = {"),
            Matcher::Unknown
        );
    }
}
