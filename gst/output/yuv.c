/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Captured pixels to I420 or NV12 in one pass over them: each pair of
 * source rows is read once and gives two luma rows and one chroma row, so
 * the swizzle an RGBA output needs and the conversion an encoder needs are
 * one pass, not two. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "output/yuv.h"

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define HAVE_X86_ROWS 1
#endif

/* The BT.709 limited-range matrix is in yuv.h (shared with the GPU path,
 * glyuv.c), in 1/32768. All fit 16 bits signed: the SIMD rows
 * multiply-add pairs of 16-bit lanes. */
#define YR GWS_YUV_YR
#define YG GWS_YUV_YG
#define YB GWS_YUV_YB
#define UR GWS_YUV_UR
#define UG GWS_YUV_UG
#define UB GWS_YUV_UB
#define VR GWS_YUV_VR
#define VG GWS_YUV_VG
#define VB GWS_YUV_VB
#define Y_ROUND ((16 << 15) + (1 << 14))
/* Chroma is made from the sum of a 2x2 block: two more bits. */
#define UV_ROUND ((128 << 17) + (1 << 16))

/* Two source rows and what they become. A last odd row is its own pair
 * (s0 == s1, y0 == y1): its chroma comes from it alone. */
typedef struct
{
  const guint8 *s0, *s1;
  guint8 *y0, *y1;
  /* I420: the U and V rows; NV12: the U,V row in @u and @v NULL. */
  guint8 *u, *v;
} RowPair;

typedef void (*PairConverter) (const RowPair * p, guint width,
    gboolean bgrx);

static inline guint8
luma (const guint8 * px, guint ri, guint bi)
{
  return (YR * px[ri] + YG * px[1] + YB * px[bi] + Y_ROUND) >> 15;
}

/* Columns [@col, @width) one 2x2 block at a time; a last odd column is
 * its own block's both columns. */
static void
pair_scalar_from (const RowPair * p, guint col, guint width, gboolean bgrx)
{
  const guint ri = bgrx ? 2 : 0, bi = bgrx ? 0 : 2;

  for (; col < width; col += 2) {
    guint next = col + 1 < width ? col + 1 : col;
    const guint8 *a = p->s0 + 4 * col, *b = p->s0 + 4 * next;
    const guint8 *c = p->s1 + 4 * col, *d = p->s1 + 4 * next;
    gint r = a[ri] + b[ri] + c[ri] + d[ri];
    gint g = a[1] + b[1] + c[1] + d[1];
    gint bl = a[bi] + b[bi] + c[bi] + d[bi];
    guint8 u = (UR * r + UG * g + UB * bl + UV_ROUND) >> 17;
    guint8 v = (VR * r + VG * g + VB * bl + UV_ROUND) >> 17;

    p->y0[col] = luma (a, ri, bi);
    p->y0[next] = luma (b, ri, bi);
    p->y1[col] = luma (c, ri, bi);
    p->y1[next] = luma (d, ri, bi);
    if (p->v) {
      p->u[col / 2] = u;
      p->v[col / 2] = v;
    } else {
      p->u[col] = u;
      p->u[col + 1] = v;
    }
  }
}

static void
pair_scalar (const RowPair * p, guint width, gboolean bgrx)
{
  pair_scalar_from (p, 0, width, bgrx);
}

#ifdef HAVE_X86_ROWS
/* Four pixels in a 32-bit lane each: masked, a pixel is two 16-bit lanes,
 * (B, R) (or (R, B)) and (G, A), so one 16-bit multiply-add per pair of
 * lanes gives B cB + R cR in 32 bits, another G cG: luma of four pixels in
 * two multiply-adds. Rows summed and neighbours added (a 64-bit shift) give
 * a block's sums, copied into both halves of a 64-bit lane, where one
 * multiply-add gives U in the low half and V in the high one: the NV12
 * order. Exactly the scalar arithmetic, so results are bit-identical. */
__attribute__ ((target ("sse2")))
static void
pair_sse2 (const RowPair * p, guint width, gboolean bgrx)
{
  const __m128i mask = _mm_set1_epi32 (0x00ff00ff);
  const __m128i y_br = bgrx ? _mm_set1_epi32 ((YR << 16) | YB)
      : _mm_set1_epi32 ((YB << 16) | YR);
  const __m128i y_g = _mm_set1_epi32 (YG);
  const __m128i uv_br = bgrx
      ? _mm_setr_epi16 (UB, UR, VB, VR, UB, UR, VB, VR)
      : _mm_setr_epi16 (UR, UB, VR, VB, UR, UB, VR, VB);
  const __m128i uv_g = _mm_setr_epi16 (UG, 0, VG, 0, UG, 0, VG, 0);
  const __m128i y_round = _mm_set1_epi32 (Y_ROUND);
  const __m128i uv_round = _mm_set1_epi32 (UV_ROUND);
  const __m128i low16 = _mm_set1_epi32 (0xffff);
  guint col;

  for (col = 0; col + 16 <= width; col += 16) {
    __m128i ya[4], yb[4], uv[4], w0, w1;
    guint i;

    for (i = 0; i < 4; i++) {
      __m128i a = _mm_loadu_si128 ((const __m128i *) (p->s0 + 4 * col
              + 16 * i));
      __m128i b = _mm_loadu_si128 ((const __m128i *) (p->s1 + 4 * col
              + 16 * i));
      __m128i a_br = _mm_and_si128 (a, mask);
      __m128i a_ga = _mm_and_si128 (_mm_srli_epi32 (a, 8), mask);
      __m128i b_br = _mm_and_si128 (b, mask);
      __m128i b_ga = _mm_and_si128 (_mm_srli_epi32 (b, 8), mask);
      __m128i br, ga;

      ya[i] = _mm_srai_epi32 (_mm_add_epi32 (_mm_add_epi32 (_mm_madd_epi16
                  (a_br, y_br), _mm_madd_epi16 (a_ga, y_g)), y_round), 15);
      yb[i] = _mm_srai_epi32 (_mm_add_epi32 (_mm_add_epi32 (_mm_madd_epi16
                  (b_br, y_br), _mm_madd_epi16 (b_ga, y_g)), y_round), 15);
      br = _mm_add_epi16 (a_br, b_br);
      ga = _mm_add_epi16 (a_ga, b_ga);
      br = _mm_add_epi16 (br, _mm_srli_epi64 (br, 32));
      ga = _mm_add_epi16 (ga, _mm_srli_epi64 (ga, 32));
      br = _mm_shuffle_epi32 (br, _MM_SHUFFLE (2, 2, 0, 0));
      ga = _mm_shuffle_epi32 (ga, _MM_SHUFFLE (2, 2, 0, 0));
      uv[i] = _mm_srai_epi32 (_mm_add_epi32 (_mm_add_epi32 (_mm_madd_epi16
                  (br, uv_br), _mm_madd_epi16 (ga, uv_g)), uv_round), 17);
    }
    _mm_storeu_si128 ((__m128i *) (p->y0 + col),
        _mm_packus_epi16 (_mm_packs_epi32 (ya[0], ya[1]),
            _mm_packs_epi32 (ya[2], ya[3])));
    _mm_storeu_si128 ((__m128i *) (p->y1 + col),
        _mm_packus_epi16 (_mm_packs_epi32 (yb[0], yb[1]),
            _mm_packs_epi32 (yb[2], yb[3])));
    /* U, V, U, V... as 16-bit lanes. */
    w0 = _mm_packs_epi32 (uv[0], uv[1]);
    w1 = _mm_packs_epi32 (uv[2], uv[3]);
    if (!p->v) {
      _mm_storeu_si128 ((__m128i *) (p->u + col), _mm_packus_epi16 (w0, w1));
    } else {
      __m128i u = _mm_packs_epi32 (_mm_and_si128 (w0, low16),
          _mm_and_si128 (w1, low16));
      __m128i v = _mm_packs_epi32 (_mm_srli_epi32 (w0, 16),
          _mm_srli_epi32 (w1, 16));

      _mm_storel_epi64 ((__m128i *) (p->u + col / 2),
          _mm_packus_epi16 (u, u));
      _mm_storel_epi64 ((__m128i *) (p->v + col / 2),
          _mm_packus_epi16 (v, v));
    }
  }
  pair_scalar_from (p, col, width, bgrx);
}

/* The same on 256-bit registers. Their packs work within each 128-bit
 * half, which leaves 4-byte groups in the order 0 2 4 6 1 3 5 7: one
 * permutation puts them back. */
__attribute__ ((target ("avx2")))
static void
pair_avx2 (const RowPair * p, guint width, gboolean bgrx)
{
  const __m256i mask = _mm256_set1_epi32 (0x00ff00ff);
  const __m256i y_br = bgrx ? _mm256_set1_epi32 ((YR << 16) | YB)
      : _mm256_set1_epi32 ((YB << 16) | YR);
  const __m256i y_g = _mm256_set1_epi32 (YG);
  const __m256i uv_br = bgrx
      ? _mm256_setr_epi16 (UB, UR, VB, VR, UB, UR, VB, VR,
      UB, UR, VB, VR, UB, UR, VB, VR)
      : _mm256_setr_epi16 (UR, UB, VR, VB, UR, UB, VR, VB,
      UR, UB, VR, VB, UR, UB, VR, VB);
  const __m256i uv_g = _mm256_setr_epi16 (UG, 0, VG, 0, UG, 0, VG, 0,
      UG, 0, VG, 0, UG, 0, VG, 0);
  const __m256i y_round = _mm256_set1_epi32 (Y_ROUND);
  const __m256i uv_round = _mm256_set1_epi32 (UV_ROUND);
  const __m256i order = _mm256_setr_epi32 (0, 4, 1, 5, 2, 6, 3, 7);
  const __m256i split = _mm256_setr_epi8 (0, 2, 4, 6, 8, 10, 12, 14,
      1, 3, 5, 7, 9, 11, 13, 15, 0, 2, 4, 6, 8, 10, 12, 14,
      1, 3, 5, 7, 9, 11, 13, 15);
  guint col;

  for (col = 0; col + 32 <= width; col += 32) {
    __m256i ya[4], yb[4], uv[4], nv;
    guint i;

    for (i = 0; i < 4; i++) {
      __m256i a = _mm256_loadu_si256 ((const __m256i *) (p->s0 + 4 * col
              + 32 * i));
      __m256i b = _mm256_loadu_si256 ((const __m256i *) (p->s1 + 4 * col
              + 32 * i));
      __m256i a_br = _mm256_and_si256 (a, mask);
      __m256i a_ga = _mm256_and_si256 (_mm256_srli_epi32 (a, 8), mask);
      __m256i b_br = _mm256_and_si256 (b, mask);
      __m256i b_ga = _mm256_and_si256 (_mm256_srli_epi32 (b, 8), mask);
      __m256i br, ga;

      ya[i] = _mm256_srai_epi32 (_mm256_add_epi32 (_mm256_add_epi32
              (_mm256_madd_epi16 (a_br, y_br), _mm256_madd_epi16 (a_ga,
                      y_g)), y_round), 15);
      yb[i] = _mm256_srai_epi32 (_mm256_add_epi32 (_mm256_add_epi32
              (_mm256_madd_epi16 (b_br, y_br), _mm256_madd_epi16 (b_ga,
                      y_g)), y_round), 15);
      br = _mm256_add_epi16 (a_br, b_br);
      ga = _mm256_add_epi16 (a_ga, b_ga);
      br = _mm256_add_epi16 (br, _mm256_srli_epi64 (br, 32));
      ga = _mm256_add_epi16 (ga, _mm256_srli_epi64 (ga, 32));
      br = _mm256_shuffle_epi32 (br, _MM_SHUFFLE (2, 2, 0, 0));
      ga = _mm256_shuffle_epi32 (ga, _MM_SHUFFLE (2, 2, 0, 0));
      uv[i] = _mm256_srai_epi32 (_mm256_add_epi32 (_mm256_add_epi32
              (_mm256_madd_epi16 (br, uv_br), _mm256_madd_epi16 (ga,
                      uv_g)), uv_round), 17);
    }
    _mm256_storeu_si256 ((__m256i *) (p->y0 + col),
        _mm256_permutevar8x32_epi32 (_mm256_packus_epi16 (_mm256_packs_epi32
                (ya[0], ya[1]), _mm256_packs_epi32 (ya[2], ya[3])), order));
    _mm256_storeu_si256 ((__m256i *) (p->y1 + col),
        _mm256_permutevar8x32_epi32 (_mm256_packus_epi16 (_mm256_packs_epi32
                (yb[0], yb[1]), _mm256_packs_epi32 (yb[2], yb[3])), order));
    nv = _mm256_permutevar8x32_epi32 (_mm256_packus_epi16 (_mm256_packs_epi32
            (uv[0], uv[1]), _mm256_packs_epi32 (uv[2], uv[3])), order);
    if (!p->v) {
      _mm256_storeu_si256 ((__m256i *) (p->u + col), nv);
    } else {
      /* Within each half U0..U7 then V0..V7; then U, U, V, V. */
      nv = _mm256_permute4x64_epi64 (_mm256_shuffle_epi8 (nv, split),
          _MM_SHUFFLE (3, 1, 2, 0));
      _mm_storeu_si128 ((__m128i *) (p->u + col / 2),
          _mm256_castsi256_si128 (nv));
      _mm_storeu_si128 ((__m128i *) (p->v + col / 2),
          _mm256_extracti128_si256 (nv, 1));
    }
  }
  pair_scalar_from (p, col, width, bgrx);
}
#endif

static PairConverter
converter_for (GwsYuvImpl impl)
{
  switch (impl) {
    case GWS_YUV_SCALAR:
      return pair_scalar;
#ifdef HAVE_X86_ROWS
    case GWS_YUV_SSE2:
      __builtin_cpu_init ();
      return __builtin_cpu_supports ("sse2") ? pair_sse2 : NULL;
    case GWS_YUV_AVX2:
      __builtin_cpu_init ();
      return __builtin_cpu_supports ("avx2") ? pair_avx2 : NULL;
#endif
    default:
      return NULL;
  }
}

static PairConverter
pick_converter (void)
{
  static PairConverter picked;
  static gsize once = 0;

  if (g_once_init_enter (&once)) {
    picked = converter_for (GWS_YUV_AVX2);
    if (!picked)
      picked = converter_for (GWS_YUV_SSE2);
    if (!picked)
      picked = pair_scalar;
    g_once_init_leave (&once, 1);
  }
  return picked;
}

static void
convert_rows_with (PairConverter convert_pair, const guint8 * src,
    gint src_stride, gboolean bgrx, guint width, guint height,
    guint first_row, guint rows, const GwsYuvPlanes * dst)
{
  guint row, end = MIN (first_row + rows, height);

  g_return_if_fail (first_row % 2 == 0);
  g_return_if_fail (end == height || rows % 2 == 0);

  for (row = first_row; row < end; row += 2) {
    guint second = row + 1 < height ? row + 1 : row;
    RowPair p;

    p.s0 = src + (gssize) row * src_stride;
    p.s1 = src + (gssize) second * src_stride;
    p.y0 = dst->y + (gssize) row * dst->y_stride;
    p.y1 = dst->y + (gssize) second * dst->y_stride;
    p.u = dst->u + (gssize) (row / 2) * dst->u_stride;
    p.v = dst->v ? dst->v + (gssize) (row / 2) * dst->v_stride : NULL;
    convert_pair (&p, width, bgrx);
  }
}

void
gws_yuv_convert_rows (const guint8 * src, gint src_stride, gboolean bgrx,
    guint width, guint height, guint first_row, guint rows,
    const GwsYuvPlanes * dst)
{
  convert_rows_with (pick_converter (), src, src_stride, bgrx, width, height,
      first_row, rows, dst);
}

gboolean
gws_yuv_has (GwsYuvImpl impl)
{
  return converter_for (impl) != NULL;
}

void
gws_yuv_convert_rows_with (GwsYuvImpl impl, const guint8 * src,
    gint src_stride, gboolean bgrx, guint width, guint height,
    guint first_row, guint rows, const GwsYuvPlanes * dst)
{
  PairConverter convert_pair = converter_for (impl);

  g_return_if_fail (convert_pair != NULL);
  convert_rows_with (convert_pair, src, src_stride, bgrx, width, height,
      first_row, rows, dst);
}
