#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Grab one frame of a window into a NumPy array.

    python3 examples/numpy_capture.py "WINDOW TITLE"

Any python3 with NumPy: the glwindowsrc package loads the project's C
library with ctypes and needs no PyGObject. The array has shape
(height, width, 4), RGBA, row 0 at the top, so it needs no reshaping or
flipping. The title must match exactly (see `xwininfo -tree -root`). From
a checkout built with scripts/setup.sh the package and its library are
found in place; installed, from the system.
"""

import os
import sys

try:
    import glwindowsrc
except ImportError:
    # Run from a checkout: the package is ext/python beside this folder.
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), "ext", "python"))
    import glwindowsrc


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        frame = glwindowsrc.grab(window=sys.argv[1])
    except glwindowsrc.CaptureError as err:
        print(f"capture failed: {err}", file=sys.stderr)
        return 1
    height, width = frame.shape[:2]
    print(f"shape {frame.shape}, dtype {frame.dtype}")
    for name, (y, x) in {"top-left": (0, 0), "top-right": (0, width - 1),
                         "centre": (height // 2, width // 2),
                         "bottom-left": (height - 1, 0)}.items():
        print(f"{name:12} (row {y}, col {x}): RGBA {frame[y, x].tolist()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
