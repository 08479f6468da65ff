#!/usr/bin/env bash
# Compile stage for the Next.js fixtures: the untouched fixtures build, and every fixture still
# type-checks after `convex-authkit init` (each team path × scope), and a representative few still
# `next build`. Called by tests/npm/compile-fixtures.sh; also runs on its own.
#
# Cases (fixture → shared node_modules):
#   nextjs-16, nextjs-16-src, nextjs-js, nextjs-authkit-template → tests/npm/nextjs16 (next 16, Turbopack build)
#   nextjs-15-src, nextjs-15-root                 → tests/npm/nextjs15 (next 15, webpack build)
#   - "pre <fixture>": the untouched fixture: type-check + next build.
#   - "<fixture> <team> <scope>" for team existing (--client-id, API key on --api-key-stdin) and
#     managed, scope local and production (--prod-url): init --yes --no-install on a copy, check
#     the files it wrote, then type-check; `next build` too for
#       nextjs-16 existing local, nextjs-15-src managed production, nextjs-js existing local.
#     nextjs-authkit-template is already set up for the managed team: init must refuse
#     `--team existing` (exit 2) and write nothing.
#   Type-check: TS apps `next typegen` then `tsc --noEmit -p tsconfig.json` (the app's own
#   tsconfig, which includes convex/; Next 15's typegen first adds its mandatory settings to it,
#   as the first `next dev` would). JS app: `tsc` with allowJs + checkJs over every .js/.jsx
#   (paths from jsconfig.json); it fails on what breaks a JS app (syntax errors, imports that
#   don't resolve, named imports a module doesn't export) and prints any other checkJs
#   diagnostic as a note, since a JS app is never type-checked by Next.
#
# Each copy gets node_modules as a hard-linked copy of the shared one (cp -al: instant, no disk).
# Symlinks would not do: Turbopack refuses files outside the app's root, and the root is the
# app itself (no lockfile above it), so the copies live under target/ of this repo, on the same
# filesystem as tests/npm. (Fallback when hard links fail: a real copy, slow.)
#
# Usage: tests/npm/compile-nextjs.sh [path/to/convex-authkit]   (default target/debug/convex-authkit)
# Environment knobs (shared with compile-fixtures.sh): ONLY_PRE=1, CASES=<regex>, KEEP_TMP=1,
# TOOL_TIMEOUT=<secs> (default 120), BUILD_TIMEOUT=<secs> per next build (default 600).
# Output: "PASS <case>" / "FAIL <case>" lines, then "<N> passed, <M> failed". Exit 1 on a failure.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO_ROOT"

NPM_DIR="$REPO_ROOT/tests/npm"
FIXTURES="$REPO_ROOT/tests/fixtures"
CLIENT_ID="client_01JTEST0000000000000000000"
# Shaped like a real key (init checks the shape); never a real one.
API_KEY="sk_test_compilefixtures0000000000000000"
PROD_URL="https://app.example.com"
# What `npx convex deploy --cmd 'npm run build'` (or `npx convex dev`) puts in the build's env: the
# Convex template's provider creates its client when the module loads, so prerendering needs it.
BUILD_CONVEX_URL="https://compile-check-123.convex.cloud"
export NEXT_TELEMETRY_DISABLED=1

BIN_ARG="${1:-target/debug/convex-authkit}"
case "$BIN_ARG" in
  /*) BIN="$BIN_ARG" ;;
  *) BIN="$REPO_ROOT/$BIN_ARG" ;;
esac

ONLY_PRE="${ONLY_PRE:-0}"
CASES="${CASES:-}"
KEEP_TMP="${KEEP_TMP:-0}"
TOOL_TIMEOUT="${TOOL_TIMEOUT:-120}"
BUILD_TIMEOUT="${BUILD_TIMEOUT:-600}"
NPM_CI_TIMEOUT="${NPM_CI_TIMEOUT:-600}"

mkdir -p "$REPO_ROOT/target"
TMP_ROOT=$(mktemp -d "$REPO_ROOT/target/compile-nextjs.XXXXXX")
cleanup() {
  if [[ "$KEEP_TMP" == 1 ]]; then
    echo "kept temp dirs under $TMP_ROOT" >&2
  else
    rm -rf "$TMP_ROOT"
  fi
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

PASSED=0
FAILED=0
SKIPPED=0
FAILED_NAMES=()

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
with_timeout() { # secs cmd...
  local secs=$1
  shift
  if command -v timeout >/dev/null 2>&1; then timeout --kill-after=10 "$secs" "$@"; else "$@"; fi
}

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool not found on PATH" >&2; exit 2; }
done

# ---------------------------------------------------------------------------
# Shared node_modules: tests/npm/nextjs16 and tests/npm/nextjs15, `npm ci` when stale.
# ---------------------------------------------------------------------------
install_deps() { # dir
  local dir="$NPM_DIR/$1" start
  start=$(now)
  local stamp="$dir/node_modules/.package-lock.json"
  if [[ -f "$stamp" && ! "$dir/package-lock.json" -nt "$stamp" && ! "$dir/package.json" -nt "$stamp" ]]; then
    echo "== reusing tests/npm/$1/node_modules (up to date with package-lock.json)"
    return 0
  fi
  echo "== npm ci in tests/npm/$1"
  (cd "$dir" && with_timeout "$NPM_CI_TIMEOUT" npm ci --no-audit --no-fund --loglevel=error)
  echo "== tests/npm/$1 ready in $(elapsed "$start")"
}

deps_of() { # fixture -> shared deps dir name
  case "$1" in
    nextjs-15-*) echo nextjs15 ;;
    *) echo nextjs16 ;;
  esac
}

link_node_modules() { # app deps
  local dest="$1/node_modules" src="$NPM_DIR/$2/node_modules"
  rm -rf "$dest"
  if ! cp -al "$src" "$dest" 2>/dev/null; then
    rm -rf "$dest"
    echo "note: hard links from $src failed (another filesystem?); copying instead"
    cp -R "$src" "$dest"
  fi
}

# ---------------------------------------------------------------------------
# Checks on what init wrote (a build that passes proves little if init did nothing).
# ---------------------------------------------------------------------------
first_file() { # candidates... -> the first that exists
  local f
  for f in "$@"; do [[ -f "$f" ]] && { echo "$f"; return 0; }; done
  return 1
}

check_init_output() { # app fixture team scope tool_log
  local app=$1 fixture=$2 team=$3 scope=$4 tool_log=$5
  [[ "${NO_WIRING_CHECK:-0}" == 1 ]] && return 0
  if grep -qF "$API_KEY" "$tool_log"; then
    echo "init printed the API key"
    return 1
  fi
  grep -qs '"@workos-inc/authkit-nextjs"' "$app/package.json" || { echo "package.json has no @workos-inc/authkit-nextjs"; return 1; }
  if ! grep -rqs --include='*.ts' --include='*.tsx' --include='*.js' --include='*.jsx' \
    '@workos-inc/authkit-nextjs/components' "$app/app" "$app/src" "$app/components"; then
    echo "no source file imports @workos-inc/authkit-nextjs/components (the client provider)"
    return 1
  fi
  local d route proxy cfg
  d=$app
  [[ -d "$app/src/app" ]] && d="$app/src"
  route=$(first_file "$d"/app/callback/route.{ts,js,tsx,jsx}) || { echo "no callback route at ${d#"$app"/}app/callback/route.*"; return 1; }
  grep -qs 'handleAuth' "$route" || { echo "${route#"$app"/} does not call handleAuth()"; return 1; }
  proxy=$(first_file "$d"/proxy.{ts,js} "$d"/middleware.{ts,js}) || { echo "no proxy.* or middleware.* next to app/"; return 1; }
  grep -qs 'authkit' "$proxy" || { echo "${proxy#"$app"/} does not run AuthKit"; return 1; }
  cfg=$(first_file "$app"/convex/auth.config.{ts,js}) || { echo "no convex/auth.config.*"; return 1; }
  grep -qs 'api.workos.com' "$cfg" || { echo "convex/${cfg##*/} has no WorkOS provider"; return 1; }
  grep -qs 'localhost:3000/callback' "$app/convex.json" || { echo "convex.json has no http://localhost:3000/callback"; return 1; }
  if [[ "$scope" == production ]] && ! grep -qs "$PROD_URL/callback" "$app/convex.json"; then
    echo "convex.json has no $PROD_URL/callback for production"
    return 1
  fi
  if [[ "$team" == existing ]]; then
    local env="$app/.env.local" line
    for line in "WORKOS_CLIENT_ID=$CLIENT_ID" "NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback" "WORKOS_API_KEY=$API_KEY"; do
      grep -qxF "$line" "$env" 2>/dev/null || { echo ".env.local lacks the line $line"; return 1; }
    done
    local pw
    pw=$(sed -n 's/^WORKOS_COOKIE_PASSWORD=//p' "$env" | head -n 1)
    ((${#pw} >= 32)) || { echo ".env.local has no WORKOS_COOKIE_PASSWORD of 32+ characters (got ${#pw})"; return 1; }
  else
    grep -qs 'localEnvVars' "$app/convex.json" || { echo "managed team: convex.json has no authKit.dev.localEnvVars"; return 1; }
  fi
  return 0
}

# ---------------------------------------------------------------------------
# Type-check and build (inside the app dir; output appended to the case log).
# ---------------------------------------------------------------------------
JS_TSCONFIG='{
  "extends": "./jsconfig.json",
  "compilerOptions": {
    "allowJs": true, "checkJs": true, "noEmit": true, "skipLibCheck": true, "strict": false,
    "target": "ES2022", "lib": ["dom", "dom.iterable", "esnext"], "module": "esnext",
    "moduleResolution": "bundler", "jsx": "preserve", "isolatedModules": true, "esModuleInterop": true
  },
  "include": ["next-env.d.ts", "**/*.js", "**/*.jsx", "**/*.mjs"],
  "exclude": ["node_modules", ".next"]
}'
# checkJs diagnostics that break a JS app too: syntax (TS1xxx), a module that doesn't resolve,
# a named import the module doesn't export.
JS_FATAL='error TS(1[0-9]{3}|2305|2307|2614|2724|2792):'

typecheck() { # app log
  local app=$1 log=$2
  (
    cd "$app"
    local bin="$app/node_modules/.bin"
    echo "\$ next typegen"
    "$bin/next" typegen || exit
    if [[ -f tsconfig.json ]]; then
      echo "\$ tsc --noEmit -p tsconfig.json"
      "$bin/tsc" --noEmit -p tsconfig.json || exit
    else
      printf '%s\n' "$JS_TSCONFIG" >tsconfig.compile-check.json
      echo "\$ tsc -p tsconfig.compile-check.json (allowJs, checkJs; fatal: $JS_FATAL)"
      local out rc=0
      out=$("$bin/tsc" -p tsconfig.compile-check.json 2>&1) || rc=$?
      rm -f tsconfig.compile-check.json
      printf '%s\n' "$out"
      if grep -Eq "$JS_FATAL" <<<"$out"; then exit 1; fi
      if ((rc != 0)) && ! grep -q 'error TS' <<<"$out"; then exit "$rc"; fi
      if grep -q 'error TS' <<<"$out"; then echo "(checkJs notes above are not failures: Next never type-checks a JS app)"; fi
    fi
  ) >>"$log" 2>&1
}

next_build() { # app log
  local app=$1 log=$2
  (
    cd "$app"
    echo "\$ NEXT_PUBLIC_CONVEX_URL=$BUILD_CONVEX_URL next build"
    NEXT_PUBLIC_CONVEX_URL="$BUILD_CONVEX_URL" with_timeout "$BUILD_TIMEOUT" "$app/node_modules/.bin/next" build || exit
    # Offline: a build that wanted to fetch (Google Fonts, …) would have failed above, but say so.
    if grep -q 'fonts.googleapis' "$log"; then echo "the build tried to fetch Google Fonts"; exit 1; fi
  ) >>"$log" 2>&1
}

print_log() { # label file
  [[ -s "$2" ]] || return 0
  echo "    ---- $1 ----"
  sed 's/^/    | /' "$2"
}

# run_case NAME FIXTURE MODE BUILD [TEAM SCOPE]
#   MODE: pre     the untouched fixture
#         init    run init with TEAM and SCOPE, check its output
#         refuse  init must exit 2 and write nothing
#   BUILD: build  also `next build`; check  type-check only
run_case() {
  local name=$1 fixture=$2 mode=$3 build=$4 team=${5:-} scope=${6:-}
  if [[ -n "$CASES" && ! "$name" =~ $CASES ]]; then return 0; fi
  if [[ "$mode" != pre && "$ONLY_PRE" == 1 ]]; then
    SKIPPED=$((SKIPPED + 1))
    return 0
  fi
  local start slug root app tool_log build_log failure="" note=""
  start=$(now)
  slug=${name//[^A-Za-z0-9._-]/_}
  root=$(mktemp -d "$TMP_ROOT/$slug.XXXXXX")
  app="$root/app"
  tool_log="$root/tool.log"
  build_log="$root/build.log"
  : >"$tool_log"
  : >"$build_log"
  cp -R "$FIXTURES/$fixture" "$app"

  if [[ "$mode" != pre ]]; then
    local args=(init "$app" --team "$team" --scope "$scope" --yes --no-install)
    [[ "$team" == existing ]] && args+=(--client-id "$CLIENT_ID" --api-key-stdin)
    [[ "$scope" == production ]] && args+=(--prod-url "$PROD_URL")
    echo "\$ convex-authkit ${args[*]//$app/<app>}" >>"$tool_log"
    local rc=0
    if [[ ! -x "$BIN" ]]; then
      failure="tool binary not found or not executable: $BIN (run cargo build first)"
    else
      printf '%s\n' "$API_KEY" | with_timeout "$TOOL_TIMEOUT" "$BIN" "${args[@]}" >>"$tool_log" 2>&1 || rc=$?
      if [[ "$mode" == refuse ]]; then
        if ((rc != 2)); then
          failure="init should refuse (exit 2) but exited $rc"
        elif ! diff -r "$FIXTURES/$fixture" "$app" >>"$build_log" 2>&1; then
          failure="init refused but changed files (diff above)"
        else
          note="refused as designed: $(grep -m1 '^error:' "$tool_log" | cut -c8-)"
        fi
      elif ((rc != 0)) && ! [[ $rc == 3 && $team == managed ]]; then
        # Exit 3 means "written; `npx convex dev` must run in a terminal" (managed team, no TTY).
        failure="convex-authkit exited with status $rc"
      elif ! failure=$(check_init_output "$app" "$fixture" "$team" "$scope" "$tool_log"); then
        failure="init's output: $failure"
      else
        failure=""
      fi
    fi
  fi

  if [[ -z "$failure" && "$mode" != refuse ]]; then
    link_node_modules "$app" "$(deps_of "$fixture")" >>"$build_log" 2>&1
    if ! typecheck "$app" "$build_log"; then
      failure="type-check failed"
    elif [[ "$build" == build ]] && ! next_build "$app" "$build_log"; then
      failure="next build failed"
    fi
  fi

  if [[ -z "$failure" ]]; then
    local what="type-check"
    [[ "$build" == build ]] && what="type-check + next build"
    [[ "$mode" == refuse ]] && what="$note"
    echo "PASS $name ($what, $(elapsed "$start"))"
    # checkJs diagnostics that don't fail a JS app: shown, for whoever writes the JS code.
    grep -E '^[^ ]+\([0-9]+,[0-9]+\): error TS' "$build_log" | sed 's/^/    checkJs note: /' || true
    PASSED=$((PASSED + 1))
  else
    echo "FAIL $name ($(elapsed "$start")): $failure"
    if [[ "$KEEP_TMP" == 1 ]]; then echo "    copy: $app"; else echo "    (rerun with KEEP_TMP=1 to keep the copy)"; fi
    print_log "tool output" "$tool_log"
    print_log "compiler output" "$build_log"
    FAILED=$((FAILED + 1))
    FAILED_NAMES+=("$name")
  fi
  [[ "$KEEP_TMP" == 1 ]] || rm -rf "$root"
}

# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------
install_deps nextjs16
install_deps nextjs15

# The untouched fixtures must be valid apps.
run_case "pre nextjs-16" nextjs-16 pre build
run_case "pre nextjs-15-src" nextjs-15-src pre build
run_case "pre nextjs-js" nextjs-js pre build
run_case "pre nextjs-authkit-template" nextjs-authkit-template pre build

# After init: every fixture × team × scope; next build on the representative few.
for fixture in nextjs-16 nextjs-16-src nextjs-15-src nextjs-15-root nextjs-js nextjs-authkit-template; do
  for team in existing managed; do
    for scope in local production; do
      build=check
      case "$fixture/$team/$scope" in
        nextjs-16/existing/local | nextjs-15-src/managed/production | nextjs-js/existing/local) build=build ;;
      esac
      mode=init
      # Already set up for the managed team: init keeps the team path and refuses another.
      [[ "$fixture/$team" == nextjs-authkit-template/existing ]] && mode=refuse
      run_case "$fixture $team $scope" "$fixture" "$mode" "$build" "$team" "$scope"
    done
  done
done

if ((SKIPPED > 0)); then echo "($SKIPPED case(s) skipped)"; fi
if ((FAILED > 0)); then (IFS=';'; echo "failed cases:${FAILED_NAMES[*]/#/ }"); fi
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
