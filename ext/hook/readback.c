/* glwindowsrc-hook
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The back buffer of the swapped drawable read into a slot: directly, or
 * through pack buffers and fences; the program's GL state put back. */

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
/* GL                                                                        */

Proc
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

int
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
int
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

void
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

void
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
int
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
void
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
void
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
GLenum
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

void
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

