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
#include "gstglcapturetarget.h"

G_BEGIN_DECLS

/* The shared half of every capture: turns a GstGLCaptureFrame, whatever
 * its orientation or pixel order, into upright RGBA, either on the GPU into
 * a GstGLMemory texture or into system memory. All functions run on the GL
 * thread of the context the stage was made for. */
typedef struct _GstGLOutputStage GstGLOutputStage;

GstGLOutputStage *gst_gl_output_stage_new (GstGLContext * context,
    GError ** error);
void gst_gl_output_stage_free (GstGLOutputStage * stage);

gboolean gst_gl_output_stage_to_texture (GstGLOutputStage * stage,
    const GstGLCaptureFrame * frame, guint width, guint height,
    guint dst_texture);

/* @pack_buffer: 0, or the GL pixel-pack buffer that @dst is the
 * persistent mapping of; GL reads into it are queued, not waited for. */
gboolean gst_gl_output_stage_to_system (GstGLOutputStage * stage,
    const GstGLCaptureFrame * frame, guint width, guint height,
    guint8 * dst, gint dst_stride, guint pack_buffer);

G_END_DECLS
