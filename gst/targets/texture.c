/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The application renders into a texture of its own, in its own context,
 * and shares that context with the pipeline (gst.gl.app_context). Texture
 * names are then valid in the element's context too, so a frame is the
 * texture itself: nothing is copied until the output stage's GPU pass.
 *
 * A multisampled texture (GL_TEXTURE_2D_MULTISAMPLE, what VTK renders
 * into) cannot be sampled as it is: each frame is resolved by a blit into
 * a 2D texture of ours, which becomes the frame. Which kind a texture is,
 * GL says (GL_TEXTURE_TARGET, GL 4.5) or binding it tells; any other kind
 * fails at open, never as black frames.
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

#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gws_texture_target_debug);
#define GST_CAT_DEFAULT gws_texture_target_debug

#ifndef GL_TEXTURE_WIDTH
#define GL_TEXTURE_WIDTH 0x1000
#define GL_TEXTURE_HEIGHT 0x1001
#endif
#ifndef GL_TEXTURE_INTERNAL_FORMAT
#define GL_TEXTURE_INTERNAL_FORMAT 0x1003
#endif
#ifndef GL_TEXTURE_TARGET
#define GL_TEXTURE_TARGET 0x1006
#endif
#ifndef GL_READ_FRAMEBUFFER
#define GL_READ_FRAMEBUFFER 0x8CA8
#define GL_DRAW_FRAMEBUFFER 0x8CA9
#endif
#ifndef GL_READ_FRAMEBUFFER_BINDING
#define GL_READ_FRAMEBUFFER_BINDING 0x8CAA
#endif
#ifndef GL_DRAW_FRAMEBUFFER_BINDING
#define GL_DRAW_FRAMEBUFFER_BINDING 0x8CA6
#endif

/* Every kind of texture GL has, as glTexImage*, glBindTexture and
 * GL_TEXTURE_TARGET name them, with the binding point that says which
 * texture is bound to each: the two glwindowsrc captures and the others,
 * for the error that names a texture it cannot. */
#define TARGET_1D 0x0DE0
#define TARGET_2D 0x0DE1
#define TARGET_3D 0x806F
#define TARGET_RECTANGLE 0x84F5
#define TARGET_CUBE_MAP 0x8513
#define TARGET_1D_ARRAY 0x8C18
#define TARGET_2D_ARRAY 0x8C1A
#define TARGET_BUFFER 0x8C2A
#define TARGET_EXTERNAL_OES 0x8D65
#define TARGET_CUBE_MAP_ARRAY 0x9009
#define TARGET_2D_MULTISAMPLE 0x9100
#define TARGET_2D_MULTISAMPLE_ARRAY 0x9102

#define SUPPORTED_TARGETS "GL_TEXTURE_2D, GL_TEXTURE_2D_MULTISAMPLE"

typedef struct
{
  GLenum target;
  GLenum binding;
  const gchar *name;
  /* The first desktop GL and GLES versions that have it (255: none), or
   * an extension that brings it (NULL: none). */
  guint8 gl_major, gl_minor, gles_major, gles_minor;
  const gchar *extension;
} TextureKind;

/* In the order the probe tries them: the two supported first. */
static const TextureKind texture_kinds[] = {
  {TARGET_2D, 0x8069, "GL_TEXTURE_2D", 1, 0, 2, 0, NULL},
  {TARGET_2D_MULTISAMPLE, 0x9104, "GL_TEXTURE_2D_MULTISAMPLE", 3, 2, 3, 1,
      "GL_ARB_texture_multisample"},
  {TARGET_RECTANGLE, 0x84F6, "GL_TEXTURE_RECTANGLE", 3, 1, 255, 255,
      "GL_ARB_texture_rectangle"},
  {TARGET_CUBE_MAP, 0x8514, "GL_TEXTURE_CUBE_MAP", 1, 3, 2, 0, NULL},
  {TARGET_3D, 0x806A, "GL_TEXTURE_3D", 1, 2, 3, 0, "GL_OES_texture_3D"},
  {TARGET_2D_ARRAY, 0x8C1D, "GL_TEXTURE_2D_ARRAY", 3, 0, 3, 0, NULL},
  {TARGET_EXTERNAL_OES, 0x8D67, "GL_TEXTURE_EXTERNAL_OES", 255, 255, 255,
      255, "GL_OES_EGL_image_external"},
  {TARGET_1D, 0x8068, "GL_TEXTURE_1D", 1, 0, 255, 255, NULL},
  {TARGET_1D_ARRAY, 0x8C1C, "GL_TEXTURE_1D_ARRAY", 3, 0, 255, 255, NULL},
  {TARGET_CUBE_MAP_ARRAY, 0x900A, "GL_TEXTURE_CUBE_MAP_ARRAY", 4, 0, 3, 2,
      NULL},
  {TARGET_2D_MULTISAMPLE_ARRAY, 0x9105, "GL_TEXTURE_2D_MULTISAMPLE_ARRAY",
      3, 2, 3, 2, NULL},
  {TARGET_BUFFER, 0x8C2C, "GL_TEXTURE_BUFFER", 3, 1, 3, 2, NULL},
};

struct _GwsTextureTarget
{
  GwsCaptureTarget parent;

  guint texture_id;
  gboolean top_down;
  guint width, height;

  /* What the texture is, found at open(): GL_TEXTURE_2D, or
   * GL_TEXTURE_2D_MULTISAMPLE, resolved each frame into our own 2D texture;
   * its internal format (0: GL cannot say). */
  GLenum target;
  GLint internal_format;

  /* The resolve (multisampled textures only; GL thread): a read
   * framebuffer for the application's texture, a draw framebuffer with
   * ours, made at the first frame and freed in gl_stop(). */
  guint resolve_texture;
  guint resolve_read_fbo, resolve_draw_fbo;
  gboolean resolve_checked;

  /* The newest frame-ready fence, under the object lock. */
  GLsync fence;
};

G_DEFINE_TYPE (GwsTextureTarget, gws_texture_target,
    GWS_TYPE_CAPTURE_TARGET);

static const gchar *
texture_kind_name (GLenum target)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (texture_kinds); i++)
    if (texture_kinds[i].target == target)
      return texture_kinds[i].name;
  return NULL;
}

static gboolean
texture_kind_available (GstGLContext * context, const TextureKind * kind)
{
  GstGLAPI api = gst_gl_context_get_gl_api (context);

  if ((api & (GST_GL_API_OPENGL | GST_GL_API_OPENGL3))
      && gst_gl_context_check_gl_version (context,
          GST_GL_API_OPENGL | GST_GL_API_OPENGL3, kind->gl_major,
          kind->gl_minor))
    return TRUE;
  if ((api & GST_GL_API_GLES2)
      && gst_gl_context_check_gl_version (context, GST_GL_API_GLES2,
          kind->gles_major, kind->gles_minor))
    return TRUE;
  return kind->extension
      && gst_gl_context_check_feature (context, kind->extension);
}

/* The context is shared with the application's: whatever this target
 * asks GL, it leaves no error behind for anyone else to find. Bounded,
 * since a lost context reports its loss forever. */
static void
clear_gl_errors (const GstGLFuncs * gl)
{
  gint i;

  for (i = 0; i < 16 && gl->GetError () != GL_NO_ERROR; i++);
}

/* The probe below makes GL errors on purpose; where GL has debug groups
 * (KHR_debug), they are hidden from the debug output (GstGL logs each as an
 * ERROR) for as long as the group is pushed. */
typedef struct
{
  void (*push) (GLenum, GLuint, GLsizei, const gchar *);
  void (*pop) (void);
  void (*control) (GLenum, GLenum, GLenum, GLsizei, const GLuint *,
      GLboolean);
} DebugGroup;

static gpointer
debug_function (GstGLContext * context, gpointer loaded, const gchar * name)
{
  gchar *khr;
  gpointer func;

  if (loaded)
    return loaded;
  if ((func = gst_gl_context_get_proc_address (context, name)))
    return func;
  khr = g_strconcat (name, "KHR", NULL);
  func = gst_gl_context_get_proc_address (context, khr);
  g_free (khr);
  return func;
}

static void
hide_gl_errors (GstGLContext * context, DebugGroup * group)
{
  const GstGLFuncs *gl = context->gl_vtable;

  memset (group, 0, sizeof (*group));
  if (!gst_gl_context_check_gl_version (context,
          GST_GL_API_OPENGL | GST_GL_API_OPENGL3, 4, 3)
      && !gst_gl_context_check_gl_version (context, GST_GL_API_GLES2, 3, 2)
      && !gst_gl_context_check_feature (context, "GL_KHR_debug"))
    return;
  group->push = debug_function (context, gl->PushDebugGroup,
      "glPushDebugGroup");
  group->pop = debug_function (context, gl->PopDebugGroup,
      "glPopDebugGroup");
  group->control = debug_function (context, gl->DebugMessageControl,
      "glDebugMessageControl");
  if (!group->push || !group->pop || !group->control) {
    group->pop = NULL;
    return;
  }
  group->push (0x824A /* GL_DEBUG_SOURCE_APPLICATION */ , 0, -1,
      "glwindowsrc: which kind of texture");
  group->control (0x1100 /* GL_DONT_CARE */ ,
      0x824C /* GL_DEBUG_TYPE_ERROR */ , 0x1100, 0, NULL, GL_FALSE);
}

static void
show_gl_errors (DebugGroup * group)
{
  if (group->pop)
    group->pop ();
}

typedef struct
{
  GwsTextureTarget *self;
  gboolean exists;
  /* 0: none of the kinds this GL has would bind it */
  GLenum target;
  const gchar *target_from;
  gboolean can_resolve;
  /* whether GL could say the size and internal format */
  gboolean size_known;
  gint width, height;
  GLint internal_format;
} TextureQuery;

/* Which kind of texture @texture is: from GL_TEXTURE_TARGET where GL has
 * it (GL 4.5, ARB_direct_state_access), else the first kind it binds to
 * (binding a texture to any other fails with GL_INVALID_OPERATION and
 * changes nothing). The bindings are put back. */
static void
find_texture_target (GstGLContext * context, guint texture,
    TextureQuery * query)
{
  const GstGLFuncs *gl = context->gl_vtable;
  void (*get_texture_param) (GLuint, GLenum, GLint *) = NULL;
  DebugGroup group;
  guint i;

  if (gst_gl_context_check_gl_version (context,
          GST_GL_API_OPENGL | GST_GL_API_OPENGL3, 4, 5)
      || gst_gl_context_check_feature (context,
          "GL_ARB_direct_state_access"))
    get_texture_param = gst_gl_context_get_proc_address (context,
        "glGetTextureParameteriv");
  if (get_texture_param) {
    GLint target = 0;

    clear_gl_errors (gl);
    get_texture_param (texture, GL_TEXTURE_TARGET, &target);
    if (gl->GetError () == GL_NO_ERROR && target != 0) {
      query->target = target;
      query->target_from = "glGetTextureParameteriv (GL_TEXTURE_TARGET)";
      return;
    }
    clear_gl_errors (gl);
  }

  query->target_from = "binding it to each kind of texture";
  GST_DEBUG_OBJECT (query->self, "GL cannot say which kind texture %u is: "
      "binding it to each; the kinds it is not fail with "
      "GL_INVALID_OPERATION", texture);
  hide_gl_errors (context, &group);
  for (i = 0; i < G_N_ELEMENTS (texture_kinds); i++) {
    const TextureKind *kind = &texture_kinds[i];
    GLint old = 0;

    if (!texture_kind_available (context, kind))
      continue;
    clear_gl_errors (gl);
    gl->GetIntegerv (kind->binding, &old);
    if (gl->GetError () != GL_NO_ERROR)
      continue;
    gl->BindTexture (kind->target, texture);
    if (gl->GetError () == GL_NO_ERROR) {
      gl->BindTexture (kind->target, old);
      query->target = kind->target;
      break;
    }
  }
  clear_gl_errors (gl);
  show_gl_errors (&group);
}

static gboolean
multisample_supported (GstGLContext * context)
{
  return texture_kind_available (context, &texture_kinds[1]);
}

static void
query_texture (GstGLContext * context, TextureQuery * query)
{
  const GstGLFuncs *gl = context->gl_vtable;
  guint texture = query->self->texture_id;
  const TextureKind *kind = NULL;
  GLint old = 0;
  guint i;

  void (*get_level_param) (GLenum, GLint, GLenum, GLint *) =
      gl->GetTexLevelParameteriv;

  query->exists = gl->IsTexture (texture);
  if (!query->exists)
    return;
  find_texture_target (context, texture, query);
  query->can_resolve = gl->BlitFramebuffer && gl->FramebufferTexture2D
      && multisample_supported (context);
  for (i = 0; i < G_N_ELEMENTS (texture_kinds); i++)
    if (texture_kinds[i].target == query->target)
      kind = &texture_kinds[i];
  if (query->target != TARGET_2D && query->target != TARGET_2D_MULTISAMPLE)
    return;

  /* GstGL only loads it for desktop GL; GLES has it from 3.1. */
  if (!get_level_param
      && gst_gl_context_check_gl_version (context, GST_GL_API_GLES2, 3, 1))
    get_level_param = gst_gl_context_get_proc_address (context,
        "glGetTexLevelParameteriv");
  if (!get_level_param)
    return;
  clear_gl_errors (gl);
  gl->GetIntegerv (kind->binding, &old);
  gl->BindTexture (query->target, texture);
  get_level_param (query->target, 0, GL_TEXTURE_WIDTH, &query->width);
  get_level_param (query->target, 0, GL_TEXTURE_HEIGHT, &query->height);
  get_level_param (query->target, 0, GL_TEXTURE_INTERNAL_FORMAT,
      &query->internal_format);
  gl->BindTexture (query->target, old);
  query->size_known = gl->GetError () == GL_NO_ERROR;
  if (!query->size_known) {
    query->width = query->height = 0;
    query->internal_format = 0;
  }
  clear_gl_errors (gl);
}

/* What an internal format holds that the output stage cannot sample as
 * colours, or NULL: it can (normalised, float, sRGB, compressed). */
static const gchar *
unusable_format (GLint format)
{
  switch (format) {
    case 0x1902:               /* GL_DEPTH_COMPONENT */
    case 0x81A5:               /* GL_DEPTH_COMPONENT16 */
    case 0x81A6:               /* GL_DEPTH_COMPONENT24 */
    case 0x81A7:               /* GL_DEPTH_COMPONENT32 */
    case 0x8CAC:               /* GL_DEPTH_COMPONENT32F */
      return "depth values";
    case 0x84F9:               /* GL_DEPTH_STENCIL */
    case 0x88F0:               /* GL_DEPTH24_STENCIL8 */
    case 0x8CAD:               /* GL_DEPTH32F_STENCIL8 */
      return "depth and stencil values";
    case 0x1901:               /* GL_STENCIL_INDEX */
    case 0x8D48:               /* GL_STENCIL_INDEX8 */
      return "stencil values";
    case 0x906F:               /* GL_RGB10_A2UI */
      return "integer values";
    default:
      break;
  }
  /* GL_R8I .. GL_RG32UI and GL_RGBA32UI .. GL_RGB8I: sampled by a float
   * sampler they read as nothing defined (black, mostly). */
  if ((format >= 0x8231 && format <= 0x823C)
      || (format >= 0x8D70 && format <= 0x8D8F))
    return "integer values";
  return NULL;
}

static gboolean
gws_texture_target_open (GwsCaptureTarget * target,
    GstGLContext * context, GError ** error)
{
  GwsTextureTarget *self = GWS_TEXTURE_TARGET (target);
  TextureQuery query = { self, FALSE, 0, NULL, FALSE, FALSE, 0, 0, 0 };

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

  if (query.target == 0) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Texture %u is of a kind that glwindowsrc cannot capture\n"
        "supported: " SUPPORTED_TARGETS "; binding it to each kind of "
        "texture this GL has failed", self->texture_id);
    return FALSE;
  }
  if (query.target != TARGET_2D && query.target != TARGET_2D_MULTISAMPLE) {
    const gchar *name = texture_kind_name (query.target);
    gchar *unknown = g_strdup_printf ("texture of target 0x%04x",
        query.target);

    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Texture %u is a %s, which glwindowsrc cannot capture\n"
        "supported: " SUPPORTED_TARGETS " (its target found by %s)",
        self->texture_id, name ? name : unknown, query.target_from);
    g_free (unknown);
    return FALSE;
  }
  if (query.target == TARGET_2D_MULTISAMPLE && !query.can_resolve) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Texture %u is a GL_TEXTURE_2D_MULTISAMPLE, which glwindowsrc "
        "cannot resolve in this GL\nthe element's context has no "
        "glBlitFramebuffer or no multisample textures (desktop GL 3.2, "
        "GLES 3.1)", self->texture_id);
    return FALSE;
  }
  self->target = query.target;

  if (query.size_known) {
    if (query.width <= 0 || query.height <= 0) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
          "Texture %u has no picture: its size is %dx%d\n"
          "glGetTexLevelParameteriv reports level 0 of the %s as %dx%d: "
          "the texture was created but never given storage (glTexImage2D, "
          "glTexStorage2D)", self->texture_id, query.width, query.height,
          texture_kind_name (query.target), query.width, query.height);
      return FALSE;
    }
    if (self->width && self->height && (self->width != (guint) query.width
            || self->height != (guint) query.height)) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
          "Texture %u is %dx%d, but the width and height properties say "
          "%ux%u\nglGetTexLevelParameteriv reports the texture's level 0 "
          "as %dx%d", self->texture_id, query.width, query.height,
          self->width, self->height, query.width, query.height);
      return FALSE;
    }
    if (unusable_format (query.internal_format)) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
          "Texture %u holds %s, not colours, which glwindowsrc cannot "
          "capture\nits internal format is 0x%04x (glGetTexLevelParameteriv "
          "GL_TEXTURE_INTERNAL_FORMAT); supported: colour formats read as "
          "normalised or float values, such as GL_RGBA8", self->texture_id,
          unusable_format (query.internal_format), query.internal_format);
      return FALSE;
    }
    self->width = query.width;
    self->height = query.height;
    self->internal_format = query.internal_format;
  } else if (!self->width || !self->height) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "The size of texture %u is unknown: set the width and height "
        "properties\nThis GL API (GLES before 3.1) has no "
        "glGetTexLevelParameteriv to ask", self->texture_id);
    return FALSE;
  }
  GST_INFO_OBJECT (self, "capture path: application texture %u, %s "
      "(found by %s), %ux%u, internal format 0x%04x, row 0 at the %s (%s)",
      self->texture_id, texture_kind_name (self->target), query.target_from,
      self->width, self->height, self->internal_format,
      self->top_down ? "top" : "bottom",
      self->target == TARGET_2D_MULTISAMPLE ?
      "resolved by a blit, then GPU copy" : "GPU copy");
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

/* Our 2D texture the multisampled one is resolved into, and the two
 * framebuffers of the blit. On GLES a multisample resolve needs identical
 * formats, so ours takes the application's there; desktop GL converts. */
static gboolean
make_resolve (GwsTextureTarget * self, GstGLContext * context,
    GError ** error)
{
  const GstGLFuncs *gl = context->gl_vtable;
  void (*tex_storage) (GLenum, GLsizei, GLenum, GLsizei, GLsizei) = NULL;
  GLint old_texture = 0, old_draw = 0;
  GLenum status;

  if (gst_gl_context_get_gl_api (context) & GST_GL_API_GLES2
      && self->internal_format && self->internal_format != GL_RGBA8)
    tex_storage = gst_gl_context_get_proc_address (context, "glTexStorage2D");

  clear_gl_errors (gl);
  gl->GetIntegerv (GL_TEXTURE_BINDING_2D, &old_texture);
  gl->GenTextures (1, &self->resolve_texture);
  gl->BindTexture (GL_TEXTURE_2D, self->resolve_texture);
  if (tex_storage)
    tex_storage (GL_TEXTURE_2D, 1, self->internal_format, self->width,
        self->height);
  else
    gl->TexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, self->width, self->height,
        0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  gl->BindTexture (GL_TEXTURE_2D, old_texture);

  gl->GenFramebuffers (1, &self->resolve_read_fbo);
  gl->GenFramebuffers (1, &self->resolve_draw_fbo);
  gl->GetIntegerv (GL_DRAW_FRAMEBUFFER_BINDING, &old_draw);
  gl->BindFramebuffer (GL_DRAW_FRAMEBUFFER, self->resolve_draw_fbo);
  gl->FramebufferTexture2D (GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      GL_TEXTURE_2D, self->resolve_texture, 0);
  status = gl->CheckFramebufferStatus (GL_DRAW_FRAMEBUFFER);
  gl->BindFramebuffer (GL_DRAW_FRAMEBUFFER, old_draw);
  clear_gl_errors (gl);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "Could not make a texture to resolve multisampled texture %u into\n"
        "the %ux%u resolve framebuffer is incomplete (status 0x%x, internal "
        "format 0x%04x)", self->texture_id, self->width, self->height,
        status, tex_storage ? self->internal_format : GL_RGBA8);
    return FALSE;
  }
  GST_DEBUG_OBJECT (self, "resolving into texture %u (%ux%u, %s)",
      self->resolve_texture, self->width, self->height,
      tex_storage ? "the application's format" : "GL_RGBA8");
  return TRUE;
}

static void
free_resolve (GwsTextureTarget * self, GstGLContext * context)
{
  const GstGLFuncs *gl = context->gl_vtable;

  if (self->resolve_read_fbo)
    gl->DeleteFramebuffers (1, &self->resolve_read_fbo);
  if (self->resolve_draw_fbo)
    gl->DeleteFramebuffers (1, &self->resolve_draw_fbo);
  if (self->resolve_texture)
    gl->DeleteTextures (1, &self->resolve_texture);
  self->resolve_read_fbo = self->resolve_draw_fbo = 0;
  self->resolve_texture = 0;
  self->resolve_checked = FALSE;
}

/* One frame of a multisampled texture, averaged into our 2D texture by a
 * blit, row for row (the orientation stays the application's). The
 * framebuffer bindings and the scissor test are put back; the
 * application's texture is left attached to nothing of ours. */
static gboolean
resolve (GwsTextureTarget * self, GstGLContext * context, GError ** error)
{
  const GstGLFuncs *gl = context->gl_vtable;
  GLint old_read = 0, old_draw = 0;
  GLenum status = GL_FRAMEBUFFER_COMPLETE, gl_error;
  gboolean scissor;

  if (!self->resolve_texture && !make_resolve (self, context, error))
    return FALSE;

  clear_gl_errors (gl);
  gl->GetIntegerv (GL_READ_FRAMEBUFFER_BINDING, &old_read);
  gl->GetIntegerv (GL_DRAW_FRAMEBUFFER_BINDING, &old_draw);
  gl->BindFramebuffer (GL_READ_FRAMEBUFFER, self->resolve_read_fbo);
  gl->FramebufferTexture2D (GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      TARGET_2D_MULTISAMPLE, self->texture_id, 0);
  gl->BindFramebuffer (GL_DRAW_FRAMEBUFFER, self->resolve_draw_fbo);
  if (!self->resolve_checked)
    status = gl->CheckFramebufferStatus (GL_READ_FRAMEBUFFER);
  if (status == GL_FRAMEBUFFER_COMPLETE) {
    scissor = gl->IsEnabled (GL_SCISSOR_TEST);
    if (scissor)
      gl->Disable (GL_SCISSOR_TEST);
    gl->BlitFramebuffer (0, 0, self->width, self->height, 0, 0, self->width,
        self->height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    if (scissor)
      gl->Enable (GL_SCISSOR_TEST);
  }
  gl->FramebufferTexture2D (GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      TARGET_2D_MULTISAMPLE, 0, 0);
  gl->BindFramebuffer (GL_READ_FRAMEBUFFER, old_read);
  gl->BindFramebuffer (GL_DRAW_FRAMEBUFFER, old_draw);
  gl_error = gl->GetError ();
  clear_gl_errors (gl);

  if (status != GL_FRAMEBUFFER_COMPLETE || gl_error != GL_NO_ERROR) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "Could not resolve multisampled texture %u\nglBlitFramebuffer from "
        "the texture's %ux%u failed: framebuffer status 0x%x, GL error 0x%x "
        "(internal format 0x%04x)", self->texture_id, self->width,
        self->height, status, gl_error, self->internal_format);
    return FALSE;
  }
  self->resolve_checked = TRUE;
  return TRUE;
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

  if (self->target == TARGET_2D_MULTISAMPLE) {
    if (!resolve (self, context, error))
      return GWS_CAPTURE_ERROR;
    frame->texture = self->resolve_texture;
    frame->borrowed = FALSE;
  } else {
    frame->texture = self->texture_id;
    frame->borrowed = TRUE;
  }
  frame->top_down = self->top_down;
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

  free_resolve (self, context);
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
     * For `target=texture`: the application's texture, in the GL context
     * it shares with the pipeline (`gst.gl.app_context`): a GL_TEXTURE_2D,
     * or a GL_TEXTURE_2D_MULTISAMPLE (resolved by a blit each frame), of a
     * colour format such as RGBA8. Any other kind of texture, a depth or
     * integer one, or one without storage, fails to start.
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
