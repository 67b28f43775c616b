#!/usr/bin/env bash
# Installs what is missing (Debian packages), then configures and builds
# glwindowsrc in ./build. Idempotent: a second run installs nothing and
# ninja rebuilds only what changed.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir="$top/build"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing_packages() {
  grep -v '^\s*\(#\|$\)' "$top/scripts/packages.txt" | while read -r pkg; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
      || echo "$pkg"
  done
}

missing=$(missing_packages | tr '\n' ' ')
# The browser test installs hls.js and playwright-core with npm. Debian's
# npm conflicts with a NodeSource nodejs (which brings its own npm), so it
# is installed only when no npm is there at all.
if ! command -v npm >/dev/null 2>&1; then
  missing="$missing npm"
fi
if [ -n "${missing// /}" ]; then
  echo "setup: installing $missing" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $missing >/dev/null
fi

if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" "$top" >/dev/null
fi
ninja -C "$build_dir" >/dev/null
