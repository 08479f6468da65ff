//! Vite's dev server as the frameworks built on it configure it (React with Vite, TanStack
//! Start): the config files, the env files and the prefix that exposes a variable to the
//! browser, the port from `vite.config.*` and the `dev` script, and pinning it.
//!
//! Why the details matter: Vite moves off its port when it is busy unless `strictPort` is set,
//! and the CLI's `--port` wins over the config, so the port sign-in returns to is read from both.

use oxc_ast::ast::{Expression, ObjectExpression, ObjectPropertyKind, PropertyKey};
use oxc_ast_visit::{Visit, walk};

use super::dev_port::{self, PortExpr};
use super::recipe::{DevPort, EnvMode, PortPin, SourceFile};
use super::scripts;
use crate::edit::js;
use crate::edit::package_json::PackageJson;
use crate::edit::prettier::js as pj;
use crate::edit::style::Style;
use crate::edit::{self, Edit};
use crate::error::{ErrorKind, Location, UserError};
use crate::files::Files;

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

/// Pins the dev server to `port` in `config`: the dev script in `package.json` when it passes
/// `--port` (the flag wins over the config in Vite), else the Vite config.
pub fn pin_port(
    config: &SourceFile,
    port: u16,
    prettier: Option<&crate::edit::prettier::Options>,
) -> Result<String, UserError> {
    if config.rel.ends_with(crate::edit::package_json::FILE) {
        let pkg = PackageJson::parse(&config.rel, config.text.clone())?;
        return match pin_dev_script(&pkg, port)? {
            Some((_, after)) => Ok(after),
            None => Err(UserError::new(
                ErrorKind::UnsupportedCode,
                "no `vite --port` in `scripts.dev` to pin",
            )
            .snippet(format!("vite --port {port} --strictPort"))),
        };
    }
    pin_config_port(config, port, prettier)
}

/// Where the pin goes, for doctor's `AK201`: the dev script when it passes `--port` and can be
/// pinned there, else the Vite config (`config`: its name and text, if there is one).
pub fn port_pin(pkg: Option<&PackageJson>, config: Option<(&str, &str)>, port: u16) -> PortPin {
    if let Some(pkg) = pkg
        && let Some((script, _)) = scan_dev_script(pkg).port
        && matches!(pin_dev_script(pkg, port), Ok(Some(_)))
    {
        return PortPin {
            file: Some(crate::edit::package_json::FILE.into()),
            action: format!("pass `--port {port} --strictPort` to `vite` in `scripts.{script}`"),
            script: Some(script),
            missing: "`--strictPort`",
            label: "`vite --port` without `--strictPort`",
            why: "when the port is busy Vite moves to the next free one, and sign-in then returns to a URI nothing serves",
        };
    }
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

/// Vite's `root` from the config (`""`: the app's folder), relative to the app.
pub fn vite_root(files: &Files) -> Result<String, UserError> {
    let Some(config) = files.first_of(CONFIGS)? else {
        return Ok(String::new());
    };
    match ViteServer::find(&config)?.root {
        None => Ok(String::new()),
        Some(Ok(dir)) => Ok(dir),
        Some(Err(written)) => Err(UserError::new(
            ErrorKind::UnsupportedCode,
            format!(
                "`root` in `{}` is `{written}`, not a folder convex-authkit can read, so the app's `index.html` and env files can't be found",
                config.rel
            ),
        )
        .in_file(&config.rel)
        .hint("write it as a string (`root: \"client\"`) or `path.resolve(__dirname, \"client\")`")),
    }
}

/// `envDir` (relative to `root`), else `root`: where Vite loads `.env*` from.
pub fn env_dir(files: &Files) -> Result<String, UserError> {
    let root = vite_root(files)?;
    let Some(config) = files.first_of(CONFIGS)? else {
        return Ok(root);
    };
    match ViteServer::find(&config)?.env_dir {
        None => Ok(root),
        Some(Ok(dir)) => Ok(crate::files::normalize_rel(&format!("{root}/{dir}"))),
        Some(Err(written)) => Err(UserError::new(
            ErrorKind::UnsupportedCode,
            format!(
                "`envDir` in `{}` is `{written}`, not a folder convex-authkit can read, so the env files can't be found",
                config.rel
            ),
        )
        .in_file(&config.rel)
        .hint("write it as a string (`envDir: \"..\"`) or `path.resolve(__dirname, \"..\")`")),
    }
}

/// Port and pinning from `vite.config.*` and the `dev` script (the CLI flag wins, as in Vite).
pub fn detect_port(
    pkg: &PackageJson,
    config: Option<&SourceFile>,
    default: u16,
) -> Result<DevPort, UserError> {
    let mut result = DevPort::default_port(default);
    if let Some(config) = config {
        let server = ViteServer::find(config)?;
        if let Some(port) = &server.port {
            result.set_from(port, &format!("`{}`", config.rel), "`server.port`");
        }
        result.pinned = server.strict_port;
    }
    let script = scan_dev_script(pkg);
    if let Some((name, port)) = &script.port {
        result.set_from(port, &format!("`scripts.{name}`"), "`--port`");
    }
    if let Some(strict) = script.strict {
        result.pinned = strict;
    }
    Ok(result)
}

#[derive(Debug, Default, PartialEq, Eq)]
struct ScriptPort {
    /// The script holding the last `--port`, and the port as written there.
    port: Option<(String, PortExpr)>,
    strict: Option<bool>,
}

fn is_vite(t: &str) -> bool {
    t == "vite" || t.ends_with("/vite") || t.starts_with("vite@")
}

/// `vite --port N --strictPort` in `scripts.dev`, followed as [`scripts::invocations`] does; a
/// later flag wins.
fn scan_dev_script(pkg: &PackageJson) -> ScriptPort {
    let mut found = ScriptPort::default();
    for run in scripts::invocations(pkg, "dev", &is_vite) {
        let mut args = run.args.iter().map(String::as_str);
        while let Some(a) = args.next() {
            let value = if a == "--port" {
                Some(args.next().unwrap_or(""))
            } else {
                a.strip_prefix("--port=")
            };
            if let Some(v) = value {
                found.port = Some((run.script.clone(), dev_port::read_shell(v)));
            } else if a == "--strictPort" || a == "--strict-port" || a == "--strictPort=true" {
                found.strict = Some(true);
            } else if a == "--strictPort=false" || a == "--no-strictPort" {
                found.strict = Some(false);
            }
        }
    }
    found
}

/// `package.json` with the dev script's one `vite --port` set to `port` and `--strictPort` after
/// it: `None` when no dev script passes `--port` (the config is pinned instead); an error when
/// the flag can't be edited safely (several of them, a value that isn't a number or a shell
/// fallback).
pub fn pin_dev_script(pkg: &PackageJson, port: u16) -> Result<Option<(String, String)>, UserError> {
    let Some((script, written)) = scan_dev_script(pkg).port else {
        return Ok(None);
    };
    let manual = |why: String| {
        UserError::new(ErrorKind::UnsupportedCode, why)
            .snippet(format!("vite --port {port} --strictPort"))
            .hint(format!("change the `vite` command in `scripts.{script}` by hand, or run without `--pin-port`; nothing was written"))
    };
    let text = pkg.script(&script).unwrap_or_default();
    let flags: Vec<(usize, &str)> = text.match_indices("--port").collect();
    let [(at, _)] = flags.as_slice() else {
        return Err(manual(format!(
            "`scripts.{script}` passes `--port` more than once; init pins exactly one"
        )));
    };
    let after_flag = at + "--port".len();
    let rest = &text[after_flag..];
    let value_start = after_flag + rest.len() - rest.trim_start_matches([' ', '=']).len();
    let value_len = text[value_start..]
        .find(|c: char| c.is_whitespace() || "'\";&|)".contains(c))
        .unwrap_or(text.len() - value_start);
    let value = &text[value_start..value_start + value_len];
    let new_value = match &written {
        PortExpr::Literal(_) => port.to_string(),
        // `${PORT:-5180}`: only the fallback changes.
        PortExpr::Env {
            fallback: Some((old, _)),
            ..
        } => value.replacen(&old.to_string(), &port.to_string(), 1),
        _ => {
            return Err(manual(format!(
                "`--port {value}` in `scripts.{script}` is not a number, so init can't pin it"
            )));
        }
    };
    let strict = scan_dev_script(pkg).strict == Some(true);
    let mut out = format!("{}{new_value}", &text[..value_start]);
    if !strict {
        out.push_str(" --strictPort");
    }
    out.push_str(&text[value_start + value_len..]);
    let after = crate::edit::package_json::set_script(&pkg.text, &script, &out)?;
    Ok(Some((script, after)))
}

/// `server` in a Vite config: literal values and the spans the port-pinning edit needs.
#[derive(Debug, Default)]
struct ViteServer {
    /// `server.port` as written, when there is one.
    port: Option<PortExpr>,
    strict_port: bool,
    /// `{`…`}` of `server: { … }`.
    server_object: Option<std::ops::Range<usize>>,
    /// Span of the `port` value, if present.
    port_value: Option<std::ops::Range<usize>>,
    /// Span of the `strictPort` value, if present.
    strict_value: Option<std::ops::Range<usize>>,
    /// `{`…`}` of the config object passed to `defineConfig` (or exported).
    config_object: Option<std::ops::Range<usize>>,
    /// The config's `root` and `envDir`: a folder relative to the app (`Ok`), or how it is
    /// written when that can't be read (`Err`).
    root: Option<Result<String, String>>,
    env_dir: Option<Result<String, String>>,
}

/// A folder as a Vite config writes it: `"client"`, `path.resolve(__dirname, "client")`,
/// `fileURLToPath(new URL("./client", import.meta.url))`; `None` when it isn't one of those.
fn config_dir(expr: &Expression<'_>) -> Option<String> {
    let literal = |e: &Expression<'_>| match e {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        _ => None,
    };
    let base = |e: &Expression<'_>| match e {
        Expression::Identifier(id) => id.name == "__dirname",
        Expression::StaticMemberExpression(m) => {
            m.property.name == "dirname" && matches!(&m.object, Expression::ImportMeta(_))
        }
        Expression::CallExpression(c) => {
            matches!(&c.callee, Expression::StaticMemberExpression(m) if m.property.name == "cwd")
        }
        _ => false,
    };
    let dir = match expr {
        Expression::StringLiteral(s) => s.value.to_string(),
        Expression::CallExpression(call) => {
            let callee = match &call.callee {
                Expression::Identifier(id) => id.name.to_string(),
                Expression::StaticMemberExpression(m) => m.property.name.to_string(),
                _ => return None,
            };
            let args: Vec<&Expression<'_>> = call
                .arguments
                .iter()
                .filter_map(|a| a.as_expression())
                .collect();
            match callee.as_str() {
                "resolve" | "join" => {
                    let rest = match args.split_first() {
                        Some((first, rest)) if base(first) => rest,
                        _ => &args[..],
                    };
                    let parts: Option<Vec<String>> = rest.iter().map(|a| literal(a)).collect();
                    parts?.join("/")
                }
                // `fileURLToPath(new URL("./client", import.meta.url))`
                "fileURLToPath" => match args.first()? {
                    Expression::NewExpression(n) => literal(n.arguments.first()?.as_expression()?)?,
                    _ => return None,
                },
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(crate::files::normalize_rel(&dir))
}

impl ViteServer {
    fn find(file: &SourceFile) -> Result<ViteServer, UserError> {
        js::with_program(&file.rel, &file.text, |program| {
            let mut consts = Consts(Vec::new());
            consts.visit_program(program);
            let mut v = ServerVisitor {
                out: ViteServer::default(),
                consts: &consts.0,
                src: &file.text,
            };
            v.visit_program(program);
            v.out
        })
    }
}

/// Every `const name = …` in the file (a config function's locals too), first one wins.
struct Consts<'b, 'a>(Vec<(String, &'b Expression<'a>)>);

impl<'b, 'a> Consts<'b, 'a> {
    fn visit_program(&mut self, program: &'b oxc_ast::ast::Program<'a>) {
        // A plain recursive walk: `Visit` can't hand out references that outlive its calls.
        fn stmts<'b, 'a>(
            out: &mut Vec<(String, &'b Expression<'a>)>,
            body: &'b [oxc_ast::ast::Statement<'a>],
        ) {
            for stmt in body {
                stmt_consts(out, stmt);
            }
        }
        fn stmt_consts<'b, 'a>(
            out: &mut Vec<(String, &'b Expression<'a>)>,
            stmt: &'b oxc_ast::ast::Statement<'a>,
        ) {
            use oxc_ast::ast::{Declaration, Statement};
            let decl = match stmt {
                Statement::VariableDeclaration(d) => Some(&**d),
                Statement::ExportDeclaration(e) => match &e.declaration {
                    Declaration::VariableDeclaration(d) => Some(&**d),
                    _ => None,
                },
                Statement::BlockStatement(b) => {
                    stmts(out, &b.body);
                    None
                }
                Statement::ExportDefaultDeclaration(e) => {
                    if let Some(expr) = e.declaration.as_expression() {
                        expr_consts(out, expr);
                    }
                    None
                }
                Statement::ExpressionStatement(e) => {
                    expr_consts(out, &e.expression);
                    None
                }
                Statement::ReturnStatement(r) => {
                    if let Some(e) = &r.argument {
                        expr_consts(out, e);
                    }
                    None
                }
                _ => None,
            };
            for d in decl.into_iter().flat_map(|d| {
                d.declarations
                    .iter()
                    .filter(move |_| d.kind == oxc_ast::ast::VariableDeclarationKind::Const)
            }) {
                if let (Some(id), Some(init)) = (d.id.get_binding_identifier(), &d.init) {
                    if !out.iter().any(|(n, _)| n == id.name.as_str()) {
                        out.push((id.name.to_string(), init));
                    }
                    expr_consts(out, init);
                }
            }
        }
        // Into `defineConfig(({ mode }) => { const port = …; return { … } })`.
        fn expr_consts<'b, 'a>(
            out: &mut Vec<(String, &'b Expression<'a>)>,
            expr: &'b Expression<'a>,
        ) {
            match expr {
                Expression::CallExpression(c) => {
                    for a in &c.arguments {
                        if let Some(e) = a.as_expression() {
                            expr_consts(out, e);
                        }
                    }
                }
                Expression::ArrowFunctionExpression(f) => match &f.body {
                    oxc_ast::ast::ArrowFunctionBody::FunctionBody(b) => stmts(out, &b.statements),
                    body => {
                        if let Some(e) = body.as_expression() {
                            expr_consts(out, e);
                        }
                    }
                },
                Expression::FunctionExpression(f) => {
                    if let Some(body) = &f.body {
                        stmts(out, &body.statements);
                    }
                }
                Expression::ParenthesizedExpression(p) => expr_consts(out, &p.expression),
                _ => {}
            }
        }
        stmts(&mut self.0, &program.body);
    }
}

struct ServerVisitor<'c, 'b, 'a> {
    out: ViteServer,
    consts: &'c [(String, &'b Expression<'a>)],
    src: &'c str,
}

fn key_name(key: &PropertyKey<'_>) -> Option<String> {
    key.static_name().map(|n| n.to_string())
}

impl<'a> Visit<'a> for ServerVisitor<'_, '_, 'a> {
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
            for p in &obj.properties {
                let ObjectPropertyKind::ObjectProperty(p) = p else {
                    continue;
                };
                let slot = match key_name(&p.key).as_deref() {
                    Some("root") => &mut self.out.root,
                    Some("envDir") => &mut self.out.env_dir,
                    _ => continue,
                };
                let written = self
                    .src
                    .get(js::range(oxc_span::GetSpan::span(&p.value)))
                    .unwrap_or("");
                *slot = Some(config_dir(&p.value).ok_or_else(|| written.to_string()));
            }
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
                            self.out.port_value =
                                Some(js::range(oxc_span::GetSpan::span(&sp.value)));
                            self.out.port =
                                Some(dev_port::read_js(&sp.value, self.consts, self.src));
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
        walk::walk_object_expression(self, obj);
    }
}

/// Sets `server.port` (if absent) and `server.strictPort: true` in a Vite config.
fn pin_config_port(
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
        match (&server.port_value, &server.port) {
            (None, _) => props.push(("port".to_string(), pj::id(&port.to_string()))),
            (Some(_), Some(PortExpr::Literal(current))) if *current == port => {}
            // `Number(process.env.PORT) || 5180`: only the fallback changes, the env read stays.
            (
                Some(_),
                Some(PortExpr::Env {
                    fallback: Some((current, span)),
                    ..
                }),
            ) => {
                if *current != port {
                    edits.push(Edit::replace(span.clone(), port.to_string()));
                }
            }
            (Some(span), _) => edits.push(Edit::replace(span.clone(), port.to_string())),
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
        let out = pin_config_port(&f("import { defineConfig } from \"vite\";\n\nexport default defineConfig({\n  plugins: [react()],\n});\n"), 5173, None).unwrap();
        insta::assert_snapshot!(out, @r#"
        import { defineConfig } from "vite";

        export default defineConfig({
          server: { port: 5173, strictPort: true },
          plugins: [react()],
        });
        "#);
        let out = pin_config_port(
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
        insta::assert_snapshot!(pin_config_port(&file, 5173, Some(&o)).unwrap(), @"
        export default defineConfig({
          plugins: [react()],
          server: { strictPort: true, port: 5173 },
        });
        ");
    }
}
