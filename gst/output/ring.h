/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The readback ring (readback=pbo-ring): each capture is read into a pack
 * buffer asynchronously and sent one capture later, once it has landed. */

#pragma once

#include <gst/gl/gl.h>

G_BEGIN_DECLS

/* Pack buffers the ring keeps ready: one being written by the GPU, one
 * waiting to be sent, one downstream. */
#define GWS_READBACK_RING_SIZE 3

/* What decides between reading directly and the ring. */
typedef struct
{
  gboolean asked;               /* readback=pbo-ring */
  gboolean refused;             /* readback=direct */
  gboolean gl_output;           /* GLMemory: nothing is read back */
  gboolean paced_by_application;        /* offline frame-ready */
  gboolean persistent_mapping;  /* the driver can keep buffers mapped */
  gboolean software_gl;         /* a read is a CPU copy anyway */
  gboolean pictures_on_gpu;     /* not XShm: there is a GPU copy to hide */
  gboolean live;
} GwsReadbackChoice;

/* What gws_readback_decide() chose. */
typedef enum
{
  GWS_READBACK_DIRECT,
  GWS_READBACK_RING,
  /* asked, but the driver cannot map persistently: direct, with a warning */
  GWS_READBACK_DIRECT_UNSUPPORTED,
} GwsReadbackDecision;

/* Pure: see the readback property for the rules. */
GwsReadbackDecision gws_readback_decide (const GwsReadbackChoice * choice);

typedef struct _GwsReadbackRing GwsReadbackRing;

GwsReadbackRing *gws_readback_ring_new (void);
/* Drops the frame in flight too. */
void gws_readback_ring_free (GwsReadbackRing * ring);

/* The capture whose copy may still be running, or NULL; owned by the
 * ring. For the GL thread to wait on with gws_readback_ring_wait(). */
GstBuffer *gws_readback_ring_in_flight (GwsReadbackRing * ring);

/* GL thread: waits until the frame in flight has landed (TRUE at once when
 * there is none). FALSE when the GPU did not finish within seconds. */
gboolean gws_readback_ring_wait (GwsReadbackRing * ring,
    GstGLContext * context);

/* @newest (whose read was just queued) goes in flight; the previous frame
 * in flight, which has landed, comes out to be sent (NULL for the first
 * capture). Takes @newest, returns a reference. */
GstBuffer *gws_readback_ring_exchange (GwsReadbackRing * ring,
    GstBuffer * newest);

/* The frame in flight, out of the ring (the last before an end), or NULL. */
GstBuffer *gws_readback_ring_take (GwsReadbackRing * ring);

/* Forgets the frame in flight: made for old caps, or before a flush. */
void gws_readback_ring_drop (GwsReadbackRing * ring);

G_END_DECLS
