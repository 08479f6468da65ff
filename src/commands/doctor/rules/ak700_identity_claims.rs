//! **What:** a Convex function reads `email`, `name` (or another profile claim) from
//! `ctx.auth.getUserIdentity()`.
//!
//! **Why:** WorkOS access tokens carry no profile claims unless a JWT template adds them, so these
//! fields are `undefined` (P16). Info: the app may already have the template.
//!
//! **Example:** `const identity = await ctx.auth.getUserIdentity(); identity?.email`.
//!
//! **Fix:** manual: add the claims in the WorkOS dashboard's JWT template, or read the user from
//! WorkOS (`@convex-dev/workos-authkit` syncs users). `identity.subject` is always there.

use oxc_ast::ast::{Expression, StaticMemberExpression, VariableDeclarator};
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::edit::js;

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK700",
    name: "identity-claims",
    severity: Severity::Info,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak700_identity_claims.rs"),
    check,
};

const CLAIMS: &[&str] = &["email", "name", "givenName", "familyName", "nickname", "pictureUrl", "emailVerified", "phoneNumber", "preferredUsername"];

struct Finder<'s> {
    src: &'s str,
    names: Vec<String>,
    hits: Vec<(String, std::ops::Range<usize>)>,
}

impl<'a> Visit<'a> for Finder<'_> {
    fn visit_variable_declarator(&mut self, d: &VariableDeclarator<'a>) {
        if let (Some(id), Some(init)) = (d.id.get_binding_identifier(), &d.init)
            && self.src[js::range(init.span())].contains("getUserIdentity")
        {
            self.names.push(id.name.to_string());
        }
        walk::walk_variable_declarator(self, d);
    }
    fn visit_static_member_expression(&mut self, e: &StaticMemberExpression<'a>) {
        let prop = e.property.name.as_str();
        if CLAIMS.contains(&prop) {
            let object = match &e.object {
                Expression::ParenthesizedExpression(p) => &p.expression,
                o => o,
            };
            let hit = match object {
                Expression::Identifier(id) => self.names.iter().any(|n| n == id.name.as_str()),
                other => self.src[js::range(other.span())].contains("getUserIdentity"),
            };
            if hit {
                self.hits.push((prop.to_string(), js::range(e.span)));
            }
        }
        walk::walk_static_member_expression(self, e);
    }
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let functions = format!("{}/", cx.functions_dir);
    for f in cx.sources().iter().filter(|f| f.rel.starts_with(&functions)) {
        if !f.text.contains("getUserIdentity") {
            continue;
        }
        let hits = js::with_program(&f.rel, &f.text, |p| {
            let mut v = Finder { src: &f.text, names: Vec::new(), hits: Vec::new() };
            v.visit_program(p);
            v.hits
        })
        .unwrap_or_default();
        for (claim, range) in hits {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`identity.{claim}` is undefined with WorkOS access tokens unless a JWT template adds it"),
                    "WorkOS access tokens carry `sub`, `sid`, `org_id`, `role` and `permissions`, but no profile claims by default",
                    Fix::manual(format!("add `{claim}` to the JWT template in the WorkOS dashboard, or use `identity.subject` and load the profile from WorkOS")),
                )
                .at(&f.rel, &f.text, range)
                .label("not in WorkOS tokens by default"),
            );
        }
    }
    out
}
