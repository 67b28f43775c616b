# SPDX-License-Identifier: LGPL-2.1-or-later
"""A host process for test_faults.py on the glwindowsrc Python package (the
C library through ctypes, no PyGObject): reads a window whose X server the
test kills, then grabs a window on a live server.

    faults_package.py XID SECOND_DISPLAY SECOND_XID

Prints READY once frames come, then `RAISED <exception> <first line>` when
reading ends, `CPU <seconds>` used in the second after that, and
`SECOND <width>x<height> <r>,<g>,<b>` (the top-left pixel of the second
window); exits 0. Every line goes to stdout, flushed.
"""

import os
import sys
import time

import glwindowsrc


def say(*words):
    print(*words, flush=True)


def main():
    xid, second_display, second_xid = sys.argv[1:4]
    with glwindowsrc.Capture(xid=int(xid), fps=30) as cap:
        for _ in range(3):
            cap.read()
        say("READY")
        try:
            while True:
                cap.read(timeout=20)
        except Exception as error:  # noqa: BLE001 - which one is the point
            first = str(error).splitlines()[0] if str(error) else ""
            say(f"RAISED {type(error).__name__} {first}")
    start = time.process_time()
    time.sleep(1)
    say(f"CPU {time.process_time() - start:.2f}")
    os.environ["DISPLAY"] = second_display
    frame = glwindowsrc.grab(xid=int(second_xid))
    rgb = ",".join(str(int(v)) for v in frame[0, 0, :3])
    say(f"SECOND {frame.shape[1]}x{frame.shape[0]} {rgb}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
