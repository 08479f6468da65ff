#!/usr/bin/env bash
# The npm packages end to end, as users get them: fills the main package `convex-authkit` and this
# machine's platform package with the given binary (npm/fill.mjs), packs both, serves the tarballs
# (and stub packages for the other platforms) from a local registry on 127.0.0.1
# (tests/npm/launcher/registry.mjs), then runs the launcher through `npx` (no
# install), `npm i -D`, `pnpm dlx` and `pnpm add`, `yarn dlx` (Plug'n'Play) and `bunx`:
# `--version`, `init --dry-run --json` on a fixture copy, a real `init` and a second one that
# writes nothing, exit codes and output the same as the bare binary's, the clear error when the
# platform package is missing, and `CONVEX_AUTHKIT_BINARY`. First the launcher's unit tests
# (npm/test/, node's test runner).
#
# Usage: tests/npm/launcher.sh [path/to/convex-authkit]   (default target/debug/convex-authkit)
# Output: one "PASS <check>" / "FAIL <check>" line per check, then "<N> passed, <M> failed".
# KEEP_TMP=1 keeps the temp folder. pnpm, yarn and bun come from tests/npm/launcher/package.json.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO_ROOT"
BIN=$(realpath "${1:-target/debug/convex-authkit}")
TOOLS="$REPO_ROOT/tests/npm/launcher"
CLIENT_ID="client_01JTEST0000000000000000000"

work=$(mktemp -d "${TMPDIR:-/tmp}/convex-authkit-launcher.XXXXXX")
registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL $1"
  shift
  for line in "$@"; do echo "     $line"; done
  failed=$((failed + 1))
}

echo "== the launcher's unit tests (node --test npm/test/)"
if node --test npm/test/ >"$work/unit.log" 2>&1; then
  pass "unit tests: $(grep -E '^# pass' "$work/unit.log" | sed 's/# //')"
else
  cat "$work/unit.log"
  fail "unit tests (npm/test/)"
fi

echo "== the packages"
host=$(node -e '
  const p = require("./npm/convex-authkit/lib/platform.js");
  const libc = process.platform === "linux" ? p.detectLibc((f) => require("fs").readFileSync(f, "utf8"), () => process.report.getReport()) : undefined;
  const c = p.candidates(process.platform, process.arch, libc)[0];
  if (!c) { console.error("no platform package for this machine"); process.exit(2); }
  console.log(c.name);')
# The other platforms' packages hold a stub: package managers read their metadata (yarn resolves
# every optional dependency for its cross-platform lockfile; npm picks by os, cpu and libc) but
# must never install them here.
echo "not built on this machine" >"$work/stub"
others=()
for name in $(node -p 'require("./npm/convex-authkit/lib/platform.js").PLATFORMS.map((p) => p.name).join(" ")'); do
  [ "$name" = "$host" ] || others+=(--binary "$name=$work/stub")
done
node npm/fill.mjs --out "$work/packages" --binary "$host=$BIN" "${others[@]}" >/dev/null
mkdir -p "$work/tarballs"
for dir in "$work/packages"/*/; do
  npm pack "$dir" --pack-destination "$work/tarballs" --silent >/dev/null
done
version=$(node -p "require('$work/packages/convex-authkit/package.json').version")
echo "convex-authkit $version, @convex-authkit/$host with $(basename "$BIN"), and stubs for the other platforms"

# pnpm, yarn and bun, pinned (installed once; this folder's node_modules is git-ignored).
if ! (cd "$TOOLS" && npm ls --silent >/dev/null 2>&1); then
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error)
fi
PNPM="$TOOLS/node_modules/.bin/pnpm"
YARN="$TOOLS/node_modules/.bin/yarn"
BUN="$TOOLS/node_modules/.bin/bun"

node "$TOOLS/registry.mjs" "$work/tarballs" >"$work/registry.url" &
registry_pid=$!
for _ in $(seq 100); do [ -s "$work/registry.url" ] && break; sleep 0.05; done
REGISTRY=$(cat "$work/registry.url")

# Every package manager talks only to the local registry, with caches in the temp folder: each run
# downloads what it installs, as a first-time user would. Yarn 4 holds back versions younger than a
# day by default (`npmMinimalAgeGate`); these were packed a second ago.
export npm_config_registry="$REGISTRY" npm_config_cache="$work/npm-cache" npm_config_audit=false \
  npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error \
  npm_config_store_dir="$work/pnpm-store" \
  YARN_NPM_REGISTRY_SERVER="${REGISTRY%/}" YARN_UNSAFE_HTTP_WHITELIST=127.0.0.1 \
  YARN_GLOBAL_FOLDER="$work/yarn-global" YARN_CACHE_FOLDER="$work/yarn-cache" \
  YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_GLOBAL_CACHE=0 \
  YARN_NPM_MINIMAL_AGE_GATE=0 \
  BUN_CONFIG_REGISTRY="$REGISTRY" BUN_INSTALL_CACHE_DIR="$work/bun-cache" \
  NO_COLOR=1
unset CONVEX_AUTHKIT_BINARY

bare_version=$("$BIN" --version)
# `check NAME EXPECTED_EXIT EXPECTED_STDOUT_FILE_OR_- -- CMD...`: runs CMD, compares exit code and
# (unless `-`) stdout.
run() {
  local out="$1"; shift
  set +e
  "$@" >"$out.stdout" 2>"$out.stderr"
  echo $? >"$out.code"
  set -e
}

# `version_check NAME CMD...`: `--version` through a package manager prints what the binary does.
version_check() {
  local name="$1"; shift
  run "$work/$name" "$@"
  local got
  got=$(cat "$work/$name.stdout")
  if [ "$(cat "$work/$name.code")" = 0 ] && [ "$got" = "$bare_version" ]; then
    pass "$name: --version → $got"
  else
    fail "$name: --version" "exit $(cat "$work/$name.code"), stdout: $got" "stderr: $(head -c 2000 "$work/$name.stderr")"
  fi
}

case "$bare_version" in
  "convex-authkit $version ("*", commit "*")") pass "the binary's version is the npm package's version (Cargo.toml's): $bare_version" ;;
  *) fail "the binary's version matches the npm package's ($version)" "got: $bare_version" ;;
esac

echo "== npx, pnpm dlx, yarn dlx, bunx (nothing installed in the folder)"
mkdir -p "$work/empty" && cd "$work/empty"
version_check "npx" npx --yes "convex-authkit@$version" --version
version_check "pnpm dlx" "$PNPM" dlx "convex-authkit@$version" --version
version_check "yarn dlx (Plug'n'Play)" "$YARN" dlx -q "convex-authkit@$version" --version
version_check "bunx" "$BUN" x "convex-authkit@$version" --version
cd "$REPO_ROOT"

# A fresh project holding a copy of a fixture app.
project() {
  local dir="$work/$1"
  mkdir -p "$dir"
  echo "{\"name\": \"$1\", \"private\": true}" >"$dir/package.json"
  cp -R tests/fixtures/basic-ts "$dir/app"
  echo "$dir"
}
# Hash of every file under a folder, with paths.
tree_hash() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1); }
json_field() { node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(j[process.argv[1]])' "$1"; }

init_flags=(--team existing --client-id "$CLIENT_ID" --scope local --no-install)

# `installed_checks PM DIR LAUNCHER...`: the launcher installed in DIR, against the bare binary.
installed_checks() {
  local pm="$1" dir="$2"; shift 2
  local app="$dir/app"
  cd "$dir"
  local before
  before=$(tree_hash "$app")
  run "$work/$pm-dry" "$@" init app "${init_flags[@]}" --dry-run --json
  local status
  status=$(json_field status <"$work/$pm-dry.stdout" 2>/dev/null || echo "(no JSON)")
  if [ "$(cat "$work/$pm-dry.code")" = 0 ] && [ "$status" = dry_run ] && [ "$(tree_hash "$app")" = "$before" ]; then
    pass "$pm: init --dry-run --json → exit 0, status dry_run, nothing written"
  else
    fail "$pm: init --dry-run --json" "exit $(cat "$work/$pm-dry.code"), status $status" "stderr: $(head -c 2000 "$work/$pm-dry.stderr")"
  fi
  # Exactly what the bare binary prints, byte for byte.
  "$BIN" init app "${init_flags[@]}" --dry-run --json >"$work/$pm-bare.stdout" 2>/dev/null || true
  if cmp -s "$work/$pm-dry.stdout" "$work/$pm-bare.stdout"; then
    pass "$pm: the JSON is the bare binary's, byte for byte"
  else
    fail "$pm: the JSON is the bare binary's" "$(diff "$work/$pm-bare.stdout" "$work/$pm-dry.stdout" | head -20)"
  fi

  run "$work/$pm-init" "$@" init app "${init_flags[@]}" --yes --json
  status=$(json_field status <"$work/$pm-init.stdout" 2>/dev/null || echo "(no JSON)")
  local after
  after=$(tree_hash "$app")
  touch "$work/$pm-marker"
  sleep 0.01
  run "$work/$pm-again" "$@" init app "${init_flags[@]}" --yes --json
  local again
  again=$(json_field status <"$work/$pm-again.stdout" 2>/dev/null || echo "(no JSON)")
  local newer
  newer=$(find "$app" -newer "$work/$pm-marker" | head -5)
  if [ "$status" = applied ] && [ "$after" != "$before" ] && [ "$again" = already_set_up ] \
    && [ "$(cat "$work/$pm-again.code")" = 0 ] && [ "$(tree_hash "$app")" = "$after" ] && [ -z "$newer" ]; then
    pass "$pm: init applied, a second init → already_set_up, exit 0, 0 bytes written (same hashes, no file touched)"
  else
    fail "$pm: init twice" "first: $status, second: $again (exit $(cat "$work/$pm-again.code"))" "touched: $newer" \
      "stderr: $(head -c 2000 "$work/$pm-again.stderr")"
  fi

  # Exit codes and output pass through: doctor on the set-up app, and a usage error (exit 2).
  run "$work/$pm-doctor" "$@" doctor app --json
  set +e; "$BIN" doctor app --json >"$work/$pm-doctor-bare.stdout" 2>/dev/null; local bare_code=$?; set -e
  if [ "$(cat "$work/$pm-doctor.code")" = "$bare_code" ] && cmp -s "$work/$pm-doctor.stdout" "$work/$pm-doctor-bare.stdout"; then
    pass "$pm: doctor --json → exit $bare_code and the bare binary's JSON"
  else
    fail "$pm: doctor --json" "exit $(cat "$work/$pm-doctor.code") (bare: $bare_code)"
  fi
  run "$work/$pm-usage" "$@" init app --team nope
  if [ "$(cat "$work/$pm-usage.code")" = 2 ] && grep -q "nope" "$work/$pm-usage.stderr"; then
    pass "$pm: a usage error → exit 2, clap's message on stderr"
  else
    fail "$pm: usage error" "exit $(cat "$work/$pm-usage.code")" "stderr: $(head -c 500 "$work/$pm-usage.stderr")"
  fi
  cd "$REPO_ROOT"
}

echo "== npm i -D convex-authkit (with --ignore-scripts: there is no install script to need)"
dir=$(project npm-app)
(cd "$dir" && npm install -D --ignore-scripts "convex-authkit@$version" >"$work/npm-install.log" 2>&1) \
  || { cat "$work/npm-install.log"; fail "npm install"; }
platform_dirs=$(cd "$dir/node_modules" && ls -d @convex-authkit/* 2>/dev/null | tr '\n' ' ')
if [ "$platform_dirs" = "@convex-authkit/$host " ]; then
  pass "npm: installed @convex-authkit/$host and no other platform package"
else
  fail "npm: platform packages installed" "got: $platform_dirs"
fi
installed_checks npm "$dir" npx convex-authkit

echo "== pnpm add convex-authkit"
dir=$(project pnpm-app)
(cd "$dir" && "$PNPM" add -D "convex-authkit@$version" >"$work/pnpm-install.log" 2>&1) \
  || { cat "$work/pnpm-install.log"; fail "pnpm add"; }
installed_checks pnpm "$dir" "$PNPM" exec convex-authkit

echo "== without the platform package"
dir=$(project no-platform)
(cd "$dir" && npm install -D --omit=optional "convex-authkit@$version" >"$work/omit.log" 2>&1) \
  || { cat "$work/omit.log"; fail "npm install --omit=optional"; }
cd "$dir"
run "$work/missing" npx convex-authkit --version
if [ "$(cat "$work/missing.code")" = 2 ] && [ ! -s "$work/missing.stdout" ] \
  && grep -q "^error: convex-authkit's binary for .* is not installed: \`@convex-authkit/$host\`" "$work/missing.stderr" \
  && grep -q "^hint: .*--omit=optional" "$work/missing.stderr" && grep -q "^hint: .*cargo install --path \." "$work/missing.stderr" \
  && ! grep -qE '^\s+at ' "$work/missing.stderr"; then
  pass "missing platform package: exit 2, the error names the package, hints to reinstall or build from source, no stack trace"
else
  fail "missing platform package" "exit $(cat "$work/missing.code")" "stderr: $(cat "$work/missing.stderr")"
fi
CONVEX_AUTHKIT_BINARY="$BIN" run "$work/override" npx convex-authkit --version
if [ "$(cat "$work/override.code")" = 0 ] && [ "$(cat "$work/override.stdout")" = "$bare_version" ]; then
  pass "CONVEX_AUTHKIT_BINARY runs a local build through the launcher"
else
  fail "CONVEX_AUTHKIT_BINARY" "exit $(cat "$work/override.code")" "stderr: $(cat "$work/override.stderr")"
fi
cd "$REPO_ROOT"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
