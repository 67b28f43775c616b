/* glwindowsrc-hook
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * libglwindowsrc-hook.so: loaded with LD_PRELOAD into an unmodified GL
 * program, it copies every frame the program presents, at the buffer swap,
 * into shared memory and announces it to glwindowsrc target=swap over a
 * Unix socket ($GLWINDOWSRC_SOCKET). docs/swap-hook.md is the design.
 *
 * Rules this file lives by:
 * - Never break the program: any failure (no socket, a GL error, no
 *   memory, the element gone) turns the hook off for good with one line on
 *   stderr, and every call goes straight to the real function from then on.
 * - Leave the program's GL state as it was: every binding and pixel-store
 *   value touched is read first and put back; glGetError is only called on
 *   the first capture of a context (a program's own pending error would be
 *   eaten otherwise).
 * - Link nothing but libc: GL, GLX and EGL functions are looked up at run
 *   time, so a process that never uses GL (the shell a launcher runs) does
 *   not load them.
 */

#define _GNU_SOURCE

#include "swapproto.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__ ((visibility ("default")))

/* GL, GLX and EGL values, so that no header (and no library) is needed. */
#define GL_NO_ERROR 0
#define GL_FRONT 0x0404
#define GL_BACK 0x0405
#define GL_READ_BUFFER 0x0C02
#define GL_DOUBLEBUFFER 0x0C32
#define GL_PACK_SWAP_BYTES 0x0D00
#define GL_PACK_LSB_FIRST 0x0D01
#define GL_PACK_ROW_LENGTH 0x0D02
#define GL_PACK_SKIP_ROWS 0x0D03
#define GL_PACK_SKIP_PIXELS 0x0D04
#define GL_PACK_ALIGNMENT 0x0D05
#define GL_UNSIGNED_BYTE 0x1401
#define GL_RGBA 0x1908
#define GL_BGRA 0x80E1
#define GL_UNSIGNED_INT_8_8_8_8_REV 0x8367
#define GL_IMPLEMENTATION_COLOR_READ_TYPE 0x8B9A
#define GL_IMPLEMENTATION_COLOR_READ_FORMAT 0x8B9B
#define GL_RENDERER 0x1F01
#define GL_VERSION 0x1F02
#define GL_EXTENSIONS 0x1F03
#define GL_PACK_INVERT_MESA 0x8758
#define GL_STREAM_READ 0x88E1
#define GL_PIXEL_PACK_BUFFER 0x88EB
#define GL_PIXEL_PACK_BUFFER_BINDING 0x88ED
#define GL_FRAMEBUFFER_BINDING 0x8CA6
#define GL_READ_FRAMEBUFFER 0x8CA8
#define GL_READ_FRAMEBUFFER_BINDING 0x8CAA
#define GL_FRAMEBUFFER 0x8D40
#define GL_MAP_READ_BIT 0x0001
#define GL_SYNC_FLUSH_COMMANDS_BIT 0x0001
#define GL_SYNC_GPU_COMMANDS_COMPLETE 0x9117
#define GL_ALREADY_SIGNALED 0x911A
#define GL_CONDITION_SATISFIED 0x911C
#define GLX_WIDTH 0x801D
#define GLX_HEIGHT 0x801E
#define EGL_HEIGHT 0x3056
#define EGL_WIDTH 0x3057
#define EGL_DRAW 0x3059

typedef unsigned int GLenum;
typedef int GLint;
typedef unsigned int GLuint;
typedef unsigned char GLboolean;
typedef void *GLsync;
typedef int32_t EGLint;
typedef unsigned int EGLBoolean;
typedef unsigned long XID;
typedef void (*Proc) (void);

/* Slots in the ring: one being written, one or two with the element, one
 * in the encoder's queue. */
#define DEFAULT_SLOTS 4
#define MAX_SLOTS 16
/* Pack buffers in flight (PBO readback): this frame's and the last. */
#define N_PBOS 2
#define DEFAULT_TIMEOUT_MS 10000
/* A GPU that has not finished a read in this long is lost. */
#define FENCE_TIMEOUT_NS 2000000000ull

/* ------------------------------------------------------------------------ */
/* the real functions                                                        */

typedef void *(*DlsymFunc) (void *, const char *);

static DlsymFunc
real_dlsym_func (void)
{
  static DlsymFunc func;

  if (!func) {
    /* dlvsym is not ours, so this finds libc's dlsym, whichever version
     * the program was linked against. */
    void *p = dlvsym (RTLD_NEXT, "dlsym", "GLIBC_2.34");

    if (!p)
      p = dlvsym (RTLD_NEXT, "dlsym", "GLIBC_2.2.5");
    if (!p)
      p = dlvsym (RTLD_NEXT, "dlsym", "GLIBC_2.17");
    __atomic_store_n (&func, (DlsymFunc) p, __ATOMIC_RELEASE);
  }
  return func;
}

enum
{
  H_GLX_SWAP,
  H_GLX_SWAP_OML,
  H_EGL_SWAP,
  H_EGL_SWAP_DAMAGE_EXT,
  H_EGL_SWAP_DAMAGE_KHR,
  H_GLX_GPA,
  H_GLX_GPA_ARB,
  H_EGL_GPA,
  H_GLX_MAKE_CURRENT,
  H_GLX_MAKE_CONTEXT_CURRENT,
  H_GLX_DESTROY_CONTEXT,
  H_EGL_MAKE_CURRENT,
  H_EGL_DESTROY_CONTEXT,
  N_HOOKED,
};

typedef struct
{
  const char *name;
  void *wrapper;
  void *real;
} Hooked;

EXPORT void glXSwapBuffers (void *dpy, XID drawable);
EXPORT int64_t glXSwapBuffersMscOML (void *dpy, XID drawable,
    int64_t target_msc, int64_t divisor, int64_t remainder);
EXPORT EGLBoolean eglSwapBuffers (void *dpy, void *surface);
EXPORT EGLBoolean eglSwapBuffersWithDamageEXT (void *dpy, void *surface,
    const EGLint * rects, EGLint n_rects);
EXPORT EGLBoolean eglSwapBuffersWithDamageKHR (void *dpy, void *surface,
    const EGLint * rects, EGLint n_rects);
EXPORT Proc glXGetProcAddress (const unsigned char *name);
EXPORT Proc glXGetProcAddressARB (const unsigned char *name);
EXPORT Proc eglGetProcAddress (const char *name);
EXPORT int glXMakeCurrent (void *dpy, XID drawable, void *context);
EXPORT int glXMakeContextCurrent (void *dpy, XID draw, XID read,
    void *context);
EXPORT void glXDestroyContext (void *dpy, void *context);
EXPORT EGLBoolean eglMakeCurrent (void *dpy, void *draw, void *read,
    void *context);
EXPORT EGLBoolean eglDestroyContext (void *dpy, void *context);
EXPORT void *dlsym (void *handle, const char *name);

/* Filled in statically: a library initialised before this one (libglvnd)
 * may call dlsym before any constructor of ours has run. */
static Hooked hooked[N_HOOKED] = {
  [H_GLX_SWAP] = {"glXSwapBuffers", (void *) glXSwapBuffers, NULL},
  [H_GLX_SWAP_OML] = {"glXSwapBuffersMscOML", (void *) glXSwapBuffersMscOML,
      NULL},
  [H_EGL_SWAP] = {"eglSwapBuffers", (void *) eglSwapBuffers, NULL},
  [H_EGL_SWAP_DAMAGE_EXT] = {"eglSwapBuffersWithDamageEXT",
      (void *) eglSwapBuffersWithDamageEXT, NULL},
  [H_EGL_SWAP_DAMAGE_KHR] = {"eglSwapBuffersWithDamageKHR",
      (void *) eglSwapBuffersWithDamageKHR, NULL},
  [H_GLX_GPA] = {"glXGetProcAddress", (void *) glXGetProcAddress, NULL},
  [H_GLX_GPA_ARB] = {"glXGetProcAddressARB", (void *) glXGetProcAddressARB,
      NULL},
  [H_EGL_GPA] = {"eglGetProcAddress", (void *) eglGetProcAddress, NULL},
  [H_GLX_MAKE_CURRENT] = {"glXMakeCurrent", (void *) glXMakeCurrent, NULL},
  [H_GLX_MAKE_CONTEXT_CURRENT] = {"glXMakeContextCurrent",
      (void *) glXMakeContextCurrent, NULL},
  [H_GLX_DESTROY_CONTEXT] = {"glXDestroyContext", (void *) glXDestroyContext,
      NULL},
  [H_EGL_MAKE_CURRENT] = {"eglMakeCurrent", (void *) eglMakeCurrent, NULL},
  [H_EGL_DESTROY_CONTEXT] = {"eglDestroyContext", (void *) eglDestroyContext,
      NULL},
};

/* Where a library the program opened privately (RTLD_LOCAL) can still be
 * found. */
static void *
real_from_library (const char *name)
{
  static const char *const libraries[] = {
    "libGLX.so.0", "libGL.so.1", "libEGL.so.1", NULL
  };
  DlsymFunc real_dlsym = real_dlsym_func ();
  int i;

  for (i = 0; libraries[i] && real_dlsym; i++) {
    void *handle = dlopen (libraries[i], RTLD_LAZY | RTLD_NOLOAD);
    void *p;

    if (!handle)
      continue;
    p = real_dlsym (handle, name);
    dlclose (handle);
    if (p)
      return p;
  }
  return NULL;
}

static void *
real_func (int which)
{
  void *p = __atomic_load_n (&hooked[which].real, __ATOMIC_ACQUIRE);

  if (!p) {
    DlsymFunc real_dlsym = real_dlsym_func ();

    p = real_dlsym ? real_dlsym (RTLD_NEXT, hooked[which].name) : NULL;
    if (!p)
      p = real_from_library (hooked[which].name);
    if (p)
      __atomic_store_n (&hooked[which].real, p, __ATOMIC_RELEASE);
  }
  return p;
}

/* Any symbol of GL, GLX or EGL that is not ours. */
static void *
lookup (const char *name)
{
  DlsymFunc real_dlsym = real_dlsym_func ();
  void *p = real_dlsym ? real_dlsym (RTLD_DEFAULT, name) : NULL;

  return p ? p : real_from_library (name);
}

static int
hooked_index (const char *name)
{
  int i;

  if (!name || name[0] != 'g' || name[1] != 'l')
    if (!name || name[0] != 'e' || name[1] != 'g')
      return -1;
  for (i = 0; i < N_HOOKED; i++)
    if (strcmp (name, hooked[i].name) == 0)
      return i;
  return -1;
}

/* A pointer the program looked up itself: ours in its place, with the real
 * one remembered. */
static void *
wrap_found (int which, void *found)
{
  if (which < 0 || !found)
    return found;
  /* dlsym(RTLD_DEFAULT, ...) finds this library's own first. */
  if (found == hooked[which].wrapper)
    return real_func (which) ? found : NULL;
  if (!__atomic_load_n (&hooked[which].real, __ATOMIC_ACQUIRE))
    __atomic_store_n (&hooked[which].real, found, __ATOMIC_RELEASE);
  return hooked[which].wrapper;
}

/* ------------------------------------------------------------------------ */
/* state                                                                     */

enum
{
  STATE_NEW,
  STATE_ON,
  STATE_OFF,
};

enum
{
  API_GLX,
  API_EGL,
};

typedef struct
{
  int api;
  void *context;
  int is_gles;
  int major, minor;
  int has_fbo;                  /* framebuffer bindings exist */
  int has_read_fbo;             /* a separate read framebuffer binding */
  int has_read_buffer;
  int has_pack_state;           /* row length, skips */
  int has_pack_invert;
  int use_pbo;
  int checked;                  /* glGetError looked at once */
  int can_ask_read_format;      /* GL_IMPLEMENTATION_COLOR_READ_* exist */
  GLenum read_format;           /* 0 until asked (the window bound) */

  void (*GetIntegerv) (GLenum, GLint *);
  void (*GetBooleanv) (GLenum, GLboolean *);
  const unsigned char *(*GetString) (GLenum);
  GLenum (*GetError) (void);
  void (*PixelStorei) (GLenum, GLint);
  void (*ReadBuffer) (GLenum);
  void (*ReadPixels) (GLint, GLint, GLint, GLint, GLenum, GLenum, void *);
  void (*BindFramebuffer) (GLenum, GLuint);
  void (*BindBuffer) (GLenum, GLuint);
  void (*GenBuffers) (GLint, GLuint *);
  void (*BufferData) (GLenum, intptr_t, const void *, GLenum);
  void *(*MapBufferRange) (GLenum, intptr_t, intptr_t, GLenum);
  GLboolean (*UnmapBuffer) (GLenum);
  GLsync (*FenceSync) (GLenum, GLenum);
  GLenum (*ClientWaitSync) (GLsync, GLenum, uint64_t);
  void (*DeleteSync) (GLsync);

  struct
  {
    GLuint buffer;
    size_t size;
    GLsync fence;               /* NULL: nothing pending in it */
    GLenum format;
    uint64_t sequence, swap_time;
    uint32_t width, height;
  } pbo[N_PBOS];
  int next_pbo;
} GLState;

static struct
{
  pthread_mutex_t lock;
  int state;
  int fd;
  int lossless;
  int timeout_ms;
  uint32_t n_slots;
  int force_direct, force_pbo;

  /* The drawable captured: the first one swapped. */
  void *drawable;
  uint64_t sequence;
  uint64_t dropped;
  int warned_not_current;

  uint32_t generation;
  uint8_t *map;
  size_t map_size;
  uint64_t slot_size;
  uint8_t busy[MAX_SLOTS];

  GLState gl;
} hook = {
  .lock = PTHREAD_MUTEX_INITIALIZER,
  .fd = -1,
};

/* Set while a wrapper runs the real swap: a swap function that calls
 * another (EGL's damage variants) is one swap. */
static __thread int in_swap;

static void
say (const char *format, ...)
{
  char line[512];
  va_list args;
  int n;

  va_start (args, format);
  n = vsnprintf (line, sizeof (line) - 1, format, args);
  va_end (args);
  if (n < 0)
    return;
  if (n > (int) sizeof (line) - 2)
    n = sizeof (line) - 2;
  line[n++] = '\n';
  if (write (STDERR_FILENO, line, n) < 0) {
    /* Nowhere else to say it. */
  }
}

static int
debugging (void)
{
  static int value = -1;

  if (value < 0) {
    const char *env = getenv ("GLWINDOWSRC_HOOK_DEBUG");

    value = env && *env && strcmp (env, "0") != 0;
  }
  return value;
}

/* The one line, then the hook stays out of the program's way. Lock held. */
static void
turn_off (const char *format, ...)
{
  char why[400];
  va_list args;

  va_start (args, format);
  vsnprintf (why, sizeof (why), format, args);
  va_end (args);
  say ("glwindowsrc-hook: %s; frames are no longer captured (the program "
      "goes on)", why);
  if (hook.fd >= 0)
    close (hook.fd);
  hook.fd = -1;
  if (hook.map)
    munmap (hook.map, hook.map_size);
  hook.map = NULL;
  hook.state = STATE_OFF;
}

static uint64_t
monotonic_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int
env_int (const char *name, int fallback)
{
  const char *value = getenv (name);

  return value && *value ? atoi (value) : fallback;
}

/* ------------------------------------------------------------------------ */
/* the socket                                                                */

static int
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

static int
send_msg (const GwsSwapMsg * msg, int fd_to_pass)
{
  return send_msg_flags (msg, fd_to_pass, 0);
}

/* One message from the element, waiting up to @timeout_ms (-1: for ever).
 * 1: got one; 0: none in time; -1: the element is gone. */
static int
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

static void
take_release (const GwsSwapMsg * msg)
{
  if (msg->type == GWS_SWAP_MSG_RELEASE && msg->generation == hook.generation
      && msg->slot < hook.n_slots)
    hook.busy[msg->slot] = 0;
}

/* Every release already sent. FALSE when the element is gone. */
static int
drain_releases (void)
{
  GwsSwapMsg msg;
  int r;

  while ((r = recv_msg (&msg, 0)) > 0)
    take_release (&msg);
  return r == 0;
}

static int
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
static int
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
static int
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
static int
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

static int
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
static void
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

/* ------------------------------------------------------------------------ */
/* GL                                                                        */

static Proc
gl_proc (int api, const char *name)
{
  Proc p = NULL;

  if (api == API_GLX) {
    Proc (*gpa) (const unsigned char *) = real_func (H_GLX_GPA_ARB);

    if (!gpa)
      gpa = real_func (H_GLX_GPA);
    if (gpa)
      p = gpa ((const unsigned char *) name);
  } else {
    Proc (*gpa) (const char *) = real_func (H_EGL_GPA);

    if (gpa)
      p = gpa (name);
  }
  if (!p)
    p = (Proc) lookup (name);
  return p;
}

#define LOAD(field, name) \
    (*(Proc *) &gl->field = gl_proc (api, name))

static int
has_extension (GLState * gl, const char *name)
{
  const char *exts;
  size_t len = strlen (name);

  if (!gl->is_gles && gl->major >= 3) {
    /* Core profiles have no GL_EXTENSIONS string; only one extension is
     * asked for here, and it is optional. */
    void (*GetIntegerv) (GLenum, GLint *) = gl->GetIntegerv;
    const unsigned char *(*GetStringi) (GLenum, GLuint) =
        (const unsigned char *(*)(GLenum, GLuint)) gl_proc (gl->api,
        "glGetStringi");
    GLint n = 0, i;

    if (!GetStringi)
      return 0;
    GetIntegerv (0x821D /* GL_NUM_EXTENSIONS */ , &n);
    for (i = 0; i < n; i++) {
      const char *e = (const char *) GetStringi (GL_EXTENSIONS, i);

      if (e && strcmp (e, name) == 0)
        return 1;
    }
    return 0;
  }
  exts = (const char *) gl->GetString (GL_EXTENSIONS);
  while (exts && (exts = strstr (exts, name))) {
    if (exts[len] == ' ' || exts[len] == '\0')
      return 1;
    exts += len;
  }
  return 0;
}

/* What the context current now can do; once per context. */
static int
ensure_gl (int api, void *context)
{
  GLState *gl = &hook.gl;
  const char *version, *renderer;
  int software;

  if (gl->context == context && gl->api == api)
    return 1;
  /* Another context (the program made a new one): the pack buffers were
   * the old one's; they went with it or are left to it. */
  memset (gl, 0, sizeof (*gl));
  gl->api = api;
  gl->context = context;

  LOAD (GetIntegerv, "glGetIntegerv");
  LOAD (GetBooleanv, "glGetBooleanv");
  LOAD (GetString, "glGetString");
  LOAD (GetError, "glGetError");
  LOAD (PixelStorei, "glPixelStorei");
  LOAD (ReadPixels, "glReadPixels");
  if (!gl->GetIntegerv || !gl->GetString || !gl->GetError
      || !gl->PixelStorei || !gl->ReadPixels) {
    turn_off ("the GL functions needed to read a frame were not found");
    return 0;
  }
  version = (const char *) gl->GetString (GL_VERSION);
  renderer = (const char *) gl->GetString (GL_RENDERER);
  if (!version) {
    turn_off ("glGetString(GL_VERSION) failed: no current context?");
    return 0;
  }
  if (strncmp (version, "OpenGL ES", 9) == 0) {
    const char *v = version + 9;

    gl->is_gles = 1;
    while (*v && (*v < '0' || *v > '9'))
      v++;
    sscanf (v, "%d.%d", &gl->major, &gl->minor);
  } else {
    sscanf (version, "%d.%d", &gl->major, &gl->minor);
  }

  LOAD (BindFramebuffer, "glBindFramebuffer");
  LOAD (ReadBuffer, "glReadBuffer");
  LOAD (BindBuffer, "glBindBuffer");
  LOAD (GenBuffers, "glGenBuffers");
  LOAD (BufferData, "glBufferData");
  LOAD (MapBufferRange, "glMapBufferRange");
  LOAD (UnmapBuffer, "glUnmapBuffer");
  LOAD (FenceSync, "glFenceSync");
  LOAD (ClientWaitSync, "glClientWaitSync");
  LOAD (DeleteSync, "glDeleteSync");

  if (gl->is_gles) {
    gl->has_fbo = gl->BindFramebuffer != NULL;
    gl->has_read_fbo = gl->major >= 3;
    gl->has_read_buffer = gl->major >= 3 && gl->ReadBuffer;
    gl->has_pack_state = gl->major >= 3;
  } else {
    gl->has_fbo = gl->BindFramebuffer && (gl->major >= 3
        || has_extension (gl, "GL_ARB_framebuffer_object"));
    gl->has_read_fbo = gl->has_fbo;
    gl->has_read_buffer = gl->ReadBuffer != NULL;
    gl->has_pack_state = 1;
  }
  gl->has_pack_invert = has_extension (gl, "GL_MESA_pack_invert");
  gl->can_ask_read_format = gl->is_gles || gl->major > 4
      || (gl->major == 4 && gl->minor >= 1)
      || has_extension (gl, "GL_ARB_ES2_compatibility");

  /* Pack buffers and fences: GL 3.2, GLES 3. On a software driver the
   * "GPU" read is a CPU copy at glReadPixels time, so a pack buffer would
   * only add a second copy: the read goes straight into the slot. */
  software = renderer && (strstr (renderer, "llvmpipe")
      || strstr (renderer, "softpipe") || strstr (renderer, "SWR"));
  gl->use_pbo = (gl->is_gles ? gl->major >= 3 : (gl->major > 3
          || (gl->major == 3 && gl->minor >= 2)))
      && gl->BindBuffer && gl->GenBuffers && gl->BufferData
      && gl->MapBufferRange && gl->UnmapBuffer && gl->FenceSync
      && gl->ClientWaitSync && gl->DeleteSync;
  if (hook.force_direct || (software && !hook.force_pbo))
    gl->use_pbo = 0;
  if (debugging ())
    say ("glwindowsrc-hook: %s on %s: %s readback", version,
        renderer ? renderer : "?", gl->use_pbo ? "pack-buffer" : "direct");
  return 1;
}

/* The state a read touches, as the program left it. */
typedef struct
{
  GLint read_fbo, draw_fbo;
  GLint fb0_read_buffer;
  GLint pack_buffer;
  GLint alignment, row_length, skip_rows, skip_pixels, swap_bytes,
      lsb_first, invert;
} Saved;

static void
save_and_set (GLState * gl, Saved * s)
{
  memset (s, 0, sizeof (*s));
  if (gl->has_fbo) {
    if (gl->has_read_fbo) {
      /* Only asked, never changed. */
      gl->GetIntegerv (GL_FRAMEBUFFER_BINDING, &s->draw_fbo);
      gl->GetIntegerv (GL_READ_FRAMEBUFFER_BINDING, &s->read_fbo);
      if (s->read_fbo)
        gl->BindFramebuffer (GL_READ_FRAMEBUFFER, 0);
    } else {
      gl->GetIntegerv (GL_FRAMEBUFFER_BINDING, &s->draw_fbo);
      if (s->draw_fbo)
        gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
    }
  }
  if (gl->has_read_buffer) {
    GLenum wanted = GL_BACK;

    gl->GetIntegerv (GL_READ_BUFFER, &s->fb0_read_buffer);
    if (!gl->is_gles && gl->GetBooleanv && !s->draw_fbo) {
      GLboolean doubled = 1;

      /* GL_DOUBLEBUFFER describes the draw framebuffer: only asked with
       * the window's own bound for drawing. */
      gl->GetBooleanv (GL_DOUBLEBUFFER, &doubled);
      /* A single-buffered window swaps nothing: its picture is the front. */
      if (!doubled)
        wanted = GL_FRONT;
    }
    if ((GLenum) s->fb0_read_buffer != wanted)
      gl->ReadBuffer (wanted);
  }
  if (gl->BindBuffer && (gl->is_gles ? gl->major >= 3 : gl->major >= 2)) {
    gl->GetIntegerv (GL_PIXEL_PACK_BUFFER_BINDING, &s->pack_buffer);
  }
  gl->GetIntegerv (GL_PACK_ALIGNMENT, &s->alignment);
  gl->PixelStorei (GL_PACK_ALIGNMENT, 4);
  if (gl->has_pack_state) {
    gl->GetIntegerv (GL_PACK_ROW_LENGTH, &s->row_length);
    gl->GetIntegerv (GL_PACK_SKIP_ROWS, &s->skip_rows);
    gl->GetIntegerv (GL_PACK_SKIP_PIXELS, &s->skip_pixels);
    if (s->row_length)
      gl->PixelStorei (GL_PACK_ROW_LENGTH, 0);
    if (s->skip_rows)
      gl->PixelStorei (GL_PACK_SKIP_ROWS, 0);
    if (s->skip_pixels)
      gl->PixelStorei (GL_PACK_SKIP_PIXELS, 0);
  }
  if (!gl->is_gles) {
    gl->GetIntegerv (GL_PACK_SWAP_BYTES, &s->swap_bytes);
    gl->GetIntegerv (GL_PACK_LSB_FIRST, &s->lsb_first);
    if (s->swap_bytes)
      gl->PixelStorei (GL_PACK_SWAP_BYTES, 0);
    if (s->lsb_first)
      gl->PixelStorei (GL_PACK_LSB_FIRST, 0);
  }
  if (gl->has_pack_invert) {
    gl->GetIntegerv (GL_PACK_INVERT_MESA, &s->invert);
    if (s->invert)
      gl->PixelStorei (GL_PACK_INVERT_MESA, 0);
  }
}

static void
restore (GLState * gl, const Saved * s)
{
  if (gl->has_pack_invert && s->invert)
    gl->PixelStorei (GL_PACK_INVERT_MESA, s->invert);
  if (!gl->is_gles) {
    if (s->swap_bytes)
      gl->PixelStorei (GL_PACK_SWAP_BYTES, s->swap_bytes);
    if (s->lsb_first)
      gl->PixelStorei (GL_PACK_LSB_FIRST, s->lsb_first);
  }
  if (gl->has_pack_state) {
    if (s->row_length)
      gl->PixelStorei (GL_PACK_ROW_LENGTH, s->row_length);
    if (s->skip_rows)
      gl->PixelStorei (GL_PACK_SKIP_ROWS, s->skip_rows);
    if (s->skip_pixels)
      gl->PixelStorei (GL_PACK_SKIP_PIXELS, s->skip_pixels);
  }
  gl->PixelStorei (GL_PACK_ALIGNMENT, s->alignment);
  if (gl->BindBuffer && (gl->is_gles ? gl->major >= 3 : gl->major >= 2))
    gl->BindBuffer (GL_PIXEL_PACK_BUFFER, s->pack_buffer);
  if (gl->has_read_buffer)
    gl->ReadBuffer (s->fb0_read_buffer);
  if (gl->has_fbo) {
    if (gl->has_read_fbo) {
      if (s->read_fbo)
        gl->BindFramebuffer (GL_READ_FRAMEBUFFER, s->read_fbo);
    } else if (s->draw_fbo) {
      gl->BindFramebuffer (GL_FRAMEBUFFER, s->draw_fbo);
    }
  }
}

/* The first capture in a context is checked for GL errors; later ones are
 * not (see the top of the file). */
static int
check_first (GLState * gl, int before)
{
  GLenum err;

  if (gl->checked)
    return 1;
  err = gl->GetError ();
  if (before) {
    /* The program's own pending error, which this had to read: no more
     * than that is lost. */
    return 1;
  }
  gl->checked = 1;
  if (err != GL_NO_ERROR) {
    turn_off ("reading the frame gave GL error 0x%x", err);
    return 0;
  }
  return 1;
}

/* The picture in pack buffer @i into a slot, announced. Its fence has
 * been waited for. */
static void
complete_pbo (GLState * gl, int i)
{
  uint64_t size = (uint64_t) gl->pbo[i].width * gl->pbo[i].height * 4;
  GLenum r;
  void *src;
  int slot;

  r = gl->ClientWaitSync (gl->pbo[i].fence, GL_SYNC_FLUSH_COMMANDS_BIT,
      FENCE_TIMEOUT_NS);
  gl->DeleteSync (gl->pbo[i].fence);
  gl->pbo[i].fence = NULL;
  if (r != GL_ALREADY_SIGNALED && r != GL_CONDITION_SATISFIED) {
    turn_off ("the GPU did not finish reading a frame (glClientWaitSync "
        "0x%x)", r);
    return;
  }
  slot = get_slot (size);
  if (slot < 0) {
    if (hook.state == STATE_ON)
      note_drop (gl->pbo[i].sequence, gl->pbo[i].swap_time);
    return;
  }
  gl->BindBuffer (GL_PIXEL_PACK_BUFFER, gl->pbo[i].buffer);
  src = gl->MapBufferRange (GL_PIXEL_PACK_BUFFER, 0, size, GL_MAP_READ_BIT);
  if (!src) {
    turn_off ("glMapBufferRange of a %llu-byte pack buffer failed",
        (unsigned long long) size);
    return;
  }
  memcpy (hook.map + (size_t) slot * hook.slot_size, src, size);
  gl->UnmapBuffer (GL_PIXEL_PACK_BUFFER);
  announce (slot, gl->pbo[i].sequence, gl->pbo[i].swap_time,
      gl->pbo[i].width, gl->pbo[i].height, gl->pbo[i].format);
}

/* Pack buffers whose reads are queued go out, oldest first, except
 * @keep. The pack-buffer binding is the caller's to restore. */
static void
complete_pending (GLState * gl, int keep)
{
  int k;

  for (k = 1; k <= N_PBOS && hook.state == STATE_ON; k++) {
    int i = (gl->next_pbo + k) % N_PBOS;

    if (i != keep && gl->pbo[i].fence)
      complete_pbo (gl, i);
  }
}

/* The format GL reads the window in fastest: BGRA from the BGRX buffers
 * of X visuals (a plain copy on Mesa, where RGBA is a swizzle per pixel,
 * which the element does instead, off the program's thread), RGBA where
 * the driver says so or cannot say (GLES without the BGRA extension).
 * Asked once, with the window bound for reading. */
static GLenum
read_format (GLState * gl)
{
  const char *env = getenv ("GLWINDOWSRC_HOOK_FORMAT");
  GLint format = 0, type = 0;

  if (gl->read_format)
    return gl->read_format;
  if (env && strcmp (env, "rgba") == 0) {
    gl->read_format = GL_RGBA;
  } else if (env && strcmp (env, "bgra") == 0) {
    gl->read_format = GL_BGRA;
  } else if (gl->can_ask_read_format) {
    gl->GetIntegerv (GL_IMPLEMENTATION_COLOR_READ_FORMAT, &format);
    gl->GetIntegerv (GL_IMPLEMENTATION_COLOR_READ_TYPE, &type);
    gl->read_format = format == GL_BGRA && (type == GL_UNSIGNED_BYTE
        || type == GL_UNSIGNED_INT_8_8_8_8_REV) ? GL_BGRA : GL_RGBA;
  } else {
    gl->read_format = gl->is_gles ? GL_RGBA : GL_BGRA;
  }
  if (debugging ())
    say ("glwindowsrc-hook: reading %s (the driver prefers 0x%x/0x%x)",
        gl->read_format == GL_BGRA ? "BGRA" : "RGBA", format, type);
  return gl->read_format;
}

static void
read_frame (uint64_t sequence, uint64_t swap_time, uint32_t width,
    uint32_t height)
{
  GLState *gl = &hook.gl;
  uint64_t size = (uint64_t) width * height * 4;
  Saved saved;

  if (!check_first (gl, 1))
    return;
  if (gl->use_pbo) {
    int i = gl->next_pbo;

    save_and_set (gl, &saved);
    if (!gl->pbo[i].buffer)
      gl->GenBuffers (1, &gl->pbo[i].buffer);
    gl->BindBuffer (GL_PIXEL_PACK_BUFFER, gl->pbo[i].buffer);
    if (gl->pbo[i].size < size) {
      gl->BufferData (GL_PIXEL_PACK_BUFFER, size, NULL, GL_STREAM_READ);
      gl->pbo[i].size = size;
    }
    gl->pbo[i].format = read_format (gl);
    gl->ReadPixels (0, 0, width, height, gl->pbo[i].format, GL_UNSIGNED_BYTE,
        NULL);
    gl->pbo[i].fence = gl->FenceSync (GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
    gl->pbo[i].sequence = sequence;
    gl->pbo[i].swap_time = swap_time;
    gl->pbo[i].width = width;
    gl->pbo[i].height = height;
    gl->next_pbo = (i + 1) % N_PBOS;
    if (!gl->pbo[i].fence) {
      restore (gl, &saved);
      turn_off ("glFenceSync failed");
      return;
    }
    /* The previous frame's read has had a whole frame's time. */
    complete_pending (gl, i);
    restore (gl, &saved);
  } else {
    int slot = get_slot (size);
    GLenum format;

    if (slot < 0) {
      if (hook.state == STATE_ON)
        note_drop (sequence, swap_time);
      return;
    }
    save_and_set (gl, &saved);
    if (gl->BindBuffer && saved.pack_buffer)
      gl->BindBuffer (GL_PIXEL_PACK_BUFFER, 0);
    format = read_format (gl);
    gl->ReadPixels (0, 0, width, height, format, GL_UNSIGNED_BYTE,
        hook.map + (size_t) slot * hook.slot_size);
    restore (gl, &saved);
    if (!check_first (gl, 0))
      return;
    announce (slot, sequence, swap_time, width, height, format);
  }
  if (gl->use_pbo && hook.state == STATE_ON)
    check_first (gl, 0);
}

/* ------------------------------------------------------------------------ */
/* the swap                                                                  */

static void *
glx_current_context (void)
{
  static void *(*func) (void);

  if (!func)
    *(void **) &func = lookup ("glXGetCurrentContext");
  return func ? func () : NULL;
}

static XID
glx_current_drawable (void)
{
  static XID (*func) (void);

  if (!func)
    *(void **) &func = lookup ("glXGetCurrentDrawable");
  return func ? func () : 0;
}

static int
glx_size (void *dpy, XID drawable, uint32_t * width, uint32_t * height)
{
  static void (*query) (void *, XID, int, unsigned int *);
  unsigned int w = 0, h = 0;

  if (!query)
    *(void **) &query = lookup ("glXQueryDrawable");
  if (!query)
    return 0;
  query (dpy, drawable, GLX_WIDTH, &w);
  query (dpy, drawable, GLX_HEIGHT, &h);
  *width = w;
  *height = h;
  return w && h;
}

static void *
egl_current_context (void)
{
  static void *(*func) (void);

  if (!func)
    *(void **) &func = lookup ("eglGetCurrentContext");
  return func ? func () : NULL;
}

static void *
egl_current_surface (void)
{
  static void *(*func) (EGLint);

  if (!func)
    *(void **) &func = lookup ("eglGetCurrentSurface");
  return func ? func (EGL_DRAW) : NULL;
}

static int
egl_size (void *dpy, void *surface, uint32_t * width, uint32_t * height)
{
  static EGLBoolean (*query) (void *, void *, EGLint, EGLint *);
  EGLint w = 0, h = 0;

  if (!query)
    *(void **) &query = lookup ("eglQuerySurface");
  if (!query || !query (dpy, surface, EGL_WIDTH, &w)
      || !query (dpy, surface, EGL_HEIGHT, &h))
    return 0;
  *width = w;
  *height = h;
  return w > 0 && h > 0;
}

/* Called before the real swap of @drawable (a GLX drawable or an EGL
 * surface) on @dpy. */
static void
capture (int api, void *dpy, void *drawable)
{
  uint64_t swap_time = monotonic_ns ();
  uint32_t width = 0, height = 0;
  void *context, *current;
  uint64_t sequence;

  if (in_swap)
    return;
  pthread_mutex_lock (&hook.lock);
  if (hook.state == STATE_NEW)
    start ();
  if (hook.state != STATE_ON)
    goto out;

  if (!hook.drawable)
    hook.drawable = drawable;
  if (drawable != hook.drawable)
    goto out;
  sequence = hook.sequence++;

  if (api == API_GLX) {
    context = glx_current_context ();
    current = (void *) glx_current_drawable ();
  } else {
    context = egl_current_context ();
    current = egl_current_surface ();
  }
  if (!context || current != drawable) {
    /* Only the thread whose current drawable it is can read it. */
    if (!hook.warned_not_current)
      say ("glwindowsrc-hook: a swap of a drawable that is not current "
          "cannot be captured; counted as dropped");
    hook.warned_not_current = 1;
    note_drop (sequence, swap_time);
    goto out;
  }
  if (!ensure_gl (api, context))
    goto out;
  if (!(api == API_GLX ? glx_size (dpy, (XID) drawable, &width, &height)
          : egl_size (dpy, drawable, &width, &height))) {
    note_drop (sequence, swap_time);
    goto out;
  }
  read_frame (sequence, swap_time, width, height);

out:
  pthread_mutex_unlock (&hook.lock);
}

/* Before the program makes another context current, or destroys this
 * one: the pack buffers it still has queued go out now. */
static void
flush_pending (int api)
{
  GLState *gl = &hook.gl;
  GLint binding = 0;
  void *context;
  int i, pending = 0;

  if (in_swap)
    return;
  pthread_mutex_lock (&hook.lock);
  for (i = 0; i < N_PBOS; i++)
    pending |= gl->pbo[i].fence != NULL;
  if (hook.state != STATE_ON || !pending || gl->api != api)
    goto out;
  context = api == API_GLX ? glx_current_context () : egl_current_context ();
  if (context != gl->context)
    goto out;
  gl->GetIntegerv (GL_PIXEL_PACK_BUFFER_BINDING, &binding);
  complete_pending (gl, -1);
  gl->BindBuffer (GL_PIXEL_PACK_BUFFER, binding);
out:
  pthread_mutex_unlock (&hook.lock);
}

static void
forget_context (void *context)
{
  pthread_mutex_lock (&hook.lock);
  if (hook.gl.context == context)
    memset (&hook.gl, 0, sizeof (hook.gl));
  pthread_mutex_unlock (&hook.lock);
}

/* ------------------------------------------------------------------------ */
/* the wrappers                                                              */

EXPORT void
glXSwapBuffers (void *dpy, XID drawable)
{
  void (*real) (void *, XID) = real_func (H_GLX_SWAP);

  capture (API_GLX, dpy, (void *) drawable);
  in_swap++;
  if (real)
    real (dpy, drawable);
  in_swap--;
}

EXPORT int64_t
glXSwapBuffersMscOML (void *dpy, XID drawable, int64_t target_msc,
    int64_t divisor, int64_t remainder)
{
  int64_t (*real) (void *, XID, int64_t, int64_t, int64_t) =
      real_func (H_GLX_SWAP_OML);
  int64_t r = 0;

  capture (API_GLX, dpy, (void *) drawable);
  in_swap++;
  if (real)
    r = real (dpy, drawable, target_msc, divisor, remainder);
  in_swap--;
  return r;
}

EXPORT EGLBoolean
eglSwapBuffers (void *dpy, void *surface)
{
  EGLBoolean (*real) (void *, void *) = real_func (H_EGL_SWAP);
  EGLBoolean r = 0;

  capture (API_EGL, dpy, surface);
  in_swap++;
  if (real)
    r = real (dpy, surface);
  in_swap--;
  return r;
}

static EGLBoolean
swap_with_damage (int which, void *dpy, void *surface, const EGLint * rects,
    EGLint n_rects)
{
  EGLBoolean (*real) (void *, void *, const EGLint *, EGLint) =
      real_func (which);
  EGLBoolean r = 0;

  capture (API_EGL, dpy, surface);
  in_swap++;
  if (real)
    r = real (dpy, surface, rects, n_rects);
  in_swap--;
  return r;
}

EXPORT EGLBoolean
eglSwapBuffersWithDamageEXT (void *dpy, void *surface, const EGLint * rects,
    EGLint n_rects)
{
  return swap_with_damage (H_EGL_SWAP_DAMAGE_EXT, dpy, surface, rects,
      n_rects);
}

EXPORT EGLBoolean
eglSwapBuffersWithDamageKHR (void *dpy, void *surface, const EGLint * rects,
    EGLint n_rects)
{
  return swap_with_damage (H_EGL_SWAP_DAMAGE_KHR, dpy, surface, rects,
      n_rects);
}

EXPORT int
glXMakeCurrent (void *dpy, XID drawable, void *context)
{
  int (*real) (void *, XID, void *) = real_func (H_GLX_MAKE_CURRENT);

  flush_pending (API_GLX);
  return real ? real (dpy, drawable, context) : 0;
}

EXPORT int
glXMakeContextCurrent (void *dpy, XID draw, XID read, void *context)
{
  int (*real) (void *, XID, XID, void *) =
      real_func (H_GLX_MAKE_CONTEXT_CURRENT);

  flush_pending (API_GLX);
  return real ? real (dpy, draw, read, context) : 0;
}

EXPORT void
glXDestroyContext (void *dpy, void *context)
{
  void (*real) (void *, void *) = real_func (H_GLX_DESTROY_CONTEXT);

  flush_pending (API_GLX);
  forget_context (context);
  if (real)
    real (dpy, context);
}

EXPORT EGLBoolean
eglMakeCurrent (void *dpy, void *draw, void *read, void *context)
{
  EGLBoolean (*real) (void *, void *, void *, void *) =
      real_func (H_EGL_MAKE_CURRENT);

  flush_pending (API_EGL);
  return real ? real (dpy, draw, read, context) : 0;
}

EXPORT EGLBoolean
eglDestroyContext (void *dpy, void *context)
{
  EGLBoolean (*real) (void *, void *) = real_func (H_EGL_DESTROY_CONTEXT);

  flush_pending (API_EGL);
  forget_context (context);
  return real ? real (dpy, context) : 0;
}

EXPORT Proc
glXGetProcAddressARB (const unsigned char *name)
{
  Proc (*real) (const unsigned char *) = real_func (H_GLX_GPA_ARB);

  return (Proc) wrap_found (hooked_index ((const char *) name),
      real ? (void *) real (name) : NULL);
}

EXPORT Proc
glXGetProcAddress (const unsigned char *name)
{
  Proc (*real) (const unsigned char *) = real_func (H_GLX_GPA);

  return (Proc) wrap_found (hooked_index ((const char *) name),
      real ? (void *) real (name) : NULL);
}

EXPORT Proc
eglGetProcAddress (const char *name)
{
  Proc (*real) (const char *) = real_func (H_EGL_GPA);

  return (Proc) wrap_found (hooked_index (name),
      real ? (void *) real (name) : NULL);
}

/* dlsym itself: a program (or a toolkit, or libglvnd's clients) that looks
 * up the swap by name gets ours. Everything else is a sibling call to the
 * real dlsym, so that glibc still sees the caller's return address and
 * dlsym(RTLD_NEXT, ...) keeps meaning "after the caller" (the library is
 * built with optimisation, which makes it a jump). */
EXPORT void *
dlsym (void *handle, const char *name)
{
  DlsymFunc real = real_dlsym_func ();
  int which;

  if (!real)
    return NULL;
  if (handle != RTLD_NEXT && (which = hooked_index (name)) >= 0)
    return wrap_found (which, real (handle, name));
  return real (handle, name);
}

/* ------------------------------------------------------------------------ */

static void
after_fork_in_child (void)
{
  /* The connection is the parent's: a child captures nothing. */
  if (hook.fd >= 0)
    close (hook.fd);
  hook.fd = -1;
  if (hook.map)
    munmap (hook.map, hook.map_size);
  hook.map = NULL;
  memset (&hook.gl, 0, sizeof (hook.gl));
  hook.state = STATE_OFF;
  pthread_mutex_init (&hook.lock, NULL);
}

__attribute__ ((constructor))
     static void hook_init (void)
{
  pthread_atfork (NULL, NULL, after_fork_in_child);
  if (!real_dlsym_func ())
    say ("glwindowsrc-hook: the C library's dlsym was not found; frames "
        "are not captured");
}
