/* glwindowsrc tools: padding an odd-sized picture to an even size
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Pad-to-even, once for all tools (hls_stream.sh goes through record). */

/* A caps probe on a videobox's own sink pad sizes its border from each new
 * size, so one videobox anywhere after the capture pads it (evensize.h). */

#include "evensize.h"

/* Sets *@even_width and *@even_height to the size @width x @height is padded
 * to, and returns whether that adds a column or a row. */
gboolean
even_size_padded (gint width, gint height, gint * even_width,
    gint * even_height)
{
  *even_width = width + (width & 1);
  *even_height = height + (height & 1);
  return *even_width != width || *even_height != height;
}

gboolean
caps_event_size (GstEvent * event, gint * width, gint * height)
{
  GstCaps *caps;
  GstStructure *s;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return FALSE;
  gst_event_parse_caps (event, &caps);
  s = gst_caps_get_structure (caps, 0);
  return gst_structure_get_int (s, "width", width)
      && gst_structure_get_int (s, "height", height);
}

/* Runs in the streaming thread before videobox sees the caps, so it
 * negotiates with the border that fits them. */
static GstPadProbeReturn
even_size_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  GstElement *box = user_data;
  gint width, height, even_width, even_height;

  if (caps_event_size (GST_PAD_PROBE_INFO_EVENT (info), &width, &height)) {
    even_size_padded (width, height, &even_width, &even_height);
    /* A negative border adds that many pixels. */
    g_object_set (box, "right", width - even_width,
        "bottom", height - even_height, NULL);
  }
  return GST_PAD_PROBE_OK;
}

/* Makes @videobox pad every size that reaches it to an even one. The probe
 * does not hold a reference: it lives on the box's own pad. */
void
even_size_attach (GstElement * videobox)
{
  GstPad *pad = gst_element_get_static_pad (videobox, "sink");

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      even_size_probe, videobox, NULL);
  gst_object_unref (pad);
}
