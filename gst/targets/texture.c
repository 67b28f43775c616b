/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The application renders into a texture of its own, in its own context,
 * and shares that context with the pipeline (gst.gl.app_context). Texture
 * names are then valid in the element's context too, so a frame is the
 * texture itself: nothing is copied until the output stage's GPU pass.
 *
 * Rendering happens on another thread in another context. When the
 * application says a frame is complete (frame-ready), a fence is put into
 * its command stream; the element's context waits for that fence on the GPU
 * before sampling, so a half-rendered texture is never read. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "targets/texture.h"

#include <gst/gl/gstglfuncs.h>

GST_DEBUG_CATEGORY_STATIC (gws_texture_target_debug);
#define GST_CAT_DEFAULT gws_texture_target_debug

#ifndef GL_TEXTURE_WIDTH
#define GL_TEXTURE_WIDTH 0x1000
#define GL_TEXTURE_HEIGHT 0x1001
#endif

struct _GwsTextureTarget
{
  GwsCaptureTarget parent;

  guint texture_id;
  gboolean top_down;
  guint width, height;

  /* The newest frame-ready fence, under the object lock. */
  GLsync fence;
};

G_DEFINE_TYPE (GwsTextureTarget, gws_texture_target,
    GWS_TYPE_CAPTURE_TARGET);

typedef struct
{
  GwsTextureTarget *self;
  gboolean exists;
  gint width, height;
} TextureQuery;

static void
query_texture (GstGLContext * context, TextureQuery * query)
{
  const GstGLFuncs *gl = context->gl_vtable;

  void (*get_level_param) (GLenum, GLint, GLenum, GLint *) =
      gl->GetTexLevelParameteriv;

  query->exists = gl->IsTexture (query->self->texture_id);
  /* GstGL only loads it for desktop GL; GLES has it from 3.1. */
  if (!get_level_param
      && gst_gl_context_check_gl_version (context, GST_GL_API_GLES2, 3, 1))
    get_level_param = gst_gl_context_get_proc_address (context,
        "glGetTexLevelParameteriv");
  if (!query->exists || !get_level_param)
    return;
  gl->BindTexture (GL_TEXTURE_2D, query->self->texture_id);
  get_level_param (GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &query->width);
  get_level_param (GL_TEXTURE_2D, 0, GL_TEXTURE_HEIGHT, &query->height);
  gl->BindTexture (GL_TEXTURE_2D, 0);
}

static gboolean
gws_texture_target_open (GwsCaptureTarget * target,
    GstGLContext * context, GError ** error)
{
  GwsTextureTarget *self = GWS_TEXTURE_TARGET (target);
  TextureQuery query = { self, FALSE, 0, 0 };

  if (self->texture_id == 0) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "texture-id is 0: set it to the GL texture to capture");
    return FALSE;
  }
  gst_gl_context_thread_add (context, (GstGLContextThreadFunc) query_texture,
      &query);
  if (!query.exists) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "Texture %u does not exist in the GL context shared with the "
        "application\nglIsTexture (%u) is false in the element's context: "
        "is the application's context shared through gst.gl.app_context, "
        "and the texture created?", self->texture_id, self->texture_id);
    return FALSE;
  }

  if (query.width > 0 && query.height > 0) {
    if (self->width && self->height && (self->width != (guint) query.width
            || self->height != (guint) query.height)) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
          "Texture %u is %dx%d, but the width and height properties say "
          "%ux%u\nglGetTexLevelParameteriv reports the texture's level 0 "
          "as %dx%d", self->texture_id, query.width, query.height,
          self->width, self->height, query.width, query.height);
      return FALSE;
    }
    self->width = query.width;
    self->height = query.height;
  } else if (!self->width || !self->height) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "The size of texture %u is unknown: set the width and height "
        "properties\nThis GL API (GLES before 3.1) has no "
        "glGetTexLevelParameteriv to ask", self->texture_id);
    return FALSE;
  }
  GST_INFO_OBJECT (self, "capture path: application texture %u, %ux%u, "
      "row 0 at the %s (GPU copy)", self->texture_id, self->width,
      self->height, self->top_down ? "top" : "bottom");
  return TRUE;
}

static void
gws_texture_target_get_size (GwsCaptureTarget * target, guint * width,
    guint * height)
{
  GwsTextureTarget *self = GWS_TEXTURE_TARGET (target);

  *width = self->width;
  *height = self->height;
}

/* Called on the application's thread, where its context is current. */
static void
gws_texture_target_frame_ready (GwsCaptureTarget * target,
    GstGLContext * element_context)
{
  GwsTextureTarget *self = GWS_TEXTURE_TARGET (target);
  const GstGLFuncs *gl = element_context->gl_vtable;
  GstGLPlatform platform = gst_gl_context_get_gl_platform (element_context);
  GLsync fence, old_fence;

  if (!gl->FenceSync || !gst_gl_context_get_current_gl_context (platform)) {
    GST_LOG_OBJECT (self, "no fence: no GL context current on this thread or "
        "no sync objects");
    return;
  }
  /* The function pointers are the driver's; they act on whichever context
   * is current here, the application's. */
  fence = gl->FenceSync (GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
  gl->Flush ();

  GST_OBJECT_LOCK (self);
  old_fence = self->fence;
  self->fence = fence;
  GST_OBJECT_UNLOCK (self);
  if (old_fence)
    gl->DeleteSync (old_fence);
}

static GwsCaptureResult
gws_texture_target_acquire (GwsCaptureTarget * target,
    GstGLContext * context, GstClockTime timestamp, GwsFrame * frame,
    GError ** error)
{
  GwsTextureTarget *self = GWS_TEXTURE_TARGET (target);
  const GstGLFuncs *gl = context->gl_vtable;
  GLsync fence;

  if (!gl->IsTexture (self->texture_id)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "Texture %u no longer exists\nglIsTexture (%u) is false: the "
        "application deleted it while it was being captured",
        self->texture_id, self->texture_id);
    return GWS_CAPTURE_ERROR;
  }

  GST_OBJECT_LOCK (self);
  fence = self->fence;
  self->fence = NULL;
  GST_OBJECT_UNLOCK (self);
  if (fence) {
    /* A GPU-side wait: our commands queue behind the application's. */
    gl->WaitSync (fence, 0, GL_TIMEOUT_IGNORED);
    gl->DeleteSync (fence);
  }

  frame->texture = self->texture_id;
  frame->top_down = self->top_down;
  frame->borrowed = TRUE;
  frame->width = frame->tex_width = self->width;
  frame->height = frame->tex_height = self->height;
  frame->force_opaque = FALSE;
  return GWS_CAPTURE_OK;
}

static void
gws_texture_target_gl_stop (GwsCaptureTarget * target,
    GstGLContext * context)
{
  GwsTextureTarget *self = GWS_TEXTURE_TARGET (target);
  GLsync fence;

  /* frame-ready may be swapping it on the application's thread. */
  GST_OBJECT_LOCK (self);
  fence = self->fence;
  self->fence = NULL;
  GST_OBJECT_UNLOCK (self);
  if (fence)
    context->gl_vtable->DeleteSync (fence);
}

static void
gws_texture_target_class_init (GwsTextureTargetClass * klass)
{
  GwsCaptureTargetClass *target_class = GWS_CAPTURE_TARGET_CLASS (klass);

  target_class->open = gws_texture_target_open;
  target_class->get_size = gws_texture_target_get_size;
  target_class->acquire = gws_texture_target_acquire;
  target_class->gl_stop = gws_texture_target_gl_stop;
  target_class->frame_ready = gws_texture_target_frame_ready;
  target_class->reads_application_objects = TRUE;

  GST_DEBUG_CATEGORY_INIT (gws_texture_target_debug,
      "glwindowsrc-texture", 0, "glwindowsrc application texture target");
}

static void
gws_texture_target_init (GwsTextureTarget * self)
{
}

/* ------------------------------------------------------------------------ */
/* settings                                                                  */

enum
{
  ORIGIN_BOTTOM_LEFT,
  ORIGIN_TOP_LEFT,
};

#define DEFAULT_TEXTURE_ID 0
#define DEFAULT_TEXTURE_ORIGIN ORIGIN_BOTTOM_LEFT
#define DEFAULT_SIZE 0

static GType
texture_origin_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {ORIGIN_BOTTOM_LEFT,
        "Row 0 is the bottom of the picture (rendered by GL)", "bottom-left"},
    {ORIGIN_TOP_LEFT,
          "Row 0 is the top of the picture (uploaded image, GstGL memory)",
        "top-left"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType tmp = g_enum_register_static ("GstGLWindowSrcTextureOrigin",
        values);
    gst_type_mark_as_plugin_api (tmp, 0);
    g_once_init_leave (&type, tmp);
  }
  return type;
}

static GParamSpec **
texture_properties (void)
{
  static GParamSpec *specs[5];
  static gsize made = 0;

  if (g_once_init_enter (&made)) {
    /**
     * GstGLWindowSrc:texture-id:
     *
     * For `target=texture`: the application's texture (GL_TEXTURE_2D,
     * RGBA8), in the GL context it shares with the pipeline
     * (`gst.gl.app_context`).
     */
    specs[0] = g_param_spec_uint ("texture-id", "Texture id",
        "The application's GL texture to capture (target=texture)", 0,
        G_MAXUINT, DEFAULT_TEXTURE_ID,
        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    /**
     * GstGLWindowSrc:texture-origin:
     *
     * For `target=texture`: where row 0 of the texture is. Pictures
     * rendered by GL have it at the bottom (the default); the output is
     * upright either way.
     */
    specs[1] = g_param_spec_enum ("texture-origin", "Texture origin",
        "Where row 0 of the texture is (target=texture)",
        texture_origin_get_type (), DEFAULT_TEXTURE_ORIGIN,
        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    /**
     * GstGLWindowSrc:width:
     *
     * For `target=texture`: the texture's width, where GL cannot report
     * it (GLES before 3.1). 0: ask GL. A value that disagrees with GL is
     * an error.
     */
    specs[2] = g_param_spec_uint ("width", "Width",
        "Texture width where GL cannot report it (0: ask GL)", 0, G_MAXINT,
        DEFAULT_SIZE,
        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    /**
     * GstGLWindowSrc:height:
     *
     * For `target=texture`: the texture's height; see
     * #GstGLWindowSrc:width.
     */
    specs[3] = g_param_spec_uint ("height", "Height",
        "Texture height where GL cannot report it (0: ask GL)", 0, G_MAXINT,
        DEFAULT_SIZE,
        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    specs[4] = NULL;
    g_once_init_leave (&made, 1);
  }
  return specs;
}

static gboolean
texture_claims (const GstStructure * settings)
{
  guint texture_id = 0;

  return gst_structure_get_uint (settings, "texture-id", &texture_id)
      && texture_id != 0;
}

static GwsCaptureTarget *
texture_create (const GstStructure * settings, GstElement * element,
    GError ** error)
{
  GwsTextureTarget *self = g_object_new (GWS_TYPE_TEXTURE_TARGET, NULL);
  gint origin = DEFAULT_TEXTURE_ORIGIN;

  gst_object_ref_sink (self);
  gst_structure_get_uint (settings, "texture-id", &self->texture_id);
  gst_structure_get_enum (settings, "texture-origin",
      texture_origin_get_type (), &origin);
  self->top_down = origin == ORIGIN_TOP_LEFT;
  gst_structure_get_uint (settings, "width", &self->width);
  gst_structure_get_uint (settings, "height", &self->height);
  return GWS_CAPTURE_TARGET (self);
}

const GwsTargetInfo gws_texture_target_info = {
  .nick = "texture",
  .description = "The application's own GL texture (texture-id)",
  .create = texture_create,
  .properties = texture_properties,
  .claims = texture_claims,
};
