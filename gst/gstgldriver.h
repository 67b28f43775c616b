/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#pragma once

#include <gst/gl/gl.h>

G_BEGIN_DECLS

/* What the GL driver behind a context is and can do: the questions every
 * path choice in the element comes back to. Call on the context's GL
 * thread (they read GL strings). */

gboolean gst_gl_driver_is_software (GstGLContext * context);

gboolean gst_gl_driver_is_gles2_only (GstGLContext * context);

gboolean gst_gl_driver_has_persistent_mapping (GstGLContext * context);

G_END_DECLS
