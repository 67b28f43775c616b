#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Soak test (not a unit test): 10,000 frames of a fixture window captured by
# this build's glwindowsrc under a private Xvfb; prints RSS at start and end.
#
#   tests/soak/soak.sh [soak.py options]      (see soak.py --help)
#
# Uses the build in $GLWINDOWSRC_BUILD_DIR, else ./build (scripts/setup.sh
# makes it).
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${GLWINDOWSRC_BUILD_DIR:-$top/build}
window=$build/tests/fixtures/glwindowsrc-test-window

if [ ! -f "$build/gst/libgstglwindowsrc.so" ] || [ ! -x "$window" ]; then
  echo "$0: no plugin or fixture window in $build; run scripts/setup.sh" >&2
  exit 2
fi

# This build's plugin and the system's, with a registry of our own, as in
# tests/meson.build.
GST_PLUGIN_PATH_1_0=$build/gst
GST_PLUGIN_PATH=$build/gst
GST_PLUGIN_SYSTEM_PATH_1_0=$(pkg-config --variable=pluginsdir gstreamer-1.0)
GST_REGISTRY_1_0=$build/tests/soak-registry.dat
GST_REGISTRY=$GST_REGISTRY_1_0
GLWINDOWSRC_TEST_WINDOW=$window
export GST_PLUGIN_PATH_1_0 GST_PLUGIN_PATH GST_PLUGIN_SYSTEM_PATH_1_0 \
  GST_REGISTRY_1_0 GST_REGISTRY GLWINDOWSRC_TEST_WINDOW

exec "$top/tests/with-xvfb.sh" /usr/bin/python3 "$top/tests/soak/soak.py" "$@"
