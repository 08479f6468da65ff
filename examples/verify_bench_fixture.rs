//! Fixture for `benches/verify-token.sh`: mints a test key and token and writes two apps' auth
//! configs (one with a `data:` JWKS, one as `init` writes it, for a local HTTP JWKS), then times
//! the library's `Verifier::verify` with the JWKS already cached in-process.
//!
//! Usage: `verify_bench_fixture <dir>` where `<dir>/app-data` and `<dir>/app-http` are app copies.
//! Writes `<dir>/token` and `<dir>/jwks.json`.

use std::path::Path;
use std::time::Instant;

use convex_authkit::token::testkit::{jwks_data_url, rsa, token};
use convex_authkit::token::unix_now;
use serde_json::json;

const CLIENT: &str = "client_01BENCH0000000000000000000";

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: verify_bench_fixture <dir>");
    let dir = Path::new(&dir);
    let now = unix_now() as i64;
    let tok = token(
        &json!({
            "iss": format!("https://api.workos.com/user_management/{CLIENT}"),
            "sub": "user_01BENCH", "sid": "session_01BENCH", "iat": now, "exp": now + 3600,
            "org_id": "org_01BENCH", "role": "member", "permissions": ["posts:read"],
        }),
        rsa(),
    );
    std::fs::write(dir.join("token"), &tok).unwrap();
    std::fs::write(
        dir.join("jwks.json"),
        json!({"keys": [rsa().jwk.clone()]}).to_string(),
    )
    .unwrap();
    let init_file = convex_authkit::edit::auth_config::new_file(true, &Default::default());
    std::fs::write(dir.join("app-http/convex/auth.config.ts"), &init_file).unwrap();
    let data = jwks_data_url(&[rsa().jwk.clone()]);
    let data_file = init_file.replace(
        "`https://api.workos.com/sso/jwks/${clientId}`",
        &format!("\"{data}\""),
    );
    std::fs::write(dir.join("app-data/convex/auth.config.ts"), data_file).unwrap();

    // In-process: one Verifier, JWKS cached after the first call.
    let env = [("WORKOS_CLIENT_ID".to_string(), CLIENT.to_string())];
    let v = convex_authkit::app::auth_config::load(
        &convex_authkit::app::App::load_backend(&dir.join("app-data")).unwrap(),
        &env,
    )
    .unwrap()
    .verifier(vec![]);
    v.verify(&tok, now as u64).unwrap();
    let n = 2000;
    let start = Instant::now();
    for _ in 0..n {
        v.verify(&tok, now as u64).unwrap();
    }
    let per = start.elapsed().as_secs_f64() / f64::from(n) * 1e6;
    eprintln!(
        "in-process Verifier::verify (RS256, cached JWKS): {per:.1} µs per token over {n} runs"
    );
}
