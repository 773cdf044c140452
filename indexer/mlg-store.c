/* mlg-store.c - the store: message facts in a Xapian database.
 *
 * Layout of a mlgauge database (format 6):
 *
 * - One Xapian document per Message-ID, found by its unique term "Q" + id.
 *   A message seen again on a list it was not stored for (a cross-post,
 *   or the same message in two lists' archives) is stored again, as a
 *   copy that names every list of the message so far (terms and record)
 *   and whose text is that of the new copy. The earlier copies become
 *   superseded: metadata "superseded:" + docid (ten digits) marks each.
 *   Search skips superseded documents, so a message matches as one
 *   document with all its lists, as before; readers merge all copies
 *   into one message, whose facts are the first copy's (merge_copies()).
 *   Copies exist because the database has no termlist table (see
 *   xapian-shim.cc), so Xapian cannot replace a document to add a list
 *   to it. Only the same message is stored as a copy (same_message():
 *   two of sender, date and new text agree); a different message under
 *   a taken id is stored apart, as "ID#conflict-N" (add_apart()).
 * - Value slot 1 (RECORD_SLOT) holds the facts record (all fields but
 *   new_text and quoted_text, which only feed the full-text index): see
 *   mlg-record.c. Reading rejects anything malformed as CORRUPT. The
 *   document data is empty.
 * - Terms (see the prefix table in mlg-store-private.h) make the facts
 *   searchable; value slot 0 holds sortable_serialise(date) for sorting
 *   and date ranges (none when the message has no date).
 * - Metadata "mlgauge-format" = "6" marks a mlgauge database. Older
 *   formats (1 lacked the `question` fact, 2 stored records as GVariant)
 *   must be indexed again, and opening one says so; 3, 4 and 5 are read
 *   as they are, and become 6 with the first record written (see
 *   FORMAT_VALUE). Metadata "source:" + path = "size mtime offset"
 *   records how far each archive was read.
 *   Metadata "fetch:" + URL holds what `mlgauge fetch` knows of a remote
 *   folder or file (its own text, see mlg_store_set_fetch_state()).
 * - Metadata "stopwords" lists, space-separated, the words the text was
 *   indexed without (STOPWORDS, written when the database is made);
 *   search leaves the same words out of queries. A database without it
 *   (formats 3 and 4) has every word, and keeps getting every word.
 *
 * Shards: a --db directory may instead hold N databases (shard-0 ...
 * shard-N-1) and the stub file XAPIANDB naming them, one "auto PATH"
 * line each (paths relative to the directory), so that Xapian, and
 * every mlgauge command, opens the directory as one database. Each shard
 * is a mlgauge database of its own, marked "mlgauge-shard" = "K/N", and
 * holds the messages whose Message-ID hashes to K (mlg_store_shard_of()),
 * so that all copies of a message meet in one shard. Metadata is per
 * shard (Xapian reads a stub's metadata from its first database only):
 * superseded marks name a shard's own docids, which are mapped to the
 * docids of the whole ((d - 1) * N + s + 1 for the shard on line s, from
 * 0, of N); progress, stopwords and stance rules are read from each.
 *
 * Durability: every write happens inside a Xapian transaction, begun at
 * open and again after each commit. Xapian never flushes a transaction on
 * its own, so a process that dies leaves exactly the last commit, and
 * source progress recorded with a batch becomes durable with that batch.
 */
#include "mlg-store-private.h"
#include "xapian-shim.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <string.h>

#define FORMAT_KEY "mlgauge-format"
#define FORMAT_VALUE "6"
/* Formats 3 (no copies, no superseded marks), 4 (every word indexed, no
 * "stopwords" list) and 5 (records of format 3, without text_digest)
 * read the same: a record says its own format. A database of an older
 * format is marked 6 in the transaction of the first record this
 * mlgauge writes into it (mark_format()), so that an older mlgauge,
 * which would take the new records for damage and merge a different
 * message under a taken id with the first, refuses it. (Before, a format
 * 3 database became 4 with its first copy, and a new database was 5,
 * for the same reason.) The stopword list, not the format, says how the
 * text was indexed. */
#define FORMAT_COMPATIBLE_3 "3"
#define FORMAT_COMPATIBLE_4 "4"
#define FORMAT_COMPATIBLE_5 "5"
/* Between a Message-ID and the number of a different message stored
 * apart under it (add_apart()). */
#define APART_MARK "#conflict-"
#define STOPWORDS_KEY "stopwords"
/* The stance rules of the stored messages: STANCE_RULES_VERSION, a
 * newline, then the phrases added to the built-in rules; and a mark when
 * runs used different rules. A database without the key, but with
 * messages, was indexed before stances were aimed. */
#define STANCE_RULES_KEY "stance-rules"
#define STANCE_RULES_MIXED_KEY "stance-rules-mixed"
#define STANCE_RULES_VERSION "2"
#define SOURCE_KEY "source:"
#define FETCH_KEY "fetch:"
#define SUPERSEDED_KEY "superseded:"
/* The stub of a sharded database, in its directory: Xapian opens a
 * directory holding a file of this name as the databases it names. */
#define STUB_NAME "XAPIANDB"
#define SHARD_KEY "mlgauge-shard"
/* When a writer last committed messages (ISO 8601 UTC, its clock): on a
 * report host that replicates shards, how old each copy is. Set only by
 * commits that added messages, so a run with nothing new writes nothing
 * (and replicates nothing). */
#define WRITTEN_KEY "written"

/* What to do about a damaged database, said after what is damaged. */
#define DAMAGED_HINT                                                      \
    "check it with xapian-check (Debian package xapian-tools), or index " \
    "the archives again into a new --db directory"

/* The most bytes of tables whose structure is checked before the first
 * write (see check_before_write()). */
#define CHECK_MAX_BYTES ((gint64) 256 * 1024 * 1024)

/* Bytes of quoted text indexed per message (see quoted_head()). */
#define MAX_QUOTED 256

/* Xapian refuses terms over 245 bytes; stay clear of the limit. */
#define MAX_TERM 240

/* Words a new database indexes no text with: common English words that
 * nobody searches for alone, whose postings and positions are a large
 * share of all an index holds. Phrases
 * keep working without them: "out of band" is "out band" in both the
 * text and the query. Left out of the list: words that carry meaning in
 * a stance ("not", "no", "do"), and the common ones that are also terms
 * of the trade or pieces of one, since a stopword cannot be searched at
 * all: "IS-IS", AS numbers, DNS "IN A" records, I-D ("i d" would become
 * "d"), AT&T, IF, IT, OR, BE. Changing the list only changes new
 * databases: each keeps the list it was made with. */
#define STOPWORDS                                                         \
    "an and are by for of on that the this to was we with you"

struct _MlgStore {
    char *path;
    MlgStoreMode mode;
    MlgXapianDb *db;
    bool in_transaction;
    GArray *postings; /* guint docids: scratch space of the writer */
    /* Nullable: when the database held no message at open (a first run),
     * the g_str_hash() of every unique term this writer has added since.
     * An id whose hash is not among them cannot be in the database, so
     * the writer need not ask Xapian, a lookup for every message of a
     * first run on its busiest thread; a hash that is among them (the id,
     * or a collision) is
     * looked up as before. 32-bit hashes keep it at about 16 bytes a
     * message. */
    GHashTable *added;
    /* Nullable (a database of format 3 or 4): the words the text is
     * indexed and searched without. Set at open, then only read, by
     * builder threads too (see _mlg_store_doc_new()). */
    MlgXapianStopper *stopper;
    MlgStoreFatalFunc fatal;
    bool checked; /* check_before_write() ran (or was not needed) */
    bool format_marked;  /* FORMAT_VALUE is the database's mark ... */
    bool format_pending; /* ... but not committed yet (mark_format()) */
    bool wrote;          /* messages added in this transaction */
    /* A sharded database (see "Shards" above): in read mode, one store
     * per line of the stub, in its order, each with its own database;
     * `db` is then all of them as one. NULL for a single database. */
    GPtrArray *shards;
    bool remote; /* some shard is served by xapian-tcpsrv */
};

/* ---- terms ---- */

/* Returns: (transfer full) the unique term of Message-ID `id`. Over-long
 * ids (spam has them) keep a readable head and end in a SHA-256 of the
 * whole id, so they stay unique and stay under Xapian's term limit; such
 * ids sort by their head only and cannot be searched with `id:`. */
static char *
unique_term (const char *id)
{
    gsize len = strlen (id);
    g_autofree char *hash = NULL;

    if (strlen (PREFIX_ID) + len <= MAX_TERM)
        return g_strconcat (PREFIX_ID, id, NULL);
    hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, id, len);
    return g_strdup_printf ("%s%.160s#%s", PREFIX_ID, id, hash);
}

/* Adds a filter term unless the value is empty or too long to be worth a
 * term (Xapian would refuse the whole document). */
static void
add_filter_term (MlgXapianDoc *doc, const char *prefix, const char *value)
{
    g_autofree char *term = NULL;

    if (value == NULL || value[0] == '\0'
        || strlen (prefix) + strlen (value) > MAX_TERM)
        return;
    term = g_strconcat (prefix, value, NULL);
    _mlg_xapian_doc_add_boolean_term (doc, term);
}

static void
set_facts_record (MlgXapianDoc *doc, const MlgMessageFacts *facts)
{
    g_autoptr (GBytes) record = _mlg_store_facts_to_data (facts);
    gsize len;
    const void *bytes = g_bytes_get_data (record, &len);

    _mlg_xapian_doc_add_value (doc, RECORD_SLOT, bytes, len);
}

/* Returns: (transfer full) the first MAX_QUOTED bytes of `quoted`, cut
 * after a space or newline, or NULL when it is shorter than that. Quoted
 * text is mostly the messages being answered, which are indexed whole
 * under their own ids; its head (the passage a reply answers) is what
 * `quoted:` is for. Each distinct word costs Xapian the same whatever its
 * prefix, and whole threads quoted under top-posted replies would make
 * quoted text much of the indexer's work: the head kept is the four
 * lines or so a reply quotes before it answers. */
static char *
quoted_head (const char *quoted)
{
    gsize len = strlen (quoted);
    gsize cut = MAX_QUOTED;

    if (len <= MAX_QUOTED)
        return NULL;
    while (cut > 0 && quoted[cut] != ' ' && quoted[cut] != '\n')
        cut--;
    /* No space at all (a long URL, text without spaces): cut between two
     * characters instead. */
    if (cut == 0) {
        const char *start =
            g_utf8_find_prev_char (quoted, quoted + MAX_QUOTED + 1);
        cut = start != NULL ? (gsize) (start - quoted) : MAX_QUOTED;
    }
    return g_strndup (quoted, cut);
}

/* Adds the filter terms of `facts`: lists, addresses, drafts and RFCs,
 * sender kind. */
static void
add_filter_terms (MlgXapianDoc *doc, const MlgMessageFacts *facts)
{
    for (guint i = 0; i < facts->lists->len; i++)
        add_filter_term (doc, PREFIX_LIST, facts->lists->pdata[i]);
    add_filter_term (doc, PREFIX_FROM, facts->from_addr);
    for (guint i = 0; i < facts->to->len; i++)
        add_filter_term (doc, PREFIX_TO, facts->to->pdata[i]);
    for (guint i = 0; i < facts->cc->len; i++)
        add_filter_term (doc, PREFIX_TO, facts->cc->pdata[i]);
    for (guint i = 0; i < facts->pointers->len; i++) {
        const MlgPointer *p = facts->pointers->pdata[i];
        if (p->kind == MLG_POINTER_DRAFT)
            add_filter_term (doc, PREFIX_DRAFT, p->value);
        else if (p->kind == MLG_POINTER_RFC)
            add_filter_term (doc, PREFIX_RFC, p->value);
    }
    add_filter_term (doc, PREFIX_KIND, mlg_sender_kind_to_string (facts->kind));
}

/* Returns: (transfer full) the terms and values of a message not stored
 * yet; its data (the facts record) is set when it is added. */
static MlgXapianDoc *
new_document (const MlgXapianStopper *stopper, const MlgMessageFacts *facts)
{
    MlgXapianDoc *doc = _mlg_xapian_doc_new ();
    g_autofree char *id_term = unique_term (facts->id);
    g_autoptr (GBytes) date = NULL;
    gsize len;
    const void *bytes;

    _mlg_xapian_doc_add_boolean_term (doc, id_term);
    add_filter_terms (doc, facts);

    /* The subject is indexed once, under S: a bare word searches both
     * the unprefixed terms and S (see query_fields in mlg-search.c).
     * Indexing it a second time, unprefixed, would only repeat postings
     * the search already finds. Databases written before still
     * have both, and search them the same way. */
    if (facts->subject != NULL)
        _mlg_xapian_doc_index_text (doc, facts->subject, PREFIX_SUBJECT,
                                    true, stopper);
    if (facts->new_text != NULL)
        _mlg_xapian_doc_index_text (doc, facts->new_text, "", true, stopper);
    if (facts->quoted_text != NULL) {
        g_autofree char *head = quoted_head (facts->quoted_text);
        _mlg_xapian_doc_index_text (doc, head ? head : facts->quoted_text,
                                    PREFIX_QUOTED, false, stopper);
    }

    /* Sorting and date: ranges (year:, month:, day: too) use this
     * value; a message with no date at all has none, so that no range
     * matches it. */
    if (facts->date_source != MLG_DATE_UNKNOWN) {
        date = _mlg_xapian_sortable_serialise ((double) facts->date);
        bytes = g_bytes_get_data (date, &len);
        _mlg_xapian_doc_add_value (doc, DATE_SLOT, bytes, len);
    }
    /* The facts record is set by _mlg_store_add_doc(): see there. */
    return doc;
}

/* ---- opening ---- */

void
_mlg_store_name_error (const char *path, bool writing, GError *error)
{
    char *message;

    if (error == NULL)
        return;
    if (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT))
        message = g_strdup_printf ("database '%s' is damaged: %s; "
                                   DAMAGED_HINT, path, error->message);
    else
        message = g_strdup_printf ("cannot %s database '%s': %s",
                                   writing ? "write to" : "read", path,
                                   error->message);
    g_free (error->message);
    error->message = message;
}

/* The shim's error in `error` named (see _mlg_store_name_error()).
 * Returns: false, for `return name_error (...)`. */
static bool
name_error (const char *path, bool writing, GError **error)
{
    _mlg_store_name_error (path, writing, error != NULL ? *error : NULL);
    return false;
}

/* Rewrites a shim error from opening `path` into a message that names the
 * database and says what to do. */
static void
explain_open_error (GError *error, const char *path)
{
    char *message;

    if (error == NULL || error->domain != MLG_STORE_ERROR)
        return;
    /* Xapian says "not found" for a directory or file in which it finds
     * no database; callers only get here for paths that exist and are not
     * empty, so that is something else than a database. */
    if (error->code == MLG_ERROR_NOT_FOUND
        && g_file_test (path, G_FILE_TEST_EXISTS))
        error->code = MLG_ERROR_INVALID;
    /* Xapian reports a lock file it could not create (a read-only
     * filesystem, a directory we may not write) as a lock error too; only
     * a directory we can write to is really locked by someone else. */
    if (error->code == MLG_ERROR_LOCKED && access (path, W_OK) != 0) {
        int saved = errno;
        error->code = MLG_ERROR_IO;
        message = g_strdup_printf ("cannot write to database '%s': %s", path,
                                   g_strerror (saved));
        g_free (error->message);
        error->message = message;
        return;
    }
    switch (error->code) {
    case MLG_ERROR_LOCKED:
        message = g_strdup_printf ("database '%s' is locked by another "
                                   "mlgauge index; try again when it "
                                   "finishes",
                                   path);
        break;
    case MLG_ERROR_NOT_FOUND:
        message = g_strdup_printf (
            "no database at '%s'; run mlgauge index first", path);
        break;
    case MLG_ERROR_INVALID:
        message = g_strdup_printf ("'%s' is not a mlgauge database", path);
        break;
    case MLG_ERROR_CORRUPT:
        message = g_strdup_printf ("database '%s' is damaged: %s; "
                                   DAMAGED_HINT, path, error->message);
        break;
    default:
        message = g_strdup_printf ("cannot open database '%s': %s", path,
                                   error->message);
        break;
    }
    g_free (error->message);
    error->message = message;
}

/* Returns: true when `path` is a directory with nothing in it. */
static bool
is_empty_dir (const char *path)
{
    g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);

    return dir != NULL && g_dir_read_name (dir) == NULL;
}

static bool
stop_at_first_key (const char *key, gpointer user_data)
{
    *(bool *) user_data = true;
    return false;
}

/* Returns: true when `db` holds metadata that only mlgauge writes (the
 * stopword list, a source's progress): a database whose format mark is
 * missing is then a mlgauge database with a damaged mark, not another
 * program's. */
static bool
has_mlgauge_metadata (MlgXapianDb *db)
{
    g_autofree char *stopwords =
        _mlg_xapian_db_get_metadata (db, STOPWORDS_KEY, NULL);
    bool found = stopwords != NULL && stopwords[0] != '\0';

    if (!found)
        _mlg_xapian_db_foreach_metadata_key (db, SOURCE_KEY,
                                             stop_at_first_key, &found,
                                             NULL);
    return found;
}

/* Checks the format mark of an open database. A Xapian database without
 * the mark but also without documents is adopted in write mode (it can
 * only be a mlgauge database whose creation was interrupted before its
 * mark was flushed) and reported as absent in read mode. A mark that is
 * not a number, or missing from a database that has mlgauge's other
 * metadata, is damage (CORRUPT), not another program's database. */
static bool
check_format (MlgXapianDb *db, const char *path, MlgStoreMode mode,
              bool *adopt, GError **error)
{
    g_autofree char *format = _mlg_xapian_db_get_metadata (db, FORMAT_KEY,
                                                           error);
    guint64 count = 0;

    *adopt = false;
    if (format == NULL)
        return name_error (path, false, error);
    if (g_str_equal (format, FORMAT_VALUE)
        || g_str_equal (format, FORMAT_COMPATIBLE_5)
        || g_str_equal (format, FORMAT_COMPATIBLE_4)
        || g_str_equal (format, FORMAT_COMPATIBLE_3))
        return true;
    if ((format[0] != '\0'
         && !g_ascii_string_to_unsigned (format, 10, 1, G_MAXUINT, NULL,
                                         NULL))
        || (format[0] == '\0' && has_mlgauge_metadata (db))) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT,
                     "database '%s' is damaged: its format mark is %s; "
                     DAMAGED_HINT,
                     path, format[0] != '\0' ? "unreadable" : "missing");
        return false;
    }
    if (format[0] != '\0') {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                     "database '%s' has format %s; this mlgauge reads "
                     "format %s: re-index the archives into a new --db "
                     "directory",
                     path, format, FORMAT_VALUE);
        return false;
    }
    if (!_mlg_xapian_db_get_doccount (db, &count, error))
        return name_error (path, false, error);
    if (count == 0 && mode == MLG_STORE_WRITE) {
        *adopt = true;
        return true;
    }
    g_set_error (error, MLG_STORE_ERROR,
                 count == 0 ? MLG_ERROR_NOT_FOUND : MLG_ERROR_INVALID,
                 count == 0 ? "no database at '%s'; run mlgauge index first"
                            : "'%s' is not a mlgauge database",
                 path);
    return false;
}

/* Returns: (transfer full) the stopper of a space-separated `list`, or
 * NULL for an empty one. */
static MlgXapianStopper *
new_stopper (const char *list)
{
    g_auto (GStrv) words = NULL;

    if (list[0] == '\0')
        return NULL;
    words = g_strsplit (list, " ", -1);
    return _mlg_xapian_stopper_new ((const char *const *) words);
}

/* Reads the database's stopword list, if it has one, into store->stopper. */
static bool
load_stopwords (MlgStore *store, GError **error)
{
    g_autofree char *list =
        _mlg_xapian_db_get_metadata (store->db, STOPWORDS_KEY, error);

    if (list == NULL)
        return name_error (store->path, false, error);
    store->stopper = new_stopper (list);
    return true;
}

/* Parses a shard's "K/N" mark. */
static bool
parse_shard_mark (const char *mark, guint *k, guint *n)
{
    g_auto (GStrv) parts = g_strsplit (mark, "/", -1);
    guint64 a, b;

    if (g_strv_length (parts) != 2
        || !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXUINT, &a, NULL)
        || !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT, &b, NULL)
        || a >= b)
        return false;
    *k = (guint) a;
    *n = (guint) b;
    return true;
}

/* Reads the stub `stub` of the sharded database `path` into `paths`
 * (char *: each shard's path, relative ones taken from the stub's
 * directory, as Xapian does). Only the lines mlgauge writes are read:
 * "auto PATH" and "glass PATH"; blank lines and "#" comments are
 * skipped. */
static bool
read_stub (const char *path, const char *stub, GPtrArray *paths,
           GError **error)
{
    g_autofree char *text = NULL;
    g_autoptr (GError) local = NULL;
    g_auto (GStrv) lines = NULL;

    if (!g_file_get_contents (stub, &text, NULL, &local)) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_IO,
                     "cannot read the stub of database '%s': %s", path,
                     local->message);
        return false;
    }
    lines = g_strsplit (text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        char *line = g_strstrip (lines[i]);
        char *space;

        if (line[0] == '\0' || line[0] == '#')
            continue;
        space = strchr (line, ' ');
        if (space != NULL && strncmp (line, "remote ", 7) == 0
            && strchr (space, ':') != NULL && space[1] != ':') {
            /* Kept as the line: open_stub_shard() opens it. */
            g_ptr_array_add (paths, g_strdup (line));
            continue;
        }
        if (space == NULL
            || (strncmp (line, "auto ", 5) != 0
                && strncmp (line, "glass ", 6) != 0)) {
            g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                         "database '%s': line %u of its stub '%s' is not "
                         "\"auto PATH\" or \"remote HOST:PORT\" (the "
                         "lines mlgauge reads)",
                         path, i + 1, stub);
            return false;
        }
        space = g_strchug (space);
        g_ptr_array_add (paths, g_path_is_absolute (space)
                                    ? g_strdup (space)
                                    : g_build_filename (path, space, NULL));
    }
    if (paths->len == 0) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                     "database '%s': its stub '%s' names no shard", path,
                     stub);
        return false;
    }
    return true;
}

static MlgStore *open_read (const char *path, bool stubs, GError **error);

/* Opens the shard that xapian-tcpsrv serves, for the stub line `line`
 * ("remote HOST:PORT"). */
static MlgStore *
open_remote_shard (const char *line, GError **error)
{
    g_autoptr (MlgStore) store = g_new0 (MlgStore, 1);
    const char *address = line + strlen ("remote ");
    const char *colon = strrchr (address, ':');
    g_autofree char *host = g_strndup (address, colon - address);
    guint64 port;
    bool adopt;

    store->path = g_strdup (line);
    store->mode = MLG_STORE_READ;
    if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL)) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                     "shard '%s': not a port number", line);
        return NULL;
    }
    store->db = _mlg_xapian_db_open_remote (host, (guint) port, error);
    if (store->db == NULL) {
        g_prefix_error (error, "cannot reach shard '%s': ", line);
        return NULL;
    }
    if (!check_format (store->db, line, MLG_STORE_READ, &adopt, error)
        || !load_stopwords (store, error))
        return NULL;
    return g_steal_pointer (&store);
}

/* Opens the sharded database `path` (a directory holding the stub
 * `stub`) for reading: every shard on its own, checked, then all of them
 * as one. A shard missing, of a format this mlgauge cannot read, named
 * twice, from a database of another number of shards, or made with
 * other stopwords than the others, is refused (INVALID, or NOT_FOUND
 * for a missing one) with its path. */
static MlgStore *
open_sharded_read (const char *path, const char *stub, GError **error)
{
    g_autoptr (MlgStore) store = NULL;
    g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GPtrArray) dbs = g_ptr_array_new ();
    g_autofree char *stopwords = NULL;
    g_autofree gboolean *seen = NULL;

    if (!read_stub (path, stub, paths, error))
        return NULL;
    store = g_new0 (MlgStore, 1);
    store->path = g_strdup (path);
    store->mode = MLG_STORE_READ;
    store->shards = g_ptr_array_new_with_free_func (
        (GDestroyNotify) mlg_store_close);
    seen = g_new0 (gboolean, paths->len);
    for (guint i = 0; i < paths->len; i++) {
        const char *shard_path = paths->pdata[i];
        g_autofree char *mark = NULL;
        g_autofree char *list = NULL;
        MlgStore *shard;
        guint k, n;

        if (g_str_has_prefix (shard_path, "remote ")) {
            shard = open_remote_shard (shard_path, error);
            if (shard == NULL) {
                /* The shard's own errors name the shard, not the
                 * database the user gave. */
                g_prefix_error (error, "database '%s': ", path);
                return NULL;
            }
            store->remote = true;
        } else if (!g_file_test (shard_path, G_FILE_TEST_EXISTS)) {
            g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_NOT_FOUND,
                         "database '%s': shard '%s', named by its stub, is "
                         "missing; copy or index it before reading the "
                         "database",
                         path, shard_path);
            return NULL;
        } else {
            /* A shard may be a stub directory itself (a replica made by
             * xapian-replicate is one): Xapian opens it as the database
             * it names. */
            shard = open_read (shard_path, false, error);
            if (shard == NULL)
                return NULL;
        }
        g_ptr_array_add (store->shards, shard);
        mark = _mlg_xapian_db_get_metadata (shard->db, SHARD_KEY, error);
        list = mark != NULL ? _mlg_xapian_db_get_metadata (
                                  shard->db, STOPWORDS_KEY, error)
                            : NULL;
        if (list == NULL) {
            name_error (shard->path, false, error);
            return NULL;
        }
        if (!parse_shard_mark (mark, &k, &n)) {
            g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                         "database '%s': '%s', named by its stub, is not a "
                         "shard (a database of its own, whose messages "
                         "were not placed by Message-ID)",
                         path, shard_path);
            return NULL;
        }
        if (n != paths->len) {
            g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                         "database '%s': shard '%s' is shard %u of %u, but "
                         "the stub names %u shards",
                         path, shard_path, k, n, paths->len);
            return NULL;
        }
        if (seen[k]) {
            g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                         "database '%s': its stub names shard %u of %u "
                         "twice (again as '%s')",
                         path, k, n, shard_path);
            return NULL;
        }
        seen[k] = TRUE;
        if (stopwords == NULL)
            stopwords = g_steal_pointer (&list);
        else if (!g_str_equal (stopwords, list)) {
            g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                         "database '%s': shard '%s' was indexed without "
                         "other words than shard '%s' (mixed mlgauge "
                         "versions); index the archives again into a new "
                         "--db directory",
                         path, shard_path, (const char *) paths->pdata[0]);
            return NULL;
        }
        g_ptr_array_add (dbs, shard->db);
    }
    store->db = _mlg_xapian_db_combine ((MlgXapianDb *const *) dbs->pdata,
                                        dbs->len, error);
    if (store->db == NULL) {
        explain_open_error (error ? *error : NULL, path);
        return NULL;
    }
    store->stopper = new_stopper (stopwords);
    return g_steal_pointer (&store);
}

/* `stubs`: a directory holding XAPIANDB is a sharded database. */
static MlgStore *
open_read (const char *path, bool stubs, GError **error)
{
    g_autoptr (MlgStore) store = NULL;
    g_autofree char *stub = NULL;
    bool adopt;

    /* An empty directory is what a never-indexed --db looks like. */
    if (!g_file_test (path, G_FILE_TEST_EXISTS) || is_empty_dir (path)) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_NOT_FOUND,
                     "no database at '%s'; run mlgauge index first", path);
        return NULL;
    }
    stub = g_build_filename (path, STUB_NAME, NULL);
    if (stubs && g_file_test (stub, G_FILE_TEST_IS_REGULAR))
        return open_sharded_read (path, stub, error);
    store = g_new0 (MlgStore, 1);
    store->path = g_strdup (path);
    store->mode = MLG_STORE_READ;
    /* A regular file is passed to Xapian too: it may be a stub database
     * naming shards; anything else fails there as INVALID. */
    store->db = _mlg_xapian_db_open (path, false, error);
    if (store->db == NULL) {
        explain_open_error (error ? *error : NULL, path);
        return NULL;
    }
    if (!check_format (store->db, path, MLG_STORE_READ, &adopt, error)
        || !load_stopwords (store, error))
        return NULL;
    return g_steal_pointer (&store);
}

/* `termlist`: a new database gets Xapian's termlist table (see
 * mlg_store_open_shard()). */
static MlgStore *
open_write (const char *path, bool termlist, GError **error)
{
    g_autoptr (MlgStore) store = NULL;
    g_autofree char *stub = g_build_filename (path, STUB_NAME, NULL);
    guint64 count = 0;
    bool adopt = false;

    /* Xapian would open the stub's shards as one writable database and
     * place messages by docid, not by Message-ID. */
    if (g_file_test (stub, G_FILE_TEST_EXISTS)) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                     "database '%s' is a stub naming other databases (the "
                     "directory of a sharded database, or a replica that "
                     "xapian-replicate keeps): mlgauge writes shards, "
                     "with 'mlgauge index', and never through a stub",
                     path);
        return NULL;
    }

    if (g_file_test (path, G_FILE_TEST_EXISTS)
        && !g_file_test (path, G_FILE_TEST_IS_DIR)) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                     "'%s' is not a mlgauge database", path);
        return NULL;
    }
    if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
        if (g_mkdir_with_parents (path, 0777) != 0) {
            int saved = errno;
            g_set_error (error, MLG_STORE_ERROR,
                         saved == ENOENT ? MLG_ERROR_NOT_FOUND : MLG_ERROR_IO,
                         "cannot create database directory '%s': %s", path,
                         g_strerror (saved));
            return NULL;
        }
    } else if (!is_empty_dir (path)) {
        /* Xapian would happily create a database inside any directory;
         * look first, read-only, so that a wrong --db never gets
         * database files sprinkled into it. */
        g_autoptr (MlgXapianDb) probe = _mlg_xapian_db_open (path, false,
                                                             error);
        if (probe == NULL) {
            explain_open_error (error ? *error : NULL, path);
            return NULL;
        }
        if (!check_format (probe, path, MLG_STORE_WRITE, &adopt, error))
            return NULL;
    }

    store = g_new0 (MlgStore, 1);
    store->path = g_strdup (path);
    store->mode = MLG_STORE_WRITE;
    store->postings = g_array_new (FALSE, FALSE, sizeof (guint));
    store->db = termlist ? _mlg_xapian_db_open_with_termlist (path, error)
                         : _mlg_xapian_db_open (path, true, error);
    if (store->db == NULL) {
        explain_open_error (error ? *error : NULL, path);
        return NULL;
    }
    if (!check_format (store->db, path, MLG_STORE_WRITE, &adopt, error)
        || !load_stopwords (store, error))
        return NULL;
    if (!_mlg_xapian_db_get_doccount (store->db, &count, error)) {
        name_error (path, false, error);
        return NULL;
    }
    {
        g_autofree char *format =
            _mlg_xapian_db_get_metadata (store->db, FORMAT_KEY, error);
        if (format == NULL) {
            name_error (path, false, error);
            return NULL;
        }
        store->format_marked = g_str_equal (format, FORMAT_VALUE);
    }
    /* A database with no message yet (new, or an older one never given
     * any) takes today's format and stopword list. */
    if (adopt || (count == 0 && store->stopper == NULL)) {
        /* Marked and flushed before anything else is written: from here
         * on the directory is recognisably ours. */
        if (!_mlg_xapian_db_set_metadata (store->db, FORMAT_KEY,
                                          FORMAT_VALUE, error)
            || !_mlg_xapian_db_set_metadata (store->db, STOPWORDS_KEY,
                                             STOPWORDS, error)
            || !_mlg_xapian_db_flush (store->db, error)) {
            name_error (path, true, error);
            return NULL;
        }
        store->stopper = new_stopper (STOPWORDS);
        store->format_marked = true;
    }
    if (!_mlg_xapian_db_begin (store->db, error)) {
        name_error (path, true, error);
        return NULL;
    }
    if (count == 0)
        store->added = g_hash_table_new (NULL, NULL);
    store->in_transaction = true;
    return g_steal_pointer (&store);
}

MlgStore *
mlg_store_open (const char *path, MlgStoreMode mode, GError **error)
{
    g_return_val_if_fail (path != NULL && path[0] != '\0', NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    return mode == MLG_STORE_WRITE ? open_write (path, false, error)
                                   : open_read (path, true, error);
}

guint
mlg_store_shard_of (const char *id, guint n_shards)
{
    guint8 digest[32];
    gsize len = sizeof digest;
    g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
    guint64 head = 0;

    g_return_val_if_fail (id != NULL && n_shards > 0, 0);
    /* SHA-256 of the id's bytes, its first eight bytes read big-endian:
     * defined by FIPS 180-4, so the same on every machine and in every
     * version, whatever GLib's own string hash becomes. */
    g_checksum_update (sum, (const guchar *) id, strlen (id));
    g_checksum_get_digest (sum, digest, &len);
    for (int i = 0; i < 8; i++)
        head = (head << 8) | digest[i];
    return (guint) (head % n_shards);
}

/* Whether the stub of `dir`, read into `paths`, names the shards mlgauge
 * writes there: DIR/shard-K on line K. A report host's stub names copies
 * or remote shards, written on the hosts they come from: shards made
 * here would be read by nobody. */
static bool
check_stub_names (const char *dir, GPtrArray *paths, GError **error)
{
    for (guint k = 0; k < paths->len; k++) {
        g_autofree char *name = g_strdup_printf ("shard-%u", k);
        g_autofree char *want = g_build_filename (dir, name, NULL);

        if (!g_str_equal (paths->pdata[k], want)) {
            g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                         "database '%s': its stub names '%s' as shard %u, "
                         "not '%s': index the shards where they are written "
                         "(mlgauge index --shard K/N)",
                         dir, (const char *) paths->pdata[k], k, want);
            return false;
        }
    }
    return true;
}

bool
mlg_store_count_shards (const char *path, guint *n, GError **error)
{
    g_autofree char *stub = NULL;
    g_autoptr (GPtrArray) paths = NULL;

    g_return_val_if_fail (path != NULL && n != NULL, false);
    *n = 0;
    stub = g_build_filename (path, STUB_NAME, NULL);
    if (!g_file_test (stub, G_FILE_TEST_EXISTS))
        return true;
    paths = g_ptr_array_new_with_free_func (g_free);
    if (!read_stub (path, stub, paths, error)
        || !check_stub_names (path, paths, error))
        return false;
    *n = paths->len;
    return true;
}

/* Writes the stub of a database of `n` shards into `dir`, unless one is
 * there: then it must name `n` shards. */
static bool
ensure_stub (const char *dir, guint n, GError **error)
{
    g_autofree char *stub = g_build_filename (dir, STUB_NAME, NULL);
    g_autoptr (GString) text = g_string_new (NULL);
    g_autoptr (GError) local = NULL;

    if (g_file_test (stub, G_FILE_TEST_EXISTS)) {
        g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
        if (!read_stub (dir, stub, paths, error))
            return false;
        if (paths->len != n) {
            g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                         "database '%s' has %u shards, not %u: the number "
                         "of shards is fixed when the database is made",
                         dir, paths->len, n);
            return false;
        }
        return check_stub_names (dir, paths, error);
    }
    for (guint k = 0; k < n; k++)
        g_string_append_printf (text, "auto shard-%u\n", k);
    /* Atomic (a rename): the writers of the other shards may write the
     * same stub at the same moment. */
    if (!g_file_set_contents (stub, text->str, text->len, &local)) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_IO,
                     "cannot write the stub of database '%s': %s", dir,
                     local->message);
        return false;
    }
    return true;
}

MlgStore *
mlg_store_open_shard (const char *path, guint k, guint n, GError **error)
{
    g_autoptr (MlgStore) store = NULL;
    g_autofree char *name = NULL;
    g_autofree char *shard_path = NULL;
    g_autofree char *iamglass = NULL;
    g_autofree char *mark = NULL;
    g_autofree char *want = NULL;
    guint64 count = 0;

    g_return_val_if_fail (path != NULL && path[0] != '\0', NULL);
    g_return_val_if_fail (n > 0 && k < n, NULL);

    iamglass = g_build_filename (path, "iamglass", NULL);
    if (g_file_test (path, G_FILE_TEST_EXISTS)
        && (!g_file_test (path, G_FILE_TEST_IS_DIR)
            || g_file_test (iamglass, G_FILE_TEST_EXISTS))) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                     "database '%s' is not sharded: index it without "
                     "--shard or --shards",
                     path);
        return NULL;
    }
    if (g_mkdir_with_parents (path, 0777) != 0) {
        int saved = errno;
        g_set_error (error, MLG_STORE_ERROR,
                     saved == ENOENT ? MLG_ERROR_NOT_FOUND : MLG_ERROR_IO,
                     "cannot create database directory '%s': %s", path,
                     g_strerror (saved));
        return NULL;
    }
    if (!ensure_stub (path, n, error))
        return NULL;
    name = g_strdup_printf ("shard-%u", k);
    shard_path = g_build_filename (path, name, NULL);
    /* Shards keep the termlist table that single databases leave out
     * (see mlg_xapian_open() in the shim): Xapian 1.4.22's replication (xapian-replicate
     * opens each table of the replica) and its remote backend
     * (xapian-tcpsrv) fail on a database without it, and shards exist
     * to be moved between machines. */
    store = open_write (shard_path, true, error);
    if (store == NULL)
        return NULL;
    want = g_strdup_printf ("%u/%u", k, n);
    mark = _mlg_xapian_db_get_metadata (store->db, SHARD_KEY, error);
    if (mark == NULL || !_mlg_xapian_db_get_doccount (store->db, &count,
                                                      error)) {
        name_error (shard_path, false, error);
        return NULL;
    }
    if (mark[0] == '\0' && count == 0) {
        /* A new shard: marked within the first transaction, which the
         * first commit makes durable with the first messages. */
        if (!_mlg_xapian_db_set_metadata (store->db, SHARD_KEY, want,
                                          error)) {
            name_error (shard_path, true, error);
            return NULL;
        }
    } else if (!g_str_equal (mark, want)) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                     "database '%s': '%s' is marked shard %s, not %s",
                     path, shard_path, mark[0] ? mark : "(none)", want);
        return NULL;
    }
    return g_steal_pointer (&store);
}

void
mlg_store_close (MlgStore *store)
{
    if (store == NULL)
        return;
    if (store->db != NULL && store->in_transaction) {
        /* Failure here leaves the previous commit, as documented; there is
         * no one left to tell. */
        _mlg_xapian_db_commit (store->db, NULL);
    }
    /* A crash from here on is not this store's to report. */
    if (store->db != NULL && store->fatal != NULL)
        _mlg_xapian_db_set_fatal_func (store->db, NULL, NULL);
    _mlg_xapian_db_close (store->db);
    _mlg_xapian_stopper_free (store->stopper);
    if (store->shards != NULL)
        g_ptr_array_unref (store->shards);
    if (store->postings != NULL)
        g_array_unref (store->postings);
    if (store->added != NULL)
        g_hash_table_unref (store->added);
    g_free (store->path);
    g_free (store);
}

void
mlg_store_set_fatal_func (MlgStore *store, MlgStoreFatalFunc func)
{
    g_return_if_fail (store != NULL && store->mode == MLG_STORE_WRITE);
    store->fatal = func;
    _mlg_xapian_db_set_fatal_func (store->db, func, store->path);
}

/* Forgets a format mark that was set in a transaction that is gone. */
static void
forget_pending_mark (MlgStore *store)
{
    if (store->format_pending)
        store->format_marked = false;
    store->format_pending = false;
}

/* Drops what is pending: the database keeps its last commit. */
static void
abandon_transaction (MlgStore *store)
{
    if (store->in_transaction)
        _mlg_xapian_db_cancel (store->db, NULL);
    store->in_transaction = false;
    forget_pending_mark (store);
}

/* Marks the database FORMAT_VALUE, in the transaction of the first record
 * this store writes into a database of an older format. */
static bool
mark_format (MlgStore *store, GError **error)
{
    if (store->format_marked)
        return true;
    if (!_mlg_xapian_db_set_metadata (store->db, FORMAT_KEY, FORMAT_VALUE,
                                      error))
        return false;
    store->format_marked = true;
    store->format_pending = true;
    return true;
}

/* Starts a transaction when none is active (after a failed commit). */
static bool
ensure_transaction (MlgStore *store, GError **error)
{
    if (store->in_transaction)
        return true;
    if (!_mlg_xapian_db_begin (store->db, error))
        return false;
    store->in_transaction = true;
    return true;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Checks the structure of every table of the database before this store
 * first writes to it, and refuses a damaged one (CORRUPT). Xapian 1.4
 * trusts the lengths in its B-tree blocks when it rewrites them: a
 * damaged position.glass made a commit crash (see on_crash() in the
 * shim, which reports such a crash as damage when it happens anyway).
 * The check reads every block of every table, so its cost grows with
 * the database while adding a day's mail does not: on a large database
 * it would cost more than the run it guards. So it is done only for
 * tables of at most CHECK_MAX_BYTES in all; larger databases rely on the checks Xapian makes on
 * each block it reads, and on the crash report. A run with nothing new
 * writes nothing, and checks nothing. */
static bool
check_before_write (MlgStore *store, GError **error)
{
    g_autoptr (GDir) dir = NULL;
    g_autoptr (GPtrArray) tables = NULL;
    const char *name;
    gint64 total = 0;

    if (store->checked)
        return true;
    dir = g_dir_open (store->path, 0, NULL);
    if (dir == NULL) {
        /* Opened, so it exists; a stub file naming other databases has
         * no tables of its own to check. */
        store->checked = true;
        return true;
    }
    tables = g_ptr_array_new_with_free_func (g_free);
    while ((name = g_dir_read_name (dir)) != NULL) {
        GStatBuf st;
        char *path;

        if (!g_str_has_suffix (name, ".glass"))
            continue;
        path = g_build_filename (store->path, name, NULL);
        if (g_stat (path, &st) == 0)
            total += st.st_size;
        g_ptr_array_add (tables, path);
    }
    if (total <= CHECK_MAX_BYTES) {
        g_ptr_array_sort (tables, compare_paths);
        for (guint i = 0; i < tables->len; i++) {
            if (_mlg_xapian_check_table (tables->pdata[i], error))
                continue;
            g_autofree char *table = g_path_get_basename (tables->pdata[i]);
            g_prefix_error (error, "%s: ", table);
            return name_error (store->path, false, error);
        }
    }
    store->checked = true;
    return true;
}

bool
mlg_store_commit (MlgStore *store, GError **error)
{
    g_return_val_if_fail (store != NULL, false);

    if (store->mode != MLG_STORE_WRITE || !store->in_transaction)
        return true;
    if (store->wrote) {
        g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
        g_autofree char *iso = g_date_time_format_iso8601 (now);

        if (!_mlg_xapian_db_set_metadata (store->db, WRITTEN_KEY, iso,
                                          error))
            return false;
        store->wrote = false;
    }
    store->in_transaction = false;
    if (!_mlg_xapian_db_commit (store->db, error)) {
        forget_pending_mark (store);
        if (error != NULL
            && g_error_matches (*error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT))
            return name_error (store->path, true, error);
        g_prefix_error (error, "cannot commit to database '%s': ",
                        store->path);
        return false;
    }
    store->format_pending = false;
    if (!ensure_transaction (store, error))
        return name_error (store->path, true, error);
    return true;
}

/* ---- messages ---- */

/* Reads the facts of document `docid`. */
static MlgMessageFacts *
read_facts (MlgStore *store, guint docid, GError **error)
{
    g_autoptr (GBytes) data = _mlg_xapian_db_get_value (store->db, docid,
                                                        RECORD_SLOT, error);
    gsize len;
    const void *bytes;
    MlgMessageFacts *facts;

    if (data == NULL)
        return NULL;
    bytes = g_bytes_get_data (data, &len);
    facts = _mlg_store_facts_from_data (bytes, len, error);
    if (facts == NULL)
        g_prefix_error (error, "document %u: ", docid);
    return facts;
}

/* Returns: (transfer full) a copy of the stored part of `facts`. */
static MlgMessageFacts *
copy_facts (const MlgMessageFacts *facts)
{
    g_autoptr (GBytes) record = _mlg_store_facts_to_data (facts);
    gsize len;
    const void *bytes = g_bytes_get_data (record, &len);

    return _mlg_store_facts_from_data (bytes, len, NULL);
}

static int
compare_list_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Merges the copies of one message, in the order they were stored (each
 * naming the lists it was stored for first, then the lists stored before
 * it), into one set of facts. Copies on different lists differ (the
 * list's subject tag, the archive link), and only the same message is
 * ever stored as a copy (see same_message()), but who posts to a list
 * controls what its copy says: so the facts are those of the copy stored
 * first, whatever the list names (issue 16: the copy of a list whose
 * name sorted first used to win, which let a forged copy replace a
 * chair's reply). Its first list comes first, every other list follows
 * in name order.
 * Returns: (transfer full) the merged facts; `copies` (MlgMessageFacts *,
 * at least one, in docid order) is emptied. */
static MlgMessageFacts *
merge_copies (GPtrArray *copies)
{
    g_autoptr (GPtrArray) lists = g_ptr_array_new_with_free_func (g_free);
    MlgMessageFacts *merged = g_ptr_array_steal_index (copies, 0);

    while (merged->lists->len > 1)
        g_ptr_array_add (lists, g_ptr_array_steal_index (merged->lists, 1));
    for (guint i = 0; i < copies->len; i++) {
        const MlgMessageFacts *copy = copies->pdata[i];
        for (guint k = 0; k < copy->lists->len; k++)
            g_ptr_array_add (lists, g_strdup (copy->lists->pdata[k]));
    }
    g_ptr_array_sort (lists, compare_list_names);
    for (guint i = 0; i < lists->len; i++)
        mlg_message_facts_add_list (merged, lists->pdata[i]);
    g_ptr_array_set_size (copies, 0);
    return merged;
}

/* Reads the facts of every document in `docids` into `copies`. */
static bool
read_copies (MlgStore *store, GArray *docids, GPtrArray *copies,
             GError **error)
{
    for (guint i = 0; i < docids->len; i++) {
        MlgMessageFacts *facts =
            read_facts (store, g_array_index (docids, guint, i), error);
        if (facts == NULL)
            return false;
        g_ptr_array_add (copies, facts);
    }
    return true;
}

/* Reads the message whose unique term is `id_term`, merged from all its
 * copies, whose docids are stored in `docids` (emptied first).
 * Returns: (transfer full) the facts, or NULL: with `error` set, or
 * without when there is no such message (`docids` is then empty). */
static MlgMessageFacts *
read_message (MlgStore *store, const char *id_term, GArray *docids,
              GError **error)
{
    g_autoptr (GPtrArray) copies = g_ptr_array_new_with_free_func (
        (GDestroyNotify) mlg_message_facts_free);

    g_array_set_size (docids, 0);
    if (!_mlg_xapian_db_get_postings (store->db, id_term, docids, error)
        || docids->len == 0)
        return NULL;
    if (docids->len == 1)
        return read_facts (store, g_array_index (docids, guint, 0), error);
    if (!read_copies (store, docids, copies, error))
        return NULL;
    return merge_copies (copies);
}

/* Returns: true when every list of `facts` is named by one of the stored
 * `copies` (so `facts` adds nothing: a duplicate). */
static bool
lists_covered (const MlgMessageFacts *facts, GPtrArray *copies)
{
    for (guint i = 0; i < facts->lists->len; i++) {
        bool found = false;
        for (guint c = 0; c < copies->len && !found; c++) {
            const MlgMessageFacts *copy = copies->pdata[c];
            for (guint k = 0; k < copy->lists->len && !found; k++)
                found = g_str_equal (copy->lists->pdata[k],
                                     facts->lists->pdata[i]);
        }
        if (!found)
            return false;
    }
    return true;
}

struct _MlgStoreDoc {
    char *id_term;
    MlgXapianDoc *doc;
};

MlgStoreDoc *
_mlg_store_doc_new (const MlgStore *store, const MlgMessageFacts *facts)
{
    MlgStoreDoc *doc;

    g_return_val_if_fail (store != NULL, NULL);
    g_return_val_if_fail (facts != NULL && facts->id != NULL
                              && facts->id[0] != '\0',
                          NULL);

    doc = g_new (MlgStoreDoc, 1);
    doc->id_term = unique_term (facts->id);
    doc->doc = new_document (store->stopper, facts);
    return doc;
}

void
_mlg_store_doc_free (MlgStoreDoc *doc)
{
    if (doc == NULL)
        return;
    g_free (doc->id_term);
    _mlg_xapian_doc_free (doc->doc);
    g_free (doc);
}

/* Returns: (transfer full) the metadata key that marks `docid` as
 * superseded; ten digits, so that keys sort in docid order. */
static char *
superseded_key (guint docid)
{
    return g_strdup_printf (SUPERSEDED_KEY "%010u", docid);
}

/* Returns: true when two dates of one message agree: two Date: headers
 * exactly (lists do not touch it), two dates of other sources (a
 * Received: line, the mbox From line) within a day. An archive's month,
 * or no date, says nothing. */
static bool
dates_agree (const MlgMessageFacts *a, const MlgMessageFacts *b)
{
    if (a->date_source == MLG_DATE_UNKNOWN || b->date_source == MLG_DATE_UNKNOWN
        || a->date_source == MLG_DATE_FROM_ARCHIVE
        || b->date_source == MLG_DATE_FROM_ARCHIVE)
        return false;
    if (a->date_source == MLG_DATE_FROM_HEADER
        && b->date_source == MLG_DATE_FROM_HEADER)
        return a->date == b->date;
    return ABS (a->date - b->date) <= 24 * 60 * 60;
}

/* Returns: true when two senders agree: the same address, or the same
 * display name (a list that rewrites From: keeps the name, and the
 * indexer undoes `via List`), ignoring case. */
static bool
senders_agree (const MlgMessageFacts *a, const MlgMessageFacts *b)
{
    if (a->from_addr[0] != '\0' && g_str_equal (a->from_addr, b->from_addr))
        return true;
    if (a->from_name[0] == '\0' || b->from_name[0] == '\0')
        return false;
    g_autofree char *x = g_utf8_casefold (a->from_name, -1);
    g_autofree char *y = g_utf8_casefold (b->from_name, -1);
    return g_str_equal (x, y);
}

/* Returns: true when `a` and `b`, two messages with one Message-ID, are
 * copies of the same message: when at least two of sender, date and new
 * text agree. Copies of a real cross-post differ in one of them at most
 * (../shared/corpora): a text with a list's footer or b4's trailers
 * added, a sender rewritten (`by way of`, gmane's obfuscated addresses,
 * DMARC), a copy without Date:. A different message under a taken id
 * (a forged copy, a broken generator of ids) differs in two or three. A
 * digest of 0 (stored before format 6) says nothing. */
static bool
same_message (const MlgMessageFacts *a, const MlgMessageFacts *b)
{
    int agree = 0;

    agree += senders_agree (a, b);
    agree += dates_agree (a, b);
    agree += a->text_digest != 0 && a->text_digest == b->text_digest;
    return agree >= 2;
}

static bool
same_as_any (const MlgMessageFacts *facts, GPtrArray *copies)
{
    for (guint c = 0; c < copies->len; c++)
        if (same_message (facts, copies->pdata[c]))
            return true;
    return false;
}

/* Stores in `docids` (emptied first) the documents of unique term `term`,
 * whose g_str_hash() is `hash` (see store->added). */
static bool
lookup_term (MlgStore *store, const char *term, gpointer hash, GArray *docids,
             GError **error)
{
    g_array_set_size (docids, 0);
    if (store->added != NULL && !g_hash_table_contains (store->added, hash))
        return true;
    return _mlg_xapian_db_get_postings (store->db, term, docids, error);
}

/* Adds a message whose unique term (`term`, of g_str_hash() `hash`) is
 * not in the database yet. */
static bool
add_new (MlgStore *store, const MlgMessageFacts *facts, MlgStoreDoc *doc,
         gpointer hash, GError **error)
{
    g_autoptr (MlgStoreDoc) own = NULL;

    /* Built only now, for a message that is new. The facts record is
     * serialised here rather than with the terms: doing it on the
     * writer's side moves work off the reader, the slower of the
     * indexer's threads. */
    if (doc == NULL)
        doc = own = _mlg_store_doc_new (store, facts);
    set_facts_record (doc->doc, facts);
    if (_mlg_xapian_db_add_document (store->db, doc->doc, error) == 0)
        return false;
    store->wrote = true;
    /* Kept even if this transaction is later dropped: a hash too many
     * only costs a look in the database. */
    if (store->added != NULL)
        g_hash_table_add (store->added, hash);
    return true;
}

/* A copy of a message stored before (as the documents `known`, whose
 * facts are `copies`) seen again. It is a duplicate unless it names a
 * list that none of the stored copies names; then it is stored again,
 * with all the lists, and the copies before it are marked superseded. */
static bool
add_copy (MlgStore *store, const MlgMessageFacts *facts, MlgStoreDoc *doc,
          GArray *known, GPtrArray *copies, MlgStoreAddResult *result,
          GError **error)
{
    g_autoptr (GPtrArray) older = g_ptr_array_new ();
    g_autoptr (MlgMessageFacts) all = NULL;
    g_autoptr (MlgStoreDoc) own = NULL;

    if (lists_covered (facts, copies)) {
        *result = MLG_STORE_DUPLICATE;
        return true;
    }
    /* Its own lists first, then the lists of the copies before it,
     * sorted (merge_copies() puts the first copy's first). */
    all = copy_facts (facts);
    for (guint c = 0; c < copies->len; c++) {
        const MlgMessageFacts *copy = copies->pdata[c];
        for (guint k = 0; k < copy->lists->len; k++)
            g_ptr_array_add (older, copy->lists->pdata[k]);
    }
    g_ptr_array_sort (older, compare_list_names);
    for (guint i = 0; i < older->len; i++)
        mlg_message_facts_add_list (all, older->pdata[i]);
    if (doc == NULL)
        doc = own = _mlg_store_doc_new (store, facts);
    /* The copies it supersedes are no longer searched: it answers for
     * their filters too (their lists, and a From: that one list
     * rewrote for DMARC and another did not). Their text is the same
     * message's. */
    for (guint c = 0; c < copies->len; c++)
        add_filter_terms (doc->doc, copies->pdata[c]);
    set_facts_record (doc->doc, all);
    if (_mlg_xapian_db_add_document (store->db, doc->doc, error) == 0)
        return false;
    store->wrote = true;
    for (guint i = 0; i < known->len; i++) {
        g_autofree char *key =
            superseded_key (g_array_index (known, guint, i));
        if (!_mlg_xapian_db_set_metadata (store->db, key, "1", error))
            return false;
    }
    *result = MLG_STORE_NEW_LIST;
    return true;
}

/* How many different messages one Message-ID can stand for: past that,
 * more are dropped as duplicates (a generator that gives every message
 * the same id would otherwise make each new one look at them all). */
#define MAX_APART 100

/* A message whose Message-ID is taken by a different message (`facts`,
 * not the same as any stored copy: see same_message()). It never
 * replaces what is stored: it is kept apart, under the id "ID#apart-N"
 * (N = 2, 3, ...: the first free one, or the one it is a copy of), with
 * the problem MLG_PROBLEM_CONFLICTING_ID. `*apart_id` (nullable) gets the
 * id when it is new there. */
static bool
add_apart (MlgStore *store, const MlgMessageFacts *facts,
           MlgStoreAddResult *result, char **apart_id, GError **error)
{
    g_autoptr (GArray) known = g_array_new (FALSE, FALSE, sizeof (guint));
    /* The same message under another id: every field is borrowed from
     * `facts`, the id and problems aside. */
    MlgMessageFacts apart = *facts;

    apart.problems |= MLG_PROBLEM_CONFLICTING_ID;
    for (guint n = 2; n <= MAX_APART; n++) {
        g_autofree char *id = g_strdup_printf ("%s" APART_MARK "%u",
                                               facts->id, n);
        g_autofree char *term = unique_term (id);
        gpointer hash = GUINT_TO_POINTER (g_str_hash (term));
        g_autoptr (GPtrArray) copies = NULL;

        apart.id = id;
        if (!lookup_term (store, term, hash, known, error))
            return false;
        if (known->len == 0) {
            if (!add_new (store, &apart, NULL, hash, error))
                return false;
            if (apart_id != NULL)
                *apart_id = g_steal_pointer (&id);
            *result = MLG_STORE_CONFLICT;
            return true;
        }
        copies = g_ptr_array_new_with_free_func (
            (GDestroyNotify) mlg_message_facts_free);
        if (!read_copies (store, known, copies, error))
            return false;
        if (same_as_any (&apart, copies))
            return add_copy (store, &apart, NULL, known, copies, result,
                             error);
    }
    *result = MLG_STORE_DUPLICATE;
    return true;
}

static bool
add_doc (MlgStore *store, const MlgMessageFacts *facts, MlgStoreDoc *doc,
         MlgStoreAddResult *result, char **apart_id, GError **error)
{
    g_autofree char *id_term = NULL;
    g_autoptr (GPtrArray) copies = NULL;
    const char *term;
    gpointer hash;
    GArray *known;
    MlgStoreAddResult dummy;
    bool ok;

    if (result == NULL)
        result = &dummy;
    if (!ensure_transaction (store, error) || !mark_format (store, error))
        return false;
    known = store->postings;

    /* The writable database sees its own uncommitted documents, so a
     * duplicate within one batch is found too. */
    if (doc == NULL)
        id_term = unique_term (facts->id);
    term = doc != NULL ? doc->id_term : id_term;
    hash = store->added != NULL ? GUINT_TO_POINTER (g_str_hash (term)) : NULL;
    if (!lookup_term (store, term, hash, known, error))
        return false;
    if (known->len == 0) {
        if (!add_new (store, facts, doc, hash, error))
            return false;
        *result = MLG_STORE_ADDED;
        return true;
    }

    copies = g_ptr_array_new_with_free_func (
        (GDestroyNotify) mlg_message_facts_free);
    ok = read_copies (store, known, copies, error);
    if (ok && same_as_any (facts, copies))
        ok = add_copy (store, facts, doc, known, copies, result, error);
    else if (ok)
        ok = add_apart (store, facts, result, apart_id, error);
    if (!ok) {
        /* A copy half written (its document but not all the marks of
         * the copies it supersedes) must never be committed, not even by
         * mlg_store_close(): drop the whole batch, as after any failed
         * commit. */
        abandon_transaction (store);
    }
    return ok;
}

bool
_mlg_store_add_doc (MlgStore *store, const MlgMessageFacts *facts,
                    MlgStoreDoc *doc, MlgStoreAddResult *result,
                    char **apart_id, GError **error)
{
    g_return_val_if_fail (store != NULL && store->mode == MLG_STORE_WRITE,
                          false);
    g_return_val_if_fail (facts != NULL && facts->id != NULL
                              && facts->id[0] != '\0',
                          false);

    if (!check_before_write (store, error))
        return false;
    if (add_doc (store, facts, doc, result, apart_id, error))
        return true;
    return name_error (store->path, true, error);
}

bool
mlg_store_add (MlgStore *store, const MlgMessageFacts *facts,
               MlgStoreAddResult *result, GError **error)
{
    return _mlg_store_add_doc (store, facts, NULL, result, NULL, error);
}

MlgMessageFacts *
mlg_store_get_message (MlgStore *store, const char *id, GError **error)
{
    g_autofree char *id_term = NULL;
    g_autoptr (GArray) docids = g_array_new (FALSE, FALSE, sizeof (guint));
    GError *local_error = NULL;
    MlgMessageFacts *facts;

    g_return_val_if_fail (store != NULL && id != NULL, NULL);

    id_term = unique_term (id);
    facts = read_message (store, id_term, docids, &local_error);
    if (facts != NULL)
        return facts;
    if (local_error != NULL) {
        _mlg_store_name_error (store->path, false, local_error);
        g_propagate_error (error, local_error);
    }
    else
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_NOT_FOUND,
                     "no message '%s' in database '%s'", id, store->path);
    return NULL;
}

typedef struct {
    MlgStore *store;
    MlgFactsFunc func;
    gpointer user_data;
    MlgRecordView *view;
    GArray *superseded;  /* guint docids, in order */
    guint next;          /* index of the next one the walk meets */
    /* Nullable: the copies met so far of messages whose latest copy the
     * walk has not reached yet: id -> GPtrArray of MlgMessageFacts, in
     * docid order (ids point into the copies). */
    GHashTable *waiting;
    bool stopped;        /* the caller asked to stop */
    GError *error;
} ForeachData;

/* Hands the caller `facts`. Returns false when it asks to stop. */
static bool
deliver (ForeachData *data, const MlgMessageFacts *facts)
{
    data->stopped = !data->func (facts, data->user_data);
    return !data->stopped;
}

/* Keeps the record at `bytes`, a copy of a message that has a later one,
 * until the walk meets that later copy. */
static bool
keep_copy (ForeachData *data, const char *bytes, gsize len)
{
    MlgMessageFacts *copy = _mlg_store_facts_from_data (bytes, len,
                                                        &data->error);
    GPtrArray *copies;

    if (copy == NULL)
        return false;
    if (data->waiting == NULL)
        data->waiting = g_hash_table_new_full (
            g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
    copies = g_hash_table_lookup (data->waiting, copy->id);
    if (copies == NULL) {
        copies = g_ptr_array_new_with_free_func (
            (GDestroyNotify) mlg_message_facts_free);
        g_hash_table_insert (data->waiting, copy->id, copies);
    }
    g_ptr_array_add (copies, copy);
    return true;
}

/* Hands the caller the message of the waiting `copies` (stolen from the
 * waiting table), merged. */
static bool
deliver_merged (ForeachData *data, GPtrArray *copies)
{
    g_autoptr (GPtrArray) owned = copies;
    g_autoptr (MlgMessageFacts) merged = merge_copies (owned);

    return deliver (data, merged);
}

static bool
foreach_record (guint docid, const char *bytes, gsize len, gpointer user_data)
{
    ForeachData *data = user_data;
    const MlgMessageFacts *facts;
    GPtrArray *copies = NULL;
    gpointer key;

    if (data->next < data->superseded->len
        && g_array_index (data->superseded, guint, data->next) == docid) {
        data->next++;
        if (keep_copy (data, bytes, len))
            return true;
        g_prefix_error (&data->error, "document %u: ", docid);
        return false;
    }
    facts = _mlg_record_view_decode (data->view, bytes, len, &data->error);
    if (facts == NULL) {
        g_prefix_error (&data->error, "document %u: ", docid);
        return false;
    }
    if (data->waiting != NULL
        && g_hash_table_steal_extended (data->waiting, facts->id, &key,
                                        (gpointer *) &copies)) {
        /* The latest copy: the message, merged with the earlier ones. */
        MlgMessageFacts *latest = _mlg_store_facts_from_data (bytes, len,
                                                              &data->error);
        if (latest == NULL) {
            g_ptr_array_unref (copies);
            g_prefix_error (&data->error, "document %u: ", docid);
            return false;
        }
        g_ptr_array_add (copies, latest);
        return deliver_merged (data, copies);
    }
    return deliver (data, facts);
}

static int
compare_first_ids (gconstpointer a, gconstpointer b)
{
    const MlgMessageFacts *x = (*(GPtrArray *const *) a)->pdata[0];
    const MlgMessageFacts *y = (*(GPtrArray *const *) b)->pdata[0];

    return strcmp (x->id, y->id);
}

/* Hands the caller the messages still waiting at the end of the walk:
 * superseded copies with no later copy, which only a damaged database
 * holds (copies and marks are written in one transaction). In id order,
 * so that the order does not depend on the hash table. */
static void
deliver_leftovers (ForeachData *data)
{
    g_autoptr (GPtrArray) left = g_ptr_array_new ();
    GHashTableIter iter;
    gpointer key, value;
    bool ok = true;

    g_hash_table_iter_init (&iter, data->waiting);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        g_ptr_array_add (left, value);
        g_hash_table_iter_steal (&iter);
    }
    g_ptr_array_sort (left, compare_first_ids);
    for (guint i = 0; i < left->len; i++) {
        if (ok)
            ok = deliver_merged (data, left->pdata[i]);
        else
            g_ptr_array_unref (left->pdata[i]);
    }
}

/* Walks the records in docid order, which reads their value slot front to
 * back, and decodes each in place: no lookup and no copy per message,
 * where walking the unique terms in Message-ID order would cost a term
 * lookup and a document lookup each. A message stored again for another
 * list is delivered at its latest copy, merged with the earlier ones,
 * which the walk has met and kept, rather than read again by id (a
 * lookup and a record each). */
bool
mlg_store_foreach (MlgStore *store, MlgFactsFunc func, gpointer user_data,
                   GError **error)
{
    g_autoptr (MlgRecordView) view = _mlg_record_view_new ();
    g_autoptr (GArray) superseded =
        g_array_new (FALSE, FALSE, sizeof (guint));
    ForeachData data = { store, func, user_data, view, superseded, 0,
                         NULL, false, NULL };
    bool ok;

    g_return_val_if_fail (store != NULL && func != NULL, false);

    if (store->remote) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                     "database '%s' has shards served by xapian-tcpsrv: "
                     "reading every message (report, stats, show, check) "
                     "over Xapian's remote backend fetches one document "
                     "per round trip; replicate the shards to this host "
                     "(xapian-replicate) and read the copies (see README, "
                     "\"Beyond one machine\")",
                     store->path);
        return false;
    }
    ok = _mlg_store_get_superseded (store, superseded, error)
         && _mlg_xapian_db_foreach_value (store->db, RECORD_SLOT,
                                          foreach_record, &data, error);
    if (ok && data.error == NULL && !data.stopped && data.waiting != NULL)
        deliver_leftovers (&data);
    if (data.waiting != NULL)
        g_hash_table_unref (data.waiting);
    if (!ok) {
        g_clear_error (&data.error);
        return name_error (store->path, false, error);
    }
    if (data.error != NULL) {
        _mlg_store_name_error (store->path, false, data.error);
        g_propagate_error (error, data.error);
        return false;
    }
    return true;
}

guint64
mlg_store_count (MlgStore *store)
{
    guint64 count = 0;
    g_autoptr (GArray) superseded =
        g_array_new (FALSE, FALSE, sizeof (guint));

    g_return_val_if_fail (store != NULL, 0);
    if (!_mlg_xapian_db_get_doccount (store->db, &count, NULL)
        || !_mlg_store_get_superseded (store, superseded, NULL))
        return 0;
    return count - superseded->len;
}

guint
_mlg_store_get_n_shards (MlgStore *store)
{
    g_return_val_if_fail (store != NULL, 0);
    return store->shards != NULL ? store->shards->len : 0;
}

MlgStore *
_mlg_store_get_shard (MlgStore *store, guint k)
{
    g_return_val_if_fail (store != NULL && store->shards != NULL
                              && k < store->shards->len,
                          NULL);
    return store->shards->pdata[k];
}

bool
_mlg_store_get_written (MlgStore *store, gint64 *out, GError **error)
{
    g_autofree char *iso = NULL;
    g_autoptr (GDateTime) dt = NULL;

    g_return_val_if_fail (store != NULL && out != NULL, false);
    *out = 0;
    iso = _mlg_xapian_db_get_metadata (store->db, WRITTEN_KEY, error);
    if (iso == NULL)
        return false;
    /* Absent (written by an older mlgauge, or nothing yet) is 0; a value
     * that is no date is ignored the same way: it only informs. */
    if (*iso != '\0' && (dt = g_date_time_new_from_iso8601 (iso, NULL)) != NULL)
        *out = g_date_time_to_unix (dt);
    return true;
}

const char *
mlg_store_get_path (MlgStore *store)
{
    g_return_val_if_fail (store != NULL, NULL);
    return store->path;
}

/* ---- sources ---- */

/* Returns: (transfer full) the metadata key of `name` under `prefix`.
 * Xapian limits key length, so very long names are keyed by their
 * SHA-256. */
static char *
prefixed_key (const char *prefix, const char *name)
{
    g_autofree char *hash = NULL;

    if (strlen (prefix) + strlen (name) <= MAX_TERM - 20)
        return g_strconcat (prefix, name, NULL);
    hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
    return g_strconcat (prefix, "sha256:", hash, NULL);
}

/* Returns: (transfer full) the metadata key of `source`. */
static char *
source_key (const char *source)
{
    return prefixed_key (SOURCE_KEY, source);
}

/* Parses the "size mtime offset" of a progress record: three decimal
 * numbers (optionally signed), one space apart, nothing else: what
 * mlg_store_set_source() writes. In place with g_ascii_strtoll() rather
 * than g_strsplit(): an incremental run reads one record per archive, and
 * splitting would cost more than the database lookup. */
static bool
parse_progress (const char *value, gint64 numbers[3])
{
    const char *p = value;

    for (int i = 0; i < 3; i++) {
        const char *digits = (*p == '-' || *p == '+') ? p + 1 : p;
        char *end;

        /* g_ascii_strtoll() would skip blanks and take a second sign. */
        if (!g_ascii_isdigit (*digits))
            return false;
        errno = 0;
        numbers[i] = g_ascii_strtoll (p, &end, 10);
        if (errno != 0 || *end != (i < 2 ? ' ' : '\0'))
            return false;
        p = end + 1;
    }
    return true;
}

bool
mlg_store_get_source (MlgStore *store, const char *source,
                      MlgSourceProgress *progress, GError **error)
{
    g_autofree char *key = NULL;
    g_autofree char *value = NULL;
    gint64 numbers[3];

    g_return_val_if_fail (store != NULL && source != NULL, false);
    g_return_val_if_fail (progress != NULL, false);

    /* Sharded: as far as every shard has read (a shard that has not read
     * it at all: not read). */
    if (store->shards != NULL) {
        for (guint s = 0; s < store->shards->len; s++) {
            MlgSourceProgress one;
            if (!mlg_store_get_source (store->shards->pdata[s], source, &one,
                                       error))
                return false;
            if (s == 0 || one.offset < progress->offset)
                *progress = one;
        }
        return true;
    }
    key = source_key (source);
    value = _mlg_xapian_db_get_metadata (store->db, key, error);
    if (value == NULL)
        return name_error (store->path, false, error);
    if (value[0] == '\0')
        return false;
    if (!parse_progress (value, numbers)) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT,
                     "damaged progress record for '%s' in database '%s'",
                     source, store->path);
        return false;
    }
    progress->size = numbers[0];
    progress->mtime = numbers[1];
    progress->offset = numbers[2];
    return true;
}

bool
mlg_store_set_source (MlgStore *store, const char *source,
                      const MlgSourceProgress *progress, GError **error)
{
    g_autofree char *key = NULL;
    g_autofree char *value = NULL;

    g_return_val_if_fail (store != NULL && store->mode == MLG_STORE_WRITE,
                          false);
    g_return_val_if_fail (source != NULL && progress != NULL, false);

    if (!check_before_write (store, error))
        return false;
    key = source_key (source);
    value = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                             " %" G_GINT64_FORMAT,
                             progress->size, progress->mtime,
                             progress->offset);
    if (!ensure_transaction (store, error)
        || !_mlg_xapian_db_set_metadata (store->db, key, value, error))
        return name_error (store->path, true, error);
    return true;
}

/* ---- stance rules ---- */

static bool
note_stance_rules (MlgStore *store, const char *phrases, GError **error)
{
    g_autofree char *old = NULL;
    g_autofree char *value = NULL;
    guint64 count = 0;

    g_return_val_if_fail (store != NULL && store->mode == MLG_STORE_WRITE,
                          false);
    if (!ensure_transaction (store, error))
        return false;
    old = _mlg_xapian_db_get_metadata (store->db, STANCE_RULES_KEY, error);
    if (old == NULL)
        return false;
    value = g_strconcat (STANCE_RULES_VERSION "\n", phrases, NULL);
    if (g_str_equal (old, value))
        return true;
    if (!_mlg_xapian_db_get_doccount (store->db, &count, error))
        return false;
    if (count > 0
        && !_mlg_xapian_db_set_metadata (store->db, STANCE_RULES_MIXED_KEY,
                                         "1", error))
        return false;
    return _mlg_xapian_db_set_metadata (store->db, STANCE_RULES_KEY, value,
                                        error);
}

bool
_mlg_store_note_stance_rules (MlgStore *store, const char *phrases,
                              GError **error)
{
    if (!note_stance_rules (store, phrases, error))
        return name_error (store->path, true, error);
    return true;
}

/* The stance rules of a sharded database: those of its shards that hold
 * messages when they agree, else MLG_STANCE_RULES_MIXED. */
static bool
get_sharded_stance_rules (MlgStore *store, MlgStanceRules *state,
                          char **phrases, GError **error)
{
    g_autofree char *first = NULL;

    *state = MLG_STANCE_RULES_NONE;
    for (guint s = 0; s < store->shards->len; s++) {
        g_autofree char *one = NULL;
        MlgStanceRules rules;

        if (!mlg_store_get_stance_rules (store->shards->pdata[s], &rules,
                                         &one, error))
            return false;
        if (rules == MLG_STANCE_RULES_NONE)
            continue;
        if (*state == MLG_STANCE_RULES_NONE) {
            *state = rules;
            first = g_steal_pointer (&one);
        } else if (rules != *state || !g_str_equal (one, first))
            *state = MLG_STANCE_RULES_MIXED;
    }
    if (phrases != NULL)
        *phrases = first != NULL ? g_steal_pointer (&first) : g_strdup ("");
    return true;
}

bool
mlg_store_get_stance_rules (MlgStore *store, MlgStanceRules *state,
                            char **phrases, GError **error)
{
    g_autofree char *value = NULL;
    g_autofree char *mixed = NULL;
    const char *newline;

    g_return_val_if_fail (store != NULL && state != NULL, false);
    if (phrases != NULL)
        *phrases = NULL;
    if (store->shards != NULL)
        return get_sharded_stance_rules (store, state, phrases, error);
    value = _mlg_xapian_db_get_metadata (store->db, STANCE_RULES_KEY, error);
    mixed = value != NULL ? _mlg_xapian_db_get_metadata (
                                store->db, STANCE_RULES_MIXED_KEY, error)
                          : NULL;
    if (mixed == NULL)
        return name_error (store->path, false, error);
    newline = strchr (value, '\n');
    if (*value == '\0')
        *state = mlg_store_count (store) > 0 ? MLG_STANCE_RULES_OLDER
                                             : MLG_STANCE_RULES_NONE;
    else if (*mixed != '\0')
        *state = MLG_STANCE_RULES_MIXED;
    else if (newline != NULL
             && strncmp (value, STANCE_RULES_VERSION, newline - value) == 0)
        *state = MLG_STANCE_RULES_CURRENT;
    else
        *state = MLG_STANCE_RULES_OLDER;
    if (phrases != NULL)
        *phrases = g_strdup (newline != NULL ? newline + 1 : "");
    return true;
}

/* ---- fetch state ---- */

char *
mlg_store_get_fetch_state (MlgStore *store, const char *key, GError **error)
{
    g_autofree char *meta_key = NULL;
    g_autofree char *value = NULL;

    g_return_val_if_fail (store != NULL && key != NULL, NULL);

    meta_key = prefixed_key (FETCH_KEY, key);
    /* A stub's metadata is its first database's, where `fetch` (which
     * writes single databases only) would have put it. */
    value = _mlg_xapian_db_get_metadata (store->db, meta_key, error);
    if (value == NULL) {
        name_error (store->path, false, error);
        return NULL;
    }
    /* Xapian answers "" for a key it does not have. */
    if (value[0] == '\0')
        return NULL;
    return g_steal_pointer (&value);
}

bool
mlg_store_set_fetch_state (MlgStore *store, const char *key,
                           const char *value, GError **error)
{
    g_autofree char *meta_key = NULL;

    g_return_val_if_fail (store != NULL && store->mode == MLG_STORE_WRITE,
                          false);
    g_return_val_if_fail (key != NULL && value != NULL, false);

    meta_key = prefixed_key (FETCH_KEY, key);
    if (!ensure_transaction (store, error)
        || !_mlg_xapian_db_set_metadata (store->db, meta_key, value, error))
        return name_error (store->path, true, error);
    return true;
}

/* ---- fetch-state keys, for mlg-datatracker-store.c ---- */

typedef struct {
    MlgStoreKeyFunc func;
    gpointer user_data;
} KeyWalk;

static bool
strip_fetch_prefix (const char *key, gpointer user_data)
{
    KeyWalk *walk = user_data;

    return walk->func (key + strlen (FETCH_KEY), walk->user_data);
}

bool
_mlg_store_foreach_fetch_key (MlgStore *store, const char *prefix,
                              MlgStoreKeyFunc func, gpointer user_data,
                              GError **error)
{
    g_autofree char *full = g_strconcat (FETCH_KEY, prefix, NULL);
    KeyWalk walk = {func, user_data};

    g_return_val_if_fail (store != NULL && prefix != NULL, false);
    if (!_mlg_xapian_db_foreach_metadata_key (store->db, full,
                                              strip_fetch_prefix, &walk,
                                              error))
        return name_error (store->path, false, error);
    return true;
}

/* ---- for the search module ---- */

MlgXapianDb *
_mlg_store_get_db (MlgStore *store)
{
    g_return_val_if_fail (store != NULL, NULL);
    return store->db;
}

const MlgXapianStopper *
_mlg_store_get_stopper (const MlgStore *store)
{
    g_return_val_if_fail (store != NULL, NULL);
    return store->stopper;
}

char *
_mlg_store_id_term (const char *id)
{
    g_return_val_if_fail (id != NULL, NULL);
    return unique_term (id);
}

static bool
collect_superseded (const char *key, gpointer user_data)
{
    GArray *docids = user_data;
    guint64 docid;

    const char *digits = key + strlen (SUPERSEDED_KEY);

    /* Keys that are not ten digits are not ours: skipped (the walks rely
     * on keys sorting in docid order). */
    if (strlen (digits) == 10
        && g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT, &docid,
                                       NULL)) {
        guint value = (guint) docid;
        g_array_append_val (docids, value);
    }
    return true;
}

static int
compare_docids (gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *) a, y = *(const guint *) b;

    return x < y ? -1 : x > y;
}

/* The superseded documents of a sharded database: each shard's marks
 * name its own docids, which become docids of the whole (see "Shards"
 * at the top). */
static bool
get_sharded_superseded (MlgStore *store, GArray *docids, GError **error)
{
    g_autoptr (GArray) local = g_array_new (FALSE, FALSE, sizeof (guint));
    guint n = store->shards->len;

    for (guint s = 0; s < n; s++) {
        MlgStore *shard = store->shards->pdata[s];

        g_array_set_size (local, 0);
        if (!_mlg_xapian_db_foreach_metadata_key (shard->db, SUPERSEDED_KEY,
                                                  collect_superseded, local,
                                                  error))
            return false;
        for (guint i = 0; i < local->len; i++) {
            guint64 d = g_array_index (local, guint, i);
            guint64 whole = (d - 1) * n + s + 1;
            guint value;

            if (whole > G_MAXUINT) {
                g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT,
                             "database '%s': shard '%s' marks document %u, "
                             "past the docids of the whole",
                             store->path, shard->path, (guint) d);
                return false;
            }
            value = (guint) whole;
            g_array_append_val (docids, value);
        }
    }
    g_array_sort (docids, compare_docids);
    return true;
}

bool
_mlg_store_get_superseded (MlgStore *store, GArray *docids, GError **error)
{
    g_return_val_if_fail (store != NULL && docids != NULL, false);

    g_array_set_size (docids, 0);
    if (store->shards != NULL)
        return get_sharded_superseded (store, docids, error);
    return _mlg_xapian_db_foreach_metadata_key (
        store->db, SUPERSEDED_KEY, collect_superseded, docids, error);
}
