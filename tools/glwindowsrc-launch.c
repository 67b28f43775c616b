/* glwindowsrc-launch
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Runs an unmodified GL program with the swap hook (libglwindowsrc-hook.so,
 * LD_PRELOAD) and records every frame it presents, once, with its own
 * timing:
 *
 *   glwindowsrc-launch --output movie.mp4 -- paraview
 *   glwindowsrc-launch --socket /run/user/1000/glwindowsrc/app.sock -- glxgears
 *
 * --output FILE: records to FILE (.mp4 or .mkv: H.264; .webm: VP8) through
 * glwindowsrc target=swap, lossless (the program waits rather than a frame
 * being lost; --lossy lets it run free and drops frames instead). The
 * recording ends, and the file is finalised, when the program exits (or
 * crashes). The size is the program's first frame's; later sizes are scaled
 * into it (a file keeps one size), and odd sizes are padded to even ones.
 *
 * --socket PATH (or neither option: the element's default,
 * $XDG_RUNTIME_DIR/glwindowsrc/swap.sock): runs the program for a pipeline
 * of your own that listens there (glwindowsrc target=swap socket=PATH).
 * The launcher becomes the program (exec); its hook waits up to
 * GLWINDOWSRC_HOOK_TIMEOUT_MS (10 s) at the first swap for the pipeline.
 *
 * Exit status: the program's own; 1 when the recording failed; 2 on a usage
 * error.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

/* execvpe */
#define _GNU_SOURCE

#include "evensize.h"

#include <gst/gst.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROGRAM "glwindowsrc-launch"
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define DEFAULT_TIMEOUT 20
/* Finalising after the program's end may take this long. */
#define EOS_TIMEOUT_S 60

typedef struct
{
  const gchar *output;
  const gchar *socket_path;
  gboolean lossy;
  guint timeout;
  gchar **argv;
} Options;

typedef struct
{
  GMainLoop *loop;
  GstElement *pipeline;
  GPid child;
  gint child_status;
  gboolean child_done;
  gboolean failed;
  guint64 frames;
  guint64 dropped;
} Launch;

static void
usage (FILE * out)
{
  fprintf (out, "Usage: " PROGRAM " [--output FILE | --socket PATH] "
      "[--lossy] [--timeout SECONDS] -- PROGRAM [ARGS...]\n"
      "Runs PROGRAM with the glwindowsrc swap hook: records every frame it "
      "presents to FILE\n(.mp4, .mkv, .webm), or serves them on PATH for "
      "glwindowsrc target=swap socket=PATH.\n");
}

/* The hook: $GLWINDOWSRC_HOOK, the installed one, or this build's. */
static gchar *
find_hook (void)
{
  const gchar *env = g_getenv ("GLWINDOWSRC_HOOK");

  if (env && *env)
    return g_strdup (env);
  if (g_file_test (GWS_HOOK_PATH, G_FILE_TEST_EXISTS))
    return g_strdup (GWS_HOOK_PATH);
  if (g_file_test (GWS_HOOK_BUILD_PATH, G_FILE_TEST_EXISTS))
    return g_strdup (GWS_HOOK_BUILD_PATH);
  return NULL;
}

static gchar *
default_socket_path (void)
{
  const gchar *runtime = g_getenv ("XDG_RUNTIME_DIR");

  if (runtime && *runtime)
    return g_build_filename (runtime, "glwindowsrc", "swap.sock", NULL);
  return g_strdup_printf ("%s/glwindowsrc-%u/swap.sock", g_get_tmp_dir (),
      (guint) getuid ());
}

/* The program's environment: the hook first in LD_PRELOAD. */
static gchar **
program_env (const gchar * hook, const gchar * socket_path)
{
  gchar **env = g_get_environ ();
  const gchar *preload = g_environ_getenv (env, "LD_PRELOAD");
  gchar *value = preload && *preload ?
      g_strdup_printf ("%s:%s", hook, preload) : g_strdup (hook);

  env = g_environ_setenv (env, "LD_PRELOAD", value, TRUE);
  env = g_environ_setenv (env, "GLWINDOWSRC_SOCKET", socket_path, TRUE);
  g_free (value);
  return env;
}

static gint
serve (const Options * opts, const gchar * hook)
{
  gchar *path = opts->socket_path ? g_strdup (opts->socket_path) :
      default_socket_path ();
  gchar **env = program_env (hook, path);

  execvpe (opts->argv[0], opts->argv, env);
  fprintf (stderr, PROGRAM ": cannot run %s: %s\n", opts->argv[0],
      g_strerror (errno));
  g_strfreev (env);
  g_free (path);
  return 127;
}

static const gchar *
encoder_chain (const gchar * output, gboolean * even)
{
  *even = TRUE;
  if (g_str_has_suffix (output, ".mp4"))
    return "x264enc speed-preset=veryfast tune=zerolatency ! h264parse ! "
        "mp4mux";
  if (g_str_has_suffix (output, ".mkv"))
    return "x264enc speed-preset=veryfast tune=zerolatency ! h264parse ! "
        "matroskamux";
  *even = FALSE;
  if (g_str_has_suffix (output, ".webm"))
    return "vp8enc deadline=1 cpu-used=8 ! webmmux";
  return NULL;
}

static gboolean
on_bus (GstBus * bus, GstMessage * msg, Launch * launch)
{
  GError *error = NULL;
  gchar *debug = NULL;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_EOS:
      g_main_loop_quit (launch->loop);
      break;
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (msg, &error, &debug);
      fprintf (stderr, PROGRAM ": %s\n", error->message);
      if (debug)
        fprintf (stderr, PROGRAM ": (%s)\n", debug);
      launch->failed = TRUE;
      g_main_loop_quit (launch->loop);
      break;
    case GST_MESSAGE_QOS:
      if (GST_MESSAGE_SRC (msg) && GST_IS_ELEMENT (GST_MESSAGE_SRC (msg))) {
        GstFormat format;
        guint64 processed, dropped;

        gst_message_parse_qos_stats (msg, &format, &processed, &dropped);
        /* Said once, at the end. */
        if (format == GST_FORMAT_BUFFERS)
          launch->dropped = MAX (launch->dropped, dropped);
      }
      break;
    default:
      break;
  }
  g_clear_error (&error);
  g_free (debug);
  return G_SOURCE_CONTINUE;
}

static void
on_child_exit (GPid pid, gint status, Launch * launch)
{
  launch->child_status = status;
  launch->child_done = TRUE;
  g_spawn_close_pid (pid);
}

static gboolean
on_signal (Launch * launch)
{
  /* The program ends, its socket closes, the element ends the stream and
   * the file is finalised. */
  if (!launch->child_done)
    kill (launch->child, SIGTERM);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_eos_timeout (Launch * launch)
{
  fprintf (stderr, PROGRAM ": the recording did not finish in %d s\n",
      EOS_TIMEOUT_S);
  launch->failed = TRUE;
  g_main_loop_quit (launch->loop);
  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
count_frames (GstPad * pad, GstPadProbeInfo * info, Launch * launch)
{
  launch->frames++;
  return GST_PAD_PROBE_OK;
}

static gint
record (const Options * opts, const gchar * hook)
{
  Launch launch = { 0 };
  GError *error = NULL;
  gchar *dir, *path, *description, *location;
  gchar **env;
  const gchar *chain;
  gboolean even;
  GstElement *src;
  GstPad *pad;
  GstBus *bus;
  gint status = EXIT_FAILED;

  chain = encoder_chain (opts->output, &even);
  if (!chain) {
    fprintf (stderr, PROGRAM ": %s: the output must end in .mp4, .mkv or "
        ".webm\n", opts->output);
    return EXIT_USAGE;
  }
  /* A private folder for the socket, gone afterwards. */
  {
    const gchar *runtime = g_getenv ("XDG_RUNTIME_DIR");
    gchar *tmpl = g_build_filename (runtime && *runtime ? runtime :
        g_get_tmp_dir (), "glwindowsrc-launch-XXXXXX", NULL);

    dir = g_mkdtemp_full (tmpl, 0700);
    if (!dir) {
      fprintf (stderr, PROGRAM ": cannot make a private folder %s: %s\n",
          tmpl, g_strerror (errno));
      g_free (tmpl);
      return EXIT_FAILED;
    }
  }
  path = g_build_filename (dir, "swap.sock", NULL);

  location = g_strescape (opts->output, NULL);
  description = g_strdup_printf ("glwindowsrc name=capture target=swap "
      "socket=\"%s\" lossless=%s connect-timeout=%u resize-mode=scale "
      "! queue max-size-buffers=8 max-size-bytes=0 max-size-time=0 "
      "! %s videoconvert ! video/x-raw,format=I420 ! %s "
      "! filesink location=\"%s\"", path, opts->lossy ? "false" : "true",
      opts->timeout, even ? "videobox name=pad !" : "", chain, location);
  g_free (location);
  launch.pipeline = gst_parse_launch (description, &error);
  g_free (description);
  if (!launch.pipeline) {
    fprintf (stderr, PROGRAM ": cannot make the recording pipeline: %s\n",
        error->message);
    g_clear_error (&error);
    goto out;
  }
  if (even) {
    GstElement *box = gst_bin_get_by_name (GST_BIN (launch.pipeline), "pad");

    even_size_attach (box);
    gst_object_unref (box);
  }
  src = gst_bin_get_by_name (GST_BIN (launch.pipeline), "capture");
  pad = gst_element_get_static_pad (src, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER,
      (GstPadProbeCallback) count_frames, &launch, NULL);
  gst_object_unref (pad);
  gst_object_unref (src);

  /* The program first: its hook waits at the first swap for the socket,
   * and the element waits in the change to PAUSED for the first frame. */
  env = program_env (hook, path);
  if (!g_spawn_async (NULL, opts->argv, env, G_SPAWN_SEARCH_PATH |
          G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_CHILD_INHERITS_STDIN, NULL,
          NULL, &launch.child, &error)) {
    fprintf (stderr, PROGRAM ": cannot run %s: %s\n", opts->argv[0],
        error->message);
    g_clear_error (&error);
    g_strfreev (env);
    goto out;
  }
  g_strfreev (env);

  launch.loop = g_main_loop_new (NULL, FALSE);
  g_child_watch_add (launch.child, (GChildWatchFunc) on_child_exit, &launch);
  g_unix_signal_add (SIGINT, (GSourceFunc) on_signal, &launch);
  g_unix_signal_add (SIGTERM, (GSourceFunc) on_signal, &launch);
  bus = gst_element_get_bus (launch.pipeline);
  gst_bus_add_watch (bus, (GstBusFunc) on_bus, &launch);
  gst_object_unref (bus);

  if (gst_element_set_state (launch.pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    /* The error is on the bus. */
    launch.failed = TRUE;
    bus = gst_element_get_bus (launch.pipeline);
    {
      GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (msg) {
        on_bus (bus, msg, &launch);
        gst_message_unref (msg);
      }
    }
    gst_object_unref (bus);
  } else {
    g_main_loop_run (launch.loop);
  }
  gst_element_set_state (launch.pipeline, GST_STATE_NULL);

  if (!launch.child_done) {
    guint timer = g_timeout_add_seconds (EOS_TIMEOUT_S,
        (GSourceFunc) on_eos_timeout, &launch);

    if (launch.failed)
      kill (launch.child, SIGTERM);
    while (!launch.child_done && g_main_context_iteration (NULL, TRUE));
    g_source_remove (timer);
  }
  fprintf (stderr, PROGRAM ": %" G_GUINT64_FORMAT " frame(s) %s %s",
      launch.frames, launch.failed ? "captured; recording FAILED:" :
      "recorded in", opts->output);
  if (launch.dropped)
    fprintf (stderr, "; %" G_GUINT64_FORMAT " frame(s) of the program "
        "dropped (--lossy: no free slot)", launch.dropped);
  fprintf (stderr, "\n");
  if (launch.failed)
    status = EXIT_FAILED;
  else if (WIFEXITED (launch.child_status))
    status = WEXITSTATUS (launch.child_status);
  else
    status = 128 + WTERMSIG (launch.child_status);

out:
  if (launch.pipeline)
    gst_object_unref (launch.pipeline);
  if (launch.loop)
    g_main_loop_unref (launch.loop);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
  return status;
}

int
main (int argc, char **argv)
{
  Options opts = { NULL, NULL, FALSE, DEFAULT_TIMEOUT, NULL };
  gchar *hook;
  gint i, status;

  setlocale (LC_ALL, "");
  for (i = 1; i < argc; i++) {
    const gchar *a = argv[i];

    if (!strcmp (a, "--")) {
      i++;
      break;
    } else if (!strcmp (a, "--help") || !strcmp (a, "-h")) {
      usage (stdout);
      return 0;
    } else if (!strcmp (a, "--lossy")) {
      opts.lossy = TRUE;
    } else if ((!strcmp (a, "--output") || !strcmp (a, "-o")) && i + 1 < argc) {
      opts.output = argv[++i];
    } else if (!strcmp (a, "--socket") && i + 1 < argc) {
      opts.socket_path = argv[++i];
    } else if (!strcmp (a, "--timeout") && i + 1 < argc) {
      opts.timeout = atoi (argv[++i]);
      if (opts.timeout < 1) {
        fprintf (stderr, PROGRAM ": --timeout must be at least 1 second\n");
        return EXIT_USAGE;
      }
    } else if (a[0] == '-') {
      fprintf (stderr, PROGRAM ": unknown option %s\n", a);
      usage (stderr);
      return EXIT_USAGE;
    } else {
      break;
    }
  }
  if (i >= argc || (opts.output && opts.socket_path)) {
    usage (stderr);
    return EXIT_USAGE;
  }
  opts.argv = argv + i;

  hook = find_hook ();
  if (!hook) {
    fprintf (stderr, PROGRAM ": libglwindowsrc-hook.so not found (looked "
        "at $GLWINDOWSRC_HOOK, " GWS_HOOK_PATH ")\n");
    return EXIT_FAILED;
  }
  if (!opts.output) {
    status = serve (&opts, hook);
  } else {
    gst_init (NULL, NULL);
    status = record (&opts, hook);
    gst_deinit ();
  }
  g_free (hook);
  return status;
}
