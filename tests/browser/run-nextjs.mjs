#!/usr/bin/env node
// The real-browser proof for Next.js: headless Chromium signs in to an `init`-ed Next.js 16 app
// (authkit-nextjs: server-side code exchange, session in a sealed cookie) through the AuthKit
// emulator, and the app's ConvexReactClient must reach the authenticated state against the Convex
// sync stand-in (test support), which checks each token with `convex-authkit verify`.
//
//   node tests/browser/run-nextjs.mjs --bin path/to/convex-authkit [--cases REGEX] [--keep] [--artifacts DIR]
//
// Usually started by tests/browser/run.sh (after the Vite proof, run.mjs), which installs
// tests/browser/node_modules (playwright-core, ws) and tests/npm/nextjs16/node_modules (the app's).
//
// Pieces (all on 127.0.0.1/localhost, all started and stopped here):
//   - a copy of tests/fixtures/nextjs-16 set up with `convex-authkit init --team existing
//     --client-id <emulator's> --api-key-stdin`, app/page.tsx replaced by a test page, built once
//     with `next build` (a second copy without app/callback/route.ts for that negative case);
//   - `convex-authkit emulate --port 0 --json --config F`: the emulator's client, users and API
//     key; the redirect URI, CORS origin and homepage are then registered from the app's
//     convex.json through the emulator's management API, as `npx convex dev` does;
//   - tests/browser/convex-sync-standin.mjs on 127.0.0.1:3210 (fixed: NEXT_PUBLIC_CONVEX_URL is
//     inlined at build time);
//   - `next start -p P` with WORKOS_API_HOSTNAME/PORT/HTTPS pointing at the emulator;
//   - Debian's chromium through playwright-core, a fresh profile per case.
//
// Output: one "PASS <case>" / "FAIL <case>: <reason>" line per case, then exactly
// "<N> passed, <M> failed". Exit 1 if any case failed, 2 on bad usage.
// Artifacts: target/browser-artifacts/nextjs/ (override with --artifacts DIR).

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ALICE,
  REPO,
  T,
  bodyText,
  caseContext,
  fail,
  hardlinkNodeModules,
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
  waitForText,
  whyNotAuthenticated,
  withBrowser,
} from "./lib.mjs";

const NEXT_DEPS = join(REPO, "tests", "npm", "nextjs16", "node_modules");
const APP_PORT = 3000; // init's redirect URI: http://localhost:3000/callback
const OTHER_PORT = 3001;
const STANDIN_PORT = 3210;
// src/emulator/config.rs DEFAULT_API_KEY. init checks a key's shape; if it refuses this one, the
// proof says so and uses PROOF_API_KEY, which the emulator is configured to accept as well.
const EMULATOR_API_KEY = "sk_test_emulator_key";
const PROOF_API_KEY = "sk_test_browserproof00000000000000000000";
const SESSION_COOKIE = "wos-session"; // authkit-nextjs's default WORKOS_COOKIE_NAME
const SHORT_PASSWORD = "x".repeat(20);
const COOKIE_PASSWORD_ERROR = "You must provide a valid cookie password that is at least 32 characters";

// --artifacts is the same root as run.mjs's; this proof writes into its nextjs/ folder.
const opt = parseArgs("run-nextjs.mjs", { subdir: "nextjs" });

// ---------------------------------------------------------------------------
// The app
// ---------------------------------------------------------------------------
const TEST_PAGE = `"use client";
// Written by tests/browser/run-nextjs.mjs: the test page of the Next.js browser proof.
import { useConvexAuth, useQuery } from "convex/react";
import { makeFunctionReference } from "convex/server";
import { useAuth } from "@workos-inc/authkit-nextjs/components";
import { AuthButton } from "@/components/AuthButton";

// Served by the Convex sync stand-in: the verified identity's subject, or null.
const whoami = makeFunctionReference<"query">("whoami:get");

export default function Home() {
  const { isLoading, isAuthenticated } = useConvexAuth();
  const subject = useQuery(whoami);
  const { loading: authkitLoading, user } = useAuth();
  return (
    <main>
      <h1>convex-authkit browser test (Next.js)</h1>
      <AuthButton />
      <p>
        Convex auth:{" "}
        <span data-testid="convex-auth">{isLoading ? "loading" : isAuthenticated ? "authenticated" : "unauthenticated"}</span>
      </p>
      <p>
        whoami:get: <span data-testid="whoami">{subject === undefined ? "(loading)" : subject === null ? "null" : String(subject)}</span>
      </p>
      <p>
        AuthKit: <span data-testid="authkit">{authkitLoading ? "loading" : user ? "user " + user.id : "no user"}</span>
      </p>
    </main>
  );
}
`;

const builds = new Map();
// `next build` once per app copy; resolves with null or a failure message.
function build(app, label) {
  if (!builds.has(app)) {
    builds.set(app, runToEnd(`next build of the ${label} app`, join(app, "node_modules", ".bin", "next"), ["build"], { cwd: app, logFile: join(opt.artifacts, `build-${label}.log`) }));
  }
  return builds.get(app);
}

// ---------------------------------------------------------------------------
// One case: emulator + registration + stand-in + next start + a fresh browser profile
// ---------------------------------------------------------------------------
let setup; // { clientId, apiKey, alice, users, app, appNoCallback, tmpRoot }

async function withEnvironment(c, body) {
  const ctx = caseContext(opt, c);
  const app = c.app();
  ctx.app = app;
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
    ctx.events = standin.events;

    // 3. next start, pointed at the emulator. Other settings come from .env.local as init wrote it.
    ctx.appOrigin = `http://localhost:${c.port}`;
    ctx.serverLog = join(ctx.dir, "next-start.log");
    const serverEnv = { WORKOS_API_HOSTNAME: emuUrl.hostname, WORKOS_API_PORT: emuUrl.port, WORKOS_API_HTTPS: "false", ...(c.serverEnv ?? {}) };
    writeFileSync(join(ctx.dir, "server-env.txt"), Object.entries(serverEnv).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
    writeFileSync(join(ctx.dir, "app.env.local"), maskedEnv(join(app, ".env.local")));
    const next = await startServer("next start", join(app, "node_modules", ".bin", "next"), ["start", "-p", String(c.port)], {
      cwd: app,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...serverEnv },
      logFile: ctx.serverLog,
      probeUrl: `${ctx.appOrigin}/favicon.ico`,
      port: c.port,
    });
    started.push(next);

    // 4. Browser with a fresh profile.
    return await withBrowser(ctx, setup.tmpRoot, async (ctx) => {
      // The browser must never call the emulator's token endpoint: authkit-nextjs exchanges and
      // refreshes on the server, with the API key.
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

// Signs in as Alice from the signed-out app and checks the Convex-authenticated state.
async function signInAsAlice(ctx) {
  const { page } = ctx;
  const { redirectUri, pkce } = await openAndSignIn(ctx);
  if (redirectUri !== `http://localhost:${APP_PORT}/callback`) fail(`the app sent redirect_uri=${redirectUri}, expected http://localhost:${APP_PORT}/callback`);
  await pickAlice(ctx);
  await page
    .waitForURL((u) => u.origin === ctx.appOrigin && u.pathname === "/", { timeout: T.nav })
    .catch(async () => fail(`after picking Alice the browser did not come back to ${ctx.appOrigin}/ through /callback (at ${page.url()}: ${(await bodyText(page)).slice(0, 300)})`));
  const callback = ctx.navigations.find((n) => n.url.startsWith(`${ctx.appOrigin}/callback`));
  if (!callback) fail(`the browser never went through ${ctx.appOrigin}/callback`);
  const exchange = ctx.emulatorRequests().find((l) => l.startsWith("POST /user_management/authenticate "));
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
  const accepted = (await userAuths(ctx)).filter((e) => e.outcome === "accepted");
  const mine = accepted.find((e) => e.subject === who);
  if (!mine) fail(`the stand-in has no accepted Authenticate for ${who}`);
  const iss = `https://api.workos.com/user_management/${setup.clientId}`;
  if (mine.claims?.iss && mine.claims.iss !== iss) fail(`the accepted token has iss ${mine.claims.iss}, expected ${iss}`);
  const button = await page.getByRole("button", { name: /^Sign out/ }).textContent({ timeout: 5000 }).catch(() => null);
  if (!button) fail('the AuthButton does not show "Sign out …" although Convex is authenticated');
  if (!button.includes(ALICE)) fail(`the AuthButton says "${button}", expected Alice's email`);
  return { who, pkce, cookie, jti: mine.claims?.jti };
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------
const main_ = () => setup.app;
const CASES = [
  {
    name: "Next.js: sign-in reaches the Convex-authenticated state",
    slug: "01-sign-in",
    port: APP_PORT,
    app: main_,
    async run(ctx) {
      const { who, pkce } = await signInAsAlice(ctx);
      return `whoami:get = ${who} = the stand-in's accepted sub; code exchanged by the Next server (PKCE ${pkce ?? "none"}), never by the browser; HttpOnly ${SESSION_COOKIE} cookie set`;
    },
  },
  {
    name: "Next.js: a reload keeps the session (cookie), sign-out clears it",
    slug: "02-reload-and-sign-out",
    port: APP_PORT,
    app: main_,
    async run(ctx) {
      const { page } = ctx;
      const { who } = await signInAsAlice(ctx);
      const before = ctx.emulatorRequests().filter((l) => l.startsWith("GET /user_management/authorize")).length;
      const authsBefore = (await userAuths(ctx)).length;
      await page.reload({ waitUntil: "load" });
      await waitForText(page, "convex-auth", (t) => t === "authenticated", "Convex not authenticated after the reload");
      const again = await waitForText(page, "whoami", (t) => t.startsWith("user_"), "whoami:get after the reload");
      if (again !== who) fail(`after the reload whoami:get is ${again}, expected ${who}`);
      await ctx.shot("after-reload");
      if (new URL(page.url()).origin !== ctx.appOrigin) fail(`the reload left the app (at ${page.url()})`);
      if (ctx.emulatorRequests().filter((l) => l.startsWith("GET /user_management/authorize")).length !== before) fail("the reload went through the emulator's sign-in again");
      const authsAfter = await userAuths(ctx);
      if (!authsAfter.slice(authsBefore).some((e) => e.outcome === "accepted" && e.subject === who)) fail("after the reload the new Convex connection did not authenticate with the session's token");
      if (!(await ctx.sessionCookie())) fail(`the ${SESSION_COOKIE} cookie is gone after the reload`);
      // Sign out through the AuthButton: authkit-nextjs clears the cookie, the emulator's logout
      // ends the session and sends the browser to the homepage registered from convex.json.
      await page.getByRole("button", { name: /^Sign out/ }).click();
      await page
        .waitForURL((u) => u.origin === ctx.appOrigin && ctx.emulatorRequests().some((l) => l.startsWith("GET /user_management/sessions/logout")), { timeout: T.nav, waitUntil: "load" })
        .catch(async () => fail(`sign-out did not go through the emulator's logout back to ${ctx.appOrigin} (at ${page.url()}: ${(await bodyText(page)).slice(0, 200)})`));
      await waitForText(page, "convex-auth", (t) => t === "unauthenticated", "still signed in to Convex after sign-out");
      await waitForText(page, "whoami", (t) => t === "null", "whoami:get after sign-out");
      await waitForText(page, "authkit", (t) => t === "no user", "AuthKit still has a user after sign-out");
      if (await ctx.sessionCookie()) fail(`the ${SESSION_COOKIE} cookie survived sign-out`);
      await ctx.shot("signed-out");
      await page.reload({ waitUntil: "load" });
      await waitForText(page, "convex-auth", (t) => t === "unauthenticated", "signed in again after sign-out and a reload");
      const logout = ctx.emulatorRequests().find((l) => l.startsWith("GET /user_management/sessions/logout"));
      return `reload: same sub ${who}, no new sign-in; sign-out: cookie cleared, emulator "${logout}", back on ${page.url()}`;
    },
  },
  {
    name: "Next.js negative: app on another port than its redirect URI, the callback goes nowhere",
    slug: "03-callback-port-mismatch",
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
      if (ctx.emulatorRequests().some((l) => l.startsWith("POST /user_management/authenticate"))) fail("the code was exchanged although the callback never reached the app");
      if ((await userAuths(ctx)).length) fail("a token reached the Convex stand-in");
      await page.goto(`${ctx.appOrigin}/`, { waitUntil: "load" });
      await waitForText(page, "convex-auth", (t) => t === "unauthenticated", "the app on the other port");
      return `emulator redirected to ${target}: ${req.failure()?.errorText}; the app on :${OTHER_PORT} stays signed out`;
    },
  },
  {
    name: "Next.js negative: the callback route is missing (app/callback/route.ts deleted)",
    slug: "04-callback-route-missing",
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
      await ctx.shot("callback-404");
      const nav = ctx.navigations.filter((n) => n.url.startsWith(`${ctx.appOrigin}/callback`)).pop();
      if (nav?.status !== 404) fail(`expected /callback to answer 404, got ${nav?.status}: ${(await bodyText(page)).slice(0, 200)}`);
      const text = await bodyText(page);
      if (ctx.emulatorRequests().some((l) => l.startsWith("POST /user_management/authenticate"))) fail("the code was exchanged without a callback route?");
      if (await ctx.sessionCookie()) fail(`a ${SESSION_COOKIE} cookie was set without a callback route`);
      if ((await userAuths(ctx)).length) fail("a token reached the Convex stand-in");
      await page.goto(`${ctx.appOrigin}/`, { waitUntil: "load" });
      await waitForText(page, "convex-auth", (t) => t === "unauthenticated", "signed in without a callback route?");
      return `/callback?code=… answered 404 ("${text.slice(0, 60)}"); the code was never exchanged, the app stays signed out`;
    },
  },
  {
    name: "Next.js negative: a 20-character cookie password surfaces the SDK's error",
    slug: "05-short-cookie-password",
    port: APP_PORT,
    app: main_,
    serverEnv: { WORKOS_COOKIE_PASSWORD: SHORT_PASSWORD }, // the server's env wins over .env.local
    async run(ctx) {
      const { page } = ctx;
      const res = await page.goto(`${ctx.appOrigin}/`, { waitUntil: "load" });
      await ctx.shot("short-cookie-password");
      const status = res?.status();
      const text = await bodyText(page);
      // The error can reach the server log a moment after the response.
      let logged = null;
      const deadline = Date.now() + 10000;
      while (Date.now() < deadline && !logged) {
        logged = readFileSync(ctx.serverLog, "utf8").split("\n").find((l) => l.includes(COOKIE_PASSWORD_ERROR)) ?? null;
        if (!logged) await page.waitForTimeout(250);
      }
      if (!logged && !text.includes(COOKIE_PASSWORD_ERROR)) fail(`the SDK's "${COOKIE_PASSWORD_ERROR}" error appears neither on the page (HTTP ${status}: ${text.slice(0, 200)}) nor in ${ctx.serverLog}`);
      if (status === 200 && (await page.getByTestId("convex-auth").count()) > 0) {
        // The page rendered: sign-in must then be what fails.
        await page.getByRole("link", { name: "Sign in", exact: true }).click();
        await page.waitForLoadState("load");
      }
      if ((await userAuths(ctx)).length) fail("a token reached the Convex stand-in");
      return `GET / → HTTP ${status}; server log: "${logged?.trim().slice(0, 160) ?? "(page only)"}"`;
    },
  },
];

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------
async function prepare() {
  const blockers = preflight(opt, [!existsSync(join(NEXT_DEPS, "next")) && "tests/npm/nextjs16/node_modules is missing (run tests/browser/run.sh, or npm ci in tests/npm/nextjs16)"]);
  if (blockers.length) return blockers.join("; ");
  let probe;
  try {
    probe = await probeEmulator(opt);
  } catch (e) {
    return `emulator: ${e.message}`;
  }
  const { clientId } = probe;

  // The copies live under target/ (the same filesystem as tests/npm, for hard links; no lockfile
  // above them, so the app is Turbopack's root).
  const tmpRoot = makeTmpRoot(opt, join(REPO, "target"), "browser-nextjs-");
  const app = join(tmpRoot, "app");
  cpSync(join(REPO, "tests", "fixtures", "nextjs-16"), app, { recursive: true });

  // init, existing team, the emulator's client ID and API key (on stdin).
  const initLog = join(opt.artifacts, "init.log");
  const runInit = (key) => {
    const args = ["init", app, "--team", "existing", "--client-id", clientId, "--scope", "local", "--api-key-stdin", "--yes", "--no-install"];
    const r = spawnSync(opt.bin, args, { input: `${key}\n`, encoding: "utf8", timeout: T.tool });
    writeFileSync(initLog, `$ convex-authkit ${args.join(" ").replace(app, "<app>")}   (stdin: the API key)\n${r.stdout ?? ""}${r.stderr ?? ""}`, { flag: "a" });
    return r;
  };
  writeFileSync(initLog, "");
  let apiKey = EMULATOR_API_KEY;
  let init = runInit(apiKey);
  if (init.status === 2 && /API key/.test(init.stderr ?? "")) {
    const why = (init.stderr ?? "").trim().split("\n")[0];
    console.log(`note: init refuses the emulator's default API key ${EMULATOR_API_KEY} (${why}); using ${PROOF_API_KEY.slice(0, 12)}…, which the emulator is configured to accept too`);
    apiKey = PROOF_API_KEY;
    init = runInit(apiKey);
  }
  if (init.status !== 0) return `convex-authkit init exited ${init.status ?? init.signal}; see ${initLog}`;
  for (const f of ["components/ConvexClientProvider.tsx", "components/AuthButton.tsx", "app/callback/route.ts", "app/sign-in/route.ts", "proxy.ts", "convex/auth.config.ts", "convex.json"]) {
    if (!existsSync(join(app, f))) return `init did not write ${f}`;
    cpSync(join(app, f), join(opt.artifacts, `init-${f.replace(/\//g, "_")}`));
  }
  const env = readEnv(join(app, ".env.local"));
  const want = { WORKOS_CLIENT_ID: clientId, NEXT_PUBLIC_WORKOS_REDIRECT_URI: `http://localhost:${APP_PORT}/callback`, WORKOS_API_KEY: apiKey };
  for (const [k, v] of Object.entries(want)) if (env[k] !== v) return `init's .env.local has ${k}=${k === "WORKOS_API_KEY" ? "(masked)" : env[k]}, expected ${k === "WORKOS_API_KEY" ? "the key given on stdin" : v}`;
  if (!env.WORKOS_COOKIE_PASSWORD || env.WORKOS_COOKIE_PASSWORD.length < 32) return `init's .env.local has no WORKOS_COOKIE_PASSWORD of 32+ characters`;
  writeFileSync(join(opt.artifacts, "init-.env.local"), maskedEnv(join(app, ".env.local")));

  // As `npx convex dev` would: the deployment URL in .env.local (inlined into the client at build).
  setEnv(join(app, ".env.local"), { NEXT_PUBLIC_CONVEX_URL: `http://127.0.0.1:${STANDIN_PORT}` });
  writeFileSync(join(app, "app", "page.tsx"), TEST_PAGE);
  const appNoCallback = join(tmpRoot, "app-no-callback-route");
  cpSync(app, appNoCallback, { recursive: true });
  rmSync(join(appNoCallback, "app", "callback", "route.ts"));
  hardlinkNodeModules(NEXT_DEPS, app);
  hardlinkNodeModules(NEXT_DEPS, appNoCallback);
  setup = { clientId, apiKey, alice: probe.alice, users: probe.users, app, appNoCallback, tmpRoot };
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  return null;
}

rmSync(opt.artifacts, { recursive: true, force: true });
mkdirSync(opt.artifacts, { recursive: true });
await runSuite(opt, CASES, {
  prepare,
  run: (c) => withEnvironment(c, (ctx) => c.run(ctx)),
  // The first case of an app copy also waits for its build.
  timeout: (c) => T.caseTotal + (builds.has(c.app()) ? 0 : T.build),
});
