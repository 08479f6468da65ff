#!/usr/bin/env node
// Fills the npm packages, ready for `npm pack`/`npm publish`, from the templates in this folder:
// the main package `convex-authkit` (launcher) and one package per platform binary given.
//
// Cargo.toml is the one source of the version (and of the description, licence, keywords and
// repository): the templates carry none, and the main package's optional dependencies pin every
// platform package at exactly that version.
//
//   node npm/fill.mjs --out DIR [--binary PLATFORM=FILE]... [--binaries DIR] [--tag vX.Y.Z]
//                     [--repository URL]
//
// --binary      a platform package to fill (`linux-x64-gnu=target/release/convex-authkit`)
// --binaries    a folder holding `convex-authkit-<platform>[.exe]` for every platform (the release)
// --tag         fail unless the tag is `v` + Cargo.toml's version (the release workflow's check)
// --repository  the repository URL when Cargo.toml has none (npm's provenance needs one)
//
// Prints the folders it wrote, one a line: platform packages first, the main package last, the
// order to publish them in.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { PLATFORMS, packageName, binaryName } = require("./convex-authkit/lib/platform.js");

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);

class UsageError extends Error {}

// The `[package]` fields this needs from Cargo.toml: `key = "string"` and `key = ["a", "b"]`.
export function cargoPackage(toml) {
  const fields = {};
  let inPackage = false;
  for (const line of toml.split(/\r?\n/)) {
    const section = line.match(/^\s*\[([^\]]+)\]\s*$/);
    if (section) {
      inPackage = section[1].trim() === "package";
      continue;
    }
    if (!inPackage) continue;
    const m = line.match(/^\s*([A-Za-z0-9_-]+)\s*=\s*(.+?)\s*$/);
    if (!m) continue;
    const [, key, value] = m;
    if (value.startsWith('"')) fields[key] = JSON.parse(value);
    else if (value.startsWith("[") && value.endsWith("]")) fields[key] = JSON.parse(value);
  }
  if (!fields.version) throw new UsageError("Cargo.toml has no [package] version");
  return fields;
}

function parseArgs(argv) {
  const opts = { binaries: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === "--out") opts.out = value();
    else if (flag === "--tag") opts.tag = value();
    else if (flag === "--repository") opts.repository = value();
    else if (flag === "--binaries") opts.binariesDir = value();
    else if (flag === "--binary") {
      const v = value();
      const eq = v.indexOf("=");
      if (eq < 1) throw new UsageError(`--binary takes PLATFORM=FILE, got \`${v}\``);
      opts.binaries.set(v.slice(0, eq), v.slice(eq + 1));
    } else throw new UsageError(`unknown argument \`${flag}\``);
  }
  if (!opts.out) throw new UsageError("--out DIR is required");
  if (opts.binariesDir) {
    for (const p of PLATFORMS) {
      opts.binaries.set(p.name, path.join(opts.binariesDir, `convex-authkit-${p.name}${p.os === "win32" ? ".exe" : ""}`));
    }
  }
  const known = new Set(PLATFORMS.map((p) => p.name));
  for (const name of opts.binaries.keys()) {
    if (!known.has(name)) throw new UsageError(`unknown platform \`${name}\` (known: ${[...known].join(", ")})`);
  }
  return opts;
}

function writeJson(file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

// The fields every package shares, from Cargo.toml.
function common(cargo, repository) {
  const repo = cargo.repository || repository;
  return {
    version: cargo.version,
    license: cargo.license,
    ...(repo ? { repository: { type: "git", url: repo } } : {}),
    ...(cargo.homepage ? { homepage: cargo.homepage } : {}),
  };
}

export function fill({ out, binaries, tag, repository, cargoToml = path.join(root, "Cargo.toml") }) {
  const cargo = cargoPackage(fs.readFileSync(cargoToml, "utf8"));
  if (tag !== undefined && tag !== `v${cargo.version}`) {
    throw new UsageError(`the tag \`${tag}\` doesn't match Cargo.toml's version ${cargo.version} (expected \`v${cargo.version}\`)`);
  }
  const shared = common(cargo, repository);
  const license = path.join(root, "LICENSE");
  const written = [];

  for (const [name, file] of binaries) {
    const platform = PLATFORMS.find((p) => p.name === name);
    if (!fs.existsSync(file)) throw new UsageError(`the binary for ${name} is missing: \`${file}\``);
    const dir = path.join(out, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
    const bin = path.join(dir, "bin", binaryName(platform.os));
    fs.copyFileSync(file, bin);
    fs.chmodSync(bin, 0o755);
    writeJson(path.join(dir, "package.json"), {
      name: packageName(platform),
      ...shared,
      description: `The convex-authkit binary for ${platform.target}`,
      os: [platform.os],
      cpu: [platform.cpu],
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      // Yarn's Plug'n'Play must unpack it to a real file, or it can't be executed.
      preferUnplugged: true,
      files: ["bin"],
    });
    const readme = fs
      .readFileSync(path.join(here, "platform", "README.md"), "utf8")
      .replaceAll("{{package}}", packageName(platform))
      .replaceAll("{{platform}}", `${platform.os} ${platform.cpu}${platform.libc ? ` (${platform.libc})` : ""}`)
      .replaceAll("{{target}}", platform.target);
    fs.writeFileSync(path.join(dir, "README.md"), readme);
    if (fs.existsSync(license)) fs.copyFileSync(license, path.join(dir, "LICENSE"));
    written.push(dir);
  }

  const template = path.join(here, "convex-authkit");
  const manifest = JSON.parse(fs.readFileSync(path.join(template, "package.json"), "utf8"));
  for (const key of ["version", "optionalDependencies"]) {
    if (key in manifest) throw new UsageError(`npm/convex-authkit/package.json must not set \`${key}\`: it comes from Cargo.toml`);
  }
  const dir = path.join(out, "convex-authkit");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(template, dir, { recursive: true });
  writeJson(path.join(dir, "package.json"), {
    name: manifest.name,
    ...shared,
    description: cargo.description,
    keywords: cargo.keywords,
    ...manifest,
    optionalDependencies: Object.fromEntries(PLATFORMS.map((p) => [packageName(p), cargo.version])),
  });
  fs.chmodSync(path.join(dir, "bin", "convex-authkit.js"), 0o755);
  if (fs.existsSync(license)) fs.copyFileSync(license, path.join(dir, "LICENSE"));
  written.push(dir);
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    for (const dir of fill(parseArgs(process.argv.slice(2)))) console.log(dir);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`error: ${e.message}`);
    process.exit(2);
  }
}
