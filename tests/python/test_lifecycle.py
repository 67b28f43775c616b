# SPDX-License-Identifier: LGPL-2.1-or-later
"""glwindowsrc on a desktop that changes under it: windows resized, closed,
reopened, unmapped, left alone, pointed at, cropped; state cycles and
leaks.

Every check runs a real fixture window (see conftest.py) under the test's
own Xvfb, with no window manager: a window stays at (0, 0), resizes and
unmaps happen at once, and an X window id freed by one client is handed to
the next client that connects.
"""

import ctypes
import os
import re
import signal
import subprocess
import threading
import time
from collections import namedtuple

import numpy as np
import pytest

from conftest import (Gst, GstVideo, assert_picture, bus_error,
                      expected_picture, sample_to_array)
from mediacheck import ffprobe, video_stream

SYSTEM_MEMORY = "appsink name=sink sync=false"
GL_MEMORY = ("video/x-raw(memory:GLMemory),format=RGBA ! gldownload"
             " ! video/x-raw,format=RGBA ! appsink name=sink sync=false")
FPS = 30
FRAME_TIMEOUT = 10.0

Frame = namedtuple("Frame", "pts size pixels data_address sample")


def run(args, timeout=30, env=None):
    return subprocess.run(args, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, env=env)


def xdotool(*args):
    res = run(["xdotool", *(str(a) for a in args)])
    assert res.returncode == 0, f"xdotool {args}: {res.stderr}"


def buffer_address(buf):
    """Where @buf's pixels are in memory: equal for buffers that share
    their memory (a repeated frame), different for distinct ones as long as
    both are alive."""
    ok, mapinfo = buf.map(Gst.MapFlags.READ)
    assert ok
    try:
        return np.frombuffer(mapinfo.data, np.uint8).__array_interface__[
            "data"][0]
    finally:
        buf.unmap(mapinfo)


class Capture:
    """A running pipeline ending in `appsink name=sink`; a thread takes
    every frame out as it comes and checks that the buffer fits the caps it
    came with. With @keep_samples the samples stay alive, so that no pool
    recycles their memory while the test compares addresses."""

    def __init__(self, description, keep_samples=False):
        self.description = description
        self.pipeline = Gst.parse_launch(description)
        self.sink = self.pipeline.get_by_name("sink")
        self.keep_samples = keep_samples
        self.frames = []
        self.failures = []
        self.eos = False
        # When glwindowsrc is named "src": when each caps event left it.
        self.caps_times = []
        src = self.pipeline.get_by_name("src")
        if src:
            src.get_static_pad("src").add_probe(
                Gst.PadProbeType.EVENT_DOWNSTREAM, self._on_event)
        self._cond = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._pull, daemon=True)

    def __enter__(self):
        ret = self.pipeline.set_state(Gst.State.PLAYING)
        assert ret != Gst.StateChangeReturn.FAILURE, bus_error(self.pipeline)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        with self._cond:
            self._stopping = True
        if self._thread.is_alive():
            self._thread.join(FRAME_TIMEOUT)
        assert self.pipeline.set_state(Gst.State.NULL) == \
            Gst.StateChangeReturn.SUCCESS

    def _on_event(self, pad, info):
        if info.get_event().type == Gst.EventType.CAPS:
            self.caps_times.append(time.monotonic())
        return Gst.PadProbeReturn.OK

    def _record(self, sample):
        caps = sample.get_caps()
        info = GstVideo.VideoInfo.new_from_caps(caps)
        buf = sample.get_buffer()
        size = (info.width, info.height)
        meta = GstVideo.buffer_get_video_meta(buf)
        if meta and (meta.width, meta.height) != size:
            self.failures.append(
                f"buffer {buf.pts / 1e9:.3f}s has a {meta.width}x"
                f"{meta.height} video meta under {size[0]}x{size[1]} caps")
        if buf.get_size() < info.size:
            self.failures.append(
                f"buffer {buf.pts / 1e9:.3f}s holds {buf.get_size()} bytes, "
                f"{size[0]}x{size[1]} caps need {info.size}")
            return
        return Frame(buf.pts, size, sample_to_array(sample),
                     buffer_address(buf),
                     sample if self.keep_samples else None)

    def _pull(self):
        while True:
            with self._cond:
                if self._stopping:
                    return
            sample = self.sink.try_pull_sample(50 * Gst.MSECOND)
            if sample is None:
                if self.sink.is_eos():
                    with self._cond:
                        self.eos = True
                        self._cond.notify_all()
                    return
                continue
            frame = self._record(sample)
            with self._cond:
                if frame:
                    self.frames.append(frame)
                self._cond.notify_all()

    def wait(self, predicate, timeout=FRAME_TIMEOUT, what="frames"):
        """Waits until predicate(frames) is true; returns its value."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                result = predicate(self.frames)
                if result:
                    return result
                left = deadline - time.monotonic()
                if left <= 0 or self.eos:
                    break
                self._cond.wait(left)
        pytest.fail(f"{what}: not seen within {timeout} s "
                    f"({len(self.frames)} frames, eos={self.eos}): "
                    f"{bus_error(self.pipeline)}")

    def wait_frames(self, count, timeout=FRAME_TIMEOUT):
        return self.wait(lambda f: len(f) >= count, timeout,
                         f"{count} frames")

    def wait_size(self, size, then=1, timeout=FRAME_TIMEOUT):
        """Waits until @then frames have come since the first one of @size
        (that one included); returns that first one's index."""
        def seen(frames):
            for i, f in enumerate(frames):
                if f.size == size:
                    return len(frames) - i >= then and i + 1
            return None
        return self.wait(seen, timeout, f"{then} frames at {size}") - 1

    def snapshot(self):
        with self._cond:
            return list(self.frames)

    def messages(self, types):
        """Every message of @types posted so far, in order."""
        bus = self.pipeline.get_bus()
        out = []
        while True:
            msg = bus.pop_filtered(types)
            if msg is None:
                return out
            out.append(msg)

    def assert_buffers_fit_caps(self):
        assert not self.failures, "\n".join(self.failures[:10])


def caps_changes(frames):
    """[(pts, size)] of each frame whose size differs from the one before."""
    changes = []
    for prev, cur in zip(frames, frames[1:]):
        if cur.size != prev.size:
            changes.append((cur.pts, cur.size))
    return changes


# ---------------------------------------------------------------- resize


@pytest.mark.parametrize("downstream", [SYSTEM_MEMORY, GL_MEMORY],
                         ids=["sysmem", "glmemory"])
def test_resize_renegotiates(window, downstream):
    win = window(200, 150)
    with Capture(f"glwindowsrc xid={win.xid} ! {downstream}") as cap:
        cap.wait_frames(3)
        xdotool("windowsize", win.xid, 300, 120)
        cap.wait_size((300, 120), then=5)
    frames = cap.snapshot()
    cap.assert_buffers_fit_caps()
    assert frames[0].size == (200, 150)
    assert_picture(frames[0].pixels, 200, 150, "before the resize")
    assert [size for _, size in caps_changes(frames)] == [(300, 120)], \
        "one renegotiation, to the new size"
    assert_picture(frames[-1].pixels, 300, 120, "after the resize")


def resize_storm(xid, sizes, interval):
    """One xdotool process running every resize, @interval s apart."""
    args = []
    for w, h in sizes:
        args += ["windowsize", xid, w, h, "sleep", interval]
    started = time.monotonic()
    xdotool(*args[:-2])
    return time.monotonic() - started


def storm_sizes(count, final):
    sizes = [(160 + (37 * i) % 180, 120 + (53 * i) % 140)
             for i in range(count - 1)]
    return sizes + [final]


def test_resize_storm_renegotiate(window):
    final = (260, 180)
    win = window(200, 150)
    with Capture(f"glwindowsrc name=src xid={win.xid} "
                 f"! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        storm_start = time.monotonic()
        duration = resize_storm(win.xid, storm_sizes(40, final), 0.05)
        cap.wait_size(final, then=10)
    frames = cap.snapshot()
    cap.assert_buffers_fit_caps()

    during = [t for t in cap.caps_times if t >= storm_start]
    assert len(during) >= 2, (
        f"the storm made {len(during)} caps changes: "
        f"{caps_changes(frames)}")
    gaps = [b - a for a, b in zip(during, during[1:])]
    # At most one per 100 ms. The caps event follows the element's decision
    # after a delay that varies with the load, hence some slack.
    assert min(gaps) >= 0.06, f"renegotiations {gaps} s apart"
    span = during[-1] - during[0]
    assert len(during) <= span / 0.1 + 2, (
        f"{len(during)} renegotiations in {span:.2f} s "
        f"(storm of 40 resizes over {duration:.2f} s)")
    assert frames[-1].size == final
    assert_picture(frames[-1].pixels, *final, "after the storm")


def launch_then(args, started, action, env=None, timeout=30):
    """Runs gst-launch-1.0 @args with glwindowsrc's INFO log on, calls
    @action() once a log line holds @started, then waits for the end.
    Returns (exit status, everything printed)."""
    env = dict(env or os.environ, GST_DEBUG_NO_COLOR="1")
    env["GST_DEBUG"] = ",".join(
        filter(None, (env.get("GST_DEBUG"), "glwindowsrc:4")))
    proc = subprocess.Popen(
        ["gst-launch-1.0", "-q", *args], stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
        env=env)
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line)
            if started in line:
                action()
                break
        rest, _ = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, "".join(lines) + rest


def test_resize_storm_scale_mp4(window, tmp_path):
    win = window(200, 150)
    out = tmp_path / "storm.mp4"
    status, output = launch_then(
        ["-e", "glwindowsrc", f"xid={win.xid}", "resize-mode=scale",
         "num-buffers=75", "!", "videoconvert", "!",
         "video/x-raw,format=I420", "!", "x264enc", "tune=zerolatency",
         "speed-preset=ultrafast", "!", "mp4mux", "!", "filesink",
         f"location={out}"],
        "output 200x150",
        lambda: resize_storm(win.xid, storm_sizes(30, (400, 150)), 0.05))
    assert status == 0, output[-3000:]

    stream = video_stream(ffprobe(out, count_frames=True))
    assert (stream["width"], stream["height"]) == (200, 150)
    assert int(stream["nb_read_frames"]) > 0
    sizes = run(["ffprobe", "-v", "error", "-select_streams", "v:0",
                 "-show_entries", "frame=width,height", "-of", "csv=p=0",
                 str(out)])
    assert sizes.returncode == 0, sizes.stderr
    frame_sizes = {line.strip(",") for line in sizes.stdout.split()}
    assert frame_sizes == {"200,150"}, sizes.stdout


def test_resize_scale_letterboxes(window):
    win = window(200, 150)
    with Capture(f"glwindowsrc xid={win.xid} resize-mode=scale "
                 f"! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        xdotool("windowsize", "--sync", win.xid, 400, 150)
        # Past the 100 ms a renegotiation would have waited.
        time.sleep(0.5)
        cap.wait_frames(len(cap.snapshot()) + 3)
    frames = cap.snapshot()
    cap.assert_buffers_fit_caps()
    assert {f.size for f in frames} == {(200, 150)}, "the size never changes"
    assert_picture(frames[0].pixels, 200, 150, "before the resize")

    # 400x150 into 200x150: scaled by 1/2 to 200x75, centred at row 37.
    last = frames[-1].pixels
    assert (last[:36, :, :3] == 0).all(), "black bar above"
    assert (last[113:, :, :3] == 0).all(), "black bar below"
    picture = last[37:112]
    small = expected_picture(200, 75)
    for name, (x, y) in {"top-left": (50, 15), "top-right": (150, 15),
                         "bottom-left": (50, 60), "bottom-right": (150, 60),
                         "marker": (3, 3)}.items():
        got = tuple(int(v) for v in picture[y, x, :3])
        want = tuple(int(v) for v in small[y, x])
        assert max(abs(a - b) for a, b in zip(got, want)) <= 8, (
            f"scaled picture, {name} at ({x},{y}): {got}, expected {want}")


# Not strict: on a loaded machine the last resize may happen to come more
# than 100 ms after the previous renegotiation, and then it passes.
def test_resize_of_a_window_that_stops_redrawing(window):
    win = window(200, 150, "--static")
    with Capture(f"glwindowsrc xid={win.xid} ! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        # A short drag, then nothing.
        resize_storm(win.xid, [(220, 160), (240, 170), (260, 180),
                               (280, 190), (300, 200)], 0.01)
        cap.wait_size((300, 200), then=3, timeout=3)
    assert_picture(cap.snapshot()[-1].pixels, 300, 200, "after the drag")


# ---------------------------------------------------------------- close


def wait_message(pipeline, types, timeout=FRAME_TIMEOUT):
    return pipeline.get_bus().timed_pop_filtered(
        int(timeout * Gst.SECOND), types)


def test_on_close_eos(window):
    win = window(160, 120, exit_after=1)
    with Capture(f"glwindowsrc xid={win.xid} ! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        msg = wait_message(cap.pipeline,
                           Gst.MessageType.ERROR | Gst.MessageType.EOS)
    assert msg is not None, "neither EOS nor error after the window closed"
    assert msg.type == Gst.MessageType.EOS, bus_error(cap.pipeline)
    assert cap.eos, "the sink did not get EOS"
    assert_picture(cap.snapshot()[-1].pixels, 160, 120, "last frame")


def test_on_close_eos_finalises_a_recording(window, tmp_path):
    win = window(160, 120, exit_after=1.5)
    out = tmp_path / "closed.mp4"
    res = run(["gst-launch-1.0", "-q", "glwindowsrc", f"xid={win.xid}", "!",
               "videoconvert", "!", "video/x-raw,format=I420", "!",
               "x264enc", "tune=zerolatency",
               "speed-preset=ultrafast", "!", "mp4mux", "!", "filesink",
               f"location={out}"])
    assert res.returncode == 0, res.stdout + res.stderr
    stream = video_stream(ffprobe(out, count_frames=True))
    assert (stream["width"], stream["height"]) == (160, 120)
    # About 1.5 s at 30 fps.
    assert 20 <= int(stream["nb_read_frames"]) <= 90, stream


def test_on_close_error(window):
    win = window(160, 120, exit_after=1)
    with Capture(f"glwindowsrc xid={win.xid} on-close=error "
                 f"! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        msg = wait_message(cap.pipeline,
                           Gst.MessageType.ERROR | Gst.MessageType.EOS)
    assert msg is not None, "neither error nor EOS after the window closed"
    assert msg.type == Gst.MessageType.ERROR, "EOS instead of an error"
    err, _ = msg.parse_error()
    assert "closed" in err.message, err.message


def test_on_close_wait_finds_the_title_again(window):
    first = window(200, 150, exit_after=1)
    with Capture(f'glwindowsrc xname="{first.title}" on-close=wait '
                 f"! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        first.wait_closed()
        closed_at = len(cap.snapshot())
        # Gone for a second: the stream goes on, repeating the last frame.
        time.sleep(1.0)
        gone = cap.snapshot()[closed_at:]
        window(240, 100)
        start = cap.wait_size((240, 100), then=3)
        errors = cap.messages(Gst.MessageType.ERROR)
    frames = cap.snapshot()
    cap.assert_buffers_fit_caps()
    assert not errors, bus_error(cap.pipeline)
    assert not cap.eos
    assert len(gone) >= 15, f"{len(gone)} frames in the second without window"
    for f in gone:
        assert f.size == (200, 150)
        assert_picture(f.pixels, 200, 150, "repeated while the window is gone")
    assert_picture(frames[start].pixels, 240, 100, "the window that came back")
    assert_picture(frames[-1].pixels, 240, 100, "the window that came back")


def test_on_close_wait_after_a_resize_keeps_sending(window):
    """A resize, then the window gone 30 ms later: the renegotiation to the
    new size must not leave nothing to repeat (issue 14, 4). The last
    picture is repeated at the new size, at the full rate."""
    win = window(200, 150, "--resize-to", "240x100", "--resize-after", "1",
                 exit_after=1.03)
    with Capture(f"glwindowsrc xid={win.xid} on-close=wait "
                 f"! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        win.wait_closed()
        time.sleep(0.5)
        closed_at = len(cap.snapshot())
        time.sleep(2.0)
        gone = cap.snapshot()[closed_at:]
        errors = cap.messages(Gst.MessageType.ERROR)
    cap.assert_buffers_fit_caps()
    assert not errors, bus_error(cap.pipeline)
    # 30 fps for 2 s: 60, less scheduling noise.
    assert len(gone) >= 50, f"{len(gone)} frames in 2 s without the window"
    assert len({f.size for f in gone}) == 1


def test_flush_does_not_stall_a_live_source(window):
    """After flush-start/flush-stop the next frame comes within two frame
    periods, however long the pipeline had run (issue 14, 2)."""
    win = window(96, 64)
    with Capture(f"glwindowsrc name=src xid={win.xid} use-damage=false "
                 f"! video/x-raw,framerate=30/1 ! {SYSTEM_MEMORY}") as cap:
        time.sleep(2.0)
        src = cap.pipeline.get_by_name("src")
        before = len(cap.snapshot())
        assert before >= 30
        # Through the element, as a flushing seek does: GstBaseSrc unlocks
        # the streaming thread and restarts it.
        src.send_event(Gst.Event.new_flush_start())
        src.send_event(Gst.Event.new_flush_stop(True))
        flushed = time.monotonic()
        cap.wait_frames(before + 1)
        gap = time.monotonic() - flushed
    assert gap < 2 / 30 + 0.05, f"{gap * 1000:.0f} ms to the first frame"


def test_unmapped_window_repeats_last_frame(window):
    win = window(200, 150)
    with Capture(f"glwindowsrc xid={win.xid} ! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        xdotool("windowunmap", "--sync", win.xid)
        unmapped_at = len(cap.snapshot())
        time.sleep(1.0)
        hidden = cap.snapshot()[unmapped_at:]
        xdotool("windowmap", "--sync", win.xid)
        # Live again: a resize after the map is followed.
        xdotool("windowsize", win.xid, 180, 130)
        cap.wait_size((180, 130), then=3)
        errors = cap.messages(Gst.MessageType.ERROR)
    cap.assert_buffers_fit_caps()
    assert not errors, bus_error(cap.pipeline)
    assert not cap.eos
    assert len(hidden) >= 15, f"{len(hidden)} frames in a second unmapped"
    for f in hidden:
        assert_picture(f.pixels, 200, 150, "unmapped")
    assert_picture(cap.snapshot()[-1].pixels, 180, 130, "mapped again")


@pytest.mark.parametrize("method", ["texture-from-pixmap", "xshm"])
def test_hidden_parent_shown_again_keeps_the_picture_live(window, method):
    """A window manager hides a window's frame (another workspace), not
    the window: the window gets no event, but the server gives it a new
    backing pixmap when the frame is shown again. The capture must follow,
    not keep showing the old pixmap."""
    win = window(200, 150, "--child")
    with Capture(f"glwindowsrc xid={win.xid} capture-method={method} "
                 f"! video/x-raw,framerate={FPS}/1 ! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        xdotool("windowunmap", "--sync", win.toplevel)
        time.sleep(0.3)
        xdotool("windowmap", "--sync", win.toplevel)
        time.sleep(0.3)
        win.proc.send_signal(signal.SIGUSR1)

        def cyan(frames):
            return frames and (frames[-1].pixels[..., :3] ==
                               (0, 255, 255)).all()
        cap.wait(cyan, what="the picture drawn after the frame came back")


def test_reused_window_id_is_not_captured(window):
    old = window(200, 150)
    title = old.title
    with Capture(f"glwindowsrc xid={old.xid} on-close=wait "
                 f"! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        old.close()
        # Xvfb hands the next client the freed client's id range: the new
        # window usually gets the very same id.
        new = window(240, 100, title=title)
        reused = new.xid == old.xid
        count = len(cap.snapshot())
        # Several times the 250 ms after which a title would be looked for.
        cap.wait_frames(count + 30)
        errors = cap.messages(Gst.MessageType.ERROR)
    frames = cap.snapshot()
    cap.assert_buffers_fit_caps()
    assert not errors, bus_error(cap.pipeline)
    assert {f.size for f in frames} == {(200, 150)}, (
        f"the new window{' with the reused id' if reused else ''} was "
        f"captured")
    for f in frames[count:]:
        assert_picture(f.pixels, 200, 150, "old picture repeated")


# ---------------------------------------------------------------- damage


def frame_intervals(frames):
    return [(b.pts - a.pts) / Gst.SECOND for a, b in zip(frames, frames[1:])]


@pytest.mark.parametrize("downstream", [
    f"video/x-raw,framerate={FPS}/1 ! {SYSTEM_MEMORY}",
    f"video/x-raw(memory:GLMemory),format=RGBA,framerate={FPS}/1 ! gldownload"
    f" ! video/x-raw,format=RGBA ! {SYSTEM_MEMORY}",
], ids=["sysmem", "glmemory"])
def test_use_damage_repeats_unchanged_frames(window, downstream):
    win = window(200, 150, "--static")
    with Capture(f"glwindowsrc xid={win.xid} ! {downstream}",
                 keep_samples=True) as cap:
        cap.wait_frames(45)
    frames = cap.snapshot()
    cap.assert_buffers_fit_caps()
    for f in frames:
        assert_picture(f.pixels, 200, 150, "static window")
    # A constant rate: one buffer per frame period, none skipped.
    span = (frames[-1].pts - frames[0].pts) / Gst.SECOND
    assert len(frames) - 1 >= 0.8 * span * FPS, (
        f"{len(frames)} frames in {span:.2f} s at {FPS} fps")
    assert np.median(frame_intervals(frames)) == pytest.approx(1 / FPS,
                                                               rel=0.2)
    # Repeats share the captured frame's memory (every sample is still
    # alive, so no memory was recycled either).
    copies = {f.data_address for f in frames[5:]}
    assert len(copies) == 1, (
        f"{len(copies)} distinct buffers for an unchanged window")


def test_without_damage_every_frame_is_copied(window):
    win = window(200, 150, "--static")
    with Capture(f"glwindowsrc xid={win.xid} use-damage=false ! "
                 f"video/x-raw,framerate={FPS}/1 ! {SYSTEM_MEMORY}",
                 keep_samples=True) as cap:
        cap.wait_frames(10)
    frames = cap.snapshot()
    assert len({f.data_address for f in frames}) == len(frames)
    for f in frames:
        assert_picture(f.pixels, 200, 150, "use-damage=false")


def test_skip_unchanged_sends_only_changes(window):
    win = window(200, 150, "--static")
    with Capture(f"glwindowsrc xid={win.xid} skip-unchanged=true ! "
                 f"video/x-raw,framerate={FPS}/1 ! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(1)
        time.sleep(1.5)
        still = len(cap.snapshot())
        # A change is sent at once.
        xdotool("windowsize", win.xid, 160, 120)
        cap.wait_size((160, 120))
    frames = cap.snapshot()
    cap.assert_buffers_fit_caps()
    assert still <= 5, f"{still} buffers in 1.5 s of a window left alone"
    assert_picture(frames[0].pixels, 200, 150, "first frame")
    assert_picture(frames[-1].pixels, 160, 120, "after the change")


# ---------------------------------------------------------------- pointer


def pointer_difference(frame, width, height):
    """The bounding box (x0, y0, x1, y1) of the pixels that differ from the
    fixture's picture, or None."""
    diff = np.abs(frame[:, :, :3].astype(np.int16) -
                  expected_picture(width, height).astype(np.int16))
    ys, xs = np.nonzero(diff.max(axis=2) > 2)
    if xs.size == 0:
        return None
    return xs.min(), ys.min(), xs.max(), ys.max()


def near(box, x, y, reach=32):
    x0, y0, x1, y1 = box
    return (x - reach <= x0 <= x + reach and y - reach <= y0 <= y + reach
            and x1 <= x + reach and y1 <= y + reach)


@pytest.mark.parametrize("downstream", [SYSTEM_MEMORY, GL_MEMORY],
                         ids=["sysmem", "glmemory"])
def test_show_pointer(window, downstream):
    # Static: only the pointer's moves can make new frames.
    win = window(200, 150, "--static")
    xdotool("mousemove", 60, 40)
    with Capture(f"glwindowsrc xid={win.xid} show-pointer=true "
                 f"! {downstream}") as cap:
        cap.wait_frames(2)
        box = pointer_difference(cap.snapshot()[-1].pixels, 200, 150)
        assert box is not None, "no pointer in the frame"
        assert near(box, 60, 40), f"pointer drawn at {box}, not at (60, 40)"

        xdotool("mousemove", 150, 110)
        moved = cap.wait(
            lambda fs: [f for f in fs if (b := pointer_difference(
                f.pixels, 200, 150)) is not None and near(b, 150, 110)],
            what="a frame with the pointer moved to (150, 110)")
    # Where the pointer was, the picture is whole again.
    after = moved[-1].pixels
    x0, y0, x1, y1 = box
    assert (after[y0:y1 + 1, x0:x1 + 1, :3] ==
            expected_picture(200, 150)[y0:y1 + 1, x0:x1 + 1]).all()


def test_pointer_shape_change_is_seen(window):
    """The pointer's image is fetched only when XFixes says its shape
    changed: a new root cursor must show in the next frames."""
    window(200, 150, "--static")
    xdotool("mousemove", 400, 300)
    with Capture(f"glwindowsrc show-pointer=true crop-x=360 crop-y=260 "
                 f"crop-width=80 crop-height=80 ! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(2)
        first = cap.snapshot()[-1].pixels
        res = run(["xsetroot", "-cursor_name", "watch"])
        assert res.returncode == 0, res.stderr
        try:
            cap.wait(lambda fs: (fs[-1].pixels != first).any(),
                     what="a frame with the new pointer shape")
        finally:
            # Back to the server's own default for the tests that follow.
            run(["xsetroot", "-def"])


def test_show_pointer_same_in_gl_and_system_memory(window):
    win = window(200, 150, "--static")
    xdotool("mousemove", 70, 50)
    pictures = []
    for downstream in (SYSTEM_MEMORY, GL_MEMORY):
        with Capture(f"glwindowsrc xid={win.xid} show-pointer=true "
                     f"! {downstream}") as cap:
            cap.wait_frames(2)
        pictures.append(cap.snapshot()[-1].pixels)
    assert pointer_difference(pictures[0], 200, 150) is not None
    diff = np.abs(pictures[0].astype(np.int16) - pictures[1].astype(np.int16))
    assert diff.max() <= 2, (
        f"GL and system memory differ by up to {diff.max()} at "
        f"{np.argwhere(diff.max(axis=2) > 2)[:5].tolist()}")


def test_show_pointer_with_crop(window):
    win = window(200, 150, "--static")
    xdotool("mousemove", 60, 40)
    pictures = {}
    for crop in ("", "crop-x=50 crop-y=30"):
        with Capture(f"glwindowsrc xid={win.xid} show-pointer=true {crop} "
                     f"! {SYSTEM_MEMORY}") as cap:
            cap.wait_frames(2)
        pictures[crop] = cap.snapshot()[-1].pixels
    full, cropped = pictures[""], pictures["crop-x=50 crop-y=30"]
    assert pointer_difference(full, 200, 150) is not None
    # The pointer stays where it is on the window: the same pixels.
    assert (cropped == full[30:, 50:]).all()


def test_pointer_hidden_by_default(window):
    win = window(200, 150, "--static")
    xdotool("mousemove", 60, 40)
    with Capture(f"glwindowsrc xid={win.xid} ! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(2)
    assert_picture(cap.snapshot()[-1].pixels, 200, 150, "show-pointer=false")


# ---------------------------------------------------------------- crop

CROP_W, CROP_H = 200, 160


@pytest.mark.parametrize("crop, size", [
    ((50, 40, 100, 80), (100, 80)),
    ((10, 10, 0, 0), (190, 150)),
    ((0, 0, 120, 0), (120, 160)),
    ((99, 79, 2, 2), (2, 2)),
], ids=["middle", "to-edges", "left-part", "quadrant-corner"])
@pytest.mark.parametrize("downstream", [SYSTEM_MEMORY, GL_MEMORY],
                         ids=["sysmem", "glmemory"])
def test_crop_exact_pixels(window, crop, size, downstream):
    x, y, w, h = crop
    win = window(CROP_W, CROP_H)
    with Capture(f"glwindowsrc xid={win.xid} crop-x={x} crop-y={y} "
                 f"crop-width={w} crop-height={h} ! {downstream}") as cap:
        cap.wait_frames(2)
    frames = cap.snapshot()
    cap.assert_buffers_fit_caps()
    assert frames[-1].size == size
    want = expected_picture(CROP_W, CROP_H)[y:y + size[1], x:x + size[0]]
    got = frames[-1].pixels
    bad = np.argwhere(np.abs(got[:, :, :3].astype(np.int16) -
                             want.astype(np.int16)).max(axis=2) > 2)
    assert bad.size == 0, (
        f"crop {crop}: {len(bad)} pixels differ, first at x={bad[0][1]}, "
        f"y={bad[0][0]}: {got[bad[0][0], bad[0][1]]}")
    assert (got[:, :, 3] == 255).all()


def test_crop_overhang_is_clamped_with_warning(window):
    win = window(CROP_W, CROP_H)
    with Capture(f"glwindowsrc xid={win.xid} crop-x=150 crop-y=100 "
                 f"crop-width=100 crop-height=100 ! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(2)
        warnings = cap.messages(Gst.MessageType.WARNING)
    frames = cap.snapshot()
    assert frames[-1].size == (50, 60)
    want = expected_picture(CROP_W, CROP_H)[100:, 150:]
    assert (frames[-1].pixels[:, :, :3] == want).all()
    assert len(warnings) == 1, [m.parse_warning()[0].message for m in warnings]
    err, _ = warnings[0].parse_warning()
    assert "does not fit" in err.message, err.message


@pytest.mark.parametrize("prop", ["crop-x=200", "crop-y=500"])
def test_crop_outside_is_an_error(window, prop):
    win = window(CROP_W, CROP_H)
    res = run(["gst-launch-1.0", "glwindowsrc", f"xid={win.xid}", prop, "!",
               "fakesink"], timeout=15)
    output = res.stdout + res.stderr
    assert res.returncode > 0, output
    assert "outside" in output, output
    assert output.count("ERROR: from element") == 1, output


def test_crop_outside_after_a_shrink_is_an_error(window):
    win = window(CROP_W, CROP_H)
    with Capture(f"glwindowsrc xid={win.xid} crop-x=150 crop-y=10 "
                 f"! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        xdotool("windowsize", "--sync", win.xid, 100, 100)
        msg = wait_message(cap.pipeline, Gst.MessageType.ERROR, timeout=3)
    sizes = {f.size for f in cap.snapshot()}
    assert (100, 100) not in sizes, "the uncropped window was sent"
    assert msg is not None, "no error once nothing of the crop was left"
    assert "outside" in msg.parse_error()[0].message


# ---------------------------------------------------------------- stress


def test_200_state_cycles(window):
    win = window(128, 96)
    pipeline = Gst.parse_launch(f"glwindowsrc xid={win.xid} ! "
                                f"{SYSTEM_MEMORY}")
    sink = pipeline.get_by_name("sink")
    started = time.monotonic()
    try:
        for i in range(200):
            ret = pipeline.set_state(Gst.State.PLAYING)
            assert ret != Gst.StateChangeReturn.FAILURE, (
                f"cycle {i}: {bus_error(pipeline)}")
            if i % 2 == 0:
                # Every other cycle a frame comes out before stopping; the
                # others stop while the source is still starting.
                sample = sink.try_pull_sample(5 * Gst.SECOND)
                assert sample is not None, f"cycle {i}: {bus_error(pipeline)}"
                s = sample.get_caps().get_structure(0)
                assert (s["width"], s["height"]) == (128, 96)
            assert pipeline.set_state(Gst.State.NULL) == \
                Gst.StateChangeReturn.SUCCESS, f"cycle {i}"
    finally:
        pipeline.set_state(Gst.State.NULL)
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"200 cycles took {elapsed:.1f} s"


# The leaks tracer's own report, at gst_deinit(): its "listed N alive
# objects" summary (category "leaks") and one object-alive record per
# survivor (category GST_TRACER).
LEAKS_LISTED_RE = re.compile(r"listed (\d+) alive objects")
ALIVE_RE = re.compile(r"object-alive, type-name=\(string\)([A-Za-z_]\w*)")


@pytest.mark.parametrize("downstream", [
    ["fakesink"],
    ["video/x-raw(memory:GLMemory)", "!", "gldownload", "!", "fakesink"],
], ids=["sysmem", "glmemory"])
def test_no_leaks(window, downstream):
    """A short capture under the leaks tracer, through a renegotiation,
    with the pointer and repeated frames: nothing may be left alive."""
    win = window(160, 120)
    env = dict(os.environ, GST_TRACERS="leaks",
               GST_DEBUG="GST_TRACER:7,leaks:7")
    # The resize comes once the first caps are set, so that it renegotiates.
    status, output = launch_then(
        ["glwindowsrc", f"xid={win.xid}", "num-buffers=45",
         "show-pointer=true", "!", *downstream],
        "output 160x120",
        lambda: xdotool("windowsize", win.xid, 200, 100), env=env)
    assert status == 0, output[-3000:]
    assert "picture is now 200x100: renegotiating" in output
    listed = LEAKS_LISTED_RE.findall(output)
    assert listed, "the leaks tracer did not report:\n" + output[-3000:]
    alive = ALIVE_RE.findall(output)
    assert listed == ["0"] and not alive, (
        f"objects alive at exit: {sorted(set(alive))}\n" + "\n".join(
            line for line in output.splitlines()
            if "object-alive, type-name" in line)[:3000])


class _XEvent(ctypes.Union):
    """Xlib's XEvent: 24 longs; the fields used here are at the start of
    XAnyEvent, XDestroyWindowEvent and XConfigureEvent."""
    _fields_ = [("pad", ctypes.c_long * 24)]


def send_synthetic(xid, kind, width=0, height=0):
    """What any client may do: XSendEvent a DestroyNotify (17) or a
    ConfigureNotify (22) of any size to a window's StructureNotify
    listeners."""
    xlib = ctypes.CDLL("libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int,
                                ctypes.c_long, ctypes.c_void_p]
    xlib.XFlush.argtypes = xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = xlib.XOpenDisplay(None)
    assert display
    ev = _XEvent()
    longs = ev.pad
    # type, serial, send_event, display, event (window), window
    longs[0], longs[2], longs[3], longs[4], longs[5] = kind, 1, display, \
        xid, xid
    if kind == 22:
        # then x, y, width, height, border_width as ints
        ints = (ctypes.c_int * 10).from_buffer(ev, 6 * ctypes.sizeof(
            ctypes.c_long))
        ints[0], ints[1], ints[2], ints[3], ints[4] = 0, 0, width, height, 0
    assert xlib.XSendEvent(display, xid, 0, 1 << 17, ctypes.byref(ev))
    xlib.XFlush(display)
    xlib.XCloseDisplay(display)


def test_synthetic_events_are_not_trusted(window):
    """A fake DestroyNotify does not end the stream, and fake
    ConfigureNotify sizes (100x80, 5000x4000) change nothing: sizes come
    from the server (issue 14, 6)."""
    win = window(200, 150)
    with Capture(f"glwindowsrc xid={win.xid} use-damage=false "
                 f"! {SYSTEM_MEMORY}") as cap:
        cap.wait_frames(3)
        send_synthetic(win.xid, 22, 100, 80)
        send_synthetic(win.xid, 22, 5000, 4000)
        send_synthetic(win.xid, 17)
        time.sleep(1.0)
        count = len(cap.snapshot())
        cap.wait_frames(count + 10)
    frames = cap.snapshot()
    assert not cap.eos, "a synthetic DestroyNotify ended the stream"
    # (The fixture window itself believes the fake sizes and redraws its
    # pattern for them: only the size of the frames is ours to check.)
    assert {f.size for f in frames} == {(200, 150)}
    assert cap.messages(Gst.MessageType.ERROR) == []


def many_windows(count):
    """@count windows on the root, as a busy desktop has (unmapped: the
    tree walk visits them all the same). The connection keeps them."""
    xlib = ctypes.CDLL("libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XCreateSimpleWindow.restype = ctypes.c_ulong
    xlib.XCreateSimpleWindow.argtypes = [
        ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
        ctypes.c_uint, ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong,
        ctypes.c_ulong]
    xlib.XStoreName.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                ctypes.c_char_p]
    xlib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    display = xlib.XOpenDisplay(None)
    root = xlib.XDefaultRootWindow(display)
    for i in range(count):
        w = xlib.XCreateSimpleWindow(display, root, 0, 0, 10, 10, 0, 0, 0)
        xlib.XStoreName(display, w, f"filler {i}".encode())
    xlib.XSync(display, 0)
    return xlib, display


def test_on_close_wait_does_not_starve_another_source(window, spawn_window):
    """One source waiting for a closed window to come back, among 2,000
    windows; another source in the same pipeline (the same GL thread) keeps
    at least 90 % of its frame rate (issue 14, 3)."""
    xlib, display = many_windows(2000)
    try:
        gone = window(64, 48, exit_after=1)
        other = spawn_window(96, 64)
        with Capture(f'glwindowsrc xname="{gone.title}" on-close=wait '
                     f"use-damage=false ! video/x-raw,framerate=30/1 "
                     f"! fakesink sync=false "
                     f"glwindowsrc name=src xid={other.xid} use-damage=false "
                     f"! video/x-raw,framerate=30/1 ! {SYSTEM_MEMORY}") as cap:
            gone.wait_closed()
            time.sleep(0.5)
            before = len(cap.snapshot())
            time.sleep(3.0)
            during = len(cap.snapshot()) - before
    finally:
        xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        xlib.XCloseDisplay(display)
    print(f"{during} frames in 3 s")
    assert during >= 0.9 * 90, f"{during} frames in 3 s at 30 fps"
