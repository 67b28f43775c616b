/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The crop-* properties as pure arithmetic (unit-tested in
 * tests/check/libs/crop.c). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "crop.h"

gboolean
gws_crop_fit (const GstVideoRectangle * crop, guint width, guint height,
    GstVideoRectangle * kept, gboolean * clamped)
{
  guint x = crop->x, y = crop->y;
  guint w, h;

  *clamped = FALSE;
  if (x >= width || y >= height)
    return FALSE;
  w = crop->w ? (guint) crop->w : width - x;
  h = crop->h ? (guint) crop->h : height - y;
  /* Compared as differences: x + w could wrap for widths near G_MAXUINT. */
  if (w > width - x) {
    w = width - x;
    *clamped = TRUE;
  }
  if (h > height - y) {
    h = height - y;
    *clamped = TRUE;
  }
  kept->x = x;
  kept->y = y;
  kept->w = w;
  kept->h = h;
  return TRUE;
}

void
gws_crop_size (const GstVideoRectangle * crop, guint * width, guint * height)
{
  GstVideoRectangle kept;
  gboolean clamped;

  if (*width && *height && gws_crop_fit (crop, *width, *height, &kept,
          &clamped)) {
    *width = kept.w;
    *height = kept.h;
  }
}

void
gws_crop_frame (GwsFrame * frame, const GstVideoRectangle * kept)
{
  frame->x += kept->x;
  frame->y += kept->y;
  frame->width = kept->w;
  frame->height = kept->h;
  if (frame->data)
    frame->data += (gsize) kept->y * frame->stride + (gsize) kept->x * 4;
  frame->overlay.x -= kept->x;
  frame->overlay.y -= kept->y;
}

void
gws_crop_point_to_picture (const GstVideoRectangle * crop, guint pic_width,
    guint pic_height, guint out_width, guint out_height, gdouble * x,
    gdouble * y)
{
  if (pic_width && pic_height && out_width && out_height
      && (pic_width != out_width || pic_height != out_height)) {
    gdouble scale = MIN ((gdouble) out_width / pic_width,
        (gdouble) out_height / pic_height);

    *x = (*x - (out_width - pic_width * scale) / 2) / scale;
    *y = (*y - (out_height - pic_height * scale) / 2) / scale;
  }
  *x += crop->x;
  *y += crop->y;
}
