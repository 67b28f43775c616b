# SPDX-License-Identifier: LGPL-2.1-or-later
"""The package inside an application, as a 3D Slicer user meets it: a Qt
widget of a Slicer-like PyQt5 main window (toolbar, docks, status bar, a
VTK view in the middle) at scale factors 1 and 1.5, and VTK render windows
(on-screen, off-screen, multisampled or not) read through their texture in
the same process; and what bad input gives."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "ext", "python"))
import glwindowsrc  # noqa: E402

vtk = pytest.importorskip("vtk")
import embed_app  # noqa: E402

HELPER = os.path.join(HERE, "embed_app.py")
# The helper starts Qt, VTK and a few captures: seconds; a hang is a failure.
HELPER_TIMEOUT = 120


def mean_abs_diff(a, b):
    assert a.shape[:2] == b.shape[:2], f"{a.shape} != {b.shape}"
    return float(np.abs(a[:, :, :3].astype(np.int16)
                        - b[:, :, :3].astype(np.int16)).mean())


def run_helper(args, tmp_path, env=None):
    proc = subprocess.run(
        [sys.executable, HELPER, *args, str(tmp_path)],
        env={**os.environ, **(env or {})}, capture_output=True, text=True,
        timeout=HELPER_TIMEOUT)
    assert proc.returncode == 0, (
        f"embed_app.py {args} exited with {proc.returncode}:\n"
        f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    with open(tmp_path / "result.json") as f:
        return json.load(f)


# -- a Qt widget -----------------------------------------------------------

@pytest.fixture(scope="module", params=["1", "1.5"], ids=lambda s: f"scale{s}")
def slicer_window(request, tmp_path_factory):
    """The helper's results and pictures at one QT_SCALE_FACTOR."""
    pytest.importorskip("PyQt5.QtWidgets")
    out = tmp_path_factory.mktemp(f"embed-{request.param}")
    result = run_helper([], out, env={"QT_SCALE_FACTOR": request.param,
                                      "QT_QPA_PLATFORM": "xcb"})
    frames = dict(np.load(out / "frames.npz"))
    return result, frames


def test_widget_region_is_where_qt_put_the_view(slicer_window):
    """The rectangle the package computes is the view's X window, as Qt
    placed it (xwininfo), relative to the top-level: at 1.5 the view's
    logical x, y, width and height all scale to halves (157.0 * 1.5 =
    235.5 ...), where rounding the edges would be a pixel off."""
    result, _ = slicer_window
    assert result["xid_is_toplevel"]
    assert result["dpr"] == float(result["scale"])
    if result["scale"] == "1.5":
        assert all(v % 2 == 1 for v in result["logical"][:2]), result
        assert all(v % 4 == 1 for v in result["logical"][2:]), result
    assert result["region"] == result["x_window"], result
    # VTK renders the whole of that window.
    assert result["region"][2:] == result["render_window_size"], result


def test_grab_widget_equals_vtk_picture(slicer_window):
    result, frames = slicer_window
    vtk_picture, grab = frames["vtk"], frames["grab"]
    x, y, width, height = result["region"]
    assert grab.shape == (height, width, 4)
    assert grab.dtype == np.uint8
    diff = mean_abs_diff(grab, vtk_picture)
    assert diff <= 1.0, f"grab(widget=view) differs from VTK's by {diff}"
    # A second grab after a render shows the new picture, not the old one.
    assert mean_abs_diff(frames["grab2"], frames["vtk2"]) <= 1.0
    assert mean_abs_diff(frames["grab2"], vtk_picture) > 1.0


def test_one_pixel_off_does_not_pass(slicer_window):
    """The bound above is tight enough to see a one-pixel error: the same
    window's picture cropped one pixel to either side fails it."""
    result, frames = slicer_window
    window, vtk_picture = frames["window"], frames["vtk"]
    x, y, width, height = result["region"]
    exact = window[y:y + height, x:x + width]
    assert mean_abs_diff(exact, vtk_picture) <= 1.0
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        shifted = window[y + dy:y + dy + height, x + dx:x + dx + width]
        diff = mean_abs_diff(shifted, vtk_picture)
        assert diff > 1.0, (
            f"shifted by ({dx}, {dy}) still within the bound: {diff}")


def test_capture_widget_read_equals_grab(slicer_window):
    """Capture(widget=...).read() is the same picture as grab(widget=...)
    (at 1.5 too: one rectangle, one rule)."""
    result, frames = slicer_window
    x, y, width, height = result["region"]
    assert result["capture_size"] == [width, height]
    assert mean_abs_diff(frames["capture"], frames["vtk"]) <= 1.0
    assert np.array_equal(frames["capture"], frames["grab"])


@pytest.mark.parametrize("name", ["raster", "gl"])
def test_painted_widget_is_exactly_its_pixels(slicer_window, name):
    """A widget painted into the window (not a native window): a plain
    widget and a QOpenGLWidget (how QVTKOpenGLNativeWidget, Slicer's view,
    reaches the window), each one colour on black. At 1.5 Qt paints them
    between their scaled edges, not at a rounded point and size:
    grab(widget=...) is all that colour, and the window has none of it one
    pixel outside the region."""
    result, frames = slicer_window
    swatch = result["swatches"][name]
    x, y, width, height = swatch["region"]
    colour = np.array(swatch["colour"])
    if result["scale"] == "1.5":
        assert all(v % 2 == 1 for v in swatch["logical"][:2]), swatch
        assert all(v % 4 == 1 for v in swatch["logical"][2:]), swatch
    grab = frames["swatch_" + name]
    assert grab.shape == (height, width, 4)
    off = np.abs(grab[:, :, :3].astype(np.int16) - colour).max(axis=2) > 2
    assert not off.any(), (
        f"{name}: {int(off.sum())} pixels of grab(widget=...) are not "
        f"{tuple(colour)}; first at {np.argwhere(off)[0]}")
    window = frames["window_swatches"][:, :, :3].astype(np.int16)
    near = window[y - 4:y + height + 4, x - 4:x + width + 4]
    rows, cols = np.nonzero(np.abs(near - colour).max(axis=2) <= 2)
    painted = [int(cols.min()) + x - 4, int(rows.min()) + y - 4,
               int(cols.max() - cols.min()) + 1,
               int(rows.max() - rows.min()) + 1]
    assert painted == [x, y, width, height], (
        f"{name}: painted at {painted}, the package says {swatch['region']}")


def test_nested_native_widget_is_where_its_x_window_is(slicer_window):
    """A native widget inside native parents (winId() made its holder and
    the dock native): each level's offset is rounded on its own, which the
    X window shows (its painted content is Qt's business, not tested)."""
    result, _ = slicer_window
    swatch = result["swatches"]["native"]
    assert swatch["native_levels"] == 3, swatch
    assert swatch["region"] == swatch["x_window"], swatch


def test_widget_not_shown_is_a_capture_error(slicer_window):
    result, _ = slicer_window
    for name in ("capture_hidden", "grab_hidden"):
        kind, message = result["errors"][name]
        assert kind == "CaptureError", result["errors"]
        assert "not shown" in message, message


def test_not_a_widget_is_a_type_error():
    for call in (lambda: glwindowsrc.Capture(widget=object()),
                 lambda: glwindowsrc.grab(widget="3D View")):
        with pytest.raises(TypeError, match="Qt widget"):
            call()


# -- a VTK render window ---------------------------------------------------

WINDOW_KINDS = {
    "onscreen": {},
    "offscreen": {"SetOffScreenRendering": 1},
    "multisampled": {"SetMultiSamples": 4},
    "single-sampled": {"SetMultiSamples": 0},
}


@pytest.fixture(params=list(WINDOW_KINDS))
def render_window(request):
    rw = vtk.vtkRenderWindow()
    for method, value in WINDOW_KINDS[request.param].items():
        getattr(rw, method)(value)
    rw.SetSize(301, 203)
    # A small noise patch: the cones and spheres must show, and move.
    renderer = embed_app.add_scene(rw, noise_size=(64, 48))
    rw.Render()
    yield rw, renderer, request.param
    rw.Finalize()


def test_capture_render_window_equals_vtk_readback(render_window):
    """After each Render() that moves the camera, read() is that render:
    exactly VTK's readback of its finished picture (the front buffer: the
    display framebuffer), and within 1 of the back-buffer readbacks
    (vtkWindowToImageFilter, GetRGBACharPixelData), exactly for a window
    without multisampling. With multisampling, VTK resolves the render
    buffer once more for a back-buffer readback, and about 0.5% of the
    pixels, anti-aliased edges, come out differently from the display
    framebuffer's resolve (mean under 0.2)."""
    rw, renderer, kind = render_window
    samples = rw.GetMultiSamples()
    with glwindowsrc.Capture(render_window=rw) as cap:
        previous = None
        for step in range(3):
            renderer.GetActiveCamera().Azimuth(20)
            renderer.GetActiveCamera().Elevation(7)
            rw.Render()
            frame = cap.read()
            assert frame.shape == (203, 301, 4), kind
            front = embed_app.vtk_picture(rw, front=True)
            back = embed_app.vtk_picture(rw)
            pixels = embed_app.rgba_pixel_data(rw)
            assert np.array_equal(frame[:, :, :3], front), (
                f"{kind} render {step}: differs from VTK's front buffer by "
                f"{mean_abs_diff(frame, front)}")
            for name, want in (("back buffer", back),
                               ("GetRGBACharPixelData", pixels)):
                diff = mean_abs_diff(frame, want)
                assert diff <= 1.0, f"{kind} render {step}: {name} {diff}"
                if samples <= 1:
                    assert diff == 0.0, f"{kind} render {step}: {name}"
            if previous is not None:
                assert mean_abs_diff(frame, previous) > 1.0, (
                    f"{kind} render {step}: the previous render's picture")
            previous = frame
    # One call.
    renderer.GetActiveCamera().Azimuth(20)
    rw.Render()
    frame = glwindowsrc.grab(render_window=rw)
    assert mean_abs_diff(frame, embed_app.vtk_picture(rw)) <= 1.0


def test_finalized_render_window_is_a_capture_error(tmp_path):
    """A render window rendered and then Finalize()d (its window closed,
    its GL objects released): CaptureError naming the render window, a
    clean exit, no crash and no hang (in a subprocess, to see both)."""
    result = run_helper(["--finalized"], tmp_path)
    for name in ("capture", "grab"):
        kind, message = result[name]
        assert kind == "CaptureError", result
        assert "render window" in message and "finalized" in message, message


def test_not_a_render_window_is_a_type_error():
    with pytest.raises(TypeError, match="vtkOpenGLRenderWindow"):
        glwindowsrc.Capture(render_window=vtk.vtkRenderer())
