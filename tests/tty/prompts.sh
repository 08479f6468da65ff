#!/usr/bin/env bash
# Drives the interactive prompts in a real terminal (tmux). `init`: pick the existing team, local
# scope, type a client ID, confirm; then checks the files were written and the exit code was 0.
# Also checks that a missing choice in a terminal is asked for, not an error. `doctor --fix`: an
# unsafe fix is shown and asked about (no: nothing written; yes: applied), and an ambiguous dev
# port is asked for.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-target/debug/convex-authkit}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
command -v tmux >/dev/null || { echo "tmux is required (apt-get install tmux)"; exit 1; }
work="$(mktemp -d)"
trap 'tmux kill-session -t cak-tty 2>/dev/null || true; rm -rf "$work"' EXIT
cp -R tests/fixtures/basic-ts "$work/app"
# CI=true would make init non-interactive on purpose; this test is about the terminal path.
tmux new-session -d -s cak-tty -x 160 -y 60 \
  "env -u CI NO_COLOR=1 $bin init $work/app --no-install; echo \"EXIT=\$?\" > $work/exit; sleep 60"

wait_for() { # text, seconds
  for _ in $(seq 1 $(($2 * 10))); do
    if tmux capture-pane -p -t cak-tty -S -500 | grep -qF "$1"; then return 0; fi
    sleep 0.1
  done
  echo "FAIL: timed out waiting for: $1"; tmux capture-pane -p -t cak-tty -S -500; exit 1
}

fails=0
wait_for "Which WorkOS team?" 10
tmux send-keys -t cak-tty Down Enter
wait_for "How far?" 10
tmux send-keys -t cak-tty Enter
wait_for "WorkOS client ID" 10
# A pasted API key is refused, masked, and asked again; so is a truncated client ID.
tmux send-keys -t cak-tty "sk_test_wrong" Enter
wait_for "\`sk_test_****\` is a WorkOS API key, not the client ID" 10
for _ in $(seq 1 13); do tmux send-keys -t cak-tty BSpace; done
tmux send-keys -t cak-tty "client_01ABC" Enter
wait_for "it has 5 characters after \`client_\`, not 26" 10
for _ in $(seq 1 12); do tmux send-keys -t cak-tty BSpace; done
tmux send-keys -t cak-tty "client_01TTYTEST00000000000000000" Enter
wait_for "Apply these changes?" 10
# The one-line summary stands right above the question.
if ! tmux capture-pane -p -t cak-tty -S -500 | grep -qE '^[0-9]+ files: [0-9]+ new, [0-9]+ changed; packages: \+2$'; then
  echo "FAIL: no summary line above the confirm prompt"; tmux capture-pane -p -t cak-tty -S -500; fails=$((fails + 1))
fi
tmux send-keys -t cak-tty Enter
for _ in $(seq 1 100); do [[ -f "$work/exit" ]] && break; sleep 0.1; done
if [[ "$(cat "$work/exit" 2>/dev/null)" != "EXIT=0" ]]; then
  echo "FAIL: interactive init did not exit 0"; tmux capture-pane -p -t cak-tty -S -500; fails=$((fails + 1))
fi
if grep -q "VITE_WORKOS_CLIENT_ID=client_01TTYTEST00000000000000000" "$work/app/.env.local" && grep -q AuthKitProvider "$work/app/src/main.tsx"; then
  echo "PASS interactive init (prompts, validation, confirm, apply)"
else
  echo "FAIL: files not written as chosen"; fails=$((fails + 1))
fi

# doctor --fix in a terminal. The Vite template after `npx convex dev`, port pinned, with the API
# key in a `VITE_` variable (an unsafe fix) and nothing in the app setting the port while
# `convex.json` says 3000 (a port question).
doctor_app() {
  rm -rf "$work/doc"
  cp -R tests/fixtures/authkit-template "$work/doc"
  printf 'CONVEX_DEPLOYMENT=dev:happy-otter-123\nVITE_CONVEX_URL=https://happy-otter-123.convex.cloud\nVITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\nVITE_WORKOS_REDIRECT_URI=http://localhost:3000/callback\nVITE_WORKOS_API_KEY=sk_test_ttysecretvalue0000\n' > "$work/doc/.env.local"
  sed -i.bak 's/localhost:5173/localhost:3000/g' "$work/doc/convex.json" && rm "$work/doc/convex.json.bak"
}
run_doctor() {
  rm -f "$work/doctor-exit"
  tmux kill-session -t cak-tty 2>/dev/null || true
  tmux new-session -d -s cak-tty -x 160 -y 60 \
    "env -u CI NO_COLOR=1 $bin doctor $work/doc --fix; echo \"EXIT=\$?\" > $work/doctor-exit; sleep 60"
}
wait_exit() {
  for _ in $(seq 1 100); do [[ -f "$work/doctor-exit" ]] && break; sleep 0.1; done
}
doctor_app
run_doctor
wait_for "Which port does it use, 5173 or 3000?" 10
tmux send-keys -t cak-tty Down Enter
wait_for "Apply this unsafe fix" 10
if tmux capture-pane -p -t cak-tty -S -500 | grep -q "ttysecretvalue"; then
  echo "FAIL: the secret was shown"; fails=$((fails + 1))
fi
# The default is no: Enter declines.
tmux send-keys -t cak-tty Enter
wait_exit
if grep -q "VITE_WORKOS_API_KEY" "$work/doc/.env.local" && grep -q "port: 3000, strictPort: true" "$work/doc/vite.config.ts" && grep -q "localhost:3000/callback" "$work/doc/convex.json"; then
  echo "PASS doctor --fix asks for the port (3000: the dev server pinned to it) and about the unsafe fix (declined)"
else
  echo "FAIL: doctor --fix after the answers"; tmux capture-pane -p -t cak-tty -S -500; fails=$((fails + 1))
fi
doctor_app
run_doctor
wait_for "Which port does it use, 5173 or 3000?" 10
tmux send-keys -t cak-tty Enter
wait_for "Apply this unsafe fix" 10
tmux send-keys -t cak-tty y Enter
wait_exit
if [[ "$(cat "$work/doctor-exit" 2>/dev/null)" == "EXIT=0" ]] && ! grep -q "VITE_WORKOS_API_KEY" "$work/doc/.env.local" && grep -q "localhost:5173/callback" "$work/doc/convex.json" && grep -q "port: 5173, strictPort: true" "$work/doc/vite.config.ts"; then
  echo "PASS doctor --fix applies the accepted unsafe fix and the chosen port (5173: the URIs move)"
else
  echo "FAIL: doctor --fix with yes"; tmux capture-pane -p -t cak-tty -S -500; fails=$((fails + 1))
fi
if [[ $fails -eq 0 ]]; then echo "3 passed, 0 failed"; else echo "$((3 - fails)) passed, $fails failed"; exit 1; fi
