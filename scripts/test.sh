#!/usr/bin/env bash
# The whole test suite, in two stages. Needs cargo and Node.js + npm (for stage 2); installs the
# npm packages itself into tests/npm/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== stage 1: Rust (fmt, clippy, unit and CLI snapshot tests) =="
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked

echo "== stage 2: npm compile (real SDKs from npm: init each fixture, then tsc and vite build) =="
cargo build --locked
tests/npm/compile-fixtures.sh target/debug/convex-authkit
