#!/usr/bin/env bash
# The whole test suite, in three stages. Needs cargo; tmux (stage 2); Node.js + npm and Debian's
# chromium at /usr/bin/chromium (stage 3). Stage 3 installs its npm packages itself, into
# tests/npm/node_modules and tests/browser/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== stage 1: Rust (fmt, clippy, unit, CLI snapshot, verify/emulate/doctor/e2e tests) =="
cargo fmt --all -- --check
python3 scripts/module-cycles.py
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked

echo "== stage 2: interactive prompts in a real terminal (tmux) =="
cargo build --locked
tests/tty/prompts.sh target/debug/convex-authkit

echo "== stage 3 (heavy): npm + browser — real SDKs, tsc and vite build of init's output, then headless Chromium sign-in through the emulator =="
tests/npm/compile-fixtures.sh target/debug/convex-authkit
# Screenshots and logs: target/browser-artifacts/
tests/browser/run.sh target/debug/convex-authkit
