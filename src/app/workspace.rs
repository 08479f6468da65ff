//! The workspace around an app, and where its Convex project is.
//!
//! In a monorepo the frontend (`apps/web`) and the Convex functions (`packages/backend/convex`)
//! often live in different packages. `npx convex dev` reads `convex.json` and the functions in
//! the folder it runs in, so that folder is the Convex project, and the backend edits
//! (`convex.json`, `auth.config`) belong there. It is found, in this order: `--convex-dir`; the
//! app's `dev` script, where it runs `convex dev` (`cd ../../packages/backend && convex dev`) or
//! a script of another folder or workspace package that does (`npm --prefix`, `npm -w`,
//! `pnpm -C`/`--filter`, `yarn workspace`/`--cwd`); the app itself when it has `convex.json` or
//! a `convex/` folder; else the one workspace package (`pnpm-workspace.yaml`, `workspaces` in
//! `package.json`) that depends on `convex` and has its functions folder. Several such packages
//! are a question only the user can answer: the reading stops and names them. With none, the
//! app itself is the project, as `npx convex dev` run there would make it.

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::edit::package_json::{self, PackageJson};
use crate::error::{ErrorKind, UserError};
use crate::frameworks::scripts;

/// At most this many workspace packages are read.
const MAX_PACKAGES: usize = 200;

/// A package of the workspace.
#[derive(Debug, Clone)]
pub struct Package {
    pub dir: PathBuf,
    pub pkg: PackageJson,
}

impl Package {
    pub fn name(&self) -> Option<&str> {
        self.pkg.value.get("name").and_then(Value::as_str)
    }
}

/// The Convex project's folder, relative to the app (`""`: the app), and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvexProject {
    pub dir: String,
    pub found: String,
}

impl ConvexProject {
    fn here(found: &str) -> ConvexProject {
        ConvexProject {
            dir: String::new(),
            found: found.to_string(),
        }
    }
}

/// The folder holding the workspace's root `package.json` or `pnpm-workspace.yaml` at or above
/// `start` (inside `git_root` when there is one, never above the home folder, at most five
/// folders up), and its package globs.
pub fn root(start: &Path, git_root: Option<&Path>) -> Option<(PathBuf, Vec<String>)> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    for dir in start.ancestors().take(6) {
        if home
            .as_deref()
            .is_some_and(|h| h.starts_with(dir) && h != dir)
        {
            break;
        }
        if git_root.is_some_and(|g| !dir.starts_with(g)) {
            break;
        }
        if let Ok(text) = fs_err::read_to_string(dir.join("pnpm-workspace.yaml")) {
            return Some((dir.to_path_buf(), pnpm_globs(&text)));
        }
        if let Ok(text) = fs_err::read_to_string(dir.join(package_json::FILE))
            && let Ok(pkg) = PackageJson::parse(package_json::FILE, text)
        {
            let globs = match pkg.value.get("workspaces") {
                Some(Value::Array(a)) => Some(a),
                Some(Value::Object(o)) => o.get("packages").and_then(Value::as_array),
                _ => None,
            };
            if let Some(globs) = globs {
                let globs = globs.iter().filter_map(Value::as_str).map(str::to_string);
                return Some((dir.to_path_buf(), globs.collect()));
            }
        }
        if git_root == Some(dir) {
            break;
        }
    }
    None
}

/// `packages:` of a `pnpm-workspace.yaml` (its list items; the rest of the file is ignored).
fn pnpm_globs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if !line.starts_with([' ', '\t', '-']) && !trimmed.is_empty() {
            inside = trimmed.starts_with("packages:");
            continue;
        }
        if let Some(item) = trimmed.strip_prefix('-').filter(|_| inside) {
            let item = item.split(" #").next().unwrap_or(item).trim();
            out.push(item.trim_matches(['"', '\'']).to_string());
        }
    }
    out
}

/// The packages the globs name (`dir/*`, `dir/**`, exact folders; `!` excludes), by folder.
pub fn packages(root: &Path, globs: &[String]) -> Vec<Package> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for glob in globs.iter().filter(|g| !g.starts_with('!')) {
        let glob = glob.trim_start_matches("./").trim_end_matches('/');
        if let Some(base) = glob.strip_suffix("/**") {
            collect(&root.join(base), 3, &mut dirs);
        } else if let Some(base) = glob.strip_suffix("/*") {
            collect(&root.join(base), 1, &mut dirs);
        } else if !glob.contains('*') {
            dirs.push(root.join(glob));
        }
    }
    let excluded: Vec<PathBuf> = globs
        .iter()
        .filter_map(|g| g.strip_prefix('!'))
        .map(|g| root.join(g.trim_start_matches("./").trim_end_matches(['/', '*'])))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs.into_iter()
        .filter(|d| !excluded.iter().any(|e| d.starts_with(e)))
        .take(MAX_PACKAGES)
        .filter_map(|dir| {
            let text = fs_err::read_to_string(dir.join(package_json::FILE)).ok()?;
            let pkg = PackageJson::parse(package_json::FILE, text).ok()?;
            Some(Package { dir, pkg })
        })
        .collect()
}

/// The folders under `dir`, `depth` levels down, skipping `node_modules` and dot folders.
fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth == 0 || out.len() >= MAX_PACKAGES {
        return;
    }
    let Ok(entries) = fs_err::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "node_modules" || !entry.path().is_dir() {
            continue;
        }
        out.push(entry.path());
        collect(&entry.path(), depth - 1, out);
    }
}

/// `to` relative to `from` (both absolute): `""` when they are the same folder.
pub fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

pub use crate::files::normalize_rel as normalize;

/// The functions folder `convex.json` in `dir` names (relative to `dir`), else `convex`.
fn functions_in(dir: &Path) -> String {
    fs_err::read_to_string(dir.join(crate::edit::convex_json::FILE))
        .ok()
        .and_then(|t| crate::edit::convex_json::parse(&t).ok())
        .and_then(|v| v.get("functions")?.as_str().map(str::to_string))
        .map(|f| normalize(&f))
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| "convex".into())
}

/// `dir` holds a Convex project: `convex.json`, or its functions folder.
fn holds_convex(dir: &Path) -> bool {
    dir.join(crate::edit::convex_json::FILE).is_file() || dir.join(functions_in(dir)).is_dir()
}

fn is_convex(t: &str) -> bool {
    t == "convex" || t.ends_with("/convex") || t.ends_with("/convex.js")
}

fn is_package_manager(t: &str) -> bool {
    matches!(t, "npm" | "pnpm" | "yarn" | "bun")
}

/// Where a package manager run in a script goes: a folder (`--prefix`, `-C`, `--dir`, `--cwd`)
/// or a workspace package (`-w`, `--workspace`, `--filter`, `-F`, `yarn workspace`), and the
/// script it runs there.
enum Target {
    Folder(String),
    Package(String),
}

fn delegation(args: &[String]) -> Option<(Target, String)> {
    let mut target = None;
    let mut rest: Vec<&str> = Vec::new();
    let mut it = args.iter().map(String::as_str).peekable();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with('-') => (f, Some(v.to_string())),
            _ => (a, None),
        };
        let value = |it: &mut std::iter::Peekable<_>| {
            inline
                .clone()
                .or_else(|| it.next().map(|v: &str| v.to_string()))
        };
        match flag {
            "--prefix" | "-C" | "--dir" | "--cwd" => target = value(&mut it).map(Target::Folder),
            "-w" | "--workspace" | "--filter" | "-F" => {
                target = value(&mut it).map(Target::Package)
            }
            "workspace" if rest.is_empty() => {
                target = it.next().map(|v| Target::Package(v.to_string()))
            }
            f if f.starts_with('-') => {}
            word => rest.push(word),
        }
    }
    let script = match rest.as_slice() {
        ["run" | "run-script", script, ..] => script,
        [script, ..] if *script != "exec" && *script != "install" => script,
        _ => "dev",
    };
    target.map(|t| (t, script.to_string()))
}

/// The folder `place` names from `app` (a path, or a workspace package by name or folder).
fn resolve(app: &Path, target: &Target, workspace: &[Package]) -> Option<PathBuf> {
    match target {
        Target::Folder(dir) => fs_err::canonicalize(app.join(dir)).ok(),
        Target::Package(name) => workspace
            .iter()
            .find(|p| p.name() == Some(name.as_str()))
            .map(|p| p.dir.clone())
            .or_else(|| {
                let dir = name.trim_start_matches("./");
                workspace
                    .iter()
                    .find(|p| p.dir.ends_with(dir))
                    .map(|p| p.dir.clone())
            }),
    }
}

/// The Convex project of the app in `app` (see the module docs). `chosen` is `--convex-dir`.
pub fn convex_project(
    app: &Path,
    pkg: Option<&PackageJson>,
    chosen: Option<&Path>,
    git_root: Option<&Path>,
) -> Result<ConvexProject, UserError> {
    if let Some(chosen) = chosen {
        let dir = fs_err::canonicalize(chosen).map_err(|_| {
            UserError::usage(format!(
                "`--convex-dir {}` is not a folder",
                chosen.display()
            ))
        })?;
        if !dir.is_dir() || !(holds_convex(&dir) || dir.join(package_json::FILE).is_file()) {
            return Err(UserError::usage(format!(
                "`--convex-dir {}` holds no Convex project (no `convex.json`, `convex/` or `package.json`)",
                chosen.display()
            ))
            .hint("pass the folder `npx convex dev` runs in"));
        }
        return Ok(ConvexProject {
            dir: relative(app, &dir),
            found: "`--convex-dir`".into(),
        });
    }
    let Some(pkg) = pkg else {
        return Ok(ConvexProject::here("the app's folder"));
    };
    let workspace = || {
        root(app, git_root)
            .map(|(root, globs)| packages(&root, &globs))
            .unwrap_or_default()
    };
    // The dev script: where it runs `convex dev`.
    for run in scripts::invocations(pkg, "dev", &is_convex) {
        if run.args.first().is_none_or(|a| a != "dev") {
            continue;
        }
        let Some(cwd) = run.cwd else {
            return Ok(ConvexProject::here(&format!(
                "`scripts.{}` runs `convex dev` here",
                run.script
            )));
        };
        if let Ok(dir) = fs_err::canonicalize(app.join(&cwd)) {
            return Ok(ConvexProject {
                dir: relative(app, &dir),
                found: format!("`scripts.{}` runs `convex dev` in `{cwd}`", run.script),
            });
        }
    }
    // …or a script of another folder or package that does, or is one.
    let mut packages: Option<Vec<Package>> = None;
    for run in scripts::invocations(pkg, "dev", &is_package_manager) {
        let Some((target, script)) = delegation(&run.args) else {
            continue;
        };
        let workspace = packages.get_or_insert_with(workspace);
        let Some(dir) = resolve(app, &target, workspace).filter(|d| d != app) else {
            continue;
        };
        let runs_convex = fs_err::read_to_string(dir.join(package_json::FILE))
            .ok()
            .and_then(|t| PackageJson::parse(package_json::FILE, t).ok())
            .is_some_and(|p| {
                scripts::invocations(&p, &script, &is_convex)
                    .iter()
                    .any(|r| r.args.first().is_some_and(|a| a == "dev"))
            });
        if runs_convex || holds_convex(&dir) {
            let rel = relative(app, &dir);
            return Ok(ConvexProject {
                found: format!("`scripts.{}` runs `{script}` in `{rel}`", run.script),
                dir: rel,
            });
        }
    }
    if holds_convex(app) {
        return Ok(ConvexProject::here("the app's folder"));
    }
    let workspace = packages.unwrap_or_else(workspace);
    let candidates: Vec<&Package> = workspace
        .iter()
        .filter(|p| {
            p.dir != app && p.pkg.has_dep("convex") && p.dir.join(functions_in(&p.dir)).is_dir()
        })
        .collect();
    match candidates.as_slice() {
        [] => Ok(ConvexProject::here("the app's folder")),
        [one] => {
            let rel = relative(app, &one.dir);
            Ok(ConvexProject {
                found: format!(
                    "the workspace package `{}` depends on `convex` and has `{}/`",
                    one.name().unwrap_or(&rel),
                    functions_in(&one.dir)
                ),
                dir: rel,
            })
        }
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|p| format!("`{}`", relative(app, &p.dir)))
                .collect();
            Err(UserError::new(
                ErrorKind::Project,
                format!(
                    "this app's Convex functions could be in any of {}: workspace packages that depend on `convex` and have a functions folder",
                    list.join(", ")
                ),
            )
            .hint(format!(
                "pass `--convex-dir {}` (the folder `npx convex dev` runs in) to choose; nothing was written",
                relative(app, &many[0].dir)
            )))
        }
    }
}

/// The workspace packages of `dir` (when it is a workspace root) that `describe` has a word
/// for, relative to it, with that word.
pub fn packages_below(
    dir: &Path,
    describe: impl Fn(&PackageJson) -> Option<String>,
) -> Vec<(String, String)> {
    let Some((root, globs)) = root(dir, None).filter(|(r, _)| r == dir) else {
        return Vec::new();
    };
    packages(&root, &globs)
        .into_iter()
        .filter_map(|p| Some((relative(dir, &p.dir), describe(&p.pkg)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            relative(Path::new("/a/apps/web"), Path::new("/a/packages/backend")),
            "../../packages/backend"
        );
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b")), "");
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b/c")), "c");
        assert_eq!(
            normalize("../../packages/backend/./convex"),
            "../../packages/backend/convex"
        );
        assert_eq!(normalize("a/../b/"), "b");
        assert_eq!(normalize("../x/../../y"), "../../y");
    }

    #[test]
    fn pnpm_workspace_yaml() {
        let text = "packages:\n  - \"apps/*\"\n  - 'packages/*' # libs\n  - '!**/test/**'\ncatalog:\n  react: ^19\n";
        assert_eq!(pnpm_globs(text), ["apps/*", "packages/*", "!**/test/**"]);
    }

    #[test]
    fn delegations() {
        let args = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let d = |s: &str| {
            delegation(&args(s)).map(|(t, script)| {
                let t = match t {
                    Target::Folder(f) => format!("folder {f}"),
                    Target::Package(p) => format!("package {p}"),
                };
                format!("{t}: {script}")
            })
        };
        assert_eq!(
            d("--prefix ../../packages/backend run dev").as_deref(),
            Some("folder ../../packages/backend: dev")
        );
        assert_eq!(
            d("run dev -w @acme/backend").as_deref(),
            Some("package @acme/backend: dev")
        );
        assert_eq!(
            d("--filter=@acme/backend dev:convex").as_deref(),
            Some("package @acme/backend: dev:convex")
        );
        assert_eq!(
            d("workspace backend dev").as_deref(),
            Some("package backend: dev")
        );
        assert_eq!(
            d("-C ../backend convex:dev").as_deref(),
            Some("folder ../backend: convex:dev")
        );
        assert_eq!(d("run build").as_deref(), None);
    }
}
