/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* glwindowsrc texture example: record what your own GL context renders.
 *
 * This program is the "application": it creates its own GL context (EGL on
 * the headless device platform by default, or GLX on an X server), renders
 * an animated picture into its own RGBA8 texture through a framebuffer
 * object, and records that texture to a video file with
 *
 *   glwindowsrc target=texture texture-id=N is-live=false
 *     ! videoconvert ! video/x-raw,format=I420 ! x264enc ! mp4mux ! filesink
 *     (or vp8enc ! webmmux; I420 keeps x264enc from 4:4:4, which few players
 *     decode)
 *
 * calling the "frame-ready" action signal after each frame.  With
 * is-live=false every call becomes exactly one video frame, stamped
 * n / framerate, however long the rendering takes: the file has exactly
 * --frames frames and plays at --fps.
 *
 * The pipeline gets the application's context the standard GstGL way: the
 * context is wrapped (gst_gl_context_new_wrapped) on a GstGLDisplay made
 * from the application's own EGLDisplay or X Display, and handed out when
 * an element asks for "gst.gl.GLDisplay" and "gst.gl.app_context" (the
 * NEED_CONTEXT messages answered in on_sync_message()).  glwindowsrc then
 * creates its own context sharing with ours, so our texture name is valid
 * there and is copied on the GPU.
 *
 * The picture, drawn in GL's usual convention (origin bottom left): a dark
 * sky over a green ground band, a red marker square in the TOP-LEFT corner,
 * a spinning yellow triangle, and a white progress bar that runs along the
 * ground from left to right as the recording advances.  The video shows it
 * upright (glwindowsrc's texture-origin defaults to bottom-left, which is
 * what a GL-rendered texture is).
 *
 * Tested (Debian 12, Mesa 22.3.6 llvmpipe, GStreamer 1.22.0):
 *   --platform=egl --api=gl     EGL device platform, desktop OpenGL (compat)
 *   --platform=egl --api=gles   EGL device platform, OpenGL ES 3.2 (also
 *                               with GST_GL_API=gles2)
 *   --platform=glx --api=gl     GLX under Xvfb, desktop OpenGL (compat)
 * The EGL device platform needs no X server, no window and no surface:
 * the context is made current with a 1x1 pbuffer where the config offers
 * one, else with EGL_NO_SURFACE (EGL_KHR_surfaceless_context).  GstGL
 * makes glwindowsrc's context on the display handed to it, so the
 * platform follows ours; do not force another one with GST_GL_PLATFORM
 * (an EGL context cannot share with a GLX one).  GstGL chooses the API of
 * its context itself: with --api gles it made a desktop GL 4.5 core
 * context here, which Mesa lets share with our GLES one; GST_GL_API=gles2
 * keeps both on GLES for drivers that do not share across APIs.
 *
 * Usage:
 *   glwindowsrc-texture-record [--frames N] [--fps F]
 *       [--size WxH] [--api gl|gles] [--platform egl|glx] [-o out.mp4|.webm]
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gst/gst.h>
#include <gst/gl/gl.h>
#include <gst/gl/egl/gstgldisplay_egl.h>

#include <EGL/egl.h>
#include <EGL/eglext.h>

#ifdef HAVE_GLX
#include <gst/gl/x11/gstgldisplay_x11.h>
#include <X11/Xlib.h>
#include <GL/glx.h>
#endif

/* Every GL entry point is looked up at run time (eglGetProcAddress or
 * glXGetProcAddress): the same code then runs on desktop GL and GLES
 * without linking either library.  The GLES2 header only provides the
 * types and constants, which both APIs share. */
#undef GL_GLES_PROTOTYPES
#define GL_GLES_PROTOTYPES 0
#include <GLES2/gl2.h>

#ifndef GL_RGBA8
#define GL_RGBA8 0x8058
#endif

#define DEFAULT_FRAMES 90
#define DEFAULT_FPS 30
#define DEFAULT_WIDTH 640
#define DEFAULT_HEIGHT 360
#define DEFAULT_OUTPUT "texture-record.mp4"

typedef enum
{
  PLATFORM_EGL,
  PLATFORM_GLX,
} Platform;

typedef struct
{
  PFNGLGETSTRINGPROC GetString;
  PFNGLGETERRORPROC GetError;
  PFNGLGENTEXTURESPROC GenTextures;
  PFNGLDELETETEXTURESPROC DeleteTextures;
  PFNGLBINDTEXTUREPROC BindTexture;
  PFNGLTEXIMAGE2DPROC TexImage2D;
  PFNGLTEXPARAMETERIPROC TexParameteri;
  PFNGLGENFRAMEBUFFERSPROC GenFramebuffers;
  PFNGLDELETEFRAMEBUFFERSPROC DeleteFramebuffers;
  PFNGLBINDFRAMEBUFFERPROC BindFramebuffer;
  PFNGLFRAMEBUFFERTEXTURE2DPROC FramebufferTexture2D;
  PFNGLCHECKFRAMEBUFFERSTATUSPROC CheckFramebufferStatus;
  PFNGLVIEWPORTPROC Viewport;
  PFNGLSCISSORPROC Scissor;
  PFNGLENABLEPROC Enable;
  PFNGLDISABLEPROC Disable;
  PFNGLCLEARCOLORPROC ClearColor;
  PFNGLCLEARPROC Clear;
  PFNGLCREATESHADERPROC CreateShader;
  PFNGLSHADERSOURCEPROC ShaderSource;
  PFNGLCOMPILESHADERPROC CompileShader;
  PFNGLGETSHADERIVPROC GetShaderiv;
  PFNGLGETSHADERINFOLOGPROC GetShaderInfoLog;
  PFNGLDELETESHADERPROC DeleteShader;
  PFNGLCREATEPROGRAMPROC CreateProgram;
  PFNGLATTACHSHADERPROC AttachShader;
  PFNGLBINDATTRIBLOCATIONPROC BindAttribLocation;
  PFNGLLINKPROGRAMPROC LinkProgram;
  PFNGLGETPROGRAMIVPROC GetProgramiv;
  PFNGLDELETEPROGRAMPROC DeleteProgram;
  PFNGLUSEPROGRAMPROC UseProgram;
  PFNGLGETUNIFORMLOCATIONPROC GetUniformLocation;
  PFNGLUNIFORM1FPROC Uniform1f;
  PFNGLUNIFORM2FPROC Uniform2f;
  PFNGLVERTEXATTRIBPOINTERPROC VertexAttribPointer;
  PFNGLENABLEVERTEXATTRIBARRAYPROC EnableVertexAttribArray;
  PFNGLDRAWARRAYSPROC DrawArrays;
  PFNGLFLUSHPROC Flush;
} AppGL;

typedef struct
{
  Platform platform;
  gboolean gles;
  gint width, height;

  /* the native context */
  EGLDisplay egl_display;
  EGLContext egl_context;
  EGLSurface egl_surface;
#ifdef HAVE_GLX
  Display *x_display;
  GLXContext glx_context;
  GLXPbuffer glx_pbuffer;
#endif

  /* the same context, as GstGL sees it */
  GstGLDisplay *gst_display;
  GstGLContext *gst_context;

  AppGL gl;
  GLuint texture, fbo, program;
  GLint u_angle, u_aspect;
} App;

/* ------------------------------------------------------------------------ */
/* the application's own GL context                                          */

static gpointer
egl_get_proc (const gchar * name)
{
  return (gpointer) eglGetProcAddress (name);
}

#ifdef HAVE_GLX
static gpointer
glx_get_proc (const gchar * name)
{
  return (gpointer) glXGetProcAddressARB ((const GLubyte *) name);
}
#endif

static gboolean
load_gl (AppGL * gl, gpointer (*get_proc) (const gchar *))
{
  /* name, slot: one table so that a missing entry point is named. */
  struct
  {
    const gchar *name;
    gpointer *slot;
  } funcs[] = {
#define F(n) { "gl" #n, (gpointer *) &gl->n }
    F (GetString), F (GetError), F (GenTextures), F (DeleteTextures),
    F (BindTexture), F (TexImage2D), F (TexParameteri), F (GenFramebuffers),
    F (DeleteFramebuffers), F (BindFramebuffer), F (FramebufferTexture2D),
    F (CheckFramebufferStatus), F (Viewport), F (Scissor), F (Enable),
    F (Disable), F (ClearColor), F (Clear), F (CreateShader),
    F (ShaderSource), F (CompileShader), F (GetShaderiv),
    F (GetShaderInfoLog), F (DeleteShader), F (CreateProgram),
    F (AttachShader), F (BindAttribLocation), F (LinkProgram),
    F (GetProgramiv), F (DeleteProgram), F (UseProgram),
    F (GetUniformLocation), F (Uniform1f), F (Uniform2f),
    F (VertexAttribPointer), F (EnableVertexAttribArray), F (DrawArrays),
    F (Flush),
#undef F
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (funcs); i++) {
    *funcs[i].slot = get_proc (funcs[i].name);
    if (!*funcs[i].slot) {
      g_printerr ("GL function %s not found\n", funcs[i].name);
      return FALSE;
    }
  }
  return TRUE;
}

/* The first EGL device: on Mesa without a GPU that is the software
 * (llvmpipe) device.  No X server, no window system of any kind. */
static EGLDisplay
egl_device_display (void)
{
  PFNEGLQUERYDEVICESEXTPROC query_devices =
      (PFNEGLQUERYDEVICESEXTPROC) eglGetProcAddress ("eglQueryDevicesEXT");
  PFNEGLGETPLATFORMDISPLAYEXTPROC get_platform_display =
      (PFNEGLGETPLATFORMDISPLAYEXTPROC)
      eglGetProcAddress ("eglGetPlatformDisplayEXT");
  EGLDeviceEXT devices[8];
  EGLint n_devices = 0;

  if (!query_devices || !get_platform_display
      || !query_devices (G_N_ELEMENTS (devices), devices, &n_devices)
      || n_devices < 1) {
    g_printerr ("No EGL device (EGL_EXT_device_enumeration and "
        "EGL_EXT_platform_device are needed)\n");
    return EGL_NO_DISPLAY;
  }
  return get_platform_display (EGL_PLATFORM_DEVICE_EXT, devices[0], NULL);
}

static gboolean
create_egl_context (App * app)
{
  EGLint config_attribs[] = {
    EGL_SURFACE_TYPE, EGL_PBUFFER_BIT,
    EGL_RENDERABLE_TYPE, app->gles ? EGL_OPENGL_ES3_BIT : EGL_OPENGL_BIT,
    EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_ALPHA_SIZE, 8,
    EGL_NONE
  };
  const EGLint gles_attribs[] = { EGL_CONTEXT_MAJOR_VERSION, 3, EGL_NONE };
  const EGLint pbuffer_attribs[] = { EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE };
  EGLConfig config;
  EGLint n_configs = 0, major, minor;
  const gchar *extensions;

  app->egl_display = egl_device_display ();
  if (app->egl_display == EGL_NO_DISPLAY
      || !eglInitialize (app->egl_display, &major, &minor)) {
    g_printerr ("Could not initialise the EGL device display\n");
    return FALSE;
  }
  extensions = eglQueryString (app->egl_display, EGL_EXTENSIONS);

  /* A pbuffer-capable config where there is one; otherwise any config and
   * no surface at all. */
  if (!eglChooseConfig (app->egl_display, config_attribs, &config, 1,
          &n_configs) || n_configs < 1) {
    config_attribs[1] = 0;
    if (!eglChooseConfig (app->egl_display, config_attribs, &config, 1,
            &n_configs) || n_configs < 1) {
      g_printerr ("No suitable EGL config\n");
      return FALSE;
    }
  }

  if (!eglBindAPI (app->gles ? EGL_OPENGL_ES_API : EGL_OPENGL_API)) {
    g_printerr ("This EGL cannot do %s\n", app->gles ? "OpenGL ES" : "OpenGL");
    return FALSE;
  }
  app->egl_context = eglCreateContext (app->egl_display, config,
      EGL_NO_CONTEXT, app->gles ? gles_attribs : NULL);
  if (app->egl_context == EGL_NO_CONTEXT) {
    g_printerr ("eglCreateContext failed (0x%x)\n", eglGetError ());
    return FALSE;
  }

  app->egl_surface = EGL_NO_SURFACE;
  if (config_attribs[1] == EGL_PBUFFER_BIT)
    app->egl_surface = eglCreatePbufferSurface (app->egl_display, config,
        pbuffer_attribs);
  if (app->egl_surface == EGL_NO_SURFACE
      && !strstr (extensions, "EGL_KHR_surfaceless_context")) {
    g_printerr ("Neither a pbuffer nor EGL_KHR_surfaceless_context\n");
    return FALSE;
  }
  if (!eglMakeCurrent (app->egl_display, app->egl_surface, app->egl_surface,
          app->egl_context)) {
    g_printerr ("eglMakeCurrent failed (0x%x)\n", eglGetError ());
    return FALSE;
  }
  g_print ("EGL %d.%d on the device platform (%s surface)\n", major, minor,
      app->egl_surface == EGL_NO_SURFACE ? "no" : "pbuffer");

  /* The same display and context, for GstGL. */
  app->gst_display = GST_GL_DISPLAY (gst_gl_display_egl_new_with_egl_display
      (app->egl_display));
  app->gst_context = gst_gl_context_new_wrapped (app->gst_display,
      (guintptr) app->egl_context, GST_GL_PLATFORM_EGL,
      app->gles ? GST_GL_API_GLES2 : GST_GL_API_OPENGL);
  return load_gl (&app->gl, egl_get_proc);
}

#ifdef HAVE_GLX
static gboolean
create_glx_context (App * app)
{
  const int config_attribs[] = {
    GLX_DRAWABLE_TYPE, GLX_PBUFFER_BIT, GLX_RENDER_TYPE, GLX_RGBA_BIT,
    GLX_RED_SIZE, 8, GLX_GREEN_SIZE, 8, GLX_BLUE_SIZE, 8, GLX_ALPHA_SIZE, 8,
    None
  };
  const int pbuffer_attribs[] = { GLX_PBUFFER_WIDTH, 1,
    GLX_PBUFFER_HEIGHT, 1, None
  };
  GLXFBConfig *configs;
  int n_configs = 0;

  if (app->gles) {
    g_printerr ("--platform=glx supports --api=gl only\n");
    return FALSE;
  }
  /* Xlib is used from our thread and, through GstGL, from the GL thread. */
  XInitThreads ();
  app->x_display = XOpenDisplay (NULL);
  if (!app->x_display) {
    g_printerr ("Cannot open the X display \"%s\"\n",
        g_getenv ("DISPLAY") ? g_getenv ("DISPLAY") : "");
    return FALSE;
  }
  configs = glXChooseFBConfig (app->x_display,
      DefaultScreen (app->x_display), config_attribs, &n_configs);
  if (!configs || n_configs < 1) {
    g_printerr ("No suitable GLX config\n");
    return FALSE;
  }
  app->glx_context = glXCreateNewContext (app->x_display, configs[0],
      GLX_RGBA_TYPE, NULL, True);
  app->glx_pbuffer = glXCreatePbuffer (app->x_display, configs[0],
      pbuffer_attribs);
  XFree (configs);
  if (!app->glx_context || !glXMakeContextCurrent (app->x_display,
          app->glx_pbuffer, app->glx_pbuffer, app->glx_context)) {
    g_printerr ("Could not create a current GLX context\n");
    return FALSE;
  }
  g_print ("GLX on %s\n", DisplayString (app->x_display));

  app->gst_display = GST_GL_DISPLAY (gst_gl_display_x11_new_with_display
      (app->x_display));
  app->gst_context = gst_gl_context_new_wrapped (app->gst_display,
      (guintptr) app->glx_context, GST_GL_PLATFORM_GLX, GST_GL_API_OPENGL);
  return load_gl (&app->gl, glx_get_proc);
}
#endif

static void
destroy_context (App * app)
{
  gst_clear_object (&app->gst_context);
  gst_clear_object (&app->gst_display);
  if (app->platform == PLATFORM_EGL && app->egl_display != EGL_NO_DISPLAY) {
    eglMakeCurrent (app->egl_display, EGL_NO_SURFACE, EGL_NO_SURFACE,
        EGL_NO_CONTEXT);
    if (app->egl_surface != EGL_NO_SURFACE)
      eglDestroySurface (app->egl_display, app->egl_surface);
    if (app->egl_context != EGL_NO_CONTEXT)
      eglDestroyContext (app->egl_display, app->egl_context);
    eglTerminate (app->egl_display);
  }
#ifdef HAVE_GLX
  if (app->platform == PLATFORM_GLX && app->x_display) {
    glXMakeContextCurrent (app->x_display, None, None, NULL);
    if (app->glx_pbuffer)
      glXDestroyPbuffer (app->x_display, app->glx_pbuffer);
    if (app->glx_context)
      glXDestroyContext (app->x_display, app->glx_context);
    XCloseDisplay (app->x_display);
  }
#endif
}

/* ------------------------------------------------------------------------ */
/* the scene                                                                 */

/* The same GLSL for both APIs; only the header differs. */
static const gchar *vertex_source =
    "attribute vec2 position;\n"
    "uniform float angle;\n"
    "uniform vec2 aspect;\n"
    "void main () {\n"
    "  mat2 spin = mat2 (cos (angle), sin (angle), -sin (angle), "
    "cos (angle));\n"
    "  gl_Position = vec4 (spin * position * aspect, 0.0, 1.0);\n" "}\n";
static const gchar *fragment_source =
    "void main () {\n" "  gl_FragColor = vec4 (1.0, 0.85, 0.1, 1.0);\n" "}\n";

static GLuint
compile_shader (App * app, GLenum type, const gchar * body)
{
  const AppGL *gl = &app->gl;
  const gchar *sources[2];
  GLuint shader = gl->CreateShader (type);
  GLint ok = 0;

  sources[0] = app->gles ? "#version 100\nprecision mediump float;\n" :
      "#version 120\n";
  sources[1] = body;
  gl->ShaderSource (shader, 2, sources, NULL);
  gl->CompileShader (shader);
  gl->GetShaderiv (shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    gchar log[1024] = "";

    gl->GetShaderInfoLog (shader, sizeof (log), NULL, log);
    g_printerr ("Shader compilation failed: %s\n", log);
    gl->DeleteShader (shader);
    return 0;
  }
  return shader;
}

static gboolean
create_scene (App * app)
{
  const AppGL *gl = &app->gl;
  GLuint vs, fs;
  GLint linked = 0;

  g_print ("GL_VERSION %s, GL_RENDERER %s\n", gl->GetString (GL_VERSION),
      gl->GetString (GL_RENDERER));

  gl->GenTextures (1, &app->texture);
  gl->BindTexture (GL_TEXTURE_2D, app->texture);
  gl->TexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, app->width, app->height, 0,
      GL_RGBA, GL_UNSIGNED_BYTE, NULL);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  gl->BindTexture (GL_TEXTURE_2D, 0);

  gl->GenFramebuffers (1, &app->fbo);
  gl->BindFramebuffer (GL_FRAMEBUFFER, app->fbo);
  gl->FramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      GL_TEXTURE_2D, app->texture, 0);
  if (gl->CheckFramebufferStatus (GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    g_printerr ("The texture's framebuffer is incomplete\n");
    return FALSE;
  }
  gl->BindFramebuffer (GL_FRAMEBUFFER, 0);

  vs = compile_shader (app, GL_VERTEX_SHADER, vertex_source);
  fs = compile_shader (app, GL_FRAGMENT_SHADER, fragment_source);
  if (!vs || !fs)
    return FALSE;
  app->program = gl->CreateProgram ();
  gl->AttachShader (app->program, vs);
  gl->AttachShader (app->program, fs);
  gl->BindAttribLocation (app->program, 0, "position");
  gl->LinkProgram (app->program);
  gl->DeleteShader (vs);
  gl->DeleteShader (fs);
  gl->GetProgramiv (app->program, GL_LINK_STATUS, &linked);
  if (!linked) {
    g_printerr ("Shader program did not link\n");
    return FALSE;
  }
  app->u_angle = gl->GetUniformLocation (app->program, "angle");
  app->u_aspect = gl->GetUniformLocation (app->program, "aspect");
  return TRUE;
}

static void
fill_rect (const AppGL * gl, gint x, gint y, gint w, gint h, gfloat r,
    gfloat g, gfloat b)
{
  gl->Scissor (x, y, w, h);
  gl->ClearColor (r, g, b, 1.0f);
  gl->Clear (GL_COLOR_BUFFER_BIT);
}

/* Frame @n of @n_frames into the texture, GL y-up: y = 0 is the bottom. */
static void
render_frame (App * app, gint n, gint n_frames)
{
  const AppGL *gl = &app->gl;
  static const GLfloat triangle[] = {
    0.0f, 0.6f, -0.5f, -0.35f, 0.5f, -0.35f,
  };
  gint w = app->width, h = app->height;
  gint marker = MAX (4, MIN (w, h) / 8);
  gint ground = h / 4;
  gint bar = (gint) ((gint64) w * (n + 1) / n_frames);

  gl->BindFramebuffer (GL_FRAMEBUFFER, app->fbo);
  gl->Viewport (0, 0, w, h);

  gl->Disable (GL_SCISSOR_TEST);
  gl->ClearColor (0.05f, 0.08f, 0.25f, 1.0f);
  gl->Clear (GL_COLOR_BUFFER_BIT);
  gl->Enable (GL_SCISSOR_TEST);
  fill_rect (gl, 0, 0, w, ground, 0.1f, 0.55f, 0.15f);
  fill_rect (gl, 0, ground / 3, bar, ground / 3, 1.0f, 1.0f, 1.0f);
  fill_rect (gl, 0, h - marker, marker, marker, 0.9f, 0.05f, 0.05f);
  gl->Disable (GL_SCISSOR_TEST);

  gl->UseProgram (app->program);
  gl->Uniform1f (app->u_angle, (gfloat) (2.0 * G_PI * n / 60.0));
  gl->Uniform2f (app->u_aspect, (gfloat) h / w, 1.0f);
  gl->VertexAttribPointer (0, 2, GL_FLOAT, GL_FALSE, 0, triangle);
  gl->EnableVertexAttribArray (0);
  gl->DrawArrays (GL_TRIANGLES, 0, 3);
  gl->UseProgram (0);

  gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
}

/* ------------------------------------------------------------------------ */
/* the pipeline                                                              */

/* Elements ask for a GL display and for the application's context with
 * NEED_CONTEXT messages, from whichever thread they run on: a sync handler
 * answers at once, on that thread. */
static GstBusSyncReply
on_sync_message (GstBus * bus, GstMessage * message, gpointer user_data)
{
  App *app = user_data;
  const gchar *type;
  GstContext *context = NULL;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_NEED_CONTEXT
      || !gst_message_parse_context_type (message, &type))
    return GST_BUS_PASS;

  if (g_strcmp0 (type, GST_GL_DISPLAY_CONTEXT_TYPE) == 0) {
    context = gst_context_new (GST_GL_DISPLAY_CONTEXT_TYPE, TRUE);
    gst_context_set_gl_display (context, app->gst_display);
  } else if (g_strcmp0 (type, "gst.gl.app_context") == 0) {
    context = gst_context_new ("gst.gl.app_context", TRUE);
    gst_structure_set (gst_context_writable_structure (context), "context",
        GST_TYPE_GL_CONTEXT, app->gst_context, NULL);
  }
  if (context) {
    gst_element_set_context (GST_ELEMENT (GST_MESSAGE_SRC (message)), context);
    gst_context_unref (context);
    gst_message_unref (message);
    return GST_BUS_DROP;
  }
  return GST_BUS_PASS;
}

static gboolean
report_error (GstMessage * message)
{
  GError *error = NULL;
  gchar *debug = NULL;

  gst_message_parse_error (message, &error, &debug);
  g_printerr ("Error from %s: %s\n%s\n", GST_OBJECT_NAME (message->src),
      error->message, debug ? debug : "");
  g_clear_error (&error);
  g_free (debug);
  gst_message_unref (message);
  return FALSE;
}

static gboolean
record (App * app, gint n_frames, gint fps, const gchar * output)
{
  const gchar *encoder = g_str_has_suffix (output, ".webm") ?
      "vp8enc deadline=1 ! webmmux" :
      "video/x-raw,format=I420 ! x264enc ! mp4mux";
  GstElement *pipeline, *src, *sink;
  GstBus *bus;
  GstMessage *message;
  GError *error = NULL;
  gchar *description;
  gboolean ok = TRUE;
  gint n;

  /* num-buffers ends the stream by itself after the last frame, so none
   * is lost to an EOS racing the last push.  width and height: GstGL 1.22
   * cannot ask a GLES context for a texture's size; where GL can tell,
   * glwindowsrc checks that they agree. */
  description = g_strdup_printf ("glwindowsrc name=src target=texture "
      "texture-id=%u width=%d height=%d is-live=false num-buffers=%d "
      "! video/x-raw,framerate=%d/1 ! videoconvert ! %s "
      "! filesink name=sink", app->texture, app->width, app->height,
      n_frames, fps, encoder);
  pipeline = gst_parse_launch (description, &error);
  g_free (description);
  if (!pipeline) {
    g_printerr ("Could not build the pipeline: %s\n", error->message);
    g_clear_error (&error);
    return FALSE;
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (sink, "location", output, NULL);
  gst_object_unref (sink);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");

  bus = gst_element_get_bus (pipeline);
  gst_bus_set_sync_handler (bus, on_sync_message, app, NULL);

  /* glwindowsrc looks at the texture (and learns its size) while going to
   * PAUSED, in this call.  The state change itself completes only once
   * the first frame has been prerolled, that is after our first
   * frame-ready: do not wait for it here. */
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    g_printerr ("The pipeline would not start\n");
    ok = FALSE;
  }

  for (n = 0; ok && n < n_frames; n++) {
    render_frame (app, n, n_frames);
    /* Inserts a fence in our command stream and, offline, returns once
     * glwindowsrc has copied the texture: the next frame may reuse it. */
    g_signal_emit_by_name (src, "frame-ready");

    message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    if (message)
      ok = report_error (message);
    if (ok && (n + 1) % fps == 0)
      g_print ("%d frames\n", n + 1);
  }

  if (ok) {
    message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    if (!message) {
      g_printerr ("The recording did not finish within 60 s\n");
      ok = FALSE;
    } else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR) {
      ok = report_error (message);
    } else {
      gst_message_unref (message);
      g_print ("Wrote %d frames at %d fps to %s\n", n_frames, fps, output);
    }
  }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
  gst_object_unref (bus);
  gst_object_unref (src);
  gst_object_unref (pipeline);
  return ok;
}

int
main (int argc, char **argv)
{
  gint n_frames = DEFAULT_FRAMES, fps = DEFAULT_FPS;
  gchar *size = NULL, *api = NULL, *platform = NULL, *output = NULL;
  GOptionEntry entries[] = {
    {"frames", 'n', 0, G_OPTION_ARG_INT, &n_frames,
        "Frames to record (default 90)", "N"},
    {"fps", 0, 0, G_OPTION_ARG_INT, &fps, "Frame rate (default 30)", "F"},
    {"size", 's', 0, G_OPTION_ARG_STRING, &size,
        "Texture size (default 640x360)", "WxH"},
    {"api", 0, 0, G_OPTION_ARG_STRING, &api,
        "gl (default) or gles", "API"},
    {"platform", 0, 0, G_OPTION_ARG_STRING, &platform,
          "egl (default: EGL device, headless) or glx (needs $DISPLAY)",
        "PLATFORM"},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
        "Output file, .mp4 (H.264) or .webm (VP8); default "
          DEFAULT_OUTPUT, "FILE"},
    {NULL}
  };
  GOptionContext *options;
  GError *error = NULL;
  App app = { 0 };
  gboolean ok;

  options = g_option_context_new ("- record your own GL texture");
  g_option_context_add_main_entries (options, entries, NULL);
  g_option_context_add_group (options, gst_init_get_option_group ());
  if (!g_option_context_parse (options, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    return 2;
  }
  g_option_context_free (options);

  app.width = DEFAULT_WIDTH;
  app.height = DEFAULT_HEIGHT;
  if (size && (sscanf (size, "%dx%d", &app.width, &app.height) != 2
          || app.width < 16 || app.height < 16)) {
    g_printerr ("--size wants WxH, at least 16x16\n");
    return 2;
  }
  if (n_frames < 1 || fps < 1) {
    g_printerr ("--frames and --fps must be positive\n");
    return 2;
  }
  app.gles = g_strcmp0 (api, "gles") == 0;
  if (api && !app.gles && g_strcmp0 (api, "gl") != 0) {
    g_printerr ("--api is gl or gles\n");
    return 2;
  }
  app.platform = g_strcmp0 (platform, "glx") == 0 ? PLATFORM_GLX : PLATFORM_EGL;
  if (platform && app.platform != PLATFORM_GLX
      && g_strcmp0 (platform, "egl") != 0) {
    g_printerr ("--platform is egl or glx\n");
    return 2;
  }
  app.egl_display = EGL_NO_DISPLAY;
  app.egl_context = EGL_NO_CONTEXT;
  app.egl_surface = EGL_NO_SURFACE;

  if (app.platform == PLATFORM_GLX) {
#ifdef HAVE_GLX
    ok = create_glx_context (&app);
#else
    g_printerr ("This build has no GLX support\n");
    ok = FALSE;
#endif
  } else {
    ok = create_egl_context (&app);
  }
  ok = ok && create_scene (&app);
  ok = ok && record (&app, n_frames, fps, output ? output : DEFAULT_OUTPUT);

  if (app.texture) {
    app.gl.DeleteFramebuffers (1, &app.fbo);
    app.gl.DeleteTextures (1, &app.texture);
    app.gl.DeleteProgram (app.program);
  }
  destroy_context (&app);
  g_free (size);
  g_free (api);
  g_free (platform);
  g_free (output);
  return ok ? 0 : 1;
}
