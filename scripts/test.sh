#!/usr/bin/env bash
# The whole test suite, in three stages: Rust (fmt, clippy, tests), the interactive prompts in a
# real terminal (tmux), and the heavy npm + browser stage (real SDKs, Debian's chromium).
#
# `scripts/test.sh --check-tools` runs only that check. It first makes sure every tool is there, so it never fails halfway for a missing one: as root
# with apt-get it installs the missing system packages (tmux, chromium); elsewhere it stops before
# stage 1 with one message naming each missing tool and how to install it. Stage 3 installs its
# npm packages itself, into tests/npm/node_modules and tests/browser/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

# name | present? | Debian package (empty: not installed by this script) | how to get it
missing=()
apt_packages=()
check() {
  local name="$1" present="$2" package="$3" how="$4"
  if [ "$present" = no ]; then
    missing+=("$name: $how")
    [ -n "$package" ] && apt_packages+=("$package")
  fi
  return 0
}
has() { command -v "$1" >/dev/null 2>&1 && echo yes || echo no; }
check cargo "$(has cargo)" "" "install Rust with rustup (https://rustup.rs)"
check node "$(has node)" "" "install Node.js 20 or newer (https://nodejs.org)"
check npm "$(has npm)" "" "install npm (it comes with Node.js)"
check tmux "$(has tmux)" tmux "apt-get install tmux (macOS: brew install tmux)"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
check chromium "$([ -x "$chromium" ] && echo yes || echo no)" chromium \
  "apt-get install chromium (Debian's package; the browser stage runs $chromium, or set CHROMIUM_PATH)"

if [ ${#apt_packages[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing missing system packages: ${apt_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
  # What apt-get can't provide is still missing.
  still=()
  for m in "${missing[@]}"; do
    case "$m" in tmux:*|chromium:*) ;; *) still+=("$m") ;; esac
  done
  missing=("${still[@]+"${still[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "error: scripts/test.sh needs tools that are missing; nothing was run" >&2
  for m in "${missing[@]}"; do echo "  - $m" >&2; done
  echo "hint: as root on Debian/Ubuntu, this script installs tmux and chromium itself" >&2
  exit 2
fi
if [ "${1:-}" = --check-tools ]; then
  echo "all tools present"
  exit 0
fi

echo "== stage 1: Rust (fmt, clippy, unit, CLI snapshot, verify/emulate/doctor/e2e tests) =="
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked

echo "== stage 2: interactive prompts in a real terminal (tmux) =="
cargo build --locked
tests/tty/prompts.sh target/debug/convex-authkit

echo "== stage 3 (heavy): npm + browser — real SDKs, tsc and vite/next build of init's output (React + Vite, Next.js 15 and 16), then headless Chromium sign-in through the emulator (Vite and Next.js) =="
# Also runs tests/npm/compile-nextjs.sh (the Next.js fixtures).
tests/npm/compile-fixtures.sh target/debug/convex-authkit
# The hostile-token corpus's verdicts against an independent JOSE implementation (`jose`, from
# tests/npm/node_modules, installed by the step above).
TOKENS_SAMPLE_OUT=target/tokens-sample.json cargo test --locked --test tokens every_hostile_token
(cd tests/npm && node jose-compare.mjs ../../target/tokens-sample.json)
# Both suites (run.mjs: Vite, run-nextjs.mjs: Next.js). Screenshots and logs: target/browser-artifacts/
tests/browser/run.sh target/debug/convex-authkit
