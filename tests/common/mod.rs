//! Test context (after uv's `TestContext` and ruff's `CliTest`): a temp copy of a fixture app, the
//! binary with a controlled environment (no TTY, `CI=true`, `NO_COLOR`), insta filters for the temp
//! path, and a byte-exact snapshot of the whole tree to prove "nothing written".
#![allow(dead_code)]

pub mod doctor;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestContext {
    _dir: tempfile::TempDir,
    /// The copied app (for the monorepo fixture, the app's subfolder).
    pub root: PathBuf,
    /// The temp folder holding the copy.
    pub base: PathBuf,
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    fs_err::create_dir_all(to).unwrap();
    for entry in fs_err::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() == "node_modules" {
                continue;
            }
            copy_dir(&entry.path(), &target);
        } else {
            fs_err::copy(entry.path(), &target).unwrap();
        }
    }
}

impl TestContext {
    /// A copy of `tests/fixtures/<name>`; `app` is the app folder inside it ("" for the root).
    pub fn new(name: &str) -> Self {
        Self::with_app(name, "")
    }

    pub fn with_app(name: &str, app: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let base = fs_err::canonicalize(dir.path()).unwrap().join("app");
        copy_dir(&fixtures().join(name), &base);
        let root = if app.is_empty() {
            base.clone()
        } else {
            base.join(app)
        };
        TestContext {
            _dir: dir,
            root,
            base,
        }
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_convex-authkit"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.base)
            .env("NO_COLOR", "1")
            .env("CI", "true")
            .current_dir(&self.root)
            .stdin(std::process::Stdio::null());
        cmd
    }

    /// `init` on the app with the given flags (always `--no-install`).
    pub fn init(&self, args: &[&str]) -> Command {
        let mut cmd = self.command();
        cmd.arg("init")
            .arg(&self.root)
            .args(args)
            .arg("--no-install");
        cmd
    }

    pub fn filters(&self) -> Vec<(String, String)> {
        vec![
            (
                regex_escape(&self.root.display().to_string()),
                "[APP]".into(),
            ),
            (
                regex_escape(&self.base.display().to_string()),
                "[BASE]".into(),
            ),
        ]
    }

    pub fn read(&self, rel: &str) -> String {
        fs_err::read_to_string(self.root.join(rel)).unwrap()
    }

    /// Every file under the temp copy, with its bytes and permissions.
    pub fn tree(&self) -> BTreeMap<String, (Vec<u8>, u32)> {
        let mut out = BTreeMap::new();
        walk(&self.base, &self.base, &mut out);
        out
    }
}

fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, (Vec<u8>, u32)>) {
    for entry in fs_err::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path.strip_prefix(base).unwrap().display().to_string();
        let meta = fs_err::symlink_metadata(&path).unwrap();
        #[cfg(unix)]
        let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions());
        #[cfg(not(unix))]
        let mode = 0;
        if meta.is_dir() {
            out.insert(format!("{rel}/"), (Vec::new(), mode));
            walk(base, &path, out);
        } else if meta.file_type().is_symlink() {
            // The link itself (it may point nowhere or in a loop); its target is walked on its own.
            let target = fs_err::read_link(&path).unwrap();
            out.insert(format!("{rel} -> {}", target.display()), (Vec::new(), mode));
        } else {
            out.insert(rel, (fs_err::read(&path).unwrap_or_default(), mode));
        }
    }
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Runs `cmd` and snapshots its exit code, stdout and stderr with the context's filters.
#[macro_export]
macro_rules! cli_snapshot {
    ($ctx:expr, $cmd:expr, @$snapshot:literal) => {{
        let mut settings = insta::Settings::clone_current();
        for (from, to) in $ctx.filters() {
            settings.add_filter(&from, to);
        }
        let _guard = settings.bind_to_scope();
        insta_cmd::assert_cmd_snapshot!($cmd, @$snapshot);
    }};
}

/// Files that differ between two trees (added, removed or changed).
pub fn changed(
    before: &BTreeMap<String, (Vec<u8>, u32)>,
    after: &BTreeMap<String, (Vec<u8>, u32)>,
) -> Vec<String> {
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .cloned()
        .collect()
}
