#!/usr/bin/env bash
# Median wall time of `init --dry-run` on the basic fixture (target: <= 20 ms on 2 cores).
# Needs hyperfine (`apt-get install hyperfine`). Prints hyperfine's summary and the median in ms.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/convex-authkit"
app="$(mktemp -d)/app"
cp -R tests/fixtures/basic-ts "$app"
out="$(mktemp)"
hyperfine --warmup 10 --runs 200 -N --export-json "$out" \
  "$bin init $app --team existing --client-id client_01BENCH0000000000000000000 --scope local --dry-run --no-install --yes"
python3 -c "import json,sys; r=json.load(open('$out'))['results'][0]; print(f\"median {r['median']*1000:.2f} ms, mean {r['mean']*1000:.2f} ms, max {r['max']*1000:.2f} ms\")"
