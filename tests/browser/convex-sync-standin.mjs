#!/usr/bin/env node
// convex-sync-standin.mjs: TEST SUPPORT ONLY. This is not a Convex backend.
//
// A tiny stand-in for a Convex deployment's sync endpoint, used by the browser test
// (tests/browser/run.mjs) so a real `ConvexReactClient` in a real browser can reach the
// "Convex-authenticated" state offline. It speaks just enough of the client's WebSocket
// protocol (convex npm 1.49.0, src/browser/sync/protocol.ts) to answer:
//   - Connect         (records the session and the client clock skew; no reply, like the backend)
//   - ModifyQuerySet  (adds/removes queries, answers with a Transition carrying their results)
//   - Authenticate    (checks the token with the project's own verifier, `convex-authkit verify`,
//                      against the app's real convex/auth.config.ts; on success a Transition whose
//                      identity version advances and whose queries are re-run; on failure the
//                      AuthError frame a deployment sends, then it closes the socket like the server)
//   - Mutation/Action (answered with a failure: the stand-in has no functions besides the queries below)
//   - Event and anything unknown: logged and ignored.
//
// Queries it serves (no database, no codegen needed in the app):
//   whoami:get       -> the verified identity's `subject`, or null when unauthenticated
//   whoami:identity  -> the whole verified identity object, or null
//
// The token check is delegated to an external command (argv given as JSON with --verifier-json);
// the token goes to its stdin; it must print one JSON object and exit 0 with
//   {"status":"accepted","identity":{"tokenIdentifier":…,"subject":…,"issuer":…,…}}
// or exit 1 with
//   {"status":"rejected","error":{"code":…,"message":…}}
// (the contract of `convex-authkit verify <APP> --token - --json`). Anything else is a verifier
// failure: it is reported as such (event "verifier-error") and the client gets an AuthError.
//
// Usage:
//   node convex-sync-standin.mjs --verifier-json '["convex-authkit","verify","APP","--token","-","--json"]'
//        [--port 0] [--host 127.0.0.1] [--log FILE] [--verify-timeout-ms 20000]
// First stdout line: {"url":"http://127.0.0.1:PORT","sync":"ws://127.0.0.1:PORT/api/<v>/sync","events":"…/_standin/events"}
//
// HTTP API (what ConvexHttpClient sends, e.g. server-side rendering): POST /api/query,
// /api/query_ts + /api/query_at_ts (consistent queries) and /api/run/<module>/<fn>, the same
// queries, with a Bearer token checked by the same verifier (401 when rejected).
//
// Harness endpoints (not part of Convex):
//   GET /_standin/events  -> {"events":[…]}: every Authenticate and its outcome, connections, errors.
//
// Frames in and out are appended to the --log file (JSON lines; token signatures elided).

import { spawn } from "node:child_process";
import { appendFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------
function parseArgs(argv) {
  const opts = { port: 0, host: "127.0.0.1", log: null, verifier: null, verifyTimeoutMs: 20000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value after ${a}`);
      return argv[++i];
    };
    if (a === "--port") opts.port = Number(next());
    else if (a === "--host") opts.host = next();
    else if (a === "--log") opts.log = next();
    else if (a === "--verifier-json") opts.verifier = JSON.parse(next());
    else if (a === "--verify-timeout-ms") opts.verifyTimeoutMs = Number(next());
    else if (a === "-h" || a === "--help") {
      process.stdout.write(
        "usage: convex-sync-standin.mjs --verifier-json '[argv…]' [--port N] [--host H] [--log FILE] [--verify-timeout-ms MS]\n",
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Array.isArray(opts.verifier) || opts.verifier.length === 0 || !opts.verifier.every((s) => typeof s === "string")) {
    throw new Error("--verifier-json must be a non-empty JSON array of strings (the verifier's argv)");
  }
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`convex-sync-standin: ${e.message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// Logging and harness events
// ---------------------------------------------------------------------------
const events = [];
if (opts.log) writeFileSync(opts.log, "");

function redactToken(token) {
  if (typeof token !== "string") return token;
  const parts = token.split(".");
  if (parts.length !== 3) return `<${token.length} chars, not a JWT>`;
  return `${parts[0]}.${parts[1]}.<signature elided>`;
}

function redactFrame(frame) {
  if (frame && frame.type === "Authenticate" && typeof frame.value === "string") {
    return { ...frame, value: redactToken(frame.value) };
  }
  return frame;
}

function log(entry) {
  const line = JSON.stringify({ t: new Date().toISOString(), ...entry });
  if (opts.log) {
    try {
      appendFileSync(opts.log, line + "\n");
    } catch {
      // logging is best effort
    }
  }
}

function event(kind, data) {
  const e = { kind, t: new Date().toISOString(), ...data };
  events.push(e);
  log({ event: e });
  return e;
}

function decodeClaims(token) {
  try {
    const payload = token.split(".")[1];
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Value encoding (the subset of convexToJson the served queries need)
// ---------------------------------------------------------------------------
function convexToJson(v) {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (Number.isNaN(v) || !Number.isFinite(v) || Object.is(v, -0)) {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(v);
      return { $float: b.toString("base64") };
    }
    return v;
  }
  if (typeof v === "bigint") {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(v);
    return { $integer: b.toString("base64") };
  }
  if (Array.isArray(v)) return v.map(convexToJson);
  if (typeof v === "object") {
    const out = {};
    for (const k of Object.keys(v).sort()) {
      if (v[k] !== undefined) out[k] = convexToJson(v[k]);
    }
    return out;
  }
  throw new Error(`value of type ${typeof v} is not a Convex value`);
}

// Timestamps go over the wire as little-endian u64, base64 (protocol.ts longToU64).
function encodeTs(ts) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(ts);
  return b.toString("base64");
}

// ---------------------------------------------------------------------------
// The served queries
// ---------------------------------------------------------------------------
const QUERIES = {
  "whoami:get": (identity) => (identity ? identity.subject ?? null : null),
  "whoami:identity": (identity) => identity ?? null,
};

function canonicalizeUdfPath(udfPath) {
  const pieces = String(udfPath).split(":");
  let moduleName = pieces.length === 1 ? pieces[0] : pieces.slice(0, -1).join(":");
  const functionName = pieces.length === 1 ? "default" : pieces[pieces.length - 1];
  if (moduleName.endsWith(".js")) moduleName = moduleName.slice(0, -3);
  return `${moduleName}:${functionName}`;
}

function runQuery(udfPath, identity) {
  const fn = QUERIES[canonicalizeUdfPath(udfPath)];
  if (!fn) {
    return {
      ok: false,
      errorMessage: `Could not find public function for '${udfPath}' (convex-sync-standin serves only ${Object.keys(QUERIES).join(", ")}).`,
    };
  }
  return { ok: true, value: convexToJson(fn(identity)) };
}

// ---------------------------------------------------------------------------
// Token verification through the project's verifier
// ---------------------------------------------------------------------------
function runVerifier(token) {
  return new Promise((resolve) => {
    const [cmd, ...args] = opts.verifier;
    let child;
    try {
      child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    } catch (e) {
      resolve({ kind: "verifier-error", detail: `could not start ${cmd}: ${e.message}` });
      return;
    }
    let stdout = "";
    let stderr = "";
    let done = false;
    const finish = (r) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        resolve(r);
      }
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish({ kind: "verifier-error", detail: `verifier timed out after ${opts.verifyTimeoutMs} ms` });
    }, opts.verifyTimeoutMs);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => finish({ kind: "verifier-error", detail: `could not run ${cmd}: ${e.message}` }));
    child.on("close", (code) => {
      let parsed = null;
      const text = stdout.trim();
      try {
        parsed = JSON.parse(text);
      } catch {
        // Tolerate log lines before the JSON: take the last line that parses.
        for (const line of text.split("\n").reverse()) {
          try {
            parsed = JSON.parse(line);
            break;
          } catch {
            // keep looking
          }
        }
      }
      if (code === 0 && parsed?.status === "accepted" && parsed.identity && typeof parsed.identity.subject === "string") {
        finish({ kind: "accepted", identity: parsed.identity });
      } else if (code === 1 && parsed?.status === "rejected" && parsed.error && typeof parsed.error.message === "string") {
        finish({ kind: "rejected", code: parsed.error.code ?? null, message: parsed.error.message });
      } else {
        finish({
          kind: "verifier-error",
          detail: `unexpected verifier result: exit ${code}, stdout ${JSON.stringify(stdout.slice(0, 2000))}, stderr ${JSON.stringify(stderr.slice(0, 2000))}`,
        });
      }
    });
    child.stdin.on("error", () => {
      // the verifier may exit without reading stdin; the close handler reports it
    });
    child.stdin.end(token);
  });
}

// ---------------------------------------------------------------------------
// One sync session (one WebSocket)
// ---------------------------------------------------------------------------
let connectionCounter = 0;
let globalTs = BigInt(Date.now()) * 1000000n; // nanoseconds, like the backend's timestamps

class SyncSession {
  constructor(ws, id) {
    this.ws = ws;
    this.id = id;
    this.closed = false;
    // What the server last sent (the client checks each Transition's startVersion against it).
    this.version = { querySet: 0, identity: 0, ts: 0n };
    // What the client has asked for so far (the backend's received_client_version).
    this.received = { querySet: 0, identity: 0 };
    this.queries = new Map(); // queryId -> { udfPath, args }
    this.lastResult = new Map(); // queryId -> JSON string of the last result sent
    this.identity = null; // null = unauthenticated
    this.identityExp = null; // seconds since epoch, from the accepted token's exp
    this.clientClockSkew = undefined;
    this.chain = Promise.resolve();
    this.ping = setInterval(() => this.send({ type: "Ping" }), 15000);
  }

  send(msg) {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    log({ conn: this.id, dir: "out", frame: msg });
    this.ws.send(JSON.stringify(msg));
  }

  close(code, reason) {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ping);
    log({ conn: this.id, dir: "close", code: code ?? null, reason: reason ?? "" });
    try {
      // No code = a close frame without status, which is what the backend sends after
      // an AuthError (unauthenticated errors carry no close frame code).
      if (code === undefined) this.ws.close();
      else this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  onFrame(raw) {
    // Messages are handled strictly in order, like the backend's sync worker.
    this.chain = this.chain.then(() => this.handle(raw)).catch((e) => {
      event("standin-error", { conn: this.id, message: String(e?.stack ?? e) });
      this.close(1011, "InternalServerError");
    });
  }

  async handle(raw) {
    if (this.closed) return;
    let msg;
    try {
      msg = JSON.parse(raw.toString());
    } catch (e) {
      log({ conn: this.id, dir: "in", invalid: raw.toString().slice(0, 500) });
      this.fatal(`Received Invalid JSON on websocket: ${e.message}`);
      return;
    }
    log({ conn: this.id, dir: "in", frame: redactFrame(msg) });
    switch (msg?.type) {
      case "Connect":
        if (typeof msg.clientTs === "number") this.clientClockSkew = msg.clientTs - Date.now();
        event("connect", { conn: this.id, sessionId: msg.sessionId, connectionCount: msg.connectionCount, lastCloseReason: msg.lastCloseReason });
        return;
      case "ModifyQuerySet":
        return this.onModifyQuerySet(msg);
      case "Authenticate":
        return this.onAuthenticate(msg);
      case "Mutation":
      case "Action": {
        const kind = msg.type === "Mutation" ? "MutationResponse" : "ActionResponse";
        this.send({
          type: kind,
          requestId: msg.requestId,
          success: false,
          result: `convex-sync-standin serves no ${msg.type.toLowerCase()}s ('${msg.udfPath}')`,
          logLines: [],
        });
        return;
      }
      case "Event":
        return;
      default:
        event("ignored-frame", { conn: this.id, type: msg?.type ?? null });
    }
  }

  fatal(message) {
    // A deterministic user error: FatalError, then a close without status (BadRequest has no close code).
    this.send({ type: "FatalError", error: message });
    this.close();
  }

  // The backend re-checks the session identity's expiry whenever it computes a transition.
  checkExpiry() {
    if (this.identity && this.identityExp !== null && Date.now() / 1000 >= this.identityExp) {
      event("auth-expired", { conn: this.id, subject: this.identity.subject });
      this.send({ type: "AuthError", error: "Convex token identity expired", baseVersion: this.version.identity, authUpdateAttempted: false });
      this.close();
      return false;
    }
    return true;
  }

  transition(endVersionPatch, modifications) {
    globalTs += 1n;
    const start = this.version;
    const end = { ...start, ...endVersionPatch, ts: globalTs };
    const msg = {
      type: "Transition",
      startVersion: { querySet: start.querySet, identity: start.identity, ts: encodeTs(start.ts) },
      endVersion: { querySet: end.querySet, identity: end.identity, ts: encodeTs(end.ts) },
      modifications,
      serverTs: Date.now() * 1e6, // nanoseconds, as the client expects (web_socket_manager.ts)
    };
    if (this.clientClockSkew !== undefined) msg.clientClockSkew = this.clientClockSkew;
    this.version = end;
    this.send(msg);
  }

  // Runs the given queries; only results that changed are sent (the backend dedups by result hash).
  computeModifications(queryIds) {
    const mods = [];
    for (const queryId of queryIds) {
      const q = this.queries.get(queryId);
      if (!q) continue;
      const r = runQuery(q.udfPath, this.identity);
      const key = JSON.stringify(r);
      if (this.lastResult.get(queryId) === key) continue;
      this.lastResult.set(queryId, key);
      if (r.ok) mods.push({ type: "QueryUpdated", queryId, value: r.value, logLines: [], journal: null });
      else mods.push({ type: "QueryFailed", queryId, errorMessage: r.errorMessage, logLines: [], errorData: null, journal: null });
    }
    return mods;
  }

  onModifyQuerySet(msg) {
    if (msg.baseVersion !== this.received.querySet) {
      this.fatal(`Base version ${msg.baseVersion} passed up doesn't match the current version ${this.received.querySet}`);
      return;
    }
    if (!(msg.newVersion > msg.baseVersion)) {
      this.close(1011, "InternalServerError");
      return;
    }
    this.received.querySet = msg.newVersion;
    if (!this.checkExpiry()) return;
    const added = [];
    const removed = [];
    for (const m of msg.modifications ?? []) {
      if (m.type === "Add") {
        this.queries.set(m.queryId, { udfPath: m.udfPath, args: m.args });
        this.lastResult.delete(m.queryId);
        added.push(m.queryId);
      } else if (m.type === "Remove") {
        this.queries.delete(m.queryId);
        this.lastResult.delete(m.queryId);
        removed.push({ type: "QueryRemoved", queryId: m.queryId });
      }
    }
    event("query-set", {
      conn: this.id,
      version: msg.newVersion,
      queries: [...this.queries.entries()].map(([id, q]) => `${id}:${q.udfPath}`),
    });
    this.transition({ querySet: msg.newVersion }, [...this.computeModifications(added), ...removed]);
  }

  async onAuthenticate(msg) {
    if (msg.baseVersion !== this.received.identity) {
      // The backend treats this as an internal error (anyhow::ensure in modify_identity).
      event("standin-error", { conn: this.id, message: `identity base version ${msg.baseVersion} != ${this.received.identity}` });
      this.close(1011, "InternalServerError");
      return;
    }
    const baseVersion = this.version.identity;
    let outcome;
    if (msg.tokenType === "None") {
      outcome = { kind: "cleared" };
    } else if (msg.tokenType === "User" && typeof msg.value === "string") {
      outcome = await runVerifier(msg.value);
    } else {
      outcome = { kind: "rejected", code: "InvalidAuthHeader", message: `convex-sync-standin does not accept ${msg.tokenType} tokens` };
    }
    if (this.closed) return;
    const claims = msg.tokenType === "User" ? decodeClaims(msg.value) : null;
    event("authenticate", {
      conn: this.id,
      tokenType: msg.tokenType,
      baseVersion: msg.baseVersion,
      claims,
      outcome: outcome.kind,
      subject: outcome.identity?.subject ?? null,
      identity: outcome.identity ?? null,
      code: outcome.code ?? null,
      message: outcome.message ?? outcome.detail ?? null,
    });
    if (outcome.kind === "accepted" || outcome.kind === "cleared") {
      this.received.identity = msg.baseVersion + 1;
      this.identity = outcome.kind === "accepted" ? outcome.identity : null;
      this.identityExp = typeof claims?.exp === "number" ? claims.exp : null;
      // The new identity invalidates every query; re-run them all, send what changed.
      const mods = this.computeModifications([...this.queries.keys()]);
      this.transition({ identity: this.received.identity }, mods);
      return;
    }
    const error =
      outcome.kind === "rejected"
        ? outcome.message
        : `convex-sync-standin: the token verifier failed, so the token could not be checked: ${outcome.detail}`;
    this.send({ type: "AuthError", error, baseVersion, authUpdateAttempted: true });
    this.close();
  }
}

// ---------------------------------------------------------------------------
// HTTP: the harness endpoint, the sync upgrade, and the HTTP query API
// ---------------------------------------------------------------------------
function cors(res) {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Headers", "authorization, content-type, convex-client");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
}

function sendJson(res, status, body) {
  cors(res);
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

function readBody(req, limit = 1 << 20) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on("data", (c) => {
      size += c.length;
      if (size > limit) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function httpQuery(req, res, udfPath, args) {
  let identity = null;
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    if (auth.length < 7) return sendJson(res, 400, { code: "InvalidHeaderFailure", message: "Invalid authentication header" });
    const m = /^bearer\s+(.*)$/i.exec(auth);
    if (!m || m[1].trim() === "") return sendJson(res, 400, { code: "InvalidAdminKey", message: "Invalid admin key" });
    const outcome = await runVerifier(m[1].trim());
    event("http-authenticate", { path: udfPath, outcome: outcome.kind, subject: outcome.identity?.subject ?? null, code: outcome.code ?? null, message: outcome.message ?? outcome.detail ?? null });
    if (outcome.kind === "rejected") return sendJson(res, 401, { code: outcome.code, message: outcome.message });
    if (outcome.kind !== "accepted") return sendJson(res, 500, { code: "InternalServerError", message: outcome.detail });
    identity = outcome.identity;
  }
  void args;
  const r = runQuery(udfPath, identity);
  if (r.ok) return sendJson(res, 200, { status: "success", value: r.value });
  return sendJson(res, 200, { status: "error", errorMessage: r.errorMessage });
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  log({ http: `${req.method} ${url.pathname}` });
  try {
    if (req.method === "OPTIONS") {
      cors(res);
      res.writeHead(204);
      return res.end();
    }
    if (req.method === "GET" && url.pathname === "/_standin/events") return sendJson(res, 200, { events });
    if (req.method === "GET" && url.pathname === "/instance_name") {
      cors(res);
      res.writeHead(200, { "Content-Type": "text/plain" });
      return res.end("convex-sync-standin");
    }
    // ConvexHttpClient.consistentQuery (what @convex-dev/react-query runs during server-side
    // rendering): a timestamp first, then the query at it. The client echoes the timestamp
    // without reading it; the stand-in has one state, so every timestamp reads the same.
    if (req.method === "POST" && url.pathname === "/api/query_ts") return sendJson(res, 200, { ts: encodeTs(BigInt(Date.now()) * 1000000n) });
    if (req.method === "POST" && (url.pathname === "/api/query" || url.pathname === "/api/query_at_ts" || url.pathname.startsWith("/api/run/"))) {
      let body;
      try {
        body = JSON.parse((await readBody(req)) || "{}");
      } catch {
        return sendJson(res, 400, { code: "BadJsonBody", message: "Failed to parse the JSON body" });
      }
      const path = url.pathname.startsWith("/api/query") ? body.path : url.pathname.slice("/api/run/".length).replace(/\/([^/]*)$/, ":$1");
      if (typeof path !== "string" || path === "") return sendJson(res, 400, { code: "MissingIdentifier", message: "Path or function name not provided" });
      return await httpQuery(req, res, path, body.args);
    }
    if (url.pathname === "/api/mutation" || url.pathname === "/api/action") {
      return sendJson(res, 200, { status: "error", errorMessage: "convex-sync-standin serves no mutations or actions" });
    }
    return sendJson(res, 404, { code: "NotFound", message: `convex-sync-standin does not serve ${req.method} ${url.pathname}` });
  } catch (e) {
    event("standin-error", { http: url.pathname, message: String(e?.stack ?? e) });
    if (!res.headersSent) sendJson(res, 500, { code: "InternalServerError", message: "convex-sync-standin failed" });
    else res.end();
  }
});

const wss = new WebSocketServer({ noServer: true });
server.on("upgrade", (req, socket, head) => {
  const { pathname } = new URL(req.url, "http://localhost");
  // The backend routes both /api/<client version>/sync and /api/sync.
  if (!/^\/api\/(?:[^/]+\/)?sync$/.test(pathname)) {
    log({ http: `upgrade refused for ${pathname}` });
    socket.write("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const id = ++connectionCounter;
    const session = new SyncSession(ws, id);
    event("ws-open", { conn: id, path: pathname, origin: req.headers.origin ?? null });
    ws.on("message", (data) => session.onFrame(data));
    ws.on("close", (code) => {
      session.closed = true;
      clearInterval(session.ping);
      event("ws-close", { conn: id, code });
    });
    ws.on("error", (e) => log({ conn: id, wsError: e.message }));
  });
});

server.listen(opts.port, opts.host, () => {
  const { port } = server.address();
  const url = `http://${opts.host}:${port}`;
  process.stdout.write(
    JSON.stringify({ url, sync: `ws://${opts.host}:${port}/api/1.49.0/sync`, events: `${url}/_standin/events` }) + "\n",
  );
});

function shutdown() {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
