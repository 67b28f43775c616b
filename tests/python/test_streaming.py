# SPDX-License-Identifier: LGPL-2.1-or-later
"""Streaming a window to real clients, all on 127.0.0.1:

- glwindowsrc-rtsp-server (gst-rtsp-server), read by FFmpeg's RTSP client;
- the HLS example (the record tool's live HLS + a static web server), played
  by headless Chromium (Debian's) with hls.js, whose screenshot must show the
  window upright.
"""

import json
import os
import selectors
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from mediacheck import (assert_upright, browser_modules, built_program,
                        decode_frame, ffprobe, free_port, require_program,
                        self_signed_certificate, stop_process, video_stream,
                        wait_for)

SOURCE_DIR = Path(__file__).resolve().parents[2]
BROWSER_DIR = SOURCE_DIR / "tests" / "browser"
RTSP_INPUT = ("-rtsp_transport", "tcp")
START_TIMEOUT = 20
BROWSER_TIMEOUT_MS = 30000


def read_line(proc, timeout):
    """The first line @proc prints, without blocking past @timeout."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    fd = proc.stdout.fileno()
    buf = b""
    deadline = time.monotonic() + timeout
    try:
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                pytest.fail(f"no output within {timeout} s: {buf!r}")
            chunk = os.read(fd, 256)
            if not chunk:
                pytest.fail(f"exited early ({proc.wait()}): {buf!r}")
            buf += chunk
    finally:
        sel.close()
    return buf.split(b"\n")[0].decode()


@pytest.fixture
def rtsp_server():
    """Factory: rtsp_server(*args) -> (process, url); stopped afterwards."""
    exe = built_program("GLWINDOWSRC_RTSP_SERVER",
                        "tools/glwindowsrc-rtsp-server")
    procs = []

    def start(*args):
        proc = subprocess.Popen([exe, "--port", "0", *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL)
        procs.append(proc)
        return proc, read_line(proc, START_TIMEOUT)

    yield start
    for proc in procs:
        stop_process(proc)
        proc.stdout.close()
        proc.stderr.close()


def test_rtsp_serves_window_upright_to_ffmpeg(spawn_window, rtsp_server):
    win = spawn_window(333, 257)
    proc, url = rtsp_server("--xid", hex(win.xid))
    assert url.startswith("rtsp://127.0.0.1:") and url.endswith("/glwindow")

    stream = video_stream(ffprobe(url, input_args=RTSP_INPUT))
    assert stream["codec_name"] == "h264"
    assert stream["pix_fmt"] == "yuv420p"
    # Odd sizes are padded by one black column and row, not scaled.
    assert (stream["width"], stream["height"]) == (334, 258)

    # Two viewers at once, each getting a whole (one slice per picture;
    # FFmpeg tears multi-slice pictures over RTSP) and upright first picture.
    ffmpeg = require_program("ffmpeg")
    viewers = [subprocess.Popen(
        [ffmpeg, "-nostdin", "-v", "error", *RTSP_INPUT, "-i", url,
         "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for viewer in viewers:
        try:
            out, err = viewer.communicate(timeout=30)
        finally:
            if viewer.poll() is None:
                viewer.kill()
                viewer.wait()
        assert viewer.returncode == 0, err.decode(errors="replace")
        assert len(out) == 334 * 258 * 4
        frame = np.frombuffer(out, np.uint8).reshape(258, 334, 4)
        assert_upright(frame, 333, 257, "RTSP viewer")

    assert stop_process(proc) == 0, proc.stderr.read().decode()


def test_rtsp_server_without_plugin_says_so(tmp_path):
    """No glwindowsrc on the plugin path: a message naming it and a non-zero
    exit before anything is served, not a crash at the first client."""
    exe = built_program("GLWINDOWSRC_RTSP_SERVER",
                        "tools/glwindowsrc-rtsp-server")
    empty = tmp_path / "no-plugins"
    empty.mkdir()
    registry = str(tmp_path / "registry.dat")
    # The system's plugins stay (GST_PLUGIN_SYSTEM_PATH_1_0 as the suite
    # sets it): only glwindowsrc is missing.
    env = dict(os.environ, GST_PLUGIN_PATH=str(empty),
               GST_PLUGIN_PATH_1_0=str(empty), GST_REGISTRY=registry,
               GST_REGISTRY_1_0=registry)
    res = subprocess.run([exe, "--port", "0"], capture_output=True,
                         text=True, env=env, timeout=START_TIMEOUT * 3,
                         stdin=subprocess.DEVNULL)
    assert res.returncode == 1, res.stderr
    assert res.stderr.startswith("glwindowsrc-rtsp-server: "), res.stderr
    assert "element glwindowsrc was not found" in res.stderr
    assert "rtsp://" not in res.stdout, "it served without the element"


def test_rtsp_server_usage_error():
    exe = built_program("GLWINDOWSRC_RTSP_SERVER",
                        "tools/glwindowsrc-rtsp-server")
    res = subprocess.run([exe, "--no-such-option"], capture_output=True,
                         text=True, timeout=START_TIMEOUT,
                         stdin=subprocess.DEVNULL)
    assert res.returncode == 2
    assert res.stderr.startswith("glwindowsrc-rtsp-server: ")


def listening_addresses(port):
    """Local addresses with a TCP socket listening on @port, from the
    kernel's tables (hex, as /proc/net/tcp* writes them)."""
    addrs = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            addr, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":  # LISTEN
                addrs.add(addr)
    return addrs


def test_rtsp_server_listens_on_loopback_only(spawn_window, rtsp_server):
    win = spawn_window(64, 48)
    _, url = rtsp_server("--xid", hex(win.xid))
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    # 127.0.0.1 in /proc/net/tcp's little-endian hex; nothing on tcp6.
    assert listening_addresses(port) == {"0100007F"}


def probe_status(url):
    """ffprobe of @url over TCP: (exit status, stderr)."""
    out = subprocess.run([require_program("ffprobe"), "-v", "error",
                          *RTSP_INPUT, "-show_streams", "-of", "json", url],
                         capture_output=True, text=True, timeout=60,
                         stdin=subprocess.DEVNULL)
    return out.returncode, out.stdout + out.stderr


def with_user(url, user, password):
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{user}:{password}@{rest}"


def test_rtsp_credentials_are_required(spawn_window, rtsp_server, tmp_path):
    """--credentials-file: no credentials or a wrong password get 401 and
    no stream; the right ones get the picture (issue 14, 9)."""
    creds = tmp_path / "viewers"
    creds.write_text("# who may watch\nalice:s3cret\nbob:hunter2\n")
    win = spawn_window(64, 48)
    proc, url = rtsp_server("--xid", hex(win.xid), "--credentials-file",
                            str(creds))
    status, text = probe_status(url)
    assert status != 0 and "401" in text, text
    status, text = probe_status(with_user(url, "alice", "wrong"))
    assert status != 0 and "401" in text, text
    for user, password in (("alice", "s3cret"), ("bob", "hunter2")):
        status, text = probe_status(with_user(url, user, password))
        assert status == 0, text
        stream = video_stream(json.loads(text))
        assert (stream["codec_name"], stream["width"]) == ("h264", 64)
    frame = decode_frame(with_user(url, "alice", "s3cret"), 64, 48,
                         input_args=RTSP_INPUT)
    assert_upright(frame, 64, 48, "authenticated viewer")
    # Loopback with credentials but no TLS: it says what is exposed.
    assert stop_process(proc) == 0
    assert "no TLS" in proc.stderr.read().decode()


def test_rtsp_tls_with_credentials(spawn_window, rtsp_server, tmp_path):
    """--tls-cert/--tls-key: rtsps:// that FFmpeg plays with credentials."""
    cert, key = self_signed_certificate(tmp_path)
    win = spawn_window(80, 60)
    _, url = rtsp_server("--xid", hex(win.xid), "--credentials",
                         "carol:pa55", "--tls-cert", str(cert),
                         "--tls-key", str(key))
    assert url.startswith("rtsps://127.0.0.1:"), url
    status, text = probe_status(url)
    assert status != 0 and "401" in text, text
    status, text = probe_status(with_user(url, "carol", "pa55"))
    assert status == 0, text
    assert video_stream(json.loads(text))["width"] == 80


def test_rtsp_without_credentials_says_who_can_watch(spawn_window,
                                                      rtsp_server):
    win = spawn_window(64, 48)
    proc, _ = rtsp_server("--xid", hex(win.xid))
    assert stop_process(proc) == 0
    assert "any user of this machine can watch" in proc.stderr.read().decode()


def test_rtsp_bad_credentials_are_a_usage_error(tmp_path):
    exe = built_program("GLWINDOWSRC_RTSP_SERVER",
                        "tools/glwindowsrc-rtsp-server")
    # Another certificate's key loads without a word, and would fail every
    # viewer's handshake: named at start.
    cert, _ = self_signed_certificate(tmp_path)
    _, other_key = self_signed_certificate(tmp_path, "other")
    for args, says in (
            (["--credentials", "nocolon"], "not USER:PASSWORD"),
            (["--credentials-file", str(tmp_path / "missing")], "missing"),
            (["--tls-key", "k.pem"], "--tls-key needs --tls-cert"),
            (["--tls-cert", str(cert), "--tls-key", str(other_key)],
             f"the key in {other_key} does not serve with the certificate "
             f"in {cert}")):
        out = subprocess.run([exe, "--port", "0", *args], capture_output=True,
                             text=True, timeout=30)
        assert out.returncode == 2, (args, out.stderr)
        assert says in out.stderr, (args, out.stderr)


def http_get(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.read()
    except OSError:
        return None


def playlist_segments(url):
    body = http_get(url)
    if not body:
        return 0
    return sum(1 for line in body.decode().splitlines()
               if line.endswith(".ts"))


def test_hls_plays_upright_in_chromium(spawn_window, tmp_path):
    chromium = os.environ.get("CHROMIUM") or require_program("chromium")
    node = require_program("node")
    modules = browser_modules()

    win = spawn_window(333, 257)
    serve_dir = tmp_path / "hls"
    serve_dir.mkdir()
    # The example's page uses a local hls.min.js when there is one: no CDN.
    shutil.copy(modules / "hls.js" / "dist" / "hls.min.js", serve_dir)
    port = free_port()
    script = SOURCE_DIR / "examples" / "hls_stream.sh"
    # The script captures and encodes with the record tool of this build.
    record = built_program("GLWINDOWSRC_RECORD", "tools/glwindowsrc-record")
    # Its own session, so that nothing it started can outlive the test.
    proc = subprocess.Popen(
        [str(script), "--xid", hex(win.xid), "--dir", str(serve_dir),
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, start_new_session=True,
        env=dict(os.environ, GLWINDOWSRC_RECORD=record))
    try:
        assert f"Streaming window {hex(win.xid)} to http" in \
            read_line(proc, START_TIMEOUT)
        base = f"http://127.0.0.1:{port}/"
        wait_for(lambda: playlist_segments(base + "live.m3u8") >= 2,
                 START_TIMEOUT, "two HLS segments on the web server")

        shot = tmp_path / "video.png"
        env = dict(os.environ, NODE_PATH=str(modules), CHROMIUM=chromium)
        res = subprocess.run(
            [node, str(BROWSER_DIR / "hls-screenshot.js"), base + "index.html",
             str(shot), str(tmp_path / "chromium-profile"),
             str(BROWSER_TIMEOUT_MS)],
            capture_output=True, text=True, env=env,
            timeout=BROWSER_TIMEOUT_MS / 1000 * 3, stdin=subprocess.DEVNULL)
        assert res.returncode == 0, res.stdout + res.stderr
        info = json.loads(res.stdout.strip().splitlines()[-1])
        assert (info["width"], info["height"]) == (334, 258), info
        assert info["currentTime"] > 0.5, info

        # The screenshot is the <video> element as Chromium painted it.
        stream = video_stream(ffprobe(shot))
        size = (stream["width"], stream["height"])
        assert size == (334, 258), f"screenshot is {size}"
        assert_upright(decode_frame(shot, *size), 333, 257, "Chromium")

        # Ctrl-C/TERM: the capture finalises the playlist, the server stops.
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        playlist = (serve_dir / "live.m3u8").read_text()
        assert playlist.rstrip().endswith("#EXT-X-ENDLIST"), playlist
        assert http_get(base + "live.m3u8") is None, "web server still up"
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
