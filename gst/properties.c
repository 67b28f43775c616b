/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The element's interface: the specs and docs of its own properties, their
 * enum types, every target's properties (from the target table), and its
 * signals. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "properties.h"
#include "targets/table.h"


GType
gst_gl_window_src_resize_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_GL_WINDOW_SRC_RESIZE_RENEGOTIATE,
          "New caps at the new size (at most one change per 100 ms)",
        "renegotiate"},
    {GST_GL_WINDOW_SRC_RESIZE_SCALE,
        "Keep the first size; scale the picture into it, keeping its aspect "
          "ratio, with black bars", "scale"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType tmp = g_enum_register_static ("GstGLWindowSrcResizeMode", values);
    g_once_init_leave (&type, tmp);
  }
  return type;
}

GType
gst_gl_window_src_on_close_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_GL_WINDOW_SRC_ON_CLOSE_EOS,
        "End the stream, so recordings are finalised", "eos"},
    {GST_GL_WINDOW_SRC_ON_CLOSE_ERROR, "Post an error", "error"},
    {GST_GL_WINDOW_SRC_ON_CLOSE_WAIT,
        "Repeat the last frame; capture a window with the same xname when "
          "one appears", "wait"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType tmp = g_enum_register_static ("GstGLWindowSrcOnClose", values);
    g_once_init_leave (&type, tmp);
  }
  return type;
}

GType
gst_gl_window_src_readback_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_GL_WINDOW_SRC_READBACK_AUTO,
        "Pack-buffer ring for a live source on a GPU with persistent "
          "mapping, direct otherwise", "auto"},
    {GST_GL_WINDOW_SRC_READBACK_DIRECT,
        "Read each frame straight into its output buffer, waiting for it",
        "direct"},
    {GST_GL_WINDOW_SRC_READBACK_PBO_RING,
          "Read into persistently mapped pixel-pack buffers asynchronously, "
          "sending each frame one capture later", "pbo-ring"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType tmp = g_enum_register_static ("GstGLWindowSrcReadback", values);
    g_once_init_leave (&type, tmp);
  }
  return type;
}

/* Installs every target's own properties (targets/table.c), each once: the
 * window and the screen share display-name and others. */
static void
install_target_properties (GObjectClass * gobject_class)
{
  const GwsTargetInfo *const *row;
  guint prop_id = PROP_FIRST_TARGET_SETTING;

  for (row = gws_target_table; *row; row++) {
    GParamSpec **spec;

    if (!(*row)->properties)
      continue;
    for (spec = (*row)->properties (); *spec; spec++)
      if (!g_object_class_find_property (gobject_class,
              g_param_spec_get_name (*spec)))
        g_object_class_install_property (gobject_class, prop_id++, *spec);
  }
}

void
gws_properties_install (GObjectClass * gobject_class)
{
  /**
   * GstGLWindowSrc:target:
   *
   * What to capture: one value per capture target of this build, and
   * `auto`, which picks a window when #GstGLWindowSrc:xid or
   * #GstGLWindowSrc:xname is set, else the texture when
   * #GstGLWindowSrc:texture-id is set, else the program on
   * #GstGLWindowSrc:socket when it is set, else the screen.
   */
  g_object_class_install_property (gobject_class, PROP_TARGET,
      g_param_spec_enum ("target", "Target", "What to capture",
          gws_target_table_enum_type (), DEFAULT_TARGET,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:is-live:
   *
   * TRUE: frames are captured at the negotiated rate on the pipeline clock
   * and stamped with the capture time. FALSE: as fast as downstream takes
   * them, stamped n / framerate - offline rendering to a file; with
   * `target=texture`, exactly one frame per #GstGLWindowSrc::frame-ready.
   */
  g_object_class_install_property (gobject_class, PROP_IS_LIVE,
      g_param_spec_boolean ("is-live", "Is live",
          "Capture on the clock at the frame rate (FALSE: offline, as fast "
          "as downstream goes)", DEFAULT_IS_LIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:resize-mode:
   *
   * What a resized window does to the stream: `renegotiate` sends new caps
   * at the new size (at most once per 100 ms while it is being dragged;
   * every buffer matches the caps it is sent under); `scale` keeps the
   * first size and scales the picture into it, keeping its aspect ratio,
   * for encoders and muxers that cannot change size.
   */
  g_object_class_install_property (gobject_class, PROP_RESIZE_MODE,
      g_param_spec_enum ("resize-mode", "Resize mode",
          "What a resized window does to the stream",
          GST_TYPE_GL_WINDOW_SRC_RESIZE_MODE, DEFAULT_RESIZE_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:on-close:
   *
   * What the window closing does: `eos` ends the stream (a recording is
   * finalised), `error` posts an error, `wait` repeats the last frame and,
   * when a window with the same #GstGLWindowSrc:xname appears, captures it.
   * A window given by #GstGLWindowSrc:xid is never looked for again: X
   * reuses ids for other windows.
   */
  g_object_class_install_property (gobject_class, PROP_ON_CLOSE,
      g_param_spec_enum ("on-close", "On close",
          "What the captured window closing does",
          GST_TYPE_GL_WINDOW_SRC_ON_CLOSE, DEFAULT_ON_CLOSE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstGLWindowSrc:skip-unchanged:
   *
   * Send no buffer for a frame in which the window did not change: a
   * variable frame rate, for streaming. Needs #GstGLWindowSrc:use-damage.
   */
  g_object_class_install_property (gobject_class, PROP_SKIP_UNCHANGED,
      g_param_spec_boolean ("skip-unchanged", "Skip unchanged",
          "Send only frames in which the window changed (variable rate)",
          DEFAULT_SKIP_UNCHANGED,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstGLWindowSrc:crop-x:
   *
   * Left edge of the part of the picture to capture, in its pixels.
   */
  g_object_class_install_property (gobject_class, PROP_CROP_X,
      g_param_spec_uint ("crop-x", "Crop x",
          "Left edge of the captured part, in window pixels", 0, G_MAXINT,
          DEFAULT_CROP, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:crop-y:
   *
   * Top edge of the part of the picture to capture, in its pixels from
   * the top.
   */
  g_object_class_install_property (gobject_class, PROP_CROP_Y,
      g_param_spec_uint ("crop-y", "Crop y",
          "Top edge of the captured part, in window pixels", 0, G_MAXINT,
          DEFAULT_CROP, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:crop-width:
   *
   * Width of the part to capture; 0: to the right edge. A crop that
   * overhangs the picture is cut to fit, with a warning; one that starts
   * outside it is an error.
   */
  g_object_class_install_property (gobject_class, PROP_CROP_WIDTH,
      g_param_spec_uint ("crop-width", "Crop width",
          "Width of the captured part (0: to the right edge)", 0, G_MAXINT,
          DEFAULT_CROP, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:crop-height:
   *
   * Height of the part to capture; 0: to the bottom edge.
   */
  g_object_class_install_property (gobject_class, PROP_CROP_HEIGHT,
      g_param_spec_uint ("crop-height", "Crop height",
          "Height of the captured part (0: to the bottom edge)", 0, G_MAXINT,
          DEFAULT_CROP, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstGLWindowSrc:readback:
   *
   * How a picture on the GPU reaches system memory. `direct` reads each
   * frame into its output buffer and waits for the copy. `pbo-ring` reads
   * into GL pixel-pack buffers mapped once for good (persistent mapping),
   * which are themselves the output buffers: on a GPU the copy then runs
   * while the next frame is captured, each frame is sent one capture
   * later (reported in the latency), and the CPU copies nothing. `auto`
   * takes pbo-ring for a live source on a hardware driver that can map
   * persistently, and direct on a software one (llvmpipe), where a read is
   * a CPU copy either way, and offline (is-live=false), where capturing
   * one frame ahead of what is sent would draw a frame that may never be
   * sent. `auto` never takes the ring for frames read on the CPU (xshm),
   * which are in system memory already; asked for explicitly, the ring's
   * mapped buffers are their destination too. GLMemory output is not
   * affected; offline texture capture (frame-ready) is always direct,
   * since each frame-ready waits for its own frame.
   */
  g_object_class_install_property (gobject_class, PROP_READBACK,
      g_param_spec_enum ("readback", "Readback",
          "How GPU pictures reach system memory",
          GST_TYPE_GL_WINDOW_SRC_READBACK, DEFAULT_READBACK,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  install_target_properties (gobject_class);

  gst_type_mark_as_plugin_api (gws_target_table_enum_type (), 0);
  gst_type_mark_as_plugin_api (GST_TYPE_GL_WINDOW_SRC_RESIZE_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_GL_WINDOW_SRC_ON_CLOSE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_GL_WINDOW_SRC_READBACK, 0);
}

/* Every target property at its default, so that a target reads a value
 * for each of its settings whether or not it was set. */
GstStructure *
gws_properties_target_defaults (GObjectClass * klass)
{
  GstStructure *settings = gst_structure_new_empty ("target-settings");
  GParamSpec **specs;
  guint n, i;

  specs = g_object_class_list_properties (klass, &n);
  for (i = 0; i < n; i++) {
    GValue value = G_VALUE_INIT;

    if (specs[i]->param_id < PROP_FIRST_TARGET_SETTING
        || specs[i]->owner_type != G_OBJECT_CLASS_TYPE (klass))
      continue;
    g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (specs[i]));
    g_param_value_set_default (specs[i], &value);
    gst_structure_take_value (settings, g_param_spec_get_name (specs[i]),
        &value);
  }
  g_free (specs);
  return settings;
}


void
gws_properties_install_signals (GObjectClass * gobject_class,
    GCallback frame_ready)
{
  /**
   * GstGLWindowSrc::draw:
   * @src: the element
   * @context: the #GstGLContext, current on the calling (GL) thread
   * @width: the frame's width
   * @height: the frame's height
   * @timestamp: the frame's running time, in nanoseconds
   *
   * For `target=draw`: emitted on the GL thread for every frame, with the
   * element's framebuffer (colour, depth, stencil) bound and the viewport
   * set to the whole frame. Draw with ordinary GL calls in GL's usual
   * convention, origin at the bottom left, exactly as into a window: what
   * is drawn at the top of the viewport is row 0 of the output.
   *
   * Returns: TRUE when a frame was drawn; FALSE is an error.
   */
  g_signal_new ("draw", G_OBJECT_CLASS_TYPE (gobject_class),
      G_SIGNAL_RUN_LAST, 0, g_signal_accumulator_first_wins, NULL, NULL,
      G_TYPE_BOOLEAN, 4, GST_TYPE_GL_CONTEXT, G_TYPE_UINT, G_TYPE_UINT,
      G_TYPE_UINT64);
  /**
   * GstGLWindowSrc::frame-ready:
   * @src: the element
   *
   * For `target=texture`: the application finished rendering a frame into
   * its texture. Call it on the thread where the application's context is
   * current: a fence then keeps the element from reading a half-rendered
   * texture. With #GstGLWindowSrc:is-live FALSE, each call makes exactly
   * one buffer and returns once the texture has been copied and the frame
   * sent (or the stream has stopped).
   */
  g_signal_new_class_handler ("frame-ready",
      G_OBJECT_CLASS_TYPE (gobject_class), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      frame_ready, NULL, NULL, NULL,
      G_TYPE_NONE, 0);
}
