/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
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
#define GST_TYPE_GL_PACK_BUFFER_POOL (gst_gl_pack_buffer_pool_get_type ())
G_DECLARE_FINAL_TYPE (GstGLPackBufferPool, gst_gl_pack_buffer_pool, GST,
    GL_PACK_BUFFER_POOL, GstBufferPool);

GstBufferPool *gst_gl_pack_buffer_pool_new (GstGLContext * context);

/* GL thread: the buffer object behind @buffer, 0 if @buffer has none. */
guint gst_gl_pack_buffer_get_name (GstBuffer * buffer);

/* GL thread, after the commands that write @buffer: marks their end. */
void gst_gl_pack_buffer_fence (GstBuffer * buffer, GstGLContext * context);

/* GL thread: waits until what the GPU writes into @buffer has landed.
 * FALSE if it did not within seconds (a lost GPU). */
gboolean gst_gl_pack_buffer_wait (GstBuffer * buffer, GstGLContext * context);

G_END_DECLS
