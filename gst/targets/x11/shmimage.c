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

struct _GwsX11ShmImage
{
  Display *display;
  Visual *visual;
  gint depth;
  guint width, height;
  XImage *ximage;
  XShmSegmentInfo shm;
  gboolean use_shm;

  /* How a read is cut in bands, fixed by the size. */
  xcb_connection_t *connection;
  guint band_rows;
  guint n_bands;

  /* The read in progress (gws_x11_shm_image_read_begin()): how many bands
   * were asked for (0: none outstanding), the first not yet answered, each
   * request's cookie, and whether any answer was an error. */
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

static gboolean
attach_shm (GwsX11ShmImage * image)
{
  gint x_error;

  if (!XShmQueryExtension (image->display))
    return FALSE;

  image->ximage = XShmCreateImage (image->display, image->visual,
      image->depth, ZPixmap, NULL, &image->shm, image->width, image->height);
  if (!image->ximage)
    return FALSE;
  image->shm.shmid = shmget (IPC_PRIVATE,
      (gsize) image->ximage->bytes_per_line * image->height, IPC_CREAT | 0600);
  if (image->shm.shmid < 0)
    goto failed;
  image->shm.shmaddr = image->ximage->data = shmat (image->shm.shmid, NULL, 0);
  if (image->shm.shmaddr == (char *) -1) {
    shmctl (image->shm.shmid, IPC_RMID, NULL);
    goto failed;
  }
  image->shm.readOnly = False;

  gws_x11_trap_errors (image->display);
  XShmAttach (image->display, &image->shm);
  x_error = gws_x11_untrap_errors (image->display);
  /* Marked for removal now so the segment cannot outlive us, whatever
   * happens to this process. */
  shmctl (image->shm.shmid, IPC_RMID, NULL);
  if (x_error) {
    /* A remote server cannot see our memory. */
    shmdt (image->shm.shmaddr);
    image->shm.shmid = -1;
    goto failed;
  }
  return TRUE;

failed:
  if (image->shm.shmid >= 0 && image->shm.shmaddr
      && image->shm.shmaddr != (char *) -1) {
    shmdt (image->shm.shmaddr);
    shmctl (image->shm.shmid, IPC_RMID, NULL);
  }
  image->ximage->data = NULL;
  XDestroyImage (image->ximage);
  image->ximage = NULL;
  image->shm.shmaddr = NULL;
  return FALSE;
}

GwsX11ShmImage *
gws_x11_shm_image_new (Display * display, Visual * visual, gint depth,
    guint width, guint height, GError ** error)
{
  GwsX11ShmImage *image = g_new0 (GwsX11ShmImage, 1);

  image->display = display;
  image->visual = visual;
  image->depth = depth;
  image->width = width;
  image->height = height;
  image->shm.shmid = -1;

  image->use_shm = attach_shm (image);
  if (image->use_shm) {
    image->connection = XGetXCBConnection (display);
    image->band_rows = MAX (BAND_BYTES / image->ximage->bytes_per_line, 1);
    image->band_rows = MAX (image->band_rows,
        (height + MAX_BANDS - 1) / MAX_BANDS);
    image->n_bands = (height + image->band_rows - 1) / image->band_rows;
  }
  if (!image->use_shm) {
    image->ximage = XCreateImage (display, visual, depth, ZPixmap, 0, NULL,
        width, height, 32, 0);
    if (image->ximage)
      image->ximage->data =
          g_malloc ((gsize) image->ximage->bytes_per_line * height);
  }
  if (!image->ximage || !is_bgrx_layout (image->ximage)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Windows of depth %d cannot be captured\nunsupported X visual: "
        "only 32-bit TrueColor pixels with 8-bit red, green and blue are "
        "handled", depth);
    gws_x11_shm_image_free (image);
    return NULL;
  }
  return image;
}

void
gws_x11_shm_image_free (GwsX11ShmImage * image)
{
  if (!image)
    return;
  /* The server may still be writing into the segment. */
  gws_x11_shm_image_read_finish (image);
  if (image->use_shm) {
    gws_x11_trap_errors (image->display);
    XShmDetach (image->display, &image->shm);
    gws_x11_untrap_errors (image->display);
    shmdt (image->shm.shmaddr);
    image->ximage->data = NULL;
  } else if (image->ximage) {
    g_free (image->ximage->data);
    image->ximage->data = NULL;
  }
  if (image->ximage)
    XDestroyImage (image->ximage);
  g_free (image);
}

/* Asks for @height rows from (@x, @y) into the segment at @offset. The
 * request is checked: an error comes back with its reply, not to Xlib's
 * error handler. */
static xcb_shm_get_image_cookie_t
send_get_image (GwsX11ShmImage * image, Drawable drawable, gint x, gint y,
    guint height, guint offset)
{
  return xcb_shm_get_image (image->connection, drawable, x, y, image->width,
      height, 0xffffffffu, XCB_IMAGE_FORMAT_Z_PIXMAP, image->shm.shmseg,
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
    GST_DEBUG ("XShm band %u of %u failed (X error %d)", image->next_band,
        image->bands_sent, error ? error->error_code : 0);
    free (reply);
    free (error);
    image->band_failed = TRUE;
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

/* Starts reading the drawable's picture at (@x, @y). With MIT-SHM every
 * band is asked for at once and only the first is waited for here: that
 * one says whether the drawable can be read at all, and the rest arrive
 * while the caller converts (gws_x11_shm_image_wait_rows()). FALSE when
 * the drawable is gone or unviewable; gws_x11_shm_image_read_finish()
 * must follow either way. */
gboolean
gws_x11_shm_image_read_begin (GwsX11ShmImage * image, Drawable drawable,
    gint x, gint y)
{
  guint band;

  if (!image->use_shm)
    return read_whole (image, drawable, x, y);

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

    image->band_cookie[band] = send_get_image (image, drawable, x, y + first,
        MIN (image->band_rows, image->height - first),
        first * image->ximage->bytes_per_line);
  }
  if (image->n_bands > 1)
    xcb_ungrab_server (image->connection);
  xcb_flush (image->connection);
  return wait_next_band (image);
}

/* Blocks until the first @rows rows of the read begun are in the image;
 * returns how many are. A band that failed after the first (which the
 * grab should make impossible) keeps the previous picture's rows:
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
  return (const guint8 *) image->ximage->data;
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
