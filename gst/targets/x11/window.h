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

/* target=window: xid, xname, display-name, use-damage, show-pointer,
 * capture-method. */
extern const GwsTargetInfo gws_x11_window_target_info;
/* target=screen: the root window; display-name, use-damage, show-pointer,
 * capture-method. */
extern const GwsTargetInfo gws_x11_screen_target_info;

G_END_DECLS
