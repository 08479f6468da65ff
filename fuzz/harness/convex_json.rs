//! `convex.json`: the `authKit` edit init makes, and the path edits doctor's fixes make
//! (`set_string`, `remove`, `set_if_absent`), on JSONC documents.

use std::ops::Range;

use convex_authkit::edit::convex_json::{self, AuthKitSpec, EnvSection};
use jsonc_parser::ParseOptions;
use jsonc_parser::ast::{self, Value as Ast};
use jsonc_parser::common::Ranged;
use serde_json::Value;

use super::{Gen, assert_located, assert_only_changed, eol, is_raw, prettier_options};

const FILE: &str = "convex.json";

/// The keys the generator uses: Convex's own, the `authKit` schema's, and a few strangers.
const KEYS: &[&str] = &[
    "authKit",
    "dev",
    "prod",
    "preview",
    "configure",
    "redirectUris",
    "appHomepageUrl",
    "corsOrigins",
    "localEnvVars",
    "environmentType",
    "functions",
    "node",
    "$schema",
    "externalPackages",
    "VITE_WORKOS_CLIENT_ID",
    "é",
    "a\"b",
];

const STRINGS: &[&str] = &[
    "http://localhost:5173/callback",
    "http://localhost:3000/callback",
    "https://app.example.com/callback",
    "http://localhost:5173",
    "${authEnv.WORKOS_CLIENT_ID}",
    "convex/",
    "",
    "é ü 😀",
    "quote \" and \\ backslash",
    "\u{2028}",
    "production",
];

/// Style choices for one generated document.
pub struct Style {
    pub indent: &'static str,
    pub eol: &'static str,
    pub inline: bool,
    pub comments: bool,
    pub trailing_commas: bool,
}

impl Style {
    pub fn new(g: &mut Gen<'_>, strict: bool) -> Style {
        Style {
            indent: *g.pick(&["  ", "    ", "\t", " "]),
            eol: eol(g),
            inline: g.chance(1, 6),
            comments: !strict && g.chance(1, 2),
            trailing_commas: !strict && g.chance(1, 5),
        }
    }
}

/// A JSON (or JSONC) value, printed in `style`; `keys` biases the object keys.
pub fn value(g: &mut Gen<'_>, s: &Style, keys: &[&str], depth: usize, level: usize) -> String {
    let kind = if depth == 0 {
        2 + g.below(4)
    } else {
        g.below(7)
    };
    match kind {
        0 | 1 => object(g, s, keys, depth - 1, level),
        2 => serde_json::to_string(g.pick(STRINGS)).unwrap(),
        3 => g
            .pick(&["0", "-1.5e3", "true", "false", "null", "5173"])
            .to_string(),
        4 | 5 => {
            let n = g.below(4);
            let items: Vec<String> = (0..n)
                .map(|_| {
                    if depth > 0 && g.chance(1, 6) {
                        value(g, s, keys, depth - 1, level + 1)
                    } else {
                        serde_json::to_string(g.pick(STRINGS)).unwrap()
                    }
                })
                .collect();
            let comma = if s.trailing_commas && n > 0 { "," } else { "" };
            format!("[{}{comma}]", items.join(", "))
        }
        _ => object(g, s, keys, depth.saturating_sub(1), level),
    }
}

pub fn object(g: &mut Gen<'_>, s: &Style, keys: &[&str], depth: usize, level: usize) -> String {
    let n = g.below(5);
    let inner = s.indent.repeat(level + 1);
    let close = s.indent.repeat(level);
    let mut props = Vec::new();
    for _ in 0..n {
        let key = serde_json::to_string(g.pick(keys)).unwrap();
        let v = value(g, s, keys, depth, level + 1);
        let mut prop = format!("{key}: {v}");
        if s.comments && g.chance(1, 5) {
            prop = format!("// note{}{inner}{prop}", s.eol);
        }
        if s.comments && g.chance(1, 8) {
            prop.push_str(" /* c */");
        }
        props.push(prop);
    }
    if props.is_empty() {
        return if g.chance(1, 2) {
            "{}".into()
        } else {
            format!("{{{}{close}}}", s.eol)
        };
    }
    let comma = if s.trailing_commas { "," } else { "" };
    if s.inline || g.chance(1, 8) {
        format!("{{ {}{comma} }}", props.join(", "))
    } else {
        let sep = format!(",{}{inner}", s.eol);
        format!(
            "{{{eol}{inner}{}{comma}{eol}{close}}}",
            props.join(&sep),
            eol = s.eol
        )
    }
}

/// A whole `convex.json`: mostly an object with an `authKit` section of some shape.
pub fn document(g: &mut Gen<'_>) -> String {
    let s = Style::new(g, false);
    let mut doc = match g.below(16) {
        0 => value(g, &s, KEYS, 2, 0),
        1 => String::new(),
        2 => "// only a comment\n".into(),
        _ => object(g, &s, KEYS, 4, 0),
    };
    if g.chance(1, 3) {
        doc.push_str(s.eol);
    }
    if g.chance(1, 16) {
        doc.insert(0, '\u{feff}');
    }
    doc
}

fn section(g: &mut Gen<'_>) -> EnvSection {
    let uris = [
        "http://localhost:5173/callback",
        "http://localhost:3000/callback",
        "https://app.example.com/callback",
        "http://localhost:5173/é",
        "quote\"back\\slash",
        "",
    ];
    let n = g.below(3);
    EnvSection {
        redirect_uris: (0..n).map(|_| g.pick(&uris).to_string()).collect(),
        app_homepage_url: g.chance(1, 2).then(|| {
            g.pick(&["http://localhost:5173", "https://app.example.com"])
                .to_string()
        }),
        cors_origins: (0..g.below(3))
            .map(|_| {
                g.pick(&["http://localhost:5173", "https://x.example"])
                    .to_string()
            })
            .collect(),
        local_env_vars: (0..g.below(3))
            .map(|_| {
                let (k, v) = *g.pick(&[
                    ("VITE_WORKOS_CLIENT_ID", "${authEnv.WORKOS_CLIENT_ID}"),
                    ("VITE_WORKOS_REDIRECT_URI", "http://localhost:5173/callback"),
                    (
                        "NEXT_PUBLIC_WORKOS_REDIRECT_URI",
                        "http://localhost:3000/callback",
                    ),
                ]);
                (k.to_string(), v.to_string())
            })
            .collect(),
        // Stale values to replace by the wanted one (or drop when it is there already).
        replace: (0..g.below(2))
            .map(|_| {
                g.pick(&[
                    "http://localhost:3000/callback",
                    "http://localhost:5173",
                    "x",
                ])
                .to_string()
            })
            .collect(),
    }
}

pub fn spec(g: &mut Gen<'_>) -> AuthKitSpec {
    let dev = section(g);
    let preview = g.chance(1, 4).then(|| section(g));
    let prod = g.chance(1, 3).then(|| {
        let mut s = section(g);
        s.local_env_vars.clear();
        s
    });
    AuthKitSpec { dev, preview, prod }
}

enum Op {
    Edit(AuthKitSpec, Option<convex_authkit::edit::prettier::Options>),
    SetString(Vec<String>, String),
    Remove(Vec<String>),
    SetIfAbsent(Vec<String>, String, String),
}

/// A path into the document: a walk down its real structure, or one of the paths the fixes use.
fn path(g: &mut Gen<'_>, value: Option<&Value>) -> Vec<String> {
    const FIXED: &[&[&str]] = &[
        &["authKit", "dev", "configure", "redirectUris", "0"],
        &["authKit", "dev", "configure", "appHomepageUrl"],
        &["authKit", "dev", "environmentType"],
        &["authKit", "prod"],
        &["authKit", "dev", "localEnvVars", "VITE_WORKOS_CLIENT_ID"],
        &["authKit"],
        &[],
    ];
    if g.chance(1, 2) || value.is_none() {
        return g.pick(FIXED).iter().map(|s| s.to_string()).collect();
    }
    let mut out = Vec::new();
    let mut v = value;
    while let Some(cur) = v {
        if !g.chance(3, 4) {
            break;
        }
        match cur {
            Value::Object(m) if !m.is_empty() => {
                let (k, next) = m.iter().nth(g.below(m.len())).unwrap();
                out.push(k.clone());
                v = Some(next);
            }
            Value::Array(a) if !a.is_empty() => {
                let i = g.below(a.len() + 1);
                out.push(i.to_string());
                v = a.get(i);
            }
            _ => break,
        }
    }
    out
}

pub fn run(data: &[u8]) {
    let mut g = Gen::new(data);
    let raw = is_raw(&mut g);
    let op_kind = g.below(8);
    let (text, op) = if raw {
        let spec = spec(&mut g);
        let text = g.rest_text();
        (text, Op::Edit(spec, None))
    } else {
        let text = document(&mut g);
        let parsed = convex_json::parse(&text).ok();
        let value_str = *g.pick(&["http://localhost:5173/callback", "", "é\"\\", "x"]);
        let op = match op_kind {
            0..=4 => Op::Edit(spec(&mut g), prettier_options(&mut g)),
            5 => Op::SetString(path(&mut g, parsed.as_ref()), value_str.into()),
            6 => Op::Remove(path(&mut g, parsed.as_ref())),
            _ => Op::SetIfAbsent(
                path(&mut g, parsed.as_ref()),
                g.pick(&["environmentType", "appHomepageUrl", "x"])
                    .to_string(),
                value_str.into(),
            ),
        };
        (text, op)
    };
    check(&text, &op);
}

fn check(text: &str, op: &Op) {
    let input = convex_json::parse(text);
    let result = match op {
        Op::Edit(spec, prettier) => {
            convex_json::edit_in_style(Some(text), spec, prettier.as_ref()).map(|e| e.text)
        }
        Op::SetString(p, v) => convex_json::set_string(text, &refs(p), v),
        Op::Remove(p) => convex_json::remove(text, &refs(p)),
        Op::SetIfAbsent(p, k, v) => convex_json::set_if_absent(text, &refs(p), k, v),
    };
    let out = match result {
        Err(e) => {
            assert_located(&e, FILE, text);
            return;
        }
        Ok(out) => out,
    };
    let Ok(before) = input else {
        panic!(
            "an edit of a file that doesn't parse succeeded\n--- input\n{text:?}\n--- output\n{out:?}"
        );
    };
    // It re-parses, as JSONC and with the Convex CLI's schema rules no stricter than before.
    let after = convex_json::parse(&out).unwrap_or_else(|e| {
        panic!("the output doesn't parse: {e:?}\n--- input\n{text:?}\n--- output\n{out:?}")
    });
    let ast = jsonc_parser::parse_to_ast(text, &Default::default(), &ParseOptions::default())
        .expect("parses");
    let allowed = allowed_ranges(text, ast.value.as_ref(), op);
    assert_only_changed(text, &out, &allowed, "convex.json edit");
    if matches!(op, Op::Edit(..) | Op::SetIfAbsent(..)) {
        assert_comments_kept(text, &out);
    }
    // Outside the edited part, the document means the same.
    if let Op::Edit(spec, _) = op {
        let strip = |v: &Value| match v {
            Value::Object(m) => {
                let mut m = m.clone();
                m.remove("authKit");
                Value::Object(m)
            }
            Value::Null => Value::Object(Default::default()),
            other => other.clone(),
        };
        assert_eq!(
            strip(&before),
            strip(&after),
            "a value outside `authKit` changed\n--- input\n{text:?}\n--- output\n{out:?}"
        );
        check_spec(&after, spec, text, &out);
    }
    // A second application changes nothing.
    let again = match op {
        Op::Edit(spec, prettier) => {
            convex_json::edit_in_style(Some(&out), spec, prettier.as_ref()).map(|e| e.text)
        }
        Op::SetString(p, v) => convex_json::set_string(&out, &refs(p), v),
        Op::Remove(p) => convex_json::remove(&out, &refs(p)),
        Op::SetIfAbsent(p, k, v) => convex_json::set_if_absent(&out, &refs(p), k, v),
    }
    .unwrap_or_else(|e| panic!("the second application failed: {e:?}\n--- output\n{out:?}"));
    if let Op::Remove(_) = op {
        // Removing an array element shifts the next one into its place: only idempotent when
        // nothing was removed.
        if out != text {
            return;
        }
    }
    assert_eq!(
        again, out,
        "the second application changed the file\n--- input\n{text:?}"
    );
}

/// Every wanted value is in the edited section, unless the user's own value was kept.
fn check_spec(after: &Value, spec: &AuthKitSpec, text: &str, out: &str) {
    let sections = [
        ("dev", Some(&spec.dev)),
        ("preview", spec.preview.as_ref()),
        ("prod", spec.prod.as_ref()),
    ];
    for (name, want) in sections {
        let Some(want) = want else { continue };
        let s = &after["authKit"][name];
        assert!(
            s.is_object(),
            "`authKit.{name}` is missing\n--- input\n{text:?}\n--- output\n{out:?}"
        );
        let configure = &s["configure"];
        if configure != &Value::Bool(false)
            && !(want.redirect_uris.is_empty()
                && want.cors_origins.is_empty()
                && want.app_homepage_url.is_none())
        {
            for (key, list) in [
                ("redirectUris", &want.redirect_uris),
                ("corsOrigins", &want.cors_origins),
            ] {
                for w in list {
                    let has = configure[key]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(w)));
                    assert!(
                        has,
                        "`{w}` is not in `authKit.{name}.configure.{key}`\n--- input\n{text:?}\n--- output\n{out:?}"
                    );
                }
            }
            if want.app_homepage_url.is_some() {
                assert!(
                    !configure["appHomepageUrl"].is_null(),
                    "no appHomepageUrl\n--- output\n{out:?}"
                );
            }
        }
        if !want.local_env_vars.is_empty() && s["localEnvVars"] != Value::Bool(false) {
            for (k, _) in &want.local_env_vars {
                assert!(
                    !s["localEnvVars"][k].is_null(),
                    "`{k}` is not in `authKit.{name}.localEnvVars`\n--- output\n{out:?}"
                );
            }
        }
    }
}

fn refs(p: &[String]) -> Vec<&str> {
    p.iter().map(String::as_str).collect()
}

/// Where `op` may write, from the input's syntax tree.
fn allowed_ranges(text: &str, root: Option<&Ast<'_>>, op: &Op) -> Vec<Range<usize>> {
    let all = vec![0..text.len()];
    let Some(root) = root else { return all };
    match op {
        Op::Edit(..) => {
            let Ast::Object(obj) = root else { return all };
            let auth: Vec<Range<usize>> = obj
                .properties
                .iter()
                .filter(|p| p.name.as_str() == "authKit")
                .map(|p| p.range.start..p.range.end)
                .collect();
            if auth.is_empty() {
                vec![object_tail(text, obj)]
            } else {
                auth
            }
        }
        Op::SetString(p, _) => match node(root, p) {
            Some(n) => vec![n.range().start..n.range().end],
            None => vec![],
        },
        Op::Remove(p) => {
            let Some((last, parent)) = p.split_last() else {
                return vec![];
            };
            match node(root, parent) {
                Some(Ast::Object(o)) => {
                    let props: Vec<Range<usize>> = o
                        .properties
                        .iter()
                        .map(|p| p.range.start..p.range.end)
                        .collect();
                    match o.properties.iter().position(|pr| pr.name.as_str() == last) {
                        Some(i) => around(&props, i, o.range.start..o.range.end),
                        None => vec![],
                    }
                }
                Some(Ast::Array(a)) => {
                    let els: Vec<Range<usize>> = a
                        .elements
                        .iter()
                        .map(|e| e.range().start..e.range().end)
                        .collect();
                    match last.parse::<usize>().ok().filter(|i| *i < els.len()) {
                        Some(i) => around(&els, i, a.range.start..a.range.end),
                        None => vec![],
                    }
                }
                _ => vec![],
            }
        }
        Op::SetIfAbsent(p, ..) => match node(root, p) {
            Some(Ast::Object(o)) => vec![object_tail(text, o)],
            _ => vec![],
        },
    }
}

/// From the end of the last property (or the `{`) to the end of the object: where appending a
/// property writes (its comma, its line, and the closing brace's line). An object on one line
/// (its first property on the `{`'s line) is broken one property per line when it gets a
/// multi-line one (as Prettier prints it), so
/// all of it may change: [`assert_comments_kept`] and the values compared outside the edit
/// check it then.
pub fn object_tail(text: &str, o: &ast::Object<'_>) -> Range<usize> {
    let first = o.properties.first().map_or(o.range.end, |p| p.range.start);
    if !text[o.range.start..first].contains('\n') {
        return o.range.start..o.range.end;
    }
    let start = o
        .properties
        .last()
        .map_or(o.range.start + 1, |p| p.range.end);
    start..o.range.end
}

/// Every comment of `input` is still in `output`.
pub fn assert_comments_kept(input: &str, output: &str) {
    let comments = |text: &str| -> Vec<String> {
        let collect = jsonc_parser::CollectOptions {
            comments: jsonc_parser::CommentCollectionStrategy::Separate,
            tokens: false,
        };
        let Ok(ast) = jsonc_parser::parse_to_ast(text, &collect, &ParseOptions::default()) else {
            return Vec::new();
        };
        let mut seen = std::collections::BTreeMap::new();
        for list in ast.comments.iter().flat_map(|m| m.values()) {
            for c in list.iter() {
                let r = c.range();
                seen.insert(r.start, text[r.start..r.end].to_string());
            }
        }
        let mut out: Vec<String> = seen.into_values().collect();
        out.sort();
        out
    };
    let mut after = comments(output);
    for c in comments(input) {
        match after.iter().position(|a| *a == c) {
            Some(i) => {
                after.remove(i);
            }
            None => {
                panic!("the comment {c:?} is gone\n--- input\n{input:?}\n--- output\n{output:?}")
            }
        }
    }
}

/// Item `i` of `items` with the separators on both sides (to the neighbours, or the brackets).
fn around(items: &[Range<usize>], i: usize, container: Range<usize>) -> Vec<Range<usize>> {
    let start = if i > 0 {
        items[i - 1].end
    } else {
        container.start + 1
    };
    let end = items.get(i + 1).map_or(container.end - 1, |n| n.start);
    vec![start..end]
}

fn node<'b, 'a>(root: &'b Ast<'a>, path: &[String]) -> Option<&'b Ast<'a>> {
    let mut cur = root;
    for part in path {
        cur = match cur {
            Ast::Object(o) => &o.properties.iter().find(|p| p.name.as_str() == part)?.value,
            Ast::Array(a) => a.elements.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}
