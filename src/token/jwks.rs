//! Getting a provider's keys, as Convex's `fetch_jwks` does.
//!
//! A `data:` URI is decoded locally and its MIME type ignored (that is how an emulator's keys reach
//! a cloud deployment). Anything else is fetched with `GET` and `Accept: application/json`: the
//! answer must be `200` with `Content-Type` `application/json` or `application/jwk-set+json`
//! (charset absent or `utf-8`), exactly the rules the backend applies, so a JWKS endpoint that
//! works here works there.
//!
//! Fetched sets are kept in a process-wide cache, one fetch per URL, like the backend's HTTP
//! cache; a response marked `Cache-Control: no-store`, `no-cache` or `max-age=0` is not kept
//! (an emulator that regenerates keys on restart should send that).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};
use serde_json::{Map, Value};

/// The media types Convex accepts for a JWKS response.
pub const JWKS_MEDIA_TYPES: [&str; 2] = ["application/json", "application/jwk-set+json"];

/// A parsed key set: each key as its JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct KeySet {
    pub keys: Vec<Map<String, Value>>,
}

impl KeySet {
    /// The first key with this `kid`, as biscuit's `JWKSet::find` picks it.
    pub fn find(&self, kid: &str) -> Option<&Map<String, Value>> {
        self.keys
            .iter()
            .find(|k| k.get("kid").and_then(Value::as_str) == Some(kid))
    }

    /// Every `kid` in the set, in order (keys without one are skipped).
    pub fn kids(&self) -> Vec<String> {
        self.keys
            .iter()
            .filter_map(|k| k.get("kid").and_then(Value::as_str).map(str::to_string))
            .collect()
    }
}

/// Why the keys could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwksError {
    /// A `data:` URI whose body does not decode.
    DataUrl { detail: String },
    /// DNS, connection, TLS or timeout.
    Transport {
        url: String,
        error: String,
        timed_out: bool,
    },
    Status {
        url: String,
        status: u16,
        reason: String,
    },
    /// `None` when the header is missing.
    ContentType {
        url: String,
        content_type: Option<String>,
    },
    /// Not JSON, or not a key set; `data_url` when it came from a `data:` URI.
    Body {
        url: String,
        detail: String,
        data_url: bool,
    },
}

/// Where a key set came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Data,
    Http,
    Cache,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Data => "data",
            Source::Http => "http",
            Source::Cache => "cache",
        }
    }
}

static CACHE: LazyLock<Mutex<HashMap<String, Arc<KeySet>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The keys at `url` (a `data:` URI or an http(s) URL).
pub fn get(url: &str, timeout: Duration) -> Result<(Arc<KeySet>, Source), JwksError> {
    if let Some(data) = decode_data_url(url) {
        let bytes = data.map_err(|detail| JwksError::DataUrl { detail })?;
        // A decodable data URL that is not a key set fails like an HTTP body would.
        let set = parse_key_set(&bytes).map_err(|detail| JwksError::Body {
            url: url.to_string(),
            detail,
            data_url: true,
        })?;
        return Ok((Arc::new(set), Source::Data));
    }
    if let Some(hit) = CACHE.lock().ok().and_then(|c| c.get(url).cloned()) {
        return Ok((hit, Source::Cache));
    }
    let (set, cacheable) = fetch(url, timeout)?;
    let set = Arc::new(set);
    if cacheable && let Ok(mut c) = CACHE.lock() {
        c.insert(url.to_string(), set.clone());
    }
    Ok((set, Source::Http))
}

fn fetch(url: &str, timeout: Duration) -> Result<(KeySet, bool), JwksError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let mut resp = agent
        .get(url)
        .header("Accept", "application/json")
        .call()
        .map_err(|e| JwksError::Transport {
            url: url.to_string(),
            timed_out: matches!(e, ureq::Error::Timeout(_)),
            error: e.to_string(),
        })?;
    let status = resp.status();
    if status.as_u16() != 200 {
        return Err(JwksError::Status {
            url: url.to_string(),
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("Unknown").to_string(),
        });
    }
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header("content-type");
    if !content_type.as_deref().is_some_and(acceptable_content_type) {
        return Err(JwksError::ContentType {
            url: url.to_string(),
            content_type,
        });
    }
    let cacheable = header("cache-control").is_none_or(|cc| {
        let cc = cc.to_ascii_lowercase();
        !(cc.contains("no-store") || cc.contains("no-cache") || cc.contains("max-age=0"))
    });
    let body = resp
        .body_mut()
        .with_config()
        .limit(4 << 20)
        .read_to_vec()
        .map_err(|e| JwksError::Transport {
            url: url.to_string(),
            timed_out: matches!(e, ureq::Error::Timeout(_)),
            error: e.to_string(),
        })?;
    let set = parse_key_set(&body).map_err(|detail| JwksError::Body {
        url: url.to_string(),
        detail,
        data_url: false,
    })?;
    Ok((set, cacheable))
}

/// Convex's rule: the essence is one of [`JWKS_MEDIA_TYPES`] (any case) and `charset`, if
/// present, is `utf-8`.
pub fn acceptable_content_type(ct: &str) -> bool {
    let mut parts = ct.split(';');
    let essence = parts.next().unwrap_or("").trim();
    if !JWKS_MEDIA_TYPES
        .iter()
        .any(|t| essence.eq_ignore_ascii_case(t))
    {
        return false;
    }
    for param in parts {
        let Some((name, value)) = param.split_once('=') else {
            // `application/json;` and other malformed parameters fail mime parsing.
            return false;
        };
        if name.trim().eq_ignore_ascii_case("charset") {
            let value = value.trim().trim_matches('"');
            if !value.eq_ignore_ascii_case("utf-8") {
                return false;
            }
        }
    }
    true
}

/// A key set as biscuit's `JWKSet` accepts it: `{"keys": [...]}` where each key has a known
/// `kty` and that type's parameters as strings.
pub fn parse_key_set(bytes: &[u8]) -> Result<KeySet, String> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("the body is not JSON ({e})"))?;
    let Some(keys) = value.get("keys").and_then(Value::as_array) else {
        return Err("the JSON has no `keys` array".into());
    };
    let mut out = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        let Some(obj) = key.as_object() else {
            return Err(format!("key {i} is not an object"));
        };
        let s = |name: &str| obj.get(name).and_then(Value::as_str);
        for name in ["kid", "alg", "use"] {
            if obj
                .get(name)
                .is_some_and(|v| !v.is_string() && !v.is_null())
            {
                return Err(format!("key {i} has a non-string `{name}`"));
            }
        }
        let needed: &[&str] = match s("kty") {
            Some("RSA") => &["n", "e"],
            Some("EC") => &["crv", "x", "y"],
            Some("oct") => &["k"],
            Some("OKP") => &["crv", "x"],
            Some(other) => return Err(format!("key {i} has an unknown `kty` `{other}`")),
            None => return Err(format!("key {i} has no `kty`")),
        };
        if let Some(missing) = needed.iter().find(|n| s(n).is_none()) {
            return Err(format!("key {i} has no `{missing}`"));
        }
        out.push(obj.clone());
    }
    Ok(KeySet { keys: out })
}

/// Decodes a `data:` URL the WHATWG way (as the `data-url` crate does): `None` if `url` is not a
/// data URL at all (no `data:` scheme or no comma), else the body or why it doesn't decode.
pub fn decode_data_url(url: &str) -> Option<Result<Vec<u8>, String>> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let scheme = trimmed.get(..5)?;
    if !scheme.eq_ignore_ascii_case("data:") {
        return None;
    }
    let rest = &trimmed[5..];
    let rest = rest.split('#').next().unwrap_or(rest);
    let (meta, body) = rest.split_once(',')?;
    let meta = meta.trim_end_matches([' ', '\t']);
    let is_base64 = meta
        .rsplit_once(';')
        .is_some_and(|(_, last)| last.trim().eq_ignore_ascii_case("base64"));
    let bytes = percent_decode(body);
    if !is_base64 {
        return Some(Ok(bytes));
    }
    let cleaned: Vec<u8> = bytes
        .into_iter()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    const FORGIVING: GeneralPurpose = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    Some(
        FORGIVING
            .decode(&cleaned)
            .map_err(|e| format!("the base64 body does not decode ({e})")),
    )
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// A `data:` URI holding `json` (what to put in `auth.config` for an emulator's keys).
pub fn data_url(json: &str) -> String {
    format!(
        "data:text/plain;charset=utf-8;base64,{}",
        general_purpose::STANDARD.encode(json)
    )
}

/// Empties the process-wide cache (tests).
pub fn clear_cache() {
    if let Ok(mut c) = CACHE.lock() {
        c.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert!(acceptable_content_type("application/json"));
        assert!(acceptable_content_type("Application/JSON"));
        assert!(acceptable_content_type("application/jwk-set+json"));
        assert!(acceptable_content_type("application/json; charset=utf-8"));
        assert!(acceptable_content_type("application/json; charset=UTF-8"));
        assert!(!acceptable_content_type("application/json; charset=latin1"));
        assert!(!acceptable_content_type("text/plain"));
        assert!(!acceptable_content_type("text/html; charset=utf-8"));
        assert!(!acceptable_content_type("application/jwk+json"));
    }

    #[test]
    fn data_urls() {
        let url = data_url(r#"{"keys":[]}"#);
        assert_eq!(decode_data_url(&url).unwrap().unwrap(), br#"{"keys":[]}"#);
        // MIME type ignored, percent-encoded body.
        assert_eq!(
            decode_data_url("data:,%7B%22keys%22%3A%5B%5D%7D")
                .unwrap()
                .unwrap(),
            br#"{"keys":[]}"#
        );
        // Missing padding and whitespace are forgiven.
        assert_eq!(
            decode_data_url("DATA:application/json;base64,eyJr ZXlzIjpbXX0")
                .unwrap()
                .unwrap(),
            br#"{"keys":[]}"#
        );
        assert!(decode_data_url("data:;base64,!!!").unwrap().is_err());
        assert!(decode_data_url("https://example.com/jwks").is_none());
        assert!(decode_data_url("data:no-comma").is_none());
    }

    #[test]
    fn key_sets() {
        assert!(
            parse_key_set(br#"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"a"}]}"#).is_ok()
        );
        assert!(parse_key_set(b"[]").is_err());
        assert!(parse_key_set(b"not json").is_err());
        assert!(parse_key_set(br#"{"keys":[{"kty":"RSA","e":"AQAB"}]}"#).is_err());
        assert!(parse_key_set(br#"{"keys":[{"kty":"XYZ"}]}"#).is_err());
    }
}
