//! `--with-users-table`: a `users` table keyed by `tokenIdentifier` and a `users.store` mutation,
//! the pattern Convex documents for apps that need first-class user rows. Off by default, because
//! most apps only need `ctx.auth.getUserIdentity()`.

use oxc_ast::ast::{Argument, Expression};
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;

use crate::edit::js::{self, JsFacts};
use crate::edit::prettier::js as pj;
use crate::edit::style::Style;
use crate::edit::{self, Edit};
use crate::error::{ErrorKind, Location, UserError};

fn table(style: &Style, indent: &str) -> String {
    let (key, ast) = table_ast();
    if let Some(out) = style.print(indent, |p| p.property(&key, &ast)) {
        return out;
    }
    let q = |s: &str| style.string(s);
    let u = &style.indent;
    let eol = style.eol;
    format!(
        "users: defineTable({{{eol}{indent}{u}name: v.string(),{eol}{indent}{u}tokenIdentifier: v.string(),{eol}{indent}}}).index({}, [{}])",
        q("by_token"),
        q("tokenIdentifier")
    )
}

/// The `users` table property as a syntax tree, for apps that use Prettier.
fn table_ast() -> (String, pj::Expr) {
    use pj::{Expr, call, id, kv, method, object, str};
    let v_string = || method(id("v"), "string", vec![]);
    let table = method(
        call(
            id("defineTable"),
            vec![object(
                vec![kv("name", v_string()), kv("tokenIdentifier", v_string())],
                true,
            )],
        ),
        "index",
        vec![str("by_token"), Expr::Array(vec![str("tokenIdentifier")])],
    );
    ("users".into(), table)
}

/// A new `convex/schema.ts` with just the users table.
pub fn new_schema(style: &Style) -> String {
    let (key, users) = table_ast();
    if let Some(out) = style.print_module(&[
        pj::import(&["defineSchema", "defineTable"], "convex/server"),
        pj::import(&["v"], "convex/values"),
        pj::Stmt::Blank,
        pj::Stmt::ExportDefault(pj::call(
            pj::id("defineSchema"),
            vec![pj::object(vec![pj::kv(&key, users)], true)],
        )),
    ]) {
        return out;
    }
    let s = style.semi();
    let u = &style.indent;
    let eol = style.eol;
    format!(
        "import {{ defineSchema, defineTable }} from {}{s}{eol}import {{ v }} from {}{s}{eol}{eol}export default defineSchema({{{eol}{u}{},{eol}}}){s}{eol}",
        style.string("convex/server"),
        style.string("convex/values"),
        table(style, u)
    )
}

#[derive(Default)]
struct SchemaObject {
    object: Option<(std::ops::Range<usize>, Vec<std::ops::Range<usize>>, bool)>,
}

impl<'a> Visit<'a> for SchemaObject {
    fn visit_call_expression(&mut self, call: &oxc_ast::ast::CallExpression<'a>) {
        if let Expression::Identifier(id) = &call.callee
            && id.name == "defineSchema"
            && let Some(Argument::ObjectExpression(obj)) = call.arguments.first()
            && self.object.is_none()
        {
            let has_users = obj.properties.iter().any(|p| match p {
                oxc_ast::ast::ObjectPropertyKind::ObjectProperty(p) => {
                    p.key.static_name().as_deref() == Some("users")
                }
                _ => false,
            });
            let props = obj.properties.iter().map(|p| js::range(p.span())).collect();
            self.object = Some((js::range(obj.span), props, has_users));
        }
        walk::walk_call_expression(self, call);
    }
}

/// Adds the users table to an existing schema; `Ok(None)` if it already has a `users` table.
/// With `prettier` (the app's options), the table and imports are printed as Prettier would.
pub fn add_to_schema(
    rel: &str,
    src: &str,
    prettier: Option<&crate::edit::prettier::Options>,
) -> Result<Option<String>, UserError> {
    let style = Style::detect(src).with_prettier(prettier);
    let found = js::with_program(rel, src, |p| {
        let mut v = SchemaObject::default();
        v.visit_program(p);
        v.object
    })?;
    let Some((obj, props, has_users)) = found else {
        return Err(UserError::new(
            ErrorKind::UnsupportedCode,
            format!("can't find `defineSchema({{ … }})` in `{rel}`"),
        )
        .at(Location::at(rel, src, 0))
        .snippet(table(&style, ""))
        .hint("add the table by hand, or run without `--with-users-table`; nothing was written"));
    };
    if has_users {
        return Ok(None);
    }
    let facts = JsFacts::parse(rel, src)?;
    let eol = style.eol;
    let indent = match props.first() {
        Some(p) if js::starts_line(src, p.start) => js::line_indent(src, p.start).to_string(),
        _ => format!("{}{}", js::line_indent(src, obj.start), style.indent),
    };
    let mut edits = Vec::new();
    let text = table(&style, &indent);
    match props.last() {
        None => edits.push(Edit::replace(
            obj.start + 1..obj.end - 1,
            format!("{eol}{indent}{text}{}{eol}", style.trailing_comma()),
        )),
        Some(last) => {
            let after = &src[last.end..obj.end - 1];
            if after.trim_start().starts_with(',') {
                edits.push(Edit::insert(
                    last.end + after.find(',').unwrap_or(0) + 1,
                    format!("{eol}{indent}{text},"),
                ));
            } else {
                edits.push(Edit::insert(last.end, format!(",{eol}{indent}{text}")));
            }
        }
    }
    let mut imports = String::new();
    let import_line = |name: &str, source: &str| {
        style
            .print_import(&[name.to_string()], source, false)
            .unwrap_or_else(|| {
                format!(
                    "import {{ {name} }} from {}{}",
                    style.string(source),
                    style.semi()
                )
            })
    };
    if facts.local_name("convex/server", "defineTable").is_none() {
        let server = facts.import_of("convex/server").filter(|i| !i.type_only);
        match server {
            // With Prettier, the import is printed whole: the longer one may need breaking.
            Some(i) if style.prettier.is_some() && i.is_plain_named(src) => {
                let mut names = i.named_texts(src, None);
                names.push("defineTable".into());
                if let Some(printed) = style.print_import(&names, &i.source, false) {
                    edits.push(Edit::replace(i.span.clone(), printed));
                }
            }
            _ => match server.and_then(|i| {
                i.specifiers
                    .as_ref()
                    .and_then(|s| s.last().map(|l| l.span.end))
            }) {
                Some(end) => edits.push(Edit::insert(end, ", defineTable")),
                None => imports.push_str(&format!(
                    "{eol}{}",
                    import_line("defineTable", "convex/server")
                )),
            },
        }
    }
    if facts.local_name("convex/values", "v").is_none() {
        imports.push_str(&format!("{eol}{}", import_line("v", "convex/values")));
    }
    if !imports.is_empty() {
        if facts.last_import_end == 0 {
            edits.push(Edit::insert(0, format!("{}{eol}", imports.trim_start())));
        } else {
            edits.push(Edit::insert(facts.last_import_end, imports));
        }
    }
    let out =
        edit::apply(src, &edits).map_err(|e| UserError::new(ErrorKind::UnsupportedCode, e))?;
    js::check_parses(rel, &out)?;
    Ok(Some(out))
}

/// [`users_module`] as a syntax tree, for apps that use Prettier.
fn users_module_ast() -> Vec<pj::Stmt> {
    use pj::{
        Body, Pattern, Prop, Stmt, arrow, async_arrow, binary, call, decl, expr_body, id, if_block,
        import, kv, member, method, new, object, str, unary,
    };
    let ctx_db = || member("ctx.db");
    let query = method(
        method(
            method(ctx_db(), "query", vec![str("users")]),
            "withIndex",
            vec![
                str("by_token"),
                arrow(
                    &["q"],
                    expr_body(method(
                        id("q"),
                        "eq",
                        vec![str("tokenIdentifier"), member("identity.tokenIdentifier")],
                    )),
                ),
            ],
        ),
        "unique",
        vec![],
    );
    let handler = async_arrow(
        &["ctx"],
        Body::Block(vec![
            decl(
                "const",
                Pattern::Id("identity".into()),
                unary(
                    "await ",
                    method(member("ctx.auth"), "getUserIdentity", vec![]),
                ),
            ),
            if_block(
                unary("!", id("identity")),
                vec![Stmt::Throw(new(
                    "Error",
                    vec![str("Called storeUser without authentication present")],
                ))],
            ),
            decl("const", Pattern::Id("user".into()), unary("await ", query)),
            decl(
                "const",
                Pattern::Id("name".into()),
                binary(member("identity.name"), "??", str("Anonymous")),
            ),
            if_block(
                binary(id("user"), "!==", id("null")),
                vec![
                    if_block(
                        binary(member("user.name"), "!==", id("name")),
                        vec![Stmt::Expr(unary(
                            "await ",
                            method(
                                ctx_db(),
                                "patch",
                                vec![
                                    str("users"),
                                    member("user._id"),
                                    object(vec![Prop::Shorthand("name".into())], false),
                                ],
                            ),
                        ))],
                    ),
                    Stmt::Return(Some(member("user._id"))),
                ],
            ),
            Stmt::Return(Some(unary(
                "await ",
                method(
                    ctx_db(),
                    "insert",
                    vec![
                        str("users"),
                        object(
                            vec![
                                Prop::Shorthand("name".into()),
                                kv("tokenIdentifier", member("identity.tokenIdentifier")),
                            ],
                            false,
                        ),
                    ],
                ),
            ))),
        ]),
    );
    vec![
        import(&["mutation"], "./_generated/server"),
        Stmt::Blank,
        Stmt::DocComment(vec![
            "Stores the signed-in user, keyed by `tokenIdentifier` (issuer + subject), and returns the".into(),
            "row's id. WorkOS access tokens carry no name unless a JWT template adds one.".into(),
        ]),
        Stmt::Decl {
            export: true,
            kind: "const",
            pattern: Pattern::Id("store".into()),
            init: call(
                id("mutation"),
                vec![object(
                    vec![kv("args", object(vec![], false)), kv("handler", handler)],
                    true,
                )],
            ),
        },
    ]
}

/// `convex/users.ts`: the `store` mutation.
pub fn users_module(style: &Style) -> String {
    if let Some(out) = style.print_module(&users_module_ast()) {
        return out;
    }
    let q = |s: &str| style.string(s);
    let s = style.semi();
    let u = &style.indent;
    let lines = [
        format!("import {{ mutation }} from {}{s}", q("./_generated/server")),
        String::new(),
        "/**".into(),
        " * Stores the signed-in user, keyed by `tokenIdentifier` (issuer + subject), and returns the".into(),
        " * row's id. WorkOS access tokens carry no name unless a JWT template adds one.".into(),
        " */".into(),
        "export const store = mutation({".into(),
        format!("{u}args: {{}},"),
        format!("{u}handler: async (ctx) => {{"),
        format!("{u}{u}const identity = await ctx.auth.getUserIdentity(){s}"),
        format!("{u}{u}if (!identity) {{"),
        format!("{u}{u}{u}throw new Error({}){s}", q("Called storeUser without authentication present")),
        format!("{u}{u}}}"),
        format!("{u}{u}const user = await ctx.db"),
        format!("{u}{u}{u}.query({})", q("users")),
        format!("{u}{u}{u}.withIndex({}, (q) => q.eq({}, identity.tokenIdentifier))", q("by_token"), q("tokenIdentifier")),
        format!("{u}{u}{u}.unique(){s}"),
        format!("{u}{u}const name = identity.name ?? {}{s}", q("Anonymous")),
        format!("{u}{u}if (user !== null) {{"),
        format!("{u}{u}{u}if (user.name !== name) {{"),
        format!("{u}{u}{u}{u}await ctx.db.patch({}, user._id, {{ name }}){s}", q("users")),
        format!("{u}{u}{u}}}"),
        format!("{u}{u}{u}return user._id{s}"),
        format!("{u}{u}}}"),
        format!("{u}{u}return await ctx.db.insert({}, {{ name, tokenIdentifier: identity.tokenIdentifier }}){s}", q("users")),
        format!("{u}}},"),
        format!("}}){s}"),
    ];
    let mut out = lines.join(style.eol);
    out.push_str(style.eol);
    out
}

/// Whether `src` (an existing `convex/users.ts`) already exports `store`.
pub fn has_store(src: &str) -> bool {
    src.contains("export const store")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_table_to_template_schema() {
        let src = "import { defineSchema, defineTable } from \"convex/server\";\nimport { v } from \"convex/values\";\n\nexport default defineSchema({\n  numbers: defineTable({\n    value: v.number(),\n  }),\n});\n";
        let out = add_to_schema("convex/schema.ts", src, None)
            .unwrap()
            .unwrap();
        insta::assert_snapshot!(out, @r#"
        import { defineSchema, defineTable } from "convex/server";
        import { v } from "convex/values";

        export default defineSchema({
          numbers: defineTable({
            value: v.number(),
          }),
          users: defineTable({
            name: v.string(),
            tokenIdentifier: v.string(),
          }).index("by_token", ["tokenIdentifier"]),
        });
        "#);
        assert_eq!(add_to_schema("convex/schema.ts", &out, None).unwrap(), None);
    }

    /// At a narrow width every construct breaks the way Prettier breaks it (checked against
    /// Prettier 3.10 with `printWidth: 40`).
    #[test]
    fn users_module_at_forty_columns_is_prettiers() {
        let options = crate::edit::prettier::Options {
            print_width: 40,
            ..Default::default()
        };
        let style = Style::default().with_prettier(Some(&options));
        insta::assert_snapshot!(users_module(&style), @r#"
        import { mutation } from "./_generated/server";

        /**
         * Stores the signed-in user, keyed by `tokenIdentifier` (issuer + subject), and returns the
         * row's id. WorkOS access tokens carry no name unless a JWT template adds one.
         */
        export const store = mutation({
          args: {},
          handler: async (ctx) => {
            const identity =
              await ctx.auth.getUserIdentity();
            if (!identity) {
              throw new Error(
                "Called storeUser without authentication present",
              );
            }
            const user = await ctx.db
              .query("users")
              .withIndex("by_token", (q) =>
                q.eq(
                  "tokenIdentifier",
                  identity.tokenIdentifier,
                ),
              )
              .unique();
            const name =
              identity.name ?? "Anonymous";
            if (user !== null) {
              if (user.name !== name) {
                await ctx.db.patch(
                  "users",
                  user._id,
                  { name },
                );
              }
              return user._id;
            }
            return await ctx.db.insert(
              "users",
              {
                name,
                tokenIdentifier:
                  identity.tokenIdentifier,
              },
            );
          },
        });
        "#);
    }

    #[test]
    fn generated_files_parse() {
        let style = Style::default();
        js::check_parses("convex/schema.ts", &new_schema(&style)).unwrap();
        js::check_parses("convex/users.ts", &users_module(&style)).unwrap();
    }
}
