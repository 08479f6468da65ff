//! Loading an app's `convex/auth.config.{ts,js}` as a deployment would push it.
//!
//! The file comes from the app model ([`super::App`]), is read and evaluated by
//! [`crate::edit::auth_config::read`] with the app's env, then checked by Convex's push-time rules
//! ([`crate::token::config`]). Env values come from `--env`, then `.env.local`, then `.env` (note that Convex itself uses the *deployment's* variables, which
//! `npx convex env set` manages; the files are a convenience). What can't be evaluated, or an
//! unset variable, becomes the error Convex would give, with hints.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::{App, AuthConfigFile};

use crate::edit::auth_config::{self as reader, EnvLookup, EvalError, Unreadable};
use crate::edit::style::Style;
use crate::error::{ErrorKind, Location, UserError};
pub use crate::token::config::ConfigError;
use crate::token::config::providers_from_json;
use crate::token::{JwksOverride, Provider, Verifier};

/// The auth config file that was read.
#[derive(Debug, Clone)]
pub struct AuthConfigSource {
    /// Relative to the app, e.g. `convex/auth.config.ts`.
    pub rel: String,
    pub text: String,
}

/// An env var the config read, and where its value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvRead {
    pub name: String,
    /// `--env`, `.env.local` or `.env`.
    pub source: String,
}

/// The providers of an app and how they were obtained.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub providers: Vec<Provider>,
    /// `None` when the app has no auth config (Convex then has no providers).
    pub source: Option<AuthConfigSource>,
    pub env_reads: Vec<EnvRead>,
}

impl Loaded {
    /// A verifier for these providers, as the deployment that pushed this config would check
    /// tokens.
    pub fn verifier(self, overrides: Vec<JwksOverride>) -> Verifier {
        let v = Verifier::from_providers(self.providers, overrides);
        match self.source {
            Some(s) => v.with_source(s.rel),
            None => v,
        }
    }
}

/// Env values by name, with their source.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, (String, String)>,
}

impl Env {
    /// `overrides` first, then `.env.local`, then `.env` of the app (a file that doesn't parse is
    /// an error naming it).
    pub fn of_app(app: &App, overrides: &[(String, String)]) -> Result<Env, UserError> {
        let mut env = Env::default();
        for name in ENV_FILES {
            let file = &app.env_rel(name);
            if let Some(p) = app.problem_in(file) {
                let mut e = p.error.clone();
                if let Some(last) = e.hints.last_mut() {
                    last.push_str("; or pass the values with `--env NAME=VALUE`");
                }
                return Err(e);
            }
            let Some(f) = app.env_file(file) else {
                continue;
            };
            for entry in &f.entries {
                env.vars
                    .insert(entry.key.clone(), (entry.value.clone(), file.clone()));
            }
        }
        for (k, v) in overrides {
            env.vars.insert(k.clone(), (v.clone(), "--env".into()));
        }
        Ok(env)
    }

    /// Only the given pairs (tests, library callers).
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Env {
        Env {
            vars: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), (v.to_string(), "--env".into())))
                .collect(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|(v, _)| v.as_str())
    }

    fn source(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|(_, s)| s.as_str())
    }
}

impl EnvLookup for Env {
    fn var(&self, name: &str) -> Option<&str> {
        self.get(name)
    }
}

/// The env files a deployment's values are approximated from, lowest priority first.
const ENV_FILES: [&str; 2] = [".env", ".env.local"];

/// Evaluates and checks the app's auth config.
pub fn load(app: &App, overrides: &[(String, String)]) -> Result<Loaded, ConfigError> {
    if let Some(p) = app.problem_in(&app.convex_json_rel) {
        return Err(p.error.clone().into());
    }
    let dir = &app.functions_dir;
    let source = match &app.auth_config {
        AuthConfigFile::Both => {
            return Err(UserError::new(
                ErrorKind::Project,
                format!("Found both {dir}/auth.config.js and {dir}/auth.config.ts, choose one."),
            )
            .hint("Convex refuses to push with both; delete the one you don't use")
            .into());
        }
        AuthConfigFile::One(f) => AuthConfigSource {
            rel: f.rel.clone(),
            text: f.text.clone(),
        },
        AuthConfigFile::Missing => {
            return Ok(Loaded {
                providers: Vec::new(),
                source: None,
                env_reads: Vec::new(),
            });
        }
    };
    // A file that is there but can't be read (a broken link, a folder): its own error.
    if let Some(p) = app
        .problem_in(&source.rel)
        .filter(|p| p.error.kind == ErrorKind::Io)
    {
        return Err(p.error.clone().into());
    }
    let env = Env::of_app(app, overrides)?;
    let (json, env_reads) = evaluate(&source.rel, &source.text, &env)?;
    let providers = providers_from_json(json.as_ref()).map_err(|mut e| {
        let at = source.text.find("providers").unwrap_or(0);
        e.error.location = Some(Box::new(Location::at(&source.rel, &source.text, at)));
        e
    })?;
    Ok(Loaded {
        providers,
        source: Some(source),
        env_reads,
    })
}

/// Evaluates the default export of `src` with `env` to what `JSON.stringify` would give (`None`
/// when it is `undefined`), and the env vars read; errors as Convex's push would fail.
fn evaluate(rel: &str, src: &str, env: &Env) -> Result<(Option<Value>, Vec<EnvRead>), ConfigError> {
    let cfg = reader::read(rel, src, Some(env))?;
    match cfg.value {
        Ok(value) => {
            let reads = cfg
                .env_reads
                .into_iter()
                .map(|name| EnvRead {
                    source: env.source(&name).unwrap_or("--env").to_string(),
                    name,
                })
                .collect();
            Ok((value.and_then(|v| v.to_json()), reads))
        }
        Err(EvalError::MissingEnv { name, offset }) => {
            Err(missing_env(rel, src, offset, &name, env))
        }
        Err(EvalError::Dynamic(u)) => Err(too_dynamic(rel, src, &u).into()),
    }
}

fn too_dynamic(rel: &str, src: &str, u: &Unreadable) -> UserError {
    let err = UserError::new(
        ErrorKind::UnsupportedCode,
        format!("`{rel}` is too dynamic to evaluate statically: {}", u.why),
    )
    .at(Location::at(rel, src, u.offset));
    if u.why.contains("getAuthConfigProviders") {
        err.hint("to check tokens here, write the providers out literally: below is Convex's documented WorkOS pair (the component derives its issuer from its `apiBaseUrl` and the client ID; adjust the issuer if you use a custom authentication domain)")
            .snippet(reader::snippet(&Style::default()))
    } else {
        err.hint("convex-authkit evaluates object literals, template literals and `+` over `process.env.X`, top-level `const` aliases, spreads and `satisfies`/`as`; rewrite the config in that form (nothing else is guessed)")
    }
    .hint("or let the deployment judge a real access token (from a signed-in session): `convex-authkit verify --token <JWT> --deployment-url https://<deployment>.convex.cloud`")
}

fn missing_env(rel: &str, src: &str, offset: usize, name: &str, env: &Env) -> ConfigError {
    let mut err = UserError::new(
        ErrorKind::Project,
        format!("Environment variable {name} is used in auth config file but its value was not set."),
    )
    .at(Location::at(rel, src, offset))
    .hint(format!(
        "pass the deployment's value with `--env {name}=…` (see it with `npx convex env get {name}`), or put it in `.env.local`"
    ));
    let vite = format!("VITE_{name}");
    if let Some(v) = env.get(&vite) {
        err = err.hint(format!(
            "`{}` has `{vite}={v}`; if the deployment uses the same value, pass `--env {name}={v}`",
            env.source(&vite).unwrap_or(".env.local")
        ));
    }
    if name == "CONVEX_SITE_URL" || name == "CONVEX_CLOUD_URL" {
        err = err.hint(format!(
            "Convex sets `{name}` on every deployment; pass it with `--env {name}=https://….convex.{}`",
            if name == "CONVEX_SITE_URL" { "site" } else { "cloud" }
        ));
    } else {
        err = err.hint(format!(
            "Convex refuses to push this config until `{name}` is set on the deployment: `npx convex env set {name} …`"
        ));
    }
    if name == "WORKOS_CLIENT_ID" {
        err = err.hint("for a Convex-managed WorkOS team, the first interactive `npx convex dev` provisions it (https://docs.convex.dev/auth/authkit/auto-provision)");
    }
    ConfigError {
        code: Some("AuthConfigMissingEnvironmentVariable"),
        error: Box::new(err),
    }
}

#[cfg(test)]
mod tests;
