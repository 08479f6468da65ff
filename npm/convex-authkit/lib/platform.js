// Which prebuilt binary fits this machine, and where the package manager put it.
//
// One table serves the launcher, the script that fills the packages (npm/fill.mjs) and the tests,
// so a platform can't be published without the launcher knowing it. Everything here is a pure
// function of its arguments (no process globals), so the tests can ask about any platform.
"use strict";

const SCOPE = "@convex-authkit";

// npm's `os`/`cpu`/`libc` values (the same as Node's `process.platform`/`process.arch`), and the
// Rust target the release workflow builds for each.
const PLATFORMS = [
  { name: "linux-x64-gnu", os: "linux", cpu: "x64", libc: "glibc", target: "x86_64-unknown-linux-gnu" },
  { name: "linux-x64-musl", os: "linux", cpu: "x64", libc: "musl", target: "x86_64-unknown-linux-musl" },
  { name: "linux-arm64-gnu", os: "linux", cpu: "arm64", libc: "glibc", target: "aarch64-unknown-linux-gnu" },
  { name: "linux-arm64-musl", os: "linux", cpu: "arm64", libc: "musl", target: "aarch64-unknown-linux-musl" },
  { name: "darwin-x64", os: "darwin", cpu: "x64", target: "x86_64-apple-darwin" },
  { name: "darwin-arm64", os: "darwin", cpu: "arm64", target: "aarch64-apple-darwin" },
  { name: "win32-x64", os: "win32", cpu: "x64", target: "x86_64-pc-windows-msvc" },
];

function packageName(platform) {
  return `${SCOPE}/${platform.name}`;
}

function binaryName(os) {
  return os === "win32" ? "convex-authkit.exe" : "convex-authkit";
}

// The packages to try, best first. On glibc the musl build is a fallback: it is static, so it runs
// there too (and npm versions that ignore `libc` may have installed only that one). A glibc build
// never runs on musl, so musl gets only musl.
function candidates(os, cpu, libc) {
  const fits = PLATFORMS.filter((p) => p.os === os && p.cpu === cpu);
  if (os !== "linux") return fits;
  const order = libc === "musl" ? ["musl"] : ["glibc", "musl"];
  return order.flatMap((l) => fits.filter((p) => p.libc === l));
}

// `glibc` or `musl`, from the text of `/usr/bin/ldd` (a script on glibc, a link to the musl loader
// on musl; reading it is much cheaper than running it), else from Node's own report.
function detectLibc(readFile, report) {
  try {
    const ldd = readFile("/usr/bin/ldd");
    if (ldd.includes("musl")) return "musl";
    if (ldd.includes("GNU C Library") || ldd.includes("GLIBC")) return "glibc";
  } catch {
    // No ldd: ask Node below.
  }
  const header = report && report().header;
  return header && header.glibcVersionRuntime ? "glibc" : "musl";
}

// How this machine is described in messages: `linux x64 (musl)`, `darwin arm64`.
function describe(os, cpu, libc) {
  return os === "linux" ? `${os} ${cpu} (${libc})` : `${os} ${cpu}`;
}

// `text` in backticks, as the CLI quotes paths and values.
const q = (text) => "`" + text + "`";

// Finds the binary to run. `resolve` is `require.resolve` bound to the launcher's own location, so
// the platform package is found wherever the package manager put it beside the main package: a
// flat node_modules (npm, yarn classic, bun), pnpm's `.pnpm/<pkg>/node_modules` siblings, or
// yarn's Plug'n'Play maps (the platform packages are `preferUnplugged`, so the file is on disk).
// Returns `{ binary, package? }` or `{ error, hints }`.
function findBinary({ os, cpu, libc, env, resolve, exists, repository }) {
  const override = env.CONVEX_AUTHKIT_BINARY;
  if (override) {
    if (exists(override)) return { binary: override };
    return {
      error: `${q("CONVEX_AUTHKIT_BINARY")} is set to ${q(override)}, which doesn't exist`,
      hints: [`point it at a build (${q("cargo build --release")} makes ${q("target/release/convex-authkit")}), or unset it`],
    };
  }
  const tried = candidates(os, cpu, libc);
  for (const p of tried) {
    try {
      return { binary: resolve(`${packageName(p)}/bin/${binaryName(p.os)}`), package: packageName(p) };
    } catch {
      // Not installed: try the next one.
    }
  }
  const here = describe(os, cpu, libc);
  const fromSource =
    `build it from source with Rust (https://rustup.rs): ${q("cargo install --path .")} in a checkout of ` +
    `${repository || "convex-authkit"}, then run ${q("convex-authkit")}, or set ${q("CONVEX_AUTHKIT_BINARY")} ` +
    "to the built binary to keep using this launcher";
  if (tried.length === 0) {
    const supported = PLATFORMS.map((p) => describe(p.os, p.cpu, p.libc)).join(", ");
    return {
      error: `convex-authkit has no prebuilt binary for ${here}`,
      hints: [`prebuilt binaries exist for ${supported}`, fromSource],
    };
  }
  return {
    error: `convex-authkit's binary for ${here} is not installed: ${tried.map((p) => q(packageName(p))).join(" or ")} is missing`,
    hints: [
      `it is an optional dependency of ${q("convex-authkit")}: reinstall without ${q("--no-optional")} or ` +
        `${q("--omit=optional")}, and without a lockfile made on another platform`,
      `or ${fromSource}`,
    ],
  };
}

module.exports = { SCOPE, PLATFORMS, packageName, binaryName, candidates, detectLibc, describe, findBinary };
