//! Next.js (App Router): the server flow, where `@workos-inc/authkit-nextjs` exchanges the code in
//! the app's own `/callback` route, keeps the session in a sealed cookie, and its client
//! components hand the access token to Convex's `ConvexProviderWithAuth`.
//!
//! Why the details matter: the proxy (Next 16's `proxy.ts`, Next ≤15's `middleware.ts`, next to
//! `app/`) must run on every page or `withAuth()` throws; Next moves off a busy dev port unless
//! the port is given (`-p`, `--port` or `PORT`), and the redirect URI must match the registered
//! one byte for byte. So the version, layout, port and path are read from the app, not assumed.
//! The client wiring follows Convex's `template-nextjs-authkit`: a `'use client'` provider
//! component with its own `useAuth` adapter, no `@convex-dev/workos`.

use std::ops::Range;

use oxc_ast::ast::{JSXChild, JSXElement, JSXExpression, JSXFragment};
use oxc_ast_visit::{Visit, walk};

use super::auth_button;
use super::recipe::{
    AppFacts, AppRouter, ClientOptions, ClientSdk, DevPort, EnvAccess, EnvMode, EnvNames, Flow,
    OtherAuth, PortPin, Recipe, SourceFile, Wiring,
};
use super::scripts;
use super::users_hook;
use crate::edit::js::{self, JsFacts};
use crate::edit::package_json::{self, PackageJson};
use crate::edit::plan::{FileChange, Note};
use crate::edit::prettier::js as pj;
use crate::edit::style::Style;
use crate::edit::{self, Edit};
use crate::error::{ErrorKind, Location, UserError};
use crate::files::Files;

pub struct NextJs;

pub const ENV: EnvNames = EnvNames {
    client_id: "WORKOS_CLIENT_ID",
    redirect_uri: "NEXT_PUBLIC_WORKOS_REDIRECT_URI",
    public_prefix: "NEXT_PUBLIC_",
    api_hostname: Some("WORKOS_API_HOSTNAME"),
};

const AUTHKIT: &str = "@workos-inc/authkit-nextjs";
const AUTHKIT_COMPONENTS: &str = "@workos-inc/authkit-nextjs/components";
/// The variable `npx convex dev` writes for Next.js apps.
const CONVEX_URL_ENV: &str = "NEXT_PUBLIC_CONVEX_URL";
pub const NEXT_CONFIGS: &[&str] = &[
    "next.config.ts",
    "next.config.mjs",
    "next.config.js",
    "next.config.cjs",
];
/// The provider component init creates, as Convex's templates name it.
const PROVIDER: &str = "ConvexClientProvider";
/// The hook that adapts AuthKit's session to `ConvexProviderWithAuth`.
const ADAPTER: &str = "useAuthFromAuthKit";
const SIGN_IN_PATH: &str = "/sign-in";
const SIGN_UP_PATH: &str = "/sign-up";
/// Convex's template's matcher: every page and API route, no Next internals or static files.
const MATCHER: [&str; 2] = [
    r"/((?!_next|[^?]*\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    "/(api|trpc)(.*)",
];
/// Next's default `pageExtensions`, for the convention files (`layout`, `route`, `proxy`).
const EXTS: [&str; 4] = ["tsx", "ts", "jsx", "js"];

/// JSX components of other auth providers (Next.js flavours included), and their product.
const OTHER_AUTH_COMPONENTS: &[(&str, &str)] = &[
    ("ClerkProvider", "Clerk"),
    ("ConvexProviderWithClerk", "Clerk"),
    ("ConvexAuthProvider", "Convex Auth"),
    ("ConvexAuthNextjsProvider", "Convex Auth"),
    ("ConvexAuthNextjsServerProvider", "Convex Auth"),
    ("Auth0Provider", "Auth0"),
    ("ConvexProviderWithAuth0", "Auth0"),
    ("ConvexBetterAuthProvider", "Better Auth"),
];

impl Recipe for NextJs {
    fn id(&self) -> &'static str {
        "nextjs"
    }
    fn name(&self) -> &'static str {
        "Next.js"
    }
    fn matches(&self, pkg: &PackageJson) -> bool {
        pkg.has_dep("next")
    }
    fn default_port(&self) -> u16 {
        3000
    }
    fn flow(&self) -> Flow {
        Flow::Server
    }
    fn env_names(&self) -> EnvNames {
        ENV
    }
    fn env_files(&self, mode: EnvMode) -> &'static [&'static str] {
        // `@next/env`: `.env.$mode.local` > `.env.local` > `.env.$mode` > `.env`.
        match mode {
            EnvMode::Development => &[
                ".env",
                ".env.development",
                ".env.local",
                ".env.development.local",
            ],
            EnvMode::Production => &[
                ".env",
                ".env.production",
                ".env.local",
                ".env.production.local",
            ],
        }
    }
    fn source_dirs(&self) -> &'static [&'static str] {
        &["app", "src", "components", "lib"]
    }
    fn config_files(&self) -> &'static [&'static str] {
        NEXT_CONFIGS
    }
    fn public_env_prefixes(&self, _config: Option<&str>) -> Option<Vec<String>> {
        // Next's prefix is fixed; `next.config`'s `env` inlines named values, not a prefix.
        Some(vec![ENV.public_prefix.to_string()])
    }
    fn packages(&self) -> &'static [(&'static str, &'static str)] {
        &[(AUTHKIT, "^4.3.2")]
    }
    fn wiring_snippet(&self, style: &Style, client: &str) -> String {
        wiring_snippet(style, client)
    }
    /// Next has no port setting in `next.config.*`: the port is pinned in the dev script
    /// (`plan_client` does that with `--pin-port`). An error, not a no-op, so a caller that asks
    /// for a config edit (doctor's fix) reports that nothing was pinned instead of claiming it.
    fn pin_port_action(&self, port: u16) -> String {
        format!("pass `-p {port}` to `next dev` in the `dev` script")
    }
    fn wires_from_scratch(&self) -> bool {
        true
    }
    /// `package.json` is pinned in its dev script (`-p` on the one `next dev`); Next has no port
    /// setting in `next.config.*`, so any other file is an error that changes nothing.
    fn pin_port(
        &self,
        config: &SourceFile,
        port: u16,
        _prettier: Option<&crate::edit::prettier::Options>,
    ) -> Result<String, UserError> {
        if config.rel == package_json::FILE {
            let pkg = PackageJson::parse(&config.rel, config.text.clone())?;
            return pin_dev_script(&pkg, port)
                .map(|(_, after)| after)
                .map_err(|_| {
                    UserError::new(
                        ErrorKind::UnsupportedCode,
                        "can't find the one `next dev` without a port in `scripts.dev` to add `-p` to",
                    )
                    .snippet(format!("next dev -p {port}"))
                });
        }
        Err(UserError::new(
            ErrorKind::UnsupportedCode,
            format!(
                "Next.js has no port setting in `{}`; the port is pinned on the command line",
                config.rel
            ),
        )
        .snippet(format!("next dev -p {port}"))
        .hint(format!("pass `-p {port}` to `next dev` in the `dev` script (`convex-authkit init --pin-port` does); nothing was written")))
    }

    fn port_pin(
        &self,
        pkg: Option<&PackageJson>,
        _config: Option<(&str, &str)>,
        port: u16,
    ) -> PortPin {
        let mut pin = PortPin {
            file: None,
            script: None,
            missing: "`-p`",
            action: format!("start `next dev` with `-p {port}` in the `dev` script"),
            label: "`next dev` without `-p`",
            why: "when the port is busy `next dev` moves to the next free one (it keeps a port only when `-p`, `--port` or `PORT` gives it), and sign-in then returns to a URI nothing serves",
        };
        if let Some(pkg) = pkg {
            match pin_dev_script(pkg, port) {
                Ok((script, _)) => {
                    pin.action = format!("pass `-p {port}` to `next dev` in `scripts.{script}`");
                    pin.file = Some(package_json::FILE.into());
                    pin.script = Some(script);
                }
                Err(script) => pin.script = script,
            }
        }
        pin
    }
    fn client_sdk(&self) -> ClientSdk {
        ClientSdk {
            dev_server: "Next.js",
            preview_server: "next start",
            authkit_module: AUTHKIT_COMPONENTS,
            env_access: EnvAccess::ProcessEnv,
            authkit_provider: "<AuthKitProvider>",
            convex_provider: "<ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>",
            convex_provider_module: "convex/react",
            use_auth_adapter: Some(ADAPTER),
        }
    }
    /// `components/AuthButton` beside `app/`.
    fn auth_button_file(&self, files: &Files, _facts: &AppFacts) -> Option<String> {
        let pkg = read_package_json(files).ok()?;
        let app = NextApp::read(files, &pkg).ok()?;
        Some(format!(
            "{}components/AuthButton.{}",
            app.base,
            app.jsx_ext()
        ))
    }
    fn auth_button_step(&self, _files: &Files, _facts: &AppFacts, path: &str) -> String {
        format!(
            "Render `<AuthButton />` (from `{path}`) in a page inside the providers, e.g. `app/page.tsx`"
        )
    }
    fn app_router(&self, files: &Files, pkg: &PackageJson) -> Option<AppRouter> {
        let app = NextApp::read(files, pkg).ok()?;
        let style = Style::detect(&app.layout.text);
        let (name, function) = if app.uses_proxy() {
            ("proxy", "authkitProxy")
        } else {
            ("middleware", "authkitMiddleware")
        };
        let interceptors: &'static [&'static str] = if app.uses_proxy() {
            // Next 16 still runs a (deprecated) `middleware.*`.
            &["proxy", "middleware"]
        } else {
            &["middleware"]
        };
        Some(AppRouter {
            app_dir: app.app_dir,
            base: app.base,
            typescript: app.typescript,
            exts: &EXTS,
            interceptors,
            interceptor_names: &["proxy", "middleware"],
            major: app.major,
            version_source: app.version_source.clone(),
            sdk_module: AUTHKIT,
            interceptor_functions: &["authkitProxy", "authkitMiddleware", "authkit"],
            callback_handler: "handleAuth",
            session_reader: "withAuth",
            new_interceptor: (
                format!("{}{name}.{}", app.base, app.js_ext()),
                proxy_file(&style, function),
            ),
            callback_route: callback_route(&style),
            layout: app.layout,
        })
    }

    fn detect(&self, files: &Files, pkg: &PackageJson) -> Result<AppFacts, UserError> {
        let app = NextApp::read(files, pkg)?;
        let provider = find_provider_file(files, &app)?;
        let layout_facts = JsFacts::parse(&app.layout.rel, &app.layout.text)?;
        let provider_facts = if provider.rel == app.layout.rel {
            layout_facts.clone()
        } else {
            JsFacts::parse(&provider.rel, &provider.text)?
        };
        let wiring = wiring_of(&provider_facts, &layout_facts);
        let mut other_auth = Vec::new();
        let mut seen = Vec::new();
        for (file, facts) in [(&app.layout, &layout_facts), (&provider, &provider_facts)] {
            for (component, product) in OTHER_AUTH_COMPONENTS {
                if seen.contains(product) {
                    continue;
                }
                if let Some(el) = facts.elements_named(component).next() {
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
        let convex_url_env = provider_facts
            .new_calls
            .iter()
            .find(|c| c.callee == "ConvexReactClient")
            .and_then(|c| c.first_arg.as_deref())
            .and_then(js::process_env_name);
        Ok(AppFacts {
            entry: app.layout.rel.clone(),
            provider_file: Some(provider),
            convex_url_env,
            port: detect_port(pkg, self.default_port()),
            wiring,
            other_auth,
            typescript: app.typescript,
        })
    }

    fn plan_client(
        &self,
        files: &Files,
        facts: &AppFacts,
        options: &ClientOptions,
    ) -> Result<(Vec<FileChange>, Vec<Note>), UserError> {
        let pkg = read_package_json(files)?;
        let app = NextApp::read(files, &pkg)?;
        let style = Style::detect(&app.layout.text).with_prettier(options.prettier.as_ref());
        let mut plan = Plan::default();
        plan_proxy(files, &app, &style, &mut plan)?;
        plan_routes(files, &app, &style, &options.callback_path, &mut plan)?;
        plan_provider(files, &app, facts, &style, &mut plan)?;
        let components = format!("{}components", app.base);
        if options.auth_button {
            let rel = self.auth_button_file(files, facts).unwrap_or_default();
            match files.read(&rel)? {
                None => plan.create(
                    rel,
                    auth_button(&style),
                    "a sign-in/sign-out button that follows Convex's auth state",
                ),
                Some(text) if text.contains("export function AuthButton") => plan.notes.push(
                    Note::info(format!("kept `{rel}`: it already exports `AuthButton`")),
                ),
                Some(_) => plan.notes.push(
                    Note::warning(format!("`{rel}` exists and is not ours; left it alone"))
                        .with_hint("pass `--no-auth-button` to skip the sign-in component"),
                ),
            }
        }
        if options.users_table {
            let rel = format!("{components}/useStoreUser.{}", app.js_ext());
            if files.read(&rel)?.is_none() {
                let data_model = js::relative_import(
                    &rel,
                    &format!("{}/_generated/dataModel", options.functions_dir),
                );
                plan.create(
                    rel,
                    users_hook::use_store_user(
                        &style,
                        app.typescript,
                        AUTHKIT_COMPONENTS,
                        &data_model,
                    ),
                    "a hook that stores the signed-in user in Convex",
                );
            }
        }
        if options.pin_port && (!facts.port.pinned || options.port != facts.port.port) {
            plan_pin_port(&pkg, facts, options.port, &mut plan)?;
        }
        if let Some(o) = &style.prettier {
            warn_long_lines(&mut plan, o);
        }
        Ok((plan.changes, plan.notes))
    }

    /// The provider only: the proxy and the callback route are doctor's `AK507` and `AK509`.
    fn plan_wiring(
        &self,
        files: &Files,
        facts: &AppFacts,
        options: &ClientOptions,
    ) -> Result<(Vec<FileChange>, Vec<Note>), UserError> {
        let pkg = read_package_json(files)?;
        let app = NextApp::read(files, &pkg)?;
        let style = Style::detect(&app.layout.text).with_prettier(options.prettier.as_ref());
        let mut plan = Plan::default();
        plan_provider(files, &app, facts, &style, &mut plan)?;
        Ok((plan.changes, plan.notes))
    }
}

/// With Prettier, a file init wrote from text (not from a syntax tree) is Prettier's output as
/// long as no line of it is wider than `printWidth`; say so when one is.
fn warn_long_lines(plan: &mut Plan, o: &crate::edit::prettier::Options) {
    for change in &plan.changes {
        if !(change.rel.ends_with(".ts")
            || change.rel.ends_with(".tsx")
            || change.rel.ends_with(".js")
            || change.rel.ends_with(".jsx"))
        {
            continue;
        }
        let before: std::collections::HashSet<&str> = change
            .before
            .as_deref()
            .map(|b| b.lines().collect())
            .unwrap_or_default();
        let long = change.after.lines().enumerate().find(|(_, l)| {
            !before.contains(l)
                && !l.trim_start().starts_with("//")
                && !l.trim_start().starts_with('*')
                && !l.trim_start().starts_with(['\'', '"'])
                && l.trim_end()
                    .chars()
                    .map(|c| if c == '\t' { o.tab_width } else { 1 })
                    .sum::<usize>()
                    > o.print_width
        });
        if let Some((n, _)) = long {
            plan.notes.push(
                Note::warning(format!(
                    "line {} of `{}` is longer than Prettier's `printWidth` ({}), so `prettier --check` may flag it",
                    n + 1,
                    change.rel,
                    o.print_width
                ))
                .with_hint(format!("run `npx prettier --write {}`", change.rel)),
            );
        }
    }
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

// ---------------------------------------------------------------------------------------------
// The app's shape

/// Where the App Router app lives and what it is written in; `detect` and `plan_client` both
/// read it (through the same [`Files`] cache).
#[derive(Debug)]
struct NextApp {
    /// `app` or `src/app`.
    app_dir: &'static str,
    /// `""` or `"src/"`: the folder holding `app/`, where Next looks for `proxy.ts` and where
    /// `components/` goes.
    base: &'static str,
    /// The root layout.
    layout: SourceFile,
    typescript: bool,
    /// Next's major version; `None` when neither the installed package nor the range says.
    major: Option<u64>,
    /// Where `major` was read, for messages.
    version_source: String,
    /// `compilerOptions.paths` prefixes (`@/`) and the root-relative folders they map to.
    aliases: Vec<(String, String)>,
}

impl NextApp {
    fn read(files: &Files, pkg: &PackageJson) -> Result<NextApp, UserError> {
        // Next prefers `app/` over `src/app/` (`findPagesDir`).
        let mut layout = None;
        'dirs: for (app_dir, base) in [("app", ""), ("src/app", "src/")] {
            for ext in EXTS {
                if let Some(file) = files.source(&format!("{app_dir}/layout.{ext}"))? {
                    layout = Some((app_dir, base, file));
                    break 'dirs;
                }
            }
        }
        let Some((app_dir, base, layout)) = layout else {
            return Err(no_app_router(files));
        };
        let typescript = layout.rel.ends_with(".tsx") || layout.rel.ends_with(".ts");
        let (major, version_source) = next_major(files, pkg);
        Ok(NextApp {
            app_dir,
            base,
            layout,
            typescript,
            major,
            version_source,
            aliases: read_aliases(files)?,
        })
    }

    /// Next 16 renamed `middleware.ts` to `proxy.ts`; an unknown version is taken as current.
    fn uses_proxy(&self) -> bool {
        self.major.is_none_or(|m| m >= 16)
    }

    fn js_ext(&self) -> &'static str {
        if self.typescript { "ts" } else { "js" }
    }

    fn jsx_ext(&self) -> &'static str {
        if self.typescript { "tsx" } else { "jsx" }
    }

    /// The file an import specifier in `from` names: relative, or through a `paths` alias.
    fn resolve(
        &self,
        files: &Files,
        from: &str,
        spec: &str,
    ) -> Result<Option<SourceFile>, UserError> {
        let base = if spec.starts_with('.') {
            js::join_relative(from, spec)
        } else {
            self.aliases.iter().find_map(|(prefix, dir)| {
                spec.strip_prefix(prefix.as_str())
                    .map(|rest| format!("{dir}{rest}"))
            })
        };
        match base {
            Some(base) => files.module(&base),
            None => Ok(None),
        }
    }

    /// How `from` should import the root-relative module `target` (no extension): through an
    /// alias when one covers it (`@/components/X`), else a relative path.
    fn import_path(&self, from: &str, target: &str) -> String {
        for (prefix, dir) in &self.aliases {
            if let Some(rest) = target.strip_prefix(dir.as_str()) {
                return format!("{prefix}{rest}");
            }
        }
        relative_path(from, target)
    }
}

fn no_app_router(files: &Files) -> UserError {
    let pages = ["pages", "src/pages"]
        .into_iter()
        .find(|d| files.root().join(d).is_dir());
    match pages {
        Some(dir) => UserError::new(
            ErrorKind::Project,
            format!("this Next.js app uses the Pages Router (found `{dir}/`, no `app/layout.*`); convex-authkit supports only the App Router"),
        )
        .hint("AuthKit's Next.js SDK documents Pages Router use by hand: https://github.com/workos/authkit-nextjs; nothing was written"),
        None => UserError::new(
            ErrorKind::Project,
            "no App Router root layout found (`app/layout.tsx` or `src/app/layout.tsx`)",
        )
        .hint("run `convex-authkit init` in the Next.js app's own folder; nothing was written"),
    }
}

/// Next's major version: the installed `node_modules/next/package.json` (walking up, as Node
/// resolves it in a workspace), else the lowest version the `next` range in `package.json`
/// allows.
fn next_major(files: &Files, pkg: &PackageJson) -> (Option<u64>, String) {
    let mut up = String::new();
    for _ in 0..8 {
        let rel = format!("{up}node_modules/next/package.json");
        let version = files.read(&rel).ok().flatten().and_then(|text| {
            let v: serde_json::Value = serde_json::from_str(&text).ok()?;
            Some(v.get("version")?.as_str()?.to_string())
        });
        if let Some((major, ..)) = version.as_deref().and_then(package_json::min_version) {
            return (Some(major), format!("`{rel}`"));
        }
        up.push_str("../");
    }
    match pkg.dep("next") {
        Some(range) => (
            package_json::min_version(range).map(|(major, ..)| major),
            format!("`next` `{range}` in `package.json`"),
        ),
        None => (None, "`package.json`".into()),
    }
}

/// `compilerOptions.paths` entries of the form `"@/*": ["./src/*"]`, from `tsconfig.json` or
/// `jsconfig.json`, as (import prefix, root-relative folder with a trailing `/` or empty).
/// The `paths` aliases of `tsconfig.json` (or `jsconfig.json`). A config that can't be read is
/// an error: without its aliases the provider can't be found, and Next.js can't read it either.
fn read_aliases(files: &Files) -> Result<Vec<(String, String)>, UserError> {
    for name in ["tsconfig.json", "jsconfig.json"] {
        let Some(text) = files.read(name)? else {
            continue;
        };
        // tsconfig is JSONC: comments and trailing commas are allowed.
        let root = jsonc_parser::cst::CstRootNode::parse(&text, &Default::default()).map_err(
            |e| {
                UserError::new(
                    ErrorKind::Parse,
                    format!("`{name}` is not valid JSON: {}", e.kind()),
                )
                .at(Location::at(name, &text, e.range().start))
                .hint(format!(
                    "Next.js and TypeScript can't read it either; fix `{name}` and run again; nothing was written"
                ))
            },
        )?;
        let Some(value) = root.to_serde_value() else {
            return Ok(Vec::new());
        };
        let Some(options) = value.get("compilerOptions") else {
            return Ok(Vec::new());
        };
        let base_url = options
            .get("baseUrl")
            .and_then(|b| b.as_str())
            .unwrap_or(".");
        let Some(paths) = options.get("paths").and_then(|p| p.as_object()) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (pattern, targets) in paths {
            let target = targets
                .as_array()
                .and_then(|t| t.first())
                .and_then(|t| t.as_str());
            if let (Some(prefix), Some(dir)) = (
                pattern.strip_suffix('*'),
                target.and_then(|t| t.strip_suffix('*')),
            ) && let Some(dir) = normalize_dir(&format!("{base_url}/{dir}"))
            {
                out.push((prefix.to_string(), dir));
            }
        }
        return Ok(out);
    }
    Ok(Vec::new())
}

/// `./src/./` → `src/`, `.` → ``; `None` if it climbs above the root.
fn normalize_dir(path: &str) -> Option<String> {
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
    Some(parts.iter().map(|p| format!("{p}/")).collect())
}

/// The import specifier that reaches root-relative `target` from the file `from`.
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

/// The file holding the Convex provider the root layout renders: the layout itself, or a local
/// component it imports (two levels deep, relative or through a `paths` alias).
fn find_provider_file(files: &Files, app: &NextApp) -> Result<SourceFile, UserError> {
    // A name in a comment or a string isn't a provider: the file must render it.
    let convex = |f: &SourceFile| -> Result<bool, UserError> {
        const NAMES: [&str; 3] = [
            "ConvexProvider",
            "ConvexAuthNextjsProvider",
            "ConvexBetterAuthProvider",
        ];
        Ok(NAMES.iter().any(|n| f.text.contains(n))
            && JsFacts::parse(&f.rel, &f.text)?.renders(&NAMES))
    };
    if convex(&app.layout)? {
        return Ok(app.layout.clone());
    }
    let mut frontier = vec![app.layout.clone()];
    let mut seen = vec![app.layout.rel.clone()];
    for _depth in 0..2 {
        let mut next = Vec::new();
        for file in &frontier {
            let facts = JsFacts::parse(&file.rel, &file.text)?;
            for import in &facts.imports {
                let Some(found) = app.resolve(files, &file.rel, &import.source)? else {
                    continue;
                };
                if seen.contains(&found.rel) {
                    continue;
                }
                seen.push(found.rel.clone());
                if convex(&found)? {
                    return Ok(found);
                }
                next.push(found);
            }
        }
        frontier = next;
    }
    Ok(app.layout.clone())
}

/// `AuthKit` when `ConvexProviderWithAuth` is fed by authkit-nextjs's client hooks under its
/// `AuthKitProvider` (the template's shape); `Convex` for a Convex provider without it.
fn wiring_of(provider: &JsFacts, layout: &JsFacts) -> Wiring {
    let rendered = |f: &JsFacts, source: &str, name: &str| {
        f.local_name(source, name)
            .is_some_and(|n| f.elements_named(&n).next().is_some())
    };
    let with_auth = rendered(provider, "convex/react", "ConvexProviderWithAuth");
    let authkit_provider = rendered(provider, AUTHKIT_COMPONENTS, "AuthKitProvider")
        || rendered(layout, AUTHKIT_COMPONENTS, "AuthKitProvider");
    let authkit_hooks = ["useAuth", "useAccessToken"]
        .iter()
        .any(|h| provider.local_name(AUTHKIT_COMPONENTS, h).is_some());
    if with_auth && authkit_provider && authkit_hooks {
        Wiring::AuthKit
    } else if with_auth || rendered(provider, "convex/react", "ConvexProvider") {
        Wiring::Convex
    } else {
        Wiring::None
    }
}

// ---------------------------------------------------------------------------------------------
// Port

fn is_next(t: &str) -> bool {
    t == "next" || t.ends_with("/next") || t.starts_with("next@")
}

/// `next …` runs the dev server when its first argument is `dev` or an option (`dev` is Next's
/// default command).
fn is_dev(args: &[String]) -> bool {
    args.first()
        .is_none_or(|a| a == "dev" || a.starts_with('-'))
}

/// The port `next dev` gets from `-p`/`--port` or `PORT=` in the dev script. Next moves to the
/// next free port only when neither is given (`allowRetry = portSource === 'default'`), so a
/// port given there is pinned.
pub fn detect_port(pkg: &PackageJson, default: u16) -> DevPort {
    let mut result = DevPort::default_port(default);
    for run in scripts::invocations(pkg, "dev", &is_next) {
        if !is_dev(&run.args) {
            continue;
        }
        if let Some(value) = dev_port_arg(&run) {
            result.pinned = true;
            let what = if run
                .args
                .iter()
                .any(|a| a.starts_with("-p") || a.starts_with("--port"))
            {
                "`-p`"
            } else {
                "`PORT`"
            };
            result.set_from(
                &super::dev_port::read_shell(&value),
                &format!("`scripts.{}`", run.script),
                what,
            );
        }
    }
    result
}

/// The port a `next dev` run is given: the flag wins over `PORT`, as in Next's CLI.
fn dev_port_arg(run: &scripts::Invocation) -> Option<String> {
    let mut port = run
        .env
        .iter()
        .rev()
        .find(|(n, _)| n == "PORT")
        .map(|(_, v)| v.clone());
    let mut args = run.args.iter();
    while let Some(a) = args.next() {
        if a == "-p" || a == "--port" {
            port = args.next().cloned();
        } else if let Some(v) = a.strip_prefix("--port=") {
            port = Some(v.to_string());
        } else if let Some(v) = a.strip_prefix("-p").filter(|v| !v.is_empty()) {
            port = Some(v.trim_start_matches('=').to_string());
        }
    }
    port
}

/// `script` with ` -p <port>` after its one `next dev` (or bare `next`); `None` when there isn't
/// exactly one.
pub fn pin_script(script: &str, port: u16) -> Option<String> {
    let boundary_before = |c: char| c.is_whitespace() || "'\"/(&;|=".contains(c);
    let boundary_after =
        |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "'\"&;|)".contains(c));
    let mut spots = Vec::new();
    for (at, _) in script.match_indices("next") {
        let before = script[..at].chars().next_back();
        let end = at + "next".len();
        if !before.is_none_or(boundary_before) || !boundary_after(script[end..].chars().next()) {
            continue;
        }
        let rest = &script[end..];
        let word = rest.trim_start_matches([' ', '\t']);
        let skipped = rest.len() - word.len();
        if let Some(after_dev) = word.strip_prefix("dev")
            && boundary_after(after_dev.chars().next())
        {
            spots.push(end + skipped + "dev".len());
        } else if word.is_empty() || word.starts_with(['\'', '"', '&', ';', '|', ')', '-']) {
            spots.push(end);
        }
    }
    match spots.as_slice() {
        [at] => Some(format!("{} -p {port}{}", &script[..*at], &script[*at..])),
        _ => None,
    }
}

/// The one `next dev` the `dev` script starts, with `-p <port>` added: its script's name and the
/// new `package.json`. `Err` (with that script's name, when there is exactly one run) when there
/// isn't exactly one, it already has a port, or the flag can't be placed.
fn pin_dev_script(pkg: &PackageJson, port: u16) -> Result<(String, String), Option<String>> {
    let runs: Vec<_> = scripts::invocations(pkg, "dev", &is_next)
        .into_iter()
        .filter(|r| is_dev(&r.args))
        .collect();
    let [run] = runs.as_slice() else {
        return Err(None);
    };
    let named = || Some(run.script.clone());
    if dev_port_arg(run).is_some() {
        return Err(named());
    }
    let script = pkg.script(&run.script).ok_or_else(named)?;
    let pinned = pin_script(script, port).ok_or_else(named)?;
    let after = package_json::set_script(&pkg.text, &run.script, &pinned).map_err(|_| named())?;
    Ok((run.script.clone(), after))
}

fn plan_pin_port(
    pkg: &PackageJson,
    facts: &AppFacts,
    port: u16,
    plan: &mut Plan,
) -> Result<(), UserError> {
    let runs: Vec<_> = scripts::invocations(pkg, "dev", &is_next)
        .into_iter()
        .filter(|r| is_dev(&r.args))
        .collect();
    let manual = |message: String, script: &str| {
        UserError::new(ErrorKind::UnsupportedCode, message)
            .snippet(format!("next dev -p {port}"))
            .hint(format!("start `next dev` with `-p {port}` in `scripts.{script}` by hand, or run without `--pin-port`; nothing was written"))
    };
    let [run] = runs.as_slice() else {
        if runs.is_empty() {
            plan.notes.push(
                Note::warning(format!(
                    "no `next dev` found in `scripts.dev`, so port {port} was not pinned"
                ))
                .with_hint(format!("start the dev server with `next dev -p {port}`")),
            );
            return Ok(());
        }
        return Err(manual(
            "`scripts.dev` starts `next dev` more than once; init pins exactly one".into(),
            "dev",
        ));
    };
    if facts.port.pinned {
        return Err(manual(
            format!(
                "`scripts.{}` already pins the dev port to {}; init doesn't change a port you set",
                run.script, facts.port.port
            ),
            &run.script,
        ));
    }
    let script = pkg.script(&run.script).unwrap_or_default();
    let Some(pinned) = pin_script(script, port) else {
        return Err(manual(
            format!(
                "can't find the one `next dev` in `scripts.{}` to add `-p {port}` to",
                run.script
            ),
            &run.script,
        ));
    };
    let after = package_json::set_script(&pkg.text, &run.script, &pinned)?;
    plan.changes.push(FileChange {
        rel: package_json::FILE.into(),
        before: Some(pkg.text.clone()),
        after,
        summary: format!("pin the dev server to port {port} (`next dev -p {port}`)"),
    });
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Proxy and routes

fn plan_proxy(
    files: &Files,
    app: &NextApp,
    style: &Style,
    plan: &mut Plan,
) -> Result<(), UserError> {
    let (name, function) = if app.uses_proxy() {
        ("proxy", "authkitProxy")
    } else {
        ("middleware", "authkitMiddleware")
    };
    // Next 16 still runs a `middleware.*` (deprecated) and refuses both files at once; Next ≤15
    // reads only `middleware.*`.
    let names: &[&str] = if app.uses_proxy() {
        &["proxy", "middleware"]
    } else {
        &["middleware"]
    };
    for existing_name in names {
        for ext in EXTS {
            let Some(file) = files.source(&format!("{}{existing_name}.{ext}", app.base))? else {
                continue;
            };
            if calls_authkit(&file) {
                return Ok(());
            }
            let fn_name = if app.uses_proxy() {
                "proxy"
            } else {
                "middleware"
            };
            return Err(UserError::new(
                ErrorKind::UnsupportedCode,
                format!("`{}` has its own {existing_name} logic; init doesn't merge AuthKit into it", file.rel),
            )
            .at(Location::at(&file.rel, &file.text, 0))
            .snippet(composed_proxy(&Style::detect(&file.text), app.typescript, fn_name))
            .hint(format!("merge your logic into the snippet below (AuthKit's composable {existing_name}: `authkit()` + `handleAuthkitHeaders()`) and save it as `{}`, then run again; nothing was written", file.rel)));
        }
    }
    if !app.uses_proxy() && files.exists(&format!("{}proxy.{}", app.base, app.js_ext()))? {
        plan.notes.push(Note::warning(format!(
            "Next.js {} runs `middleware.*`, not `proxy.*`; `{}proxy.{}` is ignored",
            app.major.unwrap_or(15),
            app.base,
            app.js_ext()
        )));
    }
    let rel = format!("{}{name}.{}", app.base, app.js_ext());
    if app.major.is_none() {
        plan.notes.push(
            Note::warning(format!(
                "can't tell the Next.js major version from {}; wrote `{rel}` for Next.js 16+",
                app.version_source
            ))
            .with_hint(format!(
                "on Next.js 15 or older, rename it to `{}middleware.{}` and use `authkitMiddleware`",
                app.base,
                app.js_ext()
            )),
        );
    }
    plan.create(
        rel,
        proxy_file(style, function),
        "run AuthKit's session handling on every page and API route",
    );
    Ok(())
}

/// Whether a proxy/middleware file already runs AuthKit.
fn calls_authkit(file: &SourceFile) -> bool {
    let Ok(facts) = JsFacts::parse(&file.rel, &file.text) else {
        return false;
    };
    ["authkitProxy", "authkitMiddleware", "authkit"]
        .iter()
        .filter_map(|n| facts.local_name(AUTHKIT, n))
        .any(|local| facts.references.iter().any(|(n, _)| *n == local))
}

/// `callback_path` as folders under `app/` (`/auth/callback` → `auth/callback`).
fn route_dir(callback_path: &str) -> Result<String, UserError> {
    let segments: Vec<&str> = callback_path
        .strip_prefix('/')
        .unwrap_or(callback_path)
        .split('/')
        .collect();
    let ok = segments.iter().all(|s| {
        !s.is_empty()
            && *s != "."
            && *s != ".."
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
    });
    if !callback_path.starts_with('/') || !ok {
        return Err(UserError::usage(format!(
            "the callback path `{callback_path}` can't be a Next.js route folder"
        ))
        .hint("use a plain path such as `/callback` or `/auth/callback` (`--callback-path`)"));
    }
    Ok(segments.join("/"))
}

fn plan_routes(
    files: &Files,
    app: &NextApp,
    style: &Style,
    callback_path: &str,
    plan: &mut Plan,
) -> Result<(), UserError> {
    let q = |s: &str| style.string(s);
    let s = style.semi();
    let u = &style.indent;
    let eol = style.eol;
    let redirect_to = |fun: &str| {
        [
            format!("import {{ redirect }} from {}{s}", q("next/navigation")),
            format!("import {{ {fun} }} from {}{s}", q(AUTHKIT)),
            String::new(),
            "export async function GET() {".into(),
            format!("{u}const authorizationUrl = await {fun}(){s}"),
            format!("{u}return redirect(authorizationUrl){s}"),
            "}".into(),
        ]
    };
    let lines = |l: &[String]| {
        let mut out = l.join(eol);
        out.push_str(eol);
        out
    };
    let routes = [
        (
            route_dir(callback_path)?,
            callback_route(style),
            "handleAuth",
            "the sign-in callback: code → session cookie",
        ),
        (
            route_dir(SIGN_IN_PATH)?,
            lines(&redirect_to("getSignInUrl")),
            "getSignInUrl",
            "`/sign-in` redirects to AuthKit",
        ),
        (
            route_dir(SIGN_UP_PATH)?,
            lines(&redirect_to("getSignUpUrl")),
            "getSignUpUrl",
            "`/sign-up` redirects to AuthKit's sign-up",
        ),
    ];
    for (dir, body, function, summary) in routes {
        let dir = format!("{}/{dir}", app.app_dir);
        let mut existing = None;
        let candidates: Vec<String> = ["route", "page"]
            .iter()
            .flat_map(|n| {
                EXTS.iter()
                    .map(|e| format!("{dir}/{n}.{e}"))
                    .collect::<Vec<_>>()
            })
            .collect();
        for rel in candidates {
            if files.exists(&rel)? {
                existing = Some(rel);
                break;
            }
        }
        match existing {
            None => plan.create(format!("{dir}/route.{}", app.js_ext()), body, summary),
            Some(rel) => {
                let ours = files.source(&rel)?.is_some_and(|f| {
                    JsFacts::parse(&f.rel, &f.text)
                        .is_ok_and(|facts| facts.local_name(AUTHKIT, function).is_some())
                });
                if !ours {
                    plan.notes.push(
                        Note::warning(format!(
                            "`{rel}` exists and doesn't call AuthKit's `{function}`; left it alone"
                        ))
                        .with_hint(format!(
                            "AuthKit's route is `{dir}/route.{}`:{eol}{body}",
                            app.js_ext()
                        )),
                    );
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Provider wiring

fn plan_provider(
    files: &Files,
    app: &NextApp,
    facts: &AppFacts,
    style: &Style,
    plan: &mut Plan,
) -> Result<(), UserError> {
    match facts.wiring {
        Wiring::AuthKit => Ok(()),
        Wiring::Convex => {
            let provider = facts.provider_file.as_ref().unwrap_or(&app.layout);
            if provider.rel == app.layout.rel {
                return Err(UserError::new(
                    ErrorKind::UnsupportedCode,
                    format!("`{}` renders the Convex provider in the root layout itself; AuthKit's hooks need it in a `'use client'` component", provider.rel),
                )
                .at(Location::at(&provider.rel, &provider.text, 0))
                .snippet(wiring_snippet_for(style, app.typescript, "convex"))
                .hint(format!("save the snippet as `{}components/{PROVIDER}.{}` and render `<{PROVIDER}>{{children}}</{PROVIDER}>` in the layout instead, then run again; nothing was written", app.base, app.jsx_ext())));
            }
            let pstyle = Style::detect(&provider.text).with_prettier(style.prettier.as_ref());
            let typescript = provider.rel.ends_with(".tsx") || provider.rel.ends_with(".ts");
            let after = wire_client_provider(&provider.rel, &provider.text, &pstyle, typescript)?;
            plan.modify(
                provider,
                after,
                "feed AuthKit's session to Convex (`AuthKitProvider` + `ConvexProviderWithAuth`)",
            );
            Ok(())
        }
        Wiring::None => {
            let target = format!("{}components/{PROVIDER}", app.base);
            let rel = format!("{target}.{}", app.jsx_ext());
            let component = provider_component(style, app.typescript, "convex");
            let existing = files.module(&target)?;
            // An earlier init stopped between writing the component and the layout: the
            // component is exactly ours, so only the layout is left to do.
            let ours = existing
                .as_ref()
                .is_some_and(|f| f.rel == rel && f.text.replace("\r\n", "\n") == component);
            if let Some(existing) = existing.filter(|_| !ours) {
                return Err(UserError::new(
                    ErrorKind::UnsupportedCode,
                    format!("`{}` exists, but the root layout doesn't render a Convex provider from it", existing.rel),
                )
                .snippet(wiring_snippet_for(style, app.typescript, "convex"))
                .hint(format!("make `{}` match the snippet and render it around `{{children}}` in `{}`, then run again; nothing was written", existing.rel, app.layout.rel)));
            }
            if !ours {
                plan.create(
                    rel,
                    component,
                    "a client component: AuthKit's session → Convex (`ConvexProviderWithAuth`)",
                );
            }
            let import = app.import_path(&app.layout.rel, &target);
            let after = wrap_layout(&app.layout.rel, &app.layout.text, style, &import)?;
            plan.modify(
                &app.layout,
                after,
                &format!("render `<{PROVIDER}>` around the app"),
            );
            Ok(())
        }
    }
}

/// The exact provider component to paste when the codemod can't place it (TypeScript).
pub fn wiring_snippet(style: &Style, client: &str) -> String {
    wiring_snippet_for(style, true, client)
}

fn wiring_snippet_for(style: &Style, typescript: bool, client: &str) -> String {
    let client = if is_identifier(client) {
        client
    } else {
        "convex"
    };
    format!(
        "// components/{PROVIDER}.{}{eol}{}",
        if typescript { "tsx" } else { "jsx" },
        provider_component(style, typescript, client),
        eol = style.eol
    )
}

fn is_identifier(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// Whether `src` starts with the `'use client'` directive.
fn has_use_client(rel: &str, src: &str) -> Result<bool, UserError> {
    js::with_program(rel, src, |program| {
        program
            .directives
            .iter()
            .any(|d| d.expression.value == "use client")
    })
}

/// Rewrites a client component's `<ConvexProvider client={c}>…</ConvexProvider>` into
/// `<AuthKitProvider><ConvexProviderWithAuth client={c} useAuth={useAuthFromAuthKit}>…`, with
/// the imports and the adapter hook; everything else in the file is kept.
pub fn wire_client_provider(
    rel: &str,
    src: &str,
    style: &Style,
    typescript: bool,
) -> Result<String, UserError> {
    let rewire = Rewire {
        rel,
        src,
        style,
        typescript,
    };
    let facts = JsFacts::parse(rel, src)?;
    let target = rewire.target(&facts)?;
    let mut edits = rewire.import_edits(&facts, &target);
    edits.extend(rewire.element_edits(&facts, &target));
    // The adapter hook, at the end of the file.
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
    let out = edit::apply(src, &edits)
        .map_err(|e| rewire.stop(format!("can't edit `{rel}`: {e}"), 0, &target.client))?;
    js::check_parses(rel, &out).map_err(|e| {
        rewire.stop(
            format!(
                "the edited `{rel}` would not parse ({}), so it was not written",
                e.message
            ),
            target.el.span.start,
            &target.client,
        )
    })?;
    Ok(out)
}

/// One provider file being rewired, for the stages of [`wire_client_provider`].
struct Rewire<'s> {
    rel: &'s str,
    src: &'s str,
    style: &'s Style,
    typescript: bool,
}

/// The `<ConvexProvider>` element to rewire.
struct Target<'f> {
    /// The local name `ConvexProvider` is imported as.
    local: String,
    el: &'f js::JsxElem,
    /// The `client` prop's expression.
    client: String,
    /// The closing tag's name.
    closing: Range<usize>,
}

impl Rewire<'_> {
    /// Stops with the component to paste.
    fn stop(&self, message: String, offset: usize, client: &str) -> UserError {
        UserError::new(ErrorKind::UnsupportedCode, message)
            .at(Location::at(self.rel, self.src, offset))
            .snippet(wiring_snippet_for(self.style, self.typescript, client))
            .hint(format!(
                "make `{}` match the snippet below by hand, then run again; nothing was written",
                self.rel
            ))
    }

    /// The one `<ConvexProvider client={…}>…</ConvexProvider>` in a `'use client'` file whose
    /// names the wiring needs are free.
    fn target<'f>(&self, facts: &'f JsFacts) -> Result<Target<'f>, UserError> {
        let rel = self.rel;
        let Some(local) = facts.local_name("convex/react", "ConvexProvider") else {
            return Err(self.stop(
                format!("`{rel}` doesn't import `ConvexProvider` from `convex/react`, so there is nothing to rewire"),
                0,
                "convex",
            ));
        };
        let elements: Vec<&'f js::JsxElem> = facts.jsx.iter().filter(|e| e.name == local).collect();
        let el = match elements.as_slice() {
            [one] => *one,
            [] => {
                return Err(self.stop(
                    format!("`{rel}` imports `ConvexProvider` but never renders `<{local}>`"),
                    0,
                    "convex",
                ));
            }
            [_, second, ..] => {
                return Err(self.stop(
                    format!("`{rel}` renders `<{local}>` more than once; init rewires exactly one"),
                    second.span.start,
                    "convex",
                ));
            }
        };
        let Some(client) = el
            .attrs
            .iter()
            .find(|a| a.name.as_deref() == Some("client"))
            .and_then(|a| a.value.clone())
        else {
            return Err(self.stop(
                format!("`<{local}>` in `{rel}` has no `client={{…}}` prop"),
                el.span.start,
                "convex",
            ));
        };
        let Some(closing) = el.closing_name.clone() else {
            return Err(self.stop(
                format!("`<{local} />` in `{rel}` has no children to wrap"),
                el.span.start,
                &client,
            ));
        };
        if let Some((_, span)) = facts
            .references
            .iter()
            .find(|(n, s)| n == &local && *s != el.opening_name && *s != closing)
        {
            return Err(self.stop(
                format!("`{local}` is used in `{rel}` other than as `<{local}>`"),
                span.start,
                &client,
            ));
        }
        if !has_use_client(rel, self.src)? {
            return Err(self.stop(
                format!("`{rel}` is not a `'use client'` component, and AuthKit's hooks need one"),
                0,
                &client,
            ));
        }
        let taken = [
            ("react", "useCallback"),
            ("convex/react", "ConvexProviderWithAuth"),
            (AUTHKIT_COMPONENTS, "AuthKitProvider"),
            (AUTHKIT_COMPONENTS, "useAuth"),
            (AUTHKIT_COMPONENTS, "useAccessToken"),
            ("", ADAPTER),
        ]
        .into_iter()
        .find(|(source, name)| {
            facts.top_level_names.iter().any(|n| n == name)
                && facts.local_name(source, name).as_deref() != Some(*name)
        });
        if let Some((_, name)) = taken {
            return Err(self.stop(
                format!("`{rel}` already defines `{name}`, which the AuthKit wiring needs"),
                0,
                &client,
            ));
        }
        Ok(Target {
            local,
            el,
            client,
            closing,
        })
    }

    /// `ConvexProvider` becomes `ConvexProviderWithAuth` in its import; `useCallback` and
    /// AuthKit's components join an existing import of their package, or come as new lines.
    fn import_edits(&self, facts: &JsFacts, target: &Target<'_>) -> Vec<Edit> {
        let mut edits = Vec::new();
        let Some(convex_import) = facts.imports.iter().find(|i| {
            i.source == "convex/react"
                && i.specifiers
                    .iter()
                    .flatten()
                    .any(|s| s.local == target.local)
        }) else {
            return edits;
        };
        let specs = convex_import.specifiers.as_deref().unwrap_or(&[]);
        let index = specs
            .iter()
            .position(|s| s.local == target.local)
            .unwrap_or(0);
        if facts
            .local_name("convex/react", "ConvexProviderWithAuth")
            .is_some()
        {
            let range = if index + 1 < specs.len() {
                specs[index].span.start..specs[index + 1].span.start
            } else if index > 0 {
                specs[index - 1].span.end..specs[index].span.end
            } else {
                specs[index].span.clone()
            };
            edits.push(Edit::delete(range));
        } else {
            edits.push(Edit::replace(
                specs[index].span.clone(),
                "ConvexProviderWithAuth",
            ));
        }
        for (source, names) in [
            ("react", &["useCallback"][..]),
            (
                AUTHKIT_COMPONENTS,
                &["AuthKitProvider", "useAuth", "useAccessToken"][..],
            ),
        ] {
            let missing: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| facts.local_name(source, n).as_deref() != Some(*n))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let existing = facts
                .imports
                .iter()
                .filter(|i| i.source == source && !i.type_only && i.braces.is_some())
                .find(|i| i.specifiers.iter().flatten().all(|s| s.imported != "*"));
            if let Some(import) = existing {
                let specs = import.specifiers.as_deref().unwrap_or(&[]);
                let named_end = specs
                    .iter()
                    .filter(|s| s.imported != "default")
                    .map(|s| s.span.end)
                    .max();
                let at = named_end.unwrap_or_else(|| {
                    import
                        .braces
                        .as_ref()
                        .map_or(import.span.end, |b| b.start + 1)
                });
                let sep = if named_end.is_some() { ", " } else { " " };
                edits.push(Edit::insert(at, format!("{sep}{}", missing.join(", "))));
            } else {
                // After another import of the same package (`import type …`), else after
                // `convex/react`'s.
                let at = facts
                    .imports
                    .iter()
                    .filter(|i| i.source == source)
                    .map(|i| i.span.end)
                    .max()
                    .unwrap_or(convex_import.span.end);
                let names: Vec<String> = missing.iter().map(|n| n.to_string()).collect();
                let line = match self.style.print_import(&names, source, false) {
                    Some(printed) => printed.trim_end().to_string(),
                    None => format!(
                        "import {{ {} }} from {}{}",
                        missing.join(", "),
                        self.style.string(source),
                        self.style.semi()
                    ),
                };
                edits.push(Edit::insert(at, format!("{}{line}", self.style.eol)));
            }
        }
        edits
    }

    /// The element renamed, given the adapter, and wrapped in `<AuthKitProvider>`: a multi-line
    /// element has its lines indented one level; `return <ConvexProvider …>…</…>` on one line
    /// becomes a parenthesised block; any other one-line element is wrapped in place.
    fn element_edits(&self, facts: &JsFacts, target: &Target<'_>) -> Vec<Edit> {
        let (src, el) = (self.src, target.el);
        let eol = self.style.eol;
        let u = self.style.indent.as_str();
        let attrs = src[el.opening_name.end..el.opening.end - 1].trim_end();
        let single_line = !src[el.span.clone()].contains('\n');
        let ind = js::line_indent(src, el.span.start).to_string();
        let line_head = &src[js::line_start(src, el.span.start)..el.span.start];
        if single_line && line_head.trim_end().ends_with("return") {
            let close_start = src[..target.closing.start]
                .rfind("</")
                .unwrap_or(target.closing.start);
            let inner = src[el.opening.end..close_start].trim();
            let (i1, i2, i3) = (
                format!("{ind}{u}"),
                format!("{ind}{u}{u}"),
                format!("{ind}{u}{u}{u}"),
            );
            let block = [
                "(".to_string(),
                format!("{i1}<AuthKitProvider>"),
                format!("{i2}<ConvexProviderWithAuth{attrs} useAuth={{{ADAPTER}}}>"),
                format!("{i3}{inner}"),
                format!("{i2}</ConvexProviderWithAuth>"),
                format!("{i1}</AuthKitProvider>"),
                format!("{ind})"),
            ]
            .join(eol);
            return vec![Edit::replace(el.span.clone(), block)];
        }
        let mut edits = vec![
            Edit::replace(el.opening_name.clone(), "ConvexProviderWithAuth"),
            Edit::insert(
                el.opening_name.end + attrs.len(),
                format!(" useAuth={{{ADAPTER}}}"),
            ),
            Edit::replace(target.closing.clone(), "ConvexProviderWithAuth"),
        ];
        if single_line || !js::starts_line(src, el.span.start) {
            edits.push(Edit::insert(el.span.start, "<AuthKitProvider>"));
            edits.push(Edit::insert(el.span.end, "</AuthKitProvider>"));
            return edits;
        }
        edits.push(Edit::insert(
            el.span.start,
            format!("<AuthKitProvider>{eol}{ind}{u}"),
        ));
        let mut pos = el.span.start;
        while let Some(nl) = src[pos..el.span.end].find('\n') {
            let line = pos + nl + 1;
            pos = line;
            let in_template = facts
                .templates
                .iter()
                .any(|t| t.start < line && line < t.end);
            let blank = src[line..].starts_with(['\n', '\r']);
            if !in_template && !blank {
                edits.push(Edit::insert(line, u));
            }
        }
        edits.push(Edit::insert(
            el.span.end,
            format!("{eol}{ind}</AuthKitProvider>"),
        ));
        edits
    }
}

/// `{children}` (or `{props.children}`) placed as a JSX child, anywhere in the file.
struct ChildrenSlots {
    found: Vec<Range<usize>>,
}

impl ChildrenSlots {
    fn collect(children: &[JSXChild<'_>], found: &mut Vec<Range<usize>>) {
        for child in children {
            if let JSXChild::ExpressionContainer(c) = child {
                let is_children = match &c.expression {
                    JSXExpression::Identifier(id) => id.name == "children",
                    JSXExpression::StaticMemberExpression(m) => m.property.name == "children",
                    _ => false,
                };
                if is_children {
                    found.push(js::range(c.span));
                }
            }
        }
    }
}

impl<'a> Visit<'a> for ChildrenSlots {
    fn visit_jsx_element(&mut self, el: &JSXElement<'a>) {
        Self::collect(&el.children, &mut self.found);
        walk::walk_jsx_element(self, el);
    }
    fn visit_jsx_fragment(&mut self, f: &JSXFragment<'a>) {
        Self::collect(&f.children, &mut self.found);
        walk::walk_jsx_fragment(self, f);
    }
}

/// The root layout with its `{children}` inside `<ConvexClientProvider>`, imported from `import`.
pub fn wrap_layout(rel: &str, src: &str, style: &Style, import: &str) -> Result<String, UserError> {
    let facts = JsFacts::parse(rel, src)?;
    let snippet = format!(
        "import {{ {PROVIDER} }} from {}{}{eol}{eol}<{PROVIDER}>{{children}}</{PROVIDER}>{eol}",
        style.string(import),
        style.semi(),
        eol = style.eol
    );
    let unsupported = |msg: String, offset: usize| {
        UserError::new(ErrorKind::UnsupportedCode, msg)
            .at(Location::at(rel, src, offset))
            .snippet(snippet.clone())
            .hint(format!("import the provider and render it around the app's `{{children}}` in `{rel}` by hand, then run again; nothing was written"))
    };
    if facts.top_level_names.iter().any(|n| n == PROVIDER) {
        return Err(unsupported(
            format!("`{rel}` already defines `{PROVIDER}`"),
            0,
        ));
    }
    let slots = js::with_program(rel, src, |program| {
        let mut v = ChildrenSlots { found: Vec::new() };
        v.visit_program(program);
        v.found
    })?;
    let slot = match slots.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(unsupported(
                format!("`{rel}` doesn't render `{{children}}`"),
                0,
            ));
        }
        [_, second, ..] => {
            return Err(unsupported(
                format!("`{rel}` renders `{{children}}` more than once; init wraps exactly one"),
                second.start,
            ));
        }
    };
    let (open, close) = wrap_children(src, &slot, style);
    let import_line = format!(
        "import {{ {PROVIDER} }} from {}{}",
        style.string(import),
        style.semi()
    );
    let edits = vec![
        if facts.imports.is_empty() {
            Edit::insert(0, format!("{import_line}{eol}{eol}", eol = style.eol))
        } else {
            Edit::insert(facts.last_import_end, format!("{}{import_line}", style.eol))
        },
        Edit::insert(slot.start, open),
        Edit::insert(slot.end, close),
    ];
    let out =
        edit::apply(src, &edits).map_err(|e| unsupported(format!("can't edit `{rel}`: {e}"), 0))?;
    js::check_parses(rel, &out).map_err(|e| {
        unsupported(
            format!(
                "the edited `{rel}` would not parse ({}), so it was not written",
                e.message
            ),
            slot.start,
        )
    })?;
    Ok(out)
}

/// The provider's opening and closing tags around the `{children}` at `slot`: inline, or, with
/// Prettier, broken as Prettier breaks JSX that no longer fits in `printWidth` (the provider on
/// its own line inside its parent, then `{children}` on its own line inside the provider).
fn wrap_children(src: &str, slot: &Range<usize>, style: &Style) -> (String, String) {
    let mut open = format!("<{PROVIDER}>");
    let mut close = format!("</{PROVIDER}>");
    let Some(o) = &style.prettier else {
        return (open, close);
    };
    let width = |s: &str| -> usize {
        s.trim_end()
            .chars()
            .map(|c| if c == '\t' { o.tab_width } else { 1 })
            .sum()
    };
    let line_start = js::line_start(src, slot.start);
    let line_end = src[slot.end..]
        .find('\n')
        .map_or(src.len(), |i| slot.end + i);
    let before = &src[line_start..slot.start];
    let after = &src[slot.end..line_end];
    let inner = &src[slot.clone()];
    let own_line = before.trim().is_empty() && after.trim().is_empty();
    // An element with a tag among its children always breaks (`printJsxElementInternal`'s
    // `forcedBreak`), so a parent that held only `{children}` puts the provider on its own line.
    let in_parent = before.ends_with('>') && after.starts_with("</");
    let fits = width(&format!("{before}{open}{inner}{close}{after}")) <= o.print_width;
    if inner.contains('\n') || !(in_parent || own_line && !fits) {
        return (open, close);
    }
    let ind: String = before
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let (u, eol) = (&style.indent, style.eol);
    let mut at = ind.clone();
    if in_parent {
        at = format!("{ind}{u}");
        if width(&format!("{at}{open}{inner}{close}")) <= o.print_width {
            return (format!("{eol}{at}{open}"), format!("{close}{eol}{ind}"));
        }
        open = format!("{eol}{at}{open}");
        close = format!("{close}{eol}{ind}");
    }
    (format!("{open}{eol}{at}{u}"), format!("{eol}{at}{close}"))
}

// ---------------------------------------------------------------------------------------------
// Generated files

/// The callback route handler: AuthKit's `handleAuth()` as `GET`.
fn callback_route(style: &Style) -> String {
    let s = style.semi();
    join_lines(
        style,
        &[
            format!("import {{ handleAuth }} from {}{s}", style.string(AUTHKIT)),
            String::new(),
            "// Exchanges the sign-in code for a session cookie, then returns to the app.".into(),
            format!("export const GET = handleAuth(){s}"),
        ],
    )
}

fn join_lines(style: &Style, lines: &[String]) -> String {
    let mut out = lines.join(style.eol);
    out.push_str(style.eol);
    out
}

fn proxy_file(style: &Style, function: &str) -> String {
    let q = |s: &str| style.string(s);
    let s = style.semi();
    let u = &style.indent;
    let tc = style.trailing_comma();
    join_lines(
        style,
        &[
            format!("import {{ {function} }} from {}{s}", q(AUTHKIT)),
            String::new(),
            "// Keeps the AuthKit session cookie fresh and hands the session to `withAuth()`."
                .into(),
            format!("export default {function}(){s}"),
            String::new(),
            "export const config = {".into(),
            format!("{u}matcher: ["),
            format!(
                "{u}{u}// Skip Next.js internals and all static files, unless found in search params"
            ),
            format!("{u}{u}{},", q(MATCHER[0])),
            format!("{u}{u}// Always run for API routes"),
            format!("{u}{u}{}{tc}", q(MATCHER[1])),
            format!("{u}]{tc}"),
            format!("}}{s}"),
        ],
    )
}

/// AuthKit's composable proxy, for an app that has proxy logic of its own.
fn composed_proxy(style: &Style, typescript: bool, fn_name: &str) -> String {
    let q = |s: &str| style.string(s);
    let s = style.semi();
    let u = &style.indent;
    let mut lines = Vec::new();
    if typescript {
        lines.push(format!(
            "import type {{ NextRequest }} from {}{s}",
            q("next/server")
        ));
    }
    let param = if typescript {
        "request: NextRequest"
    } else {
        "request"
    };
    lines.extend([
        format!("import {{ authkit, handleAuthkitHeaders }} from {}{s}", q(AUTHKIT)),
        String::new(),
        format!("export default async function {fn_name}({param}) {{"),
        format!("{u}const {{ headers }} = await authkit(request){s}"),
        format!("{u}// … your own logic; return every response through handleAuthkitHeaders(request, headers, …)"),
        format!("{u}return handleAuthkitHeaders(request, headers){s}"),
        "}".into(),
        String::new(),
        "export const config = {".into(),
        format!("{u}matcher: ["),
        format!("{u}{u}{},", q(MATCHER[0])),
        format!("{u}{u}{},", q(MATCHER[1])),
        format!("{u}],"),
        format!("}}{s}"),
    ]);
    join_lines(style, &lines)
}

/// `ConvexProviderWithAuth`'s `useAuth`: AuthKit's user and access token (refreshed when Convex
/// asks for a fresh one), as in Convex's `template-nextjs-authkit`.
fn adapter_hook(style: &Style, typescript: bool) -> String {
    let s = style.semi();
    let u = &style.indent;
    let tc = style.trailing_comma();
    // Call arguments take a trailing comma only under `trailingComma: "all"`.
    let tc_all = match &style.prettier {
        Some(o) if !o.comma_all() => "",
        _ => ",",
    };
    let params = if typescript {
        "{ forceRefreshToken }: { forceRefreshToken?: boolean } = {}): Promise<string | null>"
    } else {
        // The default keeps `checkJs` from typing the parameter as `{}`.
        "{ forceRefreshToken = false } = {})"
    };
    let signature = fetch_signature(style, typescript, params);
    join_lines(
        style,
        &[
            "// Convex asks for tokens through this hook: AuthKit's session user and access token."
                .into(),
            format!("function {ADAPTER}() {{"),
            format!("{u}const {{ user, loading: isLoading }} = useAuth(){s}"),
            format!("{u}const {{ getAccessToken, refresh }} = useAccessToken(){s}"),
            String::new(),
            format!("{u}const isAuthenticated = !!user{s}"),
            String::new(),
            format!("{u}const fetchAccessToken = useCallback("),
            signature,
            format!("{u}{u}{u}if (!user) {{"),
            format!("{u}{u}{u}{u}return null{s}"),
            format!("{u}{u}{u}}}"),
            String::new(),
            format!("{u}{u}{u}try {{"),
            format!("{u}{u}{u}{u}if (forceRefreshToken) {{"),
            format!("{u}{u}{u}{u}{u}return (await refresh()) ?? null{s}"),
            format!("{u}{u}{u}{u}}}"),
            String::new(),
            format!("{u}{u}{u}{u}return (await getAccessToken()) ?? null{s}"),
            format!("{u}{u}{u}}} catch (error) {{"),
            format!(
                "{u}{u}{u}{u}console.error({}, error){s}",
                style.string("Failed to get access token:")
            ),
            format!("{u}{u}{u}{u}return null{s}"),
            format!("{u}{u}{u}}}"),
            format!("{u}{u}}},"),
            format!("{u}{u}[user, refresh, getAccessToken]{tc_all}"),
            format!("{u}){s}"),
            String::new(),
            format!("{u}return {{"),
            format!("{u}{u}isLoading,"),
            format!("{u}{u}isAuthenticated,"),
            format!("{u}{u}fetchAccessToken{tc}"),
            format!("{u}}}{s}"),
            "}".into(),
        ],
    )
}

/// `fetchAccessToken`'s first line(s): with Prettier, a TypeScript signature wider than
/// `printWidth` breaks as Prettier breaks it: the return type's `<…>` when the line up to it
/// fits, else the hugged parameter's object pattern.
fn fetch_signature(style: &Style, typescript: bool, params: &str) -> String {
    let u = &style.indent;
    let eol = style.eol;
    let one_line = format!("{u}{u}async ({params} => {{");
    let Some(o) = style.prettier.as_ref().filter(|_| typescript) else {
        return one_line;
    };
    let width = |s: &str| -> usize {
        s.chars()
            .map(|c| if c == '\t' { o.tab_width } else { 1 })
            .sum()
    };
    if width(&one_line) <= o.print_width {
        return one_line;
    }
    let head = format!(
        "{u}{u}async ({{ forceRefreshToken }}: {{ forceRefreshToken?: boolean }} = {{}}): Promise<"
    );
    if width(&head) <= o.print_width {
        return format!("{head}{eol}{u}{u}{u}string | null{eol}{u}{u}> => {{");
    }
    format!(
        "{u}{u}async ({{{eol}{u}{u}{u}forceRefreshToken{}{eol}{u}{u}}}: {{ forceRefreshToken?: boolean }} = {{}}): Promise<string | null> => {{",
        style.trailing_comma()
    )
}

/// `<ConvexProviderWithAuth …>` three levels in: with Prettier, one attribute a line when the
/// tag is wider than `printWidth` (`printJsxOpeningElement`).
fn provider_opening(style: &Style, client: &str) -> String {
    let u = &style.indent;
    let ind = format!("{u}{u}{u}");
    let one_line =
        format!("{ind}<ConvexProviderWithAuth client={{{client}}} useAuth={{{ADAPTER}}}>");
    let Some(o) = &style.prettier else {
        return one_line;
    };
    let width: usize = one_line
        .chars()
        .map(|c| if c == '\t' { o.tab_width } else { 1 })
        .sum();
    if width <= o.print_width {
        return one_line;
    }
    let eol = style.eol;
    let end = if o.bracket_same_line {
        ">".to_string()
    } else {
        format!("{eol}{ind}>")
    };
    format!(
        "{ind}<ConvexProviderWithAuth{eol}{ind}{u}client={{{client}}}{eol}{ind}{u}useAuth={{{ADAPTER}}}{end}"
    )
}

/// The `'use client'` provider component, Convex's template's shape.
fn provider_component(style: &Style, typescript: bool, client: &str) -> String {
    let q = |s: &str| style.string(s);
    let s = style.semi();
    let u = &style.indent;
    let (react, props, url) = if typescript {
        (
            format!(
                "import {{ useCallback, type ReactNode }} from {}{s}",
                q("react")
            ),
            "{ children }: { children: ReactNode }",
            format!("process.env.{CONVEX_URL_ENV}!"),
        )
    } else {
        (
            format!("import {{ useCallback }} from {}{s}", q("react")),
            "{ children }",
            format!("process.env.{CONVEX_URL_ENV}"),
        )
    };
    let import = |names: &[&str], source: &str, fallback: String| {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        style
            .print_import(&names, source, false)
            .map(|p| p.trim_end().to_string())
            .unwrap_or(fallback)
    };
    let react_names: &[&str] = if typescript {
        &["useCallback", "type ReactNode"]
    } else {
        &["useCallback"]
    };
    let mut out = join_lines(
        style,
        &[
            format!("{}{s}", q("use client")),
            String::new(),
            import(react_names, "react", react),
            import(
                &["ConvexProviderWithAuth", "ConvexReactClient"],
                "convex/react",
                format!(
                    "import {{ ConvexProviderWithAuth, ConvexReactClient }} from {}{s}",
                    q("convex/react")
                ),
            ),
            import(
                &["AuthKitProvider", "useAuth", "useAccessToken"],
                AUTHKIT_COMPONENTS,
                format!(
                    "import {{ AuthKitProvider, useAuth, useAccessToken }} from {}{s}",
                    q(AUTHKIT_COMPONENTS)
                ),
            ),
            String::new(),
            format!("const {client} = new ConvexReactClient({url}){s}"),
            String::new(),
            format!("export function {PROVIDER}({props}) {{"),
            format!("{u}return ("),
            format!("{u}{u}<AuthKitProvider>"),
            provider_opening(style, client),
            format!("{u}{u}{u}{u}{{children}}"),
            format!("{u}{u}{u}</ConvexProviderWithAuth>"),
            format!("{u}{u}</AuthKitProvider>"),
            format!("{u}){s}"),
            "}".into(),
            String::new(),
        ],
    );
    out.push_str(&adapter_hook(style, typescript));
    out
}

/// `"use client"` and the module after it, as Prettier prints them; `None` without Prettier.
fn print_client_module(style: &Style, stmts: &[pj::Stmt]) -> Option<String> {
    let body = style.print_module(stmts)?;
    let eol = style.eol;
    Some(format!(
        "{}{}{eol}{eol}{body}",
        style.string("use client"),
        style.semi()
    ))
}

fn auth_button(style: &Style) -> String {
    if let Some(out) = print_client_module(style, &auth_button_ast()) {
        return out;
    }
    let q = |s: &str| style.string(s);
    let s = style.semi();
    let u = &style.indent;
    join_lines(
        style,
        &[
            format!("{}{s}", q("use client")),
            String::new(),
            format!("import {{ useConvexAuth }} from {}{s}", q("convex/react")),
            format!("import {{ useAuth }} from {}{s}", q(AUTHKIT_COMPONENTS)),
            String::new(),
            "/**".into(),
            " * Sign in / sign out. It trusts Convex's view of the session (`useConvexAuth`), not only".into(),
            " * AuthKit's, so \"signed in\" means Convex accepted the WorkOS token. Signing in goes".into(),
            format!(" * through the `{SIGN_IN_PATH}` route. Render it anywhere inside `{PROVIDER}`."),
            " */".into(),
            "export function AuthButton() {".into(),
            format!("{u}const {{ isLoading, isAuthenticated }} = useConvexAuth(){s}"),
            format!("{u}const {{ user, signOut }} = useAuth(){s}"),
            format!("{u}if (isLoading) {{"),
            format!("{u}{u}return <button disabled>Signing in…</button>{s}"),
            format!("{u}}}"),
            format!("{u}if (isAuthenticated) {{"),
            format!("{u}{u}return <button onClick={{() => void signOut()}}>Sign out {{user?.email}}</button>{s}"),
            format!("{u}}}"),
            format!("{u}if (user) {{"),
            format!("{u}{u}// AuthKit has a session but Convex rejected its token: see `convex-authkit doctor`."),
            format!("{u}{u}return <button onClick={{() => void signOut()}}>Convex rejected the sign-in; sign out</button>{s}"),
            format!("{u}}}"),
            format!("{u}return <a href=\"{SIGN_IN_PATH}\">Sign in</a>{s}"),
            "}".into(),
        ],
    )
}

/// [`auth_button`] without its directive, as a syntax tree, for apps that use Prettier.
fn auth_button_ast() -> Vec<pj::Stmt> {
    auth_button::server_flow_button(
        AUTHKIT_COMPONENTS,
        SIGN_IN_PATH,
        &format!("Render it anywhere inside `{PROVIDER}`."),
    )
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
        NextJs.detect(files, &read_package_json(files)?)
    }

    fn plan(files: &Files, options: &ClientOptions) -> (Vec<FileChange>, Vec<Note>) {
        let facts = detect(files).unwrap();
        NextJs.plan_client(files, &facts, options).unwrap()
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

    const PKG_16: &str = r#"{"dependencies": {"next": "^16.0.0", "react": "^19.0.0"}}"#;
    const LAYOUT: &str = "export default function RootLayout({ children }: { children: React.ReactNode }) {\n  return (\n    <html lang=\"en\">\n      <body>{children}</body>\n    </html>\n  );\n}\n";

    #[test]
    fn next_wins_over_vite() {
        let pkg = PackageJson::parse(
            "package.json",
            r#"{"dependencies": {"next": "16.0.0", "react": "^19.0.0"}, "devDependencies": {"vite": "^8.0.0"}}"#.into(),
        )
        .unwrap();
        assert_eq!(crate::frameworks::select(&pkg).unwrap().id(), "nextjs");
        let matching: Vec<_> = crate::frameworks::RECIPES
            .iter()
            .filter(|r| r.matches(&pkg))
            .map(|r| r.id())
            .collect();
        assert_eq!(matching, ["nextjs"]);
    }

    #[test]
    fn detects_the_convex_template() {
        let files = fixture("nextjs-16");
        let facts = detect(&files).unwrap();
        assert_eq!(facts.entry, "app/layout.tsx");
        assert_eq!(
            facts.provider_file.as_ref().map(|f| f.rel.as_str()),
            Some("components/ConvexClientProvider.tsx")
        );
        assert_eq!(facts.wiring, Wiring::Convex);
        assert_eq!(
            facts.convex_url_env.as_deref(),
            Some("NEXT_PUBLIC_CONVEX_URL")
        );
        assert_eq!((facts.port.port, facts.port.pinned), (3000, false));
        assert!(facts.typescript);
        assert!(facts.other_auth.is_empty());
    }

    #[test]
    fn plans_the_convex_template() {
        let files = fixture("nextjs-16");
        let (changes, notes) = plan(&files, &options());
        assert_eq!(
            summary(&changes),
            [
                "A proxy.ts",
                "A app/callback/route.ts",
                "A app/sign-in/route.ts",
                "A app/sign-up/route.ts",
                "M components/ConvexClientProvider.tsx",
            ]
        );
        assert!(notes.is_empty(), "{notes:?}");
        insta::assert_snapshot!(after(&changes, "proxy.ts"), @r#"
        import { authkitProxy } from "@workos-inc/authkit-nextjs";

        // Keeps the AuthKit session cookie fresh and hands the session to `withAuth()`.
        export default authkitProxy();

        export const config = {
          matcher: [
            // Skip Next.js internals and all static files, unless found in search params
            "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
            // Always run for API routes
            "/(api|trpc)(.*)",
          ],
        };
        "#);
        insta::assert_snapshot!(after(&changes, "app/callback/route.ts"), @r#"
        import { handleAuth } from "@workos-inc/authkit-nextjs";

        // Exchanges the sign-in code for a session cookie, then returns to the app.
        export const GET = handleAuth();
        "#);
        insta::assert_snapshot!(after(&changes, "app/sign-in/route.ts"), @r#"
        import { redirect } from "next/navigation";
        import { getSignInUrl } from "@workos-inc/authkit-nextjs";

        export async function GET() {
          const authorizationUrl = await getSignInUrl();
          return redirect(authorizationUrl);
        }
        "#);
        insta::assert_snapshot!(after(&changes, "components/ConvexClientProvider.tsx"), @r#"
        "use client";

        import { ReactNode, useCallback } from "react";
        import { ConvexProviderWithAuth, ConvexReactClient } from "convex/react";
        import { AuthKitProvider, useAuth, useAccessToken } from "@workos-inc/authkit-nextjs/components";

        const convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!);

        export default function ConvexClientProvider({
          children,
        }: {
          children: ReactNode;
        }) {
          return (
            <AuthKitProvider>
              <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>
                {children}
              </ConvexProviderWithAuth>
            </AuthKitProvider>
          );
        }

        // Convex asks for tokens through this hook: AuthKit's session user and access token.
        function useAuthFromAuthKit() {
          const { user, loading: isLoading } = useAuth();
          const { getAccessToken, refresh } = useAccessToken();

          const isAuthenticated = !!user;

          const fetchAccessToken = useCallback(
            async ({ forceRefreshToken }: { forceRefreshToken?: boolean } = {}): Promise<string | null> => {
              if (!user) {
                return null;
              }

              try {
                if (forceRefreshToken) {
                  return (await refresh()) ?? null;
                }

                return (await getAccessToken()) ?? null;
              } catch (error) {
                console.error("Failed to get access token:", error);
                return null;
              }
            },
            [user, refresh, getAccessToken],
          );

          return {
            isLoading,
            isAuthenticated,
            fetchAccessToken,
          };
        }
        "#);
    }

    #[test]
    fn plans_next_15_with_src_layout() {
        let files = fixture("nextjs-15-src");
        let facts = detect(&files).unwrap();
        assert_eq!(facts.entry, "src/app/layout.tsx");
        assert_eq!(
            facts.provider_file.as_ref().map(|f| f.rel.as_str()),
            Some("src/app/providers.tsx")
        );
        assert_eq!(facts.wiring, Wiring::Convex);
        let options = ClientOptions {
            auth_button: true,
            users_table: true,
            callback_path: "/auth/callback".into(),
            ..options()
        };
        let (changes, notes) = NextJs.plan_client(&files, &facts, &options).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            summary(&changes),
            [
                "A src/middleware.ts",
                "A src/app/auth/callback/route.ts",
                "A src/app/sign-in/route.ts",
                "A src/app/sign-up/route.ts",
                "M src/app/providers.tsx",
                "A src/components/AuthButton.tsx",
                "A src/components/useStoreUser.ts",
            ]
        );
        insta::assert_snapshot!(after(&changes, "src/middleware.ts"), @r"
        import { authkitMiddleware } from '@workos-inc/authkit-nextjs'

        // Keeps the AuthKit session cookie fresh and hands the session to `withAuth()`.
        export default authkitMiddleware()

        export const config = {
          matcher: [
            // Skip Next.js internals and all static files, unless found in search params
            '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
            // Always run for API routes
            '/(api|trpc)(.*)',
          ],
        }
        ");
        insta::assert_snapshot!(after(&changes, "src/app/providers.tsx"), @"
        'use client'

        import type { ReactNode } from 'react'
        import { useCallback } from 'react'
        import { ConvexProviderWithAuth, ConvexReactClient } from 'convex/react'
        import { AuthKitProvider, useAuth, useAccessToken } from '@workos-inc/authkit-nextjs/components'

        const convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!)

        export function Providers({ children }: { children: ReactNode }) {
          return (
            <AuthKitProvider>
              <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>
                {children}
              </ConvexProviderWithAuth>
            </AuthKitProvider>
          )
        }

        // Convex asks for tokens through this hook: AuthKit's session user and access token.
        function useAuthFromAuthKit() {
          const { user, loading: isLoading } = useAuth()
          const { getAccessToken, refresh } = useAccessToken()

          const isAuthenticated = !!user

          const fetchAccessToken = useCallback(
            async ({ forceRefreshToken }: { forceRefreshToken?: boolean } = {}): Promise<string | null> => {
              if (!user) {
                return null
              }

              try {
                if (forceRefreshToken) {
                  return (await refresh()) ?? null
                }

                return (await getAccessToken()) ?? null
              } catch (error) {
                console.error('Failed to get access token:', error)
                return null
              }
            },
            [user, refresh, getAccessToken],
          )

          return {
            isLoading,
            isAuthenticated,
            fetchAccessToken,
          }
        }
        ");
        insta::assert_snapshot!(after(&changes, "src/components/AuthButton.tsx"), @r#"
        'use client'

        import { useConvexAuth } from 'convex/react'
        import { useAuth } from '@workos-inc/authkit-nextjs/components'

        /**
         * Sign in / sign out. It trusts Convex's view of the session (`useConvexAuth`), not only
         * AuthKit's, so "signed in" means Convex accepted the WorkOS token. Signing in goes
         * through the `/sign-in` route. Render it anywhere inside `ConvexClientProvider`.
         */
        export function AuthButton() {
          const { isLoading, isAuthenticated } = useConvexAuth()
          const { user, signOut } = useAuth()
          if (isLoading) {
            return <button disabled>Signing in…</button>
          }
          if (isAuthenticated) {
            return <button onClick={() => void signOut()}>Sign out {user?.email}</button>
          }
          if (user) {
            // AuthKit has a session but Convex rejected its token: see `convex-authkit doctor`.
            return <button onClick={() => void signOut()}>Convex rejected the sign-in; sign out</button>
          }
          return <a href="/sign-in">Sign in</a>
        }
        "#);
        assert!(
            after(&changes, "src/components/useStoreUser.ts")
                .contains("from '../../convex/_generated/dataModel'")
        );
    }

    #[test]
    fn plans_a_javascript_app_without_a_provider() {
        let files = fixture("nextjs-js");
        let facts = detect(&files).unwrap();
        assert_eq!(facts.wiring, Wiring::None);
        assert!(!facts.typescript);
        let (changes, notes) = NextJs.plan_client(&files, &facts, &options()).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            summary(&changes),
            [
                "A proxy.js",
                "A app/callback/route.js",
                "A app/sign-in/route.js",
                "A app/sign-up/route.js",
                "A components/ConvexClientProvider.jsx",
                "M app/layout.js",
            ]
        );
        insta::assert_snapshot!(after(&changes, "app/layout.js"), @r#"
        import "./globals.css";
        import { ConvexClientProvider } from "@/components/ConvexClientProvider";

        export const metadata = {
          title: "Convex + Next.js (JavaScript)",
        };

        export default function RootLayout({ children }) {
          return (
            <html lang="en">
              <body><ConvexClientProvider>{children}</ConvexClientProvider></body>
            </html>
          );
        }
        "#);
        insta::assert_snapshot!(after(&changes, "components/ConvexClientProvider.jsx"), @r#"
        "use client";

        import { useCallback } from "react";
        import { ConvexProviderWithAuth, ConvexReactClient } from "convex/react";
        import { AuthKitProvider, useAuth, useAccessToken } from "@workos-inc/authkit-nextjs/components";

        const convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL);

        export function ConvexClientProvider({ children }) {
          return (
            <AuthKitProvider>
              <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>
                {children}
              </ConvexProviderWithAuth>
            </AuthKitProvider>
          );
        }

        // Convex asks for tokens through this hook: AuthKit's session user and access token.
        function useAuthFromAuthKit() {
          const { user, loading: isLoading } = useAuth();
          const { getAccessToken, refresh } = useAccessToken();

          const isAuthenticated = !!user;

          const fetchAccessToken = useCallback(
            async ({ forceRefreshToken = false } = {}) => {
              if (!user) {
                return null;
              }

              try {
                if (forceRefreshToken) {
                  return (await refresh()) ?? null;
                }

                return (await getAccessToken()) ?? null;
              } catch (error) {
                console.error("Failed to get access token:", error);
                return null;
              }
            },
            [user, refresh, getAccessToken],
          );

          return {
            isLoading,
            isAuthenticated,
            fetchAccessToken,
          };
        }
        "#);
        // The new wiring is what detect calls AuthKit.
        let provider = after(&changes, "components/ConvexClientProvider.jsx");
        let layout = after(&changes, "app/layout.js");
        let wiring = wiring_of(
            &JsFacts::parse("c.jsx", provider).unwrap(),
            &JsFacts::parse("app/layout.js", layout).unwrap(),
        );
        assert_eq!(wiring, Wiring::AuthKit);
    }

    #[test]
    fn the_authkit_template_is_already_set_up() {
        let files = fixture("nextjs-authkit-template");
        let facts = detect(&files).unwrap();
        assert_eq!(facts.wiring, Wiring::AuthKit);
        assert_eq!(
            facts.convex_url_env.as_deref(),
            Some("NEXT_PUBLIC_CONVEX_URL")
        );
        // init passes `auth_button: false` when the app is already wired.
        let (changes, notes) = NextJs.plan_client(&files, &facts, &options()).unwrap();
        assert!(changes.is_empty(), "{:?}", summary(&changes));
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn finds_other_auth_in_the_layout_and_the_provider() {
        let layout = "import { ClerkProvider } from \"@clerk/nextjs\";\nimport ConvexClientProvider from \"./ConvexClientProvider\";\n\nexport default function RootLayout({ children }) {\n  return (\n    <ClerkProvider>\n      <ConvexClientProvider>{children}</ConvexClientProvider>\n    </ClerkProvider>\n  );\n}\n";
        let provider = "\"use client\";\nimport { ConvexReactClient } from \"convex/react\";\nimport { ConvexProviderWithClerk } from \"convex/react-clerk\";\nimport { useAuth } from \"@clerk/nextjs\";\n\nconst convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL);\n\nexport default function ConvexClientProvider({ children }) {\n  return <ConvexProviderWithClerk client={convex} useAuth={useAuth}>{children}</ConvexProviderWithClerk>;\n}\n";
        let (_dir, files) = temp_app(&[
            ("package.json", PKG_16),
            ("app/layout.jsx", layout),
            ("app/ConvexClientProvider.jsx", provider),
        ]);
        let facts = detect(&files).unwrap();
        assert_eq!(
            facts.provider_file.as_ref().map(|f| f.rel.as_str()),
            Some("app/ConvexClientProvider.jsx")
        );
        assert_eq!(facts.wiring, Wiring::None);
        let found: Vec<_> = facts
            .other_auth
            .iter()
            .map(|o| (o.provider.as_str(), o.evidence.as_str(), o.wired))
            .collect();
        assert_eq!(
            found,
            [("Clerk", "`<ClerkProvider>` in `app/layout.jsx:6`", true)]
        );
    }

    #[test]
    fn reads_the_major_version() {
        // The installed package wins over the range, walking up as Node does.
        let (_dir, files) = temp_app(&[
            ("app/package.json", PKG_16),
            ("app/app/layout.tsx", LAYOUT),
            (
                "node_modules/next/package.json",
                r#"{"name": "next", "version": "15.5.29"}"#,
            ),
        ]);
        let app_files = Files::new(files.root().join("app"));
        let app = NextApp::read(&app_files, &read_package_json(&app_files).unwrap()).unwrap();
        assert_eq!(app.major, Some(15));
        assert_eq!(app.version_source, "`../node_modules/next/package.json`");
        let (changes, _) = plan(&app_files, &options());
        assert!(after(&changes, "middleware.ts").contains("authkitMiddleware()"));
        // A range it can't read: Next 16+ is assumed, and said.
        let (_dir, files) = temp_app(&[
            ("package.json", r#"{"dependencies": {"next": "latest"}}"#),
            ("app/layout.tsx", LAYOUT),
        ]);
        let (changes, notes) = plan(&files, &options());
        assert!(after(&changes, "proxy.ts").contains("authkitProxy()"));
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].message.contains("`next` `latest`"),
            "{}",
            notes[0].message
        );
    }

    #[test]
    fn stops_on_a_pages_router_app() {
        let (_dir, files) = temp_app(&[
            ("package.json", PKG_16),
            (
                "pages/index.tsx",
                "export default function Home() { return null }\n",
            ),
        ]);
        let err = detect(&files).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Project);
        assert_eq!(
            err.message,
            "this Next.js app uses the Pages Router (found `pages/`, no `app/layout.*`); convex-authkit supports only the App Router"
        );
    }

    #[test]
    fn reads_ports_from_scripts() {
        let port = |scripts: &str| {
            let pkg =
                PackageJson::parse("package.json", format!(r#"{{"scripts": {scripts}}}"#)).unwrap();
            let p = detect_port(&pkg, 3000);
            (p.port, p.pinned, p.source, p.unresolved.is_some())
        };
        let d = |_: &str| (3000, false, "default".to_string(), false);
        assert_eq!(port(r#"{"dev": "convex dev --start 'next dev'"}"#), d(""));
        assert_eq!(
            port(r#"{"dev": "next dev -p 4000"}"#),
            (4000, true, "`scripts.dev`".into(), false)
        );
        assert_eq!(
            port(r#"{"dev": "next dev --port=4001 --turbopack"}"#).0,
            4001
        );
        assert_eq!(
            port(r#"{"dev": "PORT=4002 next dev"}"#),
            (4002, true, "`scripts.dev`".into(), false)
        );
        assert_eq!(
            port(r#"{"dev": "cross-env PORT=4002 next dev --port 4003"}"#).0,
            4003
        );
        assert_eq!(
            port(r#"{"dev": "convex dev --start 'next dev --port 4004'"}"#).0,
            4004
        );
        assert_eq!(
            port(r#"{"dev": "run-p dev:*", "dev:web": "next -p4005", "dev:convex": "convex dev"}"#),
            (4005, true, "`scripts.dev:web`".into(), false)
        );
        // `next start -p` is not the dev server.
        assert_eq!(
            port(r#"{"dev": "next build && next start -p 5000"}"#),
            d("")
        );
        // Pinned, but to a value only the shell knows.
        assert_eq!(
            port(r#"{"dev": "next dev -p $PORT"}"#),
            (3000, true, "`scripts.dev`".into(), true)
        );
    }

    #[test]
    fn pins_the_port_in_the_dev_script() {
        assert_eq!(
            pin_script("convex dev --start 'next dev'", 3000).as_deref(),
            Some("convex dev --start 'next dev -p 3000'")
        );
        assert_eq!(
            pin_script("next dev --turbopack", 3001).as_deref(),
            Some("next dev -p 3001 --turbopack")
        );
        assert_eq!(pin_script("next", 3000).as_deref(), Some("next -p 3000"));
        assert_eq!(
            pin_script("next build && ./node_modules/.bin/next dev", 3000).as_deref(),
            Some("next build && ./node_modules/.bin/next dev -p 3000")
        );
        assert_eq!(pin_script("next dev & next dev", 3000), None);
        assert_eq!(pin_script("nextjs-dev", 3000), None);

        let files = fixture("nextjs-16");
        let options = ClientOptions {
            pin_port: true,
            ..options()
        };
        let (changes, _) = plan(&files, &options);
        let pkg = after(&changes, "package.json");
        assert!(
            pkg.contains(r#""dev": "convex dev --start 'next dev -p 3000'","#),
            "{pkg}"
        );
        let files = fixture("nextjs-15-src");
        let (changes, _) = plan(&files, &options);
        assert!(
            after(&changes, "package.json")
                .contains(r#""dev:frontend": "next dev -p 3000 --turbopack","#)
        );
        // Doctor's config fix can't pin Next's port.
        let config = SourceFile {
            rel: "next.config.ts".into(),
            text: String::new(),
        };
        assert!(NextJs.pin_port(&config, 3000, None).is_err());
    }

    #[test]
    fn existing_proxy_is_kept_or_stops_with_the_code_to_paste() {
        let authkit = "import { authkitMiddleware } from '@workos-inc/authkit-nextjs';\nexport default authkitMiddleware();\n";
        let (_dir, files) = temp_app(&[
            ("package.json", PKG_16),
            ("app/layout.tsx", LAYOUT),
            ("middleware.ts", authkit),
        ]);
        let (changes, _) = plan(&files, &options());
        assert!(
            !changes
                .iter()
                .any(|c| c.rel.contains("proxy") || c.rel.contains("middleware"))
        );

        let own = "import { NextResponse } from 'next/server';\nexport function proxy() {\n  return NextResponse.next();\n}\n";
        let (_dir, files) = temp_app(&[
            ("package.json", PKG_16),
            ("app/layout.tsx", LAYOUT),
            ("proxy.ts", own),
        ]);
        let facts = detect(&files).unwrap();
        let err = NextJs.plan_client(&files, &facts, &options()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsupportedCode);
        assert_eq!(err.location.as_ref().unwrap().file, "proxy.ts");
        insta::assert_snapshot!(err.snippet.unwrap(), @r"
        import type { NextRequest } from 'next/server';
        import { authkit, handleAuthkitHeaders } from '@workos-inc/authkit-nextjs';

        export default async function proxy(request: NextRequest) {
          const { headers } = await authkit(request);
          // … your own logic; return every response through handleAuthkitHeaders(request, headers, …)
          return handleAuthkitHeaders(request, headers);
        }

        export const config = {
          matcher: [
            '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
            '/(api|trpc)(.*)',
          ],
        };
        ");
    }

    #[test]
    fn existing_routes_are_left_alone_with_a_note() {
        let (_dir, files) = temp_app(&[
            ("package.json", PKG_16),
            ("app/layout.tsx", LAYOUT),
            (
                "app/callback/page.tsx",
                "export default function Callback() { return null }\n",
            ),
            (
                "app/sign-in/route.ts",
                "export function GET() { return new Response('hi') }\n",
            ),
        ]);
        let (changes, notes) = plan(&files, &options());
        assert!(
            !changes
                .iter()
                .any(|c| c.rel.starts_with("app/callback") || c.rel.starts_with("app/sign-in"))
        );
        assert!(changes.iter().any(|c| c.rel == "app/sign-up/route.ts"));
        let messages: Vec<_> = notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`app/callback/page.tsx` exists and doesn't call AuthKit's `handleAuth`; left it alone",
                "`app/sign-in/route.ts` exists and doesn't call AuthKit's `getSignInUrl`; left it alone",
            ]
        );
        let err = route_dir("/../x").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Usage);
    }

    #[test]
    fn provider_rewrite_stops_on_what_it_does_not_understand() {
        let style = Style::default();
        let no_directive = "import { ConvexProvider } from \"convex/react\";\nexport function P({ children }) {\n  return <ConvexProvider client={convex}>{children}</ConvexProvider>;\n}\n";
        let err = wire_client_provider("c.tsx", no_directive, &style, true).unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsupportedCode);
        assert!(err.message.contains("'use client'"), "{}", err.message);
        let snippet = err.snippet.unwrap();
        assert!(snippet.contains("useAuth={useAuthFromAuthKit}"));
        js::check_parses("c.tsx", &snippet).unwrap();
        let twice = "\"use client\";\nimport { ConvexProvider } from \"convex/react\";\nconst a = <ConvexProvider client={c}>{x}</ConvexProvider>;\nconst b = <ConvexProvider client={c}>{y}</ConvexProvider>;\n";
        let err = wire_client_provider("c.tsx", twice, &style, true).unwrap_err();
        assert_eq!(err.location.unwrap().line, 4);
        let two_slots = "export default function L({ children }) {\n  return <><a>{children}</a><b>{children}</b></>;\n}\n";
        let err = wrap_layout(
            "app/layout.js",
            two_slots,
            &style,
            "@/components/ConvexClientProvider",
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsupportedCode);
        assert!(
            err.snippet
                .unwrap()
                .contains("<ConvexClientProvider>{children}</ConvexClientProvider>")
        );
    }

    #[test]
    fn resolves_aliases_and_relative_paths() {
        assert_eq!(normalize_dir("./src/").as_deref(), Some("src/"));
        assert_eq!(normalize_dir("./.").as_deref(), Some(""));
        assert_eq!(normalize_dir("../x"), None);
        assert_eq!(
            relative_path("app/layout.tsx", "components/P"),
            "../components/P"
        );
        assert_eq!(
            relative_path("src/app/layout.tsx", "src/components/P"),
            "../components/P"
        );
        assert_eq!(relative_path("layout.tsx", "P"), "./P");
        let files = fixture("nextjs-15-src");
        assert_eq!(
            read_aliases(&files).unwrap(),
            [("@/".to_string(), "src/".to_string())]
        );
    }
}
