//! The evaluator: what Convex's `JSON.stringify` of the default export gives, computed statically.
//!
//! Convex runs the file in V8. We can't run JS, so a small evaluator covers what auth configs
//! actually contain: object and array literals, template literals and `+` over `process.env.X`,
//! top-level `const` aliases, `satisfies`/`as`, spreads, `??`/`||`/`&&` and `?:`. Anything else
//! (calls, imports, `let`) is reported as too dynamic rather than guessed. With an env, reading an
//! unset var fails exactly where Convex's would: the `process.env` getter throws, so
//! `process.env.X ?? "fallback"` fails too.
//!
//! Without an env (doctor, init) it runs symbolically: an env read, or code it doesn't evaluate,
//! becomes a [`Part`] of a [`JsVal::Sym`] string that keeps how it was written. A rule can then
//! still ask what an issuer looks like, and which env var its client ID comes from.

use std::borrow::Cow;
use std::collections::HashMap;

use oxc_ast::ast::{
    ArrayExpressionElement, BinaryOperator, BindingPattern, Declaration, Expression,
    ImportDeclarationSpecifier, LogicalOperator, ModuleExportName, ObjectPropertyKind, Program,
    PropertyKind, Statement, UnaryOperator, VariableDeclaration, VariableDeclarationKind,
};
use oxc_span::{GetSpan, Span};
use serde_json::{Map, Value};

/// Why something can't be read statically, and the byte offset to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub why: String,
    pub offset: usize,
}

/// Env values by name, as the deployment would have them.
pub trait EnvLookup: Sync {
    fn var(&self, name: &str) -> Option<&str>;
}

/// Name/value pairs (tests, library callers).
impl EnvLookup for &[(&str, &str)] {
    fn var(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }
}

/// Why the default export can't be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// `process.env.<name>` is read but unset: Convex's `AuthConfigMissingEnvironmentVariable`.
    MissingEnv { name: String, offset: usize },
    /// Code the evaluator doesn't run.
    Dynamic(Unreadable),
}

fn dynamic(why: impl Into<String>, offset: u32) -> EvalError {
    EvalError::Dynamic(Unreadable {
        why: why.into(),
        offset: offset as usize,
    })
}

/// A JS value, as far as the evaluator models them.
#[derive(Debug, Clone, PartialEq)]
pub enum JsVal {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    /// Only without an env: a string with parts not known statically.
    Sym(Vec<Part>),
    Arr(Vec<JsVal>),
    /// Keys in insertion order, as JS keeps string keys.
    Obj(Vec<(String, JsVal)>),
}

/// A piece of a [`JsVal::Sym`] string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// The value of `process.env.<var>`, written as `written` (`clientId`, `process.env.X`).
    Env {
        var: String,
        written: String,
    },
    /// A value that isn't evaluated (a call, an import, a `let`), as written.
    Unknown {
        written: String,
    },
}

impl JsVal {
    /// Adjacent texts merged; a plain string when every part is known.
    fn from_parts(parts: Vec<Part>) -> JsVal {
        let mut out: Vec<Part> = Vec::new();
        for p in parts {
            match (out.last_mut(), p) {
                (_, Part::Text(t)) if t.is_empty() => {}
                (Some(Part::Text(last)), Part::Text(t)) => last.push_str(&t),
                (_, p) => out.push(p),
            }
        }
        match out.as_slice() {
            [] => JsVal::Str(String::new()),
            [Part::Text(t)] => JsVal::Str(t.clone()),
            _ => JsVal::Sym(out),
        }
    }

    /// The parts of a string value.
    fn parts(&self) -> Option<Cow<'_, [Part]>> {
        match self {
            JsVal::Str(s) => Some(Cow::Owned(vec![Part::Text(s.clone())])),
            JsVal::Sym(parts) => Some(Cow::Borrowed(parts)),
            _ => None,
        }
    }

    /// What `${value}` or `"" + value` contributes.
    fn into_parts(self) -> Vec<Part> {
        match self {
            JsVal::Sym(parts) => parts,
            other => vec![Part::Text(other.to_js_string())],
        }
    }

    /// A value that is one unknown part, now written as `name` (the `const` it was read through).
    fn named(self, name: &str) -> JsVal {
        match self {
            JsVal::Sym(mut parts) => {
                if let [Part::Env { written, .. } | Part::Unknown { written }] =
                    parts.as_mut_slice()
                {
                    *written = name.to_string();
                }
                JsVal::Sym(parts)
            }
            other => other,
        }
    }

    /// The string, when it is fully known.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            JsVal::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The string with each part not known statically replaced by `hole(part)`.
    fn render(&self, hole: impl Fn(&Part) -> Option<String>) -> Option<String> {
        let mut out = String::new();
        for p in self.parts()?.iter() {
            match p {
                Part::Text(t) => out.push_str(t),
                other => out.push_str(&hole(other)?),
            }
        }
        Some(out)
    }

    /// The string as a template literal would spell it: unknown parts as `${how it is written}`.
    pub fn template(&self) -> Option<String> {
        self.render(|p| match p {
            Part::Env { written, .. } | Part::Unknown { written } => {
                Some(format!("${{{written}}}"))
            }
            Part::Text(_) => None,
        })
    }

    /// The string with every unknown part replaced by `with`.
    pub fn fill(&self, with: &str) -> Option<String> {
        self.render(|_| Some(with.to_string()))
    }

    /// What the string denotes whatever the spelling (env reads as `${process.env.X}`); `None`
    /// when a part isn't known statically.
    pub fn denotation(&self) -> Option<String> {
        self.render(|p| match p {
            Part::Env { var, .. } => Some(format!("${{process.env.{var}}}")),
            _ => None,
        })
    }

    /// The rest of the string after the first `marker` in its text.
    pub fn after(&self, marker: &str) -> Option<JsVal> {
        let parts = self.parts()?;
        let i = parts
            .iter()
            .position(|p| matches!(p, Part::Text(t) if t.contains(marker)))?;
        let Part::Text(t) = &parts[i] else {
            return None;
        };
        let (_, rest) = t.split_once(marker)?;
        let mut tail = vec![Part::Text(rest.to_string())];
        tail.extend(parts.get(i + 1..).unwrap_or_default().iter().cloned());
        Some(JsVal::from_parts(tail))
    }

    /// `JSON.stringify`: `None` for `undefined`; dropped in objects, `null` in arrays. A symbolic
    /// string is given as its template.
    pub fn to_json(&self) -> Option<Value> {
        Some(match self {
            JsVal::Undefined => return None,
            JsVal::Null => Value::Null,
            JsVal::Bool(b) => Value::Bool(*b),
            JsVal::Num(n) if !n.is_finite() => Value::Null,
            JsVal::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Value::from(*n as i64),
            JsVal::Num(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
            JsVal::Str(s) => Value::String(s.clone()),
            JsVal::Sym(_) => Value::String(self.template().unwrap_or_default()),
            JsVal::Arr(items) => Value::Array(
                items
                    .iter()
                    .map(|v| v.to_json().unwrap_or(Value::Null))
                    .collect(),
            ),
            JsVal::Obj(props) => {
                let mut m = Map::new();
                for (k, v) in props {
                    if let Some(v) = v.to_json() {
                        m.insert(k.clone(), v);
                    }
                }
                Value::Object(m)
            }
        })
    }

    /// JS `ToString` (a symbolic string gives its template).
    fn to_js_string(&self) -> String {
        match self {
            JsVal::Undefined => "undefined".into(),
            JsVal::Null => "null".into(),
            JsVal::Bool(b) => b.to_string(),
            JsVal::Num(n) => number_to_string(*n),
            JsVal::Str(s) => s.clone(),
            JsVal::Sym(_) => self.template().unwrap_or_default(),
            JsVal::Arr(items) => items
                .iter()
                .map(|v| match v {
                    JsVal::Undefined | JsVal::Null => String::new(),
                    other => other.to_js_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
            JsVal::Obj(_) => "[object Object]".into(),
        }
    }

    /// `None` when it depends on a value not known statically.
    fn truthy(&self) -> Option<bool> {
        Some(match self {
            JsVal::Undefined | JsVal::Null => false,
            JsVal::Bool(b) => *b,
            JsVal::Num(n) => *n != 0.0 && !n.is_nan(),
            JsVal::Str(s) => !s.is_empty(),
            JsVal::Sym(parts) => {
                return parts
                    .iter()
                    .any(|p| matches!(p, Part::Text(t) if !t.is_empty()))
                    .then_some(true);
            }
            JsVal::Arr(_) | JsVal::Obj(_) => true,
        })
    }

    /// `null` or `undefined`; an env read is a string (or it throws), anything else unknown.
    fn nullish(&self) -> Option<bool> {
        match self {
            JsVal::Undefined | JsVal::Null => Some(true),
            JsVal::Sym(parts) if matches!(parts.as_slice(), [Part::Unknown { .. }]) => None,
            _ => Some(false),
        }
    }

    fn to_number(&self) -> f64 {
        match self {
            JsVal::Undefined => f64::NAN,
            JsVal::Null => 0.0,
            JsVal::Bool(b) => f64::from(u8::from(*b)),
            JsVal::Num(n) => *n,
            JsVal::Str(s) if s.trim().is_empty() => 0.0,
            JsVal::Str(s) => s.trim().parse().unwrap_or(f64::NAN),
            JsVal::Sym(_) | JsVal::Arr(_) | JsVal::Obj(_) => f64::NAN,
        }
    }
}

fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i128)
    } else {
        format!("{n}")
    }
}

enum Binding {
    Value(JsVal),
    /// Declared, but not something we evaluate; the reason.
    Dynamic(String),
}

/// One module's top level, run statement by statement.
pub(super) struct Eval<'s, 'e> {
    src: &'s str,
    /// `None`: symbolic.
    env: Option<&'e dyn EnvLookup>,
    bindings: HashMap<String, Binding>,
    /// Env vars read, in order, each once.
    pub reads: Vec<String>,
    /// `const` names in declaration order, with the offset of each declarator.
    declared: Vec<(String, usize)>,
}

impl<'s, 'e> Eval<'s, 'e> {
    pub fn new(src: &'s str, env: Option<&'e dyn EnvLookup>) -> Self {
        Eval {
            src,
            env,
            bindings: HashMap::new(),
            reads: Vec::new(),
            declared: Vec::new(),
        }
    }

    fn text(&self, span: Span) -> &'s str {
        self.src
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    fn unknown(&self, written: &str) -> JsVal {
        JsVal::Sym(vec![Part::Unknown {
            written: written.to_string(),
        }])
    }

    /// Function and class declarations are hoisted; they are never evaluated.
    pub fn hoist(&mut self, program: &Program<'_>) {
        for stmt in &program.body {
            let name = match stmt {
                Statement::FunctionDeclaration(f) => f.id.as_ref().map(|id| id.name.to_string()),
                Statement::ClassDeclaration(c) => c.id.as_ref().map(|id| id.name.to_string()),
                _ => None,
            };
            if let Some(name) = name {
                let why = format!("`{name}` is a function or class; calls aren't evaluated");
                self.bindings.insert(name, Binding::Dynamic(why));
            }
        }
    }

    /// Runs one top-level statement; the value when it is the default export.
    pub fn statement(&mut self, stmt: &Statement<'_>) -> Result<Option<JsVal>, EvalError> {
        match stmt {
            Statement::ImportDeclaration(decl) => {
                if decl.import_kind.is_type() {
                    return Ok(None);
                }
                for spec in decl.specifiers.iter().flatten() {
                    let (local, type_only) = match spec {
                        ImportDeclarationSpecifier::ImportSpecifier(s) => {
                            (s.local.name.to_string(), s.import_kind.is_type())
                        }
                        ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                            (s.local.name.to_string(), false)
                        }
                        ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                            (s.local.name.to_string(), false)
                        }
                    };
                    if !type_only {
                        let why = format!(
                            "`{local}` is imported from `{}`; imported values aren't evaluated",
                            decl.source.value
                        );
                        self.bindings.insert(local, Binding::Dynamic(why));
                    }
                }
            }
            Statement::VariableDeclaration(decl) => self.declare(decl)?,
            Statement::ExportDeclaration(e) => {
                if let Declaration::VariableDeclaration(decl) = &e.declaration {
                    self.declare(decl)?;
                }
            }
            Statement::ExportNamedDeclaration(e) => {
                if let Some(spec) = e
                    .specifiers
                    .iter()
                    .find(|s| export_name(&s.exported) == "default")
                {
                    let local = export_name(&spec.local);
                    let v = match self.lookup(&local, spec.span.start) {
                        Err(EvalError::Dynamic(_)) if self.env.is_none() => self.unknown(&local),
                        r => r?,
                    };
                    return Ok(Some(v));
                }
            }
            Statement::ExportFromDeclaration(e) => {
                if e.specifiers
                    .iter()
                    .any(|s| export_name(&s.exported) == "default")
                {
                    return Err(dynamic(
                        "the default export is re-exported from another module",
                        e.span.start,
                    ));
                }
            }
            Statement::ExportDefaultDeclaration(e) => {
                return match e.declaration.as_expression() {
                    Some(expr) => Ok(Some(self.eval(expr)?)),
                    None => Err(dynamic(
                        "the default export is a function or class, not an object",
                        e.span.start,
                    )),
                };
            }
            Statement::FunctionDeclaration(_)
            | Statement::ClassDeclaration(_)
            | Statement::EmptyStatement(_)
            | Statement::TSTypeAliasDeclaration(_)
            | Statement::TSInterfaceDeclaration(_) => {}
            other => {
                return Err(dynamic(
                    "a top-level statement other than `import`, `const` and `export`",
                    other.span().start,
                ));
            }
        }
        Ok(None)
    }

    /// The first `const` holding exactly `process.env.<var>` (symbolic runs only), and where it
    /// is declared.
    pub fn env_alias(&self, var: &str) -> Option<(String, usize)> {
        self.declared
            .iter()
            .find(|(name, _)| {
                matches!(
                    self.bindings.get(name),
                    Some(Binding::Value(JsVal::Sym(parts)))
                        if matches!(parts.as_slice(), [Part::Env { var: v, .. }] if v == var)
                )
            })
            .cloned()
    }

    fn declare(&mut self, decl: &VariableDeclaration<'_>) -> Result<(), EvalError> {
        for d in &decl.declarations {
            match &d.id {
                BindingPattern::BindingIdentifier(id) => {
                    let name = id.name.to_string();
                    if decl.kind != VariableDeclarationKind::Const {
                        let why = format!(
                            "`{name}` is declared with `{}`; only `const` is evaluated (it could be reassigned)",
                            decl.kind.as_str()
                        );
                        self.bindings.insert(name, Binding::Dynamic(why));
                        continue;
                    }
                    let binding = match &d.init {
                        None => Binding::Value(JsVal::Undefined),
                        Some(init) => match self.eval(init) {
                            Ok(v) => Binding::Value(v),
                            // The getter throws here, at module load, used or not.
                            Err(e @ EvalError::MissingEnv { .. }) => return Err(e),
                            Err(EvalError::Dynamic(u)) => Binding::Dynamic(u.why),
                        },
                    };
                    self.declared.push((name.clone(), d.span.start as usize));
                    self.bindings.insert(name, binding);
                }
                BindingPattern::ObjectPattern(pat)
                    if decl.kind == VariableDeclarationKind::Const
                        && pat.rest.is_none()
                        && d.init.as_ref().is_some_and(is_process_env) =>
                {
                    // `const { WORKOS_CLIENT_ID } = process.env`
                    for prop in &pat.properties {
                        let (Some(key), BindingPattern::BindingIdentifier(local)) =
                            (prop.key.static_name(), &prop.value)
                        else {
                            return Err(dynamic(
                                "destructuring of `process.env` beyond `{ NAME, OTHER: alias }`",
                                prop.span.start,
                            ));
                        };
                        let v = self.read_env(&key, &local.name, prop.span.start)?;
                        self.declared
                            .push((local.name.to_string(), prop.span.start as usize));
                        self.bindings
                            .insert(local.name.to_string(), Binding::Value(v));
                    }
                }
                other => {
                    return Err(dynamic(
                        "a destructuring declaration (only `const name = …` and `const { NAME } = process.env` are evaluated)",
                        other.span().start,
                    ));
                }
            }
        }
        Ok(())
    }

    fn lookup(&self, name: &str, offset: u32) -> Result<JsVal, EvalError> {
        match name {
            "undefined" => return Ok(JsVal::Undefined),
            "NaN" => return Ok(JsVal::Num(f64::NAN)),
            "Infinity" => return Ok(JsVal::Num(f64::INFINITY)),
            _ => {}
        }
        match self.bindings.get(name) {
            Some(Binding::Value(v)) => Ok(v.clone().named(name)),
            Some(Binding::Dynamic(why)) => Err(dynamic(why.clone(), offset)),
            None => Err(dynamic(
                format!("`{name}` is not a `const` declared above its use in this file"),
                offset,
            )),
        }
    }

    fn read_env(&mut self, name: &str, written: &str, offset: u32) -> Result<JsVal, EvalError> {
        if !self.reads.iter().any(|r| r == name) {
            self.reads.push(name.to_string());
        }
        let Some(env) = self.env else {
            return Ok(JsVal::Sym(vec![Part::Env {
                var: name.to_string(),
                written: written.to_string(),
            }]));
        };
        match env.var(name) {
            Some(v) => Ok(JsVal::Str(v.to_string())),
            None => Err(EvalError::MissingEnv {
                name: name.to_string(),
                offset: offset as usize,
            }),
        }
    }

    /// The value of `expr`; without an env, what can't be evaluated becomes an unknown part.
    pub fn eval(&mut self, expr: &Expression<'_>) -> Result<JsVal, EvalError> {
        match self.eval_expr(expr) {
            Err(EvalError::Dynamic(_)) if self.env.is_none() => {
                Ok(self.unknown(self.text(expr.span())))
            }
            r => r,
        }
    }

    /// The value of `expr`, symbolically where it can't be evaluated with the env.
    pub fn value_of(&mut self, expr: &Expression<'_>) -> JsVal {
        if let Ok(v) = self.eval(expr) {
            return v;
        }
        let env = self.env.take();
        let v = self.eval(expr);
        self.env = env;
        v.unwrap_or_else(|_| self.unknown(self.text(expr.span())))
    }

    fn eval_expr(&mut self, expr: &Expression<'_>) -> Result<JsVal, EvalError> {
        let at = expr.span().start;
        Ok(match expr {
            Expression::StringLiteral(s) => JsVal::Str(s.value.to_string()),
            Expression::NumericLiteral(n) => JsVal::Num(n.value),
            Expression::BooleanLiteral(b) => JsVal::Bool(b.value),
            Expression::NullLiteral(_) => JsVal::Null,
            Expression::TemplateLiteral(t) => {
                let mut parts = Vec::new();
                for (i, quasi) in t.quasis.iter().enumerate() {
                    let Some(cooked) = &quasi.value.cooked else {
                        return Err(dynamic("a template literal with an invalid escape", at));
                    };
                    parts.push(Part::Text(cooked.to_string()));
                    if let Some(e) = t.expressions.get(i) {
                        parts.extend(self.eval(e)?.into_parts());
                    }
                }
                JsVal::from_parts(parts)
            }
            Expression::Identifier(id) => self.lookup(&id.name, at)?,
            Expression::ParenthesizedExpression(p) => self.eval(&p.expression)?,
            Expression::TSAsExpression(e) => self.eval(&e.expression)?,
            Expression::TSSatisfiesExpression(e) => self.eval(&e.expression)?,
            Expression::TSNonNullExpression(e) => self.eval(&e.expression)?,
            Expression::TSTypeAssertion(e) => self.eval(&e.expression)?,
            Expression::ObjectExpression(o) => {
                let mut props: Vec<(String, JsVal)> = Vec::new();
                let set = |props: &mut Vec<(String, JsVal)>, k: String, v: JsVal| match props
                    .iter_mut()
                    .find(|(pk, _)| *pk == k)
                {
                    Some(slot) => slot.1 = v,
                    None => props.push((k, v)),
                };
                for prop in &o.properties {
                    match prop {
                        ObjectPropertyKind::ObjectProperty(p) => {
                            if p.kind != PropertyKind::Init || p.method {
                                return Err(dynamic(
                                    "a getter, setter or method in an object",
                                    p.span.start,
                                ));
                            }
                            let key = if p.computed {
                                let Some(k) = p.key.as_expression() else {
                                    return Err(dynamic("a computed key", p.span.start));
                                };
                                match self.eval(k)? {
                                    JsVal::Sym(_) => {
                                        return Err(dynamic(
                                            "a computed key not known statically",
                                            p.span.start,
                                        ));
                                    }
                                    k => k.to_js_string(),
                                }
                            } else {
                                match p.key.static_name() {
                                    Some(k) => k.to_string(),
                                    None => {
                                        return Err(dynamic(
                                            "a private or unusual key",
                                            p.span.start,
                                        ));
                                    }
                                }
                            };
                            let v = self.eval(&p.value)?;
                            set(&mut props, key, v);
                        }
                        ObjectPropertyKind::SpreadProperty(s) => match self.eval(&s.argument)? {
                            JsVal::Obj(inner) => {
                                for (k, v) in inner {
                                    set(&mut props, k, v);
                                }
                            }
                            JsVal::Undefined | JsVal::Null => {}
                            _ => {
                                return Err(dynamic(
                                    "a spread of something other than an object",
                                    s.span.start,
                                ));
                            }
                        },
                    }
                }
                JsVal::Obj(props)
            }
            Expression::ArrayExpression(a) => {
                let mut items = Vec::new();
                for el in &a.elements {
                    match el {
                        ArrayExpressionElement::SpreadElement(s) => match self.eval(&s.argument)? {
                            JsVal::Arr(inner) => items.extend(inner),
                            _ => {
                                return Err(dynamic(
                                    "a spread of something other than an array",
                                    s.span.start,
                                ));
                            }
                        },
                        ArrayExpressionElement::Elision(_) => items.push(JsVal::Undefined),
                        other => match other.as_expression() {
                            Some(e) => items.push(self.eval(e)?),
                            None => {
                                return Err(dynamic(
                                    "an unusual array element",
                                    other.span().start,
                                ));
                            }
                        },
                    }
                }
                JsVal::Arr(items)
            }
            Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
                let l = self.eval(&b.left)?;
                let r = self.eval(&b.right)?;
                let stringy = |v: &JsVal| {
                    matches!(
                        v,
                        JsVal::Str(_) | JsVal::Sym(_) | JsVal::Arr(_) | JsVal::Obj(_)
                    )
                };
                if stringy(&l) || stringy(&r) {
                    let mut parts = l.into_parts();
                    parts.extend(r.into_parts());
                    JsVal::from_parts(parts)
                } else {
                    JsVal::Num(l.to_number() + r.to_number())
                }
            }
            Expression::LogicalExpression(l) => {
                let left = self.eval(&l.left)?;
                let take_left = match l.operator {
                    LogicalOperator::Or => left.truthy(),
                    LogicalOperator::And => left.truthy().map(|t| !t),
                    LogicalOperator::Coalesce => left.nullish().map(|n| !n),
                };
                match take_left {
                    Some(true) => left,
                    Some(false) => self.eval(&l.right)?,
                    None => {
                        return Err(dynamic(
                            format!("`{}` on a value not known statically", l.operator.as_str()),
                            at,
                        ));
                    }
                }
            }
            Expression::ConditionalExpression(c) => match self.eval(&c.test)?.truthy() {
                Some(true) => self.eval(&c.consequent)?,
                Some(false) => self.eval(&c.alternate)?,
                None => return Err(dynamic("`?:` on a value not known statically", at)),
            },
            Expression::UnaryExpression(u) => {
                let v = self.eval(&u.argument)?;
                match (u.operator, v) {
                    (UnaryOperator::Void, _) => JsVal::Undefined,
                    (_, JsVal::Sym(_)) => {
                        return Err(dynamic(
                            format!(
                                "the `{}` operator on a value not known statically",
                                u.operator.as_str()
                            ),
                            at,
                        ));
                    }
                    (UnaryOperator::LogicalNot, v) => JsVal::Bool(!v.truthy().unwrap_or(true)),
                    (UnaryOperator::UnaryNegation, v) => JsVal::Num(-v.to_number()),
                    _ => {
                        return Err(dynamic(
                            format!("the `{}` operator", u.operator.as_str()),
                            at,
                        ));
                    }
                }
            }
            Expression::StaticMemberExpression(m) => {
                if is_process_env(&m.object) {
                    return self.read_env(&m.property.name, self.text(m.span), at);
                }
                let object = self.eval(&m.object)?;
                member(object, &m.property.name, m.optional, at)?
            }
            Expression::ComputedMemberExpression(m) => {
                let key = match self.eval(&m.expression)? {
                    JsVal::Sym(_) => {
                        return Err(dynamic("a computed key not known statically", at));
                    }
                    k => k.to_js_string(),
                };
                if is_process_env(&m.object) {
                    return self.read_env(&key, self.text(m.span), at);
                }
                let object = self.eval(&m.object)?;
                member(object, &key, m.optional, at)?
            }
            Expression::CallExpression(c) => {
                let callee = match &c.callee {
                    Expression::StaticMemberExpression(m) => m.property.name.to_string(),
                    Expression::Identifier(id) => id.name.to_string(),
                    _ => String::new(),
                };
                if callee == "getAuthConfigProviders" {
                    return Err(dynamic(
                        "`getAuthConfigProviders()` (from `@convex-dev/workos-authkit`) builds the providers at run time",
                        at,
                    ));
                }
                return Err(dynamic(
                    if callee.is_empty() {
                        "a function call".to_string()
                    } else {
                        format!("a call to `{callee}(…)`")
                    },
                    at,
                ));
            }
            other => {
                return Err(dynamic(
                    "an expression other than literals, `process.env.X`, `const` names, `+`, `??`/`||`/`&&` and `?:`",
                    other.span().start,
                ));
            }
        })
    }
}

/// `object.key` (or `object?.key`) on an evaluated value.
fn member(object: JsVal, key: &str, optional: bool, at: u32) -> Result<JsVal, EvalError> {
    Ok(match object {
        JsVal::Obj(props) => props
            .into_iter()
            .find(|(k, _)| k == key)
            .map_or(JsVal::Undefined, |(_, v)| v),
        JsVal::Arr(items) if key == "length" => JsVal::Num(items.len() as f64),
        JsVal::Arr(items) => key
            .parse::<usize>()
            .ok()
            .and_then(|i| items.get(i).cloned())
            .unwrap_or(JsVal::Undefined),
        JsVal::Str(s) if key == "length" => JsVal::Num(s.encode_utf16().count() as f64),
        JsVal::Undefined | JsVal::Null if optional => JsVal::Undefined,
        JsVal::Undefined | JsVal::Null => {
            return Err(dynamic(
                format!(
                    "reading `{key}` of undefined/null would throw when Convex evaluates the file"
                ),
                at,
            ));
        }
        JsVal::Sym(_) => {
            return Err(dynamic(
                format!("reading `{key}` of a value not known statically"),
                at,
            ));
        }
        _ => return Err(dynamic(format!("reading `{key}` of a primitive value"), at)),
    })
}

/// `process.env` (possibly parenthesised).
pub(super) fn is_process_env(e: &Expression<'_>) -> bool {
    match e {
        Expression::StaticMemberExpression(m) => {
            m.property.name == "env"
                && matches!(&m.object, Expression::Identifier(id) if id.name == "process")
        }
        Expression::ParenthesizedExpression(p) => is_process_env(&p.expression),
        _ => false,
    }
}

pub(super) fn export_name(n: &ModuleExportName<'_>) -> String {
    match n {
        ModuleExportName::IdentifierName(n) => n.name.to_string(),
        ModuleExportName::IdentifierReference(n) => n.name.to_string(),
        ModuleExportName::StringLiteral(s) => s.value.to_string(),
    }
}

#[cfg(test)]
mod tests;
