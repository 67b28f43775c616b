/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Sending a captured picture's own memory instead of copying it: the last
 * copy left on the way from the X server to downstream, as ximagesrc
 * avoids it too. RGBA is the X image turned around where it lies, while
 * each band is still in the cache from the server's write. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "output/passthrough.h"
#include "output/packbufferpool.h"

#include <gst/gl/gl.h>

/* Whether the frame's bytes, from @data on, are what a buffer of @info
 * holds in its first plane, as they are (@in_place FALSE) or once turned
 * from BGRx into RGBA where they lie (TRUE). */
static gboolean
is_output_as_is (const GwsFrame * frame, const GstVideoInfo * info,
    gboolean * in_place)
{
  GstVideoFormat format = GST_VIDEO_INFO_FORMAT (info);

  if (!frame->memory || frame->texture || frame->overlay.texture
      || !frame->bgrx || !frame->data)
    return FALSE;
  *in_place = format == GST_VIDEO_FORMAT_RGBA;
  if (*in_place && !frame->writable)
    return FALSE;
  /* BGRA's alpha must be 255 where the window has none: a pass. */
  if (!*in_place && format != GST_VIDEO_FORMAT_BGRx
      && !(format == GST_VIDEO_FORMAT_BGRA && !frame->force_opaque))
    return FALSE;
  return frame->width == (guint) GST_VIDEO_INFO_WIDTH (info)
      && frame->height == (guint) GST_VIDEO_INFO_HEIGHT (info)
      && frame->stride == GST_VIDEO_INFO_PLANE_STRIDE (info, 0)
      && GST_VIDEO_INFO_PLANE_OFFSET (info, 0) == 0;
}

/* Output buffers in GL memory or GL pack buffers are what the GPU writes,
 * and a downstream pool's own memory (dmabuf, a device's) is what it reads
 * best: only plain system memory is replaced. */
static gboolean
is_plain_system_memory (GstBuffer * buffer)
{
  return gst_memory_is_type (gst_buffer_peek_memory (buffer, 0),
      GST_ALLOCATOR_SYSMEM) && !gws_pack_buffer_get_name (buffer);
}

GstBuffer *
gws_output_passthrough (GwsOutputStage * stage, const GwsFrame * frame,
    const GstVideoInfo * info, GstBuffer * pool_buffer)
{
  GstBuffer *buffer;
  GstMapInfo map;
  gsize offset, size;
  gboolean in_place, within, whole;

  if (!is_output_as_is (frame, info, &in_place)
      || !is_plain_system_memory (pool_buffer))
    return NULL;
  /* A crop that keeps the whole width starts further into the memory. */
  if (!gst_memory_map (frame->memory, &map, GST_MAP_READ))
    return NULL;
  size = GST_VIDEO_INFO_SIZE (info);
  within = frame->data >= map.data
      && (gsize) (frame->data - map.data) + size <= map.size;
  offset = within ? (gsize) (frame->data - map.data) : 0;
  whole = offset == 0 && size == map.size;
  gst_memory_unmap (frame->memory, &map);
  if (!within)
    return NULL;

  if (in_place)
    gws_output_stage_swizzle_in_place (stage, frame);
  else if (frame->wait_rows)
    frame->wait_rows (frame, frame->height);
  buffer = gst_buffer_new ();
  gst_buffer_append_memory (buffer, whole ? gst_memory_ref (frame->memory) :
      gst_memory_share (frame->memory, offset, size));
  gst_buffer_add_video_meta_full (buffer, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_INFO_FORMAT (info), GST_VIDEO_INFO_WIDTH (info),
      GST_VIDEO_INFO_HEIGHT (info), GST_VIDEO_INFO_N_PLANES (info),
      (gsize *) info->offset, (gint *) info->stride);
  return buffer;
}
