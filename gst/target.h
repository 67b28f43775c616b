/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gst/gst.h>
#include <gst/gl/gl.h>
#include <gst/video/video.h>

#include "frame.h"

G_BEGIN_DECLS

/**
 * GwsCaptureResult:
 * @GWS_CAPTURE_OK: a frame was acquired
 * @GWS_CAPTURE_ERROR: capture failed; the GError says why
 * @GWS_CAPTURE_GONE: the target went away (a window was closed); it may
 *   come back later. With the GError set it is gone for good (its X server
 *   died), and the error says what went.
 * @GWS_CAPTURE_UNCHANGED: nothing changed since the last frame (damage
 *   tracking): the previous output can be repeated; no frame was acquired
 */
typedef enum
{
  GWS_CAPTURE_OK,
  GWS_CAPTURE_ERROR,
  GWS_CAPTURE_GONE,
  GWS_CAPTURE_UNCHANGED,
} GwsCaptureResult;

#define GWS_TYPE_CAPTURE_TARGET (gws_capture_target_get_type ())
G_DECLARE_DERIVABLE_TYPE (GwsCaptureTarget, gws_capture_target,
    GWS, CAPTURE_TARGET, GstObject);

/**
 * GwsCaptureTargetClass:
 * @open: find the target and learn its size; runs in start() so that caps
 *   can state the size. @context is the element's GL context, for targets
 *   that must ask GL (use gst_gl_context_thread_add()). Errors are in the
 *   GST_RESOURCE_ERROR domain, with a message for the user.
 * @get_size: the size of the picture as of the last open() or acquire();
 *   0x0 when the target has no size of its own and takes it from the caps.
 * @configure: the negotiated output format, before the first acquire().
 * @gl_start: (GL thread) create what acquire() needs in @context.
 * @acquire: (GL thread) capture the current picture into @frame;
 *   @timestamp is the running time the frame will carry.
 * @release: (GL thread) done with @frame.
 * @invalidate: the next acquire() must return a frame, even if nothing
 *   changed (the element has no previous frame to repeat).
 * @pictures_on_gpu: whether acquire() hands over GL textures (TRUE when
 *   not implemented) rather than CPU pixels, as far as is known after
 *   gl_start(): what decides whether an asynchronous readback pays.
 * @gl_stop: (GL thread) free what gl_start() created.
 * @close: undo open().
 * @frame_ready: (the application's thread, its context current) the
 *   application finished a frame; NULL for targets that do not take
 *   frame-ready. A target that has it is paced by the application when the
 *   element is not live: one buffer per call.
 * @navigate: (any thread: whoever sends the event upstream) a
 *   GstNavigation event's structure, its pointer in the picture's own
 *   pixels (the element undid the crop and resize-mode=scale); NULL: the
 *   target takes no input.
 * @reads_application_objects: the target reads objects of the
 *   application's GL context (its texture): open() needs the element's
 *   context first, and it must be in the application's share group.
 * @wait_frame: (streaming thread) for a target paced by the program it
 *   captures (swap), not by the element's clock: blocks until the program's
 *   next picture is there, and gives the time it was presented
 *   (CLOCK_MONOTONIC, ns). GST_FLOW_OK: a picture, which the next acquire()
 *   delivers; GST_FLOW_EOS: the program is gone (acquire() says GONE);
 *   GST_FLOW_FLUSHING: set_flushing() woke it. NULL: the element paces.
 * @set_flushing: (any thread) with wait_frame: TRUE wakes a wait_frame()
 *   and keeps it from blocking until called again with FALSE.
 * @decorate: (streaming thread) adds what the target knows of the picture
 *   last acquired to the buffer it went into (a GstMeta); NULL: nothing.
 *
 * The one interface every render target implements: an X11 window, the
 * screen, an application's texture, a draw callback. The element and the
 * output stage know nothing else about targets.
 */
struct _GwsCaptureTargetClass
{
  GstObjectClass parent_class;

  gboolean (*open) (GwsCaptureTarget * target, GstGLContext * context,
      GError ** error);
  void (*get_size) (GwsCaptureTarget * target, guint * width,
      guint * height);
  void (*configure) (GwsCaptureTarget * target, const GstVideoInfo * info);
  gboolean (*gl_start) (GwsCaptureTarget * target, GstGLContext * context,
      GError ** error);
  GwsCaptureResult (*acquire) (GwsCaptureTarget * target,
      GstGLContext * context, GstClockTime timestamp,
      GwsFrame * frame, GError ** error);
  void (*release) (GwsCaptureTarget * target, GstGLContext * context,
      GwsFrame * frame);
  void (*invalidate) (GwsCaptureTarget * target);
  gboolean (*pictures_on_gpu) (GwsCaptureTarget * target);
  void (*gl_stop) (GwsCaptureTarget * target, GstGLContext * context);
  void (*close) (GwsCaptureTarget * target);
  void (*frame_ready) (GwsCaptureTarget * target,
      GstGLContext * element_context);
  void (*navigate) (GwsCaptureTarget * target, const GstStructure * event);

  gboolean reads_application_objects;

  GstFlowReturn (*wait_frame) (GwsCaptureTarget * target,
      GstClockTime * presented);
  void (*set_flushing) (GwsCaptureTarget * target, gboolean flushing);
  void (*decorate) (GwsCaptureTarget * target, GstBuffer * buffer);
};

gboolean gws_capture_target_open (GwsCaptureTarget * target,
    GstGLContext * context, GError ** error);
void gws_capture_target_get_size (GwsCaptureTarget * target,
    guint * width, guint * height);
void gws_capture_target_configure (GwsCaptureTarget * target,
    const GstVideoInfo * info);
gboolean gws_capture_target_gl_start (GwsCaptureTarget * target,
    GstGLContext * context, GError ** error);
GwsCaptureResult gws_capture_target_acquire (GwsCaptureTarget * target,
    GstGLContext * context, GstClockTime timestamp, GwsFrame * frame,
    GError ** error);
void gws_capture_target_release (GwsCaptureTarget * target,
    GstGLContext * context, GwsFrame * frame);
gboolean gws_capture_target_pictures_on_gpu (GwsCaptureTarget * target);
void gws_capture_target_invalidate (GwsCaptureTarget * target);
void gws_capture_target_gl_stop (GwsCaptureTarget * target,
    GstGLContext * context);
void gws_capture_target_close (GwsCaptureTarget * target);
gboolean gws_capture_target_takes_frame_ready (GwsCaptureTarget * target);
void gws_capture_target_frame_ready (GwsCaptureTarget * target,
    GstGLContext * element_context);
void gws_capture_target_navigate (GwsCaptureTarget * target,
    const GstStructure * event);
gboolean gws_capture_target_reads_application_objects (GwsCaptureTarget *
    target);
gboolean gws_capture_target_paced_by_program (GwsCaptureTarget * target);
GstFlowReturn gws_capture_target_wait_frame (GwsCaptureTarget * target,
    GstClockTime * presented);
void gws_capture_target_set_flushing (GwsCaptureTarget * target,
    gboolean flushing);
void gws_capture_target_decorate (GwsCaptureTarget * target,
    GstBuffer * buffer);

/**
 * GwsTargetInfo:
 * @nick: the value of the element's `target` property that picks it
 * @description: a line for gst-inspect
 * @create: makes the target from @settings, a structure that holds every
 *   target property of the element (its name as the field name) at its
 *   value. @element is the element, for a target that emits or takes one
 *   of its signals (draw); it is not referenced. Returns NULL with @error
 *   set when the settings do not make a target.
 * @properties: the target's own properties, NULL-terminated, made once and
 *   kept (the element installs them; a spec several rows return, such as
 *   display-name, is installed once).
 * @claims: for target=auto, whether @settings ask for this target (a
 *   window id is set); NULL: never picked by auto unless @fallback
 * @fallback: picked by target=auto when no row claims the settings
 *
 * One row of the target table (targets/table.c): all the element knows of a
 * kind of target. A new target is a file that defines one of these and a
 * line in the table.
 */
typedef struct
{
  const gchar *nick;
  const gchar *description;
  GwsCaptureTarget *(*create) (const GstStructure * settings,
      GstElement * element, GError ** error);
  GParamSpec **(*properties) (void);
  gboolean (*claims) (const GstStructure * settings);
  gboolean fallback;
} GwsTargetInfo;

/* Errors a target reports (GST_RESOURCE_ERROR) carry two texts in their
 * message: the first line is for the user (what failed, which window), the
 * rest, after a line break, is the technical detail (the X or GL error)
 * that goes into the debug string of the element's ERROR message. */

G_END_DECLS
