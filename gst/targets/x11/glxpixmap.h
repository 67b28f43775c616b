/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gst/gl/gl.h>
#include <X11/Xlib.h>

G_BEGIN_DECLS

/* An X pixmap bound as a GL texture through GLX_EXT_texture_from_pixmap,
 * in the GLX context current on the calling (GL) thread. */
typedef struct _GwsGLXPixmap GwsGLXPixmap;

gboolean gws_glx_pixmap_supported (GstGLContext * context);

GwsGLXPixmap *gws_glx_pixmap_new (GstGLContext * context, Pixmap pixmap,
    gint depth, GError ** error);
void gws_glx_pixmap_free (GwsGLXPixmap * binding);

guint gws_glx_pixmap_bind (GwsGLXPixmap * binding);
void gws_glx_pixmap_release (GwsGLXPixmap * binding);

gboolean gws_glx_pixmap_is_top_down (GwsGLXPixmap * binding);
gboolean gws_glx_pixmap_has_alpha (GwsGLXPixmap * binding);
const gchar *gws_glx_pixmap_get_display_name (GstGLContext * context);

G_END_DECLS
