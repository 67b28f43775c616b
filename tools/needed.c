/* glwindowsrc tools
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The GStreamer elements a tool needs, looked up before it starts: a
 * missing plugin is then an error at once, naming the package, rather
 * than a failed request later. */

#include "needed.h"

gboolean
needed_elements_found (const gchar * program, const NeededElement * needed,
    guint n_needed, gboolean skip_glwindowsrc)
{
  guint i;

  for (i = 0; i < n_needed; i++) {
    GstElementFactory *factory;

    if (skip_glwindowsrc && !needed[i].package)
      continue;
    factory = gst_element_factory_find (needed[i].factory);
    if (factory) {
      gst_object_unref (factory);
      continue;
    }
    if (needed[i].package)
      g_printerr ("%s: the GStreamer element %s was not found; install %s\n",
          program, needed[i].factory, needed[i].package);
    else
      g_printerr ("%s: the GStreamer element glwindowsrc was not found; "
          "install the glwindowsrc plugin or set GST_PLUGIN_PATH to the "
          "folder that holds libgstglwindowsrc.so\n", program);
    return FALSE;
  }
  return TRUE;
}
