//! The JS/TS/JSX that init generates, as a small syntax tree printed the way Prettier 3 prints
//! it: the same documents (`printAssignment`'s layouts, `printCallArguments`' hugging of a last
//! object or function, member chains, binary chains, JSX `fill`), so the output is Prettier's for
//! any width. Only the constructs the generated code uses are here; each mirrors the Prettier
//! printer named in its doc comment.

use super::doc::{
    Doc, concat, conditional_group, fill, group, group_break, group_id, hardline, if_break, indent,
    indent_if_break, join, line, nil, softline, text,
};
use super::options::Options;

/// An expression.
#[derive(Debug, Clone)]
pub enum Expr {
    /// An identifier, keyword or literal printed as is (`null`, `5173`, `import.meta`).
    Id(String),
    /// A string literal; quoted per the options.
    Str(String),
    /// A template literal, printed as is (Prettier never breaks simple ones).
    Template(String),
    /// `object.property` (`?.` when `optional`).
    Member(Box<Expr>, String, bool),
    Call(Call),
    Arrow(Arrow),
    Object(Object),
    Array(Vec<Expr>),
    /// `left op right`; `paren` prints the clarifying parentheses Prettier adds for mixed `&&`
    /// and `||`.
    Binary(Box<Expr>, &'static str, Box<Expr>, bool),
    /// `!x`, `void x`, `await x` (the operator includes its space).
    Unary(&'static str, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Jsx(Jsx),
    /// `expr satisfies Type`.
    Satisfies(Box<Expr>, String),
}

#[derive(Debug, Clone)]
pub struct Call {
    pub callee: Box<Expr>,
    /// Type arguments, printed as `<…>`.
    pub types: Vec<Type>,
    pub args: Vec<Expr>,
    pub new: bool,
}

#[derive(Debug, Clone)]
pub enum Type {
    /// `Name` or `Name<args…>`.
    Ref(String, Vec<Type>),
    Str(String),
    /// `a | b`.
    Union(Vec<Type>),
}

#[derive(Debug, Clone)]
pub struct Arrow {
    pub is_async: bool,
    pub params: Vec<String>,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub enum Body {
    Expr(Box<Expr>),
    Block(Vec<Stmt>),
}

#[derive(Debug, Clone)]
pub struct Object {
    pub props: Vec<Prop>,
    /// The source puts the first property on its own line, so Prettier keeps it expanded.
    pub expanded: bool,
}

#[derive(Debug, Clone)]
pub enum Prop {
    Shorthand(String),
    KeyValue(String, Expr),
}

#[derive(Debug, Clone)]
pub struct Jsx {
    pub name: String,
    /// `name={expr}` attributes (`None`: a boolean attribute).
    pub attrs: Vec<(String, Option<Expr>)>,
    pub children: Vec<JsxChild>,
}

#[derive(Debug, Clone)]
pub enum JsxChild {
    Text(String),
    Expr(Expr),
}

/// A declaration's binding.
#[derive(Debug, Clone)]
pub enum Pattern {
    Id(String),
    Object(Vec<String>),
    Array(Vec<String>),
}

#[derive(Debug, Clone)]
pub enum Stmt {
    /// `import { names } from "source"` (`type` imports when `type_only`).
    Import {
        type_only: bool,
        names: Vec<String>,
        source: String,
    },
    /// `const`/`let` with one declarator; `export` in front when `export`.
    Decl {
        export: bool,
        kind: &'static str,
        pattern: Pattern,
        init: Expr,
    },
    Expr(Expr),
    /// `name = value`.
    Assign(String, Expr),
    Return(Option<Expr>),
    Throw(Expr),
    /// `if (test) { … }`, or `if (test) stmt` when `block` is false (one statement).
    If {
        test: Expr,
        then: Vec<Stmt>,
        block: bool,
    },
    Function {
        export: bool,
        name: String,
        body: Vec<Stmt>,
    },
    ExportDefault(Expr),
    /// A `//` comment line.
    Comment(String),
    /// A `/** … */` comment, one entry per line of text.
    DocComment(Vec<String>),
    Blank,
}

// ---------------------------------------------------------------------------------------------
// Small constructors, so generated code reads close to the code it prints.

pub fn id(s: &str) -> Expr {
    Expr::Id(s.to_string())
}
pub fn str(s: &str) -> Expr {
    Expr::Str(s.to_string())
}
/// `a.b?.c` as member expressions (`import.meta` is one token).
pub fn member(path: &str) -> Expr {
    let mut parts = path.split('.');
    let first = parts.next().unwrap_or_default();
    let (first, mut optional) = match first.strip_suffix('?') {
        Some(f) => (f, true),
        None => (first, false),
    };
    let mut e = id(first);
    if first == "import" {
        let meta = parts.next().unwrap_or_default();
        e = id(&format!("import.{meta}"));
    }
    for p in parts {
        let (name, q) = match p.strip_suffix('?') {
            Some(n) => (n, true),
            None => (p, false),
        };
        e = Expr::Member(Box::new(e), name.to_string(), optional);
        optional = q;
    }
    e
}
pub fn call(callee: Expr, args: Vec<Expr>) -> Expr {
    Expr::Call(Call {
        callee: Box::new(callee),
        types: Vec::new(),
        args,
        new: false,
    })
}
pub fn call_typed(callee: Expr, types: Vec<Type>, args: Vec<Expr>) -> Expr {
    Expr::Call(Call {
        callee: Box::new(callee),
        types,
        args,
        new: false,
    })
}
pub fn new(callee: &str, args: Vec<Expr>) -> Expr {
    Expr::Call(Call {
        callee: Box::new(id(callee)),
        types: Vec::new(),
        args,
        new: true,
    })
}
pub fn method(object: Expr, name: &str, args: Vec<Expr>) -> Expr {
    call(
        Expr::Member(Box::new(object), name.to_string(), false),
        args,
    )
}
pub fn arrow(params: &[&str], body: Body) -> Expr {
    Expr::Arrow(Arrow {
        is_async: false,
        params: params.iter().map(|s| s.to_string()).collect(),
        body,
    })
}
pub fn async_arrow(params: &[&str], body: Body) -> Expr {
    Expr::Arrow(Arrow {
        is_async: true,
        params: params.iter().map(|s| s.to_string()).collect(),
        body,
    })
}
pub fn expr_body(e: Expr) -> Body {
    Body::Expr(Box::new(e))
}
pub fn object(props: Vec<Prop>, expanded: bool) -> Expr {
    Expr::Object(Object { props, expanded })
}
pub fn kv(key: &str, value: Expr) -> Prop {
    Prop::KeyValue(key.to_string(), value)
}
pub fn binary(l: Expr, op: &'static str, r: Expr) -> Expr {
    Expr::Binary(Box::new(l), op, Box::new(r), false)
}
pub fn paren_binary(l: Expr, op: &'static str, r: Expr) -> Expr {
    Expr::Binary(Box::new(l), op, Box::new(r), true)
}
pub fn unary(op: &'static str, e: Expr) -> Expr {
    Expr::Unary(op, Box::new(e))
}
pub fn cond(t: Expr, c: Expr, a: Expr) -> Expr {
    Expr::Cond(Box::new(t), Box::new(c), Box::new(a))
}
pub fn type_ref(name: &str, args: Vec<Type>) -> Type {
    Type::Ref(name.to_string(), args)
}
pub fn decl(kind: &'static str, pattern: Pattern, init: Expr) -> Stmt {
    Stmt::Decl {
        export: false,
        kind,
        pattern,
        init,
    }
}
pub fn import(names: &[&str], source: &str) -> Stmt {
    Stmt::Import {
        type_only: false,
        names: names.iter().map(|s| s.to_string()).collect(),
        source: source.to_string(),
    }
}
pub fn if_block(test: Expr, then: Vec<Stmt>) -> Stmt {
    Stmt::If {
        test,
        then,
        block: true,
    }
}

// ---------------------------------------------------------------------------------------------
// Printing

/// Where an expression sits, for the few places Prettier prints differently by parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parent {
    Other,
    /// The right side of an assignment, declaration or object property.
    Assignment,
    /// The value of a JSX attribute (`attr={…}`).
    JsxAttr,
    /// A child of a JSX element (`{…}`).
    JsxChild,
    /// The test of an `if`.
    Test,
    /// A member expression's object.
    MemberObject,
    /// The branches of a conditional inside a JSX attribute.
    CondBranch,
    /// The argument of `return` or `throw`.
    Return,
}

pub struct Printer<'a> {
    o: &'a Options,
    ids: std::cell::Cell<u32>,
}

impl<'a> Printer<'a> {
    pub fn new(o: &'a Options) -> Self {
        Printer {
            o,
            ids: std::cell::Cell::new(0),
        }
    }

    /// A group id, unique within this printer's documents.
    fn next_id(&self) -> u32 {
        let id = self.ids.get() + 1;
        self.ids.set(id);
        id
    }

    /// A module: statements, each on its own line, and a final newline.
    pub fn module(&self, stmts: &[Stmt]) -> Doc {
        concat(vec![self.stmts(stmts), hardline()])
    }

    /// Statements separated by newlines (`Blank` adds an empty line).
    pub fn stmts(&self, stmts: &[Stmt]) -> Doc {
        let mut parts = Vec::new();
        for (i, s) in stmts.iter().enumerate() {
            if i > 0 {
                parts.push(hardline());
            }
            if !matches!(s, Stmt::Blank) {
                parts.push(self.stmt(s));
            }
        }
        concat(parts)
    }

    fn semi(&self) -> Doc {
        text(if self.o.semi { ";" } else { "" })
    }

    /// A string literal in the preferred quotes (Prettier's `makeString`: the other quote only
    /// when it means fewer escapes).
    pub fn quote(&self, s: &str) -> String {
        let (pref, alt) = if self.o.single_quote {
            ('\'', '"')
        } else {
            ('"', '\'')
        };
        let q = if s.matches(pref).count() > s.matches(alt).count() {
            alt
        } else {
            pref
        };
        let escaped = s.replace('\\', "\\\\").replace(q, &format!("\\{q}"));
        format!("{q}{escaped}{q}")
    }

    fn bracket_line(&self) -> Doc {
        if self.o.bracket_spacing {
            line()
        } else {
            softline()
        }
    }

    fn comma_es5(&self) -> Doc {
        if_break(text(if self.o.comma_es5() { "," } else { "" }), nil())
    }

    fn comma_all(&self) -> Doc {
        if_break(text(if self.o.comma_all() { "," } else { "" }), nil())
    }

    pub fn stmt(&self, s: &Stmt) -> Doc {
        match s {
            Stmt::Import {
                type_only,
                names,
                source,
            } => {
                let kind = if *type_only { " type" } else { "" };
                let specs = if names.len() == 1 {
                    let b = if self.o.bracket_spacing { " " } else { "" };
                    text(format!("{{{b}{}{b}}}", names[0]))
                } else {
                    group(concat(vec![
                        text("{"),
                        indent(concat(vec![
                            self.bracket_line(),
                            join(
                                concat(vec![text(","), line()]),
                                names.iter().map(|n| text(n.clone())).collect(),
                            ),
                        ])),
                        self.comma_es5(),
                        self.bracket_line(),
                        text("}"),
                    ]))
                };
                concat(vec![
                    text(format!("import{kind} ")),
                    specs,
                    text(format!(" from {}", self.quote(source))),
                    self.semi(),
                ])
            }
            Stmt::Decl {
                export,
                kind,
                pattern,
                init,
            } => {
                let left = match pattern {
                    Pattern::Id(n) => text(n.clone()),
                    Pattern::Object(names) => self.object_pattern(names),
                    Pattern::Array(names) => group(concat(vec![
                        text("["),
                        indent(concat(vec![
                            softline(),
                            join(
                                concat(vec![text(","), line()]),
                                names.iter().map(|n| text(n.clone())).collect(),
                            ),
                            self.comma_es5(),
                        ])),
                        softline(),
                        text("]"),
                    ])),
                };
                let decl = group(concat(vec![
                    text(format!("{kind} ")),
                    self.assignment(left, " =", init, None),
                    self.semi(),
                ]));
                if *export {
                    concat(vec![text("export "), decl])
                } else {
                    decl
                }
            }
            Stmt::Expr(e) => concat(vec![self.expr(e, Parent::Other), self.semi()]),
            Stmt::Assign(name, value) => concat(vec![
                self.assignment(text(name.clone()), " =", value, None),
                self.semi(),
            ]),
            Stmt::Return(None) => concat(vec![text("return"), self.semi()]),
            Stmt::Return(Some(e)) => {
                let arg = match e {
                    Expr::Jsx(_) | Expr::Binary(..) => group(concat(vec![
                        if_break(text("("), nil()),
                        indent(concat(vec![softline(), self.expr(e, Parent::Return)])),
                        softline(),
                        if_break(text(")"), nil()),
                    ])),
                    _ => self.expr(e, Parent::Other),
                };
                concat(vec![text("return "), arg, self.semi()])
            }
            Stmt::Throw(e) => concat(vec![
                text("throw "),
                self.expr(e, Parent::Other),
                self.semi(),
            ]),
            Stmt::If { test, then, block } => {
                let head = concat(vec![
                    text("if ("),
                    group(concat(vec![
                        indent(concat(vec![softline(), self.expr(test, Parent::Test)])),
                        softline(),
                    ])),
                    text(")"),
                ]);
                if *block {
                    group(concat(vec![head, text(" "), self.block(then)]))
                } else {
                    let stmt = then.first().map_or(nil(), |s| self.stmt(s));
                    group(concat(vec![head, indent(concat(vec![line(), stmt]))]))
                }
            }
            Stmt::Function { export, name, body } => concat(vec![
                text(if *export {
                    "export function "
                } else {
                    "function "
                }),
                text(name.clone()),
                text("() "),
                self.block(body),
            ]),
            Stmt::ExportDefault(e) => concat(vec![
                text("export default "),
                self.expr(e, Parent::Other),
                self.semi(),
            ]),
            Stmt::Comment(c) => text(format!("// {c}")),
            Stmt::DocComment(lines) => {
                let mut parts = vec![text("/**")];
                for l in lines {
                    parts.push(hardline());
                    parts.push(text(if l.is_empty() {
                        " *".to_string()
                    } else {
                        format!(" * {l}")
                    }));
                }
                parts.push(hardline());
                parts.push(text(" */"));
                concat(parts)
            }
            Stmt::Blank => nil(),
        }
    }

    fn block(&self, body: &[Stmt]) -> Doc {
        if body.is_empty() {
            return text("{}");
        }
        concat(vec![
            text("{"),
            indent(concat(vec![hardline(), self.stmts(body)])),
            hardline(),
            text("}"),
        ])
    }

    fn object_pattern(&self, names: &[String]) -> Doc {
        group(concat(vec![
            text("{"),
            indent(concat(vec![
                self.bracket_line(),
                join(
                    concat(vec![text(","), line()]),
                    names.iter().map(|n| text(n.clone())).collect(),
                ),
            ])),
            self.comma_es5(),
            self.bracket_line(),
            text("}"),
        ]))
    }

    /// `printAssignment`: `left op right` in the layout Prettier's `chooseLayout` picks for our
    /// right-hand sides. `key` is the property key, for the short-key rule.
    fn assignment(&self, left: Doc, op: &str, right: &Expr, key: Option<&str>) -> Doc {
        let short_key = key.is_some_and(|k| k.chars().count() < self.o.tab_width + 3);
        let r = self.expr(right, Parent::Assignment);
        let binaryish = matches!(right, Expr::Binary(..));
        let break_after = binaryish
            || (!short_key && (matches!(right, Expr::Str(_)) || self.poorly_breakable(right)));
        let never_break = !break_after
            && (short_key
                || matches!(right, Expr::Template(_))
                || matches!(right, Expr::Id(s) if is_literal(s)));
        if break_after {
            group(concat(vec![
                group(left),
                text(op),
                group(indent(concat(vec![line(), r]))),
            ]))
        } else if never_break {
            group(concat(vec![group(left), text(op), text(" "), r]))
        } else {
            let gid = self.next_id();
            group(concat(vec![
                group(left),
                text(op),
                group_id(indent(line()), gid),
                indent_if_break(r, gid),
            ]))
        }
    }

    /// `isPoorlyBreakableMemberOrCallChain`: a chain of members and calls with no arguments or
    /// one short one, and no complex type arguments (through `await` and unary operators).
    fn poorly_breakable(&self, e: &Expr) -> bool {
        fn walk(p: &Printer<'_>, e: &Expr, deep: bool) -> bool {
            match e {
                Expr::Member(o, _, _) => walk(p, o, true),
                Expr::Call(c) => {
                    let short = match c.args.as_slice() {
                        [] => true,
                        [a] => p.short_argument(a),
                        _ => false,
                    };
                    let complex_types =
                        c.types.len() > 1 || matches!(c.types.first(), Some(Type::Union(_)));
                    short && !complex_types && !c.new && walk(p, &c.callee, true)
                }
                Expr::Id(_) => deep,
                _ => false,
            }
        }
        let mut e = e;
        while let Expr::Unary(_, inner) = e {
            e = inner;
        }
        walk(self, e, false)
    }

    /// `isShortCallArgument`.
    fn short_argument(&self, e: &Expr) -> bool {
        let threshold = self.o.print_width as f64 * 0.25;
        match e {
            Expr::Id(s) => s.chars().count() as f64 <= threshold,
            Expr::Str(s) => (self.quote(s).chars().count() as f64) <= threshold,
            _ => false,
        }
    }

    fn expr(&self, e: &Expr, parent: Parent) -> Doc {
        match e {
            Expr::Id(s) => text(s.clone()),
            Expr::Str(s) => text(self.quote(s)),
            Expr::Template(s) => text(s.clone()),
            Expr::Member(object, prop, optional) => {
                let lookup = text(format!("{}.{prop}", if *optional { "?" } else { "" }));
                // `printMemberExpression`: `a.b` stays together unless it is part of a longer
                // member expression or its object is not a plain identifier.
                let inline = matches!(**object, Expr::Id(ref s) if !s.starts_with("import."))
                    && parent != Parent::MemberObject;
                let obj = self.expr(object, Parent::MemberObject);
                if inline {
                    concat(vec![obj, lookup])
                } else {
                    concat(vec![obj, group(indent(concat(vec![softline(), lookup])))])
                }
            }
            Expr::Call(c) => self.call(c),
            Expr::Arrow(a) => self.arrow(a, parent == Parent::JsxAttr, false),
            Expr::Object(o) => self.object(o),
            Expr::Array(items) => self.array(items),
            Expr::Binary(..) => self.binary(e, parent),
            Expr::Unary(op, inner) => concat(vec![text(*op), self.expr(inner, Parent::Other)]),
            Expr::Cond(t, c, a) => {
                // The branches line up after `? ` and `: ` (an indent with tabs).
                let branch = |e: &Expr| {
                    let d = self.expr(e, Parent::CondBranch);
                    if self.o.use_tabs {
                        indent(d)
                    } else {
                        align2(d)
                    }
                };
                group(concat(vec![
                    self.expr(t, Parent::Other),
                    indent(concat(vec![
                        line(),
                        text("? "),
                        branch(c),
                        line(),
                        text(": "),
                        branch(a),
                    ])),
                ]))
            }
            Expr::Jsx(j) => self.jsx(j),
            Expr::Satisfies(e, ty) => concat(vec![
                self.expr(e, Parent::Other),
                text(format!(" satisfies {ty}")),
            ]),
        }
    }

    fn object(&self, o: &Object) -> Doc {
        if o.props.is_empty() {
            return text("{}");
        }
        let props = o
            .props
            .iter()
            .map(|p| match p {
                Prop::Shorthand(n) => text(n.clone()),
                Prop::KeyValue(k, v) => self.property(k, v),
            })
            .collect();
        group_break(
            concat(vec![
                text("{"),
                indent(concat(vec![
                    self.bracket_line(),
                    join(concat(vec![text(","), line()]), props),
                ])),
                self.comma_es5(),
                self.bracket_line(),
                text("}"),
            ]),
            o.expanded,
        )
    }

    /// An expression in statement position (an element of an array, say).
    pub fn expr_doc(&self, e: &Expr) -> Doc {
        self.expr(e, Parent::Other)
    }

    /// One `key: value` property, as Prettier prints it inside an object.
    pub fn property(&self, key: &str, value: &Expr) -> Doc {
        self.assignment(text(key.to_string()), ":", value, Some(key))
    }

    fn array(&self, items: &[Expr]) -> Doc {
        if items.is_empty() {
            return text("[]");
        }
        let printed = items
            .iter()
            .map(|i| group(self.expr(i, Parent::Other)))
            .collect();
        group_id(
            concat(vec![
                text("["),
                indent(concat(vec![
                    softline(),
                    join(concat(vec![text(","), line()]), printed),
                    self.comma_es5(),
                ])),
                softline(),
                text("]"),
            ]),
            self.next_id(),
        )
    }

    fn type_doc(&self, t: &Type) -> Doc {
        match t {
            Type::Str(s) => text(self.quote(s)),
            Type::Union(ts) => join(text(" | "), ts.iter().map(|t| self.type_doc(t)).collect()),
            Type::Ref(name, args) if args.is_empty() => text(name.clone()),
            Type::Ref(name, args) => concat(vec![text(name.clone()), self.type_args(args)]),
        }
    }

    /// `printTypeParameters`: one simple argument (or one union) stays unbroken.
    fn type_args(&self, args: &[Type]) -> Doc {
        let simple =
            |t: &Type| matches!(t, Type::Str(_)) || matches!(t, Type::Ref(_, a) if a.is_empty());
        if let [only] = args
            && (simple(only) || matches!(only, Type::Union(_)))
        {
            return concat(vec![text("<"), self.type_doc(only), text(">")]);
        }
        group(concat(vec![
            text("<"),
            indent(concat(vec![
                softline(),
                join(
                    concat(vec![text(","), line()]),
                    args.iter().map(|t| self.type_doc(t)).collect(),
                ),
            ])),
            softline(),
            text(">"),
        ]))
    }

    /// `printCallExpression`, with `printMemberChain` for calls on a member.
    fn call(&self, c: &Call) -> Doc {
        if let Expr::Member(..) = &*c.callee {
            return self.member_chain(c);
        }
        concat(vec![
            text(if c.new { "new " } else { "" }),
            self.expr(&c.callee, Parent::Other),
            if c.types.is_empty() {
                nil()
            } else {
                self.type_args(&c.types)
            },
            self.arguments(c),
        ])
    }

    /// `printMemberChain` for the chains we generate: the head with its calls and the member
    /// accesses before the first call, then one group per `.name(…)`. Two groups or fewer print
    /// on one line (breaking inside the arguments); more, with a function argument, one per line.
    fn member_chain(&self, c: &Call) -> Doc {
        // Flatten `head.a.b(…).c(…)` into the head and its `(name, call)` links.
        let mut links: Vec<(&str, bool, Option<&Call>)> = Vec::new();
        let mut call = Some(c);
        let mut cur: &Expr = &c.callee;
        let head: &Expr = loop {
            match (cur, call.take()) {
                (Expr::Member(obj, name, optional), pending) => {
                    links.push((name, *optional, pending));
                    match &**obj {
                        Expr::Call(inner) if matches!(*inner.callee, Expr::Member(..)) => {
                            call = Some(inner);
                            cur = &inner.callee;
                        }
                        other => cur = other,
                    }
                }
                (other, _) => break other,
            }
        };
        links.reverse();
        let head_doc = match head {
            Expr::Call(hc) => self.call(hc),
            other => self.expr(other, Parent::Other),
        };
        let link_doc = |name: &str, optional: bool, call: Option<&Call>| {
            let dot = if optional { "?." } else { "." };
            match call {
                Some(call) => concat(vec![text(format!("{dot}{name}")), self.arguments(call)]),
                None => text(format!("{dot}{name}")),
            }
        };
        // The first group takes the member accesses that precede another member access.
        let mut first = vec![head_doc];
        let mut i = 0;
        // (`new X()` is no call to Prettier's member chain.)
        if !matches!(head, Expr::Call(c) if !c.new) {
            while i + 1 < links.len() && links[i].2.is_none() {
                first.push(link_doc(links[i].0, links[i].1, None));
                i += 1;
            }
        }
        let mut groups: Vec<Doc> = Vec::new();
        let mut calls = 0;
        let mut complex = false;
        for (name, optional, call) in &links[i..] {
            if let Some(call) = call {
                calls += 1;
                complex |= call.args.iter().any(|a| {
                    matches!(
                        a,
                        Expr::Arrow(Arrow {
                            body: Body::Expr(_),
                            ..
                        })
                    )
                });
            }
            groups.push(link_doc(name, *optional, *call));
        }
        if groups.len() <= 2 || !(calls > 2 && complex) {
            let mut all = first;
            all.extend(groups);
            return group(concat(all));
        }
        let mut rest = Vec::new();
        for g in groups {
            rest.push(hardline());
            rest.push(g);
        }
        group(concat(vec![concat(first), indent(concat(rest))]))
    }

    /// `printCallArguments`.
    fn arguments(&self, c: &Call) -> Doc {
        let args = &c.args;
        if args.is_empty() {
            return group(text("()"));
        }
        // React hooks with a dependency array: `useEffect(() => {…}, [deps])`.
        if let [Expr::Arrow(a), Expr::Array(_)] = args.as_slice()
            && a.params.is_empty()
            && matches!(a.body, Body::Block(_))
        {
            return concat(vec![
                text("("),
                self.expr(&args[0], Parent::Other),
                text(", "),
                self.expr(&args[1], Parent::Other),
                text(")"),
            ]);
        }
        let all_broken_out = |printed: Vec<Doc>| {
            group_break(
                concat(vec![
                    text("("),
                    indent(concat(vec![
                        line(),
                        join(concat(vec![text(","), line()]), printed),
                    ])),
                    self.comma_all(),
                    line(),
                    text(")"),
                ]),
                true,
            )
        };
        let last = args.last().unwrap_or(&args[0]);
        // `useMemo(() => value, [deps])` and `useCallback((x) => {…}, [deps])`: no hugging.
        let memo_like = matches!(args.as_slice(), [Expr::Arrow(_), Expr::Array(_)]);
        let huggable = !memo_like
            && match last {
                Expr::Object(o) => !o.props.is_empty(),
                Expr::Array(items) => !items.is_empty(),
                Expr::Arrow(_) => true,
                _ => false,
            };
        let penultimate_same = args.len() > 1
            && std::mem::discriminant(&args[args.len() - 2]) == std::mem::discriminant(last);
        if huggable && !penultimate_same {
            let init: Vec<Doc> = args[..args.len() - 1]
                .iter()
                .map(|a| self.expr(a, Parent::Other))
                .collect();
            let head = |init: &[Doc]| {
                let mut parts = vec![text("(")];
                for d in init {
                    parts.push(d.clone());
                    parts.push(text(","));
                    parts.push(line());
                }
                parts
            };
            let expanded_last = match last {
                Expr::Arrow(a) => self.arrow(a, false, true),
                other => self.expr(other, Parent::Other),
            };
            let normal_last = self.expr(last, Parent::Other);
            let mut all = init.clone();
            all.push(normal_last);
            let will_break = will_break(&expanded_last);
            let mut hugged = head(&init);
            hugged.push(group_break(expanded_last.clone(), true));
            hugged.push(text(")"));
            if will_break {
                return concat(vec![
                    Doc::BreakParent,
                    conditional_group(vec![concat(hugged), all_broken_out(all)]),
                ]);
            }
            let mut flat = head(&init);
            flat.push(expanded_last);
            flat.push(text(")"));
            return conditional_group(vec![concat(flat), concat(hugged), all_broken_out(all)]);
        }
        let printed: Vec<Doc> = args.iter().map(|a| self.expr(a, Parent::Other)).collect();
        group(concat(vec![
            text("("),
            indent(concat(vec![
                softline(),
                join(concat(vec![text(","), line()]), printed),
            ])),
            self.comma_all(),
            softline(),
            text(")"),
        ]))
    }

    /// `printArrowFunction`. `in_jsx`: the value of a JSX attribute; `expand_last`: hugged as a
    /// call's last argument.
    fn arrow(&self, a: &Arrow, in_jsx: bool, expand_last: bool) -> Doc {
        // `arrowParens: "avoid"` drops them only around a lone plain identifier.
        let lone_identifier = matches!(a.params.as_slice(), [p] if p.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$'));
        let params = if !self.o.arrow_parens_always && lone_identifier {
            text(a.params[0].clone())
        } else if let [p] = a.params.as_slice()
            && p.contains('\n')
        {
            // A parameter the caller already broke (hugged) as Prettier would.
            text(format!("({p})"))
        } else if a.params.is_empty() {
            group(text("()"))
        } else if expand_last {
            group(text(format!("({})", a.params.join(", "))))
        } else {
            group(concat(vec![
                text("("),
                indent(concat(vec![
                    softline(),
                    join(
                        concat(vec![text(","), line()]),
                        a.params.iter().map(|p| text(p.clone())).collect(),
                    ),
                ])),
                self.comma_all(),
                softline(),
                text(")"),
            ]))
        };
        let signature = group_id(
            concat(vec![text(if a.is_async { "async " } else { "" }), params]),
            self.next_id(),
        );
        let body = match &a.body {
            Body::Block(stmts) => group(concat(vec![text(" "), self.block(stmts)])),
            // Objects and arrays stay on the arrow's line (`() => ({`), an object in the
            // parentheses an expression body needs.
            Body::Expr(e) if matches!(**e, Expr::Object(_)) => {
                concat(vec![text(" ("), self.expr(e, Parent::Other), text(")")])
            }
            Body::Expr(e) if matches!(**e, Expr::Array(_)) => {
                concat(vec![text(" "), self.expr(e, Parent::Other)])
            }
            Body::Expr(e) => {
                let printed = self.expr(e, Parent::Other);
                if in_jsx || expand_last {
                    let comma = expand_last && self.o.comma_all();
                    group(concat(vec![
                        indent(concat(vec![line(), printed])),
                        if_break(text(if comma { "," } else { "" }), nil()),
                        softline(),
                    ]))
                } else {
                    group(indent(concat(vec![line(), printed])))
                }
            }
        };
        group(concat(vec![signature, text(" =>"), body]))
    }

    /// `printBinaryishExpression`.
    fn binary(&self, e: &Expr, parent: Parent) -> Doc {
        let parts = self.binary_parts(e, parent == Parent::Test, None);
        match parent {
            Parent::Test => concat(parts),
            Parent::JsxAttr | Parent::CondBranch | Parent::Assignment | Parent::Return => {
                group(concat(parts))
            }
            _ => {
                // A chain: the head, then the rest indented.
                let mut parts = parts.into_iter();
                let head = parts.next().unwrap_or_else(nil);
                group_id(
                    concat(vec![head, indent(concat(parts.collect()))]),
                    self.next_id(),
                )
            }
        }
    }

    /// `printBinaryishExpressions`: `[group(left), " ", group?([op, line, right])]`.
    /// `parent_logical`: whether the parent is a logical (`Some(true)`) or another binary
    /// (`Some(false)`) expression.
    fn binary_parts(&self, e: &Expr, in_parens: bool, parent_logical: Option<bool>) -> Vec<Doc> {
        let Expr::Binary(l, op, r, _) = e else {
            return vec![group(self.expr(e, Parent::Other))];
        };
        let logical = |o: &str| matches!(o, "&&" | "||" | "??");
        let mut parts = match &**l {
            Expr::Binary(_, lop, _, false) if same_precedence(op, lop) => {
                self.binary_parts(l, in_parens, Some(logical(op)))
            }
            _ => vec![group(self.operand(l, logical(op)))],
        };
        let right = concat(vec![text(*op), line(), self.operand(r, logical(op))]);
        let same_type =
            |x: &Expr| matches!(x, Expr::Binary(_, xop, _, _) if logical(xop) == logical(op));
        let same_as_parent = parent_logical == Some(logical(op));
        let should_group =
            !((in_parens && logical(op)) || same_as_parent || same_type(l) || same_type(r));
        parts.push(text(" "));
        parts.push(if should_group { group(right) } else { right });
        parts
    }

    /// An operand of a binary expression whose operator is logical (`in_logical`) or not.
    fn operand(&self, e: &Expr, in_logical: bool) -> Doc {
        match e {
            Expr::Binary(..) => {
                let parts = self.binary_parts(e, false, Some(in_logical));
                let mut parts = parts.into_iter();
                let head = parts.next().unwrap_or_else(nil);
                let chain = group_id(
                    concat(vec![head, indent(concat(parts.collect()))]),
                    self.next_id(),
                );
                match e {
                    Expr::Binary(_, _, _, true) => concat(vec![text("("), chain, text(")")]),
                    _ => chain,
                }
            }
            other => self.expr(other, Parent::Other),
        }
    }

    /// `printJsxElement` for an element whose children are text and expressions.
    fn jsx(&self, j: &Jsx) -> Doc {
        let opening = self.jsx_opening(&j.name, &j.attrs, j.children.is_empty());
        if j.children.is_empty() {
            return opening;
        }
        let closing = text(format!("</{}>", j.name));
        let quote = if self.o.single_quote {
            "{' '}"
        } else {
            "{\" \"}"
        };
        let mut parts: Vec<Doc> = Vec::new();
        for (i, child) in j.children.iter().enumerate() {
            match child {
                JsxChild::Text(t) => {
                    let words: Vec<&str> = t.split_whitespace().collect();
                    for (k, w) in words.iter().enumerate() {
                        if k > 0 {
                            parts.push(line());
                        }
                        parts.push(text(w.to_string()));
                    }
                    if t.ends_with(' ') && i + 1 < j.children.len() {
                        parts.push(if_break(concat(vec![text(quote), softline()]), text(" ")));
                    }
                }
                JsxChild::Expr(e) => parts.push(group(concat(vec![
                    text("{"),
                    indent(concat(vec![softline(), self.expr(e, Parent::JsxChild)])),
                    softline(),
                    text("}"),
                ]))),
            }
        }
        let multiple_expressions = j
            .children
            .iter()
            .filter(|c| matches!(c, JsxChild::Expr(_)))
            .count()
            > 1;
        let multiline = group(concat(vec![
            opening.clone(),
            indent(concat(vec![hardline(), fill(parts.clone())])),
            hardline(),
            closing.clone(),
        ]));
        if j.attrs.len() > 1 || multiple_expressions {
            return multiline;
        }
        let mut flat = vec![opening];
        flat.extend(parts);
        flat.push(closing);
        conditional_group(vec![group(concat(flat)), multiline])
    }

    /// An element whose one child (a tag, or more than one attribute) makes Prettier print it
    /// on several lines: the tag, the child indented, the closing tag.
    pub fn jsx_element(&self, name: &str, attrs: &[(String, Option<Expr>)], child: Doc) -> Doc {
        group(concat(vec![
            self.jsx_opening(name, attrs, false),
            indent(concat(vec![hardline(), child])),
            hardline(),
            text(format!("</{name}>")),
        ]))
    }

    /// `printJsxOpeningElement`.
    pub fn jsx_opening(
        &self,
        name: &str,
        attrs: &[(String, Option<Expr>)],
        self_closing: bool,
    ) -> Doc {
        let sep = || {
            if self.o.single_attribute_per_line && attrs.len() > 1 {
                hardline()
            } else {
                line()
            }
        };
        let printed: Vec<Doc> = attrs
            .iter()
            .map(|(n, v)| match v {
                None => concat(vec![sep(), text(n.clone())]),
                // `printJsxAttribute`: a string value keeps its quotes per `jsxSingleQuote`.
                Some(Expr::Str(v)) => {
                    concat(vec![sep(), text(format!("{n}={}", self.jsx_quote(v)))])
                }
                Some(v) => concat(vec![sep(), text(format!("{n}=")), self.jsx_container(v)]),
            })
            .collect();
        let end = if self_closing {
            text(" />")
        } else if self.o.bracket_same_line {
            text(">")
        } else {
            concat(vec![softline(), text(">")])
        };
        group(concat(vec![
            text(format!("<{name}")),
            indent(concat(printed)),
            end,
        ]))
    }

    /// A JSX attribute string: the preferred quote (`jsxSingleQuote`) unless the value holds
    /// more of it than of the other; JSX strings have no escapes.
    fn jsx_quote(&self, s: &str) -> String {
        let (pref, alt) = if self.o.jsx_single_quote {
            ('\'', '"')
        } else {
            ('"', '\'')
        };
        let q = if s.matches(pref).count() > s.matches(alt).count() {
            alt
        } else {
            pref
        };
        format!("{q}{s}{q}")
    }

    /// `printJsxExpressionContainer` for an attribute value.
    pub fn jsx_container(&self, e: &Expr) -> Doc {
        let inline = matches!(
            e,
            Expr::Arrow(_) | Expr::Call(_) | Expr::Object(_) | Expr::Array(_) | Expr::Template(_)
        );
        if inline {
            group(concat(vec![
                text("{"),
                self.expr(e, Parent::JsxAttr),
                text("}"),
            ]))
        } else {
            group(concat(vec![
                text("{"),
                indent(concat(vec![softline(), self.expr(e, Parent::JsxAttr)])),
                softline(),
                text("}"),
            ]))
        }
    }
}

/// `align(2, doc)`: the branches of a conditional line up after `? ` and `: `.
fn align2(d: Doc) -> Doc {
    Doc::Align(2, Box::new(d))
}

fn is_literal(s: &str) -> bool {
    matches!(s, "true" | "false" | "null") || s.parse::<f64>().is_ok()
}

fn same_precedence(a: &str, b: &str) -> bool {
    let p = |o: &str| match o {
        "??" => 1,
        "||" => 2,
        "&&" => 3,
        "===" | "!==" | "==" | "!=" => 7,
        _ => 10,
    };
    p(a) == p(b)
}

/// `willBreak`: the doc holds a forced break.
fn will_break(d: &Doc) -> bool {
    match d {
        Doc::BreakParent => true,
        Doc::Line { hard, .. } => *hard,
        Doc::Group { brk: true, .. } => true,
        Doc::Group {
            contents, expanded, ..
        } => match expanded {
            Some(states) => states.iter().any(will_break),
            None => will_break(contents),
        },
        Doc::Concat(p) | Doc::Fill(p) => p.iter().any(will_break),
        Doc::Indent(x) | Doc::Align(_, x) => will_break(x),
        Doc::IndentIfBreak { contents, .. } => will_break(contents),
        Doc::IfBreak { brk, flat, .. } => will_break(brk) || will_break(flat),
        Doc::Text(_) => false,
    }
}
