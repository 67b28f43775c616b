/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gldriver.h"

#include <string.h>
#include <gst/gl/gstglfuncs.h>

/* A software driver runs every pixel of a GPU pass on the CPU, so the
 * choices that pay off on a GPU (draw it, copy it asynchronously) cost
 * there instead; each caller says what it measured. */
gboolean
gws_gl_driver_is_software (GstGLContext * context)
{
  const gchar *renderer = (const gchar *)
      context->gl_vtable->GetString (GL_RENDERER);

  return renderer && (strstr (renderer, "llvmpipe")
      || strstr (renderer, "softpipe") || strstr (renderer, "Software")
      || strstr (renderer, "SWR"));
}

/* GLES 2 lacks sized formats, GL_PACK_ROW_LENGTH and pixel buffers. */
gboolean
gws_gl_driver_is_gles2_only (GstGLContext * context)
{
  return gst_gl_context_check_gl_version (context, GST_GL_API_GLES2, 2, 0)
      && !gst_gl_context_check_gl_version (context, GST_GL_API_GLES2, 3, 0);
}

/* Buffers that stay mapped while the GPU writes them (ARB/EXT
 * buffer_storage), plus the fences that say when it is done. */
gboolean
gws_gl_driver_has_persistent_mapping (GstGLContext * context)
{
  const GstGLFuncs *gl = context->gl_vtable;

  return !gws_gl_driver_is_gles2_only (context) && gl->BufferStorage
      && gl->MapBufferRange && gl->FenceSync && gl->ClientWaitSync
      && gl->DeleteSync;
}
