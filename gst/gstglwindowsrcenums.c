/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstglwindowsrcenums.h"

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
