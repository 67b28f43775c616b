/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* glwindowsrc unit tests: the application's own texture (target=texture)
 * and the draw signal (target=draw).
 *
 * No X server is needed: tests/meson.build runs this binary once on the
 * headless EGL device platform (GST_GL_PLATFORM=egl GST_GL_WINDOW=egl-device,
 * no DISPLAY) and once more under Xvfb with GLX.  The "application" is a
 * GstGL context of its own (gst_gl_context_new + gst_gl_context_create, on
 * its own GL thread), created on the GstGLDisplay it then hands to the
 * pipeline together with the context itself (gst.gl.GLDisplay and
 * gst.gl.app_context), exactly as an application would share a context it
 * wrapped with gst_gl_context_new_wrapped.
 *
 * The picture, in image coordinates (row 0 = top), for W x H: quadrants
 * split at column W/2 and row H/2, top-left red, top-right green,
 * bottom-left blue, bottom-right white; a magenta marker square over
 * columns and rows [0, m), m = max (2, min (W, H) / 8).  Asymmetric both
 * ways, so any flip or offset fails the check.  It is either rendered by GL
 * (scissored clears in window coordinates, y up: a texture whose row 0 is
 * the bottom, texture-origin=bottom-left) or uploaded from memory rows
 * top-first (texture-origin=top-left).  Every pixel of the output is
 * compared.  A multisampled texture (GL_TEXTURE_2D_MULTISAMPLE, VTK's
 * render target) cannot be uploaded into: it is drawn either way round,
 * through a framebuffer.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>
#include <gst/gl/gl.h>
#include <gst/gl/gstglfuncs.h>

#include <string.h>

#include "glwindowsrc-check-util.h"

/* Texture kinds and formats the headers of a GLES-only GstGL may lack. */
#ifndef GL_TEXTURE_2D_MULTISAMPLE
#define GL_TEXTURE_2D_MULTISAMPLE 0x9100
#endif
#ifndef GL_TEXTURE_3D
#define GL_TEXTURE_3D 0x806F
#endif
#ifndef GL_TEXTURE_RECTANGLE
#define GL_TEXTURE_RECTANGLE 0x84F5
#endif
#ifndef GL_TEXTURE_2D_ARRAY
#define GL_TEXTURE_2D_ARRAY 0x8C1A
#endif
#ifndef GL_MAX_COLOR_TEXTURE_SAMPLES
#define GL_MAX_COLOR_TEXTURE_SAMPLES 0x910E
#endif
#ifndef GL_DEPTH_COMPONENT24
#define GL_DEPTH_COMPONENT24 0x81A6
#endif
#ifndef GL_RGBA8UI
#define GL_RGBA8UI 0x8D7C
#endif
#ifndef GL_RGBA_INTEGER
#define GL_RGBA_INTEGER 0x8D99
#endif

#define ERROR_TIMEOUT (10 * GST_SECOND)

static const Size picture_sizes[] = {
  {333, 257},
  {64, 48},
};

typedef enum
{
  MEMORY_SYSTEM,
  MEMORY_GL,
  /* System memory read through the pack-buffer ring (readback=pbo-ring). */
  MEMORY_SYSTEM_RING,
} Memory;

/* ------------------------------------------------------------------------ */
/* the picture                                                               */

static void
fill_rect (const GstGLFuncs * gl, gint x, gint y, gint w, gint h,
    const guint8 * c)
{
  gl->Scissor (x, y, w, h);
  gl->ClearColor (c[0] / 255.f, c[1] / 255.f, c[2] / 255.f, c[3] / 255.f);
  gl->Clear (GL_COLOR_BUFFER_BIT);
}

/* fill_rect () in a framebuffer of height @fb_h, upside down when
 * @flip: row y of GL's window coordinates becomes row fb_h - 1 - y. */
static void
fill_rect_oriented (const GstGLFuncs * gl, gboolean flip, gint fb_h, gint x,
    gint y, gint w, gint h, const guint8 * c)
{
  fill_rect (gl, x, flip ? fb_h - y - h : y, w, h, c);
}

/* Draws the picture into the bound framebuffer.  Not @top_down: with GL's
 * window coordinates, y up, as an application drawing into a window would
 * (row 0 of the memory is the picture's bottom); @top_down: upside down in
 * GL's terms, so that row 0 is the picture's top, as an uploaded image's
 * is. */
static void
draw_picture_oriented (GstGLContext * context, gint w, gint h,
    gboolean top_down)
{
  const GstGLFuncs *gl = context->gl_vtable;
  gint m = marker_size (w, h);
  gint top = h / 2, bottom = h - h / 2;

  gl->Enable (GL_SCISSOR_TEST);
  fill_rect_oriented (gl, top_down, h, 0, bottom, w / 2, top,
      picture_colours[PICTURE_RED]);
  fill_rect_oriented (gl, top_down, h, w / 2, bottom, w - w / 2, top,
      picture_colours[PICTURE_GREEN]);
  fill_rect_oriented (gl, top_down, h, 0, 0, w / 2, bottom,
      picture_colours[PICTURE_BLUE]);
  fill_rect_oriented (gl, top_down, h, w / 2, 0, w - w / 2, bottom,
      picture_colours[PICTURE_WHITE]);
  fill_rect_oriented (gl, top_down, h, 0, h - m, m, m,
      picture_colours[PICTURE_MAGENTA]);
  gl->Disable (GL_SCISSOR_TEST);
}

static void
draw_picture (GstGLContext * context, gint w, gint h)
{
  draw_picture_oriented (context, w, h, FALSE);
}

/* The whole frame of @sample is the picture: exactly its size, so that no
 * part of the output goes unchecked. */
static void
check_frame (GstSample * sample, gint width, gint height)
{
  GstVideoInfo info;

  check_picture (sample, width, height, 0, 0, "output");
  fail_unless (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), width);
  fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), height);
}

/* ------------------------------------------------------------------------ */
/* the application: a GL context of its own and a texture in it              */

typedef struct
{
  GstGLDisplay *display;
  GstGLContext *context;
} App;

static App *
app_new (void)
{
  App *app = g_new0 (App, 1);
  GError *error = NULL;

  app->display = gst_gl_display_new ();
  app->context = gst_gl_context_new (app->display);
  fail_unless (app->context != NULL, "no GL context for this display");
  if (!gst_gl_context_create (app->context, NULL, &error))
    fail ("cannot create the application's GL context: %s", error->message);
  GST_INFO ("application context: platform %s, API %s",
      gst_gl_platform_to_string (gst_gl_context_get_gl_platform
          (app->context)), gst_gl_api_to_string (gst_gl_context_get_gl_api
          (app->context)));
  return app;
}

static void
app_free (App * app)
{
  gst_object_unref (app->context);
  gst_object_unref (app->display);
  g_free (app);
}

/* GstGL 1.22 has no glGetTexLevelParameteriv for GLES contexts, so there
 * the texture's size is given as properties, as a GLES application would;
 * desktop GL tests let glwindowsrc ask GL. */
static gboolean
app_is_gles (App * app)
{
  return gst_gl_context_get_gl_api (app->context) & GST_GL_API_GLES2;
}

static gchar *
texture_props (App * app, guint texture, gint width, gint height,
    const gchar * more)
{
  gchar *size = app_is_gles (app) ?
      g_strdup_printf (" width=%d height=%d", width, height) : g_strdup ("");
  gchar *props = g_strdup_printf ("target=texture texture-id=%u%s %s",
      texture, size, more ? more : "");

  g_free (size);
  return props;
}

/* What a texture should hold; runs on the application's GL thread. */
typedef struct
{
  gint width, height;
  gboolean top_down;            /* upload rows top-first, else render */
  guint8 solid[4];              /* with @solid_set: one colour all over */
  gboolean solid_set;
  guint texture;                /* in: 0 to create one; out: its name */
} TextureJob;

static void
make_texture_in_app (GstGLContext * context, TextureJob * job)
{
  const GstGLFuncs *gl = context->gl_vtable;
  gboolean gles2_only =
      gst_gl_context_check_gl_version (context, GST_GL_API_GLES2, 2, 0)
      && !gst_gl_context_check_gl_version (context, GST_GL_API_GLES2, 3, 0);
  guint8 *pixels = NULL;
  guint fbo;

  if (job->top_down) {
    gint x, y;

    pixels = g_malloc (job->width * job->height * 4);
    for (y = 0; y < job->height; y++)
      for (x = 0; x < job->width; x++)
        memcpy (pixels + 4 * (y * job->width + x),
            expected_pixel (job->width, job->height, x, y), 4);
  }
  if (!job->texture) {
    gl->GenTextures (1, &job->texture);
    gl->BindTexture (GL_TEXTURE_2D, job->texture);
    gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  } else {
    gl->BindTexture (GL_TEXTURE_2D, job->texture);
  }
  gl->TexImage2D (GL_TEXTURE_2D, 0, gles2_only ? GL_RGBA : GL_RGBA8,
      job->width, job->height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  gl->BindTexture (GL_TEXTURE_2D, 0);
  g_free (pixels);

  if (!job->top_down) {
    gl->GenFramebuffers (1, &fbo);
    gl->BindFramebuffer (GL_FRAMEBUFFER, fbo);
    gl->FramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
        GL_TEXTURE_2D, job->texture, 0);
    fail_unless (gl->CheckFramebufferStatus (GL_FRAMEBUFFER) ==
        GL_FRAMEBUFFER_COMPLETE);
    gl->Viewport (0, 0, job->width, job->height);
    if (job->solid_set) {
      gl->ClearColor (job->solid[0] / 255.f, job->solid[1] / 255.f,
          job->solid[2] / 255.f, 1.0f);
      gl->Clear (GL_COLOR_BUFFER_BIT);
    } else {
      draw_picture (context, job->width, job->height);
    }
    gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
    gl->DeleteFramebuffers (1, &fbo);
  }
  /* Live capture takes no frame-ready, so no fence: finish here. */
  gl->Finish ();
}

static guint
app_make_texture (App * app, gint width, gint height, gboolean top_down)
{
  TextureJob job = { width, height, top_down, {0}, FALSE, 0 };

  gst_gl_context_thread_add (app->context,
      (GstGLContextThreadFunc) make_texture_in_app, &job);
  fail_unless (job.texture != 0);
  return job.texture;
}

static void
delete_texture_in_app (GstGLContext * context, guint * texture)
{
  context->gl_vtable->DeleteTextures (1, texture);
  context->gl_vtable->Finish ();
}

static void
app_delete_texture (App * app, guint texture)
{
  gst_gl_context_thread_add (app->context,
      (GstGLContextThreadFunc) delete_texture_in_app, &texture);
}

/* Whether @context's GL has @desktop_major.@desktop_minor (desktop GL)
 * or @gles_major.@gles_minor (GLES); 0.0 for "never". */
static gboolean
gl_at_least (GstGLContext * context, gint desktop_major, gint desktop_minor,
    gint gles_major, gint gles_minor)
{
  return (desktop_major
      && gst_gl_context_check_gl_version (context,
          GST_GL_API_OPENGL | GST_GL_API_OPENGL3, desktop_major,
          desktop_minor))
      || (gles_major
      && gst_gl_context_check_gl_version (context, GST_GL_API_GLES2,
          gles_major, gles_minor));
}

/* A multisampled texture (GL_TEXTURE_2D_MULTISAMPLE, 4 samples, RGBA8), as
 * VTK renders into, with the picture drawn into it through a framebuffer;
 * runs on the application's GL thread. */
typedef struct
{
  gint width, height;
  gboolean top_down;            /* draw it with row 0 at the top */
  guint texture;                /* out; 0 with @skip set */
  const gchar *skip;            /* out: why this GL cannot */
} MultisampleJob;

#define MULTISAMPLE_SAMPLES 4

static void
make_multisample_texture_in_app (GstGLContext * context, MultisampleJob * job)
{
  const GstGLFuncs *gl = context->gl_vtable;
  void (*tex_image_ms) (GLenum, GLsizei, GLenum, GLsizei, GLsizei,
      GLboolean) = NULL;
  GLint max_samples = 0;
  guint fbo;

  /* Desktop GL has glTexImage2DMultisample from 3.2, GLES only
   * glTexStorage2DMultisample, from 3.1: the same arguments. */
  if (gl_at_least (context, 3, 2, 0, 0)
      || gst_gl_context_check_feature (context, "GL_ARB_texture_multisample"))
    tex_image_ms = gst_gl_context_get_proc_address (context,
        "glTexImage2DMultisample");
  else if (gl_at_least (context, 0, 0, 3, 1))
    tex_image_ms = gst_gl_context_get_proc_address (context,
        "glTexStorage2DMultisample");
  if (!tex_image_ms) {
    job->skip = "this GL has no multisample textures (desktop GL 3.2, "
        "GLES 3.1)";
    return;
  }
  gl->GetIntegerv (GL_MAX_COLOR_TEXTURE_SAMPLES, &max_samples);
  if (max_samples < MULTISAMPLE_SAMPLES) {
    job->skip = "this GL's multisample textures have fewer than 4 samples";
    return;
  }

  gl->GenTextures (1, &job->texture);
  gl->BindTexture (GL_TEXTURE_2D_MULTISAMPLE, job->texture);
  tex_image_ms (GL_TEXTURE_2D_MULTISAMPLE, MULTISAMPLE_SAMPLES, GL_RGBA8,
      job->width, job->height, GL_TRUE);
  gl->BindTexture (GL_TEXTURE_2D_MULTISAMPLE, 0);
  fail_unless_equals_int (gl->GetError (), GL_NO_ERROR);

  gl->GenFramebuffers (1, &fbo);
  gl->BindFramebuffer (GL_FRAMEBUFFER, fbo);
  gl->FramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      GL_TEXTURE_2D_MULTISAMPLE, job->texture, 0);
  fail_unless (gl->CheckFramebufferStatus (GL_FRAMEBUFFER) ==
      GL_FRAMEBUFFER_COMPLETE);
  gl->Viewport (0, 0, job->width, job->height);
  draw_picture_oriented (context, job->width, job->height, job->top_down);
  gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
  gl->DeleteFramebuffers (1, &fbo);
  gl->Finish ();
}

/* 0, with the reason printed, where the GL has no multisample textures. */
static guint
app_make_multisample_texture (App * app, gint width, gint height,
    gboolean top_down)
{
  MultisampleJob job = { width, height, top_down, 0, NULL };

  gst_gl_context_thread_add (app->context,
      (GstGLContextThreadFunc) make_multisample_texture_in_app, &job);
  if (job.skip) {
    GST_INFO ("skipped: %s", job.skip);
    g_print ("skipped: %s\n", job.skip);
  }
  return job.texture;
}

/* Textures glwindowsrc cannot capture. */
typedef enum
{
  ODD_3D,
  ODD_RECTANGLE,
  ODD_2D_ARRAY,
  ODD_CUBE_MAP,
  /* a name bound to GL_TEXTURE_2D and never given storage */
  ODD_NO_STORAGE,
  ODD_NO_STORAGE_MULTISAMPLE,
  ODD_DEPTH,
  ODD_INTEGER,
} OddKind;

typedef struct
{
  OddKind kind;
  guint texture;                /* out; 0 with @skip set */
  const gchar *skip;            /* out: why this GL cannot make one */
} OddJob;

static void
make_odd_texture_in_app (GstGLContext * context, OddJob * job)
{
  const GstGLFuncs *gl = context->gl_vtable;
  gint face;

  switch (job->kind) {
    case ODD_3D:
    case ODD_2D_ARRAY:
      if (!gl->TexImage3D) {
        job->skip = "this GL has no 3D or array textures (GLES 2)";
        return;
      }
      break;
    case ODD_RECTANGLE:
      if (!gl_at_least (context, 3, 1, 0, 0)
          && !gst_gl_context_check_feature (context,
              "GL_ARB_texture_rectangle")) {
        job->skip = "this GL has no rectangle textures (only desktop GL)";
        return;
      }
      break;
    case ODD_NO_STORAGE_MULTISAMPLE:
      if (!gl_at_least (context, 3, 2, 3, 1)) {
        job->skip = "this GL has no multisample textures";
        return;
      }
      break;
    case ODD_DEPTH:
    case ODD_INTEGER:
      if (!gl_at_least (context, 3, 0, 3, 0)) {
        job->skip = "this GL has no sized depth or integer textures";
        return;
      }
      break;
    default:
      break;
  }

  gl->GenTextures (1, &job->texture);
  switch (job->kind) {
    case ODD_3D:
      gl->BindTexture (GL_TEXTURE_3D, job->texture);
      gl->TexImage3D (GL_TEXTURE_3D, 0, GL_RGBA8, 16, 16, 4, 0, GL_RGBA,
          GL_UNSIGNED_BYTE, NULL);
      gl->BindTexture (GL_TEXTURE_3D, 0);
      break;
    case ODD_2D_ARRAY:
      gl->BindTexture (GL_TEXTURE_2D_ARRAY, job->texture);
      gl->TexImage3D (GL_TEXTURE_2D_ARRAY, 0, GL_RGBA8, 16, 16, 4, 0,
          GL_RGBA, GL_UNSIGNED_BYTE, NULL);
      gl->BindTexture (GL_TEXTURE_2D_ARRAY, 0);
      break;
    case ODD_RECTANGLE:
      gl->BindTexture (GL_TEXTURE_RECTANGLE, job->texture);
      gl->TexImage2D (GL_TEXTURE_RECTANGLE, 0, GL_RGBA8, 64, 48, 0, GL_RGBA,
          GL_UNSIGNED_BYTE, NULL);
      gl->BindTexture (GL_TEXTURE_RECTANGLE, 0);
      break;
    case ODD_CUBE_MAP:
      gl->BindTexture (GL_TEXTURE_CUBE_MAP, job->texture);
      for (face = 0; face < 6; face++)
        gl->TexImage2D (GL_TEXTURE_CUBE_MAP_POSITIVE_X + face, 0, GL_RGBA,
            16, 16, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
      gl->BindTexture (GL_TEXTURE_CUBE_MAP, 0);
      break;
    case ODD_NO_STORAGE:
      gl->BindTexture (GL_TEXTURE_2D, job->texture);
      gl->BindTexture (GL_TEXTURE_2D, 0);
      break;
    case ODD_NO_STORAGE_MULTISAMPLE:
      gl->BindTexture (GL_TEXTURE_2D_MULTISAMPLE, job->texture);
      gl->BindTexture (GL_TEXTURE_2D_MULTISAMPLE, 0);
      break;
    case ODD_DEPTH:
      gl->BindTexture (GL_TEXTURE_2D, job->texture);
      gl->TexImage2D (GL_TEXTURE_2D, 0, GL_DEPTH_COMPONENT24, 64, 48, 0,
          GL_DEPTH_COMPONENT, GL_UNSIGNED_INT, NULL);
      gl->BindTexture (GL_TEXTURE_2D, 0);
      break;
    case ODD_INTEGER:
      gl->BindTexture (GL_TEXTURE_2D, job->texture);
      gl->TexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8UI, 64, 48, 0,
          GL_RGBA_INTEGER, GL_UNSIGNED_BYTE, NULL);
      gl->BindTexture (GL_TEXTURE_2D, 0);
      break;
  }
  fail_unless_equals_int (gl->GetError (), GL_NO_ERROR);
  gl->Finish ();
}

/* 0, with the reason printed, where this GL cannot make one. */
static guint
app_make_odd_texture (App * app, OddKind kind)
{
  OddJob job = { kind, 0, NULL };

  gst_gl_context_thread_add (app->context,
      (GstGLContextThreadFunc) make_odd_texture_in_app, &job);
  if (job.skip) {
    GST_INFO ("skipped: %s", job.skip);
    g_print ("skipped: %s\n", job.skip);
  }
  return job.texture;
}

/* The two contexts glwindowsrc asks for, set on the pipeline: it passes
 * them on to every element in it. */
static void
app_share_with (App * app, GstElement * pipeline)
{
  GstContext *context;

  context = gst_context_new (GST_GL_DISPLAY_CONTEXT_TYPE, TRUE);
  gst_context_set_gl_display (context, app->display);
  gst_element_set_context (pipeline, context);
  gst_context_unref (context);

  context = gst_context_new ("gst.gl.app_context", TRUE);
  gst_structure_set (gst_context_writable_structure (context), "context",
      GST_TYPE_GL_CONTEXT, app->context, NULL);
  gst_element_set_context (pipeline, context);
  gst_context_unref (context);
}

/* The same, answering NEED_CONTEXT messages as they come. */
static GstBusSyncReply
answer_need_context (GstBus * bus, GstMessage * message, App * app)
{
  const gchar *type;
  GstContext *context = NULL;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_NEED_CONTEXT
      || !gst_message_parse_context_type (message, &type))
    return GST_BUS_PASS;
  if (strcmp (type, GST_GL_DISPLAY_CONTEXT_TYPE) == 0) {
    context = gst_context_new (GST_GL_DISPLAY_CONTEXT_TYPE, TRUE);
    gst_context_set_gl_display (context, app->display);
  } else if (strcmp (type, "gst.gl.app_context") == 0) {
    context = gst_context_new ("gst.gl.app_context", TRUE);
    gst_structure_set (gst_context_writable_structure (context), "context",
        GST_TYPE_GL_CONTEXT, app->context, NULL);
  }
  if (!context)
    return GST_BUS_PASS;
  gst_element_set_context (GST_ELEMENT (GST_MESSAGE_SRC (message)), context);
  gst_context_unref (context);
  gst_message_unref (message);
  return GST_BUS_DROP;
}

typedef struct
{
  GstElement *src;
  TextureJob job;
} FrameReadyJob;

/* The application's thread, its context current: finish a frame, then
 * say so. */
static void
render_and_signal_in_app (GstGLContext * context, FrameReadyJob * fr)
{
  make_texture_in_app (context, &fr->job);
  g_signal_emit_by_name (fr->src, "frame-ready");
}

static void
app_render_frame (App * app, GstElement * src, guint texture, gint width,
    gint height, const guint8 * colour)
{
  FrameReadyJob fr = { src, {width, height, FALSE, {0}, TRUE, texture} };

  memcpy (fr.job.solid, colour, 4);
  gst_gl_context_thread_add (app->context,
      (GstGLContextThreadFunc) render_and_signal_in_app, &fr);
}

static void
signal_frame_ready_in_app (GstGLContext * context, GstElement * src)
{
  g_signal_emit_by_name (src, "frame-ready");
}

static void
app_frame_ready (App * app, GstElement * src)
{
  gst_gl_context_thread_add (app->context,
      (GstGLContextThreadFunc) signal_frame_ready_in_app, src);
}

/* ------------------------------------------------------------------------ */
/* pipelines                                                                 */

/* "glwindowsrc name=src @src_props ! <RGBA in the memory type> [!
 * gldownload] ! appsink name=sink".  With @memory GL the source's output is
 * GLMemory, which gldownload turns into something this process can map. */
static GstElement *
make_pipeline (const gchar * src_props, Memory memory, const gchar * caps)
{
  if (memory == MEMORY_GL)
    return pipeline_new ("glwindowsrc name=src %s "
        "! video/x-raw(memory:GLMemory),format=RGBA%s%s ! gldownload "
        "! video/x-raw,format=RGBA ! appsink name=sink sync=false",
        src_props, caps ? "," : "", caps ? caps : "");
  return pipeline_new ("glwindowsrc name=src %s%s "
      "! video/x-raw,format=RGBA%s%s ! appsink name=sink sync=false",
      src_props, memory == MEMORY_SYSTEM_RING ? " readback=pbo-ring" : "",
      caps ? "," : "", caps ? caps : "");
}

/* The caps glwindowsrc itself negotiated: the memory type is decided
 * there, whatever gldownload makes of it. */
static gboolean
src_output_is_gl_memory (GstElement * pipeline)
{
  GstCaps *caps = src_caps (pipeline);
  gboolean gl = caps_have_gl_memory (caps);

  gst_caps_unref (caps);
  return gl;
}

/* Pulls two frames and checks both against the picture. */
static void
check_two_frames (GstElement * pipeline, Memory memory, gint width, gint height)
{
  gint i;

  for (i = 0; i < 2; i++) {
    GstSample *sample = pull_sample (pipeline);

    check_frame (sample, width, height);
    gst_sample_unref (sample);
  }
  fail_unless_equals_int (src_output_is_gl_memory (pipeline),
      memory == MEMORY_GL);
}

/* Waits for an ERROR on the bus and checks that it is glwindowsrc's, a
 * resource error, and that its message contains @needle. */
static void
expect_error (GstElement * pipeline, const gchar * needle)
{
  GError *err = expect_src_error (pipeline, ERROR_TIMEOUT, needle);

  fail_unless (err->domain == GST_RESOURCE_ERROR,
      "error domain %s, expected a resource error",
      g_quark_to_string (err->domain));
  fail_unless (strstr (err->message, needle) != NULL,
      "error \"%s\" does not say \"%s\"", err->message, needle);
  g_clear_error (&err);
}

/* ------------------------------------------------------------------------ */
/* target=texture                                                            */

/* Loop index: size x origin (bottom-left rendered, top-left uploaded). */
static void
run_texture_upright (gint i, Memory memory)
{
  const Size *size = &picture_sizes[i / 2];
  gboolean top_down = i % 2;
  App *app = app_new ();
  guint texture = app_make_texture (app, size->width, size->height,
      top_down);
  gchar *props = texture_props (app, texture, size->width, size->height,
      top_down ? "texture-origin=top-left" : "texture-origin=bottom-left");
  GstElement *pipeline = make_pipeline (props, memory, NULL);

  GST_INFO ("%dx%d, texture origin %s, %s memory", size->width,
      size->height, top_down ? "top-left" : "bottom-left",
      memory == MEMORY_GL ? "GL" : memory == MEMORY_SYSTEM_RING ?
      "system (pbo-ring)" : "system");
  app_share_with (app, pipeline);
  play (pipeline);
  check_two_frames (pipeline, memory, size->width, size->height);

  stop_and_free (pipeline);
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_START_TEST (test_texture_upright_system_memory)
{
  run_texture_upright (__i__, MEMORY_SYSTEM);
}

GST_END_TEST;

GST_START_TEST (test_texture_upright_gl_memory)
{
  run_texture_upright (__i__, MEMORY_GL);
}

GST_END_TEST;

/* GLMemory NV12 and I420 (converted on the GPU, glyuv.c) of a texture,
 * downloaded, against the same format in system memory (drawn upright on
 * the GPU, converted on the CPU, yuv.c): the same planes within 1 (float
 * against integer rounding). On the EGL device with desktop GL and with
 * GLES: the shaders and the R8/RG8 planes on both. */
static GstSample *
pull_texture_yuv (App * app, guint texture, const Size * size,
    const gchar * format, gboolean gl)
{
  gchar *props = texture_props (app, texture, size->width, size->height,
      "texture-origin=bottom-left");
  GstElement *pipeline;
  GstSample *sample;

  if (gl)
    pipeline = pipeline_new ("glwindowsrc name=src %s "
        "! video/x-raw(memory:GLMemory),format=%s ! gldownload "
        "! video/x-raw,format=%s ! appsink name=sink sync=false", props,
        format, format);
  else
    pipeline = pipeline_new ("glwindowsrc name=src %s "
        "! video/x-raw,format=%s ! appsink name=sink sync=false", props,
        format);
  app_share_with (app, pipeline);
  play (pipeline);
  sample = pull_sample (pipeline);
  fail_unless_equals_int (src_output_is_gl_memory (pipeline), gl);
  stop_and_free (pipeline);
  g_free (props);
  return sample;
}

static void
map_sample (GstSample * sample, GstVideoFrame * frame)
{
  GstVideoInfo info;

  fail_unless (gst_video_info_from_caps (&info, gst_sample_get_caps
          (sample)));
  fail_unless (gst_video_frame_map (frame, &info, gst_sample_get_buffer
          (sample), GST_MAP_READ));
}

GST_START_TEST (test_texture_gl_yuv_matches_system)
{
  const Size *size = &picture_sizes[__i__ / 2];
  const gchar *format = __i__ % 2 ? "I420" : "NV12";
  App *app = app_new ();
  guint texture = app_make_texture (app, size->width, size->height, FALSE);
  GstSample *gl = pull_texture_yuv (app, texture, size, format, TRUE);
  GstSample *sys = pull_texture_yuv (app, texture, size, format, FALSE);
  GstVideoFrame a, b;
  guint plane, i;
  gint row;

  map_sample (gl, &a);
  map_sample (sys, &b);
  for (plane = 0; plane < GST_VIDEO_FRAME_N_PLANES (&b); plane++) {
    /* Plane p's first component is component p in both formats. */
    guint bytes = GST_VIDEO_FRAME_COMP_WIDTH (&b, plane)
        * GST_VIDEO_FRAME_COMP_PSTRIDE (&b, plane);

    for (row = 0; row < GST_VIDEO_FRAME_COMP_HEIGHT (&b, plane); row++) {
      const guint8 *ra = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&a,
          plane) + row * GST_VIDEO_FRAME_PLANE_STRIDE (&a, plane);
      const guint8 *rb = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&b,
          plane) + row * GST_VIDEO_FRAME_PLANE_STRIDE (&b, plane);

      for (i = 0; i < bytes; i++)
        fail_unless (ABS ((gint) ra[i] - (gint) rb[i]) <= 1,
            "%s %dx%d: plane %u byte %u of row %u is %u in GL memory, %u "
            "in system memory", format, size->width, size->height, plane,
            i, row, ra[i], rb[i]);
    }
  }
  gst_video_frame_unmap (&a);
  gst_video_frame_unmap (&b);
  gst_sample_unref (gl);
  gst_sample_unref (sys);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_END_TEST;

GST_START_TEST (test_texture_upright_pbo_ring)
{
  run_texture_upright (__i__, MEMORY_SYSTEM_RING);
}

GST_END_TEST;

/* The application's texture is multisampled (GL_TEXTURE_2D_MULTISAMPLE,
 * VTK's default render target): each frame is resolved into a 2D texture
 * and comes out upright, whichever way round the application drew it.
 * Loop index: size x origin (bottom-left drawn as GL draws, top-left drawn
 * upside down). */
static void
run_texture_multisample (gint i, Memory memory)
{
  const Size *size = &picture_sizes[i / 2];
  gboolean top_down = i % 2;
  App *app = app_new ();
  guint texture = app_make_multisample_texture (app, size->width,
      size->height, top_down);
  gchar *props;
  GstElement *pipeline;

  if (!texture) {
    app_free (app);
    return;
  }
  props = texture_props (app, texture, size->width, size->height,
      top_down ? "texture-origin=top-left" : "texture-origin=bottom-left");
  pipeline = make_pipeline (props, memory, NULL);
  GST_INFO ("multisampled %dx%d, texture origin %s, %s memory", size->width,
      size->height, top_down ? "top-left" : "bottom-left",
      memory == MEMORY_GL ? "GL" : memory == MEMORY_SYSTEM_RING ?
      "system (pbo-ring)" : "system");
  app_share_with (app, pipeline);
  play (pipeline);
  check_two_frames (pipeline, memory, size->width, size->height);

  stop_and_free (pipeline);
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_START_TEST (test_texture_multisample_system_memory)
{
  run_texture_multisample (__i__, MEMORY_SYSTEM);
}

GST_END_TEST;

GST_START_TEST (test_texture_multisample_gl_memory)
{
  run_texture_multisample (__i__, MEMORY_GL);
}

GST_END_TEST;

GST_START_TEST (test_texture_multisample_pbo_ring)
{
  run_texture_multisample (__i__, MEMORY_SYSTEM_RING);
}

GST_END_TEST;

/* Offline, one buffer per frame-ready: each frame-ready's fence is waited
 * for before the resolve, so every frame is the one just drawn. */
GST_START_TEST (test_texture_multisample_offline)
{
  const gint width = 64, height = 48;
  App *app = app_new ();
  guint texture = app_make_multisample_texture (app, width, height, FALSE);
  gchar *props;
  GstElement *pipeline, *src;
  gint n;

  if (!texture) {
    app_free (app);
    return;
  }
  props = texture_props (app, texture, width, height, "is-live=false");
  pipeline = make_pipeline (props, MEMORY_SYSTEM, NULL);
  src = get_named (pipeline, "src");
  app_share_with (app, pipeline);
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  for (n = 0; n < 3; n++) {
    GstSample *sample;

    app_frame_ready (app, src);
    sample = pull_sample (pipeline);
    check_frame (sample, width, height);
    gst_sample_unref (sample);
  }
  stop_and_free (pipeline);
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_END_TEST;

/* The contexts handed out on NEED_CONTEXT rather than set beforehand, and
 * the size given in width/height agreeing with GL's. */
GST_START_TEST (test_texture_need_context)
{
  App *app = app_new ();
  guint texture = app_make_texture (app, 64, 48, FALSE);
  gchar *props = g_strdup_printf ("texture-id=%u width=64 height=48",
      texture);
  GstElement *pipeline = make_pipeline (props, MEMORY_SYSTEM, NULL);
  GstBus *bus = gst_element_get_bus (pipeline);

  /* target=auto: a texture-id and no window picks the texture. */
  gst_bus_set_sync_handler (bus, (GstBusSyncHandler) answer_need_context,
      app, NULL);
  play (pipeline);
  check_two_frames (pipeline, MEMORY_SYSTEM, 64, 48);

  stop_and_free (pipeline);
  gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
  gst_object_unref (bus);
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_END_TEST;

typedef struct
{
  GMutex lock;
  GArray *pts;
  GPtrArray *first_pixels;      /* 4 bytes each */
  gboolean eos;
} Collected;

static GstFlowReturn
collect_sample (GstAppSink * sink, Collected * c)
{
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstClockTime pts = GST_BUFFER_PTS (buffer);
  GstMapInfo map;

  fail_unless (gst_buffer_map (buffer, &map, GST_MAP_READ));
  g_mutex_lock (&c->lock);
  g_array_append_val (c->pts, pts);
  g_ptr_array_add (c->first_pixels, g_memdup2 (map.data, 4));
  g_mutex_unlock (&c->lock);
  gst_buffer_unmap (buffer, &map);
  gst_sample_unref (sample);
  return GST_FLOW_OK;
}

static guint
collected_count (Collected * c)
{
  guint n;

  g_mutex_lock (&c->lock);
  n = c->pts->len;
  g_mutex_unlock (&c->lock);
  return n;
}

/* Frame n's colour: distinct for every n of a test. */
static void
frame_colour (guint n, guint8 * colour)
{
  colour[0] = (n * 37) % 256;
  colour[1] = 255 - (n * 23) % 256;
  colour[2] = (n * 71 + 40) % 256;
  colour[3] = 255;
}

/* Answers glwindowsrc's question for a neighbour's GL context with
 * @stranger, a context outside the application's share group. */
static GstPadProbeReturn
offer_stranger_context (GstPad * pad, GstPadProbeInfo * info,
    GstGLContext * stranger)
{
  GstQuery *query = GST_PAD_PROBE_INFO_QUERY (info);
  const gchar *type;
  GstContext *context;

  if (GST_QUERY_TYPE (query) != GST_QUERY_CONTEXT
      || !gst_query_parse_context_type (query, &type)
      || g_strcmp0 (type, "gst.gl.local_context") != 0)
    return GST_PAD_PROBE_OK;
  context = gst_context_new ("gst.gl.local_context", FALSE);
  gst_structure_set (gst_context_writable_structure (context), "context",
      GST_TYPE_GL_CONTEXT, stranger, NULL);
  gst_query_set_context (query, context);
  gst_context_unref (context);
  g_object_set_data (G_OBJECT (pad), "offered", GINT_TO_POINTER (1));
  return GST_PAD_PROBE_HANDLED;
}

/* A neighbour downstream already has a GL context, made without the
 * application's: the application's texture means nothing there, so the
 * element passes it over and makes its own, shared one. */
GST_START_TEST (test_texture_passes_over_unshared_neighbour)
{
  App *app = app_new ();
  GstGLContext *stranger = gst_gl_context_new (app->display);
  GError *error = NULL;
  guint texture = app_make_texture (app, 64, 48, FALSE);
  gchar *props = texture_props (app, texture, 64, 48, NULL);
  GstElement *pipeline = make_pipeline (props, MEMORY_SYSTEM, NULL);
  GstElement *sink = get_named (pipeline, "sink");
  GstPad *sink_pad = gst_element_get_static_pad (sink, "sink");

  fail_unless (gst_gl_context_create (stranger, NULL, &error),
      "cannot create a second GL context: %s", error ? error->message : "?");
  fail_if (gst_gl_context_can_share (stranger, app->context));
  gst_pad_add_probe (sink_pad, GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM,
      (GstPadProbeCallback) offer_stranger_context, stranger, NULL);
  app_share_with (app, pipeline);
  play (pipeline);
  check_two_frames (pipeline, MEMORY_SYSTEM, 64, 48);
  fail_unless (g_object_get_data (G_OBJECT (sink_pad), "offered"),
      "the element never asked for a neighbour's context");

  stop_and_free (pipeline);
  gst_object_unref (sink_pad);
  gst_object_unref (stranger);
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_END_TEST;

typedef struct
{
  GstElement *src;
  gint stop;
} Feeder;

/* The application's render loop on its GL thread: frame after frame, as
 * fast as the element takes them, until told to stop. */
static void
feed_frames (GstGLContext * context, Feeder * feeder)
{
  while (!g_atomic_int_get (&feeder->stop))
    g_signal_emit_by_name (feeder->src, "frame-ready");
}

static gpointer
feeder_thread (gpointer data)
{
  Feeder *feeder = data;
  GstGLContext *context = g_object_get_data (G_OBJECT (feeder->src),
      "test-app-context");

  gst_gl_context_thread_add (context, (GstGLContextThreadFunc) feed_frames,
      feeder);
  return NULL;
}

/* A render loop still calling frame-ready while the pipeline stops (the
 * application stops it first, its loop notices later): every frame-ready
 * must return, whatever point of the stop it lands on. Many cycles, since
 * the window is a few instructions wide. */
GST_START_TEST (test_texture_offline_stop_while_feeding)
{
  App *app = app_new ();
  guint texture = app_make_texture (app, 64, 48, FALSE);
  gchar *props = texture_props (app, texture, 64, 48, "is-live=false");
  guint cycle;

  for (cycle = 0; cycle < 40; cycle++) {
    GstElement *pipeline = make_pipeline (props, MEMORY_SYSTEM, NULL);
    /* The loop holds the element: it outlives the pipeline here. */
    Feeder feeder = { gst_object_ref (get_named (pipeline, "src")), 0 };
    GThread *thread;

    g_object_set_data (G_OBJECT (feeder.src), "test-app-context",
        app->context);
    app_share_with (app, pipeline);
    play (pipeline);
    thread = g_thread_new ("feeder", feeder_thread, &feeder);
    gst_sample_unref (pull_sample (pipeline));
    gst_sample_unref (pull_sample (pipeline));
    /* Stopped while frame-ready calls keep coming. */
    stop_and_free (pipeline);
    g_atomic_int_set (&feeder.stop, 1);
    g_thread_join (thread);
    gst_object_unref (feeder.src);
  }
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_END_TEST;

/* is-live=false: exactly one buffer per frame-ready, none without one,
 * stamped n / framerate, each with the frame the application had just
 * rendered.  Loop index: the memory type. */
GST_START_TEST (test_texture_offline_frame_ready)
{
  const guint n_frames = 12;
  const gint width = 333, height = 257;
  /* The ring, asked for, must not delay frames here: each frame-ready
   * waits for its own. */
  const Memory memories[] = { MEMORY_SYSTEM, MEMORY_GL, MEMORY_SYSTEM_RING };
  Memory memory = memories[__i__];
  App *app = app_new ();
  guint texture = app_make_texture (app, width, height, FALSE);
  gchar *props = texture_props (app, texture, width, height,
      "is-live=false");
  GstElement *pipeline = make_pipeline (props, memory, "framerate=25/1");
  GstElement *src = get_named (pipeline, "src");
  GstAppSinkCallbacks callbacks = { NULL };
  Collected c;
  guint n;

  g_mutex_init (&c.lock);
  c.pts = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  c.first_pixels = g_ptr_array_new_with_free_func (g_free);
  callbacks.new_sample = (GstFlowReturn (*)(GstAppSink *, gpointer))
      collect_sample;
  gst_app_sink_set_callbacks (GST_APP_SINK (get_named (pipeline, "sink")),
      &callbacks, &c, NULL);
  app_share_with (app, pipeline);

  /* ASYNC: prerolling waits for the first frame-ready. */
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);

  /* Unpaced by the clock: without frame-ready nothing comes. */
  g_usleep (300 * 1000);
  fail_unless_equals_int (collected_count (&c), 0);

  for (n = 0; n < n_frames; n++) {
    guint8 colour[4];

    frame_colour (n, colour);
    /* Returns once glwindowsrc has copied the frame. */
    app_render_frame (app, src, texture, width, height, colour);
    if (n == 4) {
      /* No more buffers than frame-ready calls, even given time. */
      g_usleep (300 * 1000);
      fail_unless (collected_count (&c) <= 5);
    }
  }

  /* EOS right after the last frame-ready, as a render loop ends: it must
   * come after that frame, not discard it. */
  fail_unless (gst_element_send_event (pipeline, gst_event_new_eos ()));
  expect_eos (pipeline, ERROR_TIMEOUT, "after the last frame");
  fail_unless_equals_int (collected_count (&c), n_frames);

  for (n = 0; n < n_frames; n++) {
    GstClockTime want = gst_util_uint64_scale (n, GST_SECOND, 25);
    const guint8 *got = g_ptr_array_index (c.first_pixels, n);
    guint8 colour[4];

    fail_unless_equals_uint64 (g_array_index (c.pts, GstClockTime, n), want);
    frame_colour (n, colour);
    fail_unless (colour_matches (got, colour, 4),
        "frame %u holds %u,%u,%u, not its own colour %u,%u,%u", n, got[0],
        got[1], got[2], colour[0], colour[1], colour[2]);
  }
  fail_unless_equals_int (src_output_is_gl_memory (pipeline),
      memory == MEMORY_GL);

  stop_and_free (pipeline);
  g_array_unref (c.pts);
  g_ptr_array_unref (c.first_pixels);
  g_mutex_clear (&c.lock);
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* target=draw                                                               */

typedef struct
{
  gint calls;
  gint width, height;
  GstGLContext *context;
  gboolean fb_ok;
} DrawRecord;

static gboolean
on_draw (GstElement * src, GstGLContext * context, guint width,
    guint height, guint64 timestamp, DrawRecord * rec)
{
  const GstGLFuncs *gl = context->gl_vtable;
  GLint fbo = 0, viewport[4] = { 0 };

  /* The element's framebuffer is bound and the viewport covers it. */
  gl->GetIntegerv (GL_FRAMEBUFFER_BINDING, &fbo);
  gl->GetIntegerv (GL_VIEWPORT, viewport);
  rec->fb_ok = fbo != 0 && viewport[0] == 0 && viewport[1] == 0
      && viewport[2] == (GLint) width && viewport[3] == (GLint) height;
  rec->calls++;
  rec->width = width;
  rec->height = height;
  if (gst_gl_context_get_current () != context)
    rec->fb_ok = FALSE;

  draw_picture (context, width, height);
  return TRUE;
}

static void
run_draw_upright (gint i, Memory memory)
{
  const Size *size = &picture_sizes[i];
  gchar *caps = g_strdup_printf ("width=%d,height=%d", size->width,
      size->height);
  GstElement *pipeline = make_pipeline ("target=draw", memory, caps);
  DrawRecord rec = { 0 };

  g_signal_connect (get_named (pipeline, "src"), "draw",
      G_CALLBACK (on_draw), &rec);
  play (pipeline);
  check_two_frames (pipeline, memory, size->width, size->height);
  stop_and_free (pipeline);

  fail_unless (rec.calls >= 2);
  fail_unless_equals_int (rec.width, size->width);
  fail_unless_equals_int (rec.height, size->height);
  fail_unless (rec.fb_ok, "draw was not called with the element's "
      "framebuffer bound, the full viewport and the context current");
  g_free (caps);
}

GST_START_TEST (test_draw_upright_system_memory)
{
  run_draw_upright (__i__, MEMORY_SYSTEM);
}

GST_END_TEST;

GST_START_TEST (test_draw_upright_gl_memory)
{
  run_draw_upright (__i__, MEMORY_GL);
}

GST_END_TEST;

GST_START_TEST (test_draw_upright_pbo_ring)
{
  run_draw_upright (__i__, MEMORY_SYSTEM_RING);
}

GST_END_TEST;

typedef struct
{
  GMutex lock;
  GArray *timestamps;
} DrawTimes;

static gboolean
on_draw_timed (GstElement * src, GstGLContext * context, guint width,
    guint height, guint64 timestamp, DrawTimes * t)
{
  g_mutex_lock (&t->lock);
  g_array_append_val (t->timestamps, timestamp);
  g_mutex_unlock (&t->lock);
  draw_picture (context, width, height);
  return TRUE;
}

/* is-live=false: as fast as downstream takes frames, N of them, stamped
 * n / framerate, and the draw signal gets the same timestamps. */
GST_START_TEST (test_draw_offline_timestamps)
{
  const guint n_frames = 10;
  GstElement *pipeline = make_pipeline ("target=draw is-live=false "
      "num-buffers=10", MEMORY_SYSTEM, "width=64,height=48,framerate=24/1");
  DrawTimes t;
  GstSample *sample;
  guint n;

  g_mutex_init (&t.lock);
  t.timestamps = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (get_named (pipeline, "src"), "draw",
      G_CALLBACK (on_draw_timed), &t);
  play (pipeline);
  for (n = 0; n < n_frames; n++) {
    GstClockTime want = gst_util_uint64_scale (n, GST_SECOND, 24);

    sample = pull_sample (pipeline);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (gst_sample_get_buffer
            (sample)), want);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (gst_sample_get_buffer
            (sample)), gst_util_uint64_scale (1, GST_SECOND, 24));
    check_frame (sample, 64, 48);
    gst_sample_unref (sample);
  }
  fail_unless (gst_app_sink_try_pull_sample (GST_APP_SINK (get_named
              (pipeline, "sink")), PULL_TIMEOUT) == NULL);
  fail_unless (gst_app_sink_is_eos (GST_APP_SINK (get_named (pipeline,
                  "sink"))));
  stop_and_free (pipeline);

  fail_unless_equals_int (t.timestamps->len, n_frames);
  for (n = 0; n < n_frames; n++)
    fail_unless_equals_uint64 (g_array_index (t.timestamps, guint64, n),
        gst_util_uint64_scale (n, GST_SECOND, 24));
  g_array_unref (t.timestamps);
  g_mutex_clear (&t.lock);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* errors                                                                    */

/* Starts @pipeline, whose target cannot be opened: the state change fails
 * (as ximagesrc's does), with glwindowsrc's error saying @needle and no
 * second one after it; then stops cleanly. */
static void
expect_start_error (GstElement * pipeline, const gchar * needle)
{
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  expect_error (pipeline, needle);
  expect_no_more_errors (pipeline);
  stop_and_free (pipeline);
}

/* Starts @pipeline, whose target opens but fails at its first frame: the
 * state change goes through and the error comes from the streaming
 * thread (GstBaseSrc follows it with its "Internal data stream error", as
 * for any source). */
static void
expect_stream_error (GstElement * pipeline, const gchar * needle)
{
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  expect_error (pipeline, needle);
  stop_and_free (pipeline);
}

GST_START_TEST (test_error_texture_id_zero)
{
  App *app = app_new ();
  GstElement *pipeline = make_pipeline ("target=texture", MEMORY_SYSTEM,
      NULL);

  app_share_with (app, pipeline);
  expect_start_error (pipeline, "texture-id is 0");
  app_free (app);
}

GST_END_TEST;

GST_START_TEST (test_error_deleted_texture)
{
  App *app = app_new ();
  guint texture = app_make_texture (app, 64, 48, FALSE);
  gchar *props = g_strdup_printf ("target=texture texture-id=%u", texture);
  gchar *needle = g_strdup_printf ("Texture %u does not exist", texture);
  GstElement *pipeline = make_pipeline (props, MEMORY_SYSTEM, NULL);

  app_delete_texture (app, texture);
  app_share_with (app, pipeline);
  expect_start_error (pipeline, needle);
  g_free (needle);
  g_free (props);
  app_free (app);
}

GST_END_TEST;

/* The application's real texture, but the application never shared its
 * context (no app_context): the element's own context cannot see it. */
GST_START_TEST (test_error_context_not_shared)
{
  App *app = app_new ();
  guint texture = app_make_texture (app, 64, 48, FALSE);
  gchar *props = g_strdup_printf ("target=texture texture-id=%u", texture);
  GstElement *pipeline = make_pipeline (props, MEMORY_SYSTEM, NULL);

  expect_start_error (pipeline, "does not exist");
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_END_TEST;

GST_START_TEST (test_error_size_mismatch)
{
  App *app = app_new ();
  guint texture = app_make_texture (app, 64, 48, FALSE);
  gchar *props = g_strdup_printf ("target=texture texture-id=%u width=64 "
      "height=50", texture);
  GstElement *pipeline = make_pipeline (props, MEMORY_SYSTEM, NULL);

  if (app_is_gles (app)) {
    /* Nothing to disagree with where GL does not report the size. */
    GST_INFO ("GLES: no texture size from GL, no mismatch to detect");
    gst_object_unref (pipeline);
    g_free (props);
    app_delete_texture (app, texture);
    app_free (app);
    return;
  }
  app_share_with (app, pipeline);
  expect_start_error (pipeline, "is 64x48, but the width and height "
      "properties say 64x50");
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_END_TEST;

/* As expect_start_error (), and the ERROR's debug text (the technical
 * detail) says @debug_needle. */
static void
expect_start_error_detail (GstElement * pipeline, const gchar * needle,
    const gchar * debug_needle)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  GError *err = NULL;
  gchar *dbg = NULL;

  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, ERROR_TIMEOUT, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no ERROR message (expected one saying \"%s\")",
      needle);
  gst_message_parse_error (msg, &err, &dbg);
  GST_INFO ("error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (msg),
      err->message, GST_STR_NULL (dbg));
  fail_unless (GST_MESSAGE_SRC (msg) == GST_OBJECT (get_named (pipeline,
              "src")), "error \"%s\" posted by %s, not by the source",
      err->message, GST_MESSAGE_SRC_NAME (msg));
  fail_unless (err->domain == GST_RESOURCE_ERROR,
      "error domain %s, expected a resource error",
      g_quark_to_string (err->domain));
  fail_unless (strstr (err->message, needle) != NULL,
      "error \"%s\" does not say \"%s\"", err->message, needle);
  fail_unless (dbg && strstr (dbg, debug_needle) != NULL,
      "error's detail \"%s\" does not say \"%s\"", GST_STR_NULL (dbg),
      debug_needle);
  g_clear_error (&err);
  g_free (dbg);
  gst_message_unref (msg);
  gst_object_unref (bus);
  expect_no_more_errors (pipeline);
  stop_and_free (pipeline);
}

/* A texture of another kind than GL_TEXTURE_2D(_MULTISAMPLE) fails at
 * start, naming its kind, never as black frames. Loop index: the kind. */
GST_START_TEST (test_error_texture_unsupported_target)
{
  static const struct
  {
    OddKind kind;
    const gchar *name;
  } kinds[] = {
    {ODD_3D, "GL_TEXTURE_3D"},
    {ODD_RECTANGLE, "GL_TEXTURE_RECTANGLE"},
    {ODD_2D_ARRAY, "GL_TEXTURE_2D_ARRAY"},
    {ODD_CUBE_MAP, "GL_TEXTURE_CUBE_MAP"},
  };
  App *app = app_new ();
  guint texture = app_make_odd_texture (app, kinds[__i__].kind);
  gchar *props, *needle;

  if (!texture) {
    app_free (app);
    return;
  }
  props = texture_props (app, texture, 64, 48, NULL);
  needle = g_strdup_printf ("Texture %u is a %s, which glwindowsrc cannot "
      "capture", texture, kinds[__i__].name);
  GST_INFO ("%s", kinds[__i__].name);
  {
    GstElement *pipeline = make_pipeline (props, MEMORY_SYSTEM, NULL);

    app_share_with (app, pipeline);
    expect_start_error_detail (pipeline, needle,
        "supported: GL_TEXTURE_2D, GL_TEXTURE_2D_MULTISAMPLE");
  }
  g_free (needle);
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_END_TEST;

/* A texture name made and bound but never given storage: GL says 0x0,
 * which is an error naming the texture, also where width and height are
 * set (they would have made black frames).  Loop index: 2D without and
 * with width/height, multisampled. */
GST_START_TEST (test_error_texture_no_storage)
{
  App *app = app_new ();
  guint texture = app_make_odd_texture (app, __i__ == 2 ?
      ODD_NO_STORAGE_MULTISAMPLE : ODD_NO_STORAGE);
  gchar *props, *needle;
  GstElement *pipeline;

  if (!texture) {
    app_free (app);
    return;
  }
  if (!gl_at_least (app->context, 1, 0, 3, 1)) {
    /* No glGetTexLevelParameteriv: GL cannot say the size is 0. */
    g_print ("skipped: GLES before 3.1 cannot report a texture's size\n");
    app_delete_texture (app, texture);
    app_free (app);
    return;
  }
  props = __i__ == 0 ? g_strdup_printf ("target=texture texture-id=%u",
      texture) : g_strdup_printf ("target=texture texture-id=%u width=64 "
      "height=48", texture);
  needle = g_strdup_printf ("Texture %u has no picture: its size is 0x0",
      texture);
  pipeline = make_pipeline (props, MEMORY_SYSTEM, NULL);
  app_share_with (app, pipeline);
  expect_start_error_detail (pipeline, needle, "never given storage");
  g_free (needle);
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_END_TEST;

/* A texture whose values are no colours: depth, integer.  Loop index. */
GST_START_TEST (test_error_texture_not_colours)
{
  App *app = app_new ();
  guint texture = app_make_odd_texture (app, __i__ ? ODD_INTEGER :
      ODD_DEPTH);
  gchar *props, *needle;
  GstElement *pipeline;

  if (!texture) {
    app_free (app);
    return;
  }
  if (!gl_at_least (app->context, 1, 0, 3, 1)) {
    g_print ("skipped: GLES before 3.1 cannot report a texture's format\n");
    app_delete_texture (app, texture);
    app_free (app);
    return;
  }
  props = texture_props (app, texture, 64, 48, NULL);
  needle = g_strdup_printf ("Texture %u holds %s, not colours", texture,
      __i__ ? "integer values" : "depth values");
  pipeline = make_pipeline (props, MEMORY_SYSTEM, NULL);
  app_share_with (app, pipeline);
  expect_start_error_detail (pipeline, needle, "GL_TEXTURE_INTERNAL_FORMAT");
  g_free (needle);
  g_free (props);
  app_delete_texture (app, texture);
  app_free (app);
}

GST_END_TEST;

/* Loop index: live, offline. */
GST_START_TEST (test_error_no_draw_handler)
{
  GstElement *pipeline = make_pipeline (__i__ ? "target=draw is-live=false"
      : "target=draw", MEMORY_SYSTEM, "width=64,height=48");

  expect_start_error (pipeline, "no handler is connected to the \"draw\" "
      "signal");
}

GST_END_TEST;

static gboolean
on_draw_refuse (GstElement * src, GstGLContext * context, guint width,
    guint height, guint64 timestamp, gint * calls)
{
  (*calls)++;
  return FALSE;
}

/* Loop index: the memory type. */
GST_START_TEST (test_error_draw_returns_false)
{
  GstElement *pipeline = make_pipeline ("target=draw",
      __i__ ? MEMORY_GL : MEMORY_SYSTEM, "width=64,height=48");
  gint calls = 0;

  g_signal_connect (get_named (pipeline, "src"), "draw",
      G_CALLBACK (on_draw_refuse), &calls);
  expect_stream_error (pipeline, "The \"draw\" handler returned FALSE");
  fail_unless_equals_int (calls, 1);
}

GST_END_TEST;

/* The application deletes its texture while it is being captured: an
 * error, not a crash, not a hang.  Loop index: live with system memory,
 * live with GL memory. */
GST_START_TEST (test_error_texture_deleted_midstream)
{
  Memory memory = __i__ ? MEMORY_GL : MEMORY_SYSTEM;
  App *app = app_new ();
  guint texture = app_make_texture (app, 64, 48, FALSE);
  gchar *props = texture_props (app, texture, 64, 48, NULL);
  gchar *needle = g_strdup_printf ("Texture %u no longer exists", texture);
  GstElement *pipeline = make_pipeline (props, memory, NULL);

  app_share_with (app, pipeline);
  play (pipeline);
  check_two_frames (pipeline, memory, 64, 48);
  app_delete_texture (app, texture);
  expect_error (pipeline, needle);
  stop_and_free (pipeline);

  g_free (needle);
  g_free (props);
  app_free (app);
}

GST_END_TEST;

/* Offline, the frame-ready that finds the texture gone still returns. */
GST_START_TEST (test_error_texture_deleted_offline)
{
  App *app = app_new ();
  guint texture = app_make_texture (app, 64, 48, FALSE);
  gchar *props = texture_props (app, texture, 64, 48, "is-live=false");
  gchar *needle = g_strdup_printf ("Texture %u no longer exists", texture);
  GstElement *pipeline = make_pipeline (props, MEMORY_SYSTEM, NULL);
  GstElement *src = get_named (pipeline, "src");
  GstSample *sample;

  app_share_with (app, pipeline);
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  app_frame_ready (app, src);
  sample = pull_sample (pipeline);
  check_frame (sample, 64, 48);
  gst_sample_unref (sample);

  app_delete_texture (app, texture);
  app_frame_ready (app, src);
  expect_error (pipeline, needle);
  /* The stream has stopped: a render loop that goes on calling
   * frame-ready must not hang in it. */
  app_frame_ready (app, src);
  stop_and_free (pipeline);

  g_free (needle);
  g_free (props);
  app_free (app);
}

GST_END_TEST;

static Suite *
glwindowsrc_app_suite (void)
{
  Suite *s = suite_create ("glwindowsrc_app");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_texture_upright_system_memory, 0,
      2 * G_N_ELEMENTS (picture_sizes));
  tcase_add_loop_test (tc, test_texture_upright_gl_memory, 0,
      2 * G_N_ELEMENTS (picture_sizes));
  tcase_add_loop_test (tc, test_texture_upright_pbo_ring, 0,
      2 * G_N_ELEMENTS (picture_sizes));
  tcase_add_loop_test (tc, test_texture_gl_yuv_matches_system, 0,
      2 * G_N_ELEMENTS (picture_sizes));
  tcase_add_loop_test (tc, test_texture_multisample_system_memory, 0,
      2 * G_N_ELEMENTS (picture_sizes));
  tcase_add_loop_test (tc, test_texture_multisample_gl_memory, 0,
      2 * G_N_ELEMENTS (picture_sizes));
  tcase_add_loop_test (tc, test_texture_multisample_pbo_ring, 0,
      2 * G_N_ELEMENTS (picture_sizes));
  tcase_add_test (tc, test_texture_multisample_offline);
  tcase_add_test (tc, test_texture_need_context);
  tcase_add_test (tc, test_texture_passes_over_unshared_neighbour);
  tcase_add_loop_test (tc, test_texture_offline_frame_ready, 0, 3);
  tcase_add_test (tc, test_texture_offline_stop_while_feeding);
  tcase_add_loop_test (tc, test_draw_upright_system_memory, 0,
      G_N_ELEMENTS (picture_sizes));
  tcase_add_loop_test (tc, test_draw_upright_gl_memory, 0,
      G_N_ELEMENTS (picture_sizes));
  tcase_add_loop_test (tc, test_draw_upright_pbo_ring, 0,
      G_N_ELEMENTS (picture_sizes));
  tcase_add_test (tc, test_draw_offline_timestamps);
  tcase_add_test (tc, test_error_texture_id_zero);
  tcase_add_test (tc, test_error_deleted_texture);
  tcase_add_test (tc, test_error_context_not_shared);
  tcase_add_test (tc, test_error_size_mismatch);
  tcase_add_loop_test (tc, test_error_texture_unsupported_target, 0, 4);
  tcase_add_loop_test (tc, test_error_texture_no_storage, 0, 3);
  tcase_add_loop_test (tc, test_error_texture_not_colours, 0, 2);
  tcase_add_loop_test (tc, test_error_no_draw_handler, 0, 2);
  tcase_add_loop_test (tc, test_error_draw_returns_false, 0, 2);
  tcase_add_loop_test (tc, test_error_texture_deleted_midstream, 0, 2);
  tcase_add_test (tc, test_error_texture_deleted_offline);

  return s;
}

GST_CHECK_MAIN (glwindowsrc_app);
