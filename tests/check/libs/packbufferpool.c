/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Unit tests of the pack-buffer pool (gst/output/packbufferpool.c): which
 * buffers it hands out again and which it lets go, and what a read into a
 * pack buffer leaves in the buffer's memory. Needs a GL context with
 * persistent mapping (GL 4.4 or ARB/EXT_buffer_storage); tests/meson.build
 * runs it headless on the EGL device platform (llvmpipe in CI). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/video/video.h>
#include <gst/gl/gl.h>
#include <gst/gl/gstglfuncs.h>
#include <string.h>

#include "output/packbufferpool.h"

/* An odd width, so that rows are not a power of two long. */
#define WIDTH 37
#define HEIGHT 23

static GstGLDisplay *display;
static GstGLContext *context;
static GstBufferPool *pool;
static GstVideoInfo info;

static void
setup (void)
{
  const GstGLFuncs *gl;
  GError *error = NULL;
  GstStructure *config;
  GstCaps *caps;

  display = gst_gl_display_new ();
  context = gst_gl_context_new (display);
  fail_unless (context != NULL, "no GL context for this display");
  if (!gst_gl_context_create (context, NULL, &error))
    fail ("cannot create a GL context: %s", error->message);
  GST_INFO ("GL context: platform %s, API %s",
      gst_gl_platform_to_string (gst_gl_context_get_gl_platform (context)),
      gst_gl_api_to_string (gst_gl_context_get_gl_api (context)));
  gl = context->gl_vtable;
  /* What the element asks of a driver before it makes this pool
   * (gws_gl_driver_has_persistent_mapping). */
  fail_unless (gl->BufferStorage && gl->MapBufferRange && gl->FenceSync
      && gl->ClientWaitSync && gl->DeleteSync && gl->GenFramebuffers,
      "this GL driver cannot map buffers persistently");

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGBA, WIDTH, HEIGHT);
  caps = gst_video_info_to_caps (&info);
  pool = gws_pack_buffer_pool_new (context);
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, info.size, 0, 0);
  gst_buffer_pool_config_add_option (config,
      GST_BUFFER_POOL_OPTION_VIDEO_META);
  fail_unless (gst_buffer_pool_set_config (pool, config));
  fail_unless (gst_buffer_pool_set_active (pool, TRUE));
  gst_caps_unref (caps);
}

static void
nothing (GstGLContext * ctx, gpointer data)
{
}

/* What was queued to the GL thread before (the deletion of buffers let go
 * on this thread) has run. */
static void
sync_gl_thread (void)
{
  gst_gl_context_thread_add (context, nothing, NULL);
}

static void
teardown (void)
{
  fail_unless (gst_buffer_pool_set_active (pool, FALSE));
  gst_object_unref (pool);
  sync_gl_thread ();
  gst_object_unref (context);
  gst_object_unref (display);
}

static GstBuffer *
acquire (void)
{
  GstBuffer *buffer = NULL;

  fail_unless_equals_int (gst_buffer_pool_acquire_buffer (pool, &buffer,
          NULL), GST_FLOW_OK);
  fail_unless (buffer != NULL);
  return buffer;
}

/* ------------------------------------------------------------------------ */
/* on the GL thread                                                          */

typedef struct
{
  GstBuffer *buffer;
  guint name;
  gboolean result;
} GLCall;

static void
fence_in_gl_thread (GstGLContext * ctx, GLCall * call)
{
  gws_pack_buffer_fence (call->buffer, ctx);
}

static void
wait_in_gl_thread (GstGLContext * ctx, GLCall * call)
{
  call->result = gws_pack_buffer_wait (call->buffer, ctx);
}

static void
is_buffer_in_gl_thread (GstGLContext * ctx, GLCall * call)
{
  call->result = ctx->gl_vtable->IsBuffer (call->name);
}

static void
fence_buffer (GstBuffer * buffer)
{
  GLCall call = { buffer, 0, FALSE };

  gst_gl_context_thread_add (context,
      (GstGLContextThreadFunc) fence_in_gl_thread, &call);
}

static gboolean
wait_landed (GstBuffer * buffer)
{
  GLCall call = { buffer, 0, FALSE };

  gst_gl_context_thread_add (context,
      (GstGLContextThreadFunc) wait_in_gl_thread, &call);
  return call.result;
}

/* Whether GL still has a buffer object @name. */
static gboolean
gl_has_buffer (guint name)
{
  GLCall call = { NULL, name, FALSE };

  sync_gl_thread ();
  gst_gl_context_thread_add (context,
      (GstGLContextThreadFunc) is_buffer_in_gl_thread, &call);
  return call.result;
}

/* The picture read: background colour, and a rectangle of another in GL's
 * window coordinates (y up). */
static const guint8 background[4] = { 0x20, 0x40, 0x80, 0xff };
static const guint8 rectangle[4] = { 0xf0, 0x10, 0x33, 0x7f };

#define RECT_X 5
#define RECT_Y 3
#define RECT_W 20
#define RECT_H 11

/* Draws the picture into a framebuffer of its own and queues its read
 * into @call->buffer's pack buffer, then the fence, as the output stage
 * does; waits for nothing. */
static void
read_picture_in_gl_thread (GstGLContext * ctx, GLCall * call)
{
  const GstGLFuncs *gl = ctx->gl_vtable;
  guint tex, fbo;

  gl->GenTextures (1, &tex);
  gl->BindTexture (GL_TEXTURE_2D, tex);
  gl->TexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, WIDTH, HEIGHT, 0, GL_RGBA,
      GL_UNSIGNED_BYTE, NULL);
  gl->BindTexture (GL_TEXTURE_2D, 0);
  gl->GenFramebuffers (1, &fbo);
  gl->BindFramebuffer (GL_FRAMEBUFFER, fbo);
  gl->FramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
      GL_TEXTURE_2D, tex, 0);
  call->result = gl->CheckFramebufferStatus (GL_FRAMEBUFFER)
      == GL_FRAMEBUFFER_COMPLETE;
  if (call->result) {
    gl->Viewport (0, 0, WIDTH, HEIGHT);
    gl->ClearColor (background[0] / 255.f, background[1] / 255.f,
        background[2] / 255.f, background[3] / 255.f);
    gl->Clear (GL_COLOR_BUFFER_BIT);
    gl->Enable (GL_SCISSOR_TEST);
    gl->Scissor (RECT_X, RECT_Y, RECT_W, RECT_H);
    gl->ClearColor (rectangle[0] / 255.f, rectangle[1] / 255.f,
        rectangle[2] / 255.f, rectangle[3] / 255.f);
    gl->Clear (GL_COLOR_BUFFER_BIT);
    gl->Disable (GL_SCISSOR_TEST);

    gl->BindBuffer (GL_PIXEL_PACK_BUFFER, call->name);
    gl->PixelStorei (GL_PACK_ALIGNMENT, 4);
    gl->ReadPixels (0, 0, WIDTH, HEIGHT, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    gl->BindBuffer (GL_PIXEL_PACK_BUFFER, 0);
    call->result = gl->GetError () == GL_NO_ERROR;
    gws_pack_buffer_fence (call->buffer, ctx);
  }
  gl->BindFramebuffer (GL_FRAMEBUFFER, 0);
  gl->DeleteFramebuffers (1, &fbo);
  gl->DeleteTextures (1, &tex);
}

static void
read_picture (GstBuffer * buffer)
{
  GLCall call = { buffer, gws_pack_buffer_get_name (buffer), FALSE };

  fail_unless (call.name != 0);
  gst_gl_context_thread_add (context,
      (GstGLContextThreadFunc) read_picture_in_gl_thread, &call);
  fail_unless (call.result, "could not read into pack buffer %u", call.name);
}

/* @buffer's memory holds the picture, row 0 at the bottom as ReadPixels
 * writes it. */
static void
check_picture (GstBuffer * buffer)
{
  GstMapInfo map;
  gint x, y, c;
  gsize stride = GST_VIDEO_INFO_PLANE_STRIDE (&info, 0);

  fail_unless (gst_buffer_map (buffer, &map, GST_MAP_READ));
  fail_unless (map.size >= stride * HEIGHT);
  for (y = 0; y < HEIGHT; y++)
    for (x = 0; x < WIDTH; x++) {
      const guint8 *px = map.data + y * stride + x * 4;
      gboolean inside = x >= RECT_X && x < RECT_X + RECT_W && y >= RECT_Y
          && y < RECT_Y + RECT_H;
      const guint8 *want = inside ? rectangle : background;

      for (c = 0; c < 4; c++)
        fail_unless (ABS (px[c] - want[c]) <= 1, "pixel %d,%d byte %d is "
            "0x%02x, expected 0x%02x", x, y, c, px[c], want[c]);
    }
  gst_buffer_unmap (buffer, &map);
}

/* Memory that is not the picture, so that a read that did not land
 * shows. */
static void
scribble (GstBuffer * buffer)
{
  GstMapInfo map;

  fail_unless (gst_buffer_map (buffer, &map, GST_MAP_WRITE));
  memset (map.data, 0xcd, map.size);
  gst_buffer_unmap (buffer, &map);
}

/* ------------------------------------------------------------------------ */
/* the tests                                                                 */

GST_START_TEST (test_buffers)
{
  GstBuffer *a = acquire (), *b = acquire ();
  GstVideoMeta *meta;

  fail_unless (gws_pack_buffer_get_name (a) != 0);
  fail_unless (gws_pack_buffer_get_name (b) != 0);
  fail_unless (gws_pack_buffer_get_name (a) != gws_pack_buffer_get_name (b));
  fail_unless (gl_has_buffer (gws_pack_buffer_get_name (a)));
  fail_unless_equals_int (gst_buffer_n_memory (a), 1);
  fail_unless_equals_uint64 (gst_buffer_get_size (a), info.size);
  /* Asked for in the configuration. */
  meta = gst_buffer_get_video_meta (a);
  fail_unless (meta != NULL);
  fail_unless_equals_int (meta->width, WIDTH);
  fail_unless_equals_int (meta->height, HEIGHT);
  fail_unless_equals_int (meta->stride[0], info.stride[0]);
  gst_buffer_unref (a);
  gst_buffer_unref (b);
}

GST_END_TEST;

/* A buffer released with its read landed (fenced, waited) comes back:
 * the same GL buffer, the same mapping. */
GST_START_TEST (test_reuse_after_wait)
{
  GstBuffer *a = acquire ();
  guint name = gws_pack_buffer_get_name (a);
  GstMapInfo map;
  gpointer data;
  gint i;

  fail_unless (gst_buffer_map (a, &map, GST_MAP_READ));
  data = map.data;
  gst_buffer_unmap (a, &map);

  for (i = 0; i < 5; i++) {
    fence_buffer (a);
    fail_unless (wait_landed (a));
    /* Waiting again finds nothing to wait for. */
    fail_unless (wait_landed (a));
    gst_buffer_unref (a);

    a = acquire ();
    fail_unless_equals_int (gws_pack_buffer_get_name (a), name);
    fail_unless (gst_buffer_map (a, &map, GST_MAP_READ));
    fail_unless (map.data == data, "the mapping moved");
    gst_buffer_unmap (a, &map);
  }
  /* Never fenced at all: reused as well. */
  gst_buffer_unref (a);
  a = acquire ();
  fail_unless_equals_int (gws_pack_buffer_get_name (a), name);
  gst_buffer_unref (a);
}

GST_END_TEST;

/* Two out at once, both back: the pool hands out the same two again. */
GST_START_TEST (test_reuse_two)
{
  GstBuffer *a = acquire (), *b = acquire ();
  guint na = gws_pack_buffer_get_name (a), nb = gws_pack_buffer_get_name (b);
  guint n1, n2;

  fence_buffer (a);
  fence_buffer (b);
  fail_unless (wait_landed (b));
  fail_unless (wait_landed (a));
  gst_buffer_unref (a);
  gst_buffer_unref (b);
  a = acquire ();
  b = acquire ();
  n1 = gws_pack_buffer_get_name (a);
  n2 = gws_pack_buffer_get_name (b);
  fail_unless ((n1 == na && n2 == nb) || (n1 == nb && n2 == na),
      "got %u and %u back, gave %u and %u", n1, n2, na, nb);
  gst_buffer_unref (a);
  gst_buffer_unref (b);
}

GST_END_TEST;

/* What a read writes into the pack buffer is in the buffer's own memory
 * once the wait has returned: no copy, no flush. */
GST_START_TEST (test_read_lands_in_memory)
{
  GstBuffer *a = acquire ();

  scribble (a);
  read_picture (a);
  fail_unless (wait_landed (a));
  check_picture (a);

  /* Again into the same buffer, reused. */
  gst_buffer_unref (a);
  a = acquire ();
  scribble (a);
  read_picture (a);
  fail_unless (wait_landed (a));
  check_picture (a);
  gst_buffer_unref (a);
}

GST_END_TEST;

/* A buffer released with its read still pending (fenced, never waited: a
 * capture that failed after its read was queued): the pool waits for the
 * read to land before handing the buffer out again, and then does hand
 * it out. Only a read that does not land within the pool's timeout (a
 * lost GPU) makes the pool let the buffer go instead. */
GST_START_TEST (test_pending_read_lands_before_reuse)
{
  GstBuffer *a = acquire ();
  guint name = gws_pack_buffer_get_name (a);

  scribble (a);
  read_picture (a);
  /* No wait: straight back to the pool. */
  gst_buffer_unref (a);

  a = acquire ();
  fail_unless_equals_int (gws_pack_buffer_get_name (a), name);
  /* The read has landed: there is nothing left to wait for, and what it
   * wrote is there before anyone writes the buffer anew. */
  check_picture (a);
  fail_unless (wait_landed (a));
  gst_buffer_unref (a);
}

GST_END_TEST;

/* A buffer whose memory was replaced downstream comes back without its
 * pack buffer: the pool frees it and makes a new one. The old GL buffer
 * is deleted once its memory is let go. */
GST_START_TEST (test_replaced_memory_not_reused)
{
  GstBuffer *a = acquire ();
  guint name = gws_pack_buffer_get_name (a);
  GstMemory *pack_memory = gst_buffer_get_memory (a, 0);
  guint new_name;

  gst_buffer_replace_all_memory (a, gst_allocator_alloc (NULL, info.size,
          NULL));
  fail_unless_equals_int (gws_pack_buffer_get_name (a), 0);
  gst_buffer_unref (a);

  /* The old pack memory is still held here, so its GL buffer is alive and
   * a new buffer cannot have its name. */
  a = acquire ();
  new_name = gws_pack_buffer_get_name (a);
  fail_unless (new_name != 0, "the pool handed out a system-memory buffer");
  fail_unless (new_name != name, "pack buffer %u was handed out again",
      name);

  fail_unless (gl_has_buffer (name));
  /* Let go here, on a thread that is not the GL thread. */
  gst_memory_unref (pack_memory);
  fail_if (gl_has_buffer (name), "pack buffer %u was not deleted", name);
  fail_unless (gl_has_buffer (new_name));
  gst_buffer_unref (a);
}

GST_END_TEST;

/* The pool's GL buffers are gone once it is deactivated and the last of
 * its buffers has come back (GstBufferPool frees nothing while one is
 * still out). */
GST_START_TEST (test_deactivate_deletes)
{
  GstBuffer *a = acquire (), *b = acquire ();
  guint na = gws_pack_buffer_get_name (a), nb = gws_pack_buffer_get_name (b);

  gst_buffer_unref (a);
  fail_unless (gst_buffer_pool_set_active (pool, FALSE));
  fail_unless (gl_has_buffer (nb));
  gst_buffer_unref (b);
  fail_if (gl_has_buffer (na), "pack buffer %u outlived its pool", na);
  fail_if (gl_has_buffer (nb), "pack buffer %u outlived its pool", nb);
  fail_unless (gst_buffer_pool_set_active (pool, TRUE));
}

GST_END_TEST;

/* Buffers of other memory have no pack buffer: no name, nothing to fence
 * or wait for. */
GST_START_TEST (test_plain_buffers)
{
  GstBuffer *plain = gst_buffer_new_allocate (NULL, info.size, NULL);
  GstBuffer *empty = gst_buffer_new ();

  fail_unless_equals_int (gws_pack_buffer_get_name (plain), 0);
  fail_unless_equals_int (gws_pack_buffer_get_name (empty), 0);
  fence_buffer (plain);
  fence_buffer (empty);
  fail_unless (wait_landed (plain));
  fail_unless (wait_landed (empty));
  gst_buffer_unref (plain);
  gst_buffer_unref (empty);
}

GST_END_TEST;

static Suite *
packbufferpool_suite (void)
{
  Suite *s = suite_create ("packbufferpool");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_buffers);
  tcase_add_test (tc, test_reuse_after_wait);
  tcase_add_test (tc, test_reuse_two);
  tcase_add_test (tc, test_read_lands_in_memory);
  tcase_add_test (tc, test_pending_read_lands_before_reuse);
  tcase_add_test (tc, test_replaced_memory_not_reused);
  tcase_add_test (tc, test_deactivate_deletes);
  tcase_add_test (tc, test_plain_buffers);
  return s;
}

GST_CHECK_MAIN (packbufferpool);
