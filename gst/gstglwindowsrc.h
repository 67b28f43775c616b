/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The glwindowsrc element. */

#pragma once

#include <gst/gst.h>
#include <gst/base/gstpushsrc.h>

G_BEGIN_DECLS

#define GST_TYPE_GL_WINDOW_SRC (gst_gl_window_src_get_type ())
G_DECLARE_FINAL_TYPE (GstGLWindowSrc, gst_gl_window_src, GST, GL_WINDOW_SRC,
    GstPushSrc);

GST_ELEMENT_REGISTER_DECLARE (glwindowsrc);

G_END_DECLS
