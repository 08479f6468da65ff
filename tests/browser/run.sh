#!/usr/bin/env bash
# The real-browser proof for convex-authkit (issue 4): headless Chromium signs in to an
# `init`-ed Vite app through `convex-authkit emulate`, and the app's ConvexReactClient must reach
# the authenticated state against the Convex sync stand-in (test support), which checks each
# token with `convex-authkit verify`. Plus the negative runs. See docs/browser-test.md.
#
# Usage (from anywhere):
#   tests/browser/run.sh path/to/convex-authkit [run.mjs options…]
#     e.g. tests/browser/run.sh target/debug/convex-authkit
#          tests/browser/run.sh target/debug/convex-authkit --cases 'sign-in'
#
# It builds nothing: pass the binary. It installs the npm deps (npm ci) into
# tests/browser/node_modules when package-lock.json is newer than the install.
# Needs Node 20+, npm, and Debian's chromium at /usr/bin/chromium (or CHROMIUM_PATH);
# it never downloads a browser.
#
# Environment knobs:
#   BROWSER_TEST_TIMEOUT=<secs>  bound for the whole browser run (default 900)
#   NPM_CI_TIMEOUT=<secs>        bound for npm ci (default 600)
#
# Output: one PASS/FAIL line per case, then exactly "<N> passed, <M> failed".
# Exit 1 if any case failed, 2 on a usage or setup error.
# Artifacts: target/browser-artifacts/ (screenshots, console, frame logs).

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR="$REPO_ROOT/tests/browser"

if [[ $# -lt 1 || "$1" == -* ]]; then
  echo "usage: tests/browser/run.sh path/to/convex-authkit [--cases REGEX] [--keep]" >&2
  exit 2
fi
BIN_ARG=$1
shift
case "$BIN_ARG" in
  /*) BIN="$BIN_ARG" ;;
  *) BIN="$(pwd)/$BIN_ARG" ;;
esac

BROWSER_TEST_TIMEOUT="${BROWSER_TEST_TIMEOUT:-900}"
NPM_CI_TIMEOUT="${NPM_CI_TIMEOUT:-600}"

for tool in node npm timeout; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool not found on PATH" >&2
    exit 2
  fi
done
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
if ((NODE_MAJOR < 20)); then
  echo "error: Node 20 or newer is needed (found $(node --version))" >&2
  exit 2
fi

# npm deps, installed once (same freshness rule as tests/npm/compile-fixtures.sh).
stamp="$DIR/node_modules/.package-lock.json"
if [[ -f "$stamp" && ! "$DIR/package-lock.json" -nt "$stamp" && ! "$DIR/package.json" -nt "$stamp" ]]; then
  echo "== reusing tests/browser/node_modules (up to date with package-lock.json)"
else
  echo "== npm ci in tests/browser"
  (cd "$DIR" && timeout --kill-after=10 "$NPM_CI_TIMEOUT" npm ci --no-audit --no-fund --loglevel=error)
fi

# run.mjs starts every child in its own process group and kills them on exit; this trap also
# covers run.mjs itself being killed (timeout, Ctrl-C) before its own handlers run.
RUN_PID=""
cleanup() {
  if [[ -n "$RUN_PID" ]] && kill -0 "$RUN_PID" 2>/dev/null; then
    kill -TERM "$RUN_PID" 2>/dev/null || true
    sleep 2
    kill -KILL "$RUN_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

cd "$REPO_ROOT"
rc=0
timeout --kill-after=15 "$BROWSER_TEST_TIMEOUT" node "$DIR/run.mjs" --bin "$BIN" "$@" &
RUN_PID=$!
wait "$RUN_PID" || rc=$?
RUN_PID=""
if ((rc == 124)); then
  echo "FAIL browser test: the whole run exceeded ${BROWSER_TEST_TIMEOUT}s and was stopped"
  echo "0 passed, 1 failed"
fi
exit "$rc"
