/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "output/packbufferpool.h"

#include <gst/video/video.h>
#include <gst/gl/gstglfuncs.h>

GST_DEBUG_CATEGORY_STATIC (gws_pack_buffer_pool_debug);
#define GST_CAT_DEFAULT gws_pack_buffer_pool_debug

/* Coherent, so that once the fence has passed the CPU sees what the GPU
 * wrote with no flush or barrier; writable, so that frames already in
 * system memory (XShm) can be written into the same buffers. */
#define PACK_BUFFER_MAP_FLAGS (GL_MAP_READ_BIT | GL_MAP_WRITE_BIT \
    | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT)

#ifndef GL_CLIENT_STORAGE_BIT
#define GL_CLIENT_STORAGE_BIT 0x0200
#endif
/* Client storage asks for ordinary cached system memory: downstream reads
 * every byte on the CPU, and reads from write-combined or device memory
 * are many times slower. Only a hint, and not a mapping flag. */
#define PACK_BUFFER_STORAGE_FLAGS (PACK_BUFFER_MAP_FLAGS | GL_CLIENT_STORAGE_BIT)

/* Long enough for any real copy; a GPU that takes longer is lost. */
#define FENCE_TIMEOUT_NS (5 * GST_SECOND)

typedef struct
{
  GstGLContext *context;
  guint name;
  gsize size;
  gpointer data;
  /* Set and cleared on the GL thread; `pending` lets other threads see,
   * without a trip to the GL thread, whether there is anything to wait
   * for. */
  GLsync fence;
  gint pending;
} PackBuffer;

struct _GwsPackBufferPool
{
  GstBufferPool parent;

  GstGLContext *context;
  GstVideoInfo info;
  gboolean add_video_meta;
};

G_DEFINE_TYPE_WITH_CODE (GwsPackBufferPool, gws_pack_buffer_pool,
    GST_TYPE_BUFFER_POOL,
    GST_DEBUG_CATEGORY_INIT (gws_pack_buffer_pool_debug,
        "glwindowsrc-packbuffers", 0,
        "Persistently mapped GL pixel-pack buffers"));

static GQuark pack_buffer_quark (void);
G_DEFINE_QUARK (GstGLWindowSrcPackBuffer, pack_buffer);

static PackBuffer *
find_pack_buffer (GstBuffer * buffer)
{
  GstMemory *mem;

  if (gst_buffer_n_memory (buffer) != 1)
    return NULL;
  mem = gst_buffer_peek_memory (buffer, 0);
  return gst_mini_object_get_qdata (GST_MINI_OBJECT_CAST (mem),
      pack_buffer_quark ());
}

static void
create_in_gl_thread (GstGLContext * context, PackBuffer * pb)
{
  const GstGLFuncs *gl = context->gl_vtable;

  gl->GenBuffers (1, &pb->name);
  gl->BindBuffer (GL_PIXEL_PACK_BUFFER, pb->name);
  gl->BufferStorage (GL_PIXEL_PACK_BUFFER, pb->size, NULL,
      PACK_BUFFER_STORAGE_FLAGS);
  pb->data = gl->MapBufferRange (GL_PIXEL_PACK_BUFFER, 0, pb->size,
      PACK_BUFFER_MAP_FLAGS);
  gl->BindBuffer (GL_PIXEL_PACK_BUFFER, 0);
  GST_LOG ("made pack buffer %u, %" G_GSIZE_FORMAT " bytes", pb->name,
      pb->size);
  if (!pb->data) {
    GST_WARNING ("could not map a %" G_GSIZE_FORMAT "-byte pack buffer "
        "(GL error 0x%x)", pb->size, gl->GetError ());
    gl->DeleteBuffers (1, &pb->name);
    pb->name = 0;
  }
}

static gboolean
wait_for_fence (PackBuffer * pb, GstGLContext * context)
{
  const GstGLFuncs *gl = context->gl_vtable;
  GLenum status;

  if (!pb->fence)
    return TRUE;
  status = gl->ClientWaitSync (pb->fence, GL_SYNC_FLUSH_COMMANDS_BIT,
      FENCE_TIMEOUT_NS);
  if (status != GL_ALREADY_SIGNALED && status != GL_CONDITION_SATISFIED) {
    GST_ERROR ("a read into a pack buffer did not finish (0x%x)", status);
    return FALSE;
  }
  gl->DeleteSync (pb->fence);
  pb->fence = NULL;
  g_atomic_int_set (&pb->pending, 0);
  return TRUE;
}

static void
wait_in_gl_thread (GstGLContext * context, PackBuffer * pb)
{
  wait_for_fence (pb, context);
}

static void
delete_pack_buffer (GstGLContext * context, guint name, GLsync fence)
{
  const GstGLFuncs *gl = context->gl_vtable;

  if (fence)
    gl->DeleteSync (fence);
  gl->BindBuffer (GL_PIXEL_PACK_BUFFER, name);
  gl->UnmapBuffer (GL_PIXEL_PACK_BUFFER);
  gl->BindBuffer (GL_PIXEL_PACK_BUFFER, 0);
  gl->DeleteBuffers (1, &name);
  GST_LOG ("deleted pack buffer %u", name);
}

/* What the GL thread needs, later, to delete a pack buffer whose memory
 * is gone. */
typedef struct
{
  guint name;
  GLsync fence;
} DeadPackBuffer;

static void
delete_dead_in_gl_thread (DeadPackBuffer * dead)
{
  GstGLContext *context = gst_gl_context_get_current ();

  if (context)
    delete_pack_buffer (context, dead->name, dead->fence);
}

static void
destroy_in_gl_thread (GstGLContext * context, PackBuffer * pb)
{
  delete_pack_buffer (context, pb->name, pb->fence);
}

/* The memory's last reference is gone, wherever that happened (a sink's
 * thread, the application's). The buffer object is deleted on the GL
 * thread, queued rather than waited for: the thread letting go may be one
 * the GL thread itself is waiting for (Python's GIL, held by a thread
 * dropping a sample while a draw handler on the GL thread waits for it). */
static void
free_pack_buffer (PackBuffer * pb)
{
  GstGLWindow *window;

  if (!pb->name) {
    /* Never made: nothing on the GL side. */
  } else if (gst_gl_context_get_current () == pb->context) {
    destroy_in_gl_thread (pb->context, pb);
  } else if ((window = gst_gl_context_get_window (pb->context))) {
    DeadPackBuffer *dead = g_new (DeadPackBuffer, 1);

    dead->name = pb->name;
    dead->fence = pb->fence;
    gst_gl_window_send_message_async (window,
        (GstGLWindowCB) delete_dead_in_gl_thread, dead, g_free);
    gst_object_unref (window);
  } else {
    gst_gl_context_thread_add (pb->context,
        (GstGLContextThreadFunc) destroy_in_gl_thread, pb);
  }
  gst_object_unref (pb->context);
  g_free (pb);
}

static gboolean
gws_pack_buffer_pool_set_config (GstBufferPool * pool,
    GstStructure * config)
{
  GwsPackBufferPool *self = GWS_PACK_BUFFER_POOL (pool);
  GstCaps *caps;
  guint size, min, max;

  if (!gst_buffer_pool_config_get_params (config, &caps, &size, &min, &max)
      || !caps || !gst_video_info_from_caps (&self->info, caps)) {
    GST_WARNING_OBJECT (pool, "no video caps in the configuration");
    return FALSE;
  }
  self->add_video_meta = gst_buffer_pool_config_has_option (config,
      GST_BUFFER_POOL_OPTION_VIDEO_META);
  size = MAX (size, GST_VIDEO_INFO_SIZE (&self->info));
  gst_buffer_pool_config_set_params (config, caps, size, min, max);
  return GST_BUFFER_POOL_CLASS (gws_pack_buffer_pool_parent_class)
      ->set_config (pool, config);
}

static const gchar **
gws_pack_buffer_pool_get_options (GstBufferPool * pool)
{
  static const gchar *options[] = { GST_BUFFER_POOL_OPTION_VIDEO_META, NULL };

  return options;
}

static GstFlowReturn
gws_pack_buffer_pool_alloc (GstBufferPool * pool, GstBuffer ** buffer,
    GstBufferPoolAcquireParams * params)
{
  GwsPackBufferPool *self = GWS_PACK_BUFFER_POOL (pool);
  PackBuffer *pb = g_new0 (PackBuffer, 1);
  GstMemory *mem;

  pb->context = gst_object_ref (self->context);
  pb->size = GST_VIDEO_INFO_SIZE (&self->info);
  gst_gl_context_thread_add (self->context,
      (GstGLContextThreadFunc) create_in_gl_thread, pb);
  if (!pb->name) {
    free_pack_buffer (pb);
    return GST_FLOW_ERROR;
  }

  mem = gst_memory_new_wrapped (0, pb->data, pb->size, 0, pb->size, pb,
      (GDestroyNotify) free_pack_buffer);
  gst_mini_object_set_qdata (GST_MINI_OBJECT_CAST (mem), pack_buffer_quark (),
      pb, NULL);
  *buffer = gst_buffer_new ();
  gst_buffer_append_memory (*buffer, mem);
  if (self->add_video_meta)
    gst_buffer_add_video_meta_full (*buffer, GST_VIDEO_FRAME_FLAG_NONE,
        GST_VIDEO_INFO_FORMAT (&self->info), GST_VIDEO_INFO_WIDTH (&self->info),
        GST_VIDEO_INFO_HEIGHT (&self->info),
        GST_VIDEO_INFO_N_PLANES (&self->info), self->info.offset,
        self->info.stride);
  return GST_FLOW_OK;
}

/* A buffer may come back with a read still in flight (the capture failed
 * after it was queued): it must land before the buffer is handed out
 * again and written anew. */
static void
gws_pack_buffer_pool_reset (GstBufferPool * pool, GstBuffer * buffer)
{
  PackBuffer *pb = find_pack_buffer (buffer);

  if (pb && g_atomic_int_get (&pb->pending))
    gst_gl_context_thread_add (pb->context,
        (GstGLContextThreadFunc) wait_in_gl_thread, pb);
  GST_BUFFER_POOL_CLASS (gws_pack_buffer_pool_parent_class)->reset_buffer
      (pool, buffer);
  /* Still not landed (a lost GPU): never hand it out again. The pool
   * frees a buffer whose memory is tagged instead of keeping it. */
  if (pb && g_atomic_int_get (&pb->pending))
    GST_MINI_OBJECT_FLAG_SET (buffer, GST_BUFFER_FLAG_TAG_MEMORY);
}

static void
gws_pack_buffer_pool_finalize (GObject * object)
{
  GwsPackBufferPool *self = GWS_PACK_BUFFER_POOL (object);

  gst_clear_object (&self->context);
  G_OBJECT_CLASS (gws_pack_buffer_pool_parent_class)->finalize (object);
}

static void
gws_pack_buffer_pool_class_init (GwsPackBufferPoolClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstBufferPoolClass *pool_class = GST_BUFFER_POOL_CLASS (klass);

  gobject_class->finalize = gws_pack_buffer_pool_finalize;
  pool_class->set_config = gws_pack_buffer_pool_set_config;
  pool_class->get_options = gws_pack_buffer_pool_get_options;
  pool_class->alloc_buffer = gws_pack_buffer_pool_alloc;
  pool_class->reset_buffer = gws_pack_buffer_pool_reset;
}

static void
gws_pack_buffer_pool_init (GwsPackBufferPool * self)
{
  gst_video_info_init (&self->info);
}

GstBufferPool *
gws_pack_buffer_pool_new (GstGLContext * context)
{
  GwsPackBufferPool *self = g_object_new (GWS_TYPE_PACK_BUFFER_POOL,
      NULL);

  gst_object_ref_sink (self);
  self->context = gst_object_ref (context);
  return GST_BUFFER_POOL (self);
}

guint
gws_pack_buffer_get_name (GstBuffer * buffer)
{
  PackBuffer *pb = find_pack_buffer (buffer);

  return pb ? pb->name : 0;
}

void
gws_pack_buffer_fence (GstBuffer * buffer, GstGLContext * context)
{
  const GstGLFuncs *gl = context->gl_vtable;
  PackBuffer *pb = find_pack_buffer (buffer);

  if (!pb)
    return;
  if (pb->fence)
    gl->DeleteSync (pb->fence);
  pb->fence = gl->FenceSync (GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
  /* Without a flush the GPU might not start before the wait. */
  gl->Flush ();
  g_atomic_int_set (&pb->pending, 1);
}

gboolean
gws_pack_buffer_wait (GstBuffer * buffer, GstGLContext * context)
{
  PackBuffer *pb = find_pack_buffer (buffer);

  return !pb || wait_for_fence (pb, context);
}
