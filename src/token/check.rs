//! The checks, in the backend's order (`validate_id_token`, `customJwt` arm).
//!
//! 1. Read the payload without verifying (`iss` required, `aud` string or array).
//! 2. Route to the **first** provider that matches; no fall-through on later failures.
//! 3. Get the JWKS; require `kid` and a key with it; `alg` must equal the configured algorithm
//!    (and the key's `alg` if it has one); verify the signature.
//! 4. `exp`, then `nbf`, then `iat`, each with 5 s leeway and only if present.
//! 5. Require `sub`, `iss`, `exp`; build the identity.
//!
//! Each step's failure is a [`Failure`] that knows the real cause; [`Failure::convex`] gives the
//! code and message Convex would send, which often hides that cause (every decode failure reads
//! "does this key match any key in the provider's JWKS?"), and `diagnose` says what it was.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD_INDIFFERENT as B64URL;
use jsonwebtoken::DecodingKey;
use serde_json::{Map, Value};

use super::jwks::{self, JwksError, KeySet};
use super::provider::{
    Accepted, Algorithm, Identity, JwksOverride, JwksUse, LEEWAY_SECONDS, Provider, effective_jwks,
};

/// Why the header/signature step failed; Convex reports all of these with one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeCause {
    /// The token does not have exactly three parts.
    PartsCount(usize),
    SignatureEncoding,
    /// The header is not JSON, or its `alg` is missing or unknown.
    Header(String),
    KidMissing,
    KidNotFound {
        available: Vec<String>,
    },
    /// The key's `alg` is not a signature algorithm (e.g. `RSA-OAEP`).
    KeyAlgNotSignature(String),
    WrongAlg {
        token: String,
        configured: Algorithm,
        key: Option<String>,
    },
    KeyType(String),
    /// The key's parameters are unusable (bad base64, wrong curve).
    BadKey(String),
    BadSignature,
}

/// Every way a token can fail, with the facts the diagnosis needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Unparseable {
        detail: String,
    },
    MissingIssuer,
    NoProvider {
        iss: String,
        aud: Vec<String>,
        aud_present: bool,
    },
    /// Routed to an OIDC (`domain`) provider, which this tool does not verify.
    OidcNotChecked,
    Jwks(JwksError),
    Decode {
        kid: Option<String>,
        cause: DecodeCause,
    },
    Expired {
        ago: i64,
        exp: i64,
    },
    NotYetValid {
        claim: &'static str,
        by: i64,
        value: i64,
    },
    MissingClaims(Vec<&'static str>),
}

impl Failure {
    /// Convex's short code and (unredacted) message.
    pub fn convex(&self, providers: &[Provider]) -> (String, String) {
        let iah = |m: String| ("InvalidAuthHeader".to_string(), m);
        match self {
            Failure::Unparseable { .. } => iah("Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.".into()),
            Failure::MissingIssuer => iah("Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers.".into()),
            Failure::NoProvider { .. } => ("NoAuthProvider".into(), no_provider_message(providers)),
            Failure::OidcNotChecked => ("OidcNotChecked".into(), "The token is routed to an OIDC (`domain`) provider; convex-authkit only verifies customJwt providers.".into()),
            Failure::Jwks(e) => iah(match e {
                JwksError::DataUrl { .. } => "Invalid JWKS data URL. Check that the data URL is properly formatted and contains valid base64-encoded JSON.".into(),
                JwksError::Transport { url, error, .. } => format!("Could not fetch JWKS from URL '{url}': {error}. Check that the URL is correct and accessible."),
                JwksError::Status { url, status, reason } => format!("Could not fetch JWKS from URL '{url}': HTTP {status} {reason}. Check that the URL is correct and accessible."),
                JwksError::ContentType { url, content_type } => format!("Invalid Content-Type '{}' when fetching JWKS from '{url}'. Expected 'application/json' or 'application/jwk-set+json'.", content_type.as_deref().unwrap_or("unknown")),
                JwksError::Body { url, .. } => format!("Invalid JWKS response body from '{url}'. The response is not valid JSON or doesn't match the expected JWKS format."),
            }),
            Failure::Decode { kid: Some(kid), .. } => iah(format!("Could not decode token. The JWT's 'kid' (key ID) header is '{kid}', does this key match any key in the provider's JWKS?")),
            Failure::Decode { kid: None, .. } => iah("Could not decode token. JWT may be missing a 'kid' (key ID) header.".into()),
            Failure::Expired { ago, .. } => iah(format!("Could not validate token: Token expired {ago} seconds ago")),
            Failure::NotYetValid { by, .. } => iah(format!("Could not validate token: Token will be valid in {by} seconds")),
            Failure::MissingClaims(_) => iah("Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.".into()),
        }
    }
}

/// Convex's `NoAuthProvider` message (unredacted form).
pub fn no_provider_message(providers: &[Provider]) -> String {
    if providers.is_empty() {
        "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.".into()
    } else {
        let list: Vec<String> = providers.iter().map(Provider::convex_display).collect();
        format!(
            "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [{}]",
            list.join(", ")
        )
    }
}

/// The registered claims, read the way biscuit's `RegisteredClaims` deserialises them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    pub iss: Option<String>,
    pub sub: Option<String>,
    pub aud: Vec<String>,
    pub aud_present: bool,
    pub exp: Option<i64>,
    pub nbf: Option<i64>,
    pub iat: Option<i64>,
}

/// A token cut into its parts, nothing verified.
#[derive(Debug, Clone)]
pub struct Parsed<'t> {
    pub parts: Vec<&'t str>,
    pub claims: Claims,
    /// The whole payload object, in token order.
    pub payload: Map<String, Value>,
}

/// Step 1: the unverified payload (part 2). Fails the way biscuit's `unverified_payload` does.
pub fn parse(token: &str) -> Result<Parsed<'_>, String> {
    let parts: Vec<&str> = token.split('.').collect();
    let Some(part) = parts.get(1) else {
        return Err(format!(
            "the token has {} part(s) separated by dots; a JWT has three (header.payload.signature)",
            parts.len()
        ));
    };
    let bytes = B64URL
        .decode(part)
        .map_err(|e| format!("the payload (part 2) is not base64url ({e})"))?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("the payload (part 2) is not JSON ({e})"))?;
    let Value::Object(payload) = value else {
        return Err("the payload (part 2) is JSON but not an object".into());
    };
    let claims = registered_claims(&payload)?;
    Ok(Parsed {
        parts,
        claims,
        payload,
    })
}

fn registered_claims(p: &Map<String, Value>) -> Result<Claims, String> {
    let string = |name: &str| -> Result<Option<String>, String> {
        match p.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "the `{name}` claim is {}, not a string",
                describe(other)
            )),
        }
    };
    let time = |name: &str| -> Result<Option<i64>, String> {
        match p.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_i64().map(Some).ok_or_else(|| {
                format!(
                    "the `{name}` claim is {}, not a whole number of seconds",
                    describe(v)
                )
            }),
        }
    };
    let (aud, aud_present) = match p.get("aud") {
        None | Some(Value::Null) => (Vec::new(), false),
        Some(Value::String(s)) => (vec![s.clone()], true),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for item in items {
                match item {
                    Value::String(s) => out.push(s.clone()),
                    other => {
                        return Err(format!(
                            "the `aud` array holds {}, not only strings",
                            describe(other)
                        ));
                    }
                }
            }
            (out, true)
        }
        Some(other) => {
            return Err(format!(
                "the `aud` claim is {}, not a string or an array of strings",
                describe(other)
            ));
        }
    };
    Ok(Claims {
        iss: string("iss")?,
        sub: string("sub")?,
        aud,
        aud_present,
        exp: time("exp")?,
        nbf: time("nbf")?,
        iat: time("iat")?,
    })
    .and_then(|c| string("jti").map(|_| c))
}

pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// The decoded header fields the checks use.
#[derive(Debug, Clone)]
pub struct Header {
    pub alg: String,
    pub kid: Option<String>,
}

/// Algorithms biscuit's header parser knows; any other `alg` fails header parsing.
const KNOWN_ALGS: [&str; 13] = [
    "none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512",
    "PS256", "PS384", "PS512",
];

pub fn parse_header(part: &str) -> Result<Header, String> {
    let bytes = B64URL
        .decode(part)
        .map_err(|e| format!("the header (part 1) is not base64url ({e})"))?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("the header (part 1) is not JSON ({e})"))?;
    let Value::Object(h) = value else {
        return Err("the header (part 1) is not a JSON object".into());
    };
    let alg = match h.get("alg") {
        Some(Value::String(a)) if KNOWN_ALGS.contains(&a.as_str()) => a.clone(),
        Some(Value::String(a)) => {
            return Err(format!("the header's `alg` `{a}` is not a JWS algorithm"));
        }
        Some(other) => return Err(format!("the header's `alg` is {}", describe(other))),
        None => return Err("the header has no `alg`".into()),
    };
    let kid = match h.get("kid") {
        None | Some(Value::Null) => None,
        Some(Value::String(k)) => Some(k.clone()),
        Some(other) => return Err(format!("the header's `kid` is {}", describe(other))),
    };
    Ok(Header { alg, kid })
}

/// The header's `kid` if the header parses at all (what Convex puts in its message).
fn unverified_kid(parts: &[&str]) -> Option<String> {
    parts
        .first()
        .and_then(|p| parse_header(p).ok())
        .and_then(|h| h.kid)
}

/// Step 3 without the fetch: header, `kid`, key, `alg`, signature.
pub fn verify_signature(
    parts: &[&str],
    keys: &KeySet,
    configured: Algorithm,
) -> Result<(), DecodeCause> {
    if parts.len() != 3 {
        return Err(DecodeCause::PartsCount(parts.len()));
    }
    B64URL
        .decode(parts[2])
        .map_err(|_| DecodeCause::SignatureEncoding)?;
    let header = parse_header(parts[0]).map_err(DecodeCause::Header)?;
    let kid = header.kid.as_deref().ok_or(DecodeCause::KidMissing)?;
    let Some(jwk) = keys.find(kid) else {
        return Err(DecodeCause::KidNotFound {
            available: keys.kids(),
        });
    };
    let key_alg = jwk.get("alg").and_then(Value::as_str);
    match key_alg {
        Some(a) if !KNOWN_ALGS.contains(&a) || a == "none" => {
            return Err(DecodeCause::KeyAlgNotSignature(a.to_string()));
        }
        Some(a) if a != header.alg || a != configured.as_str() => {
            return Err(DecodeCause::WrongAlg {
                token: header.alg,
                configured,
                key: Some(a.to_string()),
            });
        }
        None if header.alg != configured.as_str() => {
            return Err(DecodeCause::WrongAlg {
                token: header.alg,
                configured,
                key: None,
            });
        }
        _ => {}
    }
    let s = |name: &str| jwk.get(name).and_then(Value::as_str).unwrap_or_default();
    let (key, alg) = match s("kty") {
        "RSA" => (
            DecodingKey::from_rsa_components(s("n"), s("e"))
                .map_err(|e| DecodeCause::BadKey(format!("its `n`/`e` don't decode ({e})")))?,
            jsonwebtoken::Algorithm::RS256,
        ),
        "EC" => {
            if s("crv") != "P-256" {
                return Err(DecodeCause::BadKey(format!(
                    "its curve is `{}`; ES256 needs `P-256`",
                    s("crv")
                )));
            }
            (
                DecodingKey::from_ec_components(s("x"), s("y"))
                    .map_err(|e| DecodeCause::BadKey(format!("its `x`/`y` don't decode ({e})")))?,
                jsonwebtoken::Algorithm::ES256,
            )
        }
        // A symmetric key can't check RS256/ES256; biscuit tries and the signature fails.
        "oct" => return Err(DecodeCause::BadSignature),
        other => return Err(DecodeCause::KeyType(other.to_string())),
    };
    if (configured == Algorithm::RS256) != (alg == jsonwebtoken::Algorithm::RS256) {
        // An EC key for RS256 (or RSA for ES256) can never verify.
        return Err(DecodeCause::BadSignature);
    }
    let message = format!("{}.{}", parts[0], parts[1]);
    match jsonwebtoken::crypto::verify(parts[2], message.as_bytes(), &key, alg) {
        Ok(true) => Ok(()),
        Ok(false) => Err(DecodeCause::BadSignature),
        Err(e) => Err(DecodeCause::BadKey(e.to_string())),
    }
}

/// Step 4: biscuit's temporal validation with Convex's 5 s epsilon.
pub fn check_times(c: &Claims, now: i64) -> Result<(), Failure> {
    if let Some(exp) = c.exp {
        let ago = now.saturating_sub(exp);
        if ago > LEEWAY_SECONDS {
            return Err(Failure::Expired { ago, exp });
        }
    }
    for (claim, value) in [("nbf", c.nbf), ("iat", c.iat)] {
        if let Some(value) = value {
            let by = value.saturating_sub(now);
            if by > LEEWAY_SECONDS {
                return Err(Failure::NotYetValid { claim, by, value });
            }
        }
    }
    Ok(())
}

/// Claims that never reach the identity (biscuit's registered claims, and `fva`).
const NOT_CUSTOM: [&str; 8] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "fva"];

/// Step 5: `UserIdentity::from_custom_jwt`.
pub fn identity(c: &Claims, payload: &Map<String, Value>) -> Result<Identity, Failure> {
    let missing: Vec<&'static str> = [
        ("sub", c.sub.is_none()),
        ("iss", c.iss.is_none()),
        ("exp", c.exp.is_none()),
    ]
    .into_iter()
    .filter_map(|(n, m)| m.then_some(n))
    .collect();
    let (Some(sub), Some(iss), Some(exp)) = (&c.sub, &c.iss, c.exp) else {
        return Err(Failure::MissingClaims(missing));
    };
    let mut custom = Map::new();
    for (k, v) in payload {
        if !NOT_CUSTOM.contains(&k.as_str()) {
            flatten(k, v, &mut custom);
        }
    }
    Ok(Identity {
        token_identifier: format!("{iss}|{sub}"),
        subject: sub.clone(),
        issuer: iss.clone(),
        expiration: exp,
        custom_claims: custom,
    })
}

/// Nested objects become `parent.child` keys; everything else keeps its JSON type.
fn flatten(key: &str, value: &Value, out: &mut Map<String, Value>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                flatten(&format!("{key}.{k}"), v, out);
            }
        }
        other => {
            out.insert(key.to_string(), other.clone());
        }
    }
}

/// Why a token was refused, before it is explained: the failure, the provider it was routed to,
/// the JWKS used and the token's claims (when it parsed).
#[derive(Debug)]
pub(crate) struct Refusal {
    pub failure: Failure,
    pub provider_index: Option<usize>,
    pub jwks: Option<JwksUse>,
    pub claims: Option<Claims>,
}

/// The whole pipeline; see the module docs.
/// What the pipeline checks against: the deployment's providers, the JWKS overrides and the
/// fetch timeout.
pub(crate) struct Setup<'a> {
    pub providers: &'a [Provider],
    pub overrides: &'a [JwksOverride],
    pub timeout: std::time::Duration,
}

pub(crate) fn check(v: &Setup<'_>, token: &str, now: i64) -> Result<Accepted, Box<Refusal>> {
    let providers = v.providers;
    let reject = |failure: Failure,
                  provider_index: Option<usize>,
                  jwks: Option<JwksUse>,
                  parsed: Option<&Parsed<'_>>| {
        Box::new(Refusal {
            failure,
            provider_index,
            jwks,
            claims: parsed.map(|p| p.claims.clone()),
        })
    };
    let parsed = match parse(token) {
        Ok(p) => p,
        Err(detail) => return Err(reject(Failure::Unparseable { detail }, None, None, None)),
    };
    let Some(iss) = parsed.claims.iss.clone() else {
        return Err(reject(Failure::MissingIssuer, None, None, Some(&parsed)));
    };
    let Some(index) = providers
        .iter()
        .position(|p| p.matches(&parsed.claims.aud, &iss))
    else {
        let failure = Failure::NoProvider {
            iss,
            aud: parsed.claims.aud.clone(),
            aud_present: parsed.claims.aud_present,
        };
        return Err(reject(failure, None, None, Some(&parsed)));
    };
    let Provider::CustomJwt {
        jwks: configured,
        algorithm,
        ..
    } = &providers[index]
    else {
        return Err(reject(
            Failure::OidcNotChecked,
            Some(index),
            None,
            Some(&parsed),
        ));
    };
    let (url, applied_override) = effective_jwks(v.overrides, configured);
    let mut jwks_use = JwksUse {
        configured: configured.clone(),
        url: url.clone(),
        applied_override,
        source: "http",
    };
    let keys = match jwks::get(&url, v.timeout) {
        Ok((keys, source)) => {
            jwks_use.source = source.as_str();
            keys
        }
        Err(e) => {
            if jwks::decode_data_url(&url).is_some() {
                jwks_use.source = "data";
            }
            return Err(reject(
                Failure::Jwks(e),
                Some(index),
                Some(jwks_use),
                Some(&parsed),
            ));
        }
    };
    if let Err(cause) = verify_signature(&parsed.parts, &keys, *algorithm) {
        let failure = Failure::Decode {
            kid: unverified_kid(&parsed.parts),
            cause,
        };
        return Err(reject(failure, Some(index), Some(jwks_use), Some(&parsed)));
    }
    // Convex re-checks `iss` and `aud` here; routing already guaranteed both.
    if let Err(f) = check_times(&parsed.claims, now) {
        return Err(reject(f, Some(index), Some(jwks_use), Some(&parsed)));
    }
    match identity(&parsed.claims, &parsed.payload) {
        Ok(identity) => Ok(Accepted {
            identity,
            provider_index: index,
            jwks: jwks_use,
        }),
        Err(f) => Err(reject(f, Some(index), Some(jwks_use), Some(&parsed))),
    }
}

#[cfg(test)]
mod tests;
