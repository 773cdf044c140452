/* mlg-store-private.h - store internals shared with the search module
 * (mlg-search.c) and the unit tests. Private to indexer/. */
#pragma once

#include "mlg-indexer.h"
#include "xapian-shim.h"

G_BEGIN_DECLS

/* The prefix table: every term the store writes. Filter terms are exact,
 * one per value; free fields are words from Xapian's TermGenerator (no
 * stemming, to keep the writer fast). Unprefixed terms are the words of
 * the subject and of the new text, with positions (phrase search); quoted
 * text is indexed under XQ without positions and only its first 256
 * bytes (see MAX_QUOTED in mlg-store.c), because it is worth less (it
 * repeats the messages it answers) and is the writer's largest cost.
 * mlg-search.c maps the query fields (`from:`, `list:`, ...) onto these. */
#define PREFIX_ID "Q"
#define PREFIX_LIST "XL"
#define PREFIX_FROM "XF"
#define PREFIX_TO "XT" /* To: and Cc: addresses */
#define PREFIX_DRAFT "XD"
#define PREFIX_RFC "XR"
#define PREFIX_KIND "XK"
#define PREFIX_SUBJECT "S"
#define PREFIX_QUOTED "XQ"

/* Value slot of sortable_serialise(date), absent when the message has
 * no date. Dates have no terms; databases written by earlier versions
 * also have Y, M and D terms (year, month, day), which nothing searches
 * now. */
#define DATE_SLOT 0
/* Value slot of the facts record (mlg-record.c). Not the document data:
 * Xapian compresses document data with zlib and stores each document's
 * apart, while a slot's values lie together in docid order, uncompressed.
 * reading every record, which is what a report does, is a walk over one
 * slot with nothing to inflate, and writing skips a deflate. */
#define RECORD_SLOT 1

/* Serialises the stored part of `facts` (everything but new_text and
 * quoted_text) into the document-data format (mlg-record.c).
 * Returns: (transfer full) the bytes. */
GBytes *_mlg_store_facts_to_data (const MlgMessageFacts *facts);

/* Parses document data written by _mlg_store_facts_to_data().
 * Errors: MLG_STORE_ERROR CORRUPT for anything malformed (never a crash).
 * Returns: (transfer full) the facts, or NULL with `error` set. */
MlgMessageFacts *_mlg_store_facts_from_data (const void *data, gsize len,
                                             GError **error);

/* A reusable decoder that reads records without copying them: for walks
 * over every message, where copies were most of the cost. */
typedef struct _MlgRecordView MlgRecordView;

MlgRecordView *_mlg_record_view_new (void);
void _mlg_record_view_free (MlgRecordView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgRecordView, _mlg_record_view_free)

/* Decodes the record in `data` as _mlg_store_facts_from_data() does.
 * Returns: (transfer none) the facts, whose strings point into `data`:
 * valid until the next decode with `view` and while `data` lives; or NULL
 * with `error` set (CORRUPT). */
const MlgMessageFacts *_mlg_record_view_decode (MlgRecordView *view,
                                                const void *data, gsize len,
                                                GError **error);

/* A message's Xapian document, built without the store. Building it
 * (splitting text into terms, serialising the facts) is most of the work
 * of adding a message; it needs no database, so the indexer does it on
 * its reader thread while the writer thread adds earlier documents. */
typedef struct _MlgStoreDoc MlgStoreDoc;

/* Returns: (transfer full) the document of `facts`, its text indexed
 * without the stopwords of `store`. Thread-safe: of the store it reads
 * only the stopword list, which does not change while the store is
 * open, and it touches no shared state. */
MlgStoreDoc *_mlg_store_doc_new (const MlgStore *store,
                                 const MlgMessageFacts *facts);
void _mlg_store_doc_free (MlgStoreDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgStoreDoc, _mlg_store_doc_free)

/* mlg_store_add() with the document of `facts` already built by
 * _mlg_store_doc_new() (nullable: then it is built here, and only when
 * the message is new): the same deduplication, results and errors. When
 * the result is MLG_STORE_CONFLICT, `*apart_id` (nullable) gets the id
 * the message was stored under (transfer full). */
bool _mlg_store_add_doc (MlgStore *store, const MlgMessageFacts *facts,
                         MlgStoreDoc *doc, MlgStoreAddResult *result,
                         char **apart_id, GError **error);

/* Returns: (transfer none) the store's Xapian database, for searching. */
MlgXapianDb *_mlg_store_get_db (MlgStore *store);

/* Returns: (transfer none) (nullable) the words the store's text was
 * indexed without, which a query must leave out too. */
const MlgXapianStopper *_mlg_store_get_stopper (const MlgStore *store);

/* Stores in `docids` (a GArray of guint, emptied first) the superseded
 * documents, in docid order: earlier copies of messages whose latest
 * copy holds everything search needs (see mlg-store.c). Search skips
 * them; readers merge them into the latest copy. */
bool _mlg_store_get_superseded (MlgStore *store, GArray *docids,
                                GError **error);

/* Returns: (transfer full) the unique term ("Q" + id, hashed when long)
 * of Message-ID `id`. */
char *_mlg_store_id_term (const char *id);

/* Records, with the next commit, that messages are being stored under
 * the stance rules `phrases` (mlg_stance_phrases_to_string()); a
 * database that already holds messages read under other rules becomes
 * MLG_STANCE_RULES_MIXED. Call before the first message of a run is
 * added. */
bool _mlg_store_note_stance_rules (MlgStore *store, const char *phrases,
                                   GError **error);
/* Rewrites a CORRUPT `error` (nullable) about the database at `path` so
 * that it names the database and says what to do, unless it already
 * does: "database 'DB' is damaged: ...; check it with xapian-check ...".
 * Other errors are left as they are. */
void _mlg_store_explain_damage (const char *path, GError *error);

/* mlg-datatracker.c: an empty snapshot, and one group without chairs,
 * for mlg_store_read_datatracker(). */
MlgDtSnapshot *_mlg_dt_snapshot_new (void);
MlgDtGroup *_mlg_dt_group_new (const char *acronym);

/* Calls `func` with every fetch-state key (mlg_store_set_fetch_state())
 * that starts with `prefix`, in byte order; false from `func` stops. */
typedef bool (*MlgStoreKeyFunc) (const char *key, gpointer user_data);
bool _mlg_store_foreach_fetch_key (MlgStore *store, const char *prefix,
                                   MlgStoreKeyFunc func, gpointer user_data,
                                   GError **error);

G_END_DECLS
