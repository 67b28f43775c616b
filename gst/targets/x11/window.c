/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
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
 * Both hand the output stage the same picture.
 *
 * A real desktop changes under us: the window is resized (its backing
 * pixmap is then replaced, so it is named again), unmapped (the last
 * picture stays), destroyed (gone; when it was found by title, a window
 * with the same title is looked for again). StructureNotify events say so
 * without a round trip per frame; DAMAGE events say whether anything was
 * drawn at all. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "targets/x11/window.h"
#include "targets/x11/util.h"
#include "targets/x11/finder.h"
#include "targets/x11/shmimage.h"
#include "targets/x11/cursor.h"
#include "targets/x11/glxpixmap.h"
#include "targets/x11/input.h"
#include "gldriver.h"

#include <string.h>
#include <gst/gl/gstglfuncs.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xcomposite.h>
#include <X11/extensions/Xdamage.h>

GST_DEBUG_CATEGORY_STATIC (gws_x11_window_target_debug);
#define GST_CAT_DEFAULT gws_x11_window_target_debug

/* How often a closed window's title is looked for again. */
#define REFIND_INTERVAL (250 * G_TIME_SPAN_MILLISECOND)

struct _GwsX11WindowTarget
{
  GwsCaptureTarget parent;

  gchar *display_name;
  guint64 xid;
  gchar *xname;
  gboolean use_damage;
  gboolean show_pointer;
  GwsX11CaptureMethod method;

  Display *display;
  Window window;
  gboolean is_root;
  gboolean has_composite;
  gboolean redirected;
  gint damage_event_base;
  Damage damage;
  gint depth;
  Visual *visual;

  /* Window state, from events; width and height also read by get_size()
   * from the streaming thread, under the object lock. */
  guint width, height, border;
  gboolean mapped;
  gboolean gone;
  /* The connection to the server broke (gws_x11_connection_lost()). */
  gboolean lost;
  gboolean damaged;
  gboolean needs_rebind;
  /* on-close=wait with a title: looks for the window while it is gone. */
  GwsX11Finder *finder;
  /* The window's ancestors below the root, watched for map and unmap. */
  GArray *ancestors;

  /* One of the two capture paths is set between gl_start() and gl_stop(). */
  gboolean use_glx;
  Pixmap pixmap;
  GwsGLXPixmap *glx_pixmap;
  guint bound_width, bound_height, bound_border;
  GwsX11ShmImage *shm_image;

  GwsX11Cursor *cursor;

  /* The element, for warnings; it owns the target, so no reference. */
  GstElement *element;
  /* enable-navigation-events; NULL when off. */
  GwsX11Input *input;
};

G_DEFINE_TYPE (GwsX11WindowTarget, gws_x11_window_target,
    GWS_TYPE_CAPTURE_TARGET);

static const gchar *
display_label (GwsX11WindowTarget * self)
{
  if (self->display)
    return DisplayString (self->display);
  if (self->display_name)
    return self->display_name;
  return g_getenv ("DISPLAY") ? g_getenv ("DISPLAY") : "(DISPLAY unset)";
}

static gboolean
read_attributes (GwsX11WindowTarget * self, XWindowAttributes * attrs)
{
  Status ok;
  gint x_error;

  gws_x11_trap_errors (self->display);
  ok = XGetWindowAttributes (self->display, self->window, attrs);
  x_error = gws_x11_untrap_errors (self->display);
  return ok && !x_error;
}

static void
set_size (GwsX11WindowTarget * self, guint width, guint height, guint border)
{
  GST_OBJECT_LOCK (self);
  self->width = width;
  self->height = height;
  GST_OBJECT_UNLOCK (self);
  self->border = border;
}

static void
unwatch_ancestors (GwsX11WindowTarget * self)
{
  guint i;

  gws_x11_trap_errors (self->display);
  for (i = 0; i < self->ancestors->len; i++)
    XSelectInput (self->display, g_array_index (self->ancestors, Window, i),
        NoEventMask);
  gws_x11_untrap_errors (self->display);
  g_array_set_size (self->ancestors, 0);
}

/* A window whose ancestor is hidden (a window manager's frame on another
 * workspace) is unrealized without any event of its own, and the server
 * gives it a new backing pixmap when it is shown again: the ancestors'
 * map and unmap are what say so. */
static void
watch_ancestors (GwsX11WindowTarget * self)
{
  Window window = self->window, root, parent, *children;
  guint n_children;

  unwatch_ancestors (self);
  if (self->is_root)
    return;
  gws_x11_trap_errors (self->display);
  while (XQueryTree (self->display, window, &root, &parent, &children,
          &n_children)) {
    if (children)
      XFree (children);
    if (!parent || parent == root)
      break;
    XSelectInput (self->display, parent, StructureNotifyMask);
    g_array_append_val (self->ancestors, parent);
    window = parent;
  }
  gws_x11_untrap_errors (self->display);
}

static gboolean
is_ancestor (GwsX11WindowTarget * self, Window window)
{
  guint i;

  for (i = 0; i < self->ancestors->len; i++)
    if (g_array_index (self->ancestors, Window, i) == window)
      return TRUE;
  return FALSE;
}

/* Subscribes to the window's changes and redirects it. FALSE when it went
 * away meanwhile. */
static gboolean
attach_window (GwsX11WindowTarget * self)
{
  XWindowAttributes attrs;

  if (!read_attributes (self, &attrs))
    return FALSE;
  set_size (self, attrs.width, attrs.height, attrs.border_width);
  self->depth = attrs.depth;
  self->visual = attrs.visual;
  self->mapped = attrs.map_state == IsViewable;
  self->gone = FALSE;
  self->damaged = TRUE;
  self->needs_rebind = TRUE;

  gws_x11_trap_errors (self->display);
  XSelectInput (self->display, self->window, StructureNotifyMask);
  /* Redirection keeps the window's own contents readable even when other
   * windows cover it; automatic mode leaves the screen as it was. */
  if (!self->is_root && self->has_composite) {
    XCompositeRedirectWindow (self->display, self->window,
        CompositeRedirectAutomatic);
    self->redirected = TRUE;
  }
  if (self->use_damage && self->damage_event_base)
    self->damage = XDamageCreate (self->display, self->window,
        XDamageReportNonEmpty);
  if (gws_x11_untrap_errors (self->display)) {
    self->redirected = FALSE;
    self->damage = None;
    return FALSE;
  }
  watch_ancestors (self);
  GST_INFO_OBJECT (self, "window 0x%lx: %ux%u, depth %d, border %u%s",
      (gulong) self->window, attrs.width, attrs.height, self->depth,
      self->border, self->mapped ? "" : ", not mapped");
  return TRUE;
}

/* Forgets the window, undoing what attach_window() did if it still
 * exists. */
static void
detach_window (GwsX11WindowTarget * self)
{
  unwatch_ancestors (self);
  gws_x11_trap_errors (self->display);
  if (self->damage)
    XDamageDestroy (self->display, self->damage);
  if (self->redirected && !self->gone)
    XCompositeUnredirectWindow (self->display, self->window,
        CompositeRedirectAutomatic);
  if (!self->gone && !self->is_root)
    XSelectInput (self->display, self->window, NoEventMask);
  gws_x11_untrap_errors (self->display);
  self->damage = None;
  self->redirected = FALSE;
}

/* A window that exists but has no picture of its own to capture: said as
 * what it is, not as "not found". */
static gboolean
is_capturable (GwsX11WindowTarget * self, GError ** error)
{
  XWindowAttributes attrs;
  gint screen;

  if (!read_attributes (self, &attrs))
    return TRUE;                /* attach_window() says "not found" */
  if (attrs.class == InputOnly) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Window 0x%lx on display \"%s\" is an input-only window, which has "
        "no picture\nits class is InputOnly: it only takes input for the "
        "windows under it", (gulong) self->window, display_label (self));
    return FALSE;
  }
  if (attrs.root == self->window && !self->is_root) {
    screen = XScreenNumberOfScreen (attrs.screen);
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Window 0x%lx is the root window of screen %d of display \"%s\": "
        "capture it with target=screen and that screen's display-name\n"
        "this connection's default screen is %d; a display name of the "
        "form HOST:D.%d opens screen %d", (gulong) self->window, screen,
        display_label (self), DefaultScreen (self->display), screen, screen);
    return FALSE;
  }
  return TRUE;
}

static gboolean
gws_x11_window_target_open (GwsCaptureTarget * target,
    GstGLContext * context, GError ** error)
{
  GwsX11WindowTarget *self = GWS_X11_WINDOW_TARGET (target);
  Window root;
  gint event_base, error_base;

  self->display = XOpenDisplay (self->display_name);
  if (!self->display) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
        "Could not open X display \"%s\"\nXOpenDisplay failed: no X "
        "server there, or this process may not connect to it (XAUTHORITY)",
        display_label (self));
    return FALSE;
  }
  /* The server may die while we capture: the stream ends, not the
   * process. */
  gws_x11_guard_connection (self->display);
  root = DefaultRootWindow (self->display);
  self->has_composite = XCompositeQueryExtension (self->display, &event_base,
      &error_base);
  if (!XDamageQueryExtension (self->display, &self->damage_event_base,
          &error_base))
    self->damage_event_base = 0;

  if (self->xid > G_MAXUINT32) {
    /* X ids are 29 bits; a wider one would be cut down to some other
     * window's id. */
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "Window 0x%" G_GINT64_MODIFIER "x not found on display \"%s\"\n"
        "not a valid X window id (X ids are 29 bits)", self->xid,
        display_label (self));
    return FALSE;
  } else if (self->xid) {
    self->window = (Window) self->xid;
  } else if (self->xname) {
    gws_x11_trap_errors (self->display);
    self->window = gws_x11_find_window_by_name (self->display, root,
        self->xname);
    gws_x11_untrap_errors (self->display);
    if (!self->window) {
      /* A title of bytes that are not UTF-8 would make the message so. */
      gchar *shown = g_utf8_make_valid (self->xname, -1);

      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
          "No window named \"%s\" on display \"%s\"\nno window in the "
          "tree has that exact WM_NAME or _NET_WM_NAME", shown,
          display_label (self));
      g_free (shown);
      return FALSE;
    }
  } else {
    self->window = root;
  }
  self->is_root = self->window == root;

  if (!is_capturable (self, error))
    return FALSE;
  if (!self->has_composite && !self->is_root)
    GST_ELEMENT_WARNING (self->element, RESOURCE, SETTINGS,
        ("X display \"%s\" has no Composite extension: parts of the window "
            "that other windows cover are captured as what covers them, "
            "or black", display_label (self)),
        ("without XComposite a window has no backing pixmap of its own; "
            "it is read from the screen"));
  if (!attach_window (self)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "Window 0x%lx not found on display \"%s\"\nXGetWindowAttributes "
        "failed (BadWindow): no window has this id", (gulong) self->window,
        display_label (self));
    return FALSE;
  }
  if (!self->mapped) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
        "Window 0x%lx on display \"%s\" is not visible\nthe window is "
        "unmapped (minimised, or not shown yet): an X server keeps no "
        "picture of it", (gulong) self->window, display_label (self));
    return FALSE;
  }
  if (self->show_pointer) {
    self->cursor = gws_x11_cursor_new (self->display);
    if (!self->cursor)
      GST_WARNING_OBJECT (self, "no XFixes: the pointer cannot be shown");
  }
  return TRUE;
}

static void
gws_x11_window_target_get_size (GwsCaptureTarget * target, guint * width,
    guint * height)
{
  GwsX11WindowTarget *self = GWS_X11_WINDOW_TARGET (target);

  GST_OBJECT_LOCK (self);
  *width = self->width;
  *height = self->height;
  GST_OBJECT_UNLOCK (self);
}

static void
unbind_window_pixmap (GwsX11WindowTarget * self)
{
  g_clear_pointer (&self->glx_pixmap, gws_glx_pixmap_free);
  if (self->pixmap) {
    gws_x11_trap_errors (self->display);
    XFreePixmap (self->display, self->pixmap);
    gws_x11_untrap_errors (self->display);
    self->pixmap = None;
  }
}

/* Names the redirected window's backing pixmap and learns its size. The
 * pixmap is replaced whenever the window is resized or mapped again, so
 * this runs at each of those. */
static gboolean
name_window_pixmap (GwsX11WindowTarget * self)
{
  Window root;
  gint x, y;
  guint pixmap_width = 0, pixmap_height = 0, border, depth;
  Status geometry_ok;
  gint x_error;

  unbind_window_pixmap (self);
  /* One trap, one round trip: the pixmap's own size (a resize racing
   * with us may already have made it differ from the last
   * ConfigureNotify) also says whether naming it worked. */
  gws_x11_trap_errors (self->display);
  self->pixmap = XCompositeNameWindowPixmap (self->display, self->window);
  geometry_ok = XGetGeometry (self->display, self->pixmap, &root, &x, &y,
      &pixmap_width, &pixmap_height, &border, &depth);
  x_error = gws_x11_untrap_errors (self->display);
  if (!geometry_ok || x_error || pixmap_width <= 2 * self->border
      || pixmap_height <= 2 * self->border) {
    GST_DEBUG_OBJECT (self, "could not name the window's pixmap "
        "(X error %d)", x_error);
    unbind_window_pixmap (self);
    return FALSE;
  }
  self->bound_border = self->border;
  self->bound_width = pixmap_width - 2 * self->border;
  self->bound_height = pixmap_height - 2 * self->border;
  return TRUE;
}

static gboolean
bind_window_pixmap (GwsX11WindowTarget * self, GstGLContext * context)
{
  GError *error = NULL;

  if (!name_window_pixmap (self))
    return FALSE;
  self->glx_pixmap = gws_glx_pixmap_new (context, self->pixmap, self->depth,
      &error);
  if (!self->glx_pixmap) {
    GST_WARNING_OBJECT (self, "%s", error->message);
    g_clear_error (&error);
    unbind_window_pixmap (self);
    return FALSE;
  }
  return TRUE;
}

static gboolean
ensure_shm_image (GwsX11WindowTarget * self, GError ** error)
{
  if (self->shm_image && gws_x11_shm_image_fits (self->shm_image,
          self->visual, self->depth, self->width, self->height))
    return TRUE;
  g_clear_pointer (&self->shm_image, gws_x11_shm_image_free);
  self->shm_image = gws_x11_shm_image_new (self->display, self->visual,
      self->depth, self->width, self->height, error);
  if (!self->shm_image)
    return FALSE;
  return TRUE;
}

static gboolean
can_bind_pixmaps (GwsX11WindowTarget * self, GstGLContext * context)
{
  const gchar *gl_display;

  if (self->is_root || !self->redirected)
    return FALSE;
  if (!gws_glx_pixmap_supported (context))
    return FALSE;
  /* A pixmap can only be bound by a GLX context on the same X server. */
  gl_display = gws_glx_pixmap_get_display_name (context);
  if (!gws_x11_same_server (gl_display, DisplayString (self->display))) {
    GST_INFO_OBJECT (self, "GL runs on X display \"%s\", the window on "
        "\"%s\"", gl_display, DisplayString (self->display));
    return FALSE;
  }
  return TRUE;
}

static gboolean
gws_x11_window_target_gl_start (GwsCaptureTarget * target,
    GstGLContext * context, GError ** error)
{
  GwsX11WindowTarget *self = GWS_X11_WINDOW_TARGET (target);
  gboolean want_glx;

  switch (self->method) {
    case GWS_X11_CAPTURE_XSHM:
      want_glx = FALSE;
      break;
    case GWS_X11_CAPTURE_TEXTURE_FROM_PIXMAP:
      want_glx = TRUE;
      break;
    case GWS_X11_CAPTURE_AUTO:
    default:
      /* Measured at 1080p on Mesa's llvmpipe under Xvfb: binding the
       * pixmap and drawing it costs 7.4 ms a frame into GLMemory and 3.1 ms
       * into system memory, where an XShm read costs 3.7 and 2.4 ms. */
      want_glx = !gws_gl_driver_is_software (context);
      break;
  }

  self->use_glx = want_glx && can_bind_pixmaps (self, context)
      && bind_window_pixmap (self, context);
  if (self->use_glx) {
    self->needs_rebind = FALSE;
    GST_INFO_OBJECT (self, "capture path: GLX texture-from-pixmap "
        "(GPU copy)");
    return TRUE;
  }
  if (self->method == GWS_X11_CAPTURE_TEXTURE_FROM_PIXMAP) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "capture-method=texture-from-pixmap is not possible for window 0x%lx "
        "here\nit needs a GLX context on the window's X server, "
        "GLX_EXT_texture_from_pixmap and a window, not the screen",
        (gulong) self->window);
    return FALSE;
  }
  if (!ensure_shm_image (self, error))
    return FALSE;
  GST_INFO_OBJECT (self, "capture path: %s (CPU read)%s",
      gws_x11_shm_image_uses_shm (self->shm_image) ? "XShm" : "XGetImage",
      self->method == GWS_X11_CAPTURE_AUTO && !want_glx ?
      ", chosen as faster with a software GL driver" : "");
  return TRUE;
}

/* Reads the notifications queued for the window: no round trip. */
static void
process_events (GwsX11WindowTarget * self)
{
  XWindowAttributes attrs;
  gboolean configured = FALSE;

  while (XPending (self->display)) {
    XEvent event;

    XNextEvent (self->display, &event);
    /* Any client may XSendEvent a DestroyNotify or a ConfigureNotify of
     * any size to the window: only the server's own events count. */
    if (event.xany.send_event) {
      GST_DEBUG_OBJECT (self, "ignoring a synthetic event of type %d",
          event.type);
      continue;
    }
    if (self->damage_event_base
        && event.type == self->damage_event_base + XDamageNotify) {
      self->damaged = TRUE;
      continue;
    }
    switch (event.type) {
      case DestroyNotify:
        if (event.xdestroywindow.window != self->window)
          break;
        GST_INFO_OBJECT (self, "window 0x%lx was destroyed",
            (gulong) self->window);
        self->gone = TRUE;
        break;
      case UnmapNotify:
        if (event.xunmap.window != self->window)
          break;
        GST_DEBUG_OBJECT (self, "window unmapped: repeating its last frame");
        self->mapped = FALSE;
        break;
      case MapNotify:
        /* The window, or an ancestor, shown again: a new backing pixmap. */
        if (event.xmap.window == self->window)
          self->mapped = TRUE;
        else if (!is_ancestor (self, event.xmap.window))
          break;
        self->damaged = TRUE;
        self->needs_rebind = TRUE;
        break;
      case ReparentNotify:
        /* A window manager framed the window (or unframed it). */
        if (event.xreparent.window == self->window) {
          watch_ancestors (self);
          self->damaged = TRUE;
          self->needs_rebind = TRUE;
        }
        break;
      case ConfigureNotify:
        if (event.xconfigure.window == self->window)
          configured = TRUE;
        break;
      default:
        break;
    }
  }
  /* The size from the server, as it is now, once for all the events of a
   * drag. */
  if (configured && read_attributes (self, &attrs)
      && ((guint) attrs.width != self->width
          || (guint) attrs.height != self->height
          || (guint) attrs.border_width != self->border)) {
    GST_DEBUG_OBJECT (self, "window resized to %dx%d", attrs.width,
        attrs.height);
    set_size (self, attrs.width, attrs.height, attrs.border_width);
    self->damaged = TRUE;
    self->needs_rebind = TRUE;
  }
  if (self->damaged && self->damage)
    gws_x11_damage_subtract_all (self->display, self->damage);
}

/* A window found by title that was closed may come back (an application
 * restarted): the same title on a new window is captured again. A window
 * given by id never is: ids are reused by the server for other windows. */
static gboolean
refind_window (GwsX11WindowTarget * self, GstGLContext * context)
{
  Window window;

  if (!self->xname)
    return FALSE;
  /* Found off this (GL) thread: a walk of a large tree here would stall
   * every other capture in the process (finder.c). */
  if (!self->finder) {
    self->finder = gws_x11_finder_new (self->display_name, self->xname,
        REFIND_INTERVAL);
    if (!self->finder)
      return FALSE;
  }
  window = gws_x11_finder_take (self->finder);
  if (!window)
    return FALSE;
  g_clear_pointer (&self->finder, gws_x11_finder_free);

  detach_window (self);
  unbind_window_pixmap (self);
  self->window = window;
  if (!attach_window (self))
    return FALSE;
  /* attach_window() asked for a rebind, done once the window is mapped
   * (an application often names its window before it shows it); the last
   * frame is repeated until then. */
  GST_INFO_OBJECT (self, "a window named \"%s\" is back: 0x%lx",
      self->xname, (gulong) window);
  return TRUE;
}

static gboolean
update_pointer (GwsX11WindowTarget * self, GstGLContext * context)
{
  gboolean changed = FALSE;

  if (self->cursor)
    gws_x11_cursor_update (self->cursor, context, self->window, &changed);
  return changed;
}

/* The rest of an XShm read arrives while the output stage converts the
 * first rows (GwsFrame.wait_rows). */
static guint
wait_shm_rows (const GwsFrame * frame, guint rows)
{
  GwsX11WindowTarget *self = frame->wait_data;
  guint ready = gws_x11_shm_image_wait_rows (self->shm_image,
      frame->y + rows);

  return MIN (ready - MIN (ready, frame->y), frame->height);
}

/* Starts the CPU read, from the backing pixmap where it matches the image
 * (a resize racing with us may already have replaced it). */
static gboolean
read_begin (GwsX11WindowTarget * self)
{
  guint width, height;

  gws_x11_shm_image_get_size (self->shm_image, &width, &height);
  if (self->pixmap && self->bound_width == width
      && self->bound_height == height)
    return gws_x11_shm_image_read_begin (self->shm_image, self->pixmap,
        self->bound_border, self->bound_border);
  return gws_x11_shm_image_read_begin (self->shm_image, self->window, 0, 0);
}

static GwsCaptureResult
acquire (GwsX11WindowTarget * self, GstGLContext * context, GwsFrame * frame,
    GError ** error)
{
  gboolean pointer_moved;

  process_events (self);
  if (self->gone && !refind_window (self, context))
    return GWS_CAPTURE_GONE;

  if (self->needs_rebind && self->mapped) {
    if (self->use_glx && !bind_window_pixmap (self, context)) {
      GST_WARNING_OBJECT (self, "cannot bind the window's new pixmap; "
          "falling back to XShm");
      self->use_glx = FALSE;
    }
    if (!self->use_glx && !ensure_shm_image (self, error))
      return GWS_CAPTURE_ERROR;
    /* A window is only readable where it is on the screen; its backing
     * pixmap all over, also when partly off-screen. */
    if (!self->use_glx && self->redirected && !name_window_pixmap (self))
      GST_DEBUG_OBJECT (self, "reading the window, not its pixmap");
    self->needs_rebind = FALSE;
  }

  /* Bound pixmap lost (the window came back, not yet shown): nothing new
   * to read yet. */
  if (self->use_glx && !self->glx_pixmap)
    return GWS_CAPTURE_UNCHANGED;

  pointer_moved = update_pointer (self, context);
  if (!self->damaged && !pointer_moved)
    return GWS_CAPTURE_UNCHANGED;
  /* Without DAMAGE every frame counts as changed. */
  self->damaged = self->damage == None;

  if (self->cursor)
    gws_x11_cursor_get_overlay (self->cursor, &frame->overlay);

  if (self->use_glx) {
    frame->texture = gws_glx_pixmap_bind (self->glx_pixmap);
    frame->top_down = gws_glx_pixmap_is_top_down (self->glx_pixmap);
    /* Bound as RGB, a depth-24 pixmap samples with alpha 1 already. */
    frame->force_opaque = FALSE;
    /* The pixmap includes the window's border, and stays at its old size
     * until the resized window is mapped again. */
    frame->tex_width = self->bound_width + 2 * self->bound_border;
    frame->tex_height = self->bound_height + 2 * self->bound_border;
    frame->x = frame->y = self->bound_border;
    frame->width = self->bound_width;
    frame->height = self->bound_height;
    return GWS_CAPTURE_OK;
  }

  if (!self->mapped || !read_begin (self)) {
    gws_x11_shm_image_read_finish (self->shm_image);
    /* Mapped but unreadable: gone, or resized under our feet (events
     * tell which next time). Unmapped needs no asking: DestroyNotify
     * says when it is gone. */
    if (self->mapped) {
      XWindowAttributes attrs;

      if (!read_attributes (self, &attrs)) {
        self->gone = TRUE;
        return GWS_CAPTURE_GONE;
      }
    }
    /* The element repeats its own last frame: the image's may have been
     * turned into RGBA where it lies (GwsFrame.writable). What changed is
     * still to be read, next time. */
    GST_LOG_OBJECT (self, "window not readable now");
    self->damaged = TRUE;
    return GWS_CAPTURE_UNCHANGED;
  }
  /* A plain XGetImage has it all already. */
  if (gws_x11_shm_image_uses_shm (self->shm_image)) {
    frame->wait_rows = wait_shm_rows;
    frame->wait_data = self;
  }
  /* Read for this frame alone. */
  frame->writable = TRUE;
  frame->data = gws_x11_shm_image_get_data (self->shm_image);
  frame->memory = gws_x11_shm_image_get_memory (self->shm_image);
  frame->stride = gws_x11_shm_image_get_stride (self->shm_image);
  gws_x11_shm_image_get_size (self->shm_image, &frame->width, &frame->height);
  frame->bgrx = TRUE;
  frame->top_down = TRUE;
  frame->force_opaque = gws_x11_shm_image_get_depth (self->shm_image) != 32;
  return GWS_CAPTURE_OK;
}

/* The display GL runs on, when it is an X connection (GLX). */
static Display *
gl_x11_display (GstGLContext * context)
{
  GstGLDisplay *display = gst_gl_context_get_display (context);
  Display *x_display = NULL;

  if (gst_gl_display_get_handle_type (display) & GST_GL_DISPLAY_TYPE_X11)
    x_display = (Display *) gst_gl_display_get_handle (display);
  gst_object_unref (display);
  return x_display;
}

/* Whether the connection to the window's X server, or GL's (another
 * connection, also to the window's server, or to another one), broke.
 * Either way nothing will come from this window again: GONE with @error
 * set, which the element takes as gone for good. */
static gboolean
check_lost (GwsX11WindowTarget * self, GstGLContext * context,
    GError ** error)
{
  Display *gl_display;

  if (!self->lost && gws_x11_connection_lost (self->display)) {
    GST_WARNING_OBJECT (self, "the connection to X display \"%s\" broke",
        display_label (self));
    self->lost = TRUE;
  }
  if (self->lost) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "Lost the connection to X display \"%s\"\nXlib reported a fatal "
        "I/O error on it: the X server exited or was killed, closed the "
        "connection, or the network failed", display_label (self));
    return TRUE;
  }
  gl_display = gl_x11_display (context);
  if (gl_display && gl_display != self->display
      && gws_x11_connection_lost (gl_display)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "Lost GL's connection to X display \"%s\"\nXlib reported a fatal "
        "I/O error on GStreamer's GL display connection; the window is on "
        "\"%s\"", DisplayString (gl_display), display_label (self));
    return TRUE;
  }
  return FALSE;
}

static GwsCaptureResult
gws_x11_window_target_acquire (GwsCaptureTarget * target,
    GstGLContext * context, GstClockTime timestamp, GwsFrame * frame,
    GError ** error)
{
  GwsX11WindowTarget *self = GWS_X11_WINDOW_TARGET (target);
  GwsCaptureResult result;

  if (check_lost (self, context, error))
    return GWS_CAPTURE_GONE;
  result = acquire (self, context, frame, error);
  /* The connection can break in any request on the way; what the request
   * said then (a window not readable, gone) is not why. */
  if (result != GWS_CAPTURE_OK && check_lost (self, context, NULL)) {
    if (result == GWS_CAPTURE_ERROR)
      g_clear_error (error);
    check_lost (self, context, error);
    return GWS_CAPTURE_GONE;
  }
  return result;
}

static void
gws_x11_window_target_release (GwsCaptureTarget * target,
    GstGLContext * context, GwsFrame * frame)
{
  GwsX11WindowTarget *self = GWS_X11_WINDOW_TARGET (target);

  if (self->glx_pixmap && frame->texture)
    gws_glx_pixmap_release (self->glx_pixmap);
  /* A band lost half-way is black in the frame sent: read the whole
   * window again next time. */
  if (self->shm_image) {
    if (!gws_x11_shm_image_read_finish (self->shm_image)) {
      GST_DEBUG_OBJECT (self, "part of the window could not be read");
      self->damaged = TRUE;
    }
  }
}

static void
gws_x11_window_target_invalidate (GwsCaptureTarget * target)
{
  GWS_X11_WINDOW_TARGET (target)->damaged = TRUE;
}

static void
gws_x11_window_target_gl_stop (GwsCaptureTarget * target,
    GstGLContext * context)
{
  GwsX11WindowTarget *self = GWS_X11_WINDOW_TARGET (target);

  unbind_window_pixmap (self);
  /* Waits for a read still arriving. */
  g_clear_pointer (&self->shm_image, gws_x11_shm_image_free);
  gws_x11_cursor_free (self->cursor, context);
  self->cursor = NULL;
}

static void
gws_x11_window_target_close (GwsCaptureTarget * target)
{
  GwsX11WindowTarget *self = GWS_X11_WINDOW_TARGET (target);

  g_clear_pointer (&self->finder, gws_x11_finder_free);
  if (!self->display)
    return;
  /* Nothing to undo on a server that is gone. */
  if (self->window && !gws_x11_connection_lost (self->display))
    detach_window (self);
  /* gl_stop() frees the cursor's texture when GL ran; not otherwise. */
  gws_x11_cursor_free (self->cursor, NULL);
  self->cursor = NULL;
  /* Safe on a broken connection: Xlib sends nothing more, and frees it.
   * Still guarded: this may be the first call to find it broken. */
  XCloseDisplay (self->display);
  gws_x11_unguard_connection (self->display);
  self->display = NULL;
  self->lost = FALSE;
}

static void
gws_x11_window_target_finalize (GObject * object)
{
  GwsX11WindowTarget *self = GWS_X11_WINDOW_TARGET (object);

  g_free (self->display_name);
  g_free (self->xname);
  g_array_unref (self->ancestors);
  gws_x11_input_free (self->input);
  G_OBJECT_CLASS (gws_x11_window_target_parent_class)->finalize (object);
}

static void
gws_x11_window_target_navigate (GwsCaptureTarget * target,
    const GstStructure * event)
{
  GwsX11WindowTarget *self = GWS_X11_WINDOW_TARGET (target);

  if (self->input)
    gws_x11_input_navigate (self->input, self->window, event);
}

/* Bound as a texture (texture-from-pixmap), or read on the CPU (XShm). */
static gboolean
gws_x11_window_target_pictures_on_gpu (GwsCaptureTarget * target)
{
  return GWS_X11_WINDOW_TARGET (target)->use_glx;
}

static void
gws_x11_window_target_class_init (GwsX11WindowTargetClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GwsCaptureTargetClass *target_class = GWS_CAPTURE_TARGET_CLASS (klass);

  gobject_class->finalize = gws_x11_window_target_finalize;
  target_class->open = gws_x11_window_target_open;
  target_class->get_size = gws_x11_window_target_get_size;
  target_class->gl_start = gws_x11_window_target_gl_start;
  target_class->acquire = gws_x11_window_target_acquire;
  target_class->release = gws_x11_window_target_release;
  target_class->pictures_on_gpu = gws_x11_window_target_pictures_on_gpu;
  target_class->invalidate = gws_x11_window_target_invalidate;
  target_class->gl_stop = gws_x11_window_target_gl_stop;
  target_class->close = gws_x11_window_target_close;
  target_class->navigate = gws_x11_window_target_navigate;

  GST_DEBUG_CATEGORY_INIT (gws_x11_window_target_debug, "glwindowsrc-x11", 0,
      "glwindowsrc X11 window and screen capture");
}

static void
gws_x11_window_target_init (GwsX11WindowTarget * self)
{
  self->ancestors = g_array_new (FALSE, FALSE, sizeof (Window));
}

GwsCaptureTarget *
gws_x11_window_target_new (const GwsX11Settings * settings,
    GstElement * element)
{
  GwsX11WindowTarget *self = g_object_new (GWS_TYPE_X11_WINDOW_TARGET, NULL);

  gst_object_ref_sink (self);
  self->element = element;
  self->display_name = g_strdup (settings->display_name);
  self->xid = settings->xid;
  self->xname = g_strdup (settings->xname);
  self->use_damage = settings->use_damage;
  self->show_pointer = settings->show_pointer;
  self->method = settings->method;
  if (settings->navigate)
    self->input = gws_x11_input_new (self->display_name);
  return GWS_CAPTURE_TARGET (self);
}
