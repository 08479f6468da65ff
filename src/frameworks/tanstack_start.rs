//! TanStack Start: the server flow, where `@workos/authkit-tanstack-react-start`'s request
//! middleware (registered with `createStart` in `src/start.ts`) reads and refreshes the session
//! cookie, a file route exchanges the sign-in code (`handleCallbackRoute()`), and the router's
//! `InnerWrap` feeds AuthKit's access token to Convex's `ConvexProviderWithAuth`.
//!
//! Why the details matter: the SDK throws on every server call when its middleware isn't in
//! `requestMiddleware`; AuthKit's provider goes inside the router (`InnerWrap`, as in Convex's
//! `template-tanstack-start-authkit`, never `Wrap`); server-side rendering runs Convex queries over
//! HTTP, unauthenticated unless the root route's `beforeLoad` hands the token to
//! `serverHttpClient`; and the callback is a file route whose path must match the redirect URI
//! byte for byte. Start reads `srcDirectory` and `router.routesDirectory` from the
//! `tanstackStart()` plugin in `vite.config.*`, and runs on Vite's dev server (5173 unless
//! `server.port` says otherwise), so the layout and port are read from the app, never assumed.
//! The route tree (`routeTree.gen.ts`) is generated: init never edits it.

use std::ops::Range;

use oxc_ast::ast::{
    Argument, ArrayExpressionElement, BindingPattern, CallExpression, Declaration, Expression,
    ObjectExpression, ObjectPropertyKind, PropertyKey, Statement, TSSignature, TSType, TSTypeName,
};
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;

use super::auth_button;
use super::recipe::{
    AppFacts, ClientOptions, ClientSdk, EnvAccess, EnvMode, EnvNames, FileRoute, Flow, OtherAuth,
    PortPin, Recipe, SourceFile, StartLayout, StartPiece, Wiring,
};
use super::users_hook;
use super::vite;
use crate::edit::js::{self, JsFacts};
use crate::edit::package_json::{self, PackageJson};
use crate::edit::plan::{FileChange, Note};
use crate::edit::prettier::doc::{Doc, concat, hardline, indent, text};
use crate::edit::prettier::js as pj;
use crate::edit::style::Style;
use crate::edit::{self, Edit};
use crate::error::{ErrorKind, Location, UserError};
use crate::files::Files;

pub struct TanStackStart;

pub const ENV: EnvNames = EnvNames {
    client_id: "WORKOS_CLIENT_ID",
    // Server-side: the SDK reads `WORKOS_REDIRECT_URI` from `process.env`, no public prefix.
    redirect_uri: "WORKOS_REDIRECT_URI",
    public_prefix: vite::PUBLIC_PREFIX,
    api_hostname: Some("WORKOS_API_HOSTNAME"),
};

/// AuthKit's server SDK and its client entry.
pub const SDK: &str = "@workos/authkit-tanstack-react-start";
pub const SDK_CLIENT: &str = "@workos/authkit-tanstack-react-start/client";
const START: &str = "@tanstack/react-start";
/// The package TanStack Start had before 1.121 (Vinxi, `app.config.ts`).
const OLD_START: &str = "@tanstack/start";
const START_PLUGIN: &str = "@tanstack/react-start/plugin/vite";
const ROUTER: &str = "@tanstack/react-router";
const REACT_QUERY: &str = "@convex-dev/react-query";
/// The oldest `@tanstack/react-start` AuthKit's SDK 0.11 supports (its peer range).
const MIN_START: (u64, u64, u64) = (1, 168, 25);
/// The hook adapting AuthKit's session to `ConvexProviderWithAuth`, as Convex's template names it.
const ADAPTER: &str = "useAuthFromWorkOS";
const SIGN_IN_PATH: &str = "/sign-in";
const SIGN_UP_PATH: &str = "/sign-up";
/// How Start resolves an entry (`src/start`, `src/router`) without an extension.
const ENTRY_EXTS: [&str; 6] = ["ts", "js", "mts", "mjs", "tsx", "jsx"];
const ROUTE_EXTS: [&str; 4] = ["tsx", "ts", "jsx", "js"];
/// At most this many route files are read.
const MAX_ROUTES: usize = 500;

/// JSX components of other auth providers, and their product.
const OTHER_AUTH_COMPONENTS: &[(&str, &str)] = &[
    ("ClerkProvider", "Clerk"),
    ("ConvexProviderWithClerk", "Clerk"),
    ("ConvexAuthProvider", "Convex Auth"),
    ("Auth0Provider", "Auth0"),
    ("ConvexProviderWithAuth0", "Auth0"),
    ("ConvexBetterAuthProvider", "Better Auth"),
];

/// Whether `package.json` makes this a TanStack Start app (current or pre-1.121 package).
pub fn is_start(pkg: &PackageJson) -> bool {
    pkg.has_dep(START) || pkg.has_dep(OLD_START)
}

impl Recipe for TanStackStart {
    fn id(&self) -> &'static str {
        "tanstack-start"
    }
    fn name(&self) -> &'static str {
        "TanStack Start"
    }
    fn matches(&self, pkg: &PackageJson) -> bool {
        is_start(pkg) && !pkg.has_dep("next")
    }
    /// Vite's: Start's plugin sets no port, Convex's templates set `server.port: 3000`.
    fn default_port(&self) -> u16 {
        5173
    }
    fn flow(&self) -> Flow {
        Flow::Server
    }
    fn env_names(&self) -> EnvNames {
        ENV
    }
    /// Start's plugin loads the same files as Vite (`loadEnv`), into `process.env` for the
    /// server as well (with no prefix filter), which is where the SDK reads them.
    fn env_files(&self, mode: EnvMode) -> &'static [&'static str] {
        vite::env_files(mode)
    }
    fn source_dirs(&self) -> &'static [&'static str] {
        &["src"]
    }
    fn config_files(&self) -> &'static [&'static str] {
        vite::CONFIGS
    }
    fn public_env_prefixes(&self, config: Option<&str>) -> Option<Vec<String>> {
        vite::env_prefixes(config)
    }
    fn packages(&self) -> &'static [(&'static str, &'static str)] {
        &[(SDK, "^0.11.1")]
    }
    fn wiring_snippet(&self, style: &Style, client: &str) -> String {
        wiring_snippet(style, client)
    }
    fn pin_port_action(&self, port: u16) -> String {
        vite::pin_port_action(port)
    }
    fn pin_port(
        &self,
        config: &SourceFile,
        port: u16,
        prettier: Option<&crate::edit::prettier::Options>,
    ) -> Result<String, UserError> {
        vite::pin_port(config, port, prettier)
    }
    fn port_pin(
        &self,
        pkg: Option<&PackageJson>,
        config: Option<(&str, &str)>,
        port: u16,
    ) -> PortPin {
        vite::port_pin(pkg, config, port)
    }
    fn client_sdk(&self) -> ClientSdk {
        ClientSdk {
            dev_server: "Vite",
            preview_server: "vite preview",
            authkit_module: SDK_CLIENT,
            env_access: EnvAccess::ImportMeta,
            authkit_provider: "<AuthKitProvider>",
            convex_provider: "<ConvexProviderWithAuth client={convexQueryClient.convexClient} useAuth={useAuthFromWorkOS}>",
            convex_provider_module: "convex/react",
            use_auth_adapter: Some(ADAPTER),
        }
    }
    fn start_layout(&self, files: &Files, pkg: &PackageJson) -> Option<StartLayout> {
        read_layout(files, pkg).ok()
    }
    fn plan_start_piece(
        &self,
        files: &Files,
        options: &ClientOptions,
        piece: StartPiece,
    ) -> Result<(Vec<FileChange>, Vec<Note>), UserError> {
        let pkg = read_package_json(files)?;
        let layout = read_layout(files, &pkg)?;
        let style = printing_style(&layout.router.text, options.prettier.as_ref());
        let mut plan = Plan::default();
        match piece {
            StartPiece::Middleware => plan_start(&layout, &style, &mut plan)?,
            StartPiece::CallbackRoute => plan_route(
                files,
                &layout,
                &style,
                &options.callback_path,
                RouteKind::Callback,
                &mut plan,
            )?,
            StartPiece::TokenHandOff => plan_root(&layout, &layout.router.text, &style, &mut plan)?,
        }
        Ok((plan.changes, plan.notes))
    }
    fn served_callback_path(&self, files: &Files, pkg: &PackageJson) -> Option<String> {
        let layout = read_layout(files, pkg).ok()?;
        let mut serving = layout.routes_calling("handleCallbackRoute");
        let first = serving.next()?;
        // Two callback routes: the env or `convex.json` has to say which one is used.
        serving.next().is_none().then(|| first.path.clone())
    }
    fn auth_button_step(&self, files: &Files, _facts: &AppFacts, path: &str) -> String {
        let page = read_package_json(files)
            .and_then(|pkg| read_layout(files, &pkg))
            .map(|l| {
                format!(
                    "{}/index.{}",
                    l.routes_dir,
                    if l.typescript { "tsx" } else { "jsx" }
                )
            })
            .unwrap_or_else(|_| "src/routes/index.tsx".into());
        let module = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
        format!(
            "Render `<AuthButton />` in a route component, e.g. in `{page}` with `import {{ AuthButton }} from '{}'`; the router's `InnerWrap` holds the providers",
            relative_path(&page, module)
        )
    }

    fn detect(&self, files: &Files, pkg: &PackageJson) -> Result<AppFacts, UserError> {
        let layout = read_layout(files, pkg)?;
        let router = &layout.router;
        let facts = JsFacts::parse(&router.rel, &router.text)?;
        let wiring = wiring_of(&facts);
        let mut other_auth = Vec::new();
        let mut seen = Vec::new();
        let root_facts = match &layout.root_route {
            Some(root) => Some((root, JsFacts::parse(&root.rel, &root.text)?)),
            None => None,
        };
        for (file, f) in
            std::iter::once((router, &facts)).chain(root_facts.as_ref().map(|(r, f)| (*r, f)))
        {
            for (component, product) in OTHER_AUTH_COMPONENTS {
                if seen.contains(product) {
                    continue;
                }
                if let Some(el) = f.elements_named(component).next() {
                    let (line, _) = crate::error::line_col(&file.text, el.span.start);
                    seen.push(product);
                    other_auth.push(OtherAuth {
                        provider: (*product).into(),
                        evidence: format!("`<{component}>` in `{}:{line}`", file.rel),
                        wired: true,
                    });
                }
            }
        }
        let vite_config = files.first_of(vite::CONFIGS)?;
        Ok(AppFacts {
            entry: router.rel.clone(),
            provider_file: Some(router.clone()),
            convex_url_env: convex_url_env(&router.text, &facts),
            port: vite::detect_port(pkg, vite_config.as_ref(), self.default_port())?,
            wiring,
            other_auth,
            typescript: layout.typescript,
        })
    }

    fn plan_client(
        &self,
        files: &Files,
        facts: &AppFacts,
        options: &ClientOptions,
    ) -> Result<(Vec<FileChange>, Vec<Note>), UserError> {
        let pkg = read_package_json(files)?;
        let layout = read_layout(files, &pkg)?;
        let style = printing_style(&layout.router.text, options.prettier.as_ref());
        let mut plan = Plan::default();
        if let Some(range) = pkg.dep(START)
            && package_json::min_version(range).is_some_and(|v| v < MIN_START)
        {
            plan.notes.push(
                Note::warning(format!(
                    "AuthKit's TanStack Start SDK needs `{START}` {}.{}.{} or newer; `package.json` has `{range}`",
                    MIN_START.0, MIN_START.1, MIN_START.2
                ))
                .with_hint(format!("upgrade it (`npm install {START}@latest @tanstack/react-router@latest`) before installing the SDK")),
            );
        }
        plan_start(&layout, &style, &mut plan)?;
        plan_routes(files, &layout, &style, &options.callback_path, &mut plan)?;
        let router_text = plan_router(&layout, facts, &style, &mut plan)?;
        plan_root(&layout, &router_text, &style, &mut plan)?;
        let components = format!("{}/components", layout.src_dir);
        if options.auth_button {
            let rel = format!("{components}/AuthButton.{}", jsx_ext(layout.typescript));
            match files.read(&rel)? {
                None => plan.create(
                    rel,
                    auth_button(&style),
                    "a sign-in/sign-out button that follows Convex's auth state",
                ),
                Some(text) if text.contains("export function AuthButton") => {}
                Some(_) => plan.notes.push(
                    Note::warning(format!("`{rel}` exists and is not ours; left it alone"))
                        .with_hint("pass `--no-auth-button` to skip the sign-in component"),
                ),
            }
        }
        if options.users_table {
            let rel = format!("{components}/useStoreUser.{}", js_ext(layout.typescript));
            if files.read(&rel)?.is_none() {
                let data_model = format!(
                    "{}convex/_generated/dataModel",
                    "../".repeat(components.matches('/').count() + 1)
                );
                plan.create(
                    rel,
                    users_hook::use_store_user(&style, layout.typescript, SDK_CLIENT, &data_model),
                    "a hook that stores the signed-in user in Convex",
                );
            }
        }
        if options.pin_port && (!facts.port.pinned || options.port != facts.port.port) {
            match files.first_of(vite::CONFIGS)? {
                Some(file) => {
                    let after = vite::pin_port(&file, options.port, options.prettier.as_ref())?;
                    plan.modify(
                        &file,
                        after,
                        &format!("pin the dev server to port {} (`strictPort`)", options.port),
                    );
                }
                None => plan.notes.push(Note::warning(
                    "no `vite.config.*` found, so the port was not pinned",
                )),
            }
        }
        if plan
            .changes
            .iter()
            .any(|c| c.before.is_none() && c.rel.starts_with(&format!("{}/", layout.routes_dir)))
        {
            plan.notes.push(
                Note::info(format!(
                    "`{}` is generated: the next `vite dev` or `vite build` adds the new routes to it (init never edits it)",
                    layout.route_tree
                ))
                .with_hint("run the dev server or a build once before `tsc --noEmit`, which doesn't know the new routes until then"),
            );
        }
        if let Some(o) = &options.prettier {
            warn_pushed_lines(&mut plan, o);
        }
        Ok((plan.changes, plan.notes))
    }
}

/// The style generated code is printed in: the app's Prettier options when it has them, else
/// Prettier's defaults with the quotes, semicolons and indentation of `sample` (the router),
/// so every generated file and inserted snippet comes from the same syntax-tree printer.
fn printing_style(sample: &str, prettier: Option<&crate::edit::prettier::Options>) -> Style {
    printable(Style::detect(sample).with_prettier(prettier))
}

/// `style`, or, when it has no Prettier options, Prettier's defaults with its quotes,
/// semicolons and indentation.
fn printable(style: Style) -> Style {
    if style.prettier.is_some() {
        return style;
    }
    let (use_tabs, tab_width) = if style.indent == "\t" {
        (true, 2)
    } else {
        (false, style.indent.len().max(1))
    };
    let options = crate::edit::prettier::Options {
        single_quote: style.quote == '\'',
        semi: style.semicolons,
        use_tabs,
        tab_width,
        ..Default::default()
    };
    style.with_prettier(Some(&options))
}

/// Everything init generates is printed as Prettier prints it; only the app's own lines it moves
/// (JSX re-indented into `InnerWrap`) can end up wider than `printWidth`, and then
/// `prettier --check` may flag them: the first such line of each file is a note.
fn warn_pushed_lines(plan: &mut Plan, o: &crate::edit::prettier::Options) {
    let width = |l: &str| -> usize {
        l.trim_end()
            .chars()
            .map(|c| if c == '\t' { o.tab_width } else { 1 })
            .sum()
    };
    let mut notes = Vec::new();
    for change in &plan.changes {
        let Some(before) = change.before.as_deref() else {
            continue;
        };
        let fitting: std::collections::HashSet<&str> = before
            .lines()
            .filter(|l| width(l) <= o.print_width)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let pushed = change
            .after
            .lines()
            .position(|l| width(l) > o.print_width && fitting.contains(l.trim()));
        if let Some(n) = pushed {
            notes.push(
                Note::warning(format!(
                    "line {} of `{}` is longer than Prettier's `printWidth` ({}) now that init indented it further, so `prettier --check` may flag it",
                    n + 1,
                    change.rel,
                    o.print_width
                ))
                .with_hint(format!("run `npx prettier --write {}`", change.rel)),
            );
        }
    }
    plan.notes.extend(notes);
}

#[derive(Default)]
struct Plan {
    changes: Vec<FileChange>,
    notes: Vec<Note>,
}

impl Plan {
    fn create(&mut self, rel: String, after: String, summary: &str) {
        self.changes.push(FileChange {
            rel,
            before: None,
            after,
            summary: summary.into(),
        });
    }
    fn modify(&mut self, file: &SourceFile, after: String, summary: &str) {
        if after == file.text {
            return;
        }
        self.changes.push(FileChange {
            rel: file.rel.clone(),
            before: Some(file.text.clone()),
            after,
            summary: summary.into(),
        });
    }
}

fn read_package_json(files: &Files) -> Result<PackageJson, UserError> {
    let file = files.require(package_json::FILE)?;
    PackageJson::parse(&file.rel, file.text)
}

fn js_ext(typescript: bool) -> &'static str {
    if typescript { "ts" } else { "js" }
}

fn jsx_ext(typescript: bool) -> &'static str {
    if typescript { "tsx" } else { "jsx" }
}

// ---------------------------------------------------------------------------------------------
// The app's layout

/// `tanstackStart({ … })`'s options that move files, as string literals.
#[derive(Debug, Default)]
struct PluginOptions {
    src_directory: Option<String>,
    routes_directory: Option<String>,
    router_entry: Option<String>,
    start_entry: Option<String>,
    route_tree: Option<String>,
}

/// Reads `srcDirectory`, `router.{routesDirectory,entry,generatedRouteTree}` and `start.entry`
/// from the `tanstackStart()` call in the Vite config; an option given as something other than
/// a string literal is an error (init would write to the wrong place).
fn plugin_options(config: &SourceFile) -> Result<PluginOptions, UserError> {
    let facts = JsFacts::parse(&config.rel, &config.text)?;
    let Some(local) = facts.local_name(START_PLUGIN, "tanstackStart") else {
        return Ok(PluginOptions::default());
    };
    let calls = Calls::find(&config.rel, &config.text)?;
    let Some(call) = calls.sites.iter().find(|c| c.callee == local) else {
        return Ok(PluginOptions::default());
    };
    let Some(first) = call.args.first() else {
        return Ok(PluginOptions::default());
    };
    let unreadable = |what: &str, at: usize| {
        UserError::new(
            ErrorKind::UnsupportedCode,
            format!("`{what}` in the `tanstackStart()` options of `{}` is not a string literal, so init can't tell where the app's files are", config.rel),
        )
        .at(Location::at(&config.rel, &config.text, at))
        .hint("write it as a plain string (`'src'`), or set up AuthKit by hand; nothing was written")
    };
    let Some(obj) = &first.object else {
        return Err(unreadable("options", first.span.start));
    };
    let mut out = PluginOptions::default();
    let string = |p: &Prop, what: &str| match &p.value {
        Value::Str(s) => Ok(s.clone()),
        _ => Err(unreadable(what, p.span.start)),
    };
    if let Some(p) = obj.prop("srcDirectory") {
        out.src_directory = Some(string(p, "srcDirectory")?);
    }
    if let Some(Prop {
        value: Value::Object(router),
        ..
    }) = obj.prop("router")
    {
        if let Some(p) = router.prop("routesDirectory") {
            out.routes_directory = Some(string(p, "router.routesDirectory")?);
        }
        if let Some(p) = router.prop("entry") {
            out.router_entry = Some(string(p, "router.entry")?);
        }
        if let Some(p) = router.prop("generatedRouteTree") {
            out.route_tree = Some(string(p, "router.generatedRouteTree")?);
        }
    }
    if let Some(Prop {
        value: Value::Object(start),
        ..
    }) = obj.prop("start")
        && let Some(p) = start.prop("entry")
    {
        out.start_entry = Some(string(p, "start.entry")?);
    }
    Ok(out)
}

/// `./src/` → `src`; `.` → ``; `None` if it climbs out of the app.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn join(dir: &str, rel: &str) -> Option<String> {
    normalize(&format!("{dir}/{rel}"))
}

/// The entry `base` (relative to `dir`) resolves to, as Start resolves it: the name as given,
/// then with each extension in turn.
fn resolve_entry(files: &Files, dir: &str, base: &str) -> Result<Option<SourceFile>, UserError> {
    let Some(base) = join(dir, base) else {
        return Ok(None);
    };
    if ENTRY_EXTS.iter().any(|e| base.ends_with(&format!(".{e}")))
        && let Some(f) = files.source(&base)?
    {
        return Ok(Some(f));
    }
    for ext in ENTRY_EXTS {
        if let Some(f) = files.source(&format!("{base}.{ext}"))? {
            return Ok(Some(f));
        }
    }
    Ok(None)
}

/// Reads the layout: the plugin's options, the start and router entries, the root route and
/// every file route; once per run (detection, the plan, the next steps and doctor share it).
fn read_layout(files: &Files, pkg: &PackageJson) -> Result<StartLayout, UserError> {
    files.memo("tanstack_start::layout", || {
        read_layout_uncached(files, pkg)
    })
}

fn read_layout_uncached(files: &Files, pkg: &PackageJson) -> Result<StartLayout, UserError> {
    if !pkg.has_dep(START) && pkg.has_dep(OLD_START) {
        return Err(UserError::new(
            ErrorKind::Project,
            format!("this app uses `{OLD_START}`, TanStack Start before 1.121; AuthKit's TanStack Start SDK needs `{START}` 1.168.25 or newer"),
        )
        .hint("migrate the app to `@tanstack/react-start` and its Vite plugin (TanStack's guide for moving from Vinxi to Vite), then run `convex-authkit init` again; nothing was written"));
    }
    let options = match files.first_of(vite::CONFIGS)? {
        Some(config) => plugin_options(&config)?,
        None => PluginOptions::default(),
    };
    let outside = |what: &str, value: &str| {
        UserError::new(
            ErrorKind::Project,
            format!("the `tanstackStart()` option `{what}: '{value}'` points outside the app"),
        )
        .hint("convex-authkit works inside the app's folder; nothing was written")
    };
    let src_raw = options.src_directory.as_deref().unwrap_or("src");
    let src_dir = normalize(src_raw).ok_or_else(|| outside("srcDirectory", src_raw))?;
    let router_base = options.router_entry.as_deref().unwrap_or("router");
    let Some(router) = resolve_entry(files, &src_dir, router_base)? else {
        let shown = join(&src_dir, router_base).unwrap_or_else(|| router_base.to_string());
        return Err(UserError::new(
            ErrorKind::Project,
            format!("no TanStack Start router file found (`{shown}.tsx`)"),
        )
        .hint("TanStack Start needs one (it calls `createRouter`); run `convex-authkit init` in the app's own folder; nothing was written"));
    };
    let typescript = [".ts", ".tsx", ".mts"]
        .iter()
        .any(|e| router.rel.ends_with(e));
    let start_base = options.start_entry.as_deref().unwrap_or("start");
    let start = resolve_entry(files, &src_dir, start_base)?;
    let start_path = match &start {
        Some(f) => f.rel.clone(),
        None => {
            let base =
                join(&src_dir, start_base).ok_or_else(|| outside("start.entry", start_base))?;
            if ENTRY_EXTS.iter().any(|e| base.ends_with(&format!(".{e}"))) {
                base
            } else {
                format!("{base}.{}", js_ext(typescript))
            }
        }
    };
    let routes_raw = options.routes_directory.as_deref().unwrap_or("routes");
    let routes_dir =
        join(&src_dir, routes_raw).ok_or_else(|| outside("router.routesDirectory", routes_raw))?;
    let tree_raw = options.route_tree.as_deref().unwrap_or("routeTree.gen.ts");
    let route_tree =
        join(&src_dir, tree_raw).ok_or_else(|| outside("router.generatedRouteTree", tree_raw))?;
    let mut root_route = None;
    for ext in ROUTE_EXTS {
        if let Some(f) = files.source(&format!("{routes_dir}/__root.{ext}"))? {
            root_route = Some(f);
            break;
        }
    }
    let request_middleware = start.as_ref().and_then(|f| {
        let site = StartSite::find(f).ok()??;
        let list = site.middleware?;
        Some(
            list.items
                .iter()
                .map(|r| f.text[r.clone()].to_string())
                .collect(),
        )
    });
    let router_wraps = Calls::find(&router.rel, &router.text)
        .ok()
        .and_then(|calls| router_options(&router, &calls).cloned())
        .map(|opts| {
            ["Wrap", "InnerWrap"]
                .into_iter()
                .filter_map(|n| opts.prop(n).map(|p| (n, p.span.clone())))
                .collect()
        })
        .unwrap_or_default();
    let root_before_load = root_route.as_ref().and_then(|root| {
        let calls = Calls::find(&root.rel, &root.text).ok()?;
        let opts = root_options(&calls)?;
        opts.prop("beforeLoad").map(|p| p.span.clone())
    });
    let mut routes = Vec::new();
    read_routes(files, &routes_dir, 0, &mut routes)?;
    Ok(StartLayout {
        src_dir,
        start,
        start_path,
        request_middleware,
        router,
        router_wraps,
        root_route,
        root_before_load,
        routes_dir,
        route_tree,
        routes,
        typescript,
        sdk_module: SDK,
        middleware_function: "authkitMiddleware",
        callback_handler: "handleCallbackRoute",
        session_reader: "getAuth",
    })
}

/// Every route file under `dir` (the router's ignore prefix `-` and `__root` skipped), in name
/// order, with the route ID its `createFileRoute('…')` names.
fn read_routes(
    files: &Files,
    dir: &str,
    depth: usize,
    out: &mut Vec<FileRoute>,
) -> Result<(), UserError> {
    if depth > 8 || out.len() >= MAX_ROUTES {
        return Ok(());
    }
    let Ok(entries) = fs_err::read_dir(files.root().join(dir)) else {
        return Ok(());
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(['-', '.']) || name.starts_with("__root.") {
            continue;
        }
        let rel = format!("{dir}/{name}");
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            read_routes(files, &rel, depth + 1, out)?;
            continue;
        }
        if !ROUTE_EXTS.iter().any(|e| name.ends_with(&format!(".{e}"))) || name.ends_with(".d.ts") {
            continue;
        }
        let Some(text) = files.read(&rel)? else {
            continue;
        };
        let Some(id) = route_id(&text) else { continue };
        let sdk_imports = if text.contains(SDK) {
            JsFacts::parse(&rel, &text)
                .map(|f| {
                    f.imports
                        .iter()
                        .filter(|i| i.source == SDK)
                        .flat_map(|i| i.specifiers.iter().flatten())
                        .map(|s| s.imported.clone())
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        out.push(FileRoute {
            rel,
            path: url_path(&id),
            id,
            sdk_imports,
        });
        if out.len() >= MAX_ROUTES {
            break;
        }
    }
    Ok(())
}

/// The string literal in `createFileRoute('…')`, which the router's generator keeps equal to
/// the file's route ID.
fn route_id(text: &str) -> Option<String> {
    let at = text.find("createFileRoute(")? + "createFileRoute(".len();
    let rest = text[at..].trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let end = rest[1..].find(quote)?;
    Some(rest[1..1 + end].to_string())
}

/// A route ID's URL path: pathless (`_layout`) and group (`(group)`) segments dropped, no
/// trailing `/` (an index route serves its folder's path).
fn url_path(id: &str) -> String {
    let segments: Vec<&str> = id
        .split('/')
        .filter(|s| {
            let group = s.starts_with('(') && s.ends_with(')');
            !(s.is_empty() || s.starts_with('_') || group)
        })
        .collect();
    format!("/{}", segments.join("/"))
}

/// The env var the router's Convex client reads its URL from (`import.meta.env.VITE_CONVEX_URL`,
/// also through `(import.meta as any).env` and a `const` holding it, as in Convex's templates).
fn convex_url_env(text: &str, facts: &JsFacts) -> Option<String> {
    let from = |expr: &str| -> Option<String> {
        let at = expr.find(".env.")? + ".env.".len();
        let name: String = expr[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        (expr[..at].contains("import.meta") && !name.is_empty()).then_some(name)
    };
    for call in facts
        .new_calls
        .iter()
        .filter(|c| c.callee == "ConvexReactClient" || c.callee == "ConvexQueryClient")
    {
        let Some(arg) = call.first_arg.as_deref() else {
            continue;
        };
        if let Some(name) = from(arg) {
            return Some(name);
        }
        // `const CONVEX_URL = (import.meta as any).env.VITE_CONVEX_URL!`.
        if arg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            for decl in [format!("const {arg} ="), format!("let {arg} =")] {
                if let Some(at) = text.find(&decl) {
                    let line = text[at..].lines().next().unwrap_or("");
                    if let Some(name) = from(line) {
                        return Some(name);
                    }
                }
            }
        }
    }
    None
}

/// `AuthKit` when the router renders `ConvexProviderWithAuth` under the SDK's `AuthKitProvider`
/// with the SDK's client hooks (the template's shape); `Convex` for a Convex provider without.
fn wiring_of(facts: &JsFacts) -> Wiring {
    let rendered = |source: &str, name: &str| {
        facts
            .local_name(source, name)
            .is_some_and(|n| facts.elements_named(&n).next().is_some())
    };
    let with_auth = rendered("convex/react", "ConvexProviderWithAuth");
    let authkit = rendered(SDK_CLIENT, "AuthKitProvider");
    let hooks = ["useAuth", "useAccessToken"]
        .iter()
        .any(|h| facts.local_name(SDK_CLIENT, h).is_some());
    if with_auth && authkit && hooks {
        Wiring::AuthKit
    } else if with_auth || rendered("convex/react", "ConvexProvider") {
        Wiring::Convex
    } else {
        Wiring::None
    }
}

/// The import specifier reaching root-relative module `target` (no extension) from `from`.
fn relative_path(from: &str, target: &str) -> String {
    let from_dir: Vec<&str> = from
        .rsplit_once('/')
        .map_or(vec![], |(d, _)| d.split('/').collect());
    let to: Vec<&str> = target.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let ups = from_dir.len() - common;
    let rest = to[common..].join("/");
    if ups == 0 {
        format!("./{rest}")
    } else {
        format!("{}{rest}", "../".repeat(ups))
    }
}

// ---------------------------------------------------------------------------------------------
// Reading calls and object literals (owned, so no arena lifetimes leak)

/// A value in an object literal, as far as the codemods look into it.
#[derive(Debug, Clone)]
enum Value {
    Str(String),
    Object(ObjLit),
    Array(ArrayLit),
    /// An arrow function: its parameters, and its expression body (parentheses unwrapped) or
    /// the object a block body returns.
    Arrow(ArrowFn),
    Other,
}

#[derive(Debug, Clone)]
struct Prop {
    /// `None` for spreads, methods and computed keys.
    key: Option<String>,
    span: Range<usize>,
    value_span: Range<usize>,
    value: Value,
}

#[derive(Debug, Clone)]
struct ObjLit {
    span: Range<usize>,
    props: Vec<Prop>,
}

impl ObjLit {
    fn prop(&self, key: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.key.as_deref() == Some(key))
    }
}

#[derive(Debug, Clone)]
struct ArrayLit {
    span: Range<usize>,
    items: Vec<Range<usize>>,
}

#[derive(Debug, Clone)]
struct ArrowFn {
    /// The expression body without its parentheses.
    body: Option<Range<usize>>,
    /// The object literal the arrow returns (expression body or a top-level `return`).
    returns: Option<ObjLit>,
}

fn key_name(key: &PropertyKey<'_>) -> Option<String> {
    key.static_name().map(|n| n.to_string())
}

fn value_of(e: &Expression<'_>) -> Value {
    match e.without_parentheses() {
        Expression::StringLiteral(s) => Value::Str(s.value.to_string()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() && t.quasis.len() == 1 => {
            Value::Str(t.quasis[0].value.raw.to_string())
        }
        Expression::ObjectExpression(o) => Value::Object(obj_lit(o)),
        Expression::ArrayExpression(a) => Value::Array(ArrayLit {
            span: js::range(a.span),
            items: a
                .elements
                .iter()
                .filter(|e| !matches!(e, ArrayExpressionElement::Elision(_)))
                .map(|e| js::range(e.span()))
                .collect(),
        }),
        Expression::ArrowFunctionExpression(a) => {
            let body = a.get_expression().map(|e| e.without_parentheses());
            let returns = match body {
                Some(Expression::ObjectExpression(o)) => Some(obj_lit(o)),
                Some(_) => None,
                None => a.get_function_body().and_then(|b| {
                    b.statements.iter().find_map(|s| match s {
                        Statement::ReturnStatement(r) => {
                            match r.argument.as_ref()?.without_parentheses() {
                                Expression::ObjectExpression(o) => Some(obj_lit(o)),
                                _ => None,
                            }
                        }
                        _ => None,
                    })
                }),
            };
            Value::Arrow(ArrowFn {
                body: body.map(|b| js::range(b.span())),
                returns,
            })
        }
        _ => Value::Other,
    }
}

fn obj_lit(o: &ObjectExpression<'_>) -> ObjLit {
    ObjLit {
        span: js::range(o.span),
        props: o
            .properties
            .iter()
            .map(|p| match p {
                ObjectPropertyKind::ObjectProperty(p) => Prop {
                    key: (!p.computed && !p.method)
                        .then(|| key_name(&p.key))
                        .flatten(),
                    span: js::range(p.span),
                    value_span: js::range(p.value.span()),
                    value: value_of(&p.value),
                },
                ObjectPropertyKind::SpreadProperty(s) => Prop {
                    key: None,
                    span: js::range(s.span),
                    value_span: js::range(s.span),
                    value: Value::Other,
                },
            })
            .collect(),
    }
}

#[derive(Debug, Clone)]
struct Arg {
    span: Range<usize>,
    object: Option<ObjLit>,
    value: Value,
}

/// A call `f(…)`, or `f<T>()(…)` (recorded as `f()`, with `T`).
#[derive(Debug, Clone)]
struct CallSite {
    callee: String,
    args: Vec<Arg>,
    /// The type argument of `f<T>()` in `f<T>()(…)`.
    type_arg: Option<TypeArg>,
}

/// A type argument: a type literal's members, or the name it refers to.
#[derive(Debug, Clone)]
enum TypeArg {
    Literal(TypeLit),
    Named(String),
    Other,
}

#[derive(Debug, Clone)]
struct TypeLit {
    span: Range<usize>,
    /// Member names and spans.
    members: Vec<(Option<String>, Range<usize>)>,
}

fn type_lit(span: oxc_span::Span, members: &[TSSignature<'_>]) -> TypeLit {
    TypeLit {
        span: js::range(span),
        members: members
            .iter()
            .map(|m| match m {
                TSSignature::TSPropertySignature(p) => (key_name(&p.key), js::range(p.span)),
                other => (None, js::range(other.span())),
            })
            .collect(),
    }
}

/// Every call in a module, the `const` bindings made with `new X(…)`, and the module's type
/// declarations with literal bodies.
#[derive(Debug, Default)]
struct Calls {
    sites: Vec<CallSite>,
    /// `const name = new Callee(…)`: (name, callee).
    news: Vec<(String, String)>,
    /// `interface Name { … }` and `type Name = { … }`.
    types: Vec<(String, TypeLit)>,
}

impl Calls {
    fn find(rel: &str, src: &str) -> Result<Calls, UserError> {
        js::with_program(rel, src, |program| {
            let mut v = CallVisitor::default();
            v.visit_program(program);
            v.out
        })
    }
    fn named(&self, callee: &str) -> impl Iterator<Item = &CallSite> {
        self.sites.iter().filter(move |c| c.callee == callee)
    }
}

#[derive(Default)]
struct CallVisitor {
    out: Calls,
}

fn args_of(args: &[Argument<'_>]) -> Vec<Arg> {
    args.iter()
        .map(|a| {
            let span = js::range(a.span());
            match a.as_expression() {
                Some(e) => {
                    let value = value_of(e);
                    Arg {
                        span,
                        object: match &value {
                            Value::Object(o) => Some(o.clone()),
                            _ => None,
                        },
                        value,
                    }
                }
                None => Arg {
                    span,
                    object: None,
                    value: Value::Other,
                },
            }
        })
        .collect()
}

impl<'a> Visit<'a> for CallVisitor {
    fn visit_call_expression(&mut self, call: &CallExpression<'a>) {
        match &call.callee {
            Expression::Identifier(id) => self.out.sites.push(CallSite {
                callee: id.name.to_string(),
                args: args_of(&call.arguments),
                type_arg: None,
            }),
            Expression::CallExpression(inner) => {
                if let Expression::Identifier(id) = &inner.callee {
                    let type_arg = inner
                        .type_arguments
                        .as_ref()
                        .and_then(|t| t.params.first())
                        .map(|t| match t {
                            TSType::TSTypeLiteral(l) => {
                                TypeArg::Literal(type_lit(l.span, &l.members))
                            }
                            TSType::TSTypeReference(r) => match &r.type_name {
                                TSTypeName::IdentifierReference(n) => {
                                    TypeArg::Named(n.name.to_string())
                                }
                                _ => TypeArg::Other,
                            },
                            _ => TypeArg::Other,
                        });
                    self.out.sites.push(CallSite {
                        callee: format!("{}()", id.name),
                        args: args_of(&call.arguments),
                        type_arg,
                    });
                }
            }
            _ => {}
        }
        walk::walk_call_expression(self, call);
    }

    fn visit_variable_declarator(&mut self, d: &oxc_ast::ast::VariableDeclarator<'a>) {
        if let BindingPattern::BindingIdentifier(id) = &d.id
            && let Some(Expression::NewExpression(n)) =
                d.init.as_ref().map(|e| e.without_parentheses())
            && let Expression::Identifier(callee) = &n.callee
        {
            self.out
                .news
                .push((id.name.to_string(), callee.name.to_string()));
        }
        walk::walk_variable_declarator(self, d);
    }

    fn visit_statement(&mut self, s: &Statement<'a>) {
        let decl = match s {
            Statement::TSInterfaceDeclaration(_) | Statement::TSTypeAliasDeclaration(_) => Some(s),
            _ => None,
        };
        if let Some(s) = decl {
            record_type(s, &mut self.out.types);
        }
        if let Statement::ExportDeclaration(e) = s {
            match &e.declaration {
                Declaration::TSInterfaceDeclaration(i) => self
                    .out
                    .types
                    .push((i.id.name.to_string(), type_lit(i.body.span, &i.body.body))),
                Declaration::TSTypeAliasDeclaration(t) => {
                    if let TSType::TSTypeLiteral(l) = &t.type_annotation {
                        self.out
                            .types
                            .push((t.id.name.to_string(), type_lit(l.span, &l.members)));
                    }
                }
                _ => {}
            }
        }
        walk::walk_statement(self, s);
    }
}

fn record_type(s: &Statement<'_>, out: &mut Vec<(String, TypeLit)>) {
    match s {
        Statement::TSInterfaceDeclaration(i) => {
            out.push((i.id.name.to_string(), type_lit(i.body.span, &i.body.body)))
        }
        Statement::TSTypeAliasDeclaration(t) => {
            if let TSType::TSTypeLiteral(l) = &t.type_annotation {
                out.push((t.id.name.to_string(), type_lit(l.span, &l.members)));
            }
        }
        _ => {}
    }
}

/// The options object of the router's `createRouter({ … })`.
fn router_options<'c>(router: &SourceFile, calls: &'c Calls) -> Option<&'c ObjLit> {
    let facts = JsFacts::parse(&router.rel, &router.text).ok()?;
    let local = facts
        .local_name(ROUTER, "createRouter")
        .unwrap_or_else(|| "createRouter".into());
    calls
        .named(&local)
        .find_map(|c| c.args.first().and_then(|a| a.object.as_ref()))
}

/// The root route's options: `createRootRouteWithContext<…>()({ … })` or
/// `createRootRoute({ … })`.
fn root_options(calls: &Calls) -> Option<&ObjLit> {
    calls
        .named("createRootRouteWithContext()")
        .chain(calls.named("createRootRoute"))
        .find_map(|c| c.args.first().and_then(|a| a.object.as_ref()))
}

/// `createStart(() => ({ … }))` in the start entry: the returned options and their
/// `requestMiddleware` list.
struct StartSite {
    options: ObjLit,
    middleware: Option<ArrayLit>,
    /// `requestMiddleware` is there but not an array literal.
    middleware_other: Option<Range<usize>>,
}

impl StartSite {
    /// `Ok(None)`: the file doesn't call `createStart` with an arrow returning an object.
    fn find(file: &SourceFile) -> Result<Option<StartSite>, UserError> {
        let facts = JsFacts::parse(&file.rel, &file.text)?;
        let local = facts
            .local_name(START, "createStart")
            .unwrap_or_else(|| "createStart".into());
        let calls = Calls::find(&file.rel, &file.text)?;
        let Some(options) = calls.named(&local).find_map(|c| match c.args.first() {
            Some(Arg {
                value: Value::Arrow(a),
                ..
            }) => a.returns.clone(),
            _ => None,
        }) else {
            return Ok(None);
        };
        let (middleware, middleware_other) = match options.prop("requestMiddleware") {
            Some(Prop {
                value: Value::Array(a),
                ..
            }) => (Some(a.clone()), None),
            Some(p) => (None, Some(p.value_span.clone())),
            None => (None, None),
        };
        Ok(Some(StartSite {
            options,
            middleware,
            middleware_other,
        }))
    }
}

// ---------------------------------------------------------------------------------------------
// Editing helpers

/// Imports to add to (and names to drop from) a module, merged into one edit per statement.
#[derive(Default)]
struct Imports {
    /// (source, name, type-only)
    add: Vec<(String, String, bool)>,
    /// (source, local name)
    drop: Vec<(String, String)>,
}

impl Imports {
    fn add(&mut self, source: &str, name: &str) {
        self.add.push((source.into(), name.into(), false));
    }
    fn add_type(&mut self, source: &str, name: &str) {
        self.add.push((source.into(), name.into(), true));
    }
    fn drop(&mut self, source: &str, local: &str) {
        self.drop.push((source.into(), local.into()));
    }

    /// The edits: an existing plain named import of a source is printed anew with its names
    /// (minus dropped, plus added); otherwise a new statement goes after the last package
    /// import (before relative and side-effect imports), or at the top.
    fn edits(&self, src: &str, facts: &JsFacts, style: &Style) -> Vec<Edit> {
        let mut edits = Vec::new();
        let mut new_lines = Vec::new();
        let mut sources: Vec<(&str, bool)> = Vec::new();
        for (s, _, t) in &self.add {
            if !sources.contains(&(s.as_str(), *t)) {
                sources.push((s, *t));
            }
        }
        for (s, _) in &self.drop {
            if !sources.contains(&(s.as_str(), false)) {
                sources.push((s, false));
            }
        }
        for (source, type_only) in sources {
            let missing: Vec<String> = self
                .add
                .iter()
                .filter(|(s, n, t)| {
                    s == source
                        && *t == type_only
                        && facts.local_name(source, n).as_deref() != Some(n.as_str())
                })
                .map(|(_, n, _)| n.clone())
                .collect();
            let drops: Vec<&str> = self
                .drop
                .iter()
                .filter(|(s, _)| s == source)
                .map(|(_, l)| l.as_str())
                .collect();
            let existing = facts.imports.iter().find(|i| {
                i.source == source
                    && i.type_only == type_only
                    && i.braces.is_some()
                    && i.is_plain_named(src)
            });
            match existing {
                Some(import) => {
                    let mut names: Vec<String> = import
                        .specifiers
                        .iter()
                        .flatten()
                        .filter(|s| !drops.contains(&s.local.as_str()))
                        .map(|s| {
                            let text = src.get(s.span.clone()).unwrap_or(&s.local);
                            text.split_whitespace().collect::<Vec<_>>().join(" ")
                        })
                        .collect();
                    let mut dedup = missing.clone();
                    dedup.retain(|n| !names.contains(n));
                    if dedup.is_empty() && drops.is_empty() {
                        continue;
                    }
                    names.extend(dedup);
                    let text = if names.is_empty() {
                        String::new()
                    } else {
                        style
                            .print_import(&names, source, type_only)
                            .map(|t| t.trim_end().to_string())
                            .unwrap_or_default()
                    };
                    let mut range = import.span.clone();
                    if text.is_empty() {
                        // The whole line goes.
                        let end = src[range.end..]
                            .find('\n')
                            .map_or(src.len(), |i| range.end + i + 1);
                        range = js::line_start(src, range.start)..end;
                    }
                    edits.push(Edit::replace(range, text));
                }
                None if !missing.is_empty() => {
                    if let Some(line) = style.print_import(&missing, source, type_only) {
                        new_lines.push(line.trim_end().to_string());
                    }
                }
                None => {}
            }
        }
        if !new_lines.is_empty() {
            let eol = style.eol;
            let package = |s: &str| {
                !s.starts_with(['.', '/']) && !s.starts_with("~/") && !s.starts_with("@/")
            };
            let after_packages = facts
                .imports
                .iter()
                .filter(|i| i.specifiers.is_some() && package(&i.source))
                .map(|i| i.span.end)
                .max()
                .or_else(|| facts.imports.last().map(|i| i.span.end));
            let joined = new_lines.join(eol);
            match after_packages {
                Some(at) => edits.push(Edit::insert(at, format!("{eol}{joined}"))),
                None => edits.push(Edit::insert(0, format!("{joined}{eol}{eol}"))),
            }
        }
        edits
    }
}

/// The indentation of an object's properties: its first property's, else one level in.
fn prop_indent(src: &str, obj: &ObjLit, style: &Style) -> String {
    match obj.props.first() {
        Some(p) if js::starts_line(src, p.span.start) => js::line_indent(src, p.span.start).into(),
        _ => format!("{}{}", js::line_indent(src, obj.span.start), style.indent),
    }
}

/// The edit adding a property (already printed at `indent`) as the last of a broken object:
/// after the last property's comma, keeping the object's trailing-comma habit. A one-line
/// object is broken, one property per line.
fn append_prop(src: &str, obj: &ObjLit, printed: &str, style: &Style) -> Edit {
    let eol = style.eol;
    let indent = prop_indent(src, obj, style);
    let inner = &src[obj.span.start + 1..obj.span.end - 1];
    if !inner.contains('\n') {
        // `{ a, b }` → one property a line.
        let parts = js::split_top_level(inner).unwrap_or_default();
        let outer = js::line_indent(src, obj.span.start);
        let mut body: String = parts.iter().map(|p| format!("{eol}{indent}{p},")).collect();
        body.push_str(&format!("{eol}{indent}{printed}{}", style.trailing_comma()));
        return Edit::replace(obj.span.clone(), format!("{{{body}{eol}{outer}}}"));
    }
    match obj.props.last() {
        Some(last) => {
            let rest = &src[last.span.end..obj.span.end - 1];
            let comma = rest.trim_start().starts_with(',');
            if comma {
                let at = last.span.end + rest.find(',').unwrap_or(0) + 1;
                Edit::insert(at, format!("{eol}{indent}{printed},"))
            } else {
                Edit::insert(last.span.end, format!(",{eol}{indent}{printed}"))
            }
        }
        None => Edit::replace(
            obj.span.start + 1..obj.span.end - 1,
            format!(
                "{eol}{indent}{printed}{}{eol}{}",
                style.trailing_comma(),
                js::line_indent(src, obj.span.start)
            ),
        ),
    }
}

/// The range of a property with its trailing comma and its line, for removing it.
fn prop_line_range(src: &str, prop: &Prop) -> Range<usize> {
    let mut end = prop.span.end;
    let rest = &src[end..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    if trimmed.starts_with(',') {
        end += rest.len() - trimmed.len() + 1;
    }
    let mut start = if js::starts_line(src, prop.span.start) {
        js::line_start(src, prop.span.start)
    } else {
        prop.span.start
    };
    // `//` lines right above it are about it.
    while start > 0 && js::starts_line(src, prop.span.start) {
        let above = js::line_start(src, start - 1);
        if !src[above..start].trim_start().starts_with("//") {
            break;
        }
        start = above;
    }
    let after = &src[end..];
    let line_rest = after.trim_start_matches([' ', '\t']);
    if js::starts_line(src, prop.span.start)
        && (line_rest.starts_with('\n') || line_rest.starts_with("\r\n"))
    {
        end += after.len() - line_rest.len() + if line_rest.starts_with("\r\n") { 2 } else { 1 };
    }
    start..end
}

/// `text` (a JSX element as written, starting at `at` in `src`) as a document of its lines, with
/// the indentation relative to its first line kept.
fn reindented(src: &str, at: usize, text: &str) -> Doc {
    let base = js::line_indent(src, at).len();
    let mut parts = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            parts.push(hardline());
            let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
            parts.push(text_doc(&line[lead.min(base)..]));
        } else {
            parts.push(text_doc(line));
        }
    }
    concat(parts)
}

fn text_doc(s: &str) -> Doc {
    text(s.trim_end().to_string())
}

/// `src` with `edits` applied and re-parsed; a failure stops with `snippet` to paste.
fn apply_checked(
    rel: &str,
    src: &str,
    edits: &[Edit],
    snippet: impl Fn() -> String,
) -> Result<String, UserError> {
    let stop = |message: String| {
        UserError::new(ErrorKind::UnsupportedCode, message)
            .at(Location::at(rel, src, 0))
            .snippet(snippet())
            .hint(format!(
                "make `{rel}` match the snippet below by hand, then run again; nothing was written"
            ))
    };
    let out = edit::apply(src, edits).map_err(|e| stop(format!("can't edit `{rel}`: {e}")))?;
    js::check_parses(rel, &out).map_err(|e| {
        stop(format!(
            "the edited `{rel}` would not parse ({}), so it was not written",
            e.message
        ))
    })?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// `src/start.ts`: AuthKit's request middleware

fn plan_start(layout: &StartLayout, style: &Style, plan: &mut Plan) -> Result<(), UserError> {
    let Some(file) = &layout.start else {
        plan.create(
            layout.start_path.clone(),
            start_file(style),
            "register AuthKit's request middleware (and Start's CSRF check for server functions)",
        );
        return Ok(());
    };
    let snippet = || start_file(style);
    let stop = |message: String, at: usize| {
        UserError::new(ErrorKind::UnsupportedCode, message)
            .at(Location::at(&file.rel, &file.text, at))
            .snippet(snippet())
            .hint(format!("add `authkitMiddleware()` from `{SDK}` to `requestMiddleware` in `{}` by hand (the snippet shows the whole file), then run again; nothing was written", file.rel))
    };
    let Some(site) = StartSite::find(file)? else {
        return Err(stop(
            format!(
                "`{}` doesn't call `createStart(() => ({{ … }}))`, so init can't add AuthKit's middleware to it",
                file.rel
            ),
            0,
        ));
    };
    let facts = JsFacts::parse(&file.rel, &file.text)?;
    let local = facts.local_name(SDK, "authkitMiddleware");
    let src = &file.text;
    if let (Some(list), Some(local)) = (&site.middleware, &local)
        && list.items.iter().any(|r| {
            src[r.clone()]
                .trim_start()
                .starts_with(&format!("{local}("))
        })
    {
        return Ok(());
    }
    if let Some(span) = &site.middleware_other {
        return Err(stop(
            format!(
                "`requestMiddleware` in `{}` is not an array literal, so init can't add AuthKit's middleware to it",
                file.rel
            ),
            span.start,
        ));
    }
    if facts
        .top_level_names
        .iter()
        .any(|n| n == "authkitMiddleware")
        && local.is_none()
    {
        return Err(stop(
            format!(
                "`{}` already defines `authkitMiddleware`, which AuthKit's import needs",
                file.rel
            ),
            0,
        ));
    }
    let call = "authkitMiddleware()";
    let mut edits = Vec::new();
    match &site.middleware {
        Some(list) => {
            // After a CSRF middleware (AuthKit's README lists it first), else first: middleware
            // after it may read the session.
            let csrf = list
                .items
                .iter()
                .rposition(|r| src[r.clone()].to_lowercase().contains("csrf"));
            let inner = &src[list.span.start + 1..list.span.end - 1];
            let broken = inner.contains('\n');
            let prop = site.options.prop("requestMiddleware");
            let simple = !inner.contains("//") && !inner.contains("/*");
            match (csrf, list.items.first()) {
                // A one-line list is printed anew, so it breaks as Prettier would once too long.
                (_, _) if !broken && simple && prop.is_some() => {
                    let at = csrf.map_or(0, |i| i + 1);
                    let mut items: Vec<pj::Expr> =
                        list.items.iter().map(|r| pj::id(&src[r.clone()])).collect();
                    items.insert(at, pj::id(call));
                    let prop = prop.map(|p| p.span.clone()).unwrap_or_default();
                    let printed = style
                        .print(js::line_indent(src, prop.start), |p| {
                            p.property("requestMiddleware", &pj::Expr::Array(items))
                        })
                        .unwrap_or_default();
                    edits.push(Edit::replace(prop, printed));
                }
                (Some(i), _) => {
                    let after = list.items[i].end;
                    if broken {
                        let ind = js::line_indent(src, list.items[i].start);
                        let rest = &src[after..list.span.end - 1];
                        let comma_at = rest.find(',').map(|c| after + c + 1);
                        match comma_at {
                            Some(at) => {
                                edits.push(Edit::insert(at, format!("{}{ind}{call},", style.eol)))
                            }
                            None => edits
                                .push(Edit::insert(after, format!(",{}{ind}{call}", style.eol))),
                        }
                    } else {
                        edits.push(Edit::insert(after, format!(", {call}")));
                    }
                }
                (None, Some(first)) => {
                    if broken {
                        let ind = js::line_indent(src, first.start);
                        edits.push(Edit::insert(
                            js::line_start(src, first.start),
                            format!("{ind}{call},{}", style.eol),
                        ));
                    } else {
                        edits.push(Edit::insert(first.start, format!("{call}, ")));
                    }
                }
                (None, None) => {
                    edits.push(Edit::replace(list.span.start + 1..list.span.end - 1, call))
                }
            }
        }
        None => {
            let indent = prop_indent(src, &site.options, style);
            let printed = style
                .print(&indent, |p| {
                    p.property("requestMiddleware", &pj::Expr::Array(vec![pj::id(call)]))
                })
                .unwrap_or_default();
            edits.push(append_prop(src, &site.options, &printed, style));
        }
    }
    if site.middleware.as_ref().is_some_and(|l| {
        !l.items
            .iter()
            .any(|r| src[r.clone()].to_lowercase().contains("csrf"))
    }) || site.middleware.is_none()
    {
        plan.notes.push(
            Note::info(format!(
                "`{}` defines its own start instance, so TanStack Start doesn't add its CSRF check for server functions",
                file.rel
            ))
            .with_hint(format!("AuthKit's README puts `createCsrfMiddleware({{ filter: (ctx) => ctx.handlerType === 'serverFn' }})` from `{START}` before `authkitMiddleware()`")),
        );
    }
    let mut imports = Imports::default();
    imports.add(SDK, "authkitMiddleware");
    edits.extend(imports.edits(src, &facts, style));
    let after = apply_checked(&file.rel, src, &edits, snippet)?;
    plan.modify(file, after, "add AuthKit's request middleware");
    Ok(())
}

/// A new start entry: Start's CSRF check (a start instance turns its default off) and AuthKit's
/// middleware, as AuthKit's README registers them.
fn start_file(style: &Style) -> String {
    use pj::{Stmt, arrow, binary, call, decl, expr_body, id, import, kv, member, object};
    let stmts = vec![
        import(&["createCsrfMiddleware", "createStart"], START),
        import(&["authkitMiddleware"], SDK),
        Stmt::Blank,
        Stmt::Comment(
            "A start instance turns off TanStack Start's default CSRF check on server functions,"
                .into(),
        ),
        Stmt::Comment(
            "so it comes back first; then AuthKit reads and refreshes the session cookie on every"
                .into(),
        ),
        Stmt::Comment("request, which `getAuth()` and the callback route need.".into()),
        decl(
            "const",
            pj::Pattern::Id("csrfMiddleware".into()),
            call(
                id("createCsrfMiddleware"),
                vec![object(
                    vec![kv(
                        "filter",
                        arrow(
                            &["ctx"],
                            expr_body(binary(
                                member("ctx.handlerType"),
                                "===",
                                pj::str("serverFn"),
                            )),
                        ),
                    )],
                    true,
                )],
            ),
        ),
        Stmt::Blank,
        Stmt::Decl {
            export: true,
            kind: "const",
            pattern: pj::Pattern::Id("startInstance".into()),
            init: call(
                id("createStart"),
                vec![arrow(
                    &[],
                    expr_body(object(
                        vec![kv(
                            "requestMiddleware",
                            pj::Expr::Array(vec![
                                id("csrfMiddleware"),
                                call(id("authkitMiddleware"), vec![]),
                            ]),
                        )],
                        true,
                    )),
                )],
            ),
        },
    ];
    style.print_module(&stmts).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// File routes: callback, sign-in, sign-up

#[derive(Clone, Copy)]
enum RouteKind {
    Callback,
    SignIn,
    SignUp,
}

impl RouteKind {
    fn function(self) -> &'static str {
        match self {
            RouteKind::Callback => "handleCallbackRoute",
            RouteKind::SignIn => "getSignInUrl",
            RouteKind::SignUp => "getSignUpUrl",
        }
    }
    fn summary(self, path: &str) -> String {
        match self {
            RouteKind::Callback => "the sign-in callback: code → session cookie".into(),
            RouteKind::SignIn => format!("`{path}` redirects to AuthKit"),
            RouteKind::SignUp => format!("`{path}` redirects to AuthKit's sign-up"),
        }
    }
}

fn plan_routes(
    files: &Files,
    layout: &StartLayout,
    style: &Style,
    callback_path: &str,
    plan: &mut Plan,
) -> Result<(), UserError> {
    for (path, kind) in [
        (callback_path, RouteKind::Callback),
        (SIGN_IN_PATH, RouteKind::SignIn),
        (SIGN_UP_PATH, RouteKind::SignUp),
    ] {
        plan_route(files, layout, style, path, kind, plan)?;
    }
    Ok(())
}

/// The route for `path` (created unless a route is there), and notes for one that isn't
/// AuthKit's or, for the callback, another route handling AuthKit's callback.
fn plan_route(
    files: &Files,
    layout: &StartLayout,
    style: &Style,
    path: &str,
    kind: RouteKind,
    plan: &mut Plan,
) -> Result<(), UserError> {
    let eol = style.eol;
    let function = kind.function();
    let body = || route_file(style, layout.typescript, path, kind);
    let existing = match layout.route_at(path) {
        Some(route) => Some(route.rel.clone()),
        None => {
            let Some(rel) = layout.route_file_for(path) else {
                return Err(UserError::usage(format!(
                    "the callback path `{path}` can't be a TanStack Router file route"
                ))
                .hint("use a plain path such as `/callback` or `/api/auth/callback` (`--callback-path`)"));
            };
            files.exists(&rel)?.then_some(rel)
        }
    };
    match existing {
        None => {
            let rel = layout.route_file_for(path).unwrap_or_default();
            plan.create(rel, body(), &kind.summary(path));
        }
        Some(rel) => {
            let ours = layout
                .routes
                .iter()
                .find(|r| r.rel == rel)
                .is_some_and(|r| r.sdk_imports.iter().any(|n| n == function));
            if !ours {
                plan.notes.push(
                    Note::warning(format!(
                        "`{rel}` exists and doesn't call AuthKit's `{function}`; left it alone"
                    ))
                    .with_hint(format!("AuthKit's route for `{path}`:{eol}{}", body())),
                );
            }
        }
    }
    if let RouteKind::Callback = kind {
        for other in layout.routes_calling(function) {
            if other.path.trim_end_matches('/') != path.trim_end_matches('/') {
                plan.notes.push(
                    Note::warning(format!(
                        "`{}` also handles AuthKit's callback, at `{}`, but the redirect URI uses `{path}`",
                        other.rel, other.path
                    ))
                    .with_hint("WorkOS returns to the redirect URI only; remove the other route, or run init with `--callback-path` set to the one you use"),
                );
            }
        }
    }
    Ok(())
}

/// A server-only file route: the callback handler, or a redirect to AuthKit's sign-in/sign-up
/// that passes `returnPathname` on, as Convex's template has them.
fn route_file(style: &Style, typescript: bool, path: &str, kind: RouteKind) -> String {
    use pj::{
        Body, Pattern, Stmt, async_arrow, call, cond, decl, id, import, kv, member, method, new,
        object,
    };
    let handler = match kind {
        RouteKind::Callback => call(id("handleCallbackRoute"), vec![]),
        RouteKind::SignIn | RouteKind::SignUp => {
            let mut param = braces(style, "request");
            if typescript {
                param = format!("{param}: {}", braces(style, "request: Request"));
            }
            async_arrow(
                &[param.as_str()],
                Body::Block(vec![
                    decl(
                        "const",
                        Pattern::Id("returnPathname".into()),
                        method(
                            pj::Expr::Member(
                                Box::new(new("URL", vec![member("request.url")])),
                                "searchParams".into(),
                                false,
                            ),
                            "get",
                            vec![pj::str("returnPathname")],
                        ),
                    ),
                    decl(
                        "const",
                        Pattern::Id("url".into()),
                        pj::unary(
                            "await ",
                            call(
                                id(kind.function()),
                                vec![cond(
                                    id("returnPathname"),
                                    object(
                                        vec![kv(
                                            "data",
                                            object(
                                                vec![pj::Prop::Shorthand("returnPathname".into())],
                                                false,
                                            ),
                                        )],
                                        false,
                                    ),
                                    id("undefined"),
                                )],
                            ),
                        ),
                    ),
                    Stmt::Return(Some(new(
                        "Response",
                        vec![
                            id("null"),
                            object(
                                vec![
                                    kv("status", id("307")),
                                    kv("headers", object(vec![kv("Location", id("url"))], false)),
                                ],
                                true,
                            ),
                        ],
                    ))),
                ]),
            )
        }
    };
    let comment = match kind {
        RouteKind::Callback => {
            "AuthKit returns here after sign-in: the code becomes the session cookie."
        }
        RouteKind::SignIn => {
            "Redirects to AuthKit's sign-in; `returnPathname` is where to land afterwards."
        }
        RouteKind::SignUp => {
            "Redirects to AuthKit's sign-up; `returnPathname` is where to land afterwards."
        }
    };
    let stmts = vec![
        import(&["createFileRoute"], ROUTER),
        import(&[kind.function()], SDK),
        Stmt::Blank,
        Stmt::Comment(comment.into()),
        Stmt::Decl {
            export: true,
            kind: "const",
            pattern: Pattern::Id("Route".into()),
            init: call(
                call(id("createFileRoute"), vec![pj::str(path)]),
                vec![object(
                    vec![kv(
                        "server",
                        object(
                            vec![kv("handlers", object(vec![kv("GET", handler)], true))],
                            true,
                        ),
                    )],
                    true,
                )],
            ),
        },
    ];
    style.print_module(&stmts).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// `src/router.tsx`: AuthKit and Convex in `InnerWrap`

/// Wires the router (unless it already is) and returns its text after the plan.
fn plan_router(
    layout: &StartLayout,
    facts: &AppFacts,
    style: &Style,
    plan: &mut Plan,
) -> Result<String, UserError> {
    let router = &layout.router;
    if facts.wiring == Wiring::AuthKit {
        // Wired by hand, or by an older docs page that used `Wrap`.
        let parsed = JsFacts::parse(&router.rel, &router.text)?;
        let in_wrap = parsed
            .local_name(SDK_CLIENT, "AuthKitProvider")
            .and_then(|n| parsed.elements_named(&n).next().cloned())
            .is_some_and(|el| {
                layout.router_wraps.iter().any(|(name, span)| {
                    *name == "Wrap" && span.start <= el.span.start && el.span.end <= span.end
                })
            });
        if in_wrap {
            plan.notes.push(
                Note::warning(format!(
                    "`AuthKitProvider` is in the router's `Wrap` in `{}`; AuthKit's provider belongs in `InnerWrap`, inside the router",
                    router.rel
                ))
                .with_hint("move `Wrap`'s providers to `InnerWrap` (Convex's `template-tanstack-start-authkit` does); init left the file alone"),
            );
        }
        return Ok(router.text.clone());
    }
    let after = wire_router(router, style, layout.typescript)?;
    plan.modify(
        router,
        after.clone(),
        "AuthKit's session → Convex in the router's `InnerWrap` (`AuthKitProvider` + `ConvexProviderWithAuth`)",
    );
    Ok(after)
}

/// The router's one `<ConvexProvider client={…}>{children}</ConvexProvider>`: its local name,
/// element and client expression; anything else (two of them, other props or children, other
/// uses of the name, names the wiring needs already taken) stops with the wiring to paste.
fn convex_provider<'f>(
    rel: &str,
    src: &str,
    facts: &'f JsFacts,
    stop: &dyn Fn(String, usize, &str) -> UserError,
) -> Result<(String, &'f js::JsxElem, String), UserError> {
    let Some(local) = facts.local_name("convex/react", "ConvexProvider") else {
        return Err(stop(
            format!(
                "`{rel}` doesn't render `ConvexProvider` from `convex/react`, so there is nothing to rewire"
            ),
            0,
            "convexQueryClient.convexClient",
        ));
    };
    let elements: Vec<&'f js::JsxElem> = facts.jsx.iter().filter(|e| e.name == local).collect();
    let el = match elements.as_slice() {
        [one] => *one,
        [] => {
            return Err(stop(
                format!("`{rel}` imports `ConvexProvider` but never renders `<{local}>`"),
                0,
                "convexQueryClient.convexClient",
            ));
        }
        [_, second, ..] => {
            return Err(stop(
                format!("`{rel}` renders `<{local}>` more than once; init rewires exactly one"),
                second.span.start,
                "convexQueryClient.convexClient",
            ));
        }
    };
    let client = el
        .attrs
        .iter()
        .find(|a| a.name.as_deref() == Some("client"))
        .and_then(|a| a.value.clone())
        .filter(|v| !v.contains('\n'));
    let Some(client) = client else {
        return Err(stop(
            format!("`<{local}>` in `{rel}` has no one-line `client={{…}}` prop"),
            el.span.start,
            "convexQueryClient.convexClient",
        ));
    };
    if el.attrs.len() > 1 {
        return Err(stop(
            format!("`<{local}>` in `{rel}` has props besides `client`; init moves only `client`"),
            el.span.start,
            &client,
        ));
    }
    let children = el
        .closing_name
        .as_ref()
        .map(|c| src[el.opening.end..src[..c.start].rfind("</").unwrap_or(c.start)].trim());
    if children != Some("{children}") {
        return Err(stop(
            format!(
                "`<{local}>` in `{rel}` wraps something other than `{{children}}`; init rewires only `<{local} client={{…}}>{{children}}</{local}>`"
            ),
            el.span.start,
            &client,
        ));
    }
    if let Some((_, span)) = facts
        .references
        .iter()
        .find(|(n, s)| n == &local && *s != el.opening_name && Some(s) != el.closing_name.as_ref())
    {
        return Err(stop(
            format!("`{local}` is used in `{rel}` other than as `<{local}>`"),
            span.start,
            &client,
        ));
    }
    let taken = [
        ("react", "useCallback"),
        ("react", "useMemo"),
        ("convex/react", "ConvexProviderWithAuth"),
        (SDK_CLIENT, "AuthKitProvider"),
        (SDK_CLIENT, "useAuth"),
        (SDK_CLIENT, "useAccessToken"),
        ("", ADAPTER),
    ]
    .into_iter()
    .find(|(source, name)| {
        facts.top_level_names.iter().any(|n| n == name)
            && facts.local_name(source, name).as_deref() != Some(*name)
    });
    if let Some((_, name)) = taken {
        return Err(stop(
            format!("`{rel}` already defines `{name}`, which the AuthKit wiring needs"),
            0,
            &client,
        ));
    }
    Ok((local, el, client))
}

/// The router file with its Convex provider moved into `InnerWrap`, inside AuthKit's provider,
/// fed by the adapter hook (appended to the file). An existing `Wrap`/`InnerWrap` keeps
/// everything else it renders.
pub fn wire_router(
    router: &SourceFile,
    style: &Style,
    typescript: bool,
) -> Result<String, UserError> {
    let (rel, src) = (router.rel.as_str(), router.text.as_str());
    let facts = JsFacts::parse(rel, src)?;
    let stop = |message: String, at: usize, client: &str| {
        UserError::new(ErrorKind::UnsupportedCode, message)
            .at(Location::at(rel, src, at))
            .snippet(wiring_snippet_for(style, typescript, client))
            .hint(format!("wire the providers in `{rel}` by hand as in the snippet below, then run again; nothing was written"))
    };
    let (local, el, client) = convex_provider(rel, src, &facts, &stop)?;
    let calls = Calls::find(rel, src)?;
    let Some(options) = router_options(router, &calls).cloned() else {
        return Err(stop(
            format!("`{rel}` doesn't call `createRouter({{ … }})` with an options object"),
            0,
            &client,
        ));
    };
    // Which wrap holds the provider, and what its arrow renders.
    let holder = ["Wrap", "InnerWrap"].into_iter().find_map(|name| {
        let p = options.prop(name)?;
        (p.span.start <= el.span.start && el.span.end <= p.span.end).then_some((name, p))
    });
    let Some((holder_name, holder)) = holder else {
        return Err(stop(
            format!(
                "`<{local}>` in `{rel}` is not in the `Wrap` or `InnerWrap` of `createRouter`'s options"
            ),
            el.span.start,
            &client,
        ));
    };
    let Value::Arrow(ArrowFn {
        body: Some(body), ..
    }) = &holder.value
    else {
        return Err(stop(
            format!("`{holder_name}` in `{rel}` is not an arrow function returning JSX"),
            holder.span.start,
            &client,
        ));
    };
    let whole_body = *body == el.span;
    let inner_wrap = options.prop("InnerWrap");
    let mut edits = Vec::new();
    // What the new `InnerWrap` renders inside the providers: `{children}`, the existing
    // `InnerWrap`'s JSX, or that JSX with the Convex provider unwrapped.
    let inner = if holder_name == "InnerWrap" {
        if whole_body {
            text("{children}")
        } else {
            let mut t = src[body.clone()].to_string();
            t.replace_range(
                el.span.start - body.start..el.span.end - body.start,
                "{children}",
            );
            reindented(src, body.start, &t)
        }
    } else {
        match inner_wrap {
            Some(iw) => {
                let Value::Arrow(ArrowFn { body: Some(b), .. }) = &iw.value else {
                    return Err(stop(
                        format!("`InnerWrap` in `{rel}` is not an arrow function returning JSX"),
                        iw.span.start,
                        &client,
                    ));
                };
                reindented(src, b.start, &src[b.clone()])
            }
            None => text("{children}"),
        }
    };
    let client_expr = pj::id(&client);
    let print_at = |indent: &str| {
        style
            .print(indent, |p| {
                inner_wrap_property(p, style, &client_expr, inner.clone())
            })
            .unwrap_or_default()
    };
    // The `Wrap` that held the provider: gone when the provider was all it rendered (the new
    // `InnerWrap` takes its place when there is none yet), else the provider is unwrapped.
    if holder_name == "Wrap" && !whole_body {
        edits.push(Edit::replace(el.span.clone(), "{children}"));
    }
    match inner_wrap {
        Some(iw) => {
            if holder_name == "Wrap" && whole_body {
                edits.push(Edit::delete(prop_line_range(src, holder)));
            }
            let printed = print_at(js::line_indent(src, iw.span.start));
            edits.push(Edit::replace(iw.span.clone(), printed));
        }
        None if whole_body => {
            // In the place of the `Wrap` that goes (and its comments).
            let ind = js::line_indent(src, holder.span.start).to_string();
            let printed = print_at(&ind);
            let range = prop_line_range(src, holder);
            let removed = &src[range.clone()];
            let comma = if src[holder.span.end..range.end].contains(',') {
                ","
            } else {
                ""
            };
            let text = if js::starts_line(src, holder.span.start) {
                let eol = if removed.ends_with('\n') {
                    style.eol
                } else {
                    ""
                };
                format!("{ind}{printed}{comma}{eol}")
            } else {
                format!("{printed}{comma}")
            };
            edits.push(Edit::replace(range, text));
        }
        None => {
            let printed = print_at(&prop_indent(src, &options, style));
            edits.push(append_prop(src, &options, &printed, style));
        }
    }
    let mut imports = Imports::default();
    imports.drop("convex/react", &local);
    imports.add("convex/react", "ConvexProviderWithAuth");
    for name in ["AuthKitProvider", "useAccessToken", "useAuth"] {
        imports.add(SDK_CLIENT, name);
    }
    imports.add("react", "useCallback");
    imports.add("react", "useMemo");
    edits.extend(imports.edits(src, &facts, style));
    // The adapter, at the end of the file.
    let eol = style.eol;
    let lead = if src.ends_with('\n') {
        eol.to_string()
    } else {
        format!("{eol}{eol}")
    };
    edits.push(Edit::insert(
        src.len(),
        format!("{lead}{}", adapter_hook(style, typescript)),
    ));
    apply_checked(rel, src, &edits, || {
        wiring_snippet_for(style, typescript, &client)
    })
}

/// `{ inner }`, or `{inner}` under `bracketSpacing: false`: a destructuring pattern or type
/// literal written out as text.
fn braces(style: &Style, inner: &str) -> String {
    match &style.prettier {
        Some(o) if !o.bracket_spacing => format!("{{{inner}}}"),
        _ => format!("{{ {inner} }}"),
    }
}

/// `InnerWrap: ({ children }) => (<AuthKitProvider><ConvexProviderWithAuth …>inner…)`.
fn inner_wrap_property(p: &pj::Printer<'_>, style: &Style, client: &pj::Expr, inner: Doc) -> Doc {
    let convex = p.jsx_element(
        "ConvexProviderWithAuth",
        &[
            ("client".to_string(), Some(client.clone())),
            ("useAuth".to_string(), Some(pj::id(ADAPTER))),
        ],
        inner,
    );
    let authkit = p.jsx_element("AuthKitProvider", &[], convex);
    concat(vec![
        text(format!("InnerWrap: ({}) => (", braces(style, "children"))),
        indent(concat(vec![hardline(), authkit])),
        hardline(),
        text(")"),
    ])
}

/// `ConvexProviderWithAuth`'s `useAuth`: AuthKit's user and access token, refreshed when Convex
/// asks for a fresh one, as in Convex's template.
fn adapter_hook(style: &Style, typescript: bool) -> String {
    style
        .print_module(&adapter_ast(style, typescript))
        .unwrap_or_default()
}

/// `fetchAccessToken`'s parameter. TypeScript's, when its line is wider than `printWidth`, is
/// hugged as Prettier hugs a lone destructured parameter with an object type: the pattern and
/// the type broken, one member a line.
fn fetch_param(style: &Style, typescript: bool) -> String {
    let pattern = braces(style, "forceRefreshToken");
    if !typescript {
        return pattern;
    }
    let one_line = format!("{pattern}: {}", braces(style, "forceRefreshToken: boolean"));
    let Some(o) = &style.prettier else {
        return one_line;
    };
    let u = &style.indent;
    let width: usize = format!("{u}{u}async ({one_line}) => {{")
        .chars()
        .map(|c| if c == '\t' { o.tab_width } else { 1 })
        .sum();
    if width <= o.print_width {
        return one_line;
    }
    let (eol, tc) = (style.eol, style.trailing_comma());
    let sep = if o.semi { ";" } else { "" };
    format!(
        "{{{eol}{u}{u}{u}forceRefreshToken{tc}{eol}{u}{u}}}: {{{eol}{u}{u}{u}forceRefreshToken: boolean{sep}{eol}{u}{u}}}"
    )
}

fn adapter_ast(style: &Style, typescript: bool) -> Vec<pj::Stmt> {
    use pj::{
        Body, Pattern, Stmt, arrow, async_arrow, binary, call, decl, id, if_block, kv, object,
        unary,
    };
    let param = fetch_param(style, typescript);
    let param = param.as_str();
    let awaited = |f: &str| binary(id(&format!("(await {f}())")), "??", id("null"));
    vec![
        Stmt::Comment(
            "Convex asks for tokens through this hook: AuthKit's session user and access token."
                .into(),
        ),
        Stmt::Function {
            export: false,
            name: ADAPTER.into(),
            body: vec![
                decl(
                    "const",
                    Pattern::Object(vec!["loading".into(), "user".into()]),
                    call(id("useAuth"), vec![]),
                ),
                decl(
                    "const",
                    Pattern::Object(vec!["getAccessToken".into(), "refresh".into()]),
                    call(id("useAccessToken"), vec![]),
                ),
                Stmt::Blank,
                decl(
                    "const",
                    Pattern::Id("fetchAccessToken".into()),
                    call(
                        id("useCallback"),
                        vec![
                            async_arrow(
                                &[param],
                                Body::Block(vec![
                                    if_block(
                                        unary("!", id("user")),
                                        vec![Stmt::Return(Some(id("null")))],
                                    ),
                                    if_block(
                                        id("forceRefreshToken"),
                                        vec![Stmt::Return(Some(awaited("refresh")))],
                                    ),
                                    Stmt::Return(Some(awaited("getAccessToken"))),
                                ]),
                            ),
                            pj::Expr::Array(vec![id("user"), id("refresh"), id("getAccessToken")]),
                        ],
                    ),
                ),
                Stmt::Blank,
                Stmt::Return(Some(call(
                    id("useMemo"),
                    vec![
                        arrow(
                            &[],
                            pj::expr_body(object(
                                vec![
                                    kv("isLoading", id("loading")),
                                    kv("isAuthenticated", unary("!!", id("user"))),
                                    pj::Prop::Shorthand("fetchAccessToken".into()),
                                ],
                                true,
                            )),
                        ),
                        pj::Expr::Array(vec![id("loading"), id("user"), id("fetchAccessToken")]),
                    ],
                ))),
            ],
        },
    ]
}

/// The wiring to paste when the codemod can't place it (TypeScript).
pub fn wiring_snippet(style: &Style, client: &str) -> String {
    wiring_snippet_for(style, true, client)
}

fn wiring_snippet_for(style: &Style, typescript: bool, client: &str) -> String {
    let style = printable(style.clone());
    let client = if client.contains('\n') || client.is_empty() {
        "convexQueryClient.convexClient"
    } else {
        client
    };
    let imports = [
        pj::import(&["ConvexProviderWithAuth"], "convex/react"),
        pj::import(
            &["AuthKitProvider", "useAccessToken", "useAuth"],
            SDK_CLIENT,
        ),
        pj::import(&["useCallback", "useMemo"], "react"),
    ];
    let head = style.print_module(&imports).unwrap_or_default();
    let property = style
        .print("  ", |p| {
            inner_wrap_property(p, &style, &pj::id(client), text("{children}"))
        })
        .unwrap_or_default();
    let eol = style.eol;
    format!(
        "{head}{eol}// in createRouter({{ … }}): `InnerWrap` renders inside the router, as in Convex's template{eol}  {property},{eol}{eol}{}",
        adapter_hook(&style, typescript)
    )
}

// ---------------------------------------------------------------------------------------------
// `__root.tsx`: the session's token for server-side rendering

/// Hands the session's access token to the Convex HTTP client that server-side rendering runs
/// queries with (`ConvexQueryClient.serverHttpClient`), in the root route's `beforeLoad`, as
/// Convex's template does; the router passes its `ConvexQueryClient` in the route context.
/// Only for routers that build a `ConvexQueryClient` (without one, nothing is queried on the
/// server). What can't be placed safely becomes a note with the code.
fn plan_root(
    layout: &StartLayout,
    router_text: &str,
    style: &Style,
    plan: &mut Plan,
) -> Result<(), UserError> {
    let router = SourceFile {
        rel: layout.router.rel.clone(),
        text: router_text.to_string(),
    };
    let calls = Calls::find(&router.rel, &router.text)?;
    let Some((client_var, _)) = calls.news.iter().find(|(_, c)| c == "ConvexQueryClient") else {
        return Ok(());
    };
    let eol = style.eol;
    let snippet = || before_load_snippet(style);
    let Some(root) = &layout.root_route else {
        plan.notes.push(
            Note::warning(format!("no root route (`{}/__root.tsx`), so server-side rendering runs Convex queries without the session's token", layout.routes_dir))
                .with_hint(format!("in the root route's options:{eol}{}", snippet())),
        );
        return Ok(());
    };
    let root_calls = Calls::find(&root.rel, &root.text)?;
    let Some(options) = root_options(&root_calls) else {
        plan.notes.push(
            Note::warning(format!("`{}` doesn't call `createRootRouteWithContext<…>()({{ … }})`, so init didn't hand the session's token to server-side rendering", root.rel))
                .with_hint(format!("add to its options:{eol}{}", snippet())),
        );
        return Ok(());
    };
    // The hand-off is there already: an earlier init wrote it (and may have stopped before the
    // router got the client in its context, which is still checked below).
    let mut handoff_there = false;
    if let Some(before_load) = options.prop("beforeLoad") {
        let text = &root.text[before_load.span.clone()];
        if !(text.contains("serverHttpClient") && text.contains("setAuth")) {
            plan.notes.push(
                Note::warning(format!("`{}` has its own `beforeLoad`, which doesn't hand the session's token to Convex's server-side client, so server-side rendering runs Convex queries unauthenticated", root.rel))
                    .with_hint(format!("merge this into it:{eol}{}", snippet())),
            );
            return Ok(());
        }
        handoff_there = true;
    }
    // The route context needs the router's `ConvexQueryClient`.
    let root_site = root_calls
        .named("createRootRouteWithContext()")
        .find(|c| c.args.first().and_then(|a| a.object.as_ref()).is_some());
    let Some(root_site) = root_site else {
        plan.notes.push(
            Note::warning(format!("`{}` uses `createRootRoute` without a route context, so init didn't hand the session's token to server-side rendering", root.rel))
                .with_hint(format!("use `createRootRouteWithContext<{{ convexQueryClient: ConvexQueryClient }}>()`, pass `convexQueryClient` in `createRouter`'s `context`, and add:{eol}{}", snippet())),
        );
        return Ok(());
    };
    let Some(router_options) = router_options(&router, &calls) else {
        return Ok(());
    };
    let mut router_edits = Vec::new();
    match router_options.prop("context") {
        Some(Prop {
            value: Value::Object(ctx),
            ..
        }) => {
            if ctx.prop("convexQueryClient").is_none() {
                let printed = if client_var == "convexQueryClient" {
                    "convexQueryClient".to_string()
                } else {
                    format!("convexQueryClient: {client_var}")
                };
                router_edits.push(add_to_object(&router.text, ctx, &printed, style));
            }
        }
        Some(_) => {
            plan.notes.push(
                Note::warning(format!("`context` in `createRouter`'s options in `{}` is not an object literal, so init didn't hand the session's token to server-side rendering", router.rel))
                    .with_hint(format!("pass `convexQueryClient` in it, and add to the root route:{eol}{}", snippet())),
            );
            return Ok(());
        }
        None => {
            let value = if client_var == "convexQueryClient" {
                "{ convexQueryClient }".to_string()
            } else {
                format!("{{ convexQueryClient: {client_var} }}")
            };
            router_edits.push(append_prop(
                &router.text,
                router_options,
                &format!("context: {value}"),
                style,
            ));
        }
    }
    let snippet_fn = || before_load_snippet(style);
    let apply_router = |plan: &mut Plan| -> Result<(), UserError> {
        if !router_edits.is_empty() {
            let router_after = apply_checked(&router.rel, &router.text, &router_edits, snippet_fn)?;
            match plan.changes.iter_mut().find(|c| c.rel == router.rel) {
                Some(change) => change.after = router_after,
                None => plan.modify(
                    &layout.router,
                    router_after,
                    "pass the `ConvexQueryClient` in the route context",
                ),
            }
        }
        Ok(())
    };
    if handoff_there {
        return apply_router(plan);
    }
    let mut root_edits = Vec::new();
    let root_facts = JsFacts::parse(&root.rel, &root.text)?;
    let mut imports = Imports::default();
    if layout.typescript {
        let members = match &root_site.type_arg {
            Some(TypeArg::Literal(l)) => Some(l.clone()),
            Some(TypeArg::Named(n)) => root_calls
                .types
                .iter()
                .find(|(name, _)| name == n)
                .map(|(_, l)| l.clone()),
            _ => None,
        };
        let Some(members) = members else {
            plan.notes.push(
                Note::warning(format!("can't read the route context type in `{}`, so init didn't hand the session's token to server-side rendering", root.rel))
                    .with_hint(format!("add `convexQueryClient: ConvexQueryClient` to it and to `createRouter`'s `context`, then add:{eol}{}", snippet())),
            );
            return Ok(());
        };
        if !members
            .members
            .iter()
            .any(|(n, _)| n.as_deref() == Some("convexQueryClient"))
        {
            root_edits.push(add_type_member(
                &root.text,
                &members,
                "convexQueryClient: ConvexQueryClient",
                style,
            ));
            if root_facts
                .local_name(REACT_QUERY, "ConvexQueryClient")
                .is_none()
            {
                imports.add_type(REACT_QUERY, "ConvexQueryClient");
            }
        }
    }
    let indent = prop_indent(&root.text, options, style);
    let printed = style
        .print(&indent, |p| p.property("beforeLoad", &before_load_value()))
        .unwrap_or_default();
    root_edits.push(append_prop(&root.text, options, &printed, style));
    imports.add(SDK, "getAuth");
    root_edits.extend(imports.edits(&root.text, &root_facts, style));
    let root_after = apply_checked(&root.rel, &root.text, &root_edits, snippet_fn)?;
    apply_router(plan)?;
    plan.modify(
        root,
        root_after,
        "hand the session's token to Convex's server-side client in `beforeLoad`",
    );
    Ok(())
}

/// Adds `member` to an object literal (one line or broken).
fn add_to_object(src: &str, obj: &ObjLit, member: &str, style: &Style) -> Edit {
    let inner = &src[obj.span.start + 1..obj.span.end - 1];
    if inner.contains('\n') {
        return append_prop(src, obj, member, style);
    }
    let space = if style.prettier.as_ref().is_none_or(|o| o.bracket_spacing) {
        " "
    } else {
        ""
    };
    match obj.props.last() {
        Some(last) => Edit::insert(last.span.end, format!(", {member}")),
        None => Edit::replace(
            obj.span.start + 1..obj.span.end - 1,
            format!("{space}{member}{space}"),
        ),
    }
}

/// Adds a member to a type literal or interface body, in its separator style.
fn add_type_member(src: &str, lit: &TypeLit, member: &str, style: &Style) -> Edit {
    let inner = &src[lit.span.start + 1..lit.span.end - 1];
    let comma = inner.contains(',') && !inner.contains(';');
    if !inner.contains('\n') {
        // `{ a: A; b: B }`: separators between members, the last one's kept as it was.
        let trimmed = inner.trim_end();
        let at = lit.span.start + 1 + trimmed.len();
        if trimmed.trim().is_empty() {
            return Edit::replace(lit.span.start + 1..lit.span.end - 1, format!(" {member} "));
        }
        return match trimmed.chars().last() {
            Some(c @ (';' | ',')) => Edit::insert(at, format!(" {member}{c}")),
            _ => Edit::insert(at, format!("{} {member}", if comma { "," } else { ";" })),
        };
    }
    let sep = if comma { "," } else { style.semi() };
    let ind = match lit.members.first() {
        Some((_, r)) => js::line_indent(src, r.start).to_string(),
        None => format!("{}{}", js::line_indent(src, lit.span.start), style.indent),
    };
    let last_end = lit
        .members
        .last()
        .map_or(lit.span.start + 1, |(_, r)| r.end);
    // A member's span may or may not hold its separator.
    let rest = &src[last_end..lit.span.end - 1];
    let has_sep = rest.trim_start().starts_with([';', ',']);
    let at = if has_sep {
        last_end + rest.find([';', ',']).unwrap_or(0) + 1
    } else {
        last_end
    };
    let lead = if has_sep || lit.members.is_empty() || src[..last_end].ends_with([';', ',']) {
        ""
    } else {
        sep
    };
    Edit::insert(at, format!("{lead}{}{ind}{member}{sep}", style.eol))
}

fn before_load_value() -> pj::Expr {
    use pj::{Body, Pattern, Stmt, async_arrow, call, decl, id, if_block, kv, member, object};
    async_arrow(
        &["ctx"],
        Body::Block(vec![
            decl("const", Pattern::Id("auth".into()), pj::unary("await ", call(id("getAuth"), vec![]))),
            Stmt::Blank,
            Stmt::Comment("Server-side rendering runs Convex queries over HTTP (`serverHttpClient` exists only".into()),
            Stmt::Comment("there): give it the session's access token so they run as the signed-in user.".into()),
            if_block(
                member("auth.user"),
                vec![Stmt::Expr(call(
                    member("ctx.context.convexQueryClient.serverHttpClient?.setAuth"),
                    vec![member("auth.accessToken")],
                ))],
            ),
            Stmt::Blank,
            Stmt::Return(Some(object(vec![kv("user", member("auth.user"))], false))),
        ]),
    )
}

fn before_load_snippet(style: &Style) -> String {
    let head = style
        .print_module(&[pj::import(&["getAuth"], SDK)])
        .unwrap_or_default();
    let body = style
        .print("  ", |p| p.property("beforeLoad", &before_load_value()))
        .unwrap_or_default();
    format!("{head}{}  {body},{}", style.eol, style.eol)
}

// ---------------------------------------------------------------------------------------------
// Generated components

fn auth_button(style: &Style) -> String {
    style
        .print_module(&auth_button::server_flow_button(
            SDK_CLIENT,
            SIGN_IN_PATH,
            "Render it in any route.",
        ))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn fixture(name: &str) -> Files {
        Files::new(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
        )
    }

    /// A throwaway app from `(path, text)` pairs.
    fn temp_app(files: &[(&str, &str)]) -> (tempfile::TempDir, Files) {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            fs_err::create_dir_all(path.parent().unwrap()).unwrap();
            fs_err::write(path, text).unwrap();
        }
        let files = Files::new(dir.path().to_path_buf());
        (dir, files)
    }

    fn options() -> ClientOptions {
        ClientOptions {
            auth_button: false,
            users_table: false,
            pin_port: false,
            port: 3000,
            callback_path: "/callback".into(),
            functions_dir: "convex".into(),
            prettier: None,
        }
    }

    fn detect(files: &Files) -> Result<AppFacts, UserError> {
        TanStackStart.detect(files, &read_package_json(files)?)
    }

    fn plan(files: &Files, options: &ClientOptions) -> (Vec<FileChange>, Vec<Note>) {
        let facts = detect(files).unwrap();
        TanStackStart.plan_client(files, &facts, options).unwrap()
    }

    fn after<'c>(changes: &'c [FileChange], rel: &str) -> &'c str {
        let change = changes.iter().find(|c| c.rel == rel);
        &change.unwrap_or_else(|| panic!("no change to {rel}")).after
    }

    fn summary(changes: &[FileChange]) -> Vec<String> {
        changes
            .iter()
            .map(|c| format!("{} {}", if c.before.is_some() { "M" } else { "A" }, c.rel))
            .collect()
    }

    const PKG: &str = r#"{"dependencies": {"@tanstack/react-start": "^1.168.36", "@tanstack/react-router": "^1.170.0", "convex": "^1.49.0", "react": "^19.2.0"}, "devDependencies": {"vite": "^8.2.0"}}"#;
    const ROUTER: &str = "import { createRouter } from '@tanstack/react-router'\nimport { ConvexProvider, ConvexReactClient } from 'convex/react'\nimport { routeTree } from './routeTree.gen'\n\nconst convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL)\n\nexport function getRouter() {\n  return createRouter({\n    routeTree,\n    Wrap: ({ children }) => (\n      <ConvexProvider client={convex}>{children}</ConvexProvider>\n    ),\n  })\n}\n";

    #[test]
    fn start_is_not_mistaken_for_vite_and_back() {
        let pkg = |text: &str| PackageJson::parse("package.json", text.into()).unwrap();
        let start = pkg(PKG);
        assert_eq!(
            crate::frameworks::select(&start).unwrap().id(),
            "tanstack-start"
        );
        let matching: Vec<_> = crate::frameworks::RECIPES
            .iter()
            .filter(|r| r.matches(&start))
            .map(|r| r.id())
            .collect();
        assert_eq!(matching, ["tanstack-start"]);
        // A Vite SPA with TanStack Router (no Start) is React (Vite).
        let spa = pkg(
            r#"{"dependencies": {"@tanstack/react-router": "^1.170.0", "react": "^19.2.0"}, "devDependencies": {"vite": "^8.2.0"}}"#,
        );
        assert_eq!(crate::frameworks::select(&spa).unwrap().id(), "react-vite");
        // The package Start had before 1.121 is recognised, and refused with the way out.
        let old = pkg(
            r#"{"dependencies": {"@tanstack/start": "^1.120.0", "react": "^19.0.0", "vite": "^6.0.0"}}"#,
        );
        assert_eq!(
            crate::frameworks::select(&old).unwrap().id(),
            "tanstack-start"
        );
        let (_dir, files) = temp_app(&[(
            "package.json",
            r#"{"dependencies": {"@tanstack/start": "^1.120.0"}}"#,
        )]);
        let err = detect(&files).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Project);
        assert!(err.message.contains("`@tanstack/start`"), "{}", err.message);
    }

    #[test]
    fn detects_the_four_fixtures() {
        for (name, entry, wiring, port, pinned, url, ts) in [
            (
                "tanstack-start",
                "src/router.tsx",
                Wiring::Convex,
                3000,
                false,
                Some("VITE_CONVEX_URL"),
                true,
            ),
            (
                "tanstack-start-authkit-template",
                "src/router.tsx",
                Wiring::AuthKit,
                3000,
                false,
                Some("VITE_CONVEX_URL"),
                true,
            ),
            (
                "tanstack-start-wraps",
                "src/router.tsx",
                Wiring::Convex,
                3000,
                false,
                Some("VITE_CONVEX_URL"),
                true,
            ),
            (
                "tanstack-start-routes-dir",
                "src/router.jsx",
                Wiring::Convex,
                4000,
                true,
                Some("VITE_CONVEX_URL"),
                false,
            ),
        ] {
            let files = fixture(name);
            let facts = detect(&files).unwrap();
            assert_eq!(facts.entry, entry, "{name}");
            assert_eq!(facts.wiring, wiring, "{name}");
            assert_eq!(
                (facts.port.port, facts.port.pinned),
                (port, pinned),
                "{name}"
            );
            assert_eq!(facts.convex_url_env.as_deref(), url, "{name}");
            assert_eq!(facts.typescript, ts, "{name}");
            assert!(facts.other_auth.is_empty(), "{name}");
        }
        // Without `server.port`, Start runs on Vite's default port.
        let (_dir, files) = temp_app(&[("package.json", PKG), ("src/router.jsx", ROUTER)]);
        let facts = detect(&files).unwrap();
        assert_eq!(
            (facts.port.port, facts.port.source.as_str()),
            (5173, "default")
        );
    }

    #[test]
    fn reads_the_layout() {
        let files = fixture("tanstack-start-authkit-template");
        let layout = read_layout(&files, &read_package_json(&files).unwrap()).unwrap();
        assert_eq!(layout.start_path, "src/start.ts");
        assert_eq!(layout.routes_dir, "src/routes");
        assert_eq!(layout.route_tree, "src/routeTree.gen.ts");
        assert_eq!(
            layout.request_middleware.as_deref(),
            Some(&["authkitMiddleware()".to_string()][..])
        );
        assert_eq!(
            layout.root_route.as_ref().map(|r| r.rel.as_str()),
            Some("src/routes/__root.tsx")
        );
        assert!(layout.root_before_load.is_some());
        let wraps: Vec<&str> = layout.router_wraps.iter().map(|(n, _)| *n).collect();
        assert_eq!(wraps, ["InnerWrap"]);
        let routes: Vec<(&str, &str, &str)> = layout
            .routes
            .iter()
            .map(|r| (r.rel.as_str(), r.id.as_str(), r.path.as_str()))
            .collect();
        assert_eq!(
            routes,
            [
                (
                    "src/routes/_authenticated/authenticated.tsx",
                    "/_authenticated/authenticated",
                    "/authenticated"
                ),
                ("src/routes/_authenticated.tsx", "/_authenticated", "/"),
                ("src/routes/callback.tsx", "/callback", "/callback"),
                ("src/routes/index.tsx", "/", "/"),
                ("src/routes/sign-in.tsx", "/sign-in", "/sign-in"),
                ("src/routes/sign-up.tsx", "/sign-up", "/sign-up"),
            ]
        );
        assert_eq!(
            layout.route_at("/callback").unwrap().sdk_imports,
            ["handleCallbackRoute"]
        );
        assert_eq!(
            layout.route_file_for("/api/auth/callback").as_deref(),
            Some("src/routes/api/auth/callback.tsx")
        );
        for bad in ["/", "/$id", "/_x", "/(g)/x", "/a.b", "/-x", "callback"] {
            assert_eq!(layout.route_file_for(bad), None, "{bad}");
        }
        assert_eq!(
            TanStackStart
                .served_callback_path(&files, &read_package_json(&files).unwrap())
                .as_deref(),
            Some("/callback")
        );
        // A custom routes folder and `srcDirectory`, from the plugin's options.
        let files = fixture("tanstack-start-routes-dir");
        let layout = read_layout(&files, &read_package_json(&files).unwrap()).unwrap();
        assert_eq!(
            (layout.routes_dir.as_str(), layout.start_path.as_str()),
            ("src/pages", "src/start.js")
        );
        assert!(layout.start.is_none() && layout.request_middleware.is_none());
        let (_dir, files) = temp_app(&[
            ("package.json", PKG),
            (
                "vite.config.ts",
                "import { tanstackStart } from '@tanstack/react-start/plugin/vite'\nexport default { plugins: [tanstackStart({ srcDirectory: './app/', router: { routesDirectory: 'r' }, start: { entry: 'server-start.ts' } })] }\n",
            ),
            ("app/router.tsx", ROUTER),
        ]);
        let layout = read_layout(&files, &read_package_json(&files).unwrap()).unwrap();
        assert_eq!(
            (
                layout.src_dir.as_str(),
                layout.routes_dir.as_str(),
                layout.start_path.as_str(),
                layout.router.rel.as_str()
            ),
            ("app", "app/r", "app/server-start.ts", "app/router.tsx")
        );
    }

    #[test]
    fn refuses_options_it_cannot_read() {
        let (_dir, files) = temp_app(&[
            ("package.json", PKG),
            (
                "vite.config.ts",
                "import { tanstackStart } from '@tanstack/react-start/plugin/vite'\nconst dir = 'pages'\nexport default { plugins: [tanstackStart({ router: { routesDirectory: dir } })] }\n",
            ),
            ("src/router.tsx", ROUTER),
        ]);
        let err = detect(&files).unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsupportedCode);
        assert_eq!(err.location.as_ref().map(|l| l.line), Some(3));
        assert!(
            err.message.contains("`router.routesDirectory`"),
            "{}",
            err.message
        );
        let (_dir, files) = temp_app(&[
            ("package.json", PKG),
            (
                "vite.config.ts",
                "import { tanstackStart } from '@tanstack/react-start/plugin/vite'\nexport default { plugins: [tanstackStart({ srcDirectory: '../elsewhere' })] }\n",
            ),
        ]);
        assert!(
            detect(&files)
                .unwrap_err()
                .message
                .contains("outside the app")
        );
        let (_dir, files) = temp_app(&[("package.json", PKG)]);
        let err = detect(&files).unwrap_err();
        assert_eq!(
            err.message,
            "no TanStack Start router file found (`src/router.tsx`)"
        );
    }

    #[test]
    fn route_ids_and_paths() {
        assert_eq!(
            route_id("export const Route = createFileRoute(\"/a/b\")({})").as_deref(),
            Some("/a/b")
        );
        assert_eq!(route_id("createFileRoute( '/x' )"), Some("/x".into()));
        assert_eq!(route_id("const x = 1"), None);
        assert_eq!(url_path("/_auth/settings/"), "/settings");
        assert_eq!(url_path("/(marketing)/about"), "/about");
        assert_eq!(url_path("/"), "/");
        assert_eq!(url_path("/api/auth/callback"), "/api/auth/callback");
    }

    #[test]
    fn the_authkit_template_is_already_set_up() {
        let files = fixture("tanstack-start-authkit-template");
        let (changes, notes) = plan(&files, &options());
        assert!(changes.is_empty(), "{:?}", summary(&changes));
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn plans_the_convex_template() {
        let files = fixture("tanstack-start");
        let options = ClientOptions {
            auth_button: true,
            users_table: true,
            ..options()
        };
        let (changes, notes) = plan(&files, &options);
        assert_eq!(
            summary(&changes),
            [
                "A src/start.ts",
                "A src/routes/callback.tsx",
                "A src/routes/sign-in.tsx",
                "A src/routes/sign-up.tsx",
                "M src/router.tsx",
                "M src/routes/__root.tsx",
                "A src/components/AuthButton.tsx",
                "A src/components/useStoreUser.ts",
            ]
        );
        let messages: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`src/routeTree.gen.ts` is generated: the next `vite dev` or `vite build` adds the new routes to it (init never edits it)"
            ]
        );
        // What init wrote is what detection calls AuthKit, and a second plan is empty.
        let router = after(&changes, "src/router.tsx");
        assert_eq!(
            wiring_of(&JsFacts::parse("src/router.tsx", router).unwrap()),
            Wiring::AuthKit
        );
        assert!(
            after(&changes, "src/components/useStoreUser.ts")
                .contains("from '../../convex/_generated/dataModel'")
        );
    }

    #[test]
    fn start_entry_edits() {
        let start = |text: &str| -> (Result<Vec<FileChange>, UserError>, Vec<Note>) {
            let (_dir, files) = temp_app(&[
                ("package.json", PKG),
                ("src/router.tsx", ROUTER),
                ("src/start.ts", text),
            ]);
            let layout = read_layout(&files, &read_package_json(&files).unwrap()).unwrap();
            let mut plan = Plan::default();
            let r = plan_start(&layout, &printing_style(ROUTER, None), &mut plan);
            (r.map(|()| plan.changes), plan.notes)
        };
        let edited = |text: &str| start(text).0.unwrap().first().map(|c| c.after.clone());
        // After a CSRF middleware, on its own line in a broken list.
        insta::assert_snapshot!(edited("import { createStart, createCsrfMiddleware } from '@tanstack/react-start'\nimport { log } from './log'\n\nconst csrf = createCsrfMiddleware()\n\nexport const startInstance = createStart(() => ({\n  requestMiddleware: [\n    csrf,\n    log,\n  ],\n}))\n").unwrap(), @"
        import { createStart, createCsrfMiddleware } from '@tanstack/react-start'
        import { authkitMiddleware } from '@workos/authkit-tanstack-react-start'
        import { log } from './log'

        const csrf = createCsrfMiddleware()

        export const startInstance = createStart(() => ({
          requestMiddleware: [
            csrf,
            authkitMiddleware(),
            log,
          ],
        }))
        ");
        // No list yet: the property is added, and the CSRF default that went is mentioned.
        let (changes, notes) = start(
            "import { createStart } from '@tanstack/react-start'\n\nexport const startInstance = createStart(() => ({\n  defaultSsr: true,\n}))\n",
        );
        insta::assert_snapshot!(changes.unwrap()[0].after, @"
        import { createStart } from '@tanstack/react-start'
        import { authkitMiddleware } from '@workos/authkit-tanstack-react-start'

        export const startInstance = createStart(() => ({
          defaultSsr: true,
          requestMiddleware: [authkitMiddleware()],
        }))
        ");
        assert!(notes[0].message.contains("CSRF"), "{notes:?}");
        // Already there (under another local name): nothing to do.
        let (changes, _) = start(
            "import { createStart } from '@tanstack/react-start'\nimport { authkitMiddleware as authkit } from '@workos/authkit-tanstack-react-start'\nexport const startInstance = createStart(() => ({ requestMiddleware: [authkit()] }))\n",
        );
        assert!(changes.unwrap().is_empty());
        // What it can't read stops with the whole file to paste.
        for text in [
            "import { createStart } from '@tanstack/react-start'\nconst list = []\nexport const startInstance = createStart(() => ({ requestMiddleware: list }))\n",
            "export const startInstance = 1\n",
        ] {
            let err = start(text).0.unwrap_err();
            assert_eq!(err.kind, ErrorKind::UnsupportedCode);
            assert!(
                err.snippet
                    .unwrap()
                    .contains("requestMiddleware: [csrfMiddleware, authkitMiddleware()]")
            );
        }
    }

    /// With the app's Prettier options, what init writes is Prettier's output (checked against
    /// the real `prettier --check` over eight configs by hand; the heavy stage does it in CI):
    /// narrow widths hug the adapter's parameter and break a middleware list that grew,
    /// `bracketSpacing: false` reaches the patterns written as text.
    #[test]
    fn follows_prettier_options() {
        let files = fixture("tanstack-start-wraps");
        let o = crate::edit::prettier::Options {
            print_width: 60,
            bracket_spacing: false,
            arrow_parens_always: false,
            trailing_comma: crate::edit::prettier::TrailingComma::None,
            ..Default::default()
        };
        let options = ClientOptions {
            prettier: Some(o),
            ..options()
        };
        let (changes, _) = plan(&files, &options);
        let router = after(&changes, "src/router.tsx");
        let adapter = &router[router.find("function useAuthFromWorkOS").unwrap()..];
        insta::assert_snapshot!(adapter, @"
        function useAuthFromWorkOS() {
          const {loading, user} = useAuth();
          const {getAccessToken, refresh} = useAccessToken();

          const fetchAccessToken = useCallback(
            async ({
              forceRefreshToken
            }: {
              forceRefreshToken: boolean;
            }) => {
              if (!user) {
                return null;
              }
              if (forceRefreshToken) {
                return (await refresh()) ?? null;
              }
              return (await getAccessToken()) ?? null;
            },
            [user, refresh, getAccessToken]
          );

          return useMemo(
            () => ({
              isLoading: loading,
              isAuthenticated: !!user,
              fetchAccessToken
            }),
            [loading, user, fetchAccessToken]
          );
        }
        ");
        let start = after(&changes, "src/start.ts");
        insta::assert_snapshot!(&start[start.find("export const").unwrap()..], @"
        export const startInstance = createStart(() => {
            return {
                requestMiddleware: [
                  authkitMiddleware(),
                  loggingMiddleware
                ],
            };
        });
        ");
        assert!(router.contains("InnerWrap: ({children}) => ("), "{router}");
    }

    #[test]
    fn router_wiring_variants() {
        let wire = |text: &str| {
            wire_router(
                &SourceFile {
                    rel: "src/router.tsx".into(),
                    text: text.into(),
                },
                &printing_style(text, None),
                true,
            )
        };
        // `Wrap` with only the Convex provider becomes `InnerWrap`, in its place.
        insta::assert_snapshot!(wire(ROUTER).unwrap(), @r"
        import { createRouter } from '@tanstack/react-router'
        import { ConvexReactClient, ConvexProviderWithAuth } from 'convex/react'
        import {
          AuthKitProvider,
          useAccessToken,
          useAuth,
        } from '@workos/authkit-tanstack-react-start/client'
        import { useCallback, useMemo } from 'react'
        import { routeTree } from './routeTree.gen'

        const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL)

        export function getRouter() {
          return createRouter({
            routeTree,
            InnerWrap: ({ children }) => (
              <AuthKitProvider>
                <ConvexProviderWithAuth client={convex} useAuth={useAuthFromWorkOS}>
                  {children}
                </ConvexProviderWithAuth>
              </AuthKitProvider>
            ),
          })
        }

        // Convex asks for tokens through this hook: AuthKit's session user and access token.
        function useAuthFromWorkOS() {
          const { loading, user } = useAuth()
          const { getAccessToken, refresh } = useAccessToken()

          const fetchAccessToken = useCallback(
            async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
              if (!user) {
                return null
              }
              if (forceRefreshToken) {
                return (await refresh()) ?? null
              }
              return (await getAccessToken()) ?? null
            },
            [user, refresh, getAccessToken],
          )

          return useMemo(
            () => ({
              isLoading: loading,
              isAuthenticated: !!user,
              fetchAccessToken,
            }),
            [loading, user, fetchAccessToken],
          )
        }
        ");
        // A `Wrap` that renders more keeps it; the providers go in a new `InnerWrap`.
        let nested = ROUTER.replace(
            "<ConvexProvider client={convex}>{children}</ConvexProvider>",
            "<Theme><ConvexProvider client={convex}>{children}</ConvexProvider></Theme>",
        );
        let out = wire(&nested).unwrap();
        assert!(out.contains("Wrap: ({ children }) => (\n      <Theme>{children}</Theme>\n    ),\n    InnerWrap: ({ children }) => ("), "{out}");
        // The Convex provider in `InnerWrap` among other providers: they stay inside AuthKit's.
        let inner = ROUTER.replace("Wrap:", "InnerWrap:").replace(
            "<ConvexProvider client={convex}>{children}</ConvexProvider>",
            "<Theme>\n        <ConvexProvider client={convex}>{children}</ConvexProvider>\n      </Theme>",
        );
        let out = wire(&inner).unwrap();
        assert!(out.contains("<ConvexProviderWithAuth client={convex} useAuth={useAuthFromWorkOS}>\n          <Theme>\n            {children}\n          </Theme>\n        </ConvexProviderWithAuth>"), "{out}");
        // What it doesn't rewire stops with the wiring to paste, the file untouched.
        for (text, message) in [
            (ROUTER.replace("{children}</ConvexProvider>", "<Toaster />{children}</ConvexProvider>"), "wraps something other than `{children}`"),
            (ROUTER.replace("Wrap: ({ children }) => (\n      <ConvexProvider client={convex}>{children}</ConvexProvider>\n    ),", "").replace("return createRouter", "const p = <ConvexProvider client={convex}>{children}</ConvexProvider>\n  return createRouter"), "not in the `Wrap` or `InnerWrap`"),
            (ROUTER.replace("<ConvexProvider client={convex}>", "<ConvexProvider client={convex} extra>"), "props besides `client`"),
            (format!("{ROUTER}function useAuthFromWorkOS() {{}}\n"), "already defines `useAuthFromWorkOS`"),
        ] {
            let err = wire(&text).unwrap_err();
            assert_eq!(err.kind, ErrorKind::UnsupportedCode);
            assert!(err.message.contains(message), "{message}: {}", err.message);
            let snippet = err.snippet.unwrap();
            assert!(snippet.contains("InnerWrap: ({ children }) => ("), "{snippet}");
            assert!(snippet.contains("function useAuthFromWorkOS()"), "{snippet}");
        }
    }

    #[test]
    fn root_route_hand_off() {
        let router = "import { createRouter } from '@tanstack/react-router'\nimport { ConvexQueryClient } from '@convex-dev/react-query'\nimport { ConvexProvider } from 'convex/react'\nimport { routeTree } from './routeTree.gen'\n\nexport function getRouter() {\n  const cqc = new ConvexQueryClient(import.meta.env.VITE_CONVEX_URL)\n  return createRouter({\n    routeTree,\n    context: {},\n    Wrap: ({ children }) => <ConvexProvider client={cqc.convexClient}>{children}</ConvexProvider>,\n  })\n}\n";
        let run = |root: &str| {
            let (_dir, files) = temp_app(&[
                ("package.json", PKG),
                ("src/router.tsx", router),
                ("src/routes/__root.tsx", root),
            ]);
            plan(&files, &options())
        };
        // A type alias for the context: the member joins it; the router passes its client.
        let (changes, notes) = run(
            "import { createRootRouteWithContext } from '@tanstack/react-router'\n\ntype Ctx = { queryClient: unknown }\n\nexport const Route = createRootRouteWithContext<Ctx>()({\n  component: () => null,\n})\n",
        );
        assert!(
            notes.iter().all(|n| !n.message.contains("beforeLoad")),
            "{notes:?}"
        );
        insta::assert_snapshot!(after(&changes, "src/routes/__root.tsx"), @"
        import { createRootRouteWithContext } from '@tanstack/react-router'
        import type { ConvexQueryClient } from '@convex-dev/react-query'
        import { getAuth } from '@workos/authkit-tanstack-react-start'

        type Ctx = { queryClient: unknown; convexQueryClient: ConvexQueryClient }

        export const Route = createRootRouteWithContext<Ctx>()({
          component: () => null,
          beforeLoad: async (ctx) => {
            const auth = await getAuth()

            // Server-side rendering runs Convex queries over HTTP (`serverHttpClient` exists only
            // there): give it the session's access token so they run as the signed-in user.
            if (auth.user) {
              ctx.context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken)
            }

            return { user: auth.user }
          },
        })
        ");
        assert!(after(&changes, "src/router.tsx").contains("context: { convexQueryClient: cqc },"));
        // Its own `beforeLoad`, or no route context: left alone, with the code to add.
        for (root, message) in [
            (
                "import { createRootRouteWithContext } from '@tanstack/react-router'\nexport const Route = createRootRouteWithContext<{ a: 1 }>()({\n  beforeLoad: () => ({ a: 1 }),\n})\n",
                "has its own `beforeLoad`",
            ),
            (
                "import { createRootRoute } from '@tanstack/react-router'\nexport const Route = createRootRoute({})\n",
                "uses `createRootRoute` without a route context",
            ),
        ] {
            let (changes, notes) = run(root);
            assert!(!changes.iter().any(|c| c.rel == "src/routes/__root.tsx"));
            let note = notes
                .iter()
                .find(|n| n.message.contains(message))
                .unwrap_or_else(|| panic!("{message}: {notes:?}"));
            assert!(
                note.hint
                    .as_deref()
                    .unwrap()
                    .contains("serverHttpClient?.setAuth(auth.accessToken)")
            );
        }
        // Found by the kill test: an init stopped after writing `__root.tsx`'s hand-off but
        // before the router: the next one still gives the router its client in the context.
        let root_done = after(&changes, "src/routes/__root.tsx");
        let (changes, _) = run(root_done);
        assert!(!changes.iter().any(|c| c.rel == "src/routes/__root.tsx"));
        assert!(after(&changes, "src/router.tsx").contains("context: { convexQueryClient: cqc },"));
    }

    #[test]
    fn routes_follow_the_path_and_leave_others_alone() {
        let (_dir, files) = temp_app(&[
            ("package.json", PKG),
            ("src/router.tsx", ROUTER),
            (
                "src/routes/sign-in.tsx",
                "import { createFileRoute } from '@tanstack/react-router'\nexport const Route = createFileRoute('/sign-in')({ component: () => null })\n",
            ),
            (
                "src/routes/login/callback.tsx",
                "import { createFileRoute } from '@tanstack/react-router'\nimport { handleCallbackRoute } from '@workos/authkit-tanstack-react-start'\nexport const Route = createFileRoute('/login/callback')({ server: { handlers: { GET: handleCallbackRoute() } } })\n",
            ),
        ]);
        let options = ClientOptions {
            callback_path: "/api/auth/callback".into(),
            ..options()
        };
        let (changes, notes) = plan(&files, &options);
        assert!(
            after(&changes, "src/routes/api/auth/callback.tsx")
                .contains("createFileRoute('/api/auth/callback')")
        );
        assert!(!changes.iter().any(|c| c.rel.contains("sign-in")));
        let messages: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert!(messages.contains(&"`src/routes/sign-in.tsx` exists and doesn't call AuthKit's `getSignInUrl`; left it alone"), "{messages:?}");
        assert!(messages.contains(&"`src/routes/login/callback.tsx` also handles AuthKit's callback, at `/login/callback`, but the redirect URI uses `/api/auth/callback`"), "{messages:?}");
        // With nothing else saying, init follows the route that serves the callback.
        let pkg = read_package_json(&files).unwrap();
        assert_eq!(
            TanStackStart.served_callback_path(&files, &pkg).as_deref(),
            Some("/login/callback")
        );
        // A path the file router can't serve as written is a usage error.
        let facts = detect(&files).unwrap();
        let bad = ClientOptions {
            callback_path: "/$slug".into(),
            ..ClientOptions::clone(&options)
        };
        assert_eq!(
            TanStackStart
                .plan_client(&files, &facts, &bad)
                .unwrap_err()
                .kind,
            ErrorKind::Usage
        );
    }

    #[test]
    fn other_auth_in_the_router_or_the_root() {
        let (_dir, files) = temp_app(&[
            ("package.json", PKG),
            (
                "src/router.tsx",
                "import { createRouter } from '@tanstack/react-router'\nimport { ConvexProviderWithClerk } from 'convex/react-clerk'\nexport function getRouter() {\n  return createRouter({ Wrap: ({ children }) => <ConvexProviderWithClerk client={c} useAuth={useAuth}>{children}</ConvexProviderWithClerk> })\n}\n",
            ),
            (
                "src/routes/__root.tsx",
                "import { ClerkProvider } from '@clerk/tanstack-react-start'\nexport const Route = createRootRoute({ component: () => <ClerkProvider><Outlet /></ClerkProvider> })\n",
            ),
        ]);
        let facts = detect(&files).unwrap();
        let found: Vec<&str> = facts
            .other_auth
            .iter()
            .map(|o| o.evidence.as_str())
            .collect();
        assert_eq!(found, ["`<ConvexProviderWithClerk>` in `src/router.tsx:4`"]);
    }

    #[test]
    fn old_start_and_an_old_version() {
        let (_dir, files) = temp_app(&[
            (
                "package.json",
                r#"{"dependencies": {"@tanstack/react-start": "^1.120.0"}}"#,
            ),
            ("src/router.tsx", ROUTER),
        ]);
        let (_, notes) = plan(&files, &options());
        assert!(
            notes[0]
                .message
                .contains("needs `@tanstack/react-start` 1.168.25 or newer"),
            "{notes:?}"
        );
    }
}
