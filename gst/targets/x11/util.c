/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "targets/x11/util.h"

#include <string.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>
#include <X11/Xlib-xcb.h>
#include <xcb/xcb.h>
#include <xcb/damage.h>

/* Xlib's error handler is process-wide, so traps are serialised; and it
 * sees every display's errors, so only the trapped display's are kept:
 * another connection's (the application's own, GstGL's) still reach the
 * handler that was there before, as if no trap were set. */
static GMutex trap_lock;
static Display *trapped_display;
static gint trapped_error_code;
static XErrorHandler previous_handler;

static int
record_error (Display * display, XErrorEvent * event)
{
  if (display != trapped_display)
    return previous_handler ? previous_handler (display, event) : 0;
  if (!trapped_error_code)
    trapped_error_code = event->error_code;
  return 0;
}

void
gws_x11_trap_errors (Display * display)
{
  g_mutex_lock (&trap_lock);
  trapped_display = display;
  trapped_error_code = 0;
  previous_handler = XSetErrorHandler (record_error);
}

gint
gws_x11_untrap_errors (Display * display)
{
  gint code;

  g_warn_if_fail (display == trapped_display);
  XSync (display, False);
  XSetErrorHandler (previous_handler);
  code = trapped_error_code;
  trapped_display = NULL;
  g_mutex_unlock (&trap_lock);
  return code;
}

/* Xlib's I/O error path has two steps: the process-wide handler
 * (XSetIOErrorHandler), whose default prints a line and calls exit(), then
 * the connection's own exit handler (XSetIOErrorExitHandler, libX11 1.7),
 * whose default calls exit() too. For a connection of ours both return:
 * the handler installed here (once, chaining to the one before) returns
 * for our connections only and passes every other one on, so the
 * application's connections end as they always did; and our exit handler
 * only notes the loss. Xlib marks the connection dead before either runs,
 * so every later call on it fails at once instead of reaching the server. */
static GMutex guard_lock;
/* Display * -> GINT_TO_POINTER (lost) */
static GHashTable *guarded;
static XIOErrorHandler previous_io_handler;

static gboolean
is_guarded (Display * display)
{
  gboolean ours;

  g_mutex_lock (&guard_lock);
  ours = guarded && g_hash_table_contains (guarded, display);
  g_mutex_unlock (&guard_lock);
  return ours;
}

static int
io_error (Display * display)
{
  if (is_guarded (display))
    return 0;
  return previous_io_handler (display);
}

static void
io_error_exit (Display * display, void *user_data)
{
  g_mutex_lock (&guard_lock);
  if (guarded && g_hash_table_contains (guarded, display))
    g_hash_table_insert (guarded, display, GINT_TO_POINTER (TRUE));
  g_mutex_unlock (&guard_lock);
  /* Xlib takes the display's user lock (XLockDisplay's) for the exit it
   * expects and never gives it back: any other thread's next call on the
   * connection, XCloseDisplay included, would wait for ever. */
  XUnlockDisplay (display);
}

void
gws_x11_guard_connection (Display * display)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed)) {
    /* Never NULL: Xlib hands back its default when none was set. */
    previous_io_handler = XSetIOErrorHandler (io_error);
    g_once_init_leave (&installed, 1);
  }
  g_mutex_lock (&guard_lock);
  if (!guarded)
    guarded = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (guarded, display, GINT_TO_POINTER (FALSE));
  g_mutex_unlock (&guard_lock);
  XSetIOErrorExitHandler (display, io_error_exit, NULL);
}

void
gws_x11_unguard_connection (Display * display)
{
  g_mutex_lock (&guard_lock);
  if (guarded)
    g_hash_table_remove (guarded, display);
  g_mutex_unlock (&guard_lock);
}

gboolean
gws_x11_connection_lost (Display * display)
{
  gboolean lost;

  g_mutex_lock (&guard_lock);
  lost = guarded && GPOINTER_TO_INT (g_hash_table_lookup (guarded, display));
  g_mutex_unlock (&guard_lock);
  return lost;
}

/* XDamageSubtract (@display, @damage, None, None) without the round trip a
 * trap costs on every frame: sent through XCB as a checked request whose
 * error, if any (the window, and with it @damage, destroyed meanwhile), is
 * dropped there instead of reaching Xlib's handler. */
void
gws_x11_damage_subtract_all (Display * display, XID damage)
{
  xcb_connection_t *connection = XGetXCBConnection (display);
  xcb_void_cookie_t cookie =
      xcb_damage_subtract_checked (connection, damage, XCB_NONE, XCB_NONE);

  xcb_discard_reply (connection, cookie.sequence);
  /* Sent now, so that what is drawn after the capture that follows is
   * not subtracted with it. */
  xcb_flush (connection);
}

static gchar *
get_net_wm_name (Display * display, Window window, Atom net_wm_name,
    Atom utf8_string)
{
  Atom type = None;
  gint format = 0;
  unsigned long n_items = 0, bytes_after = 0;
  guchar *data = NULL;
  gchar *name = NULL;

  /* The whole title: a title cut at 1024 words (4 KiB) could match a
   * shorter name it merely starts with. The length is in 32-bit words. */
  if (XGetWindowProperty (display, window, net_wm_name, 0, G_MAXINT32 / 4,
          False, utf8_string, &type, &format, &n_items, &bytes_after,
          &data) == Success && data && type == utf8_string && format == 8
      && !bytes_after)
    name = g_strndup ((const gchar *) data, n_items);
  if (data)
    XFree (data);
  return name;
}

gboolean
gws_x11_title_is (const gchar * bytes, gsize length, const gchar * name)
{
  gchar *utf8;
  gboolean same;

  if (g_utf8_validate (bytes, length, NULL))
    return strlen (name) == length && memcmp (bytes, name, length) == 0;
  /* ICCCM's WM_NAME of type STRING is Latin-1. */
  utf8 = g_convert (bytes, length, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  same = utf8 && strcmp (utf8, name) == 0;
  g_free (utf8);
  return same;
}

static gboolean
window_has_name (Display * display, Window window, const gchar * name,
    Atom net_wm_name, Atom utf8_string)
{
  gchar *wm_name = NULL;
  gchar *net_name;
  gboolean match = FALSE;

  if (XFetchName (display, window, &wm_name) && wm_name) {
    match = gws_x11_title_is (wm_name, strlen (wm_name), name);
    XFree (wm_name);
  }
  if (!match && (net_name = get_net_wm_name (display, window, net_wm_name,
              utf8_string))) {
    match = strcmp (net_name, name) == 0;
    g_free (net_name);
  }
  return match;
}

/* Breadth first, so a top-level window wins over a child that happens to
 * carry the same title. Windows may vanish during the walk: the caller
 * traps errors around it. */
Window
gws_x11_find_window_by_name (Display * display, Window root, const gchar * name)
{
  GQueue queue = G_QUEUE_INIT;
  Window found = None;
  /* Interned once per search, not once per window: each is a round trip. */
  Atom net_wm_name = XInternAtom (display, "_NET_WM_NAME", False);
  Atom utf8_string = XInternAtom (display, "UTF8_STRING", False);

  g_queue_push_tail (&queue, GUINT_TO_POINTER ((guint) root));
  while (!g_queue_is_empty (&queue)) {
    Window window = GPOINTER_TO_UINT (g_queue_pop_head (&queue));
    Window root_return, parent_return, *children = NULL;
    unsigned int n_children = 0, i;

    if (window != root && window_has_name (display, window, name,
            net_wm_name, utf8_string)) {
      found = window;
      break;
    }
    if (!XQueryTree (display, window, &root_return, &parent_return,
            &children, &n_children))
      continue;
    for (i = 0; i < n_children; i++)
      g_queue_push_tail (&queue, GUINT_TO_POINTER ((guint) children[i]));
    if (children)
      XFree (children);
  }
  g_queue_clear (&queue);
  return found;
}

/* "host:display.screen" names the same server as "host:display". */
static gchar *
server_part (const gchar * name)
{
  const gchar *colon = strrchr (name, ':');
  const gchar *dot;

  if (!colon)
    return g_strdup (name);
  dot = strchr (colon, '.');
  return dot ? g_strndup (name, dot - name) : g_strdup (name);
}

gboolean
gws_x11_same_server (const gchar * name_a, const gchar * name_b)
{
  gchar *a, *b;
  gboolean same;

  if (!name_a || !name_b)
    return FALSE;
  a = server_part (name_a);
  b = server_part (name_b);
  /* "unix:0" and ":0" are the same local server. */
  same = strcmp (g_str_has_prefix (a, "unix:") ? a + 4 : a,
      g_str_has_prefix (b, "unix:") ? b + 4 : b) == 0;
  g_free (a);
  g_free (b);
  return same;
}
