//! Parsing JS/TS/JSX with oxc, and the facts the codemods need, as owned data.
//!
//! oxc's AST borrows an arena, so instead of threading lifetimes through the engine each file is
//! parsed once and summarised into a [`JsFacts`] of plain byte ranges and names. The codemods then
//! compute [`crate::edit::Edit`]s from those ranges; nothing is ever re-printed from the AST.

use std::ops::Range;

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    Argument, Expression, ImportDeclarationSpecifier, JSXAttributeItem, JSXAttributeName,
    JSXElement, JSXElementName, ModuleExportName, NewExpression, Program, Statement,
    TemplateLiteral,
};
use oxc_ast_visit::{Visit, walk};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType, Span};

use crate::error::{ErrorKind, Location, UserError};

/// The source type for a path; `.js` files may hold JSX in Vite apps, so they parse as JSX.
pub fn source_type(path: &str) -> SourceType {
    let st = SourceType::from_path(path).unwrap_or_else(|_| SourceType::tsx());
    if path.ends_with(".js") || path.ends_with(".mjs") || path.ends_with(".cjs") {
        st.with_jsx(true)
    } else {
        st
    }
}

/// The largest JS/TS file the tool parses. Entry points, layouts and configs are a few KB; a
/// bigger file is refused with a clear error rather than risking the parser's recursion.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;

/// The deepest bracket nesting the tool reads; real code stays far below it.
pub const MAX_NESTING: usize = 1000;

/// Parses `src` and runs `f` on the program, or returns a parse error located in `display`.
///
/// oxc's parser (and every visitor over its tree) recurses once per nesting level, so deeply
/// nested input (`[[[[…`, `<a><a>…`, `x=>x=>…`) would overflow the thread's stack and abort
/// the process. Parsing runs on a thread whose stack grows with the input: a nesting level
/// takes at least one byte of source, and no frame a level needs is anywhere near
/// [`STACK_PER_BYTE`], so no input under [`MAX_SOURCE_BYTES`] can overflow it. The stack is
/// reserved, not committed: only what the recursion touches uses memory. Bracket nesting past
/// [`MAX_NESTING`] is refused before parsing, with its position.
pub fn with_program<R: Send>(
    display: &str,
    src: &str,
    f: impl FnOnce(&Program<'_>) -> R + Send,
) -> Result<R, UserError> {
    if src.len() > MAX_SOURCE_BYTES {
        return Err(UserError::new(
            ErrorKind::Parse,
            format!(
                "`{display}` is {} MB, too large for convex-authkit to read (the limit is {} MB)",
                src.len() >> 20,
                MAX_SOURCE_BYTES >> 20
            ),
        )
        .in_file(display)
        .hint(format!(
            "if `{display}` is generated, keep it out of the app's own sources; nothing was written"
        )));
    }
    if let Some(offset) = too_deep(src) {
        return Err(UserError::new(
            ErrorKind::Parse,
            format!("`{display}` nests brackets more than {MAX_NESTING} levels deep"),
        )
        .at(Location::at(display, src, offset))
        .hint(format!(
            "convex-authkit doesn't read code nested this deeply; if `{display}` is generated, keep it out of the app's own sources; nothing was written"
        )));
    }
    let stack = BASE_STACK + src.len() * STACK_PER_BYTE;
    std::thread::scope(|scope| {
        let parse = std::thread::Builder::new()
            .name("parse".into())
            .stack_size(stack)
            .spawn_scoped(scope, || parse_and_run(display, src, f));
        match parse {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(e) => Err(UserError::new(
                ErrorKind::Io,
                format!("can't start a thread to read `{display}`: {e}"),
            )
            .in_file(display)
            .hint("the system is out of memory or threads; nothing was written")),
        }
    })
}

/// Where bracket nesting (`(`, `[`, `{`, `${`) first goes past [`MAX_NESTING`], skipping
/// comments, strings and template text. Regular expressions aren't told from division, so a
/// quote or bracket inside one can make the count a little off; only a file that nests a
/// thousand levels deep is refused, so that doesn't matter. The parser's own stack
/// ([`with_program`]) covers the nesting brackets don't show (JSX, arrow chains).
fn too_deep(src: &str) -> Option<usize> {
    #[derive(PartialEq)]
    enum In {
        Code,
        LineComment,
        BlockComment,
        Quote(u8),
        Template,
    }
    let b = src.as_bytes();
    let mut state = In::Code;
    // For each open bracket: whether it is a `${` (its `}` returns to template text).
    let mut stack: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match state {
            In::Code => match c {
                b'/' if b.get(i + 1) == Some(&b'/') => state = In::LineComment,
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    state = In::BlockComment;
                    i += 1;
                }
                b'\'' | b'"' => state = In::Quote(c),
                b'`' => state = In::Template,
                b'(' | b'[' | b'{' => {
                    stack.push(false);
                    if stack.len() > MAX_NESTING {
                        return Some(i);
                    }
                }
                b')' | b']' | b'}' => {
                    // The `}` of a `${` goes back to the template's text.
                    let closes_template = stack.pop() == Some(true);
                    if closes_template {
                        state = In::Template;
                    }
                }
                _ => {}
            },
            In::LineComment if c == b'\n' => state = In::Code,
            In::BlockComment if c == b'*' && b.get(i + 1) == Some(&b'/') => {
                state = In::Code;
                i += 1;
            }
            In::Quote(q) if c == q || c == b'\n' => state = In::Code,
            In::Quote(_) | In::Template if c == b'\\' => i += 1,
            In::Template if c == b'`' => state = In::Code,
            In::Template if c == b'$' && b.get(i + 1) == Some(&b'{') => {
                stack.push(true);
                if stack.len() > MAX_NESTING {
                    return Some(i);
                }
                state = In::Code;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The stack every parse gets, and what each byte of source adds (see [`with_program`]).
const BASE_STACK: usize = 16 << 20;
const STACK_PER_BYTE: usize = 2 << 10;

fn parse_and_run<R>(
    display: &str,
    src: &str,
    f: impl FnOnce(&Program<'_>) -> R,
) -> Result<R, UserError> {
    let allocator = Allocator::default();
    let ret = Parser::new(&allocator, src, source_type(display)).parse();
    if let Some(diag) = ret.diagnostics.first() {
        let offset = diag.labels.first().map_or(0, |l| l.offset() as usize);
        let mut err = UserError::new(
            ErrorKind::Parse,
            format!("`{display}` has a syntax error: {}", diag.message),
        )
        .at(Location::at(display, src, offset))
        .hint(format!(
            "fix the syntax error in `{display}` and run again; nothing was written"
        ));
        if let Some(help) = &diag.help {
            err = err.hint(help.to_string());
        }
        return Err(err);
    }
    if ret.panicked {
        return Err(
            UserError::new(ErrorKind::Parse, format!("`{display}` could not be parsed"))
                .at(Location::at(display, src, 0)),
        );
    }
    Ok(f(&ret.program))
}

/// Checks that `src` still parses; used on every edited file before it is written.
pub fn check_parses(display: &str, src: &str) -> Result<(), UserError> {
    with_program(display, src, |_| ())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSpec {
    /// The exported name (`ConvexProvider` in `{ ConvexProvider as P }`); `default` or `*` for
    /// default and namespace imports.
    pub imported: String,
    pub local: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub source: String,
    pub span: Range<usize>,
    /// `None` for a side-effect import (`import './x.css'`).
    pub specifiers: Option<Vec<ImportSpec>>,
    /// The range of `{ … }` if the import has named specifiers.
    pub braces: Option<Range<usize>>,
    pub type_only: bool,
}

impl Import {
    /// Whether the statement can be printed anew from its parts: named specifiers only (no
    /// default or namespace import) and no comments.
    pub fn is_plain_named(&self, src: &str) -> bool {
        let text = src.get(self.span.clone()).unwrap_or("");
        self.braces.is_some()
            && !text.contains("//")
            && !text.contains("/*")
            && self
                .specifiers
                .iter()
                .flatten()
                .all(|s| s.imported != "default" && s.imported != "*")
    }

    /// The source text of each specifier (`a`, `b as c`, `type T`), but the one bound to
    /// `drop`.
    pub fn named_texts(&self, src: &str, drop: Option<&str>) -> Vec<String> {
        self.specifiers
            .iter()
            .flatten()
            .filter(|s| Some(s.local.as_str()) != drop)
            .map(|s| {
                let text = src.get(s.span.clone()).unwrap_or(&s.local);
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsxAttr {
    /// `None` for a spread attribute.
    pub name: Option<String>,
    pub span: Range<usize>,
    /// Source text of the value (`{convex}` → `convex`), if any.
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsxElem {
    pub name: String,
    pub span: Range<usize>,
    pub opening: Range<usize>,
    pub opening_name: Range<usize>,
    pub closing_name: Option<Range<usize>>,
    pub attrs: Vec<JsxAttr>,
}

/// A `new X(…)` expression: callee name and the source text of its first argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCall {
    pub callee: String,
    pub first_arg: Option<String>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsFacts {
    pub imports: Vec<Import>,
    /// End of the last top-level import declaration (0 if none).
    pub last_import_end: usize,
    pub jsx: Vec<JsxElem>,
    pub new_calls: Vec<NewCall>,
    /// Multi-line template literals: lines starting inside them must not be re-indented.
    pub templates: Vec<Range<usize>>,
    /// Names bound at the top level (imports, declarations).
    pub top_level_names: Vec<String>,
    /// Every identifier reference (name, span); used to prove a name has no other uses.
    pub references: Vec<(String, Range<usize>)>,
}

impl JsFacts {
    pub fn parse(display: &str, src: &str) -> Result<JsFacts, UserError> {
        with_program(display, src, |program| {
            let mut facts = JsFacts::default();
            for stmt in &program.body {
                match stmt {
                    Statement::ImportDeclaration(decl) => {
                        facts.last_import_end = decl.span.end as usize;
                        let specifiers = decl.specifiers.as_ref().map(|specs| {
                            specs
                                .iter()
                                .map(|s| match s {
                                    ImportDeclarationSpecifier::ImportSpecifier(s) => ImportSpec {
                                        imported: module_export_name(&s.imported),
                                        local: s.local.name.to_string(),
                                        span: range(s.span),
                                    },
                                    ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                                        ImportSpec {
                                            imported: "default".into(),
                                            local: s.local.name.to_string(),
                                            span: range(s.span),
                                        }
                                    }
                                    ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                                        ImportSpec {
                                            imported: "*".into(),
                                            local: s.local.name.to_string(),
                                            span: range(s.span),
                                        }
                                    }
                                })
                                .collect::<Vec<_>>()
                        });
                        if let Some(specs) = &specifiers {
                            facts
                                .top_level_names
                                .extend(specs.iter().map(|s| s.local.clone()));
                        }
                        let text = &src[range(decl.span)];
                        let braces = match (text.find('{'), text.find('}')) {
                            (Some(open), Some(close)) if open < close => {
                                let base = decl.span.start as usize;
                                Some(base + open..base + close + 1)
                            }
                            _ => None,
                        };
                        facts.imports.push(Import {
                            source: decl.source.value.to_string(),
                            span: range(decl.span),
                            specifiers,
                            braces,
                            type_only: decl.import_kind.is_type(),
                        });
                    }
                    Statement::VariableDeclaration(decl) => {
                        for d in &decl.declarations {
                            if let Some(id) = d.id.get_binding_identifier() {
                                facts.top_level_names.push(id.name.to_string());
                            }
                        }
                    }
                    Statement::FunctionDeclaration(f) => {
                        if let Some(id) = &f.id {
                            facts.top_level_names.push(id.name.to_string());
                        }
                    }
                    Statement::ExportDeclaration(e) => match &e.declaration {
                        oxc_ast::ast::Declaration::FunctionDeclaration(f) => {
                            if let Some(id) = &f.id {
                                facts.top_level_names.push(id.name.to_string());
                            }
                        }
                        oxc_ast::ast::Declaration::VariableDeclaration(decl) => {
                            for d in &decl.declarations {
                                if let Some(id) = d.id.get_binding_identifier() {
                                    facts.top_level_names.push(id.name.to_string());
                                }
                            }
                        }
                        _ => {}
                    },
                    _ => {}
                }
            }
            let mut collector = Collector {
                src,
                facts: &mut facts,
            };
            collector.visit_program(program);
            facts
        })
    }

    /// The import of `source`, if any (value imports first).
    pub fn import_of(&self, source: &str) -> Option<&Import> {
        self.imports
            .iter()
            .filter(|i| i.source == source)
            .min_by_key(|i| i.type_only)
    }

    /// The local name under which `name` is imported from `source`.
    pub fn local_name(&self, source: &str, name: &str) -> Option<String> {
        self.imports
            .iter()
            .filter(|i| i.source == source)
            .flat_map(|i| i.specifiers.iter().flatten())
            .find(|s| s.imported == name)
            .map(|s| s.local.clone())
    }

    pub fn elements_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s JsxElem> + 's {
        self.jsx.iter().filter(move |e| e.name == name)
    }

    /// Whether the file renders an element whose name, or the name it is imported under,
    /// contains one of `needles` (`ConvexProvider` finds `<ConvexProvider>`,
    /// `<ConvexProviderWithAuth>` and `<CP>` from `import { ConvexProvider as CP }`). A name
    /// only mentioned in a comment or a string doesn't count.
    pub fn renders(&self, needles: &[&str]) -> bool {
        let hit = |name: &str| needles.iter().any(|n| name.contains(n));
        let aliases: Vec<&str> = self
            .imports
            .iter()
            .flat_map(|i| i.specifiers.iter().flatten())
            .filter(|s| hit(&s.imported))
            .map(|s| s.local.as_str())
            .collect();
        self.jsx
            .iter()
            .any(|e| hit(&e.name) || aliases.contains(&e.name.as_str()))
    }
}

fn module_export_name(name: &ModuleExportName<'_>) -> String {
    match name {
        ModuleExportName::IdentifierName(n) => n.name.to_string(),
        ModuleExportName::IdentifierReference(n) => n.name.to_string(),
        ModuleExportName::StringLiteral(s) => s.value.to_string(),
    }
}

pub fn range(span: Span) -> Range<usize> {
    span.start as usize..span.end as usize
}

struct Collector<'s, 'f> {
    src: &'s str,
    facts: &'f mut JsFacts,
}

fn element_name(name: &JSXElementName<'_>, src: &str) -> String {
    src[range(name.span())].to_string()
}

impl<'a> Visit<'a> for Collector<'_, '_> {
    fn visit_jsx_element(&mut self, el: &JSXElement<'a>) {
        let opening = &el.opening_element;
        let attrs = opening
            .attributes
            .iter()
            .map(|item| match item {
                JSXAttributeItem::Attribute(attr) => {
                    let name = match &attr.name {
                        JSXAttributeName::Identifier(id) => id.name.to_string(),
                        JSXAttributeName::NamespacedName(n) => self.src[range(n.span)].to_string(),
                    };
                    let value = attr.value.as_ref().map(|v| {
                        let text = &self.src[range(v.span())];
                        text.strip_prefix('{')
                            .and_then(|t| t.strip_suffix('}'))
                            .unwrap_or(text)
                            .trim()
                            .to_string()
                    });
                    JsxAttr {
                        name: Some(name),
                        span: range(attr.span),
                        value,
                    }
                }
                JSXAttributeItem::SpreadAttribute(s) => JsxAttr {
                    name: None,
                    span: range(s.span),
                    value: None,
                },
            })
            .collect();
        self.facts.jsx.push(JsxElem {
            name: element_name(&opening.name, self.src),
            span: range(el.span),
            opening: range(opening.span),
            opening_name: range(opening.name.span()),
            closing_name: el.closing_element.as_ref().map(|c| range(c.name.span())),
            attrs,
        });
        walk::walk_jsx_element(self, el);
    }

    fn visit_new_expression(&mut self, expr: &NewExpression<'a>) {
        if let Expression::Identifier(id) = &expr.callee {
            let first_arg = expr
                .arguments
                .first()
                .map(|a: &Argument<'a>| self.src[range(a.span())].to_string());
            self.facts.new_calls.push(NewCall {
                callee: id.name.to_string(),
                first_arg,
                span: range(expr.span),
            });
        }
        walk::walk_new_expression(self, expr);
    }

    fn visit_template_literal(&mut self, lit: &TemplateLiteral<'a>) {
        let r = range(lit.span);
        if self.src[r.clone()].contains('\n') {
            self.facts.templates.push(r);
        }
        walk::walk_template_literal(self, lit);
    }

    fn visit_identifier_reference(&mut self, id: &oxc_ast::ast::IdentifierReference<'a>) {
        self.facts
            .references
            .push((id.name.to_string(), range(id.span)));
    }
}

/// The leading whitespace of the line containing `offset`.
pub fn line_indent(src: &str, offset: usize) -> &str {
    let start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let rest = &src[start..];
    let len = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..len]
}

/// Offset of the start of the line containing `offset`.
pub fn line_start(src: &str, offset: usize) -> usize {
    src[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Whether only whitespace precedes `offset` on its line.
pub fn starts_line(src: &str, offset: usize) -> bool {
    src[line_start(src, offset)..offset].trim().is_empty()
}

/// The value behind `expr` as written: through `satisfies`, `as`, parentheses and (a few levels
/// of) top-level `const` aliases, given as `(name, initialiser)` pairs.
pub fn unwrap_value<'b, 'a>(
    mut expr: &'b Expression<'a>,
    consts: &[(String, &'b Expression<'a>)],
) -> &'b Expression<'a> {
    for _ in 0..4 {
        expr = match expr {
            Expression::TSSatisfiesExpression(s) => &s.expression,
            Expression::TSAsExpression(s) => &s.expression,
            Expression::ParenthesizedExpression(p) => &p.expression,
            Expression::Identifier(id) => {
                match consts.iter().find(|(n, _)| n == id.name.as_str()) {
                    Some((_, init)) => init,
                    None => break,
                }
            }
            _ => break,
        };
    }
    expr
}

/// The relative import specifier for the module `to` from the file `from` (both relative to
/// the app root, `/`-separated, `to` without an extension): `./AuthButton`,
/// `../../packages/backend/convex/_generated/dataModel`.
pub fn relative_import(from: &str, to: &str) -> String {
    let from = crate::files::normalize_rel(from);
    let to = crate::files::normalize_rel(to);
    let mut dir: Vec<&str> = from.split('/').collect();
    dir.pop();
    let target: Vec<&str> = to.split('/').collect();
    let common = dir.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; dir.len() - common];
    parts.extend(&target[common..]);
    let joined = parts.join("/");
    if joined.starts_with("../") {
        joined
    } else {
        format!("./{joined}")
    }
}

#[cfg(test)]
#[test]
fn relative_imports() {
    assert_eq!(
        relative_import("src/App.tsx", "src/AuthButton"),
        "./AuthButton"
    );
    assert_eq!(
        relative_import("src/ui/App.tsx", "src/AuthButton"),
        "../AuthButton"
    );
    assert_eq!(relative_import("main.tsx", "AuthButton"), "./AuthButton");
    assert_eq!(
        relative_import("src/useStoreUser.ts", "convex/_generated/dataModel"),
        "../convex/_generated/dataModel"
    );
    assert_eq!(
        relative_import(
            "src/useStoreUser.ts",
            "../../packages/backend/convex/_generated/dataModel"
        ),
        "../../../packages/backend/convex/_generated/dataModel"
    );
}

/// The path a relative import specifier names, from the importing file's path (both relative to
/// the app root, `/`-separated); `None` if `..` climbs above the root. Extensions are not added.
pub fn join_relative(from: &str, spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = from
        .rsplit_once('/')
        .map_or(vec![], |(d, _)| d.split('/').collect());
    for seg in spec.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// `import.meta.env.NAME` (optionally with `as string` or `!`) → `NAME`.
pub fn import_meta_env_name(expr: &str) -> Option<String> {
    let e = expr.trim();
    let e = e
        .split(" as ")
        .next()
        .unwrap_or(e)
        .trim()
        .trim_end_matches('!');
    let name = e.strip_prefix("import.meta.env.")?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| name.to_string())
}

/// `a: 1, b: [2, 3]` split at its top-level commas (trimmed, empty parts dropped); `None` for
/// unbalanced text.
pub fn split_top_level(text: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                _ if c == q => quote = None,
                _ => {}
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(text[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    if depth != 0 || quote.is_some() {
        return None;
    }
    parts.push(text[start..].trim().to_string());
    parts.retain(|p| !p.is_empty());
    Some(parts)
}

/// `process.env.NAME` or `process.env["NAME"]` (optionally with `as string` or `!`) → `NAME`.
pub fn process_env_name(expr: &str) -> Option<String> {
    let e = expr.trim();
    let e = e
        .split(" as ")
        .next()
        .unwrap_or(e)
        .trim()
        .trim_end_matches('!');
    let rest = e.strip_prefix("process.env")?;
    let name = match rest.strip_prefix('.') {
        Some(name) => name,
        None => rest
            .strip_prefix("[")?
            .strip_suffix("]")?
            .trim()
            .strip_prefix(['"', '\''])?
            .strip_suffix(['"', '\''])?,
    };
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the bad-input corpus: 16,000 nested brackets (or JSX elements, or arrows)
    /// overflowed the stack and aborted the process.
    #[test]
    fn deep_nesting_is_an_error_or_parses_never_a_crash() {
        let deep = |open: &str, close: &str, n: usize| {
            format!(
                "const a = 1;\nconst x = {}0{};\n",
                open.repeat(n),
                close.repeat(n)
            )
        };
        let err = check_parses("a.ts", &deep("[", "]", 5000)).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.column), (2, 1011), "{}", err.message);
        assert!(
            err.message.contains("more than 1000 levels"),
            "{}",
            err.message
        );
        // Brackets in strings, comments and templates don't count; `${` does.
        let quoted = format!(
            "// {}\nconst s = '{}';\nconst t = `{}`;\n",
            "(".repeat(2000),
            "[".repeat(2000),
            "{".repeat(2000)
        );
        check_parses("a.ts", &quoted).unwrap();
        assert!(too_deep(&format!("`{}0{}`", "${`".repeat(1001), "`}".repeat(1001))).is_some());
        // Nesting brackets don't show parses on the parse thread's stack.
        check_parses(
            "a.tsx",
            &format!(
                "const x = {}0{};\n",
                "<a>{".repeat(500),
                "}</a>".repeat(500)
            ),
        )
        .unwrap();
        check_parses(
            "a.tsx",
            &format!("const x = {}1;\n", "y => ".repeat(20_000)),
        )
        .unwrap();
        check_parses(
            "a.tsx",
            &format!(
                "const x = {}<b />{};\n",
                "<a>".repeat(20_000),
                "</a>".repeat(20_000)
            ),
        )
        .unwrap();
    }

    #[test]
    fn facts_of_vite_entry() {
        let src = r#"import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConvexProvider, ConvexReactClient } from "convex/react";
import "./index.css";
import App from "./App";

const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ConvexProvider client={convex}>
      <App />
    </ConvexProvider>
  </StrictMode>,
);
"#;
        let f = JsFacts::parse("src/main.tsx", src).unwrap();
        assert_eq!(f.imports.len(), 5);
        assert_eq!(
            f.local_name("convex/react", "ConvexProvider").as_deref(),
            Some("ConvexProvider")
        );
        let cp: Vec<_> = f.elements_named("ConvexProvider").collect();
        assert_eq!(cp.len(), 1);
        assert_eq!(cp[0].attrs[0].name.as_deref(), Some("client"));
        assert_eq!(cp[0].attrs[0].value.as_deref(), Some("convex"));
        let nc = &f.new_calls[0];
        assert_eq!(nc.callee, "ConvexReactClient");
        assert_eq!(
            import_meta_env_name(nc.first_arg.as_deref().unwrap()).as_deref(),
            Some("VITE_CONVEX_URL")
        );
        assert!(f.top_level_names.contains(&"convex".to_string()));
    }

    #[test]
    fn reads_process_env_names() {
        for (expr, name) in [
            (
                "process.env.NEXT_PUBLIC_CONVEX_URL!",
                Some("NEXT_PUBLIC_CONVEX_URL"),
            ),
            (
                "process.env.NEXT_PUBLIC_CONVEX_URL as string",
                Some("NEXT_PUBLIC_CONVEX_URL"),
            ),
            ("process.env['CONVEX_URL']", Some("CONVEX_URL")),
            ("process.env[key]", None),
            ("import.meta.env.VITE_CONVEX_URL", None),
        ] {
            assert_eq!(process_env_name(expr).as_deref(), name, "{expr}");
        }
    }

    #[test]
    fn joins_relative_specifiers() {
        assert_eq!(
            join_relative("src/main.tsx", "./Providers").as_deref(),
            Some("src/Providers")
        );
        assert_eq!(
            join_relative("src/a/b.tsx", "../c/d").as_deref(),
            Some("src/c/d")
        );
        assert_eq!(join_relative("main.tsx", "./x").as_deref(), Some("x"));
        assert_eq!(join_relative("src/main.tsx", "../../x"), None);
    }

    #[test]
    fn syntax_error_has_position() {
        let err = JsFacts::parse("src/main.tsx", "const a = ;\n").unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.column), (1, 11));
        assert!(err.message.contains("syntax error"), "{}", err.message);
    }
}
