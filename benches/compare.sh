#!/usr/bin/env bash
# Compares two builds of convex-authkit on the same apps in one hyperfine run (alternating, so
# machine noise hits both alike): `doctor` on the basic fixture after `init`, `doctor` on Convex's
# template-shaped fixture, and `init --dry-run` on the basic fixture.
# Usage: benches/compare.sh OLD_BINARY NEW_BINARY   (needs hyperfine and python3)
set -euo pipefail
cd "$(dirname "$0")/.."
old="$(realpath "$1")"
new="$(realpath "$2")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp -R tests/fixtures/basic-ts "$work/app"
"$new" init "$work/app" --team existing --client-id client_01BENCH0000000000000000000 --scope local \
  --pin-port --no-install --yes >/dev/null 2>&1
cp -R tests/fixtures/authkit-template "$work/template"
cp -R tests/fixtures/basic-ts "$work/fresh"
init_args="--team existing --client-id client_01BENCH0000000000000000000 --scope local --dry-run --no-install --yes"

run() {
  local name="$1"; shift
  hyperfine --warmup 20 --runs 300 -N -i --export-json "$work/$name.json" \
    -n old "$old $*" -n new "$new $*" >/dev/null
  python3 - "$work/$name.json" "$name" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
o, n = r["old"]["median"] * 1000, r["new"]["median"] * 1000
print(f"{sys.argv[2]:<22} old median {o:6.2f} ms   new median {n:6.2f} ms   new/old {n / o:4.2f}x")
PY
}
run "doctor (basic, set up)" doctor "$work/app"
run "doctor (template)" doctor "$work/template"
run "init --dry-run" init "$work/fresh" $init_args
