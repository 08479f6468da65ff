//! The layering `docs/architecture.md` describes, checked on the source: no import cycles between
//! modules (a child importing from its parent counts), no layer importing a higher one, and no
//! command importing another command.
//!
//! Each `.rs` file under `src/` is one module. An import is a `crate::…` or `super::…` path
//! (also inside `use …::{…}` groups), or a parent naming one of its children (`child::item`, or the
//! bare name in a registry list such as `rules! { a, b }`); declaring a child with `mod` is not.
//! Comments and `#[cfg(test)] mod tests` tails are skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first: a module may import only from its own layer or a lower one.
const LAYERS: &[&str] = &[
    "error",
    "workos",
    "ui",
    "files",
    "edit",
    "token",
    "frameworks",
    "app",
    "emulator",
    "commands",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs_err::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `a/b.rs` → `a::b`; `a/mod.rs` → `a`; `lib.rs`/`main.rs` → none.
fn module_of(src: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    match parts.as_slice() {
        [one] if one == "lib" || one == "main" => None,
        _ => Some(parts.join("::")),
    }
}

/// The code of a module without comments and without its test tail.
fn code(text: &str) -> String {
    let text = text
        .find("#[cfg(test)]\nmod tests")
        .map_or(text, |i| &text[..i]);
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every `crate::…`/`super::…` path in `code`, as (root, lowercase segments), with `use` groups
/// expanded one level.
fn paths(code: &str) -> Vec<(&'static str, Vec<String>)> {
    let mut out = Vec::new();
    for root in ["crate", "super"] {
        let mut rest = code;
        while let Some(i) = rest.find(root) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + root.len()..];
            if before.is_some_and(|c| is_ident(c) || c == ':') || !rest.starts_with("::") {
                continue;
            }
            let mut segs = Vec::new();
            let mut tail = rest;
            while let Some(after) = tail.strip_prefix("::") {
                let n = after.find(|c: char| !is_ident(c)).unwrap_or(after.len());
                let seg = &after[..n];
                if seg.is_empty() {
                    // `::{ a, b::c }`: each item of the group.
                    if let Some(group) = after.strip_prefix('{') {
                        let end = group.find('}').unwrap_or(group.len());
                        for item in group[..end].split(',') {
                            let item = item.split(" as ").next().unwrap_or("").trim();
                            let mut s = segs.clone();
                            s.extend(
                                item.split("::")
                                    .take_while(|p| p.starts_with(|c: char| c.is_ascii_lowercase()))
                                    .map(str::to_string),
                            );
                            out.push((root, s));
                        }
                    }
                    break;
                }
                if !seg.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') {
                    break;
                }
                segs.push(seg.to_string());
                tail = &after[n..];
            }
            out.push((root, segs));
        }
    }
    out
}

/// The longest known module that `segs` names.
fn resolve(modules: &BTreeSet<String>, segs: &[String]) -> Option<String> {
    (1..=segs.len())
        .rev()
        .map(|n| segs[..n].join("::"))
        .find(|m| modules.contains(m))
}

/// Whether a parent's code names `child` (`child::x`, or the bare name in a list).
fn names_child(code: &str, child: &str) -> bool {
    code.lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("mod ")
                || t.starts_with("pub mod ")
                || t.starts_with("pub(crate) mod "))
        })
        .any(|l| {
            l.match_indices(child).any(|(i, _)| {
                let before = l[..i].chars().next_back();
                let after = l[i + child.len()..].trim_start();
                let free = !before.is_some_and(|c| is_ident(c) || c == ':' || c == '.');
                let used = after.starts_with("::")
                    || after.starts_with([',', ';', ')', ']', '}'])
                    || after.is_empty() && l.trim() == child;
                free && used && !l[i + child.len()..].starts_with(|c: char| is_ident(c))
            })
        })
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeMap<String, String> = files
        .iter()
        .filter_map(|p| {
            Some((
                module_of(&src, p)?,
                code(&fs_err::read_to_string(p).unwrap()),
            ))
        })
        .collect();
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, code) in &modules {
        let here: Vec<String> = m.split("::").map(str::to_string).collect();
        let e = edges.entry(m.clone()).or_default();
        for (root, segs) in paths(code) {
            let full = if root == "crate" {
                segs
            } else {
                // `super` from `a/b.rs` is `a`; from `a/b/mod.rs` it is also `a`.
                let mut base = here[..here.len() - 1].to_vec();
                base.extend(segs);
                base
            };
            if let Some(t) = resolve(&names, &full).filter(|t| t != m) {
                e.insert(t);
            }
        }
        for child in names.iter().filter(|n| {
            n.strip_prefix(&format!("{m}::"))
                .is_some_and(|rest| !rest.contains("::"))
        }) {
            let name = child.rsplit("::").next().unwrap();
            if names_child(code, name) {
                e.insert(child.clone());
            }
        }
    }
    edges
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn no_import_cycles() {
    let found = cycles(&graph());
    assert!(
        found.is_empty(),
        "modules that import each other (move what they share into a leaf module):\n{}",
        found
            .iter()
            .map(|c| c.join(" <-> "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn layers_import_only_downwards() {
    let layer = |m: &str| LAYERS.iter().position(|l| m.split("::").next() == Some(*l));
    let mut bad = Vec::new();
    for (m, targets) in graph() {
        for t in targets {
            if let (Some(from), Some(to)) = (layer(&m), layer(&t))
                && to > from
            {
                bad.push(format!("{m} -> {t}"));
            }
            let command = |x: &str| {
                x.strip_prefix("commands::")
                    .map(|r| r.split("::").next().unwrap_or("").to_string())
            };
            if let (Some(a), Some(b)) = (command(&m), command(&t))
                && a != b
            {
                bad.push(format!("{m} -> {t} (a command imports another command)"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "imports against the layering:\n{}",
        bad.join("\n")
    );
}

/// The check itself sees what it must: a known cycle and a known upward import are found.
#[test]
fn the_checks_see_cycles_and_upward_imports() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("a::b".into());
    edges.entry("a::b".into()).or_default().insert("a".into());
    edges.entry("c".into()).or_default();
    assert_eq!(
        cycles(&edges),
        vec![vec!["a".to_string(), "a::b".to_string()]]
    );
    let p = paths("use super::{Diagnostic, fix::FixOp};\nlet x = crate::app::App::load();");
    assert!(p.contains(&("super", vec![])), "{p:?}");
    assert!(p.contains(&("super", vec!["fix".to_string()])), "{p:?}");
    assert!(p.contains(&("crate", vec!["app".to_string()])), "{p:?}");
    assert!(names_child("rules![\n    ak001_x,\n];", "ak001_x"));
    assert!(names_child("let t = tree::resolve(x);", "tree"));
    assert!(!names_child("pub mod tree;\nlet subtree = 1;", "tree"));
    // The real graph has the edges the layout relies on.
    let g = graph();
    assert!(
        g["commands::init"].contains("app"),
        "{:?}",
        g["commands::init"]
    );
    assert!(g["commands::doctor::rules"].contains("commands::doctor::rules::ak001_not_set_up"));
}
