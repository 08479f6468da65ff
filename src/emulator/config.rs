//! The emulator's configuration: clients (what the WorkOS dashboard holds for one AuthKit
//! environment), seeded users, token settings and an optional fixed signing key.
//!
//! The file is JSON with unknown fields rejected, so a typo such as `redirect_uri` for
//! `redirect_uris` fails loudly instead of leaving the emulator stricter (or looser) than meant.
//! Everything is checked once at load time; the server never meets an invalid config.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, Location, UserError};

/// The client ID of the built-in configuration.
pub const DEFAULT_CLIENT_ID: &str = "client_01EMV1AT0R0000000000000000";
/// The API key of the built-in client.
pub const DEFAULT_API_KEY: &str = "sk_test_emulator_key";
/// The organisation Alice belongs to in the built-in configuration.
pub const DEFAULT_ORG_ID: &str = "org_01EMULATORACME";
/// `iss` unless the config says otherwise; `{client_id}` is replaced per client.
pub const DEFAULT_ISSUER: &str = "https://api.workos.com/user_management/{client_id}";
/// WorkOS's documented example token lives 5 minutes.
pub const DEFAULT_ACCESS_TOKEN_TTL: u64 = 300;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmulatorConfig {
    pub clients: Vec<ClientConfig>,
    #[serde(default)]
    pub users: Vec<UserConfig>,
    /// `iss` of minted tokens; `{client_id}` is replaced by the client's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default = "default_ttl")]
    pub access_token_ttl_seconds: u64,
    /// `aud` of minted tokens; absent by default, as in real AuthKit access tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// A fixed RSA key, for a JWKS that survives restarts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key: Option<SigningKeyConfig>,
}

fn default_ttl() -> u64 {
    DEFAULT_ACCESS_TOKEN_TTL
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    pub client_id: String,
    /// Compared byte for byte with `redirect_uri`, as WorkOS does.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// Origins that get CORS headers (scheme, host and port; no path).
    #[serde(default)]
    pub cors_origins: Vec<String>,
    /// Where logout lands without `return_to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage_url: Option<String>,
    /// Bearer keys for the management endpoints (and `client_secret`).
    #[serde(default)]
    pub api_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// `user_…`; derived from the email when absent, so it is stable across runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default)]
    pub memberships: Vec<MembershipConfig>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipConfig {
    pub organization_id: String,
    #[serde(default = "default_role")]
    pub role: String,
    #[serde(default)]
    pub permissions: Vec<String>,
}

fn default_role() -> String {
    "member".into()
}

/// An RSA private key: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`) PEM,
/// inline (`pem`) or in a file (`pem_file`, relative to the config file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningKeyConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pem: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pem_file: Option<String>,
    /// The JWKS `kid`; defaults to a thumbprint of the public key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
}

impl Default for EmulatorConfig {
    /// The built-in configuration: one client for a Vite app on port 5173, Alice (an admin of
    /// `org_01EMULATORACME`) and Bob (no organisation).
    fn default() -> Self {
        EmulatorConfig {
            clients: vec![ClientConfig {
                client_id: DEFAULT_CLIENT_ID.into(),
                redirect_uris: vec![
                    "http://localhost:5173/callback".into(),
                    "http://127.0.0.1:5173/callback".into(),
                ],
                cors_origins: vec![
                    "http://localhost:5173".into(),
                    "http://127.0.0.1:5173".into(),
                ],
                homepage_url: Some("http://localhost:5173".into()),
                api_keys: vec![DEFAULT_API_KEY.into()],
            }],
            users: vec![
                UserConfig {
                    id: Some("user_01EMULATORALICE".into()),
                    email: "alice@example.com".into(),
                    first_name: Some("Alice".into()),
                    last_name: Some("Example".into()),
                    memberships: vec![MembershipConfig {
                        organization_id: DEFAULT_ORG_ID.into(),
                        role: "admin".into(),
                        permissions: vec!["widgets:read".into(), "widgets:write".into()],
                    }],
                },
                UserConfig {
                    id: Some("user_01EMULATORBOB".into()),
                    email: "bob@example.com".into(),
                    first_name: Some("Bob".into()),
                    last_name: Some("Example".into()),
                    memberships: Vec::new(),
                },
            ],
            issuer: None,
            access_token_ttl_seconds: DEFAULT_ACCESS_TOKEN_TTL,
            audience: None,
            signing_key: None,
        }
    }
}

impl EmulatorConfig {
    /// Reads and checks a JSON config file. A relative `signing_key.pem_file` is resolved against
    /// the file's folder and inlined.
    pub fn from_file(path: &Path) -> Result<Self, UserError> {
        let shown = path.display().to_string();
        let text = crate::files::Files::new(std::path::PathBuf::new())
            .require(&shown)?
            .text;
        let mut config = Self::from_json(&text, &shown)?;
        if let Some(key) = &mut config.signing_key
            && let Some(file) = key.pem_file.take()
        {
            let base = path.parent().unwrap_or(Path::new(""));
            let key_path = base.join(&file);
            let key_shown = key_path.display().to_string();
            key.pem = Some(
                crate::files::Files::new(std::path::PathBuf::new())
                    .require(&key_shown)?
                    .text,
            );
        }
        // The key is checked here, where the file that holds it is known.
        if let Some(key) = &config.signing_key {
            super::keys::Signer::from_pem(key.pem.as_deref(), key.kid.clone()).map_err(
                |mut e| {
                    e.message = format!("`{shown}`: {}", e.message);
                    e.in_file(shown.clone())
                },
            )?;
        }
        Ok(config)
    }

    /// Parses and checks config JSON; `file` names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<Self, UserError> {
        // serde would read a JSON array as the struct's fields in order; a config is an object.
        let first = text.len() - text.trim_start().len();
        if !text[first..].is_empty() && !text[first..].starts_with('{') {
            return Err(UserError::new(
                ErrorKind::Parse,
                format!("`{file}` is not a valid emulator config: it must be a JSON object"),
            )
            .at(Location::at(file, text, first))
            .hint("see docs/emulate.md for the config schema"));
        }
        let config: EmulatorConfig = serde_json::from_str(text).map_err(|e| {
            // serde_json reports 1-based lines and columns; column 0 means "before the first".
            let location = Location {
                file: file.to_string(),
                line: e.line().max(1),
                column: e.column().max(1),
            };
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            UserError::new(
                ErrorKind::Parse,
                format!("`{file}` is not a valid emulator config: {message}"),
            )
            .at(location)
            .hint("see docs/emulate.md for the config schema")
        })?;
        config.validate(file)?;
        Ok(config)
    }

    fn validate(&self, file: &str) -> Result<(), UserError> {
        let bad = |msg: String| {
            UserError::new(ErrorKind::Parse, format!("`{file}`: {msg}"))
                .in_file(file)
                .hint("see docs/emulate.md for the config schema")
        };
        if self.clients.is_empty() {
            return Err(bad("`clients` must list at least one client".into()));
        }
        let mut seen = std::collections::HashSet::new();
        for c in &self.clients {
            if !c.client_id.starts_with("client_") || c.client_id.len() <= "client_".len() {
                return Err(bad(format!(
                    "client ID `{}` must look like `client_…`",
                    c.client_id
                )));
            }
            if !seen.insert(&c.client_id) {
                return Err(bad(format!("client ID `{}` is listed twice", c.client_id)));
            }
            for uri in &c.redirect_uris {
                check_url(uri).map_err(|why| {
                    bad(format!(
                        "redirect URI `{uri}` of `{}` is {why}",
                        c.client_id
                    ))
                })?;
            }
            for origin in &c.cors_origins {
                check_origin(origin).map_err(|why| {
                    bad(format!(
                        "CORS origin `{origin}` of `{}` is {why}",
                        c.client_id
                    ))
                })?;
            }
            if let Some(home) = &c.homepage_url {
                check_url(home).map_err(|why| {
                    bad(format!(
                        "homepage URL `{home}` of `{}` is {why}",
                        c.client_id
                    ))
                })?;
            }
            if c.api_keys.iter().any(|k| k.trim().is_empty()) {
                return Err(bad(format!("`{}` has an empty API key", c.client_id)));
            }
        }
        let mut emails = std::collections::HashSet::new();
        let mut ids = std::collections::HashSet::new();
        for u in &self.users {
            if !u.email.contains('@') {
                return Err(bad(format!("user email `{}` is not an email", u.email)));
            }
            if !emails.insert(u.email.to_ascii_lowercase()) {
                return Err(bad(format!("user email `{}` is listed twice", u.email)));
            }
            let id = user_id(u);
            if !id.starts_with("user_") {
                return Err(bad(format!("user ID `{id}` must look like `user_…`")));
            }
            if !ids.insert(id.clone()) {
                return Err(bad(format!("user ID `{id}` is listed twice")));
            }
            for m in &u.memberships {
                if !m.organization_id.starts_with("org_") {
                    return Err(bad(format!(
                        "organization ID `{}` must look like `org_…`",
                        m.organization_id
                    )));
                }
                if m.role.is_empty() {
                    return Err(bad(format!("`{}` has an empty role", u.email)));
                }
            }
        }
        if self.access_token_ttl_seconds == 0 {
            return Err(bad("`access_token_ttl_seconds` must be at least 1".into()));
        }
        // A year is far beyond any real session; larger values would overflow `exp`.
        if self.access_token_ttl_seconds > 366 * 24 * 3600 {
            return Err(bad(
                "`access_token_ttl_seconds` must be at most 31622400 (a year)".into(),
            ));
        }
        if let Some(key) = &self.signing_key
            && key.pem.is_some() == key.pem_file.is_some()
        {
            return Err(bad(
                "`signing_key` needs exactly one of `pem` and `pem_file`".into(),
            ));
        }
        Ok(())
    }

    /// The `iss` of tokens minted for `client_id`.
    pub fn issuer_for(&self, client_id: &str) -> String {
        self.issuer
            .as_deref()
            .unwrap_or(DEFAULT_ISSUER)
            .replace("{client_id}", client_id)
    }
}

/// A user's ID: configured, or `user_` + a hash of the lowercased email (stable across runs).
pub fn user_id(u: &UserConfig) -> String {
    if let Some(id) = &u.id {
        return id.clone();
    }
    let digest = aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA256,
        u.email.to_ascii_lowercase().as_bytes(),
    );
    format!(
        "user_01{}",
        super::ids::crockford(&digest.as_ref()[..15], 24)
    )
}

/// An absolute http(s) URL.
pub(crate) fn check_url(s: &str) -> Result<url::Url, &'static str> {
    let u = url::Url::parse(s).map_err(|_| "not an absolute URL")?;
    if u.scheme() != "http" && u.scheme() != "https" {
        return Err("not an http(s) URL");
    }
    if u.host_str().is_none() {
        return Err("missing a host");
    }
    Ok(u)
}

/// `scheme://host[:port]`, exactly as a browser sends it in `Origin` (no path, no slash).
pub(crate) fn check_origin(s: &str) -> Result<(), &'static str> {
    let u = check_url(s)?;
    if u.origin().ascii_serialization() != s {
        return Err("not an origin (`scheme://host[:port]`, no path or trailing slash)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_is_valid() {
        EmulatorConfig::default().validate("default").unwrap();
        assert_eq!(crate::workos::check_client_id(DEFAULT_CLIENT_ID), Ok(()));
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let e = EmulatorConfig::from_json("{\n  \"clients\": [,]\n}", "emu.json").unwrap_err();
        let loc = e.location.unwrap();
        assert_eq!((loc.line, loc.column), (2, 15));
        assert!(!e.message.contains(" at line "), "{}", e.message);
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let e = EmulatorConfig::from_json(
            r#"{"clients":[{"client_id":"client_01JTEST0000000000000000000","redirect_uri":["x"]}]}"#,
            "emu.json",
        )
        .unwrap_err();
        assert!(
            e.message.contains("unknown field `redirect_uri`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn origins_must_be_bare() {
        assert!(check_origin("http://localhost:5173").is_ok());
        assert!(check_origin("http://localhost:5173/").is_err());
        assert!(check_origin("localhost:5173").is_err());
    }

    #[test]
    fn derived_user_ids_are_stable() {
        let u = UserConfig {
            id: None,
            email: "Carol@Example.com".into(),
            first_name: None,
            last_name: None,
            memberships: vec![],
        };
        let id = user_id(&u);
        assert!(
            id.starts_with("user_01") && id.len() == "user_".len() + 26,
            "{id}"
        );
        assert_eq!(id, user_id(&u));
    }
}
