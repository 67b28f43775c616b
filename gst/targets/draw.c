/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The application draws each frame itself, on the element's GL thread,
 * into a framebuffer the element owns. It draws as into a window, with
 * GL's origin at the bottom left, so the texture it leaves is bottom-up;
 * the output stage turns it upright in its copy. (glfilterapp hands its
 * client a framebuffer in GstGL's top-down convention instead, which is
 * why ordinary GL drawing comes out upside down there.) */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "targets/draw.h"
#include "gldriver.h"

#include <gst/gl/gstglfuncs.h>

GST_DEBUG_CATEGORY_STATIC (gws_draw_target_debug);
#define GST_CAT_DEFAULT gws_draw_target_debug

struct _GwsDrawTarget
{
  GwsCaptureTarget parent;

  /* The element, whose draw signal draws each frame: it owns the target
   * and outlives it, so no reference. */
  GstElement *element;
  guint draw_signal;
  guint width, height;

  guint texture, fbo, depth_stencil;
  guint fb_width, fb_height;
};

G_DEFINE_TYPE (GwsDrawTarget, gws_draw_target, GWS_TYPE_CAPTURE_TARGET);

static void
gws_draw_target_get_size (GwsCaptureTarget * target, guint * width,
    guint * height)
{
  /* No size of its own: the caps decide. */
  *width = *height = 0;
}

static void
gws_draw_target_configure (GwsCaptureTarget * target,
    const GstVideoInfo * info)
{
  GwsDrawTarget *self = GWS_DRAW_TARGET (target);

  self->width = GST_VIDEO_INFO_WIDTH (info);
  self->height = GST_VIDEO_INFO_HEIGHT (info);
}

static void
free_framebuffer (GwsDrawTarget * self, GstGLContext * context)
{
  const GstGLFuncs *gl = context->gl_vtable;

  if (self->fbo)
    gl->DeleteFramebuffers (1, &self->fbo);
  if (self->texture)
    gl->DeleteTextures (1, &self->texture);
  if (self->depth_stencil)
    gl->DeleteRenderbuffers (1, &self->depth_stencil);
  self->fbo = self->texture = self->depth_stencil = 0;
}

/* A colour texture plus depth and stencil, as a window would have, so 3D
 * drawing works unchanged. */
static gboolean
ensure_framebuffer (GwsDrawTarget * self, GstGLContext * context,
    GError ** error)
{
  const GstGLFuncs *gl = context->gl_vtable;
  gboolean gles2_only = gws_gl_driver_is_gles2_only (context);
  GLenum status;
  GLint max_texture = 0, max_renderbuffer = 0;

  if (self->fbo && self->fb_width == self->width
      && self->fb_height == self->height)
    return TRUE;
  free_framebuffer (self, context);

  /* Past the limits GL makes an incomplete framebuffer or an empty one:
   * name them rather than draw nothing. */
  gl->GetIntegerv (GL_MAX_TEXTURE_SIZE, &max_texture);
  gl->GetIntegerv (GL_MAX_RENDERBUFFER_SIZE, &max_renderbuffer);
  if ((max_texture > 0 && (self->width > (guint) max_texture
              || self->height > (guint) max_texture))
      || (max_renderbuffer > 0 && (self->width > (guint) max_renderbuffer
              || self->height > (guint) max_renderbuffer))) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Cannot draw %ux%u frames: this GL draws at most %dx%d\n"
        "GL_MAX_TEXTURE_SIZE %d, GL_MAX_RENDERBUFFER_SIZE %d", self->width,
        self->height, MIN (max_texture, max_renderbuffer),
        MIN (max_texture, max_renderbuffer), max_texture, max_renderbuffer);
    return FALSE;
  }

  gl->GenTextures (1, &self->texture);
  gl->BindTexture (GL_TEXTURE_2D, self->texture);
  gl->TexImage2D (GL_TEXTURE_2D, 0, gles2_only ? GL_RGBA : GL_RGBA8,
      self->width, self->height, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  /* Any size must sample completely, also on GLES 2. */
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  gl->BindTexture (GL_TEXTURE_2D, 0);

  gl->GenRenderbuffers (1, &self->depth_stencil);
  gl->BindRenderbuffer (GL_RENDERBUFFER, self->depth_stencil);
  gl->RenderbufferStorage (GL_RENDERBUFFER, gles2_only ?
      GL_DEPTH_COMPONENT16 : GL_DEPTH24_STENCIL8, self->width, self->height);
  gl->BindRenderbuffer (GL_RENDERBUFFER, 0);

  gl->GenFramebuffers (1, &self->fbo);
  gl->BindFramebuffer (GL_FRAMEBUFFER, self->fbo);
  gl->FramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      GL_TEXTURE_2D, self->texture, 0);
  gl->FramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT,
      GL_RENDERBUFFER, self->depth_stencil);
  if (!gles2_only)
    gl->FramebufferRenderbuffer (GL_FRAMEBUFFER, GL_STENCIL_ATTACHMENT,
        GL_RENDERBUFFER, self->depth_stencil);
  status = gl->CheckFramebufferStatus (GL_FRAMEBUFFER);
  gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "Could not make a %ux%u framebuffer to draw into\n"
        "glCheckFramebufferStatus: 0x%x",
        self->width, self->height, status);
    free_framebuffer (self, context);
    return FALSE;
  }
  self->fb_width = self->width;
  self->fb_height = self->height;
  GST_INFO_OBJECT (self, "capture path: draw signal into a %ux%u "
      "framebuffer (GPU copy)", self->width, self->height);
  return TRUE;
}

static gboolean
has_handler (GwsDrawTarget * self, GError ** error)
{
  if (g_signal_has_handler_pending (self->element, self->draw_signal, 0,
          TRUE))
    return TRUE;
  g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
      "target=draw, but no handler is connected to the \"draw\" signal\n"
      "connect one before the pipeline starts; it draws each frame");
  return FALSE;
}

static gboolean
emit_draw (GwsDrawTarget * self, GstGLContext * context,
    GstClockTime timestamp, GError ** error)
{
  gboolean drawn = FALSE;

  if (!has_handler (self, error))
    return FALSE;
  g_signal_emit (self->element, self->draw_signal, 0, context, self->width,
      self->height, (guint64) timestamp, &drawn);
  if (!drawn)
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "The \"draw\" handler returned FALSE for the frame at %"
        GST_TIME_FORMAT "\nthe application's draw callback reported a "
        "failure", GST_TIME_ARGS (timestamp));
  return drawn;
}

static gboolean
gws_draw_target_open (GwsCaptureTarget * target, GstGLContext * context,
    GError ** error)
{
  return has_handler (GWS_DRAW_TARGET (target), error);
}

static GwsCaptureResult
gws_draw_target_acquire (GwsCaptureTarget * target,
    GstGLContext * context, GstClockTime timestamp, GwsFrame * frame,
    GError ** error)
{
  GwsDrawTarget *self = GWS_DRAW_TARGET (target);
  const GstGLFuncs *gl = context->gl_vtable;
  gboolean drawn;

  if (!ensure_framebuffer (self, context, error))
    return GWS_CAPTURE_ERROR;

  gl->BindFramebuffer (GL_FRAMEBUFFER, self->fbo);
  gl->Viewport (0, 0, self->width, self->height);
  drawn = emit_draw (self, context, timestamp, error);
  gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
  if (!drawn)
    return GWS_CAPTURE_ERROR;

  frame->texture = self->texture;
  frame->top_down = FALSE;
  frame->width = frame->tex_width = self->width;
  frame->height = frame->tex_height = self->height;
  frame->force_opaque = FALSE;
  return GWS_CAPTURE_OK;
}

static void
gws_draw_target_gl_stop (GwsCaptureTarget * target, GstGLContext * context)
{
  free_framebuffer (GWS_DRAW_TARGET (target), context);
}

static void
gws_draw_target_class_init (GwsDrawTargetClass * klass)
{
  GwsCaptureTargetClass *target_class = GWS_CAPTURE_TARGET_CLASS (klass);

  target_class->open = gws_draw_target_open;
  target_class->get_size = gws_draw_target_get_size;
  target_class->configure = gws_draw_target_configure;
  target_class->acquire = gws_draw_target_acquire;
  target_class->gl_stop = gws_draw_target_gl_stop;

  GST_DEBUG_CATEGORY_INIT (gws_draw_target_debug, "glwindowsrc-draw", 0,
      "glwindowsrc draw-signal target");
}

static void
gws_draw_target_init (GwsDrawTarget * self)
{
}

static GwsCaptureTarget *
draw_create (const GstStructure * settings, GstElement * element,
    GError ** error)
{
  GwsDrawTarget *self = g_object_new (GWS_TYPE_DRAW_TARGET, NULL);

  gst_object_ref_sink (self);
  self->element = element;
  self->draw_signal = g_signal_lookup ("draw", G_OBJECT_TYPE (element));
  return GWS_CAPTURE_TARGET (self);
}

/* No properties: the size comes from the caps, the pictures from the
 * element's draw signal. */
const GwsTargetInfo gws_draw_target_info = {
  .nick = "draw",
  .description = "Frames the application draws in the draw signal",
  .create = draw_create,
};
