/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#pragma once

#include <gst/gl/gl.h>
#include <X11/Xlib.h>
#include "gstglcapturetarget.h"

G_BEGIN_DECLS

/* The mouse pointer's image (XFixes) as a GL texture, and where it is
 * relative to a window. GL thread only, apart from new(). */
typedef struct _GstX11Cursor GstX11Cursor;

GstX11Cursor *gst_x11_cursor_new (Display * display);
void gst_x11_cursor_free (GstX11Cursor * cursor, GstGLContext * context);

gboolean gst_x11_cursor_update (GstX11Cursor * cursor,
    GstGLContext * context, Window window, gboolean * changed);
void gst_x11_cursor_get_overlay (GstX11Cursor * cursor,
    GstGLCaptureOverlay * overlay);

G_END_DECLS
