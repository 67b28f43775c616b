/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Unit tests of the crop arithmetic (gst/crop.c): what a crop keeps of a
 * picture, where it is cut to fit, and a frame narrowed to it. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "crop.h"

static GstVideoRectangle
rect (gint x, gint y, gint w, gint h)
{
  GstVideoRectangle r = { x, y, w, h };

  return r;
}

/* gws_crop_fit() of @crop on a @width x @height picture keeps
 * @x, @y, @w x @h, clamped or not. */
static void
check_fit (GstVideoRectangle crop, guint width, guint height, guint x,
    guint y, guint w, guint h, gboolean clamped)
{
  GstVideoRectangle kept = rect (-7, -7, -7, -7);
  gboolean was_clamped = !clamped;

  fail_unless (gws_crop_fit (&crop, width, height, &kept, &was_clamped),
      "crop %d,%d %dx%d of %ux%u left nothing", crop.x, crop.y, crop.w,
      crop.h, width, height);
  /* Compared as guint: a picture may be wider than G_MAXINT. */
  fail_unless_equals_uint64 ((guint) kept.x, x);
  fail_unless_equals_uint64 ((guint) kept.y, y);
  fail_unless_equals_uint64 ((guint) kept.w, w);
  fail_unless_equals_uint64 ((guint) kept.h, h);
  fail_unless_equals_int (was_clamped, clamped);
}

/* gws_crop_fit() of @crop on a @width x @height picture leaves nothing. */
static void
check_nothing_left (GstVideoRectangle crop, guint width, guint height)
{
  GstVideoRectangle kept = rect (-7, -7, -7, -7);
  gboolean clamped = TRUE;

  fail_if (gws_crop_fit (&crop, width, height, &kept, &clamped),
      "crop %d,%d %dx%d of %ux%u kept %d,%d %dx%d", crop.x, crop.y, crop.w,
      crop.h, width, height, kept.x, kept.y, kept.w, kept.h);
  fail_unless_equals_int (clamped, FALSE);
}

GST_START_TEST (test_fit_no_crop)
{
  /* All zero: the whole picture. */
  check_fit (rect (0, 0, 0, 0), 640, 480, 0, 0, 640, 480, FALSE);
  check_fit (rect (0, 0, 0, 0), 1, 1, 0, 0, 1, 1, FALSE);
  /* The whole picture named exactly is not clamped. */
  check_fit (rect (0, 0, 640, 480), 640, 480, 0, 0, 640, 480, FALSE);
}

GST_END_TEST;

GST_START_TEST (test_fit_inside)
{
  check_fit (rect (10, 20, 100, 50), 640, 480, 10, 20, 100, 50, FALSE);
  /* Touching the right and bottom edges exactly. */
  check_fit (rect (540, 380, 100, 100), 640, 480, 540, 380, 100, 100, FALSE);
  /* One pixel, in the last column and row. */
  check_fit (rect (639, 479, 1, 1), 640, 480, 639, 479, 1, 1, FALSE);
  /* A 0 width or height: to the edge. */
  check_fit (rect (100, 30, 0, 50), 640, 480, 100, 30, 540, 50, FALSE);
  check_fit (rect (100, 30, 50, 0), 640, 480, 100, 30, 50, 450, FALSE);
  check_fit (rect (639, 479, 0, 0), 640, 480, 639, 479, 1, 1, FALSE);
}

GST_END_TEST;

GST_START_TEST (test_fit_overhang)
{
  /* Right only, bottom only, both: cut at the edge, and said so. */
  check_fit (rect (600, 0, 100, 480), 640, 480, 600, 0, 40, 480, TRUE);
  check_fit (rect (0, 400, 640, 100), 640, 480, 0, 400, 640, 80, TRUE);
  check_fit (rect (600, 400, 100, 100), 640, 480, 600, 400, 40, 80, TRUE);
  /* Larger than the picture from its corner. */
  check_fit (rect (0, 0, 641, 481), 640, 480, 0, 0, 640, 480, TRUE);
  check_fit (rect (639, 479, G_MAXINT, G_MAXINT), 640, 480, 639, 479, 1, 1,
      TRUE);
  /* Only one side overhanging, the other to the edge. */
  check_fit (rect (10, 10, 0, 1000), 640, 480, 10, 10, 630, 470, TRUE);
}

GST_END_TEST;

GST_START_TEST (test_fit_starts_at_or_past_the_edge)
{
  check_nothing_left (rect (640, 0, 0, 0), 640, 480);
  check_nothing_left (rect (0, 480, 0, 0), 640, 480);
  check_nothing_left (rect (640, 480, 10, 10), 640, 480);
  check_nothing_left (rect (641, 0, 1, 1), 640, 480);
  check_nothing_left (rect (0, 1000, 1, 1), 640, 480);
  check_nothing_left (rect (G_MAXINT, G_MAXINT, 0, 0), 640, 480);
}

GST_END_TEST;

GST_START_TEST (test_fit_empty_picture)
{
  check_nothing_left (rect (0, 0, 0, 0), 0, 0);
  check_nothing_left (rect (0, 0, 0, 0), 640, 0);
  check_nothing_left (rect (0, 0, 0, 0), 0, 480);
  check_nothing_left (rect (0, 0, 10, 10), 0, 480);
}

GST_END_TEST;

/* Sizes near G_MAXUINT: the crop's end (x + w) is never computed, since it
 * can wrap past 32 bits; what is kept is still cut at the edge. */
GST_START_TEST (test_fit_huge_sizes)
{
  const guint big = G_MAXUINT;

  /* Whole picture, crop starting far in. */
  check_fit (rect (G_MAXINT, 0, G_MAXINT, 1), big, 1, G_MAXINT, 0, G_MAXINT,
      1, FALSE);
  /* Wider than what is left of a picture G_MAXINT + 10 wide. */
  check_fit (rect (G_MAXINT - 5, 0, G_MAXINT, 0), (guint) G_MAXINT + 10, 3,
      G_MAXINT - 5, 0, 15, 3, TRUE);
  /* Exactly what is left of a G_MAXUINT - 1 picture, then one more. */
  check_fit (rect (G_MAXINT, G_MAXINT, G_MAXINT, G_MAXINT), big - 1, big - 1,
      G_MAXINT, G_MAXINT, G_MAXINT, G_MAXINT, FALSE);
  check_fit (rect (G_MAXINT, G_MAXINT, G_MAXINT, G_MAXINT), big - 2, big - 2,
      G_MAXINT, G_MAXINT, G_MAXINT - 1, G_MAXINT - 1, TRUE);
  /* Starting 2 short of a G_MAXUINT edge (x read as unsigned), 5 wide:
   * x + w wraps to 3, which an end-against-width test would let through
   * uncut. */
  check_fit (rect (-2, -3, 5, 5), big, big, big - 1, big - 2, 1, 2, TRUE);
  /* ...and of a small one. */
  check_fit (rect (5, 5, G_MAXINT, G_MAXINT), 10, 10, 5, 5, 5, 5, TRUE);
  /* Past the edge of a huge picture: still nothing. */
  check_nothing_left (rect (G_MAXINT, 0, 1, 1), G_MAXINT, 10);
  /* A negative x read as unsigned is far past any edge but G_MAXUINT's. */
  check_nothing_left (rect (-1, 0, 1, 1), big - 1, 10);
}

GST_END_TEST;

static void
check_size (GstVideoRectangle crop, guint width, guint height,
    guint want_width, guint want_height)
{
  guint w = width, h = height;

  gws_crop_size (&crop, &w, &h);
  fail_unless (w == want_width && h == want_height,
      "crop %d,%d %dx%d of %ux%u: %ux%u, expected %ux%u", crop.x, crop.y,
      crop.w, crop.h, width, height, w, h, want_width, want_height);
}

GST_START_TEST (test_size)
{
  check_size (rect (0, 0, 0, 0), 640, 480, 640, 480);
  check_size (rect (10, 20, 100, 50), 640, 480, 100, 50);
  check_size (rect (600, 400, 100, 100), 640, 480, 40, 80);
  check_size (rect (100, 30, 0, 0), 640, 480, 540, 450);
  /* Nothing would be left: the size is left alone (gws_crop_fit() reports
   * the error). */
  check_size (rect (640, 0, 10, 10), 640, 480, 640, 480);
  check_size (rect (0, 480, 10, 10), 640, 480, 640, 480);
  check_size (rect (G_MAXINT, G_MAXINT, 0, 0), 640, 480, 640, 480);
  check_size (rect (0, 0, 10, 10), 0, 0, 0, 0);
  check_size (rect (0, 0, 10, 10), 640, 0, 640, 0);
  check_size (rect (0, 0, 10, 10), 0, 480, 0, 480);
}

GST_END_TEST;

static GwsFrame
frame_in_memory (const guint8 * data, gint stride)
{
  GwsFrame frame = { 0, };

  frame.width = 640;
  frame.height = 480;
  frame.data = data;
  frame.stride = stride;
  frame.bgrx = TRUE;
  frame.force_opaque = TRUE;
  frame.overlay.texture = 7;
  frame.overlay.width = 32;
  frame.overlay.height = 24;
  frame.overlay.x = 300;
  frame.overlay.y = 200;
  return frame;
}

GST_START_TEST (test_frame_pixels)
{
  static guint8 pixels[4];
  const gint stride = 640 * 4 + 64;
  GwsFrame frame = frame_in_memory (pixels, stride);
  GstVideoRectangle kept = rect (17, 33, 100, 50);

  gws_crop_frame (&frame, &kept);
  fail_unless_equals_uint64 (frame.width, 100);
  fail_unless_equals_uint64 (frame.height, 50);
  /* Arithmetic on the pointer only: the memory is not read. */
  fail_unless_equals_uint64 ((guintptr) frame.data,
      (guintptr) pixels + 33 * stride + 17 * 4);
  fail_unless_equals_int (frame.stride, stride);
  fail_unless_equals_uint64 (frame.x, 17);
  fail_unless_equals_uint64 (frame.y, 33);
  /* The overlay keeps its place in the picture. */
  fail_unless_equals_int (frame.overlay.x, 300 - 17);
  fail_unless_equals_int (frame.overlay.y, 200 - 33);
  fail_unless_equals_uint64 (frame.overlay.width, 32);
  fail_unless_equals_uint64 (frame.overlay.height, 24);
  fail_unless_equals_uint64 (frame.overlay.texture, 7);
  /* The rest is left as it was. */
  fail_unless_equals_uint64 (frame.texture, 0);
  fail_unless (frame.bgrx && frame.force_opaque);
}

GST_END_TEST;

GST_START_TEST (test_frame_whole)
{
  static guint8 pixels[4];
  GwsFrame frame = frame_in_memory (pixels, 640 * 4);
  GstVideoRectangle kept = rect (0, 0, 640, 480);

  gws_crop_frame (&frame, &kept);
  fail_unless (frame.data == pixels);
  fail_unless_equals_uint64 (frame.width, 640);
  fail_unless_equals_uint64 (frame.height, 480);
  fail_unless_equals_int (frame.overlay.x, 300);
  fail_unless_equals_int (frame.overlay.y, 200);
}

GST_END_TEST;

/* Offsets past 4 GiB: computed in gsize, not in 32 bits. */
GST_START_TEST (test_frame_large_offset)
{
  GwsFrame frame = { 0, };
  GstVideoRectangle kept = rect (70000, 70000, 10, 10);
  const gint stride = 80000 * 4;

  if (sizeof (gsize) < 8)
    return;
  /* Never dereferenced: a pointer far enough from 0 that no wrap hides. */
  frame.data = (const guint8 *) (guintptr) 0x1000;
  frame.stride = stride;
  frame.width = 80000;
  frame.height = 80000;
  gws_crop_frame (&frame, &kept);
  fail_unless_equals_uint64 ((guint64) (guintptr) frame.data,
      G_GUINT64_CONSTANT (0x1000) + (guint64) 70000 * stride + 70000 * 4);
}

GST_END_TEST;

GST_START_TEST (test_frame_texture)
{
  GwsFrame frame = { 0, };
  GstVideoRectangle kept = rect (5, 9, 20, 30);

  frame.texture = 42;
  frame.tex_width = 256;
  frame.tex_height = 128;
  frame.top_down = FALSE;
  /* Already a region of the texture (an offset window in a pixmap). */
  frame.x = 3;
  frame.y = 4;
  frame.width = 100;
  frame.height = 60;
  frame.overlay.x = -10;
  frame.overlay.y = 2;

  gws_crop_frame (&frame, &kept);
  /* No pointer to move. */
  fail_unless (frame.data == NULL);
  fail_unless_equals_uint64 (frame.texture, 42);
  fail_unless_equals_uint64 (frame.tex_width, 256);
  fail_unless_equals_uint64 (frame.tex_height, 128);
  fail_unless_equals_int (frame.top_down, FALSE);
  /* Offsets add up: the crop is inside the region, not the texture. */
  fail_unless_equals_uint64 (frame.x, 3 + 5);
  fail_unless_equals_uint64 (frame.y, 4 + 9);
  fail_unless_equals_uint64 (frame.width, 20);
  fail_unless_equals_uint64 (frame.height, 30);
  fail_unless_equals_int (frame.overlay.x, -10 - 5);
  fail_unless_equals_int (frame.overlay.y, 2 - 9);
}

GST_END_TEST;

/* The way the element uses them: a fit, then the frame narrowed to it. */
GST_START_TEST (test_fit_then_frame)
{
  static guint8 pixels[4];
  const gint stride = 200 * 4;
  GwsFrame frame = { 0, };
  GstVideoRectangle crop = rect (150, 90, 100, 100), kept;
  gboolean clamped;

  frame.data = pixels;
  frame.stride = stride;
  frame.width = 200;
  frame.height = 120;
  fail_unless (gws_crop_fit (&crop, frame.width, frame.height, &kept,
          &clamped));
  fail_unless (clamped);
  gws_crop_frame (&frame, &kept);
  fail_unless_equals_uint64 (frame.width, 50);
  fail_unless_equals_uint64 (frame.height, 30);
  fail_unless_equals_uint64 ((guintptr) frame.data,
      (guintptr) pixels + 90 * stride + 150 * 4);
  /* The last pixel kept is the picture's last. */
  fail_unless_equals_uint64 ((guintptr) frame.data
      + (frame.height - 1) * stride + (frame.width - 1) * 4,
      (guintptr) pixels + 119 * stride + 199 * 4);
}

GST_END_TEST;

static Suite *
crop_suite (void)
{
  Suite *s = suite_create ("crop");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_fit_no_crop);
  tcase_add_test (tc, test_fit_inside);
  tcase_add_test (tc, test_fit_overhang);
  tcase_add_test (tc, test_fit_starts_at_or_past_the_edge);
  tcase_add_test (tc, test_fit_empty_picture);
  tcase_add_test (tc, test_fit_huge_sizes);
  tcase_add_test (tc, test_size);
  tcase_add_test (tc, test_frame_pixels);
  tcase_add_test (tc, test_frame_whole);
  tcase_add_test (tc, test_frame_large_offset);
  tcase_add_test (tc, test_frame_texture);
  tcase_add_test (tc, test_fit_then_frame);
  return s;
}

GST_CHECK_MAIN (crop);
