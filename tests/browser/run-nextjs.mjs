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

import { spawn, spawnSync } from "node:child_process";
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, "..", "..");
const NEXT_DEPS = join(REPO, "tests", "npm", "nextjs16", "node_modules");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];
const APP_PORT = 3000; // init's redirect URI: http://localhost:3000/callback
const OTHER_PORT = 3001;
const STANDIN_PORT = 3210;
const ALICE = "alice@example.com";
// src/emulator/config.rs DEFAULT_API_KEY. init checks a key's shape; if it refuses this one, the
// proof says so and uses PROOF_API_KEY, which the emulator is configured to accept as well.
const EMULATOR_API_KEY = "sk_test_emulator_key";
const PROOF_API_KEY = "sk_test_browserproof00000000000000000000";
const SESSION_COOKIE = "wos-session"; // authkit-nextjs's default WORKOS_COOKIE_NAME
const SHORT_PASSWORD = "x".repeat(20);
const COOKIE_PASSWORD_ERROR = "You must provide a valid cookie password that is at least 32 characters";

const T = {
  start: 20000,
  tool: 120000,
  build: 600000,
  nav: 30000,
  state: 30000,
  caseTotal: 180000,
};

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------
function usage(msg) {
  if (msg) console.error(`run-nextjs.mjs: ${msg}`);
  console.error("usage: node tests/browser/run-nextjs.mjs --bin PATH [--cases REGEX] [--artifacts DIR] [--keep]");
  process.exit(2);
}
// --artifacts is the same root as run.mjs's; this proof writes into its nextjs/ folder.
const opt = { bin: null, cases: null, artifacts: join(REPO, "target", "browser-artifacts"), keep: false };
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const next = () => (i + 1 < a.length ? a[++i] : usage(`missing value after ${a[i]}`));
    if (a[i] === "--bin") opt.bin = resolve(next());
    else if (a[i] === "--cases") opt.cases = new RegExp(next());
    else if (a[i] === "--artifacts") opt.artifacts = resolve(next());
    else if (a[i] === "--keep") opt.keep = true;
    else usage(`unknown argument ${a[i]}`);
  }
  if (!opt.bin) usage("--bin is required");
  opt.artifacts = join(opt.artifacts, "nextjs");
}

// ---------------------------------------------------------------------------
// Processes: every child is its own process group, killed on exit.
// ---------------------------------------------------------------------------
const children = new Set();
const alive = (c) => c.exitCode === null && c.signalCode === null;
function killChild(child, sig = "SIGTERM") {
  if (!alive(child)) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    // already gone
  }
}
let tmpRoot = null;
process.on("exit", () => {
  for (const c of children) killChild(c);
  if (tmpRoot && !opt.keep) rmSync(tmpRoot, { recursive: true, force: true });
});
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    console.error(`run-nextjs.mjs: ${sig}, stopping`);
    process.exit(130);
  });
}

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise.finally(() => clearTimeout(t)),
    new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`timed out after ${ms / 1000}s waiting for ${what}`)), ms))),
  ]);
}

// Starts a long-running child. With firstLine, resolves with its first stdout line as JSON; the
// rest of stdout and all of stderr go to logFile.
function startChild(name, cmd, args, { cwd, logFile, firstLine = true, env } = {}) {
  const log = createWriteStream(logFile, { flags: "a" });
  log.write(`$ ${[cmd, ...args].join(" ")}\n`);
  const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  children.add(child);
  child.on("exit", () => children.delete(child));
  child.stderr.pipe(log, { end: false });
  if (!firstLine) {
    child.stdout.pipe(log, { end: false });
    return Promise.resolve({ child });
  }
  return withTimeout(
    new Promise((res, rej) => {
      const rl = createInterface({ input: child.stdout });
      let got = false;
      rl.on("line", (line) => {
        log.write(line + "\n");
        if (got) return;
        got = true;
        try {
          res({ child, info: JSON.parse(line) });
        } catch {
          rej(new Error(`${name}: first stdout line is not JSON: ${line.slice(0, 300)}`));
        }
      });
      child.on("error", (e) => rej(new Error(`${name}: could not start ${cmd}: ${e.message}`)));
      child.on("exit", (code, sig) => {
        if (!got) rej(new Error(`${name} exited (${sig ?? code}) before printing its first line; see ${logFile}`));
      });
    }),
    T.start,
    `${name} to start`,
  ).catch((e) => {
    killChild(child);
    throw e;
  });
}

async function stopAll(list) {
  for (const ch of [...list].reverse()) killChild(ch);
  await Promise.all(
    list.map((ch) =>
      alive(ch)
        ? withTimeout(new Promise((r) => ch.once("exit", r)), 5000, "exit").catch(() => killChild(ch, "SIGKILL"))
        : null,
    ),
  );
}

// Waits until the URL answers at all (any HTTP status: a broken app answers 500).
async function waitHttp(url, ms, what) {
  const deadline = Date.now() + ms;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: "manual" });
      return r.status;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms / 1000}s waiting for ${what} at ${url} (last: ${last})`);
}

function setEnv(file, values) {
  const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
  const seen = new Set();
  const out = lines.map((line) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (m && m[1] in values) {
      seen.add(m[1]);
      return `${m[1]}=${values[m[1]]}`;
    }
    return line;
  });
  while (out.length && out[out.length - 1] === "") out.pop();
  for (const [k, v] of Object.entries(values)) if (!seen.has(k)) out.push(`${k}=${v}`);
  writeFileSync(file, out.join("\n") + "\n");
}
function readEnv(file) {
  const env = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  return env;
}

// A .env file for the artifacts: secrets replaced by their lengths.
const maskedEnv = (file) =>
  Object.entries(readEnv(file))
    .map(([k, v]) => `${k}=${/KEY|PASSWORD|SECRET/.test(k) ? `(${v.length} characters)` : v}`)
    .join("\n") + "\n";

function decodeJwt(token) {
  try {
    return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

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

// node_modules as hard links to tests/npm/nextjs16/node_modules: a real tree inside the app, as
// Turbopack wants (it refuses symlinks leaving the app's root). Falls back to a copy.
function linkNodeModules(app) {
  const dest = join(app, "node_modules");
  rmSync(dest, { recursive: true, force: true });
  let r = spawnSync("cp", ["-al", NEXT_DEPS, dest], { encoding: "utf8" });
  if (r.status !== 0) {
    rmSync(dest, { recursive: true, force: true });
    r = spawnSync("cp", ["-R", NEXT_DEPS, dest], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`could not copy ${NEXT_DEPS}: ${r.stderr}`);
  }
}

const builds = new Map();
// `next build` once per app copy; resolves with null or a failure message.
function build(app, label) {
  if (!builds.has(app)) {
    builds.set(
      app,
      (async () => {
        const logFile = join(opt.artifacts, `build-${label}.log`);
        writeFileSync(logFile, "");
        const { child } = await startChild("next build", join(app, "node_modules", ".bin", "next"), ["build"], { cwd: app, logFile, firstLine: false });
        const code = await withTimeout(new Promise((r) => child.on("exit", (c, s) => r(s ?? c))), T.build, "next build").catch((e) => {
          killChild(child, "SIGKILL");
          return e.message;
        });
        if (code === 0) return null;
        const tail = readFileSync(logFile, "utf8").trim().split("\n").slice(-8).join(" | ");
        return `next build of the ${label} app failed (${code}): ${tail} (log: ${logFile})`;
      })(),
    );
  }
  return builds.get(app);
}

// ---------------------------------------------------------------------------
// One case: emulator + registration + stand-in + next start + a fresh browser profile
// ---------------------------------------------------------------------------
let playwright;
let setup; // { clientId, apiKey, alice, app, appNoCallback }
class CaseFailure extends Error {}
const fail = (msg) => {
  throw new CaseFailure(msg);
};

function emulatorConfig(clientId, users) {
  const seeded = { [ALICE]: { first_name: "Alice", last_name: "Example", memberships: [{ organization_id: "org_01EMULATORACME", role: "admin", permissions: ["widgets:read", "widgets:write"] }] } };
  return {
    clients: [{ client_id: clientId, redirect_uris: [], cors_origins: [], api_keys: [EMULATOR_API_KEY, PROOF_API_KEY] }],
    users: users.map((u) => ({ id: u.id, email: u.email, ...(seeded[u.email] ?? { first_name: u.email.split("@")[0].replace(/^./, (c) => c.toUpperCase()), last_name: "Example" }) })),
  };
}

// What `npx convex dev` does with convex.json's authKit.dev.configure: register it in WorkOS.
async function registerFromConvexJson(ctx, app) {
  const configure = JSON.parse(readFileSync(join(app, "convex.json"), "utf8")).authKit?.dev?.configure;
  if (!configure) fail("convex.json has no authKit.dev.configure");
  const call = async (method, path, body) => {
    const r = await fetch(`${ctx.emulatorUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${setup.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    ctx.log.push(`[register] ${method} ${path} ${JSON.stringify(body)} -> ${r.status}`);
    if (r.status >= 300) fail(`registering ${JSON.stringify(body)} with the emulator: HTTP ${r.status} ${await r.text()}`);
  };
  for (const uri of configure.redirectUris ?? []) await call("POST", "/user_management/redirect_uris", { uri });
  for (const origin of configure.corsOrigins ?? []) await call("POST", "/user_management/cors_origins", { origin });
  if (configure.appHomepageUrl) await call("PUT", "/user_management/app_homepage_url", { url: configure.appHomepageUrl });
  return configure;
}

async function withEnvironment(c, body) {
  const dir = join(opt.artifacts, c.slug);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const app = c.app();
  const buildFailure = await build(app, c.build ?? "main");
  if (buildFailure) fail(`blocked: ${buildFailure}`);
  const started = [];
  const ctx = { dir, app, shots: 0, log: [] };
  try {
    // 1. Emulator (request log on stderr → emulator.log), then what `npx convex dev` registers.
    const cfg = join(dir, "emulator-config.json");
    writeFileSync(cfg, JSON.stringify(emulatorConfig(setup.clientId, setup.users), null, 2));
    ctx.emulatorLog = join(dir, "emulator.log");
    const emu = await startChild("emulator", opt.bin, ["emulate", "--port", "0", "--json", "--config", cfg], { logFile: ctx.emulatorLog });
    started.push(emu.child);
    ctx.emulatorUrl = emu.info.url.replace(/\/$/, "");
    const emuUrl = new URL(ctx.emulatorUrl);
    ctx.emulatorRequests = () => readFileSync(ctx.emulatorLog, "utf8").split("\n").filter((l) => /^(GET|POST|PUT|OPTIONS|DELETE) \//.test(l));
    ctx.configure = await registerFromConvexJson(ctx, app);

    // 2. Convex sync stand-in, checking tokens with the project's verifier.
    const verifier = [opt.bin, "verify", app, "--token", "-", "--env", `WORKOS_CLIENT_ID=${setup.clientId}`, "--jwks-override", `https://api.workos.com/sso/jwks/=${ctx.emulatorUrl}/sso/jwks/`, "--json"];
    const st = await startChild("convex-sync-standin", process.execPath, [join(HERE, "convex-sync-standin.mjs"), "--port", String(STANDIN_PORT), "--verifier-json", JSON.stringify(verifier), "--log", join(dir, "standin-frames.jsonl")], {
      logFile: join(dir, "standin.log"),
    });
    started.push(st.child);
    ctx.standin = st.info;
    ctx.events = async () => (await (await fetch(ctx.standin.events, { signal: AbortSignal.timeout(5000) })).json()).events;

    // 3. next start, pointed at the emulator. Other settings come from .env.local as init wrote it.
    ctx.appOrigin = `http://localhost:${c.port}`;
    ctx.serverLog = join(dir, "next-start.log");
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", WORKOS_API_HOSTNAME: emuUrl.hostname, WORKOS_API_PORT: emuUrl.port, WORKOS_API_HTTPS: "false", ...(c.serverEnv ?? {}) };
    writeFileSync(join(dir, "server-env.txt"), Object.entries({ WORKOS_API_HOSTNAME: env.WORKOS_API_HOSTNAME, WORKOS_API_PORT: env.WORKOS_API_PORT, WORKOS_API_HTTPS: env.WORKOS_API_HTTPS, ...(c.serverEnv ?? {}) }).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
    writeFileSync(join(dir, "app.env.local"), maskedEnv(join(app, ".env.local")));
    const next = await startChild("next start", join(app, "node_modules", ".bin", "next"), ["start", "-p", String(c.port)], { cwd: app, env, logFile: ctx.serverLog, firstLine: false });
    started.push(next.child);
    const nextExit = new Promise((res) => next.child.on("exit", (code) => res(code)));
    await Promise.race([
      waitHttp(`${ctx.appOrigin}/favicon.ico`, T.start * 3, "next start"),
      nextExit.then((code) => fail(`next start exited (${code}) before serving ${ctx.appOrigin}; is port ${c.port} free? see ${ctx.serverLog}`)),
    ]);

    // 4. Browser with a fresh profile.
    const profile = mkdtempSync(join(tmpRoot, `profile-${c.slug}-`));
    const context = await playwright.chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1000, height: 700 },
      timeout: T.start,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(T.state);
      page.setDefaultNavigationTimeout(T.nav);
      ctx.navigations = [];
      page.on("console", (m) => ctx.log.push(`[console.${m.type()}] ${m.text()}`));
      page.on("pageerror", (e) => ctx.log.push(`[pageerror] ${e.message}`));
      page.on("requestfailed", (r) => ctx.log.push(`[requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`));
      // The browser must never call the emulator's token endpoint: authkit-nextjs exchanges and
      // refreshes on the server, with the API key.
      ctx.browserTokenCalls = [];
      page.on("request", (r) => {
        if (r.url().startsWith(`${ctx.emulatorUrl}/user_management/authenticate`)) ctx.browserTokenCalls.push(r.url());
      });
      page.on("response", (r) => {
        if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) {
          ctx.navigations.push({ url: r.url(), status: r.status() });
          ctx.log.push(`[document] ${r.status()} ${r.url()}`);
        }
      });
      ctx.page = page;
      ctx.context = context;
      ctx.sessionCookie = async () => (await context.cookies(ctx.appOrigin)).find((ck) => ck.name === SESSION_COOKIE) ?? null;
      ctx.shot = async (name) => {
        const file = join(dir, `${String(++ctx.shots).padStart(2, "0")}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true, timeout: 10000 }).catch((e) => ctx.log.push(`[screenshot failed] ${name}: ${e.message}`));
      };
      try {
        return await body(ctx);
      } catch (e) {
        await ctx.shot("failure");
        throw e;
      }
    } finally {
      writeFileSync(join(dir, "browser-console.log"), ctx.log.join("\n") + "\n");
      await context.close().catch(() => {});
    }
  } finally {
    await stopAll(started);
  }
}

async function waitForText(page, testId, pred, what) {
  const loc = page.getByTestId(testId);
  const deadline = Date.now() + T.state;
  let last = null;
  while (Date.now() < deadline) {
    last = await loc.textContent({ timeout: 5000 }).catch(() => null);
    if (last !== null && pred(last)) return last;
    await page.waitForTimeout(200);
  }
  fail(`${what}: data-testid="${testId}" is ${JSON.stringify(last)} after ${T.state / 1000}s`);
}
const bodyText = async (page) => ((await page.innerText("body", { timeout: 5000 }).catch(() => "")) ?? "").replace(/\s+/g, " ").trim();
const userAuths = async (ctx) => (await ctx.events()).filter((e) => e.kind === "authenticate" && e.tokenType === "User");

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

async function pickAlice(ctx) {
  const { page } = ctx;
  let button = page.locator(`button[data-user-email="${ALICE}"], a[data-user-email="${ALICE}"], [data-user-email="${ALICE}"] button, [data-user-email="${ALICE}"] a`);
  if ((await button.count()) === 0) button = page.getByRole("button", { name: /Sign in as Alice/ });
  if ((await button.count()) === 0) fail(`the emulator page has no "Sign in as Alice" button; it says: ${(await bodyText(page)).slice(0, 300)}`);
  await ctx.shot("emulator-sign-in");
  await button.first().click();
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
    const auths = await userAuths(ctx).catch(() => []);
    const last = auths[auths.length - 1];
    const why = !last ? "no token reached the Convex stand-in" : last.outcome === "rejected" ? `the verifier rejected the token: ${last.code}: ${last.message}` : `last Authenticate: ${last.outcome}`;
    fail(`${e.message}; ${why}; AuthKit: ${await page.getByTestId("authkit").textContent().catch(() => "?")}`);
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
async function main() {
  const selected = CASES.filter((c) => !opt.cases || opt.cases.test(c.name) || opt.cases.test(c.slug));
  let passed = 0;
  let failed = 0;
  const report = (ok, c, detail) => {
    console.log(`${ok ? "PASS" : "FAIL"} ${c.name}${detail ? (ok ? ` (${detail})` : `: ${detail}`) : ""}`);
    ok ? passed++ : failed++;
  };
  const finish = () => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  };
  const blockAll = (why) => {
    for (const c of selected) report(false, c, `blocked: ${why}`);
    return finish();
  };
  if (!selected.length) return finish();

  rmSync(opt.artifacts, { recursive: true, force: true });
  mkdirSync(opt.artifacts, { recursive: true });
  const blockers = [];
  if (!existsSync(opt.bin)) blockers.push(`binary not found: ${opt.bin} (build it with cargo build)`);
  if (!existsSync(CHROMIUM)) blockers.push(`${CHROMIUM} not found (apt-get install chromium)`);
  if (!existsSync(join(HERE, "node_modules", "playwright-core"))) blockers.push("tests/browser/node_modules is missing (run tests/browser/run.sh)");
  if (!existsSync(join(NEXT_DEPS, "next"))) blockers.push("tests/npm/nextjs16/node_modules is missing (run tests/browser/run.sh, or npm ci in tests/npm/nextjs16)");
  if (blockers.length) return blockAll(blockers.join("; "));
  playwright = await import("playwright-core");

  // The emulator's client and users, from its first line.
  let info;
  try {
    const probeLog = join(opt.artifacts, "emulator-probe.log");
    const emu = await startChild("emulator", opt.bin, ["emulate", "--port", "0", "--json", "-q"], { logFile: probeLog });
    killChild(emu.child);
    info = emu.info;
  } catch (e) {
    return blockAll(`emulator: ${e.message}`);
  }
  const clientId = info?.clients?.[0]?.client_id;
  const alice = info?.users?.find((u) => u.email === ALICE)?.id;
  if (!clientId || !alice) return blockAll(`the emulator's first line lacks clients[0].client_id or ${ALICE}: ${JSON.stringify(info).slice(0, 300)}`);

  // The copies live under target/ (the same filesystem as tests/npm, for hard links; no lockfile
  // above them, so the app is Turbopack's root).
  mkdirSync(join(REPO, "target"), { recursive: true });
  tmpRoot = mkdtempSync(join(REPO, "target", "browser-nextjs-"));
  if (opt.keep) console.log(`keeping temp files under ${tmpRoot}`);
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
  if (init.status !== 0) return blockAll(`convex-authkit init exited ${init.status ?? init.signal}; see ${initLog}`);
  for (const f of ["components/ConvexClientProvider.tsx", "components/AuthButton.tsx", "app/callback/route.ts", "app/sign-in/route.ts", "proxy.ts", "convex/auth.config.ts", "convex.json"]) {
    if (!existsSync(join(app, f))) return blockAll(`init did not write ${f}`);
    cpSync(join(app, f), join(opt.artifacts, `init-${f.replace(/\//g, "_")}`));
  }
  const env = readEnv(join(app, ".env.local"));
  const want = { WORKOS_CLIENT_ID: clientId, NEXT_PUBLIC_WORKOS_REDIRECT_URI: `http://localhost:${APP_PORT}/callback`, WORKOS_API_KEY: apiKey };
  for (const [k, v] of Object.entries(want)) if (env[k] !== v) return blockAll(`init's .env.local has ${k}=${k === "WORKOS_API_KEY" ? "(masked)" : env[k]}, expected ${k === "WORKOS_API_KEY" ? "the key given on stdin" : v}`);
  if (!env.WORKOS_COOKIE_PASSWORD || env.WORKOS_COOKIE_PASSWORD.length < 32) return blockAll(`init's .env.local has no WORKOS_COOKIE_PASSWORD of 32+ characters`);
  writeFileSync(join(opt.artifacts, "init-.env.local"), maskedEnv(join(app, ".env.local")));

  // As `npx convex dev` would: the deployment URL in .env.local (inlined into the client at build).
  setEnv(join(app, ".env.local"), { NEXT_PUBLIC_CONVEX_URL: `http://127.0.0.1:${STANDIN_PORT}` });
  writeFileSync(join(app, "app", "page.tsx"), TEST_PAGE);
  const appNoCallback = join(tmpRoot, "app-no-callback-route");
  cpSync(app, appNoCallback, { recursive: true });
  rmSync(join(appNoCallback, "app", "callback", "route.ts"));
  try {
    linkNodeModules(app);
    linkNodeModules(appNoCallback);
  } catch (e) {
    return blockAll(e.message);
  }
  setup = { clientId, apiKey, alice, users: info.users, app, appNoCallback };
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  for (const c of selected) {
    try {
      const detail = await withTimeout(withEnvironment(c, (ctx) => c.run(ctx)), T.caseTotal + (builds.has(c.app()) ? 0 : T.build), c.name);
      report(true, c, detail);
    } catch (e) {
      const msg = e instanceof CaseFailure ? e.message : `${e.message}`.split("\n")[0];
      report(false, c, `${msg} (artifacts: ${join(opt.artifacts, c.slug)})`);
      for (const ch of children) killChild(ch);
    }
  }
  finish();
}

main().catch((e) => {
  console.error(`run-nextjs.mjs: ${e.stack ?? e}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
