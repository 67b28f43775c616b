/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The enum types of the element's own properties; each target registers
 * the types of its own. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * GstGLWindowSrcResizeMode:
 * @GST_GL_WINDOW_SRC_RESIZE_RENEGOTIATE: new caps at the new size
 * @GST_GL_WINDOW_SRC_RESIZE_SCALE: keep the first size, scale into it
 */
typedef enum
{
  GST_GL_WINDOW_SRC_RESIZE_RENEGOTIATE,
  GST_GL_WINDOW_SRC_RESIZE_SCALE,
} GstGLWindowSrcResizeMode;

/**
 * GstGLWindowSrcOnClose:
 * @GST_GL_WINDOW_SRC_ON_CLOSE_EOS: end the stream
 * @GST_GL_WINDOW_SRC_ON_CLOSE_ERROR: post an error
 * @GST_GL_WINDOW_SRC_ON_CLOSE_WAIT: repeat the last frame until a window
 *   with the same xname appears
 */
typedef enum
{
  GST_GL_WINDOW_SRC_ON_CLOSE_EOS,
  GST_GL_WINDOW_SRC_ON_CLOSE_ERROR,
  GST_GL_WINDOW_SRC_ON_CLOSE_WAIT,
} GstGLWindowSrcOnClose;

/**
 * GstGLWindowSrcReadback:
 * @GST_GL_WINDOW_SRC_READBACK_AUTO: the faster of the two for this driver
 * @GST_GL_WINDOW_SRC_READBACK_DIRECT: glReadPixels into the output buffer
 * @GST_GL_WINDOW_SRC_READBACK_PBO_RING: asynchronous reads into a ring of
 *   persistently mapped pixel-pack buffers, one frame of added latency
 */
typedef enum
{
  GST_GL_WINDOW_SRC_READBACK_AUTO,
  GST_GL_WINDOW_SRC_READBACK_DIRECT,
  GST_GL_WINDOW_SRC_READBACK_PBO_RING,
} GstGLWindowSrcReadback;

#define GST_TYPE_GL_WINDOW_SRC_RESIZE_MODE \
    (gst_gl_window_src_resize_mode_get_type ())
GType gst_gl_window_src_resize_mode_get_type (void);

#define GST_TYPE_GL_WINDOW_SRC_ON_CLOSE (gst_gl_window_src_on_close_get_type ())
GType gst_gl_window_src_on_close_get_type (void);

#define GST_TYPE_GL_WINDOW_SRC_READBACK (gst_gl_window_src_readback_get_type ())
GType gst_gl_window_src_readback_get_type (void);

G_END_DECLS
