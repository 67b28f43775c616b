/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* target=swap: the element's end of the swap hook (ext/hook/). The program
 * connects to our socket at its first swap; from then on every swap puts
 * a picture into a slot of a shared-memory ring and announces it here
 * (targets/swapproto.h). wait_frame() (streaming thread) waits for the
 * announcement, acquire() (GL thread) hands the slot's pixels to the
 * output stage as they are - bottom-up rows, told with a negative stride -
 * and release() gives the slot back to the program. The socket closing is
 * the program's end: the stream ends after the last frame it announced. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

/* accept4, struct ucred */
#define _GNU_SOURCE

#include "targets/swap.h"
#include "targets/swapproto.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

GST_DEBUG_CATEGORY_STATIC (gws_swap_target_debug);
#define GST_CAT_DEFAULT gws_swap_target_debug

#define DEFAULT_SOCKET NULL
#define DEFAULT_LOSSLESS FALSE
#define DEFAULT_CONNECT_TIMEOUT 20

/* A ring being replaced (a resize) still has frames the element holds. */
#define N_RINGS 2

typedef struct
{
  guint32 generation;           /* 0: unused */
  guint8 *map;
  gsize size;
  guint64 slot_size;
  guint32 n_slots;
} Ring;

struct _GwsSwapTarget
{
  GwsCaptureTarget parent;

  /* The element: QoS messages are posted on it. It owns the target. */
  GstElement *element;
  gchar *socket_path;
  gboolean lossless;
  guint connect_timeout;

  gchar *made_dir;
  gint listen_fd;
  gint client_fd;
  gint client_pid;
  gint wake[2];

  Ring rings[N_RINGS];

  /* The frame wait_frame() found, for acquire(); the one acquired, until
   * release(). Streaming and GL thread take turns (the GL thread runs
   * while the streaming thread waits for it). */
  GwsSwapMsg next;
  gboolean has_next;
  GwsSwapMsg held;
  gboolean has_held;
  gboolean gone;

  /* Under the object lock: read from any thread. */
  guint width, height;
  gboolean flushing;

  /* What decorate() puts on the buffer. */
  guint64 last_sequence;
  guint64 last_swap_time;
  guint64 last_dropped;
  guint64 dropped_reported;
  guint64 delivered;
  /* The hook's latest total, from DROPPED as well as FRAME. */
  guint64 dropped_seen;
};

G_DEFINE_TYPE (GwsSwapTarget, gws_swap_target, GWS_TYPE_CAPTURE_TARGET);

static GstCaps *sequence_caps, *swap_time_caps;

static void report_drops (GwsSwapTarget * self, guint64 dropped,
    GstClockTime pts);

/* ------------------------------------------------------------------------ */
/* the socket                                                                */

static gchar *
default_socket_path (void)
{
  const gchar *runtime = g_getenv ("XDG_RUNTIME_DIR");
  gchar *dir;
  gchar *path;

  if (runtime && *runtime)
    dir = g_build_filename (runtime, "glwindowsrc", NULL);
  else
    dir = g_strdup_printf ("%s/glwindowsrc-%u", g_get_tmp_dir (),
        (guint) getuid ());
  path = g_build_filename (dir, "swap.sock", NULL);
  g_free (dir);
  return path;
}

/* The socket's folder must be ours alone: anyone who can reach the socket
 * can hand us pictures (SO_PEERCRED then checks the uid too). */
static gboolean
ensure_private_dir (GwsSwapTarget * self, const gchar * dir, GError ** error)
{
  GStatBuf st;

  if (g_mkdir (dir, 0700) == 0) {
    self->made_dir = g_strdup (dir);
    return TRUE;
  }
  if (errno != EEXIST) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE,
        "Cannot make the folder %s for the swap socket\nmkdir: %s", dir,
        g_strerror (errno));
    return FALSE;
  }
  if (g_lstat (dir, &st) != 0 || !S_ISDIR (st.st_mode)
      || st.st_uid != getuid () || (st.st_mode & 077) != 0) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "The folder of the swap socket, %s, is not private\nit must be a "
        "folder of uid %u with mode 0700 (it has uid %u, mode 0%o)", dir,
        (guint) getuid (), (guint) st.st_uid, (guint) (st.st_mode & 07777));
    return FALSE;
  }
  return TRUE;
}

static gboolean
listen_on (GwsSwapTarget * self, GError ** error)
{
  struct sockaddr_un addr;
  gchar *dir = g_path_get_dirname (self->socket_path);
  GStatBuf st;
  gboolean ok;

  ok = ensure_private_dir (self, dir, error);
  g_free (dir);
  if (!ok)
    return FALSE;
  if (strlen (self->socket_path) >= sizeof (addr.sun_path)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "The swap socket path %s is too long\nat most %zu bytes",
        self->socket_path, sizeof (addr.sun_path) - 1);
    return FALSE;
  }
  /* A socket left behind by an element that crashed. */
  if (g_lstat (self->socket_path, &st) == 0 && S_ISSOCK (st.st_mode))
    g_unlink (self->socket_path);

  memset (&addr, 0, sizeof (addr));
  addr.sun_family = AF_UNIX;
  strcpy (addr.sun_path, self->socket_path);
  self->listen_fd = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC
      | SOCK_NONBLOCK, 0);
  if (self->listen_fd < 0
      || bind (self->listen_fd, (struct sockaddr *) &addr, sizeof (addr)) < 0
      || listen (self->listen_fd, 4) < 0) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
        "Cannot listen on the swap socket %s\n%s", self->socket_path,
        g_strerror (errno));
    return FALSE;
  }
  GST_INFO_OBJECT (self, "listening on %s", self->socket_path);
  return TRUE;
}

static gboolean
send_msg (GwsSwapTarget * self, const GwsSwapMsg * msg)
{
  return send (self->client_fd, msg, sizeof (*msg),
      MSG_NOSIGNAL | MSG_DONTWAIT) == (gssize) sizeof (*msg);
}

/* Later programs (a child the first one started) are turned away: their
 * hook turns itself off. */
static void
refuse_others (GwsSwapTarget * self)
{
  gint fd;

  while ((fd = accept4 (self->listen_fd, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
    GST_WARNING_OBJECT (self, "a second program connected to %s: refused, "
        "one program per element", self->socket_path);
    close (fd);
  }
}

/* One program of our own user, or none in time. */
static gboolean
accept_program (GwsSwapTarget * self, gint64 deadline)
{
  for (;;) {
    struct pollfd pfd = { self->listen_fd, POLLIN, 0 };
    gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
    struct ucred cred;
    socklen_t len = sizeof (cred);
    gint fd;

    if (left <= 0)
      return FALSE;
    if (poll (&pfd, 1, left) <= 0)
      continue;
    fd = accept4 (self->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
      continue;
    if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0
        || cred.uid != getuid ()) {
      GST_WARNING_OBJECT (self, "refused a program of uid %d on %s",
          (gint) cred.uid, self->socket_path);
      close (fd);
      continue;
    }
    self->client_fd = fd;
    self->client_pid = cred.pid;
    GST_INFO_OBJECT (self, "program pid %d connected", (gint) cred.pid);
    return TRUE;
  }
}

static void
unmap_ring (Ring * ring)
{
  if (ring->map)
    munmap (ring->map, ring->size);
  memset (ring, 0, sizeof (*ring));
}

static Ring *
find_ring (GwsSwapTarget * self, guint32 generation)
{
  guint i;

  for (i = 0; i < N_RINGS; i++)
    if (self->rings[i].generation == generation && self->rings[i].map)
      return &self->rings[i];
  return NULL;
}

/* A new ring; the oldest one goes (the program no longer writes it, and
 * the frame held from it, if any, was released before a new wait). */
static gboolean
take_ring (GwsSwapTarget * self, const GwsSwapMsg * msg, gint fd)
{
  Ring *ring = &self->rings[0];
  gsize size = (gsize) msg->slot_size * msg->n_slots;
  guint i;

  for (i = 1; i < N_RINGS; i++)
    if (self->rings[i].generation < ring->generation)
      ring = &self->rings[i];
  if (self->has_held && ring->generation == self->held.generation)
    ring = &self->rings[ring == &self->rings[0] ? 1 : 0];
  unmap_ring (ring);
  if (fd < 0 || msg->storage != GWS_SWAP_STORAGE_MEMFD || !size)
    return FALSE;
  ring->map = mmap (NULL, size, PROT_READ, MAP_SHARED, fd, 0);
  if (ring->map == MAP_FAILED) {
    ring->map = NULL;
    return FALSE;
  }
  ring->size = size;
  ring->generation = msg->generation;
  ring->slot_size = msg->slot_size;
  ring->n_slots = msg->n_slots;
  GST_DEBUG_OBJECT (self, "ring %u: %u slots of %" G_GUINT64_FORMAT " bytes",
      msg->generation, msg->n_slots, msg->slot_size);
  return TRUE;
}

typedef enum
{
  GOT_MESSAGE,
  GOT_NOTHING,                  /* the deadline passed */
  GOT_WOKEN,                    /* set_flushing() */
  GOT_CLOSED,                   /* the program is gone */
} Got;

/* One message from the program, with the file descriptor that came with
 * it (or -1); @deadline: g_get_monotonic_time(), or -1 for none. */
static Got
receive (GwsSwapTarget * self, gint64 deadline, GwsSwapMsg * msg, gint * fd)
{
  union
  {
    gchar buf[CMSG_SPACE (sizeof (gint))];
    struct cmsghdr align;
  } control;

  *fd = -1;
  for (;;) {
    struct pollfd pfds[3] = {
      {self->client_fd, POLLIN, 0},
      {self->wake[0], POLLIN, 0},
      {self->listen_fd, POLLIN, 0},
    };
    struct iovec iov = { msg, sizeof (*msg) };
    struct msghdr mh;
    struct cmsghdr *cmsg;
    gint timeout = -1;
    gboolean flushing;
    gssize n;

    GST_OBJECT_LOCK (self);
    flushing = self->flushing;
    GST_OBJECT_UNLOCK (self);
    if (flushing)
      return GOT_WOKEN;
    if (deadline >= 0) {
      timeout = (deadline - g_get_monotonic_time ()) / 1000;
      if (timeout <= 0)
        return GOT_NOTHING;
    }
    if (poll (pfds, 3, timeout) < 0 && errno != EINTR)
      return GOT_CLOSED;
    if (pfds[2].revents & POLLIN)
      refuse_others (self);
    if (pfds[1].revents & POLLIN) {
      gchar c;

      while (read (self->wake[0], &c, 1) > 0);
      continue;
    }
    if (!pfds[0].revents)
      continue;

    memset (&mh, 0, sizeof (mh));
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = control.buf;
    mh.msg_controllen = sizeof (control.buf);
    n = recvmsg (self->client_fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    /* A program that ends with our releases unread resets the connection,
     * and the kernel says so before handing over what it sent last: the
     * frames it announced are still to be read. */
    if (n < 0 && (errno == EAGAIN || errno == EINTR || errno == ECONNRESET))
      continue;
    for (cmsg = CMSG_FIRSTHDR (&mh); n > 0 && cmsg;
        cmsg = CMSG_NXTHDR (&mh, cmsg))
      if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS)
        memcpy (fd, CMSG_DATA (cmsg), sizeof (gint));
    if (n != (gssize) sizeof (*msg)) {
      if (n > 0)
        GST_WARNING_OBJECT (self, "a message of %zd bytes, not %zu: taking "
            "the program as gone", n, sizeof (*msg));
      else
        GST_DEBUG_OBJECT (self, "socket closed (%zd: %s)", n,
            n < 0 ? g_strerror (errno) : "end of file");
      if (*fd >= 0)
        close (*fd);
      *fd = -1;
      return GOT_CLOSED;
    }
    return GOT_MESSAGE;
  }
}

static void
close_client (GwsSwapTarget * self)
{
  if (self->client_fd >= 0)
    close (self->client_fd);
  self->client_fd = -1;
}

/* Messages until a frame announcement: TRUE with self->next set; FALSE
 * with @got saying why not. */
static gboolean
next_frame (GwsSwapTarget * self, gint64 deadline, Got * got)
{
  for (;;) {
    GwsSwapMsg msg;
    Ring *ring;
    gint fd;

    *got = receive (self, deadline, &msg, &fd);
    if (*got != GOT_MESSAGE)
      return FALSE;
    switch (msg.type) {
      case GWS_SWAP_MSG_SLOTS:
        if (!take_ring (self, &msg, fd))
          GST_WARNING_OBJECT (self, "could not map the program's ring %u",
              msg.generation);
        if (fd >= 0)
          close (fd);
        break;
      case GWS_SWAP_MSG_FRAME:
        if (fd >= 0)
          close (fd);
        ring = find_ring (self, msg.generation);
        if (!ring || msg.slot >= ring->n_slots
            || (msg.format != GWS_SWAP_FORMAT_RGBA
                && msg.format != GWS_SWAP_FORMAT_BGRA) || !msg.width
            || !msg.height || msg.stride < msg.width * 4
            || (guint64) msg.stride * msg.height > ring->slot_size) {
          GST_WARNING_OBJECT (self, "frame %" G_GUINT64_FORMAT " does not "
              "fit its ring: skipped", msg.sequence);
          break;
        }
        self->next = msg;
        self->has_next = TRUE;
        GST_OBJECT_LOCK (self);
        self->width = msg.width;
        self->height = msg.height;
        GST_OBJECT_UNLOCK (self);
        return TRUE;
      case GWS_SWAP_MSG_DROPPED:
        if (fd >= 0)
          close (fd);
        GST_DEBUG_OBJECT (self, "frame %" G_GUINT64_FORMAT " dropped by "
            "the hook", msg.sequence);
        self->dropped_seen = MAX (self->dropped_seen, msg.dropped);
        break;
      default:
        if (fd >= 0)
          close (fd);
        GST_DEBUG_OBJECT (self, "message %u ignored", msg.type);
        break;
    }
  }
}

/* ------------------------------------------------------------------------ */
/* the target                                                                */

static gboolean
gws_swap_target_open (GwsCaptureTarget * target, GstGLContext * context,
    GError ** error)
{
  GwsSwapTarget *self = GWS_SWAP_TARGET (target);
  gint64 deadline = g_get_monotonic_time () +
      (gint64) self->connect_timeout * G_TIME_SPAN_SECOND;
  GwsSwapMsg msg;
  Got got;
  gint fd;

  if (!g_unix_open_pipe (self->wake, FD_CLOEXEC, NULL)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "Cannot start the swap target\npipe: %s", g_strerror (errno));
    return FALSE;
  }
  g_unix_set_fd_nonblocking (self->wake[0], TRUE, NULL);
  g_unix_set_fd_nonblocking (self->wake[1], TRUE, NULL);
  if (!listen_on (self, error))
    return FALSE;

  /* The size goes into the caps, so the program must be there and have
   * shown its first frame before negotiation. */
  if (!accept_program (self, deadline)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "No program connected to the swap socket %s within %u s\nrun it with "
        "glwindowsrc-launch --socket %s -- PROGRAM (or LD_PRELOAD="
        "libglwindowsrc-hook.so GLWINDOWSRC_SOCKET=%s PROGRAM); "
        "connect-timeout=%u", self->socket_path, self->connect_timeout,
        self->socket_path, self->socket_path, self->connect_timeout);
    return FALSE;
  }
  got = receive (self, deadline, &msg, &fd);
  if (fd >= 0)
    close (fd);
  if (got != GOT_MESSAGE || msg.type != GWS_SWAP_MSG_HELLO
      || msg.version != GWS_SWAP_PROTO_VERSION) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
        "The program (pid %d) on %s does not speak the swap hook's protocol"
        "\nno greeting, or version %u where %u was expected", self->client_pid,
        self->socket_path, got == GOT_MESSAGE ? msg.version : 0,
        GWS_SWAP_PROTO_VERSION);
    return FALSE;
  }
  memset (&msg, 0, sizeof (msg));
  msg.type = GWS_SWAP_MSG_CONFIG;
  msg.version = GWS_SWAP_PROTO_VERSION;
  msg.flags = self->lossless ? GWS_SWAP_FLAG_LOSSLESS : 0;
  if (!send_msg (self, &msg) || !next_frame (self, deadline, &got)) {
    if (got == GOT_NOTHING)
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
          "The program (pid %d) connected to %s but presented no frame "
          "within %u s\nit never swapped buffers (glXSwapBuffers, "
          "eglSwapBuffers) on a drawable current to it; connect-timeout=%u",
          self->client_pid, self->socket_path, self->connect_timeout,
          self->connect_timeout);
    else
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
          "The program (pid %d) on %s went away before presenting a frame\n"
          "its hook turned off (see the program's standard error) or it "
          "exited", self->client_pid, self->socket_path);
    return FALSE;
  }
  GST_INFO_OBJECT (self, "program pid %d presents %ux%u frames",
      self->client_pid, self->next.width, self->next.height);
  return TRUE;
}

static void
gws_swap_target_close (GwsCaptureTarget * target)
{
  GwsSwapTarget *self = GWS_SWAP_TARGET (target);
  guint i;

  close_client (self);
  if (self->listen_fd >= 0) {
    close (self->listen_fd);
    g_unlink (self->socket_path);
  }
  self->listen_fd = -1;
  if (self->made_dir)
    g_rmdir (self->made_dir);
  g_clear_pointer (&self->made_dir, g_free);
  for (i = 0; i < N_RINGS; i++)
    unmap_ring (&self->rings[i]);
  /* Under the lock: set_flushing() may write to it from another thread. */
  GST_OBJECT_LOCK (self);
  for (i = 0; i < 2; i++)
    if (self->wake[i] >= 0)
      close (self->wake[i]);
  self->wake[0] = self->wake[1] = -1;
  GST_OBJECT_UNLOCK (self);
  self->has_next = self->has_held = FALSE;
}

static void
gws_swap_target_get_size (GwsCaptureTarget * target, guint * width,
    guint * height)
{
  GwsSwapTarget *self = GWS_SWAP_TARGET (target);

  GST_OBJECT_LOCK (self);
  *width = self->width;
  *height = self->height;
  GST_OBJECT_UNLOCK (self);
}

static GstFlowReturn
gws_swap_target_wait_frame (GwsCaptureTarget * target,
    GstClockTime * presented)
{
  GwsSwapTarget *self = GWS_SWAP_TARGET (target);
  Got got = GOT_CLOSED;

  if (!self->has_next && !self->gone && !next_frame (self, -1, &got)) {
    if (got == GOT_WOKEN)
      return GST_FLOW_FLUSHING;
    GST_INFO_OBJECT (self, "program pid %d closed the socket after %"
        G_GUINT64_FORMAT " frames", self->client_pid, self->delivered);
    self->gone = TRUE;
    close_client (self);
    report_drops (self, self->dropped_seen, GST_CLOCK_TIME_NONE);
  }
  if (!self->has_next)
    return GST_FLOW_EOS;
  *presented = self->next.swap_time;
  return GST_FLOW_OK;
}

static void
gws_swap_target_set_flushing (GwsCaptureTarget * target, gboolean flushing)
{
  GwsSwapTarget *self = GWS_SWAP_TARGET (target);

  gboolean woken = TRUE;

  GST_OBJECT_LOCK (self);
  self->flushing = flushing;
  /* A non-blocking write of one byte: fine under the lock. */
  if (flushing && self->wake[1] >= 0)
    woken = write (self->wake[1], "w", 1) == 1 || errno == EAGAIN;
  GST_OBJECT_UNLOCK (self);
  if (!woken)
    GST_WARNING_OBJECT (self, "could not wake the streaming thread: %s",
        g_strerror (errno));
}

static GwsCaptureResult
gws_swap_target_acquire (GwsCaptureTarget * target, GstGLContext * context,
    GstClockTime timestamp, GwsFrame * frame, GError ** error)
{
  GwsSwapTarget *self = GWS_SWAP_TARGET (target);
  const GwsSwapMsg *msg = &self->next;
  const guint8 *base;
  Ring *ring;

  if (!self->has_next)
    return self->gone ? GWS_CAPTURE_GONE : GWS_CAPTURE_UNCHANGED;
  ring = find_ring (self, msg->generation);
  g_assert (ring);
  base = ring->map + (gsize) msg->slot * ring->slot_size;

  frame->width = msg->width;
  frame->height = msg->height;
  /* A window's alpha is not the picture's: what it shows is opaque. */
  frame->bgrx = msg->format == GWS_SWAP_FORMAT_BGRA;
  frame->force_opaque = TRUE;
  if (msg->orientation == GWS_SWAP_BOTTOM_UP) {
    /* Rows from the top are rows from the end of the slot. */
    frame->data = base + (gsize) (msg->height - 1) * msg->stride;
    frame->stride = -(gint) msg->stride;
  } else {
    frame->data = base;
    frame->stride = msg->stride;
  }
  self->held = *msg;
  self->has_held = TRUE;
  self->has_next = FALSE;
  self->last_sequence = msg->sequence;
  self->last_swap_time = msg->swap_time;
  self->last_dropped = msg->dropped;
  self->delivered++;
  return GWS_CAPTURE_OK;
}

static void
gws_swap_target_release (GwsCaptureTarget * target, GstGLContext * context,
    GwsFrame * frame)
{
  GwsSwapTarget *self = GWS_SWAP_TARGET (target);
  GwsSwapMsg msg;

  if (!self->has_held)
    return;
  self->has_held = FALSE;
  if (self->client_fd < 0)
    return;
  memset (&msg, 0, sizeof (msg));
  msg.type = GWS_SWAP_MSG_RELEASE;
  msg.generation = self->held.generation;
  msg.slot = self->held.slot;
  if (!send_msg (self, &msg))
    GST_DEBUG_OBJECT (self, "release of slot %u not sent: %s", msg.slot,
        g_strerror (errno));
}

static gboolean
gws_swap_target_pictures_on_gpu (GwsCaptureTarget * target)
{
  return FALSE;
}

/* Drops the hook counted up to @dropped that were not reported yet: a
 * warning in the log and a QoS message (format buffers: frames delivered,
 * frames dropped in all) on the element. */
static void
report_drops (GwsSwapTarget * self, guint64 dropped, GstClockTime pts)
{
  GstMessage *qos;

  if (dropped <= self->dropped_reported)
    return;
  GST_WARNING_OBJECT (self, "%" G_GUINT64_FORMAT " frame(s) of the program "
      "dropped (no free slot; lossless=false), %" G_GUINT64_FORMAT " in all",
      dropped - self->dropped_reported, dropped);
  self->dropped_reported = dropped;
  qos = gst_message_new_qos (GST_OBJECT (self->element), TRUE, pts,
      GST_CLOCK_TIME_NONE, pts, GST_CLOCK_TIME_NONE);
  gst_message_set_qos_stats (qos, GST_FORMAT_BUFFERS, self->delivered,
      dropped);
  gst_element_post_message (self->element, qos);
}

static void
gws_swap_target_decorate (GwsCaptureTarget * target, GstBuffer * buffer)
{
  GwsSwapTarget *self = GWS_SWAP_TARGET (target);

  gst_buffer_add_reference_timestamp_meta (buffer, sequence_caps,
      self->last_sequence, GST_CLOCK_TIME_NONE);
  gst_buffer_add_reference_timestamp_meta (buffer, swap_time_caps,
      self->last_swap_time, GST_CLOCK_TIME_NONE);
  /* The drops before this frame; later ones wait for the next frame or
   * the end. */
  report_drops (self, self->last_dropped, GST_BUFFER_PTS (buffer));
}

static void
gws_swap_target_finalize (GObject * object)
{
  GwsSwapTarget *self = GWS_SWAP_TARGET (object);

  gws_swap_target_close (GWS_CAPTURE_TARGET (self));
  g_free (self->socket_path);
  G_OBJECT_CLASS (gws_swap_target_parent_class)->finalize (object);
}

static void
gws_swap_target_class_init (GwsSwapTargetClass * klass)
{
  GwsCaptureTargetClass *target_class = GWS_CAPTURE_TARGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gws_swap_target_finalize;
  target_class->open = gws_swap_target_open;
  target_class->close = gws_swap_target_close;
  target_class->get_size = gws_swap_target_get_size;
  target_class->acquire = gws_swap_target_acquire;
  target_class->release = gws_swap_target_release;
  target_class->pictures_on_gpu = gws_swap_target_pictures_on_gpu;
  target_class->wait_frame = gws_swap_target_wait_frame;
  target_class->set_flushing = gws_swap_target_set_flushing;
  target_class->decorate = gws_swap_target_decorate;

  sequence_caps = gst_caps_new_empty_simple (GWS_SWAP_SEQUENCE_CAPS);
  GST_MINI_OBJECT_FLAG_SET (sequence_caps,
      GST_MINI_OBJECT_FLAG_MAY_BE_LEAKED);
  swap_time_caps = gst_caps_new_empty_simple (GWS_SWAP_TIME_CAPS);
  GST_MINI_OBJECT_FLAG_SET (swap_time_caps,
      GST_MINI_OBJECT_FLAG_MAY_BE_LEAKED);

  GST_DEBUG_CATEGORY_INIT (gws_swap_target_debug, "glwindowsrc-swap", 0,
      "glwindowsrc swap-hook target");
}

static void
gws_swap_target_init (GwsSwapTarget * self)
{
  self->listen_fd = self->client_fd = -1;
  self->wake[0] = self->wake[1] = -1;
}

static GwsCaptureTarget *
swap_create (const GstStructure * settings, GstElement * element,
    GError ** error)
{
  GwsSwapTarget *self = g_object_new (GWS_TYPE_SWAP_TARGET, NULL);
  const gchar *path = gst_structure_get_string (settings, "socket");

  gst_object_ref_sink (self);
  self->element = element;
  self->socket_path = path && *path ? g_strdup (path) : default_socket_path ();
  gst_structure_get_boolean (settings, "lossless", &self->lossless);
  gst_structure_get_uint (settings, "connect-timeout",
      &self->connect_timeout);
  return GWS_CAPTURE_TARGET (self);
}

static gboolean
swap_claims (const GstStructure * settings)
{
  const gchar *path = gst_structure_get_string (settings, "socket");

  return path && *path;
}

static GParamSpec **
swap_properties (void)
{
  static GParamSpec *specs[4];
  static gsize made = 0;

  if (g_once_init_enter (&made)) {
    /**
     * GstGLWindowSrc:socket:
     *
     * For `target=swap`: the Unix socket the program's swap hook connects
     * to (glwindowsrc-launch --socket, or GLWINDOWSRC_SOCKET). Its folder
     * is made private (0700) if it does not exist, and refused if it is
     * not; only programs of the same user are accepted. NULL:
     * `$XDG_RUNTIME_DIR/glwindowsrc/swap.sock`, the launcher's default too.
     */
    specs[0] = g_param_spec_string ("socket", "Socket",
        "Unix socket the program's swap hook connects to (target=swap; "
        "NULL: $XDG_RUNTIME_DIR/glwindowsrc/swap.sock)", DEFAULT_SOCKET,
        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    /**
     * GstGLWindowSrc:lossless:
     *
     * For `target=swap`: TRUE makes the program wait at its swap for a
     * free slot, so that no frame is lost however slow the pipeline;
     * FALSE lets it go on, and a frame with no free slot is dropped,
     * counted, logged and posted as a QoS message (format buffers).
     */
    specs[1] = g_param_spec_boolean ("lossless", "Lossless",
        "The program waits for a free slot rather than a frame being "
        "dropped (target=swap)", DEFAULT_LOSSLESS,
        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    /**
     * GstGLWindowSrc:connect-timeout:
     *
     * For `target=swap`: how long the change to PAUSED waits for the
     * program to connect and present its first frame (whose size goes
     * into the caps), in seconds, before it fails with an error.
     */
    specs[2] = g_param_spec_uint ("connect-timeout", "Connect timeout",
        "Seconds to wait for the program's first frame (target=swap)", 1,
        24 * 3600, DEFAULT_CONNECT_TIMEOUT,
        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    specs[3] = NULL;
    g_once_init_leave (&made, 1);
  }
  return specs;
}

const GwsTargetInfo gws_swap_target_info = {
  .nick = "swap",
  .description = "Every frame a program presents, at its buffer swap "
      "(glwindowsrc-launch)",
  .create = swap_create,
  .properties = swap_properties,
  .claims = swap_claims,
};
