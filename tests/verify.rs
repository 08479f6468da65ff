//! End-to-end tests of `convex-authkit verify --token` on an `init`-ed copy of the basic fixture:
//! the real WorkOS `convex/auth.config.ts`, keys served by a local stand-in for WorkOS's JWKS
//! endpoint (through `--jwks-override`), and a local stand-in for a deployment's HTTP API.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;

use common::TestContext;
use convex_authkit::token::testkit::{rsa, sign, token};
use serde_json::{Value, json};

const CLIENT: &str = "client_01JTEST0000000000000000000";
const NOW: i64 = 1_800_000_000;

/// A tiny HTTP server on 127.0.0.1: `answer(request_text) -> (status line, content type, body)`.
fn serve(answer: impl Fn(&str) -> (&'static str, &'static str, String) + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut got = Vec::new();
            let mut buf = [0u8; 8192];
            loop {
                let n = s.read(&mut buf).unwrap_or(0);
                got.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&got);
                if let Some(end) = text.find("\r\n\r\n") {
                    let len = text[..end]
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if got.len() >= end + 4 + len {
                        break;
                    }
                }
                if n == 0 {
                    break;
                }
            }
            let (status, ct, body) = answer(&String::from_utf8_lossy(&got));
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// A stand-in for `https://api.workos.com/sso/jwks/<client>`.
fn jwks_server() -> String {
    serve(|req| {
        if req.starts_with(&format!("GET /sso/jwks/{CLIENT} ")) {
            (
                "200 OK",
                "application/jwk-set+json",
                json!({"keys": [rsa().jwk.clone()]}).to_string(),
            )
        } else {
            (
                "404 Not Found",
                "application/json",
                r#"{"message":"Not Found"}"#.into(),
            )
        }
    })
}

struct App {
    ctx: TestContext,
    jwks: String,
}

impl App {
    /// `basic-ts` after `convex-authkit init --team existing`.
    fn new() -> App {
        let ctx = TestContext::new("basic-ts");
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
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            ctx.read("convex/auth.config.ts")
                .contains("user_management")
        );
        App {
            ctx,
            jwks: jwks_server(),
        }
    }

    fn verify(&self, tok: &str, extra: &[&str]) -> std::process::Command {
        let mut cmd = self.ctx.command();
        cmd.args(["verify", ".", "--token", tok, "--now", &NOW.to_string()])
            .args(["--env", &format!("WORKOS_CLIENT_ID={CLIENT}")])
            .args([
                "--jwks-override",
                &format!("https://api.workos.com/sso/jwks/={}/sso/jwks/", self.jwks),
            ])
            .args(extra);
        cmd
    }
}

fn claims() -> Value {
    json!({
        "iss": format!("https://api.workos.com/user_management/{CLIENT}"),
        "sub": "user_01JUSER", "sid": "session_01JSESSION", "jti": "01JJTI",
        "iat": NOW - 30, "exp": NOW + 270, "org_id": "org_01JORG", "role": "member",
        "roles": ["member"], "permissions": ["posts:read"], "client_id": CLIENT,
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

macro_rules! verify_snapshot {
    ($app:expr, $cmd:expr, @$snapshot:literal) => {{
        let mut settings = insta::Settings::clone_current();
        for (from, to) in $app.ctx.filters() {
            settings.add_filter(&from, to);
        }
        settings.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]");
        let _guard = settings.bind_to_scope();
        insta_cmd::assert_cmd_snapshot!($cmd, @$snapshot);
    }};
}

#[test]
fn accepted_token_human() {
    let app = App::new();
    verify_snapshot!(app, app.verify(&token(&claims(), rsa()), &[]), @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    {
      "tokenIdentifier": "https://api.workos.com/user_management/client_01JTEST0000000000000000000|user_01JUSER",
      "subject": "user_01JUSER",
      "issuer": "https://api.workos.com/user_management/client_01JTEST0000000000000000000",
      "sid": "session_01JSESSION",
      "org_id": "org_01JORG",
      "role": "member",
      "roles": [
        "member"
      ],
      "permissions": [
        "posts:read"
      ],
      "client_id": "client_01JTEST0000000000000000000"
    }

    ----- stderr -----
    accepted: provider 1 (customJwt, issuer `https://api.workos.com/user_management/client_01JTEST0000000000000000000`, RS256) in `convex/auth.config.ts` with WORKOS_CLIENT_ID from --env accepts this token; the identity is above
    note: JWKS override applied: `https://api.workos.com/sso/jwks/client_01JTEST0000000000000000000` fetched as `http://127.0.0.1:[PORT]/sso/jwks/client_01JTEST0000000000000000000` (`https://api.workos.com/sso/jwks/` → `http://127.0.0.1:[PORT]/sso/jwks/`)
    "#);
}

#[test]
fn accepted_token_json() {
    let app = App::new();
    verify_snapshot!(app, app.verify(&token(&claims(), rsa()), &["--json"]), @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    {
      "schema_version": 1,
      "command": "verify",
      "status": "accepted",
      "config": {
        "file": "convex/auth.config.ts",
        "env": [
          {
            "name": "WORKOS_CLIENT_ID",
            "source": "--env"
          }
        ],
        "providers": 2
      },
      "provider": {
        "index": 1,
        "type": "customJwt",
        "issuer": "https://api.workos.com/user_management/client_01JTEST0000000000000000000",
        "application_id": null,
        "algorithm": "RS256",
        "jwks": "https://api.workos.com/sso/jwks/client_01JTEST0000000000000000000"
      },
      "jwks": {
        "url": "http://127.0.0.1:[PORT]/sso/jwks/client_01JTEST0000000000000000000",
        "override": {
          "from": "https://api.workos.com/sso/jwks/",
          "to": "http://127.0.0.1:[PORT]/sso/jwks/"
        },
        "source": "http"
      },
      "identity": {
        "tokenIdentifier": "https://api.workos.com/user_management/client_01JTEST0000000000000000000|user_01JUSER",
        "subject": "user_01JUSER",
        "issuer": "https://api.workos.com/user_management/client_01JTEST0000000000000000000",
        "sid": "session_01JSESSION",
        "org_id": "org_01JORG",
        "role": "member",
        "roles": [
          "member"
        ],
        "permissions": [
          "posts:read"
        ],
        "client_id": "client_01JTEST0000000000000000000"
      },
      "exit_code": 0
    }

    ----- stderr -----
    "#);
}

#[test]
fn token_from_stdin_with_bearer_prefix() {
    let app = App::new();
    let mut cmd = app.verify("-", &[]);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let tok = format!("Bearer {}\n", token(&claims(), rsa()));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(tok.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let identity: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(identity["subject"], "user_01JUSER");
}

#[test]
fn rejected_wrong_client() {
    let app = App::new();
    let c = with(
        claims(),
        json!({"iss": "https://api.workos.com/user_management/client_01J0THER000000000000000000"}),
    );
    verify_snapshot!(app, app.verify(&token(&c, rsa()), &[]), @"
    success: false
    exit_code: 1
    ----- stdout -----
    NoAuthProvider: No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/, app_id=client_01JTEST0000000000000000000), CustomJWT(issuer=https://api.workos.com/user_management/client_01JTEST0000000000000000000, app_id=none)]

    ----- stderr -----
    rejected: Convex would reject this token (NoAuthProvider); 2 provider(s) in `convex/auth.config.ts` with WORKOS_CLIENT_ID from --env
      - no provider has the token's issuer `https://api.workos.com/user_management/client_01J0THER000000000000000000`
      - closest is provider 1 (CustomJWT(issuer=https://api.workos.com/user_management/client_01JTEST0000000000000000000, app_id=none)): the issuers differ from character 50: the token has `…ient_01J0THER000000000000000000`, the config has `…ient_01JTEST0000000000000000000`
      - the token was issued for WorkOS client `client_01J0THER000000000000000000`, but the config's issuer uses client `client_01JTEST0000000000000000000`
    hint: if `client_01J0THER000000000000000000` is the right client, set it on the deployment: `npx convex env set WORKOS_CLIENT_ID client_01J0THER000000000000000000` (or pass `--env WORKOS_CLIENT_ID=client_01J0THER000000000000000000` here to check); otherwise the app signs in with the wrong client: check `VITE_WORKOS_CLIENT_ID`
    ");
}

#[test]
fn rejected_wrong_client_json() {
    let app = App::new();
    let c = with(
        claims(),
        json!({"iss": "https://api.workos.com/user_management/client_01J0THER000000000000000000"}),
    );
    verify_snapshot!(app, app.verify(&token(&c, rsa()), &["--json"]), @r#"
    success: false
    exit_code: 1
    ----- stdout -----
    {
      "schema_version": 1,
      "command": "verify",
      "status": "rejected",
      "config": {
        "file": "convex/auth.config.ts",
        "env": [
          {
            "name": "WORKOS_CLIENT_ID",
            "source": "--env"
          }
        ],
        "providers": 2
      },
      "provider": null,
      "jwks": null,
      "error": {
        "code": "NoAuthProvider",
        "message": "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/, app_id=client_01JTEST0000000000000000000), CustomJWT(issuer=https://api.workos.com/user_management/client_01JTEST0000000000000000000, app_id=none)]"
      },
      "diagnosis": [
        "no provider has the token's issuer `https://api.workos.com/user_management/client_01J0THER000000000000000000`",
        "closest is provider 1 (CustomJWT(issuer=https://api.workos.com/user_management/client_01JTEST0000000000000000000, app_id=none)): the issuers differ from character 50: the token has `…ient_01J0THER000000000000000000`, the config has `…ient_01JTEST0000000000000000000`",
        "the token was issued for WorkOS client `client_01J0THER000000000000000000`, but the config's issuer uses client `client_01JTEST0000000000000000000`"
      ],
      "hints": [
        "if `client_01J0THER000000000000000000` is the right client, set it on the deployment: `npx convex env set WORKOS_CLIENT_ID client_01J0THER000000000000000000` (or pass `--env WORKOS_CLIENT_ID=client_01J0THER000000000000000000` here to check); otherwise the app signs in with the wrong client: check `VITE_WORKOS_CLIENT_ID`"
      ],
      "exit_code": 1
    }

    ----- stderr -----
    "#);
}

#[test]
fn rejected_expired() {
    let app = App::new();
    let c = with(claims(), json!({"iat": NOW - 400, "exp": NOW - 100}));
    verify_snapshot!(app, app.verify(&token(&c, rsa()), &[]), @"
    success: false
    exit_code: 1
    ----- stdout -----
    InvalidAuthHeader: Could not validate token: Token expired 100 seconds ago

    ----- stderr -----
    rejected: Convex would reject this token (InvalidAuthHeader) at provider 1 (customJwt, issuer `https://api.workos.com/user_management/client_01JTEST0000000000000000000`, RS256) in `convex/auth.config.ts` with WORKOS_CLIENT_ID from --env
      - the token was routed to provider 1: CustomJWT(issuer=https://api.workos.com/user_management/client_01JTEST0000000000000000000, app_id=none)
      - JWKS override applied: `https://api.workos.com/sso/jwks/client_01JTEST0000000000000000000` was fetched as `http://127.0.0.1:[PORT]/sso/jwks/client_01JTEST0000000000000000000` (`--jwks-override https://api.workos.com/sso/jwks/=http://127.0.0.1:[PORT]/sso/jwks/`)
      - the token expired 100 s ago (exp 1799999900 = 2027-01-15T07:58:20Z, now 1800000000 = 2027-01-15T08:00:00Z); Convex allows 5 s of clock skew
    hint: get a fresh token: WorkOS access tokens live a few minutes and the client refreshes them; if the token is fresh, check this machine's clock (or pass `--now`)
    ");
}

#[test]
fn rejected_unknown_kid_json() {
    let app = App::new();
    let tok = sign(
        &json!({"alg": "RS256", "typ": "JWT", "kid": "sso_oidc_key_pair_OLD"}),
        &claims(),
        rsa(),
    );
    verify_snapshot!(app, app.verify(&tok, &["--json"]), @r#"
    success: false
    exit_code: 1
    ----- stdout -----
    {
      "schema_version": 1,
      "command": "verify",
      "status": "rejected",
      "config": {
        "file": "convex/auth.config.ts",
        "env": [
          {
            "name": "WORKOS_CLIENT_ID",
            "source": "--env"
          }
        ],
        "providers": 2
      },
      "provider": {
        "index": 1,
        "type": "customJwt",
        "issuer": "https://api.workos.com/user_management/client_01JTEST0000000000000000000",
        "application_id": null,
        "algorithm": "RS256",
        "jwks": "https://api.workos.com/sso/jwks/client_01JTEST0000000000000000000"
      },
      "jwks": {
        "url": "http://127.0.0.1:[PORT]/sso/jwks/client_01JTEST0000000000000000000",
        "override": {
          "from": "https://api.workos.com/sso/jwks/",
          "to": "http://127.0.0.1:[PORT]/sso/jwks/"
        },
        "source": "http"
      },
      "error": {
        "code": "InvalidAuthHeader",
        "message": "Could not decode token. The JWT's 'kid' (key ID) header is 'sso_oidc_key_pair_OLD', does this key match any key in the provider's JWKS?"
      },
      "diagnosis": [
        "the token was routed to provider 1: CustomJWT(issuer=https://api.workos.com/user_management/client_01JTEST0000000000000000000, app_id=none)",
        "JWKS override applied: `https://api.workos.com/sso/jwks/client_01JTEST0000000000000000000` was fetched as `http://127.0.0.1:[PORT]/sso/jwks/client_01JTEST0000000000000000000` (`--jwks-override https://api.workos.com/sso/jwks/=http://127.0.0.1:[PORT]/sso/jwks/`)",
        "`kid` `sso_oidc_key_pair_OLD` is not in `http://127.0.0.1:[PORT]/sso/jwks/client_01JTEST0000000000000000000` (it has `rsa-key-1`)"
      ],
      "hints": [
        "the token was signed by another WorkOS environment or client than the one in `jwks` (staging and production differ), or by an emulator whose keys changed since",
        "Convex caches the JWKS by its HTTP cache headers and doesn't refetch for an unknown `kid`; after a key rotation, wait for the cache to expire"
      ],
      "exit_code": 1
    }

    ----- stderr -----
    "#);
}

#[test]
fn rejected_application_id_on_user_management_provider() {
    let app = App::new();
    let path = app.ctx.root.join("convex/auth.config.ts");
    let text = app.ctx.read("convex/auth.config.ts").replace(
        "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],",
        "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n      applicationID: clientId,\n    },\n  ],",
    );
    fs_err::write(&path, text).unwrap();
    verify_snapshot!(app, app.verify(&token(&claims(), rsa()), &[]), @"
    success: false
    exit_code: 1
    ----- stdout -----
    NoAuthProvider: No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/, app_id=client_01JTEST0000000000000000000), CustomJWT(issuer=https://api.workos.com/user_management/client_01JTEST0000000000000000000, app_id=client_01JTEST0000000000000000000)]

    ----- stderr -----
    rejected: Convex would reject this token (NoAuthProvider); 2 provider(s) in `convex/auth.config.ts` with WORKOS_CLIENT_ID from --env
      - provider 1 (CustomJWT(issuer=https://api.workos.com/user_management/client_01JTEST0000000000000000000, app_id=client_01JTEST0000000000000000000)) matches the issuer `https://api.workos.com/user_management/client_01JTEST0000000000000000000`, but it requires `aud` to contain `client_01JTEST0000000000000000000`, and the token has no `aud`
    hint: your auth.config has applicationID on the user_management provider (provider 1); WorkOS tokens with that issuer carry no `aud`: remove `applicationID` from it in `convex/auth.config.ts`
    ");
}

#[test]
fn garbage_token() {
    let app = App::new();
    verify_snapshot!(app, app.verify("not-a-jwt", &[]), @"
    success: false
    exit_code: 1
    ----- stdout -----
    InvalidAuthHeader: Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.

    ----- stderr -----
    rejected: Convex would reject this token (InvalidAuthHeader); 2 provider(s) in `convex/auth.config.ts` with WORKOS_CLIENT_ID from --env
      - the token can't be read: the token has 1 part(s) separated by dots; a JWT has three (header.payload.signature)
    hint: pass the access token itself: three base64url parts separated by dots, starting with `eyJ` (in the browser, the `value` of the `Authenticate` message on the `sync` WebSocket)
    ");
}

#[test]
fn missing_env_var_is_a_tool_error() {
    let app = App::new();
    let mut cmd = app.ctx.command();
    cmd.args(["verify", ".", "--token", &token(&claims(), rsa()), "--json"]);
    verify_snapshot!(app, cmd, @r#"
    success: false
    exit_code: 2
    ----- stdout -----
    {
      "schema_version": 1,
      "command": "verify",
      "status": "error",
      "error": {
        "code": "AuthConfigMissingEnvironmentVariable",
        "kind": "project",
        "message": "Environment variable WORKOS_CLIENT_ID is used in auth config file but its value was not set.",
        "location": {
          "file": "convex/auth.config.ts",
          "line": 3,
          "column": 18
        },
        "hints": [
          "pass the deployment's value with `--env WORKOS_CLIENT_ID=…` (see it with `npx convex env get WORKOS_CLIENT_ID`), or put it in `.env.local`",
          "`.env.local` has `VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000`; if the deployment uses the same value, pass `--env WORKOS_CLIENT_ID=client_01JTEST0000000000000000000`",
          "Convex refuses to push this config until `WORKOS_CLIENT_ID` is set on the deployment: `npx convex env set WORKOS_CLIENT_ID …`",
          "for a Convex-managed WorkOS team, the first interactive `npx convex dev` provisions it (https://docs.convex.dev/auth/authkit/auto-provision)"
        ]
      },
      "exit_code": 2
    }

    ----- stderr -----
    error: AuthConfigMissingEnvironmentVariable: Environment variable WORKOS_CLIENT_ID is used in auth config file but its value was not set.
      --> convex/auth.config.ts:3:18
    hint: pass the deployment's value with `--env WORKOS_CLIENT_ID=…` (see it with `npx convex env get WORKOS_CLIENT_ID`), or put it in `.env.local`
    hint: `.env.local` has `VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000`; if the deployment uses the same value, pass `--env WORKOS_CLIENT_ID=client_01JTEST0000000000000000000`
    hint: Convex refuses to push this config until `WORKOS_CLIENT_ID` is set on the deployment: `npx convex env set WORKOS_CLIENT_ID …`
    hint: for a Convex-managed WorkOS team, the first interactive `npx convex dev` provisions it (https://docs.convex.dev/auth/authkit/auto-provision)
    "#);
}

#[test]
fn missing_env_var_human() {
    let app = App::new();
    let mut cmd = app.ctx.command();
    cmd.args(["verify", ".", "--token", &token(&claims(), rsa())]);
    verify_snapshot!(app, cmd, @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: AuthConfigMissingEnvironmentVariable: Environment variable WORKOS_CLIENT_ID is used in auth config file but its value was not set.
      --> convex/auth.config.ts:3:18
    hint: pass the deployment's value with `--env WORKOS_CLIENT_ID=…` (see it with `npx convex env get WORKOS_CLIENT_ID`), or put it in `.env.local`
    hint: `.env.local` has `VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000`; if the deployment uses the same value, pass `--env WORKOS_CLIENT_ID=client_01JTEST0000000000000000000`
    hint: Convex refuses to push this config until `WORKOS_CLIENT_ID` is set on the deployment: `npx convex env set WORKOS_CLIENT_ID …`
    hint: for a Convex-managed WorkOS team, the first interactive `npx convex dev` provisions it (https://docs.convex.dev/auth/authkit/auto-provision)
    ");
}

#[test]
fn insecure_config_is_reported() {
    let app = App::new();
    let path = app.ctx.root.join("convex/auth.config.ts");
    let text = app
        .ctx
        .read("convex/auth.config.ts")
        .replace("      applicationID: clientId,\n", "");
    fs_err::write(&path, text).unwrap();
    verify_snapshot!(app, app.verify(&token(&claims(), rsa()), &[]), @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: InsecureConfiguration: This auth configuration appears potentially insecure: Provider at index 0 has an issuer that is shared among many applications, so must to specify an ApplicationID to check against an `aud` field of a JWT.
      --> convex/auth.config.ts:6:3
    hint: add `applicationID: clientId` to this provider (an `applicationID` whose value is `undefined` counts as missing)
    ");
}

#[test]
fn bad_flags() {
    let app = App::new();
    verify_snapshot!(app, app.verify(&token(&claims(), rsa()), &["--env", "NOEQUALS", "--json"]), @r#"
    success: false
    exit_code: 2
    ----- stdout -----
    {
      "schema_version": 1,
      "command": "verify",
      "status": "error",
      "error": {
        "kind": "usage",
        "message": "`--env NOEQUALS` is not `NAME=VALUE`"
      },
      "exit_code": 2
    }

    ----- stderr -----
    error: `--env NOEQUALS` is not `NAME=VALUE`
    "#);
}

/// A stand-in for a deployment's `POST /api/query`: 401 unless the bearer token is `good`.
fn deployment(good: String) -> String {
    serve(move |req| {
        let auth = req
            .lines()
            .find_map(|l| {
                l.strip_prefix("authorization: ")
                    .or_else(|| l.strip_prefix("Authorization: "))
            })
            .unwrap_or("")
            .trim()
            .to_string();
        if !req.starts_with("POST /api/query ") {
            ("404 Not Found", "text/plain", "No such route".into())
        } else if auth == format!("Bearer {good}") {
            (
                "200 OK",
                "application/json",
                json!({"status": "error", "errorMessage": "Could not find public function for 'convexAuthkitProbe:doesNotExist'. Did you forget to run `npx convex dev` or `npx convex deploy`?"}).to_string(),
            )
        } else {
            (
                "401 Unauthorized",
                "application/json",
                json!({"code": "InvalidAuthHeader", "message": "Could not validate token: Token expired 100 seconds ago"}).to_string(),
            )
        }
    })
}

#[test]
fn deployment_probe_accepts() {
    let app = App::new();
    let tok = token(&claims(), rsa());
    let url = deployment(tok.clone());
    verify_snapshot!(app, app.verify(&tok, &["--deployment-url", &url]), @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    {
      "tokenIdentifier": "https://api.workos.com/user_management/client_01JTEST0000000000000000000|user_01JUSER",
      "subject": "user_01JUSER",
      "issuer": "https://api.workos.com/user_management/client_01JTEST0000000000000000000",
      "sid": "session_01JSESSION",
      "org_id": "org_01JORG",
      "role": "member",
      "roles": [
        "member"
      ],
      "permissions": [
        "posts:read"
      ],
      "client_id": "client_01JTEST0000000000000000000"
    }

    ----- stderr -----
    accepted: provider 1 (customJwt, issuer `https://api.workos.com/user_management/client_01JTEST0000000000000000000`, RS256) in `convex/auth.config.ts` with WORKOS_CLIENT_ID from --env accepts this token; the identity is above
    note: JWKS override applied: `https://api.workos.com/sso/jwks/client_01JTEST0000000000000000000` fetched as `http://127.0.0.1:[PORT]/sso/jwks/client_01JTEST0000000000000000000` (`https://api.workos.com/sso/jwks/` → `http://127.0.0.1:[PORT]/sso/jwks/`)
    deployment http://127.0.0.1:[PORT]: accepted the token
    "#);
}

#[test]
fn deployment_probe_disagrees_json() {
    let app = App::new();
    let tok = token(&claims(), rsa());
    let url = deployment("something else".into());
    verify_snapshot!(app, app.verify(&tok, &["--deployment-url", &url, "--json"]), @r#"
    success: false
    exit_code: 1
    ----- stdout -----
    {
      "schema_version": 1,
      "command": "verify",
      "status": "accepted",
      "config": {
        "file": "convex/auth.config.ts",
        "env": [
          {
            "name": "WORKOS_CLIENT_ID",
            "source": "--env"
          }
        ],
        "providers": 2
      },
      "provider": {
        "index": 1,
        "type": "customJwt",
        "issuer": "https://api.workos.com/user_management/client_01JTEST0000000000000000000",
        "application_id": null,
        "algorithm": "RS256",
        "jwks": "https://api.workos.com/sso/jwks/client_01JTEST0000000000000000000"
      },
      "jwks": {
        "url": "http://127.0.0.1:[PORT]/sso/jwks/client_01JTEST0000000000000000000",
        "override": {
          "from": "https://api.workos.com/sso/jwks/",
          "to": "http://127.0.0.1:[PORT]/sso/jwks/"
        },
        "source": "http"
      },
      "identity": {
        "tokenIdentifier": "https://api.workos.com/user_management/client_01JTEST0000000000000000000|user_01JUSER",
        "subject": "user_01JUSER",
        "issuer": "https://api.workos.com/user_management/client_01JTEST0000000000000000000",
        "sid": "session_01JSESSION",
        "org_id": "org_01JORG",
        "role": "member",
        "roles": [
          "member"
        ],
        "permissions": [
          "posts:read"
        ],
        "client_id": "client_01JTEST0000000000000000000"
      },
      "deployment": {
        "url": "http://127.0.0.1:[PORT]",
        "request": "POST http://127.0.0.1:[PORT]/api/query {\"path\":\"convexAuthkitProbe:doesNotExist\",\"args\":{},\"format\":\"json\"}",
        "http_status": 401,
        "verdict": "rejected",
        "code": "InvalidAuthHeader",
        "message": "Could not validate token: Token expired 100 seconds ago"
      },
      "exit_code": 1
    }

    ----- stderr -----
    "#);
}

/// A config too dynamic to evaluate here (`issuers.map(…)`): alone, a tool error pointing at
/// `--deployment-url`; with it, the deployment (which runs the config) decides.
#[test]
fn too_dynamic_config_defers_to_the_deployment() {
    let app = App::new();
    let dynamic = fs_err::read_to_string(
        common::fixtures().join("dynamic-auth-config/convex/auth.config.ts"),
    )
    .unwrap();
    fs_err::write(app.ctx.root.join("convex/auth.config.ts"), dynamic).unwrap();
    let tok = token(&claims(), rsa());
    let out = app.verify(&tok, &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("too dynamic to evaluate statically: a call to `map(…)`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--deployment-url https://<deployment>.convex.cloud"),
        "{stderr}"
    );
    let url = deployment(tok.clone());
    let out = app
        .verify(&tok, &["--deployment-url", &url, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "accepted");
    assert_eq!(v["config"]["evaluated"], false);
    assert_eq!(v["deployment"]["verdict"], "accepted");
    let url = deployment("another token".into());
    let out = app
        .verify(&tok, &["--deployment-url", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no local check:"), "{stderr}");
    assert!(stderr.contains("rejected the token"), "{stderr}");
}

#[test]
fn deployment_unreachable() {
    let app = App::new();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let tok = token(&claims(), rsa());
    let out = app
        .verify(
            &tok,
            &[
                "--deployment-url",
                &format!("http://127.0.0.1:{port}"),
                "--json",
            ],
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["status"], "accepted");
    assert_eq!(report["deployment"]["verdict"], "unreachable");
}

#[test]
fn override_that_matches_nothing_is_reported() {
    let app = App::new();
    let out = app
        .verify(
            "not-a-jwt",
            &[
                "--jwks-override",
                "https://nomatch.example/=http://127.0.0.1:1/",
            ],
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`--jwks-override https://nomatch.example/=http://127.0.0.1:1/` matches no provider's `jwks` URL"),
        "{stderr}"
    );
    // The matching override (from `App::verify`) is not reported as unused.
    assert_eq!(stderr.matches("matches no provider").count(), 1, "{stderr}");
}
