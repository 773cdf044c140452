/* mlg-indexer.h - the public interface of the indexer: message facts, the
 * store that keeps them, and the indexer that fills the store from archives.
 *
 * This is the only indexer header that code outside indexer/ may include.
 * It does not expose GMime or Xapian: the analysis and the CLI see facts,
 * never MIME objects or Xapian documents.
 *
 * Ownership: a function returning `char *`, a record or a handle gives the
 * caller ownership; `const char *` is borrowed and lives as long as the
 * object it came from.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

#define MLG_ARCHIVE_ERROR (mlg_archive_error_quark ())
#define MLG_STORE_ERROR (mlg_store_error_quark ())

/* Codes shared by MLG_ARCHIVE_ERROR and MLG_STORE_ERROR. */
typedef enum {
    MLG_ERROR_NOT_FOUND, /* a file, directory, database or message is absent */
    MLG_ERROR_LOCKED,    /* another writer holds the database */
    MLG_ERROR_CORRUPT,   /* the database is damaged */
    MLG_ERROR_INVALID,   /* not an archive / not a mlgauge database */
    MLG_ERROR_IO,        /* read or write failed */
    MLG_ERROR_FAILED,    /* anything else */
    MLG_ERROR_CANCELLED  /* stopped by mlg_indexer_cancel() */
} MlgErrorCode;

GQuark mlg_archive_error_quark (void);
GQuark mlg_store_error_quark (void);

/* ------------------------------------------------------------------ */
/* Message facts                                                        */
/* ------------------------------------------------------------------ */

/* Who sent a message: a person, or a machine. Automated mail never counts
 * as a participant; an `I-D Action` announcement is automated but is
 * evidence of an active draft, so it has a kind of its own. */
typedef enum {
    MLG_KIND_PERSON = 0,
    MLG_KIND_AUTOMATED,
    MLG_KIND_DRAFT_ANNOUNCEMENT
} MlgSenderKind;

typedef enum {
    MLG_STANCE_NONE = 0,
    MLG_STANCE_SUPPORT,
    MLG_STANCE_OBJECTION
} MlgStance;

/* What kind of words gave a message its stance, which says what they
 * are aimed at. Most agreement is with whatever the message answers:
 * whether that makes it a stance on the proposal is for the analysis to
 * decide, which knows the reply tree and the proposal's proponents. */
typedef enum {
    /* A plain vote on what the message answers: "+1", "I agree", "I
     * disagree", "works for me". */
    MLG_CUE_ANSWER = 0,
    /* Words that name the proposal itself: "I support adoption of this
     * draft", "this should not be adopted", and trailers in the sender's
     * own name ("Acked-by:"), which are for the patch of the thread. */
    MLG_CUE_PROPOSAL,
    /* A mitigated reaction to what the message answers: an opener
     * ("Yes.", "Exactly.", "No,"), a judgement ("makes sense", "is a
     * mistake") or a doubt ("I don't think", "I'm worried"). People
     * soften disagreement and state agreement plainly, so a mitigated
     * objection is an objection, while mitigated agreement with the
     * proponent is often only an acknowledgement of a point. */
    MLG_CUE_HEDGE
} MlgStanceCue;

/* Where the message date came from, best first. */
typedef enum {
    MLG_DATE_FROM_HEADER = 0, /* Date: */
    MLG_DATE_FROM_RECEIVED,   /* the newest Received: */
    MLG_DATE_FROM_MBOX_LINE,  /* the mbox `From ` separator */
    MLG_DATE_FROM_ARCHIVE,    /* the archive's month (pipermail file name) */
    MLG_DATE_UNKNOWN          /* nothing usable: date is 0 */
} MlgDateSource;

/* Per-message problems. A bad message is not an error: the indexer keeps
 * it, records what was wrong here, and `stats` counts these bits. */
typedef enum {
    MLG_PROBLEM_NO_MESSAGE_ID = 1 << 0,  /* id is synthetic */
    MLG_PROBLEM_BAD_MESSAGE_ID = 1 << 1, /* repaired: folded, doubled <> */
    MLG_PROBLEM_BAD_DATE = 1 << 2,       /* Date: missing or unparsable */
    MLG_PROBLEM_ABSURD_DATE = 1 << 3,    /* before 1980 or in the future */
    MLG_PROBLEM_CHARSET = 1 << 4,        /* text not decodable as declared */
    MLG_PROBLEM_BROKEN_MIME = 1 << 5,    /* a part could not be parsed */
    MLG_PROBLEM_NO_SENDER = 1 << 6,      /* no usable From: */
    MLG_PROBLEM_NO_TEXT = 1 << 7,        /* no readable body */
    MLG_PROBLEM_OVERSIZED = 1 << 8,      /* past a size limit: read in part */
    MLG_PROBLEM_CONFLICTING_ID = 1 << 9, /* its Message-ID was taken by a
                                          * different message: stored
                                          * apart (see mlg-store-private.h) */
} MlgProblem;

#define MLG_PROBLEM_COUNT 10

/* The agenda-request checklist (DESIGN section 5), as signals found in a
 * message's subject and new text. Analysis reads them on a thread root. */
typedef enum {
    MLG_CHECK_DRAFT = 1 << 0,          /* (1) draft pointers */
    MLG_CHECK_PRIOR_DISCUSSION = 1 << 1, /* (2) prior discussion pointers */
    MLG_CHECK_IMPLEMENTATION = 1 << 2, /* (3) implementation pointers */
    MLG_CHECK_BACKGROUND = 1 << 3,     /* (4) background material */
    MLG_CHECK_WG_ENGAGEMENT = 1 << 4,  /* (5) prior engagement with WGs */
    MLG_CHECK_WHO = 1 << 5,            /* (6) who would advance the work */
    MLG_CHECK_NEXT_STEP = 1 << 6,      /* (7) desired next step */
    MLG_CHECK_TIME = 1 << 7,           /* (8) desired meeting time */
} MlgChecklistItem;

#define MLG_CHECKLIST_COUNT 8

typedef enum {
    MLG_POINTER_DRAFT = 0, /* value: draft name without revision */
    MLG_POINTER_RFC,       /* value: "rfc9110" */
    MLG_POINTER_IMPL,      /* value: repository URL */
    MLG_POINTER_ARCHIVE,   /* value: mail-archive URL (prior discussion) */
    MLG_POINTER_SLIDES,    /* value: URL of slides */
    MLG_POINTER_AUTHOR     /* value: an author's name as an I-D
                            * announcement's `Authors:` gives it
                            * ("J. Smith"); only in announcements */
} MlgPointerKind;

/* One pointer found in a message. For drafts, `revision` is the revision
 * number given (`-03` -> 3) or -1 when the mention had none. */
typedef struct {
    MlgPointerKind kind;
    char *value;
    int revision;
} MlgPointer;

MlgPointer *mlg_pointer_new (MlgPointerKind kind, const char *value,
                             int revision);
void mlg_pointer_free (MlgPointer *pointer);

/* Everything indexing learns about one message (DESIGN section 4).
 *
 * A plain record: every string and array is owned by the record and freed
 * by mlg_message_facts_free(). Arrays hold `char *` unless said otherwise,
 * and are never NULL (possibly empty). Nullable strings say so.
 *
 * `new_text` and `quoted_text` are only filled while indexing: they go to
 * the full-text index and are not stored as facts, so a record read back
 * from the store has them NULL (analysis never needs bodies). */
typedef struct {
    char *id;              /* Message-ID without brackets, or synthetic */
    GPtrArray *lists;      /* list ids, e.g. "dispatch.ietf.org" */
    char *source;          /* archive path as given to `index` */
    gint64 offset;         /* byte offset of the message in `source` */
    char *permalink;       /* nullable: Archived-At URL */
    gint64 date;           /* seconds since the epoch, UTC */
    MlgDateSource date_source;
    char *from_addr;       /* normalised address; "" when none */
    char *from_name;       /* decoded display name; "" when none */
    char *org;             /* organisation of from_addr; "" when none */
    GPtrArray *to;         /* normalised To: addresses */
    GPtrArray *cc;         /* normalised Cc: addresses */
    char *subject;         /* decoded subject; "" when none */
    char *subject_norm;    /* without Re:/Fwd:/AW:/[list] tags, folded */
    char *in_reply_to;     /* nullable: parent id without brackets */
    GPtrArray *references; /* ids, oldest first */
    GPtrArray *pointers;   /* MlgPointer *, in order of first mention */
    MlgStance stance;      /* what the new text says (see MlgStanceCue) */
    MlgStanceCue stance_cue;
    char *stance_quote;    /* nullable: the sentence that gave the stance */
    char *question;        /* nullable: the first sentence of the new text
                            * that asks a question (ends in '?'; see
                            * _mlg_extract_question()), at most 200
                            * characters; NULL when the message asks none */
    MlgSenderKind kind;
    guint checklist;       /* MlgChecklistItem bits */
    guint problems;        /* MlgProblem bits */
    guint64 text_digest;   /* a digest of new_text (mlg-facts-private.h),
                            * which tells copies of one message from
                            * different messages under one id; 0:
                            * unknown (stored by an mlgauge before
                            * database format 6) */
    char *new_text;        /* nullable: transient, see above */
    char *quoted_text;     /* nullable: transient, see above */
} MlgMessageFacts;

/* Returns: (transfer full) an empty record with all arrays allocated. */
MlgMessageFacts *mlg_message_facts_new (void);
void mlg_message_facts_free (MlgMessageFacts *facts);

/* Adds `list` to facts->lists unless it is already there (cross-posts).
 * Returns: true when it was added. */
bool mlg_message_facts_add_list (MlgMessageFacts *facts, const char *list);


/* The longest bracket at the start of a subject read as a `[list]` or
 * topic tag (counted from '[' to ']'); a longer one is part of the
 * title. */
#define MLG_SUBJECT_TAG_MAX 64

/* Returns: the length in bytes of the reply or forward prefix at the start
 * of `s` (nullable), with the white space around it ("Re: ", "RE[2]:",
 * "Re^2:", "AW :", "Fwd:", "回复："), or 0 when there is none.
 * `*reply` (nullable) is set to whether it is a reply's prefix rather
 * than a forward's. The one list of prefixes behind this is also what the
 * normalised subject (facts->subject_norm) is stripped of. */
size_t mlg_subject_prefix_len (const char *s, bool *reply);

/* Returns: true when `subject` (nullable) starts with a reply prefix
 * (Re:, RE[2]:, AW:, SV:, Antw:, ...), after `[list]` tags. The first
 * prefix decides: "Fwd: Re: x" is a forward, not a reply. */
bool mlg_subject_is_reply (const char *subject);

/* How mlg_format_time() writes an instant; always in UTC. */
typedef enum {
    MLG_TIME_ISO,    /* 2024-03-01T12:00:00Z: what programs read (CSV, JSON,
                        HTML datetime attributes, stored stamps) */
    MLG_TIME_MINUTE, /* 2024-03-01 12:00: what people read */
    MLG_TIME_DAY     /* 2024-03-01 */
} MlgTimeFormat;

/* The one way an instant becomes text, so that every output writes a date
 * alike. `t` is seconds since the epoch; 0 means unknown, as in the
 * message facts.
 * Returns: (transfer full) (nullable) the text, or NULL when `t` is 0 or
 * outside what GDateTime can represent (the caller decides what an
 * unknown date looks like: "", null, a dash). */
char *mlg_format_time (gint64 t, MlgTimeFormat format);

/* Returns: (transfer none) static names for enum values, as printed by
 * `show` and `stats`: "person", "support", "header", "no-message-id", ... */
const char *mlg_sender_kind_to_string (MlgSenderKind kind);
const char *mlg_stance_to_string (MlgStance stance);
const char *mlg_stance_cue_to_string (MlgStanceCue cue);
const char *mlg_date_source_to_string (MlgDateSource source);
const char *mlg_problem_to_string (MlgProblem problem);
const char *mlg_checklist_item_to_string (MlgChecklistItem item);

/* ------------------------------------------------------------------ */
/* The store                                                            */
/* ------------------------------------------------------------------ */

typedef struct _MlgStore MlgStore;

typedef enum { MLG_STORE_READ, MLG_STORE_WRITE } MlgStoreMode;

/* What adding a message did. */
typedef enum {
    MLG_STORE_ADDED,       /* a new message */
    MLG_STORE_NEW_LIST,    /* known message, seen on a new list: stored
                              again with all its lists (mlg-store.c) */
    MLG_STORE_DUPLICATE,   /* known message, nothing new */
    MLG_STORE_CONFLICT     /* a different message under a known id: a new
                              message, stored apart (see mlg-store-private.h) */
} MlgStoreAddResult;

/* How far a source (one archive file) was read, for incremental runs. */
typedef struct {
    gint64 size;   /* file size when last read */
    gint64 mtime;  /* modification time (seconds) when last read */
    gint64 offset; /* where to resume: the start of the last message read */
} MlgSourceProgress;

/* Opens the database in directory `path`. MLG_STORE_WRITE creates it when
 * absent and takes the writer lock.
 *
 * Errors: NOT_FOUND (READ and no database), LOCKED (another writer),
 * INVALID (the directory holds something that is not a mlgauge database),
 * CORRUPT, IO.
 * Returns: (transfer full) the store, or NULL with `error` set. */
MlgStore *mlg_store_open (const char *path, MlgStoreMode mode,
                          GError **error);

/* Commits what is pending (in write mode) and closes. Accepts NULL.
 * Pending changes that could not be committed are dropped: the database
 * keeps its last commit (see mlg_store_set_fatal_func() for the one case
 * where the process ends instead). */
void mlg_store_close (MlgStore *store);

/* Opens shard `k` of `n` of the sharded database in directory `path` for
 * writing (`mlgauge index --shard K/N`): creates the directory, its stub
 * (naming the `n` shards, when it has none) and the shard (DIR/shard-K)
 * as needed. Only messages of shard k (mlg-store-private.h) belong
 * there (the caller leaves the others out). Reading the directory
 * (mlg_store_open()) reads all its shards as one database.
 * Errors: as mlg_store_open(), and MLG_STORE_ERROR INVALID when `path`
 * is a single database, its stub names another number of shards, or the
 * shard is marked as another one.
 * Returns: (transfer full) the shard's store, or NULL. */
MlgStore *mlg_store_open_shard (const char *path, guint k, guint n,
                                GError **error);

/* Sets `*n` to the number of shards the database in directory `path`
 * has, for writing them: the lines of its stub; 0 when it is not sharded
 * (a single database, or none yet).
 * Errors: MLG_STORE_ERROR IO or INVALID for a stub that cannot be read,
 * or that names other databases than DIR/shard-K on line K (remote
 * shards, copies elsewhere). */
bool mlg_store_count_shards (const char *path, guint *n, GError **error);

/* Makes everything added so far durable, atomically. */
bool mlg_store_commit (MlgStore *store, GError **error);

/* A commit that fails in the wrong place (a full disk while Xapian 1.4
 * writes value streams from a destructor) ends the process: C++ calls
 * std::terminate. So does a damaged database that the checks missed
 * (see mlg-store-private.h): Xapian may crash (SIGSEGV) reading it. The
 * database keeps its previous commit. `func` is called first, inside
 * the terminate or signal handler (other threads still run), with the
 * database's path and what happened (both borrowed), so that a program
 * can say so and _exit() with its own status; if it returns, the process
 * aborts. Write mode only; one such store per process. Covered: commits
 * (mlg_store_commit(), and the commit of mlg_store_close()), and for
 * crashes every call of this store into Xapian in the thread that makes
 * it; setting a function installs the process's SIGSEGV and SIGBUS
 * handlers (NULL restores the default ones). */
typedef void (*MlgStoreFatalFunc) (const char *db_path, const char *what);
void mlg_store_set_fatal_func (MlgStore *store, MlgStoreFatalFunc func);

/* Which stance rules the stored messages were read with: only the
 * built-in ones, or those plus phrases from a config (`mlgauge index
 * --config`). */
typedef enum {
    MLG_STANCE_RULES_NONE = 0, /* no message stored yet */
    MLG_STANCE_RULES_CURRENT,  /* one set, this mlgauge's built-in rules */
    MLG_STANCE_RULES_MIXED,    /* runs used different phrases */
    MLG_STANCE_RULES_OLDER,    /* indexed by an older mlgauge, whose
                                * stances were not aimed (re-index) */
} MlgStanceRules;

/* Returns: (transfer none) "none", "current", "mixed" or "older". */
const char *mlg_stance_rules_to_string (MlgStanceRules rules);

/* Returns: (transfer full) phrases added to the built-in stance rules, as
 * the store records them: a line "support: PHRASE" or "objection:
 * PHRASE" each, in the order given; "" when none. */
char *mlg_stance_phrases_to_string (const char *const *support,
                                    const char *const *objection);

/* Reads which stance rules the stored messages were read with: `*state`,
 * and `*phrases` (transfer full; nullable argument) the phrases of the
 * latest run that stored messages, as mlg_stance_phrases_to_string()
 * gives them ("" when none, or when unknown). */
bool mlg_store_get_stance_rules (MlgStore *store, MlgStanceRules *state,
                                 char **phrases, GError **error);
/* What a fetcher (`mlgauge fetch`) remembers of one remote source, so
 * that the next run asks only for what is new: for an IMAP folder its
 * UIDVALIDITY and the UIDs fetched, for an HTTP file its ETag and
 * Last-Modified. `key` names the source (its URL); `value` is the
 * fetcher's own text, which the store keeps as it is.
 *
 * mlg_store_get_fetch_state() returns: (transfer full) the value,
 * committed or pending; NULL when none is recorded (`error` unset) or on
 * error (`error` set).
 * mlg_store_set_fetch_state() records `value`, durable with the next
 * commit together with the messages added before it (write mode). */
char *mlg_store_get_fetch_state (MlgStore *store, const char *key,
                                 GError **error);
bool mlg_store_set_fetch_state (MlgStore *store, const char *key,
                                const char *value, GError **error);

/* Returns: (transfer full) the facts of message `id`, or NULL with
 * NOT_FOUND (or another error). `new_text` and `quoted_text` are NULL. */
MlgMessageFacts *mlg_store_get_message (MlgStore *store, const char *id,
                                        GError **error);

/* Called once per stored message. `facts` is borrowed for the duration of
 * the call. Return false to stop early. */
typedef bool (*MlgFactsFunc) (const MlgMessageFacts *facts,
                              gpointer user_data);

/* Loads every stored message's facts (no bodies), in the order they were
 * stored (the cheapest to read: callers that need another order sort); a
 * message stored again for another list comes once, where it was stored
 * last, merged from all its copies (as mlg_store_get_message() gives
 * it). */
bool mlg_store_foreach (MlgStore *store, MlgFactsFunc func,
                        gpointer user_data, GError **error);

/* Returns: the number of stored messages. */
guint64 mlg_store_count (MlgStore *store);

/* Returns: (transfer none) the database directory. */
const char *mlg_store_get_path (MlgStore *store);

/* One shard of a sharded database, as `mlgauge stats` prints it. */
typedef struct {
    char *path;           /* the shard's database, as the stub names it */
    guint64 messages;     /* its documents that are not superseded */
    gint64 written;       /* when a writer last committed messages to it
                           * (seconds since the epoch, the writer's
                           * clock): on a report host, how old its copy
                           * is; 0 when it does not say */
} MlgShardStats;

/* What is indexed, as `mlgauge stats` prints it. */
typedef struct {
    guint64 messages;
    guint64 senders;      /* distinct from_addr of people */
    gint64 first;         /* earliest date (0 when no message) */
    gint64 last;          /* latest date */
    guint64 kinds[3];     /* messages per MlgSenderKind */
    guint64 problems[MLG_PROBLEM_COUNT]; /* messages per MlgProblem bit */
    GPtrArray *lists;     /* (char *) list ids, sorted */
    GArray *list_counts;  /* guint64 messages per entry of `lists` */
    MlgStanceRules stance_rules;
    char *stance_phrases; /* phrases added to the built-in stance rules,
                           * as mlg_stance_phrases_to_string() */
    char *datatracker_refreshed; /* nullable: the last `fetch
                                  * --datatracker`, "YYYY-MM-DDTHH:MM:SSZ" */
    guint datatracker_documents; /* drafts it stored */
    guint datatracker_groups;    /* groups whose chairs it stored */
    GPtrArray *shards;    /* MlgShardStats *, in the stub's order; empty
                           * for a single database */
} MlgStoreStats;

/* Counts what the store holds (one pass over the facts).
 * Returns: (transfer full) the counts, or NULL with `error` set. */
MlgStoreStats *mlg_store_stats_new (MlgStore *store, GError **error);
void mlg_store_stats_free (MlgStoreStats *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgStoreStats, mlg_store_stats_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgMessageFacts, mlg_message_facts_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgPointer, mlg_pointer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgStore, mlg_store_close)

/* ------------------------------------------------------------------ */
/* The indexer                                                          */
/* ------------------------------------------------------------------ */

typedef struct _MlgIndexer MlgIndexer;

/* Called as input is read; `done` and `total` are bytes over all sources
 * of the current mlg_indexer_add_paths() call. */
typedef void (*MlgProgressFunc) (guint64 done, guint64 total,
                                 gpointer user_data);

/* Counters of one indexing run. */
typedef struct {
    guint64 sources;          /* archive files considered */
    guint64 sources_skipped;  /* unchanged since the last run */
    guint64 sources_failed;   /* could not be read (see failures) */
    guint64 messages;         /* messages parsed */
    guint64 added;            /* new messages stored */
    guint64 new_list;         /* known messages seen on a new list */
    guint64 duplicates;       /* known messages, nothing new */
    guint64 truncated;        /* sources that ended inside a message */
    guint64 other_shard;      /* messages of other shards: left out */
    guint64 problems[MLG_PROBLEM_COUNT]; /* messages per MlgProblem bit */
} MlgIndexStats;

/* Returns: (transfer full) an indexer writing to `store` (borrowed: it must
 * outlive the indexer). `list` (nullable) is the --list override. */
MlgIndexer *mlg_indexer_new (MlgStore *store, const char *list);

/* Returns: (transfer full) an indexer writing a database of `n` shards:
 * `stores[k]` (borrowed, as for mlg_indexer_new(); opened with
 * mlg_store_open_shard (path, k, n)) gets the messages of shard k (by
 * Message-ID, mlg_store_shard_of()): the first shard written by the
 * calling thread, each other by a thread of its own, while every message
 * is parsed once. A NULL `stores[k]` leaves shard
 * k's messages to another writer (another process or host): they are
 * read, counted in other_shard and left out. At least one store. */
MlgIndexer *mlg_indexer_new_sharded (MlgStore *const *stores, guint n,
                                     const char *list);
void mlg_indexer_free (MlgIndexer *indexer);

/* Sets `func` to be called with progress; NULL to stop. */
void mlg_indexer_set_progress (MlgIndexer *indexer, MlgProgressFunc func,
                               gpointer user_data);


/* Adds `phrase` to the stance rules of this indexer, as the config's
 * `[stance] support=` (stance SUPPORT) and `objection=` (OBJECTION) do:
 * words that state that stance on what the message answers ("ship it").
 * Call before mlg_indexer_add_paths(). The store records which phrases
 * its messages were read with (mlg_store_get_stance_rules()).
 * Returns: false for an empty phrase. */
bool mlg_indexer_add_stance_phrase (MlgIndexer *indexer, MlgStance stance,
                                    const char *phrase);

/* Asks a running mlg_indexer_add_paths() to stop after the message it is
 * reading: it then commits what was read and returns false with
 * MLG_ARCHIVE_ERROR CANCELLED. The source it was reading keeps its old
 * progress mark, so the next run reads it again (known messages are
 * deduplicated). Only sets a flag: safe to call from another thread or
 * from a signal handler (the indexer itself installs no handlers). */
void mlg_indexer_cancel (MlgIndexer *indexer);

/* Indexes every archive under `paths` (files or directories, walked
 * recursively in sorted order), commits in batches, and records per-source
 * progress so that a later run only reads what changed.
 *
 * A path or source that cannot be read (missing, unreadable, not a file
 * or directory, not mail, cut short) is recorded in the stats and in
 * mlg_indexer_get_failures(), and indexing goes on with the rest, which
 * is committed.
 * Errors (false): a store error (the database keeps its last commit), or
 * CANCELLED (see mlg_indexer_cancel(); what was read is committed). */
bool mlg_indexer_add_paths (MlgIndexer *indexer, const char *const *paths,
                            GError **error);

/* Checks that `path` exists, as mlg_indexer_add_paths() will need it,
 * without touching a store: `index` uses it to decide whether there is
 * anything to index before it opens (and so creates) a database.
 * Errors: MLG_ARCHIVE_ERROR NOT_FOUND / IO, "cannot open 'PATH': ..." as
 * mlg_indexer_add_paths() says it. */
bool mlg_archive_check_path (const char *path, GError **error);

/* Returns: (transfer none) the counters so far. */
const MlgIndexStats *mlg_indexer_get_stats (MlgIndexer *indexer);

/* Returns: (transfer none) one message per path that could not be walked,
 * failed source or truncated archive ("cannot open 'x.mbox': ..."): the
 * paths first, then the sources in the order they were read. */
const GPtrArray *mlg_indexer_get_failures (MlgIndexer *indexer);

/* Returns: (transfer none) up to a few sample ids per problem bit, as
 * "problem: id (source)" lines, for the summary. */
const GPtrArray *mlg_indexer_get_problem_samples (MlgIndexer *indexer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgIndexer, mlg_indexer_free)

/* ------------------------------------------------------------------ */
/* Search                                                               */
/* ------------------------------------------------------------------ */

/* A parsed search query. The language is Xapian's QueryParser syntax
 * (words, "phrases", AND OR NOT XOR, parentheses, +word -word, word*)
 * with these fields:
 *
 *   from:ADDR  to:ADDR  (To or Cc)      exact address, any case
 *   list:NAME           the list id, or its first label (`dispatch`)
 *   draft:NAME          a draft mentioned, with or without revision
 *   rfc:N  id:MSGID  kind:person|automated|draft-announcement
 *   subject:WORD        words of the subject (subject:"a phrase")
 *   quoted:WORD         words of quoted text (a quoted value means all
 *                       its words: quoted text has no positions)
 *   date:A..B           A and B are YYYY, YYYY-MM, YYYY-MM-DD or
 *                       YYYYMMDD (UTC), either may be left out;
 *                       date:A alone is that year, month or day
 *   proposal:NAME       messages of a proposal's threads: resolved by
 *                       the caller (see mlg_search_query_set_proposal())
 *
 * Plain words search the new text and the subject. The same filter
 * field twice means either (`list:a list:b`); different fields must all
 * match. */
typedef struct _MlgSearchQuery MlgSearchQuery;

/* Parses `text`: checks its structure (quotes and parentheses closed,
 * operators with operands, known fields with values, valid dates) and
 * parses it with Xapian's QueryParser. Pure: no database, no I/O, no
 * global state; safe on any bytes (the fuzzing entry point).
 * Errors: MLG_STORE_ERROR INVALID with a message for the user saying what
 * is wrong.
 * Returns: (transfer full) the query, or NULL with `error` set. */
MlgSearchQuery *mlg_search_query_parse (const char *text, GError **error);
void mlg_search_query_free (MlgSearchQuery *query);

/* Returns: (transfer none) the distinct names given to `proposal:`, in
 * order of first use (char *); lives as long as the query. */
const GPtrArray *mlg_search_query_get_proposals (const MlgSearchQuery *query);

/* Says which messages `proposal:NAME` stands for (`ids`: NULL-terminated,
 * copied). Every name of mlg_search_query_get_proposals() must be set
 * before mlg_store_search(). */
void mlg_search_query_set_proposal (MlgSearchQuery *query, const char *name,
                                    const char *const *ids);

/* Where to look and which page of results to return. */
typedef struct {
    guint offset;             /* results to skip */
    guint limit;              /* results to return at most */
    gint64 since;             /* earliest date; G_MININT64: no bound */
    gint64 until;             /* latest date, inclusive; G_MAXINT64 */
    const char *const *lists; /* nullable, NULL-terminated: only these
                               * lists (ids or first labels) */
} MlgSearchOptions;

#define MLG_SEARCH_OPTIONS_INIT { 0, 20, G_MININT64, G_MAXINT64, NULL }

typedef struct {
    guint64 total;       /* matches in all (not only those returned) */
    GPtrArray *messages; /* MlgMessageFacts *, newest first (equal dates:
                          * in indexing order); bodies are NULL */
} MlgSearchResults;

/* Runs `query` over `store`.
 * Errors: MLG_STORE_ERROR INVALID (a proposal left unresolved), CORRUPT,
 * FAILED.
 * Returns: (transfer full) the results, or NULL with `error` set. */
MlgSearchResults *mlg_store_search (MlgStore *store,
                                    const MlgSearchQuery *query,
                                    const MlgSearchOptions *options,
                                    GError **error);
void mlg_search_results_free (MlgSearchResults *results);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgSearchQuery, mlg_search_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgSearchResults, mlg_search_results_free)

/* ------------------------------------------------------------------ */
/* The Datatracker: what the IETF publishes about drafts and groups     */
/* ------------------------------------------------------------------ */

/* Errors of the Datatracker parsers: MlgErrorCode INVALID (malformed,
 * truncated, too large, too deep, wrong types, hostile values), with a
 * message that names the field. */
#define MLG_DATATRACKER_ERROR (mlg_datatracker_error_quark ())
GQuark mlg_datatracker_error_quark (void);

/* The largest document the parsers read, and the deepest nesting: a
 * doc.json of a long-lived draft is tens of KiB and four levels deep. */
#define MLG_DATATRACKER_MAX_BYTES (4 * 1024 * 1024)
#define MLG_DATATRACKER_MAX_DEPTH 16

typedef struct {
    char *name;        /* as the Datatracker spells it */
    char *email;       /* nullable: lower-cased */
    char *affiliation; /* nullable */
} MlgDtAuthor;

/* One revision of one document of the replaces chain. */
typedef struct {
    char *name;       /* the draft (draft-smith-dispatch-x) */
    int rev;          /* 0..99 */
    gint64 published; /* seconds since the epoch, UTC */
} MlgDtRevision;

/* What `doc/NAME/doc.json` says of a draft. Everything is owned. */
typedef struct {
    char *name;
    char *asked;      /* nullable: the name it was stored under, when a
                       * snapshot (mlg_store_read_datatracker()) knows it;
                       * the parsers leave it NULL */
    char *title;      /* nullable */
    char *state;      /* nullable: "Active", "Expired", ... */
    char *group;      /* nullable: the group's acronym */
    GPtrArray *authors;   /* MlgDtAuthor *, in the document's order */
    GPtrArray *revisions; /* MlgDtRevision *, by date: the whole replaces
                           * chain (the drafts it replaced and those that
                           * replaced it), RFC entries left out */
} MlgDtDocument;

void mlg_dt_document_free (MlgDtDocument *doc);

/* Parses a Datatracker doc.json (`data`, `len` bytes, not necessarily
 * NUL-terminated), strictly: the root is an object; `name` a draft name;
 * `title` and `state` strings or null; `group` null or an object whose
 * `acronym` is a string; `authors` an array of objects with a string
 * `name` and `email`/`affiliation` strings or null; `rev_history` an
 * array of objects with a draft or RFC `name`, a `rev` and an ISO 8601
 * `published`. Unknown fields are ignored. Names keep any text (HTML
 * included): writers escape them like mail text; control characters
 * are refused.
 * Errors: MLG_DATATRACKER_ERROR INVALID.
 * Returns: (transfer full) the document, or NULL. */
MlgDtDocument *mlg_dt_document_parse (const char *data, gsize len,
                                      GError **error);

/* Parses one page of the Datatracker's role resource
 * (`/api/v1/group/role/?group__acronym=ACR&name=chair`): `objects` is an
 * array of objects whose `email` is the URI of an address
 * (`/api/v1/person/email/ADDRESS/`); the addresses are appended to
 * `emails` (char *, lower-cased). `*next` (transfer full, nullable) is
 * `meta.next`: the path of the next page, which must stay under
 * `/api/v1/group/role/` (never another host).
 * Errors: MLG_DATATRACKER_ERROR INVALID. */
bool mlg_dt_roles_parse (const char *data, gsize len, GPtrArray *emails,
                         char **next, GError **error);

/* Parses the stored list of a group's chairs: a JSON array of at most
 * 500 addresses (strings), appended lower-cased to `emails` (char *).
 * Errors: MLG_DATATRACKER_ERROR INVALID. */
bool mlg_dt_chairs_parse (const char *data, gsize len, GPtrArray *emails,
                          GError **error);

/* Where `mlgauge fetch --datatracker` keeps what it learnt, as fetch
 * states of the store (mlg_store_set_fetch_state()), and where
 * mlg_store_read_datatracker() reads it:
 *   "datatracker:doc:" NAME     a draft's doc.json, normalised (the
 *                               fields mlg_dt_document_parse() reads; it
 *                               reads this form back), under the name
 *                               the refresh asked for
 *   "datatracker:chairs:" ACR   a JSON array of the chairs' addresses
 *   "datatracker:refreshed"     when, "YYYY-MM-DDTHH:MM:SSZ" (UTC) */
#define MLG_DATATRACKER_DOC_KEY "datatracker:doc:"
#define MLG_DATATRACKER_CHAIRS_KEY "datatracker:chairs:"
#define MLG_DATATRACKER_REFRESHED_KEY "datatracker:refreshed"

/* One group's chairs, as stored. */
typedef struct {
    char *acronym;
    GPtrArray *chairs; /* char *: addresses, lower-case */
} MlgDtGroup;

/* Everything a store holds from the Datatracker. */
typedef struct {
    char *refreshed;      /* nullable: "YYYY-MM-DDTHH:MM:SSZ" of the last
                           * refresh; NULL when there was none */
    GPtrArray *documents; /* MlgDtDocument *, by the name asked for */
    GPtrArray *groups;    /* MlgDtGroup *, by acronym */
} MlgDtSnapshot;

void mlg_dt_snapshot_free (MlgDtSnapshot *snapshot);

/* Reads what the last `fetch --datatracker` stored (keys above), with the
 * parsers of the refresh: the analysis reads the Datatracker only from
 * here, so that a report stays offline and deterministic. A store never
 * refreshed gives an empty snapshot (`refreshed` NULL).
 * Errors: MLG_STORE_ERROR CORRUPT (a stored value the parsers refuse),
 * FAILED.
 * Returns: (transfer full) the snapshot, or NULL with `error` set. */
MlgDtSnapshot *mlg_store_read_datatracker (MlgStore *store, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgDtDocument, mlg_dt_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgDtSnapshot, mlg_dt_snapshot_free)

G_END_DECLS
