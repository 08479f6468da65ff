//! How a dev port is written, for every recipe: a literal, or an env var with a literal fallback.
//!
//! Real configs often start the dev server on `Number(process.env.PORT) || 5180` (Vite's
//! `server.port`) or `--port ${PORT:-5180}` (a script). The fallback is the port whenever the
//! variable is unset, which is the usual case, so it is a better answer than the framework's
//! default; but it is a conditional answer, and the reading says so ([`PortExpr::Env`]). Anything
//! else (a call, an import) is [`PortExpr::Unknown`]: the port is then not guessed.

use std::ops::Range;

use oxc_ast::ast::{
    Argument, CallExpression, ConditionalExpression, Expression, LogicalExpression,
    LogicalOperator, UnaryOperator,
};
use oxc_span::GetSpan;

use crate::edit::js;

/// A port as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortExpr {
    /// A number literal (through `as`, parentheses, `Number(…)` or a `const`).
    Literal(u16),
    /// Read from the env var `var`; `fallback` is the literal used when it is unset, and the span
    /// of that literal (to change it without touching the env read).
    Env {
        var: String,
        fallback: Option<(u16, Range<usize>)>,
    },
    /// Not readable statically; the expression as written.
    Unknown(String),
}

/// Reads a JS port expression. `consts` resolves identifiers (`const port = …`), `src` gives the
/// text of what can't be read.
pub fn read_js<'b, 'a>(
    expr: &'b Expression<'a>,
    consts: &[(String, &'b Expression<'a>)],
    src: &str,
) -> PortExpr {
    read_inner(expr, consts, 0).unwrap_or_else(|| {
        let text = src.get(js::range(expr.span())).unwrap_or("").trim();
        PortExpr::Unknown(text.to_string())
    })
}

/// One level of what [`read_js`] evaluates: `None` when it isn't a port.
fn read_inner<'b, 'a>(
    expr: &'b Expression<'a>,
    consts: &[(String, &'b Expression<'a>)],
    depth: usize,
) -> Option<PortExpr> {
    if depth > 8 {
        return None;
    }
    let next = |e: &'b Expression<'a>| read_inner(e, consts, depth + 1);
    match expr {
        Expression::NumericLiteral(n) => literal(n.value),
        // A numeric string is a port for `Number(…)`, `parseInt(…)` and Node's `listen`.
        Expression::StringLiteral(s) => literal(s.value.trim().parse::<f64>().ok()?),
        Expression::ParenthesizedExpression(p) => next(&p.expression),
        Expression::TSAsExpression(e) => next(&e.expression),
        Expression::TSSatisfiesExpression(e) => next(&e.expression),
        Expression::TSNonNullExpression(e) => next(&e.expression),
        Expression::Identifier(id) => {
            let (_, init) = consts.iter().find(|(n, _)| n == id.name.as_str())?;
            next(init)
        }
        Expression::UnaryExpression(u) if u.operator == UnaryOperator::UnaryPlus => {
            next(&u.argument)
        }
        Expression::CallExpression(call) => to_number(call).and_then(next),
        Expression::StaticMemberExpression(_) | Expression::ComputedMemberExpression(_) => {
            env_name(expr).map(|var| PortExpr::Env {
                var,
                fallback: None,
            })
        }
        Expression::LogicalExpression(l) => logical(l, consts, depth),
        Expression::ConditionalExpression(c) => conditional(c, consts, depth),
        _ => None,
    }
}

fn literal(n: f64) -> Option<PortExpr> {
    (n.fract() == 0.0 && (1.0..=65535.0).contains(&n)).then_some(PortExpr::Literal(n as u16))
}

/// The argument of `Number(x)`, `parseInt(x)`, `parseInt(x, 10)`, `parseFloat(x)`.
fn to_number<'b, 'a>(call: &'b CallExpression<'a>) -> Option<&'b Expression<'a>> {
    let Expression::Identifier(callee) = &call.callee else {
        return None;
    };
    if !matches!(callee.name.as_str(), "Number" | "parseInt" | "parseFloat") {
        return None;
    }
    match call.arguments.first()? {
        Argument::SpreadElement(_) => None,
        arg => arg.as_expression(),
    }
}

/// `process.env.X` / `process.env["X"]` → `X`.
fn env_name(expr: &Expression<'_>) -> Option<String> {
    let is_process_env = |e: &Expression<'_>| {
        matches!(e, Expression::StaticMemberExpression(m)
            if m.property.name == "env"
                && matches!(&m.object, Expression::Identifier(id) if id.name == "process"))
    };
    match expr {
        Expression::StaticMemberExpression(m) if is_process_env(&m.object) => {
            Some(m.property.name.to_string())
        }
        Expression::ComputedMemberExpression(m) if is_process_env(&m.object) => {
            match &m.expression {
                Expression::StringLiteral(s) => Some(s.value.to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `env || 5180`, `env ?? 5180`.
fn logical<'b, 'a>(
    l: &'b LogicalExpression<'a>,
    consts: &[(String, &'b Expression<'a>)],
    depth: usize,
) -> Option<PortExpr> {
    if l.operator == LogicalOperator::And {
        return None;
    }
    let left = read_inner(&l.left, consts, depth + 1)?;
    let right = read_inner(&l.right, consts, depth + 1)?;
    with_fallback(left, right, &l.right)
}

/// `process.env.PORT ? Number(process.env.PORT) : 5180`.
fn conditional<'b, 'a>(
    c: &'b ConditionalExpression<'a>,
    consts: &[(String, &'b Expression<'a>)],
    depth: usize,
) -> Option<PortExpr> {
    let test = read_inner(&c.test, consts, depth + 1)?;
    let then = read_inner(&c.consequent, consts, depth + 1)?;
    let (PortExpr::Env { var: a, .. }, PortExpr::Env { var: b, .. }) = (&test, &then) else {
        return None;
    };
    if a != b {
        return None;
    }
    let otherwise = read_inner(&c.alternate, consts, depth + 1)?;
    with_fallback(then, otherwise, &c.alternate)
}

/// An env read whose missing value falls back to a literal.
fn with_fallback(
    primary: PortExpr,
    fallback: PortExpr,
    written: &Expression<'_>,
) -> Option<PortExpr> {
    match (primary, fallback) {
        (
            PortExpr::Env {
                var,
                fallback: None,
            },
            PortExpr::Literal(n),
        ) => Some(PortExpr::Env {
            var,
            fallback: Some((n, literal_span(written))),
        }),
        // `a || b || 5180`: the first env read decides the name.
        (
            PortExpr::Env {
                var,
                fallback: None,
            },
            PortExpr::Env { fallback, .. },
        ) => Some(PortExpr::Env { var, fallback }),
        (
            env @ PortExpr::Env {
                fallback: Some(_), ..
            },
            _,
        ) => Some(env),
        _ => None,
    }
}

/// The span of the literal inside a fallback (through parentheses and `as`), for the edit that
/// changes it.
fn literal_span(expr: &Expression<'_>) -> Range<usize> {
    match expr {
        Expression::ParenthesizedExpression(p) => literal_span(&p.expression),
        Expression::TSAsExpression(e) => literal_span(&e.expression),
        Expression::TSSatisfiesExpression(e) => literal_span(&e.expression),
        other => js::range(other.span()),
    }
}

/// Reads a port given on a command line: `5180`, `$PORT`, `${PORT}`, `${PORT:-5180}`,
/// `${PORT-5180}` (the shell's fallback forms).
pub fn read_shell(arg: &str) -> PortExpr {
    if let Ok(n) = arg.parse::<u16>()
        && n > 0
    {
        return PortExpr::Literal(n);
    }
    let name_ok = |n: &str| {
        !n.is_empty()
            && !n.starts_with(|c: char| c.is_ascii_digit())
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let env = |var: &str, fallback: Option<&str>| {
        let fallback = match fallback {
            None => None,
            Some(f) => Some((f.parse::<u16>().ok().filter(|n| *n > 0)?, 0..0)),
        };
        Some(PortExpr::Env {
            var: var.to_string(),
            fallback,
        })
    };
    let parsed = if let Some(body) = arg.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
        match body.split_once(":-").or_else(|| body.split_once('-')) {
            Some((var, fallback)) if name_ok(var) => env(var, Some(fallback)),
            None if name_ok(body) => env(body, None),
            _ => None,
        }
    } else {
        arg.strip_prefix('$')
            .filter(|v| name_ok(v))
            .and_then(|v| env(v, None))
    };
    parsed.unwrap_or_else(|| PortExpr::Unknown(arg.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxc_ast::ast::Statement;

    fn read(src: &str) -> PortExpr {
        js::with_program("x.ts", src, |program| {
            let mut consts = Vec::new();
            let mut last = None;
            for stmt in &program.body {
                match stmt {
                    Statement::VariableDeclaration(d) => {
                        for d in &d.declarations {
                            if let (Some(id), Some(init)) = (d.id.get_binding_identifier(), &d.init)
                            {
                                consts.push((id.name.to_string(), init));
                            }
                        }
                    }
                    Statement::ExpressionStatement(e) => last = Some(&e.expression),
                    _ => {}
                }
            }
            read_js(last.unwrap(), &consts, src)
        })
        .unwrap()
    }

    fn env(var: &str, fallback: Option<u16>) -> Option<(String, Option<u16>)> {
        Some((var.to_string(), fallback))
    }

    fn as_env(p: &PortExpr) -> Option<(String, Option<u16>)> {
        match p {
            PortExpr::Env { var, fallback } => Some((var.clone(), fallback.as_ref().map(|f| f.0))),
            _ => None,
        }
    }

    #[test]
    fn literals_and_env_fallbacks() {
        assert_eq!(read("5180;"), PortExpr::Literal(5180));
        assert_eq!(read("(5180 as number);"), PortExpr::Literal(5180));
        assert_eq!(read("const port = 4000;\nport;"), PortExpr::Literal(4000));
        for src in [
            "Number(process.env.PORT) || 5180;",
            "process.env.PORT ?? 5180;",
            "Number(process.env.PORT ?? 5180);",
            "parseInt(process.env.PORT ?? \"5180\");",
            "parseInt(process.env.PORT || \"5180\", 10);",
            "+process.env.PORT || 5180;",
            "process.env.PORT ? Number(process.env.PORT) : 5180;",
            "Number(process.env[\"PORT\"]) || 5180;",
            "const port = Number(process.env.PORT) || 5180;\nport;",
        ] {
            assert_eq!(as_env(&read(src)), env("PORT", Some(5180)), "{src}");
        }
        assert_eq!(
            as_env(&read("Number(process.env.PORT);")),
            env("PORT", None)
        );
    }

    #[test]
    fn fallback_span_points_at_the_literal() {
        let src = "Number(process.env.PORT) || 5180;";
        let PortExpr::Env {
            fallback: Some((_, span)),
            ..
        } = read(src)
        else {
            panic!()
        };
        assert_eq!(&src[span], "5180");
    }

    #[test]
    fn what_is_not_a_port_is_unknown() {
        assert_eq!(read("getPort();"), PortExpr::Unknown("getPort()".into()));
        assert_eq!(
            read("Number(process.env.PORT) && 5180;"),
            PortExpr::Unknown("Number(process.env.PORT) && 5180".into())
        );
        assert_eq!(read("70000;"), PortExpr::Unknown("70000".into()));
    }

    #[test]
    fn shell_forms() {
        assert_eq!(read_shell("4000"), PortExpr::Literal(4000));
        assert_eq!(as_env(&read_shell("$PORT")), env("PORT", None));
        assert_eq!(as_env(&read_shell("${PORT}")), env("PORT", None));
        assert_eq!(
            as_env(&read_shell("${PORT:-4000}")),
            env("PORT", Some(4000))
        );
        assert_eq!(
            as_env(&read_shell("${WEB_PORT-4000}")),
            env("WEB_PORT", Some(4000))
        );
        assert_eq!(
            read_shell("$(get-port)"),
            PortExpr::Unknown("$(get-port)".into())
        );
    }
}
