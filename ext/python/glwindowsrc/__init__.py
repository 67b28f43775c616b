# SPDX-License-Identifier: LGPL-2.1-or-later
"""Capture a GL window, a Qt widget, a VTK render window, the X screen or
your own GL drawing as NumPy arrays - from any CPython 3.8+ with NumPy.

It runs ``glwindowsrc ! video/x-raw,format=RGBA ! appsink`` through
libglwindowsrc-capture, a small C library of this project loaded with
ctypes, so it needs neither PyGObject nor a module compiled for your
Python: it works in 3D Slicer's, ParaView's, conda's or a venv's Python.
Frames are ``(height, width, 4)`` ``uint8`` RGBA arrays with row 0 at the
TOP of the picture (the way image files and arrays run, not the bottom-up
order of GL and VTK readbacks).

One picture::

    import glwindowsrc
    frame = glwindowsrc.grab(window="3D View")       # by exact window title
    frame = glwindowsrc.grab(xid=0x3e00007)          # by X window id
    frame = glwindowsrc.grab(widget=view)            # a Qt widget (Slicer)
    frame = glwindowsrc.grab(render_window=rw)       # a VTK render window
    frame = glwindowsrc.grab()                       # the whole screen

A stream::

    with glwindowsrc.Capture(window="3D View", fps=30) as cap:
        first = cap.read()
        view = cap.read(copy=False)     # read-only, valid until next read
        for frame in cap.frames(count=100):
            ...

Your own GL drawing (see :class:`Capture` for the callback)::

    def draw(width, height, timestamp):
        glClearColor(1, 0, 0, 1)
        glClear(GL_COLOR_BUFFER_BIT)

    with glwindowsrc.Capture(draw=draw, size=(640, 480), live=False) as cap:
        frame = cap.read()

Failures - no such window, no X display, a widget not shown - raise
:class:`CaptureError` with GStreamer's message and debug string; the end
of a stream (the window closed) raises :class:`EndOfStream`.
"""

import atexit
import ctypes
import fractions
import os
import shutil
import subprocess
import tempfile
import threading
from typing import Callable, Iterator, Optional, Tuple, Union

import numpy as np

from . import _lib

__version__ = "0.1.0"
__all__ = ["Capture", "CaptureError", "EndOfStream", "grab", "__version__"]

DEFAULT_TIMEOUT = 10.0

Region = Tuple[int, int, int, int]


class CaptureError(RuntimeError):
    """A capture failed.

    ``message`` is GStreamer's user-facing message (for a missing window it
    names the window), ``debug`` its debug string (why, for developers; may
    be None), ``source`` the name of the element that posted it. A Python
    exception raised by a draw callback is chained as ``__cause__``.
    """

    def __init__(self, message: str, debug: Optional[str] = None,
                 source: Optional[str] = None):
        super().__init__(message)
        self.message = message
        self.debug = debug
        self.source = source

    def __str__(self) -> str:
        if self.debug:
            return f"{self.message} ({self.debug})"
        return self.message


class EndOfStream(Exception):
    """The stream ended: the captured window was closed, or the source sent
    its last frame. Not a failure, so not a CaptureError: ``message`` is the
    element's warning, when it gave one. :meth:`Capture.frames` ends
    quietly on it; :meth:`Capture.read` raises it."""

    def __init__(self, message: str = "End of stream",
                 debug: Optional[str] = None):
        super().__init__(message)
        self.message = message
        self.debug = debug


def _fraction(fps) -> Tuple[int, int]:
    f = fractions.Fraction(fps).limit_denominator(1001)
    if f <= 0:
        raise ValueError(f"fps must be positive, not {fps!r}")
    return f.numerator, f.denominator


def _window_id(xid) -> int:
    """An X window id from an int, a "0x..." string (xwininfo, xdotool), or
    the pointer string VTK's Python wrapping returns from
    GetGenericWindowId(), e.g. "_00000000002a0007_p_void"."""
    if isinstance(xid, str):
        text = xid.strip()
        if text.startswith("_") and text.endswith("_p_void"):
            return int(text[1:-len("_p_void")], 16)
        return int(text, 0)
    return int(xid)


class _DrawCallback:
    """The C draw callback: the user's callable and the first exception it
    raised (re-raised by read()), with no reference back to the Capture."""

    def __init__(self, func):
        self.func = func
        self.lock = threading.Lock()
        self.exception = None
        self.c_func = _lib.DRAW_FUNC(self._call)

    def _call(self, user_data, width, height, timestamp):
        try:
            ret = self.func(width, height, timestamp)
        except BaseException as exc:  # noqa: B902 - re-raised in read()
            with self.lock:
                if self.exception is None:
                    self.exception = exc
            return 0
        return 0 if ret is False else 1


class Capture:
    """A running capture whose frames are read as NumPy arrays.

    What to capture (give at most one of ``window``, ``xid``, ``widget``,
    ``render_window``, ``draw``; none of them captures the whole screen):

    ``window``
        the exact title of a top-level X window (``xname`` on the element).
    ``xid``
        an X window id: an int, a ``"0x..."`` string (``xwininfo``,
        ``xdotool``), or what VTK's ``GetGenericWindowId()`` returns.
    ``widget``
        a Qt widget (PyQt5, PySide2/6, or a PythonQt widget in 3D Slicer):
        exactly its pixels, read from its top-level window, right at
        fractional scale factors. It must be shown.
    ``render_window``
        a VTK render window (on-screen or off-screen, multisampled or not):
        its finished picture after each ``Render()``, read on the GPU from a
        GL context shared with VTK's - no second render, no window capture.
        Call :meth:`read` on the thread that renders, after ``Render()``:
        each read is that render's picture, copied once on the GPU (nothing
        is copied between reads).
    ``program``
        a command line (a list: ``["paraview"]``): the program is started
        with glwindowsrc's swap-buffers hook preloaded, and every frame it
        presents (glXSwapBuffers, eglSwapBuffers) is read once, in order,
        with its own timing (``target=swap``); the stream ends when it
        exits. ``lossless`` (default True) makes the program wait rather
        than a frame be dropped. ``process`` is its ``subprocess.Popen``;
        :meth:`close` ends it if it still runs.
    ``draw``
        a callable ``draw(width, height, timestamp)`` that renders one frame
        with ordinary GL calls (PyOpenGL). It is called on GStreamer's GL
        thread with the element's framebuffer bound and its GL context
        current, in GL's y-up convention: what you draw at the top of the
        viewport is row 0 of the array. Return None or True when a frame was
        drawn, False when not; an exception it raises stops the capture and
        is re-raised by :meth:`read`. Without ``$DISPLAY`` GL runs headless
        on the EGL device platform (for PyOpenGL set ``PYOPENGL_PLATFORM=egl``
        before importing it).

    Other arguments: ``display`` the X display (default ``$DISPLAY``);
    ``region`` ``(x, y, width, height)`` of the picture to keep, in its
    pixels from the top left (0 width or height: to the edge); ``fps``
    frames per second (default 30); ``size`` ``(width, height)`` in draw
    mode (default 1280x720); ``live`` (draw mode) False renders each frame
    as soon as the previous one was taken; ``drop`` True keeps only the
    newest frame (default for live captures); ``timeout`` seconds
    :meth:`open` and :meth:`read` wait; ``properties`` more glwindowsrc
    properties by name, as strings or numbers.

    The capture starts in :meth:`open` (or on entering a ``with`` block, or
    on the first :meth:`read`), which waits for the first frame so that a
    missing window or display is raised right there. :meth:`close` (or
    leaving the ``with`` block) stops it and frees the window and GL
    resources. ``width``, ``height`` are the frame size once open,
    ``timestamp`` the running time (ns) of the frame last returned.
    """

    def __init__(self, window: Optional[str] = None,
                 xid: Union[int, str, None] = None,
                 draw: Optional[Callable[[int, int, int], Optional[bool]]] = None,
                 display: Optional[str] = None, fps=None,
                 size: Optional[Tuple[int, int]] = None,
                 live: Optional[bool] = None, drop: Optional[bool] = None,
                 timeout: float = DEFAULT_TIMEOUT, *, widget=None,
                 render_window=None, region: Optional[Region] = None,
                 properties: Optional[dict] = None, program=None,
                 lossless: bool = True):
        given = [name for name, value in (
            ("window", window), ("xid", xid), ("draw", draw),
            ("widget", widget), ("render_window", render_window),
            ("program", program)) if value is not None]
        if len(given) > 1:
            raise ValueError("give at most one of window, xid, widget, "
                             "render_window and draw, not " + " and ".join(given))
        if size is not None and draw is None:
            raise ValueError("size applies to draw mode only: a window or "
                             "the screen is captured at its own size")
        if live is not None and draw is None:
            raise ValueError("live applies to draw mode only: window and "
                             "screen captures are always live")
        self.live = True if live is None else bool(live)
        if render_window is not None:
            self.live = False
        self.drop = self.live if drop is None else bool(drop)
        if program is not None and drop is None:
            self.drop = False       # every frame the program presents
        self.timeout = timeout
        self.process: Optional[subprocess.Popen] = None
        self._program = list(program) if program is not None else None
        self._program_dir = None
        self.width: Optional[int] = None
        self.height: Optional[int] = None
        self.timestamp: Optional[int] = None
        self._draw = None
        self._render_window = render_window
        self._handle = None
        self._frame = _lib.Frame()

        try:
            lib = _lib.load()
        except OSError as exc:
            raise CaptureError("The glwindowsrc library is not installed",
                               str(exc)) from None
        error = ctypes.c_void_p()
        handle = lib.glwindowsrc_capture_new(ctypes.byref(error))
        if not handle:
            text = ctypes.cast(error, ctypes.c_char_p).value
            lib.glwindowsrc_free(error)
            raise CaptureError(_lib.text(text) or "glwindowsrc not found")
        self._lib = lib
        self._handle = handle

        props = {}
        if display is not None:
            props["display-name"] = display
        if window is not None:
            props.update(target="window", xname=window)
        elif xid is not None:
            props.update(target="window", xid=_window_id(xid))
        elif widget is not None:
            from ._qt import widget_region
            try:
                wid, rect = widget_region(widget)
            except ValueError as exc:
                self.close()
                raise CaptureError(f"Cannot capture the widget: {exc}") \
                    from None
            props.update(target="window", xid=wid)
            region = _inside(region, rect)
        elif render_window is not None:
            from ._vtk import render_window_texture
            try:
                texture, _, _ = render_window_texture(render_window)
            except ValueError as exc:
                self.close()
                raise CaptureError(
                    f"Cannot capture the render window: {exc}") from None
            props.update(target="texture", **{"texture-id": texture,
                                              "texture-origin": "bottom-left",
                                              "is-live": "false"})
        elif program is not None:
            if isinstance(program, (str, bytes)) or not self._program:
                self.close()
                raise ValueError("program= takes a command line as a list, "
                                 "such as ['glxgears']")
            # A private (0700) folder for the socket: the element accepts
            # only this user's programs there.
            self._program_dir = tempfile.mkdtemp(prefix="glwindowsrc-")
            props.update(target="swap", socket=os.path.join(
                self._program_dir, "swap.sock"), lossless=bool(lossless))
        elif draw is not None:
            props.update(target="draw", **{"is-live": str(self.live).lower()})
        else:
            props["target"] = "screen"
        if region is not None:
            x, y, w, h = (int(v) for v in region)
            if min(x, y, w, h) < 0:
                raise ValueError(f"region must not be negative: {region!r}")
            props.update({"crop-x": x, "crop-y": y, "crop-width": w,
                          "crop-height": h})
        props.update(properties or {})
        for name, value in props.items():
            self._set(name, value)

        fps_n, fps_d = _fraction(fps) if fps is not None else (0, 0)
        width, height = (int(v) for v in size) if size is not None else (0, 0)
        if size is not None and (width <= 0 or height <= 0):
            raise ValueError(f"size must be positive, not {size!r}")
        lib.glwindowsrc_capture_set_format(handle, fps_n, fps_d, width, height)
        lib.glwindowsrc_capture_set_drop(handle, int(self.drop))
        if draw is not None:
            self._draw = _DrawCallback(draw)
            lib.glwindowsrc_capture_set_draw(handle, self._draw.c_func, None)
        if render_window is not None:
            render_window.MakeCurrent()
            if lib.glwindowsrc_capture_share_current_context(handle) != 0:
                self._raise_error()

    def _set(self, name: str, value) -> None:
        if isinstance(value, bool):
            value = "true" if value else "false"
        if self._lib.glwindowsrc_capture_set(
                self._handle, name.encode(), str(value).encode()) != 0:
            message = _lib.text(self._lib.glwindowsrc_capture_error(
                self._handle))
            self.close()
            raise ValueError(message)

    # -- lifetime ---------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """True between open() and close()."""
        return getattr(self, "_open", False)

    def open(self, timeout: Optional[float] = None) -> "Capture":
        """Starts the capture and waits for its first frame.

        Raises CaptureError if the window or display cannot be opened, or
        no frame came within ``timeout`` seconds (default: the
        constructor's). Returns self, so ``Capture(...).open()`` chains.
        """
        if self.is_open:
            return self
        if self._handle is None:
            raise CaptureError("The capture was freed")
        if self._draw:
            self._draw.exception = None
        wait = self.timeout if timeout is None else timeout
        if self._render_window is not None:
            # The library announces the present picture (frame-ready) once
            # the pipeline runs, on this thread: VTK's context current.
            self._render_window.MakeCurrent()
        if self._program is not None and (self.process is None
                                          or self.process.poll() is not None):
            self._start_program()
        ret = self._lib.glwindowsrc_capture_open(self._handle, wait)
        self._check(ret)
        self._open = True
        width, height = ctypes.c_int32(), ctypes.c_int32()
        if self._lib.glwindowsrc_capture_get_size(
                self._handle, ctypes.byref(width), ctypes.byref(height)) == 0:
            self.width, self.height = width.value, height.value
        return self

    def close(self) -> None:
        """Stops the capture: the window, the X connection and the GL
        resources are released, and a program it started is ended. Safe to
        call twice; open() may start it again."""
        if getattr(self, "_handle", None) is not None:
            self._lib.glwindowsrc_capture_close(self._handle)
        self._open = False
        process = getattr(self, "process", None)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _start_program(self) -> None:
        """The program, with the hook preloaded and told the socket; it
        may start before the element listens (the hook waits for it)."""
        hook = _lib.text(self._lib.glwindowsrc_capture_hook_library())
        if not hook:
            raise CaptureError("The swap-buffers hook is not installed",
                               "libglwindowsrc-hook.so is neither beside "
                               "the capture library nor in a build tree")
        env = dict(os.environ)
        env["LD_PRELOAD"] = " ".join(filter(None, [
            hook, os.environ.get("LD_PRELOAD")]))
        env["GLWINDOWSRC_SOCKET"] = os.path.join(self._program_dir,
                                                 "swap.sock")
        try:
            self.process = subprocess.Popen(self._program, env=env,
                                            stdin=subprocess.DEVNULL)
        except OSError as exc:
            raise CaptureError(f"Could not start {self._program[0]}",
                               str(exc)) from None

    def __enter__(self) -> "Capture":
        return self.open()

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close()

    def __del__(self):
        handle, self._handle = getattr(self, "_handle", None), None
        if handle is not None:
            self._lib.glwindowsrc_capture_free(handle)
        if getattr(self, "_program_dir", None):
            shutil.rmtree(self._program_dir, ignore_errors=True)

    # -- frames -----------------------------------------------------------

    def read(self, timeout: Optional[float] = None, fresh: bool = False,
             copy: bool = True) -> np.ndarray:
        """Returns the next frame as a (height, width, 4) uint8 RGBA array,
        row 0 at the top.

        With ``drop`` (the default for live captures) that is the newest
        frame captured; with ``fresh=True`` one whose capture started after
        this call, e.g. after you changed the scene. For a render window,
        the picture of its last ``Render()``. ``copy=False`` returns a
        read-only view of the frame's memory, valid until the next read or
        close (no copy at all). Raises EndOfStream when the window was
        closed, CaptureError on failure.
        """
        wait = self.timeout if timeout is None else timeout
        if not self.is_open:
            self.open(wait)
        if self._render_window is not None:
            # The picture of the last Render(), whenever it was.
            self._ready()
            fresh = True
        ret = self._lib.glwindowsrc_capture_read(
            self._handle, wait, int(fresh),
            ctypes.byref(self._frame),
            ctypes.sizeof(self._frame))
        self._check(ret)
        return self._to_array(copy)

    def frames(self, count: Optional[int] = None,
               timeout: Optional[float] = None) -> Iterator[np.ndarray]:
        """Yields frames as arrays, ``count`` of them or until the stream
        ends (the window closes), each as read() would return it."""
        n = 0
        while count is None or n < count:
            try:
                frame = self.read(timeout)
            except EndOfStream:
                return
            yield frame
            n += 1

    def __iter__(self) -> Iterator[np.ndarray]:
        return self.frames()

    # -- internals --------------------------------------------------------

    def _ready(self) -> None:
        """A render window's picture is finished: frame-ready, on VTK's
        thread with its context current, puts a fence after its last
        Render() that the element's context waits for before it reads the
        texture, and (offline: one frame per frame-ready) returns once that
        frame has been copied and sent."""
        self._render_window.MakeCurrent()
        self._lib.glwindowsrc_capture_frame_ready(self._handle)

    def _to_array(self, copy: bool) -> np.ndarray:
        f = self._frame
        self.timestamp = f.pts
        self.width, self.height = f.width, f.height
        rows = np.ctypeslib.as_array(f.data, shape=(f.height, f.stride))
        view = rows[:, :f.width * 4].reshape(f.height, f.width, 4)
        if copy:
            return np.array(view, copy=True, order="C")
        view.flags.writeable = False
        return view

    def _check(self, ret: int) -> None:
        failure = None
        if self._draw:
            with self._draw.lock:
                failure = self._draw.exception
        if ret == _lib.OK and failure is None:
            return
        if ret == _lib.END:
            raise EndOfStream(*self._error_texts()[:2])
        self._raise_error(failure)

    def _error_texts(self):
        lib, h = self._lib, self._handle
        return (_lib.text(lib.glwindowsrc_capture_error(h)) or "Capture failed",
                _lib.text(lib.glwindowsrc_capture_error_debug(h)),
                _lib.text(lib.glwindowsrc_capture_error_source(h)))

    def _raise_error(self, failure: Optional[BaseException] = None) -> None:
        error = CaptureError(*self._error_texts())
        if failure is not None:
            error = CaptureError(
                f"The draw callback raised {type(failure).__name__}: "
                f"{failure}", error.message, error.source)
            raise error from failure
        raise error


def _inside(region: Optional[Region], rect: Region) -> Region:
    """@region, relative to @rect (a widget's), as a rectangle of the
    window @rect is in."""
    if region is None:
        return rect
    x, y, w, h = (int(v) for v in region)
    rx, ry, rw, rh = rect
    w = w or rw - x
    h = h or rh - y
    return rx + x, ry + y, max(0, min(w, rw - x)), max(0, min(h, rh - y))


# grab() keeps its last capture paused between calls, so a second grab of
# the same target costs one frame rather than a new X connection, GL
# context and pipeline.
_grab_lock = threading.Lock()
_grab_cache = {}


def _close_cached():
    with _grab_lock:
        for cap in _grab_cache.values():
            cap.close()
        _grab_cache.clear()


atexit.register(_close_cached)


def grab(window: Optional[str] = None, xid: Union[int, str, None] = None,
         display: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT, *,
         widget=None, render_window=None,
         region: Optional[Region] = None) -> np.ndarray:
    """Captures one frame of a window (by title or id), a Qt widget, a VTK
    render window or the screen.

    Returns a (height, width, 4) uint8 RGBA array, row 0 at the top, of a
    picture taken after this call. Raises CaptureError, e.g. when no window
    has that title.
    """
    if render_window is not None:
        with Capture(render_window=render_window, region=region,
                     timeout=timeout) as cap:
            return cap.read()
    if widget is not None:
        # Its place in the window may have changed since the last grab.
        cap = Capture(widget=widget, region=region, timeout=timeout,
                      properties={"readback": "direct"})
        with cap:
            return cap.read(fresh=True)
    key = (window, None if xid is None else _window_id(xid), display,
           region)
    with _grab_lock:
        cap = _grab_cache.pop(key, None)
        for old in _grab_cache.values():
            old.close()
        _grab_cache.clear()
    if cap is not None:
        try:
            frame = cap.read(timeout, fresh=True)
        except (CaptureError, EndOfStream):
            cap.close()
            cap = None
        else:
            _keep(key, cap)
            return frame
    # One frame has nothing to overlap with: the pack-buffer ring would only
    # hold it back for a second capture.
    cap = Capture(window=window, xid=xid, display=display, timeout=timeout,
                  region=region, properties={"readback": "direct"})
    try:
        cap.open()
        frame = cap.read(timeout, fresh=True)
    except BaseException:
        cap.close()
        raise
    _keep(key, cap)
    return frame


def _keep(key, cap: Capture) -> None:
    """Keeps @cap for the next grab, paused: it captures nothing meanwhile."""
    if cap._lib.glwindowsrc_capture_pause(cap._handle) != _lib.OK:
        cap.close()
        return
    with _grab_lock:
        _grab_cache[key] = cap
