/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* One frame's path on the GL thread: acquire, crop, write, release. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "capture.h"
#include "crop.h"
#include "gldriver.h"
#include "output/passthrough.h"

#include <gst/gl/gstglfuncs.h>

typedef struct
{
  GwsCaptureGL *gl;
  GwsCaptureTarget *target;
  GError *error;
  gboolean ok;
} GLStart;

static void
stop_in_gl_thread (GstGLContext * context, GLStart * start)
{
  g_clear_pointer (&start->gl->output, gws_output_stage_free);
  if (start->target)
    gws_capture_target_gl_stop (start->target, context);
}

static void
start_in_gl_thread (GstGLContext * context, GLStart * start)
{
  GwsCaptureGL *gl = start->gl;

  gl->software_gl = gws_gl_driver_is_software (context);
  gl->persistent_mapping = gws_gl_driver_has_persistent_mapping (context);
  gl->output = gws_output_stage_new (context, &start->error);
  start->ok = gl->output && gws_capture_target_gl_start (start->target,
      context, &start->error);
  if (!start->ok)
    stop_in_gl_thread (context, start);
}

gboolean
gws_capture_gl_start (GwsCaptureGL * gl, GwsCaptureTarget * target,
    GstGLContext * context, GError ** error)
{
  GLStart start = { gl, target, NULL, FALSE };

  if (gl->context == context)
    return TRUE;
  gws_capture_gl_stop (gl, target);
  gst_gl_context_thread_add (context,
      (GstGLContextThreadFunc) start_in_gl_thread, &start);
  if (!start.ok) {
    g_propagate_error (error, start.error);
    return FALSE;
  }
  gl->context = gst_object_ref (context);
  return TRUE;
}

void
gws_capture_gl_stop (GwsCaptureGL * gl, GwsCaptureTarget * target)
{
  GLStart stop = { gl, target, NULL, FALSE };

  if (!gl->context)
    return;
  gst_gl_context_thread_add (gl->context,
      (GstGLContextThreadFunc) stop_in_gl_thread, &stop);
  gst_clear_object (&gl->context);
}

gboolean
gws_capture_fit_crop (GstElement * element, const GstVideoRectangle * crop,
    GstVideoRectangle * crop_warned, guint width, guint height,
    GstVideoRectangle * kept, GError ** error)
{
  gboolean clamped;

  if (!gws_crop_fit (crop, width, height, kept, &clamped)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "The crop starts at %d,%d, outside the %ux%u picture: nothing is "
        "left to capture\ncrop-x=%d crop-y=%d crop-width=%d crop-height=%d",
        crop->x, crop->y, width, height, crop->x, crop->y, crop->w, crop->h);
    return FALSE;
  }
  if (clamped && (kept->w != crop_warned->w || kept->h != crop_warned->h)) {
    GST_ELEMENT_WARNING (element, RESOURCE, SETTINGS,
        ("The crop %dx%d at %d,%d does not fit the %ux%u picture; capturing "
            "%dx%d", crop->w, crop->h, crop->x, crop->y, width, height,
            kept->w, kept->h),
        ("crop-width and crop-height are cut to the picture's edges"));
    *crop_warned = *kept;
  }
  return TRUE;
}

static void
capture_frame (GstGLContext * context, GwsCaptureJob * job)
{
  GstVideoRectangle kept;
  GwsFrame frame;
  GstBuffer *passed;

  job->result = gws_capture_target_acquire (job->target, context,
      job->timestamp, &frame, &job->error);
  if (job->result != GWS_CAPTURE_OK)
    return;
  if (!gws_capture_fit_crop (job->element, job->crop, job->crop_warned,
          frame.width, frame.height, &kept, &job->error)) {
    job->result = GWS_CAPTURE_ERROR;
  } else {
    gws_crop_frame (&frame, &kept);
    passed = gws_output_passthrough (job->output, &frame, job->info,
        job->buffer);
    if (passed) {
      gst_buffer_unref (job->buffer);
      job->buffer = passed;
    } else if (!gws_output_stage_write (job->output, &frame, job->buffer,
            job->info)) {
      g_set_error (&job->error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
          "Could not copy the captured picture into the output buffer\n"
          "the output buffer could not be mapped for writing, or the GL "
          "copy failed");
      job->result = GWS_CAPTURE_ERROR;
    } else if (job->finish) {
      context->gl_vtable->Finish ();
    }
  }
  gws_capture_target_release (job->target, context, &frame);
}

void
gws_capture_run (GstGLContext * context, GwsCaptureJob * job)
{
  capture_frame (context, job);
  /* With the ring, the GPU copied the previous frame while this one was
   * captured: it has landed, or soon will, before that frame is sent. */
  job->landed = gws_readback_ring_wait (job->ring, context);
}

static void
rescale_from_yuv (GwsRescaleJob * job, GstVideoFrame * last, GwsFrame * frame)
{
  GstVideoInfo rgba_info;
  GstVideoFrame rgba;
  GstVideoConverter *convert;
  GstBuffer *rgba_buffer;

  gst_video_info_set_format (&rgba_info, GST_VIDEO_FORMAT_RGBA,
      frame->width, frame->height);
  /* The converter changes formats only: the rest must be the same. */
  GST_VIDEO_INFO_FPS_N (&rgba_info) = GST_VIDEO_INFO_FPS_N (job->last_info);
  GST_VIDEO_INFO_FPS_D (&rgba_info) = GST_VIDEO_INFO_FPS_D (job->last_info);
  GST_VIDEO_INFO_PAR_N (&rgba_info) = GST_VIDEO_INFO_PAR_N (job->last_info);
  GST_VIDEO_INFO_PAR_D (&rgba_info) = GST_VIDEO_INFO_PAR_D (job->last_info);
  convert = gst_video_converter_new (job->last_info, &rgba_info, NULL);
  rgba_buffer = gst_buffer_new_allocate (NULL, rgba_info.size, NULL);
  job->ok = convert && gst_video_frame_map (&rgba, &rgba_info, rgba_buffer,
      GST_MAP_READWRITE);
  if (job->ok) {
    gst_video_converter_frame (convert, last, &rgba);
    frame->data = GST_VIDEO_FRAME_PLANE_DATA (&rgba, 0);
    frame->stride = GST_VIDEO_FRAME_PLANE_STRIDE (&rgba, 0);
    job->ok = gws_output_stage_write (job->output, frame, job->buffer,
        job->info);
    gst_video_frame_unmap (&rgba);
  }
  if (convert)
    gst_video_converter_free (convert);
  gst_buffer_unref (rgba_buffer);
}

void
gws_capture_rescale (GstGLContext * context, GwsRescaleJob * job)
{
  GstMemory *mem = gst_buffer_peek_memory (job->last, 0);
  GstVideoFrame last;
  GwsFrame frame = { 0, };

  frame.width = frame.tex_width = GST_VIDEO_INFO_WIDTH (job->last_info);
  frame.height = frame.tex_height = GST_VIDEO_INFO_HEIGHT (job->last_info);
  frame.top_down = TRUE;
  /* GL memory in I420 or NV12 is mapped below like system memory: GstGL
   * downloads its planes (here, on the GL thread), then they go back to
   * RGBA on the CPU as system-memory ones do. */
  if (gst_is_gl_memory (mem)
      && GST_VIDEO_INFO_FORMAT (job->last_info) == GST_VIDEO_FORMAT_RGBA) {
    frame.texture = gst_gl_memory_get_texture_id (GST_GL_MEMORY_CAST (mem));
    job->ok = gws_output_stage_write (job->output, &frame, job->buffer,
        job->info);
    return;
  }
  if (!gst_video_frame_map (&last, job->last_info, job->last, GST_MAP_READ)) {
    job->ok = FALSE;
    return;
  }
  switch (GST_VIDEO_INFO_FORMAT (job->last_info)) {
    case GST_VIDEO_FORMAT_RGBA:
      break;
    case GST_VIDEO_FORMAT_BGRx:
    case GST_VIDEO_FORMAT_BGRA:
      frame.bgrx = TRUE;
      break;
    default:
      /* I420, NV12: back to RGBA first (a rare path: a picture kept
       * across a resize, for a window that is gone). */
      rescale_from_yuv (job, &last, &frame);
      gst_video_frame_unmap (&last);
      return;
  }
  frame.data = GST_VIDEO_FRAME_PLANE_DATA (&last, 0);
  frame.stride = GST_VIDEO_FRAME_PLANE_STRIDE (&last, 0);
  job->ok = gws_output_stage_write (job->output, &frame, job->buffer,
      job->info);
  gst_video_frame_unmap (&last);
}
