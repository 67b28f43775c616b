/* glwindowsrc-hook
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The hook's side of the socket to glwindowsrc target=swap, and the ring of
 * shared-memory slots frames are written into. */

#include "hook.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------------ */
/* the socket                                                                */

int
send_msg_flags (const GwsSwapMsg * msg, int fd_to_pass, int flags)
{
  struct iovec iov = { (void *) msg, sizeof (*msg) };
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } control;
  struct msghdr mh;
  ssize_t n;

  memset (&mh, 0, sizeof (mh));
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  if (fd_to_pass >= 0) {
    struct cmsghdr *cmsg;

    memset (&control, 0, sizeof (control));
    mh.msg_control = control.buf;
    mh.msg_controllen = sizeof (control.buf);
    cmsg = CMSG_FIRSTHDR (&mh);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN (sizeof (int));
    memcpy (CMSG_DATA (cmsg), &fd_to_pass, sizeof (int));
  }
  do
    n = sendmsg (hook.fd, &mh, MSG_NOSIGNAL | flags);
  while (n < 0 && errno == EINTR);
  return n == (ssize_t) sizeof (*msg);
}

int
send_msg (const GwsSwapMsg * msg, int fd_to_pass)
{
  return send_msg_flags (msg, fd_to_pass, 0);
}

/* One message from the element, waiting up to @timeout_ms (-1: for ever).
 * 1: got one; 0: none in time; -1: the element is gone. */
int
recv_msg (GwsSwapMsg * msg, int timeout_ms)
{
  struct pollfd pfd = { hook.fd, POLLIN, 0 };
  ssize_t n;
  int r;

  do
    r = poll (&pfd, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  if (r < 0)
    return -1;
  if (r == 0)
    return 0;
  do
    n = recv (hook.fd, msg, sizeof (*msg), MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return 0;
  if (n != (ssize_t) sizeof (*msg))
    return -1;
  return 1;
}

void
take_release (const GwsSwapMsg * msg)
{
  if (msg->type == GWS_SWAP_MSG_RELEASE && msg->generation == hook.generation
      && msg->slot < hook.n_slots)
    hook.busy[msg->slot] = 0;
}

/* Every release already sent. FALSE when the element is gone. */
int
drain_releases (void)
{
  GwsSwapMsg msg;
  int r;

  while ((r = recv_msg (&msg, 0)) > 0)
    take_release (&msg);
  return r == 0;
}

int
connect_socket (const char *path)
{
  struct sockaddr_un addr;
  uint64_t deadline = monotonic_ns () + (uint64_t) hook.timeout_ms * 1000000;
  int fd;

  if (strlen (path) >= sizeof (addr.sun_path)) {
    turn_off ("the socket path %s is too long", path);
    return 0;
  }
  memset (&addr, 0, sizeof (addr));
  addr.sun_family = AF_UNIX;
  strcpy (addr.sun_path, path);

  /* The element may still be starting: wait for it to listen. */
  for (;;) {
    fd = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      turn_off ("socket(): %s", strerror (errno));
      return 0;
    }
    if (connect (fd, (struct sockaddr *) &addr, sizeof (addr)) == 0)
      break;
    close (fd);
    if ((errno != ENOENT && errno != ECONNREFUSED && errno != EAGAIN)
        || monotonic_ns () > deadline) {
      turn_off ("cannot connect to %s: %s", path, strerror (errno));
      return 0;
    }
    usleep (20000);
  }
  hook.fd = fd;
  return 1;
}

/* Lock held. */
int
start (void)
{
  const char *path = getenv ("GLWINDOWSRC_SOCKET");
  const char *readback = getenv ("GLWINDOWSRC_HOOK_READBACK");
  GwsSwapMsg msg;

  hook.timeout_ms = env_int ("GLWINDOWSRC_HOOK_TIMEOUT_MS", DEFAULT_TIMEOUT_MS);
  hook.n_slots = env_int ("GLWINDOWSRC_HOOK_SLOTS", DEFAULT_SLOTS);
  if (hook.n_slots < 2)
    hook.n_slots = 2;
  if (hook.n_slots > MAX_SLOTS)
    hook.n_slots = MAX_SLOTS;
  hook.force_direct = readback && strcmp (readback, "direct") == 0;
  hook.force_pbo = readback && strcmp (readback, "pbo") == 0;

  if (!path || !*path) {
    turn_off ("GLWINDOWSRC_SOCKET is not set");
    return 0;
  }
  if (!connect_socket (path))
    return 0;

  memset (&msg, 0, sizeof (msg));
  msg.type = GWS_SWAP_MSG_HELLO;
  msg.version = GWS_SWAP_PROTO_VERSION;
  msg.pid = getpid ();
  if (!send_msg (&msg, -1)) {
    turn_off ("the element at %s did not take our greeting", path);
    return 0;
  }
  if (recv_msg (&msg, hook.timeout_ms) <= 0
      || msg.type != GWS_SWAP_MSG_CONFIG) {
    turn_off ("the element at %s did not answer (is another program "
        "captured there?)", path);
    return 0;
  }
  hook.lossless = (msg.flags & GWS_SWAP_FLAG_LOSSLESS) != 0;
  hook.state = STATE_ON;
  if (debugging ())
    say ("glwindowsrc-hook: connected to %s, lossless=%d, %u slots", path,
        hook.lossless, hook.n_slots);
  return 1;
}

/* ------------------------------------------------------------------------ */
/* the ring of slots                                                         */

/* A new ring whose slots hold @size bytes; the element learns of it before
 * the first frame in it. */
int
new_ring (uint64_t size)
{
  GwsSwapMsg msg;
  size_t total;
  int fd;

  /* Page-aligned slots: a DMA-BUF or a huge-page mapping could take
   * their place. */
  size = (size + 4095) & ~(uint64_t) 4095;
  total = (size_t) size * hook.n_slots;
  fd = memfd_create ("glwindowsrc-hook", MFD_CLOEXEC);
  if (fd < 0) {
    turn_off ("memfd_create: %s", strerror (errno));
    return 0;
  }
  if (ftruncate (fd, total) < 0) {
    close (fd);
    turn_off ("no memory for %u frames of %llu bytes: %s", hook.n_slots,
        (unsigned long long) size, strerror (errno));
    return 0;
  }
  if (hook.map)
    munmap (hook.map, hook.map_size);
  hook.map = mmap (NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (hook.map == MAP_FAILED) {
    hook.map = NULL;
    close (fd);
    turn_off ("mmap of %zu bytes: %s", total, strerror (errno));
    return 0;
  }
  hook.map_size = total;
  hook.slot_size = size;
  hook.generation++;
  memset (hook.busy, 0, sizeof (hook.busy));

  memset (&msg, 0, sizeof (msg));
  msg.type = GWS_SWAP_MSG_SLOTS;
  msg.generation = hook.generation;
  msg.n_slots = hook.n_slots;
  msg.slot_size = size;
  msg.storage = GWS_SWAP_STORAGE_MEMFD;
  if (!send_msg (&msg, fd)) {
    close (fd);
    turn_off ("the element went away");
    return 0;
  }
  close (fd);
  return 1;
}

/* A free slot for @size bytes: -1 when there is none (a drop, lossless
 * off) or the hook turned off. */
int
get_slot (uint64_t size)
{
  uint32_t i;

  if (size > hook.slot_size && !new_ring (size))
    return -1;
  for (;;) {
    GwsSwapMsg msg;
    int r;

    if (!drain_releases ()) {
      turn_off ("the element went away");
      return -1;
    }
    for (i = 0; i < hook.n_slots; i++)
      if (!hook.busy[i])
        return i;
    if (!hook.lossless)
      return -1;
    /* Lossless: the program waits for the element. */
    r = recv_msg (&msg, -1);
    if (r < 0) {
      turn_off ("the element went away");
      return -1;
    }
    if (r > 0)
      take_release (&msg);
  }
}

int
announce (int slot, uint64_t sequence, uint64_t swap_time, uint32_t width,
    uint32_t height, GLenum format)
{
  GwsSwapMsg msg;

  memset (&msg, 0, sizeof (msg));
  msg.type = GWS_SWAP_MSG_FRAME;
  msg.generation = hook.generation;
  msg.slot = slot;
  msg.sequence = sequence;
  msg.swap_time = swap_time;
  msg.dropped = hook.dropped;
  msg.width = width;
  msg.height = height;
  msg.stride = width * 4;
  msg.orientation = GWS_SWAP_BOTTOM_UP;
  msg.format = format == GL_BGRA ? GWS_SWAP_FORMAT_BGRA : GWS_SWAP_FORMAT_RGBA;
  hook.busy[slot] = 1;
  if (!send_msg (&msg, -1)) {
    turn_off ("the element went away");
    return 0;
  }
  return 1;
}

/* The element learns of a drop at once, even if no frame follows (the
 * program ends): never waiting for it, since a full socket means the
 * element is behind, and the next message has the total anyway. */
void
note_drop (uint64_t sequence, uint64_t swap_time)
{
  GwsSwapMsg msg;

  hook.dropped++;
  memset (&msg, 0, sizeof (msg));
  msg.type = GWS_SWAP_MSG_DROPPED;
  msg.sequence = sequence;
  msg.swap_time = swap_time;
  msg.dropped = hook.dropped;
  if (!send_msg_flags (&msg, -1, MSG_DONTWAIT) && errno != EAGAIN
      && errno != EWOULDBLOCK) {
    turn_off ("the element went away");
    return;
  }
  if (debugging ())
    say ("glwindowsrc-hook: frame %llu dropped: no free slot",
        (unsigned long long) sequence);
}

