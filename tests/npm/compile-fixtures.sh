#!/usr/bin/env bash
# Compile stage for convex-authkit: proves that the fixture apps build, and that
# they still build after `convex-authkit init` has rewritten them. Apps with a
# Prettier config must also pass the real `prettier --check .` before and after
# init (and apps with the template's `eslint.config.js`, its eslint), and the
# "prettier" cases prove it for a range of Prettier settings.
#
# For every case: copy a fixture from tests/fixtures/ to a fresh temp dir, run the
# tool on it (unless it is a "pre" case), give the copy a node_modules made of
# symlinks into tests/npm/node_modules, then typecheck (TS apps: `tsc -b` like the
# template's build script, plus `tsc --noEmit -p convex` for the Convex functions)
# and `vite build`. One case instead lets the tool run its own `npm install`.
#
# Usage (from anywhere; the script works from the repo root):
#   tests/npm/compile-fixtures.sh [path/to/convex-authkit]   (default target/debug/convex-authkit)
#
# Environment knobs:
#   ONLY_PRE=1           only build the untouched fixtures (no tool needed)
#   SKIP_REAL_INSTALL=1  skip the case where the tool runs a real `npm install`
#   CASES=<regex>        only run cases whose name matches (bash regex)
#   KEEP_TMP=1           keep the temp dirs and print where they are
#   TOOL_TIMEOUT=<secs>  per tool run without install (default 120)
#   INSTALL_TIMEOUT=<secs> tool run with a real npm install (default 900)
#   NO_WIRING_CHECK=1    after the tool ran, don't check that AuthKit got wired in
#   SKIP_NEXTJS=1        leave out the Next.js fixtures (tests/npm/compile-nextjs.sh, run last)
#   SKIP_TANSTACK=1      leave out the TanStack Start fixtures (tests/npm/compile-tanstack.sh, after it)
#
# Output: one "PASS <case>" / "FAIL <case>" line per case, then a last line
# "<N> passed, <M> failed". Exit status 1 if any case failed.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO_ROOT"

NPM_DIR="$REPO_ROOT/tests/npm"
FIXTURES="$REPO_ROOT/tests/fixtures"
CLIENT_ID="client_01JTEST0000000000000000000"
PROD_URL="https://app.example.com"

BIN_ARG="${1:-target/debug/convex-authkit}"
case "$BIN_ARG" in
  /*) BIN="$BIN_ARG" ;;
  *) BIN="$REPO_ROOT/$BIN_ARG" ;;
esac

ONLY_PRE="${ONLY_PRE:-0}"
SKIP_REAL_INSTALL="${SKIP_REAL_INSTALL:-0}"
CASES="${CASES:-}"
KEEP_TMP="${KEEP_TMP:-0}"
TOOL_TIMEOUT="${TOOL_TIMEOUT:-120}"
INSTALL_TIMEOUT="${INSTALL_TIMEOUT:-900}"

TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/convex-authkit-compile.XXXXXX")
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
  if command -v timeout >/dev/null 2>&1; then
    timeout --kill-after=10 "$secs" "$@"
  else
    "$@"
  fi
}

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool not found on PATH" >&2
    exit 2
  fi
done

# ---------------------------------------------------------------------------
# Shared dependencies: tests/npm/node_modules, installed once.
# ---------------------------------------------------------------------------
install_shared_deps() {
  local start
  start=$(now)
  local stamp="$NPM_DIR/node_modules/.package-lock.json"
  if [[ -f "$NPM_DIR/package-lock.json" ]]; then
    if [[ -f "$stamp" && ! "$NPM_DIR/package-lock.json" -nt "$stamp" && ! "$NPM_DIR/package.json" -nt "$stamp" ]]; then
      echo "== reusing tests/npm/node_modules (up to date with package-lock.json)"
      return 0
    fi
    echo "== npm ci in tests/npm"
    (cd "$NPM_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  else
    echo "== npm install in tests/npm (no package-lock.json yet; commit the one it writes)"
    (cd "$NPM_DIR" && npm install --no-audit --no-fund --loglevel=error)
  fi
  echo "== shared dependencies ready in $(elapsed "$start")"
}

# node_modules for an app copy: a real directory whose entries are symlinks into
# tests/npm/node_modules. (Symlinking the whole directory would make `tsc -b`
# write its .tsbuildinfo files into the shared node_modules/.tmp.)
link_node_modules() { # app_dir
  local dest="$1/node_modules"
  if [[ -e "$dest" || -L "$dest" ]]; then
    echo "warning: $dest already exists after running the tool with --no-install; replacing it"
    rm -rf "$dest"
  fi
  mkdir "$dest"
  local entry
  for entry in "$NPM_DIR"/node_modules/* "$NPM_DIR"/node_modules/.bin; do
    ln -s "$entry" "$dest/"
  done
}

# ---------------------------------------------------------------------------
# Build steps (run inside the app dir, output appended to the case log).
# ---------------------------------------------------------------------------
typecheck_and_build() { # app_dir log
  local app=$1 log=$2
  local bin="$app/node_modules/.bin"
  # Explicit `|| exit`: errexit is off inside `if ! typecheck_and_build ...`.
  (
    cd "$app"
    if has_prettier_config .; then
      echo "\$ prettier --check ."
      "$bin/prettier" --check . || exit
    fi
    if [[ -f eslint.config.js ]]; then
      # The template's own lint (`npm run lint` without its typecheck, which follows).
      echo "\$ eslint . --report-unused-disable-directives --max-warnings 0"
      "$bin/eslint" . --report-unused-disable-directives --max-warnings 0 || exit
    fi
    if [[ -f tsconfig.json ]]; then
      echo "\$ tsc -b"
      "$bin/tsc" -b || exit
      if [[ -f convex/tsconfig.json ]]; then
        echo "\$ tsc --noEmit -p convex"
        "$bin/tsc" --noEmit -p convex || exit
      fi
    elif [[ -d convex ]]; then
      # JavaScript app: no typecheck, but make sure every file under convex/
      # (including ones the tool wrote) at least parses, and that TS files in it
      # typecheck loosely.
      local files=()
      while IFS= read -r f; do files+=("$f"); done < <(
        find convex -path convex/_generated -prune -o -type f \( -name '*.js' -o -name '*.ts' -o -name '*.mjs' \) -print | sort
      )
      if ((${#files[@]})); then
        echo "\$ tsc --noEmit --allowJs (convex/ parse check: ${files[*]})"
        "$bin/tsc" --noEmit --allowJs --checkJs false --skipLibCheck \
          --target ESNext --module ESNext --moduleResolution Bundler \
          --lib ES2023,DOM --types node --jsx react-jsx "${files[@]}" || exit
      fi
    fi
    echo "\$ vite build"
    "$bin/vite" build || exit
  ) >>"$log" 2>&1
}

has_prettier_config() { # dir
  compgen -G "$1/.prettierrc*" >/dev/null || compgen -G "$1/prettier.config.*" >/dev/null
}

# After the tool ran: a build that passes proves little if the tool did nothing,
# so check that AuthKit is actually wired in (skip with NO_WIRING_CHECK=1).
check_wiring() { # app_dir mode tool-args...
  local app=$1 mode=$2
  shift 2
  [[ "${NO_WIRING_CHECK:-0}" == 1 ]] && return 0
  if ! grep -rqs --include='*.ts' --include='*.tsx' --include='*.js' --include='*.jsx' \
    '@workos-inc/authkit-react' "$app/src"; then
    echo "no file under src/ imports @workos-inc/authkit-react"
    return 1
  fi
  local cfg
  cfg=$(ls "$app"/convex/auth.config.ts "$app"/convex/auth.config.js 2>/dev/null | head -n 1 || true)
  if [[ -z "$cfg" ]] || ! grep -qs 'api.workos.com' "$cfg"; then
    echo "convex/auth.config.{ts,js} missing or has no WorkOS provider"
    return 1
  fi
  if [[ " $* " == *" --with-users-table "* ]] &&
    ! grep -qs 'users' "$app"/convex/schema.ts "$app"/convex/schema.js; then
    echo "--with-users-table given but convex/schema has no users table"
    return 1
  fi
  if [[ "$mode" == install && ! -d "$app/node_modules/@workos-inc/authkit-react" ]]; then
    echo "@workos-inc/authkit-react was not installed"
    return 1
  fi
  return 0
}

print_log() { # label file
  [[ -s "$2" ]] || return 0
  echo "    ---- $1 ----"
  sed 's/^/    | /' "$2"
}

# run_case NAME FIXTURE SUBDIR MODE [TOOL ARGS...]
#   MODE: pre     build the untouched fixture
#         link    run the tool (args given), then link shared node_modules and build
#         install run the tool (args given; it installs), then build with its node_modules
#   In TOOL ARGS, @DIR@ is replaced with the app directory of the copy.
run_case() {
  local name=$1 fixture=$2 subdir=$3 mode=$4
  shift 4

  if [[ -n "$CASES" && ! "$name" =~ $CASES ]]; then
    return 0
  fi
  if [[ "$mode" != pre && "$ONLY_PRE" == 1 ]]; then
    SKIPPED=$((SKIPPED + 1))
    return 0
  fi
  if [[ "$mode" == install && "$SKIP_REAL_INSTALL" == 1 ]]; then
    echo "SKIP $name (SKIP_REAL_INSTALL=1)"
    SKIPPED=$((SKIPPED + 1))
    return 0
  fi

  local start
  start=$(now)
  local slug=${name//[^A-Za-z0-9._-]/_}
  local root
  root=$(mktemp -d "$TMP_ROOT/$slug.XXXXXX")
  local copy="$root/app"
  local app="$copy${subdir:+/$subdir}"
  local tool_log="$root/tool.log" build_log="$root/build.log"
  : >"$tool_log"
  : >"$build_log"

  local failure=""
  mkdir "$copy"
  cp -R "$FIXTURES/$fixture/." "$copy/"
  if [[ ! -f "$app/package.json" ]]; then
    failure="fixture $fixture has no package.json at ${subdir:-.}"
  elif [[ ! -f "$app/.env.local" ]]; then
    # Most fixtures' own .gitignore ignores *.local, so a plain `git add`
    # silently leaves .env.local out of the repository.
    failure="fixture $fixture is missing .env.local (add it with: git add -f tests/fixtures/$fixture/${subdir:+$subdir/}.env.local)"
  fi

  if [[ -z "$failure" && "$mode" != pre ]]; then
    local args=() a
    for a in "$@"; do args+=("${a//@DIR@/$app}"); done
    if [[ ! -x "$BIN" ]]; then
      failure="tool binary not found or not executable: $BIN (run cargo build first)"
    else
      local secs=$TOOL_TIMEOUT
      [[ "$mode" == install ]] && secs=$INSTALL_TIMEOUT
      echo "\$ convex-authkit ${args[*]}" >>"$tool_log"
      local rc=0
      with_timeout "$secs" "$BIN" "${args[@]}" </dev/null >>"$tool_log" 2>&1 || rc=$?
      # Exit 3 means "written; `npx convex dev` must run in a terminal" (managed team, no TTY).
      local managed=0
      [[ " ${args[*]} " == *" --team managed "* ]] && managed=1
      if ((rc != 0)) && ! ((rc == 3 && managed)); then
        failure="convex-authkit exited with status $rc"
      elif [[ "$mode" == install && ! -x "$app/node_modules/.bin/vite" ]]; then
        failure="the tool did not install dependencies (no node_modules/.bin/vite)"
      elif ! failure=$(check_wiring "$app" "$mode" "${args[@]}"); then
        failure="tool output not wired: $failure"
      else
        failure=""
      fi
    fi
  fi

  if [[ -z "$failure" && "$mode" != install ]]; then
    link_node_modules "$app" >>"$build_log" 2>&1
  fi

  if [[ -z "$failure" ]]; then
    if ! typecheck_and_build "$app" "$build_log"; then
      failure="typecheck/build failed"
    fi
  fi

  if [[ -z "$failure" ]]; then
    echo "PASS $name ($(elapsed "$start"))"
    PASSED=$((PASSED + 1))
  else
    echo "FAIL $name ($(elapsed "$start")): $failure"
    if [[ "$KEEP_TMP" == 1 ]]; then echo "    copy: $app"; else echo "    (rerun with KEEP_TMP=1 to keep the copy)"; fi
    print_log "tool output" "$tool_log"
    print_log "compiler output" "$build_log"
    FAILED=$((FAILED + 1))
    FAILED_NAMES+=("$name")
  fi
}

# run_prettier_case NAME FIXTURE CONFIG_JSON [TOOL ARGS...]
#   Copies the fixture, makes CONFIG_JSON its only Prettier config, formats the copy
#   with it (so it is Prettier-clean before the tool), runs the tool, then runs
#   `prettier --check .`: the code the tool wrote must be what Prettier prints.
run_prettier_case() {
  local name=$1 fixture=$2 config=$3
  shift 3
  if [[ -n "$CASES" && ! "$name" =~ $CASES ]]; then
    return 0
  fi
  if [[ "$ONLY_PRE" == 1 ]]; then
    SKIPPED=$((SKIPPED + 1))
    return 0
  fi
  local start
  start=$(now)
  local slug=${name//[^A-Za-z0-9._-]/_}
  local root
  root=$(mktemp -d "$TMP_ROOT/$slug.XXXXXX")
  local app="$root/app" log="$root/log"
  : >"$log"
  local failure=""
  mkdir "$app"
  cp -R "$FIXTURES/$fixture/." "$app/"
  rm -f "$app"/.prettierrc* "$app"/prettier.config.*
  printf '%s\n' "$config" >"$app/.prettierrc.json"
  link_node_modules "$app" >>"$log" 2>&1
  local prettier="$app/node_modules/.bin/prettier"
  local args=() a
  for a in "$@"; do args+=("${a//@DIR@/$app}"); done
  if ! (cd "$app" && "$prettier" --write . >/dev/null && "$prettier" --check .) >>"$log" 2>&1; then
    failure="the fixture is not Prettier-clean under $config"
  elif ! { echo "\$ convex-authkit ${args[*]}"; with_timeout "$TOOL_TIMEOUT" "$BIN" "${args[@]}" </dev/null; } >>"$log" 2>&1; then
    failure="convex-authkit failed"
  elif ! failure=$(check_wiring "$app" link "${args[@]}"); then
    failure="tool output not wired: $failure"
  elif ! (cd "$app" && echo "\$ prettier --check ." && "$prettier" --check .) >>"$log" 2>&1; then
    failure="prettier --check failed after init"
    (cd "$app" && for f in $("$prettier" --list-different . 2>/dev/null); do
      echo "--- $f (prettier's output on the right)"
      "$prettier" "$f" | diff "$f" - || true
    done) >>"$log" 2>&1
  else
    failure=""
  fi
  if [[ -z "$failure" ]]; then
    echo "PASS $name ($(elapsed "$start"))"
    PASSED=$((PASSED + 1))
  else
    echo "FAIL $name ($(elapsed "$start")): $failure"
    print_log "log" "$log"
    FAILED=$((FAILED + 1))
    FAILED_NAMES+=("$name")
  fi
}

# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------
install_shared_deps

NO_INSTALL_EXISTING=(--team existing --client-id "$CLIENT_ID" --scope local --yes --no-install)

# The untouched fixtures must be valid apps.
run_case "pre basic-ts" basic-ts "" pre
run_case "pre basic-js" basic-js "" pre
run_case "pre vite-port" vite-port "" pre
run_case "pre script-port" script-port "" pre
run_case "pre existing-convex-json" existing-convex-json "" pre
run_case "pre existing-auth-config" existing-auth-config "" pre
run_case "pre clerk" clerk "" pre
run_case "pre monorepo" monorepo apps/web pre
run_case "pre nested-providers" nested-providers "" pre
run_case "pre prettier-template" prettier-template "" pre
run_case "pre prettier-custom" prettier-custom "" pre

# After the tool.
run_case "basic-ts existing team" basic-ts "" link \
  init @DIR@ "${NO_INSTALL_EXISTING[@]}"
run_case "basic-ts managed team" basic-ts "" link \
  init @DIR@ --team managed --scope local --yes --no-install
run_case "basic-ts production" basic-ts "" link \
  init @DIR@ --team existing --client-id "$CLIENT_ID" --scope production --prod-url "$PROD_URL" --yes --no-install
run_case "basic-js existing team" basic-js "" link \
  init @DIR@ "${NO_INSTALL_EXISTING[@]}"
run_case "nested-providers existing team" nested-providers "" link \
  init @DIR@ "${NO_INSTALL_EXISTING[@]}"
run_case "vite-port existing team with users table" vite-port "" link \
  init @DIR@ "${NO_INSTALL_EXISTING[@]}" --with-users-table

# Apps that use Prettier: init's code passes `prettier --check .` (in the build).
run_case "prettier-template existing team with users table and pinned port" prettier-template "" link \
  init @DIR@ "${NO_INSTALL_EXISTING[@]}" --with-users-table --pin-port
run_case "prettier-custom production from vercel with users table" prettier-custom "" link \
  init @DIR@ --team existing --client-id "$CLIENT_ID" --scope production --prod-url-from vercel \
  --preview --yes --no-install --with-users-table --pin-port

# The same under other Prettier settings: each fixture is formatted with the
# config first, so it is Prettier-clean before init.
PRETTIER_CONFIGS=(
  '{}'
  '{"printWidth": 120}'
  '{"printWidth": 60, "tabWidth": 4}'
  '{"printWidth": 40}'
  '{"useTabs": true, "bracketSameLine": true}'
  '{"singleQuote": true, "semi": false, "trailingComma": "none", "arrowParens": "avoid"}'
  '{"trailingComma": "es5", "bracketSpacing": false, "jsxSingleQuote": true}'
)
for config in "${PRETTIER_CONFIGS[@]}"; do
  run_prettier_case "prettier $config prettier-template" prettier-template "$config" \
    init @DIR@ "${NO_INSTALL_EXISTING[@]}" --with-users-table --pin-port
  run_prettier_case "prettier $config nested-providers" nested-providers "$config" \
    init @DIR@ "${NO_INSTALL_EXISTING[@]}"
  run_prettier_case "prettier $config basic-js" basic-js "$config" \
    init @DIR@ --team existing --client-id "$CLIENT_ID" --scope production --prod-url "$PROD_URL" --yes --no-install \
    --with-users-table
done

# The tool runs its own `npm install` (network: npm registry).
run_case "basic-ts existing team, real npm install" basic-ts "" install \
  init @DIR@ --team existing --client-id "$CLIENT_ID" --scope local --yes

# The Next.js and TanStack Start fixtures: tests/npm/compile-nextjs.sh and compile-tanstack.sh
# (each with its own shared node_modules, see there), counted in the totals below. SKIP_NEXTJS=1
# and SKIP_TANSTACK=1 leave them out.
run_sub_stage() { # script
  local script=$1 out="$TMP_ROOT/$1.out" rc
  set +e
  "$NPM_DIR/$script" "$BIN" 2>&1 | tee "$out" | grep -Ev --line-buffered '^([0-9]+ passed, [0-9]+ failed|failed cases:.*|\([0-9]+ case\(s\) skipped\))$'
  rc=${PIPESTATUS[0]}
  set -e
  if [[ "$(tail -n 1 "$out")" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    PASSED=$((PASSED + BASH_REMATCH[1]))
    FAILED=$((FAILED + BASH_REMATCH[2]))
    if [[ "$(grep -E '^\([0-9]+ case\(s\) skipped\)$' "$out")" =~ ([0-9]+) ]]; then SKIPPED=$((SKIPPED + BASH_REMATCH[1])); fi
    while IFS= read -r n; do FAILED_NAMES+=("$n"); done < <(sed -n 's/^FAIL \(.*\) ([0-9.]*s).*$/\1/p' "$out")
  else
    echo "FAIL $script: exited $rc without its summary line"
    FAILED=$((FAILED + 1))
    FAILED_NAMES+=("$script")
  fi
}
[[ "${SKIP_NEXTJS:-0}" != 1 ]] && run_sub_stage compile-nextjs.sh
[[ "${SKIP_TANSTACK:-0}" != 1 ]] && run_sub_stage compile-tanstack.sh

if ((SKIPPED > 0)); then
  echo "($SKIPPED case(s) skipped)"
fi
if ((FAILED > 0)); then
  (IFS=';'; echo "failed cases:${FAILED_NAMES[*]/#/ }")
fi
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
