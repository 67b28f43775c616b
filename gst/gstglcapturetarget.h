/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#pragma once

#include <gst/gst.h>
#include <gst/gl/gl.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/**
 * GstGLCaptureOverlay:
 * @texture: RGBA texture, row 0 at the top, premultiplied alpha (0: none)
 * @width: its width
 * @height: its height
 * @x: where its left edge goes, in picture pixels from the left
 * @y: where its top edge goes, in picture pixels from the top
 *
 * A small picture blended over the frame: the mouse pointer.
 */
typedef struct
{
  guint texture;
  guint width, height;
  gint x, y;
} GstGLCaptureOverlay;

/**
 * GstGLCaptureFrame:
 * @width: width of the picture
 * @height: height of the picture
 * @texture: a GL_TEXTURE_2D in the element's GL context holding the picture,
 *   or 0 when the picture is in @data instead
 * @top_down: TRUE when row 0 of @texture's memory is the top of the picture
 *   (GstGL's own convention); FALSE for GL's usual bottom-up rendering
 * @borrowed: @texture belongs to the application: its state (filters) is
 *   left as it was found
 * @tex_width: width of @texture (the picture may be only part of it)
 * @tex_height: height of @texture
 * @x: left edge of the picture inside @texture
 * @y: top edge of the picture inside @texture, counted from the picture's
 *   top whatever the orientation
 * @force_opaque: the alpha channel holds no meaning (a depth-24 window):
 *   output alpha must be 255
 * @data: system-memory pixels, 4 bytes each, rows from the top (only when
 *   @texture is 0); the picture starts at @data
 * @stride: bytes between rows of @data
 * @bgrx: @data is B,G,R,X in memory order rather than R,G,B,A
 * @overlay: blended over the picture when its texture is not 0
 * @wait_rows: NULL when all of @data is there; else @data is still being
 *   written (an X server fills it band by band while the first bands are
 *   converted) and this blocks until the picture's first @rows rows are,
 *   returning how many are (at least @rows, at most @height). Rows are
 *   counted from @data; @y says where @data starts in the target's image
 * @wait_data: for @wait_rows
 *
 * One captured picture, as a target hands it to the output stage. Valid
 * from a successful acquire() until the matching release(); nothing may
 * read a row of @data before @wait_rows said it is there.
 */
typedef struct _GstGLCaptureFrame
{
  guint width, height;

  guint texture;
  gboolean top_down;
  gboolean borrowed;
  guint tex_width, tex_height;
  guint x, y;

  gboolean force_opaque;

  const guint8 *data;
  gint stride;
  gboolean bgrx;

  GstGLCaptureOverlay overlay;

  guint (*wait_rows) (const struct _GstGLCaptureFrame * frame, guint rows);
  gpointer wait_data;
} GstGLCaptureFrame;

/**
 * GstGLCaptureResult:
 * @GST_GL_CAPTURE_OK: a frame was acquired
 * @GST_GL_CAPTURE_ERROR: capture failed; the GError says why
 * @GST_GL_CAPTURE_GONE: the target went away (a window was closed); it may
 *   come back later
 * @GST_GL_CAPTURE_UNCHANGED: nothing changed since the last frame (damage
 *   tracking): the previous output can be repeated; no frame was acquired
 */
typedef enum
{
  GST_GL_CAPTURE_OK,
  GST_GL_CAPTURE_ERROR,
  GST_GL_CAPTURE_GONE,
  GST_GL_CAPTURE_UNCHANGED,
} GstGLCaptureResult;

#define GST_TYPE_GL_CAPTURE_TARGET (gst_gl_capture_target_get_type ())
G_DECLARE_DERIVABLE_TYPE (GstGLCaptureTarget, gst_gl_capture_target,
    GST, GL_CAPTURE_TARGET, GstObject);

/**
 * GstGLCaptureTargetClass:
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
struct _GstGLCaptureTargetClass
{
  GstObjectClass parent_class;

  gboolean (*open) (GstGLCaptureTarget * target, GstGLContext * context,
      GError ** error);
  void (*get_size) (GstGLCaptureTarget * target, guint * width,
      guint * height);
  void (*configure) (GstGLCaptureTarget * target, const GstVideoInfo * info);
  gboolean (*gl_start) (GstGLCaptureTarget * target, GstGLContext * context,
      GError ** error);
  GstGLCaptureResult (*acquire) (GstGLCaptureTarget * target,
      GstGLContext * context, GstClockTime timestamp,
      GstGLCaptureFrame * frame, GError ** error);
  void (*release) (GstGLCaptureTarget * target, GstGLContext * context,
      GstGLCaptureFrame * frame);
  void (*invalidate) (GstGLCaptureTarget * target);
  gboolean (*pictures_on_gpu) (GstGLCaptureTarget * target);
  void (*gl_stop) (GstGLCaptureTarget * target, GstGLContext * context);
  void (*close) (GstGLCaptureTarget * target);

  gpointer _padding[7];
};

gboolean gst_gl_capture_target_open (GstGLCaptureTarget * target,
    GstGLContext * context, GError ** error);
void gst_gl_capture_target_get_size (GstGLCaptureTarget * target,
    guint * width, guint * height);
void gst_gl_capture_target_configure (GstGLCaptureTarget * target,
    const GstVideoInfo * info);
gboolean gst_gl_capture_target_gl_start (GstGLCaptureTarget * target,
    GstGLContext * context, GError ** error);
GstGLCaptureResult gst_gl_capture_target_acquire (GstGLCaptureTarget * target,
    GstGLContext * context, GstClockTime timestamp, GstGLCaptureFrame * frame,
    GError ** error);
void gst_gl_capture_target_release (GstGLCaptureTarget * target,
    GstGLContext * context, GstGLCaptureFrame * frame);
gboolean gst_gl_capture_target_pictures_on_gpu (GstGLCaptureTarget * target);
void gst_gl_capture_target_invalidate (GstGLCaptureTarget * target);
void gst_gl_capture_target_gl_stop (GstGLCaptureTarget * target,
    GstGLContext * context);
void gst_gl_capture_target_close (GstGLCaptureTarget * target);

G_END_DECLS
