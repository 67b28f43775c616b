/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstglwindowsrcenums.h"

GType
gst_gl_window_src_target_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_GL_WINDOW_SRC_TARGET_AUTO,
        "A window if xid or xname is set, else the texture if texture-id "
          "is set, else the screen", "auto"},
    {GST_GL_WINDOW_SRC_TARGET_WINDOW, "An X11 window (xid or xname)",
        "window"},
    {GST_GL_WINDOW_SRC_TARGET_SCREEN, "The whole X11 screen", "screen"},
    {GST_GL_WINDOW_SRC_TARGET_TEXTURE,
        "The application's own GL texture (texture-id)", "texture"},
    {GST_GL_WINDOW_SRC_TARGET_DRAW,
        "Frames the application draws in the draw signal", "draw"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType tmp = g_enum_register_static ("GstGLWindowSrcTarget", values);
    g_once_init_leave (&type, tmp);
  }
  return type;
}

GType
gst_gl_window_src_origin_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_GL_WINDOW_SRC_ORIGIN_BOTTOM_LEFT,
        "Row 0 is the bottom of the picture (rendered by GL)", "bottom-left"},
    {GST_GL_WINDOW_SRC_ORIGIN_TOP_LEFT,
          "Row 0 is the top of the picture (uploaded image, GstGL memory)",
        "top-left"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType tmp = g_enum_register_static ("GstGLWindowSrcTextureOrigin",
        values);
    g_once_init_leave (&type, tmp);
  }
  return type;
}


GType
gst_gl_window_src_resize_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_GL_WINDOW_SRC_RESIZE_RENEGOTIATE,
          "New caps at the new size (at most one change per 100 ms)",
        "renegotiate"},
    {GST_GL_WINDOW_SRC_RESIZE_SCALE,
        "Keep the first size; scale the picture into it, keeping its aspect "
          "ratio, with black bars", "scale"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType tmp = g_enum_register_static ("GstGLWindowSrcResizeMode", values);
    g_once_init_leave (&type, tmp);
  }
  return type;
}

GType
gst_gl_window_src_on_close_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_GL_WINDOW_SRC_ON_CLOSE_EOS,
        "End the stream, so recordings are finalised", "eos"},
    {GST_GL_WINDOW_SRC_ON_CLOSE_ERROR, "Post an error", "error"},
    {GST_GL_WINDOW_SRC_ON_CLOSE_WAIT,
        "Repeat the last frame; capture a window with the same xname when "
          "one appears", "wait"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType tmp = g_enum_register_static ("GstGLWindowSrcOnClose", values);
    g_once_init_leave (&type, tmp);
  }
  return type;
}

GType
gst_gl_window_src_capture_method_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_GL_WINDOW_SRC_CAPTURE_AUTO,
        "Texture-from-pixmap on a GPU, XShm on a software GL driver (where "
          "it measures faster)", "auto"},
    {GST_GL_WINDOW_SRC_CAPTURE_TEXTURE_FROM_PIXMAP,
          "Bind the window's pixmap as a GL texture (GLX)",
        "texture-from-pixmap"},
    {GST_GL_WINDOW_SRC_CAPTURE_XSHM, "Read the window on the CPU (MIT-SHM)",
        "xshm"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType tmp = g_enum_register_static ("GstGLWindowSrcCaptureMethod",
        values);
    g_once_init_leave (&type, tmp);
  }
  return type;
}

GType
gst_gl_window_src_readback_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_GL_WINDOW_SRC_READBACK_AUTO,
        "Pack-buffer ring for a live source on a GPU with persistent "
          "mapping, direct otherwise", "auto"},
    {GST_GL_WINDOW_SRC_READBACK_DIRECT,
        "Read each frame straight into its output buffer, waiting for it",
        "direct"},
    {GST_GL_WINDOW_SRC_READBACK_PBO_RING,
          "Read into persistently mapped pixel-pack buffers asynchronously, "
          "sending each frame one capture later", "pbo-ring"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType tmp = g_enum_register_static ("GstGLWindowSrcReadback", values);
    g_once_init_leave (&type, tmp);
  }
  return type;
}
