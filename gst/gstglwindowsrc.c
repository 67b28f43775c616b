/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-glwindowsrc
 * @title: glwindowsrc
 *
 * Captures what a GL program renders - another application's X11 window or
 * the whole screen - as RGBA video whose row 0 is the top of the picture,
 * in system memory or in GL memory, whichever downstream prefers.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 glwindowsrc xname="3D View" num-buffers=1 ! videoconvert ! pngenc ! filesink location=shot.png
 * ]| A screenshot of the window titled "3D View".
 * |[
 * gst-launch-1.0 glwindowsrc xid=0x3c00007 ! glimagesink
 * ]| Shows a window through GL memory, with no CPU copy.
 *
 * Applications that render themselves use `target=texture` (their own
 * texture, in a GL context shared through `gst.gl.app_context`) or
 * `target=draw` (they draw each frame in the #GstGLWindowSrc::draw signal);
 * both work headless, with no X server.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstglwindowsrc.h"
#include "target.h"
#include "output/stage.h"
#include "gldriver.h"
#include "output/packbufferpool.h"
#include "targets/texture.h"
#include "targets/draw.h"
#include "gstglwindowsrcenums.h"

#include <gst/video/video.h>
#include <gst/gl/gl.h>
#include <gst/gl/gstglfuncs.h>

#ifdef HAVE_X11
#include "targets/x11/window.h"
#endif

GST_DEBUG_CATEGORY_STATIC (gst_gl_window_src_debug);
#define GST_CAT_DEFAULT gst_gl_window_src_debug

#define DEFAULT_DISPLAY_NAME NULL
#define DEFAULT_XID 0
#define DEFAULT_XNAME NULL
#define DEFAULT_TARGET GST_GL_WINDOW_SRC_TARGET_AUTO
#define DEFAULT_TEXTURE_ID 0
#define DEFAULT_TEXTURE_ORIGIN GST_GL_WINDOW_SRC_ORIGIN_BOTTOM_LEFT
#define DEFAULT_WIDTH 0
#define DEFAULT_HEIGHT 0
#define DEFAULT_IS_LIVE TRUE
#define DEFAULT_RESIZE_MODE GST_GL_WINDOW_SRC_RESIZE_RENEGOTIATE
#define DEFAULT_ON_CLOSE GST_GL_WINDOW_SRC_ON_CLOSE_EOS
#define DEFAULT_USE_DAMAGE TRUE
#define DEFAULT_SKIP_UNCHANGED FALSE
#define DEFAULT_SHOW_POINTER FALSE
#define DEFAULT_CROP 0
#define DEFAULT_CAPTURE_METHOD GST_GL_WINDOW_SRC_CAPTURE_AUTO
#define DEFAULT_READBACK GST_GL_WINDOW_SRC_READBACK_AUTO

/* Pack buffers the ring keeps ready: one being written by the GPU, one
 * waiting to be sent, one downstream. */
#define PBO_RING_SIZE 3
/* Rapid resizes (a drag) make at most one caps change per this much. */
#define RENEGOTIATE_INTERVAL (100 * G_TIME_SPAN_MILLISECOND)
#define DEFAULT_FPS_N 30
#define DEFAULT_FPS_D 1
/* The size a draw target gets when downstream does not choose one. */
#define DEFAULT_DRAW_WIDTH 1280
#define DEFAULT_DRAW_HEIGHT 720

enum
{
  PROP_0,
  PROP_DISPLAY_NAME,
  PROP_XID,
  PROP_XNAME,
  PROP_TARGET,
  PROP_TEXTURE_ID,
  PROP_TEXTURE_ORIGIN,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_IS_LIVE,
  PROP_RESIZE_MODE,
  PROP_ON_CLOSE,
  PROP_USE_DAMAGE,
  PROP_SKIP_UNCHANGED,
  PROP_SHOW_POINTER,
  PROP_CROP_X,
  PROP_CROP_Y,
  PROP_CROP_WIDTH,
  PROP_CROP_HEIGHT,
  PROP_CAPTURE_METHOD,
  PROP_READBACK,
};

enum
{
  SIGNAL_DRAW,
  SIGNAL_FRAME_READY,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

#define SUPPORTED_GL_APIS \
    (GST_GL_API_OPENGL | GST_GL_API_OPENGL3 | GST_GL_API_GLES2)

/* System memory comes first: a consumer that states no preference (appsink,
 * fakesink) gets arrays it can read. */
#define SRC_CAPS \
    GST_VIDEO_CAPS_MAKE ("RGBA") ", framerate = (fraction) [ 1/1, MAX ]; " \
    GST_VIDEO_CAPS_MAKE_WITH_FEATURES (GST_CAPS_FEATURE_MEMORY_GL_MEMORY, \
        "RGBA") ", framerate = (fraction) [ 1/1, MAX ], " \
    "texture-target = (string) 2D"

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (SRC_CAPS));

/* Lock order: the object lock is a leaf; nothing else is taken under it.
 * Properties are read and written under it, and so are the clock id and
 * the flushing flag that unlock() uses from another thread. */
struct _GstGLWindowSrc
{
  GstPushSrc parent;

  /* properties */
  gchar *display_name;
  guint64 xid;
  gchar *xname;
  GstGLWindowSrcTarget target_type;
  guint texture_id;
  GstGLWindowSrcTextureOrigin texture_origin;
  guint width, height;
  gboolean is_live;
  GstGLWindowSrcResizeMode resize_mode;
  GstGLWindowSrcOnClose on_close;
  gboolean use_damage;
  gboolean skip_unchanged;
  gboolean show_pointer;
  GstVideoRectangle crop;
  GstGLWindowSrcCaptureMethod capture_method;
  GstGLWindowSrcReadback readback;

  /* The properties the streaming and GL threads use, copied under the
   * lock in start(): they may only change in NULL or READY. */
  struct
  {
    GstVideoRectangle crop;
    GstGLWindowSrcResizeMode resize_mode;
    GstGLWindowSrcOnClose on_close;
    gboolean skip_unchanged;
    GstGLWindowSrcReadback readback;
  } run;

  /* streaming state, between start() and stop() */
  GwsCaptureTarget *target;
  GstVideoInfo out_info;
  gboolean gl_output;
  GstClockTime frame_duration;
  GstClockTime next_capture_time;
  guint64 n_frames;
  /* The last frame sent, repeated when nothing changed or the window is
   * gone; only while it matches the caps. */
  GstBuffer *last_buffer;
  /* resize-mode=scale: the size first negotiated, kept for good. */
  guint kept_width, kept_height;
  gint64 last_renegotiation;
  /* The clamped crop size last warned about. */
  GstVideoRectangle crop_warned_size;

  GstGLDisplay *display;
  GstGLContext *other_context;
  GstGLContext *context;
  GstGLContext *started_context;
  GwsOutputStage *output;
  /* What the driver is, learnt on the GL thread when GL starts. */
  gboolean software_gl;
  gboolean persistent_mapping;

  /* readback=pbo-ring: the newest capture, its copy perhaps still running
   * on the GPU; sent once the next one is queued. */
  gboolean use_ring;
  GstBuffer *in_flight;
  /* Set by unlock() (a flush, a pause), under the object lock: the frame
   * in flight is from before it and must not be sent after it. */
  gboolean drop_in_flight;

  GstClockID clock_id;
  gboolean flushing;

  /* Why start() could not open the target, posted from the streaming
   * thread (see start()). */
  GError *open_error;

  /* Offline texture capture: frames announced by frame-ready, taken by
   * create() and sent out of the pad (a probe counts them), and whether
   * the stream ended. Under the object lock; frame_cond signals changes. */
  guint64 frames_announced, frames_taken, frames_sent;
  gboolean stream_ended;
  GCond frame_cond;
};

#define gst_gl_window_src_parent_class parent_class
G_DEFINE_TYPE (GstGLWindowSrc, gst_gl_window_src, GST_TYPE_PUSH_SRC);
GST_ELEMENT_REGISTER_DEFINE (glwindowsrc, "glwindowsrc", GST_RANK_NONE,
    GST_TYPE_GL_WINDOW_SRC);

/* Posts @error, a GST_RESOURCE_ERROR whose message is meant for the user,
 * as the element's error. */
static void
post_error (GstGLWindowSrc * self, const GError * error, const gchar * debug)
{
  gst_element_message_full (GST_ELEMENT (self), GST_MESSAGE_ERROR,
      error->domain, error->code, g_strdup (error->message),
      g_strdup (debug), __FILE__, GST_FUNCTION, __LINE__);
}

static GstGLWindowSrcTarget
resolve_target_type (GstGLWindowSrc * self)
{
  if (self->target_type != GST_GL_WINDOW_SRC_TARGET_AUTO)
    return self->target_type;
  if (self->xid || self->xname)
    return GST_GL_WINDOW_SRC_TARGET_WINDOW;
  if (self->texture_id)
    return GST_GL_WINDOW_SRC_TARGET_TEXTURE;
  return GST_GL_WINDOW_SRC_TARGET_SCREEN;
}

static gboolean
emit_draw (GstGLContext * context, guint width, guint height,
    GstClockTime timestamp, gpointer user_data, GError ** error)
{
  GstGLWindowSrc *self = user_data;
  gboolean drawn = FALSE;

  if (!g_signal_has_handler_pending (self, signals[SIGNAL_DRAW], 0, TRUE)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "target=draw, but no handler is connected to the \"draw\" signal");
    return FALSE;
  }
  g_signal_emit (self, signals[SIGNAL_DRAW], 0, context, width, height,
      (guint64) timestamp, &drawn);
  if (!drawn)
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "The \"draw\" handler returned FALSE for the frame at %"
        GST_TIME_FORMAT, GST_TIME_ARGS (timestamp));
  return drawn;
}

static GwsCaptureTarget *
create_target (GstGLWindowSrc * self, GError ** error)
{
  GwsCaptureTarget *target = NULL;
  GstGLWindowSrcTarget type;

  GST_OBJECT_LOCK (self);
  type = resolve_target_type (self);
  switch (type) {
    case GST_GL_WINDOW_SRC_TARGET_TEXTURE:
      target = gws_texture_target_new (self->texture_id,
          self->texture_origin == GST_GL_WINDOW_SRC_ORIGIN_TOP_LEFT,
          self->width, self->height);
      break;
    case GST_GL_WINDOW_SRC_TARGET_DRAW:
      if (!g_signal_has_handler_pending (self, signals[SIGNAL_DRAW], 0, TRUE))
        g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
            "target=draw, but no handler is connected to the \"draw\" "
            "signal");
      else
        target = gws_draw_target_new (emit_draw, self);
      break;
    case GST_GL_WINDOW_SRC_TARGET_WINDOW:
      if (!self->xid && !self->xname) {
        g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
            "target=window needs the xid or xname property");
        break;
      }
      /* fall through */
    case GST_GL_WINDOW_SRC_TARGET_SCREEN:
    default:
#ifdef HAVE_X11
      /* The screen is the root window: no xid, no name to look for. */
      target = gws_x11_window_target_new (self->display_name,
          type == GST_GL_WINDOW_SRC_TARGET_SCREEN ? 0 : self->xid,
          type == GST_GL_WINDOW_SRC_TARGET_SCREEN ? NULL : self->xname,
          self->use_damage, self->show_pointer, self->capture_method);
#else
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
          "This build of glwindowsrc has no X11 support: only target=texture "
          "and target=draw work");
#endif
      break;
  }
  GST_OBJECT_UNLOCK (self);
  return target;
}

static gboolean find_gl_context (GstGLWindowSrc * self, GError ** error);

/* The part of a @width x @height picture that the crop-* properties keep,
 * cut to fit where it overhangs (@clamped). FALSE when nothing is left. */
static gboolean
crop_picture (const GstVideoRectangle * crop, guint width, guint height,
    GstVideoRectangle * kept, gboolean * clamped)
{
  guint x = crop->x, y = crop->y;
  guint w = crop->w ? (guint) crop->w : width - MIN (x, width);
  guint h = crop->h ? (guint) crop->h : height - MIN (y, height);

  *clamped = FALSE;
  if (x >= width || y >= height)
    return FALSE;
  if (x + w > width) {
    w = width - x;
    *clamped = TRUE;
  }
  if (y + h > height) {
    h = height - y;
    *clamped = TRUE;
  }
  kept->x = x;
  kept->y = y;
  kept->w = w;
  kept->h = h;
  return TRUE;
}

/* The size of the pictures the target makes now, after cropping; 0x0 for
 * targets that take their size from the caps. */
static void
get_picture_size (GstGLWindowSrc * self, GwsCaptureTarget * target,
    guint * width, guint * height)
{
  GstVideoRectangle kept;
  gboolean clamped;

  gws_capture_target_get_size (target, width, height);
  if (*width && *height
      && crop_picture (&self->run.crop, *width, *height, &kept, &clamped)) {
    *width = kept.w;
    *height = kept.h;
  }
}

/* The crop for a @width x @height picture: an error when nothing of the
 * picture is left (also when a window shrinks under its crop), a warning
 * each time the crop has to be cut to a new size to fit. */
static gboolean
fit_crop (GstGLWindowSrc * self, guint width, guint height,
    GstVideoRectangle * kept, GError ** error)
{
  gboolean clamped;

  if (!crop_picture (&self->run.crop, width, height, kept, &clamped)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "The crop starts at %d,%d, outside the %ux%u picture: nothing is "
        "left to capture", self->run.crop.x, self->run.crop.y, width, height);
    return FALSE;
  }
  if (clamped && (kept->w != self->crop_warned_size.w
          || kept->h != self->crop_warned_size.h)) {
    GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
        ("The crop %dx%d at %d,%d does not fit the %ux%u picture; capturing "
            "%dx%d", self->run.crop.w, self->run.crop.h, self->run.crop.x,
            self->run.crop.y, width, height, kept->w, kept->h), (NULL));
    self->crop_warned_size = *kept;
  }
  return TRUE;
}

static gboolean
check_crop (GstGLWindowSrc * self, GwsCaptureTarget * target, GError ** error)
{
  GstVideoRectangle kept;
  guint width, height;

  gws_capture_target_get_size (target, &width, &height);
  if (!width || !height)
    return TRUE;
  return fit_crop (self, width, height, &kept, error);
}

/* A target that cannot be opened (no such window, no display) does not fail
 * the state change: the error is posted from the streaming thread when it
 * first negotiates, as for any error met while running. gst-launch and
 * applications then see one ERROR message and stop normally (exit code 1)
 * rather than a failed state change. */
static gboolean
gst_gl_window_src_start (GstBaseSrc * bsrc)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);
  GError *error = NULL;
  GwsCaptureTarget *target;
  gboolean is_live;

  g_clear_error (&self->open_error);
  self->next_capture_time = GST_CLOCK_TIME_NONE;
  self->n_frames = 0;
  self->last_renegotiation = 0;
  memset (&self->crop_warned_size, 0, sizeof (self->crop_warned_size));
  GST_OBJECT_LOCK (self);
  self->kept_width = self->kept_height = 0;
  self->run.crop = self->crop;
  self->run.resize_mode = self->resize_mode;
  self->run.on_close = self->on_close;
  self->run.skip_unchanged = self->skip_unchanged;
  self->run.readback = self->readback;
  self->use_ring = FALSE;
  self->frames_announced = self->frames_taken = self->frames_sent = 0;
  self->stream_ended = FALSE;
  is_live = self->is_live;
  GST_OBJECT_UNLOCK (self);
  gst_base_src_set_live (bsrc, is_live);

  /* An application's texture can only be looked at (and measured, for the
   * caps) through a GL context shared with it, so that comes first there.
   * Other targets open first: a missing window or display is then named
   * as such, not hidden behind a GL error about the same display. */
  target = create_target (self, &error);
  if (target && GWS_IS_TEXTURE_TARGET (target)) {
    if (!find_gl_context (self, &error)
        || !gws_capture_target_open (target, self->context, &error)) {
      gws_capture_target_close (target);
      gst_clear_object (&target);
    }
  } else if (target) {
    if (!gws_capture_target_open (target, NULL, &error)
        || !find_gl_context (self, &error)) {
      gws_capture_target_close (target);
      gst_clear_object (&target);
    }
  }
  if (target && !check_crop (self, target, &error)) {
    gws_capture_target_close (target);
    gst_clear_object (&target);
  }
  if (!target) {
    GST_WARNING_OBJECT (self, "cannot open the capture target: %s",
        error->message);
    self->open_error = error;
    return TRUE;
  }
  GST_OBJECT_LOCK (self);
  self->target = target;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static void
gl_stop_in_gl_thread (GstGLContext * context, GstGLWindowSrc * self)
{
  g_clear_pointer (&self->output, gws_output_stage_free);
  if (self->target)
    gws_capture_target_gl_stop (self->target, context);
}

static void
release_gl (GstGLWindowSrc * self)
{
  if (self->started_context) {
    gst_gl_context_thread_add (self->started_context,
        (GstGLContextThreadFunc) gl_stop_in_gl_thread, self);
    gst_clear_object (&self->started_context);
  }
}

static gboolean
gst_gl_window_src_stop (GstBaseSrc * bsrc)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);
  GwsCaptureTarget *target;

  /* Its memory goes back to the GL thread, which must still run. */
  gst_clear_buffer (&self->in_flight);
  release_gl (self);
  GST_OBJECT_LOCK (self);
  target = g_steal_pointer (&self->target);
  /* A frame-ready that came after the flush was over (GstBaseSrc clears it
   * again before stop()) waits for a frame no one will send: no target
   * now lets it go. */
  g_cond_broadcast (&self->frame_cond);
  GST_OBJECT_UNLOCK (self);
  if (target) {
    gws_capture_target_close (target);
    gst_object_unref (target);
  }
  gst_clear_object (&self->context);
  g_clear_error (&self->open_error);
  gst_clear_buffer (&self->last_buffer);
  return TRUE;
}

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
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);
  GstCaps *ours, *peer, *caps;
  gboolean ret;

  if (self->open_error) {
    post_error (self, self->open_error,
        "the capture target could not be opened");
    return FALSE;
  }

  ours = gst_pad_query_caps (pad, NULL);
  peer = gst_pad_peer_query_caps (pad, NULL);
  if (!peer || gst_caps_is_any (peer))
    caps = gst_caps_ref (ours);
  else
    caps = gst_caps_intersect_full (peer, ours, GST_CAPS_INTERSECT_FIRST);
  gst_clear_caps (&peer);
  gst_caps_unref (ours);

  if (gst_caps_is_empty (caps)) {
    gst_caps_unref (caps);
    GST_ELEMENT_ERROR (bsrc, STREAM, FORMAT,
        ("Downstream accepts neither RGBA in system memory nor RGBA in GL "
            "memory at the captured size"), (NULL));
    return FALSE;
  }
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

static gboolean
gst_gl_window_src_set_caps (GstBaseSrc * bsrc, GstCaps * caps)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);
  GstCapsFeatures *features = gst_caps_get_features (caps, 0);

  if (!gst_video_info_from_caps (&self->out_info, caps))
    return FALSE;
  self->gl_output = features && gst_caps_features_contains (features,
      GST_CAPS_FEATURE_MEMORY_GL_MEMORY);
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
  gst_clear_buffer (&self->last_buffer);
  GST_INFO_OBJECT (self, "output %dx%d RGBA in %s memory",
      GST_VIDEO_INFO_WIDTH (&self->out_info),
      GST_VIDEO_INFO_HEIGHT (&self->out_info),
      self->gl_output ? "GL" : "system");
  return TRUE;
}

static void
gst_gl_window_src_set_context (GstElement * element, GstContext * context)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (element);

  gst_gl_handle_set_context (element, context, &self->display,
      &self->other_context);
  if (self->display)
    gst_gl_display_filter_gl_api (self->display, SUPPORTED_GL_APIS);
  GST_ELEMENT_CLASS (parent_class)->set_context (element, context);
}

static gboolean
gst_gl_window_src_query (GstBaseSrc * bsrc, GstQuery * query)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_CONTEXT:
      if (gst_gl_handle_context_query (GST_ELEMENT (self), query,
              self->display, self->context, self->other_context))
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

/* A neighbour's context is only of use to the texture target if it is in
 * the application's share group: elsewhere the texture's name means
 * nothing. Other targets do not care whose group it is. */
static gboolean
can_see_application_objects (GstGLWindowSrc * self, GstGLContext * context)
{
  if (!self->other_context
      || resolve_target_type (self) != GST_GL_WINDOW_SRC_TARGET_TEXTURE
      || gst_gl_context_can_share (context, self->other_context))
    return TRUE;
  GST_INFO_OBJECT (self, "passing over %" GST_PTR_FORMAT ", which does not "
      "share with the application's context", context);
  return FALSE;
}

static gboolean
find_gl_context (GstGLWindowSrc * self, GError ** error)
{
  /* Kept from start() to stop(): a texture target's names only mean
   * something in a context shared with the application's. */
  if (self->context)
    return TRUE;
  if (!gst_gl_ensure_element_data (self, &self->display,
          &self->other_context)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "No GL display is available");
    return FALSE;
  }
  gst_gl_display_filter_gl_api (self->display, SUPPORTED_GL_APIS);

  /* A GL element downstream (glimagesink, gldownload) may already have a
   * context: sharing it keeps GLMemory on one thread. */
  gst_gl_query_local_gl_context (GST_ELEMENT (self), GST_PAD_SRC,
      &self->context);
  if (self->context && !can_see_application_objects (self, self->context))
    gst_clear_object (&self->context);

  GST_OBJECT_LOCK (self->display);
  while (!self->context || !gst_gl_display_add_context (self->display,
          self->context)) {
    gst_clear_object (&self->context);
    self->context = gst_gl_display_get_gl_context_for_thread (self->display,
        NULL);
    if (self->context && can_see_application_objects (self, self->context))
      continue;
    gst_clear_object (&self->context);
    if (!gst_gl_display_create_context (self->display, self->other_context,
            &self->context, error)) {
      GST_OBJECT_UNLOCK (self->display);
      return FALSE;
    }
  }
  GST_OBJECT_UNLOCK (self->display);
  return TRUE;
}

typedef struct
{
  GstGLWindowSrc *self;
  GError *error;
  gboolean ok;
} GLStartData;

static void
gl_start_in_gl_thread (GstGLContext * context, GLStartData * data)
{
  GstGLWindowSrc *self = data->self;

  data->ok = FALSE;
  self->software_gl = gws_gl_driver_is_software (context);
  self->persistent_mapping = gws_gl_driver_has_persistent_mapping (context);
  self->output = gws_output_stage_new (context, &data->error);
  if (!self->output)
    return;
  data->ok = gws_capture_target_gl_start (self->target, context,
      &data->error);
}

static gboolean
ensure_gl_started (GstGLWindowSrc * self, GError ** error)
{
  GLStartData data = { self, NULL, FALSE };

  if (self->started_context == self->context)
    return TRUE;
  release_gl (self);
  gst_gl_context_thread_add (self->context,
      (GstGLContextThreadFunc) gl_start_in_gl_thread, &data);
  if (!data.ok) {
    gst_gl_context_thread_add (self->context,
        (GstGLContextThreadFunc) gl_stop_in_gl_thread, self);
    g_propagate_error (error, data.error);
    return FALSE;
  }
  self->started_context = gst_object_ref (self->context);
  return TRUE;
}

/* Downstream's pool when it is of the kind the output needs (GL or not),
 * a new one of that kind otherwise. */
static GstBufferPool *
take_pool (GstGLWindowSrc * self, GstQuery * query, guint * size,
    guint * min, guint * max)
{
  GstBufferPool *pool = NULL;

  if (gst_query_get_n_allocation_pools (query) > 0)
    gst_query_parse_nth_allocation_pool (query, 0, &pool, size, min, max);
  if (pool && (GST_IS_GL_BUFFER_POOL (pool) == self->gl_output))
    return pool;
  gst_clear_object (&pool);
  return self->gl_output ? gst_gl_buffer_pool_new (self->context)
      : gst_video_buffer_pool_new ();
}

static gboolean is_offline_texture (GstGLWindowSrc * self);

/* Whether system-memory frames are read through the pack-buffer ring. */
static gboolean
wants_ring (GstGLWindowSrc * self)
{
  gboolean asked = self->run.readback == GST_GL_WINDOW_SRC_READBACK_PBO_RING;

  if (self->gl_output
      || self->run.readback == GST_GL_WINDOW_SRC_READBACK_DIRECT)
    return FALSE;
  if (is_offline_texture (self)) {
    if (asked)
      GST_INFO_OBJECT (self, "readback=pbo-ring: offline texture capture "
          "reads directly, each frame-ready waits for its own frame");
    return FALSE;
  }
  if (!self->persistent_mapping) {
    if (asked)
      GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
          ("readback=pbo-ring needs buffers that stay mapped (OpenGL 4.4, "
              "GL_ARB_buffer_storage or GL_EXT_buffer_storage), which this "
              "GL driver lacks; reading directly"), (NULL));
    return FALSE;
  }
  /* On a software driver the read is a CPU copy wherever it goes, and the
   * ring only adds latency; so it does for pictures read on the CPU
   * (XShm), which are in system memory already. Offline, a stream is a set
   * number of frames (num-buffers, a render loop's frames): capturing one
   * ahead of what is sent would draw or read a frame that may never go
   * out. */
  return asked || (!self->software_gl
      && gws_capture_target_pictures_on_gpu (self->target)
      && gst_base_src_is_live (GST_BASE_SRC (self)));
}

/* The ring sends each frame one capture late: live, that is one more
 * frame of latency, for the pipeline to know. */
static void
set_ring (GstGLWindowSrc * self, gboolean use_ring)
{
  GST_INFO_OBJECT (self, "readback: %s", use_ring ? "pbo-ring" : "direct");
  /* A frame in flight was made for the previous caps. */
  gst_clear_buffer (&self->in_flight);
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
  GstBufferPool *pool;
  GstStructure *config;
  GstCaps *caps;
  guint size = 0, min = 0, max = 0;
  gboolean update = gst_query_get_n_allocation_pools (query) > 0;
  GError *error = NULL;

  if (!find_gl_context (self, &error))
    goto context_failed;
  if (!ensure_gl_started (self, &error))
    goto gl_start_failed;

  gst_query_parse_allocation (query, &caps, NULL);
  set_ring (self, wants_ring (self));
  if (self->use_ring) {
    /* Our pool, whatever downstream offers: its buffers are the GPU's
     * destination. */
    pool = gws_pack_buffer_pool_new (self->context);
    min = MAX (min, PBO_RING_SIZE);
    if (max)
      max = MAX (max, min);
  } else {
    pool = take_pool (self, query, &size, &min, &max);
  }
  size = MAX (size, GST_VIDEO_INFO_SIZE (&self->out_info));

  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, size, min, max);
  gst_buffer_pool_config_add_option (config, GST_BUFFER_POOL_OPTION_VIDEO_META);
  if (self->gl_output)
    gst_buffer_pool_config_add_option (config,
        GST_BUFFER_POOL_OPTION_GL_SYNC_META);
  if (!gst_buffer_pool_set_config (pool, config)) {
    gst_object_unref (pool);
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("Could not configure the output buffer pool"), (NULL));
    return FALSE;
  }

  if (update)
    gst_query_set_nth_allocation_pool (query, 0, pool, size, min, max);
  else
    gst_query_add_allocation_pool (query, pool, size, min, max);
  gst_object_unref (pool);
  return TRUE;

  /* ERRORS */
context_failed:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("Could not create a GL context: %s",
            error ? error->message : "unknown reason"), (NULL));
    g_clear_error (&error);
    return FALSE;
  }
gl_start_failed:
  {
    post_error (self, error, "GL set-up of the capture target failed");
    g_clear_error (&error);
    return FALSE;
  }
}

/* Waits for the next frame time of the negotiated rate on the pipeline
 * clock and returns the running time to stamp the frame with. */
static GstFlowReturn
wait_for_next_frame (GstGLWindowSrc * self, GstClockTime * timestamp)
{
  GstClock *clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockTime base_time, now;

  if (!clock) {
    /* No pipeline clock (a harness, or not yet PLAYING): go by count. */
    *timestamp = self->n_frames * self->frame_duration;
    return GST_FLOW_OK;
  }
  base_time = gst_element_get_base_time (GST_ELEMENT (self));
  now = gst_clock_get_time (clock) - base_time;

  if (GST_CLOCK_TIME_IS_VALID (self->next_capture_time)
      && now < self->next_capture_time) {
    GstClockReturn clock_ret;

    GST_OBJECT_LOCK (self);
    if (self->flushing) {
      GST_OBJECT_UNLOCK (self);
      gst_object_unref (clock);
      return GST_FLOW_FLUSHING;
    }
    self->clock_id = gst_clock_new_single_shot_id (clock,
        base_time + self->next_capture_time);
    GST_OBJECT_UNLOCK (self);

    clock_ret = gst_clock_id_wait (self->clock_id, NULL);

    GST_OBJECT_LOCK (self);
    gst_clock_id_unref (self->clock_id);
    self->clock_id = NULL;
    GST_OBJECT_UNLOCK (self);

    if (clock_ret == GST_CLOCK_UNSCHEDULED) {
      gst_object_unref (clock);
      return GST_FLOW_FLUSHING;
    }
    now = gst_clock_get_time (clock) - base_time;
  }
  gst_object_unref (clock);

  *timestamp = now;
  /* Keep a steady cadence; after a stall, restart it from now rather than
   * bursting to catch up. */
  if (!GST_CLOCK_TIME_IS_VALID (self->next_capture_time)
      || now >= self->next_capture_time + self->frame_duration)
    self->next_capture_time = now + self->frame_duration;
  else
    self->next_capture_time += self->frame_duration;
  return GST_FLOW_OK;
}

typedef struct
{
  GstGLWindowSrc *self;
  GstBuffer *buffer;
  GstClockTime timestamp;
  GwsCaptureResult result;
  GError *error;
  /* The ring: the previous capture, to wait for once this one is queued. */
  GstBuffer *finish;
  gboolean finished;
} CaptureData;

static gboolean
write_output (GstGLWindowSrc * self, GstGLContext * context,
    const GwsFrame * frame, GstBuffer * buffer)
{
  guint width = GST_VIDEO_INFO_WIDTH (&self->out_info);
  guint height = GST_VIDEO_INFO_HEIGHT (&self->out_info);
  gboolean ok;

  if (self->gl_output) {
    GstMemory *mem = gst_buffer_peek_memory (buffer, 0);
    GstMapInfo map;
    GstGLSyncMeta *sync_meta;

    /* Mapping for GL writing marks the texture as the newest copy, so a
     * later gldownload reads it rather than stale system memory. */
    if (!gst_is_gl_memory (mem)
        || !gst_memory_map (mem, &map, GST_MAP_WRITE | GST_MAP_GL))
      return FALSE;
    ok = gws_output_stage_to_texture (self->output, frame, width, height,
        *(guint *) map.data);
    gst_memory_unmap (mem, &map);

    sync_meta = gst_buffer_get_gl_sync_meta (buffer);
    if (sync_meta)
      gst_gl_sync_meta_set_sync_point (sync_meta, context);
  } else {
    GstVideoFrame video_frame;
    guint pack_buffer = self->use_ring ?
        gws_pack_buffer_get_name (buffer) : 0;

    if (!gst_video_frame_map (&video_frame, &self->out_info, buffer,
            GST_MAP_WRITE))
      return FALSE;
    ok = gws_output_stage_to_system (self->output, frame, width, height,
        GST_VIDEO_FRAME_PLANE_DATA (&video_frame, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (&video_frame, 0), pack_buffer);
    gst_video_frame_unmap (&video_frame);
    if (ok && pack_buffer)
      gws_pack_buffer_fence (buffer, context);
  }
  return ok;
}

static gboolean
is_offline_texture (GstGLWindowSrc * self)
{
  return GWS_IS_TEXTURE_TARGET (self->target)
      && !gst_base_src_is_live (GST_BASE_SRC (self));
}

/* Narrows @frame to the crop-* rectangle. */
static gboolean
apply_crop (GstGLWindowSrc * self, GwsFrame * frame, GError ** error)
{
  GstVideoRectangle kept;

  if (!fit_crop (self, frame->width, frame->height, &kept, error))
    return FALSE;
  frame->x += kept.x;
  frame->y += kept.y;
  frame->width = kept.w;
  frame->height = kept.h;
  if (frame->data)
    frame->data += (gsize) kept.y * frame->stride + (gsize) kept.x * 4;
  frame->overlay.x -= kept.x;
  frame->overlay.y -= kept.y;
  return TRUE;
}

static void
capture_frame (GstGLContext * context, CaptureData * data)
{
  GstGLWindowSrc *self = data->self;
  GwsFrame frame;

  data->result = gws_capture_target_acquire (self->target, context,
      data->timestamp, &frame, &data->error);
  if (data->result != GWS_CAPTURE_OK)
    return;
  if (!apply_crop (self, &frame, &data->error)) {
    data->result = GWS_CAPTURE_ERROR;
  } else if (!write_output (self, context, &frame, data->buffer)) {
    g_set_error (&data->error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "Could not copy the captured picture into the output buffer");
    data->result = GWS_CAPTURE_ERROR;
  } else if (self->gl_output && is_offline_texture (self)) {
    /* frame-ready returns once this frame is sent, and the application
     * then draws the next one into the same texture from its own context:
     * the GPU copy out of it must be done by then, not merely queued. */
    context->gl_vtable->Finish ();
  }
  gws_capture_target_release (self->target, context, &frame);
}

static void
capture_in_gl_thread (GstGLContext * context, CaptureData * data)
{
  capture_frame (context, data);
  /* With the ring, the GPU copied the previous frame while this one was
   * captured: it has landed, or soon will, before that frame is sent. */
  data->finished = !data->finish
      || gws_pack_buffer_wait (data->finish, context);
}


/* Offline texture capture: one buffer per frame-ready, no more, no less. */
static GstFlowReturn
wait_for_frame_ready (GstGLWindowSrc * self)
{
  GstFlowReturn ret = GST_FLOW_OK;

  GST_OBJECT_LOCK (self);
  while (self->frames_taken == self->frames_announced && !self->flushing)
    g_cond_wait (&self->frame_cond, GST_OBJECT_GET_LOCK (self));
  if (self->flushing)
    ret = GST_FLOW_FLUSHING;
  else
    self->frames_taken++;
  GST_OBJECT_UNLOCK (self);
  return ret;
}

/* Counts what leaves the pad, so that frame-ready can return only once its
 * frame is on its way: an EOS sent right after it then comes after the
 * frame instead of discarding it in GstBaseSrc. */
static GstPadProbeReturn
count_sent (GstPad * pad, GstPadProbeInfo * info, GstGLWindowSrc * self)
{
  GST_OBJECT_LOCK (self);
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    self->frames_sent++;
  else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS)
    self->stream_ended = TRUE;
  g_cond_broadcast (&self->frame_cond);
  GST_OBJECT_UNLOCK (self);
  return GST_PAD_PROBE_OK;
}

static void
end_stream (GstGLWindowSrc * self)
{
  GST_OBJECT_LOCK (self);
  self->stream_ended = TRUE;
  g_cond_broadcast (&self->frame_cond);
  GST_OBJECT_UNLOCK (self);
}

static GstFlowReturn
next_frame_time (GstGLWindowSrc * self, GstClockTime * timestamp)
{
  GstFlowReturn ret = GST_FLOW_OK;

  if (gst_base_src_is_live (GST_BASE_SRC (self)))
    return wait_for_next_frame (self, timestamp);

  /* Offline: as fast as downstream takes frames, stamped n / framerate. */
  if (is_offline_texture (self))
    ret = wait_for_frame_ready (self);
  *timestamp = gst_util_uint64_scale_int (self->n_frames * GST_SECOND,
      GST_VIDEO_INFO_FPS_D (&self->out_info),
      GST_VIDEO_INFO_FPS_N (&self->out_info));
  return ret;
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

/* The previous frame again, sharing its memory. */
static GstBuffer *
repeat_last_frame (GstGLWindowSrc * self)
{
  return self->last_buffer ? gst_buffer_copy (self->last_buffer) : NULL;
}

static GstFlowReturn create_frame (GstGLWindowSrc * self, GstBuffer ** outbuf);

static GstFlowReturn
gst_gl_window_src_create (GstPushSrc * psrc, GstBuffer ** outbuf)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (psrc);
  GstFlowReturn ret = create_frame (self, outbuf);

  /* An error or the end: nothing more will be sent, so no frame-ready may
   * wait for it. */
  if (ret != GST_FLOW_OK && ret != GST_FLOW_FLUSHING)
    end_stream (self);
  return ret;
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

static GstFlowReturn
create_frame (GstGLWindowSrc * self, GstBuffer ** outbuf)
{
  GstBaseSrc *bsrc = GST_BASE_SRC (self);
  GstClockTime timestamp;
  GstBuffer *buffer = NULL, *newest;
  CaptureData data;
  GstFlowReturn ret;

  for (;;) {
    gboolean drop;

    GST_OBJECT_LOCK (self);
    ret = self->flushing ? GST_FLOW_FLUSHING : GST_FLOW_OK;
    drop = self->drop_in_flight;
    self->drop_in_flight = FALSE;
    GST_OBJECT_UNLOCK (self);
    if (drop)
      gst_clear_buffer (&self->in_flight);
    if (ret == GST_FLOW_OK)
      ret = next_frame_time (self, &timestamp);
    if (ret != GST_FLOW_OK)
      return ret;
    ret = GST_BASE_SRC_CLASS (parent_class)->alloc (bsrc, -1,
        GST_VIDEO_INFO_SIZE (&self->out_info), &buffer);
    if (ret != GST_FLOW_OK)
      return ret;

    if (!self->last_buffer)
      gws_capture_target_invalidate (self->target);
    memset (&data, 0, sizeof (data));
    data.self = self;
    data.buffer = buffer;
    data.timestamp = timestamp;
    data.finish = self->in_flight;
    gst_gl_context_thread_add (self->context,
        (GstGLContextThreadFunc) capture_in_gl_thread, &data);
    if (!data.finished) {
      gst_buffer_unref (buffer);
      goto readback_failed;
    }

    switch (data.result) {
      case GWS_CAPTURE_OK:
        gst_buffer_replace (&self->last_buffer, buffer);
        break;
      case GWS_CAPTURE_UNCHANGED:
        gst_buffer_unref (buffer);
        buffer = self->run.skip_unchanged ? NULL : repeat_last_frame (self);
        break;
      case GWS_CAPTURE_GONE:
        gst_buffer_unref (buffer);
        buffer = NULL;
        if (self->run.on_close == GST_GL_WINDOW_SRC_ON_CLOSE_WAIT) {
          buffer = repeat_last_frame (self);
          break;
        }
        if (self->run.on_close == GST_GL_WINDOW_SRC_ON_CLOSE_ERROR) {
          gst_clear_buffer (&self->in_flight);
          GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
              ("The captured window was closed"), (NULL));
          return GST_FLOW_ERROR;
        }
        if (self->in_flight) {
          /* The last picture before the window went still belongs in the
           * recording; the end comes at the next look. */
          *outbuf = g_steal_pointer (&self->in_flight);
          return GST_FLOW_OK;
        }
        GST_ELEMENT_WARNING (self, RESOURCE, NOT_FOUND,
            ("The captured window was closed; ending the stream"), (NULL));
        return GST_FLOW_EOS;
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
      newest = buffer;
      buffer = g_steal_pointer (&self->in_flight);
      self->in_flight = newest;
      if (buffer)
        break;
      continue;
    }
    /* Nothing new (skip-unchanged): the frame in flight has landed and
     * goes now, not whenever the window next changes. */
    if (self->in_flight) {
      buffer = g_steal_pointer (&self->in_flight);
      break;
    }
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
    gst_clear_buffer (&self->in_flight);
    if (data.error) {
      post_error (self, data.error, "capture failed");
      g_clear_error (&data.error);
    } else {
      GST_ELEMENT_ERROR (self, RESOURCE, READ, ("Capture failed"), (NULL));
    }
    return GST_FLOW_ERROR;
  }
readback_failed:
  {
    gst_clear_buffer (&self->in_flight);
    g_clear_error (&data.error);
    GST_ELEMENT_ERROR (self, RESOURCE, READ,
        ("The GPU did not finish copying a frame to system memory"), (NULL));
    return GST_FLOW_ERROR;
  }
}

static gboolean
gst_gl_window_src_unlock (GstBaseSrc * bsrc)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);

  GST_OBJECT_LOCK (self);
  self->flushing = TRUE;
  self->drop_in_flight = TRUE;
  if (self->clock_id)
    gst_clock_id_unschedule (self->clock_id);
  g_cond_broadcast (&self->frame_cond);
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gboolean
gst_gl_window_src_unlock_stop (GstBaseSrc * bsrc)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (bsrc);

  GST_OBJECT_LOCK (self);
  self->flushing = FALSE;
  /* After a flush the stream goes on, even past an earlier EOS. */
  self->stream_ended = FALSE;
  GST_OBJECT_UNLOCK (self);
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
  if (self->target && GWS_IS_TEXTURE_TARGET (self->target)
      && self->context) {
    target = gst_object_ref (self->target);
    context = gst_object_ref (self->context);
  }
  GST_OBJECT_UNLOCK (self);
  if (!target) {
    GST_DEBUG_OBJECT (self, "frame-ready ignored: not capturing a texture");
    return;
  }

  gws_texture_target_mark_frame_ready (GWS_TEXTURE_TARGET
      (target), context);

  if (!gst_base_src_is_live (GST_BASE_SRC (self))) {
    guint64 frame;

    GST_OBJECT_LOCK (self);
    frame = ++self->frames_announced;
    g_cond_broadcast (&self->frame_cond);
    while (self->frames_sent < frame && !self->flushing
        && !self->stream_ended && self->target)
      g_cond_wait (&self->frame_cond, GST_OBJECT_GET_LOCK (self));
    GST_OBJECT_UNLOCK (self);
  }
  gst_object_unref (context);
  gst_object_unref (target);
}

static void
gst_gl_window_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DISPLAY_NAME:
      g_free (self->display_name);
      self->display_name = g_value_dup_string (value);
      break;
    case PROP_XID:
      self->xid = g_value_get_uint64 (value);
      break;
    case PROP_XNAME:
      g_free (self->xname);
      self->xname = g_value_dup_string (value);
      break;
    case PROP_TARGET:
      self->target_type = g_value_get_enum (value);
      break;
    case PROP_TEXTURE_ID:
      self->texture_id = g_value_get_uint (value);
      break;
    case PROP_TEXTURE_ORIGIN:
      self->texture_origin = g_value_get_enum (value);
      break;
    case PROP_WIDTH:
      self->width = g_value_get_uint (value);
      break;
    case PROP_HEIGHT:
      self->height = g_value_get_uint (value);
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
    case PROP_USE_DAMAGE:
      self->use_damage = g_value_get_boolean (value);
      break;
    case PROP_SKIP_UNCHANGED:
      self->skip_unchanged = g_value_get_boolean (value);
      break;
    case PROP_SHOW_POINTER:
      self->show_pointer = g_value_get_boolean (value);
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
    case PROP_CAPTURE_METHOD:
      self->capture_method = g_value_get_enum (value);
      break;
    case PROP_READBACK:
      self->readback = g_value_get_enum (value);
      break;
    default:
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
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_XID:
      g_value_set_uint64 (value, self->xid);
      break;
    case PROP_XNAME:
      g_value_set_string (value, self->xname);
      break;
    case PROP_TARGET:
      g_value_set_enum (value, self->target_type);
      break;
    case PROP_TEXTURE_ID:
      g_value_set_uint (value, self->texture_id);
      break;
    case PROP_TEXTURE_ORIGIN:
      g_value_set_enum (value, self->texture_origin);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
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
    case PROP_USE_DAMAGE:
      g_value_set_boolean (value, self->use_damage);
      break;
    case PROP_SKIP_UNCHANGED:
      g_value_set_boolean (value, self->skip_unchanged);
      break;
    case PROP_SHOW_POINTER:
      g_value_set_boolean (value, self->show_pointer);
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
    case PROP_CAPTURE_METHOD:
      g_value_set_enum (value, self->capture_method);
      break;
    case PROP_READBACK:
      g_value_set_enum (value, self->readback);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_gl_window_src_finalize (GObject * object)
{
  GstGLWindowSrc *self = GST_GL_WINDOW_SRC (object);

  g_free (self->display_name);
  g_free (self->xname);
  g_clear_error (&self->open_error);
  g_cond_clear (&self->frame_cond);
  gst_clear_object (&self->other_context);
  gst_clear_object (&self->display);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_gl_window_src_class_init (GstGLWindowSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *base_src_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *push_src_class = GST_PUSH_SRC_CLASS (klass);

  gobject_class->set_property = gst_gl_window_src_set_property;
  gobject_class->get_property = gst_gl_window_src_get_property;
  gobject_class->finalize = gst_gl_window_src_finalize;

  /**
   * GstGLWindowSrc:display-name:
   *
   * The X display to capture from, such as ":0". NULL uses $DISPLAY.
   */
  g_object_class_install_property (gobject_class, PROP_DISPLAY_NAME,
      g_param_spec_string ("display-name", "Display name",
          "X display to capture from (NULL: $DISPLAY)", DEFAULT_DISPLAY_NAME,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:xid:
   *
   * The X window to capture, by id. 0 means none: then #GstGLWindowSrc:xname
   * decides, and with neither the whole screen is captured. An id of no
   * window is an error, never a fallback to the screen.
   */
  g_object_class_install_property (gobject_class, PROP_XID,
      g_param_spec_uint64 ("xid", "Window id",
          "X window to capture, by id (0: none)", 0, G_MAXUINT64, DEFAULT_XID,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:xname:
   *
   * The X window to capture, by its exact title (WM_NAME or _NET_WM_NAME).
   * Used when #GstGLWindowSrc:xid is 0. A title that matches no window is an
   * error, never a fallback to the screen.
   */
  g_object_class_install_property (gobject_class, PROP_XNAME,
      g_param_spec_string ("xname", "Window name",
          "X window to capture, by its exact title", DEFAULT_XNAME,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstGLWindowSrc:target:
   *
   * What to capture. `auto` picks a window when #GstGLWindowSrc:xid or
   * #GstGLWindowSrc:xname is set, else the texture when
   * #GstGLWindowSrc:texture-id is set, else the screen.
   */
  g_object_class_install_property (gobject_class, PROP_TARGET,
      g_param_spec_enum ("target", "Target", "What to capture",
          GST_TYPE_GL_WINDOW_SRC_TARGET, DEFAULT_TARGET,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:texture-id:
   *
   * For `target=texture`: the application's GL_TEXTURE_2D (RGBA8), in the GL
   * context it shares with the pipeline (`gst.gl.app_context`).
   */
  g_object_class_install_property (gobject_class, PROP_TEXTURE_ID,
      g_param_spec_uint ("texture-id", "Texture id",
          "The application's GL texture to capture (target=texture)", 0,
          G_MAXUINT, DEFAULT_TEXTURE_ID,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:texture-origin:
   *
   * For `target=texture`: where row 0 of the texture is. Pictures rendered
   * by GL have it at the bottom (the default); the output is upright
   * either way.
   */
  g_object_class_install_property (gobject_class, PROP_TEXTURE_ORIGIN,
      g_param_spec_enum ("texture-origin", "Texture origin",
          "Where row 0 of the texture is (target=texture)",
          GST_TYPE_GL_WINDOW_SRC_ORIGIN, DEFAULT_TEXTURE_ORIGIN,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:width:
   *
   * For `target=texture`: the texture's width, where GL cannot report it
   * (GLES before 3.1). 0: ask GL. A value that disagrees with GL is an
   * error.
   */
  g_object_class_install_property (gobject_class, PROP_WIDTH,
      g_param_spec_uint ("width", "Width",
          "Texture width where GL cannot report it (0: ask GL)", 0,
          G_MAXINT, DEFAULT_WIDTH,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:height:
   *
   * For `target=texture`: the texture's height; see #GstGLWindowSrc:width.
   */
  g_object_class_install_property (gobject_class, PROP_HEIGHT,
      g_param_spec_uint ("height", "Height",
          "Texture height where GL cannot report it (0: ask GL)", 0,
          G_MAXINT, DEFAULT_HEIGHT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:is-live:
   *
   * TRUE: frames are captured at the negotiated rate on the pipeline clock
   * and stamped with the capture time. FALSE: as fast as downstream takes
   * them, stamped n / framerate - offline rendering to a file; with
   * `target=texture`, exactly one frame per #GstGLWindowSrc::frame-ready.
   */
  g_object_class_install_property (gobject_class, PROP_IS_LIVE,
      g_param_spec_boolean ("is-live", "Is live",
          "Capture on the clock at the frame rate (FALSE: offline, as fast "
          "as downstream goes)", DEFAULT_IS_LIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstGLWindowSrc:resize-mode:
   *
   * What a resized window does to the stream: `renegotiate` sends new caps
   * at the new size (at most once per 100 ms while it is being dragged;
   * every buffer matches the caps it is sent under); `scale` keeps the
   * first size and scales the picture into it, keeping its aspect ratio,
   * for encoders and muxers that cannot change size.
   */
  g_object_class_install_property (gobject_class, PROP_RESIZE_MODE,
      g_param_spec_enum ("resize-mode", "Resize mode",
          "What a resized window does to the stream",
          GST_TYPE_GL_WINDOW_SRC_RESIZE_MODE, DEFAULT_RESIZE_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:on-close:
   *
   * What the window closing does: `eos` ends the stream (a recording is
   * finalised), `error` posts an error, `wait` repeats the last frame and,
   * when a window with the same #GstGLWindowSrc:xname appears, captures it.
   * A window given by #GstGLWindowSrc:xid is never looked for again: X
   * reuses ids for other windows.
   */
  g_object_class_install_property (gobject_class, PROP_ON_CLOSE,
      g_param_spec_enum ("on-close", "On close",
          "What the captured window closing does",
          GST_TYPE_GL_WINDOW_SRC_ON_CLOSE, DEFAULT_ON_CLOSE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:use-damage:
   *
   * Use the X DAMAGE extension: a frame in which the window did not change
   * is not copied again; the previous frame is sent (or nothing, with
   * #GstGLWindowSrc:skip-unchanged).
   */
  g_object_class_install_property (gobject_class, PROP_USE_DAMAGE,
      g_param_spec_boolean ("use-damage", "Use damage",
          "Copy a window only when it changed (X DAMAGE)", DEFAULT_USE_DAMAGE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:skip-unchanged:
   *
   * Send no buffer for a frame in which the window did not change: a
   * variable frame rate, for streaming. Needs #GstGLWindowSrc:use-damage.
   */
  g_object_class_install_property (gobject_class, PROP_SKIP_UNCHANGED,
      g_param_spec_boolean ("skip-unchanged", "Skip unchanged",
          "Send only frames in which the window changed (variable rate)",
          DEFAULT_SKIP_UNCHANGED,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:show-pointer:
   *
   * Blend the mouse pointer's image (XFixes) into the frame where it is.
   * Off by default: the picture is what the application rendered.
   */
  g_object_class_install_property (gobject_class, PROP_SHOW_POINTER,
      g_param_spec_boolean ("show-pointer", "Show pointer",
          "Draw the mouse pointer into the frame", DEFAULT_SHOW_POINTER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:crop-x:
   *
   * Left edge of the part of the window to capture, in window pixels.
   */
  g_object_class_install_property (gobject_class, PROP_CROP_X,
      g_param_spec_uint ("crop-x", "Crop x",
          "Left edge of the captured part, in window pixels", 0, G_MAXINT,
          DEFAULT_CROP, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:crop-y:
   *
   * Top edge of the part of the window to capture, in window pixels from
   * the top.
   */
  g_object_class_install_property (gobject_class, PROP_CROP_Y,
      g_param_spec_uint ("crop-y", "Crop y",
          "Top edge of the captured part, in window pixels", 0, G_MAXINT,
          DEFAULT_CROP, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:crop-width:
   *
   * Width of the part to capture; 0: to the right edge. A crop that
   * overhangs the window is cut to fit, with a warning; one that starts
   * outside it is an error.
   */
  g_object_class_install_property (gobject_class, PROP_CROP_WIDTH,
      g_param_spec_uint ("crop-width", "Crop width",
          "Width of the captured part (0: to the right edge)", 0, G_MAXINT,
          DEFAULT_CROP, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:crop-height:
   *
   * Height of the part to capture; 0: to the bottom edge.
   */
  g_object_class_install_property (gobject_class, PROP_CROP_HEIGHT,
      g_param_spec_uint ("crop-height", "Crop height",
          "Height of the captured part (0: to the bottom edge)", 0, G_MAXINT,
          DEFAULT_CROP, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstGLWindowSrc:capture-method:
   *
   * How an X11 window is read. `texture-from-pixmap` binds its composite
   * pixmap as a texture in the pipeline's GLX context: with a GPU, a GPU
   * copy and no CPU work. `xshm` reads it on the CPU. `auto` takes
   * texture-from-pixmap on a hardware GL driver and xshm on a software one
   * (llvmpipe), where drawing every pixel costs more than the CPU read;
   * and xshm wherever pixmaps cannot be bound (EGL, the root window).
   */
  g_object_class_install_property (gobject_class, PROP_CAPTURE_METHOD,
      g_param_spec_enum ("capture-method", "Capture method",
          "How an X11 window is read", GST_TYPE_GL_WINDOW_SRC_CAPTURE_METHOD,
          DEFAULT_CAPTURE_METHOD, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstGLWindowSrc:readback:
   *
   * How a picture on the GPU reaches system memory. `direct` reads each
   * frame into its output buffer and waits for the copy. `pbo-ring` reads
   * into GL pixel-pack buffers mapped once for good (persistent mapping),
   * which are themselves the output buffers: on a GPU the copy then runs
   * while the next frame is captured, each frame is sent one capture
   * later (reported in the latency), and the CPU copies nothing. `auto`
   * takes pbo-ring for a live source on a hardware driver that can map
   * persistently, and direct on a software one (llvmpipe), where a read is
   * a CPU copy either way, and offline (is-live=false), where capturing
   * one frame ahead of what is sent would draw a frame that may never be
   * sent. Frames that are already in system memory (xshm) and GLMemory
   * output are not affected; offline texture capture (frame-ready) is
   * always direct, since each frame-ready waits for its own frame.
   */
  g_object_class_install_property (gobject_class, PROP_READBACK,
      g_param_spec_enum ("readback", "Readback",
          "How GPU pictures reach system memory",
          GST_TYPE_GL_WINDOW_SRC_READBACK, DEFAULT_READBACK,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstGLWindowSrc::draw:
   * @src: the element
   * @context: the #GstGLContext, current on the calling (GL) thread
   * @width: the frame's width
   * @height: the frame's height
   * @timestamp: the frame's running time, in nanoseconds
   *
   * For `target=draw`: emitted on the GL thread for every frame, with the
   * element's framebuffer (colour, depth, stencil) bound and the viewport
   * set to the whole frame. Draw with ordinary GL calls in GL's usual
   * convention, origin at the bottom left, exactly as into a window: what
   * is drawn at the top of the viewport is row 0 of the output.
   *
   * Returns: TRUE when a frame was drawn; FALSE is an error.
   */
  signals[SIGNAL_DRAW] = g_signal_new ("draw", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST, 0, g_signal_accumulator_first_wins, NULL, NULL,
      G_TYPE_BOOLEAN, 4, GST_TYPE_GL_CONTEXT, G_TYPE_UINT, G_TYPE_UINT,
      G_TYPE_UINT64);
  /**
   * GstGLWindowSrc::frame-ready:
   * @src: the element
   *
   * For `target=texture`: the application finished rendering a frame into
   * its texture. Call it on the thread where the application's context is
   * current: a fence then keeps the element from reading a half-rendered
   * texture. With #GstGLWindowSrc:is-live FALSE, each call makes exactly
   * one buffer and returns once the texture has been copied and the frame
   * sent (or the stream has stopped).
   */
  signals[SIGNAL_FRAME_READY] = g_signal_new_class_handler ("frame-ready",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_gl_window_src_frame_ready), NULL, NULL, NULL,
      G_TYPE_NONE, 0);

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "GL window source", "Source/Video",
      "Captures a GL render target (an X11 window or the screen) as "
      "top-down RGBA video in system or GL memory", "The glwindowsrc authors");
  element_class->set_context = gst_gl_window_src_set_context;

  base_src_class->start = gst_gl_window_src_start;
  base_src_class->stop = gst_gl_window_src_stop;
  base_src_class->get_caps = gst_gl_window_src_get_caps;
  base_src_class->negotiate = gst_gl_window_src_negotiate;
  base_src_class->fixate = gst_gl_window_src_fixate;
  base_src_class->set_caps = gst_gl_window_src_set_caps;
  base_src_class->query = gst_gl_window_src_query;
  base_src_class->decide_allocation = gst_gl_window_src_decide_allocation;
  base_src_class->unlock = gst_gl_window_src_unlock;
  base_src_class->unlock_stop = gst_gl_window_src_unlock_stop;
  push_src_class->create = gst_gl_window_src_create;

  GST_DEBUG_CATEGORY_INIT (gst_gl_window_src_debug, "glwindowsrc", 0,
      "GL window source");
  gst_type_mark_as_plugin_api (GST_TYPE_GL_WINDOW_SRC_TARGET, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_GL_WINDOW_SRC_ORIGIN, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_GL_WINDOW_SRC_RESIZE_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_GL_WINDOW_SRC_ON_CLOSE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_GL_WINDOW_SRC_CAPTURE_METHOD, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_GL_WINDOW_SRC_READBACK, 0);
}

static void
gst_gl_window_src_init (GstGLWindowSrc * self)
{
  self->frame_duration = GST_CLOCK_TIME_NONE;
  self->next_capture_time = GST_CLOCK_TIME_NONE;
  self->target_type = DEFAULT_TARGET;
  self->texture_origin = DEFAULT_TEXTURE_ORIGIN;
  self->is_live = DEFAULT_IS_LIVE;
  self->resize_mode = DEFAULT_RESIZE_MODE;
  self->on_close = DEFAULT_ON_CLOSE;
  self->use_damage = DEFAULT_USE_DAMAGE;
  self->skip_unchanged = DEFAULT_SKIP_UNCHANGED;
  self->show_pointer = DEFAULT_SHOW_POINTER;
  self->capture_method = DEFAULT_CAPTURE_METHOD;
  self->readback = DEFAULT_READBACK;
  g_cond_init (&self->frame_cond);
  gst_pad_add_probe (GST_BASE_SRC_PAD (self), GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, (GstPadProbeCallback) count_sent,
      self, NULL);
  gst_base_src_set_live (GST_BASE_SRC (self), TRUE);
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
}
