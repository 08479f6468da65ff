#!/usr/bin/env node
// The real-browser proof for TanStack Start: headless Chromium signs in to a TanStack Start app
// (@workos/authkit-tanstack-react-start: server-side code exchange, session in a sealed cookie,
// the token handed to the server's Convex HTTP client in __root's beforeLoad) through the AuthKit
// emulator, and the app's ConvexReactClient must reach the authenticated state against the Convex
// sync stand-in (test support), which checks each token with `convex-authkit verify`. Server-side
// rendering is checked too: the HTML the server renders for a signed-in request carries the
// subject of a query it ran with the user's token.
//
//   node tests/browser/run-tanstack.mjs --bin path/to/convex-authkit [--cases REGEX] [--keep] [--artifacts DIR]
//
// Usually started by tests/browser/run.sh (after the Vite and Next.js proofs), which installs
// tests/browser/node_modules (playwright-core, ws) and tests/npm/tanstack/node_modules (the app's).
//
// The app (see APP below):
//   - once src/frameworks/ has the TanStack Start recipe: a copy of tests/fixtures/<INIT_FIXTURE>
//     set up with `convex-authkit init --team existing --client-id <emulator's> --api-key-stdin`;
//   - until then: a copy of tests/fixtures/tanstack-start-authkit-template (Convex's template, already
//     wired), with .env.local written as `npx convex dev` writes it from convex.json.
//   Either way src/routes/index.tsx is replaced by a test page, VITE_CONVEX_URL points at the
//   stand-in (as `npx convex dev` would), and the app is built once with `vite build` (a second
//   copy without the callback route for that negative case), then served by `vite preview`
//   (TanStack Start's preview server runs the built server entry) with WORKOS_API_HOSTNAME/PORT/
//   HTTPS pointing at the emulator.
//
// Output: one "PASS <case>" / "FAIL <case>: <reason>" line per case, then exactly
// "<N> passed, <M> failed". Exit 1 if any case failed, 2 on bad usage.
// Artifacts: target/browser-artifacts/tanstack/ (override the root with --artifacts DIR).

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ALICE,
  REPO,
  T,
  bodyText,
  caseContext,
  fail,
  makeTmpRoot,
  maskedEnv,
  parseArgs,
  pickAlice,
  preflight,
  probeEmulator,
  readEnv,
  registerFromConvexJson,
  runSuite,
  runToEnd,
  serverAppEmulatorConfig,
  setEnv,
  startEmulator,
  startServer,
  startStandin,
  stopAll,
  symlinkNodeModules,
  waitForText,
  whyNotAuthenticated,
  withBrowser,
} from "./lib.mjs";

const DEPS = join(REPO, "tests", "npm", "tanstack", "node_modules");
const APP_PORT = 3000; // the templates' vite port and redirect URI: http://localhost:3000/callback
const OTHER_PORT = 3001;
// Fixed: VITE_CONVEX_URL is inlined into the client at build time.
const STANDIN_PORT = 3210;
// The emulator's API key (src/emulator/config.rs DEFAULT_API_KEY), and one shaped like a longer
// real key in case init refuses the default's shape (the run then prints a note).
const EMULATOR_API_KEY = "sk_test_emulator_key";
const PROOF_API_KEY = "sk_test_browserproof00000000000000000000";
const SESSION_COOKIE = "wos-session"; // @workos/authkit-session's default WORKOS_COOKIE_NAME
const SHORT_PASSWORD = "x".repeat(20);
// @workos/authkit-session 0.7's validateConfig(), run by authkitMiddleware() on the first request.
const COOKIE_PASSWORD_ERROR = "WORKOS_COOKIE_PASSWORD must be at least 32 characters";

// The app under test. With the recipe (src/frameworks/tanstack*), init sets up INIT_FIXTURE;
// without it, Convex's already-wired template stands in, so the proof runs before the recipe.
const INIT_FIXTURE = process.env.TANSTACK_BROWSER_FIXTURE || "tanstack-start";
const TEMPLATE_FIXTURE = "tanstack-start-authkit-template";
const hasRecipe = () => existsSync(join(REPO, "src", "frameworks")) && readdirSync(join(REPO, "src", "frameworks")).some((f) => f.startsWith("tanstack"));

const opt = parseArgs("run-tanstack.mjs", { subdir: "tanstack" });

// ---------------------------------------------------------------------------
// The app
// ---------------------------------------------------------------------------
// With `authButton` (init's src/components/AuthButton.tsx), the page renders it; otherwise (the
// template, which has none) a "Sign in" link and a "Sign out <email>" button of its own.
const testPage = ({ authButton }) => `// Written by tests/browser/run-tanstack.mjs: the test page of the TanStack Start browser proof.
import { createFileRoute } from '@tanstack/react-router';
import { useSuspenseQuery } from '@tanstack/react-query';
import { convexQuery } from '@convex-dev/react-query';
import { useConvexAuth, useQuery } from 'convex/react';
import { makeFunctionReference } from 'convex/server';
import { useAuth } from '@workos/authkit-tanstack-react-start/client';
${authButton ? "import { AuthButton } from '../components/AuthButton';\n" : ""}
// Served by the Convex sync stand-in: the verified identity's subject, or null.
const whoami = makeFunctionReference<'query', Record<string, never>, string | null>('whoami:get');

export const Route = createFileRoute('/')({ component: Home });

function Home() {
  const { isLoading, isAuthenticated } = useConvexAuth();
  // Run on the server first, through the Convex HTTP client that __root's beforeLoad gave the token.
  const { data: rendered } = useSuspenseQuery(convexQuery(whoami, {}));
  const live = useQuery(whoami, {});
  const { loading, user${authButton ? "" : ", signOut"} } = useAuth();
  return (
    <main>
      <h1>convex-authkit browser test (TanStack Start)</h1>
      ${
        authButton
          ? "<AuthButton />"
          : `{user ? (
        <button onClick={() => void signOut()}>Sign out {user.email}</button>
      ) : (
        <a href="/sign-in">Sign in</a>
      )}`
      }
      <p>
        Convex auth:{' '}
        <span data-testid="convex-auth">{isLoading ? 'loading' : isAuthenticated ? 'authenticated' : 'unauthenticated'}</span>
      </p>
      <p>
        whoami:get: <span data-testid="whoami">{live === undefined ? '(loading)' : live === null ? 'null' : live}</span>
      </p>
      <p>
        whoami:get as first rendered: <span data-testid="whoami-rendered">{rendered === null ? 'null' : rendered}</span>
      </p>
      <p>
        AuthKit: <span data-testid="authkit">{loading ? 'loading' : user ? 'user ' + user.id : 'no user'}</span>
      </p>
    </main>
  );
}
`;

const builds = new Map();
const built = new Set();
let lastBuild = Promise.resolve();
// `vite build` once per app copy, one build at a time; resolves with null or a failure message.
function build(app, label) {
  if (!builds.has(app)) {
    const run = () => runToEnd(`vite build of the ${label} app`, join(app, "node_modules", ".bin", "vite"), ["build"], { cwd: app, logFile: join(opt.artifacts, `build-${label}.log`) });
    lastBuild = lastBuild.then(run, run).finally(() => built.add(app));
    builds.set(app, lastBuild);
  }
  return builds.get(app);
}
// Every selected case's build, queued now: a later case's build runs while the first cases,
// which mostly wait on the browser, run.
const queueBuilds = (selected) => {
  for (const c of selected) build(c.app(), c.build ?? "main").catch(() => {});
};

// ---------------------------------------------------------------------------
// One case: emulator + registration + stand-in + vite preview + a fresh browser profile
// ---------------------------------------------------------------------------
let setup; // { clientId, apiKey, alice, users, app, appNoCallback, tmpRoot, how }

async function withEnvironment(c, body) {
  const ctx = caseContext(opt, c);
  const app = c.app();
  const buildFailure = await build(app, c.build ?? "main");
  if (buildFailure) fail(`blocked: ${buildFailure}`);
  const started = [];
  try {
    // 1. Emulator (request log on stderr → emulator.log), then what `npx convex dev` registers.
    const emu = await startEmulator(opt, ctx.dir, { config: serverAppEmulatorConfig(setup.clientId, setup.users, [EMULATOR_API_KEY, PROOF_API_KEY]) });
    started.push(emu.child);
    ctx.emulatorUrl = emu.url;
    ctx.emulatorLog = emu.logFile;
    ctx.emulatorRequests = emu.requests;
    const emuUrl = new URL(emu.url);
    ctx.configure = await registerFromConvexJson(emu.url, setup.apiKey, app, ctx.log);

    // 2. Convex sync stand-in, checking tokens with the project's verifier.
    const standin = await startStandin(opt, ctx.dir, { app, clientId: setup.clientId, emulatorUrl: emu.url, port: STANDIN_PORT });
    started.push(standin.child);
    ctx.standin = standin;

    // 3. vite preview (the built server), pointed at the emulator. The rest comes from .env.local,
    // which TanStack Start loads into the server's environment.
    ctx.appOrigin = `http://localhost:${c.port}`;
    ctx.serverLog = join(ctx.dir, "vite-preview.log");
    const serverEnv = { WORKOS_API_HOSTNAME: emuUrl.hostname, WORKOS_API_PORT: emuUrl.port, WORKOS_API_HTTPS: "false", ...(c.serverEnv ?? {}) };
    writeFileSync(join(ctx.dir, "server-env.txt"), Object.entries(serverEnv).map(([k, v]) => `${k}=${k.includes("PASSWORD") ? `(${v.length} characters)` : v}`).join("\n") + "\n");
    writeFileSync(join(ctx.dir, "app.env.local"), maskedEnv(join(app, ".env.local")));
    const server = await startServer("vite preview", join(app, "node_modules", ".bin", "vite"), ["preview", "--port", String(c.port), "--strictPort", "--host", "localhost"], {
      cwd: app,
      env: { ...process.env, ...serverEnv },
      logFile: ctx.serverLog,
      probeUrl: `${ctx.appOrigin}/`,
      port: c.port,
    });
    started.push(server);

    // 4. Browser with a fresh profile.
    return await withBrowser(ctx, setup.tmpRoot, async (ctx) => {
      // The browser must never call the emulator's token endpoint: the app's server exchanges
      // and refreshes, with the API key.
      ctx.browserTokenCalls = [];
      ctx.page.on("request", (r) => {
        if (r.url().startsWith(`${ctx.emulatorUrl}/user_management/authenticate`)) ctx.browserTokenCalls.push(r.url());
      });
      ctx.sessionCookie = async () => (await ctx.context.cookies(ctx.appOrigin)).find((ck) => ck.name === SESSION_COOKIE) ?? null;
      return await body(ctx);
    });
  } finally {
    await stopAll(started);
  }
}

const userAuths = (ctx) => ctx.standin.userAuths();
const requestsTo = (ctx, prefix) => ctx.emulatorRequests().filter((l) => l.startsWith(prefix));

async function openAndSignIn(ctx) {
  const { page } = ctx;
  await page.goto(`${ctx.appOrigin}/`, { waitUntil: "load" });
  await waitForText(page, "convex-auth", (t) => t === "unauthenticated", "signed out before sign-in");
  await ctx.shot("app-signed-out");
  await page.getByRole("link", { name: "Sign in", exact: true }).click();
  await page
    .waitForURL((u) => u.toString().startsWith(`${ctx.emulatorUrl}/user_management/authorize`), { timeout: T.nav })
    .catch(async () => fail(`"Sign in" (→ /sign-in) did not open the emulator's authorize page (at ${page.url()}: ${(await bodyText(page)).slice(0, 300)})`));
  await page.waitForLoadState("load");
  const q = new URL(page.url()).searchParams;
  return { redirectUri: q.get("redirect_uri"), pkce: q.get("code_challenge_method") };
}

// The HTML the app's server renders for `/` with the browser's cookies (no JavaScript runs):
// the subject whoami:get returned to the server-side query.
async function serverRendered(ctx) {
  const cookies = (await ctx.context.cookies(ctx.appOrigin)).map((ck) => `${ck.name}=${ck.value}`).join("; ");
  const r = await fetch(`${ctx.appOrigin}/`, { headers: cookies ? { cookie: cookies } : {}, signal: AbortSignal.timeout(T.nav) });
  const html = await r.text();
  writeFileSync(join(ctx.dir, `server-rendered-${++ctx.rendered}.html`), html);
  const m = /data-testid="whoami-rendered"[^>]*>([^<]*)</.exec(html);
  if (r.status !== 200 || !m) fail(`GET / (server-rendered) answered HTTP ${r.status} without the whoami-rendered span: ${html.slice(0, 200)}`);
  return m[1];
}

// Signs in as Alice from the signed-out app and checks the Convex-authenticated state, on the
// client and in server-side rendering.
async function signInAsAlice(ctx) {
  const { page } = ctx;
  ctx.rendered = 0;
  const signedOut = await serverRendered(ctx);
  if (signedOut !== "null") fail(`signed out, the server-rendered whoami:get is ${signedOut}, expected null`);
  const { redirectUri, pkce } = await openAndSignIn(ctx);
  if (redirectUri !== `http://localhost:${APP_PORT}/callback`) fail(`the app sent redirect_uri=${redirectUri}, expected http://localhost:${APP_PORT}/callback`);
  if (pkce !== "S256") fail(`the authorize request has code_challenge_method=${pkce}, expected S256`);
  await pickAlice(ctx);
  await page
    .waitForURL((u) => u.origin === ctx.appOrigin && u.pathname === "/", { timeout: T.nav })
    .catch(async () => fail(`after picking Alice the browser did not come back to ${ctx.appOrigin}/ through /callback (at ${page.url()}: ${(await bodyText(page)).slice(0, 300)})`));
  if (!ctx.navigations.some((n) => n.url.startsWith(`${ctx.appOrigin}/callback`))) fail(`the browser never went through ${ctx.appOrigin}/callback`);
  const exchange = requestsTo(ctx, "POST /user_management/authenticate ")[0];
  if (!exchange || !/ 200 /.test(exchange)) fail(`the app's server did not exchange the code with the emulator: ${exchange ?? "no POST /user_management/authenticate"} (see ${ctx.emulatorLog})`);
  if (ctx.browserTokenCalls.length) fail(`the browser called the emulator's token endpoint itself: ${ctx.browserTokenCalls[0]}`);
  const cookie = await ctx.sessionCookie();
  if (!cookie) fail(`no ${SESSION_COOKIE} cookie after the callback`);
  if (!cookie.httpOnly) fail(`the ${SESSION_COOKIE} cookie is readable by scripts (not HttpOnly)`);
  await ctx.shot("back-on-the-app");
  try {
    await waitForText(page, "convex-auth", (t) => t === "authenticated", "Convex never accepted the sign-in");
  } catch (e) {
    fail(`${e.message}; ${await whyNotAuthenticated(ctx.standin)}; AuthKit: ${await page.getByTestId("authkit").textContent().catch(() => "?")}`);
  }
  const who = await waitForText(page, "whoami", (t) => t.startsWith("user_"), "whoami:get never returned the subject");
  await ctx.shot("convex-authenticated");
  if (who !== setup.alice) fail(`whoami:get shows ${who}, but Alice is ${setup.alice}`);
  const mine = (await userAuths(ctx)).find((e) => e.outcome === "accepted" && e.subject === who);
  if (!mine) fail(`the stand-in has no accepted Authenticate for ${who}`);
  const iss = `https://api.workos.com/user_management/${setup.clientId}`;
  if (mine.claims?.iss && mine.claims.iss !== iss) fail(`the accepted token has iss ${mine.claims.iss}, expected ${iss}`);
  const button = await page.getByRole("button", { name: /^Sign out/ }).textContent({ timeout: 5000 }).catch(() => null);
  if (!button?.includes(ALICE)) fail(`the page shows no "Sign out ${ALICE}" button although Convex is authenticated (got ${JSON.stringify(button)})`);
  return { who, pkce };
}

// Server-side rendering with the session: the HTML carries Alice's subject, and the stand-in
// accepted the server's Bearer token for it.
async function checkServerRendering(ctx, who) {
  const before = (await ctx.standin.httpAuths()).length;
  const rendered = await serverRendered(ctx);
  if (rendered !== who) {
    const last = (await ctx.standin.httpAuths()).slice(before).pop();
    fail(`the server-rendered whoami:get is ${rendered}, expected ${who}: the SSR query ran ${last ? `with a token the verifier ${last.outcome === "accepted" ? `accepted for ${last.subject}` : `rejected: ${last.code}: ${last.message}`}` : "without a token (did __root's beforeLoad hand it to convexQueryClient.serverHttpClient?)"}`);
  }
  const accepted = (await ctx.standin.httpAuths()).slice(before).filter((e) => e.outcome === "accepted" && e.subject === who);
  if (!accepted.length) fail(`the HTML shows ${who}, but the stand-in accepted no server-side query token for it`);
  return rendered;
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------
const main_ = () => setup.app;
const CASES = [
  {
    name: "TanStack Start: sign-in reaches the Convex-authenticated state, also in server-side rendering",
    slug: "01-sign-in",
    port: APP_PORT,
    app: main_,
    async run(ctx) {
      const { who, pkce } = await signInAsAlice(ctx);
      await checkServerRendering(ctx, who);
      return `whoami:get = ${who} in the browser and in the server-rendered HTML (SSR query with the session's token, accepted by the stand-in); code exchanged by the app's server (PKCE ${pkce}), never by the browser; HttpOnly ${SESSION_COOKIE} cookie`;
    },
  },
  {
    name: "TanStack Start: a reload keeps the session (cookie), sign-out clears it",
    slug: "02-reload-and-sign-out",
    port: APP_PORT,
    app: main_,
    async run(ctx) {
      const { page } = ctx;
      const { who } = await signInAsAlice(ctx);
      const authorizeBefore = requestsTo(ctx, "GET /user_management/authorize").length;
      const authsBefore = (await userAuths(ctx)).length;
      await page.reload({ waitUntil: "load" });
      await waitForText(page, "convex-auth", (t) => t === "authenticated", "Convex not authenticated after the reload");
      const again = await waitForText(page, "whoami", (t) => t.startsWith("user_"), "whoami:get after the reload");
      if (again !== who) fail(`after the reload whoami:get is ${again}, expected ${who}`);
      await ctx.shot("after-reload");
      if (new URL(page.url()).origin !== ctx.appOrigin) fail(`the reload left the app (at ${page.url()})`);
      if (requestsTo(ctx, "GET /user_management/authorize").length !== authorizeBefore) fail("the reload went through the emulator's sign-in again");
      if (!(await userAuths(ctx)).slice(authsBefore).some((e) => e.outcome === "accepted" && e.subject === who)) fail("after the reload the new Convex connection did not authenticate with the session's token");
      if (!(await ctx.sessionCookie())) fail(`the ${SESSION_COOKIE} cookie is gone after the reload`);
      // Sign out: the SDK clears the cookie, the emulator's logout ends the session and sends the
      // browser to the homepage registered from convex.json.
      await page.getByRole("button", { name: /^Sign out/ }).click();
      await page
        .waitForURL((u) => u.origin === ctx.appOrigin && requestsTo(ctx, "GET /user_management/sessions/logout").length > 0, { timeout: T.nav, waitUntil: "load" })
        .catch(async () => fail(`sign-out did not go through the emulator's logout back to ${ctx.appOrigin} (at ${page.url()}: ${(await bodyText(page)).slice(0, 200)})`));
      await waitForText(page, "convex-auth", (t) => t === "unauthenticated", "still signed in to Convex after sign-out");
      await waitForText(page, "whoami", (t) => t === "null", "whoami:get after sign-out");
      await waitForText(page, "authkit", (t) => t === "no user", "AuthKit still has a user after sign-out");
      if (await ctx.sessionCookie()) fail(`the ${SESSION_COOKIE} cookie survived sign-out`);
      await ctx.shot("signed-out");
      await page.reload({ waitUntil: "load" });
      await waitForText(page, "convex-auth", (t) => t === "unauthenticated", "signed in again after sign-out and a reload");
      const rendered = await serverRendered(ctx);
      if (rendered !== "null") fail(`after sign-out the server-rendered whoami:get is ${rendered}, expected null`);
      const logout = requestsTo(ctx, "GET /user_management/sessions/logout")[0];
      return `reload: same sub ${who}, no new sign-in; sign-out: cookie cleared, emulator "${logout}", back on ${page.url()}, server renders null`;
    },
  },
  {
    name: "TanStack Start negative: redirect URI on a port convex.json does not register, the emulator refuses",
    slug: "03-unregistered-redirect-uri",
    port: OTHER_PORT, // served on 3001 with WORKOS_REDIRECT_URI on 3001; convex.json registers 3000
    app: main_,
    serverEnv: { WORKOS_REDIRECT_URI: `http://localhost:${OTHER_PORT}/callback` }, // the server's env wins over .env.local
    async run(ctx) {
      const { page } = ctx;
      const { redirectUri } = await openAndSignIn(ctx);
      if (redirectUri !== `http://localhost:${OTHER_PORT}/callback`) fail(`the app sent redirect_uri=${redirectUri}, expected http://localhost:${OTHER_PORT}/callback`);
      const found = await page.getByText("Invalid redirect URI").first().waitFor({ timeout: T.state }).then(() => true, () => false);
      await ctx.shot("invalid-redirect-uri");
      if (!found) fail(`expected the emulator's "Invalid redirect URI" page, got: ${(await bodyText(page)).slice(0, 300)}`);
      if ((await page.locator("[data-user-email]").count()) > 0) fail("the emulator offered sign-in buttons for an unregistered redirect URI");
      const authorize = requestsTo(ctx, "GET /user_management/authorize")[0];
      if (requestsTo(ctx, "POST /user_management/authenticate").length) fail("a code was exchanged");
      if ((await userAuths(ctx)).length) fail("a token reached the Convex stand-in");
      return `emulator refused redirect_uri=${redirectUri} ("Invalid redirect URI"; log: "${authorize}")`;
    },
  },
  {
    name: "TanStack Start negative: app on another port than its redirect URI, the callback goes nowhere",
    slug: "04-callback-port-mismatch",
    port: OTHER_PORT, // served on 3001; its redirect URI stays http://localhost:3000/callback
    app: main_,
    async run(ctx) {
      const { page } = ctx;
      const target = `http://localhost:${APP_PORT}/callback`;
      const failed = page.waitForEvent("requestfailed", { predicate: (r) => r.url().startsWith(target), timeout: T.nav * 2 });
      failed.catch(() => {});
      const { redirectUri } = await openAndSignIn(ctx);
      if (redirectUri !== target) fail(`the app sent redirect_uri=${redirectUri}, expected ${target}`);
      await pickAlice(ctx);
      const req = await failed.catch(() => null);
      await ctx.shot("callback-unreachable");
      if (!req) fail(`expected the redirect to ${target} to fail (nothing serves port ${APP_PORT}); at ${page.url()}`);
      if (requestsTo(ctx, "POST /user_management/authenticate").length) fail("the code was exchanged although the callback never reached the app");
      if ((await userAuths(ctx)).length) fail("a token reached the Convex stand-in");
      await page.goto(`${ctx.appOrigin}/`, { waitUntil: "load" });
      await waitForText(page, "convex-auth", (t) => t === "unauthenticated", "the app on the other port");
      return `emulator redirected to ${target}: ${req.failure()?.errorText}; the app on :${OTHER_PORT} stays signed out`;
    },
  },
  {
    name: "TanStack Start negative: the callback route is missing (the route file deleted, route tree rebuilt)",
    slug: "05-callback-route-missing",
    port: APP_PORT,
    app: () => setup.appNoCallback,
    build: "no-callback-route",
    async run(ctx) {
      const { page } = ctx;
      await openAndSignIn(ctx);
      await pickAlice(ctx);
      await page
        .waitForURL((u) => u.origin === ctx.appOrigin && u.pathname === "/callback", { timeout: T.nav })
        .catch(() => fail(`after picking Alice the browser did not reach ${ctx.appOrigin}/callback (at ${page.url()})`));
      await page.waitForLoadState("load");
      await ctx.shot("callback-not-found");
      const nav = ctx.navigations.filter((n) => n.url.startsWith(`${ctx.appOrigin}/callback`)).pop();
      if (nav?.status !== 404) fail(`expected /callback to answer 404, got ${nav?.status}: ${(await bodyText(page)).slice(0, 200)}`);
      const text = await bodyText(page);
      if (requestsTo(ctx, "POST /user_management/authenticate").length) fail("the code was exchanged without a callback route?");
      if (await ctx.sessionCookie()) fail(`a ${SESSION_COOKIE} cookie was set without a callback route`);
      if ((await userAuths(ctx)).length) fail("a token reached the Convex stand-in");
      await page.goto(`${ctx.appOrigin}/`, { waitUntil: "load" });
      await waitForText(page, "convex-auth", (t) => t === "unauthenticated", "signed in without a callback route?");
      return `/callback?code=… answered 404 ("${text.slice(0, 60)}"); the code was never exchanged, the app stays signed out`;
    },
  },
  {
    name: "TanStack Start negative: a 20-character cookie password surfaces the SDK's error",
    slug: "06-short-cookie-password",
    port: APP_PORT,
    app: main_,
    serverEnv: { WORKOS_COOKIE_PASSWORD: SHORT_PASSWORD }, // the server's env wins over .env.local
    async run(ctx) {
      const { page } = ctx;
      const res = await page.goto(`${ctx.appOrigin}/`, { waitUntil: "load" });
      await ctx.shot("short-cookie-password");
      const status = res?.status();
      const text = await bodyText(page);
      let logged = null;
      const deadline = Date.now() + 10000;
      while (Date.now() < deadline && !logged) {
        logged = readFileSync(ctx.serverLog, "utf8").split("\n").find((l) => l.includes(COOKIE_PASSWORD_ERROR)) ?? null;
        if (!logged) await page.waitForTimeout(250);
      }
      if (!logged && !text.includes(COOKIE_PASSWORD_ERROR)) fail(`the SDK's "${COOKIE_PASSWORD_ERROR}" error appears neither on the page (HTTP ${status}: ${text.slice(0, 200)}) nor in ${ctx.serverLog}`);
      if (status === 200) fail(`GET / answered 200 with a 20-character cookie password`);
      if ((await userAuths(ctx)).length) fail("a token reached the Convex stand-in");
      return `GET / → HTTP ${status}; ${logged ? `server log: "${logged.trim().slice(0, 160)}"` : "the error is on the page"}`;
    },
  },
];

// ---------------------------------------------------------------------------
// Setup: the app copy (init, or the template with the env `npx convex dev` writes), built once
// ---------------------------------------------------------------------------
const runInit = (app, clientId, key, initLog) => {
  const args = ["init", app, "--team", "existing", "--client-id", clientId, "--scope", "local", "--api-key-stdin", "--yes", "--no-install"];
  const r = spawnSync(opt.bin, args, { input: `${key}\n`, encoding: "utf8", timeout: T.tool });
  writeFileSync(initLog, `$ convex-authkit ${args.join(" ").replace(app, "<app>")}   (stdin: the API key)\n${r.stdout ?? ""}${r.stderr ?? ""}`, { flag: "a" });
  return r;
};

// init on INIT_FIXTURE (existing team, the emulator's client and API key); returns the API key
// it was given, or throws a blocker.
function setUpWithInit(app, clientId) {
  const initLog = join(opt.artifacts, "init.log");
  writeFileSync(initLog, "");
  let apiKey = EMULATOR_API_KEY;
  let init = runInit(app, clientId, apiKey, initLog);
  if (init.status === 2 && /API key/.test(init.stderr ?? "")) {
    const why = (init.stderr ?? "").trim().split("\n")[0];
    console.log(`note: init refuses the emulator's default API key ${EMULATOR_API_KEY} (${why}); using ${PROOF_API_KEY.slice(0, 12)}…, which the emulator is configured to accept too`);
    apiKey = PROOF_API_KEY;
    init = runInit(app, clientId, apiKey, initLog);
  }
  if (init.status !== 0) fail(`convex-authkit init exited ${init.status ?? init.signal}; see ${initLog}`);
  for (const f of ["src/start.ts", "src/router.tsx", "src/routes/__root.tsx", "src/routes/callback.tsx", "src/routes/sign-in.tsx", "src/components/AuthButton.tsx", "convex/auth.config.ts", "convex.json"]) {
    if (!existsSync(join(app, f))) fail(`init did not write ${f}`);
    cpSync(join(app, f), join(opt.artifacts, `init-${f.replace(/\//g, "_")}`));
  }
  const env = readEnv(join(app, ".env.local"));
  const want = { WORKOS_CLIENT_ID: clientId, WORKOS_REDIRECT_URI: `http://localhost:${APP_PORT}/callback`, WORKOS_API_KEY: apiKey };
  for (const [k, v] of Object.entries(want)) if (env[k] !== v) fail(`init's .env.local has ${k}=${k === "WORKOS_API_KEY" ? "(masked)" : env[k]}, expected ${k === "WORKOS_API_KEY" ? "the key given on stdin" : v}`);
  if (!env.WORKOS_COOKIE_PASSWORD || env.WORKOS_COOKIE_PASSWORD.length < 32) fail(`init's .env.local has no WORKOS_COOKIE_PASSWORD of 32+ characters`);
  writeFileSync(join(opt.artifacts, "init-.env.local"), maskedEnv(join(app, ".env.local")));
  return apiKey;
}

// The template, already wired: .env.local as `npx convex dev` writes it for the existing team
// (convex.json's localEnvVars with the team's credentials, and a generated cookie password).
function setUpTemplate(app, clientId) {
  const local = JSON.parse(readFileSync(join(app, "convex.json"), "utf8")).authKit?.dev?.localEnvVars ?? {};
  const authEnv = { WORKOS_CLIENT_ID: clientId, WORKOS_API_KEY: EMULATOR_API_KEY };
  const values = Object.fromEntries(Object.entries(local).map(([k, v]) => [k, String(v).replace(/\$\{authEnv\.([A-Z_]+)\}/g, (_, name) => authEnv[name] ?? "")]));
  values.WORKOS_COOKIE_PASSWORD = randomBytes(24).toString("base64url");
  setEnv(join(app, ".env.local"), values);
  writeFileSync(join(opt.artifacts, "template-.env.local"), maskedEnv(join(app, ".env.local")));
  return EMULATOR_API_KEY;
}

async function prepare(selected) {
  const recipe = hasRecipe();
  const fixture = recipe ? INIT_FIXTURE : TEMPLATE_FIXTURE;
  const blockers = preflight(opt, [
    !existsSync(join(DEPS, "@tanstack", "react-start")) && "tests/npm/tanstack/node_modules is missing (run tests/browser/run.sh, or npm ci in tests/npm/tanstack)",
    !existsSync(join(REPO, "tests", "fixtures", fixture)) && `tests/fixtures/${fixture} does not exist (the ${recipe ? "init fixture; set TANSTACK_BROWSER_FIXTURE" : "template fixture"})`,
  ]);
  if (blockers.length) return blockers.join("; ");
  let probe;
  try {
    probe = await probeEmulator(opt);
  } catch (e) {
    return `emulator: ${e.message}`;
  }
  const { clientId } = probe;

  const tmpRoot = makeTmpRoot(opt, join(REPO, "target"), "browser-tanstack-");
  const app = join(tmpRoot, "app");
  cpSync(join(REPO, "tests", "fixtures", fixture), app, { recursive: true });
  const apiKey = recipe ? setUpWithInit(app, clientId) : setUpTemplate(app, clientId);
  const how = recipe ? `tests/fixtures/${fixture} after convex-authkit init` : `tests/fixtures/${fixture} (Convex's template; no TanStack Start recipe in src/frameworks yet)`;
  console.log(`note: the app is ${how}`);

  // As `npx convex dev` would: the deployment URL in .env.local (inlined into the client at build).
  setEnv(join(app, ".env.local"), { VITE_CONVEX_URL: `http://127.0.0.1:${STANDIN_PORT}` });
  const authButton = existsSync(join(app, "src", "components", "AuthButton.tsx"));
  writeFileSync(join(app, "src", "routes", "index.tsx"), testPage({ authButton }));
  writeFileSync(join(opt.artifacts, "test-page.tsx"), testPage({ authButton }));
  const appNoCallback = join(tmpRoot, "app-no-callback-route");
  cpSync(app, appNoCallback, { recursive: true });
  rmSync(join(appNoCallback, "src", "routes", "callback.tsx"));
  symlinkNodeModules(DEPS, app);
  symlinkNodeModules(DEPS, appNoCallback);
  setup = { clientId, apiKey, alice: probe.alice, users: probe.users, app, appNoCallback, tmpRoot, how };
  queueBuilds(selected);
  return null;
}

rmSync(opt.artifacts, { recursive: true, force: true });
mkdirSync(opt.artifacts, { recursive: true });
await runSuite(opt, CASES, {
  prepare,
  run: (c) => withEnvironment(c, (ctx) => c.run(ctx)),
  // A case may wait for its build (T.build bounds the whole queue of two).
  timeout: (c) => T.caseTotal + (built.has(c.app()) ? 0 : T.build),
});
