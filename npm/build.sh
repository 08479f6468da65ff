#!/usr/bin/env bash
# Builds this machine's release binary and fills the npm packages with it (npm/fill.mjs): the main
# package `convex-authkit` and this platform's `@convex-authkit/<platform>`, packed into
# OUT_DIR/tarballs. Linux glibc builds link against glibc 2.17 with cargo-zigbuild, as the release
# workflow's do (`pip install ziglang cargo-zigbuild`); the other platforms are built by that
# workflow (.github/workflows/release.yml).
#
# Usage: npm/build.sh [OUT_DIR]   (default target/npm)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mkdir -p "${1:-target/npm}" && cd "${1:-target/npm}" && pwd)

read -r platform target os libc < <(node -e '
  const p = require("./npm/convex-authkit/lib/platform.js");
  const libc = process.platform === "linux" ? p.detectLibc((f) => require("fs").readFileSync(f, "utf8"), () => process.report.getReport()) : "-";
  const c = p.candidates(process.platform, process.arch, libc)[0];
  if (!c) { console.error(`error: no npm platform package is defined for ${p.describe(process.platform, process.arch, libc)}`); process.exit(2); }
  console.log(c.name, c.target, c.os, c.libc || "-");')

[ -n "${platform:-}" ] || exit 2
if [ "$os" = linux ] && [ "$libc" = glibc ]; then
  if ! command -v cargo-zigbuild >/dev/null; then
    echo "error: building $platform needs cargo-zigbuild (to link against glibc 2.17)" >&2
    echo "hint: pip install ziglang cargo-zigbuild" >&2
    exit 2
  fi
  cargo zigbuild --release --locked --target "$target.2.17"
else
  cargo build --release --locked --target "$target"
fi
exe=""
[ "$os" = win32 ] && exe=".exe"
binary="${CARGO_TARGET_DIR:-target}/$target/release/convex-authkit$exe"
"$binary" --version

node npm/fill.mjs --out "$out" --binary "$platform=$binary" >/dev/null
mkdir -p "$out/tarballs"
for pkg in "$platform" convex-authkit; do
  (cd "$out/tarballs" && npm pack "$out/$pkg" --silent)
done
echo "packed into $out/tarballs"
