/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* RGBA to I420 or NV12 on the GPU: each plane is its own render pass into
 * its own texture (Y and I420's U and V are R8, NV12's U,V is RG8), so a
 * hardware encoder that takes GL memory gets its planes with no CPU pass.
 *
 * What yuv.c does, sample for sample: luma per pixel; chroma the mean of
 * the 2x2 block it covers (centred siting), where a last odd column or row
 * is a block of its own, from the pixels there are. The GPU gets that
 * from four nearest-texel reads at the block's texel centres: the one past
 * an odd edge is clamped back onto the last texel (CLAMP_TO_EDGE), as
 * yuv.c repeats it. Linear filtering would average the same four with
 * one read, but its weights are only as exact as the driver's filtering
 * precision; four reads are exact everywhere. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "output/glyuv.h"
#include "output/yuv.h"

#include <gst/gl/gstglfuncs.h>

GST_DEBUG_CATEGORY_STATIC (gws_gl_yuv_debug);
#define GST_CAT_DEFAULT gws_gl_yuv_debug

struct _GwsGlYuv
{
  GstGLContext *context;
  GstGLShader *luma;
  GstGLShader *chroma;
  guint vao;
  guint vbo;
  guint fbo;
};

#define SHADER_HEADER \
    "#ifdef GL_ES\n" \
    "#ifdef GL_FRAGMENT_PRECISION_HIGH\n" \
    "precision highp float;\n" \
    "#else\n" \
    "precision mediump float;\n" \
    "#endif\n" \
    "#endif\n" \
    "varying vec2 v_texcoord;\n" \
    "uniform sampler2D tex;\n"

/* yuv.c's integers, in 1/32768, on colours in 0..1: the offsets 16 and 128
 * become 16/255 and 128/255, and the write to an 8-bit texture rounds to
 * the nearest, as yuv.c's added half does. */
static gchar *
luma_source (void)
{
  return g_strdup_printf (SHADER_HEADER
      "const vec3 to_y = vec3 (%d.0, %d.0, %d.0) / 32768.0;\n"
      "void main ()\n"
      "{\n"
      "  vec3 c = texture2D (tex, v_texcoord).rgb;\n"
      "  gl_FragColor = vec4 (16.0 / 255.0 + dot (c, to_y), 0.0, 0.0, 1.0);\n"
      "}\n", GWS_YUV_YR, GWS_YUV_YG, GWS_YUV_YB);
}

/* v_texcoord is the centre of a 2x2 block of the source; half_texel
 * reaches the centres of its four texels. pick_r and pick_g choose what
 * the pass writes: (U, V) for NV12's plane, U or V alone for I420's. */
static gchar *
chroma_source (void)
{
  return g_strdup_printf (SHADER_HEADER
      "uniform vec2 half_texel;\n"
      "uniform vec2 pick_r;\n"
      "uniform vec2 pick_g;\n"
      "const vec3 to_u = vec3 (%d.0, %d.0, %d.0) / 32768.0;\n"
      "const vec3 to_v = vec3 (%d.0, %d.0, %d.0) / 32768.0;\n"
      "void main ()\n"
      "{\n"
      "  vec2 d = vec2 (half_texel.x, -half_texel.y);\n"
      "  vec3 c = 0.25 * (texture2D (tex, v_texcoord - half_texel).rgb\n"
      "      + texture2D (tex, v_texcoord + d).rgb\n"
      "      + texture2D (tex, v_texcoord - d).rgb\n"
      "      + texture2D (tex, v_texcoord + half_texel).rgb);\n"
      "  vec2 uv = 128.0 / 255.0 + vec2 (dot (c, to_u), dot (c, to_v));\n"
      "  gl_FragColor = vec4 (dot (pick_r, uv), dot (pick_g, uv), 0.0, 1.0);\n"
      "}\n", GWS_YUV_UR, GWS_YUV_UG, GWS_YUV_UB, GWS_YUV_VR, GWS_YUV_VG,
      GWS_YUV_VB);
}

static GstGLShader *
make_shader (GstGLContext * context, gchar * fragment, GError ** error)
{
  GstGLShader *shader;

  shader = gst_gl_shader_new_link_with_stages (context, error,
      gst_glsl_stage_new_default_vertex (context),
      gst_glsl_stage_new_with_string (context, GL_FRAGMENT_SHADER,
          GST_GLSL_VERSION_NONE,
          GST_GLSL_PROFILE_ES | GST_GLSL_PROFILE_COMPATIBILITY, fragment),
      NULL);
  g_free (fragment);
  if (!shader)
    return NULL;
  /* The one texture unit both passes sample. */
  gst_gl_shader_use (shader);
  gst_gl_shader_set_uniform_1i (shader, "tex", 0);
  gst_gl_context_clear_shader (context);
  return shader;
}

GwsGlYuv *
gws_gl_yuv_new (GstGLContext * context, GError ** error)
{
  const GstGLFuncs *gl = context->gl_vtable;
  GstGLShader *luma, *chroma;
  GwsGlYuv *conv;

  GST_DEBUG_CATEGORY_INIT (gws_gl_yuv_debug, "glwindowsrc-glyuv", 0,
      "glwindowsrc GPU RGBA to YUV");

  luma = make_shader (context, luma_source (), error);
  if (!luma)
    return NULL;
  chroma = make_shader (context, chroma_source (), error);
  if (!chroma) {
    gst_object_unref (luma);
    return NULL;
  }

  conv = g_new0 (GwsGlYuv, 1);
  conv->context = gst_object_ref (context);
  conv->luma = luma;
  conv->chroma = chroma;
  if (gl->GenVertexArrays)
    gl->GenVertexArrays (1, &conv->vao);
  gl->GenBuffers (1, &conv->vbo);
  gl->GenFramebuffers (1, &conv->fbo);
  return conv;
}

void
gws_gl_yuv_free (GwsGlYuv * conv)
{
  const GstGLFuncs *gl;

  if (!conv)
    return;
  gl = conv->context->gl_vtable;
  if (conv->vao)
    gl->DeleteVertexArrays (1, &conv->vao);
  gl->DeleteBuffers (1, &conv->vbo);
  gl->DeleteFramebuffers (1, &conv->fbo);
  gst_object_unref (conv->luma);
  gst_object_unref (conv->chroma);
  gst_object_unref (conv->context);
  g_free (conv);
}

/* One plane: @shader over the whole @width x @height @texture, the source
 * spanning [0, @s_max] x [0, @t_max]. Clip-space y = -1 is the texture's
 * memory row 0 and t = 0 the source's, both the picture's top: no flip. */
static gboolean
draw_plane (GwsGlYuv * conv, GstGLShader * shader, guint texture,
    guint width, guint height, gfloat s_max, gfloat t_max)
{
  const GstGLFuncs *gl = conv->context->gl_vtable;
  const gfloat vertices[16] = {
    -1.0f, -1.0f, 0.0f, 0.0f,
    1.0f, -1.0f, s_max, 0.0f,
    -1.0f, 1.0f, 0.0f, t_max,
    1.0f, 1.0f, s_max, t_max,
  };
  gint attr_position = gst_gl_shader_get_attribute_location (shader,
      "a_position");
  gint attr_texcoord = gst_gl_shader_get_attribute_location (shader,
      "a_texcoord");
  GLenum status;

  gl->FramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      GL_TEXTURE_2D, texture, 0);
  status = gl->CheckFramebufferStatus (GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    GST_ERROR ("YUV plane texture %u (%ux%u) cannot be drawn into: "
        "framebuffer status 0x%x", texture, width, height, status);
    return FALSE;
  }
  gl->Viewport (0, 0, width, height);

  gl->BufferData (GL_ARRAY_BUFFER, sizeof (vertices), vertices,
      GL_STREAM_DRAW);
  gl->VertexAttribPointer (attr_position, 2, GL_FLOAT, GL_FALSE,
      4 * sizeof (gfloat), (gpointer) 0);
  gl->VertexAttribPointer (attr_texcoord, 2, GL_FLOAT, GL_FALSE,
      4 * sizeof (gfloat), (gpointer) (2 * sizeof (gfloat)));
  gl->EnableVertexAttribArray (attr_position);
  gl->EnableVertexAttribArray (attr_texcoord);
  gl->DrawArrays (GL_TRIANGLE_STRIP, 0, 4);
  gl->DisableVertexAttribArray (attr_position);
  gl->DisableVertexAttribArray (attr_texcoord);
  return TRUE;
}

static guint
plane_texture (GstVideoFrame * planes, guint plane)
{
  return *(guint *) GST_VIDEO_FRAME_PLANE_DATA (planes, plane);
}

static gboolean
draw_planes (GwsGlYuv * conv, GstVideoFrame * planes)
{
  guint width = GST_VIDEO_FRAME_WIDTH (planes);
  guint height = GST_VIDEO_FRAME_HEIGHT (planes);
  /* Half the size, rounded up: an odd last column or row is a block. */
  guint c_width = GST_VIDEO_FRAME_COMP_WIDTH (planes, 1);
  guint c_height = GST_VIDEO_FRAME_COMP_HEIGHT (planes, 1);
  /* Chroma sample i's centre, i + 0.5, is block i's centre in the source,
   * (2 i + 1) / width: the chroma quad spans 2 c_width source texels,
   * one past the edge when the width is odd. */
  gfloat s_max = 2.0f * c_width / width, t_max = 2.0f * c_height / height;
  GstGLShader *chroma = conv->chroma;

  gst_gl_shader_use (conv->luma);
  if (!draw_plane (conv, conv->luma, plane_texture (planes, 0), width,
          height, 1.0f, 1.0f))
    return FALSE;

  gst_gl_shader_use (chroma);
  gst_gl_shader_set_uniform_2f (chroma, "half_texel", 0.5f / width,
      0.5f / height);
  if (GST_VIDEO_FRAME_FORMAT (planes) == GST_VIDEO_FORMAT_NV12) {
    gst_gl_shader_set_uniform_2f (chroma, "pick_r", 1.0f, 0.0f);
    gst_gl_shader_set_uniform_2f (chroma, "pick_g", 0.0f, 1.0f);
    return draw_plane (conv, chroma, plane_texture (planes, 1), c_width,
        c_height, s_max, t_max);
  }
  gst_gl_shader_set_uniform_2f (chroma, "pick_g", 0.0f, 0.0f);
  gst_gl_shader_set_uniform_2f (chroma, "pick_r", 1.0f, 0.0f);
  if (!draw_plane (conv, chroma, plane_texture (planes, 1), c_width,
          c_height, s_max, t_max))
    return FALSE;
  gst_gl_shader_set_uniform_2f (chroma, "pick_r", 0.0f, 1.0f);
  return draw_plane (conv, chroma, plane_texture (planes, 2), c_width,
      c_height, s_max, t_max);
}

gboolean
gws_gl_yuv_convert (GwsGlYuv * conv, guint rgba_texture,
    GstVideoFrame * planes)
{
  const GstGLFuncs *gl = conv->context->gl_vtable;
  GstVideoFormat format = GST_VIDEO_FRAME_FORMAT (planes);
  gboolean ok;

  g_return_val_if_fail (format == GST_VIDEO_FORMAT_NV12
      || format == GST_VIDEO_FORMAT_I420, FALSE);

  gl->BindFramebuffer (GL_FRAMEBUFFER, conv->fbo);
  /* Whatever ran before on this thread (a draw handler) may have left
   * state that would change a plain full-surface draw. */
  gl->Disable (GL_BLEND);
  gl->Disable (GL_SCISSOR_TEST);
  gl->Disable (GL_DEPTH_TEST);
  gl->Disable (GL_STENCIL_TEST);
  gl->Disable (GL_CULL_FACE);
  gl->ColorMask (GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);

  gl->ActiveTexture (GL_TEXTURE0);
  gl->BindTexture (GL_TEXTURE_2D, rgba_texture);
  /* Exact texels, and the odd edge's missing neighbour is the last one. */
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  if (conv->vao)
    gl->BindVertexArray (conv->vao);
  gl->BindBuffer (GL_ARRAY_BUFFER, conv->vbo);

  ok = draw_planes (conv, planes);

  gl->BindBuffer (GL_ARRAY_BUFFER, 0);
  if (conv->vao)
    gl->BindVertexArray (0);
  gl->BindTexture (GL_TEXTURE_2D, 0);
  gl->FramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      GL_TEXTURE_2D, 0, 0);
  gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
  gst_gl_context_clear_shader (conv->context);
  return ok;
}
