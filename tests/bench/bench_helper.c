/* glwindowsrc benchmark helper
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The C side of tests/bench/run_bench.py: everything that must not pay for
 * a Python interpreter in its CPU time or its resident memory.
 *
 *   glwindowsrc-bench-helper window WxH TITLE
 *       Maps a static, patterned X window at (0, 0), prints its id once it
 *       is on screen, and keeps it there until stdin is closed.
 *
 *   glwindowsrc-bench-helper run [OPTIONS] PIPELINE
 *       Runs a gst-launch description whose source is named "src" and whose
 *       sink is named "sink", and measures the frames reaching the sink
 *       after a warm-up.  With --texture WxH it first creates a GL context
 *       and an RGBA8 texture of that size, shares both with the element
 *       named "src" (gst.gl.app_context), puts the texture's name in place
 *       of @TEXTURE@ and announces a new frame (frame-ready) from the
 *       application's GL thread as fast as the element takes them.
 *
 *   glwindowsrc-bench-helper memcpy WxH [OPTIONS]
 *       Copies an RGBA frame of that size with memcpy, over and over.
 *
 * Each measurement prints one JSON object on stdout: frames, wall_s,
 * cpu_s (this process, all threads), xserver_cpu_s (the X server's CPU
 * time over the same interval, with --xserver-pid), peak_rss_kb, and the
 * resident size at the start and end of the measured interval.
 *
 * --touch XID changes a 16x16 corner of that window after every frame (an
 * XFillRectangle and a round trip, before the source captures the next
 * one), so that a source that skips unchanged windows does the same work
 * as one that does not.
 */

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <gst/gst.h>
#include <gst/gl/gl.h>
#include <gst/gl/gstglfuncs.h>

typedef struct
{
  /* options */
  guint warmup;
  gdouble seconds;
  guint64 min_frames;
  guint64 max_frames;
  guint64 rss_every;
  gint xserver_pid;
  gulong touch_xid;
  gint tex_width, tex_height;
  gdouble timeout;

  /* measurement, written by the streaming thread until done is set */
  guint64 n_buffers;
  gboolean started;
  gint done;
  gint64 t0, t1;
  gdouble cpu0, cpu1;
  gdouble xcpu0, xcpu1;
  glong rss_start_kb, rss_end_kb;
  GString *rss_samples;
  gchar *caps;

  /* damage for every frame */
  Display *touch_dpy;
  GC touch_gc;
  gulong touch_n;

  GMainLoop *loop;
  GstElement *pipeline;
  gint exit_code;

  /* texture mode */
  GstGLDisplay *gl_display;
  GstGLContext *app_context;
  guint texture;
  GstElement *src;
  gint stop_feeding;
  GThread *feeder;
} Bench;

static gdouble
process_cpu_s (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
      ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static glong
peak_rss_kb (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static glong
current_rss_kb (void)
{
  glong pages = 0, resident = 0;
  FILE *f = fopen ("/proc/self/statm", "r");

  if (!f)
    return -1;
  if (fscanf (f, "%ld %ld", &pages, &resident) != 2)
    resident = -1;
  fclose (f);
  return resident < 0 ? -1 : resident * (sysconf (_SC_PAGESIZE) / 1024);
}

/* The X server's CPU time in seconds: the sum of its threads' run time from
 * schedstat (nanoseconds), or -1 when it cannot be read.  The server does
 * the copying for XShm reads and for software texture-from-pixmap, so a
 * client's own CPU time alone would flatter those. */
static gdouble
xserver_cpu_s (gint pid)
{
  gchar *dir_path;
  GDir *dir;
  const gchar *name;
  guint64 total = 0;
  gboolean any = FALSE;

  if (pid <= 0)
    return -1;
  dir_path = g_strdup_printf ("/proc/%d/task", pid);
  dir = g_dir_open (dir_path, 0, NULL);
  if (!dir) {
    g_free (dir_path);
    return -1;
  }
  while ((name = g_dir_read_name (dir))) {
    gchar *path = g_strdup_printf ("%s/%s/schedstat", dir_path, name);
    gchar *text = NULL;

    if (g_file_get_contents (path, &text, NULL, NULL)) {
      total += g_ascii_strtoull (text, NULL, 10);
      any = TRUE;
    }
    g_free (text);
    g_free (path);
  }
  g_dir_close (dir);
  g_free (dir_path);
  return any ? total / 1e9 : -1;
}

static void
touch_window (Bench * b)
{
  if (!b->touch_dpy)
    return;
  b->touch_n++;
  XSetForeground (b->touch_dpy, b->touch_gc,
      (b->touch_n * 0x2f1b37u) & 0xffffffu);
  XFillRectangle (b->touch_dpy, b->touch_xid, b->touch_gc, 0, 0, 16, 16);
  /* A round trip: the change is made before the next capture begins. */
  XSync (b->touch_dpy, False);
}

static void
mark_start (Bench * b)
{
  b->started = TRUE;
  b->rss_start_kb = current_rss_kb ();
  b->xcpu0 = xserver_cpu_s (b->xserver_pid);
  b->cpu0 = process_cpu_s ();
  b->t0 = g_get_monotonic_time ();
}

static void
mark_end (Bench * b)
{
  b->t1 = g_get_monotonic_time ();
  b->cpu1 = process_cpu_s ();
  b->xcpu1 = xserver_cpu_s (b->xserver_pid);
  b->rss_end_kb = current_rss_kb ();
  g_atomic_int_set (&b->done, 1);
}

static GstPadProbeReturn
sink_probe (GstPad * pad, GstPadProbeInfo * info, Bench * b)
{
  guint64 frames;

  if (g_atomic_int_get (&b->done))
    return GST_PAD_PROBE_OK;

  b->n_buffers++;
  if (!b->started) {
    if (b->n_buffers >= b->warmup) {
      GstCaps *caps = gst_pad_get_current_caps (pad);

      if (caps) {
        b->caps = gst_caps_to_string (caps);
        gst_caps_unref (caps);
      }
      mark_start (b);
    }
    return GST_PAD_PROBE_OK;
  }

  frames = b->n_buffers - b->warmup;
  if (b->rss_every && frames % b->rss_every == 0)
    g_string_append_printf (b->rss_samples, "%s%ld",
        b->rss_samples->len ? ", " : "", current_rss_kb ());
  if (frames >= b->max_frames || (frames >= b->min_frames
          && (g_get_monotonic_time () - b->t0) / 1e6 >= b->seconds)) {
    GstElement *sink = gst_pad_get_parent_element (pad);

    mark_end (b);
    gst_element_post_message (sink, gst_message_new_application (NULL,
            gst_structure_new_empty ("bench-done")));
    gst_object_unref (sink);
  }
  return GST_PAD_PROBE_OK;
}

/* On the source's pad: after a frame is captured and before the next. */
static GstPadProbeReturn
touch_probe (GstPad * pad, GstPadProbeInfo * info, Bench * b)
{
  touch_window (b);
  return GST_PAD_PROBE_OK;
}

static void
print_result (Bench * b)
{
  guint64 frames = b->n_buffers - b->warmup;
  gdouble xcpu = (b->xcpu0 >= 0 && b->xcpu1 >= 0) ? b->xcpu1 - b->xcpu0 : -1;

  printf ("{\"frames\": %" G_GUINT64_FORMAT ", \"wall_s\": %.6f, "
      "\"cpu_s\": %.6f, \"xserver_cpu_s\": %.6f, \"peak_rss_kb\": %ld, "
      "\"rss_start_kb\": %ld, \"rss_end_kb\": %ld, \"rss_samples_kb\": [%s], "
      "\"caps\": \"%s\"}\n", frames, (b->t1 - b->t0) / 1e6,
      b->cpu1 - b->cpu0, xcpu, peak_rss_kb (), b->rss_start_kb,
      b->rss_end_kb, b->rss_samples->str, b->caps ? b->caps : "");
  fflush (stdout);
}

static gboolean
on_bus_message (GstBus * bus, GstMessage * msg, Bench * b)
{
  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_ERROR:{
      GError *err = NULL;
      gchar *debug = NULL;

      gst_message_parse_error (msg, &err, &debug);
      fprintf (stderr, "error from %s: %s (%s)\n",
          GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), err->message,
          debug ? debug : "no details");
      g_clear_error (&err);
      g_free (debug);
      b->exit_code = 1;
      g_main_loop_quit (b->loop);
      break;
    }
    case GST_MESSAGE_EOS:
      if (!g_atomic_int_get (&b->done)) {
        fprintf (stderr, "end of stream after %" G_GUINT64_FORMAT
            " buffers, before the measurement was complete\n", b->n_buffers);
        b->exit_code = 1;
      }
      g_main_loop_quit (b->loop);
      break;
    case GST_MESSAGE_APPLICATION:
      if (gst_message_has_name (msg, "bench-done"))
        g_main_loop_quit (b->loop);
      break;
    default:
      break;
  }
  return TRUE;
}

static gboolean
on_timeout (Bench * b)
{
  fprintf (stderr, "timed out after %.0f s with %" G_GUINT64_FORMAT
      " buffers\n", b->timeout, b->n_buffers);
  b->exit_code = 1;
  g_main_loop_quit (b->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_size (const gchar * text, gint * width, gint * height)
{
  gchar tail;

  return sscanf (text, "%dx%d%c", width, height, &tail) == 2 && *width > 0
      && *height > 0;
}

/* ---- texture mode ---- */

static void
create_texture (GstGLContext * context, Bench * b)
{
  const GstGLFuncs *gl = context->gl_vtable;
  guint8 *pixels = g_malloc ((gsize) b->tex_width * b->tex_height * 4);
  gint x, y;

  for (y = 0; y < b->tex_height; y++) {
    guint8 *row = pixels + (gsize) y * b->tex_width * 4;

    for (x = 0; x < b->tex_width; x++) {
      row[4 * x + 0] = x * 255 / b->tex_width;
      row[4 * x + 1] = y * 255 / b->tex_height;
      row[4 * x + 2] = (x ^ y) & 0xff;
      row[4 * x + 3] = 255;
    }
  }
  gl->GenTextures (1, &b->texture);
  gl->BindTexture (GL_TEXTURE_2D, b->texture);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  gl->TexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, b->tex_width, b->tex_height, 0,
      GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  gl->BindTexture (GL_TEXTURE_2D, 0);
  gl->Finish ();
  g_free (pixels);
}

static void
delete_texture (GstGLContext * context, Bench * b)
{
  context->gl_vtable->DeleteTextures (1, &b->texture);
}

/* The application's render loop, on its own GL thread with its context
 * current: each frame-ready returns once the element has copied the frame
 * (is-live=false), so this runs exactly as fast as the element. */
static void
feed_frames (GstGLContext * context, Bench * b)
{
  while (!g_atomic_int_get (&b->stop_feeding))
    g_signal_emit_by_name (b->src, "frame-ready");
}

static gpointer
feeder_thread (Bench * b)
{
  gst_gl_context_thread_add (b->app_context,
      (GstGLContextThreadFunc) feed_frames, b);
  return NULL;
}

static gboolean
setup_texture (Bench * b, GError ** error)
{
  b->gl_display = gst_gl_display_new ();
  b->app_context = gst_gl_context_new (b->gl_display);
  if (!gst_gl_context_create (b->app_context, NULL, error))
    return FALSE;
  gst_gl_context_thread_add (b->app_context,
      (GstGLContextThreadFunc) create_texture, b);
  if (!b->texture) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "could not create a %dx%d texture", b->tex_width, b->tex_height);
    return FALSE;
  }
  return TRUE;
}

static void
share_app_context (Bench * b)
{
  GstContext *context;

  context = gst_context_new (GST_GL_DISPLAY_CONTEXT_TYPE, TRUE);
  gst_context_set_gl_display (context, b->gl_display);
  gst_element_set_context (b->src, context);
  gst_context_unref (context);

  context = gst_context_new ("gst.gl.app_context", TRUE);
  gst_structure_set (gst_context_writable_structure (context), "context",
      GST_TYPE_GL_CONTEXT, b->app_context, NULL);
  gst_element_set_context (b->src, context);
  gst_context_unref (context);
}

/* ---- commands ---- */

static gboolean
open_touch (Bench * b)
{
  XGCValues values = { 0 };

  b->touch_dpy = XOpenDisplay (NULL);
  if (!b->touch_dpy) {
    fprintf (stderr, "--touch: cannot open the X display\n");
    return FALSE;
  }
  b->touch_gc = XCreateGC (b->touch_dpy, b->touch_xid, 0, &values);
  XSync (b->touch_dpy, False);
  return TRUE;
}

static int
cmd_run (Bench * b, const gchar * description)
{
  GError *error = NULL;
  gchar *desc;
  GstElement *sink;
  GstPad *pad;
  GstBus *bus;

  if (b->touch_xid && !open_touch (b))
    return 1;
  if (b->tex_width) {
    gchar **parts;
    gchar *id;

    if (!setup_texture (b, &error)) {
      fprintf (stderr, "texture set-up failed: %s\n", error->message);
      return 1;
    }
    parts = g_strsplit (description, "@TEXTURE@", -1);
    id = g_strdup_printf ("%u", b->texture);
    desc = g_strjoinv (id, parts);
    g_free (id);
    g_strfreev (parts);
  } else {
    desc = g_strdup (description);
  }

  b->pipeline = gst_parse_launch (desc, &error);
  g_free (desc);
  if (!b->pipeline) {
    fprintf (stderr, "bad pipeline: %s\n", error->message);
    return 1;
  }
  sink = gst_bin_get_by_name (GST_BIN (b->pipeline), "sink");
  b->src = gst_bin_get_by_name (GST_BIN (b->pipeline), "src");
  if (!sink || !b->src) {
    fprintf (stderr, "the pipeline needs elements named src and sink\n");
    return 1;
  }
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER,
      (GstPadProbeCallback) sink_probe, b, NULL);
  gst_object_unref (pad);
  gst_object_unref (sink);
  if (b->touch_dpy) {
    pad = gst_element_get_static_pad (b->src, "src");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER,
        (GstPadProbeCallback) touch_probe, b, NULL);
    gst_object_unref (pad);
  }
  if (b->app_context)
    share_app_context (b);

  b->loop = g_main_loop_new (NULL, FALSE);
  bus = gst_element_get_bus (b->pipeline);
  gst_bus_add_watch (bus, (GstBusFunc) on_bus_message, b);
  g_timeout_add ((guint) (b->timeout * 1000), (GSourceFunc) on_timeout, b);

  if (gst_element_set_state (b->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    /* The reason, if any, is an ERROR on the bus. */
    b->exit_code = 1;
  } else {
    if (b->app_context)
      b->feeder = g_thread_new ("bench-feeder", (GThreadFunc) feeder_thread, b);
    g_main_loop_run (b->loop);
  }

  g_atomic_int_set (&b->stop_feeding, 1);
  gst_element_set_state (b->pipeline, GST_STATE_NULL);
  if (b->feeder)
    g_thread_join (b->feeder);
  if (b->exit_code == 0 && g_atomic_int_get (&b->done))
    print_result (b);
  else if (b->exit_code == 0)
    b->exit_code = 1;

  gst_bus_remove_watch (bus);
  gst_object_unref (bus);
  gst_object_unref (b->src);
  gst_object_unref (b->pipeline);
  g_main_loop_unref (b->loop);
  if (b->app_context) {
    gst_gl_context_thread_add (b->app_context,
        (GstGLContextThreadFunc) delete_texture, b);
    gst_object_unref (b->app_context);
    gst_object_unref (b->gl_display);
  }
  if (b->touch_dpy) {
    XFreeGC (b->touch_dpy, b->touch_gc);
    XCloseDisplay (b->touch_dpy);
  }
  return b->exit_code;
}

/* The largest CPU cache's size (sysfs; sysconf's answer is the host's in
 * some virtual machines), or a guess when it cannot be read. */
static gsize
llc_bytes (void)
{
  gsize best = 0;
  gint i;

  for (i = 0; i < 8; i++) {
    gchar *path =
        g_strdup_printf ("/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
    gchar *text = NULL;

    if (g_file_get_contents (path, &text, NULL, NULL)) {
      gchar *end;
      guint64 value = g_ascii_strtoull (text, &end, 10);

      if (*end == 'K')
        value *= 1024;
      else if (*end == 'M')
        value *= 1024 * 1024;
      best = MAX (best, value);
    }
    g_free (text);
    g_free (path);
  }
  return best ? best : 32 * 1024 * 1024;
}

/* Frames in a pipeline come from a pool and are not in the cache when they
 * are copied, so the copies cycle through enough buffer pairs that they
 * never are here either: the physical limit is memory bandwidth, not a
 * cache-to-cache copy that no capture path could ever match. */
static int
cmd_memcpy (Bench * b, gint width, gint height)
{
  gsize size = (gsize) width * height * 4;
  guint n_pairs = CLAMP ((2 * llc_bytes () + 2 * size - 1) / (2 * size), 1,
      32);
  guint8 **src = g_new (guint8 *, n_pairs), **dst = g_new (guint8 *, n_pairs);
  volatile guint8 sink_byte;
  guint64 i;
  guint p;

  /* Fault every page in first: the measurement is of copying, not of the
   * kernel handing out pages. */
  for (p = 0; p < n_pairs; p++) {
    src[p] = g_malloc (size);
    dst[p] = g_malloc (size);
    memset (src[p], 0x5a + p, size);
    memset (dst[p], 0xa5, size);
  }
  for (i = 0; i < MAX (b->warmup, n_pairs); i++)
    memcpy (dst[i % n_pairs], src[i % n_pairs], size);

  mark_start (b);
  for (i = 1;; i++) {
    p = i % n_pairs;
    memcpy (dst[p], src[p], size);
    sink_byte = dst[p][(i * 4099) % size];
    if (i >= b->max_frames || (i >= b->min_frames
            && (g_get_monotonic_time () - b->t0) / 1e6 >= b->seconds))
      break;
  }
  (void) sink_byte;
  mark_end (b);
  b->n_buffers = b->warmup + i;
  b->caps = g_strdup_printf ("memcpy %dx%d RGBA, %u buffer pairs", width,
      height, n_pairs);
  print_result (b);
  for (p = 0; p < n_pairs; p++) {
    g_free (src[p]);
    g_free (dst[p]);
  }
  g_free (src);
  g_free (dst);
  return 0;
}

static void
fill_pattern (XImage * image, gint width, gint height)
{
  gint x, y;

  /* Smooth ramps with a different direction per quadrant: no two rows or
   * columns alike, nothing a copy could shortcut. */
  for (y = 0; y < height; y++) {
    for (x = 0; x < width; x++) {
      gulong r = x * 255 / width, g = y * 255 / height, bl = (x + y) & 0xff;

      if (x >= width / 2)
        r = 255 - r;
      if (y >= height / 2)
        g = 255 - g;
      XPutPixel (image, x, y, (r << 16) | (g << 8) | bl);
    }
  }
}

static int
cmd_window (gint width, gint height, const gchar * title)
{
  Display *dpy = XOpenDisplay (NULL);
  XSetWindowAttributes attrs = { 0 };
  Window win;
  Pixmap pixmap;
  XImage *image;
  GC gc;
  gint screen, depth;
  Visual *visual;
  XEvent ev;
  struct pollfd pfd = { 0, POLLIN, 0 };
  gchar buf[64];

  if (!dpy) {
    fprintf (stderr, "cannot open the X display\n");
    return 1;
  }
  screen = DefaultScreen (dpy);
  depth = DefaultDepth (dpy, screen);
  visual = DefaultVisual (dpy, screen);
  if (depth != 24) {
    fprintf (stderr, "the screen must be 24 bits deep, not %d\n", depth);
    return 1;
  }

  image = XCreateImage (dpy, visual, depth, ZPixmap, 0, NULL, width, height,
      32, 0);
  image->data = g_malloc ((gsize) image->bytes_per_line * height);
  fill_pattern (image, width, height);
  pixmap = XCreatePixmap (dpy, RootWindow (dpy, screen), width, height, depth);
  gc = XCreateGC (dpy, pixmap, 0, NULL);
  XPutImage (dpy, pixmap, gc, image, 0, 0, 0, 0, width, height);
  XDestroyImage (image);

  /* The server repaints exposures from the background pixmap itself: no
   * event loop is needed to keep the window drawn. */
  attrs.background_pixmap = pixmap;
  attrs.event_mask = ExposureMask | StructureNotifyMask;
  win = XCreateWindow (dpy, RootWindow (dpy, screen), 0, 0, width, height, 0,
      depth, InputOutput, visual, CWBackPixmap | CWEventMask, &attrs);
  XStoreName (dpy, win, title);
  XMapWindow (dpy, win);
  do {
    XNextEvent (dpy, &ev);
  } while (ev.type != Expose);
  XClearWindow (dpy, win);
  XSync (dpy, False);

  printf ("0x%lx\n", (unsigned long) win);
  fflush (stdout);

  /* Until whoever started us closes our stdin (or dies). */
  while (poll (&pfd, 1, -1) >= 0 || errno == EINTR) {
    if (pfd.revents && read (0, buf, sizeof (buf)) <= 0)
      break;
  }
  XDestroyWindow (dpy, win);
  XFreePixmap (dpy, pixmap);
  XFreeGC (dpy, gc);
  XCloseDisplay (dpy);
  return 0;
}

static void
usage (void)
{
  fprintf (stderr,
      "usage: glwindowsrc-bench-helper window WxH TITLE\n"
      "       glwindowsrc-bench-helper run [OPTIONS] PIPELINE\n"
      "       glwindowsrc-bench-helper memcpy WxH [OPTIONS]\n"
      "options: --warmup N  --seconds S  --min-frames N  --max-frames N\n"
      "         --rss-every N  --xserver-pid PID  --touch XID\n"
      "         --texture WxH (run)  --timeout S\n");
}

int
main (int argc, char **argv)
{
  Bench b = { 0 };
  const gchar *command, *positional = NULL;
  gint i, width = 0, height = 0;

  if (argc < 3) {
    usage ();
    return 2;
  }
  command = argv[1];
  if (g_str_equal (command, "window")) {
    if (argc != 4 || !parse_size (argv[2], &width, &height)) {
      usage ();
      return 2;
    }
    return cmd_window (width, height, argv[3]);
  }

  /* The touch connection is used from a streaming thread while GStreamer
   * and GL use their own connections from others. */
  XInitThreads ();
  gst_init (NULL, NULL);

  b.warmup = 10;
  b.seconds = 2.0;
  b.min_frames = 5;
  b.max_frames = G_MAXUINT64;
  b.timeout = 120;
  b.rss_samples = g_string_new (NULL);
  for (i = 2; i < argc; i++) {
    const gchar *arg = argv[i];
    const gchar *val = i + 1 < argc ? argv[i + 1] : NULL;

    if (!g_str_has_prefix (arg, "--")) {
      if (positional) {
        usage ();
        return 2;
      }
      positional = arg;
      continue;
    }
    if (!val) {
      usage ();
      return 2;
    }
    i++;
    if (g_str_equal (arg, "--warmup"))
      b.warmup = MAX (1, atoi (val));
    else if (g_str_equal (arg, "--seconds"))
      b.seconds = g_ascii_strtod (val, NULL);
    else if (g_str_equal (arg, "--min-frames"))
      b.min_frames = MAX (1, g_ascii_strtoull (val, NULL, 10));
    else if (g_str_equal (arg, "--max-frames"))
      b.max_frames = MAX (1, g_ascii_strtoull (val, NULL, 10));
    else if (g_str_equal (arg, "--rss-every"))
      b.rss_every = g_ascii_strtoull (val, NULL, 10);
    else if (g_str_equal (arg, "--xserver-pid"))
      b.xserver_pid = atoi (val);
    else if (g_str_equal (arg, "--touch"))
      b.touch_xid = strtoul (val, NULL, 0);
    else if (g_str_equal (arg, "--timeout"))
      b.timeout = g_ascii_strtod (val, NULL);
    else if (g_str_equal (arg, "--texture")) {
      if (!parse_size (val, &b.tex_width, &b.tex_height)) {
        usage ();
        return 2;
      }
    } else {
      usage ();
      return 2;
    }
  }
  if (!positional) {
    usage ();
    return 2;
  }

  if (g_str_equal (command, "run"))
    return cmd_run (&b, positional);
  if (g_str_equal (command, "memcpy") && parse_size (positional, &width,
          &height))
    return cmd_memcpy (&b, width, height);
  usage ();
  return 2;
}
