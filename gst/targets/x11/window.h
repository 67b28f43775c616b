/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Targets: an X11 window (by id or title) and the whole screen. */

#pragma once

#include "target.h"

G_BEGIN_DECLS

#define GWS_TYPE_X11_WINDOW_TARGET (gws_x11_window_target_get_type ())
G_DECLARE_FINAL_TYPE (GwsX11WindowTarget, gws_x11_window_target,
    GWS, X11_WINDOW_TARGET, GwsCaptureTarget);

/* capture-method */
typedef enum
{
  GWS_X11_CAPTURE_AUTO,
  GWS_X11_CAPTURE_TEXTURE_FROM_PIXMAP,
  GWS_X11_CAPTURE_XSHM,
} GwsX11CaptureMethod;

/* What a window or screen target is made with (settings.c reads it from
 * the element's properties). */
typedef struct
{
  const gchar *display_name;    /* NULL: $DISPLAY */
  guint64 xid;                  /* 0 and no xname: the screen */
  const gchar *xname;
  gboolean use_damage;
  gboolean show_pointer;
  GwsX11CaptureMethod method;
  gboolean navigate;            /* enable-navigation-events */
} GwsX11Settings;

/* @element receives the target's warnings; it is not referenced. */
GwsCaptureTarget *gws_x11_window_target_new (const GwsX11Settings * settings,
    GstElement * element);

G_END_DECLS
