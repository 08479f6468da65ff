// The launcher's platform choice and process passing, and the package filling, without Rust:
// fake binaries are shell scripts. Run: `node --test npm/test/`.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { cargoPackage, fill } from "../fill.mjs";

const require = createRequire(import.meta.url);
const { PLATFORMS, candidates, detectLibc, findBinary, packageName } = require("../convex-authkit/lib/platform.js");

const npmDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repo = path.dirname(npmDir);
const launcherDir = path.join(npmDir, "convex-authkit");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "convex-authkit-launcher-"));
after(() => fs.rmSync(work, { recursive: true, force: true }));
const unix = process.platform !== "win32";

const names = (list) => list.map((p) => p.name);

describe("candidates", () => {
  it("prefers the glibc build on glibc and falls back to the static musl one", () => {
    assert.deepEqual(names(candidates("linux", "x64", "glibc")), ["linux-x64-gnu", "linux-x64-musl"]);
    assert.deepEqual(names(candidates("linux", "arm64", "glibc")), ["linux-arm64-gnu", "linux-arm64-musl"]);
  });
  it("never offers a glibc build on musl", () => {
    assert.deepEqual(names(candidates("linux", "x64", "musl")), ["linux-x64-musl"]);
    assert.deepEqual(names(candidates("linux", "arm64", "musl")), ["linux-arm64-musl"]);
  });
  it("maps macOS and Windows by CPU", () => {
    assert.deepEqual(names(candidates("darwin", "arm64")), ["darwin-arm64"]);
    assert.deepEqual(names(candidates("darwin", "x64")), ["darwin-x64"]);
    assert.deepEqual(names(candidates("win32", "x64")), ["win32-x64"]);
  });
  it("has nothing for other platforms", () => {
    assert.deepEqual(candidates("win32", "arm64"), []);
    assert.deepEqual(candidates("freebsd", "x64"), []);
    assert.deepEqual(candidates("linux", "ia32", "glibc"), []);
  });
});

describe("detectLibc", () => {
  const noReport = () => ({ header: {} });
  it("reads /usr/bin/ldd", () => {
    assert.equal(detectLibc(() => "#!/bin/sh\n# musl libc (x86_64)\n", noReport), "musl");
    assert.equal(detectLibc(() => "#! /bin/bash\n# ... part of the GNU C Library.\n", noReport), "glibc");
  });
  it("asks Node's report when there is no ldd", () => {
    const missing = () => {
      throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
    };
    assert.equal(detectLibc(missing, () => ({ header: { glibcVersionRuntime: "2.36" } })), "glibc");
    assert.equal(detectLibc(missing, noReport), "musl");
  });
});

describe("findBinary", () => {
  const base = { os: "linux", cpu: "x64", libc: "glibc", env: {}, exists: () => true };
  const resolveOnly = (...installed) => (spec) => {
    if (installed.some((pkg) => spec.startsWith(`${pkg}/`))) return `/nm/${spec}`;
    throw Object.assign(new Error(`Cannot find module '${spec}'`), { code: "MODULE_NOT_FOUND" });
  };
  it("resolves the platform package's binary", () => {
    const found = findBinary({ ...base, resolve: resolveOnly("@convex-authkit/linux-x64-gnu") });
    assert.deepEqual(found, { binary: "/nm/@convex-authkit/linux-x64-gnu/bin/convex-authkit", package: "@convex-authkit/linux-x64-gnu" });
  });
  it("uses the musl build on glibc when only that one is installed", () => {
    const found = findBinary({ ...base, resolve: resolveOnly("@convex-authkit/linux-x64-musl") });
    assert.equal(found.package, "@convex-authkit/linux-x64-musl");
  });
  it("asks for `convex-authkit.exe` on Windows", () => {
    const found = findBinary({ ...base, os: "win32", libc: undefined, resolve: resolveOnly("@convex-authkit/win32-x64") });
    assert.equal(found.binary, "/nm/@convex-authkit/win32-x64/bin/convex-authkit.exe");
  });
  it("prefers CONVEX_AUTHKIT_BINARY, and says when it points nowhere", () => {
    const env = { CONVEX_AUTHKIT_BINARY: "/builds/convex-authkit" };
    assert.deepEqual(findBinary({ ...base, env, resolve: resolveOnly() }), { binary: "/builds/convex-authkit" });
    const missing = findBinary({ ...base, env, exists: () => false, resolve: resolveOnly() });
    assert.match(missing.error, /`CONVEX_AUTHKIT_BINARY` is set to `\/builds\/convex-authkit`, which doesn't exist/);
  });
  it("names the missing package and how to build from source", () => {
    const found = findBinary({ ...base, resolve: resolveOnly(), repository: "https://example.test/convex-authkit" });
    assert.equal(
      found.error,
      "convex-authkit's binary for linux x64 (glibc) is not installed: `@convex-authkit/linux-x64-gnu` or `@convex-authkit/linux-x64-musl` is missing",
    );
    assert.match(found.hints.join("\n"), /--omit=optional/);
    assert.match(found.hints.join("\n"), /`cargo install --path \.` in a checkout of https:\/\/example\.test\/convex-authkit/);
  });
  it("names an unsupported platform and lists the supported ones", () => {
    const found = findBinary({ ...base, os: "freebsd", libc: undefined, resolve: resolveOnly() });
    assert.equal(found.error, "convex-authkit has no prebuilt binary for freebsd x64");
    assert.match(found.hints[0], /linux x64 \(glibc\), linux x64 \(musl\), linux arm64 \(glibc\), .*darwin arm64, win32 x64/);
    assert.match(found.hints[1], /rustup\.rs.*cargo install --path \./);
  });
});

// A copy of the launcher inside a node_modules laid out as a package manager would.
function layout(name, links) {
  const root = path.join(work, name);
  for (const [at, target] of links) {
    fs.mkdirSync(path.dirname(path.join(root, at)), { recursive: true });
    if (target === "launcher") fs.cpSync(launcherDir, path.join(root, at), { recursive: true });
    else if (target.startsWith("binary:")) {
      fs.mkdirSync(path.join(root, at, "bin"), { recursive: true });
      fs.writeFileSync(path.join(root, at, "bin", "convex-authkit"), `#!/bin/sh\necho "${target.slice(7)} $*"\n`, { mode: 0o755 });
    } else fs.symlinkSync(path.join(root, target), path.join(root, at));
  }
  return root;
}

function hostPackage() {
  const libc = process.platform === "linux" ? detectLibc((f) => fs.readFileSync(f, "utf8"), () => process.report.getReport()) : undefined;
  return packageName(candidates(process.platform, process.arch, libc)[0]);
}

function run(launcher, args, env = {}, input) {
  const clean = { ...process.env };
  delete clean.CONVEX_AUTHKIT_BINARY;
  return spawnSync(process.execPath, [launcher, ...args], { env: { ...clean, ...env }, input, encoding: "utf8" });
}

describe("the launcher in package managers' layouts", { skip: !unix || candidates(process.platform, process.arch, "glibc").length === 0 }, () => {
  const pkg = () => hostPackage();
  it("npm, yarn classic, bun: flat node_modules", () => {
    const root = layout("flat", [
      ["node_modules/convex-authkit", "launcher"],
      [`node_modules/${pkg()}`, "binary:flat"],
      ["node_modules/.bin/convex-authkit", "node_modules/convex-authkit/bin/convex-authkit.js"],
    ]);
    const r = run(path.join(root, "node_modules/.bin/convex-authkit"), ["doctor", "--json"]);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "flat doctor --json\n");
    assert.equal(r.status, 0);
  });
  it("pnpm: the platform package is a sibling in .pnpm, not in the app's node_modules", () => {
    const store = "node_modules/.pnpm/convex-authkit@0.0.0/node_modules";
    const root = layout("pnpm", [
      [`${store}/convex-authkit`, "launcher"],
      [`node_modules/.pnpm/${pkg().replace("/", "+")}@0.0.0/node_modules/${pkg()}`, "binary:pnpm"],
      [`${store}/${pkg()}`, `node_modules/.pnpm/${pkg().replace("/", "+")}@0.0.0/node_modules/${pkg()}`],
      ["node_modules/convex-authkit", `${store}/convex-authkit`],
    ]);
    const r = run(path.join(root, "node_modules/convex-authkit/bin/convex-authkit.js"), ["init", "."]);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "pnpm init .\n");
  });
  it("without the platform package: the error, exit 2, no stack trace", () => {
    const root = layout("none", [["node_modules/convex-authkit", "launcher"]]);
    const r = run(path.join(root, "node_modules/convex-authkit/bin/convex-authkit.js"), ["--version"]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^error: convex-authkit's binary for \S+ \S+.* is not installed: `@convex-authkit\//);
    assert.match(r.stderr, /\nhint: .*cargo install --path \./);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});

describe("the launcher passes the process through", { skip: !unix }, () => {
  const launcher = path.join(launcherDir, "bin", "convex-authkit.js");
  const fake = (name, script) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return { CONVEX_AUTHKIT_BINARY: file };
  };
  it("arguments, as given", () => {
    const r = run(launcher, ["init", "my app", "", "--json"], fake("args", 'for a in "$@"; do echo "[$a]"; done'));
    assert.equal(r.stdout, "[init]\n[my app]\n[]\n[--json]\n");
  });
  it("stdin, stdout and stderr", () => {
    const r = run(launcher, [], fake("stdio", "cat; echo to-stderr >&2"), "sk_test_from_stdin\n");
    assert.equal(r.stdout, "sk_test_from_stdin\n");
    assert.equal(r.stderr, "to-stderr\n");
  });
  it("the exit code", () => {
    for (const code of [0, 1, 2, 3]) assert.equal(run(launcher, [], fake(`exit${code}`, `exit ${code}`)).status, code);
  });
  it("dies of the signal that killed the binary", () => {
    const r = run(launcher, [], fake("killed", "kill -TERM $$"));
    assert.equal(r.signal, "SIGTERM");
    assert.equal(r.status, null);
  });
  it("passes a signal sent to the launcher on to the binary, and waits for it", async () => {
    const env = fake("trap", 'trap \'echo "rolled back"; exit 130\' TERM; echo ready; while :; do sleep 0.05; done');
    const child = spawn(process.execPath, [launcher], { env: { ...process.env, ...env } });
    let out = "";
    await new Promise((resolve) => child.stdout.on("data", (d) => ((out += d), out.includes("ready") && resolve())));
    child.kill("SIGTERM");
    const [code] = await new Promise((resolve) => child.on("exit", (...a) => resolve(a)));
    assert.equal(out, "ready\nrolled back\n");
    assert.equal(code, 130);
  });
  it("an unrunnable binary is an error with a hint, not a stack trace", () => {
    const file = path.join(work, "not-executable");
    fs.writeFileSync(file, "#!/bin/sh\n", { mode: 0o644 });
    const r = run(launcher, [], { CONVEX_AUTHKIT_BINARY: file });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^error: could not run `.*not-executable`: .*EACCES.*\nhint: make it executable/);
  });
});

describe("fill", () => {
  const cargo = cargoPackage(fs.readFileSync(path.join(repo, "Cargo.toml"), "utf8"));
  const fakeBinary = path.join(work, "fake-binary");
  fs.writeFileSync(fakeBinary, "binary");
  const out = path.join(work, "filled");
  const binaries = new Map(PLATFORMS.map((p) => [p.name, fakeBinary]));
  const written = fill({ out, binaries });
  const manifest = (dir) => JSON.parse(fs.readFileSync(path.join(out, dir, "package.json"), "utf8"));

  it("stamps Cargo.toml's version everywhere, and pins every platform package at it", () => {
    assert.match(cargo.version, /^\d+\.\d+\.\d+/);
    const main = manifest("convex-authkit");
    assert.equal(main.version, cargo.version);
    assert.equal(main.license, cargo.license);
    assert.equal(main.description, cargo.description);
    assert.deepEqual(main.optionalDependencies, Object.fromEntries(PLATFORMS.map((p) => [packageName(p), cargo.version])));
    assert.deepEqual(main.bin, { "convex-authkit": "bin/convex-authkit.js" });
    for (const p of PLATFORMS) assert.equal(manifest(p.name).version, cargo.version);
  });
  it("the templates carry no version of their own", () => {
    const template = JSON.parse(fs.readFileSync(path.join(launcherDir, "package.json"), "utf8"));
    assert.equal(template.version, undefined);
    assert.equal(template.optionalDependencies, undefined);
  });
  it("gives each platform package npm's os, cpu and (on Linux) libc, and an executable binary", () => {
    for (const p of PLATFORMS) {
      const m = manifest(p.name);
      assert.equal(m.name, packageName(p));
      assert.deepEqual(m.os, [p.os]);
      assert.deepEqual(m.cpu, [p.cpu]);
      assert.deepEqual(m.libc, p.os === "linux" ? [p.libc] : undefined);
      assert.equal(m.preferUnplugged, true);
      assert.equal(m.bin, undefined, "only the main package has a bin");
      const bin = path.join(out, p.name, "bin", p.os === "win32" ? "convex-authkit.exe" : "convex-authkit");
      assert.equal(fs.readFileSync(bin, "utf8"), "binary");
      if (unix) assert.equal(fs.statSync(bin).mode & 0o777, 0o755);
    }
  });
  it("lists the folders platform packages first, the main package last (the publish order)", () => {
    assert.equal(written.length, PLATFORMS.length + 1);
    assert.equal(path.basename(written.at(-1)), "convex-authkit");
  });
  it("refuses a tag that isn't the version", () => {
    assert.throws(() => fill({ out, binaries: new Map(), tag: "v0.0.0-nope" }), /doesn't match Cargo.toml's version/);
    fill({ out, binaries: new Map(), tag: `v${cargo.version}` });
  });
  it("the release workflow builds every platform, for its target", () => {
    const workflow = fs.readFileSync(path.join(repo, ".github", "workflows", "release.yml"), "utf8");
    const matrix = [...workflow.matchAll(/platform: ([\w-]+)\s+target: ([\w.-]+)/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(
      matrix.map(([platform, target]) => [platform, target.replace(/\.2\.\d+$/, "")]).sort(),
      PLATFORMS.map((p) => [p.name, p.target]).sort(),
    );
  });
});
