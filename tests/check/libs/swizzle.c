/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Unit tests of the B,G,R,A to R,G,B,A swizzle (gst/output/swizzle.c):
 * every implementation this CPU runs, against a plain reference, at every
 * width remainder and every source and destination misalignment. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "output/swizzle.h"

/* 1..67: every remainder mod 4 (the shuffle's pixels per step) and mod 16
 * (a 64-byte line's pixels), several times over. */
#define MAX_WIDTH 67
#define HEIGHT 3
/* Bytes of guard before the first row and after the last one. */
#define GUARD 64
#define MAX_PAD 20
#define MAX_STRIDE (MAX_WIDTH * 4 + MAX_PAD)
/* Room for a 64-byte aligned start, a 0..15 misalignment, the guards and
 * the rows. */
#define BUFFER_SIZE (64 + 16 + 2 * GUARD + HEIGHT * MAX_STRIDE)

static const gchar *impl_names[] = { "scalar", "shuffle", "stream" };

/* The value of every byte the swizzle must leave alone. */
static guint8
untouched (gsize i)
{
  return (guint8) (0x5a ^ (i * 13));
}

/* Source pixels with every byte different from its neighbours and alpha
 * taking many values, 0 and 255 included. */
static guint8
source_byte (gsize i)
{
  return (guint8) (i * 7 + (i >> 8) * 3 + 1);
}

/* 64-byte aligned, then moved on by @misalignment. */
static guint8 *
aligned (guint8 * block, guint misalignment)
{
  return (guint8 *) (((guintptr) block + 63) & ~(guintptr) 63) + misalignment;
}

/* Strides larger than the row (and equal to it), multiples of 4 as an X
 * image's are, so that later rows start at other alignments too. */
static gint
stride_for (guint width, guint salt)
{
  return width * 4 + 4 * ((width + salt) % (MAX_PAD / 4 + 1));
}

/* One call of @impl (or of gws_swizzle_rows() when @impl is -1, with
 * @streaming), checked byte by byte: every row against the reference,
 * every other byte of the destination untouched. */
static void
check_one (gint impl, gboolean streaming, guint width, guint src_mis,
    guint dst_mis, gboolean opaque)
{
  static guint8 src_block[BUFFER_SIZE], dst_block[BUFFER_SIZE];
  guint8 *src_base = aligned (src_block, src_mis);
  guint8 *dst_base = aligned (dst_block, dst_mis);
  guint8 *src = src_base + GUARD, *dst = dst_base + GUARD;
  gint src_stride = stride_for (width, src_mis);
  gint dst_stride = stride_for (width, dst_mis + 2);
  gsize dst_len = 2 * GUARD + (gsize) HEIGHT * dst_stride;
  gsize i;
  guint row, col;

  for (i = 0; i < sizeof (src_block); i++)
    src_block[i] = source_byte (i);
  for (i = 0; i < dst_len; i++)
    dst_base[i] = untouched (i);

  if (impl < 0)
    gws_swizzle_rows (src, src_stride, dst, dst_stride, width, HEIGHT,
        opaque, streaming);
  else
    gws_swizzle_rows_with (impl, src, src_stride, dst, dst_stride, width,
        HEIGHT, opaque);

  for (i = 0; i < dst_len; i++) {
    gsize offset = i - GUARD;
    gboolean in_rows = i >= GUARD && i < GUARD + (gsize) HEIGHT * dst_stride
        && offset % dst_stride < (gsize) width * 4;
    guint8 want;

    if (in_rows) {
      const guint8 *s;

      row = offset / dst_stride;
      col = (offset % dst_stride) / 4;
      s = src + (gsize) row * src_stride + (gsize) col * 4;
      switch (offset % 4) {
        case 0:
          want = s[2];
          break;
        case 1:
          want = s[1];
          break;
        case 2:
          want = s[0];
          break;
        default:
          want = opaque ? 255 : s[3];
          break;
      }
    } else {
      want = untouched (i);
    }
    if (G_UNLIKELY (dst_base[i] != want)) {
      if (in_rows)
        fail ("%s, width %u, src +%u (stride %d), dst +%u (stride %d), "
            "opaque %d: row %u pixel %u byte %u is 0x%02x, expected 0x%02x",
            impl < 0 ? (streaming ? "auto streaming" : "auto") :
            impl_names[impl], width, src_mis, src_stride, dst_mis,
            dst_stride, opaque, (guint) (offset / dst_stride),
            (guint) ((offset % dst_stride) / 4), (guint) (offset % 4),
            dst_base[i], want);
      else
        fail ("%s, width %u, src +%u (stride %d), dst +%u (stride %d), "
            "opaque %d: byte %d from the first row's start, outside the "
            "rows, was written", impl < 0 ? (streaming ? "auto streaming" :
                "auto") : impl_names[impl], width, src_mis, src_stride,
            dst_mis, dst_stride, opaque, (gint) offset);
    }
  }
  /* The source is read only. */
  for (i = 0; i < sizeof (src_block); i++)
    if (G_UNLIKELY (src_block[i] != source_byte (i)))
      fail ("source byte %" G_GSIZE_FORMAT " changed", i);
}

/* One implementation, opaque or not: every width and both
 * misalignments. */
GST_START_TEST (test_implementation)
{
  GwsSwizzleImpl impl = __i__ / 2;
  gboolean opaque = __i__ % 2;
  guint width, src_mis, dst_mis;

  if (!gws_swizzle_has (impl)) {
    fail_unless (impl != GWS_SWIZZLE_SCALAR, "no scalar swizzle");
    GST_INFO ("this CPU does not run the %s swizzle", impl_names[impl]);
    return;
  }
  for (width = 1; width <= MAX_WIDTH; width++)
    for (src_mis = 0; src_mis < 16; src_mis++)
      for (dst_mis = 0; dst_mis < 16; dst_mis++)
        check_one (impl, FALSE, width, src_mis, dst_mis, opaque);
}

GST_END_TEST;

/* The entry point the element calls, with its own pick, both ways. */
GST_START_TEST (test_picked)
{
  gboolean streaming = __i__ / 2;
  gboolean opaque = __i__ % 2;
  guint width, mis;

  for (width = 1; width <= MAX_WIDTH; width++)
    for (mis = 0; mis < 16; mis++) {
      check_one (-1, streaming, width, mis, mis, opaque);
      check_one (-1, streaming, width, mis, 15 - mis, opaque);
    }
}

GST_END_TEST;

/* Which implementations exist: scalar always; the shuffle on the machines
 * it is built for (x86 with SSSE3, arm64); streaming stores only with the
 * shuffle, only on x86. */
GST_START_TEST (test_has)
{
  fail_unless (gws_swizzle_has (GWS_SWIZZLE_SCALAR));
  if (gws_swizzle_has (GWS_SWIZZLE_STREAM))
    fail_unless (gws_swizzle_has (GWS_SWIZZLE_SHUFFLE));
#if defined(__x86_64__) || defined(__i386__)
  fail_unless_equals_int (gws_swizzle_has (GWS_SWIZZLE_STREAM),
      gws_swizzle_has (GWS_SWIZZLE_SHUFFLE));
#else
  fail_if (gws_swizzle_has (GWS_SWIZZLE_STREAM));
#endif
  fail_if (gws_swizzle_has ((GwsSwizzleImpl) 99));
  GST_INFO ("shuffle %d, stream %d", gws_swizzle_has (GWS_SWIZZLE_SHUFFLE),
      gws_swizzle_has (GWS_SWIZZLE_STREAM));
}

GST_END_TEST;

/* Nothing to do: not a byte written. */
GST_START_TEST (test_empty)
{
  guint8 src[64], dst[64], before[64];
  gint impl;

  memset (src, 0x11, sizeof (src));
  memset (dst, 0x77, sizeof (dst));
  memcpy (before, dst, sizeof (dst));
  for (impl = GWS_SWIZZLE_SCALAR; impl <= GWS_SWIZZLE_STREAM; impl++) {
    if (!gws_swizzle_has (impl))
      continue;
    gws_swizzle_rows_with (impl, src, 16, dst, 16, 0, 4, TRUE);
    gws_swizzle_rows_with (impl, src, 16, dst, 16, 4, 0, TRUE);
  }
  gws_swizzle_rows (src, 16, dst, 16, 0, 4, TRUE, FALSE);
  gws_swizzle_rows (src, 16, dst, 16, 4, 0, FALSE, TRUE);
  fail_unless (memcmp (dst, before, sizeof (dst)) == 0);
}

GST_END_TEST;

/* A frame-sized call: the implementations agree with each other and with
 * gws_swizzle_rows() over many rows (a 1080p width, odd stride). */
GST_START_TEST (test_large)
{
  const guint width = 1921, height = 17;
  const gint stride = width * 4 + 12;
  gsize size = (gsize) stride * height;
  guint8 *src = g_malloc (size + 16), *want = g_malloc (size);
  guint8 *got = g_malloc (size + 16);
  gsize i;
  gint impl;
  guint row, col;

  for (i = 0; i < size + 16; i++)
    src[i] = source_byte (i);
  memset (want, 0xee, size);
  for (row = 0; row < height; row++)
    for (col = 0; col < width; col++) {
      const guint8 *s = src + 3 + (gsize) row * stride + col * 4;
      guint8 *d = want + (gsize) row * stride + col * 4;

      d[0] = s[2];
      d[1] = s[1];
      d[2] = s[0];
      d[3] = s[3];
    }
  for (impl = GWS_SWIZZLE_SCALAR; impl <= GWS_SWIZZLE_STREAM + 2; impl++) {
    if (impl <= GWS_SWIZZLE_STREAM && !gws_swizzle_has (impl))
      continue;
    memset (got, 0xee, size + 16);
    if (impl <= GWS_SWIZZLE_STREAM)
      gws_swizzle_rows_with (impl, src + 3, stride, got + 8, stride, width,
          height, FALSE);
    else
      gws_swizzle_rows (src + 3, stride, got + 8, stride, width, height,
          FALSE, impl == GWS_SWIZZLE_STREAM + 2);
    fail_unless (memcmp (got + 8, want, size) == 0,
        "implementation %d differs", impl);
    for (i = 0; i < 8; i++)
      if (got[i] != 0xee || got[8 + size + i] != 0xee)
        fail ("implementation %d wrote outside the rows", impl);
  }
  g_free (src);
  g_free (want);
  g_free (got);
}

GST_END_TEST;

/* In place (a frame turned into RGBA where the X server wrote it): every
 * non-streaming implementation and the entry point, every width and
 * alignment, opaque or not; the bytes between rows are left alone. */
GST_START_TEST (test_in_place)
{
  static guint8 block[BUFFER_SIZE];
  guint width, mis;
  gint impl;
  gboolean opaque;

  for (impl = -1; impl <= GWS_SWIZZLE_SHUFFLE; impl++) {
    if (impl >= 0 && !gws_swizzle_has (impl))
      continue;
    for (opaque = FALSE; opaque <= TRUE; opaque++)
      for (width = 1; width <= MAX_WIDTH; width++)
        for (mis = 0; mis < 16; mis++) {
          guint8 *base = aligned (block, mis), *rows = base + GUARD;
          gint stride = stride_for (width, mis);
          gsize len = 2 * GUARD + (gsize) HEIGHT * stride, i;

          for (i = 0; i < len; i++)
            base[i] = source_byte (i);
          if (impl < 0)
            gws_swizzle_rows (rows, stride, rows, stride, width, HEIGHT,
                opaque, FALSE);
          else
            gws_swizzle_rows_with (impl, rows, stride, rows, stride, width,
                HEIGHT, opaque);
          for (i = 0; i < len; i++) {
            gsize offset = i - GUARD, pixel = i - offset % 4;
            gboolean in_rows = i >= GUARD
                && i < GUARD + (gsize) HEIGHT * stride
                && offset % stride < (gsize) width * 4;
            guint8 want = source_byte (i);

            if (in_rows && offset % 4 != 3)
              want = source_byte (pixel + 2 - offset % 4);
            else if (in_rows && opaque)
              want = 255;
            if (G_UNLIKELY (base[i] != want))
              fail ("in place, %s, width %u, +%u (stride %d), opaque %d: "
                  "byte %d from the first row's start is 0x%02x, expected "
                  "0x%02x", impl < 0 ? "auto" : impl_names[impl], width, mis,
                  stride, opaque, (gint) offset, base[i], want);
          }
        }
  }
}

GST_END_TEST;

static Suite *
swizzle_suite (void)
{
  Suite *s = suite_create ("swizzle");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_has);
  /* Implementation x opaque. */
  tcase_add_loop_test (tc, test_implementation, 0,
      2 * (GWS_SWIZZLE_STREAM + 1));
  /* Streaming x opaque. */
  tcase_add_loop_test (tc, test_picked, 0, 4);
  tcase_add_test (tc, test_empty);
  tcase_add_test (tc, test_large);
  tcase_add_test (tc, test_in_place);
  return s;
}

GST_CHECK_MAIN (swizzle);
