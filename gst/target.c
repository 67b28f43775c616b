/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "target.h"

#include <string.h>

G_DEFINE_ABSTRACT_TYPE (GwsCaptureTarget, gws_capture_target,
    GST_TYPE_OBJECT);

static void
gws_capture_target_class_init (GwsCaptureTargetClass * klass)
{
}

static void
gws_capture_target_init (GwsCaptureTarget * target)
{
}

#define KLASS(t) GWS_CAPTURE_TARGET_GET_CLASS (t)

gboolean
gws_capture_target_open (GwsCaptureTarget * target,
    GstGLContext * context, GError ** error)
{
  if (!KLASS (target)->open)
    return TRUE;
  return KLASS (target)->open (target, context, error);
}

void
gws_capture_target_configure (GwsCaptureTarget * target,
    const GstVideoInfo * info)
{
  if (KLASS (target)->configure)
    KLASS (target)->configure (target, info);
}

void
gws_capture_target_get_size (GwsCaptureTarget * target, guint * width,
    guint * height)
{
  *width = *height = 0;
  KLASS (target)->get_size (target, width, height);
}

gboolean
gws_capture_target_gl_start (GwsCaptureTarget * target,
    GstGLContext * context, GError ** error)
{
  if (!KLASS (target)->gl_start)
    return TRUE;
  return KLASS (target)->gl_start (target, context, error);
}

GwsCaptureResult
gws_capture_target_acquire (GwsCaptureTarget * target,
    GstGLContext * context, GstClockTime timestamp, GwsFrame * frame,
    GError ** error)
{
  memset (frame, 0, sizeof (*frame));
  return KLASS (target)->acquire (target, context, timestamp, frame, error);
}

void
gws_capture_target_release (GwsCaptureTarget * target,
    GstGLContext * context, GwsFrame * frame)
{
  if (KLASS (target)->release)
    KLASS (target)->release (target, context, frame);
}

void
gws_capture_target_invalidate (GwsCaptureTarget * target)
{
  if (KLASS (target)->invalidate)
    KLASS (target)->invalidate (target);
}

gboolean
gws_capture_target_pictures_on_gpu (GwsCaptureTarget * target)
{
  g_return_val_if_fail (GWS_IS_CAPTURE_TARGET (target), TRUE);
  if (!KLASS (target)->pictures_on_gpu)
    return TRUE;
  return KLASS (target)->pictures_on_gpu (target);
}

void
gws_capture_target_gl_stop (GwsCaptureTarget * target,
    GstGLContext * context)
{
  if (KLASS (target)->gl_stop)
    KLASS (target)->gl_stop (target, context);
}

void
gws_capture_target_close (GwsCaptureTarget * target)
{
  if (KLASS (target)->close)
    KLASS (target)->close (target);
}

gboolean
gws_capture_target_takes_frame_ready (GwsCaptureTarget * target)
{
  return KLASS (target)->frame_ready != NULL;
}

void
gws_capture_target_frame_ready (GwsCaptureTarget * target,
    GstGLContext * element_context)
{
  if (KLASS (target)->frame_ready)
    KLASS (target)->frame_ready (target, element_context);
}

void
gws_capture_target_navigate (GwsCaptureTarget * target,
    const GstStructure * event)
{
  if (KLASS (target)->navigate)
    KLASS (target)->navigate (target, event);
}

gboolean
gws_capture_target_reads_application_objects (GwsCaptureTarget * target)
{
  return KLASS (target)->reads_application_objects;
}

gboolean
gws_capture_target_paced_by_program (GwsCaptureTarget * target)
{
  return KLASS (target)->wait_frame != NULL;
}

GstFlowReturn
gws_capture_target_wait_frame (GwsCaptureTarget * target,
    GstClockTime * presented)
{
  *presented = GST_CLOCK_TIME_NONE;
  g_return_val_if_fail (KLASS (target)->wait_frame, GST_FLOW_ERROR);
  return KLASS (target)->wait_frame (target, presented);
}

void
gws_capture_target_set_flushing (GwsCaptureTarget * target,
    gboolean flushing)
{
  if (KLASS (target)->set_flushing)
    KLASS (target)->set_flushing (target, flushing);
}

void
gws_capture_target_decorate (GwsCaptureTarget * target, GstBuffer * buffer)
{
  if (KLASS (target)->decorate)
    KLASS (target)->decorate (target, buffer);
}
