/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "target.h"

G_BEGIN_DECLS

#define GWS_TYPE_TEXTURE_TARGET (gws_texture_target_get_type ())
G_DECLARE_FINAL_TYPE (GwsTextureTarget, gws_texture_target,
    GWS, TEXTURE_TARGET, GwsCaptureTarget);

/* The application's own GL_TEXTURE_2D @texture_id, in a context shared
 * with the element's. @width/@height: 0 to ask GL; where GL cannot say
 * (GLES before 3.1) they are required. */
GwsCaptureTarget *gws_texture_target_new (guint texture_id,
    gboolean top_down, guint width, guint height);

void gws_texture_target_mark_frame_ready (GwsTextureTarget * target,
    GstGLContext * element_context);

G_END_DECLS
