/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "target.h"

G_BEGIN_DECLS

/* Draws one frame into the bound framebuffer (viewport already set to
 * @width x @height). FALSE with @error set when nothing was drawn. */
typedef gboolean (*GwsDrawFunc) (GstGLContext * context, guint width,
    guint height, GstClockTime timestamp, gpointer user_data,
    GError ** error);

#define GWS_TYPE_DRAW_TARGET (gws_draw_target_get_type ())
G_DECLARE_FINAL_TYPE (GwsDrawTarget, gws_draw_target,
    GWS, DRAW_TARGET, GwsCaptureTarget);

GwsCaptureTarget *gws_draw_target_new (GwsDrawFunc draw,
    gpointer user_data);

G_END_DECLS
