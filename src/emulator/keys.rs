//! The RS256 signing key and the JWKS that publishes it.
//!
//! Tokens are signed directly with aws-lc-rs: the key is parsed once at start, the JWT header is
//! encoded once, and each token costs one JSON serialisation and one RSA signature. Without a
//! configured key, a fresh RSA-2048 key is generated per run; its `kid` is a thumbprint of the
//! public key, so it is stable for the run (and across runs for a configured key).

use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use crate::error::{ErrorKind, UserError};

pub struct Signer {
    key: KeyPair,
    pub kid: String,
    /// base64url of the JSON header `{"alg":"RS256","typ":"JWT","kid":…}`.
    header_b64: String,
    /// `{"keys":[…]}`, serialised once.
    pub jwks: String,
}

impl Signer {
    /// A new RSA-2048 key for this run.
    pub fn generate() -> Result<Self, UserError> {
        let key = KeyPair::generate(KeySize::Rsa2048)
            .map_err(|_| UserError::new(ErrorKind::Io, "can't generate an RSA signing key"))?;
        Ok(Self::from_key(key, None))
    }

    /// The key from the config (`signing_key.pem`, `signing_key.kid`): PKCS#8 or PKCS#1 PEM.
    pub fn from_pem(pem: Option<&str>, kid: Option<String>) -> Result<Self, UserError> {
        let bad = |why: &str| {
            UserError::new(ErrorKind::Parse, format!("`signing_key` {why}"))
                .hint("use an RSA private key in PEM (`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`)")
        };
        let pem = pem.ok_or_else(|| bad("has no PEM"))?;
        let (label, der) = decode_pem(pem).ok_or_else(|| bad("is not a PEM block"))?;
        let key = match label.as_str() {
            "PRIVATE KEY" => KeyPair::from_pkcs8(&der),
            "RSA PRIVATE KEY" => KeyPair::from_der(&der),
            other => return Err(bad(&format!("is a `{other}`, not an RSA private key"))),
        }
        .map_err(|e| bad(&format!("was rejected: {e}")))?;
        if key.public_modulus_len() < 256 {
            return Err(bad("is shorter than 2048 bits"));
        }
        Ok(Self::from_key(key, kid))
    }

    fn from_key(key: KeyPair, kid: Option<String>) -> Self {
        let public = key.public_key();
        let n = URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero());
        let e = URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero());
        let kid = kid.unwrap_or_else(|| thumbprint(&n, &e));
        let header = serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": kid});
        let jwks = serde_json::json!({"keys": [{
            "kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid, "n": n, "e": e,
        }]});
        Signer {
            key,
            header_b64: URL_SAFE_NO_PAD.encode(header.to_string()),
            jwks: jwks.to_string(),
            kid,
        }
    }

    /// A compact JWS of `claims`.
    pub fn sign(&self, claims: &serde_json::Value) -> String {
        let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
        let mut token = String::with_capacity(self.header_b64.len() + payload.len() + 350);
        token.push_str(&self.header_b64);
        token.push('.');
        token.push_str(&payload);
        let mut sig = vec![0u8; self.key.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        self.key
            .sign(&RSA_PKCS1_SHA256, &rng, token.as_bytes(), &mut sig)
            .expect("RSA signing with a validated key failed");
        token.push('.');
        token.push_str(&URL_SAFE_NO_PAD.encode(sig));
        token
    }
}

/// RFC 7638 JWK thumbprint (SHA-256, base64url), shortened: unique per key, readable in logs.
fn thumbprint(n: &str, e: &str) -> String {
    let canonical = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, canonical.as_bytes());
    format!(
        "emulator_{}",
        &URL_SAFE_NO_PAD.encode(digest.as_ref())[..16]
    )
}

/// The label and bytes of the first PEM block.
fn decode_pem(pem: &str) -> Option<(String, Vec<u8>)> {
    let start = pem.find("-----BEGIN ")?;
    let rest = &pem[start + "-----BEGIN ".len()..];
    let label_end = rest.find("-----")?;
    let label = rest[..label_end].to_string();
    let body = &rest[label_end + 5..];
    let end = body.find(&format!("-----END {label}-----"))?;
    let b64: String = body[..end].chars().filter(|c| !c.is_whitespace()).collect();
    Some((label, STANDARD.decode(b64).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_round_trip_keeps_kid() {
        use aws_lc_rs::encoding::AsDer;
        let key = KeyPair::generate(KeySize::Rsa2048).unwrap();
        let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&key).unwrap();
        let b64 = STANDARD.encode(der.as_ref());
        let pem = format!("-----BEGIN PRIVATE KEY-----\n{b64}\n-----END PRIVATE KEY-----\n");
        let a = Signer::from_pem(Some(&pem), None).unwrap();
        let b = Signer::from_pem(Some(&pem), Some("k1".into())).unwrap();
        assert_eq!(a.jwks.replace(&a.kid, "k1"), b.jwks);
        assert!(a.kid.starts_with("emulator_"));
    }

    #[test]
    fn rejects_non_keys() {
        let e = Signer::from_pem(
            Some("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"),
            None,
        )
        .err()
        .unwrap();
        assert!(e.message.contains("CERTIFICATE"), "{}", e.message);
    }
}
