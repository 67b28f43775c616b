/* glwindowsrc tools
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The GStreamer elements a tool needs, looked up before it starts. */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct
{
  const gchar *factory;
  /* The Debian package that has it; NULL for glwindowsrc itself. */
  const gchar *package;
} NeededElement;

/* Says on stderr, as @program, which of @needed is missing and where to
 * get it; FALSE if any is. @skip_glwindowsrc: the tool runs a pipeline of
 * the user's own, which need not capture with glwindowsrc. */
gboolean needed_elements_found (const gchar * program,
    const NeededElement * needed, guint n_needed, gboolean skip_glwindowsrc);

G_END_DECLS
