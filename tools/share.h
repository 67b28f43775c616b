/* glwindowsrc-share
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What the share tool's two files share: its options, the viewers and the
 * app, and the calls between the page side (share-web.c: HTTP, the
 * WebSocket messages) and the media side (glwindowsrc-share.c). */

#pragma once

#include <gst/gst.h>
#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#define PROGRAM "glwindowsrc-share"
#define EXIT_USAGE 2

#define DEFAULT_LISTEN "127.0.0.1"
#define DEFAULT_PORT 8080
#define DEFAULT_FPS 30
#define DEFAULT_BITRATE 4000
#define TOKEN_BYTES 16
/* After "end" is sent, how long the WebSockets get to close cleanly. */
#define CLOSE_GRACE_MS 500
/* Input messages a second one viewer may send before the rest is dropped:
 * pointer moves come at most once per display frame from the page. */
#define MAX_INPUT_PER_SECOND 600

typedef struct
{
  gchar *window_name;
  gchar *xid;
  gboolean screen;
  gchar *pipeline;
  gchar *display;
  gchar *listen;
  gint port;
  gint fps;
  gint bitrate;
  gboolean view_only;
  gchar *control;
  gchar *tls_cert;
  gchar *tls_key;
  guint64 xid_value;
} Options;

typedef struct _App App;

typedef struct
{
  gint refs;
  App *app;
  guint id;
  SoupWebsocketConnection *ws;
  GstElement *queue;
  GstElement *webrtc;
  GstPad *tee_pad;
  gboolean removed;
  /* Input rate limiting, main thread only. */
  gint64 input_window_start;
  guint input_count;
} Viewer;

struct _App
{
  Options opts;
  GMainLoop *loop;
  GstElement *pipeline;
  GstElement *tee;
  GstElement *valve;
  GstElement *encoder;
  /* Where navigation events enter the pipeline, travelling upstream. */
  GstPad *navigation_pad;
  /* The size the viewers see (after padding), from the caps. */
  gint video_width, video_height;

  SoupServer *server;
  /* --tls-cert and --tls-key: HTTPS (and wss://) only; NULL: plain HTTP. */
  GTlsCertificate *tls_certificate;
  gchar *token;
  gchar *prefix;                /* "/TOKEN/" */
  gchar *ws_path;               /* "/TOKEN/ws" */
  GBytes *index_html;
  GBytes *share_js;
  /* ICE: the one local address candidates are gathered on, NULL: any; and
   * whether remote candidates must be on loopback. */
  gchar *ice_address;
  gboolean loopback_only;

  /* Viewers in the order they came: the first has control with
   * --control first. Main thread only. */
  GList *viewers;
  guint next_id;
  gboolean ending;
  gint exit_status;
};


/* glwindowsrc-share.c */
gboolean viewer_may_control (Viewer * viewer);
void send_control (Viewer * viewer, const gchar * type);
Viewer * viewer_add (App * app, SoupWebsocketConnection * ws);
void viewer_remove (Viewer * viewer);

/* share-web.c */
gboolean loopback_candidate (const gchar * candidate);
void on_answer (Viewer * viewer, const gchar * text);
gboolean get_number (JsonObject * o, const gchar * name, gdouble * value);
void on_input (Viewer * viewer, const gchar * type, JsonObject * o);
void on_ws_message (SoupWebsocketConnection * ws, gint data_type, GBytes * bytes, gpointer user_data);
void on_ws_closed (SoupWebsocketConnection * ws, gpointer user_data);
void on_websocket (SoupServer * server, SoupServerMessage * msg, const char *path, SoupWebsocketConnection * ws, gpointer user_data);
gboolean token_matches (App * app, const gchar * path, const gchar ** rest);
void respond (SoupServerMessage * msg, guint status, const gchar * type, GBytes * body);
void on_http (SoupServer * server, SoupServerMessage * msg, const char *path, GHashTable * query, gpointer user_data);
gboolean load_page (App * app);
GTlsCertificate * load_tls_certificate (const gchar * cert_file, const gchar * key_file);
gchar * make_token (void);
