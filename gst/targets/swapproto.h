/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The swap hook's wire protocol (ext/hook/ <-> targets/swap.c): plain C,
 * no GLib, shared by the preload library and the element. One message per
 * SOCK_SEQPACKET packet, in the machine's byte order (both ends run on the
 * same machine); file descriptors travel as SCM_RIGHTS beside a message.
 *
 *   hook -> element   HELLO    once, right after connecting
 *   element -> hook   CONFIG   the answer: lossless or not
 *   hook -> element   SLOTS    a new shared-memory ring (its memfd attached)
 *   hook -> element   FRAME    a picture is in a slot of the current ring
 *   element -> hook   RELEASE  done with a slot: the hook may write it again
 *   hook -> element   DROPPED  a swap was not captured (no free slot); sent
 *                              without waiting, so one may be missed: each
 *                              carries the total
 *
 * The hook closes the socket when the program exits (the kernel does when
 * it crashes): the element ends the stream.
 */

#ifndef GWS_SWAP_PROTO_H
#define GWS_SWAP_PROTO_H

#include <stdint.h>

#define GWS_SWAP_PROTO_VERSION 1

enum
{
  GWS_SWAP_MSG_HELLO = 1,
  GWS_SWAP_MSG_CONFIG = 2,
  GWS_SWAP_MSG_SLOTS = 3,
  GWS_SWAP_MSG_FRAME = 4,
  GWS_SWAP_MSG_RELEASE = 5,
  GWS_SWAP_MSG_DROPPED = 6,
};

/* Where the pixels of a slot live. Only MEMFD exists today; a DMA-BUF slot
 * (a GPU copy into an exported buffer, its fd sent with SLOTS, a sync file
 * with FRAME) would be another kind with the same messages. */
enum
{
  GWS_SWAP_STORAGE_MEMFD = 1,
};

/* Row order of a slot's pixels. GL reads the default framebuffer bottom
 * row first. */
enum
{
  GWS_SWAP_BOTTOM_UP = 0,
  GWS_SWAP_TOP_DOWN = 1,
};

/* Bytes of a pixel, in memory order: R, G, B, A or B, G, R, A (what GL reads
 * fastest from a window's BGRX buffer). The alpha of a window is taken as
 * meaningless. */
#define GWS_SWAP_FORMAT_RGBA 1
#define GWS_SWAP_FORMAT_BGRA 2

#define GWS_SWAP_FLAG_LOSSLESS 1u

typedef struct
{
  uint32_t type;
  uint32_t version;             /* HELLO, CONFIG */
  int32_t pid;                  /* HELLO */
  uint32_t flags;               /* CONFIG: GWS_SWAP_FLAG_* */

  /* SLOTS: a ring of @n_slots slots of @slot_size bytes each, slot i at
   * offset i * slot_size of the memfd; FRAME, RELEASE: which slot, of which
   * ring (rings are numbered from 1; a new one replaces the last). */
  uint32_t generation;
  uint32_t slot;
  uint32_t n_slots;
  uint32_t storage;
  uint64_t slot_size;

  /* FRAME (and DROPPED: sequence, swap_time, dropped) */
  uint64_t sequence;            /* the drawable's swap count, from 0 */
  uint64_t swap_time;           /* CLOCK_MONOTONIC, ns, when the swap was called */
  uint64_t dropped;             /* swaps not captured so far */
  uint32_t width, height;
  uint32_t stride;              /* bytes per row */
  uint32_t orientation;         /* GWS_SWAP_BOTTOM_UP or GWS_SWAP_TOP_DOWN */
  uint32_t format;              /* GWS_SWAP_FORMAT_* */
  uint32_t reserved;
} GwsSwapMsg;

#endif /* GWS_SWAP_PROTO_H */
