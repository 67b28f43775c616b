/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Capture of an X11 window or of the whole screen.
 *
 * Two paths, chosen once the GL context is known:
 * - GLX texture-from-pixmap: the window is redirected with XComposite, its
 *   backing pixmap named and bound as a texture in the pipeline's own GLX
 *   context. Pixels never leave the GL driver on the way to GLMemory.
 * - XShm: a CPU read of the window, for contexts that cannot bind X
 *   pixmaps (EGL on Mesa's software driver, another X server) and for the
 *   root window, which has no backing pixmap to name.
 * Both hand the output stage the same picture. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstx11windowtarget.h"
#include "gstx11util.h"
#include "gstx11shmimage.h"
#include "gstglxpixmap.h"

#include <X11/Xlib.h>
#include <X11/extensions/Xcomposite.h>

GST_DEBUG_CATEGORY_STATIC (gst_x11_window_target_debug);
#define GST_CAT_DEFAULT gst_x11_window_target_debug

struct _GstX11WindowTarget
{
  GstGLCaptureTarget parent;

  gchar *display_name;
  guint64 xid;
  gchar *xname;

  Display *display;
  Window window;
  gboolean is_root;
  gboolean redirected;
  guint width, height, border;
  gint depth;
  Visual *visual;
  gboolean gone;

  /* One of the two is set between gl_start() and gl_stop(). */
  Pixmap pixmap;
  GstGLXPixmap *glx_pixmap;
  GstX11ShmImage *shm_image;
};

G_DEFINE_TYPE (GstX11WindowTarget, gst_x11_window_target,
    GST_TYPE_GL_CAPTURE_TARGET);

static const gchar *
display_label (GstX11WindowTarget * self)
{
  if (self->display)
    return DisplayString (self->display);
  if (self->display_name)
    return self->display_name;
  return g_getenv ("DISPLAY") ? g_getenv ("DISPLAY") : "(DISPLAY unset)";
}

static gboolean
resolve_window (GstX11WindowTarget * self, GError ** error)
{
  Window root = DefaultRootWindow (self->display);
  XWindowAttributes attrs;
  gint x_error;
  Status ok;

  if (self->xid) {
    self->window = (Window) self->xid;
  } else if (self->xname) {
    gst_x11_trap_errors ();
    self->window = gst_x11_find_window_by_name (self->display, root,
        self->xname);
    gst_x11_untrap_errors (self->display);
    if (!self->window) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
          "No window named \"%s\" on display \"%s\"", self->xname,
          display_label (self));
      return FALSE;
    }
  } else {
    self->window = root;
  }
  self->is_root = self->window == root;

  gst_x11_trap_errors ();
  ok = XGetWindowAttributes (self->display, self->window, &attrs);
  x_error = gst_x11_untrap_errors (self->display);
  if (!ok || x_error) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "Window 0x%lx not found on display \"%s\"", (gulong) self->window,
        display_label (self));
    return FALSE;
  }
  if (attrs.map_state != IsViewable) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
        "Window 0x%lx on display \"%s\" is not visible (unmapped or "
        "minimised)", (gulong) self->window, display_label (self));
    return FALSE;
  }
  self->width = attrs.width;
  self->height = attrs.height;
  self->border = attrs.border_width;
  self->depth = attrs.depth;
  self->visual = attrs.visual;
  GST_INFO_OBJECT (self, "window 0x%lx: %ux%u, depth %d, border %u",
      (gulong) self->window, self->width, self->height, self->depth,
      self->border);
  return TRUE;
}

static gboolean
gst_x11_window_target_open (GstGLCaptureTarget * target,
    GstGLContext * context, GError ** error)
{
  GstX11WindowTarget *self = GST_X11_WINDOW_TARGET (target);
  gint event_base, error_base;

  self->display = XOpenDisplay (self->display_name);
  if (!self->display) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
        "Could not open X display \"%s\"", display_label (self));
    return FALSE;
  }
  if (!resolve_window (self, error))
    return FALSE;

  gst_x11_trap_errors ();
  /* StructureNotify tells us of resizes and of the window's end without a
   * round trip per frame. */
  XSelectInput (self->display, self->window, StructureNotifyMask);
  /* Redirection keeps the window's own contents readable even when other
   * windows cover it; automatic mode leaves the screen as it was. */
  if (!self->is_root
      && XCompositeQueryExtension (self->display, &event_base, &error_base)) {
    XCompositeRedirectWindow (self->display, self->window,
        CompositeRedirectAutomatic);
    self->redirected = TRUE;
  }
  if (gst_x11_untrap_errors (self->display)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "Window 0x%lx on display \"%s\" went away", (gulong) self->window,
        display_label (self));
    self->redirected = FALSE;
    return FALSE;
  }
  return TRUE;
}

static void
gst_x11_window_target_get_size (GstGLCaptureTarget * target, guint * width,
    guint * height)
{
  GstX11WindowTarget *self = GST_X11_WINDOW_TARGET (target);

  *width = self->width;
  *height = self->height;
}

static gboolean
bind_window_pixmap (GstX11WindowTarget * self, GstGLContext * context)
{
  GError *error = NULL;
  gint x_error;

  gst_x11_trap_errors ();
  self->pixmap = XCompositeNameWindowPixmap (self->display, self->window);
  x_error = gst_x11_untrap_errors (self->display);
  if (x_error) {
    GST_WARNING_OBJECT (self, "could not name the window's pixmap "
        "(X error %d)", x_error);
    self->pixmap = None;
    return FALSE;
  }
  self->glx_pixmap = gst_glx_pixmap_new (context, self->pixmap, self->depth,
      &error);
  if (!self->glx_pixmap) {
    GST_WARNING_OBJECT (self, "%s", error->message);
    g_clear_error (&error);
    return FALSE;
  }
  return TRUE;
}

static void
unbind_window_pixmap (GstX11WindowTarget * self)
{
  g_clear_pointer (&self->glx_pixmap, gst_glx_pixmap_free);
  if (self->pixmap) {
    gst_x11_trap_errors ();
    XFreePixmap (self->display, self->pixmap);
    gst_x11_untrap_errors (self->display);
    self->pixmap = None;
  }
}

static gboolean
can_bind_pixmaps (GstX11WindowTarget * self, GstGLContext * context)
{
  const gchar *gl_display;

  if (self->is_root || !self->redirected)
    return FALSE;
  if (!gst_glx_pixmap_supported (context))
    return FALSE;
  /* A pixmap can only be bound by a GLX context on the same X server. */
  gl_display = gst_glx_pixmap_get_display_name (context);
  if (!gst_x11_same_server (gl_display, DisplayString (self->display))) {
    GST_INFO_OBJECT (self, "GL runs on X display \"%s\", the window on "
        "\"%s\"", gl_display, DisplayString (self->display));
    return FALSE;
  }
  return TRUE;
}

static gboolean
gst_x11_window_target_gl_start (GstGLCaptureTarget * target,
    GstGLContext * context, GError ** error)
{
  GstX11WindowTarget *self = GST_X11_WINDOW_TARGET (target);

  if (can_bind_pixmaps (self, context) && bind_window_pixmap (self, context)) {
    GST_INFO_OBJECT (self, "capture path: GLX texture-from-pixmap "
        "(GPU copy)");
    return TRUE;
  }
  unbind_window_pixmap (self);

  self->shm_image = gst_x11_shm_image_new (self->display, self->visual,
      self->depth, self->width, self->height, error);
  if (!self->shm_image)
    return FALSE;
  GST_INFO_OBJECT (self, "capture path: %s (CPU read)",
      gst_x11_shm_image_uses_shm (self->shm_image) ? "XShm" : "XGetImage");
  return TRUE;
}

/* Reads the notifications queued for the window: no round trip. */
static void
process_events (GstX11WindowTarget * self)
{
  while (XPending (self->display)) {
    XEvent event;

    XNextEvent (self->display, &event);
    if (event.type == DestroyNotify
        && event.xdestroywindow.window == self->window) {
      GST_INFO_OBJECT (self, "window 0x%lx was destroyed",
          (gulong) self->window);
      self->gone = TRUE;
    } else if (event.type == ConfigureNotify
        && event.xconfigure.window == self->window) {
      self->width = event.xconfigure.width;
      self->height = event.xconfigure.height;
      self->border = event.xconfigure.border_width;
    }
  }
}

static gboolean
window_exists (GstX11WindowTarget * self)
{
  XWindowAttributes attrs;
  Status ok;
  gint x_error;

  gst_x11_trap_errors ();
  ok = XGetWindowAttributes (self->display, self->window, &attrs);
  x_error = gst_x11_untrap_errors (self->display);
  return ok && !x_error;
}

static GstGLCaptureResult
gst_x11_window_target_acquire (GstGLCaptureTarget * target,
    GstGLContext * context, GstClockTime timestamp, GstGLCaptureFrame * frame,
    GError ** error)
{
  GstX11WindowTarget *self = GST_X11_WINDOW_TARGET (target);

  process_events (self);
  if (self->gone)
    return GST_GL_CAPTURE_GONE;

  if (self->glx_pixmap) {
    frame->texture = gst_glx_pixmap_bind (self->glx_pixmap);
    frame->top_down = gst_glx_pixmap_is_top_down (self->glx_pixmap);
    /* Bound as RGB, a depth-24 pixmap samples with alpha 1 already. */
    frame->force_opaque = FALSE;
    /* The named pixmap includes the window's border. */
    frame->tex_width = self->width + 2 * self->border;
    frame->tex_height = self->height + 2 * self->border;
    frame->x = frame->y = self->border;
    return GST_GL_CAPTURE_OK;
  }

  if (!gst_x11_shm_image_read (self->shm_image, self->window, 0, 0)) {
    if (!window_exists (self)) {
      self->gone = TRUE;
      return GST_GL_CAPTURE_GONE;
    }
    /* Unmapped for a moment: the image still holds the last picture. */
    GST_LOG_OBJECT (self, "window not readable now, repeating last frame");
  }
  frame->data = gst_x11_shm_image_get_data (self->shm_image);
  frame->stride = gst_x11_shm_image_get_stride (self->shm_image);
  frame->bgrx = TRUE;
  frame->top_down = TRUE;
  frame->force_opaque = self->depth != 32;
  return GST_GL_CAPTURE_OK;
}

static void
gst_x11_window_target_release (GstGLCaptureTarget * target,
    GstGLContext * context, GstGLCaptureFrame * frame)
{
  GstX11WindowTarget *self = GST_X11_WINDOW_TARGET (target);

  if (self->glx_pixmap && frame->texture)
    gst_glx_pixmap_release (self->glx_pixmap);
}

static void
gst_x11_window_target_gl_stop (GstGLCaptureTarget * target,
    GstGLContext * context)
{
  GstX11WindowTarget *self = GST_X11_WINDOW_TARGET (target);

  unbind_window_pixmap (self);
  g_clear_pointer (&self->shm_image, gst_x11_shm_image_free);
}

static void
gst_x11_window_target_close (GstGLCaptureTarget * target)
{
  GstX11WindowTarget *self = GST_X11_WINDOW_TARGET (target);

  if (!self->display)
    return;
  if (self->redirected && !self->gone) {
    gst_x11_trap_errors ();
    XCompositeUnredirectWindow (self->display, self->window,
        CompositeRedirectAutomatic);
    gst_x11_untrap_errors (self->display);
  }
  self->redirected = FALSE;
  XCloseDisplay (self->display);
  self->display = NULL;
}

static void
gst_x11_window_target_finalize (GObject * object)
{
  GstX11WindowTarget *self = GST_X11_WINDOW_TARGET (object);

  g_free (self->display_name);
  g_free (self->xname);
  G_OBJECT_CLASS (gst_x11_window_target_parent_class)->finalize (object);
}

static void
gst_x11_window_target_class_init (GstX11WindowTargetClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstGLCaptureTargetClass *target_class = GST_GL_CAPTURE_TARGET_CLASS (klass);

  gobject_class->finalize = gst_x11_window_target_finalize;
  target_class->open = gst_x11_window_target_open;
  target_class->get_size = gst_x11_window_target_get_size;
  target_class->gl_start = gst_x11_window_target_gl_start;
  target_class->acquire = gst_x11_window_target_acquire;
  target_class->release = gst_x11_window_target_release;
  target_class->gl_stop = gst_x11_window_target_gl_stop;
  target_class->close = gst_x11_window_target_close;

  GST_DEBUG_CATEGORY_INIT (gst_x11_window_target_debug, "glwindowsrc-x11", 0,
      "glwindowsrc X11 window and screen capture");
}

static void
gst_x11_window_target_init (GstX11WindowTarget * self)
{
}

GstGLCaptureTarget *
gst_x11_window_target_new (const gchar * display_name, guint64 xid,
    const gchar * xname)
{
  GstX11WindowTarget *self = g_object_new (GST_TYPE_X11_WINDOW_TARGET, NULL);

  gst_object_ref_sink (self);
  self->display_name = g_strdup (display_name);
  self->xid = xid;
  self->xname = g_strdup (xname);
  return GST_GL_CAPTURE_TARGET (self);
}
