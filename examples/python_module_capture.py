#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Capture a window, or the screen, with the glwindowsrc Python module.

    /usr/bin/python3 examples/python_module_capture.py ["TITLE"] [--frames N]

One grab, then N frames from a stream with their mean colour.  Without a
title it captures the whole screen.  From a build tree, run it inside
`meson devenv -C build -w .` (which sets PYTHONPATH and GST_PLUGIN_PATH);
from a source checkout built with scripts/setup.sh it finds both by itself.
"""

import argparse
import os
import sys
import time

try:
    import glwindowsrc
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(
        __file__)), "..", "ext", "python"))
    import glwindowsrc


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("window", nargs="?", help="exact window title")
    parser.add_argument("--frames", type=int, default=10)
    parser.add_argument("--fps", type=float, default=10)
    args = parser.parse_args()

    try:
        frame = glwindowsrc.grab(window=args.window)
    except glwindowsrc.CaptureError as err:
        print(f"capture failed: {err.message}", file=sys.stderr)
        return 1
    print(f"grab: shape {frame.shape}, dtype {frame.dtype}, "
          f"top-left RGBA {frame[0, 0].tolist()}")

    start = time.monotonic()
    with glwindowsrc.Capture(window=args.window, fps=args.fps) as cap:
        for i, frame in enumerate(cap.frames(count=args.frames)):
            mean = frame[:, :, :3].reshape(-1, 3).mean(axis=0).round(1)
            print(f"frame {i}: t={cap.timestamp / 1e9:.3f} s, mean RGB "
                  f"{mean.tolist()}")
    print(f"{args.frames} frames in {time.monotonic() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
