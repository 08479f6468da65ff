#!/usr/bin/env bash
# Full PKCE sign-ins per second (authorize with login_hint -> code -> authenticate) at 50
# concurrent clients on loopback, against `convex-authkit emulate` and against `workos emulate`
# (npm workos@0.14.0) seeded with the same users, in the same run. Target: >= 5x, p99 <= 5 ms.
#
# Each run is bounded: COUNT sign-ins (default 20000) or MAX_SECONDS (default 30), after WARMUP
# unmeasured ones. The driver is benches/emulate_load.rs; it refuses non-loopback URLs.
#
# workos emulate rate-limits every public route to 1000 requests per minute (its
# core/server.js, emulating WorkOS's limits), which would cap it at ~8 sign-ins/s. To measure its
# throughput, the copy installed in the temp folder gets that limit raised to 1e9; nothing else
# is changed. Its seed has the same two users (it cannot attach seeded memberships to seeded
# users, whose IDs it generates, and its authorize never sets an organisation, so its tokens
# carry no org claims; ours carry Alice's org, role and permissions).
#
# Needs cargo, Node.js and npm. Set WORKOS_DIR to reuse an install of workos@0.14.0.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${COUNT:-20000}"
WARMUP="${WARMUP:-2000}"
MAX_SECONDS="${MAX_SECONDS:-30}"
CONCURRENCY="${CONCURRENCY:-50}"

cargo build --release --quiet --bin convex-authkit --bench emulate_load
driver="$(ls -t target/release/deps/emulate_load-* | grep -v '\.d$' | head -1)"
bin="$PWD/target/release/convex-authkit"
tmp="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_for_line() { # file -> first line, waiting up to 30 s
  for _ in $(seq 300); do
    if [ -s "$1" ]; then head -1 "$1"; return 0; fi
    sleep 0.1
  done
  echo "no output in $1" >&2; return 1
}

# --- ours
"$bin" emulate --port 0 -q --json >"$tmp/ours.json" 2>"$tmp/ours.err" &
pids+=($!)
ours_url="$(wait_for_line "$tmp/ours.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["url"])')"

# --- workos emulate (npm workos@0.14.0), seeded with the same users
wdir="${WORKOS_DIR:-$tmp/workos}"
if [ ! -x "$wdir/node_modules/.bin/workos" ]; then
  mkdir -p "$wdir"
  (cd "$wdir" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund workos@0.14.0 >/dev/null)
fi
server_js="$wdir/node_modules/workos/dist/emulate/core/server.js"
grep -q 'remaining: 1000, resetAt' "$server_js" &&
  sed -i 's/remaining: 1000, resetAt/remaining: 1000000000, resetAt/' "$server_js"
cat >"$tmp/seed.json" <<'EOF'
{"users": [
  {"email": "alice@example.com", "first_name": "Alice", "last_name": "Example", "email_verified": true},
  {"email": "bob@example.com", "first_name": "Bob", "last_name": "Example", "email_verified": true}
]}
EOF
(cd "$tmp" && exec "$wdir/node_modules/.bin/workos" emulate --port 0 --seed "$tmp/seed.json" --json) \
  >"$tmp/workos.json" 2>"$tmp/workos.err" &
pids+=($!)
workos_url="$(wait_for_line "$tmp/workos.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["url"].replace("localhost","127.0.0.1"))')"

run() { # label url concurrency [rate]
  "$driver" --label "$1" --url "$2" --concurrency "$3" --count "$COUNT" --warmup "$WARMUP" \
    --max-seconds "$MAX_SECONDS" --rate "${4:-0}"
}
ours="$(run convex-authkit "$ours_url" "$CONCURRENCY")"
theirs="$(run workos-emulate "$workos_url" "$CONCURRENCY")"
ours1="$(COUNT=2000 WARMUP=200 run convex-authkit "$ours_url" 1)"
theirs1="$(COUNT=2000 WARMUP=200 run workos-emulate "$workos_url" 1)"
# Latency at 50 clients below saturation: the same offered load for both (PACED_RATE sign-ins/s,
# default 600, which workos emulate can still sustain), latency counted from each sign-in's
# scheduled start. Closed-loop p99 at saturation is queueing (Little's law: 50 / throughput),
# not service time.
PACED_RATE="${PACED_RATE:-600}"
ours_paced="$(COUNT=6000 WARMUP=500 run convex-authkit "$ours_url" "$CONCURRENCY" "$PACED_RATE")"
theirs_paced="$(COUNT=6000 WARMUP=500 run workos-emulate "$workos_url" "$CONCURRENCY" "$PACED_RATE")"

python3 - "$ours" "$theirs" "$ours1" "$theirs1" "$ours_paced" "$theirs_paced" <<'EOF'
import json, sys
ours, theirs, ours1, theirs1, ours_paced, theirs_paced = (json.loads(a) for a in sys.argv[1:])
def show(r):
    s = r["sign_in_ms"]
    print(f"{r['label']:>15} c={r['concurrency']:<3} {r['sign_ins_per_sec']:8.0f} sign-ins/s  "
          f"p50 {s['p50']:6.2f} ms  p99 {s['p99']:6.2f} ms  max {s['max']:7.2f} ms  "
          f"({r['sign_ins']} ok, {r['failures']} failed, {r['seconds']:.1f} s)"
          + (f"  paced at {r['offered_rate']:.0f}/s" if r.get("offered_rate") else ""))
for r in (ours, theirs, ours1, theirs1, ours_paced, theirs_paced):
    show(r)
ratio = ours["sign_ins_per_sec"] / max(theirs["sign_ins_per_sec"], 1e-9)
print(f"throughput ratio at c={ours['concurrency']} (closed loop): {ratio:.1f}x (target >= 5x)")
print(f"p99 at c={ours_paced['concurrency']}, {ours_paced['offered_rate']:.0f} sign-ins/s offered: "
      f"ours {ours_paced['sign_in_ms']['p99']:.2f} ms, workos {theirs_paced['sign_in_ms']['p99']:.2f} ms (target <= 5 ms)")
print(json.dumps({"ours": ours, "workos": theirs, "ours_c1": ours1, "workos_c1": theirs1,
                  "ours_paced": ours_paced, "workos_paced": theirs_paced, "ratio": ratio}))
EOF
