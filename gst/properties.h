/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The element's interface: the ids of its own properties, their enum
 * types, and the installation of all its properties (the targets'
 * included) and signals. */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GstGLWindowSrcResizeMode:
 * @GST_GL_WINDOW_SRC_RESIZE_RENEGOTIATE: new caps at the new size
 * @GST_GL_WINDOW_SRC_RESIZE_SCALE: keep the first size, scale into it
 */
typedef enum
{
  GST_GL_WINDOW_SRC_RESIZE_RENEGOTIATE,
  GST_GL_WINDOW_SRC_RESIZE_SCALE,
} GstGLWindowSrcResizeMode;

/**
 * GstGLWindowSrcOnClose:
 * @GST_GL_WINDOW_SRC_ON_CLOSE_EOS: end the stream
 * @GST_GL_WINDOW_SRC_ON_CLOSE_ERROR: post an error
 * @GST_GL_WINDOW_SRC_ON_CLOSE_WAIT: repeat the last frame until a window
 *   with the same xname appears
 */
typedef enum
{
  GST_GL_WINDOW_SRC_ON_CLOSE_EOS,
  GST_GL_WINDOW_SRC_ON_CLOSE_ERROR,
  GST_GL_WINDOW_SRC_ON_CLOSE_WAIT,
} GstGLWindowSrcOnClose;

/**
 * GstGLWindowSrcReadback:
 * @GST_GL_WINDOW_SRC_READBACK_AUTO: the faster of the two for this driver
 * @GST_GL_WINDOW_SRC_READBACK_DIRECT: glReadPixels into the output buffer
 * @GST_GL_WINDOW_SRC_READBACK_PBO_RING: asynchronous reads into a ring of
 *   persistently mapped pixel-pack buffers, one frame of added latency
 */
typedef enum
{
  GST_GL_WINDOW_SRC_READBACK_AUTO,
  GST_GL_WINDOW_SRC_READBACK_DIRECT,
  GST_GL_WINDOW_SRC_READBACK_PBO_RING,
} GstGLWindowSrcReadback;

/* The element's own properties' defaults. */
#define DEFAULT_TARGET 0        /* auto */
#define DEFAULT_IS_LIVE TRUE
#define DEFAULT_RESIZE_MODE GST_GL_WINDOW_SRC_RESIZE_RENEGOTIATE
#define DEFAULT_ON_CLOSE GST_GL_WINDOW_SRC_ON_CLOSE_EOS
#define DEFAULT_SKIP_UNCHANGED FALSE
#define DEFAULT_CROP 0
#define DEFAULT_READBACK GST_GL_WINDOW_SRC_READBACK_AUTO

#define GST_TYPE_GL_WINDOW_SRC_RESIZE_MODE \
    (gst_gl_window_src_resize_mode_get_type ())
GType gst_gl_window_src_resize_mode_get_type (void);

#define GST_TYPE_GL_WINDOW_SRC_ON_CLOSE (gst_gl_window_src_on_close_get_type ())
GType gst_gl_window_src_on_close_get_type (void);

#define GST_TYPE_GL_WINDOW_SRC_READBACK (gst_gl_window_src_readback_get_type ())
GType gst_gl_window_src_readback_get_type (void);

enum
{
  PROP_0,
  PROP_TARGET,
  PROP_IS_LIVE,
  PROP_RESIZE_MODE,
  PROP_ON_CLOSE,
  PROP_SKIP_UNCHANGED,
  PROP_CROP_X,
  PROP_CROP_Y,
  PROP_CROP_WIDTH,
  PROP_CROP_HEIGHT,
  PROP_READBACK,
  /* The targets' own properties (targets/table.c) follow, from here up. */
  PROP_FIRST_TARGET_SETTING,
};

/* class_init: every property, the element's own (ids above) and the
 * targets' (from PROP_FIRST_TARGET_SETTING up), with their docs. */
void gws_properties_install (GObjectClass * gobject_class);

/* class_init: the signals, draw (emitted by the draw target) and the
 * frame-ready action, whose class handler is @frame_ready. */
void gws_properties_install_signals (GObjectClass * gobject_class,
    GCallback frame_ready);

/* Every target property at its default, by name: a target then reads a
 * value for each of its settings whether or not it was set. */
GstStructure *gws_properties_target_defaults (GObjectClass * klass);

G_END_DECLS
