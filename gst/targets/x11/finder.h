/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Looks for a window by its title off the streaming path: a thread with an
 * XCB connection of its own, requests sent a tree level at a time, and no
 * lock shared with anything else. For on-close=wait. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GwsX11Finder GwsX11Finder;

/* Starts looking, every @interval_us, on @display_name (NULL: $DISPLAY)
 * for a window whose WM_NAME or _NET_WM_NAME is exactly @title, until one
 * is found (see gws_x11_finder_take()) or the finder is freed. NULL when
 * the display cannot be opened. */
GwsX11Finder *gws_x11_finder_new (const gchar * display_name,
    const gchar * title, gint64 interval_us);

/* The window found since the last call, or 0; the search then goes on,
 * for the next time the window is gone. Any thread. */
guint32 gws_x11_finder_take (GwsX11Finder * finder);

/* Stops the thread (within one request's round trip) and frees it. */
void gws_x11_finder_free (GwsX11Finder * finder);

G_END_DECLS
