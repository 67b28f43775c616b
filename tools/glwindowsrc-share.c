/* glwindowsrc-share
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Shows a window (or the screen, or any pipeline) in a web browser over
 * WebRTC, and lets the viewer drive it:
 *
 *   glwindowsrc-share --window "3D View"
 *   # open the URL it prints (http://127.0.0.1:8080/TOKEN/) in any browser
 *   glwindowsrc-share --window "3D View" --listen 0.0.0.0 \
 *       --tls-cert cert.pem --tls-key key.pem     # https://HOST:8080/TOKEN/
 *
 * One capture, one H.264 encode and one RTP payloader feed a tee; each
 * viewer is a branch of its own (a leaky queue and a webrtcbin with its own
 * peer connection, ICE through libnice and DTLS-SRTP). A viewer who joins
 * asks for a keyframe; so does a browser that lost one (RTCP PLI, which
 * webrtcbin turns into an upstream force-key-unit event). The encode stops
 * (a valve) while nobody watches.
 *
 * The page (tools/share/index.html and share.js, plain JavaScript) and the
 * signalling WebSocket are served by libsoup. Input from the page comes
 * over that WebSocket in the video's pixel coordinates and goes into the
 * pipeline as GstNavigation events, upstream to glwindowsrc, whose
 * enable-navigation-events injects them into the window with XTest: the
 * same path a glimagesink window's input takes.
 *
 * Access: it listens on 127.0.0.1 unless --listen says otherwise. A random
 * token is part of every URL (/TOKEN/, /TOKEN/share.js, /TOKEN/ws): any
 * other path gets 403 and an empty body. --view-only drops all input;
 * --control first gives it only to the viewer who has been there longest.
 * On loopback, ICE uses 127.0.0.1 only, and the browser's candidates for
 * other addresses are dropped: nothing leaves the machine. No STUN and no
 * TURN: viewers must reach this machine's address directly. The video is
 * always encrypted (DTLS-SRTP); the page, the token in its URL and the
 * input are only with --tls-cert and --tls-key, which serve HTTPS (and
 * wss://) and nothing else on the port. Without them, off loopback, it
 * warns that they cross the network readable.
 *
 * When the window closes the viewers are told ("end"), the tool exits 0;
 * Ctrl-C (SIGINT, SIGTERM) tells them too and exits 0. Usage errors exit 2
 * (a --tls-cert or --tls-key file that cannot be used among them, as in
 * glwindowsrc-rtsp-server), anything else that keeps it from serving 1.
 */

#include "evensize.h"
#include "needed.h"
#include "share.h"

#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/video/video.h>
#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <glib-unix.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

/* The elements of the launch line that a plugin outside GStreamer's core
 * brings, and where Debian has them. */
static const NeededElement needed_elements[] = {
  {"glwindowsrc", NULL},
  {"videoconvert", "gstreamer1.0-plugins-base"},
  {"videobox", "gstreamer1.0-plugins-good"},
  {"rtph264pay", "gstreamer1.0-plugins-good"},
  {"x264enc", "gstreamer1.0-plugins-ugly"},
  {"webrtcbin", "gstreamer1.0-plugins-bad"},
  {"dtlssrtpenc", "gstreamer1.0-plugins-bad"},
  {"nicesink", "gstreamer1.0-nice"},
};

/* ------------------------------------------------------------------------ */
/* viewers                                                                   */

static Viewer *
viewer_ref (Viewer * viewer)
{
  g_atomic_int_inc (&viewer->refs);
  return viewer;
}

static void
viewer_unref (Viewer * viewer)
{
  if (!g_atomic_int_dec_and_test (&viewer->refs))
    return;
  if (viewer->ws)
    g_signal_handlers_disconnect_by_data (viewer->ws, viewer);
  g_clear_object (&viewer->ws);
  gst_clear_object (&viewer->queue);
  gst_clear_object (&viewer->webrtc);
  gst_clear_object (&viewer->tee_pad);
  g_free (viewer);
}

typedef struct
{
  Viewer *viewer;
  gchar *text;
} Outgoing;

static gboolean
send_now (gpointer data)
{
  Outgoing *out = data;
  SoupWebsocketConnection *ws = out->viewer->ws;

  if (ws && soup_websocket_connection_get_state (ws) ==
      SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (ws, out->text);
  return G_SOURCE_REMOVE;
}

static void
outgoing_free (gpointer data)
{
  Outgoing *out = data;

  viewer_unref (out->viewer);
  g_free (out->text);
  g_free (out);
}

/* Sends @builder's object to the viewer's page, from any thread (webrtcbin
 * calls back on its own): the WebSocket is the main thread's. */
static void
viewer_send (Viewer * viewer, JsonBuilder * builder)
{
  Outgoing *out = g_new0 (Outgoing, 1);
  JsonNode *root = json_builder_get_root (builder);

  out->viewer = viewer_ref (viewer);
  out->text = json_to_string (root, FALSE);
  json_node_unref (root);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, send_now, out,
      outgoing_free);
}

static JsonBuilder *
message_begin (const gchar * type)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  return b;
}

static void
message_send (Viewer * viewer, JsonBuilder * b)
{
  json_builder_end_object (b);
  viewer_send (viewer, b);
  g_object_unref (b);
}

gboolean
viewer_may_control (Viewer * viewer)
{
  App *app = viewer->app;

  if (app->opts.view_only)
    return FALSE;
  if (g_strcmp0 (app->opts.control, "first") == 0)
    return app->viewers && app->viewers->data == viewer;
  return TRUE;
}

void
send_control (Viewer * viewer, const gchar * type)
{
  JsonBuilder *b = message_begin (type);

  json_builder_set_member_name (b, "control");
  json_builder_add_boolean_value (b, viewer_may_control (viewer));
  json_builder_set_member_name (b, "viewer");
  json_builder_add_int_value (b, viewer->id);
  message_send (viewer, b);
}

static void
send_end (Viewer * viewer, const gchar * reason)
{
  JsonBuilder *b = message_begin ("end");

  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, reason);
  message_send (viewer, b);
}

static void
request_keyframe (App * app)
{
  GstPad *pad = gst_element_get_static_pad (app->encoder, "src");

  gst_pad_send_event (pad,
      gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE, TRUE,
          0));
  gst_object_unref (pad);
}

static void
on_offer_set (GstPromise * promise, gpointer user_data)
{
  gst_promise_unref (promise);
}

/* libnice maps ports on a UPnP router by default, which starts with a
 * multicast search on every network: never wanted here. The agent is only
 * reachable through the nicesrc and nicesink webrtcbin made for the offer;
 * it gathers after set-local-description. */
static void
disable_upnp (GstElement * webrtc)
{
  GstIterator *it = gst_bin_iterate_recurse (GST_BIN (webrtc));
  GValue item = G_VALUE_INIT;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK) {
    GObject *element = g_value_get_object (&item);
    GObject *agent = NULL;

    if (g_object_class_find_property (G_OBJECT_GET_CLASS (element), "agent"))
      g_object_get (element, "agent", &agent, NULL);
    if (agent && g_object_class_find_property (G_OBJECT_GET_CLASS (agent),
            "upnp"))
      g_object_set (agent, "upnp", FALSE, NULL);
    g_clear_object (&agent);
    g_value_reset (&item);
  }
  g_value_unset (&item);
  gst_iterator_free (it);
}

static void
on_offer_created (GstPromise * promise, gpointer user_data)
{
  Viewer *viewer = user_data;
  GstWebRTCSessionDescription *offer = NULL;
  const GstStructure *reply;
  JsonBuilder *b;
  gchar *sdp;

  if (gst_promise_wait (promise) != GST_PROMISE_RESULT_REPLIED)
    goto done;
  reply = gst_promise_get_reply (promise);
  if (!reply || !gst_structure_get (reply, "offer",
          GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL)) {
    g_printerr ("%s: viewer %u: no offer could be made\n", PROGRAM,
        viewer->id);
    goto done;
  }
  disable_upnp (viewer->webrtc);
  g_signal_emit_by_name (viewer->webrtc, "set-local-description", offer,
      gst_promise_new_with_change_func (on_offer_set, NULL, NULL));
  sdp = gst_sdp_message_as_text (offer->sdp);
  b = message_begin ("offer");
  json_builder_set_member_name (b, "sdp");
  json_builder_add_string_value (b, sdp);
  message_send (viewer, b);
  g_free (sdp);
  gst_webrtc_session_description_free (offer);
done:
  gst_promise_unref (promise);
}

static gboolean
make_offer (gpointer user_data)
{
  Viewer *viewer = user_data;
  GstPromise *promise;

  if (viewer->removed)
    return G_SOURCE_REMOVE;
  promise = gst_promise_new_with_change_func (on_offer_created,
      viewer_ref (viewer), (GDestroyNotify) viewer_unref);
  g_signal_emit_by_name (viewer->webrtc, "create-offer", NULL, promise);
  return G_SOURCE_REMOVE;
}

/* The offer is made once the stream's caps have reached webrtcbin (they
 * come before the first buffer): made earlier, from on-negotiation-needed
 * as the pad is linked, it has no codec for the video. */
static GstPadProbeReturn
offer_when_flowing (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, make_offer,
      viewer_ref (user_data), (GDestroyNotify) viewer_unref);
  return GST_PAD_PROBE_REMOVE;
}

static void
on_ice_candidate (GstElement * webrtc, guint mline, const gchar * candidate,
    gpointer user_data)
{
  Viewer *viewer = user_data;
  JsonBuilder *b = message_begin ("ice");

  json_builder_set_member_name (b, "candidate");
  json_builder_add_string_value (b, candidate);
  json_builder_set_member_name (b, "sdpMLineIndex");
  json_builder_add_int_value (b, mline);
  message_send (viewer, b);
}

static gboolean
keyframe_soon (gpointer user_data)
{
  request_keyframe (user_data);
  return G_SOURCE_REMOVE;
}

/* Connected: the first pictures went out before DTLS was up and were lost;
 * a keyframe now shows the picture at once. */
static void
on_connection_state (GObject * webrtc, GParamSpec * pspec, gpointer user_data)
{
  Viewer *viewer = user_data;
  GstWebRTCPeerConnectionState state;

  g_object_get (webrtc, "connection-state", &state, NULL);
  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED)
    g_idle_add (keyframe_soon, viewer->app);
}

/* Only loopback (or only the --listen address) for our candidates. */
static void
restrict_ice (App * app, GstElement * webrtc)
{
  GObject *ice = NULL;
  gboolean added = FALSE;

  g_object_get (webrtc, "ice-agent", &ice, NULL);
  if (!ice)
    return;
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (ice), "ice-tcp"))
    g_object_set (ice, "ice-tcp", FALSE, NULL);
  if (app->ice_address)
    g_signal_emit_by_name (ice, "add-local-ip-address", app->ice_address,
        &added);
  if (app->ice_address && !added)
    g_printerr ("%s: cannot restrict ICE to %s\n", PROGRAM,
        app->ice_address);
  g_object_unref (ice);
}

Viewer *
viewer_add (App * app, SoupWebsocketConnection * ws)
{
  Viewer *viewer = g_new0 (Viewer, 1);
  GstPad *sink, *src;
  GstPadLinkReturn linked;
  gchar *name;

  viewer->refs = 1;
  viewer->app = app;
  viewer->id = ++app->next_id;
  viewer->ws = g_object_ref (ws);

  name = g_strdup_printf ("viewer%u-queue", viewer->id);
  viewer->queue = gst_object_ref (gst_element_factory_make ("queue", name));
  g_free (name);
  /* A viewer who cannot keep up loses frames, not the others' time. */
  g_object_set (viewer->queue, "leaky", 2, "max-size-buffers", 0,
      "max-size-bytes", 0, "max-size-time", (guint64) GST_SECOND, NULL);
  name = g_strdup_printf ("viewer%u", viewer->id);
  viewer->webrtc = gst_object_ref (gst_element_factory_make ("webrtcbin",
          name));
  g_free (name);
  gst_util_set_object_arg (G_OBJECT (viewer->webrtc), "bundle-policy",
      "max-bundle");
  restrict_ice (app, viewer->webrtc);
  g_signal_connect (viewer->webrtc, "on-ice-candidate",
      G_CALLBACK (on_ice_candidate), viewer);
  g_signal_connect (viewer->webrtc, "notify::connection-state",
      G_CALLBACK (on_connection_state), viewer);

  gst_bin_add_many (GST_BIN (app->pipeline), viewer->queue, viewer->webrtc,
      NULL);
  /* Running before its pad is requested: a closed (NULL) webrtcbin drops
   * the negotiation that linking asks for. */
  gst_element_sync_state_with_parent (viewer->webrtc);
  gst_element_sync_state_with_parent (viewer->queue);
  viewer->tee_pad = gst_element_request_pad_simple (app->tee, "src_%u");
  sink = gst_element_get_static_pad (viewer->queue, "sink");
  gst_pad_link (viewer->tee_pad, sink);
  gst_object_unref (sink);
  src = gst_element_get_static_pad (viewer->queue, "src");
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER, offer_when_flowing,
      viewer_ref (viewer), (GDestroyNotify) viewer_unref);
  sink = gst_element_request_pad_simple (viewer->webrtc, "sink_%u");
  linked = gst_pad_link (src, sink);
  if (linked == GST_PAD_LINK_OK
      && g_object_class_find_property (G_OBJECT_GET_CLASS (sink),
          "transceiver")) {
    GObject *trans = NULL;

    g_object_get (sink, "transceiver", &trans, NULL);
    if (trans) {
      g_object_set (trans, "direction",
          GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, NULL);
      g_object_unref (trans);
    }
  }
  gst_object_unref (sink);
  gst_object_unref (src);
  if (linked != GST_PAD_LINK_OK)
    g_printerr ("%s: viewer %u: cannot link to webrtcbin (%s)\n", PROGRAM,
        viewer->id, gst_pad_link_get_name (linked));

  app->viewers = g_list_append (app->viewers, viewer);
  g_object_set (app->valve, "drop", FALSE, NULL);
  request_keyframe (app);
  g_printerr ("%s: viewer %u joined (%u watching)\n", PROGRAM, viewer->id,
      g_list_length (app->viewers));
  return viewer;
}

static gboolean
viewer_finish_removal (gpointer user_data)
{
  Viewer *viewer = user_data;
  App *app = viewer->app;

  gst_element_set_state (viewer->webrtc, GST_STATE_NULL);
  gst_element_set_state (viewer->queue, GST_STATE_NULL);
  g_signal_handlers_disconnect_by_data (viewer->webrtc, viewer);
  gst_bin_remove_many (GST_BIN (app->pipeline), viewer->webrtc,
      viewer->queue, NULL);
  gst_element_release_request_pad (app->tee, viewer->tee_pad);
  return G_SOURCE_REMOVE;
}

/* The tee pad is idle (no buffer on its way through it): unlink there, the
 * rest on the main thread. */
static GstPadProbeReturn
viewer_unlink (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Viewer *viewer = user_data;
  GstPad *peer = gst_pad_get_peer (pad);

  if (peer) {
    gst_pad_unlink (pad, peer);
    gst_object_unref (peer);
  }
  g_idle_add_full (G_PRIORITY_DEFAULT, viewer_finish_removal,
      viewer_ref (viewer), (GDestroyNotify) viewer_unref);
  return GST_PAD_PROBE_REMOVE;
}

void
viewer_remove (Viewer * viewer)
{
  App *app = viewer->app;
  gboolean had_control;

  if (viewer->removed)
    return;
  viewer->removed = TRUE;
  had_control = app->viewers && app->viewers->data == viewer;
  app->viewers = g_list_remove (app->viewers, viewer);
  if (!app->viewers)
    g_object_set (app->valve, "drop", TRUE, NULL);
  gst_pad_add_probe (viewer->tee_pad, GST_PAD_PROBE_TYPE_IDLE,
      viewer_unlink, viewer_ref (viewer), (GDestroyNotify) viewer_unref);
  g_printerr ("%s: viewer %u left (%u watching)\n", PROGRAM, viewer->id,
      g_list_length (app->viewers));
  /* --control first: the next in line takes over. */
  if (had_control && app->viewers && !app->ending)
    send_control (app->viewers->data, "control");
  viewer_unref (viewer);
}

/* ------------------------------------------------------------------------ */
/* the pipeline                                                              */

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (((App *) user_data)->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
close_viewer (gpointer user_data)
{
  Viewer *viewer = user_data;

  if (viewer->ws && soup_websocket_connection_get_state (viewer->ws) ==
      SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (viewer->ws, SOUP_WEBSOCKET_CLOSE_NORMAL,
        "ended");
  return G_SOURCE_REMOVE;
}

/* Tells every viewer why the stream ends, closes their connections and
 * quits after a moment for the closing handshakes. */
static void
end_sharing (App * app, const gchar * reason, gint status)
{
  GList *l;

  if (app->ending)
    return;
  app->ending = TRUE;
  app->exit_status = status;
  for (l = app->viewers; l; l = l->next)
    send_end (l->data, reason);
  /* After the "end" messages, which are queued on this thread too. */
  for (l = app->viewers; l; l = l->next)
    g_timeout_add_full (G_PRIORITY_DEFAULT, 50, close_viewer,
        viewer_ref (l->data), (GDestroyNotify) viewer_unref);
  g_timeout_add (app->viewers ? CLOSE_GRACE_MS : 0, quit_loop, app);
}

static gboolean
on_stream_ended (gpointer user_data)
{
  App *app = user_data;

  g_printerr ("%s: the window was closed; the stream ended\n", PROGRAM);
  end_sharing (app, "The window was closed: the stream has ended.", 0);
  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
watch_end (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS)
    g_idle_add (on_stream_ended, user_data);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
watch_size (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  App *app = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstCaps *caps;
  GstStructure *s;
  gint width, height;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  gst_event_parse_caps (event, &caps);
  s = gst_caps_get_structure (caps, 0);
  if (gst_structure_get_int (s, "width", &width)
      && gst_structure_get_int (s, "height", &height)) {
    if (width != g_atomic_int_get (&app->video_width)
        || height != g_atomic_int_get (&app->video_height))
      g_printerr ("%s: streaming %dx%d\n", PROGRAM, width, height);
    g_atomic_int_set (&app->video_width, width);
    g_atomic_int_set (&app->video_height, height);
  }
  return GST_PAD_PROBE_OK;
}

/* An error inside one viewer's webrtcbin ends that viewer; any other ends
 * the sharing. */
static Viewer *
viewer_of (App * app, GstObject * src)
{
  GList *l;

  for (l = app->viewers; l; l = l->next) {
    Viewer *viewer = l->data;

    if (src == GST_OBJECT (viewer->webrtc)
        || gst_object_has_as_ancestor (src, GST_OBJECT (viewer->webrtc)))
      return viewer;
  }
  return NULL;
}

static gboolean
on_bus_message (GstBus * bus, GstMessage * msg, gpointer user_data)
{
  App *app = user_data;
  GError *err = NULL;
  gchar *debug = NULL;
  Viewer *viewer;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (msg, &err, &debug);
      viewer = viewer_of (app, GST_MESSAGE_SRC (msg));
      if (viewer) {
        g_printerr ("%s: viewer %u: %s\n", PROGRAM, viewer->id,
            err->message);
        if (viewer->ws)
          soup_websocket_connection_close (viewer->ws,
              SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, NULL);
      } else {
        g_printerr ("%s: %s\n", PROGRAM, err->message);
        if (debug)
          g_printerr ("%s: (%s)\n", PROGRAM, debug);
        end_sharing (app, "The stream failed.", 1);
      }
      g_clear_error (&err);
      g_free (debug);
      break;
    case GST_MESSAGE_EOS:
      on_stream_ended (app);
      break;
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

static GstElement *
build_pipeline (App * app)
{
  const Options *opts = &app->opts;
  GError *error = NULL;
  GstElement *pipeline, *box, *convert, *capture;
  GstPad *pad;
  gchar *launch;
  gchar *source = opts->pipeline ? g_strdup (opts->pipeline) :
      g_strdup_printf ("glwindowsrc name=capture "
      "! video/x-raw,format=I420,framerate=%d/1", opts->fps);

  /* A one-frame leaky queue: a slow encoder drops frames rather than
   * lagging. x264 ultrafast with zerolatency: no B-frames, no lookahead,
   * slices encoded in parallel, each frame on the wire as soon as it is
   * encoded; constrained baseline, which every browser decodes; a
   * keyframe every two seconds at the latest (viewers also ask for one). */
  launch = g_strdup_printf ("%s "
      "! queue leaky=downstream max-size-buffers=1 max-size-bytes=0 "
      "max-size-time=0 "
      "! valve name=gate drop=true drop-mode=forward-sticky-events "
      "! videobox name=pad-to-even ! videoconvert name=convert "
      "! video/x-raw,format=I420 "
      "! x264enc name=encoder tune=zerolatency speed-preset=ultrafast "
      "key-int-max=%d sliced-threads=true bitrate=%d "
      "! video/x-h264,profile=constrained-baseline "
      "! rtph264pay config-interval=-1 pt=96 aggregate-mode=zero-latency "
      "mtu=1200 ! tee name=fanout allow-not-linked=true", source,
      opts->fps * 2, opts->bitrate);
  g_free (source);
  pipeline = gst_parse_launch_full (launch, NULL, GST_PARSE_FLAG_FATAL_ERRORS,
      &error);
  g_free (launch);
  if (!pipeline) {
    g_printerr ("%s: bad pipeline: %s\n", PROGRAM, error->message);
    g_clear_error (&error);
    return NULL;
  }

  capture = gst_bin_get_by_name (GST_BIN (pipeline), "capture");
  if (capture && !opts->pipeline) {
    if (opts->display)
      g_object_set (capture, "display-name", opts->display, NULL);
    if (opts->window_name)
      g_object_set (capture, "xname", opts->window_name, NULL);
    if (opts->xid_value)
      g_object_set (capture, "xid", opts->xid_value, NULL);
    /* Players keep the size they started with: a resized window is scaled
     * into it (and the pointer scaled back by glwindowsrc). */
    gst_util_set_object_arg (G_OBJECT (capture), "resize-mode", "scale");
    if (!opts->view_only)
      g_object_set (capture, "enable-navigation-events", TRUE, NULL);
  }
  gst_clear_object (&capture);

  app->tee = gst_bin_get_by_name (GST_BIN (pipeline), "fanout");
  app->valve = gst_bin_get_by_name (GST_BIN (pipeline), "gate");
  app->encoder = gst_bin_get_by_name (GST_BIN (pipeline), "encoder");
  box = gst_bin_get_by_name (GST_BIN (pipeline), "pad-to-even");
  even_size_attach (box);
  pad = gst_element_get_static_pad (box, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, watch_end,
      app, NULL);
  gst_object_unref (pad);
  gst_object_unref (box);
  /* Navigation goes upstream from here, through videobox (which moves the
   * pointer by its borders) and the queue, to the source. */
  convert = gst_bin_get_by_name (GST_BIN (pipeline), "convert");
  app->navigation_pad = gst_element_get_static_pad (convert, "src");
  gst_pad_add_probe (app->navigation_pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      watch_size, app, NULL);
  gst_object_unref (convert);
  return pipeline;
}

/* ------------------------------------------------------------------------ */

static gboolean
on_signal (gpointer user_data)
{
  App *app = user_data;

  g_printerr ("%s: stopping\n", PROGRAM);
  end_sharing (app, "The sharing was stopped.", 0);
  return G_SOURCE_CONTINUE;
}

/* ICE follows --listen: loopback uses loopback only; one address, that
 * address; a wildcard (0.0.0.0, ::), every interface. */
static gboolean
setup_ice (App * app, GInetAddress * listen)
{
  if (g_inet_address_get_is_loopback (listen)) {
    app->ice_address = g_inet_address_to_string (listen);
    app->loopback_only = TRUE;
  } else if (!g_inet_address_get_is_any (listen)) {
    app->ice_address = g_inet_address_to_string (listen);
  }
  return TRUE;
}

/* Who can watch, and what is encrypted, on stderr. On loopback nothing
 * leaves the machine, encrypted or not; elsewhere, without TLS, whoever
 * sees the traffic can read the token in the URL and with it watch and
 * drive the window. */
static void
print_access (App * app, GInetAddress * listen)
{
  const gchar *control = app->opts.view_only ? "" :
      " and control the window";

  if (g_inet_address_get_is_loopback (listen))
    g_printerr ("%s: anyone on this machine who has the URL can watch%s%s\n",
        PROGRAM, control, app->tls_certificate ? " (over HTTPS)" : "");
  else if (app->tls_certificate)
    g_printerr ("%s: ANYONE who can reach %s and has the URL can watch%s; "
        "the page, the token and the input travel encrypted (HTTPS), the "
        "video too (DTLS-SRTP)\n", PROGRAM, app->opts.listen, control);
  else
    g_printerr ("%s: ANYONE who can reach %s and has the URL can watch%s; "
        "the video travels encrypted (DTLS-SRTP)\n"
        "%s: WARNING: the page, the token (in the URL) and the input "
        "travel unencrypted (plain HTTP): whoever can see this traffic can "
        "take the token and watch%s; serve HTTPS with --tls-cert FILE "
        "--tls-key FILE\n", PROGRAM, app->opts.listen, control, PROGRAM,
        control);
}

static void
print_url (App * app, GInetAddress * listen)
{
  GSList *uris = soup_server_get_uris (app->server);
  gint port = uris ? g_uri_get_port (uris->data) : app->opts.port;
  gchar *host;

  if (g_inet_address_get_is_any (listen))
    host = g_strdup (g_get_host_name ());
  else if (g_inet_address_get_family (listen) == G_SOCKET_FAMILY_IPV6)
    host = g_strdup_printf ("[%s]", app->opts.listen);
  else
    host = g_strdup (app->opts.listen);
  g_print ("%s://%s:%d%s\n", app->tls_certificate ? "https" : "http", host,
      port, app->prefix);
  fflush (stdout);
  g_free (host);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

int
main (int argc, char **argv)
{
  App app;
  Options *opts = &app.opts;
  GOptionEntry entries[] = {
    {"window", 'w', 0, G_OPTION_ARG_STRING, &opts->window_name,
        "Share the window with this exact title", "NAME"},
    {"xid", 'x', 0, G_OPTION_ARG_STRING, &opts->xid,
        "Share the window with this X id (hex 0x... or decimal)", "ID"},
    {"screen", 0, 0, G_OPTION_ARG_NONE, &opts->screen,
        "Share the whole screen (also when no window is given)", NULL},
    {"pipeline", 0, 0, G_OPTION_ARG_STRING, &opts->pipeline,
          "Share what this pipeline description makes (raw video; for "
          "input, set enable-navigation-events=true on its glwindowsrc)",
        "DESC"},
    {"display", 0, 0, G_OPTION_ARG_STRING, &opts->display,
        "X display (default: $DISPLAY)", "NAME"},
    {"listen", 'l', 0, G_OPTION_ARG_STRING, &opts->listen,
          "Address to listen on (default: 127.0.0.1, this machine only; "
          "0.0.0.0: every network, where --tls-cert keeps the token and "
          "input secret)", "ADDR"},
    {"port", 'p', 0, G_OPTION_ARG_INT, &opts->port,
        "HTTP (or HTTPS) port (default: 8080; 0: any free port)", "PORT"},
    {"fps", 'r', 0, G_OPTION_ARG_INT, &opts->fps,
        "Frames per second (default: 30)", "N"},
    {"bitrate", 'b', 0, G_OPTION_ARG_INT, &opts->bitrate,
        "H.264 bitrate in kbit/s (default: 4000)", "KBPS"},
    {"view-only", 0, 0, G_OPTION_ARG_NONE, &opts->view_only,
        "Viewers only watch: no input reaches the window", NULL},
    {"control", 0, 0, G_OPTION_ARG_STRING, &opts->control,
          "Who may send input: all (default) or first (the viewer there "
          "longest)", "WHO"},
    {"tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opts->tls_cert,
          "Serve https:// (and wss://) only, with this PEM certificate "
          "(with --tls-key)", "FILE"},
    {"tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opts->tls_key,
        "The certificate's PEM private key (with --tls-cert)", "FILE"},
    {NULL}
  };
  GOptionContext *ctx;
  GError *error = NULL;
  GInetAddress *listen_addr;
  GSocketAddress *sockaddr;
  GstBus *bus;
  gint sources = 0;

  memset (&app, 0, sizeof (app));
  opts->port = DEFAULT_PORT;
  opts->fps = DEFAULT_FPS;
  opts->bitrate = DEFAULT_BITRATE;

  ctx = g_option_context_new ("- show a window in a web browser, over "
      "WebRTC, and take its input back");
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
  sources = !!opts->window_name + !!opts->xid + !!opts->screen
      + !!opts->pipeline;
  if (sources > 1) {
    g_printerr ("%s: give one of --window, --xid, --screen, --pipeline\n",
        PROGRAM);
    return EXIT_USAGE;
  }
  if (opts->xid) {
    gchar *end = NULL;

    opts->xid_value = g_ascii_strtoull (opts->xid, &end, 0);
    if (!*opts->xid || *end || opts->xid_value == 0) {
      g_printerr ("%s: bad window id \"%s\"\n", PROGRAM, opts->xid);
      return EXIT_USAGE;
    }
  }
  if (opts->port < 0 || opts->port > 65535 || opts->fps < 1 || opts->fps > 120
      || opts->bitrate < 100 || opts->bitrate > 100000) {
    g_printerr ("%s: --port must be 0-65535, --fps 1-120 and --bitrate "
        "100-100000\n", PROGRAM);
    return EXIT_USAGE;
  }
  if (opts->control && !g_str_equal (opts->control, "all")
      && !g_str_equal (opts->control, "first")) {
    g_printerr ("%s: --control is all or first\n", PROGRAM);
    return EXIT_USAGE;
  }
  /* Both or neither: a key inside the certificate's file is not looked
   * for, so that a forgotten --tls-key is said at once. */
  if (!opts->tls_cert != !opts->tls_key) {
    g_printerr ("%s: %s needs %s\n", PROGRAM,
        opts->tls_cert ? "--tls-cert" : "--tls-key",
        opts->tls_cert ? "--tls-key" : "--tls-cert");
    return EXIT_USAGE;
  }
  if (!opts->listen)
    opts->listen = g_strdup (DEFAULT_LISTEN);
  listen_addr = g_inet_address_new_from_string (opts->listen);
  if (!listen_addr) {
    g_printerr ("%s: --listen takes an IP address, not \"%s\"\n", PROGRAM,
        opts->listen);
    return EXIT_USAGE;
  }
  /* Before the window is looked for: a file named wrongly is said at once,
   * and exits as the RTSP server's does, with 2. */
  if (opts->tls_cert) {
    app.tls_certificate = load_tls_certificate (opts->tls_cert,
        opts->tls_key);
    if (!app.tls_certificate) {
      g_object_unref (listen_addr);
      return EXIT_USAGE;
    }
  }
  if (!needed_elements_found (PROGRAM, needed_elements,
          G_N_ELEMENTS (needed_elements), opts->pipeline != NULL))
    return 1;
  setup_ice (&app, listen_addr);
  if (!load_page (&app))
    return 1;

  /* GStreamer's GL elements open their display from $DISPLAY, and the
   * capture's GL context must be on the captured X server. */
  if (opts->display)
    g_setenv ("DISPLAY", opts->display, TRUE);

  app.loop = g_main_loop_new (NULL, FALSE);
  app.pipeline = build_pipeline (&app);
  if (!app.pipeline)
    return 1;
  bus = gst_element_get_bus (app.pipeline);
  gst_bus_add_watch (bus, on_bus_message, &app);
  /* The window is looked for now: a missing one is an error before
   * anything is served. */
  if (gst_element_set_state (app.pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

    if (msg) {
      gst_message_parse_error (msg, &error, NULL);
      g_printerr ("%s: %s\n", PROGRAM, error->message);
      g_clear_error (&error);
      gst_message_unref (msg);
    } else {
      g_printerr ("%s: the capture did not start\n", PROGRAM);
    }
    gst_element_set_state (app.pipeline, GST_STATE_NULL);
    return 1;
  }
  gst_object_unref (bus);

  app.token = make_token ();
  app.prefix = g_strdup_printf ("/%s/", app.token);
  app.ws_path = g_strdup_printf ("/%s/ws", app.token);
  app.server = soup_server_new ("server-header", NULL, "tls-certificate",
      app.tls_certificate, NULL);
  soup_server_add_handler (app.server, NULL, on_http, &app, NULL);
  soup_server_add_websocket_handler (app.server, app.ws_path, NULL, NULL,
      on_websocket, &app, NULL);
  sockaddr = g_inet_socket_address_new (listen_addr, opts->port);
  /* With a certificate, HTTPS only: a plain http:// request to the port
   * fails its TLS handshake and is never served. */
  if (!soup_server_listen (app.server, sockaddr, app.tls_certificate ?
          SOUP_SERVER_LISTEN_HTTPS : 0, &error)) {
    g_printerr ("%s: cannot listen on %s port %d: %s\n", PROGRAM,
        opts->listen, opts->port, error->message);
    g_clear_error (&error);
    gst_element_set_state (app.pipeline, GST_STATE_NULL);
    return 1;
  }
  g_object_unref (sockaddr);

  print_access (&app, listen_addr);
  print_url (&app, listen_addr);

  g_unix_signal_add (SIGINT, on_signal, &app);
  g_unix_signal_add (SIGTERM, on_signal, &app);
  g_main_loop_run (app.loop);

  while (app.viewers)
    viewer_remove (app.viewers->data);
  soup_server_disconnect (app.server);
  gst_element_set_state (app.pipeline, GST_STATE_NULL);
  g_object_unref (app.server);
  g_clear_object (&app.tls_certificate);
  gst_object_unref (app.navigation_pad);
  gst_object_unref (app.tee);
  gst_object_unref (app.valve);
  gst_object_unref (app.encoder);
  gst_object_unref (app.pipeline);
  g_main_loop_unref (app.loop);
  g_object_unref (listen_addr);
  g_bytes_unref (app.index_html);
  g_bytes_unref (app.share_js);
  g_free (app.token);
  g_free (app.prefix);
  g_free (app.ws_path);
  g_free (app.ice_address);
  g_free (opts->window_name);
  g_free (opts->xid);
  g_free (opts->pipeline);
  g_free (opts->display);
  g_free (opts->listen);
  g_free (opts->control);
  g_free (opts->tls_cert);
  g_free (opts->tls_key);
  return app.exit_status;
}
