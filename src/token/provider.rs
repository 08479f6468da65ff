//! The data of token checking: providers as Convex stores them, the JWKS used, an accepted
//! identity and a refusal.

use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};

/// Convex's clock tolerance on `exp`, `nbf` and `iat`, in seconds.
pub const LEEWAY_SECONDS: i64 = 5;

/// How long a JWKS fetch may take before it counts as unreachable.
pub const DEFAULT_JWKS_TIMEOUT: Duration = Duration::from_secs(5);

/// The two signature algorithms Convex accepts for `customJwt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Algorithm {
    RS256,
    ES256,
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::RS256 => "RS256",
            Algorithm::ES256 => "ES256",
        }
    }

    pub fn parse(s: &str) -> Option<Algorithm> {
        match s {
            "RS256" => Some(Algorithm::RS256),
            "ES256" => Some(Algorithm::ES256),
            _ => None,
        }
    }
}

impl std::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of `providers`, as Convex stores it after the push-time checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provider {
    CustomJwt {
        /// The issuer as Convex stores it: `https://` prepended when it had no scheme, nothing
        /// else changed (trailing slash and case kept).
        issuer: String,
        jwks: String,
        algorithm: Algorithm,
        application_id: Option<String>,
    },
    /// `domain` providers; routed like Convex does, but not verified by this tool.
    Oidc {
        domain: String,
        application_id: String,
    },
}

impl Provider {
    /// A WorkOS-style `customJwt` provider.
    pub fn custom_jwt(
        issuer: impl Into<String>,
        jwks: impl Into<String>,
        algorithm: Algorithm,
        application_id: Option<&str>,
    ) -> Provider {
        Provider::CustomJwt {
            issuer: issuer.into(),
            jwks: jwks.into(),
            algorithm,
            application_id: application_id.map(str::to_string),
        }
    }

    /// The configured issuer (or OIDC domain).
    pub fn issuer(&self) -> &str {
        match self {
            Provider::CustomJwt { issuer, .. } => issuer,
            Provider::Oidc { domain, .. } => domain,
        }
    }

    pub fn application_id(&self) -> Option<&str> {
        match self {
            Provider::CustomJwt { application_id, .. } => application_id.as_deref(),
            Provider::Oidc { application_id, .. } => Some(application_id),
        }
    }

    /// Convex's `AuthInfo::matches_token`: `applicationID` (if any) in `aud`, and the issuers
    /// equal once `https://` is added to a scheme-less `iss` and trailing slashes are dropped.
    pub fn matches(&self, aud: &[String], iss: &str) -> bool {
        if let Some(app) = self.application_id()
            && !aud.iter().any(|a| a == app)
        {
            return false;
        }
        issuers_match(self.issuer(), iss)
    }

    /// The form Convex prints in its `NoAuthProvider` message.
    pub fn convex_display(&self) -> String {
        match self {
            Provider::CustomJwt {
                issuer,
                application_id,
                ..
            } => format!(
                "CustomJWT(issuer={issuer}, app_id={})",
                application_id.as_deref().unwrap_or("none")
            ),
            Provider::Oidc {
                domain,
                application_id,
            } => format!("OIDC(domain={domain}, app_id={application_id})"),
        }
    }
}

/// The token's `iss` with `https://` added when it has neither `https://` nor `http://`.
pub fn normalise_token_issuer(iss: &str) -> String {
    if iss.starts_with("https://") || iss.starts_with("http://") {
        iss.to_string()
    } else {
        format!("https://{iss}")
    }
}

/// Convex's issuer comparison: exact and case-sensitive, every trailing `/` ignored on both sides.
pub fn issuers_match(configured: &str, token_iss: &str) -> bool {
    configured.trim_end_matches('/') == normalise_token_issuer(token_iss).trim_end_matches('/')
}

/// Maps a JWKS URL prefix to another, e.g. WorkOS's JWKS to a local emulator's. Only ever applied
/// when asked for (`--jwks-override`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JwksOverride {
    pub from: String,
    pub to: String,
}

impl JwksOverride {
    /// Parses `FROM=TO`.
    pub fn parse(s: &str) -> Result<JwksOverride, String> {
        match s.split_once('=') {
            Some((from, to)) if !from.is_empty() && !to.is_empty() => Ok(JwksOverride {
                from: from.to_string(),
                to: to.to_string(),
            }),
            _ => Err(format!(
                "`{s}` is not `FROM=TO` (a JWKS URL prefix and its replacement)"
            )),
        }
    }

    /// `url` with the prefix replaced, if it starts with `from`.
    pub fn apply(&self, url: &str) -> Option<String> {
        url.strip_prefix(&self.from)
            .map(|rest| format!("{}{rest}", self.to))
    }
}

/// The identity Convex would hand to `ctx.auth.getUserIdentity()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// `"<iss>|<sub>"` with the raw `iss`.
    pub token_identifier: String,
    pub subject: String,
    pub issuer: String,
    /// `exp`; Convex uses it to end WebSocket sessions, it is not exposed to functions.
    pub expiration: i64,
    /// Every other claim, nested objects flattened to dotted keys, in token order.
    pub custom_claims: Map<String, Value>,
}

impl Identity {
    /// The object as functions see it: the three fixed fields, then the custom claims.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "tokenIdentifier".into(),
            self.token_identifier.clone().into(),
        );
        m.insert("subject".into(), self.subject.clone().into());
        m.insert("issuer".into(), self.issuer.clone().into());
        for (k, v) in &self.custom_claims {
            m.insert(k.clone(), v.clone());
        }
        Value::Object(m)
    }
}

/// How the JWKS was obtained for an accepted or rejected token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JwksUse {
    /// The configured `jwks` value (a `data:` URI is shortened in human output only).
    pub configured: String,
    /// What was actually fetched (differs when an override applied).
    pub url: String,
    #[serde(rename = "override")]
    pub applied_override: Option<JwksOverride>,
    /// `data`, `http` or `cache`.
    pub source: &'static str,
}

/// An accepted token: the identity, and which provider and keys accepted it.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub identity: Identity,
    pub provider_index: usize,
    pub jwks: JwksUse,
}

/// A token Convex would reject: its code and message, plus our explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    /// Convex's short code (`NoAuthProvider`, `InvalidAuthHeader`, …).
    pub code: String,
    /// Convex's message, word for word (unredacted, as on a dev deployment).
    pub message: String,
    /// What actually differs, in plain words.
    pub diagnosis: Vec<String>,
    /// How to fix it.
    pub hints: Vec<String>,
    /// The provider the token was routed to, if routing got that far.
    #[serde(skip)]
    pub provider_index: Option<usize>,
    #[serde(skip)]
    pub jwks: Option<Box<JwksUse>>,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Rejection {}

/// The JWKS URL to fetch for a configured `jwks` value, and the override used, if any.
pub fn effective_jwks(
    overrides: &[JwksOverride],
    configured: &str,
) -> (String, Option<JwksOverride>) {
    for o in overrides {
        if let Some(url) = o.apply(configured) {
            return (url, Some(o.clone()));
        }
    }
    (configured.to_string(), None)
}
