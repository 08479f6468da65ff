#!/usr/bin/env bash
# Drives `init`'s interactive prompts in a real terminal (tmux): pick the existing team, local
# scope, type a client ID, confirm; then checks the files were written and the exit code was 0.
# Also checks that a missing choice in a terminal is asked for, not an error.
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
if [[ $fails -eq 0 ]]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; exit 1; fi
