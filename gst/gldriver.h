/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gst/gl/gl.h>

G_BEGIN_DECLS

/* What the GL driver behind a context is and can do: the questions every
 * path choice in the element comes back to. Call on the context's GL
 * thread (they read GL strings). */

gboolean gws_gl_driver_is_software (GstGLContext * context);

gboolean gws_gl_driver_is_gles2_only (GstGLContext * context);

gboolean gws_gl_driver_has_persistent_mapping (GstGLContext * context);

G_END_DECLS
