/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The offline frame-ready gate: with is-live=false, each frame-ready lets
 * exactly one frame through, and returns once that frame has left the
 * element. */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Its own mutex and condition: the application's thread (frame-ready),
 * the streaming thread (take) and the pad (sent) meet here and nowhere
 * else. No other lock is taken while its mutex is held. */
typedef struct _GwsFrameGate GwsFrameGate;

GwsFrameGate *gws_frame_gate_new (void);
void gws_frame_gate_free (GwsFrameGate * gate);

/* start(): no frame announced, taken or sent, and not ended (flushing is
 * left to unlock_stop()). */
void gws_frame_gate_reset (GwsFrameGate * gate);

/* The application's thread: one more frame is ready. With @wait, blocks
 * until it has been sent, or the gate is flushing, ended or closed. */
void gws_frame_gate_announce (GwsFrameGate * gate, gboolean wait);

/* Streaming thread: waits for an announced frame not yet taken. FALSE when
 * flushing instead. */
gboolean gws_frame_gate_take (GwsFrameGate * gate);

/* The source pad: a buffer left (@buffer TRUE) or EOS did. */
void gws_frame_gate_note_sent (GwsFrameGate * gate, gboolean buffer);

/* Nothing more will be sent (an error, the end, stop()): no announce may
 * wait for it. */
void gws_frame_gate_end (GwsFrameGate * gate);

/* unlock() / unlock_stop(): a flush releases every waiter; once over, the
 * stream goes on, even past an earlier end. */
void gws_frame_gate_set_flushing (GwsFrameGate * gate, gboolean flushing);

G_END_DECLS
