# SPDX-License-Identifier: LGPL-2.1-or-later
"""Shared fixtures for the glwindowsrc Python tests.

The tests run under tests/with-xvfb.sh (meson test does that), which provides
a private X server in $DISPLAY; $GLWINDOWSRC_TEST_WINDOW names the fixture
program that opens a GL window with a known, asymmetric picture:

    quadrants split at column W//2 and row H//2 (image coordinates, row 0 at
    the top): top-left red, top-right green, bottom-left blue, bottom-right
    white, and a magenta square over rows and columns [0, m), with
    m = max(2, min(W, H) // 8).
"""

import os
import selectors
import subprocess
import time

import numpy as np
import pytest

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
gi.require_version("GstVideo", "1.0")
from gi.repository import Gst, GstApp, GstVideo  # noqa: E402,F401

Gst.init(None)

WINDOW_START_TIMEOUT = 20.0
PULL_TIMEOUT_NS = 10 * Gst.SECOND

RED = (255, 0, 0)
GREEN = (0, 255, 0)
BLUE = (0, 0, 255)
WHITE = (255, 255, 255)
MAGENTA = (255, 0, 255)


def marker_size(width, height):
    return max(2, min(width, height) // 8)


def expected_picture(width, height):
    """The fixture's picture as an (H, W, 3) uint8 array."""
    img = np.empty((height, width, 3), np.uint8)
    hw, hh = width // 2, height // 2
    img[:hh, :hw] = RED
    img[:hh, hw:] = GREEN
    img[hh:, :hw] = BLUE
    img[hh:, hw:] = WHITE
    m = marker_size(width, height)
    img[:m, :m] = MAGENTA
    return img


def assert_picture(frame, width, height, what=""):
    """Asserts @frame (H, W, 4) shows the fixture picture, opaque."""
    assert frame.shape == (height, width, 4), what
    assert frame.dtype == np.uint8, what
    want = expected_picture(width, height)
    m = marker_size(width, height)
    # Named places first, so that a failure says what is wrong.
    places = {
        "marker (0,0)": (0, 0),
        "marker's last pixel": (m - 1, m - 1),
        "right of the marker": (m, 0),
        "below the marker": (0, m),
        "top-left quadrant centre": (width // 4, height // 4),
        "top-right quadrant centre": (width // 2 + width // 4, height // 4),
        "bottom-left quadrant centre": (width // 4, height // 2 + height // 4),
        "bottom-right quadrant centre": (width // 2 + width // 4,
                                         height // 2 + height // 4),
        "bottom-right corner": (width - 1, height - 1),
    }
    for name, (x, y) in places.items():
        got = tuple(int(v) for v in frame[y, x, :3])
        assert got == tuple(int(v) for v in want[y, x]), (
            f"{what} {width}x{height}: {name} at ({x},{y}) is {got}, "
            f"expected {tuple(want[y, x])}")
    diff = np.abs(frame[:, :, :3].astype(np.int16) - want.astype(np.int16))
    bad = np.argwhere(diff.max(axis=2) > 2)
    assert bad.size == 0, (
        f"{what} {width}x{height}: {len(bad)} pixels differ, first at "
        f"(x={bad[0][1]}, y={bad[0][0]})")
    assert (frame[:, :, 3] == 255).all(), f"{what}: alpha is not all 255"


class TestWindow:
    """One running fixture window."""

    def __init__(self, exe, width, height, title, child=False, extra=(),
                 exit_after=60):
        """@extra: more fixture options (--static, --resize-to...); the
        window closes by itself after @exit_after seconds."""
        self.width, self.height, self.title = width, height, title
        extra = list(extra) + (["--child"] if child else [])
        self.proc = subprocess.Popen(
            [exe, "--title", title, "--size", f"{width}x{height}",
             "--exit-after", str(exit_after), *extra],
            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        # --child prints the top-level's id, then the GL child's.
        lines = self._read_lines(2 if "--child" in extra else 1)
        self.toplevel = lines[0]
        self.xid = lines[-1]

    def wait_closed(self, timeout=10):
        self.proc.wait(timeout)

    def _read_lines(self, count):
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + WINDOW_START_TIMEOUT
        buf = b""
        fd = self.proc.stdout.fileno()
        while buf.count(b"\n") < count:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                self.close()
                pytest.fail(f"fixture window did not print its id: {buf!r}")
            chunk = os.read(fd, 256)
            if not chunk:
                self.close()
                pytest.fail(f"fixture window exited early: {buf!r}")
            buf += chunk
        sel.close()
        ids = []
        for line in buf.decode().splitlines()[:count]:
            assert line.startswith("0x"), f"fixture printed {line!r}"
            ids.append(int(line, 16))
        return ids

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()


@pytest.fixture(scope="session")
def fixture_exe():
    exe = os.environ.get("GLWINDOWSRC_TEST_WINDOW")
    assert exe and os.access(exe, os.X_OK), (
        "GLWINDOWSRC_TEST_WINDOW must name the built fixture program; "
        "run these tests with 'meson test'")
    assert os.environ.get("DISPLAY"), "run under tests/with-xvfb.sh"
    return exe


@pytest.fixture
def spawn_window(fixture_exe, request):
    """Factory: spawn_window(width, height, child=False) -> TestWindow."""
    windows = []

    def spawn(width, height, child=False):
        title = f"glwindowsrc pytest {request.node.name} {os.getpid()}"
        win = TestWindow(fixture_exe, width, height, title, child)
        windows.append(win)
        return win

    yield spawn
    for win in windows:
        win.close()


@pytest.fixture
def window(fixture_exe, request):
    """Factory: window(width, height, *extra, title=None, exit_after=60)
    with any fixture options; the title defaults to one unique to the test,
    the same on every call."""
    windows = []
    default_title = f"glwindowsrc lifecycle {request.node.name} {os.getpid()}"

    def spawn(width, height, *extra, title=None, exit_after=60):
        win = TestWindow(fixture_exe, width, height, title or default_title,
                         extra=extra, exit_after=exit_after)
        windows.append(win)
        return win

    yield spawn
    for win in windows:
        win.close()


def sample_to_array(sample):
    """An RGBA appsink sample -> (H, W, 4) uint8 array (a copy)."""
    caps = sample.get_caps()
    info = GstVideo.VideoInfo.new_from_caps(caps)
    assert info.finfo.format == GstVideo.VideoFormat.RGBA, caps.to_string()
    buf = sample.get_buffer()
    meta = GstVideo.buffer_get_video_meta(buf)
    stride = meta.stride[0] if meta else info.stride[0]
    offset = meta.offset[0] if meta else info.offset[0]
    ok, mapinfo = buf.map(Gst.MapFlags.READ)
    assert ok
    try:
        flat = np.frombuffer(mapinfo.data, np.uint8)
        rows = flat[offset:offset + stride * info.height].reshape(
            info.height, stride)
        return rows[:, :info.width * 4].reshape(
            info.height, info.width, 4).copy()
    finally:
        buf.unmap(mapinfo)


def pull_frames(description, count):
    """Runs a pipeline ending in `appsink name=sink` and returns its first
    @count frames as arrays, plus the caps of the first one."""
    pipeline = Gst.parse_launch(description)
    sink = pipeline.get_by_name("sink")
    frames, caps = [], None
    try:
        ret = pipeline.set_state(Gst.State.PLAYING)
        assert ret != Gst.StateChangeReturn.FAILURE, bus_error(pipeline)
        for _ in range(count):
            sample = sink.try_pull_sample(PULL_TIMEOUT_NS)
            assert sample is not None, (
                f"no frame from '{description}': {bus_error(pipeline)}")
            if caps is None:
                caps = sample.get_caps()
            frames.append(sample_to_array(sample))
    finally:
        assert pipeline.set_state(Gst.State.NULL) == \
            Gst.StateChangeReturn.SUCCESS
    return frames, caps


def bus_error(pipeline):
    msg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
    if msg is None:
        return "no error on the bus"
    err, dbg = msg.parse_error()
    return f"{msg.src.get_name()}: {err.message} ({dbg})"
