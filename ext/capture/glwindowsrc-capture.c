/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* libglwindowsrc-capture: a glwindowsrc ! appsink pipeline behind a plain
 * C API (glwindowsrc-capture.h). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>

#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>
#include <gst/gl/gl.h>
#ifdef HAVE_GLX
#include <GL/glx.h>
#include <gst/gl/x11/gstgldisplay_x11.h>
#endif
#ifdef HAVE_EGL
#include <EGL/egl.h>
#include <gst/gl/egl/gstgldisplay_egl.h>
#include <gst/gl/egl/gstgldisplay_egl_device.h>
#endif

#include "glwindowsrc-capture.h"

#define EXPORT __attribute__ ((visibility ("default")))

/* gst_clear_sample() is GStreamer 1.24's. */
#define clear_sample(pointer) g_clear_pointer (pointer, gst_sample_unref)

/* How often a wait for a frame looks at the bus: errors are posted there,
 * and an appsink that will never get another sample does not wake. */
#define POLL_INTERVAL (50 * GST_MSECOND)

struct _GlwindowsrcCapture
{
  GstElement *pipeline;
  GstElement *src;
  GstElement *capsfilter;
  GstElement *sink;
  gboolean open;
  gboolean paused;

  /* The frame last handed out, mapped, and the first one, taken by open()
   * and handed out by the first read(). */
  GstSample *sample;
  GstVideoFrame frame;
  gboolean mapped;
  GstSample *pending;

  gchar *error, *error_debug, *error_source;
  gchar *warning, *warning_debug;

  GlwindowsrcDrawFunc draw;
  void *draw_data;

  /* GL objects handed to the pipeline as contexts: the application's
   * (texture) or a headless display (draw without X). */
  GstGLDisplay *gl_display;
  GstGLContext *app_context;
};

static gboolean
find_element (void)
{
  GstPluginFeature *feature = gst_registry_find_feature (gst_registry_get (),
      "glwindowsrc", GST_TYPE_ELEMENT_FACTORY);

  if (!feature)
    return FALSE;
  gst_object_unref (feature);
  return TRUE;
}

/* Installed, the plugin is in <libdir>/gstreamer-1.0 beside this library
 * (found by GStreamer itself when libdir is its own); in a build tree,
 * the library is in <build>/ext/capture and the plugin in <build>/gst. */
static void
scan_beside_library (void)
{
  Dl_info info;
  gchar *dir, *path;

  if (!dladdr ((void *) scan_beside_library, &info) || !info.dli_fname)
    return;
  dir = g_path_get_dirname (info.dli_fname);
  path = g_build_filename (dir, "gstreamer-1.0", NULL);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    gst_registry_scan_path (gst_registry_get (), path);
  g_free (path);
  if (!find_element ()) {
    path = g_build_filename (dir, "..", "..", "gst", NULL);
    if (g_file_test (path, G_FILE_TEST_IS_DIR))
      gst_registry_scan_path (gst_registry_get (), path);
    g_free (path);
  }
  g_free (dir);
}

static gboolean
ensure_plugin (char **error)
{
  GError *err = NULL;

  if (!gst_is_initialized () && !gst_init_check (NULL, NULL, &err)) {
    if (error)
      *error = g_strdup_printf ("GStreamer could not be initialised: %s",
          err->message);
    g_clear_error (&err);
    return FALSE;
  }
  if (find_element ())
    return TRUE;
  scan_beside_library ();
  if (find_element ())
    return TRUE;
  if (error)
    *error = g_strdup ("GStreamer element 'glwindowsrc' not found: install "
        "the plugin, or point GST_PLUGIN_PATH at the build's gst/ folder");
  return FALSE;
}

static void
clear_error (GlwindowsrcCapture * capture)
{
  g_clear_pointer (&capture->error, g_free);
  g_clear_pointer (&capture->error_debug, g_free);
  g_clear_pointer (&capture->error_source, g_free);
}

static void
set_error (GlwindowsrcCapture * capture, const gchar * debug,
    const gchar * format, ...) G_GNUC_PRINTF (3, 4);

static void
set_error (GlwindowsrcCapture * capture, const gchar * debug,
    const gchar * format, ...)
{
  va_list args;

  clear_error (capture);
  va_start (args, format);
  capture->error = g_strdup_vprintf (format, args);
  va_end (args);
  capture->error_debug = g_strdup (debug);
}

EXPORT const char *
glwindowsrc_capture_hook_library (void)
{
  static gchar *path = NULL;
  static gsize looked = 0;

  if (g_once_init_enter (&looked)) {
    Dl_info info;

    if (dladdr ((void *) glwindowsrc_capture_hook_library, &info)
        && info.dli_fname) {
      gchar *dir = g_path_get_dirname (info.dli_fname);
      /* Installed: <libdir>/glwindowsrc/; built: <build>/ext/hook/. */
      gchar *installed = g_build_filename (dir, "glwindowsrc",
          "libglwindowsrc-hook.so", NULL);
      gchar *built = g_build_filename (dir, "..", "hook",
          "libglwindowsrc-hook.so", NULL);

      if (g_file_test (installed, G_FILE_TEST_EXISTS))
        path = g_steal_pointer (&installed);
      else if (g_file_test (built, G_FILE_TEST_EXISTS))
        path = g_canonicalize_filename (built, NULL);
      g_free (installed);
      g_free (built);
      g_free (dir);
    }
    g_once_init_leave (&looked, 1);
  }
  return path;
}

EXPORT const char *
glwindowsrc_capture_version (void)
{
  return VERSION;
}

EXPORT int
glwindowsrc_capture_abi (void)
{
  return GLWINDOWSRC_CAPTURE_ABI;
}

EXPORT void
glwindowsrc_free (void *pointer)
{
  g_free (pointer);
}

EXPORT GlwindowsrcCapture *
glwindowsrc_capture_new (char **error)
{
  GlwindowsrcCapture *capture;

  if (error)
    *error = NULL;
  if (!ensure_plugin (error))
    return NULL;

  capture = g_new0 (GlwindowsrcCapture, 1);
  capture->pipeline = gst_pipeline_new ("glwindowsrc-capture");
  capture->src = gst_element_factory_make ("glwindowsrc", "src");
  capture->capsfilter = gst_element_factory_make ("capsfilter", "caps");
  capture->sink = gst_element_factory_make ("appsink", "sink");
  if (!capture->src || !capture->capsfilter || !capture->sink) {
    if (error)
      *error = g_strdup ("Could not create glwindowsrc, capsfilter and "
          "appsink (gstreamer1.0-plugins-base missing?)");
    gst_clear_object (&capture->src);
    gst_clear_object (&capture->capsfilter);
    gst_clear_object (&capture->sink);
    gst_object_unref (capture->pipeline);
    g_free (capture);
    return NULL;
  }
  gst_bin_add_many (GST_BIN (capture->pipeline), capture->src,
      capture->capsfilter, capture->sink, NULL);
  gst_element_link_many (capture->src, capture->capsfilter, capture->sink,
      NULL);
  /* The source paces itself (live) or should run flat out (not live): a
   * clock-synchronised sink would only add waiting. */
  g_object_set (capture->sink, "sync", FALSE, NULL);
  glwindowsrc_capture_set_drop (capture, 1);
  glwindowsrc_capture_set_format (capture, 0, 0, 0, 0);
  return capture;
}

static void
unmap_frame (GlwindowsrcCapture * capture)
{
  if (capture->mapped)
    gst_video_frame_unmap (&capture->frame);
  capture->mapped = FALSE;
  clear_sample (&capture->sample);
}

EXPORT void
glwindowsrc_capture_close (GlwindowsrcCapture * capture)
{
  if (!capture)
    return;
  gst_element_set_state (capture->pipeline, GST_STATE_NULL);
  unmap_frame (capture);
  clear_sample (&capture->pending);
  capture->open = FALSE;
  capture->paused = FALSE;
}

EXPORT void
glwindowsrc_capture_free (GlwindowsrcCapture * capture)
{
  if (!capture)
    return;
  glwindowsrc_capture_close (capture);
  gst_object_unref (capture->pipeline);
  gst_clear_object (&capture->app_context);
  gst_clear_object (&capture->gl_display);
  clear_error (capture);
  g_free (capture->warning);
  g_free (capture->warning_debug);
  g_free (capture);
}

EXPORT int
glwindowsrc_capture_set (GlwindowsrcCapture * capture, const char *property,
    const char *value)
{
  GParamSpec *spec = g_object_class_find_property (G_OBJECT_GET_CLASS
      (capture->src), property);

  if (!spec || !(spec->flags & G_PARAM_WRITABLE)) {
    set_error (capture, NULL, "glwindowsrc has no property \"%s\"", property);
    return -1;
  }
  if (G_TYPE_IS_ENUM (spec->value_type)
      && !g_enum_get_value_by_nick (g_type_class_peek (spec->value_type),
          value) && !g_enum_get_value_by_name (g_type_class_peek
          (spec->value_type), value)) {
    set_error (capture, NULL, "\"%s\" is not a value of glwindowsrc's "
        "\"%s\"", value, property);
    return -1;
  }
  gst_util_set_object_arg (G_OBJECT (capture->src), property, value);
  return 0;
}

EXPORT int
glwindowsrc_capture_set_format (GlwindowsrcCapture * capture, int32_t fps_n,
    int32_t fps_d, int32_t width, int32_t height)
{
  GstCaps *caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING,
      "RGBA", NULL);

  if (fps_n > 0 && fps_d > 0)
    gst_caps_set_simple (caps, "framerate", GST_TYPE_FRACTION, fps_n, fps_d,
        NULL);
  if (width > 0 && height > 0)
    gst_caps_set_simple (caps, "width", G_TYPE_INT, width, "height",
        G_TYPE_INT, height, NULL);
  g_object_set (capture->capsfilter, "caps", caps, NULL);
  gst_caps_unref (caps);
  return 0;
}

EXPORT void
glwindowsrc_capture_set_drop (GlwindowsrcCapture * capture, int drop)
{
  g_object_set (capture->sink, "drop", drop ? TRUE : FALSE, "max-buffers",
      drop ? 1 : 2, NULL);
}

static gboolean
on_draw (GstElement * src, GstGLContext * context, guint width, guint height,
    guint64 timestamp, GlwindowsrcCapture * capture)
{
  return capture->draw (capture->draw_data, width, height, timestamp) != 0;
}

/* capture->gl_display as the pipeline's GL display (gst.gl.GLDisplay). */
static void
hand_display (GlwindowsrcCapture * capture)
{
  GstContext *context = gst_context_new (GST_GL_DISPLAY_CONTEXT_TYPE, TRUE);

  gst_context_set_gl_display (context, capture->gl_display);
  gst_element_set_context (capture->pipeline, context);
  gst_context_unref (context);
}

/* Draw mode with no X display: GL on the EGL device platform, handed to
 * the pipeline as its display, so that no environment variable changes. */
static void
use_headless_display (GlwindowsrcCapture * capture)
{
#ifdef HAVE_EGL
  if (g_getenv ("DISPLAY") || g_getenv ("WAYLAND_DISPLAY")
      || g_getenv ("GST_GL_PLATFORM") || capture->gl_display)
    return;
  capture->gl_display =
      GST_GL_DISPLAY (gst_gl_display_egl_device_new (0));
  if (capture->gl_display)
    hand_display (capture);
#endif
}

EXPORT void
glwindowsrc_capture_set_draw (GlwindowsrcCapture * capture,
    GlwindowsrcDrawFunc func, void *user_data)
{
  capture->draw = func;
  capture->draw_data = user_data;
  g_signal_connect (capture->src, "draw", G_CALLBACK (on_draw), capture);
  use_headless_display (capture);
}

static void
hand_contexts (GlwindowsrcCapture * capture)
{
  GstContext *context;

  hand_display (capture);
  context = gst_context_new ("gst.gl.app_context", TRUE);
  gst_structure_set (gst_context_writable_structure (context), "context",
      GST_TYPE_GL_CONTEXT, capture->app_context, NULL);
  gst_element_set_context (capture->pipeline, context);
  gst_context_unref (context);
}

EXPORT int
glwindowsrc_capture_share_current_context (GlwindowsrcCapture * capture)
{
  GstGLDisplay *display = NULL;
  guintptr handle = 0;
  GstGLPlatform platform = GST_GL_PLATFORM_NONE;
  GstGLAPI api;

#ifdef HAVE_GLX
  if (glXGetCurrentContext ()) {
    display = GST_GL_DISPLAY (gst_gl_display_x11_new_with_display
        (glXGetCurrentDisplay ()));
    handle = (guintptr) glXGetCurrentContext ();
    platform = GST_GL_PLATFORM_GLX;
  }
#endif
#ifdef HAVE_EGL
  if (!handle && eglGetCurrentContext () != EGL_NO_CONTEXT) {
    display = GST_GL_DISPLAY (gst_gl_display_egl_new_with_egl_display
        (eglGetCurrentDisplay ()));
    handle = (guintptr) eglGetCurrentContext ();
    platform = GST_GL_PLATFORM_EGL;
  }
#endif
  if (!handle || !display) {
    gst_clear_object (&display);
    set_error (capture, "glXGetCurrentContext and eglGetCurrentContext "
        "found none on this thread", "No GL context is current on this "
        "thread: make the application's context current first (VTK: "
        "render_window.MakeCurrent())");
    return -1;
  }
  api = gst_gl_context_get_current_gl_api (platform, NULL, NULL);
  gst_clear_object (&capture->app_context);
  gst_clear_object (&capture->gl_display);
  capture->gl_display = display;
  capture->app_context = gst_gl_context_new_wrapped (display, handle,
      platform, api ? api : GST_GL_API_OPENGL);
  if (!capture->app_context) {
    set_error (capture, "gst_gl_context_new_wrapped returned NULL",
        "The application's GL context could not be shared");
    return -1;
  }
  hand_contexts (capture);
  return 0;
}

EXPORT void
glwindowsrc_capture_frame_ready (GlwindowsrcCapture * capture)
{
  g_signal_emit_by_name (capture->src, "frame-ready");
}

/* Takes the bus's messages: FALSE with the error set when one is an
 * ERROR; warnings are kept, since they explain an end of stream. */
static gboolean
check_bus (GlwindowsrcCapture * capture)
{
  GstBus *bus = gst_element_get_bus (capture->pipeline);
  GstMessage *msg;
  gboolean ok = TRUE;

  while (ok && (msg = gst_bus_pop_filtered (bus,
              GST_MESSAGE_ERROR | GST_MESSAGE_WARNING))) {
    GError *err = NULL;
    gchar *debug = NULL;

    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      gst_message_parse_error (msg, &err, &debug);
      clear_error (capture);
      capture->error = g_strdup (err->message);
      capture->error_debug = debug;
      capture->error_source = g_strdup (GST_MESSAGE_SRC_NAME (msg));
      ok = FALSE;
    } else {
      gst_message_parse_warning (msg, &err, &debug);
      g_free (capture->warning);
      g_free (capture->warning_debug);
      capture->warning = g_strdup (err->message);
      capture->warning_debug = debug;
    }
    g_clear_error (&err);
    gst_message_unref (msg);
  }
  gst_object_unref (bus);
  return ok;
}

/* The next sample within @timeout_s: OK, END or ERROR. */
static int
pull (GlwindowsrcCapture * capture, double timeout_s, GstSample ** sample)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * 1e6);

  for (;;) {
    gint64 left;

    if (!check_bus (capture))
      return GLWINDOWSRC_ERROR;
    left = deadline - g_get_monotonic_time ();
    *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (capture->sink),
        MIN (POLL_INTERVAL, MAX (0, left) * 1000));
    if (*sample)
      return GLWINDOWSRC_OK;
    if (gst_app_sink_is_eos (GST_APP_SINK (capture->sink))) {
      if (!check_bus (capture))
        return GLWINDOWSRC_ERROR;
      clear_error (capture);
      capture->error = g_strdup (capture->warning ? capture->warning :
          "End of stream");
      capture->error_debug = g_strdup (capture->warning_debug);
      return GLWINDOWSRC_END;
    }
    if (left <= 0) {
      if (!check_bus (capture))
        return GLWINDOWSRC_ERROR;
      set_error (capture, NULL, "No frame within %g s", timeout_s);
      return GLWINDOWSRC_ERROR;
    }
  }
}

/* With X and no choice made by the environment, the GL display is the X
 * one the capture is on, handed to the pipeline: GstGL would otherwise try
 * Wayland first, which costs a failed connection (40 ms here) and a
 * warning on stderr at every start. */
static void
use_x11_display (GlwindowsrcCapture * capture)
{
#ifdef HAVE_GLX
  gchar *name = NULL;

  if (capture->gl_display || g_getenv ("GST_GL_WINDOW")
      || g_getenv ("GST_GL_PLATFORM") || g_getenv ("WAYLAND_DISPLAY"))
    return;
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (capture->src),
          "display-name"))
    g_object_get (capture->src, "display-name", &name, NULL);
  if (!name && !g_getenv ("DISPLAY"))
    return;
  capture->gl_display = (GstGLDisplay *) gst_gl_display_x11_new (name);
  g_free (name);
  if (capture->gl_display)
    hand_display (capture);
#endif
}

EXPORT int
glwindowsrc_capture_open (GlwindowsrcCapture * capture, double timeout_s)
{
  int ret;

  if (capture->open)
    return GLWINDOWSRC_OK;
  clear_error (capture);
  g_clear_pointer (&capture->warning, g_free);
  g_clear_pointer (&capture->warning_debug, g_free);
  capture->open = TRUE;
  use_x11_display (capture);
  if (gst_element_set_state (capture->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    if (check_bus (capture))
      set_error (capture, NULL, "Could not start the capture pipeline");
    glwindowsrc_capture_close (capture);
    return GLWINDOWSRC_ERROR;
  }
  /* An application's texture captured offline (is-live=false) makes one
   * frame per frame-ready, and the first is the picture it has now: the
   * element takes frame-ready only once its target is open, which is now
   * (on this thread, where the application's context is current). */
  if (capture->app_context) {
    gboolean live = TRUE;

    g_object_get (capture->src, "is-live", &live, NULL);
    if (!live)
      glwindowsrc_capture_frame_ready (capture);
  }
  ret = pull (capture, timeout_s, &capture->pending);
  if (ret != GLWINDOWSRC_OK) {
    glwindowsrc_capture_close (capture);
    return ret;
  }
  /* Frames flow before the bin has finished going to PLAYING: wait for it,
   * so that open() returns a settled pipeline. */
  gst_element_get_state (capture->pipeline, NULL, NULL, GST_SECOND);
  return GLWINDOWSRC_OK;
}

EXPORT int
glwindowsrc_capture_get_size (GlwindowsrcCapture * capture, int32_t * width,
    int32_t * height)
{
  GstSample *sample = capture->pending ? capture->pending : capture->sample;
  GstVideoInfo info;

  if (!sample || !gst_video_info_from_caps (&info,
          gst_sample_get_caps (sample)))
    return -1;
  *width = GST_VIDEO_INFO_WIDTH (&info);
  *height = GST_VIDEO_INFO_HEIGHT (&info);
  return 0;
}

EXPORT int
glwindowsrc_capture_pause (GlwindowsrcCapture * capture)
{
  GstSample *stale;

  if (!capture->open || capture->paused)
    return GLWINDOWSRC_OK;
  if (gst_element_set_state (capture->pipeline, GST_STATE_PAUSED) ==
      GST_STATE_CHANGE_FAILURE) {
    if (check_bus (capture))
      set_error (capture, NULL, "Could not pause the capture");
    return GLWINDOWSRC_ERROR;
  }
  gst_element_get_state (capture->pipeline, NULL, NULL, GST_SECOND);
  unmap_frame (capture);
  clear_sample (&capture->pending);
  while ((stale = gst_app_sink_try_pull_sample (GST_APP_SINK (capture->sink),
              0)))
    gst_sample_unref (stale);
  capture->paused = TRUE;
  return GLWINDOWSRC_OK;
}

EXPORT int64_t
glwindowsrc_capture_running_time (GlwindowsrcCapture * capture)
{
  GstClock *clock = gst_pipeline_get_clock (GST_PIPELINE (capture->pipeline));
  GstClockTime now;

  if (!clock || !capture->open) {
    gst_clear_object (&clock);
    return 0;
  }
  now = gst_clock_get_time (clock) -
      gst_element_get_base_time (capture->pipeline);
  gst_object_unref (clock);
  return (int64_t) now;
}

EXPORT int
glwindowsrc_capture_read (GlwindowsrcCapture * capture, double timeout_s,
    int fresh, GlwindowsrcFrame * frame, uint32_t frame_size)
{
  gint64 not_before_ns = -1;
  GstSample *sample = NULL;
  GstVideoInfo info;
  GstBuffer *buffer;
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * 1e6);
  int ret;

  if (frame_size < sizeof (GlwindowsrcFrame)) {
    set_error (capture, NULL, "GlwindowsrcFrame of %u bytes: this library "
        "needs %u", frame_size, (guint) sizeof (GlwindowsrcFrame));
    return GLWINDOWSRC_ERROR;
  }
  if (!capture->open) {
    ret = glwindowsrc_capture_open (capture, timeout_s);
    if (ret != GLWINDOWSRC_OK)
      return ret;
  }
  unmap_frame (capture);
  if (capture->paused) {
    if (gst_element_set_state (capture->pipeline, GST_STATE_PLAYING) ==
        GST_STATE_CHANGE_FAILURE) {
      if (check_bus (capture))
        set_error (capture, NULL, "Could not resume the capture");
      return GLWINDOWSRC_ERROR;
    }
    capture->paused = FALSE;
    /* Nothing was captured while paused and what was queued before went
     * at the pause: every frame now is from after this call. */
    not_before_ns = 0;
  } else if (fresh) {
    gboolean live = TRUE;

    g_object_get (capture->src, "is-live", &live, NULL);
    /* Offline, frames are made on demand (frame-ready): the one asked for
     * is the next in the queue, not the one open() kept. Live, it is one
     * captured after now. */
    if (live)
      not_before_ns = glwindowsrc_capture_running_time (capture);
    else
      clear_sample (&capture->pending);
  }

  if (capture->pending && not_before_ns < 0) {
    sample = g_steal_pointer (&capture->pending);
    /* With drop, a newer frame may be waiting: the newest is wanted. */
    if (gst_app_sink_get_drop (GST_APP_SINK (capture->sink))) {
      GstSample *newer =
          gst_app_sink_try_pull_sample (GST_APP_SINK (capture->sink), 0);
      if (newer) {
        gst_sample_unref (sample);
        sample = newer;
      }
    }
  }
  clear_sample (&capture->pending);
  while (!sample) {
    double left = (deadline - g_get_monotonic_time ()) / 1e6;

    ret = pull (capture, MAX (0.0, left), &sample);
    if (ret != GLWINDOWSRC_OK)
      return ret;
    buffer = gst_sample_get_buffer (sample);
    if (not_before_ns >= 0 && GST_BUFFER_PTS_IS_VALID (buffer)
        && GST_BUFFER_PTS (buffer) < (GstClockTime) not_before_ns)
      clear_sample (&sample);
  }

  buffer = gst_sample_get_buffer (sample);
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample))
      || !gst_video_frame_map (&capture->frame, &info, buffer, GST_MAP_READ)) {
    gst_sample_unref (sample);
    set_error (capture, NULL, "A frame could not be read");
    return GLWINDOWSRC_ERROR;
  }
  capture->sample = sample;
  capture->mapped = TRUE;
  frame->data = GST_VIDEO_FRAME_PLANE_DATA (&capture->frame, 0);
  frame->width = GST_VIDEO_FRAME_WIDTH (&capture->frame);
  frame->height = GST_VIDEO_FRAME_HEIGHT (&capture->frame);
  frame->stride = GST_VIDEO_FRAME_PLANE_STRIDE (&capture->frame, 0);
  frame->reserved = 0;
  frame->pts = GST_BUFFER_PTS (buffer);
  return GLWINDOWSRC_OK;
}

EXPORT const char *
glwindowsrc_capture_error (GlwindowsrcCapture * capture)
{
  return capture->error;
}

EXPORT const char *
glwindowsrc_capture_error_debug (GlwindowsrcCapture * capture)
{
  return capture->error_debug;
}

EXPORT const char *
glwindowsrc_capture_error_source (GlwindowsrcCapture * capture)
{
  return capture->error_source;
}
