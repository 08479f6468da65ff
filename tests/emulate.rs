//! `convex-authkit emulate`: every strictness rule, the token shape, CORS, refresh rotation,
//! logout, the management endpoints and malformed input, through the library API in-process
//! (ureq with redirects off), plus a few runs of the binary. Expiry uses the emulator's clock
//! hook; nothing here depends on timing.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use convex_authkit::emulator::{
    self, ClientConfig, DEFAULT_API_KEY, DEFAULT_CLIENT_ID, EmulatorConfig, EmulatorHandle,
};
use serde_json::{Value, json};

const CALLBACK: &str = "http://localhost:5173/callback";
const ORIGIN: &str = "http://localhost:5173";

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into()
}

struct Resp {
    status: u16,
    headers: HashMap<String, String>,
    body: String,
}

impl Resp {
    fn from(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Resp {
        let mut r = r.expect("request failed at the transport level");
        let headers = r
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    v.to_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let mut body = String::new();
        r.body_mut().as_reader().read_to_string(&mut body).unwrap();
        Resp {
            status: r.status().as_u16(),
            headers,
            body,
        }
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
    /// The query parameters of the `Location` header.
    fn location_params(&self) -> HashMap<String, String> {
        let loc = self.header("location").expect("no Location header");
        url::Url::parse(loc)
            .unwrap()
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

fn get(url: &str) -> Resp {
    Resp::from(agent().get(url).call())
}

fn post_json(url: &str, body: &Value) -> Resp {
    Resp::from(
        agent()
            .post(url)
            .header("content-type", "application/json")
            .send(body.to_string()),
    )
}

struct Pkce {
    verifier: String,
    challenge: String,
}

fn pkce() -> Pkce {
    // The shape authkit-js uses: base64url of 384 random bytes (512 characters).
    let bytes: Vec<u8> = emulator::ids::secret().bytes().cycle().take(384).collect();
    let verifier = URL_SAFE_NO_PAD.encode(bytes) + &emulator::ids::secret();
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    Pkce {
        challenge: URL_SAFE_NO_PAD.encode(digest.as_ref()),
        verifier,
    }
}

fn authorize_url(emu: &EmulatorHandle, params: &[(&str, &str)]) -> String {
    let mut u = url::Url::parse(&format!("{}/user_management/authorize", emu.url)).unwrap();
    u.query_pairs_mut().extend_pairs(params);
    u.to_string()
}

/// The standard authkit-js parameters for the default client, plus `extra`.
fn sign_in_params<'a>(p: &'a Pkce, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v = vec![
        ("client_id", DEFAULT_CLIENT_ID),
        ("code_challenge", p.challenge.as_str()),
        ("code_challenge_method", "S256"),
        ("provider", "authkit"),
        ("redirect_uri", CALLBACK),
        ("response_type", "code"),
    ];
    for (k, val) in extra {
        v.retain(|(key, _)| key != k);
        v.push((k, val));
    }
    v
}

/// authorize with `login_hint` → the code.
fn code_for(emu: &EmulatorHandle, email: &str, p: &Pkce) -> String {
    let r = get(&authorize_url(
        emu,
        &sign_in_params(p, &[("login_hint", email)]),
    ));
    assert_eq!(r.status, 302, "{}", r.body);
    r.location_params()["code"].clone()
}

fn exchange(emu: &EmulatorHandle, client_id: &str, code: &str, verifier: &str) -> Resp {
    post_json(
        &format!("{}/user_management/authenticate", emu.url),
        &json!({"code": code, "client_id": client_id, "grant_type": "authorization_code",
                "code_verifier": verifier}),
    )
}

fn refresh(emu: &EmulatorHandle, token: &str) -> Resp {
    post_json(
        &format!("{}/user_management/authenticate", emu.url),
        &json!({"client_id": DEFAULT_CLIENT_ID, "grant_type": "refresh_token",
                "refresh_token": token}),
    )
}

/// A full sign-in: authorize → code → authenticate; the 200 response body.
fn sign_in(emu: &EmulatorHandle, email: &str) -> Value {
    let p = pkce();
    let code = code_for(emu, email, &p);
    let r = exchange(emu, DEFAULT_CLIENT_ID, &code, &p.verifier);
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn start_default() -> EmulatorHandle {
    emulator::start(EmulatorConfig::default(), 0).unwrap()
}

fn assert_invalid_grant(r: &Resp) {
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.json()["error"], "invalid_grant", "{}", r.body);
    assert!(r.json()["error_description"].is_string());
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[test]
fn token_has_authkit_shape_and_verifies_against_served_jwks() {
    let emu = start_default();
    let body = sign_in(&emu, "alice@example.com");

    let user = &body["user"];
    assert_eq!(user["object"], "user");
    assert_eq!(user["id"], "user_01EMULATORALICE");
    assert_eq!(user["email"], "alice@example.com");
    assert_eq!(user["first_name"], "Alice");
    assert_eq!(body["organization_id"], "org_01EMULATORACME");
    assert_eq!(body["authentication_method"], "Password");
    assert!(body["refresh_token"].as_str().unwrap().len() >= 32);

    let token = body["access_token"].as_str().unwrap();
    let header = jsonwebtoken::decode_header(token).unwrap();
    assert_eq!(header.alg, jsonwebtoken::Algorithm::RS256);
    assert_eq!(header.kid.as_deref(), Some(emu.kid()));

    let claims = claims_of(token);
    let keys: Vec<&str> = claims
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "iss",
            "sub",
            "sid",
            "jti",
            "org_id",
            "role",
            "roles",
            "permissions",
            "iat",
            "exp"
        ]
    );
    assert_eq!(
        claims["iss"],
        format!("https://api.workos.com/user_management/{DEFAULT_CLIENT_ID}")
    );
    assert_eq!(claims["sub"], "user_01EMULATORALICE");
    let sid = claims["sid"].as_str().unwrap();
    assert!(sid.starts_with("session_01") && sid.len() == "session_".len() + 26);
    assert_eq!(claims["jti"].as_str().unwrap().len(), 26);
    assert_eq!(claims["org_id"], "org_01EMULATORACME");
    assert_eq!(claims["role"], "admin");
    assert_eq!(claims["roles"], json!(["admin"]));
    assert_eq!(
        claims["permissions"],
        json!(["widgets:read", "widgets:write"])
    );
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        300
    );

    // The served JWKS verifies the signature.
    let jwks = get(&emu.jwks_url(DEFAULT_CLIENT_ID));
    assert_eq!(jwks.status, 200);
    assert_eq!(jwks.header("content-type"), Some("application/json"));
    assert_eq!(jwks.header("cache-control"), Some("no-store"));
    assert_eq!(jwks.body, emu.jwks());
    let set: jsonwebtoken::jwk::JwkSet = serde_json::from_str(&jwks.body).unwrap();
    let raw = jwks.json();
    let key = &raw["keys"][0];
    assert_eq!(
        (&key["kty"], &key["alg"], &key["use"], &key["e"]),
        (
            &json!("RSA"),
            &json!("RS256"),
            &json!("sig"),
            &json!("AQAB")
        )
    );
    let jwk = set.find(header.kid.as_deref().unwrap()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_issuer(&[emu.issuer(DEFAULT_CLIENT_ID)]);
    validation.set_required_spec_claims(&["exp", "iss", "sub"]);
    let decoded = jsonwebtoken::decode::<Value>(
        token,
        &jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap(),
        &validation,
    )
    .unwrap();
    assert_eq!(decoded.claims["sub"], "user_01EMULATORALICE");

    // A tampered token does not verify.
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    let mut forged = claims.clone();
    forged["sub"] = json!("user_01EMULATORBOB");
    parts[1] = URL_SAFE_NO_PAD.encode(forged.to_string());
    assert!(
        jsonwebtoken::decode::<Value>(
            &parts.join("."),
            &jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap(),
            &validation,
        )
        .is_err()
    );
}

#[test]
fn user_without_membership_gets_no_org_claims() {
    let emu = start_default();
    let body = sign_in(&emu, "BOB@example.com");
    assert_eq!(body["user"]["id"], "user_01EMULATORBOB");
    assert!(body.get("organization_id").is_none(), "{body}");
    let claims = claims_of(body["access_token"].as_str().unwrap());
    for absent in ["org_id", "role", "roles", "permissions", "aud"] {
        assert!(claims.get(absent).is_none(), "{absent} in {claims}");
    }
}

#[test]
fn issuer_audience_and_ttl_come_from_the_config() {
    let config = EmulatorConfig {
        issuer: Some("https://auth.example.com/user_management/{client_id}".into()),
        audience: Some(DEFAULT_CLIENT_ID.into()),
        access_token_ttl_seconds: 60,
        ..EmulatorConfig::default()
    };
    let emu = emulator::start(config, 0).unwrap();
    let claims = claims_of(
        sign_in(&emu, "alice@example.com")["access_token"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(
        claims["iss"],
        format!("https://auth.example.com/user_management/{DEFAULT_CLIENT_ID}")
    );
    assert_eq!(claims["aud"], DEFAULT_CLIENT_ID);
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        60
    );
}

#[test]
fn configured_signing_key_gives_a_stable_jwks() {
    use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
    let key = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    let der: Pkcs8V1Der = key.as_der().unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(der.as_ref());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("key.pem"),
        format!("-----BEGIN PRIVATE KEY-----\n{b64}\n-----END PRIVATE KEY-----\n"),
    )
    .unwrap();
    let mut config = serde_json::to_value(EmulatorConfig::default()).unwrap();
    config["signing_key"] = json!({"pem_file": "key.pem", "kid": "stable-1"});
    let path = dir.path().join("emulate.json");
    std::fs::write(&path, config.to_string()).unwrap();

    let a = emulator::start(EmulatorConfig::from_file(&path).unwrap(), 0).unwrap();
    let b = emulator::start(EmulatorConfig::from_file(&path).unwrap(), 0).unwrap();
    assert_eq!(a.jwks(), b.jwks());
    assert_eq!(a.kid(), "stable-1");
    let c = start_default();
    let d = start_default();
    assert_ne!(c.kid(), d.kid(), "generated keys differ per run");
}

// ---------------------------------------------------------------------------------------------
// Authorize

#[test]
fn unknown_or_missing_client_gets_the_client_id_invalid_page() {
    let emu = start_default();
    let p = pkce();
    for params in [
        sign_in_params(&p, &[("client_id", "client_01JNEVERSEEN00000000000000")]),
        sign_in_params(&p, &[("client_id", "")]),
    ] {
        let r = get(&authorize_url(&emu, &params));
        assert_eq!(r.status, 400);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert!(
            r.body.contains(r#"data-hak-page="client-id-invalid""#),
            "{}",
            r.body
        );
        assert!(r.header("location").is_none());
    }
}

#[test]
fn redirect_uri_must_be_registered_exactly() {
    let mut config = EmulatorConfig::default();
    config.clients[0].redirect_uris = vec![CALLBACK.into()];
    let emu = emulator::start(config, 0).unwrap();
    let p = pkce();
    for bad in [
        "http://127.0.0.1:5173/callback", // localhost ≠ 127.0.0.1
        "http://localhost:5174/callback", // another port
        "http://localhost:5173/callback/",
        "http://localhost:5173/Callback",
        "https://localhost:5173/callback",
        "http://localhost:5173",
        "",
    ] {
        let r = get(&authorize_url(
            &emu,
            &sign_in_params(
                &p,
                &[("redirect_uri", bad), ("login_hint", "alice@example.com")],
            ),
        ));
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.body.contains(r#"data-hak-page="redirect-uri-invalid""#));
        assert!(r.body.contains("Invalid redirect URI"));
        assert!(r.body.contains(CALLBACK), "lists the registered URI");
        assert!(r.header("location").is_none(), "{bad}");
    }
    let ok = get(&authorize_url(
        &emu,
        &sign_in_params(&p, &[("login_hint", "alice@example.com")]),
    ));
    assert_eq!(ok.status, 302);
}

/// The default configuration with no API key: its client can only be a public one.
fn public_only() -> EmulatorConfig {
    let mut config = EmulatorConfig::default();
    config.clients[0].api_keys.clear();
    config
}

#[test]
fn pkce_s256_response_type_and_provider_are_required() {
    // For a client without an API key; one with a key may skip PKCE (see the confidential tests).
    let emu = emulator::start(public_only(), 0).unwrap();
    let p = pkce();
    let base = sign_in_params(&p, &[("login_hint", "alice@example.com")]);
    let without = |key: &str| -> Vec<(&str, &str)> {
        base.iter().filter(|(k, _)| *k != key).cloned().collect()
    };
    let with = |key: &'static str, value: &'static str| -> Vec<(&str, &str)> {
        let mut v = without(key);
        v.push((key, value));
        v
    };
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("no code_challenge", without("code_challenge")),
        ("no PKCE at all", {
            let mut v = without("code_challenge");
            v.retain(|(k, _)| *k != "code_challenge_method");
            v
        }),
        ("no method", without("code_challenge_method")),
        ("plain", with("code_challenge_method", "plain")),
        ("s256 lowercase", with("code_challenge_method", "s256")),
        ("not a digest", with("code_challenge", "short")),
        ("no response_type", without("response_type")),
        ("token", with("response_type", "token")),
        ("no provider", without("provider")),
        ("other provider", with("provider", "GoogleOAuth")),
    ];
    for (name, params) in cases {
        let r = get(&authorize_url(&emu, &params));
        assert_eq!(r.status, 400, "{name}");
        assert!(r.header("location").is_none(), "{name}");
        assert!(r.body.contains("data-hak-page"), "{name}");
    }
}

#[test]
fn sign_in_page_lists_users_and_redirects_with_state_verbatim() {
    let emu = start_default();
    let p = pkce();
    let state = r#"{"returnTo":"/a b?c=d&e=f#g","n":"ü+%"}"#;
    let r = get(&authorize_url(
        &emu,
        &sign_in_params(&p, &[("state", state)]),
    ));
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("Sign in as Alice Example"), "{}", r.body);
    assert!(r.body.contains("Sign in as Bob Example"));
    assert!(r.body.contains(r#"data-user-email="alice@example.com""#));
    assert!(r.body.contains(emulator::SIGN_IN_PATH));

    // Submit Bob's form as a browser would.
    let form_start = r.body.find(r#"data-user-email="bob@example.com""#).unwrap();
    let form = &r.body[form_start..];
    let value_of = |name: &str| -> String {
        let marker = format!(r#"name="{name}" value=""#);
        let i = form.find(&marker).unwrap() + marker.len();
        form[i..i + form[i..].find('"').unwrap()].to_string()
    };
    let (request, user) = (value_of("request"), value_of("user"));
    let body = format!(
        "request={}&user={}",
        url::form_urlencoded::byte_serialize(request.as_bytes()).collect::<String>(),
        user
    );
    let submit = |body: &str| {
        Resp::from(
            agent()
                .post(format!("{}{}", emu.url, emulator::SIGN_IN_PATH))
                .header("content-type", "application/x-www-form-urlencoded")
                .send(body.to_string()),
        )
    };
    let done = submit(&body);
    assert_eq!(done.status, 303);
    assert!(done.header("location").unwrap().starts_with(CALLBACK));
    let params = done.location_params();
    assert_eq!(params["state"], state);
    let token = exchange(&emu, DEFAULT_CLIENT_ID, &params["code"], &p.verifier);
    assert_eq!(token.json()["user"]["email"], "bob@example.com");

    // The sign-in request is single-use.
    assert_eq!(submit(&body).status, 400);
}

#[test]
fn login_hint_redirects_straight_away_without_state_when_none_given() {
    let emu = start_default();
    let p = pkce();
    let r = get(&authorize_url(
        &emu,
        &sign_in_params(&p, &[("login_hint", "alice@example.com")]),
    ));
    assert_eq!(r.status, 302);
    let params = r.location_params();
    assert!(params.contains_key("code"));
    assert!(!params.contains_key("state"));
    // An unknown hint shows the page instead.
    let page = get(&authorize_url(
        &emu,
        &sign_in_params(&p, &[("login_hint", "nobody@example.com")]),
    ));
    assert_eq!(page.status, 200);
}

// ---------------------------------------------------------------------------------------------
// Authenticate: codes

#[test]
fn codes_are_single_use() {
    let emu = start_default();
    let p = pkce();
    let code = code_for(&emu, "alice@example.com", &p);
    assert_eq!(
        exchange(&emu, DEFAULT_CLIENT_ID, &code, &p.verifier).status,
        200
    );
    let again = exchange(&emu, DEFAULT_CLIENT_ID, &code, &p.verifier);
    assert_invalid_grant(&again);
    assert!(
        again.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("has expired or is invalid")
    );
}

#[test]
fn wrong_verifier_is_rejected_and_burns_the_code() {
    let emu = start_default();
    let p = pkce();
    let code = code_for(&emu, "alice@example.com", &p);
    assert_invalid_grant(&exchange(&emu, DEFAULT_CLIENT_ID, &code, &pkce().verifier));
    // The plain challenge is not accepted as a verifier either (S256 only).
    let code = code_for(&emu, "alice@example.com", &p);
    assert_invalid_grant(&exchange(&emu, DEFAULT_CLIENT_ID, &code, &p.challenge));
    assert_invalid_grant(&exchange(&emu, DEFAULT_CLIENT_ID, &code, &p.verifier));
}

#[test]
fn missing_verifier_is_an_invalid_request() {
    let emu = start_default();
    let p = pkce();
    let code = code_for(&emu, "alice@example.com", &p);
    let r = post_json(
        &format!("{}/user_management/authenticate", emu.url),
        &json!({"code": code, "client_id": DEFAULT_CLIENT_ID, "grant_type": "authorization_code"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "invalid_request");
    // The code survives a request that never reached it.
    assert_eq!(
        exchange(&emu, DEFAULT_CLIENT_ID, &code, &p.verifier).status,
        200
    );
}

#[test]
fn codes_expire_after_ten_minutes() {
    let emu = start_default();
    let p = pkce();
    let fresh = code_for(&emu, "alice@example.com", &p);
    let stale = code_for(&emu, "alice@example.com", &p);
    emu.advance_clock(Duration::from_secs(emulator::CODE_TTL_SECS - 1));
    assert_eq!(
        exchange(&emu, DEFAULT_CLIENT_ID, &fresh, &p.verifier).status,
        200
    );
    emu.advance_clock(Duration::from_secs(2));
    assert_invalid_grant(&exchange(&emu, DEFAULT_CLIENT_ID, &stale, &p.verifier));
}

fn two_clients() -> EmulatorConfig {
    let mut config = EmulatorConfig::default();
    config.clients.push(ClientConfig {
        client_id: "client_01J0THER000000000000000000".into(),
        redirect_uris: vec!["http://localhost:3000/callback".into()],
        cors_origins: vec!["http://localhost:3000".into()],
        homepage_url: None,
        api_keys: vec!["sk_test_other".into()],
    });
    config
}

#[test]
fn code_is_bound_to_its_client() {
    let emu = emulator::start(two_clients(), 0).unwrap();
    let p = pkce();
    let code = code_for(&emu, "alice@example.com", &p);
    assert_invalid_grant(&exchange(
        &emu,
        "client_01J0THER000000000000000000",
        &code,
        &p.verifier,
    ));

    let unknown = exchange(
        &emu,
        "client_01JNEVERSEEN00000000000000",
        &code_for(&emu, "alice@example.com", &p),
        &p.verifier,
    );
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.json()["error"], "invalid_client");

    // A confidential client must send one of its own keys as the secret.
    let code = code_for(&emu, "alice@example.com", &p);
    let url = format!("{}/user_management/authenticate", emu.url);
    let with_secret = |secret: &str, code: &str| {
        post_json(
            &url,
            &json!({"code": code, "client_id": DEFAULT_CLIENT_ID, "client_secret": secret,
                    "grant_type": "authorization_code", "code_verifier": p.verifier}),
        )
    };
    let wrong = with_secret("sk_test_other", &code);
    assert_eq!(wrong.status, 400);
    assert_eq!(wrong.json()["error"], "invalid_client");
    assert_eq!(with_secret(DEFAULT_API_KEY, &code).status, 200);
}

#[test]
fn form_encoded_bodies_are_accepted() {
    let emu = start_default();
    let p = pkce();
    let code = code_for(&emu, "alice@example.com", &p);
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "authorization_code")
        .append_pair("client_id", DEFAULT_CLIENT_ID)
        .append_pair("code", &code)
        .append_pair("code_verifier", &p.verifier)
        .finish();
    let r = Resp::from(
        agent()
            .post(format!("{}/user_management/authenticate", emu.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .send(body),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

// ---------------------------------------------------------------------------------------------
// Confidential clients: the server flow of `@workos-inc/node` (authkit-nextjs, TanStack Start)

/// `POST /user_management/authenticate` as `@workos-inc/node` 10.x sends it from an app's server:
/// JSON, its `Accept` and `User-Agent`, the API key as `Authorization: Bearer` (when it has one),
/// and no `Origin`.
fn node_authenticate(emu: &EmulatorHandle, bearer: Option<&str>, body: &Value) -> Resp {
    let mut req = agent()
        .post(format!("{}/user_management/authenticate", emu.url))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/plain, */*")
        .header("user-agent", "workos-node/10.14.0");
    if let Some(key) = bearer {
        req = req.header("authorization", format!("Bearer {key}"));
    }
    Resp::from(req.send(body.to_string()))
}

/// `authenticateWithCode` with an API key: `client_secret` always, `code_verifier` when given.
fn node_code_exchange(emu: &EmulatorHandle, key: &str, code: &str, verifier: Option<&str>) -> Resp {
    let mut body = json!({"grant_type": "authorization_code", "client_id": DEFAULT_CLIENT_ID,
                          "client_secret": key, "code": code,
                          "ip_address": "203.0.113.42", "user_agent": "Mozilla/5.0"});
    if let Some(v) = verifier {
        body["code_verifier"] = json!(v);
    }
    node_authenticate(emu, Some(key), &body)
}

/// `authenticateWithRefreshToken` with an API key.
fn node_refresh(emu: &EmulatorHandle, key: Option<&str>, token: &str) -> Resp {
    let mut body = json!({"grant_type": "refresh_token", "client_id": DEFAULT_CLIENT_ID,
                          "refresh_token": token});
    if let Some(k) = key {
        body["client_secret"] = json!(k);
    }
    node_authenticate(emu, key, &body)
}

/// `getAuthorizationUrl({provider: 'authkit', …})` without PKCE, plus `extra`.
fn confidential_authorize(emu: &EmulatorHandle, extra: &[(&str, &str)]) -> String {
    let mut params = vec![
        ("client_id", DEFAULT_CLIENT_ID),
        ("provider", "authkit"),
        ("redirect_uri", CALLBACK),
        ("response_type", "code"),
    ];
    params.extend_from_slice(extra);
    authorize_url(emu, &params)
}

/// A confidential sign-in's code, through `login_hint`.
fn confidential_code(emu: &EmulatorHandle, email: &str) -> String {
    let r = get(&confidential_authorize(emu, &[("login_hint", email)]));
    assert_eq!(r.status, 302, "{}", r.body);
    r.location_params()["code"].clone()
}

/// Submits `email`'s form on a sign-in page, as a browser would: the 303 back to the app.
fn submit_sign_in_page(emu: &EmulatorHandle, page: &str, email: &str) -> Resp {
    let form = &page[page
        .find(&format!(r#"data-user-email="{email}""#))
        .expect("no form for that user")..];
    let value_of = |name: &str| -> String {
        let marker = format!(r#"name="{name}" value=""#);
        let i = form.find(&marker).unwrap() + marker.len();
        form[i..i + form[i..].find('"').unwrap()].to_string()
    };
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("request", &value_of("request"))
        .append_pair("user", &value_of("user"))
        .finish();
    Resp::from(
        agent()
            .post(format!("{}{}", emu.url, emulator::SIGN_IN_PATH))
            .header("content-type", "application/x-www-form-urlencoded")
            .send(body),
    )
}

fn assert_invalid_client(r: &Resp) {
    assert_eq!(r.status, 400, "{}", r.body);
    let body = r.json();
    assert_eq!(body["error"], "invalid_client", "{}", r.body);
    assert!(body["error_description"].is_string(), "{}", r.body);
    assert_eq!(body.as_object().unwrap().len(), 2, "{}", r.body);
}

#[test]
fn confidential_sign_in_without_pkce_end_to_end() {
    let emu = start_default();
    // The sign-in link a server builds without PKCE; state as authkit-nextjs seals it.
    let state = "Fe26.2**abc*def~2";
    let page = get(&confidential_authorize(&emu, &[("state", state)]));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Sign in as Alice Example"));
    let back = submit_sign_in_page(&emu, &page.body, "alice@example.com");
    assert_eq!(back.status, 303, "{}", back.body);
    let params = back.location_params();
    assert_eq!(params["state"], state);

    // The app's server exchanges the code with its API key: no verifier, no Origin.
    let r = node_code_exchange(&emu, DEFAULT_API_KEY, &params["code"], None);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("access-control-allow-origin"), None);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let body = r.json();
    assert_eq!(body["user"]["object"], "user");
    assert_eq!(body["user"]["id"], "user_01EMULATORALICE");
    assert_eq!(body["organization_id"], "org_01EMULATORACME");
    assert_eq!(body["authentication_method"], "Password");
    assert!(body["refresh_token"].as_str().unwrap().len() >= 32);
    let token = body["access_token"].as_str().unwrap();
    let claims = claims_of(token);
    assert_eq!(claims["iss"], emu.issuer(DEFAULT_CLIENT_ID));
    assert!(claims["sid"].as_str().unwrap().starts_with("session_01"));

    // Convex accepts it: the recommended WorkOS provider, its JWKS fetched from the emulator.
    let issuer = format!("https://api.workos.com/user_management/{DEFAULT_CLIENT_ID}");
    let verifier = convex_authkit::token::Verifier::from_providers(
        vec![convex_authkit::token::Provider::custom_jwt(
            issuer.clone(),
            format!("https://api.workos.com/sso/jwks/{DEFAULT_CLIENT_ID}"),
            convex_authkit::token::Algorithm::RS256,
            None,
        )],
        vec![convex_authkit::token::JwksOverride {
            from: "https://api.workos.com/sso/jwks/".into(),
            to: format!("{}/sso/jwks/", emu.url),
        }],
    );
    let identity = verifier
        .verify(token, convex_authkit::token::unix_now())
        .unwrap_or_else(|r| panic!("{}: {}", r.code, r.message));
    assert_eq!(identity.subject, "user_01EMULATORALICE");
    assert_eq!(
        identity.token_identifier,
        format!("{issuer}|user_01EMULATORALICE")
    );

    // The code was single-use for confidential clients too.
    assert_invalid_grant(&node_code_exchange(
        &emu,
        DEFAULT_API_KEY,
        &params["code"],
        None,
    ));
}

#[test]
fn authkit_nextjs_pkce_plus_client_secret_signs_in() {
    // authkit-nextjs 4.x and authkit-session send both: the challenge at authorize, then the
    // verifier *and* the API key at the exchange.
    let emu = start_default();
    let p = pkce();
    let code = code_for(&emu, "bob@example.com", &p);
    let r = node_code_exchange(&emu, DEFAULT_API_KEY, &code, Some(&p.verifier));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["user"]["email"], "bob@example.com");
    assert!(r.json().get("organization_id").is_none());

    // A wrong verifier is still refused with the right key.
    let code = code_for(&emu, "bob@example.com", &p);
    assert_invalid_grant(&node_code_exchange(
        &emu,
        DEFAULT_API_KEY,
        &code,
        Some(&pkce().verifier),
    ));
}

#[test]
fn pkce_code_needs_its_verifier_even_with_the_secret() {
    let emu = start_default();
    let p = pkce();
    let code = code_for(&emu, "alice@example.com", &p);
    let r = node_code_exchange(&emu, DEFAULT_API_KEY, &code, None);
    assert_invalid_grant(&r);
    assert!(
        r.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("has expired or is invalid")
    );
    // The failed attempt burned the code.
    assert_invalid_grant(&node_code_exchange(
        &emu,
        DEFAULT_API_KEY,
        &code,
        Some(&p.verifier),
    ));
}

#[test]
fn code_without_pkce_needs_the_secret_and_no_verifier() {
    let emu = start_default();
    let url = format!("{}/user_management/authenticate", emu.url);

    // No secret and no verifier: refused before the code is looked at.
    let code = confidential_code(&emu, "alice@example.com");
    let r = post_json(
        &url,
        &json!({"grant_type": "authorization_code", "client_id": DEFAULT_CLIENT_ID, "code": code}),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.json()["error"], "invalid_request");
    assert_eq!(
        node_code_exchange(&emu, DEFAULT_API_KEY, &code, None).status,
        200
    );

    // A public client's exchange (a verifier, no secret) of a code issued without a challenge.
    let code = confidential_code(&emu, "alice@example.com");
    let r = exchange(&emu, DEFAULT_CLIENT_ID, &code, &pkce().verifier);
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(
        r.json(),
        json!({"code": "code_challenge_not_found",
               "message": r.json()["message"].as_str().unwrap()})
    );
    // With the secret and a stray verifier: refused the same way (no PKCE downgrade).
    let code = confidential_code(&emu, "alice@example.com");
    let r = node_code_exchange(&emu, DEFAULT_API_KEY, &code, Some(&pkce().verifier));
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.json()["code"], "code_challenge_not_found");
}

#[test]
fn wrong_or_missing_api_key_is_refused_as_invalid_client() {
    let emu = emulator::start(two_clients(), 0).unwrap();
    let code = confidential_code(&emu, "alice@example.com");
    let with = |bearer: Option<&str>, secret: Option<&str>| {
        let mut body = json!({"grant_type": "authorization_code", "client_id": DEFAULT_CLIENT_ID,
                              "code": code});
        if let Some(s) = secret {
            body["client_secret"] = json!(s);
        }
        node_authenticate(&emu, bearer, &body)
    };
    // Another environment's key, a made-up key, a right secret under a wrong Bearer.
    assert_invalid_client(&with(Some("sk_test_other"), Some("sk_test_other")));
    let wrong = with(Some("sk_test_nope"), Some("sk_test_nope"));
    assert_invalid_client(&wrong);
    assert_eq!(
        wrong.json()["error_description"],
        "Invalid client secret.",
        "what @workos-inc/node shows for a wrong WORKOS_API_KEY"
    );
    assert_invalid_client(&with(None, Some("sk_test_nope")));
    assert_invalid_client(&with(Some("sk_test_nope"), Some(DEFAULT_API_KEY)));
    let basic = Resp::from(
        agent()
            .post(format!("{}/user_management/authenticate", emu.url))
            .header("content-type", "application/json")
            .header("authorization", format!("Basic {DEFAULT_API_KEY}"))
            .send(
                json!({"grant_type": "authorization_code", "client_id": DEFAULT_CLIENT_ID,
                       "client_secret": DEFAULT_API_KEY, "code": code})
                .to_string(),
            ),
    );
    assert_invalid_client(&basic);
    // An unknown client.
    let unknown = node_authenticate(
        &emu,
        Some(DEFAULT_API_KEY),
        &json!({"grant_type": "authorization_code", "client_id": "client_01NOPE",
                "client_secret": DEFAULT_API_KEY, "code": code}),
    );
    assert_invalid_client(&unknown);
    // No secret at all (and no verifier): the code can't be exchanged.
    let missing = with(None, None);
    assert_eq!(missing.status, 400, "{}", missing.body);
    assert_eq!(missing.json()["error"], "invalid_request");

    // None of these reached the code: the right key still exchanges it.
    assert_eq!(
        with(Some(DEFAULT_API_KEY), Some(DEFAULT_API_KEY)).status,
        200
    );
}

#[test]
fn confidential_refresh_rotates_and_needs_the_secret() {
    let emu = start_default();
    let code = confidential_code(&emu, "alice@example.com");
    let first = node_code_exchange(&emu, DEFAULT_API_KEY, &code, None).json();
    let old = first["refresh_token"].as_str().unwrap();
    let sid = claims_of(first["access_token"].as_str().unwrap())["sid"].clone();

    // Without the secret, or with a wrong one: refused, and the token is not rotated.
    assert_invalid_client(&node_refresh(&emu, None, old));
    assert_invalid_client(&node_refresh(&emu, Some("sk_test_nope"), old));

    // authkit-nextjs refreshes with the API key and the current org_id.
    let r = node_authenticate(
        &emu,
        Some(DEFAULT_API_KEY),
        &json!({"grant_type": "refresh_token", "client_id": DEFAULT_CLIENT_ID,
                "client_secret": DEFAULT_API_KEY, "refresh_token": old,
                "organization_id": "org_01EMULATORACME"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let second = r.json();
    let new = second["refresh_token"].as_str().unwrap();
    assert_ne!(new, old);
    let claims = claims_of(second["access_token"].as_str().unwrap());
    assert_eq!(claims["sid"], sid, "same session");
    assert_eq!(claims["org_id"], "org_01EMULATORACME");

    // Rotation: the old token is dead, the new one works (once).
    let reused = node_refresh(&emu, Some(DEFAULT_API_KEY), old);
    assert_invalid_grant(&reused);
    assert_eq!(reused.json()["error_description"], "Invalid refresh token.");
    assert_eq!(node_refresh(&emu, Some(DEFAULT_API_KEY), new).status, 200);
    assert_invalid_grant(&node_refresh(&emu, Some(DEFAULT_API_KEY), new));
}

#[test]
fn confidential_logout_revokes_the_session() {
    let emu = start_default();
    let code = confidential_code(&emu, "alice@example.com");
    let body = node_code_exchange(&emu, DEFAULT_API_KEY, &code, None).json();
    let sid = claims_of(body["access_token"].as_str().unwrap())["sid"]
        .as_str()
        .unwrap()
        .to_string();
    // `getLogoutUrl({sessionId, returnTo})`, followed by the browser.
    let mut u = url::Url::parse(&format!("{}/user_management/sessions/logout", emu.url)).unwrap();
    u.query_pairs_mut()
        .append_pair("session_id", &sid)
        .append_pair("return_to", "http://localhost:5173/");
    let r = get(u.as_str());
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some("http://localhost:5173/"));
    // The server's next refresh fails: authkit-nextjs then deletes its session cookie.
    assert_invalid_grant(&node_refresh(
        &emu,
        Some(DEFAULT_API_KEY),
        body["refresh_token"].as_str().unwrap(),
    ));
}

#[test]
fn only_a_client_with_an_api_key_may_skip_pkce() {
    let emu = emulator::start(public_only(), 0).unwrap();
    let r = get(&confidential_authorize(
        &emu,
        &[("login_hint", "alice@example.com")],
    ));
    assert_eq!(r.status, 400);
    assert!(r.header("location").is_none());
    assert!(r.body.contains("has no API key"), "{}", r.body);

    let emu = start_default();
    // A method without a challenge is malformed, key or not.
    let r = get(&confidential_authorize(
        &emu,
        &[
            ("login_hint", "alice@example.com"),
            ("code_challenge_method", "S256"),
        ],
    ));
    assert_eq!(r.status, 400);
    assert_eq!(
        get(&confidential_authorize(
            &emu,
            &[("login_hint", "alice@example.com")]
        ))
        .status,
        302
    );
}

// ---------------------------------------------------------------------------------------------
// Refresh and logout

#[test]
fn refresh_rotates_the_token() {
    let emu = start_default();
    let first = sign_in(&emu, "alice@example.com");
    let old = first["refresh_token"].as_str().unwrap();
    let sid = claims_of(first["access_token"].as_str().unwrap())["sid"].clone();

    let second = refresh(&emu, old);
    assert_eq!(second.status, 200, "{}", second.body);
    let second = second.json();
    let new = second["refresh_token"].as_str().unwrap();
    assert_ne!(new, old);
    let claims = claims_of(second["access_token"].as_str().unwrap());
    assert_eq!(claims["sid"], sid, "same session");
    assert_eq!(claims["org_id"], "org_01EMULATORACME");

    let reused = refresh(&emu, old);
    assert_invalid_grant(&reused);
    assert_eq!(reused.json()["error_description"], "Invalid refresh token.");
    assert_eq!(refresh(&emu, new).status, 200);
}

#[test]
fn refresh_checks_client_and_organization() {
    let emu = emulator::start(two_clients(), 0).unwrap();
    let body = sign_in(&emu, "alice@example.com");
    let token = body["refresh_token"].as_str().unwrap();
    let url = format!("{}/user_management/authenticate", emu.url);
    let other = post_json(
        &url,
        &json!({"client_id": "client_01J0THER000000000000000000", "grant_type": "refresh_token", "refresh_token": token}),
    );
    assert_invalid_grant(&other);
    // The failed attempt did not rotate it.
    let not_member = post_json(
        &url,
        &json!({"client_id": DEFAULT_CLIENT_ID, "grant_type": "refresh_token",
                "refresh_token": token, "organization_id": "org_01ELSEWHERE"}),
    );
    assert_invalid_grant(&not_member);
    let missing = post_json(
        &url,
        &json!({"client_id": DEFAULT_CLIENT_ID, "grant_type": "refresh_token"}),
    );
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json()["error"], "invalid_request");
    assert_eq!(refresh(&emu, token).status, 200);
}

#[test]
fn logout_revokes_the_session_and_redirects() {
    let emu = start_default();
    let body = sign_in(&emu, "alice@example.com");
    let sid = claims_of(body["access_token"].as_str().unwrap())["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let token = body["refresh_token"].as_str().unwrap();
    let logout = |params: &[(&str, &str)]| {
        let mut u =
            url::Url::parse(&format!("{}/user_management/sessions/logout", emu.url)).unwrap();
        u.query_pairs_mut().extend_pairs(params);
        get(u.as_str())
    };
    let r = logout(&[
        ("session_id", &sid),
        ("return_to", "http://localhost:5173/bye"),
    ]);
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some("http://localhost:5173/bye"));
    assert_invalid_grant(&refresh(&emu, token));

    // Without return_to: the client's homepage.
    let other = sign_in(&emu, "bob@example.com");
    let sid = claims_of(other["access_token"].as_str().unwrap())["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let r = logout(&[("session_id", &sid)]);
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some("http://localhost:5173"));
    assert_invalid_grant(&refresh(&emu, other["refresh_token"].as_str().unwrap()));

    let missing = logout(&[]);
    assert_eq!(missing.status, 422);
    assert!(missing.json()["message"].is_string());
}

#[test]
fn logout_with_a_path_as_return_to_goes_to_the_homepage() {
    // @workos/authkit-tanstack-react-start's signOut() sends `return_to=/` by default (its
    // README: a path; WorkOS then uses the sign-out redirect, else the app homepage URL).
    let emu = start_default();
    let logout = |sid: &str, return_to: &str| {
        let mut u =
            url::Url::parse(&format!("{}/user_management/sessions/logout", emu.url)).unwrap();
        u.query_pairs_mut()
            .append_pair("session_id", sid)
            .append_pair("return_to", return_to);
        get(u.as_str())
    };
    for path in ["/", "/goodbye?x=1"] {
        let body = sign_in(&emu, "alice@example.com");
        let sid = claims_of(body["access_token"].as_str().unwrap())["sid"]
            .as_str()
            .unwrap()
            .to_string();
        let r = logout(&sid, path);
        assert_eq!(r.status, 302, "{path}: {}", r.body);
        assert_eq!(
            r.header("location"),
            Some("http://localhost:5173"),
            "{path}"
        );
        assert_invalid_grant(&refresh(&emu, body["refresh_token"].as_str().unwrap()));
    }
    // A protocol-relative URL is neither a path nor an absolute URL.
    let r = logout("session_x", "//evil.example/");
    assert_eq!(r.status, 422);
    assert!(r.json()["message"].is_string());
}

#[test]
fn logout_with_a_path_and_no_homepage_shows_the_error_page() {
    let mut config = EmulatorConfig::default();
    config.clients[0].homepage_url = None;
    let emu = emulator::start(config, 0).unwrap();
    let body = sign_in(&emu, "alice@example.com");
    let sid = claims_of(body["access_token"].as_str().unwrap())["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let r = get(&format!(
        "{}/user_management/sessions/logout?session_id={sid}&return_to=%2F",
        emu.url
    ));
    assert_eq!(r.status, 400);
    assert!(
        r.body
            .contains(r#"data-hak-page="app-homepage-url-not-found""#)
    );
}

#[test]
fn logout_without_return_to_or_homepage_shows_the_error_page() {
    let mut config = EmulatorConfig::default();
    config.clients[0].homepage_url = None;
    let emu = emulator::start(config, 0).unwrap();
    let body = sign_in(&emu, "alice@example.com");
    let sid = claims_of(body["access_token"].as_str().unwrap())["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let r = get(&format!(
        "{}/user_management/sessions/logout?session_id={sid}",
        emu.url
    ));
    assert_eq!(r.status, 400);
    assert!(
        r.body
            .contains(r#"data-hak-page="app-homepage-url-not-found""#)
    );
    // The session is revoked all the same.
    assert_invalid_grant(&refresh(&emu, body["refresh_token"].as_str().unwrap()));
}

// ---------------------------------------------------------------------------------------------
// CORS

fn preflight(emu: &EmulatorHandle, origin: &str) -> Resp {
    Resp::from(
        agent()
            .options(format!("{}/user_management/authenticate", emu.url))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .call(),
    )
}

#[test]
fn cors_headers_only_for_registered_origins() {
    let emu = start_default();
    let ok = preflight(&emu, ORIGIN);
    assert!(ok.status < 300);
    assert_eq!(ok.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(ok.header("access-control-allow-credentials"), Some("true"));
    assert!(
        ok.header("access-control-allow-methods")
            .unwrap()
            .contains("POST")
    );
    assert!(
        ok.header("access-control-allow-headers")
            .unwrap()
            .contains("content-type")
    );

    for origin in [
        "http://localhost:5174",
        "http://127.0.0.1:5174",
        "https://localhost:5173",
        "null",
    ] {
        let no = preflight(&emu, origin);
        assert!(no.status < 500);
        assert!(
            no.header("access-control-allow-origin").is_none(),
            "{origin}"
        );
        assert!(no.header("access-control-allow-credentials").is_none());
    }

    // The actual POST carries the header only for a registered origin.
    let p = pkce();
    let post_from = |origin: &str| {
        let code = code_for(&emu, "alice@example.com", &p);
        Resp::from(
            agent()
                .post(format!("{}/user_management/authenticate", emu.url))
                .header("origin", origin)
                .header("content-type", "application/json")
                .send(
                    json!({"code": code, "client_id": DEFAULT_CLIENT_ID,
                           "grant_type": "authorization_code", "code_verifier": p.verifier})
                    .to_string(),
                ),
        )
    };
    let allowed = post_from("http://127.0.0.1:5173");
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("http://127.0.0.1:5173")
    );
    let blocked = post_from("http://localhost:8080");
    assert!(blocked.header("access-control-allow-origin").is_none());
}

// ---------------------------------------------------------------------------------------------
// Management endpoints

fn manage(emu: &EmulatorHandle, method: &str, path: &str, key: Option<&str>, body: &str) -> Resp {
    let url = format!("{}{path}", emu.url);
    let a = agent();
    let req = match method {
        "PUT" => a.put(&url),
        _ => a.post(&url),
    };
    let req = req.header("content-type", "application/json");
    let req = match key {
        Some(k) => req.header("authorization", format!("Bearer {k}")),
        None => req,
    };
    Resp::from(req.send(body.to_string()))
}

#[test]
fn management_endpoints_need_the_api_key() {
    let emu = start_default();
    for (method, path, body) in [
        (
            "POST",
            "/user_management/redirect_uris",
            r#"{"uri":"http://localhost:3000/cb"}"#,
        ),
        (
            "POST",
            "/user_management/cors_origins",
            r#"{"origin":"http://localhost:3000"}"#,
        ),
        (
            "PUT",
            "/user_management/app_homepage_url",
            r#"{"url":"http://localhost:3000"}"#,
        ),
    ] {
        for key in [None, Some("sk_test_wrong"), Some("")] {
            let r = manage(&emu, method, path, key, body);
            assert_eq!(r.status, 401, "{path} {key:?}");
        }
    }
}

#[test]
fn management_endpoints_change_what_is_allowed() {
    let emu = start_default();
    let key = Some(DEFAULT_API_KEY);
    let new_uri = "http://localhost:3000/callback";

    let added = manage(
        &emu,
        "POST",
        "/user_management/redirect_uris",
        key,
        &json!({"uri": new_uri}).to_string(),
    );
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.json()["object"], "redirect_uri");
    assert_eq!(added.json()["uri"], new_uri);
    let again = manage(
        &emu,
        "POST",
        "/user_management/redirect_uris",
        key,
        &json!({"uri": new_uri}).to_string(),
    );
    assert_eq!(again.status, 422);
    assert!(again.body.contains("already exists"), "{}", again.body);
    let p = pkce();
    let r = get(&authorize_url(
        &emu,
        &sign_in_params(
            &p,
            &[
                ("redirect_uri", new_uri),
                ("login_hint", "alice@example.com"),
            ],
        ),
    ));
    assert_eq!(r.status, 302);
    assert!(r.header("location").unwrap().starts_with(new_uri));

    let origin = "http://localhost:3000";
    assert!(
        preflight(&emu, origin)
            .header("access-control-allow-origin")
            .is_none()
    );
    let added = manage(
        &emu,
        "POST",
        "/user_management/cors_origins",
        key,
        &json!({"origin": origin}).to_string(),
    );
    assert_eq!(added.status, 201);
    assert_eq!(added.json()["object"], "cors_origin");
    let again = manage(
        &emu,
        "POST",
        "/user_management/cors_origins",
        key,
        &json!({"origin": origin}).to_string(),
    );
    assert_eq!(again.status, 409);
    assert!(
        again.body.contains("duplicate_cors_origin"),
        "{}",
        again.body
    );
    assert_eq!(
        preflight(&emu, origin).header("access-control-allow-origin"),
        Some(origin)
    );

    let home = manage(
        &emu,
        "PUT",
        "/user_management/app_homepage_url",
        key,
        r#"{"url":"http://localhost:3000/home"}"#,
    );
    assert_eq!(home.status, 200);
    let body = sign_in(&emu, "bob@example.com");
    let sid = claims_of(body["access_token"].as_str().unwrap())["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let out = get(&format!(
        "{}/user_management/sessions/logout?session_id={sid}",
        emu.url
    ));
    assert_eq!(out.header("location"), Some("http://localhost:3000/home"));
    let client = emu.clients().into_iter().next().unwrap();
    assert!(client.redirect_uris.contains(&new_uri.to_string()));

    // Bad bodies are 422, never 5xx.
    for (path, body) in [
        ("/user_management/redirect_uris", "not json"),
        ("/user_management/redirect_uris", r#"{"url":"http://x"}"#),
        ("/user_management/redirect_uris", r#"{"uri":"not a url"}"#),
        (
            "/user_management/cors_origins",
            r#"{"origin":"http://localhost:3000/path"}"#,
        ),
        ("/user_management/cors_origins", r#"{"origin":42}"#),
    ] {
        let r = manage(&emu, "POST", path, key, body);
        assert_eq!(r.status, 422, "{path} {body}: {}", r.body);
    }
    let r = manage(&emu, "PUT", "/user_management/app_homepage_url", key, "[]");
    assert_eq!(r.status, 422);
}

// ---------------------------------------------------------------------------------------------
// Malformed requests

#[test]
fn malformed_requests_get_4xx_never_5xx() {
    let emu = start_default();
    let auth_url = format!("{}/user_management/authenticate", emu.url);
    let post = |ct: Option<&str>, body: Vec<u8>| {
        let mut req = agent().post(&auth_url);
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        Resp::from(req.send(body))
    };
    let cases: Vec<(&str, Resp)> = vec![
        (
            "bad JSON",
            post(Some("application/json"), b"{\"grant_type\":".to_vec()),
        ),
        ("JSON array", post(Some("application/json"), b"[]".to_vec())),
        (
            "number field",
            post(Some("application/json"), br#"{"grant_type":1}"#.to_vec()),
        ),
        (
            "text/plain",
            post(
                Some("text/plain"),
                b"grant_type=authorization_code".to_vec(),
            ),
        ),
        ("no content type", post(None, b"{}".to_vec())),
        ("empty JSON", post(Some("application/json"), b"{}".to_vec())),
        (
            "invalid UTF-8",
            post(Some("application/json"), vec![0xff, 0xfe, b'{']),
        ),
        (
            "unsupported grant",
            post(
                Some("application/json"),
                json!({"grant_type": "password", "client_id": DEFAULT_CLIENT_ID})
                    .to_string()
                    .into_bytes(),
            ),
        ),
        (
            "no client_id",
            post(
                Some("application/json"),
                json!({"grant_type": "authorization_code", "code": "x"})
                    .to_string()
                    .into_bytes(),
            ),
        ),
        (
            "huge body",
            post(Some("application/json"), vec![b' '; 200 * 1024]),
        ),
        ("GET authenticate", get(&auth_url)),
        ("unknown path", get(&format!("{}/nope", emu.url))),
        (
            "unknown JWKS client",
            get(&format!(
                "{}/sso/jwks/client_01JNEVERSEEN00000000000000",
                emu.url
            )),
        ),
        (
            "garbage query",
            get(&format!(
                "{}/user_management/authorize?%zz&client_id=%ff%fe",
                emu.url
            )),
        ),
        (
            "sign-in form without fields",
            Resp::from(
                agent()
                    .post(format!("{}{}", emu.url, emulator::SIGN_IN_PATH))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .send("x=1"),
            ),
        ),
        (
            "sign-in form as JSON",
            Resp::from(
                agent()
                    .post(format!("{}{}", emu.url, emulator::SIGN_IN_PATH))
                    .header("content-type", "application/json")
                    .send("{}"),
            ),
        ),
        (
            "sign-in form, unknown request",
            Resp::from(
                agent()
                    .post(format!("{}{}", emu.url, emulator::SIGN_IN_PATH))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .send("request=nope&user=user_01EMULATORBOB"),
            ),
        ),
        (
            "bad return_to",
            get(&format!(
                "{}/user_management/sessions/logout?session_id=x&return_to=javascript:alert(1)",
                emu.url
            )),
        ),
    ];
    for (name, r) in &cases {
        assert!(
            (400..500).contains(&r.status),
            "{name}: {} {}",
            r.status,
            r.body
        );
    }
    let by_name: HashMap<&str, &Resp> = cases.iter().map(|(n, r)| (*n, r)).collect();
    assert_eq!(by_name["huge body"].status, 413);
    assert_eq!(by_name["huge body"].json()["code"], "payload_too_large");
    assert_eq!(by_name["unknown path"].status, 404);
    assert_eq!(by_name["unknown path"].json()["code"], "not_found");
    assert_eq!(by_name["unknown JWKS client"].status, 404);
    assert!(by_name["unknown JWKS client"].json()["message"].is_string());
    assert_eq!(by_name["bad JSON"].json()["error"], "invalid_request");
    assert_eq!(by_name["text/plain"].json()["error"], "invalid_request");
    assert_eq!(
        by_name["unsupported grant"].json()["error"],
        "unsupported_grant_type"
    );
}

// ---------------------------------------------------------------------------------------------
// Config files

#[test]
fn malformed_config_file_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emulate.json");
    std::fs::write(
        &path,
        "{\n  \"clients\": [\n    {\"client_id\": \"client_01JTEST0000000000000000000\",}\n  ]\n}\n",
    )
    .unwrap();
    let e = EmulatorConfig::from_file(&path).unwrap_err();
    let loc = e.location.clone().unwrap();
    assert_eq!(loc.file, path.display().to_string());
    assert_eq!(loc.line, 3);
    assert!(
        e.message.contains("not a valid emulator config"),
        "{}",
        e.message
    );

    std::fs::write(&path, r#"{"clients":[{"client_id":"nope"}]}"#).unwrap();
    let e = EmulatorConfig::from_file(&path).unwrap_err();
    assert!(e.message.contains("client_"), "{}", e.message);

    let e = EmulatorConfig::from_file(&dir.path().join("missing.json")).unwrap_err();
    assert!(e.message.contains("can't read"), "{}", e.message);
}

#[test]
fn config_file_defines_clients_and_users() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emulate.json");
    std::fs::write(
        &path,
        json!({
            "clients": [{"client_id": "client_01JAPP00000000000000000000", "redirect_uris": ["http://localhost:3000/auth/callback"],
                         "cors_origins": ["http://localhost:3000"], "api_keys": ["sk_test_app"]}],
            "users": [{"email": "carol@example.com", "first_name": "Carol",
                       "memberships": [{"organization_id": "org_01X", "role": "member"}]}],
        })
        .to_string(),
    )
    .unwrap();
    let emu = emulator::start(EmulatorConfig::from_file(&path).unwrap(), 0).unwrap();
    let p = pkce();
    let r = get(&authorize_url(
        &emu,
        &sign_in_params(
            &p,
            &[
                ("client_id", "client_01JAPP00000000000000000000"),
                ("redirect_uri", "http://localhost:3000/auth/callback"),
                ("login_hint", "carol@example.com"),
            ],
        ),
    ));
    assert_eq!(r.status, 302, "{}", r.body);
    let code = r.location_params()["code"].clone();
    let t = exchange(
        &emu,
        "client_01JAPP00000000000000000000",
        &code,
        &p.verifier,
    )
    .json();
    assert_eq!(t["user"]["id"], emu.user_ids()[0]);
    let claims = claims_of(t["access_token"].as_str().unwrap());
    assert_eq!(
        claims["iss"],
        "https://api.workos.com/user_management/client_01JAPP00000000000000000000"
    );
    assert_eq!(claims["role"], "member");
    assert_eq!(claims["permissions"], json!([]));
}

#[test]
fn port_in_use_is_a_user_error() {
    let a = start_default();
    let e = emulator::start(EmulatorConfig::default(), a.port)
        .err()
        .unwrap();
    assert!(e.message.contains(&a.port.to_string()), "{}", e.message);
    assert!(!e.hints.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The binary

fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_convex-authkit"));
    cmd.env("NO_COLOR", "1").stdin(Stdio::null());
    cmd
}

/// Runs `emulate`, reads `lines` stdout lines, lets `during` use them, then SIGTERMs it.
fn run_emulate(args: &[&str], lines: usize, during: impl FnOnce(&[String])) -> (i32, String) {
    let mut child = binary()
        .arg("emulate")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut out = Vec::new();
    for _ in 0..lines {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        out.push(line.trim_end().to_string());
    }
    during(&out);
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let code = child.wait().unwrap().code().unwrap_or(-1);
    (code, stderr)
}

#[test]
fn cli_prints_settings_logs_without_secrets_and_exits_0_on_sigterm() {
    let mut secrets = Vec::new();
    let (code, stderr) = run_emulate(&["--port", "0"], 6, |lines| {
        let url = lines[0].strip_prefix("AUTHKIT_EMULATOR_URL=").unwrap();
        let port = url.strip_prefix("http://127.0.0.1:").unwrap();
        assert_eq!(
            lines[1..],
            [
                "VITE_WORKOS_API_HOSTNAME=127.0.0.1".to_string(),
                format!("VITE_WORKOS_API_PORT={port}"),
                "VITE_WORKOS_API_HTTPS=false".to_string(),
                format!("VITE_WORKOS_CLIENT_ID={DEFAULT_CLIENT_ID}"),
                format!("AUTHKIT_EMULATOR_JWKS_URL={url}/sso/jwks/{DEFAULT_CLIENT_ID}"),
            ]
        );
        // A full sign-in and a management call, to check the log.
        let p = pkce();
        let mut u = url::Url::parse(&format!("{url}/user_management/authorize")).unwrap();
        u.query_pairs_mut().extend_pairs(sign_in_params(
            &p,
            &[("login_hint", "alice@example.com"), ("state", "st8")],
        ));
        let r = get(u.as_str());
        let code = r.location_params()["code"].clone();
        let t = post_json(
            &format!("{url}/user_management/authenticate"),
            &json!({"code": code, "client_id": DEFAULT_CLIENT_ID, "grant_type": "authorization_code",
                    "code_verifier": p.verifier}),
        )
        .json();
        let r = Resp::from(
            agent()
                .post(format!("{url}/user_management/cors_origins"))
                .header("authorization", format!("Bearer {DEFAULT_API_KEY}"))
                .header("content-type", "application/json")
                .send(r#"{"origin":"http://localhost:1234"}"#),
        );
        assert_eq!(r.status, 201);
        secrets.push(code);
        secrets.push(p.verifier.clone());
        secrets.push(t["access_token"].as_str().unwrap().to_string());
        secrets.push(t["refresh_token"].as_str().unwrap().to_string());
        secrets.push(DEFAULT_API_KEY.to_string());
    });
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("GET /user_management/authorize 302"),
        "{stderr}"
    );
    assert!(
        stderr.contains("POST /user_management/authenticate 200"),
        "{stderr}"
    );
    assert!(
        stderr.contains("POST /user_management/cors_origins 201"),
        "{stderr}"
    );
    assert!(!stderr.contains("st8"), "the query is not logged");
    for s in &secrets {
        assert!(
            !stderr.contains(s.as_str()),
            "secret leaked into the log:\n{stderr}"
        );
    }
}

#[test]
fn cli_json_and_quiet() {
    let (code, stderr) = run_emulate(&["--json", "-q"], 1, |lines| {
        let v: Value = serde_json::from_str(&lines[0]).unwrap();
        let url = v["url"].as_str().unwrap();
        let port = url.rsplit(':').next().unwrap();
        assert_eq!(v["settings"]["VITE_WORKOS_API_HOSTNAME"], "127.0.0.1");
        assert_eq!(v["settings"]["VITE_WORKOS_API_PORT"], port);
        assert_eq!(v["settings"]["VITE_WORKOS_API_HTTPS"], "false");
        assert_eq!(v["settings"]["VITE_WORKOS_CLIENT_ID"], DEFAULT_CLIENT_ID);
        assert_eq!(v["clients"][0]["client_id"], DEFAULT_CLIENT_ID);
        assert_eq!(
            v["clients"][0]["jwks_url"],
            format!("{url}/sso/jwks/{DEFAULT_CLIENT_ID}")
        );
        assert_eq!(
            v["clients"][0]["redirect_uris"][1],
            "http://127.0.0.1:5173/callback"
        );
        assert_eq!(
            v["issuer"],
            format!("https://api.workos.com/user_management/{DEFAULT_CLIENT_ID}")
        );
        assert_eq!(get(&format!("{url}/nope")).status, 404);
    });
    assert_eq!(code, 0);
    assert_eq!(stderr, "", "-q silences the banner and the request log");
}

#[test]
fn cli_bad_config_exits_2_with_location() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emu.json");
    std::fs::write(&path, "{\"clients\": [}").unwrap();
    let out = binary()
        .args(["emulate", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error: "), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:1:", path.display())),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn state_comes_back_byte_for_byte_even_when_not_utf8() {
    let emu = start_default();
    let p = pkce();
    let base = authorize_url(
        &emu,
        &sign_in_params(&p, &[("login_hint", "alice@example.com")]),
    );
    let r = get(&format!("{base}&state=%ff%fe%20x"));
    assert_eq!(r.status, 302, "{}", r.body);
    let location = r.headers["location"].clone();
    assert!(location.ends_with("&state=%ff%fe%20x"), "{location}");
}
