#!/usr/bin/env bash
# Compile stage for the TanStack Start fixtures: the untouched fixtures build, every fixture still
# type-checks after `convex-authkit init` (each team path × scope), and a representative few still
# `vite build`, which must regenerate the route tree with init's new routes. Called by
# tests/npm/compile-fixtures.sh; also runs on its own.
#
# All fixtures share tests/npm/tanstack/node_modules (exact versions; the app's node_modules is a
# folder of symlinks into it). The toolchain is the templates' own: `tsc` is TypeScript 7
# (`@typescript/native`; like 6.0 it no longer includes every @types package unless `types` says
# so), `vite build` runs TanStack Start's plugin.
#
# Cases:
#   - "pre <fixture>" for every tests/fixtures/tanstack-* fixture: the untouched app: `vite build`
#     from a deleted route tree, which it must write again (the note says whether byte-identical),
#     then `tsc --noEmit`, `tsc --noEmit -p convex`.
#   - "<fixture> <team> <scope>" for team existing (--client-id, API key on --api-key-stdin) and
#     managed, scope local and production (--prod-url): init --yes --no-install on a copy, then
#       * checks on what it wrote: the middleware in start.*, the callback route calling
#         handleCallbackRoute() at the redirect URI's path, AuthKitProvider in the router's
#         InnerWrap, the beforeLoad token hand-off (when the router uses ConvexQueryClient),
#         convex.json and .env.local agreeing on the redirect URI, a cookie password of 32+
#         characters, the API key never printed, and routeTree.gen.ts left byte-for-byte as it
#         was (init never edits the generated route tree). Paths follow tanstackStart()'s
#         srcDirectory / routesDirectory / generatedRouteTree options in vite.config.*;
#       * prettier --check on the files init wrote or changed (apps with a Prettier config);
#       * "check" cases: the route tree regenerated as the next `vite dev` does at start (the
#         dev server is created and closed: its router plugin writes routeTree.gen.ts), then
#         `tsc --noEmit` (JS apps: checkJs, see JS_FATAL), `tsc --noEmit -p convex`;
#       * "build" cases (BUILD_CASES below): `tsc --noEmit` on the tree as init left it is
#         reported as a note (a stale tree fails it when init added a route: `npm run build`
#         type-checks before vite regenerates), then the tree is deleted (or left stale) and
#         `vite build` must regenerate it with the callback route; then tsc.
#     tanstack-start-authkit-template is already set up for the managed team: `--team managed
#     --scope local` must write 0 bytes, `--team existing` must be refused (exit 2) with nothing
#     written.
#   The init cases run when src/frameworks/ has the TanStack Start recipe (tanstack*); until then
#   they are listed as skipped.
#
# Usage: tests/npm/compile-tanstack.sh [path/to/convex-authkit]   (default target/debug/convex-authkit)
# Environment knobs (shared with compile-fixtures.sh): ONLY_PRE=1, CASES=<regex>, KEEP_TMP=1,
# TOOL_TIMEOUT=<secs> (default 120), BUILD_TIMEOUT=<secs> per vite build (default 600),
# NPM_CI_TIMEOUT=<secs> (default 600).
# Output: "PASS <case>" / "FAIL <case>" lines, then "<N> passed, <M> failed". Exit 1 on a failure.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO_ROOT"

NPM_DIR="$REPO_ROOT/tests/npm"
DEPS="$NPM_DIR/tanstack"
FIXTURES="$REPO_ROOT/tests/fixtures"
CLIENT_ID="client_01JTEST0000000000000000000"
# Shaped like a real key (init checks the shape); never a real one.
API_KEY="sk_test_compilefixtures0000000000000000"
PROD_URL="https://app.example.com"
# What `npx convex deploy --cmd 'npm run build'` puts in the build's env.
BUILD_CONVEX_URL="https://compile-check-123.convex.cloud"
# Full `vite build` for these (fixture/team/scope); the others are type-checked.
BUILD_CASES=" tanstack-start-wraps/existing/local tanstack-start-routes-dir/managed/production "

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

TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/convex-authkit-compile-tanstack.XXXXXX")
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
# Shared node_modules: tests/npm/tanstack, `npm ci` when stale.
# ---------------------------------------------------------------------------
install_deps() {
  local start
  start=$(now)
  local stamp="$DEPS/node_modules/.package-lock.json"
  if [[ -f "$stamp" && ! "$DEPS/package-lock.json" -nt "$stamp" && ! "$DEPS/package.json" -nt "$stamp" ]]; then
    echo "== reusing tests/npm/tanstack/node_modules (up to date with package-lock.json)"
    return 0
  fi
  echo "== npm ci in tests/npm/tanstack"
  (cd "$DEPS" && with_timeout "$NPM_CI_TIMEOUT" npm ci --no-audit --no-fund --loglevel=error)
  echo "== tests/npm/tanstack ready in $(elapsed "$start")"
}

# node_modules for an app copy: a real folder whose entries are symlinks into the shared one
# (symlinking the whole folder would let vite write its cache into the shared node_modules).
link_node_modules() { # app
  local dest="$1/node_modules" entry
  rm -rf "$dest"
  mkdir "$dest"
  for entry in "$DEPS"/node_modules/* "$DEPS"/node_modules/.bin; do
    ln -s "$entry" "$dest/"
  done
}

has_prettier_config() { # dir
  compgen -G "$1/.prettierrc*" >/dev/null || compgen -G "$1/prettier.config.*" >/dev/null
}

# A string option of tanstackStart() in vite.config.* (`name: 'value'`), or the default.
vite_option() { # app name default
  local cfg value=""
  cfg=$(ls "$1"/vite.config.{ts,mts,js,mjs} 2>/dev/null | head -n 1 || true)
  [[ -n "$cfg" ]] && value=$(grep -oE "$2: *['\"][^'\"]+['\"]" "$cfg" | head -n 1 | sed -E "s/^[^'\"]*['\"]([^'\"]+)['\"]\$/\1/")
  echo "${value:-$3}"
}
# TanStack Start resolves both against the root and srcDirectory (start-plugin-core's schema).
src_dir_of() { echo "$1/$(vite_option "$1" srcDirectory src)"; }
route_tree_of() { echo "$(src_dir_of "$1")/$(vite_option "$1" generatedRouteTree routeTree.gen.ts)"; }
routes_dir_of() { echo "$(src_dir_of "$1")/$(vite_option "$1" routesDirectory routes)"; }
first_file() { # candidates... -> the first that exists
  local f
  for f in "$@"; do [[ -f "$f" ]] && { echo "$f"; return 0; }; done
  return 1
}

# The redirect URI init set up for local development: .env.local (existing team) or the
# localEnvVars convex.json hands to `npx convex dev` (managed team).
redirect_uri_of() { # app
  local app=$1 uri
  uri=$(sed -n 's/^WORKOS_REDIRECT_URI=//p' "$app/.env.local" 2>/dev/null | tail -n 1)
  if [[ -z "$uri" ]]; then
    uri=$(node -e 'const c=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));process.stdout.write(c.authKit?.dev?.localEnvVars?.WORKOS_REDIRECT_URI??"")' "$app/convex.json" 2>/dev/null || true)
  fi
  echo "$uri"
}

# A route file for a URL path under the routes folder (flat or folder style), or nothing.
route_file_for() { # app path
  local dir f rel=${2#/}
  dir=$(routes_dir_of "$1")
  for f in "$dir/$rel".{tsx,ts,jsx,js} "$dir/$rel/index".{tsx,ts,jsx,js} "$dir/${rel//\//.}".{tsx,ts,jsx,js}; do
    [[ -f "$f" ]] && { echo "$f"; return 0; }
  done
  return 1
}

# ---------------------------------------------------------------------------
# Checks on what init wrote (a build that passes proves little if init did nothing).
# ---------------------------------------------------------------------------
check_init_output() { # app fixture team scope tool_log
  local app=$1 fixture=$2 team=$3 scope=$4 tool_log=$5
  [[ "${NO_WIRING_CHECK:-0}" == 1 ]] && return 0
  if grep -qF "$API_KEY" "$tool_log"; then
    echo "init printed the API key"
    return 1
  fi
  grep -qs '"@workos/authkit-tanstack-react-start"' "$app/package.json" || { echo "package.json has no @workos/authkit-tanstack-react-start"; return 1; }
  local src start router root
  src=$(src_dir_of "$app")
  start=$(first_file "$src"/start.{ts,tsx,js,jsx}) || { echo "no start.* in ${src#"$app"/}"; return 1; }
  grep -qs 'authkitMiddleware' "$start" || { echo "${start#"$app"/} does not run authkitMiddleware()"; return 1; }
  router=$(first_file "$src"/router.{tsx,ts,jsx,js}) || { echo "no router.* in ${src#"$app"/}"; return 1; }
  grep -qs 'AuthKitProvider' "$router" || { echo "${router#"$app"/} has no AuthKitProvider"; return 1; }
  grep -qs 'InnerWrap' "$router" || { echo "${router#"$app"/} has no InnerWrap (AuthKitProvider uses router hooks)"; return 1; }
  root=$(first_file "$(routes_dir_of "$app")"/__root.{tsx,ts,jsx,js}) || { echo "no __root.* in the routes folder"; return 1; }
  # With @convex-dev/react-query, server-side rendering queries through serverHttpClient, which
  # needs the user's token from the root route's beforeLoad.
  if grep -qs 'ConvexQueryClient' "$router" && ! grep -qs 'setAuth' "$root"; then
    echo "${root#"$app"/} has no beforeLoad hand-off of the token to the server client (setAuth)"
    return 1
  fi
  local uri path route
  uri=$(redirect_uri_of "$app")
  [[ "$uri" =~ ^http://localhost:[0-9]+/ ]] || { echo "no local WORKOS_REDIRECT_URI in .env.local or convex.json's localEnvVars (got '$uri')"; return 1; }
  path="/${uri#http://localhost:*/}"
  route=$(route_file_for "$app" "$path") || { echo "no route file for the redirect URI's path $path under $(routes_dir_of "$app" | sed "s|^$app/||")"; return 1; }
  grep -qs 'handleCallbackRoute' "$route" || { echo "${route#"$app"/} does not call handleCallbackRoute()"; return 1; }
  grep -qsF "\"$uri\"" "$app/convex.json" || { echo "convex.json does not register $uri"; return 1; }
  local cfg
  cfg=$(ls "$app"/convex/auth.config.{ts,js} 2>/dev/null | head -n 1 || true)
  grep -qs 'api.workos.com' "$cfg" || { echo "convex/auth.config.* missing or without a WorkOS provider"; return 1; }
  if [[ "$scope" == production ]] && ! grep -qs "$PROD_URL" "$app/convex.json"; then
    echo "convex.json has no $PROD_URL for production"
    return 1
  fi
  if [[ "$team" == existing ]]; then
    local env="$app/.env.local" line
    for line in "WORKOS_CLIENT_ID=$CLIENT_ID" "WORKOS_API_KEY=$API_KEY"; do
      grep -qxF "$line" "$env" 2>/dev/null || { echo ".env.local lacks the line ${line%%=*}=…"; return 1; }
    done
    local pw
    pw=$(sed -n 's/^WORKOS_COOKIE_PASSWORD=//p' "$env" | head -n 1)
    ((${#pw} >= 32)) || { echo ".env.local has no WORKOS_COOKIE_PASSWORD of 32+ characters (got ${#pw})"; return 1; }
    if grep -Eq '^VITE_[A-Z_]*(KEY|PASSWORD|SECRET)' "$env"; then echo ".env.local has a secret under a client-exposed VITE_ name"; return 1; fi
  else
    grep -qs 'localEnvVars' "$app/convex.json" || { echo "managed team: convex.json has no authKit.dev.localEnvVars"; return 1; }
  fi
  # The generated route tree is the router plugin's: init leaves it as it was.
  local tree rel
  tree=$(route_tree_of "$app")
  rel=${tree#"$app"/}
  if [[ -f "$FIXTURES/$fixture/$rel" ]]; then
    cmp -s "$FIXTURES/$fixture/$rel" "$tree" || { echo "init changed the generated $rel"; return 1; }
  elif [[ -e "$tree" ]]; then
    echo "init wrote the generated $rel"
    return 1
  fi
  return 0
}

# ---------------------------------------------------------------------------
# Steps (inside the app dir; output appended to the case log)
# ---------------------------------------------------------------------------

# The route tree as the next `vite dev` writes it at start: its router plugin runs when the dev
# server is created (no port is opened: middleware mode).
regenerate_route_tree() { # app log
  (
    cd "$1"
    echo "\$ (vite dev server created and closed: the router plugin writes the route tree)"
    node --input-type=module -e '
      import { createRequire } from "node:module";
      const require = createRequire(process.cwd() + "/package.json");
      const { createServer } = await import(require.resolve("vite"));
      const server = await createServer({
        logLevel: "warn",
        optimizeDeps: { noDiscovery: true, include: [] },
        server: { middlewareMode: true, hmr: false, ws: false, watch: null },
      });
      await server.close();
    ' || exit
  ) >>"$2" 2>&1
}

# A JavaScript app has no tsconfig: tsc checks its files with allowJs + checkJs.
JS_TSCONFIG='{
  "compilerOptions": {
    "allowJs": true, "checkJs": true, "noEmit": true, "skipLibCheck": true, "strict": false, "strictNullChecks": true,
    "target": "ES2022", "lib": ["dom", "dom.iterable", "esnext"], "module": "esnext",
    "moduleResolution": "bundler", "jsx": "react-jsx", "isolatedModules": true,
    "esModuleInterop": true, "types": ["vite/client"]
  },
  "include": ["src/**/*", "convex/**/*", "vite.config.*"],
  "exclude": ["node_modules", "dist", ".tanstack"]
}'
# checkJs diagnostics that break a JS app too: syntax (TS1xxx), a module that doesn't resolve,
# a named import the module doesn't export.
JS_FATAL='error TS(1[0-9]{3}|2305|2307|2614|2724|2792):'

# Apps with a Prettier config: the files init wrote or changed must be what Prettier prints (the
# rest is the app's own; Convex's plain TanStack Start template is not Prettier-clean itself).
prettier_check() { # app fixture log
  local app=$1 fixture=$2 files=() f
  has_prettier_config "$app" || return 0
  while IFS= read -r f; do
    [[ "$f" =~ \.(tsx|ts|jsx|js|mjs|json|css)$ ]] && files+=("$f")
  done < <(cd "$app" && find . -path ./node_modules -prune -o -path ./dist -prune -o -type f -print | sed 's|^\./||' | while IFS= read -r f; do
    cmp -s "$f" "$FIXTURES/$fixture/$f" || echo "$f"
  done)
  ((${#files[@]})) || return 0
  (
    cd "$app"
    echo "\$ prettier --check ${files[*]}"
    node_modules/.bin/prettier --check "${files[@]}" || exit
  ) >>"$3" 2>&1
}

typecheck() { # app log
  (
    cd "$1"
    local bin="$1/node_modules/.bin"
    if [[ -f tsconfig.json ]]; then
      echo "\$ tsc --noEmit   (TypeScript $("$bin/tsc" --version | sed 's/^Version //'))"
      "$bin/tsc" --noEmit || exit
    else
      printf '%s\n' "$JS_TSCONFIG" >tsconfig.compile-check.json
      echo "\$ tsc -p tsconfig.compile-check.json (allowJs, checkJs; fatal: $JS_FATAL)"
      local out rc=0
      out=$("$bin/tsc" -p tsconfig.compile-check.json 2>&1) || rc=$?
      rm -f tsconfig.compile-check.json
      printf '%s\n' "$out"
      if grep -Eq "$JS_FATAL" <<<"$out"; then exit 1; fi
      if ((rc != 0)) && ! grep -q 'error TS' <<<"$out"; then exit "$rc"; fi
      if grep -q 'error TS' <<<"$out"; then echo "(checkJs notes above are not failures: nothing type-checks a JS app)"; fi
    fi
    if [[ -f convex/tsconfig.json ]]; then
      echo "\$ tsc --noEmit -p convex"
      "$bin/tsc" --noEmit -p convex || exit
    fi
  ) >>"$2" 2>&1
}

# `vite build`, which must write the route tree again: with `path` (a route init added), from the
# tree as init left it when that lacks the route, else from none; without `path` (an untouched
# fixture), from none. Sets ROUTE_TREE_NOTE.
vite_build() { # app log [path]
  local app=$1 log=$2 path=${3:-} tree before how
  tree=$(route_tree_of "$app")
  before=""
  [[ -f "$tree" ]] && before=$(cat "$tree")
  if [[ -n "$path" && -f "$tree" ]] && ! grep -qF "'$path'" "$tree"; then
    how="stale (no $path)"
  else
    rm -f "$tree"
    how="deleted"
  fi
  (
    cd "$app"
    echo "\$ VITE_CONVEX_URL=$BUILD_CONVEX_URL vite build   (route tree before: $how)"
    VITE_CONVEX_URL="$BUILD_CONVEX_URL" with_timeout "$BUILD_TIMEOUT" "$app/node_modules/.bin/vite" build || exit
  ) >>"$log" 2>&1 || return 1
  if [[ ! -f "$tree" ]] || ! grep -q 'export const routeTree' "$tree"; then
    echo "vite build did not write ${tree#"$app"/} (route tree before: $how)" >>"$log"
    return 1
  fi
  if [[ -n "$path" ]] && ! grep -qF "'$path'" "$tree"; then
    echo "the route tree vite build wrote has no route for $path (route tree before: $how)" >>"$log"
    return 1
  fi
  if [[ -n "$before" && "$before" == "$(cat "$tree")" ]]; then
    ROUTE_TREE_NOTE="route tree $how → regenerated byte-identical"
  elif [[ -n "$path" ]]; then
    ROUTE_TREE_NOTE="route tree $how → regenerated with $path"
  else
    ROUTE_TREE_NOTE="route tree $how → regenerated (differs from the fixture's)"
  fi
  echo "$ROUTE_TREE_NOTE" >>"$log"
  return 0
}

print_log() { # label file
  [[ -s "$2" ]] || return 0
  echo "    ---- $1 ----"
  sed 's/^/    | /' "$2"
}

# run_case NAME FIXTURE MODE BUILD [TEAM SCOPE]
#   MODE: pre     the untouched fixture
#         init    run init with TEAM and SCOPE, check its output
#         noop    init must succeed and write nothing (an app already set up)
#         refuse  init must exit 2 and write nothing
#   BUILD: build  also `vite build` (route tree regenerated); check  type-check only
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
  ROUTE_TREE_NOTE=""

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
      elif [[ "$mode" == noop ]]; then
        if ((rc != 0)) && ! [[ $rc == 3 && $team == managed ]]; then
          failure="convex-authkit exited with status $rc"
        elif ! diff -r "$FIXTURES/$fixture" "$app" >>"$build_log" 2>&1; then
          failure="init wrote to an app that was already set up (diff above)"
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
    link_node_modules "$app"
    local path=""
    [[ "$mode" == init ]] && path="/$(redirect_uri_of "$app" | sed 's|^http://localhost:[0-9]*/||')"
    if [[ "$mode" == init ]] && ! prettier_check "$app" "$fixture" "$build_log"; then
      failure="prettier --check failed on the files init wrote"
    elif [[ "$build" == build ]]; then
      if [[ "$mode" == init ]]; then
        # What `npm run build` (typecheck, then vite build) meets right after init.
        if [[ ! -f "$app/tsconfig.json" ]]; then
          :
        elif (cd "$app" && node_modules/.bin/tsc --noEmit) >"$root/stale-tsc.log" 2>&1; then
          note="tsc passes on the route tree init left"
        else
          note="tsc on the route tree init left: $(grep -c 'error TS' "$root/stale-tsc.log") error(s) until dev/build regenerates it"
        fi
      fi
      if ! vite_build "$app" "$build_log" "$path"; then
        failure="vite build failed or did not regenerate the route tree"
      elif ! typecheck "$app" "$build_log"; then
        failure="type-check failed"
      fi
    else
      if [[ "$mode" == init ]] && ! regenerate_route_tree "$app" "$build_log"; then
        failure="regenerating the route tree (vite dev server) failed"
      elif ! typecheck "$app" "$build_log"; then
        failure="type-check failed"
      fi
    fi
  fi

  if [[ -z "$failure" ]]; then
    local what="type-check"
    [[ "$build" == build ]] && what="type-check + vite build; $ROUTE_TREE_NOTE"
    [[ "$mode" == noop ]] && what="0 bytes written; $what"
    [[ "$mode" == refuse ]] && what="$note" && note=""
    echo "PASS $name ($what${note:+; $note}, $(elapsed "$start"))"
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
install_deps

FIXTURE_NAMES=()
for dir in "$FIXTURES"/tanstack-*/; do
  [[ -f "$dir/package.json" ]] && FIXTURE_NAMES+=("$(basename "$dir")")
done

# The untouched fixtures must be valid apps.
for fixture in "${FIXTURE_NAMES[@]}"; do
  run_case "pre $fixture" "$fixture" pre build
done

# After init: every fixture × team × scope; vite build on the representative few.
if compgen -G "$REPO_ROOT/src/frameworks/tanstack*" >/dev/null; then
  for fixture in "${FIXTURE_NAMES[@]}"; do
    for team in existing managed; do
      for scope in local production; do
        build=check
        [[ "$BUILD_CASES" == *" $fixture/$team/$scope "* ]] && build=build
        mode=init
        # Already set up for the managed team: nothing to write, and no other team path.
        case "$fixture/$team/$scope" in
          tanstack-start-authkit-template/managed/local) mode=noop ;;
          tanstack-start-authkit-template/existing/*) mode=refuse ;;
        esac
        run_case "$fixture $team $scope" "$fixture" "$mode" "$build" "$team" "$scope"
      done
    done
  done
else
  n=$((${#FIXTURE_NAMES[@]} * 4))
  echo "SKIP $n TanStack Start init case(s): src/frameworks/ has no TanStack Start recipe yet (they run once it has)"
  SKIPPED=$((SKIPPED + n))
fi

if ((SKIPPED > 0)); then echo "($SKIPPED case(s) skipped)"; fi
if ((FAILED > 0)); then (IFS=';'; echo "failed cases:${FAILED_NAMES[*]/#/ }"); fi
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
