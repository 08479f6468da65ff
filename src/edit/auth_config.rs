//! `convex/auth.config.{ts,js}`: the two WorkOS `customJwt` providers.
//!
//! WorkOS access tokens carry one of two issuers: `https://api.workos.com/` with `aud` set to the
//! client ID (checked through `applicationID`), or `https://api.workos.com/user_management/<id>`
//! with no `aud` (so that provider must *not* set `applicationID`, or Convex finds no provider).
//! Both are needed. An existing file keeps its other providers; ours are added beside them, in the
//! file's own quotes, semicolons and indentation.

use oxc_ast::ast::{ArrayExpressionElement, Expression, ObjectPropertyKind, Program, Statement};
use oxc_span::GetSpan;

use crate::edit::js;
use crate::edit::style::Style;
use crate::edit::{self, Edit};
use crate::error::{ErrorKind, Location, UserError};

pub const CLIENT_ID_ENV: &str = "WORKOS_CLIENT_ID";

/// Which of the two WorkOS providers a file already has.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WorkosProviders {
    pub root_issuer: bool,
    pub user_management: bool,
}

/// A fresh file in the docs' shape (`satisfies AuthConfig` in TypeScript).
pub fn new_file(typescript: bool, style: &Style) -> String {
    let s = style.semi();
    let u = &style.indent;
    let eol = style.eol;
    let mut out = String::new();
    if typescript {
        out.push_str(&format!(
            "import type {{ AuthConfig }} from {}{s}{eol}{eol}",
            style.string("convex/server")
        ));
    }
    out.push_str(&format!(
        "const clientId = process.env.{CLIENT_ID_ENV}{s}{eol}{eol}"
    ));
    out.push_str(&format!("export default {{{eol}{u}providers: [{eol}"));
    for p in providers(style, "clientId", &format!("{u}{u}")) {
        out.push_str(&format!("{u}{u}{p},{eol}"));
    }
    out.push_str(&format!("{u}],{eol}}}"));
    if typescript {
        out.push_str(" satisfies AuthConfig");
    }
    out.push_str(&format!("{s}{eol}"));
    out
}

/// The two provider objects, each starting at `{` and indented for `indent`.
fn providers(style: &Style, client_id: &str, indent: &str) -> [String; 2] {
    let u = &style.indent;
    let eol = style.eol;
    let inner = format!("{indent}{u}");
    let jwks = format!("`https://api.workos.com/sso/jwks/${{{client_id}}}`");
    let object = |fields: &[(&str, String)]| {
        let body: String = fields
            .iter()
            .map(|(k, v)| format!("{eol}{inner}{k}: {v},"))
            .collect();
        format!("{{{body}{eol}{indent}}}")
    };
    [
        object(&[
            ("type", style.string("customJwt")),
            ("issuer", style.string("https://api.workos.com/")),
            ("algorithm", style.string("RS256")),
            ("jwks", jwks.clone()),
            ("applicationID", client_id.to_string()),
        ]),
        object(&[
            ("type", style.string("customJwt")),
            (
                "issuer",
                format!("`https://api.workos.com/user_management/${{{client_id}}}`"),
            ),
            ("algorithm", style.string("RS256")),
            ("jwks", jwks),
        ]),
    ]
}

struct Analysis {
    /// `[`…`]` of the `providers` array, and its elements' spans.
    array: Option<(std::ops::Range<usize>, Vec<std::ops::Range<usize>>)>,
    found: WorkosProviders,
    /// A top-level `const x = process.env.WORKOS_CLIENT_ID`.
    client_alias: Option<String>,
    /// Why the file can't be edited, with the offset to point at.
    problem: Option<(String, usize)>,
}

fn analyse(program: &Program<'_>, src: &str) -> Analysis {
    let mut a = Analysis {
        array: None,
        found: WorkosProviders::default(),
        client_alias: None,
        problem: None,
    };
    let mut consts: Vec<(String, &Expression<'_>)> = Vec::new();
    let mut default_expr = None;
    for stmt in &program.body {
        match stmt {
            Statement::VariableDeclaration(decl) => {
                for d in &decl.declarations {
                    if let (Some(id), Some(init)) = (d.id.get_binding_identifier(), &d.init) {
                        let text = &src[js::range(init.span())];
                        if text.trim() == format!("process.env.{CLIENT_ID_ENV}") {
                            a.client_alias = Some(id.name.to_string());
                        }
                        consts.push((id.name.to_string(), init));
                    }
                }
            }
            Statement::ExportDefaultDeclaration(e) => {
                default_expr = e.declaration.as_expression();
                if default_expr.is_none() {
                    a.problem = Some((
                        "the default export is not an object".into(),
                        e.span.start as usize,
                    ));
                }
            }
            _ => {}
        }
    }
    let Some(expr) = default_expr else {
        if a.problem.is_none() {
            a.problem = Some((
                "the file has no `export default { providers: [...] }`".into(),
                0,
            ));
        }
        return a;
    };
    // Unwrap `satisfies`, `as`, parentheses and a const alias.
    let expr = js::unwrap_value(expr, &consts);
    let Expression::ObjectExpression(obj) = expr else {
        a.problem = Some((
            "the default export is not an object literal".into(),
            expr.span().start as usize,
        ));
        return a;
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
        a.problem = Some((
            "the config has no `providers` array".into(),
            obj.span.start as usize,
        ));
        return a;
    };
    if let Expression::TSSatisfiesExpression(s) = value {
        value = &s.expression;
    }
    let Expression::ArrayExpression(array) = value else {
        if src[js::range(value.span())].contains("getAuthConfigProviders") {
            // `@convex-dev/workos-authkit` builds both WorkOS providers itself.
            a.found = WorkosProviders {
                root_issuer: true,
                user_management: true,
            };
        } else {
            a.problem = Some((
                "`providers` is not an array literal".into(),
                value.span().start as usize,
            ));
        }
        return a;
    };
    let mut elements = Vec::new();
    for el in &array.elements {
        let span = js::range(el.span());
        let text = &src[span.clone()];
        match el {
            ArrayExpressionElement::ObjectExpression(o) => {
                let issuer = o.properties.iter().find_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p)
                        if p.key.static_name().as_deref() == Some("issuer") =>
                    {
                        Some(&src[js::range(p.value.span())])
                    }
                    _ => None,
                });
                if let Some(issuer) = issuer {
                    if issuer.contains("api.workos.com/user_management") {
                        a.found.user_management = true;
                    } else if issuer.contains("api.workos.com") {
                        a.found.root_issuer = true;
                    }
                }
            }
            _ if text.contains("getAuthConfigProviders") => {
                a.found = WorkosProviders {
                    root_issuer: true,
                    user_management: true,
                };
            }
            _ => {}
        }
        elements.push(span);
    }
    a.array = Some((js::range(array.span), elements));
    a
}

/// Which WorkOS providers `src` has; `None` if the file can't be read statically.
pub fn workos_providers(rel: &str, src: &str) -> Result<Option<WorkosProviders>, UserError> {
    let a = js::with_program(rel, src, |p| analyse(p, src))?;
    Ok(
        if a.problem.is_some() && a.found == WorkosProviders::default() {
            None
        } else {
            Some(a.found)
        },
    )
}

/// The snippet to paste when the file is too dynamic to edit.
pub fn snippet(style: &Style) -> String {
    let [a, b] = providers(style, &format!("process.env.{CLIENT_ID_ENV}"), "");
    format!("{a},{eol}{b},{eol}", eol = style.eol)
}

/// Adds whichever WorkOS providers are missing; returns the text unchanged if both are there.
pub fn add_workos(rel: &str, src: &str) -> Result<String, UserError> {
    let style = Style::detect(src);
    let a = js::with_program(rel, src, |p| analyse(p, src))?;
    if a.found.root_issuer && a.found.user_management {
        return Ok(src.to_string());
    }
    let Some((array, elements)) = a.array else {
        let (why, offset) = a
            .problem
            .unwrap_or_else(|| ("unrecognised shape".into(), 0));
        return Err(UserError::new(ErrorKind::UnsupportedCode, format!("can't add the WorkOS providers to `{rel}`: {why}"))
            .at(Location::at(rel, src, offset))
            .snippet(snippet(&style))
            .hint(format!("add the two providers below to `providers` in `{rel}` by hand, then run again; nothing was written")));
    };
    let client = a
        .client_alias
        .unwrap_or_else(|| format!("process.env.{CLIENT_ID_ENV}"));
    let eol = style.eol;
    let element_indent = match elements.first() {
        Some(first) if js::starts_line(src, first.start) => {
            js::line_indent(src, first.start).to_string()
        }
        _ => format!("{}{}", js::line_indent(src, array.start), style.indent),
    };
    let [root, um] = providers(&style, &client, &element_indent);
    let mut wanted = Vec::new();
    if !a.found.root_issuer {
        wanted.push(root);
    }
    if !a.found.user_management {
        wanted.push(um);
    }
    let body: String = wanted
        .iter()
        .map(|p| format!("{eol}{element_indent}{p},"))
        .collect();
    let edit = match elements.last() {
        None => Edit::replace(
            array.start + 1..array.end - 1,
            format!("{body}{eol}{}", js::line_indent(src, array.start)),
        ),
        Some(last) => {
            let after = &src[last.end..array.end - 1];
            let trailing_comma = after.trim_start().starts_with(',');
            if trailing_comma {
                let comma = last.end + after.find(',').unwrap_or(0) + 1;
                Edit::insert(comma, body)
            } else {
                // Keep the file's no-trailing-comma style: the last new element gets none.
                Edit::insert(last.end, format!(",{}", body.trim_end_matches(',')))
            }
        }
    };
    let out =
        edit::apply(src, &[edit]).map_err(|e| UserError::new(ErrorKind::UnsupportedCode, e))?;
    js::check_parses(rel, &out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ts_file() {
        insta::assert_snapshot!(new_file(true, &Style::default()), @r#"
        import type { AuthConfig } from "convex/server";

        const clientId = process.env.WORKOS_CLIENT_ID;

        export default {
          providers: [
            {
              type: "customJwt",
              issuer: "https://api.workos.com/",
              algorithm: "RS256",
              jwks: `https://api.workos.com/sso/jwks/${clientId}`,
              applicationID: clientId,
            },
            {
              type: "customJwt",
              issuer: `https://api.workos.com/user_management/${clientId}`,
              algorithm: "RS256",
              jwks: `https://api.workos.com/sso/jwks/${clientId}`,
            },
          ],
        } satisfies AuthConfig;
        "#);
    }

    #[test]
    fn adds_beside_other_provider_in_file_style() {
        let src = "import type { AuthConfig } from 'convex/server'\n\nexport default {\n    providers: [\n        {\n            type: 'customJwt',\n            issuer: 'https://auth.example.com',\n            jwks: 'https://auth.example.com/.well-known/jwks.json',\n            algorithm: 'ES256',\n        },\n    ],\n} satisfies AuthConfig\n";
        let out = add_workos("convex/auth.config.ts", src).unwrap();
        insta::assert_snapshot!(out, @"
        import type { AuthConfig } from 'convex/server'

        export default {
            providers: [
                {
                    type: 'customJwt',
                    issuer: 'https://auth.example.com',
                    jwks: 'https://auth.example.com/.well-known/jwks.json',
                    algorithm: 'ES256',
                },
                {
                    type: 'customJwt',
                    issuer: 'https://api.workos.com/',
                    algorithm: 'RS256',
                    jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,
                    applicationID: process.env.WORKOS_CLIENT_ID,
                },
                {
                    type: 'customJwt',
                    issuer: `https://api.workos.com/user_management/${process.env.WORKOS_CLIENT_ID}`,
                    algorithm: 'RS256',
                    jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,
                },
            ],
        } satisfies AuthConfig
        ");
        assert_eq!(add_workos("convex/auth.config.ts", &out).unwrap(), out);
    }

    #[test]
    fn adds_missing_half_only_and_uses_alias() {
        let src = "const clientId = process.env.WORKOS_CLIENT_ID;\nconst authConfig = {\n  providers: [\n    { type: \"customJwt\", issuer: `https://api.workos.com/user_management/${clientId}`, algorithm: \"RS256\", jwks: `https://api.workos.com/sso/jwks/${clientId}` }\n  ]\n};\nexport default authConfig;\n";
        let out = add_workos("convex/auth.config.js", src).unwrap();
        assert!(out.contains("applicationID: clientId,"), "{out}");
        assert_eq!(out.matches("user_management").count(), 1);
        let found = workos_providers("convex/auth.config.js", &out)
            .unwrap()
            .unwrap();
        assert!(found.root_issuer && found.user_management);
    }

    #[test]
    fn dynamic_config_gets_snippet() {
        let src = "export default makeConfig();\n";
        let err = add_workos("convex/auth.config.ts", src).unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsupportedCode);
        assert!(err.snippet.unwrap().contains("user_management"));
    }
}
