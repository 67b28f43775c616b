/* glwindowsrc-record
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Records an X11 window or the whole screen through glwindowsrc:
 *
 *   glwindowsrc-record --window "3D View" --output view.mp4 --duration 10
 *   glwindowsrc-record --xid 0x3c00007 --output view.webm
 *   glwindowsrc-record --output screen.png
 *   glwindowsrc-record --window "3D View" --output hls/live.m3u8
 *
 * The file is always finalised (EOS through the muxer, then the pipeline is
 * stopped): on Ctrl-C or SIGTERM, when --duration is reached and when the
 * captured window closes. A second Ctrl-C gives up without finalising.
 *
 * A .m3u8 output is a live HLS stream: one-second MPEG-TS segments beside
 * the playlist, which lists the last few; older segments are deleted, and
 * the end tag is written when the recording ends.
 *
 * Odd sizes: H.264 in 4:2:0 needs an even width and height; an odd size is
 * padded by one black column and/or row (evensize.h), never rescaled. VP9
 * and PNG take odd sizes as they are.
 *
 * Exit status: 0 when the file was written, 1 when recording failed, 2 on a
 * usage error (an unknown option, a missing or bad value).
 *
 * Frames are dropped, never queued without bound, when the encoder cannot
 * keep up: a leaky queue holds a few frames and throws away the oldest. The
 * progress line counts those and the capture ticks the source itself had
 * to skip (gaps in the timestamps).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "evensize.h"

#include <gst/gst.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define PROGRAM "glwindowsrc-record"

#define EXIT_USAGE 2

#define DEFAULT_FPS 30
#define MAX_FPS 1000
/* Enough to ride out one slow encode without dropping, small enough that
 * full-size frames (3 MB of I420 at 1080p) do not pile up. */
#define MAX_QUEUED_FRAMES 8
/* HLS: segment length (s), segments in the live playlist, and segments kept
 * on disk (a player a little behind the live edge still finds its next
 * one). */
#define HLS_TARGET_DURATION 1
#define HLS_PLAYLIST_LENGTH 6
#define HLS_MAX_FILES 12
/* How long finalising may take after EOS is sent before we give up. */
#define EOS_TIMEOUT_S 20
#define PROGRESS_INTERVAL_MS 250
/* The fps shown is measured over this many progress intervals (1 s). */
#define FPS_SAMPLES 4

typedef enum
{
  FORMAT_MP4,
  FORMAT_MKV,
  FORMAT_WEBM,
  FORMAT_PNG,
  FORMAT_HLS,
} OutputFormat;

typedef struct
{
  const gchar *extension;
  const gchar *description;
  const gchar *encoder;
  const gchar *muxer;            /* hlssink2 is muxer and sink in one */
  /* H.264 in 4:2:0 only takes even sizes. */
  gboolean needs_even_size;
} FormatInfo;

static const FormatInfo format_info[] = {
  [FORMAT_MP4] = {".mp4", "H.264 in MP4", "x264enc", "mp4mux", TRUE},
  [FORMAT_MKV] = {".mkv", "H.264 in Matroska", "x264enc", "matroskamux",
      TRUE},
  [FORMAT_WEBM] = {".webm", "VP9 in WebM", "vp9enc", "webmmux", FALSE},
  [FORMAT_PNG] = {".png", "a PNG image", "pngenc", NULL, FALSE},
  [FORMAT_HLS] = {".m3u8", "H.264 in live HLS", "x264enc", "hlssink2", TRUE},
};

/* Which Debian package has each element we may need, for error hints. */
static const struct
{
  const gchar *factory;
  const gchar *package;
} element_packages[] = {
  {"glwindowsrc", NULL},
  {"x264enc", "gstreamer1.0-plugins-ugly"},
  {"vp9enc", "gstreamer1.0-plugins-good"},
  {"webmmux", "gstreamer1.0-plugins-good"},
  {"matroskamux", "gstreamer1.0-plugins-good"},
  {"mp4mux", "gstreamer1.0-plugins-good"},
  {"pngenc", "gstreamer1.0-plugins-good"},
  {"videobox", "gstreamer1.0-plugins-good"},
  {"h264parse", "gstreamer1.0-plugins-bad"},
  {"hlssink2", "gstreamer1.0-plugins-bad"},
  {"videoconvert", "gstreamer1.0-plugins-base"},
};

typedef struct
{
  gchar *window_name;
  gchar *socket;                /* --socket: a program's swaps (target=swap) */
  gchar *xid;
  gchar *output;
  gchar *display;
  gdouble duration;
  gint fps;
  gboolean quiet;
  gboolean verbose;
  gboolean version;
  gboolean force;
  guint64 xid_value;            /* --xid, parsed */
} Options;

/* What the streaming threads found out, read by the main loop. All under
 * the mutex. */
typedef struct
{
  GMutex lock;
  guint64 captured;             /* frames let through after the source */
  guint64 encoded;              /* frames handed to the encoder */
  guint64 skipped;              /* capture ticks the source missed */
  GstClockTime first_pts;
  GstClockTime last_pts;
  gint64 first_frame_us;        /* monotonic time of the first frame */
  gint width, height;           /* as captured */
  gint out_width, out_height;   /* as encoded */
  gboolean stopping;            /* --duration reached */
} Stats;

typedef struct
{
  Options opts;
  OutputFormat format;
  /* Where the file is written until it is complete: a new file beside the
   * output, renamed over it at the end (NULL for live HLS, which is read
   * while it is written). */
  gchar *partial;
  GstClockTime duration;
  GstClockTime frame_duration;

  GMainLoop *loop;
  GstElement *pipeline;
  GstElement *queue;            /* NULL for PNG */
  GstElement *pad_box;          /* NULL unless the encoder needs even sizes */

  Stats stats;

  gboolean eos_sent;
  gboolean finished;            /* EOS came out at the end */
  gboolean failed;
  guint eos_timeout_id;
  guint progress_id;
  gboolean progress_shown;
  gint64 fps_sample_us[FPS_SAMPLES];
  guint64 fps_sample_frames[FPS_SAMPLES];
  guint fps_sample_count;
} Recorder;

static void
print_error (const gchar * format, ...) G_GNUC_PRINTF (1, 2);

static void
print_error (const gchar * format, ...)
{
  va_list args;
  gchar *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", PROGRAM, text);
  g_free (text);
}

/* Ends the progress line so that later messages start on their own line. */
static void
end_progress_line (Recorder * rec)
{
  if (rec->progress_shown) {
    fputc ('\n', stderr);
    rec->progress_shown = FALSE;
  }
}

static const gchar *
package_for (const gchar * factory)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (element_packages); i++)
    if (g_str_equal (element_packages[i].factory, factory))
      return element_packages[i].package;
  return NULL;
}

static GstElement *
make_element (const gchar * factory, const gchar * name, GError ** error)
{
  GstElement *element = gst_element_factory_make (factory, name);
  const gchar *package;

  if (element)
    return element;
  package = package_for (factory);
  if (g_str_equal (factory, "glwindowsrc"))
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
        "The GStreamer element glwindowsrc was not found; install the "
        "glwindowsrc plugin or set GST_PLUGIN_PATH to the folder that "
        "holds libgstglwindowsrc.so");
  else if (package)
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
        "The GStreamer element %s was not found; install %s", factory,
        package);
  else
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
        "The GStreamer element %s was not found", factory);
  return NULL;
}

static gboolean
parse_format (const gchar * output, OutputFormat * format)
{
  gchar *lower = g_ascii_strdown (output, -1);
  gboolean found = FALSE;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (format_info) && !found; i++) {
    if (g_str_has_suffix (lower, format_info[i].extension)) {
      *format = (OutputFormat) i;
      found = TRUE;
    }
  }
  g_free (lower);
  return found;
}

static gchar *
describe_target (const Options * opts)
{
  if (opts->socket)
    return g_strdup_printf ("the program on %s", opts->socket);
  if (opts->window_name)
    return g_strdup_printf ("window \"%s\"", opts->window_name);
  if (opts->xid)
    return g_strdup_printf ("window %s", opts->xid);
  return g_strdup ("the screen");
}

/* Streaming thread, right after the source's caps filter: stamps the
 * statistics and enforces --duration. */
static GstPadProbeReturn
capture_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Recorder *rec = user_data;
  Stats *stats = &rec->stats;
  GstPadProbeReturn ret = GST_PAD_PROBE_OK;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    gint width = 0, height = 0;

    if (!caps_event_size (GST_PAD_PROBE_INFO_EVENT (info), &width, &height))
      return GST_PAD_PROBE_OK;

    g_mutex_lock (&stats->lock);
    stats->width = stats->out_width = width;
    stats->height = stats->out_height = height;
    if (rec->pad_box)
      even_size_padded (width, height, &stats->out_width, &stats->out_height);
    g_mutex_unlock (&stats->lock);
    return GST_PAD_PROBE_OK;
  }

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER) {
    GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
    GstClockTime pts = GST_BUFFER_PTS (buffer);
    gboolean reached = FALSE;

    g_mutex_lock (&stats->lock);
    if (stats->stopping) {
      ret = GST_PAD_PROBE_DROP;
    } else if (GST_CLOCK_TIME_IS_VALID (pts)) {
      if (!GST_CLOCK_TIME_IS_VALID (stats->first_pts)) {
        stats->first_pts = pts;
        stats->first_frame_us = g_get_monotonic_time ();
      }
      if (GST_CLOCK_TIME_IS_VALID (rec->duration)
          && pts - stats->first_pts >= rec->duration) {
        stats->stopping = reached = TRUE;
        ret = GST_PAD_PROBE_DROP;
      } else {
        /* The source stamps frames with their capture time and, when it
         * falls behind, resumes the cadence from now: a gap of more than
         * one frame means ticks it never captured. */
        if (GST_CLOCK_TIME_IS_VALID (stats->last_pts)
            && pts > stats->last_pts + rec->frame_duration * 3 / 2) {
          stats->skipped += (pts - stats->last_pts + rec->frame_duration / 2)
              / rec->frame_duration - 1;
        }
        stats->last_pts = pts;
        stats->captured++;
      }
    }
    g_mutex_unlock (&stats->lock);

    /* EOS is sent from the main loop: a source cannot be sent events
     * from its own streaming thread. */
    if (reached)
      gst_element_post_message (rec->pipeline,
          gst_message_new_application (GST_OBJECT (rec->pipeline),
              gst_structure_new_empty ("duration-reached")));
  }
  return ret;
}

static GstPadProbeReturn
encoder_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Stats *stats = user_data;

  g_mutex_lock (&stats->lock);
  stats->encoded++;
  g_mutex_unlock (&stats->lock);
  return GST_PAD_PROBE_OK;
}

static void
configure_encoder (Recorder * rec, GstElement * encoder)
{
  gint keyframe_interval = rec->opts.fps * 2;

  switch (rec->format) {
    case FORMAT_MP4:
    case FORMAT_MKV:
    case FORMAT_HLS:
      /* No B-frames or lookahead (zerolatency), a preset that keeps up on
       * a few cores, and constant quality capped at a bitrate that only
       * matters for extreme content. */
      gst_util_set_object_arg (G_OBJECT (encoder), "tune", "zerolatency");
      gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset",
          "veryfast");
      gst_util_set_object_arg (G_OBJECT (encoder), "pass", "qual");
      g_object_set (encoder, "quantizer", 21, "bitrate", 40000,
          "key-int-max", keyframe_interval, NULL);
      break;
    case FORMAT_WEBM:
      /* libvpx's real-time mode: a per-frame deadline, no lookahead. */
      g_object_set (encoder, "deadline", (gint64) 1, "cpu-used", 8,
          "lag-in-frames", 0, "row-mt", TRUE,
          "threads", (gint) g_get_num_processors (),
          "keyframe-max-dist", keyframe_interval, NULL);
      break;
    case FORMAT_PNG:
      break;
  }
}

/* Adds @element, if there is one, to @pipeline after *@last and links it
 * there. */
static gboolean
append (GstElement * pipeline, GstElement ** last, GstElement * element)
{
  if (!element)
    return TRUE;
  gst_bin_add (GST_BIN (pipeline), element);
  if (*last && !gst_element_link (*last, element))
    return FALSE;
  *last = element;
  return TRUE;
}

static gboolean
build_pipeline (Recorder * rec, GError ** error)
{
  const FormatInfo *fmt = &format_info[rec->format];
  GstElement *src = NULL, *capsfilter = NULL, *convert = NULL,
      *convert_caps = NULL, *encoder = NULL, *parser = NULL, *muxer = NULL,
      *sink = NULL;
  GstElement *last = NULL;
  GstCaps *caps;
  GstPad *pad;
  gboolean ok = FALSE;

  rec->pipeline = gst_pipeline_new ("record");

  if (!(src = make_element ("glwindowsrc", "capture", error))
      || !(capsfilter = make_element ("capsfilter", "capture-caps", error))
      || !(convert = make_element ("videoconvert", "convert", error))
      || !(encoder = make_element (fmt->encoder, "encoder", error)))
    goto done;
  if (rec->format != FORMAT_HLS
      && !(sink = make_element ("filesink", "file", error)))
    goto done;
  if (rec->format != FORMAT_PNG) {
    if (!(rec->queue = make_element ("queue", "encoder-queue", error))
        || !(convert_caps = make_element ("capsfilter", "encoder-caps",
                    error))
        || !(muxer = make_element (fmt->muxer, "muxer", error)))
      goto done;
  }
  if (fmt->needs_even_size) {
    if (!(rec->pad_box = make_element ("videobox", "pad-to-even", error))
        || !(parser = make_element ("h264parse", "parser", error)))
      goto done;
    even_size_attach (rec->pad_box);
  }

  if (rec->opts.display)
    g_object_set (src, "display-name", rec->opts.display, NULL);
  if (rec->opts.socket) {
    /* Every frame the program presents: it waits for the encoder rather
     * than a frame being dropped. */
    gst_util_set_object_arg (G_OBJECT (src), "target", "swap");
    g_object_set (src, "socket", rec->opts.socket, "lossless", TRUE, NULL);
  }
  if (rec->opts.window_name)
    g_object_set (src, "xname", rec->opts.window_name, NULL);
  if (rec->opts.xid_value)
    g_object_set (src, "xid", rec->opts.xid_value, NULL);
  if (rec->format == FORMAT_PNG)
    g_object_set (src, "num-buffers", 1, NULL);
  /* Muxers cannot change the picture size mid-file: a resized window is
   * scaled into the size it had when recording started. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (src), "resize-mode"))
    gst_util_set_object_arg (G_OBJECT (src), "resize-mode", "scale");

  /* System memory: every encoder here works on the CPU. The element makes
   * the encoders' I420 itself, in the pass that reads the window (the
   * converter after it then passes frames on untouched); PNG is RGBA. */
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING,
      rec->format == FORMAT_PNG ? "RGBA" : "I420",
      "framerate", GST_TYPE_FRACTION, rec->opts.fps, 1, NULL);
  g_object_set (capsfilter, "caps", caps, NULL);
  gst_caps_unref (caps);

  if (sink)
    g_object_set (sink, "location", rec->partial ? rec->partial :
        rec->opts.output, NULL);
  if (rec->format == FORMAT_HLS) {
    gchar *dir = g_path_get_dirname (rec->opts.output);
    gchar *segments = g_build_filename (dir, "segment%05d.ts", NULL);

    g_object_set (muxer, "location", segments, "playlist-location",
        rec->opts.output, "target-duration", HLS_TARGET_DURATION,
        "playlist-length", HLS_PLAYLIST_LENGTH, "max-files", HLS_MAX_FILES,
        NULL);
    g_free (segments);
    g_free (dir);
  }

  if (rec->queue) {
    g_object_set (rec->queue, "max-size-buffers", MAX_QUEUED_FRAMES,
        "max-size-bytes", 0, "max-size-time", (guint64) 0, NULL);
    gst_util_set_object_arg (G_OBJECT (rec->queue), "leaky", "downstream");
  }
  if (convert_caps) {
    /* 8-bit 4:2:0 is what players and browsers decode; left to itself,
     * x264enc would pick 10-bit 4:4:4 for RGB input. */
    caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING,
        "I420", NULL);
    g_object_set (convert_caps, "caps", caps, NULL);
    gst_caps_unref (caps);
  }
  configure_encoder (rec, encoder);

  /* In order; the optional ones (NULL) are skipped. */
  if (!append (rec->pipeline, &last, src)
      || !append (rec->pipeline, &last, capsfilter)
      || !append (rec->pipeline, &last, rec->queue)
      || !append (rec->pipeline, &last, rec->pad_box)
      || !append (rec->pipeline, &last, convert)
      || !append (rec->pipeline, &last, convert_caps)
      || !append (rec->pipeline, &last, encoder)
      || !append (rec->pipeline, &last, parser)
      || !append (rec->pipeline, &last, muxer)
      || !append (rec->pipeline, &last, sink))
    goto link_failed;

  pad = gst_element_get_static_pad (capsfilter, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, capture_probe, rec, NULL);
  gst_object_unref (pad);
  if (rec->queue) {
    pad = gst_element_get_static_pad (rec->queue, "src");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, encoder_probe,
        &rec->stats, NULL);
    gst_object_unref (pad);
  }
  ok = TRUE;
  goto done;

link_failed:
  g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
      "Could not link the recording pipeline for %s", fmt->description);
  goto done;

done:
  /* Elements not yet in the bin are still floating and ours to drop. */
  if (!ok) {
    GstElement *all[] = { src, capsfilter, rec->queue, rec->pad_box, convert,
      convert_caps, encoder, parser, muxer, sink
    };
    guint i;

    for (i = 0; i < G_N_ELEMENTS (all); i++)
      if (all[i] && !GST_OBJECT_PARENT (all[i]))
        gst_object_unref (all[i]);
    rec->queue = rec->pad_box = NULL;
  }
  return ok;
}

/* Frames the leaky queue threw away: in minus out minus still queued. */
static guint64
queue_drops (Recorder * rec, guint64 captured, guint64 encoded)
{
  guint level = 0;

  if (!rec->queue)
    return 0;
  g_object_get (rec->queue, "current-level-buffers", &level, NULL);
  return captured > encoded + level ? captured - encoded - level : 0;
}

static void
format_elapsed (gchar * buf, gsize size, gdouble seconds)
{
  guint whole = (guint) seconds;

  g_snprintf (buf, size, "%02u:%02u:%04.1f", whole / 3600, whole / 60 % 60,
      seconds - (whole / 60) * 60);
}

static gboolean
show_progress (gpointer user_data)
{
  Recorder *rec = user_data;
  Stats *stats = &rec->stats;
  guint64 captured, encoded, skipped, frames;
  gint64 first_us, now_us = g_get_monotonic_time ();
  gdouble fps = 0.0;
  gchar elapsed[32];
  guint oldest;

  g_mutex_lock (&stats->lock);
  captured = stats->captured;
  encoded = stats->encoded;
  skipped = stats->skipped;
  first_us = GST_CLOCK_TIME_IS_VALID (stats->first_pts) ?
      stats->first_frame_us : 0;
  g_mutex_unlock (&stats->lock);

  if (!first_us) {
    fprintf (stderr, "\rWaiting for the first frame...\033[K");
    rec->progress_shown = TRUE;
    return G_SOURCE_CONTINUE;
  }
  frames = rec->queue ? encoded : captured;

  /* fps over the last second, from a ring of recent samples. */
  oldest = rec->fps_sample_count < FPS_SAMPLES ? 0 :
      rec->fps_sample_count % FPS_SAMPLES;
  if (rec->fps_sample_count > 0) {
    gint64 span = now_us - rec->fps_sample_us[oldest];

    if (span > 0)
      fps = (frames - rec->fps_sample_frames[oldest]) * 1e6 / span;
  }
  rec->fps_sample_us[rec->fps_sample_count % FPS_SAMPLES] = now_us;
  rec->fps_sample_frames[rec->fps_sample_count % FPS_SAMPLES] = frames;
  rec->fps_sample_count++;

  format_elapsed (elapsed, sizeof (elapsed), (now_us - first_us) / 1e6);
  fprintf (stderr, "\rRecording %s  frames %" G_GUINT64_FORMAT
      "  %5.1f fps  dropped %" G_GUINT64_FORMAT "%s\033[K", elapsed,
      frames, fps, skipped + queue_drops (rec, captured, encoded),
      rec->eos_sent && !rec->finished ? "  finishing..." : "");
  rec->progress_shown = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
quit (Recorder * rec, gboolean failed)
{
  rec->failed |= failed;
  g_main_loop_quit (rec->loop);
}

static gboolean
eos_timed_out (gpointer user_data)
{
  Recorder *rec = user_data;

  rec->eos_timeout_id = 0;
  end_progress_line (rec);
  print_error ("finishing %s took more than %d s; it may be incomplete",
      rec->opts.output, EOS_TIMEOUT_S);
  quit (rec, TRUE);
  return G_SOURCE_REMOVE;
}

/* Ends the recording the proper way: EOS enters at the source and the
 * muxer writes its index before it reaches the file sink. */
static void
finish_recording (Recorder * rec)
{
  if (rec->eos_sent)
    return;
  rec->eos_sent = TRUE;
  gst_element_send_event (rec->pipeline, gst_event_new_eos ());
  rec->eos_timeout_id = g_timeout_add_seconds (EOS_TIMEOUT_S, eos_timed_out,
      rec);
}

static gboolean
on_signal (gpointer user_data)
{
  Recorder *rec = user_data;

  if (!rec->eos_sent) {
    finish_recording (rec);
    return G_SOURCE_CONTINUE;
  }
  end_progress_line (rec);
  print_error ("interrupted again; %s was not finalised", rec->opts.output);
  quit (rec, TRUE);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_bus_message (GstBus * bus, GstMessage * msg, gpointer user_data)
{
  Recorder *rec = user_data;
  GError *err = NULL;
  gchar *debug = NULL;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_EOS:
      rec->finished = TRUE;
      quit (rec, FALSE);
      break;
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (msg, &err, &debug);
      end_progress_line (rec);
      print_error ("%s", err->message);
      if (rec->opts.verbose && debug)
        print_error ("debug: %s (from %s)", debug,
            GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)));
      quit (rec, TRUE);
      break;
    case GST_MESSAGE_WARNING:
      gst_message_parse_warning (msg, &err, &debug);
      if (!rec->opts.quiet) {
        end_progress_line (rec);
        print_error ("%s", err->message);
        if (rec->opts.verbose && debug)
          print_error ("debug: %s", debug);
      }
      break;
    case GST_MESSAGE_APPLICATION:
      if (gst_message_has_name (msg, "duration-reached"))
        finish_recording (rec);
      break;
    case GST_MESSAGE_LATENCY:
      gst_bin_recalculate_latency (GST_BIN (rec->pipeline));
      break;
    default:
      break;
  }
  g_clear_error (&err);
  g_free (debug);
  return G_SOURCE_CONTINUE;
}

/* Errors posted while a state change failed synchronously. */
static void
print_pending_errors (Recorder * rec)
{
  GstBus *bus = gst_element_get_bus (rec->pipeline);
  GstMessage *msg;
  gboolean any = FALSE;

  /* The first error says why; the ones after it are its consequences. */
  if ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR))) {
    GError *err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    print_error ("%s", err->message);
    g_clear_error (&err);
    gst_message_unref (msg);
    any = TRUE;
  }
  if (!any)
    print_error ("could not start recording");
  gst_object_unref (bus);
}

static gboolean
check_options (Options * opts, OutputFormat * format, GError ** error)
{
  if (!opts->output) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
        "--output FILE is required (.mp4, .mkv, .webm, .m3u8 or .png)");
    return FALSE;
  }
  if (!parse_format (opts->output, format)) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "cannot tell the format of \"%s\": use .mp4 (H.264), .mkv (H.264), "
        ".webm (VP9), .m3u8 (live HLS) or .png (one frame)", opts->output);
    return FALSE;
  }
  if (opts->window_name && opts->xid) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
        "--window and --xid both choose the window; give one of them");
    return FALSE;
  }
  if (opts->socket && (opts->window_name || opts->xid)) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
        "--socket records a program's frames, not a window: give one of "
        "--socket, --window and --xid");
    return FALSE;
  }
  if (opts->window_name && !*opts->window_name) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--window wants a window title");
    return FALSE;
  }
  if (opts->xid) {
    gchar *end = NULL;

    opts->xid_value = g_ascii_strtoull (opts->xid, &end, 0);
    if (!*opts->xid || *end || opts->xid_value == 0) {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
          "--xid wants a window id such as 0x3c00007 or 62914567, not "
          "\"%s\"", opts->xid);
      return FALSE;
    }
  }
  if (opts->fps < 1 || opts->fps > MAX_FPS) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--fps must be between 1 and %d", MAX_FPS);
    return FALSE;
  }
  if (opts->duration < 0) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--duration must not be negative");
    return FALSE;
  }
  return TRUE;
}

static void
print_summary (Recorder * rec)
{
  Stats *stats = &rec->stats;
  guint64 frames = rec->queue ? stats->encoded : stats->captured;
  guint64 dropped = stats->skipped +
      queue_drops (rec, stats->captured, stats->encoded);
  gdouble seconds = frames > 0 ?
      (stats->last_pts - stats->first_pts + rec->frame_duration) / 1e9 : 0;

  if (rec->format == FORMAT_PNG) {
    printf ("%s: %dx%d PNG\n", rec->opts.output, stats->width,
        stats->height);
    return;
  }
  printf ("%s: %dx%d %s, %" G_GUINT64_FORMAT " frames, %.1f s, %"
      G_GUINT64_FORMAT " dropped", rec->opts.output, stats->out_width,
      stats->out_height, format_info[rec->format].description, frames,
      seconds, dropped);
  if (stats->out_width != stats->width || stats->out_height != stats->height)
    printf (" (window %dx%d, padded to even size)", stats->width,
        stats->height);
  printf ("\n");
}

/* The output is only ever replaced whole, once there is something to put
 * there: the recording goes to a new file in the same folder (so that the
 * final rename stays on one file system), created here and never through a
 * symbolic link. An existing output is an error unless --force. */
static gboolean
prepare_output (Recorder * rec)
{
  GStatBuf st;
  gchar *dir, *base, *template;
  gint fd;
  mode_t mask;

  if (g_lstat (rec->opts.output, &st) == 0 && !rec->opts.force) {
    print_error ("%s already exists; --force replaces it (once the new "
        "recording has frames)", rec->opts.output);
    return FALSE;
  }
  if (rec->format == FORMAT_HLS)
    return TRUE;
  dir = g_path_get_dirname (rec->opts.output);
  base = g_path_get_basename (rec->opts.output);
  template = g_strdup_printf ("%s/.%s.XXXXXX.part", dir, base);
  g_free (dir);
  g_free (base);
  fd = g_mkstemp (template);
  if (fd < 0) {
    print_error ("cannot write in the folder of %s: %s", rec->opts.output,
        g_strerror (errno));
    g_free (template);
    return FALSE;
  }
  /* mkstemp makes it private; the recording gets a new file's rights. */
  mask = umask (0);
  umask (mask);
  fchmod (fd, 0666 & ~mask);
  close (fd);
  rec->partial = template;
  return TRUE;
}

/* A complete recording replaces the output; anything else is removed. */
static void
finish_output (Recorder * rec, gboolean keep)
{
  if (!rec->partial)
    return;
  if (keep && g_rename (rec->partial, rec->opts.output) != 0) {
    print_error ("cannot move the recording to %s (%s); it is in %s",
        rec->opts.output, g_strerror (errno), rec->partial);
    rec->failed = TRUE;
  } else if (!keep) {
    g_unlink (rec->partial);
  }
  g_clear_pointer (&rec->partial, g_free);
}

int
main (int argc, char **argv)
{
  Recorder rec = { 0 };
  GOptionContext *ctx;
  GError *error = NULL;
  GstBus *bus;
  gchar *target;
  gboolean have_frames;
  GOptionEntry entries[] = {
    {"window", 'w', 0, G_OPTION_ARG_STRING, &rec.opts.window_name,
        "Record the window with this exact title", "NAME"},
    {"socket", 0, 0, G_OPTION_ARG_FILENAME, &rec.opts.socket,
          "Record every frame a program presents, from the swap hook on this "
          "socket (glwindowsrc-launch --socket PATH -- PROGRAM)", "PATH"},
    {"xid", 'x', 0, G_OPTION_ARG_STRING, &rec.opts.xid,
        "Record the window with this X id (hex 0x... or decimal)", "ID"},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &rec.opts.output,
        "File to write: .mp4 (H.264), .mkv (H.264), .webm (VP9), .m3u8 "
          "(live HLS, segments beside it) or .png (one frame)", "FILE"},
    {"duration", 'd', 0, G_OPTION_ARG_DOUBLE, &rec.opts.duration,
        "Stop after this many seconds (default: until Ctrl-C)", "SECONDS"},
    {"fps", 'r', 0, G_OPTION_ARG_INT, &rec.opts.fps,
        "Frames per second (default: 30)", "N"},
    {"display", 0, 0, G_OPTION_ARG_STRING, &rec.opts.display,
        "X display (default: $DISPLAY)", "NAME"},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &rec.opts.quiet,
        "Print errors only", NULL},
    {"verbose", 'v', 0, G_OPTION_ARG_NONE, &rec.opts.verbose,
        "Print GStreamer's debug details with errors", NULL},
    {"version", 0, 0, G_OPTION_ARG_NONE, &rec.opts.version,
        "Print the version and exit", NULL},
    {"force", 'f', 0, G_OPTION_ARG_NONE, &rec.opts.force,
        "Replace an existing output file (once the recording has frames)",
        NULL},
    {NULL}
  };

  setlocale (LC_ALL, "");
  rec.opts.fps = DEFAULT_FPS;
  g_mutex_init (&rec.stats.lock);
  rec.stats.first_pts = rec.stats.last_pts = GST_CLOCK_TIME_NONE;

  ctx = g_option_context_new ("- record a window or the screen");
  g_option_context_set_summary (ctx,
      "Records an X11 window (--window or --xid) or, with neither, the whole "
      "screen through glwindowsrc.\nCtrl-C, --duration or closing the window "
      "ends the recording; the file is finalised in each case.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    print_error ("%s (see --help)", error->message);
    g_clear_error (&error);
    g_option_context_free (ctx);
    return EXIT_USAGE;
  }
  g_option_context_free (ctx);
  if (rec.opts.version) {
    printf ("%s %s\n", PROGRAM, VERSION);
    return 0;
  }
  if (!check_options (&rec.opts, &rec.format, &error)) {
    print_error ("%s (see --help)", error->message);
    g_clear_error (&error);
    return EXIT_USAGE;
  }
  if (argc > 1) {
    print_error ("unexpected argument \"%s\" (see --help)", argv[1]);
    return EXIT_USAGE;
  }

  /* GStreamer's GL elements open their display from $DISPLAY, and the
   * capture's GL context must be on the captured X server. */
  if (rec.opts.display)
    g_setenv ("DISPLAY", rec.opts.display, TRUE);

  rec.duration = rec.opts.duration > 0 ?
      (GstClockTime) (rec.opts.duration * GST_SECOND + 0.5) :
      GST_CLOCK_TIME_NONE;
  rec.frame_duration = gst_util_uint64_scale_int (GST_SECOND, 1,
      rec.opts.fps);

  if (!prepare_output (&rec))
    return 1;
  if (!build_pipeline (&rec, &error)) {
    print_error ("%s", error->message);
    g_clear_error (&error);
    gst_clear_object (&rec.pipeline);
    finish_output (&rec, FALSE);
    return 1;
  }

  rec.loop = g_main_loop_new (NULL, FALSE);
  bus = gst_element_get_bus (rec.pipeline);
  gst_bus_add_watch (bus, on_bus_message, &rec);
  g_unix_signal_add (SIGINT, on_signal, &rec);
  g_unix_signal_add (SIGTERM, on_signal, &rec);

  target = describe_target (&rec.opts);
  if (!rec.opts.quiet) {
    if (rec.format == FORMAT_PNG)
      fprintf (stderr, "Capturing %s to %s\n", target, rec.opts.output);
    else
      fprintf (stderr, "Recording %s to %s (%s, %d fps)%s\n", target,
          rec.opts.output, format_info[rec.format].description, rec.opts.fps,
          GST_CLOCK_TIME_IS_VALID (rec.duration) ? "" :
          "; press Ctrl-C to stop");
  }
  g_free (target);

  if (gst_element_set_state (rec.pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    print_pending_errors (&rec);
    rec.failed = TRUE;
  } else {
    if (!rec.opts.quiet && rec.format != FORMAT_PNG
        && isatty (STDERR_FILENO))
      rec.progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, show_progress,
          &rec);
    g_main_loop_run (rec.loop);
  }

  if (rec.progress_id) {
    g_source_remove (rec.progress_id);
    if (!rec.failed)
      show_progress (&rec);
  }
  if (rec.eos_timeout_id)
    g_source_remove (rec.eos_timeout_id);
  end_progress_line (&rec);

  gst_element_set_state (rec.pipeline, GST_STATE_NULL);
  gst_bus_remove_watch (bus);
  gst_object_unref (bus);

  have_frames = rec.stats.captured > 0;
  if (!rec.failed && !have_frames) {
    print_error ("no frame was captured; nothing was recorded");
    rec.failed = TRUE;
  }
  /* Frames make a recording, finalised or not (a failure mid-way still
   * leaves what was written); without frames the output is not touched. */
  if (rec.partial)
    finish_output (&rec, have_frames);
  else if (rec.failed && !have_frames && !rec.opts.force)
    g_unlink (rec.opts.output);
  if (!rec.failed && !rec.opts.quiet)
    print_summary (&rec);

  gst_object_unref (rec.pipeline);
  g_main_loop_unref (rec.loop);
  g_mutex_clear (&rec.stats.lock);
  g_free (rec.opts.window_name);
  g_free (rec.opts.socket);
  g_free (rec.opts.xid);
  g_free (rec.opts.output);
  g_free (rec.opts.display);
  return rec.failed ? 1 : 0;
}
