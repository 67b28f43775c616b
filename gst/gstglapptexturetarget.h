/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#pragma once

#include "gstglcapturetarget.h"

G_BEGIN_DECLS

#define GST_TYPE_GL_APP_TEXTURE_TARGET (gst_gl_app_texture_target_get_type ())
G_DECLARE_FINAL_TYPE (GstGLAppTextureTarget, gst_gl_app_texture_target,
    GST, GL_APP_TEXTURE_TARGET, GstGLCaptureTarget);

/* The application's own GL_TEXTURE_2D @texture_id, in a context shared
 * with the element's. @width/@height: 0 to ask GL; where GL cannot say
 * (GLES before 3.1) they are required. */
GstGLCaptureTarget *gst_gl_app_texture_target_new (guint texture_id,
    gboolean top_down, guint width, guint height);

void gst_gl_app_texture_target_mark_frame_ready (GstGLAppTextureTarget * target,
    GstGLContext * element_context);

G_END_DECLS
