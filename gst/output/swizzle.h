/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* B,G,R,A rows to R,G,B,A rows: the one CPU pass over X image pixels. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Converts @height rows of @width pixels. @opaque: alpha becomes 255 (a
 * depth-24 X image's fourth byte means nothing); otherwise it is kept.
 * @streaming: the output is not read again soon (a large frame): stores
 * bypass the cache where the CPU can. Uses the fastest implementation
 * this CPU runs, picked once. @src may be @dst, with the same stride (in
 * place). */
void gws_swizzle_rows (const guint8 * src, gint src_stride, guint8 * dst,
    gint dst_stride, guint width, guint height, gboolean opaque,
    gboolean streaming);

/* The implementations, for tests that compare them. */
typedef enum
{
  GWS_SWIZZLE_SCALAR,           /* a loop compilers vectorise */
  GWS_SWIZZLE_SHUFFLE,          /* one byte shuffle per 4 pixels (SSSE3, NEON) */
  GWS_SWIZZLE_STREAM,           /* the same with non-temporal stores (x86) */
} GwsSwizzleImpl;

/* Whether @impl is built and this CPU runs it. */
gboolean gws_swizzle_has (GwsSwizzleImpl impl);

void gws_swizzle_rows_with (GwsSwizzleImpl impl, const guint8 * src,
    gint src_stride, guint8 * dst, gint dst_stride, guint width,
    guint height, gboolean opaque);

G_END_DECLS
