/* glwindowsrc-hook
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What the hook's files share: the few GL names it uses (it links no GL),
 * its state, and the functions one part calls in another. Internal: the
 * library exports only the wrapped swap and lookup functions. */

#pragma once

#define _GNU_SOURCE

#include "swapproto.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

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


typedef struct
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
} HookState;

/* The one state of the hook in the program (glwindowsrc-hook.c). */
extern HookState hook;

/* The functions the hook wraps, by index (glwindowsrc-hook.c). */
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

/* The program's GL state the readback changes, to put back. */
typedef struct
{
  GLint read_fbo, draw_fbo;
  GLint fb0_read_buffer;
  GLint pack_buffer;
  GLint alignment, row_length, skip_rows, skip_pixels, swap_bytes,
      lsb_first, invert;
} Saved;

/* glwindowsrc-hook.c: the real functions; messages and the off switch,
 * the clock, settings. */
void *real_func (int which);
void *lookup (const char *name);
void say (const char *format, ...);
int debugging (void);
void turn_off (const char *format, ...);
uint64_t monotonic_ns (void);
int env_int (const char *name, int fallback);

/* transport.c: the socket to the element and the ring of slots. */
int send_msg_flags (const GwsSwapMsg * msg, int fd_to_pass, int flags);
int send_msg (const GwsSwapMsg * msg, int fd_to_pass);
int recv_msg (GwsSwapMsg * msg, int timeout_ms);
void take_release (const GwsSwapMsg * msg);
int drain_releases (void);
int connect_socket (const char *path);
int start (void);
int new_ring (uint64_t size);
int get_slot (uint64_t size);
int announce (int slot, uint64_t sequence, uint64_t swap_time, uint32_t width, uint32_t height, GLenum format);
void note_drop (uint64_t sequence, uint64_t swap_time);

/* readback.c: the back buffer into a slot, the program's GL state kept. */
Proc gl_proc (int api, const char *name);
int has_extension (GLState * gl, const char *name);
int ensure_gl (int api, void *context);
void save_and_set (GLState * gl, Saved * s);
void restore (GLState * gl, const Saved * s);
int check_first (GLState * gl, int before);
void complete_pbo (GLState * gl, int i);
void complete_pending (GLState * gl, int keep);
GLenum read_format (GLState * gl);
void read_frame (uint64_t sequence, uint64_t swap_time, uint32_t width, uint32_t height);
