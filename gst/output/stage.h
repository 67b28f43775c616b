/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gst/gl/gl.h>
#include <gst/video/video.h>
#include "frame.h"

G_BEGIN_DECLS

/* The shared half of every capture: turns a GwsFrame, whatever
 * its orientation or pixel order, into an upright picture: RGBA, I420 or
 * NV12 on the GPU into GstGLMemory textures, or RGBA, BGRx, BGRA, I420 or
 * NV12 in system memory. All functions run on the GL thread of the context the stage was
 * made for. */
typedef struct _GwsOutputStage GwsOutputStage;

GwsOutputStage *gws_output_stage_new (GstGLContext * context,
    GError ** error);
void gws_output_stage_free (GwsOutputStage * stage);

/* The whole frame: @frame, cropped and oriented as a target handed it,
 * into @buffer as an upright picture of @info's size and format, whatever
 * @buffer's memory is: GLMemory textures (RGBA drawn on the GPU; I420 and
 * NV12 drawn as RGBA, then converted on the GPU; the buffer's sync meta
 * set), a pack buffer from GwsPackBufferPool (RGBA: the
 * read queued and fenced) or plain system memory (read or copied, done on
 * return). Formats other than RGBA are made on the CPU in one pass over
 * CPU pixels as they arrive; GPU pictures are read as RGBA first. */
gboolean gws_output_stage_write (GwsOutputStage * stage,
    const GwsFrame * frame, GstBuffer * buffer, const GstVideoInfo * info);

gboolean gws_output_stage_to_texture (GwsOutputStage * stage,
    const GwsFrame * frame, guint width, guint height,
    guint dst_texture);

/* A writable BGRx frame (GwsFrame.writable) turned into RGBA where it lies,
 * as its rows arrive. */
void gws_output_stage_swizzle_in_place (GwsOutputStage * stage,
    const GwsFrame * frame);

/* @pack_buffer: 0, or the GL pixel-pack buffer that @dst is the
 * persistent mapping of; GL reads into it are queued, not waited for. */
gboolean gws_output_stage_to_system (GwsOutputStage * stage,
    const GwsFrame * frame, guint width, guint height,
    guint8 * dst, gint dst_stride, guint pack_buffer);

G_END_DECLS
