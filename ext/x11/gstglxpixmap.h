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

G_BEGIN_DECLS

/* An X pixmap bound as a GL texture through GLX_EXT_texture_from_pixmap,
 * in the GLX context current on the calling (GL) thread. */
typedef struct _GstGLXPixmap GstGLXPixmap;

gboolean gst_glx_pixmap_supported (GstGLContext * context);

GstGLXPixmap *gst_glx_pixmap_new (GstGLContext * context, Pixmap pixmap,
    gint depth, GError ** error);
void gst_glx_pixmap_free (GstGLXPixmap * binding);

guint gst_glx_pixmap_bind (GstGLXPixmap * binding);
void gst_glx_pixmap_release (GstGLXPixmap * binding);

gboolean gst_glx_pixmap_is_top_down (GstGLXPixmap * binding);
gboolean gst_glx_pixmap_has_alpha (GstGLXPixmap * binding);
const gchar *gst_glx_pixmap_get_display_name (GstGLContext * context);

G_END_DECLS
