//! `.gitignore`: the one line init (and doctor's `AK405` fix) appends.
//!
//! "Re-parses" here means what the line is for: git, as the app model reads the file
//! (`app::gitignore`, on gix-ignore), ignores `.env.local` afterwards.

use std::path::PathBuf;

use convex_authkit::app::gitignore::is_ignored;
use convex_authkit::edit::gitignore::add_entry;

use super::{Gen, assert_only_changed, is_raw};

const ENTRY: &str = ".env.local";

fn line(g: &mut Gen<'_>) -> String {
    g.pick(&[
        "node_modules",
        "dist",
        "# comment",
        "",
        ".env.local",
        "/.env.local",
        "!.env.local",
        ".env*",
        "!.env*",
        "*.local",
        "  .env.local",
        ".env.local  ",
        ".env.local\\ ",
        "\\#x",
        ".env.local/",
        "é",
        "\r",
    ])
    .to_string()
}

fn document(g: &mut Gen<'_>) -> String {
    let eol = *g.pick(&["\n", "\n", "\r\n"]);
    let n = g.below(6);
    let mut out = String::new();
    if g.chance(1, 12) {
        out.push('\u{feff}');
    }
    for i in 0..n {
        out.push_str(&line(g));
        if i + 1 < n || g.chance(2, 3) {
            out.push_str(eol);
        }
    }
    out
}

thread_local! {
    static DIR: tempfile::TempDir = tempfile::Builder::new()
        .prefix("fuzz-gitignore-")
        .tempdir_in(scratch())
        .expect("temp dir");
}

/// A RAM-backed folder when there is one: the target writes a file per input.
fn scratch() -> PathBuf {
    let shm = PathBuf::from("/dev/shm");
    if shm.is_dir() {
        shm
    } else {
        std::env::temp_dir()
    }
}

fn ignored(text: &str) -> bool {
    DIR.with(|d| {
        std::fs::write(d.path().join(".gitignore"), text).expect("write");
        is_ignored(d.path(), ENTRY, Some(d.path()))
    })
}

pub fn run(data: &[u8]) {
    let mut g = Gen::new(data);
    let raw = is_raw(&mut g);
    let missing = !raw && g.chance(1, 10);
    let text = if raw { g.rest_text() } else { document(&mut g) };
    let input = (!missing).then_some(text.as_str());
    let out = add_entry(input, ENTRY);
    let text = input.unwrap_or("");
    // Append-only.
    assert_only_changed(text, &out, &[text.len()..text.len()], ".gitignore append");
    // Git ignores the entry afterwards.
    assert!(
        ignored(&out),
        "`{ENTRY}` is not ignored after the append\n--- input\n{text:?}\n--- output\n{out:?}"
    );
    // A file left as it was already ignored the entry; a second append is a no-op.
    if out == text && input.is_some() {
        assert!(
            ignored(text),
            "nothing was added, though git doesn't ignore `{ENTRY}`"
        );
    }
    assert_eq!(
        add_entry(Some(&out), ENTRY),
        out,
        "the second append changed the file"
    );
}
