#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The main job: set up, then capture one window to a PNG.
#
#   scripts/capture.sh                 the bundled 3D example (on a headless
#                                      X server when there is no DISPLAY)
#   scripts/capture.sh "Window title"  that window on your display
#
# OUTPUT=path.png chooses the file (default: ./shot.png).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/scripts/setup.sh"

output=${OUTPUT:-$PWD/shot.png}
window_name=${1:-}
example_title="glwindowsrc 3D example"
pids=()
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
cleanup() {
  # Newest first: the example goes before its X server does.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT

if [ -z "$window_name" ]; then
  if [ -z "${DISPLAY:-}" ]; then
    # No display: a private headless one, on a number Xvfb picks itself.
    exec {fd}<> <(:)
    Xvfb -displayfd "$fd" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
    pids+=($!)
    read -r -t 10 -u "$fd" number || { echo "capture: Xvfb did not start" >&2; exit 1; }
    export DISPLAY=":$number"
  fi
  "$top/build/examples/glwindowsrc-3d-example" --title "$example_title" &
  pids+=($!)
  window_name=$example_title
  # Let the window appear and draw a few frames.
  for _ in $(seq 50); do
    xwininfo -name "$window_name" >/dev/null 2>&1 && break
    sleep 0.1
  done
  sleep 0.5
fi

GST_PLUGIN_PATH="$top/build/gst${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}" \
  gst-launch-1.0 -q glwindowsrc xname="$window_name" num-buffers=1 \
  ! videoconvert ! pngenc ! filesink location="$output"

# A PNG states its width and height in the IHDR chunk, bytes 16 to 23.
read -r width height < <(od -An -tu1 -j16 -N8 "$output" |
  awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }')
echo "$output: ${width}x${height} PNG, $(stat -c %s "$output") bytes"
