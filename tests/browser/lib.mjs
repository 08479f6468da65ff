// The plumbing the three browser proofs share (run.mjs: React + Vite, run-nextjs.mjs: Next.js,
// run-tanstack.mjs: TanStack Start): arguments, child processes in their own process groups,
// the emulator, the Convex sync stand-in, Chromium with a fresh profile and its logs, the case
// loop and its output. Each proof keeps only its app and its cases.
//
// Output contract (tests/browser/run.sh reads it): one "PASS <case>" / "FAIL <case>: <reason>"
// line per case, then exactly "<N> passed, <M> failed". Exit 1 if any case failed, 2 on bad usage.

import { spawn, spawnSync } from "node:child_process";
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, "..", "..");
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];
export const ALICE = "alice@example.com";

// Bounds (ms). Nothing asserts on speed; these only stop a stuck run.
export const T = {
  start: 20000, // a child printing its first line, a server answering
  tool: 120000, // convex-authkit init
  build: 600000, // a framework build
  nav: 30000, // a page navigation
  state: 30000, // the page reaching an expected state
  caseTotal: 180000,
};

export class CaseFailure extends Error {}
export const fail = (msg) => {
  throw new CaseFailure(msg);
};

// ---------------------------------------------------------------------------
// Arguments: --bin PATH [--cases REGEX] [--artifacts DIR] [--keep]. With `subdir`, the proof
// writes into that folder of the artifacts root (the root is shared by all proofs).
// ---------------------------------------------------------------------------
export function parseArgs(script, { subdir } = {}) {
  const usage = (msg) => {
    if (msg) console.error(`${script}: ${msg}`);
    console.error(`usage: node tests/browser/${script} --bin PATH [--cases REGEX] [--artifacts DIR] [--keep]`);
    process.exit(2);
  };
  const opt = { script, bin: null, cases: null, artifacts: join(REPO, "target", "browser-artifacts"), keep: false };
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
  if (subdir) opt.artifacts = join(opt.artifacts, subdir);
  return opt;
}

// ---------------------------------------------------------------------------
// Processes: every child is its own process group, killed when the proof exits (also on
// SIGINT/SIGTERM/SIGHUP); the temp folder goes too unless --keep.
// ---------------------------------------------------------------------------
const children = new Set();
const cleanup = { tmpRoot: null, keep: false };
export const alive = (c) => c.exitCode === null && c.signalCode === null;

export function killChild(child, sig = "SIGTERM") {
  if (!alive(child)) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    // already gone
  }
}
export function killAll() {
  for (const c of children) killChild(c);
}

let handlersInstalled = false;
function installHandlers(script) {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", () => {
    killAll();
    if (cleanup.tmpRoot && !cleanup.keep) rmSync(cleanup.tmpRoot, { recursive: true, force: true });
  });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(sig, () => {
      console.error(`${script}: ${sig}, stopping`);
      process.exit(130);
    });
  }
}

// A temp folder for the run (under `parent`), removed on exit unless --keep.
export function makeTmpRoot(opt, parent, prefix) {
  mkdirSync(parent, { recursive: true });
  cleanup.tmpRoot = mkdtempSync(join(parent, prefix));
  cleanup.keep = opt.keep;
  if (opt.keep) console.log(`keeping temp files under ${cleanup.tmpRoot}`);
  return cleanup.tmpRoot;
}

export function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise.finally(() => clearTimeout(t)),
    new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`timed out after ${ms / 1000}s waiting for ${what}`)), ms))),
  ]);
}

// Starts a long-running child. With firstLine, resolves with its first stdout line, parsed as
// JSON unless json is false; the rest of stdout and all of stderr go to logFile.
export function startChild(name, cmd, args, { cwd, logFile, firstLine = true, json = true, env } = {}) {
  const log = createWriteStream(logFile, { flags: "a" });
  log.write(`$ ${[cmd, ...args].join(" ")}\n`);
  const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  children.add(child);
  child.on("exit", () => children.delete(child));
  child.stderr.pipe(log, { end: false });
  if (!firstLine) {
    child.stdout.pipe(log, { end: false });
    child.on("error", (e) => log.write(`could not start ${cmd}: ${e.message}\n`));
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

// Runs a child to its end (a build); resolves with null, or a failure naming the log's last lines.
export async function runToEnd(name, cmd, args, { cwd, logFile, env, timeout = T.build }) {
  writeFileSync(logFile, "");
  const { child } = await startChild(name, cmd, args, { cwd, logFile, firstLine: false, env });
  const code = await withTimeout(new Promise((r) => child.on("exit", (c, s) => r(s ?? c))), timeout, name).catch((e) => {
    killChild(child, "SIGKILL");
    return e.message;
  });
  if (code === 0) return null;
  const tail = readFileSync(logFile, "utf8").trim().split("\n").slice(-8).join(" | ");
  return `${name} failed (${code}): ${tail} (log: ${logFile})`;
}

// Stops the given children (last started first) and waits for them, SIGKILL after 5 s.
export async function stopAll(list) {
  for (const ch of [...list].reverse()) killChild(ch);
  await Promise.all(
    list.map((ch) =>
      alive(ch)
        ? withTimeout(new Promise((r) => ch.once("exit", r)), 5000, "exit").catch(() => killChild(ch, "SIGKILL"))
        : null,
    ),
  );
}

// Waits until the URL answers: with anyStatus, any HTTP status (a broken app answers 500);
// otherwise a 2xx.
export async function waitHttp(url, ms, what, { anyStatus = false } = {}) {
  const deadline = Date.now() + ms;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: "manual" });
      if (anyStatus || r.ok) return r.status;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms / 1000}s waiting for ${what} at ${url} (last: ${last})`);
}

// Starts a server and waits until it answers `probeUrl`; fails the case if it exits first.
export async function startServer(name, cmd, args, { cwd, env, logFile, probeUrl, port, anyStatus = true }) {
  const { child } = await startChild(name, cmd, args, { cwd, env, logFile, firstLine: false });
  const exited = new Promise((res) => child.on("exit", (code) => res(code)));
  await Promise.race([
    waitHttp(probeUrl, T.start * 3, name, { anyStatus }),
    exited.then((code) => fail(`${name} exited (${code}) before serving ${probeUrl}; is port ${port} free? see ${logFile}`)),
  ]);
  return child;
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

// Sets keys in a .env file, keeping every other line.
export function setEnv(file, values) {
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

export function readEnv(file) {
  const env = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  return env;
}

// A .env file for the artifacts: secrets replaced by their lengths.
export const maskedEnv = (file) =>
  Object.entries(readEnv(file))
    .map(([k, v]) => `${k}=${/KEY|PASSWORD|SECRET/.test(k) ? `(${v.length} characters)` : v}`)
    .join("\n") + "\n";

export function decodeJwt(token) {
  try {
    return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

// node_modules for an app copy: a real folder whose entries are symlinks into `shared`.
export function symlinkNodeModules(shared, app) {
  const dest = join(app, "node_modules");
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest);
  for (const entry of readdirSync(shared)) {
    if (entry === ".vite" || entry === ".package-lock.json") continue;
    symlinkSync(join(shared, entry), join(dest, entry));
  }
}

// node_modules for an app copy as hard links to `shared` (a real tree inside the app, for
// bundlers that refuse symlinks leaving the app's root). Falls back to a copy.
export function hardlinkNodeModules(shared, app) {
  const dest = join(app, "node_modules");
  rmSync(dest, { recursive: true, force: true });
  let r = spawnSync("cp", ["-al", shared, dest], { encoding: "utf8" });
  if (r.status !== 0) {
    rmSync(dest, { recursive: true, force: true });
    r = spawnSync("cp", ["-R", shared, dest], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`could not copy ${shared}: ${r.stderr}`);
  }
}

// ---------------------------------------------------------------------------
// The tool under test
// ---------------------------------------------------------------------------

// Does the binary have this subcommand? (It fails fast with a usage error if not.)
export function probeSubcommand(bin, sub) {
  const r = spawnSync(bin, [sub, "--help"], { encoding: "utf8", timeout: 15000 });
  if (r.error) return `could not run ${bin}: ${r.error.message}`;
  if (r.status !== 0) return `\`convex-authkit ${sub}\` is not available in ${bin}: ${(r.stderr || r.stdout).trim().split("\n")[0]}`;
  return null;
}

// Things every proof needs before any case can run; each missing one is named.
export function preflight(opt, extra = []) {
  const blockers = [];
  if (!existsSync(opt.bin)) blockers.push(`binary not found: ${opt.bin} (build it with cargo build)`);
  if (!existsSync(CHROMIUM)) blockers.push(`${CHROMIUM} not found (apt-get install chromium)`);
  if (!existsSync(join(HERE, "node_modules", "playwright-core"))) blockers.push("tests/browser/node_modules is missing (run tests/browser/run.sh, or npm ci in tests/browser)");
  blockers.push(...extra.filter(Boolean));
  if (!blockers.length) {
    for (const sub of ["emulate", "verify"]) {
      const b = probeSubcommand(opt.bin, sub);
      if (b) blockers.push(b);
    }
  }
  return blockers;
}

// The emulator's default client and users, from its first line (it is stopped right away).
export async function probeEmulator(opt) {
  const logFile = join(opt.artifacts, "emulator-probe.log");
  writeFileSync(logFile, "");
  const emu = await startChild("emulator", opt.bin, ["emulate", "--port", "0", "--json", "-q"], { logFile });
  killChild(emu.child);
  const clientId = emu.info?.clients?.[0]?.client_id;
  const alice = emu.info?.users?.find((u) => u.email === ALICE)?.id;
  if (!clientId || !alice) throw new Error(`the emulator's first line lacks clients[0].client_id or ${ALICE}: ${JSON.stringify(emu.info).slice(0, 300)}`);
  return { info: emu.info, clientId, alice, users: emu.info.users };
}

// `convex-authkit emulate --port 0 --json [--config F]` (request log on stderr → emulator.log;
// with `quiet`, -q and no log). Returns the child, its base URL and its logged requests.
export async function startEmulator(opt, dir, { config, quiet = false } = {}) {
  const args = ["emulate", "--port", "0", "--json"];
  if (quiet) args.push("-q");
  if (config) {
    const file = join(dir, "emulator-config.json");
    writeFileSync(file, JSON.stringify(config, null, 2));
    args.push("--config", file);
  }
  const logFile = join(dir, "emulator.log");
  const emu = await startChild("emulator", opt.bin, args, { logFile });
  const url = emu.info.url.replace(/\/$/, "");
  return {
    child: emu.child,
    info: emu.info,
    url,
    logFile,
    requests: () => readFileSync(logFile, "utf8").split("\n").filter((l) => /^(GET|POST|PUT|OPTIONS|DELETE) \//.test(l)),
  };
}

// An emulator config for a server-side app: the emulator's client ID and users, with nothing
// registered (the app's convex.json is registered later, as `npx convex dev` does) and the
// given API keys.
export function serverAppEmulatorConfig(clientId, users, apiKeys) {
  const seeded = {
    [ALICE]: { first_name: "Alice", last_name: "Example", memberships: [{ organization_id: "org_01EMULATORACME", role: "admin", permissions: ["widgets:read", "widgets:write"] }] },
  };
  return {
    clients: [{ client_id: clientId, redirect_uris: [], cors_origins: [], api_keys: apiKeys }],
    users: users.map((u) => ({ id: u.id, email: u.email, ...(seeded[u.email] ?? { first_name: u.email.split("@")[0].replace(/^./, (c) => c.toUpperCase()), last_name: "Example" }) })),
  };
}

// What `npx convex dev` does with convex.json's authKit.dev.configure: register it in WorkOS
// (here the emulator's management API, with the API key). Returns the configure block.
export async function registerFromConvexJson(emulatorUrl, apiKey, app, log) {
  const configure = JSON.parse(readFileSync(join(app, "convex.json"), "utf8")).authKit?.dev?.configure;
  if (!configure) fail("convex.json has no authKit.dev.configure");
  const call = async (method, path, body) => {
    const r = await fetch(`${emulatorUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    log.push(`[register] ${method} ${path} ${JSON.stringify(body)} -> ${r.status}`);
    if (r.status >= 300) fail(`registering ${JSON.stringify(body)} with the emulator: HTTP ${r.status} ${await r.text()}`);
  };
  for (const uri of configure.redirectUris ?? []) await call("POST", "/user_management/redirect_uris", { uri });
  for (const origin of configure.corsOrigins ?? []) await call("POST", "/user_management/cors_origins", { origin });
  if (configure.appHomepageUrl) await call("PUT", "/user_management/app_homepage_url", { url: configure.appHomepageUrl });
  return configure;
}

// The Convex sync stand-in (test support), checking every token with `convex-authkit verify`
// against the app's own convex/auth.config.*, the WorkOS JWKS URL pointed at the emulator.
export async function startStandin(opt, dir, { app, clientId, emulatorUrl, port = 0 }) {
  const verifier = [opt.bin, "verify", app, "--token", "-", "--env", `WORKOS_CLIENT_ID=${clientId}`, "--jwks-override", `https://api.workos.com/sso/jwks/=${emulatorUrl}/sso/jwks/`, "--json"];
  const st = await startChild("convex-sync-standin", process.execPath, [join(HERE, "convex-sync-standin.mjs"), "--port", String(port), "--verifier-json", JSON.stringify(verifier), "--log", join(dir, "standin-frames.jsonl")], {
    logFile: join(dir, "standin.log"),
  });
  const events = async () => (await (await fetch(st.info.events, { signal: AbortSignal.timeout(5000) })).json()).events;
  return {
    child: st.child,
    info: st.info,
    url: st.info.url,
    events,
    // The sync protocol's Authenticate frames with a user token.
    userAuths: async () => (await events()).filter((e) => e.kind === "authenticate" && e.tokenType === "User"),
    // Bearer tokens on the HTTP API (server-side rendering's queries).
    httpAuths: async () => (await events()).filter((e) => e.kind === "http-authenticate"),
  };
}

// ---------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------
let playwright = null;
export async function loadPlaywright() {
  playwright ??= await import("playwright-core");
  return playwright;
}

// Chromium with a fresh profile; fills ctx with page, context, log (console, page errors, failed
// requests, main-frame documents with their status → ctx.navigations), shot(name). Runs body(ctx)
// and writes browser-console.log; a screenshot "failure" when body throws.
export async function withBrowser(ctx, profileParent, body) {
  const pw = await loadPlaywright();
  const profile = mkdtempSync(join(profileParent, `profile-${ctx.slug}-`));
  const context = await pw.chromium.launchPersistentContext(profile, {
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
    page.on("response", (r) => {
      if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) {
        ctx.navigations.push({ url: r.url(), status: r.status() });
        ctx.log.push(`[document] ${r.status()} ${r.url()}`);
      }
    });
    ctx.page = page;
    ctx.context = context;
    ctx.shot = async (name) => {
      const file = join(ctx.dir, `${String(++ctx.shots).padStart(2, "0")}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: 10000 }).catch((e) => ctx.log.push(`[screenshot failed] ${name}: ${e.message}`));
    };
    try {
      return await body(ctx);
    } catch (e) {
      await ctx.shot("failure");
      throw e;
    }
  } finally {
    writeFileSync(join(ctx.dir, "browser-console.log"), ctx.log.join("\n") + "\n");
    await context.close().catch(() => {});
  }
}

// A fresh artifacts folder for a case and the ctx every helper takes.
export function caseContext(opt, c) {
  const dir = join(opt.artifacts, c.slug);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { dir, slug: c.slug, shots: 0, log: [] };
}

export async function waitForText(page, testId, pred, what) {
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

export const bodyText = async (page) => ((await page.innerText("body", { timeout: 5000 }).catch(() => "")) ?? "").replace(/\s+/g, " ").trim();

// Clicks "Sign in as Alice" on the emulator's page: a button (or link) carrying data-user-email,
// or one inside an element carrying it (a form may carry the attribute too; clicking the form
// itself submits nothing).
export async function pickAlice(ctx) {
  const { page } = ctx;
  let button = page.locator(`button[data-user-email="${ALICE}"], a[data-user-email="${ALICE}"], [data-user-email="${ALICE}"] button, [data-user-email="${ALICE}"] a`);
  if ((await button.count()) === 0) button = page.getByRole("button", { name: /Sign in as Alice/ });
  if ((await button.count()) === 0) button = page.getByRole("link", { name: /Sign in as Alice/ });
  if ((await button.count()) === 0) fail(`the emulator page has no "Sign in as Alice" button; it says: ${(await bodyText(page)).slice(0, 300)}`);
  await ctx.shot("emulator-sign-in");
  await button.first().click();
}

// Why Convex is not authenticated, from the stand-in's verdicts (Convex's client keeps quiet).
export async function whyNotAuthenticated(standin) {
  const auths = await standin.userAuths().catch(() => []);
  const last = auths[auths.length - 1];
  if (!last) return "no token reached the Convex stand-in";
  if (last.outcome === "rejected") return `the verifier rejected the token: ${last.code}: ${last.message}`;
  return `last Authenticate: ${last.outcome}${last.message ? `: ${last.message}` : ""}`;
}

// ---------------------------------------------------------------------------
// The case loop
// ---------------------------------------------------------------------------

// Runs the selected cases one after the other and prints the summary; exits the process.
// prepare() returns null when every case may run, or a reason that blocks them all.
export async function runSuite(opt, cases, { prepare, run, timeout }) {
  installHandlers(opt.script);
  const selected = cases.filter((c) => !opt.cases || opt.cases.test(c.name) || opt.cases.test(c.slug));
  let passed = 0;
  let failed = 0;
  const report = (ok, c, detail, started) => {
    const took = started ? ` [${((Date.now() - started) / 1000).toFixed(1)}s]` : "";
    console.log(`${ok ? "PASS" : "FAIL"} ${c.name}${detail ? (ok ? ` (${detail})` : `: ${detail}`) : ""}${took}`);
    ok ? passed++ : failed++;
  };
  const finish = () => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  };
  if (!selected.length) return finish();
  let blocked;
  const preparing = Date.now();
  try {
    blocked = await prepare(selected);
    if (!blocked) console.log(`(set-up: ${((Date.now() - preparing) / 1000).toFixed(1)}s)`);
  } catch (e) {
    blocked = e instanceof CaseFailure ? e.message : `${e.stack ?? e}`.split("\n")[0];
  }
  if (blocked) {
    for (const c of selected) report(false, c, `blocked: ${blocked}`);
    return finish();
  }
  for (const c of selected) {
    const started = Date.now();
    try {
      const ms = timeout?.(c) ?? T.caseTotal; // before run(c), which may start a build
      const detail = await withTimeout(run(c), ms, c.name);
      report(true, c, detail, started);
    } catch (e) {
      const msg = e instanceof CaseFailure ? e.message : `${e.message}`.split("\n")[0];
      report(false, c, `${msg} (artifacts: ${join(opt.artifacts, c.slug)})`, started);
      killAll();
    }
  }
  finish();
}

// Copies a fixture under the temp folder; returns its path.
export function copyFixture(fixture, dest) {
  cpSync(join(REPO, "tests", "fixtures", fixture), dest, { recursive: true });
  return dest;
}
