/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Unit tests of the one-pass conversion to I420 and NV12
 * (gst/output/yuv.c): every implementation this CPU runs, against a plain
 * floating-point BT.709 conversion and against each other bit for bit, at
 * every width remainder, odd heights, strides and misalignments, bands,
 * and rows stored bottom to top. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>
#include <string.h>

#include "output/yuv.h"

/* 1..70: every remainder mod 16 and mod 32 (the SIMD steps). */
#define MAX_WIDTH 70
#define MAX_HEIGHT 7
#define GUARD 64
#define UNTOUCHED 0xa5

static const gchar *impl_names[] = { "scalar", "sse2", "avx2" };

static guint8
source_byte (gsize i)
{
  return (guint8) (i * 7 + (i >> 8) * 3 + (i * i >> 5) + 1);
}

static gdouble
ref_luma (gdouble r, gdouble g, gdouble b)
{
  return 16.0 + 219.0 / 255.0 * (0.2126 * r + 0.7152 * g + 0.0722 * b);
}

/* The plain conversion: each chroma sample from the mean of its 2x2 block's
 * pixels that exist. Returns the values in doubles, to compare within a
 * rounding step. */
static void
reference (const guint8 * src, gint stride, gboolean bgrx, guint width,
    guint height, gdouble * y, gdouble * u, gdouble * v)
{
  guint ri = bgrx ? 2 : 0, bi = bgrx ? 0 : 2;
  guint cw = (width + 1) / 2, row, col;

  for (row = 0; row < height; row++)
    for (col = 0; col < width; col++) {
      const guint8 *p = src + (gssize) row * stride + 4 * col;

      y[row * width + col] = ref_luma (p[ri], p[1], p[bi]);
    }
  for (row = 0; row < (height + 1) / 2; row++)
    for (col = 0; col < cw; col++) {
      gdouble r = 0, g = 0, b = 0, ly;
      guint n = 0, dy, dx;

      for (dy = 0; dy < 2; dy++)
        for (dx = 0; dx < 2; dx++) {
          guint sr = 2 * row + dy, sc = 2 * col + dx;
          const guint8 *p;

          if (sr >= height || sc >= width)
            continue;
          p = src + (gssize) sr * stride + 4 * sc;
          r += p[ri];
          g += p[1];
          b += p[bi];
          n++;
        }
      r /= n;
      g /= n;
      b /= n;
      ly = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      u[row * cw + col] = 128.0 + 224.0 / 255.0 * (b - ly) / 1.8556;
      v[row * cw + col] = 128.0 + 224.0 / 255.0 * (r - ly) / 1.5748;
    }
}

typedef struct
{
  guint8 *block;
  gsize size;
  guint8 *y, *u, *v;
  gint y_stride, u_stride, v_stride;
} Dest;

/* Planes in one block with guard bytes, strides past the row, starts at
 * @mis bytes from a 64-byte boundary. */
static void
dest_init (Dest * d, guint width, guint height, gboolean nv12, guint mis)
{
  guint cw = (width + 1) / 2, ch = (height + 1) / 2;
  guint8 *base;

  d->y_stride = width + 3 + mis;
  d->u_stride = (nv12 ? 2 * cw : cw) + 5;
  d->v_stride = nv12 ? 0 : cw + 1;
  d->size = 64 + mis + 4 * GUARD + (gsize) d->y_stride * height
      + (gsize) d->u_stride * ch + (gsize) d->v_stride * ch;
  d->block = g_malloc (d->size);
  memset (d->block, UNTOUCHED, d->size);
  base = (guint8 *) (((guintptr) d->block + 63) & ~(guintptr) 63) + mis;
  d->y = base + GUARD;
  d->u = d->y + (gsize) d->y_stride * height + GUARD;
  d->v = nv12 ? NULL : d->u + (gsize) d->u_stride * ch + GUARD;
}

static GwsYuvPlanes
dest_planes (const Dest * d)
{
  GwsYuvPlanes p = { d->y, d->y_stride, d->u, d->u_stride, d->v,
    d->v_stride
  };
  return p;
}

/* Whether byte @p of the block belongs to a plane's picture. */
static gboolean
in_planes (const Dest * d, const guint8 * p, guint width, guint height)
{
  guint cw = (width + 1) / 2, ch = (height + 1) / 2;
  gsize off;

  if (p >= d->y && p < d->y + (gsize) d->y_stride * height) {
    off = p - d->y;
    return off % d->y_stride < width;
  }
  if (p >= d->u && p < d->u + (gsize) d->u_stride * ch) {
    off = p - d->u;
    return off % d->u_stride < (d->v ? cw : 2 * cw);
  }
  if (d->v && p >= d->v && p < d->v + (gsize) d->v_stride * ch) {
    off = p - d->v;
    return off % d->v_stride < cw;
  }
  return FALSE;
}

static void
check_against_reference (const Dest * d, const gchar * what,
    const guint8 * src, gint stride, gboolean bgrx, guint width,
    guint height)
{
  guint cw = (width + 1) / 2, ch = (height + 1) / 2;
  gdouble *y = g_new (gdouble, width * height);
  gdouble *u = g_new (gdouble, cw * ch), *v = g_new (gdouble, cw * ch);
  guint row, col;
  gsize i;

  reference (src, stride, bgrx, width, height, y, u, v);
  for (row = 0; row < height; row++)
    for (col = 0; col < width; col++) {
      gdouble got = d->y[(gsize) row * d->y_stride + col];

      if (fabs (got - y[row * width + col]) > 1.0)
        fail ("%s %ux%u: Y at (%u,%u) is %g, reference %.2f", what, width,
            height, col, row, got, y[row * width + col]);
    }
  for (row = 0; row < ch; row++)
    for (col = 0; col < cw; col++) {
      gdouble gu, gv;

      if (d->v) {
        gu = d->u[(gsize) row * d->u_stride + col];
        gv = d->v[(gsize) row * d->v_stride + col];
      } else {
        gu = d->u[(gsize) row * d->u_stride + 2 * col];
        gv = d->u[(gsize) row * d->u_stride + 2 * col + 1];
      }
      if (fabs (gu - u[row * cw + col]) > 1.0
          || fabs (gv - v[row * cw + col]) > 1.0)
        fail ("%s %ux%u: U,V at (%u,%u) are %g,%g, reference %.2f,%.2f",
            what, width, height, col, row, gu, gv, u[row * cw + col],
            v[row * cw + col]);
    }
  for (i = 0; i < d->size; i++) {
    const guint8 *p = d->block + i;

    if (!in_planes (d, p, width, height) && *p != UNTOUCHED)
      fail ("%s %ux%u: a byte outside the planes was written", what, width,
          height);
  }
  g_free (y);
  g_free (u);
  g_free (v);
}

/* Whether two destinations laid out alike hold the same planes. */
static gboolean
planes_equal (const Dest * a, const Dest * b, guint width, guint height)
{
  guint cw = (width + 1) / 2, ch = (height + 1) / 2, row;

  for (row = 0; row < height; row++)
    if (memcmp (a->y + (gsize) row * a->y_stride,
            b->y + (gsize) row * b->y_stride, width) != 0)
      return FALSE;
  for (row = 0; row < ch; row++) {
    if (memcmp (a->u + (gsize) row * a->u_stride,
            b->u + (gsize) row * b->u_stride, a->v ? cw : 2 * cw) != 0)
      return FALSE;
    if (a->v && memcmp (a->v + (gsize) row * a->v_stride,
            b->v + (gsize) row * b->v_stride, cw) != 0)
      return FALSE;
  }
  return TRUE;
}

/* A source with rows @stride apart, starting @mis bytes from a 64-byte
 * boundary; (@stride < 0: bottom to top, the returned pointer at the top
 * row). */
static guint8 *
make_source (guint8 ** block, guint width, guint height, gint stride,
    guint mis)
{
  gsize abs_stride = ABS (stride), size = abs_stride * height + 128;
  guint8 *base;
  gsize i;

  *block = g_malloc (size);
  for (i = 0; i < size; i++)
    (*block)[i] = source_byte (i + width * 31 + height);
  base = (guint8 *) (((guintptr) * block + 63) & ~(guintptr) 63) + mis;
  return stride < 0 ? base + abs_stride * (height - 1) : base;
}

/* One implementation, I420 or NV12, either byte order: every width up to
 * MAX_WIDTH, every height up to MAX_HEIGHT, misaligned source and planes,
 * against the reference; the vector ones also byte for byte against the
 * scalar. */
GST_START_TEST (test_implementation)
{
  GwsYuvImpl impl = __i__ / 4;
  gboolean nv12 = (__i__ / 2) % 2, bgrx = __i__ % 2;
  guint width, height;

  if (!gws_yuv_has (impl)) {
    fail_unless (impl != GWS_YUV_SCALAR, "no scalar conversion");
    GST_INFO ("this CPU does not run the %s conversion", impl_names[impl]);
    return;
  }
  for (width = 1; width <= MAX_WIDTH; width++)
    for (height = 1; height <= MAX_HEIGHT; height++) {
      guint mis = (width * 5 + height) % 16;
      gint stride = width * 4 + 4 * ((width + height) % 5);
      guint8 *block, *src = make_source (&block, width, height, stride, mis);
      Dest got, scalar;
      GwsYuvPlanes planes;
      gchar *what = g_strdup_printf ("%s %s from %s", impl_names[impl],
          nv12 ? "NV12" : "I420", bgrx ? "BGRx" : "RGBA");

      dest_init (&got, width, height, nv12, (mis * 3) % 16);
      planes = dest_planes (&got);
      gws_yuv_convert_rows_with (impl, src, stride, bgrx, width, height, 0,
          height, &planes);
      check_against_reference (&got, what, src, stride, bgrx, width, height);

      dest_init (&scalar, width, height, nv12, (mis * 3) % 16);
      planes = dest_planes (&scalar);
      gws_yuv_convert_rows_with (GWS_YUV_SCALAR, src, stride, bgrx, width,
          height, 0, height, &planes);
      if (!planes_equal (&got, &scalar, width, height))
        fail ("%s %ux%u differs from the scalar conversion", what, width,
            height);
      g_free (got.block);
      g_free (scalar.block);
      g_free (block);
      g_free (what);
    }
}

GST_END_TEST;

/* The entry point the element calls, band by band as an X image arrives
 * (even bands, the last one odd), equals one call over the whole picture;
 * and rows stored bottom to top (a negative stride). */
GST_START_TEST (test_bands_and_bottom_up)
{
  const guint width = 1283, height = 37;
  gboolean nv12;

  for (nv12 = FALSE; nv12 <= TRUE; nv12++) {
    gint stride = width * 4 + 60;
    guint8 *block, *src = make_source (&block, width, height, stride, 4);
    guint8 *up_block, *up;
    Dest whole, banded, flipped;
    GwsYuvPlanes planes;
    guint row, band;

    dest_init (&whole, width, height, nv12, 0);
    planes = dest_planes (&whole);
    gws_yuv_convert_rows (src, stride, TRUE, width, height, 0, height,
        &planes);
    check_against_reference (&whole, "picked", src, stride, TRUE, width,
        height);

    dest_init (&banded, width, height, nv12, 0);
    planes = dest_planes (&banded);
    for (row = 0, band = 2; row < height; row += band, band += 2)
      gws_yuv_convert_rows (src, stride, TRUE, width, height, row,
          MIN (band, height - row), &planes);
    fail_unless (planes_equal (&whole, &banded, width, height),
        "converting in bands differs from converting all at once");

    /* The same picture stored bottom to top. */
    up = make_source (&up_block, width, height, -stride, 8);
    for (row = 0; row < height; row++)
      memcpy (up - (gssize) row * stride, src + (gssize) row * stride,
          width * 4);
    dest_init (&flipped, width, height, nv12, 0);
    planes = dest_planes (&flipped);
    gws_yuv_convert_rows (up, -stride, TRUE, width, height, 0, height,
        &planes);
    fail_unless (planes_equal (&whole, &flipped, width, height),
        "rows stored bottom to top convert differently");

    g_free (whole.block);
    g_free (banded.block);
    g_free (flipped.block);
    g_free (block);
    g_free (up_block);
  }
}

GST_END_TEST;

/* Known colours land where BT.709 limited range puts them. */
GST_START_TEST (test_known_colours)
{
  static const struct
  {
    guint8 r, g, b;
    guint8 y, u, v;
  } colours[] = {
    {0, 0, 0, 16, 128, 128},
    {255, 255, 255, 235, 128, 128},
    {128, 128, 128, 126, 128, 128},
    {255, 0, 0, 63, 102, 240},
    {0, 255, 0, 173, 42, 26},
    {0, 0, 255, 32, 240, 118},
  };
  guint i, impl;

  for (impl = GWS_YUV_SCALAR; impl <= GWS_YUV_AVX2; impl++) {
    if (!gws_yuv_has (impl))
      continue;
    for (i = 0; i < G_N_ELEMENTS (colours); i++) {
      guint8 px[64 * 2 * 4], y[64 * 2], u[32], v[32];
      GwsYuvPlanes planes = { y, 64, u, 32, v, 32 };
      guint p;

      for (p = 0; p < 64 * 2; p++) {
        px[4 * p] = colours[i].b;
        px[4 * p + 1] = colours[i].g;
        px[4 * p + 2] = colours[i].r;
        px[4 * p + 3] = 0;
      }
      gws_yuv_convert_rows_with (impl, px, 64 * 4, TRUE, 64, 2, 0, 2,
          &planes);
      for (p = 0; p < 64; p++) {
        fail_unless_equals_int (y[p], colours[i].y);
        fail_unless_equals_int (y[64 + p], colours[i].y);
      }
      for (p = 0; p < 32; p++) {
        fail_unless_equals_int (u[p], colours[i].u);
        fail_unless_equals_int (v[p], colours[i].v);
      }
    }
  }
}

GST_END_TEST;

GST_START_TEST (test_has)
{
  fail_unless (gws_yuv_has (GWS_YUV_SCALAR));
#if defined(__x86_64__)
  fail_unless (gws_yuv_has (GWS_YUV_SSE2));
#endif
  fail_if (gws_yuv_has ((GwsYuvImpl) 99));
  GST_INFO ("sse2 %d, avx2 %d", gws_yuv_has (GWS_YUV_SSE2),
      gws_yuv_has (GWS_YUV_AVX2));
}

GST_END_TEST;

static Suite *
yuv_suite (void)
{
  Suite *s = suite_create ("yuv");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_has);
  /* Implementation x (I420, NV12) x (RGBA, BGRx). */
  tcase_add_loop_test (tc, test_implementation, 0, 4 * (GWS_YUV_AVX2 + 1));
  tcase_add_test (tc, test_bands_and_bottom_up);
  tcase_add_test (tc, test_known_colours);
  return s;
}

GST_CHECK_MAIN (yuv);
