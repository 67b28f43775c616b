/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Target: the application's own GL texture, in a context it shares. */

#pragma once

#include "target.h"

G_BEGIN_DECLS

#define GWS_TYPE_TEXTURE_TARGET (gws_texture_target_get_type ())
G_DECLARE_FINAL_TYPE (GwsTextureTarget, gws_texture_target,
    GWS, TEXTURE_TARGET, GwsCaptureTarget);

/* target=texture: texture-id, texture-origin, width, height. */
extern const GwsTargetInfo gws_texture_target_info;

G_END_DECLS
