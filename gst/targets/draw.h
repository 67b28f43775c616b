/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Target: frames the application draws in the element's draw signal, into
 * a framebuffer of the caps' size. */

#pragma once

#include "target.h"

G_BEGIN_DECLS

#define GWS_TYPE_DRAW_TARGET (gws_draw_target_get_type ())
G_DECLARE_FINAL_TYPE (GwsDrawTarget, gws_draw_target,
    GWS, DRAW_TARGET, GwsCaptureTarget);

/* target=draw: emits the element's "draw" signal (GL thread) for each
 * frame, with the framebuffer bound. */
extern const GwsTargetInfo gws_draw_target_info;

G_END_DECLS
