/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The X error trap: it keeps the errors of the display it traps and passes
 * every other connection's to the handler that was there before. Runs on
 * the private Xvfb of with-xvfb.sh. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <X11/Xlib.h>

#include "targets/x11/util.h"

/* Not a pixmap on any server: freeing it is a BadPixmap error. */
#define NO_SUCH_PIXMAP ((Pixmap) 0x1fffff)

static gint application_errors;

static int
application_handler (Display * display, XErrorEvent * event)
{
  application_errors++;
  return 0;
}

static Display *
open_display (void)
{
  Display *display = XOpenDisplay (NULL);

  fail_unless (display != NULL, "no X display (run under with-xvfb.sh)");
  return display;
}

GST_START_TEST (test_trap_keeps_its_own_display_errors)
{
  Display *ours = open_display ();
  XErrorHandler before = XSetErrorHandler (application_handler);
  gint code;

  application_errors = 0;
  gws_x11_trap_errors (ours);
  XFreePixmap (ours, NO_SUCH_PIXMAP);
  code = gws_x11_untrap_errors (ours);

  fail_unless_equals_int (code, BadPixmap);
  fail_unless_equals_int (application_errors, 0);
  /* The application's handler is back. */
  XFreePixmap (ours, NO_SUCH_PIXMAP);
  XSync (ours, False);
  fail_unless_equals_int (application_errors, 1);

  XSetErrorHandler (before);
  XCloseDisplay (ours);
}

GST_END_TEST;

GST_START_TEST (test_trap_passes_other_displays_errors_on)
{
  Display *ours = open_display ();
  Display *theirs = open_display ();
  XErrorHandler before = XSetErrorHandler (application_handler);
  gint code;

  application_errors = 0;
  gws_x11_trap_errors (ours);
  /* The application's own mistake, on its own connection, while the trap
   * is set: its handler must see it, and the trap must not. */
  XFreePixmap (theirs, NO_SUCH_PIXMAP);
  XSync (theirs, False);
  code = gws_x11_untrap_errors (ours);

  fail_unless_equals_int (code, 0);
  fail_unless_equals_int (application_errors, 1);

  XSetErrorHandler (before);
  XCloseDisplay (theirs);
  XCloseDisplay (ours);
}

GST_END_TEST;

static Suite *
x11util_suite (void)
{
  Suite *s = suite_create ("x11util");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_trap_keeps_its_own_display_errors);
  tcase_add_test (tc, test_trap_passes_other_displays_errors_on);
  return s;
}

GST_CHECK_MAIN (x11util);
