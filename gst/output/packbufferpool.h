/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gst/gl/gl.h>

G_BEGIN_DECLS

/* System-memory video buffers whose memory is a GL pixel-pack buffer,
 * mapped once for the buffer's whole life (persistent and coherent,
 * ARB/EXT_buffer_storage). A read into it returns at once on a GPU, which
 * copies while the CPU goes on; a fence marks the end of that copy, and
 * what goes downstream is the very same memory, so the CPU copies
 * nothing. */
#define GWS_TYPE_PACK_BUFFER_POOL (gws_pack_buffer_pool_get_type ())
G_DECLARE_FINAL_TYPE (GwsPackBufferPool, gws_pack_buffer_pool, GWS,
    PACK_BUFFER_POOL, GstBufferPool);

GstBufferPool *gws_pack_buffer_pool_new (GstGLContext * context);

/* GL thread: the buffer object behind @buffer, 0 if @buffer has none. */
guint gws_pack_buffer_get_name (GstBuffer * buffer);

/* GL thread, after the commands that write @buffer: marks their end. */
void gws_pack_buffer_fence (GstBuffer * buffer, GstGLContext * context);

/* GL thread: waits until what the GPU writes into @buffer has landed.
 * FALSE if it did not within seconds (a lost GPU). */
gboolean gws_pack_buffer_wait (GstBuffer * buffer, GstGLContext * context);

G_END_DECLS
