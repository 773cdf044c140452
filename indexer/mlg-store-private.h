/* mlg-store-private.h - store internals shared with its unit test and,
 * later, the search command's public wrapper. Private to indexer/. */
#pragma once

#include "mlg-indexer.h"

G_BEGIN_DECLS

/* Serialises the stored part of `facts` (everything but new_text and
 * quoted_text) into the document-data format.
 * Returns: (transfer full) the bytes. */
GBytes *_mlg_store_facts_to_data (const MlgMessageFacts *facts);

/* Parses document data written by _mlg_store_facts_to_data().
 * Errors: MLG_STORE_ERROR CORRUPT for anything malformed (never a crash).
 * Returns: (transfer full) the facts, or NULL with `error` set. */
MlgMessageFacts *_mlg_store_facts_from_data (const void *data, gsize len,
                                             GError **error);

/* Runs a search query (Xapian QueryParser syntax with the fields of the
 * store's prefix table: id: list: from: to: draft: rfc: kind: year:
 * month: day: subject: quoted: and date:A..B) and calls `func` for hits
 * `offset` to `offset + limit`, newest first. `estimated` (nullable)
 * receives the estimated number of matches.
 * Errors: INVALID for a malformed query, CORRUPT, FAILED. */
bool _mlg_store_search (MlgStore *store, const char *query, guint offset,
                        guint limit, guint64 *estimated, MlgFactsFunc func,
                        gpointer user_data, GError **error);

G_END_DECLS
