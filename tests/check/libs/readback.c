/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Unit tests of the choice between reading directly and the readback ring
 * (gws_readback_decide in gst/output/ring.c): all 256 combinations of what
 * it is decided from. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "output/ring.h"

#define N_INPUTS 8

static const gchar *input_names[N_INPUTS] = {
  "asked", "refused", "gl_output", "paced_by_application",
  "persistent_mapping", "software_gl", "pictures_on_gpu", "live",
};

static GwsReadbackChoice
choice_from_bits (guint bits)
{
  GwsReadbackChoice c;

  c.asked = (bits >> 0) & 1;
  c.refused = (bits >> 1) & 1;
  c.gl_output = (bits >> 2) & 1;
  c.paced_by_application = (bits >> 3) & 1;
  c.persistent_mapping = (bits >> 4) & 1;
  c.software_gl = (bits >> 5) & 1;
  c.pictures_on_gpu = (bits >> 6) & 1;
  c.live = (bits >> 7) & 1;
  return c;
}

static gchar *
describe (guint bits)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < N_INPUTS; i++)
    if (bits & (1u << i))
      g_string_append_printf (s, "%s%s", s->len ? " " : "", input_names[i]);
  if (!s->len)
    g_string_append (s, "(none)");
  return g_string_free (s, FALSE);
}

static const gchar *
decision_name (GwsReadbackDecision d)
{
  switch (d) {
    case GWS_READBACK_DIRECT:
      return "direct";
    case GWS_READBACK_RING:
      return "ring";
    case GWS_READBACK_DIRECT_UNSUPPORTED:
      return "direct (unsupported)";
    default:
      return "?";
  }
}

/* The rules, as the readback property's documentation
 * (gst/properties.c) and gst/output/ring.c state them:
 * - GLMemory output reads nothing back; readback=direct reads directly;
 *   offline texture capture (frame-ready) is always direct, since each
 *   frame-ready waits for its own frame.
 * - readback=pbo-ring takes the ring where the driver can map buffers
 *   persistently, and otherwise reads directly with a warning.
 * - auto takes the ring only for a live source on a hardware driver that
 *   can map persistently, for pictures on the GPU (not XShm's, which are in
 *   system memory already); direct on a software driver (llvmpipe), and
 *   offline. */
static GwsReadbackDecision
expected (const GwsReadbackChoice * c)
{
  if (c->gl_output)
    return GWS_READBACK_DIRECT;
  if (c->refused)
    return GWS_READBACK_DIRECT;
  if (c->paced_by_application)
    return GWS_READBACK_DIRECT;
  if (c->asked)
    return c->persistent_mapping ? GWS_READBACK_RING :
        GWS_READBACK_DIRECT_UNSUPPORTED;
  if (c->persistent_mapping && c->live && !c->software_gl
      && c->pictures_on_gpu)
    return GWS_READBACK_RING;
  return GWS_READBACK_DIRECT;
}

/* One row of the table per loop iteration. */
GST_START_TEST (test_truth_table)
{
  guint bits = (guint) __i__;
  GwsReadbackChoice c = choice_from_bits (bits);
  GwsReadbackDecision got = gws_readback_decide (&c);
  GwsReadbackDecision want = expected (&c);
  gboolean unsupported = c.asked && !c.persistent_mapping && !c.gl_output
      && !c.refused && !c.paced_by_application;
  gchar *what = describe (bits);

  fail_unless (got == want, "%s: %s, expected %s", what,
      decision_name (got), decision_name (want));
  fail_unless_equals_int (got == GWS_READBACK_DIRECT_UNSUPPORTED,
      unsupported);
  /* The ring never without buffers that stay mapped. */
  if (got == GWS_READBACK_RING)
    fail_unless (c.persistent_mapping, "%s: the ring without persistent "
        "mapping", what);
  /* Nothing read back, or offline texture capture: never the ring. */
  if (c.gl_output || c.paced_by_application || c.refused)
    fail_unless_equals_int (got, GWS_READBACK_DIRECT);
  g_free (what);
}

GST_END_TEST;

/* The table's cells that matter most, named, so that a changed rule shows
 * by name as well as by row. */
GST_START_TEST (test_named_cases)
{
  /* A live window on a hardware driver: auto takes the ring. */
  GwsReadbackChoice hw_live = {
    .persistent_mapping = TRUE, .pictures_on_gpu = TRUE, .live = TRUE,
  };
  GwsReadbackChoice c;

  fail_unless_equals_int (gws_readback_decide (&hw_live), GWS_READBACK_RING);

  /* ...but not on llvmpipe, */
  c = hw_live;
  c.software_gl = TRUE;
  fail_unless_equals_int (gws_readback_decide (&c), GWS_READBACK_DIRECT);
  /* nor for XShm pictures, */
  c = hw_live;
  c.pictures_on_gpu = FALSE;
  fail_unless_equals_int (gws_readback_decide (&c), GWS_READBACK_DIRECT);
  /* nor offline, */
  c = hw_live;
  c.live = FALSE;
  fail_unless_equals_int (gws_readback_decide (&c), GWS_READBACK_DIRECT);
  /* nor without persistent mapping (and no warning: nobody asked). */
  c = hw_live;
  c.persistent_mapping = FALSE;
  fail_unless_equals_int (gws_readback_decide (&c), GWS_READBACK_DIRECT);

  /* Asked for: the ring on llvmpipe, offline and for XShm too. */
  c = (GwsReadbackChoice) {
  .asked = TRUE,.persistent_mapping = TRUE,.software_gl = TRUE};
  fail_unless_equals_int (gws_readback_decide (&c), GWS_READBACK_RING);
  /* Asked for without persistent mapping: direct, with a warning. */
  c.persistent_mapping = FALSE;
  fail_unless_equals_int (gws_readback_decide (&c),
      GWS_READBACK_DIRECT_UNSUPPORTED);
  /* ...but GLMemory output reads nothing back: no warning. */
  c.gl_output = TRUE;
  fail_unless_equals_int (gws_readback_decide (&c), GWS_READBACK_DIRECT);
  /* Offline frame-ready with the ring asked for: direct, no warning. */
  c = hw_live;
  c.asked = TRUE;
  c.paced_by_application = TRUE;
  fail_unless_equals_int (gws_readback_decide (&c), GWS_READBACK_DIRECT);
  /* readback=direct wins over everything. */
  c = hw_live;
  c.refused = TRUE;
  fail_unless_equals_int (gws_readback_decide (&c), GWS_READBACK_DIRECT);
}

GST_END_TEST;

static Suite *
readback_suite (void)
{
  Suite *s = suite_create ("readback");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_truth_table, 0, 1 << N_INPUTS);
  tcase_add_test (tc, test_named_cases);
  return s;
}

GST_CHECK_MAIN (readback);
