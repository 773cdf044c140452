/* mlg-facts-private.h - helpers of the message facts (mlg-facts.c)
 * shared inside indexer/ (and with its unit tests). */
#pragma once

#include "mlg-indexer.h"

G_BEGIN_DECLS

/* Returns: the fingerprint of a message's new text kept in
 * facts->text_digest: 64 bits of a hash of its bytes without whitespace
 * (line breaks and spacing differ between archives of one message),
 * never 0; 0 for NULL. */
guint64 mlg_text_digest (const char *text);

/* Returns: (transfer none) the static name of `kind`. */
const char *mlg_pointer_kind_to_string (MlgPointerKind kind);

G_END_DECLS
