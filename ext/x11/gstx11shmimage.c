/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstx11shmimage.h"
#include "gstx11util.h"

#include <gst/gst.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>

struct _GstX11ShmImage
{
  Display *display;
  Visual *visual;
  gint depth;
  guint width, height;
  XImage *ximage;
  XShmSegmentInfo shm;
  gboolean use_shm;
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
attach_shm (GstX11ShmImage * image)
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

  gst_x11_trap_errors ();
  XShmAttach (image->display, &image->shm);
  x_error = gst_x11_untrap_errors (image->display);
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

GstX11ShmImage *
gst_x11_shm_image_new (Display * display, Visual * visual, gint depth,
    guint width, guint height, GError ** error)
{
  GstX11ShmImage *image = g_new0 (GstX11ShmImage, 1);

  image->display = display;
  image->visual = visual;
  image->depth = depth;
  image->width = width;
  image->height = height;
  image->shm.shmid = -1;

  image->use_shm = attach_shm (image);
  if (!image->use_shm) {
    image->ximage = XCreateImage (display, visual, depth, ZPixmap, 0, NULL,
        width, height, 32, 0);
    if (image->ximage)
      image->ximage->data =
          g_malloc ((gsize) image->ximage->bytes_per_line * height);
  }
  if (!image->ximage || !is_bgrx_layout (image->ximage)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Unsupported X visual (depth %d): only 32-bit TrueColor pixels "
        "with 8-bit red, green and blue are handled", depth);
    gst_x11_shm_image_free (image);
    return NULL;
  }
  return image;
}

void
gst_x11_shm_image_free (GstX11ShmImage * image)
{
  if (!image)
    return;
  if (image->use_shm) {
    gst_x11_trap_errors ();
    XShmDetach (image->display, &image->shm);
    gst_x11_untrap_errors (image->display);
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

/* FALSE when the drawable is gone or unviewable. */
gboolean
gst_x11_shm_image_read (GstX11ShmImage * image, Drawable drawable, gint x,
    gint y)
{
  gboolean ok;
  gint x_error;

  gst_x11_trap_errors ();
  if (image->use_shm) {
    ok = XShmGetImage (image->display, drawable, image->ximage, x, y,
        AllPlanes);
  } else {
    ok = XGetSubImage (image->display, drawable, x, y, image->width,
        image->height, AllPlanes, ZPixmap, image->ximage, 0, 0) != NULL;
  }
  x_error = gst_x11_untrap_errors (image->display);
  return ok && !x_error;
}

const guint8 *
gst_x11_shm_image_get_data (GstX11ShmImage * image)
{
  return (const guint8 *) image->ximage->data;
}

gint
gst_x11_shm_image_get_stride (GstX11ShmImage * image)
{
  return image->ximage->bytes_per_line;
}

gboolean
gst_x11_shm_image_uses_shm (GstX11ShmImage * image)
{
  return image->use_shm;
}
