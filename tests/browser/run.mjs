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

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ALICE,
  HERE,
  REPO,
  T,
  caseContext,
  decodeJwt,
  fail,
  makeTmpRoot,
  parseArgs,
  pickAlice,
  preflight,
  probeEmulator,
  runSuite,
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

const REGISTERED_PORT = 5173; // the port the emulator's default client registers
const OTHER_PORT = 5174;

const opt = parseArgs("run.mjs");

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

// ---------------------------------------------------------------------------
// One case: emulator + stand-in + vite + a fresh browser profile
// ---------------------------------------------------------------------------
let setup; // { app, clientId, tmpRoot }

async function withEnvironment(c, body) {
  const { app, clientId } = setup;
  const ctx = caseContext(opt, c);
  const started = [];
  try {
    // 1. Emulator (quiet: this proof reads the browser's traffic, not the emulator's log).
    const emu = await startEmulator(opt, ctx.dir, { config: c.emulatorConfig?.(clientId), quiet: true });
    started.push(emu.child);
    const emuUrl = new URL(emu.url);
    ctx.emulatorUrl = emu.url;
    ctx.emulatorInfo = emu.info;

    // 2. Convex sync stand-in, checking tokens with the project's verifier.
    const standin = await startStandin(opt, ctx.dir, { app, clientId, emulatorUrl: emu.url });
    started.push(standin.child);
    ctx.standin = standin;
    ctx.events = standin.events;

    // 3. The app's env, then vite.
    ctx.appOrigin = `http://localhost:${c.port}`;
    setEnv(join(app, ".env.local"), {
      VITE_CONVEX_URL: standin.url,
      VITE_WORKOS_CLIENT_ID: clientId,
      VITE_WORKOS_REDIRECT_URI: c.redirectUri ?? `${ctx.appOrigin}/callback`,
      VITE_WORKOS_API_HOSTNAME: emuUrl.hostname,
      VITE_WORKOS_API_PORT: emuUrl.port,
      VITE_WORKOS_API_HTTPS: emuUrl.protocol === "https:" ? "true" : "false",
    });
    cpSync(join(app, ".env.local"), join(ctx.dir, "app.env.local"));
    const vite = await startServer("vite", join(app, "node_modules", ".bin", "vite"), ["--port", String(c.port), "--strictPort", "--host", "localhost", "--clearScreen", "false"], {
      cwd: app,
      logFile: join(ctx.dir, "vite.log"),
      probeUrl: `${ctx.appOrigin}/`,
      port: c.port,
      anyStatus: false,
    });
    started.push(vite);

    // 4. Browser with a fresh profile.
    return await withBrowser(ctx, setup.tmpRoot, body);
  } finally {
    await stopAll(started);
  }
}

const text = (page, testId) => page.getByTestId(testId).textContent({ timeout: T.state });

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
  ctx.log.push(`[harness] landed on ${page.url()}`);
  const res = await exchange.catch(() => fail("the app never exchanged the code (no POST /user_management/authenticate)"));
  if (res.status() !== 200) fail(`the code exchange answered HTTP ${res.status()}: ${(await res.text()).slice(0, 300)}`);
  const body = await res.json();
  const claims = decodeJwt(body.access_token ?? "");
  if (!claims?.sub?.startsWith("user_")) fail(`the emulator's access token has no user_… sub: ${JSON.stringify(claims)}`);
  await ctx.shot("callback");
  try {
    await waitForText(page, "convex-auth", (t) => t === "authenticated", "Convex never accepted the sign-in");
  } catch (e) {
    fail(`${e.message}; ${await whyNotAuthenticated(ctx.standin)}`);
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
      const corsLine = ctx.log.find((l) => /CORS policy/i.test(l));
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
function prepare() {
  const blockers = preflight(opt);
  if (blockers.length) return Promise.resolve(blockers.join("; "));
  return (async () => {
    // The client ID comes from the emulator itself (its first line).
    let clientId;
    try {
      ({ clientId } = await probeEmulator(opt));
    } catch (e) {
      return `emulator: ${e.message}`;
    }
    // One app copy, set up once with init; each case rewrites .env.local and restarts vite.
    const tmpRoot = makeTmpRoot(opt, tmpdir(), "convex-authkit-browser-");
    const app = join(tmpRoot, "app");
    cpSync(join(REPO, "tests", "fixtures", "basic-ts"), app, { recursive: true });
    const initLog = join(opt.artifacts, "init.log");
    const init = spawnSync(opt.bin, ["init", app, "--team", "existing", "--client-id", clientId, "--scope", "local", "--yes", "--no-install"], { encoding: "utf8", timeout: T.tool });
    writeFileSync(initLog, `$ convex-authkit init <app> --team existing --client-id ${clientId} --scope local --yes --no-install\n${init.stdout ?? ""}${init.stderr ?? ""}`);
    if (init.status !== 0) return `convex-authkit init exited ${init.status ?? init.signal}; see ${initLog}`;
    for (const f of ["src/main.tsx", "src/AuthButton.tsx", "convex/auth.config.ts"]) {
      if (!existsSync(join(app, f))) return `init did not write ${f}`;
      cpSync(join(app, f), join(opt.artifacts, `init-${f.replace(/\//g, "_")}`));
    }
    writeFileSync(join(app, "src", "App.tsx"), TEST_PAGE);
    symlinkNodeModules(join(HERE, "node_modules"), app);
    setup = { app, clientId, tmpRoot };
    return null;
  })();
}

mkdirSync(opt.artifacts, { recursive: true });
await runSuite(opt, CASES, {
  prepare,
  run: async (c) => {
    if (c.noBrowser) return await c.run();
    return await withEnvironment(c, (ctx) => c.run(ctx));
  },
});
