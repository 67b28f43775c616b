# SPDX-License-Identifier: LGPL-2.1-or-later
"""Where a Qt widget is in its top-level X window, in device pixels.

Duck-typed: PyQt5, PySide2/6 and the PythonQt objects 3D Slicer hands out
all have winId, window, mapTo, rect, width, height and devicePixelRatioF.
"""

import math


def _qround(value):
    """Qt's qRound for the non-negative values met here: halves go up
    (Python's round() sends them to the even neighbour: 502.5 -> 502, where
    Qt places a widget at 503)."""
    return int(math.floor(value + 0.5))


def widget_region(widget):
    """(xid, (x, y, width, height)): the top-level window to capture and
    the widget's rectangle in it, in that window's device pixels."""
    for name in ("winId", "window", "mapTo", "width", "height"):
        if not hasattr(widget, name):
            raise TypeError(f"widget= takes a Qt widget; {type(widget).__name__}"
                            f" has no {name}()")
    is_visible = getattr(widget, "isVisible", None)
    if is_visible is not None and not is_visible():
        raise ValueError("the widget is not shown (isVisible() is False): "
                         "show it, and let Qt process events, first")
    top = widget.window()
    xid = int(top.winId())
    ratio = getattr(widget, "devicePixelRatioF", None)
    dpr = float(ratio()) if ratio is not None else 1.0
    origin = widget.mapTo(top, widget.rect().topLeft())
    x, y = _qround(origin.x() * dpr), _qround(origin.y() * dpr)
    width = _qround((origin.x() + widget.width()) * dpr) - x
    height = _qround((origin.y() + widget.height()) * dpr) - y
    if width <= 0 or height <= 0:
        raise ValueError(f"the widget is {widget.width()}x{widget.height()}:"
                         " nothing to capture")
    return xid, (x, y, width, height)
