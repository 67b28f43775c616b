/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Input from a viewer, as GstNavigation events that travelled upstream to
 * the source (a browser view, glimagesink's window), injected into the
 * captured window with XTest, as newer ximagesrc does.
 *
 * XTest input is the server's own: it goes where real input would, so the
 * pointer lands on whatever is on top at that place of the screen and keys
 * go to the window that has the focus (with no window manager, the one
 * under the pointer). Synthetic events sent to the window alone
 * (XSendEvent) would be marked send_event, which many toolkits ignore.
 *
 * Navigation events come on whatever thread sends them upstream, while the
 * target's own connection belongs to the GL thread: input has a connection
 * of its own, under its own lock. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "targets/x11/input.h"
#include "targets/x11/util.h"

#include <string.h>
#include <X11/keysym.h>
#include <X11/extensions/XTest.h>

GST_DEBUG_CATEGORY_STATIC (gws_x11_input_debug);
#define GST_CAT_DEFAULT gws_x11_input_debug

struct _GwsX11Input
{
  GMutex lock;
  gchar *display_name;
  Display *display;
  /* The connection or XTest was missing: said once, not tried again. */
  gboolean failed;
};

GwsX11Input *
gws_x11_input_new (const gchar * display_name)
{
  GwsX11Input *input = g_new0 (GwsX11Input, 1);

  GST_DEBUG_CATEGORY_INIT (gws_x11_input_debug, "glwindowsrc-input", 0,
      "glwindowsrc navigation events injected with XTest");
  g_mutex_init (&input->lock);
  input->display_name = g_strdup (display_name);
  return input;
}

void
gws_x11_input_free (GwsX11Input * input)
{
  if (!input)
    return;
  if (input->display)
    XCloseDisplay (input->display);
  g_mutex_clear (&input->lock);
  g_free (input->display_name);
  g_free (input);
}

static gboolean
ensure_display (GwsX11Input * input)
{
  int event_base, error_base, major, minor;

  if (input->display || input->failed)
    return input->display != NULL;
  input->display = XOpenDisplay (input->display_name);
  if (!input->display) {
    GST_WARNING ("navigation: cannot open X display \"%s\"; input is "
        "dropped", input->display_name ? input->display_name : "$DISPLAY");
    input->failed = TRUE;
    return FALSE;
  }
  if (!XTestQueryExtension (input->display, &event_base, &error_base,
          &major, &minor)) {
    GST_WARNING ("navigation: the X server of \"%s\" has no XTest "
        "extension; input is dropped", DisplayString (input->display));
    XCloseDisplay (input->display);
    input->display = NULL;
    input->failed = TRUE;
    return FALSE;
  }
  return TRUE;
}

/* A GStreamer key name: an X keysym name ("Return", "Left", "a"), or one
 * character, which is its own keysym (Latin-1) or a Unicode keysym. */
static KeySym
key_to_keysym (const gchar * key)
{
  KeySym sym;
  gunichar c;

  if (!key || !*key)
    return NoSymbol;
  sym = XStringToKeysym (key);
  if (sym != NoSymbol)
    return sym;
  c = g_utf8_get_char_validated (key, -1);
  if (c == (gunichar) - 1 || c == (gunichar) - 2
      || *g_utf8_next_char (key) != '\0')
    return NoSymbol;
  if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff))
    return c;
  return 0x01000000 | c;
}

/* Where (x, y) of @window is on its root window, asked each time (the
 * window may have moved); FALSE when the window is gone (the caller traps
 * the error). */
static gboolean
to_root (Display * display, Window window, gdouble x, gdouble y,
    gint * root_x, gint * root_y)
{
  Window child;

  return XTranslateCoordinates (display, window, DefaultRootWindow (display),
      (gint) x, (gint) y, root_x, root_y, &child);
}

static void
inject (Display * display, Window window, const GstStructure * event)
{
  const gchar *type = gst_structure_get_string (event, "event");
  gdouble x = 0, y = 0;
  gint root_x, root_y, button = 0;

  if (!type)
    return;
  if (g_str_has_prefix (type, "key-")) {
    const gchar *key = gst_structure_get_string (event, "key");
    KeySym sym = key_to_keysym (key);
    KeyCode code = sym != NoSymbol ? XKeysymToKeycode (display, sym) : 0;

    if (!code) {
      GST_DEBUG ("navigation: no key makes \"%s\"", key ? key : "");
      return;
    }
    XTestFakeKeyEvent (display, code, g_str_equal (type, "key-press"),
        CurrentTime);
    return;
  }
  if (!g_str_has_prefix (type, "mouse-")
      || !gst_structure_get_double (event, "pointer_x", &x)
      || !gst_structure_get_double (event, "pointer_y", &y)
      || !to_root (display, window, x, y, &root_x, &root_y))
    return;
  XTestFakeMotionEvent (display, -1, root_x, root_y, CurrentTime);
  if (g_str_equal (type, "mouse-button-press")
      || g_str_equal (type, "mouse-button-release")) {
    if (gst_structure_get_int (event, "button", &button) && button > 0)
      XTestFakeButtonEvent (display, button,
          g_str_equal (type, "mouse-button-press"), CurrentTime);
  } else if (g_str_equal (type, "mouse-scroll")) {
    gdouble dx = 0, dy = 0;
    gint steps;

    /* X's wheel is buttons: 4 up, 5 down, 6 left, 7 right, a click each
     * step; GStreamer's positive deltas are up and left (glimagesink). */
    gst_structure_get_double (event, "delta_pointer_x", &dx);
    gst_structure_get_double (event, "delta_pointer_y", &dy);
    for (steps = 0; steps < 10 && (dy >= 0.5 || dy <= -0.5); steps++) {
      button = dy > 0 ? 4 : 5;
      XTestFakeButtonEvent (display, button, True, CurrentTime);
      XTestFakeButtonEvent (display, button, False, CurrentTime);
      dy += dy > 0 ? -1 : 1;
    }
    for (steps = 0; steps < 10 && (dx >= 0.5 || dx <= -0.5); steps++) {
      button = dx > 0 ? 6 : 7;
      XTestFakeButtonEvent (display, button, True, CurrentTime);
      XTestFakeButtonEvent (display, button, False, CurrentTime);
      dx += dx > 0 ? -1 : 1;
    }
  }
}

void
gws_x11_input_navigate (GwsX11Input * input, Window window,
    const GstStructure * event)
{
  g_mutex_lock (&input->lock);
  if (window && ensure_display (input)) {
    GST_LOG ("navigation into window 0x%lx: %" GST_PTR_FORMAT, window,
        event);
    gws_x11_trap_errors (input->display);
    inject (input->display, window, event);
    gws_x11_untrap_errors (input->display);
  }
  g_mutex_unlock (&input->lock);
}
