//! A corpus of malformed and hostile access tokens, each with the code and message Convex sends
//! for it (`shared/reference/tokens-and-workos-api.md` §1.2–1.3; where the reference is silent on
//! a claim of the wrong JSON type, biscuit's `RegisteredClaims` fails to deserialise, which
//! Convex reports as the payload parse error). Every token goes through the library's `Verifier`
//! and through `convex-authkit verify --token -` (the process must answer, never panic).
//!
//! With `TOKENS_SAMPLE_OUT=FILE`, a sample (tokens, the JWKS, the time, our verdicts) is written
//! for `tests/npm/jose-compare.mjs`, which checks the verdicts against the `jose` library in the
//! heavy stage, so they don't rest on our own reading alone.

use std::io::Write;
use std::process::{Command, Stdio};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use convex_authkit::token::testkit::{b64, ec, jwks_data_url, rsa, sign, token};
use convex_authkit::token::{Algorithm, Provider, Verifier};
use serde_json::{Value, json};

const NOW: u64 = 1_800_000_000;
const NOW_I: i64 = NOW as i64;
const CLIENT: &str = "client_01JTEST0000000000000000000";

const PARSE: &str = "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.";
const NO_ISS: &str = "Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers.";
const NO_KID: &str = "Could not decode token. JWT may be missing a 'kid' (key ID) header.";
const CLAIM: &str = "Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.";

fn no_provider() -> String {
    format!(
        "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/, app_id={CLIENT}), CustomJWT(issuer=https://api.workos.com/user_management/{CLIENT}, app_id=none)]"
    )
}
fn kid(k: &str) -> String {
    format!(
        "Could not decode token. The JWT's 'kid' (key ID) header is '{k}', does this key match any key in the provider's JWKS?"
    )
}
fn expired(n: i64) -> String {
    format!("Could not validate token: Token expired {n} seconds ago")
}
fn not_yet(n: i64) -> String {
    format!("Could not validate token: Token will be valid in {n} seconds")
}

fn um_issuer() -> String {
    format!("https://api.workos.com/user_management/{CLIENT}")
}

fn claims() -> Value {
    json!({"iss": um_issuer(), "sub": "user_01", "sid": "session_01", "iat": NOW_I - 10, "exp": NOW_I + 290})
}

fn with(changes: Value) -> Value {
    let mut base = claims();
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    base
}

fn header() -> Value {
    json!({"alg": "RS256", "typ": "JWT", "kid": "rsa-key-1"})
}

/// A token with this header and payload, signed with the RSA test key.
fn signed(h: Value, p: Value) -> String {
    sign(&h, &p, rsa())
}

/// Raw parts, the payload's JSON given as text (duplicate keys, odd numbers).
fn raw_payload(payload_json: &str) -> String {
    let message = format!(
        "{}.{}",
        b64(&header()),
        URL_SAFE_NO_PAD.encode(payload_json)
    );
    let sig = jsonwebtoken::crypto::sign(
        message.as_bytes(),
        &rsa().encoding,
        jsonwebtoken::Algorithm::RS256,
    )
    .unwrap();
    format!("{message}.{sig}")
}

/// What Convex answers: accepted, or refused with (code, message).
#[derive(Clone, Debug, PartialEq)]
enum Want {
    Accepted,
    Refused(&'static str, String),
}

fn iah(m: impl Into<String>) -> Want {
    Want::Refused("InvalidAuthHeader", m.into())
}

struct Case {
    name: String,
    token: String,
    want: Want,
}

fn case(name: impl Into<String>, token: impl Into<String>, want: Want) -> Case {
    Case {
        name: name.into(),
        token: token.into(),
        want,
    }
}

fn corpus() -> Vec<Case> {
    let good = token(&claims(), rsa());
    let parts: Vec<&str> = good.split('.').collect();
    let (h, p, s) = (parts[0], parts[1], parts[2]);
    let mut c = vec![
        case("valid", good.clone(), Want::Accepted),
        // --- Structure
        case("empty", "", iah(PARSE)),
        case("one part", "abc", iah(PARSE)),
        case("two parts, garbage", "a.b", iah(PARSE)),
        case("three garbage parts", "a.b.c", iah(PARSE)),
        case("only dots", "..", iah(PARSE)),
        case(
            "header and payload only",
            format!("{h}.{p}"),
            iah(kid("rsa-key-1")),
        ),
        case(
            "trailing dot, no signature",
            format!("{h}.{p}."),
            iah(kid("rsa-key-1")),
        ),
        case("four parts", format!("{good}.x"), iah(kid("rsa-key-1"))),
        case(
            "five parts (JWE-shaped)",
            format!("{h}.{p}.a.b.c"),
            iah(kid("rsa-key-1")),
        ),
        case("payload missing", format!("{h}..{s}"), iah(PARSE)),
        case("header missing", format!(".{p}.{s}"), iah(NO_KID)),
        case("Bearer prefix kept", format!("Bearer {good}"), iah(NO_KID)),
        // Readable (padding is ignored), but the signature covers the original encoding.
        case(
            "payload re-encoded with padding",
            format!("{h}.{}=.{s}", p),
            iah(kid("rsa-key-1")),
        ),
        case(
            "payload in standard base64 with + and /",
            format!("{h}.{}.{s}", STANDARD.encode(b"{\"iss\":\"\xfb\xff\"}")),
            iah(PARSE),
        ),
        case(
            "payload truncated by one char",
            format!("{h}.{}.{s}", &p[..p.len() - 1]),
            iah(PARSE),
        ),
        case(
            "payload truncated to half",
            format!("{h}.{}.{s}", &p[..p.len() / 2]),
            iah(PARSE),
        ),
        case(
            "signature truncated by one char",
            format!("{h}.{p}.{}", &s[..s.len() - 1]),
            iah(kid("rsa-key-1")),
        ),
        case(
            "signature empty",
            format!("{h}.{p}."),
            iah(kid("rsa-key-1")),
        ),
        case(
            "signature not base64url",
            format!("{h}.{p}.***"),
            iah(kid("rsa-key-1")),
        ),
        case(
            "signature of another token",
            format!(
                "{h}.{p}.{}",
                token(&with(json!({"sub": "user_02"})), rsa())
                    .split('.')
                    .nth(2)
                    .unwrap()
            ),
            iah(kid("rsa-key-1")),
        ),
        case(
            "one bit flipped in the signature",
            {
                let mut b = URL_SAFE_NO_PAD.decode(s).unwrap();
                b[10] ^= 1;
                format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode(b))
            },
            iah(kid("rsa-key-1")),
        ),
        case(
            "payload tampered, signature kept",
            format!("{h}.{}.{s}", b64(&with(json!({"sub": "admin"})))),
            iah(kid("rsa-key-1")),
        ),
        case("NUL in the token", format!("{h}\0.{p}.{s}"), iah(NO_KID)),
        case(
            "non-ASCII in the token",
            format!("{h}é.{p}.{s}"),
            iah(NO_KID),
        ),
        case("1 MB of garbage", "x".repeat(1 << 20), iah(PARSE)),
        case("1 MB of dots", ".".repeat(1 << 20), iah(PARSE)),
        case(
            "1 MB signature",
            format!("{h}.{p}.{}", "A".repeat(1 << 20)),
            iah(kid("rsa-key-1")),
        ),
        case(
            "1 MB claim",
            signed(header(), with(json!({"junk": "j".repeat(1 << 20)}))),
            Want::Accepted,
        ),
        case(
            "1 MB header",
            signed(
                json!({"alg": "RS256", "kid": "rsa-key-1", "x": "h".repeat(1 << 20)}),
                claims(),
            ),
            Want::Accepted,
        ),
        // --- Header
        case(
            "alg none, no signature",
            format!("{}.{p}.", b64(&json!({"alg": "none", "kid": "rsa-key-1"}))),
            iah(kid("rsa-key-1")),
        ),
        case(
            "alg none, signature kept",
            format!(
                "{}.{p}.{s}",
                b64(&json!({"alg": "none", "kid": "rsa-key-1"}))
            ),
            iah(kid("rsa-key-1")),
        ),
        case(
            "alg None (capitalised)",
            signed(json!({"alg": "None", "kid": "rsa-key-1"}), claims()),
            iah(NO_KID),
        ),
        case(
            "alg HS256 signed with the public key as secret",
            {
                let hh = b64(&json!({"alg": "HS256", "kid": "rsa-key-1"}));
                let secret = serde_json::to_vec(&rsa().jwk).unwrap();
                let mac = aws_lc_rs::hmac::sign(
                    &aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &secret),
                    format!("{hh}.{p}").as_bytes(),
                );
                format!("{hh}.{p}.{}", URL_SAFE_NO_PAD.encode(mac.as_ref()))
            },
            iah(kid("rsa-key-1")),
        ),
        case(
            "alg RS512",
            format!(
                "{}.{p}.{s}",
                b64(&json!({"alg": "RS512", "kid": "rsa-key-1"}))
            ),
            iah(kid("rsa-key-1")),
        ),
        case(
            "alg PS256",
            format!(
                "{}.{p}.{s}",
                b64(&json!({"alg": "PS256", "kid": "rsa-key-1"}))
            ),
            iah(kid("rsa-key-1")),
        ),
        case(
            "alg ES256 with an RSA kid",
            format!(
                "{}.{p}.{s}",
                b64(&json!({"alg": "ES256", "kid": "rsa-key-1"}))
            ),
            iah(kid("rsa-key-1")),
        ),
        case(
            "alg with a trailing space",
            format!(
                "{}.{p}.{s}",
                b64(&json!({"alg": "RS256 ", "kid": "rsa-key-1"}))
            ),
            iah(NO_KID),
        ),
        case(
            "alg lowercase",
            format!(
                "{}.{p}.{s}",
                b64(&json!({"alg": "rs256", "kid": "rsa-key-1"}))
            ),
            iah(NO_KID),
        ),
        case(
            "alg missing",
            format!("{}.{p}.{s}", b64(&json!({"kid": "rsa-key-1"}))),
            iah(NO_KID),
        ),
        case(
            "alg a number",
            format!("{}.{p}.{s}", b64(&json!({"alg": 256, "kid": "rsa-key-1"}))),
            iah(NO_KID),
        ),
        case(
            "alg null",
            format!("{}.{p}.{s}", b64(&json!({"alg": null, "kid": "rsa-key-1"}))),
            iah(NO_KID),
        ),
        case(
            "kid missing",
            signed(json!({"alg": "RS256"}), claims()),
            iah(NO_KID),
        ),
        case(
            "kid null",
            signed(json!({"alg": "RS256", "kid": null}), claims()),
            iah(NO_KID),
        ),
        case(
            "kid a number",
            signed(json!({"alg": "RS256", "kid": 1}), claims()),
            iah(NO_KID),
        ),
        case(
            "kid empty",
            signed(json!({"alg": "RS256", "kid": ""}), claims()),
            iah(kid("")),
        ),
        case(
            "kid unknown",
            signed(json!({"alg": "RS256", "kid": "other"}), claims()),
            iah(kid("other")),
        ),
        case(
            "kid with a path",
            signed(json!({"alg": "RS256", "kid": "../../etc/passwd"}), claims()),
            iah(kid("../../etc/passwd")),
        ),
        case(
            "kid of the EC key",
            signed(json!({"alg": "RS256", "kid": "ec-key-1"}), claims()),
            iah(kid("ec-key-1")),
        ),
        case(
            "jku pointing elsewhere",
            signed(
                json!({"alg": "RS256", "kid": "rsa-key-1", "jku": "https://evil.example/jwks"}),
                claims(),
            ),
            Want::Accepted,
        ),
        case(
            "crit header",
            signed(
                json!({"alg": "RS256", "kid": "rsa-key-1", "crit": ["exp"]}),
                claims(),
            ),
            Want::Accepted,
        ),
        case(
            "typ wrong",
            signed(
                json!({"alg": "RS256", "kid": "rsa-key-1", "typ": "at+jwt"}),
                claims(),
            ),
            Want::Accepted,
        ),
        case(
            "header not JSON",
            format!("{}.{p}.{s}", URL_SAFE_NO_PAD.encode("{alg")),
            iah(NO_KID),
        ),
        case(
            "header a JSON array",
            format!("{}.{p}.{s}", URL_SAFE_NO_PAD.encode("[1]")),
            iah(NO_KID),
        ),
        case("header not base64url", format!("@@@.{p}.{s}"), iah(NO_KID)),
        case(
            "signed by the EC key as ES256",
            sign(&json!({"alg": "ES256", "kid": "ec-key-1"}), &claims(), ec()),
            iah(kid("ec-key-1")),
        ),
        case(
            "signed by the EC key, RSA kid",
            sign(
                &json!({"alg": "ES256", "kid": "rsa-key-1"}),
                &claims(),
                ec(),
            ),
            iah(kid("rsa-key-1")),
        ),
        // --- Payload: shape and types
        case(
            "payload not JSON",
            format!("{h}.{}.{s}", URL_SAFE_NO_PAD.encode("{iss")),
            iah(PARSE),
        ),
        case(
            "payload a JSON array",
            format!("{h}.{}.{s}", URL_SAFE_NO_PAD.encode("[]")),
            iah(PARSE),
        ),
        case(
            "payload a JSON string",
            format!("{h}.{}.{s}", URL_SAFE_NO_PAD.encode("\"x\"")),
            iah(PARSE),
        ),
        case(
            "payload null",
            format!("{h}.{}.{s}", URL_SAFE_NO_PAD.encode("null")),
            iah(PARSE),
        ),
        case(
            "payload empty object",
            signed(header(), json!({})),
            iah(NO_ISS),
        ),
        case(
            "iss missing",
            signed(header(), with(json!({"iss": null}))),
            iah(NO_ISS),
        ),
        case(
            "iss explicitly null",
            raw_payload(&format!(
                "{{\"iss\":null,\"sub\":\"u\",\"exp\":{}}}",
                NOW_I + 60
            )),
            iah(NO_ISS),
        ),
        case(
            "iss a number",
            signed(header(), with(json!({"iss": 42}))),
            iah(PARSE),
        ),
        case(
            "iss an array",
            signed(header(), with(json!({"iss": [um_issuer()]}))),
            iah(PARSE),
        ),
        case(
            "iss an object",
            signed(header(), with(json!({"iss": {"url": um_issuer()}}))),
            iah(PARSE),
        ),
        case(
            "iss another client",
            signed(
                header(),
                with(json!({"iss": "https://api.workos.com/user_management/client_01OTHER"})),
            ),
            Want::Refused("NoAuthProvider", no_provider()),
        ),
        case(
            "iss upper case",
            signed(header(), with(json!({"iss": um_issuer().to_uppercase()}))),
            Want::Refused("NoAuthProvider", no_provider()),
        ),
        case(
            "iss without a scheme",
            signed(
                header(),
                with(json!({"iss": format!("api.workos.com/user_management/{CLIENT}")})),
            ),
            Want::Accepted,
        ),
        case(
            "iss with trailing slashes",
            signed(
                header(),
                with(json!({"iss": format!("{}///", um_issuer())})),
            ),
            Want::Accepted,
        ),
        case(
            "iss http scheme",
            signed(
                header(),
                with(json!({"iss": um_issuer().replace("https", "http")})),
            ),
            Want::Refused("NoAuthProvider", no_provider()),
        ),
        case(
            "iss empty",
            signed(header(), with(json!({"iss": ""}))),
            Want::Refused("NoAuthProvider", no_provider()),
        ),
        case(
            "iss shared issuer without aud",
            signed(header(), with(json!({"iss": "https://api.workos.com/"}))),
            Want::Refused("NoAuthProvider", no_provider()),
        ),
        case(
            "iss shared issuer with aud",
            signed(
                header(),
                with(json!({"iss": "https://api.workos.com/", "aud": CLIENT})),
            ),
            Want::Accepted,
        ),
        case(
            "aud a number",
            signed(header(), with(json!({"aud": 7}))),
            iah(PARSE),
        ),
        case(
            "aud array with a number",
            signed(header(), with(json!({"aud": [CLIENT, 7]}))),
            iah(PARSE),
        ),
        case(
            "aud an object",
            signed(header(), with(json!({"aud": {}}))),
            iah(PARSE),
        ),
        case(
            "aud empty array",
            signed(header(), with(json!({"aud": []}))),
            Want::Accepted,
        ),
        case(
            "sub missing",
            signed(header(), with(json!({"sub": null}))),
            iah(CLAIM),
        ),
        case(
            "sub a number",
            signed(header(), with(json!({"sub": 1}))),
            iah(PARSE),
        ),
        case(
            "sub empty",
            signed(header(), with(json!({"sub": ""}))),
            Want::Accepted,
        ),
        case(
            "exp missing",
            signed(header(), with(json!({"exp": null}))),
            iah(CLAIM),
        ),
        case(
            "sub and exp missing",
            signed(header(), with(json!({"sub": null, "exp": null}))),
            iah(CLAIM),
        ),
        case(
            "exp a string",
            signed(header(), with(json!({"exp": "1800000290"}))),
            iah(PARSE),
        ),
        case(
            "exp a float",
            raw_payload(&format!(
                "{{\"iss\":\"{}\",\"sub\":\"u\",\"exp\":{}.5}}",
                um_issuer(),
                NOW_I + 60
            )),
            iah(PARSE),
        ),
        case(
            "exp 1e30",
            raw_payload(&format!(
                "{{\"iss\":\"{}\",\"sub\":\"u\",\"exp\":1e30}}",
                um_issuer()
            )),
            iah(PARSE),
        ),
        case(
            "exp 2^64",
            raw_payload(&format!(
                "{{\"iss\":\"{}\",\"sub\":\"u\",\"exp\":18446744073709551616}}",
                um_issuer()
            )),
            iah(PARSE),
        ),
        case(
            "exp i64::MAX",
            signed(header(), with(json!({"exp": i64::MAX}))),
            Want::Accepted,
        ),
        case(
            "exp i64::MIN",
            signed(header(), with(json!({"exp": i64::MIN}))),
            iah(expired(i64::MAX)),
        ),
        case(
            "exp 0",
            signed(header(), with(json!({"exp": 0}))),
            iah(expired(NOW_I)),
        ),
        case(
            "exp negative",
            signed(header(), with(json!({"exp": -1}))),
            iah(expired(NOW_I + 1)),
        ),
        case(
            "iat a string",
            signed(header(), with(json!({"iat": "now"}))),
            iah(PARSE),
        ),
        case(
            "nbf a boolean",
            signed(header(), with(json!({"nbf": true}))),
            iah(PARSE),
        ),
        case(
            "iat i64::MAX",
            signed(header(), with(json!({"iat": i64::MAX}))),
            iah(not_yet(i64::MAX - NOW_I)),
        ),
        case(
            "jti a number",
            signed(header(), with(json!({"jti": 5}))),
            iah(PARSE),
        ),
        case(
            "duplicate sub (last wins)",
            raw_payload(&format!(
                "{{\"iss\":\"{}\",\"sub\":\"a\",\"sub\":\"b\",\"exp\":{}}}",
                um_issuer(),
                NOW_I + 60
            )),
            Want::Accepted,
        ),
        case(
            "claims nested 200 deep",
            raw_payload(&format!(
                "{{\"iss\":\"{}\",\"sub\":\"u\",\"exp\":{},\"deep\":{}0{}}}",
                um_issuer(),
                NOW_I + 60,
                "[".repeat(200),
                "]".repeat(200)
            )),
            iah(PARSE),
        ),
        case(
            "10,000 custom claims",
            signed(header(), {
                let mut v = claims();
                for i in 0..10_000 {
                    v[format!("c{i}")] = json!(i);
                }
                v
            }),
            Want::Accepted,
        ),
    ];
    // --- Time claims at the edges of Convex's 5-second leeway.
    for d in -7..=7i64 {
        let exp = NOW_I - d;
        let want = if d > 5 {
            iah(expired(d))
        } else {
            Want::Accepted
        };
        c.push(case(
            format!("exp {d} s ago"),
            signed(header(), with(json!({"exp": exp}))),
            want,
        ));
    }
    for d in [0i64, 4, 5, 6, 60, 3600] {
        let want = if d > 5 {
            iah(not_yet(d))
        } else {
            Want::Accepted
        };
        c.push(case(
            format!("nbf {d} s ahead"),
            signed(header(), with(json!({"nbf": NOW_I + d}))),
            want.clone(),
        ));
        c.push(case(
            format!("iat {d} s ahead"),
            signed(header(), with(json!({"iat": NOW_I + d}))),
            want,
        ));
    }
    c.push(case(
        "iat a year ago",
        signed(header(), with(json!({"iat": NOW_I - 31_536_000}))),
        Want::Accepted,
    ));
    c.push(case(
        "expired and not yet valid: exp wins",
        signed(
            header(),
            with(json!({"exp": NOW_I - 100, "nbf": NOW_I + 100})),
        ),
        iah(expired(100)),
    ));
    c
}

fn verifier() -> Verifier {
    let jwks = jwks_data_url(&[rsa().jwk.clone(), ec().jwk.clone()]);
    Verifier::from_providers(
        vec![
            Provider::custom_jwt(
                "https://api.workos.com/",
                jwks.clone(),
                Algorithm::RS256,
                Some(CLIENT),
            ),
            Provider::custom_jwt(um_issuer(), jwks, Algorithm::RS256, None),
        ],
        vec![],
    )
}

fn verdict(v: &Verifier, token: &str) -> Want {
    match v.verify(token, NOW) {
        Ok(_) => Want::Accepted,
        Err(r) => Want::Refused(
            match r.code.as_str() {
                "InvalidAuthHeader" => "InvalidAuthHeader",
                "NoAuthProvider" => "NoAuthProvider",
                other => panic!("unexpected code {other}"),
            },
            r.message,
        ),
    }
}

#[test]
fn every_hostile_token_gets_convexs_code_and_message() {
    let cases = corpus();
    assert!(cases.len() >= 100, "{} tokens", cases.len());
    let v = verifier();
    let mut wrong = Vec::new();
    for c in &cases {
        let got = verdict(&v, &c.token);
        if got != c.want {
            wrong.push(format!("{}: expected {:?}, got {:?}", c.name, c.want, got));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} tokens:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
    eprintln!(
        "{} tokens, {} accepted, {} refused",
        cases.len(),
        cases.iter().filter(|c| c.want == Want::Accepted).count(),
        cases.iter().filter(|c| c.want != Want::Accepted).count()
    );

    if let Some(out) = std::env::var_os("TOKENS_SAMPLE_OUT") {
        // The sample for jose: every token below 64 KB (jose's own limits aside).
        let sample: Vec<Value> = cases
            .iter()
            .filter(|c| c.token.len() < 65_536)
            .map(|c| {
                json!({
                    "name": c.name,
                    "token": c.token,
                    "accepted": c.want == Want::Accepted,
                })
            })
            .collect();
        let doc = json!({
            "now": NOW,
            "leeway": 5,
            "client_id": CLIENT,
            "jwks": {"keys": [rsa().jwk.clone(), ec().jwk.clone()]},
            "tokens": sample,
        });
        std::fs::write(out, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    }
}

/// The same tokens through the binary (read from stdin: a 1 MB token doesn't fit in an
/// argument): an answer every time, exit 0 or 1, never a panic, and the same code.
#[test]
fn the_cli_answers_every_token_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir_all(app.join("convex")).unwrap();
    std::fs::write(app.join("package.json"), "{}").unwrap();
    std::fs::write(
        app.join("convex/auth.config.ts"),
        "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default { providers: [\n  { type: \"customJwt\", issuer: \"https://api.workos.com/\", algorithm: \"RS256\", jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId },\n  { type: \"customJwt\", issuer: `https://api.workos.com/user_management/${clientId}`, algorithm: \"RS256\", jwks: `https://api.workos.com/sso/jwks/${clientId}` },\n] };\n",
    )
    .unwrap();
    let jwks = jwks_data_url(&[rsa().jwk.clone(), ec().jwk.clone()]);
    let cases = corpus();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let wrong = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(c) = cases.get(i) else { break };
                    let mut child = Command::new(env!("CARGO_BIN_EXE_convex-authkit"))
                        .arg("verify")
                        .arg(&app)
                        .args(["--token", "-", "--json", "--now", &NOW.to_string()])
                        .args(["--env", &format!("WORKOS_CLIENT_ID={CLIENT}")])
                        .args([
                            "--jwks-override",
                            &format!("https://api.workos.com/sso/jwks/{CLIENT}={jwks}"),
                        ])
                        .env("NO_COLOR", "1")
                        .stdin(Stdio::piped())
                        .stdout(Stdio::piped())
                        .stderr(Stdio::piped())
                        .spawn()
                        .unwrap();
                    let mut stdin = child.stdin.take().unwrap();
                    let tok = c.token.clone();
                    let writer = std::thread::spawn(move || {
                        let _ = stdin.write_all(tok.as_bytes());
                    });
                    let out = child.wait_with_output().unwrap();
                    writer.join().unwrap();
                    let stderr = String::from_utf8_lossy(&out.stderr);
                    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
                    let code = out.status.code();
                    // The CLI reads a pasted header as Convex reads `Authorization` (the `Bearer `
                    // prefix dropped), and an empty token is a usage error before any check.
                    let want = match c.name.as_str() {
                        "Bearer prefix kept" => Want::Accepted,
                        "empty" => {
                            if code != Some(2) || !stderr.contains("empty") {
                                wrong.lock().unwrap().push(format!("empty: exit {code:?}"));
                            }
                            continue;
                        }
                        _ => c.want.clone(),
                    };
                    let ok = !stderr.contains("hit a bug")
                        && match &want {
                            Want::Accepted => code == Some(0) && doc["status"] == "accepted",
                            Want::Refused(want, message) => {
                                code == Some(1)
                                    && doc["error"]["code"] == *want
                                    && doc["error"]["message"] == **message
                            }
                        };
                    if !ok {
                        wrong.lock().unwrap().push(format!(
                            "{}: exit {code:?}, {}",
                            c.name,
                            stderr.lines().next().unwrap_or("")
                        ));
                    }
                }
            });
        }
    });
    let wrong = wrong.into_inner().unwrap();
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}
