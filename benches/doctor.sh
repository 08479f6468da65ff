#!/usr/bin/env bash
# Benchmarks `convex-authkit doctor` on the basic fixture after `init` (targets: median <= 10 ms,
# peak RSS <= 15 MiB), the same app with a generated `node_modules` of 100k files (must stay within
# 1.2x: doctor never walks node_modules), and `workos doctor --json --skip-ai` (npm workos@0.14.0)
# on the same app in the same run. Needs hyperfine (/usr/bin/hyperfine), GNU time (/usr/bin/time),
# python3, node and npm. Set WORKOS_CLI_DIR to a folder where `workos@0.14.0` is already installed
# to skip the npm install.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/convex-authkit"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The app: the basic fixture, set up by init (existing team, pinned port), as a user would have it.
app="$work/app"
cp -R tests/fixtures/basic-ts "$app"
"$bin" init "$app" --team existing --client-id client_01BENCH0000000000000000000 --scope local \
  --pin-port --no-install --yes >/dev/null 2>&1
"$bin" doctor "$app" >/dev/null

# The same app with 100k files in node_modules (1000 packages x 100 files).
big="$work/big"
cp -R "$app" "$big"
python3 - "$big/node_modules" <<'PY'
import os, sys
root = sys.argv[1]
for p in range(1000):
    d = os.path.join(root, f"pkg-{p:04d}", "dist")
    os.makedirs(d)
    with open(os.path.join(root, f"pkg-{p:04d}", "package.json"), "w") as f:
        f.write('{"name": "pkg-%04d", "version": "1.0.0"}\n' % p)
    for i in range(99):
        with open(os.path.join(d, f"f{i:03d}.js"), "w") as f:
            f.write("module.exports = %d;\n" % i)
PY
echo "node_modules files: $(find "$big/node_modules" -type f | wc -l)"

# workos@0.14.0 in a temp dir (or a cached one).
wdir="${WORKOS_CLI_DIR:-}"
if [ -z "$wdir" ]; then
  wdir="$work/workos"
  mkdir -p "$wdir"
  (cd "$wdir" && npm install --no-audit --no-fund --silent workos@0.14.0 >/dev/null)
fi
workos="$wdir/node_modules/.bin/workos"

out="$work/hyperfine.json"
wout="$work/hyperfine-workos.json"
hyperfine --warmup 20 --runs 300 -N --export-json "$out" \
  -n doctor "$bin doctor $app" \
  -n doctor-100k-node_modules "$bin doctor $big"
hyperfine --warmup 2 --runs 15 -N -i --export-json "$wout" \
  -n workos-doctor "$workos doctor --json --skip-ai --install-dir $app"

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
rss_app=$(rss "$bin" doctor "$app")
rss_big=$(rss "$bin" doctor "$big")
rss_workos=$( (cd "$app" && rss "$workos" doctor --json --skip-ai) || true)

python3 - "$out" "$wout" "$rss_app" "$rss_big" "$rss_workos" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
r.update({x["command"]: x for x in json.load(open(sys.argv[2]))["results"]})
a, b, w = r["doctor"], r["doctor-100k-node_modules"], r["workos-doctor"]
ms = lambda x: x["median"] * 1000
mib = lambda kb: int(kb) / 1024 if kb else float("nan")
print()
print(f"doctor (basic app)           median {ms(a):7.2f} ms  peak RSS {mib(sys.argv[3]):5.1f} MiB  (targets: <= 10 ms, <= 15 MiB)")
print(f"doctor (+100k node_modules)  median {ms(b):7.2f} ms  peak RSS {mib(sys.argv[4]):5.1f} MiB  ratio {ms(b)/ms(a):.2f}x (target <= 1.2x)")
print(f"workos doctor --json --skip-ai median {ms(w):7.2f} ms  peak RSS {mib(sys.argv[5]):5.1f} MiB  ({ms(w)/ms(a):.0f}x doctor's median)")
ok = ms(a) <= 10 and mib(sys.argv[3]) <= 15 and ms(b) / ms(a) <= 1.2
print("targets met" if ok else "TARGETS MISSED")
PY
