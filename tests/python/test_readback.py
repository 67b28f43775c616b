# SPDX-License-Identifier: LGPL-2.1-or-later
"""readback=pbo-ring: frames read asynchronously into persistently mapped
GL pack buffers, each sent one capture later.

The ring is real on Mesa's llvmpipe too (GL 4.5 has buffer storage), so
every check here runs through it: the pixels of both capture methods, the
order and stamps of frames, the latency the pipeline is told, and what a
changing window does to a frame held in flight.
"""

import os
import time

import numpy as np
import pytest

from conftest import (Gst, assert_picture, bus_error, expected_picture,
                      pull_frames)
from test_lifecycle import (ALIVE_RE, FPS, LEAKS_LISTED_RE, SYSTEM_MEMORY,
                            Capture, caps_changes, launch_then, wait_message,
                            xdotool)

RING = "readback=pbo-ring"


@pytest.mark.parametrize("method", ["texture-from-pixmap", "xshm"])
@pytest.mark.parametrize("size", [(333, 257), (17, 11)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_ring_frames_are_upright(window, size, method):
    width, height = size
    win = window(width, height)
    frames, caps = pull_frames(
        f"glwindowsrc xid={win.xid} capture-method={method} {RING} "
        f"num-buffers=4 ! {SYSTEM_MEMORY}", 4)
    s = caps.get_structure(0)
    assert (s.get_value("width"), s.get_value("height")) == (width, height)
    for n, frame in enumerate(frames):
        assert_picture(frame, width, height, f"{method}, frame {n}")


def test_ring_sends_every_frame_in_order(window):
    """Live at 30 fps: offsets 0, 1, 2... with none lost to the ring, and
    stamps one frame apart."""
    win = window(160, 120)
    pipeline = Gst.parse_launch(
        f"glwindowsrc xid={win.xid} use-damage=false {RING} "
        f"! video/x-raw,framerate={FPS}/1 ! {SYSTEM_MEMORY}")
    sink = pipeline.get_by_name("sink")
    buffers = []
    try:
        assert pipeline.set_state(Gst.State.PLAYING) != \
            Gst.StateChangeReturn.FAILURE
        for _ in range(12):
            sample = sink.try_pull_sample(10 * Gst.SECOND)
            assert sample is not None, bus_error(pipeline)
            buffers.append(sample.get_buffer())
    finally:
        pipeline.set_state(Gst.State.NULL)
    assert [b.offset for b in buffers] == list(range(12))
    intervals = np.diff([b.pts for b in buffers]) / Gst.SECOND
    assert np.median(intervals) == pytest.approx(1 / FPS, rel=0.2)


@pytest.mark.parametrize("readback, frames_of_latency",
                         [("direct", 1), ("pbo-ring", 2)])
def test_latency_counts_the_frame_in_flight(window, readback,
                                            frames_of_latency):
    win = window(160, 120)
    pipeline = Gst.parse_launch(
        f"glwindowsrc name=src xid={win.xid} readback={readback} "
        f"! video/x-raw,framerate={FPS}/1 ! {SYSTEM_MEMORY}")
    sink = pipeline.get_by_name("sink")
    try:
        assert pipeline.set_state(Gst.State.PLAYING) != \
            Gst.StateChangeReturn.FAILURE
        assert sink.try_pull_sample(10 * Gst.SECOND) is not None, \
            bus_error(pipeline)
        query = Gst.Query.new_latency()
        assert pipeline.get_by_name("src").get_static_pad("src").query(query)
        live, minimum, maximum = query.parse_latency()
    finally:
        pipeline.set_state(Gst.State.NULL)
    assert live
    assert minimum == frames_of_latency * Gst.SECOND // FPS


def test_ring_follows_a_resize(window):
    win = window(200, 150)
    with Capture(f"glwindowsrc name=src xid={win.xid} {RING} "
                 f"! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        xdotool("windowsize", win.xid, 300, 120)
        cap.wait_size((300, 120), then=5)
    frames = cap.snapshot()
    # The frame in flight at the resize was made for the old caps: it must
    # not go out under the new ones.
    cap.assert_buffers_fit_caps()
    assert [size for _, size in caps_changes(frames)] == [(300, 120)]
    assert_picture(frames[0].pixels, 200, 150, "before the resize")
    assert_picture(frames[-1].pixels, 300, 120, "after the resize")


def test_ring_sends_the_last_frame_when_the_window_closes(window):
    win = window(160, 120, exit_after=1)
    with Capture(f"glwindowsrc xid={win.xid} {RING} ! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        msg = wait_message(cap.pipeline,
                           Gst.MessageType.ERROR | Gst.MessageType.EOS)
    assert msg is not None and msg.type == Gst.MessageType.EOS, \
        bus_error(cap.pipeline)
    frames = cap.snapshot()
    assert cap.eos
    assert_picture(frames[-1].pixels, 160, 120, "last frame")


def test_ring_repeats_unchanged_frames(window):
    """Damage with the ring: a still window repeats the frame in flight,
    sharing its memory, at a steady rate."""
    win = window(200, 150, "--static")
    with Capture(f"glwindowsrc xid={win.xid} {RING} "
                 f"! video/x-raw,framerate={FPS}/1 ! {SYSTEM_MEMORY}",
                 keep_samples=True) as cap:
        cap.wait_frames(30)
    frames = cap.snapshot()
    for f in frames:
        assert_picture(f.pixels, 200, 150, "static window")
    assert len({f.data_address for f in frames[5:]}) == 1
    # A constant rate: one buffer per frame period, none skipped.
    span = (frames[-1].pts - frames[0].pts) / Gst.SECOND
    assert len(frames) - 1 >= 0.8 * span * FPS, (
        f"{len(frames)} frames in {span:.2f} s at {FPS} fps")
    intervals = np.diff([f.pts for f in frames]) / Gst.SECOND
    assert np.median(intervals) == pytest.approx(1 / FPS, rel=0.2)


def test_ring_sends_a_still_windows_frame_without_waiting_for_a_change(
        window):
    """skip-unchanged: the one frame of a still window leaves at the next
    capture, not whenever the window changes again (which, here, it never
    does)."""
    win = window(200, 150, "--static")
    with Capture(f"glwindowsrc xid={win.xid} skip-unchanged=true {RING} "
                 f"! video/x-raw,framerate={FPS}/1 ! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(1, timeout=2)
        time.sleep(1)
        still = len(cap.snapshot())
    assert still <= 5, f"{still} buffers in 1 s of a window left alone"
    assert_picture(cap.snapshot()[0].pixels, 200, 150, "first frame")


@pytest.mark.parametrize("method", ["texture-from-pixmap", "xshm"])
def test_ring_crop_exact_pixels(window, method):
    """A crop read through the ring: the GPU read starts inside the
    picture, the pack buffer at its start."""
    x, y, w, h = 50, 40, 101, 79
    win = window(200, 160)
    with Capture(f"glwindowsrc xid={win.xid} capture-method={method} {RING} "
                 f"crop-x={x} crop-y={y} crop-width={w} crop-height={h} "
                 f"! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
    frames = cap.snapshot()
    cap.assert_buffers_fit_caps()
    assert frames[-1].size == (w, h)
    want = expected_picture(200, 160)[y:y + h, x:x + w]
    got = frames[-1].pixels[:, :, :3]
    assert (np.abs(got.astype(np.int16) - want.astype(np.int16)) <= 2).all()


def test_ring_leaves_nothing_alive(window):
    """The pool's pack buffers, their memory and the frame in flight are
    all gone at the end, through a renegotiation too."""
    win = window(160, 120)
    env = dict(os.environ, GST_TRACERS="leaks",
               GST_DEBUG="GST_TRACER:7,leaks:7")
    status, output = launch_then(
        ["glwindowsrc", f"xid={win.xid}", RING, "num-buffers=45", "!",
         "fakesink"],
        "output 160x120",
        lambda: xdotool("windowsize", win.xid, 200, 100), env=env)
    assert status == 0, output[-3000:]
    assert "picture is now 200x100: renegotiating" in output
    assert "readback: pbo-ring" in output
    listed = LEAKS_LISTED_RE.findall(output)
    assert listed, "the leaks tracer did not report:\n" + output[-3000:]
    alive = ALIVE_RE.findall(output)
    assert listed == ["0"] and not alive, (
        f"objects alive at exit: {sorted(set(alive))}")
