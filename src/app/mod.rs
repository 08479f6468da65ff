//! The app, read once into one value that every command borrows.
//!
//! [`App::load`] reads `package.json`, picks the framework recipe and lets it detect the entry,
//! provider file, dev port and wiring; then reads the env files the framework loads (by mode,
//! with its precedence), `convex.json` and `convex/auth.config.*`. Everything goes through one
//! [`Files`] cache, so no file is read twice, and the bigger readings (the source tree, the
//! provider tree, the package manager) are made lazily, on first use.
//!
//! Reading is lenient: a file that exists but can't be read (a broken symbolic link, a folder,
//! not UTF-8) or parsed becomes a [`LoadProblem`] and the model carries on without it. Each command
//! decides what that means: `init` and `verify` stop on it (exit 2, nothing written), doctor
//! reports it as `AK002` and skips the checks that need the file. Only a missing folder, a missing
//! `package.json` or an unsupported framework stop the reading itself.
//!
//! The app never walks `node_modules` (it reads single `node_modules/<pkg>/package.json` files
//! for installed versions), and walks `src/` and `convex/` only when a reader asks, at most
//! [`MAX_SOURCE_FILES`] files.

pub mod auth_config;
pub mod gitignore;
pub mod port;
pub mod tree;
pub mod workspace;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use crate::edit::convex_json;
use crate::edit::envfile::{EnvEntry, EnvFile};
use crate::edit::package_json::{self, PackageJson};
use crate::edit::prettier::config as prettier_config;
use crate::error::{ErrorKind, Location, UserError};
use crate::files::Files;
use crate::frameworks::{self as recipe, AppFacts, EnvMode, EnvNames, Recipe, SourceFile};

/// Walk limits for `src/` and `convex/`.
pub const MAX_SOURCE_FILES: usize = 2000;
const MAX_SOURCE_BYTES: u64 = 512 * 1024;
const MAX_DEPTH: usize = 10;
const SOURCE_EXTS: &[&str] = &[".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];

/// One parsed env file.
#[derive(Debug, Clone)]
pub struct EnvSource {
    /// Relative to the app (`.env.local`, or `client/.env.local` under Vite's `envDir`).
    pub rel: String,
    pub text: String,
    /// The parsed file, for editing it losslessly.
    pub file: EnvFile,
    pub entries: Vec<EnvEntry>,
}

impl EnvSource {
    pub fn get(&self, key: &str) -> Option<&EnvEntry> {
        self.entries.iter().rev().find(|e| e.key == key)
    }
    /// Byte range of an entry's value (to the end of the line, without a trailing comment).
    pub fn value_range(&self, e: &EnvEntry) -> std::ops::Range<usize> {
        let start = byte_of(&self.text, e.line, e.column);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let line = &self.text[start..line_end];
        let end = line.find(" #").map_or(line.trim_end().len(), |i| i);
        start..start + end.max(1).min(line.len().max(1))
    }
    /// Byte range of an entry's key.
    pub fn key_range(&self, e: &EnvEntry) -> std::ops::Range<usize> {
        let line_start = byte_of(&self.text, e.line, 1);
        let at = self.text[line_start..]
            .find(&e.key)
            .map_or(line_start, |i| line_start + i);
        at..at + e.key.len()
    }
}

/// Byte offset of 1-based `line`, `column` (in characters).
pub fn byte_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[offset..];
    offset
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// `convex.json` as read.
#[derive(Debug, Clone)]
pub struct ConvexJson {
    pub text: String,
    /// `None` when the file doesn't parse even as JSONC (a [`LoadProblem`]).
    pub value: Option<Value>,
    /// Whether `JSON.parse` (what `npx convex` uses) accepts it.
    pub strict: bool,
}

/// `convex/auth.config.*` as read.
#[derive(Debug, Clone)]
pub enum AuthConfigFile {
    Missing,
    /// Both `.ts` and `.js` exist.
    Both,
    One(SourceFile),
}

/// A file that exists but can't be used: the error (with its location, when there is one), the
/// byte range it points at, and a short label for that range. Commands decide what it means: init
/// stops on the first one, doctor reports each as `AK002` and skips the checks that need the file.
#[derive(Debug, Clone)]
pub struct LoadProblem {
    pub error: UserError,
    pub span: Option<std::ops::Range<usize>>,
    pub label: Option<&'static str>,
}

/// The package manager the app is installed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PackageManager {
    Npm,
    Pnpm,
    Yarn,
    Bun,
}

impl PackageManager {
    pub fn program(self) -> &'static str {
        match self {
            PackageManager::Npm => "npm",
            PackageManager::Pnpm => "pnpm",
            PackageManager::Yarn => "yarn",
            PackageManager::Bun => "bun",
        }
    }
    pub fn install_command(self) -> String {
        format!("{} install", self.program())
    }
}

/// The app: everything init, doctor, verify and `verify --e2e` look at.
pub struct App {
    pub root: PathBuf,
    /// Every file read goes through here (each read at most once).
    pub files: Files,
    pub pkg: Option<PackageJson>,
    pub recipe: Option<&'static dyn Recipe>,
    pub facts: Option<AppFacts>,
    /// Env files the framework loads in dev that exist and parse, lowest priority first.
    pub env: Vec<EnvSource>,
    /// The folder the framework loads env files from, relative to the app (`""`: the app's;
    /// Vite's `envDir`, else its `root`).
    pub env_dir: String,
    /// Env files only a production build loads (`.env.production*`) that exist and parse.
    pub prod_env: Vec<EnvSource>,
    /// Names of env files that exist but don't parse (their rules stay quiet).
    pub env_broken: Vec<String>,
    pub convex_json: Option<ConvexJson>,
    /// The Convex project's folder relative to the app (`""`: the app itself): where
    /// `npx convex dev` runs, reading `convex.json` there.
    pub convex_dir: String,
    /// `convex.json`, relative to the app (`convex.json`, `../backend/convex.json`).
    pub convex_json_rel: String,
    /// How the Convex project was found (for messages): `` `scripts.dev` runs `convex dev` in
    /// `../backend` ``, `the app's folder`.
    pub convex_found: String,
    /// The folder holding Convex functions, relative to the app: `functions` in `convex.json`
    /// (relative to its folder), else `convex` in the Convex project.
    pub functions_dir: String,
    pub auth_config: AuthConfigFile,
    /// Whether `auth.config` parsed (false: a [`LoadProblem`] was recorded).
    pub auth_config_parses: bool,
    /// Files that exist but can't be read or parsed, in the order they were met.
    pub problems: Vec<LoadProblem>,
    /// The app's source files (not `_generated`), read lazily once.
    sources: OnceLock<Vec<SourceFile>>,
    /// The symbolic reading of the auth config, made once at load.
    auth_config_reading: Option<crate::edit::auth_config::AuthConfig>,
    /// The provider tree as doctor follows it, computed lazily once.
    provider_tree: OnceLock<tree::ProviderTree>,
    /// The file-system routes (frameworks that have them), read lazily once.
    app_router: OnceLock<Option<recipe::AppRouter>>,
    /// TanStack Start's start entry, router and file routes, read lazily once.
    start_layout: OnceLock<Option<recipe::StartLayout>>,
    /// `package.json`s of the folders above the app (a workspace root declares shared
    /// dependencies), read lazily once.
    ancestor_manifests: OnceLock<Vec<PackageJson>>,
    /// The package manager and the git root, found lazily by walking up.
    install: OnceLock<(PackageManager, Option<PathBuf>)>,
    /// The app's Prettier settings, read lazily once.
    prettier: OnceLock<Option<prettier_config::Resolved>>,
    /// Texts of the files findings may point at, by relative path.
    texts: BTreeMap<String, String>,
}

impl App {
    /// Reads the app in `path` for `command` (named in the hint when there is no app there; see
    /// the module docs for what stops the reading).
    pub fn load(path: &Path, command: &str) -> Result<App, UserError> {
        App::read(path, command, true, None)
    }

    /// [`App::load`] with the Convex project's folder chosen (`--convex-dir`) instead of found
    /// ([`workspace::convex_project`]).
    pub fn load_in(
        path: &Path,
        command: &str,
        convex_dir: Option<&Path>,
    ) -> Result<App, UserError> {
        App::read(path, command, true, convex_dir)
    }

    /// Reads only what the Convex backend side needs (`convex.json`, `auth.config`, the env
    /// files): a folder without `package.json`, or with a framework that has no recipe yet, is
    /// still read (`verify --token`).
    pub fn load_backend(path: &Path) -> Result<App, UserError> {
        App::read(path, "verify", false, None)
    }

    /// [`App::load_backend`] with the Convex project's folder chosen (`--convex-dir`).
    pub fn load_backend_in(path: &Path, convex_dir: Option<&Path>) -> Result<App, UserError> {
        App::read(path, "verify", false, convex_dir)
    }

    fn read(
        path: &Path,
        command: &str,
        frontend: bool,
        convex_dir: Option<&Path>,
    ) -> Result<App, UserError> {
        if !path.is_dir() {
            return Err(UserError::new(
                ErrorKind::Project,
                format!("`{}` is not a folder", path.display()),
            )
            .hint(if frontend {
                "pass the app's folder, the one holding `package.json`"
            } else {
                "pass the app's folder, the one holding `convex/`"
            }));
        }
        let root =
            fs_err::canonicalize(path).map_err(|e| UserError::new(ErrorKind::Io, e.to_string()))?;
        let files = Files::new(root.clone());
        // A `package.json` that is there but can't be read is a problem like one that doesn't
        // parse; only a missing one stops the reading.
        let (pkg_text, pkg_unreadable) = match files.read(package_json::FILE) {
            Ok(text) => (text, None),
            Err(e) => (None, Some(e)),
        };
        if pkg_text.is_none() && pkg_unreadable.is_none() && frontend {
            return Err(UserError::new(
                ErrorKind::Project,
                format!("no `package.json` in `{}`", path.display()),
            )
            .hint(format!("run `convex-authkit {command}` in the app's folder (in a monorepo, the app's own folder)")));
        }
        let mut app = App {
            root,
            files,
            pkg: None,
            recipe: None,
            facts: None,
            env: Vec::new(),
            env_dir: String::new(),
            prod_env: Vec::new(),
            env_broken: Vec::new(),
            convex_json: None,
            convex_dir: String::new(),
            convex_json_rel: convex_json::FILE.into(),
            convex_found: "the app's folder".into(),
            functions_dir: "convex".into(),
            auth_config: AuthConfigFile::Missing,
            auth_config_parses: true,
            problems: Vec::new(),
            sources: OnceLock::new(),
            auth_config_reading: None,
            provider_tree: OnceLock::new(),
            app_router: OnceLock::new(),
            start_layout: OnceLock::new(),
            ancestor_manifests: OnceLock::new(),
            install: OnceLock::new(),
            prettier: OnceLock::new(),
            texts: BTreeMap::new(),
        };
        if let Some(pkg_text) = pkg_text {
            app.read_frontend(&pkg_text, frontend)?;
        }
        if let Some(e) = pkg_unreadable
            && frontend
        {
            app.load_error(&e);
        }
        let project =
            workspace::convex_project(&app.root, app.pkg.as_ref(), convex_dir, app.git_root())?;
        if !project.dir.is_empty() {
            app.convex_json_rel = format!("{}/{}", project.dir, convex_json::FILE);
            app.functions_dir = format!("{}/convex", project.dir);
        }
        app.convex_dir = project.dir;
        app.convex_found = project.found;
        if app.recipe.is_some() {
            match app.recipe().env_dir(&app.files) {
                Ok(dir) => app.env_dir = dir,
                Err(e) => app.load_error(&e),
            }
        }
        app.read_env();
        app.read_convex_json();
        app.read_auth_config();
        if let Some(facts) = &app.facts {
            let settled = port::settle(&facts.port, port::recorded(&app.setup()));
            if let Some(facts) = &mut app.facts {
                facts.port = settled;
            }
        }
        // The recipe's detection already reported an unreadable config file.
        let config = app.recipe().config_files();
        if let Ok(Some(f)) = app.files.first_of(config) {
            app.texts.insert(f.rel, f.text);
        }
        match app.files.read(".gitignore") {
            Ok(Some(text)) => {
                app.texts.insert(".gitignore".into(), text.to_string());
            }
            Ok(None) => {}
            Err(e) => app.load_error(&e),
        }
        Ok(app)
    }

    /// `package.json`, the recipe and what it detects. Without `frontend`, an unsupported
    /// framework or a detection failure only leaves the recipe or the facts unset.
    fn read_frontend(&mut self, pkg_text: &str, frontend: bool) -> Result<(), UserError> {
        self.texts
            .insert(package_json::FILE.into(), pkg_text.to_string());
        let pkg = match PackageJson::parse(package_json::FILE, pkg_text.to_string()) {
            Ok(pkg) => pkg,
            Err(e) => {
                if frontend {
                    self.load_error(&e);
                }
                return Ok(());
            }
        };
        let recipe = match recipe::select(&pkg) {
            Ok(r) => r,
            Err(mut e) if frontend => {
                // A workspace root: name the packages that are apps.
                let apps = workspace::packages_below(&self.root, |p| {
                    recipe::select(p).ok().map(|r| r.name().to_string())
                });
                if !apps.is_empty() {
                    let list: Vec<String> = apps
                        .iter()
                        .map(|(dir, name)| format!("`{dir}` ({name})"))
                        .collect();
                    e.message = "this folder is a workspace root, not an app: its `package.json` names no supported framework".into();
                    e.hints = vec![format!("run it in the app's folder: {}", list.join(", "))];
                }
                return Err(e);
            }
            Err(_) => {
                self.pkg = Some(pkg);
                return Ok(());
            }
        };
        self.recipe = Some(recipe);
        match recipe.detect(&self.files, &pkg) {
            Ok(facts) => self.facts = Some(facts),
            Err(e) if frontend => self.load_error(&e),
            Err(_) => {}
        }
        self.pkg = Some(pkg);
        Ok(())
    }

    /// The framework's recipe; React (Vite)'s when `package.json` didn't parse.
    pub fn recipe(&self) -> &'static dyn Recipe {
        self.recipe.unwrap_or(&recipe::react_vite::ReactVite)
    }

    /// The problem met reading `rel`, if any.
    pub fn problem_in(&self, rel: &str) -> Option<&LoadProblem> {
        self.problems
            .iter()
            .find(|p| p.error.about_file() == Some(rel))
    }

    /// The auth config as the rules read it: evaluated symbolically (env reads kept as
    /// `${…}`), with every provider's spans; `None` when there is not exactly one file or it
    /// doesn't parse. Read once, when the app is loaded.
    pub fn auth_config_reading(&self) -> Option<&crate::edit::auth_config::AuthConfig> {
        self.auth_config_reading.as_ref()
    }

    /// The first file that couldn't be read, as the error a strict command stops with.
    pub fn first_problem(&self) -> Option<&UserError> {
        self.problems.first().map(|p| &p.error)
    }

    fn read_env(&mut self) {
        let recipe = self.recipe();
        let dev = recipe.env_files(EnvMode::Development);
        let prod = recipe
            .env_files(EnvMode::Production)
            .iter()
            .filter(|f| !dev.contains(f));
        let dir = self.env_dir.clone();
        for (name, production) in dev
            .iter()
            .map(|f| (f, false))
            .chain(prod.map(|f| (f, true)))
        {
            let rel = &env_rel(&dir, name);
            let text = match self.files.read(rel) {
                Ok(Some(text)) => text.to_string(),
                Ok(None) => continue,
                Err(e) => {
                    self.env_broken.push(rel.clone());
                    self.load_error(&e);
                    continue;
                }
            };
            match EnvFile::parse(&text) {
                Ok(file) => {
                    let src = EnvSource {
                        rel: rel.clone(),
                        entries: file.entries(),
                        file,
                        text,
                    };
                    if production {
                        self.prod_env.push(src);
                    } else {
                        self.env.push(src);
                    }
                }
                Err(e) => {
                    self.env_broken.push(rel.clone());
                    let error = UserError::new(
                        ErrorKind::Parse,
                        format!("`{rel}` can't be read: {}", e.message),
                    )
                    .at(Location {
                        file: rel.clone(),
                        line: e.line,
                        column: e.column,
                    })
                    .hint(format!(
                        "each line of `{rel}` must be `NAME=value`, a `# comment` or blank"
                    ));
                    let offset = byte_of(&text, e.line, e.column);
                    self.texts.insert(rel.clone(), text);
                    self.problems.push(LoadProblem {
                        error,
                        span: Some(offset..offset + 1),
                        label: Some("not `NAME=value`"),
                    });
                }
            }
        }
    }

    fn read_convex_json(&mut self) {
        let rel = self.convex_json_rel.clone();
        let text = match self.files.read(&rel) {
            Ok(Some(text)) => text.to_string(),
            Ok(None) => return,
            Err(e) => {
                // Like a file that doesn't parse: there, but nothing can be read from it.
                self.load_error(&e);
                self.convex_json = Some(ConvexJson {
                    text: String::new(),
                    value: None,
                    strict: false,
                });
                return;
            }
        };
        let value = match convex_json::parse(&text) {
            Ok(v) => Some(v),
            Err(mut e) => {
                // The parser names `convex.json`; in a monorepo it is the backend's.
                if let Some(loc) = e.location.as_mut() {
                    loc.file = rel.clone();
                }
                e.message = e.message.replace("`convex.json`", &format!("`{rel}`"));
                self.load_error_in(&e, &text);
                None
            }
        };
        // `functions` is relative to the folder of `convex.json`, and may leave it.
        if let Some(dir) = value
            .as_ref()
            .and_then(|v| v.get("functions"))
            .and_then(Value::as_str)
            .map(|f| workspace::normalize(&format!("{}/{f}", self.convex_dir)))
            .filter(|s| !s.is_empty())
        {
            self.functions_dir = dir;
        }
        let strict = serde_json::from_str::<Value>(&text).is_ok();
        self.convex_json = Some(ConvexJson {
            text,
            value,
            strict,
        });
    }

    fn read_auth_config(&mut self) {
        let read = |rel: String| match self.files.source(&rel) {
            Ok(file) => (file, None),
            // Kept as an empty file, so it still counts as there (`Both`, not `Missing`).
            Err(e) => (
                Some(SourceFile {
                    rel,
                    text: String::new(),
                }),
                Some(e),
            ),
        };
        let (ts, ts_error) = read(format!("{}/auth.config.ts", self.functions_dir));
        let (js, js_error) = read(format!("{}/auth.config.js", self.functions_dir));
        let unreadable = ts_error.is_some() || js_error.is_some();
        for e in ts_error.iter().chain(&js_error) {
            self.load_error(e);
        }
        self.auth_config = match (ts, js) {
            (Some(_), Some(_)) => AuthConfigFile::Both,
            (Some(f), None) | (None, Some(f)) => AuthConfigFile::One(f),
            (None, None) => AuthConfigFile::Missing,
        };
        if unreadable {
            self.auth_config_parses = false;
            return;
        }
        // Parsed once, here: the reading is kept for the rules, a syntax error is a problem.
        if let AuthConfigFile::One(f) = &self.auth_config {
            match crate::edit::auth_config::read(&f.rel, &f.text, None) {
                Ok(reading) => self.auth_config_reading = Some(reading),
                Err(e) => {
                    self.auth_config_parses = false;
                    let text = f.text.clone();
                    self.load_error_in(&e, &text);
                }
            }
        }
    }

    /// Records a problem, with the text of the file it names for the position.
    fn load_error(&mut self, e: &UserError) {
        let text = e
            .location
            .as_ref()
            .and_then(|l| self.files.read(&l.file).ok().flatten());
        match text {
            Some(text) => self.load_error_in(e, &text.clone()),
            None => self.problems.push(LoadProblem {
                error: e.clone(),
                span: None,
                label: None,
            }),
        }
    }

    fn load_error_in(&mut self, e: &UserError, text: &str) {
        let mut span = None;
        if let Some(loc) = &e.location {
            let offset = byte_of(text, loc.line, loc.column);
            span = Some(offset..offset + 1);
            self.texts.insert(loc.file.clone(), text.to_string());
        }
        self.problems.push(LoadProblem {
            error: e.clone(),
            span,
            label: None,
        });
    }

    /// The framework's env var names.
    pub fn names(&self) -> EnvNames {
        self.recipe().env_names()
    }

    /// The env file `rel` (one the framework loads), if it exists and parsed.
    pub fn env_file(&self, rel: &str) -> Option<&EnvSource> {
        self.env.iter().chain(&self.prod_env).find(|f| f.rel == rel)
    }

    /// The package manager (lockfile, walking up to the workspace root; or `packageManager`).
    pub fn package_manager(&self) -> PackageManager {
        self.install().0
    }

    /// The git repository's root, if the app is in one.
    pub fn git_root(&self) -> Option<&Path> {
        self.install().1.as_deref()
    }

    fn install(&self) -> &(PackageManager, Option<PathBuf>) {
        self.install
            .get_or_init(|| find_package_manager(&self.root, self.pkg.as_ref()))
    }

    /// The app's Prettier settings, as the Prettier CLI resolves them for a file in the app
    /// (the nearest config file, up to the git root or, outside git, through the workspace
    /// folders holding a `package.json`; `.editorconfig` beneath it; Prettier's defaults when
    /// the app depends on `prettier` without a config). `None`: the app doesn't use Prettier.
    pub fn prettier(&self) -> Option<&prettier_config::Resolved> {
        self.prettier
            .get_or_init(|| {
                let git_root = self.git_root().map(Path::to_path_buf);
                let mut dirs = vec![(String::new(), self.root.clone())];
                // Folders above the app only inside its repository (a monorepo's shared config),
                // never a stray config in a home or temp folder.
                if git_root.is_some() && git_root.as_deref() != Some(self.root.as_path()) {
                    for (i, dir) in self.root.ancestors().skip(1).take(8).enumerate() {
                        let inside_git = git_root.as_deref().is_some_and(|g| dir.starts_with(g));
                        if git_root.is_some() && !inside_git {
                            break;
                        }
                        if git_root.is_none() && !dir.join(package_json::FILE).is_file() {
                            break;
                        }
                        dirs.push(("../".repeat(i + 1), dir.to_path_buf()));
                        if git_root.as_deref() == Some(dir) {
                            break;
                        }
                    }
                }
                let names: Vec<String> = dirs.iter().map(|(n, _)| n.clone()).collect();
                prettier_config::resolve(
                    &names,
                    |i, name| match i {
                        0 => self.files.read(name).ok().flatten().map(|t| t.to_string()),
                        _ => fs_err::read_to_string(dirs[i].1.join(name)).ok(),
                    },
                    self.declares_dependency("prettier"),
                )
            })
            .as_ref()
    }

    /// Whether git would ignore `rel` (relative to the app), reading every `.gitignore` from the
    /// repository root down (see [`gitignore`]).
    pub fn is_git_ignored(&self, rel: &str) -> bool {
        gitignore::is_ignored(&self.root, rel, self.git_root())
    }

    /// Which of `rels` (relative to the app) git tracks, asked of `git ls-files`; `None` when
    /// that can't be known: the app is in no repository, `git` isn't on `PATH`, or it failed.
    pub fn git_tracked(&self, rels: &[&str]) -> Option<Vec<String>> {
        self.git_root()?;
        if rels.is_empty() {
            return Some(Vec::new());
        }
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(["ls-files", "-z", "--"])
            .args(rels)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let listed = String::from_utf8_lossy(&out.stdout);
        Some(
            listed
                .split('\0')
                .filter(|p| rels.contains(p))
                .map(str::to_string)
                .collect(),
        )
    }

    /// The callback path the app already uses: the redirect URI in the dev env, then
    /// `convex.json`'s `localEnvVars`, then its first registered redirect URI.
    pub fn callback_path(&self) -> Option<String> {
        let names = self.names();
        let from_env = self
            .env_value(names.redirect_uri)
            .map(|(_, e)| e.value.clone());
        let from_json = || {
            let dev = self.auth_kit_section("dev")?;
            dev.get("localEnvVars")
                .and_then(|v| v.get(names.redirect_uri))
                .and_then(|v| v.as_str())
                .or_else(|| dev.get("configure")?.get("redirectUris")?.get(0)?.as_str())
                .map(str::to_string)
        };
        let uri = from_env.or_else(from_json)?;
        let after_scheme = uri.split_once("://").map_or(uri.as_str(), |(_, r)| r);
        let path = after_scheme
            .find('/')
            .map(|i| &after_scheme[i..])
            .unwrap_or("/");
        Some(path.split(['?', '#']).next().unwrap_or(path).to_string())
    }

    /// What the setup holds about the dev origin, for [`port`].
    pub fn setup(&self) -> port::Setup<'_> {
        let name = self.names().redirect_uri;
        port::Setup {
            dev: self.auth_kit_section("dev"),
            convex_json: &self.convex_json_rel,
            redirect_env: name,
            sent: self
                .env_value(name)
                .and_then(|(f, _)| Some((f.rel.as_str(), self.env_expanded(name)?))),
        }
    }

    /// The local dev URIs of `convex.json` that aren't on `port` ([`port::off_port`]).
    pub fn off_port(&self, port: u16) -> Vec<port::OffPort> {
        port::off_port(&self.setup(), port)
    }

    /// The text of a file a finding may point at.
    pub fn text_of(&self, rel: &str) -> Option<&str> {
        if let Some(t) = self.texts.get(rel) {
            return Some(t);
        }
        if rel == self.convex_json_rel {
            return self.convex_json.as_ref().map(|c| c.text.as_str());
        }
        if let AuthConfigFile::One(f) = &self.auth_config
            && f.rel == rel
        {
            return Some(&f.text);
        }
        if let Some(e) = self.env.iter().chain(&self.prod_env).find(|e| e.rel == rel) {
            return Some(&e.text);
        }
        if let Some(f) = self.facts.as_ref().and_then(|f| f.provider_file.as_ref())
            && f.rel == rel
        {
            return Some(&f.text);
        }
        if let Some(f) = self.provider_tree().file.as_ref()
            && f.rel == rel
        {
            return Some(&f.text);
        }
        self.sources()
            .iter()
            .find(|s| s.rel == rel)
            .map(|s| s.text.as_str())
    }

    /// `convex.json`'s value, when it parsed.
    pub fn convex_value(&self) -> Option<&Value> {
        self.convex_json.as_ref()?.value.as_ref()
    }

    /// `authKit.<section>` of `convex.json`.
    pub fn auth_kit_section(&self, section: &str) -> Option<&Value> {
        self.convex_value()?.get("authKit")?.get(section)
    }

    /// The dev env value of `name` as Vite resolves it (highest-priority file wins), and its file.
    pub fn env_value(&self, name: &str) -> Option<(&EnvSource, &EnvEntry)> {
        self.env
            .iter()
            .rev()
            .find_map(|f| f.get(name).map(|e| (f, e)))
    }

    /// The values of secret-named variables (and values holding API keys) in every env file and
    /// in `convex.json`'s `localEnvVars`, longest first, for [`mask_secrets`].
    pub fn secret_values(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |k: &str, v: &str| {
            let v = v.trim();
            if v.len() >= 6 && crate::workos::is_secret_env(k, v) && !out.iter().any(|o| o == v) {
                out.push(v.to_string());
            }
        };
        for f in self.env.iter().chain(&self.prod_env) {
            for e in &f.entries {
                push(&e.key, &e.value);
            }
        }
        for section in ["dev", "preview", "prod"] {
            if let Some(vars) = self
                .auth_kit_section(section)
                .and_then(|s| s.get("localEnvVars"))
                .and_then(Value::as_object)
            {
                for (k, v) in vars {
                    if let Some(v) = v.as_str() {
                        push(k, v);
                    }
                }
            }
        }
        out.sort_by_key(|v| std::cmp::Reverse(v.len()));
        out
    }

    /// The dev value of `name` with its `${VAR}`/`$VAR` references expanded as Vite's
    /// dotenv-expand does (from the dev env files); `None` when it is unset or a reference can't
    /// be resolved (doctor can't see the shell's env, so such values are skipped).
    pub fn env_expanded(&self, name: &str) -> Option<String> {
        let (_, e) = self.env_value(name)?;
        self.expand(&e.value, 0)
    }

    /// `value` with its references expanded; `None` when one can't be resolved.
    pub fn expand(&self, value: &str, depth: usize) -> Option<String> {
        if !value.contains('$') {
            return Some(value.to_string());
        }
        if depth > 8 {
            return None;
        }
        let mut out = String::with_capacity(value.len());
        let mut rest = value;
        while let Some(i) = rest.find('$') {
            if rest[..i].ends_with('\\') {
                out.push_str(&rest[..i - 1]);
                out.push('$');
                rest = &rest[i + 1..];
                continue;
            }
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let (inner, consumed) = if let Some(body) = after.strip_prefix('{') {
                let end = body.find('}')?;
                (&body[..end], end + 2)
            } else {
                let n = after
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    .count();
                if n == 0 {
                    out.push('$');
                    rest = after;
                    continue;
                }
                (&after[..n], n)
            };
            let (var, default) = match inner.split_once(":-").or_else(|| inner.split_once('-')) {
                Some((v, d)) => (v, Some(d)),
                None => (inner, None),
            };
            let resolved = match self.env_value(var) {
                Some((_, e)) => self.expand(&e.value, depth + 1)?,
                None => self.expand(default?, depth + 1)?,
            };
            out.push_str(&resolved);
            rest = &after[consumed..];
        }
        out.push_str(rest);
        Some(out)
    }

    /// Whether a raw env value holds a `$VAR`/`${VAR}` reference.
    pub fn has_reference(value: &str) -> bool {
        value.match_indices('$').any(|(i, _)| {
            !value[..i].ends_with('\\')
                && value[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(|c| c == '{' || c == '_' || c.is_ascii_alphabetic())
        })
    }

    /// Whether the dev env files can be trusted to be complete (none failed to parse).
    pub fn env_complete(&self) -> bool {
        let dev = self.recipe().env_files(EnvMode::Development);
        !self
            .env_broken
            .iter()
            .any(|f| dev.iter().any(|d| env_rel(&self.env_dir, d) == *f))
    }

    /// The env file `name` (`.env.local`) as the framework loads it, relative to the app.
    pub fn env_rel(&self, name: &str) -> String {
        env_rel(&self.env_dir, name)
    }

    /// `localEnvVars.<name>` in `authKit.dev`, if it is a string.
    pub fn local_env_var(&self, name: &str) -> Option<&str> {
        self.auth_kit_section("dev")?
            .get("localEnvVars")?
            .get(name)?
            .as_str()
    }

    /// Whether the app shows any sign of AuthKit; most rules only run then.
    pub fn uses_authkit(&self) -> bool {
        let pkg = self
            .pkg
            .as_ref()
            .is_some_and(|p| AUTHKIT_PACKAGES.iter().any(|n| p.has_dep(n)));
        let json = self
            .convex_value()
            .is_some_and(|v| v.get("authKit").is_some());
        let wiring = self
            .facts
            .as_ref()
            .is_some_and(|f| f.wiring == recipe::Wiring::AuthKit);
        let env = self.env_value(self.names().client_id).is_some();
        let auth = match &self.auth_config {
            AuthConfigFile::One(f) => f.text.contains("api.workos.com"),
            _ => false,
        };
        pkg || json || wiring || env || auth
    }

    /// The app's source files (the recipe's source folders and the Convex functions folder),
    /// skipping `node_modules`, `_generated` and dot folders; walked once, on first use.
    pub fn sources(&self) -> &[SourceFile] {
        self.sources.get_or_init(|| {
            let mut out = Vec::new();
            let mut dirs: Vec<&str> = self.recipe().source_dirs().to_vec();
            if !dirs.contains(&self.functions_dir.as_str()) {
                dirs.push(&self.functions_dir);
            }
            // The provider file's folder, when it is elsewhere (Vite's `root: "client"`).
            let provider_dir = self
                .facts
                .as_ref()
                .and_then(|f| f.provider_file.as_ref())
                .and_then(|f| f.rel.rsplit_once('/').map(|(d, _)| d.to_string()));
            if let Some(d) = &provider_dir
                && !dirs
                    .iter()
                    .any(|s| d == s || d.starts_with(&format!("{s}/")))
            {
                dirs.push(d);
            }
            for dir in dirs {
                walk(&self.files, dir, 0, &mut out);
            }
            out
        })
    }

    /// The framework's config file (e.g. `vite.config.ts`) and its text, if one exists.
    pub fn framework_config(&self) -> Option<(&'static str, &str)> {
        self.recipe()
            .config_files()
            .iter()
            .find_map(|n| self.texts.get(*n).map(|t| (*n, t.as_str())))
    }

    /// The prefixes that expose a variable to the browser (the recipe reads the framework's
    /// config); `None` when they can't be read statically, and rules that need them stay quiet.
    pub fn env_prefixes(&self) -> Option<Vec<String>> {
        self.recipe()
            .public_env_prefixes(self.framework_config().map(|(_, t)| t))
    }

    /// Whether `name` is exposed to the browser (`None`: unknown, see [`App::env_prefixes`]).
    pub fn is_client_exposed(&self, name: &str) -> Option<bool> {
        Some(
            self.env_prefixes()?
                .iter()
                .any(|p| name.starts_with(p.as_str())),
        )
    }

    /// The app's file-system routes (Next.js's App Router: `app/`, the proxy file names), for
    /// frameworks that have them ([`Recipe::app_router`]).
    pub fn app_router(&self) -> Option<&recipe::AppRouter> {
        self.app_router
            .get_or_init(|| {
                let pkg = self.pkg.as_ref()?;
                self.recipe?.app_router(&self.files, pkg)
            })
            .as_ref()
    }

    /// TanStack Start's start entry, router, root route and file routes, for the rules only it
    /// has ([`Recipe::start_layout`]); `None` for other frameworks.
    pub fn start_layout(&self) -> Option<&recipe::StartLayout> {
        self.start_layout
            .get_or_init(|| {
                let pkg = self.pkg.as_ref()?;
                self.recipe?.start_layout(&self.files, pkg)
            })
            .as_ref()
    }

    /// The provider tree, following imports further than detection does ([`super::tree`]).
    pub fn provider_tree(&self) -> &tree::ProviderTree {
        self.provider_tree.get_or_init(|| {
            tree::resolve_tree(&tree::Inputs {
                start: self.facts.as_ref().and_then(|f| f.provider_file.as_ref()),
                config: self.framework_config().map(|(_, t)| t),
                pkg: self.pkg.as_ref(),
                files: &self.files,
            })
        })
    }

    /// Whether `pkg` is a dependency of the app or of a `package.json` above it in the same git
    /// repository (up to five folders up: a monorepo's root).
    pub fn declares_dependency(&self, pkg: &str) -> bool {
        if self.pkg.as_ref().is_some_and(|p| p.has_dep(pkg)) {
            return true;
        }
        // Only inside the app's repository: a stray `package.json` in a home or temp folder is
        // not the app's workspace.
        let ancestors = self.ancestor_manifests.get_or_init(|| {
            let Some(git_root) = self.git_root() else {
                return Vec::new();
            };
            self.root
                .ancestors()
                .skip(1)
                .take(5)
                .take_while(|dir| dir.starts_with(git_root))
                .filter_map(|dir| fs_err::read_to_string(dir.join(package_json::FILE)).ok())
                .filter_map(|t| PackageJson::parse(package_json::FILE, t).ok())
                .collect()
        });
        ancestors.iter().any(|p| p.has_dep(pkg))
    }

    /// The installed version of `pkg` (from `node_modules/<pkg>/package.json`, walking up to the
    /// workspace root), if any. Reads at most one file per ancestor; never lists a folder.
    pub fn installed_version(&self, pkg: &str) -> Option<(u64, u64, u64)> {
        for dir in self.root.ancestors().take(6) {
            let path = dir.join("node_modules").join(pkg).join("package.json");
            if let Ok(text) = fs_err::read_to_string(&path) {
                let v: Value = serde_json::from_str(&text).ok()?;
                return parse_version(v.get("version")?.as_str()?);
            }
            if dir.join(".git").exists() {
                break;
            }
        }
        None
    }
}

/// `name` in the env folder `dir` (`""`: the app's).
fn env_rel(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Packages whose presence means the app uses AuthKit.
pub const AUTHKIT_PACKAGES: &[&str] = &[
    "@workos-inc/authkit-react",
    "@workos-inc/authkit-nextjs",
    "@workos/authkit-tanstack-react-start",
    "@workos-inc/authkit-js",
    "@convex-dev/workos",
    "@convex-dev/workos-authkit",
];

/// Walks up from the app to find the lockfile (monorepos keep it at the root) and the git root.
fn find_package_manager(
    root: &Path,
    pkg: Option<&PackageJson>,
) -> (PackageManager, Option<PathBuf>) {
    let mut pm = None;
    let mut git_root = None;
    for dir in root.ancestors() {
        if pm.is_none() {
            for (file, manager) in [
                ("pnpm-lock.yaml", PackageManager::Pnpm),
                ("bun.lock", PackageManager::Bun),
                ("bun.lockb", PackageManager::Bun),
                ("yarn.lock", PackageManager::Yarn),
                ("package-lock.json", PackageManager::Npm),
            ] {
                if dir.join(file).is_file() {
                    pm = Some(manager);
                    break;
                }
            }
            if pm.is_none() && dir.join("pnpm-workspace.yaml").is_file() {
                pm = Some(PackageManager::Pnpm);
            }
        }
        if dir.join(".git").exists() {
            git_root = Some(dir.to_path_buf());
            break;
        }
    }
    let from_field = match pkg.and_then(PackageJson::package_manager_field) {
        Some("pnpm") => Some(PackageManager::Pnpm),
        Some("yarn") => Some(PackageManager::Yarn),
        Some("bun") => Some(PackageManager::Bun),
        Some("npm") => Some(PackageManager::Npm),
        _ => None,
    };
    (from_field.or(pm).unwrap_or(PackageManager::Npm), git_root)
}

/// `1.2.3` (or `1.2.3-beta.1`) → `(1, 2, 3)`.
pub fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let core = v.trim().trim_start_matches('v');
    let core = core.split(['-', '+']).next()?;
    let mut it = core.split('.').map(|p| p.parse::<u64>().ok());
    Some((it.next()??, it.next()??, it.next()??))
}

fn walk(files: &Files, rel: &str, depth: usize, out: &mut Vec<SourceFile>) {
    let root = files.root();
    if depth > MAX_DEPTH || out.len() >= MAX_SOURCE_FILES {
        return;
    }
    let Ok(entries) = fs_err::read_dir(root.join(rel)) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "node_modules" || name == "_generated" {
            continue;
        }
        let child = format!("{rel}/{name}");
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            walk(files, &child, depth + 1, out);
        } else if ft.is_file()
            && SOURCE_EXTS.iter().any(|e| name.ends_with(e))
            && !name.ends_with(".d.ts")
            && entry.metadata().is_ok_and(|m| m.len() <= MAX_SOURCE_BYTES)
            && let Ok(Some(text)) = files.read(&child)
        {
            if out.len() >= MAX_SOURCE_FILES {
                return;
            }
            out.push(SourceFile {
                rel: child,
                text: text.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_of_lines_and_columns() {
        let t = "ab\ncé\nx";
        assert_eq!(byte_of(t, 1, 1), 0);
        assert_eq!(byte_of(t, 2, 3), 6);
        assert_eq!(byte_of(t, 3, 1), 7);
        assert_eq!(parse_version("1.31.6"), Some((1, 31, 6)));
        assert_eq!(parse_version("0.16.2-beta.1"), Some((0, 16, 2)));
    }
}
