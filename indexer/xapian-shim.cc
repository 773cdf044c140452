/* xapian-shim.cc - the only file that includes xapian.h (see xapian-shim.h).
 *
 * Every exported function is `extern "C"` and runs its body through
 * guard(), which catches every exception and hands it to classify(). The
 * classifier rethrows the exception to sort it by type, most derived
 * first, so that one table decides every error code. No exception crosses
 * into C.
 */
#include "xapian-shim.h"

#include "mlg-indexer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <sys/mman.h>
#include <unistd.h>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <vector>
#include <xapian.h>

/* Reads retried after DatabaseModifiedError before giving up. Xapian only
 * keeps the two newest revisions, so a read-only reader that is overtaken
 * by a busy writer may need a few tries. */
#define MAX_RETRIES 5

struct CrashInfo;
static void set_crash_info (MlgXapianDb *db, MlgXapianFatalFunc func,
                            const char *path);

struct _MlgXapianDb {
    bool writable;
    MlgXapianFatalFunc fatal = nullptr; /* see _mlg_xapian_db_set_fatal_func */
    std::string fatal_path;
    CrashInfo *crash = nullptr; /* the same, for on_crash(); nullable */
    /* One of the two is used. A WritableDatabase is a Database, but
     * keeping both as values avoids heap handles of handles. */
    Xapian::WritableDatabase wdb;
    Xapian::Database rdb;

    Xapian::Database &
    database ()
    {
        return writable ? wdb : rdb;
    }
};

struct _MlgXapianDoc {
    Xapian::Document doc;
    /* Made on the first index_text() call: most documents read back from
     * a database are only given a term or new data. */
    Xapian::TermGenerator *generator = nullptr;

    ~_MlgXapianDoc ()
    {
        delete generator;
    }
};

/* What classify() found. */
enum class Outcome { ERROR_SET, RETRY };

static void
set_error (GError **error, MlgErrorCode code, const std::string &message)
{
    g_set_error_literal (error, MLG_STORE_ERROR, code, message.c_str ());
}

/* Turns the exception being handled into a GError. Called only from a
 * catch block. Returns RETRY, leaving `error` unset, when the exception is
 * a DatabaseModifiedError and `can_retry` says the caller can reopen and
 * try again. */
static Outcome
classify (GError **error, bool can_retry)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        /* Caught before DatabaseError and DatabaseOpeningError, which it
         * may derive from depending on the Xapian version. */
        set_error (error, MLG_ERROR_LOCKED, e.get_description ());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        set_error (error, MLG_ERROR_NOT_FOUND, e.get_description ());
    } catch (const Xapian::DatabaseVersionError &e) {
        /* A database format this Xapian cannot read is, to us, not a
         * database we can use: INVALID rather than CORRUPT. */
        set_error (error, MLG_ERROR_INVALID, e.get_description ());
    } catch (const Xapian::DatabaseOpeningError &e) {
        /* "Couldn't detect type of database": a directory or file that is
         * not a Xapian database. */
        set_error (error, MLG_ERROR_INVALID, e.get_description ());
    } catch (const Xapian::DatabaseCorruptError &e) {
        set_error (error, MLG_ERROR_CORRUPT, e.get_description ());
    } catch (const Xapian::DatabaseModifiedError &e) {
        if (can_retry)
            return Outcome::RETRY;
        set_error (error, MLG_ERROR_FAILED,
                   e.get_description ()
                       + " (the database kept changing during a read)");
    } catch (const Xapian::DatabaseCreateError &e) {
        set_error (error, MLG_ERROR_IO, e.get_description ());
    } catch (const Xapian::DatabaseError &e) {
        /* Xapian attaches errno's text to the failures of system calls
         * (a full disk, a vanished file): those are I/O errors. A table
         * shorter than its own blocks say (cut short by a copy, say) is
         * damage, which Xapian 1.4 reports as a plain DatabaseError. */
        MlgErrorCode code = e.get_error_string () ? MLG_ERROR_IO
                            : e.get_msg ().rfind ("EOF reading block", 0) == 0
                                ? MLG_ERROR_CORRUPT
                                : MLG_ERROR_FAILED;
        set_error (error, code, e.get_description ());
    } catch (const Xapian::DocNotFoundError &e) {
        set_error (error, MLG_ERROR_NOT_FOUND, e.get_description ());
    } catch (const Xapian::QueryParserError &e) {
        set_error (error, MLG_ERROR_INVALID, e.get_description ());
    } catch (const Xapian::Error &e) {
        set_error (error, MLG_ERROR_FAILED, e.get_description ());
    } catch (const std::bad_alloc &) {
        set_error (error, MLG_ERROR_FAILED, "out of memory");
    } catch (const std::exception &e) {
        set_error (error, MLG_ERROR_FAILED, e.what ());
    } catch (...) {
        set_error (error, MLG_ERROR_FAILED, "unknown C++ exception");
    }
    return Outcome::ERROR_SET;
}

/* How many guarded calls into Xapian the current thread is inside, and
 * the report of the innermost one that names a database with a fatal
 * function (see on_crash()). Per thread: each shard's writer is a thread
 * of its own, and a crash is reported for the database of the thread
 * that crashed. */
static thread_local int in_xapian = 0;
static thread_local const CrashInfo *crash_here = nullptr;

/* Counts the calling thread in Xapian, inside `db` (nullable), while it
 * lives. */
struct InXapian {
    const CrashInfo *outer;

    explicit InXapian (const MlgXapianDb *db) : outer (crash_here)
    {
        in_xapian++;
        if (db != nullptr && db->crash != nullptr)
            crash_here = db->crash;
    }
    ~InXapian ()
    {
        crash_here = outer;
        in_xapian--;
    }
};

/* Runs `body`, converting exceptions into `error`. On a read-only `db`
 * (nullable), a DatabaseModifiedError reopens the database and runs
 * `body` again; bodies must therefore be safe to repeat. */
template <typename F>
static bool
guard (MlgXapianDb *db, GError **error, F &&body)
{
    InXapian inside (db);
    Xapian::rev first_revision = 0;

    for (int attempt = 0;; attempt++) {
        try {
            body ();
            return true;
        } catch (...) {
            bool can_retry =
                db != nullptr && !db->writable && attempt < MAX_RETRIES;
            if (classify (error, can_retry) == Outcome::ERROR_SET) {
                /* Xapian says "modified" when a block it reads belongs
                 * to another revision than it expects, which is also
                 * what a damaged block looks like: if the revision never
                 * moved while we retried, nobody was writing. */
                if (attempt > 0 && error != nullptr && *error != nullptr
                    && (*error)->code == MLG_ERROR_FAILED) {
                    try {
                        if (db->rdb.get_revision () == first_revision)
                            (*error)->code = MLG_ERROR_CORRUPT;
                    } catch (...) {
                    }
                }
                return false;
            }
        }
        try {
            if (attempt == 0)
                first_revision = db->rdb.get_revision ();
            db->rdb.reopen ();
        } catch (...) {
            classify (error, false);
            return false;
        }
    }
}

/* ---- databases ---- */

extern "C" MlgXapianDb *
_mlg_xapian_db_open (const char *path, bool writable, GError **error)
{
    g_return_val_if_fail (path != NULL, NULL);

    MlgXapianDb *db = nullptr;
    bool ok = guard (nullptr, error, [&] {
        db = new MlgXapianDb ();
        db->writable = writable;
        /* No termlist table: writing each document's sorted, compressed
         * term list is a large share of the indexer's work, and mlgauge
         * never needs it (it never replaces nor deletes a document: a
         * cross-post's second copy is a document of its own; see
         * mlg-store.c). The flag only matters when the database is
         * created. */
        if (writable)
            db->wdb = Xapian::WritableDatabase (
                path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_NO_TERMLIST);
        else
            db->rdb = Xapian::Database (path);
    });
    if (!ok) {
        delete db;
        return NULL;
    }
    return db;
}

extern "C" MlgXapianDb *
_mlg_xapian_db_open_remote (const char *host, guint port, GError **error)
{
    g_return_val_if_fail (host != NULL, NULL);

    MlgXapianDb *db = nullptr;
    bool ok = guard (nullptr, error, [&] {
        db = new MlgXapianDb ();
        db->writable = false;
        db->rdb = Xapian::Remote::open (host, port);
    });
    if (!ok) {
        delete db;
        return NULL;
    }
    return db;
}

extern "C" MlgXapianDb *
_mlg_xapian_db_combine (MlgXapianDb *const *shards, gsize n_shards,
                        GError **error)
{
    g_return_val_if_fail (shards != NULL && n_shards > 0, NULL);

    MlgXapianDb *db = nullptr;
    bool ok = guard (nullptr, error, [&] {
        db = new MlgXapianDb ();
        db->writable = false;
        /* Xapian's own multi-database: the shards' handles are shared
         * (reference-counted), and document d of shard s (from 0) is
         * document (d - 1) * n + s + 1 of the whole. */
        for (gsize i = 0; i < n_shards; i++) {
            g_return_if_fail (!shards[i]->writable);
            db->rdb.add_database (shards[i]->rdb);
        }
    });
    if (!ok) {
        delete db;
        return NULL;
    }
    return db;
}

extern "C" MlgXapianDb *
_mlg_xapian_db_open_with_termlist (const char *path, GError **error)
{
    g_return_val_if_fail (path != NULL, NULL);

    MlgXapianDb *db = nullptr;
    bool ok = guard (nullptr, error, [&] {
        db = new MlgXapianDb ();
        db->writable = true;
        db->wdb = Xapian::WritableDatabase (path, Xapian::DB_CREATE_OR_OPEN);
    });
    if (!ok) {
        delete db;
        return NULL;
    }
    return db;
}

extern "C" void
_mlg_xapian_db_close (MlgXapianDb *db)
{
    if (db == NULL)
        return;
    /* close() cancels an open transaction and releases the lock now
     * rather than whenever the last reference goes; its errors are of no
     * use to anyone at this point. */
    try {
        db->database ().close ();
    } catch (...) {
    }
    set_crash_info (db, nullptr, nullptr);
    delete db;
}

extern "C" bool
_mlg_xapian_db_begin (MlgXapianDb *db, GError **error)
{
    g_return_val_if_fail (db != NULL && db->writable, false);
    return guard (db, error, [&] { db->wdb.begin_transaction (true); });
}

/* The database the calling thread is committing with a fatal function,
 * for on_terminate(), which runs on the thread whose exception ended the
 * process: several writers (one per shard) may commit at once. */
static thread_local MlgXapianDb *committing = nullptr;
/* The handler on_terminate() replaced, once for the process. */
static std::terminate_handler previous_handler = nullptr;

/* Xapian 1.4 writes the last chunk of each value slot from a destructor
 * (Glass::ValueUpdater) while it commits; when that write fails (a full
 * disk), the exception leaves a destructor and C++ ends the process. The
 * previous commit is intact (the new revision is never made current), so
 * the one thing left to do is to say so: the database's fatal function
 * reports Xapian's error, then the default handler aborts. */
static void
on_terminate ()
{
    static std::atomic<bool> entered{ false };
    /* The last system error of this thread, before anything here can
     * change it: when Xapian's exception is not at hand (a second one
     * thrown while the first unwound), it is the best account left of
     * why the commit failed, a full disk most often. */
    int saved_errno = errno;
    MlgXapianDb *db = committing;
    std::string what;

    if (entered.exchange (true) || db == nullptr || db->fatal == nullptr) {
        /* Not a commit's: the default handler says what it was. */
        if (previous_handler != nullptr)
            previous_handler ();
        abort ();
    }
    try {
        std::exception_ptr current = std::current_exception ();
        if (current)
            std::rethrow_exception (current);
    } catch (const Xapian::Error &e) {
        what = e.get_description ();
    } catch (const std::exception &e) {
        what = e.what ();
    } catch (...) {
    }
    if (what.empty ())
        what = saved_errno != 0
                   ? std::string ("the commit failed (") + g_strerror (saved_errno)
                         + ")"
                   : "the commit failed, for a reason Xapian did not give";
    db->fatal (db->fatal_path.c_str (), what.c_str ());
    if (previous_handler != nullptr)
        previous_handler ();
    abort ();
}

/* What on_crash() needs of a database, on a page of its own that is
 * read-only but while it is being set: the crash it reports is a wild
 * write, which had overwritten a pointer kept with the other statics. */
struct CrashInfo {
    MlgXapianFatalFunc fatal;
    char path[1];   /* NUL-terminated, as long as the page allows */
};
/* The last database given a fatal function: the report of a crash in a
 * guarded call that names no database (_mlg_xapian_check_table()). */
static std::atomic<const CrashInfo *> crash_fallback{ nullptr };

/* SIGSEGV or SIGBUS. Xapian 1.4 trusts the lengths in its B-tree blocks
 * when it rewrites them: a damaged block (position.glass overwritten in
 * the middle, say) made a commit copy out of bounds and crash. That is
 * no exception, and cannot be caught; what can be done is to say so. A
 * crash in a thread that is inside a guarded Xapian call is reported as
 * damage through the fatal function (which ends the process: the
 * database keeps its last commit, since a commit makes its new revision
 * current last); any other crash is left to the default action. */
static void
on_crash (int signum)
{
    const CrashInfo *info =
        crash_here != nullptr ? crash_here : crash_fallback.load ();

    if (in_xapian > 0 && info != nullptr && info->fatal != nullptr)
        info->fatal (info->path,
                     signum == SIGBUS
                         ? "the database is damaged (Xapian crashed reading "
                           "it: SIGBUS); check it with xapian-check (Debian "
                           "package xapian-tools), or index the archives "
                           "again into a new --db directory"
                         : "the database is damaged (Xapian crashed reading "
                           "it: SIGSEGV); check it with xapian-check (Debian "
                           "package xapian-tools), or index the archives "
                           "again into a new --db directory");
    /* The handler was reset on entry (SA_RESETHAND): returning runs the
     * faulting instruction again, which now takes the default action. */
}

static size_t
crash_page_size ()
{
    long page = sysconf (_SC_PAGESIZE);

    return page > 0 ? (size_t) page : 4096;
}

/* Gives `db` the crash report `func` and `path`, or none (NULL). A page
 * once made is kept until the database closes, so that a thread that
 * has just read crash_here never reads an unmapped page. */
static void
set_crash_info (MlgXapianDb *db, MlgXapianFatalFunc func, const char *path)
{
    size_t size = crash_page_size ();

    if (func == nullptr) {
        if (db->crash != nullptr) {
            /* Another database's page (or none) is the fallback now. */
            const CrashInfo *mine = db->crash;
            crash_fallback.compare_exchange_strong (mine, nullptr);
            munmap (db->crash, size);
            db->crash = nullptr;
        }
        return;
    }
    if (db->crash == nullptr) {
        void *p = mmap (nullptr, size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return;
        db->crash = static_cast<CrashInfo *> (p);
    } else if (mprotect (db->crash, size, PROT_READ | PROT_WRITE) != 0) {
        return;
    }
    db->crash->fatal = func;
    g_strlcpy (db->crash->path, path,
               size - offsetof (CrashInfo, path));
    mprotect (db->crash, size, PROT_READ);
    crash_fallback.store (db->crash);
}

/* Installs on_crash() for SIGSEGV and SIGBUS, and on_terminate(), once
 * for the process. They stay: on_crash() reports only a crash inside a
 * guarded call of a database with a fatal function, and on_terminate()
 * only a commit's end, and otherwise both leave it to the default
 * action; so no database's closing can take them from another's
 * writer. */
static void
install_handlers ()
{
    static std::once_flag once;

    std::call_once (once, [] {
        struct sigaction action = {};

        action.sa_handler = on_crash;
        action.sa_flags = SA_RESETHAND;
        sigemptyset (&action.sa_mask);
        sigaction (SIGSEGV, &action, nullptr);
        sigaction (SIGBUS, &action, nullptr);
        previous_handler = std::set_terminate (on_terminate);
    });
}

extern "C" void
_mlg_xapian_db_set_fatal_func (MlgXapianDb *db, MlgXapianFatalFunc func,
                               const char *path)
{
    g_return_if_fail (db != NULL);
    g_return_if_fail (func == NULL || path != NULL);
    db->fatal = func;
    db->fatal_path = path != nullptr ? path : "";
    set_crash_info (db, func, path);
    if (func != nullptr)
        install_handlers ();
}

extern "C" bool
_mlg_xapian_check_table (const char *path, GError **error)
{
    g_return_val_if_fail (path != NULL, false);
    std::string why;
    bool ok = guard (nullptr, error, [&] {
        try {
            /* Only the count matters; without an output stream nothing
             * is printed. */
            if (Xapian::Database::check (path, 0, nullptr) > 0)
                why = "errors found";
        } catch (const Xapian::DatabaseOpeningError &) {
            throw;
        } catch (const Xapian::Error &e) {
            /* Whatever the check throws about the table is damage. */
            why = e.get_description ();
        }
    });
    if (ok && !why.empty ()) {
        set_error (error, MLG_ERROR_CORRUPT, why);
        return false;
    }
    return ok;
}

extern "C" bool
_mlg_xapian_db_commit (MlgXapianDb *db, GError **error)
{
    g_return_val_if_fail (db != NULL && db->writable, false);
    if (db->fatal != nullptr)
        committing = db;
    bool ok = guard (db, error, [&] { db->wdb.commit_transaction (); });
    committing = nullptr;
    if (!ok) {
        /* Leave no half-open transaction behind, whatever state the
         * failed commit left: the caller sees the previous commit. */
        try {
            db->wdb.cancel_transaction ();
        } catch (...) {
        }
    }
    return ok;
}

extern "C" bool
_mlg_xapian_db_cancel (MlgXapianDb *db, GError **error)
{
    g_return_val_if_fail (db != NULL && db->writable, false);
    return guard (db, error, [&] { db->wdb.cancel_transaction (); });
}

extern "C" bool
_mlg_xapian_db_flush (MlgXapianDb *db, GError **error)
{
    g_return_val_if_fail (db != NULL && db->writable, false);
    return guard (db, error, [&] { db->wdb.commit (); });
}

extern "C" bool
_mlg_xapian_db_get_doccount (MlgXapianDb *db, guint64 *count,
                             GError **error)
{
    g_return_val_if_fail (db != NULL && count != NULL, false);
    return guard (db, error,
                  [&] { *count = db->database ().get_doccount (); });
}

extern "C" char *
_mlg_xapian_db_get_metadata (MlgXapianDb *db, const char *key,
                             GError **error)
{
    g_return_val_if_fail (db != NULL && key != NULL, NULL);
    std::string value;
    if (!guard (db, error,
                [&] { value = db->database ().get_metadata (key); }))
        return NULL;
    return g_strndup (value.data (), value.size ());
}

extern "C" bool
_mlg_xapian_db_set_metadata (MlgXapianDb *db, const char *key,
                             const char *value, GError **error)
{
    g_return_val_if_fail (db != NULL && db->writable, false);
    g_return_val_if_fail (key != NULL && value != NULL, false);
    return guard (db, error, [&] { db->wdb.set_metadata (key, value); });
}

extern "C" bool
_mlg_xapian_db_get_postings (MlgXapianDb *db, const char *term,
                             GArray *docids, GError **error)
{
    g_return_val_if_fail (db != NULL && term != NULL && docids != NULL,
                          false);
    guint start = docids->len;
    return guard (db, error, [&] {
        Xapian::Database &d = db->database ();
        g_array_set_size (docids, start);
        /* postlist_end() takes a std::string: made once, not per test. */
        const Xapian::PostingIterator end = d.postlist_end (term);
        for (Xapian::PostingIterator it = d.postlist_begin (term); it != end;
             ++it) {
            guint docid = *it;
            g_array_append_val (docids, docid);
        }
    });
}

extern "C" bool
_mlg_xapian_db_foreach_metadata_key (MlgXapianDb *db, const char *prefix,
                                     MlgXapianKeyFunc func,
                                     gpointer user_data, GError **error)
{
    g_return_val_if_fail (db != NULL && prefix != NULL && func != NULL,
                          false);
    /* As in _mlg_xapian_db_search(): a retry must not repeat keys. */
    guint delivered = 0;
    bool stopped = false;
    return guard (db, error, [&] {
        Xapian::Database &d = db->database ();
        guint index = 0;
        if (stopped)
            return;
        const Xapian::TermIterator end = d.metadata_keys_end (prefix);
        for (Xapian::TermIterator it = d.metadata_keys_begin (prefix);
             it != end; ++it, index++) {
            if (index < delivered)
                continue;
            std::string key = *it;
            delivered++;
            if (!func (key.c_str (), user_data)) {
                stopped = true;
                return;
            }
        }
    });
}

extern "C" GBytes *
_mlg_xapian_db_get_value (MlgXapianDb *db, guint docid, guint slot,
                          GError **error)
{
    g_return_val_if_fail (db != NULL, NULL);
    std::string value;
    if (!guard (db, error, [&] {
            value = db->database ().get_document (docid).get_value (slot);
        }))
        return NULL;
    return g_bytes_new (value.data (), value.size ());
}

extern "C" guint
_mlg_xapian_db_add_document (MlgXapianDb *db, MlgXapianDoc *doc,
                             GError **error)
{
    g_return_val_if_fail (db != NULL && db->writable && doc != NULL, 0);
    guint docid = 0;
    if (!guard (db, error, [&] { docid = db->wdb.add_document (doc->doc); }))
        return 0;
    return docid;
}

extern "C" bool
_mlg_xapian_db_foreach_value (MlgXapianDb *db, guint slot,
                              MlgXapianValueFunc func, gpointer user_data,
                              GError **error)
{
    g_return_val_if_fail (db != NULL && func != NULL, false);

    /* After a retry (a database modified under a reader is reopened),
     * resume after the last document delivered, so that the callback
     * never sees one twice. */
    Xapian::docid last = 0;
    bool stopped = false;
    return guard (db, error, [&] {
        if (stopped)
            return;
        Xapian::Database &d = db->database ();
        Xapian::ValueIterator it = d.valuestream_begin (slot);
        Xapian::ValueIterator end = d.valuestream_end (slot);
        if (last != 0 && it != end)
            it.skip_to (last + 1);
        for (; it != end; ++it) {
            const std::string value = *it;
            last = it.get_docid ();
            if (!func (last, value.c_str (), value.size (), user_data)) {
                stopped = true;
                return;
            }
        }
    });
}

/* ---- stopwords ---- */

/* SimpleStopper, asked about every word of every message, answers a
 * word longer than any stopword (most words) without looking it up. */
class ShortStopper : public Xapian::SimpleStopper {
    size_t longest = 0;

  public:
    void
    add_word (const std::string &word)
    {
        add (word);
        longest = std::max (longest, word.size ());
    }

    bool
    operator() (const std::string &term) const override
    {
        return term.size () <= longest && SimpleStopper::operator() (term);
    }
};

/* Not released to Xapian's reference counting: TermGenerator and
 * QueryParser only borrow it, without touching a counter, so that any
 * number of threads can use one at once. */
struct _MlgXapianStopper {
    ShortStopper stopper;
};

extern "C" MlgXapianStopper *
_mlg_xapian_stopper_new (const char *const *words)
{
    g_return_val_if_fail (words != NULL, NULL);

    try {
        MlgXapianStopper *result = new MlgXapianStopper;
        for (gsize i = 0; words[i] != NULL; i++)
            result->stopper.add_word (words[i]);
        return result;
    } catch (...) {
        /* Out of memory, as g_new() would abort on. */
        g_error ("out of memory creating a stopword list");
    }
}

extern "C" void
_mlg_xapian_stopper_free (MlgXapianStopper *stopper)
{
    delete stopper;
}

/* ---- documents ---- */

extern "C" MlgXapianDoc *
_mlg_xapian_doc_new (void)
{
    try {
        return new MlgXapianDoc ();
    } catch (...) {
        /* Out of memory, as g_new() would abort on. */
        g_error ("out of memory creating a Xapian document");
    }
}

extern "C" void
_mlg_xapian_doc_free (MlgXapianDoc *doc)
{
    delete doc;
}

/* The document setters cannot report errors (their only failure is
 * running out of memory, which aborts, as in GLib); the problems they
 * could cause, such as over-long terms, surface when the document is
 * added. */
template <typename F>
static void
doc_guard (F &&body)
{
    try {
        body ();
    } catch (...) {
        GError *error = NULL;
        classify (&error, false);
        g_error ("Xapian document operation failed: %s", error->message);
    }
}

extern "C" void
_mlg_xapian_doc_add_term (MlgXapianDoc *doc, const char *term, guint wdf)
{
    g_return_if_fail (doc != NULL && term != NULL);
    doc_guard ([&] { doc->doc.add_term (term, wdf); });
}

extern "C" void
_mlg_xapian_doc_add_boolean_term (MlgXapianDoc *doc, const char *term)
{
    g_return_if_fail (doc != NULL && term != NULL);
    doc_guard ([&] { doc->doc.add_boolean_term (term); });
}

extern "C" void
_mlg_xapian_doc_index_text (MlgXapianDoc *doc, const char *text,
                            const char *prefix, bool positions,
                            const MlgXapianStopper *stopper)
{
    g_return_if_fail (doc != NULL && text != NULL && prefix != NULL);
    doc_guard ([&] {
        if (doc->generator == nullptr) {
            doc->generator = new Xapian::TermGenerator ();
            doc->generator->set_document (doc->doc);
            /* Skipped words take no position (Xapian 1.4's STOP_ALL). */
            doc->generator->set_stopper_strategy (
                Xapian::TermGenerator::STOP_ALL);
        }
        doc->generator->set_stopper (stopper != nullptr ? &stopper->stopper
                                                        : nullptr);
        if (positions) {
            /* A gap between fields keeps phrases from spanning two. */
            doc->generator->increase_termpos ();
            doc->generator->index_text (text, 1, prefix);
        } else {
            doc->generator->index_text_without_positions (text, 1, prefix);
        }
    });
}

extern "C" void
_mlg_xapian_doc_add_value (MlgXapianDoc *doc, guint slot, const void *value,
                           gsize len)
{
    g_return_if_fail (doc != NULL && (value != NULL || len == 0));
    doc_guard ([&] {
        doc->doc.add_value (slot, std::string ((const char *) value, len));
    });
}

extern "C" GBytes *
_mlg_xapian_sortable_serialise (double value)
{
    std::string s;
    doc_guard ([&] { s = Xapian::sortable_serialise (value); });
    return g_bytes_new (s.data (), s.size ());
}

/* ---- queries ---- */

/* Parses "YYYY", "YYYY-MM", "YYYY-MM-DD" or "YYYYMMDD" into the first
 * second of that period (UTC) when `end` is false, or its last second
 * when true. */
static bool
parse_date_bound (const std::string &text, bool end, gint64 *seconds)
{
    int year = 0, month = 0, day = 0;
    char tail = 0;
    const char *s = text.c_str ();

    if (sscanf (s, "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3
        && text.size () == 10) {
    } else if (sscanf (s, "%4d-%2d%c", &year, &month, &tail) == 2
               && text.size () == 7) {
        day = 0;
    } else if (text.size () == 8 && text.find_first_not_of ("0123456789")
                                        == std::string::npos) {
        year = atoi (text.substr (0, 4).c_str ());
        month = atoi (text.substr (4, 2).c_str ());
        day = atoi (text.substr (6, 2).c_str ());
    } else if (text.size () == 4 && text.find_first_not_of ("0123456789")
                                        == std::string::npos) {
        year = atoi (s);
    } else {
        return false;
    }
    if (year < 1 || month < 0 || month > 12 || day < 0 || day > 31
        || (month == 0 && day != 0))
        return false;

    GDateTime *start = g_date_time_new_utc (year, month ? month : 1,
                                            day ? day : 1, 0, 0, 0);
    if (start == NULL)
        return false;
    if (!end) {
        *seconds = g_date_time_to_unix (start);
    } else {
        GDateTime *next = day     ? g_date_time_add_days (start, 1)
                          : month ? g_date_time_add_months (start, 1)
                                  : g_date_time_add_years (start, 1);
        *seconds = g_date_time_to_unix (next) - 1;
        g_date_time_unref (next);
    }
    g_date_time_unref (start);
    return true;
}

/* `date:A..B` over a value slot holding sortable_serialise(epoch). The
 * stock DateRangeProcessor wants YYYYMMDD strings in the slot, but the
 * store keeps numbers so that sorting by date is exact to the second. */
class EpochRangeProcessor : public Xapian::RangeProcessor {
  public:
    EpochRangeProcessor (Xapian::valueno slot_, const std::string &field)
        : Xapian::RangeProcessor (slot_, field + ":")
    {
    }

    Xapian::Query
    operator() (const std::string &begin, const std::string &end) override
    {
        gint64 from = 0, to = 0;
        bool has_from = !begin.empty (), has_to = !end.empty ();

        if ((has_from && !parse_date_bound (begin, false, &from))
            || (has_to && !parse_date_bound (end, true, &to)))
            return Xapian::Query (Xapian::Query::OP_INVALID);
        std::string a = Xapian::sortable_serialise ((double) from);
        std::string b = Xapian::sortable_serialise ((double) to);
        if (has_from && has_to)
            return Xapian::Query (Xapian::Query::OP_VALUE_RANGE, slot, a, b);
        if (has_from)
            return Xapian::Query (Xapian::Query::OP_VALUE_GE, slot, a);
        return Xapian::Query (Xapian::Query::OP_VALUE_LE, slot, b);
    }
};

/* A FILTER field: the C side decides what a value means. A value it
 * rejects must not throw out of QueryParser, whose parser leaks what it
 * was building when an exception passes through it: the processor keeps
 * the first complaint in `failure`, and the caller raises it once
 * parse_query() has returned. */
class ExpandProcessor : public Xapian::FieldProcessor {
    std::string field;
    MlgXapianExpandFunc expand;
    gpointer user_data;
    std::string *failure;

  public:
    ExpandProcessor (const char *field_, MlgXapianExpandFunc expand_,
                     gpointer user_data_, std::string *failure_)
        : field (field_), expand (expand_), user_data (user_data_),
          failure (failure_)
    {
    }

    Xapian::Query
    operator() (const std::string &value) override
    {
        GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
        GPtrArray *prefixes = g_ptr_array_new_with_free_func (g_free);
        GError *error = NULL;
        std::vector<Xapian::Query> parts;

        if (!expand (field.c_str (), value.c_str (), terms, prefixes,
                     user_data, &error)) {
            if (failure->empty ())
                *failure = error != NULL ? error->message
                                         : "invalid " + field + ":";
            g_clear_error (&error);
            g_ptr_array_unref (terms);
            g_ptr_array_unref (prefixes);
            return Xapian::Query::MatchNothing;
        }
        try {
            for (guint i = 0; i < terms->len; i++)
                parts.emplace_back ((const char *) terms->pdata[i]);
            for (guint i = 0; i < prefixes->len; i++)
                parts.emplace_back (Xapian::Query::OP_WILDCARD,
                                    (const char *) prefixes->pdata[i], 0,
                                    Xapian::Query::WILDCARD_LIMIT_ERROR,
                                    Xapian::Query::OP_OR);
        } catch (...) {
            g_ptr_array_unref (terms);
            g_ptr_array_unref (prefixes);
            throw;
        }
        g_ptr_array_unref (terms);
        g_ptr_array_unref (prefixes);
        if (parts.empty ())
            return Xapian::Query::MatchNothing;
        return Xapian::Query (Xapian::Query::OP_OR, parts.begin (),
                              parts.end ());
    }
};

struct _MlgXapianQuery {
    Xapian::Query query;
};

/* Whether the leaf `term` of a FREE field is a stopword: its word is the
 * term without the field's prefix. */
static bool
is_stopword (const std::string &term, const MlgXapianQueryField *fields,
             gsize n_fields, const Xapian::Stopper &stopper)
{
    for (gsize i = 0; i < n_fields; i++) {
        const char *prefix = fields[i].prefix;
        gsize len = strlen (prefix);

        if (fields[i].kind == MLG_XAPIAN_FIELD_FREE
            && term.compare (0, len, prefix) == 0
            && stopper (term.substr (len)))
            return true;
    }
    return false;
}

/* Whether `query` stands for stopwords alone: a stopword, or the same
 * word under each prefix of the default field (an OR of them). */
static bool
is_stopword_query (const Xapian::Query &query,
                   const MlgXapianQueryField *fields, gsize n_fields,
                   const Xapian::Stopper &stopper)
{
    switch (query.get_type ()) {
    case Xapian::Query::LEAF_TERM:
        return is_stopword (*query.get_terms_begin (), fields, n_fields,
                            stopper);
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
        for (size_t i = 0; i < query.get_num_subqueries (); i++)
            if (!is_stopword_query (query.get_subquery (i), fields,
                                    n_fields, stopper))
                return false;
        return query.get_num_subqueries () > 0;
    default:
        return false;
    }
}

/* Returns `query` without the stopwords QueryParser left in it, setting
 * `changed`. QueryParser drops stopwords from plain words, but keeps them
 * in phrases ("out of band", out-of-band) and in `+the` and `a AND the`,
 * while the indexer left them out of the text, which holds "out band":
 * what matches is the query without them. A phrase or an AND of
 * stopwords alone stays (it matches nothing, as nothing was indexed).
 * Only the operators QueryParser builds from the documented syntax are
 * rebuilt: OP_SCALE_WEIGHT and OP_ELITE_SET carry a parameter a Query
 * does not give back, and OP_NEAR (and a phrase's own window, from ADJ/N,
 * which becomes an exact phrase again) their window: NEAR with a stopword
 * finds nothing. */
static Xapian::Query
without_stopwords (const Xapian::Query &query,
                   const MlgXapianQueryField *fields, gsize n_fields,
                   const Xapian::Stopper &stopper, bool *changed)
{
    Xapian::Query::op op = query.get_type ();
    size_t n = query.get_num_subqueries ();
    bool drop = op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_AND;
    std::vector<Xapian::Query> kept;
    bool any = false;

    *changed = false;
    switch (op) {
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        break;
    default:
        return query;
    }
    for (size_t i = 0; i < n; i++) {
        Xapian::Query sub = query.get_subquery (i);
        bool sub_changed;

        if (drop && is_stopword_query (sub, fields, n_fields, stopper)) {
            any = true;
            continue;
        }
        kept.push_back (without_stopwords (sub, fields, n_fields, stopper,
                                           &sub_changed));
        any = any || sub_changed;
    }
    if (!any || kept.empty ())
        return query;
    *changed = true;
    if (drop && kept.size () == 1)
        return kept[0];
    return Xapian::Query (op, kept.begin (), kept.end ());
}

extern "C" MlgXapianQuery *
_mlg_xapian_query_parse (const char *text, const MlgXapianQueryField *fields,
                         gsize n_fields, const char *date_field,
                         guint date_slot, const MlgXapianStopper *stopper,
                         MlgXapianExpandFunc expand, gpointer user_data,
                         GError **error)
{
    g_return_val_if_fail (text != NULL, NULL);
    g_return_val_if_fail (fields != NULL || n_fields == 0, NULL);

    MlgXapianQuery *result = nullptr;
    std::string failure;
    bool ok = guard (nullptr, error, [&] {
        Xapian::QueryParser parser;
        parser.set_default_op (Xapian::Query::OP_AND);
        for (gsize i = 0; i < n_fields; i++) {
            if (fields[i].kind == MLG_XAPIAN_FIELD_FREE)
                parser.add_prefix (fields[i].field, fields[i].prefix);
            else
                parser.add_boolean_prefix (
                    fields[i].field,
                    (new ExpandProcessor (fields[i].field, expand,
                                          user_data, &failure))
                        ->release ());
        }
        if (date_field != NULL)
            parser.add_rangeprocessor (
                (new EpochRangeProcessor (date_slot, date_field))
                    ->release ());
        if (stopper != nullptr)
            parser.set_stopper (&stopper->stopper);
        Xapian::Query q = parser.parse_query (
            text, Xapian::QueryParser::FLAG_DEFAULT
                      | Xapian::QueryParser::FLAG_WILDCARD
                      | Xapian::QueryParser::FLAG_PURE_NOT);
        if (!failure.empty ())
            throw Xapian::QueryParserError (failure);
        if (stopper != nullptr) {
            bool changed;
            q = without_stopwords (q, fields, n_fields, stopper->stopper,
                                   &changed);
        }
        result = new MlgXapianQuery{q};
    });
    if (!ok) {
        delete result;
        return NULL;
    }
    return result;
}

extern "C" void
_mlg_xapian_query_free (MlgXapianQuery *query)
{
    delete query;
}

/* Rejects the documents of a sorted docid array. */
class ExcludeDocids : public Xapian::MatchDecider {
    const guint *docids;
    gsize n;

  public:
    ExcludeDocids (const guint *docids_, gsize n_) : docids (docids_), n (n_)
    {
    }

    bool
    operator() (const Xapian::Document &doc) const override
    {
        return !std::binary_search (docids, docids + n, doc.get_docid ());
    }
};

extern "C" bool
_mlg_xapian_db_search (MlgXapianDb *db, const MlgXapianQuery *query,
                       const MlgXapianQuery *filter, guint date_slot,
                       guint value_slot, const guint *excluded,
                       gsize n_excluded, gint64 since, gint64 until,
                       guint offset, guint limit,
                       guint64 *total, MlgXapianHitFunc func,
                       gpointer user_data, GError **error)
{
    g_return_val_if_fail (db != NULL && query != NULL && func != NULL,
                          false);

    /* A retry after DatabaseModifiedError must not deliver hits twice:
     * count what was delivered and skip it the next time. */
    guint delivered = 0;
    bool stopped = false;
    return guard (db, error, [&] {
        if (stopped)
            return;
        Xapian::Database &d = db->database ();
        Xapian::Query q = query->query;
        if (filter != NULL)
            q = Xapian::Query (Xapian::Query::OP_FILTER, q, filter->query);
        if (since != G_MININT64 || until != G_MAXINT64) {
            std::string a = Xapian::sortable_serialise ((double) since);
            std::string b = Xapian::sortable_serialise ((double) until);
            Xapian::Query range =
                since == G_MININT64
                    ? Xapian::Query (Xapian::Query::OP_VALUE_LE, date_slot, b)
                : until == G_MAXINT64
                    ? Xapian::Query (Xapian::Query::OP_VALUE_GE, date_slot, a)
                    : Xapian::Query (Xapian::Query::OP_VALUE_RANGE,
                                     date_slot, a, b);
            q = Xapian::Query (Xapian::Query::OP_FILTER, q, range);
        }

        Xapian::Enquire enquire (d);
        enquire.set_query (q);
        /* Newest first; equal dates in docid order, so that the order is
         * stable from one run to the next. */
        enquire.set_sort_by_value (date_slot, true);
        enquire.set_docid_order (Xapian::Enquire::ASCENDING);
        ExcludeDocids decider (excluded, n_excluded);
        /* Over several databases (a stub's shards) Xapian 1.4 hands a
         * MatchDecider each shard's document with the shard's own docid,
         * not the docid of the whole that `excluded` holds, and the
         * remote backend takes no MatchDecider at all: there, every
         * match is asked for and the excluded ones are skipped here. */
        bool skip_here = n_excluded > 0 && d.size () > 1;
        /* Checking every document makes the count exact; a sorted search
         * looks at every match anyway. */
        Xapian::MSet mset =
            skip_here ? enquire.get_mset (0, d.get_doccount (),
                                          d.get_doccount ())
                      : enquire.get_mset (offset, limit, d.get_doccount (),
                                          nullptr,
                                          n_excluded > 0 ? &decider
                                                         : nullptr);
        Xapian::MSetIterator it = mset.begin ();
        guint64 skipped = 0;
        if (skip_here) {
            /* Counts the excluded matches, and moves to the offset-th
             * match that is not excluded. */
            guint64 kept = 0;
            for (Xapian::MSetIterator m = mset.begin (); m != mset.end ();
                 ++m) {
                if (std::binary_search (excluded, excluded + n_excluded,
                                        (guint) *m))
                    skipped++;
            }
            while (it != mset.end () && kept < offset) {
                if (!std::binary_search (excluded, excluded + n_excluded,
                                         (guint) *it))
                    kept++;
                ++it;
            }
        }
        if (total != NULL)
            *total = mset.get_matches_estimated () - skipped;
        guint index = 0;
        for (; it != mset.end () && (!skip_here || index < limit); ++it) {
            if (skip_here
                && std::binary_search (excluded, excluded + n_excluded,
                                       (guint) *it))
                continue;
            if (index++ < delivered)
                continue;
            std::string value = it.get_document ().get_value (value_slot);
            delivered++;
            if (!func (*it, value.data (), value.size (), user_data)) {
                stopped = true;
                return;
            }
        }
    });
}
