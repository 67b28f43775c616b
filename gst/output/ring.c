/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The readback ring: one capture in flight on the GPU while the one before
 * it is sent. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "output/ring.h"
#include "output/packbufferpool.h"

struct _GwsReadbackRing
{
  GstBuffer *in_flight;
};

GwsReadbackDecision
gws_readback_decide (const GwsReadbackChoice * c)
{
  if (c->gl_output || c->refused || c->paced_by_application)
    return GWS_READBACK_DIRECT;
  if (!c->persistent_mapping)
    return c->asked ? GWS_READBACK_DIRECT_UNSUPPORTED : GWS_READBACK_DIRECT;
  if (c->asked)
    return GWS_READBACK_RING;
  /* On a software driver the read is a CPU copy wherever it goes, and the
   * ring only adds latency; so it does for pictures read on the CPU
   * (XShm), which are in system memory already. Offline, a stream is a set
   * number of frames (num-buffers, a render loop's frames): capturing one
   * ahead of what is sent would draw or read a frame that may never go
   * out. */
  return (!c->software_gl && c->pictures_on_gpu && c->live) ?
      GWS_READBACK_RING : GWS_READBACK_DIRECT;
}

GwsReadbackRing *
gws_readback_ring_new (void)
{
  return g_new0 (GwsReadbackRing, 1);
}

void
gws_readback_ring_free (GwsReadbackRing * ring)
{
  gst_clear_buffer (&ring->in_flight);
  g_free (ring);
}

GstBuffer *
gws_readback_ring_in_flight (GwsReadbackRing * ring)
{
  return ring->in_flight;
}

gboolean
gws_readback_ring_wait (GwsReadbackRing * ring, GstGLContext * context)
{
  return !ring->in_flight || gws_pack_buffer_wait (ring->in_flight, context);
}

GstBuffer *
gws_readback_ring_exchange (GwsReadbackRing * ring, GstBuffer * newest)
{
  GstBuffer *landed = ring->in_flight;

  ring->in_flight = newest;
  return landed;
}

GstBuffer *
gws_readback_ring_take (GwsReadbackRing * ring)
{
  return g_steal_pointer (&ring->in_flight);
}

void
gws_readback_ring_drop (GwsReadbackRing * ring)
{
  gst_clear_buffer (&ring->in_flight);
}
