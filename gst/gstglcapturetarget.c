/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstglcapturetarget.h"

#include <string.h>

G_DEFINE_ABSTRACT_TYPE (GstGLCaptureTarget, gst_gl_capture_target,
    GST_TYPE_OBJECT);

static void
gst_gl_capture_target_class_init (GstGLCaptureTargetClass * klass)
{
}

static void
gst_gl_capture_target_init (GstGLCaptureTarget * target)
{
}

#define KLASS(t) GST_GL_CAPTURE_TARGET_GET_CLASS (t)

gboolean
gst_gl_capture_target_open (GstGLCaptureTarget * target,
    GstGLContext * context, GError ** error)
{
  if (!KLASS (target)->open)
    return TRUE;
  return KLASS (target)->open (target, context, error);
}

void
gst_gl_capture_target_configure (GstGLCaptureTarget * target,
    const GstVideoInfo * info)
{
  if (KLASS (target)->configure)
    KLASS (target)->configure (target, info);
}

void
gst_gl_capture_target_get_size (GstGLCaptureTarget * target, guint * width,
    guint * height)
{
  *width = *height = 0;
  KLASS (target)->get_size (target, width, height);
}

gboolean
gst_gl_capture_target_gl_start (GstGLCaptureTarget * target,
    GstGLContext * context, GError ** error)
{
  if (!KLASS (target)->gl_start)
    return TRUE;
  return KLASS (target)->gl_start (target, context, error);
}

GstGLCaptureResult
gst_gl_capture_target_acquire (GstGLCaptureTarget * target,
    GstGLContext * context, GstClockTime timestamp, GstGLCaptureFrame * frame,
    GError ** error)
{
  memset (frame, 0, sizeof (*frame));
  return KLASS (target)->acquire (target, context, timestamp, frame, error);
}

void
gst_gl_capture_target_release (GstGLCaptureTarget * target,
    GstGLContext * context, GstGLCaptureFrame * frame)
{
  if (KLASS (target)->release)
    KLASS (target)->release (target, context, frame);
}

void
gst_gl_capture_target_invalidate (GstGLCaptureTarget * target)
{
  if (KLASS (target)->invalidate)
    KLASS (target)->invalidate (target);
}

gboolean
gst_gl_capture_target_pictures_on_gpu (GstGLCaptureTarget * target)
{
  g_return_val_if_fail (GST_IS_GL_CAPTURE_TARGET (target), TRUE);
  if (!KLASS (target)->pictures_on_gpu)
    return TRUE;
  return KLASS (target)->pictures_on_gpu (target);
}

void
gst_gl_capture_target_gl_stop (GstGLCaptureTarget * target,
    GstGLContext * context)
{
  if (KLASS (target)->gl_stop)
    KLASS (target)->gl_stop (target, context);
}

void
gst_gl_capture_target_close (GstGLCaptureTarget * target)
{
  if (KLASS (target)->close)
    KLASS (target)->close (target);
}
