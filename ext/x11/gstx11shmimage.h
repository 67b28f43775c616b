/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#pragma once

#include <glib.h>
#include <X11/Xlib.h>

G_BEGIN_DECLS

/* A CPU copy of a drawable's pixels, through MIT-SHM where the server
 * shares memory with us, plain XGetImage where it cannot (a remote
 * display). Pixels are B,G,R,X in memory, rows from the top. */
typedef struct _GstX11ShmImage GstX11ShmImage;

GstX11ShmImage *gst_x11_shm_image_new (Display * display, Visual * visual,
    gint depth, guint width, guint height, GError ** error);
void gst_x11_shm_image_free (GstX11ShmImage * image);

gboolean gst_x11_shm_image_read_begin (GstX11ShmImage * image,
    Drawable drawable, gint x, gint y);
guint gst_x11_shm_image_wait_rows (GstX11ShmImage * image, guint rows);
gboolean gst_x11_shm_image_read_finish (GstX11ShmImage * image);
const guint8 *gst_x11_shm_image_get_data (GstX11ShmImage * image);
gint gst_x11_shm_image_get_stride (GstX11ShmImage * image);
gboolean gst_x11_shm_image_uses_shm (GstX11ShmImage * image);
gboolean gst_x11_shm_image_fits (GstX11ShmImage * image, Visual * visual,
    gint depth, guint width, guint height);
void gst_x11_shm_image_get_size (GstX11ShmImage * image, guint * width,
    guint * height);
gint gst_x11_shm_image_get_depth (GstX11ShmImage * image);

G_END_DECLS
