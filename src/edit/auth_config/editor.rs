//! `convex/auth.config.{ts,js}`: the two WorkOS `customJwt` providers.
//!
//! WorkOS access tokens carry one of two issuers: `https://api.workos.com/` with `aud` set to the
//! client ID (checked through `applicationID`), or `https://api.workos.com/user_management/<id>`
//! with no `aud` (so that provider must *not* set `applicationID`, or Convex finds no provider).
//! Both are needed. An existing file keeps its other providers; ours are added beside them, in the
//! file's own quotes, semicolons and indentation, at the spans [`super::read`] gives.

use super::eval::{JsVal, Unreadable};
use super::reader::{AuthConfig, CLIENT_ID_ENV, Providers, read};
use crate::edit::js;
use crate::edit::prettier::js as pj;
use crate::edit::style::Style;
use crate::edit::{self, Edit};
use crate::error::{ErrorKind, Location, UserError};

/// Which of the two WorkOS providers a file already has.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WorkosProviders {
    pub root_issuer: bool,
    pub user_management: bool,
}

/// A fresh file in the docs' shape (`satisfies AuthConfig` in TypeScript).
pub fn new_file(typescript: bool, style: &Style) -> String {
    if let Some(out) = style.print_module(&new_file_ast(typescript)) {
        return out;
    }
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

/// [`new_file`] as a syntax tree, for apps that use Prettier.
fn new_file_ast(typescript: bool) -> Vec<pj::Stmt> {
    use pj::{Expr, Pattern, Stmt, decl, kv, member, object};
    let mut stmts = Vec::new();
    if typescript {
        stmts.push(Stmt::Import {
            type_only: true,
            names: vec!["AuthConfig".into()],
            source: "convex/server".into(),
        });
        stmts.push(Stmt::Blank);
    }
    stmts.push(decl(
        "const",
        Pattern::Id("clientId".into()),
        member(&format!("process.env.{CLIENT_ID_ENV}")),
    ));
    stmts.push(Stmt::Blank);
    let config = object(
        vec![kv(
            "providers",
            Expr::Array(provider_asts("clientId").into_iter().collect()),
        )],
        true,
    );
    stmts.push(Stmt::ExportDefault(if typescript {
        Expr::Satisfies(Box::new(config), "AuthConfig".into())
    } else {
        config
    }));
    stmts
}

/// The two provider objects as syntax trees.
fn provider_asts(client_id: &str) -> [pj::Expr; 2] {
    use pj::{Expr, kv, object, str};
    let jwks = || {
        Expr::Template(format!(
            "`https://api.workos.com/sso/jwks/${{{client_id}}}`"
        ))
    };
    [
        object(
            vec![
                kv("type", str("customJwt")),
                kv("issuer", str("https://api.workos.com/")),
                kv("algorithm", str("RS256")),
                kv("jwks", jwks()),
                kv("applicationID", pj::member(client_id)),
            ],
            true,
        ),
        object(
            vec![
                kv("type", str("customJwt")),
                kv(
                    "issuer",
                    Expr::Template(format!(
                        "`https://api.workos.com/user_management/${{{client_id}}}`"
                    )),
                ),
                kv("algorithm", str("RS256")),
                kv("jwks", jwks()),
            ],
            true,
        ),
    ]
}

/// The two provider objects, each starting at `{` and indented for `indent`.
fn providers(style: &Style, client_id: &str, indent: &str) -> [String; 2] {
    if style.prettier.is_some() {
        let [a, b] = provider_asts(client_id);
        let print = |e: &pj::Expr| style.print(indent, |p| p.expr_doc(e)).unwrap_or_default();
        return [print(&a), print(&b)];
    }
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

/// The WorkOS providers the reading finds (both with `getAuthConfigProviders()`).
fn found(cfg: &AuthConfig) -> WorkosProviders {
    if cfg.providers.helper() {
        return WorkosProviders {
            root_issuer: true,
            user_management: true,
        };
    }
    let mut found = WorkosProviders::default();
    let mut saw = |issuer: Option<String>| match issuer {
        Some(i) if i.contains("api.workos.com/user_management/") => found.user_management = true,
        Some(i) if i.contains("api.workos.com") => found.root_issuer = true,
        _ => {}
    };
    for p in cfg.providers.objects() {
        saw(p.issuer());
    }
    // What the evaluator made of the list, for providers the array literal doesn't spell out
    // (`[...workos, clerk]`, a `const` array of `const` objects).
    if let Ok(Some(JsVal::Obj(config))) = &cfg.value
        && let Some((_, JsVal::Arr(list))) = config.iter().rev().find(|(k, _)| k == "providers")
    {
        for item in list {
            if let JsVal::Obj(props) = item {
                saw(props
                    .iter()
                    .rev()
                    .find(|(k, _)| k == "issuer")
                    .and_then(|(_, v)| v.template()));
            }
        }
    }
    found
}

/// Which WorkOS providers `src` has; `None` if the file can't be read statically.
pub fn workos_providers(rel: &str, src: &str) -> Result<Option<WorkosProviders>, UserError> {
    let cfg = read(rel, src, None)?;
    let found = found(&cfg);
    Ok(
        if cfg.providers.problem().is_some() && found == WorkosProviders::default() {
            None
        } else {
            Some(found)
        },
    )
}

/// The snippet to paste when the file is too dynamic to edit.
pub fn snippet(style: &Style) -> String {
    let [a, b] = providers(style, &format!("process.env.{CLIENT_ID_ENV}"), "");
    format!("{a},{eol}{b},{eol}", eol = style.eol)
}

/// Adds whichever WorkOS providers are missing; returns the text unchanged if both are there.
/// With `prettier` (the app's options), the providers are printed as Prettier would.
pub fn add_workos(
    rel: &str,
    src: &str,
    prettier: Option<&crate::edit::prettier::Options>,
) -> Result<String, UserError> {
    let style = Style::detect(src).with_prettier(prettier);
    let cfg = read(rel, src, None)?;
    let found = found(&cfg);
    if found.root_issuer && found.user_management {
        return Ok(src.to_string());
    }
    let Providers::Array(array) = &cfg.providers else {
        let u = cfg.providers.problem().unwrap_or(Unreadable {
            why: "unrecognised shape".into(),
            offset: 0,
        });
        return Err(UserError::new(ErrorKind::UnsupportedCode, format!("can't add the WorkOS providers to `{rel}`: {}", u.why))
            .at(Location::at(rel, src, u.offset))
            .snippet(snippet(&style))
            .hint(format!("add the two providers below to `providers` in `{rel}` by hand, then run again; nothing was written")));
    };
    let span = array.span.clone();
    // The alias only if it is declared before the array (a `const` is unusable above it).
    let client = cfg
        .client_alias
        .filter(|(_, at)| *at < span.start)
        .map_or_else(|| format!("process.env.{CLIENT_ID_ENV}"), |(name, _)| name);
    let eol = style.eol;
    if array.elements.is_empty()
        && !found.root_issuer
        && !found.user_management
        && let Some(edit) = expand_inline_parent(src, &span, &client, &style)
    {
        let out =
            edit::apply(src, &[edit]).map_err(|e| UserError::new(ErrorKind::UnsupportedCode, e))?;
        js::check_parses(rel, &out)?;
        return Ok(out);
    }
    let first = array.elements.first().map(|e| e.span.clone());
    let last = array.elements.last().map(|e| e.span.clone());
    let element_indent = match &first {
        Some(first) if js::starts_line(src, first.start) => {
            js::line_indent(src, first.start).to_string()
        }
        _ => format!("{}{}", js::line_indent(src, span.start), style.indent),
    };
    let [root, um] = providers(&style, &client, &element_indent);
    let mut wanted = Vec::new();
    if !found.root_issuer {
        wanted.push(root);
    }
    if !found.user_management {
        wanted.push(um);
    }
    let body: String = wanted
        .iter()
        .map(|p| format!("{eol}{element_indent}{p},"))
        .collect();
    // Inside `[` … `]`.
    let inner = span.start + 1..span.end.saturating_sub(1).max(span.start + 1);
    let edit = match last {
        None => {
            let body = match style.trailing_comma() {
                "" => body.trim_end_matches(','),
                _ => &body,
            };
            Edit::replace(
                inner,
                format!("{body}{eol}{}", js::line_indent(src, span.start)),
            )
        }
        Some(last) => {
            let after = src.get(last.end..inner.end).unwrap_or("");
            if after.trim_start().starts_with(',') {
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

/// Removes `applicationID` from every provider whose issuer is `…/user_management/<client>`:
/// AuthKit's tokens for that issuer carry no `aud`, so Convex never matches such a provider
/// (the issuer already names the client). The text is unchanged when none has it.
pub fn remove_user_management_application_id(rel: &str, src: &str) -> Result<String, UserError> {
    let cfg = read(rel, src, None)?;
    let mut spans: Vec<std::ops::Range<usize>> = cfg
        .providers
        .objects()
        .filter(|p| p.is_user_management())
        .filter_map(|p| p.get("applicationID"))
        .map(|p| p.span.clone())
        .collect();
    // One object can be listed twice through a `const`.
    spans.sort_by_key(|s| s.start);
    spans.dedup();
    let edits: Vec<Edit> = spans.iter().map(|s| remove_property(src, s)).collect();
    let out =
        edit::apply(src, &edits).map_err(|e| UserError::new(ErrorKind::UnsupportedCode, e))?;
    js::check_parses(rel, &out)?;
    Ok(out)
}

/// Adds `applicationID` to every provider with the shared issuer `https://api.workos.com/` that
/// lacks it (or sets it to `undefined`), naming the client ID its JWKS URL names, written as
/// there (`clientId`, `process.env.WORKOS_CLIENT_ID`, or the literal in the file's quotes).
/// Fails, changing nothing, when a provider's JWKS URL doesn't end with the client ID.
pub fn add_root_application_id(rel: &str, src: &str) -> Result<String, UserError> {
    let cfg = read(rel, src, None)?;
    let style = Style::detect(src);
    let mut edits = Vec::new();
    let mut seen = Vec::new();
    for p in cfg.providers.objects().filter(|p| p.is_root_issuer()) {
        if seen.contains(&p.span.start) {
            continue;
        }
        seen.push(p.span.start);
        let spellings = ["applicationID", "applicationId", "applicationid"];
        let existing = spellings.iter().find_map(|k| p.get(k));
        if existing.is_some_and(|a| a.value != super::eval::JsVal::Undefined) {
            continue;
        }
        let client = p
            .get("jwks")
            .and_then(|j| j.value.after("/sso/jwks/"))
            .and_then(|v| match v {
                super::eval::JsVal::Str(id) if crate::workos::check_client_id(&id).is_ok() => {
                    Some(style.string(&id))
                }
                super::eval::JsVal::Sym(parts) => match parts.as_slice() {
                    [super::eval::Part::Env { written, .. }] => Some(written.clone()),
                    _ => None,
                },
                _ => None,
            })
            .ok_or_else(|| {
                UserError::new(
                    ErrorKind::UnsupportedCode,
                    format!("can't tell which client ID the provider at index {} is for: its `jwks` URL doesn't end with one", p.index),
                )
                .at(Location::at(rel, src, p.span.start))
                .hint(format!("add `applicationID: <the client ID>` to that provider in `{rel}` by hand"))
            })?;
        match existing {
            // `applicationID: undefined`.
            Some(prop) if prop.key == "applicationID" => {
                edits.push(Edit::replace(prop.value_span.clone(), client));
            }
            Some(prop) => edits.push(Edit::replace(
                prop.span.clone(),
                format!("applicationID: {client}"),
            )),
            None => edits.push(append_property(src, p, &format!("applicationID: {client}"))),
        }
    }
    let out =
        edit::apply(src, &edits).map_err(|e| UserError::new(ErrorKind::UnsupportedCode, e))?;
    js::check_parses(rel, &out)?;
    Ok(out)
}

/// The edit that removes the property at `span` with its comma: the whole line when it stands
/// alone on it (a comment after it on that line goes too).
fn remove_property(src: &str, span: &std::ops::Range<usize>) -> Edit {
    let rest = &src[span.end..];
    let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let comma = rest[gap..].starts_with(',');
    let after_comma = span.end + gap + usize::from(comma);
    let line_end = src[after_comma..]
        .find('\n')
        .map_or(src.len(), |i| after_comma + i + 1);
    let tail = src[after_comma..line_end].trim();
    if js::starts_line(src, span.start) && (tail.is_empty() || tail.starts_with("//")) {
        let start = js::line_start(src, span.start);
        if comma || tail.starts_with("//") {
            return Edit::delete(start..line_end);
        }
        // The last property without a trailing comma: the comma before it goes instead, and
        // its line with it (`a: 1,\n  applicationID: x\n}` → `a: 1\n}`).
        if let Some(prev) = src[..span.start].trim_end().strip_suffix(',') {
            return Edit::delete(prev.len()..span.end);
        }
        return Edit::delete(start..line_end);
    }
    if comma {
        let spaces =
            src[after_comma..].len() - src[after_comma..].trim_start_matches([' ', '\t']).len();
        return Edit::delete(span.start..after_comma + spaces);
    }
    // `{ a, applicationID: x }`: the comma before it goes.
    let before = src[..span.start].trim_end();
    match before.strip_suffix(',') {
        Some(prev) => Edit::delete(prev.len()..span.end),
        None => Edit::delete(span.clone()),
    }
}

/// The edit that adds `prop` as the provider's last property, one per line like the others (or
/// inline in a one-line object), keeping the object's trailing-comma habit.
fn append_property(src: &str, p: &super::reader::Provider, prop: &str) -> Edit {
    let Some(last) = p.props.last() else {
        // `{}`: inside the braces.
        return Edit::insert(p.span.start + 1, format!(" {prop} "));
    };
    let rest = &src[last.span.end..];
    let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let comma = rest[gap..].starts_with(',');
    if js::starts_line(src, last.span.start) {
        let eol = if src.contains("\r\n") { "\r\n" } else { "\n" };
        let indent = js::line_indent(src, last.span.start);
        if comma {
            Edit::insert(last.span.end + gap + 1, format!("{eol}{indent}{prop},"))
        } else {
            Edit::insert(last.span.end, format!(",{eol}{indent}{prop}"))
        }
    } else {
        Edit::insert(last.span.end, format!(", {prop}"))
    }
}

/// With Prettier, an empty `providers: []` inside a one-line object (`{ providers: [] }`) can't
/// take the broken providers in place: Prettier would break the object too. The object is
/// printed anew, one property per line, with the providers. `None` when that isn't the shape.
fn expand_inline_parent(
    src: &str,
    array: &std::ops::Range<usize>,
    client: &str,
    style: &Style,
) -> Option<Edit> {
    style.prettier.as_ref()?;
    let line_start = js::line_start(src, array.start);
    let before = &src[line_start..array.start];
    let open = line_start + before.rfind('{')?;
    // The `}` that closes that object, on the same line.
    let rest = &src[array.end..];
    let line_end = rest.find('\n').map_or(src.len(), |i| array.end + i);
    let mut depth = 0i32;
    let mut close = None;
    for (i, c) in src[open..line_end].char_indices() {
        match c {
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(open + i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if close < array.end {
        return None;
    }
    let inner = &src[open + 1..close];
    if inner.contains("//") || inner.contains("/*") {
        return None;
    }
    let ind = js::line_indent(src, open);
    let at = format!("{ind}{}", style.indent);
    let providers = pj::Expr::Array(provider_asts(client).into_iter().collect());
    let printed = style.print(&at, |p| p.property("providers", &providers))?;
    let lines: Vec<String> = js::split_top_level(inner)?
        .into_iter()
        .map(|part| {
            let key = part.split(':').next().unwrap_or("").trim();
            if key.trim_matches(['"', '\'']) == "providers" {
                printed.clone()
            } else {
                part
            }
        })
        .collect();
    let eol = style.eol;
    let body: Vec<String> = lines.iter().map(|l| format!("{eol}{at}{l}")).collect();
    Some(Edit::replace(
        open..close + 1,
        format!("{{{}{}{eol}{ind}}}", body.join(","), style.trailing_comma()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The template's file with `applicationID` moved between the providers, every layout the
    /// two editors meet: own line with and without a trailing comma, inline objects.
    #[test]
    fn application_id_moves_between_providers() {
        let healthy = new_file(true, &Style::default());
        let root = "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n      applicationID: clientId,\n    },\n    {";
        let bare = "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n    {";
        let um_end = "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],";
        let um_with = "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n      applicationID: clientId,\n    },\n  ],";
        // Wrong both ways: on the user_management provider, missing on the root one.
        let broken = healthy.replace(root, bare).replace(um_end, um_with);
        assert_ne!(broken, healthy);
        let fixed = remove_user_management_application_id("auth.config.ts", &broken).unwrap();
        let fixed = add_root_application_id("auth.config.ts", &fixed).unwrap();
        assert_eq!(fixed, healthy);
        // Idempotent.
        assert_eq!(
            remove_user_management_application_id("auth.config.ts", &fixed).unwrap(),
            fixed
        );
        assert_eq!(
            add_root_application_id("auth.config.ts", &fixed).unwrap(),
            fixed
        );
        // No trailing commas, and one-line objects.
        let src = "export default {\n  providers: [\n    { type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: 'https://api.workos.com/sso/jwks/client_01JTEST0000000000000000000' },\n    {\n      type: 'customJwt',\n      issuer: `https://api.workos.com/user_management/${process.env.WORKOS_CLIENT_ID}`,\n      jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,\n      applicationID: process.env.WORKOS_CLIENT_ID\n    }\n  ]\n}\n";
        let out = remove_user_management_application_id("auth.config.js", src).unwrap();
        assert!(out.contains("WORKOS_CLIENT_ID}`\n    }\n"), "{out}");
        let out = add_root_application_id("auth.config.js", &out).unwrap();
        assert!(
            out.contains("jwks: 'https://api.workos.com/sso/jwks/client_01JTEST0000000000000000000', applicationID: 'client_01JTEST0000000000000000000' },"),
            "{out}"
        );
        // `applicationID: undefined` gets a value; a JWKS URL without a client ID is refused.
        let src = "export default { providers: [{ issuer: 'https://api.workos.com/', jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`, applicationID: undefined }] };\n";
        let out = add_root_application_id("auth.config.js", src).unwrap();
        assert!(
            out.contains("applicationID: process.env.WORKOS_CLIENT_ID }"),
            "{out}"
        );
        let src = "export default { providers: [{ issuer: 'https://api.workos.com/', jwks: 'https://example.com/jwks.json' }] };\n";
        assert!(add_root_application_id("auth.config.js", src).is_err());
    }

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
        let out = add_workos("convex/auth.config.ts", src, None).unwrap();
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
        assert_eq!(
            add_workos("convex/auth.config.ts", &out, None).unwrap(),
            out
        );
    }

    #[test]
    fn adds_missing_half_only_and_uses_alias() {
        let src = "const clientId = process.env.WORKOS_CLIENT_ID;\nconst authConfig = {\n  providers: [\n    { type: \"customJwt\", issuer: `https://api.workos.com/user_management/${clientId}`, algorithm: \"RS256\", jwks: `https://api.workos.com/sso/jwks/${clientId}` }\n  ]\n};\nexport default authConfig;\n";
        let out = add_workos("convex/auth.config.js", src, None).unwrap();
        assert!(out.contains("applicationID: clientId,"), "{out}");
        assert_eq!(out.matches("user_management").count(), 1);
        let found = workos_providers("convex/auth.config.js", &out)
            .unwrap()
            .unwrap();
        assert!(found.root_issuer && found.user_management);
    }

    #[test]
    fn edits_the_array_a_const_holds_and_only_uses_an_alias_declared_above_it() {
        let src = "const list = [\n  { type: 'customJwt', issuer: 'https://auth.example.com', jwks: 'j', algorithm: 'ES256' },\n];\nconst clientId = process.env.WORKOS_CLIENT_ID;\nexport default { providers: list };\n";
        let out = add_workos("convex/auth.config.js", src, None).unwrap();
        assert!(out.starts_with("const list = [\n  { type"), "{out}");
        assert!(
            out.contains("applicationID: process.env.WORKOS_CLIENT_ID,"),
            "{out}"
        );
        assert_eq!(
            add_workos("convex/auth.config.js", &out, None).unwrap(),
            out
        );
    }

    #[test]
    fn providers_behind_a_spread_count_and_are_not_added_twice() {
        let src = "const id = process.env.WORKOS_CLIENT_ID;\nconst workos = [\n  { type: 'customJwt', issuer: 'https://api.workos.com/', jwks: `https://api.workos.com/sso/jwks/${id}`, algorithm: 'RS256', applicationID: id },\n  { type: 'customJwt', issuer: `https://api.workos.com/user_management/${id}`, jwks: `https://api.workos.com/sso/jwks/${id}`, algorithm: 'RS256' },\n];\nconst providers = [...workos, { domain: 'https://x.example.com', applicationID: 'convex' }];\nexport default { providers };\n";
        let found = workos_providers("convex/auth.config.js", src)
            .unwrap()
            .unwrap();
        assert!(found.root_issuer && found.user_management);
        assert_eq!(add_workos("convex/auth.config.js", src, None).unwrap(), src);
    }

    #[test]
    fn issuers_are_read_through_consts() {
        let src = "const um = `https://api.workos.com/user_management/${process.env.WORKOS_CLIENT_ID}`;\nexport default { providers: [{ type: 'customJwt', issuer: um, jwks: 'j', algorithm: 'RS256' }] };\n";
        let found = workos_providers("convex/auth.config.js", src)
            .unwrap()
            .unwrap();
        assert!(found.user_management && !found.root_issuer);
    }

    #[test]
    fn dynamic_config_gets_snippet() {
        let src = "export default makeConfig();\n";
        let err = add_workos("convex/auth.config.ts", src, None).unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsupportedCode);
        assert!(err.snippet.unwrap().contains("user_management"));
    }

    /// With Prettier, `{ providers: [] }` on one line is broken with the providers in it, as
    /// Prettier prints it.
    #[test]
    fn one_line_config_is_broken_with_prettier() {
        let src = "export default { providers: [] };\n";
        let o = crate::edit::prettier::Options::default();
        let out = add_workos("convex/auth.config.ts", src, Some(&o)).unwrap();
        insta::assert_snapshot!(out, @r#"
        export default {
          providers: [
            {
              type: "customJwt",
              issuer: "https://api.workos.com/",
              algorithm: "RS256",
              jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,
              applicationID: process.env.WORKOS_CLIENT_ID,
            },
            {
              type: "customJwt",
              issuer: `https://api.workos.com/user_management/${process.env.WORKOS_CLIENT_ID}`,
              algorithm: "RS256",
              jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,
            },
          ],
        };
        "#);
        assert_eq!(
            add_workos("convex/auth.config.ts", &out, Some(&o)).unwrap(),
            out
        );
    }
}
