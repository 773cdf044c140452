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

/* A message's Xapian document, built without the store. Building it
 * (splitting text into terms, serialising the facts) is most of the work
 * of adding a message; it needs no database, so the indexer does it on
 * its reader thread while the writer thread adds earlier documents. */
typedef struct _MlgStoreDoc MlgStoreDoc;

/* Returns: (transfer full) the document of `facts`. Thread-safe: touches
 * no store and no shared state. */
MlgStoreDoc *_mlg_store_doc_new (const MlgMessageFacts *facts);
void _mlg_store_doc_free (MlgStoreDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgStoreDoc, _mlg_store_doc_free)

/* mlg_store_add() with the document of `facts` already built by
 * _mlg_store_doc_new() (nullable: then it is built here, and only when
 * the message is new): the same deduplication, results and errors. */
bool _mlg_store_add_doc (MlgStore *store, const MlgMessageFacts *facts,
                         MlgStoreDoc *doc, MlgStoreAddResult *result,
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
