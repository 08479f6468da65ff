//! Every rule of Convex's `customJwt` path, with the codes and messages quoted from the reference
//! (`shared/reference/tokens-and-workos-api.md` §1.2–1.5).

use std::io::{Read, Write};
use std::net::TcpListener;

use serde_json::{Value, json};

use crate::token::testkit::{ec, jwks_data_url, rsa, sign, token};
use crate::token::{Algorithm, JwksOverride, Provider, Rejection, Verifier};

const NOW: u64 = 1_800_000_000;
const NOW_I: i64 = NOW as i64;
const CLIENT: &str = "client_01JTEST0000000000000000000";

fn um_issuer() -> String {
    format!("https://api.workos.com/user_management/{CLIENT}")
}

/// Convex's documented WorkOS pair, with the given JWKS for both.
fn workos(jwks: &str) -> Vec<Provider> {
    vec![
        Provider::custom_jwt(
            "https://api.workos.com/",
            jwks,
            Algorithm::RS256,
            Some(CLIENT),
        ),
        Provider::custom_jwt(um_issuer(), jwks, Algorithm::RS256, None),
    ]
}

fn rsa_jwks() -> String {
    jwks_data_url(&[rsa().jwk.clone()])
}

fn verifier() -> Verifier {
    Verifier::from_providers(workos(&rsa_jwks()), vec![])
}

fn claims() -> Value {
    json!({
        "iss": um_issuer(), "sub": "user_01", "sid": "session_01", "jti": "jti_01",
        "iat": NOW_I - 10, "exp": NOW_I + 290, "org_id": "org_01", "role": "member",
        "permissions": ["posts:read"], "act": {"sub": "admin@example.com"},
    })
}

fn with(mut base: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    base
}

fn reject(v: &Verifier, tok: &str) -> Rejection {
    v.verify(tok, NOW)
        .expect_err("the token should be rejected")
}

fn assert_rejected(r: &Rejection, code: &str, message: &str) {
    assert_eq!(
        (r.code.as_str(), r.message.as_str()),
        (code, message),
        "{r:#?}"
    );
}

const KID_MESSAGE: &str = "Could not decode token. The JWT's 'kid' (key ID) header is 'rsa-key-1', does this key match any key in the provider's JWKS?";
const CLAIM_MESSAGE: &str = "Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.";

#[test]
fn accepts_a_workos_token_and_builds_convex_identity() {
    let a = verifier().check(&token(&claims(), rsa()), NOW).unwrap();
    assert_eq!(a.provider_index, 1);
    assert_eq!(a.jwks.source, "data");
    assert_eq!(
        a.identity.to_json(),
        json!({
            "tokenIdentifier": format!("{}|user_01", um_issuer()),
            "subject": "user_01",
            "issuer": um_issuer(),
            "sid": "session_01",
            "org_id": "org_01",
            "role": "member",
            "permissions": ["posts:read"],
            "act.sub": "admin@example.com",
        })
    );
    assert_eq!(a.identity.expiration, NOW_I + 290);
}

#[test]
fn custom_claims_flatten_nested_objects_and_drop_registered_ones() {
    let c = with(
        claims(),
        json!({"aud": "x", "nbf": NOW_I - 1, "fva": [1, 2], "properties": {"id": 7, "deep": {"a": true}, "list": [{"x": 1}]}}),
    );
    let id = verifier().verify(&token(&c, rsa()), NOW).unwrap();
    let j = id.to_json();
    assert_eq!(j["properties.id"], json!(7));
    assert_eq!(j["properties.deep.a"], json!(true));
    assert_eq!(j["properties.list"], json!([{"x": 1}]));
    for gone in [
        "aud",
        "nbf",
        "iat",
        "exp",
        "jti",
        "fva",
        "properties",
        "iss",
        "sub",
    ] {
        assert!(j.get(gone).is_none(), "{gone} should not be in {j}");
    }
}

#[test]
fn first_matching_provider_wins_and_later_ones_are_not_tried() {
    // Provider 0 matches but only has the EC key; provider 1 would verify the RSA token.
    let providers = vec![
        Provider::custom_jwt(
            um_issuer(),
            jwks_data_url(&[ec().jwk.clone()]),
            Algorithm::RS256,
            None,
        ),
        Provider::custom_jwt(um_issuer(), rsa_jwks(), Algorithm::RS256, None),
    ];
    let v = Verifier::from_providers(providers, vec![]);
    let r = reject(&v, &token(&claims(), rsa()));
    assert_rejected(&r, "InvalidAuthHeader", KID_MESSAGE);
    assert_eq!(r.provider_index, Some(0));
    assert!(
        r.diagnosis
            .iter()
            .any(|d| d.contains("provider(s) 1 also match")),
        "{r:#?}"
    );
    assert!(
        r.diagnosis
            .iter()
            .any(|d| d.contains("`kid` `rsa-key-1` is not in")),
        "{r:#?}"
    );
}

#[test]
fn issuer_trailing_slashes_are_ignored_on_both_sides() {
    for (configured, iss) in [
        ("https://auth.example.com/", "https://auth.example.com"),
        ("https://auth.example.com", "https://auth.example.com///"),
        ("https://auth.example.com//", "https://auth.example.com/"),
    ] {
        let v = Verifier::from_providers(
            vec![Provider::custom_jwt(
                configured,
                rsa_jwks(),
                Algorithm::RS256,
                None,
            )],
            vec![],
        );
        let id = v
            .verify(&token(&with(claims(), json!({"iss": iss})), rsa()), NOW)
            .unwrap_or_else(|r| panic!("{configured} vs {iss}: {r}"));
        // The identity keeps the raw `iss`.
        assert_eq!(id.token_identifier, format!("{iss}|user_01"));
    }
}

#[test]
fn scheme_is_added_to_an_iss_without_one_but_nothing_else_is_normalised() {
    let v = Verifier::from_providers(
        vec![Provider::custom_jwt(
            "https://auth.example.com/x",
            rsa_jwks(),
            Algorithm::RS256,
            None,
        )],
        vec![],
    );
    let id = v
        .verify(
            &token(&with(claims(), json!({"iss": "auth.example.com/x"})), rsa()),
            NOW,
        )
        .unwrap();
    assert_eq!(id.token_identifier, "auth.example.com/x|user_01");
    assert_eq!(id.issuer, "auth.example.com/x");
    let no = "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://auth.example.com/x, app_id=none)]";
    for iss in [
        "http://auth.example.com/x",
        "https://AUTH.example.com/x",
        "https://auth.example.com/x/y",
    ] {
        let r = reject(&v, &token(&with(claims(), json!({"iss": iss})), rsa()));
        assert_rejected(&r, "NoAuthProvider", no);
    }
    let r = reject(
        &v,
        &token(
            &with(claims(), json!({"iss": "https://AUTH.example.com/x"})),
            rsa(),
        ),
    );
    assert!(
        r.diagnosis
            .iter()
            .any(|d| d.contains("only in letter case")),
        "{r:#?}"
    );
}

#[test]
fn aud_may_be_a_string_or_an_array() {
    let root = |aud: Value| {
        with(
            claims(),
            json!({"iss": "https://api.workos.com/", "aud": aud}),
        )
    };
    for aud in [json!(CLIENT), json!(["other", CLIENT])] {
        let a = verifier()
            .check(&token(&root(aud.clone()), rsa()), NOW)
            .unwrap();
        assert_eq!(a.provider_index, 0, "{aud}");
    }
    // The `https://api.workos.com` form (no slash) routes to the same provider.
    let c = with(
        root(json!(CLIENT)),
        json!({"iss": "https://api.workos.com"}),
    );
    assert_eq!(
        verifier()
            .check(&token(&c, rsa()), NOW)
            .unwrap()
            .provider_index,
        0
    );
}

#[test]
fn application_id_mismatch_is_no_auth_provider() {
    let expected = format!(
        "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/, app_id={CLIENT}), CustomJWT(issuer={}, app_id=none)]",
        um_issuer()
    );
    for aud in [
        json!("client_01J0THER000000000000000000"),
        json!([]),
        Value::Null,
    ] {
        let c = with(
            claims(),
            json!({"iss": "https://api.workos.com/", "aud": aud}),
        );
        let r = reject(&verifier(), &token(&c, rsa()));
        assert_rejected(&r, "NoAuthProvider", &expected);
        assert_eq!(r.provider_index, None);
        assert!(
            r.diagnosis
                .iter()
                .any(|d| d.contains("provider 0") && d.contains(CLIENT)),
            "{r:#?}"
        );
    }
    let c = with(
        claims(),
        json!({"iss": "https://api.workos.com/", "aud": "client_01J0THER000000000000000000"}),
    );
    let r = reject(&verifier(), &token(&c, rsa()));
    assert!(
        r.hints
            .iter()
            .any(|h| h.contains("`client_01J0THER000000000000000000`")
                && h.contains("WORKOS_CLIENT_ID")),
        "{r:#?}"
    );
}

#[test]
fn application_id_on_the_user_management_provider_is_explained() {
    let jwks = rsa_jwks();
    let v = Verifier::from_providers(
        vec![Provider::custom_jwt(
            um_issuer(),
            &jwks,
            Algorithm::RS256,
            Some(CLIENT),
        )],
        vec![],
    );
    let r = reject(&v, &token(&claims(), rsa()));
    assert_eq!(r.code, "NoAuthProvider");
    assert!(
        r.diagnosis
            .iter()
            .any(|d| d.contains("the token has no `aud`")),
        "{r:#?}"
    );
    assert!(
        r.hints.iter().any(
            |h| h.contains("applicationID on the user_management provider")
                && h.contains("remove `applicationID`")
        ),
        "{r:#?}"
    );
}

#[test]
fn wrong_client_id_in_issuer_is_explained() {
    let c = with(
        claims(),
        json!({"iss": "https://api.workos.com/user_management/client_01J0THER000000000000000000"}),
    );
    let r = reject(&verifier(), &token(&c, rsa()));
    assert_eq!(r.code, "NoAuthProvider");
    assert!(
        r.diagnosis
            .iter()
            .any(|d| d.contains("issued for WorkOS client `client_01J0THER000000000000000000`")),
        "{r:#?}"
    );
    assert!(
        r.hints
            .iter()
            .any(|h| h
                .contains("npx convex env set WORKOS_CLIENT_ID client_01J0THER000000000000000000")),
        "{r:#?}"
    );
}

#[test]
fn no_providers_message() {
    let v = Verifier::from_providers(vec![], vec![]);
    let r = reject(&v, &token(&claims(), rsa()));
    assert_rejected(
        &r,
        "NoAuthProvider",
        "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.",
    );
}

#[test]
fn kid_is_required() {
    let tok = sign(&json!({"alg": "RS256", "typ": "JWT"}), &claims(), rsa());
    let r = reject(&verifier(), &tok);
    assert_rejected(
        &r,
        "InvalidAuthHeader",
        "Could not decode token. JWT may be missing a 'kid' (key ID) header.",
    );
    assert!(
        r.diagnosis.iter().any(|d| d.contains("has no `kid`")),
        "{r:#?}"
    );
    assert_eq!(r.provider_index, Some(1));
}

#[test]
fn unknown_kid() {
    let tok = sign(
        &json!({"alg": "RS256", "kid": "rotated-away"}),
        &claims(),
        rsa(),
    );
    let r = reject(&verifier(), &tok);
    assert_rejected(
        &r,
        "InvalidAuthHeader",
        "Could not decode token. The JWT's 'kid' (key ID) header is 'rotated-away', does this key match any key in the provider's JWKS?",
    );
    assert!(
        r.diagnosis
            .iter()
            .any(|d| d.contains("`kid` `rotated-away` is not in") && d.contains("`rsa-key-1`")),
        "{r:#?}"
    );
}

#[test]
fn alg_must_equal_the_configured_algorithm_and_the_keys() {
    // Configured ES256, RS256 token.
    let v = Verifier::from_providers(
        vec![Provider::custom_jwt(
            um_issuer(),
            rsa_jwks(),
            Algorithm::ES256,
            None,
        )],
        vec![],
    );
    let r = reject(&v, &token(&claims(), rsa()));
    assert_rejected(&r, "InvalidAuthHeader", KID_MESSAGE);
    assert!(
        r.diagnosis
            .iter()
            .any(|d| d.contains("signed with `RS256`") && d.contains("`algorithm: \"ES256\"`")),
        "{r:#?}"
    );
    assert!(
        r.hints
            .iter()
            .any(|h| h.contains("set `algorithm: \"RS256\"`")),
        "{r:#?}"
    );
    // The header claims RS384 while key and config say RS256.
    let tok = sign(
        &json!({"alg": "RS384", "kid": "rsa-key-1"}),
        &claims(),
        rsa(),
    );
    let r = reject(&verifier(), &tok);
    assert_rejected(&r, "InvalidAuthHeader", KID_MESSAGE);
    assert!(
        r.diagnosis
            .iter()
            .any(|d| d.contains("the key says `RS256`")),
        "{r:#?}"
    );
    // A key without `alg` is fine when header and config agree.
    let v = Verifier::from_providers(
        vec![Provider::custom_jwt(
            um_issuer(),
            jwks_data_url(&[rsa().jwk_without_alg()]),
            Algorithm::RS256,
            None,
        )],
        vec![],
    );
    assert!(v.verify(&token(&claims(), rsa()), NOW).is_ok());
    // An unsupported header alg fails header parsing: same message, no kid readable.
    let tok = sign(
        &json!({"alg": "XX999", "kid": "rsa-key-1"}),
        &claims(),
        rsa(),
    );
    let r = reject(&verifier(), &tok);
    assert_rejected(
        &r,
        "InvalidAuthHeader",
        "Could not decode token. JWT may be missing a 'kid' (key ID) header.",
    );
}

#[test]
fn es256_and_rs256_both_verify() {
    let v = Verifier::from_providers(
        vec![
            Provider::custom_jwt(
                "https://es.example.com",
                jwks_data_url(&[ec().jwk.clone()]),
                Algorithm::ES256,
                None,
            ),
            Provider::custom_jwt("https://rs.example.com", rsa_jwks(), Algorithm::RS256, None),
        ],
        vec![],
    );
    let es = v
        .check(
            &token(
                &with(claims(), json!({"iss": "https://es.example.com"})),
                ec(),
            ),
            NOW,
        )
        .unwrap();
    assert_eq!(es.provider_index, 0);
    let rs = v
        .check(
            &token(
                &with(claims(), json!({"iss": "https://rs.example.com"})),
                rsa(),
            ),
            NOW,
        )
        .unwrap();
    assert_eq!(rs.provider_index, 1);
}

#[test]
fn tampered_payload_fails_the_signature() {
    let tok = token(&claims(), rsa());
    let parts: Vec<&str> = tok.split('.').collect();
    let forged = crate::token::testkit::b64(&with(claims(), json!({"sub": "user_admin"})));
    let r = reject(&verifier(), &format!("{}.{forged}.{}", parts[0], parts[2]));
    assert_rejected(&r, "InvalidAuthHeader", KID_MESSAGE);
    assert!(
        r.diagnosis.iter().any(|d| d.contains("does not verify")),
        "{r:#?}"
    );
}

#[test]
fn exp_leeway_is_five_seconds() {
    let v = verifier();
    assert!(
        v.verify(
            &token(&with(claims(), json!({"exp": NOW_I - 5})), rsa()),
            NOW
        )
        .is_ok()
    );
    let r = reject(
        &v,
        &token(&with(claims(), json!({"exp": NOW_I - 6})), rsa()),
    );
    assert_rejected(
        &r,
        "InvalidAuthHeader",
        "Could not validate token: Token expired 6 seconds ago",
    );
    assert!(
        r.diagnosis.iter().any(|d| d.contains("expired 6 s ago")),
        "{r:#?}"
    );
}

#[test]
fn nbf_and_iat_leeway_is_five_seconds_into_the_future() {
    let v = verifier();
    for claim in ["nbf", "iat"] {
        assert!(
            v.verify(
                &token(&with(claims(), json!({claim: NOW_I + 5})), rsa()),
                NOW
            )
            .is_ok(),
            "{claim}"
        );
        let r = reject(
            &v,
            &token(&with(claims(), json!({claim: NOW_I + 6})), rsa()),
        );
        assert_rejected(
            &r,
            "InvalidAuthHeader",
            "Could not validate token: Token will be valid in 6 seconds",
        );
        assert!(
            r.diagnosis
                .iter()
                .any(|d| d.starts_with(&format!("`{claim}` is 6 s in the future"))),
            "{r:#?}"
        );
    }
    // `iat` far in the past is fine: no max age.
    assert!(
        v.verify(&token(&with(claims(), json!({"iat": 0})), rsa()), NOW)
            .is_ok()
    );
    // `exp` is checked before `nbf`.
    let r = reject(
        &v,
        &token(
            &with(claims(), json!({"exp": NOW_I - 100, "nbf": NOW_I + 100})),
            rsa(),
        ),
    );
    assert_eq!(
        r.message,
        "Could not validate token: Token expired 100 seconds ago"
    );
}

#[test]
fn sub_iss_and_exp_are_required() {
    let r = reject(
        &verifier(),
        &token(&with(claims(), json!({"iss": null})), rsa()),
    );
    assert_rejected(
        &r,
        "InvalidAuthHeader",
        "Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers.",
    );
    for (claim, missing) in [("sub", "no `sub` claim"), ("exp", "no `exp` claim")] {
        let r = reject(
            &verifier(),
            &token(&with(claims(), json!({claim: null})), rsa()),
        );
        assert_rejected(&r, "InvalidAuthHeader", CLAIM_MESSAGE);
        assert!(r.diagnosis.iter().any(|d| d.contains(missing)), "{r:#?}");
    }
}

#[test]
fn bad_data_url_jwks() {
    let provider = |jwks: &str| {
        Verifier::from_providers(
            vec![Provider::custom_jwt(
                um_issuer(),
                jwks,
                Algorithm::RS256,
                None,
            )],
            vec![],
        )
    };
    let r = reject(
        &provider("data:;base64,%%%not base64"),
        &token(&claims(), rsa()),
    );
    assert_rejected(
        &r,
        "InvalidAuthHeader",
        "Invalid JWKS data URL. Check that the data URL is properly formatted and contains valid base64-encoded JSON.",
    );
    // Decodes, but is not a key set: the body message, naming the data URL.
    for jwks in ["data:application/json,not json", "data:,{\"nokeys\":1}"] {
        let r = reject(&provider(jwks), &token(&claims(), rsa()));
        assert_rejected(
            &r,
            "InvalidAuthHeader",
            &format!(
                "Invalid JWKS response body from '{jwks}'. The response is not valid JSON or doesn't match the expected JWKS format."
            ),
        );
    }
}

/// A one-shot HTTP server on 127.0.0.1 answering every request with the same response.
fn serve(status: &str, content_type: Option<&str>, extra: &str, body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let head = format!(
        "HTTP/1.1 {status}\r\n{}{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        content_type.map_or(String::new(), |c| format!("Content-Type: {c}\r\n")),
        body.len()
    );
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 4096];
            let mut got = Vec::new();
            while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                }
            }
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(body.as_bytes());
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn jwks_body() -> String {
    json!({"keys": [rsa().jwk.clone()]}).to_string()
}

fn http_verifier(url: &str) -> Verifier {
    Verifier::from_providers(
        vec![Provider::custom_jwt(
            um_issuer(),
            url,
            Algorithm::RS256,
            None,
        )],
        vec![],
    )
}

#[test]
fn http_jwks_is_fetched_once_and_cached() {
    let base = serve("200 OK", Some("application/jwk-set+json"), "", jwks_body());
    let url = format!("{base}/sso/jwks/{CLIENT}");
    let v = http_verifier(&url);
    let first = v.check(&token(&claims(), rsa()), NOW).unwrap();
    assert_eq!(first.jwks.source, "http");
    let second = v.check(&token(&claims(), rsa()), NOW).unwrap();
    assert_eq!(second.jwks.source, "cache");
}

#[test]
fn no_store_jwks_is_not_cached() {
    let base = serve(
        "200 OK",
        Some("application/json; charset=utf-8"),
        "Cache-Control: no-store\r\n",
        jwks_body(),
    );
    let v = http_verifier(&format!("{base}/jwks"));
    assert_eq!(
        v.check(&token(&claims(), rsa()), NOW).unwrap().jwks.source,
        "http"
    );
    assert_eq!(
        v.check(&token(&claims(), rsa()), NOW).unwrap().jwks.source,
        "http"
    );
}

#[test]
fn wrong_jwks_content_type() {
    for (ct, shown) in [
        (Some("text/html; charset=utf-8"), "text/html; charset=utf-8"),
        (
            Some("application/json; charset=iso-8859-1"),
            "application/json; charset=iso-8859-1",
        ),
        (None, "unknown"),
    ] {
        let base = serve("200 OK", ct, "", jwks_body());
        let url = format!("{base}/jwks");
        let r = reject(&http_verifier(&url), &token(&claims(), rsa()));
        assert_rejected(
            &r,
            "InvalidAuthHeader",
            &format!(
                "Invalid Content-Type '{shown}' when fetching JWKS from '{url}'. Expected 'application/json' or 'application/jwk-set+json'."
            ),
        );
    }
}

#[test]
fn jwks_http_errors() {
    let base = serve(
        "404 Not Found",
        Some("application/json"),
        "",
        "{\"message\":\"Not Found\"}".into(),
    );
    let url = format!("{base}/sso/jwks/client_01JNEVERSEEN00000000000000");
    let r = reject(&http_verifier(&url), &token(&claims(), rsa()));
    assert_rejected(
        &r,
        "InvalidAuthHeader",
        &format!(
            "Could not fetch JWKS from URL '{url}': HTTP 404 Not Found. Check that the URL is correct and accessible."
        ),
    );
    assert!(
        r.hints
            .iter()
            .any(|h| h.contains("`client_01JNEVERSEEN00000000000000`")),
        "{r:#?}"
    );

    let base = serve("200 OK", Some("application/json"), "", "<html>".into());
    let url = format!("{base}/jwks");
    let r = reject(&http_verifier(&url), &token(&claims(), rsa()));
    assert_rejected(
        &r,
        "InvalidAuthHeader",
        &format!(
            "Invalid JWKS response body from '{url}'. The response is not valid JSON or doesn't match the expected JWKS format."
        ),
    );
}

#[test]
fn unreachable_jwks() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/sso/jwks/{CLIENT}");
    let v = http_verifier(&url).with_timeout(std::time::Duration::from_secs(2));
    let r = reject(&v, &token(&claims(), rsa()));
    assert_eq!(r.code, "InvalidAuthHeader");
    let prefix = format!("Could not fetch JWKS from URL '{url}': ");
    assert!(r.message.starts_with(&prefix), "{}", r.message);
    assert!(
        r.message
            .ends_with(". Check that the URL is correct and accessible."),
        "{}",
        r.message
    );
    assert!(
        r.diagnosis.iter().any(|d| d.contains("is unreachable")),
        "{r:#?}"
    );
    assert!(
        r.hints.iter().any(|h| h.contains("start the emulator")),
        "{r:#?}"
    );
}

#[test]
fn jwks_override_is_applied_and_reported() {
    let base = serve("200 OK", Some("application/json"), "", jwks_body());
    let configured = format!("https://api.workos.com/sso/jwks/{CLIENT}");
    let o = JwksOverride::parse(&format!(
        "https://api.workos.com/sso/jwks/={base}/sso/jwks/"
    ))
    .unwrap();
    let v = Verifier::from_providers(
        vec![Provider::custom_jwt(
            um_issuer(),
            &configured,
            Algorithm::RS256,
            None,
        )],
        vec![o.clone()],
    );
    let a = v.check(&token(&claims(), rsa()), NOW).unwrap();
    assert_eq!(a.jwks.url, format!("{base}/sso/jwks/{CLIENT}"));
    assert_eq!(a.jwks.configured, configured);
    assert_eq!(a.jwks.applied_override, Some(o));
    // Never implicit: without it, the configured URL is used.
    assert_eq!(
        Verifier::from_providers(vec![], vec![]).effective_jwks(&configured),
        (configured, None)
    );
}

#[test]
fn oidc_providers_route_but_are_not_verified() {
    let v = Verifier::from_providers(
        vec![Provider::Oidc {
            domain: um_issuer(),
            application_id: "app".into(),
        }],
        vec![],
    );
    let r = reject(&v, &token(&with(claims(), json!({"aud": "app"})), rsa()));
    assert_eq!(
        (r.code.as_str(), r.provider_index),
        ("OidcNotChecked", Some(0))
    );
}

#[test]
fn garbage_tokens_are_rejected_without_panicking() {
    const PARSE: &str = "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.";
    let b = crate::token::testkit::b64;
    for garbage in [
        "",
        ".",
        "..",
        "...",
        "a",
        "a.b",
        "a.b.c",
        "eyJ.eyJ.eyJ",
        "not a token at all",
        "💥.💥.💥",
        "Bearer abc",
    ] {
        let r = reject(&verifier(), garbage);
        assert_rejected(&r, "InvalidAuthHeader", PARSE);
    }
    // Parseable payloads with bad registered claims fail the same way.
    for payload in [
        json!([1]),
        json!("s"),
        json!({"iss": 5}),
        json!({"iss": "x", "exp": "soon"}),
        json!({"iss": "x", "aud": [1]}),
        json!({"iss": "x", "exp": 1.5}),
    ] {
        let r = reject(&verifier(), &format!("e30.{}.", b(&payload)));
        assert_rejected(&r, "InvalidAuthHeader", PARSE);
    }
    // A routable payload with a broken header or signature is a decode failure.
    for tok in [
        format!("x.{}", b(&claims())),
        format!("x.{}.", b(&claims())),
        format!(
            "{}.{}.!!",
            b(&json!({"alg": "RS256", "kid": "rsa-key-1"})),
            b(&claims())
        ),
        format!(
            "{}.{}.a.b.c",
            b(&json!({"alg": "RS256", "kid": "rsa-key-1"})),
            b(&claims())
        ),
    ] {
        let r = reject(&verifier(), &tok);
        assert_eq!(r.code, "InvalidAuthHeader");
        assert!(
            r.message.starts_with("Could not decode token."),
            "{tok}: {}",
            r.message
        );
    }
    // Every single-character corruption of a valid token is rejected, never panics.
    let good = token(&claims(), rsa());
    let bytes = good.as_bytes();
    for i in (0..bytes.len()).step_by(7) {
        for c in [b'.', b'A', b'-', b'='] {
            let mut t = bytes.to_vec();
            if t[i] == c {
                continue;
            }
            t[i] = c;
            let t = String::from_utf8(t).unwrap();
            if let Ok(id) = verifier().verify(&t, NOW) {
                // Only base64 "padding bit" changes in the signature's last char can survive.
                assert_eq!(id.subject, "user_01", "{t}");
            }
        }
    }
}
