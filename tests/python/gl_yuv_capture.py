# SPDX-License-Identifier: LGPL-2.1-or-later
"""Helper for test_formats.py: one frame of a pipeline ending in
`appsink name=sink` with `glwindowsrc name=src`, in a process of its own,
so that the GL platform and API the environment chooses (headless EGL
device, GLES) are not mixed with the desktop GL of the other tests.

    gl_yuv_capture.py OUT_DIR PIPELINE

Writes OUT_DIR/planes.npz (the sample's planes, as test_formats.planes()
reads them) and OUT_DIR/result.json (glwindowsrc's caps, the API of its GL
context).
"""

import json
import os
import sys

import numpy as np

import gi

gi.require_version("GstGL", "1.0")
from gi.repository import GstGL  # noqa: E402

from conftest import Gst  # noqa: E402
from test_formats import planes, pull_sample_and_caps  # noqa: E402


def gl_api(description):
    """The API of the GL context glwindowsrc answers a context query
    with, while it plays."""
    pipeline = Gst.parse_launch(description)
    try:
        pipeline.set_state(Gst.State.PLAYING)
        pipeline.get_by_name("sink").try_pull_sample(10 * Gst.SECOND)
        query = Gst.Query.new_context("gst.gl.local_context")
        if not pipeline.get_by_name("src").query(query):
            return []
        context = query.parse_context().get_structure().get_value("context")
        api = context.get_gl_api()
        return [name for name, flag in (("opengl", GstGL.GLAPI.OPENGL),
                                        ("opengl3", GstGL.GLAPI.OPENGL3),
                                        ("gles2", GstGL.GLAPI.GLES2))
                if api & flag]
    finally:
        pipeline.set_state(Gst.State.NULL)


def main():
    out_dir, description = sys.argv[1], sys.argv[2]
    sample, caps = pull_sample_and_caps(description)
    _, p = planes(sample)
    np.savez(os.path.join(out_dir, "planes.npz"), *p)
    with open(os.path.join(out_dir, "result.json"), "w") as f:
        json.dump({"caps": caps.to_string(), "gl_api": gl_api(description)},
                  f)


if __name__ == "__main__":
    main()
