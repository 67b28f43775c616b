/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* glwindowsrc unit tests
 *
 * Every test starts its own fixture window (glwindowsrc-test-window, path in
 * $GLWINDOWSRC_TEST_WINDOW) on the private X server that tests/with-xvfb.sh
 * provides, captures it and checks what a user would look at: the caps, the
 * pixels (a picture that is asymmetric both ways, so that any flip or offset
 * shows), timestamps, EOS, state changes, and the errors for bad input.
 *
 * The fixture's picture, in image coordinates (row 0 = top), for a W x H
 * window: quadrants split at column W/2 and row H/2, top-left red, top-right
 * green, bottom-left blue, bottom-right white; a magenta marker square over
 * columns and rows [0, m), m = max (2, min (W, H) / 8).  Windows are created
 * at (0, 0) and no window manager runs, so a screen capture shows the window
 * at its top-left corner.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>
#include <gst/gl/gl.h>

#include <X11/Xlib.h>
#include <X11/Xatom.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "glwindowsrc-check-util.h"

#define WINDOW_START_TIMEOUT_MS 20000
/* A fixture outlives a test only if the test process died before it could
 * kill it; this bounds the damage. */
#define WINDOW_SAFETY_EXIT "60"

typedef struct
{
  GPid pid;
  gint out_fd;
  guint64 xid;                  /* the window that shows the picture */
  guint64 toplevel;             /* the titled top-level (== xid unless child) */
  gint width, height;
  gchar *title;
} TestWindow;

static const Size picture_sizes[] = {
  {320, 240},
  {333, 257},
  {64, 48},
};

/* ------------------------------------------------------------------------ */
/* fixture windows                                                           */

static void
fixture_child_setup (gpointer user_data)
{
#ifdef __linux__
  /* Never leave a window behind on the X server if the test process dies. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

/* Reads one '\n'-terminated line from @fd into @buf, giving up at
 * @deadline (monotonic µs).  Returns FALSE on timeout or EOF. */
static gboolean
read_line_until (gint fd, gchar * buf, gsize size, gint64 deadline)
{
  gsize len = 0;

  while (len + 1 < size) {
    struct pollfd pfd = { fd, POLLIN, 0 };
    gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;
    gssize n;
    gint r;

    if (left_ms <= 0)
      break;
    r = poll (&pfd, 1, (gint) left_ms);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    n = read (fd, buf + len, 1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    if (buf[len] == '\n') {
      buf[len] = '\0';
      return TRUE;
    }
    len++;
  }
  buf[len] = '\0';
  return FALSE;
}

static guint64
parse_window_id (const gchar * line)
{
  gchar *end = NULL;
  guint64 id;

  fail_unless (g_str_has_prefix (line, "0x"),
      "fixture printed '%s', expected a window id like 0x1234", line);
  id = g_ascii_strtoull (line + 2, &end, 16);
  fail_unless (end != line + 2 && *end == '\0' && id != 0,
      "fixture printed '%s', expected a window id like 0x1234", line);
  return id;
}

static TestWindow *
test_window_new_full (gint width, gint height, gboolean child,
    const gchar * tag)
{
  const gchar *exe = g_getenv ("GLWINDOWSRC_TEST_WINDOW");
  TestWindow *win = g_new0 (TestWindow, 1);
  gchar *size = g_strdup_printf ("%dx%d", width, height);
  GError *err = NULL;
  gchar line[64];
  gint64 deadline;
  const gchar *argv[10];
  gint argc = 0;

  fail_unless (exe != NULL && *exe != '\0',
      "GLWINDOWSRC_TEST_WINDOW must name the fixture program "
      "(run the tests with 'meson test')");

  /* Unique per test process, with spaces: titles are matched exactly. */
  win->title =
      g_strdup_printf ("glwindowsrc check %s %d", tag, (gint) getpid ());
  win->width = width;
  win->height = height;

  argv[argc++] = exe;
  argv[argc++] = "--title";
  argv[argc++] = win->title;
  argv[argc++] = "--size";
  argv[argc++] = size;
  argv[argc++] = "--exit-after";
  argv[argc++] = WINDOW_SAFETY_EXIT;
  if (child)
    argv[argc++] = "--child";
  argv[argc] = NULL;

  if (!g_spawn_async_with_pipes (NULL, (gchar **) argv, NULL,
          G_SPAWN_DO_NOT_REAP_CHILD, fixture_child_setup, NULL, &win->pid,
          NULL, &win->out_fd, NULL, &err))
    fail ("could not start fixture %s: %s", exe, err->message);
  g_free (size);

  deadline = g_get_monotonic_time () + WINDOW_START_TIMEOUT_MS * 1000;
  fail_unless (read_line_until (win->out_fd, line, sizeof (line), deadline),
      "fixture window %dx%d did not print its id (got '%s')", width,
      height, line);
  win->xid = win->toplevel = parse_window_id (line);
  if (child) {
    fail_unless (read_line_until (win->out_fd, line, sizeof (line),
            deadline), "fixture --child did not print the child id");
    win->xid = parse_window_id (line);
    fail_unless (win->xid != win->toplevel);
  }
  GST_INFO ("fixture '%s' %dx%d: top-level 0x%" G_GINT64_MODIFIER
      "x, picture window 0x%" G_GINT64_MODIFIER "x", win->title, width,
      height, win->toplevel, win->xid);
  return win;
}

static TestWindow *
test_window_new (gint width, gint height, const gchar * tag)
{
  return test_window_new_full (width, height, FALSE, tag);
}

/* Kills the fixture abruptly (its X resources die with its connection). */
static void
test_window_kill (TestWindow * win)
{
  if (win->pid > 0) {
    kill (win->pid, SIGKILL);
    waitpid (win->pid, NULL, 0);
    g_spawn_close_pid (win->pid);
    win->pid = 0;
  }
}

static void
test_window_free (TestWindow * win)
{
  test_window_kill (win);
  if (win->out_fd >= 0)
    close (win->out_fd);
  g_free (win->title);
  g_free (win);
}

/* ------------------------------------------------------------------------ */
/* X helpers, for what only another X client can do to a window              */

static gboolean x_error_seen;

static int
x_error_handler (Display * dpy, XErrorEvent * ev)
{
  x_error_seen = TRUE;
  return 0;
}

static Display *
x_open (void)
{
  Display *dpy = XOpenDisplay (NULL);

  fail_unless (dpy != NULL, "cannot open the test X display '%s'",
      GST_STR_NULL (g_getenv ("DISPLAY")));
  XSetErrorHandler (x_error_handler);
  return dpy;
}

static gboolean
x_window_exists (guint64 xid)
{
  Display *dpy = x_open ();
  XWindowAttributes attr;
  gboolean exists;

  x_error_seen = FALSE;
  exists = XGetWindowAttributes (dpy, (Window) xid, &attr) != 0;
  XSync (dpy, False);
  exists = exists && !x_error_seen;
  XCloseDisplay (dpy);
  return exists;
}

/* X reuses a dead client's id range for the next client that connects, and
 * the element's own connections (its hidden GL window) could then be given
 * exactly the id under test.  Opens connections until one has taken over
 * the range @xid came from; it allocates nothing at that id while held.
 * This assumes Xvfb's default of 256 clients, i.e. 21 id bits per client. */
static GPtrArray *
x_reserve_id_range (guint64 xid)
{
  GPtrArray *held = g_ptr_array_new ();
  gint i;

  for (i = 0; i < 32; i++) {
    Display *dpy = x_open ();
    XID probe = XAllocID (dpy);

    g_ptr_array_add (held, dpy);
    if (((guint64) probe ^ xid) >> 21 == 0)
      return held;
  }
  fail ("could not take over the id range of dead window 0x%"
      G_GINT64_MODIFIER "x", xid);
  return NULL;
}

static void
x_release_id_range (GPtrArray * held)
{
  guint i;

  for (i = 0; i < held->len; i++)
    XCloseDisplay (g_ptr_array_index (held, i));
  g_ptr_array_unref (held);
}

static void
x_set_wm_name (guint64 xid, const gchar * name)
{
  Display *dpy = x_open ();

  XStoreName (dpy, (Window) xid, name);
  XSync (dpy, False);
  XCloseDisplay (dpy);
}

static void
x_set_net_wm_name (guint64 xid, const gchar * utf8_name)
{
  Display *dpy = x_open ();
  Atom prop = XInternAtom (dpy, "_NET_WM_NAME", False);
  Atom utf8 = XInternAtom (dpy, "UTF8_STRING", False);

  XChangeProperty (dpy, (Window) xid, prop, utf8, 8, PropModeReplace,
      (const guchar *) utf8_name, (gint) strlen (utf8_name));
  XSync (dpy, False);
  XCloseDisplay (dpy);
}

/* ------------------------------------------------------------------------ */
/* pipelines                                                                 */

/* Runs a pipeline whose sink is an appsink named "sink" and returns its first
 * frame. */
static GstSample *
capture_one (GstElement * pipeline)
{
  play (pipeline);
  return pull_sample (pipeline);
}

/* ------------------------------------------------------------------------ */
/* picture checks                                                            */

static void
check_caps_size (GstCaps * caps, gint w, gint h)
{
  GstStructure *s;
  gint cw = 0, ch = 0;

  fail_unless (caps != NULL);
  fail_unless (gst_caps_is_fixed (caps));
  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_has_name (s, "video/x-raw"));
  fail_unless_equals_string (gst_structure_get_string (s, "format"), "RGBA");
  fail_unless (gst_structure_get_int (s, "width", &cw));
  fail_unless (gst_structure_get_int (s, "height", &ch));
  fail_unless (cw == w && ch == h, "caps say %dx%d, the window is %dx%d",
      cw, ch, w, h);
}

static void
check_framerate (GstCaps * caps, gint num, gint den)
{
  gint n = 0, d = 0;

  fail_unless (gst_structure_get_fraction (gst_caps_get_structure (caps, 0),
          "framerate", &n, &d), "no framerate in caps");
  fail_unless (n == num && d == den, "framerate %d/%d, expected %d/%d", n, d,
      num, den);
}

static gboolean
caps_have_system_memory (GstCaps * caps)
{
  GstCapsFeatures *f = gst_caps_get_features (caps, 0);

  return f == NULL || gst_caps_features_is_equal (f,
      GST_CAPS_FEATURES_MEMORY_SYSTEM_MEMORY);
}

/* ------------------------------------------------------------------------ */
/* tests                                                                     */

GST_START_TEST (test_element_metadata)
{
  GstElementFactory *factory = gst_element_factory_find ("glwindowsrc");
  GstElement *src;
  gchar *display_name = NULL, *xname = NULL;
  guint64 xid = 1;

  fail_unless (factory != NULL, "glwindowsrc not found in GST_PLUGIN_PATH");
  fail_unless_equals_string (gst_element_factory_get_metadata (factory,
          GST_ELEMENT_METADATA_KLASS), "Source/Video");

  src = gst_element_factory_create (factory, NULL);
  fail_unless (src != NULL);
  fail_unless (GST_IS_BASE_SRC (src));
  fail_unless (gst_base_src_is_live (GST_BASE_SRC (src)),
      "a capture source must be live");
  g_object_get (src, "display-name", &display_name, "xid", &xid, "xname",
      &xname, NULL);
  fail_unless (display_name == NULL, "display-name default '%s'",
      display_name);
  fail_unless (xid == 0);
  fail_unless (xname == NULL, "xname default '%s'", xname);

  g_object_set (src, "xid", G_GUINT64_CONSTANT (0x1234567), "xname",
      "some window", "display-name", ":5", NULL);
  g_object_get (src, "display-name", &display_name, "xid", &xid, "xname",
      &xname, NULL);
  fail_unless_equals_string (display_name, ":5");
  fail_unless_equals_string (xname, "some window");
  fail_unless (xid == 0x1234567);
  g_free (display_name);
  g_free (xname);

  gst_object_unref (src);
  gst_object_unref (factory);
}

GST_END_TEST;

/* System memory straight into an appsink that states no caps. */
GST_START_TEST (test_picture_system_memory)
{
  const Size *size = &picture_sizes[__i__];
  TestWindow *win = test_window_new (size->width, size->height, "sysmem");
  GstElement *pipeline;
  GstSample *sample;
  GstVideoMeta *meta;
  GstCaps *caps;

  pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
      " num-buffers=1 ! appsink name=sink", win->xid);
  sample = capture_one (pipeline);

  caps = gst_sample_get_caps (sample);
  check_caps_size (caps, size->width, size->height);
  check_framerate (caps, 30, 1);
  fail_unless (caps_have_system_memory (caps),
      "appsink without caps got %" GST_PTR_FORMAT, caps);
  /* Strides are announced, so readers need not guess row padding. */
  meta = gst_buffer_get_video_meta (gst_sample_get_buffer (sample));
  fail_unless (meta != NULL, "system-memory frame without GstVideoMeta");
  fail_unless_equals_int (meta->format, GST_VIDEO_FORMAT_RGBA);
  fail_unless_equals_int (meta->width, size->width);
  fail_unless_equals_int (meta->height, size->height);
  fail_unless (meta->stride[0] >= size->width * 4);
  check_picture (sample, size->width, size->height, 0, 0, "system memory");

  gst_sample_unref (sample);
  stop_and_free (pipeline);
  test_window_free (win);
}

GST_END_TEST;

typedef struct
{
  gint buffers;
  gint gl_buffers;
  gint texture_2d;
} GLProbeResult;

static GstPadProbeReturn
gl_buffer_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  GLProbeResult *res = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMemory *mem = gst_buffer_peek_memory (buf, 0);

  res->buffers++;
  if (gst_is_gl_memory (mem)) {
    res->gl_buffers++;
    if (gst_gl_memory_get_texture_target ((GstGLMemory *) mem) ==
        GST_GL_TEXTURE_TARGET_2D)
      res->texture_2d++;
  }
  return GST_PAD_PROBE_OK;
}

GST_START_TEST (test_picture_gl_memory)
{
  const Size *size = &picture_sizes[__i__];
  TestWindow *win = test_window_new (size->width, size->height, "glmemory");
  GLProbeResult probe = { 0, };
  GstElement *pipeline;
  GstSample *sample;
  GstCaps *caps;
  GstPad *pad;

  pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
      " num-buffers=1 ! video/x-raw(memory:GLMemory),format=RGBA"
      " ! gldownload ! video/x-raw,format=RGBA ! appsink name=sink", win->xid);
  pad = gst_element_get_static_pad (get_named (pipeline, "src"), "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, gl_buffer_probe, &probe,
      NULL);
  gst_object_unref (pad);

  sample = capture_one (pipeline);

  caps = src_caps (pipeline);
  check_caps_size (caps, size->width, size->height);
  fail_unless (caps_have_gl_memory (caps), "source caps %" GST_PTR_FORMAT,
      caps);
  fail_unless_equals_string (gst_structure_get_string (gst_caps_get_structure
          (caps, 0), "texture-target"), "2D");
  gst_caps_unref (caps);

  fail_unless_equals_int (probe.buffers, 1);
  fail_unless_equals_int (probe.gl_buffers, 1);
  fail_unless_equals_int (probe.texture_2d, 1);

  check_caps_size (gst_sample_get_caps (sample), size->width, size->height);
  check_picture (sample, size->width, size->height, 0, 0,
      "GLMemory + gldownload");

  gst_sample_unref (sample);
  stop_and_free (pipeline);
  test_window_free (win);
}

GST_END_TEST;

/* What downstream prefers decides the memory the source produces. */
static const struct
{
  const gchar *downstream;
  gboolean gl;
} negotiation_cases[] = {
  {"appsink", FALSE},
  {"videoconvert ! appsink", FALSE},
  {"video/x-raw,format=RGBA ! appsink", FALSE},
  {"video/x-raw(memory:GLMemory) ! fakesink", TRUE},
  {"gldownload ! appsink", TRUE},
  {"glimagesink", TRUE},
};

GST_START_TEST (test_memory_negotiation)
{
  TestWindow *win = test_window_new (96, 64, "negotiation");
  GstElement *pipeline;
  GstCaps *caps;

  pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
      " ! %s", win->xid, negotiation_cases[__i__].downstream);
  play (pipeline);
  /* Sinks preroll on the first frame, so caps are set once this returns. */
  fail_unless_equals_int (gst_element_get_state (pipeline, NULL, NULL,
          PULL_TIMEOUT), GST_STATE_CHANGE_SUCCESS);

  caps = src_caps (pipeline);
  check_caps_size (caps, 96, 64);
  if (negotiation_cases[__i__].gl)
    fail_unless (caps_have_gl_memory (caps),
        "'! %s' should get GLMemory, got %" GST_PTR_FORMAT,
        negotiation_cases[__i__].downstream, caps);
  else
    fail_unless (caps_have_system_memory (caps),
        "'! %s' should get system memory, got %" GST_PTR_FORMAT,
        negotiation_cases[__i__].downstream, caps);
  gst_caps_unref (caps);

  stop_and_free (pipeline);
  test_window_free (win);
}

GST_END_TEST;

/* Neither xid nor xname: the root window, with our window at (0,0) on it. */
GST_START_TEST (test_whole_screen)
{
  static const gchar *paths[] = {
    "appsink name=sink",
    "video/x-raw(memory:GLMemory) ! gldownload ! video/x-raw,format=RGBA"
        " ! appsink name=sink",
  };
  TestWindow *win = test_window_new (320, 240, "screen");
  GstElement *pipeline;
  GstSample *sample;

  pipeline = pipeline_new ("glwindowsrc name=src num-buffers=1 ! %s",
      paths[__i__]);
  sample = capture_one (pipeline);

  check_caps_size (gst_sample_get_caps (sample), 1920, 1080);
  check_picture (sample, 320, 240, 0, 0,
      __i__ == 0 ? "screen, system memory" : "screen, GLMemory");

  gst_sample_unref (sample);
  stop_and_free (pipeline);
  test_window_free (win);
}

GST_END_TEST;

static void
check_capture_by_name (const gchar * name, const TestWindow * win)
{
  GstElement *pipeline;
  GstSample *sample;

  pipeline = pipeline_new ("glwindowsrc name=src num-buffers=1"
      " ! appsink name=sink");
  g_object_set (get_named (pipeline, "src"), "xname", name, NULL);
  sample = capture_one (pipeline);
  check_caps_size (gst_sample_get_caps (sample), win->width, win->height);
  check_picture (sample, win->width, win->height, 0, 0, name);
  gst_sample_unref (sample);
  stop_and_free (pipeline);
}

GST_START_TEST (test_xname_toplevel)
{
  TestWindow *win = test_window_new (200, 150, "xname");

  check_capture_by_name (win->title, win);
  test_window_free (win);
}

GST_END_TEST;

/* The title is on a plain top-level; GL draws into a child covering it. */
GST_START_TEST (test_xname_child)
{
  TestWindow *win = test_window_new_full (210, 130, TRUE, "xname child");
  gchar *child_name = g_strdup_printf ("%s inner", win->title);
  GstElement *pipeline;
  GstSample *sample;

  check_capture_by_name (win->title, win);

  /* A descendant with a name of its own is found too. */
  x_set_wm_name (win->xid, child_name);
  check_capture_by_name (child_name, win);

  pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
      " num-buffers=1 ! appsink name=sink", win->xid);
  sample = capture_one (pipeline);
  check_caps_size (gst_sample_get_caps (sample), win->width, win->height);
  check_picture (sample, win->width, win->height, 0, 0, "child by xid");
  gst_sample_unref (sample);
  stop_and_free (pipeline);

  g_free (child_name);
  test_window_free (win);
}

GST_END_TEST;

/* Modern toolkits set a UTF-8 _NET_WM_NAME that may differ from WM_NAME. */
GST_START_TEST (test_xname_net_wm_name)
{
  TestWindow *win = test_window_new (120, 90, "netwm");
  gchar *utf8_name = g_strdup_printf ("glwindowsrc \xc3\xa9t\xc3\xa9 "
      "\xe2\x98\x83 %d", (gint) getpid ());

  x_set_net_wm_name (win->toplevel, utf8_name);
  check_capture_by_name (utf8_name, win);
  /* WM_NAME still names it as well. */
  check_capture_by_name (win->title, win);

  g_free (utf8_name);
  test_window_free (win);
}

GST_END_TEST;

static gdouble
median (GArray * values)
{
  GArray *sorted = g_array_copy (values);
  gdouble m;
  guint i, j;

  for (i = 1; i < sorted->len; i++)
    for (j = i; j > 0 && g_array_index (sorted, gdouble, j - 1) >
        g_array_index (sorted, gdouble, j); j--) {
      gdouble t = g_array_index (sorted, gdouble, j);
      g_array_index (sorted, gdouble, j) =
          g_array_index (sorted, gdouble, j - 1);
      g_array_index (sorted, gdouble, j - 1) = t;
    }
  m = g_array_index (sorted, gdouble, sorted->len / 2);
  g_array_unref (sorted);
  return m;
}

/* Timestamps come from the pipeline clock at capture time: one frame
 * duration apart, never ahead of the clock.  How fast the machine captures
 * is not judged here: the median step, not each step, must match. */
GST_START_TEST (test_timestamps)
{
  static const gint rates[] = { 30, 60 };
  const gint fps = rates[__i__];
  const GstClockTime frame = gst_util_uint64_scale_int (GST_SECOND, 1, fps);
  TestWindow *win = test_window_new (160, 120, "timestamps");
  GArray *steps = g_array_new (FALSE, FALSE, sizeof (gdouble));
  GstClockTime prev = GST_CLOCK_TIME_NONE;
  GstElement *pipeline;
  GstClock *clock;
  gdouble med;
  gint i;

  pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
      " ! video/x-raw,framerate=%d/1 ! appsink name=sink", win->xid, fps);
  play (pipeline);

  for (i = 0; i < 16; i++) {
    GstSample *sample = pull_sample (pipeline);
    GstBuffer *buf = gst_sample_get_buffer (sample);
    GstClockTime pts = GST_BUFFER_PTS (buf), now;

    if (i == 0)
      check_framerate (gst_sample_get_caps (sample), fps, 1);

    fail_unless (GST_CLOCK_TIME_IS_VALID (pts), "frame %d has no PTS", i);
    clock = gst_element_get_clock (pipeline);
    now = gst_clock_get_time (clock) - gst_element_get_base_time (pipeline);
    gst_object_unref (clock);
    fail_unless (pts <= now, "frame %d: PTS %" GST_TIME_FORMAT
        " is ahead of the running time %" GST_TIME_FORMAT, i,
        GST_TIME_ARGS (pts), GST_TIME_ARGS (now));
    if (GST_BUFFER_DURATION_IS_VALID (buf))
      fail_unless (ABS ((gint64) GST_BUFFER_DURATION (buf) - (gint64) frame)
          <= (gint64) frame / 50, "frame %d: duration %" GST_TIME_FORMAT
          " at %d fps", i, GST_TIME_ARGS (GST_BUFFER_DURATION (buf)), fps);

    if (GST_CLOCK_TIME_IS_VALID (prev)) {
      gdouble step;

      fail_unless (pts > prev, "frame %d: PTS %" GST_TIME_FORMAT
          " not after %" GST_TIME_FORMAT, i, GST_TIME_ARGS (pts),
          GST_TIME_ARGS (prev));
      step = (gdouble) (pts - prev) / frame;
      g_array_append_val (steps, step);
    }
    prev = pts;
    gst_sample_unref (sample);
  }

  med = median (steps);
  fail_unless (med > 0.5 && med < 1.5,
      "at %d fps the median PTS step is %.2f frame durations", fps, med);

  g_array_unref (steps);
  stop_and_free (pipeline);
  test_window_free (win);
}

GST_END_TEST;

GST_START_TEST (test_latency_query)
{
  TestWindow *win = test_window_new (64, 48, "latency");
  GstElement *pipeline;
  GstSample *sample;
  GstQuery *query;
  gboolean live = FALSE;
  GstClockTime min = 0, max = 0;

  pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
      " ! appsink name=sink", win->xid);
  sample = capture_one (pipeline);
  gst_sample_unref (sample);

  query = gst_query_new_latency ();
  fail_unless (gst_element_query (get_named (pipeline, "src"), query),
      "the source does not answer the LATENCY query");
  gst_query_parse_latency (query, &live, &min, &max);
  fail_unless (live, "LATENCY query answered not live");
  fail_unless (GST_CLOCK_TIME_IS_VALID (min));
  fail_unless (!GST_CLOCK_TIME_IS_VALID (max) || max >= min,
      "max latency %" GST_TIME_FORMAT " below min %" GST_TIME_FORMAT,
      GST_TIME_ARGS (max), GST_TIME_ARGS (min));
  gst_query_unref (query);

  stop_and_free (pipeline);
  test_window_free (win);
}

GST_END_TEST;

/* The source alone in a GstHarness: exactly num-buffers frames, then EOS. */
GST_START_TEST (test_num_buffers_harness)
{
  TestWindow *win = test_window_new (80, 60, "numbuffers");
  GstHarness *h = gst_harness_new_with_padnames ("glwindowsrc", NULL, "src");
  gboolean eos = FALSE;
  gint64 deadline;
  gint i;

  g_object_set (h->element, "xid", win->xid, "num-buffers", 5, NULL);
  gst_harness_set_sink_caps_str (h, "video/x-raw,format=RGBA");
  /* A live source paces itself on the clock: let it run on real time. */
  gst_harness_use_systemclock (h);
  gst_harness_play (h);

  for (i = 0; i < 5; i++) {
    GstBuffer *buf = gst_harness_pull (h);
    fail_unless (buf != NULL, "buffer %d of 5 did not come", i + 1);
    fail_unless_equals_int (gst_buffer_get_size (buf) >= 80 * 60 * 4, TRUE);
    gst_buffer_unref (buf);
  }

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!eos && g_get_monotonic_time () < deadline) {
    GstEvent *ev = gst_harness_try_pull_event (h);
    if (ev == NULL) {
      g_usleep (10 * 1000);
      continue;
    }
    eos = GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
  }
  fail_unless (eos, "no EOS after num-buffers=5");
  fail_unless_equals_int (gst_harness_buffers_received (h), 5);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);

  gst_harness_teardown (h);
  test_window_free (win);
}

GST_END_TEST;

/* num-buffers through a whole pipeline, on both memory paths. */
GST_START_TEST (test_num_buffers_eos)
{
  static const gchar *paths[] = {
    "appsink name=sink",
    "video/x-raw(memory:GLMemory) ! gldownload ! appsink name=sink",
  };
  TestWindow *win = test_window_new (80, 60, "eos");
  GstElement *pipeline, *sink;
  gint got = 0;

  pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
      " num-buffers=7 ! %s", win->xid, paths[__i__]);
  sink = get_named (pipeline, "sink");
  play (pipeline);

  for (;;) {
    GstSample *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
        PULL_TIMEOUT);
    if (sample == NULL)
      break;
    got++;
    gst_sample_unref (sample);
  }
  fail_unless (gst_app_sink_is_eos (GST_APP_SINK (sink)),
      "appsink not at EOS after %d frames: %s", got,
      bus_error_text (pipeline));
  fail_unless_equals_int (got, 7);
  expect_eos (pipeline, 5 * GST_SECOND, "num-buffers=7");

  stop_and_free (pipeline);
  test_window_free (win);
}

GST_END_TEST;

/* gst-launch-like GL display pipeline: stops by itself after num-buffers. */
GST_START_TEST (test_glimagesink_num_buffers)
{
  TestWindow *win = test_window_new (100, 80, "glimagesink");
  GLProbeResult probe = { 0, };
  GstElement *pipeline;
  GstPad *pad;

  pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
      " num-buffers=3 ! glimagesink", win->xid);
  pad = gst_element_get_static_pad (get_named (pipeline, "src"), "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, gl_buffer_probe, &probe,
      NULL);
  gst_object_unref (pad);
  play (pipeline);
  expect_eos (pipeline, 20 * GST_SECOND, "glimagesink, num-buffers=3");

  fail_unless_equals_int (probe.buffers, 3);
  fail_unless_equals_int (probe.gl_buffers, 3);

  stop_and_free (pipeline);
  test_window_free (win);
}

GST_END_TEST;

GST_START_TEST (test_state_cycles)
{
  static const gchar *paths[] = {
    "appsink name=sink",
    "video/x-raw(memory:GLMemory) ! gldownload ! video/x-raw,format=RGBA"
        " ! appsink name=sink",
  };
  TestWindow *win = test_window_new (128, 96, "cycles");
  GstElement *pipeline;
  GstState state;
  gint i;

  pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
      " ! %s", win->xid, paths[__i__]);

  for (i = 0; i < 30; i++) {
    play (pipeline);
    if (i % 2 == 0) {
      /* All the way up, with a frame out, ... */
      GstSample *sample;

      fail_unless_equals_int (gst_element_get_state (pipeline, &state, NULL,
              PULL_TIMEOUT), GST_STATE_CHANGE_SUCCESS);
      fail_unless_equals_int (state, GST_STATE_PLAYING);
      sample = pull_sample (pipeline);
      check_caps_size (gst_sample_get_caps (sample), 128, 96);
      gst_sample_unref (sample);
    }
    /* ... or straight back down while still starting. */
    fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
    fail_unless_equals_int (gst_element_get_state (pipeline, &state, NULL,
            GST_SECOND), GST_STATE_CHANGE_SUCCESS);
    fail_unless_equals_int (state, GST_STATE_NULL);
  }

  gst_object_unref (pipeline);
  test_window_free (win);
}

GST_END_TEST;

/* At 1 fps the source spends about a second waiting for the next frame;
 * going to NULL must interrupt that wait, not sit it out. */
GST_START_TEST (test_stop_while_waiting)
{
  TestWindow *win = test_window_new (64, 48, "unlock");
  gint i;

  for (i = 0; i < 3; i++) {
    GstElement *pipeline;
    GstSample *sample;
    gint64 t0, elapsed_ms;

    pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
        " ! video/x-raw,framerate=1/1 ! appsink name=sink sync=false",
        win->xid);
    sample = capture_one (pipeline);
    check_framerate (gst_sample_get_caps (sample), 1, 1);
    gst_sample_unref (sample);

    t0 = g_get_monotonic_time ();
    fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
    elapsed_ms = (g_get_monotonic_time () - t0) / 1000;
    fail_unless (elapsed_ms < 500,
        "PLAYING -> NULL took %" G_GINT64_FORMAT " ms at 1 fps", elapsed_ms);
    gst_object_unref (pipeline);
  }
  test_window_free (win);
}

GST_END_TEST;

GST_START_TEST (test_framerate_range)
{
  static const gchar *rates[] = {
    "video/x-raw,framerate=1/1",
    "video/x-raw,framerate=30/1",
    "video/x-raw,framerate=1000/1",
  };
  TestWindow *win = test_window_new (64, 48, "framerate");
  GstElement *pipeline, *src;
  GstPad *pad;
  GstCaps *caps;
  const GValue *fr;
  gint i;

  /* What the source offers, as gst-inspect and negotiation see it. */
  src = gst_element_factory_make ("glwindowsrc", NULL);
  pad = gst_element_get_static_pad (src, "src");
  caps = gst_pad_query_caps (pad, NULL);
  fail_unless (caps != NULL && !gst_caps_is_empty (caps));
  for (i = 0; i < (gint) gst_caps_get_size (caps); i++) {
    fr = gst_structure_get_value (gst_caps_get_structure (caps, i),
        "framerate");
    fail_unless (fr != NULL && GST_VALUE_HOLDS_FRACTION_RANGE (fr),
        "framerate in %" GST_PTR_FORMAT, caps);
    fail_unless (gst_value_compare (gst_value_get_fraction_range_min (fr),
            gst_value_get_fraction_range_max (fr)) == GST_VALUE_LESS_THAN);
  }
  for (i = 0; i < (gint) G_N_ELEMENTS (rates); i++) {
    GstCaps *wanted = gst_caps_from_string (rates[i]);
    fail_unless (gst_caps_can_intersect (caps, wanted),
        "%s not offered by %" GST_PTR_FORMAT, rates[i], caps);
    gst_caps_unref (wanted);
  }
  gst_caps_unref (caps);
  gst_object_unref (pad);
  gst_object_unref (src);

  /* And a benchmark rate really runs. */
  pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
      " ! video/x-raw,framerate=1000/1 ! appsink name=sink", win->xid);
  play (pipeline);
  for (i = 0; i < 5; i++) {
    GstSample *sample = pull_sample (pipeline);
    check_framerate (gst_sample_get_caps (sample), 1000, 1);
    gst_sample_unref (sample);
  }
  stop_and_free (pipeline);
  test_window_free (win);
}

GST_END_TEST;

typedef struct
{
  GMutex lock;
  GPtrArray *messages;
} LogCapture;

static void
capture_path_log (GstDebugCategory * category, GstDebugLevel level,
    const gchar * file, const gchar * function, gint line, GObject * object,
    GstDebugMessage * message, gpointer user_data)
{
  LogCapture *cap = user_data;
  const gchar *text;

  if (level != GST_LEVEL_INFO
      || !g_str_has_prefix (gst_debug_category_get_name (category),
          "glwindowsrc"))
    return;
  text = gst_debug_message_get (message);
  if (text && strstr (text, "capture path") != NULL) {
    g_mutex_lock (&cap->lock);
    g_ptr_array_add (cap->messages, g_strdup (text));
    g_mutex_unlock (&cap->lock);
  }
}

/* Which capture path is in use (GL binding or CPU read) is logged at INFO
 * for a window and for the screen. */
GST_START_TEST (test_capture_path_logged)
{
  TestWindow *win = test_window_new (64, 48, "logging");
  LogCapture cap;
  GstElement *pipeline;
  GstSample *sample;

  g_mutex_init (&cap.lock);
  cap.messages = g_ptr_array_new_with_free_func (g_free);
  gst_debug_set_threshold_from_string ("glwindowsrc*:INFO", FALSE);
  gst_debug_add_log_function (capture_path_log, &cap, NULL);

  if (__i__ == 0)
    pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
        " num-buffers=1 ! appsink name=sink", win->xid);
  else
    pipeline = pipeline_new ("glwindowsrc name=src num-buffers=1"
        " ! appsink name=sink");
  sample = capture_one (pipeline);
  gst_sample_unref (sample);
  stop_and_free (pipeline);

  gst_debug_remove_log_function (capture_path_log);
  fail_unless (cap.messages->len > 0,
      "no 'capture path' message at INFO from the glwindowsrc categories");
  GST_INFO ("logged: %s", (gchar *) g_ptr_array_index (cap.messages, 0));
  g_ptr_array_unref (cap.messages);
  g_mutex_clear (&cap.lock);
  test_window_free (win);
}

GST_END_TEST;

/* Starts @pipeline (with a glwindowsrc named "src" and an appsink named
 * "sink") and expects, within a second, a RESOURCE error from the source
 * whose message contains @needle; then the pipeline must go back to NULL. */
static void
expect_bad_input_error (GstElement * pipeline, gint code, const gchar * needle)
{
  GError *err;
  gchar *lower_msg, *lower_needle;
  gint64 t0, elapsed_ms;
  GstSample *sample;

  /* What set_state() returns is not judged: the error may come from the
   * state change itself or, just after it, from the streaming thread. */
  t0 = g_get_monotonic_time ();
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  err = expect_src_error (pipeline, 5 * GST_SECOND, needle);
  elapsed_ms = (g_get_monotonic_time () - t0) / 1000;
  fail_unless (elapsed_ms < 1000, "the error took %" G_GINT64_FORMAT " ms",
      elapsed_ms);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR, code),
      "error %s/%d '%s', expected resource error %d",
      g_quark_to_string (err->domain), err->code, err->message, code);
  lower_msg = g_utf8_strdown (err->message, -1);
  lower_needle = g_utf8_strdown (needle, -1);
  fail_unless (strstr (lower_msg, lower_needle) != NULL,
      "error message '%s' does not name %s", err->message, needle);
  g_free (lower_msg);
  g_free (lower_needle);
  g_clear_error (&err);
  /* One failure, one message: not ours and then GstBaseSrc's. */
  expect_no_more_errors (pipeline);

  /* Never a silent fallback to another window or the screen. */
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (get_named (pipeline,
              "sink")), 0);
  fail_unless (sample == NULL, "a frame was produced despite the error");

  stop_and_free (pipeline);
}

static GstElement *
bad_input_pipeline (void)
{
  return pipeline_new ("glwindowsrc name=src ! appsink name=sink");
}

GST_START_TEST (test_bad_xid)
{
  GPtrArray *held = NULL;
  TestWindow *win = NULL;
  GstElement *pipeline;
  guint64 xid;
  gchar *hex;

  switch (__i__) {
    case 0:
      xid = G_GUINT64_CONSTANT (0x1fedcba);
      break;
    case 1:{
      /* The id of a window that existed: the common real-life case. */
      gint tries;

      win = test_window_new (64, 48, "gone");
      xid = win->xid;
      test_window_free (win);
      win = NULL;
      for (tries = 0; tries < 200 && x_window_exists (xid); tries++)
        g_usleep (10 * 1000);
      fail_if (x_window_exists (xid), "the X server kept the dead window");
      held = x_reserve_id_range (xid);
      break;
    }
    default:
      /* Beyond X's 32 bits while the low half names a live window: must
       * not be truncated onto that window. */
      win = test_window_new (64, 48, "wide");
      xid = (G_GUINT64_CONSTANT (1) << 32) | win->xid;
      break;
  }

  pipeline = bad_input_pipeline ();
  g_object_set (get_named (pipeline, "src"), "xid", xid, NULL);
  hex = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", xid);
  expect_bad_input_error (pipeline, GST_RESOURCE_ERROR_NOT_FOUND, hex);
  g_free (hex);
  if (held)
    x_release_id_range (held);
  if (win)
    test_window_free (win);
}

GST_END_TEST;

/* A title that is not UTF-8 (an application may set any bytes from C):
 * the error still names it, in valid UTF-8. */
GST_START_TEST (test_bad_xname_not_utf8)
{
  GstElement *pipeline = bad_input_pipeline ();
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  GError *err = NULL;
  gchar *dbg = NULL;

  g_object_set (get_named (pipeline, "src"), "xname", "bytes \xff\xfe here",
      NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 5 * GST_SECOND, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no ERROR message");
  gst_message_parse_error (msg, &err, &dbg);
  fail_unless (g_utf8_validate (err->message, -1, NULL),
      "the error message is not valid UTF-8");
  fail_unless (strstr (err->message, "bytes ") != NULL
      && strstr (err->message, " here") != NULL, "'%s' does not name the "
      "title", err->message);
  g_clear_error (&err);
  g_free (dbg);
  gst_message_unref (msg);
  gst_object_unref (bus);
  stop_and_free (pipeline);
}

GST_END_TEST;

/* A window that has no picture: an input-only one. Said as what it is. */
GST_START_TEST (test_input_only_window)
{
  Display *display = XOpenDisplay (NULL);
  Window window;
  GstElement *pipeline;
  gchar *hex;

  fail_unless (display != NULL);
  window = XCreateWindow (display, DefaultRootWindow (display), 0, 0, 40,
      30, 0, 0, InputOnly, CopyFromParent, 0, NULL);
  XMapWindow (display, window);
  XSync (display, False);
  pipeline = bad_input_pipeline ();
  g_object_set (get_named (pipeline, "src"), "xid", (guint64) window, NULL);
  hex = g_strdup_printf ("0x%lx", (gulong) window);
  expect_bad_input_error (pipeline, GST_RESOURCE_ERROR_SETTINGS,
      "input-only window");
  g_free (hex);
  XDestroyWindow (display, window);
  XCloseDisplay (display);
}

GST_END_TEST;

GST_START_TEST (test_bad_xname)
{
  GstElement *pipeline;
  TestWindow *win = NULL;
  gchar *name, *quoted;

  if (__i__ == 0) {
    name = g_strdup_printf ("no such window %d", (gint) getpid ());
  } else {
    /* Titles match exactly: a prefix of a real title is no match. */
    win = test_window_new (64, 48, "exact title");
    name = g_strndup (win->title, strlen (win->title) - 1);
  }

  pipeline = bad_input_pipeline ();
  g_object_set (get_named (pipeline, "src"), "xname", name, NULL);
  quoted = g_strdup_printf ("\"%s\"", name);
  expect_bad_input_error (pipeline, GST_RESOURCE_ERROR_NOT_FOUND, quoted);

  g_free (quoted);
  g_free (name);
  if (win)
    test_window_free (win);
}

GST_END_TEST;

GST_START_TEST (test_bad_display)
{
  GstElement *pipeline = bad_input_pipeline ();

  g_object_set (get_named (pipeline, "src"), "display-name", ":987", NULL);
  expect_bad_input_error (pipeline, GST_RESOURCE_ERROR_OPEN_READ, ":987");
}

GST_END_TEST;

/* The window goes away while frames flow: EOS (on-close's default), no
 * crash, and the pipeline still stops cleanly. */
GST_START_TEST (test_window_closed_midstream)
{
  static const gchar *paths[] = {
    "appsink name=sink",
    "video/x-raw(memory:GLMemory) ! gldownload ! video/x-raw,format=RGBA"
        " ! appsink name=sink",
  };
  TestWindow *win = test_window_new (160, 120, "closing");
  GstElement *pipeline, *sink;
  GstMessage *msg = NULL;
  GstBus *bus;
  gint64 deadline;
  gint i;

  pipeline = pipeline_new ("glwindowsrc name=src xid=%" G_GUINT64_FORMAT
      " ! %s", win->xid, paths[__i__]);
  sink = get_named (pipeline, "sink");
  play (pipeline);
  for (i = 0; i < 3; i++)
    gst_sample_unref (pull_sample (pipeline));

  test_window_kill (win);

  bus = gst_element_get_bus (pipeline);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (msg == NULL && g_get_monotonic_time () < deadline) {
    GstSample *sample;

    /* Keep draining so that the source never blocks on a full sink. */
    while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 0)))
      gst_sample_unref (sample);
    msg = gst_bus_timed_pop_filtered (bus, 50 * GST_MSECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  }
  fail_unless (msg != NULL,
      "neither ERROR nor EOS within 10 s of the window closing");
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    fail ("on-close=eos (the default), but the window closing was an "
        "error: %s", err->message);
  }
  gst_message_unref (msg);
  gst_object_unref (bus);

  stop_and_free (pipeline);
  test_window_free (win);
}

GST_END_TEST;

static Suite *
glwindowsrc_suite (void)
{
  Suite *s = suite_create ("glwindowsrc");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_element_metadata);
  tcase_add_loop_test (tc, test_picture_system_memory, 0,
      G_N_ELEMENTS (picture_sizes));
  tcase_add_loop_test (tc, test_picture_gl_memory, 0,
      G_N_ELEMENTS (picture_sizes));
  tcase_add_loop_test (tc, test_memory_negotiation, 0,
      G_N_ELEMENTS (negotiation_cases));
  tcase_add_loop_test (tc, test_whole_screen, 0, 2);
  tcase_add_test (tc, test_xname_toplevel);
  tcase_add_test (tc, test_xname_child);
  tcase_add_test (tc, test_xname_net_wm_name);
  tcase_add_loop_test (tc, test_timestamps, 0, 2);
  tcase_add_test (tc, test_latency_query);
  tcase_add_test (tc, test_num_buffers_harness);
  tcase_add_loop_test (tc, test_num_buffers_eos, 0, 2);
  tcase_add_test (tc, test_glimagesink_num_buffers);
  tcase_add_loop_test (tc, test_state_cycles, 0, 2);
  tcase_add_test (tc, test_stop_while_waiting);
  tcase_add_test (tc, test_framerate_range);
  tcase_add_loop_test (tc, test_capture_path_logged, 0, 2);
  tcase_add_loop_test (tc, test_bad_xid, 0, 3);
  tcase_add_loop_test (tc, test_bad_xname, 0, 2);
  tcase_add_test (tc, test_bad_xname_not_utf8);
  tcase_add_test (tc, test_input_only_window);
  tcase_add_test (tc, test_bad_display);
  tcase_add_loop_test (tc, test_window_closed_midstream, 0, 2);

  return s;
}

GST_CHECK_MAIN (glwindowsrc);
