/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Finds or shares the GL display and context, under one lock. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "context.h"

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
