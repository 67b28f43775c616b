/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The X11 targets' settings: the window and the screen rows of the target
 * table, their properties and their docs. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "targets/x11/settings.h"
#include "targets/x11/window.h"

#include <string.h>

#define DEFAULT_DISPLAY_NAME NULL
#define DEFAULT_XID 0
#define DEFAULT_XNAME NULL
#define DEFAULT_USE_DAMAGE TRUE
#define DEFAULT_SHOW_POINTER FALSE
#define DEFAULT_CAPTURE_METHOD GWS_X11_CAPTURE_AUTO
#define DEFAULT_ENABLE_NAVIGATION_EVENTS FALSE

static GType
capture_method_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GWS_X11_CAPTURE_AUTO,
        "Texture-from-pixmap on a GPU, XShm on a software GL driver (where "
          "it measures faster)", "auto"},
    {GWS_X11_CAPTURE_TEXTURE_FROM_PIXMAP,
          "Bind the window's pixmap as a GL texture (GLX)",
        "texture-from-pixmap"},
    {GWS_X11_CAPTURE_XSHM, "Read the window on the CPU (MIT-SHM)", "xshm"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType tmp = g_enum_register_static ("GstGLWindowSrcCaptureMethod",
        values);
    gst_type_mark_as_plugin_api (tmp, 0);
    g_once_init_leave (&type, tmp);
  }
  return type;
}

/* The window and the screen share them all but xid and xname, which are
 * the window's; the element installs a shared one once. */
static GParamSpec *
display_name_spec (void)
{
  /**
   * GstGLWindowSrc:display-name:
   *
   * The X display to capture from; NULL: $DISPLAY.
   */
  return g_param_spec_string ("display-name", "Display name",
      "X display to capture from (default: $DISPLAY)", DEFAULT_DISPLAY_NAME,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
}

static GParamSpec *
use_damage_spec (void)
{
  /**
   * GstGLWindowSrc:use-damage:
   *
   * Use the X DAMAGE extension: a frame in which the window did not change
   * is not copied again; the previous frame is sent (or nothing, with
   * #GstGLWindowSrc:skip-unchanged).
   */
  return g_param_spec_boolean ("use-damage", "Use damage",
      "Copy a window only when it changed (X DAMAGE)", DEFAULT_USE_DAMAGE,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
}

static GParamSpec *
show_pointer_spec (void)
{
  /**
   * GstGLWindowSrc:show-pointer:
   *
   * Blend the mouse pointer's image (XFixes) into the frame where it is.
   * Off by default: the picture is what the application rendered.
   */
  return g_param_spec_boolean ("show-pointer", "Show pointer",
      "Draw the mouse pointer into the frame", DEFAULT_SHOW_POINTER,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
}

static GParamSpec *
capture_method_spec (void)
{
  /**
   * GstGLWindowSrc:capture-method:
   *
   * How an X11 window is read. `texture-from-pixmap` binds its composite
   * pixmap as a texture in the pipeline's GLX context: with a GPU, a GPU
   * copy and no CPU work. `xshm` reads it on the CPU. `auto` takes
   * texture-from-pixmap on a hardware GL driver and xshm on a software one
   * (llvmpipe), where drawing every pixel costs more than the CPU read;
   * and xshm wherever pixmaps cannot be bound (EGL, the root window).
   */
  return g_param_spec_enum ("capture-method", "Capture method",
      "How an X11 window is read", capture_method_get_type (),
      DEFAULT_CAPTURE_METHOD,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
}

static GParamSpec *
enable_navigation_events_spec (void)
{
  /**
   * GstGLWindowSrc:enable-navigation-events:
   *
   * Inject the navigation events that come upstream (pointer moves,
   * buttons, the wheel, keys: from a viewer's browser, glimagesink's
   * window) into the captured window, with XTest, the pointer mapped from
   * the video's pixels to the window's. XTest input is the server's own:
   * it goes to whatever is on top at that place, keys to the window that
   * has the focus. Off by default: a viewer drives nothing.
   */
  return g_param_spec_boolean ("enable-navigation-events",
      "Enable navigation events",
      "Inject upstream navigation events (pointer, keys) into the window "
      "(XTest)", DEFAULT_ENABLE_NAVIGATION_EVENTS,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
}

static GParamSpec *shared_specs[6];

static void
make_shared_specs (void)
{
  static gsize made = 0;

  if (g_once_init_enter (&made)) {
    shared_specs[0] = display_name_spec ();
    shared_specs[1] = use_damage_spec ();
    shared_specs[2] = show_pointer_spec ();
    shared_specs[3] = capture_method_spec ();
    shared_specs[4] = enable_navigation_events_spec ();
    shared_specs[5] = NULL;
    g_once_init_leave (&made, 1);
  }
}

static GParamSpec **
window_properties (void)
{
  static GParamSpec *specs[8];
  static gsize made = 0;

  if (g_once_init_enter (&made)) {
    make_shared_specs ();
    /**
     * GstGLWindowSrc:xid:
     *
     * The X window to capture, by id. An id that names no window is an
     * error, never a fallback to the screen.
     */
    specs[0] = g_param_spec_uint64 ("xid", "Window id",
        "X window to capture, by id (0: none)", 0, G_MAXUINT64, DEFAULT_XID,
        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    /**
     * GstGLWindowSrc:xname:
     *
     * The X window to capture, by its exact title (WM_NAME or
     * _NET_WM_NAME). Used when #GstGLWindowSrc:xid is 0. A title that
     * matches no window is an error, never a fallback to the screen.
     */
    specs[1] = g_param_spec_string ("xname", "Window name",
        "X window to capture, by its exact title", DEFAULT_XNAME,
        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    memcpy (specs + 2, shared_specs, sizeof (shared_specs));
    g_once_init_leave (&made, 1);
  }
  return specs;
}

static GParamSpec **
screen_properties (void)
{
  make_shared_specs ();
  return shared_specs;
}

static gboolean
window_claims (const GstStructure * settings)
{
  guint64 xid = 0;

  return (gst_structure_get_uint64 (settings, "xid", &xid) && xid)
      || gst_structure_get_string (settings, "xname");
}

/* The settings a target of either row is made with. */
static GwsCaptureTarget *
create (const GstStructure * settings, guint64 xid, const gchar * xname,
    GstElement * element)
{
  GwsX11Settings x11 = {
    .display_name = gst_structure_get_string (settings, "display-name"),
    .xid = xid,
    .xname = xname,
    .use_damage = DEFAULT_USE_DAMAGE,
    .show_pointer = DEFAULT_SHOW_POINTER,
    .navigate = DEFAULT_ENABLE_NAVIGATION_EVENTS,
  };
  gint method = DEFAULT_CAPTURE_METHOD;

  gst_structure_get_boolean (settings, "use-damage", &x11.use_damage);
  gst_structure_get_boolean (settings, "show-pointer", &x11.show_pointer);
  gst_structure_get_enum (settings, "capture-method",
      capture_method_get_type (), &method);
  x11.method = method;
  gst_structure_get_boolean (settings, "enable-navigation-events",
      &x11.navigate);
  return gws_x11_window_target_new (&x11, element);
}

static GwsCaptureTarget *
window_create (const GstStructure * settings, GstElement * element,
    GError ** error)
{
  guint64 xid = 0;
  const gchar *xname = gst_structure_get_string (settings, "xname");

  gst_structure_get_uint64 (settings, "xid", &xid);
  if (!xid && !xname) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "target=window needs the xid or xname property\n"
        "both are unset, and the window target never falls back to the "
        "screen");
    return NULL;
  }
  return create (settings, xid, xname, element);
}

/* The screen is the root window: no id, no title to look for. */
static GwsCaptureTarget *
screen_create (const GstStructure * settings, GstElement * element,
    GError ** error)
{
  return create (settings, 0, NULL, element);
}

const GwsTargetInfo gws_x11_window_target_info = {
  .nick = "window",
  .description = "An X11 window (xid or xname)",
  .create = window_create,
  .properties = window_properties,
  .claims = window_claims,
};

const GwsTargetInfo gws_x11_screen_target_info = {
  .nick = "screen",
  .description = "The whole X11 screen",
  .create = screen_create,
  .properties = screen_properties,
  .fallback = TRUE,
};
