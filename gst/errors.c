/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A target's GError as the element's ERROR message. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "errors.h"

#include <string.h>

void
gws_post_error_at (GstElement * element, const GError * error,
    const gchar * where, const gchar * file, const gchar * function,
    gint line)
{
  const gchar *newline = strchr (error->message, '\n');
  gchar *text = newline ? g_strndup (error->message,
      newline - error->message) : g_strdup (error->message);
  gchar *debug = newline ? g_strdup_printf ("%s: %s", where, newline + 1)
      : g_strdup (where);
  GQuark domain = error->domain;
  gint code = error->code;

  if (domain != GST_RESOURCE_ERROR && domain != GST_STREAM_ERROR
      && domain != GST_CORE_ERROR && domain != GST_LIBRARY_ERROR) {
    domain = GST_RESOURCE_ERROR;
    code = GST_RESOURCE_ERROR_FAILED;
  }
  gst_element_message_full (element, GST_MESSAGE_ERROR, domain, code, text,
      debug, file, function, line);
}
