/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "output/stage.h"
#include "output/swizzle.h"
#include "output/yuv.h"
#include "output/glyuv.h"
#include "output/packbufferpool.h"
#include "gldriver.h"

#include <string.h>
#include <gst/gl/gstglfuncs.h>
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#endif

GST_DEBUG_CATEGORY_STATIC (gws_output_stage_debug);
#define GST_CAT_DEFAULT gws_output_stage_debug

#ifndef GL_PACK_ROW_LENGTH
#define GL_PACK_ROW_LENGTH 0x0D02
#endif
#ifndef GL_PACK_INVERT_MESA
#define GL_PACK_INVERT_MESA 0x8758
#endif

struct _GwsOutputStage
{
  GstGLContext *context;
  GstGLShader *shader;
  gint attr_position;
  gint attr_texcoord;
  guint vao;
  guint vbo;
  guint fbo;
  guint read_fbo;
  /* glReadPixels can return rows bottom to top (GL_MESA_pack_invert). */
  gboolean has_pack_invert;
  /* No sized formats, row lengths or pixel buffers. */
  gboolean gles2_only;
  /* Worth handing half a CPU conversion to a second thread. */
  gboolean parallel;

  /* Where a frame is drawn when it cannot be read back as it is. */
  guint staging_texture;
  guint staging_width, staging_height;

  /* Where system-memory frames are uploaded for GLMemory output. */
  guint upload_texture;
  guint upload_width, upload_height;

  /* System-memory frames turned into RGBA before an upload, and GPU
   * pictures read as RGBA before a CPU conversion to another format. */
  guint8 *rgba_buffer;
  gsize rgba_size;

  /* A second thread converts half of each large CPU frame. */
  GThreadPool *helper;

  /* GLMemory I420 and NV12: made on first use, RGBA needs none. */
  GwsGlYuv *gl_yuv;
};

/* One CPU pass over a frame's pixels into the output's format: RGBA (a
 * swizzle of X images), BGRx or BGRA (a copy of them, or a swizzle of RGBA
 * pixels), I420 or NV12 (yuv.c: swizzle and colour conversion fused).
 * Any band of rows can be done on its own, so that bands are converted as
 * they arrive, or two halves on two threads. */
typedef struct
{
  const GwsFrame *frame;
  GstVideoFormat format;
  guint8 *data[2];
  gint stride[2];
  /* I420's V plane. */
  guint8 *v;
  gint v_stride;
  gboolean streaming;
} CpuPass;

typedef struct
{
  const CpuPass *pass;
  guint first_row, rows;
  GMutex lock;
  GCond cond;
  gboolean done;
} ConvertJob;

/* Below this many pixels a hand-over costs more than it saves. */
#define PARALLEL_CONVERT_MIN_PIXELS (640 * 480)

/* Output frames from this size up are written past the cache (see
 * convert_rows()). */
#define STREAM_MIN_BYTES (4 * 1024 * 1024)

/* Samples the source and fixes what differs between targets: pixel order
 * (X images are BGRx) and meaningless alpha (depth-24 windows). One pass,
 * so the flip, the swizzle and the alpha cost nothing extra. */
static const gchar fragment_source[] =
    "#ifdef GL_ES\n"
    "#ifdef GL_FRAGMENT_PRECISION_HIGH\n"
    "precision highp float;\n"
    "#else\n"
    "precision mediump float;\n"
    "#endif\n"
    "#endif\n"
    "varying vec2 v_texcoord;\n"
    "uniform sampler2D tex;\n"
    "uniform float swap_rb;\n"
    "uniform float force_opaque;\n"
    "void main ()\n"
    "{\n"
    "  vec4 c = texture2D (tex, v_texcoord);\n"
    "  c.rgb = mix (c.rgb, c.bgr, swap_rb);\n"
    "  c.a = mix (c.a, 1.0, force_opaque);\n"
    "  gl_FragColor = c;\n"
    "}\n";

GwsOutputStage *
gws_output_stage_new (GstGLContext * context, GError ** error)
{
  const GstGLFuncs *gl = context->gl_vtable;
  GwsOutputStage *stage;
  GstGLShader *shader;

  GST_DEBUG_CATEGORY_INIT (gws_output_stage_debug, "glwindowsrc-output", 0,
      "glwindowsrc GL output stage");

  shader = gst_gl_shader_new_link_with_stages (context, error,
      gst_glsl_stage_new_default_vertex (context),
      gst_glsl_stage_new_with_string (context, GL_FRAGMENT_SHADER,
          GST_GLSL_VERSION_NONE,
          GST_GLSL_PROFILE_ES | GST_GLSL_PROFILE_COMPATIBILITY,
          fragment_source), NULL);
  if (!shader)
    return NULL;

  stage = g_new0 (GwsOutputStage, 1);
  stage->context = gst_object_ref (context);
  stage->shader = shader;
  stage->attr_position =
      gst_gl_shader_get_attribute_location (shader, "a_position");
  stage->attr_texcoord =
      gst_gl_shader_get_attribute_location (shader, "a_texcoord");

  if (gl->GenVertexArrays)
    gl->GenVertexArrays (1, &stage->vao);
  gl->GenBuffers (1, &stage->vbo);
  gl->GenFramebuffers (1, &stage->fbo);
  if (gl->BlitFramebuffer)
    gl->GenFramebuffers (1, &stage->read_fbo);
  /* Row by row reads (GLES 2) cannot use it. */
  stage->has_pack_invert =
      gst_gl_context_check_feature (context, "GL_MESA_pack_invert")
      && !gst_gl_context_check_gl_version (context, GST_GL_API_GLES2, 2, 0);
  stage->gles2_only = gws_gl_driver_is_gles2_only (context);
  stage->parallel = g_get_num_processors () >= 2;
  /* The one texture unit every draw samples. */
  gst_gl_shader_use (shader);
  gst_gl_shader_set_uniform_1i (shader, "tex", 0);
  gst_gl_context_clear_shader (context);

  return stage;
}

void
gws_output_stage_free (GwsOutputStage * stage)
{
  const GstGLFuncs *gl;

  if (!stage)
    return;

  gl = stage->context->gl_vtable;
  if (stage->vao)
    gl->DeleteVertexArrays (1, &stage->vao);
  gl->DeleteBuffers (1, &stage->vbo);
  gl->DeleteFramebuffers (1, &stage->fbo);
  if (stage->read_fbo)
    gl->DeleteFramebuffers (1, &stage->read_fbo);
  if (stage->staging_texture)
    gl->DeleteTextures (1, &stage->staging_texture);
  if (stage->upload_texture)
    gl->DeleteTextures (1, &stage->upload_texture);
  g_free (stage->rgba_buffer);
  if (stage->helper)
    g_thread_pool_free (stage->helper, FALSE, TRUE);
  g_clear_pointer (&stage->gl_yuv, gws_gl_yuv_free);
  gst_object_unref (stage->shader);
  gst_object_unref (stage->context);
  g_free (stage);
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define HAVE_STREAM_COPY 1
/* Rows copied past the cache (non-temporal stores), for frames that leave
 * the element rather than being read again: the output's lines are not
 * read in only to be overwritten. 16-byte stores from each row's first
 * aligned byte; the ends pixel by pixel. */
__attribute__ ((target ("sse2")))
static void
copy_rows_stream (const guint8 * src, gint src_stride, guint8 * dst,
    gint dst_stride, gsize bytes, guint height, guint32 alpha)
{
  const __m128i a = _mm_set1_epi32 ((gint) alpha);
  guint row;

  for (row = 0; row < height; row++) {
    const guint8 *s = src + (gssize) row * src_stride;
    guint8 *d = dst + (gssize) row * dst_stride;
    gsize head = MIN (bytes, (16 - ((guintptr) d & 15)) & 15), i;
    guint32 p;

    for (i = 0; i + 4 <= head; i += 4) {
      memcpy (&p, s + i, 4);
      p |= alpha;
      memcpy (d + i, &p, 4);
    }
    for (; i + 16 <= bytes; i += 16)
      _mm_stream_si128 ((__m128i *) (d + i),
          _mm_or_si128 (_mm_loadu_si128 ((const __m128i *) (s + i)), a));
    for (; i < bytes; i += 4) {
      memcpy (&p, s + i, 4);
      p |= alpha;
      memcpy (d + i, &p, 4);
    }
  }
  /* Weakly ordered: done before whoever reads the frame next is told. */
  _mm_sfence ();
}
#endif

/* Copies rows of 4-byte pixels; @opaque: alpha becomes 255; @streaming:
 * past the cache where the CPU can. The plain loop is written so that
 * compilers vectorise it. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__ ((optimize ("tree-vectorize")))
#endif
static void
copy_rows (const guint8 * src, gint src_stride, guint8 * dst, gint dst_stride,
    guint width, guint height, gboolean opaque, gboolean streaming)
{
  guint row, col;

#ifdef HAVE_STREAM_COPY
  /* Whole 4-byte pixels: the head before an aligned store is too. */
  if (streaming && ((guintptr) dst & 3) == 0 && (dst_stride & 3) == 0) {
    copy_rows_stream (src, src_stride, dst, dst_stride, (gsize) width * 4,
        height, opaque ? GUINT32_TO_LE (0xff000000u) : 0);
    return;
  }
#endif
  for (row = 0; row < height; row++) {
    const guint8 *s = src + (gssize) row * src_stride;
    guint8 *d = dst + (gssize) row * dst_stride;

    if (!opaque) {
      memcpy (d, s, (gsize) width * 4);
    } else {
      const guint32 *restrict s32 = (const guint32 *) s;
      guint32 *restrict d32 = (guint32 *) d;

      for (col = 0; col < width; col++)
        d32[col] = s32[col] | GUINT32_TO_LE (0xff000000u);
    }
  }
}

/* Rows [@first, @first + @rows) of @pass. For I420 and NV12 a band starts
 * on an even row and is even, or ends the picture. */
static void
run_pass_rows (const CpuPass * pass, guint first, guint rows)
{
  const GwsFrame *frame = pass->frame;
  const guint8 *src = frame->data + (gssize) first * frame->stride;
  guint8 *dst = pass->data[0] + (gssize) first * pass->stride[0];
  /* Whether the output's byte order is the source's: a copy. */
  gboolean same_order;
  GwsYuvPlanes planes;

  switch (pass->format) {
    case GST_VIDEO_FORMAT_I420:
    case GST_VIDEO_FORMAT_NV12:
      planes.y = pass->data[0];
      planes.y_stride = pass->stride[0];
      planes.u = pass->data[1];
      planes.u_stride = pass->stride[1];
      planes.v = pass->v;
      planes.v_stride = pass->v_stride;
      gws_yuv_convert_rows (frame->data, frame->stride, frame->bgrx,
          frame->width, frame->height, first, rows, &planes);
      return;
    case GST_VIDEO_FORMAT_BGRx:
    case GST_VIDEO_FORMAT_BGRA:
      same_order = frame->bgrx;
      break;
    case GST_VIDEO_FORMAT_RGBA:
    default:
      same_order = !frame->bgrx;
      break;
  }
  /* BGRx's fourth byte means nothing: a copy need not fix it. */
  if (same_order)
    copy_rows (src, frame->stride, dst, pass->stride[0], frame->width, rows,
        frame->force_opaque && pass->format != GST_VIDEO_FORMAT_BGRx,
        pass->streaming);
  else
    gws_swizzle_rows (src, frame->stride, dst, pass->stride[0], frame->width,
        rows, frame->force_opaque, pass->streaming);
}

static void
run_convert_job (ConvertJob * job, gpointer unused)
{
  run_pass_rows (job->pass, job->first_row, job->rows);
  g_mutex_lock (&job->lock);
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
}

/* Blocks until the frame's first @rows rows are in memory; returns how
 * many are. */
static guint
wait_rows (const GwsFrame * frame, guint rows)
{
  if (!frame->wait_rows)
    return frame->height;
  return frame->wait_rows (frame, rows);
}

static gboolean
is_yuv (GstVideoFormat format)
{
  return format == GST_VIDEO_FORMAT_I420 || format == GST_VIDEO_FORMAT_NV12;
}

/* A frame still arriving is converted band by band as it lands: the X
 * server fills the next band on one core while this converts the last on
 * the other, and each band is converted while it is still in the cache.
 * I420 and NV12 take rows in pairs (one chroma row each): a band's odd
 * last row waits for the next band. */
static void
convert_as_it_arrives (const CpuPass * pass)
{
  const GwsFrame *frame = pass->frame;
  guint step = is_yuv (pass->format) ? 2 : 1;
  guint done = 0;

  while (done < frame->height) {
    guint ready = MIN (wait_rows (pass->frame, done + step), frame->height);

    if (ready < frame->height)
      ready -= (ready - done) % step;
    run_pass_rows (pass, done, ready - done);
    done = ready;
  }
}

/* The X server waits while we convert a frame read all at once, so both
 * cores are ours: the lower half of a large frame goes to a helper. */
static void
convert_frame (GwsOutputStage * stage, CpuPass * pass)
{
  const GwsFrame *frame = pass->frame;
  guint top_rows = (frame->height / 2) & ~1u;
  ConvertJob job;

  pass->streaming = pass->streaming
      && (gsize) frame->height * frame->width * 4 >= STREAM_MIN_BYTES;
  if (frame->wait_rows) {
    convert_as_it_arrives (pass);
    return;
  }
  if ((gsize) frame->width * frame->height < PARALLEL_CONVERT_MIN_PIXELS
      || !stage->parallel) {
    run_pass_rows (pass, 0, frame->height);
    return;
  }
  if (!stage->helper)
    stage->helper = g_thread_pool_new ((GFunc) run_convert_job, NULL, 1,
        FALSE, NULL);

  job.pass = pass;
  job.first_row = top_rows;
  job.rows = frame->height - top_rows;
  job.done = FALSE;
  g_mutex_init (&job.lock);
  g_cond_init (&job.cond);
  g_thread_pool_push (stage->helper, &job, NULL);

  run_pass_rows (pass, 0, top_rows);

  g_mutex_lock (&job.lock);
  while (!job.done)
    g_cond_wait (&job.cond, &job.lock);
  g_mutex_unlock (&job.lock);
  g_mutex_clear (&job.lock);
  g_cond_clear (&job.cond);
}

/* The BGRx frame as RGBA rows at @dst. @streaming: @dst is not read again
 * soon (it leaves the element). */
static void
convert_bgrx (GwsOutputStage * stage, const GwsFrame * frame,
    guint8 * dst, gint dst_stride, gboolean streaming)
{
  CpuPass pass = { frame, GST_VIDEO_FORMAT_RGBA, {dst, NULL}, {dst_stride, 0},
    NULL, 0, streaming
  };

  convert_frame (stage, &pass);
}

void
gws_output_stage_swizzle_in_place (GwsOutputStage * stage,
    const GwsFrame * frame)
{
  /* Cached stores: the rows were just read in from the X server's write,
   * and are written back where they are. */
  convert_bgrx (stage, frame, (guint8 *) frame->data, frame->stride, FALSE);
}

/* Pixel transfer state is global to the context and a draw handler (or
 * anything else sharing the GL thread) may have changed it; a stray
 * GL_PACK_ROW_LENGTH would make a read write past the output buffer. */
static void
reset_pixel_transfer (GwsOutputStage * stage)
{
  const GstGLFuncs *gl = stage->context->gl_vtable;

  gl->PixelStorei (GL_PACK_ALIGNMENT, 4);
  gl->PixelStorei (GL_UNPACK_ALIGNMENT, 4);
  if (!stage->gles2_only) {
    gl->PixelStorei (GL_PACK_ROW_LENGTH, 0);
    gl->PixelStorei (GL_PACK_SKIP_ROWS, 0);
    gl->PixelStorei (GL_PACK_SKIP_PIXELS, 0);
    gl->PixelStorei (GL_UNPACK_ROW_LENGTH, 0);
    gl->PixelStorei (GL_UNPACK_SKIP_ROWS, 0);
    gl->PixelStorei (GL_UNPACK_SKIP_PIXELS, 0);
    gl->BindBuffer (GL_PIXEL_PACK_BUFFER, 0);
    gl->BindBuffer (GL_PIXEL_UNPACK_BUFFER, 0);
  }
  if (stage->has_pack_invert)
    gl->PixelStorei (GL_PACK_INVERT_MESA, GL_FALSE);
}

/* (Re)allocates an RGBA8 texture of the given size. */
static void
ensure_texture (GwsOutputStage * stage, guint * texture, guint * tex_width,
    guint * tex_height, guint width, guint height)
{
  const GstGLFuncs *gl = stage->context->gl_vtable;

  if (*texture && *tex_width == width && *tex_height == height)
    return;

  if (!*texture)
    gl->GenTextures (1, texture);
  gl->BindTexture (GL_TEXTURE_2D, *texture);
  /* GLES 2 knows no sized internal formats. */
  gl->TexImage2D (GL_TEXTURE_2D, 0,
      stage->gles2_only ? GL_RGBA : GL_RGBA8, width,
      height, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  gl->BindTexture (GL_TEXTURE_2D, 0);
  *tex_width = width;
  *tex_height = height;
}

/* Puts @height rows of @width RGBA pixels, @stride bytes apart, into
 * @texture (already of that size). */
static void
tex_sub_image (GwsOutputStage * stage, guint texture, const guint8 * data,
    gint stride, guint width, guint height)
{
  const GstGLFuncs *gl = stage->context->gl_vtable;

  gl->BindTexture (GL_TEXTURE_2D, texture);
  if (stride == (gint) width * 4) {
    gl->TexSubImage2D (GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA,
        GL_UNSIGNED_BYTE, data);
  } else if (!stage->gles2_only) {
    gl->PixelStorei (GL_UNPACK_ROW_LENGTH, stride / 4);
    gl->TexSubImage2D (GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA,
        GL_UNSIGNED_BYTE, data);
    gl->PixelStorei (GL_UNPACK_ROW_LENGTH, 0);
  } else {
    guint row;

    for (row = 0; row < height; row++)
      gl->TexSubImage2D (GL_TEXTURE_2D, 0, 0, row, width, 1, GL_RGBA,
          GL_UNSIGNED_BYTE, data + (gsize) row * stride);
  }
  gl->BindTexture (GL_TEXTURE_2D, 0);
}

/* A system-memory frame becomes a texture in its memory order: row 0 at
 * the top, or at the bottom for rows stored bottom to top (a negative
 * stride). BGRx is swizzled by the drawing that follows. */
static guint
upload_frame (GwsOutputStage * stage, const GwsFrame * frame)
{
  const guint8 *first = frame->data;
  gint stride = frame->stride;

  wait_rows (frame, frame->height);
  if (stride < 0) {
    first += (gssize) (frame->height - 1) * stride;
    stride = -stride;
  }
  ensure_texture (stage, &stage->upload_texture, &stage->upload_width,
      &stage->upload_height, frame->width, frame->height);
  tex_sub_image (stage, stage->upload_texture, first, stride,
      frame->width, frame->height);
  return stage->upload_texture;
}

/* A rectangle in output pixels, counted from the top left. */
typedef struct
{
  gfloat x, y, width, height;
} Rect;

/* Where the picture lands in the output: all of it when the sizes agree,
 * else scaled to fit with its aspect ratio kept, centred between black
 * bars. */
static Rect
fit_picture (guint pic_width, guint pic_height, guint out_width,
    guint out_height)
{
  Rect r = { 0, 0, out_width, out_height };
  gdouble scale;

  if (pic_width == out_width && pic_height == out_height)
    return r;
  scale = MIN ((gdouble) out_width / pic_width,
      (gdouble) out_height / pic_height);
  r.width = MAX (1, (gint) (pic_width * scale + 0.5));
  r.height = MAX (1, (gint) (pic_height * scale + 0.5));
  r.x = (gint) ((out_width - r.width) / 2);
  r.y = (gint) ((out_height - r.height) / 2);
  return r;
}

/* Draws the part [s_left, s_right] x [t_top, t_bottom] of @texture into
 * @dst. In an FBO, clip-space y = -1 lands on memory row 0, which is the
 * top of the output, so a rectangle's top edge y maps to -1 + 2 y / H.
 * A @borrowed texture (the application's) gets its filters back. */
static void
draw_quad (GwsOutputStage * stage, guint texture, gboolean borrowed,
    gfloat s_left, gfloat s_right, gfloat t_top, gfloat t_bottom, Rect dst,
    guint out_width, guint out_height, gboolean swap_rb,
    gboolean force_opaque, gboolean smooth)
{
  const GstGLFuncs *gl = stage->context->gl_vtable;
  gfloat x0 = -1.0f + 2.0f * dst.x / out_width;
  gfloat x1 = -1.0f + 2.0f * (dst.x + dst.width) / out_width;
  gfloat y_top = -1.0f + 2.0f * dst.y / out_height;
  gfloat y_bottom = -1.0f + 2.0f * (dst.y + dst.height) / out_height;
  const gfloat vertices[16] = {
    x0, y_top, s_left, t_top,
    x1, y_top, s_right, t_top,
    x0, y_bottom, s_left, t_bottom,
    x1, y_bottom, s_right, t_bottom,
  };
  GLenum filter = smooth ? GL_LINEAR : GL_NEAREST;
  GLint old_min_filter = GL_NEAREST, old_mag_filter = GL_NEAREST;

  gst_gl_shader_use (stage->shader);
  gst_gl_shader_set_uniform_1f (stage->shader, "swap_rb", swap_rb);
  gst_gl_shader_set_uniform_1f (stage->shader, "force_opaque", force_opaque);
  gl->ActiveTexture (GL_TEXTURE0);
  gl->BindTexture (GL_TEXTURE_2D, texture);
  if (borrowed) {
    gl->GetTexParameteriv (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER,
        &old_min_filter);
    gl->GetTexParameteriv (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER,
        &old_mag_filter);
  }
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);

  if (stage->vao)
    gl->BindVertexArray (stage->vao);
  gl->BindBuffer (GL_ARRAY_BUFFER, stage->vbo);
  gl->BufferData (GL_ARRAY_BUFFER, sizeof (vertices), vertices,
      GL_STREAM_DRAW);
  gl->VertexAttribPointer (stage->attr_position, 2, GL_FLOAT, GL_FALSE,
      4 * sizeof (gfloat), (gpointer) 0);
  gl->VertexAttribPointer (stage->attr_texcoord, 2, GL_FLOAT, GL_FALSE,
      4 * sizeof (gfloat), (gpointer) (2 * sizeof (gfloat)));
  gl->EnableVertexAttribArray (stage->attr_position);
  gl->EnableVertexAttribArray (stage->attr_texcoord);

  gl->DrawArrays (GL_TRIANGLE_STRIP, 0, 4);
  if (borrowed) {
    gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, old_min_filter);
    gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, old_mag_filter);
  }

  gl->DisableVertexAttribArray (stage->attr_position);
  gl->DisableVertexAttribArray (stage->attr_texcoord);
  gl->BindBuffer (GL_ARRAY_BUFFER, 0);
  if (stage->vao)
    gl->BindVertexArray (0);
  gl->BindTexture (GL_TEXTURE_2D, 0);
}

/* A plain copy of a texture frame, flipped or not, is a framebuffer blit:
 * on software drivers much cheaper than running a fragment shader over
 * every pixel. FALSE when the frame needs the shader (scaling, swizzle,
 * alpha, an overlay) or the blit cannot be set up. */
static gboolean
blit_frame (GwsOutputStage * stage, const GwsFrame * frame,
    guint out_width, guint out_height)
{
  const GstGLFuncs *gl = stage->context->gl_vtable;
  gint src_y0, src_y1;

  if (!stage->read_fbo || !frame->texture || frame->force_opaque
      || frame->overlay.texture || frame->width != out_width
      || frame->height != out_height)
    return FALSE;

  gl->BindFramebuffer (GL_READ_FRAMEBUFFER, stage->read_fbo);
  gl->FramebufferTexture2D (GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      GL_TEXTURE_2D, frame->texture, 0);
  if (gl->CheckFramebufferStatus (GL_READ_FRAMEBUFFER) !=
      GL_FRAMEBUFFER_COMPLETE) {
    gl->BindFramebuffer (GL_FRAMEBUFFER, stage->fbo);
    return FALSE;
  }
  /* Source rows in memory order; a bottom-up source is read upside down
   * (y0 > y1) so that its top lands on the output's row 0. */
  if (frame->top_down) {
    src_y0 = frame->y;
    src_y1 = frame->y + frame->height;
  } else {
    src_y0 = frame->tex_height - frame->y;
    src_y1 = frame->tex_height - frame->y - frame->height;
  }
  gl->Disable (GL_SCISSOR_TEST);
  gl->BlitFramebuffer (frame->x, src_y0, frame->x + frame->width, src_y1,
      0, 0, out_width, out_height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  /* Back to reading the output, as after a drawing pass. */
  gl->BindFramebuffer (GL_FRAMEBUFFER, stage->fbo);
  return TRUE;
}

/* Draws @frame into @dst_texture (out_width x out_height) upright: row 0
 * of @dst_texture's memory is the top of the picture, GstGL's convention. */
static gboolean
draw_frame (GwsOutputStage * stage, const GwsFrame * frame,
    guint out_width, guint out_height, guint dst_texture)
{
  const GstGLFuncs *gl = stage->context->gl_vtable;
  gboolean top_down = frame->top_down;
  guint src_texture = frame->texture;
  gfloat tex_w = frame->tex_width, tex_h = frame->tex_height;
  gfloat x = frame->x, y = frame->y;
  gfloat w = frame->width, h = frame->height;
  gfloat t_top, t_bottom;
  Rect dst = fit_picture (frame->width, frame->height, out_width, out_height);
  gboolean scaled = dst.width != w || dst.height != h;
  GLenum status;

  if (!src_texture) {
    src_texture = upload_frame (stage, frame);
    top_down = frame->stride > 0;
    tex_w = w;
    tex_h = h;
    x = y = 0;
  }
  if (top_down) {
    t_top = y / tex_h;
    t_bottom = (y + h) / tex_h;
  } else {
    t_top = (tex_h - y) / tex_h;
    t_bottom = (tex_h - y - h) / tex_h;
  }

  gl->BindFramebuffer (GL_FRAMEBUFFER, stage->fbo);
  gl->FramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      GL_TEXTURE_2D, dst_texture, 0);
  status = gl->CheckFramebufferStatus (GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    GST_ERROR ("output framebuffer incomplete: 0x%x", status);
    gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
    return FALSE;
  }
  gl->Viewport (0, 0, out_width, out_height);
  /* A draw handler may leave any state behind; reset what would change a
   * plain copy. */
  gl->Disable (GL_BLEND);
  gl->Disable (GL_SCISSOR_TEST);
  gl->Disable (GL_DEPTH_TEST);
  gl->Disable (GL_STENCIL_TEST);
  gl->Disable (GL_CULL_FACE);
  gl->ColorMask (GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);

  if (blit_frame (stage, frame, out_width, out_height))
    return TRUE;

  if (dst.width != out_width || dst.height != out_height) {
    gl->ClearColor (0.0f, 0.0f, 0.0f, 1.0f);
    gl->Clear (GL_COLOR_BUFFER_BIT);
  }
  draw_quad (stage, src_texture, frame->borrowed, x / tex_w, (x + w) / tex_w,
      t_top, t_bottom, dst, out_width, out_height,
      frame->texture == 0 && frame->bgrx, frame->force_opaque, scaled);

  if (frame->overlay.texture) {
    const GwsOverlay *o = &frame->overlay;
    gfloat scale = dst.width / w;
    Rect o_dst = { dst.x + o->x * scale, dst.y + o->y * scale,
      o->width * scale, o->height * scale
    };

    /* The pointer image has premultiplied alpha. */
    gl->Enable (GL_BLEND);
    gl->BlendFunc (GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    draw_quad (stage, o->texture, FALSE, 0.0f, 1.0f, 0.0f, 1.0f, o_dst,
        out_width, out_height, FALSE, FALSE, scaled);
    gl->Disable (GL_BLEND);
  }
  gst_gl_context_clear_shader (stage->context);
  /* The FBO stays bound: to_system() reads from it next. */
  return TRUE;
}

/* Makes sure the scratch buffer holds @size bytes. */
static guint8 *
scratch_buffer (GwsOutputStage * stage, gsize size)
{
  if (stage->rgba_size < size) {
    g_free (stage->rgba_buffer);
    stage->rgba_buffer = g_malloc (size);
    stage->rgba_size = size;
  }
  return stage->rgba_buffer;
}

/* System-memory pixels of the output's size go straight into the output
 * texture: one CPU pass making RGBA with opaque alpha where needed, one
 * upload. Cheaper than any drawing on a software driver, and no worse on a
 * GPU, where the upload is the cost either way. */
static void
upload_to_texture (GwsOutputStage * stage, const GwsFrame * frame,
    guint dst_texture)
{
  const guint8 *pixels = frame->data;
  gint stride = frame->stride;

  if (frame->bgrx || frame->force_opaque) {
    scratch_buffer (stage, (gsize) frame->width * frame->height * 4);
    if (frame->bgrx) {
      /* Uploaded next: kept in the cache. */
      convert_bgrx (stage, frame, stage->rgba_buffer, frame->width * 4, FALSE);
    } else {
      guint row, col;

      for (row = 0; row < frame->height; row++) {
        guint8 *d = stage->rgba_buffer + (gsize) row * frame->width * 4;

        memcpy (d, frame->data + (gsize) row * frame->stride,
            (gsize) frame->width * 4);
        for (col = 0; col < frame->width; col++)
          d[4 * col + 3] = 0xff;
      }
    }
    pixels = stage->rgba_buffer;
    stride = frame->width * 4;
  }
  tex_sub_image (stage, dst_texture, pixels, stride, frame->width,
      frame->height);
}

gboolean
gws_output_stage_to_texture (GwsOutputStage * stage,
    const GwsFrame * frame, guint width, guint height,
    guint dst_texture)
{
  gboolean ret;

  reset_pixel_transfer (stage);
  /* Only the BGRx swizzle reads rows as they arrive; everything else wants
   * the whole picture. */
  if (!frame->bgrx)
    wait_rows (frame, frame->height);
  if (!frame->texture && !frame->overlay.texture && frame->width == width
      && frame->height == height && frame->stride > 0) {
    upload_to_texture (stage, frame, dst_texture);
    return TRUE;
  }
  ret = draw_frame (stage, frame, width, height, dst_texture);

  stage->context->gl_vtable->BindFramebuffer (GL_FRAMEBUFFER, 0);
  return ret;
}

static void
read_rows (GwsOutputStage * stage, guint x, guint y, guint width,
    guint height, guint8 * dst, gint dst_stride)
{
  const GstGLFuncs *gl = stage->context->gl_vtable;

  if (dst_stride == (gint) width * 4) {
    gl->ReadPixels (x, y, width, height, GL_RGBA, GL_UNSIGNED_BYTE, dst);
  } else if (!stage->gles2_only) {
    gl->PixelStorei (GL_PACK_ROW_LENGTH, dst_stride / 4);
    gl->ReadPixels (x, y, width, height, GL_RGBA, GL_UNSIGNED_BYTE, dst);
    gl->PixelStorei (GL_PACK_ROW_LENGTH, 0);
  } else {
    guint row;

    for (row = 0; row < height; row++)
      gl->ReadPixels (x, y + row, width, 1, GL_RGBA, GL_UNSIGNED_BYTE,
          dst + (gsize) row * dst_stride);
  }
}

/* Reads the bound framebuffer's rectangle at (@x, @y), counted in memory
 * rows, which for every framebuffer read here are picture rows from the
 * top. @dst is an offset into @pack_buffer when that is set (never on
 * GLES 2, which has no pack buffers and reads row by row). */
static void
read_pixels (GwsOutputStage * stage, guint x, guint y, guint width,
    guint height, guint8 * dst, gint dst_stride, guint pack_buffer)
{
  const GstGLFuncs *gl = stage->context->gl_vtable;

  if (pack_buffer)
    gl->BindBuffer (GL_PIXEL_PACK_BUFFER, pack_buffer);
  read_rows (stage, x, y, width, height, dst, dst_stride);
  if (pack_buffer)
    gl->BindBuffer (GL_PIXEL_PACK_BUFFER, 0);
}

/* Copies a system-memory frame of the output's size straight across. */
static void
copy_system_frame (GwsOutputStage * stage, const GwsFrame * frame,
    guint8 * dst, gint dst_stride)
{
  guint row;

  if (frame->bgrx) {
    convert_bgrx (stage, frame, dst, dst_stride, TRUE);
    return;
  }
  for (row = 0; row < frame->height; row++)
    memcpy (dst + (gsize) row * dst_stride,
        frame->data + (gssize) row * frame->stride, (gsize) frame->width * 4);
}

gboolean
gws_output_stage_to_system (GwsOutputStage * stage,
    const GwsFrame * frame, guint width, guint height,
    guint8 * dst, gint dst_stride, guint pack_buffer)
{
  const GstGLFuncs *gl = stage->context->gl_vtable;
  gboolean as_is = frame->width == width && frame->height == height
      && !frame->overlay.texture;
  /* With a pack buffer, GL writes into it at offset 0 (which is @dst, as
   * the CPU sees it) and returns before the copy is done. */
  guint8 *gl_dst = pack_buffer ? NULL : dst;

  reset_pixel_transfer (stage);
  /* Only the BGRx swizzle reads rows as they arrive; everything else wants
   * the whole picture. */
  if (!frame->bgrx)
    wait_rows (frame, frame->height);
  if (as_is && !frame->texture) {
    /* Pixels already in system memory never visit the GPU. */
    copy_system_frame (stage, frame, dst, dst_stride);
    return TRUE;
  }

  if (as_is && !frame->force_opaque
      && (frame->top_down || stage->has_pack_invert)) {
    /* Read the source as it is, with no drawing pass in between: upright
     * already, or turned upright by the read itself (pack invert), which
     * on Mesa is a plain copy when the formats agree. */
    GLenum status;
    guint y = frame->top_down ? frame->y :
        frame->tex_height - frame->y - frame->height;

    gl->BindFramebuffer (GL_FRAMEBUFFER, stage->fbo);
    gl->FramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
        GL_TEXTURE_2D, frame->texture, 0);
    status = gl->CheckFramebufferStatus (GL_FRAMEBUFFER);
    if (status != GL_FRAMEBUFFER_COMPLETE) {
      GST_DEBUG ("source texture not readable through an FBO (0x%x), "
          "drawing it first", status);
    } else {
      if (!frame->top_down)
        gl->PixelStorei (GL_PACK_INVERT_MESA, GL_TRUE);
      read_pixels (stage, frame->x, y, width, height, gl_dst, dst_stride,
          pack_buffer);
      if (!frame->top_down)
        gl->PixelStorei (GL_PACK_INVERT_MESA, GL_FALSE);
      gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
      return TRUE;
    }
  }

  ensure_texture (stage, &stage->staging_texture, &stage->staging_width,
      &stage->staging_height, width, height);
  if (!draw_frame (stage, frame, width, height, stage->staging_texture))
    return FALSE;
  read_pixels (stage, 0, 0, width, height, gl_dst, dst_stride, pack_buffer);
  gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
  return TRUE;
}

/* Any format but RGBA, into system memory (@video_frame). CPU pixels of
 * the output's size go through one CPU pass, band by band as they arrive;
 * anything else (a texture, a picture to scale or to draw the pointer on)
 * is first made upright RGBA as for RGBA output, read into a scratch
 * buffer, then converted on the CPU. */
static gboolean
write_converted (GwsOutputStage * stage, const GwsFrame * frame,
    GstVideoFrame * video_frame)
{
  guint width = GST_VIDEO_FRAME_WIDTH (video_frame);
  guint height = GST_VIDEO_FRAME_HEIGHT (video_frame);
  GstVideoFormat format = GST_VIDEO_FRAME_FORMAT (video_frame);
  GwsFrame rgba = { 0, };
  CpuPass pass = { frame, format,
    {GST_VIDEO_FRAME_PLANE_DATA (video_frame, 0), NULL},
    {GST_VIDEO_FRAME_PLANE_STRIDE (video_frame, 0), 0}, NULL, 0, TRUE
  };

  if (is_yuv (format)) {
    pass.data[1] = GST_VIDEO_FRAME_PLANE_DATA (video_frame, 1);
    pass.stride[1] = GST_VIDEO_FRAME_PLANE_STRIDE (video_frame, 1);
  }
  if (format == GST_VIDEO_FORMAT_I420) {
    pass.v = GST_VIDEO_FRAME_PLANE_DATA (video_frame, 2);
    pass.v_stride = GST_VIDEO_FRAME_PLANE_STRIDE (video_frame, 2);
  }

  if (frame->texture || frame->overlay.texture || frame->width != width
      || frame->height != height) {
    rgba.width = width;
    rgba.height = height;
    rgba.stride = width * 4;
    rgba.data = scratch_buffer (stage, (gsize) rgba.stride * height);
    if (!gws_output_stage_to_system (stage, frame, width, height,
            (guint8 *) rgba.data, rgba.stride, 0))
      return FALSE;
    pass.frame = &rgba;
  }
  convert_frame (stage, &pass);
  return TRUE;
}

/* GLMemory I420 or NV12: the frame is first drawn upright as RGBA into a
 * scratch texture by the same code as GLMemory RGBA, then converted plane
 * by plane on the GPU (glyuv.c). Sampling the frame directly would save
 * that pass, but would need the whole of draw_frame() again in YUV: CPU
 * pixels to upload, either orientation, crop, scaling into black bars and
 * the pointer blended on top, which only makes sense in RGB. One more
 * full-frame draw on the GPU is cheap next to any CPU conversion. */
/* Sends planes written through their system-memory mapping up to their
 * textures now, on the GL thread we are on, so that downstream gets
 * textures ready to use, as from the GPU conversion. */
static gboolean
upload_planes (GstBuffer * buffer)
{
  guint i;

  for (i = 0; i < gst_buffer_n_memory (buffer); i++) {
    GstMemory *mem = gst_buffer_peek_memory (buffer, i);
    GstMapInfo map;

    if (!gst_memory_map (mem, &map, GST_MAP_READ | GST_MAP_GL))
      return FALSE;
    gst_memory_unmap (mem, &map);
  }
  return TRUE;
}

static gboolean
write_gl_yuv (GwsOutputStage * stage, const GwsFrame * frame,
    GstBuffer * buffer, const GstVideoInfo * info)
{
  guint width = GST_VIDEO_INFO_WIDTH (info);
  guint height = GST_VIDEO_INFO_HEIGHT (info);
  GstVideoFrame planes;
  GError *error = NULL;
  gboolean ok;

  /* CPU pixels to take as they are (an XShm read): the CPU pass that
   * makes system-memory YUV, into the planes' system-memory copies, which
   * GstGL uploads when downstream maps them for GL. On a GPU that upload is
   * a copy of 1.5 bytes a pixel against 4 to send RGBA up for the shader;
   * on a software driver the shader passes cost ten times the CPU pass. */
  if (frame->data && !frame->texture && !frame->overlay.texture
      && frame->width == width && frame->height == height) {
    if (!gst_video_frame_map (&planes, info, buffer, GST_MAP_WRITE))
      return FALSE;
    ok = write_converted (stage, frame, &planes);
    gst_video_frame_unmap (&planes);
    return ok && upload_planes (buffer);
  }
  if (!stage->gl_yuv) {
    stage->gl_yuv = gws_gl_yuv_new (stage->context, &error);
    if (!stage->gl_yuv) {
      GST_ERROR ("no GPU YUV conversion: %s", error->message);
      g_clear_error (&error);
      return FALSE;
    }
  }
  ensure_texture (stage, &stage->staging_texture, &stage->staging_width,
      &stage->staging_height, width, height);
  if (!gws_output_stage_to_texture (stage, frame, width, height,
          stage->staging_texture))
    return FALSE;
  /* Mapped for GL writing: each plane's texture becomes the newest copy,
   * so a later gldownload reads it rather than stale system memory. */
  if (!gst_video_frame_map (&planes, info, buffer,
          GST_MAP_WRITE | GST_MAP_GL))
    return FALSE;
  ok = gws_gl_yuv_convert (stage->gl_yuv, stage->staging_texture, &planes);
  gst_video_frame_unmap (&planes);
  return ok;
}

gboolean
gws_output_stage_write (GwsOutputStage * stage, const GwsFrame * frame,
    GstBuffer * buffer, const GstVideoInfo * info)
{
  guint width = GST_VIDEO_INFO_WIDTH (info);
  guint height = GST_VIDEO_INFO_HEIGHT (info);
  GstMemory *mem = gst_buffer_peek_memory (buffer, 0);
  GstVideoFrame video_frame;
  guint pack_buffer;
  gboolean ok;

  if (gst_is_gl_memory (mem)) {
    GstMapInfo map;
    GstGLSyncMeta *sync_meta;

    if (GST_VIDEO_INFO_FORMAT (info) != GST_VIDEO_FORMAT_RGBA) {
      ok = write_gl_yuv (stage, frame, buffer, info);
    } else {
      /* Mapping for GL writing marks the texture as the newest copy, so a
       * later gldownload reads it rather than stale system memory. */
      if (!gst_memory_map (mem, &map, GST_MAP_WRITE | GST_MAP_GL))
        return FALSE;
      ok = gws_output_stage_to_texture (stage, frame, width, height,
          *(guint *) map.data);
      gst_memory_unmap (mem, &map);
    }
    sync_meta = gst_buffer_get_gl_sync_meta (buffer);
    if (sync_meta)
      gst_gl_sync_meta_set_sync_point (sync_meta, stage->context);
    return ok;
  }

  pack_buffer = gws_pack_buffer_get_name (buffer);
  if (!gst_video_frame_map (&video_frame, info, buffer, GST_MAP_WRITE))
    return FALSE;
  /* Other formats are written by the CPU, into a pack buffer too (its
   * mapping is plain memory; the fence then marks nothing queued). */
  if (GST_VIDEO_INFO_FORMAT (info) != GST_VIDEO_FORMAT_RGBA)
    ok = write_converted (stage, frame, &video_frame);
  else
    ok = gws_output_stage_to_system (stage, frame, width, height,
        GST_VIDEO_FRAME_PLANE_DATA (&video_frame, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (&video_frame, 0), pack_buffer);
  gst_video_frame_unmap (&video_frame);
  /* A read into a pack buffer is queued, not done: the fence marks its
   * end, for whoever sends the buffer to wait on. */
  if (ok && pack_buffer)
    gws_pack_buffer_fence (buffer, stage->context);
  return ok;
}
