#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The capture benchmark, on a private headless X server big enough for 4K.
#
#   tests/bench/run.sh            # 720p, 1080p, 4K -> docs/performance.md, .png
#   tests/bench/run.sh --rows gws-sys,xi-native --sizes 1080p
#                                 # a subset -> build/bench/ (--out docs: docs/)
#   tests/bench/run.sh --smoke    # a few frames at one small size (CI)
#   tests/bench/run.sh --soak     # 10,000 frames: RSS at start and end
#
# Other options go to run_bench.py (--help lists them).  Uses the plugin in
# $GST_PLUGIN_PATH, by default the one scripts/setup.sh built into ./build,
# and the C runner in $GLWINDOWSRC_BENCH_HELPER; without that (a build
# configured with -Dtests=disabled has none) the runner is compiled into
# build/bench/ from tests/bench/bench_helper.c.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build_dir=${BUILD_DIR:-$top/build}
python=${PYTHON:-/usr/bin/python3}

GST_PLUGIN_PATH=${GST_PLUGIN_PATH:-$build_dir/gst}
export GST_PLUGIN_PATH
if [ ! -e "$GST_PLUGIN_PATH" ]; then
  echo "$0: no plugin at $GST_PLUGIN_PATH: run scripts/setup.sh first" >&2
  exit 1
fi

helper=${GLWINDOWSRC_BENCH_HELPER:-}
if [ -z "$helper" ]; then
  # Meson builds it with the tests (scripts/setup.sh); compiled here only
  # for a build configured without them.
  helper=$build_dir/tests/glwindowsrc-bench-helper
  [ -x "$helper" ] || helper=$build_dir/bench/glwindowsrc-bench-helper
  if [ "$helper" = "$build_dir/bench/glwindowsrc-bench-helper" ] \
      && { [ ! -x "$helper" ] || [ "$here/bench_helper.c" -nt "$helper" ]; }; then
    mkdir -p "$build_dir/bench" || exit 1
    # shellcheck disable=SC2046
    ${CC:-cc} -O2 -g -Wall -o "$helper" "$here/bench_helper.c" \
      $(pkg-config --cflags --libs gstreamer-1.0 gstreamer-gl-1.0 x11) \
      || { echo "$0: cannot build the benchmark runner" >&2; exit 1; }
  fi
fi
GLWINDOWSRC_BENCH_HELPER=$helper
export GLWINDOWSRC_BENCH_HELPER

# Where a subset (--rows, --sizes) writes its table: beside the build, never
# over the tracked docs/performance.md unless --out docs says so.
BENCH_SUBSET_DIR=${BENCH_SUBSET_DIR:-$build_dir/bench}
export BENCH_SUBSET_DIR

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/glwindowsrc-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmpdir"' EXIT

# A registry of our own: never a stale or foreign copy of the plugin, and
# the user's cache untouched.
GST_REGISTRY_1_0=$tmpdir/registry.dat
GST_REGISTRY=$tmpdir/registry.dat
export GST_REGISTRY_1_0 GST_REGISTRY

# The same private X server as the tests, big enough for 4K. The server's
# CPU time is part of each row's cost (run_bench.py reads it from /proc).
XVFB_SCREEN=3840x2160x24
xvfb_version=$(dpkg-query -W -f='${Version}' xvfb 2>/dev/null)
BENCH_XSERVER="Xvfb${xvfb_version:+ $xvfb_version}, screen $XVFB_SCREEN"
export XVFB_SCREEN BENCH_XSERVER

"$top/tests/with-xvfb.sh" sh -c \
  'BENCH_XSERVER_PID=$XVFB_PID exec "$0" "$@"' \
  "$python" "$here/run_bench.py" "$@"
