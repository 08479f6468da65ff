//! A static reading of `convex/auth.config.*`: the provider objects with their properties (key
//! and value spans, and the string value when it is written literally), and every
//! `process.env.X` the file reads. Anything computed (a spread, a function call) makes the
//! provider list unknown, and the rules that need it stay quiet.

use std::ops::Range;

use oxc_ast::ast::{
    ArrayExpressionElement, BinaryOperator, Expression, ObjectPropertyKind, Program, Statement,
    StaticMemberExpression,
};
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;

use crate::edit::js;

#[derive(Debug, Clone)]
pub struct Prop {
    pub key: String,
    pub key_span: Range<usize>,
    /// The whole property (`key: value`).
    pub span: Range<usize>,
    pub value_span: Range<usize>,
    pub value_text: String,
    /// The string value: a string literal's value, a template literal's source between the
    /// backticks (`${…}` kept), or a top-level const holding either.
    pub string: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Provider {
    pub index: usize,
    pub span: Range<usize>,
    pub props: Vec<Prop>,
}

impl Provider {
    pub fn get(&self, key: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.key == key)
    }
    /// The issuer string, if literal.
    pub fn issuer(&self) -> Option<&str> {
        self.get("issuer")?.string.as_deref()
    }
    pub fn is_workos(&self) -> bool {
        self.issuer().is_some_and(|i| i.contains("api.workos.com"))
            || self
                .get("jwks")
                .and_then(|p| p.string.as_deref())
                .is_some_and(|j| j.contains("api.workos.com"))
    }
    /// Issuer `https://api.workos.com/user_management/<client>`.
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

#[derive(Debug, Clone, Default)]
pub struct AuthCfg {
    /// `None` when the providers can't be read statically.
    pub providers: Option<Vec<Provider>>,
    /// `@convex-dev/workos-authkit`'s `getAuthConfigProviders()` builds the WorkOS providers.
    pub helper: bool,
    /// Every `process.env.X`, in file order.
    pub env_refs: Vec<(String, Range<usize>)>,
}

impl AuthCfg {
    pub fn parse(rel: &str, src: &str) -> Option<AuthCfg> {
        js::with_program(rel, src, |p| analyse(p, src)).ok()
    }
    pub fn workos(&self) -> impl Iterator<Item = &Provider> {
        self.providers.iter().flatten().filter(|p| p.is_workos())
    }
}

fn string_of<'a>(
    e: &Expression<'a>,
    src: &str,
    consts: &[(String, &Expression<'a>)],
) -> Option<String> {
    match e {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) => {
            let r = js::range(t.span);
            Some(src[r.start + 1..r.end - 1].to_string())
        }
        Expression::Identifier(id) => {
            consts
                .iter()
                .find(|(n, _)| n == id.name.as_str())
                .and_then(|(_, init)| match init {
                    Expression::StringLiteral(_)
                    | Expression::TemplateLiteral(_)
                    | Expression::BinaryExpression(_) => string_of(init, src, &[]),
                    _ => None,
                })
        }
        Expression::TSAsExpression(a) => string_of(&a.expression, src, consts),
        Expression::ParenthesizedExpression(p) => string_of(&p.expression, src, consts),
        // `'https://api.workos.com/user_management/' + clientId`: read like the template literal
        // it spells (the static prefix, then `${…}` for each part that isn't a literal).
        Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
            let left = string_of(&b.left, src, consts)?;
            let right = string_of(&b.right, src, consts).unwrap_or_else(|| {
                let r = js::range(b.right.span());
                format!("${{{}}}", &src[r])
            });
            Some(left + &right)
        }
        _ => None,
    }
}

fn analyse(program: &Program<'_>, src: &str) -> AuthCfg {
    let mut out = AuthCfg::default();
    let mut env = EnvRefs(Vec::new());
    env.visit_program(program);
    out.env_refs = env.0;
    let mut consts: Vec<(String, &Expression<'_>)> = Vec::new();
    let mut default_expr = None;
    for stmt in &program.body {
        match stmt {
            Statement::VariableDeclaration(decl) => {
                for d in &decl.declarations {
                    if let (Some(id), Some(init)) = (d.id.get_binding_identifier(), &d.init) {
                        consts.push((id.name.to_string(), init));
                    }
                }
            }
            Statement::ExportDefaultDeclaration(e) => default_expr = e.declaration.as_expression(),
            _ => {}
        }
    }
    let Some(expr) = default_expr else {
        return out;
    };
    let expr = crate::edit::js::unwrap_value(expr, &consts);
    let Expression::ObjectExpression(obj) = expr else {
        return out;
    };
    let providers = obj.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p)
            if p.key.static_name().as_deref() == Some("providers") =>
        {
            Some(&p.value)
        }
        _ => None,
    });
    let Some(mut value) = providers else {
        out.providers = Some(Vec::new());
        return out;
    };
    if let Expression::TSSatisfiesExpression(s) = value {
        value = &s.expression;
    }
    let Expression::ArrayExpression(array) = value else {
        out.helper = src[js::range(value.span())].contains("getAuthConfigProviders");
        return out;
    };
    let mut list = Vec::new();
    for (index, el) in array.elements.iter().enumerate() {
        match el {
            ArrayExpressionElement::ObjectExpression(o) => {
                let mut props = Vec::new();
                for p in &o.properties {
                    let ObjectPropertyKind::ObjectProperty(p) = p else {
                        // A spread: the provider can't be read.
                        return out;
                    };
                    let Some(key) = p.key.static_name() else {
                        continue;
                    };
                    let value_span = js::range(p.value.span());
                    props.push(Prop {
                        key: key.to_string(),
                        key_span: js::range(p.key.span()),
                        span: js::range(p.span),
                        value_text: src[value_span.clone()].to_string(),
                        value_span,
                        string: string_of(&p.value, src, &consts),
                    });
                }
                list.push(Provider {
                    index,
                    span: js::range(o.span),
                    props,
                });
            }
            other => {
                if src[js::range(other.span())].contains("getAuthConfigProviders") {
                    out.helper = true;
                    continue;
                }
                return out;
            }
        }
    }
    out.providers = Some(list);
    out
}

struct EnvRefs(Vec<(String, Range<usize>)>);

impl<'a> Visit<'a> for EnvRefs {
    fn visit_static_member_expression(&mut self, e: &StaticMemberExpression<'a>) {
        if let Expression::StaticMemberExpression(inner) = &e.object
            && inner.property.name == "env"
            && matches!(&inner.object, Expression::Identifier(id) if id.name == "process")
        {
            self.0
                .push((e.property.name.to_string(), js::range(e.span)));
        }
        walk::walk_static_member_expression(self, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_template_shape() {
        let src = "import { AuthConfig } from 'convex/server';\nconst clientId = process.env.WORKOS_CLIENT_ID;\nexport default {\n  providers: [\n    { type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId },\n    { type: 'customJwt', issuer: `https://api.workos.com/user_management/${clientId}`, algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}` },\n  ],\n} satisfies AuthConfig;\n";
        let a = AuthCfg::parse("convex/auth.config.ts", src).unwrap();
        let p = a.providers.as_ref().unwrap();
        assert_eq!(p.len(), 2);
        assert!(p[0].is_root_issuer() && p[1].is_user_management());
        assert_eq!(
            p[1].issuer(),
            Some("https://api.workos.com/user_management/${clientId}")
        );
        assert_eq!(a.env_refs.len(), 1);
        assert_eq!(a.env_refs[0].0, "WORKOS_CLIENT_ID");
    }
}
