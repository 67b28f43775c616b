/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gst/gst.h>
#include <gst/base/gstpushsrc.h>

G_BEGIN_DECLS

/**
 * GstGLWindowSrcTarget:
 * @GST_GL_WINDOW_SRC_TARGET_AUTO: a window if xid or xname is set, else the
 *   texture if texture-id is set, else the screen
 * @GST_GL_WINDOW_SRC_TARGET_WINDOW: an X11 window
 * @GST_GL_WINDOW_SRC_TARGET_SCREEN: the whole X11 screen
 * @GST_GL_WINDOW_SRC_TARGET_TEXTURE: the application's own GL texture
 * @GST_GL_WINDOW_SRC_TARGET_DRAW: frames drawn in the draw signal
 */
typedef enum
{
  GST_GL_WINDOW_SRC_TARGET_AUTO,
  GST_GL_WINDOW_SRC_TARGET_WINDOW,
  GST_GL_WINDOW_SRC_TARGET_SCREEN,
  GST_GL_WINDOW_SRC_TARGET_TEXTURE,
  GST_GL_WINDOW_SRC_TARGET_DRAW,
} GstGLWindowSrcTarget;

/**
 * GstGLWindowSrcTextureOrigin:
 * @GST_GL_WINDOW_SRC_ORIGIN_BOTTOM_LEFT: row 0 is the bottom (GL rendering)
 * @GST_GL_WINDOW_SRC_ORIGIN_TOP_LEFT: row 0 is the top
 */
typedef enum
{
  GST_GL_WINDOW_SRC_ORIGIN_BOTTOM_LEFT,
  GST_GL_WINDOW_SRC_ORIGIN_TOP_LEFT,
} GstGLWindowSrcTextureOrigin;

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
 * GstGLWindowSrcCaptureMethod:
 * @GST_GL_WINDOW_SRC_CAPTURE_AUTO: the faster of the two for this driver
 * @GST_GL_WINDOW_SRC_CAPTURE_TEXTURE_FROM_PIXMAP: bind the window's pixmap
 *   as a GL texture (GLX_EXT_texture_from_pixmap)
 * @GST_GL_WINDOW_SRC_CAPTURE_XSHM: read the window on the CPU (MIT-SHM)
 */
typedef enum
{
  GST_GL_WINDOW_SRC_CAPTURE_AUTO,
  GST_GL_WINDOW_SRC_CAPTURE_TEXTURE_FROM_PIXMAP,
  GST_GL_WINDOW_SRC_CAPTURE_XSHM,
} GstGLWindowSrcCaptureMethod;

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

#define GST_TYPE_GL_WINDOW_SRC (gst_gl_window_src_get_type ())
G_DECLARE_FINAL_TYPE (GstGLWindowSrc, gst_gl_window_src, GST, GL_WINDOW_SRC,
    GstPushSrc);

GST_ELEMENT_REGISTER_DECLARE (glwindowsrc);

G_END_DECLS
