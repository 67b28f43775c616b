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
#include "gstglwindowsrc.h"

G_BEGIN_DECLS

#define GST_TYPE_X11_WINDOW_TARGET (gst_x11_window_target_get_type ())
G_DECLARE_FINAL_TYPE (GstX11WindowTarget, gst_x11_window_target,
    GST, X11_WINDOW_TARGET, GstGLCaptureTarget);

/* An X11 window by id or title, or with neither the whole screen (the root
 * window) of @display_name (NULL: $DISPLAY).
 * @use_damage: report frames in which nothing changed as unchanged
 * @show_pointer: blend the mouse pointer into the picture
 * @method: how windows are read */
GstGLCaptureTarget *gst_x11_window_target_new (const gchar * display_name,
    guint64 xid, const gchar * xname, gboolean use_damage,
    gboolean show_pointer, GstGLWindowSrcCaptureMethod method);

G_END_DECLS
