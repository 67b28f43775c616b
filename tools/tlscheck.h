/* glwindowsrc tools
 * Copyright (C) 2026 The glwindowsrc authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Whether a TLS certificate and its key can serve at all. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs one TLS handshake of @certificate with itself, over a socket pair
 * in this process: FALSE, with @error set, when it fails, as every
 * viewer's would (the most common cause: a key that is not the
 * certificate's, which GLib loads without a word). Blocks a few
 * milliseconds; at most a few seconds. */
gboolean tls_certificate_serves (GTlsCertificate * certificate,
    GError ** error);

G_END_DECLS
