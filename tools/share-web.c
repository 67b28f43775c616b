/* glwindowsrc-share
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The page side of glwindowsrc-share: the HTTP server behind the token,
 * the WebSocket, and the messages a page sends (signalling and input). */

#include "share.h"
#include "tlscheck.h"

#include <gst/video/video.h>
#include <string.h>
#include <sys/random.h>

/* ------------------------------------------------------------------------ */
/* messages from a page                                                      */

gboolean
loopback_candidate (const gchar * candidate)
{
  gchar **fields = g_strsplit (candidate, " ", 0);
  gboolean ok = FALSE;

  /* "candidate:FOUNDATION COMPONENT TRANSPORT PRIORITY ADDRESS PORT ..." */
  if (g_strv_length (fields) > 5) {
    GInetAddress *addr = g_inet_address_new_from_string (fields[4]);

    ok = addr && g_inet_address_get_is_loopback (addr);
    g_clear_object (&addr);
  }
  g_strfreev (fields);
  return ok;
}

void
on_answer (Viewer * viewer, const gchar * text)
{
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *answer;

  if (gst_sdp_message_new_from_text (text, &sdp) != GST_SDP_OK) {
    g_printerr ("%s: viewer %u sent an answer that is no SDP\n", PROGRAM,
        viewer->id);
    if (sdp)
      gst_sdp_message_free (sdp);
    return;
  }
  answer = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_ANSWER,
      sdp);
  g_signal_emit_by_name (viewer->webrtc, "set-remote-description", answer,
      NULL);
  gst_webrtc_session_description_free (answer);
}

gboolean
get_number (JsonObject * o, const gchar * name, gdouble * value)
{
  JsonNode *node = json_object_get_member (o, name);

  if (!node || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE
      && json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

/* Input from the page, in the video's pixels, to GstNavigation upstream. */
void
on_input (Viewer * viewer, const gchar * type, JsonObject * o)
{
  App *app = viewer->app;
  GstEvent *event = NULL;
  gdouble x = 0, y = 0, value = 0, dx = 0, dy = 0;
  const gchar *action = json_object_get_string_member_with_default (o,
      "action", "");
  gint64 now = g_get_monotonic_time ();
  gint width = g_atomic_int_get (&app->video_width);
  gint height = g_atomic_int_get (&app->video_height);

  if (!viewer_may_control (viewer) || !app->navigation_pad)
    return;
  if (now - viewer->input_window_start > G_USEC_PER_SEC) {
    viewer->input_window_start = now;
    viewer->input_count = 0;
  }
  if (++viewer->input_count > MAX_INPUT_PER_SECOND)
    return;

  if (g_str_equal (type, "key")) {
    const gchar *key = json_object_get_string_member_with_default (o, "key",
        NULL);

    if (!key || !*key || strlen (key) > 32)
      return;
    if (g_str_equal (action, "down"))
      event = gst_navigation_event_new_key_press (key, 0);
    else if (g_str_equal (action, "up"))
      event = gst_navigation_event_new_key_release (key, 0);
  } else {
    if (!get_number (o, "x", &x) || !get_number (o, "y", &y) || width <= 0
        || height <= 0 || x < 0 || y < 0 || x >= width || y >= height)
      return;
    if (g_str_equal (type, "wheel")) {
      get_number (o, "dx", &dx);
      get_number (o, "dy", &dy);
      event = gst_navigation_event_new_mouse_scroll (x, y,
          CLAMP (dx, -10, 10), CLAMP (dy, -10, 10), 0);
    } else if (g_str_equal (action, "move")) {
      event = gst_navigation_event_new_mouse_move (x, y, 0);
    } else if (get_number (o, "button", &value) && value >= 1 && value <= 9) {
      if (g_str_equal (action, "down"))
        event = gst_navigation_event_new_mouse_button_press ((gint) value,
            x, y, 0);
      else if (g_str_equal (action, "up"))
        event = gst_navigation_event_new_mouse_button_release ((gint) value,
            x, y, 0);
    }
  }
  if (event)
    gst_pad_send_event (app->navigation_pad, event);
}

void
on_ws_message (SoupWebsocketConnection * ws, gint data_type, GBytes * bytes,
    gpointer user_data)
{
  Viewer *viewer = user_data;
  JsonParser *parser;
  JsonNode *root;
  JsonObject *o;
  const gchar *type;
  gsize size;
  const gchar *data = g_bytes_get_data (bytes, &size);

  if (data_type != SOUP_WEBSOCKET_DATA_TEXT || viewer->removed
      || size > 64 * 1024)
    return;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, size, NULL))
    goto done;
  root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    goto done;
  o = json_node_get_object (root);
  type = json_object_get_string_member_with_default (o, "type", "");
  if (g_str_equal (type, "answer")) {
    const gchar *sdp = json_object_get_string_member_with_default (o, "sdp",
        NULL);

    if (sdp)
      on_answer (viewer, sdp);
  } else if (g_str_equal (type, "ice")) {
    const gchar *candidate =
        json_object_get_string_member_with_default (o, "candidate", NULL);
    gint64 mline = json_object_get_int_member_with_default (o,
        "sdpMLineIndex", 0);

    /* On loopback, a browser's candidates for other addresses (the LAN,
     * mDNS names) are never tried. */
    if (candidate && *candidate && mline >= 0 && mline < 16
        && (!viewer->app->loopback_only || loopback_candidate (candidate)))
      g_signal_emit_by_name (viewer->webrtc, "add-ice-candidate",
          (guint) mline, candidate);
  } else if (g_str_equal (type, "pointer") || g_str_equal (type, "wheel")
      || g_str_equal (type, "key")) {
    on_input (viewer, type, o);
  }
done:
  g_object_unref (parser);
}

void
on_ws_closed (SoupWebsocketConnection * ws, gpointer user_data)
{
  viewer_remove (user_data);
}

void
on_websocket (SoupServer * server, SoupServerMessage * msg,
    const char *path, SoupWebsocketConnection * ws, gpointer user_data)
{
  App *app = user_data;
  Viewer *viewer;

  if (app->ending) {
    soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
        NULL);
    return;
  }
  viewer = viewer_add (app, ws);
  g_signal_connect (ws, "message", G_CALLBACK (on_ws_message), viewer);
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed), viewer);
  send_control (viewer, "hello");
}

/* ------------------------------------------------------------------------ */
/* HTTP                                                                      */

/* Whether @path's first segment is the token, in time that does not depend
 * on where they differ. */
gboolean
token_matches (App * app, const gchar * path, const gchar ** rest)
{
  const gchar *segment = path[0] == '/' ? path + 1 : path;
  const gchar *end = strchr (segment, '/');
  gsize len = end ? (gsize) (end - segment) : strlen (segment);
  gsize want = strlen (app->token), i;
  guint diff = len != want;

  for (i = 0; i < want; i++)
    diff |= (guint) (i < len ? segment[i] : 0) ^ (guint) app->token[i];
  *rest = end ? end : "";
  return diff == 0;
}

void
respond (SoupServerMessage * msg, guint status, const gchar * type,
    GBytes * body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers
      (msg);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  if (body) {
    gsize size;
    gconstpointer data = g_bytes_get_data (body, &size);

    soup_message_headers_replace (headers, "Content-Security-Policy",
        "default-src 'self'; style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; media-src 'self' blob:; "
        "frame-ancestors 'none'");
    soup_server_message_set_response (msg, type, SOUP_MEMORY_STATIC, data,
        size);
  }
}

void
on_http (SoupServer * server, SoupServerMessage * msg, const char *path,
    GHashTable * query, gpointer user_data)
{
  App *app = user_data;
  const gchar *method = soup_server_message_get_method (msg);
  const gchar *rest;

  if (!token_matches (app, path, &rest)) {
    respond (msg, SOUP_STATUS_FORBIDDEN, NULL, NULL);
    return;
  }
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD) {
    respond (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL, NULL);
    return;
  }
  if (!*rest) {
    soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY,
        app->prefix);
  } else if (g_str_equal (rest, "/") || g_str_equal (rest, "/index.html")) {
    respond (msg, SOUP_STATUS_OK, "text/html; charset=utf-8",
        app->index_html);
  } else if (g_str_equal (rest, "/share.js")) {
    respond (msg, SOUP_STATUS_OK, "text/javascript; charset=utf-8",
        app->share_js);
  } else {
    respond (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL);
  }
}

/* The page's files: $GLWINDOWSRC_SHARE_DATA, beside the program (a build
 * tree), then where they are installed. */
gboolean
load_page (App * app)
{
  gchar *exe = g_file_read_link ("/proc/self/exe", NULL);
  gchar *beside = exe ? g_path_get_dirname (exe) : NULL;
  const gchar *dirs[] = { g_getenv ("GLWINDOWSRC_SHARE_DATA"), beside,
    SHARE_DATADIR, NULL
  };
  gboolean ok = FALSE;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (dirs) && !ok; i++) {
    gchar *html_path, *js_path, *html = NULL, *js = NULL;
    gsize html_len, js_len;

    if (!dirs[i])
      continue;
    html_path = g_build_filename (dirs[i], "index.html", NULL);
    js_path = g_build_filename (dirs[i], "share.js", NULL);
    if (g_file_get_contents (html_path, &html, &html_len, NULL)
        && g_file_get_contents (js_path, &js, &js_len, NULL)) {
      app->index_html = g_bytes_new_take (html, html_len);
      app->share_js = g_bytes_new_take (js, js_len);
      ok = TRUE;
    } else {
      g_free (html);
    }
    g_free (html_path);
    g_free (js_path);
  }
  if (!ok)
    g_printerr ("%s: the web page (index.html, share.js) is not in %s\n",
        PROGRAM, SHARE_DATADIR);
  g_free (exe);
  g_free (beside);
  return ok;
}

gchar *
make_token (void)
{
  guint8 bytes[TOKEN_BYTES];
  GString *s = g_string_new (NULL);
  gsize got = 0;
  guint i;

  while (got < sizeof (bytes)) {
    ssize_t n = getrandom (bytes + got, sizeof (bytes) - got, 0);

    if (n > 0)
      got += n;
  }
  for (i = 0; i < sizeof (bytes); i++)
    g_string_append_printf (s, "%02x", bytes[i]);
  return g_string_free (s, FALSE);
}

/* --tls-cert and --tls-key. GLib's own error says what is wrong but not
 * always in which file (an unparsable PEM), so the file is named here: the
 * certificate alone is tried to tell which of the two it is. */
GTlsCertificate *
load_tls_certificate (const gchar * cert_file, const gchar * key_file)
{
  GError *error = NULL;
  GTlsCertificate *cert, *alone;
  gboolean cert_bad;

  cert = g_tls_certificate_new_from_files (cert_file, key_file, &error);
  if (cert && !tls_certificate_serves (cert, &error)) {
    g_printerr ("%s: --tls-key %s does not serve with the certificate in "
        "%s (is it that certificate's key?): a TLS handshake with them "
        "failed: %s\n", PROGRAM, key_file, cert_file, error->message);
    g_clear_error (&error);
    g_object_unref (cert);
    return NULL;
  }
  if (cert)
    return cert;
  alone = g_tls_certificate_new_from_file (cert_file, NULL);
  cert_bad = alone == NULL;
  g_clear_object (&alone);
  g_printerr ("%s: %s %s: %s\n", PROGRAM, cert_bad ? "--tls-cert" :
      "--tls-key", cert_bad ? cert_file : key_file, error->message);
  g_clear_error (&error);
  return NULL;
}
