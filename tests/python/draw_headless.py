# SPDX-License-Identifier: LGPL-2.1-or-later
"""Helper for test_python_module.py: draws with PyOpenGL through
glwindowsrc.Capture(draw=...) in a process of its own, so that the GL
platform chosen by the environment (headless EGL device, set by the test)
is not mixed with the X11/GLX GL of the other tests.

    draw_headless.py OUT_DIR WIDTH HEIGHT

Writes OUT_DIR/frames.npy (three frames) and OUT_DIR/result.json.
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "ext", "python"))

import numpy as np  # noqa: E402
from OpenGL import GL  # noqa: E402

import glwindowsrc  # noqa: E402

calls = []
renderer = []


def draw_red_top_half(width, height, timestamp):
    """Blue everywhere, then red over the top half - in GL's y-up window
    coordinates, the rows from height - height // 2 up to height."""
    calls.append((width, height, timestamp))
    if not renderer:
        renderer.append(GL.glGetString(GL.GL_RENDERER).decode())
    GL.glDisable(GL.GL_SCISSOR_TEST)
    GL.glClearColor(0.0, 0.0, 1.0, 1.0)
    GL.glClear(GL.GL_COLOR_BUFFER_BIT)
    GL.glEnable(GL.GL_SCISSOR_TEST)
    GL.glScissor(0, height - height // 2, width, height // 2)
    GL.glClearColor(1.0, 0.0, 0.0, 1.0)
    GL.glClear(GL.GL_COLOR_BUFFER_BIT)
    GL.glDisable(GL.GL_SCISSOR_TEST)


def failing_draw(width, height, timestamp):
    raise ValueError("no scene loaded")


def main():
    out_dir, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    result = {}
    with glwindowsrc.Capture(draw=draw_red_top_half, size=(width, height),
                             live=False) as cap:
        frames = [cap.read(), *cap.frames(count=2)]
        result["open_inside"] = cap.is_open
    result["open_after"] = cap.is_open
    result["calls"] = calls[:3]
    result["gl_renderer"] = renderer[0] if renderer else None
    np.save(os.path.join(out_dir, "frames.npy"), np.stack(frames))

    try:
        with glwindowsrc.Capture(draw=failing_draw, size=(32, 16)) as cap:
            cap.read()
        result["error"] = None
    except glwindowsrc.CaptureError as err:
        result["error"] = {"message": err.message, "debug": err.debug,
                           "cause": repr(err.__cause__)}
    with open(os.path.join(out_dir, "result.json"), "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
