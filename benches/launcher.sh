#!/usr/bin/env bash
# What the npm launcher costs: `doctor` on the basic fixture after `init`, run as the bare binary,
# through the launcher with node (`node_modules/.bin/convex-authkit`), and as users type it
# (`npx convex-authkit doctor`, the package installed), next to `npx workos doctor` (npm
# workos@0.14.0, `--json --skip-ai`, installed too) on the same app.
# The packages come from npm/fill.mjs with the given binary, installed from a local registry
# (tests/npm/launcher/registry.mjs). Needs hyperfine, node, npm and python3.
#
# Usage: benches/launcher.sh [BINARY]   (default target/release/convex-authkit)
# Set WORKOS_CLI_DIR to a folder where workos@0.14.0 is installed to skip that npm install.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/release/convex-authkit}")
work=$(mktemp -d)
registry=""
trap 'kill $registry 2>/dev/null || true; rm -rf "$work"' EXIT

host=$(node -e '
  const p = require("./npm/convex-authkit/lib/platform.js");
  const libc = process.platform === "linux" ? p.detectLibc((f) => require("fs").readFileSync(f, "utf8"), () => process.report.getReport()) : undefined;
  console.log(p.candidates(process.platform, process.arch, libc)[0].name);')
node npm/fill.mjs --out "$work/packages" --binary "$host=$bin" >/dev/null
mkdir -p "$work/tarballs"
for dir in "$work/packages"/*/; do npm pack "$dir" --pack-destination "$work/tarballs" --silent >/dev/null; done
node tests/npm/launcher/registry.mjs "$work/tarballs" >"$work/url" &
registry=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.05; done

# The app, set up by init, inside a project that has convex-authkit (and workos) installed: the
# commands run from the project, on the app.
proj="$work/proj"
mkdir -p "$proj"
echo '{"name": "proj", "private": true}' >"$proj/package.json"
(cd "$proj" && npm install -D --no-audit --no-fund --loglevel=error \
  --registry "$(cat "$work/url")" --cache "$work/npm-cache" convex-authkit >/dev/null)
app="$proj/app"
cp -R tests/fixtures/basic-ts "$app"
"$bin" init "$app" --team existing --client-id client_01BENCH0000000000000000000 --scope local \
  --pin-port --no-install --yes >/dev/null 2>&1
wdir="${WORKOS_CLI_DIR:-}"
if [ -z "$wdir" ]; then
  wdir="$work/workos"
  mkdir -p "$wdir"
  (cd "$wdir" && npm install --no-audit --no-fund --silent workos@0.14.0 >/dev/null)
fi
# `npx workos` then finds it in the project's node_modules/.bin, as an installed dev dependency.
ln -sf "$wdir/node_modules/.bin/workos" "$proj/node_modules/.bin/workos"

cd "$proj"
hyperfine --warmup 10 --runs 100 -N --export-json "$work/fast.json" \
  -n "bare binary" "$bin doctor app" \
  -n "node launcher" "node_modules/.bin/convex-authkit doctor app" >/dev/null
hyperfine --warmup 2 --runs 20 -N --export-json "$work/npx.json" \
  -n "npx convex-authkit doctor" "npx convex-authkit doctor app" >/dev/null
hyperfine --warmup 1 --runs 10 -N -i --export-json "$work/workos.json" \
  -n "npx workos doctor" "npx workos doctor --json --skip-ai --install-dir app" >/dev/null
python3 - "$work"/fast.json "$work"/npx.json "$work"/workos.json <<'PY'
import json, sys
r = {x["command"]: x for f in sys.argv[1:] for x in json.load(open(f))["results"]}
base = r["bare binary"]["median"]
for name, x in r.items():
    cpu = (x["user"] + x["system"]) * 1000
    print(f"{name:<28} median {x['median']*1000:8.1f} ms (+{(x['median']-base)*1000:7.1f} ms over the bare binary)   CPU {cpu:7.1f} ms")
PY
