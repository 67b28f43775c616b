# SPDX-License-Identifier: LGPL-2.1-or-later
"""Helper of test_python_embed.py: the scene the VTK tests render, and, run
as a program, a Slicer-like PyQt5 main window captured with the package.

    embed_app.py OUT_DIR      (QT_SCALE_FACTOR, QT_QPA_PLATFORM=xcb set)

A subprocess, because Qt reads QT_SCALE_FACTOR once, when the
QApplication starts. It writes OUT_DIR/result.json (geometry, errors) and
OUT_DIR/frames.npz (the pictures); the test judges them.
"""

import json
import os
import re
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "ext", "python"))

import vtk  # noqa: E402
from vtkmodules.util.numpy_support import vtk_to_numpy  # noqa: E402

import glwindowsrc  # noqa: E402
from glwindowsrc import _qt  # noqa: E402

NOISE_SIZE = (300, 240)
# Colours of the helper's swatches, each on black.
SWATCHES = {"raster": (255, 0, 255), "gl": (0, 255, 255),
            "native": (255, 255, 0)}


def add_scene(render_window, noise_size=NOISE_SIZE):
    """An asymmetric picture with detail down to single pixels: a gradient
    background, a red cone up left, a green sphere down right, a blue cube
    behind, and a patch of random pixels drawn 1:1 in display pixels (a
    shift by one pixel changes about a third of the patch's values).
    @noise_size: (width, height) of that patch. Returns the renderer."""
    ren = vtk.vtkRenderer()
    ren.GradientBackgroundOn()
    ren.SetBackground(0.1, 0.2, 0.4)
    ren.SetBackground2(0.9, 0.8, 0.3)
    for pos, colour, source in (
            ((-1.0, 0.6, 0.0), (1, 0, 0), vtk.vtkConeSource()),
            ((1.2, -0.5, 0.0), (0, 1, 0), vtk.vtkSphereSource()),
            ((0.3, 1.0, -1.0), (0, 0, 1), vtk.vtkCubeSource())):
        mapper = vtk.vtkPolyDataMapper()
        mapper.SetInputConnection(source.GetOutputPort())
        actor = vtk.vtkActor()
        actor.SetMapper(mapper)
        actor.SetPosition(*pos)
        actor.GetProperty().SetColor(*colour)
        ren.AddActor(actor)

    width, height = noise_size
    noise = np.random.default_rng(7).integers(
        0, 256, (height, width, 3), dtype=np.uint8)
    image = vtk.vtkImageData()
    image.SetDimensions(width, height, 1)
    image.AllocateScalars(vtk.VTK_UNSIGNED_CHAR, 3)
    vtk_to_numpy(image.GetPointData().GetScalars())[:] = noise.reshape(-1, 3)
    image_mapper = vtk.vtkImageMapper()
    image_mapper.SetInputData(image)
    image_mapper.SetColorWindow(255)
    image_mapper.SetColorLevel(127.5)
    patch = vtk.vtkActor2D()
    patch.SetMapper(image_mapper)
    patch.SetPosition(23, 17)
    ren.AddActor2D(patch)
    render_window.AddRenderer(ren)
    ren.ResetCamera()
    return ren


def vtk_picture(render_window, front=False):
    """VTK's own readback of the last render (no re-render), rows flipped
    to top-down, RGB."""
    grab = vtk.vtkWindowToImageFilter()
    grab.SetInput(render_window)
    grab.ShouldRerenderOff()
    grab.SetInputBufferTypeToRGB()
    if front:
        grab.ReadFrontBufferOn()
    else:
        grab.ReadFrontBufferOff()
    grab.Update()
    image = grab.GetOutput()
    width, height, _ = image.GetDimensions()
    pixels = vtk_to_numpy(image.GetPointData().GetScalars())
    return pixels.reshape(height, width, -1)[::-1, :, :3].copy()


def rgba_pixel_data(render_window):
    """rw.GetRGBACharPixelData of the back buffer, top-down, RGB."""
    width, height = render_window.GetSize()
    data = vtk.vtkUnsignedCharArray()
    render_window.GetRGBACharPixelData(0, 0, width - 1, height - 1, 0, data)
    return vtk_to_numpy(data).reshape(height, width, 4)[::-1, :, :3].copy()


def x_geometry(xid):
    """(x, y, width, height) of an X window on the screen (xwininfo)."""
    out = subprocess.run(["xwininfo", "-id", str(int(xid))],
                         capture_output=True, text=True, check=True,
                         timeout=20).stdout
    values = [int(re.search(key + r":\s+(-?\d+)", out).group(1)) for key in (
        "Absolute upper-left X", "Absolute upper-left Y", "Width", "Height")]
    return tuple(values)


def main(out_dir):
    from PyQt5 import QtCore, QtGui, QtWidgets
    import vtkmodules.qt
    # VTK takes PySide6 first when it is installed: this window is PyQt5's.
    vtkmodules.qt.PyQtImpl = "PyQt5"
    from vtkmodules.qt.QVTKRenderWindowInteractor import \
        QVTKRenderWindowInteractor

    app = QtWidgets.QApplication(["embed_app"])

    def paint(widget, rgb):
        widget.setAutoFillBackground(True)
        palette = widget.palette()
        palette.setColor(QtGui.QPalette.Window, QtGui.QColor(*rgb))
        widget.setPalette(palette)

    def column(*widgets):
        box = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(box)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    class ClearWidget(QtWidgets.QOpenGLWidget):
        def paintGL(self):
            import ctypes
            gl = ctypes.CDLL("libGL.so.1")
            gl.glClearColor.argtypes = [ctypes.c_float] * 4
            gl.glClearColor(*(v / 255 for v in SWATCHES["gl"]), 1.0)
            gl.glClear(0x4000)      # GL_COLOR_BUFFER_BIT

    def settle(seconds=0.3):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    win = QtWidgets.QMainWindow()
    win.setWindowTitle(f"glwindowsrc embed {os.getpid()}")
    toolbar = win.addToolBar("Modules")
    for name in ("Data", "Volumes", "Models", "Segment Editor"):
        toolbar.addAction(name)
    left = QtWidgets.QDockWidget("Module panel", win)
    panel = QtWidgets.QTreeWidget()
    panel.setHeaderLabels(["Name", "Visible"])
    # Swatches of one colour on black: one painted by Qt's raster engine,
    # one a QOpenGLWidget (how Slicer's views reach the window).
    strip = QtWidgets.QWidget()
    strip.setFixedHeight(60)
    paint(strip, (0, 0, 0))
    raster = QtWidgets.QWidget(strip)
    raster.setGeometry(5, 7, 45, 33)
    paint(raster, SWATCHES["raster"])
    gl_swatch = ClearWidget(strip)
    gl_swatch.setGeometry(61, 7, 49, 41)
    left.setWidget(column(strip, panel))
    win.addDockWidget(QtCore.Qt.LeftDockWidgetArea, left)
    right = QtWidgets.QDockWidget("Python console", win)
    # A native widget two native windows down (made native after show()).
    holder = QtWidgets.QWidget()
    holder.setFixedHeight(60)
    paint(holder, (0, 0, 0))
    nested = QtWidgets.QWidget(holder)
    nested.setGeometry(5, 7, 45, 41)
    paint(nested, SWATCHES["native"])
    right.setWidget(column(holder, QtWidgets.QPlainTextEdit(">>> ")))
    win.addDockWidget(QtCore.Qt.RightDockWidgetArea, right)
    win.statusBar().showMessage("Ready")
    view = QVTKRenderWindowInteractor(win)
    win.setCentralWidget(view)
    render_window = view.GetRenderWindow()
    add_scene(render_window)

    panel_width, toolbar_height = 151, 33
    panel.setFixedWidth(panel_width)
    toolbar.setFixedHeight(toolbar_height)
    right.widget().setFixedWidth(120)
    win.resize(1001, 705)
    win.show()
    view.Initialize()
    settle(0.5)

    # The view's place and size, in logical pixels, made odd (x, y) and
    # 1 mod 4 (width, height): at 1.5 every one of them then scales to a
    # half, where rounding the edges and rounding point and size (Qt)
    # disagree; and VTK's own size, Python's round(1.5 * width), agrees
    # with Qt's only there (round() sends .5 to the even neighbour).
    for _ in range(6):
        origin = view.mapTo(win, QtCore.QPoint(0, 0))
        dx = 0 if origin.x() % 2 else 1
        dy = 0 if origin.y() % 2 else 1
        dw = (1 - view.width()) % 4
        dh = (1 - view.height()) % 4
        if not (dx or dy or dw or dh):
            break
        panel_width += dx
        toolbar_height += dy
        panel.setFixedWidth(panel_width)
        toolbar.setFixedHeight(toolbar_height)
        win.resize(win.width() + dw, win.height() + dh)
        settle(0.3)
    settle(0.3)

    # The swatches at odd logical places too (the nested one odd at each
    # level: its dock, the dock's contents and its holder are all native
    # once winId() is called on it).
    nested.winId()
    settle(0.2)
    for widget in (raster, gl_swatch, nested):
        origin = widget.mapTo(win, QtCore.QPoint(0, 0))
        geometry = widget.geometry()
        widget.move(geometry.x() + (0 if origin.x() % 2 else 1),
                    geometry.y() + (0 if origin.y() % 2 else 1))
    settle(0.3)
    render_window.Render()
    settle(0.2)

    origin = view.mapTo(win, QtCore.QPoint(0, 0))
    result = {
        "scale": os.environ.get("QT_SCALE_FACTOR", "1"),
        "dpr": view.devicePixelRatioF(),
        "logical": [origin.x(), origin.y(), view.width(), view.height()],
        "render_window_size": list(render_window.GetSize()),
    }
    top = x_geometry(win.winId())
    child = x_geometry(view.winId())
    result["x_window"] = [child[0] - top[0], child[1] - top[1],
                          child[2], child[3]]
    result["x_toplevel"] = [top[2], top[3]]
    xid, region = _qt.widget_region(view)
    result["region"] = list(region)
    result["xid_is_toplevel"] = xid == int(win.winId())

    frames = {}
    frames["vtk"] = vtk_picture(render_window)
    frames["grab"] = glwindowsrc.grab(widget=view)
    with glwindowsrc.Capture(widget=view) as cap:
        frames["capture"] = cap.read()
        result["capture_size"] = [cap.width, cap.height]
    frames["window"] = glwindowsrc.grab(xid=int(win.winId()))
    # A second grab after the scene changed: a new picture, not a stale one.
    view.GetRenderWindow().GetRenderers().GetFirstRenderer() \
        .GetActiveCamera().Azimuth(25)
    render_window.Render()
    settle(0.2)
    frames["vtk2"] = vtk_picture(render_window)
    frames["grab2"] = glwindowsrc.grab(widget=view)

    swatches = {}
    for name, widget in (("raster", raster), ("gl", gl_swatch),
                         ("native", nested)):
        origin = widget.mapTo(win, QtCore.QPoint(0, 0))
        entry = {"logical": [origin.x(), origin.y(), widget.width(),
                             widget.height()],
                 "region": list(_qt.widget_region(widget)[1]),
                 "colour": list(SWATCHES[name])}
        if name == "native":
            geometry = x_geometry(widget.winId())
            entry["x_window"] = [geometry[0] - top[0], geometry[1] - top[1],
                                 geometry[2], geometry[3]]
            entry["native_levels"] = sum(
                1 for w in (widget, widget.parentWidget(),
                            widget.parentWidget().parentWidget())
                if w.windowHandle() is not None)
        frames["swatch_" + name] = glwindowsrc.grab(widget=widget)
        swatches[name] = entry
    result["swatches"] = swatches
    frames["window_swatches"] = glwindowsrc.grab(xid=int(win.winId()))

    # Bad input: a widget that is not shown.
    hidden = QtWidgets.QLabel("never shown")
    errors = {}
    for name, call in (
            ("capture_hidden", lambda: glwindowsrc.Capture(widget=hidden)),
            ("grab_hidden", lambda: glwindowsrc.grab(widget=hidden))):
        try:
            call()
            errors[name] = None
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors[name] = [type(exc).__name__, str(exc)]
    result["errors"] = errors

    np.savez(os.path.join(out_dir, "frames.npz"), **frames)
    with open(os.path.join(out_dir, "result.json"), "w") as f:
        json.dump(result, f)
    win.close()
    view.Finalize()
    return 0


def finalized(out_dir):
    """A render window rendered, then Finalize()d: capturing it must raise
    CaptureError, not crash or hang."""
    render_window = vtk.vtkRenderWindow()
    render_window.SetSize(160, 120)
    add_scene(render_window)
    render_window.Render()
    render_window.Finalize()
    outcome = {}
    for name, call in (
            ("capture", lambda: glwindowsrc.Capture(render_window=render_window)),
            ("grab", lambda: glwindowsrc.grab(render_window=render_window))):
        try:
            call()
            outcome[name] = None
        except Exception as exc:  # noqa: BLE001 - reported to the test
            outcome[name] = [type(exc).__name__, str(exc)]
    with open(os.path.join(out_dir, "result.json"), "w") as f:
        json.dump(outcome, f)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--finalized":
        sys.exit(finalized(sys.argv[2]))
    sys.exit(main(sys.argv[1]))
