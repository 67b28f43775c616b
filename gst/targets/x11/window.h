/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "target.h"
#include "gstglwindowsrc.h"

G_BEGIN_DECLS

#define GWS_TYPE_X11_WINDOW_TARGET (gws_x11_window_target_get_type ())
G_DECLARE_FINAL_TYPE (GwsX11WindowTarget, gws_x11_window_target,
    GWS, X11_WINDOW_TARGET, GwsCaptureTarget);

/* An X11 window by id or title, or with neither the whole screen (the root
 * window) of @display_name (NULL: $DISPLAY).
 * @use_damage: report frames in which nothing changed as unchanged
 * @show_pointer: blend the mouse pointer into the picture
 * @method: how windows are read */
GwsCaptureTarget *gws_x11_window_target_new (const gchar * display_name,
    guint64 xid, const gchar * xname, gboolean use_damage,
    gboolean show_pointer, GstGLWindowSrcCaptureMethod method);

G_END_DECLS
