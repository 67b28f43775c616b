#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Set up, then run every test suite (C gst-check and pytest, each under its
# own headless X server). Ends with "N passed, N failed" counted from
# meson's per-test results.
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# A set-up that fails is a failed run, and says so in the summary line.
"$top/scripts/setup.sh" || { echo "0 passed, 1 failed"; exit 1; }

# A log of this run's own: another meson test on the same build directory
# must not mix its results into ours.
logbase=testlog-$$
meson test -C "$top/build" --print-errorlogs --logbase "$logbase" "$@"
status=$?

/usr/bin/python3 - "$top/build/meson-logs/$logbase.json" <<'PY'
import json, os, sys
passed = failed = 0
if not os.path.exists(sys.argv[1]):
    # meson stopped before any test ran (a build error): one failure.
    print("0 passed, 1 failed")
    sys.exit(0)
with open(sys.argv[1]) as log:
    for line in log:
        if not line.strip():
            continue
        result = json.loads(line)["result"]
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result != "SKIP":
            failed += 1
print(f"{passed} passed, {failed} failed")
PY
[ "$status" -ne 0 ] || [ -f "$top/build/meson-logs/$logbase.json" ] || status=1
exit $status
