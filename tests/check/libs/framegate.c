/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Unit tests of the offline frame-ready gate (gst/framegate.c): who blocks,
 * and what lets each waiter go. Every wait is bounded: a waiter that does
 * not come back fails the test instead of hanging it. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "framegate.h"

/* How long a blocked call is watched to stay blocked. */
#define STILL_BLOCKED_US (50 * G_TIME_SPAN_MILLISECOND)
/* How long a released call may take to come back. */
#define RETURN_TIMEOUT_US (5 * G_TIME_SPAN_SECOND)

typedef enum
{
  CALL_ANNOUNCE_AND_WAIT,
  CALL_TAKE,
} Call;

/* One gate call on a thread of its own. */
typedef struct
{
  GwsFrameGate *gate;
  Call call;
  GThread *thread;
  gint done;
  gboolean result;
} Waiter;

static gpointer
waiter_run (gpointer data)
{
  Waiter *w = data;

  switch (w->call) {
    case CALL_ANNOUNCE_AND_WAIT:
      gws_frame_gate_announce (w->gate, TRUE);
      w->result = TRUE;
      break;
    case CALL_TAKE:
      w->result = gws_frame_gate_take (w->gate);
      break;
  }
  g_atomic_int_set (&w->done, 1);
  return NULL;
}

static Waiter *
waiter_start (GwsFrameGate * gate, Call call)
{
  Waiter *w = g_new0 (Waiter, 1);

  w->gate = gate;
  w->call = call;
  w->thread = g_thread_new ("gate-waiter", waiter_run, w);
  return w;
}

static gboolean
waiter_returns_within (Waiter * w, gint64 timeout_us)
{
  gint64 end = g_get_monotonic_time () + timeout_us;

  while (!g_atomic_int_get (&w->done)) {
    if (g_get_monotonic_time () >= end)
      return FALSE;
    g_usleep (G_TIME_SPAN_MILLISECOND);
  }
  return TRUE;
}

/* The call has not returned, and does not within a while. */
static void
assert_blocked (Waiter * w, const gchar * what)
{
  if (waiter_returns_within (w, STILL_BLOCKED_US)) {
    g_thread_join (w->thread);
    w->thread = NULL;
    fail ("%s returned, but should have blocked", what);
  }
}

/* The call returns (soon) and its thread is gone; its result. If it does
 * not, the gate is flushed so that the thread can be joined, and the test
 * fails. */
static gboolean
assert_returns (Waiter * w, const gchar * what)
{
  gboolean returned = waiter_returns_within (w, RETURN_TIMEOUT_US);
  gboolean result;

  if (!returned)
    gws_frame_gate_set_flushing (w->gate, TRUE);
  g_thread_join (w->thread);
  result = w->result;
  g_free (w);
  fail_unless (returned, "%s did not return", what);
  return result;
}

/* A take that should not block: run where it cannot hang the test. */
static gboolean
take_at_once (GwsFrameGate * gate)
{
  return assert_returns (waiter_start (gate, CALL_TAKE), "take");
}

GST_START_TEST (test_announce_without_wait)
{
  GwsFrameGate *gate = gws_frame_gate_new ();

  /* Returns at once, nothing taken or sent; and again. */
  gws_frame_gate_announce (gate, FALSE);
  gws_frame_gate_announce (gate, FALSE);
  /* Each announce is one frame to take. */
  fail_unless (take_at_once (gate));
  fail_unless (take_at_once (gate));
  gws_frame_gate_free (gate);
}

GST_END_TEST;

GST_START_TEST (test_take_blocks_until_announce)
{
  GwsFrameGate *gate = gws_frame_gate_new ();
  Waiter *w = waiter_start (gate, CALL_TAKE);

  assert_blocked (w, "take with nothing announced");
  gws_frame_gate_announce (gate, FALSE);
  fail_unless (assert_returns (w, "take after an announce"));

  /* That frame is taken: the next take waits for the next announce. */
  w = waiter_start (gate, CALL_TAKE);
  assert_blocked (w, "a second take after one announce");
  gws_frame_gate_announce (gate, FALSE);
  fail_unless (assert_returns (w, "a second take after a second announce"));
  gws_frame_gate_free (gate);
}

GST_END_TEST;

GST_START_TEST (test_announce_waits_for_its_frame)
{
  GwsFrameGate *gate = gws_frame_gate_new ();
  Waiter *w;

  /* Frame 1 announced without waiting; frame 2 waits for itself. */
  gws_frame_gate_announce (gate, FALSE);
  w = waiter_start (gate, CALL_ANNOUNCE_AND_WAIT);
  assert_blocked (w, "announce(wait) before anything was sent");
  fail_unless (take_at_once (gate));
  fail_unless (take_at_once (gate));
  /* Frame 1 leaving does not release frame 2's announce. */
  gws_frame_gate_note_sent (gate, TRUE);
  assert_blocked (w, "announce(wait) of frame 2 after frame 1 was sent");
  gws_frame_gate_note_sent (gate, TRUE);
  assert_returns (w, "announce(wait) after its frame was sent");
  gws_frame_gate_free (gate);
}

GST_END_TEST;

/* Frames already sent when the announce comes do not count for it. */
GST_START_TEST (test_announce_waits_after_earlier_frames)
{
  GwsFrameGate *gate = gws_frame_gate_new ();
  Waiter *w;

  gws_frame_gate_announce (gate, FALSE);
  fail_unless (take_at_once (gate));
  gws_frame_gate_note_sent (gate, TRUE);
  w = waiter_start (gate, CALL_ANNOUNCE_AND_WAIT);
  assert_blocked (w, "announce(wait) with only an earlier frame sent");
  gws_frame_gate_note_sent (gate, TRUE);
  assert_returns (w, "announce(wait) after its frame was sent");
  gws_frame_gate_free (gate);
}

GST_END_TEST;

GST_START_TEST (test_announce_released_by_eos)
{
  GwsFrameGate *gate = gws_frame_gate_new ();
  Waiter *w = waiter_start (gate, CALL_ANNOUNCE_AND_WAIT);

  assert_blocked (w, "announce(wait)");
  /* EOS left instead of a buffer. */
  gws_frame_gate_note_sent (gate, FALSE);
  assert_returns (w, "announce(wait) after EOS was sent");
  gws_frame_gate_free (gate);
}

GST_END_TEST;

GST_START_TEST (test_announce_released_by_end)
{
  GwsFrameGate *gate = gws_frame_gate_new ();
  Waiter *w = waiter_start (gate, CALL_ANNOUNCE_AND_WAIT);

  assert_blocked (w, "announce(wait)");
  gws_frame_gate_end (gate);
  assert_returns (w, "announce(wait) after end()");
  /* Ended: later announces do not wait either. */
  assert_returns (waiter_start (gate, CALL_ANNOUNCE_AND_WAIT),
      "announce(wait) after end()");
  gws_frame_gate_free (gate);
}

GST_END_TEST;

GST_START_TEST (test_announce_released_by_flushing)
{
  GwsFrameGate *gate = gws_frame_gate_new ();
  Waiter *w = waiter_start (gate, CALL_ANNOUNCE_AND_WAIT);

  assert_blocked (w, "announce(wait)");
  gws_frame_gate_set_flushing (gate, TRUE);
  assert_returns (w, "announce(wait) after set_flushing(TRUE)");
  /* While flushing, announces do not wait. */
  assert_returns (waiter_start (gate, CALL_ANNOUNCE_AND_WAIT),
      "announce(wait) while flushing");
  gws_frame_gate_free (gate);
}

GST_END_TEST;

GST_START_TEST (test_take_while_flushing)
{
  GwsFrameGate *gate = gws_frame_gate_new ();
  Waiter *w;

  /* A take blocked when the flush starts returns FALSE. */
  w = waiter_start (gate, CALL_TAKE);
  assert_blocked (w, "take with nothing announced");
  gws_frame_gate_set_flushing (gate, TRUE);
  fail_if (assert_returns (w, "take after set_flushing(TRUE)"));

  /* While flushing, FALSE at once, even with frames announced. */
  fail_if (take_at_once (gate));
  gws_frame_gate_announce (gate, FALSE);
  fail_if (take_at_once (gate));

  /* Once the flush is over, the frame announced during it is there. */
  gws_frame_gate_set_flushing (gate, FALSE);
  fail_unless (take_at_once (gate));
  w = waiter_start (gate, CALL_TAKE);
  assert_blocked (w, "take after the flush, nothing more announced");
  gws_frame_gate_announce (gate, FALSE);
  fail_unless (assert_returns (w, "take after an announce"));
  gws_frame_gate_free (gate);
}

GST_END_TEST;

GST_START_TEST (test_reset_clears_counts)
{
  GwsFrameGate *gate = gws_frame_gate_new ();
  Waiter *w;

  /* Two frames announced and not taken, then a new start. */
  gws_frame_gate_announce (gate, FALSE);
  gws_frame_gate_announce (gate, FALSE);
  gws_frame_gate_reset (gate);
  w = waiter_start (gate, CALL_TAKE);
  assert_blocked (w, "take after reset()");
  gws_frame_gate_announce (gate, FALSE);
  fail_unless (assert_returns (w, "take after reset() and an announce"));

  /* Sent counts are cleared too: three frames sent before the reset do
   * not release the first announce after it. */
  gws_frame_gate_announce (gate, FALSE);
  gws_frame_gate_announce (gate, FALSE);
  gws_frame_gate_note_sent (gate, TRUE);
  gws_frame_gate_note_sent (gate, TRUE);
  gws_frame_gate_note_sent (gate, TRUE);
  gws_frame_gate_reset (gate);
  w = waiter_start (gate, CALL_ANNOUNCE_AND_WAIT);
  assert_blocked (w, "announce(wait) after reset()");
  fail_unless (take_at_once (gate));
  gws_frame_gate_note_sent (gate, TRUE);
  assert_returns (w, "announce(wait) after its frame was sent");
  gws_frame_gate_free (gate);
}

GST_END_TEST;

GST_START_TEST (test_reset_clears_end)
{
  GwsFrameGate *gate = gws_frame_gate_new ();
  Waiter *w;

  gws_frame_gate_end (gate);
  gws_frame_gate_reset (gate);
  w = waiter_start (gate, CALL_ANNOUNCE_AND_WAIT);
  assert_blocked (w, "announce(wait) after end() and reset()");
  gws_frame_gate_note_sent (gate, TRUE);
  assert_returns (w, "announce(wait) after its frame was sent");
  gws_frame_gate_free (gate);
}

GST_END_TEST;

GST_START_TEST (test_flush_stop_clears_end)
{
  GwsFrameGate *gate = gws_frame_gate_new ();
  Waiter *w;

  gws_frame_gate_end (gate);
  /* Ended: no wait. */
  assert_returns (waiter_start (gate, CALL_ANNOUNCE_AND_WAIT),
      "announce(wait) after end()");
  gws_frame_gate_set_flushing (gate, TRUE);
  gws_frame_gate_set_flushing (gate, FALSE);
  /* The stream goes on past the end: announces wait again. Frame 1 was
   * announced while ended; frame 2 is the one waited for. */
  w = waiter_start (gate, CALL_ANNOUNCE_AND_WAIT);
  assert_blocked (w, "announce(wait) after a flush that followed end()");
  gws_frame_gate_note_sent (gate, TRUE);
  assert_blocked (w, "announce(wait) of frame 2 after frame 1 was sent");
  gws_frame_gate_note_sent (gate, TRUE);
  assert_returns (w, "announce(wait) after its frame was sent");
  gws_frame_gate_free (gate);
}

GST_END_TEST;

/* The element's offline loop on three threads: the application announces
 * and waits, frame after frame; the streaming thread takes; "the pad"
 * sends. Every announce comes back, in order. */
typedef struct
{
  GwsFrameGate *gate;
  guint frames;
  gint sent;
  gint finished;
} Streaming;

static gpointer
streaming_run (gpointer data)
{
  Streaming *s = data;

  while (gws_frame_gate_take (s->gate)) {
    g_atomic_int_inc (&s->sent);
    gws_frame_gate_note_sent (s->gate, TRUE);
  }
  g_atomic_int_set (&s->finished, 1);
  return NULL;
}

GST_START_TEST (test_frame_by_frame)
{
  Streaming s = { gws_frame_gate_new (), 200, 0, 0 };
  GThread *streaming = g_thread_new ("streaming", streaming_run, &s);
  gint64 end;
  guint i;

  for (i = 1; i <= s.frames; i++) {
    Waiter *w = waiter_start (s.gate, CALL_ANNOUNCE_AND_WAIT);

    assert_returns (w, "announce(wait) with a streaming thread");
    /* Its own frame has left before it returns. */
    fail_unless (g_atomic_int_get (&s.sent) >= (gint) i);
  }
  /* Stop the streaming thread as unlock() does. */
  gws_frame_gate_set_flushing (s.gate, TRUE);
  end = g_get_monotonic_time () + RETURN_TIMEOUT_US;
  while (!g_atomic_int_get (&s.finished) && g_get_monotonic_time () < end)
    g_usleep (G_TIME_SPAN_MILLISECOND);
  /* Not joined if it did not stop: the test fails, and its process with
   * it, rather than hanging. */
  fail_unless (g_atomic_int_get (&s.finished),
      "the streaming thread's take did not return FALSE when flushing");
  g_thread_join (streaming);
  fail_unless_equals_int (g_atomic_int_get (&s.sent), s.frames);
  gws_frame_gate_free (s.gate);
}

GST_END_TEST;

static Suite *
framegate_suite (void)
{
  Suite *s = suite_create ("framegate");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_announce_without_wait);
  tcase_add_test (tc, test_take_blocks_until_announce);
  tcase_add_test (tc, test_announce_waits_for_its_frame);
  tcase_add_test (tc, test_announce_waits_after_earlier_frames);
  tcase_add_test (tc, test_announce_released_by_eos);
  tcase_add_test (tc, test_announce_released_by_end);
  tcase_add_test (tc, test_announce_released_by_flushing);
  tcase_add_test (tc, test_take_while_flushing);
  tcase_add_test (tc, test_reset_clears_counts);
  tcase_add_test (tc, test_reset_clears_end);
  tcase_add_test (tc, test_flush_stop_clears_end);
  tcase_add_test (tc, test_frame_by_frame);
  return s;
}

GST_CHECK_MAIN (framegate);
