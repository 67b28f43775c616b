/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Finds or shares the GL display and context: the application's (through
 * gst.gl.app_context), a neighbour's (CONTEXT query), or a new one. */

#pragma once

#include <gst/gl/gl.h>

G_BEGIN_DECLS

/* The element's GL display and context, and the application's context it
 * shares with. One recursive lock guards all three, as GstGLBaseSrc's
 * context lock does: set_context() (any thread), the CONTEXT query (any
 * thread) and the streaming thread that creates the context meet here.
 * Recursive because creating the context asks the application for its own
 * (a need-context message), whose answer comes back into set_context() on
 * the same thread. */
typedef struct _GwsGLShare GwsGLShare;

GwsGLShare *gws_gl_share_new (void);
void gws_gl_share_free (GwsGLShare * share);

/* GstElement::set_context. */
void gws_gl_share_set_context (GwsGLShare * share, GstElement * element,
    GstContext * context);

/* The CONTEXT query: TRUE when answered. */
gboolean gws_gl_share_handle_query (GwsGLShare * share, GstElement * element,
    GstQuery * query);

/* The context the element runs GL on, found or created once and kept until
 * gws_gl_share_drop_context(). @in_app_group: only a context in the
 * application's share group will do (its texture names mean nothing
 * elsewhere). Returns a reference, or NULL with @error set. */
GstGLContext *gws_gl_share_ensure (GwsGLShare * share, GstElement * element,
    gboolean in_app_group, GError ** error);

/* A reference to the context, or NULL when there is none yet. */
GstGLContext *gws_gl_share_get_context (GwsGLShare * share);

/* stop(): the next start finds a context again (a neighbour's may have
 * changed); the display and the application's context stay. */
void gws_gl_share_drop_context (GwsGLShare * share);

/* GL_MAX_TEXTURE_SIZE of @context (asked on its GL thread): no texture,
 * GLMemory's included, may be wider or higher. 0 if GL does not say. */
gint gws_gl_max_texture_size (GstGLContext * context);

G_END_DECLS
