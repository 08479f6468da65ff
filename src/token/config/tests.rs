//! Convex's push-time checks, with its exact codes and messages.

use serde_json::json;

use super::*;

fn providers(config: Value) -> Result<Vec<Provider>, ConfigError> {
    providers_from_json(Some(&config))
}

fn push_error(list: Value) -> (Option<&'static str>, String) {
    let e = providers(json!({ "providers": list })).unwrap_err();
    (e.code, e.error.message.clone())
}

#[test]
fn missing_default_export() {
    let msg = "auth config file is missing default export. To learn more, see the auth documentation at https://docs.convex.dev/auth.";
    for config in [None, Some(Value::Null)] {
        let e = providers_from_json(config.as_ref()).unwrap_err();
        assert_eq!(
            (e.code, e.error.message.as_str()),
            (Some("AuthConfigMissingExportError"), msg)
        );
    }
}

#[test]
fn push_time_errors_have_convexs_messages() {
    let schema = Some("AuthConfigNotMatchingSchemaError");
    let prefix = "auth config file must include a list of provider credentials: ";
    let jwt = |extra: Value| {
        let mut p = json!({ "type": "customJwt", "issuer": "https://a.example.com", "jwks": "j", "algorithm": "RS256" });
        for (k, v) in extra.as_object().unwrap() {
            p[k] = v.clone();
        }
        p
    };
    assert_eq!(
        push_error(json!([jwt(json!({ "applicationId": "x" }))])),
        (
            schema,
            format!(
                "{prefix}Provider at index 0 must have applicationID property spelled lowercase 'application', capital I, capital D."
            )
        )
    );
    assert_eq!(
        push_error(json!([
            { "domain": "https://a.example.com", "applicationID": "a" },
            { "type": "jwt", "issuer": "https://a.example.com" }
        ])),
        (
            schema,
            format!("{prefix}Provider at index 1 has unexpected 'type' value 'jwt'")
        )
    );
    assert_eq!(
        push_error(json!([jwt(json!({ "domain": "https://a.example.com" }))])),
        (
            schema,
            format!(
                "{prefix}Provider at index 0 is a customJwt so cannot have a 'domain' specified"
            )
        )
    );
    assert_eq!(
        push_error(json!([{ "issuer": "https://a.example.com", "applicationID": "a" }])),
        (
            schema,
            format!("{prefix}Provider at index 0 is oidc so cannot have an 'issuer' specified.")
        )
    );
    assert_eq!(
        push_error(json!([jwt(json!({ "algorithm": "HS256" }))])),
        (
            schema,
            format!("{prefix}unknown variant `HS256`, expected `RS256` or `ES256`")
        )
    );
    assert_eq!(
        push_error(
            json!([{ "type": "customJwt", "issuer": "https://a.example.com", "algorithm": "RS256" }])
        ),
        (schema, format!("{prefix}missing field `jwks`"))
    );
    for issuer in ["https://api.workos.com/", "https://api.workos.com"] {
        assert_eq!(
            push_error(json!([jwt(json!({ "issuer": issuer }))])),
            (Some("InsecureConfiguration"), "This auth configuration appears potentially insecure: Provider at index 0 has an issuer that is shared among many applications, so must to specify an ApplicationID to check against an `aud` field of a JWT.".to_string())
        );
    }
    // Only the exact shared issuer is insecure.
    assert!(
        providers(json!({ "providers": [jwt(json!({ "issuer": "https://api.workos.com/user_management/c" }))] }))
            .is_ok()
    );
}

#[test]
fn issuer_urls() {
    assert_eq!(
        issuer_url("auth.example.com").unwrap(),
        "https://auth.example.com"
    );
    assert_eq!(
        issuer_url("localhost:4100/x").unwrap(),
        "https://localhost:4100/x"
    );
    assert_eq!(
        issuer_url("http://127.0.0.1:4100/").unwrap(),
        "http://127.0.0.1:4100/"
    );
    assert_eq!(
        issuer_url("https://Auth.Example.com/").unwrap(),
        "https://Auth.Example.com/"
    );
    let msg = |s: &str| issuer_url(s).unwrap_err().error.message;
    assert_eq!(
        msg("\"https://a.example.com\""),
        "Invalid provider domain URL \"\"https://a.example.com\"\": starts with a double quote (\")"
    );
    assert_eq!(
        msg("my-random-token"),
        "Invalid provider domain URL \"my-random-token\": Does not look like a URL (must have a scheme or end with a top-level domain)"
    );
    assert_eq!(
        msg("ftp://a.example.com"),
        "Invalid provider domain URL \"ftp://a.example.com\": scheme should be http or https"
    );
    assert_eq!(
        issuer_url("ftp://a.example.com").unwrap_err().code,
        Some("InvalidProviderDomainUrl")
    );
}

#[test]
fn oidc_providers_parse() {
    let p = providers(json!({ "providers": [{ "domain": "https://clerk.example.com", "applicationID": "convex" }] })).unwrap();
    assert_eq!(
        p,
        vec![Provider::Oidc {
            domain: "https://clerk.example.com".into(),
            application_id: "convex".into()
        }]
    );
    assert_eq!(
        push_error(json!([{ "domain": "https://clerk.example.com" }])).1,
        "auth config file must include a list of provider credentials: data did not match any variant of untagged enum SerializedAuthInfo"
    );
}
