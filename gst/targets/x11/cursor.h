/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gst/gl/gl.h>
#include <X11/Xlib.h>
#include "target.h"

G_BEGIN_DECLS

/* The mouse pointer's image (XFixes) as a GL texture, and where it is
 * relative to a window. GL thread only, apart from new(). */
typedef struct _GwsX11Cursor GwsX11Cursor;

GwsX11Cursor *gws_x11_cursor_new (Display * display);
void gws_x11_cursor_free (GwsX11Cursor * cursor, GstGLContext * context);

gboolean gws_x11_cursor_update (GwsX11Cursor * cursor,
    GstGLContext * context, Window window, gboolean * changed);
void gws_x11_cursor_get_overlay (GwsX11Cursor * cursor,
    GwsOverlay * overlay);

G_END_DECLS
