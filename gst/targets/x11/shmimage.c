/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "targets/x11/shmimage.h"
#include "targets/x11/util.h"

#include <stdlib.h>
#include <string.h>
#include <gst/gst.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <X11/Xutil.h>
#include <X11/Xlib-xcb.h>
#include <X11/extensions/XShm.h>
#include <xcb/xcb.h>
#include <xcb/shm.h>

/* A read is split into bands of about this many bytes, all asked for at
 * once: the server copies one while we convert the one before. 1 MiB
 * bands stay in a core's cache between the server's copy and ours;
 * measured at 1080p under Xvfb (8 MiB a frame), read and conversion took
 * 0.55 ms a frame in 1 MiB bands against 1.06 ms in one piece. */
#define BAND_BYTES (1024 * 1024)
/* Each band is a request and a reply: more than this costs more in
 * messages than it saves in waiting. */
#define MAX_BANDS 32

/* Segments a read can go into: the picture of each is sent downstream as it
 * is (gws_x11_shm_image_get_memory()), so the next read needs another
 * segment while a buffer holds one. Past this many, reads go into one more
 * segment that is never sent (its pictures are copied). */
#define MAX_SENT_SEGMENTS 6

/* Memory the server reads into: MIT-SHM segment (shm.shmid >= 0) or, where
 * the server cannot share memory, plain memory for XGetImage. @memory
 * wraps it; the last reference to it, ours or a buffer's, frees it (the
 * server detached first). */
typedef struct
{
  XShmSegmentInfo shm;
  guint8 *data;
  GstMemory *memory;
  gboolean attached;
} Segment;

struct _GwsX11ShmImage
{
  Display *display;
  Visual *visual;
  gint depth;
  guint width, height;
  /* The image's layout; its data is the current segment's. */
  XImage *ximage;
  gsize size;
  gboolean use_shm;

  /* Segments that may be sent (up to MAX_SENT_SEGMENTS), the one that is
   * never sent (made when every other is taken), and the one that holds
   * the last picture read, or is being read into. */
  GPtrArray *segments;
  Segment *unsent;
  Segment *current;

  /* How a read is cut in bands, fixed by the size. */
  xcb_connection_t *connection;
  guint band_rows;
  guint n_bands;

  /* The read in progress (gws_x11_shm_image_read_begin()): how many bands
   * were asked for (0: none outstanding), the first not yet answered, each
   * request's cookie, and whether any answer was an error. */
  Segment *reading;
  guint bands_sent;
  guint next_band;
  xcb_shm_get_image_cookie_t band_cookie[MAX_BANDS];
  gboolean band_failed;
};

/* Only the layout every TrueColor depth-24/32 server uses on little-endian
 * machines is handled: 32 bits per pixel, red in the third byte. */
static gboolean
is_bgrx_layout (XImage * ximage)
{
  return ximage->bits_per_pixel == 32 && ximage->red_mask == 0xff0000
      && ximage->green_mask == 0xff00 && ximage->blue_mask == 0xff
      && ximage->byte_order == LSBFirst;
}

static void
free_shm_memory (gpointer address)
{
  shmdt (address);
}

/* A new MIT-SHM segment of the image's size, attached to the server, or
 * NULL where the server cannot see our memory (a remote display). */
static Segment *
segment_new_shm (GwsX11ShmImage * image)
{
  Segment *segment = g_new0 (Segment, 1);
  gint x_error;

  segment->shm.shmid = shmget (IPC_PRIVATE, image->size, IPC_CREAT | 0600);
  if (segment->shm.shmid < 0)
    goto failed;
  segment->shm.shmaddr = shmat (segment->shm.shmid, NULL, 0);
  if (segment->shm.shmaddr == (char *) -1) {
    shmctl (segment->shm.shmid, IPC_RMID, NULL);
    goto failed;
  }
  segment->shm.readOnly = False;

  gws_x11_trap_errors (image->display);
  XShmAttach (image->display, &segment->shm);
  /* A round trip: the server has attached it (or failed) when it returns. */
  x_error = gws_x11_untrap_errors (image->display);
  /* Marked for removal once both sides have it, so that it cannot outlive
   * us, whatever happens to this process: it goes with the last mapping.
   * (Only Linux lets a segment marked so be attached later.) */
  shmctl (segment->shm.shmid, IPC_RMID, NULL);
  if (x_error) {
    shmdt (segment->shm.shmaddr);
    goto failed;
  }
  segment->attached = TRUE;
  segment->data = (guint8 *) segment->shm.shmaddr;
  segment->memory = gst_memory_new_wrapped (0, segment->data, image->size, 0,
      image->size, segment->shm.shmaddr, free_shm_memory);
  return segment;

failed:
  g_free (segment);
  return NULL;
}

static Segment *
segment_new_plain (GwsX11ShmImage * image)
{
  Segment *segment = g_new0 (Segment, 1);

  segment->shm.shmid = -1;
  segment->data = g_malloc (image->size);
  segment->memory = gst_memory_new_wrapped (0, segment->data, image->size, 0,
      image->size, segment->data, g_free);
  return segment;
}

/* Where shared memory runs out (the system's SysV limits), plain memory:
 * read with XGetImage, slower but still a picture. */
static Segment *
segment_new (GwsX11ShmImage * image)
{
  Segment *segment = image->use_shm ? segment_new_shm (image) : NULL;

  if (image->use_shm && !segment)
    GST_WARNING ("no more MIT-SHM segments (%" G_GSIZE_FORMAT " bytes): "
        "reading with XGetImage into plain memory", image->size);
  return segment ? segment : segment_new_plain (image);
}

/* The server lets go of the segment now; its memory goes when the last
 * buffer that holds it does. */
static void
segment_free (GwsX11ShmImage * image, Segment * segment)
{
  if (!segment)
    return;
  if (segment->attached) {
    gws_x11_trap_errors (image->display);
    XShmDetach (image->display, &segment->shm);
    gws_x11_untrap_errors (image->display);
  }
  gst_memory_unref (segment->memory);
  g_free (segment);
}

/* Nothing but the image holds the segment: the server may write into it. */
static gboolean
segment_is_free (Segment * segment)
{
  return GST_MINI_OBJECT_REFCOUNT_VALUE (segment->memory) == 1;
}

/* Where the next read goes: a segment no buffer holds, a new one while
 * there are few, else the one never sent. */
static Segment *
choose_segment (GwsX11ShmImage * image)
{
  Segment *segment;
  guint i;

  if (image->current && image->current != image->unsent
      && segment_is_free (image->current))
    return image->current;
  for (i = 0; i < image->segments->len; i++) {
    segment = g_ptr_array_index (image->segments, i);
    if (segment_is_free (segment))
      return segment;
  }
  if (image->segments->len < MAX_SENT_SEGMENTS) {
    segment = segment_new (image);
    g_ptr_array_add (image->segments, segment);
    return segment;
  }
  if (!image->unsent) {
    GST_DEBUG ("%u segments held downstream: reading into one that is "
        "never sent", image->segments->len);
    image->unsent = segment_new (image);
  }
  return image->unsent;
}

GwsX11ShmImage *
gws_x11_shm_image_new (Display * display, Visual * visual, gint depth,
    guint width, guint height, GError ** error)
{
  GwsX11ShmImage *image = g_new0 (GwsX11ShmImage, 1);
  XShmSegmentInfo layout_only = { 0, };
  Segment *first = NULL;

  image->display = display;
  image->visual = visual;
  image->depth = depth;
  image->width = width;
  image->height = height;
  image->segments = g_ptr_array_new ();

  /* The layout (bytes per line) the server will write in, with no memory
   * of its own: each read points it at a segment. */
  image->use_shm = XShmQueryExtension (display);
  if (image->use_shm) {
    image->ximage = XShmCreateImage (display, visual, depth, ZPixmap, NULL,
        &layout_only, width, height);
    /* Never used to read: the segments are read through XCB. */
    if (image->ximage)
      image->ximage->obdata = NULL;
  }
  else
    image->ximage = XCreateImage (display, visual, depth, ZPixmap, 0, NULL,
        width, height, 32, 0);
  if (!image->ximage || !is_bgrx_layout (image->ximage)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Windows of depth %d cannot be captured\nunsupported X visual: "
        "only 32-bit TrueColor pixels with 8-bit red, green and blue are "
        "handled", depth);
    gws_x11_shm_image_free (image);
    return NULL;
  }
  image->size = (gsize) image->ximage->bytes_per_line * height;

  if (image->use_shm) {
    first = segment_new_shm (image);
    /* A remote server cannot see our memory. */
    image->use_shm = first != NULL;
  }
  if (!first)
    first = segment_new_plain (image);
  g_ptr_array_add (image->segments, first);
  image->current = first;
  image->ximage->data = (char *) first->data;

  if (image->use_shm) {
    image->connection = XGetXCBConnection (display);
    image->band_rows = MAX (BAND_BYTES / image->ximage->bytes_per_line, 1);
    image->band_rows = MAX (image->band_rows,
        (height + MAX_BANDS - 1) / MAX_BANDS);
    image->n_bands = (height + image->band_rows - 1) / image->band_rows;
  }
  return image;
}

void
gws_x11_shm_image_free (GwsX11ShmImage * image)
{
  guint i;

  if (!image)
    return;
  /* The server may still be writing into a segment. */
  gws_x11_shm_image_read_finish (image);
  for (i = 0; i < image->segments->len; i++)
    segment_free (image, g_ptr_array_index (image->segments, i));
  g_ptr_array_free (image->segments, TRUE);
  segment_free (image, image->unsent);
  if (image->ximage) {
    image->ximage->data = NULL;
    XDestroyImage (image->ximage);
  }
  g_free (image);
}

/* Asks for @height rows from (@x, @y) into the segment at @offset. The
 * request is checked: an error comes back with its reply, not to Xlib's
 * error handler. */
static xcb_shm_get_image_cookie_t
send_get_image (GwsX11ShmImage * image, Segment * segment,
    Drawable drawable, gint x, gint y, guint height, guint offset)
{
  return xcb_shm_get_image (image->connection, drawable, x, y, image->width,
      height, 0xffffffffu, XCB_IMAGE_FORMAT_Z_PIXMAP, segment->shm.shmseg,
      offset);
}

/* Waits for the next band's reply. FALSE when it was an error. */
static gboolean
wait_next_band (GwsX11ShmImage * image)
{
  xcb_generic_error_t *error = NULL;
  xcb_shm_get_image_reply_t *reply;

  reply = xcb_shm_get_image_reply (image->connection,
      image->band_cookie[image->next_band], &error);
  image->next_band++;
  if (error || !reply) {
    guint first = (image->next_band - 1) * image->band_rows;
    gsize stride = image->ximage->bytes_per_line;

    GST_DEBUG ("XShm band %u of %u failed (X error %d)", image->next_band,
        image->bands_sent, error ? error->error_code : 0);
    free (reply);
    free (error);
    image->band_failed = TRUE;
    /* Its rows hold whatever the segment held before, perhaps a picture
     * already turned into RGBA: black is at least not a lie. */
    memset (image->reading->data + first * stride, 0,
        MIN (image->band_rows, image->height - first) * stride);
    return FALSE;
  }
  free (reply);
  return TRUE;
}

/* Without MIT-SHM: the whole picture in one XGetImage. FALSE when the
 * drawable is gone or unviewable. */
static gboolean
read_whole (GwsX11ShmImage * image, Drawable drawable, gint x, gint y)
{
  gboolean ok;

  gws_x11_trap_errors (image->display);
  ok = XGetSubImage (image->display, drawable, x, y, image->width,
      image->height, AllPlanes, ZPixmap, image->ximage, 0, 0) != NULL;
  return !gws_x11_untrap_errors (image->display) && ok;
}

/* Sends the read of every band into @segment and waits for the first. */
static gboolean
read_bands (GwsX11ShmImage * image, Segment * segment, Drawable drawable,
    gint x, gint y)
{
  guint band;

  image->bands_sent = image->n_bands;
  image->next_band = 0;
  image->band_failed = FALSE;
  /* The bands are one picture, as one request would be: no other client
   * may draw, resize or close between them. The grab ends right after the
   * last band is served, without waiting for us. */
  if (image->n_bands > 1)
    xcb_grab_server (image->connection);
  for (band = 0; band < image->n_bands; band++) {
    guint first = band * image->band_rows;

    image->band_cookie[band] = send_get_image (image, segment, drawable, x,
        y + first, MIN (image->band_rows, image->height - first),
        first * image->ximage->bytes_per_line);
  }
  if (image->n_bands > 1)
    xcb_ungrab_server (image->connection);
  xcb_flush (image->connection);
  return wait_next_band (image);
}

/* Starts reading the drawable's picture at (@x, @y), into a segment no
 * buffer holds. With MIT-SHM every band is asked for at once and only the
 * first is waited for here: that one says whether the drawable can be read
 * at all, and the rest arrive while the caller converts
 * (gws_x11_shm_image_wait_rows()). FALSE when the drawable is gone or
 * unviewable: nothing read is a picture then.
 * gws_x11_shm_image_read_finish() must follow either way. */
gboolean
gws_x11_shm_image_read_begin (GwsX11ShmImage * image, Drawable drawable,
    gint x, gint y)
{
  Segment *segment = choose_segment (image);
  gboolean ok;

  image->ximage->data = (char *) segment->data;
  image->reading = segment;
  if (segment->attached)
    ok = read_bands (image, segment, drawable, x, y);
  else
    ok = read_whole (image, drawable, x, y);
  /* A read whose first band failed is no picture (the later bands may
   * have written theirs): the image's picture stays the last one read,
   * whose segment it may have been, so nothing is to repeat from it. */
  if (ok)
    image->current = segment;
  image->ximage->data = (char *) image->current->data;
  return ok;
}

/* Blocks until the first @rows rows of the read begun are in the image;
 * returns how many are. A band that failed after the first (part of a
 * window off the screen, where it has no backing pixmap) is black:
 * gws_x11_shm_image_read_finish() reports it. */
guint
gws_x11_shm_image_wait_rows (GwsX11ShmImage * image, guint rows)
{
  rows = MIN (rows, image->height);
  while (image->next_band < image->bands_sent
      && image->next_band * image->band_rows < rows)
    wait_next_band (image);
  if (image->next_band >= image->bands_sent)
    return image->height;
  return image->next_band * image->band_rows;
}

/* Waits for whatever of the read is still outstanding; at once when none
 * is (or the read was a plain XGetImage). FALSE when some band could not
 * be read. */
gboolean
gws_x11_shm_image_read_finish (GwsX11ShmImage * image)
{
  gboolean ok;

  while (image->next_band < image->bands_sent)
    wait_next_band (image);
  ok = !image->band_failed;
  image->bands_sent = image->next_band = 0;
  image->band_failed = FALSE;
  return ok;
}

const guint8 *
gws_x11_shm_image_get_data (GwsX11ShmImage * image)
{
  return image->current->data;
}

/* The last picture's memory, for a buffer to hold instead of a copy
 * (borrowed: take a reference); NULL when it is the segment never sent.
 * Until a buffer lets go of it, no read goes into it. */
GstMemory *
gws_x11_shm_image_get_memory (GwsX11ShmImage * image)
{
  return image->current == image->unsent ? NULL : image->current->memory;
}

gint
gws_x11_shm_image_get_stride (GwsX11ShmImage * image)
{
  return image->ximage->bytes_per_line;
}

gboolean
gws_x11_shm_image_uses_shm (GwsX11ShmImage * image)
{
  return image->use_shm;
}

/* Whether the image is the one to read a drawable of this format into. */
gboolean
gws_x11_shm_image_fits (GwsX11ShmImage * image, Visual * visual, gint depth,
    guint width, guint height)
{
  return image->visual == visual && image->depth == depth
      && image->width == width && image->height == height;
}

void
gws_x11_shm_image_get_size (GwsX11ShmImage * image, guint * width,
    guint * height)
{
  *width = image->width;
  *height = image->height;
}

gint
gws_x11_shm_image_get_depth (GwsX11ShmImage * image)
{
  return image->depth;
}
