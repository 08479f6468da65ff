//! `--version` names the exact build (version, target, commit) for bug reports; `-V` is the bare
//! version, as clap prints it. tests/npm/launcher.sh checks the npm packages carry the same version.

use std::process::Command;

fn run(flag: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_convex-authkit"))
        .arg(flag)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn short_version_is_the_crate_version() {
    assert_eq!(
        run("-V"),
        format!("convex-authkit {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn long_version_names_the_target_and_the_commit() {
    let out = run("--version");
    let rest = out
        .strip_prefix(&format!("convex-authkit {} (", env!("CARGO_PKG_VERSION")))
        .and_then(|r| r.strip_suffix(")\n"))
        .unwrap_or_else(|| panic!("unexpected --version: {out:?}"));
    let (target, commit) = rest.split_once(", commit ").unwrap();
    // The test binary and the CLI are built for the same target; Cargo gives tests the host's.
    assert!(
        target.split('-').count() >= 3 && !target.contains(' '),
        "target {target:?}"
    );
    assert!(
        commit == "unknown"
            || (commit.len() == 12 && commit.bytes().all(|b| b.is_ascii_hexdigit())),
        "commit {commit:?}"
    );
    // When this crate is a git checkout's root, the commit is one of its commits: HEAD when built
    // here, though another checkout's when Cargo reused that one's build-script run from a shared
    // target dir (the run is keyed by the package, not its path), so this doesn't insist on HEAD.
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_string())
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .unwrap();
    if let Some(top) = git(&["rev-parse", "--show-toplevel"])
        && std::path::Path::new(&top).canonicalize().ok() == Some(root)
    {
        assert!(
            git(&["cat-file", "-e", &format!("{commit}^{{commit}}")]).is_some(),
            "{commit:?} is not a commit of this checkout"
        );
    }
}
