#!/usr/bin/env node
// DEV DOUBLE, NOT THE PRODUCT. A stand-in for `convex-authkit emulate`, used only while the real
// command is not in this worktree (run.mjs --dev-doubles). A run that uses it proves the harness,
// the sync stand-in and the app wiring, NOT the project's emulator.
//
// It follows the contract the browser test relies on:
//   emulate --port 0 --json -q [--config FILE]
//   first stdout line: {"url","clients":[{"client_id","jwks_url","redirect_uris","cors_origins"}],"settings":{…},"issuer"}
//   GET  /user_management/authorize      unknown client -> error page; unregistered redirect_uri ->
//                                         "Invalid redirect URI" page; else a sign-in page with
//                                         buttons "Sign in as <name>" (data-user-email)
//   POST /user_management/authenticate   authorization_code (PKCE S256, single use, 10 min) and
//                                         refresh_token (rotated); CORS only for registered origins
//   GET  /sso/jwks/<client_id>           RS256 JWKS, Cache-Control: no-store
//   GET  /user_management/sessions/logout  302 to return_to

import { createHash, generateKeyPairSync, randomBytes, sign as cryptoSign } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const argv = process.argv.slice(2);
if (argv[0] === "emulate") argv.shift();
let port = 0;
let configFile = null;
let quiet = false;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--port") port = Number(argv[++i]);
  else if (a === "--config") configFile = argv[++i];
  else if (a === "-q" || a === "--quiet") quiet = true;
  else if (a === "--json") {
    // always JSON
  } else {
    process.stderr.write(`emulate (dev double): unknown argument ${a}\n`);
    process.exit(2);
  }
}

const DEFAULT_CONFIG = {
  clients: [
    {
      client_id: "client_01EMULATOR00000000000000000",
      redirect_uris: ["http://localhost:5173/callback", "http://127.0.0.1:5173/callback"],
      cors_origins: ["http://localhost:5173", "http://127.0.0.1:5173"],
      homepage_url: "http://localhost:5173",
      api_keys: [],
    },
  ],
  users: [
    { email: "alice@example.com", first_name: "Alice", last_name: "Example", memberships: [] },
    { email: "bob@example.com", first_name: "Bob", last_name: "Example", memberships: [] },
  ],
};
const config = configFile ? JSON.parse(readFileSync(configFile, "utf8")) : DEFAULT_CONFIG;
const clients = new Map(config.clients.map((c) => [c.client_id, c]));
const users = config.users.map((u, i) => ({ ...u, id: `user_01DEVDOUBLE${String(i).padStart(14, "0")}` }));

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const kid = `key_${randomBytes(8).toString("hex")}`;
const publicJwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };

const codes = new Map(); // code -> {user, client_id, redirect_uri, challenge, expires}
const refreshTokens = new Map(); // token -> {user, client_id, sid}

const logReq = (m) => {
  if (!quiet) process.stderr.write(`emulate (dev double): ${m}\n`);
};
const issuerFor = (clientId) => `https://api.workos.com/user_management/${clientId}`;

function mint(user, clientId, sid) {
  const iat = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", typ: "JWT", kid };
  const payload = { iss: issuerFor(clientId), sub: user.id, sid, jti: randomBytes(8).toString("hex"), iat, exp: iat + 300 };
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const data = `${enc(header)}.${enc(payload)}`;
  return `${data}.${cryptoSign("RSA-SHA256", Buffer.from(data), privateKey).toString("base64url")}`;
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function html(res, status, title, body) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html><head><title>${esc(title)}</title></head><body>${body}</body></html>`);
}
function json(res, status, body, extra = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...extra });
  res.end(JSON.stringify(body));
}
function corsHeaders(req, client) {
  const origin = req.headers.origin;
  const allowed = origin && [...clients.values()].some((c) => (c.cors_origins ?? []).includes(origin));
  void client;
  return allowed
    ? {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Credentials": "true",
        "Access-Control-Allow-Methods": "POST, OPTIONS",
        "Access-Control-Allow-Headers": "content-type",
        Vary: "Origin",
      }
    : {};
}
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  logReq(`${req.method} ${url.pathname}`);
  try {
    if (req.method === "GET" && url.pathname === "/user_management/authorize") {
      const q = url.searchParams;
      const client = clients.get(q.get("client_id"));
      if (!client) return html(res, 400, "Invalid client ID", "<h1>Error: Invalid client ID</h1>");
      if (!(client.redirect_uris ?? []).includes(q.get("redirect_uri"))) {
        return html(res, 400, "Invalid Redirect URI", "<h1>Error: Invalid redirect URI</h1><p>Make sure that the app uses the correct redirect URI.</p>");
      }
      if (q.get("response_type") !== "code" || q.get("provider") !== "authkit" || q.get("code_challenge_method") !== "S256" || !q.get("code_challenge")) {
        return html(res, 400, "Invalid request", "<h1>Error: invalid authorize request</h1>");
      }
      const hidden = ["client_id", "redirect_uri", "code_challenge", "state"]
        .filter((k) => q.get(k) !== null)
        .map((k) => `<input type="hidden" name="${k}" value="${esc(q.get(k))}">`)
        .join("");
      const buttons = users
        .map(
          (u) =>
            `<form method="post" action="/user_management/authorize/sign_in" data-user-email="${esc(u.email)}">${hidden}<input type="hidden" name="email" value="${esc(u.email)}"><button type="submit" data-user-email="${esc(u.email)}">Sign in as ${esc(u.first_name)}</button></form>`,
        )
        .join("");
      return html(res, 200, "Sign in (dev double)", `<h1>Sign in (emulator dev double)</h1>${buttons}`);
    }
    if (req.method === "POST" && url.pathname === "/user_management/authorize/sign_in") {
      const f = new URLSearchParams(await readBody(req));
      const client = clients.get(f.get("client_id"));
      const user = users.find((u) => u.email === f.get("email"));
      if (!client || !user || !(client.redirect_uris ?? []).includes(f.get("redirect_uri"))) return html(res, 400, "Bad request", "bad sign-in form");
      const code = randomBytes(16).toString("hex");
      codes.set(code, { user, client_id: client.client_id, redirect_uri: f.get("redirect_uri"), challenge: f.get("code_challenge"), expires: Date.now() + 600000 });
      const dest = new URL(f.get("redirect_uri"));
      dest.searchParams.set("code", code);
      if (f.get("state") !== null) dest.searchParams.set("state", f.get("state"));
      res.writeHead(302, { Location: dest.toString() });
      return res.end();
    }
    if (url.pathname === "/user_management/authenticate") {
      const cors = corsHeaders(req);
      if (req.method === "OPTIONS") {
        res.writeHead(204, cors);
        return res.end();
      }
      if (req.method !== "POST") return json(res, 405, { error: "method_not_allowed" }, cors);
      const raw = await readBody(req);
      let body;
      try {
        body = (req.headers["content-type"] ?? "").includes("json") ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
      } catch {
        return json(res, 400, { error: "invalid_request", error_description: "Malformed body." }, cors);
      }
      let user, clientId, sid;
      if (body.grant_type === "authorization_code") {
        const c = codes.get(body.code);
        codes.delete(body.code);
        const challenge = body.code_verifier ? createHash("sha256").update(body.code_verifier).digest("base64url") : null;
        if (!c || c.expires < Date.now() || c.client_id !== body.client_id || challenge !== c.challenge) {
          return json(res, 400, { error: "invalid_grant", error_description: `The code '${body.code}' has expired or is invalid.` }, cors);
        }
        user = c.user;
        clientId = c.client_id;
        sid = `session_${randomBytes(10).toString("hex")}`;
      } else if (body.grant_type === "refresh_token") {
        const r = refreshTokens.get(body.refresh_token);
        refreshTokens.delete(body.refresh_token);
        if (!r || r.client_id !== body.client_id) return json(res, 400, { error: "invalid_grant", error_description: "Invalid refresh token." }, cors);
        ({ user, client_id: clientId, sid } = r);
      } else {
        return json(res, 400, { error: "unsupported_grant_type", error_description: "Unsupported grant type." }, cors);
      }
      const refresh = randomBytes(16).toString("hex");
      refreshTokens.set(refresh, { user, client_id: clientId, sid });
      const now = new Date().toISOString();
      return json(
        res,
        200,
        {
          user: { object: "user", id: user.id, email: user.email, email_verified: true, first_name: user.first_name, last_name: user.last_name, profile_picture_url: null, last_sign_in_at: now, external_id: null, created_at: now, updated_at: now },
          access_token: mint(user, clientId, sid),
          refresh_token: refresh,
          authentication_method: "Password",
        },
        cors,
      );
    }
    const jwksMatch = /^\/sso\/jwks\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && jwksMatch) {
      if (!clients.has(jwksMatch[1])) return json(res, 404, { message: "Not Found" });
      return json(res, 200, { keys: [publicJwk] }, { "Cache-Control": "no-store" });
    }
    if (req.method === "GET" && url.pathname === "/user_management/sessions/logout") {
      const first = [...clients.values()][0];
      const returnTo = url.searchParams.get("return_to") || first.homepage_url;
      if (!returnTo) return html(res, 400, "Error", "<h1>Homepage URL missing</h1>");
      res.writeHead(302, { Location: returnTo });
      return res.end();
    }
    return json(res, 404, { message: "Not Found" });
  } catch (e) {
    return json(res, 400, { error: "invalid_request", error_description: String(e.message) });
  }
});

server.listen(port, "127.0.0.1", () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  const first = [...clients.values()][0];
  process.stdout.write(
    JSON.stringify({
      url: base,
      clients: [...clients.values()].map((c) => ({ client_id: c.client_id, jwks_url: `${base}/sso/jwks/${c.client_id}`, redirect_uris: c.redirect_uris, cors_origins: c.cors_origins })),
      settings: { VITE_WORKOS_API_HOSTNAME: "127.0.0.1", VITE_WORKOS_API_PORT: String(server.address().port), VITE_WORKOS_API_HTTPS: "false" },
      issuer: issuerFor(first.client_id),
      dev_double: true,
    }) + "\n",
  );
});
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
