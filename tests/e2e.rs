//! `verify --e2e`: the headless sign-in against the emulator, on `init`-ed fixture apps.

mod common;

use common::TestContext;

const CLIENT: &str = "client_01E2ETEST00000000000000000";

fn initialised(fixture: &str) -> TestContext {
    let ctx = TestContext::new(fixture);
    let out = ctx
        .init(&[
            "--team",
            "existing",
            "--client-id",
            CLIENT,
            "--scope",
            "local",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    ctx
}

fn e2e(ctx: &TestContext, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let mut cmd = ctx.command();
    cmd.arg("verify")
        .arg(&ctx.root)
        .args(["--e2e", "--json"])
        .args(extra);
    let out = cmd.output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code().unwrap_or(-1),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn initialised_app_signs_in_end_to_end() {
    for fixture in ["basic-ts", "basic-js", "vite-port", "nested-providers"] {
        let ctx = initialised(fixture);
        let (code, v, stderr) = e2e(&ctx, &["--emulate"]);
        assert_eq!(code, 0, "{fixture}: {v:#} {stderr}");
        assert_eq!(v["status"], "passed");
        let steps: Vec<&str> = v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            steps,
            [
                "authorize URL",
                "sign in",
                "callback",
                "code exchange",
                "Convex accepts the token"
            ]
        );
        assert_eq!(v["identity"]["subject"], "user_01EMULATORALICE");
        assert_eq!(
            v["identity"]["tokenIdentifier"],
            format!("https://api.workos.com/user_management/{CLIENT}|user_01EMULATORALICE")
        );
    }
}

#[test]
fn redirect_on_the_wrong_port_is_caught() {
    let ctx = initialised("basic-ts");
    // The app's env points at 5174 while the app runs (and WorkOS is configured) on 5173.
    let env = ctx
        .read(".env.local")
        .replace("localhost:5173/callback", "localhost:5174/callback");
    fs_err::write(ctx.root.join(".env.local"), env).unwrap();
    let (code, v, _) = e2e(&ctx, &["--emulate"]);
    assert_eq!(code, 1);
    let failed = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["ok"] == false)
        .unwrap();
    assert_eq!(failed["name"], "sign in");
    assert!(
        failed["detail"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("invalid redirect uri"),
        "{failed:#}"
    );
}

#[test]
fn missing_cors_origin_is_caught() {
    let ctx = initialised("basic-ts");
    let json = ctx.read("convex.json").replace(
        "\"corsOrigins\": [\"http://localhost:5173\"]",
        "\"corsOrigins\": [\"http://localhost:9999\"]",
    );
    fs_err::write(ctx.root.join("convex.json"), json).unwrap();
    let (code, v, _) = e2e(&ctx, &["--emulate"]);
    assert_eq!(code, 1);
    let failed = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["ok"] == false)
        .unwrap();
    assert_eq!(failed["name"], "code exchange");
    assert!(
        failed["detail"]
            .as_str()
            .unwrap()
            .contains("without CORS headers"),
        "{failed:#}"
    );
}

#[test]
fn auth_config_mismatch_is_explained() {
    let ctx = initialised("basic-ts");
    // `applicationID` on the user_management provider: tokens carry no `aud`, no provider matches.
    let cfg = ctx.read("convex/auth.config.ts").replace(
        "jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],",
        "jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n      applicationID: clientId,\n    },\n  ],",
    );
    fs_err::write(ctx.root.join("convex/auth.config.ts"), cfg).unwrap();
    let (code, v, _) = e2e(&ctx, &["--emulate"]);
    assert_eq!(code, 1, "{v:#}");
    let failed = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["ok"] == false)
        .unwrap();
    assert_eq!(failed["name"], "Convex accepts the token");
    assert!(
        failed["detail"]
            .as_str()
            .unwrap()
            .starts_with("NoAuthProvider"),
        "{failed:#}"
    );
}

#[test]
fn needs_an_emulator() {
    let ctx = initialised("basic-ts");
    let (code, v, stderr) = e2e(&ctx, &[]);
    assert_eq!(code, 2);
    assert_eq!(v["status"], "error");
    assert!(
        stderr.contains("`--emulator URL` or `--emulate`"),
        "{stderr}"
    );
}

#[test]
fn unreachable_emulator_is_a_tool_error() {
    let ctx = initialised("basic-ts");
    // A port nothing listens on: bind, read the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (code, v, stderr) = e2e(&ctx, &["--emulator", &format!("http://127.0.0.1:{port}")]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(v["status"], "error");
    assert_eq!(v["command"], "verify --e2e");
    assert!(stderr.contains("unreachable"), "{stderr}");
}

#[test]
fn unknown_user_is_a_usage_error() {
    let ctx = initialised("basic-ts");
    let (code, v, stderr) = e2e(&ctx, &["--emulate", "--user", "nobody@example.com"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(v["error"]["kind"], "usage");
    assert!(
        stderr.contains("`alice@example.com`"),
        "the seeded users are named: {stderr}"
    );
}

#[test]
fn steps_after_a_failure_are_marked_skipped() {
    let ctx = initialised("basic-ts");
    let env = ctx
        .read(".env.local")
        .replace("localhost:5173/callback", "localhost:5174/callback");
    fs_err::write(ctx.root.join(".env.local"), env).unwrap();
    let (code, v, _) = e2e(&ctx, &["--emulate"]);
    assert_eq!(code, 1);
    assert_eq!(v["exit_code"], 1);
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 5);
    let skipped: Vec<&str> = steps
        .iter()
        .filter(|s| s["skipped"] == true)
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        skipped,
        ["callback", "code exchange", "Convex accepts the token"]
    );
    // The hint says which side is wrong: the app's env, not WorkOS's registration.
    let hint = steps[1]["hint"].as_str().unwrap();
    assert!(hint.contains("dev server runs on port 5173"), "{hint}");
}

fn initialised_next(fixture: &str, key: &str) -> TestContext {
    let ctx = TestContext::new(fixture);
    let out = ctx
        .init(&[
            "--team",
            "existing",
            "--client-id",
            CLIENT,
            "--scope",
            "local",
            "--yes",
        ])
        .env("WORKOS_API_KEY", key)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    ctx
}

const KEY: &str = "sk_test_E2E0123456789abcdefABCDEF";

/// Next.js (server-side flow): the app's server signs in with PKCE and exchanges the code with
/// the API key from its `.env.local`; the token passes the app's auth config.
#[test]
fn nextjs_app_signs_in_end_to_end() {
    for fixture in ["nextjs-16", "nextjs-15-src", "nextjs-js"] {
        let ctx = initialised_next(fixture, KEY);
        let (code, v, stderr) = e2e(&ctx, &["--emulate"]);
        assert_eq!(code, 0, "{fixture}: {v:#} {stderr}");
        assert_eq!(v["status"], "passed");
        let exchange = v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "code exchange")
            .unwrap();
        assert!(
            exchange["detail"]
                .as_str()
                .unwrap()
                .contains("server-side exchange with the API key"),
            "{exchange}"
        );
        assert!(!v.to_string().contains(&KEY["sk_test_".len()..]), "{v}");
    }
}

/// An emulator whose environment has another key refuses the app's server, and the step says
/// which variable to fix.
#[test]
fn nextjs_wrong_api_key_is_caught() {
    let ctx = initialised_next("nextjs-16", KEY);
    // A running emulator with its default key (not the app's).
    let handle = convex_authkit::emulator::start(
        {
            let mut config = convex_authkit::emulator::EmulatorConfig::default();
            let client = config.clients.first_mut().unwrap();
            client.client_id = CLIENT.into();
            client.redirect_uris = vec!["http://localhost:3000/callback".into()];
            config
        },
        0,
    )
    .unwrap();
    let (code, v, stderr) = e2e(&ctx, &["--emulator", &handle.url]);
    assert_eq!(code, 1, "{v:#} {stderr}");
    let failed = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["ok"] == false && s["skipped"] != true)
        .unwrap();
    assert_eq!(failed["name"], "code exchange", "{v:#}");
    assert!(
        failed["hint"].as_str().unwrap().contains("WORKOS_API_KEY"),
        "{failed}"
    );
}

/// Without the API key in the app's env there is nothing to exchange the code with: a usage
/// error naming the variable (exit 2).
#[test]
fn nextjs_without_api_key_is_a_usage_error() {
    let ctx = TestContext::new("nextjs-16");
    let out = ctx
        .init(&[
            "--team",
            "existing",
            "--client-id",
            CLIENT,
            "--scope",
            "local",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let (code, _, stderr) = e2e(&ctx, &["--emulate"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no `WORKOS_API_KEY`"), "{stderr}");
}

/// TanStack Start (server-side flow, `WORKOS_REDIRECT_URI`): the app's server signs in with
/// PKCE and exchanges the code with the API key from `.env.local`, on the port and callback the
/// app's `vite.config` and routes give (4000 in `tanstack-start-routes-dir`).
#[test]
fn tanstack_start_app_signs_in_end_to_end() {
    for (fixture, callback) in [
        ("tanstack-start", "http://localhost:3000/callback"),
        ("tanstack-start-wraps", "http://localhost:3000/callback"),
        (
            "tanstack-start-routes-dir",
            "http://localhost:4000/callback",
        ),
    ] {
        let ctx = initialised_next(fixture, KEY);
        let (code, v, stderr) = e2e(&ctx, &["--emulate"]);
        assert_eq!(code, 0, "{fixture}: {v:#} {stderr}");
        assert_eq!(v["status"], "passed");
        assert_eq!(v["redirect_uri"], callback, "{fixture}");
        let exchange = v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "code exchange")
            .unwrap();
        assert!(
            exchange["detail"]
                .as_str()
                .unwrap()
                .contains("server-side exchange with the API key"),
            "{exchange}"
        );
        assert!(!v.to_string().contains(&KEY["sk_test_".len()..]), "{v}");
    }
}
