# SPDX-License-Identifier: LGPL-2.1-or-later
"""Helpers for the recording and streaming tests: where the built programs
are, reading media back with FFmpeg (an independent implementation), and
checking a decoded picture of the fixture window is upright.

Lossy codecs and YUV 4:2:0 blur edges and shift colours a little, so these
checks sample the middle of each region of the fixture's picture (see
conftest.py) with a tolerance, rather than every pixel.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import BLUE, GREEN, MAGENTA, RED, WHITE, marker_size

FFMPEG_TIMEOUT = 30
# Per channel, after encoding, 4:2:0 and a BT.601/709 mismatch between
# encoder and decoder; the fixture's colours differ by 255 in some channel.
COLOUR_TOLERANCE = 60


def build_dir():
    """The meson build directory: $GLWINDOWSRC_BUILD_DIR, else the parent of
    the plugin folder meson puts first in $GST_PLUGIN_PATH."""
    env = os.environ.get("GLWINDOWSRC_BUILD_DIR")
    if env:
        return Path(env)
    for entry in os.environ.get("GST_PLUGIN_PATH", "").split(os.pathsep):
        if entry and (Path(entry).parent / "build.ninja").exists():
            return Path(entry).parent
    pytest.fail("cannot find the build directory: set GLWINDOWSRC_BUILD_DIR "
                "or run these tests with 'meson test'")


def built_program(env_var, relative):
    """A program of this build: $env_var if set, else build_dir/relative."""
    path = os.environ.get(env_var) or str(build_dir() / relative)
    assert os.access(path, os.X_OK), f"{path} is not built ({env_var})"
    return path


def require_program(name):
    path = shutil.which(name)
    assert path, f"{name} is not installed (scripts/packages.txt)"
    return path


def self_signed_certificate(folder, name="cert"):
    """(certificate, key) as PEM files in @folder: self-signed, for
    127.0.0.1 and localhost, valid a day."""
    cert, key = folder / f"{name}.pem", folder / f"{name}-key.pem"
    res = subprocess.run(
        [require_program("openssl"), "req", "-x509", "-newkey", "rsa:2048",
         "-nodes", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-days", "1", "-keyout", str(key), "-out", str(cert)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr
    return cert, key


def free_port():
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ffprobe(source, count_frames=False, input_args=()):
    """ffprobe's view of @source: {'streams': [...], 'format': {...}}."""
    cmd = [require_program("ffprobe"), "-v", "error", *input_args,
           "-show_streams", "-show_format", "-of", "json"]
    if count_frames:
        cmd.append("-count_frames")
    out = subprocess.run(cmd + [str(source)], capture_output=True, text=True,
                         timeout=FFMPEG_TIMEOUT, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, f"ffprobe {source}: {out.stderr.strip()}"
    return json.loads(out.stdout)


def video_stream(probe):
    streams = [s for s in probe["streams"] if s["codec_type"] == "video"]
    assert len(streams) == 1, f"expected one video stream: {probe}"
    return streams[0]


def decode_frame(source, width, height, input_args=(), seek=None):
    """One decoded frame of @source as an (H, W, 4) RGBA array, by FFmpeg,
    the first or the one at @seek seconds."""
    cmd = [require_program("ffmpeg"), "-nostdin", "-v", "error", *input_args]
    if seek is not None:
        cmd += ["-ss", str(seek)]
    cmd += ["-i", str(source), "-frames:v", "1", "-f", "rawvideo",
            "-pix_fmt", "rgba", "-"]
    out = subprocess.run(cmd, capture_output=True, timeout=FFMPEG_TIMEOUT,
                         stdin=subprocess.DEVNULL)
    assert out.returncode == 0, \
        f"ffmpeg {source}: {out.stderr.decode(errors='replace').strip()}"
    expected = width * height * 4
    assert len(out.stdout) == expected, (
        f"ffmpeg gave {len(out.stdout)} bytes for {width}x{height} RGBA")
    return np.frombuffer(out.stdout, np.uint8).reshape(height, width, 4)


def _patch(frame, x, y, radius=2, axis=None):
    """Median colour around (x, y): a square, or along a line (axis 0: a
    column, 1: a row) where a square would reach past an edge."""
    h, w = frame.shape[:2]
    rx = 0 if axis == 0 else radius
    ry = 0 if axis == 1 else radius
    region = frame[max(0, y - ry):min(h, y + ry + 1),
                   max(0, x - rx):min(w, x + rx + 1), :3]
    return np.median(region.reshape(-1, 3), axis=0)


def assert_upright(frame, width, height, what="",
                   tolerance=COLOUR_TOLERANCE):
    """Asserts @frame shows the fixture's @width x @height picture upright,
    at its top-left; a frame larger by one column or row (padding to an even
    size) must be dark there."""
    fh, fw = frame.shape[:2]
    assert (fw - width) in (0, 1) and (fh - height) in (0, 1), (
        f"{what}: frame is {fw}x{fh} for a {width}x{height} window")
    hw, hh, m = width // 2, height // 2, marker_size(width, height)
    places = {
        "marker": ((m // 2, m // 2), MAGENTA),
        "top-left, right of the marker": (((m + hw) // 2, m // 2), RED),
        "top-left quadrant": ((hw // 2, hh // 2 + m // 2), RED),
        "top-right quadrant": ((hw + hw // 2, hh // 2), GREEN),
        "bottom-left quadrant": ((hw // 2, hh + hh // 2), BLUE),
        "bottom-right quadrant": ((hw + hw // 2, hh + hh // 2), WHITE),
    }
    for name, ((x, y), want) in places.items():
        got = _patch(frame, x, y)
        assert np.all(np.abs(got - np.array(want)) <= tolerance), (
            f"{what} {width}x{height}: {name} at ({x},{y}) is "
            f"{tuple(int(v) for v in got)}, expected {want} "
            f"(the picture is not upright or not the window)")
    # Padding (to an even size) is black, next to the white quadrant where
    # 4:2:0 chroma cannot bleed colour into it. A one-pixel line is where a
    # lossy encoder rings most, so it need only be clearly darker than the
    # white beside it; a rescaled picture would be white there.
    padding = {}
    if fw > width:
        padding["padding column"] = ((width, hh + hh // 2), 0)
    if fh > height:
        padding["padding row"] = ((hw + hw // 2, height), 1)
    for name, ((x, y), axis) in padding.items():
        got = _patch(frame, x, y, axis=axis)
        assert got.mean() <= 255 - 64, (
            f"{what}: {name} at ({x},{y}) is {tuple(int(v) for v in got)}, "
            f"expected black (one pixel added, the picture not rescaled)")


def stop_process(proc, sig=signal.SIGTERM, timeout=15):
    """Sends @sig to @proc and waits; kills it if it does not exit."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def wait_for(predicate, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


BROWSER_DIR = Path(__file__).resolve().parents[1] / "browser"
NPM_TIMEOUT = 300


def browser_modules():
    """hls.js and playwright-core at the versions tests/browser pins,
    installed into the build directory on first use (npm ci); the HLS and
    the share tests drive Debian's Chromium with them."""
    target = build_dir() / "browser"
    modules = target / "node_modules"
    lock = BROWSER_DIR / "package-lock.json"
    stamp = target / "installed-lock.json"
    if (modules / "hls.js").is_dir() and (modules / "playwright-core").is_dir() \
            and stamp.exists() and stamp.read_bytes() == lock.read_bytes():
        return modules
    npm = require_program("npm")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(BROWSER_DIR / "package.json", target)
    shutil.copy(lock, target)
    res = subprocess.run([npm, "ci", "--no-audit", "--no-fund",
                          "--prefix", str(target)],
                         capture_output=True, text=True, timeout=NPM_TIMEOUT,
                         stdin=subprocess.DEVNULL)
    assert res.returncode == 0, f"npm ci failed: {res.stderr}"
    shutil.copy(lock, stamp)
    return modules
