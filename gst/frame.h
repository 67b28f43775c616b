/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* One captured picture as a capture target hands it to the output stage:
 * a GL texture or CPU pixels, with its orientation and region. */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GwsOverlay:
 * @texture: RGBA texture, row 0 at the top, premultiplied alpha (0: none)
 * @width: its width
 * @height: its height
 * @x: where its left edge goes, in picture pixels from the left
 * @y: where its top edge goes, in picture pixels from the top
 *
 * A small picture blended over the frame: the mouse pointer.
 */
typedef struct
{
  guint texture;
  guint width, height;
  gint x, y;
} GwsOverlay;

/**
 * GwsFrame:
 * @width: width of the picture
 * @height: height of the picture
 * @texture: a GL_TEXTURE_2D in the element's GL context holding the picture,
 *   or 0 when the picture is in @data instead
 * @top_down: TRUE when row 0 of @texture's memory is the top of the picture
 *   (GstGL's own convention); FALSE for GL's usual bottom-up rendering
 * @borrowed: @texture belongs to the application: its state (filters) is
 *   left as it was found
 * @tex_width: width of @texture (the picture may be only part of it)
 * @tex_height: height of @texture
 * @x: left edge of the picture inside @texture
 * @y: top edge of the picture inside @texture, counted from the picture's
 *   top whatever the orientation
 * @force_opaque: the alpha channel holds no meaning (a depth-24 window):
 *   output alpha must be 255
 * @data: system-memory pixels, 4 bytes each, rows from the top (only when
 *   @texture is 0); the picture starts at @data
 * @stride: bytes between rows of @data; negative for RGBA rows stored
 *   bottom to top (the swap hook's GL reads), @data then being the top row
 * @bgrx: @data is B,G,R,X in memory order rather than R,G,B,A
 * @memory: NULL, or the memory @data lies in, which a buffer may hold
 *   instead of a copy of the picture when the output is the very same bytes
 *   (taking a reference): the target then reads nothing more into it while
 *   a buffer holds it. Borrowed from the target until release()
 * @writable: @data (in @memory) was read for this frame alone: the output
 *   stage may convert it where it lies (BGRx to RGBA) and send @memory;
 *   the target does not use these pixels again
 * @overlay: blended over the picture when its texture is not 0
 * @wait_rows: NULL when all of @data is there; else @data is still being
 *   written (an X server fills it band by band while the first bands are
 *   converted) and this blocks until the picture's first @rows rows are,
 *   returning how many are (at least @rows, at most @height). Rows are
 *   counted from @data; @y says where @data starts in the target's image
 * @wait_data: for @wait_rows
 *
 * One captured picture, as a target hands it to the output stage. Valid
 * from a successful acquire() until the matching release(); nothing may
 * read a row of @data before @wait_rows said it is there.
 */
typedef struct _GwsFrame
{
  guint width, height;

  guint texture;
  gboolean top_down;
  gboolean borrowed;
  guint tex_width, tex_height;
  guint x, y;

  gboolean force_opaque;

  const guint8 *data;
  gint stride;
  gboolean bgrx;
  GstMemory *memory;
  gboolean writable;

  GwsOverlay overlay;

  guint (*wait_rows) (const struct _GwsFrame * frame, guint rows);
  gpointer wait_data;
} GwsFrame;

G_END_DECLS
