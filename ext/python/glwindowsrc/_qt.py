# SPDX-License-Identifier: LGPL-2.1-or-later
"""Where a Qt widget is in its top-level X window, in device pixels.

Duck-typed: PyQt5, PySide2/6 and the PythonQt objects 3D Slicer hands out
all have winId, window, mapTo, rect, width, height and devicePixelRatioF
(and parentWidget, windowHandle, used when present).

Where Qt 5 puts a widget's pixels at a fractional scale factor f
(QT_SCALE_FACTOR=1.5, or a screen's factor), with qRound (halves up):

- A NATIVE child window (windowHandle() is not None: a VTK view made native
  by winId(), QVTKRenderWindowInteractor, a QGLWidget) gets its X window
  from QWindow::setGeometry through QHighDpi::toNativePixels
  (qhighdpiscaling.h), which scales a rectangle as its top-left POINT and
  its SIZE, each rounded on its own: (qRound(x*f), qRound(y*f),
  qRound(w*f), qRound(h*f)), x and y relative to its native parent. So a
  widget nested in native windows is placed by the sum of each level's
  rounded offset, not by its rounded total offset.
- A widget painted into its window's backing store (buttons, panels, and
  QOpenGLWidget's composited texture: QVTKOpenGLNativeWidget, Slicer's
  views) covers the pixels between its two scaled EDGES: qRound(x*f) to
  qRound((x+w)*f), x relative to the top-level even inside native
  ancestors (one backing store per top-level); measured with plain and
  QOpenGLWidget widgets on Qt 5.15 at 1.5.

The two differ by a pixel where x*f and w*f both end in .5 (a native view
at x=157, width 645 at 1.5: 236 + 968 by point and size, 236 + 967 by the
edges): rounding the edges for a native view cut its last column and
row, and placed it wrong inside native parents.
"""

import math


def _qround(value):
    """Qt's qRound: halves go up (Python's round() sends them to the even
    neighbour: 502.5 -> 502, where Qt places a widget at 503)."""
    return int(math.floor(value + 0.5))


def _is_native(widget):
    """True when @widget has a window of its own (windowHandle() is its
    QWindow; None for a widget painted into an ancestor's)."""
    handle = getattr(widget, "windowHandle", None)
    if handle is None:
        return False
    try:
        return handle() is not None
    except Exception:  # noqa: BLE001 - a binding without it: not native
        return False


def _same(a, b):
    """One widget? (PyQt and PySide keep one wrapper per widget; a binding
    that makes new wrappers compares them equal.)"""
    return a is b or bool(a == b)


def _anchor(widget, top):
    """The nearest ancestor of @widget with a window of its own (@top at
    the latest): what Qt places @widget relative to."""
    parent_of = getattr(widget, "parentWidget", None)
    parent = parent_of() if parent_of is not None else None
    while (parent is not None and not _same(parent, top)
           and not _is_native(parent)):
        parent = parent.parentWidget()
    return top if parent is None else parent


def _native_origin(widget, top, dpr):
    """@widget's top-left in @top's device pixels, for a widget with a
    native window or @top itself: at each native window on the way up, its
    offset in its native parent is rounded on its own."""
    x = y = 0
    current = widget
    for _ in range(1000):           # a parent chain is never this deep
        if _same(current, top):
            return x, y
        anchor = _anchor(current, top)
        point = current.mapTo(anchor, current.rect().topLeft())
        x += _qround(point.x() * dpr)
        y += _qround(point.y() * dpr)
        current = anchor
    raise ValueError("the widget's parents do not lead to its window()")


def _device_rect(widget, top, dpr):
    """(x, y, width, height) of @widget in @top's device pixels."""
    width, height = widget.width(), widget.height()
    if _is_native(widget):
        x, y = _native_origin(widget, top, dpr)
        return x, y, _qround(width * dpr), _qround(height * dpr)
    # Painted into the top-level's backing store, in its coordinates, also
    # inside native ancestors (Qt 5 has one backing store per top-level).
    point = widget.mapTo(top, widget.rect().topLeft())
    left, top_edge = _qround(point.x() * dpr), _qround(point.y() * dpr)
    right = _qround((point.x() + width) * dpr)
    bottom = _qround((point.y() + height) * dpr)
    return left, top_edge, right - left, bottom - top_edge


def widget_region(widget):
    """(xid, (x, y, width, height)): the top-level window to capture and
    the widget's rectangle in it, in that window's device pixels."""
    for name in ("winId", "window", "mapTo", "rect", "width", "height"):
        if not hasattr(widget, name):
            raise TypeError(f"widget= takes a Qt widget; {type(widget).__name__}"
                            f" has no {name}()")
    is_visible = getattr(widget, "isVisible", None)
    if is_visible is not None and not is_visible():
        raise ValueError("the widget is not shown (isVisible() is False): "
                         "show it, and let Qt process events, first")
    top = widget.window()
    # The top-level's id only: winId() on the widget itself would make it a
    # native window and move its pixels.
    xid = int(top.winId())
    ratio = getattr(widget, "devicePixelRatioF", None)
    dpr = float(ratio()) if ratio is not None else 1.0
    x, y, width, height = _device_rect(widget, top, dpr)
    if width <= 0 or height <= 0:
        raise ValueError(f"the widget is {widget.width()}x{widget.height()}:"
                         " nothing to capture")
    # What the window shows of it: a native child flush with the window's
    # right or bottom edge can reach one pixel past it (both its offset
    # and its size rounded up), and X clips it there.
    right = min(x + width, _qround(top.width() * dpr))
    bottom = min(y + height, _qround(top.height() * dpr))
    x, y = max(x, 0), max(y, 0)
    if right <= x or bottom <= y:
        raise ValueError("the widget is outside its window's picture")
    return xid, (x, y, right - x, bottom - y)
