/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The table of capture targets: the one place that lists them. */

#pragma once

#include "target.h"

G_BEGIN_DECLS

/* Every target this build has, NULL-terminated. */
extern const GwsTargetInfo *const gws_target_table[];

/* The enum type of the element's `target` property: `auto` (0), then one
 * value per row of the table, in its order (row i is value i + 1). */
GType gws_target_table_enum_type (void);

/* The row for @value of the `target` property; for auto (0), the first row
 * that claims @settings, else the fallback row. NULL when there is none
 * (auto in a build without the fallback target). */
const GwsTargetInfo *gws_target_table_pick (gint value,
    const GstStructure * settings);

G_END_DECLS
