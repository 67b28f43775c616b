/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "targets/x11/cursor.h"
#include "targets/x11/util.h"

#include <gst/gl/gstglfuncs.h>
#include <X11/extensions/Xfixes.h>

struct _GwsX11Cursor
{
  Display *display;
  guint texture;
  gulong serial;
  guint width, height;
  /* Top-left corner of the image, in window pixels. */
  gint x, y;
  gboolean visible;
};

GwsX11Cursor *
gws_x11_cursor_new (Display * display)
{
  GwsX11Cursor *cursor;
  gint event_base, error_base;

  if (!XFixesQueryExtension (display, &event_base, &error_base))
    return NULL;
  cursor = g_new0 (GwsX11Cursor, 1);
  cursor->display = display;
  return cursor;
}

void
gws_x11_cursor_free (GwsX11Cursor * cursor, GstGLContext * context)
{
  if (!cursor)
    return;
  if (cursor->texture && context)
    context->gl_vtable->DeleteTextures (1, &cursor->texture);
  g_free (cursor);
}

/* XFixes hands pixels as longs holding premultiplied ARGB: reorder them to
 * R,G,B,A bytes for a GL upload. */
static void
upload_image (GwsX11Cursor * cursor, GstGLContext * context,
    XFixesCursorImage * image)
{
  const GstGLFuncs *gl = context->gl_vtable;
  guint n = image->width * image->height, i;
  guint8 *rgba = g_malloc (n * 4);

  for (i = 0; i < n; i++) {
    gulong argb = image->pixels[i];

    rgba[4 * i + 0] = (argb >> 16) & 0xff;
    rgba[4 * i + 1] = (argb >> 8) & 0xff;
    rgba[4 * i + 2] = argb & 0xff;
    rgba[4 * i + 3] = (argb >> 24) & 0xff;
  }
  if (!cursor->texture)
    gl->GenTextures (1, &cursor->texture);
  gl->BindTexture (GL_TEXTURE_2D, cursor->texture);
  gl->PixelStorei (GL_UNPACK_ALIGNMENT, 4);
  gl->TexImage2D (GL_TEXTURE_2D, 0, GL_RGBA, image->width, image->height, 0,
      GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  gl->BindTexture (GL_TEXTURE_2D, 0);
  g_free (rgba);
  cursor->width = image->width;
  cursor->height = image->height;
  cursor->serial = image->cursor_serial;
}

/* Learns the pointer's current image and place; @changed tells whether
 * either moved since the last call. */
gboolean
gws_x11_cursor_update (GwsX11Cursor * cursor, GstGLContext * context,
    Window window, gboolean * changed)
{
  XFixesCursorImage *image;
  Window child;
  gint x = 0, y = 0;
  gboolean on_screen;
  gint x_error;

  gws_x11_trap_errors (cursor->display);
  image = XFixesGetCursorImage (cursor->display);
  on_screen = image && XTranslateCoordinates (cursor->display,
      DefaultRootWindow (cursor->display), window, image->x, image->y, &x, &y,
      &child);
  x_error = gws_x11_untrap_errors (cursor->display);
  if (!image || !on_screen || x_error) {
    if (image)
      XFree (image);
    *changed = cursor->visible;
    cursor->visible = FALSE;
    return FALSE;
  }

  x -= image->xhot;
  y -= image->yhot;
  *changed = !cursor->visible || x != cursor->x || y != cursor->y
      || image->cursor_serial != cursor->serial;
  if (!cursor->texture || image->cursor_serial != cursor->serial)
    upload_image (cursor, context, image);
  cursor->x = x;
  cursor->y = y;
  cursor->visible = image->width > 0 && image->height > 0;
  XFree (image);
  return TRUE;
}

void
gws_x11_cursor_get_overlay (GwsX11Cursor * cursor,
    GwsOverlay * overlay)
{
  if (!cursor->visible) {
    overlay->texture = 0;
    return;
  }
  overlay->texture = cursor->texture;
  overlay->width = cursor->width;
  overlay->height = cursor->height;
  overlay->x = cursor->x;
  overlay->y = cursor->y;
}
