/* glwindowsrc
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The table of capture targets. A new target is a file that defines its
 * GwsTargetInfo (with its properties) and one line here. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "targets/table.h"
#include "targets/texture.h"
#include "targets/draw.h"
#include "targets/swap.h"
#ifdef HAVE_X11
#include "targets/x11/settings.h"
#endif

/* The order is the order of the `target` enum's values: keep it, append. */
const GwsTargetInfo *const gws_target_table[] = {
#ifdef HAVE_X11
  &gws_x11_window_target_info,
  &gws_x11_screen_target_info,
#endif
  &gws_texture_target_info,
  &gws_draw_target_info,
  &gws_swap_target_info,
  NULL,
};

GType
gws_target_table_enum_type (void)
{
  static GType type = 0;

  if (g_once_init_enter (&type)) {
    guint n = G_N_ELEMENTS (gws_target_table) - 1, i;
    /* auto, the rows, the terminator; kept for the life of the type. */
    GEnumValue *values = g_new0 (GEnumValue, n + 2);
    GString *auto_text = g_string_new ("The first target whose properties "
        "are set (");
    GType tmp;

    for (i = 0; i < n; i++) {
      const GwsTargetInfo *info = gws_target_table[i];

      values[i + 1].value = i + 1;
      values[i + 1].value_name = info->description;
      values[i + 1].value_nick = info->nick;
      if (info->claims)
        g_string_append_printf (auto_text, "%s%s",
            auto_text->str[auto_text->len - 1] == '(' ? "" : ", ",
            info->nick);
    }
    g_string_append (auto_text, ")");
    for (i = 0; i < n; i++)
      if (gws_target_table[i]->fallback)
        g_string_append_printf (auto_text, ", else %s",
            gws_target_table[i]->nick);
    values[0].value = 0;
    values[0].value_name = g_string_free (auto_text, FALSE);
    values[0].value_nick = "auto";
    tmp = g_enum_register_static ("GstGLWindowSrcTarget", values);
    g_once_init_leave (&type, tmp);
  }
  return type;
}

const GwsTargetInfo *
gws_target_table_pick (gint value, const GstStructure * settings)
{
  const GwsTargetInfo *const *row;

  if (value > 0) {
    g_return_val_if_fail (value < (gint) G_N_ELEMENTS (gws_target_table),
        NULL);
    return gws_target_table[value - 1];
  }
  for (row = gws_target_table; *row; row++)
    if ((*row)->claims && (*row)->claims (settings))
      return *row;
  for (row = gws_target_table; *row; row++)
    if ((*row)->fallback)
      return *row;
  return NULL;
}
