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

/* Draws one frame into the bound framebuffer (viewport already set to
 * @width x @height). FALSE with @error set when nothing was drawn. */
typedef gboolean (*GstGLDrawFunc) (GstGLContext * context, guint width,
    guint height, GstClockTime timestamp, gpointer user_data,
    GError ** error);

#define GST_TYPE_GL_DRAW_TARGET (gst_gl_draw_target_get_type ())
G_DECLARE_FINAL_TYPE (GstGLDrawTarget, gst_gl_draw_target,
    GST, GL_DRAW_TARGET, GstGLCaptureTarget);

GstGLCaptureTarget *gst_gl_draw_target_new (GstGLDrawFunc draw,
    gpointer user_data);

G_END_DECLS
