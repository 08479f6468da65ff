//! Reading a Prettier config without Node: the files Prettier looks for, in its order, and their
//! formats (JSON, JSON5, YAML and TOML with plain `key: value` entries, and JS/TS configs whose
//! export is an object literal), plus `.editorconfig`, which the Prettier CLI also reads.
//!
//! Nothing here fails: a file that can't be read (or only partly) gives a warning, and the
//! options it would set keep Prettier's defaults.

use oxc_ast::ast::{Expression, ObjectExpression, ObjectPropertyKind, Statement};

use super::options::{Options, Value};

/// The config files Prettier 3 looks for in one folder, in its order (`package.json` first, when
/// it has a `prettier` key).
pub const FILES: &[&str] = &[
    "package.json",
    ".prettierrc",
    ".prettierrc.json",
    ".prettierrc.yml",
    ".prettierrc.yaml",
    ".prettierrc.json5",
    ".prettierrc.js",
    "prettier.config.js",
    ".prettierrc.ts",
    "prettier.config.ts",
    ".prettierrc.mjs",
    "prettier.config.mjs",
    ".prettierrc.mts",
    "prettier.config.mts",
    ".prettierrc.cjs",
    "prettier.config.cjs",
    ".prettierrc.cts",
    "prettier.config.cts",
    ".prettierrc.toml",
];

/// The app's Prettier settings and where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub options: Options,
    /// The config file (relative to the app), or `None` for Prettier's defaults.
    pub source: Option<String>,
    /// What could not be read, for a note.
    pub warnings: Vec<String>,
}

/// What one config file says: its entries, and what in it could not be read.
#[derive(Debug, Default)]
struct Entries {
    pairs: Vec<(String, Value)>,
    warnings: Vec<String>,
}

/// Resolves the options as the Prettier CLI would for a file in the app: the first folder (the
/// app's, then each one above it in `dirs`) that holds a config file decides; `.editorconfig`
/// settings apply beneath it. `read(i, name)` is the text of `name` in `dirs[i]` (`dirs[0]` is
/// the app, as `""`; others like `"../"`). `None` when the app has no Prettier config and doesn't
/// depend on `prettier`.
pub fn resolve(
    dirs: &[String],
    read: impl Fn(usize, &str) -> Option<String>,
    has_prettier: bool,
) -> Option<Resolved> {
    let mut found: Option<(String, Entries)> = None;
    'dirs: for (i, dir) in dirs.iter().enumerate() {
        for name in FILES {
            let Some(text) = read(i, name) else { continue };
            let entries = if *name == "package.json" {
                match package_json_key(&text) {
                    Some(e) => e,
                    None => continue,
                }
            } else {
                parse_file(name, &text)
            };
            found = Some((format!("{dir}{name}"), entries));
            break 'dirs;
        }
    }
    if found.is_none() && !has_prettier {
        return None;
    }
    let mut options = Options::default();
    let mut warnings = Vec::new();
    // `.editorconfig`, from the farthest folder to the nearest (stopping at `root = true`).
    let mut editorconfigs = Vec::new();
    for (i, dir) in dirs.iter().enumerate() {
        if let Some(text) = read(i, ".editorconfig") {
            let root = is_root_editorconfig(&text);
            editorconfigs.push((format!("{dir}.editorconfig"), text));
            if root {
                break;
            }
        }
    }
    for (name, text) in editorconfigs.iter().rev() {
        for (key, value) in editorconfig(text) {
            if let Err(why) = options.set(&key, &value) {
                warnings.push(format!("`{name}`: {why}"));
            }
        }
    }
    let source = found.as_ref().map(|(n, _)| n.clone());
    if let Some((name, entries)) = found {
        for w in entries.warnings {
            warnings.push(format!("`{name}`: {w}"));
        }
        for (key, value) in entries.pairs {
            if key == "overrides" {
                warnings.push(format!(
                    "`{name}`: `overrides` are not applied to the code init writes"
                ));
                continue;
            }
            if let Err(why) = options.set(&key, &value) {
                warnings.push(format!("`{name}`: {why}"));
            }
        }
    }
    Some(Resolved {
        options,
        source,
        warnings,
    })
}

/// `package.json`'s `prettier` key, if it has one.
fn package_json_key(text: &str) -> Option<Entries> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    match value.get("prettier")? {
        serde_json::Value::Object(map) => Some(Entries {
            pairs: map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect(),
            warnings: Vec::new(),
        }),
        serde_json::Value::String(s) => Some(Entries {
            pairs: Vec::new(),
            warnings: vec![format!(
                "the shared config `{s}` can't be read without Node; used Prettier's defaults"
            )],
        }),
        _ => Some(Entries {
            pairs: Vec::new(),
            warnings: vec!["`prettier` is not an object; used Prettier's defaults".into()],
        }),
    }
}

fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => n.as_i64().map_or(Value::Other, Value::Num),
        serde_json::Value::String(s) => Value::Str(s.clone()),
        _ => Value::Other,
    }
}

fn parse_file(name: &str, text: &str) -> Entries {
    let unreadable = |what: &str| Entries {
        pairs: Vec::new(),
        warnings: vec![format!("{what}; used Prettier's defaults")],
    };
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "json" | "json5" => json(text).unwrap_or_else(|| unreadable("not valid JSON")),
        "yaml" | "yml" => yaml(text).unwrap_or_else(|| unreadable("not simple YAML")),
        "toml" => toml(text).unwrap_or_else(|| unreadable("not simple TOML")),
        "js" | "mjs" | "cjs" | "ts" | "mts" | "cts" => js(name, text),
        // `.prettierrc`: JSON or YAML.
        _ => json(text)
            .or_else(|| yaml(text))
            .unwrap_or_else(|| unreadable("neither JSON nor simple YAML")),
    }
}

fn json(text: &str) -> Option<Entries> {
    let value = jsonc_parser::parse_to_value(text, &Default::default()).ok()?;
    let jsonc_parser::JsonValue::Object(obj) = value? else {
        return None;
    };
    let pairs = obj
        .take_inner()
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                jsonc_parser::JsonValue::Boolean(b) => Value::Bool(b),
                jsonc_parser::JsonValue::Number(n) => n.parse().map_or(Value::Other, Value::Num),
                jsonc_parser::JsonValue::String(s) => Value::Str(s.into_owned()),
                _ => Value::Other,
            };
            (k.into_owned(), v)
        })
        .collect();
    Some(Entries {
        pairs,
        warnings: Vec::new(),
    })
}

/// A scalar written in YAML or TOML.
fn scalar(raw: &str) -> Value {
    let raw = raw.trim();
    if let Some(s) = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
    {
        return Value::Str(s.to_string());
    }
    match raw {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => raw
            .parse()
            .map_or_else(|_| Value::Str(raw.to_string()), Value::Num),
    }
}

/// Strips a `#` comment that is not inside quotes.
fn strip_hash_comment(line: &str) -> &str {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if i == 0 || line[..i].ends_with([' ', '\t']) => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Top-level `key: value` lines; nested blocks (`overrides:` and what is under it) are noted
/// and skipped. `None` if a line is neither.
fn yaml(text: &str) -> Option<Entries> {
    let mut out = Entries::default();
    for line in text.lines() {
        let line = strip_hash_comment(line).trim_end();
        if line.trim().is_empty() || line.trim() == "---" {
            continue;
        }
        if line.starts_with([' ', '\t', '-']) {
            // Part of a nested block; its key was seen at the top level.
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let key = key.trim().trim_matches(['"', '\'']);
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        if value.trim().is_empty() {
            out.pairs.push((key.to_string(), Value::Other));
        } else {
            out.pairs.push((key.to_string(), scalar(value)));
        }
    }
    Some(out)
}

/// Top-level `key = value` lines; tables (`[[overrides]]`) end the top level.
fn toml(text: &str) -> Option<Entries> {
    let mut out = Entries::default();
    for line in text.lines() {
        let line = strip_hash_comment(line).trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('[') {
            let name = line.trim_matches(['[', ']']).trim();
            out.pairs.push((name.to_string(), Value::Other));
            break;
        }
        let (key, value) = line.split_once('=')?;
        out.pairs
            .push((key.trim().trim_matches('"').to_string(), scalar(value)));
    }
    Some(out)
}

/// A JS/TS config whose export (`export default`, `module.exports =`, or a `const` either of
/// them names) is an object literal; only literal values are read.
fn js(name: &str, text: &str) -> Entries {
    // Through `with_program`, which guards the parser's recursion on hostile input.
    crate::edit::js::with_program(name, text, read_js).unwrap_or_else(|_| Entries {
        pairs: Vec::new(),
        warnings: vec!["has a syntax error; used Prettier's defaults".into()],
    })
}

fn read_js(program: &oxc_ast::ast::Program<'_>) -> Entries {
    let mut exported: Option<&Expression<'_>> = None;
    for stmt in &program.body {
        match stmt {
            Statement::ExportDefaultDeclaration(d) => {
                exported = d.declaration.as_expression();
            }
            Statement::ExpressionStatement(s) => {
                if let Expression::AssignmentExpression(a) = &s.expression
                    && let Some(m) = a.left.as_member_expression()
                    && m.static_property_name() == Some("exports")
                    && matches!(m.object(), Expression::Identifier(id) if id.name == "module")
                {
                    exported = Some(&a.right);
                }
            }
            _ => {}
        }
    }
    let object = exported.and_then(|e| object_of(e, program));
    let Some(object) = object else {
        return Entries {
            pairs: Vec::new(),
            warnings: vec![
                "its export is not an object literal, so it can't be read without Node; used Prettier's defaults"
                    .into(),
            ],
        };
    };
    let mut out = Entries::default();
    let mut skipped = false;
    for prop in &object.properties {
        let ObjectPropertyKind::ObjectProperty(p) = prop else {
            skipped = true;
            continue;
        };
        let Some(key) = p.key.static_name() else {
            skipped = true;
            continue;
        };
        let value = match unwrap(&p.value) {
            Expression::BooleanLiteral(b) => Value::Bool(b.value),
            Expression::NumericLiteral(n) if n.value.fract() == 0.0 => Value::Num(n.value as i64),
            Expression::StringLiteral(s) => Value::Str(s.value.to_string()),
            _ => {
                if matches!(
                    key.as_ref(),
                    "printWidth"
                        | "tabWidth"
                        | "useTabs"
                        | "semi"
                        | "singleQuote"
                        | "jsxSingleQuote"
                        | "trailingComma"
                        | "bracketSpacing"
                        | "bracketSameLine"
                        | "arrowParens"
                ) {
                    skipped = true;
                }
                Value::Other
            }
        };
        if key == "overrides" || !matches!(value, Value::Other) {
            out.pairs.push((key.to_string(), value));
        }
    }
    if skipped {
        out.warnings.push(
            "some settings are not literals (spreads or expressions) and were not read; they keep Prettier's defaults"
                .into(),
        );
    }
    out
}

fn unwrap<'b, 'a>(e: &'b Expression<'a>) -> &'b Expression<'a> {
    match e {
        Expression::ParenthesizedExpression(p) => unwrap(&p.expression),
        Expression::TSSatisfiesExpression(s) => unwrap(&s.expression),
        Expression::TSAsExpression(s) => unwrap(&s.expression),
        other => other,
    }
}

/// The object literal `e` is, or that the top-level `const` it names holds.
fn object_of<'b, 'a>(
    e: &'b Expression<'a>,
    program: &'b oxc_ast::ast::Program<'a>,
) -> Option<&'b ObjectExpression<'a>> {
    match unwrap(e) {
        Expression::ObjectExpression(o) => Some(o),
        Expression::Identifier(id) => program.body.iter().find_map(|s| {
            let Statement::VariableDeclaration(decl) = s else {
                return None;
            };
            decl.declarations.iter().find_map(|d| {
                let named = d.id.get_identifier_name().is_some_and(|n| n == id.name);
                match (&d.init, named) {
                    (Some(init), true) => match unwrap(init) {
                        Expression::ObjectExpression(o) => Some(&**o),
                        _ => None,
                    },
                    _ => None,
                }
            })
        }),
        _ => None,
    }
}

fn is_root_editorconfig(text: &str) -> bool {
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            return false;
        }
        if let Some((k, v)) = line.split_once('=')
            && k.trim().eq_ignore_ascii_case("root")
        {
            return v.trim().eq_ignore_ascii_case("true");
        }
    }
    false
}

/// Whether an `.editorconfig` section glob applies to a `.ts`/`.tsx`/`.js`/`.jsx` file.
fn glob_matches_js(glob: &str) -> bool {
    let glob = glob.trim_start_matches("**/").trim_start_matches('/');
    if glob == "*" || glob == "**" {
        return true;
    }
    let Some(ext) = glob.strip_prefix("*.") else {
        return false;
    };
    let exts: Vec<&str> = match ext.strip_prefix('{').and_then(|e| e.strip_suffix('}')) {
        Some(list) => list.split(',').map(str::trim).collect(),
        None => vec![ext],
    };
    exts.iter().any(|e| {
        matches!(
            *e,
            "ts" | "tsx" | "js" | "jsx" | "mjs" | "cjs" | "mts" | "cts"
        )
    })
}

/// The Prettier options an `.editorconfig` gives JS/TS files (Prettier's own mapping).
fn editorconfig(text: &str) -> Vec<(String, Value)> {
    let mut props: Vec<(String, String)> = Vec::new();
    let mut applies = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(glob) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            applies = glob_matches_js(glob);
            continue;
        }
        if !applies {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            let k = k.trim().to_ascii_lowercase();
            let v = v.trim().to_ascii_lowercase();
            props.retain(|(key, _)| key != &k);
            props.push((k, v));
        }
    }
    let get = |k: &str| {
        props
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let positive = |v: Option<&str>| v.and_then(|v| v.parse::<i64>().ok()).filter(|n| *n > 0);
    let mut out = Vec::new();
    let use_tabs = match (get("indent_style"), get("indent_size")) {
        (Some("space"), _) => Some(false),
        (Some("tab"), _) | (_, Some("tab")) => Some(true),
        _ => None,
    };
    if let Some(t) = use_tabs {
        out.push(("useTabs".to_string(), Value::Bool(t)));
    }
    let indent_size = positive(get("indent_size"));
    match (use_tabs, indent_size, positive(get("tab_width"))) {
        (Some(false), Some(n), _) => out.push(("tabWidth".into(), Value::Num(n))),
        (_, _, Some(n)) => out.push(("tabWidth".into(), Value::Num(n))),
        _ => {}
    }
    if let Some(n) = positive(get("max_line_length")) {
        out.push(("printWidth".into(), Value::Num(n)));
    }
    match get("quote_type") {
        Some("single") => out.push(("singleQuote".into(), Value::Bool(true))),
        Some("double") => out.push(("singleQuote".into(), Value::Bool(false))),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_one(name: &str, text: &str) -> Resolved {
        resolve(
            &[String::new()],
            |_, n| (n == name).then(|| text.to_string()),
            false,
        )
        .unwrap()
    }

    #[test]
    fn empty_config_is_prettiers_defaults() {
        let r = resolve_one(".prettierrc", "{}");
        assert_eq!(r.options, Options::default());
        assert_eq!(r.source.as_deref(), Some(".prettierrc"));
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn reads_json_yaml_toml_and_js() {
        let json = resolve_one(
            ".prettierrc.json",
            r#"{ "printWidth": 100, "singleQuote": true, "semi": false, "trailingComma": "es5" }"#,
        );
        let want = Options {
            print_width: 100,
            single_quote: true,
            semi: false,
            trailing_comma: super::super::TrailingComma::Es5,
            ..Options::default()
        };
        assert_eq!(json.options, want);
        let yaml = resolve_one(
            ".prettierrc",
            "# ours\nprintWidth: 100\nsingleQuote: true\nsemi: false\ntrailingComma: 'es5'\noverrides:\n  - files: '*.md'\n",
        );
        assert_eq!(yaml.options, want);
        assert_eq!(yaml.warnings.len(), 1, "{:?}", yaml.warnings);
        let toml = resolve_one(
            ".prettierrc.toml",
            "printWidth = 100\nsingleQuote = true\nsemi = false\ntrailingComma = \"es5\"\n",
        );
        assert_eq!(toml.options, want);
        let js = resolve_one(
            "prettier.config.js",
            "/** @type {import('prettier').Config} */\nconst config = { printWidth: 100, singleQuote: true, semi: false, trailingComma: 'es5', plugins: [] };\nexport default config;\n",
        );
        assert_eq!(js.options, want);
        assert!(js.warnings.is_empty(), "{:?}", js.warnings);
        let cjs = resolve_one(
            ".prettierrc.cjs",
            "module.exports = { ...require('./base'), tabWidth: 4, useTabs: process.env.X === '1' };\n",
        );
        assert_eq!(cjs.options.tab_width, 4);
        assert_eq!(cjs.warnings.len(), 1);
    }

    #[test]
    fn malformed_config_warns_and_keeps_defaults() {
        let r = resolve_one(".prettierrc.json", "{ printWidth: ");
        assert_eq!(r.options, Options::default());
        assert_eq!(r.warnings.len(), 1);
        let r = resolve_one(".prettierrc", "tabWidth: 1000000000000\n");
        assert_eq!(r.options, Options::default());
        assert!(r.warnings[0].contains("tabWidth"), "{:?}", r.warnings);
        let r = resolve_one(".prettierrc", "{\"printWidth\": \"wide\"}");
        assert_eq!(r.options, Options::default());
        assert!(r.warnings[0].contains("printWidth"), "{:?}", r.warnings);
        let r = resolve_one("prettier.config.mjs", "export default defineConfig(");
        assert_eq!(r.options, Options::default());
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn package_json_key_nearest_folder_and_no_prettier() {
        let files = |i: usize, n: &str| match (i, n) {
            (0, "package.json") => Some(r#"{"name": "app"}"#.to_string()),
            (1, "package.json") => Some(r#"{"prettier": {"tabWidth": 4}}"#.to_string()),
            (1, ".prettierrc") => Some(r#"{"tabWidth": 8}"#.to_string()),
            _ => None,
        };
        let r = resolve(&[String::new(), "../".into()], files, false).unwrap();
        assert_eq!(r.options.tab_width, 4);
        assert_eq!(r.source.as_deref(), Some("../package.json"));
        assert_eq!(resolve(&[String::new()], |_, _| None, false), None);
        assert_eq!(
            resolve(&[String::new()], |_, _| None, true)
                .unwrap()
                .options,
            Options::default()
        );
    }

    #[test]
    fn editorconfig_sits_beneath_the_config() {
        let files = |_: usize, n: &str| {
            match n {
            ".editorconfig" => Some(
                "root = true\n[*]\nindent_style = space\nindent_size = 4\nmax_line_length = 100\n[*.md]\nindent_size = 2\n"
                    .to_string(),
            ),
            ".prettierrc" => Some("printWidth: 120\n".to_string()),
            _ => None,
        }
        };
        let r = resolve(&[String::new()], files, false).unwrap();
        assert_eq!((r.options.tab_width, r.options.print_width), (4, 120));
    }
}
