//! `package.json`: the dependencies init adds (or bumps) and the script a port pin rewrites.

use std::ops::Range;

use convex_authkit::edit::package_json::{self, DepChange, PackageJson};
use jsonc_parser::ParseOptions;
use jsonc_parser::ast::Value as Ast;
use jsonc_parser::common::Ranged;
use serde_json::Value;

use super::convex_json::{Style, object, value};
use super::{Gen, assert_located, assert_only_changed, eol, is_raw};

const KEYS: &[&str] = &[
    "name",
    "dependencies",
    "devDependencies",
    "scripts",
    "dev",
    "convex",
    "react",
    "@workos-inc/authkit-react",
    "@convex-dev/workos",
    "zod",
    "private",
];

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

fn document(g: &mut Gen<'_>) -> String {
    let s = Style::new(g, true);
    let mut doc = if g.chance(1, 20) {
        value(g, &s, KEYS, 1, 0)
    } else if g.chance(1, 2) {
        // The usual shape: name, scripts, deps (sorted or not).
        let deps = |g: &mut Gen<'_>| {
            let mut names: Vec<&str> = (0..g.below(5))
                .map(|_| {
                    *g.pick(&[
                        "convex",
                        "react",
                        "react-dom",
                        "zod",
                        "@workos-inc/authkit-react",
                        "a",
                        "é",
                    ])
                })
                .collect();
            if g.chance(2, 3) {
                names.sort();
            }
            let props: Vec<String> = names
                .iter()
                .map(|n| {
                    format!(
                        "{}{n:?}: {:?}",
                        s.indent.repeat(2),
                        g.pick(&["^1.0.0", "latest", "workspace:*", ""])
                    )
                })
                .collect();
            if props.is_empty() {
                "{}".to_string()
            } else {
                format!(
                    "{{{e}{}{e}{}}}",
                    props.join(&format!(",{}", s.eol)),
                    s.indent,
                    e = s.eol
                )
            }
        };
        let mut props = vec![format!("{}\"name\": \"app\"", s.indent)];
        if g.chance(2, 3) {
            props.push(format!(
                "{}\"scripts\": {{ \"dev\": {:?} }}",
                s.indent,
                g.pick(&["vite", "next dev", "convex dev --start 'next dev -p 3000'"])
            ));
        }
        if g.chance(3, 4) {
            let d = deps(g);
            props.push(format!("{}\"dependencies\": {d}", s.indent));
        }
        if g.chance(1, 2) {
            let d = deps(g);
            props.push(format!("{}\"devDependencies\": {d}", s.indent));
        }
        if g.chance(1, 2) {
            let last = props.len();
            props.swap(g.below(last), last - 1);
        }
        format!(
            "{{{e}{}{e}}}",
            props.join(&format!(",{}", s.eol)),
            e = s.eol
        )
    } else {
        object(g, &s, KEYS, 3, 0)
    };
    if g.chance(2, 3) {
        doc.push_str(eol(g));
    }
    if g.chance(1, 16) {
        doc.insert(0, '\u{feff}');
    }
    doc
}

enum Op {
    Deps(Vec<DepChange>),
    Script(String, String),
}

fn op(g: &mut Gen<'_>) -> Op {
    if g.chance(1, 4) {
        return Op::Script(
            g.pick(&["dev", "build", "x"]).to_string(),
            g.pick(&[
                "vite --port 5173 --strictPort",
                "next dev -p 3000",
                "é \"q\"",
            ])
            .to_string(),
        );
    }
    let mut changes: Vec<DepChange> = Vec::new();
    for _ in 0..1 + g.below(3) {
        let name = g
            .pick(&[
                "@workos-inc/authkit-react",
                "@convex-dev/workos",
                "convex",
                "zod",
                "a",
            ])
            .to_string();
        if changes.iter().any(|c| c.name == name) {
            continue;
        }
        let bump = g.chance(1, 4);
        changes.push(DepChange {
            name,
            range: g.pick(&["^0.16.2", "^0.0.3", "^1.31.6"]).to_string(),
            from: bump.then(|| "^1.0.0".to_string()),
        });
    }
    Op::Deps(changes)
}

pub fn run(data: &[u8]) {
    let mut g = Gen::new(data);
    let raw = is_raw(&mut g);
    let op = op(&mut g);
    let text = if raw { g.rest_text() } else { document(&mut g) };
    check(&text, &op);
}

fn apply(text: &str, op: &Op) -> Result<String, convex_authkit::error::UserError> {
    match op {
        Op::Deps(changes) => package_json::apply_dep_changes(text, changes),
        Op::Script(name, value) => package_json::set_script(text, name, value),
    }
}

fn check(text: &str, op: &Op) {
    // Init reads the file with `PackageJson::parse` before editing it: a file it refuses is never
    // edited, and its error names a position.
    let pkg = match PackageJson::parse("package.json", text.to_string()) {
        Ok(pkg) => pkg,
        Err(e) => {
            assert_located(&e, "package.json", text);
            assert!(
                apply(text, op).is_err() || !pkg_is_object(text),
                "an edit of a file npm can't read succeeded: {text:?}"
            );
            return;
        }
    };
    let out = match apply(text, op) {
        Ok(out) => out,
        Err(e) => {
            // A missing script names no position; anything else in the file does.
            if !(matches!(op, Op::Script(..))
                && e.kind == convex_authkit::error::ErrorKind::Project)
            {
                assert_located(&e, "package.json", text);
            }
            return;
        }
    };
    let after = PackageJson::parse("package.json", out.clone()).unwrap_or_else(|e| {
        panic!("the output doesn't parse: {e:?}\n--- input\n{text:?}\n--- output\n{out:?}")
    });
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offset = text.len() - body.len();
    let ast = jsonc_parser::parse_to_ast(body, &Default::default(), &strict()).expect("parses");
    let Some(Ast::Object(root)) = &ast.value else {
        panic!("not an object")
    };
    let prop = |name: &str| {
        root.properties
            .iter()
            .rev()
            .find(|p| p.name.as_str() == name)
    };
    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
    let mut allowed: Vec<Range<usize>> = Vec::new();
    let tail = || super::convex_json::object_tail(body, root);
    match op {
        Op::Deps(changes) => {
            let mut keys: Vec<&str> = Vec::new();
            for c in changes {
                if c.from.is_some() {
                    for section in ["dependencies", "devDependencies"] {
                        if let Some(p) = root.properties.iter().find(|p| p.name.as_str() == section)
                        {
                            allowed.push(shift(p.range.start..p.range.end));
                        }
                    }
                } else {
                    keys.push("dependencies");
                    match root
                        .properties
                        .iter()
                        .find(|p| p.name.as_str() == "dependencies")
                    {
                        Some(p) => allowed.push(shift(p.range.start..p.range.end)),
                        None => allowed.push(shift(tail())),
                    }
                }
                let section_value =
                    |v: &Value, s: &str| v.get(s).and_then(|d| d.get(&c.name)).cloned();
                if c.from.is_none() {
                    assert_eq!(
                        section_value(&after.value, "dependencies")
                            .as_ref()
                            .and_then(Value::as_str),
                        Some(c.range.as_str()),
                        "`{}` was not added\n--- input\n{text:?}\n--- output\n{out:?}",
                        c.name
                    );
                }
            }
            let _ = keys;
        }
        Op::Script(name, value) => {
            if let Some(p) = prop("scripts")
                && let Ast::Object(o) = &p.value
                && let Some(s) = o.properties.iter().find(|p| p.name.as_str() == name)
            {
                allowed.push(shift(s.value.range().start..s.value.range().end));
            }
            assert_eq!(after.script(name), Some(value.as_str()), "{out:?}");
        }
    }
    assert_only_changed(text, &out, &allowed, "package.json edit");
    // Outside `dependencies`/`devDependencies`/`scripts`, the document means the same.
    let strip = |v: &Value| {
        let mut m = v.as_object().cloned().unwrap_or_default();
        for k in ["dependencies", "devDependencies", "scripts"] {
            m.remove(k);
        }
        m
    };
    assert_eq!(
        strip(&pkg.value),
        strip(&after.value),
        "a value outside the edit changed\n--- output\n{out:?}"
    );
    let again = apply(&out, op).expect("the second application failed");
    assert_eq!(again, out, "the second application changed the file");
}

fn pkg_is_object(text: &str) -> bool {
    serde_json::from_str::<Value>(text.strip_prefix('\u{feff}').unwrap_or(text))
        .is_ok_and(|v| v.is_object())
}
