#!/usr/bin/env bash
# The real-browser proof for convex-authkit (issue 4): headless Chromium signs in to an
# `init`-ed app through `convex-authkit emulate`, and the app's ConvexReactClient must reach
# the authenticated state against the Convex sync stand-in (test support), which checks each
# token with `convex-authkit verify`. Plus the negative runs. See docs/browser-test.md.
# Three suites, one after the other: run.mjs (React + Vite), run-nextjs.mjs (Next.js 16) and
# run-tanstack.mjs (TanStack Start); their shared plumbing is lib.mjs.
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
#   BROWSER_TEST_TIMEOUT=<secs>  bound for each suite's run (default 900)
#   NPM_CI_TIMEOUT=<secs>        bound for npm ci (default 600)
#   BROWSER_SUITES="vite nextjs tanstack" the suites to run (default all three)
#
# The options after the binary (--cases REGEX, --keep, --artifacts DIR) go to every suite.
# Output: one PASS/FAIL line per case, then exactly "<N> passed, <M> failed" (all suites).
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
BROWSER_SUITES="${BROWSER_SUITES:-vite nextjs tanstack}"

for tool in node npm timeout tail; do
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
npm_ci() { # dir (repo-relative)
  local dir="$REPO_ROOT/$1"
  local stamp="$dir/node_modules/.package-lock.json"
  if [[ -f "$stamp" && ! "$dir/package-lock.json" -nt "$stamp" && ! "$dir/package.json" -nt "$stamp" ]]; then
    echo "== reusing $1/node_modules (up to date with package-lock.json)"
  else
    echo "== npm ci in $1"
    (cd "$dir" && timeout --kill-after=10 "$NPM_CI_TIMEOUT" npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci tests/browser
# The Next.js app's packages (shared with tests/npm/compile-nextjs.sh).
[[ " $BROWSER_SUITES " == *" nextjs "* ]] && npm_ci tests/npm/nextjs16
# The TanStack Start app's packages (shared with tests/npm/compile-tanstack.sh).
[[ " $BROWSER_SUITES " == *" tanstack "* ]] && npm_ci tests/npm/tanstack

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
OUT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/convex-authkit-browser-run.XXXXXX")
trap 'cleanup; rm -rf "$OUT_DIR"' EXIT
SUMMARY_RE='^([0-9]+) passed, ([0-9]+) failed$'
passed=0
failed=0
status=0
# Each suite runs in the background (so the traps above can stop it); its output is streamed
# live, except its own summary line, which is added into the one printed at the end.
for suite in $BROWSER_SUITES; do
  case "$suite" in
    vite) script=run.mjs ;;
    nextjs) script=run-nextjs.mjs ;;
    tanstack) script=run-tanstack.mjs ;;
    *) echo "error: unknown suite '$suite' in BROWSER_SUITES (vite, nextjs, tanstack)" >&2; exit 2 ;;
  esac
  out="$OUT_DIR/$suite.out"
  rc=0
  : >"$out" # before tail opens it
  timeout --kill-after=15 "$BROWSER_TEST_TIMEOUT" node "$DIR/$script" --bin "$BIN" "$@" >>"$out" &
  RUN_PID=$!
  tail -n +1 -f --pid="$RUN_PID" "$out" | grep -Ev --line-buffered "$SUMMARY_RE" &
  TAIL_PID=$!
  wait "$RUN_PID" || rc=$?
  RUN_PID=""
  wait "$TAIL_PID" || true
  if ((rc == 124)); then
    echo "FAIL $suite browser test: the run exceeded ${BROWSER_TEST_TIMEOUT}s and was stopped"
    failed=$((failed + 1))
  elif [[ "$(tail -n 1 "$out")" =~ $SUMMARY_RE ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    echo "FAIL $suite browser test: $script exited $rc without its summary line"
    failed=$((failed + 1))
  fi
  ((rc == 2)) && status=2
done
echo "$passed passed, $failed failed"
((status == 0 && failed > 0)) && status=1
exit "$status"
