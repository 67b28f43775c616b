#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Run a command against a private, headless X server.
#
#   tests/with-xvfb.sh COMMAND [ARGS...]
#
# Xvfb picks a free display number itself (-displayfd) so that parallel runs
# and a user's own X servers never collide; the number is only written once
# the server accepts connections, which is our readiness signal.  The tests
# never touch an existing display: DISPLAY is always replaced.  The exit
# status is the command's own.
#
# XVFB_SCREEN sets the screen (default 1920x1080x24); the command finds the
# server's process id in XVFB_PID (the benchmark counts its CPU time).
set -u

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

# A missing server is a failure, not a skip: the tests must run.
if ! command -v Xvfb >/dev/null 2>&1; then
  echo "$0: Xvfb not found (apt-get install xvfb)" >&2
  exit 1
fi

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/with-xvfb.XXXXXX") || exit 1
xvfb_pid=

cleanup () {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  rm -rf "$tmpdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# A stale or foreign XAUTHORITY must not decide whether we can connect; the
# server runs without an authority file and accepts local clients only
# (-nolisten tcp leaves just the unix socket).
unset XAUTHORITY

# GL and display libraries probe for a Wayland compositor and complain on
# every process start when there is no runtime directory; give them a
# private, empty one (no compositor in it) if the caller has none.
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ]; then
  mkdir -m 0700 "$tmpdir/runtime" || exit 1
  XDG_RUNTIME_DIR=$tmpdir/runtime
  export XDG_RUNTIME_DIR
fi
# The tests must never reach a compositor of the user's either.
unset WAYLAND_DISPLAY

Xvfb -displayfd 3 -screen 0 "${XVFB_SCREEN:-1920x1080x24}" -nolisten tcp -noreset \
  3>"$tmpdir/display" >"$tmpdir/xvfb.log" 2>&1 &
xvfb_pid=$!

# Up to 30 s: a loaded 2-core machine can be slow to start the server.
tries=0
display=
while :; do
  if [ -s "$tmpdir/display" ]; then
    display=$(head -n 1 "$tmpdir/display")
    # The line is complete only once its newline has been written.
    if [ "$(wc -l <"$tmpdir/display")" -ge 1 ] && [ -n "$display" ]; then
      break
    fi
  fi
  if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "$0: Xvfb exited before becoming ready:" >&2
    cat "$tmpdir/xvfb.log" >&2
    xvfb_pid=
    exit 1
  fi
  tries=$((tries + 1))
  if [ "$tries" -gt 300 ]; then
    echo "$0: Xvfb did not become ready within 30 s:" >&2
    cat "$tmpdir/xvfb.log" >&2
    exit 1
  fi
  sleep 0.1
done

DISPLAY=":$display"
XVFB_PID=$xvfb_pid
export DISPLAY XVFB_PID

# Not exec: the trap must still run to stop the server afterwards.
"$@"
status=$?
exit "$status"
