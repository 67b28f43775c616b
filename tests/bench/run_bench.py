#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Capture benchmark: glwindowsrc against what users would pick instead.

    tests/bench/run.sh                 # full run: 720p, 1080p, 4K; writes
                                       # docs/performance.md and .png
    tests/bench/run.sh --rows ... --sizes ...
                                       # a subset: writes into build/bench/
                                       # (printed), docs/ only with --out docs
    tests/bench/run.sh --smoke         # a few frames at one small size (CI)
    tests/bench/run.sh --soak          # 10,000 frames: RSS at start and end

run.sh starts a private Xvfb big enough for 4K and runs this script against
it; run directly, this script uses $DISPLAY as it is.

For every size, on the same display and in one run, each row runs in a
process of its own (so peak RSS is that row's alone), captures frames as
fast as they come for a fixed time after a warm-up, and reports frames per
second, CPU milliseconds per frame - the measuring process's (all threads)
plus the X server's over the same interval, since the server does the
copying for XShm reads and software texture-from-pixmap - and peak RSS.
Pipelines run in tests/bench/bench_helper.c, a C runner, so that no row pays
for a Python interpreter; the NumPy and VTK rows are Python by nature and
run in a Python child each.

The captured window changes in a 16x16 corner after every frame (before
the next capture), so sources that skip unchanged windows do the same work
as sources that do not.
"""

import argparse
import ctypes
import datetime
import json
import os
import platform
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))

SIZES = {"720p": (1280, 720), "1080p": (1920, 1080), "4k": (3840, 2160)}

ROWS = [
    ("gws-sys", "glwindowsrc window -> RGBA system memory"),
    ("gws-gl", "glwindowsrc window -> GLMemory"),
    ("gws-gl-nv12", "glwindowsrc window -> GLMemory NV12"),
    ("gws-tex", "glwindowsrc texture -> RGBA system memory"),
    ("gws-tex-ring", "glwindowsrc texture -> RGBA system memory, "
     "readback=pbo-ring"),
    ("gws-tfp", "glwindowsrc window, texture-from-pixmap -> RGBA system "
     "memory"),
    ("gws-tfp-ring", "glwindowsrc window, texture-from-pixmap -> RGBA "
     "system memory, readback=pbo-ring"),
    ("gws-bgrx", "glwindowsrc window -> BGRx system memory"),
    ("gws-i420", "glwindowsrc window ! videoconvert -> I420 (the element "
     "makes it)"),
    ("xi-native", "ximagesrc -> BGRx (native)"),
    ("xi-rgba", "ximagesrc ! videoconvert -> RGBA"),
    ("xi-i420", "ximagesrc ! videoconvert -> I420"),
    ("ffmpeg-i420", "ffmpeg -f x11grab -> rawvideo yuv420p"),
    ("gltestsrc", "gltestsrc ! gldownload -> RGBA"),
    ("numpy", "NumPy: glwindowsrc.Capture.read() -> array (a copy)"),
    ("py-view", "NumPy: Capture.read(copy=False) -> read-only view"),
    ("py-grab", "NumPy: glwindowsrc.grab(), a second and later call"),
    ("py-grab-first", "NumPy: glwindowsrc.grab(), the first in a process"),
    ("pil", "Pillow ImageGrab.grab(xdisplay=...) -> array (the peer)"),
    ("vtk-default", "VTK filter, defaults (re-renders each frame) -> array"),
    ("vtk-front", "VTK filter, front buffer, no re-render -> array"),
    ("memcpy", "memcpy of one RGBA frame"),
]
LABELS = dict(ROWS)
# The rows that run in a Python child of this script.
PY_ROWS = {"numpy", "py-view", "py-grab", "py-grab-first", "pil",
           "vtk-default", "vtk-front"}
# Each frame of the VTK default row renders the scene again: at 4K on
# llvmpipe that is seconds a frame, and a warm-up frame beyond the first
# few (shader compilation) teaches nothing.
VTK_RENDER_WARMUP = 3

# What the VTK render window shows (--vtk-scene).  Only the default VTK row
# renders it again per frame; the NumPy and front-buffer rows read what is
# on screen, whatever it cost to draw.
VTK_SCENES = {
    "geometry": "a lit, shaded cone (64 facets) over a gradient background",
    "volume": "a 128^3 volume (vtkRTAnalyticSource) ray cast by "
              "vtkGPUVolumeRayCastMapper, shaded",
}

SOAK_ROWS = ["gws-sys", "gws-gl", "gws-tex", "gws-tex-ring"]
SOAK_FRAMES = 10000
# Growth above this over a soak is reported as not flat.
SOAK_FLAT_KB = 1024

SINK = "fakesink name=sink sync=false"
# A recording's raw frames: what an encoder is handed.
I420 = "videoconvert ! video/x-raw,format=I420"
RGBA = "video/x-raw,format=RGBA,framerate=1000/1"
GL_RGBA = "video/x-raw(memory:GLMemory),format=RGBA,framerate=1000/1"
# What a hardware encoder that takes GL memory is handed (nvh264enc).
GL_NV12 = "video/x-raw(memory:GLMemory),format=NV12,framerate=1000/1"
# ximagesrc is always live and paces itself at the caps rate: a rate no
# capture reaches keeps it from ever waiting.
XI = ("ximagesrc name=src xid={xid} use-damage=false show-pointer=false "
      "! video/x-raw,framerate=10000/1")


def pipeline_for(key, width, height, xid):
    """The gst-launch description of a C-runner row, or None."""
    gws = f"glwindowsrc name=src xid={xid} is-live=false"
    return {
        "gws-sys": f"{gws} ! {RGBA} ! {SINK}",
        "gws-gl": f"{gws} ! {GL_RGBA} ! {SINK}",
        "gws-gl-nv12": f"{gws} ! {GL_NV12} ! {SINK}",
        "gws-tex": ("glwindowsrc name=src target=texture "
                    f"texture-id=@TEXTURE@ is-live=false ! {RGBA} ! {SINK}"),
        "gws-tex-ring": ("glwindowsrc name=src target=texture "
                         "texture-id=@TEXTURE@ is-live=false "
                         f"readback=pbo-ring ! {RGBA} ! {SINK}"),
        "gws-tfp": (f"{gws} capture-method=texture-from-pixmap "
                    f"! {RGBA} ! {SINK}"),
        "gws-tfp-ring": (f"{gws} capture-method=texture-from-pixmap "
                         f"readback=pbo-ring ! {RGBA} ! {SINK}"),
        "gws-bgrx": (f"{gws} ! video/x-raw,format=BGRx,framerate=1000/1 "
                     f"! {SINK}"),
        "gws-i420": (f"{gws} ! video/x-raw,framerate=1000/1 ! {I420} "
                     f"! {SINK}"),
        "xi-native": f"{XI.format(xid=xid)} ! {SINK}",
        "xi-rgba": (f"{XI.format(xid=xid)} ! videoconvert "
                    f"! video/x-raw,format=RGBA ! {SINK}"),
        "xi-i420": f"{XI.format(xid=xid)} ! {I420} ! {SINK}",
        "gltestsrc": ("gltestsrc name=src is-live=false "
                      "! video/x-raw(memory:GLMemory),format=RGBA,"
                      f"width={width},height={height},framerate=1000/1 "
                      f"! gldownload ! video/x-raw,format=RGBA ! {SINK}"),
    }.get(key)


TOUCHED = {"gws-sys", "gws-gl", "gws-gl-nv12", "gws-tfp", "gws-tfp-ring", "xi-native",
           "xi-rgba", "gws-bgrx", "gws-i420", "xi-i420"}


# ---------------------------------------------------------------------------
# Python children: the NumPy path and the VTK route


class _Toucher:
    """Changes a 16x16 corner of an X window: the C runner's --touch, for
    the Python children (libX11 through ctypes; no python-xlib needed)."""

    def __init__(self, xid):
        x = ctypes.CDLL("libX11.so.6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XCreateGC.restype = ctypes.c_void_p
        x.XCreateGC.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                ctypes.c_ulong, ctypes.c_void_p]
        x.XSetForeground.argtypes = [ctypes.c_void_p, ctypes.c_void_p,
                                     ctypes.c_ulong]
        x.XFillRectangle.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                     ctypes.c_void_p, ctypes.c_int,
                                     ctypes.c_int, ctypes.c_uint,
                                     ctypes.c_uint]
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x = x
        self.xid = xid
        self.dpy = x.XOpenDisplay(None)
        if not self.dpy:
            raise RuntimeError("cannot open the X display")
        self.gc = x.XCreateGC(self.dpy, xid, 0, None)
        self.n = 0

    def __call__(self, *_args):
        self.n += 1
        self.x.XSetForeground(self.dpy, self.gc,
                              (self.n * 0x2f1b37) & 0xffffff)
        self.x.XFillRectangle(self.dpy, self.xid, self.gc, 0, 0, 16, 16)
        self.x.XSync(self.dpy, 0)


def _xserver_cpu_s(pid):
    if not pid:
        return None
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
    except OSError:
        return None
    return total / 1e9


def _cpu_s():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * (os.sysconf("SC_PAGESIZE") // 1024)


def _vtk_window(width, height, scene="geometry"):
    """A VTK render window (VTK's defaults: double-buffered, 8x multisampled)
    showing a static scene, rendered once; see VTK_SCENES."""
    import vtk
    renderer = vtk.vtkRenderer()
    renderer.GradientBackgroundOn()
    renderer.SetBackground(0.05, 0.05, 0.1)
    renderer.SetBackground2(0.4, 0.5, 0.7)
    if scene == "volume":
        source = vtk.vtkRTAnalyticSource()
        source.SetWholeExtent(-64, 63, -64, 63, -64, 63)
        mapper = vtk.vtkGPUVolumeRayCastMapper()
        mapper.SetInputConnection(source.GetOutputPort())
        colour = vtk.vtkColorTransferFunction()
        colour.AddRGBPoint(40, 0.2, 0.2, 0.8)
        colour.AddRGBPoint(150, 0.9, 0.6, 0.3)
        colour.AddRGBPoint(270, 1.0, 1.0, 0.9)
        opacity = vtk.vtkPiecewiseFunction()
        opacity.AddPoint(40, 0.0)
        opacity.AddPoint(120, 0.02)
        opacity.AddPoint(200, 0.2)
        opacity.AddPoint(270, 0.6)
        prop = vtk.vtkVolumeProperty()
        prop.SetColor(colour)
        prop.SetScalarOpacity(opacity)
        prop.ShadeOn()
        prop.SetInterpolationTypeToLinear()
        volume = vtk.vtkVolume()
        volume.SetMapper(mapper)
        volume.SetProperty(prop)
        renderer.AddVolume(volume)
        renderer.ResetCamera()
        renderer.GetActiveCamera().Azimuth(30)
        renderer.GetActiveCamera().Elevation(20)
    else:
        cone = vtk.vtkConeSource()
        cone.SetResolution(64)
        mapper = vtk.vtkPolyDataMapper()
        mapper.SetInputConnection(cone.GetOutputPort())
        actor = vtk.vtkActor()
        actor.SetMapper(mapper)
        renderer.AddActor(actor)
    window = vtk.vtkRenderWindow()
    window.AddRenderer(renderer)
    window.SetSize(width, height)
    window.SetPosition(0, 0)
    window.SetWindowName(f"glwindowsrc bench VTK {width}x{height}")
    window.Render()
    text = window.GetGenericWindowId()
    if isinstance(text, str) and text.startswith("_"):
        xid = int(text[1:].split("_")[0], 16)
    else:
        xid = int(text)
    return window, xid


def run_child(args):
    """One Python row; prints the same JSON object as the C runner."""
    # Before anything opens a display: the toucher's connection is used from
    # GStreamer's streaming thread while VTK and GL use theirs.
    ctypes.CDLL("libX11.so.6").XInitThreads()
    width, height = parse_size(args.size)
    window, xid = _vtk_window(width, height, args.vtk_scene)
    touch = _Toucher(xid)
    import numpy as np
    import vtk
    from vtk.util.numpy_support import vtk_to_numpy
    to_image = vtk.vtkWindowToImageFilter()
    to_image.SetInput(window)
    # The filter's defaults in VTK 9.1 are ReadFrontBuffer on, ShouldRerender
    # on and an RGB buffer; RGBA, as a (height, width, 4) array needs, is
    # the one change from them.
    to_image.SetInputBufferTypeToRGBA()

    def vtk_array():
        to_image.Modified()
        to_image.Update()
        image = to_image.GetOutput()
        w, h, _ = image.GetDimensions()
        pixels = vtk_to_numpy(image.GetPointData().GetScalars())
        # VTK's rows run bottom-up; an array as glwindowsrc returns it is
        # top-down and contiguous.
        return np.ascontiguousarray(np.flipud(pixels.reshape(h, w, 4)))

    cap = None
    if args.child in ("numpy", "py-view", "py-grab", "py-grab-first"):
        sys.path.insert(0, os.path.join(TOP, "ext", "python"))
        import glwindowsrc
        copy = args.child != "py-view"
        if args.child.startswith("py-grab"):
            def grab():
                touch()
                return glwindowsrc.grab(xid=xid)
        else:
            # Window capture is always live: a rate no capture reaches, no
            # dropping and no damage shortcut, so that every frame read is
            # a real copy of the window.
            cap = glwindowsrc.Capture(xid=xid, fps=10000, drop=False,
                                      properties={"use-damage": False})
            cap.open()

            def grab():
                return cap.read(copy=copy)
        if args.child == "py-grab-first":
            t0, c0 = time.monotonic(), _cpu_s()
            x0 = _xserver_cpu_s(args.xserver_pid)
            frame = grab()
            t1, c1 = time.monotonic(), _cpu_s()
            x1 = _xserver_cpu_s(args.xserver_pid)
            glwindowsrc._close_cached()
            window.Finalize()
            print(json.dumps({
                "frames": 1, "wall_s": t1 - t0, "cpu_s": c1 - c0,
                "xserver_cpu_s": (x1 - x0) if x0 is not None
                and x1 is not None else -1,
                "peak_rss_kb": resource.getrusage(
                    resource.RUSAGE_SELF).ru_maxrss,
                "rss_start_kb": 0, "rss_end_kb": 0, "rss_samples_kb": [],
                "caps": f"{args.child} {frame.shape[1]}x{frame.shape[0]}",
            }))
            return 0
    elif args.child == "pil":
        from PIL import ImageGrab
        cap = None
        display = os.environ.get("DISPLAY")

        def grab():
            touch()
            image = ImageGrab.grab(bbox=(0, 0, width, height),
                                   xdisplay=display)
            return np.asarray(image.convert("RGBA"))
    else:
        cap = None
        if args.child == "vtk-front":
            # What is on screen, as glwindowsrc sees it: no re-render.
            to_image.ReadFrontBufferOn()
            to_image.ShouldRerenderOff()
        # else the defaults, as users and VTK's examples call it: every
        # Update() renders the window once more, then reads it.

        def grab():
            touch()
            return vtk_array()

    try:
        for _ in range(max(1, args.warmup)):
            frame = grab()
        if frame.shape != (height, width, 4):
            raise RuntimeError(f"frame of shape {frame.shape}, expected "
                               f"{(height, width, 4)}")
        if args.child in ("numpy", "py-view", "py-grab", "pil"):
            # Same picture as VTK's own read of the window, same rows on
            # top (the touched corner and alpha aside).
            to_image.ReadFrontBufferOn()
            to_image.ShouldRerenderOff()
            ref = vtk_array()
            same = np.array_equal(frame[16:, :, :3], ref[16:, :, :3]) and \
                np.array_equal(frame[:16, 16:, :3], ref[:16, 16:, :3])
            if not same:
                raise RuntimeError("the NumPy frame differs from VTK's "
                                   "read of the same window")
        rss_start = _rss_kb()
        x0 = _xserver_cpu_s(args.xserver_pid)
        c0 = _cpu_s()
        t0 = time.monotonic()
        frames = 0
        while True:
            grab()
            frames += 1
            if frames >= args.max_frames or (
                    frames >= args.min_frames
                    and time.monotonic() - t0 >= args.seconds):
                break
        t1 = time.monotonic()
        c1 = _cpu_s()
        x1 = _xserver_cpu_s(args.xserver_pid)
        rss_end = _rss_kb()
    finally:
        if cap is not None:
            cap.close()
        if args.child == "py-grab":
            glwindowsrc._close_cached()
    window.Finalize()
    print(json.dumps({
        "frames": frames, "wall_s": t1 - t0, "cpu_s": c1 - c0,
        "xserver_cpu_s": (x1 - x0) if x0 is not None and x1 is not None
        else -1,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "rss_start_kb": rss_start, "rss_end_kb": rss_end,
        "rss_samples_kb": [], "caps": f"{args.child} {width}x{height}",
    }))
    return 0


# ---------------------------------------------------------------------------
# The parent


def parse_size(text):
    if text.lower() in SIZES:
        return SIZES[text.lower()]
    m = re.fullmatch(r"(\d+)x(\d+)", text)
    if not m:
        raise argparse.ArgumentTypeError(f"bad size {text!r}")
    return int(m.group(1)), int(m.group(2))


def size_name(width, height):
    for name, size in SIZES.items():
        if size == (width, height):
            return name.upper() if name == "4k" else name
    return f"{width}x{height}"


def size_title(width, height):
    name = size_name(width, height)
    return name if name == f"{width}x{height}" else \
        f"{name} ({width}x{height})"


class Window:
    """The window under test: the helper's static pattern at (0, 0)."""

    def __init__(self, helper, width, height):
        self.proc = subprocess.Popen(
            [helper, "window", f"{width}x{height}",
             f"glwindowsrc bench {width}x{height}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("0x"):
            self.close()
            raise RuntimeError("the benchmark window did not start")
        self.xid = int(line, 16)

    def close(self):
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Runner:
    def __init__(self, args):
        self.args = args
        self.helper = args.helper
        self.xserver_pid = args.xserver_pid

    def common(self):
        a = self.args
        opts = ["--warmup", str(a.warmup), "--seconds", str(a.seconds),
                "--min-frames", str(a.min_frames),
                "--max-frames", str(a.max_frames),
                "--timeout", str(a.timeout)]
        if self.xserver_pid:
            opts += ["--xserver-pid", str(self.xserver_pid)]
        return opts

    def command(self, key, width, height, xid, extra=()):
        # Later options win, in the C runner as in argparse.
        opts = self.common() + list(extra)
        if key == "memcpy":
            return [self.helper, "memcpy", f"{width}x{height}"] + opts
        if key in PY_ROWS:
            if key == "vtk-default":
                opts += ["--warmup",
                         str(min(self.args.warmup, VTK_RENDER_WARMUP))]
            return [sys.executable, os.path.abspath(__file__),
                    "--child", key, "--size", f"{width}x{height}",
                    "--vtk-scene", self.args.vtk_scene] + opts
        cmd = [self.helper, "run"] + opts
        if key in TOUCHED:
            cmd += ["--touch", hex(xid)]
        if key in ("gws-tex", "gws-tex-ring"):
            cmd += ["--texture", f"{width}x{height}"]
        return cmd + [pipeline_for(key, width, height, xid)]

    def ffmpeg_once(self, width, height, frames):
        """One ffmpeg x11grab run of @frames frames: its own rusage and the
        X server's CPU over it."""
        cmd = ["ffmpeg", "-v", "error", "-nostdin", "-f", "x11grab",
               "-draw_mouse", "0", "-framerate", "1000",
               "-video_size", f"{width}x{height}",
               "-i", f"{os.environ.get('DISPLAY', ':0')}+0,0",
               "-frames:v", str(frames), "-pix_fmt", "yuv420p",
               "-c:v", "rawvideo", "-f", "null", "-"]
        with tempfile.TemporaryFile(mode="w+") as err:
            x0 = _xserver_cpu_s(self.xserver_pid)
            t0 = time.monotonic()
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            t1 = time.monotonic()
            x1 = _xserver_cpu_s(self.xserver_pid)
            err.seek(0)
            lines = err.read().splitlines()
        if proc.returncode != 0:
            raise RuntimeError(lines[-1] if lines else
                               f"ffmpeg exit status {proc.returncode}")
        return {"wall_s": t1 - t0, "cpu_s": usage.ru_utime + usage.ru_stime,
                "xserver_cpu_s": (x1 - x0) if x0 is not None
                and x1 is not None else None,
                "peak_rss_kb": usage.ru_maxrss}

    def run_ffmpeg(self, width, height):
        """ffmpeg's own grab of the same pixels (the window is at 0, 0 on
        the screen), converted to yuv420p by swscale and thrown away. Its
        start (X connection, SHM set-up, probing) is taken out: a short run
        and a long one, and the difference between them."""
        a = self.args
        if not shutil.which("ffmpeg"):
            return {"skipped": "ffmpeg is not installed"}
        short = max(2, a.warmup)
        try:
            first = self.ffmpeg_once(width, height, short)
            # The rate from a run 30 frames longer, to size the long one.
            probe = self.ffmpeg_once(width, height, short + 30)
            per_frame = max(probe["wall_s"] - first["wall_s"], 1e-3) / 30
            frames = int(min(a.max_frames, max(a.min_frames, 30,
                                               a.seconds / per_frame)))
            long = self.ffmpeg_once(width, height, short + frames)
        except (OSError, RuntimeError) as e:
            return {"error": str(e)}
        if long["wall_s"] <= first["wall_s"] or \
                long["cpu_s"] <= first["cpu_s"]:
            return {"error": "ffmpeg's start varied more than its frames "
                    "cost: too few frames to measure"}
        xs = None
        if first["xserver_cpu_s"] is not None and \
                long["xserver_cpu_s"] is not None:
            xs = max(0.0, long["xserver_cpu_s"] - first["xserver_cpu_s"])
        return {"frames": frames,
                "wall_s": max(1e-6, long["wall_s"] - first["wall_s"]),
                "cpu_s": max(0.0, long["cpu_s"] - first["cpu_s"]),
                "xserver_cpu_s": -1 if xs is None else xs,
                "peak_rss_kb": long["peak_rss_kb"],
                "rss_start_kb": 0, "rss_end_kb": 0, "rss_samples_kb": [],
                "caps": f"ffmpeg x11grab yuv420p {width}x{height}"}

    def run(self, key, width, height, xid, extra=()):
        if key == "ffmpeg-i420":
            return self.run_ffmpeg(width, height)
        cmd = self.command(key, width, height, xid, extra)
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True,
                                  timeout=self.args.timeout + 30)
        except subprocess.TimeoutExpired:
            return {"error": "timed out"}
        result = None
        for line in reversed(proc.stdout.splitlines()):
            if line.startswith("{"):
                result = json.loads(line)
                break
        if proc.returncode != 0 or result is None:
            lines = [ln for ln in proc.stderr.splitlines()
                     if "XDG_RUNTIME_DIR" not in ln]
            if proc.returncode == 77:
                return {"skipped": lines[-1] if lines else "skipped"}
            return {"error": (lines[-1] if lines else
                              f"exit status {proc.returncode}")}
        return result


def derive(result):
    """fps, CPU ms per frame (process + X server), X server ms, RSS MiB."""
    frames = result["frames"]
    xcpu = max(result["xserver_cpu_s"], 0.0)
    return {
        "fps": frames / result["wall_s"],
        "cpu_ms": (result["cpu_s"] + xcpu) * 1000 / frames,
        "x_ms": xcpu * 1000 / frames if result["xserver_cpu_s"] >= 0
        else None,
        "rss_mib": result["peak_rss_kb"] / 1024,
    }


def run_size(runner, width, height, keys, log):
    runs = {key: [] for key in keys}
    window = Window(runner.helper, width, height)
    try:
        # Repeats go round all rows, so that a burst of load from elsewhere
        # hits different rows rather than every run of one.
        for rep in range(runner.args.repeat):
            for key in keys:
                result = runner.run(key, width, height, window.xid)
                runs[key].append(result)
                if "frames" in result:
                    result.update(derive(result))
                if runner.args.repeat > 1:
                    log(f"run {rep + 1}: " + format_row(key, result))
                else:
                    log(format_row(key, result))
    finally:
        window.close()
    rows = {}
    for key, results in runs.items():
        good = [r for r in results if "frames" in r]
        # The cheapest run: load from elsewhere only ever adds cost.
        rows[key] = min(good, key=lambda r: r["cpu_ms"]) if good \
            else results[0]
    memcpy = rows.get("memcpy", {}).get("cpu_ms")
    xi = rows.get("xi-native", {}).get("fps")
    for row in rows.values():
        if "fps" in row:
            row["x_memcpy"] = row["cpu_ms"] / memcpy if memcpy else None
            row["x_ximagesrc"] = row["fps"] / xi if xi else None
    return rows


def fmt(value, spec, none="-"):
    return none if value is None else format(value, spec)


HEADER = ("| path | fps | CPU ms/frame | of which X server | peak RSS MiB "
          "| CPU / memcpy | fps / ximagesrc |")
RULE = "|---|---:|---:|---:|---:|---:|---:|"


def format_row(key, row):
    if "error" in row:
        return f"| {LABELS[key]} | FAILED: {row['error']} | | | | | |"
    if "skipped" in row:
        return f"| {LABELS[key]} | skipped: {row['skipped']} | | | | | |"
    return (f"| {LABELS[key]} | {row['fps']:.1f} | {row['cpu_ms']:.2f} "
            f"| {fmt(row['x_ms'], '.2f')} | {row['rss_mib']:.1f} "
            f"| {fmt(row.get('x_memcpy'), '.2f')} "
            f"| {fmt(row.get('x_ximagesrc'), '.2f')} |")


def table(results):
    lines = []
    for (width, height), rows in results.items():
        lines += [f"### {size_title(width, height)}", "",
                  HEADER, RULE]
        lines += [format_row(key, rows[key]) for key in rows]
        lines.append("")
    return "\n".join(lines)


def targets(results):
    """The issue's targets at 1080p, as (text, met or None) pairs."""
    rows = results.get(SIZES["1080p"])
    if not rows:
        return []

    def get(key, field):
        return rows.get(key, {}).get(field)

    out = []

    def cpu(key):
        value = get(key, "cpu_ms")
        return f"{value:.2f}" if value else "-"

    sys_fps, xi, xc = get("gws-sys", "fps"), get("xi-native", "fps"), \
        get("xi-rgba", "fps")
    if sys_fps and xi and xc:
        out.append((f"1080p window -> system-memory RGBA at least as fast as "
                    f"ximagesrc native BGRx: {sys_fps:.0f} vs {xi:.0f} fps "
                    f"({sys_fps / xi:.2f}x; CPU {cpu('gws-sys')} vs "
                    f"{cpu('xi-native')} ms per frame)", sys_fps >= xi))
        out.append((f"1080p window -> system-memory RGBA at least 2x "
                    f"ximagesrc + videoconvert to RGBA: {sys_fps:.0f} vs "
                    f"{xc:.0f} fps ({sys_fps / xc:.2f}x; CPU "
                    f"{cpu('gws-sys')} vs {cpu('xi-rgba')} ms per frame)",
                    sys_fps >= 2 * xc))
    tex, mc = get("gws-tex", "cpu_ms"), get("memcpy", "cpu_ms")
    if tex and mc:
        out.append((f"1080p texture target -> system memory CPU cost within "
                    f"2x of one memcpy: {tex:.2f} vs {mc:.2f} ms per frame "
                    f"({tex / mc:.2f}x)", tex <= 2 * mc))
    # Issue 15: encoder-ready frames, and X images as they are.
    gws_i420, xi_i420 = get("gws-i420", "cpu_ms"), get("xi-i420", "cpu_ms")
    if gws_i420 and xi_i420:
        out.append((f"1080p window ! videoconvert ! I420 at most 0.7x the "
                    f"CPU of ximagesrc with the same pipeline: "
                    f"{gws_i420:.2f} vs {xi_i420:.2f} ms per frame "
                    f"({gws_i420 / xi_i420:.2f}x; FFmpeg's x11grab to "
                    f"yuv420p {cpu('ffmpeg-i420')})",
                    gws_i420 <= 0.7 * xi_i420))
    bgrx = get("gws-bgrx", "cpu_ms")
    if bgrx and mc:
        out.append((f"1080p window -> BGRx system memory within 1.2x of one "
                    f"memcpy: {bgrx:.2f} vs {mc:.2f} ms per frame "
                    f"({bgrx / mc:.2f}x)", bgrx <= 1.2 * mc))
    np_fps = get("numpy", "fps")
    for key, route in (("vtk-default", "with the filter's defaults "
                        "(re-renders the scene each frame)"),
                       ("vtk-front", "reading the front buffer without "
                        "re-rendering")):
        vtk_fps = get(key, "fps")
        if np_fps and vtk_fps:
            out.append((f"1080p NumPy path at least 5x faster than the VTK "
                        f"filter route {route}: {np_fps:.1f} vs "
                        f"{vtk_fps:.1f} fps ({np_fps / vtk_fps:.2f}x; CPU "
                        f"{cpu('numpy')} vs {cpu(key)} ms per frame)",
                        np_fps >= 5 * vtk_fps))
    # Issue 10: grab() from any Python, against Pillow's ImageGrab.
    grab_fps, first_fps, pil_fps = get("py-grab", "fps"), \
        get("py-grab-first", "fps"), get("pil", "fps")
    if grab_fps:
        out.append((f"1080p second and later grab() at most 30 ms: "
                    f"{1000 / grab_fps:.1f} ms a call", 1000 / grab_fps <= 30))
    if first_fps:
        out.append((f"1080p first grab() in a process at most 150 ms: "
                    f"{1000 / first_fps:.0f} ms", 1000 / first_fps <= 150))
    if grab_fps and pil_fps:
        out.append((f"1080p grab() faster than Pillow's "
                    f"ImageGrab.grab(xdisplay=...): {1000 / grab_fps:.1f} vs "
                    f"{1000 / pil_fps:.1f} ms a call "
                    f"({grab_fps / pil_fps:.0f}x)", grab_fps > pil_fps))
    return out


# ---------------------------------------------------------------------------
# The report


def _first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else None


def machine_facts():
    facts = []
    commit = _first_line(["git", "-C", TOP, "rev-parse", "--short", "HEAD"])
    if commit and re.fullmatch(r"[0-9a-f]+", commit):
        # The run's own output is written before this is asked.
        dirty = subprocess.run(["git", "-C", TOP, "status", "--porcelain",
                                "--untracked-files=no", "--", ".",
                                ":!docs/performance.md",
                                ":!docs/performance.png",
                                ":!docs/soak.md"],
                               capture_output=True, text=True).stdout.strip()
        plugin = os.environ.get("GST_PLUGIN_PATH", "?")
        facts.append(("glwindowsrc", f"commit {commit}" +
                      (" with uncommitted changes" if dirty else "") +
                      f", plugin from {plugin}"))
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    facts.append(("CPU", f"{cpu or platform.processor()}, "
                  f"{os.cpu_count()} logical cores"))
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        facts.append(("Memory", f"{kb / 1024 / 1024:.1f} GiB"))
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open("/etc/os-release") as f:
            osr = dict(line.rstrip().split("=", 1) for line in f
                       if "=" in line)
        facts.append(("OS", osr.get("PRETTY_NAME", "").strip('"') +
                      f", kernel {platform.release()}"))
    except OSError:
        pass
    gst = _first_line(["gst-launch-1.0", "--gst-version"])
    if gst:
        facts.append(("GStreamer", gst.replace("GStreamer Core Library ", "")))
    try:
        out = subprocess.run(["glxinfo", "-B"], capture_output=True,
                             text=True, timeout=20).stdout
        for key in ("OpenGL renderer string", "OpenGL version string"):
            m = re.search(rf"{key}: (.*)", out)
            if m:
                facts.append((key.replace(" string", ""), m.group(1)))
    except (OSError, subprocess.TimeoutExpired):
        pass
    xvfb = os.environ.get("BENCH_XSERVER")
    if xvfb:
        facts.append(("X server", xvfb))
    try:
        import numpy
        facts.append(("NumPy", numpy.__version__))
    except ImportError:
        pass
    try:
        import vtk
        facts.append(("VTK", vtk.vtkVersion.GetVTKVersion()))
    except ImportError:
        pass
    return facts


def write_chart(results, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("no chart: python3-matplotlib is not installed",
              file=sys.stderr)
        return False
    sizes = list(results)
    keys = [k for k, _ in ROWS
            if any("fps" in results[s].get(k, {}) for s in sizes)]
    fig, axes = plt.subplots(1, 2, figsize=(13, 0.55 * len(keys) + 2.2),
                             sharey=True)
    bar = 0.8 / max(1, len(sizes))
    colours = ["#4c72b0", "#dd8452", "#55a868", "#c44e52"]
    for ax, field, title in ((axes[0], "fps", "frames per second (higher "
                              "is better)"),
                             (axes[1], "cpu_ms", "CPU ms per frame, process "
                              "+ X server (lower is better)")):
        for i, size in enumerate(sizes):
            ys = [j + (i - (len(sizes) - 1) / 2) * bar
                  for j in range(len(keys))]
            vals = [results[size].get(k, {}).get(field, 0) or 0
                    for k in keys]
            ax.barh(ys, vals, height=bar, color=colours[i % len(colours)],
                    label=f"{size_name(*size)}")
        ax.set_xscale("log")
        ax.set_title(title, fontsize=10)
        ax.grid(axis="x", which="both", alpha=0.3)
    axes[0].set_yticks(range(len(keys)))
    axes[0].set_yticklabels([LABELS[k] for k in keys], fontsize=9)
    axes[0].invert_yaxis()
    axes[1].legend(fontsize=9)
    fig.suptitle("glwindowsrc capture benchmark (llvmpipe under Xvfb; one "
                 "run, same display)", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


def vtk_note(results, args):
    """What the two VTK rows mean for the NumPy target, in this run."""
    rows = results.get(SIZES["1080p"], {})
    text = ("The issue's NumPy target is judged against both VTK rows: the "
            "filter with its defaults, the way users call it, re-renders the "
            "scene for every frame; the front-buffer row reads the same "
            "pixels without rendering, so it measures the readback and array "
            "work alone.")
    d = rows.get("vtk-default", {}).get("cpu_ms")
    f = rows.get("vtk-front", {}).get("cpu_ms")
    n = rows.get("numpy", {}).get("cpu_ms")
    if d and f and n:
        text += (f" At 1080p the default route costs {d:.2f} CPU ms per "
                 f"frame, of which about {max(d - f, 0):.2f} ms is rendering "
                 f"the scene again (`--vtk-scene {args.vtk_scene}`: "
                 f"{VTK_SCENES[args.vtk_scene]}); without that the filter "
                 f"costs {f:.2f} ms against the NumPy path's {n:.2f} ms.")
    return text


def write_markdown(results, args, path, chart_name, started, elapsed, load):
    lines = [
        "# Performance",
        "",
        "<!-- Written by tests/bench/run_bench.py; edit that, not this. -->",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC in {elapsed:.0f} s, all rows "
        "in one run on the same X display. Reproduce with:",
        "",
        "```sh",
        "scripts/setup.sh && tests/bench/run.sh" +
        (" " + " ".join(shlex.quote(a) for a in args.passed)
         if args.passed else ""),
        "```",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in machine_facts()]
    lines.append(f"- Load average (1 min) before and after the run: "
                 f"{load[0]:.2f}, {load[1]:.2f} (work from elsewhere on the "
                 "machine slows every row, wall clock most)")
    lines += [
        "",
        "## Results",
        "",
        f"![capture benchmark]({chart_name})",
        "",
        "Each row is a process of its own, measured for "
        f"{args.seconds:g} s after {args.warmup} warm-up frames"
        + (f", the cheapest of {args.repeat} runs" if args.repeat > 1
           else "")
        + ". *CPU ms/frame* is the row's process (all threads) plus the X "
        "server over the same interval: the server does the copying for "
        "XShm reads and for software texture-from-pixmap. *CPU / memcpy* "
        "divides that by the CPU cost of one memcpy of an RGBA frame of the "
        "same size, measured in the same run; *fps / ximagesrc* divides the "
        "row's frame rate by ximagesrc's in its native format.",
        "",
        table(results),
        "",
        "## Targets (1080p, ratios from this run)",
        "",
    ]
    met = targets(results)
    lines += [f"- {'MET' if ok else 'NOT MET'}: {text}" for text, ok in met]
    if not met:
        lines.append("- not evaluated: 1080p was not measured")
    lines += ["", vtk_note(results, args)]
    lines += [
        "",
        "## What each row does",
        "",
        "- The window under test is a static, patterned X window at (0, 0) "
        "(the helper's `window` command). Before every capture a 16x16 "
        "corner of it is repainted (XFillRectangle and a round trip, counted "
        "in the row's CPU), so every frame is a changed frame: sources that "
        "skip unchanged windows do the same work as those that cannot.",
        "- glwindowsrc rows: `is-live=false`, so frames come as fast as "
        "downstream takes them; `fakesink sync=false`. The texture row "
        "shares an application GL context holding an RGBA8 texture "
        "(`gst.gl.app_context`) and calls `frame-ready` from the "
        "application's GL thread for every frame.",
        "- The `readback=pbo-ring` rows read into persistently mapped GL "
        "pack buffers that are themselves the output buffers, each frame "
        "sent once the next one's read is queued (on a GPU the copy runs "
        "meanwhile); the plain rows read with `readback=auto`, which is "
        "`direct` on a software driver. The texture-from-pixmap rows force "
        "the GL path for a window, which `auto` leaves for XShm here.",
        "- ximagesrc rows: `use-damage=false show-pointer=false`, caps "
        "framerate 10000/1 so that its own pacing never waits.",
        "- The I420 rows are a recording's raw side, `! videoconvert ! "
        "video/x-raw,format=I420 ! fakesink`: glwindowsrc negotiates I420 "
        "and makes it in the pass that reads the window (BT.709 limited "
        "range; videoconvert passes it on), ximagesrc hands videoconvert "
        "BGRx to convert. FFmpeg's row is `ffmpeg -f x11grab -framerate "
        "1000 -video_size WxH -i $DISPLAY+0,0 -pix_fmt yuv420p -c:v "
        "rawvideo -f null -` over the same pixels (the window is at 0,0), "
        "its start taken out (a short run subtracted from a long one). The "
        "BGRx row is the X image copied as it is, to compare with memcpy.",
        "- gltestsrc: its default pattern, rendered and downloaded every "
        "frame.",
        "- NumPy and the two VTK rows each open the same VTK render window "
        "of the row's size, with VTK's defaults (double-buffered; "
        "multisampled: VTK asks for 8 samples, llvmpipe gives at most 4), "
        f"showing {VTK_SCENES[args.vtk_scene]} "
        f"(`--vtk-scene {args.vtk_scene}`), rendered once at start, and "
        "end in the same top-down, contiguous `(height, width, 4)` uint8 "
        "array per frame.",
        "  - NumPy: the project's Python module, "
        "`glwindowsrc.Capture(xid=...)` and `read()`, on that window. It "
        "captures the window as it is on screen and never makes VTK render. "
        "After warm-up the row checks that its frame equals VTK's own read "
        "of the window (RGB, outside the touched corner) and fails if not.",
        "  - VTK filter, defaults: `vtkWindowToImageFilter` as VTK's "
        "documentation and examples use it, and as a user pulling a 3D view "
        "into NumPy finds it: VTK 9.1's defaults are ReadFrontBuffer on, "
        "ShouldRerender on, input buffer RGB; the row changes only the "
        "buffer to RGBA (`SetInputBufferTypeToRGBA()`, for 4 channels). Per "
        "frame: `Modified()`, `Update()` (which renders the window once "
        "more, then reads it), `vtk_to_numpy`, `reshape(h, w, 4)`, "
        "`np.flipud`, made contiguous. Each warm-up frame is a full render, "
        f"so this row warms up with at most {VTK_RENDER_WARMUP} frames.",
        "  - VTK filter, front buffer, no re-render: the same with "
        "`ReadFrontBufferOn()` and `ShouldRerenderOff()`, the cheapest way "
        "to use the filter: a readback of what is already on screen, as "
        "glwindowsrc does.",
        "- memcpy: one frame-sized copy in C between pre-faulted buffers, "
        "cycling through enough buffer pairs to exceed the last-level "
        "cache, as frames from a pool would (its RSS is those buffers).",
        "",
        "Memory over a long run: `tests/bench/run.sh --soak` captures "
        f"{SOAK_FRAMES:,} frames per glwindowsrc path at 1080p and writes "
        "the resident size at the start, the end and every 1000 frames to "
        "[soak.md](soak.md).",
        "",
        "## Caveats",
        "",
        "- The machine is shared and has two cores: absolute figures move "
        "from run to run by 10-30 % or more under load from elsewhere (see "
        "the load average above); compare rows within one run, and CPU "
        "cost rather than frame rate.",
        "- The texture row's application does not redraw its texture between "
        "frames, so where a frame fits the last-level cache (720p, partly "
        "1080p) the copy reads from cache and can beat the cache-cold "
        "memcpy.",
        "- The VTK default row's cost is mostly the scene's render on "
        "llvmpipe (software, multisampled by VTK's default), so its "
        "ratio to the NumPy row depends on the scene and the renderer: a "
        "heavier scene widens it (a ray-cast volume, `--vtk-scene volume`, "
        "costs seconds per 1080p render here), a hardware GPU narrows it. "
        "In a live application that renders every frame anyway, that "
        "re-render is a second render of an unchanged view on top of the "
        "application's own; the front-buffer row is the filter without it.",
        "- The NumPy row runs the capture in GStreamer's thread while Python "
        "copies the previous frame, so its frame rate can exceed what its "
        "CPU cost per frame alone would allow on two cores.",
        "",
    ]
    with open(path, "w") as f:
        f.write("\n".join(lines))


# ---------------------------------------------------------------------------


def find_helper(explicit):
    for path in (explicit, os.environ.get("GLWINDOWSRC_BENCH_HELPER"),
                 os.path.join(TOP, "build", "tests", "bench",
                              "glwindowsrc-bench-helper")):
        if path and os.access(path, os.X_OK):
            return path
    return None


def write_soak_markdown(rows, size, path, started):
    """docs/soak.md: the last --soak run, a row per path."""
    width, height = size
    lines = [
        "# Memory over a long run",
        "",
        "<!-- Written by tests/bench/run_bench.py --soak; edit that, not "
        "this. -->",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC: {SOAK_FRAMES:,} frames per "
        f"path at {width}x{height}, resident set size of the capturing "
        "process at the start (after warm-up) and at the end, and every "
        "1000 frames. Growth of more than "
        f"{SOAK_FLAT_KB} KiB counts as not flat. Reproduce with:",
        "",
        "```sh",
        "tests/bench/run.sh --soak",
        "```",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in machine_facts()]
    lines += [
        "",
        "## Results",
        "",
        "| path | frames | seconds | RSS start MiB | RSS end MiB | growth "
        "KiB | flat | every 1000 frames (MiB) |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for key, r in rows:
        if "frames" not in r:
            lines.append(f"| {LABELS[key]} | failed: "
                         f"{r.get('error', '?')} | | | | | no | |")
            continue
        growth = r["rss_end_kb"] - r["rss_start_kb"]
        lines.append(
            f"| {LABELS[key]} | {r['frames']} | {r['wall_s']:.1f} | "
            f"{r['rss_start_kb'] / 1024:.1f} | {r['rss_end_kb'] / 1024:.1f} "
            f"| {growth:+d} | {'yes' if growth <= SOAK_FLAT_KB else 'NO'} | "
            + ", ".join(f"{kb / 1024:.1f}" for kb in r["rss_samples_kb"])
            + " |")
    lines.append("")
    with open(path, "w") as f:
        f.write("\n".join(lines))


def soak(runner, size, log, out=None):
    width, height = size
    started = datetime.datetime.now(datetime.timezone.utc)
    # Slow paths take minutes for 10,000 frames.
    runner.args.timeout = max(runner.args.timeout, 1200)
    window = Window(runner.helper, width, height)
    flat = True
    rows = []
    try:
        for key in SOAK_ROWS:
            r = runner.run(key, width, height, window.xid,
                           ["--max-frames", str(SOAK_FRAMES), "--seconds",
                            "1e9", "--min-frames", str(SOAK_FRAMES),
                            "--rss-every", "1000"])
            rows.append((key, r))
            if "frames" not in r:
                log(f"{LABELS[key]}: FAILED: {r.get('error', r)}")
                flat = False
                continue
            growth = r["rss_end_kb"] - r["rss_start_kb"]
            ok = growth <= SOAK_FLAT_KB
            flat = flat and ok
            log(f"{LABELS[key]} at {width}x{height}: {r['frames']} frames in "
                f"{r['wall_s']:.1f} s; RSS start "
                f"{r['rss_start_kb'] / 1024:.1f} MiB, end "
                f"{r['rss_end_kb'] / 1024:.1f} MiB "
                f"({growth:+d} KiB: {'flat' if ok else 'GROWS'}); every "
                f"1000 frames (MiB): " + ", ".join(
                    f"{kb / 1024:.1f}" for kb in r["rss_samples_kb"]))
    finally:
        window.close()
    if out:
        os.makedirs(out, exist_ok=True)
        path = os.path.join(out, "soak.md")
        write_soak_markdown(rows, size, path, started)
        log(f"wrote {path}")
    return 0 if flat else 1


def output_dir(args):
    """Where performance.md and .png go: the tracked docs/ only for a full
    run or when --out asks for it, so that a subset (--rows, --sizes) never
    overwrites the published table by accident."""
    if args.out:
        return args.out
    if args.smoke:
        return None
    if args.rows or args.sizes:
        out = os.environ.get("BENCH_SUBSET_DIR") or \
            tempfile.mkdtemp(prefix="glwindowsrc-bench-")
        print(f"a subset (--rows/--sizes): writing into {out}, not docs/ "
              "(--out docs to replace docs/performance.md)")
        return out
    return os.path.join(TOP, "docs")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=None,
                        help="comma-separated: 720p, 1080p, 4k or WxH "
                        "(default: 720p,1080p,4k)")
    parser.add_argument("--rows", default=None,
                        help="comma-separated subset of: " +
                        ", ".join(k for k, _ in ROWS))
    parser.add_argument("--seconds", type=float, default=2.0,
                        help="measured time per row (default 2)")
    parser.add_argument("--warmup", type=int, default=10,
                        help="frames before measuring (default 10)")
    parser.add_argument("--min-frames", type=int, default=5)
    parser.add_argument("--max-frames", type=int, default=10 ** 9)
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs per row, the cheapest reported "
                        "(default 2)")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds before a row is given up")
    parser.add_argument("--smoke", action="store_true",
                        help="a few frames at one small size; writes no docs "
                        "unless --out is given")
    parser.add_argument("--soak", action="store_true",
                        help=f"{SOAK_FRAMES} frames per glwindowsrc path at "
                        "1080p (or the first --sizes): RSS at start and end")
    parser.add_argument("--out", default=None,
                        help="where to write performance.md and .png "
                        "(default: docs/ for a full run, $BENCH_SUBSET_DIR "
                        "or a new temporary folder for --rows or --sizes, "
                        "nowhere for --smoke); --out docs replaces the "
                        "tracked docs/performance.md with a subset")
    parser.add_argument("--helper", default=None,
                        help="the C runner (default: "
                        "$GLWINDOWSRC_BENCH_HELPER)")
    parser.add_argument("--xserver-pid", type=int,
                        default=int(os.environ.get("BENCH_XSERVER_PID", "0")),
                        help="the X server's pid, to count its CPU time")
    parser.add_argument("--vtk-scene", choices=sorted(VTK_SCENES),
                        default="geometry",
                        help="what the VTK window shows (default geometry; "
                        "volume ray casting costs seconds per frame on "
                        "llvmpipe at 1080p)")
    parser.add_argument("--child", choices=sorted(PY_ROWS),
                        help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.passed = [a for a in (sys.argv[1:] if argv is None else argv)]

    if args.child:
        try:
            import vtk  # noqa: F401
        except ImportError:
            print("python3-vtk9 is not installed", file=sys.stderr)
            return 77
        return run_child(args)

    if not os.environ.get("DISPLAY"):
        print("run_bench.py needs an X display: use tests/bench/run.sh",
              file=sys.stderr)
        return 2
    args.helper = find_helper(args.helper)
    if not args.helper:
        print("glwindowsrc-bench-helper not found: use tests/bench/run.sh, "
              "or set GLWINDOWSRC_BENCH_HELPER", file=sys.stderr)
        return 2

    if args.smoke:
        args.sizes = args.sizes or "320x240"
        args.seconds = min(args.seconds, 0.1)
        args.warmup = min(args.warmup, 2)
        args.min_frames = min(args.min_frames, 3)
        args.timeout = min(args.timeout, 60)
        args.repeat = 1
    sizes = [parse_size(s) for s in
             (args.sizes or ("1080p" if args.soak else
                             "720p,1080p,4k")).split(",")]
    keys = [k for k, _ in ROWS]
    if args.rows:
        wanted = args.rows.split(",")
        unknown = set(wanted) - set(keys)
        if unknown:
            parser.error(f"unknown rows: {', '.join(sorted(unknown))}")
        keys = [k for k in keys if k in wanted]
    for k in ("memcpy", "xi-native"):
        # The ratios need them.
        if k not in keys:
            keys.append(k)

    def log(text):
        print(text, flush=True)

    runner = Runner(args)
    if args.soak:
        return soak(runner, sizes[0], log,
                    args.out or os.path.join(TOP, "docs"))

    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = os.getloadavg()[0]
    t0 = time.monotonic()
    results = {}
    for width, height in sizes:
        log(f"# {size_title(width, height)}")
        results[(width, height)] = run_size(runner, width, height, keys, log)
    elapsed = time.monotonic() - t0
    load = (load_before, os.getloadavg()[0])

    print()
    print(table(results))
    met = targets(results)
    if met:
        print("Targets (1080p):")
        for text, ok in met:
            print(f"  {'MET' if ok else 'NOT MET'}: {text}")
    print(f"\n{len(sizes)} size(s), {len(keys)} rows each, in "
          f"{elapsed:.0f} s; load average {load[0]:.2f} before, "
          f"{load[1]:.2f} after")

    out = output_dir(args)
    if out:
        os.makedirs(out, exist_ok=True)
        chart = "performance.png"
        if write_chart(results, os.path.join(out, chart)):
            print(f"wrote {os.path.join(out, chart)}")
        write_markdown(results, args, os.path.join(out, "performance.md"),
                       chart, started, elapsed, load)
        print(f"wrote {os.path.join(out, 'performance.md')}")

    failed = [LABELS[k] for rows in results.values()
              for k, r in rows.items() if "error" in r]
    if failed:
        print("failed rows: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
