#!/usr/bin/env bash
# The whole test suite, in three stages. Needs cargo, tmux (stage 2) and Node.js + npm (stage 3);
# installs the npm packages itself into tests/npm/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== stage 1: Rust (fmt, clippy, unit and CLI snapshot tests) =="
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked

echo "== stage 2: interactive prompts in a real terminal (tmux) =="
cargo build --locked
tests/tty/prompts.sh target/debug/convex-authkit

echo "== stage 3: npm compile (real SDKs from npm: init each fixture, then tsc and vite build) =="
cargo build --locked
tests/npm/compile-fixtures.sh target/debug/convex-authkit
