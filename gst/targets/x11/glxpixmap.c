/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "targets/x11/glxpixmap.h"
#include "targets/x11/util.h"

#include <string.h>
#include <gst/gl/gstglfuncs.h>
#include <GL/glx.h>
#include <GL/glxext.h>

GST_DEBUG_CATEGORY_STATIC (gws_glx_pixmap_debug);
#define GST_CAT_DEFAULT gws_glx_pixmap_debug

struct _GwsGLXPixmap
{
  GstGLContext *context;
  /* The connection the GLX context is current on: GLX drawables are
   * per-connection, so every GLX call below uses this one. */
  Display *display;
  GLXPixmap glx_pixmap;
  guint texture;
  gboolean top_down;
  gboolean has_alpha;
  PFNGLXBINDTEXIMAGEEXTPROC bind_tex_image;
  PFNGLXRELEASETEXIMAGEEXTPROC release_tex_image;
};

static void
init_debug (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    GST_DEBUG_CATEGORY_INIT (gws_glx_pixmap_debug, "glwindowsrc-glx", 0,
        "glwindowsrc GLX texture-from-pixmap");
    g_once_init_leave (&done, 1);
  }
}

/* GL thread only. */
gboolean
gws_glx_pixmap_supported (GstGLContext * context)
{
  Display *display;
  const char *extensions;

  init_debug ();
  if (gst_gl_context_get_gl_platform (context) != GST_GL_PLATFORM_GLX)
    return FALSE;
  display = glXGetCurrentDisplay ();
  if (!display)
    return FALSE;
  extensions = glXQueryExtensionsString (display, DefaultScreen (display));
  return extensions && strstr (extensions, "GLX_EXT_texture_from_pixmap");
}

const gchar *
gws_glx_pixmap_get_display_name (GstGLContext * context)
{
  Display *display = glXGetCurrentDisplay ();

  return display ? DisplayString (display) : NULL;
}

static GLXFBConfig
choose_fbconfig (Display * display, gint depth, gboolean rgba)
{
  GLXFBConfig *configs, chosen = NULL;
  gint n_configs = 0, i;

  configs = glXGetFBConfigs (display, DefaultScreen (display), &n_configs);
  for (i = 0; configs && i < n_configs && !chosen; i++) {
    XVisualInfo *visual;
    gint value = 0;

    glXGetFBConfigAttrib (display, configs[i], GLX_DRAWABLE_TYPE, &value);
    if (!(value & GLX_PIXMAP_BIT))
      continue;
    glXGetFBConfigAttrib (display, configs[i],
        GLX_BIND_TO_TEXTURE_TARGETS_EXT, &value);
    if (!(value & GLX_TEXTURE_2D_BIT_EXT))
      continue;
    glXGetFBConfigAttrib (display, configs[i], rgba ?
        GLX_BIND_TO_TEXTURE_RGBA_EXT : GLX_BIND_TO_TEXTURE_RGB_EXT, &value);
    if (!value)
      continue;
    visual = glXGetVisualFromFBConfig (display, configs[i]);
    if (!visual)
      continue;
    if (visual->depth == depth)
      chosen = configs[i];
    XFree (visual);
  }
  if (configs)
    XFree (configs);
  return chosen;
}

/* Reads row 0 of the bound texture's memory through an FBO. */
static void
read_texture_column (GstGLContext * context, guint texture, guint8 out[8])
{
  const GstGLFuncs *gl = context->gl_vtable;
  guint fbo = 0;

  gl->GenFramebuffers (1, &fbo);
  gl->BindFramebuffer (GL_FRAMEBUFFER, fbo);
  gl->FramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      GL_TEXTURE_2D, texture, 0);
  gl->ReadPixels (0, 0, 1, 2, GL_RGBA, GL_UNSIGNED_BYTE, out);
  gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
  gl->DeleteFramebuffers (1, &fbo);
}

/* GLX_Y_INVERTED_EXT may be GLX_DONT_CARE (Mesa says so), which leaves the
 * orientation to the driver. Rather than guess, draw a pixmap whose top
 * row is white and bottom row black, bind it, and look. */
static gboolean
probe_top_down (GwsGLXPixmap * binding, GLXFBConfig config, gint depth)
{
  Display *display = binding->display;
  Window root = DefaultRootWindow (display);
  const int attribs[] = {
    GLX_TEXTURE_TARGET_EXT, GLX_TEXTURE_2D_EXT,
    GLX_TEXTURE_FORMAT_EXT, binding->has_alpha ?
        GLX_TEXTURE_FORMAT_RGBA_EXT : GLX_TEXTURE_FORMAT_RGB_EXT,
    None
  };
  guint8 pixels[8] = { 0 };
  Pixmap pixmap;
  GLXPixmap glx_pixmap;
  GC gc;
  guint texture = 0;
  const GstGLFuncs *gl = binding->context->gl_vtable;

  gws_x11_trap_errors (display);
  pixmap = XCreatePixmap (display, root, 1, 2, depth);
  gc = XCreateGC (display, pixmap, 0, NULL);
  XSetForeground (display, gc, 0xffffffff);
  XFillRectangle (display, pixmap, gc, 0, 0, 1, 1);
  XSetForeground (display, gc, 0);
  XFillRectangle (display, pixmap, gc, 0, 1, 1, 1);
  XFreeGC (display, gc);
  XSync (display, False);

  glx_pixmap = glXCreatePixmap (display, config, pixmap, attribs);
  gl->GenTextures (1, &texture);
  gl->BindTexture (GL_TEXTURE_2D, texture);
  binding->bind_tex_image (display, glx_pixmap, GLX_FRONT_LEFT_EXT, NULL);
  read_texture_column (binding->context, texture, pixels);
  binding->release_tex_image (display, glx_pixmap, GLX_FRONT_LEFT_EXT);
  gl->BindTexture (GL_TEXTURE_2D, 0);
  gl->DeleteTextures (1, &texture);
  glXDestroyPixmap (display, glx_pixmap);
  XFreePixmap (display, pixmap);
  if (gws_x11_untrap_errors (display))
    GST_WARNING ("X error while probing the pixmap orientation");

  GST_DEBUG ("orientation probe read row 0 = %u, row 1 = %u", pixels[0],
      pixels[4]);
  return pixels[0] > pixels[4];
}

/* The answer belongs to the driver and the depth, not to one pixmap: it is
 * kept on the context, so a window rebound at every resize step of a drag
 * is probed once (the probe costs a pixmap, a round trip and a GL read). */
static gboolean
probed_top_down (GwsGLXPixmap * binding, GLXFBConfig config, gint depth)
{
  gchar *key = g_strdup_printf ("glwindowsrc-glx-top-down-%d", depth);
  GQuark quark = g_quark_from_string (key);
  gpointer known = g_object_get_qdata (G_OBJECT (binding->context), quark);
  gboolean top_down;

  g_free (key);
  if (known)
    return GPOINTER_TO_INT (known) == 2;
  top_down = probe_top_down (binding, config, depth);
  g_object_set_qdata (G_OBJECT (binding->context), quark,
      GINT_TO_POINTER (top_down ? 2 : 1));
  return top_down;
}

GwsGLXPixmap *
gws_glx_pixmap_new (GstGLContext * context, Pixmap pixmap, gint depth,
    GError ** error)
{
  GwsGLXPixmap *binding;
  GLXFBConfig config;
  gint y_inverted = GLX_DONT_CARE;
  gint x_error;
  const GstGLFuncs *gl = context->gl_vtable;

  init_debug ();
  binding = g_new0 (GwsGLXPixmap, 1);
  binding->context = gst_object_ref (context);
  binding->display = glXGetCurrentDisplay ();
  binding->has_alpha = depth == 32;
  binding->bind_tex_image = (PFNGLXBINDTEXIMAGEEXTPROC)
      glXGetProcAddress ((const GLubyte *) "glXBindTexImageEXT");
  binding->release_tex_image = (PFNGLXRELEASETEXIMAGEEXTPROC)
      glXGetProcAddress ((const GLubyte *) "glXReleaseTexImageEXT");
  if (!binding->display || !binding->bind_tex_image
      || !binding->release_tex_image) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "GLX texture-from-pixmap is not available\n"
        "GLX_EXT_texture_from_pixmap is missing from this GLX context");
    goto failed;
  }

  config = choose_fbconfig (binding->display, depth, binding->has_alpha);
  if (!config) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "The window's pixmap cannot be bound as a GL texture\n"
        "no GLX framebuffer configuration binds a pixmap of depth %d",
        depth);
    goto failed;
  }
  glXGetFBConfigAttrib (binding->display, config, GLX_Y_INVERTED_EXT,
      &y_inverted);

  gws_x11_trap_errors (binding->display);
  {
    const int attribs[] = {
      GLX_TEXTURE_TARGET_EXT, GLX_TEXTURE_2D_EXT,
      GLX_TEXTURE_FORMAT_EXT, binding->has_alpha ?
          GLX_TEXTURE_FORMAT_RGBA_EXT : GLX_TEXTURE_FORMAT_RGB_EXT,
      None
    };
    binding->glx_pixmap =
        glXCreatePixmap (binding->display, config, pixmap, attribs);
  }
  x_error = gws_x11_untrap_errors (binding->display);
  if (x_error || !binding->glx_pixmap) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
        "Could not make a GLX pixmap of the window\nglXCreatePixmap: "
        "X error %d", x_error);
    binding->glx_pixmap = None;
    goto failed;
  }

  /* TRUE: texture row 0 is the pixmap's top; FALSE: its bottom, as GL
   * usually has it; GLX_DONT_CARE: ask the driver by experiment. */
  if (y_inverted == True)
    binding->top_down = TRUE;
  else if (y_inverted == False)
    binding->top_down = FALSE;
  else
    binding->top_down = probed_top_down (binding, config, depth);
  GST_INFO ("GLX_Y_INVERTED_EXT = %d, texture row 0 is the %s of the window",
      y_inverted, binding->top_down ? "top" : "bottom");

  gl->GenTextures (1, &binding->texture);
  gl->BindTexture (GL_TEXTURE_2D, binding->texture);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  gl->BindTexture (GL_TEXTURE_2D, 0);
  return binding;

failed:
  gws_glx_pixmap_free (binding);
  return NULL;
}

void
gws_glx_pixmap_free (GwsGLXPixmap * binding)
{
  if (!binding)
    return;
  if (binding->texture)
    binding->context->gl_vtable->DeleteTextures (1, &binding->texture);
  if (binding->glx_pixmap) {
    gws_x11_trap_errors (binding->display);
    glXDestroyPixmap (binding->display, binding->glx_pixmap);
    gws_x11_untrap_errors (binding->display);
  }
  gst_object_unref (binding->context);
  g_free (binding);
}

/* Mesa's software path copies the pixmap's current contents on each bind,
 * so binding per frame is what keeps the texture fresh. */
guint
gws_glx_pixmap_bind (GwsGLXPixmap * binding)
{
  const GstGLFuncs *gl = binding->context->gl_vtable;

  gl->BindTexture (GL_TEXTURE_2D, binding->texture);
  /* The window's pixmap can be gone by now; an X error here must not reach
   * Xlib's default handler, which exits. */
  gws_x11_trap_errors (binding->display);
  binding->bind_tex_image (binding->display, binding->glx_pixmap,
      GLX_FRONT_LEFT_EXT, NULL);
  gws_x11_untrap_errors (binding->display);
  gl->BindTexture (GL_TEXTURE_2D, 0);
  return binding->texture;
}

void
gws_glx_pixmap_release (GwsGLXPixmap * binding)
{
  const GstGLFuncs *gl = binding->context->gl_vtable;

  gl->BindTexture (GL_TEXTURE_2D, binding->texture);
  binding->release_tex_image (binding->display, binding->glx_pixmap,
      GLX_FRONT_LEFT_EXT);
  gl->BindTexture (GL_TEXTURE_2D, 0);
}

gboolean
gws_glx_pixmap_is_top_down (GwsGLXPixmap * binding)
{
  return binding->top_down;
}

gboolean
gws_glx_pixmap_has_alpha (GwsGLXPixmap * binding)
{
  return binding->has_alpha;
}
