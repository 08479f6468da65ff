//! `convex-authkit doctor` on Next.js (App Router) apps.
//!
//! The healthy baseline is `tests/fixtures/nextjs-authkit-template` (shaped like Convex's
//! `template-nextjs-authkit`) after `npx convex dev` wrote `.env.local`, with the dev port pinned.
//! Each positive case (`case!`) changes one thing in a temp copy and snapshots that rule's
//! findings, human and JSON; each negative case (`negative!`, in `mod negative`) is the same setup
//! with the fix applied, which must not report the rule nor any error.

mod common;

use common::doctor::*;
use common::{TestContext, changed};

/// `.env.local` as `npx convex dev` writes it for the template.
const CONVEX_DEV_ENV: &str = NEXTJS_CONVEX_DEV_ENV;

/// The Next.js template as shipped: no `.env.local`, port not pinned.
fn template() -> TestContext {
    TestContext::new("nextjs-authkit-template")
}

/// The template after `npx convex dev`.
fn after_convex_dev() -> TestContext {
    let ctx = template();
    write(&ctx, ".env.local", CONVEX_DEV_ENV);
    ctx
}

/// The healthy baseline: after `npx convex dev`, with the dev port pinned.
fn healthy() -> TestContext {
    nextjs_healthy()
}

/// The secrets in [`CONVEX_DEV_ENV`], which no output may show.
const SECRETS: [&str; 2] = [
    "a1b2c3d4e5f6g7h8i9j0k1l2m3n4",
    "Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI",
];

/// Words that would mean a Vite rule spoke on a Next.js app.
fn assert_not_vite_worded(out: &str) {
    for word in [
        "Vite",
        "vite",
        "strictPort",
        "import.meta",
        "VITE_",
        "@convex-dev/workos",
    ] {
        assert!(
            !out.contains(word),
            "`{word}` in a Next.js app's output:\n{out}"
        );
    }
}

/// Runs `git` in the app (the tests' `PATH` has it).
fn git(ctx: &TestContext, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(&ctx.root)
        .env("HOME", &ctx.base)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn remove_local_env_var(ctx: &TestContext, line: &str) {
    edit(ctx, "convex.json", line, "");
}

// ---------------------------------------------------------------------------------------------
// Healthy setups: no false errors, no Vite wording.

#[test]
fn template_as_shipped_has_no_errors() {
    let ctx = template();
    let out = run(&ctx, &[]);
    assert_not_vite_worded(&out.stdout);
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    insta::assert_snapshot!(format!("exit {}\n{}", out.code, out.stdout), @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID;
      |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
      |
      = note: why: Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count
      = help: set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod) (manual)
                npx convex env set WORKOS_CLIENT_ID client_…
                npx convex env set --prod WORKOS_CLIENT_ID client_…

    warning[AK201]: the dev port 3000 is not pinned (`-p`)
     --> package.json:6:12
      |
    6 |     "dev": "convex dev --start 'next dev'",
      |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ `next dev` without `-p`
      |
      = note: why: when the port is busy `next dev` moves to the next free one (it keeps a port only when `-p`, `--port` or `PORT` gives it), and sign-in then returns to a URI nothing serves
      = help: pass `-p 3000` to `next dev` in `scripts.dev` (`--fix` applies this)

    0 errors, 1 warning, 1 info; 1 fixable with --fix
    "#);
}

#[test]
fn template_after_convex_dev_has_no_errors() {
    let ctx = after_convex_dev();
    let out = run(&ctx, &[]);
    assert_not_vite_worded(&out.stdout);
    for secret in SECRETS {
        assert!(!out.stdout.contains(secret));
    }
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    insta::assert_snapshot!(format!("exit {}\n{}", out.code, out.stdout), @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID;
      |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
      |
      = note: why: Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count
      = help: set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod) (manual)
                npx convex env set WORKOS_CLIENT_ID client_…
                npx convex env set --prod WORKOS_CLIENT_ID client_…

    warning[AK201]: the dev port 3000 is not pinned (`-p`)
     --> package.json:6:12
      |
    6 |     "dev": "convex dev --start 'next dev'",
      |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ `next dev` without `-p`
      |
      = note: why: when the port is busy `next dev` moves to the next free one (it keeps a port only when `-p`, `--port` or `PORT` gives it), and sign-in then returns to a URI nothing serves
      = help: pass `-p 3000` to `next dev` in `scripts.dev` (`--fix` applies this)

    0 errors, 1 warning, 1 info; 1 fixable with --fix
    "#);
}

/// Every rule is absent from the healthy baseline, `--prod` included, and production is ready
/// (the template configures `authKit.prod`); the host checklist names the server's secrets.
#[test]
fn no_rule_fires_on_the_healthy_baseline() {
    let ctx = healthy();
    let v = json(&ctx, &["--prod"]);
    let codes = codes(&v);
    assert_eq!(codes, ["AK310"], "{v:#}");
    assert_eq!(v["production"]["ready"], true, "{v:#}");
    let out = run(&ctx, &["--prod"]);
    assert_not_vite_worded(&out.stdout);
    let checklist = &out.stdout[out.stdout.find("Production:").unwrap()..];
    insta::assert_snapshot!(checklist, @"
    Production: ready
    Set on the host and the Convex prod deployment (doctor can't see them):
      host         WORKOS_CLIENT_ID=<the production client ID>
      host         NEXT_PUBLIC_WORKOS_REDIRECT_URI=https://<VERCEL_PROJECT_PRODUCTION_URL>/callback
      host         WORKOS_API_KEY=<the production sk_live_ key>
      host         WORKOS_COOKIE_PASSWORD=<a new random password of 32+ characters, not the dev one>
      convex prod  WORKOS_CLIENT_ID=<the production client ID>
      convex prod  WORKOS_API_KEY=<the production sk_live_ key, via the hidden prompt>

    0 errors, 0 warnings, 1 info; 0 fixable with --fix
    ");
}

/// `init` on every Next.js fixture, both teams: no errors but the API key an existing team's
/// user still has to add (init never takes it); none once it is there.
#[test]
fn init_outputs_have_no_false_errors() {
    let client = "client_01JTEST0000000000000000000";
    for fixture in ["nextjs-16", "nextjs-15-src", "nextjs-js"] {
        for team in ["managed", "existing"] {
            let ctx = TestContext::new(fixture);
            let mut flags = vec!["--team", team, "--scope", "local"];
            if team == "existing" {
                flags.extend(["--client-id", client]);
            }
            let out = ctx.init(&flags).output().unwrap();
            assert!(
                matches!(out.status.code(), Some(0 | 3)),
                "init failed on {fixture}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let human = run(&ctx, &[]);
            assert_not_vite_worded(&human.stdout);
            let v = json(&ctx, &[]);
            let errs = errors(&v);
            if team == "existing" {
                assert_eq!(codes(&v), ["AK408", "AK310", "AK201"], "{fixture}: {v:#}");
                let env = ctx.read(".env.local");
                write(
                    &ctx,
                    ".env.local",
                    &format!("{env}WORKOS_API_KEY=sk_test_a1b2c3d4e5f6g7h8i9j0k1l2m3n4\n"),
                );
                assert_eq!(errors(&json(&ctx, &[])), Vec::<String>::new(), "{fixture}");
            } else {
                assert!(errs.is_empty(), "{fixture} {team}: {errs:#?}");
                assert_eq!(codes(&v), ["AK310", "AK201"], "{fixture}: {v:#}");
            }
            // `--fix` pins the port in the dev script, wherever it starts `next dev`.
            let fixed = json(&ctx, &["--fix"]);
            assert!(
                !codes(&fixed).iter().any(|c| c == "AK201"),
                "{fixture}: {fixed:#}"
            );
        }
    }
}

/// Secret values never reach the output: human, JSON, `--prod`, and `--fix` diffs.
#[test]
fn secrets_are_masked_everywhere() {
    let ctx = healthy();
    // A leak (AK403), a short copy in production (AK405, AK407), a missing proxy (a fix).
    let env = ctx.read(".env.local");
    write(
        &ctx,
        ".env.local",
        &format!("{env}NEXT_PUBLIC_WORKOS_API_KEY=sk_test_a1b2c3d4e5f6g7h8i9j0k1l2m3n4\n"),
    );
    write(
        &ctx,
        ".env.production",
        "WORKOS_COOKIE_PASSWORD=Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI\n",
    );
    remove(&ctx, "proxy.ts");
    edit(
        &ctx,
        ".env.local",
        "WORKOS_COOKIE_PASSWORD=",
        "WORKOS_COOKIE_PASSWORD_OLD=",
    );
    let mut outputs = Vec::new();
    for args in [
        &[][..],
        &["--json"],
        &["--prod"],
        &["--json", "--prod"],
        &["--fix"],
    ] {
        let r = run(&ctx, args);
        outputs.push(format!("{}{}", r.stdout, r.stderr));
    }
    let fixed = json(&ctx, &["--json"]);
    outputs.push(fixed.to_string());
    for out in &outputs {
        for secret in SECRETS {
            assert!(!out.contains(secret), "a secret in the output:\n{out}");
        }
    }
    // The generated password is never shown either.
    let written = ctx.read(".env.local");
    let generated = written
        .lines()
        .find_map(|l| l.strip_prefix("WORKOS_COOKIE_PASSWORD="))
        .expect("a cookie password was written");
    assert_eq!(generated.len(), 43);
    assert!(outputs.iter().all(|o| !o.contains(generated)));
}

// ---------------------------------------------------------------------------------------------
// One positive case per Next.js rule, and the Next.js side of the shared ones.

case!(ak208, "AK208", [], healthy(), |c| {
    // An existing team's `.env.local` with TanStack's name for the redirect URI.
    remove_local_env_var(&c, ",\n        \"NEXT_PUBLIC_WORKOS_REDIRECT_URI\": \"http://localhost:3000/callback\"");
    edit(&c, ".env.local", "NEXT_PUBLIC_WORKOS_REDIRECT_URI=", "WORKOS_REDIRECT_URI=");
}, @r#"
exit 1
error[AK208]: the redirect URI is in `WORKOS_REDIRECT_URI` (`.env.local`), which Next.js's AuthKit SDK never reads; it reads `NEXT_PUBLIC_WORKOS_REDIRECT_URI`
  --> .env.local:11:1
   |
11 | WORKOS_REDIRECT_URI=http://localhost:3000/callback
   | ^^^^^^^^^^^^^^^^^^^ not `NEXT_PUBLIC_WORKOS_REDIRECT_URI`
   |
   = note: why: Next.js's AuthKit SDK reads the redirect URI only from `NEXT_PUBLIC_WORKOS_REDIRECT_URI`; without it the sign-in request carries none, so WorkOS uses the dashboard's default redirect URI (usually not this app's callback) or refuses
   = help: set `NEXT_PUBLIC_WORKOS_REDIRECT_URI` to the same URI in `.env.local` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK208",
    "severity": "error",
    "message": "the redirect URI is in `WORKOS_REDIRECT_URI` (`.env.local`), which Next.js's AuthKit SDK never reads; it reads `NEXT_PUBLIC_WORKOS_REDIRECT_URI`",
    "file": ".env.local",
    "line": 11,
    "column": 1,
    "end_line": 11,
    "end_column": 20,
    "label": "not `NEXT_PUBLIC_WORKOS_REDIRECT_URI`",
    "why": "Next.js's AuthKit SDK reads the redirect URI only from `NEXT_PUBLIC_WORKOS_REDIRECT_URI`; without it the sign-in request carries none, so WorkOS uses the dashboard's default redirect URI (usually not this app's callback) or refuses",
    "remedy": {
      "summary": "set `NEXT_PUBLIC_WORKOS_REDIRECT_URI` to the same URI in `.env.local`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/.env.local\n+++ b/.env.local\n@@ -11,3 +11,4 @@\n WORKOS_REDIRECT_URI=http://localhost:3000/callback\n \n WORKOS_COOKIE_PASSWORD=****\n+NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n"
    }
  }
]
"#);

case!(ak208_in_local_env_vars, "AK208", [], template(), |c| {
    edit(&c, "convex.json", "\"NEXT_PUBLIC_WORKOS_REDIRECT_URI\": \"http", "\"VITE_WORKOS_REDIRECT_URI\": \"http");
}, @r#"
exit 1
error[AK208]: `localEnvVars.VITE_WORKOS_REDIRECT_URI` writes the redirect URI under a name Next.js's AuthKit SDK never reads; it reads `NEXT_PUBLIC_WORKOS_REDIRECT_URI`
  --> convex.json:13:37
   |
13 |         "VITE_WORKOS_REDIRECT_URI": "http://localhost:3000/callback"
   |                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ not `NEXT_PUBLIC_WORKOS_REDIRECT_URI`
   |
   = note: why: Next.js's AuthKit SDK reads the redirect URI only from `NEXT_PUBLIC_WORKOS_REDIRECT_URI`; without it the sign-in request carries none, so WorkOS uses the dashboard's default redirect URI (usually not this app's callback) or refuses
   = help: rename `localEnvVars.VITE_WORKOS_REDIRECT_URI` to `NEXT_PUBLIC_WORKOS_REDIRECT_URI` in `convex.json` (manual)
----- json -----
[
  {
    "code": "AK208",
    "severity": "error",
    "message": "`localEnvVars.VITE_WORKOS_REDIRECT_URI` writes the redirect URI under a name Next.js's AuthKit SDK never reads; it reads `NEXT_PUBLIC_WORKOS_REDIRECT_URI`",
    "file": "convex.json",
    "line": 13,
    "column": 37,
    "end_line": 13,
    "end_column": 69,
    "label": "not `NEXT_PUBLIC_WORKOS_REDIRECT_URI`",
    "why": "Next.js's AuthKit SDK reads the redirect URI only from `NEXT_PUBLIC_WORKOS_REDIRECT_URI`; without it the sign-in request carries none, so WorkOS uses the dashboard's default redirect URI (usually not this app's callback) or refuses",
    "remedy": {
      "summary": "rename `localEnvVars.VITE_WORKOS_REDIRECT_URI` to `NEXT_PUBLIC_WORKOS_REDIRECT_URI` in `convex.json`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak407, "AK407", [], healthy(), |c| {
    edit(&c, ".env.local", "WORKOS_COOKIE_PASSWORD=Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI", "WORKOS_COOKIE_PASSWORD=changeme-please");
}, @r#"
exit 1
error[AK407]: `WORKOS_COOKIE_PASSWORD` in `.env.local` is 15 characters long; AuthKit needs at least 32
  --> .env.local:13:24
   |
13 | WORKOS_COOKIE_PASSWORD=***************
   |                        ^^^^^^^^^^^^^^^ 15 characters
   |
   = note: why: AuthKit's server SDK seals the session cookie with `WORKOS_COOKIE_PASSWORD` and refuses to run without one of at least 32 characters, so every page that reads the session fails
   = help: replace it with a random password of 32 characters or more (manual)
             openssl rand -base64 32
----- json -----
[
  {
    "code": "AK407",
    "severity": "error",
    "message": "`WORKOS_COOKIE_PASSWORD` in `.env.local` is 15 characters long; AuthKit needs at least 32",
    "file": ".env.local",
    "line": 13,
    "column": 24,
    "end_line": 13,
    "end_column": 39,
    "label": "15 characters",
    "why": "AuthKit's server SDK seals the session cookie with `WORKOS_COOKIE_PASSWORD` and refuses to run without one of at least 32 characters, so every page that reads the session fails",
    "remedy": {
      "summary": "replace it with a random password of 32 characters or more",
      "applicability": "manual",
      "fixable": false,
      "commands": [
        "openssl rand -base64 32"
      ]
    }
  }
]
"#);

case!(ak407_missing, "AK407", [], healthy(), |c| {
    // `npx convex dev` has run (every `localEnvVars` name is there), so it won't add one now.
    edit(&c, ".env.local", "\nWORKOS_COOKIE_PASSWORD=Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI\n", "\n");
}, @r#"
exit 1
error[AK407]: `WORKOS_COOKIE_PASSWORD` is not set in any dev env file
--> .env.local
 = note: why: AuthKit's server SDK seals the session cookie with `WORKOS_COOKIE_PASSWORD` and refuses to run without one of at least 32 characters, so every page that reads the session fails
 = help: write a random `WORKOS_COOKIE_PASSWORD` (43 characters) to `.env.local` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK407",
    "severity": "error",
    "message": "`WORKOS_COOKIE_PASSWORD` is not set in any dev env file",
    "file": ".env.local",
    "line": null,
    "column": null,
    "end_line": null,
    "end_column": null,
    "label": null,
    "why": "AuthKit's server SDK seals the session cookie with `WORKOS_COOKIE_PASSWORD` and refuses to run without one of at least 32 characters, so every page that reads the session fails",
    "remedy": {
      "summary": "write a random `WORKOS_COOKIE_PASSWORD` (43 characters) to `.env.local`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/.env.local\n+++ b/.env.local\n@@ -10,3 +10,4 @@\n \n NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n \n+WORKOS_COOKIE_PASSWORD=****\n"
    }
  }
]
"#);

case!(ak407_shared_with_production, "AK407", [], healthy(), |c| {
    write(&c, ".env.production.local", "WORKOS_COOKIE_PASSWORD=Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI\n");
}, @r#"
exit 0
warning[AK407]: `WORKOS_COOKIE_PASSWORD` in `.env.production.local` is the same as the development one in `.env.local`
 --> .env.production.local:1:24
  |
1 | WORKOS_COOKIE_PASSWORD=*******************************************
  |                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ same as development
  |
  = note: why: whoever has the development password (every developer, every dev machine) can forge production session cookies
  = help: use a different random password for production, in `.env.production.local` and on the host (manual)
            openssl rand -base64 32
----- json -----
[
  {
    "code": "AK407",
    "severity": "warning",
    "message": "`WORKOS_COOKIE_PASSWORD` in `.env.production.local` is the same as the development one in `.env.local`",
    "file": ".env.production.local",
    "line": 1,
    "column": 24,
    "end_line": 1,
    "end_column": 67,
    "label": "same as development",
    "why": "whoever has the development password (every developer, every dev machine) can forge production session cookies",
    "remedy": {
      "summary": "use a different random password for production, in `.env.production.local` and on the host",
      "applicability": "manual",
      "fixable": false,
      "commands": [
        "openssl rand -base64 32"
      ]
    }
  }
]
"#);

case!(ak408, "AK408", [], healthy(), |c| {
    // An existing team: no `localEnvVars` to provide the key, and none in `.env.local`.
    remove_local_env_var(&c, "\n        \"WORKOS_API_KEY\": \"${authEnv.WORKOS_API_KEY}\",");
    edit(&c, ".env.local", "WORKOS_API_KEY=sk_test_a1b2c3d4e5f6g7h8i9j0k1l2m3n4\n", "");
}, @r#"
exit 1
error[AK408]: `WORKOS_API_KEY` is not set in any dev env file, and `convex.json` has no `localEnvVars` to fill it
--> .env.local
 = note: why: the app's server exchanges the sign-in code with WorkOS using the API key; without a valid one the callback fails and nobody can sign in
 = help: add `WORKOS_API_KEY=sk_test_…` to `.env.local` (your WorkOS dashboard → API keys), or add `authKit.dev.localEnvVars` and run `npx convex dev` (manual)
----- json -----
[
  {
    "code": "AK408",
    "severity": "error",
    "message": "`WORKOS_API_KEY` is not set in any dev env file, and `convex.json` has no `localEnvVars` to fill it",
    "file": ".env.local",
    "line": null,
    "column": null,
    "end_line": null,
    "end_column": null,
    "label": null,
    "why": "the app's server exchanges the sign-in code with WorkOS using the API key; without a valid one the callback fails and nobody can sign in",
    "remedy": {
      "summary": "add `WORKOS_API_KEY=sk_test_…` to `.env.local` (your WorkOS dashboard → API keys), or add `authKit.dev.localEnvVars` and run `npx convex dev`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak408_not_a_key, "AK408", [], healthy(), |c| {
    edit(&c, ".env.local", "WORKOS_API_KEY=sk_test_a1b2c3d4e5f6g7h8i9j0k1l2m3n4", "WORKOS_API_KEY=client_01JTEST0000000000000000000");
}, @r#"
exit 1
error[AK408]: `WORKOS_API_KEY` in `.env.local` is not a WorkOS API key: that is a client ID; the API key starts with `sk_test_` (or `sk_live_` in production)
 --> .env.local:9:16
  |
9 | WORKOS_API_KEY=*********************************
  |                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ not an API key
  |
  = note: why: the app's server exchanges the sign-in code with WorkOS using the API key; without a valid one the callback fails and nobody can sign in
  = help: paste the API key from the WorkOS dashboard (API keys) into `.env.local` (manual)
----- json -----
[
  {
    "code": "AK408",
    "severity": "error",
    "message": "`WORKOS_API_KEY` in `.env.local` is not a WorkOS API key: that is a client ID; the API key starts with `sk_test_` (or `sk_live_` in production)",
    "file": ".env.local",
    "line": 9,
    "column": 16,
    "end_line": 9,
    "end_column": 49,
    "label": "not an API key",
    "why": "the app's server exchanges the sign-in code with WorkOS using the API key; without a valid one the callback fails and nobody can sign in",
    "remedy": {
      "summary": "paste the API key from the WorkOS dashboard (API keys) into `.env.local`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak409, "AK409", [], healthy(), |c| {
    git(&c, &["init", "-q"]);
    git(&c, &["add", "-f", ".env.local"]);
}, @r#"
exit 1
error[AK409]: git tracks `.env.local`, which holds a secret (`WORKOS_API_KEY`)
 --> .env.local:9:1
  |
9 | WORKOS_API_KEY=sk_test_****************************
  | ^^^^^^^^^^^^^^ tracked by git
  |
  = note: why: ignoring a file doesn't untrack it: each commit carries the secret to everyone with the repository, and it stays in the history
  = help: stop tracking it (and keep it ignored), then rotate the secret (a new API key in the WorkOS dashboard, a new cookie password): it is in the history (manual)
            git rm --cached .env.local
----- json -----
[
  {
    "code": "AK409",
    "severity": "error",
    "message": "git tracks `.env.local`, which holds a secret (`WORKOS_API_KEY`)",
    "file": ".env.local",
    "line": 9,
    "column": 1,
    "end_line": 9,
    "end_column": 15,
    "label": "tracked by git",
    "why": "ignoring a file doesn't untrack it: each commit carries the secret to everyone with the repository, and it stays in the history",
    "remedy": {
      "summary": "stop tracking it (and keep it ignored), then rotate the secret (a new API key in the WorkOS dashboard, a new cookie password): it is in the history",
      "applicability": "manual",
      "fixable": false,
      "commands": [
        "git rm --cached .env.local"
      ]
    }
  }
]
"#);

case!(ak507, "AK507", [], healthy(), |c| {
    remove(&c, "proxy.ts");
}, @r#"
exit 1
error[AK507]: no `proxy.ts` next to `app/`: AuthKit's proxy never runs
 |
 = note: why: AuthKit's proxy refreshes the session cookie and hands the session to `withAuth()` and AuthKit's client components; where it doesn't run they throw "You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware"
 = help: create `proxy.ts` running AuthKit's `authkitProxy()` on every page and API route (`--fix` applies this)
----- json -----
[
  {
    "code": "AK507",
    "severity": "error",
    "message": "no `proxy.ts` next to `app/`: AuthKit's proxy never runs",
    "file": null,
    "line": null,
    "column": null,
    "end_line": null,
    "end_column": null,
    "label": null,
    "why": "AuthKit's proxy refreshes the session cookie and hands the session to `withAuth()` and AuthKit's client components; where it doesn't run they throw \"You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware\"",
    "remedy": {
      "summary": "create `proxy.ts` running AuthKit's `authkitProxy()` on every page and API route",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- /dev/null\n+++ b/proxy.ts\n@@ -0,0 +1,13 @@\n+import { authkitProxy } from '@workos-inc/authkit-nextjs';\n+\n+// Keeps the AuthKit session cookie fresh and hands the session to `withAuth()`.\n+export default authkitProxy();\n+\n+export const config = {\n+  matcher: [\n+    // Skip Next.js internals and all static files, unless found in search params\n+    '/((?!_next|[^?]*\\\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',\n+    // Always run for API routes\n+    '/(api|trpc)(.*)',\n+  ],\n+};\n"
    }
  }
]
"#);

case!(ak507_misplaced, "AK507", [], healthy(), |c| {
    let proxy = c.read("proxy.ts");
    remove(&c, "proxy.ts");
    write(&c, "app/proxy.ts", &proxy);
}, @r#"
exit 1
error[AK507]: `app/proxy.ts` never runs: Next.js looks for it only next to `app/`
 --> app/proxy.ts:1:1
  |
1 | import { authkitMiddleware } from '@workos-inc/authkit-nextjs';
  | ^ ignored by Next.js
  |
  = note: why: AuthKit's proxy refreshes the session cookie and hands the session to `withAuth()` and AuthKit's client components; where it doesn't run they throw "You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware"
  = help: move it to `proxy.ts` (manual)
----- json -----
[
  {
    "code": "AK507",
    "severity": "error",
    "message": "`app/proxy.ts` never runs: Next.js looks for it only next to `app/`",
    "file": "app/proxy.ts",
    "line": 1,
    "column": 1,
    "end_line": 1,
    "end_column": 1,
    "label": "ignored by Next.js",
    "why": "AuthKit's proxy refreshes the session cookie and hands the session to `withAuth()` and AuthKit's client components; where it doesn't run they throw \"You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware\"",
    "remedy": {
      "summary": "move it to `proxy.ts`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak507_both, "AK507", [], healthy(), |c| {
    write(&c, "middleware.ts", &c.read("proxy.ts"));
}, @r#"
exit 1
error[AK507]: both `proxy.ts` and `middleware.ts` exist; Next.js refuses to run with both
 --> middleware.ts:1:1
  |
1 | import { authkitMiddleware } from '@workos-inc/authkit-nextjs';
  | ^ a second proxy
  |
  = note: why: Next.js 16 renamed `middleware` to `proxy` and stops with an error when it finds both, so the app doesn't start
  = help: keep only `proxy.ts` (merge `middleware.ts` into it) (manual)
----- json -----
[
  {
    "code": "AK507",
    "severity": "error",
    "message": "both `proxy.ts` and `middleware.ts` exist; Next.js refuses to run with both",
    "file": "middleware.ts",
    "line": 1,
    "column": 1,
    "end_line": 1,
    "end_column": 1,
    "label": "a second proxy",
    "why": "Next.js 16 renamed `middleware` to `proxy` and stops with an error when it finds both, so the app doesn't start",
    "remedy": {
      "summary": "keep only `proxy.ts` (merge `middleware.ts` into it)",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak507_without_authkit, "AK507", [], healthy(), |c| {
    write(&c, "proxy.ts", "import { NextResponse } from 'next/server';\n\nexport default function proxy() {\n  return NextResponse.next();\n}\n");
}, @r#"
exit 1
error[AK507]: `proxy.ts` doesn't run AuthKit
 --> proxy.ts:1:1
  |
1 | import { NextResponse } from 'next/server';
  | ^ no AuthKit here
  |
  = note: why: AuthKit's proxy refreshes the session cookie and hands the session to `withAuth()` and AuthKit's client components; where it doesn't run they throw "You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware"
  = help: export AuthKit's `authkitProxy()` as its default, or call `authkit()` in it and answer through `handleAuthkitHeaders()` to keep your own logic (manual)
----- json -----
[
  {
    "code": "AK507",
    "severity": "error",
    "message": "`proxy.ts` doesn't run AuthKit",
    "file": "proxy.ts",
    "line": 1,
    "column": 1,
    "end_line": 1,
    "end_column": 1,
    "label": "no AuthKit here",
    "why": "AuthKit's proxy refreshes the session cookie and hands the session to `withAuth()` and AuthKit's client components; where it doesn't run they throw \"You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware\"",
    "remedy": {
      "summary": "export AuthKit's `authkitProxy()` as its default, or call `authkit()` in it and answer through `handleAuthkitHeaders()` to keep your own logic",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak508, "AK508", [], healthy(), |c| {
    // The root layout calls `withAuth()`, so every page needs the proxy.
    edit_matcher(&c, "matcher: ['/dashboard/:path*'],");
}, @r#"
exit 1
error[AK508]: the `matcher` in `proxy.ts` skips a route that reads the session (`withAuth()` in it or a layout above): `/` (`app/page.tsx`)
  --> proxy.ts:18:3
   |
18 |   matcher: ['/dashboard/:path*'],
   |   ^^^^^^^ doesn't match `/`
   |
   = note: why: AuthKit's proxy refreshes the session cookie and hands the session to `withAuth()` and AuthKit's client components; where it doesn't run they throw "You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware"
   = help: add those paths to `config.matcher`, or use the matcher `convex-authkit init` writes (every page and API route, no static files) (manual)
----- json -----
[
  {
    "code": "AK508",
    "severity": "error",
    "message": "the `matcher` in `proxy.ts` skips a route that reads the session (`withAuth()` in it or a layout above): `/` (`app/page.tsx`)",
    "file": "proxy.ts",
    "line": 18,
    "column": 3,
    "end_line": 18,
    "end_column": 10,
    "label": "doesn't match `/`",
    "why": "AuthKit's proxy refreshes the session cookie and hands the session to `withAuth()` and AuthKit's client components; where it doesn't run they throw \"You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware\"",
    "remedy": {
      "summary": "add those paths to `config.matcher`, or use the matcher `convex-authkit init` writes (every page and API route, no static files)",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak509, "AK509", [], healthy(), |c| {
    let route = c.read("app/callback/route.ts");
    remove(&c, "app/callback/route.ts");
    write(&c, "app/auth/callback/route.ts", &route);
}, @r#"
exit 1
error[AK509]: the callback route `app/auth/callback/route.ts` serves `/auth/callback`, but the redirect URI's path is `/callback`
  --> .env.local:11:33
   |
11 | NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback
   |                                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the callback path is `/callback`
   |
   = note: why: after sign-in WorkOS sends the browser to the redirect URI with the code; only a route handler exporting `GET = handleAuth()` there turns it into a session, anything else leaves the user signed out
   = help: move it to `app/callback/route.ts`, or use `/auth/callback` in the redirect URI everywhere (`convex.json` and `NEXT_PUBLIC_WORKOS_REDIRECT_URI`) (manual)
----- json -----
[
  {
    "code": "AK509",
    "severity": "error",
    "message": "the callback route `app/auth/callback/route.ts` serves `/auth/callback`, but the redirect URI's path is `/callback`",
    "file": ".env.local",
    "line": 11,
    "column": 33,
    "end_line": 11,
    "end_column": 63,
    "label": "the callback path is `/callback`",
    "why": "after sign-in WorkOS sends the browser to the redirect URI with the code; only a route handler exporting `GET = handleAuth()` there turns it into a session, anything else leaves the user signed out",
    "remedy": {
      "summary": "move it to `app/callback/route.ts`, or use `/auth/callback` in the redirect URI everywhere (`convex.json` and `NEXT_PUBLIC_WORKOS_REDIRECT_URI`)",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak509_missing, "AK509", [], healthy(), |c| {
    remove(&c, "app/callback/route.ts");
}, @r#"
exit 1
error[AK509]: no route handler serves the callback path `/callback`
  --> .env.local:11:33
   |
11 | NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback
   |                                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the callback path is `/callback`
   |
   = note: why: after sign-in WorkOS sends the browser to the redirect URI with the code; only a route handler exporting `GET = handleAuth()` there turns it into a session, anything else leaves the user signed out
   = help: create `app/callback/route.ts` exporting `GET = handleAuth()` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK509",
    "severity": "error",
    "message": "no route handler serves the callback path `/callback`",
    "file": ".env.local",
    "line": 11,
    "column": 33,
    "end_line": 11,
    "end_column": 63,
    "label": "the callback path is `/callback`",
    "why": "after sign-in WorkOS sends the browser to the redirect URI with the code; only a route handler exporting `GET = handleAuth()` there turns it into a session, anything else leaves the user signed out",
    "remedy": {
      "summary": "create `app/callback/route.ts` exporting `GET = handleAuth()`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- /dev/null\n+++ b/app/callback/route.ts\n@@ -0,0 +1,4 @@\n+import { handleAuth } from '@workos-inc/authkit-nextjs';\n+\n+// Exchanges the sign-in code for a session cookie, then returns to the app.\n+export const GET = handleAuth();\n"
    }
  }
]
"#);

case!(ak509_page, "AK509", [], healthy(), |c| {
    remove(&c, "app/callback/route.ts");
    write(&c, "app/callback/page.tsx", "export default function Callback() {\n  return null;\n}\n");
}, @r#"
exit 1
error[AK509]: `app/callback/page.tsx` is a page, but the callback path `/callback` needs a route handler
  --> .env.local:11:33
   |
11 | NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback
   |                                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the callback path is `/callback`
   |
   = note: why: after sign-in WorkOS sends the browser to the redirect URI with the code; only a route handler exporting `GET = handleAuth()` there turns it into a session, anything else leaves the user signed out
   = help: replace it with `app/callback/route.ts` exporting `GET = handleAuth()` (manual)
----- json -----
[
  {
    "code": "AK509",
    "severity": "error",
    "message": "`app/callback/page.tsx` is a page, but the callback path `/callback` needs a route handler",
    "file": ".env.local",
    "line": 11,
    "column": 33,
    "end_line": 11,
    "end_column": 63,
    "label": "the callback path is `/callback`",
    "why": "after sign-in WorkOS sends the browser to the redirect URI with the code; only a route handler exporting `GET = handleAuth()` there turns it into a session, anything else leaves the user signed out",
    "remedy": {
      "summary": "replace it with `app/callback/route.ts` exporting `GET = handleAuth()`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak510, "AK510", [], healthy(), |c| {
    edit(&c, "components/ConvexClientProvider.tsx", "'use client';\n\n", "");
}, @r#"
exit 1
error[AK510]: `components/ConvexClientProvider.tsx` uses `useState` but doesn't start with `'use client'`
  --> components/ConvexClientProvider.tsx:13:20
   |
13 |   const [convex] = useState(() => {
   |                    ^^^^^^^^ client-only, run on the server
   |
   = note: why: a module a Server Component (the root layout) imports runs on the server unless it starts with `'use client'`: hooks throw there ("… only works in a Client Component") and a `ConvexReactClient` can't be handed to the browser, so the app doesn't render
   = help: add `'use client'` at the top of `components/ConvexClientProvider.tsx` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK510",
    "severity": "error",
    "message": "`components/ConvexClientProvider.tsx` uses `useState` but doesn't start with `'use client'`",
    "file": "components/ConvexClientProvider.tsx",
    "line": 13,
    "column": 20,
    "end_line": 13,
    "end_column": 28,
    "label": "client-only, run on the server",
    "why": "a module a Server Component (the root layout) imports runs on the server unless it starts with `'use client'`: hooks throw there (\"… only works in a Client Component\") and a `ConvexReactClient` can't be handed to the browser, so the app doesn't render",
    "remedy": {
      "summary": "add `'use client'` at the top of `components/ConvexClientProvider.tsx`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/components/ConvexClientProvider.tsx\n+++ b/components/ConvexClientProvider.tsx\n@@ -1,3 +1,5 @@\n+'use client';\n+\n import { ReactNode, useCallback, useState } from 'react';\n import { ConvexReactClient } from 'convex/react';\n import { ConvexProviderWithAuth } from 'convex/react';\n"
    }
  }
]
"#);

case!(nextjs_ak201, "AK201", [], after_convex_dev(), |c| {}, @r#"
exit 0
warning[AK201]: the dev port 3000 is not pinned (`-p`)
 --> package.json:6:12
  |
6 |     "dev": "convex dev --start 'next dev'",
  |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ `next dev` without `-p`
  |
  = note: why: when the port is busy `next dev` moves to the next free one (it keeps a port only when `-p`, `--port` or `PORT` gives it), and sign-in then returns to a URI nothing serves
  = help: pass `-p 3000` to `next dev` in `scripts.dev` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK201",
    "severity": "warning",
    "message": "the dev port 3000 is not pinned (`-p`)",
    "file": "package.json",
    "line": 6,
    "column": 12,
    "end_line": 6,
    "end_column": 43,
    "label": "`next dev` without `-p`",
    "why": "when the port is busy `next dev` moves to the next free one (it keeps a port only when `-p`, `--port` or `PORT` gives it), and sign-in then returns to a URI nothing serves",
    "remedy": {
      "summary": "pass `-p 3000` to `next dev` in `scripts.dev`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/package.json\n+++ b/package.json\n@@ -3,7 +3,7 @@\n   \"version\": \"0.1.0\",\n   \"private\": true,\n   \"scripts\": {\n-    \"dev\": \"convex dev --start 'next dev'\",\n+    \"dev\": \"convex dev --start 'next dev -p 3000'\",\n     \"build\": \"next build\",\n     \"start\": \"next start\"\n   },\n"
    }
  }
]
"#);

case!(nextjs_ak403, "AK403", [], healthy(), |c| {
    edit(&c, ".env.local", "WORKOS_COOKIE_PASSWORD=", "NEXT_PUBLIC_WORKOS_COOKIE_PASSWORD=");
}, @r#"
exit 1
error[AK403]: `NEXT_PUBLIC_WORKOS_COOKIE_PASSWORD` in `.env.local` exposes a secret (`****`) to the browser
  --> .env.local:13:1
   |
13 | NEXT_PUBLIC_WORKOS_COOKIE_PASSWORD=*******************************************
   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ client-exposed name
   |
   = note: why: the build inlines client-exposed variables into the JavaScript bundle, where anyone can read them; the app's server reads its secrets without the public prefix
   = help: rename `NEXT_PUBLIC_WORKOS_COOKIE_PASSWORD` to `WORKOS_COOKIE_PASSWORD` (read only on the server); then rotate the secret, which a build may have shipped (unsafe: `--fix --unsafe-fixes` applies this)
----- json -----
[
  {
    "code": "AK403",
    "severity": "error",
    "message": "`NEXT_PUBLIC_WORKOS_COOKIE_PASSWORD` in `.env.local` exposes a secret (`****`) to the browser",
    "file": ".env.local",
    "line": 13,
    "column": 1,
    "end_line": 13,
    "end_column": 35,
    "label": "client-exposed name",
    "why": "the build inlines client-exposed variables into the JavaScript bundle, where anyone can read them; the app's server reads its secrets without the public prefix",
    "remedy": {
      "summary": "rename `NEXT_PUBLIC_WORKOS_COOKIE_PASSWORD` to `WORKOS_COOKIE_PASSWORD` (read only on the server); then rotate the secret, which a build may have shipped",
      "applicability": "unsafe",
      "fixable": false,
      "diff": "--- a/.env.local\n+++ b/.env.local\n@@ -10,4 +10,4 @@\n \n NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n \n-NEXT_PUBLIC_WORKOS_COOKIE_PASSWORD=****\n+WORKOS_COOKIE_PASSWORD=****\n"
    }
  }
]
"#);

case!(nextjs_ak405, "AK405", [], healthy(), |c| {
    write(&c, ".gitignore", "/node_modules\n/.next/\n");
}, @r#"
exit 1
error[AK405]: `.env.local` holds a secret (`WORKOS_API_KEY`) and is not ignored by git
 --> .env.local:9:1
  |
9 | WORKOS_API_KEY=sk_test_****************************
  | ^^^^^^^^^^^^^^ secret in a file git would commit
  |
  = note: why: a committed secret leaks to everyone with access to the repository
  = help: add `.env.local` to `.gitignore` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK405",
    "severity": "error",
    "message": "`.env.local` holds a secret (`WORKOS_API_KEY`) and is not ignored by git",
    "file": ".env.local",
    "line": 9,
    "column": 1,
    "end_line": 9,
    "end_column": 15,
    "label": "secret in a file git would commit",
    "why": "a committed secret leaks to everyone with access to the repository",
    "remedy": {
      "summary": "add `.env.local` to `.gitignore`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/.gitignore\n+++ b/.gitignore\n@@ -1,2 +1,3 @@\n /node_modules\n /.next/\n+.env.local\n"
    }
  }
]
"#);

case!(nextjs_ak404, "AK404", [], healthy(), |c| {
    edit(&c, "proxy.ts", "eagerAuth: true,", "eagerAuth: true,\n  apiKey: 'sk_test_a1b2c3d4e5f6g7h8i9j0k1l2m3n4',");
}, @r#"
exit 1
error[AK404]: `proxy.ts` contains a WorkOS API key (`sk_test_****`)
 --> proxy.ts:5:12
  |
5 |   apiKey: 'sk_test_****************************',
  |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ API key literal
  |
  = note: why: source files are committed, and client components are bundled for the browser; the key gives full access to the WorkOS environment
  = help: rotate the key in the WorkOS dashboard (API keys), put the new one in `WORKOS_API_KEY` in `.env.local` (and the host's env), and replace the literal with `process.env.WORKOS_API_KEY` in server code (manual)
----- json -----
[
  {
    "code": "AK404",
    "severity": "error",
    "message": "`proxy.ts` contains a WorkOS API key (`sk_test_****`)",
    "file": "proxy.ts",
    "line": 5,
    "column": 12,
    "end_line": 5,
    "end_column": 48,
    "label": "API key literal",
    "why": "source files are committed, and client components are bundled for the browser; the key gives full access to the WorkOS environment",
    "remedy": {
      "summary": "rotate the key in the WorkOS dashboard (API keys), put the new one in `WORKOS_API_KEY` in `.env.local` (and the host's env), and replace the literal with `process.env.WORKOS_API_KEY` in server code",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(nextjs_ak501, "AK501", [], TestContext::new("nextjs-15-src"), |c| {
    // AuthKit installed, the Convex provider not rewired yet.
    edit(&c, "package.json", "\"convex\": \"^1.49.0\",", "\"@workos-inc/authkit-nextjs\": \"^4.3.2\",\n    \"convex\": \"^1.49.0\",");
}, @r#"
exit 1
error[AK501]: `<ConvexProvider>` in `src/app/providers.tsx` never passes AuthKit's token to Convex
  --> src/app/providers.tsx:10:6
   |
10 |     <ConvexProvider client={convex}>
   |      ^^^^^^^^^^^^^^ plain `ConvexProvider`
   |
   = note: why: a plain `ConvexProvider` sends no token, so Convex treats every request as anonymous: `getUserIdentity()` is null even when signed in
   = help: wrap the app in `<AuthKitProvider>`, and use `<ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>` from `convex/react`, with the `useAuthFromAuthKit` adapter hook (`convex-authkit init` writes it) (unsafe: `--fix --unsafe-fixes` applies this)
----- json -----
[
  {
    "code": "AK501",
    "severity": "error",
    "message": "`<ConvexProvider>` in `src/app/providers.tsx` never passes AuthKit's token to Convex",
    "file": "src/app/providers.tsx",
    "line": 10,
    "column": 6,
    "end_line": 10,
    "end_column": 20,
    "label": "plain `ConvexProvider`",
    "why": "a plain `ConvexProvider` sends no token, so Convex treats every request as anonymous: `getUserIdentity()` is null even when signed in",
    "remedy": {
      "summary": "wrap the app in `<AuthKitProvider>`, and use `<ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>` from `convex/react`, with the `useAuthFromAuthKit` adapter hook (`convex-authkit init` writes it)",
      "applicability": "unsafe",
      "fixable": false,
      "diff": "--- a/src/app/providers.tsx\n+++ b/src/app/providers.tsx\n@@ -1,14 +1,52 @@\n 'use client'\n \n import type { ReactNode } from 'react'\n-import { ConvexProvider, ConvexReactClient } from 'convex/react'\n+import { useCallback } from 'react'\n+import { ConvexProviderWithAuth, ConvexReactClient } from 'convex/react'\n+import { AuthKitProvider, useAuth, useAccessToken } from '@workos-inc/authkit-nextjs/components'\n \n const convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!)\n \n export function Providers({ children }: { children: ReactNode }) {\n   return (\n-    <ConvexProvider client={convex}>\n-      {children}\n-    </ConvexProvider>\n+    <AuthKitProvider>\n+      <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>\n+        {children}\n+      </ConvexProviderWithAuth>\n+    </AuthKitProvider>\n+  )\n+}\n+\n+// Convex asks for tokens through this hook: AuthKit's session user and access token.\n+function useAuthFromAuthKit() {\n+  const { user, loading: isLoading } = useAuth()\n+  const { getAccessToken, refresh } = useAccessToken()\n+\n+  const isAuthenticated = !!user\n+\n+  const fetchAccessToken = useCallback(\n+    async ({ forceRefreshToken }: { forceRefreshToken?: boolean } = {}): Promise<string | null> => {\n+      if (!user) {\n+        return null\n+      }\n+\n+      try {\n+        if (forceRefreshToken) {\n+          return (await refresh()) ?? null\n+        }\n+\n+        return (await getAccessToken()) ?? null\n+      } catch (error) {\n+        console.error('Failed to get access token:', error)\n+        return null\n+      }\n+    },\n+    [user, refresh, getAccessToken],\n   )\n+\n+  return {\n+    isLoading,\n+    isAuthenticated,\n+    fetchAccessToken,\n+  }\n }\n"
    }
  }
]
"#);

case!(nextjs_ak506, "AK506", [], healthy(), |c| {
    edit(&c, "components/ConvexClientProvider.tsx", "useAuth={useAuthFromAuthKit}", "useAuth={useAuth}");
}, @r#"
exit 1
error[AK506]: `<ConvexProviderWithAuth>` gets AuthKit's `useAuth` directly in `components/ConvexClientProvider.tsx`
  --> components/ConvexClientProvider.tsx:20:47
   |
20 |       <ConvexProviderWithAuth client={convex} useAuth={useAuth}>
   |                                               ^^^^^^^^^^^^^^^^^ AuthKit's hook, not Convex's shape
   |
   = note: why: Convex expects `{ isLoading, isAuthenticated, fetchAccessToken }`; AuthKit's hook returns `{ user, getAccessToken, … }`, so Convex never asks for a token and every request is anonymous
   = help: pass an adapter hook (`useAuthFromAuthKit`, as `convex-authkit init` writes it) that turns AuthKit's `useAuth` and `useAccessToken` into `{ isLoading, isAuthenticated, fetchAccessToken }` (manual)
----- json -----
[
  {
    "code": "AK506",
    "severity": "error",
    "message": "`<ConvexProviderWithAuth>` gets AuthKit's `useAuth` directly in `components/ConvexClientProvider.tsx`",
    "file": "components/ConvexClientProvider.tsx",
    "line": 20,
    "column": 47,
    "end_line": 20,
    "end_column": 64,
    "label": "AuthKit's hook, not Convex's shape",
    "why": "Convex expects `{ isLoading, isAuthenticated, fetchAccessToken }`; AuthKit's hook returns `{ user, getAccessToken, … }`, so Convex never asks for a token and every request is anonymous",
    "remedy": {
      "summary": "pass an adapter hook (`useAuthFromAuthKit`, as `convex-authkit init` writes it) that turns AuthKit's `useAuth` and `useAccessToken` into `{ isLoading, isAuthenticated, fetchAccessToken }`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

/// Replaces the template's `matcher: [ … ],` in `proxy.ts`.
fn edit_matcher(ctx: &TestContext, matcher: &str) {
    let text = ctx.read("proxy.ts");
    let start = text.find("matcher: [").unwrap();
    let end = start + text[start..].find("],").unwrap() + 2;
    write(
        ctx,
        "proxy.ts",
        &format!("{}{matcher}{}", &text[..start], &text[end..]),
    );
}

// ---------------------------------------------------------------------------------------------
// Negative cases: the positive's setup with the fix applied (or an equivalent healthy shape).

mod negative {
    use super::*;

    // The existing team's `.env.local` with the name the SDK reads.
    negative!(ak208, "AK208", [], healthy(), |c| {
        remove_local_env_var(&c, ",\n        \"NEXT_PUBLIC_WORKOS_REDIRECT_URI\": \"http://localhost:3000/callback\"");
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID;
      |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
      |
      = note: why: Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count
      = help: set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod) (manual)
                npx convex env set WORKOS_CLIENT_ID client_…
                npx convex env set --prod WORKOS_CLIENT_ID client_…

    0 errors, 0 warnings, 1 info; 0 fixable with --fix
    ----- json -----
    {
      "findings": [
        {
          "code": "AK310",
          "severity": "info",
          "file": "convex/auth.config.ts",
          "line": 3,
          "message": "`convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 0,
        "infos": 1,
        "fixable": 0,
        "unsafe_fixable": 0
      },
      "exit_code": 0
    }
    "#);

    // A stray `WORKOS_REDIRECT_URI` the proxy passes to AuthKit itself.
    negative!(ak208_read_by_the_proxy, "AK208", [], healthy(), |c| {
        remove_local_env_var(&c, ",\n        \"NEXT_PUBLIC_WORKOS_REDIRECT_URI\": \"http://localhost:3000/callback\"");
        edit(&c, ".env.local", "NEXT_PUBLIC_WORKOS_REDIRECT_URI=", "WORKOS_REDIRECT_URI=");
        edit(&c, "proxy.ts", ": undefined,", ": process.env.WORKOS_REDIRECT_URI,");
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID;
      |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
      |
      = note: why: Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count
      = help: set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod) (manual)
                npx convex env set WORKOS_CLIENT_ID client_…
                npx convex env set --prod WORKOS_CLIENT_ID client_…

    0 errors, 0 warnings, 1 info; 0 fixable with --fix
    ----- json -----
    {
      "findings": [
        {
          "code": "AK310",
          "severity": "info",
          "file": "convex/auth.config.ts",
          "line": 3,
          "message": "`convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 0,
        "infos": 1,
        "fixable": 0,
        "unsafe_fixable": 0
      },
      "exit_code": 0
    }
    "#);

    // A 43-character password, as `npx convex dev` makes it.
    negative!(ak407, "AK407", [], healthy(), |c| {
        edit(&c, ".env.local", "WORKOS_COOKIE_PASSWORD=Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI", "WORKOS_COOKIE_PASSWORD=0123456789abcdefghijklmnopqrstuvwxyzABCDEFG");
        write(&c, ".env.production.local", "WORKOS_COOKIE_PASSWORD=ZZZ3456789abcdefghijklmnopqrstuvwxyzABCDEFG\n");
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID;
      |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
      |
      = note: why: Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count
      = help: set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod) (manual)
                npx convex env set WORKOS_CLIENT_ID client_…
                npx convex env set --prod WORKOS_CLIENT_ID client_…

    0 errors, 0 warnings, 1 info; 0 fixable with --fix
    ----- json -----
    {
      "findings": [
        {
          "code": "AK310",
          "severity": "info",
          "file": "convex/auth.config.ts",
          "line": 3,
          "message": "`convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 0,
        "infos": 1,
        "fixable": 0,
        "unsafe_fixable": 0
      },
      "exit_code": 0
    }
    "#);

    // The managed team before its first `npx convex dev`: `localEnvVars` provides the key (not
    // provisioned yet), and `npx convex dev` adds the cookie password in the same pass.
    negative!(ak408, "AK408", [], template(), |c| {
        write(&c, ".env.local", "CONVEX_DEPLOYMENT=dev:happy-otter-123\nNEXT_PUBLIC_CONVEX_URL=https://happy-otter-123.convex.cloud\n");
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID;
      |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
      |
      = note: why: Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count
      = help: set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod) (manual)
                npx convex env set WORKOS_CLIENT_ID client_…
                npx convex env set --prod WORKOS_CLIENT_ID client_…

    warning[AK201]: the dev port 3000 is not pinned (`-p`)
     --> package.json:6:12
      |
    6 |     "dev": "convex dev --start 'next dev'",
      |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ `next dev` without `-p`
      |
      = note: why: when the port is busy `next dev` moves to the next free one (it keeps a port only when `-p`, `--port` or `PORT` gives it), and sign-in then returns to a URI nothing serves
      = help: pass `-p 3000` to `next dev` in `scripts.dev` (`--fix` applies this)

    0 errors, 1 warning, 1 info; 1 fixable with --fix
    ----- json -----
    {
      "findings": [
        {
          "code": "AK310",
          "severity": "info",
          "file": "convex/auth.config.ts",
          "line": 3,
          "message": "`convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it"
        },
        {
          "code": "AK201",
          "severity": "warning",
          "file": "package.json",
          "line": 6,
          "message": "the dev port 3000 is not pinned (`-p`)"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 1,
        "infos": 1,
        "fixable": 1,
        "unsafe_fixable": 0
      },
      "exit_code": 0
    }
    "#);

    // In a repository, ignored and never added.
    negative!(ak409, "AK409", [], healthy(), |c| {
        git(&c, &["init", "-q"]);
        git(&c, &["add", "package.json"]);
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID;
      |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
      |
      = note: why: Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count
      = help: set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod) (manual)
                npx convex env set WORKOS_CLIENT_ID client_…
                npx convex env set --prod WORKOS_CLIENT_ID client_…

    0 errors, 0 warnings, 1 info; 0 fixable with --fix
    ----- json -----
    {
      "findings": [
        {
          "code": "AK310",
          "severity": "info",
          "file": "convex/auth.config.ts",
          "line": 3,
          "message": "`convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 0,
        "infos": 1,
        "fixable": 0,
        "unsafe_fixable": 0
      },
      "exit_code": 0
    }
    "#);

    // Next.js 16 still runs a `middleware.ts` (its deprecated name).
    negative!(ak507, "AK507", [], healthy(), |c| {
        write(&c, "middleware.ts", &c.read("proxy.ts"));
        remove(&c, "proxy.ts");
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID;
      |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
      |
      = note: why: Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count
      = help: set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod) (manual)
                npx convex env set WORKOS_CLIENT_ID client_…
                npx convex env set --prod WORKOS_CLIENT_ID client_…

    0 errors, 0 warnings, 1 info; 0 fixable with --fix
    ----- json -----
    {
      "findings": [
        {
          "code": "AK310",
          "severity": "info",
          "file": "convex/auth.config.ts",
          "line": 3,
          "message": "`convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 0,
        "infos": 1,
        "fixable": 0,
        "unsafe_fixable": 0
      },
      "exit_code": 0
    }
    "#);

    // The README's own matcher: it skips `/callback`, which `handleAuth()` doesn't need.
    negative!(ak508, "AK508", [], healthy(), |c| {
        edit_matcher(&c, "matcher: ['/', '/admin'],");
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID;
      |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
      |
      = note: why: Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count
      = help: set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod) (manual)
                npx convex env set WORKOS_CLIENT_ID client_…
                npx convex env set --prod WORKOS_CLIENT_ID client_…

    0 errors, 0 warnings, 1 info; 0 fixable with --fix
    ----- json -----
    {
      "findings": [
        {
          "code": "AK310",
          "severity": "info",
          "file": "convex/auth.config.ts",
          "line": 3,
          "message": "`convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 0,
        "infos": 1,
        "fixable": 0,
        "unsafe_fixable": 0
      },
      "exit_code": 0
    }
    "#);

    // In a route group, the route still serves `/callback`.
    negative!(ak509, "AK509", [], healthy(), |c| {
        let route = c.read("app/callback/route.ts");
        remove(&c, "app/callback/route.ts");
        write(&c, "app/(auth)/callback/route.ts", &route);
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID;
      |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
      |
      = note: why: Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count
      = help: set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod) (manual)
                npx convex env set WORKOS_CLIENT_ID client_…
                npx convex env set --prod WORKOS_CLIENT_ID client_…

    0 errors, 0 warnings, 1 info; 0 fixable with --fix
    ----- json -----
    {
      "findings": [
        {
          "code": "AK310",
          "severity": "info",
          "file": "convex/auth.config.ts",
          "line": 3,
          "message": "`convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 0,
        "infos": 1,
        "fixable": 0,
        "unsafe_fixable": 0
      },
      "exit_code": 0
    }
    "#);

    // The directive in the file's other quote style.
    negative!(ak510, "AK510", [], healthy(), |c| {
        edit(&c, "components/ConvexClientProvider.tsx", "'use client';", "\"use client\"");
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID;
      |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
      |
      = note: why: Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count
      = help: set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod) (manual)
                npx convex env set WORKOS_CLIENT_ID client_…
                npx convex env set --prod WORKOS_CLIENT_ID client_…

    0 errors, 0 warnings, 1 info; 0 fixable with --fix
    ----- json -----
    {
      "findings": [
        {
          "code": "AK310",
          "severity": "info",
          "file": "convex/auth.config.ts",
          "line": 3,
          "message": "`convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 0,
        "infos": 1,
        "fixable": 0,
        "unsafe_fixable": 0
      },
      "exit_code": 0
    }
    "#);
}

// ---------------------------------------------------------------------------------------------
// Rules that don't apply to a server flow stay quiet.

#[test]
fn spa_only_rules_stay_quiet() {
    let ctx = healthy();
    // No CORS origins (the server exchanges the code) and no custom auth domain (the session is
    // a cookie on the app's own domain).
    edit(
        &ctx,
        "convex.json",
        ",\n        \"corsOrigins\": [\"http://localhost:3000\"]\n      },\n      \"localEnvVars\"",
        "\n      },\n      \"localEnvVars\"",
    );
    let v = json(&ctx, &["--prod"]);
    assert_eq!(codes(&v), ["AK310"], "{v:#}");
}

/// A proxy that hands over to your own module (or re-exports one) may well run AuthKit: it is
/// not judged.
#[test]
fn proxy_delegating_to_your_module_is_trusted() {
    let ctx = healthy();
    write(&ctx, "lib/auth.ts", &ctx.read("proxy.ts"));
    for proxy in [
        "export { default, config } from './lib/auth';\n",
        "import { withLogging } from '@/lib/auth';\n\nexport default withLogging();\n",
    ] {
        write(&ctx, "proxy.ts", proxy);
        let v = json(&ctx, &[]);
        assert_eq!(codes(&v), ["AK310"], "{proxy}: {v:#}");
    }
}

/// AuthKit's README renders `<AuthKitProvider>` in the root layout, around the Convex provider.
#[test]
fn authkit_provider_in_the_layout_is_fine() {
    let ctx = healthy();
    edit(
        &ctx,
        "components/ConvexClientProvider.tsx",
        "    <AuthKitProvider>\n",
        "",
    );
    edit(
        &ctx,
        "components/ConvexClientProvider.tsx",
        "    </AuthKitProvider>\n",
        "",
    );
    edit(
        &ctx,
        "app/layout.tsx",
        "import { withAuth } from '@workos-inc/authkit-nextjs';",
        "import { withAuth } from '@workos-inc/authkit-nextjs';\nimport { AuthKitProvider } from '@workos-inc/authkit-nextjs/components';",
    );
    edit(
        &ctx,
        "app/layout.tsx",
        "<ConvexClientProvider expectAuth={!!accessToken}>{children}</ConvexClientProvider>",
        "<AuthKitProvider>\n          <ConvexClientProvider expectAuth={!!accessToken}>{children}</ConvexClientProvider>\n        </AuthKitProvider>",
    );
    let v = json(&ctx, &[]);
    assert_eq!(codes(&v), ["AK310"], "{v:#}");
}

// ---------------------------------------------------------------------------------------------
// --fix round trips.

#[test]
fn fix_ak201_pins_next_dev() {
    let ctx = after_convex_dev();
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK201"), @r#"
    exit 0
    --- a/package.json
    +++ b/package.json
    @@ -3,7 +3,7 @@
       "version": "0.1.0",
       "private": true,
       "scripts": {
    -    "dev": "convex dev --start 'next dev'",
    +    "dev": "convex dev --start 'next dev -p 3000'",
         "build": "next build",
         "start": "next start"
       },
    ✓ Fixed 1 file (AK201; 375 bytes written); checking again
    "#);
    assert!(
        ctx.read("package.json")
            .contains("convex dev --start 'next dev -p 3000'")
    );
}

#[test]
fn fix_ak208_sets_the_name_the_sdk_reads() {
    let ctx = healthy();
    remove_local_env_var(
        &ctx,
        ",\n        \"NEXT_PUBLIC_WORKOS_REDIRECT_URI\": \"http://localhost:3000/callback\"",
    );
    edit(
        &ctx,
        ".env.local",
        "NEXT_PUBLIC_WORKOS_REDIRECT_URI=",
        "WORKOS_REDIRECT_URI=",
    );
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK208"), @"
    exit 0
    --- a/.env.local
    +++ b/.env.local
    @@ -11,3 +11,4 @@
     WORKOS_REDIRECT_URI=http://localhost:3000/callback
     
     WORKOS_COOKIE_PASSWORD=****
    +NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback
    ✓ Fixed 1 file (AK208; 562 bytes written); checking again
    ");
}

#[test]
fn fix_ak407_writes_a_cookie_password() {
    let ctx = healthy();
    edit(
        &ctx,
        ".env.local",
        "\nWORKOS_COOKIE_PASSWORD=Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI\n",
        "\n",
    );
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK407"), @"
    exit 0
    --- a/.env.local
    +++ b/.env.local
    @@ -10,3 +10,4 @@
     
     NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback
     
    +WORKOS_COOKIE_PASSWORD=****
    ✓ Fixed 1 file (AK407; 511 bytes written); checking again
    ");
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);
}

#[test]
fn fix_ak405_ignores_env_local() {
    let ctx = healthy();
    write(&ctx, ".gitignore", "/node_modules\n/.next/\n");
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK405"), @"
    exit 0
    --- a/.gitignore
    +++ b/.gitignore
    @@ -1,2 +1,3 @@
     /node_modules
     /.next/
    +.env.local
    ✓ Fixed 1 file (AK405; 33 bytes written); checking again
    ");
}

#[test]
fn fix_ak507_creates_the_proxy() {
    let ctx = healthy();
    remove(&ctx, "proxy.ts");
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK507"), @r"
    exit 0
    --- /dev/null
    +++ b/proxy.ts
    @@ -0,0 +1,13 @@
    +import { authkitProxy } from '@workos-inc/authkit-nextjs';
    +
    +// Keeps the AuthKit session cookie fresh and hands the session to `withAuth()`.
    +export default authkitProxy();
    +
    +export const config = {
    +  matcher: [
    +    // Skip Next.js internals and all static files, unless found in search params
    +    '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
    +    // Always run for API routes
    +    '/(api|trpc)(.*)',
    +  ],
    +};
    ✓ Fixed 1 file (AK507; 479 bytes written); checking again
    ");
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);
}

#[test]
fn fix_ak507_creates_middleware_on_next_15() {
    let ctx = healthy();
    remove(&ctx, "proxy.ts");
    edit(
        &ctx,
        "package.json",
        "\"next\": \"^16.3.0\"",
        "\"next\": \"^15.2.3\"",
    );
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK507"), @r"
    exit 0
    --- /dev/null
    +++ b/middleware.ts
    @@ -0,0 +1,13 @@
    +import { authkitMiddleware } from '@workos-inc/authkit-nextjs';
    +
    +// Keeps the AuthKit session cookie fresh and hands the session to `withAuth()`.
    +export default authkitMiddleware();
    +
    +export const config = {
    +  matcher: [
    +    // Skip Next.js internals and all static files, unless found in search params
    +    '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
    +    // Always run for API routes
    +    '/(api|trpc)(.*)',
    +  ],
    +};
    ✓ Fixed 1 file (AK507; 489 bytes written); checking again
    ");
}

#[test]
fn fix_ak509_creates_the_callback_route() {
    let ctx = healthy();
    remove(&ctx, "app/callback/route.ts");
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK509"), @"
    exit 0
    --- /dev/null
    +++ b/app/callback/route.ts
    @@ -0,0 +1,4 @@
    +import { handleAuth } from '@workos-inc/authkit-nextjs';
    +
    +// Exchanges the sign-in code for a session cookie, then returns to the app.
    +export const GET = handleAuth();
    ✓ Fixed 1 file (AK509; 168 bytes written); checking again
    ");
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);
}

#[test]
fn fix_ak510_adds_use_client() {
    let ctx = healthy();
    edit(
        &ctx,
        "components/ConvexClientProvider.tsx",
        "'use client';\n\n",
        "",
    );
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK510"), @"
    exit 0
    --- a/components/ConvexClientProvider.tsx
    +++ b/components/ConvexClientProvider.tsx
    @@ -1,3 +1,5 @@
    +'use client';
    +
     import { ReactNode, useCallback, useState } from 'react';
     import { ConvexReactClient } from 'convex/react';
     import { ConvexProviderWithAuth } from 'convex/react';
    ✓ Fixed 1 file (AK510; 1471 bytes written); checking again
    ");
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);
}

// ---------------------------------------------------------------------------------------------
// Layouts other than the template's.

/// `src/app` with the proxy at the root (Next.js only looks in `src/`), on Next.js 15 with a
/// `proxy.ts` (which 15 ignores).
#[test]
fn proxy_placement_follows_the_app_folder_and_version() {
    let ctx = TestContext::new("nextjs-15-src");
    let out = ctx
        .init(&["--team", "managed", "--scope", "local"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 3)));
    assert_eq!(errors(&json(&ctx, &[])), Vec::<String>::new());
    let middleware = ctx.read("src/middleware.ts");
    remove(&ctx, "src/middleware.ts");
    write(&ctx, "middleware.ts", &middleware);
    let v = json(&ctx, &[]);
    assert_eq!(
        errors(&v),
        ["\"AK507\" \"`middleware.ts` never runs: Next.js looks for it only next to `src/app/`\""]
    );
    remove(&ctx, "middleware.ts");
    write(
        &ctx,
        "src/proxy.ts",
        &middleware.replace("authkitMiddleware", "authkitProxy"),
    );
    let v = json(&ctx, &[]);
    assert_eq!(
        errors(&v),
        ["\"AK507\" \"`src/proxy.ts` never runs: Next.js 15 runs only `middleware.*`\""]
    );
}
