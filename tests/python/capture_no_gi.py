# SPDX-License-Identifier: LGPL-2.1-or-later
"""Helper for test_install.py: uses the glwindowsrc package in a Python
where `import gi` fails, as in 3D Slicer's, ParaView's or conda's.

    capture_no_gi.py XID WIDTH HEIGHT

Prints one JSON line: what it saw.
"""

import json
import sys

sys.modules["gi"] = None        # any `import gi` now raises ImportError

import numpy as np              # noqa: E402

import glwindowsrc              # noqa: E402


def main():
    xid, width, height = int(sys.argv[1], 0), int(sys.argv[2]), \
        int(sys.argv[3])
    out = {"python": sys.executable, "version": glwindowsrc.__version__,
           "package": glwindowsrc.__file__}
    try:
        import gi  # noqa: F401
        out["gi"] = True
    except ImportError:
        out["gi"] = False
    frame = glwindowsrc.grab(xid=xid)
    out["shape"] = list(frame.shape)
    out["corners"] = [frame[0, 0].tolist(), frame[0, -1].tolist(),
                      frame[-1, 0].tolist(), frame[-1, -1].tolist()]
    with glwindowsrc.Capture(xid=xid) as cap:
        frames = list(cap.frames(count=3))
    out["frames"] = len(frames)
    out["same"] = bool(all((f == frame).all() for f in frames))
    try:
        glwindowsrc.grab(window="no window has this title")
        out["error"] = None
    except glwindowsrc.CaptureError as err:
        out["error"] = err.message
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
