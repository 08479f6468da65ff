//! `.env` files: `set`, `rename` and `remove`, as init and doctor's fixes use them.

use std::ops::Range;

use convex_authkit::edit::envfile::{EnvEntry, EnvFile};

use super::{Gen, assert_only_changed, is_raw};

const KEYS: &[&str] = &[
    "VITE_WORKOS_CLIENT_ID",
    "VITE_WORKOS_REDIRECT_URI",
    "WORKOS_API_KEY",
    "CONVEX_DEPLOYMENT",
    "export",
    "A",
    "_x.y-z",
];

const VALUES: &[&str] = &[
    "client_01JTEST0000000000000000000",
    "http://localhost:5173/callback",
    "",
    "has space",
    "hash # inside",
    "quote\"d",
    "single'q",
    "back`tick",
    "line\nbreak",
    "cr\rhere",
    "back\\slash",
    "é😀",
    "=",
    "sk_test_abc",
];

/// One line (or a multi-line quoted value) of a `.env` file.
fn line(g: &mut Gen<'_>, eol: &str) -> String {
    match g.below(10) {
        0 => String::new(),
        1 => format!("# {}", g.pick(&["comment", "KEY=commented", "é"])),
        2 => g.pick(&["  ", "\t", " # indented comment"]).to_string(),
        _ => {
            let indent = *g.pick(&["", "", "  ", "\t"]);
            let export = *g.pick(&["", "", "export ", "export\t"]);
            let key = *g.pick(KEYS);
            let around = *g.pick(&["", "", " ", "\t"]);
            let value = *g.pick(VALUES);
            let raw = match g.below(6) {
                0 | 1 => value.replace(['\n', '\r', '#', ' ', '"', '\'', '`'], ""),
                2 => format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")),
                3 => format!("'{}'", value.replace('\'', "")),
                4 => format!("`{}`", value.replace('`', "")),
                _ => format!("\"multi{eol}line{eol}value\""),
            };
            let tail = *g.pick(&["", "", " # trailing", "  ", " #"]);
            format!("{indent}{export}{key}{around}={around}{raw}{tail}")
        }
    }
}

pub fn document(g: &mut Gen<'_>) -> String {
    let mut eol = *g.pick(&["\n", "\n", "\r\n"]);
    let mut out = String::new();
    if g.chance(1, 12) {
        out.push('\u{feff}');
    }
    let n = g.below(8);
    for i in 0..n {
        // Mixed endings, now and then.
        if g.chance(1, 10) {
            eol = if eol == "\n" { "\r\n" } else { "\n" };
        }
        out.push_str(&line(g, eol));
        if i + 1 < n || g.chance(3, 4) {
            out.push_str(eol);
        }
    }
    out
}

enum Op {
    Set(String, String),
    Rename(String, String),
    Remove(String),
}

pub fn run(data: &[u8]) {
    let mut g = Gen::new(data);
    let raw = is_raw(&mut g);
    let key = g.pick(KEYS).to_string();
    let op = match g.below(5) {
        0..=2 => Op::Set(key, g.pick(VALUES).to_string()),
        3 => Op::Rename(
            key,
            g.pick(&["NEXT_PUBLIC_WORKOS_REDIRECT_URI", "B", "A"])
                .to_string(),
        ),
        _ => Op::Remove(key),
    };
    let text = if raw { g.rest_text() } else { document(&mut g) };
    check(&text, &op);
}

fn check(text: &str, op: &Op) {
    let mut env = match EnvFile::parse(text) {
        Ok(env) => env,
        Err(e) => {
            let lines = convex_authkit::error::line_col(text, text.len()).0;
            assert!(
                e.line >= 1 && e.line <= lines && e.column >= 1,
                "error position {}:{} outside the file: {e}\n--- input\n{text:?}",
                e.line,
                e.column
            );
            return;
        }
    };
    assert_eq!(env.render(), text, "parse + render is not the identity");
    let before = env.entries();
    let key = match op {
        Op::Set(k, _) | Op::Rename(k, _) | Op::Remove(k) => k.as_str(),
    };
    let apply = |env: &mut EnvFile| match op {
        Op::Set(k, v) => env.set(k, v),
        Op::Rename(from, to) => {
            env.rename(from, to);
        }
        Op::Remove(k) => {
            env.remove(k);
        }
    };
    apply(&mut env);
    let out = env.render();
    // It re-parses, and says what was set.
    let reparsed = EnvFile::parse(&out).unwrap_or_else(|e| {
        panic!("the output doesn't parse: {e}\n--- input\n{text:?}\n--- output\n{out:?}")
    });
    let after = reparsed.entries();
    let others = |entries: &[EnvEntry], skip: &[&str]| -> Vec<(String, String)> {
        entries
            .iter()
            .filter(|e| !skip.contains(&e.key.as_str()))
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    };
    match op {
        Op::Set(k, v) => {
            assert_eq!(
                reparsed.get(k).map(|e| e.value),
                Some(v.clone()),
                "`{k}` doesn't read back\n--- input\n{text:?}\n--- output\n{out:?}"
            );
            assert_eq!(
                others(&before, &[k]),
                others(&after, &[k]),
                "another key changed\n--- output\n{out:?}"
            );
        }
        Op::Rename(from, to) => {
            let old: Vec<String> = before
                .iter()
                .filter(|e| &e.key == from)
                .map(|e| e.value.clone())
                .collect();
            if !old.is_empty() && before.iter().all(|e| &e.key != to) {
                assert_eq!(
                    reparsed.get(to).map(|e| e.value),
                    old.last().cloned(),
                    "{out:?}"
                );
                assert!(reparsed.get(from).is_none() || from == to, "{out:?}");
            }
            assert_eq!(
                others(&before, &[from, to]),
                others(&after, &[from, to]),
                "{out:?}"
            );
        }
        Op::Remove(k) => {
            assert!(
                reparsed.get(k).is_none(),
                "`{k}` is still there\n--- output\n{out:?}"
            );
            assert_eq!(others(&before, &[k]), others(&after, &[k]), "{out:?}");
        }
    }
    // Only the lines of `key` change (and the end of the file, where a new key goes).
    let mut allowed = key_lines(text, &before, key);
    if let Op::Set(..) = op
        && before.iter().all(|e| e.key != key)
    {
        allowed = vec![text.len()..text.len()];
    }
    if let Op::Set(..) = op {
        // Only the last assignment is the one that counts, and the only one that changes.
        if let Some(last) = allowed.pop() {
            allowed = vec![last];
        }
    }
    assert_only_changed(text, &out, &allowed, ".env edit");
    // A second application changes nothing.
    let mut again = reparsed.clone();
    apply(&mut again);
    assert_eq!(
        again.render(),
        out,
        "the second application changed the file"
    );
}

/// The byte ranges of every assignment of `key`: from its line's start to the next
/// assignment's line (comments in between included), or the end of the file.
fn key_lines(text: &str, entries: &[EnvEntry], key: &str) -> Vec<Range<usize>> {
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // Lines end at `\n`, `\r\n` or a lone `\r`, as the editor counts them.
    let b = text.as_bytes();
    let line_starts: Vec<usize> = std::iter::once(body_start)
        .chain((0..b.len()).filter_map(|i| {
            let ends = b[i] == b'\n' || b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
            ends.then_some(i + 1)
        }))
        .collect();
    let start_of = |line: usize| line_starts.get(line - 1).copied().unwrap_or(text.len());
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.key == key)
        .map(|(i, e)| {
            let end = entries.get(i + 1).map_or(text.len(), |n| start_of(n.line));
            start_of(e.line)..end
        })
        .collect()
}
