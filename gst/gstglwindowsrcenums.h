/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
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
