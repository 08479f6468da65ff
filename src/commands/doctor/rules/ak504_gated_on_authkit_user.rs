//! **What:** a Convex query is skipped or run based on AuthKit's `useAuth().user`
//! (`useQuery(api.x, user ? {…} : "skip")`). Reported only in that exact shape, where it is
//! certain; `<Authenticated>` and `useConvexAuth()` are the right gates.
//!
//! **Why:** AuthKit has a user before Convex has validated the token, so the query runs
//! unauthenticated and throws (or returns the anonymous result) (P25).
//!
//! **Example:** `const { user } = useAuth(); const me = useQuery(api.users.me, user ? {} : "skip");`.
//!
//! **Fix:** manual: gate on `useConvexAuth().isAuthenticated`, or render the component inside
//! `<Authenticated>`.

use oxc_ast::ast::{Argument, BindingPattern, CallExpression, Expression, VariableDeclarator};
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::edit::js::{self, JsFacts};

use super::common::{Rule, has_word};

pub const RULE: Rule = Rule {
    code: "AK504",
    name: "gated-on-authkit-user",
    severity: Severity::Warning,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak504_gated_on_authkit_user.rs"),
    check,
};

struct Finder<'s> {
    src: &'s str,
    use_auth: String,
    use_query: String,
    users: Vec<String>,
    hits: Vec<std::ops::Range<usize>>,
}

impl<'a> Visit<'a> for Finder<'_> {
    fn visit_variable_declarator(&mut self, d: &VariableDeclarator<'a>) {
        if let Some(Expression::CallExpression(call)) = &d.init
            && matches!(&call.callee, Expression::Identifier(id) if id.name == self.use_auth.as_str())
            && let BindingPattern::ObjectPattern(obj) = &d.id
        {
            for p in &obj.properties {
                if p.key.static_name().as_deref() == Some("user")
                    && let BindingPattern::BindingIdentifier(id) = &p.value
                {
                    self.users.push(id.name.to_string());
                }
            }
        }
        walk::walk_variable_declarator(self, d);
    }

    fn visit_call_expression(&mut self, call: &CallExpression<'a>) {
        if matches!(&call.callee, Expression::Identifier(id) if id.name == self.use_query.as_str())
            && let Some(Expression::ConditionalExpression(c)) = call.arguments.get(1).and_then(Argument::as_expression)
        {
            let test = &self.src[js::range(c.test.span())];
            let skip = |e: &Expression<'a>| matches!(e, Expression::StringLiteral(s) if s.value == "skip");
            if (skip(&c.consequent) || skip(&c.alternate)) && self.users.iter().any(|u| has_word(test, u)) {
                self.hits.push(js::range(call.span));
            }
        }
        walk::walk_call_expression(self, call);
    }
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let module = cx.recipe().client_sdk().authkit_module;
    let backend = format!("{}/", cx.functions_dir);
    for f in cx.sources().iter().filter(|f| !f.rel.starts_with(&backend)) {
        if !(f.text.contains("useAuth") && f.text.contains("useQuery") && f.text.contains("skip")) {
            continue;
        }
        let Ok(facts) = JsFacts::parse(&f.rel, &f.text) else { continue };
        let (Some(use_auth), Some(use_query)) = (
            facts.local_name(module, "useAuth"),
            facts.local_name("convex/react", "useQuery"),
        ) else {
            continue;
        };
        let hits = js::with_program(&f.rel, &f.text, |p| {
            let mut v = Finder { src: &f.text, use_auth, use_query, users: Vec::new(), hits: Vec::new() };
            v.visit_program(p);
            v.hits
        })
        .unwrap_or_default();
        for r in hits {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    "this Convex query is gated on AuthKit's `useAuth().user`, not on Convex's auth state",
                    "AuthKit has a user before Convex has accepted the token, so the query runs unauthenticated and throws or returns the anonymous result",
                    Fix::manual("gate on `useConvexAuth().isAuthenticated`, or render the component inside `<Authenticated>`"),
                )
                .at(&f.rel, &f.text, r)
                .label("runs as soon as AuthKit has a user"),
            );
        }
    }
    out
}
