# SPDX-License-Identifier: LGPL-2.1-or-later
"""target=swap and the swap hook (docs/swap-hook.md).

$GLWINDOWSRC_SWAP_FIXTURE presents frames whose pixels hold their index
(R = index & 255, G = index >> 8; B = 192 in the top quarter of the rows,
64 below) at a pace it is told, checks after every swap that its GL state
is unchanged (exit status 3 otherwise) and prints each swap's
CLOCK_MONOTONIC time. It runs with $GLWINDOWSRC_HOOK preloaded; the element
listens on a socket in a private folder.
"""

import os
import sys
import signal
import socket
import stat
import struct
import subprocess
import tempfile
import time

import numpy as np
import pytest

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
from gi.repository import Gst, GstApp  # noqa: E402,F401

Gst.init(None)

HOOK = os.environ["GLWINDOWSRC_HOOK"]
FIXTURE = os.environ["GLWINDOWSRC_SWAP_FIXTURE"]
LAUNCH = os.environ.get("GLWINDOWSRC_LAUNCH")
SEQUENCE_CAPS = Gst.Caps.from_string("timestamp/x-glwindowsrc-swap-sequence")
SWAP_TIME_CAPS = Gst.Caps.from_string("timestamp/x-glwindowsrc-swap-monotonic")
# The wire format of targets/swapproto.h's GwsSwapMsg.
MSG = struct.Struct("=IIiIIIIIQQQQIIIIII")


@pytest.fixture
def sock_path():
    d = tempfile.mkdtemp(prefix="swaptest-")
    os.chmod(d, 0o700)
    yield os.path.join(d, "s.sock")
    for name in os.listdir(d):
        os.unlink(os.path.join(d, name))
    os.rmdir(d)


def hooked_env(sock, **extra):
    env = dict(os.environ, LD_PRELOAD=HOOK, GLWINDOWSRC_SOCKET=sock)
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Capture:
    """A program under the hook, captured by glwindowsrc ! appsink."""

    def __init__(self, sock, program, props="lossless=true", slow=0.0,
                 env=None,
                 appsink="max-buffers=1 drop=false"):
        self.slow = slow
        self.proc = subprocess.Popen(program, env=env or hooked_env(sock),
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.pipeline = Gst.parse_launch(
            f"glwindowsrc target=swap socket={sock} connect-timeout=10 "
            f"{props} ! appsink name=sink sync=false {appsink}")
        self.sink = self.pipeline.get_by_name("sink")
        self.frames = []
        self.eos_at = None

    def run(self, timeout=60):
        ret = self.pipeline.set_state(Gst.State.PLAYING)
        assert ret != Gst.StateChangeReturn.FAILURE, self.error_text()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sample = self.sink.try_pull_sample(5 * Gst.SECOND)
            if sample is None:
                if self.sink.is_eos():
                    self.eos_at = time.monotonic_ns()
                    break
                continue
            self.frames.append(self.take(sample))
            if self.slow:
                time.sleep(self.slow)
        self.bus_messages = self.drain_bus()
        self.pipeline.set_state(Gst.State.NULL)
        try:
            self.out, self.err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.out, self.err = self.proc.communicate()
        self.swaps = [line.split() for line in self.out.splitlines()
                      if line.startswith("swap ")]
        return self

    @staticmethod
    def take(sample):
        buf = sample.get_buffer()
        s = sample.get_caps().get_structure(0)
        w, h = s.get_value("width"), s.get_value("height")
        ok, info = buf.map(Gst.MapFlags.READ)
        assert ok
        pixels = np.frombuffer(info.data, np.uint8).reshape(h, w, 4).copy()
        buf.unmap(info)
        seq = buf.get_reference_timestamp_meta(SEQUENCE_CAPS)
        st = buf.get_reference_timestamp_meta(SWAP_TIME_CAPS)
        return {
            "pixels": pixels, "pts": buf.pts,
            "sequence": seq.timestamp if seq else None,
            "swap_time": st.timestamp if st else None,
        }

    def drain_bus(self):
        bus = self.pipeline.get_bus()
        msgs = []
        while True:
            m = bus.pop()
            if m is None:
                return msgs
            msgs.append(m)

    def error_text(self):
        for m in self.drain_bus():
            if m.type == Gst.MessageType.ERROR:
                err, debug = m.parse_error()
                return f"{err.message} ({debug})"
        return "no error message"

    def qos_dropped(self):
        dropped = [m.parse_qos_stats()[2] for m in self.bus_messages
                   if m.type == Gst.MessageType.QOS]
        return dropped


def index_of(pixels):
    """The fixture's frame index, checked to be the same everywhere."""
    r = pixels[..., 0].astype(np.int64)
    g = pixels[..., 1].astype(np.int64)
    idx = r + 256 * g
    assert (idx == idx[0, 0]).all(), "the picture is not one frame's"
    return int(idx[0, 0])


def assert_upright(pixels):
    """B is 192 in the top quarter of the rows, 64 below: row 0 is the top."""
    top_rows = pixels.shape[0] // 4
    b = pixels[..., 2]
    assert (b[:top_rows] == 192).all(), "top rows are not the top band"
    assert (b[top_rows:] == 64).all(), "lower rows are not the lower band"
    assert (pixels[..., 3] == 255).all()


def check_stream(cap, n, pace_ms=None):
    assert cap.proc.returncode == 0, cap.err
    assert "glwindowsrc-hook" not in cap.err, cap.err
    got = [f["sequence"] for f in cap.frames]
    assert got == list(range(n)), f"sequence numbers {got}"
    assert cap.eos_at is not None, "no EOS"
    for i, f in enumerate(cap.frames):
        assert index_of(f["pixels"]) == i
        assert f["sequence"] == i
        assert_upright(f["pixels"])
    # PTS differences are exactly those between the swap times the hook
    # took (the reference-timestamp meta) ...
    for i in range(1, n):
        want = cap.frames[i]["swap_time"] - cap.frames[i - 1]["swap_time"]
        got = cap.frames[i]["pts"] - cap.frames[i - 1]["pts"]
        assert abs(got - want) <= 1, (i, got, want)
    # ... and those are the program's own, measured just before each swap:
    # within 2 ms, but for a rare preemption between its clock and ours
    # on a loaded machine.
    swap_times = [int(s[2]) for s in cap.swaps]
    assert len(swap_times) == n
    errors = [abs(cap.frames[i]["swap_time"] - swap_times[i])
              for i in range(n)]
    assert max(errors) < 20_000_000, errors
    assert sum(e < 2_000_000 for e in errors) >= 0.9 * n, errors


@pytest.mark.parametrize("readback", ["direct", "pbo"])
def test_every_frame_once_in_order_top_down(sock_path, readback):
    n = 40
    # Irregular pauses: the PTS must follow them.
    program = [FIXTURE, "--frames", str(n), "--pace", "5,30,0,12,50,3"]
    cap = Capture(sock_path, program, env=hooked_env(
        sock_path, GLWINDOWSRC_HOOK_READBACK=readback)).run()
    check_stream(cap, n)


@pytest.mark.parametrize("how", ["link", "gpa", "dlsym", "oml"])
def test_every_way_to_find_the_swap(sock_path, how):
    n = 12
    args = ["--swap-oml"] if how == "oml" else ["--lookup", how]
    cap = Capture(sock_path, [FIXTURE, "--frames", str(n)] + args).run()
    check_stream(cap, n)


def test_egl_program_on_x11(sock_path):
    n = 20
    cap = Capture(sock_path, [FIXTURE, "--frames", str(n), "--egl",
                              "--pace", "4,20"]).run()
    check_stream(cap, n)


def test_lossless_slow_consumer_loses_nothing(sock_path):
    n = 30
    cap = Capture(sock_path, [FIXTURE, "--frames", str(n), "--pace", "1"],
                  props="lossless=true", slow=0.03).run()
    assert cap.proc.returncode == 0, cap.err
    assert [index_of(f["pixels"]) for f in cap.frames] == list(range(n))
    assert cap.qos_dropped() == []


def test_lossy_slow_consumer_reports_drops(sock_path):
    n = 60
    cap = Capture(sock_path, [FIXTURE, "--frames", str(n), "--pace", "1"],
                  props="lossless=false", slow=0.03).run()
    assert cap.proc.returncode == 0, cap.err
    got = [index_of(f["pixels"]) for f in cap.frames]
    seqs = [f["sequence"] for f in cap.frames]
    assert got == seqs, "a frame's meta is not its own index"
    assert got == sorted(got) and len(set(got)) == len(got)
    assert len(got) < n, "nothing was dropped: the consumer was not slow"
    dropped = cap.qos_dropped()
    assert dropped, f"drops were not posted as QoS: got {got}; {cap.err}"
    # Every swap is either delivered or counted, the last ones (after the
    # last frame delivered) at the end of the stream.
    assert dropped[-1] == n - len(got), (dropped, got)


def test_resize_renegotiates(sock_path):
    n = 20
    cap = Capture(sock_path, [FIXTURE, "--frames", str(n), "--size",
                              "160x120", "--resize-at", "10:200x150"]).run()
    assert cap.proc.returncode == 0, cap.err
    got = [f["sequence"] for f in cap.frames]
    assert got == list(range(n)), f"sequence numbers {got}"
    for i, f in enumerate(cap.frames):
        assert index_of(f["pixels"]) == i
        h, w = f["pixels"].shape[:2]
        if i < 10:
            assert (w, h) == (160, 120)
        elif i > 10:
            # Mesa may see the new size one frame late.
            assert (w, h) == (200, 150), (i, w, h)
        assert_upright(f["pixels"])


def test_crash_gives_eos_within_one_second(sock_path):
    cap = Capture(sock_path, [FIXTURE, "--frames", "100", "--crash-at",
                              "10", "--pace", "5"]).run()
    assert cap.proc.returncode == -signal.SIGKILL
    assert [index_of(f["pixels"]) for f in cap.frames] == list(range(11))
    crash_time = int(cap.swaps[10][2])
    assert cap.eos_at is not None
    assert cap.eos_at - crash_time < 1_000_000_000


def test_no_program_is_a_clear_error(sock_path):
    pipeline = Gst.parse_launch(
        f"glwindowsrc target=swap socket={sock_path} connect-timeout=1 "
        "! fakesink")
    start = time.monotonic()
    ret = pipeline.set_state(Gst.State.PAUSED)
    took = time.monotonic() - start
    msg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
    pipeline.set_state(Gst.State.NULL)
    assert ret == Gst.StateChangeReturn.FAILURE
    assert took < 5
    err, debug = msg.parse_error()
    assert "No program connected" in err.message and sock_path in err.message
    assert "glwindowsrc-launch" in debug


def test_program_that_never_swaps_is_a_clear_error(sock_path):
    pipeline = Gst.parse_launch(
        f"glwindowsrc target=swap socket={sock_path} connect-timeout=2 "
        "! fakesink")
    result = {}

    def client():
        # A hook that greets and then shows nothing.
        for _ in range(100):
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
                s.connect(sock_path)
                break
            except OSError:
                time.sleep(0.02)
        s.send(MSG.pack(1, 1, os.getpid(), *([0] * 15)))
        result["sock"] = s

    import threading
    t = threading.Thread(target=client)
    t.start()
    ret = pipeline.set_state(Gst.State.PAUSED)
    t.join()
    msg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
    pipeline.set_state(Gst.State.NULL)
    result["sock"].close()
    assert ret == Gst.StateChangeReturn.FAILURE
    err, _ = msg.parse_error()
    assert "presented no frame" in err.message


def test_socket_folder_must_be_private(sock_path):
    os.chmod(os.path.dirname(sock_path), 0o755)
    pipeline = Gst.parse_launch(
        f"glwindowsrc target=swap socket={sock_path} connect-timeout=1 "
        "! fakesink")
    ret = pipeline.set_state(Gst.State.PAUSED)
    msg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
    pipeline.set_state(Gst.State.NULL)
    assert ret == Gst.StateChangeReturn.FAILURE
    assert "not private" in msg.parse_error()[0].message


def test_hook_without_element_stays_out_of_the_way(sock_path):
    env = hooked_env(sock_path, GLWINDOWSRC_HOOK_TIMEOUT_MS=200)
    proc = subprocess.run([FIXTURE, "--frames", "5"], env=env,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines()
             if line.startswith("glwindowsrc-hook:")]
    assert len(lines) == 1, proc.stderr
    assert sock_path in lines[0]
    assert len([x for x in proc.stdout.splitlines()
                if x.startswith("swap ")]) == 5


def test_a_second_program_is_turned_away(sock_path):
    cap = Capture(sock_path, [FIXTURE, "--frames", "40", "--pace", "20"],
                  appsink="max-buffers=0")
    ret = cap.pipeline.set_state(Gst.State.PLAYING)
    assert ret != Gst.StateChangeReturn.FAILURE, cap.error_text()
    second = subprocess.run([FIXTURE, "--frames", "3"],
                            env=hooked_env(sock_path,
                                           GLWINDOWSRC_HOOK_TIMEOUT_MS=2000),
                            capture_output=True, text=True, timeout=30)
    cap.proc.communicate(timeout=30)
    cap.pipeline.set_state(Gst.State.NULL)
    assert second.returncode == 0, second.stderr
    assert "glwindowsrc-hook:" in second.stderr
    assert cap.proc.returncode == 0


def test_glxgears_under_the_launcher(sock_path):
    assert LAUNCH
    env = dict(os.environ, GLWINDOWSRC_HOOK=HOOK)
    # glxgears runs until it is stopped; the launcher serves the socket.
    cap = Capture(sock_path, [LAUNCH, "--socket", sock_path, "--",
                              "glxgears"], env=env, props="lossless=true",
                  appsink="max-buffers=4 drop=false")
    ret = cap.pipeline.set_state(Gst.State.PLAYING)
    assert ret != Gst.StateChangeReturn.FAILURE, cap.error_text()
    frames = []
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        sample = cap.sink.try_pull_sample(Gst.SECOND)
        if sample:
            frames.append(Capture.take(sample))
    cap.proc.terminate()
    eos = False
    for _ in range(200):
        sample = cap.sink.try_pull_sample(Gst.SECOND // 10)
        if sample is None and cap.sink.is_eos():
            eos = True
            break
    cap.pipeline.set_state(Gst.State.NULL)
    cap.proc.communicate(timeout=10)
    assert len(frames) > 10
    assert [f["sequence"] for f in frames] == list(range(len(frames)))
    assert frames[0]["pixels"].shape == (300, 300, 4)
    # The gears: several colours, not a blank window.
    assert len(np.unique(frames[-1]["pixels"][..., :3].reshape(-1, 3),
                         axis=0)) > 3
    assert eos


def test_launcher_records_a_file(tmp_path):
    assert LAUNCH
    out = tmp_path / "movie.mp4"
    env = dict(os.environ, GLWINDOWSRC_HOOK=HOOK)
    proc = subprocess.run([LAUNCH, "--output", str(out), "--", FIXTURE,
                           "--frames", "25", "--size", "161x121"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "25 frame(s) recorded" in proc.stderr
    pipeline = Gst.parse_launch(
        f"filesrc location={out} ! decodebin ! videoconvert ! "
        "video/x-raw,format=RGBA ! appsink name=sink sync=false")
    sink = pipeline.get_by_name("sink")
    pipeline.set_state(Gst.State.PLAYING)
    n = 0
    while sink.try_pull_sample(5 * Gst.SECOND):
        n += 1
    pipeline.set_state(Gst.State.NULL)
    assert n == 25


def test_launcher_usage_errors():
    assert LAUNCH
    assert subprocess.run([LAUNCH], capture_output=True).returncode == 2
    assert subprocess.run([LAUNCH, "--output", "x.avi", "--", "true"],
                          capture_output=True).returncode == 2


def test_vtk_program_matches_its_own_readback(sock_path, tmp_path):
    """An unmodified VTK program (python3-vtk9): each frame it presents,
    once, equal to what it reads back itself."""
    pytest.importorskip("vtk")
    import sys
    n = 8
    app = os.path.join(os.path.dirname(__file__), "swap_vtk_app.py")
    own = tmp_path / "own.npy"
    cap = Capture(sock_path, [sys.executable, app, str(n), str(own)]).run()
    assert cap.proc.returncode == 0, cap.err
    assert [f["sequence"] for f in cap.frames] == list(range(n))
    frames = np.load(own)
    for i, f in enumerate(cap.frames):
        got = f["pixels"][..., :3]
        assert got.shape == frames[i].shape
        assert (got == frames[i]).all(), f"frame {i} differs"
    # Not a blank window.
    assert len(np.unique(cap.frames[0]["pixels"].reshape(-1, 4), axis=0)) > 2


def test_wayland_egl_client(sock_path, tmp_path):
    """weston's headless backend with weston-simple-egl, an EGL client
    that swaps with eglSwapBuffersWithDamage: its frames, upright."""
    import shutil
    if not shutil.which("weston") or not shutil.which("weston-simple-egl"):
        pytest.skip("weston and weston-simple-egl are not installed")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    wenv = dict(os.environ, XDG_RUNTIME_DIR=str(runtime))
    wenv.pop("DISPLAY", None)
    weston = subprocess.Popen(
        ["weston", "--backend=headless-backend.so", "--use-gl",
         "--socket=wl-swap-test", "--width=640", "--height=480"],
        env=wenv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if (runtime / "wl-swap-test").exists():
                break
            time.sleep(0.05)
        env = hooked_env(sock_path, XDG_RUNTIME_DIR=str(runtime),
                         WAYLAND_DISPLAY="wl-swap-test")
        env.pop("DISPLAY", None)
        cap = Capture(sock_path, ["weston-simple-egl"], env=env,
                      appsink="max-buffers=0")
        ret = cap.pipeline.set_state(Gst.State.PLAYING)
        assert ret != Gst.StateChangeReturn.FAILURE, cap.error_text()
        frames = []
        while len(frames) < 15:
            sample = cap.sink.try_pull_sample(5 * Gst.SECOND)
            assert sample, "no frame from weston-simple-egl"
            frames.append(Capture.take(sample))
        cap.proc.terminate()
        cap.proc.communicate(timeout=10)
        cap.pipeline.set_state(Gst.State.NULL)
    finally:
        weston.terminate()
        weston.wait(timeout=10)
    assert [f["sequence"] for f in frames] == list(range(15))
    px = frames[0]["pixels"]
    assert px.shape == (250, 250, 4)
    # The client's triangle spins about its vertical axis: its blue apex
    # stays at the top, its red and green corners at the bottom. Upside
    # down, blue would be at the bottom.
    checked = 0
    for f in frames:
        px = f["pixels"]
        lit = np.argwhere(px[..., :3].max(axis=2) > 60)
        if len(lit) < 200:
            continue  # edge-on
        checked += 1
        top = px[tuple(lit[lit[:, 0].argmin()])]
        bottom = px[tuple(lit[lit[:, 0].argmax()])]
        assert top[2] > max(top[0], top[1]), top
        assert bottom[2] < max(bottom[0], bottom[1]), bottom
    assert checked >= 10


def test_python_package_program(tmp_path):
    """glwindowsrc.Capture(program=[...]) from Python, without gi: the
    program runs with the hook, every frame it presents arrives once and
    in order, upright, and its exit ends the stream (EndOfStream)."""
    n = 12
    code = f"""
import json, sys
sys.modules['gi'] = None
import glwindowsrc
seen = []
with glwindowsrc.Capture(program=[{FIXTURE!r}, "--frames", "{n}"],
                         timeout=20) as cap:
    for frame in cap.frames():
        seen.append([int(frame[0, 0, 0]) + 256 * int(frame[0, 0, 1]),
                     int(frame[0, 0, 2]), int(frame[-1, 0, 2]),
                     list(frame.shape)])
    ended = cap.process.wait(10)
print(json.dumps({{"seen": seen, "exit": ended}}))
"""
    env = dict(os.environ, PYTHONPATH=os.path.join(
        os.path.dirname(__file__), "..", "..", "ext", "python"))
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    import json
    result = json.loads(out.stdout.strip().splitlines()[-1])
    seen = result["seen"]
    assert [s[0] for s in seen] == list(range(n)), seen
    # B = 192 in the top quarter of the rows: row 0 is the top.
    assert all(s[1] == 192 and s[2] != 192 for s in seen), seen
    assert result["exit"] == 0


def test_record_tool_records_a_program(tmp_path, sock_path):
    """glwindowsrc-record --socket: every frame a program presents under
    glwindowsrc-launch --socket, in an MP4 finalised when it exits."""
    from mediacheck import built_program, ffprobe, video_stream
    record = built_program("GLWINDOWSRC_RECORD", "tools/glwindowsrc-record")
    out = tmp_path / "program.mp4"
    n = 30
    rec = subprocess.Popen([record, "--socket", sock_path, "--output",
                            str(out)], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        prog = subprocess.run([LAUNCH, "--socket", sock_path, "--", FIXTURE,
                               "--frames", str(n), "--pace", "10"],
                              capture_output=True, text=True, timeout=60)
        assert prog.returncode == 0, prog.stderr
        _, err = rec.communicate(timeout=60)
    finally:
        if rec.poll() is None:
            rec.kill()
            rec.wait()
    assert rec.returncode == 0, err
    stream = video_stream(ffprobe(out, count_frames=True))
    assert int(stream["nb_read_frames"]) == n, stream
