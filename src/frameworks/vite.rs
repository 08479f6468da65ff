//! Vite's dev server as the frameworks built on it configure it (React with Vite, TanStack
//! Start): the config files, the env files and the prefix that exposes a variable to the
//! browser, the port from `vite.config.*` and the `dev` script, and pinning it.
//!
//! Why the details matter: Vite moves off its port when it is busy unless `strictPort` is set,
//! and the CLI's `--port` wins over the config, so the port sign-in returns to is read from both.

use oxc_ast::ast::{Expression, ObjectExpression, ObjectPropertyKind, PropertyKey};
use oxc_ast_visit::{Visit, walk};

use super::recipe::{DevPort, EnvMode, PortPin, SourceFile};
use super::scripts;
use crate::edit::js;
use crate::edit::package_json::PackageJson;
use crate::edit::prettier::js as pj;
use crate::edit::style::Style;
use crate::edit::{self, Edit};
use crate::error::{ErrorKind, Location, UserError};

/// Vite's config file names, in the order Vite looks for them.
pub const CONFIGS: &[&str] = &[
    "vite.config.ts",
    "vite.config.mts",
    "vite.config.js",
    "vite.config.mjs",
    "vite.config.cjs",
    "vite.config.cts",
];

/// The prefix that exposes a variable to the browser bundle unless `envPrefix` says otherwise.
pub const PUBLIC_PREFIX: &str = "VITE_";

/// The env files Vite loads in `mode`, lowest priority first: `.env` < `.env.local` <
/// `.env.[mode]` < `.env.[mode].local`.
pub fn env_files(mode: EnvMode) -> &'static [&'static str] {
    match mode {
        EnvMode::Development => &[
            ".env",
            ".env.local",
            ".env.development",
            ".env.development.local",
        ],
        EnvMode::Production => &[
            ".env",
            ".env.local",
            ".env.production",
            ".env.production.local",
        ],
    }
}

/// What `--pin-port` changes, for messages.
pub fn pin_port_action(port: u16) -> String {
    format!("set `server.port: {port}` and `server.strictPort: true` in the Vite config")
}

/// Where the pin goes (`config`: the Vite config's name and text, if there is one), for
/// doctor's `AK201`.
pub fn port_pin(config: Option<(&str, &str)>, port: u16) -> PortPin {
    let (file, action) = match config {
        Some((name, _)) => (
            Some(name.to_string()),
            format!("set `server.port: {port}` and `server.strictPort: true` in `{name}`"),
        ),
        None => (
            None,
            "pass `--strictPort` to `vite` in the `dev` script, or set `server.strictPort: true` in the Vite config".to_string(),
        ),
    };
    PortPin {
        file,
        script: None,
        missing: "`strictPort`",
        action,
        label: "no `server.strictPort: true` in this config",
        why: "when the port is busy Vite moves to the next free one, and sign-in then returns to a URI nothing serves",
    }
}

/// Port and pinning from `vite.config.*` and the `dev` script (the CLI flag wins, as in Vite).
pub fn detect_port(
    pkg: &PackageJson,
    config: Option<&SourceFile>,
    default: u16,
) -> Result<DevPort, UserError> {
    let mut result = DevPort {
        port: default,
        pinned: false,
        source: "default".into(),
        unresolved: None,
    };
    if let Some(config) = config {
        let server = ViteServer::find(config)?;
        if let Some(port) = server.port {
            result.port = port;
            result.source = format!("`{}`", config.rel);
        } else if server.has_port {
            result.unresolved = Some(format!(
                "`server.port` in `{}` is not a number literal, so the port can't be read",
                config.rel
            ));
        }
        result.pinned = server.strict_port;
    }
    let script = scan_dev_script(pkg);
    if let Some(port) = script.port {
        result.port = port;
        result.source = "`scripts.dev`".into();
        result.unresolved = None;
    }
    if let Some(strict) = script.strict {
        result.pinned = strict;
    }
    Ok(result)
}

#[derive(Debug, Default, PartialEq, Eq)]
struct ScriptPort {
    port: Option<u16>,
    strict: Option<bool>,
}

/// `vite --port N --strictPort` in `scripts.dev`, followed as [`scripts::invocations`] does; a
/// later flag wins.
fn scan_dev_script(pkg: &PackageJson) -> ScriptPort {
    let is_vite = |t: &str| t == "vite" || t.ends_with("/vite") || t.starts_with("vite@");
    let mut found = ScriptPort::default();
    for run in scripts::invocations(pkg, "dev", &is_vite) {
        let mut args = run.args.iter().map(String::as_str);
        while let Some(a) = args.next() {
            if a == "--port" {
                found.port = args.next().and_then(|p| p.parse().ok());
            } else if let Some(p) = a.strip_prefix("--port=") {
                found.port = p.parse().ok();
            } else if a == "--strictPort" || a == "--strict-port" || a == "--strictPort=true" {
                found.strict = Some(true);
            } else if a == "--strictPort=false" || a == "--no-strictPort" {
                found.strict = Some(false);
            }
        }
    }
    found
}

/// `server` in a Vite config: literal values and the spans the port-pinning edit needs.
#[derive(Debug, Default)]
struct ViteServer {
    port: Option<u16>,
    strict_port: bool,
    /// `{`…`}` of `server: { … }`.
    server_object: Option<std::ops::Range<usize>>,
    has_port: bool,
    /// Span of the `port` value, if present.
    port_value: Option<std::ops::Range<usize>>,
    /// Span of the `strictPort` value, if present.
    strict_value: Option<std::ops::Range<usize>>,
    /// `{`…`}` of the config object passed to `defineConfig` (or exported).
    config_object: Option<std::ops::Range<usize>>,
}

impl ViteServer {
    fn find(file: &SourceFile) -> Result<ViteServer, UserError> {
        js::with_program(&file.rel, &file.text, |program| {
            let mut v = ServerVisitor {
                out: ViteServer::default(),
                depth: 0,
            };
            v.visit_program(program);
            v.out
        })
    }
}

struct ServerVisitor {
    out: ViteServer,
    depth: usize,
}

fn key_name(key: &PropertyKey<'_>) -> Option<String> {
    key.static_name().map(|n| n.to_string())
}

impl<'a> Visit<'a> for ServerVisitor {
    fn visit_object_expression(&mut self, obj: &ObjectExpression<'a>) {
        let is_config = obj.properties.iter().any(|p| match p {
            ObjectPropertyKind::ObjectProperty(p) => {
                matches!(
                    key_name(&p.key).as_deref(),
                    Some("plugins" | "server" | "build" | "resolve")
                )
            }
            _ => false,
        });
        if is_config && self.out.config_object.is_none() {
            self.out.config_object = Some(js::range(obj.span));
        }
        for p in &obj.properties {
            if let ObjectPropertyKind::ObjectProperty(p) = p
                && key_name(&p.key).as_deref() == Some("server")
                && let Expression::ObjectExpression(server) = &p.value
                && self.out.server_object.is_none()
            {
                self.out.server_object = Some(js::range(server.span));
                for sp in &server.properties {
                    let ObjectPropertyKind::ObjectProperty(sp) = sp else {
                        continue;
                    };
                    match key_name(&sp.key).as_deref() {
                        Some("port") => {
                            self.out.has_port = true;
                            self.out.port_value =
                                Some(js::range(oxc_span::GetSpan::span(&sp.value)));
                            if let Expression::NumericLiteral(n) = &sp.value {
                                self.out.port = u16::try_from(n.value as i64).ok();
                            }
                        }
                        Some("strictPort") => {
                            self.out.strict_value =
                                Some(js::range(oxc_span::GetSpan::span(&sp.value)));
                            self.out.strict_port =
                                matches!(&sp.value, Expression::BooleanLiteral(b) if b.value);
                        }
                        _ => {}
                    }
                }
            }
        }
        self.depth += 1;
        walk::walk_object_expression(self, obj);
        self.depth -= 1;
    }
}

/// Sets `server.port` (if absent) and `server.strictPort: true` in a Vite config.
pub fn pin_port(
    file: &SourceFile,
    port: u16,
    prettier: Option<&crate::edit::prettier::Options>,
) -> Result<String, UserError> {
    let server = ViteServer::find(file)?;
    let src = &file.text;
    let style = Style::detect(src).with_prettier(prettier);
    let mut edits = Vec::new();
    if let Some(obj) = &server.server_object {
        let mut props = Vec::new();
        match (&server.port_value, server.port) {
            (None, _) => props.push(("port".to_string(), pj::id(&port.to_string()))),
            (Some(span), current) if current != Some(port) => {
                edits.push(Edit::replace(span.clone(), port.to_string()))
            }
            _ => {}
        }
        match &server.strict_value {
            Some(v) => edits.push(Edit::replace(v.clone(), "true")),
            None => props.push(("strictPort".to_string(), pj::id("true"))),
        }
        if !props.is_empty() {
            edits.push(insert_props(src, obj, &props, &style));
        }
    } else if let Some(obj) = &server.config_object {
        let server = pj::object(
            vec![
                pj::kv("port", pj::id(&port.to_string())),
                pj::kv("strictPort", pj::id("true")),
            ],
            false,
        );
        edits.push(insert_props(src, obj, &[("server".into(), server)], &style));
    } else {
        return Err(UserError::new(ErrorKind::UnsupportedCode, format!("can't find the config object in `{}`", file.rel))
            .at(Location::at(&file.rel, src, 0))
            .snippet(format!("server: {{ port: {port}, strictPort: true }},"))
            .hint("add the snippet to your Vite config by hand, or run without `--pin-port`; nothing was written"));
    }
    let out =
        edit::apply(src, &edits).map_err(|e| UserError::new(ErrorKind::UnsupportedCode, e))?;
    let out = fit_objects(&file.rel, out, &style)?;
    js::check_parses(&file.rel, &out)?;
    Ok(out)
}

/// Inserts properties at the start of the object whose braces span `obj`: one per line if the
/// object is broken (printed as Prettier would in an app that uses it), else inline.
fn insert_props(
    src: &str,
    obj: &std::ops::Range<usize>,
    props: &[(String, pj::Expr)],
    style: &Style,
) -> Edit {
    // Without Prettier, a property prints as it always did: on one line.
    let one_line = crate::edit::prettier::Options {
        print_width: usize::MAX / 4,
        ..Default::default()
    };
    let print = |indent: &str, key: &str, value: &pj::Expr| {
        style
            .print(indent, |p| p.property(key, value))
            .unwrap_or_else(|| {
                Style::default()
                    .with_prettier(Some(&one_line))
                    .print("", |p| p.property(key, value))
                    .unwrap_or_default()
            })
    };
    let inner = &src[obj.start + 1..obj.end - 1];
    let space = if style.prettier.as_ref().is_none_or(|o| o.bracket_spacing) {
        " "
    } else {
        ""
    };
    if inner.contains('\n') {
        let first_line = inner.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let indent = &first_line[..first_line.len() - first_line.trim_start().len()];
        let indent = if indent.is_empty() {
            format!("{}{}", js::line_indent(src, obj.start), style.indent)
        } else {
            indent.to_string()
        };
        let text: String = props
            .iter()
            .map(|(k, v)| format!("{}{indent}{},", style.eol, print(&indent, k, v)))
            .collect();
        Edit::insert(obj.start + 1, text)
    } else {
        let printed: Vec<String> = props.iter().map(|(k, v)| print("", k, v)).collect();
        if inner.trim().is_empty() {
            Edit::replace(
                obj.start + 1..obj.end - 1,
                format!("{space}{}{space}", printed.join(", ")),
            )
        } else if space.is_empty() {
            Edit::insert(obj.start + 1, format!("{}, ", printed.join(", ")))
        } else {
            Edit::insert(obj.start + 1, format!(" {},", printed.join(", ")))
        }
    }
}

/// With Prettier, the one-line objects the pinned port went into are broken, outermost first,
/// while their line is longer than `printWidth` (as Prettier breaks the outer group first).
fn fit_objects(rel: &str, mut out: String, style: &Style) -> Result<String, UserError> {
    let Some(o) = &style.prettier else {
        return Ok(out);
    };
    for _ in 0..2 {
        let server = ViteServer::find(&SourceFile {
            rel: rel.to_string(),
            text: out.clone(),
        })?;
        let next = [server.config_object, server.server_object]
            .into_iter()
            .flatten()
            .find(|obj| !out[obj.clone()].contains('\n') && line_too_long(&out, obj.start, o));
        let Some(obj) = next else { break };
        match expand_object(&out, &obj, style) {
            Some(expanded) => out = expanded,
            None => break,
        }
    }
    Ok(out)
}

/// Whether the line holding `offset` is longer than `printWidth`.
fn line_too_long(src: &str, offset: usize, o: &crate::edit::prettier::Options) -> bool {
    let start = js::line_start(src, offset);
    let end = src[offset..].find('\n').map_or(src.len(), |i| offset + i);
    let width: usize = src[start..end]
        .trim_end()
        .chars()
        .map(|c| if c == '\t' { o.tab_width } else { 1 })
        .sum();
    width > o.print_width
}

/// `src` with the one-line object at `obj` broken, one property per line as Prettier breaks an
/// object that doesn't fit; `None` if its properties can't be told apart simply (comments).
fn expand_object(src: &str, obj: &std::ops::Range<usize>, style: &Style) -> Option<String> {
    let inner = &src[obj.start + 1..obj.end - 1];
    if inner.contains("//") || inner.contains("/*") {
        return None;
    }
    let ind = js::line_indent(src, obj.start);
    let at = format!("{ind}{}", style.indent);
    let eol = style.eol;
    let body: Vec<String> = js::split_top_level(inner)?
        .iter()
        .map(|l| format!("{eol}{at}{l}"))
        .collect();
    let expanded = format!("{{{}{}{eol}{ind}}}", body.join(","), style.trailing_comma());
    Some(format!(
        "{}{expanded}{}",
        &src[..obj.start],
        &src[obj.end..]
    ))
}

/// The prefixes Vite exposes to the browser: `envPrefix` in `vite.config.*` when it is a string
/// literal or an array of them, else Vite's default `VITE_`. `None` when `envPrefix` is set to
/// something that can't be read statically: rules that depend on the prefix then stay quiet
/// rather than guess.
pub fn env_prefixes(config: Option<&str>) -> Option<Vec<String>> {
    let default = || Some(vec![PUBLIC_PREFIX.to_string()]);
    let Some(text) = config else {
        return default();
    };
    let Some(at) = text.find("envPrefix") else {
        return default();
    };
    let rest = text[at + "envPrefix".len()..].trim_start();
    let rest = rest.strip_prefix(['\'', '"']).unwrap_or(rest);
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let literal = |s: &str| -> Option<(String, usize)> {
        let q = s.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
        let end = s[1..].find(q)? + 1;
        let v = &s[1..end];
        (!v.is_empty() && !v.contains(['\\', '$'])).then(|| (v.to_string(), end + 1))
    };
    if let Some((v, _)) = literal(rest) {
        return Some(vec![v]);
    }
    let mut items = rest.strip_prefix('[')?;
    let mut out = Vec::new();
    loop {
        items = items.trim_start();
        if items.starts_with(']') {
            break;
        }
        let (v, n) = literal(items)?;
        out.push(v);
        items = items[n..].trim_start();
        items = items.strip_prefix(',').unwrap_or(items);
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ports() {
        let pkg = |dev: &str| {
            PackageJson::parse("package.json", format!(r#"{{"scripts": {{"dev": {}, "dev:frontend": "vite --port 4100 --strictPort"}}}}"#, serde_json::to_string(dev).unwrap())).unwrap()
        };
        let cfg = SourceFile { rel: "vite.config.ts".into(), text: "import { defineConfig } from 'vite'\nexport default defineConfig({ plugins: [], server: { port: 3000, strictPort: true } })\n".into() };
        let p = detect_port(&pkg("convex dev"), Some(&cfg), 5173).unwrap();
        assert_eq!(
            (p.port, p.pinned, p.source.as_str()),
            (3000, true, "`vite.config.ts`")
        );
        let p = detect_port(
            &pkg("convex dev --start 'vite --port 4000 --open'"),
            None,
            5173,
        )
        .unwrap();
        assert_eq!((p.port, p.pinned), (4000, false));
        let p = detect_port(
            &pkg("npm-run-all --parallel dev:frontend dev:backend"),
            None,
            5173,
        )
        .unwrap();
        assert_eq!((p.port, p.pinned), (4100, true));
        let p = detect_port(&pkg("run-p dev:*"), None, 5173).unwrap();
        assert_eq!(p.port, 4100);
        let p = detect_port(&pkg("vite"), None, 5173).unwrap();
        assert_eq!(
            (p.port, p.pinned, p.source.as_str()),
            (5173, false, "default")
        );
    }

    #[test]
    fn pins_port_in_config() {
        let f = |text: &str| SourceFile {
            rel: "vite.config.ts".into(),
            text: text.into(),
        };
        let out = pin_port(&f("import { defineConfig } from \"vite\";\n\nexport default defineConfig({\n  plugins: [react()],\n});\n"), 5173, None).unwrap();
        insta::assert_snapshot!(out, @r#"
        import { defineConfig } from "vite";

        export default defineConfig({
          server: { port: 5173, strictPort: true },
          plugins: [react()],
        });
        "#);
        let out = pin_port(
            &f("export default defineConfig({ plugins: [], server: { port: 3000 } })\n"),
            3000,
            None,
        )
        .unwrap();
        assert_eq!(
            out,
            "export default defineConfig({ plugins: [], server: { strictPort: true, port: 3000 } })\n"
        );
    }

    /// With Prettier, a one-line config that no longer fits is broken, outermost object first.
    #[test]
    fn pins_port_in_one_line_config_with_prettier() {
        let file = SourceFile {
            rel: "vite.config.ts".into(),
            text: "export default defineConfig({ plugins: [react()], server: { port: 5173 } });\n"
                .into(),
        };
        let o = crate::edit::prettier::Options::default();
        insta::assert_snapshot!(pin_port(&file, 5173, Some(&o)).unwrap(), @"
        export default defineConfig({
          plugins: [react()],
          server: { strictPort: true, port: 5173 },
        });
        ");
    }
}
