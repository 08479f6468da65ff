#!/usr/bin/env bash
# Runs `init` on the bundled example app (tests/fixtures/basic-ts) in a temp copy, shows the plan
# and the result, then runs it again to show that a second run changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/convex-authkit"
app="$(mktemp -d)/my-app"
cp -R tests/fixtures/basic-ts "$app"
echo "== example app copied to $app"
echo "== convex-authkit init (existing WorkOS team, local scope, no npm install)"
"$bin" init "$app" --team existing --client-id client_01DEMO000000000000000000 --scope local --pin-port --no-install --yes
echo
echo "== second run: nothing to do"
"$bin" init "$app" --team existing --client-id client_01DEMO000000000000000000 --scope local --no-install --yes
echo
echo "== the app is in $app"
