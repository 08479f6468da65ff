//! End-to-end tests of `convex-authkit doctor`.
//!
//! The healthy baseline is `tests/fixtures/authkit-template` (shaped like Convex's official Vite
//! AuthKit template) after `npx convex dev` wrote `.env.local`, with the dev port pinned. Each
//! rule's positive case mutates one file of a temp copy and snapshots that rule's findings, human
//! and JSON; each rule's negative case (`negative!`, in `mod negative`) applies the fix to that
//! setup and snapshots the whole output, which must not report the rule. The healthy setups (the
//! baseline, the fresh clone, every `init` output) must not report any rule either.

mod common;

use common::doctor::*;
use common::{TestContext, changed};
use serde_json::Value;

const CLIENT: &str = "client_01JTEST0000000000000000000";

/// `.env.local` as `npx convex dev` writes it for the template.
const CONVEX_DEV_ENV: &str = VITE_CONVEX_DEV_ENV;

/// The template, freshly cloned: no `.env.local`, port not pinned.
fn template() -> TestContext {
    TestContext::new("authkit-template")
}

/// The healthy baseline: the template after `npx convex dev`, with the dev port pinned.
fn healthy() -> TestContext {
    vite_healthy()
}

// ---------------------------------------------------------------------------------------------
// Healthy setups: no false errors.

#[test]
fn healthy_baseline_is_clean() {
    let ctx = healthy();
    cli_snapshot!(ctx, doctor(&ctx, &[]), @"
    success: true
    exit_code: 0
    ----- stdout -----
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

    ----- stderr -----
    ");
}

#[test]
fn template_fresh_clone_has_no_errors() {
    let ctx = template();
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    assert_eq!(codes(&v), ["AK310", "AK201"]);
    assert_eq!(v["exit_code"], 0);
}

#[test]
fn template_after_convex_dev_has_no_errors() {
    let ctx = template();
    write(&ctx, ".env.local", CONVEX_DEV_ENV);
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    assert_eq!(codes(&v), ["AK310", "AK201"]);
}

/// Every rule, by code, is absent from the healthy setups (the negative case of each rule).
#[test]
fn no_rule_fires_on_healthy_setups() {
    let expected_infos = ["AK310"];
    let ctx = healthy();
    // Production-ready: a custom auth domain read from the env.
    edit(
        &ctx,
        "src/main.tsx",
        "redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}",
        "redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}\n      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}",
    );
    let v = json(&ctx, &["--prod"]);
    for rule in convex_authkit::commands::doctor::rules::RULES {
        if expected_infos.contains(&rule.code) {
            continue;
        }
        assert!(
            !codes(&v).iter().any(|c| c == rule.code),
            "{} fired on the healthy baseline: {v:#}",
            rule.code
        );
    }
    assert_eq!(v["production"]["ready"], true, "{v:#}");
    let fresh = json(&template(), &["--prod"]);
    for c in codes(&fresh) {
        assert!(
            ["AK310", "AK201", "AK802"].contains(&c.as_str()),
            "{c} on the fresh template"
        );
    }
}

/// `init` output on every fixture, both team paths (and production scope): no errors.
#[test]
fn init_outputs_have_no_errors() {
    let fixtures = [
        ("basic-ts", ""),
        ("basic-js", ""),
        ("existing-auth-config", ""),
        ("existing-convex-json", ""),
        ("nested-providers", ""),
        ("script-port", ""),
        ("vite-port", ""),
        ("monorepo", "apps/web"),
    ];
    let paths: [&[&str]; 3] = [
        &["--team", "managed", "--scope", "local"],
        &[
            "--team",
            "existing",
            "--client-id",
            CLIENT,
            "--scope",
            "local",
        ],
        &[
            "--team",
            "managed",
            "--scope",
            "production",
            "--prod-url-from",
            "vercel",
            "--preview",
        ],
    ];
    for (fixture, app) in fixtures {
        for flags in paths {
            let ctx = TestContext::with_app(fixture, app);
            let out = ctx.init(flags).output().unwrap();
            assert!(
                matches!(out.status.code(), Some(0 | 3)),
                "init failed on {fixture}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let v = json(&ctx, &[]);
            let errs = errors(&v);
            if fixture == "existing-convex-json" {
                // init keeps the user's comments and warns: `npx convex` (JSON.parse) refuses
                // the file, so doctor reports that true error and nothing else.
                assert_eq!(errs.len(), 1, "{fixture} {flags:?}: {errs:#?}");
                assert!(errs[0].starts_with("\"AK100\""), "{errs:?}");
            } else {
                assert!(errs.is_empty(), "{fixture} {flags:?}: {errs:#?}");
            }
            for c in codes(&v) {
                assert!(
                    ["AK100", "AK201", "AK310", "AK700"].contains(&c.as_str()),
                    "{fixture} {flags:?}: unexpected {c}: {v:#}"
                );
            }
        }
    }
}

#[test]
fn clerk_app_is_not_set_up_for_authkit() {
    let ctx = TestContext::new("clerk");
    let v = json(&ctx, &[]);
    assert_eq!(codes(&v), ["AK001"]);
    assert_eq!(v["exit_code"], 0);
}

// ---------------------------------------------------------------------------------------------
// One positive case per rule.

case!(ak001, "AK001", [], TestContext::new("basic-ts"), |c| {}, @r#"
exit 0
warning[AK001]: AuthKit is not set up in this app
 |
 = note: why: no AuthKit package, `authKit` section, WorkOS provider or AuthKit wiring was found, so there is nothing to check yet
 = help: set up AuthKit with `convex-authkit init` (manual)
           convex-authkit init
----- json -----
[
  {
    "code": "AK001",
    "severity": "warning",
    "message": "AuthKit is not set up in this app",
    "file": null,
    "line": null,
    "column": null,
    "end_line": null,
    "end_column": null,
    "label": null,
    "why": "no AuthKit package, `authKit` section, WorkOS provider or AuthKit wiring was found, so there is nothing to check yet",
    "remedy": {
      "summary": "set up AuthKit with `convex-authkit init`",
      "applicability": "manual",
      "fixable": false,
      "commands": [
        "convex-authkit init"
      ]
    }
  }
]
"#);

case!(ak002, "AK002", [], healthy(), |c| {
    edit(&c, ".env.local", "VITE_WORKOS_REDIRECT_URI=", "VITE_WORKOS_REDIRECT_URI ");
}, @r#"
exit 1
error[AK002]: `.env.local` can't be read: expected `=` after key `VITE_WORKOS_REDIRECT_URI`, found `h`; each line must be `KEY=VALUE`, a `# comment` or blank
 --> .env.local:9:26
  |
9 | VITE_WORKOS_REDIRECT_URI http://localhost:5173/callback
  |                          ^ not `NAME=value`
  |
  = note: why: doctor (and the tool that reads this file: Vite, npm or the Convex CLI) can't read it, so the checks that need it were skipped
  = help: each line of `.env.local` must be `NAME=value`, a `# comment` or blank (manual)
----- json -----
[
  {
    "code": "AK002",
    "severity": "error",
    "message": "`.env.local` can't be read: expected `=` after key `VITE_WORKOS_REDIRECT_URI`, found `h`; each line must be `KEY=VALUE`, a `# comment` or blank",
    "file": ".env.local",
    "line": 9,
    "column": 26,
    "end_line": 9,
    "end_column": 27,
    "label": "not `NAME=value`",
    "why": "doctor (and the tool that reads this file: Vite, npm or the Convex CLI) can't read it, so the checks that need it were skipped",
    "remedy": {
      "summary": "each line of `.env.local` must be `NAME=value`, a `# comment` or blank",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak100, "AK100", [], healthy(), |c| {
    edit(&c, "convex.json", "{\n", "{\n  // AuthKit for the dev deployment\n");
}, @r#"
exit 1
error[AK100]: `convex.json` has comments or trailing commas, which `npx convex` can't read
 --> convex.json:2:3
  |
2 |   // AuthKit for the dev deployment
  |   ^ `JSON.parse` stops here
  |
  = note: why: the Convex CLI reads `convex.json` with `JSON.parse`, so `npx convex dev` fails before it configures WorkOS or pushes `auth.config`
  = help: remove the comments and trailing commas from `convex.json` (manual)
----- json -----
[
  {
    "code": "AK100",
    "severity": "error",
    "message": "`convex.json` has comments or trailing commas, which `npx convex` can't read",
    "file": "convex.json",
    "line": 2,
    "column": 3,
    "end_line": 2,
    "end_column": 4,
    "label": "`JSON.parse` stops here",
    "why": "the Convex CLI reads `convex.json` with `JSON.parse`, so `npx convex dev` fails before it configures WorkOS or pushes `auth.config`",
    "remedy": {
      "summary": "remove the comments and trailing commas from `convex.json`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak101, "AK101", [], healthy(), |c| {
    write(&c, "convex.json", "{\n  \"$schema\": \"./node_modules/convex/schemas/convex.schema.json\"\n}\n");
}, @r#"
exit 0
warning[AK101]: `@workos-inc/authkit-react` is installed but `convex.json` has no `authKit` section
 --> convex.json:1:1
  |
1 | {
  | ^ no `authKit` here
  |
  = note: why: without `authKit.dev`, `npx convex dev` doesn't register the redirect URI, CORS origin and homepage in WorkOS, and doesn't write the client ID to `.env.local`
  = help: add the `authKit` section for the dev port with `convex-authkit init` (manual)
            convex-authkit init
----- json -----
[
  {
    "code": "AK101",
    "severity": "warning",
    "message": "`@workos-inc/authkit-react` is installed but `convex.json` has no `authKit` section",
    "file": "convex.json",
    "line": 1,
    "column": 1,
    "end_line": 1,
    "end_column": 2,
    "label": "no `authKit` here",
    "why": "without `authKit.dev`, `npx convex dev` doesn't register the redirect URI, CORS origin and homepage in WorkOS, and doesn't write the client ID to `.env.local`",
    "remedy": {
      "summary": "add the `authKit` section for the dev port with `convex-authkit init`",
      "applicability": "manual",
      "fixable": false,
      "commands": [
        "convex-authkit init"
      ]
    }
  }
]
"#);

case!(ak102, "AK102", [], healthy(), |c| {
    edit(&c, "convex.json", "\"prod\": {\n", "\"prod\": {\n      \"localEnvVars\": { \"VITE_WORKOS_CLIENT_ID\": \"client_01JPR0D0000000000000000000\" },\n");
}, @r#"
exit 1
error[AK102]: `authKit.prod.localEnvVars` in `convex.json`: authKit.localEnvVars is only supported for dev deployments. Preview and prod deployments must configure environment variables directly in the deployment platform.
  --> convex.json:23:7
   |
23 |       "localEnvVars": { "VITE_WORKOS_CLIENT_ID": "client_01JPR0D0000000000000000000" },
   |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the Convex CLI rejects this
   |
   = note: why: the Convex CLI validates `convex.json` before every push and stops with this message, so WorkOS is never configured and `auth.config` is never pushed
   = help: remove `localEnvVars` from `authKit.prod`, and set `VITE_WORKOS_CLIENT_ID` on the host instead (unsafe: `--fix --unsafe-fixes` applies this)
----- json -----
[
  {
    "code": "AK102",
    "severity": "error",
    "message": "`authKit.prod.localEnvVars` in `convex.json`: authKit.localEnvVars is only supported for dev deployments. Preview and prod deployments must configure environment variables directly in the deployment platform.",
    "file": "convex.json",
    "line": 23,
    "column": 7,
    "end_line": 23,
    "end_column": 87,
    "label": "the Convex CLI rejects this",
    "why": "the Convex CLI validates `convex.json` before every push and stops with this message, so WorkOS is never configured and `auth.config` is never pushed",
    "remedy": {
      "summary": "remove `localEnvVars` from `authKit.prod`, and set `VITE_WORKOS_CLIENT_ID` on the host instead",
      "applicability": "unsafe",
      "fixable": false,
      "diff": "--- a/convex.json\n+++ b/convex.json\n@@ -20,7 +20,6 @@\n       }\n     },\n     \"prod\": {\n-      \"localEnvVars\": { \"VITE_WORKOS_CLIENT_ID\": \"client_01JPR0D0000000000000000000\" },\n       \"configure\": {\n         \"redirectUris\": [\"https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}/callback\"],\n         \"appHomepageUrl\": \"https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}\",\n"
    }
  }
]
"#);

case!(ak103, "AK103", [], healthy(), |c| {
    edit(&c, "convex.json", "\"corsOrigins\": [\"http://localhost:5173\"]", "\"corsOrigins\": [\"http://localhost:5173\"],\n        \"redirectURIs\": []");
}, @r#"
exit 0
warning[AK103]: Unknown property in `authKit.dev.configure`: `redirectURIs`
 --> convex.json:9:9
  |
9 |         "redirectURIs": []
  |         ^^^^^^^^^^^^^^^^^^ not a key the Convex CLI knows
  |
  = note: why: the Convex CLI ignores unknown keys (with a warning), so this setting never reaches WorkOS
  = help: rename or remove `redirectURIs` (manual)
----- json -----
[
  {
    "code": "AK103",
    "severity": "warning",
    "message": "Unknown property in `authKit.dev.configure`: `redirectURIs`",
    "file": "convex.json",
    "line": 9,
    "column": 9,
    "end_line": 9,
    "end_column": 27,
    "label": "not a key the Convex CLI knows",
    "why": "the Convex CLI ignores unknown keys (with a warning), so this setting never reaches WorkOS",
    "remedy": {
      "summary": "rename or remove `redirectURIs`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak104, "AK104", [], healthy(), |c| {
    edit(&c, "convex.json", "${authEnv.WORKOS_CLIENT_ID}", "${env.WORKOS_CLIENT_ID}");
}, @r#"
exit 1
error[AK104]: Unknown template expression: ${env.WORKOS_CLIENT_ID}. Use ${buildEnv.VAR_NAME} for environment variables or ${authEnv.WORKOS_CLIENT_ID/WORKOS_API_KEY} for provisioned values.
  --> convex.json:11:34
   |
11 |         "VITE_WORKOS_CLIENT_ID": "${env.WORKOS_CLIENT_ID}",
   |                                  ^^^^^^^^^^^^^^^^^^^^^^^^^ `${env.WORKOS_CLIENT_ID}` is not a template the Convex CLI knows
   |
   = note: why: the Convex CLI can't resolve it and stops, so WorkOS isn't configured and `.env.local` isn't written
   = help: did you mean `${authEnv.WORKOS_CLIENT_ID}`? replace `${env.WORKOS_CLIENT_ID}` with it (unsafe: `--fix --unsafe-fixes` applies this)
----- json -----
[
  {
    "code": "AK104",
    "severity": "error",
    "message": "Unknown template expression: ${env.WORKOS_CLIENT_ID}. Use ${buildEnv.VAR_NAME} for environment variables or ${authEnv.WORKOS_CLIENT_ID/WORKOS_API_KEY} for provisioned values.",
    "file": "convex.json",
    "line": 11,
    "column": 34,
    "end_line": 11,
    "end_column": 59,
    "label": "`${env.WORKOS_CLIENT_ID}` is not a template the Convex CLI knows",
    "why": "the Convex CLI can't resolve it and stops, so WorkOS isn't configured and `.env.local` isn't written",
    "remedy": {
      "summary": "did you mean `${authEnv.WORKOS_CLIENT_ID}`? replace `${env.WORKOS_CLIENT_ID}` with it",
      "applicability": "unsafe",
      "fixable": false,
      "diff": "--- a/convex.json\n+++ b/convex.json\n@@ -8,7 +8,7 @@\n         \"corsOrigins\": [\"http://localhost:5173\"]\n       },\n       \"localEnvVars\": {\n-        \"VITE_WORKOS_CLIENT_ID\": \"${env.WORKOS_CLIENT_ID}\",\n+        \"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n         \"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:5173/callback\"\n       }\n     },\n"
    }
  }
]
"#);

case!(ak105, "AK105", [], healthy(), |c| {
    edit(&c, "package.json", "\"convex\": \"^1.44.0\"", "\"convex\": \"~1.30.0\"");
}, @r#"
exit 1
error[AK105]: `convex` 1.30.x (allowed by `package.json`) ignores the `authKit` section of `convex.json`; it needs 1.31.6 or later
  --> package.json:16:5
   |
16 |     "convex": "~1.30.0",
   |     ^^^^^^^^ `~1.30.0`
   |
   = note: why: Convex CLIs before 1.31.6 don't read `authKit`, so nothing is provisioned or configured in WorkOS and no error says so
   = help: raise `convex` to `^1.49.0` in `package.json`, then reinstall (unsafe: `--fix --unsafe-fixes` applies this)
             npm install
----- json -----
[
  {
    "code": "AK105",
    "severity": "error",
    "message": "`convex` 1.30.x (allowed by `package.json`) ignores the `authKit` section of `convex.json`; it needs 1.31.6 or later",
    "file": "package.json",
    "line": 16,
    "column": 5,
    "end_line": 16,
    "end_column": 13,
    "label": "`~1.30.0`",
    "why": "Convex CLIs before 1.31.6 don't read `authKit`, so nothing is provisioned or configured in WorkOS and no error says so",
    "remedy": {
      "summary": "raise `convex` to `^1.49.0` in `package.json`, then reinstall",
      "applicability": "unsafe",
      "fixable": false,
      "commands": [
        "npm install"
      ],
      "diff": "--- a/package.json\n+++ b/package.json\n@@ -13,7 +13,7 @@\n   },\n   \"dependencies\": {\n     \"@workos-inc/authkit-react\": \"^0.16.2\",\n-    \"convex\": \"~1.30.0\",\n+    \"convex\": \"^1.49.0\",\n     \"react\": \"^19.2.0\",\n     \"react-dom\": \"^19.2.0\"\n   },\n"
    }
  }
]
"#);

case!(ak200, "AK200", [], healthy(), |c| {
    edit(&c, "vite.config.ts", "port: 5173", "port: 3000");
    edit(&c, ".env.local", "localhost:5173", "localhost:3000");
}, @r#"
exit 1
error[AK200]: the redirect URI `http://localhost:5173/callback` is on port 5173, but the dev server runs on 3000 (from `vite.config.ts`)
 --> convex.json:6:26
  |
6 |         "redirectUris": ["http://localhost:5173/callback"],
  |                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ port 5173, not 3000
  |
  = note: why: WorkOS sends the browser back to a registered redirect URI after sign-in; on port 5173 nothing answers, or another app does
  = help: use port 3000 in `convex.json`'s dev URIs; then run `npx convex dev` so WorkOS registers the URIs (`--fix` applies this)
            npx convex dev

error[AK200]: the homepage `http://localhost:5173` is on port 5173, but the dev server runs on 3000 (from `vite.config.ts`)
 --> convex.json:7:27
  |
7 |         "appHomepageUrl": "http://localhost:5173",
  |                           ^^^^^^^^^^^^^^^^^^^^^^^ port 5173, not 3000
  |
  = note: why: WorkOS sends users to the homepage after sign-out and links to it from its hosted pages; on port 5173 nothing answers, or another app does
  = help: use port 3000 in `convex.json`'s dev URIs; then run `npx convex dev` so WorkOS registers the URIs (`--fix` applies this)
            npx convex dev

error[AK200]: the CORS origin `http://localhost:5173` is on port 5173, but the dev server runs on 3000 (from `vite.config.ts`)
 --> convex.json:8:25
  |
8 |         "corsOrigins": ["http://localhost:5173"]
  |                         ^^^^^^^^^^^^^^^^^^^^^^^ port 5173, not 3000
  |
  = note: why: WorkOS answers the browser's calls (the code exchange, token refresh) only from a registered origin; the app's own origin isn't one, so the browser blocks them
  = help: use port 3000 in `convex.json`'s dev URIs; then run `npx convex dev` so WorkOS registers the URIs (`--fix` applies this)
            npx convex dev
----- json -----
[
  {
    "code": "AK200",
    "severity": "error",
    "message": "the redirect URI `http://localhost:5173/callback` is on port 5173, but the dev server runs on 3000 (from `vite.config.ts`)",
    "file": "convex.json",
    "line": 6,
    "column": 26,
    "end_line": 6,
    "end_column": 58,
    "label": "port 5173, not 3000",
    "why": "WorkOS sends the browser back to a registered redirect URI after sign-in; on port 5173 nothing answers, or another app does",
    "remedy": {
      "summary": "use port 3000 in `convex.json`'s dev URIs; then run `npx convex dev` so WorkOS registers the URIs",
      "applicability": "safe",
      "fixable": true,
      "commands": [
        "npx convex dev"
      ],
      "diff": "--- a/convex.json\n+++ b/convex.json\n@@ -3,13 +3,13 @@\n   \"authKit\": {\n     \"dev\": {\n       \"configure\": {\n-        \"redirectUris\": [\"http://localhost:5173/callback\"],\n-        \"appHomepageUrl\": \"http://localhost:5173\",\n-        \"corsOrigins\": [\"http://localhost:5173\"]\n+        \"redirectUris\": [\"http://localhost:3000/callback\"],\n+        \"appHomepageUrl\": \"http://localhost:3000\",\n+        \"corsOrigins\": [\"http://localhost:3000\"]\n       },\n       \"localEnvVars\": {\n         \"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n-        \"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:5173/callback\"\n+        \"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:3000/callback\"\n       }\n     },\n     \"preview\": {\n"
    }
  },
  {
    "code": "AK200",
    "severity": "error",
    "message": "the homepage `http://localhost:5173` is on port 5173, but the dev server runs on 3000 (from `vite.config.ts`)",
    "file": "convex.json",
    "line": 7,
    "column": 27,
    "end_line": 7,
    "end_column": 50,
    "label": "port 5173, not 3000",
    "why": "WorkOS sends users to the homepage after sign-out and links to it from its hosted pages; on port 5173 nothing answers, or another app does",
    "remedy": {
      "summary": "use port 3000 in `convex.json`'s dev URIs; then run `npx convex dev` so WorkOS registers the URIs",
      "applicability": "safe",
      "fixable": true,
      "commands": [
        "npx convex dev"
      ],
      "diff": "--- a/convex.json\n+++ b/convex.json\n@@ -3,13 +3,13 @@\n   \"authKit\": {\n     \"dev\": {\n       \"configure\": {\n-        \"redirectUris\": [\"http://localhost:5173/callback\"],\n-        \"appHomepageUrl\": \"http://localhost:5173\",\n-        \"corsOrigins\": [\"http://localhost:5173\"]\n+        \"redirectUris\": [\"http://localhost:3000/callback\"],\n+        \"appHomepageUrl\": \"http://localhost:3000\",\n+        \"corsOrigins\": [\"http://localhost:3000\"]\n       },\n       \"localEnvVars\": {\n         \"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n-        \"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:5173/callback\"\n+        \"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:3000/callback\"\n       }\n     },\n     \"preview\": {\n"
    }
  },
  {
    "code": "AK200",
    "severity": "error",
    "message": "the CORS origin `http://localhost:5173` is on port 5173, but the dev server runs on 3000 (from `vite.config.ts`)",
    "file": "convex.json",
    "line": 8,
    "column": 25,
    "end_line": 8,
    "end_column": 48,
    "label": "port 5173, not 3000",
    "why": "WorkOS answers the browser's calls (the code exchange, token refresh) only from a registered origin; the app's own origin isn't one, so the browser blocks them",
    "remedy": {
      "summary": "use port 3000 in `convex.json`'s dev URIs; then run `npx convex dev` so WorkOS registers the URIs",
      "applicability": "safe",
      "fixable": true,
      "commands": [
        "npx convex dev"
      ],
      "diff": "--- a/convex.json\n+++ b/convex.json\n@@ -3,13 +3,13 @@\n   \"authKit\": {\n     \"dev\": {\n       \"configure\": {\n-        \"redirectUris\": [\"http://localhost:5173/callback\"],\n-        \"appHomepageUrl\": \"http://localhost:5173\",\n-        \"corsOrigins\": [\"http://localhost:5173\"]\n+        \"redirectUris\": [\"http://localhost:3000/callback\"],\n+        \"appHomepageUrl\": \"http://localhost:3000\",\n+        \"corsOrigins\": [\"http://localhost:3000\"]\n       },\n       \"localEnvVars\": {\n         \"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n-        \"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:5173/callback\"\n+        \"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:3000/callback\"\n       }\n     },\n     \"preview\": {\n"
    }
  }
]
"#);

case!(ak201, "AK201", [], template(), |c| {}, @r#"
exit 0
warning[AK201]: the dev port 5173 is not pinned (`strictPort`)
 --> vite.config.ts:6:29
  |
6 | export default defineConfig({
  |                             ^ no `server.strictPort: true` in this config
  |
  = note: why: when the port is busy Vite moves to the next free one, and sign-in then returns to a URI nothing serves
  = help: set `server.port: 5173` and `server.strictPort: true` in `vite.config.ts` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK201",
    "severity": "warning",
    "message": "the dev port 5173 is not pinned (`strictPort`)",
    "file": "vite.config.ts",
    "line": 6,
    "column": 29,
    "end_line": 6,
    "end_column": 30,
    "label": "no `server.strictPort: true` in this config",
    "why": "when the port is busy Vite moves to the next free one, and sign-in then returns to a URI nothing serves",
    "remedy": {
      "summary": "set `server.port: 5173` and `server.strictPort: true` in `vite.config.ts`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/vite.config.ts\n+++ b/vite.config.ts\n@@ -4,6 +4,7 @@\n \n // https://vite.dev/config/\n export default defineConfig({\n+  server: { port: 5173, strictPort: true },\n   plugins: [react()],\n   resolve: {\n     alias: {\n"
    }
  }
]
"#);

case!(ak202, "AK202", [], healthy(), |c| {
    edit(&c, "convex.json", "\"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:5173/callback\"", "\"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:5173/auth/callback\"");
}, @r#"
exit 1
error[AK202]: the callback path `/auth/callback` of `http://localhost:5173/auth/callback` is not the path of any dev redirect URI (`/callback`)
  --> convex.json:12:37
   |
12 |         "VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/auth/callback"
   |                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ `npx convex dev` writes this to `.env.local`
   |
   = note: why: WorkOS redirects only to registered URIs, compared byte for byte, and the SPA completes sign-in only on its `redirectUri`'s path
   = help: use the same URI in `localEnvVars.VITE_WORKOS_REDIRECT_URI` and `configure.redirectUris` (manual)
----- json -----
[
  {
    "code": "AK202",
    "severity": "error",
    "message": "the callback path `/auth/callback` of `http://localhost:5173/auth/callback` is not the path of any dev redirect URI (`/callback`)",
    "file": "convex.json",
    "line": 12,
    "column": 37,
    "end_line": 12,
    "end_column": 74,
    "label": "`npx convex dev` writes this to `.env.local`",
    "why": "WorkOS redirects only to registered URIs, compared byte for byte, and the SPA completes sign-in only on its `redirectUri`'s path",
    "remedy": {
      "summary": "use the same URI in `localEnvVars.VITE_WORKOS_REDIRECT_URI` and `configure.redirectUris`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak203, "AK203", [], healthy(), |c| {
    edit(&c, ".env.local", "localhost:5173/callback", "localhost:5174/callback");
}, @r#"
exit 1
error[AK203]: `VITE_WORKOS_REDIRECT_URI` in `.env.local` is `http://localhost:5174/callback`, which is not a dev redirect URI in `convex.json` (`http://localhost:5173/callback`)
 --> .env.local:9:26
  |
9 | VITE_WORKOS_REDIRECT_URI=http://localhost:5174/callback
  |                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ not registered
  |
  = note: why: the app sends this redirect URI to WorkOS, which only accepts registered ones, and after sign-in the browser returns to it: unregistered, sign-in ends on "Invalid redirect URI"; on another port than the dev server's, nothing answers; `npx convex dev` never overwrites an existing value
  = help: set `VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback` in `.env.local` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK203",
    "severity": "error",
    "message": "`VITE_WORKOS_REDIRECT_URI` in `.env.local` is `http://localhost:5174/callback`, which is not a dev redirect URI in `convex.json` (`http://localhost:5173/callback`)",
    "file": ".env.local",
    "line": 9,
    "column": 26,
    "end_line": 9,
    "end_column": 56,
    "label": "not registered",
    "why": "the app sends this redirect URI to WorkOS, which only accepts registered ones, and after sign-in the browser returns to it: unregistered, sign-in ends on \"Invalid redirect URI\"; on another port than the dev server's, nothing answers; `npx convex dev` never overwrites an existing value",
    "remedy": {
      "summary": "set `VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback` in `.env.local`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/.env.local\n+++ b/.env.local\n@@ -6,4 +6,4 @@\n # See this environment at https://dashboard.workos.com/environment_01JTESTENV0000000000000000/authentication\n VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n \n-VITE_WORKOS_REDIRECT_URI=http://localhost:5174/callback\n+VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n"
    }
  }
]
"#);

case!(ak204, "AK204", [], healthy(), |c| {
    edit(&c, "convex.json", ",\n        \"corsOrigins\": [\"http://localhost:5173\"]", "");
}, @r#"
exit 1
error[AK204]: the SPA origin `http://localhost:5173` is not in `authKit.dev.configure.corsOrigins`
 --> convex.json:5:7
  |
5 |       "configure": {
  |       ^^^^^^^^^^^ `http://localhost:5173` missing
  |
  = note: why: the SPA exchanges the sign-in code with WorkOS from the browser; without its origin in the CORS origins the browser blocks the call and sign-in fails
  = help: add `http://localhost:5173` to `authKit.dev.configure.corsOrigins` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK204",
    "severity": "error",
    "message": "the SPA origin `http://localhost:5173` is not in `authKit.dev.configure.corsOrigins`",
    "file": "convex.json",
    "line": 5,
    "column": 7,
    "end_line": 5,
    "end_column": 18,
    "label": "`http://localhost:5173` missing",
    "why": "the SPA exchanges the sign-in code with WorkOS from the browser; without its origin in the CORS origins the browser blocks the call and sign-in fails",
    "remedy": {
      "summary": "add `http://localhost:5173` to `authKit.dev.configure.corsOrigins`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/convex.json\n+++ b/convex.json\n@@ -4,7 +4,8 @@\n     \"dev\": {\n       \"configure\": {\n         \"redirectUris\": [\"http://localhost:5173/callback\"],\n-        \"appHomepageUrl\": \"http://localhost:5173\"\n+        \"appHomepageUrl\": \"http://localhost:5173\",\n+        \"corsOrigins\": [\"http://localhost:5173\"]\n       },\n       \"localEnvVars\": {\n         \"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n"
    }
  }
]
"#);

case!(ak205, "AK205", [], healthy(), |c| {
    edit(&c, "convex.json", "\n        \"appHomepageUrl\": \"http://localhost:5173\",", "");
}, @r#"
exit 0
warning[AK205]: `authKit.dev.configure` has no `appHomepageUrl`, so sign-out has nowhere to go
 --> convex.json:5:7
  |
5 |       "configure": {
  |       ^^^^^^^^^^^ no `appHomepageUrl`
  |
  = note: why: WorkOS redirects to the app homepage after sign-out; without it sign-out ends on a WorkOS error page
  = help: set `authKit.dev.configure.appHomepageUrl` to `http://localhost:5173` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK205",
    "severity": "warning",
    "message": "`authKit.dev.configure` has no `appHomepageUrl`, so sign-out has nowhere to go",
    "file": "convex.json",
    "line": 5,
    "column": 7,
    "end_line": 5,
    "end_column": 18,
    "label": "no `appHomepageUrl`",
    "why": "WorkOS redirects to the app homepage after sign-out; without it sign-out ends on a WorkOS error page",
    "remedy": {
      "summary": "set `authKit.dev.configure.appHomepageUrl` to `http://localhost:5173`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/convex.json\n+++ b/convex.json\n@@ -4,7 +4,8 @@\n     \"dev\": {\n       \"configure\": {\n         \"redirectUris\": [\"http://localhost:5173/callback\"],\n-        \"corsOrigins\": [\"http://localhost:5173\"]\n+        \"corsOrigins\": [\"http://localhost:5173\"],\n+        \"appHomepageUrl\": \"http://localhost:5173\"\n       },\n       \"localEnvVars\": {\n         \"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n"
    }
  }
]
"#);

case!(ak206, "AK206", [], healthy(), |c| {
    edit(&c, ".env.local", "localhost:5173/callback", "127.0.0.1:5173/callback");
}, @r#"
exit 1
error[AK206]: `http://127.0.0.1:5173/callback` uses `127.0.0.1`, but the dev redirect URI `http://localhost:5173/callback` uses `localhost`
 --> .env.local:9:26
  |
9 | VITE_WORKOS_REDIRECT_URI=http://127.0.0.1:5173/callback
  |                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ `127.0.0.1` here
  |
  = note: why: WorkOS and the browser compare hosts as strings: `localhost` and `127.0.0.1` are different origins, so the redirect or the CORS check fails
  = help: use `localhost` everywhere (or `127.0.0.1` everywhere) and open the app with that host (manual)
----- json -----
[
  {
    "code": "AK206",
    "severity": "error",
    "message": "`http://127.0.0.1:5173/callback` uses `127.0.0.1`, but the dev redirect URI `http://localhost:5173/callback` uses `localhost`",
    "file": ".env.local",
    "line": 9,
    "column": 26,
    "end_line": 9,
    "end_column": 56,
    "label": "`127.0.0.1` here",
    "why": "WorkOS and the browser compare hosts as strings: `localhost` and `127.0.0.1` are different origins, so the redirect or the CORS check fails",
    "remedy": {
      "summary": "use `localhost` everywhere (or `127.0.0.1` everywhere) and open the app with that host",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak207, "AK207", [], healthy(), |c| {
    edit(&c, "convex.json", "\"https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}/callback\"", "\"http://app.example.com/callback\"");
}, @r#"
exit 1
error[AK207]: the production URI `http://app.example.com/callback` uses plain `http://`
  --> convex.json:24:26
   |
24 |         "redirectUris": ["http://app.example.com/callback"],
   |                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ `http://` in production
   |
   = note: why: WorkOS production environments only accept `https://` URIs, so configuring them fails and sign-in can't return
   = help: use `https://app.example.com/callback` (manual)
----- json -----
[
  {
    "code": "AK207",
    "severity": "error",
    "message": "the production URI `http://app.example.com/callback` uses plain `http://`",
    "file": "convex.json",
    "line": 24,
    "column": 26,
    "end_line": 24,
    "end_column": 59,
    "label": "`http://` in production",
    "why": "WorkOS production environments only accept `https://` URIs, so configuring them fails and sign-in can't return",
    "remedy": {
      "summary": "use `https://app.example.com/callback`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak300, "AK300", [], healthy(), |c| {
    remove(&c, "convex/auth.config.ts");
}, @r#"
exit 1
error[AK300]: there is no `convex/auth.config.ts`, so Convex accepts no WorkOS tokens
 |
 = note: why: without auth providers the deployment rejects every token: AuthKit signs in, but `useConvexAuth().isAuthenticated` stays false
 = help: create `convex/auth.config.ts` with the two WorkOS providers (`--fix` applies this)
----- json -----
[
  {
    "code": "AK300",
    "severity": "error",
    "message": "there is no `convex/auth.config.ts`, so Convex accepts no WorkOS tokens",
    "file": null,
    "line": null,
    "column": null,
    "end_line": null,
    "end_column": null,
    "label": null,
    "why": "without auth providers the deployment rejects every token: AuthKit signs in, but `useConvexAuth().isAuthenticated` stays false",
    "remedy": {
      "summary": "create `convex/auth.config.ts` with the two WorkOS providers",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- /dev/null\n+++ b/convex/auth.config.ts\n@@ -0,0 +1,21 @@\n+import type { AuthConfig } from \"convex/server\";\n+\n+const clientId = process.env.WORKOS_CLIENT_ID;\n+\n+export default {\n+  providers: [\n+    {\n+      type: \"customJwt\",\n+      issuer: \"https://api.workos.com/\",\n+      algorithm: \"RS256\",\n+      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n+      applicationID: clientId,\n+    },\n+    {\n+      type: \"customJwt\",\n+      issuer: `https://api.workos.com/user_management/${clientId}`,\n+      algorithm: \"RS256\",\n+      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n+    },\n+  ],\n+} satisfies AuthConfig;\n"
    }
  }
]
"#);

case!(ak301, "AK301", [], healthy(), |c| {
    write(&c, "convex/auth.config.js", "export default { providers: [] };\n");
}, @r#"
exit 1
error[AK301]: both `convex/auth.config.ts` and `convex/auth.config.js` exist
--> convex/auth.config.js
 = note: why: the Convex CLI stops with "Found both … choose one", so no functions and no auth config are pushed
 = help: keep `convex/auth.config.ts` (the one Convex's bundler picks) and delete `convex/auth.config.js` (unsafe: `--fix --unsafe-fixes` applies this)
----- json -----
[
  {
    "code": "AK301",
    "severity": "error",
    "message": "both `convex/auth.config.ts` and `convex/auth.config.js` exist",
    "file": "convex/auth.config.js",
    "line": null,
    "column": null,
    "end_line": null,
    "end_column": null,
    "label": null,
    "why": "the Convex CLI stops with \"Found both … choose one\", so no functions and no auth config are pushed",
    "remedy": {
      "summary": "keep `convex/auth.config.ts` (the one Convex's bundler picks) and delete `convex/auth.config.js`",
      "applicability": "unsafe",
      "fixable": false,
      "diff": "--- a/convex/auth.config.js\n+++ /dev/null\n@@ -1 +0,0 @@\n-export default { providers: [] };\n"
    }
  }
]
"#);

case!(ak302, "AK302", [], healthy(), |c| {
    write(&c, "convex/auth.config.ts", "export default {\n  providers: [\n    {\n      type: 'customJwt',\n      issuer: 'https://auth.example.com',\n      jwks: 'https://auth.example.com/jwks.json',\n      algorithm: 'ES256',\n      applicationID: 'demo',\n    },\n  ],\n};\n");
}, @r#"
exit 1
error[AK302]: `convex/auth.config.ts` has no WorkOS provider
 --> convex/auth.config.ts:2:3
  |
2 |   providers: [
  |   ^^^^^^^^^ no WorkOS `user_management` provider in this list
  |
  = note: why: AuthKit's access tokens carry the `user_management` issuer; with no provider matching it Convex answers `NoAuthProvider` and the app stays signed out of Convex
  = help: add the WorkOS providers to `convex/auth.config.ts` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK302",
    "severity": "error",
    "message": "`convex/auth.config.ts` has no WorkOS provider",
    "file": "convex/auth.config.ts",
    "line": 2,
    "column": 3,
    "end_line": 2,
    "end_column": 12,
    "label": "no WorkOS `user_management` provider in this list",
    "why": "AuthKit's access tokens carry the `user_management` issuer; with no provider matching it Convex answers `NoAuthProvider` and the app stays signed out of Convex",
    "remedy": {
      "summary": "add the WorkOS providers to `convex/auth.config.ts`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/convex/auth.config.ts\n+++ b/convex/auth.config.ts\n@@ -7,5 +7,18 @@\n       algorithm: 'ES256',\n       applicationID: 'demo',\n     },\n+    {\n+      type: 'customJwt',\n+      issuer: 'https://api.workos.com/',\n+      algorithm: 'RS256',\n+      jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,\n+      applicationID: process.env.WORKOS_CLIENT_ID,\n+    },\n+    {\n+      type: 'customJwt',\n+      issuer: `https://api.workos.com/user_management/${process.env.WORKOS_CLIENT_ID}`,\n+      algorithm: 'RS256',\n+      jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,\n+    },\n   ],\n };\n"
    }
  }
]
"#);

case!(ak303, "AK303", [], healthy(), |c| {
    edit(&c, "convex/auth.config.ts", "jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },", "jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n      applicationID: clientId,\n    },");
}, @r#"
exit 1
error[AK303]: the `user_management` issuer provider sets `applicationID`, but AuthKit tokens have no `aud` claim
  --> convex/auth.config.ts:20:7
   |
20 |       applicationID: clientId,
   |       ^^^^^^^^^^^^^^^^^^^^^^^ tokens for this issuer carry no `aud`
   |
   = note: why: Convex matches a provider with `applicationID` only when the token's `aud` contains it; AuthKit access tokens have no `aud`, so Convex finds no provider (`NoAuthProvider`)
   = help: remove `applicationID` from this provider (it stays on the `https://api.workos.com/` provider) (`--fix` applies this)
----- json -----
[
  {
    "code": "AK303",
    "severity": "error",
    "message": "the `user_management` issuer provider sets `applicationID`, but AuthKit tokens have no `aud` claim",
    "file": "convex/auth.config.ts",
    "line": 20,
    "column": 7,
    "end_line": 20,
    "end_column": 30,
    "label": "tokens for this issuer carry no `aud`",
    "why": "Convex matches a provider with `applicationID` only when the token's `aud` contains it; AuthKit access tokens have no `aud`, so Convex finds no provider (`NoAuthProvider`)",
    "remedy": {
      "summary": "remove `applicationID` from this provider (it stays on the `https://api.workos.com/` provider)",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/convex/auth.config.ts\n+++ b/convex/auth.config.ts\n@@ -17,7 +17,6 @@\n       issuer: `https://api.workos.com/user_management/${clientId}`,\n       algorithm: 'RS256',\n       jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n-      applicationID: clientId,\n     },\n   ],\n } satisfies AuthConfig;\n"
    }
  }
]
"#);

case!(ak304, "AK304", [], healthy(), |c| {
    edit(&c, "convex/auth.config.ts", "\n      applicationID: clientId,", "");
}, @r#"
exit 1
error[AK304]: This auth configuration appears potentially insecure: Provider at index 0 has an issuer that is shared among many applications, so must to specify an ApplicationID to check against an `aud` field of a JWT.
  --> convex/auth.config.ts:10:7
   |
10 |       issuer: 'https://api.workos.com/',
   |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shared issuer without `applicationID`
   |
   = note: why: Convex refuses to push this config (`InsecureConfiguration`), so no provider is installed
   = help: add `applicationID` to this provider: the client ID its JWKS URL names (`--fix` applies this)
----- json -----
[
  {
    "code": "AK304",
    "severity": "error",
    "message": "This auth configuration appears potentially insecure: Provider at index 0 has an issuer that is shared among many applications, so must to specify an ApplicationID to check against an `aud` field of a JWT.",
    "file": "convex/auth.config.ts",
    "line": 10,
    "column": 7,
    "end_line": 10,
    "end_column": 40,
    "label": "shared issuer without `applicationID`",
    "why": "Convex refuses to push this config (`InsecureConfiguration`), so no provider is installed",
    "remedy": {
      "summary": "add `applicationID` to this provider: the client ID its JWKS URL names",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/convex/auth.config.ts\n+++ b/convex/auth.config.ts\n@@ -10,6 +10,7 @@\n       issuer: 'https://api.workos.com/',\n       algorithm: 'RS256',\n       jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n+      applicationID: clientId,\n     },\n     {\n       type: 'customJwt',\n"
    }
  }
]
"#);

case!(ak305, "AK305", [], healthy(), |c| {
    edit(&c, "convex/auth.config.ts", "applicationID: clientId,", "applicationId: clientId,");
}, @r#"
exit 1
error[AK305]: Provider at index 0 must have applicationID property spelled lowercase 'application', capital I, capital D.
  --> convex/auth.config.ts:13:7
   |
13 |       applicationId: clientId,
   |       ^^^^^^^^^^^^^ must be `applicationID`
   |
   = note: why: Convex rejects the auth config with this message, so no provider is installed
   = help: rename `applicationId` to `applicationID` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK305",
    "severity": "error",
    "message": "Provider at index 0 must have applicationID property spelled lowercase 'application', capital I, capital D.",
    "file": "convex/auth.config.ts",
    "line": 13,
    "column": 7,
    "end_line": 13,
    "end_column": 20,
    "label": "must be `applicationID`",
    "why": "Convex rejects the auth config with this message, so no provider is installed",
    "remedy": {
      "summary": "rename `applicationId` to `applicationID`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/convex/auth.config.ts\n+++ b/convex/auth.config.ts\n@@ -10,7 +10,7 @@\n       issuer: 'https://api.workos.com/',\n       algorithm: 'RS256',\n       jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n-      applicationId: clientId,\n+      applicationID: clientId,\n     },\n     {\n       type: 'customJwt',\n"
    }
  }
]
"#);

case!(ak306, "AK306", [], healthy(), |c| {
    edit(&c, "convex/auth.config.ts", "type: 'customJwt',", "type: 'customJWT',");
}, @r#"
exit 1
error[AK306]: Provider at index 0 has unexpected 'type' value 'customJWT'
 --> convex/auth.config.ts:9:13
  |
9 |       type: 'customJWT',
  |             ^^^^^^^^^^^ expected `customJwt` or `oidc`
  |
  = note: why: Convex rejects the auth config, so no provider is installed
  = help: use `type: "customJwt"` for WorkOS providers (manual)
----- json -----
[
  {
    "code": "AK306",
    "severity": "error",
    "message": "Provider at index 0 has unexpected 'type' value 'customJWT'",
    "file": "convex/auth.config.ts",
    "line": 9,
    "column": 13,
    "end_line": 9,
    "end_column": 24,
    "label": "expected `customJwt` or `oidc`",
    "why": "Convex rejects the auth config, so no provider is installed",
    "remedy": {
      "summary": "use `type: \"customJwt\"` for WorkOS providers",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak307, "AK307", [], healthy(), |c| {
    edit(&c, "convex/auth.config.ts", "algorithm: 'RS256',", "algorithm: 'HS256',");
}, @r#"
exit 1
error[AK307]: Provider at index 0: unknown variant `HS256`, expected `RS256` or `ES256`
  --> convex/auth.config.ts:11:18
   |
11 |       algorithm: 'HS256',
   |                  ^^^^^^^ `HS256` is not supported
   |
   = note: why: Convex verifies custom JWTs only with RS256 or ES256 and rejects any other value, so no provider is installed; WorkOS signs with RS256
   = help: use `algorithm: "RS256"` (manual)
----- json -----
[
  {
    "code": "AK307",
    "severity": "error",
    "message": "Provider at index 0: unknown variant `HS256`, expected `RS256` or `ES256`",
    "file": "convex/auth.config.ts",
    "line": 11,
    "column": 18,
    "end_line": 11,
    "end_column": 25,
    "label": "`HS256` is not supported",
    "why": "Convex verifies custom JWTs only with RS256 or ES256 and rejects any other value, so no provider is installed; WorkOS signs with RS256",
    "remedy": {
      "summary": "use `algorithm: \"RS256\"`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak308, "AK308", [], healthy(), |c| {
    edit(&c, "convex/auth.config.ts", "jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },", "jwks: 'https://api.workos.com/sso/jwks/client_01J0THER000000000000000000',\n    },");
}, @r#"
exit 1
error[AK308]: the JWKS URL of provider 1 names `client_01J0THER000000000000000000`, but its issuer names `clientId`
  --> convex/auth.config.ts:19:13
   |
19 |       jwks: 'https://api.workos.com/sso/jwks/client_01J0THER000000000000000000',
   |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ `client_01J0THER000000000000000000` here
   |
   = note: why: Convex verifies the token with the keys at the JWKS URL; another client's keys don't match the token's `kid`, so every token is rejected
   = help: use `clientId` in the JWKS URL too (manual)
----- json -----
[
  {
    "code": "AK308",
    "severity": "error",
    "message": "the JWKS URL of provider 1 names `client_01J0THER000000000000000000`, but its issuer names `clientId`",
    "file": "convex/auth.config.ts",
    "line": 19,
    "column": 13,
    "end_line": 19,
    "end_column": 80,
    "label": "`client_01J0THER000000000000000000` here",
    "why": "Convex verifies the token with the keys at the JWKS URL; another client's keys don't match the token's `kid`, so every token is rejected",
    "remedy": {
      "summary": "use `clientId` in the JWKS URL too",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak309, "AK309", [], healthy(), |c| {
    edit(&c, "convex/auth.config.ts", "const clientId = process.env.WORKOS_CLIENT_ID;", "const clientId = 'client_01JPREV0000000000000000000';");
}, @r#"
exit 1
error[AK309]: `convex/auth.config.ts` hard-codes the client ID `client_01JPREV0000000000000000000`, but `VITE_WORKOS_CLIENT_ID` in `.env.local` is `client_01JTEST0000000000000000000`
 --> convex/auth.config.ts:3:19
  |
3 | const clientId = 'client_01JPREV0000000000000000000';
  |                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hard-coded client ID
  |
  = note: why: the browser gets tokens for the env's client, and Convex accepts only the hard-coded one, so it answers `NoAuthProvider`
  = help: read `process.env.WORKOS_CLIENT_ID` and set it on each deployment (`npx convex env set WORKOS_CLIENT_ID …`) (manual)
----- json -----
[
  {
    "code": "AK309",
    "severity": "error",
    "message": "`convex/auth.config.ts` hard-codes the client ID `client_01JPREV0000000000000000000`, but `VITE_WORKOS_CLIENT_ID` in `.env.local` is `client_01JTEST0000000000000000000`",
    "file": "convex/auth.config.ts",
    "line": 3,
    "column": 19,
    "end_line": 3,
    "end_column": 52,
    "label": "hard-coded client ID",
    "why": "the browser gets tokens for the env's client, and Convex accepts only the hard-coded one, so it answers `NoAuthProvider`",
    "remedy": {
      "summary": "read `process.env.WORKOS_CLIENT_ID` and set it on each deployment (`npx convex env set WORKOS_CLIENT_ID …`)",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak310, "AK310", [], healthy(), |c| {}, @r#"
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
----- json -----
[
  {
    "code": "AK310",
    "severity": "info",
    "message": "`convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it",
    "file": "convex/auth.config.ts",
    "line": 3,
    "column": 18,
    "end_line": 3,
    "end_column": 46,
    "label": "read on the Convex deployment, not from `.env.local`",
    "why": "Convex evaluates the auth config at push time with the deployment's own env vars; an unset one fails the push, and `.env.local` doesn't count",
    "remedy": {
      "summary": "set `WORKOS_CLIENT_ID` on each Convex deployment (dev and prod)",
      "applicability": "manual",
      "fixable": false,
      "commands": [
        "npx convex env set WORKOS_CLIENT_ID client_…",
        "npx convex env set --prod WORKOS_CLIENT_ID client_…"
      ]
    }
  }
]
"#);

case!(ak400, "AK400", [], healthy(), |c| {
    edit(&c, ".env.local", "VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n", "");
    edit(&c, "convex.json", "\"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n        ", "");
}, @r#"
exit 1
error[AK400]: `VITE_WORKOS_CLIENT_ID` is not set in any dev env file, and `convex.json` has no `localEnvVars` to fill it
  --> src/main.tsx:14:7
   |
14 |       clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
   |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ reads an unset variable
   |
   = note: why: `AuthKitProvider` gets `clientId={undefined}`, so sign-in can't start
   = help: add `VITE_WORKOS_CLIENT_ID=client_…` to `.env.local` (your WorkOS dashboard → API keys), or add `authKit.dev.localEnvVars` and run `npx convex dev` (manual)
----- json -----
[
  {
    "code": "AK400",
    "severity": "error",
    "message": "`VITE_WORKOS_CLIENT_ID` is not set in any dev env file, and `convex.json` has no `localEnvVars` to fill it",
    "file": "src/main.tsx",
    "line": 14,
    "column": 7,
    "end_line": 14,
    "end_column": 55,
    "label": "reads an unset variable",
    "why": "`AuthKitProvider` gets `clientId={undefined}`, so sign-in can't start",
    "remedy": {
      "summary": "add `VITE_WORKOS_CLIENT_ID=client_…` to `.env.local` (your WorkOS dashboard → API keys), or add `authKit.dev.localEnvVars` and run `npx convex dev`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak401, "AK401", [], healthy(), |c| {
    edit(&c, ".env.local", "VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000", "VITE_WORKOS_CLIENT_ID=YOUR-WORKOS-CLIENT-ID");
}, @r#"
exit 1
error[AK401]: `VITE_WORKOS_CLIENT_ID` in `.env.local` is `YOUR-WORKOS-CLIENT-ID`, which is not a WorkOS client ID: it doesn't start with `client_`
 --> .env.local:7:23
  |
7 | VITE_WORKOS_CLIENT_ID=YOUR-WORKOS-CLIENT-ID
  |                       ^^^^^^^^^^^^^^^^^^^^^ not `client_` and a 26-character ID
  |
  = note: why: WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page
  = help: remove `VITE_WORKOS_CLIENT_ID` from `.env.local`, so that `npx convex dev` writes the client ID of the deployment's WorkOS environment (`localEnvVars`; it never overwrites a value) (unsafe: `--fix --unsafe-fixes` applies this)
            npx convex dev
----- json -----
[
  {
    "code": "AK401",
    "severity": "error",
    "message": "`VITE_WORKOS_CLIENT_ID` in `.env.local` is `YOUR-WORKOS-CLIENT-ID`, which is not a WorkOS client ID: it doesn't start with `client_`",
    "file": ".env.local",
    "line": 7,
    "column": 23,
    "end_line": 7,
    "end_column": 44,
    "label": "not `client_` and a 26-character ID",
    "why": "WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page",
    "remedy": {
      "summary": "remove `VITE_WORKOS_CLIENT_ID` from `.env.local`, so that `npx convex dev` writes the client ID of the deployment's WorkOS environment (`localEnvVars`; it never overwrites a value)",
      "applicability": "unsafe",
      "fixable": false,
      "commands": [
        "npx convex dev"
      ],
      "diff": "--- a/.env.local\n+++ b/.env.local\n@@ -4,6 +4,5 @@\n VITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n \n # See this environment at https://dashboard.workos.com/environment_01JTESTENV0000000000000000/authentication\n-VITE_WORKOS_CLIENT_ID=YOUR-WORKOS-CLIENT-ID\n \n VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n"
    }
  }
]
"#);

case!(ak401_short, "AK401", [], healthy(), |c| {
    edit(&c, ".env.local", &format!("VITE_WORKOS_CLIENT_ID={CLIENT}"), "VITE_WORKOS_CLIENT_ID=client_01ABC");
}, @r#"
exit 1
error[AK401]: `VITE_WORKOS_CLIENT_ID` in `.env.local` is `client_01ABC`, which is not a WorkOS client ID: it has 5 characters after `client_`, not 26
 --> .env.local:7:23
  |
7 | VITE_WORKOS_CLIENT_ID=client_01ABC
  |                       ^^^^^^^^^^^^ not `client_` and a 26-character ID
  |
  = note: why: WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page
  = help: remove `VITE_WORKOS_CLIENT_ID` from `.env.local`, so that `npx convex dev` writes the client ID of the deployment's WorkOS environment (`localEnvVars`; it never overwrites a value) (unsafe: `--fix --unsafe-fixes` applies this)
            npx convex dev
----- json -----
[
  {
    "code": "AK401",
    "severity": "error",
    "message": "`VITE_WORKOS_CLIENT_ID` in `.env.local` is `client_01ABC`, which is not a WorkOS client ID: it has 5 characters after `client_`, not 26",
    "file": ".env.local",
    "line": 7,
    "column": 23,
    "end_line": 7,
    "end_column": 35,
    "label": "not `client_` and a 26-character ID",
    "why": "WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page",
    "remedy": {
      "summary": "remove `VITE_WORKOS_CLIENT_ID` from `.env.local`, so that `npx convex dev` writes the client ID of the deployment's WorkOS environment (`localEnvVars`; it never overwrites a value)",
      "applicability": "unsafe",
      "fixable": false,
      "commands": [
        "npx convex dev"
      ],
      "diff": "--- a/.env.local\n+++ b/.env.local\n@@ -4,6 +4,5 @@\n VITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n \n # See this environment at https://dashboard.workos.com/environment_01JTESTENV0000000000000000/authentication\n-VITE_WORKOS_CLIENT_ID=client_01ABC\n \n VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n"
    }
  }
]
"#);

// The mistakes users really make: the API key (masked everywhere) or the environment ID pasted in
// place of the client ID.
case!(ak401_api_key, "AK401", [], healthy(), |c| {
    edit(&c, ".env.local", &format!("VITE_WORKOS_CLIENT_ID={CLIENT}"), "VITE_WORKOS_CLIENT_ID=sk_test_a1B2c3D4e5F6g7H8");
}, @r#"
exit 1
error[AK401]: `VITE_WORKOS_CLIENT_ID` in `.env.local` is a WorkOS API key (`sk_test_****`), not the client ID
 --> .env.local:7:23
  |
7 | VITE_WORKOS_CLIENT_ID=sk_test_****************
  |                       ^^^^^^^^^^^^^^^^^^^^^^^^ an API key
  |
  = note: why: WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page
  = help: remove `VITE_WORKOS_CLIENT_ID` from `.env.local`, so that `npx convex dev` writes the client ID of the deployment's WorkOS environment (`localEnvVars`; it never overwrites a value) (unsafe: `--fix --unsafe-fixes` applies this)
            npx convex dev
----- json -----
[
  {
    "code": "AK401",
    "severity": "error",
    "message": "`VITE_WORKOS_CLIENT_ID` in `.env.local` is a WorkOS API key (`sk_test_****`), not the client ID",
    "file": ".env.local",
    "line": 7,
    "column": 23,
    "end_line": 7,
    "end_column": 47,
    "label": "an API key",
    "why": "WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page",
    "remedy": {
      "summary": "remove `VITE_WORKOS_CLIENT_ID` from `.env.local`, so that `npx convex dev` writes the client ID of the deployment's WorkOS environment (`localEnvVars`; it never overwrites a value)",
      "applicability": "unsafe",
      "fixable": false,
      "commands": [
        "npx convex dev"
      ],
      "diff": "--- a/.env.local\n+++ b/.env.local\n@@ -4,6 +4,5 @@\n VITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n \n # See this environment at https://dashboard.workos.com/environment_01JTESTENV0000000000000000/authentication\n-VITE_WORKOS_CLIENT_ID=****\n \n VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n"
    }
  }
]
"#);

case!(ak401_environment_id, "AK401", [], healthy(), |c| {
    edit(&c, ".env.local", &format!("VITE_WORKOS_CLIENT_ID={CLIENT}"), "VITE_WORKOS_CLIENT_ID=environment_01HXRMBQ9BJ3E7QSTQ9X2PHVB7");
}, @r#"
exit 1
error[AK401]: `VITE_WORKOS_CLIENT_ID` in `.env.local` is `environment_01HXRMBQ9BJ3E7QSTQ9X2PHVB7`, a WorkOS environment ID, not the client ID
 --> .env.local:7:23
  |
7 | VITE_WORKOS_CLIENT_ID=environment_01HXRMBQ9BJ3E7QSTQ9X2PHVB7
  |                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ an environment ID
  |
  = note: why: WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page
  = help: remove `VITE_WORKOS_CLIENT_ID` from `.env.local`, so that `npx convex dev` writes the client ID of the deployment's WorkOS environment (`localEnvVars`; it never overwrites a value) (unsafe: `--fix --unsafe-fixes` applies this)
            npx convex dev
----- json -----
[
  {
    "code": "AK401",
    "severity": "error",
    "message": "`VITE_WORKOS_CLIENT_ID` in `.env.local` is `environment_01HXRMBQ9BJ3E7QSTQ9X2PHVB7`, a WorkOS environment ID, not the client ID",
    "file": ".env.local",
    "line": 7,
    "column": 23,
    "end_line": 7,
    "end_column": 61,
    "label": "an environment ID",
    "why": "WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page",
    "remedy": {
      "summary": "remove `VITE_WORKOS_CLIENT_ID` from `.env.local`, so that `npx convex dev` writes the client ID of the deployment's WorkOS environment (`localEnvVars`; it never overwrites a value)",
      "applicability": "unsafe",
      "fixable": false,
      "commands": [
        "npx convex dev"
      ],
      "diff": "--- a/.env.local\n+++ b/.env.local\n@@ -4,6 +4,5 @@\n VITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n \n # See this environment at https://dashboard.workos.com/environment_01JTESTENV0000000000000000/authentication\n-VITE_WORKOS_CLIENT_ID=environment_01HXRMBQ9BJ3E7QSTQ9X2PHVB7\n \n VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n"
    }
  }
]
"#);

case!(ak401_local_env_vars_api_key, "AK401", [], healthy(), |c| {
    edit(&c, "convex.json", "\"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\"", "\"VITE_WORKOS_CLIENT_ID\": \"sk_live_a1B2c3D4e5F6g7H8\"");
}, @r#"
exit 1
error[AK401]: `localEnvVars.VITE_WORKOS_CLIENT_ID` is a WorkOS API key (`sk_live_****`), not the client ID
  --> convex.json:11:34
   |
11 |         "VITE_WORKOS_CLIENT_ID": "sk_live_****************",
   |                                  ^^^^^^^^^^^^^^^^^^^^^^^^^^ an API key
   |
   = note: why: WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page
   = help: use `${authEnv.WORKOS_CLIENT_ID}`: `npx convex dev` fills it with the client ID of the deployment's WorkOS environment (unsafe: `--fix --unsafe-fixes` applies this)
             npx convex dev
----- json -----
[
  {
    "code": "AK401",
    "severity": "error",
    "message": "`localEnvVars.VITE_WORKOS_CLIENT_ID` is a WorkOS API key (`sk_live_****`), not the client ID",
    "file": "convex.json",
    "line": 11,
    "column": 34,
    "end_line": 11,
    "end_column": 60,
    "label": "an API key",
    "why": "WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page",
    "remedy": {
      "summary": "use `${authEnv.WORKOS_CLIENT_ID}`: `npx convex dev` fills it with the client ID of the deployment's WorkOS environment",
      "applicability": "unsafe",
      "fixable": false,
      "commands": [
        "npx convex dev"
      ],
      "diff": "--- a/convex.json\n+++ b/convex.json\n@@ -8,7 +8,7 @@\n         \"corsOrigins\": [\"http://localhost:5173\"]\n       },\n       \"localEnvVars\": {\n-        \"VITE_WORKOS_CLIENT_ID\": \"sk_live_****\",\n+        \"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n         \"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:5173/callback\"\n       }\n     },\n"
    }
  }
]
"#);

case!(ak401_local_env_vars_lowercase, "AK401", [], healthy(), |c| {
    edit(&c, "convex.json", "\"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\"", "\"VITE_WORKOS_CLIENT_ID\": \"client_01jtest0000000000000000000\"");
}, @r#"
exit 1
error[AK401]: `localEnvVars.VITE_WORKOS_CLIENT_ID` is `client_01jtest0000000000000000000`, which is not a WorkOS client ID: it has lowercase letters, and WorkOS IDs are upper case
  --> convex.json:11:34
   |
11 |         "VITE_WORKOS_CLIENT_ID": "client_01jtest0000000000000000000",
   |                                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ not `client_` and a 26-character ID
   |
   = note: why: WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page
   = help: use `${authEnv.WORKOS_CLIENT_ID}`: `npx convex dev` fills it with the client ID of the deployment's WorkOS environment (unsafe: `--fix --unsafe-fixes` applies this)
             npx convex dev
----- json -----
[
  {
    "code": "AK401",
    "severity": "error",
    "message": "`localEnvVars.VITE_WORKOS_CLIENT_ID` is `client_01jtest0000000000000000000`, which is not a WorkOS client ID: it has lowercase letters, and WorkOS IDs are upper case",
    "file": "convex.json",
    "line": 11,
    "column": 34,
    "end_line": 11,
    "end_column": 69,
    "label": "not `client_` and a 26-character ID",
    "why": "WorkOS rejects an authorization request whose client ID doesn't exist, so sign-in fails before the login page",
    "remedy": {
      "summary": "use `${authEnv.WORKOS_CLIENT_ID}`: `npx convex dev` fills it with the client ID of the deployment's WorkOS environment",
      "applicability": "unsafe",
      "fixable": false,
      "commands": [
        "npx convex dev"
      ],
      "diff": "--- a/convex.json\n+++ b/convex.json\n@@ -8,7 +8,7 @@\n         \"corsOrigins\": [\"http://localhost:5173\"]\n       },\n       \"localEnvVars\": {\n-        \"VITE_WORKOS_CLIENT_ID\": \"client_01jtest0000000000000000000\",\n+        \"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n         \"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:5173/callback\"\n       }\n     },\n"
    }
  }
]
"#);

case!(ak402, "AK402", [], healthy(), |c| {
    edit(&c, ".env.local", "VITE_CONVEX_URL=", "WORKOS_CLIENT_ID=client_01J0THER000000000000000000\nVITE_CONVEX_URL=");
}, @r#"
exit 1
error[AK402]: the browser uses `client_01JTEST0000000000000000000` (`VITE_WORKOS_CLIENT_ID` in `.env.local`), but `npx convex dev` gives the deployment `client_01J0THER000000000000000000` (`WORKOS_CLIENT_ID` in `.env.local`)
 --> .env.local:4:18
  |
4 | WORKOS_CLIENT_ID=client_01J0THER000000000000000000
  |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ differs from `client_01JTEST0000000000000000000`
  |
  = note: why: the browser and the Convex deployment end up with different clients, so Convex rejects the browser's tokens (`NoAuthProvider`)
  = help: keep one client ID for the development environment in the local env files (manual)
----- json -----
[
  {
    "code": "AK402",
    "severity": "error",
    "message": "the browser uses `client_01JTEST0000000000000000000` (`VITE_WORKOS_CLIENT_ID` in `.env.local`), but `npx convex dev` gives the deployment `client_01J0THER000000000000000000` (`WORKOS_CLIENT_ID` in `.env.local`)",
    "file": ".env.local",
    "line": 4,
    "column": 18,
    "end_line": 4,
    "end_column": 51,
    "label": "differs from `client_01JTEST0000000000000000000`",
    "why": "the browser and the Convex deployment end up with different clients, so Convex rejects the browser's tokens (`NoAuthProvider`)",
    "remedy": {
      "summary": "keep one client ID for the development environment in the local env files",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak403, "AK403", [], healthy(), |c| {
    edit(&c, ".env.local", "VITE_CONVEX_URL=", "VITE_WORKOS_API_KEY=sk_test_a1b2c3d4e5f6g7h8i9SECRET\nVITE_CONVEX_URL=");
}, @r#"
exit 1
error[AK403]: `VITE_WORKOS_API_KEY` in `.env.local` exposes a secret (`sk_test_****`) to the browser
 --> .env.local:4:1
  |
4 | VITE_WORKOS_API_KEY=sk_test_************************
  | ^^^^^^^^^^^^^^^^^^^ client-exposed name
  |
  = note: why: the build inlines client-exposed variables into the JavaScript bundle, where anyone can read them; the SPA needs no API key
  = help: remove `VITE_WORKOS_API_KEY` (the SPA needs no API key) and keep the key only on the Convex deployment; then rotate the secret, which a build may have shipped (unsafe: `--fix --unsafe-fixes` applies this)
            npx convex env set WORKOS_API_KEY
----- json -----
[
  {
    "code": "AK403",
    "severity": "error",
    "message": "`VITE_WORKOS_API_KEY` in `.env.local` exposes a secret (`sk_test_****`) to the browser",
    "file": ".env.local",
    "line": 4,
    "column": 1,
    "end_line": 4,
    "end_column": 20,
    "label": "client-exposed name",
    "why": "the build inlines client-exposed variables into the JavaScript bundle, where anyone can read them; the SPA needs no API key",
    "remedy": {
      "summary": "remove `VITE_WORKOS_API_KEY` (the SPA needs no API key) and keep the key only on the Convex deployment; then rotate the secret, which a build may have shipped",
      "applicability": "unsafe",
      "fixable": false,
      "commands": [
        "npx convex env set WORKOS_API_KEY"
      ],
      "diff": "--- a/.env.local\n+++ b/.env.local\n@@ -1,7 +1,6 @@\n # Deployment used by `npx convex dev`\n CONVEX_DEPLOYMENT=dev:happy-otter-123 # team: acme, project: demo\n \n-VITE_WORKOS_API_KEY=****\n VITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n \n # See this environment at https://dashboard.workos.com/environment_01JTESTENV0000000000000000/authentication\n"
    }
  }
]
"#);

case!(ak404, "AK404", [], healthy(), |c| {
    write(&c, "convex/workos.ts", "export const apiKey = process.env.WORKOS_API_KEY ?? \"sk_live_a1b2c3d4e5f6g7h8SECRET\";\n");
}, @r#"
exit 1
error[AK404]: `convex/workos.ts` contains a WorkOS API key (`sk_live_****`)
 --> convex/workos.ts:1:54
  |
1 | export const apiKey = process.env.WORKOS_API_KEY ?? "sk_live_**********************";
  |                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ API key literal
  |
  = note: why: source files are committed, and files under `src/` are bundled for the browser; the key gives full access to the WorkOS environment
  = help: rotate the key in the WorkOS dashboard (API keys), set the new one on the Convex deployment, and replace the literal: `process.env.WORKOS_API_KEY` in a Convex function, nothing in browser code (the SPA needs no key) (manual)
            npx convex env set WORKOS_API_KEY
----- json -----
[
  {
    "code": "AK404",
    "severity": "error",
    "message": "`convex/workos.ts` contains a WorkOS API key (`sk_live_****`)",
    "file": "convex/workos.ts",
    "line": 1,
    "column": 54,
    "end_line": 1,
    "end_column": 84,
    "label": "API key literal",
    "why": "source files are committed, and files under `src/` are bundled for the browser; the key gives full access to the WorkOS environment",
    "remedy": {
      "summary": "rotate the key in the WorkOS dashboard (API keys), set the new one on the Convex deployment, and replace the literal: `process.env.WORKOS_API_KEY` in a Convex function, nothing in browser code (the SPA needs no key)",
      "applicability": "manual",
      "fixable": false,
      "commands": [
        "npx convex env set WORKOS_API_KEY"
      ]
    }
  }
]
"#);

case!(ak405, "AK405", [], healthy(), |c| {
    edit(&c, ".gitignore", "*.local\n", "");
}, @r#"
exit 0
warning[AK405]: `.env.local` is not ignored by git
--> .gitignore
 = note: why: `npx convex dev` and your tools write deployment names and keys to `.env.local`; committed, they leak
 = help: add `.env.local` to `.gitignore` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK405",
    "severity": "warning",
    "message": "`.env.local` is not ignored by git",
    "file": ".gitignore",
    "line": null,
    "column": null,
    "end_line": null,
    "end_column": null,
    "label": null,
    "why": "`npx convex dev` and your tools write deployment names and keys to `.env.local`; committed, they leak",
    "remedy": {
      "summary": "add `.env.local` to `.gitignore`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/.gitignore\n+++ b/.gitignore\n@@ -11,3 +11,4 @@\n .vscode/*\n .idea\n .DS_Store\n+.env.local\n"
    }
  }
]
"#);

// Tracked by git, even without a secret yet: the next key written there would be committed.
case!(ak409_env_local_tracked, "AK409", [], healthy(), |c| {
    for args in [&["init", "-q"][..], &["add", "-f", ".env.local"][..]] {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(&c.root)
            .env("HOME", &c.base)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}, @r#"
exit 1
error[AK409]: git tracks `.env.local`
--> .env.local
 = note: why: `npx convex dev` and `init` write deployment names and keys into it, and the next commit would carry them to everyone with the repository
 = help: stop tracking it and keep it ignored (manual)
           git rm --cached .env.local
----- json -----
[
  {
    "code": "AK409",
    "severity": "error",
    "message": "git tracks `.env.local`",
    "file": ".env.local",
    "line": null,
    "column": null,
    "end_line": null,
    "end_column": null,
    "label": null,
    "why": "`npx convex dev` and `init` write deployment names and keys into it, and the next commit would carry them to everyone with the repository",
    "remedy": {
      "summary": "stop tracking it and keep it ignored",
      "applicability": "manual",
      "fixable": false,
      "commands": [
        "git rm --cached .env.local"
      ]
    }
  }
]
"#);

case!(ak406, "AK406", [], healthy(), |c| {
    edit(&c, ".env.local", "VITE_CONVEX_URL=", "WORKOS_API_KEY=sk_live_a1b2c3d4e5f6g7h8SECRET\nVITE_CONVEX_URL=");
}, @r#"
exit 0
warning[AK406]: `.env.local` has a `sk_live_` key (`WORKOS_API_KEY`) next to a localhost redirect URI (`VITE_WORKOS_REDIRECT_URI`)
  --> .env.local:10:26
   |
10 | VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback
   |                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ a localhost URI with a `sk_live_` key
   |
   = note: why: live keys belong to the production WorkOS environment and test keys to development; mixing them sends sign-ins and dashboard changes to the wrong environment
   = help: use the key of the environment these URIs belong to (manual)
----- json -----
[
  {
    "code": "AK406",
    "severity": "warning",
    "message": "`.env.local` has a `sk_live_` key (`WORKOS_API_KEY`) next to a localhost redirect URI (`VITE_WORKOS_REDIRECT_URI`)",
    "file": ".env.local",
    "line": 10,
    "column": 26,
    "end_line": 10,
    "end_column": 56,
    "label": "a localhost URI with a `sk_live_` key",
    "why": "live keys belong to the production WorkOS environment and test keys to development; mixing them sends sign-ins and dashboard changes to the wrong environment",
    "remedy": {
      "summary": "use the key of the environment these URIs belong to",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak500, "AK500", [], healthy(), |c| {
    write(&c, "src/main.tsx", "import { createRoot } from 'react-dom/client';\nimport { useAuth } from '@workos-inc/authkit-react';\nimport { ConvexReactClient } from 'convex/react';\nimport { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';\nimport App from './App.tsx';\n\nconst convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);\n\ncreateRoot(document.getElementById('root')!).render(\n  <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n    <App />\n  </ConvexProviderWithAuthKit>,\n);\n");
}, @r#"
exit 1
error[AK500]: no `<AuthKitProvider>` in `src/main.tsx`
  --> src/main.tsx:10:4
   |
10 |   <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
   |    ^^^^^^^^^^^^^^^^^^^^^^^^^ not inside an `AuthKitProvider`
   |
   = note: why: without `AuthKitProvider`, AuthKit's `useAuth` has no client: sign-in can't start and Convex never gets a token
   = help: wrap the app in `<AuthKitProvider clientId={…} redirectUri={…}>`, outside the Convex provider (manual)
             convex-authkit init
----- json -----
[
  {
    "code": "AK500",
    "severity": "error",
    "message": "no `<AuthKitProvider>` in `src/main.tsx`",
    "file": "src/main.tsx",
    "line": 10,
    "column": 4,
    "end_line": 10,
    "end_column": 29,
    "label": "not inside an `AuthKitProvider`",
    "why": "without `AuthKitProvider`, AuthKit's `useAuth` has no client: sign-in can't start and Convex never gets a token",
    "remedy": {
      "summary": "wrap the app in `<AuthKitProvider clientId={…} redirectUri={…}>`, outside the Convex provider",
      "applicability": "manual",
      "fixable": false,
      "commands": [
        "convex-authkit init"
      ]
    }
  }
]
"#);

case!(ak501, "AK501", [], healthy(), |c| {
    edit(&c, "src/main.tsx", "import { ConvexReactClient } from 'convex/react';", "import { ConvexProvider, ConvexReactClient } from 'convex/react';");
    edit(&c, "src/main.tsx", "<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>", "<ConvexProvider client={convex}>");
    edit(&c, "src/main.tsx", "</ConvexProviderWithAuthKit>", "</ConvexProvider>");
}, @r#"
exit 1
error[AK501]: `<ConvexProvider>` in `src/main.tsx` never passes AuthKit's token to Convex
  --> src/main.tsx:17:8
   |
17 |       <ConvexProvider client={convex}>
   |        ^^^^^^^^^^^^^^ plain `ConvexProvider`
   |
   = note: why: a plain `ConvexProvider` sends no token, so Convex treats every request as anonymous: `getUserIdentity()` is null even when signed in
   = help: use `<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>` from `@convex-dev/workos` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK501",
    "severity": "error",
    "message": "`<ConvexProvider>` in `src/main.tsx` never passes AuthKit's token to Convex",
    "file": "src/main.tsx",
    "line": 17,
    "column": 8,
    "end_line": 17,
    "end_column": 22,
    "label": "plain `ConvexProvider`",
    "why": "a plain `ConvexProvider` sends no token, so Convex treats every request as anonymous: `getUserIdentity()` is null even when signed in",
    "remedy": {
      "summary": "use `<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>` from `@convex-dev/workos`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/src/main.tsx\n+++ b/src/main.tsx\n@@ -1,7 +1,7 @@\n import { StrictMode } from 'react';\n import { createRoot } from 'react-dom/client';\n import { AuthKitProvider, useAuth } from '@workos-inc/authkit-react';\n-import { ConvexProvider, ConvexReactClient } from 'convex/react';\n+import { ConvexReactClient } from 'convex/react';\n import { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';\n import './index.css';\n import App from './App.tsx';\n@@ -14,9 +14,9 @@\n       clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}\n       redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}\n     >\n-      <ConvexProvider client={convex}>\n+      <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n         <App />\n-      </ConvexProvider>\n+      </ConvexProviderWithAuthKit>\n     </AuthKitProvider>\n   </StrictMode>,\n );\n"
    }
  }
]
"#);

#[test]
fn ak501_in_a_local_adapter() {
    let ctx = healthy();
    edit(
        &ctx,
        "src/ConvexProviderWithAuthKit.tsx",
        "import { ConvexProviderWithAuth, ConvexReactClient } from 'convex/react';",
        "import { ConvexProvider, ConvexReactClient } from 'convex/react';",
    );
    edit(
        &ctx,
        "src/ConvexProviderWithAuthKit.tsx",
        "<ConvexProviderWithAuth client={client} useAuth={useConvexAuthFromAuthKit}>",
        "<ConvexProvider client={client}>",
    );
    edit(
        &ctx,
        "src/ConvexProviderWithAuthKit.tsx",
        "</ConvexProviderWithAuth>",
        "</ConvexProvider>",
    );
    let v = json(&ctx, &[]);
    let f = &v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "AK501")
        .unwrap();
    assert_eq!(f["file"], "src/ConvexProviderWithAuthKit.tsx");
    assert_eq!(v["exit_code"], 1);
}

case!(ak502, "AK502", [], healthy(), |c| {
    write(&c, "src/main.tsx", "import { createRoot } from 'react-dom/client';\nimport { AuthKitProvider, useAuth } from '@workos-inc/authkit-react';\nimport { ConvexReactClient } from 'convex/react';\nimport { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';\nimport App from './App.tsx';\n\nconst convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);\n\ncreateRoot(document.getElementById('root')!).render(\n  <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n    <AuthKitProvider\n      clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}\n      redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}\n    >\n      <App />\n    </AuthKitProvider>\n  </ConvexProviderWithAuthKit>,\n);\n");
}, @r#"
exit 1
error[AK502]: `<ConvexProviderWithAuthKit>` wraps `<AuthKitProvider>`; it must be inside it
  --> src/main.tsx:10:4
   |
10 |   <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
   |    ^^^^^^^^^^^^^^^^^^^^^^^^^ outside `AuthKitProvider`
   |
   = note: why: the Convex provider calls AuthKit's `useAuth` while rendering, which only works inside `AuthKitProvider`
   = help: move `<AuthKitProvider>` outside `<ConvexProviderWithAuthKit>` (manual)
----- json -----
[
  {
    "code": "AK502",
    "severity": "error",
    "message": "`<ConvexProviderWithAuthKit>` wraps `<AuthKitProvider>`; it must be inside it",
    "file": "src/main.tsx",
    "line": 10,
    "column": 4,
    "end_line": 10,
    "end_column": 29,
    "label": "outside `AuthKitProvider`",
    "why": "the Convex provider calls AuthKit's `useAuth` while rendering, which only works inside `AuthKitProvider`",
    "remedy": {
      "summary": "move `<AuthKitProvider>` outside `<ConvexProviderWithAuthKit>`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak503, "AK503", [], healthy(), |c| {
    edit(&c, "src/main.tsx", "clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}", "clientId={import.meta.env.WORKOS_CLIENT_ID}");
}, @r#"
exit 1
error[AK503]: `clientId` reads `WORKOS_CLIENT_ID`, which Vite hides from the browser (no `VITE_` prefix)
  --> src/main.tsx:14:7
   |
14 |       clientId={import.meta.env.WORKOS_CLIENT_ID}
   |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ undefined in the browser
   |
   = note: why: Vite exposes only `VITE_*` variables to the browser, so this is `undefined` at runtime
   = help: read `import.meta.env.VITE_WORKOS_CLIENT_ID` and define it in `.env.local` (manual)
----- json -----
[
  {
    "code": "AK503",
    "severity": "error",
    "message": "`clientId` reads `WORKOS_CLIENT_ID`, which Vite hides from the browser (no `VITE_` prefix)",
    "file": "src/main.tsx",
    "line": 14,
    "column": 7,
    "end_line": 14,
    "end_column": 50,
    "label": "undefined in the browser",
    "why": "Vite exposes only `VITE_*` variables to the browser, so this is `undefined` at runtime",
    "remedy": {
      "summary": "read `import.meta.env.VITE_WORKOS_CLIENT_ID` and define it in `.env.local`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak504, "AK504", [], healthy(), |c| {
    write(&c, "src/Viewer.tsx", "import { useQuery } from 'convex/react';\nimport { useAuth } from '@workos-inc/authkit-react';\nimport { api } from '../convex/_generated/api';\n\nexport function Viewer() {\n  const { user } = useAuth();\n  const data = useQuery(api.myFunctions.listNumbers, user ? { count: 1 } : 'skip');\n  return <p>{data?.viewer}</p>;\n}\n");
}, @r#"
exit 0
warning[AK504]: this Convex query is gated on AuthKit's `useAuth().user`, not on Convex's auth state
 --> src/Viewer.tsx:7:16
  |
7 |   const data = useQuery(api.myFunctions.listNumbers, user ? { count: 1 } : 'skip');
  |                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ runs as soon as AuthKit has a user
  |
  = note: why: AuthKit has a user before Convex has accepted the token, so the query runs unauthenticated and throws or returns the anonymous result
  = help: gate on `useConvexAuth().isAuthenticated`, or render the component inside `<Authenticated>` (manual)
----- json -----
[
  {
    "code": "AK504",
    "severity": "warning",
    "message": "this Convex query is gated on AuthKit's `useAuth().user`, not on Convex's auth state",
    "file": "src/Viewer.tsx",
    "line": 7,
    "column": 16,
    "end_line": 7,
    "end_column": 83,
    "label": "runs as soon as AuthKit has a user",
    "why": "AuthKit has a user before Convex has accepted the token, so the query runs unauthenticated and throws or returns the anonymous result",
    "remedy": {
      "summary": "gate on `useConvexAuth().isAuthenticated`, or render the component inside `<Authenticated>`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak600, "AK600", [], healthy(), |c| {
    edit(&c, "src/main.tsx", "import { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';", "import { ConvexProviderWithAuthKit } from '@convex-dev/workos';");
}, @r#"
exit 1
error[AK600]: `src/main.tsx` imports `@convex-dev/workos`, which `package.json` doesn't list
 --> src/main.tsx:5:1
  |
5 | import { ConvexProviderWithAuthKit } from '@convex-dev/workos';
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ not a dependency
  |
  = note: why: it resolves only while something else installs it; a clean install (CI, the host's build) fails
  = help: add `@convex-dev/workos` (`^0.0.3`) to `package.json`, then run the install (`--fix` applies this)
----- json -----
[
  {
    "code": "AK600",
    "severity": "error",
    "message": "`src/main.tsx` imports `@convex-dev/workos`, which `package.json` doesn't list",
    "file": "src/main.tsx",
    "line": 5,
    "column": 1,
    "end_line": 5,
    "end_column": 64,
    "label": "not a dependency",
    "why": "it resolves only while something else installs it; a clean install (CI, the host's build) fails",
    "remedy": {
      "summary": "add `@convex-dev/workos` (`^0.0.3`) to `package.json`, then run the install",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/package.json\n+++ b/package.json\n@@ -12,6 +12,7 @@\n     \"preview\": \"vite preview\"\n   },\n   \"dependencies\": {\n+    \"@convex-dev/workos\": \"^0.0.3\",\n     \"@workos-inc/authkit-react\": \"^0.16.2\",\n     \"convex\": \"^1.44.0\",\n     \"react\": \"^19.2.0\",\n"
    }
  }
]
"#);

case!(ak601, "AK601", [], healthy(), |c| {
    edit(&c, "package.json", "\"@workos-inc/authkit-react\": \"^0.16.2\",", "\"@convex-dev/workos\": \"^0.0.3\",\n    \"@workos-inc/authkit-react\": \"0.15.1\",");
}, @r#"
exit 0
warning[AK601]: `@workos-inc/authkit-react` 0.15.1: `@convex-dev/workos` is built against `^0.16.0`
  --> package.json:16:5
   |
16 |     "@workos-inc/authkit-react": "0.15.1",
   |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^ `0.15.1`
   |
   = note: why: this version has a known problem that breaks sign-in, whatever the configuration
   = help: upgrade `@workos-inc/authkit-react` to `^0.16.2` in `package.json`, then reinstall (unsafe: `--fix --unsafe-fixes` applies this)
             npm install
----- json -----
[
  {
    "code": "AK601",
    "severity": "warning",
    "message": "`@workos-inc/authkit-react` 0.15.1: `@convex-dev/workos` is built against `^0.16.0`",
    "file": "package.json",
    "line": 16,
    "column": 5,
    "end_line": 16,
    "end_column": 32,
    "label": "`0.15.1`",
    "why": "this version has a known problem that breaks sign-in, whatever the configuration",
    "remedy": {
      "summary": "upgrade `@workos-inc/authkit-react` to `^0.16.2` in `package.json`, then reinstall",
      "applicability": "unsafe",
      "fixable": false,
      "commands": [
        "npm install"
      ],
      "diff": "--- a/package.json\n+++ b/package.json\n@@ -13,7 +13,7 @@\n   },\n   \"dependencies\": {\n     \"@convex-dev/workos\": \"^0.0.3\",\n-    \"@workos-inc/authkit-react\": \"0.15.1\",\n+    \"@workos-inc/authkit-react\": \"^0.16.2\",\n     \"convex\": \"^1.44.0\",\n     \"react\": \"^19.2.0\",\n     \"react-dom\": \"^19.2.0\"\n"
    }
  }
]
"#);

case!(ak700, "AK700", [], healthy(), |c| {
    edit(&c, "convex/myFunctions.ts", "getUserIdentity())?.subject", "getUserIdentity())?.email");
}, @r#"
exit 0
info[AK700]: `identity.email` is undefined with WorkOS access tokens unless a JWT template adds it
  --> convex/myFunctions.ts:20:15
   |
20 |       viewer: (await ctx.auth.getUserIdentity())?.email ?? null,
   |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ not in WorkOS tokens by default
   |
   = note: why: WorkOS access tokens carry `sub`, `sid`, `org_id`, `role` and `permissions`, but no profile claims by default
   = help: add `email` to the JWT template in the WorkOS dashboard, or use `identity.subject` and load the profile from WorkOS (manual)
----- json -----
[
  {
    "code": "AK700",
    "severity": "info",
    "message": "`identity.email` is undefined with WorkOS access tokens unless a JWT template adds it",
    "file": "convex/myFunctions.ts",
    "line": 20,
    "column": 15,
    "end_line": 20,
    "end_column": 56,
    "label": "not in WorkOS tokens by default",
    "why": "WorkOS access tokens carry `sub`, `sid`, `org_id`, `role` and `permissions`, but no profile claims by default",
    "remedy": {
      "summary": "add `email` to the JWT template in the WorkOS dashboard, or use `identity.subject` and load the profile from WorkOS",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak800, "AK800", ["--prod"], healthy(), |c| {
    let text = c.read("convex.json");
    let start = text.find(",\n    \"prod\"").unwrap();
    let end = text.rfind("\n  }\n}").unwrap();
    write(&c, "convex.json", &format!("{}{}", &text[..start], &text[end..]));
}, @r#"
exit 1
error[AK800]: `convex.json` has no `authKit.prod` section
 --> convex.json:3:3
  |
3 |   "authKit": {
  |   ^^^^^^^^^ no production redirect URI
  |
  = note: why: without `authKit.prod.configure`, `npx convex deploy` registers nothing in the production WorkOS environment, so sign-in from the production origin fails
  = help: add the production section with `convex-authkit init --scope production` (manual)
            convex-authkit init --scope production --prod-url https://<your domain>
----- json -----
[
  {
    "code": "AK800",
    "severity": "error",
    "message": "`convex.json` has no `authKit.prod` section",
    "file": "convex.json",
    "line": 3,
    "column": 3,
    "end_line": 3,
    "end_column": 12,
    "label": "no production redirect URI",
    "why": "without `authKit.prod.configure`, `npx convex deploy` registers nothing in the production WorkOS environment, so sign-in from the production origin fails",
    "remedy": {
      "summary": "add the production section with `convex-authkit init --scope production`",
      "applicability": "manual",
      "fixable": false,
      "commands": [
        "convex-authkit init --scope production --prod-url https://<your domain>"
      ]
    }
  }
]
"#);

case!(ak801, "AK801", ["--prod"], healthy(), |c| {
    write(&c, ".env.production", "VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n");
}, @r#"
exit 1
error[AK801]: the production client ID in `.env.production` is the development one (`client_01JTEST0000000000000000000`)
 --> .env.production:1:23
  |
1 | VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000
  |                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ same as development
  |
  = note: why: production needs its own WorkOS environment; with the dev client, users sign in to the test environment and the prod deployment's `WORKOS_CLIENT_ID` won't match
  = help: create a production environment in the WorkOS dashboard and use its client ID here and on the Convex prod deployment (manual)
----- json -----
[
  {
    "code": "AK801",
    "severity": "error",
    "message": "the production client ID in `.env.production` is the development one (`client_01JTEST0000000000000000000`)",
    "file": ".env.production",
    "line": 1,
    "column": 23,
    "end_line": 1,
    "end_column": 56,
    "label": "same as development",
    "why": "production needs its own WorkOS environment; with the dev client, users sign in to the test environment and the prod deployment's `WORKOS_CLIENT_ID` won't match",
    "remedy": {
      "summary": "create a production environment in the WorkOS dashboard and use its client ID here and on the Convex prod deployment",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak802, "AK802", ["--prod"], healthy(), |c| {}, @r#"
exit 0
warning[AK802]: `AuthKitProvider` has no `apiHostname` (custom auth domain) and no `devMode` decision
  --> src/main.tsx:13:6
   |
13 |     <AuthKitProvider
   |      ^^^^^^^^^^^^^^^ no `apiHostname`
   |
   = note: why: in production the refresh token is a cookie on `api.workos.com`, which browsers block as third-party, so sessions end after the first access token
   = help: set up a custom authentication domain in WorkOS and pass `apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}`, or set `devMode` knowingly (manual)
----- json -----
[
  {
    "code": "AK802",
    "severity": "warning",
    "message": "`AuthKitProvider` has no `apiHostname` (custom auth domain) and no `devMode` decision",
    "file": "src/main.tsx",
    "line": 13,
    "column": 6,
    "end_line": 13,
    "end_column": 21,
    "label": "no `apiHostname`",
    "why": "in production the refresh token is a cookie on `api.workos.com`, which browsers block as third-party, so sessions end after the first access token",
    "remedy": {
      "summary": "set up a custom authentication domain in WorkOS and pass `apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}`, or set `devMode` knowingly",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak311, "AK311", [], healthy(), |c| {
    edit(
        &c,
        "convex/auth.config.ts",
        "issuer: `https://api.workos.com/user_management/${clientId}`",
        "issuer: `http://api.workos.com/user_management/${clientId}`",
    );
}, @r#"
exit 1
error[AK311]: provider 1 has issuer `http://api.workos.com/user_management/${clientId}`, which no WorkOS token carries
  --> convex/auth.config.ts:17:15
   |
17 |       issuer: `http://api.workos.com/user_management/${clientId}`,
   |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ not a WorkOS issuer
   |
   = note: why: WorkOS tokens carry `iss` `https://api.workos.com/user_management/<client ID>` (or `https://api.workos.com/`); Convex matches the issuer exactly, so no provider accepts the token (`NoAuthProvider`)
   = help: write the issuer as `https://api.workos.com/user_management/${clientId}` (or `https://api.workos.com/` with `applicationID`) (manual)
----- json -----
[
  {
    "code": "AK311",
    "severity": "error",
    "message": "provider 1 has issuer `http://api.workos.com/user_management/${clientId}`, which no WorkOS token carries",
    "file": "convex/auth.config.ts",
    "line": 17,
    "column": 15,
    "end_line": 17,
    "end_column": 66,
    "label": "not a WorkOS issuer",
    "why": "WorkOS tokens carry `iss` `https://api.workos.com/user_management/<client ID>` (or `https://api.workos.com/`); Convex matches the issuer exactly, so no provider accepts the token (`NoAuthProvider`)",
    "remedy": {
      "summary": "write the issuer as `https://api.workos.com/user_management/${clientId}` (or `https://api.workos.com/` with `applicationID`)",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak505, "AK505", [], healthy(), |c| {
    edit(
        &c,
        "src/main.tsx",
        "      <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n        <App />\n      </ConvexProviderWithAuthKit>\n",
        "      <App />\n",
    );
}, @r#"
exit 1
error[AK505]: no Convex provider wraps the app, but `src/App.tsx` uses Convex's hooks
  --> src/main.tsx:13:6
   |
13 |     <AuthKitProvider
   |      ^^^^^^^^^^^^^^^ no Convex provider inside
   |
   = note: why: Convex's React hooks need a client from a Convex provider; without one they throw, and no AuthKit token reaches Convex
   = help: put `<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>` (from `@convex-dev/workos`) inside `AuthKitProvider` (manual)
----- json -----
[
  {
    "code": "AK505",
    "severity": "error",
    "message": "no Convex provider wraps the app, but `src/App.tsx` uses Convex's hooks",
    "file": "src/main.tsx",
    "line": 13,
    "column": 6,
    "end_line": 13,
    "end_column": 21,
    "label": "no Convex provider inside",
    "why": "Convex's React hooks need a client from a Convex provider; without one they throw, and no AuthKit token reaches Convex",
    "remedy": {
      "summary": "put `<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>` (from `@convex-dev/workos`) inside `AuthKitProvider`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak506, "AK506", [], healthy(), |c| {
    edit(&c, "src/main.tsx", "import { ConvexReactClient } from 'convex/react';", "import { ConvexProviderWithAuth, ConvexReactClient } from 'convex/react';");
    edit(&c, "src/main.tsx", "<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>", "<ConvexProviderWithAuth client={convex} useAuth={useAuth}>");
    edit(&c, "src/main.tsx", "</ConvexProviderWithAuthKit>", "</ConvexProviderWithAuth>");
}, @r#"
exit 1
error[AK506]: `<ConvexProviderWithAuth>` gets AuthKit's `useAuth` directly in `src/main.tsx`
  --> src/main.tsx:17:47
   |
17 |       <ConvexProviderWithAuth client={convex} useAuth={useAuth}>
   |                                               ^^^^^^^^^^^^^^^^^ AuthKit's hook, not Convex's shape
   |
   = note: why: Convex expects `{ isLoading, isAuthenticated, fetchAccessToken }`; AuthKit's hook returns `{ user, getAccessToken, … }`, so Convex never asks for a token and every request is anonymous
   = help: use `ConvexProviderWithAuthKit` from `@convex-dev/workos` instead of `ConvexProviderWithAuth`; it adapts AuthKit's hook (manual)
----- json -----
[
  {
    "code": "AK506",
    "severity": "error",
    "message": "`<ConvexProviderWithAuth>` gets AuthKit's `useAuth` directly in `src/main.tsx`",
    "file": "src/main.tsx",
    "line": 17,
    "column": 47,
    "end_line": 17,
    "end_column": 64,
    "label": "AuthKit's hook, not Convex's shape",
    "why": "Convex expects `{ isLoading, isAuthenticated, fetchAccessToken }`; AuthKit's hook returns `{ user, getAccessToken, … }`, so Convex never asks for a token and every request is anonymous",
    "remedy": {
      "summary": "use `ConvexProviderWithAuthKit` from `@convex-dev/workos` instead of `ConvexProviderWithAuth`; it adapts AuthKit's hook",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

/// Every rule has a positive case, here, in `doctor_nextjs.rs` or in `doctor_tanstack.rs`.
#[test]
fn every_rule_has_a_case() {
    let src = [
        include_str!("doctor.rs"),
        include_str!("doctor_nextjs.rs"),
        include_str!("doctor_tanstack.rs"),
    ]
    .concat();
    for rule in convex_authkit::commands::doctor::rules::RULES {
        let needle = format!("case!({}, \"{}\"", rule.code.to_lowercase(), rule.code);
        assert!(src.contains(&needle), "no positive case for {}", rule.code);
    }
}

// ---------------------------------------------------------------------------------------------
// One negative case per rule: the positive case's setup with the fix applied (by hand, or an
// equivalent healthy shape a user could plausibly have), so each differs from its positive by the
// fix rather than being the shared baseline. The rule must not fire, and nothing may be an error.

mod negative {
    use super::*;

    // The remedy: `convex-authkit init` on the same app.
    negative!(ak001, "AK001", [], TestContext::new("basic-ts"), |c| {
        let out = c.init(&["--team", "managed", "--scope", "local"]).output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 3)), "{}", String::from_utf8_lossy(&out.stderr));
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

    info[AK700]: `identity.name` is undefined with WorkOS access tokens unless a JWT template adds it
      --> convex/myFunctions.ts:20:15
       |
    20 |       viewer: (await ctx.auth.getUserIdentity())?.name ?? null,
       |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ not in WorkOS tokens by default
       |
       = note: why: WorkOS access tokens carry `sub`, `sid`, `org_id`, `role` and `permissions`, but no profile claims by default
       = help: add `name` to the JWT template in the WorkOS dashboard, or use `identity.subject` and load the profile from WorkOS (manual)

    warning[AK201]: the dev port 5173 is not pinned (`strictPort`)
     --> vite.config.ts:5:29
      |
    5 | export default defineConfig({
      |                             ^ no `server.strictPort: true` in this config
      |
      = note: why: when the port is busy Vite moves to the next free one, and sign-in then returns to a URI nothing serves
      = help: set `server.port: 5173` and `server.strictPort: true` in `vite.config.ts` (`--fix` applies this)

    0 errors, 1 warning, 2 infos; 1 fixable with --fix
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
          "code": "AK700",
          "severity": "info",
          "file": "convex/myFunctions.ts",
          "line": 20,
          "message": "`identity.name` is undefined with WorkOS access tokens unless a JWT template adds it"
        },
        {
          "code": "AK201",
          "severity": "warning",
          "file": "vite.config.ts",
          "line": 5,
          "message": "the dev port 5173 is not pinned (`strictPort`)"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 1,
        "infos": 2,
        "fixable": 1,
        "unsafe_fixable": 0
      },
      "exit_code": 0
    }
    "#);

    // The missing `=` typed back with spaces around it, which dotenv (Vite, the Convex CLI) accepts.
    negative!(ak002, "AK002", [], healthy(), |c| {
        edit(&c, ".env.local", "VITE_WORKOS_REDIRECT_URI=", "VITE_WORKOS_REDIRECT_URI ");
        edit(&c, ".env.local", "VITE_WORKOS_REDIRECT_URI ", "VITE_WORKOS_REDIRECT_URI = ");
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

    // The comment deleted by hand, leaving its (indented) blank line.
    negative!(ak100, "AK100", [], healthy(), |c| {
        edit(&c, "convex.json", "{\n", "{\n  // AuthKit for the dev deployment\n");
        edit(&c, "convex.json", "// AuthKit for the dev deployment", "");
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

    // The remedy by hand: a dev-only `authKit` section (no preview/prod).
    negative!(ak101, "AK101", [], healthy(), |c| {
        write(&c, "convex.json", "{\n  \"$schema\": \"./node_modules/convex/schemas/convex.schema.json\"\n}\n");
        edit(&c, "convex.json", "convex.schema.json\"\n", "convex.schema.json\",\n  \"authKit\": {\n    \"dev\": {\n      \"configure\": {\n        \"redirectUris\": [\"http://localhost:5173/callback\"],\n        \"appHomepageUrl\": \"http://localhost:5173\",\n        \"corsOrigins\": [\"http://localhost:5173\"]\n      },\n      \"localEnvVars\": {\n        \"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n        \"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:5173/callback\"\n      }\n    }\n  }\n");
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

    // As the message says: the prod client ID moves out of `convex.json` to the host's env
    // (`.env.production`, another client than dev).
    negative!(ak102, "AK102", [], healthy(), |c| {
        edit(&c, "convex.json", "\"prod\": {\n", "\"prod\": {\n      \"localEnvVars\": { \"VITE_WORKOS_CLIENT_ID\": \"client_01JPR0D0000000000000000000\" },\n");
        edit(&c, "convex.json", "\n      \"localEnvVars\": { \"VITE_WORKOS_CLIENT_ID\": \"client_01JPR0D0000000000000000000\" },", "");
        write(&c, ".env.production", "VITE_WORKOS_CLIENT_ID=client_01JPR0D0000000000000000000\n");
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

    // The typo renamed in place: `redirectUris` (holding the URI) is now the last key.
    negative!(ak103, "AK103", [], healthy(), |c| {
        edit(&c, "convex.json", "\"corsOrigins\": [\"http://localhost:5173\"]", "\"corsOrigins\": [\"http://localhost:5173\"],\n        \"redirectURIs\": []");
        edit(&c, "convex.json", "\"redirectUris\": [\"http://localhost:5173/callback\"],\n        ", "");
        edit(&c, "convex.json", "\"redirectURIs\": []", "\"redirectUris\": [\"http://localhost:5173/callback\"]");
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

    // The existing-team shape: the client ID written literally, no template at all.
    negative!(ak104, "AK104", [], healthy(), |c| {
        edit(&c, "convex.json", "${authEnv.WORKOS_CLIENT_ID}", "${env.WORKOS_CLIENT_ID}");
        edit(&c, "convex.json", "${env.WORKOS_CLIENT_ID}", CLIENT);
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

    // Still a tilde range, but one that reaches 1.31.6 (the first CLI that reads `authKit`).
    negative!(ak105, "AK105", [], healthy(), |c| {
        edit(&c, "package.json", "\"convex\": \"^1.44.0\"", "\"convex\": \"~1.30.0\"");
        edit(&c, "package.json", "\"convex\": \"~1.30.0\"", "\"convex\": \"~1.31.6\"");
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

    // The remedy's first option: the dev URIs use the dev server's port 3000.
    negative!(ak200, "AK200", [], healthy(), |c| {
        edit(&c, "vite.config.ts", "port: 5173", "port: 3000");
        edit(&c, ".env.local", "localhost:5173", "localhost:3000");
        edit_all(&c, "convex.json", "localhost:5173", "localhost:3000");
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

    // The fresh clone with the port pinned in the `dev` script instead of `vite.config.ts`.
    negative!(ak201, "AK201", [], template(), |c| {
        edit(&c, "package.json", "\"dev:frontend\": \"vite --open\"", "\"dev:frontend\": \"vite --open --port 5173 --strictPort\"");
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

    // Both made the same URI: the app's callback moved to `/auth/callback` everywhere.
    negative!(ak202, "AK202", [], healthy(), |c| {
        edit(&c, "convex.json", "\"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:5173/callback\"", "\"VITE_WORKOS_REDIRECT_URI\": \"http://localhost:5173/auth/callback\"");
        edit(&c, "convex.json", "\"redirectUris\": [\"http://localhost:5173/callback\"]", "\"redirectUris\": [\"http://localhost:5173/auth/callback\"]");
        edit(&c, ".env.local", "localhost:5173/callback", "localhost:5173/auth/callback");
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

    // The stale value corrected by hand, in double quotes.
    negative!(ak203, "AK203", [], healthy(), |c| {
        edit(&c, ".env.local", "localhost:5173/callback", "localhost:5174/callback");
        edit(&c, ".env.local", "VITE_WORKOS_REDIRECT_URI=http://localhost:5174/callback", "VITE_WORKOS_REDIRECT_URI=\"http://localhost:5173/callback\"");
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

    // The origin added back by hand, as the first key of `configure`.
    negative!(ak204, "AK204", [], healthy(), |c| {
        edit(&c, "convex.json", ",\n        \"corsOrigins\": [\"http://localhost:5173\"]", "");
        edit(&c, "convex.json", "\"configure\": {\n        \"redirectUris\"", "\"configure\": {\n        \"corsOrigins\": [\"http://localhost:5173\"],\n        \"redirectUris\"");
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

    // A homepage added back by hand, with a trailing slash, after `corsOrigins`.
    negative!(ak205, "AK205", [], healthy(), |c| {
        edit(&c, "convex.json", "\n        \"appHomepageUrl\": \"http://localhost:5173\",", "");
        edit(&c, "convex.json", "\"corsOrigins\": [\"http://localhost:5173\"]", "\"corsOrigins\": [\"http://localhost:5173\"],\n        \"appHomepageUrl\": \"http://localhost:5173/\"");
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

    // One host name everywhere: `127.0.0.1` in `convex.json` too.
    negative!(ak206, "AK206", [], healthy(), |c| {
        edit(&c, ".env.local", "localhost:5173/callback", "127.0.0.1:5173/callback");
        edit_all(&c, "convex.json", "localhost:5173", "127.0.0.1:5173");
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

    // `https://`, with the prod domain written literally (CORS origin and homepage to match).
    negative!(ak207, "AK207", [], healthy(), |c| {
        edit(&c, "convex.json", "\"https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}/callback\"", "\"http://app.example.com/callback\"");
        edit(&c, "convex.json", "\"http://app.example.com/callback\"", "\"https://app.example.com/callback\"");
        edit_all(&c, "convex.json", "https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}", "https://app.example.com");
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

    // The file created by hand as JavaScript: `convex/auth.config.js`.
    negative!(ak300, "AK300", [], healthy(), |c| {
        let ts = c.read("convex/auth.config.ts");
        remove(&c, "convex/auth.config.ts");
        let js = ts
            .replace("import { AuthConfig } from 'convex/server';\n\n", "")
            .replace(" satisfies AuthConfig", "");
        write(&c, "convex/auth.config.js", &js);
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.js` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.js:1:18
      |
    1 | const clientId = process.env.WORKOS_CLIENT_ID;
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
          "file": "convex/auth.config.js",
          "line": 1,
          "message": "`convex/auth.config.js` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it"
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

    // The leftover `.js` kept as a backup the Convex CLI doesn't bundle.
    negative!(ak301, "AK301", [], healthy(), |c| {
        write(&c, "convex/auth.config.js", "export default { providers: [] };\n");
        fs_err::rename(c.root.join("convex/auth.config.js"), c.root.join("convex/auth.config.js.bak")).unwrap();
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

    // `--fix`'s edit by hand: the WorkOS providers beside the existing custom one.
    negative!(ak302, "AK302", [], healthy(), |c| {
        write(&c, "convex/auth.config.ts", "export default {\n  providers: [\n    {\n      type: 'customJwt',\n      issuer: 'https://auth.example.com',\n      jwks: 'https://auth.example.com/jwks.json',\n      algorithm: 'ES256',\n      applicationID: 'demo',\n    },\n  ],\n};\n");
        edit(&c, "convex/auth.config.ts", "    },\n  ],", "    },\n    {\n      type: 'customJwt',\n      issuer: 'https://api.workos.com/',\n      algorithm: 'RS256',\n      jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,\n      applicationID: process.env.WORKOS_CLIENT_ID,\n    },\n    {\n      type: 'customJwt',\n      issuer: `https://api.workos.com/user_management/${process.env.WORKOS_CLIENT_ID}`,\n      algorithm: 'RS256',\n      jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,\n    },\n  ],");
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
      --> convex/auth.config.ts:14:48
       |
    14 |       jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,
       |                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ read on the Convex deployment, not from `.env.local`
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
          "line": 14,
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

    // `applicationID` only on the root-issuer provider, with the providers in the other order.
    negative!(ak303, "AK303", [], healthy(), |c| {
        let text = c.read("convex/auth.config.ts");
        let root = "    {\n      type: 'customJwt',\n      issuer: 'https://api.workos.com/',\n      algorithm: 'RS256',\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n      applicationID: clientId,\n    },\n";
        assert!(text.contains(root));
        let text = text.replacen(root, "", 1).replacen("    },\n  ],", &format!("    }},\n{}  ],", root), 1);
        write(&c, "convex/auth.config.ts", &text);
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

    // `applicationID` added back by hand, right under the issuer it secures.
    negative!(ak304, "AK304", [], healthy(), |c| {
        edit(&c, "convex/auth.config.ts", "\n      applicationID: clientId,", "");
        edit(&c, "convex/auth.config.ts", "issuer: 'https://api.workos.com/',\n", "issuer: 'https://api.workos.com/',\n      applicationID: clientId,\n");
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

    // Respelled by hand as a quoted key.
    negative!(ak305, "AK305", [], healthy(), |c| {
        edit(&c, "convex/auth.config.ts", "applicationID: clientId,", "applicationId: clientId,");
        edit(&c, "convex/auth.config.ts", "applicationId: clientId,", "'applicationID': clientId,");
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

    // Respelled, with a TypeScript `as const`.
    negative!(ak306, "AK306", [], healthy(), |c| {
        edit(&c, "convex/auth.config.ts", "type: 'customJwt',", "type: 'customJWT',");
        edit(&c, "convex/auth.config.ts", "type: 'customJWT',", "type: 'customJwt' as const,");
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

    // RS256 again, with a TypeScript `as const`.
    negative!(ak307, "AK307", [], healthy(), |c| {
        edit(&c, "convex/auth.config.ts", "algorithm: 'RS256',", "algorithm: 'HS256',");
        edit(&c, "convex/auth.config.ts", "algorithm: 'HS256',", "algorithm: 'RS256' as const,");
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

    // The same client in both, written literally (the env's client ID).
    negative!(ak308, "AK308", [], healthy(), |c| {
        edit(&c, "convex/auth.config.ts", "jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },", "jwks: 'https://api.workos.com/sso/jwks/client_01J0THER000000000000000000',\n    },");
        edit(&c, "convex/auth.config.ts", "client_01J0THER000000000000000000", CLIENT);
        edit(&c, "convex/auth.config.ts", "issuer: `https://api.workos.com/user_management/${clientId}`", &format!("issuer: 'https://api.workos.com/user_management/{CLIENT}'"));
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

    // Reads `process.env.WORKOS_CLIENT_ID`, with the env's client ID as a fallback.
    negative!(ak309, "AK309", [], healthy(), |c| {
        edit(&c, "convex/auth.config.ts", "const clientId = process.env.WORKOS_CLIENT_ID;", "const clientId = 'client_01JPREV0000000000000000000';");
        edit(&c, "convex/auth.config.ts", "'client_01JPREV0000000000000000000'", &format!("process.env.WORKOS_CLIENT_ID ?? '{CLIENT}'"));
    }, @r#"
    exit 0
    info[AK310]: `convex/auth.config.ts` reads `WORKOS_CLIENT_ID`: each Convex deployment needs it
     --> convex/auth.config.ts:3:18
      |
    3 | const clientId = process.env.WORKOS_CLIENT_ID ?? 'client_01JTEST0000000000000000000';
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

    // AK310 is informational and fires whenever `auth.config` reads an env var, so there is no
    // "fixed" read: the negative is the shape where it must not fire, a config that reads no env
    // var (the env's client ID written literally in each provider).
    // A trailing slash is fine: Convex ignores it when comparing issuers.
    negative!(ak311, "AK311", [], healthy(), |c| {
        edit(
            &c,
            "convex/auth.config.ts",
            "issuer: `https://api.workos.com/user_management/${clientId}`",
            "issuer: `https://api.workos.com/user_management/${clientId}/`",
        );
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

    // The Convex provider lives in a child component that the tree renders.
    negative!(ak505, "AK505", [], healthy(), |c| {
        edit(
            &c,
            "src/main.tsx",
            "      <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n        <App />\n      </ConvexProviderWithAuthKit>\n",
            "      <ConvexSetup client={convex}>\n        <App />\n      </ConvexSetup>\n",
        );
        edit(&c, "src/main.tsx", "import App from './App.tsx';", "import App from './App.tsx';\nimport { ConvexSetup } from './ConvexSetup';");
        write(
            &c,
            "src/ConvexSetup.tsx",
            "import type { ReactNode } from 'react';\nimport type { ConvexReactClient } from 'convex/react';\nimport { useAuth } from '@workos-inc/authkit-react';\nimport { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';\n\nexport function ConvexSetup({ client, children }: { client: ConvexReactClient; children: ReactNode }) {\n  return (\n    <ConvexProviderWithAuthKit client={client} useAuth={useAuth}>\n      {children}\n    </ConvexProviderWithAuthKit>\n  );\n}\n",
        );
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

    // The fix: the adapter from `@convex-dev/workos` takes AuthKit's hook as it is.
    negative!(ak506, "AK506", [], healthy(), |c| {
        edit(&c, "src/main.tsx", "import { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';", "import { ConvexProviderWithAuthKit } from '@convex-dev/workos';");
        edit(&c, "package.json", "\"@workos-inc/authkit-react\": \"^0.16.2\",", "\"@convex-dev/workos\": \"^0.0.3\",\n    \"@workos-inc/authkit-react\": \"^0.16.2\",");
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

    negative!(ak310, "AK310", [], healthy(), |c| {
        edit(&c, "convex/auth.config.ts", "const clientId = process.env.WORKOS_CLIENT_ID;\n\n", "");
        edit_all(&c, "convex/auth.config.ts", "${clientId}", CLIENT);
        edit(&c, "convex/auth.config.ts", "applicationID: clientId,", &format!("applicationID: '{CLIENT}',"));
    }, @r#"
    exit 0
    ✓ No problems found
    0 errors, 0 warnings, 0 infos; 0 fixable with --fix
    ----- json -----
    {
      "findings": [],
      "summary": {
        "errors": 0,
        "warnings": 0,
        "infos": 0,
        "fixable": 0,
        "unsafe_fixable": 0
      },
      "exit_code": 0
    }
    "#);

    // The existing-team remedy: the client ID written to `.env.local` by hand (still no
    // `localEnvVars` entry for it).
    negative!(ak400, "AK400", [], healthy(), |c| {
        edit(&c, ".env.local", "VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n", "");
        edit(&c, "convex.json", "\"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n        ", "");
        let env = c.read(".env.local");
        write(&c, ".env.local", &format!("{env}VITE_WORKOS_CLIENT_ID={CLIENT}\n"));
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

    // A client ID as WorkOS issues it (the example in its own SDK), in `.env.local` and in
    // `localEnvVars`.
    negative!(ak401_real_shape, "AK401", [], healthy(), |c| {
        edit(&c, ".env.local", &format!("VITE_WORKOS_CLIENT_ID={CLIENT}"), "VITE_WORKOS_CLIENT_ID=client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7");
        edit(&c, "convex.json", "\"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\"", "\"VITE_WORKOS_CLIENT_ID\": \"client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7\"");
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

    // The real client ID pasted over the placeholder, with a trailing comment.
    negative!(ak401, "AK401", [], healthy(), |c| {
        edit(&c, ".env.local", "VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000", "VITE_WORKOS_CLIENT_ID=YOUR-WORKOS-CLIENT-ID");
        edit(&c, ".env.local", "YOUR-WORKOS-CLIENT-ID", &format!("{CLIENT} # from the WorkOS dashboard"));
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

    // One client ID: `WORKOS_CLIENT_ID` set to the same client as `VITE_WORKOS_CLIENT_ID`.
    negative!(ak402, "AK402", [], healthy(), |c| {
        edit(&c, ".env.local", "VITE_CONVEX_URL=", "WORKOS_CLIENT_ID=client_01J0THER000000000000000000\nVITE_CONVEX_URL=");
        edit(&c, ".env.local", "client_01J0THER000000000000000000", CLIENT);
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

    // The key kept out of the bundle: the `VITE_` prefix dropped.
    negative!(ak403, "AK403", [], healthy(), |c| {
        edit(&c, ".env.local", "VITE_CONVEX_URL=", "VITE_WORKOS_API_KEY=sk_test_a1b2c3d4e5f6g7h8i9SECRET\nVITE_CONVEX_URL=");
        edit(&c, ".env.local", "VITE_WORKOS_API_KEY=", "WORKOS_API_KEY=");
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

    // The literal fallback removed: the key only comes from the deployment's env.
    negative!(ak404, "AK404", [], healthy(), |c| {
        write(&c, "convex/workos.ts", "export const apiKey = process.env.WORKOS_API_KEY ?? \"sk_live_a1b2c3d4e5f6g7h8SECRET\";\n");
        edit(&c, "convex/workos.ts", " ?? \"sk_live_a1b2c3d4e5f6g7h8SECRET\"", "");
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

    // `--fix`'s edit by hand: `.env.local` appended to `.gitignore`.
    negative!(ak405, "AK405", [], healthy(), |c| {
        edit(&c, ".gitignore", "*.local\n", "");
        let text = c.read(".gitignore");
        write(&c, ".gitignore", &format!("{text}.env.local\n"));
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

    // The test key for the localhost (development) environment.
    negative!(ak406, "AK406", [], healthy(), |c| {
        edit(&c, ".env.local", "VITE_CONVEX_URL=", "WORKOS_API_KEY=sk_live_a1b2c3d4e5f6g7h8SECRET\nVITE_CONVEX_URL=");
        edit(&c, ".env.local", "sk_live_", "sk_test_");
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

    // The same entry, wrapped in `AuthKitProvider` (props on one line).
    negative!(ak500, "AK500", [], healthy(), |c| {
        write(&c, "src/main.tsx", "import { createRoot } from 'react-dom/client';\nimport { useAuth } from '@workos-inc/authkit-react';\nimport { ConvexReactClient } from 'convex/react';\nimport { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';\nimport App from './App.tsx';\n\nconst convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);\n\ncreateRoot(document.getElementById('root')!).render(\n  <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n    <App />\n  </ConvexProviderWithAuthKit>,\n);\n");
        edit(&c, "src/main.tsx", "import { useAuth }", "import { AuthKitProvider, useAuth }");
        edit(&c, "src/main.tsx", "  <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n    <App />\n  </ConvexProviderWithAuthKit>,", "  <AuthKitProvider clientId={import.meta.env.VITE_WORKOS_CLIENT_ID} redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}>\n    <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n      <App />\n    </ConvexProviderWithAuthKit>\n  </AuthKitProvider>,");
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

    // The remedy: `ConvexProviderWithAuthKit` from `@convex-dev/workos` (added to `package.json`).
    negative!(ak501, "AK501", [], healthy(), |c| {
        edit(&c, "src/main.tsx", "import { ConvexReactClient } from 'convex/react';", "import { ConvexProvider, ConvexReactClient } from 'convex/react';");
        edit(&c, "src/main.tsx", "<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>", "<ConvexProvider client={convex}>");
        edit(&c, "src/main.tsx", "</ConvexProviderWithAuthKit>", "</ConvexProvider>");
        edit(&c, "src/main.tsx", "import { ConvexProvider, ConvexReactClient } from 'convex/react';\nimport { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';", "import { ConvexReactClient } from 'convex/react';\nimport { ConvexProviderWithAuthKit } from '@convex-dev/workos';");
        edit(&c, "src/main.tsx", "<ConvexProvider client={convex}>", "<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>");
        edit(&c, "src/main.tsx", "</ConvexProvider>", "</ConvexProviderWithAuthKit>");
        edit(&c, "package.json", "\"dependencies\": {\n", "\"dependencies\": {\n    \"@convex-dev/workos\": \"^0.0.3\",\n");
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

    // The same entry with the providers swapped: `AuthKitProvider` outside.
    negative!(ak502, "AK502", [], healthy(), |c| {
        write(&c, "src/main.tsx", "import { createRoot } from 'react-dom/client';\nimport { AuthKitProvider, useAuth } from '@workos-inc/authkit-react';\nimport { ConvexReactClient } from 'convex/react';\nimport { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';\nimport App from './App.tsx';\n\nconst convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);\n\ncreateRoot(document.getElementById('root')!).render(\n  <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n    <AuthKitProvider\n      clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}\n      redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}\n    >\n      <App />\n    </AuthKitProvider>\n  </ConvexProviderWithAuthKit>,\n);\n");
        write(&c, "src/main.tsx", "import { createRoot } from 'react-dom/client';\nimport { AuthKitProvider, useAuth } from '@workos-inc/authkit-react';\nimport { ConvexReactClient } from 'convex/react';\nimport { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';\nimport App from './App.tsx';\n\nconst convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);\n\ncreateRoot(document.getElementById('root')!).render(\n  <AuthKitProvider\n    clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}\n    redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}\n  >\n    <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n      <App />\n    </ConvexProviderWithAuthKit>\n  </AuthKitProvider>,\n);\n");
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

    // The `VITE_` name the browser sees, with a TypeScript `as string`.
    negative!(ak503, "AK503", [], healthy(), |c| {
        edit(&c, "src/main.tsx", "clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}", "clientId={import.meta.env.WORKOS_CLIENT_ID}");
        edit(&c, "src/main.tsx", "clientId={import.meta.env.WORKOS_CLIENT_ID}", "clientId={import.meta.env.VITE_WORKOS_CLIENT_ID as string}");
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

    // The remedy: gated on `useConvexAuth().isAuthenticated` (`useAuth().user` still used for UI).
    negative!(ak504, "AK504", [], healthy(), |c| {
        write(&c, "src/Viewer.tsx", "import { useQuery } from 'convex/react';\nimport { useAuth } from '@workos-inc/authkit-react';\nimport { api } from '../convex/_generated/api';\n\nexport function Viewer() {\n  const { user } = useAuth();\n  const data = useQuery(api.myFunctions.listNumbers, user ? { count: 1 } : 'skip');\n  return <p>{data?.viewer}</p>;\n}\n");
        edit(&c, "src/Viewer.tsx", "import { useQuery } from 'convex/react';", "import { useConvexAuth, useQuery } from 'convex/react';");
        edit(&c, "src/Viewer.tsx", "  const data = useQuery(api.myFunctions.listNumbers, user ? { count: 1 } : 'skip');\n  return <p>{data?.viewer}</p>;", "  const { isAuthenticated } = useConvexAuth();\n  const data = useQuery(api.myFunctions.listNumbers, isAuthenticated ? { count: 1 } : 'skip');\n  return <p>{user ? data?.viewer : null}</p>;");
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

    // `--fix`'s edit by hand: `@convex-dev/workos` added to `package.json`.
    negative!(ak600, "AK600", [], healthy(), |c| {
        edit(&c, "src/main.tsx", "import { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';", "import { ConvexProviderWithAuthKit } from '@convex-dev/workos';");
        edit(&c, "package.json", "\"dependencies\": {\n", "\"dependencies\": {\n    \"@convex-dev/workos\": \"^0.0.3\",\n");
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

    // Upgraded: still an exact pin, on a version `@convex-dev/workos` supports.
    negative!(ak601, "AK601", [], healthy(), |c| {
        edit(&c, "package.json", "\"@workos-inc/authkit-react\": \"^0.16.2\",", "\"@convex-dev/workos\": \"^0.0.3\",\n    \"@workos-inc/authkit-react\": \"0.15.1\",");
        edit(&c, "package.json", "\"@workos-inc/authkit-react\": \"0.15.1\"", "\"@workos-inc/authkit-react\": \"0.16.2\"");
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

    // A claim every Convex identity has (`tokenIdentifier`) instead of a profile claim.
    negative!(ak700, "AK700", [], healthy(), |c| {
        edit(&c, "convex/myFunctions.ts", "getUserIdentity())?.subject", "getUserIdentity())?.email");
        edit(&c, "convex/myFunctions.ts", "getUserIdentity())?.email", "getUserIdentity())?.tokenIdentifier");
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

    // The remedy by hand: an `authKit.prod` section on a literal `https://` domain.
    negative!(ak800, "AK800", ["--prod"], healthy(), |c| {
        let text = c.read("convex.json");
        let start = text.find(",\n    \"prod\"").unwrap();
        let end = text.rfind("\n  }\n}").unwrap();
        write(&c, "convex.json", &format!("{}{}", &text[..start], &text[end..]));
        let text = c.read("convex.json");
        let end = text.rfind("\n  }\n}").unwrap();
        let prod = ",\n    \"prod\": {\n      \"configure\": {\n        \"redirectUris\": [\"https://app.example.com/callback\"],\n        \"appHomepageUrl\": \"https://app.example.com\",\n        \"corsOrigins\": [\"https://app.example.com\"]\n      }\n    }";
        write(&c, "convex.json", &format!("{}{prod}{}", &text[..end], &text[end..]));
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

    warning[AK802]: `AuthKitProvider` has no `apiHostname` (custom auth domain) and no `devMode` decision
      --> src/main.tsx:13:6
       |
    13 |     <AuthKitProvider
       |      ^^^^^^^^^^^^^^^ no `apiHostname`
       |
       = note: why: in production the refresh token is a cookie on `api.workos.com`, which browsers block as third-party, so sessions end after the first access token
       = help: set up a custom authentication domain in WorkOS and pass `apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}`, or set `devMode` knowingly (manual)

    Production: not ready, in order:
      1. [AK802] `AuthKitProvider` has no `apiHostname` (custom auth domain) and no `devMode` decision
    Set on the host and the Convex prod deployment (doctor can't see them):
      host         VITE_WORKOS_CLIENT_ID=<the production client ID>
      host         VITE_WORKOS_REDIRECT_URI=https://app.example.com/callback
      convex prod  WORKOS_CLIENT_ID=<the production client ID>
      convex prod  WORKOS_API_KEY=<the production sk_live_ key, via the hidden prompt>

    0 errors, 1 warning, 1 info; 0 fixable with --fix
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
          "code": "AK802",
          "severity": "warning",
          "file": "src/main.tsx",
          "line": 13,
          "message": "`AuthKitProvider` has no `apiHostname` (custom auth domain) and no `devMode` decision"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 1,
        "infos": 1,
        "fixable": 0,
        "unsafe_fixable": 0
      },
      "exit_code": 0,
      "production_ready": false
    }
    "#);

    // The production environment's own client ID.
    negative!(ak801, "AK801", ["--prod"], healthy(), |c| {
        write(&c, ".env.production", "VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n");
        edit(&c, ".env.production", CLIENT, "client_01JPR0D0000000000000000000");
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

    warning[AK802]: `AuthKitProvider` has no `apiHostname` (custom auth domain) and no `devMode` decision
      --> src/main.tsx:13:6
       |
    13 |     <AuthKitProvider
       |      ^^^^^^^^^^^^^^^ no `apiHostname`
       |
       = note: why: in production the refresh token is a cookie on `api.workos.com`, which browsers block as third-party, so sessions end after the first access token
       = help: set up a custom authentication domain in WorkOS and pass `apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}`, or set `devMode` knowingly (manual)

    Production: not ready, in order:
      1. [AK802] `AuthKitProvider` has no `apiHostname` (custom auth domain) and no `devMode` decision
    Set on the host and the Convex prod deployment (doctor can't see them):
      host         VITE_WORKOS_REDIRECT_URI=https://<VERCEL_PROJECT_PRODUCTION_URL>/callback
      convex prod  WORKOS_CLIENT_ID=<the production client ID>
      convex prod  WORKOS_API_KEY=<the production sk_live_ key, via the hidden prompt>

    0 errors, 1 warning, 1 info; 0 fixable with --fix
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
          "code": "AK802",
          "severity": "warning",
          "file": "src/main.tsx",
          "line": 13,
          "message": "`AuthKitProvider` has no `apiHostname` (custom auth domain) and no `devMode` decision"
        }
      ],
      "summary": {
        "errors": 0,
        "warnings": 1,
        "infos": 1,
        "fixable": 0,
        "unsafe_fixable": 0
      },
      "exit_code": 0,
      "production_ready": false
    }
    "#);

    // The remedy: a custom auth domain (`apiHostname`, as `init` writes it).
    negative!(ak802, "AK802", ["--prod"], healthy(), |c| {
        edit(&c, "src/main.tsx", "redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}", "redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}\n      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}");
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

    Production: ready
    Set on the host and the Convex prod deployment (doctor can't see them):
      host         VITE_WORKOS_CLIENT_ID=<the production client ID>
      host         VITE_WORKOS_REDIRECT_URI=https://<VERCEL_PROJECT_PRODUCTION_URL>/callback
      host         VITE_WORKOS_API_HOSTNAME=<your custom auth domain, e.g. auth.example.com>
      convex prod  WORKOS_CLIENT_ID=<the production client ID>
      convex prod  WORKOS_API_KEY=<the production sk_live_ key, via the hidden prompt>

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
      "exit_code": 0,
      "production_ready": true
    }
    "#);
}

/// Every rule has a negative case, here, in `doctor_nextjs.rs` or in `doctor_tanstack.rs`.
#[test]
fn every_rule_has_a_negative() {
    let src = [
        include_str!("doctor.rs"),
        include_str!("doctor_nextjs.rs"),
        include_str!("doctor_tanstack.rs"),
    ]
    .concat();
    for rule in convex_authkit::commands::doctor::rules::RULES {
        let needle = format!("negative!({}, \"{}\"", rule.code.to_lowercase(), rule.code);
        assert!(src.contains(&needle), "no negative case for {}", rule.code);
    }
}

// ---------------------------------------------------------------------------------------------
// Specific negatives: equivalent healthy shapes that must not be reported.

#[test]
fn negatives_for_subtle_rules() {
    // AK206/AK203: `127.0.0.1` used consistently everywhere is fine.
    let ctx = healthy();
    let json_text = ctx
        .read("convex.json")
        .replace("localhost:5173", "127.0.0.1:5173");
    write(&ctx, "convex.json", &json_text);
    edit(&ctx, ".env.local", "localhost:5173", "127.0.0.1:5173");
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);

    // AK504: `<Authenticated>` and `useConvexAuth()` gates are right; a sign-in button on
    // `useAuth().user` is not a query gate.
    let ctx = healthy();
    write(
        &ctx,
        "src/Viewer.tsx",
        "import { useConvexAuth, useQuery } from 'convex/react';\nimport { useAuth } from '@workos-inc/authkit-react';\nimport { api } from '../convex/_generated/api';\n\nexport function Viewer() {\n  const { user } = useAuth();\n  const { isAuthenticated } = useConvexAuth();\n  const data = useQuery(api.myFunctions.listNumbers, isAuthenticated ? { count: 1 } : 'skip');\n  return <p>{user ? data?.viewer : null}</p>;\n}\n",
    );
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);

    // AK302/AK308: the helper of `@convex-dev/workos-authkit` and a custom auth domain.
    let ctx = healthy();
    write(
        &ctx,
        "convex/auth.config.ts",
        "import { authKit } from './auth';\n\nexport default { providers: authKit.getAuthConfigProviders() };\n",
    );
    assert!(codes(&json(&ctx, &[])).is_empty());
    let ctx = healthy();
    edit(
        &ctx,
        "convex/auth.config.ts",
        "issuer: `https://api.workos.com/user_management/${clientId}`",
        "issuer: `https://auth.example.com/user_management/${clientId}`",
    );
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);

    // AK105: a caret range installs a new release.
    let ctx = healthy();
    edit(
        &ctx,
        "package.json",
        "\"convex\": \"^1.44.0\"",
        "\"convex\": \"^1.29.3\"",
    );
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);

    // AK308: the JWKS URL and `applicationID` spelled differently but denoting the same client:
    // a literal behind a `const`, or the env read that the `const` aliases.
    let ctx = template();
    let cfg = ctx.read("convex/auth.config.ts").replacen(
        "const clientId = process.env.WORKOS_CLIENT_ID;",
        "const clientId = 'client_01JTEST0000000000000000000';",
        1,
    );
    write(&ctx, "convex/auth.config.ts", &cfg);
    assert!(!codes(&json(&ctx, &[])).contains(&"AK308".to_string()));
    let ctx = template();
    edit(
        &ctx,
        "convex/auth.config.ts",
        "applicationID: clientId,",
        "applicationID: process.env.WORKOS_CLIENT_ID,",
    );
    assert!(!codes(&json(&ctx, &[])).contains(&"AK308".to_string()));

    // AK400: a fresh clone has no `.env.local`, but `localEnvVars` will write it.
    let ctx = template();
    assert!(!codes(&json(&ctx, &[])).contains(&"AK400".to_string()));
}

/// The auth config rules read evaluated values: `const`s inside templates, providers held in
/// `const`s, and `undefined` dropped as `JSON.stringify` drops it.
#[test]
fn auth_config_rules_see_evaluated_values() {
    // AK304: `applicationID: undefined` is no `applicationID`.
    let ctx = healthy();
    edit(
        &ctx,
        "convex/auth.config.ts",
        "applicationID: clientId,",
        "applicationID: undefined,",
    );
    assert!(has_code(&json(&ctx, &[]), "AK304"));

    // AK311: the issuer's host comes from a `const`.
    let ctx = healthy();
    edit(
        &ctx,
        "convex/auth.config.ts",
        "const clientId",
        "const base = 'http://api.workos.com';\nconst clientId",
    );
    edit(
        &ctx,
        "convex/auth.config.ts",
        "issuer: `https://api.workos.com/user_management/${clientId}`",
        "issuer: `${base}/user_management/${clientId}`",
    );
    let v = json(&ctx, &[]);
    assert_eq!(
        finding(&v, "AK311").map(|f| f["message"].clone()),
        Some(Value::from(
            "provider 1 has issuer `http://api.workos.com/user_management/${clientId}`, which no WorkOS token carries"
        ))
    );

    // AK302: the providers are `const`s, and the `user_management` one is missing.
    let ctx = healthy();
    write(
        &ctx,
        "convex/auth.config.ts",
        "const clientId = process.env.WORKOS_CLIENT_ID;\nconst root = { type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId };\nexport default { providers: [root] };\n",
    );
    assert!(has_code(&json(&ctx, &[]), "AK302"));
}

// ---------------------------------------------------------------------------------------------
// --fix round trips: each safe fix makes the rule quiet, and a second --fix writes 0 bytes.

#[test]
fn fix_ak201_pins_the_port() {
    let ctx = template();
    write(&ctx, ".env.local", CONVEX_DEV_ENV);
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK201"), @"
    exit 0
    --- a/vite.config.ts
    +++ b/vite.config.ts
    @@ -4,6 +4,7 @@
     
     // https://vite.dev/config/
     export default defineConfig({
    +  server: { port: 5173, strictPort: true },
       plugins: [react()],
       resolve: {
         alias: {
    ✓ Fixed 1 file (AK201; 316 bytes written); checking again
    ");
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);
}

#[test]
fn fix_ak203_syncs_the_env_redirect_uri() {
    let ctx = healthy();
    edit(
        &ctx,
        ".env.local",
        "localhost:5173/callback",
        "localhost:5174/callback",
    );
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK203"), @"
    exit 0
    --- a/.env.local
    +++ b/.env.local
    @@ -6,4 +6,4 @@
     # See this environment at https://dashboard.workos.com/environment_01JTESTENV0000000000000000/authentication
     VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000
     
    -VITE_WORKOS_REDIRECT_URI=http://localhost:5174/callback
    +VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback
    ✓ Fixed 1 file (AK203; 381 bytes written); checking again
    ");
}

#[test]
fn fix_ak204_and_ak205_edit_convex_json_together() {
    let ctx = healthy();
    edit(
        &ctx,
        "convex.json",
        "\n        \"appHomepageUrl\": \"http://localhost:5173\",",
        "",
    );
    edit(
        &ctx,
        "convex.json",
        ",\n        \"corsOrigins\": [\"http://localhost:5173\"]",
        "",
    );
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK204"), @r#"
    exit 0
    --- a/convex.json
    +++ b/convex.json
    @@ -3,7 +3,9 @@
       "authKit": {
         "dev": {
           "configure": {
    -        "redirectUris": ["http://localhost:5173/callback"]
    +        "redirectUris": ["http://localhost:5173/callback"],
    +        "corsOrigins": ["http://localhost:5173"],
    +        "appHomepageUrl": "http://localhost:5173"
           },
           "localEnvVars": {
             "VITE_WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
    ✓ Fixed 1 file (AK204, AK205; 1029 bytes written); checking again
    "#);
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);
}

#[test]
fn fix_ak300_creates_the_auth_config() {
    let ctx = healthy();
    remove(&ctx, "convex/auth.config.ts");
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK300"), @r#"
    exit 0
    --- /dev/null
    +++ b/convex/auth.config.ts
    @@ -0,0 +1,21 @@
    +import type { AuthConfig } from "convex/server";
    +
    +const clientId = process.env.WORKOS_CLIENT_ID;
    +
    +export default {
    +  providers: [
    +    {
    +      type: "customJwt",
    +      issuer: "https://api.workos.com/",
    +      algorithm: "RS256",
    +      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    +      applicationID: clientId,
    +    },
    +    {
    +      type: "customJwt",
    +      issuer: `https://api.workos.com/user_management/${clientId}`,
    +      algorithm: "RS256",
    +      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    +    },
    +  ],
    +} satisfies AuthConfig;
    ✓ Fixed 1 file (AK300; 545 bytes written); checking again
    "#);
}

#[test]
fn fix_ak302_adds_the_workos_providers() {
    let ctx = healthy();
    write(
        &ctx,
        "convex/auth.config.ts",
        "export default {\n  providers: [\n    {\n      type: 'customJwt',\n      issuer: 'https://auth.example.com',\n      jwks: 'https://auth.example.com/jwks.json',\n      algorithm: 'ES256',\n      applicationID: 'demo',\n    },\n  ],\n};\n",
    );
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK302"), @"
    exit 0
    --- a/convex/auth.config.ts
    +++ b/convex/auth.config.ts
    @@ -7,5 +7,18 @@
           algorithm: 'ES256',
           applicationID: 'demo',
         },
    +    {
    +      type: 'customJwt',
    +      issuer: 'https://api.workos.com/',
    +      algorithm: 'RS256',
    +      jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,
    +      applicationID: process.env.WORKOS_CLIENT_ID,
    +    },
    +    {
    +      type: 'customJwt',
    +      issuer: `https://api.workos.com/user_management/${process.env.WORKOS_CLIENT_ID}`,
    +      algorithm: 'RS256',
    +      jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,
    +    },
       ],
     };
    ✓ Fixed 1 file (AK302; 691 bytes written); checking again
    ");
}

#[test]
fn fix_ak305_renames_application_id() {
    let ctx = healthy();
    edit(
        &ctx,
        "convex/auth.config.ts",
        "applicationID: clientId,",
        "applicationId: clientId,",
    );
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK305"), @"
    exit 0
    --- a/convex/auth.config.ts
    +++ b/convex/auth.config.ts
    @@ -10,7 +10,7 @@
           issuer: 'https://api.workos.com/',
           algorithm: 'RS256',
           jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    -      applicationId: clientId,
    +      applicationID: clientId,
         },
         {
           type: 'customJwt',
    ✓ Fixed 1 file (AK305; 600 bytes written); checking again
    ");
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);
}

#[test]
fn fix_ak405_ignores_env_local() {
    let ctx = healthy();
    edit(&ctx, ".gitignore", "*.local\n", "");
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK405"), @"
    exit 0
    --- a/.gitignore
    +++ b/.gitignore
    @@ -11,3 +11,4 @@
     .vscode/*
     .idea
     .DS_Store
    +.env.local
    ✓ Fixed 1 file (AK405; 130 bytes written); checking again
    ");
}

#[test]
fn fix_ak600_adds_the_dependency() {
    let ctx = healthy();
    edit(
        &ctx,
        "src/main.tsx",
        "import { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';",
        "import { ConvexProviderWithAuthKit } from '@convex-dev/workos';",
    );
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK600"), @r#"
    exit 0
    --- a/package.json
    +++ b/package.json
    @@ -12,6 +12,7 @@
         "preview": "vite preview"
       },
       "dependencies": {
    +    "@convex-dev/workos": "^0.0.3",
         "@workos-inc/authkit-react": "^0.16.2",
         "convex": "^1.44.0",
         "react": "^19.2.0",
    ✓ Fixed 1 file (AK600; 798 bytes written); checking again
    "#);
}

#[test]
fn fix_on_a_healthy_app_writes_nothing() {
    let ctx = healthy();
    let before = ctx.tree();
    cli_snapshot!(ctx, doctor(&ctx, &["--fix"]), @"
    success: true
    exit_code: 0
    ----- stdout -----
    Nothing to fix automatically (0 bytes written)

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

    ----- stderr -----
    ");
    assert!(changed(&before, &ctx.tree()).is_empty());
}

#[test]
fn fix_is_atomic_when_a_write_fails() {
    let ctx = healthy();
    edit(&ctx, ".gitignore", "*.local\n", "");
    edit(
        &ctx,
        "convex.json",
        ",\n        \"corsOrigins\": [\"http://localhost:5173\"]",
        "",
    );
    let before = ctx.tree();
    let out = doctor(&ctx, &["--fix"])
        .env("CONVEX_AUTHKIT_TEST_FAIL_AFTER_WRITES", "1")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        changed(&before, &ctx.tree()).is_empty(),
        "a failed --fix left changes"
    );
}

// ---------------------------------------------------------------------------------------------
// Output details.

#[test]
fn prod_verdict_lists_what_is_missing_in_order() {
    let ctx = healthy();
    let text = ctx.read("convex.json");
    let start = text.find(",\n    \"prod\"").unwrap();
    let end = text.rfind("\n  }\n}").unwrap();
    write(
        &ctx,
        "convex.json",
        &format!("{}{}", &text[..start], &text[end..]),
    );
    let r = run(&ctx, &["--prod"]);
    let verdict = &r.stdout[r.stdout.find("Production:").unwrap()..];
    insta::assert_snapshot!(format!("exit {}\n{verdict}", r.code), @"
    exit 1
    Production: not ready, in order:
      1. [AK800] `convex.json` has no `authKit.prod` section
      2. [AK802] `AuthKitProvider` has no `apiHostname` (custom auth domain) and no `devMode` decision
    Set on the host and the Convex prod deployment (doctor can't see them):
      host         VITE_WORKOS_CLIENT_ID=<the production client ID>
      host         VITE_WORKOS_REDIRECT_URI=https://<your production domain>/callback
      convex prod  WORKOS_CLIENT_ID=<the production client ID>

    1 error, 1 warning, 1 info; 0 fixable with --fix
    ");
    let v = json(&ctx, &["--prod"]);
    insta::assert_json_snapshot!(v["production"], @r#"
    {
      "ready": false,
      "missing": [
        {
          "code": "AK800",
          "message": "`convex.json` has no `authKit.prod` section"
        },
        {
          "code": "AK802",
          "message": "`AuthKitProvider` has no `apiHostname` (custom auth domain) and no `devMode` decision"
        }
      ],
      "host_env": [
        {
          "target": "host",
          "name": "VITE_WORKOS_CLIENT_ID",
          "value": "<the production client ID>"
        },
        {
          "target": "host",
          "name": "VITE_WORKOS_REDIRECT_URI",
          "value": "https://<your production domain>/callback"
        },
        {
          "target": "convex prod",
          "name": "WORKOS_CLIENT_ID",
          "value": "<the production client ID>"
        }
      ]
    }
    "#);
}

#[test]
fn secrets_never_appear_in_any_output() {
    let ctx = healthy();
    edit(
        &ctx,
        ".env.local",
        "VITE_CONVEX_URL=",
        "VITE_WORKOS_API_KEY=\"sk_test_a1b2c3d4SECRETVALUE\"\nWORKOS_COOKIE_PASSWORD=hunter2hunter2hunter2hunter2hunter2\nVITE_CONVEX_URL=",
    );
    write(
        &ctx,
        "src/key.ts",
        "export const k = 'sk_live_a1b2c3d4SECRETVALUE';\n",
    );
    edit(&ctx, ".gitignore", "*.local\n", "");
    for args in [
        &[][..],
        &["--json"],
        &["--prod"],
        &["--json", "--prod"],
        &["--fix"],
    ] {
        let r = run(&ctx, args);
        for out in [&r.stdout, &r.stderr] {
            assert!(!out.contains("SECRETVALUE"), "{args:?} leaked:\n{out}");
            assert!(!out.contains("hunter2"), "{args:?} leaked:\n{out}");
        }
    }
}

#[test]
fn list_rules_and_explain() {
    let ctx = healthy();
    let r = run(&ctx, &["--list-rules"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout.lines().count(),
        convex_authkit::commands::doctor::rules::RULES.len()
    );
    cli_snapshot!(ctx, ctx.command().args(["doctor", "--explain", "ak204"]), @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    AK204 `cors-origin-missing` (error)

    **What:** the origin of a redirect URI in `authKit.<section>.configure` is missing from that
    section's `corsOrigins`.

    **Why:** the SPA SDK exchanges the code with `api.workos.com` from the browser, so its origin
    must be an allowed CORS origin; otherwise sign-in fails with a CORS error on
    `/user_management/authenticate` (P06).

    Not checked for server flows (Next.js): there the app's server exchanges the code, so the
    browser never calls WorkOS's API.

    **Example:** `"redirectUris": ["http://localhost:5173/callback"]` and no `corsOrigins`.

    **Fix:** safe: `--fix` appends the origin to `corsOrigins` (adding never removes access).

    ----- stderr -----
    "#);
    cli_snapshot!(ctx, ctx.command().args(["doctor", "--explain", "AK999"]), @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: no rule `AK999`
    hint: `convex-authkit doctor --list-rules` lists them
    ");
}

// ---------------------------------------------------------------------------------------------
// Bad input: findings with positions, or exit 2 with a clear message; never a panic; nothing
// written without --fix.

#[test]
fn bad_path_exits_2() {
    let ctx = healthy();
    cli_snapshot!(ctx, ctx.command().args(["doctor", "does-not-exist"]), @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: `does-not-exist` is not a folder
    hint: pass the app's folder, the one holding `package.json`
    ");
    cli_snapshot!(ctx, ctx.command().args(["doctor", "does-not-exist", "--json"]), @r#"
    success: false
    exit_code: 2
    ----- stdout -----
    {
      "schema_version": 2,
      "command": "doctor",
      "status": "error",
      "error": {
        "kind": "project",
        "message": "`does-not-exist` is not a folder",
        "hints": [
          "pass the app's folder, the one holding `package.json`"
        ]
      },
      "exit_code": 2
    }

    ----- stderr -----
    error: `does-not-exist` is not a folder
    hint: pass the app's folder, the one holding `package.json`
    "#);
}

#[test]
fn no_package_json_exits_2() {
    let ctx = healthy();
    remove(&ctx, "package.json");
    cli_snapshot!(ctx, doctor(&ctx, &[]), @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: no `package.json` in `[APP]`
    hint: run `convex-authkit doctor` in the app's folder (in a monorepo, the app's own folder)
    ");
}

#[test]
fn unsupported_framework_exits_2() {
    let ctx = healthy();
    // Svelte on Vite: no recipe.
    edit(
        &ctx,
        "package.json",
        "\"react\": \"^19.2.0\",",
        "\"svelte\": \"^5.0.0\",",
    );
    cli_snapshot!(ctx, doctor(&ctx, &[]), @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: no supported framework found in `package.json` (expected `next`, `@tanstack/react-start`, or `vite` and `react`)
    hint: run `convex-authkit init` in a Convex + Next.js, TanStack Start or React (Vite) app, e.g. one made by `npm create convex@latest`
    ");
}

#[test]
fn malformed_files_become_findings() {
    let cases: [(&str, &str, &str); 6] = [
        ("package.json", "\"private\": true,", "\"private\": true,,"),
        ("convex.json", "\"authKit\": {", "\"authKit\": {{"),
        (
            "convex/auth.config.ts",
            "export default {",
            "export default {{",
        ),
        (
            "vite.config.ts",
            "plugins: [react()],",
            "plugins: [react(),",
        ),
        ("src/main.tsx", "<StrictMode>", "<StrictMode"),
        (".env.local", "VITE_CONVEX_URL=", "VITE_CONVEX_URL"),
    ];
    let mut out = String::new();
    for (file, from, to) in cases {
        let ctx = healthy();
        edit(&ctx, file, from, to);
        let before = ctx.tree();
        let r = run(&ctx, &["--json"]);
        assert_eq!(r.code, 1, "{file}: {}{}", r.stdout, r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        assert!(changed(&before, &ctx.tree()).is_empty());
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        let f = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "AK002")
            .unwrap_or_else(|| panic!("no AK002 for {file}: {v:#}"));
        out.push_str(&format!(
            "{}:{}:{} {}\n",
            f["file"].as_str().unwrap_or("-"),
            f["line"],
            f["column"],
            f["message"].as_str().unwrap()
        ));
    }
    insta::assert_snapshot!(out, @"
    package.json:3:19 `package.json` is not valid JSON: Unexpected token in object
    convex.json:3:15 `convex.json` is not valid JSON: Unexpected token in object
    convex/auth.config.ts:6:17 `convex/auth.config.ts` has a syntax error: Unexpected token
    vite.config.ts:8:9 `vite.config.ts` has a syntax error: Expected `,` or `]` but found `:`
    src/main.tsx:14:7 `src/main.tsx` has a syntax error: Expected `,` or `>` but found `Identifier`
    .env.local:4:21 `.env.local` can't be read: expected `=` after key `VITE_CONVEX_URLhttps`, found `:`; each line must be `KEY=VALUE`, a `# comment` or blank
    ");
}

/// Files that are there but can't be read (issue 14) are AK002 findings naming the cause; doctor
/// carries on with the other files and writes nothing.
#[cfg(unix)]
#[test]
fn unreadable_file_is_a_finding() {
    use std::os::unix::fs::symlink;
    type Setup = fn(&TestContext);
    let cases: [(&str, Setup); 5] = [
        ("entry symlink loop", |c| {
            remove(c, "src/main.tsx");
            symlink("main.tsx", c.root.join("src/main.tsx")).unwrap();
        }),
        ("dangling provider file", |c| {
            remove(c, "src/Providers.tsx");
            symlink("../shared/Providers.tsx", c.root.join("src/Providers.tsx")).unwrap();
        }),
        ("`.env.local` a folder", |c| {
            remove(c, ".env.local");
            fs_err::create_dir(c.root.join(".env.local")).unwrap();
        }),
        ("`convex.json` not UTF-8", |c| {
            fs_err::write(
                c.root.join("convex.json"),
                b"{ \"functions\": \"conv\xe9x/\" }\n",
            )
            .unwrap();
        }),
        ("auth config a folder", |c| {
            remove(c, "convex/auth.config.ts");
            fs_err::create_dir(c.root.join("convex/auth.config.ts")).unwrap();
        }),
    ];
    let mut out = String::new();
    for (name, setup) in cases {
        let ctx = if name == "dangling provider file" {
            let ctx = TestContext::new("nested-providers");
            write(&ctx, ".env.local", CONVEX_DEV_ENV);
            ctx
        } else {
            healthy()
        };
        setup(&ctx);
        let before = ctx.tree();
        let r = run(&ctx, &["--json"]);
        assert_eq!(r.code, 1, "{name}: {}{}", r.stdout, r.stderr);
        assert!(changed(&before, &ctx.tree()).is_empty(), "{name}");
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        let f = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "AK002")
            .unwrap_or_else(|| panic!("no AK002 for {name}: {v:#}"));
        out.push_str(&format!(
            "{name}: [{}] {}\n  help: {}\n  other findings: {}\n",
            f["file"].as_str().unwrap_or("-"),
            f["message"].as_str().unwrap(),
            f["remedy"]["summary"].as_str().unwrap(),
            codes(&v)
                .iter()
                .filter(|c| *c != "AK002")
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
        ));
    }
    insta::assert_snapshot!(out, @"
    entry symlink loop: [src/main.tsx] can't read `src/main.tsx`: it is a symbolic link that points to itself
      help: replace the link `src/main.tsx` with the file, or point it at the real file, then run doctor again
      other findings: AK310
    dangling provider file: [src/Providers.tsx] can't read `src/Providers.tsx`: it is a symbolic link that points to `shared/Providers.tsx`, which doesn't exist
      help: restore `shared/Providers.tsx`, or point `src/Providers.tsx` at a file that exists, then run doctor again
      other findings: AK700 AK300
    `.env.local` a folder: [.env.local] can't read `.env.local`: it is a folder, not a file
      help: rename or remove the folder `.env.local`, then run doctor again
      other findings: AK310
    `convex.json` not UTF-8: [convex.json] can't read `convex.json`: it is not UTF-8 text (byte 0xE9 at line 1, column 21)
      help: save `convex.json` as UTF-8 (Vite, npm and the Convex CLI read it as UTF-8 too), then run doctor again
      other findings: AK310
    auth config a folder: [convex/auth.config.ts] can't read `convex/auth.config.ts`: it is a folder, not a file
      help: rename or remove the folder `convex/auth.config.ts`, then run doctor again
      other findings:
    ");
}

#[cfg(unix)]
#[test]
fn unreadable_file_human_output() {
    let ctx = healthy();
    remove(&ctx, "src/main.tsx");
    std::os::unix::fs::symlink("main.tsx", ctx.root.join("src/main.tsx")).unwrap();
    let r = run(&ctx, &[]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.stdout, @"
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

    error[AK002]: can't read `src/main.tsx`: it is a symbolic link that points to itself
    --> src/main.tsx
     = note: why: doctor (and the tool that reads this file: Vite, npm or the Convex CLI) can't read it, so the checks that need it were skipped
     = help: replace the link `src/main.tsx` with the file, or point it at the real file, then run doctor again (manual)

    1 error, 0 warnings, 1 info; 0 fixable with --fix
    ");
}

#[test]
fn malformed_file_human_output() {
    let ctx = healthy();
    edit(&ctx, "convex.json", "\"authKit\": {", "\"authKit\": {{");
    let r = run(&ctx, &[]);
    insta::assert_snapshot!(r.stdout, @r#"
    error[AK002]: `convex.json` is not valid JSON: Unexpected token in object
     --> convex.json:3:15
      |
    3 |   "authKit": {{
      |               ^ here
      |
      = note: why: doctor (and the tool that reads this file: Vite, npm or the Convex CLI) can't read it, so the checks that need it were skipped
      = help: fix `convex.json` by hand and run doctor again (manual)

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

    1 error, 0 warnings, 1 info; 0 fixable with --fix
    "#);
}

#[test]
fn ak402_shadowed_client_id_is_a_warning() {
    let ctx = healthy();
    write(
        &ctx,
        ".env",
        "VITE_WORKOS_CLIENT_ID=client_01JPREV0000000000000000000\n",
    );
    let v = json(&ctx, &[]);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "AK402")
        .unwrap();
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["file"], ".env");
    assert_eq!(v["exit_code"], 0);
}

// ---------------------------------------------------------------------------------------------
// Review regressions: healthy variants of `basic-ts` after `init` that must not report errors.

/// `basic-ts` after `init --team existing --client-id client_01JTEST0000000000000000000 --scope local`.
fn base() -> TestContext {
    let ctx = TestContext::new("basic-ts");
    let out = ctx
        .init(&[
            "--team",
            "existing",
            "--client-id",
            "client_01JTEST0000000000000000000",
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
    ctx
}

fn has_code(v: &Value, code: &str) -> bool {
    codes(v).iter().any(|c| c == code)
}

fn finding<'a>(v: &'a Value, code: &str) -> Option<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
}

#[test]
fn base_setup_has_no_errors() {
    let ctx = base();
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
}

#[test]
fn ak500_aliased_authkit_provider_is_healthy() {
    let ctx = base();
    let main = ctx
        .read("src/main.tsx")
        .replace(
            "import { AuthKitProvider, useAuth }",
            "import { AuthKitProvider as WorkOSProvider, useAuth }",
        )
        .replace("<AuthKitProvider", "<WorkOSProvider")
        .replace("</AuthKitProvider>", "</WorkOSProvider>");
    write(&ctx, "src/main.tsx", &main);
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    assert!(!has_code(&v, "AK500"));
}

/// Moves the provider tree of `src/main.tsx` into `src/components/AppProviders.tsx` and renders
/// it from `main.tsx` through `import { AppProviders } from "<spec>"`.
fn providers_in_component(ctx: &TestContext, spec: &str) {
    let main = ctx.read("src/main.tsx");
    let start = main.find("    <AuthKitProvider").unwrap();
    let end = main.find("</AuthKitProvider>").unwrap() + "</AuthKitProvider>".len();
    let tree = main[start..end].replace("<App />", "{children}");
    let imports: String = main
        .lines()
        .filter(|l| {
            l.starts_with("import")
                && (l.contains("authkit") || l.contains("workos") || l.contains("convex/react"))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let component = format!(
        "import type {{ ReactNode }} from \"react\";\n{imports}\nconst convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string);\n\nexport function AppProviders({{ children }}: {{ children: ReactNode }}) {{\n  return (\n{tree}\n  );\n}}\n"
    );
    write(ctx, "src/components/AppProviders.tsx", &component);
    let new_main = format!(
        "import {{ StrictMode }} from \"react\";\nimport {{ createRoot }} from \"react-dom/client\";\nimport {{ AppProviders }} from \"{spec}\";\nimport \"./index.css\";\nimport App from \"./App.tsx\";\n\ncreateRoot(document.getElementById(\"root\")!).render(\n  <StrictMode>\n    <AppProviders>\n      <App />\n    </AppProviders>\n  </StrictMode>,\n);\n"
    );
    write(ctx, "src/main.tsx", &new_main);
}

#[test]
fn ak500_provider_tree_behind_js_suffix_alias_barrel_or_package_is_healthy() {
    // TS ESM `.js` suffix for a `.tsx` file.
    let ctx = base();
    providers_in_component(&ctx, "./components/AppProviders.js");
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new(), "js suffix");

    // Vite's `@` → `src` alias.
    let ctx = base();
    providers_in_component(&ctx, "@/components/AppProviders");
    edit(
        &ctx,
        "vite.config.ts",
        "plugins: [react()],",
        "plugins: [react()],\n  resolve: { alias: { \"@\": path.resolve(__dirname, \"./src\") } },",
    );
    edit(
        &ctx,
        "vite.config.ts",
        "import { defineConfig }",
        "import path from \"node:path\";\nimport { defineConfig }",
    );
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new(), "@ alias");

    // A barrel `export * from './AppProviders'`.
    let ctx = base();
    providers_in_component(&ctx, "./components");
    write(
        &ctx,
        "src/components/index.ts",
        "export * from './AppProviders';\n",
    );
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new(), "barrel");

    // A workspace package doctor can't read: no certainty, no finding.
    let ctx = base();
    providers_in_component(&ctx, "@acme/auth");
    remove(&ctx, "src/components/AppProviders.tsx");
    edit(
        &ctx,
        "package.json",
        "\"dependencies\": {",
        "\"dependencies\": {\n    \"@acme/auth\": \"workspace:*\",",
    );
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new(), "workspace package");
}

#[test]
fn ak500_when_it_fires_points_at_the_tree_not_1_1() {
    let ctx = base();
    let main = ctx.read("src/main.tsx");
    let start = main.find("    <AuthKitProvider").unwrap();
    let end = main.find("</AuthKitProvider>").unwrap() + "</AuthKitProvider>".len();
    let inner_start = main[start..].find("<ConvexProviderWithAuthKit").unwrap() + start;
    let inner_end =
        main.find("</ConvexProviderWithAuthKit>").unwrap() + "</ConvexProviderWithAuthKit>".len();
    let new = format!(
        "{}{}{}",
        &main[..start],
        &main[inner_start..inner_end],
        &main[end..]
    );
    write(&ctx, "src/main.tsx", &new);
    let v = json(&ctx, &[]);
    let f = finding(&v, "AK500").expect("AK500");
    assert_ne!(
        (f["line"].clone(), f["column"].clone()),
        (Value::from(1), Value::from(1))
    );
    assert!(f["line"].as_u64().unwrap() > 1, "{f}");
}

#[test]
fn ak302_concatenated_issuer_is_healthy() {
    let ctx = base();
    let cfg = ctx
        .read("convex/auth.config.ts")
        .replace(
            "`https://api.workos.com/user_management/${clientId}`",
            "\"https://api.workos.com/user_management/\" + clientId",
        )
        .replace(
            "`https://api.workos.com/sso/jwks/${clientId}`",
            "'https://api.workos.com/sso/jwks/' + clientId",
        );
    assert!(cfg.contains("user_management/\" + clientId"));
    write(&ctx, "convex/auth.config.ts", &cfg);
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    assert!(!has_code(&v, "AK302"));
}

#[test]
fn fixable_only_when_fix_can_be_built() {
    // AK201 on `defineConfig({})`-like configs the pinning edit can't handle, and AK302 on a
    // config the provider edit can't extend: never "`--fix` applies this" without an edit.
    let ctx = base();
    write(
        &ctx,
        "vite.config.ts",
        "import { defineConfig } from \"vite\";\n\nexport default defineConfig({});\n",
    );
    write(
        &ctx,
        "convex/auth.config.ts",
        "const providers = [{ domain: \"https://clerk.example.com\", applicationID: \"convex\" }];\nexport default { providers };\n",
    );
    let v = json(&ctx, &[]);
    for f in v["findings"].as_array().unwrap() {
        if f["remedy"]["fixable"] == true {
            // Every finding claimed fixable must be applied by `--fix`.
            let code = f["code"].as_str().unwrap().to_string();
            let fixed = json(&ctx, &["--fix"]);
            let applied: Vec<String> = fixed["fixed"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|x| {
                    x["codes"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c.as_str().unwrap().to_string())
                })
                .collect();
            assert!(
                applied.contains(&code),
                "{code} claimed fixable but --fix didn't apply it: {fixed}"
            );
            return;
        }
    }
    let human = run(&ctx, &[]);
    assert!(
        !human.stdout.contains("`--fix` applies this"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("0 fixable with --fix"),
        "{}",
        human.stdout
    );
}

#[test]
fn ak200_extra_preview_port_is_not_an_error() {
    let ctx = base();
    let json_text = ctx
        .read("convex.json")
        .replace(
            "\"redirectUris\": [\"http://localhost:5173/callback\"]",
            "\"redirectUris\": [\"http://localhost:5173/callback\", \"http://localhost:4173/callback\"]",
        )
        .replace(
            "\"corsOrigins\": [\"http://localhost:5173\"]",
            "\"corsOrigins\": [\"http://localhost:5173\", \"http://localhost:4173\"]",
        );
    assert!(json_text.contains("4173/callback"));
    write(&ctx, "convex.json", &json_text);
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    for f in v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "AK200")
    {
        assert_eq!(f["severity"], "info", "{f}");
    }
    // Only the extra port registered for the redirect URI: still an error.
    edit(
        &ctx,
        "convex.json",
        "\"http://localhost:5173/callback\", ",
        "",
    );
    let v = json(&ctx, &[]);
    assert!(errors(&v).iter().any(|e| e.starts_with("\"AK200\"")), "{v}");
}

#[test]
fn ak203_registered_env_uri_on_another_port_is_an_error() {
    // After `init --port 3000 --pin-port` on a 5173 app whose URIs both stay registered.
    let ctx = base();
    edit(
        &ctx,
        "vite.config.ts",
        "plugins: [react()],",
        "plugins: [react()],\n  server: { port: 3000, strictPort: true },",
    );
    edit(
        &ctx,
        "convex.json",
        "\"redirectUris\": [\"http://localhost:5173/callback\"]",
        "\"redirectUris\": [\"http://localhost:5173/callback\", \"http://localhost:3000/callback\"]",
    );
    let v = json(&ctx, &[]);
    let f = finding(&v, "AK203").expect("AK203");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["remedy"]["fixable"], true);
    let _ = json(&ctx, &["--fix"]);
    assert!(
        ctx.read(".env.local")
            .contains("VITE_WORKOS_REDIRECT_URI=http://localhost:3000/callback")
    );
}

#[test]
fn envprefix_public_names_are_healthy() {
    for prefix in ["['VITE_', 'PUBLIC_']", "\"PUBLIC_\""] {
        let ctx = base();
        edit(
            &ctx,
            "vite.config.ts",
            "plugins: [react()],",
            &format!("plugins: [react()],\n  envPrefix: {prefix},"),
        );
        let main = ctx
            .read("src/main.tsx")
            .replace("VITE_WORKOS_", "PUBLIC_WORKOS_");
        write(&ctx, "src/main.tsx", &main);
        let env = ctx
            .read(".env.local")
            .replace("VITE_WORKOS_", "PUBLIC_WORKOS_");
        write(&ctx, ".env.local", &env);
        let v = json(&ctx, &[]);
        assert!(
            !has_code(&v, "AK400") && !has_code(&v, "AK503"),
            "{prefix}: {v}"
        );
        assert_eq!(errors(&v), Vec::<String>::new(), "{prefix}");
        // AK403 follows the same prefixes.
        let mut env = ctx.read(".env.local");
        env.push_str("PUBLIC_WORKOS_API_KEY=sk_test_abcdef123456\n");
        write(&ctx, ".env.local", &env);
        let v = json(&ctx, &[]);
        assert!(has_code(&v, "AK403"), "{prefix}: {v}");
    }
    // Not statically readable: the prefix rules stay quiet instead of guessing.
    let ctx = base();
    edit(
        &ctx,
        "vite.config.ts",
        "plugins: [react()],",
        "plugins: [react()],\n  envPrefix: process.env.PREFIXES,",
    );
    let main = ctx
        .read("src/main.tsx")
        .replace("VITE_WORKOS_CLIENT_ID", "PUBLIC_WORKOS_CLIENT_ID");
    write(&ctx, "src/main.tsx", &main);
    let env = ctx
        .read(".env.local")
        .replace("VITE_WORKOS_CLIENT_ID", "PUBLIC_WORKOS_CLIENT_ID");
    write(&ctx, ".env.local", &env);
    let v = json(&ctx, &[]);
    assert!(!has_code(&v, "AK503") && !has_code(&v, "AK400"), "{v}");
}

#[test]
fn dotenv_expand_references_are_expanded() {
    let ctx = base();
    edit(
        &ctx,
        ".env.local",
        "VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback",
        "VITE_APP_URL=http://localhost:5173\nVITE_WORKOS_REDIRECT_URI=${VITE_APP_URL}/callback",
    );
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    // `$VAR` form, from another env file.
    edit(
        &ctx,
        ".env.local",
        "VITE_APP_URL=http://localhost:5173\n",
        "",
    );
    write(&ctx, ".env", "VITE_APP_URL=http://localhost:5173\n");
    edit(&ctx, ".env.local", "${VITE_APP_URL}", "$VITE_APP_URL");
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    // Unresolvable: skipped, not guessed.
    remove(&ctx, ".env");
    let v = json(&ctx, &[]);
    assert!(!has_code(&v, "AK203"), "{v}");
    // A wrong port behind a reference is reported, but `--fix` never overwrites the reference.
    write(&ctx, ".env", "VITE_APP_URL=http://localhost:5174\n");
    let v = json(&ctx, &[]);
    let f = finding(&v, "AK203").expect("AK203");
    assert_eq!(f["remedy"]["fixable"], false);
    let _ = json(&ctx, &["--fix"]);
    assert!(
        ctx.read(".env.local")
            .contains("VITE_WORKOS_REDIRECT_URI=$VITE_APP_URL/callback")
    );
}

#[test]
fn package_json_bom_is_healthy_and_convex_json_bom_is_not() {
    let ctx = base();
    let pkg = ctx.read("package.json");
    write(&ctx, "package.json", &format!("\u{feff}{pkg}"));
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    // `--fix` adding a dependency keeps the BOM and the file readable.
    let pkg = ctx
        .read("package.json")
        .replace("    \"@convex-dev/workos\": \"^0.0.3\",\n", "");
    assert!(!pkg.contains("@convex-dev/workos\""), "{pkg}");
    write(&ctx, "package.json", &pkg);
    let v = json(&ctx, &["--fix"]);
    assert!(!has_code(&v, "AK002"), "{v}");
    let after = ctx.read("package.json");
    assert!(
        after.starts_with('\u{feff}') && after.contains("\"@convex-dev/workos\""),
        "{after}"
    );

    let ctx = base();
    let cj = ctx.read("convex.json");
    write(&ctx, "convex.json", &format!("\u{feff}{cj}"));
    let v = json(&ctx, &[]);
    assert!(
        !errors(&v).is_empty(),
        "a BOM in convex.json breaks JSON.parse: {v}"
    );
}

#[test]
fn secrets_never_appear_in_messages_or_output() {
    let ctx = base();
    let secret = "sk_test_SUPERSECRET123456";
    let live = "sk_live_LIVESECRET987654";
    edit(
        &ctx,
        ".env.local",
        "VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback",
        &format!(
            "VITE_WORKOS_REDIRECT_URI=http://localhost:5174/callback?k={secret}\nVITE_WORKOS_API_KEY={secret}\nWORKOS_COOKIE_PASSWORD=hunter2hunter2hunter2"
        ),
    );
    write(
        &ctx,
        ".env.production",
        &format!("VITE_WORKOS_CLIENT_ID={live}\n"),
    );
    write(
        &ctx,
        "src/key.ts",
        &format!("export const key = \"{live}\";\n"),
    );
    edit(
        &ctx,
        "convex.json",
        "\"appHomepageUrl\": \"http://localhost:5173\"",
        &format!("\"appHomepageUrl\": \"http://localhost:5173/?k={secret}\""),
    );
    for args in [
        &[][..],
        &["--json"],
        &["--prod"],
        &["--prod", "--json"],
        &["--fix"],
        &["--fix", "--json"],
    ] {
        let r = run(&ctx, args);
        for s in [secret, live, "SUPERSECRET", "LIVESECRET", "hunter2hunter2"] {
            assert!(
                !r.stdout.contains(s) && !r.stderr.contains(s),
                "{args:?} leaked {s}:\n{}\n{}",
                r.stdout,
                r.stderr
            );
        }
    }
}

#[test]
fn ak404_finds_a_key_in_convex_json_local_env_vars() {
    let ctx = template();
    edit(
        &ctx,
        "convex.json",
        "\"VITE_WORKOS_REDIRECT_URI\"",
        "\"WORKOS_API_KEY\": \"sk_test_abcdefghijkl\",\n        \"VITE_WORKOS_REDIRECT_URI\"",
    );
    let run = run(&ctx, &["--json"]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(codes(&v).contains(&"AK404".to_string()), "{v:#}");
    assert!(!run.stdout.contains("abcdefghijkl") && !run.stderr.contains("abcdefghijkl"));
}
