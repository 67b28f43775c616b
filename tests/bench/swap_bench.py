# SPDX-License-Identifier: LGPL-2.1-or-later
"""The swap hook's cost to a program, and its drops (docs/swap-hook.md).

Run under a large enough X server, from a build tree:

    XVFB_SCREEN=3840x2160x24 tests/with-xvfb.sh /usr/bin/python3 \\
        tests/bench/swap_bench.py BUILD_DIR [--frames N] [--drops SECONDS]

For each size, the swap fixture presents N frames at 60 fps, first alone,
then with the hook preloaded and glwindowsrc target=swap lossless=false !
fakesink capturing: the difference of the median time a swap call takes is
the hook's cost on the program's render thread (its readback and copy into
shared memory). One memcpy of the frame is printed beside it, the goal.
--drops runs 720p with 16 ms pauses for that many seconds' worth of
frames and counts frames lost. --exactness captures one program at once
through the hook and as a window at 30 fps, and counts what window capture
repeats and misses of the program's frames.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
from gi.repository import Gst, GstApp  # noqa: E402,F401

SIZES = [(1280, 720), (1920, 1080), (3840, 2160)]


def swap_times(out):
    return [int(line.split()[5]) for line in out.splitlines()
            if line.startswith("swap ")]


def run(build, size, frames, hooked, readback=None):
    fixture = os.path.join(build, "tests", "glwindowsrc-swap-fixture")
    args = [fixture, "--frames", str(frames), "--size", "%dx%d" % size,
            "--pace", "16", "--quiet-state"]
    if not hooked:
        out = subprocess.run(args, capture_output=True, text=True,
                             check=True).stdout
        return swap_times(out), None
    d = tempfile.mkdtemp()
    os.chmod(d, 0o700)
    sock = os.path.join(d, "s.sock")
    env = dict(os.environ, GLWINDOWSRC_SOCKET=sock, LD_PRELOAD=os.path.join(
        build, "ext", "hook", "libglwindowsrc-hook.so"))
    if readback:
        env["GLWINDOWSRC_HOOK_READBACK"] = readback
    # A file, not a pipe: a pipe nobody reads until the end would stop the
    # program after a few thousand lines.
    log = tempfile.TemporaryFile("w+")
    proc = subprocess.Popen(args, env=env, stdout=log,
                            stderr=subprocess.PIPE, text=True)
    pipeline = Gst.parse_launch(
        f"glwindowsrc target=swap socket={sock} lossless=false "
        "! fakesink sync=false name=sink")
    pipeline.set_state(Gst.State.PLAYING)
    bus = pipeline.get_bus()
    msg = bus.timed_pop_filtered(
        (frames // 10 + 60) * Gst.SECOND,
        Gst.MessageType.EOS | Gst.MessageType.ERROR)
    dropped = 0
    while True:
        m = bus.pop_filtered(Gst.MessageType.QOS)
        if not m:
            break
        dropped = max(dropped, m.parse_qos_stats()[2])
    pipeline.set_state(Gst.State.NULL)
    _, err = proc.communicate()
    log.seek(0)
    out = log.read()
    os.rmdir(d)
    if msg is None or msg.type != Gst.MessageType.EOS:
        sys.exit(f"capture failed: {msg and msg.parse_error()} {err}")
    return swap_times(out), dropped


def pull_indices(sink, stop):
    """Frame indices (R + 256 G at the picture's centre) until EOS."""
    out = []
    while True:
        sample = sink.try_pull_sample(Gst.SECOND)
        if sample is None:
            if sink.is_eos() or stop():
                return out
            continue
        buf = sample.get_buffer()
        s = sample.get_caps().get_structure(0)
        w, h = s.get_value("width"), s.get_value("height")
        ok, info = buf.map(Gst.MapFlags.READ)
        px = np.frombuffer(info.data, np.uint8).reshape(h, w, 4)
        out.append(int(px[h // 2, w // 2, 0]) + 256 * int(px[h // 2, w // 2, 1]))
        buf.unmap(info)


def exactness(build, frames):
    """The same program through the hook and as a window at 30 fps."""
    import threading
    fixture = os.path.join(build, "tests", "glwindowsrc-swap-fixture")
    d = tempfile.mkdtemp()
    os.chmod(d, 0o700)
    sock = os.path.join(d, "s.sock")
    env = dict(os.environ, GLWINDOWSRC_SOCKET=sock, LD_PRELOAD=os.path.join(
        build, "ext", "hook", "libglwindowsrc-hook.so"))
    log = tempfile.TemporaryFile("w+")
    proc = subprocess.Popen([fixture, "--frames", str(frames), "--pace",
                             "5,50,12,33,20,8,41,16", "--quiet-state"],
                            env=env, stdout=log, stderr=subprocess.PIPE)
    swap = Gst.parse_launch(
        f"glwindowsrc target=swap socket={sock} lossless=true "
        "! appsink name=sink sync=false")
    swap.set_state(Gst.State.PLAYING)
    window = Gst.parse_launch(
        'glwindowsrc xname="glwindowsrc swap fixture" '
        "! video/x-raw,format=RGBA,framerate=30/1 "
        "! appsink name=sink sync=false")
    window.set_state(Gst.State.PLAYING)
    got = {}
    threads = [threading.Thread(target=lambda k=k, p=p: got.__setitem__(
        k, pull_indices(p.get_by_name("sink"),
                        lambda: proc.poll() is not None)))
        for k, p in (("swap", swap), ("window", window))]
    for t in threads:
        t.start()
    proc.wait()
    for t in threads:
        t.join()
    swap.set_state(Gst.State.NULL)
    window.set_state(Gst.State.NULL)
    os.rmdir(d)
    for k in ("swap", "window"):
        seq = got[k]
        seen = set(seq)
        repeats = sum(1 for a, b in zip(seq, seq[1:]) if a == b)
        first = min(seen) if seen else 0
        last = max(seen) if seen else -1
        missing = sum(1 for i in range(first, last + 1) if i not in seen)
        print(f"| {k} | {len(seq)} | {len(seen)} | {repeats} | {missing} |")


def memcpy_ms(size):
    a = np.ones(size[0] * size[1] * 4, np.uint8)
    b = np.empty_like(a)
    best = min(timeit(lambda: np.copyto(b, a)) for _ in range(20))
    return best * 1000


def timeit(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def main():
    p = argparse.ArgumentParser()
    p.add_argument("build")
    p.add_argument("--frames", type=int, default=240)
    p.add_argument("--drops", type=int, default=0)
    p.add_argument("--exactness", type=int, default=0,
                   help="frames for the comparison with window capture")
    a = p.parse_args()
    Gst.init(None)
    print("| size | swap alone (ms) | swap hooked (ms) | added (ms) "
          "| one memcpy (ms) |")
    print("|---|---|---|---|---|")
    for size in SIZES:
        alone, _ = run(a.build, size, a.frames, False)
        hooked, _ = run(a.build, size, a.frames, True)
        m0 = statistics.median(alone) / 1e6
        m1 = statistics.median(hooked) / 1e6
        print(f"| {size[0]}x{size[1]} | {m0:.2f} | {m1:.2f} | {m1 - m0:.2f} "
              f"| {memcpy_ms(size):.2f} |", flush=True)
    if a.exactness:
        print(f"\n{a.exactness} frames at an irregular 5-50 ms pace:\n")
        print("| capture | buffers | distinct frames | repeats | missed |")
        print("|---|---|---|---|---|")
        exactness(a.build, a.exactness)
    if a.drops:
        # 16 ms pauses: 60 fps where drawing and the swap take no time,
        # less where they do (the fps reached is printed).
        n = a.drops * 60
        start = time.monotonic()
        _, dropped = run(a.build, (1280, 720), n, True)
        took = time.monotonic() - start
        print(f"\n1280x720, {n} frames paced at 16 ms ({n / took:.0f} fps "
              f"reached), lossless=false: {dropped} dropped")


if __name__ == "__main__":
    main()
