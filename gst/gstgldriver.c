/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstgldriver.h"

#include <string.h>
#include <gst/gl/gstglfuncs.h>

/* A software driver runs every pixel of a GPU pass on the CPU, so the
 * choices that pay off on a GPU (draw it, copy it asynchronously) cost
 * there instead; each caller says what it measured. */
gboolean
gst_gl_driver_is_software (GstGLContext * context)
{
  const gchar *renderer = (const gchar *)
      context->gl_vtable->GetString (GL_RENDERER);

  return renderer && (strstr (renderer, "llvmpipe")
      || strstr (renderer, "softpipe") || strstr (renderer, "Software")
      || strstr (renderer, "SWR"));
}

/* GLES 2 lacks sized formats, GL_PACK_ROW_LENGTH and pixel buffers. */
gboolean
gst_gl_driver_is_gles2_only (GstGLContext * context)
{
  return gst_gl_context_check_gl_version (context, GST_GL_API_GLES2, 2, 0)
      && !gst_gl_context_check_gl_version (context, GST_GL_API_GLES2, 3, 0);
}

/* Buffers that stay mapped while the GPU writes them (ARB/EXT
 * buffer_storage), plus the fences that say when it is done. */
gboolean
gst_gl_driver_has_persistent_mapping (GstGLContext * context)
{
  const GstGLFuncs *gl = context->gl_vtable;

  return !gst_gl_driver_is_gles2_only (context) && gl->BufferStorage
      && gl->MapBufferRange && gl->FenceSync && gl->ClientWaitSync
      && gl->DeleteSync;
}
