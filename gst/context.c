/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Finds or shares the GL display and context, under one lock. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "context.h"

#include <gst/gl/gstglfuncs.h>

#ifdef HAVE_X11
#include <gst/gl/x11/gstgldisplay_x11.h>
#include "targets/x11/util.h"
#endif

GST_DEBUG_CATEGORY_EXTERN (gws_debug);
#define GST_CAT_DEFAULT gws_debug

#define SUPPORTED_GL_APIS \
    (GST_GL_API_OPENGL | GST_GL_API_OPENGL3 | GST_GL_API_GLES2)

struct _GwsGLShare
{
  GRecMutex lock;
  GstGLDisplay *display;
  GstGLContext *other_context;
  GstGLContext *context;
};

GwsGLShare *
gws_gl_share_new (void)
{
  GwsGLShare *share = g_new0 (GwsGLShare, 1);

  g_rec_mutex_init (&share->lock);
  return share;
}

void
gws_gl_share_free (GwsGLShare * share)
{
  gst_clear_object (&share->context);
  gst_clear_object (&share->other_context);
  gst_clear_object (&share->display);
  g_rec_mutex_clear (&share->lock);
  g_free (share);
}

void
gws_gl_share_set_context (GwsGLShare * share, GstElement * element,
    GstContext * context)
{
  g_rec_mutex_lock (&share->lock);
  gst_gl_handle_set_context (element, context, &share->display,
      &share->other_context);
  if (share->display)
    gst_gl_display_filter_gl_api (share->display, SUPPORTED_GL_APIS);
  g_rec_mutex_unlock (&share->lock);
}

gboolean
gws_gl_share_handle_query (GwsGLShare * share, GstElement * element,
    GstQuery * query)
{
  gboolean answered;

  g_rec_mutex_lock (&share->lock);
  answered = gst_gl_handle_context_query (element, query, share->display,
      share->context, share->other_context);
  g_rec_mutex_unlock (&share->lock);
  return answered;
}

/* A neighbour's context is only of use to a target that reads the
 * application's objects if it is in the application's share group. */
static gboolean
is_usable (GwsGLShare * share, GstElement * element, GstGLContext * context,
    gboolean in_app_group)
{
  if (!in_app_group || !share->other_context
      || gst_gl_context_can_share (context, share->other_context))
    return TRUE;
  GST_INFO_OBJECT (element, "passing over %" GST_PTR_FORMAT ", which does "
      "not share with the application's context", context);
  return FALSE;
}


#ifdef HAVE_X11
#include <X11/Xlib-xcb.h>

/* GstGL's event source polls the X socket and reads nothing once the
 * server has gone, so the socket's hang-up wakes it again at once: its
 * thread would spin a core for as long as the display lives. This source
 * sees the hang-up on the same thread first and removes GstGL's. */
typedef struct
{
  GSource source;
  GPollFD poll;
  GstGLDisplay *display;
} HangUpWatch;

static gboolean
hang_up_check (GSource * source)
{
  return (((HangUpWatch *) source)->poll.revents & (G_IO_HUP | G_IO_ERR))
      != 0;
}

static gboolean
hang_up_dispatch (GSource * source, GSourceFunc callback, gpointer data)
{
  HangUpWatch *watch = (HangUpWatch *) source;

  GST_WARNING_OBJECT (watch->display, "the X server hung up: GstGL's "
      "event source stops");
  if (watch->display->event_source)
    g_source_destroy (watch->display->event_source);
  return G_SOURCE_REMOVE;
}

static GSourceFuncs hang_up_funcs = {
  NULL, hang_up_check, hang_up_dispatch, NULL,
};

static void
watch_hang_up (GstGLDisplayX11 * display_x11)
{
  GstGLDisplay *display = GST_GL_DISPLAY (display_x11);
  HangUpWatch *watch;

  if (!display->main_context || !display->event_source)
    return;
  watch = (HangUpWatch *) g_source_new (&hang_up_funcs, sizeof (HangUpWatch));
  /* Not a reference: the source lives in the display's own context. */
  watch->display = display;
  watch->poll.fd = ConnectionNumber (display_x11->display);
  watch->poll.events = G_IO_HUP | G_IO_ERR;
  g_source_add_poll (&watch->source, &watch->poll);
  g_source_set_priority (&watch->source, G_PRIORITY_HIGH);
  g_source_attach (&watch->source, display->main_context);
  g_source_unref (&watch->source);
}
#endif

/* GstGL's X connection ends the process, as any Xlib connection does, when
 * the server dies: GLX calls on it in the GL thread (a pixmap bound, the
 * context made current or destroyed) meet the broken connection, often
 * before the capture's own connection does. A connection that GstGL
 * opened itself (by the element, or by a GL element beside it) is guarded
 * as the capture's own is, for as long as the display lives; one the
 * application opened and wrapped (gst_gl_display_x11_new_with_display)
 * keeps the application's handling. */
static void
guard_display (GstGLDisplay * display)
{
#ifdef HAVE_X11
  /* Elements sharing one display each have a share lock of their own. */
  static GMutex lock;
  GQuark guarded = g_quark_from_static_string ("gws-x11-guarded");
  GstGLDisplayX11 *display_x11;

  if (!GST_IS_GL_DISPLAY_X11 (display))
    return;
  display_x11 = GST_GL_DISPLAY_X11 (display);
  if (display_x11->foreign_display || !display_x11->display)
    return;
  g_mutex_lock (&lock);
  if (!g_object_get_qdata (G_OBJECT (display), guarded)) {
    gws_x11_guard_connection (display_x11->display);
    /* Unguarded when the display's data goes, at the very end of its
     * finalize: after XCloseDisplay, whose sync may be the first request
     * to find the connection broken. */
    g_object_set_qdata_full (G_OBJECT (display), guarded,
        display_x11->display, (GDestroyNotify) gws_x11_unguard_connection);
    watch_hang_up (display_x11);
  }
  g_mutex_unlock (&lock);
#endif
}

static gboolean
ensure_locked (GwsGLShare * share, GstElement * element,
    gboolean in_app_group, GError ** error)
{
  if (share->context)
    return TRUE;
  if (!gst_gl_ensure_element_data (element, &share->display,
          &share->other_context)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "No GL display is available\n"
        "gst_gl_ensure_element_data() found and made no GstGLDisplay");
    return FALSE;
  }
  gst_gl_display_filter_gl_api (share->display, SUPPORTED_GL_APIS);
  guard_display (share->display);

  /* A GL element downstream (glimagesink, gldownload) may already have a
   * context: sharing it keeps GLMemory on one thread. */
  gst_gl_query_local_gl_context (element, GST_PAD_SRC, &share->context);
  if (share->context && !is_usable (share, element, share->context,
          in_app_group))
    gst_clear_object (&share->context);

  GST_OBJECT_LOCK (share->display);
  while (!share->context || !gst_gl_display_add_context (share->display,
          share->context)) {
    gst_clear_object (&share->context);
    share->context =
        gst_gl_display_get_gl_context_for_thread (share->display, NULL);
    if (share->context && is_usable (share, element, share->context,
            in_app_group))
      continue;
    gst_clear_object (&share->context);
    if (!gst_gl_display_create_context (share->display, share->other_context,
            &share->context, error)) {
      GST_OBJECT_UNLOCK (share->display);
      return FALSE;
    }
  }
  GST_OBJECT_UNLOCK (share->display);
  return TRUE;
}

GstGLContext *
gws_gl_share_ensure (GwsGLShare * share, GstElement * element,
    gboolean in_app_group, GError ** error)
{
  GstGLContext *context = NULL;

  g_rec_mutex_lock (&share->lock);
  if (ensure_locked (share, element, in_app_group, error))
    context = gst_object_ref (share->context);
  g_rec_mutex_unlock (&share->lock);
  return context;
}

GstGLContext *
gws_gl_share_get_context (GwsGLShare * share)
{
  GstGLContext *context;

  g_rec_mutex_lock (&share->lock);
  context = share->context ? gst_object_ref (share->context) : NULL;
  g_rec_mutex_unlock (&share->lock);
  return context;
}

void
gws_gl_share_drop_context (GwsGLShare * share)
{
  g_rec_mutex_lock (&share->lock);
  gst_clear_object (&share->context);
  g_rec_mutex_unlock (&share->lock);
}

static void
get_max_texture_size (GstGLContext * context, gint * size)
{
  context->gl_vtable->GetIntegerv (GL_MAX_TEXTURE_SIZE, size);
}

gint
gws_gl_max_texture_size (GstGLContext * context)
{
  gint size = 0;

  gst_gl_context_thread_add (context,
      (GstGLContextThreadFunc) get_max_texture_size, &size);
  return size;
}
