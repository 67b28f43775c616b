/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The offline frame-ready gate: one frame per frame-ready, each announce
 * waiting for its own frame to leave. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "framegate.h"

struct _GwsFrameGate
{
  GMutex lock;
  GCond cond;
  guint64 announced, taken, sent;
  gboolean ended;
  gboolean flushing;
};

GwsFrameGate *
gws_frame_gate_new (void)
{
  GwsFrameGate *gate = g_new0 (GwsFrameGate, 1);

  g_mutex_init (&gate->lock);
  g_cond_init (&gate->cond);
  return gate;
}

void
gws_frame_gate_free (GwsFrameGate * gate)
{
  g_mutex_clear (&gate->lock);
  g_cond_clear (&gate->cond);
  g_free (gate);
}

void
gws_frame_gate_reset (GwsFrameGate * gate)
{
  g_mutex_lock (&gate->lock);
  gate->announced = gate->taken = gate->sent = 0;
  gate->ended = FALSE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->lock);
}

void
gws_frame_gate_announce (GwsFrameGate * gate, gboolean wait)
{
  guint64 frame;

  g_mutex_lock (&gate->lock);
  frame = ++gate->announced;
  g_cond_broadcast (&gate->cond);
  while (wait && gate->sent < frame && !gate->flushing && !gate->ended)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
}

gboolean
gws_frame_gate_take (GwsFrameGate * gate)
{
  gboolean taken = FALSE;

  g_mutex_lock (&gate->lock);
  while (gate->taken == gate->announced && !gate->flushing)
    g_cond_wait (&gate->cond, &gate->lock);
  if (!gate->flushing) {
    gate->taken++;
    taken = TRUE;
  }
  g_mutex_unlock (&gate->lock);
  return taken;
}

void
gws_frame_gate_note_sent (GwsFrameGate * gate, gboolean buffer)
{
  g_mutex_lock (&gate->lock);
  if (buffer)
    gate->sent++;
  else
    gate->ended = TRUE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->lock);
}

void
gws_frame_gate_end (GwsFrameGate * gate)
{
  gws_frame_gate_note_sent (gate, FALSE);
}

void
gws_frame_gate_set_flushing (GwsFrameGate * gate, gboolean flushing)
{
  g_mutex_lock (&gate->lock);
  gate->flushing = flushing;
  if (!flushing)
    gate->ended = FALSE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->lock);
}
