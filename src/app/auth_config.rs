//! `convex/auth.config.{ts,js}` evaluated statically, then checked as Convex checks it on push.
//!
//! Convex runs the file in V8 and `JSON.stringify`s the default export. We can't run JS, so a small
//! evaluator covers what auth configs actually contain: object and array literals, template
//! literals and `+` over `process.env.X`, top-level `const` aliases, `satisfies`/`as`, spreads,
//! `??`/`||`/`&&` and `?:`. Anything else (calls, imports, `let`) is reported as too dynamic
//! rather than guessed. Reading an unset env var fails exactly where Convex's would: the
//! `process.env` getter throws, so `process.env.X ?? "fallback"` fails too.
//!
//! Env values come from `--env`, then `.env.local`, then `.env` (note that Convex itself uses the
//! *deployment's* variables, which `npx convex env set` manages; the files are a convenience).
//!
//! The JSON then goes through Convex's `check_for_common_confusions` (misspelled `applicationID`,
//! unknown `type`, the shared WorkOS issuer without `applicationID`), the provider schema
//! (`algorithm` must be `RS256` or `ES256`) and the issuer URL rules, with Convex's messages.

use std::collections::HashMap;
use std::path::Path;

use oxc_ast::ast::{
    ArrayExpressionElement, BinaryOperator, BindingPattern, Declaration, Expression,
    ImportDeclarationSpecifier, LogicalOperator, ModuleExportName, ObjectPropertyKind, Program,
    PropertyKind, Statement, UnaryOperator, VariableDeclaration, VariableDeclarationKind,
};
use oxc_span::GetSpan;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::edit::envfile::EnvFile;
use crate::edit::js;
use crate::edit::style::Style;
use crate::error::{ErrorKind, Location, UserError};
use crate::files::read_optional;
use crate::token::{Algorithm, JwksOverride, Provider, Verifier};

/// The auth config file that was read.
#[derive(Debug, Clone)]
pub struct AuthConfigSource {
    /// Relative to the app, e.g. `convex/auth.config.ts`.
    pub rel: String,
    pub text: String,
}

/// An env var the config read, and where its value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvRead {
    pub name: String,
    /// `--env`, `.env.local` or `.env`.
    pub source: String,
}

/// The providers of an app and how they were obtained.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub providers: Vec<Provider>,
    /// `None` when the app has no auth config (Convex then has no providers).
    pub source: Option<AuthConfigSource>,
    pub env_reads: Vec<EnvRead>,
}

impl Loaded {
    /// A verifier for these providers, as the deployment that pushed this config would check
    /// tokens.
    pub fn verifier(self, overrides: Vec<JwksOverride>) -> Verifier {
        let v = Verifier::from_providers(self.providers, overrides);
        match self.source {
            Some(s) => v.with_source(s.rel),
            None => v,
        }
    }
}

/// A config that can't be used: Convex's code when Convex would reject it too (push-time
/// errors), and the user-facing error.
#[derive(Debug, Clone, thiserror::Error, Serialize)]
#[error("{error}")]
pub struct ConfigError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    #[serde(flatten)]
    pub error: Box<UserError>,
}

impl From<UserError> for ConfigError {
    fn from(error: UserError) -> Self {
        ConfigError {
            code: None,
            error: Box::new(error),
        }
    }
}

/// Env values by name, with their source.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, (String, String)>,
}

impl Env {
    /// `overrides` first, then `.env.local`, then `.env` in `app`.
    pub fn load(app: &Path, overrides: &[(String, String)]) -> Result<Env, UserError> {
        let mut env = Env::default();
        for file in [".env", ".env.local"] {
            let Some(text) = read_optional(app, file)? else {
                continue;
            };
            let parsed = EnvFile::parse(&text).map_err(|e| {
                UserError::new(ErrorKind::Parse, format!("`{file}` can't be read: {}", e.message))
                    .at(Location {
                        file: file.into(),
                        line: e.line,
                        column: e.column,
                    })
                    .hint(format!(
                        "each line of `{file}` must be `NAME=value`, a `# comment` or blank; or pass the values with `--env NAME=VALUE`"
                    ))
            })?;
            for entry in parsed.entries() {
                env.vars.insert(entry.key, (entry.value, file.to_string()));
            }
        }
        for (k, v) in overrides {
            env.vars.insert(k.clone(), (v.clone(), "--env".into()));
        }
        Ok(env)
    }

    /// Only the given pairs (tests, library callers).
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Env {
        Env {
            vars: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), (v.to_string(), "--env".into())))
                .collect(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|(v, _)| v.as_str())
    }

    fn source(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|(_, s)| s.as_str())
    }
}

/// The folder holding Convex functions: `functions` in `convex.json`, else `convex`.
fn functions_dir(app: &Path) -> Result<String, UserError> {
    let Some(text) = read_optional(app, crate::edit::convex_json::FILE)? else {
        return Ok("convex".into());
    };
    let value = crate::edit::convex_json::parse(&text)?;
    Ok(value
        .get("functions")
        .and_then(Value::as_str)
        .map(|s| s.trim_start_matches("./").trim_end_matches('/').to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "convex".into()))
}

/// Reads, evaluates and checks the app's auth config.
pub fn load(app: &Path, overrides: &[(String, String)]) -> Result<Loaded, ConfigError> {
    if !app.is_dir() {
        return Err(UserError::new(
            ErrorKind::Project,
            format!("`{}` is not a folder", app.display()),
        )
        .hint("pass the app's folder, the one holding `convex/`")
        .into());
    }
    let dir = functions_dir(app)?;
    let ts_rel = format!("{dir}/auth.config.ts");
    let js_rel = format!("{dir}/auth.config.js");
    let ts = read_optional(app, &ts_rel)?;
    let jsf = read_optional(app, &js_rel)?;
    let source = match (ts, jsf) {
        (Some(_), Some(_)) => {
            return Err(UserError::new(
                ErrorKind::Project,
                format!("Found both {js_rel} and {ts_rel}, choose one."),
            )
            .hint("Convex refuses to push with both; delete the one you don't use")
            .into());
        }
        (Some(text), None) => AuthConfigSource { rel: ts_rel, text },
        (None, Some(text)) => AuthConfigSource { rel: js_rel, text },
        (None, None) => {
            return Ok(Loaded {
                providers: Vec::new(),
                source: None,
                env_reads: Vec::new(),
            });
        }
    };
    let env = Env::load(app, overrides)?;
    let (json, env_reads) = evaluate(&source.rel, &source.text, &env)?;
    let providers = providers_from_json(json.as_ref()).map_err(|mut e| {
        let at = source.text.find("providers").unwrap_or(0);
        e.error.location = Some(Location::at(&source.rel, &source.text, at));
        e
    })?;
    Ok(Loaded {
        providers,
        source: Some(source),
        env_reads,
    })
}

/// Evaluates the default export of `src` to what `JSON.stringify` would give (`None` when the
/// default export is `undefined`), and the env vars read.
pub fn evaluate(
    rel: &str,
    src: &str,
    env: &Env,
) -> Result<(Option<Value>, Vec<EnvRead>), ConfigError> {
    let result = js::with_program(rel, src, |program| {
        let mut ev = Eval {
            env,
            bindings: HashMap::new(),
            reads: Vec::new(),
        };
        ev.module(program).map(|v| (v, ev.reads))
    })?;
    match result {
        Ok((value, reads)) => Ok((value.and_then(|v| v.to_json()), reads)),
        Err(EvalErr::Env { name, offset }) => Err(missing_env(rel, src, offset, &name, env)),
        Err(EvalErr::Dynamic { why, offset }) => {
            let mut err = UserError::new(
                ErrorKind::UnsupportedCode,
                format!("`{rel}` is too dynamic to evaluate statically: {why}"),
            )
            .at(Location::at(rel, src, offset));
            if why.contains("getAuthConfigProviders") {
                err = err
                    .hint("to check tokens here, write the providers out literally: below is Convex's documented WorkOS pair (the component derives its issuer from its `apiBaseUrl` and the client ID; adjust the issuer if you use a custom authentication domain)")
                    .snippet(crate::edit::auth_config::snippet(&Style::default()));
            } else {
                err = err.hint("convex-authkit evaluates object literals, template literals and `+` over `process.env.X`, top-level `const` aliases, spreads and `satisfies`/`as`; rewrite the config in that form (nothing else is guessed)");
            }
            Err(err.into())
        }
    }
}

fn missing_env(rel: &str, src: &str, offset: usize, name: &str, env: &Env) -> ConfigError {
    let mut err = UserError::new(
        ErrorKind::Project,
        format!("Environment variable {name} is used in auth config file but its value was not set."),
    )
    .at(Location::at(rel, src, offset))
    .hint(format!(
        "pass the deployment's value with `--env {name}=…` (see it with `npx convex env get {name}`), or put it in `.env.local`"
    ));
    let vite = format!("VITE_{name}");
    if let Some(v) = env.get(&vite) {
        err = err.hint(format!(
            "`{}` has `{vite}={v}`; if the deployment uses the same value, pass `--env {name}={v}`",
            env.source(&vite).unwrap_or(".env.local")
        ));
    }
    if name == "CONVEX_SITE_URL" || name == "CONVEX_CLOUD_URL" {
        err = err.hint(format!(
            "Convex sets `{name}` on every deployment; pass it with `--env {name}=https://….convex.{}`",
            if name == "CONVEX_SITE_URL" { "site" } else { "cloud" }
        ));
    } else {
        err = err.hint(format!(
            "Convex refuses to push this config until `{name}` is set on the deployment: `npx convex env set {name} …`"
        ));
    }
    if name == "WORKOS_CLIENT_ID" {
        err = err.hint("for a Convex-managed WorkOS team, the first interactive `npx convex dev` provisions it (https://docs.convex.dev/auth/authkit/auto-provision)");
    }
    ConfigError {
        code: Some("AuthConfigMissingEnvironmentVariable"),
        error: Box::new(err),
    }
}

/// A JS value, as far as the evaluator models them.
#[derive(Debug, Clone, PartialEq)]
enum JsVal {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<JsVal>),
    /// Keys in insertion order, as JS keeps string keys.
    Obj(Vec<(String, JsVal)>),
}

impl JsVal {
    /// `JSON.stringify`: `None` for `undefined`; dropped in objects, `null` in arrays.
    fn to_json(&self) -> Option<Value> {
        Some(match self {
            JsVal::Undefined => return None,
            JsVal::Null => Value::Null,
            JsVal::Bool(b) => Value::Bool(*b),
            JsVal::Num(n) if !n.is_finite() => Value::Null,
            JsVal::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Value::from(*n as i64),
            JsVal::Num(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
            JsVal::Str(s) => Value::String(s.clone()),
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

    /// JS `ToString`.
    fn to_js_string(&self) -> String {
        match self {
            JsVal::Undefined => "undefined".into(),
            JsVal::Null => "null".into(),
            JsVal::Bool(b) => b.to_string(),
            JsVal::Num(n) => number_to_string(*n),
            JsVal::Str(s) => s.clone(),
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

    fn truthy(&self) -> bool {
        match self {
            JsVal::Undefined | JsVal::Null => false,
            JsVal::Bool(b) => *b,
            JsVal::Num(n) => *n != 0.0 && !n.is_nan(),
            JsVal::Str(s) => !s.is_empty(),
            JsVal::Arr(_) | JsVal::Obj(_) => true,
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
            JsVal::Arr(_) | JsVal::Obj(_) => f64::NAN,
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

enum EvalErr {
    Env { name: String, offset: usize },
    Dynamic { why: String, offset: usize },
}

fn dynamic(why: impl Into<String>, offset: u32) -> EvalErr {
    EvalErr::Dynamic {
        why: why.into(),
        offset: offset as usize,
    }
}

enum Binding {
    Value(JsVal),
    /// Declared, but not something we evaluate; the reason.
    Dynamic(String),
}

struct Eval<'e> {
    env: &'e Env,
    bindings: HashMap<String, Binding>,
    reads: Vec<EnvRead>,
}

impl Eval<'_> {
    /// Runs the top level in order; returns the default export.
    fn module(&mut self, program: &Program<'_>) -> Result<Option<JsVal>, EvalErr> {
        // Function and class declarations are hoisted; they are never evaluated.
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
        let mut default = None;
        for stmt in &program.body {
            match stmt {
                Statement::ImportDeclaration(decl) => {
                    if decl.import_kind.is_type() {
                        continue;
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
                    for spec in &e.specifiers {
                        if export_name(&spec.exported) == "default" {
                            let local = export_name(&spec.local);
                            default = Some(self.lookup(&local, spec.span.start)?);
                        }
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
                Statement::ExportDefaultDeclaration(e) => match e.declaration.as_expression() {
                    Some(expr) => default = Some(self.eval(expr)?),
                    None => {
                        return Err(dynamic(
                            "the default export is a function or class, not an object",
                            e.span.start,
                        ));
                    }
                },
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
        }
        Ok(default)
    }

    fn declare(&mut self, decl: &VariableDeclaration<'_>) -> Result<(), EvalErr> {
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
                            Err(e @ EvalErr::Env { .. }) => return Err(e),
                            Err(EvalErr::Dynamic { why, .. }) => Binding::Dynamic(why),
                        },
                    };
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
                        let v = self.read_env(&key, prop.span.start)?;
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

    fn lookup(&self, name: &str, offset: u32) -> Result<JsVal, EvalErr> {
        match name {
            "undefined" => return Ok(JsVal::Undefined),
            "NaN" => return Ok(JsVal::Num(f64::NAN)),
            "Infinity" => return Ok(JsVal::Num(f64::INFINITY)),
            _ => {}
        }
        match self.bindings.get(name) {
            Some(Binding::Value(v)) => Ok(v.clone()),
            Some(Binding::Dynamic(why)) => Err(dynamic(why.clone(), offset)),
            None => Err(dynamic(
                format!("`{name}` is not a `const` declared above its use in this file"),
                offset,
            )),
        }
    }

    fn read_env(&mut self, name: &str, offset: u32) -> Result<JsVal, EvalErr> {
        match self.env.get(name) {
            Some(v) => {
                let read = EnvRead {
                    name: name.to_string(),
                    source: self.env.source(name).unwrap_or("--env").to_string(),
                };
                if !self.reads.contains(&read) {
                    self.reads.push(read);
                }
                Ok(JsVal::Str(v.to_string()))
            }
            None => Err(EvalErr::Env {
                name: name.to_string(),
                offset: offset as usize,
            }),
        }
    }

    fn eval(&mut self, expr: &Expression<'_>) -> Result<JsVal, EvalErr> {
        let at = expr.span().start;
        Ok(match expr {
            Expression::StringLiteral(s) => JsVal::Str(s.value.to_string()),
            Expression::NumericLiteral(n) => JsVal::Num(n.value),
            Expression::BooleanLiteral(b) => JsVal::Bool(b.value),
            Expression::NullLiteral(_) => JsVal::Null,
            Expression::TemplateLiteral(t) => {
                let mut out = String::new();
                for (i, quasi) in t.quasis.iter().enumerate() {
                    let Some(cooked) = &quasi.value.cooked else {
                        return Err(dynamic("a template literal with an invalid escape", at));
                    };
                    out.push_str(cooked);
                    if let Some(e) = t.expressions.get(i) {
                        out.push_str(&self.eval(e)?.to_js_string());
                    }
                }
                JsVal::Str(out)
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
                                self.eval(k)?.to_js_string()
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
                let stringy =
                    |v: &JsVal| matches!(v, JsVal::Str(_) | JsVal::Arr(_) | JsVal::Obj(_));
                if stringy(&l) || stringy(&r) {
                    JsVal::Str(l.to_js_string() + &r.to_js_string())
                } else {
                    JsVal::Num(l.to_number() + r.to_number())
                }
            }
            Expression::LogicalExpression(l) => {
                let left = self.eval(&l.left)?;
                let take_left = match l.operator {
                    LogicalOperator::Or => left.truthy(),
                    LogicalOperator::And => !left.truthy(),
                    LogicalOperator::Coalesce => !matches!(left, JsVal::Undefined | JsVal::Null),
                };
                if take_left {
                    left
                } else {
                    self.eval(&l.right)?
                }
            }
            Expression::ConditionalExpression(c) => {
                if self.eval(&c.test)?.truthy() {
                    self.eval(&c.consequent)?
                } else {
                    self.eval(&c.alternate)?
                }
            }
            Expression::UnaryExpression(u) => match u.operator {
                UnaryOperator::Void => {
                    self.eval(&u.argument)?;
                    JsVal::Undefined
                }
                UnaryOperator::LogicalNot => JsVal::Bool(!self.eval(&u.argument)?.truthy()),
                UnaryOperator::UnaryNegation => JsVal::Num(-self.eval(&u.argument)?.to_number()),
                _ => {
                    return Err(dynamic(
                        format!("the `{}` operator", u.operator.as_str()),
                        at,
                    ));
                }
            },
            Expression::StaticMemberExpression(m) => {
                if is_process_env(&m.object) {
                    return self.read_env(&m.property.name, at);
                }
                let object = self.eval(&m.object)?;
                member(object, &m.property.name, m.optional, at)?
            }
            Expression::ComputedMemberExpression(m) => {
                let key = self.eval(&m.expression)?.to_js_string();
                if is_process_env(&m.object) {
                    return self.read_env(&key, at);
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
fn member(object: JsVal, key: &str, optional: bool, at: u32) -> Result<JsVal, EvalErr> {
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
        _ => return Err(dynamic(format!("reading `{key}` of a primitive value"), at)),
    })
}

fn is_process_env(e: &Expression<'_>) -> bool {
    match e {
        Expression::StaticMemberExpression(m) => {
            m.property.name == "env"
                && matches!(&m.object, Expression::Identifier(id) if id.name == "process")
        }
        Expression::ParenthesizedExpression(p) => is_process_env(&p.expression),
        _ => false,
    }
}

fn export_name(n: &ModuleExportName<'_>) -> String {
    match n {
        ModuleExportName::IdentifierName(n) => n.name.to_string(),
        ModuleExportName::IdentifierReference(n) => n.name.to_string(),
        ModuleExportName::StringLiteral(s) => s.value.to_string(),
    }
}

const SEE_AUTH_DOCS: &str =
    "To learn more, see the auth documentation at https://docs.convex.dev/auth.";

fn push_error(code: &'static str, message: String, hint: &str) -> ConfigError {
    ConfigError {
        code: Some(code),
        error: Box::new(UserError::new(ErrorKind::Project, message).hint(hint.to_string())),
    }
}

fn schema_error(detail: impl std::fmt::Display) -> ConfigError {
    push_error(
        "AuthConfigNotMatchingSchemaError",
        format!("auth config file must include a list of provider credentials: {detail}"),
        "Convex rejects this config on push (`npx convex dev`/`deploy`), so no token can be accepted; fix the provider named above",
    )
}

/// Convex's push-time checks on the stringified default export, then the provider list.
pub fn providers_from_json(config: Option<&Value>) -> Result<Vec<Provider>, ConfigError> {
    let Some(config) = config.filter(|v| !v.is_null()) else {
        return Err(push_error(
            "AuthConfigMissingExportError",
            format!("auth config file is missing default export. {SEE_AUTH_DOCS}"),
            "end the file with `export default { providers: [ … ] }`",
        ));
    };
    common_confusions(config)?;
    let Some(obj) = config.as_object() else {
        return Err(schema_error(format!(
            "invalid type: {}, expected struct SerializedAuthConfig",
            serde_kind(config)
        )));
    };
    let Some(list) = obj.get("providers") else {
        return Err(schema_error("missing field `providers`"));
    };
    let Some(list) = list.as_array() else {
        return Err(schema_error(format!(
            "invalid type: {}, expected a sequence",
            serde_kind(list)
        )));
    };
    let mut providers = Vec::with_capacity(list.len());
    for item in list {
        providers.push(provider(item)?);
    }
    // Issuer URLs are checked after the whole list deserialised, as in Convex.
    for p in &mut providers {
        match p {
            Provider::CustomJwt { issuer, .. } => *issuer = issuer_url(issuer)?,
            Provider::Oidc { domain, .. } => *domain = issuer_url(domain)?,
        }
    }
    Ok(providers)
}

/// `check_for_common_confusions`, in Convex's order.
fn common_confusions(config: &Value) -> Result<(), ConfigError> {
    let Some(providers) = config.get("providers").and_then(Value::as_array) else {
        return Ok(());
    };
    for (index, p) in providers.iter().enumerate() {
        let Some(obj) = p.as_object() else { continue };
        let ty = obj.get("type").and_then(Value::as_str).unwrap_or("unknown");
        if obj.contains_key("applicationId") || obj.contains_key("applicationid") {
            return Err(schema_error(format!(
                "Provider at index {index} must have applicationID property spelled lowercase 'application', capital I, capital D."
            )));
        }
        if ty != "customJwt" && ty != "oidc" && ty != "unknown" {
            return Err(schema_error(format!(
                "Provider at index {index} has unexpected 'type' value '{ty}'"
            )));
        }
        if ty == "customJwt" && obj.contains_key("domain") {
            return Err(schema_error(format!(
                "Provider at index {index} is a customJwt so cannot have a 'domain' specified"
            )));
        }
        if (ty == "oidc" || ty == "unknown") && obj.contains_key("issuer") {
            return Err(schema_error(format!(
                "Provider at index {index} is oidc so cannot have an 'issuer' specified."
            )));
        }
        let issuer = obj.get("issuer").and_then(Value::as_str);
        if !obj.contains_key("applicationID")
            && matches!(
                issuer,
                Some("https://api.workos.com/" | "https://api.workos.com")
            )
        {
            return Err(push_error(
                "InsecureConfiguration",
                format!(
                    "This auth configuration appears potentially insecure: Provider at index {index} has an issuer that is shared among many applications, so must to specify an ApplicationID to check against an `aud` field of a JWT."
                ),
                "add `applicationID: clientId` to this provider (an `applicationID` whose value is `undefined` counts as missing)",
            ));
        }
    }
    Ok(())
}

/// One `SerializedAuthInfo`: tagged `customJwt`, anything else tried as (untagged) OIDC.
fn provider(item: &Value) -> Result<Provider, ConfigError> {
    let Some(obj) = item.as_object() else {
        return Err(schema_error(format!(
            "invalid type: {}, expected internally tagged enum SerializedAuthInfo",
            serde_kind(item)
        )));
    };
    let string = |name: &str, required: bool| -> Result<Option<String>, ConfigError> {
        match obj.get(name) {
            None | Some(Value::Null) if !required => Ok(None),
            None => Err(schema_error(format!("missing field `{name}`"))),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(schema_error(format!(
                "invalid type: {}, expected a string",
                serde_kind(other)
            ))),
        }
    };
    if obj.get("type").and_then(Value::as_str) == Some("customJwt") {
        let application_id = string("applicationID", false)?;
        let issuer = string("issuer", true)?.unwrap_or_default();
        let jwks = string("jwks", true)?.unwrap_or_default();
        let algorithm = match obj.get("algorithm") {
            None => return Err(schema_error("missing field `algorithm`")),
            Some(Value::String(a)) => Algorithm::parse(a).ok_or_else(|| {
                schema_error(format!(
                    "unknown variant `{a}`, expected `RS256` or `ES256`"
                ))
            })?,
            Some(other) => {
                return Err(schema_error(format!(
                    "invalid type: {}, expected `RS256` or `ES256`",
                    serde_kind(other)
                )));
            }
        };
        return Ok(Provider::CustomJwt {
            issuer,
            jwks,
            algorithm,
            application_id,
        });
    }
    match (obj.get("applicationID"), obj.get("domain")) {
        (Some(Value::String(app)), Some(Value::String(domain))) => Ok(Provider::Oidc {
            domain: domain.clone(),
            application_id: app.clone(),
        }),
        _ => Err(schema_error(
            "data did not match any variant of untagged enum SerializedAuthInfo",
        )),
    }
}

/// serde's wording for an unexpected JSON value.
fn serde_kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

/// `deserialize_issuer_url`: `https://` added when there is no `scheme://`, then parsed; the
/// stored string is otherwise unchanged.
pub fn issuer_url(original: &str) -> Result<String, ConfigError> {
    let err = |why: String| {
        push_error(
            "InvalidProviderDomainUrl",
            format!("Invalid provider domain URL \"{original}\": {why}"),
            "the issuer must be an http(s) URL, exactly as it appears in the tokens' `iss`",
        )
    };
    if original.starts_with('"') {
        return Err(err("starts with a double quote (\")".into()));
    }
    let had_scheme = original
        .split_once("://")
        .is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_'));
    let url = if had_scheme {
        original.to_string()
    } else {
        format!("https://{original}")
    };
    let parsed = url::Url::parse(&url).map_err(|e| err(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(err("scheme should be http or https".into()));
    }
    if !had_scheme && !parsed.host_str().is_some_and(ends_with_tld) {
        return Err(err(
            "Does not look like a URL (must have a scheme or end with a top-level domain)".into(),
        ));
    }
    Ok(url)
}

/// Convex checks the last label against the real TLD list; we accept any alphabetic label of two
/// or more letters (or an IDN `xn--` label), which differs only for made-up TLDs.
fn ends_with_tld(host: &str) -> bool {
    if host == "localhost" {
        return true;
    }
    let Some((_, tld)) = host.rsplit_once('.') else {
        return false;
    };
    (tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())) || tld.starts_with("xn--")
}

#[cfg(test)]
mod tests;
