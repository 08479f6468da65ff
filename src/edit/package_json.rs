//! Reading `package.json` and adding dependencies to it losslessly.

use jsonc_parser::ParseOptions;
use jsonc_parser::cst::{CstInputValue, CstRootNode};
use serde_json::Value;

use crate::error::{ErrorKind, Location, UserError};

pub const FILE: &str = "package.json";

#[derive(Debug, Clone)]
pub struct PackageJson {
    pub text: String,
    pub value: Value,
}

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

impl PackageJson {
    /// Parses strictly, as npm does: comments or trailing commas are errors with a position. A
    /// leading UTF-8 BOM is skipped, as npm does; `text` keeps it (edits preserve it).
    pub fn parse(display: &str, text: String) -> Result<Self, UserError> {
        let body = strip_bom(&text);
        let root = CstRootNode::parse(body, &strict()).map_err(|e| {
            UserError::new(
                ErrorKind::Parse,
                format!("`{display}` is not valid JSON: {}", e.kind()),
            )
            .at(Location::at(
                display,
                &text,
                e.range().start + (text.len() - body.len()),
            ))
            .hint(format!(
                "npm can't read it either; fix `{display}` and run again; nothing was written"
            ))
        })?;
        let value = root.to_serde_value().unwrap_or(Value::Null);
        if !value.is_object() {
            return Err(UserError::new(
                ErrorKind::Parse,
                format!("`{display}` must contain a JSON object"),
            )
            .at(Location::at(display, &text, 0)));
        }
        Ok(PackageJson { text, value })
    }

    /// The range of `name` in `dependencies` or `devDependencies`.
    pub fn dep(&self, name: &str) -> Option<&str> {
        ["dependencies", "devDependencies"]
            .iter()
            .find_map(|section| self.value.get(section)?.get(name)?.as_str())
    }

    pub fn has_dep(&self, name: &str) -> bool {
        self.dep(name).is_some()
    }

    pub fn script(&self, name: &str) -> Option<&str> {
        self.value.get("scripts")?.get(name)?.as_str()
    }

    pub fn script_names(&self) -> Vec<String> {
        self.value
            .get("scripts")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// `packageManager`, e.g. `pnpm@9.1.0` → `pnpm`.
    pub fn package_manager_field(&self) -> Option<&str> {
        let pm = self.value.get("packageManager")?.as_str()?;
        Some(pm.split('@').next().unwrap_or(pm))
    }
}

const BOM: &str = "\u{feff}";

/// `text` without a leading UTF-8 BOM.
fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// A dependency change init wants.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DepChange {
    pub name: String,
    pub range: String,
    /// The range it replaces, for a version bump.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

/// Adds each dependency to `dependencies` (sorted position if the section is sorted), or updates
/// its range when `from` is set. Returns the new text.
///
/// A dependency already in the section gets the new range in place (never a second key), so
/// applying the same changes twice changes nothing. A section that isn't an object, or a key
/// written twice where the edit goes, is an error: npm reads only the last of two keys.
pub fn apply_dep_changes(text: &str, changes: &[DepChange]) -> Result<String, UserError> {
    apply_in_section(text, "dependencies", changes)
}

/// [`apply_dep_changes`] for `devDependencies`: tools and types the app needs only to build.
pub fn apply_dev_dep_changes(text: &str, changes: &[DepChange]) -> Result<String, UserError> {
    apply_in_section(text, "devDependencies", changes)
}

fn apply_in_section(text: &str, section: &str, changes: &[DepChange]) -> Result<String, UserError> {
    let (bom, body, root) = edit_root(text, &|p| {
        matches!(p.first(), Some(&("dependencies" | "devDependencies"))) && p.len() <= 2
    })?;
    let top = root_object(&root, text)?;
    for change in changes {
        if change.from.is_some() {
            for section in ["dependencies", "devDependencies"] {
                if let Some(prop) = top.object_value(section).and_then(|o| o.get(&change.name)) {
                    prop.set_value(CstInputValue::String(change.range.clone()));
                }
            }
            continue;
        }
        let deps = match top.get(section) {
            None => top.object_value_or_set(section),
            Some(prop) => prop
                .object_value()
                .ok_or_else(|| not_an_object(text, body, section))?,
        };
        if let Some(prop) = deps.get(&change.name) {
            if prop.to_serde_value().as_ref().and_then(Value::as_str) != Some(&change.range) {
                prop.set_value(CstInputValue::String(change.range.clone()));
            }
            continue;
        }
        let names: Vec<String> = deps
            .properties()
            .iter()
            .filter_map(|p| p.name()?.decoded_value().ok())
            .collect();
        let sorted = names.windows(2).all(|w| w[0] <= w[1]);
        let value = CstInputValue::String(change.range.clone());
        match names.iter().position(|n| n.as_str() > change.name.as_str()) {
            Some(index) if sorted => {
                deps.insert(index, &change.name, value);
            }
            _ => {
                deps.append(&change.name, value);
            }
        }
    }
    Ok(format!("{bom}{root}"))
}

/// `text` with `scripts.<name>` set to `value` (the script must exist; nothing else changes).
pub fn set_script(text: &str, name: &str, value: &str) -> Result<String, UserError> {
    let (bom, _, root) = edit_root(text, &|p| p.first() == Some(&"scripts") && p.len() <= 2)?;
    let prop = root
        .object_value()
        .and_then(|top| top.object_value("scripts"))
        .and_then(|scripts| scripts.get(name))
        .ok_or_else(|| {
            UserError::new(
                ErrorKind::Project,
                format!("`{FILE}` has no `scripts.{name}` to edit"),
            )
        })?;
    prop.set_value(CstInputValue::String(value.to_string()));
    Ok(format!("{bom}{root}"))
}

/// The BOM, the text after it and its CST, for an edit whose objects `in_scope` accepts: a key
/// written twice in one of them is an error at the second.
fn edit_root<'t>(
    text: &'t str,
    in_scope: &dyn Fn(&[&str]) -> bool,
) -> Result<(&'static str, &'t str, CstRootNode), UserError> {
    let bom = if text.starts_with(BOM) { BOM } else { "" };
    let body = strip_bom(text);
    let root = CstRootNode::parse(body, &strict()).map_err(|e| {
        UserError::new(
            ErrorKind::Parse,
            format!("`{FILE}` is not valid JSON: {}", e.kind()),
        )
        .at(Location::at(FILE, text, e.range().start + bom.len()))
    })?;
    if let Some(d) = crate::edit::jsonc::duplicate_key(body, &strict(), in_scope) {
        let (line, _) = crate::error::line_col(text, d.first + bom.len());
        return Err(UserError::new(
            ErrorKind::Parse,
            format!(
                "`{}` appears twice in `{FILE}`; npm reads only the last one",
                d.path
            ),
        )
        .at(Location::at(FILE, text, d.second + bom.len()))
        .hint(format!(
            "keep one of them (the other is on line {line}), then run again; nothing was written"
        )));
    }
    Ok((bom, body, root))
}

fn root_object(root: &CstRootNode, text: &str) -> Result<jsonc_parser::cst::CstObject, UserError> {
    match root.value() {
        None => Ok(root.object_value_or_set()),
        Some(_) => root.object_value().ok_or_else(|| {
            UserError::new(
                ErrorKind::Parse,
                format!("`{FILE}` must contain a JSON object"),
            )
            .at(Location::at(FILE, text, 0))
        }),
    }
}

fn not_an_object(text: &str, body: &str, key: &str) -> UserError {
    let offset =
        crate::edit::convex_json::locate(body, key).unwrap_or(0) + (text.len() - body.len());
    UserError::new(
        ErrorKind::Parse,
        format!("`{key}` in `{FILE}` must be an object"),
    )
    .at(Location::at(FILE, text, offset))
    .hint(format!(
        "fix `{key}` by hand and run again; nothing was written"
    ))
}

/// The lowest version a simple npm range allows (`^1.2.3`, `~1.2`, `>=1.2.3`, `1.2.3`).
/// `None` for ranges it can't read (`latest`, `workspace:*`, unions): those are left alone.
pub fn min_version(range: &str) -> Option<(u64, u64, u64)> {
    let r = range.trim();
    if r.contains("||") || r.contains(' ') && !r.starts_with(">=") {
        return None;
    }
    let r = r.trim_start_matches(['^', '~', '>', '=', 'v', ' ']);
    let mut parts = r.split(['.', '-', '+']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    let patch = parts
        .next()
        .map_or(Some(0), |p| p.parse().ok())
        .unwrap_or(0);
    Some((major, minor, patch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_dependencies_get_their_own_section() {
        let src = "{\n  \"dependencies\": { \"convex\": \"^1.49.0\" },\n  \"devDependencies\": {\n    \"typescript\": \"^6.0.3\"\n  }\n}\n";
        let change = DepChange {
            name: "@types/node".into(),
            range: "^24.13.3".into(),
            from: None,
        };
        let out = apply_dev_dep_changes(src, &[change]).unwrap();
        let pkg = PackageJson::parse("package.json", out.clone()).unwrap();
        assert_eq!(pkg.dep("@types/node"), Some("^24.13.3"));
        assert!(
            out.find("@types/node").unwrap() > out.find("devDependencies").unwrap(),
            "{out}"
        );
        assert!(
            out.contains("\"dependencies\": { \"convex\": \"^1.49.0\" }"),
            "{out}"
        );
    }

    #[test]
    fn inserts_sorted_and_keeps_indent() {
        let src = "{\n    \"name\": \"app\",\n    \"dependencies\": {\n        \"convex\": \"^1.49.0\",\n        \"react\": \"^19.0.0\"\n    }\n}\n";
        let out = apply_dep_changes(
            src,
            &[
                DepChange {
                    name: "@workos-inc/authkit-react".into(),
                    range: "^0.16.2".into(),
                    from: None,
                },
                DepChange {
                    name: "@convex-dev/workos".into(),
                    range: "^0.0.3".into(),
                    from: None,
                },
            ],
        )
        .unwrap();
        insta::assert_snapshot!(out, @r#"
        {
            "name": "app",
            "dependencies": {
                "@convex-dev/workos": "^0.0.3",
                "@workos-inc/authkit-react": "^0.16.2",
                "convex": "^1.49.0",
                "react": "^19.0.0"
            }
        }
        "#);
    }

    #[test]
    fn bom_is_skipped_for_reading_and_kept_by_edits() {
        let src = "\u{feff}{\n  \"name\": \"app\",\n  \"dependencies\": {\n    \"react\": \"^19.0.0\"\n  }\n}\n";
        let pkg = PackageJson::parse("package.json", src.into()).unwrap();
        assert_eq!(pkg.text, src);
        assert!(pkg.has_dep("react"));
        let out = apply_dep_changes(
            src,
            &[DepChange {
                name: "convex".into(),
                range: "^1.31.6".into(),
                from: None,
            }],
        )
        .unwrap();
        assert!(out.starts_with('\u{feff}'), "{out:?}");
        assert_eq!(out.matches('\u{feff}').count(), 1);
        assert!(out.contains("\"convex\": \"^1.31.6\""), "{out}");
        assert!(
            PackageJson::parse("package.json", out)
                .unwrap()
                .has_dep("convex")
        );
    }

    #[test]
    fn strict_parse_reports_position() {
        let err =
            PackageJson::parse("package.json", "{\n  \"name\": \"x\",\n}\n".into()).unwrap_err();
        // The trailing comma on line 2 is what strict JSON rejects.
        assert_eq!(err.location.unwrap().line, 2);
    }

    #[test]
    fn sets_one_script_and_nothing_else() {
        let src = "{\n  \"scripts\": {\n    \"dev\": \"convex dev --start 'next dev'\",\n    \"build\": \"next build\"\n  }\n}\n";
        let out = set_script(src, "dev", "convex dev --start 'next dev -p 3000'").unwrap();
        insta::assert_snapshot!(out, @r#"
        {
          "scripts": {
            "dev": "convex dev --start 'next dev -p 3000'",
            "build": "next build"
          }
        }
        "#);
        assert!(set_script(src, "start", "x").is_err());
    }

    #[test]
    fn dep_changes_are_idempotent_and_refuse_ambiguous_files() {
        // Found by the fuzzer: a second application added every dependency again.
        let text = "{\n  \"dependencies\": {\n    \"convex\": \"^1.0.0\"\n  }\n}\n";
        let change = |name: &str, range: &str| DepChange {
            name: name.into(),
            range: range.into(),
            from: None,
        };
        let changes = [
            change("@convex-dev/workos", "^0.0.3"),
            change("convex", "^1.31.6"),
        ];
        let once = apply_dep_changes(text, &changes).unwrap();
        assert_eq!(
            once,
            "{\n  \"dependencies\": {\n    \"@convex-dev/workos\": \"^0.0.3\",\n    \"convex\": \"^1.31.6\"\n  }\n}\n"
        );
        assert_eq!(apply_dep_changes(&once, &changes).unwrap(), once);
        // A `dependencies` that isn't an object was replaced by one (the user's value lost).
        let err = apply_dep_changes("{\n  \"dependencies\": [\"a\"]\n}", &changes).unwrap_err();
        assert_eq!(
            err.message,
            "`dependencies` in `package.json` must be an object"
        );
        assert_eq!(err.location.unwrap().line, 2);
        // Two `dependencies`: npm reads the last, the CST edited the first.
        let twice = "{\n  \"dependencies\": {},\n  \"dependencies\": {\"zod\": \"^3\"}\n}";
        let err = apply_dep_changes(twice, &changes).unwrap_err();
        assert_eq!(
            err.message,
            "`dependencies` appears twice in `package.json`; npm reads only the last one"
        );
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.column), (3, 3));
        assert!(
            set_script(
                "\u{feff}{\"scripts\": {\"dev\": \"a\", \"dev\": \"b\"}}",
                "dev",
                "c"
            )
            .is_err()
        );
    }

    #[test]
    fn min_versions() {
        assert_eq!(min_version("^1.31.6"), Some((1, 31, 6)));
        assert_eq!(min_version("~1.2"), Some((1, 2, 0)));
        assert_eq!(min_version(">=1.0.0"), Some((1, 0, 0)));
        assert_eq!(min_version("latest"), None);
        assert_eq!(min_version("workspace:*"), None);
        assert_eq!(min_version("^1.0.0 || ^2.0.0"), None);
    }
}
