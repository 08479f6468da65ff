//! The one reading of an auth config: syntax and evaluated values in one pass.
//!
//! The top level is run statement by statement through the evaluator ([`super::eval`]) while
//! the syntax the other commands need is recorded beside it: the default export, its
//! `providers` and their elements, each provider's properties with their spans and values, and
//! every `process.env.X`.

use std::ops::Range;

use oxc_ast::ast::{
    ComputedMemberExpression, Declaration, Expression, ObjectExpression, ObjectPropertyKind,
    Program, Statement, StaticMemberExpression, VariableDeclaration,
};
use oxc_ast_visit::{Visit, walk};
use oxc_span::{GetSpan, Span};

use super::eval::{EnvLookup, Eval, EvalError, JsVal, Unreadable, export_name, is_process_env};
use crate::edit::js;
use crate::error::UserError;

/// The env var WorkOS providers read the client ID from.
pub const CLIENT_ID_ENV: &str = "WORKOS_CLIENT_ID";

/// One reading of an auth config.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// The default export (`None`: `undefined`, or none), or the first thing that stops the
    /// evaluation: with an env, what Convex would fail on.
    pub value: Result<Option<JsVal>, EvalError>,
    /// Env vars the evaluation read, in order, each once.
    pub env_reads: Vec<String>,
    /// Every `process.env.X` in the file, evaluated or not, in file order.
    pub env_refs: Vec<EnvRef>,
    pub providers: Providers,
    /// The first top-level `const` holding exactly `process.env.WORKOS_CLIENT_ID`, and the offset
    /// of its declaration (symbolic readings only: with an env, values are plain strings).
    pub client_alias: Option<(String, usize)>,
}

/// A `process.env.X` (or `process.env["X"]`) in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvRef {
    pub name: String,
    pub span: Range<usize>,
}

/// The default export's `providers`, as written.
#[derive(Debug, Clone)]
pub enum Providers {
    /// An array literal (through `satisfies`, `as` or a `const` alias).
    Array(ProvidersArray),
    /// `getAuthConfigProviders()` (from `@convex-dev/workos-authkit`) builds the whole list.
    Helper,
    /// The default export is an object literal without `providers`; the object's offset.
    Absent { at: usize },
    /// Not readable statically.
    Unreadable(Unreadable),
}

#[derive(Debug, Clone)]
pub struct ProvidersArray {
    /// `[` … `]`.
    pub span: Range<usize>,
    pub elements: Vec<Element>,
}

#[derive(Debug, Clone)]
pub struct Element {
    /// The element as written in the array.
    pub span: Range<usize>,
    pub kind: ElementKind,
}

#[derive(Debug, Clone)]
pub enum ElementKind {
    /// An object literal, or a `const` holding one.
    Provider(Provider),
    /// Contains a `getAuthConfigProviders()` call.
    Helper,
    /// Anything else (a spread, a call).
    Other,
}

#[derive(Debug, Clone)]
pub struct Provider {
    /// Its position in the `providers` array literal.
    pub index: usize,
    /// The object literal (in a `const` when the element names one).
    pub span: Range<usize>,
    pub props: Vec<Prop>,
    /// It spreads another object (`...shared`), so not all its properties are in `props`.
    pub spread: bool,
}

#[derive(Debug, Clone)]
pub struct Prop {
    pub key: String,
    pub key_span: Range<usize>,
    /// The whole property (`key: value`).
    pub span: Range<usize>,
    pub value_span: Range<usize>,
    pub value_text: String,
    /// The value, from the evaluator.
    pub value: JsVal,
}

impl Prop {
    /// The string value as a template literal spells it (`${…}` for what isn't known
    /// statically); `None` when it isn't a string.
    pub fn string(&self) -> Option<String> {
        self.value.template()
    }
}

impl Provider {
    pub fn get(&self, key: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.key == key)
    }

    /// The issuer, as [`Prop::string`].
    pub fn issuer(&self) -> Option<String> {
        self.get("issuer")?.string()
    }

    /// Its issuer or JWKS URL is on `api.workos.com`.
    pub fn is_workos(&self) -> bool {
        ["issuer", "jwks"].iter().any(|k| {
            self.get(k)
                .and_then(Prop::string)
                .is_some_and(|s| s.contains("api.workos.com"))
        })
    }

    /// Issuer `…/user_management/<client>`.
    pub fn is_user_management(&self) -> bool {
        self.issuer()
            .is_some_and(|i| i.contains("/user_management/"))
    }

    /// Issuer exactly `https://api.workos.com/` or `https://api.workos.com`.
    pub fn is_root_issuer(&self) -> bool {
        self.issuer()
            .is_some_and(|i| i == "https://api.workos.com/" || i == "https://api.workos.com")
    }
}

impl Providers {
    /// Every provider object in the array literal, even when the list as a whole can't be read.
    pub fn objects(&self) -> impl Iterator<Item = &Provider> {
        let elements = match self {
            Providers::Array(a) => a.elements.as_slice(),
            _ => &[],
        };
        elements.iter().filter_map(|e| match &e.kind {
            ElementKind::Provider(p) => Some(p),
            _ => None,
        })
    }

    /// All providers, when every one is written out (the helper's aside); empty without
    /// `providers`. `None` when the list can't be read statically.
    pub fn all(&self) -> Option<Vec<&Provider>> {
        match self {
            Providers::Array(a) => {
                let readable = a.elements.iter().all(|e| match &e.kind {
                    ElementKind::Provider(p) => !p.spread,
                    ElementKind::Helper => true,
                    ElementKind::Other => false,
                });
                readable.then(|| self.objects().collect())
            }
            Providers::Absent { .. } => Some(Vec::new()),
            Providers::Helper | Providers::Unreadable(_) => None,
        }
    }

    /// The WorkOS providers among [`Providers::all`].
    pub fn workos(&self) -> impl Iterator<Item = &Provider> {
        self.all().into_iter().flatten().filter(|p| p.is_workos())
    }

    /// `getAuthConfigProviders()` builds the list or some of it.
    pub fn helper(&self) -> bool {
        match self {
            Providers::Helper => true,
            Providers::Array(a) => a
                .elements
                .iter()
                .any(|e| matches!(e.kind, ElementKind::Helper)),
            _ => false,
        }
    }

    /// Why there is no array literal to edit.
    pub fn problem(&self) -> Option<Unreadable> {
        match self {
            Providers::Array(_) | Providers::Helper => None,
            Providers::Absent { at } => Some(Unreadable {
                why: "the config has no `providers` array".into(),
                offset: *at,
            }),
            Providers::Unreadable(u) => Some(u.clone()),
        }
    }
}

/// Reads `src` (a `convex/auth.config.*` named `rel`): evaluated with `env`, or symbolically
/// without one. Errors only when it doesn't parse.
pub fn read(rel: &str, src: &str, env: Option<&dyn EnvLookup>) -> Result<AuthConfig, UserError> {
    js::with_program(rel, src, |program| read_program(program, src, env))
}

fn read_program(program: &Program<'_>, src: &str, env: Option<&dyn EnvLookup>) -> AuthConfig {
    let mut ev = Eval::new(src, env);
    ev.hoist(program);
    let mut consts: Vec<(String, &Expression<'_>)> = Vec::new();
    let mut value = Ok(None);
    let mut providers = None;
    for stmt in &program.body {
        let default = match stmt {
            Statement::VariableDeclaration(decl) => {
                push_consts(&mut consts, decl);
                None
            }
            Statement::ExportDeclaration(e) => {
                if let Declaration::VariableDeclaration(decl) = &e.declaration {
                    push_consts(&mut consts, decl);
                }
                None
            }
            Statement::ExportDefaultDeclaration(e) => {
                Some(e.declaration.as_expression().ok_or_else(|| Unreadable {
                    why: "the default export is not an object".into(),
                    offset: e.span.start as usize,
                }))
            }
            Statement::ExportNamedDeclaration(e) => e
                .specifiers
                .iter()
                .find(|s| export_name(&s.exported) == "default")
                .map(|s| {
                    let local = export_name(&s.local);
                    consts
                        .iter()
                        .find(|(n, _)| *n == local)
                        .map(|(_, init)| *init)
                        .ok_or_else(|| Unreadable {
                            why: format!("the default export `{local}` is not a top-level `const`"),
                            offset: s.span.start as usize,
                        })
                }),
            _ => None,
        };
        // Convex stops at the first failure; the rest is still read for its spans.
        match (ev.statement(stmt), &value) {
            (Ok(Some(v)), Ok(_)) => value = Ok(Some(v)),
            (Err(e), Ok(_)) => value = Err(e),
            _ => {}
        }
        if let Some(default) = default {
            providers = Some(match default {
                Ok(expr) => read_providers(&mut ev, src, expr, &consts),
                Err(u) => Providers::Unreadable(u),
            });
        }
    }
    let mut refs = EnvRefs(Vec::new());
    refs.visit_program(program);
    AuthConfig {
        value,
        env_reads: ev.reads.clone(),
        env_refs: refs.0,
        providers: providers.unwrap_or_else(|| {
            Providers::Unreadable(Unreadable {
                why: "the file has no `export default { providers: [...] }`".into(),
                offset: 0,
            })
        }),
        client_alias: ev.env_alias(CLIENT_ID_ENV),
    }
}

fn push_consts<'b, 'a>(
    consts: &mut Vec<(String, &'b Expression<'a>)>,
    decl: &'b VariableDeclaration<'a>,
) {
    for d in &decl.declarations {
        if let (Some(id), Some(init)) = (d.id.get_binding_identifier(), &d.init) {
            consts.push((id.name.to_string(), init));
        }
    }
}

fn text(src: &str, span: Span) -> &str {
    src.get(js::range(span)).unwrap_or("")
}

fn read_providers<'b, 'a>(
    ev: &mut Eval<'_, '_>,
    src: &str,
    export: &'b Expression<'a>,
    consts: &[(String, &'b Expression<'a>)],
) -> Providers {
    let expr = js::unwrap_value(export, consts);
    let Expression::ObjectExpression(obj) = expr else {
        return Providers::Unreadable(Unreadable {
            why: "the default export is not an object literal".into(),
            offset: expr.span().start as usize,
        });
    };
    // The last `providers` wins, as in JS.
    let value = obj.properties.iter().rev().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p)
            if p.key.static_name().as_deref() == Some("providers") =>
        {
            Some(&p.value)
        }
        _ => None,
    });
    let Some(value) = value else {
        return Providers::Absent {
            at: obj.span.start as usize,
        };
    };
    let helper = |span: Span| text(src, span).contains("getAuthConfigProviders");
    let unwrapped = js::unwrap_value(value, consts);
    let Expression::ArrayExpression(array) = unwrapped else {
        if helper(value.span()) {
            return Providers::Helper;
        }
        if let Expression::Identifier(id) = unwrapped
            && declared_later(src, id.span.end as usize, &id.name)
        {
            return Providers::Unreadable(Unreadable {
                why: format!(
                    "`{}` is used before its `const` is declared below, which fails with a ReferenceError when Convex loads the file; move the `const` above the export",
                    id.name
                ),
                offset: value.span().start as usize,
            });
        }
        return Providers::Unreadable(Unreadable {
            why: "`providers` is not an array literal".into(),
            offset: value.span().start as usize,
        });
    };
    let elements = array
        .elements
        .iter()
        .enumerate()
        .map(|(index, el)| {
            let object = el
                .as_expression()
                .map(|e| js::unwrap_value(e, consts))
                .and_then(|e| match e {
                    Expression::ObjectExpression(o) => Some(o),
                    _ => None,
                });
            let kind = match object {
                Some(o) => ElementKind::Provider(provider(ev, src, index, o)),
                None if helper(el.span()) => ElementKind::Helper,
                None => ElementKind::Other,
            };
            Element {
                span: js::range(el.span()),
                kind,
            }
        })
        .collect();
    Providers::Array(ProvidersArray {
        span: js::range(array.span),
        elements,
    })
}

/// Whether `const <name>` is declared after `offset` (a top-level declaration below the use).
fn declared_later(src: &str, offset: usize, name: &str) -> bool {
    src.get(offset..).is_some_and(|rest| {
        rest.match_indices("const ").any(|(i, _)| {
            let after = rest[i + "const ".len()..].trim_start();
            after.starts_with(name)
                && !after[name.len()..]
                    .starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$')
        })
    })
}

fn provider(ev: &mut Eval<'_, '_>, src: &str, index: usize, o: &ObjectExpression<'_>) -> Provider {
    let mut props = Vec::new();
    let mut spread = false;
    for p in &o.properties {
        let ObjectPropertyKind::ObjectProperty(p) = p else {
            spread = true;
            continue;
        };
        let Some(key) = p.key.static_name() else {
            continue;
        };
        props.push(Prop {
            key: key.to_string(),
            key_span: js::range(p.key.span()),
            span: js::range(p.span),
            value_span: js::range(p.value.span()),
            value_text: text(src, p.value.span()).to_string(),
            value: ev.value_of(&p.value),
        });
    }
    Provider {
        index,
        span: js::range(o.span),
        props,
        spread,
    }
}

/// Every `process.env.X` and `process.env["X"]`.
struct EnvRefs(Vec<EnvRef>);

impl<'a> Visit<'a> for EnvRefs {
    fn visit_static_member_expression(&mut self, e: &StaticMemberExpression<'a>) {
        if is_process_env(&e.object) {
            self.0.push(EnvRef {
                name: e.property.name.to_string(),
                span: js::range(e.span),
            });
        }
        walk::walk_static_member_expression(self, e);
    }

    fn visit_computed_member_expression(&mut self, e: &ComputedMemberExpression<'a>) {
        if is_process_env(&e.object)
            && let Expression::StringLiteral(s) = &e.expression
        {
            self.0.push(EnvRef {
                name: s.value.to_string(),
                span: js::range(e.span),
            });
        }
        walk::walk_computed_member_expression(self, e);
    }
}

#[cfg(test)]
mod tests;
