//! Doctor's test helpers, shared by `tests/doctor.rs` (React, Vite), `tests/doctor_nextjs.rs` and
//! `tests/doctor_fix.rs`: the healthy baselines, run doctor on a [`TestContext`], read its JSON,
//! and snapshot one rule's findings (`case!`), a run where a rule must not fire (`negative!`), or
//! a `--fix` round trip.
#![allow(dead_code)]

use serde_json::Value;

use super::{TestContext, changed};

/// `.env.local` as `npx convex dev` writes it for Convex's Vite AuthKit template (deployment,
/// URL, then the `localEnvVars` with the dashboard comment).
pub const VITE_CONVEX_DEV_ENV: &str = "# Deployment used by `npx convex dev`\nCONVEX_DEPLOYMENT=dev:happy-otter-123 # team: acme, project: demo\n\nVITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n\n# See this environment at https://dashboard.workos.com/environment_01JTESTENV0000000000000000/authentication\nVITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n";

/// The healthy Vite baseline: `tests/fixtures/authkit-template` (Convex's
/// `template-react-vite-authkit`) after `npx convex dev`, with the dev port pinned.
pub fn vite_healthy() -> TestContext {
    let ctx = TestContext::new("authkit-template");
    write(&ctx, ".env.local", VITE_CONVEX_DEV_ENV);
    edit(
        &ctx,
        "vite.config.ts",
        "plugins: [react()],",
        "plugins: [react()],\n  server: { port: 5173, strictPort: true },",
    );
    ctx
}

/// `.env.local` as `npx convex dev` writes it for Convex's Next.js AuthKit template:
/// deployment and URL, the `localEnvVars` with the dashboard comment, then the cookie password
/// it adds for Next.js.
pub const NEXTJS_CONVEX_DEV_ENV: &str = "# Deployment used by `npx convex dev`\nCONVEX_DEPLOYMENT=dev:happy-otter-123 # team: acme, project: demo\n\nNEXT_PUBLIC_CONVEX_URL=https://happy-otter-123.convex.cloud\n\n# See this environment at https://dashboard.workos.com/environment_01JTESTENV0000000000000000/authentication\nWORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n\nWORKOS_API_KEY=sk_test_a1b2c3d4e5f6g7h8i9j0k1l2m3n4\n\nNEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n\nWORKOS_COOKIE_PASSWORD=Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI\n";

/// The healthy Next.js baseline: `tests/fixtures/nextjs-authkit-template` after `npx convex
/// dev`, with the dev port pinned.
pub fn nextjs_healthy() -> TestContext {
    let ctx = TestContext::new("nextjs-authkit-template");
    write(&ctx, ".env.local", NEXTJS_CONVEX_DEV_ENV);
    edit(&ctx, "package.json", "'next dev'", "'next dev -p 3000'");
    ctx
}

/// `.env.local` as `npx convex dev` writes it for Convex's TanStack Start AuthKit template:
/// deployment and URL, the `localEnvVars` with the dashboard comment, then the cookie password
/// it adds for TanStack Start.
pub const TANSTACK_CONVEX_DEV_ENV: &str = "# Deployment used by `npx convex dev`\nCONVEX_DEPLOYMENT=dev:happy-otter-123 # team: acme, project: demo\n\nVITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n\n# See this environment at https://dashboard.workos.com/environment_01JTESTENV0000000000000000/authentication\nWORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n\nWORKOS_API_KEY=sk_test_a1b2c3d4e5f6g7h8i9j0k1l2m3n4\n\nWORKOS_REDIRECT_URI=http://localhost:3000/callback\n\nWORKOS_COOKIE_PASSWORD=Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI\n";

/// The healthy TanStack Start baseline: `tests/fixtures/tanstack-start-authkit-template` after
/// `npx convex dev`, with the dev port pinned.
pub fn tanstack_healthy() -> TestContext {
    let ctx = TestContext::new("tanstack-start-authkit-template");
    write(&ctx, ".env.local", TANSTACK_CONVEX_DEV_ENV);
    edit(
        &ctx,
        "vite.config.ts",
        "port: 3000,",
        "port: 3000,\n    strictPort: true,",
    );
    ctx
}

pub fn write(ctx: &TestContext, rel: &str, text: &str) {
    let path = ctx.root.join(rel);
    fs_err::create_dir_all(path.parent().unwrap()).unwrap();
    fs_err::write(path, text).unwrap();
}

pub fn edit(ctx: &TestContext, rel: &str, from: &str, to: &str) {
    let text = ctx.read(rel);
    assert!(text.contains(from), "`{from}` not in {rel}:\n{text}");
    write(ctx, rel, &text.replacen(from, to, 1));
}

pub fn remove(ctx: &TestContext, rel: &str) {
    fs_err::remove_file(ctx.root.join(rel)).unwrap();
}

pub fn doctor(ctx: &TestContext, args: &[&str]) -> std::process::Command {
    let mut cmd = ctx.command();
    cmd.arg("doctor").arg(&ctx.root).args(args);
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(ctx: &TestContext, args: &[&str]) -> Run {
    let out = doctor(ctx, args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

pub fn json(ctx: &TestContext, args: &[&str]) -> Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    let r = run(ctx, &a);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", r.stdout, r.stderr))
}

pub fn codes(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

pub fn errors(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| format!("{} {}", f["code"], f["message"]))
        .collect()
}

/// The human blocks and JSON findings of one code, plus the exit code, as one snapshot.
pub fn report(ctx: &TestContext, code: &str, args: &[&str]) -> String {
    let human = run(ctx, args);
    let blocks: Vec<&str> = human
        .stdout
        .split("\n\n")
        .filter(|b| {
            let first = b.trim_start().lines().next().unwrap_or("");
            first.contains(&format!("[{code}]"))
        })
        .collect();
    assert!(
        !blocks.is_empty(),
        "no {code} finding:\n{}\n{}",
        human.stdout,
        human.stderr
    );
    let v = json(ctx, args);
    let findings: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .collect();
    format!(
        "exit {}\n{}\n----- json -----\n{}",
        human.code,
        blocks.join("\n\n").trim_end(),
        serde_json::to_string_pretty(&findings).unwrap()
    )
}

/// One positive case per rule: mutate the healthy baseline (or start elsewhere), then snapshot.
#[macro_export]
macro_rules! case {
    ($name:ident, $code:literal, $args:expr, $ctx:expr, |$c:ident| $setup:block, @$snap:literal) => {
        #[test]
        fn $name() {
            let $c: TestContext = $ctx;
            $setup
            let before = $c.tree();
            let out = report(&$c, $code, &$args);
            assert!(changed(&before, &$c.tree()).is_empty(), "doctor wrote files without --fix");
            insta::assert_snapshot!(out, @$snap);
        }
    };
}

/// The whole human output and the JSON findings of a run where `code` must not fire, plus the exit
/// code, as one snapshot. The JSON part keeps each finding's code, severity, position and message
/// (the human part already shows the rest).
pub fn negative_report(ctx: &TestContext, code: &str, args: &[&str]) -> String {
    let human = run(ctx, args);
    let v = json(ctx, args);
    assert!(
        !codes(&v).iter().any(|c| c == code),
        "{code} fired on its negative: {v:#}"
    );
    assert_eq!(
        errors(&v),
        Vec::<String>::new(),
        "errors on the negative of {code}"
    );
    let findings: Vec<Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            serde_json::json!({
                "code": f["code"],
                "severity": f["severity"],
                "file": f["file"],
                "line": f["line"],
                "message": f["message"],
            })
        })
        .collect();
    let mut doc = serde_json::json!({
        "findings": findings,
        "summary": v["summary"],
        "exit_code": v["exit_code"],
    });
    if !v["production"].is_null() {
        doc["production_ready"] = v["production"]["ready"].clone();
    }
    let out = format!(
        "exit {}\n{}\n----- json -----\n{}",
        human.code,
        human.stdout.trim_end(),
        serde_json::to_string_pretty(&doc).unwrap()
    )
    .replace(&ctx.root.display().to_string(), "[APP]");
    assert!(
        !out.contains(code),
        "{code} in the output of its negative:\n{out}"
    );
    out
}

/// One negative case per rule, mirroring `case!`: the setup is the positive's plus the fix.
#[macro_export]
macro_rules! negative {
    ($name:ident, $code:literal, $args:expr, $ctx:expr, |$c:ident| $setup:block, @$snap:literal) => {
        #[test]
        fn $name() {
            let $c: TestContext = $ctx;
            $setup
            let before = $c.tree();
            let out = negative_report(&$c, $code, &$args);
            assert!(changed(&before, &$c.tree()).is_empty(), "doctor wrote files without --fix");
            insta::assert_snapshot!(out, @$snap);
        }
    };
}

/// Replaces every occurrence (at least one) of `from` in `rel`.
pub fn edit_all(ctx: &TestContext, rel: &str, from: &str, to: &str) {
    let text = ctx.read(rel);
    assert!(text.contains(from), "`{from}` not in {rel}:\n{text}");
    write(ctx, rel, &text.replace(from, to));
}

pub fn fix_round_trip(ctx: &TestContext, code: &str) -> String {
    let first = run(ctx, &["--fix"]);
    let after = json(ctx, &[]);
    assert!(
        !codes(&after).iter().any(|c| c == code),
        "{code} still reported after --fix:\n{}",
        first.stdout
    );
    let before = ctx.tree();
    let second = json(ctx, &["--fix"]);
    assert_eq!(second["bytes_written"], 0, "{second:#}");
    assert!(changed(&before, &ctx.tree()).is_empty());
    let end = first
        .stdout
        .find("✓ Fixed")
        .and_then(|i| first.stdout[i..].find('\n').map(|j| i + j))
        .unwrap_or_else(|| panic!("nothing fixed:\n{}", first.stdout));
    format!("exit {}\n{}", first.code, &first.stdout[..end])
}
