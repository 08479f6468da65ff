#!/usr/bin/env node
// DEV DOUBLE, NOT THE PRODUCT. A stand-in for `convex-authkit verify`, used only while the real
// command is not in this worktree (run.mjs --dev-doubles). A run that uses it proves the harness,
// the sync stand-in and the app wiring, NOT the project's verifier.
//
// Same argv as the real command:
//   verify <APP_DIR> --token - --env NAME=VALUE… --jwks-override FROM=TO… --json
// Reads the token on stdin. Exit 0 + {"status":"accepted","identity":{…}} or
// exit 1 + {"status":"rejected","error":{"code","message"}}; exit 2 on bad usage.
//
// It applies the customJwt rules of the reference pack (§1.2, §1.3, §1.5) in a simplified way:
// first-match provider routing (scheme added, trailing slashes ignored, applicationID in aud),
// JWKS fetch (with prefix overrides), kid required, alg must match, RS256/ES256 signature,
// exp/nbf/iat with 5 s leeway, sub/iss/exp required. auth.config.ts is evaluated by transpiling
// it with TypeScript and running it with a process.env that throws on unset names.

import { createPublicKey, verify as cryptoVerify } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);

function out(obj, code) {
  process.stdout.write(JSON.stringify(obj) + "\n");
  process.exit(code);
}
function reject(code, message) {
  out({ status: "rejected", error: { code, message } }, 1);
}
function usage(msg) {
  process.stderr.write(`verify (dev double): ${msg}\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
if (argv[0] === "verify") argv.shift();
let appDir = null;
let tokenArg = null;
const env = {};
const overrides = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const next = () => (i + 1 < argv.length ? argv[++i] : usage(`missing value after ${a}`));
  if (a === "--token") tokenArg = next();
  else if (a === "--env") {
    const v = next();
    const eq = v.indexOf("=");
    if (eq < 1) usage(`--env wants NAME=VALUE, got ${v}`);
    env[v.slice(0, eq)] = v.slice(eq + 1);
  } else if (a === "--jwks-override") {
    const v = next();
    const eq = v.indexOf("=");
    if (eq < 1) usage(`--jwks-override wants FROM=TO, got ${v}`);
    overrides.push([v.slice(0, eq), v.slice(eq + 1)]);
  } else if (a === "--json") {
    // always JSON
  } else if (a.startsWith("-")) usage(`unknown flag ${a}`);
  else if (appDir === null) appDir = a;
  else usage(`unexpected argument ${a}`);
}
if (appDir === null || tokenArg === null) usage("usage: verify <APP_DIR> --token <JWT|-> [--env N=V] [--jwks-override F=T] --json");

const token = (tokenArg === "-" ? readFileSync(0, "utf8") : tokenArg).trim();

// --- auth.config ---------------------------------------------------------
function loadProviders() {
  const ts = join(appDir, "convex", "auth.config.ts");
  const js = join(appDir, "convex", "auth.config.js");
  const file = existsSync(ts) ? ts : existsSync(js) ? js : null;
  if (!file) return [];
  const typescript = require("typescript");
  const { outputText } = typescript.transpileModule(readFileSync(file, "utf8"), {
    compilerOptions: { module: typescript.ModuleKind.CommonJS, target: typescript.ScriptTarget.ES2022 },
  });
  const processEnv = new Proxy(
    {},
    {
      get(_t, name) {
        if (typeof name !== "string") return undefined;
        if (!(name in env)) {
          const e = new Error(`Environment variable ${name} is used in auth config file but its value was not set`);
          e.code = "AuthConfigMissingEnvironmentVariable";
          throw e;
        }
        return env[name];
      },
    },
  );
  const module = { exports: {} };
  const fakeRequire = (m) => {
    throw new Error(`auth config imports ${m}, which the dev double cannot evaluate`);
  };
  new Function("exports", "module", "require", "process", outputText)(module.exports, module, fakeRequire, { env: processEnv });
  const config = JSON.parse(JSON.stringify(module.exports.default ?? module.exports));
  return config.providers ?? [];
}

let providers;
try {
  providers = loadProviders();
} catch (e) {
  reject(e.code ?? "InvalidAuthConfig", e.message);
}

// --- routing -------------------------------------------------------------
const parts = token.split(".");
let header, payload;
try {
  if (parts.length !== 3) throw new Error();
  header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
  payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
} catch {
  reject("InvalidAuthHeader", "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.");
}
if (typeof payload.iss !== "string") {
  reject("InvalidAuthHeader", "Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers.");
}
const auds = payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
const issN = /^https?:\/\//.test(payload.iss) ? payload.iss : `https://${payload.iss}`;
const trim = (s) => s.replace(/\/+$/, "");
const provider = providers.find((p) => {
  if (p.applicationID !== undefined && !auds.includes(p.applicationID)) return false;
  const configured = p.type === "customJwt" ? p.issuer : p.domain;
  return typeof configured === "string" && trim(configured) === trim(issN);
});
if (!provider) {
  const list = providers
    .map((p) => (p.type === "customJwt" ? `CustomJWT(issuer=${p.issuer}, app_id=${p.applicationID ?? "none"})` : `OIDC(domain=${p.domain}, app_id=${p.applicationID ?? "none"})`))
    .join(", ");
  reject(
    "NoAuthProvider",
    providers.length === 0
      ? "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts."
      : `No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [${list}]`,
  );
}
if (provider.type !== "customJwt") reject("InvalidAuthHeader", "the dev double only checks customJwt providers");

// --- JWKS ----------------------------------------------------------------
let jwksUrl = provider.jwks;
for (const [from, to] of overrides) {
  if (jwksUrl.startsWith(from)) {
    jwksUrl = to + jwksUrl.slice(from.length);
    break;
  }
}
let jwks;
try {
  const res = await fetch(jwksUrl, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) reject("InvalidAuthHeader", `Could not fetch JWKS from URL '${jwksUrl}': HTTP ${res.status} ${res.statusText}. Check that the URL is correct and accessible.`);
  const ct = (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (ct !== "application/json" && ct !== "application/jwk-set+json") {
    reject("InvalidAuthHeader", `Invalid Content-Type '${res.headers.get("content-type")}' when fetching JWKS from '${jwksUrl}'. Expected 'application/json' or 'application/jwk-set+json'.`);
  }
  jwks = await res.json();
} catch (e) {
  reject("InvalidAuthHeader", `Could not fetch JWKS from URL '${jwksUrl}': ${e.message}. Check that the URL is correct and accessible.`);
}

// --- signature -----------------------------------------------------------
const decodeFail = () =>
  reject(
    "InvalidAuthHeader",
    header.kid
      ? `Could not decode token. The JWT's 'kid' (key ID) header is '${header.kid}', does this key match any key in the provider's JWKS?`
      : "Could not decode token. JWT may be missing a 'kid' (key ID) header.",
  );
if (!header.kid) decodeFail();
const jwk = (jwks.keys ?? []).find((k) => k.kid === header.kid);
if (!jwk) decodeFail();
if (header.alg !== provider.algorithm || (jwk.alg && jwk.alg !== header.alg)) decodeFail();
try {
  const key = createPublicKey({ key: jwk, format: "jwk" });
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const sig = Buffer.from(parts[2], "base64url");
  const ok =
    provider.algorithm === "RS256"
      ? cryptoVerify("RSA-SHA256", data, key, sig)
      : cryptoVerify("SHA256", data, { key, dsaEncoding: "ieee-p1363" }, sig);
  if (!ok) decodeFail();
} catch {
  decodeFail();
}

// --- time and claims -----------------------------------------------------
const now = Math.floor(Date.now() / 1000);
if (typeof payload.exp === "number" && now - payload.exp > 5) reject("InvalidAuthHeader", `Could not validate token: Token expired ${now - payload.exp} seconds ago`);
if (typeof payload.nbf === "number" && payload.nbf - now > 5) reject("InvalidAuthHeader", `Could not validate token: Token will be valid in ${payload.nbf - now} seconds`);
if (typeof payload.iat === "number" && payload.iat - now > 5) reject("InvalidAuthHeader", `Could not validate token: Token will be valid in ${payload.iat - now} seconds`);
if (typeof payload.sub !== "string" || typeof payload.exp !== "number") {
  reject("InvalidAuthHeader", "Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.");
}

const identity = { tokenIdentifier: `${payload.iss}|${payload.sub}`, subject: payload.sub, issuer: payload.iss };
const flatten = (obj, prefix) => {
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === "object" && !Array.isArray(v)) flatten(v, `${prefix}${k}.`);
    else identity[`${prefix}${k}`] = v;
  }
};
const custom = { ...payload };
for (const k of ["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "fva"]) delete custom[k];
flatten(custom, "");
out({ status: "accepted", identity }, 0);
