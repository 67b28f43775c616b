/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The output buffers' pool: downstream's, a new GL or video one, or the
 * readback ring's pack buffers. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "output/pool.h"
#include "output/packbufferpool.h"
#include "output/ring.h"

static GstBufferPool *
take_pool (GstQuery * query, GstGLContext * context, gboolean gl_output,
    guint * size, guint * min, guint * max)
{
  GstBufferPool *pool = NULL;

  if (gst_query_get_n_allocation_pools (query) > 0)
    gst_query_parse_nth_allocation_pool (query, 0, &pool, size, min, max);
  if (pool && (GST_IS_GL_BUFFER_POOL (pool) == gl_output))
    return pool;
  gst_clear_object (&pool);
  return gl_output ? gst_gl_buffer_pool_new (context)
      : gst_video_buffer_pool_new ();
}

gboolean
gws_output_pool_decide (GstQuery * query, GstGLContext * context,
    const GstVideoInfo * info, gboolean gl_output, gboolean use_ring,
    GError ** error)
{
  GstBufferPool *pool;
  GstStructure *config;
  GstCaps *caps;
  guint size = 0, min = 0, max = 0;
  gboolean update = gst_query_get_n_allocation_pools (query) > 0;

  gst_query_parse_allocation (query, &caps, NULL);
  if (use_ring) {
    pool = gws_pack_buffer_pool_new (context);
    min = GWS_READBACK_RING_SIZE;
  } else {
    pool = take_pool (query, context, gl_output, &size, &min, &max);
  }
  size = MAX (size, GST_VIDEO_INFO_SIZE (info));

  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, size, min, max);
  gst_buffer_pool_config_add_option (config, GST_BUFFER_POOL_OPTION_VIDEO_META);
  if (gl_output)
    gst_buffer_pool_config_add_option (config,
        GST_BUFFER_POOL_OPTION_GL_SYNC_META);
  if (!gst_buffer_pool_set_config (pool, config)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Could not configure the output buffer pool\n%s refused %u-byte "
        "buffers, %u to %u of them", GST_OBJECT_NAME (pool), size, min, max);
    gst_object_unref (pool);
    return FALSE;
  }

  if (update)
    gst_query_set_nth_allocation_pool (query, 0, pool, size, min, max);
  else
    gst_query_add_allocation_pool (query, pool, size, min, max);
  gst_object_unref (pool);
  return TRUE;
}
