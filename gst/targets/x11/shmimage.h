/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gst/gst.h>
#include <X11/Xlib.h>

G_BEGIN_DECLS

/* A CPU copy of a drawable's pixels, through MIT-SHM where the server
 * shares memory with us, plain XGetImage where it cannot (a remote
 * display). Pixels are B,G,R,X in memory, rows from the top. Each picture
 * is a GstMemory that a buffer may hold as it is: the next read goes into
 * memory no buffer holds. */
typedef struct _GwsX11ShmImage GwsX11ShmImage;

GwsX11ShmImage *gws_x11_shm_image_new (Display * display, Visual * visual,
    gint depth, guint width, guint height, GError ** error);
void gws_x11_shm_image_free (GwsX11ShmImage * image);

gboolean gws_x11_shm_image_read_begin (GwsX11ShmImage * image,
    Drawable drawable, gint x, gint y);
guint gws_x11_shm_image_wait_rows (GwsX11ShmImage * image, guint rows);
gboolean gws_x11_shm_image_read_finish (GwsX11ShmImage * image);
const guint8 *gws_x11_shm_image_get_data (GwsX11ShmImage * image);
GstMemory *gws_x11_shm_image_get_memory (GwsX11ShmImage * image);
gint gws_x11_shm_image_get_stride (GwsX11ShmImage * image);
gboolean gws_x11_shm_image_uses_shm (GwsX11ShmImage * image);
gboolean gws_x11_shm_image_fits (GwsX11ShmImage * image, Visual * visual,
    gint depth, guint width, guint height);
void gws_x11_shm_image_get_size (GwsX11ShmImage * image, guint * width,
    guint * height);
gint gws_x11_shm_image_get_depth (GwsX11ShmImage * image);

G_END_DECLS
