/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers shared by the glwindowsrc gst-check suites (glwindowsrc.c, which
 * captures fixture windows, and glwindowsrc_app.c, which captures an
 * application's texture or draw signal).  Both build pipelines from a
 * description, pull frames from an appsink named "sink", expect errors from
 * a glwindowsrc named "src", and compare frames against the same test
 * picture, so those checks live here once and fail the same way in both.
 *
 * The picture, in image coordinates (row 0 = top), for W x H: quadrants
 * split at column W/2 and row H/2, top-left red, top-right green,
 * bottom-left blue, bottom-right white; a magenta marker square over
 * columns and rows [0, m), m = max (2, min (W, H) / 8).  Asymmetric both
 * ways, so any flip or offset shows.
 */

#ifndef __GLWINDOWSRC_CHECK_UTIL_H__
#define __GLWINDOWSRC_CHECK_UTIL_H__

#include <gst/check/gstcheck.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* Generous: llvmpipe on two loaded cores can take a while for the first GL
 * frame of a fresh context. */
#define PULL_TIMEOUT (10 * GST_SECOND)
/* Per-channel tolerance: the GL path converts through normalised floats. */
#define COLOUR_TOLERANCE 2

typedef struct
{
  gint width, height;
} Size;

/* ------------------------------------------------------------------------ */
/* pipelines                                                                 */

GstElement *pipeline_new (const gchar * format, ...) G_GNUC_PRINTF (1, 2);
GstElement *get_named (GstElement * pipeline, const gchar * name);
gchar *bus_error_text (GstElement * pipeline);
void play (GstElement * pipeline);
GstSample *pull_sample (GstElement * pipeline);
void stop_and_free (GstElement * pipeline);
GstCaps *src_caps (GstElement * pipeline);
gboolean caps_have_gl_memory (GstCaps * caps);
void expect_eos (GstElement * pipeline, GstClockTime timeout,
    const gchar * what);
/* Fails if an ERROR message is on the bus or comes within 200 ms: one
 * failure is reported once. */
void expect_no_more_errors (GstElement * pipeline);
GError *expect_src_error (GstElement * pipeline, GstClockTime timeout,
    const gchar * expected);

/* ------------------------------------------------------------------------ */
/* the picture                                                               */

enum
{
  PICTURE_RED, PICTURE_GREEN, PICTURE_BLUE, PICTURE_WHITE, PICTURE_MAGENTA
};

/* RGBA, opaque, indexed by the enum above. */
extern const guint8 picture_colours[][4];

gint marker_size (gint width, gint height);
const guint8 *expected_pixel (gint width, gint height, gint x, gint y);
gboolean colour_matches (const guint8 * px, const guint8 * want,
    gint n_channels);
void check_picture (GstSample * sample, gint w, gint h, gint ox, gint oy,
    const gchar * what);

G_END_DECLS

#endif /* __GLWINDOWSRC_CHECK_UTIL_H__ */
