/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Target: every frame an unmodified GL program presents, handed over at its
 * buffer swap by the preload library (ext/hook/) through a Unix socket and
 * shared memory. */

#pragma once

#include "target.h"

G_BEGIN_DECLS

#define GWS_TYPE_SWAP_TARGET (gws_swap_target_get_type ())
G_DECLARE_FINAL_TYPE (GwsSwapTarget, gws_swap_target,
    GWS, SWAP_TARGET, GwsCaptureTarget);

/* target=swap: listens on the `socket` property's path; paced by the
 * program (wait_frame), not by the element's clock. */
extern const GwsTargetInfo gws_swap_target_info;

/* The reference-timestamp meta caps the buffers carry: the program's swap
 * count, and its swap time on CLOCK_MONOTONIC (docs/swap-hook.md). */
#define GWS_SWAP_SEQUENCE_CAPS "timestamp/x-glwindowsrc-swap-sequence"
#define GWS_SWAP_TIME_CAPS "timestamp/x-glwindowsrc-swap-monotonic"

G_END_DECLS
