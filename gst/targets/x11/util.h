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

/* Xlib's default I/O error handling exits the process when a connection
 * breaks (the X server died or was killed). A guarded connection of ours
 * is only marked lost instead, and Xlib fails every later call on it
 * without asking the server; the application's own connections keep the
 * handling they had. Guard only connections this plugin opened, right
 * after opening them; unguard right after XCloseDisplay (its sync may be
 * the first request to find the connection broken; the address may then
 * be reused). An application that later installs an I/O error handler of
 * its own without chaining to the one before takes our connections over
 * too. */
void gws_x11_guard_connection (Display * display);
void gws_x11_unguard_connection (Display * display);
/* TRUE once Xlib has seen the guarded @display's connection break: make no
 * more Xlib calls on it but XCloseDisplay(). */
gboolean gws_x11_connection_lost (Display * display);

void gws_x11_damage_subtract_all (Display * display, XID damage);

Window gws_x11_find_window_by_name (Display * display, Window root,
    const gchar * name);

gboolean gws_x11_same_server (const gchar * name_a, const gchar * name_b);

/* Whether a title read from a window (@length bytes: UTF-8, or else
 * Latin-1, as ICCCM's WM_NAME of type STRING) is @name (UTF-8). */
gboolean gws_x11_title_is (const gchar * bytes, gsize length,
    const gchar * name);

G_END_DECLS
