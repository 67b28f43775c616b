# SPDX-License-Identifier: LGPL-2.1-or-later
"""libglwindowsrc-capture through ctypes: the C API the package runs on.

The library has a C ABI of plain types (ext/capture/glwindowsrc-capture.h),
so any CPython with ctypes can load it: no extension module is compiled
per Python version and no PyGObject is needed.
"""

import ctypes
import ctypes.util
import os
import sys

SONAME = "libglwindowsrc-capture.so.0"

OK, END, ERROR = 1, 0, -1

DRAW_FUNC = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32,
                             ctypes.c_uint32, ctypes.c_uint64)


class Frame(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.POINTER(ctypes.c_uint8)),
        ("width", ctypes.c_int32),
        ("height", ctypes.c_int32),
        ("stride", ctypes.c_int32),
        ("reserved", ctypes.c_int32),
        ("pts", ctypes.c_uint64),
    ]


def _candidates():
    """Where the library may be, most specific first."""
    explicit = os.environ.get("GLWINDOWSRC_LIBRARY")
    if explicit:
        yield explicit
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        from . import _install  # written by meson install
        yield os.path.normpath(os.path.join(here, _install.LIBDIR_FROM_PACKAGE,
                                            SONAME))
    except ImportError:
        pass
    # A source checkout whose build is <checkout>/build (scripts/setup.sh).
    checkout = os.path.normpath(os.path.join(here, "..", "..", ".."))
    yield os.path.join(checkout, "build", "ext", "capture", SONAME)
    # The dynamic linker's own search (ldconfig's cache, LD_LIBRARY_PATH).
    yield SONAME
    found = ctypes.util.find_library("glwindowsrc-capture")
    if found:
        yield found
    multiarch = getattr(sys.implementation, "_multiarch", None)
    for prefix in ("/usr/local", "/usr"):
        if multiarch:
            yield os.path.join(prefix, "lib", multiarch, SONAME)
        yield os.path.join(prefix, "lib", SONAME)


def _declare(lib):
    c = ctypes
    p = c.c_void_p
    sigs = {
        "glwindowsrc_capture_version": (c.c_char_p, []),
        "glwindowsrc_capture_hook_library": (c.c_char_p, []),
        "glwindowsrc_capture_abi": (c.c_int, []),
        "glwindowsrc_free": (None, [p]),
        "glwindowsrc_capture_new": (p, [c.POINTER(c.c_void_p)]),
        "glwindowsrc_capture_free": (None, [p]),
        "glwindowsrc_capture_set": (c.c_int, [p, c.c_char_p, c.c_char_p]),
        "glwindowsrc_capture_set_format":
            (c.c_int, [p, c.c_int32, c.c_int32, c.c_int32, c.c_int32]),
        "glwindowsrc_capture_set_drop": (None, [p, c.c_int]),
        "glwindowsrc_capture_set_draw": (None, [p, DRAW_FUNC, p]),
        "glwindowsrc_capture_share_current_context": (c.c_int, [p]),
        "glwindowsrc_capture_frame_ready": (None, [p]),
        "glwindowsrc_capture_open": (c.c_int, [p, c.c_double]),
        "glwindowsrc_capture_read":
            (c.c_int, [p, c.c_double, c.c_int, c.POINTER(Frame), c.c_uint32]),
        "glwindowsrc_capture_running_time": (c.c_int64, [p]),
        "glwindowsrc_capture_pause": (c.c_int, [p]),
        "glwindowsrc_capture_get_size":
            (c.c_int, [p, c.POINTER(c.c_int32), c.POINTER(c.c_int32)]),
        "glwindowsrc_capture_close": (None, [p]),
        "glwindowsrc_capture_error": (c.c_char_p, [p]),
        "glwindowsrc_capture_error_debug": (c.c_char_p, [p]),
        "glwindowsrc_capture_error_source": (c.c_char_p, [p]),
    }
    for name, (restype, argtypes) in sigs.items():
        func = getattr(lib, name)
        func.restype = restype
        func.argtypes = argtypes
    return lib


_lib = None


def load():
    """The library, loaded once; OSError naming where it was looked for."""
    global _lib
    if _lib is not None:
        return _lib
    tried = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as exc:
            tried.append(f"{path} ({exc})")
            continue
        _lib = _declare(lib)
        return _lib
    raise OSError("libglwindowsrc-capture not found; install glwindowsrc "
                  "(meson install) or set GLWINDOWSRC_LIBRARY to its path. "
                  "Tried: " + "; ".join(tried))


def text(value):
    return value.decode("utf-8", "replace") if value is not None else None
