/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* One frame's path on the GL thread: the target's picture, cropped,
 * written into an output buffer by the output stage, the target released. */

#pragma once

#include "target.h"
#include "output/stage.h"
#include "output/ring.h"

G_BEGIN_DECLS

/* The element's GL resources: the output stage and the target's own, made
 * in one context, and what that context's driver is. */
typedef struct
{
  GstGLContext *context;        /* where they were made; NULL: not made */
  GwsOutputStage *output;
  gboolean software_gl;
  gboolean persistent_mapping;
} GwsCaptureGL;

/* Makes them in @context (from any thread but @context's; it hops there),
 * first freeing those made in another context. Nothing to do when they
 * were made in @context already. */
gboolean gws_capture_gl_start (GwsCaptureGL * gl, GwsCaptureTarget * target,
    GstGLContext * context, GError ** error);

/* Frees them, on their context's thread. */
void gws_capture_gl_stop (GwsCaptureGL * gl, GwsCaptureTarget * target);

typedef struct
{
  /* in */
  GstElement *element;          /* the crop warning is posted on it */
  GwsCaptureTarget *target;
  GwsOutputStage *output;
  GwsReadbackRing *ring;        /* its frame in flight is waited for */
  const GstVideoInfo *info;     /* the negotiated output */
  const GstVideoRectangle *crop;        /* crop-* */
  GstVideoRectangle *crop_warned;       /* in/out: the clamped size last warned of */
  /* in/out: the buffer to write; the frame's own memory may replace it
   * (gws_output_passthrough()) */
  GstBuffer *buffer;
  GstClockTime timestamp;
  /* Wait until the GPU is done with the target's picture (the application
   * draws the next frame into the same texture once this one is sent). */
  gboolean finish;

  /* out */
  GwsCaptureResult result;
  GError *error;
  /* The ring's frame in flight has landed (or there was none). */
  gboolean landed;
} GwsCaptureJob;

/* GL thread (gst_gl_context_thread_add): runs @job. */
void gws_capture_run (GstGLContext * context, GwsCaptureJob * job);

/* A frame sent before the caps changed, for a repeat at the new size. */
typedef struct
{
  GwsOutputStage *output;
  GstBuffer *last;              /* upright RGBA, system or GL memory */
  const GstVideoInfo *last_info;
  GstBuffer *buffer;            /* where it goes, of @info's size */
  const GstVideoInfo *info;
  gboolean ok;
} GwsRescaleJob;

/* GL thread: draws @job's last frame into its buffer, scaled to fit with
 * its aspect ratio kept (black bars), as resize-mode=scale would. */
void gws_capture_rescale (GstGLContext * context, GwsRescaleJob * job);

/* The crop for a @width x @height picture: an error when nothing of it is
 * left (also when a window shrinks under its crop), a warning on @element
 * each time the crop has to be cut to a new size to fit. */
gboolean gws_capture_fit_crop (GstElement * element,
    const GstVideoRectangle * crop, GstVideoRectangle * crop_warned,
    guint width, guint height, GstVideoRectangle * kept, GError ** error);

G_END_DECLS
