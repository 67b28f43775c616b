# SPDX-License-Identifier: LGPL-2.1-or-later
"""A host process for test_faults.py: captures a window whose X server the
test kills, then shows it is still alive and useful.

    faults_capture.py PIPELINE SECOND_DISPLAY SECOND_XID

Runs PIPELINE (ending in `appsink name=sink`) until it has pulled a few
frames, prints READY, then waits for the bus to say how the stream ended
and prints one line: `ERROR <message> | <debug>` or `EOS <warning>`,
then `CPU <seconds>`: the CPU time it used in the second after that.
Then it stops the pipeline and captures window SECOND_XID of
SECOND_DISPLAY (a live server) in a second pipeline, printing `SECOND
<width>x<height> <r>,<g>,<b>` with the colour of its top-left pixel, and
exits 0. Every line goes to stdout, flushed.
"""

import os
import sys
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
from gi.repository import Gst, GstApp  # noqa: E402,F401

END_TIMEOUT_S = 20


def say(*words):
    print(*words, flush=True)


def first_frames(pipeline, count):
    sink = pipeline.get_by_name("sink")
    for _ in range(count):
        sample = sink.try_pull_sample(10 * Gst.SECOND)
        if sample is None:
            return False
    return True


def wait_end(pipeline):
    """The ERROR or EOS that ended the stream, and the last WARNING."""
    bus = pipeline.get_bus()
    sink = pipeline.get_by_name("sink")
    warning = ""
    deadline = time.monotonic() + END_TIMEOUT_S
    while time.monotonic() < deadline:
        # Keep frames flowing so the source is never blocked on a full sink.
        sink.try_pull_sample(10 * Gst.MSECOND)
        msg = bus.timed_pop_filtered(
            100 * Gst.MSECOND, Gst.MessageType.ERROR | Gst.MessageType.EOS
            | Gst.MessageType.WARNING)
        if msg is None:
            continue
        if msg.type == Gst.MessageType.WARNING:
            err, dbg = msg.parse_warning()
            warning = f"{err.message} | {dbg}"
        elif msg.type == Gst.MessageType.ERROR:
            err, dbg = msg.parse_error()
            return f"ERROR {err.message} | {dbg}"
        else:
            return f"EOS {warning}"
    return "TIMEOUT"


def main():
    description, second_display, second_xid = sys.argv[1:4]
    Gst.init(None)
    pipeline = Gst.parse_launch(description)
    if pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE \
            or not first_frames(pipeline, 3):
        say("NOSTART")
        return 1
    say("READY")
    say(wait_end(pipeline))
    # The process must not be left busy either (a thread spinning on the
    # dead connection), before or after the pipeline stops.
    start = time.process_time()
    time.sleep(1)
    say(f"CPU {time.process_time() - start:.2f}")
    pipeline.set_state(Gst.State.NULL)
    say("STOPPED")

    # GStreamer's GL display comes from $DISPLAY: the live server now.
    os.environ["DISPLAY"] = second_display
    second = Gst.parse_launch(
        f"glwindowsrc display-name={second_display} xid={second_xid} "
        "num-buffers=1 ! appsink name=sink")
    second.set_state(Gst.State.PLAYING)
    sample = second.get_by_name("sink").try_pull_sample(10 * Gst.SECOND)
    if sample is None:
        say("SECOND none")
        second.set_state(Gst.State.NULL)
        return 1
    caps = sample.get_caps().get_structure(0)
    buf = sample.get_buffer()
    ok, info = buf.map(Gst.MapFlags.READ)
    rgb = ",".join(str(v) for v in bytes(info.data[:3]))
    buf.unmap(info)
    second.set_state(Gst.State.NULL)
    say(f"SECOND {caps.get_value('width')}x{caps.get_value('height')} {rgb}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
