#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
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
# Never at the cost of a package the user has: --no-remove makes apt refuse
# an install that would remove one (Debian 12's python3-vtk9 and
# python3-paraview conflict, for one). Then each package is tried alone,
# and one that cannot be installed is named; the tests that need it say so.
install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends --no-remove "$@" >/dev/null 2>&1
}
if [ -n "${missing// /}" ]; then
  echo "setup: installing $missing" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  if ! install $missing; then
    for pkg in $missing; do
      install "$pkg" || echo "setup: NOT installing $pkg: apt would have" \
        "to remove an installed package for it (or it is unavailable)" >&2
    done
  fi
fi

if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" "$top" >/dev/null
fi
ninja -C "$build_dir" >/dev/null
