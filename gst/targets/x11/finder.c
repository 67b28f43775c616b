/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Finds a window by title in a thread of its own. A tree walk with one
 * round trip per request costs about three a window (a second for 30,000
 * windows) and, done on the GL thread under Xlib's process-wide error trap,
 * it stalled every other capture in the process. Here the requests of a
 * whole level of the tree are sent before their replies are read, on a
 * connection nobody else uses, and errors (a window gone meanwhile) come
 * back in the replies, so no trap and no shared lock is needed. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "targets/x11/finder.h"
#include "targets/x11/util.h"

#include <string.h>
#include <xcb/xcb.h>

/* Whole titles, however long (a WM_NAME is not cut at 4 KiB). */
#define MAX_TITLE_WORDS (1 << 20)
/* Requests in flight at once: enough to hide the round trips, few enough
 * that the server's replies waiting for us stay small. */
#define BATCH 512

struct _GwsX11Finder
{
  xcb_connection_t *connection;
  xcb_window_t root;
  xcb_atom_t net_wm_name;
  gchar *title;
  gint64 interval_us;

  GThread *thread;
  GMutex lock;
  GCond cond;
  gboolean stopping;
  guint32 found;
};

static xcb_atom_t
intern (xcb_connection_t * connection, const gchar * name)
{
  xcb_intern_atom_reply_t *reply = xcb_intern_atom_reply (connection,
      xcb_intern_atom (connection, FALSE, strlen (name), name), NULL);
  xcb_atom_t atom = reply ? reply->atom : XCB_ATOM_NONE;

  free (reply);
  return atom;
}

static gboolean
property_is (xcb_connection_t * connection, xcb_get_property_cookie_t cookie,
    const gchar * title)
{
  xcb_get_property_reply_t *reply =
      xcb_get_property_reply (connection, cookie, NULL);
  gboolean match = FALSE;

  if (reply && reply->format == 8 && !reply->bytes_after)
    match = gws_x11_title_is (xcb_get_property_value (reply),
        xcb_get_property_value_length (reply), title);
  free (reply);
  return match;
}

/* Asks for the titles and children of @n windows at once, then reads the
 * replies: the first window titled so, or 0; the children go to @next. */
static guint32
search_batch (GwsX11Finder * finder, const xcb_window_t * windows, guint n,
    GArray * next)
{
  xcb_connection_t *c = finder->connection;
  xcb_query_tree_cookie_t trees[BATCH];
  xcb_get_property_cookie_t names[2 * BATCH];
  guint32 found = 0;
  guint i;

  for (i = 0; i < n; i++) {
    names[2 * i] = xcb_get_property (c, FALSE, windows[i], XCB_ATOM_WM_NAME,
        XCB_GET_PROPERTY_TYPE_ANY, 0, MAX_TITLE_WORDS);
    names[2 * i + 1] = xcb_get_property (c, FALSE, windows[i],
        finder->net_wm_name, XCB_GET_PROPERTY_TYPE_ANY, 0, MAX_TITLE_WORDS);
    trees[i] = xcb_query_tree (c, windows[i]);
  }
  /* Every reply is read, found or not: XCB keeps the rest otherwise. */
  for (i = 0; i < n; i++) {
    xcb_query_tree_reply_t *tree;
    gboolean match;

    match = property_is (c, names[2 * i], finder->title);
    match |= property_is (c, names[2 * i + 1], finder->title);
    if (match && windows[i] != finder->root && !found)
      found = windows[i];
    tree = xcb_query_tree_reply (c, trees[i], NULL);
    if (tree)
      g_array_append_vals (next, xcb_query_tree_children (tree),
          xcb_query_tree_children_length (tree));
    free (tree);
  }
  return found;
}

/* Breadth first, a level at a time, so that a top-level window wins over
 * a child with the same title (as the lookup at start). */
static guint32
search (GwsX11Finder * finder)
{
  GArray *level = g_array_new (FALSE, FALSE, sizeof (xcb_window_t));
  guint32 found = 0;

  g_array_append_val (level, finder->root);
  while (level->len && !found && !g_atomic_int_get (&finder->stopping)) {
    GArray *next = g_array_new (FALSE, FALSE, sizeof (xcb_window_t));
    guint start;

    for (start = 0; start < level->len && !found; start += BATCH)
      found = search_batch (finder, &g_array_index (level, xcb_window_t,
              start), MIN (BATCH, level->len - start), next);
    g_array_free (level, TRUE);
    level = next;
  }
  g_array_free (level, TRUE);
  return found;
}

static gpointer
run (GwsX11Finder * finder)
{
  g_mutex_lock (&finder->lock);
  while (!finder->stopping) {
    guint32 found;
    gint64 until;

    g_mutex_unlock (&finder->lock);
    found = xcb_connection_has_error (finder->connection) ? 0 :
        search (finder);
    g_mutex_lock (&finder->lock);
    if (found)
      finder->found = found;
    until = g_get_monotonic_time () + finder->interval_us;
    while (!finder->stopping && g_cond_wait_until (&finder->cond,
            &finder->lock, until));
  }
  g_mutex_unlock (&finder->lock);
  return NULL;
}

GwsX11Finder *
gws_x11_finder_new (const gchar * display_name, const gchar * title,
    gint64 interval_us)
{
  GwsX11Finder *finder;
  xcb_connection_t *connection;
  int screen_number = 0;
  xcb_screen_iterator_t screens;

  connection = xcb_connect (display_name, &screen_number);
  if (xcb_connection_has_error (connection)) {
    xcb_disconnect (connection);
    return NULL;
  }
  screens = xcb_setup_roots_iterator (xcb_get_setup (connection));
  for (; screen_number > 0 && screens.rem; screen_number--)
    xcb_screen_next (&screens);

  finder = g_new0 (GwsX11Finder, 1);
  finder->connection = connection;
  finder->root = screens.data->root;
  finder->net_wm_name = intern (connection, "_NET_WM_NAME");
  finder->title = g_strdup (title);
  finder->interval_us = interval_us;
  g_mutex_init (&finder->lock);
  g_cond_init (&finder->cond);
  finder->thread = g_thread_new ("glwindowsrc-find",
      (GThreadFunc) run, finder);
  return finder;
}

guint32
gws_x11_finder_take (GwsX11Finder * finder)
{
  guint32 found;

  g_mutex_lock (&finder->lock);
  found = finder->found;
  finder->found = 0;
  g_mutex_unlock (&finder->lock);
  return found;
}

void
gws_x11_finder_free (GwsX11Finder * finder)
{
  if (!finder)
    return;
  g_mutex_lock (&finder->lock);
  finder->stopping = TRUE;
  g_cond_signal (&finder->cond);
  g_mutex_unlock (&finder->lock);
  g_thread_join (finder->thread);
  xcb_disconnect (finder->connection);
  g_mutex_clear (&finder->lock);
  g_cond_clear (&finder->cond);
  g_free (finder->title);
  g_free (finder);
}
