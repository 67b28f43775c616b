/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The output buffers' pool, chosen for the negotiated memory and readback. */

#pragma once

#include <gst/gl/gl.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* Puts the pool into @query (an ALLOCATION query answered by downstream):
 * with @use_ring our pack-buffer pool, whatever downstream offers, since
 * its buffers are the GPU's destination; otherwise downstream's pool when
 * it is of the kind @gl_output needs, else a new GL or video pool. Buffers
 * of @info's size or more, with video meta (and GL sync meta for GL
 * memory). FALSE with @error set when the pool refuses that. */
gboolean gws_output_pool_decide (GstQuery * query, GstGLContext * context,
    const GstVideoInfo * info, gboolean gl_output, gboolean use_ring,
    GError ** error);

G_END_DECLS
