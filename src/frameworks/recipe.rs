//! What a framework recipe is: the [`Recipe`] trait and the facts it reports about an app.

pub use crate::files::SourceFile;

use crate::edit::package_json::PackageJson;
use crate::edit::plan::{FileChange, Note};
use crate::edit::style::Style;
use crate::error::UserError;
use crate::files::Files;

/// Env var names a framework's client reads.
#[derive(Debug, Clone, Copy)]
pub struct EnvNames {
    pub client_id: &'static str,
    pub redirect_uri: &'static str,
    /// Prefix that makes a variable visible to the browser bundle.
    pub public_prefix: &'static str,
    /// The optional API hostname the generated wiring reads (a custom auth domain in production).
    pub api_hostname: Option<&'static str>,
}

/// Where the sign-in's code exchange happens, which decides where the secrets live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// A public client in the browser (PKCE): no secret in the app at all (React with Vite).
    Browser,
    /// The app's own server exchanges the code with `WORKOS_API_KEY` and seals the session in a
    /// cookie with `WORKOS_COOKIE_PASSWORD`: both live in the app's server env (`.env.local`),
    /// never in a client-exposed variable (Next.js, TanStack Start).
    Server,
}

/// Which env files a framework loads: `development` for the dev server, `production` for builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvMode {
    Development,
    Production,
}

/// The dev server's port and how sure we are of it.
///
/// Three cases: a literal (or the framework's default when nothing sets it); an env var with a
/// literal fallback (`Number(process.env.PORT) || 5180`: the fallback, while the var is unset;
/// `env` names it); or unknown (`unresolved` says why, and `port` means nothing). The app model
/// settles the last two with the port the setup records, when it records one
/// (`crate::app::App`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DevPort {
    pub port: u16,
    /// `strictPort` (or the framework's equivalent) is on, so the server fails instead of moving.
    pub pinned: bool,
    /// Where the port came from: `default`, `--port`, a file name, or `scripts.dev`.
    pub source: String,
    /// Why the configured port couldn't be read (an expression, not a literal), if so: the port
    /// is then unknown, never a guess.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unresolved: Option<String>,
    /// The env var the configured port is read from (`PORT`), when it is; the configured port is
    /// then its literal fallback, used only while the var is unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    /// When the port was taken from the setup's record (the local redirect URI `init` wrote)
    /// because the config's own port depends on the env or can't be read: what the config says
    /// (`` `vite.config.ts` while `PORT` is unset: 5180 ``).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
}

impl DevPort {
    /// The framework's default, when nothing sets the port.
    pub fn default_port(port: u16) -> DevPort {
        DevPort {
            port,
            pinned: false,
            source: "default".into(),
            unresolved: None,
            env: None,
            config: None,
        }
    }

    /// Whether the port comes from the setup's record rather than the app's config.
    pub fn recorded(&self) -> bool {
        self.config.is_some()
    }

    /// Whether the port is known: read from the app (a literal, or an env var's fallback) or
    /// recorded by the setup.
    pub fn known(&self) -> bool {
        self.unresolved.is_none()
    }

    /// Whether the app itself sets this port unconditionally (a literal in the config or the dev
    /// script), so a different `--port` would not be where the dev server runs.
    pub fn set_by_app(&self) -> bool {
        self.known() && self.env.is_none() && self.config.is_none() && self.source != "default"
    }

    /// The port as `what` (`server.port`, `--port`) in `place` (`` `vite.config.ts` ``,
    /// `` `scripts.dev` ``) writes it.
    pub fn set_from(&mut self, expr: &super::dev_port::PortExpr, place: &str, what: &str) {
        use super::dev_port::PortExpr;
        self.config = None;
        match expr {
            PortExpr::Literal(n) => {
                self.port = *n;
                self.source = place.to_string();
                self.unresolved = None;
                self.env = None;
            }
            PortExpr::Env {
                var,
                fallback: Some((n, _)),
            } => {
                self.port = *n;
                self.source = format!("{place} while `{var}` is unset");
                self.unresolved = None;
                self.env = Some(var.clone());
            }
            PortExpr::Env {
                var,
                fallback: None,
            } => {
                self.source = place.to_string();
                self.unresolved = Some(format!(
                    "{what} in {place} is read from `{var}` with no fallback, so the port depends on how the dev server is started"
                ));
                self.env = Some(var.clone());
            }
            PortExpr::Unknown(written) => {
                self.source = place.to_string();
                self.unresolved = Some(format!(
                    "{what} in {place} is `{written}`, not a number, so the port can't be read"
                ));
                self.env = None;
            }
        }
    }
}

/// How far the client is wired today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Wiring {
    /// No Convex provider found.
    None,
    /// A plain `ConvexProvider`: tokens never reach Convex.
    Convex,
    /// An AuthKit provider feeding Convex (ours, or an equivalent local component).
    AuthKit,
}

/// Another auth provider found in the app.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OtherAuth {
    pub provider: String,
    /// `file:line` or `package.json`.
    pub evidence: String,
    /// Wired in code (stop) rather than only installed (warn).
    pub wired: bool,
}

/// What a recipe learned about the app.
#[derive(Debug, Clone)]
pub struct AppFacts {
    pub entry: String,
    /// The file holding the provider tree (the entry, or a wrapper component it renders).
    pub provider_file: Option<SourceFile>,
    pub convex_url_env: Option<String>,
    pub port: DevPort,
    pub wiring: Wiring,
    pub other_auth: Vec<OtherAuth>,
    pub typescript: bool,
}

/// The choices the client-side plan depends on.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub auth_button: bool,
    pub users_table: bool,
    pub pin_port: bool,
    pub port: u16,
    /// The callback path the redirect URI uses (e.g. `/callback`): server flows serve it with a
    /// route of their own.
    pub callback_path: String,
    /// The Convex functions folder, relative to the app (generated code imports its
    /// `_generated/` modules).
    pub functions_dir: String,
    /// The app's Prettier options: the code the recipe writes follows them.
    pub prettier: Option<crate::edit::prettier::Options>,
}

/// How a framework's client code reads env vars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvAccess {
    /// `import.meta.env.NAME` (Vite).
    ImportMeta,
    /// `process.env.NAME`, inlined at build time for public names (Next.js).
    ProcessEnv,
}

impl EnvAccess {
    /// `import.meta.env.NAME` / `process.env.NAME`.
    pub fn read(self, name: &str) -> String {
        match self {
            EnvAccess::ImportMeta => format!("import.meta.env.{name}"),
            EnvAccess::ProcessEnv => format!("process.env.{name}"),
        }
    }
}

/// What doctor's wiring rules need to know about a framework's client side, so they ask the
/// recipe instead of naming a framework.
#[derive(Debug, Clone, Copy)]
pub struct ClientSdk {
    /// The dev server, as people name it in a sentence: `Vite`, `Next.js`.
    pub dev_server: &'static str,
    /// The command that serves a production build locally: `vite preview`, `next start`.
    pub preview_server: &'static str,
    /// The module AuthKit's client provider and hooks are imported from.
    pub authkit_module: &'static str,
    /// How the client reads env vars.
    pub env_access: EnvAccess,
    /// The AuthKit provider as the app should render it, for remedies.
    pub authkit_provider: &'static str,
    /// The Convex provider fed by AuthKit, as the app should render it, for remedies.
    pub convex_provider: &'static str,
    /// The module that provider comes from.
    pub convex_provider_module: &'static str,
    /// The app's own hook adapting AuthKit's session to Convex's `useAuth` shape, when the
    /// framework needs one (`useAuthFromAuthKit`); `None` when the provider adapts it itself.
    pub use_auth_adapter: Option<&'static str>,
}

/// Where a dev port pin goes in one app, and how to say it (doctor's `AK201`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortPin {
    /// The file [`Recipe::pin_port`] edits for this app (the framework's config, or
    /// `package.json` when the pin is a flag in a script); `None` when no edit can be built
    /// safely and a person has to do it.
    pub file: Option<String>,
    /// The script that starts the dev server, when the pin goes there (to point at it).
    pub script: Option<String>,
    /// What is missing, for the message: "`strictPort`", "`-p`".
    pub missing: &'static str,
    /// What pinning changes, as a remedy: "set `server.port: 5173` and …".
    pub action: String,
    /// The label under the spot the pin goes.
    pub label: &'static str,
    /// Why an unpinned port breaks sign-in, with this framework's behaviour.
    pub why: &'static str,
}

/// The file-system routes of a framework that has them (Next.js's App Router), read for doctor's
/// routing rules: where `app/` is, which request-interceptor files the framework runs for this
/// version (Next's `proxy`/`middleware`), and what AuthKit's server SDK calls its pieces.
#[derive(Debug, Clone)]
pub struct AppRouter {
    /// `app` or `src/app`.
    pub app_dir: &'static str,
    /// The folder holding `app/` (`""` or `"src/"`): the interceptor must be there.
    pub base: &'static str,
    /// The root layout.
    pub layout: SourceFile,
    pub typescript: bool,
    /// Convention file extensions (`route`, `page`, `layout`, the interceptor).
    pub exts: &'static [&'static str],
    /// Interceptor file names (without extension) this version runs, preferred first.
    pub interceptors: &'static [&'static str],
    /// Every interceptor file name any version knows (`proxy`, `middleware`).
    pub interceptor_names: &'static [&'static str],
    /// The framework's version as read, and where (`None`: unknown, taken as current).
    pub major: Option<u64>,
    pub version_source: String,
    /// AuthKit's server SDK module (`@workos-inc/authkit-nextjs`).
    pub sdk_module: &'static str,
    /// The SDK's interceptor functions, any of which makes an interceptor AuthKit's.
    pub interceptor_functions: &'static [&'static str],
    /// The SDK's callback handler (`handleAuth`).
    pub callback_handler: &'static str,
    /// The SDK's server-side session reader that needs the interceptor (`withAuth`).
    pub session_reader: &'static str,
    /// The interceptor to create (path, text) when there is none, in the app's style.
    pub new_interceptor: (String, String),
    /// The callback route's text (`export const GET = handleAuth()`), in the app's style.
    pub callback_route: String,
}

/// TanStack Start's server side and file routes, read for the rules only TanStack Start has:
/// where `createStart` registers request middleware, the router file whose `Wrap`/`InnerWrap`
/// hold the providers, the root route whose `beforeLoad` hands the session's token to Convex's
/// server-side client, and the file routes (the callback must be one). Paths are relative to
/// the app; texts are as read.
#[derive(Debug, Clone)]
pub struct StartLayout {
    /// The `tanstackStart()` plugin's `srcDirectory` (`src`), normalised without a trailing `/`.
    pub src_dir: String,
    /// The start entry (`src/start.ts`), when it exists.
    pub start: Option<SourceFile>,
    /// Where the start entry is or would be created (`src/start.ts`).
    pub start_path: String,
    /// The elements of `requestMiddleware` in `createStart(() => ({ requestMiddleware: […] }))`,
    /// as source text; `None` when there is no start entry or the list can't be read statically.
    pub request_middleware: Option<Vec<String>>,
    /// The router entry (`src/router.tsx`), the file that calls `createRouter`.
    pub router: SourceFile,
    /// `Wrap` and `InnerWrap` in `createRouter`'s options: the name and the byte range of the
    /// property in [`StartLayout::router`]'s text. Providers that use router hooks (AuthKit's)
    /// must be inside `InnerWrap`.
    pub router_wraps: Vec<(&'static str, std::ops::Range<usize>)>,
    /// The root route (`<routes_dir>/__root.tsx`), when it exists.
    pub root_route: Option<SourceFile>,
    /// The byte range of the root route's `beforeLoad` property, if it has one.
    pub root_before_load: Option<std::ops::Range<usize>>,
    /// The file routes folder: `<src_dir>/routes`, or the plugin's `router.routesDirectory`.
    pub routes_dir: String,
    /// The generated route tree (`src/routeTree.gen.ts`): never edited; the next `vite dev` or
    /// `vite build` regenerates it.
    pub route_tree: String,
    /// Every file route under `routes_dir` (at most a few hundred).
    pub routes: Vec<FileRoute>,
    pub typescript: bool,
    /// AuthKit's server SDK (`@workos/authkit-tanstack-react-start`) and the names of its pieces.
    pub sdk_module: &'static str,
    /// The request middleware that reads and refreshes the session (`authkitMiddleware`).
    pub middleware_function: &'static str,
    /// The callback route's handler (`handleCallbackRoute`).
    pub callback_handler: &'static str,
    /// The server function that reads the session (`getAuth`).
    pub session_reader: &'static str,
}

/// A piece of TanStack Start's wiring that doctor repairs alone, with `init`'s codemod for it
/// ([`Recipe::plan_start_piece`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartPiece {
    /// AuthKit's middleware in `start.ts`'s `requestMiddleware` (the file created when missing).
    Middleware,
    /// The callback route at [`ClientOptions::callback_path`].
    CallbackRoute,
    /// The root route's `beforeLoad` handing the session's token to Convex's server-side client.
    TokenHandOff,
}

/// One file route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRoute {
    pub rel: String,
    /// The route ID `createFileRoute('…')` names (`/_authenticated/settings`).
    pub id: String,
    /// The URL path it serves: the ID without pathless (`_layout`) and group (`(group)`)
    /// segments or a trailing `/` (`/settings`).
    pub path: String,
    /// The names the file imports from AuthKit's server SDK (`handleCallbackRoute`, …).
    pub sdk_imports: Vec<String>,
}

impl StartLayout {
    /// The route serving the URL `path`, if any.
    pub fn route_at(&self, path: &str) -> Option<&FileRoute> {
        let path = path.trim_end_matches('/');
        self.routes
            .iter()
            .find(|r| r.path.trim_end_matches('/') == path)
    }

    /// The routes importing `name` from AuthKit's server SDK.
    pub fn routes_calling<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s FileRoute> + 's {
        self.routes
            .iter()
            .filter(move |r| r.sdk_imports.iter().any(|n| n == name))
    }

    /// The file a new route for the URL `path` goes in: one folder per segment, as AuthKit's
    /// README lays out `/api/auth/callback` (`<routes_dir>/api/auth/callback.tsx`); `None` for a
    /// path whose segments the file router would read as something else (`$param`, `_layout`,
    /// `(group)`, `-ignored`, `a.b`) or that is `/`.
    pub fn route_file_for(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        let plain = |s: &&str| {
            !s.is_empty()
                && !s.starts_with(['_', '-'])
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '~')
        };
        if !segments.iter().all(plain) {
            return None;
        }
        let ext = if self.typescript { "tsx" } else { "jsx" };
        Some(format!("{}/{}.{ext}", self.routes_dir, segments.join("/")))
    }
}

pub trait Recipe: Sync {
    /// Stable id used in `--json`, e.g. `react-vite`.
    fn id(&self) -> &'static str;
    /// Human name, e.g. `React (Vite)`.
    fn name(&self) -> &'static str;
    fn matches(&self, pkg: &PackageJson) -> bool;
    fn default_port(&self) -> u16;
    /// Where the code exchange happens (and so whether the app holds the API key).
    fn flow(&self) -> Flow;
    fn env_names(&self) -> EnvNames;
    /// The env files the framework loads in `mode`, lowest priority first (a later file's value
    /// wins).
    fn env_files(&self, mode: EnvMode) -> &'static [&'static str];
    /// The folders holding the app's own client code (walked by doctor's source rules).
    fn source_dirs(&self) -> &'static [&'static str];
    /// The framework's own config files (e.g. `vite.config.*`), most usual first; the first that
    /// exists is the one the framework reads.
    fn config_files(&self) -> &'static [&'static str];
    /// The prefixes that expose a variable to the browser, given the config file's text; `None`
    /// when the config sets them in a way that can't be read statically.
    fn public_env_prefixes(&self, config: Option<&str>) -> Option<Vec<String>>;
    /// Packages to add, with known-good ranges.
    fn packages(&self) -> &'static [(&'static str, &'static str)];
    /// Reads the app: entry, provider tree, port, wiring.
    fn detect(&self, files: &Files, pkg: &PackageJson) -> Result<AppFacts, UserError>;
    /// Client-side changes: provider wiring, sign-in component, hooks, port pinning.
    fn plan_client(
        &self,
        files: &Files,
        facts: &AppFacts,
        options: &ClientOptions,
    ) -> Result<(Vec<FileChange>, Vec<Note>), UserError>;
    /// Only the provider wiring of [`Recipe::plan_client`]: the changes that make the Convex
    /// provider take AuthKit's token (doctor's fix for a plain `ConvexProvider`), nothing else
    /// init would add. The default is `plan_client` with every option off, which is that for a
    /// recipe whose other changes all hang on those options.
    fn plan_wiring(
        &self,
        files: &Files,
        facts: &AppFacts,
        options: &ClientOptions,
    ) -> Result<(Vec<FileChange>, Vec<Note>), UserError> {
        let options = ClientOptions {
            auth_button: false,
            users_table: false,
            pin_port: false,
            ..options.clone()
        };
        self.plan_client(files, facts, &options)
    }
    /// The provider wiring to paste by hand when the codemod can't place it.
    fn wiring_snippet(&self, style: &Style, client: &str) -> String;
    /// What `--pin-port` changes to pin the dev server to `port`, for messages (e.g. "set
    /// `server.port: 5173` and `server.strictPort: true` in the Vite config").
    fn pin_port_action(&self, port: u16) -> String;
    /// Whether an app with no Convex provider at all can be wired by the recipe (it writes the
    /// provider component itself); otherwise init stops and shows the snippet.
    fn wires_from_scratch(&self) -> bool {
        false
    }
    /// `config` with the dev server pinned to `port` (fails without changing anything when the
    /// config can't be edited safely), in the app's Prettier style if it has one.
    fn pin_port(
        &self,
        config: &SourceFile,
        port: u16,
        prettier: Option<&crate::edit::prettier::Options>,
    ) -> Result<String, UserError>;
    /// Where and how the dev port is pinned in this app (`config`: the framework's config file
    /// and its text, if one exists), for doctor's `AK201`.
    fn port_pin(
        &self,
        pkg: Option<&PackageJson>,
        config: Option<(&str, &str)>,
        port: u16,
    ) -> PortPin;
    /// The client SDK's facts for doctor's wiring rules.
    fn client_sdk(&self) -> ClientSdk;
    /// Where the recipe's sign-in component (`AuthButton`) is, or would be written, for the
    /// next step that says where to render it; `None` when the recipe doesn't say.
    fn auth_button_file(&self, _files: &Files, _facts: &AppFacts) -> Option<String> {
        None
    }
    /// The folder the framework loads env files from, relative to the app (`""`: the app's own,
    /// the usual case; Vite: `envDir`, else `root`).
    fn env_dir(&self, _files: &Files) -> Result<String, UserError> {
        Ok(String::new())
    }
    /// The app's file-system routes, for frameworks that have them; `None` otherwise (and when
    /// the app's routes can't be read).
    fn app_router(&self, _files: &Files, _pkg: &PackageJson) -> Option<AppRouter> {
        None
    }
    /// TanStack Start's server entry, router and file routes; `None` for other frameworks (and
    /// when the app's layout can't be read).
    fn start_layout(&self, _files: &Files, _pkg: &PackageJson) -> Option<StartLayout> {
        None
    }
    /// Only `piece` of [`Recipe::plan_client`] (TanStack Start), for doctor's fixes: the changes
    /// (none when it is in place, or when the codemod can't place it: the notes say why and
    /// show the code). Other recipes have no such pieces.
    fn plan_start_piece(
        &self,
        _files: &Files,
        _options: &ClientOptions,
        _piece: StartPiece,
    ) -> Result<(Vec<FileChange>, Vec<Note>), UserError> {
        Ok((Vec::new(), Vec::new()))
    }
    /// The callback path a route in the app already serves with AuthKit's callback handler, for
    /// init to follow when neither the env nor `convex.json` names one.
    fn served_callback_path(&self, _files: &Files, _pkg: &PackageJson) -> Option<String> {
        None
    }
    /// The next step that tells where to render the sign-in button at `path` (written by init,
    /// or ours already there), with the import as the file that renders it spells it.
    fn auth_button_step(&self, files: &Files, facts: &AppFacts, path: &str) -> String;
}

/// Client SDK packages of other auth providers, and the product they belong to.
pub const OTHER_AUTH_PACKAGES: &[(&str, &str)] = &[
    ("@clerk/clerk-react", "Clerk"),
    ("@clerk/react", "Clerk"),
    ("@clerk/nextjs", "Clerk"),
    ("@clerk/tanstack-react-start", "Clerk"),
    ("@convex-dev/auth", "Convex Auth"),
    ("@auth0/auth0-react", "Auth0"),
    ("@auth0/nextjs-auth0", "Auth0"),
    ("@convex-dev/better-auth", "Better Auth"),
];

/// The recipe's packages that `modules` (`(path, text)`) import, with their ranges: what a plan
/// needs in `package.json` (never a package nothing imports). Each module that mentions one of
/// the packages is parsed once for its top-level import sources.
pub fn imported_packages(
    recipe: &dyn Recipe,
    modules: &[(&str, &str)],
) -> Vec<(&'static str, &'static str)> {
    let packages = recipe.packages();
    let sources: Vec<String> = modules
        .iter()
        .filter(|(_, text)| packages.iter().any(|(name, _)| text.contains(name)))
        .flat_map(|(rel, text)| import_sources(rel, text))
        .collect();
    packages
        .iter()
        .copied()
        .filter(|(name, _)| {
            sources.iter().any(|s| {
                s == name
                    || s.strip_prefix(name)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
        })
        .collect()
}

/// The module specifiers `rel` imports (and `export * from`s), from its top-level statements,
/// which is where ES imports live. Files that aren't modules (JSON, env files), or don't parse,
/// import nothing.
fn import_sources(rel: &str, text: &str) -> Vec<String> {
    use oxc_ast::ast::Statement;
    let module = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".mts", ".cjs", ".cts"]
        .iter()
        .any(|e| rel.ends_with(e));
    if !module {
        return Vec::new();
    }
    crate::edit::js::with_program(rel, text, |program| {
        program
            .body
            .iter()
            .filter_map(|stmt| match stmt {
                Statement::ImportDeclaration(d) => Some(d.source.value.to_string()),
                Statement::ExportAllDeclaration(d) => Some(d.source.value.to_string()),
                _ => None,
            })
            .collect()
    })
    .unwrap_or_default()
}
