# SPDX-License-Identifier: LGPL-2.1-or-later
"""An unmodified VTK program for test_swap.py: renders N frames of a turning
cone in an X11 window and saves its own readback of each (VTK's front
buffer after the swap) as upright RGB, for the test to compare with what
the swap hook captured.

    swap_vtk_app.py N OUT.npy
"""

import sys

import numpy as np
import vtk

n, out = int(sys.argv[1]), sys.argv[2]
w, h = 200, 150
cone = vtk.vtkConeSource()
cone.SetResolution(24)
mapper = vtk.vtkPolyDataMapper()
mapper.SetInputConnection(cone.GetOutputPort())
actor = vtk.vtkActor()
actor.SetMapper(mapper)
actor.GetProperty().SetColor(1.0, 0.5, 0.2)
ren = vtk.vtkRenderer()
ren.AddActor(actor)
ren.SetBackground(0.1, 0.2, 0.4)
rw = vtk.vtkRenderWindow()
rw.SetSize(w, h)
rw.SetMultiSamples(0)
rw.AddRenderer(ren)
frames = []
for i in range(n):
    actor.SetOrientation(0, 7 * i, 3 * i)
    rw.Render()
    data = vtk.vtkUnsignedCharArray()
    rw.GetRGBACharPixelData(0, 0, w - 1, h - 1, 1, data)
    a = np.frombuffer(memoryview(data), np.uint8).reshape(h, w, 4)
    frames.append(a[::-1, :, :3].copy())
np.save(out, np.stack(frames))
rw.Finalize()
