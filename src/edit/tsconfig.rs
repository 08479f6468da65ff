//! The Convex functions' `tsconfig.json`: Node's types for `process.env`.
//!
//! `auth.config.ts` reads `process.env.WORKOS_CLIENT_ID`, and `npx convex dev` type-checks the
//! functions folder with the app's own TypeScript before it pushes. From TypeScript 6 on, an
//! absent `types` option means no `@types` package at all, so without `"types": ["node"]` (and
//! `@types/node` installed) the push stops at "Cannot find name 'process'". Convex's AuthKit
//! templates carry both; some of its plain templates (TanStack Start) carry neither. The edit goes
//! through jsonc-parser's CST, so the file's comments, order and indentation survive.

use jsonc_parser::ParseOptions;
use jsonc_parser::cst::{CstInputValue, CstRootNode};

use crate::error::{ErrorKind, Location, UserError};

/// The `@types` package `auth.config.ts` needs for `process`.
pub const NODE_TYPES_PACKAGE: &str = "@types/node";
/// The range init adds, as Convex's AuthKit templates have it.
pub const NODE_TYPES_RANGE: &str = "^24.13.3";

/// What the `types` option says about Node's types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeTypes {
    /// `types` lists `node`.
    Listed,
    /// No `types` option: TypeScript 5 includes every installed `@types` package, TypeScript 6
    /// and later none.
    Absent,
    /// `types` is a list without `node`: `process` is unknown in every TypeScript version.
    Missing,
}

/// Reads `compilerOptions.types`. `display` names the file in errors.
pub fn node_types(display: &str, text: &str) -> Result<NodeTypes, UserError> {
    let root = parse(display, text)?;
    let types = root
        .value()
        .and_then(|v| v.as_object())
        .and_then(|o| o.object_value("compilerOptions"))
        .and_then(|o| o.get("types"));
    let Some(types) = types else {
        return Ok(NodeTypes::Absent);
    };
    let listed = types.value().and_then(|v| v.as_array()).is_some_and(|a| {
        a.elements().iter().any(|e| {
            e.as_string_lit()
                .and_then(|s| s.decoded_value().ok())
                .as_deref()
                == Some("node")
        })
    });
    Ok(if listed {
        NodeTypes::Listed
    } else {
        NodeTypes::Missing
    })
}

/// `text` with `node` in `compilerOptions.types` (the option and `compilerOptions` are created
/// when absent); unchanged when it is there. Refuses a `types` that is not a list.
pub fn add_node_types(display: &str, text: &str) -> Result<String, UserError> {
    if node_types(display, text)? == NodeTypes::Listed {
        return Ok(text.to_string());
    }
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let root = parse(display, text)?;
    let top = root.object_value_or_set();
    let options = top.object_value_or_set("compilerOptions");
    match options.get("types") {
        None => {
            options.append(
                "types",
                CstInputValue::Array(vec![CstInputValue::String("node".into())]),
            );
        }
        Some(prop) => {
            let Some(array) = prop.value().and_then(|v| v.as_array()) else {
                let at = text.find("\"types\"").unwrap_or(0);
                return Err(UserError::new(
                    ErrorKind::UnsupportedCode,
                    format!("`compilerOptions.types` in `{display}` is not a list"),
                )
                .at(Location::at(display, text, at))
                .hint(
                    "make it a list that includes \"node\" (`\"types\": [\"node\"]`); nothing was written",
                ));
            };
            array.append(CstInputValue::String("node".into()));
        }
    }
    let after = format!("{bom}{root}");
    // Re-parse: never hand back a file that no longer reads.
    match node_types(display, &after)? {
        NodeTypes::Listed => Ok(after),
        _ => Err(UserError::new(
            ErrorKind::UnsupportedCode,
            format!("adding \"node\" to `compilerOptions.types` in `{display}` did not take"),
        )),
    }
}

fn parse(display: &str, text: &str) -> Result<CstRootNode, UserError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    CstRootNode::parse(body, &ParseOptions::default()).map_err(|e| {
        UserError::new(
            ErrorKind::Parse,
            format!("`{display}` is not valid JSON: {}", e.kind()),
        )
        .at(Location::at(display, body, e.range().start))
        .hint(format!(
            "fix `{display}` and run again; nothing was written"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: &str = "convex/tsconfig.json";

    #[test]
    fn adds_types_to_compiler_options_keeping_comments() {
        let before = "{\n  /* Convex settings */\n  \"compilerOptions\": {\n    \"strict\": true,\n    // required\n    \"lib\": [\"ES2023\", \"dom\"]\n  },\n  \"include\": [\"./**/*\"]\n}\n";
        assert_eq!(node_types(F, before).unwrap(), NodeTypes::Absent);
        let after = add_node_types(F, before).unwrap();
        insta::assert_snapshot!(after, @r#"
        {
          /* Convex settings */
          "compilerOptions": {
            "strict": true,
            // required
            "lib": ["ES2023", "dom"],
            "types": ["node"]
          },
          "include": ["./**/*"]
        }
        "#);
        assert_eq!(
            add_node_types(F, &after).unwrap(),
            after,
            "second run is a no-op"
        );
    }

    #[test]
    fn appends_node_to_an_existing_list() {
        let before = "{ \"compilerOptions\": { \"types\": [\"vite/client\"] } }";
        assert_eq!(node_types(F, before).unwrap(), NodeTypes::Missing);
        let after = add_node_types(F, before).unwrap();
        assert!(after.contains(r#"["vite/client", "node"]"#), "{after}");
    }

    #[test]
    fn leaves_a_listed_node_alone() {
        let before = "{\"compilerOptions\":{\"types\":[\"node\"]}}";
        assert_eq!(add_node_types(F, before).unwrap(), before);
    }

    #[test]
    fn creates_compiler_options_when_absent() {
        let after = add_node_types(F, "{\n  \"include\": [\".\"]\n}\n").unwrap();
        assert_eq!(node_types(F, &after).unwrap(), NodeTypes::Listed);
        assert!(after.contains("\"include\""));
    }

    #[test]
    fn refuses_a_types_that_is_not_a_list_and_names_the_place() {
        let err = add_node_types(F, "{\"compilerOptions\":{\"types\":\"node\"}}").unwrap_err();
        assert!(err.to_string().contains("is not a list"), "{err}");
    }

    #[test]
    fn malformed_json_is_a_parse_error_naming_the_file() {
        let err = add_node_types(F, "{\"compilerOptions\": {").unwrap_err();
        assert!(err.to_string().contains(F), "{err}");
    }
}
