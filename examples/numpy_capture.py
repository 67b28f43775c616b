#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Grab one frame of a window into a NumPy array with plain GStreamer.

    /usr/bin/python3 examples/numpy_capture.py "WINDOW TITLE"

No helper module: glwindowsrc, a caps filter for RGBA in system memory and
an appsink, then one copy from the mapped buffer into an array of shape
(height, width, 4).  glwindowsrc delivers row 0 at the top, so the array
needs no flipping.  The title must match exactly (see `xwininfo -tree
-root`); run with GST_PLUGIN_PATH pointing at the build's gst/ directory,
or inside `meson devenv -C build -w .`.
"""

import sys

import numpy as np

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
gi.require_version("GstVideo", "1.0")
# GstApp gives appsink its pull methods in Python.
from gi.repository import Gst, GstApp, GstVideo  # noqa: E402,F401


def grab(title, timeout_s=10):
    pipeline = Gst.parse_launch(
        "glwindowsrc name=src ! video/x-raw,format=RGBA ! appsink name=sink")
    # Set through the property, not the launch line: titles have spaces.
    pipeline.get_by_name("src").set_property("xname", title)
    sink = pipeline.get_by_name("sink")
    pipeline.set_state(Gst.State.PLAYING)
    try:
        # A missing window is an ERROR message on the bus, not a failed
        # state change: look there while waiting for the frame.
        for _ in range(timeout_s * 10):
            sample = sink.try_pull_sample(Gst.SECOND // 10)
            if sample:
                break
            msg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
            if msg:
                raise RuntimeError(msg.parse_error()[0].message)
        else:
            raise RuntimeError(f"no frame within {timeout_s} s")
        buf = sample.get_buffer()
        # Rows may be padded: the video meta has the real stride and offset.
        meta = GstVideo.buffer_get_video_meta(buf)
        if meta:
            width, height = meta.width, meta.height
            offset, stride = meta.offset[0], meta.stride[0]
        else:
            info = GstVideo.VideoInfo.new_from_caps(sample.get_caps())
            width, height = info.width, info.height
            offset, stride = info.offset[0], info.stride[0]
        with buf.map(Gst.MapFlags.READ) as mapinfo:
            data = np.frombuffer(mapinfo.data, np.uint8)  # a view, no copy
            rows = data[offset:offset + stride * height].reshape(
                height, stride)
            # The one copy: the data is only valid while mapped.
            return rows[:, :width * 4].reshape(height, width, 4).copy()
    finally:
        pipeline.set_state(Gst.State.NULL)


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    Gst.init(None)
    try:
        frame = grab(sys.argv[1])
    except RuntimeError as err:
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
