//! `convex-authkit doctor` on TanStack Start apps.
//!
//! The healthy baseline is `tests/fixtures/tanstack-start-authkit-template` (Convex's
//! `template-tanstack-start-authkit`) after `npx convex dev` wrote `.env.local` (the
//! `localEnvVars` and the cookie password it adds for TanStack Start), with the dev port pinned.
//! Each positive case (`case!`) changes one thing in a temp copy and snapshots that rule's
//! findings, human and JSON; each negative case (`negative!`, in `mod negative`) is the same setup
//! with the problem repaired (or the condition that makes it harmless), which must not report the
//! rule nor any error. The generic rules (`AK203`, `AK208`, `AK407`, `AK408`) speak in TanStack
//! Start's names through the recipe; `AK511`–`AK514` run only where the recipe has a
//! `StartLayout`.

mod common;

use common::doctor::*;
use common::{TestContext, changed};

/// `.env.local` as `npx convex dev` writes it for the template.
const CONVEX_DEV_ENV: &str = TANSTACK_CONVEX_DEV_ENV;

/// The secrets in [`CONVEX_DEV_ENV`], which no output may show.
const SECRETS: [&str; 2] = [
    "a1b2c3d4e5f6g7h8i9j0k1l2m3n4",
    "Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI",
];

const SDK_DEP: &str = "\"@workos/authkit-tanstack-react-start\": \"0.11.0\"";

/// The template as shipped: no `.env.local`, port not pinned.
fn template() -> TestContext {
    TestContext::new("tanstack-start-authkit-template")
}

/// The template after `npx convex dev`.
fn after_convex_dev() -> TestContext {
    let ctx = template();
    write(&ctx, ".env.local", CONVEX_DEV_ENV);
    ctx
}

/// The healthy baseline: after `npx convex dev`, with the dev port pinned.
fn healthy() -> TestContext {
    tanstack_healthy()
}

/// The codes of the rules only TanStack Start has.
const START_RULES: [&str; 4] = ["AK511", "AK512", "AK513", "AK514"];

fn start_with(middleware: &str, import: &str) -> String {
    format!(
        "import {{ createStart }} from '@tanstack/react-start';\n{import}\nexport const startInstance = createStart(() => {{\n  return {{\n    requestMiddleware: [{middleware}],\n  }};\n}});\n"
    )
}

/// The router's providers in `Wrap` (as an older Convex docs demo had them).
fn in_wrap(ctx: &TestContext) {
    edit(
        ctx,
        "src/router.tsx",
        "    InnerWrap: ({ children }) => (",
        "    Wrap: ({ children }) => (",
    );
}

fn sdk_version(ctx: &TestContext, version: &str) {
    edit(
        ctx,
        "package.json",
        SDK_DEP,
        &format!("\"@workos/authkit-tanstack-react-start\": \"{version}\""),
    );
}

/// The callback route at the SDK README's path instead of Convex's `/callback`.
fn callback_at_api_auth(ctx: &TestContext) {
    let text = ctx
        .read("src/routes/callback.tsx")
        .replace("'/callback'", "'/api/auth/callback'");
    write(ctx, "src/routes/api/auth/callback.tsx", &text);
    remove(ctx, "src/routes/callback.tsx");
}

/// `__root.tsx` without its `beforeLoad` (and the `getAuth` import only it used).
fn without_before_load(ctx: &TestContext) {
    let text = ctx.read("src/routes/__root.tsx");
    let start = text.find("  beforeLoad:").unwrap();
    let end = text.find("});\n\nfunction RootComponent").unwrap();
    let text = format!("{}{}", &text[..start], &text[end..]).replace(
        "import { getAuth } from '@workos/authkit-tanstack-react-start';\n",
        "",
    );
    write(ctx, "src/routes/__root.tsx", &text);
}

// ---------------------------------------------------------------------------------------------
// Healthy setups: no false errors.

#[test]
fn template_as_shipped_has_no_errors() {
    let ctx = template();
    let out = run(&ctx, &[]);
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    assert_eq!(codes(&v), ["AK310", "AK201"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn template_after_convex_dev_has_no_errors() {
    let ctx = after_convex_dev();
    let out = run(&ctx, &[]);
    for secret in SECRETS {
        assert!(!out.stdout.contains(secret));
    }
    let v = json(&ctx, &[]);
    assert_eq!(errors(&v), Vec::<String>::new());
    assert_eq!(codes(&v), ["AK310", "AK201"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
}

/// The healthy baseline reports only `AK310` (an info), `--prod` included, and no TanStack
/// rule speaks on a React (Vite) or Next.js app.
#[test]
fn healthy_baseline_and_other_frameworks() {
    let v = json(&healthy(), &[]);
    assert_eq!(codes(&v), ["AK310"], "{v:#}");
    assert_eq!(v["exit_code"], 0);
    let v = json(&healthy(), &["--prod"]);
    assert_eq!(errors(&v), Vec::<String>::new(), "{v:#}");
    for ctx in [vite_healthy(), nextjs_healthy()] {
        let found = codes(&json(&ctx, &[]));
        for code in START_RULES {
            assert!(
                !found.iter().any(|c| c == code),
                "{code} on another framework: {found:?}"
            );
        }
    }
}

/// `init`'s output on the TanStack fixtures: none of the TanStack rules.
#[test]
fn init_output_has_no_start_findings() {
    for fixture in [
        "tanstack-start",
        "tanstack-start-wraps",
        "tanstack-start-routes-dir",
    ] {
        let ctx = TestContext::new(fixture);
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
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let found = codes(&json(&ctx, &[]));
        for code in START_RULES {
            assert!(
                !found.iter().any(|c| c == code),
                "{fixture}: {code} after init: {found:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Positive cases.

case!(ak203_redirect_port, "AK203", [], healthy(), |c| {
    edit(&c, ".env.local", "WORKOS_REDIRECT_URI=http://localhost:3000", "WORKOS_REDIRECT_URI=http://localhost:5173");
}, @r#"
exit 1
error[AK203]: `WORKOS_REDIRECT_URI` in `.env.local` is `http://localhost:5173/callback`, which is not a dev redirect URI in `convex.json` (`http://localhost:3000/callback`)
  --> .env.local:11:21
   |
11 | WORKOS_REDIRECT_URI=http://localhost:5173/callback
   |                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ not registered
   |
   = note: why: the app sends this redirect URI to WorkOS, which only accepts registered ones, and after sign-in the browser returns to it: unregistered, sign-in ends on "Invalid redirect URI"; on another port than the dev server's, nothing answers; `npx convex dev` never overwrites an existing value
   = help: set `WORKOS_REDIRECT_URI=http://localhost:3000/callback` in `.env.local` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK203",
    "severity": "error",
    "message": "`WORKOS_REDIRECT_URI` in `.env.local` is `http://localhost:5173/callback`, which is not a dev redirect URI in `convex.json` (`http://localhost:3000/callback`)",
    "file": ".env.local",
    "line": 11,
    "column": 21,
    "end_line": 11,
    "end_column": 51,
    "label": "not registered",
    "why": "the app sends this redirect URI to WorkOS, which only accepts registered ones, and after sign-in the browser returns to it: unregistered, sign-in ends on \"Invalid redirect URI\"; on another port than the dev server's, nothing answers; `npx convex dev` never overwrites an existing value",
    "remedy": {
      "summary": "set `WORKOS_REDIRECT_URI=http://localhost:3000/callback` in `.env.local`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/.env.local\n+++ b/.env.local\n@@ -8,6 +8,6 @@\n \n WORKOS_API_KEY=****\n \n-WORKOS_REDIRECT_URI=http://localhost:5173/callback\n+WORKOS_REDIRECT_URI=http://localhost:3000/callback\n \n WORKOS_COOKIE_PASSWORD=****\n"
    }
  }
]
"#);

case!(ak208_vite_prefixed_redirect, "AK208", [], healthy(), |c| {
    edit(&c, ".env.local", "WORKOS_REDIRECT_URI=", "VITE_WORKOS_REDIRECT_URI=");
    edit(&c, "convex.json", ",\n        \"WORKOS_REDIRECT_URI\": \"http://localhost:3000/callback\"", "");
}, @r#"
exit 1
error[AK208]: the redirect URI is in `VITE_WORKOS_REDIRECT_URI` (`.env.local`), which TanStack Start's AuthKit SDK never reads; it reads `WORKOS_REDIRECT_URI`
  --> .env.local:11:1
   |
11 | VITE_WORKOS_REDIRECT_URI=http://localhost:3000/callback
   | ^^^^^^^^^^^^^^^^^^^^^^^^ not `WORKOS_REDIRECT_URI`
   |
   = note: why: TanStack Start's AuthKit SDK reads the redirect URI only from `WORKOS_REDIRECT_URI`; without it the sign-in request carries none, so WorkOS uses the dashboard's default redirect URI (usually not this app's callback) or refuses
   = help: set `WORKOS_REDIRECT_URI` to the same URI in `.env.local` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK208",
    "severity": "error",
    "message": "the redirect URI is in `VITE_WORKOS_REDIRECT_URI` (`.env.local`), which TanStack Start's AuthKit SDK never reads; it reads `WORKOS_REDIRECT_URI`",
    "file": ".env.local",
    "line": 11,
    "column": 1,
    "end_line": 11,
    "end_column": 25,
    "label": "not `WORKOS_REDIRECT_URI`",
    "why": "TanStack Start's AuthKit SDK reads the redirect URI only from `WORKOS_REDIRECT_URI`; without it the sign-in request carries none, so WorkOS uses the dashboard's default redirect URI (usually not this app's callback) or refuses",
    "remedy": {
      "summary": "set `WORKOS_REDIRECT_URI` to the same URI in `.env.local`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/.env.local\n+++ b/.env.local\n@@ -11,3 +11,4 @@\n VITE_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n \n WORKOS_COOKIE_PASSWORD=****\n+WORKOS_REDIRECT_URI=http://localhost:3000/callback\n"
    }
  }
]
"#);

case!(ak407_short_cookie_password, "AK407", [], healthy(), |c| {
    edit(&c, ".env.local", "WORKOS_COOKIE_PASSWORD=Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI", "WORKOS_COOKIE_PASSWORD=changeme");
}, @r#"
exit 1
error[AK407]: `WORKOS_COOKIE_PASSWORD` in `.env.local` is 8 characters long; AuthKit needs at least 32
  --> .env.local:13:24
   |
13 | WORKOS_COOKIE_PASSWORD=********
   |                        ^^^^^^^^ 8 characters
   |
   = note: why: AuthKit's server SDK seals the session cookie with `WORKOS_COOKIE_PASSWORD` and refuses to run without one of at least 32 characters, so every page that reads the session fails
   = help: replace it with a random password of 32 characters or more (manual)
             openssl rand -base64 32
----- json -----
[
  {
    "code": "AK407",
    "severity": "error",
    "message": "`WORKOS_COOKIE_PASSWORD` in `.env.local` is 8 characters long; AuthKit needs at least 32",
    "file": ".env.local",
    "line": 13,
    "column": 24,
    "end_line": 13,
    "end_column": 32,
    "label": "8 characters",
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

case!(ak408_client_id_as_api_key, "AK408", [], healthy(), |c| {
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

case!(ak511, "AK511", [], healthy(), |c| {
    write(&c, "src/start.ts", &start_with("", ""));
}, @r#"
exit 1
error[AK511]: `requestMiddleware` in `src/start.ts` doesn't list `authkitMiddleware()`
 --> src/start.ts:5:5
  |
5 |     requestMiddleware: [],
  |     ^^^^^^^^^^^^^^^^^ no `authkitMiddleware()`
  |
  = note: why: AuthKit's middleware reads and refreshes the session cookie for `getAuth()`, the callback route and AuthKit's server functions; without it they throw "AuthKit middleware is not configured", so the root route's `beforeLoad` fails and no page renders
  = help: add `authkitMiddleware()` to `requestMiddleware` in `src/start.ts` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK511",
    "severity": "error",
    "message": "`requestMiddleware` in `src/start.ts` doesn't list `authkitMiddleware()`",
    "file": "src/start.ts",
    "line": 5,
    "column": 5,
    "end_line": 5,
    "end_column": 22,
    "label": "no `authkitMiddleware()`",
    "why": "AuthKit's middleware reads and refreshes the session cookie for `getAuth()`, the callback route and AuthKit's server functions; without it they throw \"AuthKit middleware is not configured\", so the root route's `beforeLoad` fails and no page renders",
    "remedy": {
      "summary": "add `authkitMiddleware()` to `requestMiddleware` in `src/start.ts`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/src/start.ts\n+++ b/src/start.ts\n@@ -1,7 +1,8 @@\n import { createStart } from '@tanstack/react-start';\n+import { authkitMiddleware } from '@workos/authkit-tanstack-react-start';\n \n export const startInstance = createStart(() => {\n   return {\n-    requestMiddleware: [],\n+    requestMiddleware: [authkitMiddleware()],\n   };\n });\n"
    }
  }
]
"#);

case!(ak511_no_start_entry, "AK511", [], healthy(), |c| {
    remove(&c, "src/start.ts");
}, @r#"
exit 1
error[AK511]: no `src/start.ts`: AuthKit's middleware never runs
 |
 = note: why: AuthKit's middleware reads and refreshes the session cookie for `getAuth()`, the callback route and AuthKit's server functions; without it they throw "AuthKit middleware is not configured", so the root route's `beforeLoad` fails and no page renders
 = help: create `src/start.ts` registering `authkitMiddleware()` in `requestMiddleware` (with Start's CSRF check) (`--fix` applies this)
----- json -----
[
  {
    "code": "AK511",
    "severity": "error",
    "message": "no `src/start.ts`: AuthKit's middleware never runs",
    "file": null,
    "line": null,
    "column": null,
    "end_line": null,
    "end_column": null,
    "label": null,
    "why": "AuthKit's middleware reads and refreshes the session cookie for `getAuth()`, the callback route and AuthKit's server functions; without it they throw \"AuthKit middleware is not configured\", so the root route's `beforeLoad` fails and no page renders",
    "remedy": {
      "summary": "create `src/start.ts` registering `authkitMiddleware()` in `requestMiddleware` (with Start's CSRF check)",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- /dev/null\n+++ b/src/start.ts\n@@ -0,0 +1,13 @@\n+import { createCsrfMiddleware, createStart } from '@tanstack/react-start';\n+import { authkitMiddleware } from '@workos/authkit-tanstack-react-start';\n+\n+// A start instance turns off TanStack Start's default CSRF check on server functions,\n+// so it comes back first; then AuthKit reads and refreshes the session cookie on every\n+// request, which `getAuth()` and the callback route need.\n+const csrfMiddleware = createCsrfMiddleware({\n+  filter: (ctx) => ctx.handlerType === 'serverFn',\n+});\n+\n+export const startInstance = createStart(() => ({\n+  requestMiddleware: [csrfMiddleware, authkitMiddleware()],\n+}));\n"
    }
  }
]
"#);

case!(ak512, "AK512", [], healthy(), |c| {
    in_wrap(&c);
    sdk_version(&c, "0.8.3");
}, @r#"
exit 1
error[AK512]: `<AuthKitProvider>` is in the router's `Wrap` in `src/router.tsx`, outside the router, and AuthKit's TanStack Start SDK 0.8.3 uses router hooks in it
  --> src/router.tsx:40:8
   |
40 |       <AuthKitProvider>
   |        ^^^^^^^^^^^^^^^ in `Wrap`, outside the router
   |
   = note: why: AuthKit's provider before 0.8.6 calls TanStack Router's `useNavigate()`, which needs the router's context; `Wrap` renders outside the router, so rendering fails and no page shows
   = help: rename `Wrap` to `InnerWrap` in `src/router.tsx` (everything it renders moves inside the router) (unsafe: `--fix --unsafe-fixes` applies this)
----- json -----
[
  {
    "code": "AK512",
    "severity": "error",
    "message": "`<AuthKitProvider>` is in the router's `Wrap` in `src/router.tsx`, outside the router, and AuthKit's TanStack Start SDK 0.8.3 uses router hooks in it",
    "file": "src/router.tsx",
    "line": 40,
    "column": 8,
    "end_line": 40,
    "end_column": 23,
    "label": "in `Wrap`, outside the router",
    "why": "AuthKit's provider before 0.8.6 calls TanStack Router's `useNavigate()`, which needs the router's context; `Wrap` renders outside the router, so rendering fails and no page shows",
    "remedy": {
      "summary": "rename `Wrap` to `InnerWrap` in `src/router.tsx` (everything it renders moves inside the router)",
      "applicability": "unsafe",
      "fixable": false,
      "diff": "--- a/src/router.tsx\n+++ b/src/router.tsx\n@@ -36,7 +36,7 @@\n     context: { queryClient, convexClient: convex, convexQueryClient },\n     // AuthKitProvider uses TanStack Router hooks internally, so it must\n     // render inside router context. InnerWrap renders inside the router.\n-    Wrap: ({ children }) => (\n+    InnerWrap: ({ children }) => (\n       <AuthKitProvider>\n         <ConvexProviderWithAuth client={convexQueryClient.convexClient} useAuth={useAuthFromWorkOS}>\n           {children}\n"
    }
  }
]
"#);

case!(ak513, "AK513", [], healthy(), |c| {
    callback_at_api_auth(&c);
}, @r#"
exit 1
error[AK513]: the callback route `src/routes/api/auth/callback.tsx` serves `/api/auth/callback`, but the redirect URI's path is `/callback`
  --> .env.local:11:21
   |
11 | WORKOS_REDIRECT_URI=http://localhost:3000/callback
   |                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the callback path is `/callback`
   |
   = note: why: after sign-in WorkOS sends the browser to the redirect URI with the code; only a server `GET` handler `handleCallbackRoute()` there turns it into a session cookie, anything else leaves the user signed out
   = help: move it to `src/routes/callback.tsx` (ID `/callback`), or use `/api/auth/callback` in the redirect URI everywhere (`convex.json` and `WORKOS_REDIRECT_URI`) (manual)
----- json -----
[
  {
    "code": "AK513",
    "severity": "error",
    "message": "the callback route `src/routes/api/auth/callback.tsx` serves `/api/auth/callback`, but the redirect URI's path is `/callback`",
    "file": ".env.local",
    "line": 11,
    "column": 21,
    "end_line": 11,
    "end_column": 51,
    "label": "the callback path is `/callback`",
    "why": "after sign-in WorkOS sends the browser to the redirect URI with the code; only a server `GET` handler `handleCallbackRoute()` there turns it into a session cookie, anything else leaves the user signed out",
    "remedy": {
      "summary": "move it to `src/routes/callback.tsx` (ID `/callback`), or use `/api/auth/callback` in the redirect URI everywhere (`convex.json` and `WORKOS_REDIRECT_URI`)",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

case!(ak513_no_callback_route, "AK513", [], healthy(), |c| {
    remove(&c, "src/routes/callback.tsx");
}, @r#"
exit 1
error[AK513]: no file route serves the callback path `/callback`
  --> .env.local:11:21
   |
11 | WORKOS_REDIRECT_URI=http://localhost:3000/callback
   |                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the callback path is `/callback`
   |
   = note: why: after sign-in WorkOS sends the browser to the redirect URI with the code; only a server `GET` handler `handleCallbackRoute()` there turns it into a session cookie, anything else leaves the user signed out
   = help: create `src/routes/callback.tsx` with `GET: handleCallbackRoute()` (the next `vite dev` adds it to `src/routeTree.gen.ts`) (`--fix` applies this)
----- json -----
[
  {
    "code": "AK513",
    "severity": "error",
    "message": "no file route serves the callback path `/callback`",
    "file": ".env.local",
    "line": 11,
    "column": 21,
    "end_line": 11,
    "end_column": 51,
    "label": "the callback path is `/callback`",
    "why": "after sign-in WorkOS sends the browser to the redirect URI with the code; only a server `GET` handler `handleCallbackRoute()` there turns it into a session cookie, anything else leaves the user signed out",
    "remedy": {
      "summary": "create `src/routes/callback.tsx` with `GET: handleCallbackRoute()` (the next `vite dev` adds it to `src/routeTree.gen.ts`)",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- /dev/null\n+++ b/src/routes/callback.tsx\n@@ -0,0 +1,11 @@\n+import { createFileRoute } from '@tanstack/react-router';\n+import { handleCallbackRoute } from '@workos/authkit-tanstack-react-start';\n+\n+// AuthKit returns here after sign-in: the code becomes the session cookie.\n+export const Route = createFileRoute('/callback')({\n+  server: {\n+    handlers: {\n+      GET: handleCallbackRoute(),\n+    },\n+  },\n+});\n"
    }
  }
]
"#);

case!(ak514, "AK514", [], healthy(), |c| {
    without_before_load(&c);
}, @r#"
exit 0
warning[AK514]: the root route `src/routes/__root.tsx` has no `beforeLoad` handing the session's token to Convex's server-side client
 --> src/routes/__root.tsx:8:22
  |
8 | export const Route = createRootRouteWithContext<{
  |                      ^^^^^^^^^^^^^^^^^^^^^^^^^^ no `beforeLoad`
  |
  = note: why: during server-side rendering `ConvexQueryClient` runs queries over HTTP with `serverHttpClient`, which has no token unless the app hands it the session's: every server-rendered query runs as anonymous (`getUserIdentity()` is null), so the first render lacks the user's data or a query that needs a user throws
  = help: add a `beforeLoad` to `src/routes/__root.tsx` that reads the session with `getAuth()` and calls `ctx.context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken)` (`--fix` applies this)
----- json -----
[
  {
    "code": "AK514",
    "severity": "warning",
    "message": "the root route `src/routes/__root.tsx` has no `beforeLoad` handing the session's token to Convex's server-side client",
    "file": "src/routes/__root.tsx",
    "line": 8,
    "column": 22,
    "end_line": 8,
    "end_column": 48,
    "label": "no `beforeLoad`",
    "why": "during server-side rendering `ConvexQueryClient` runs queries over HTTP with `serverHttpClient`, which has no token unless the app hands it the session's: every server-rendered query runs as anonymous (`getUserIdentity()` is null), so the first render lacks the user's data or a query that needs a user throws",
    "remedy": {
      "summary": "add a `beforeLoad` to `src/routes/__root.tsx` that reads the session with `getAuth()` and calls `ctx.context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken)`",
      "applicability": "safe",
      "fixable": true,
      "diff": "--- a/src/routes/__root.tsx\n+++ b/src/routes/__root.tsx\n@@ -4,6 +4,7 @@\n import type { ReactNode } from 'react';\n import type { ConvexReactClient } from 'convex/react';\n import type { ConvexQueryClient } from '@convex-dev/react-query';\n+import { getAuth } from '@workos/authkit-tanstack-react-start';\n \n export const Route = createRootRouteWithContext<{\n   queryClient: QueryClient;\n@@ -30,6 +31,17 @@\n   }),\n   component: RootComponent,\n   notFoundComponent: () => <div>Not Found</div>,\n+  beforeLoad: async (ctx) => {\n+    const auth = await getAuth();\n+\n+    // Server-side rendering runs Convex queries over HTTP (`serverHttpClient` exists only\n+    // there): give it the session's access token so they run as the signed-in user.\n+    if (auth.user) {\n+      ctx.context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken);\n+    }\n+\n+    return { user: auth.user };\n+  },\n });\n \n function RootComponent() {\n"
    }
  }
]
"#);

case!(ak514_before_load_without_hand_off, "AK514", [], healthy(), |c| {
    edit(&c, "src/routes/__root.tsx", "      ctx.context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken);\n", "");
}, @r#"
exit 0
warning[AK514]: `beforeLoad` in `src/routes/__root.tsx` doesn't hand the session's token to Convex's server-side client
  --> src/routes/__root.tsx:34:3
   |
34 |   beforeLoad: async (ctx) => {
   |   ^^^^^^^^^^ no `serverHttpClient?.setAuth(…)`
   |
   = note: why: during server-side rendering `ConvexQueryClient` runs queries over HTTP with `serverHttpClient`, which has no token unless the app hands it the session's: every server-rendered query runs as anonymous (`getUserIdentity()` is null), so the first render lacks the user's data or a query that needs a user throws
   = help: in `beforeLoad` in `src/routes/__root.tsx`, read the session with `getAuth()` (from `@workos/authkit-tanstack-react-start`) and, when it has a user, call `ctx.context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken)` (manual)
----- json -----
[
  {
    "code": "AK514",
    "severity": "warning",
    "message": "`beforeLoad` in `src/routes/__root.tsx` doesn't hand the session's token to Convex's server-side client",
    "file": "src/routes/__root.tsx",
    "line": 34,
    "column": 3,
    "end_line": 34,
    "end_column": 13,
    "label": "no `serverHttpClient?.setAuth(…)`",
    "why": "during server-side rendering `ConvexQueryClient` runs queries over HTTP with `serverHttpClient`, which has no token unless the app hands it the session's: every server-rendered query runs as anonymous (`getUserIdentity()` is null), so the first render lacks the user's data or a query that needs a user throws",
    "remedy": {
      "summary": "in `beforeLoad` in `src/routes/__root.tsx`, read the session with `getAuth()` (from `@workos/authkit-tanstack-react-start`) and, when it has a user, call `ctx.context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken)`",
      "applicability": "manual",
      "fixable": false
    }
  }
]
"#);

// ---------------------------------------------------------------------------------------------
// `--fix`: each fixable TanStack rule repaired with `init`'s codemod, a second run writes nothing.

#[test]
fn ak511_fix_creates_the_start_entry() {
    let ctx = healthy();
    remove(&ctx, "src/start.ts");
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK511"), @"
    exit 0
    --- /dev/null
    +++ b/src/start.ts
    @@ -0,0 +1,13 @@
    +import { createCsrfMiddleware, createStart } from '@tanstack/react-start';
    +import { authkitMiddleware } from '@workos/authkit-tanstack-react-start';
    +
    +// A start instance turns off TanStack Start's default CSRF check on server functions,
    +// so it comes back first; then AuthKit reads and refreshes the session cookie on every
    +// request, which `getAuth()` and the callback route need.
    +const csrfMiddleware = createCsrfMiddleware({
    +  filter: (ctx) => ctx.handlerType === 'serverFn',
    +});
    +
    +export const startInstance = createStart(() => ({
    +  requestMiddleware: [csrfMiddleware, authkitMiddleware()],
    +}));
    ✓ Fixed 1 file (AK511; 601 bytes written); checking again
    ");
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);
}

#[test]
fn ak511_fix_adds_the_middleware() {
    let ctx = healthy();
    write(&ctx, "src/start.ts", &start_with("", ""));
    fix_round_trip(&ctx, "AK511");
    assert_eq!(
        ctx.read("src/start.ts"),
        start_with(
            "authkitMiddleware()",
            "import { authkitMiddleware } from '@workos/authkit-tanstack-react-start';\n"
        )
    );
}

#[test]
fn ak512_unsafe_fix_renames_wrap() {
    let ctx = healthy();
    in_wrap(&ctx);
    sdk_version(&ctx, "0.8.3");
    let before = ctx.tree();
    let safe = json(&ctx, &["--fix"]);
    assert_eq!(safe["unsafe_skipped"], 1, "{safe:#}");
    assert!(changed(&before, &ctx.tree()).is_empty());
    let v = json(&ctx, &["--fix", "--unsafe-fixes"]);
    assert_eq!(v["exit_code"], 0, "{v:#}");
    assert!(
        ctx.read("src/router.tsx")
            .contains("    InnerWrap: ({ children }) => (")
    );
    assert!(!codes(&json(&ctx, &[])).iter().any(|c| c == "AK512"));
}

#[test]
fn ak513_fix_creates_the_callback_route() {
    let ctx = healthy();
    let route = ctx.read("src/routes/callback.tsx");
    remove(&ctx, "src/routes/callback.tsx");
    insta::assert_snapshot!(fix_round_trip(&ctx, "AK513"), @"
    exit 0
    --- /dev/null
    +++ b/src/routes/callback.tsx
    @@ -0,0 +1,11 @@
    +import { createFileRoute } from '@tanstack/react-router';
    +import { handleCallbackRoute } from '@workos/authkit-tanstack-react-start';
    +
    +// AuthKit returns here after sign-in: the code becomes the session cookie.
    +export const Route = createFileRoute('/callback')({
    +  server: {
    +    handlers: {
    +      GET: handleCallbackRoute(),
    +    },
    +  },
    +});
    ✓ Fixed 1 file (AK513; 341 bytes written); checking again
    ");
    // The same route as Convex's template, with init's comment.
    assert_eq!(
        ctx.read("src/routes/callback.tsx").replace(
            "// AuthKit returns here after sign-in: the code becomes the session cookie.\n",
            ""
        ),
        route
    );
}

#[test]
fn ak514_fix_adds_before_load() {
    let ctx = healthy();
    without_before_load(&ctx);
    fix_round_trip(&ctx, "AK514");
    let root = ctx.read("src/routes/__root.tsx");
    assert!(
        root.contains("ctx.context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken);"),
        "{root}"
    );
    assert!(
        root.contains("import { getAuth } from '@workos/authkit-tanstack-react-start';"),
        "{root}"
    );
    assert_eq!(codes(&json(&ctx, &[])), ["AK310"]);
}

// ---------------------------------------------------------------------------------------------
// Negative cases: the positive's setup, repaired.

mod negative {
    use super::*;

    negative!(ak203_redirect_on_the_dev_port, "AK203", [], healthy(), |c| {}, @r#"
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

    negative!(ak208_server_side_name, "AK208", [], healthy(), |c| {
        edit(&c, "convex.json", ",\n        \"WORKOS_REDIRECT_URI\": \"http://localhost:3000/callback\"", "");
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

    negative!(ak407_long_cookie_password, "AK407", [], healthy(), |c| {
        edit(&c, ".env.local", "WORKOS_COOKIE_PASSWORD=Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI", "WORKOS_COOKIE_PASSWORD=0123456789abcdef0123456789abcdef");
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

    negative!(ak408_live_key, "AK408", [], healthy(), |c| {
        edit(&c, ".env.local", "WORKOS_API_KEY=sk_test_a1b2c3d4e5f6g7h8i9j0k1l2m3n4", "WORKOS_API_KEY=sk_test_zz9yy8xx7ww6vv5uu4tt3ss2rr1qq");
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

    negative!(ak511, "AK511", [], healthy(), |c| {
        write(&c, "src/start.ts", &start_with("csrf, authkitMiddleware()", "import { authkitMiddleware } from '@workos/authkit-tanstack-react-start';\nconst csrf = null;\n"));
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

    negative!(ak512, "AK512", [], healthy(), |c| {
        in_wrap(&c);
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

    negative!(ak512_inner_wrap_with_old_sdk, "AK512", [], healthy(), |c| {
        sdk_version(&c, "0.8.3");
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

    negative!(ak513, "AK513", [], healthy(), |c| {
        callback_at_api_auth(&c);
        edit_all(&c, "convex.json", "3000/callback", "3000/api/auth/callback");
        edit(&c, ".env.local", "3000/callback", "3000/api/auth/callback");
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

    negative!(ak514, "AK514", [], healthy(), |c| {
        without_before_load(&c);
        edit(&c, "src/routes/_authenticated.tsx", "createFileRoute('/_authenticated')({", "createFileRoute('/_authenticated')({\n  beforeLoad: ({ context }) => context.convexQueryClient.serverHttpClient?.setAuth(''),");
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
