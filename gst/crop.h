/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The crop-* properties as pure arithmetic: which part of a picture is
 * kept, and a frame narrowed to it. */

#pragma once

#include <gst/video/video.h>

#include "frame.h"

G_BEGIN_DECLS

/* The part of a @width x @height picture that @crop (x, y from the top
 * left; a 0 width or height: to the edge) keeps, cut to fit where it
 * overhangs (@clamped set). FALSE when nothing is left: the crop starts at
 * or past the right or bottom edge, or the picture is empty. */
gboolean gws_crop_fit (const GstVideoRectangle * crop, guint width,
    guint height, GstVideoRectangle * kept, gboolean * clamped);

/* The size @crop leaves of a @width x @height picture; the whole picture
 * when nothing would be left (an error that gws_crop_fit() reports). */
void gws_crop_size (const GstVideoRectangle * crop, guint * width,
    guint * height);

/* Narrows @frame to @kept, a rectangle of it from gws_crop_fit(): the
 * texture region or the pixel pointer, and the overlay's place. */
void gws_crop_frame (GwsFrame * frame, const GstVideoRectangle * kept);

/* A point of a @out_width x @out_height output frame (a viewer's pointer)
 * back in the window's pixels: the scaling of resize-mode=scale (centred,
 * aspect kept), when the output is not the @pic_width x @pic_height
 * picture, undone, then the crop. */
void gws_crop_point_to_picture (const GstVideoRectangle * crop,
    guint pic_width, guint pic_height, guint out_width, guint out_height,
    gdouble * x, gdouble * y);

G_END_DECLS
