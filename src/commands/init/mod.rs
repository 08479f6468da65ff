//! `convex-authkit init`: detect → choose → plan → preview → apply → install → next steps.
//!
//! The whole plan is computed before anything is written, every new file content is re-parsed
//! before the apply, and the apply is one transaction. A second run on a set-up app computes an
//! empty plan, prints "already set up" and writes nothing.

pub mod model;
pub mod prompt;
pub mod render;

pub use model::*;
pub use prompt::{Terminal, Ui};

use std::path::{Path, PathBuf};

use crate::app::{App, AuthConfigFile, PackageManager, port};
use crate::edit::auth_config;
use crate::edit::convex_json::{self, AuthKitSpec, EnvSection};
use crate::edit::envfile::EnvFile;
use crate::edit::gitignore;
use crate::edit::js;
use crate::edit::package_json::{self, DepChange, PackageJson};
use crate::edit::plan::{ActionRequired, EnvVar, FileChange, NextStep, Note};
use crate::edit::style::Style;
use crate::edit::tsconfig;
use crate::edit::users_table;
use crate::error::{ErrorKind, UserError, missing_flag};
use crate::files as fsx;
use crate::frameworks::{self as recipe, AppFacts, ClientOptions, DevPort, Flow, Recipe};
use crate::workos::{API_KEY_ENV, COOKIE_PASSWORD_ENV};

pub const ENV_LOCAL: &str = ".env.local";
/// `@convex-dev/workos` declares `convex ^1.39.1` as a peer; `authKit` needs 1.31.6.
const MIN_CONVEX: (u64, u64, u64) = (1, 39, 1);
const CONVEX_RANGE: &str = "^1.49.0";

/// What init works from: the app model ([`App`]), read strictly, with the parts init uses
/// most at hand. Built from the model without reading anything again.
pub struct Project<'a> {
    pub app: &'a App,
    pub root: &'a Path,
    pub pkg: &'a PackageJson,
    pub recipe: &'static dyn Recipe,
    pub facts: &'a AppFacts,
    pub package_manager: PackageManager,
    pub git_root: Option<&'a Path>,
    /// `.env.local` as it is (`None`: missing), parsed for lossless editing.
    pub env_local: Option<&'a str>,
    /// Where the framework reads `.env.local`, relative to the app (`client/.env.local` when
    /// Vite's `envDir` or `root` moves it).
    pub env_local_rel: String,
    pub env: EnvFile,
    pub convex_json: Option<&'a str>,
    pub convex_json_value: Option<&'a serde_json::Value>,
    /// The one `auth.config` file: its path and text.
    pub auth_config: Option<(&'a str, &'a str)>,
}

/// Reads the app for init: any file that can't be read stops the run (exit 2, nothing written).
pub fn read_app(path: &Path, convex_dir: Option<&Path>) -> Result<App, UserError> {
    let app = App::load_in(path, "init", convex_dir)?;
    if let Some(e) = app.first_problem() {
        let mut e = e.clone();
        if !e.hints.iter().any(|h| h.contains("nothing was written")) {
            match e.hints.last_mut() {
                Some(last) => last.push_str("; fix it and run again; nothing was written"),
                None => e = e.hint("fix it and run again; nothing was written"),
            }
        }
        return Err(e);
    }
    if matches!(app.auth_config, AuthConfigFile::Both) {
        let dir = &app.functions_dir;
        return Err(UserError::new(
            ErrorKind::Project,
            format!("both `{dir}/auth.config.ts` and `{dir}/auth.config.js` exist"),
        )
        .hint("Convex reads only one; delete the one you don't use and run again; nothing was written"));
    }
    Ok(app)
}

impl<'a> Project<'a> {
    /// The view of a strictly read app (see [`read_app`]).
    pub fn new(app: &'a App) -> Result<Project<'a>, UserError> {
        let bug = || {
            UserError::new(ErrorKind::Project, "the app was not fully read")
                .hint("this is a bug in convex-authkit; please report it")
        };
        let env_local_rel = app.env_rel(ENV_LOCAL);
        let env_local = app.env_file(&env_local_rel);
        Ok(Project {
            app,
            root: &app.root,
            pkg: app.pkg.as_ref().ok_or_else(bug)?,
            recipe: app.recipe(),
            facts: app.facts.as_ref().ok_or_else(bug)?,
            package_manager: app.package_manager(),
            git_root: app.git_root(),
            env_local: env_local.map(|f| f.text.as_str()),
            env_local_rel,
            env: env_local.map(|f| f.file.clone()).unwrap_or_default(),
            convex_json: app.convex_json.as_ref().map(|c| c.text.as_str()),
            convex_json_value: app.convex_value(),
            auth_config: match &app.auth_config {
                AuthConfigFile::One(f) => Some((f.rel.as_str(), f.text.as_str())),
                _ => None,
            },
        })
    }
}

/// The team path an existing setup already chose, if it shows.
fn detected_team(p: &Project) -> Option<Team> {
    let dev = p
        .convex_json_value
        .as_ref()
        .and_then(|v| v.get("authKit"))
        .and_then(|a| a.get("dev"));
    let uses_template = dev
        .and_then(|d| d.get("localEnvVars"))
        .and_then(|v| v.as_object())
        .is_some_and(|vars| {
            vars.values().any(|v| {
                v.as_str()
                    .is_some_and(|s| s.contains("${authEnv.WORKOS_CLIENT_ID}"))
            })
        });
    if uses_template {
        Some(Team::Managed)
    } else if p.env.get(p.recipe.env_names().client_id).is_some() {
        Some(Team::Existing)
    } else {
        None
    }
}

fn detected_scope(p: &Project) -> Option<Scope> {
    let auth_kit = p.convex_json_value.as_ref()?.get("authKit")?;
    if auth_kit.get("prod").is_some() {
        Some(Scope::Production)
    } else {
        auth_kit.get("dev").map(|_| Scope::Local)
    }
}

pub fn validate_prod_url(url: &str) -> Result<(), String> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Err(format!(
            "`{url}` must start with `https://` (WorkOS rejects plain-http production URIs)"
        ));
    };
    let host = rest.trim_end_matches('/');
    if host.is_empty() || host.contains('/') || host.contains(' ') || host.contains('?') {
        return Err(format!(
            "`{url}` must be an origin like `https://app.example.com`, without a path"
        ));
    }
    Ok(())
}

fn validate_callback(path: &str) -> Result<(), String> {
    if path.starts_with('/') && !path.contains(['?', '#', ' ']) {
        Ok(())
    } else {
        Err(format!("`{path}` must be a path like `/callback`"))
    }
}

/// The dev port: `--port`, else the one the app model settled (the config's, or the setup's
/// record when the config reads an env var or can't be read), else a prompt; never a guess.
/// `--port` is never warned about on the grounds of a default or an env fallback, only when the
/// app itself sets another port.
fn choose_port(
    p: &Project,
    opts: &InitOptions,
    ui: &dyn Ui,
    interactive: bool,
    notes: &mut Vec<Note>,
) -> Result<u16, UserError> {
    let detected = &p.facts.port;
    let server = p.recipe.client_sdk().dev_server;
    let Some(flag) = opts.port else {
        if detected.known() {
            return Ok(detected.port);
        }
        let why = detected.unresolved.clone().unwrap_or_default();
        if interactive {
            let answer = ui.input(
                &format!("Dev server port ({why})"),
                &p.recipe.default_port().to_string(),
                validate_port,
            )?;
            return answer
                .trim()
                .parse()
                .map_err(|_| UserError::usage(format!("`{answer}` is not a port")));
        }
        return Err(UserError::usage(format!("can't tell which port the dev server runs on: {why}"))
            .hint("pass `--port N` with the port it really uses; init records it in `convex.json` and the env, so doctor and verify use it too; nothing was written"));
    };
    if flag == detected.port || opts.pin_port {
        return Ok(flag);
    }
    if detected.set_by_app() {
        notes.push(
            Note::warning(format!(
                "`--port {flag}` differs from the port the dev server will use ({} from {}), so sign-in would return to a port nothing serves",
                detected.port, detected.source
            ))
            .with_hint(format!("add `--pin-port` to {}", pin_action(p, flag))),
        );
    } else if let (Some(var), true, false) = (&detected.env, detected.known(), detected.recorded())
    {
        notes.push(
            Note::info(format!(
                "the dev server runs on {flag} only when started with `{var}={flag}` ({}: {})",
                detected.source, detected.port
            ))
            .with_hint(format!("init records {flag}, so doctor and verify check that port; `--pin-port` makes {flag} the fallback")),
        );
    } else if detected.known() && detected.source == "default" {
        notes.push(
            Note::info(format!(
                "nothing in the app sets the dev port, so {server} uses {} unless it is started on {flag}",
                detected.port
            ))
            .with_hint(format!("add `--pin-port` to {}", pin_action(p, flag))),
        );
    }
    Ok(flag)
}

/// What `--pin-port` changes in this app (the dev script when it passes the port, else the
/// framework's config).
fn pin_action(p: &Project, port: u16) -> String {
    p.recipe
        .port_pin(Some(p.pkg), p.app.framework_config(), port)
        .action
}

fn validate_port(s: &str) -> Result<(), String> {
    match s.trim().parse::<u16>() {
        Ok(n) if n > 0 => Ok(()),
        _ => Err(format!("`{s}` is not a port (1-65535)")),
    }
}

/// `existing` is `wanted` on another local port: a URI the dev server left behind.
fn stale_local(existing: &str, wanted: &str) -> bool {
    let path = |u: &str| url::Url::parse(u).ok().map(|u| u.path().to_string());
    match (
        port::local_effective_port(existing),
        port::local_effective_port(wanted),
    ) {
        (Some(a), Some(b)) => a != b && path(existing) == path(wanted),
        _ => false,
    }
}

/// The `.env.local` change (if any), the report's line for each variable, and notes.
type EnvPlan = (Option<FileChange>, Vec<EnvVar>, Vec<Note>);

/// The `.env.local` lines init owns, and what the report says about each variable.
///
/// Browser flows (Vite) hold only public values. Server flows (Next.js, TanStack Start) also
/// hold the session cookie's password (made once from the OS CSPRNG; a re-run never replaces it)
/// and, for the existing team, the API key: from the caller (`--api-key-stdin` or the
/// `WORKOS_API_KEY` environment variable), else a hidden prompt in a terminal, else a next step.
/// Secrets never reach the report's values or a diff unmasked.
#[allow(clippy::too_many_arguments)]
fn plan_env_local(
    p: &Project,
    opts: &InitOptions,
    ui: &dyn Ui,
    team: Team,
    client_id: &Option<String>,
    redirect_uri: &str,
    spec: &AuthKitSpec,
    interactive: bool,
) -> Result<EnvPlan, UserError> {
    let names = p.recipe.env_names();
    let server_flow = p.recipe.flow() == Flow::Server;
    let mut env = p.env.clone();
    let mut vars: Vec<EnvVar> = Vec::new();
    let mut notes: Vec<Note> = Vec::new();
    let local = |name: &str, action: &'static str, value: Option<String>, secret: bool| EnvVar {
        target: p.env_local_rel.clone(),
        name: name.into(),
        value: if secret { None } else { value },
        secret,
        action,
    };
    // `npx convex dev` never overwrites a value, so a redirect URI left on the old port stays
    // unless init replaces it (whichever team).
    if let Some(existing) = env.get(names.redirect_uri)
        && stale_local(&existing.value, redirect_uri)
    {
        env.set(names.redirect_uri, redirect_uri);
        notes.push(Note::info(format!(
            "moved `{}` in `{}` from `{}` to `{redirect_uri}`, where the dev server runs",
            names.redirect_uri, p.env_local_rel, existing.value
        )));
        if team == Team::Managed {
            vars.push(local(
                names.redirect_uri,
                "set",
                Some(redirect_uri.to_string()),
                false,
            ));
        }
    }
    if team == Team::Existing {
        for (name, value) in [
            (names.client_id, client_id.clone().unwrap_or_default()),
            (names.redirect_uri, redirect_uri.to_string()),
        ] {
            match env.get(name) {
                Some(existing)
                    if existing.value == value
                        && p.env.get(name).is_none_or(|e| e.value != value) =>
                {
                    vars.push(local(name, "set", Some(value), false));
                }
                Some(existing) => {
                    if existing.value != value {
                        notes.push(
                            Note::warning(format!(
                                "kept `{name}={}` in `{}` (init would write `{value}`)",
                                existing.value, p.env_local_rel
                            ))
                            .with_hint(
                                "run `convex-authkit doctor` to check it against `convex.json`",
                            ),
                        );
                    }
                    vars.push(local(name, "kept", Some(existing.value), false));
                }
                None => {
                    env.set(name, &value);
                    vars.push(local(name, "set", Some(value), false));
                }
            }
        }
    } else {
        // `npx convex dev` writes `localEnvVars` to the `.env.local` of the folder it runs in.
        let written = if p.app.convex_dir.is_empty() {
            ENV_LOCAL.to_string()
        } else {
            format!("{}/{ENV_LOCAL}", p.app.convex_dir)
        };
        if written != p.env_local_rel {
            notes.push(
                Note::warning(format!(
                    "`npx convex dev` writes `{}` and `{}` to `{written}` (in the folder it runs in), but the app reads `{}`",
                    names.client_id, names.redirect_uri, p.env_local_rel
                ))
                .with_hint(format!("after its first run, copy both lines to `{}`", p.env_local_rel)),
            );
        }
        for (name, value) in &spec.dev.local_env_vars {
            vars.push(EnvVar {
                target: format!("{written} (written by `npx convex dev`)"),
                name: name.clone(),
                value: (name != API_KEY_ENV).then(|| value.clone()),
                secret: name == API_KEY_ENV,
                action: "convex_dev",
            });
        }
    }
    if server_flow {
        let defined = |name: &str| env.get(name).is_some() || p.app.env_value(name).is_some();
        let (has_password, has_key) = (defined(COOKIE_PASSWORD_ENV), defined(API_KEY_ENV));
        if has_password {
            vars.push(local(COOKIE_PASSWORD_ENV, "kept", None, true));
        } else if team == Team::Managed {
            // `npx convex dev` generates it when it writes `.env.local` for Next.js and
            // TanStack Start, so a set-up template stays untouched.
            vars.push(EnvVar {
                target: format!("{ENV_LOCAL} (written by `npx convex dev`)"),
                name: COOKIE_PASSWORD_ENV.into(),
                value: None,
                secret: true,
                action: "convex_dev",
            });
        } else {
            let password = crate::workos::cookie_password().map_err(|e| {
                UserError::new(
                    ErrorKind::Io,
                    format!("no OS randomness for the cookie password: {e}"),
                )
            })?;
            env.set(COOKIE_PASSWORD_ENV, &password);
            vars.push(local(COOKIE_PASSWORD_ENV, "generated", None, true));
        }
        if team == Team::Existing {
            if has_key {
                vars.push(local(API_KEY_ENV, "kept", None, true));
            } else {
                let key = match &opts.api_key {
                    Some(k) => Some(k.trim().to_string()),
                    None if interactive => Some(ui.secret(
                        "WorkOS API key (sk_test_…, WorkOS dashboard → API keys; not echoed)",
                        crate::workos::validate_api_key,
                    )?),
                    None => None,
                };
                match key {
                    Some(key) => {
                        crate::workos::validate_api_key(&key).map_err(|m| {
                            UserError::usage(format!("the API key given is refused: {m}"))
                                .hint("nothing was written")
                        })?;
                        env.set(API_KEY_ENV, &key);
                        vars.push(local(API_KEY_ENV, "set", None, true));
                    }
                    None => {
                        vars.push(local(API_KEY_ENV, "user", None, true));
                        notes.push(
                            Note::warning(format!(
                                "no API key given, so `{API_KEY_ENV}` is not in `{ENV_LOCAL}` yet; the app's server needs it to finish sign-in"
                            ))
                            .with_hint(format!(
                                "pipe it in with `--api-key-stdin`, set `{API_KEY_ENV}` in init's environment, or run init in a terminal to be asked without echo"
                            )),
                        );
                    }
                }
            }
        }
    }
    let after = env.render();
    let summary = if server_flow {
        "the WorkOS client ID, redirect URI and the server's secrets"
    } else {
        "the WorkOS client ID and redirect URI"
    };
    let change = (after.as_str() != p.env_local.unwrap_or("")).then(|| FileChange {
        rel: p.env_local_rel.clone(),
        before: p.env_local.map(str::to_string),
        after,
        summary: summary.into(),
    });
    Ok((change, vars, notes))
}

/// Builds the plan and, unless `--dry-run`, applies it. Returns the report and the exit code.
pub fn run(opts: &InitOptions, ui: &dyn Ui) -> Result<Report, UserError> {
    // One writer per app, from its reading to its last write (a dry run writes nothing).
    let _lock = if opts.dry_run {
        None
    } else {
        Some(crate::files::lock_app(&opts.path, "init")?)
    };
    let app = read_app(&opts.path, opts.convex_dir.as_deref())?;
    let project = Project::new(&app)?;
    let p = &project;
    let names = p.recipe.env_names();
    let mut notes: Vec<Note> = Vec::new();

    // Another auth provider wired in code: stop before anything else.
    if let Some(other) = p.facts.other_auth.iter().find(|o| o.wired) {
        let pkgs: Vec<&str> = recipe::OTHER_AUTH_PACKAGES
            .iter()
            .filter(|(pkg, product)| *product == other.provider && p.pkg.has_dep(pkg))
            .map(|(pkg, _)| *pkg)
            .collect();
        let mut err = UserError::new(
            ErrorKind::OtherAuth,
            format!("{} is already wired in this app ({}); replacing it with AuthKit is out of scope for `init`", other.provider, other.evidence),
        )
        .hint(format!("to switch, remove {}'s providers from the provider tree and its provider from `convex/auth.config.*`, then run `convex-authkit init` again", other.provider));
        if !pkgs.is_empty() {
            err = err.hint(format!(
                "and uninstall `{}`; nothing was written",
                pkgs.join("`, `")
            ));
        }
        return Err(err);
    }
    for (pkg, product) in recipe::OTHER_AUTH_PACKAGES {
        if p.pkg.has_dep(pkg) {
            notes.push(Note::warning(format!(
                "`{pkg}` ({product}) is installed but not wired; AuthKit will be the app's auth"
            )));
        }
    }
    if p.facts.wiring == recipe::Wiring::None && !p.recipe.wires_from_scratch() {
        let file = p
            .facts
            .provider_file
            .as_ref()
            .map_or(p.facts.entry.clone(), |f| f.rel.clone());
        let style = p
            .facts
            .provider_file
            .as_ref()
            .map(|f| Style::detect(&f.text))
            .unwrap_or_default();
        return Err(UserError::new(ErrorKind::UnsupportedCode, format!("no `<ConvexProvider>` found in `{file}` or the components it renders"))
            .snippet(p.recipe.wiring_snippet(&style, "convex"))
            .hint("wire Convex first (`npm create convex@latest` shows how), or paste the snippet below; nothing was written"));
    }

    // Choices: flags, then the existing setup, then prompts; never a prompt without a terminal.
    let interactive = ui.interactive() && !opts.yes && !opts.json;
    let existing_team = detected_team(p);
    let team = match (opts.team, existing_team) {
        (Some(t), Some(e)) if t != e => {
            return Err(UserError::usage(format!(
                "this app is already set up for the {} team path, and init keeps it",
                if e == Team::Managed {
                    "managed"
                } else {
                    "existing"
                }
            ))
            .hint(format!(
                "drop `--team` or pass `--team {}`; nothing was written",
                if e == Team::Managed {
                    "managed"
                } else {
                    "existing"
                }
            )));
        }
        (Some(t), _) => t,
        (None, Some(e)) => e,
        (None, None) if interactive => ui.select_team(Team::Managed)?,
        (None, None) => {
            return Err(missing_flag(
                "--team managed|existing",
                "which WorkOS team to use",
            ));
        }
    };
    let scope = match (opts.scope, detected_scope(p)) {
        (Some(s), _) => s,
        (None, Some(s)) => s,
        (None, None) if interactive => ui.select_scope(Scope::Local)?,
        (None, None) => {
            return Err(missing_flag(
                "--scope local|production",
                "local-only or production-ready",
            ));
        }
    };
    let existing_client = p.env.get(names.client_id).map(|e| e.value);
    // A pasted API key is never echoed, whichever message it lands in.
    let shown = |id: &str| crate::ui::mask::mask_api_keys(id);
    let client_id = match team {
        Team::Managed => {
            if let Some(id) = &opts.client_id {
                notes.push(Note::warning(format!("`--client-id {}` is ignored for the managed team: Convex provisions the client", shown(id))));
            }
            existing_client.clone()
        }
        Team::Existing => {
            let (id, from) = match (&opts.client_id, &existing_client) {
                (Some(flag), Some(existing)) if flag != existing => {
                    let mut err = UserError::usage(format!(
                        "`{ENV_LOCAL}` already sets `{}` to `{}`, which differs from `--client-id {}`",
                        names.client_id,
                        shown(existing),
                        shown(flag)
                    ))
                    .hint(format!("init keeps the existing client ID; edit `{ENV_LOCAL}` yourself to switch; nothing was written"));
                    // Where it is set, so an editor can jump there.
                    if let Some(e) = p.env.get(names.client_id) {
                        err = err.at(crate::error::Location {
                            file: ENV_LOCAL.into(),
                            line: e.line,
                            column: e.column,
                        });
                    }
                    return Err(err);
                }
                (Some(flag), _) => (flag.clone(), None),
                (None, Some(existing)) => (existing.clone(), Some(ENV_LOCAL)),
                (None, None) if interactive => (
                    ui.input(
                        "WorkOS client ID (dashboard → API keys)",
                        "client_01…",
                        crate::workos::validate_client_id,
                    )?,
                    None,
                ),
                (None, None) => {
                    return Err(missing_flag(
                        "--client-id client_…",
                        "the client ID of your WorkOS environment",
                    ));
                }
            };
            crate::workos::validate_client_id(&id).map_err(|m| {
                UserError::usage(m).hint(match from {
                    Some(file) => format!(
                        "fix `{}` in `{file}` (copy the client ID from the WorkOS dashboard, API keys); nothing was written",
                        names.client_id
                    ),
                    None => "copy it from the WorkOS dashboard (API keys); nothing was written".into(),
                })
            })?;
            Some(id)
        }
    };
    let port = choose_port(p, opts, ui, interactive, &mut notes)?;
    let callback_path = opts
        .callback_path
        .clone()
        .or_else(|| p.app.callback_path())
        .or_else(|| p.recipe.served_callback_path(&p.app.files, p.pkg))
        .unwrap_or_else(|| "/callback".into());
    validate_callback(&callback_path)
        .map_err(|m| UserError::usage(m).hint("pass `--callback-path /callback`"))?;
    let origin = format!("http://localhost:{port}");
    let redirect_uri = format!("{origin}{callback_path}");

    // Production origins.
    let has_prod_section = detected_scope(p) == Some(Scope::Production);
    let prod_base = if scope == Scope::Production {
        match (&opts.prod_url, opts.prod_url_from) {
            (Some(_), Some(_)) => {
                return Err(UserError::usage(
                    "pass either `--prod-url` or `--prod-url-from`, not both",
                ));
            }
            (Some(url), None) => {
                validate_prod_url(url)
                    .map_err(|m| UserError::usage(m).hint("nothing was written"))?;
                Some(url.trim_end_matches('/').to_string())
            }
            (None, Some(Host::Vercel)) => {
                Some("https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}".to_string())
            }
            (None, Some(Host::Netlify)) => Some("${buildEnv.URL}".to_string()),
            (None, None) if has_prod_section => None,
            (None, None) if interactive => {
                let url = ui.input(
                    "Production URL of the app",
                    "https://app.example.com",
                    validate_prod_url,
                )?;
                Some(url.trim_end_matches('/').to_string())
            }
            (None, None) => {
                return Err(missing_flag(
                    "--prod-url https://… or --prod-url-from vercel|netlify",
                    "where production is served",
                ));
            }
        }
    } else {
        None
    };
    let preview_base = if opts.preview {
        match opts.prod_url_from {
            Some(Host::Vercel) => Some("https://${buildEnv.VERCEL_BRANCH_URL}".to_string()),
            Some(Host::Netlify) => Some("${buildEnv.DEPLOY_PRIME_URL}".to_string()),
            None => {
                return Err(UserError::usage("`--preview` needs `--prod-url-from vercel|netlify`: preview URLs change per branch, so they come from the host's build variables")
                    .hint("nothing was written"));
            }
        }
    } else {
        None
    };
    if opts.preview && scope != Scope::Production {
        return Err(UserError::usage("`--preview` needs `--scope production`"));
    }

    // ---- Plan every file. ----
    let mut changes: Vec<FileChange> = Vec::new();
    let section = |base: &str| EnvSection {
        redirect_uris: vec![format!("{base}{callback_path}")],
        app_homepage_url: Some(base.to_string()),
        cors_origins: vec![base.to_string()],
        ..EnvSection::default()
    };
    let mut dev = section(&origin);
    // A setup left on another port (the dev server moved): its local URIs are replaced, the
    // same ones doctor's AK200 reports, so one run leaves one port everywhere.
    dev.replace = p
        .app
        .off_port(port)
        .into_iter()
        .filter(|o| o.stale)
        .map(|o| o.uri)
        .collect();
    if let Some(v) = p.app.local_env_var(names.redirect_uri)
        && stale_local(v, &redirect_uri)
    {
        dev.replace.push(v.to_string());
    }
    let server_flow = p.recipe.flow() == Flow::Server;
    if team == Team::Managed {
        dev.local_env_vars = vec![(
            names.client_id.to_string(),
            "${authEnv.WORKOS_CLIENT_ID}".to_string(),
        )];
        // Server flows exchange the code with the API key, so `npx convex dev` writes it too.
        if server_flow {
            dev.local_env_vars.push((
                API_KEY_ENV.to_string(),
                "${authEnv.WORKOS_API_KEY}".to_string(),
            ));
        }
        dev.local_env_vars
            .push((names.redirect_uri.to_string(), redirect_uri.clone()));
    }
    // A WorkOS environment has one homepage, and every preview deploy shares the preview
    // environment: a per-branch homepage would be overwritten by each deploy. Like Convex's
    // AuthKit templates, previews point their homepage at production (Vercel's
    // `VERCEL_PROJECT_PRODUCTION_URL`, Netlify's `URL`); only the redirect URI and CORS origin
    // follow the branch.
    let preview = preview_base.as_deref().map(|base| EnvSection {
        app_homepage_url: prod_base.clone().or_else(|| Some(base.to_string())),
        ..section(base)
    });
    let spec = AuthKitSpec {
        dev,
        preview,
        prod: prod_base.as_deref().map(section),
    };
    let edited =
        convex_json::edit_in_style(p.convex_json, &spec, p.app.prettier().map(|r| &r.options))?;
    let convex_after = edited.text;
    if !edited.replaced.is_empty() {
        let mut old_ports: Vec<String> = edited
            .replaced
            .iter()
            .filter_map(|r| port::local_effective_port(&r.old))
            .map(|p| p.to_string())
            .collect();
        old_ports.dedup();
        let mut keys: Vec<String> = edited
            .replaced
            .iter()
            .map(|r| format!("`{}`", r.path.rsplit('.').next().unwrap_or(&r.path)))
            .collect();
        keys.dedup();
        notes.push(
            Note::info(format!(
                "moved {} in `{}` from port {} to {port}, where the dev server runs",
                keys.join(", "),
                p.app.convex_json_rel,
                old_ports.join(", ")
            ))
            .with_hint(
                "WorkOS keeps the old entries (`npx convex dev` only adds); they are harmless",
            ),
        );
    }
    let json_rel = p.app.convex_json_rel.as_str();
    for k in edited.kept {
        notes.push(
            Note::warning(format!(
                "kept `{}` = `{}` in `{}` (init would write `{}`)",
                k.path, k.existing, json_rel, k.wanted
            ))
            .with_hint("run `convex-authkit doctor` to check it against the app"),
        );
    }
    for issue in convex_json::ensure_valid_edit(p.convex_json, &convex_after)? {
        notes.push(Note::warning(format!("`{}`: {}", json_rel, issue.message)));
    }
    changes.push(FileChange {
        rel: json_rel.to_string(),
        before: p.convex_json.map(str::to_string),
        after: convex_after,
        summary: "the `authKit` section for the dev port and callback".into(),
    });

    if let Some(text) = p.convex_json
        && serde_json::from_str::<serde_json::Value>(text).is_err()
    {
        notes.push(
            Note::warning(format!("`{}` has comments or trailing commas; init kept them, but `npx convex` reads it with `JSON.parse` and will refuse the file", json_rel))
                .with_hint(format!("remove the comments from `{}` before running `npx convex dev`", json_rel)),
        );
    }
    // auth.config.
    let dir = &p.app.functions_dir;
    let prettier = p.app.prettier().map(|r| &r.options);
    for warning in p.app.prettier().map_or(&[][..], |r| &r.warnings) {
        notes.push(
            Note::warning(format!("Prettier config {warning}")).with_hint(
                "the code init writes follows Prettier's defaults where the config couldn't be read; if `prettier --check` disagrees, run `npx prettier --write` on the files init changed",
            ),
        );
    }
    let backend_style = ["schema.ts", "myFunctions.ts", "schema.js"]
        .iter()
        .find_map(|f| p.app.files.read(&format!("{dir}/{f}")).ok().flatten())
        .map(|t| Style::detect(t.as_ref()))
        .unwrap_or_default()
        .with_prettier(prettier);
    match p.auth_config {
        Some((rel, text)) => match auth_config::add_workos(rel, text, prettier) {
            Ok(after) => changes.push(FileChange {
                rel: rel.to_string(),
                before: Some(text.to_string()),
                after,
                summary: "add the two WorkOS JWT providers".into(),
            }),
            // Providers built in code (`issuers.map(…)`) that already name WorkOS: the user
            // wrote them, and stopping here would only send them round in a loop.
            Err(e) if e.kind == ErrorKind::UnsupportedCode && text.contains("api.workos.com") => {
                notes.push(
                    Note::warning(format!(
                        "left `{rel}` as it is: {}; it mentions `api.workos.com`, so it is taken to have the WorkOS providers",
                        e.message.split_once(": ").map_or(e.message.as_str(), |(_, why)| why)
                    ))
                    .with_hint("it needs both WorkOS providers (issuer `https://api.workos.com/` with `applicationID`, and `https://api.workos.com/user_management/<client ID>` without); `verify --e2e` can't evaluate it, so check a real token with `convex-authkit verify --token <JWT> --deployment-url https://<deployment>.convex.cloud`"),
                );
            }
            Err(e) => return Err(e),
        },
        None => {
            let ext = if p.facts.typescript { "ts" } else { "js" };
            changes.push(FileChange {
                rel: format!("{}/auth.config.{ext}", p.app.functions_dir),
                before: None,
                after: auth_config::new_file(p.facts.typescript, &backend_style),
                summary: "the two WorkOS JWT providers".into(),
            });
        }
    }

    // The functions' tsconfig: `auth.config.ts` reads `process.env`, which `npx convex dev`'s
    // type-check only knows with Node's types.
    let auth_config_ts = match p.auth_config {
        Some((rel, _)) => rel.ends_with(".ts"),
        None => p.facts.typescript,
    };
    let mut needs_node_types = false;
    let tsconfig_rel = format!("{dir}/tsconfig.json");
    if auth_config_ts && let Some(text) = p.app.files.read(&tsconfig_rel)? {
        // TypeScript before 6 includes every installed `@types` package when `types` is absent.
        let typescript_5 = p
            .pkg
            .dep("typescript")
            .and_then(package_json::min_version)
            .is_some_and(|v| v.0 < 6);
        let has_node_types = p.app.declares_dependency(tsconfig::NODE_TYPES_PACKAGE);
        let fine_as_is = typescript_5
            && has_node_types
            && tsconfig::node_types(&tsconfig_rel, &text)? == tsconfig::NodeTypes::Absent;
        let after = if fine_as_is {
            text.to_string()
        } else {
            tsconfig::add_node_types(&tsconfig_rel, &text)?
        };
        if after != *text {
            changes.push(FileChange {
                rel: tsconfig_rel.clone(),
                before: Some(text.to_string()),
                after,
                summary: "add Node's types (`\"types\": [\"node\"]`) for `process.env` in the auth config".into(),
            });
        }
        needs_node_types = !has_node_types;
    }

    // .env.local: only the lines init owns; CONVEX_DEPLOYMENT and VITE_CONVEX_URL stay as they are.
    let (env_change, mut env_vars, env_notes) = plan_env_local(
        p,
        opts,
        ui,
        team,
        &client_id,
        &redirect_uri,
        &spec,
        interactive,
    )?;
    changes.extend(env_change);
    notes.extend(env_notes);
    env_vars.push(EnvVar {
        target: "convex deployment (dev)".into(),
        name: "WORKOS_CLIENT_ID".into(),
        value: client_id.clone(),
        secret: false,
        action: if team == Team::Managed {
            "convex_dev"
        } else {
            "user"
        },
    });
    env_vars.push(EnvVar {
        target: "convex deployment (dev)".into(),
        name: "WORKOS_API_KEY".into(),
        value: None,
        secret: true,
        action: if team == Team::Managed {
            "convex_dev"
        } else {
            "user"
        },
    });

    // Client side (recipe). The sign-in button goes with wiring init writes itself; an app that
    // is already wired (by hand, or Convex's template) has its own sign-in UI.
    let writes_wiring = p.facts.wiring != recipe::Wiring::AuthKit;
    let client_opts = ClientOptions {
        auth_button: !opts.no_auth_button && writes_wiring,
        users_table: opts.with_users_table,
        pin_port: opts.pin_port,
        port,
        callback_path: callback_path.clone(),
        functions_dir: p.app.functions_dir.clone(),
        prettier: prettier.cloned(),
    };
    let (client_changes, client_notes) =
        p.recipe.plan_client(&p.app.files, p.facts, &client_opts)?;
    changes.extend(client_changes);
    notes.extend(client_notes);

    // Users table (backend).
    if opts.with_users_table {
        let ts_schema = format!("{dir}/schema.ts");
        let schema_rel = if p.facts.typescript || p.app.files.exists(&ts_schema)? {
            ts_schema
        } else {
            format!("{dir}/schema.js")
        };
        let schema_rel = schema_rel.as_str();
        match p.app.files.read(schema_rel)?.map(|t| t.to_string()) {
            None => changes.push(FileChange {
                rel: schema_rel.into(),
                before: None,
                after: users_table::new_schema(&backend_style),
                summary: "a `users` table".into(),
            }),
            Some(text) => match users_table::add_to_schema(schema_rel, &text, prettier)? {
                Some(after) => changes.push(FileChange {
                    rel: schema_rel.into(),
                    before: Some(text),
                    after,
                    summary: "add a `users` table (`by_token` index)".into(),
                }),
                None => notes.push(Note::info(format!(
                    "`{schema_rel}` already has a `users` table; left it alone"
                ))),
            },
        }
        let users_rel = format!(
            "{dir}/users.{}",
            if p.facts.typescript { "ts" } else { "js" }
        );
        let users_rel = users_rel.as_str();
        match p.app.files.read(users_rel)?.map(|t| t.to_string()) {
            None => changes.push(FileChange {
                rel: users_rel.into(),
                before: None,
                after: users_table::users_module(&backend_style),
                summary: "the `users.store` mutation".into(),
            }),
            Some(text) if users_table::has_store(&text) => {}
            Some(_) => {
                return Err(UserError::new(ErrorKind::UnsupportedCode, format!("`{users_rel}` exists without a `store` mutation"))
                    .snippet(users_table::users_module(&backend_style))
                    .hint(format!("add the mutation below to `{users_rel}` by hand, or run without `--with-users-table`; nothing was written")));
            }
        }
    }

    // package.json: the recipe's packages that the app's code will import (after this plan)
    // and `package.json` lacks; never one that nothing imports.
    let mut importers: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c.rel.as_str(), c.after.as_str()))
        .collect();
    if let Some(f) = &p.facts.provider_file {
        importers.push((&f.rel, &f.text));
    }
    let imported = recipe::imported_packages(p.recipe, &importers);
    let mut deps: Vec<DepChange> = imported
        .iter()
        .filter(|(name, _)| !p.pkg.has_dep(name))
        .map(|(name, range)| DepChange {
            name: (*name).into(),
            range: (*range).into(),
            from: None,
        })
        .collect();
    if let Some(range) = p.pkg.dep("convex")
        && package_json::min_version(range).is_some_and(|v| v < MIN_CONVEX)
    {
        notes.push(Note::info(format!("`convex` {range} is too old for `@convex-dev/workos` and the `authKit` section; raising it to `{CONVEX_RANGE}`")));
        deps.push(DepChange {
            name: "convex".into(),
            range: CONVEX_RANGE.into(),
            from: Some(range.to_string()),
        });
    }
    let dev_deps: Vec<DepChange> = needs_node_types
        .then(|| DepChange {
            name: tsconfig::NODE_TYPES_PACKAGE.into(),
            range: tsconfig::NODE_TYPES_RANGE.into(),
            from: None,
        })
        .into_iter()
        .collect();
    if !deps.is_empty() || !dev_deps.is_empty() {
        // On top of a `package.json` change the recipe already planned (e.g. a pinned dev port).
        let planned = changes.iter().position(|c| c.rel == package_json::FILE);
        let base = planned.map(|i| changes.remove(i));
        let text = base
            .as_ref()
            .map_or(p.pkg.text.as_str(), |c| c.after.as_str());
        let after = package_json::apply_dep_changes(text, &deps)?;
        let after = package_json::apply_dev_dep_changes(&after, &dev_deps)?;
        changes.push(FileChange {
            rel: package_json::FILE.into(),
            before: Some(p.pkg.text.clone()),
            after,
            summary: format!(
                "add {}",
                deps.iter()
                    .chain(&dev_deps)
                    .map(|d| format!("`{}`", d.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }

    // .gitignore.
    if !p.app.is_git_ignored(&p.env_local_rel) {
        let before = p.app.files.read(".gitignore")?.map(|t| t.to_string());
        let after = gitignore::add_entry(before.as_deref(), ENV_LOCAL);
        changes.push(FileChange {
            rel: ".gitignore".into(),
            before,
            after,
            summary: format!("ignore `{ENV_LOCAL}`"),
        });
    }

    changes.retain(|c| !c.is_noop());
    // Server flows write secrets into `.env.local`, which must be ignored before they land: the
    // `.gitignore` edit goes first in the transaction.
    if let (Flow::Server, Some(i)) = (
        p.recipe.flow(),
        changes.iter().position(|c| c.rel == ".gitignore"),
    ) {
        let gitignore = changes.remove(i);
        changes.insert(0, gitignore);
    }
    // New files follow the project's line endings (Windows checkouts use CRLF throughout).
    let crlf = p.pkg.text.contains("\r\n")
        || p.facts
            .provider_file
            .as_ref()
            .is_some_and(|f| f.text.contains("\r\n"));
    if crlf {
        for change in changes.iter_mut().filter(|c| c.before.is_none()) {
            change.after = change.after.replace("\r\n", "\n").replace('\n', "\r\n");
        }
    }
    // Nothing reaches the disk unless it re-parses.
    for change in &changes {
        validate_output(change)?;
    }

    // Port warning.
    if !p.facts.port.pinned && !opts.pin_port {
        notes.push(
            Note::warning(format!("the dev port {port} is not pinned: the dev server moves to the next free port when {port} is busy, and sign-in then returns to the wrong URL"))
                .with_hint(format!("run again with `--pin-port` to {}", pin_action(p, port))),
        );
    }

    let status = if changes.is_empty() {
        Outcome::AlreadySetUp
    } else if opts.dry_run {
        Outcome::DryRun
    } else {
        Outcome::Applied
    };
    let files: Vec<FileReport> = changes
        .iter()
        .map(|c| FileReport {
            path: c.rel.clone(),
            action: if c.before.is_some() {
                "create_or_modify"
            } else {
                "create"
            },
            summary: c.summary.clone(),
            diff: c.diff(),
        })
        .map(|mut f| {
            if f.action == "create_or_modify" {
                f.action = "modify";
            }
            f
        })
        .collect();
    let packages_changed = changes.iter().any(|c| c.rel == package_json::FILE);
    let install_command = p.package_manager.install_command();
    let mut report = Report {
        schema_version: 1,
        command: "init",
        status,
        project: ProjectSummary {
            root: p.root.display().to_string(),
            framework: p.recipe.id(),
            language: if p.facts.typescript {
                "typescript"
            } else {
                "javascript"
            },
            package_manager: p.package_manager.program().into(),
            entry: p.facts.entry.clone(),
            provider_file: p.facts.provider_file.as_ref().map(|f| f.rel.clone()),
            convex_url_env: p.facts.convex_url_env.clone(),
            dev_port: match opts.port {
                Some(flag) => DevPort {
                    port: flag,
                    pinned: opts.pin_port,
                    source: "`--port`".into(),
                    ..DevPort::default_port(flag)
                },
                None => p.facts.port.clone(),
            },
            callback_path: callback_path.clone(),
            wiring: p.facts.wiring,
            convex_project: (!p.app.convex_dir.is_empty()).then(|| ConvexProjectSummary {
                dir: p.app.convex_dir.clone(),
                functions_dir: p.app.functions_dir.clone(),
                found: p.app.convex_found.clone(),
            }),
        },
        choices: Choices {
            team,
            scope,
            preview: opts.preview,
            client_id: client_id.clone(),
            redirect_uri: redirect_uri.clone(),
            prod_url: prod_base.clone(),
        },
        files,
        env: env_vars,
        packages: deps,
        install: InstallReport {
            status: if !packages_changed {
                "not_needed"
            } else if opts.no_install {
                "skipped"
            } else {
                "planned"
            },
            command: install_command.clone(),
        },
        notes,
        next_steps: Vec::new(),
        action_required: Vec::new(),
        exit_code: 0,
    };

    let provisioned = existing_client.is_some() || team == Team::Existing;
    let button = auth_button(p, &report, client_opts.auth_button);
    report.next_steps = next_steps(p, &report, team, scope, provisioned, button);
    if team == Team::Managed && !provisioned {
        report.action_required.push(ActionRequired {
            kind: "convex_dev_interactive",
            message: "`npx convex dev` must run once in an interactive terminal to create or pick the Convex-managed WorkOS team and provision the environment".into(),
            command: if p.app.convex_dir.is_empty() {
                "npx convex dev".into()
            } else {
                format!("cd {} && npx convex dev", p.app.convex_dir)
            },
        });
    }

    if status != Outcome::Applied {
        return Ok(report);
    }
    if interactive {
        ui.show_plan(&report);
        if !ui.confirm("Apply these changes?")? {
            report.status = Outcome::Cancelled;
            return Ok(report);
        }
    }
    // The write order makes every point a crash can stop at one the next run finishes from:
    // `.gitignore` first for server flows (above); `package.json` next, with every package the
    // planned code imports (a later run plans only the files still missing, and would add only
    // their packages); last the files the recipe reads to tell whether the app is wired, so a run
    // stopped before them still reads as not wired and the next plans the rest again (the
    // sign-in button included) instead of taking the app as set up by hand.
    let wiring: Vec<&str> = p
        .facts
        .provider_file
        .iter()
        .map(|f| f.rel.as_str())
        .chain(p.app.app_router().map(|r| r.layout.rel.as_str()))
        .collect();
    let server_gitignore = p.recipe.flow() == Flow::Server;
    let mut ordered: Vec<&FileChange> = changes.iter().collect();
    ordered.sort_by_key(|c| match c.rel.as_str() {
        ".gitignore" if server_gitignore => 0,
        package_json::FILE => 1,
        rel if wiring.contains(&rel) => 3,
        _ => 2,
    });
    let writes: Vec<(PathBuf, Option<Vec<u8>>)> = ordered
        .iter()
        .map(|c| (p.root.join(&c.rel), Some(c.after.clone().into_bytes())))
        .collect();
    ui.before_apply(&opts.cancel);
    let root = p.root;
    fsx::apply_all(
        &writes,
        |path| {
            path.strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string()
        },
        &opts.cancel,
    )
    .map_err(crate::files::ApplyError::into_user_error)?;

    if packages_changed && !opts.no_install {
        let program = p.package_manager.program();
        match ui.install(p.root, program, &["install"]) {
            Ok(()) => report.install.status = "succeeded",
            Err(why) => {
                report.install.status = "failed";
                report.exit_code = 1;
                report.notes.push(
                    Note::warning(format!("`{install_command}` failed: {why}")).with_hint(format!(
                        "the files are written and valid; run `{install_command}` again in `{}`",
                        p.root.display()
                    )),
                );
            }
        }
    }
    if report.exit_code == 0 && !report.action_required.is_empty() && !ui.interactive() {
        report.exit_code = EXIT_ACTION_REQUIRED;
    }
    Ok(report)
}

/// Exit code when files were written but a step only a person at a terminal can do remains.
pub const EXIT_ACTION_REQUIRED: i32 = 3;

/// Refuses content that no longer parses.
fn validate_output(change: &FileChange) -> Result<(), UserError> {
    let rel = change.rel.as_str();
    let fail = |e: UserError| {
        UserError::new(
            ErrorKind::UnsupportedCode,
            format!(
                "the planned `{rel}` would not parse ({}); nothing was written",
                e.message
            ),
        )
        .hint("this is a bug in convex-authkit; please report it with the file")
    };
    if rel.ends_with(".json") {
        if rel == package_json::FILE {
            PackageJson::parse(rel, change.after.clone()).map_err(fail)?;
        } else {
            convex_json::parse(&change.after).map_err(fail)?;
        }
    } else if [".ts", ".tsx", ".js", ".jsx", ".mjs", ".mts", ".cjs", ".cts"]
        .iter()
        .any(|e| rel.ends_with(e))
    {
        js::check_parses(rel, &change.after).map_err(fail)?;
    } else if rel.starts_with(".env") {
        EnvFile::parse(&change.after)
            .map_err(|e| fail(UserError::new(ErrorKind::Parse, e.to_string())))?;
    }
    Ok(())
}

/// The sign-in component to render: the one init writes, or the one it kept (already there,
/// ours) beside the wiring it writes now.
fn auth_button(p: &Project, report: &Report, planned: bool) -> Option<String> {
    let written = report
        .files
        .iter()
        .find(|f| f.path.ends_with("AuthButton.tsx") || f.path.ends_with("AuthButton.jsx"))
        .map(|f| f.path.clone());
    written.or_else(|| {
        let rel = p
            .recipe
            .auth_button_file(&p.app.files, p.facts)
            .filter(|_| planned)?;
        let text = p.app.files.read(&rel).ok().flatten()?;
        text.contains("export function AuthButton").then_some(rel)
    })
}

fn next_steps(
    p: &Project,
    report: &Report,
    team: Team,
    scope: Scope,
    provisioned: bool,
    button: Option<String>,
) -> Vec<NextStep> {
    let names = p.recipe.env_names();
    let mut steps = Vec::new();
    let dev_cmd = if p
        .pkg
        .script("dev")
        .is_some_and(|s| s.contains("convex dev"))
    {
        format!("{} run dev", p.package_manager.program())
    } else if !p.app.convex_dir.is_empty() {
        // `npx convex dev` reads `convex.json` and the functions where it runs.
        format!("cd {} && npx convex dev", p.app.convex_dir)
    } else {
        "npx convex dev".to_string()
    };
    if report.install.status == "skipped" {
        steps.push(NextStep::run(
            "Install the new packages",
            p.package_manager.install_command(),
        ));
    }
    match team {
        Team::Existing => {
            let id = report.choices.client_id.clone().unwrap_or_default();
            steps.push(NextStep::run(
                "Set the client ID on your Convex dev deployment",
                format!("npx convex env set WORKOS_CLIENT_ID {id}"),
            ));
            steps.push(NextStep::run(
                "Set the API key (`sk_test_…`, WorkOS dashboard → API keys) on the deployment; the command reads it from a hidden prompt, so it never lands in your shell history",
                "npx convex env set WORKOS_API_KEY",
            ));
            steps.push(NextStep::run(
                "Push the auth config; `npx convex dev` also registers the redirect URI, homepage and CORS origin from `convex.json` in WorkOS",
                dev_cmd.clone(),
            ));
        }
        Team::Managed if provisioned => {
            steps.push(NextStep::run(
                "Push the auth config and sync the WorkOS configuration",
                dev_cmd.clone(),
            ));
        }
        Team::Managed => {
            steps.push(NextStep::run(
                format!("Run it once in an interactive terminal: it creates or picks the Convex-managed WorkOS team, provisions the environment, sets `WORKOS_CLIENT_ID`/`WORKOS_API_KEY` on the deployment and writes `{}`/`{}` to `{ENV_LOCAL}`", names.client_id, names.redirect_uri),
                if p.app.convex_dir.is_empty() {
                    "npx convex dev".to_string()
                } else {
                    format!("cd {} && npx convex dev", p.app.convex_dir)
                },
            ));
        }
    }
    let server_flow = p.recipe.flow() == Flow::Server;
    if let Some(button) = button {
        steps.push(NextStep::text(p.recipe.auth_button_step(
            &p.app.files,
            p.facts,
            &button,
        )));
    }
    if server_flow
        && team == Team::Existing
        && report
            .env
            .iter()
            .any(|v| v.name == API_KEY_ENV && v.target == p.env_local_rel && v.action == "user")
    {
        steps.push(NextStep::text(format!(
            "Add `{API_KEY_ENV}=sk_test_…` (WorkOS dashboard → API keys) to `{ENV_LOCAL}`, or run `convex-authkit init` again in a terminal to be asked for it without echo; the app's server exchanges the sign-in code with it"
        )));
    }
    steps.push(NextStep::text(format!(
        "Open {} and sign in; you should return to {} and `useConvexAuth().isAuthenticated` becomes true",
        format_args!("http://localhost:{}", report.project.dev_port.port),
        report.choices.redirect_uri
    )));
    if scope == Scope::Production {
        // `${buildEnv.…}` only means something inside `convex.json`; on the host the user sets a literal.
        let prod = report
            .choices
            .prod_url
            .clone()
            .filter(|u| !u.contains("${"))
            .unwrap_or_else(|| "https://<your production domain>".into());
        if server_flow {
            steps.push(NextStep::text(format!(
                "Production: create a production WorkOS environment (its own client ID and `sk_live_…` key; never reuse dev's) and set on the host (not in `{ENV_LOCAL}` or `convex.json`): `{}=<prod client ID>`, `{API_KEY_ENV}=<sk_live_…>`, `{COOKIE_PASSWORD_ENV}=<a new 32+ character secret, not dev's>`, `{}={prod}{}`",
                names.client_id, names.redirect_uri, report.project.callback_path
            )));
        } else {
            steps.push(NextStep::text(format!(
                "Production: create a production WorkOS environment (its own client ID and `sk_live_…` key; never reuse dev's) and set on the host (not in `{ENV_LOCAL}`): `{}=<prod client ID>`, `{}={prod}{}`",
                names.client_id, names.redirect_uri, report.project.callback_path
            )));
        }
        steps.push(NextStep::run(
            "Set the production client ID on the Convex prod deployment",
            "npx convex env set --prod WORKOS_CLIENT_ID <prod client ID>",
        ));
        steps.push(NextStep::run(
            "Set the production API key on the Convex prod deployment (hidden prompt)",
            "npx convex env set --prod WORKOS_API_KEY",
        ));
        if let (Flow::Browser, Some(hostname)) = (p.recipe.flow(), names.api_hostname) {
            steps.push(NextStep::text(format!(
                "SPAs in production: browsers block WorkOS's refresh cookie on `api.workos.com` as a third-party cookie; set up a custom auth domain in WorkOS and set `{hostname}` to it on the host"
            )));
        }
    }
    steps
}
