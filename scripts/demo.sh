#!/usr/bin/env bash
# The main job on the bundled example app, offline: `init` a temp copy of tests/fixtures/basic-ts,
# check it with `doctor`, then prove sign-in end to end with `verify --e2e --emulate` (a strict local
# AuthKit emulator started in-process, configured from the app's convex.json) and show that a
# second `init` changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/convex-authkit"
app="$(mktemp -d)/my-app"
cp -R tests/fixtures/basic-ts "$app"
client=client_01DEM000000000000000000000
echo "== 1. convex-authkit init: an existing WorkOS team, local scope, port pinned (temp copy at $app)"
"$bin" init "$app" --team existing --client-id "$client" --scope local --pin-port --no-install --yes
echo
echo "== 2. convex-authkit doctor"
"$bin" doctor "$app" || true
echo
echo "== 3. convex-authkit verify --e2e --emulate: sign in through the emulator, verify the token as Convex would"
"$bin" verify "$app" --e2e --emulate
echo
echo "== 4. a second init: nothing to do"
"$bin" init "$app" --team existing --client-id "$client" --scope local --no-install --yes
echo
echo "== the app is in $app"
