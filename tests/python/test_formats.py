# SPDX-License-Identifier: LGPL-2.1-or-later
"""The formats beyond RGBA: BGRx and BGRA (the X image as it is) and I420
and NV12 (BT.709 limited range, made in the same pass), each captured from
the fixture window and compared with the RGBA capture of the same picture:
the RGB ones byte for byte, the YUV ones with FFmpeg's conversion of it.
I420 and NV12 in GL memory (converted on the GPU) are downloaded with
gldownload and held to the same checks, and to the system-memory YUV of
the same window."""

import json
import os
import subprocess
import sys
import time

import gi
import numpy as np
import pytest

gi.require_version("GstBase", "1.0")
from gi.repository import GstBase  # noqa: E402

from conftest import (Gst, GstVideo, PULL_TIMEOUT_NS, assert_picture,
                      bus_error, expected_picture, marker_size,
                      sample_to_array)

# Odd widths and heights (a chroma sample of their own for the last column
# and row), a width of every remainder the SIMD steps leave, and one large
# enough to be read in bands (over 1 MiB) and converted on two threads.
SIZES = [(321, 241), (99, 67), (64, 33), (17, 11), (1283, 723)]
METHODS = ["xshm", "texture-from-pixmap"]


def pull_sample_and_caps(description):
    """The first sample at `appsink name=sink`, and the caps that the
    element named `src` negotiated (before any gldownload)."""
    pipeline = Gst.parse_launch(description)
    sink = pipeline.get_by_name("sink")
    try:
        ret = pipeline.set_state(Gst.State.PLAYING)
        assert ret != Gst.StateChangeReturn.FAILURE, bus_error(pipeline)
        sample = sink.try_pull_sample(PULL_TIMEOUT_NS)
        assert sample is not None, (
            f"no frame from '{description}': {bus_error(pipeline)}")
        src = pipeline.get_by_name("src")
        return sample, (src.get_static_pad("src").get_current_caps()
                        if src else None)
    finally:
        assert pipeline.set_state(Gst.State.NULL) == \
            Gst.StateChangeReturn.SUCCESS


def pull_sample(description):
    return pull_sample_and_caps(description)[0]


def planes(sample):
    """The sample's planes as 2-D uint8 arrays of their pixels' bytes,
    laid out by the buffer's video meta (or the default layout)."""
    info = GstVideo.VideoInfo.new_from_caps(sample.get_caps())
    buf = sample.get_buffer()
    meta = GstVideo.buffer_get_video_meta(buf)
    ok, mapinfo = buf.map(Gst.MapFlags.READ)
    assert ok
    try:
        flat = np.frombuffer(mapinfo.data, np.uint8)
        out = []
        for p in range(info.finfo.n_planes):
            stride = meta.stride[p] if meta else info.stride[p]
            offset = meta.offset[p] if meta else info.offset[p]
            rows = info.height if p == 0 else (info.height + 1) // 2
            nbytes = {
                "I420": [info.width, (info.width + 1) // 2,
                         (info.width + 1) // 2],
                "NV12": [info.width, 2 * ((info.width + 1) // 2)],
            }.get(info.finfo.name, [4 * info.width])[p]
            out.append(flat[offset:offset + stride * rows].reshape(
                rows, stride)[:, :nbytes].copy())
        return info, out
    finally:
        buf.unmap(mapinfo)


def ffmpeg_yuv420p(rgba):
    """FFmpeg's BT.709 limited-range conversion of an (H, W, 4) picture of
    even size, with the area filter, whose chroma is the mean of each 2x2
    block (its default bicubic filter reaches past the block). At odd sizes
    FFmpeg scales chroma to the rounded-up size instead of giving the last
    column and row samples of their own, so only the even part of a picture
    is compared with it."""
    height, width = rgba.shape[:2]
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgba",
         "-s", f"{width}x{height}", "-i", "-", "-vf",
         "scale=out_color_matrix=bt709:out_range=tv:flags=area",
         "-pix_fmt", "yuv420p", "-f", "rawvideo", "-"],
        input=np.ascontiguousarray(rgba).tobytes(), capture_output=True,
        check=True, timeout=60).stdout
    cw, ch = width // 2, height // 2
    a = np.frombuffer(out, np.uint8)
    assert a.size == width * height + 2 * cw * ch
    y = a[:width * height].reshape(height, width)
    u = a[width * height:width * height + cw * ch].reshape(ch, cw)
    v = a[width * height + cw * ch:].reshape(ch, cw)
    return y, u, v


def edge_chroma(rgba):
    """U and V of the last column's and last row's blocks of an odd size,
    from the pixels there are (what the element promises), by the BT.709
    formula in floating point."""
    f = rgba[:, :, :3].astype(np.float64)
    height, width = f.shape[:2]
    ph, pw = (height + 1) // 2 * 2, (width + 1) // 2 * 2
    padded = np.pad(f, ((0, ph - height), (0, pw - width), (0, 0)),
                    mode="edge")
    c = padded.reshape(ph // 2, 2, pw // 2, 2, 3).mean(axis=(1, 3))
    luma = 0.2126 * c[..., 0] + 0.7152 * c[..., 1] + 0.0722 * c[..., 2]
    u = 128 + 224 / 255 * (c[..., 2] - luma) / 1.8556
    v = 128 + 224 / 255 * (c[..., 0] - luma) / 1.5748
    return u, v


def assert_close(got, want, what, limit=2):
    diff = np.abs(got.astype(np.int16) - np.asarray(want).astype(np.int16))
    if diff.size and diff.max() > limit:
        y, x = np.unravel_index(np.argmax(diff), diff.shape)
        pytest.fail(f"{what}: differs by {diff.max()} at (x={x}, y={y}): "
                    f"{got[y, x]} against {np.asarray(want)[y, x]}")


def capture(win, method, fmt):
    return pull_sample(
        f"glwindowsrc xid={win.xid} capture-method={method} num-buffers=1 "
        f"! video/x-raw,format={fmt} ! appsink name=sink")


@pytest.fixture
def picture(spawn_window):
    """factory(size, method) -> (window, its RGBA capture, checked upright)"""
    def make(size, method):
        width, height = size
        win = spawn_window(width, height)
        rgba = sample_to_array(capture(win, method, "RGBA"))
        assert_picture(rgba, width, height, f"RGBA {method}")
        return win, rgba
    return make


def yuv_planes(fmt, p):
    """(Y, U, V) of I420's or NV12's planes."""
    if fmt == "I420":
        return p
    y, uv = p
    return y, uv[:, 0::2], uv[:, 1::2]


def assert_yuv_of_picture(p, fmt, rgba, what):
    """Asserts the planes @p are the BT.709 limited-range conversion of
    the RGBA capture @rgba, upright."""
    height, width = rgba.shape[:2]
    y, u, v = yuv_planes(fmt, p)
    assert u.shape == v.shape == ((height + 1) // 2, (width + 1) // 2)

    ew, eh = width // 2 * 2, height // 2 * 2
    if ew and eh:
        fy, fu, fv = ffmpeg_yuv420p(rgba[:eh, :ew])
        assert_close(y[:eh, :ew], fy, f"{what} Y")
        assert_close(u[:eh // 2, :ew // 2], fu, f"{what} U")
        assert_close(v[:eh // 2, :ew // 2], fv, f"{what} V")
    # The last column and row (odd sizes): Y against FFmpeg's conversion
    # of the whole picture (luma is per pixel), chroma from the pixels
    # there are.
    fy_all = ffmpeg_yuv420p(np.pad(rgba, ((0, height % 2), (0, width % 2),
                                          (0, 0)), mode="edge"))[0]
    assert_close(y, fy_all[:height, :width], f"{what} Y edges")
    ru, rv = edge_chroma(rgba)
    if width % 2:
        assert_close(u[:, -1:], ru[:, -1:], f"{what} last U column")
        assert_close(v[:, -1:], rv[:, -1:], f"{what} last V column")
    if height % 2:
        assert_close(u[-1:], ru[-1:], f"{what} last U row")
        assert_close(v[-1:], rv[-1:], f"{what} last V row")

    # Upright: the picture's named places have their colours' BT.709
    # values (red marker top left, blue bottom left, white bottom right).
    # Y alone is checked here; flipped or swapped chroma differs from
    # FFmpeg's above.
    want = expected_picture(width, height).astype(np.float64)
    want_y = 16 + 219 / 255 * (want @ np.array([0.2126, 0.7152, 0.0722]))
    m = marker_size(width, height)
    for x, yy in [(0, 0), (m - 1, m - 1), (width // 4, height * 3 // 4),
                  (width - 1, height - 1), (width * 3 // 4, height // 4)]:
        assert abs(int(y[yy, x]) - want_y[yy, x]) <= 1, (
            f"{what}: Y at ({x},{yy}) is {y[yy, x]}, "
            f"expected {want_y[yy, x]:.1f}: not upright")


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("fmt", ["I420", "NV12"])
def test_yuv_against_ffmpeg(picture, size, method, fmt):
    win, rgba = picture(size, method)
    sample = capture(win, method, fmt)
    s = sample.get_caps().get_structure(0)
    assert s.get_value("colorimetry") == "bt709", sample.get_caps()
    assert (s.get_value("width"), s.get_value("height")) == size
    _, p = planes(sample)
    assert_yuv_of_picture(p, fmt, rgba, f"{fmt} {method}")


def gl_yuv_description(xid, method, fmt):
    """GL-memory @fmt from glwindowsrc, downloaded by gldownload into
    system memory of the same format: the GPU's planes as they are."""
    return (f"glwindowsrc name=src xid={xid} capture-method={method} "
            f"num-buffers=1 ! video/x-raw(memory:GLMemory),format={fmt} "
            f"! gldownload ! video/x-raw,format={fmt} ! appsink name=sink")


def assert_gl_yuv_caps(caps, fmt, size):
    s = caps.get_structure(0)
    assert caps.get_features(0).contains("memory:GLMemory"), caps
    assert s.get_value("format") == fmt, caps
    assert (s.get_value("width"), s.get_value("height")) == size, caps
    assert s.get_value("colorimetry") == "bt709", caps
    assert s.get_value("texture-target") == "2D", caps


def assert_gl_matches_system(gl_planes, win, method, fmt, what):
    """The GPU's planes against the CPU's (yuv.c) of the same window: the
    same matrix, siting and rounding, so at most 1 apart (float against
    integer rounding)."""
    _, sys_planes = planes(capture(win, method, fmt))
    assert len(gl_planes) == len(sys_planes)
    for i, (got, want) in enumerate(zip(gl_planes, sys_planes)):
        assert got.shape == want.shape, f"{what} plane {i}"
        assert_close(got, want, f"{what} plane {i} against system memory",
                     limit=1)


# Odd and even sizes: odd ones have an edge chroma sample of their own.
GL_SIZES = [(333, 187), (64, 33), (17, 11), (640, 360)]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("size", GL_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("fmt", ["NV12", "I420"])
def test_gl_yuv(picture, size, method, fmt):
    """GLMemory NV12 and I420, converted on the GPU: the caps, the planes
    against system memory's and against FFmpeg's conversion, upright."""
    win, rgba = picture(size, method)
    sample, caps = pull_sample_and_caps(
        gl_yuv_description(win.xid, method, fmt))
    assert_gl_yuv_caps(caps, fmt, size)
    _, p = planes(sample)
    what = f"GL {fmt} {method}"
    assert_gl_matches_system(p, win, method, fmt, what)
    assert_yuv_of_picture(p, fmt, rgba, what)


@pytest.mark.parametrize("fmt", ["NV12", "I420"])
def test_gl_yuv_gles_egl_device(picture, tmp_path, fmt):
    """The same on GLES: glwindowsrc's GL on the headless EGL device
    platform with GST_GL_API=gles2 (the X image read with XShm), in a
    process of its own so that this one's GL stays desktop GLX."""
    size = (333, 187)
    win, rgba = picture(size, "xshm")
    env = dict(os.environ, GST_GL_PLATFORM="egl", GST_GL_WINDOW="egl-device",
               GST_GL_API="gles2")
    helper = os.path.join(os.path.dirname(__file__), "gl_yuv_capture.py")
    out = subprocess.run(
        [sys.executable, helper, str(tmp_path), gl_yuv_description(
            win.xid, "xshm", fmt)], env=env, capture_output=True, text=True,
        timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["gl_api"] == ["gles2"], result
    caps = Gst.Caps.from_string(result["caps"])
    assert_gl_yuv_caps(caps, fmt, size)
    with np.load(tmp_path / "planes.npz") as npz:
        p = [npz[f"arr_{i}"] for i in range(len(npz.files))]
    what = f"GLES {fmt}"
    assert_gl_matches_system(p, win, "xshm", fmt, what)
    assert_yuv_of_picture(p, fmt, rgba, what)


def test_gl_rgba_stays_the_gl_default(spawn_window):
    """A GL consumer that names no format still gets RGBA."""
    win = spawn_window(65, 33)
    _, caps = pull_sample_and_caps(
        f"glwindowsrc name=src xid={win.xid} num-buffers=1 "
        "! video/x-raw(memory:GLMemory) ! gldownload ! appsink name=sink")
    assert caps.get_features(0).contains("memory:GLMemory"), caps
    assert caps.get_structure(0).get_value("format") == "RGBA", caps


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("fmt", ["BGRx", "BGRA"])
def test_bgr_is_the_rgba_picture(picture, size, method, fmt):
    width, height = size
    win, rgba = picture(size, method)
    sample = capture(win, method, fmt)
    assert sample.get_caps().get_structure(0).get_value("colorimetry") == \
        "sRGB"
    _, (p,) = planes(sample)
    bgr = p.reshape(height, width, 4)
    assert (bgr[:, :, [2, 1, 0]] == rgba[:, :, :3]).all(), (
        f"{fmt} {method}: not the RGBA capture's picture")
    if fmt == "BGRA":
        assert (bgr[:, :, 3] == 255).all(), f"{fmt} {method}: not opaque"


def holding_pipeline(win, fmt, fps):
    """XShm reads of @win in @fmt into an appsink that keeps every sample
    until pulled: (pipeline, sink)."""
    pipeline = Gst.parse_launch(
        f"glwindowsrc xid={win.xid} capture-method=xshm ! "
        f"video/x-raw,format={fmt},framerate={fps}/1 ! "
        f"appsink name=sink max-buffers=0 sync=false")
    return pipeline, pipeline.get_by_name("sink")


def counter_value(bgr):
    """The fixture's --counter: 16 blocks of 32 pixels along the top row,
    white for 1, most significant first."""
    bits = bgr[16, 16:16 * 32:32, 1] > 128
    return int("".join("1" if b else "0" for b in bits), 2)


@pytest.mark.parametrize("fmt", ["BGRx", "RGBA"])
def test_held_buffers_keep_their_pictures(window, fmt):
    """BGRx leaves in the X image's own memory, with no copy, and RGBA in
    the same memory turned around where it lies: frames read later go into
    memory no buffer holds. Twenty buffers held at once (more than the
    element keeps in flight, so the last are copies) still show the frames
    they were when they arrived, while the window changes."""
    width, height = 640, 96
    win = window(width, height, "--counter", "200")
    pipeline, sink = holding_pipeline(win, fmt, 100)
    held, seen = [], []
    try:
        assert pipeline.set_state(Gst.State.PLAYING) != \
            Gst.StateChangeReturn.FAILURE, bus_error(pipeline)
        for _ in range(20):
            sample = sink.try_pull_sample(PULL_TIMEOUT_NS)
            assert sample is not None, bus_error(pipeline)
            _, (p,) = planes(sample)
            held.append(sample)
            seen.append(p)
        # Later frames keep being read while all twenty are held.
        for _ in range(10):
            assert sink.try_pull_sample(PULL_TIMEOUT_NS) is not None
        for i, sample in enumerate(held):
            _, (p,) = planes(sample)
            assert (p == seen[i]).all(), (
                f"buffer {i} changed while it was held: counter "
                f"{counter_value(seen[i].reshape(height, width, 4))} -> "
                f"{counter_value(p.reshape(height, width, 4))}")
    finally:
        assert pipeline.set_state(Gst.State.NULL) == \
            Gst.StateChangeReturn.SUCCESS
    counters = [counter_value(p.reshape(height, width, 4)) for p in seen]
    assert counters == sorted(counters), f"frames out of order: {counters}"
    # The rest is the fixture's picture, in the format's byte order.
    rgb = [2, 1, 0] if fmt == "BGRx" else [0, 1, 2]
    want = expected_picture(width, height)[32:]
    for i, p in enumerate(seen):
        got = p.reshape(height, width, 4)[32:, :, rgb]
        assert (got == want).all(), f"{fmt} buffer {i}: not the picture"
        if fmt == "RGBA":
            assert (p.reshape(height, width, 4)[:, :, 3] == 255).all()
    assert len(set(counters)) >= 5, (
        f"the window hardly changed, nothing was tested: {counters}")


def test_rgba_stays_the_default(spawn_window):
    """A consumer that states no preference still gets RGBA."""
    win = spawn_window(65, 33)
    sample = pull_sample(f"glwindowsrc xid={win.xid} num-buffers=1 "
                         "! appsink name=sink")
    s = sample.get_caps().get_structure(0)
    assert s.get_value("format") == "RGBA", sample.get_caps()
    assert s.get_value("colorimetry") == "sRGB"


def test_videoconvert_passes_i420_through(spawn_window):
    """Downstream's preference wins: asked for I420 behind videoconvert,
    the element makes it and videoconvert only passes it on."""
    win = spawn_window(65, 33)
    pipeline = Gst.parse_launch(
        f"glwindowsrc name=src xid={win.xid} num-buffers=2 ! videoconvert "
        "name=convert ! video/x-raw,format=I420 ! fakesink")
    try:
        assert pipeline.set_state(Gst.State.PLAYING) != \
            Gst.StateChangeReturn.FAILURE
        msg = pipeline.get_bus().timed_pop_filtered(
            10 * Gst.SECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR)
        assert msg and msg.type == Gst.MessageType.EOS, bus_error(pipeline)
        caps = pipeline.get_by_name("src").get_static_pad("src") \
            .get_current_caps()
        assert caps.get_structure(0).get_value("format") == "I420", caps
        assert GstBase.BaseTransform.is_passthrough(
            pipeline.get_by_name("convert"))
    finally:
        pipeline.set_state(Gst.State.NULL)


@pytest.mark.parametrize("output", [
    "video/x-raw,format=I420",
    "video/x-raw(memory:GLMemory),format=NV12 ! gldownload",
], ids=["I420", "GL-NV12"])
def test_yuv_resized_then_closed_keeps_sending(window, output):
    """on-close=wait after a resize: the last I420 frame (or GL NV12,
    downloaded first), kept at the old size, is drawn again at the new one
    (back to RGBA, scaled, converted again), not dropped. Timing decides
    whether the new size is reached before the close: most runs take that
    path."""
    from test_lifecycle import Capture
    win = window(200, 150, "--resize-to", "240x100", "--resize-after", "1",
                 exit_after=1.03)
    with Capture(f"glwindowsrc xid={win.xid} on-close=wait ! {output} "
                 "! videoconvert ! video/x-raw,format=RGBA "
                 "! appsink name=sink") as cap:
        cap.wait_frames(3)
        win.wait_closed()
        time.sleep(0.5)
        closed_at = len(cap.snapshot())
        time.sleep(1.0)
        gone = cap.snapshot()[closed_at:]
        errors = cap.messages(Gst.MessageType.ERROR)
    assert not errors, bus_error(cap.pipeline)
    assert len(gone) >= 20, f"{len(gone)} frames in 1 s without the window"
    # Either size: the close may come before the new size is caught up
    # with (as in test_lifecycle).
    assert len({f.size for f in gone}) == 1
    # The picture, not black: its centre is one of the quadrants' colours.
    width, height = gone[-1].size
    centre = gone[-1].pixels[height // 2, width // 2, :3].astype(int)
    assert centre.max() >= 200, f"the repeated frame's centre is {centre}"


@pytest.mark.parametrize("fmt", ["BGRx", "RGBA"])
def test_held_buffers_outlive_resizes_and_the_element(window, fmt):
    """Buffers held across two resizes, and after the pipeline stopped,
    keep their memory and their pictures: the X image's memory they lie in
    goes with the last buffer, not with the image or the connection."""
    win = window(200, 150)
    pipeline, sink = holding_pipeline(win, fmt, 60)
    held, seen = [], []

    def pull_until(size):
        for _ in range(300):
            sample = sink.try_pull_sample(PULL_TIMEOUT_NS)
            assert sample is not None, bus_error(pipeline)
            info, (p,) = planes(sample)
            held.append(sample)
            seen.append(p)
            if (info.width, info.height) == size:
                return
        pytest.fail(f"no frame of {size} came")

    try:
        assert pipeline.set_state(Gst.State.PLAYING) != \
            Gst.StateChangeReturn.FAILURE, bus_error(pipeline)
        # The last frame of each size before the next resize: the window
        # redrawn at that size, caps and all.
        settled = {}
        for size in [(200, 150), (300, 120), (160, 200)]:
            if size != (200, 150):
                subprocess.run(["xdotool", "windowsize", str(win.xid),
                                str(size[0]), str(size[1])], check=True)
            for _ in range(4):
                pull_until(size)
            settled[size] = len(seen) - 1
    finally:
        assert pipeline.set_state(Gst.State.NULL) == \
            Gst.StateChangeReturn.SUCCESS
    del pipeline, sink
    sizes = set()
    for i, sample in enumerate(held):
        info, (p,) = planes(sample)
        assert (p == seen[i]).all(), f"{fmt} buffer {i} changed"
        sizes.add((info.width, info.height))
    assert sizes >= {(200, 150), (300, 120), (160, 200)}, sizes
    rgb = [2, 1, 0] if fmt == "BGRx" else [0, 1, 2]
    for (width, height), i in settled.items():
        got = seen[i].reshape(height, width, 4)[:, :, rgb]
        assert (got == expected_picture(width, height)).all(), (
            f"{fmt} at {width}x{height}: not the picture")
    held.clear()
