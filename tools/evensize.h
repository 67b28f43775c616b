/* glwindowsrc tools: padding an odd-sized picture to an even size
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Pad-to-even, once for all tools (hls_stream.sh goes through record). */

/* H.264 in 4:2:0 needs an even width and height, so an odd size gets one
 * black column at the right and/or one black row at the bottom. The picture
 * is never rescaled: every captured pixel keeps its place and the aspect
 * ratio stays. */

#ifndef __GLWINDOWSRC_EVEN_SIZE_H__
#define __GLWINDOWSRC_EVEN_SIZE_H__

#include <gst/gst.h>

G_BEGIN_DECLS

gboolean even_size_padded (gint width, gint height, gint * even_width,
    gint * even_height);

void even_size_attach (GstElement * videobox);

/* The width and height a CAPS event carries; FALSE for any other event
 * (or caps without a size). For the probes that follow a stream's size. */
gboolean caps_event_size (GstEvent * event, gint * width, gint * height);

G_END_DECLS

#endif /* __GLWINDOWSRC_EVEN_SIZE_H__ */
