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

/* The shards of a sharded database opened for reading, in the stub's
 * order (0 for a single database), and shard `k` as a store of its own
 * (transfer none). */
guint _mlg_store_get_n_shards (MlgStore *store);
MlgStore *_mlg_store_get_shard (MlgStore *store, guint k);

/* Stores in `out` when a writer last committed messages to the database
 * (seconds since the epoch; 0 when it does not say: older mlgauge, or no
 * message yet). */
bool _mlg_store_get_written (MlgStore *store, gint64 *out, GError **error);

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
/* Rewrites `error` (nullable), an error the Xapian shim reported about
 * the database at `path`, so that it names the database: "database 'DB'
 * is damaged: ...; check it with xapian-check ..." when CORRUPT, else
 * "cannot write to database 'DB': ..." (`writing`) or "cannot read
 * database 'DB': ...". Every error the store returns names its database,
 * so a caller never needs to add it: the store's own messages say it,
 * and the shim's pass through here exactly once, where the store
 * receives them. */
void _mlg_store_name_error (const char *path, bool writing, GError *error);

/* Used by the indexer and the tests only: programs write through
 * MlgIndexer. */

/* Returns: the shard, from 0, that the message with Message-ID `id`
 * (facts->id) belongs to in a database of `n_shards` shards: the first
 * eight bytes of the SHA-256 of `id`, big-endian, modulo `n_shards`.
 * Stable across machines and versions; all copies of a message (one id)
 * meet in one shard. */
guint mlg_store_shard_of (const char *id, guint n_shards);

/* Adds one message, deduplicated by facts->id. A message already stored
 * that turns up on a new list gains it (a cross-post: one message on
 * several lists), and keeps the facts of the copy stored first. Only the
 * same message is merged so: two of its sender, date and text digest
 * must agree with a stored copy's. A different message under a taken id
 * never replaces what is stored: it is stored apart, as a new message
 * with the id "ID#conflict-N" (N = 2, 3, ...) and the problem
 * MLG_PROBLEM_CONFLICTING_ID (result MLG_STORE_CONFLICT). Changes become
 * durable at the next mlg_store_commit(). `result` may be NULL.
 * The first write of a store (this, or mlg_store_set_source()) checks
 * the structure of the database's tables when they are small enough to
 * do it quickly (256 MiB; see check_before_write() in mlg-store.c), and
 * refuses a damaged database: CORRUPT, nothing written. */
bool mlg_store_add (MlgStore *store, const MlgMessageFacts *facts,
                    MlgStoreAddResult *result, GError **error);

/* Reads the progress recorded for `source` (committed or pending).
 * Returns: true and fills `progress` when known; false when unknown or on
 * error (then `error` is set). */
bool mlg_store_get_source (MlgStore *store, const char *source,
                           MlgSourceProgress *progress, GError **error);

/* Records progress for `source`; durable with the next commit, together
 * with the messages added before it. */
bool mlg_store_set_source (MlgStore *store, const char *source,
                           const MlgSourceProgress *progress, GError **error);

/* Returns: (transfer none) the query text as it is given to Xapian
 * (normalised: `date:2024` -> `date:2024..2024`, ...). */
const char *mlg_search_query_get_text (const MlgSearchQuery *query);

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
