# SPDX-License-Identifier: LGPL-2.1-or-later
"""glwindowsrc-record, checked from the outside: the files it writes are read
back by FFmpeg's ffprobe and decoder, never by GStreamer."""

import json
import os
import pty
import select
import signal
import subprocess
import time

import pytest

import conftest
from conftest import assert_picture
from mediacheck import (assert_upright, build_dir, built_program, decode_frame,
                        ffprobe, video_stream)

FPS = 30
RUN_TIMEOUT = 60


@pytest.fixture(scope="module")
def record_exe():
    return built_program("GLWINDOWSRC_RECORD", "tools/glwindowsrc-record")


def record(exe, *args, timeout=RUN_TIMEOUT):
    return subprocess.run([exe, *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def assert_recording(path, width, height, codec, seconds, upright_size=None):
    """ffprobe's size, codec, frame count and duration, then one decoded
    frame from the middle, upright. Returns the probe."""
    probe = ffprobe(path, count_frames=True)
    stream = video_stream(probe)
    assert stream["codec_name"] == codec
    assert stream["pix_fmt"] == "yuv420p", "players need 8-bit 4:2:0"
    assert (stream["width"], stream["height"]) == (width, height)
    frames = int(stream["nb_read_frames"])
    duration = float(probe["format"]["duration"])
    if seconds is not None:
        # A live source on a loaded 2-core machine may miss a few ticks, but
        # never produces more frames than the clock allows.
        expected = round(seconds * FPS)
        assert expected * 0.75 <= frames <= expected + 1, \
            f"{frames} frames for {seconds} s at {FPS} fps"
        assert abs(duration - seconds) <= 0.15, f"duration {duration}"
    assert abs(duration * FPS - frames) <= max(3, frames * 0.2), (
        f"{frames} frames do not fill {duration} s at {FPS} fps")
    frame = decode_frame(path, width, height, seek=duration / 2)
    uw, uh = upright_size or (width, height)
    assert_upright(frame, uw, uh, f"{os.path.basename(path)}")
    return probe


def test_mp4_by_xid(record_exe, spawn_window, tmp_path):
    win = spawn_window(320, 240)
    out = tmp_path / "rec.mp4"
    res = record(record_exe, "--xid", hex(win.xid), "--output", str(out),
                 "--duration", "2", "--fps", str(FPS))
    assert res.returncode == 0, res.stderr
    probe = assert_recording(out, 320, 240, "h264", 2.0)
    assert "mp4" in probe["format"]["format_name"]
    # Not a terminal: no progress line, but a summary.
    assert "\r" not in res.stderr
    assert f"{out}: 320x240 H.264 in MP4" in res.stdout


def test_webm_vp9_keeps_odd_size(record_exe, spawn_window, tmp_path):
    win = spawn_window(333, 257)
    out = tmp_path / "rec.webm"
    res = record(record_exe, "--window", win.title, "--output", str(out),
                 "--duration", "1.5")
    assert res.returncode == 0, res.stderr
    probe = assert_recording(out, 333, 257, "vp9", 1.5)
    assert "webm" in probe["format"]["format_name"] or \
        "matroska" in probe["format"]["format_name"]


def test_mkv_h264(record_exe, spawn_window, tmp_path):
    win = spawn_window(320, 240)
    out = tmp_path / "rec.mkv"
    res = record(record_exe, "--window", win.title, "--output", str(out),
                 "--duration", "1")
    assert res.returncode == 0, res.stderr
    probe = assert_recording(out, 320, 240, "h264", 1.0)
    assert "matroska" in probe["format"]["format_name"]


def test_odd_size_mp4_is_padded_not_scaled(record_exe, spawn_window,
                                           tmp_path):
    win = spawn_window(333, 257)
    out = tmp_path / "odd.mp4"
    res = record(record_exe, "--window", win.title, "--output", str(out),
                 "--duration", "1")
    assert res.returncode == 0, res.stderr
    # x264 needs even sizes in 4:2:0: one black column and row are added,
    # the window's pixels stay where they were.
    assert_recording(out, 334, 258, "h264", 1.0, upright_size=(333, 257))
    assert "window 333x257, padded to even size" in res.stdout


def test_hls_odd_size_is_padded_and_ended(record_exe, spawn_window,
                                          tmp_path):
    win = spawn_window(333, 257)
    out = tmp_path / "live.m3u8"
    res = record(record_exe, "--window", win.title, "--output", str(out),
                 "--duration", "2.5")
    assert res.returncode == 0, res.stderr
    # One-second segments beside the playlist, which is closed at the end.
    playlist = out.read_text()
    assert playlist.rstrip().endswith("#EXT-X-ENDLIST"), playlist
    segments = [line for line in playlist.splitlines()
                if line.endswith(".ts")]
    assert len(segments) >= 2, playlist
    # Padded by the same rule as MP4 and RTSP, not scaled.
    first = tmp_path / segments[0]
    stream = video_stream(ffprobe(first))
    assert (stream["codec_name"], stream["pix_fmt"]) == ("h264", "yuv420p")
    assert (stream["width"], stream["height"]) == (334, 258)
    assert_upright(decode_frame(first, 334, 258), 333, 257, "HLS segment")
    assert "window 333x257, padded to even size" in res.stdout


def test_png_single_shot_is_exact(record_exe, spawn_window, tmp_path):
    win = spawn_window(333, 257)
    out = tmp_path / "shot.png"
    res = record(record_exe, "--window", win.title, "--output", str(out))
    assert res.returncode == 0, res.stderr
    stream = video_stream(ffprobe(out))
    assert stream["codec_name"] == "png"
    assert (stream["width"], stream["height"]) == (333, 257)
    # Lossless: every pixel, by FFmpeg's PNG decoder.
    assert_picture(decode_frame(out, 333, 257), 333, 257, "PNG")


def test_sigint_finalises_mp4(record_exe, spawn_window, tmp_path):
    win = spawn_window(320, 240)
    out = tmp_path / "interrupted.mp4"
    proc = subprocess.Popen(
        [record_exe, "--window", win.title, "--output", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL)
    try:
        time.sleep(2)
        assert proc.poll() is None, proc.communicate()[1]
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=RUN_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, stderr
    # An mp4 whose moov was never written is unreadable: this one plays.
    probe = assert_recording(out, 320, 240, "h264", None)
    assert float(probe["format"]["duration"]) >= 0.5


def test_window_closing_ends_recording(record_exe, fixture_exe, tmp_path):
    win = conftest.TestWindow(fixture_exe, 320, 240,
                              f"glwindowsrc closing {os.getpid()}",
                              exit_after=2.5)
    out = tmp_path / "closed.mp4"
    try:
        # No --duration: only the window going away can end this.
        res = record(record_exe, "--xid", str(win.xid), "--output", str(out),
                     timeout=30)
    finally:
        win.close()
    assert res.returncode == 0, res.stderr
    assert "window was closed" in res.stderr
    probe = assert_recording(out, 320, 240, "h264", None)
    assert 0.5 <= float(probe["format"]["duration"]) <= 3.0


def test_missing_window_is_an_error(record_exe, tmp_path):
    out = tmp_path / "none.mp4"
    res = record(record_exe, "--window", "no such window, surely",
                 "--output", str(out), "--duration", "1")
    assert res.returncode == 1
    assert 'No window named "no such window, surely"' in res.stderr
    assert not out.exists(), "an empty file was left behind"


def test_existing_output_is_kept_without_force(record_exe, spawn_window,
                                               tmp_path):
    """An existing file is never overwritten without --force, and nothing
    is written beside it (issue 14, 7)."""
    win = spawn_window(64, 48)
    out = tmp_path / "keep.mp4"
    out.write_bytes(b"the user's own file")
    res = record(record_exe, "--xid", hex(win.xid), "--output", str(out),
                 "--duration", "1")
    assert res.returncode == 1 and "already exists" in res.stderr
    assert out.read_bytes() == b"the user's own file"
    assert sorted(os.listdir(tmp_path)) == ["keep.mp4"]


def test_failed_capture_leaves_the_output_alone(record_exe, tmp_path):
    """With --force, a capture that fails before its first frame touches
    neither the output nor what a symbolic link there points to."""
    out, link, target = (tmp_path / "keep.mp4", tmp_path / "link.mp4",
                         tmp_path / "target.mp4")
    out.write_bytes(b"precious")
    target.write_bytes(b"pointed to")
    link.symlink_to(target)
    for path in (out, link):
        res = record(record_exe, "--window", "no such window, surely",
                     "--output", str(path), "--force", "--duration", "1")
        assert res.returncode == 1, res.stderr
    assert out.read_bytes() == b"precious"
    assert link.is_symlink() and target.read_bytes() == b"pointed to"
    assert sorted(os.listdir(tmp_path)) == ["keep.mp4", "link.mp4",
                                            "target.mp4"]


def test_force_replaces_once_recorded(record_exe, spawn_window, tmp_path):
    """--force over a symbolic link: the finished recording replaces the
    link itself, never writing through it."""
    win = spawn_window(160, 120)
    link, target = tmp_path / "link.mp4", tmp_path / "target.mp4"
    target.write_bytes(b"pointed to")
    link.symlink_to(target)
    res = record(record_exe, "--xid", hex(win.xid), "--output", str(link),
                 "--force", "--duration", "1", "--fps", str(FPS))
    assert res.returncode == 0, res.stderr
    assert not link.is_symlink()
    assert target.read_bytes() == b"pointed to"
    assert_recording(link, 160, 120, "h264", 1.0)
    assert sorted(os.listdir(tmp_path)) == ["link.mp4", "target.mp4"]


@pytest.mark.parametrize("args, message", [
    ([], "--output FILE is required"),
    (["--output", "x.avi"], "cannot tell the format"),
    (["--output", "x.mp4", "--window", "a", "--xid", "0x1"], "give one"),
    (["--output", "x.mp4", "--xid", "zebra"], "window id"),
    (["--output", "x.mp4", "--fps", "0"], "--fps"),
    (["--output", "x.mp4", "--fps", "many"], "--fps"),
    (["--output", "x.mp4", "--duration", "-1"], "--duration"),
    (["--output", "x.mp4", "--no-such-option"], "--no-such-option"),
    (["--output"], "--output"),
    (["--output", "x.mp4", "extra"], "unexpected argument"),
], ids=["no-output", "bad-extension", "window-and-xid", "bad-xid", "fps",
        "fps-not-a-number", "negative-duration", "unknown-option",
        "missing-value", "extra-argument"])
def test_usage_errors(record_exe, tmp_path, args, message):
    """Usage errors exit with 2 (recording failures with 1), say what is
    wrong on stderr and write nothing."""
    res = subprocess.run([record_exe, *args], capture_output=True, text=True,
                         timeout=RUN_TIMEOUT, cwd=tmp_path,
                         stdin=subprocess.DEVNULL)
    assert res.returncode == 2, res.stderr
    assert message in res.stderr
    assert res.stderr.startswith("glwindowsrc-record: ")
    assert res.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_version(record_exe):
    res = subprocess.run([record_exe, "--version"], capture_output=True,
                         text=True, timeout=RUN_TIMEOUT,
                         stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr
    # The project's version, as meson.build gives it.
    info = build_dir() / "meson-info" / "intro-projectinfo.json"
    version = json.loads(info.read_text())["version"]
    assert res.stdout == f"glwindowsrc-record {version}\n"


def test_progress_line_on_a_terminal(record_exe, spawn_window, tmp_path):
    win = spawn_window(160, 120)
    out = tmp_path / "tty.mkv"
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [record_exe, "--window", win.title, "--output", str(out),
         "--duration", "1.2"],
        stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    tty = b""
    deadline = time.monotonic() + RUN_TIMEOUT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            tty += chunk
        proc.wait(timeout=RUN_TIMEOUT)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = tty.decode(errors="replace")
    assert proc.returncode == 0, text
    # Updated in place: carriage returns, not new lines, between updates.
    updates = [u for u in text.split("\r") if u.startswith("Recording 00:")]
    assert len(updates) >= 3, text
    last = updates[-1]
    for field in ("frames", "fps", "dropped"):
        assert field in last, last
    frames = int(last.split("frames")[1].split()[0])
    assert 20 <= frames <= 37, last
