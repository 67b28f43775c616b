/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers shared by the glwindowsrc gst-check suites; see the header. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "glwindowsrc-check-util.h"

#include <gst/gl/gl.h>

#include <string.h>

/* ------------------------------------------------------------------------ */
/* pipelines                                                                 */

GstElement *
pipeline_new (const gchar * format, ...)
{
  GError *err = NULL;
  GstElement *pipeline;
  gchar *desc;
  va_list args;

  va_start (args, format);
  desc = g_strdup_vprintf (format, args);
  va_end (args);

  /* A recoverable error (a misspelt property, say) still builds a pipeline:
   * fail on it too, or a test would run something other than it says. */
  pipeline = gst_parse_launch (desc, &err);
  fail_unless (pipeline != NULL && err == NULL, "cannot build '%s': %s",
      desc, err ? err->message : "?");
  GST_INFO ("pipeline: %s", desc);
  g_free (desc);
  return pipeline;
}

GstElement *
get_named (GstElement * pipeline, const gchar * name)
{
  GstElement *e = gst_bin_get_by_name (GST_BIN (pipeline), name);

  fail_unless (e != NULL, "no element named '%s' in the pipeline", name);
  /* The pipeline holds it for the test's lifetime; tests use it as a
   * borrowed pointer. */
  gst_object_unref (e);
  return e;
}

/* A readable description of any error already on the bus, for messages. */
gchar *
bus_error_text (GstElement * pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  gchar *text;

  if (msg) {
    GError *err = NULL;
    gchar *dbg = NULL;

    gst_message_parse_error (msg, &err, &dbg);
    text = g_strdup_printf ("error from %s: %s (%s)",
        GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), err->message,
        GST_STR_NULL (dbg));
    g_clear_error (&err);
    g_free (dbg);
    gst_message_unref (msg);
  } else {
    text = g_strdup ("no error on the bus");
  }
  gst_object_unref (bus);
  return text;
}

void
play (GstElement * pipeline)
{
  GstStateChangeReturn ret = gst_element_set_state (pipeline,
      GST_STATE_PLAYING);

  if (ret == GST_STATE_CHANGE_FAILURE) {
    gchar *why = bus_error_text (pipeline);
    fail ("pipeline failed to go to PLAYING: %s", why);
  }
}

/* The next frame from the appsink named "sink"; a missing frame fails with
 * whatever error the pipeline posted, which is usually the real cause. */
GstSample *
pull_sample (GstElement * pipeline)
{
  GstSample *sample =
      gst_app_sink_try_pull_sample (GST_APP_SINK (get_named (pipeline,
              "sink")), PULL_TIMEOUT);

  if (sample == NULL) {
    gchar *why = bus_error_text (pipeline);
    fail ("no frame from the pipeline within %" GST_TIME_FORMAT ": %s",
        GST_TIME_ARGS (PULL_TIMEOUT), why);
  }
  return sample;
}

void
stop_and_free (GstElement * pipeline)
{
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (pipeline);
}

/* The caps the glwindowsrc named "src" negotiated itself: the memory type
 * is decided there, whatever later elements make of it. */
GstCaps *
src_caps (GstElement * pipeline)
{
  GstPad *pad = gst_element_get_static_pad (get_named (pipeline, "src"),
      "src");
  GstCaps *caps = gst_pad_get_current_caps (pad);

  gst_object_unref (pad);
  fail_unless (caps != NULL, "the source has not negotiated caps");
  return caps;
}

gboolean
caps_have_gl_memory (GstCaps * caps)
{
  return gst_caps_features_contains (gst_caps_get_features (caps, 0),
      GST_CAPS_FEATURE_MEMORY_GL_MEMORY);
}

/* Waits up to @timeout for EOS; an ERROR first fails the test with its
 * text, so a broken stream is not reported as a mere missing EOS. */
void
expect_eos (GstElement * pipeline, GstClockTime timeout, const gchar * what)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, timeout,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);

  fail_unless (msg != NULL, "%s: no EOS within %" GST_TIME_FORMAT, what,
      GST_TIME_ARGS (timeout));
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;
    gchar *dbg = NULL;

    gst_message_parse_error (msg, &err, &dbg);
    fail ("%s: error from %s instead of EOS: %s (%s)", what,
        GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), err->message,
        GST_STR_NULL (dbg));
  }
  gst_message_unref (msg);
  gst_object_unref (bus);
}

/* Waits up to @timeout for an ERROR on the bus and fails unless one comes
 * and the glwindowsrc named "src" posted it: an error from anywhere else
 * would mean the source let bad input through.  Returns the error (free it)
 * for the caller's own checks of domain, code and wording, which differ
 * between suites; @expected only goes into the failure message. */
void
expect_no_more_errors (GstElement * pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, 200 * GST_MSECOND,
      GST_MESSAGE_ERROR);

  if (msg) {
    GError *err = NULL;
    gchar *dbg = NULL;

    gst_message_parse_error (msg, &err, &dbg);
    fail ("a second ERROR message, from %s: %s (%s)",
        GST_MESSAGE_SRC_NAME (msg), err->message, GST_STR_NULL (dbg));
  }
  gst_object_unref (bus);
}

GError *
expect_src_error (GstElement * pipeline, GstClockTime timeout,
    const gchar * expected)
{
  GstElement *src = get_named (pipeline, "src");
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, timeout,
      GST_MESSAGE_ERROR);
  GError *err = NULL;
  gchar *dbg = NULL;

  fail_unless (msg != NULL, "no ERROR message within %" GST_TIME_FORMAT
      " (expected one saying \"%s\")", GST_TIME_ARGS (timeout), expected);
  gst_message_parse_error (msg, &err, &dbg);
  GST_INFO ("error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (msg),
      err->message, GST_STR_NULL (dbg));
  fail_unless (GST_MESSAGE_SRC (msg) == GST_OBJECT (src),
      "error \"%s\" posted by %s, not by the source", err->message,
      GST_MESSAGE_SRC_NAME (msg));
  g_free (dbg);
  gst_message_unref (msg);
  gst_object_unref (bus);
  return err;
}

/* ------------------------------------------------------------------------ */
/* the picture                                                               */

const guint8 picture_colours[][4] = {
  [PICTURE_RED] = {255, 0, 0, 255},
  [PICTURE_GREEN] = {0, 255, 0, 255},
  [PICTURE_BLUE] = {0, 0, 255, 255},
  [PICTURE_WHITE] = {255, 255, 255, 255},
  [PICTURE_MAGENTA] = {255, 0, 255, 255},
};

gint
marker_size (gint width, gint height)
{
  return MAX (2, MIN (width, height) / 8);
}

/* The RGBA colour of pixel (@x, @y) of the picture, row 0 at the top. */
const guint8 *
expected_pixel (gint width, gint height, gint x, gint y)
{
  gint m = marker_size (width, height);

  if (x < m && y < m)
    return picture_colours[PICTURE_MAGENTA];
  if (y < height / 2)
    return picture_colours[x < width / 2 ? PICTURE_RED : PICTURE_GREEN];
  return picture_colours[x < width / 2 ? PICTURE_BLUE : PICTURE_WHITE];
}

/* Whether the first @n_channels of @px are within COLOUR_TOLERANCE of
 * @want. */
gboolean
colour_matches (const guint8 * px, const guint8 * want, gint n_channels)
{
  gint c;

  for (c = 0; c < n_channels; c++)
    if (ABS ((gint) px[c] - (gint) want[c]) > COLOUR_TOLERANCE)
      return FALSE;
  return TRUE;
}

static const guint8 *
pixel_at (GstVideoFrame * frame, gint x, gint y)
{
  const guint8 *data = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
  gint stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);

  return data + (gsize) y *stride + (gsize) x *4;
}

/* Checks that the RGBA frame of @sample shows the picture of size @w x @h
 * with its top-left corner at (@ox, @oy), and that every pixel of the frame
 * is opaque. */
void
check_picture (GstSample * sample, gint w, gint h, gint ox, gint oy,
    const gchar * what)
{
  struct
  {
    const gchar *name;
    gint x, y;
  } points[] = {
    {"marker, top-left pixel", 0, 0},
    {"marker, its last pixel", 0, 0},
    {"right of the marker", 0, 0},
    {"below the marker", 0, 0},
    {"diagonally past the marker", 0, 0},
    {"top-left quadrant centre", w / 4, h / 4},
    {"top-right quadrant centre", w / 2 + w / 4, h / 4},
    {"bottom-left quadrant centre", w / 4, h / 2 + h / 4},
    {"bottom-right quadrant centre", w / 2 + w / 4, h / 2 + h / 4},
    {"top-right corner", w - 1, 0},
    {"bottom-left corner", 0, h - 1},
    {"bottom-right corner", w - 1, h - 1},
    {"last column of the left half", w / 2 - 1, h / 4},
    {"first column of the right half", w / 2, h / 4},
    {"last row of the top half", w / 4, h / 2 - 1},
    {"first row of the bottom half", w / 4, h / 2},
  };
  gint m = marker_size (w, h);
  GstVideoInfo info;
  GstVideoFrame frame;
  GstCaps *caps = gst_sample_get_caps (sample);
  gint x, y, i, bad = 0, first_x = -1, first_y = -1;

  points[1].x = points[1].y = m - 1;
  points[2].x = m;
  points[3].y = m;
  points[4].x = points[4].y = m;

  fail_unless (caps != NULL);
  fail_unless (gst_video_info_from_caps (&info, caps));
  fail_unless_equals_int (GST_VIDEO_INFO_FORMAT (&info), GST_VIDEO_FORMAT_RGBA);
  fail_unless (GST_VIDEO_INFO_WIDTH (&info) >= ox + w
      && GST_VIDEO_INFO_HEIGHT (&info) >= oy + h,
      "%s: frame %dx%d cannot hold the %dx%d picture at (%d,%d)", what,
      GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info), w, h, ox,
      oy);
  fail_unless (gst_video_frame_map (&frame, &info,
          gst_sample_get_buffer (sample), GST_MAP_READ),
      "%s: cannot map the frame", what);

  /* Named places first: their message says at once what went wrong
   * (upside down, mirrored, shifted by a row...). */
  for (i = 0; i < (gint) G_N_ELEMENTS (points); i++) {
    const guint8 *px = pixel_at (&frame, ox + points[i].x, oy + points[i].y);
    const guint8 *want = expected_pixel (w, h, points[i].x, points[i].y);

    fail_unless (colour_matches (px, want, 3),
        "%s, %dx%d: %s at (%d,%d) is (%u,%u,%u,%u), expected (%u,%u,%u)",
        what, w, h, points[i].name, points[i].x, points[i].y, px[0], px[1],
        px[2], px[3], want[0], want[1], want[2]);
  }

  for (y = 0; y < h; y++) {
    for (x = 0; x < w; x++) {
      if (!colour_matches (pixel_at (&frame, ox + x, oy + y),
              expected_pixel (w, h, x, y), 3)) {
        if (bad++ == 0)
          first_x = x, first_y = y;
      }
    }
  }
  fail_unless (bad == 0,
      "%s, %dx%d: %d pixels differ from the picture, the first at (%d,%d)",
      what, w, h, bad, first_x, first_y);

  /* Alpha exactly, not within the tolerance: whatever is composited over
   * the capture must not show through. */
  for (y = 0; y < GST_VIDEO_FRAME_HEIGHT (&frame); y++) {
    for (x = 0; x < GST_VIDEO_FRAME_WIDTH (&frame); x++) {
      const guint8 *px = pixel_at (&frame, x, y);
      fail_unless (px[3] == 255, "%s: alpha at (%d,%d) is %u, expected 255",
          what, x, y, px[3]);
    }
  }
  gst_video_frame_unmap (&frame);
}
