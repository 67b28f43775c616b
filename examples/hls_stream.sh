#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Streams a window (or the whole screen) as live HLS, for any browser.
#
#   examples/hls_stream.sh [--window NAME | --xid ID] [--dir DIR]
#                          [--port PORT] [--fps N] [--no-server]
#
# glwindowsrc-record --output DIR/live.m3u8 captures, encodes H.264 and writes
# one-second MPEG-TS segments and a live playlist into DIR (hlssink2); this
# script adds a small player page
# (index.html, using hls.js; Safari plays HLS natively). A plain static web
# server (python3 -m http.server) serves DIR on 127.0.0.1:PORT; open
# http://127.0.0.1:PORT/ in a browser. With --no-server, serve DIR with any
# web server or CDN instead: HLS is just files.
#
# The page loads hls.min.js from DIR when it is there (copy it from
# `npm install hls.js`: node_modules/hls.js/dist/hls.min.js), else from the
# jsDelivr CDN.
#
# Ctrl-C (or SIGTERM) ends the stream properly: the playlist gets its
# end tag, and the web server stops.
#
# The record tool is $GLWINDOWSRC_RECORD, else glwindowsrc-record on PATH
# (installed, or from a build:
#   meson devenv -C build -w . examples/hls_stream.sh ...).
# It also pads an odd size to the even one H.264 needs, with the same code as
# the RTSP server (tools/evensize.c).
set -euo pipefail

usage() {
  sed -n '/^#   examples\/hls_stream.sh/,/--no-server]/p' "$0" \
    | sed 's/^# *//' >&2
  exit 2
}

window=
xid=
dir=$PWD/hls
port=8080
fps=30
serve=1
while [ $# -gt 0 ]; do
  case $1 in
    --window) window=${2:?--window needs a title}; shift 2 ;;
    --xid) xid=${2:?--xid needs a window id}; shift 2 ;;
    --dir) dir=${2:?--dir needs a folder}; shift 2 ;;
    --port) port=${2:?--port needs a number}; shift 2 ;;
    --fps) fps=${2:?--fps needs a number}; shift 2 ;;
    --no-server) serve=0; shift ;;
    -h|--help) usage ;;
    *) echo "hls_stream.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
if [ -n "$window" ] && [ -n "$xid" ]; then
  echo "hls_stream.sh: give --window or --xid, not both" >&2
  exit 2
fi

record=${GLWINDOWSRC_RECORD:-glwindowsrc-record}
if ! command -v "$record" >/dev/null; then
  echo "hls_stream.sh: $record not found: install glwindowsrc, or run this" \
    "inside meson devenv -C build -w ." >&2
  exit 1
fi
if [ -n "$window" ]; then
  target=(--window "$window")
  what="window \"$window\""
elif [ -n "$xid" ]; then
  target=(--xid "$xid")
  what="window $xid"
else
  target=()
  what="the screen"
fi

mkdir -p "$dir"
if [ ! -e "$dir/index.html" ]; then
  cat >"$dir/index.html" <<'HTML'
<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>glwindowsrc live</title>
<style>body { margin: 0; background: #222; } video { display: block; }</style>
</head>
<body>
<video id="video" muted autoplay playsinline></video>
<script src="hls.min.js"></script>
<script>
function start() {
  const video = document.getElementById('video');
  const url = 'live.m3u8';
  if (window.Hls && Hls.isSupported()) {
    // Stay close to the live edge: one-second segments, start two behind.
    const hls = new Hls({ liveSyncDurationCount: 2, lowLatencyMode: false });
    hls.loadSource(url);
    hls.attachMedia(video);
    hls.on(Hls.Events.ERROR, (event, data) => {
      if (data.fatal) console.error('hls.js: ' + data.type + ' ' + data.details);
    });
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = url;
  }
  video.play().catch(() => {});
}
if (window.Hls) {
  start();
} else {
  const s = document.createElement('script');
  s.src = 'https://cdn.jsdelivr.net/npm/hls.js@1';
  s.onload = start;
  s.onerror = start;
  document.head.appendChild(s);
}
</script>
</body>
</html>
HTML
fi

capture_pid=
server_pid=
# shellcheck disable=SC2317  # only ever called from the traps
cleanup() {
  trap - EXIT INT TERM
  # The record tool turns SIGINT into EOS: hlssink2 closes the last segment
  # and marks the playlist as ended. (A background job ignores SIGINT unless
  # it sets its own handler, as the record tool does; the web server gets
  # TERM.)
  if [ -n "$capture_pid" ]; then
    kill -INT "$capture_pid" 2>/dev/null || true
    wait "$capture_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# In a process group of its own (set -m), so that a terminal's Ctrl-C reaches
# only this script, which passes on exactly one SIGINT: a second one makes
# the record tool give up without finalising.
set -m
"$record" --quiet "${target[@]+"${target[@]}"}" --fps "$fps" \
  --output "$dir/live.m3u8" &
capture_pid=$!
set +m

if [ "$serve" = 1 ]; then
  python3 -m http.server --bind 127.0.0.1 --directory "$dir" "$port" \
    >/dev/null 2>&1 &
  server_pid=$!
  echo "Streaming $what to http://127.0.0.1:$port/ (Ctrl-C stops)"
else
  echo "Streaming $what into $dir (Ctrl-C stops)"
fi

# Ends when the capture does (the window closed) or on a signal.
status=0
wait "$capture_pid" || status=$?
capture_pid=
exit "$status"
