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
#include <gst/base/gstpushsrc.h>

G_BEGIN_DECLS

#define GST_TYPE_GL_WINDOW_SRC (gst_gl_window_src_get_type ())
G_DECLARE_FINAL_TYPE (GstGLWindowSrc, gst_gl_window_src, GST, GL_WINDOW_SRC,
    GstPushSrc);

GST_ELEMENT_REGISTER_DECLARE (glwindowsrc);

G_END_DECLS
