/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gst/gst.h>
#include <gst/gl/gl.h>
#include <gst/video/video.h>

#include "frame.h"

G_BEGIN_DECLS

/**
 * GwsCaptureResult:
 * @GWS_CAPTURE_OK: a frame was acquired
 * @GWS_CAPTURE_ERROR: capture failed; the GError says why
 * @GWS_CAPTURE_GONE: the target went away (a window was closed); it may
 *   come back later
 * @GWS_CAPTURE_UNCHANGED: nothing changed since the last frame (damage
 *   tracking): the previous output can be repeated; no frame was acquired
 */
typedef enum
{
  GWS_CAPTURE_OK,
  GWS_CAPTURE_ERROR,
  GWS_CAPTURE_GONE,
  GWS_CAPTURE_UNCHANGED,
} GwsCaptureResult;

#define GWS_TYPE_CAPTURE_TARGET (gws_capture_target_get_type ())
G_DECLARE_DERIVABLE_TYPE (GwsCaptureTarget, gws_capture_target,
    GWS, CAPTURE_TARGET, GstObject);

/**
 * GwsCaptureTargetClass:
 * @open: find the target and learn its size; runs in start() so that caps
 *   can state the size. @context is the element's GL context, for targets
 *   that must ask GL (use gst_gl_context_thread_add()). Errors are in the
 *   GST_RESOURCE_ERROR domain, with a message for the user.
 * @get_size: the size of the picture as of the last open() or acquire();
 *   0x0 when the target has no size of its own and takes it from the caps.
 * @configure: the negotiated output format, before the first acquire().
 * @gl_start: (GL thread) create what acquire() needs in @context.
 * @acquire: (GL thread) capture the current picture into @frame;
 *   @timestamp is the running time the frame will carry.
 * @release: (GL thread) done with @frame.
 * @invalidate: the next acquire() must return a frame, even if nothing
 *   changed (the element has no previous frame to repeat).
 * @pictures_on_gpu: whether acquire() hands over GL textures (TRUE when
 *   not implemented) rather than CPU pixels, as far as is known after
 *   gl_start(): what decides whether an asynchronous readback pays.
 * @gl_stop: (GL thread) free what gl_start() created.
 * @close: undo open().
 *
 * The one interface every render target implements: an X11 window, the
 * screen, an application's texture, a draw callback. The element and the
 * output stage know nothing else about targets.
 */
struct _GwsCaptureTargetClass
{
  GstObjectClass parent_class;

  gboolean (*open) (GwsCaptureTarget * target, GstGLContext * context,
      GError ** error);
  void (*get_size) (GwsCaptureTarget * target, guint * width,
      guint * height);
  void (*configure) (GwsCaptureTarget * target, const GstVideoInfo * info);
  gboolean (*gl_start) (GwsCaptureTarget * target, GstGLContext * context,
      GError ** error);
  GwsCaptureResult (*acquire) (GwsCaptureTarget * target,
      GstGLContext * context, GstClockTime timestamp,
      GwsFrame * frame, GError ** error);
  void (*release) (GwsCaptureTarget * target, GstGLContext * context,
      GwsFrame * frame);
  void (*invalidate) (GwsCaptureTarget * target);
  gboolean (*pictures_on_gpu) (GwsCaptureTarget * target);
  void (*gl_stop) (GwsCaptureTarget * target, GstGLContext * context);
  void (*close) (GwsCaptureTarget * target);

  gpointer _padding[7];
};

gboolean gws_capture_target_open (GwsCaptureTarget * target,
    GstGLContext * context, GError ** error);
void gws_capture_target_get_size (GwsCaptureTarget * target,
    guint * width, guint * height);
void gws_capture_target_configure (GwsCaptureTarget * target,
    const GstVideoInfo * info);
gboolean gws_capture_target_gl_start (GwsCaptureTarget * target,
    GstGLContext * context, GError ** error);
GwsCaptureResult gws_capture_target_acquire (GwsCaptureTarget * target,
    GstGLContext * context, GstClockTime timestamp, GwsFrame * frame,
    GError ** error);
void gws_capture_target_release (GwsCaptureTarget * target,
    GstGLContext * context, GwsFrame * frame);
gboolean gws_capture_target_pictures_on_gpu (GwsCaptureTarget * target);
void gws_capture_target_invalidate (GwsCaptureTarget * target);
void gws_capture_target_gl_stop (GwsCaptureTarget * target,
    GstGLContext * context);
void gws_capture_target_close (GwsCaptureTarget * target);

G_END_DECLS
