#!/usr/bin/env node
// The real-browser proof (issue 4): headless Chromium signs in to an `init`-ed Vite app through
// the AuthKit emulator and must reach Convex's authenticated state.
//
//   node tests/browser/run.mjs --bin path/to/convex-authkit [--cases REGEX] [--keep]
//
// Usually started through tests/browser/run.sh, which installs the npm deps first.
//
// Pieces (all on 127.0.0.1/localhost, all started and stopped here):
//   - a temp copy of tests/fixtures/basic-ts, set up with `convex-authkit init` (existing team, the
//     emulator's client ID), with node_modules symlinked from tests/browser/node_modules, and a
//     test page as src/App.tsx;
//   - `convex-authkit emulate --port 0 --json -q [--config FILE]` (the local WorkOS AuthKit);
//   - tests/browser/convex-sync-standin.mjs (TEST SUPPORT: answers the Convex client's sync
//     protocol, checking each token with `convex-authkit verify` against the app's auth.config);
//   - `vite --port P --strictPort --host localhost` in the app;
//   - Debian's /usr/bin/chromium driven by playwright-core, with a fresh profile per case.
//
// Output: one "PASS <case>" / "FAIL <case>: <reason>" line per case, then exactly
// "<N> passed, <M> failed". Exit 1 if any case failed, 2 on bad usage.
// Artifacts (screenshots, browser console, stand-in frame log, process logs):
//   target/browser-artifacts/<case>/ (repo-relative; override with --artifacts DIR).

import { spawn, spawnSync } from "node:child_process";
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, "..", "..");
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
const REGISTERED_PORT = 5173; // the port the emulator's default client registers
const OTHER_PORT = 5174;
const ALICE = "alice@example.com";

// Bounds (ms). Nothing asserts on speed; these only stop a stuck run.
const T = {
  start: 20000, // a child process printing its first line / vite answering
  tool: 120000, // convex-authkit init
  nav: 30000, // a page navigation
  state: 30000, // the page reaching an expected state
  caseTotal: 180000,
};

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------
function usage(msg) {
  if (msg) console.error(`run.mjs: ${msg}`);
  console.error("usage: node tests/browser/run.mjs --bin PATH [--cases REGEX] [--artifacts DIR] [--keep]");
  process.exit(2);
}
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
}

// ---------------------------------------------------------------------------
// Process management: every child is its own process group, killed on exit.
// ---------------------------------------------------------------------------
const children = new Set();
function killChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
function killAll() {
  for (const c of children) killChild(c);
}
let tmpRoot = null;
process.on("exit", () => {
  killAll();
  if (tmpRoot && !opt.keep) rmSync(tmpRoot, { recursive: true, force: true });
});
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    console.error(`run.mjs: ${sig}, stopping`);
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

// Starts a long-running child; resolves with its first stdout line (parsed as JSON when asked).
// stdout after the first line and all of stderr go to logFile.
function startChild(name, cmd, args, { cwd, logFile, firstLine = true, json = true, env } = {}) {
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
        if (got) {
          log.write(line + "\n");
          return;
        }
        got = true;
        log.write(line + "\n");
        if (!json) return res({ child, line });
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

async function waitHttp(url, ms, what) {
  const deadline = Date.now() + ms;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms / 1000}s waiting for ${what} at ${url} (last: ${last})`);
}

// ---------------------------------------------------------------------------
// Commands for the tool's subcommands
// ---------------------------------------------------------------------------
function toolCmd(sub) {
  return [opt.bin, sub];
}

// Does the binary have this subcommand? (It fails fast with a usage error if not.)
function probeSubcommand(sub) {
  const r = spawnSync(opt.bin, [sub, "--help"], { encoding: "utf8", timeout: 15000 });
  if (r.error) return `could not run ${opt.bin}: ${r.error.message}`;
  if (r.status !== 0) return `\`convex-authkit ${sub}\` is not available in ${opt.bin}: ${(r.stderr || r.stdout).trim().split("\n")[0]}`;
  return null;
}

// ---------------------------------------------------------------------------
// The app under test
// ---------------------------------------------------------------------------
const TEST_PAGE = `// Written by tests/browser/run.mjs: a test page for the browser proof.
import { useConvexAuth, useQuery } from "convex/react";
import { makeFunctionReference } from "convex/server";
import { useAuth } from "@workos-inc/authkit-react";
import { AuthButton } from "./AuthButton";

// Served by the Convex sync stand-in: the verified identity's subject, or null.
const whoami = makeFunctionReference<"query">("whoami:get");

export default function App() {
  const { isLoading, isAuthenticated } = useConvexAuth();
  const subject = useQuery(whoami);
  const { isLoading: authkitLoading, user } = useAuth();
  return (
    <main>
      <h1>convex-authkit browser test</h1>
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

function linkNodeModules(app) {
  const shared = join(HERE, "node_modules");
  const dest = join(app, "node_modules");
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest);
  for (const entry of readdirSync(shared)) {
    if (entry === ".vite" || entry === ".package-lock.json") continue;
    symlinkSync(join(shared, entry), join(dest, entry));
  }
}

// Sets keys in a .env file, keeping every other line.
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

// ---------------------------------------------------------------------------
// One case: emulator + stand-in + vite + a fresh browser profile
// ---------------------------------------------------------------------------
let playwright;
class CaseFailure extends Error {}
const fail = (msg) => {
  throw new CaseFailure(msg);
};

async function withEnvironment(c, app, clientId, body) {
  const dir = join(opt.artifacts, c.slug);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = [];
  const ctx = { dir, shots: 0, consoleLines: [] };
  try {
    // 1. Emulator.
    const emuArgs = ["--port", "0", "--json", "-q"];
    if (c.emulatorConfig) {
      const cfg = join(dir, "emulator-config.json");
      writeFileSync(cfg, JSON.stringify(c.emulatorConfig(clientId), null, 2));
      emuArgs.push("--config", cfg);
    }
    const [emuCmd, ...emuPre] = toolCmd("emulate");
    const emu = await startChild("emulator", emuCmd, [...emuPre, ...emuArgs], { logFile: join(dir, "emulator.log") });
    started.push(emu.child);
    const emuUrl = new URL(emu.info.url);
    ctx.emulatorUrl = emu.info.url.replace(/\/$/, "");
    ctx.emulatorInfo = emu.info;

    // 2. Convex sync stand-in, checking tokens with the project's verifier.
    const [verCmd, ...verPre] = toolCmd("verify");
    const verifier = [
      verCmd,
      ...verPre,
      app,
      "--token",
      "-",
      "--env",
      `WORKOS_CLIENT_ID=${clientId}`,
      "--jwks-override",
      `https://api.workos.com/sso/jwks/=${ctx.emulatorUrl}/sso/jwks/`,
      "--json",
    ];
    const st = await startChild("convex-sync-standin", process.execPath, [join(HERE, "convex-sync-standin.mjs"), "--port", "0", "--verifier-json", JSON.stringify(verifier), "--log", join(dir, "standin-frames.jsonl")], {
      logFile: join(dir, "standin.log"),
    });
    started.push(st.child);
    ctx.standin = st.info;

    // 3. The app's env, then vite.
    const appOrigin = `http://localhost:${c.port}`;
    ctx.appOrigin = appOrigin;
    setEnv(join(app, ".env.local"), {
      VITE_CONVEX_URL: st.info.url,
      VITE_WORKOS_CLIENT_ID: clientId,
      VITE_WORKOS_REDIRECT_URI: c.redirectUri ?? `${appOrigin}/callback`,
      VITE_WORKOS_API_HOSTNAME: emuUrl.hostname,
      VITE_WORKOS_API_PORT: emuUrl.port,
      VITE_WORKOS_API_HTTPS: emuUrl.protocol === "https:" ? "true" : "false",
    });
    cpSync(join(app, ".env.local"), join(dir, "app.env.local"));
    const vite = await startChild("vite", join(app, "node_modules", ".bin", "vite"), ["--port", String(c.port), "--strictPort", "--host", "localhost", "--clearScreen", "false"], {
      cwd: app,
      logFile: join(dir, "vite.log"),
      firstLine: false,
    });
    started.push(vite.child);
    const viteExit = new Promise((res) => vite.child.on("exit", (code) => res(code)));
    await Promise.race([
      waitHttp(`${appOrigin}/`, T.start * 3, "vite"),
      viteExit.then((code) => {
        throw new CaseFailure(`vite exited (${code}) before serving ${appOrigin}; is port ${c.port} free? see ${join(dir, "vite.log")}`);
      }),
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
      page.on("console", (m) => ctx.consoleLines.push(`[console.${m.type()}] ${m.text()}`));
      page.on("pageerror", (e) => ctx.consoleLines.push(`[pageerror] ${e.message}`));
      page.on("requestfailed", (r) => ctx.consoleLines.push(`[requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`));
      page.on("framenavigated", (f) => {
        if (f === page.mainFrame()) ctx.consoleLines.push(`[navigated] ${f.url()}`);
      });
      ctx.page = page;
      ctx.shot = async (name) => {
        const file = join(dir, `${String(++ctx.shots).padStart(2, "0")}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true, timeout: 10000 }).catch((e) => ctx.consoleLines.push(`[screenshot failed] ${name}: ${e.message}`));
      };
      ctx.events = async () => (await (await fetch(ctx.standin.events, { signal: AbortSignal.timeout(5000) })).json()).events;
      try {
        await body(ctx);
      } catch (e) {
        await ctx.shot("failure");
        throw e;
      }
    } finally {
      writeFileSync(join(dir, "browser-console.log"), ctx.consoleLines.join("\n") + "\n");
      await context.close().catch(() => {});
    }
  } finally {
    for (const child of started.reverse()) killChild(child);
    await Promise.all(started.map((ch) => (ch.exitCode !== null || ch.signalCode !== null ? null : withTimeout(new Promise((r) => ch.once("exit", r)), 5000, "exit").catch(() => process.kill(-ch.pid, "SIGKILL")))));
  }
}

const text = (page, testId) => page.getByTestId(testId).textContent({ timeout: T.state });
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

function decodeJwt(token) {
  try {
    return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

const onEmulator = (ctx) => (u) => u.toString().startsWith(`${ctx.emulatorUrl}/user_management/authorize`);

async function openAndSignIn(ctx) {
  const { page } = ctx;
  await page.goto(`${ctx.appOrigin}/`, { waitUntil: "load" });
  await waitForText(page, "convex-auth", (t) => t === "unauthenticated", "signed out before sign-in");
  await ctx.shot("app-signed-out");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(onEmulator(ctx), { timeout: T.nav }).catch(() => fail(`clicking "Sign in" did not open the emulator's authorize page (at ${page.url()})`));
  await page.waitForLoadState("load");
}

async function pickAlice(ctx) {
  const { page } = ctx;
  // The clickable element: a button (or link) carrying data-user-email, or one inside an element
  // carrying it (a form may carry the attribute too; clicking the form itself submits nothing).
  let button = page.locator(`button[data-user-email="${ALICE}"], a[data-user-email="${ALICE}"], [data-user-email="${ALICE}"] button, [data-user-email="${ALICE}"] a`);
  if ((await button.count()) === 0) button = page.getByRole("button", { name: /Sign in as Alice/ });
  if ((await button.count()) === 0) button = page.getByRole("link", { name: /Sign in as Alice/ });
  if ((await button.count()) === 0) {
    const body = (await page.textContent("body").catch(() => "")) ?? "";
    fail(`the emulator page has no "Sign in as Alice" button; it says: ${body.trim().slice(0, 300)}`);
  }
  await ctx.shot("emulator-sign-in");
  await button.first().click();
}


// Signs in as Alice from the signed-out app and checks the Convex-authenticated state.
async function signInAsAlice(ctx) {
  const { page } = ctx;
  // Capture the emulator's code-exchange answer (the token the app received).
  const exchange = page.waitForResponse((r) => r.url().startsWith(`${ctx.emulatorUrl}/user_management/authenticate`) && r.request().method() === "POST", { timeout: T.nav * 2 });
  exchange.catch(() => {});
  await openAndSignIn(ctx);
  await pickAlice(ctx);
  const callback = `${ctx.appOrigin}/callback`;
  await page
    .waitForURL((u) => u.origin === ctx.appOrigin && u.pathname === "/callback", { timeout: T.nav })
    .catch(() => fail(`after picking Alice the browser did not return to ${callback} (at ${page.url()})`));
  ctx.consoleLines.push(`[harness] landed on ${page.url()}`);
  const res = await exchange.catch(() => fail("the app never exchanged the code (no POST /user_management/authenticate)"));
  if (res.status() !== 200) fail(`the code exchange answered HTTP ${res.status()}: ${(await res.text()).slice(0, 300)}`);
  const body = await res.json();
  const claims = decodeJwt(body.access_token ?? "");
  if (!claims?.sub?.startsWith("user_")) fail(`the emulator's access token has no user_… sub: ${JSON.stringify(claims)}`);
  await ctx.shot("callback");
  try {
    await waitForText(page, "convex-auth", (t) => t === "authenticated", "Convex never accepted the sign-in");
  } catch (e) {
    // Say why: the stand-in's verdict on the tokens it got (the reason Convex's client keeps quiet about).
    const auths = (await ctx.events().catch(() => [])).filter((ev) => ev.kind === "authenticate" && ev.tokenType === "User");
    const last = auths[auths.length - 1];
    const why = !last
      ? "no token reached the Convex stand-in"
      : last.outcome === "rejected"
        ? `the verifier rejected the token: ${last.code}: ${last.message}`
        : `last Authenticate: ${last.outcome}${last.message ? `: ${last.message}` : ""}`;
    fail(`${e.message}; ${why}`);
  }
  const who = await waitForText(page, "whoami", (t) => t.startsWith("user_"), "whoami:get never returned the subject");
  await ctx.shot("convex-authenticated");
  if (who !== claims.sub) fail(`whoami:get shows ${who}, but the emulator's token has sub ${claims.sub}`);
  if (body.user?.id && body.user.id !== claims.sub) fail(`token sub ${claims.sub} differs from the user ${body.user.id} the emulator returned`);
  if (body.user?.email && body.user.email !== ALICE) fail(`signed in as ${body.user.email}, expected ${ALICE}`);
  const accepted = (await ctx.events()).filter((e) => e.kind === "authenticate" && e.outcome === "accepted");
  if (!accepted.some((e) => e.subject === claims.sub)) fail(`the stand-in has no accepted Authenticate for ${claims.sub}`);
  const button = await page.getByRole("button", { name: /^Sign out/ }).textContent({ timeout: 5000 }).catch(() => null);
  if (!button) fail('the AuthButton does not show "Sign out …" although Convex is authenticated');
  return { who, claims };
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------
const CASES = [
  {
    name: "convex-sync-standin answers the real ConvexClient (Node, no browser)",
    slug: "00-standin-selftest",
    noBrowser: true,
    async run() {
      const dir = join(opt.artifacts, "00-standin-selftest");
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const args = [join(HERE, "standin-selftest.mjs"), "--bin", opt.bin];
      const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: T.caseTotal, cwd: HERE });
      writeFileSync(join(dir, "selftest.log"), `${r.stdout ?? ""}${r.stderr ?? ""}`);
      const lines = (r.stdout ?? "").trim().split("\n");
      if (r.status !== 0) fail(`${lines.filter((l) => l.startsWith("FAIL")).join("; ") || `exit ${r.status ?? r.signal}`} (log: ${join(dir, "selftest.log")})`);
      return lines[lines.length - 1];
    },
  },
  {
    name: "sign-in reaches the Convex-authenticated state",
    slug: "01-sign-in",
    port: REGISTERED_PORT,
    async run(ctx) {
      const { who, claims } = await signInAsAlice(ctx);
      return `whoami:get = ${who} (= the emulator token's sub; iss ${claims.iss})`;
    },
  },
  {
    name: "session survives a reload (refresh grant) and sign-out returns signed out",
    slug: "02-reload-and-sign-out",
    port: REGISTERED_PORT,
    async run(ctx) {
      const { page } = ctx;
      const { who } = await signInAsAlice(ctx);
      // Reload: AuthKit (dev mode on localhost) refreshes from its stored refresh token; Convex must accept the new token.
      const refresh = page.waitForResponse((r) => r.url().startsWith(`${ctx.emulatorUrl}/user_management/authenticate`) && r.request().method() === "POST", { timeout: T.nav * 2 });
      refresh.catch(() => {});
      await page.reload({ waitUntil: "load" });
      const res = await refresh.catch(() => fail("after a reload the app did not refresh its session (no POST /user_management/authenticate)"));
      const grant = JSON.parse(res.request().postData() ?? "{}").grant_type;
      if (res.status() !== 200) fail(`the refresh (${grant}) answered HTTP ${res.status()}: ${(await res.text()).slice(0, 300)}`);
      const claims = decodeJwt((await res.json()).access_token ?? "");
      if (claims?.sub !== who) fail(`the refreshed token's sub is ${claims?.sub}, expected ${who}`);
      await waitForText(page, "convex-auth", (t) => t === "authenticated", "Convex not authenticated again after the reload");
      const again = await waitForText(page, "whoami", (t) => t.startsWith("user_"), "whoami:get after the reload");
      if (again !== who) fail(`after the reload whoami:get is ${again}, expected ${who}`);
      await ctx.shot("after-reload");
      const accepted = (await ctx.events()).filter((e) => e.kind === "authenticate" && e.outcome === "accepted" && e.subject === who);
      const jtis = new Set(accepted.map((e) => e.claims?.jti));
      if (jtis.size < 2) fail(`expected the stand-in to accept a second (refreshed) token for ${who}; accepted: ${accepted.length} (jti ${[...jtis].join(", ")})`);
      // Sign out through the AuthButton: the emulator's logout, then back to the app.
      await page.getByRole("button", { name: /^Sign out/ }).click();
      await page
        .waitForURL((u) => u.origin === ctx.appOrigin, { timeout: T.nav, waitUntil: "load" })
        .catch(async () => fail(`sign-out did not come back to ${ctx.appOrigin} (at ${page.url()}: ${((await page.textContent("body").catch(() => "")) ?? "").trim().slice(0, 200)})`));
      await waitForText(page, "convex-auth", (t) => t === "unauthenticated", "still signed in to Convex after sign-out");
      await waitForText(page, "whoami", (t) => t === "null", "whoami:get after sign-out");
      await ctx.shot("signed-out");
      return `reload refreshed via ${grant}; signed out back to ${page.url()}`;
    },
  },
  {
    name: "redirect URI on an unregistered port shows the emulator's Invalid redirect URI page",
    slug: "03-unregistered-redirect-uri",
    port: OTHER_PORT, // app on 5174, its redirect URI on 5174; the emulator registers only 5173
    async run(ctx) {
      const { page } = ctx;
      await openAndSignIn(ctx);
      const found = await page.getByText("Invalid redirect URI").first().waitFor({ timeout: T.state }).then(() => true, () => false);
      await ctx.shot("invalid-redirect-uri");
      if (!found) fail(`expected the emulator's "Invalid redirect URI" page, got: ${((await page.textContent("body").catch(() => "")) ?? "").trim().slice(0, 300)}`);
      const sent = new URL(page.url()).searchParams.get("redirect_uri");
      if (sent !== `http://localhost:${OTHER_PORT}/callback`) fail(`the app sent redirect_uri=${sent}, expected http://localhost:${OTHER_PORT}/callback`);
      if ((await page.locator("[data-user-email]").count()) > 0) fail("the emulator offered sign-in buttons for an unregistered redirect URI");
      const auths = (await ctx.events()).filter((e) => e.kind === "authenticate" && e.tokenType === "User");
      if (auths.length) fail(`a token reached the Convex stand-in: ${JSON.stringify(auths[0])}`);
      return `emulator refused redirect_uri=${sent} ("Invalid redirect URI")`;
    },
  },
  {
    name: "origin missing from the CORS origins: code exchange fails, user stays signed out",
    slug: "04-cors-origin-missing",
    port: REGISTERED_PORT,
    emulatorConfig: (clientId) => ({
      clients: [
        {
          client_id: clientId,
          redirect_uris: [`http://localhost:${REGISTERED_PORT}/callback`],
          cors_origins: ["http://localhost:9"],
          homepage_url: `http://localhost:${REGISTERED_PORT}`,
          api_keys: [],
        },
      ],
      users: [
        { email: ALICE, first_name: "Alice", last_name: "Example", memberships: [] },
        { email: "bob@example.com", first_name: "Bob", last_name: "Example", memberships: [] },
      ],
    }),
    async run(ctx) {
      const { page } = ctx;
      const failed = page.waitForEvent("requestfailed", { predicate: (r) => r.url().startsWith(`${ctx.emulatorUrl}/user_management/authenticate`), timeout: T.nav * 2 });
      failed.catch(() => {});
      await openAndSignIn(ctx);
      await pickAlice(ctx);
      await page
        .waitForURL((u) => u.origin === ctx.appOrigin && u.pathname === "/callback", { timeout: T.nav })
        .catch(() => fail(`after picking Alice the browser did not return to ${ctx.appOrigin}/callback (at ${page.url()})`));
      const req = await failed.catch(() => null);
      if (!req) fail("the code exchange did not fail in the browser (no failed POST /user_management/authenticate): is the origin registered after all?");
      // The exchange has failed; AuthKit settles without a user and Convex stays signed out.
      await waitForText(page, "authkit", (t) => t === "no user", "AuthKit did not settle signed out after the failed exchange");
      const auth = await waitForText(page, "convex-auth", (t) => t !== "loading", "Convex auth state never settled");
      await ctx.shot("signed-out-after-cors-failure");
      if (auth !== "unauthenticated") fail(`convex-auth is ${auth}, expected unauthenticated`);
      if ((await text(page, "whoami")) !== "null") fail(`whoami:get is ${await text(page, "whoami")}, expected null`);
      const corsLine = ctx.consoleLines.find((l) => /CORS policy/i.test(l));
      if (!corsLine) fail(`no CORS error in the browser console; the exchange failed with: ${req.failure()?.errorText}`);
      const auths = (await ctx.events()).filter((e) => e.kind === "authenticate" && e.tokenType === "User");
      if (auths.length) fail(`a token reached the Convex stand-in: ${JSON.stringify(auths[0])}`);
      return `exchange blocked by CORS (${req.failure()?.errorText}); no token reached Convex`;
    },
  },
  {
    name: "app served on another port than its redirect URI: the callback goes nowhere",
    slug: "05-callback-port-mismatch",
    port: OTHER_PORT, // app on 5174, redirect URI still on 5173 (registered, but nothing listens)
    redirectUri: `http://localhost:${REGISTERED_PORT}/callback`,
    async run(ctx) {
      const { page } = ctx;
      const target = `http://localhost:${REGISTERED_PORT}/callback`;
      const failed = page.waitForEvent("requestfailed", { predicate: (r) => r.url().startsWith(target), timeout: T.nav * 2 });
      failed.catch(() => {});
      await openAndSignIn(ctx);
      await pickAlice(ctx);
      const req = await failed.catch(() => null);
      await ctx.shot("callback-unreachable");
      if (!req) fail(`expected the redirect to ${target} to fail (nothing serves port ${REGISTERED_PORT}); at ${page.url()}`);
      const auths = (await ctx.events()).filter((e) => e.kind === "authenticate" && e.tokenType === "User");
      if (auths.length) fail(`a token reached the Convex stand-in: ${JSON.stringify(auths[0])}`);
      return `emulator redirected to ${target}: ${req.failure()?.errorText}; app on :${OTHER_PORT} never got the code`;
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

  mkdirSync(opt.artifacts, { recursive: true });

  // Preflight: anything missing here blocks every case.
  const blockers = [];
  if (!existsSync(opt.bin)) blockers.push(`binary not found: ${opt.bin} (build it with cargo build)`);
  if (!existsSync(CHROMIUM)) blockers.push(`${CHROMIUM} not found (apt-get install chromium)`);
  if (!existsSync(join(HERE, "node_modules", "playwright-core"))) blockers.push("tests/browser/node_modules is missing (run tests/browser/run.sh, or npm ci in tests/browser)");
  if (!blockers.length) {
    for (const sub of ["emulate", "verify"]) {
      const b = probeSubcommand(sub);
      if (b) blockers.push(b);
    }
  }
  if (blockers.length) {
    for (const c of selected) report(false, c, `blocked: ${blockers.join("; ")}`);
    return finish();
  }
  playwright = await import("playwright-core");

  // One app copy, set up once with init; each case rewrites .env.local and restarts vite.
  tmpRoot = mkdtempSync(join(tmpdir(), "convex-authkit-browser-"));
  if (opt.keep) console.log(`keeping temp files under ${tmpRoot}`);
  const app = join(tmpRoot, "app");
  cpSync(join(REPO, "tests", "fixtures", "basic-ts"), app, { recursive: true });

  // The client ID comes from the emulator itself (its first line).
  let clientId;
  {
    const probeLog = join(opt.artifacts, "emulator-probe.log");
    writeFileSync(probeLog, "");
    const [cmd, ...pre] = toolCmd("emulate");
    try {
      const emu = await startChild("emulator", cmd, [...pre, "--port", "0", "--json", "-q"], { logFile: probeLog });
      killChild(emu.child);
      clientId = emu.info?.clients?.[0]?.client_id;
      if (!clientId) throw new Error(`the emulator's first line has no clients[0].client_id: ${JSON.stringify(emu.info).slice(0, 300)}`);
    } catch (e) {
      for (const c of selected) report(false, c, `blocked: emulator: ${e.message}`);
      return finish();
    }
  }

  const initLog = join(opt.artifacts, "init.log");
  const init = spawnSync(opt.bin, ["init", app, "--team", "existing", "--client-id", clientId, "--scope", "local", "--yes", "--no-install"], { encoding: "utf8", timeout: T.tool });
  writeFileSync(initLog, `$ convex-authkit init <app> --team existing --client-id ${clientId} --scope local --yes --no-install\n${init.stdout ?? ""}${init.stderr ?? ""}`);
  if (init.status !== 0) {
    for (const c of selected) report(false, c, `blocked: convex-authkit init exited ${init.status ?? init.signal}; see ${initLog}`);
    return finish();
  }
  for (const f of ["src/main.tsx", "src/AuthButton.tsx", "convex/auth.config.ts"]) {
    if (!existsSync(join(app, f))) {
      for (const c of selected) report(false, c, `blocked: init did not write ${f}`);
      return finish();
    }
    cpSync(join(app, f), join(opt.artifacts, `init-${f.replace(/\//g, "_")}`));
  }
  writeFileSync(join(app, "src", "App.tsx"), TEST_PAGE);
  linkNodeModules(app);

  for (const c of selected) {
    try {
      const detail = await withTimeout(
        (async () => {
          if (c.noBrowser) return await c.run();
          let d;
          await withEnvironment(c, app, clientId, async (ctx) => {
            d = await c.run(ctx);
          });
          return d;
        })(),
        T.caseTotal,
        c.name,
      );
      report(true, c, detail);
    } catch (e) {
      const msg = e instanceof CaseFailure ? e.message : `${e.message}`.split("\n")[0];
      report(false, c, `${msg} (artifacts: ${join(opt.artifacts, c.slug)})`);
      killAll();
    }
  }
  finish();
}

main().catch((e) => {
  console.error(`run.mjs: ${e.stack ?? e}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
