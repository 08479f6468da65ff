//! Stamps the build's target triple and git commit into the binary, for `--version`.
//!
//! The commit comes from `.cargo_vcs_info.json` in a packaged crate (`cargo install` from
//! crates.io, where there is no `.git`), else from `git` when this crate is the checkout's root
//! (a crate unpacked inside some other repository must not report that repository's commit),
//! else it is `unknown`. Nothing here can fail the build.
//!
//! Cargo keys a build-script run by the package, not its path: two checkouts built into one
//! `CARGO_TARGET_DIR` may share it, and then a dev build can name the other checkout's commit.
//! Release builds (fresh clones) always name their own.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let target = std::env::var("TARGET").unwrap_or_else(|_| "unknown".into());
    println!("cargo:rustc-env=CONVEX_AUTHKIT_TARGET={target}");

    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // Without any `rerun-if-changed`, Cargo would re-run this on every change in the package.
    println!("cargo:rerun-if-changed=build.rs");
    let commit = packaged_commit(&dir.join(".cargo_vcs_info.json")).or_else(|| git_commit(&dir));
    println!(
        "cargo:rustc-env=CONVEX_AUTHKIT_COMMIT={}",
        commit.as_deref().unwrap_or("unknown")
    );
}

/// The `"sha1"` that `cargo package` records (a flat scan: the file is small and machine-written).
fn packaged_commit(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let after = &text[text.find("\"sha1\"")? + "\"sha1\"".len()..];
    let start = after.find('"')? + 1;
    let sha = &after[start..start + after[start..].find('"')?];
    is_sha(sha).then(|| sha[..12].to_string())
}

fn git_commit(dir: &Path) -> Option<String> {
    let toplevel = git(dir, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&toplevel).canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    // Re-run when HEAD moves: HEAD itself (a branch switch), the branch's ref (a commit), and
    // packed-refs (`git gc`). Paths come from git, so worktrees work too. A path that doesn't
    // exist is left out: Cargo would take it as changed on every build.
    let branch = git(dir, &["symbolic-ref", "-q", "HEAD"]);
    for name in ["HEAD", "packed-refs"].into_iter().chain(branch.as_deref()) {
        if let Some(path) = git(dir, &["rev-parse", "--git-path", name]) {
            let path = dir.join(path);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    let sha = git(dir, &["rev-parse", "HEAD"])?;
    is_sha(&sha).then(|| sha[..12].to_string())
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).ok())
        .flatten()
        .map(|s| s.trim().to_string())
}

fn is_sha(s: &str) -> bool {
    s.len() >= 12 && s.bytes().all(|b| b.is_ascii_hexdigit())
}
