#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Soak test for glwindowsrc: captures many frames of a fixture window as
fast as the pipeline goes (is-live=false) and reports the process's
resident memory at the start and at the end.

Not a unit test: run it through soak.sh, which provides the X server,
the built plugin and the fixture window program:

    tests/soak/soak.sh                       # 10,000 frames, system memory
    tests/soak/soak.sh --gl-memory --show-pointer --resize-every 1000
    tests/soak/soak.sh --format BGRx --resize-every 1000

Exits 1 when the stream fails or when memory grows by more than
--max-growth MiB between the end of the warm-up (the first fifth of the
frames) and the last frame.
"""

import argparse
import os
import subprocess
import sys
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

# The reference RSS is taken after this share of the frames (and at least
# MIN_WARM_UP of them): GL, the driver, the buffer pools and malloc's arenas
# allocate what they keep on the first frames, and after the first
# renegotiations to each size.
WARM_UP_SHARE = 5
MIN_WARM_UP = 200


def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=10000)
    parser.add_argument("--size", default="320x240",
                        help="fixture window size, WxH")
    parser.add_argument("--gl-memory", action="store_true",
                        help="GLMemory output, downloaded by gldownload")
    parser.add_argument("--use-damage", action="store_true",
                        help="keep use-damage on: unchanged frames are "
                        "repeats (by default every frame is a real copy)")
    parser.add_argument("--show-pointer", action="store_true")
    parser.add_argument("--format", default=None,
                        help="system-memory format to ask for (BGRx: the X "
                        "image sent as it is; I420, NV12)")
    parser.add_argument("--resize-every", type=int, default=0,
                        metavar="FRAMES",
                        help="resize the window back and forth every so "
                        "many frames (renegotiations)")
    parser.add_argument("--max-growth", type=float, default=16.0,
                        metavar="MIB",
                        help="fail when RSS grows more than this after the "
                        "warm-up (default 16)")
    parser.add_argument("--window-program",
                        default=os.environ.get("GLWINDOWSRC_TEST_WINDOW"),
                        help="the fixture window program "
                        "(default: $GLWINDOWSRC_TEST_WINDOW)")
    return parser.parse_args()


def start_window(program, size):
    proc = subprocess.Popen(
        [program, "--title", f"glwindowsrc soak {os.getpid()}", "--size",
         size, "--exit-after", "86400"],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("0x"):
        proc.kill()
        sys.exit(f"soak: the window program printed {line!r}")
    return proc, int(line, 16)


def main():
    args = parse_args()
    if not args.window_program or not os.access(args.window_program,
                                                os.X_OK):
        sys.exit("soak: no window program (run through tests/soak/soak.sh "
                 "or set GLWINDOWSRC_TEST_WINDOW)")
    if not os.environ.get("DISPLAY"):
        sys.exit("soak: no $DISPLAY (run through tests/soak/soak.sh)")

    Gst.init(None)
    window, xid = start_window(args.window_program, args.size)
    width, height = (int(v) for v in args.size.split("x"))
    downstream = "fakesink name=sink sync=false"
    if args.gl_memory:
        downstream = ("video/x-raw(memory:GLMemory),format=RGBA ! gldownload"
                      " ! " + downstream)
    elif args.format:
        downstream = f"video/x-raw,format={args.format} ! {downstream}"
    description = (
        f"glwindowsrc name=src xid={xid} is-live=false "
        f"num-buffers={args.frames} use-damage={str(args.use_damage).lower()}"
        f" show-pointer={str(args.show_pointer).lower()} ! {downstream}")
    print(f"soak: {description}")
    pipeline = Gst.parse_launch(description)

    warm_up = max(MIN_WARM_UP, args.frames // WARM_UP_SHARE)
    state = {"frames": 0, "warm_rss": None, "big": False}

    def on_buffer(pad, info):
        state["frames"] += 1
        n = state["frames"]
        if n == warm_up:
            state["warm_rss"] = rss_kib()
        if args.resize_every and n % args.resize_every == 0:
            state["big"] = not state["big"]
            w, h = (width + 64, height + 48) if state["big"] else (width,
                                                                   height)
            subprocess.run(["xdotool", "windowsize", str(xid), str(w),
                            str(h)], check=False)
        if n % 1000 == 0:
            print(f"soak: {n} frames, RSS {mib(rss_kib())}", flush=True)
        return Gst.PadProbeReturn.OK

    pipeline.get_by_name("sink").get_static_pad("sink").add_probe(
        Gst.PadProbeType.BUFFER, on_buffer)

    start_rss = rss_kib()
    print(f"soak: RSS at start {mib(start_rss)}", flush=True)
    started = time.monotonic()
    pipeline.set_state(Gst.State.PLAYING)
    msg = pipeline.get_bus().timed_pop_filtered(
        Gst.CLOCK_TIME_NONE, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    elapsed = time.monotonic() - started
    end_rss = rss_kib()
    failed = False
    if msg.type == Gst.MessageType.ERROR:
        err, debug = msg.parse_error()
        print(f"soak: ERROR from {msg.src.get_name()}: {err.message} "
              f"({debug})")
        failed = True
    pipeline.set_state(Gst.State.NULL)
    window.kill()
    window.wait()

    frames = state["frames"]
    print(f"soak: {frames} frames in {elapsed:.1f} s "
          f"({frames / elapsed:.0f} fps)")
    print(f"soak: RSS at end {mib(end_rss)} "
          f"(start {mib(start_rss)}, +{mib(end_rss - start_rss)})")
    if frames != args.frames:
        print(f"soak: expected {args.frames} frames")
        failed = True
    if state["warm_rss"] is not None:
        growth = end_rss - state["warm_rss"]
        print(f"soak: growth after {warm_up} warm-up frames: "
              f"{mib(growth)} over {frames - warm_up} frames")
        if growth > args.max_growth * 1024:
            print(f"soak: FAIL: more than {args.max_growth} MiB")
            failed = True
    print("soak: FAIL" if failed else "soak: OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
