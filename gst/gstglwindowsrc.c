/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-glwindowsrc
 * @title: glwindowsrc
 *
 * Captures what a GL program renders - another application's X11 window,
 * the whole screen, the application's own GL texture, or frames it draws
 * in the #GstGLWindowSrc::draw signal - as RGBA video whose row 0 is the
 * top of the picture, in system memory or in GL memory, whichever
 * downstream prefers. Downstream may also ask for BGRx or BGRA (an X image
 * as it is) or, for encoders, I420 or NV12 (BT.709 limited range), made in
 * the same pass that reads the picture, in system memory, or converted on
 * the GPU in GL memory (for hardware encoders that take GL NV12).
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 glwindowsrc xname="3D View" num-buffers=1 ! videoconvert ! pngenc ! filesink location=shot.png
 * ]| A screenshot of the window titled "3D View".
 * |[
 * gst-launch-1.0 glwindowsrc xid=0x3c00007 ! queue ! glimagesink
 * ]| Shows a window through GL memory, with no CPU copy.
 *
 * Applications that render themselves use `target=texture` (their own
 * texture, in a GL context shared through `gst.gl.app_context`) or
 * `target=draw` (they draw each frame in the #GstGLWindowSrc::draw signal);
 * both work headless, with no X server.
 *
 * A target that cannot be opened (no such window, no display, no texture)
 * fails the change to PAUSED with one ERROR message that names it.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstglwindowsrc.h"
#include "properties.h"
#include "context.h"
#include "capture.h"
#include "errors.h"
#include "crop.h"
#include "framegate.h"
#include "pacer.h"
#include "gldriver.h"
#include "target.h"
#include "targets/table.h"
#include "output/stage.h"
#include "output/ring.h"
#include "output/pool.h"

#include <string.h>
#include <gst/video/video.h>
#include <gst/gl/gl.h>
#include <gst/gl/gstglfuncs.h>

GST_DEBUG_CATEGORY (gws_debug);
#define GST_CAT_DEFAULT gws_debug


/* Rapid resizes (a drag) make at most one caps change per this much. */
#define RENEGOTIATE_INTERVAL (100 * G_TIME_SPAN_MILLISECOND)
#define DEFAULT_FPS_N 30
#define DEFAULT_FPS_D 1
/* The size a draw target gets when downstream does not choose one. */
#define DEFAULT_DRAW_WIDTH 1280
#define DEFAULT_DRAW_HEIGHT 720


/* RGBA in system memory comes first: a consumer that states no preference
 * (appsink, fakesink) gets arrays it can read. Square pixels, sRGB: what GL
 * renders and X windows show. Then what downstream may ask for by name:
 * BGRx and BGRA (an X image sent as it is), I420 and NV12 for encoders
 * (made in the same pass, BT.709 limited range). GL memory is RGBA first,
 * then I420 and NV12 converted on the GPU (output/glyuv.c) for encoders
 * that take GL memory: after RGBA, so that GL consumers with no preference
 * still get RGBA. */
#define SRC_CAPS_FIELDS \
    ", framerate = (fraction) [ 1/1, MAX ], " \
    "pixel-aspect-ratio = (fraction) 1/1"
#define SRC_CAPS_SRGB SRC_CAPS_FIELDS ", colorimetry = (string) sRGB"
#define SRC_CAPS \
    GST_VIDEO_CAPS_MAKE ("RGBA") SRC_CAPS_SRGB "; " \
    GST_VIDEO_CAPS_MAKE_WITH_FEATURES (GST_CAPS_FEATURE_MEMORY_GL_MEMORY, \
        "RGBA") SRC_CAPS_SRGB ", texture-target = (string) 2D; " \
    GST_VIDEO_CAPS_MAKE_WITH_FEATURES (GST_CAPS_FEATURE_MEMORY_GL_MEMORY, \
        "{ NV12, I420 }") SRC_CAPS_FIELDS ", colorimetry = (string) bt709, " \
        "texture-target = (string) 2D; " \
    GST_VIDEO_CAPS_MAKE ("{ BGRx, BGRA }") SRC_CAPS_SRGB "; " \
    GST_VIDEO_CAPS_MAKE ("{ I420, NV12 }") SRC_CAPS_FIELDS \
        ", colorimetry = (string) bt709"

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (SRC_CAPS));

/* Locks, in the order they may be taken: the GL share's lock (context.c),
 * then the object lock, a leaf: nothing else is taken under it, and no
 * object is made and no signal looked up while it is held. The frame gate
 * has a mutex of its own, also a leaf.
 * Properties are read and written under the object lock, and so are the
 * target and context pointers that other threads (frame-ready, get_caps)
 * borrow and the flushing flag that unlock() sets. */
struct _GstGLWindowSrc
{
  GstPushSrc parent;

  /* properties */
  gint target_value;
  /* Every target's properties, by name (GwsTargetInfo.create reads it). */
  GstStructure *target_settings;
  gboolean is_live;
  GstGLWindowSrcResizeMode resize_mode;
  GstGLWindowSrcOnClose on_close;
  gboolean skip_unchanged;
  GstVideoRectangle crop;
  GstGLWindowSrcReadback readback;

  /* The properties the streaming and GL threads use, copied under the
   * lock when the target opens (on-close and skip-unchanged, which may
   * change while playing, again for every frame). */
  struct
  {
    GstVideoRectangle crop;
    GstGLWindowSrcResizeMode resize_mode;
    GstGLWindowSrcOnClose on_close;
    gboolean skip_unchanged;
    GstGLWindowSrcReadback readback;
  } run;

  /* From READY->PAUSED (open_target()) to PAUSED->READY. */
  GwsCaptureTarget *target;
  GstGLContext *context;

  /* streaming state */
  GstVideoInfo out_info;
  gboolean gl_output;
  GstClockTime frame_duration;
  guint64 n_frames;
  /* The last frame sent, repeated when nothing changed or the window is
   * gone; only while it matches the caps. */
  GstBuffer *last_buffer;
  /* Its format, which after a renegotiation is not the caps'. */
  GstVideoInfo last_info;
  /* resize-mode=scale: the size first negotiated, kept for good. */
  guint kept_width, kept_height;
  gint64 last_renegotiation;
  /* The clamped crop size last warned about. */
  GstVideoRectangle crop_warned_size;

  GwsGLShare *share;
  /* The output stage and the target's GL resources, made in allocation. */
  GwsCaptureGL gl;

  GwsReadbackRing *ring;
  gboolean use_ring;
  /* Set by unlock() (a flush, a pause), under the object lock: the frame
   * in flight is from before it and must not be sent after it. */
  gboolean drop_in_flight;

  gboolean flushing;
  /* Live: frame times on the clock. */
  GwsPacer *pacer;

  /* Offline capture paced by frame-ready. */
  GwsFrameGate *gate;
};

#define gst_gl_window_src_parent_class parent_class
G_DEFINE_TYPE (GstGLWindowSrc, gst_gl_window_src, GST_TYPE_PUSH_SRC);
GST_ELEMENT_REGISTER_DEFINE (glwindowsrc, "glwindowsrc", GST_RANK_NONE,
    GST_TYPE_GL_WINDOW_SRC);

/* ------------------------------------------------------------------------ */
/* opening and closing the target                                            */

/* The size of the pictures the target makes now, after cropping; 0x0 for
 * targets that take their size from the caps. */
static void
get_picture_size (GstGLWindowSrc * self, GwsCaptureTarget * target,
    guint * width, guint * height)
{
  gws_capture_target_get_size (target, width, height);
  gws_crop_size (&self->run.crop, width, height);
}

static gboolean
check_crop (GstGLWindowSrc * self, GwsCaptureTarget * target, GError ** error)
{
  GstVideoRectangle kept;
  guint width, height;

  gws_capture_target_get_size (target, &width, &height);
  if (!width || !height)
    return TRUE;
  return gws_capture_fit_crop (GST_ELEMENT (self), &self->run.crop,
      &self->crop_warned_size, width, height, &kept, error);
}

/* Finds, makes and opens the target the properties name, and the GL
 * context, before GstBaseSrc starts: a target that cannot be opened then
 * fails the state change with one ERROR message, ours, as in ximagesrc and
 * d3d11screencapturesrc (a failing start() would add GstBaseSrc's "Failed
 * to start" after it). */
static gboolean
open_target (GstGLWindowSrc * self)
{
  const GwsTargetInfo *info;
  GwsCaptureTarget *target = NULL;
  GstGLContext *context = NULL;
  GstStructure *settings;
  GError *error = NULL;
  gint target_value;
  gboolean in_app_group;

  GST_OBJECT_LOCK (self);
  settings = gst_structure_copy (self->target_settings);
  target_value = self->target_value;
  self->run.crop = self->crop;
  self->run.resize_mode = self->resize_mode;
  self->run.on_close = self->on_close;
  self->run.skip_unchanged = self->skip_unchanged;
  self->run.readback = self->readback;
  GST_OBJECT_UNLOCK (self);
  memset (&self->crop_warned_size, 0, sizeof (self->crop_warned_size));

  info = gws_target_table_pick (target_value, settings);
  if (!info) {
    g_set_error (&error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Nothing to capture: set target (window and screen capture are not "
        "in this build)\nglwindowsrc was built without X11");
    goto failed;
  }
  target = info->create (settings, GST_ELEMENT (self), &error);
  if (!target)
    goto failed;

  /* An application's texture can only be looked at (and measured, for the
   * caps) through a GL context shared with it, so that comes first there.
   * Other targets open first: a missing window or display is then named as
   * such, not hidden behind a GL error about the same display. */
  in_app_group = gws_capture_target_reads_application_objects (target);
  if (in_app_group) {
    context = gws_gl_share_ensure (self->share, GST_ELEMENT (self), TRUE,
        &error);
    if (!context || !gws_capture_target_open (target, context, &error))
      goto failed;
  } else {
    if (!gws_capture_target_open (target, NULL, &error))
      goto failed;
    context = gws_gl_share_ensure (self->share, GST_ELEMENT (self), FALSE,
        &error);
    if (!context)
      goto failed;
  }
  if (!check_crop (self, target, &error))
    goto failed;

  gst_structure_free (settings);
  GST_OBJECT_LOCK (self);
  self->target = target;
  self->context = context;
  GST_OBJECT_UNLOCK (self);
  return TRUE;

  /* ERRORS */
failed:
  {
    gchar *where = g_strdup_printf ("opening target=%s",
        info ? info->nick : "auto");

    gws_post_error (self, error, where);
    g_free (where);
    g_clear_error (&error);
    if (target) {
      gws_capture_target_close (target);
      gst_object_unref (target);
    }
    gst_clear_object (&context);
    gst_structure_free (settings);
    return FALSE;
  }
}

static void
close_target (GstGLWindowSrc * self)
{
  GwsCaptureTarget *target;
  GstGLContext *context;

  /* Its memory goes back to the GL thread, which must still run. */
  gws_readback_ring_drop (self->ring);
  gst_clear_buffer (&self->last_buffer);
  gws_capture_gl_stop (&self->gl, self->target);
  GST_OBJECT_LOCK (self);
  target = g_steal_pointer (&self->target);
  context = g_steal_pointer (&self->context);
  GST_OBJECT_UNLOCK (self);
  /* A frame-ready that came after the flush was over (GstBaseSrc clears it
   * again before stop()) waits for a frame no one will send. */
  gws_frame_gate_end (self->gate);
  if (target) {
    gws_capture_target_close (target);
    gst_object_unref (target);
  }
  gst_clear_object (&context);
  gws_gl_share_drop_context (self->share);
}

static GstStateChangeReturn
gst_gl_window_src_change_state (GstElement * element,
    GstStateChange transition)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (element);
  GstStateChangeReturn ret;
  gboolean is_live;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    GST_OBJECT_LOCK (self);
    is_live = self->is_live;
    GST_OBJECT_UNLOCK (self);
    gst_base_src_set_live (GST_BASE_SRC (self), is_live);
    if (!open_target (self))
      return GST_STATE_CHANGE_FAILURE;
  } else if (transition == GST_STATE_CHANGE_PAUSED_TO_PLAYING) {
    /* Nothing was captured while paused: the first frame after a resume
     * is due now, not one frame after the last one before the pause. */
    gws_pacer_restart (self->pacer);
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY
      || (transition == GST_STATE_CHANGE_READY_TO_PAUSED
          && ret == GST_STATE_CHANGE_FAILURE))
    close_target (self);
  return ret;
}

static gboolean
gst_gl_window_src_start (GstBaseSrc * bsrc)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);

  gws_pacer_start (self->pacer);
  self->n_frames = 0;
  self->last_renegotiation = 0;
  GST_OBJECT_LOCK (self);
  self->kept_width = self->kept_height = 0;
  self->use_ring = FALSE;
  GST_OBJECT_UNLOCK (self);
  gws_frame_gate_reset (self->gate);
  return TRUE;
}

static gboolean
gst_gl_window_src_stop (GstBaseSrc * bsrc)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);

  gws_readback_ring_drop (self->ring);
  gst_clear_buffer (&self->last_buffer);
  gws_frame_gate_end (self->gate);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* negotiation                                                               */

static GstCaps *
gst_gl_window_src_get_caps (GstBaseSrc * bsrc, GstCaps * filter)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);
  GstCaps *caps = gst_pad_get_pad_template_caps (GST_BASE_SRC_PAD (bsrc));
  GwsCaptureTarget *target = NULL;
  guint width = 0, height = 0;

  /* Any thread may ask, stop() included: hold the target while using it. */
  GST_OBJECT_LOCK (self);
  if (self->target) {
    target = gst_object_ref (self->target);
    if (self->run.resize_mode == GST_GL_WINDOW_SRC_RESIZE_SCALE) {
      width = self->kept_width;
      height = self->kept_height;
    }
  }
  GST_OBJECT_UNLOCK (self);

  if (target) {
    if (!width || !height)
      get_picture_size (self, target, &width, &height);
    gst_object_unref (target);
  }
  if (width && height) {
    caps = gst_caps_make_writable (caps);
    gst_caps_set_simple (caps, "width", G_TYPE_INT, (gint) width,
        "height", G_TYPE_INT, (gint) height, NULL);
  }

  if (filter) {
    GstCaps *tmp = gst_caps_intersect_full (filter, caps,
        GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (caps);
    caps = tmp;
  }
  return caps;
}

/* Downstream's order of preference decides between GL and system memory:
 * glimagesink and GL filters list GLMemory first, videoconvert and encoders
 * only know system memory. GstBaseSrc's default would let our own order
 * win instead. */
static gboolean
gst_gl_window_src_negotiate (GstBaseSrc * bsrc)
{
  GstPad *pad = GST_BASE_SRC_PAD (bsrc);
  GstCaps *ours, *peer, *caps;
  gboolean ret;

  ours = gst_pad_query_caps (pad, NULL);
  peer = gst_pad_peer_query_caps (pad, NULL);
  if (!peer || gst_caps_is_any (peer))
    caps = gst_caps_ref (ours);
  else
    caps = gst_caps_intersect_full (peer, ours, GST_CAPS_INTERSECT_FIRST);
  gst_clear_caps (&peer);

  if (gst_caps_is_empty (caps)) {
    gchar *offered = gst_caps_to_string (ours);

    GST_ELEMENT_ERROR (bsrc, STREAM, FORMAT,
        ("Downstream accepts none of RGBA, BGRx, BGRA, I420, NV12 in system "
            "memory or RGBA, NV12, I420 in GL memory at the captured size"),
        ("glwindowsrc offers %s; the peer's caps do not intersect",
            offered));
    g_free (offered);
    gst_caps_unref (ours);
    gst_caps_unref (caps);
    return FALSE;
  }
  gst_caps_unref (ours);
  caps = GST_BASE_SRC_GET_CLASS (bsrc)->fixate (bsrc, caps);
  GST_DEBUG_OBJECT (bsrc, "negotiated %" GST_PTR_FORMAT, caps);
  ret = gst_base_src_set_caps (bsrc, caps);
  gst_caps_unref (caps);
  return ret;
}

static GstCaps *
gst_gl_window_src_fixate (GstBaseSrc * bsrc, GstCaps * caps)
{
  GstStructure *s;

  caps = gst_caps_truncate (gst_caps_make_writable (caps));
  s = gst_caps_get_structure (caps, 0);
  gst_structure_fixate_field_nearest_int (s, "width", DEFAULT_DRAW_WIDTH);
  gst_structure_fixate_field_nearest_int (s, "height", DEFAULT_DRAW_HEIGHT);
  gst_structure_fixate_field_nearest_fraction (s, "framerate", DEFAULT_FPS_N,
      DEFAULT_FPS_D);
  return GST_BASE_SRC_CLASS (parent_class)->fixate (bsrc, caps);
}

/* A GLMemory frame is one texture: past the driver's limit it cannot be
 * made, and GL would leave every frame black without saying so. */
static gboolean
fits_gl_textures (GstGLWindowSrc * self)
{
  gint width = GST_VIDEO_INFO_WIDTH (&self->out_info);
  gint height = GST_VIDEO_INFO_HEIGHT (&self->out_info);
  gint max = self->context ? gws_gl_max_texture_size (self->context) : 0;

  if (max <= 0 || (width <= max && height <= max))
    return TRUE;
  GST_ELEMENT_ERROR (self, STREAM, FORMAT,
      ("Frames of %dx%d cannot be GL textures here: GL_MAX_TEXTURE_SIZE is "
          "%d", width, height, max),
      ("GLMemory output is one texture per frame, at most %dx%d; system "
          "memory output, a crop or a smaller kept size (resize-mode=scale) "
          "avoid it", max, max));
  return FALSE;
}

static gboolean
gst_gl_window_src_set_caps (GstBaseSrc * bsrc, GstCaps * caps)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);
  GstCapsFeatures *features = gst_caps_get_features (caps, 0);

  if (!gst_video_info_from_caps (&self->out_info, caps)) {
    GstStructure *s = gst_caps_get_structure (caps, 0);
    gint width = 0, height = 0;

    gst_structure_get_int (s, "width", &width);
    gst_structure_get_int (s, "height", &height);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Frames of %dx%d are too large to make", width, height),
        ("one RGBA frame would need %" G_GUINT64_FORMAT " bytes; "
            "GstVideoInfo takes at most %d", (guint64) width * height * 4,
            G_MAXINT));
    return FALSE;
  }
  self->gl_output = features && gst_caps_features_contains (features,
      GST_CAPS_FEATURE_MEMORY_GL_MEMORY);
  if (self->gl_output && !fits_gl_textures (self))
    return FALSE;
  self->frame_duration = gst_util_uint64_scale_int (GST_SECOND,
      GST_VIDEO_INFO_FPS_D (&self->out_info),
      GST_VIDEO_INFO_FPS_N (&self->out_info));
  if (self->target)
    gws_capture_target_configure (self->target, &self->out_info);
  GST_OBJECT_LOCK (self);
  if (!self->kept_width) {
    self->kept_width = GST_VIDEO_INFO_WIDTH (&self->out_info);
    self->kept_height = GST_VIDEO_INFO_HEIGHT (&self->out_info);
  }
  GST_OBJECT_UNLOCK (self);
  /* The last frame stays: a window closed right after a resize (on-close=
   * wait) still has a picture to repeat, scaled to the new caps. */
  GST_INFO_OBJECT (self, "output %dx%d %s in %s memory",
      GST_VIDEO_INFO_WIDTH (&self->out_info),
      GST_VIDEO_INFO_HEIGHT (&self->out_info),
      GST_VIDEO_INFO_NAME (&self->out_info),
      self->gl_output ? "GL" : "system");
  return TRUE;
}

static void
gst_gl_window_src_set_context (GstElement * element, GstContext * context)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (element);

  gws_gl_share_set_context (self->share, element, context);
  GST_ELEMENT_CLASS (parent_class)->set_context (element, context);
}

static gboolean
gst_gl_window_src_query (GstBaseSrc * bsrc, GstQuery * query)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_CONTEXT:
      if (gws_gl_share_handle_query (self->share, GST_ELEMENT (self), query))
        return TRUE;
      break;
    case GST_QUERY_LATENCY:
      if (gst_base_src_is_live (bsrc)
          && GST_CLOCK_TIME_IS_VALID (self->frame_duration)
          && self->frame_duration > 0) {
        /* A frame is stamped when captured and pushed right after, so the
         * latency is the wait for the next capture: one frame. The ring
         * holds each frame back for one capture more. */
        GstClockTime latency = self->frame_duration * (self->use_ring ? 2 : 1);

        gst_query_set_latency (query, TRUE, latency, latency);
        return TRUE;
      }
      break;
    default:
      break;
  }
  return GST_BASE_SRC_CLASS (parent_class)->query (bsrc, query);
}

/* Navigation from downstream (a viewer's pointer and keys) goes to the
 * target with the pointer in the picture's own pixels: the scaling of
 * resize-mode=scale (centred, aspect kept) and the crop undone. */
static gboolean
gst_gl_window_src_event (GstBaseSrc * bsrc, GstEvent * event)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);
  GwsCaptureTarget *target = NULL;
  GstStructure *s;
  gdouble x, y;
  guint pw = 0, ph = 0;

  if (GST_EVENT_TYPE (event) != GST_EVENT_NAVIGATION)
    return GST_BASE_SRC_CLASS (parent_class)->event (bsrc, event);
  GST_OBJECT_LOCK (self);
  if (self->target)
    target = gst_object_ref (self->target);
  GST_OBJECT_UNLOCK (self);
  if (!target)
    return FALSE;
  s = gst_structure_copy (gst_event_get_structure (event));
  if (gst_structure_get_double (s, "pointer_x", &x)
      && gst_structure_get_double (s, "pointer_y", &y)) {
    get_picture_size (self, target, &pw, &ph);
    gws_crop_point_to_picture (&self->run.crop, pw, ph,
        GST_VIDEO_INFO_WIDTH (&self->out_info),
        GST_VIDEO_INFO_HEIGHT (&self->out_info), &x, &y);
    gst_structure_set (s, "pointer_x", G_TYPE_DOUBLE, x, "pointer_y",
        G_TYPE_DOUBLE, y, NULL);
  }
  gws_capture_target_navigate (target, s);
  gst_structure_free (s);
  gst_object_unref (target);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* allocation                                                                */

/* Offline capture of a target the application paces (frame-ready): one
 * buffer per call. */
static gboolean
is_paced_by_application (GstGLWindowSrc * self)
{
  return gws_capture_target_takes_frame_ready (self->target)
      && !gst_base_src_is_live (GST_BASE_SRC (self));
}

/* Whether system-memory frames are read through the pack-buffer ring; the
 * ring sends each frame one capture late, which live is one more frame of
 * latency, for the pipeline to know. */
static void
choose_readback (GstGLWindowSrc * self)
{
  GwsReadbackChoice choice = {
    .asked = self->run.readback == GST_GL_WINDOW_SRC_READBACK_PBO_RING,
    .refused = self->run.readback == GST_GL_WINDOW_SRC_READBACK_DIRECT,
    .gl_output = self->gl_output,
    .paced_by_application = is_paced_by_application (self),
    .persistent_mapping = self->gl.persistent_mapping,
    .software_gl = self->gl.software_gl,
    .pictures_on_gpu = gws_capture_target_pictures_on_gpu (self->target),
    .live = gst_base_src_is_live (GST_BASE_SRC (self)),
  };
  GwsReadbackDecision decision = gws_readback_decide (&choice);
  gboolean use_ring = decision == GWS_READBACK_RING;

  if (decision == GWS_READBACK_DIRECT_UNSUPPORTED)
    GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
        ("readback=pbo-ring is not possible with this GL driver; reading "
            "directly"), ("it needs buffers that stay mapped (OpenGL 4.4, "
            "GL_ARB_buffer_storage or GL_EXT_buffer_storage)"));
  else if (choice.asked && !use_ring && choice.paced_by_application)
    GST_INFO_OBJECT (self, "readback=pbo-ring: offline texture capture "
        "reads directly, each frame-ready waits for its own frame");
  GST_INFO_OBJECT (self, "readback: %s", use_ring ? "pbo-ring" : "direct");

  /* A frame in flight was made for the previous caps. */
  gws_readback_ring_drop (self->ring);
  if (use_ring == self->use_ring)
    return;
  self->use_ring = use_ring;
  if (gst_base_src_is_live (GST_BASE_SRC (self)))
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_latency (GST_OBJECT (self)));
}

static gboolean
gst_gl_window_src_decide_allocation (GstBaseSrc * bsrc, GstQuery * query)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);
  GError *error = NULL;

  if (!gws_capture_gl_start (&self->gl, self->target, self->context,
          &error)) {
    gws_post_error (self, error, "starting GL for the capture target");
    g_clear_error (&error);
    return FALSE;
  }
  choose_readback (self);
  if (!gws_output_pool_decide (query, self->context, &self->out_info,
          self->gl_output, self->use_ring, &error)) {
    gws_post_error (self, error, "deciding the allocation");
    g_clear_error (&error);
    return FALSE;
  }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* the streaming loop                                                        */

/* Counts what leaves the pad, so that frame-ready can return only once its
 * frame is on its way: an EOS sent right after it then comes after the
 * frame instead of discarding it in GstBaseSrc. */
static GstPadProbeReturn
count_sent (GstPad * pad, GstPadProbeInfo * info, GstGLWindowSrc * self)
{
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    gws_frame_gate_note_sent (self->gate, TRUE);
  else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS)
    gws_frame_gate_note_sent (self->gate, FALSE);
  return GST_PAD_PROBE_OK;
}

/* A target the program paces (swap): its next frame, stamped with the
 * program's own times (the differences between PTS are those between its
 * swaps): live, the first frame gets the running time at which it was
 * presented (0 if that was before PLAYING), offline 0. A new size is
 * renegotiated before the frame is written. */
static GstFlowReturn
wait_program_frame (GstGLWindowSrc * self, GstClockTime * timestamp)
{
  GstClockTime presented;
  GstFlowReturn ret;
  guint width, height;

  ret = gws_capture_target_wait_frame (self->target, &presented);
  if (ret == GST_FLOW_OK)
    *timestamp = gws_pacer_presented_to_running (self->pacer,
        GST_ELEMENT (self), presented);
  if (ret != GST_FLOW_OK
      || self->run.resize_mode != GST_GL_WINDOW_SRC_RESIZE_RENEGOTIATE)
    return ret;
  get_picture_size (self, self->target, &width, &height);
  if (width && height
      && (width != (guint) GST_VIDEO_INFO_WIDTH (&self->out_info)
          || height != (guint) GST_VIDEO_INFO_HEIGHT (&self->out_info))) {
    GST_INFO_OBJECT (self, "the program's frames are now %ux%u: "
        "renegotiating", width, height);
    if (!gst_base_src_negotiate (GST_BASE_SRC (self)))
      return GST_FLOW_NOT_NEGOTIATED;
  }
  return GST_FLOW_OK;
}

static GstFlowReturn
next_frame_time (GstGLWindowSrc * self, GstClockTime * timestamp)
{
  if (gws_capture_target_paced_by_program (self->target)) {
    GstFlowReturn ret = wait_program_frame (self, timestamp);

    /* EOS: the program is gone; on-close decides, at our own pace. */
    if (ret != GST_FLOW_EOS)
      return ret;
  }
  if (gst_base_src_is_live (GST_BASE_SRC (self)))
    return gws_pacer_wait (self->pacer, GST_ELEMENT (self),
        self->frame_duration, self->n_frames, timestamp);

  /* Offline: as fast as downstream takes frames, stamped n / framerate. */
  if (is_paced_by_application (self) && !gws_frame_gate_take (self->gate))
    return GST_FLOW_FLUSHING;
  *timestamp = gst_util_uint64_scale_int (self->n_frames * GST_SECOND,
      GST_VIDEO_INFO_FPS_D (&self->out_info),
      GST_VIDEO_INFO_FPS_N (&self->out_info));
  return GST_FLOW_OK;
}

/* A picture whose size no longer matches the caps (the window was
 * resized) is scaled into the frames sent meanwhile; with
 * resize-mode=renegotiate the next frames get caps of the new size, no more
 * often than every 100 ms so a drag does not renegotiate on every frame.
 * Checked on every frame, changed or not, so that the last size of a drag
 * is caught up with even when the window then stays still. */
static void
follow_resize (GstGLWindowSrc * self)
{
  guint width, height;
  gint64 now;

  get_picture_size (self, self->target, &width, &height);
  if (!width || !height
      || self->run.resize_mode != GST_GL_WINDOW_SRC_RESIZE_RENEGOTIATE
      || (width == (guint) GST_VIDEO_INFO_WIDTH (&self->out_info)
          && height == (guint) GST_VIDEO_INFO_HEIGHT (&self->out_info)))
    return;
  now = g_get_monotonic_time ();
  if (now - self->last_renegotiation < RENEGOTIATE_INTERVAL)
    return;
  self->last_renegotiation = now;
  GST_INFO_OBJECT (self, "picture is now %ux%u: renegotiating", width, height);
  gst_pad_mark_reconfigure (GST_BASE_SRC_PAD (self));
}

/* The previous frame again: sharing its memory, or, when the caps have
 * changed since (a resize, then the window closed), drawn again at the new
 * size, which then becomes the frame to repeat. */
static GstBuffer *
repeat_last_frame (GstGLWindowSrc * self)
{
  GwsRescaleJob job = { 0, };
  GstBuffer *buffer = NULL;

  if (!self->last_buffer)
    return NULL;
  if (gst_video_info_is_equal (&self->last_info, &self->out_info)
      && gst_is_gl_memory (gst_buffer_peek_memory (self->last_buffer, 0))
      == self->gl_output)
    return gst_buffer_copy (self->last_buffer);
  if (GST_BASE_SRC_CLASS (parent_class)->alloc (GST_BASE_SRC (self), -1,
          GST_VIDEO_INFO_SIZE (&self->out_info), &buffer) != GST_FLOW_OK)
    return NULL;
  job.output = self->gl.output;
  job.last = self->last_buffer;
  job.last_info = &self->last_info;
  job.buffer = buffer;
  job.info = &self->out_info;
  gst_gl_context_thread_add (self->context,
      (GstGLContextThreadFunc) gws_capture_rescale, &job);
  if (!job.ok) {
    GST_WARNING_OBJECT (self, "could not draw the last frame at %dx%d",
        GST_VIDEO_INFO_WIDTH (&self->out_info),
        GST_VIDEO_INFO_HEIGHT (&self->out_info));
    gst_buffer_unref (buffer);
    return NULL;
  }
  gst_buffer_replace (&self->last_buffer, buffer);
  self->last_info = self->out_info;
  return buffer;
}

static void
stamp_buffer (GstGLWindowSrc * self, GstBuffer * buffer,
    GstClockTime timestamp)
{
  GST_BUFFER_PTS (buffer) = timestamp;
  GST_BUFFER_DTS (buffer) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (buffer) = self->frame_duration;
  GST_BUFFER_OFFSET (buffer) = self->n_frames;
  GST_BUFFER_OFFSET_END (buffer) = self->n_frames + 1;
  self->n_frames++;
}

/* What a closed target means, per on-close: a buffer to send, or the
 * flow return that ends the stream. @lost: set when the target says why
 * it can never come back (its X server died); waiting is then no use, and
 * the message says what went. */
static GstFlowReturn
handle_gone (GstGLWindowSrc * self, GstBuffer ** buffer, const GError * lost)
{
  GstGLWindowSrcOnClose on_close = self->run.on_close;

  if (lost && on_close == GST_GL_WINDOW_SRC_ON_CLOSE_WAIT)
    on_close = GST_GL_WINDOW_SRC_ON_CLOSE_ERROR;
  switch (on_close) {
    case GST_GL_WINDOW_SRC_ON_CLOSE_WAIT:
      *buffer = repeat_last_frame (self);
      return GST_FLOW_OK;
    case GST_GL_WINDOW_SRC_ON_CLOSE_ERROR:
      gws_readback_ring_drop (self->ring);
      if (lost)
        gws_post_error (self, lost, "capturing a frame");
      else
        GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
            ("The captured window was closed"),
            ("on-close=error: the window was destroyed or unmapped for good"));
      return GST_FLOW_ERROR;
    case GST_GL_WINDOW_SRC_ON_CLOSE_EOS:
    default:
      /* The last picture before the window went still belongs in the
       * recording; the end comes at the next look. */
      *buffer = gws_readback_ring_take (self->ring);
      if (*buffer)
        return GST_FLOW_CUSTOM_SUCCESS;
      if (lost) {
        gchar **texts = g_strsplit (lost->message, "\n", 2);

        GST_ELEMENT_WARNING (self, RESOURCE, READ,
            ("%s; ending the stream", texts[0]),
            ("on-close=eos: %s", texts[1] ? texts[1] : ""));
        g_strfreev (texts);
      } else {
        GST_ELEMENT_WARNING (self, RESOURCE, NOT_FOUND,
            ("The captured window was closed; ending the stream"),
            ("on-close=eos"));
      }
      return GST_FLOW_EOS;
  }
}

static GstFlowReturn
create_frame (GstGLWindowSrc * self, GstBuffer ** outbuf)
{
  GstBaseSrc *bsrc = GST_BASE_SRC (self);
  GstClockTime timestamp;
  GstBuffer *buffer = NULL;
  GwsCaptureJob job;
  GstFlowReturn ret;

  for (;;) {
    gboolean drop;

    GST_OBJECT_LOCK (self);
    ret = self->flushing ? GST_FLOW_FLUSHING : GST_FLOW_OK;
    drop = self->drop_in_flight;
    self->drop_in_flight = FALSE;
    /* The two that may change while playing: read for every frame. */
    self->run.on_close = self->on_close;
    self->run.skip_unchanged = self->skip_unchanged;
    GST_OBJECT_UNLOCK (self);
    if (drop)
      gws_readback_ring_drop (self->ring);
    if (ret == GST_FLOW_OK)
      ret = next_frame_time (self, &timestamp);
    if (ret != GST_FLOW_OK)
      return ret;
    ret = GST_BASE_SRC_CLASS (parent_class)->alloc (bsrc, -1,
        GST_VIDEO_INFO_SIZE (&self->out_info), &buffer);
    if (ret != GST_FLOW_OK)
      return ret;

    /* Nothing to repeat at this size (the first frame, new caps): the
     * target must deliver a picture even if nothing changed. */
    if (!self->last_buffer
        || !gst_video_info_is_equal (&self->last_info, &self->out_info))
      gws_capture_target_invalidate (self->target);
    memset (&job, 0, sizeof (job));
    job.element = GST_ELEMENT (self);
    job.target = self->target;
    job.output = self->gl.output;
    job.ring = self->ring;
    job.info = &self->out_info;
    job.crop = &self->run.crop;
    job.crop_warned = &self->crop_warned_size;
    job.buffer = buffer;
    job.timestamp = timestamp;
    /* frame-ready returns once this frame is sent, and the application
     * then draws the next one into the same texture from its own context:
     * the GPU copy out of it must be done by then, not merely queued. */
    job.finish = self->gl_output && is_paced_by_application (self);
    gst_gl_context_thread_add (self->context,
        (GstGLContextThreadFunc) gws_capture_run, &job);
    buffer = job.buffer;
    if (!job.landed) {
      gst_buffer_unref (buffer);
      goto readback_failed;
    }

    switch (job.result) {
      case GWS_CAPTURE_OK:
        GST_BUFFER_PTS (buffer) = timestamp;
        gws_capture_target_decorate (self->target, buffer);
        gst_buffer_replace (&self->last_buffer, buffer);
        self->last_info = self->out_info;
        break;
      case GWS_CAPTURE_UNCHANGED:
        gst_buffer_unref (buffer);
        buffer = self->run.skip_unchanged ? NULL : repeat_last_frame (self);
        break;
      case GWS_CAPTURE_GONE:
        gst_buffer_unref (buffer);
        buffer = NULL;
        ret = handle_gone (self, &buffer, job.error);
        g_clear_error (&job.error);
        if (ret == GST_FLOW_CUSTOM_SUCCESS) {
          *outbuf = buffer;
          return GST_FLOW_OK;
        }
        if (ret != GST_FLOW_OK)
          return ret;
        break;
      case GWS_CAPTURE_ERROR:
      default:
        gst_buffer_unref (buffer);
        goto capture_failed;
    }
    follow_resize (self);
    if (buffer) {
      stamp_buffer (self, buffer, timestamp);
      if (!self->use_ring)
        break;
      /* Keep this one in flight and send the one before, which has
       * landed. The very first capture has none before it: the next
       * capture is due before anything is sent. */
      buffer = gws_readback_ring_exchange (self->ring, buffer);
      if (buffer)
        break;
      continue;
    }
    /* Nothing new (skip-unchanged): the frame in flight has landed and
     * goes now, not whenever the window next changes. */
    buffer = gws_readback_ring_take (self->ring);
    if (buffer)
      break;
    /* Nothing to send this time. Offline there is no clock to wait on
     * before the next look. */
    if (!gst_base_src_is_live (bsrc))
      g_usleep (G_USEC_PER_SEC / 1000);
  }

  *outbuf = buffer;
  return GST_FLOW_OK;

  /* ERRORS */
capture_failed:
  {
    gws_readback_ring_drop (self->ring);
    if (job.error) {
      gws_post_error (self, job.error, "capturing a frame");
      g_clear_error (&job.error);
    } else {
      GST_ELEMENT_ERROR (self, RESOURCE, READ, ("Capture failed"),
          ("the capture target failed without saying why"));
    }
    return GST_FLOW_ERROR;
  }
readback_failed:
  {
    gws_readback_ring_drop (self->ring);
    g_clear_error (&job.error);
    GST_ELEMENT_ERROR (self, RESOURCE, READ,
        ("The GPU did not finish copying a frame to system memory"),
        ("the fence of the pack buffer in flight was not signalled in time "
            "(a lost or hung GPU)"));
    return GST_FLOW_ERROR;
  }
}

static GstFlowReturn
gst_gl_window_src_create (GstPushSrc * psrc, GstBuffer ** outbuf)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (psrc);
  GstFlowReturn ret = create_frame (self, outbuf);

  /* An error or the end: nothing more will be sent, so no frame-ready may
   * wait for it. */
  if (ret != GST_FLOW_OK && ret != GST_FLOW_FLUSHING)
    gws_frame_gate_end (self->gate);
  return ret;
}

/* A target the program paces waits in wait_frame(): a flush wakes it. */
static void
set_target_flushing (GstGLWindowSrc * self, gboolean flushing)
{
  GwsCaptureTarget *target = NULL;

  GST_OBJECT_LOCK (self);
  if (self->target)
    target = gst_object_ref (self->target);
  GST_OBJECT_UNLOCK (self);
  if (target) {
    gws_capture_target_set_flushing (target, flushing);
    gst_object_unref (target);
  }
}

static gboolean
gst_gl_window_src_unlock (GstBaseSrc * bsrc)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);

  GST_OBJECT_LOCK (self);
  self->flushing = TRUE;
  self->drop_in_flight = TRUE;
  GST_OBJECT_UNLOCK (self);
  gws_pacer_set_flushing (self->pacer, TRUE);
  gws_frame_gate_set_flushing (self->gate, TRUE);
  set_target_flushing (self, TRUE);
  return TRUE;
}

static gboolean
gst_gl_window_src_unlock_stop (GstBaseSrc * bsrc)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);

  GST_OBJECT_LOCK (self);
  self->flushing = FALSE;
  GST_OBJECT_UNLOCK (self);
  gws_pacer_set_flushing (self->pacer, FALSE);
  /* A flush restarts running time: a frame time from before it would make
   * the next capture wait as long as the stream had run. */
  gws_pacer_restart (self->pacer);
  gws_frame_gate_set_flushing (self->gate, FALSE);
  set_target_flushing (self, FALSE);
  return TRUE;
}

/* The application's thread, with its context current: it finished a frame
 * in its texture. Offline, this returns once the frame has been copied and
 * sent, so the application may draw the next one into the same texture
 * (or send EOS); also when the stream has ended or stopped. */
static void
gst_gl_window_src_frame_ready (GstGLWindowSrc * self)
{
  GwsCaptureTarget *target = NULL;
  GstGLContext *context = NULL;

  GST_OBJECT_LOCK (self);
  if (self->target && self->context) {
    target = gst_object_ref (self->target);
    context = gst_object_ref (self->context);
  }
  GST_OBJECT_UNLOCK (self);
  if (!target || !gws_capture_target_takes_frame_ready (target)) {
    GST_DEBUG_OBJECT (self, "frame-ready ignored: not capturing a texture");
    gst_clear_object (&target);
    gst_clear_object (&context);
    return;
  }

  gws_capture_target_frame_ready (target, context);
  gws_frame_gate_announce (self->gate,
      !gst_base_src_is_live (GST_BASE_SRC (self)));
  gst_object_unref (context);
  gst_object_unref (target);
}

/* ------------------------------------------------------------------------ */
/* properties                                                                */

/* Under the object lock. Settings are text in a GstStructure, which holds
 * UTF-8 only: a string of other bytes (an X title in Latin-1, as ICCCM's
 * WM_NAME is, handed over from C) is taken as Latin-1, which any bytes
 * are, and the X11 target compares titles as text the same way. */
static void
set_target_setting (GstGLWindowSrc * self, const gchar * name,
    const GValue * value)
{
  const gchar *text;
  gchar *utf8;

  if (!G_VALUE_HOLDS_STRING (value) || !(text = g_value_get_string (value))
      || g_utf8_validate (text, -1, NULL)) {
    gst_structure_set_value (self->target_settings, name, value);
    return;
  }
  utf8 = g_convert (text, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  gst_structure_set (self->target_settings, name, G_TYPE_STRING, utf8, NULL);
  g_free (utf8);
}

static void
gst_gl_window_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TARGET:
      self->target_value = g_value_get_enum (value);
      break;
    case PROP_IS_LIVE:
      self->is_live = g_value_get_boolean (value);
      break;
    case PROP_RESIZE_MODE:
      self->resize_mode = g_value_get_enum (value);
      break;
    case PROP_ON_CLOSE:
      self->on_close = g_value_get_enum (value);
      break;
    case PROP_SKIP_UNCHANGED:
      self->skip_unchanged = g_value_get_boolean (value);
      break;
    case PROP_CROP_X:
      self->crop.x = g_value_get_uint (value);
      break;
    case PROP_CROP_Y:
      self->crop.y = g_value_get_uint (value);
      break;
    case PROP_CROP_WIDTH:
      self->crop.w = g_value_get_uint (value);
      break;
    case PROP_CROP_HEIGHT:
      self->crop.h = g_value_get_uint (value);
      break;
    case PROP_READBACK:
      self->readback = g_value_get_enum (value);
      break;
    default:
      if (prop_id >= PROP_FIRST_TARGET_SETTING)
        set_target_setting (self, pspec->name, value);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_gl_window_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TARGET:
      g_value_set_enum (value, self->target_value);
      break;
    case PROP_IS_LIVE:
      g_value_set_boolean (value, self->is_live);
      break;
    case PROP_RESIZE_MODE:
      g_value_set_enum (value, self->resize_mode);
      break;
    case PROP_ON_CLOSE:
      g_value_set_enum (value, self->on_close);
      break;
    case PROP_SKIP_UNCHANGED:
      g_value_set_boolean (value, self->skip_unchanged);
      break;
    case PROP_CROP_X:
      g_value_set_uint (value, self->crop.x);
      break;
    case PROP_CROP_Y:
      g_value_set_uint (value, self->crop.y);
      break;
    case PROP_CROP_WIDTH:
      g_value_set_uint (value, self->crop.w);
      break;
    case PROP_CROP_HEIGHT:
      g_value_set_uint (value, self->crop.h);
      break;
    case PROP_READBACK:
      g_value_set_enum (value, self->readback);
      break;
    default:
      if (prop_id >= PROP_FIRST_TARGET_SETTING)
        g_value_copy (gst_structure_get_value (self->target_settings,
                pspec->name), value);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_gl_window_src_finalize (GObject * object)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (object);

  gst_structure_free (self->target_settings);
  gws_readback_ring_free (self->ring);
  gws_frame_gate_free (self->gate);
  gws_pacer_free (self->pacer);
  gws_gl_share_free (self->share);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_gl_window_src_class_init (GstGLWindowSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *base_src_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *push_src_class = GST_PUSH_SRC_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gws_debug, "glwindowsrc", 0, "GL window source");

  gobject_class->set_property = gst_gl_window_src_set_property;
  gobject_class->get_property = gst_gl_window_src_get_property;
  gobject_class->finalize = gst_gl_window_src_finalize;

  gws_properties_install (gobject_class);

  gws_properties_install_signals (gobject_class,
      G_CALLBACK (gst_gl_window_src_frame_ready));

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "GL window source", "Source/Video",
      "Captures what a GL program renders - an X11 window, the screen, the "
      "application's own GL texture or frames drawn in a signal - as "
      "top-down RGBA video in system or GL memory",
      "The glwindowsrc authors");
  element_class->set_context = gst_gl_window_src_set_context;
  element_class->change_state = gst_gl_window_src_change_state;

  base_src_class->start = gst_gl_window_src_start;
  base_src_class->stop = gst_gl_window_src_stop;
  base_src_class->get_caps = gst_gl_window_src_get_caps;
  base_src_class->negotiate = gst_gl_window_src_negotiate;
  base_src_class->fixate = gst_gl_window_src_fixate;
  base_src_class->set_caps = gst_gl_window_src_set_caps;
  base_src_class->query = gst_gl_window_src_query;
  base_src_class->event = gst_gl_window_src_event;
  base_src_class->decide_allocation = gst_gl_window_src_decide_allocation;
  base_src_class->unlock = gst_gl_window_src_unlock;
  base_src_class->unlock_stop = gst_gl_window_src_unlock_stop;
  push_src_class->create = gst_gl_window_src_create;

}

static void
gst_gl_window_src_init (GstGLWindowSrc * self)
{
  self->frame_duration = GST_CLOCK_TIME_NONE;
  self->pacer = gws_pacer_new ();
  self->target_value = DEFAULT_TARGET;
  self->target_settings =
      gws_properties_target_defaults (G_OBJECT_GET_CLASS (self));
  self->is_live = DEFAULT_IS_LIVE;
  self->resize_mode = DEFAULT_RESIZE_MODE;
  self->on_close = DEFAULT_ON_CLOSE;
  self->skip_unchanged = DEFAULT_SKIP_UNCHANGED;
  self->readback = DEFAULT_READBACK;
  self->share = gws_gl_share_new ();
  self->ring = gws_readback_ring_new ();
  self->gate = gws_frame_gate_new ();
  gst_pad_add_probe (GST_BASE_SRC_PAD (self), GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, (GstPadProbeCallback) count_sent,
      self, NULL);
  gst_base_src_set_live (GST_BASE_SRC (self), TRUE);
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
}
