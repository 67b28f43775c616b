"""Capture a GL window, the X screen or your own GL drawing as NumPy arrays.

A thin layer over the ``glwindowsrc`` GStreamer element: it builds
``glwindowsrc ! video/x-raw,format=RGBA ! appsink`` and hands each frame back
as a NumPy array of shape ``(height, width, 4)``, dtype ``uint8``, RGBA, with
row 0 at the TOP of the picture (the way image files and arrays run, not the
bottom-up order of GL and VTK readbacks).  Each array is a private, writable,
C-contiguous copy: the one and only copy made from the GStreamer buffer.

One picture::

    import glwindowsrc
    frame = glwindowsrc.grab(window="3D View")       # by exact window title
    frame = glwindowsrc.grab(xid=0x3e00007)          # by X window id
    frame = glwindowsrc.grab()                       # the whole screen

A stream::

    with glwindowsrc.Capture(window="3D View", fps=30) as cap:
        first = cap.read()
        for frame in cap.frames(count=100):
            ...

Your own GL drawing (see :class:`Capture` for the callback)::

    def draw(width, height, timestamp):
        glClearColor(1, 0, 0, 1)
        glClear(GL_COLOR_BUFFER_BIT)

    with glwindowsrc.Capture(draw=draw, size=(640, 480), live=False) as cap:
        frame = cap.read()

Failures - no such window, no X display, a window that closes - are raised
as :class:`CaptureError` carrying GStreamer's message and debug string.

Finding the plugin: GStreamer searches ``$GST_PLUGIN_PATH`` first.  From a
build tree, ``meson devenv -C build`` opens a shell with ``GST_PLUGIN_PATH``
and ``PYTHONPATH`` set for this package and the freshly built plugin; when
this package is imported straight from a source checkout whose plugin was
built into ``<checkout>/build`` (``scripts/setup.sh`` does that), that build
is found without either.  Use Debian's ``/usr/bin/python3``: it is the
interpreter with PyGObject (``python3-gi``, ``python3-gst-1.0``) and NumPy.
"""

import fractions
import os
import threading
import time

import numpy as np

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
gi.require_version("GstVideo", "1.0")
from gi.repository import Gst, GstApp, GstVideo  # noqa: E402,F401

__all__ = ["Capture", "CaptureError", "EndOfStream", "grab"]

DEFAULT_TIMEOUT = 10.0

# How often a wait for a frame looks at the bus: errors are posted there, and
# an appsink that will never get another sample does not wake its waiter.
_POLL_S = 0.05


class CaptureError(RuntimeError):
    """A capture failed.

    ``message`` is GStreamer's user-facing message (for a missing window it
    names the window), ``debug`` its debug string (why, for developers; may
    be None), ``source`` the name of the element that posted it, ``error``
    the underlying ``GLib.Error`` when there is one.  A Python exception
    raised by a draw callback is chained as ``__cause__``.
    """

    def __init__(self, message, debug=None, source=None, error=None):
        super().__init__(message)
        self.message = message
        self.debug = debug
        self.source = source
        self.error = error

    def __str__(self):
        if self.debug:
            return f"{self.message} ({self.debug})"
        return self.message


class EndOfStream(CaptureError):
    """The stream ended: the captured window was closed, or the source sent
    its last frame.  ``message`` is the element's warning, when it gave one.
    :meth:`Capture.frames` ends quietly on it; :meth:`Capture.read` raises.
    """


def _ensure_plugin():
    if not Gst.is_initialized():
        Gst.init(None)
    if Gst.ElementFactory.find("glwindowsrc"):
        return
    # Imported from a source checkout (ext/python/glwindowsrc) whose plugin
    # scripts/setup.sh built into <checkout>/build: use that build rather
    # than fail, since nothing else would point GStreamer at it.
    ext_python = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    checkout = os.path.dirname(os.path.dirname(ext_python))
    build_plugins = os.path.join(checkout, "build", "gst")
    if ext_python.endswith(os.path.join("ext", "python")) \
            and os.path.isdir(build_plugins):
        Gst.Registry.get().scan_path(build_plugins)
        if Gst.ElementFactory.find("glwindowsrc"):
            return
    raise CaptureError(
        "GStreamer element 'glwindowsrc' not found",
        "install the plugin, or point GST_PLUGIN_PATH at the build's gst/ "
        "directory (meson devenv -C build does that)")


def _fraction(fps):
    f = fractions.Fraction(fps).limit_denominator(1001)
    if f <= 0:
        raise ValueError(f"fps must be positive, not {fps!r}")
    return Gst.Fraction(f.numerator, f.denominator)


def _window_id(xid):
    """An X window id from an int, a "0x..." string (xwininfo, xdotool), or
    the pointer string VTK's Python wrapping returns from
    GetGenericWindowId(), e.g. "_00000000002a0007_p_void"."""
    if isinstance(xid, str):
        text = xid.strip()
        if text.startswith("_") and text.endswith("_p_void"):
            return int(text[1:-len("_p_void")], 16)
        return int(text, 0)
    return int(xid)


def _sample_to_array(sample):
    """Copies an RGBA sample into a new (height, width, 4) uint8 array.

    The buffer is mapped without copying (PyGObject hands out a memoryview
    of the mapped memory); the rows are then copied once into the result,
    following the GstVideoMeta's offset and stride, which may be wider than
    width * 4 when a pool pads rows.
    """
    buf = sample.get_buffer()
    meta = GstVideo.buffer_get_video_meta(buf)
    if meta:
        width, height = meta.width, meta.height
        offset, stride = meta.offset[0], meta.stride[0]
    else:
        info = GstVideo.VideoInfo.new_from_caps(sample.get_caps())
        width, height = info.width, info.height
        offset, stride = info.offset[0], info.stride[0]

    out = np.empty((height, width, 4), np.uint8)
    with buf.map(Gst.MapFlags.READ) as mapinfo:
        data = np.frombuffer(mapinfo.data, np.uint8)
        if offset + stride * (height - 1) + width * 4 > data.size:
            raise CaptureError(
                "Captured buffer is smaller than its video meta says",
                f"{data.size} bytes for {width}x{height}, offset {offset}, "
                f"stride {stride}")
        rows = np.lib.stride_tricks.as_strided(
            data[offset:], shape=(height, width, 4), strides=(stride, 4, 1),
            writeable=False)
        np.copyto(out, rows)
    return out


class _DrawCallback:
    """The `draw` signal handler.

    Holds the user's callable and the first exception it raised, but not
    the Capture: the element keeps its handlers alive, so a reference back
    would make a cycle through C that Python's collector cannot break.
    """

    def __init__(self, func):
        self.func = func
        self.lock = threading.Lock()
        self.exception = None

    def __call__(self, element, context, width, height, timestamp):
        try:
            ret = self.func(width, height, timestamp)
        except BaseException as exc:  # noqa: B902 - re-raised in read()
            with self.lock:
                if self.exception is None:
                    self.exception = exc
            return False
        return True if ret is None else bool(ret)


class Capture:
    """A running capture whose frames are read as NumPy arrays.

    What to capture (give at most one of ``window``, ``xid``, ``draw``;
    none of them captures the whole screen):

    ``window``
        the exact title of a top-level X window (``xname`` on the element).
    ``xid``
        an X window id: an int, a ``"0x..."`` string (``xwininfo``,
        ``xdotool``), or what VTK's ``render_window.GetGenericWindowId()``
        returns for an on-screen window.
    ``draw``
        a callable ``draw(width, height, timestamp)`` that renders one frame
        with ordinary GL calls (PyOpenGL, or a toolkit sharing the context).
        It is called on GStreamer's GL thread with the element's framebuffer
        bound and its GL context current, in GL's y-up convention: what you
        draw at the top of the viewport is row 0 of the array.  ``timestamp``
        is the frame's running time in nanoseconds.  Return None or True
        when a frame was drawn, False when not; an exception it raises stops
        the capture and is re-raised by :meth:`read` as a CaptureError.
        Without ``$DISPLAY`` (or ``$WAYLAND_DISPLAY``) GL runs headless on
        the EGL device platform (``GST_GL_PLATFORM=egl``,
        ``GST_GL_WINDOW=egl-device`` are set when not set already); for
        PyOpenGL also set ``PYOPENGL_PLATFORM=egl`` before importing it.

    Other arguments:

    ``display``
        the X display to use (``display-name``), default ``$DISPLAY``.
    ``fps``
        frames per second (an int, float or Fraction); default: the
        element's, 30.
    ``size``
        ``(width, height)`` of the picture in draw mode (default 1280x720).
        A window or the screen is always captured at its own size.
    ``live``
        draw mode only: True (default) renders at ``fps`` in real time;
        False renders each frame as soon as the previous one was taken, for
        offline rendering as fast as the machine allows.
    ``drop``
        True keeps only the newest frame, so that a slow reader always
        gets a current picture and skips the rest; False keeps every frame
        and slows the source down to the reader's pace.  Default: True for
        live captures, False for ``live=False``.
    ``timeout``
        seconds :meth:`open` waits for the first frame.

    The pipeline starts in :meth:`open` (or on entering a ``with`` block,
    or on the first :meth:`read`), which waits for the first frame so that
    a missing window or display is raised right there.  :meth:`close` (or
    leaving the ``with`` block) sets it to NULL and frees the window and GL
    resources.  ``pipeline`` and ``element`` are the GStreamer objects, for
    anything this class does not cover; ``width``, ``height`` the frame
    size once open; ``timestamp`` the running time (ns) of the frame last
    returned.
    """

    def __init__(self, window=None, xid=None, draw=None, display=None,
                 fps=None, size=None, live=None, drop=None,
                 timeout=DEFAULT_TIMEOUT):
        if sum(x is not None for x in (window, xid, draw)) > 1:
            raise ValueError("give at most one of window, xid and draw")
        if size is not None and draw is None:
            raise ValueError("size applies to draw mode only: a window or "
                             "the screen is captured at its own size")
        if live is not None and draw is None:
            raise ValueError("live applies to draw mode only: window and "
                             "screen captures are always live")
        _ensure_plugin()

        self.live = True if live is None else bool(live)
        self.drop = self.live if drop is None else bool(drop)
        self.timeout = timeout
        self.width = self.height = None
        self.timestamp = None
        self._pending = None
        self._warning = None
        self._draw = None
        self._open = False

        self.pipeline = Gst.Pipeline.new("glwindowsrc-capture")
        self.element = Gst.ElementFactory.make("glwindowsrc", "src")
        capsfilter = Gst.ElementFactory.make("capsfilter", "caps")
        self._sink = Gst.ElementFactory.make("appsink", "sink")
        if not (self.element and capsfilter and self._sink):
            raise CaptureError("Could not create the capture pipeline",
                               "glwindowsrc, capsfilter or appsink missing")

        src = self.element
        if display is not None:
            src.set_property("display-name", display)
        if window is not None:
            src.set_property("xname", window)
            self._set_target("window")
        elif xid is not None:
            src.set_property("xid", _window_id(xid))
            self._set_target("window")
        elif draw is not None:
            if not self._set_target("draw"):
                raise CaptureError(
                    "This glwindowsrc cannot capture a draw callback",
                    "the element has no 'target' property; update the plugin")
            self._draw = _DrawCallback(draw)
            src.connect("draw", self._draw)
            src.set_property("is-live", self.live)
            if not (os.environ.get("DISPLAY")
                    or os.environ.get("WAYLAND_DISPLAY")):
                os.environ.setdefault("GST_GL_PLATFORM", "egl")
                os.environ.setdefault("GST_GL_WINDOW", "egl-device")
        else:
            self._set_target("screen")

        caps = Gst.Caps.from_string("video/x-raw,format=RGBA")
        if fps is not None:
            caps.set_value("framerate", _fraction(fps))
        if size is not None:
            width, height = (int(v) for v in size)
            if width <= 0 or height <= 0:
                raise ValueError(f"size must be positive, not {size!r}")
            caps.set_value("width", width)
            caps.set_value("height", height)
        capsfilter.set_property("caps", caps)

        # The source paces itself (live) or should run flat out (not live):
        # a clock-synchronised sink would only add waiting.
        self._sink.set_property("sync", False)
        self._sink.set_property("max-buffers", 1 if self.drop else 2)
        self._sink.set_property("drop", self.drop)

        for element in (src, capsfilter, self._sink):
            self.pipeline.add(element)
        src.link(capsfilter)
        capsfilter.link(self._sink)

    def _set_target(self, nick):
        # `target` is newer than xid/xname; without it the element picks
        # window or screen from those, which is what we asked for anyway.
        if self.element.find_property("target") is None:
            return False
        Gst.util_set_object_arg(self.element, "target", nick)
        return True

    # -- lifetime ---------------------------------------------------------

    @property
    def is_open(self):
        """True between open() and close()."""
        return self._open

    def open(self, timeout=None):
        """Starts the capture and waits for its first frame.

        Raises CaptureError if the window or display cannot be opened, or
        no frame came within ``timeout`` seconds (default: the
        constructor's).  Returns self, so ``Capture(...).open()`` chains.
        """
        if self.is_open:
            return self
        self._warning = None
        if self._draw:
            self._draw.exception = None
        self._open = True
        ret = self.pipeline.set_state(Gst.State.PLAYING)
        if ret == Gst.StateChangeReturn.FAILURE:
            try:
                self._check_bus()
                raise CaptureError("Could not start the capture pipeline")
            finally:
                self.close()
        try:
            self._pending = self._pull(self.timeout if timeout is None
                                       else timeout)
            # Frames flow before the bin has finished going to PLAYING; wait
            # for it, so that open() returns a settled pipeline.
            self.pipeline.get_state(Gst.SECOND)
        except BaseException:
            self.close()
            raise
        info = GstVideo.VideoInfo.new_from_caps(self._pending.get_caps())
        self.width, self.height = info.width, info.height
        return self

    def close(self):
        """Stops the capture: the pipeline goes to NULL, which releases the
        window, the X connection and the GL resources.  Safe to call twice;
        open() may start it again."""
        self.pipeline.set_state(Gst.State.NULL)
        self._pending = None
        self._open = False

    def __enter__(self):
        return self.open()

    def __exit__(self, exc_type, exc, tb):
        self.close()

    def __del__(self):
        pipeline = getattr(self, "pipeline", None)
        if pipeline is not None:
            pipeline.set_state(Gst.State.NULL)

    # -- frames -----------------------------------------------------------

    def read(self, timeout=None, fresh=False):
        """Returns the next frame as a (height, width, 4) uint8 RGBA array,
        row 0 at the top.

        With ``drop`` (the default for live captures) that is the newest
        frame captured; with ``fresh=True`` it is one whose capture started
        after this call, e.g. after you changed the scene.  Waits at most
        ``timeout`` seconds (default: the constructor's).  Raises
        EndOfStream when the window was closed, CaptureError on failure.
        Starts the capture if it is not running; prefer ``with`` so that it
        is stopped again.
        """
        if timeout is None:
            timeout = self.timeout
        if not self.is_open:
            self.open(timeout)
        if fresh and self.live:
            sample = self._pull_after(self._running_time(), timeout)
        elif self._pending is not None:
            sample, self._pending = self._pending, None
            if self.drop:
                sample = self._sink.try_pull_sample(0) or sample
        else:
            sample = self._pull(timeout)
        return self._to_array(sample)

    def frames(self, count=None, timeout=None):
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

    def __iter__(self):
        return self.frames()

    # -- internals --------------------------------------------------------

    def _to_array(self, sample):
        self.timestamp = sample.get_buffer().pts
        frame = _sample_to_array(sample)
        self.height, self.width = frame.shape[:2]
        return frame

    def _running_time(self):
        clock = self.pipeline.get_clock()
        if clock is None:
            return 0
        return clock.get_time() - self.pipeline.get_base_time()

    def _pull_after(self, running_time, timeout):
        deadline = time.monotonic() + timeout
        while True:
            sample = self._pull(max(0.0, deadline - time.monotonic()))
            if sample.get_buffer().pts >= running_time:
                return sample

    def _pull(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            self._check_bus()
            left = deadline - time.monotonic()
            wait = min(_POLL_S, max(0.0, left))
            sample = self._sink.try_pull_sample(int(wait * Gst.SECOND))
            if sample is not None:
                self._pending = None
                return sample
            if self._sink.is_eos():
                self._check_bus()
                message, debug = self._warning or ("End of stream", None)
                raise EndOfStream(message, debug)
            if left <= 0:
                self._check_bus()
                raise CaptureError(f"No frame within {timeout:g} s")

    def _check_bus(self):
        """Raises the first error on the bus (or from the draw callback);
        remembers warnings, which explain an end of stream."""
        failure = None
        if self._draw:
            with self._draw.lock:
                failure = self._draw.exception
        bus = self.pipeline.get_bus()
        while True:
            msg = bus.pop()
            if msg is None:
                break
            if msg.type == Gst.MessageType.ERROR:
                err, debug = msg.parse_error()
                error = CaptureError(err.message, debug,
                                     msg.src.get_name(), err)
                if failure is not None:
                    raise error from failure
                raise error
            if msg.type == Gst.MessageType.WARNING:
                err, debug = msg.parse_warning()
                self._warning = (err.message, debug)
        if failure is not None:
            raise CaptureError("The draw callback raised "
                               f"{type(failure).__name__}: {failure}") \
                from failure


def grab(window=None, xid=None, display=None, timeout=DEFAULT_TIMEOUT):
    """Captures one frame of a window (by title or id) or of the screen.

    Returns a (height, width, 4) uint8 RGBA array, row 0 at the top.
    Raises CaptureError, e.g. when no window has that title.
    """
    cap = Capture(window=window, xid=xid, display=display, timeout=timeout)
    # One frame has nothing to overlap with: the pack-buffer ring would
    # only hold it back for a second capture.
    if cap.element.find_property("readback"):
        Gst.util_set_object_arg(cap.element, "readback", "direct")
    with cap:
        return cap.read()
