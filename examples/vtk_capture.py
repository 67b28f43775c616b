#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Capture a VTK render window through glwindowsrc and check it against
VTK's own readback.

VTK renders a volume by GPU ray casting (as 3D Slicer's 3D view does) and a
cone into an ordinary on-screen window.  The window's X id goes to
glwindowsrc, which hands back the picture as it is on screen, upright.
VTK's vtkWindowToImageFilter reads the same picture back from GL,
bottom row first, so its rows are reversed before comparing.

    /usr/bin/python3 examples/vtk_capture.py [--size 640x480] [--tolerance 2]

Prints the maximum absolute difference per channel (RGB) and exits 0 when it
is within the tolerance, 1 when not.

Needs an X display ($DISPLAY; Xvfb will do, e.g. tests/with-xvfb.sh) and
python3-vtk9.  The render window must be a real, mapped X window: with
off-screen rendering (SetOffScreenRendering(1), or a VTK built for EGL or
OSMesa) there is no window to capture.
"""

import argparse
import os
import sys

import numpy as np
import vtk
from vtk.util.numpy_support import vtk_to_numpy

try:
    import glwindowsrc
except ImportError:
    # Run from a source checkout without `meson devenv`.
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(
        __file__)), "..", "ext", "python"))
    import glwindowsrc


def make_scene(width, height):
    """An on-screen render window showing a ray-cast volume and a cone,
    with a background that runs dark (bottom) to light (top)."""
    renderer = vtk.vtkRenderer()
    renderer.GradientBackgroundOn()
    renderer.SetBackground(0.05, 0.05, 0.1)
    renderer.SetBackground2(0.4, 0.5, 0.7)

    source = vtk.vtkRTAnalyticSource()
    source.SetWholeExtent(-32, 31, -32, 31, -32, 31)
    mapper = vtk.vtkGPUVolumeRayCastMapper()
    mapper.SetInputConnection(source.GetOutputPort())
    colours = vtk.vtkColorTransferFunction()
    colours.AddRGBPoint(40, 0.0, 0.0, 0.5)
    colours.AddRGBPoint(150, 1.0, 0.6, 0.2)
    colours.AddRGBPoint(280, 1.0, 1.0, 1.0)
    opacity = vtk.vtkPiecewiseFunction()
    opacity.AddPoint(40, 0.0)
    opacity.AddPoint(150, 0.05)
    opacity.AddPoint(280, 0.4)
    prop = vtk.vtkVolumeProperty()
    prop.SetColor(colours)
    prop.SetScalarOpacity(opacity)
    prop.SetInterpolationTypeToLinear()
    prop.ShadeOn()
    volume = vtk.vtkVolume()
    volume.SetMapper(mapper)
    volume.SetProperty(prop)
    renderer.AddVolume(volume)

    # Up and to the left, so that a flip either way would show.
    cone = vtk.vtkConeSource()
    cone.SetCenter(-30, 25, 0)
    cone.SetRadius(8)
    cone.SetHeight(20)
    cone_mapper = vtk.vtkPolyDataMapper()
    cone_mapper.SetInputConnection(cone.GetOutputPort())
    cone_actor = vtk.vtkActor()
    cone_actor.SetMapper(cone_mapper)
    cone_actor.GetProperty().SetColor(0.9, 0.1, 0.1)
    renderer.AddActor(cone_actor)

    window = vtk.vtkRenderWindow()
    window.AddRenderer(renderer)
    window.SetSize(width, height)
    window.SetWindowName("glwindowsrc VTK example")
    window.Render()  # maps the X window
    return window


def vtk_readback(render_window):
    """VTK's own readback as an (height, width, 3) array, row 0 at the top.

    VTK's image data starts at the bottom row, as GL does: reverse the rows.
    Its dimensions are (width, height, 1); the array is height x width."""
    to_image = vtk.vtkWindowToImageFilter()
    to_image.SetInput(render_window)
    to_image.SetInputBufferTypeToRGB()
    # What is on screen: the front buffer, not rendered again.  (The back
    # buffer after a swap holds no defined picture.)
    to_image.ReadFrontBufferOn()
    to_image.ShouldRerenderOff()
    to_image.Update()
    image = to_image.GetOutput()
    width, height, _ = image.GetDimensions()
    pixels = vtk_to_numpy(image.GetPointData().GetScalars())
    return pixels.reshape(height, width, 3)[::-1]


def capture_and_compare(width, height):
    """Returns (captured RGBA frame, VTK readback RGB, max abs difference)."""
    render_window = make_scene(width, height)
    # The X window id, as a pointer string ("_00000000002a0007_p_void"),
    # which glwindowsrc.Capture takes as it is.
    xid = render_window.GetGenericWindowId()
    with glwindowsrc.Capture(xid=xid) as cap:
        # A frame begun after this Render() shows what it drew, whatever
        # the window held when the capture started.
        render_window.Render()
        frame = cap.read(fresh=True)
    expected = vtk_readback(render_window)
    diff = np.abs(frame[:, :, :3].astype(np.int16) - expected.astype(np.int16))
    render_window.Finalize()
    return frame, expected, int(diff.max())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="640x480",
                        help="render window size WIDTHxHEIGHT")
    parser.add_argument("--tolerance", type=int, default=2,
                        help="largest difference accepted per channel")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    frame, expected, max_diff = capture_and_compare(width, height)
    print(f"captured {frame.shape} {frame.dtype}, VTK readback "
          f"{expected.shape} {expected.dtype}")
    print(f"top-left pixel: captured {frame[0, 0, :3]}, VTK {expected[0, 0]}")
    print(f"max abs difference: {max_diff}")
    return 0 if max_diff <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
