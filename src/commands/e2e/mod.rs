//! `verify --e2e`: the whole sign-in, headless, against an AuthKit emulator.
//!
//! A browser proves the wiring; this proves the configuration, in milliseconds and without one:
//! it builds the authorize URL exactly as `@workos-inc/authkit-js` 0.20 does (query keys sorted,
//! empty values dropped, `URLSearchParams` encoding, PKCE S256), signs a seeded user in, checks
//! that the redirect lands on the app's configured callback URI on the detected dev port, exchanges
//! the code as the SDK does (JSON body, the app's `Origin`, so CORS is checked too), and verifies
//! the access token against the app's own `convex/auth.config` with the emulator's JWKS.

pub mod render;

use std::time::Duration;

use serde::Serialize;

use crate::app::App;
use crate::error::{ErrorKind, UserError};
use crate::frameworks::Flow;
use crate::workos::API_KEY_ENV;

/// One step of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: &'static str,
    pub ok: bool,
    /// Not run because an earlier step failed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct E2eReport {
    pub schema_version: u32,
    pub command: &'static str,
    pub status: &'static str,
    pub emulator: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub steps: Vec<Step>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<serde_json::Value>,
    /// 0 when every step passed, 1 otherwise.
    pub exit_code: i32,
}

/// The five steps, in order; those after a failure are reported as skipped.
pub const STEPS: [&str; 5] = [
    "authorize URL",
    "sign in",
    "callback",
    "code exchange",
    "Convex accepts the token",
];

/// What the app says its sign-in should look like.
#[derive(Debug, Clone)]
pub struct AppAuth {
    pub client_id: String,
    pub redirect_uri: String,
    /// `http://localhost:<dev port><callback path>`: where the browser must land.
    pub expected_callback: String,
    pub origin: String,
    /// The env var names the app reads them from.
    pub client_id_env: &'static str,
    pub redirect_uri_env: &'static str,
    /// Server-side flows: the API key the app's server exchanges the code with.
    pub api_key: Option<String>,
}

/// Reads the client ID and redirect URI the browser would use, from the dev env files (or
/// `convex.json`'s `localEnvVars` for the redirect URI), and the callback the dev port implies.
pub fn app_auth(app: &App, client_override: Option<&str>) -> Result<AppAuth, UserError> {
    let names = app.names();
    let from_env = |name: &str| app.env_value(name).map(|(_, e)| e.value.clone());
    let client_id = match client_override {
        Some(c) => c.to_string(),
        None => from_env(names.client_id).ok_or_else(|| {
            UserError::usage(format!(
                "no `{}` in `.env.local`, so there is no client ID to sign in with",
                names.client_id
            ))
            .hint(
                "for a Convex-managed team, run `npx convex dev` once first; or pass `--client-id`",
            )
        })?,
    };
    let redirect_uri = from_env(names.redirect_uri)
        .or_else(|| app.local_env_var(names.redirect_uri).map(str::to_string))
        .ok_or_else(|| {
            UserError::usage(format!(
                "no `{}` in `.env.local` or `convex.json`",
                names.redirect_uri
            ))
            .hint("run `convex-authkit init` first")
        })?;
    let callback_path = url::Url::parse(&redirect_uri)
        .map(|u| u.path().to_string())
        .unwrap_or_else(|_| "/callback".into());
    let port = dev_port(app)?;
    let origin = format!("http://localhost:{port}");
    let api_key = match app.recipe().flow() {
        Flow::Browser => None,
        Flow::Server => Some(from_env(API_KEY_ENV).ok_or_else(|| {
            UserError::usage(format!(
                "no `{API_KEY_ENV}` in the app's env files: the app's server exchanges the sign-in code with it"
            ))
            .hint("for a Convex-managed team, run `npx convex dev` once first (it writes the key to `.env.local`); for your own team, run `convex-authkit init --api-key-stdin`")
        })?),
    };
    Ok(AppAuth {
        client_id,
        expected_callback: format!("{origin}{callback_path}"),
        redirect_uri,
        origin,
        client_id_env: names.client_id,
        redirect_uri_env: names.redirect_uri,
        api_key,
    })
}

/// The dev port the callback must land on. An unknown one stops the run (exit 2): checking the
/// redirect against a guessed port would pass or fail for no reason.
fn dev_port(app: &App) -> Result<u16, UserError> {
    let Some(facts) = &app.facts else {
        return Ok(app.recipe().default_port());
    };
    match &facts.port.unresolved {
        None => Ok(facts.port.port),
        Some(why) => Err(UserError::usage(format!(
            "can't tell which port the dev server runs on, so the callback can't be checked: {why}"
        ))
        .hint("run `convex-authkit init --port N` with the port it really uses: init records it in `convex.json` and the env, where verify reads it")),
    }
}

/// The config can't be judged here: code the evaluator doesn't run, or an env var it reads that
/// has no value here. Convex may accept it; only a real token can tell.
fn can_not_judge(e: &crate::app::auth_config::ConfigError) -> bool {
    e.error.kind == ErrorKind::UnsupportedCode
        || e.code == Some("AuthConfigMissingEnvironmentVariable")
}

/// The error for a config [`can_not_judge`] finds: what couldn't be evaluated, and the ways on
/// (its hints: `--env`, or a real token checked by the deployment).
fn cannot_evaluate(mut e: UserError) -> UserError {
    e.message = format!("the sign-in can't be proved: {}", e.message);
    e
}

/// The app, read for the e2e run: a file that can't be read stops it (exit 2).
fn read_app(
    path: &std::path::Path,
    convex_dir: Option<&std::path::Path>,
) -> Result<App, UserError> {
    let app = App::load_in(path, "verify", convex_dir)?;
    match app.first_problem() {
        Some(e) => Err(e.clone()),
        None => Ok(app),
    }
}

/// PKCE as authkit-js makes it: 384 random bytes, base64url; challenge = base64url(sha256).
pub fn pkce() -> Result<(String, String), UserError> {
    use base64::Engine;
    let mut bytes = [0u8; 384];
    getrandom::fill(&mut bytes)
        .map_err(|e| UserError::new(ErrorKind::Io, format!("no OS randomness: {e}")))?;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let verifier = b64.encode(bytes);
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    Ok((verifier.clone(), b64.encode(digest.as_ref())))
}

/// The authorize URL, byte-for-byte as authkit-js's `getAuthorizationUrl` builds it.
pub fn authorize_url(base: &str, params: &[(&str, &str)]) -> String {
    let mut sorted: Vec<&(&str, &str)> = params.iter().filter(|(_, v)| !v.is_empty()).collect();
    sorted.sort_by_key(|(k, _)| *k);
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in sorted {
        ser.append_pair(k, v);
    }
    format!(
        "{}/user_management/authorize?{}",
        base.trim_end_matches('/'),
        ser.finish()
    )
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_url_matches_authkit_js() {
        let url = authorize_url(
            "http://127.0.0.1:9000",
            &[
                ("provider", "authkit"),
                ("client_id", "client_01JTEST0000000000000000000"),
                ("redirect_uri", "http://localhost:5173/callback"),
                ("response_type", "code"),
                ("state", ""),
                ("login_hint", "alice@example.com"),
                ("code_challenge", "abc"),
                ("code_challenge_method", "S256"),
            ],
        );
        assert_eq!(
            url,
            "http://127.0.0.1:9000/user_management/authorize?client_id=client_01JTEST0000000000000000000&code_challenge=abc&code_challenge_method=S256&login_hint=alice%40example.com&provider=authkit&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcallback&response_type=code"
        );
    }

    #[test]
    fn pkce_is_s256_of_verifier() {
        let (v, c) = pkce().unwrap();
        assert_eq!(v.len(), 512);
        assert_eq!(c.len(), 43);
    }
}

/// Options of `verify --e2e`.
#[derive(Debug, Clone, Default)]
pub struct E2eOptions {
    pub path: std::path::PathBuf,
    /// A running emulator's URL; otherwise one is started in-process (`--emulate`).
    pub emulator: Option<String>,
    pub client_id: Option<String>,
    /// The seeded user to sign in (`login_hint`); the emulator's first user by default.
    pub user: Option<String>,
    pub env: Vec<(String, String)>,
    /// The Convex project's folder (`--convex-dir`), when the app model can't tell.
    pub convex_dir: Option<std::path::PathBuf>,
}

fn step(
    steps: &mut Vec<Step>,
    name: &'static str,
    result: Result<String, (String, Option<String>)>,
) -> bool {
    match result {
        Ok(detail) => {
            steps.push(Step {
                name,
                ok: true,
                skipped: false,
                detail,
                hint: None,
            });
            true
        }
        Err((detail, hint)) => {
            steps.push(Step {
                name,
                ok: false,
                skipped: false,
                detail,
                hint,
            });
            false
        }
    }
}

/// Runs the flow; the report says which step failed and why. `Err` only for tool errors.
pub fn run(opts: &E2eOptions) -> Result<E2eReport, UserError> {
    let project = read_app(&opts.path, opts.convex_dir.as_deref())?;
    let app = app_auth(&project, opts.client_id.as_deref())?;
    let dev_port = dev_port(&project)?;
    // The auth config the token is checked against, evaluated before anything runs: one that
    // can't be evaluated here is the tool's limit (exit 2), not a failed sign-in.
    let mut env = opts.env.clone();
    if !env.iter().any(|(k, _)| k == "WORKOS_CLIENT_ID") {
        env.push(("WORKOS_CLIENT_ID".into(), app.client_id.clone()));
    }
    let config = match crate::app::auth_config::load(&project, &env) {
        Err(e) if can_not_judge(&e) => return Err(cannot_evaluate(*e.error)),
        other => other,
    };
    // An in-process emulator registers exactly what the app's configuration says (the redirect
    // URI the browser will send and the dev origin), as `npx convex dev` would configure WorkOS.
    let (handle, base) = match &opts.emulator {
        Some(url) => (None, url.trim_end_matches('/').to_string()),
        None => {
            let mut config = crate::emulator::EmulatorConfig::default();
            let registered = project
                .auth_kit_section("dev")
                .and_then(|d| d.get("configure"));
            let strings = |key: &str| -> Vec<String> {
                registered
                    .as_ref()
                    .and_then(|c| c.get(key))
                    .and_then(|v| v.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let mut redirect_uris = strings("redirectUris");
            if redirect_uris.is_empty() {
                redirect_uris.push(app.redirect_uri.clone());
            }
            let mut cors_origins = strings("corsOrigins");
            if cors_origins.is_empty() {
                cors_origins.push(app.origin.clone());
            }
            let homepage_url = registered
                .as_ref()
                .and_then(|c| c.get("appHomepageUrl"))
                .and_then(|v| v.as_str())
                .map(str::to_string);
            if let Some(client) = config.clients.first_mut() {
                if let Some(key) = &app.api_key {
                    // The environment's key is the one the app's server holds.
                    client.api_keys = vec![key.clone()];
                }
                client.client_id = app.client_id.clone();
                client.redirect_uris = redirect_uris;
                client.cors_origins = cors_origins;
                client.homepage_url = homepage_url;
            }
            let handle = crate::emulator::start(config, 0)?;
            let url = handle.url.clone();
            (Some(handle), url)
        }
    };
    let mut steps = Vec::new();
    let mut identity = None;
    let agent = agent();
    let user = opts
        .user
        .clone()
        .unwrap_or_else(|| "alice@example.com".to_string());
    if let Some(h) = &handle
        && !h.config().users.iter().any(|u| u.email == user)
    {
        let seeded: Vec<String> = h
            .config()
            .users
            .iter()
            .map(|u| format!("`{}`", u.email))
            .collect();
        return Err(
            UserError::usage(format!("`{user}` is not a seeded user of the emulator"))
                .hint(format!("pass `--user` with one of {}", seeded.join(", "))),
        );
    }
    let (verifier_code, challenge) = pkce()?;
    let state = "{\"e2e\":true}";
    let authorize = authorize_url(
        &base,
        &[
            ("client_id", &app.client_id),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("login_hint", &user),
            ("provider", "authkit"),
            ("redirect_uri", &app.redirect_uri),
            ("response_type", "code"),
            ("state", state),
        ],
    );
    let sdk = if app.api_key.is_some() {
        "@workos-inc/node (the app's server)"
    } else {
        "@workos-inc/authkit-js"
    };
    let ok = step(
        &mut steps,
        "authorize URL",
        Ok(format!("built as {sdk} does: {}", shorten(&authorize))),
    );
    debug_assert!(ok);

    // Sign in the seeded user.
    let location = match agent.get(&authorize).call() {
        Err(e) => {
            return Err(UserError::new(
                ErrorKind::Io,
                format!("the emulator at `{base}` is unreachable: {e}"),
            )
            .hint("start it with `convex-authkit emulate`, or use `--emulate`"));
        }
        Ok(resp) => {
            let status = resp.status().as_u16();
            let location = resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            match (status, location) {
                (302 | 303 | 307, Some(loc)) => {
                    step(
                        &mut steps,
                        "sign in",
                        Ok(format!("`{user}` signed in; redirected")),
                    );
                    Some(loc)
                }
                (200, _) => {
                    // The sign-in page instead of a redirect: `login_hint` matched no seeded user,
                    // or this isn't an AuthKit emulator at all.
                    return Err(UserError::usage(format!(
                        "`{base}` showed a page instead of signing `{user}` in: `{user}` is not one of its seeded users, or it is not an AuthKit emulator"
                    ))
                    .hint("pass `--user` with a seeded user's email (`convex-authkit emulate --json` lists them), or use `--emulate`"));
                }
                (_, _) => {
                    let body = resp.into_body().read_to_string().unwrap_or_default();
                    let why = page_title(&body).unwrap_or_else(|| format!("HTTP {status}"));
                    step(
                        &mut steps,
                        "sign in",
                        Err((
                            format!("the emulator refused the sign-in: {why}"),
                            Some(refusal_hint(&why, &app, dev_port)),
                        )),
                    );
                    None
                }
            }
        }
    };

    // The redirect must land on the app's callback on the real dev port.
    let code = location.and_then(|loc| {
        let parsed = url::Url::parse(&loc).ok()?;
        let landed = format!("{}{}", parsed.origin().ascii_serialization(), parsed.path());
        let code = parsed.query_pairs().find(|(k, _)| k == "code").map(|(_, v)| v.to_string());
        let got_state = parsed.query_pairs().find(|(k, _)| k == "state").map(|(_, v)| v.to_string());
        let result = if landed != app.expected_callback {
            Err((
                format!("the redirect lands on `{landed}`, but the app serves its callback at `{}` (dev port {})", app.expected_callback, dev_port),
                Some(format!("make `{}` and `convex.json` use the dev server's real port (`convex-authkit doctor --fix`)", app.redirect_uri_env)),
            ))
        } else if got_state.as_deref() != Some(state) {
            Err(("`state` did not come back verbatim".to_string(), None))
        } else if code.is_none() {
            Err(("the redirect carries no `code`".to_string(), None))
        } else {
            Ok(format!("landed on `{landed}` with `code` and `state`"))
        };
        step(&mut steps, "callback", result).then_some(code).flatten()
    });

    // Exchange the code as the app would: authkit-js from the browser (PKCE, the app's origin,
    // CORS); a server-side SDK from the app's server (PKCE plus the API key; no browser, no CORS).
    let token = code.and_then(|code| {
        if let Some(key) = &app.api_key {
            let result = exchange_on_server(&agent, &base, &app.client_id, key, &code, &verifier_code);
            return match result {
                Ok(t) => {
                    step(&mut steps, "code exchange", Ok("access token received (server-side exchange with the API key, PKCE S256)".into()));
                    Some(t)
                }
                Err(e) => {
                    step(&mut steps, "code exchange", Err(e));
                    None
                }
            };
        }
        let body = serde_json::json!({
            "code": code,
            "client_id": app.client_id,
            "grant_type": "authorization_code",
            "code_verifier": verifier_code,
        });
        let resp = agent
            .post(&format!("{base}/user_management/authenticate"))
            .header("Origin", &app.origin)
            .header("Accept", "application/json, text/plain, */*")
            .send_json(&body);
        let result = match resp {
            Err(e) => Err((format!("the code exchange failed: {e}"), None)),
            Ok(resp) => {
                let status = resp.status().as_u16();
                let cors = resp.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()).map(str::to_string);
                let json: serde_json::Value = resp.into_body().read_json().unwrap_or(serde_json::Value::Null);
                if status != 200 {
                    Err((format!("the code exchange was refused (HTTP {status}): {}", json.get("error_description").and_then(|v| v.as_str()).unwrap_or("no description")), None))
                } else if cors.as_deref() != Some(app.origin.as_str()) {
                    Err((
                        format!("the exchange succeeded, but without CORS headers for `{}`: a browser would block it and the user would stay signed out", app.origin),
                        Some(format!("add `{}` to `authKit.dev.configure.corsOrigins` in `convex.json`", app.origin)),
                    ))
                } else {
                    match json.get("access_token").and_then(|v| v.as_str()) {
                        Some(t) => Ok(t.to_string()),
                        None => Err(("the response has no `access_token`".to_string(), None)),
                    }
                }
            }
        };
        match result {
            Ok(t) => {
                step(&mut steps, "code exchange", Ok("access token received (PKCE S256, CORS allowed for the app's origin)".into()));
                Some(t)
            }
            Err(e) => {
                step(&mut steps, "code exchange", Err(e));
                None
            }
        }
    });

    // Verify the token against the app's own auth.config, with the emulator's JWKS.
    if let Some(token) = token {
        let overrides = vec![crate::token::JwksOverride {
            from: "https://api.workos.com/sso/jwks/".into(),
            to: format!("{base}/sso/jwks/"),
        }];
        let verifier = config.map(|l| l.verifier(overrides));
        match verifier {
            Err(e) => {
                step(
                    &mut steps,
                    "Convex accepts the token",
                    Err((
                        format!("can't read the app's auth config: {e}"),
                        e.error.hints.first().cloned(),
                    )),
                );
            }
            Ok(verifier) => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                match verifier.verify(&token, now) {
                    Ok(id) => {
                        step(
                            &mut steps,
                            "Convex accepts the token",
                            Ok(format!("tokenIdentifier `{}`", id.token_identifier)),
                        );
                        identity = Some(id.to_json());
                    }
                    Err(r) => {
                        let mut detail = format!("{}: {}", r.code, r.message);
                        for d in &r.diagnosis {
                            detail.push_str(&format!("\n{d}"));
                        }
                        step(
                            &mut steps,
                            "Convex accepts the token",
                            Err((detail, r.hints.first().cloned())),
                        );
                    }
                }
            }
        }
    }
    drop(handle);
    let passed = steps.iter().all(|s| s.ok) && steps.len() == STEPS.len();
    for name in STEPS.iter().skip(steps.len()) {
        steps.push(Step {
            name,
            ok: false,
            skipped: true,
            detail: "skipped: an earlier step failed".into(),
            hint: None,
        });
    }
    Ok(E2eReport {
        schema_version: 1,
        command: "verify --e2e",
        status: if passed { "passed" } else { "failed" },
        emulator: base,
        client_id: app.client_id,
        redirect_uri: app.redirect_uri,
        steps,
        identity,
        exit_code: if passed { 0 } else { 1 },
    })
}

fn shorten(url: &str) -> String {
    if url.len() > 140 {
        format!("{}…", &url[..140])
    } else {
        url.to_string()
    }
}

fn page_title(html: &str) -> Option<String> {
    let start = html.find("<title>")? + 7;
    let end = html[start..].find("</title>")? + start;
    Some(html[start..end].trim().to_string())
}

/// The code exchange a server-side SDK (`@workos-inc/node`) makes: the API key as
/// `client_secret` (and bearer), the PKCE verifier, no `Origin`.
fn exchange_on_server(
    agent: &ureq::Agent,
    base: &str,
    client_id: &str,
    key: &str,
    code: &str,
    verifier: &str,
) -> Result<String, (String, Option<String>)> {
    let body = serde_json::json!({
        "grant_type": "authorization_code",
        "client_id": client_id,
        "client_secret": key,
        "code": code,
        "code_verifier": verifier,
    });
    let resp = agent
        .post(&format!("{base}/user_management/authenticate"))
        .header("Authorization", &format!("Bearer {key}"))
        .send_json(&body)
        .map_err(|e| (format!("the code exchange failed: {e}"), None))?;
    let status = resp.status().as_u16();
    let json: serde_json::Value = resp
        .into_body()
        .read_json()
        .unwrap_or(serde_json::Value::Null);
    let why = json
        .get("error_description")
        .and_then(|v| v.as_str())
        .unwrap_or("no description");
    match (status, json.get("access_token").and_then(|v| v.as_str())) {
        (200, Some(t)) => Ok(t.to_string()),
        (200, None) => Err(("the response has no `access_token`".to_string(), None)),
        _ if json.get("error").and_then(|v| v.as_str()) == Some("invalid_client") => Err((
            format!("the server-side code exchange was refused (HTTP {status}): {why}"),
            Some(format!(
                "`{API_KEY_ENV}` in the app's env is not a key of this WorkOS environment; copy the environment's key from the WorkOS dashboard → API keys"
            )),
        )),
        _ => Err((
            format!("the server-side code exchange was refused (HTTP {status}): {why}"),
            None,
        )),
    }
}

fn refusal_hint(why: &str, app: &AppAuth, dev_port: u16) -> String {
    let sent_port = url::Url::parse(&app.redirect_uri)
        .ok()
        .and_then(|u| u.port_or_known_default());
    if why.to_ascii_lowercase().contains("redirect") && sent_port.is_some_and(|p| p != dev_port) {
        format!(
            "the app sends `{}`, but its dev server runs on port {dev_port}: set `{}={}` in `.env.local` (`convex-authkit doctor --fix` does it)",
            app.redirect_uri, app.redirect_uri_env, app.expected_callback
        )
    } else if why.to_ascii_lowercase().contains("redirect") {
        format!(
            "register `{}` exactly (scheme, host, port and path) in `authKit.dev.configure.redirectUris`",
            app.redirect_uri
        )
    } else if why.to_ascii_lowercase().contains("client") {
        format!(
            "`{}` is not a client of this WorkOS environment; check `{}`",
            app.client_id, app.client_id_env
        )
    } else {
        "see the emulator's log for the request".to_string()
    }
}
