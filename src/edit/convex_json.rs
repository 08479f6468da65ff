//! `convex.json`'s `authKit` section: the lossless editor and the schema rules.
//!
//! The rules mirror the Convex CLI (`convex@1.49.0`, `src/cli/lib/config.ts`): unknown keys are
//! only warnings there, `environmentType` is allowed only in `prod`, and `localEnvVars` only in
//! `dev`. Messages use the CLI's own wording so a user who later runs `npx convex dev` sees the
//! same sentence. Edits go through jsonc-parser's CST so comments, key order, indentation and
//! trailing commas survive.

use jsonc_parser::ParseOptions;
use jsonc_parser::cst::{CstInputValue, CstObject, CstRootNode};
use serde_json::Value;

use crate::error::{ErrorKind, Location, UserError};

pub const FILE: &str = "convex.json";
pub const SCHEMA_URL: &str = "./node_modules/convex/schemas/convex.schema.json";
/// The first `convex` release that reads the `authKit` section.
pub const MIN_CONVEX_FOR_AUTHKIT: (u64, u64, u64) = (1, 31, 6);

/// What one `authKit.<dev|preview|prod>` section should contain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvSection {
    pub redirect_uris: Vec<String>,
    pub app_homepage_url: Option<String>,
    pub cors_origins: Vec<String>,
    /// Only for `dev`; empty means "don't add `localEnvVars`".
    pub local_env_vars: Vec<(String, String)>,
    /// Existing values that are stale (a local URI on a port the dev server left): each is
    /// replaced by the wanted value of its key, in place, or removed when that is already there.
    pub replace: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthKitSpec {
    pub dev: EnvSection,
    pub preview: Option<EnvSection>,
    pub prod: Option<EnvSection>,
}

/// A schema problem, located by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaIssue {
    /// Dotted path, e.g. `authKit.dev.configure.redirectUris`.
    pub path: String,
    pub message: String,
    /// Unknown keys are warnings in the Convex CLI; everything else fails the push.
    pub is_error: bool,
}

/// Something the editor kept as the user had it, though it differs from what init would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub path: String,
    pub existing: String,
    pub wanted: String,
}

/// A stale value the editor replaced ([`EnvSection::replace`]); `new` is `None` when it was
/// removed because the wanted value was already there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub path: String,
    pub old: String,
    pub new: Option<String>,
}

/// The edited text and what the edit kept or replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    pub kept: Vec<Kept>,
    pub replaced: Vec<Replaced>,
}

/// Parses `convex.json` (JSONC is accepted: doctor's `AK100` says when the file isn't plain
/// JSON, which is what the Convex CLI reads) into a value.
pub fn parse(text: &str) -> Result<Value, UserError> {
    let root =
        CstRootNode::parse(text, &ParseOptions::default()).map_err(|e| parse_error(text, &e))?;
    Ok(root.to_serde_value().unwrap_or(Value::Null))
}

fn parse_error(text: &str, e: &jsonc_parser::errors::ParseError) -> UserError {
    if text.starts_with('\u{feff}') {
        // `JSON.parse` (the Convex CLI) stops on it too; say what it is.
        return UserError::new(
            ErrorKind::Parse,
            format!("`{FILE}` starts with a UTF-8 byte order mark, which `npx convex` can't read"),
        )
        .at(Location::at(FILE, text, 0))
        .hint(format!(
            "save `{FILE}` as UTF-8 without a BOM and run again; nothing was written"
        ));
    }
    UserError::new(
        ErrorKind::Parse,
        format!("`{FILE}` is not valid JSON: {}", e.kind()),
    )
    .at(Location::at(FILE, text, e.range().start))
    .hint(format!(
        "fix `{FILE}` by hand and run again; nothing was written"
    ))
}

/// Returns the new text of `convex.json` (created when `existing` is `None`) and what was kept.
pub fn edit(existing: Option<&str>, spec: &AuthKitSpec) -> Result<(String, Vec<Kept>), UserError> {
    edit_in_style(existing, spec, None).map(|e| (e.text, e.kept))
}

/// [`edit`], printed as Prettier would with the app's `prettier` options: a new file indented
/// by `tabWidth`/`useTabs`, and arrays that run past `printWidth` broken one element per line.
pub fn edit_in_style(
    existing: Option<&str>,
    spec: &AuthKitSpec,
    prettier: Option<&crate::edit::prettier::Options>,
) -> Result<Edited, UserError> {
    let mut edited = edit_cst(existing, spec, prettier)?;
    if let Some(o) = prettier {
        edited.text = break_long_arrays(&edited.text, existing.unwrap_or(""), o);
    }
    Ok(edited)
}

fn edit_cst(
    existing: Option<&str>,
    spec: &AuthKitSpec,
    prettier: Option<&crate::edit::prettier::Options>,
) -> Result<Edited, UserError> {
    let mut out = Edited {
        text: String::new(),
        kept: Vec::new(),
        replaced: Vec::new(),
    };
    let Some(text) = existing else {
        let indent = prettier.map_or("  ".to_string(), |o| o.indent_unit());
        out.text = create(spec, &indent)?;
        return Ok(out);
    };
    let root =
        CstRootNode::parse(text, &ParseOptions::default()).map_err(|e| parse_error(text, &e))?;
    refuse_duplicates(text, &|p| p.first() == Some(&"authKit"))?;
    let top = match root.value() {
        None => root.object_value_or_set(),
        Some(_) => root.object_value().ok_or_else(|| {
            UserError::new(
                ErrorKind::Parse,
                format!("`{FILE}` must contain a JSON object"),
            )
            .at(Location::at(FILE, text, 0))
        })?,
    };
    let auth_kit = object_child(&top, "authKit", text, "authKit")?;
    edit_section(&auth_kit, "dev", &spec.dev, text, &mut out)?;
    if let Some(preview) = &spec.preview {
        edit_section(&auth_kit, "preview", preview, text, &mut out)?;
    }
    if let Some(prod) = &spec.prod {
        edit_section(&auth_kit, "prod", prod, text, &mut out)?;
    }
    out.text = root.to_string();
    Ok(out)
}

fn object_child(
    parent: &CstObject,
    name: &str,
    text: &str,
    path: &str,
) -> Result<CstObject, UserError> {
    match parent.get(name) {
        None => Ok(parent.object_value_or_set(name)),
        Some(prop) => prop
            .object_value()
            .ok_or_else(|| wrong_type(text, path, "an object")),
    }
}

fn wrong_type(text: &str, path: &str, expected: &str) -> UserError {
    let offset = locate(text, path).unwrap_or(0);
    UserError::new(
        ErrorKind::Parse,
        format!("`{path}` in `{FILE}` must be {expected}"),
    )
    .at(Location::at(FILE, text, offset))
    .hint(format!(
        "fix `{path}` by hand and run again; nothing was written"
    ))
}

fn edit_section(
    auth_kit: &CstObject,
    key: &str,
    want: &EnvSection,
    text: &str,
    out: &mut Edited,
) -> Result<(), UserError> {
    let kept = &mut out.kept;
    let base = format!("authKit.{key}");
    let section = object_child(auth_kit, key, text, &base)?;
    // `configure: false` is the user's explicit opt-out; respect it.
    let configure_disabled = section
        .get("configure")
        .and_then(|p| p.value())
        .and_then(|v| v.as_boolean_lit())
        .is_some_and(|b| !b.value());
    if configure_disabled {
        kept.push(Kept {
            path: format!("{base}.configure"),
            existing: "false".into(),
            wanted: "automatic WorkOS configuration".into(),
        });
    } else {
        let configure = object_child(&section, "configure", text, &format!("{base}.configure"))?;
        add_strings(
            &configure,
            "redirectUris",
            &want.redirect_uris,
            text,
            &format!("{base}.configure.redirectUris"),
            (&want.replace, &mut out.replaced),
        )?;
        if let Some(home) = &want.app_homepage_url {
            match configure.get("appHomepageUrl") {
                None => {
                    configure.append("appHomepageUrl", CstInputValue::String(home.clone()));
                }
                Some(prop) => {
                    let existing = prop
                        .to_serde_value()
                        .and_then(|v| v.as_str().map(str::to_string));
                    if let Some(old) = existing
                        .as_ref()
                        .filter(|e| want.replace.contains(e) && *e != home)
                    {
                        out.replaced.push(Replaced {
                            path: format!("{base}.configure.appHomepageUrl"),
                            old: old.clone(),
                            new: Some(home.clone()),
                        });
                        prop.set_value(CstInputValue::String(home.clone()));
                    } else if existing.as_deref() != Some(home) {
                        kept.push(Kept {
                            path: format!("{base}.configure.appHomepageUrl"),
                            existing: existing.unwrap_or_else(|| "(not a string)".into()),
                            wanted: home.clone(),
                        });
                    }
                }
            }
        }
        add_strings(
            &configure,
            "corsOrigins",
            &want.cors_origins,
            text,
            &format!("{base}.configure.corsOrigins"),
            (&want.replace, &mut out.replaced),
        )?;
    }
    if !want.local_env_vars.is_empty() {
        let disabled = section
            .get("localEnvVars")
            .and_then(|p| p.value())
            .and_then(|v| v.as_boolean_lit())
            .is_some_and(|b| !b.value());
        if disabled {
            kept.push(Kept {
                path: format!("{base}.localEnvVars"),
                existing: "false".into(),
                wanted: "local env vars written by `npx convex dev`".into(),
            });
        } else {
            let vars = object_child(
                &section,
                "localEnvVars",
                text,
                &format!("{base}.localEnvVars"),
            )?;
            for (name, value) in &want.local_env_vars {
                match vars.get(name) {
                    None => {
                        vars.append(name, CstInputValue::String(value.clone()));
                    }
                    Some(prop) => {
                        let existing = prop
                            .to_serde_value()
                            .and_then(|v| v.as_str().map(str::to_string));
                        if let Some(old) = existing
                            .as_ref()
                            .filter(|e| want.replace.contains(e) && *e != value)
                        {
                            out.replaced.push(Replaced {
                                path: format!("{base}.localEnvVars.{name}"),
                                old: old.clone(),
                                new: Some(value.clone()),
                            });
                            prop.set_value(CstInputValue::String(value.clone()));
                        } else if existing.as_deref() != Some(value) {
                            out.kept.push(Kept {
                                path: format!("{base}.localEnvVars.{name}"),
                                existing: existing.unwrap_or_default(),
                                wanted: value.clone(),
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Appends each wanted string that the array lacks; the user's other entries stay, except the
/// stale ones (`replace.0`), each replaced in place by the first wanted string the array lacks,
/// or removed.
fn add_strings(
    obj: &CstObject,
    name: &str,
    wanted: &[String],
    text: &str,
    path: &str,
    replace: (&[String], &mut Vec<Replaced>),
) -> Result<(), UserError> {
    if wanted.is_empty() {
        return Ok(());
    }
    let (stale, replaced) = replace;
    let array = match obj.get(name) {
        None => obj.array_value_or_set(name),
        Some(prop) => prop
            .array_value()
            .ok_or_else(|| wrong_type(text, path, "an array of strings"))?,
    };
    let value = |e: &jsonc_parser::cst::CstNode| {
        e.to_serde_value()
            .and_then(|v| v.as_str().map(str::to_string))
    };
    let mut present: Vec<String> = array.elements().iter().filter_map(value).collect();
    for element in array.elements() {
        let Some(old) = value(&element).filter(|v| stale.contains(v) && !wanted.contains(v)) else {
            continue;
        };
        let missing = wanted.iter().find(|w| !present.contains(w)).cloned();
        match (&missing, element.as_string_lit()) {
            (Some(new), Some(lit)) => {
                lit.replace_with(CstInputValue::String(new.clone()));
                present.push(new.clone());
            }
            _ => element.remove(),
        }
        replaced.push(Replaced {
            path: path.to_string(),
            old,
            new: missing,
        });
    }
    for w in wanted {
        if !present.contains(w) {
            array.append(CstInputValue::String(w.clone()));
        }
    }
    Ok(())
}

/// A new file goes through the same CST path as an edit, so both print alike; `$schema` comes
/// first, as in Convex's templates.
fn create(spec: &AuthKitSpec, indent: &str) -> Result<String, UserError> {
    // The CST indents what it adds like what is there: seed it with the indentation wanted.
    let seed = format!(
        "{{\n{indent}{}: {}\n}}\n",
        serde_json::Value::from("$schema"),
        serde_json::Value::from(SCHEMA_URL)
    );
    Ok(edit_cst(Some(&seed), spec, None)?.text)
}

/// Breaks each one-line array of scalars that runs past `printWidth` into one element per line,
/// as Prettier prints JSON (lines that fit are left alone, so a Prettier-clean file stays so).
/// Only lines the edit wrote are touched: inside the `authKit` section (the only part an edit
/// writes), and not already in `before` (a user's line, kept byte for byte).
pub fn break_long_arrays(text: &str, before: &str, o: &crate::edit::prettier::Options) -> String {
    // A user's line stays theirs when the edit only added a comma after it.
    let theirs: std::collections::HashSet<&str> = before
        .split('\n')
        .map(|l| l.trim_end_matches('\r').trim_end_matches(','))
        .collect();
    let section = jsonc_parser::parse_to_ast(text, &Default::default(), &ParseOptions::default())
        .ok()
        .and_then(|ast| match ast.value? {
            jsonc_parser::ast::Value::Object(o) => o
                .properties
                .iter()
                .find(|p| p.name.as_str() == "authKit")
                .map(|p| p.range.start..p.range.end),
            _ => None,
        })
        .unwrap_or(0..0);
    let width = |s: &str| -> usize {
        s.chars()
            .map(|c| if c == '\t' { o.tab_width } else { 1 })
            .sum()
    };
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let end = &line[body.len()..];
        let inside = section.start <= at && at + body.len() <= section.end;
        at += line.len();
        match break_array_line(body, o) {
            Some(lines)
                if inside
                    && width(body) > o.print_width
                    && !theirs.contains(body.trim_end_matches(',')) =>
            {
                out.push_str(&lines.join(eol));
                out.push_str(end);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// `  "key": ["a", "b"],` as the lines of its broken form; `None` if the line isn't that.
fn break_array_line(line: &str, o: &crate::edit::prettier::Options) -> Option<Vec<String>> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let rest = line.trim_start();
    let (head, rest) = match rest.find('[') {
        Some(0) => ("", rest),
        Some(i) if rest[..i].trim_end().ends_with(':') => rest.split_at(i),
        _ => return None,
    };
    let (array, comma) = match rest.strip_suffix(',') {
        Some(a) => (a, ","),
        None => (rest, ""),
    };
    let items: Vec<Value> = serde_json::from_str(array).ok()?;
    if items.is_empty() || items.iter().any(|v| v.is_object() || v.is_array()) {
        return None;
    }
    let inner = format!("{indent}{}", o.indent_unit());
    let mut lines = vec![format!("{indent}{head}[")];
    let n = items.len();
    for (i, item) in items.iter().enumerate() {
        let sep = if i + 1 < n { "," } else { "" };
        lines.push(format!("{inner}{}{sep}", serde_json::to_string(item).ok()?));
    }
    lines.push(format!("{indent}]{comma}"));
    Some(lines)
}

/// The node at `path` (object keys, or array indices as decimal strings) under the root value.
fn node_at(root: &CstRootNode, path: &[&str]) -> Option<jsonc_parser::cst::CstNode> {
    let mut node = root.value()?;
    for part in path {
        node = if let Some(obj) = node.as_object() {
            obj.get(part)?.value()?
        } else if let Some(array) = node.as_array() {
            array.elements().into_iter().nth(part.parse().ok()?)?
        } else {
            return None;
        };
    }
    Some(node)
}

fn cst(text: &str) -> Result<CstRootNode, UserError> {
    CstRootNode::parse(text, &ParseOptions::default()).map_err(|e| parse_error(text, &e))
}

/// [`cst`] for an edit at `path`: no key on the way there, nor in the object there, may be
/// written twice.
fn cst_for(text: &str, path: &[&str]) -> Result<CstRootNode, UserError> {
    let root = cst(text)?;
    refuse_duplicates(text, &|p| {
        path.starts_with(p) || p.len() == path.len() + 1 && p.starts_with(path)
    })?;
    Ok(root)
}

/// A key written twice where the edit goes is an error at the second one: the Convex CLI reads
/// only the last, and the CST would edit the first.
fn refuse_duplicates(text: &str, in_scope: &dyn Fn(&[&str]) -> bool) -> Result<(), UserError> {
    let Some(d) = crate::edit::jsonc::duplicate_key(text, &ParseOptions::default(), in_scope)
    else {
        return Ok(());
    };
    let (line, _) = crate::error::line_col(text, d.first);
    Err(UserError::new(
        ErrorKind::Parse,
        format!(
            "`{}` appears twice in `{FILE}`; `npx convex dev` reads only the last one",
            d.path
        ),
    )
    .at(Location::at(FILE, text, d.second))
    .hint(format!(
        "keep one of them (the other is on line {line}), then run again; nothing was written"
    )))
}

fn missing(text: &str, path: &[&str], what: &str) -> UserError {
    UserError::new(
        ErrorKind::UnsupportedCode,
        format!("`{}` in `{FILE}` is not {what}", path.join(".")),
    )
    .at(Location::at(
        FILE,
        text,
        locate(text, &path.join(".")).unwrap_or(0),
    ))
}

/// The string at `path` (object keys, or array indices as decimal strings), if one is there.
pub fn string_at(text: &str, path: &[&str]) -> Option<String> {
    let root = CstRootNode::parse(text, &ParseOptions::default()).ok()?;
    node_at(&root, path)?.as_string_lit()?.decoded_value().ok()
}

/// `text` with the string at `path` (object keys, or array indices as decimal strings) set to
/// `value`; everything else (comments, order, indentation) is kept. Fails when no string is
/// there.
pub fn set_string(text: &str, path: &[&str], value: &str) -> Result<String, UserError> {
    let root = cst_for(text, path)?;
    let lit = node_at(&root, path)
        .and_then(|n| n.as_string_lit())
        .ok_or_else(|| missing(text, path, "a string"))?;
    if lit.decoded_value().ok().as_deref() == Some(value) {
        return Ok(text.to_string());
    }
    lit.replace_with(CstInputValue::String(value.to_string()));
    Ok(root.to_string())
}

/// `text` without the property (or array element) at `path`, its comma and its line; unchanged
/// when nothing is there.
pub fn remove(text: &str, path: &[&str]) -> Result<String, UserError> {
    let root = cst_for(text, path)?;
    let Some((last, parent)) = path.split_last() else {
        return Err(missing(text, path, "removable"));
    };
    let Some(parent) = node_at(&root, parent) else {
        return Ok(text.to_string());
    };
    if let Some(obj) = parent.as_object() {
        match obj.get(last) {
            Some(prop) => prop.remove(),
            None => return Ok(text.to_string()),
        }
    } else if let Some(array) = parent.as_array() {
        let index: usize = last
            .parse()
            .map_err(|_| missing(text, path, "an array index"))?;
        match array.elements().into_iter().nth(index) {
            Some(el) => el.remove(),
            None => return Ok(text.to_string()),
        }
    } else {
        return Err(missing(text, path, "in an object or an array"));
    }
    Ok(root.to_string())
}

/// `text` with `key` set to the string `value` in the object at `path`, unless `key` is there
/// already. Fails when no object is at `path`.
pub fn set_if_absent(
    text: &str,
    path: &[&str],
    key: &str,
    value: &str,
) -> Result<String, UserError> {
    let root = cst_for(text, path)?;
    let obj = node_at(&root, path)
        .and_then(|n| n.as_object())
        .ok_or_else(|| missing(text, path, "an object"))?;
    if obj.get(key).is_some() {
        return Ok(text.to_string());
    }
    obj.append(key, CstInputValue::String(value.to_string()));
    Ok(root.to_string())
}

/// Byte offset of the property at dotted `path`, for error positions.
pub fn locate(text: &str, path: &str) -> Option<usize> {
    let ast =
        jsonc_parser::parse_to_ast(text, &Default::default(), &ParseOptions::default()).ok()?;
    let mut value = ast.value?;
    let mut offset = None;
    for part in path.split('.') {
        let obj = match value {
            jsonc_parser::ast::Value::Object(o) => o,
            _ => return offset,
        };
        let prop = obj
            .properties
            .into_iter()
            .find(|p| p.name.as_str() == part)?;
        offset = Some(prop.range.start);
        value = prop.value;
    }
    offset
}

/// Checks the `authKit` section against the Convex CLI's rules.
pub fn validate(value: &Value) -> Vec<SchemaIssue> {
    let mut issues = Vec::new();
    let Some(auth_kit) = value.get("authKit") else {
        return issues;
    };
    let Some(obj) = auth_kit.as_object() else {
        issues.push(err("authKit", "Expected object"));
        return issues;
    };
    for (key, section) in obj {
        if !matches!(key.as_str(), "dev" | "preview" | "prod") {
            issues.push(unknown("authKit", key));
            continue;
        }
        let path = format!("authKit.{key}");
        let Some(section) = section.as_object() else {
            issues.push(err(&path, "Expected object"));
            continue;
        };
        for (field, v) in section {
            let fpath = format!("{path}.{field}");
            match field.as_str() {
                "environmentType" => {
                    if key != "prod" {
                        issues.push(err(&format!("{path}.environmentType"), "authKit.environmentType is only allowed in the prod section"));
                    } else if !matches!(v.as_str(), Some("development" | "staging" | "production")) {
                        issues.push(err(&fpath, "Invalid enum value. Expected 'development' | 'staging' | 'production'"));
                    }
                }
                "configure" => match v {
                    Value::Bool(false) => {}
                    Value::Object(c) => {
                        for (ck, cv) in c {
                            let cpath = format!("{fpath}.{ck}");
                            match ck.as_str() {
                                "redirectUris" | "corsOrigins" => {
                                    if !cv.as_array().is_some_and(|a| a.iter().all(Value::is_string)) {
                                        issues.push(err(&cpath, "Expected array of strings"));
                                    }
                                }
                                "appHomepageUrl" => {
                                    if !cv.is_string() {
                                        issues.push(err(&cpath, "Expected string"));
                                    }
                                }
                                other => issues.push(unknown(&fpath, other)),
                            }
                        }
                    }
                    _ => issues.push(err(&fpath, "Expected `false` or an object")),
                },
                "localEnvVars" => match v {
                    Value::Bool(false) => {}
                    Value::Object(vars) if key == "dev" => {
                        for (vk, vv) in vars {
                            if !vv.is_string() {
                                issues.push(err(&format!("{fpath}.{vk}"), "Expected string"));
                            }
                        }
                    }
                    Value::Object(_) => issues.push(err(
                        &fpath,
                        "authKit.localEnvVars is only supported for dev deployments. Preview and prod deployments must configure environment variables directly in the deployment platform.",
                    )),
                    _ => issues.push(err(&fpath, "Expected `false` or an object of strings")),
                },
                other => issues.push(unknown(&path, other)),
            }
        }
    }
    issues
}

fn err(path: &str, message: &str) -> SchemaIssue {
    SchemaIssue {
        path: path.into(),
        message: message.into(),
        is_error: true,
    }
}

fn unknown(path: &str, key: &str) -> SchemaIssue {
    SchemaIssue {
        path: path.into(),
        message: format!("Unknown property in `{path}`: `{key}`"),
        is_error: false,
    }
}

/// Rejects a result that the Convex CLI would refuse, naming the first bad path.
pub fn ensure_valid(text: &str) -> Result<Vec<SchemaIssue>, UserError> {
    ensure_valid_edit(None, text)
}

/// [`ensure_valid`] for an edit of `before`: the error points into `before`, the file the user
/// has (the edited text isn't on disk), where the bad value came from.
pub fn ensure_valid_edit(before: Option<&str>, text: &str) -> Result<Vec<SchemaIssue>, UserError> {
    let value = parse(text)?;
    let issues = validate(&value);
    if let Some(bad) = issues.iter().find(|i| i.is_error) {
        let shown = before.unwrap_or(text);
        let offset = locate(shown, &bad.path).unwrap_or(0);
        return Err(UserError::new(
            ErrorKind::Parse,
            format!("`{}` in `{FILE}`: {}", bad.path, bad.message),
        )
        .at(Location::at(FILE, shown, offset))
        .hint(format!("`npx convex dev` would refuse this file too; fix `{}` and run again; nothing was written", bad.path)));
    }
    Ok(issues.into_iter().filter(|i| !i.is_error).collect())
}

#[cfg(test)]
mod tests {

    #[test]
    fn path_edits_keep_the_rest_of_the_file() {
        let text = "{\n  // dev\n  \"authKit\": {\n    \"dev\": {\n      \"environmentType\": \"production\",\n      \"configure\": {\n        \"redirectUris\": [\"http://localhost:3000/callback\", \"http://localhost:4173/callback\"],\n        \"appHomepageUrl\": \"http://localhost:3000\"\n      }\n    },\n    \"prod\": {}\n  }\n}\n";
        let uris = ["authKit", "dev", "configure", "redirectUris", "0"];
        let out = set_string(text, &uris, "http://localhost:5173/callback").unwrap();
        assert_eq!(
            out,
            text.replace("localhost:3000/callback", "localhost:5173/callback")
        );
        assert_eq!(
            set_string(&out, &uris, "http://localhost:5173/callback").unwrap(),
            out
        );
        let out = remove(text, &["authKit", "dev", "environmentType"]).unwrap();
        assert_eq!(
            out,
            text.replace("      \"environmentType\": \"production\",\n", "")
        );
        assert_eq!(
            remove(&out, &["authKit", "dev", "environmentType"]).unwrap(),
            out
        );
        let out = remove(text, &["authKit", "dev", "configure", "redirectUris", "1"]).unwrap();
        assert!(
            out.contains("\"redirectUris\": [\"http://localhost:3000/callback\"],"),
            "{out}"
        );
        let out =
            set_if_absent(text, &["authKit", "prod"], "environmentType", "production").unwrap();
        assert!(
            out.contains("\"prod\": {\n      \"environmentType\": \"production\"\n    }"),
            "{out}"
        );
        assert_eq!(
            set_if_absent(&out, &["authKit", "prod"], "environmentType", "staging").unwrap(),
            out
        );
        assert!(set_string(text, &["authKit", "dev", "nothing"], "x").is_err());
        assert!(set_if_absent(text, &["authKit", "preview"], "k", "v").is_err());
    }

    use super::*;

    fn spec() -> AuthKitSpec {
        AuthKitSpec {
            dev: EnvSection {
                redirect_uris: vec!["http://localhost:5173/callback".into()],
                app_homepage_url: Some("http://localhost:5173".into()),
                cors_origins: vec!["http://localhost:5173".into()],
                local_env_vars: vec![
                    (
                        "VITE_WORKOS_CLIENT_ID".into(),
                        "${authEnv.WORKOS_CLIENT_ID}".into(),
                    ),
                    (
                        "VITE_WORKOS_REDIRECT_URI".into(),
                        "http://localhost:5173/callback".into(),
                    ),
                ],
                replace: vec![],
            },
            preview: None,
            prod: None,
        }
    }

    #[test]
    fn creates_template_shape() {
        let (text, kept) = edit(None, &spec()).unwrap();
        assert!(kept.is_empty());
        insta::assert_snapshot!(text, @r#"
        {
          "$schema": "./node_modules/convex/schemas/convex.schema.json",
          "authKit": {
            "dev": {
              "configure": {
                "redirectUris": ["http://localhost:5173/callback"],
                "appHomepageUrl": "http://localhost:5173",
                "corsOrigins": ["http://localhost:5173"]
              },
              "localEnvVars": {
                "VITE_WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
                "VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/callback"
              }
            }
          }
        }
        "#);
        assert!(ensure_valid(&text).unwrap().is_empty());
    }

    #[test]
    fn edits_keep_comments_and_are_idempotent() {
        let src = "{\n    // functions live here\n    \"functions\": \"convex/\", /* trailing */\n    \"node\": { \"externalPackages\": [\"sharp\"] }\n}\n";
        let (once, _) = edit(Some(src), &spec()).unwrap();
        assert!(once.contains("// functions live here"));
        assert!(once.contains("/* trailing */"));
        assert!(once.contains("\n        \"dev\": {"), "{once}");
        let (twice, _) = edit(Some(&once), &spec()).unwrap();
        assert_eq!(once, twice);
        insta::assert_snapshot!(once, @r#"
        {
            // functions live here
            "functions": "convex/", /* trailing */
            "node": { "externalPackages": ["sharp"] },
            "authKit": {
                "dev": {
                    "configure": {
                        "redirectUris": ["http://localhost:5173/callback"],
                        "appHomepageUrl": "http://localhost:5173",
                        "corsOrigins": ["http://localhost:5173"]
                    },
                    "localEnvVars": {
                        "VITE_WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
                        "VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/callback"
                    }
                }
            }
        }
        "#);
    }

    #[test]
    fn keeps_user_values_and_extra_uris() {
        let src = r#"{"authKit": {"dev": {"configure": {"redirectUris": ["http://localhost:5173/auth/cb"], "appHomepageUrl": "http://localhost:5173/home"}}}}"#;
        let (out, kept) = edit(Some(src), &spec()).unwrap();
        let v = parse(&out).unwrap();
        let uris = &v["authKit"]["dev"]["configure"]["redirectUris"];
        assert_eq!(uris.as_array().unwrap().len(), 2);
        assert_eq!(
            v["authKit"]["dev"]["configure"]["appHomepageUrl"],
            "http://localhost:5173/home"
        );
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].path, "authKit.dev.configure.appHomepageUrl");
    }

    #[test]
    fn stale_values_are_replaced_in_place() {
        let src = "{\n  \"authKit\": {\n    \"dev\": {\n      \"configure\": {\n        \"redirectUris\": [\"http://localhost:3000/callback\", \"http://localhost:4173/callback\"],\n        \"appHomepageUrl\": \"http://localhost:3000\",\n        \"corsOrigins\": [\"http://localhost:5173\", \"http://localhost:3000\"]\n      }\n    }\n  }\n}\n";
        let mut spec = spec();
        spec.dev.local_env_vars.clear();
        spec.dev.replace = vec![
            "http://localhost:3000/callback".into(),
            "http://localhost:3000".into(),
        ];
        let edited = edit_in_style(Some(src), &spec, None).unwrap();
        insta::assert_snapshot!(edited.text, @r#"
        {
          "authKit": {
            "dev": {
              "configure": {
                "redirectUris": ["http://localhost:5173/callback", "http://localhost:4173/callback"],
                "appHomepageUrl": "http://localhost:5173",
                "corsOrigins": ["http://localhost:5173"]
              }
            }
          }
        }
        "#);
        let replaced: Vec<_> = edited
            .replaced
            .iter()
            .map(|r| (r.path.as_str(), r.old.as_str(), r.new.as_deref()))
            .collect();
        assert_eq!(
            replaced,
            [
                (
                    "authKit.dev.configure.redirectUris",
                    "http://localhost:3000/callback",
                    Some("http://localhost:5173/callback")
                ),
                (
                    "authKit.dev.configure.appHomepageUrl",
                    "http://localhost:3000",
                    Some("http://localhost:5173")
                ),
                (
                    "authKit.dev.configure.corsOrigins",
                    "http://localhost:3000",
                    None
                ),
            ]
        );
        assert!(edited.kept.is_empty());
    }

    #[test]
    fn malformed_json_is_located() {
        let err = edit(Some("{\n  \"a\": 1,,\n}"), &spec()).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!(loc.line, 2);
        assert!(err.message.contains("not valid JSON"), "{}", err.message);
    }

    #[test]
    fn schema_rules_use_cli_wording() {
        let v: Value = serde_json::from_str(
            r#"{"authKit": {"dev": {"environmentType": "production"}, "prod": {"localEnvVars": {"A": "b"}, "extra": 1}, "staging": {}}}"#,
        )
        .unwrap();
        let issues = validate(&v);
        let msgs: Vec<_> = issues
            .iter()
            .map(|i| format!("{} {}: {}", i.is_error, i.path, i.message))
            .collect();
        insta::assert_debug_snapshot!(msgs, @r#"
        [
            "true authKit.dev.environmentType: authKit.environmentType is only allowed in the prod section",
            "true authKit.prod.localEnvVars: authKit.localEnvVars is only supported for dev deployments. Preview and prod deployments must configure environment variables directly in the deployment platform.",
            "false authKit.prod: Unknown property in `authKit.prod`: `extra`",
            "false authKit: Unknown property in `authKit`: `staging`",
        ]
        "#);
    }

    #[test]
    fn wrong_type_is_an_error_with_position() {
        let src = "{\n  \"authKit\": {\n    \"dev\": {\"configure\": {\"redirectUris\": \"nope\"}}\n  }\n}\n";
        let err = edit(Some(src), &spec()).unwrap_err();
        assert!(
            err.message.contains("authKit.dev.configure.redirectUris"),
            "{}",
            err.message
        );
        assert_eq!(err.location.unwrap().line, 3);
    }

    /// Found by the fuzzer: a key written twice had its first copy edited, which the Convex CLI
    /// ignores (it reads the last).
    #[test]
    fn duplicate_keys_on_the_edit_path_are_refused() {
        let text = "{\n  \"authKit\": {},\n  \"authKit\": {\"dev\": {}}\n}\n";
        let err = edit(Some(text), &spec()).unwrap_err();
        assert_eq!(
            err.message,
            "`authKit` appears twice in `convex.json`; `npx convex dev` reads only the last one"
        );
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.column), (3, 3));
        let nested = "{\"authKit\": {\"dev\": {\"configure\": {}, \"configure\": false}}}";
        assert!(edit(Some(nested), &spec()).is_err());
        assert!(set_string(nested, &["authKit", "dev", "configure", "x"], "v").is_err());
        // Elsewhere in the file they are the user's business.
        let elsewhere = "{\"node\": {\"a\": 1, \"a\": 2}}";
        assert!(edit(Some(elsewhere), &spec()).is_ok());
        assert!(set_if_absent(elsewhere, &[], "x", "y").is_ok());
    }

    /// Found by the fuzzer: with Prettier options, the user's own long arrays outside `authKit`
    /// were broken onto several lines too.
    #[test]
    fn prettier_breaks_only_the_arrays_init_wrote() {
        let o = crate::edit::prettier::Options {
            print_width: 40,
            ..Default::default()
        };
        let text =
            "{\n  \"externalPackages\": [\"aaaaaaaaaa\", \"bbbbbbbbbb\", \"cccccccccc\"]\n}\n";
        let out = edit_in_style(Some(text), &spec(), Some(&o)).unwrap().text;
        assert!(
            out.starts_with(
                "{\n  \"externalPackages\": [\"aaaaaaaaaa\", \"bbbbbbbbbb\", \"cccccccccc\"],\n"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "\"redirectUris\": [\n          \"http://localhost:5173/callback\"\n        ],"
            ),
            "{out}"
        );
    }

    #[test]
    fn long_arrays_break_like_prettier() {
        let o = crate::edit::prettier::Options {
            print_width: 50,
            ..Default::default()
        };
        let text = "{\n  \"node\": [\"a-long-package-name\", \"another-long-one\"],\n  \"authKit\": {\n    \"a\": [\"short\"],\n    \"redirectUris\": [\"https://example.com/callback\", \"x\"]\n  }\n}\n";
        // Only inside `authKit`: the rest of the file is the user's.
        insta::assert_snapshot!(break_long_arrays(text, "", &o), @r#"
        {
          "node": ["a-long-package-name", "another-long-one"],
          "authKit": {
            "a": ["short"],
            "redirectUris": [
              "https://example.com/callback",
              "x"
            ]
          }
        }
        "#);
    }
}
