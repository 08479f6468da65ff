#!/usr/bin/env node
// Self-test of convex-sync-standin.mjs (TEST SUPPORT) against the REAL Convex client
// (`ConvexClient` from convex/browser 1.49.0, in Node, with `ws` as its WebSocket), no browser.
//
// It signs its own RS256 tokens, serves their JWKS on 127.0.0.1, writes a throwaway app whose
// convex/auth.config.ts is Convex's documented WorkOS config, and points the stand-in at the
// real token verifier, `convex-authkit verify` from the binary given with --bin PATH.
//
// Cases: unauthenticated query; accepted token (Authenticate -> Transition with identity
// advanced, whoami:get = sub); wrong issuer (AuthError NoAuthProvider, client ends
// unauthenticated); expired token (AuthError "Token expired").
//
// Usage: node tests/browser/standin-selftest.mjs --bin path/to/convex-authkit
// Output: PASS/FAIL per case, then "N passed, M failed"; exit 1 on failure.

import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes, sign as cryptoSign } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import WebSocket from "ws";

const HERE = dirname(fileURLToPath(import.meta.url));
const CLIENT_ID = "client_01SE1FTEST0000000000000000";
const ISSUER = `https://api.workos.com/user_management/${CLIENT_ID}`;

let bin = null;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--bin" && i + 1 < args.length) bin = resolve(args[++i]);
  else {
    console.error(args[i] === "--bin" ? "missing value after --bin" : `unknown argument ${args[i]}`);
    process.exit(2);
  }
}
if (!bin) {
  console.error("usage: node tests/browser/standin-selftest.mjs --bin path/to/convex-authkit");
  process.exit(2);
}

const children = [];
let tmp;
function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
process.on("exit", cleanup);

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise.finally(() => clearTimeout(t)),
    new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))),
  ]);
}

// --- keys, JWKS server, throwaway app -------------------------------------
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const kid = "selftest-key";
const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
function signToken(claims) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: ISSUER, sub: `user_${randomBytes(6).toString("hex")}`, sid: "session_selftest", jti: randomBytes(6).toString("hex"), iat: now, exp: now + 300, ...claims };
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const data = `${enc({ alg: "RS256", typ: "JWT", kid })}.${enc(payload)}`;
  return { token: `${data}.${cryptoSign("RSA-SHA256", Buffer.from(data), privateKey).toString("base64url")}`, payload };
}

const jwksServer = createServer((req, res) => {
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(JSON.stringify({ keys: [jwk] }));
});
await new Promise((r) => jwksServer.listen(0, "127.0.0.1", r));
const jwksBase = `http://127.0.0.1:${jwksServer.address().port}`;

tmp = mkdtempSync(join(tmpdir(), "standin-selftest-"));
const app = join(tmp, "app");
mkdirSync(join(app, "convex"), { recursive: true });
writeFileSync(
  join(app, "convex", "auth.config.ts"),
  `const clientId = process.env.WORKOS_CLIENT_ID;

export default {
  providers: [
    { type: "customJwt", issuer: "https://api.workos.com/", algorithm: "RS256", jwks: \`https://api.workos.com/sso/jwks/\${clientId}\`, applicationID: clientId },
    { type: "customJwt", issuer: \`https://api.workos.com/user_management/\${clientId}\`, algorithm: "RS256", jwks: \`https://api.workos.com/sso/jwks/\${clientId}\` },
  ],
};
`,
);
const verifyArgs = ["verify", app, "--token", "-", "--env", `WORKOS_CLIENT_ID=${CLIENT_ID}`, "--jwks-override", `https://api.workos.com/sso/jwks/=${jwksBase}/sso/jwks/`, "--json"];
const verifier = [bin, ...verifyArgs];

// --- the stand-in -----------------------------------------------------------
const logFile = join(tmp, "standin.log");
const standin = spawn(process.execPath, [join(HERE, "convex-sync-standin.mjs"), "--verifier-json", JSON.stringify(verifier), "--log", logFile], { stdio: ["ignore", "pipe", "inherit"] });
children.push(standin);
const standinInfo = await withTimeout(
  new Promise((res, rej) => {
    createInterface({ input: standin.stdout }).once("line", (l) => res(JSON.parse(l)));
    standin.once("exit", (c) => rej(new Error(`stand-in exited with ${c}`)));
  }),
  10000,
  "the stand-in to start",
);
const events = async () => (await (await fetch(standinInfo.events)).json()).events;

// --- cases ------------------------------------------------------------------
const whoami = makeFunctionReference("whoami:get");
let passed = 0;
let failed = 0;
async function runCase(name, fn) {
  const client = new ConvexClient(standinInfo.url, { webSocketConstructor: WebSocket, unsavedChangesWarning: false });
  try {
    await withTimeout(fn(client), 20000, name);
    console.log(`PASS ${name}`);
    passed++;
  } catch (e) {
    console.log(`FAIL ${name}: ${e.message}`);
    failed++;
  } finally {
    await client.close();
  }
}

// Waits until the query result satisfies pred; returns it.
function nextValue(client, pred) {
  return new Promise((res) => {
    const unsub = client.onUpdate(whoami, {}, (v) => {
      if (pred(v)) {
        unsub();
        res(v);
      }
    });
  });
}
function authState(client, token) {
  return new Promise((res) => client.setAuth(async () => token, (isAuth) => res(isAuth)));
}

await runCase("unauthenticated: whoami:get is null", async (client) => {
  const v = await nextValue(client, () => true);
  if (v !== null) throw new Error(`expected null, got ${JSON.stringify(v)}`);
});

await runCase("accepted token: Transition advances identity, whoami:get = sub", async (client) => {
  const { token, payload } = signToken({});
  const isAuth = await authState(client, token);
  if (isAuth !== true) throw new Error(`onChange(${isAuth}), expected true`);
  const v = await nextValue(client, (x) => x !== null);
  if (v !== payload.sub) throw new Error(`whoami:get = ${JSON.stringify(v)}, expected ${payload.sub}`);
  const ev = (await events()).filter((e) => e.kind === "authenticate" && e.claims?.sub === payload.sub);
  if (!ev.some((e) => e.outcome === "accepted")) throw new Error(`no accepted Authenticate for ${payload.sub}: ${JSON.stringify(ev)}`);
  if (ev.some((e) => e.outcome !== "accepted")) throw new Error(`some Authenticate not accepted: ${JSON.stringify(ev)}`);
});

await runCase("wrong issuer: AuthError NoAuthProvider, client unauthenticated", async (client) => {
  const { token, payload } = signToken({ iss: "https://evil.example.com/" });
  const isAuth = await authState(client, token);
  if (isAuth !== false) throw new Error(`onChange(${isAuth}), expected false`);
  const ev = (await events()).filter((e) => e.kind === "authenticate" && e.claims?.sub === payload.sub);
  if (!ev.length || !ev.every((e) => e.outcome === "rejected" && e.code === "NoAuthProvider")) throw new Error(`expected NoAuthProvider rejections, got ${JSON.stringify(ev)}`);
  const log = readFileSync(logFile, "utf8");
  if (!/"type":"AuthError".*"authUpdateAttempted":true/.test(log)) throw new Error("no AuthError frame with authUpdateAttempted:true in the frame log");
});

await runCase("expired token: AuthError 'Token expired'", async (client) => {
  const now = Math.floor(Date.now() / 1000);
  const { token, payload } = signToken({ iat: now - 400, exp: now - 100 });
  const isAuth = await authState(client, token);
  if (isAuth !== false) throw new Error(`onChange(${isAuth}), expected false`);
  const ev = (await events()).filter((e) => e.kind === "authenticate" && e.claims?.sub === payload.sub);
  if (!ev.length || !ev.every((e) => e.outcome === "rejected" && /expired/i.test(e.message ?? ""))) throw new Error(`expected expiry rejections, got ${JSON.stringify(ev)}`);
});

console.log(`${passed} passed, ${failed} failed`);
jwksServer.close();
cleanup();
process.exit(failed ? 1 : 0);
