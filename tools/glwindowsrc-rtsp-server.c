/* glwindowsrc-rtsp-server
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Serves a window (or the whole screen) as live H.264 over RTSP, with
 * gst-rtsp-server:
 *
 *   glwindowsrc-rtsp-server --window "3D View"
 *   ffplay -rtsp_transport tcp rtsp://127.0.0.1:8554/glwindow
 *
 * One capture is shared by every client (a shared media factory), so ten
 * viewers cost one capture and one encode. For many viewers, or viewers on
 * other networks, publish this stream into a media server instead (see
 * docs/streaming.md).
 *
 * It listens on 127.0.0.1 unless --address says otherwise, and carries RTP
 * over the RTSP connection itself (interleaved TCP): no other port is
 * opened, and it works through NAT and firewalls.
 *
 * Access: without credentials anyone who can reach the address and port
 * can watch (on 127.0.0.1, any user of this machine). --credentials
 * USER:PASSWORD or --credentials-file (one USER:PASSWORD a line) require
 * HTTP Basic authentication (gst-rtsp-server's GstRTSPAuth) for every
 * request; --tls-cert and --tls-key add TLS (rtsps://), without which Basic
 * credentials cross the network readable.
 *
 * H.264 in 4:2:0 needs an even width and height: an odd-sized window gets a
 * one pixel black column or row at its right or bottom edge (evensize.h), so
 * the picture itself is never rescaled.
 *
 * Every element the stream needs is looked up before it starts serving, so a
 * missing plugin is an error at once (exit status 1) rather than a failed
 * request later. Usage errors exit with status 2.
 */

#include "evensize.h"
#include "needed.h"
#include "tlscheck.h"

#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <glib-unix.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>

#define PROGRAM "glwindowsrc-rtsp-server"
#define EXIT_USAGE 2

#define DEFAULT_ADDRESS "127.0.0.1"
#define DEFAULT_PORT 8554
#define DEFAULT_FPS 30
#define MOUNT_POINT "/glwindow"

typedef struct
{
  gchar *window_name;
  gchar *xid;
  gchar *display;
  gchar *address;
  gint port;
  gint fps;
  guint64 xid_value;
  gchar **credentials;
  gchar *credentials_file;
  gchar *tls_cert;
  gchar *tls_key;
} Options;

/* The elements of the launch line below that a plugin outside GStreamer's
 * core brings, and where Debian has them. */
static const NeededElement needed_elements[] = {
  {"glwindowsrc", NULL},
  {"videoconvert", "gstreamer1.0-plugins-base"},
  {"videobox", "gstreamer1.0-plugins-good"},
  {"rtph264pay", "gstreamer1.0-plugins-good"},
  {"x264enc", "gstreamer1.0-plugins-ugly"},
};

/* Says the size viewers get, once per new size. */
static GstPadProbeReturn
announce_size_probe (GstPad * pad, GstPadProbeInfo * info, gpointer unused)
{
  gint width, height, even_width, even_height;

  if (caps_event_size (GST_PAD_PROBE_INFO_EVENT (info), &width, &height)) {
    gboolean padded = even_size_padded (width, height, &even_width,
        &even_height);

    g_print ("Serving %dx%d%s\n", even_width, even_height,
        padded ? " (padded to an even size for H.264)" : "");
  }
  return GST_PAD_PROBE_OK;
}

static void
on_error_message (GstBus * bus, GstMessage * msg, gpointer user_data)
{
  GError *err = NULL;

  gst_message_parse_error (msg, &err, NULL);
  g_printerr ("%s: %s\n", PROGRAM, err->message);
  g_clear_error (&err);
}

/* Every media prepared and not yet unprepared. They are stopped before the
 * process exits: a capture still running while the libraries under it
 * (GL, Xlib) are torn down at exit can crash. */
static GMutex media_lock;
static GList *running_media;

static void
on_media_unprepared (GstRTSPMedia * media, gpointer user_data)
{
  GList *link;

  g_mutex_lock (&media_lock);
  link = g_list_find (running_media, media);
  if (link) {
    running_media = g_list_delete_link (running_media, link);
    g_object_unref (media);
  }
  g_mutex_unlock (&media_lock);
}

static GstRTSPFilterResult
close_client (GstRTSPServer * server, GstRTSPClient * client, gpointer unused)
{
  return GST_RTSP_FILTER_REMOVE;
}

/* Disconnects every viewer and stops every capture pipeline. */
static void
stop_serving (GstRTSPServer * server)
{
  GList *media, *l;

  gst_rtsp_server_client_filter (server, close_client, NULL);
  g_mutex_lock (&media_lock);
  media = g_steal_pointer (&running_media);
  g_mutex_unlock (&media_lock);
  for (l = media; l; l = l->next)
    gst_rtsp_media_unprepare (l->data);
  /* Unpreparing finishes on the media's own threads: wait (a few seconds
   * at most) until every pipeline is down, so that the process does not
   * exit under a capture's streaming or GL thread. */
  for (l = media; l; l = l->next) {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (gst_rtsp_media_get_status (l->data) !=
        GST_RTSP_MEDIA_STATUS_UNPREPARED
        && g_get_monotonic_time () < deadline)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * 1000);
  }
  g_list_free_full (media, g_object_unref);
}

/* Each new media (the first client after none) gets its own pipeline: point
 * its capture at the chosen target. */
static void
on_media_configure (GstRTSPMediaFactory * factory, GstRTSPMedia * media,
    gpointer user_data)
{
  const Options *opts = user_data;
  GstElement *bin = gst_rtsp_media_get_element (media);
  GstElement *capture = gst_bin_get_by_name (GST_BIN (bin), "capture");
  GstElement *box = gst_bin_get_by_name (GST_BIN (bin), "pad-to-even");
  GstElement *pipeline = GST_ELEMENT (gst_element_get_parent (bin));
  GstPad *pad;

  if (opts->display)
    g_object_set (capture, "display-name", opts->display, NULL);
  if (opts->window_name)
    g_object_set (capture, "xname", opts->window_name, NULL);
  if (opts->xid_value)
    g_object_set (capture, "xid", opts->xid_value, NULL);
  /* Viewers' decoders keep the size they started with: a resized window is
   * scaled into it. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (capture),
          "resize-mode"))
    gst_util_set_object_arg (G_OBJECT (capture), "resize-mode", "scale");

  g_mutex_lock (&media_lock);
  running_media = g_list_prepend (running_media, g_object_ref (media));
  g_mutex_unlock (&media_lock);
  g_signal_connect (media, "unprepared", G_CALLBACK (on_media_unprepared),
      NULL);

  even_size_attach (box);
  pad = gst_element_get_static_pad (capture, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      announce_size_probe, NULL, NULL);
  gst_object_unref (pad);

  /* A window that is not there fails the client's request; say why here
   * too, where the person running the server sees it. */
  if (pipeline) {
    GstBus *bus = gst_element_get_bus (pipeline);

    gst_bus_enable_sync_message_emission (bus);
    g_signal_connect (bus, "sync-message::error",
        G_CALLBACK (on_error_message), NULL);
    gst_object_unref (bus);
    gst_object_unref (pipeline);
  }
  gst_object_unref (box);
  gst_object_unref (capture);
  gst_object_unref (bin);
}

/* "USER:PASSWORD" into the auth; FALSE with a message when malformed. */
static gboolean
add_credential (GstRTSPAuth * auth, const gchar * entry, const gchar * where)
{
  const gchar *colon = strchr (entry, ':');
  gchar *user, *basic;
  GstRTSPToken *token;

  if (!colon || colon == entry || !colon[1]) {
    g_printerr ("%s: credentials %s are not USER:PASSWORD\n", PROGRAM,
        where);
    return FALSE;
  }
  user = g_strndup (entry, colon - entry);
  basic = gst_rtsp_auth_make_basic (user, colon + 1);
  token = gst_rtsp_token_new (GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE,
      G_TYPE_STRING, "viewer", NULL);
  gst_rtsp_auth_add_basic (auth, basic, token);
  gst_rtsp_token_unref (token);
  g_free (basic);
  g_free (user);
  return TRUE;
}

/* The access rules: who may watch (Basic credentials, each a "viewer"),
 * and TLS. NULL with nothing to set up; exits through *failed. */
static GstRTSPAuth *
make_auth (const Options * opts, gboolean * failed)
{
  GstRTSPAuth *auth;
  gint n = 0;

  *failed = FALSE;
  if (!opts->credentials && !opts->credentials_file && !opts->tls_cert)
    return NULL;
  auth = gst_rtsp_auth_new ();
  for (gchar ** c = opts->credentials; c && *c; c++, n++)
    if (!add_credential (auth, *c, "given on the command line"))
      goto failed;
  if (opts->credentials_file) {
    gchar *text = NULL, **lines;
    GError *error = NULL;

    if (!g_file_get_contents (opts->credentials_file, &text, NULL, &error)) {
      g_printerr ("%s: %s\n", PROGRAM, error->message);
      g_clear_error (&error);
      goto failed;
    }
    lines = g_strsplit (text, "\n", -1);
    g_free (text);
    for (gchar ** line = lines; *line; line++) {
      g_strstrip (*line);
      if (!**line || **line == '#')
        continue;
      if (!add_credential (auth, *line, "in the credentials file")) {
        g_strfreev (lines);
        goto failed;
      }
      n++;
    }
    g_strfreev (lines);
    if (n == 0) {
      g_printerr ("%s: no USER:PASSWORD in %s\n", PROGRAM,
          opts->credentials_file);
      goto failed;
    }
  }
  if (opts->tls_cert) {
    GError *error = NULL;
    GTlsCertificate *cert = g_tls_certificate_new_from_files (opts->tls_cert,
        opts->tls_key ? opts->tls_key : opts->tls_cert, &error);

    if (!cert) {
      g_printerr ("%s: TLS certificate: %s\n", PROGRAM, error->message);
      g_clear_error (&error);
      goto failed;
    }
    if (!tls_certificate_serves (cert, &error)) {
      g_printerr ("%s: the key in %s does not serve with the certificate in "
          "%s (is it that certificate's key?): a TLS handshake with them "
          "failed: %s\n", PROGRAM, opts->tls_key ? opts->tls_key :
          opts->tls_cert, opts->tls_cert, error->message);
      g_clear_error (&error);
      g_object_unref (cert);
      goto failed;
    }
    gst_rtsp_auth_set_tls_certificate (auth, cert);
    g_object_unref (cert);
  }
  if (n == 0) {
    /* TLS alone: anyone may watch, over an encrypted connection. */
    GstRTSPToken *token = gst_rtsp_token_new (GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE,
        G_TYPE_STRING, "viewer", NULL);
    gst_rtsp_auth_set_default_token (auth, token);
    gst_rtsp_token_unref (token);
  }
  return auth;

failed:
  g_object_unref (auth);
  *failed = TRUE;
  return NULL;
}

/* Only the "viewer" role may see and open the stream. */
static void
restrict_to_viewers (GstRTSPMediaFactory * factory)
{
  gst_rtsp_media_factory_add_role (factory, "viewer",
      GST_RTSP_PERM_MEDIA_FACTORY_ACCESS, G_TYPE_BOOLEAN, TRUE,
      GST_RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, G_TYPE_BOOLEAN, TRUE, NULL);
}

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  Options opts = { NULL, NULL, NULL, NULL, DEFAULT_PORT, DEFAULT_FPS, 0,
    NULL, NULL, NULL, NULL
  };
  GOptionEntry entries[] = {
    {"window", 'w', 0, G_OPTION_ARG_STRING, &opts.window_name,
        "Serve the window with this exact title", "NAME"},
    {"xid", 'x', 0, G_OPTION_ARG_STRING, &opts.xid,
        "Serve the window with this X id (hex 0x... or decimal)", "ID"},
    {"display", 0, 0, G_OPTION_ARG_STRING, &opts.display,
        "X display (default: $DISPLAY)", "NAME"},
    {"address", 'a', 0, G_OPTION_ARG_STRING, &opts.address,
          "Address to listen on (default: 127.0.0.1, this machine only)",
        "ADDR"},
    {"port", 'p', 0, G_OPTION_ARG_INT, &opts.port,
        "RTSP port (default: 8554; 0: any free port)", "PORT"},
    {"fps", 'r', 0, G_OPTION_ARG_INT, &opts.fps,
        "Frames per second (default: 30)", "N"},
    {"credentials", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &opts.credentials,
          "Require this user and password (Basic authentication; "
          "repeatable; visible to other local users in ps: prefer "
          "--credentials-file)", "USER:PASSWORD"},
    {"credentials-file", 0, 0, G_OPTION_ARG_FILENAME, &opts.credentials_file,
        "Require one of the USER:PASSWORD lines of this file", "FILE"},
    {"tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opts.tls_cert,
        "Serve rtsps:// with this PEM certificate", "FILE"},
    {"tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opts.tls_key,
        "Its PEM private key (default: in the certificate file)", "FILE"},
    {NULL}
  };
  GOptionContext *ctx;
  GError *error = NULL;
  GMainLoop *loop;
  GstRTSPServer *server;
  GstRTSPMountPoints *mounts;
  GstRTSPMediaFactory *factory;
  GstRTSPAuth *auth;
  gchar *port_str, *launch;
  const gchar *address;
  guint server_id;
  gboolean auth_failed;

  ctx = g_option_context_new ("- serve a window or the screen over RTSP");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("%s: %s (see --help)\n", PROGRAM, error->message);
    g_clear_error (&error);
    g_option_context_free (ctx);
    return EXIT_USAGE;
  }
  g_option_context_free (ctx);
  if (argc > 1) {
    g_printerr ("%s: unexpected argument \"%s\" (see --help)\n", PROGRAM,
        argv[1]);
    return EXIT_USAGE;
  }
  if (opts.window_name && opts.xid) {
    g_printerr ("%s: give --window or --xid, not both\n", PROGRAM);
    return EXIT_USAGE;
  }
  if (opts.xid) {
    gchar *end = NULL;

    opts.xid_value = g_ascii_strtoull (opts.xid, &end, 0);
    if (!*opts.xid || *end || opts.xid_value == 0) {
      g_printerr ("%s: bad window id \"%s\"\n", PROGRAM, opts.xid);
      return EXIT_USAGE;
    }
  }
  if (opts.port < 0 || opts.port > 65535 || opts.fps < 1 || opts.fps > 240) {
    g_printerr ("%s: --port must be 0-65535 and --fps 1-240\n", PROGRAM);
    return EXIT_USAGE;
  }
  if (opts.tls_key && !opts.tls_cert) {
    g_printerr ("%s: --tls-key needs --tls-cert\n", PROGRAM);
    return EXIT_USAGE;
  }
  auth = make_auth (&opts, &auth_failed);
  if (auth_failed)
    return EXIT_USAGE;
  if (!needed_elements_found (PROGRAM, needed_elements,
          G_N_ELEMENTS (needed_elements), FALSE))
    return 1;
  address = opts.address ? opts.address : DEFAULT_ADDRESS;
  if (!auth || !opts.tls_cert)
    g_printerr ("%s: %s\n", PROGRAM, !auth ? (g_str_has_prefix (address,
                "127.") || g_str_equal (address, "::1") ?
            "no credentials: any user of this machine can watch" :
            "no credentials: ANYONE who can reach this address and port "
            "can watch (see --credentials-file)") :
        "no TLS: passwords and pictures cross the network readable "
        "(see --tls-cert)");

  /* GStreamer's GL elements open their display from $DISPLAY, and the
   * capture's GL context must be on the captured X server. */
  if (opts.display)
    g_setenv ("DISPLAY", opts.display, TRUE);

  loop = g_main_loop_new (NULL, FALSE);
  server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (server, address);
  if (auth) {
    gst_rtsp_server_set_auth (server, auth);
    g_object_unref (auth);
  }
  port_str = g_strdup_printf ("%d", opts.port);
  gst_rtsp_server_set_service (server, port_str);
  g_free (port_str);

  /* A leaky queue drops frames rather than lagging when the encoder falls
   * behind; a keyframe every second, with SPS/PPS in front of each, lets a
   * viewer join at any time within a second. Constant quality capped at
   * 6 Mbit/s: sharp from the first frame, bounded on busy pictures. One
   * slice per picture: zerolatency's sliced threads cut each picture into
   * slices that FFmpeg-based players (ffplay, VLC, OBS) show torn over
   * RTSP. The capture makes the encoder's I420 itself, in the pass that
   * reads the window; videoconvert then passes it on untouched. */
  launch = g_strdup_printf ("( glwindowsrc name=capture "
      "! video/x-raw,format=I420,framerate=%d/1 "
      "! queue leaky=downstream max-size-buffers=4 max-size-bytes=0 "
      "max-size-time=0 "
      "! videobox name=pad-to-even ! videoconvert ! video/x-raw,format=I420 "
      "! x264enc tune=zerolatency speed-preset=veryfast key-int-max=%d "
      "sliced-threads=false pass=qual quantizer=23 bitrate=6000 "
      "! rtph264pay name=pay0 pt=96 config-interval=-1 )", opts.fps,
      opts.fps);
  factory = gst_rtsp_media_factory_new ();
  gst_rtsp_media_factory_set_launch (factory, launch);
  g_free (launch);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  gst_rtsp_media_factory_set_protocols (factory, GST_RTSP_LOWER_TRANS_TCP);
  g_signal_connect (factory, "media-configure",
      G_CALLBACK (on_media_configure), &opts);
  if (auth)
    restrict_to_viewers (factory);

  mounts = gst_rtsp_server_get_mount_points (server);
  gst_rtsp_mount_points_add_factory (mounts, MOUNT_POINT, factory);
  g_object_unref (mounts);

  server_id = gst_rtsp_server_attach (server, NULL);
  if (server_id == 0) {
    g_printerr ("%s: cannot listen on %s port %d\n", PROGRAM,
        opts.address ? opts.address : DEFAULT_ADDRESS, opts.port);
    g_object_unref (server);
    return 1;
  }

  /* Before the URL is out: a script may stop the server as soon as it has
   * read it, and that stop must be a clean one. */
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);

  /* The actual port (--port 0 lets the system choose), on stdout for
   * scripts, flushed at once. */
  g_print ("%s://%s:%d%s\n", opts.tls_cert ? "rtsps" : "rtsp", address,
      gst_rtsp_server_get_bound_port (server), MOUNT_POINT);
  fflush (stdout);

  g_main_loop_run (loop);

  stop_serving (server);
  g_source_remove (server_id);
  g_object_unref (server);
  /* gst-rtsp-server's worker threads end here, not in exit(). */
  gst_rtsp_thread_pool_cleanup ();
  g_main_loop_unref (loop);
  g_free (opts.window_name);
  g_free (opts.xid);
  g_free (opts.display);
  g_free (opts.address);
  g_strfreev (opts.credentials);
  g_free (opts.credentials_file);
  g_free (opts.tls_cert);
  g_free (opts.tls_key);
  return 0;
}
