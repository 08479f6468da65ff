#!/usr/bin/env node
// The `convex-authkit` command of the npm package: runs the native binary from the platform package
// the package manager installed beside this one (no postinstall, no download), passing arguments,
// stdin/stdout/stderr, the exit code and signals through. `CONVEX_AUTHKIT_BINARY` runs a local
// build instead. A machine without a fitting binary gets a message, never a stack trace.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const { detectLibc, findBinary } = require("../lib/platform.js");

// Exit code for "the tool failed", as the binary itself uses.
const TOOL_ERROR = 2;

function fail(message, hints) {
  process.stderr.write(`error: ${message}\n`);
  for (const hint of hints || []) process.stderr.write(`hint: ${hint}\n`);
  process.exitCode = TOOL_ERROR;
}

function repositoryUrl() {
  try {
    const { repository } = require("../package.json");
    return typeof repository === "string" ? repository : repository && repository.url;
  } catch {
    return undefined;
  }
}

function main() {
  const libc =
    process.platform === "linux"
      ? detectLibc((file) => fs.readFileSync(file, "utf8"), () => process.report.getReport())
      : undefined;
  const found = findBinary({
    os: process.platform,
    cpu: process.arch,
    libc,
    env: process.env,
    resolve: require.resolve,
    exists: fs.existsSync,
    repository: repositoryUrl(),
  });
  if (found.error) return fail(found.error, found.hints);

  const child = spawn(found.binary, process.argv.slice(2), { stdio: "inherit" });

  // A terminal's Ctrl-C reaches the binary directly (same process group; on Windows, the same
  // console); this process must not die before it, or the shell would print its prompt while the
  // binary is still rolling files back. On Unix a signal sent to this process alone (a
  // supervisor, `kill`) is passed on. On Windows `child.kill` would end the binary outright, so
  // Ctrl-C and Ctrl-Break are only kept from ending this process.
  const windows = process.platform === "win32";
  const forwarded = windows ? [] : ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
  const forward = (signal) => {
    try {
      child.kill(signal);
    } catch {
      // The child is already gone.
    }
  };
  const ignore = () => {};
  const ignored = windows ? ["SIGINT", "SIGBREAK"] : [];
  for (const s of forwarded) process.on(s, forward);
  for (const s of ignored) process.on(s, ignore);
  const release = () => {
    for (const s of forwarded) process.off(s, forward);
    for (const s of ignored) process.off(s, ignore);
  };

  child.on("error", (e) => {
    release();
    const hints =
      e.code === "EACCES"
        ? [`make it executable: \`chmod +x ${found.binary}\``]
        : ["reinstall `convex-authkit`, or set `CONVEX_AUTHKIT_BINARY` to a build of it"];
    fail(`could not run \`${found.binary}\`: ${e.message}`, hints);
  });
  child.on("exit", (code, signal) => {
    release();
    if (signal) {
      // Die of the same signal, so the shell and parent processes see what the binary saw. If it
      // doesn't kill this process (ignored, or not a real signal here), exit as shells report it.
      process.kill(process.pid, signal);
      process.exit(128 + (os.constants.signals[signal] || 0));
    }
    process.exit(code === null ? TOOL_ERROR : code);
  });
}

try {
  main();
} catch (e) {
  fail(`the convex-authkit launcher failed: ${e && e.message ? e.message : e}`, [
    "set `CONVEX_AUTHKIT_BINARY` to a build of convex-authkit to bypass the platform lookup",
  ]);
}
