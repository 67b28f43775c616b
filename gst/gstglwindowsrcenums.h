/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gstglwindowsrc.h"

G_BEGIN_DECLS

#define GST_TYPE_GL_WINDOW_SRC_TARGET (gst_gl_window_src_target_get_type ())
GType gst_gl_window_src_target_get_type (void);

#define GST_TYPE_GL_WINDOW_SRC_ORIGIN (gst_gl_window_src_origin_get_type ())
GType gst_gl_window_src_origin_get_type (void);

#define GST_TYPE_GL_WINDOW_SRC_RESIZE_MODE \
    (gst_gl_window_src_resize_mode_get_type ())
GType gst_gl_window_src_resize_mode_get_type (void);

#define GST_TYPE_GL_WINDOW_SRC_ON_CLOSE (gst_gl_window_src_on_close_get_type ())
GType gst_gl_window_src_on_close_get_type (void);

#define GST_TYPE_GL_WINDOW_SRC_CAPTURE_METHOD \
    (gst_gl_window_src_capture_method_get_type ())
GType gst_gl_window_src_capture_method_get_type (void);

#define GST_TYPE_GL_WINDOW_SRC_READBACK (gst_gl_window_src_readback_get_type ())
GType gst_gl_window_src_readback_get_type (void);

G_END_DECLS
