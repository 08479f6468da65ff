//! Convex's push-time checks of an auth config, on the JSON its default export stringifies to.
//!
//! `npx convex dev`/`deploy` evaluates `convex/auth.config.*` and sends the JSON; the backend runs
//! `check_for_common_confusions` (misspelled `applicationID`, unknown `type`, the shared WorkOS
//! issuer without `applicationID`), deserialises the providers (`algorithm` must be `RS256` or
//! `ES256`) and checks the issuer URLs. These are those checks, with Convex's codes and messages,
//! producing the [`Provider`]s tokens are checked against.

use serde::Serialize;
use serde_json::Value;

use crate::error::{ErrorKind, UserError};
use crate::token::{Algorithm, Provider};

/// A config that can't be used: Convex's code when Convex would reject it too (push-time
/// errors), and the user-facing error.
#[derive(Debug, Clone, thiserror::Error, Serialize)]
#[error("{error}")]
pub struct ConfigError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    #[serde(flatten)]
    pub error: Box<UserError>,
}

impl From<UserError> for ConfigError {
    fn from(error: UserError) -> Self {
        ConfigError {
            code: None,
            error: Box::new(error),
        }
    }
}

const SEE_AUTH_DOCS: &str =
    "To learn more, see the auth documentation at https://docs.convex.dev/auth.";

fn push_error(code: &'static str, message: String, hint: &str) -> ConfigError {
    ConfigError {
        code: Some(code),
        error: Box::new(UserError::new(ErrorKind::Project, message).hint(hint.to_string())),
    }
}

fn schema_error(detail: impl std::fmt::Display) -> ConfigError {
    push_error(
        "AuthConfigNotMatchingSchemaError",
        format!("auth config file must include a list of provider credentials: {detail}"),
        "Convex rejects this config on push (`npx convex dev`/`deploy`), so no token can be accepted; fix the provider named above",
    )
}

/// Convex's push-time checks on the stringified default export, then the provider list.
pub fn providers_from_json(config: Option<&Value>) -> Result<Vec<Provider>, ConfigError> {
    let Some(config) = config.filter(|v| !v.is_null()) else {
        return Err(push_error(
            "AuthConfigMissingExportError",
            format!("auth config file is missing default export. {SEE_AUTH_DOCS}"),
            "end the file with `export default { providers: [ … ] }`",
        ));
    };
    common_confusions(config)?;
    let Some(obj) = config.as_object() else {
        return Err(schema_error(format!(
            "invalid type: {}, expected struct SerializedAuthConfig",
            serde_kind(config)
        )));
    };
    let Some(list) = obj.get("providers") else {
        return Err(schema_error("missing field `providers`"));
    };
    let Some(list) = list.as_array() else {
        return Err(schema_error(format!(
            "invalid type: {}, expected a sequence",
            serde_kind(list)
        )));
    };
    let mut providers = Vec::with_capacity(list.len());
    for item in list {
        providers.push(provider(item)?);
    }
    // Issuer URLs are checked after the whole list deserialised, as in Convex.
    for p in &mut providers {
        match p {
            Provider::CustomJwt { issuer, .. } => *issuer = issuer_url(issuer)?,
            Provider::Oidc { domain, .. } => *domain = issuer_url(domain)?,
        }
    }
    Ok(providers)
}

/// `check_for_common_confusions`, in Convex's order.
fn common_confusions(config: &Value) -> Result<(), ConfigError> {
    let Some(providers) = config.get("providers").and_then(Value::as_array) else {
        return Ok(());
    };
    for (index, p) in providers.iter().enumerate() {
        let Some(obj) = p.as_object() else { continue };
        let ty = obj.get("type").and_then(Value::as_str).unwrap_or("unknown");
        if obj.contains_key("applicationId") || obj.contains_key("applicationid") {
            return Err(schema_error(format!(
                "Provider at index {index} must have applicationID property spelled lowercase 'application', capital I, capital D."
            )));
        }
        if ty != "customJwt" && ty != "oidc" && ty != "unknown" {
            return Err(schema_error(format!(
                "Provider at index {index} has unexpected 'type' value '{ty}'"
            )));
        }
        if ty == "customJwt" && obj.contains_key("domain") {
            return Err(schema_error(format!(
                "Provider at index {index} is a customJwt so cannot have a 'domain' specified"
            )));
        }
        if (ty == "oidc" || ty == "unknown") && obj.contains_key("issuer") {
            return Err(schema_error(format!(
                "Provider at index {index} is oidc so cannot have an 'issuer' specified."
            )));
        }
        let issuer = obj.get("issuer").and_then(Value::as_str);
        if !obj.contains_key("applicationID")
            && matches!(
                issuer,
                Some("https://api.workos.com/" | "https://api.workos.com")
            )
        {
            return Err(push_error(
                "InsecureConfiguration",
                format!(
                    "This auth configuration appears potentially insecure: Provider at index {index} has an issuer that is shared among many applications, so must to specify an ApplicationID to check against an `aud` field of a JWT."
                ),
                "add `applicationID: clientId` to this provider (an `applicationID` whose value is `undefined` counts as missing)",
            ));
        }
    }
    Ok(())
}

/// One `SerializedAuthInfo`: tagged `customJwt`, anything else tried as (untagged) OIDC.
fn provider(item: &Value) -> Result<Provider, ConfigError> {
    let Some(obj) = item.as_object() else {
        return Err(schema_error(format!(
            "invalid type: {}, expected internally tagged enum SerializedAuthInfo",
            serde_kind(item)
        )));
    };
    let string = |name: &str, required: bool| -> Result<Option<String>, ConfigError> {
        match obj.get(name) {
            None | Some(Value::Null) if !required => Ok(None),
            None => Err(schema_error(format!("missing field `{name}`"))),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(schema_error(format!(
                "invalid type: {}, expected a string",
                serde_kind(other)
            ))),
        }
    };
    if obj.get("type").and_then(Value::as_str) == Some("customJwt") {
        let application_id = string("applicationID", false)?;
        let issuer = string("issuer", true)?.unwrap_or_default();
        let jwks = string("jwks", true)?.unwrap_or_default();
        let algorithm = match obj.get("algorithm") {
            None => return Err(schema_error("missing field `algorithm`")),
            Some(Value::String(a)) => Algorithm::parse(a).ok_or_else(|| {
                schema_error(format!(
                    "unknown variant `{a}`, expected `RS256` or `ES256`"
                ))
            })?,
            Some(other) => {
                return Err(schema_error(format!(
                    "invalid type: {}, expected `RS256` or `ES256`",
                    serde_kind(other)
                )));
            }
        };
        return Ok(Provider::CustomJwt {
            issuer,
            jwks,
            algorithm,
            application_id,
        });
    }
    match (obj.get("applicationID"), obj.get("domain")) {
        (Some(Value::String(app)), Some(Value::String(domain))) => Ok(Provider::Oidc {
            domain: domain.clone(),
            application_id: app.clone(),
        }),
        _ => Err(schema_error(
            "data did not match any variant of untagged enum SerializedAuthInfo",
        )),
    }
}

/// serde's wording for an unexpected JSON value.
fn serde_kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

/// `deserialize_issuer_url`: `https://` added when there is no `scheme://`, then parsed; the
/// stored string is otherwise unchanged.
pub fn issuer_url(original: &str) -> Result<String, ConfigError> {
    let err = |why: String| {
        push_error(
            "InvalidProviderDomainUrl",
            format!("Invalid provider domain URL \"{original}\": {why}"),
            "the issuer must be an http(s) URL, exactly as it appears in the tokens' `iss`",
        )
    };
    if original.starts_with('"') {
        return Err(err("starts with a double quote (\")".into()));
    }
    let had_scheme = original
        .split_once("://")
        .is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_'));
    let url = if had_scheme {
        original.to_string()
    } else {
        format!("https://{original}")
    };
    let parsed = url::Url::parse(&url).map_err(|e| err(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(err("scheme should be http or https".into()));
    }
    if !had_scheme && !parsed.host_str().is_some_and(ends_with_tld) {
        return Err(err(
            "Does not look like a URL (must have a scheme or end with a top-level domain)".into(),
        ));
    }
    Ok(url)
}

/// Convex checks the last label against the real TLD list; we accept any alphabetic label of two
/// or more letters (or an IDN `xn--` label), which differs only for made-up TLDs.
fn ends_with_tld(host: &str) -> bool {
    if host == "localhost" {
        return true;
    }
    let Some((_, tld)) = host.rsplit_once('.') else {
        return false;
    };
    (tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())) || tld.starts_with("xn--")
}

#[cfg(test)]
mod tests;
