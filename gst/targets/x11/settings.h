/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The X11 targets' rows of the target table: an X11 window (by id or
 * title) and the whole screen. */

#pragma once

#include "target.h"

G_BEGIN_DECLS

/* target=window: xid, xname, display-name, use-damage, show-pointer,
 * capture-method, enable-navigation-events. */
extern const GwsTargetInfo gws_x11_window_target_info;
/* target=screen: the root window; the same but xid and xname. */
extern const GwsTargetInfo gws_x11_screen_target_info;

G_END_DECLS
