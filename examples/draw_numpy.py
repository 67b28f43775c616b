#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Draw with PyOpenGL through glwindowsrc's "draw" signal, headless, and get
the frames as NumPy arrays.

    /usr/bin/python3 examples/draw_numpy.py [--frames N] [--size WxH]
                                            [--module] [--save FILE.npy]

No X server, window or compositor is needed: GL runs on Mesa's EGL device
platform (GST_GL_PLATFORM=egl, GST_GL_WINDOW=egl-device, and
PYOPENGL_PLATFORM=egl for PyOpenGL; this script sets all three when they
are not set).  Run it with GST_PLUGIN_PATH pointing at the build's gst/
directory, or inside `meson devenv -C build -w .`.

Two ways to do the same thing are shown:

- plain GStreamer through gi (the default): ``glwindowsrc target=draw
  is-live=false ! video/x-raw,format=RGBA,width=W,height=H ! appsink``, a
  "draw" handler, and one copy per frame from the mapped buffer;
- ``--module``: the glwindowsrc Python module (ext/python/glwindowsrc),
  ``Capture(draw=...)``, which wraps the same pipeline.

The draw handler runs on GStreamer's GL thread with the element's
framebuffer bound and the viewport set to the frame.  It draws in GL's
usual convention, origin at the bottom left, exactly as into a window; the
arrays come out upright (row 0 is the top of the picture).  The element's
context is whatever GstGL made: here a 4.5 core profile (so vertex arrays
and shaders, no glBegin), or OpenGL ES with GST_GL_API=gles2; the handler
asks the GstGLContext it is given which one it got.

A trap, seen here: with a Python draw handler, never map GL memory from
Python.  Ask for system memory, as below (glwindowsrc then copies into it
on the GL thread).  Putting ``video/x-raw(memory:GLMemory) ! gldownload``
before the appsink deadlocks on the first or second frame: gldownload only
marks the buffer, the pixels are fetched when the buffer is mapped; Python's
``buffer.map()`` holds the GIL and waits for the GL thread, and the GL
thread is in (or about to enter) the Python draw handler, waiting for the
GIL.
"""

import argparse
import ctypes
import math
import os
import sys

# Before GStreamer creates a GL context and before PyOpenGL is imported.
os.environ.setdefault("GST_GL_PLATFORM", "egl")
os.environ.setdefault("GST_GL_WINDOW", "egl-device")
os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

import numpy as np  # noqa: E402

import gi  # noqa: E402

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
gi.require_version("GstGL", "1.0")
gi.require_version("GstVideo", "1.0")
# GstApp gives appsink its pull methods in Python.
from gi.repository import Gst, GstApp, GstGL, GstVideo  # noqa: E402,F401
from OpenGL import GL  # noqa: E402

# Per-vertex x, y and r, g, b: a triangle with a red, a green and a blue
# corner, spun around the middle of the frame.
TRIANGLE = np.array([
    0.0, 0.7, 1.0, 0.2, 0.2,
    -0.6, -0.45, 0.2, 1.0, 0.2,
    0.6, -0.45, 0.3, 0.4, 1.0,
], dtype=np.float32)

VERTEX_BODY = """
ATTRIBUTE vec2 position;
ATTRIBUTE vec3 colour;
VARYING_OUT vec3 v_colour;
uniform float angle;
uniform vec2 scale;
void main () {
  mat2 spin = mat2 (cos (angle), sin (angle), -sin (angle), cos (angle));
  gl_Position = vec4 (scale * (spin * position), 0.0, 1.0);
  v_colour = colour;
}
"""

FRAGMENT_BODY = """
VARYING_IN vec3 v_colour;
void main () {
  FRAG_COLOUR = vec4 (v_colour, 1.0);
}
"""


def shader_headers(context):
    """GLSL headers for the API GstGL gave the element's context."""
    api = context.get_gl_api()
    major, _minor = context.get_gl_version()
    if api & GstGL.GLAPI.GLES2:
        if major >= 3:
            return ("#version 300 es\n#define ATTRIBUTE in\n"
                    "#define VARYING_OUT out\n",
                    "#version 300 es\nprecision mediump float;\n"
                    "#define VARYING_IN in\nout vec4 frag_colour;\n"
                    "#define FRAG_COLOUR frag_colour\n")
        return ("#version 100\n#define ATTRIBUTE attribute\n"
                "#define VARYING_OUT varying\n",
                "#version 100\nprecision mediump float;\n"
                "#define VARYING_IN varying\n"
                "#define FRAG_COLOUR gl_FragColor\n")
    if api & GstGL.GLAPI.OPENGL3:
        return ("#version 330 core\n#define ATTRIBUTE in\n"
                "#define VARYING_OUT out\n",
                "#version 330 core\n#define VARYING_IN in\n"
                "out vec4 frag_colour;\n#define FRAG_COLOUR frag_colour\n")
    return ("#version 120\n#define ATTRIBUTE attribute\n"
            "#define VARYING_OUT varying\n",
            "#version 120\n#define VARYING_IN varying\n"
            "#define FRAG_COLOUR gl_FragColor\n")


def compile_program(vertex_source, fragment_source):
    program = GL.glCreateProgram()
    for kind, source in ((GL.GL_VERTEX_SHADER, vertex_source),
                         (GL.GL_FRAGMENT_SHADER, fragment_source)):
        shader = GL.glCreateShader(kind)
        GL.glShaderSource(shader, source)
        GL.glCompileShader(shader)
        if not GL.glGetShaderiv(shader, GL.GL_COMPILE_STATUS):
            raise RuntimeError(GL.glGetShaderInfoLog(shader).decode())
        GL.glAttachShader(program, shader)
        GL.glDeleteShader(shader)
    GL.glBindAttribLocation(program, 0, "position")
    GL.glBindAttribLocation(program, 1, "colour")
    GL.glLinkProgram(program)
    if not GL.glGetProgramiv(program, GL.GL_LINK_STATUS):
        raise RuntimeError(GL.glGetProgramInfoLog(program).decode())
    return program


class Scene:
    """An animated, asymmetric picture: a dark blue sky over a green
    ground, a red marker in the top-left corner, a spinning triangle.

    GL objects are made on the first frame, in the element's context (the
    only place they can be made: that context is current on the GL thread
    only), and die with it when the pipeline stops.
    """

    def __init__(self):
        self.program = None
        self.vao = None
        self.frames_drawn = 0
        self.renderer = None

    def setup(self, context):
        vertex_header, fragment_header = shader_headers(context)
        self.program = compile_program(vertex_header + VERTEX_BODY,
                                       fragment_header + FRAGMENT_BODY)
        self.angle = GL.glGetUniformLocation(self.program, "angle")
        self.scale = GL.glGetUniformLocation(self.program, "scale")
        # Core profiles and GLES 3 draw from a vertex array object; legacy
        # contexts may lack them.
        if context.get_gl_api() & GstGL.GLAPI.OPENGL3 or (
                context.get_gl_api() & GstGL.GLAPI.GLES2
                and context.get_gl_version()[0] >= 3):
            self.vao = GL.glGenVertexArrays(1)
            GL.glBindVertexArray(self.vao)
        vbo = GL.glGenBuffers(1)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, vbo)
        GL.glBufferData(GL.GL_ARRAY_BUFFER, TRIANGLE.nbytes, TRIANGLE,
                        GL.GL_STATIC_DRAW)
        stride = 5 * TRIANGLE.itemsize
        GL.glVertexAttribPointer(0, 2, GL.GL_FLOAT, False, stride, None)
        GL.glVertexAttribPointer(1, 3, GL.GL_FLOAT, False, stride,
                                 ctypes.c_void_p(2 * TRIANGLE.itemsize))
        GL.glEnableVertexAttribArray(0)
        GL.glEnableVertexAttribArray(1)
        if self.vao is not None:
            GL.glBindVertexArray(0)
        self.renderer = GL.glGetString(GL.GL_RENDERER).decode()

    def draw(self, context, width, height, timestamp):
        if self.program is None:
            self.setup(context)
        marker = max(2, min(width, height) // 8)

        GL.glDisable(GL.GL_SCISSOR_TEST)
        GL.glClearColor(0.05, 0.08, 0.25, 1.0)
        GL.glClear(GL.GL_COLOR_BUFFER_BIT)
        GL.glEnable(GL.GL_SCISSOR_TEST)
        # Window coordinates, y up: row 0 of the framebuffer is the BOTTOM.
        GL.glScissor(0, 0, width, height // 4)
        GL.glClearColor(0.1, 0.55, 0.15, 1.0)
        GL.glClear(GL.GL_COLOR_BUFFER_BIT)
        GL.glScissor(0, height - marker, marker, marker)
        GL.glClearColor(1.0, 0.0, 0.0, 1.0)
        GL.glClear(GL.GL_COLOR_BUFFER_BIT)
        GL.glDisable(GL.GL_SCISSOR_TEST)

        GL.glUseProgram(self.program)
        GL.glUniform1f(self.angle, 2.0 * math.pi * timestamp / 4e9)
        GL.glUniform2f(self.scale, min(1.0, height / width),
                       min(1.0, width / height))
        if self.vao is not None:
            GL.glBindVertexArray(self.vao)
        GL.glDrawArrays(GL.GL_TRIANGLES, 0, 3)
        if self.vao is not None:
            GL.glBindVertexArray(0)
        GL.glUseProgram(0)
        self.frames_drawn += 1
        return True


def sample_to_array(sample):
    """One copy of an RGBA sample into a (height, width, 4) uint8 array,
    following the video meta's stride (rows may be padded)."""
    buf = sample.get_buffer()
    meta = GstVideo.buffer_get_video_meta(buf)
    if meta:
        width, height = meta.width, meta.height
        offset, stride = meta.offset[0], meta.stride[0]
    else:
        info = GstVideo.VideoInfo.new_from_caps(sample.get_caps())
        width, height = info.width, info.height
        offset, stride = info.offset[0], info.stride[0]
    # System memory: mapping it needs no GL thread (see the trap above).
    with buf.map(Gst.MapFlags.READ) as mapinfo:
        data = np.frombuffer(mapinfo.data, np.uint8)
        rows = data[offset:offset + stride * height].reshape(height, stride)
        return rows[:, :width * 4].reshape(height, width, 4).copy()


def render_with_gi(scene, n_frames, width, height):
    Gst.init(None)
    # System memory (no GLMemory feature): glwindowsrc copies each frame
    # out on the GL thread, and Python only maps plain memory.
    pipeline = Gst.parse_launch(
        "glwindowsrc name=src target=draw is-live=false "
        f"num-buffers={n_frames} ! video/x-raw,format=RGBA,width={width},"
        f"height={height},framerate=30/1 ! appsink name=sink sync=false")
    src = pipeline.get_by_name("src")
    sink = pipeline.get_by_name("sink")
    src.connect("draw", lambda element, context, w, h, timestamp:
                scene.draw(context, w, h, timestamp))
    bus = pipeline.get_bus()
    frames, timestamps = [], []
    pipeline.set_state(Gst.State.PLAYING)
    try:
        while len(frames) < n_frames:
            sample = sink.try_pull_sample(Gst.SECOND // 10)
            if sample:
                frames.append(sample_to_array(sample))
                timestamps.append(sample.get_buffer().pts)
                continue
            # No handler, a handler returning False, no GL: an ERROR on the
            # bus, not an exception in the handler's thread.
            msg = bus.pop_filtered(Gst.MessageType.ERROR | Gst.MessageType.EOS)
            if msg and msg.type == Gst.MessageType.ERROR:
                err, debug = msg.parse_error()
                raise RuntimeError(f"{err.message} ({debug})")
            if msg or sink.is_eos():
                break
    finally:
        pipeline.set_state(Gst.State.NULL)
    return frames, timestamps


def render_with_module(scene, n_frames, width, height):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(
        __file__)), "..", "ext", "python"))
    import glwindowsrc

    # The module's callback gets no context argument; GstGL knows which of
    # its contexts is current on this (the GL) thread.
    def draw(w, h, timestamp):
        return scene.draw(GstGL.GLContext.get_current(), w, h, timestamp)

    frames, timestamps = [], []
    with glwindowsrc.Capture(draw=draw, size=(width, height),
                             live=False) as cap:
        for frame in cap.frames(count=n_frames):
            frames.append(frame)
            timestamps.append(cap.timestamp)
    return frames, timestamps


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=30)
    parser.add_argument("--size", default="333x257",
                        help="WxH of the frames (default 333x257)")
    parser.add_argument("--module", action="store_true",
                        help="use the glwindowsrc Python module")
    parser.add_argument("--save", metavar="FILE.npy",
                        help="save the frames as one (N, H, W, 4) array")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    scene = Scene()
    if args.module:
        frames, timestamps = render_with_module(scene, args.frames, width,
                                                height)
    else:
        frames, timestamps = render_with_gi(scene, args.frames, width,
                                            height)

    video = np.stack(frames)
    marker = max(2, min(width, height) // 8)
    print(f"{len(frames)} frames of {video.shape[1:]} {video.dtype}, "
          f"drawn by {scene.renderer}")
    print(f"timestamps (ms): {[t // 1000000 for t in timestamps[:5]]} ...")
    # Upright: the marker drawn at the top left of the GL viewport is at
    # the top left of the array, the ground at the bottom.
    print("top-left pixel", video[0, 0, 0], "(red marker)",
          "bottom-left pixel", video[0, -1, 0], "(green ground)")
    upright = (video[:, :marker, :marker, 0] > 200).all() and \
        (video[:, -1, :, 1] > 100).all()
    if args.save:
        np.save(args.save, video)
        print(f"saved {args.save}")
    return 0 if upright and len(frames) == args.frames else 1


if __name__ == "__main__":
    sys.exit(main())
