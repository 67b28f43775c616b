/* glwindowsrc tools
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A certificate checked by using it: the server side of a handshake with
 * it on one end of a socket pair, a client that trusts anything on the
 * other. A key that does not match the certificate makes the server's
 * signature one the client rejects, which no loading function notices. */

#include "tlscheck.h"

#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>

/* Neither side can block longer than this (the other one gave up). */
#define HANDSHAKE_TIMEOUT_S 5

typedef struct
{
  GIOStream *connection;
  gboolean ok;
  GError *error;
} Side;

static gpointer
shake_hands (Side * side)
{
  side->ok = g_tls_connection_handshake (G_TLS_CONNECTION (side->connection),
      NULL, &side->error);
  /* The other side, still waiting, hears the end at once. */
  if (!side->ok)
    g_io_stream_close (side->connection, NULL, NULL);
  return NULL;
}

/* The certificate is only ever our own: what matters here is the
 * handshake, not who signed it. */
static gboolean
accept_any (GTlsConnection * connection, GTlsCertificate * peer,
    GTlsCertificateFlags errors, gpointer unused)
{
  return TRUE;
}

static GIOStream *
socket_stream (gint fd, GError ** error)
{
  GSocket *socket = g_socket_new_from_fd (fd, error);
  GIOStream *stream;

  if (!socket) {
    close (fd);
    return NULL;
  }
  g_socket_set_timeout (socket, HANDSHAKE_TIMEOUT_S);
  stream = G_IO_STREAM (g_socket_connection_factory_create_connection
      (socket));
  g_object_unref (socket);
  return stream;
}

gboolean
tls_certificate_serves (GTlsCertificate * certificate, GError ** error)
{
  GIOStream *ends[2] = { NULL, NULL };
  Side server = { NULL, FALSE, NULL }, client = { NULL, FALSE, NULL };
  GThread *thread;
  gint fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0) {
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
        "socketpair: %s", g_strerror (errno));
    return FALSE;
  }
  ends[0] = socket_stream (fds[0], error);
  ends[1] = ends[0] ? socket_stream (fds[1], error) : NULL;
  if (!ends[1]) {
    if (!ends[0])
      close (fds[1]);
    g_clear_object (&ends[0]);
    return FALSE;
  }
  server.connection = g_tls_server_connection_new (ends[0], certificate,
      error);
  client.connection = server.connection ?
      g_tls_client_connection_new (ends[1], NULL, error) : NULL;
  if (!client.connection) {
    g_clear_object (&server.connection);
    g_object_unref (ends[0]);
    g_object_unref (ends[1]);
    return FALSE;
  }
  g_signal_connect (client.connection, "accept-certificate",
      G_CALLBACK (accept_any), NULL);

  thread = g_thread_new ("tls-check", (GThreadFunc) shake_hands, &server);
  shake_hands (&client);
  g_thread_join (thread);

  /* What a viewer's browser would see says most; the server's error is
   * often only that the client gave up. */
  if (client.error) {
    g_propagate_error (error, client.error);
    g_clear_error (&server.error);
  } else if (server.error) {
    g_propagate_error (error, server.error);
  }
  g_io_stream_close (client.connection, NULL, NULL);
  g_io_stream_close (server.connection, NULL, NULL);
  g_object_unref (client.connection);
  g_object_unref (server.connection);
  g_object_unref (ends[0]);
  g_object_unref (ends[1]);
  return server.ok && client.ok;
}
