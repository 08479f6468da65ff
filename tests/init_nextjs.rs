//! `init` on Next.js App Router apps: the server-side flow's secrets (API key, cookie password)
//! in `.env.local`, never echoed; both team paths; idempotence; Convex's set-up template.
mod common;

use std::io::Write;
use std::process::{Output, Stdio};

use common::{TestContext, changed};

const CLIENT: &str = "client_01JTEST0000000000000000000";
const KEY: &str = "sk_test_0123456789abcdefABCDEF0123";

fn existing_local() -> Vec<&'static str> {
    vec![
        "--team",
        "existing",
        "--client-id",
        CLIENT,
        "--scope",
        "local",
        "--yes",
    ]
}

/// `init` with `stdin` fed to it (for `--api-key-stdin`).
fn init_with_stdin(ctx: &TestContext, args: &[&str], stdin: &str) -> Output {
    let mut child = ctx
        .init(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn env_value(text: &str, name: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}=")))
        .map(str::to_string)
}

fn all_output(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn existing_team_writes_the_server_env_and_never_echoes_secrets() {
    let ctx = TestContext::new("nextjs-16");
    let out = init_with_stdin(
        &ctx,
        &[&existing_local()[..], &["--api-key-stdin"]].concat(),
        &format!("{KEY}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let env = ctx.read(".env.local");
    assert_eq!(env_value(&env, "WORKOS_CLIENT_ID").as_deref(), Some(CLIENT));
    assert_eq!(
        env_value(&env, "NEXT_PUBLIC_WORKOS_REDIRECT_URI").as_deref(),
        Some("http://localhost:3000/callback")
    );
    assert_eq!(env_value(&env, "WORKOS_API_KEY").as_deref(), Some(KEY));
    let password = env_value(&env, "WORKOS_COOKIE_PASSWORD").unwrap();
    // 32 bytes from the CSPRNG, base64url.
    assert_eq!(password.len(), 43, "{password}");
    assert!(
        password
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    );
    // No secret on stdout (the diffs) or stderr, and none in a client-exposed variable.
    let shown = all_output(&out);
    assert!(!shown.contains(&KEY["sk_test_".len()..]), "{shown}");
    assert!(!shown.contains(&password), "{shown}");
    assert!(shown.contains("+WORKOS_API_KEY=****"), "{shown}");
    assert!(!env.contains("NEXT_PUBLIC_WORKOS_API_KEY"));
    assert!(!ctx.read("convex.json").contains("sk_test_"));
    // The files the flow needs.
    for rel in [
        "proxy.ts",
        "app/callback/route.ts",
        "app/sign-in/route.ts",
        "app/sign-up/route.ts",
        "components/ConvexClientProvider.tsx",
        "components/AuthButton.tsx",
    ] {
        assert!(ctx.root.join(rel).is_file(), "{rel}");
    }
    assert!(ctx.read("app/callback/route.ts").contains("handleAuth"));
    assert!(
        ctx.read("app/layout.tsx")
            .contains("<ConvexClientProvider>")
    );
    // The fixture's `.gitignore` already has `.env*.local`: nothing to add.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("+++ b/.gitignore"));
    let pkg = ctx.read("package.json");
    assert!(pkg.contains("\"@workos-inc/authkit-nextjs\""), "{pkg}");
    assert!(
        !pkg.contains("@convex-dev/workos"),
        "nothing imports it: {pkg}"
    );

    // A second run writes nothing and never replaces the cookie password.
    let before = ctx.tree();
    let again = ctx.init(&existing_local()).output().unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", all_output(&again));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already set up"));
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
}

#[test]
fn json_report_holds_no_secret() {
    let ctx = TestContext::new("nextjs-15-src");
    let out = init_with_stdin(
        &ctx,
        &[&existing_local()[..], &["--api-key-stdin", "--json"]].concat(),
        KEY,
    );
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains(&KEY["sk_test_".len()..]), "{text}");
    let password = env_value(&ctx.read(".env.local"), "WORKOS_COOKIE_PASSWORD").unwrap();
    assert!(!text.contains(&password));
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    let secret = |name: &str| {
        report["env"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["name"] == name)
            .all(|v| v["secret"] == true && v["value"].is_null())
    };
    assert!(secret("WORKOS_API_KEY") && secret("WORKOS_COOKIE_PASSWORD"));
    // Next 15 with `src/`: middleware next to `src/app`.
    assert!(ctx.root.join("src/middleware.ts").is_file());
    assert!(!ctx.root.join("src/proxy.ts").exists());
}

#[test]
fn api_key_from_the_environment() {
    let ctx = TestContext::new("nextjs-16");
    let out = ctx
        .init(&existing_local())
        .env("WORKOS_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert_eq!(
        env_value(&ctx.read(".env.local"), "WORKOS_API_KEY").as_deref(),
        Some(KEY)
    );
}

/// Without a key and without a terminal, everything else is written and the missing key is a
/// next step, not a crash.
#[test]
fn no_api_key_without_a_terminal_is_a_next_step() {
    let ctx = TestContext::new("nextjs-16");
    let out = ctx.init(&existing_local()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let env = ctx.read(".env.local");
    assert!(env_value(&env, "WORKOS_API_KEY").is_none(), "{env}");
    assert!(env_value(&env, "WORKOS_COOKIE_PASSWORD").is_some());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Add `WORKOS_API_KEY=sk_test_…`"),
        "{stderr}"
    );
    assert!(stderr.contains("--api-key-stdin"), "{stderr}");
    // Given later, it is added and nothing else changes.
    let before = ctx.read(".env.local");
    let out = init_with_stdin(
        &ctx,
        &[&existing_local()[..], &["--api-key-stdin"]].concat(),
        KEY,
    );
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let after = ctx.read(".env.local");
    assert_eq!(after, format!("{before}WORKOS_API_KEY={KEY}\n"));
}

#[test]
fn a_malformed_api_key_is_refused_and_nothing_is_written() {
    for bad in [
        "sk_test_short",
        "client_01JTEST0000000000000000000",
        "hunter2hunter2hunter2",
    ] {
        let ctx = TestContext::new("nextjs-16");
        let before = ctx.tree();
        let out = init_with_stdin(
            &ctx,
            &[&existing_local()[..], &["--api-key-stdin"]].concat(),
            bad,
        );
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", all_output(&out));
        assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
        let shown = all_output(&out);
        assert!(shown.contains("the API key given is refused"), "{shown}");
        assert!(
            !shown.contains("hunter2"),
            "the value is never repeated: {shown}"
        );
    }
}

#[test]
fn managed_team_leaves_the_secrets_to_convex_dev() {
    let ctx = TestContext::new("nextjs-16");
    let out = ctx
        .init(&["--team", "managed", "--scope", "local", "--yes"])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "{}",
        all_output(&out)
    );
    let json: serde_json::Value = serde_json::from_str(&ctx.read("convex.json")).unwrap();
    assert_eq!(
        json["authKit"]["dev"]["localEnvVars"],
        serde_json::json!({
            "WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
            "WORKOS_API_KEY": "${authEnv.WORKOS_API_KEY}",
            "NEXT_PUBLIC_WORKOS_REDIRECT_URI": "http://localhost:3000/callback"
        })
    );
    assert_eq!(
        json["authKit"]["dev"]["configure"]["redirectUris"],
        serde_json::json!(["http://localhost:3000/callback"])
    );
    // `npx convex dev` writes `.env.local` (and the cookie password) itself.
    assert!(!ctx.root.join(".env.local").exists());
}

#[test]
fn production_scope_keeps_prod_values_out_of_the_app() {
    let ctx = TestContext::new("nextjs-16");
    let out = init_with_stdin(
        &ctx,
        &[
            "--team",
            "existing",
            "--client-id",
            CLIENT,
            "--scope",
            "production",
            "--prod-url",
            "https://app.example.com",
            "--api-key-stdin",
            "--yes",
        ],
        KEY,
    );
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in [
        "WORKOS_CLIENT_ID=<prod client ID>",
        "WORKOS_API_KEY=<sk_live_…>",
        "WORKOS_COOKIE_PASSWORD=<a new 32+ character secret",
        "NEXT_PUBLIC_WORKOS_REDIRECT_URI=https://app.example.com/callback",
    ] {
        assert!(stderr.contains(name), "{name}: {stderr}");
    }
    // The browser-only custom-domain step is for SPAs.
    assert!(!stderr.contains("SPAs in production"), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&ctx.read("convex.json")).unwrap();
    assert_eq!(
        json["authKit"]["prod"]["configure"]["redirectUris"],
        serde_json::json!(["https://app.example.com/callback"])
    );
    assert!(!ctx.read(".env.local").contains("app.example.com"));
}

/// Convex's `template-nextjs-authkit`, fresh and after `npx convex dev` wrote `.env.local`:
/// already set up, 0 bytes written.
#[test]
fn the_authkit_template_is_already_set_up() {
    let after_convex_dev = format!(
        "CONVEX_DEPLOYMENT=dev:happy-otter-123\nNEXT_PUBLIC_CONVEX_URL=https://happy-otter-123.convex.cloud\n\n# See this environment at https://dashboard.workos.com/environment_01J/authentication\nWORKOS_CLIENT_ID={CLIENT}\n\nWORKOS_API_KEY={KEY}\n\nNEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n\nWORKOS_COOKIE_PASSWORD=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n"
    );
    for env_local in [None, Some(after_convex_dev.as_str())] {
        for args in [&["--scope", "local"][..], &[][..]] {
            let ctx = TestContext::new("nextjs-authkit-template");
            if let Some(text) = env_local {
                fs_err::write(ctx.root.join(".env.local"), text).unwrap();
            }
            let before = ctx.tree();
            let out = ctx
                .init(&[args, &["--yes", "--json"]].concat())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "{args:?}: {}", all_output(&out));
            let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(report["status"], "already_set_up", "{report}");
            assert_eq!(report["files"], serde_json::json!([]));
            assert_eq!(report["packages"], serde_json::json!([]));
            assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
        }
    }
}

/// Every Next.js fixture and both team paths: a second run writes 0 bytes.
#[test]
fn second_run_writes_nothing() {
    for fixture in [
        "nextjs-16",
        "nextjs-16-src",
        "nextjs-15-src",
        "nextjs-15-root",
        "nextjs-js",
    ] {
        for team in [
            &["--team", "existing", "--client-id", CLIENT][..],
            &["--team", "managed"][..],
        ] {
            let ctx = TestContext::new(fixture);
            let args = [team, &["--scope", "local", "--yes"]].concat();
            let first = ctx.init(&args).env("WORKOS_API_KEY", KEY).output().unwrap();
            assert!(
                matches!(first.status.code(), Some(0 | 3)),
                "{fixture}: {}",
                all_output(&first)
            );
            let before = ctx.tree();
            let second = ctx.init(&args).env("WORKOS_API_KEY", KEY).output().unwrap();
            let stderr = String::from_utf8_lossy(&second.stderr);
            assert_eq!(
                second.status.code(),
                Some(0),
                "{fixture} {team:?}: {stderr}"
            );
            assert!(stderr.contains("already set up"), "{fixture}: {stderr}");
            assert!(second.stdout.is_empty(), "{fixture}: no diff");
            assert_eq!(
                changed(&before, &ctx.tree()),
                Vec::<String>::new(),
                "{fixture} {team:?}"
            );
        }
    }
}

/// `--pin-port` pins `next dev` in the dev script, and the dependency edit keeps it.
#[test]
fn pin_port_edits_the_dev_script() {
    let ctx = TestContext::new("nextjs-16");
    let out = ctx
        .init(&[&existing_local()[..], &["--pin-port"]].concat())
        .env("WORKOS_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let pkg = ctx.read("package.json");
    assert!(pkg.contains("next dev -p 3000"), "{pkg}");
    assert!(pkg.contains("\"@workos-inc/authkit-nextjs\""), "{pkg}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("is not pinned"), "{stderr}");
}

/// Secrets go into `.env.local` only with git ignoring it: the `.gitignore` edit comes first in
/// the plan (and the transaction).
#[test]
fn gitignore_is_fixed_before_secrets_land() {
    let ctx = TestContext::new("nextjs-16");
    fs_err::write(ctx.root.join(".gitignore"), "/node_modules\n/.next/\n").unwrap();
    let out = init_with_stdin(
        &ctx,
        &[&existing_local()[..], &["--api-key-stdin"]].concat(),
        KEY,
    );
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert_eq!(
        ctx.read(".gitignore"),
        "/node_modules\n/.next/\n.env.local\n"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let gitignore = stdout.find("+++ b/.gitignore").unwrap();
    let env = stdout.find("+++ b/.env.local").unwrap();
    assert!(gitignore < env, "{stdout}");
}

/// Next 16 writes `proxy.ts`, Next 15 `middleware.ts`, each next to `app/`: at the root or in
/// `src/`.
#[test]
fn proxy_or_middleware_by_version_and_layout() {
    for (fixture, file) in [
        ("nextjs-16", "proxy.ts"),
        ("nextjs-16-src", "src/proxy.ts"),
        ("nextjs-15-src", "src/middleware.ts"),
        ("nextjs-15-root", "middleware.ts"),
    ] {
        let ctx = TestContext::new(fixture);
        let out = ctx
            .init(&existing_local())
            .env("WORKOS_API_KEY", KEY)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{fixture}: {}",
            all_output(&out)
        );
        let text = ctx.read(file);
        let export = if file.ends_with("proxy.ts") {
            "authkitProxy"
        } else {
            "authkitMiddleware"
        };
        assert!(text.contains(export), "{fixture}: {text}");
        for other in [
            "proxy.ts",
            "middleware.ts",
            "src/proxy.ts",
            "src/middleware.ts",
        ] {
            if other != file {
                assert!(!ctx.root.join(other).exists(), "{fixture}: {other}");
            }
        }
        let app_dir = if file.starts_with("src/") {
            "src/app"
        } else {
            "app"
        };
        assert!(
            ctx.read(&format!("{app_dir}/callback/route.ts"))
                .contains("handleAuth")
        );
    }
}
