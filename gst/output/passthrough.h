/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gst/video/video.h>
#include "frame.h"
#include "output/stage.h"

G_BEGIN_DECLS

/* A frame whose pixels are, or can become where they lie, the output's
 * bytes (an XShm picture sent as BGRx, or turned into RGBA in place) is
 * sent as it is: a new buffer holding the frame's own memory, no copy.
 * Returns NULL when the frame cannot be (another format or size, a pointer
 * to draw, a stride or memory @pool_buffer does not have): it is then
 * written into @pool_buffer as usual. Waits for every row. GL thread of
 * @stage. */
GstBuffer *gws_output_passthrough (GwsOutputStage * stage,
    const GwsFrame * frame, const GstVideoInfo * info,
    GstBuffer * pool_buffer);

G_END_DECLS
