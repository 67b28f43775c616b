# SPDX-License-Identifier: LGPL-2.1-or-later
"""glwindowsrc-share: a window in headless Chromium over WebRTC, and input
back, all on 127.0.0.1.

Chromium (Debian's) is driven by playwright-core (tests/browser/
share-view.js, installed into the build directory with npm as the HLS test
does). The fixture window runs with --input: it writes each button press
and key it gets on stdout, and turns yellow on a click.
"""

import base64
import json
import os
import selectors
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from mediacheck import (assert_upright, browser_modules, built_program,
                        require_program, self_signed_certificate,
                        stop_process)

SOURCE_DIR = Path(__file__).resolve().parents[2]
BROWSER_DIR = SOURCE_DIR / "tests" / "browser"
START_TIMEOUT = 20
BROWSER_TIMEOUT_MS = 30000
# How long the fixture is given to report input that should have come.
INPUT_TIMEOUT = 5
LOOPBACK_PAIR = {"local": "127.0.0.1", "remote": "127.0.0.1"}


def share_exe():
    return built_program("GLWINDOWSRC_SHARE", "tools/glwindowsrc-share")


def read_line(stream, timeout, what):
    """One line from the pipe @stream, without blocking past @timeout;
    None at its end."""
    sel = selectors.DefaultSelector()
    sel.register(stream, selectors.EVENT_READ)
    fd = stream.fileno()
    buf = b""
    deadline = time.monotonic() + timeout
    try:
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                pytest.fail(f"no line from {what} within {timeout} s: {buf!r}")
            chunk = os.read(fd, 1)
            if not chunk:
                return None if not buf else buf.decode()
            buf += chunk
    finally:
        sel.close()
    return buf.decode().rstrip("\n")


def read_lines_for(stream, seconds):
    """Every line @stream gives within @seconds (a bounded wait)."""
    sel = selectors.DefaultSelector()
    sel.register(stream, selectors.EVENT_READ)
    fd = stream.fileno()
    buf = b""
    deadline = time.monotonic() + seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            buf += chunk
    finally:
        sel.close()
    return buf.decode().splitlines()


@pytest.fixture
def share(tmp_path):
    """Factory: share(*args) -> (process, url); stopped afterwards."""
    procs = []

    def start(*args):
        proc = subprocess.Popen([share_exe(), "--port", "0", *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL)
        procs.append(proc)
        url = read_line(proc.stdout, START_TIMEOUT, "glwindowsrc-share")
        assert url, proc.stderr.read().decode(errors="replace")
        return proc, url

    yield start
    for proc in procs:
        stop_process(proc)
        # Shown with a failure (captured output of the teardown).
        print("glwindowsrc-share said:",
              proc.stderr.read().decode(errors="replace"))
        proc.stdout.close()
        proc.stderr.close()


@pytest.fixture
def input_window(fixture_exe, request):
    """Factory: a fixture window that reports its input on stdout."""
    from conftest import TestWindow
    windows = []

    def spawn(width, height):
        title = f"glwindowsrc share {request.node.name} {os.getpid()}"
        win = TestWindow(fixture_exe, width, height, title,
                         extra=["--input"], exit_after=120)
        windows.append(win)
        return win

    yield spawn
    for win in windows:
        win.close()


class Browser:
    """share-view.js running one configuration; its JSON lines."""

    def __init__(self, tmp_path, url, **config):
        chromium = os.environ.get("CHROMIUM") or require_program("chromium")
        node = require_program("node")
        modules = browser_modules()
        config = dict(url=url, profile=str(tmp_path / "chromium-profile"),
                      timeout=BROWSER_TIMEOUT_MS, **config)
        cfg = tmp_path / "view.json"
        cfg.write_text(json.dumps(config))
        env = dict(os.environ, NODE_PATH=str(modules), CHROMIUM=chromium)
        self.proc = subprocess.Popen(
            [node, str(BROWSER_DIR / "share-view.js"), str(cfg)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
            stdin=subprocess.DEVNULL, start_new_session=True)

    def event(self, timeout=BROWSER_TIMEOUT_MS / 1000 * 2):
        line = read_line(self.proc.stdout, timeout, "the browser")
        if line is None:
            self.proc.wait(timeout=30)
            pytest.fail("the browser stopped: "
                        + self.proc.stderr.read().decode(errors="replace"))
        return json.loads(line)

    def finish(self):
        event = self.event()
        assert event["event"] == "done", event
        assert self.proc.wait(timeout=60) == 0, self.proc.stderr.read()
        return event

    def close(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture
def browser(tmp_path):
    opened = []

    def open_(url, **config):
        b = Browser(tmp_path, url, **config)
        opened.append(b)
        return b

    yield open_
    for b in opened:
        b.close()


def http_status(url, context=None):
    """(status, body) of a GET; @context: the ssl.SSLContext for https."""
    try:
        with urllib.request.urlopen(url, timeout=5,
                                    context=context) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def with_token(url, token):
    base, _, _ = url.rstrip("/").rpartition("/")
    return f"{base}/{token}/"


# A minimal WebSocket client (RFC 6455), enough to knock on the door.
def ws_connect(url, path_tail="ws", context=None):
    """Opens a WebSocket to @url + @path_tail: (status line, socket); over
    TLS with the ssl.SSLContext @context."""
    rest = url.split("://", 1)[1]
    hostport, _, path = rest.partition("/")
    host, port = hostport.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=10)
    if context:
        sock = context.wrap_socket(sock, server_hostname=host)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET /{path}{path_tail} HTTP/1.1\r\nHost: {hostport}\r\n"
                  "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        if not chunk:
            break
        head += chunk
    status_line = head.split(b"\r\n", 1)[0].decode()
    headers = head.decode(errors="replace").lower()
    if " 101 " not in status_line:
        # Whatever follows the headers: the body the server sent.
        length = 0
        for line in headers.split("\r\n"):
            if line.startswith("content-length:"):
                length = int(line.split(":", 1)[1])
        body = b""
        while len(body) < length:
            chunk = sock.recv(length - len(body))
            if not chunk:
                break
            body += chunk
        sock.close()
        return status_line, body
    return status_line, sock


def ws_send(sock, obj):
    data = json.dumps(obj).encode()
    mask = os.urandom(4)
    header = bytes([0x81])
    if len(data) < 126:
        header += bytes([0x80 | len(data)])
    else:
        header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
    sock.sendall(header + mask + bytes(b ^ mask[i % 4]
                                       for i, b in enumerate(data)))


def ws_recv_all(sock, seconds):
    """The text messages the server sends within @seconds."""
    sock.settimeout(0.2)
    buf, messages = b"", []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            break
        buf += chunk
        while len(buf) >= 2:
            length, offset = buf[1] & 0x7f, 2
            if length == 126:
                if len(buf) < 4:
                    break
                length, offset = struct.unpack(">H", buf[2:4])[0], 4
            elif length == 127:
                if len(buf) < 10:
                    break
                length, offset = struct.unpack(">Q", buf[2:10])[0], 10
            if len(buf) < offset + length:
                break
            if buf[0] & 0x0f == 1:
                messages.append(json.loads(buf[offset:offset + length]))
            buf = buf[offset + length:]
    return messages


def input_lines(win, seconds):
    return [line for line in read_lines_for(win.proc.stdout, seconds)
            if line.startswith(("button", "key"))]


# ---------------------------------------------------------------------------


def send_navigation(xid, events, crop=(0, 0), enable=True, props="",
                    wait=0.0):
    """Runs glwindowsrc on @xid and sends @events (GstNavigation, made by
    functions of GstVideo.Navigation) upstream from a downstream pad, after
    @wait seconds of playing."""
    from conftest import Gst, GstVideo
    nav = GstVideo.Navigation
    pipeline = Gst.parse_launch(
        f"glwindowsrc xid={xid} crop-x={crop[0]} crop-y={crop[1]} "
        f"enable-navigation-events={'true' if enable else 'false'} {props} "
        "! video/x-raw,format=RGBA ! videoconvert name=c ! fakesink")
    try:
        assert pipeline.set_state(Gst.State.PLAYING) != \
            Gst.StateChangeReturn.FAILURE
        pipeline.get_state(10 * Gst.SECOND)
        time.sleep(wait)
        pad = pipeline.get_by_name("c").get_static_pad("src")
        for name, *args in events:
            sent = pad.send_event(getattr(nav, name)(*args))
            assert sent or not enable
    finally:
        pipeline.set_state(Gst.State.NULL)


def test_element_injects_navigation_through_the_crop(input_window):
    """enable-navigation-events: the pointer in the video's pixels lands on
    the window's pixel (crop undone); keys by keysym name or character."""
    win = input_window(160, 120)
    send_navigation(win.xid, [
        ("event_new_mouse_move", 20, 30, 0),
        ("event_new_mouse_button_press", 1, 20, 30, 0),
        ("event_new_mouse_button_release", 1, 20, 30, 0),
        ("event_new_mouse_button_press", 3, 5, 6, 0),
        ("event_new_mouse_button_release", 3, 5, 6, 0),
        ("event_new_key_press", "Return", 0),
        ("event_new_key_release", "Return", 0),
        ("event_new_key_press", "z", 0),
        ("event_new_key_release", "z", 0),
    ], crop=(10, 5))
    got = input_lines(win, INPUT_TIMEOUT)
    assert got[:4] == ["button 1 at 30,35", "button 3 at 15,11",
                       "key Return", "key z"], got


def test_element_injects_navigation_through_the_scaling(fixture_exe):
    """resize-mode=scale: the window grew to twice its size and is scaled
    into the first size; the pointer is scaled back."""
    from conftest import TestWindow
    win = TestWindow(fixture_exe, 160, 120, f"glwindowsrc share scale "
                     f"{os.getpid()}", extra=["--input", "--resize-to",
                                              "320x240", "--resize-after",
                                              "0.5"])
    try:
        send_navigation(win.xid, [
            ("event_new_mouse_button_press", 1, 20, 30, 0),
            ("event_new_mouse_button_release", 1, 20, 30, 0),
        ], props="resize-mode=scale", wait=2.0)
        got = input_lines(win, INPUT_TIMEOUT)
        assert got[:1] == ["button 1 at 40,60"], got
    finally:
        win.close()


def test_element_without_navigation_injects_nothing(input_window):
    win = input_window(160, 120)
    send_navigation(win.xid, [
        ("event_new_mouse_button_press", 1, 20, 30, 0),
        ("event_new_mouse_button_release", 1, 20, 30, 0),
        ("event_new_key_press", "z", 0)], enable=False)
    assert input_lines(win, 1) == []


def test_page_plays_upright_and_input_reaches_window(input_window, share,
                                                     browser, tmp_path):
    """The video is the window, upright, at its size (padded to even for
    H.264); a click, a key and the wheel in the page reach the window, with
    the video scaled by the page."""
    win = input_window(333, 257)
    proc, url = share("--xid", hex(win.xid))
    assert url.startswith("http://127.0.0.1:"), url
    frame_path = tmp_path / "frame.rgba"
    # The page scales the video into a 500x500 box: 1.5x, bars above and
    # below; the click is given in the video's pixels.
    view = browser(url, frame=str(frame_path), width=500,
                   actions=[{"click": [40, 50]}, {"key": "k"},
                            {"wheel": [200, 150, -100]}, {"wait": 500}])
    playing = view.event()
    assert playing["event"] == "playing", playing
    page = playing["pages"][0]
    assert (page["width"], page["height"]) == (334, 258), page
    assert page["control"] is True, page
    # ICE chose loopback on both ends: nothing else was offered or taken.
    assert page["pair"] == LOOPBACK_PAIR, page
    view.finish()

    frame = np.frombuffer(frame_path.read_bytes(), np.uint8)
    assert frame.size == 334 * 258 * 4
    assert_upright(frame.reshape(258, 334, 4), 333, 257, "Chromium (WebRTC)")

    got = input_lines(win, INPUT_TIMEOUT)
    buttons = [line for line in got if line.startswith("button 1 at ")]
    assert buttons, f"no click reached the window: {got}"
    x, y = (int(v) for v in buttons[0].split(" at ")[1].split(","))
    assert abs(x - 40) <= 1 and abs(y - 50) <= 1, buttons[0]
    assert "key k" in got, got
    # The wheel turned up (a negative DOM delta): X's button 4, where the
    # pointer was.
    wheel = [line for line in got if line.startswith("button 4 at ")]
    assert wheel, f"no wheel reached the window: {got}"
    x, y = (int(v) for v in wheel[0].split(" at ")[1].split(","))
    assert abs(x - 200) <= 1 and abs(y - 150) <= 1, wheel[0]
    assert stop_process(proc, signal.SIGINT) == 0, proc.stderr.read()


def test_view_only_sends_no_input(input_window, share, browser):
    win = input_window(160, 120)
    proc, url = share("--xid", hex(win.xid), "--view-only")
    view = browser(url, actions=[{"click": [20, 20]}, {"key": "k"},
                                 {"wait": 500}])
    playing = view.event()
    assert playing["pages"][0]["control"] is False, playing
    view.finish()
    # Nor from a client that ignores the page and sends input itself.
    status, sock = ws_connect(url)
    assert " 101 " in status, status
    ws_send(sock, {"type": "pointer", "action": "down", "x": 10, "y": 10,
                   "button": 1})
    ws_send(sock, {"type": "key", "action": "down", "key": "q"})
    sock.close()
    assert input_lines(win, 2) == []
    assert stop_process(proc) == 0


def test_wrong_token_gets_403_and_nothing_else(input_window, share):
    win = input_window(160, 120)
    proc, url = share("--xid", hex(win.xid))
    assert http_status(url)[0] == 200
    assert http_status(url + "share.js")[0] == 200
    wrong = with_token(url, "0" * 32)
    for page in (wrong, wrong + "share.js", wrong + "ws",
                 url.rstrip("/").rpartition("/")[0] + "/"):
        status, body = http_status(page)
        assert (status, body) == (403, b""), (page, status, body)
    status, body = ws_connect(wrong)
    assert " 403 " in status and body == b"", (status, body)
    # The right one opens it: the tool says hello and makes an offer whose
    # candidates are all on loopback.
    status, sock = ws_connect(url)
    assert " 101 " in status, status
    messages = ws_recv_all(sock, 3)
    sock.close()
    assert messages and messages[0]["type"] == "hello", messages
    offers = [m for m in messages if m["type"] == "offer"]
    assert offers and "H264" in offers[0]["sdp"], messages
    candidates = [m["candidate"] for m in messages if m["type"] == "ice"]
    assert candidates, messages
    for c in candidates:
        assert c.split()[4] == "127.0.0.1", c
    assert input_lines(win, 1) == []
    assert stop_process(proc) == 0


def test_three_viewers_play_and_control_first(input_window, share, browser):
    win = input_window(200, 150)
    proc, url = share("--xid", hex(win.xid), "--control", "first")
    view = browser(url, viewers=3)
    playing = view.event()
    pages = playing["pages"]
    assert len(pages) == 3
    for page in pages:
        assert page["state"] == "playing", pages
        assert (page["width"], page["height"]) == (200, 150), pages
        assert page["currentTime"] > 0.3, pages
        assert page["pair"] == LOOPBACK_PAIR, pages
    assert [p["control"] for p in pages] == [True, False, False], pages
    view.finish()
    # Ctrl-C: a clean stop.
    assert stop_process(proc, signal.SIGINT) == 0
    err = proc.stderr.read().decode()
    assert "3 watching" in err, err


def test_window_close_tells_the_page_and_exits_0(input_window, share,
                                                 browser):
    win = input_window(160, 120)
    proc, url = share("--xid", hex(win.xid))
    view = browser(url, waitEnd=True)
    assert view.event()["event"] == "playing"
    win.proc.terminate()
    win.wait_closed()
    ended = view.event()
    assert ended["event"] == "ended", ended
    assert "window was closed" in ended["pages"][0]["status"], ended
    view.finish()
    assert proc.wait(timeout=START_TIMEOUT) == 0, proc.stderr.read()


def listening_addresses(port):
    addrs = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            addr, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":
                addrs.add(addr)
    return addrs


def test_listens_on_loopback_only(input_window, share):
    win = input_window(64, 48)
    _, url = share("--xid", hex(win.xid))
    port = int(url.split("://", 1)[1].split("/")[0].rsplit(":", 1)[1])
    assert listening_addresses(port) == {"0100007F"}


def test_usage_errors():
    for args in (["--no-such-option"], ["--xid", "0x1", "--window", "a"],
                 ["--control", "some"], ["--listen", "not-an-address"],
                 ["--xid", "zz"], ["--tls-cert", "cert.pem"],
                 ["--tls-key", "key.pem"]):
        res = subprocess.run([share_exe(), *args], capture_output=True,
                             text=True, timeout=START_TIMEOUT,
                             stdin=subprocess.DEVNULL)
        assert res.returncode == 2, (args, res.stderr)
        assert res.stderr.startswith("glwindowsrc-share: "), res.stderr
        if args[0].startswith("--tls-"):
            # It says what is missing.
            assert "--tls-cert needs --tls-key" in res.stderr or \
                "--tls-key needs --tls-cert" in res.stderr, res.stderr


def test_missing_window_is_an_error():
    res = subprocess.run([share_exe(), "--window", "no such window here",
                          "--port", "0"], capture_output=True, text=True,
                         timeout=START_TIMEOUT * 2, stdin=subprocess.DEVNULL)
    assert res.returncode == 1, res.stderr
    assert "http://" not in res.stdout


def test_pipeline_description_is_shared(share):
    """--pipeline: any raw video, the same page and offer."""
    proc, url = share("--pipeline", "videotestsrc is-live=true "
                      "! video/x-raw,width=320,height=240,framerate=30/1")
    assert http_status(url)[0] == 200
    status, sock = ws_connect(url)
    assert " 101 " in status, status
    messages = ws_recv_all(sock, 3)
    sock.close()
    offers = [m for m in messages if m["type"] == "offer"]
    assert offers and "H264" in offers[0]["sdp"], messages
    assert stop_process(proc, signal.SIGINT) == 0
    assert "streaming 320x240" in proc.stderr.read().decode()


def test_control_first_passes_on(input_window, share):
    """--control first: the viewer there longest drives; when they leave,
    the next one is told it has control, and its input arrives."""
    win = input_window(160, 120)
    proc, url = share("--xid", hex(win.xid), "--control", "first")
    _, first = ws_connect(url)
    hello = ws_recv_all(first, 1)[0]
    assert hello == dict(hello, type="hello", control=True), hello
    _, second = ws_connect(url)
    hello = ws_recv_all(second, 1)[0]
    assert hello == dict(hello, type="hello", control=False), hello
    # Not the first: dropped.
    ws_send(second, {"type": "key", "action": "down", "key": "a"})
    ws_send(second, {"type": "key", "action": "up", "key": "a"})
    assert input_lines(win, 1) == []
    first.close()
    handed = [m for m in ws_recv_all(second, 3) if m["type"] == "control"]
    assert handed and handed[0]["control"] is True, handed
    # Input needs the video's size, known once the stream runs.
    ws_send(second, {"type": "pointer", "action": "down", "x": 12,
                     "y": 34, "button": 1})
    ws_send(second, {"type": "pointer", "action": "up", "x": 12,
                     "y": 34, "button": 1})
    second.close()
    assert input_lines(win, INPUT_TIMEOUT)[:1] == ["button 1 at 12,34"]
    assert stop_process(proc) == 0


# ---------------------------------------------------------------------------
# HTTPS: --tls-cert and --tls-key


@pytest.fixture
def tls_files(tmp_path):
    """(certificate, key): self-signed, valid for 127.0.0.1 and a day."""
    return self_signed_certificate(tmp_path)


def test_tls_serves_https_only(input_window, share, browser, tmp_path,
                               tls_files):
    """With --tls-cert/--tls-key: an https:// URL; the certificate given;
    plain HTTP gets nothing; the token still guards every path; Chromium
    plays the window over HTTPS and wss://."""
    cert, key = tls_files
    win = input_window(160, 120)
    proc, url = share("--xid", hex(win.xid), "--tls-cert", str(cert),
                      "--tls-key", str(key))
    assert url.startswith("https://127.0.0.1:"), url
    # Verified against our certificate: it is the one served.
    tls = ssl.create_default_context(cafile=str(cert))
    status, body = http_status(url, tls)
    assert status == 200 and b"<video" in body, (status, body[:200])
    wrong = with_token(url, "0" * 32)
    for page in (wrong, wrong + "share.js", wrong + "ws"):
        assert http_status(page, tls) == (403, b""), page
    status, body = ws_connect(wrong, context=tls)
    assert " 403 " in status and body == b"", (status, body)

    # The same request in plain HTTP, token and all: its bytes are no TLS
    # handshake, and the server hangs up without a page.
    hostport = url.split("://", 1)[1].split("/", 1)[0]
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    host, port = hostport.rsplit(":", 1)
    reply = b""
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {hostport}\r\n"
                     "Connection: close\r\n\r\n".encode())
        try:
            while len(reply) < 65536:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    assert not reply.startswith(b"HTTP/") and b"<video" not in reply, reply

    frame_path = tmp_path / "frame.rgba"
    view = browser(url, ignoreHTTPSErrors=True, frame=str(frame_path))
    playing = view.event()
    assert playing["event"] == "playing", playing
    page = playing["pages"][0]
    assert page["protocol"] == "https:", page
    assert (page["width"], page["height"]) == (160, 120), page
    assert page["pair"] == LOOPBACK_PAIR, page
    view.finish()
    frame = np.frombuffer(frame_path.read_bytes(), np.uint8)
    assert frame.size == 160 * 120 * 4
    assert_upright(frame.reshape(120, 160, 4), 160, 120, "Chromium (HTTPS)")
    assert stop_process(proc, signal.SIGINT) == 0
    err = proc.stderr.read().decode()
    assert "(over HTTPS)" in err and "viewer 1 joined" in err, err


def test_tls_files_that_cannot_be_used_are_named(tls_files, tmp_path):
    """A missing key, a certificate file that holds none, or another
    certificate's key (which loads without a word, and would fail every
    viewer's handshake): the file is named, exit 2 (as
    glwindowsrc-rtsp-server), before any window is looked for or anything
    served."""
    cert, key = tls_files
    _, other_key = self_signed_certificate(tmp_path, "other")
    missing = tmp_path / "no-such-key.pem"
    garbage = tmp_path / "not-a-cert.pem"
    garbage.write_text("not a certificate\n")
    for args, named in ((["--tls-cert", cert, "--tls-key", missing],
                         f"--tls-key {missing}"),
                        (["--tls-cert", garbage, "--tls-key", key],
                         f"--tls-cert {garbage}"),
                        (["--tls-cert", key, "--tls-key", key],
                         f"--tls-cert {key}"),
                        (["--tls-cert", cert, "--tls-key", other_key],
                         f"--tls-key {other_key} does not serve with the "
                         f"certificate in {cert} (is it that certificate's "
                         f"key?)")):
        res = subprocess.run([share_exe(), "--window", "no such window here",
                              "--port", "0", *map(str, args)],
                             capture_output=True, text=True,
                             timeout=START_TIMEOUT, stdin=subprocess.DEVNULL)
        assert res.returncode == 2, (args, res.stderr)
        assert res.stderr.startswith(f"glwindowsrc-share: {named}: "), \
            res.stderr
        assert "://" not in res.stdout, res.stdout


# An address that is not loopback, on the loopback interface of a network
# namespace of the test's own: nothing outside the namespace can reach it.
PRIVATE_ADDRESS = "10.99.0.1"


def in_private_network(*argv):
    """@argv run in a new user and network namespace where
    PRIVATE_ADDRESS is up; skips where the system allows no such
    namespace (or has no ip)."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if not unshare or not ip:
        pytest.skip("needs unshare (util-linux) and ip (iproute2)")
    probe = subprocess.run([unshare, "-rn", ip, "link", "set", "lo", "up"],
                           capture_output=True, timeout=10,
                           stdin=subprocess.DEVNULL)
    if probe.returncode != 0:
        pytest.skip("no user and network namespaces here: "
                    + probe.stderr.decode(errors="replace"))
    return [unshare, "-rn", "sh", "-c",
            f'{ip} link set lo up && '
            f'{ip} addr add {PRIVATE_ADDRESS}/32 dev lo && exec "$@"',
            "sh", *argv]


def test_off_loopback_warns_without_tls_and_not_with_it(tls_files):
    """--listen off loopback: without TLS it still serves (http://), and
    warns that the token and input travel readable, pointing at
    --tls-cert; with it, https:// and no warning."""
    cert, key = tls_files
    source = ["--pipeline", "videotestsrc is-live=true "
              "! video/x-raw,width=64,height=48,framerate=30/1"]
    said = {}
    for tls in ([], ["--tls-cert", str(cert), "--tls-key", str(key)]):
        proc = subprocess.Popen(
            in_private_network(share_exe(), "--port", "0", "--listen",
                               PRIVATE_ADDRESS, *source, *tls),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL)
        try:
            url = read_line(proc.stdout, START_TIMEOUT, "glwindowsrc-share")
        finally:
            stop_process(proc, signal.SIGINT)
            err = proc.stderr.read().decode(errors="replace")
            proc.stdout.close()
            proc.stderr.close()
        assert url, err
        said["https" if tls else "http"] = (url, err)
    url, err = said["http"]
    assert url.startswith(f"http://{PRIVATE_ADDRESS}:"), (url, err)
    assert "WARNING" in err and "unencrypted" in err, err
    assert "--tls-cert" in err and "token" in err and "input" in err, err
    url, err = said["https"]
    assert url.startswith(f"https://{PRIVATE_ADDRESS}:"), (url, err)
    assert "WARNING" not in err and "unencrypted" not in err, err
    assert "encrypted (HTTPS)" in err, err
