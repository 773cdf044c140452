/* xapian-shim.h - the C face of the only file that includes xapian.h.
 *
 * The shim is deliberately dumb: databases, documents, terms, values,
 * data, metadata, transactions, and parsing and running queries. What the
 * terms mean (prefixes), how facts are serialised and what a mlgauge
 * database is are decided in mlg-store.c and mlg-search.c. Only those
 * (and their unit tests) include this header.
 *
 * Every function catches every C++ exception and reports it as a GError in
 * MLG_STORE_ERROR with an MlgErrorCode: LOCKED (another writer), NOT_FOUND
 * (no database at the path), INVALID (not a Xapian database, or a query
 * the parser rejects), CORRUPT (damaged), IO (a read or write failed) and
 * FAILED (anything else, with Xapian's message). Reads on a read-only
 * database that another process modified meanwhile are retried after a
 * reopen. Functions returning bool return false exactly when `error` is
 * set; constructors return NULL then.
 *
 * Strings are UTF-8 or raw bytes as Xapian takes them; terms are byte
 * strings compared bytewise. Ownership as in GLib: `char *` and GBytes
 * returned are the caller's; `const char *` arguments are only read.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

G_BEGIN_DECLS

typedef struct _MlgXapianDb MlgXapianDb;
typedef struct _MlgXapianDoc MlgXapianDoc;

/* ---- databases ---- */

/* Opens the Xapian database in `path`. Read-only when `writable` is false;
 * otherwise creates it when absent (the directory itself must be
 * creatable by Xapian: its parent must exist) and takes the writer lock.
 * Returns: (transfer full) the database, or NULL with `error` set. */
MlgXapianDb *_mlg_xapian_db_open (const char *path, bool writable,
                                  GError **error);

/* Opens, read-only, the database that xapian-tcpsrv serves on `host`
 * and `port` (Xapian's remote backend). */
MlgXapianDb *_mlg_xapian_db_open_remote (const char *host, guint port,
                                         GError **error);

/* Returns: (transfer full) one read-only database over the `n_shards`
 * read-only databases `shards` (borrowed; they stay usable and must be
 * closed too), as a Xapian stub database naming them in this order
 * would give: document d of shard s (from 0) is document
 * (d - 1) * n_shards + s + 1. Metadata is read from the first shard
 * only. */
MlgXapianDb *_mlg_xapian_db_combine (MlgXapianDb *const *shards,
                                     gsize n_shards, GError **error);

/* _mlg_xapian_db_open (path, true, error), except that a database it
 * creates has a termlist table, which replication and the remote
 * backend of Xapian 1.4 need. */
MlgXapianDb *_mlg_xapian_db_open_with_termlist (const char *path,
                                                GError **error);

/* Closes the database and frees the handle. Accepts NULL. A transaction
 * still open is cancelled: call _mlg_xapian_db_commit() first to keep
 * it. Errors while closing are ignored (nothing is left to report to). */
void _mlg_xapian_db_close (MlgXapianDb *db);

/* Starts a flushed transaction on a writable database: nothing is written
 * durably until _mlg_xapian_db_commit(), not even by Xapian's automatic
 * flush after many changes. */
bool _mlg_xapian_db_begin (MlgXapianDb *db, GError **error);

/* Commits the current transaction. When the commit fails, the transaction
 * is cancelled: the database keeps its previous commit and no transaction
 * is active afterwards. */
bool _mlg_xapian_db_commit (MlgXapianDb *db, GError **error);

/* Cancels the current transaction, dropping its changes. */
bool _mlg_xapian_db_cancel (MlgXapianDb *db, GError **error);

/* Commits changes made outside any transaction (e.g. metadata written
 * right after creating a database). */
bool _mlg_xapian_db_flush (MlgXapianDb *db, GError **error);

/* Stores `count`, the number of documents (uncommitted ones included on a
 * writable database). */
bool _mlg_xapian_db_get_doccount (MlgXapianDb *db, guint64 *count,
                                  GError **error);

/* Returns: (transfer full) the metadata value of `key`, "" when unset, or
 * NULL with `error` set. */
char *_mlg_xapian_db_get_metadata (MlgXapianDb *db, const char *key,
                                   GError **error);

/* Sets metadata `key` to `value` ("" removes it). */
bool _mlg_xapian_db_set_metadata (MlgXapianDb *db, const char *key,
                                  const char *value, GError **error);

/* Called, just before the process aborts, when Xapian ends it from inside
 * a commit (see on_terminate() in xapian-shim.cc), or crashes inside a
 * call (see on_crash()); `path` is the one given with it, `what` says
 * what happened (Xapian's description of the error). */
typedef void (*MlgXapianFatalFunc) (const char *path, const char *what);

/* Sets the function called when a commit of `db` ends the process, or
 * when the process crashes (SIGSEGV, SIGBUS) inside a call into Xapian
 * on `db` (a damaged database: see on_crash() in xapian-shim.cc), with
 * `path` (copied; the database's, for the message); NULL unsets it. The
 * first one installs the process's handlers of those two signals and of
 * std::terminate, which stay. Several databases may have one, each
 * written by a thread of its own: a crash or a failed commit is reported
 * for the database the failing thread was in. */
void _mlg_xapian_db_set_fatal_func (MlgXapianDb *db, MlgXapianFatalFunc func,
                                    const char *path);

/* Checks the structure of the database table in file `path` (every block
 * of its B-tree: Xapian::Database::check()). It reads the whole table.
 * Errors: CORRUPT when it is damaged, NOT_FOUND / INVALID / IO when it
 * cannot be read. */
bool _mlg_xapian_check_table (const char *path, GError **error);

/* Appends to `docids` (a GArray of guint) every document indexed by
 * `term`, in docid order. Sees uncommitted changes of a writable
 * database. */
bool _mlg_xapian_db_get_postings (MlgXapianDb *db, const char *term,
                                  GArray *docids, GError **error);

/* Called once per metadata key, borrowed for the call. Return false to
 * stop. */
typedef bool (*MlgXapianKeyFunc) (const char *key, gpointer user_data);

/* Calls `func` for every metadata key that starts with `prefix`, in byte
 * order. */
bool _mlg_xapian_db_foreach_metadata_key (MlgXapianDb *db,
                                          const char *prefix,
                                          MlgXapianKeyFunc func,
                                          gpointer user_data, GError **error);

/* Returns: (transfer full) the value in slot `slot` of document `docid`
 * (empty when unset), or NULL with `error` set (NOT_FOUND when there is no
 * such document). */
GBytes *_mlg_xapian_db_get_value (MlgXapianDb *db, guint docid, guint slot,
                                  GError **error);

/* Adds `doc` (borrowed) as a new document.
 * Returns: its docid, or 0 with `error` set. */
guint _mlg_xapian_db_add_document (MlgXapianDb *db, MlgXapianDoc *doc,
                                   GError **error);

/* Called once per document with its value, borrowed for the call (and
 * followed by a NUL byte not counted in `len`). Return false to stop. */
typedef bool (*MlgXapianValueFunc) (guint docid, const char *value, gsize len,
                                    gpointer user_data);

/* Calls `func` for every document that has a value in `slot`, in docid
 * order. Xapian keeps each slot's values together, in docid order and
 * uncompressed, so this reads them front to back with no lookup (and no
 * zlib) per document. */
bool _mlg_xapian_db_foreach_value (MlgXapianDb *db, guint slot,
                                   MlgXapianValueFunc func,
                                   gpointer user_data, GError **error);

/* ---- stopwords ---- */

/* Words too common to index: immutable once made, so that threads may
 * share one (the indexer's builder threads, a search). */
typedef struct _MlgXapianStopper MlgXapianStopper;

/* Returns: (transfer full) a stopper for `words` (NULL-terminated, lower
 * case, as the indexer's terms are). */
MlgXapianStopper *_mlg_xapian_stopper_new (const char *const *words);
void _mlg_xapian_stopper_free (MlgXapianStopper *stopper);

/* ---- documents ---- */

/* Returns: (transfer full) an empty document. */
MlgXapianDoc *_mlg_xapian_doc_new (void);
void _mlg_xapian_doc_free (MlgXapianDoc *doc);

/* Adds `term` with within-document frequency `wdf`. Terms longer than
 * Xapian's limit (245 bytes) make adding the document fail: the caller
 * keeps them short. */
void _mlg_xapian_doc_add_term (MlgXapianDoc *doc, const char *term,
                               guint wdf);

/* Adds a filter term: no wdf, no positions. */
void _mlg_xapian_doc_add_boolean_term (MlgXapianDoc *doc, const char *term);

/* Splits `text` into words (no stemming) and adds them with `prefix`
 * ("" for none). With `positions`, phrase searches work on this text;
 * positionless indexing is markedly cheaper to write. Words longer than
 * 64 bytes are skipped, and so are the stopwords of `stopper` (nullable):
 * they take no position either, so that "out of band" is indexed as the
 * phrase "out band" that the same stopper makes of it in a query.
 * Successive calls on one document do not form phrases across each
 * other. */
void _mlg_xapian_doc_index_text (MlgXapianDoc *doc, const char *text,
                                 const char *prefix, bool positions,
                                 const MlgXapianStopper *stopper);

/* Sets value slot `slot` to `len` bytes at `value`. */
void _mlg_xapian_doc_add_value (MlgXapianDoc *doc, guint slot,
                                const void *value, gsize len);

/* Returns: (transfer full) Xapian's sortable_serialise(value): a byte
 * string whose bytewise order is the numeric order. */
GBytes *_mlg_xapian_sortable_serialise (double value);

/* ---- queries ---- */

typedef struct _MlgXapianQuery MlgXapianQuery;

/* How a query field is parsed. */
typedef enum {
    /* Words, as free text, matched against terms with the prefix. */
    MLG_XAPIAN_FIELD_FREE,
    /* Filter: the value is handed to the MlgXapianExpandFunc, which says
     * which terms (and term prefixes) it stands for. */
    MLG_XAPIAN_FIELD_FILTER
} MlgXapianFieldKind;

/* A query field: `field:` in a query string. The field "" (FREE only) is
 * the default one, for words without a field; giving a field several
 * prefixes makes its words match terms with any of them. */
typedef struct {
    const char *field;
    const char *prefix;      /* for FREE fields */
    MlgXapianFieldKind kind;
} MlgXapianQueryField;

/* Called while parsing for each value of a FILTER field, as typed (quotes
 * removed). Adds to `terms` (char *, owned by the array) the exact terms
 * that value matches and to `prefixes` term prefixes of which every
 * extension matches; the value matches a document holding any of them.
 * Adding nothing matches no document. Returns false with `error` set
 * (MLG_STORE_ERROR INVALID, with a message for the user) to reject the
 * query. */
typedef bool (*MlgXapianExpandFunc) (const char *field, const char *value,
                                     GPtrArray *terms, GPtrArray *prefixes,
                                     gpointer user_data, GError **error);

/* Parses `text` with Xapian's QueryParser (default operator AND, phrases,
 * boolean operators, leading NOT, +/-, wildcards on words) knowing
 * `fields`, plus, when `date_field` is not NULL, ranges `DATE_FIELD:A..B`
 * over value slot `date_slot` holding sortable_serialise(epoch seconds);
 * A and B are YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD (UTC), either may be
 * empty. With a `stopper` (nullable: the one the database was indexed
 * with), its stopwords leave the query (words, phrases, `+word`, AND),
 * as they left the text: a query, phrase or AND of stopwords alone keeps
 * them, and matches nothing, and so does NEAR with a stopword.
 * Pure: needs no database, touches no global state. `expand` is only
 * called during this call.
 * Errors: MLG_STORE_ERROR INVALID for a query the parser rejects.
 * Returns: (transfer full) the parsed query, or NULL. */
MlgXapianQuery *_mlg_xapian_query_parse (const char *text,
                                         const MlgXapianQueryField *fields,
                                         gsize n_fields,
                                         const char *date_field,
                                         guint date_slot,
                                         const MlgXapianStopper *stopper,
                                         MlgXapianExpandFunc expand,
                                         gpointer user_data, GError **error);
void _mlg_xapian_query_free (MlgXapianQuery *query);

/* Called once per hit with the hit's value in the slot asked for,
 * borrowed for the call. Return false to stop. */
typedef bool (*MlgXapianHitFunc) (guint docid, const void *value, gsize len,
                                  gpointer user_data);

/* Runs `query` (borrowed), restricted to documents whose value slot
 * `date_slot` (sortable_serialise(epoch seconds)) lies in [since, until]
 * (G_MININT64 / G_MAXINT64: no bound) and, when `filter` is not NULL,
 * matching `filter` too. Calls `func` for hits `offset` to `offset +
 * limit`, newest first (ties: lower docid first), with their value in
 * `value_slot`. The `n_excluded` documents of `excluded` (sorted docids,
 * borrowed) never match. `total` (nullable) receives the exact number of
 * matches. */
bool _mlg_xapian_db_search (MlgXapianDb *db, const MlgXapianQuery *query,
                            const MlgXapianQuery *filter, guint date_slot,
                            guint value_slot, const guint *excluded,
                            gsize n_excluded,
                            gint64 since, gint64 until, guint offset,
                            guint limit, guint64 *total,
                            MlgXapianHitFunc func, gpointer user_data,
                            GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgXapianDb, _mlg_xapian_db_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgXapianDoc, _mlg_xapian_doc_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgXapianQuery, _mlg_xapian_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgXapianStopper, _mlg_xapian_stopper_free)

G_END_DECLS
