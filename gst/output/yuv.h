/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Captured pixels (B,G,R,X or R,G,B,A) to I420 or NV12 in one pass: the
 * byte order and the colour conversion fused, BT.709 limited range. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* BT.709, limited range, in 1/32768: Y = 16 + 219/255 (Kr R + Kg G + Kb B),
 * Cb = 128 + 224/255 (B - Y) / 1.8556, Cr = 128 + 224/255 (R - Y) / 1.5748,
 * for R, G, B in 0..255. Each chroma row sums to 0, so greys get 128
 * exactly. One set for the CPU (yuv.c) and the GPU (glyuv.c), so that
 * both outputs of a picture agree. */
#define GWS_YUV_YR 5983
#define GWS_YUV_YG 20127
#define GWS_YUV_YB 2032
#define GWS_YUV_UR (-3298)
#define GWS_YUV_UG (-11094)
#define GWS_YUV_UB 14392
#define GWS_YUV_VR 14392
#define GWS_YUV_VG (-13072)
#define GWS_YUV_VB (-1320)

/**
 * GwsYuvPlanes:
 * @y: the luma plane's first row
 * @y_stride: bytes between its rows
 * @u: I420's U plane, or NV12's interleaved U,V plane
 * @u_stride: bytes between its rows
 * @v: I420's V plane; NULL for NV12
 * @v_stride: bytes between its rows
 *
 * Where a converted picture goes: chroma at half the width and half the
 * height, rounded up (the last column or row of an odd size gets a chroma
 * sample of its own, from the pixels there are).
 */
typedef struct
{
  guint8 *y;
  gint y_stride;
  guint8 *u;
  gint u_stride;
  guint8 *v;
  gint v_stride;
} GwsYuvPlanes;

/* Converts picture rows [@first_row, @first_row + @rows) of a @width x
 * @height picture whose row 0 is at @src (@src_stride may be negative:
 * rows stored bottom to top). @first_row is even; @rows is even unless the
 * band ends at @height. @bgrx: the pixels are B,G,R,X in memory; otherwise
 * R,G,B,A. Alpha is ignored. Uses the fastest implementation this CPU
 * runs, picked once. */
void gws_yuv_convert_rows (const guint8 * src, gint src_stride,
    gboolean bgrx, guint width, guint height, guint first_row, guint rows,
    const GwsYuvPlanes * dst);

/* The implementations, for tests that compare them. */
typedef enum
{
  GWS_YUV_SCALAR,               /* one pixel at a time: the reference */
  GWS_YUV_SSE2,                 /* 16 pixels a step, 16-bit multiply-adds */
  GWS_YUV_AVX2,                 /* the same, 32 pixels a step */
} GwsYuvImpl;

/* Whether @impl is built and this CPU runs it. */
gboolean gws_yuv_has (GwsYuvImpl impl);

void gws_yuv_convert_rows_with (GwsYuvImpl impl, const guint8 * src,
    gint src_stride, gboolean bgrx, guint width, guint height,
    guint first_row, guint rows, const GwsYuvPlanes * dst);

G_END_DECLS
