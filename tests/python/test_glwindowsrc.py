# SPDX-License-Identifier: LGPL-2.1-or-later
"""glwindowsrc as a Python user and a gst-launch user meet it."""

import os
import re
import subprocess

import numpy as np
import pytest

import conftest
from mediacheck import decode_frame
from conftest import Gst, assert_picture, pull_frames, sample_to_array

SIZES = [(320, 240), (333, 257), (64, 48), (17, 11)]

SYSTEM_MEMORY = "appsink name=sink"
GL_MEMORY = ("video/x-raw(memory:GLMemory),format=RGBA ! gldownload"
             " ! video/x-raw,format=RGBA ! appsink name=sink")


def run(args, timeout=30):
    return subprocess.run(args, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


# Both ways of reading a window must give the same upright picture: the
# GL binding of its pixmap and the CPU read (auto picks one per driver).
@pytest.mark.parametrize("method", ["auto", "texture-from-pixmap", "xshm"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("downstream", [SYSTEM_MEMORY, GL_MEMORY],
                         ids=["sysmem", "glmemory"])
def test_numpy_frame_is_upright(spawn_window, size, downstream, method):
    width, height = size
    win = spawn_window(width, height)
    frames, caps = pull_frames(
        f"glwindowsrc xid={win.xid} capture-method={method} num-buffers=1 "
        f"! {downstream}", 1)
    s = caps.get_structure(0)
    assert (s.get_value("width"), s.get_value("height")) == (width, height)
    assert_picture(frames[0], width, height, downstream.split()[0])


@pytest.mark.parametrize("downstream", [SYSTEM_MEMORY, GL_MEMORY],
                         ids=["sysmem", "glmemory"])
def test_caps_state_square_pixels_and_srgb(spawn_window, downstream):
    """As ximagesrc and d3d11screencapturesrc: square pixels, sRGB."""
    win = spawn_window(64, 48)
    _, caps = pull_frames(
        f"glwindowsrc xid={win.xid} num-buffers=1 ! {downstream}", 1)
    s = caps.get_structure(0)
    assert s.get_value("pixel-aspect-ratio") == Gst.Fraction(1, 1), caps
    assert s.get_value("colorimetry") == "sRGB", caps.to_string()


# A read of more than 1 MiB is several X requests (bands), converted as
# they arrive: every row of a large window must still be right, at the
# band edges too, in both memory types.
@pytest.mark.parametrize("downstream", [SYSTEM_MEMORY, GL_MEMORY],
                         ids=["sysmem", "glmemory"])
def test_large_window_read_in_bands(spawn_window, downstream):
    width, height = 1701, 999
    win = spawn_window(width, height)
    frames, _ = pull_frames(
        f"glwindowsrc xid={win.xid} capture-method=xshm num-buffers=3 "
        f"use-damage=false ! {downstream}", 3)
    for n, frame in enumerate(frames):
        assert_picture(frame, width, height, f"frame {n}")


# The X server only reads a window where it is on the screen; the element
# reads its backing pixmap, so a window dragged half off the screen is
# still captured whole.
@pytest.mark.parametrize("method", ["texture-from-pixmap", "xshm"])
@pytest.mark.parametrize("where", [(-120, -70), (1800, 1000)],
                         ids=["top-left", "bottom-right"])
def test_window_partly_off_screen(spawn_window, method, where):
    width, height = 333, 257
    win = spawn_window(width, height)
    res = run(["xdotool", "windowmove", "--sync", str(win.xid),
               str(where[0]), str(where[1])])
    assert res.returncode == 0, res.stderr
    frames, caps = pull_frames(
        f"glwindowsrc xid={win.xid} capture-method={method} num-buffers=3 "
        f"! {SYSTEM_MEMORY}", 3)
    assert_picture(frames[-1], width, height, f"moved to {where}")


@pytest.mark.parametrize("method", ["texture-from-pixmap", "xshm"])
def test_window_covered_by_another(spawn_window, method):
    """Another window on top, offset so that what the screen shows there
    differs: the capture is still the covered window's own picture."""
    width, height = 333, 257
    win = spawn_window(width, height)
    cover = spawn_window(200, 150)
    res = run(["xdotool", "windowmove", "--sync", str(cover.xid), "90", "70"])
    assert res.returncode == 0, res.stderr
    run(["xdotool", "windowraise", str(cover.xid)])
    screen, _ = pull_frames(f"glwindowsrc num-buffers=1 ! {SYSTEM_MEMORY}", 1)
    seen = np.ascontiguousarray(screen[0][:height, :width])
    with pytest.raises(AssertionError):
        assert_picture(seen, width, height, "the screen shows the cover")
    frames, _ = pull_frames(
        f"glwindowsrc xid={win.xid} capture-method={method} num-buffers=3 "
        f"! {SYSTEM_MEMORY}", 3)
    assert_picture(frames[-1], width, height, "covered window")


def test_numpy_several_frames(spawn_window):
    win = spawn_window(160, 120)
    frames, _ = pull_frames(f"glwindowsrc xid={win.xid} ! {SYSTEM_MEMORY}", 5)
    assert len(frames) == 5
    for frame in frames:
        assert_picture(frame, 160, 120)


def test_numpy_xname(spawn_window):
    win = spawn_window(150, 100)
    pipeline = Gst.parse_launch(f"glwindowsrc name=src num-buffers=1 ! "
                                f"{SYSTEM_MEMORY}")
    # Through the property, as an application would: the title has spaces.
    pipeline.get_by_name("src").set_property("xname", win.title)
    sink = pipeline.get_by_name("sink")
    pipeline.set_state(Gst.State.PLAYING)
    try:
        sample = sink.try_pull_sample(10 * Gst.SECOND)
        assert sample is not None
        assert_picture(sample_to_array(sample), 150, 100, "xname")
    finally:
        pipeline.set_state(Gst.State.NULL)


def test_numpy_whole_screen(spawn_window):
    spawn_window(200, 160)
    frames, _ = pull_frames(f"glwindowsrc num-buffers=1 ! {SYSTEM_MEMORY}", 1)
    screen = frames[0]
    assert screen.shape == (1080, 1920, 4)
    assert_picture(np.ascontiguousarray(screen[:160, :200]), 200, 160,
                   "screen")
    assert (screen[:, :, 3] == 255).all()


def private_xvfb(*args):
    """A second private Xvfb with @args (an extension switched off, as a
    remote or containerised X server has it): yields its name (":N")."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp",
         "-screen", "0", "640x480x24", *args],
        pass_fds=(write_end,), stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        number = numbers.readline().strip()
    assert number, f"the Xvfb with {args} did not start"
    yield f":{number}"
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def server_without_shm():
    yield from private_xvfb("-extension", "MIT-SHM")


@pytest.mark.parametrize("memory", [
    ["video/x-raw", "!"],
    ["video/x-raw(memory:GLMemory)", "!", "gldownload", "!"],
], ids=["sysmem", "glmemory"])
def test_server_without_mit_shm_is_read_with_xgetimage(
        fixture_exe, server_without_shm, monkeypatch, tmp_path, memory):
    """No MIT-SHM: the plain X protocol read gives the same picture, and
    the log says which read it was."""
    png = tmp_path / "noshm.png"
    with monkeypatch.context() as m:
        m.setenv("DISPLAY", server_without_shm)
        win = conftest.TestWindow(fixture_exe, 333, 257, "glwindowsrc no shm")
    src = ["gst-launch-1.0", "-q", "glwindowsrc",
           f"display-name={server_without_shm}", f"xid={win.xid}",
           "num-buffers=1", "!"]
    try:
        res = subprocess.run(
            src + memory + ["videoconvert", "!", "pngenc", "!", "filesink",
                            f"location={png}"],
            capture_output=True, text=True, timeout=60,
            stdin=subprocess.DEVNULL,
            env=dict(os.environ, GST_DEBUG="glwindowsrc*:4",
                     GST_DEBUG_NO_COLOR="1"))
    finally:
        win.close()
    assert res.returncode == 0, res.stderr[-2000:]
    assert "capture path: XGetImage" in res.stderr, res.stderr[-2000:]
    assert_picture(decode_frame(png, 333, 257), 333, 257, "XGetImage")


@pytest.mark.parametrize("size", [(320, 240), (333, 257)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_gst_launch_png(spawn_window, tmp_path, size):
    width, height = size
    win = spawn_window(width, height)
    shot = tmp_path / "shot.png"
    res = run(["gst-launch-1.0", "-q", "glwindowsrc", f"xid={win.xid}",
               "num-buffers=1", "!", "videoconvert", "!", "pngenc", "!",
               "filesink", f"location={shot}"])
    assert res.returncode == 0, res.stdout + res.stderr
    # FFmpeg decodes it: the file must be a PNG of exactly this size.
    assert_picture(decode_frame(shot, width, height), width, height, "PNG")


@pytest.mark.parametrize("prop, value, needle", [
    ("xname", "no such window here", '"no such window here"'),
    ("xid", "0x1fedcba", "0x1fedcba"),
    ("display-name", ":987", ":987"),
], ids=["xname", "xid", "display"])
def test_gst_launch_bad_input_fails_once(prop, value, needle):
    """A target that cannot be opened fails the state change (gst-launch
    exits non-zero: 255, "doesn't want to pause") with one ERROR, ours."""
    res = run(["gst-launch-1.0", "glwindowsrc", f"{prop}={value}", "!",
               "fakesink"], timeout=10)
    output = res.stdout + res.stderr
    assert res.returncode > 0, (
        f"exit status {res.returncode} (negative = killed by a signal):\n"
        f"{output}")
    assert needle.lower() in output.lower(), output
    assert output.count("ERROR: from element") == 1, output
    assert "Failed to start" not in output, output
    assert "not-negotiated" not in output, output


def test_gst_launch_glimagesink(spawn_window):
    win = spawn_window(128, 96)
    res = run(["gst-launch-1.0", "glwindowsrc", f"xid={win.xid}",
               "num-buffers=3", "!", "glimagesink"])
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Got EOS" in res.stdout, res.stdout


def test_gst_inspect():
    res = run(["gst-inspect-1.0", "glwindowsrc"])
    assert res.returncode == 0, res.stdout + res.stderr
    out = res.stdout
    assert re.search(r"Klass\s+Source/Video", out), out
    # Every property the element reference documents.
    for prop in ("display-name", "xid", "xname", "target", "texture-id",
                 "texture-origin", "width", "height", "is-live",
                 "resize-mode", "on-close", "use-damage", "skip-unchanged",
                 "show-pointer", "crop-x", "crop-y", "crop-width",
                 "crop-height", "capture-method", "readback", "num-buffers"):
        assert re.search(rf"^\s+{prop}\s*:", out, re.M), f"no {prop}:\n{out}"
    assert "memory:GLMemory" in out, out
    assert "RGBA" in out, out


@pytest.mark.parametrize("size, needle", [
    ((100000, 100000), "Frames of 100000x100000 are too large"),
    ((20000, 100), "this GL draws at most"),
], ids=["beyond-memory", "beyond-gl"])
def test_draw_size_beyond_the_limits_is_named(size, needle):
    """target=draw at caps no frame or GL can hold: an ERROR that names
    the limit, never only not-negotiated (issue 14, 8)."""
    width, height = size
    pipeline = Gst.parse_launch(
        f"glwindowsrc name=src target=draw ! video/x-raw,width={width},"
        f"height={height} ! fakesink")
    pipeline.get_by_name("src").connect("draw", lambda *args: True)
    try:
        pipeline.set_state(Gst.State.PLAYING)
        msg = pipeline.get_bus().timed_pop_filtered(10 * Gst.SECOND,
                                                    Gst.MessageType.ERROR)
        assert msg is not None, "no ERROR"
        err, debug = msg.parse_error()
        assert needle in err.message, (err.message, debug)
        if "GL" in needle:
            assert "GL_MAX_TEXTURE_SIZE" in debug
    finally:
        pipeline.set_state(Gst.State.NULL)


@pytest.fixture
def server_without_composite():
    yield from private_xvfb("-extension", "Composite")


def test_server_without_composite_warns_and_captures(
        fixture_exe, server_without_composite, monkeypatch, tmp_path):
    """No Composite (issue 14, 8): the window is still captured, upright,
    and a WARNING says that covered parts cannot be (once)."""
    png = tmp_path / "nocomposite.png"
    with monkeypatch.context() as m:
        m.setenv("DISPLAY", server_without_composite)
        win = conftest.TestWindow(fixture_exe, 201, 151,
                                  "glwindowsrc no composite")
    try:
        res = run(["gst-launch-1.0", "glwindowsrc",
                   f"display-name={server_without_composite}",
                   f"xid={win.xid}", "num-buffers=1", "!", "videoconvert",
                   "!", "pngenc", "!", "filesink", f"location={png}"])
    finally:
        win.close()
    output = res.stdout + res.stderr
    assert res.returncode == 0, output
    assert output.count("has no Composite extension") == 1, output
    assert_picture(decode_frame(png, 201, 151), 201, 151, "no Composite")


def test_window_moved_partly_off_a_screen_without_composite(
        fixture_exe, server_without_composite, monkeypatch):
    """Without Composite the part of a window off the screen cannot be
    read. A 640x480 window (read in two bands) on a 640x480 screen, moved
    60 pixels down: its readable top is the picture and the band that
    cannot be read is black, frame after frame, in memory that held whole
    pictures before (swizzled into RGBA where they lay): never another
    picture's rows, never red and blue swapped."""
    width, height = 640, 480
    display = server_without_composite
    with monkeypatch.context() as m:
        m.setenv("DISPLAY", display)
        win = conftest.TestWindow(fixture_exe, width, height,
                                  "glwindowsrc moved off screen")
    want = conftest.expected_picture(width, height)
    pipeline = Gst.parse_launch(
        f"glwindowsrc display-name={display} xid={win.xid} "
        f"capture-method=xshm is-live=false use-damage=false ! "
        f"video/x-raw,format=RGBA ! appsink name=sink sync=false "
        f"max-buffers=1")
    sink = pipeline.get_by_name("sink")

    def pull():
        sample = sink.try_pull_sample(conftest.PULL_TIMEOUT_NS)
        assert sample is not None, "no frame"
        return sample_to_array(sample)

    try:
        assert pipeline.set_state(Gst.State.PLAYING) != \
            Gst.StateChangeReturn.FAILURE
        for _ in range(10):
            assert_picture(pull(), width, height, "on the screen")
        subprocess.run(["xdotool", "windowmove", str(win.xid), "0", "60"],
                       env=dict(os.environ, DISPLAY=display), check=True,
                       timeout=10)
        frames = [pull() for _ in range(30)]
    finally:
        pipeline.set_state(Gst.State.NULL)
        win.close()
    # The move takes effect some frames in: the last ten are after it.
    for i, frame in enumerate(frames[-10:]):
        rgb = frame[:, :, :3]
        black = (rgb == 0).all(axis=2)
        right = (rgb == want).all(axis=2)
        wrong_rows = np.unique(np.nonzero(~(right | black))[0])
        assert not wrong_rows.size, (
            f"frame {i}: pixels neither the picture nor black in rows "
            f"{wrong_rows[0]}-{wrong_rows[-1]}")
        assert right[:400].all(), f"frame {i}: the visible top is wrong"
        assert black[420:].all(), f"frame {i}: the part off the screen"
        assert (frame[:, :, 3] == 255).all()
