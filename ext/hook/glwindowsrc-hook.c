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

#include "hook.h"

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

void *
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
void *
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

HookState hook = {
  .lock = PTHREAD_MUTEX_INITIALIZER,
  .fd = -1,
};

/* Set while a wrapper runs the real swap: a swap function that calls
 * another (EGL's damage variants) is one swap. */
static __thread int in_swap;

void
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

int
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
void
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

uint64_t
monotonic_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int
env_int (const char *name, int fallback)
{
  const char *value = getenv (name);

  return value && *value ? atoi (value) : fallback;
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
