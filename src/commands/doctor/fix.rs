//! Fixes as operations on file text, run by `--fix` (`apply.rs`).
//!
//! Each [`FixOp`] re-reads the current text of its file (the disk, or the result of an earlier
//! op in the same run), so several fixes to one file compose, and an op whose goal is already met
//! changes nothing (a second `--fix` writes 0 bytes). The ops only call the editors in
//! [`crate::edit`] (and the recipe's codemods, planned through the app model); the results are
//! re-parsed and written in one transaction by [`crate::files::apply_all`]: all files or none.

use jsonc_parser::ParseOptions;
use jsonc_parser::cst::{CstInputValue, CstRootNode};

use crate::edit::envfile::EnvFile;
use crate::edit::package_json::{self, DepChange, PackageJson};
use crate::edit::prettier::Options;
use crate::edit::style::Style;
use crate::frameworks::{Recipe, SourceFile};

/// One edit a fix makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixOp {
    /// Append a line to `.gitignore` (created if missing).
    GitignoreAdd(String),
    /// Pin the dev server to `port` in `file`, the recipe's way ([`Recipe::pin_port`]: the Vite
    /// config's `server.strictPort`, or `-p` in the `dev` script of `package.json` for Next.js).
    PinPort { file: String, port: u16 },
    /// Create `file` with `text` (nothing happens if it exists).
    CreateFile { file: String, text: String },
    /// Set `name` in the env file `file` to a fresh random secret (a 43-character cookie
    /// password), unless it already has a value. The value is never shown: diffs are masked.
    EnvGenerate { file: String, name: String },
    /// Put the `directive` (`use client`) at the top of the module `file`, in its quote and
    /// semicolon style, unless it has it.
    PrependDirective { file: String, directive: String },
    /// Append `value` to `authKit.<section>.configure.<key>` (an array), unless present.
    ConvexJsonAppend {
        section: String,
        key: &'static str,
        value: String,
    },
    /// Set `authKit.<section>.configure.<key>` (a string) when it is absent.
    ConvexJsonSetIfAbsent {
        section: String,
        key: &'static str,
        value: String,
    },
    /// Set `name=value` in the env file `file`.
    EnvSet {
        file: String,
        name: String,
        value: String,
    },
    /// Add dependencies to `package.json` (kept if already there).
    AddDeps(Vec<(String, String)>),
    /// Add the missing WorkOS providers to the auth config `file`.
    AddWorkosProviders { file: String },
    /// Create `file` with the two WorkOS providers (TypeScript if it ends in `.ts`).
    CreateAuthConfig { file: String },
    /// Rename every provider property `from` to `to` in the auth config `file`.
    RenameAuthConfigKey {
        file: String,
        from: String,
        to: String,
    },
    /// Remove `applicationID` from the `user_management` issuer's provider in `file`.
    RemoveUserManagementApplicationId { file: String },
    /// Add `applicationID` (the client ID of its JWKS URL) to the shared issuer's provider.
    AddRootApplicationId { file: String },
    /// Set the string at `path` (keys, or array indices) in `convex.json`.
    JsonSetString { path: Vec<String>, value: String },
    /// Replace `from` by `to` in the string at `path` in `convex.json`.
    JsonReplaceInString {
        path: Vec<String>,
        from: String,
        to: String,
    },
    /// Remove the property or element at `path` in `convex.json` (nothing if it is gone).
    JsonRemove { path: Vec<String> },
    /// Set `key` to the string `value` in the object at `path` in `convex.json`, unless set.
    JsonSetIfAbsent {
        path: Vec<String>,
        key: String,
        value: String,
    },
    /// Remove `name` from the env file `file`.
    EnvRemove { file: String, name: String },
    /// Rename `from` to `to` in the env file `file`, keeping the value (never shown); when `to`
    /// is set already, `from` is only removed.
    EnvRename {
        file: String,
        from: String,
        to: String,
    },
    /// Delete `file`.
    DeleteFile { file: String },
    /// A change a planner built from the file as it was read (`before`, `None`: absent): it
    /// applies only to that text, and is met when the file already reads `after`.
    Planned {
        file: String,
        before: Option<String>,
        after: String,
    },
    /// Set the dependency `name` to `range` in `package.json` (wherever it is declared).
    SetDep { name: String, range: String },
}

impl FixOp {
    pub fn file(&self) -> &str {
        match self {
            FixOp::GitignoreAdd(_) => ".gitignore",
            FixOp::PinPort { file, .. }
            | FixOp::CreateFile { file, .. }
            | FixOp::EnvGenerate { file, .. }
            | FixOp::PrependDirective { file, .. }
            | FixOp::EnvSet { file, .. }
            | FixOp::AddWorkosProviders { file }
            | FixOp::CreateAuthConfig { file }
            | FixOp::RenameAuthConfigKey { file, .. }
            | FixOp::RemoveUserManagementApplicationId { file }
            | FixOp::AddRootApplicationId { file }
            | FixOp::EnvRemove { file, .. }
            | FixOp::EnvRename { file, .. }
            | FixOp::DeleteFile { file }
            | FixOp::Planned { file, .. } => file,
            FixOp::ConvexJsonAppend { .. }
            | FixOp::ConvexJsonSetIfAbsent { .. }
            | FixOp::JsonSetString { .. }
            | FixOp::JsonReplaceInString { .. }
            | FixOp::JsonRemove { .. }
            | FixOp::JsonSetIfAbsent { .. } => crate::edit::convex_json::FILE,
            FixOp::AddDeps(_) | FixOp::SetDep { .. } => package_json::FILE,
        }
    }

    /// The new text of the file from its current text (`None`: it doesn't exist, or the op
    /// deletes it). `prettier`: the app's Prettier options, which the code a fix writes follows.
    pub fn apply(
        &self,
        current: Option<&str>,
        recipe: &dyn Recipe,
        prettier: Option<&Options>,
    ) -> Result<Option<String>, String> {
        let rel = self.file();
        let json = || current.ok_or_else(|| "`convex.json` is gone".to_string());
        let edited =
            |r: Result<String, crate::error::UserError>| r.map(Some).map_err(|e| e.message);
        match self {
            FixOp::JsonSetString { path: p, value } => edited(
                crate::edit::convex_json::set_string(json()?, &path(p), value),
            ),
            FixOp::JsonReplaceInString { path: p, from, to } => {
                let text = json()?;
                let value = crate::edit::convex_json::string_at(text, &path(p))
                    .ok_or_else(|| format!("no string at `{}`", p.join(".")))?;
                edited(crate::edit::convex_json::set_string(
                    text,
                    &path(p),
                    &value.replace(from.as_str(), to),
                ))
            }
            FixOp::JsonRemove { path: p } => {
                edited(crate::edit::convex_json::remove(json()?, &path(p)))
            }
            FixOp::JsonSetIfAbsent {
                path: p,
                key,
                value,
            } => edited(crate::edit::convex_json::set_if_absent(
                json()?,
                &path(p),
                key,
                value,
            )),
            FixOp::EnvRemove { name, .. } => {
                let Some(text) = current else { return Ok(None) };
                let mut env = EnvFile::parse(text).map_err(|e| e.to_string())?;
                env.remove(name);
                Ok(Some(env.render()))
            }
            FixOp::EnvRename { from, to, .. } => {
                let text = current.ok_or("the env file is gone")?;
                let mut env = EnvFile::parse(text).map_err(|e| e.to_string())?;
                if env.get(from).is_none() {
                    return Ok(Some(text.to_string()));
                }
                if env.get(to).is_none() {
                    env.rename(from, to);
                } else {
                    env.remove(from);
                }
                Ok(Some(env.render()))
            }
            FixOp::DeleteFile { .. } => Ok(None),
            FixOp::Planned { before, after, .. } => match current {
                Some(c) if c == after => Ok(Some(after.clone())),
                c if c == before.as_deref() => Ok(Some(after.clone())),
                _ => Err(format!("`{rel}` changed since it was read")),
            },
            FixOp::SetDep { name, range } => {
                let text = current.ok_or("`package.json` is gone")?;
                let pkg = PackageJson::parse(rel, text.to_string()).map_err(|e| e.message)?;
                let from = pkg.dep(name).map(str::to_string);
                if from.as_deref() == Some(range.as_str()) {
                    return Ok(Some(text.to_string()));
                }
                let change = DepChange {
                    name: name.clone(),
                    range: range.clone(),
                    from,
                };
                edited(package_json::apply_dep_changes(text, &[change]))
            }
            FixOp::RemoveUserManagementApplicationId { .. } => {
                let text = current.ok_or("the auth config is gone")?;
                edited(crate::edit::auth_config::remove_user_management_application_id(rel, text))
            }
            FixOp::AddRootApplicationId { .. } => {
                let text = current.ok_or("the auth config is gone")?;
                edited(crate::edit::auth_config::add_root_application_id(rel, text))
            }
            other => other.apply_text(current, recipe, prettier).map(Some),
        }
    }

    /// The ops that always leave a file behind.
    fn apply_text(
        &self,
        current: Option<&str>,
        recipe: &dyn Recipe,
        prettier: Option<&Options>,
    ) -> Result<String, String> {
        let rel = self.file();
        match self {
            FixOp::GitignoreAdd(line) => Ok(crate::edit::gitignore::add_entry(current, line)),
            FixOp::CreateFile { text, .. } => Ok(current.unwrap_or(text).to_string()),
            FixOp::EnvGenerate { name, .. } => {
                let mut env = EnvFile::parse(current.unwrap_or("")).map_err(|e| e.to_string())?;
                if env.get(name).is_some_and(|e| !e.value.trim().is_empty()) {
                    return Ok(current.unwrap_or("").to_string());
                }
                let secret = crate::workos::cookie_password().map_err(|e| e.to_string())?;
                env.set(name, &secret);
                Ok(env.render())
            }
            FixOp::PrependDirective { directive, .. } => {
                let text = current.ok_or("the file is gone")?;
                let present = crate::edit::js::with_program(rel, text, |p| {
                    p.directives
                        .iter()
                        .any(|d| d.expression.value == directive.as_str())
                })
                .map_err(|e| e.message)?;
                if present {
                    return Ok(text.to_string());
                }
                let style = Style::detect(text);
                let bom = if text.starts_with('\u{feff}') {
                    "\u{feff}"
                } else {
                    ""
                };
                Ok(format!(
                    "{bom}{}{}{eol}{eol}{}",
                    style.string(directive),
                    style.semi(),
                    &text[bom.len()..],
                    eol = style.eol
                ))
            }
            FixOp::PinPort { port, .. } => {
                let text = current.ok_or("the file to pin the port in is gone")?;
                let file = SourceFile {
                    rel: rel.to_string(),
                    text: text.to_string(),
                };
                recipe
                    .pin_port(&file, *port, prettier)
                    .map_err(|e| e.message)
            }
            FixOp::ConvexJsonAppend {
                section,
                key,
                value,
            } => edit_configure(current, section, prettier, |configure| {
                let array = match configure.get(key) {
                    None => configure.array_value_or_set(key),
                    Some(p) => p.array_value().ok_or("not an array")?,
                };
                let present = array.elements().iter().any(|e| {
                    e.to_serde_value()
                        .is_some_and(|v| v.as_str() == Some(value.as_str()))
                });
                if !present {
                    array.append(CstInputValue::String(value.clone()));
                }
                Ok(())
            }),
            FixOp::ConvexJsonSetIfAbsent {
                section,
                key,
                value,
            } => edit_configure(current, section, prettier, |configure| {
                if configure.get(key).is_none() {
                    configure.append(key, CstInputValue::String(value.clone()));
                }
                Ok(())
            }),
            FixOp::EnvSet { name, value, .. } => {
                let mut env = EnvFile::parse(current.unwrap_or("")).map_err(|e| e.to_string())?;
                if env.get(name).is_some_and(|e| &e.value == value) {
                    return Ok(current.unwrap_or("").to_string());
                }
                env.set(name, value);
                Ok(env.render())
            }
            FixOp::AddDeps(deps) => {
                let text = current.ok_or("`package.json` is gone")?;
                let pkg = PackageJson::parse(rel, text.to_string()).map_err(|e| e.message)?;
                let changes: Vec<DepChange> = deps
                    .iter()
                    .filter(|(n, _)| !pkg.has_dep(n))
                    .map(|(n, r)| DepChange {
                        name: n.clone(),
                        range: r.clone(),
                        from: None,
                    })
                    .collect();
                if changes.is_empty() {
                    return Ok(text.to_string());
                }
                package_json::apply_dep_changes(text, &changes).map_err(|e| e.message)
            }
            FixOp::AddWorkosProviders { .. } => {
                let text = current.ok_or("the auth config is gone")?;
                crate::edit::auth_config::add_workos(rel, text, prettier).map_err(|e| e.message)
            }
            FixOp::CreateAuthConfig { .. } => match current {
                Some(text) => Ok(text.to_string()),
                None => Ok(crate::edit::auth_config::new_file(
                    rel.ends_with(".ts"),
                    &Style::default().with_prettier(prettier),
                )),
            },
            FixOp::RenameAuthConfigKey { from, to, .. } => {
                let text = current.ok_or("the auth config is gone")?;
                let cfg = crate::edit::auth_config::read(rel, text, None).map_err(|e| e.message)?;
                let mut spans: Vec<std::ops::Range<usize>> = cfg
                    .providers
                    .objects()
                    .flat_map(|p| &p.props)
                    .filter(|p| &p.key == from)
                    .map(|p| p.key_span.clone())
                    .collect();
                // One object can be listed twice through a `const`.
                spans.sort_by_key(|s| s.start);
                spans.dedup();
                let edits: Vec<crate::edit::Edit> = spans
                    .into_iter()
                    .map(|span| {
                        let quote = text.get(span.clone()).and_then(|k| k.get(..1));
                        let new = match quote {
                            Some(q @ ("\"" | "'")) => format!("{q}{to}{q}"),
                            _ => to.clone(),
                        };
                        crate::edit::Edit::replace(span, new)
                    })
                    .collect();
                crate::edit::apply(text, &edits)
            }
            FixOp::RemoveUserManagementApplicationId { .. }
            | FixOp::AddRootApplicationId { .. }
            | FixOp::JsonSetString { .. }
            | FixOp::JsonReplaceInString { .. }
            | FixOp::JsonRemove { .. }
            | FixOp::JsonSetIfAbsent { .. }
            | FixOp::EnvRemove { .. }
            | FixOp::EnvRename { .. }
            | FixOp::DeleteFile { .. }
            | FixOp::Planned { .. }
            | FixOp::SetDep { .. } => Err("not a text op".into()),
        }
    }
}

/// A JSON path as the editors take it.
fn path(p: &[String]) -> Vec<&str> {
    p.iter().map(String::as_str).collect()
}

fn edit_configure(
    current: Option<&str>,
    section: &str,
    prettier: Option<&Options>,
    f: impl FnOnce(&jsonc_parser::cst::CstObject) -> Result<(), &'static str>,
) -> Result<String, String> {
    let text = current.ok_or("`convex.json` is gone")?;
    let root = CstRootNode::parse(text, &ParseOptions::default()).map_err(|e| e.to_string())?;
    let configure = root
        .object_value()
        .and_then(|o| o.object_value("authKit"))
        .and_then(|o| o.object_value(section))
        .and_then(|o| o.object_value("configure"))
        .ok_or("no `configure` object")?;
    f(&configure).map_err(str::to_string)?;
    let out = root.to_string();
    Ok(match prettier {
        Some(o) => crate::edit::convex_json::break_long_arrays(&out, text, o),
        None => out,
    })
}

/// Refuses content that no longer parses (the same check init runs before writing).
pub fn validate(rel: &str, text: &str) -> Result<(), String> {
    if rel == package_json::FILE {
        PackageJson::parse(rel, text.to_string()).map_err(|e| e.message)?;
    } else if rel.ends_with(".json") {
        crate::edit::convex_json::parse(text).map_err(|e| e.message)?;
    } else if [".ts", ".tsx", ".js", ".jsx", ".mjs", ".mts", ".cjs", ".cts"]
        .iter()
        .any(|e| rel.ends_with(e))
    {
        crate::edit::js::check_parses(rel, text).map_err(|e| e.message)?;
    } else if rel
        .rsplit('/')
        .next()
        .is_some_and(|n| n.starts_with(".env"))
    {
        EnvFile::parse(text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frameworks::react_vite::ReactVite;

    #[test]
    fn ops_are_idempotent() {
        let json = "{\n  \"authKit\": {\n    \"dev\": {\n      \"configure\": {\n        \"redirectUris\": [\"http://localhost:5173/callback\"]\n      }\n    }\n  }\n}\n";
        let op = FixOp::ConvexJsonAppend {
            section: "dev".into(),
            key: "corsOrigins",
            value: "http://localhost:5173".into(),
        };
        let once = op.apply(Some(json), &ReactVite, None).unwrap().unwrap();
        assert!(
            once.contains("\"corsOrigins\": [\"http://localhost:5173\"]"),
            "{once}"
        );
        assert_eq!(
            op.apply(Some(&once), &ReactVite, None).unwrap().unwrap(),
            once
        );
        let op = FixOp::GitignoreAdd(".env.local".into());
        let g = op
            .apply(Some("node_modules"), &ReactVite, None)
            .unwrap()
            .unwrap();
        assert_eq!(g, "node_modules\n.env.local\n");
        assert_eq!(op.apply(Some(&g), &ReactVite, None).unwrap().unwrap(), g);
    }

    /// In an app that uses Prettier, the code a fix writes is Prettier's.
    #[test]
    fn fixes_follow_the_apps_prettier_options() {
        let options = Options {
            single_quote: true,
            semi: false,
            print_width: 60,
            ..Options::default()
        };
        let op = FixOp::CreateAuthConfig {
            file: "convex/auth.config.ts".into(),
        };
        let created = op.apply(None, &ReactVite, Some(&options)).unwrap().unwrap();
        assert!(
            created.starts_with("import type { AuthConfig } from 'convex/server'\n"),
            "{created}"
        );
        assert!(
            created.contains("      applicationID: clientId,\n"),
            "{created}"
        );
        let op = FixOp::ConvexJsonAppend {
            section: "prod".into(),
            key: "redirectUris",
            value: "https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}/callback".into(),
        };
        let json = "{\n  \"authKit\": {\n    \"prod\": {\n      \"configure\": {}\n    }\n  }\n}\n";
        let out = op
            .apply(Some(json), &ReactVite, Some(&options))
            .unwrap()
            .unwrap();
        assert!(
            out.contains("\"redirectUris\": [\n          \"https://"),
            "{out}"
        );
    }
}
