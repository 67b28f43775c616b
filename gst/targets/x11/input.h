/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Navigation events into the captured window: XTest on a connection of its
 * own (enable-navigation-events). */

#pragma once

#include <gst/gst.h>
#include <X11/Xlib.h>

G_BEGIN_DECLS

typedef struct _GwsX11Input GwsX11Input;

/* Opens nothing yet: the connection to @display_name (NULL: $DISPLAY) is
 * made at the first event. */
GwsX11Input *gws_x11_input_new (const gchar * display_name);
void gws_x11_input_free (GwsX11Input * input);

/* Injects one GstNavigation event (its structure) into @window, with the
 * pointer at (pointer_x, pointer_y) in the window's own pixels: moves,
 * buttons, the wheel (buttons 4-7) and keys (X keysym names, or one
 * character). Any thread; events are injected in the order they come. */
void gws_x11_input_navigate (GwsX11Input * input, Window window,
    const GstStructure * event);

G_END_DECLS
