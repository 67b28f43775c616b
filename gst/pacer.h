/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Live frame pacing: waits on the pipeline clock for the next frame time
 * of the negotiated rate, and can be woken by a flush. */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Its own mutex, a leaf, guards the clock id and the flushing flag that
 * unlock() sets from another thread; the wait itself holds no lock. */
typedef struct _GwsPacer GwsPacer;

GwsPacer *gws_pacer_new (void);
void gws_pacer_free (GwsPacer * pacer);

/* A new stream (start()): as gws_pacer_restart(), and a program's clock is
 * mapped anew at its next frame. */
void gws_pacer_start (GwsPacer * pacer);

/* A resume (PAUSED->PLAYING) or a flush: the next frame is captured at
 * once and the cadence restarts from it. Any thread. */
void gws_pacer_restart (GwsPacer * pacer);

/* Streaming thread: waits until the next frame time of @frame_duration on
 * @element's clock and gives the running time to stamp the frame with.
 * Without a clock (not yet PLAYING, a harness) it does not wait, and the
 * time is @n_frames frames. GST_FLOW_FLUSHING when woken by a flush.
 * After a stall the cadence restarts from now rather than bursting to
 * catch up. */
GstFlowReturn gws_pacer_wait (GwsPacer * pacer, GstElement * element,
    GstClockTime frame_duration, guint64 n_frames, GstClockTime * timestamp);

/* unlock() / unlock_stop(): a flush wakes the wait and keeps the next one
 * from starting until it is over. */
void gws_pacer_set_flushing (GwsPacer * pacer, gboolean flushing);

/* A target the program paces (swap): the running time of a frame the
 * program presented at @presented on its clock (CLOCK_MONOTONIC, ns). The
 * first frame maps the two clocks: live, at the running time it is met
 * at, less how long ago it was presented; offline, at 0. Streaming
 * thread. */
GstClockTime gws_pacer_presented_to_running (GwsPacer * pacer,
    GstElement * element, GstClockTime presented);

G_END_DECLS
