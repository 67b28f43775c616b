/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>
#include <X11/Xlib.h>

G_BEGIN_DECLS

/* Xlib's default error handler exits the process. Every request that can
 * fail (a window may vanish at any time) runs between these two calls; the
 * second syncs @display and returns the X error code seen, 0 for none. */
void gws_x11_trap_errors (Display * display);
gint gws_x11_untrap_errors (Display * display);

void gws_x11_damage_subtract_all (Display * display, XID damage);

Window gws_x11_find_window_by_name (Display * display, Window root,
    const gchar * name);

gboolean gws_x11_same_server (const gchar * name_a, const gchar * name_b);

G_END_DECLS
