/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* An upright RGBA texture into the planes of a GLMemory I420 or NV12
 * frame, on the GPU: the same BT.709 limited-range matrix, chroma siting
 * and rounding as the CPU conversion (yuv.c), so that both memories give
 * the same picture. */

#pragma once

#include <gst/gl/gl.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

typedef struct _GwsGlYuv GwsGlYuv;

/* Both run on @context's GL thread. */
GwsGlYuv *gws_gl_yuv_new (GstGLContext * context, GError ** error);
void gws_gl_yuv_free (GwsGlYuv * conv);

/* Draws @rgba_texture (2D, RGBA, row 0 the top of the picture, the size of
 * @planes) into the textures of @planes, a frame mapped with GST_MAP_WRITE
 * | GST_MAP_GL: one pass per plane. FALSE (logged) when a plane cannot be
 * drawn into, e.g. GLES 2 without GL_EXT_texture_rg, whose LUMINANCE
 * planes are not renderable. On the GL thread. */
gboolean gws_gl_yuv_convert (GwsGlYuv * conv, guint rgba_texture,
    GstVideoFrame * planes);

G_END_DECLS
