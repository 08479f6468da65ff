#!/usr/bin/env bash
# Wall time of `verify --token` on the basic fixture (target: <= 5 ms with the JWKS at hand).
# Three cases: a `data:` JWKS in auth.config (nothing fetched), a local HTTP JWKS through
# `--jwks-override` (one fetch per run, as each run is a new process), and the library with its
# in-process cache. Needs hyperfine and python3 (for the local JWKS server).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin convex-authkit --example verify_bench_fixture
bin="$PWD/target/release/convex-authkit"
work="$(mktemp -d)"
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -R tests/fixtures/basic-ts "$work/app-data"
cp -R tests/fixtures/basic-ts "$work/app-http"
target/release/examples/verify_bench_fixture "$work"
client=client_01BENCH0000000000000000000
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
(cd "$work" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/jwks.json" >/dev/null 2>&1 && break; sleep 0.1; done
token="$(cat "$work/token")"
out="$(mktemp)"
hyperfine --warmup 10 --runs 200 -N --export-json "$out" \
  -n "data: JWKS" "$bin verify $work/app-data --token $token --env WORKOS_CLIENT_ID=$client" \
  -n "local HTTP JWKS" "$bin verify $work/app-http --token $token --env WORKOS_CLIENT_ID=$client --jwks-override https://api.workos.com/sso/jwks/$client=http://127.0.0.1:$port/jwks.json"
python3 -c "
import json
for r in json.load(open('$out'))['results']:
    print(f\"{r['command']}: median {r['median']*1000:.2f} ms, mean {r['mean']*1000:.2f} ms, max {r['max']*1000:.2f} ms\")"
