/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A target's GError as the element's ERROR message: the user's text and
 * the technical detail apart, at the caller's file and line. */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Posts @error on @element. A target's message has the user's text on its
 * first line and the technical detail after it (target.h); @where says
 * what was being done, and leads the debug string. Errors of other domains
 * (GstGL's: a context that cannot be made) become resource errors. */
#define gws_post_error(element, error, where) \
    gws_post_error_at (GST_ELEMENT (element), error, where, __FILE__, \
        GST_FUNCTION, __LINE__)

void gws_post_error_at (GstElement * element, const GError * error,
    const gchar * where, const gchar * file, const gchar * function,
    gint line);

G_END_DECLS
