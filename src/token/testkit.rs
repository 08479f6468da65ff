//! Test keys and tokens: one RSA-2048 and one P-256 key per test binary, tokens signed with
//! jsonwebtoken, key sets as `data:` URIs.

use std::sync::OnceLock;

use aws_lc_rs::encoding::AsDer;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Value, json};

pub struct TestKey {
    pub encoding: EncodingKey,
    pub alg: Algorithm,
    /// The public JWK, with `kid` (and `alg`, `use`).
    pub jwk: Value,
}

impl TestKey {
    pub fn kid(&self) -> &str {
        self.jwk["kid"].as_str().unwrap()
    }

    /// The public JWK without its `alg`.
    pub fn jwk_without_alg(&self) -> Value {
        let mut j = self.jwk.clone();
        j.as_object_mut().unwrap().remove("alg");
        j
    }
}

fn public_jwk(encoding: &EncodingKey, alg: Algorithm, kid: &str) -> Value {
    let mut jwk = serde_json::to_value(Jwk::from_encoding_key(encoding, alg).unwrap()).unwrap();
    let o = jwk.as_object_mut().unwrap();
    o.insert("kid".into(), json!(kid));
    o.insert("use".into(), json!("sig"));
    jwk
}

/// RSA-2048, generated once per test binary.
pub fn rsa() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let pair = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
        let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der<'static>>::as_der(&pair).unwrap();
        let b64 = STANDARD.encode(der.as_ref());
        let mut pem = String::from("-----BEGIN PRIVATE KEY-----\n");
        for chunk in b64.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(chunk).unwrap());
            pem.push('\n');
        }
        pem.push_str("-----END PRIVATE KEY-----\n");
        let encoding = EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap();
        let jwk = public_jwk(&encoding, Algorithm::RS256, "rsa-key-1");
        TestKey {
            encoding,
            alg: Algorithm::RS256,
            jwk,
        }
    })
}

/// P-256, generated once per test binary.
pub fn ec() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let pair = aws_lc_rs::signature::EcdsaKeyPair::generate(
            &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        )
        .unwrap();
        let pkcs8 = pair.to_pkcs8v1().unwrap();
        let encoding = EncodingKey::from_ec_der(pkcs8.as_ref());
        let jwk = public_jwk(&encoding, Algorithm::ES256, "ec-key-1");
        TestKey {
            encoding,
            alg: Algorithm::ES256,
            jwk,
        }
    })
}

pub fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

/// A compact JWS with exactly this header and payload, signed with `key`.
pub fn sign(header: &Value, payload: &Value, key: &TestKey) -> String {
    let message = format!("{}.{}", b64(header), b64(payload));
    let sig = jsonwebtoken::crypto::sign(message.as_bytes(), &key.encoding, key.alg).unwrap();
    format!("{message}.{sig}")
}

/// A token with the usual header (`alg`, `typ`, `kid`) for `key`.
pub fn token(payload: &Value, key: &TestKey) -> String {
    let alg = if key.alg == Algorithm::RS256 {
        "RS256"
    } else {
        "ES256"
    };
    sign(
        &json!({"alg": alg, "typ": "JWT", "kid": key.kid()}),
        payload,
        key,
    )
}

/// `{"keys": [...]}` as a `data:` URI.
pub fn jwks_data_url(keys: &[Value]) -> String {
    crate::token::jwks::data_url(&json!({ "keys": keys }).to_string())
}
