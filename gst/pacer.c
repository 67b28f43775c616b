/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Live frame pacing on the pipeline clock, with a single-shot clock id
 * that a flush unschedules (as ximagesrc and d3d11screencapturesrc do). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "pacer.h"

#include <gst/base/gstbasesrc.h>

struct _GwsPacer
{
  GMutex lock;
  GstClockID clock_id;
  gboolean flushing;
  /* Running time of the next capture. */
  GstClockTime next_capture_time;
  /* A program's clock (CLOCK_MONOTONIC) at running time 0; NONE until its
   * first frame. Streaming thread. */
  GstClockTime presented_origin;
};

GwsPacer *
gws_pacer_new (void)
{
  GwsPacer *pacer = g_new0 (GwsPacer, 1);

  g_mutex_init (&pacer->lock);
  pacer->next_capture_time = GST_CLOCK_TIME_NONE;
  pacer->presented_origin = GST_CLOCK_TIME_NONE;
  return pacer;
}

void
gws_pacer_free (GwsPacer * pacer)
{
  g_mutex_clear (&pacer->lock);
  g_free (pacer);
}

void
gws_pacer_restart (GwsPacer * pacer)
{
  g_mutex_lock (&pacer->lock);
  pacer->next_capture_time = GST_CLOCK_TIME_NONE;
  /* A wait begun before a pause would end one frame after the last frame
   * before it: end it now. */
  if (pacer->clock_id)
    gst_clock_id_unschedule (pacer->clock_id);
  g_mutex_unlock (&pacer->lock);
}

GstFlowReturn
gws_pacer_wait (GwsPacer * pacer, GstElement * element,
    GstClockTime frame_duration, guint64 n_frames, GstClockTime * timestamp)
{
  GstClock *clock = gst_element_get_clock (element);
  GstClockTime base_time, now, next;
  gboolean flushing;

  if (!clock) {
    *timestamp = n_frames * frame_duration;
    return GST_FLOW_OK;
  }
  base_time = gst_element_get_base_time (element);
  now = gst_clock_get_time (clock) - base_time;

  g_mutex_lock (&pacer->lock);
  next = pacer->next_capture_time;
  g_mutex_unlock (&pacer->lock);
  if (GST_CLOCK_TIME_IS_VALID (next) && now < next) {
    GstClockReturn clock_ret;
    GstClockID id;

    g_mutex_lock (&pacer->lock);
    if (pacer->flushing) {
      g_mutex_unlock (&pacer->lock);
      gst_object_unref (clock);
      return GST_FLOW_FLUSHING;
    }
    id = pacer->clock_id = gst_clock_new_single_shot_id (clock,
        base_time + next);
    g_mutex_unlock (&pacer->lock);

    clock_ret = gst_clock_id_wait (id, NULL);

    g_mutex_lock (&pacer->lock);
    pacer->clock_id = NULL;
    /* Unscheduled by a flush, or by a resume that wants a frame now. */
    flushing = pacer->flushing;
    g_mutex_unlock (&pacer->lock);
    gst_clock_id_unref (id);

    if (clock_ret == GST_CLOCK_UNSCHEDULED && flushing) {
      gst_object_unref (clock);
      return GST_FLOW_FLUSHING;
    }
    base_time = gst_element_get_base_time (element);
    now = gst_clock_get_time (clock) - base_time;
  }
  gst_object_unref (clock);

  *timestamp = now;
  g_mutex_lock (&pacer->lock);
  next = pacer->next_capture_time;
  if (!GST_CLOCK_TIME_IS_VALID (next) || now >= next + frame_duration)
    pacer->next_capture_time = now + frame_duration;
  else
    pacer->next_capture_time = next + frame_duration;
  g_mutex_unlock (&pacer->lock);
  return GST_FLOW_OK;
}

void
gws_pacer_set_flushing (GwsPacer * pacer, gboolean flushing)
{
  g_mutex_lock (&pacer->lock);
  pacer->flushing = flushing;
  if (flushing && pacer->clock_id)
    gst_clock_id_unschedule (pacer->clock_id);
  g_mutex_unlock (&pacer->lock);
}

void
gws_pacer_start (GwsPacer * pacer)
{
  pacer->presented_origin = GST_CLOCK_TIME_NONE;
  gws_pacer_restart (pacer);
}

GstClockTime
gws_pacer_presented_to_running (GwsPacer * pacer, GstElement * element,
    GstClockTime presented)
{
  if (!GST_CLOCK_TIME_IS_VALID (pacer->presented_origin)) {
    GstClock *clock = gst_element_get_clock (element);
    GstClockTimeDiff running = 0;

    if (clock && gst_base_src_is_live (GST_BASE_SRC (element)))
      running = GST_CLOCK_DIFF (gst_element_get_base_time (element),
          gst_clock_get_time (clock))
          - (g_get_monotonic_time () * 1000 - (GstClockTimeDiff) presented);
    gst_clear_object (&clock);
    pacer->presented_origin = presented - CLAMP (running, 0,
        (GstClockTimeDiff) presented);
  }
  return presented - MIN (presented, pacer->presented_origin);
}
