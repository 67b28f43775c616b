# SPDX-License-Identifier: LGPL-2.1-or-later
"""Faults around the element: the X server it captures dies, a picture is
larger than the GL driver's textures.

Each test that kills a server starts a private Xvfb of its own (on a free
display, -nolisten tcp, as with-xvfb.sh does) and kills only that one; the
host process (a Python program, glwindowsrc-record) runs in a subprocess
so that its survival can be checked.
"""

import os
import re
import selectors
import signal
import subprocess
import sys
import time

import pytest

from conftest import Gst, TestWindow, assert_picture, sample_to_array
from mediacheck import built_program, ffprobe, video_stream

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURE_HELPER = os.path.join(HERE, "faults_capture.py")
GL_MEMORY = ("video/x-raw(memory:GLMemory),format=RGBA ! gldownload"
             " ! video/x-raw,format=RGBA ! appsink name=sink sync=false")
SYSTEM_MEMORY = "video/x-raw,format=RGBA ! appsink name=sink sync=false"


class PrivateXvfb:
    """An Xvfb of the test's own, on a display number it picks itself."""

    def __init__(self, screen="640x480x24", extra=()):
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen,
             "-nolisten", "tcp", "-noreset", *extra],
            pass_fds=(write_fd,), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        number = b""
        deadline = time.monotonic() + 30
        with os.fdopen(read_fd, "rb", buffering=0) as pipe:
            while not number.endswith(b"\n"):
                if time.monotonic() > deadline:
                    self.kill()
                    pytest.fail("the private Xvfb did not start in 30 s")
                chunk = pipe.read(16)
                if not chunk:
                    self.kill()
                    pytest.fail("the private Xvfb exited before it was ready")
                number += chunk
        self.display = ":" + number.decode().strip()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


@pytest.fixture
def private_xvfb():
    servers = []

    def start(*args, **kwargs):
        server = PrivateXvfb(*args, **kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.kill()


@pytest.fixture
def window_on(fixture_exe):
    """Factory: window_on(display, width, height) -> TestWindow there."""
    windows = []

    def spawn(display, width, height):
        saved = os.environ["DISPLAY"]
        os.environ["DISPLAY"] = display
        try:
            win = TestWindow(fixture_exe, width, height,
                             f"glwindowsrc faults {os.getpid()} {display}")
        finally:
            os.environ["DISPLAY"] = saved
        windows.append(win)
        return win

    yield spawn
    for win in windows:
        win.close()


def read_line(proc, timeout):
    """One line of @proc's stdout, or None at EOF or timeout."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        if not sel.select(timeout):
            return None
        line = proc.stdout.readline()
        return line.rstrip("\n") if line else None
    finally:
        sel.close()


def describe_exit(proc):
    code = proc.returncode
    if code is None:
        return "still running"
    if code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit status {code}"


# --- The captured X server dies ----------------------------------------


@pytest.mark.parametrize("on_close,method,output,gl_there", [
    ("error", "xshm", SYSTEM_MEMORY, True),
    ("eos", "xshm", SYSTEM_MEMORY, True),
    ("wait", "xshm", GL_MEMORY, True),
    ("error", "texture-from-pixmap", GL_MEMORY, True),
    ("eos", "texture-from-pixmap", SYSTEM_MEMORY, True),
    ("error", "xshm", GL_MEMORY, False),
], ids=["error-xshm-sysmem", "eos-xshm-sysmem", "wait-xshm-glmemory",
        "error-tfp-glmemory", "eos-tfp-sysmem", "error-gl-elsewhere"])
def test_server_dies_process_survives(private_xvfb, window_on, spawn_window,
                                      on_close, method, output, gl_there):
    """The server of the captured window is killed mid-capture: the host
    process lives, the stream ends as on-close says (an ERROR naming the
    display for error and wait, EOS for eos), it is not left spinning, and
    a second capture on a live server works in the same process.
    @gl_there: GStreamer's GL display (from $DISPLAY) is on the dying
    server too, else on the suite's, which lives."""
    server = private_xvfb()
    win = window_on(server.display, 160, 120)
    second = spawn_window(96, 64)
    description = (f"glwindowsrc display-name={server.display} "
                   f"xid={win.xid} on-close={on_close} "
                   f"capture-method={method} ! {output}")
    env = dict(os.environ)
    if gl_there:
        env["DISPLAY"] = server.display
    proc = subprocess.Popen(
        [sys.executable, CAPTURE_HELPER, description, os.environ["DISPLAY"],
         str(second.xid)],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        first = read_line(proc, 30)
        assert first == "READY", (first, proc.stderr.read())
        server.kill()
        end = read_line(proc, 25)
        if end is None:
            proc.wait(5)
            pytest.fail(f"the host process ended ({describe_exit(proc)}) "
                        f"when the X server died: "
                        f"{proc.stderr.read()[-2000:]}")
        if on_close == "eos":
            assert end.startswith("EOS "), end
            assert server.display in end, end
        else:
            assert end.startswith("ERROR "), end
            message = end.split(" | ")[0]
            assert server.display in message, end
        try:
            rest, stderr = proc.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            rest, stderr = proc.communicate()
            pytest.fail(f"the host process hung after {end!r}: {rest!r} "
                        f"{stderr[-2000:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, (describe_exit(proc), rest, stderr[-2000:])
    assert "STOPPED" in rest
    cpu = float(re.search(r"CPU ([0-9.]+)", rest).group(1))
    assert cpu < 0.5, f"the process used {cpu} s of CPU in 1 s after the end"
    # The fixture's top-left marker is magenta.
    assert "SECOND 96x64 255,0,255" in rest, (rest, stderr[-2000:])


def test_server_dies_python_package_survives(private_xvfb, window_on,
                                             spawn_window):
    """The same through the glwindowsrc Python package (ctypes, no gi), as
    3D Slicer runs it: reading ends with EndOfStream naming the display
    (on-close=eos, the default), and grab() on a live server still works
    in the same process."""
    server = private_xvfb()
    win = window_on(server.display, 160, 120)
    second = spawn_window(96, 64)
    source_root = os.path.dirname(os.path.dirname(HERE))
    env = dict(os.environ, DISPLAY=server.display,
               PYTHONPATH=os.path.join(source_root, "ext", "python"))
    proc = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "faults_package.py"),
         str(win.xid), os.environ["DISPLAY"], str(second.xid)],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        first = read_line(proc, 30)
        assert first == "READY", (first, proc.stderr.read())
        server.kill()
        try:
            rest, stderr = proc.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            rest, stderr = proc.communicate()
            pytest.fail(f"the host process hung: {rest!r} {stderr[-2000:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, (describe_exit(proc), rest, stderr[-2000:])
    raised = re.search(r"RAISED (\S+) (.*)", rest)
    assert raised, rest
    assert raised.group(1) == "EndOfStream", rest
    assert server.display in raised.group(2), rest
    cpu = float(re.search(r"CPU ([0-9.]+)", rest).group(1))
    assert cpu < 0.5, f"the process used {cpu} s of CPU in 1 s after the end"
    assert "SECOND 96x64 255,0,255" in rest, (rest, stderr[-2000:])


def test_record_finalised_when_server_dies(private_xvfb, window_on,
                                           tmp_path):
    """glwindowsrc-record recording a window whose X server is killed: it
    exits by itself, with status 0 or 1 (never a signal), and the MP4 is
    whole: ffprobe finds its index and frames in it."""
    exe = built_program("GLWINDOWSRC_RECORD", "tools/glwindowsrc-record")
    server = private_xvfb()
    win = window_on(server.display, 160, 120)
    out = tmp_path / "dies.mp4"
    proc = subprocess.Popen(
        [exe, "--display", server.display, "--xid", hex(win.xid),
         "--output", str(out), "--fps", "30"],
        env=dict(os.environ, DISPLAY=server.display),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        # The muxer writes at the end (into a file beside the output until
        # then): nothing on disk says how far it got, so give it time.
        time.sleep(3)
        assert proc.poll() is None, proc.communicate()
        server.kill()
        try:
            stdout, stderr = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            pytest.fail(f"glwindowsrc-record did not end after its X server "
                        f"died: {stderr[-2000:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode in (0, 1), (describe_exit(proc), stderr[-2000:])
    assert out.exists() and out.stat().st_size > 0, (
        f"{describe_exit(proc)}, no recording left: {stderr[-2000:]}")
    probe = ffprobe(out, count_frames=True)
    stream = video_stream(probe)
    assert int(stream["nb_read_frames"]) > 0, probe
    assert (stream["width"], stream["height"]) == (160, 120)
    assert server.display in stderr, stderr


# --- Pictures larger than GL's textures ---------------------------------


def run_once(description):
    """One sample from @description (ending in `appsink name=sink`), or
    the ERROR it posted instead: (frame or None, error text or None)."""
    pipeline = Gst.parse_launch(description)
    try:
        pipeline.set_state(Gst.State.PLAYING)
        sample = pipeline.get_by_name("sink").try_pull_sample(20 * Gst.SECOND)
        msg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
        error = None
        if msg is not None:
            err, dbg = msg.parse_error()
            error = f"{err.message} | {dbg}"
        return (sample_to_array(sample) if sample else None), error
    finally:
        pipeline.set_state(Gst.State.NULL)


def test_wider_than_gl_textures(private_xvfb, window_on):
    """A screen 16 pixels wider than llvmpipe's GL_MAX_TEXTURE_SIZE (16384):
    into GLMemory an ERROR that names the limit, never black frames; into
    system memory every pixel, also those past the limit."""
    server = private_xvfb(screen="16400x100x24")
    win = window_on(server.display, 160, 100)
    # Across column 16384, so both sides of the limit are checked.
    res = subprocess.run(["xdotool", "windowmove", "--sync", str(win.xid),
                          "16240", "0"], env=dict(os.environ,
                          DISPLAY=server.display), capture_output=True,
                         text=True, timeout=30)
    assert res.returncode == 0, res.stderr
    source = f"glwindowsrc target=screen display-name={server.display}"

    frame, error = run_once(f"{source} ! {GL_MEMORY}")
    assert frame is None, (
        f"a {frame.shape[1]}x{frame.shape[0]} GLMemory frame, wider than GL's "
        f"textures, whose brightest value is {frame.max()}")
    assert error is not None
    assert "GL_MAX_TEXTURE_SIZE is 16384" in error, error
    assert "16400x100" in error, error

    frame, error = run_once(f"{source} ! {SYSTEM_MEMORY}")
    assert error is None, error
    assert frame.shape == (100, 16400, 4)
    assert_picture(frame[:, 16240:16400], 160, 100, "past the limit")
