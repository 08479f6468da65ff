//! `verify --e2e`: the whole sign-in, headless, against an AuthKit emulator.
//!
//! A browser proves the wiring; this proves the configuration, in milliseconds and without one:
//! it builds the authorize URL exactly as `@workos-inc/authkit-js` 0.20 does (query keys sorted,
//! empty values dropped, `URLSearchParams` encoding, PKCE S256), signs a seeded user in, checks
//! that the redirect lands on the app's configured callback URI on the detected dev port, exchanges
//! the code as the SDK does (JSON body, the app's `Origin`, so CORS is checked too), and verifies
//! the access token against the app's own `convex/auth.config` with the emulator's JWKS.

use std::time::Duration;

use serde::Serialize;

use crate::error::{ErrorKind, UserError};
use crate::init;

/// One step of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: &'static str,
    pub ok: bool,
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
}

/// What the app says its sign-in should look like.
#[derive(Debug, Clone)]
pub struct AppAuth {
    pub client_id: String,
    pub redirect_uri: String,
    /// `http://localhost:<dev port><callback path>`: where the browser must land.
    pub expected_callback: String,
    pub origin: String,
}

/// Reads the client ID and redirect URI the browser would use, from `.env.local` (or
/// `convex.json`'s `localEnvVars` for the redirect URI), and the callback the dev port implies.
pub fn app_auth(project: &init::Project, client_override: Option<&str>) -> Result<AppAuth, UserError> {
    let names = project.recipe.env_names();
    let client_id = match client_override {
        Some(c) => c.to_string(),
        None => project.env.get(names.client_id).map(|e| e.value).ok_or_else(|| {
            UserError::usage(format!("no `{}` in `.env.local`, so there is no client ID to sign in with", names.client_id))
                .hint("for a Convex-managed team, run `npx convex dev` once first; or pass `--client-id`")
        })?,
    };
    let redirect_uri = project
        .env
        .get(names.redirect_uri)
        .map(|e| e.value)
        .or_else(|| {
            project
                .convex_json_value
                .as_ref()?
                .pointer(&format!("/authKit/dev/localEnvVars/{}", names.redirect_uri))?
                .as_str()
                .map(str::to_string)
        })
        .ok_or_else(|| {
            UserError::usage(format!("no `{}` in `.env.local` or `convex.json`", names.redirect_uri))
                .hint("run `convex-authkit init` first")
        })?;
    let callback_path = url::Url::parse(&redirect_uri).map(|u| u.path().to_string()).unwrap_or_else(|_| "/callback".into());
    let origin = format!("http://localhost:{}", project.facts.port.port);
    Ok(AppAuth { client_id, expected_callback: format!("{origin}{callback_path}"), redirect_uri, origin })
}

/// PKCE as authkit-js makes it: 384 random bytes, base64url; challenge = base64url(sha256).
pub fn pkce() -> Result<(String, String), UserError> {
    use base64::Engine;
    let mut bytes = [0u8; 384];
    getrandom::fill(&mut bytes).map_err(|e| UserError::new(ErrorKind::Io, format!("no OS randomness: {e}")))?;
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
    format!("{}/user_management/authorize?{}", base.trim_end_matches('/'), ser.finish())
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
                ("client_id", "client_01X"),
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
            "http://127.0.0.1:9000/user_management/authorize?client_id=client_01X&code_challenge=abc&code_challenge_method=S256&login_hint=alice%40example.com&provider=authkit&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcallback&response_type=code"
        );
    }

    #[test]
    fn pkce_is_s256_of_verifier() {
        let (v, c) = pkce().unwrap();
        assert_eq!(v.len(), 512);
        assert_eq!(c.len(), 43);
    }
}
