/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* libglwindowsrc-capture: glwindowsrc as a plain C API, for languages that
 * reach C through an FFI (Python's ctypes) and have no GObject bindings.
 *
 * The ABI is stable: only plain C types cross it, structs are never
 * changed, only appended to,
 * and functions are only added (a struct's size is passed along with it). Strings are UTF-8; those the library
 * returns belong to it and stay valid until the next call on the same
 * capture. All functions of one capture are called from one thread at a
 * time; different captures are independent. */

#ifndef GLWINDOWSRC_CAPTURE_H
#define GLWINDOWSRC_CAPTURE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GLWINDOWSRC_CAPTURE_ABI 1

typedef struct _GlwindowsrcCapture GlwindowsrcCapture;

/* One frame: RGBA, row 0 at the top, @stride bytes from one row to the
 * next. @data stays valid until the next read, close or free. */
typedef struct
{
  const uint8_t *data;
  int32_t width;
  int32_t height;
  int32_t stride;
  int32_t reserved;
  /* running time of the frame, in nanoseconds */
  uint64_t pts;
} GlwindowsrcFrame;

/* What read() and open() return. */
enum
{
  GLWINDOWSRC_OK = 1,
  GLWINDOWSRC_END = 0,          /* the stream ended (the window closed) */
  GLWINDOWSRC_ERROR = -1,       /* see glwindowsrc_capture_error() */
};

/* Draws one frame (target=draw), on the GL thread with the element's
 * framebuffer bound: 1 when drawn, 0 when not (an error). */
typedef int (*GlwindowsrcDrawFunc) (void *user_data, uint32_t width,
    uint32_t height, uint64_t timestamp);

/* The library's version, "MAJOR.MINOR.MICRO". */
const char *glwindowsrc_capture_version (void);
int glwindowsrc_capture_abi (void);

/* A capture pipeline: glwindowsrc ! capsfilter ! appsink. Initialises
 * GStreamer when needed and finds the plugin (GStreamer's own paths, then
 * the gstreamer-1.0 folder beside this library, then a build tree's gst/).
 * NULL only when GStreamer or the element cannot be found; @error (may be
 * NULL) then gets a message to free with glwindowsrc_free(). */
GlwindowsrcCapture *glwindowsrc_capture_new (char **error);
void glwindowsrc_capture_free (GlwindowsrcCapture * capture);
void glwindowsrc_free (void *pointer);

/* Sets a property of the glwindowsrc element from its string form, as
 * gst-launch-1.0 would ("xname", "3D View"; "crop-x", "10";
 * "capture-method", "xshm"). 0 on success, -1 with the error set. */
int glwindowsrc_capture_set (GlwindowsrcCapture * capture,
    const char *property, const char *value);

/* The frame rate (@fps_n / @fps_d, 0/0: the element's default) and, for
 * target=draw, the size (0: the element's default). */
int glwindowsrc_capture_set_format (GlwindowsrcCapture * capture,
    int32_t fps_n, int32_t fps_d, int32_t width, int32_t height);

/* @drop 1: keep only the newest frame (a slow reader gets a current
 * picture); 0: keep every frame and slow the source to the reader. */
void glwindowsrc_capture_set_drop (GlwindowsrcCapture * capture, int drop);

/* target=draw: @func draws each frame. */
void glwindowsrc_capture_set_draw (GlwindowsrcCapture * capture,
    GlwindowsrcDrawFunc func, void *user_data);

/* target=texture: shares the GL context current on the calling thread
 * (GLX or EGL, as an application such as VTK made it) with the capture,
 * so that its texture names are valid in the element's context. Call it
 * before open(), on the thread where that context is current. -1 when no
 * context is current or it cannot be wrapped. */
int glwindowsrc_capture_share_current_context (GlwindowsrcCapture * capture);

/* target=texture: a frame is finished in the texture. Call it on the
 * thread where the application's context is current. With is-live=false
 * it returns once that frame has been captured and sent. */
void glwindowsrc_capture_frame_ready (GlwindowsrcCapture * capture);

/* The swap-buffers hook (libglwindowsrc-hook.so) that target=swap takes
 * frames from, for LD_PRELOAD into a program: the installed one beside
 * this library, or a build tree's; NULL when there is none. */
const char *glwindowsrc_capture_hook_library (void);

/* Starts the capture and waits up to @timeout_s for its first frame. With
 * a shared application context and is-live=false, it first announces the
 * texture's present picture (frame-ready), so call it on the thread where
 * that context is current. */
int glwindowsrc_capture_open (GlwindowsrcCapture * capture, double timeout_s);

/* The next frame into @frame, whose size the caller passes as
 * @frame_size (sizeof (GlwindowsrcFrame) as it compiled it). With @fresh,
 * a frame whose capture began after this call (a picture that shows a
 * change just made; offline, the one the last frame-ready made, not the
 * one open() kept); otherwise, with drop, the newest one captured.
 * Opens the capture when it is not open; resumes it when paused. */
int glwindowsrc_capture_read (GlwindowsrcCapture * capture, double timeout_s,
    int fresh, GlwindowsrcFrame * frame, uint32_t frame_size);

/* The size of the frames now (of the first one after open()), or -1. */
int glwindowsrc_capture_get_size (GlwindowsrcCapture * capture,
    int32_t * width, int32_t * height);

/* Pauses a live capture: no frame is captured (no CPU or GPU is spent)
 * until the next read(), which resumes it and returns a frame captured
 * after it; the window, the X connection and GL stay open. */
int glwindowsrc_capture_pause (GlwindowsrcCapture * capture);

/* The pipeline's running time now, in nanoseconds (0 when not running). */
int64_t glwindowsrc_capture_running_time (GlwindowsrcCapture * capture);

/* Stops the capture (the pipeline goes to NULL, which releases the window,
 * the X connection and GL); open() may start it again. */
void glwindowsrc_capture_close (GlwindowsrcCapture * capture);

/* The last error (or, after GLWINDOWSRC_END, the warning that explains the
 * end): the user's message, the debug detail (may be NULL) and the name of
 * the element that posted it (may be NULL). */
const char *glwindowsrc_capture_error (GlwindowsrcCapture * capture);
const char *glwindowsrc_capture_error_debug (GlwindowsrcCapture * capture);
const char *glwindowsrc_capture_error_source (GlwindowsrcCapture * capture);

#ifdef __cplusplus
}
#endif

#endif
