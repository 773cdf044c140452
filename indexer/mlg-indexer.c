/* mlg-indexer.c - reading archives into the store, incrementally.
 *
 * The indexer walks the given paths into sources (archive files), skips
 * the sources that have not changed since the last run, resumes mboxes
 * that only grew, and stores the facts of every message. Commits happen
 * in batches; each commit also records how far every finished source was
 * read, so the progress marks never run ahead of the messages they
 * describe.
 */
#define _GNU_SOURCE /* gettid() */

#include "mlg-indexer.h"

#include <string.h>
#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "mlg-address-private.h"
#include "mlg-archive-private.h"
#include "mlg-extract-private.h"
#include "mlg-indexer-private.h"
#include "mlg-message-private.h"
#include "mlg-store-private.h"

/* Messages per commit. Until a commit, Xapian keeps every new posting in
 * in-memory maps (one per term, keyed by document id); the larger they
 * grow, the more each new posting costs in cache misses walking them, so
 * smaller batches run as many instructions in fewer cycles and keep the
 * peak memory down, while a commit's own cost stays small beside a
 * batch. An interrupted run loses at most this many messages, which the
 * next run re-reads. */
#define COMMIT_EVERY 1000

/* How many sample ids per problem the summary shows. */
#define SAMPLES_PER_PROBLEM 3

/* An example of a problem, as a writer found it: `seq` is the message's
 * place in what the reader read, so that the examples of several
 * writers merge into the order of one. */
typedef struct {
    guint64 seq;
    guint bit;
    char *text;
} ProblemSample;

static void problem_sample_clear (gpointer data);

/* What one writer keeps between runs, and counts in one run. Each shard
 * of the database has one; a shard another process writes has a NULL
 * store. */
typedef struct {
    MlgStore *store; /* borrowed; NULL: the shard is written elsewhere */
    guint64 uncommitted;
    bool rules_noted;    /* the store knows this run's rules */
    MlgIndexStats stats; /* this run's, added to the indexer's at its end */
    GArray *samples;     /* ProblemSample: this run's first ones per bit */
} ShardWriter;

struct _MlgIndexer {
    ShardWriter *writers; /* one per shard: n_shards */
    guint n_shards;       /* 1: a single database */
    /* The first shard written. Its writer is the calling thread, and it
     * alone counts the sources, keeps the failures, reports progress and
     * counts the messages of shards nobody here writes. */
    guint lead;
    char *list; /* nullable: --list */
    gint64 now;
    MlgStancePhrases *phrases;
    GPtrArray *added_phrases[3]; /* char *, per MlgStance: as given */
    MlgProgressFunc progress;
    gpointer progress_data;
    MlgIndexStats stats;
    GPtrArray *failures;
    GPtrArray *samples;
    guint sample_counts[MLG_PROBLEM_COUNT];
    guint64 bytes_done;
    guint64 bytes_total;
    gint cancelled; /* atomic: set by mlg_indexer_cancel() */
};

static void
init_gmime (void)
{
    static gsize initialised;

    if (g_once_init_enter (&initialised)) {
        /* Raw 8-bit headers are common in old archives; GMime tries these
         * charsets in turn when a header is not valid UTF-8. */
        static const char *fallback[] = {"UTF-8", "windows-1252", NULL};
        g_mime_init ();
        g_mime_parser_options_set_fallback_charsets (
            g_mime_parser_options_get_default (), fallback);
        g_once_init_leave (&initialised, 1);
    }
}

MlgIndexer *
mlg_indexer_new (MlgStore *store, const char *list)
{
    g_return_val_if_fail (store != NULL, NULL);
    return mlg_indexer_new_sharded (&store, 1, list);
}

MlgIndexer *
mlg_indexer_new_sharded (MlgStore *const *stores, guint n, const char *list)
{
    MlgIndexer *indexer;
    guint lead = n;

    g_return_val_if_fail (stores != NULL && n > 0, NULL);
    for (guint k = n; k-- > 0;)
        if (stores[k] != NULL)
            lead = k;
    g_return_val_if_fail (lead < n, NULL);
    init_gmime ();

    indexer = g_new0 (MlgIndexer, 1);
    indexer->writers = g_new0 (ShardWriter, n);
    for (guint k = 0; k < n; k++) {
        indexer->writers[k].store = stores[k];
        if (stores[k] == NULL)
            continue;
        indexer->writers[k].samples =
            g_array_new (FALSE, FALSE, sizeof (ProblemSample));
        g_array_set_clear_func (indexer->writers[k].samples,
                                problem_sample_clear);
    }
    indexer->n_shards = n;
    indexer->lead = lead;
    indexer->list = list ? g_ascii_strdown (list, -1) : NULL;
    indexer->now = g_get_real_time () / G_USEC_PER_SEC;
    indexer->phrases = _mlg_stance_phrases_new_default ();
    indexer->added_phrases[MLG_STANCE_SUPPORT] =
        g_ptr_array_new_null_terminated (0, g_free, TRUE);
    indexer->added_phrases[MLG_STANCE_OBJECTION] =
        g_ptr_array_new_null_terminated (0, g_free, TRUE);
    indexer->failures = g_ptr_array_new_with_free_func (g_free);
    indexer->samples = g_ptr_array_new_with_free_func (g_free);
    return indexer;
}

void
mlg_indexer_free (MlgIndexer *indexer)
{
    if (indexer == NULL)
        return;
    g_free (indexer->list);
    _mlg_stance_phrases_free (indexer->phrases);
    g_ptr_array_unref (indexer->added_phrases[MLG_STANCE_SUPPORT]);
    g_ptr_array_unref (indexer->added_phrases[MLG_STANCE_OBJECTION]);
    g_ptr_array_unref (indexer->failures);
    g_ptr_array_unref (indexer->samples);
    for (guint k = 0; k < indexer->n_shards; k++)
        if (indexer->writers[k].samples != NULL)
            g_array_unref (indexer->writers[k].samples);
    g_free (indexer->writers);
    g_free (indexer);
}

void
mlg_indexer_set_progress (MlgIndexer *indexer, MlgProgressFunc func,
                          gpointer user_data)
{
    g_return_if_fail (indexer != NULL);
    indexer->progress = func;
    indexer->progress_data = user_data;
}

void
mlg_indexer_set_now (MlgIndexer *indexer, gint64 now)
{
    g_return_if_fail (indexer != NULL);
    indexer->now = now;
}

bool
mlg_indexer_add_stance_phrase (MlgIndexer *indexer, MlgStance stance,
                               const char *phrase)
{
    g_return_val_if_fail (indexer != NULL && phrase != NULL, false);
    g_return_val_if_fail (stance == MLG_STANCE_SUPPORT
                              || stance == MLG_STANCE_OBJECTION,
                          false);
    if (!_mlg_stance_phrases_add (indexer->phrases, stance, phrase))
        return false;
    g_ptr_array_add (indexer->added_phrases[stance], g_strdup (phrase));
    return true;
}

void
mlg_indexer_cancel (MlgIndexer *indexer)
{
    g_return_if_fail (indexer != NULL);
    /* A lock-free atomic store and nothing else, so that a signal handler
     * may call this. */
    g_atomic_int_set (&indexer->cancelled, 1);
}

static bool
check_cancelled (MlgIndexer *indexer, GError **error)
{
    if (!g_atomic_int_get (&indexer->cancelled))
        return true;
    g_set_error (error, MLG_ARCHIVE_ERROR, MLG_ERROR_CANCELLED,
                 "interrupted");
    return false;
}

const MlgIndexStats *
mlg_indexer_get_stats (MlgIndexer *indexer)
{
    g_return_val_if_fail (indexer != NULL, NULL);
    return &indexer->stats;
}

const GPtrArray *
mlg_indexer_get_failures (MlgIndexer *indexer)
{
    g_return_val_if_fail (indexer != NULL, NULL);
    return indexer->failures;
}

const GPtrArray *
mlg_indexer_get_problem_samples (MlgIndexer *indexer)
{
    g_return_val_if_fail (indexer != NULL, NULL);
    return indexer->samples;
}

/* Counts the problems of a new message (the `seq`th read), and keeps
 * the writer's first few examples of each. */
static void
note_problems (ShardWriter *writer, guint64 seq,
               const MlgMessageFacts *facts)
{
    for (guint bit = 0; bit < MLG_PROBLEM_COUNT; bit++) {
        ProblemSample sample = {seq, bit, NULL};

        if (!(facts->problems & (1u << bit)))
            continue;
        if (writer->stats.problems[bit]++ >= SAMPLES_PER_PROBLEM)
            continue;
        sample.text = g_strdup_printf ("%s: %s (%s, offset %" G_GINT64_FORMAT
                                       ")",
                                       mlg_problem_to_string (1u << bit),
                                       facts->id, facts->source,
                                       facts->offset);
        g_array_append_val (writer->samples, sample);
    }
}

static void
problem_sample_clear (gpointer data)
{
    g_free (((ProblemSample *) data)->text);
}

static int
compare_samples (gconstpointer a, gconstpointer b)
{
    const ProblemSample *x = a, *y = b;

    if (x->seq != y->seq)
        return x->seq < y->seq ? -1 : 1;
    return x->bit < y->bit ? -1 : x->bit > y->bit;
}

/* Keeps, of the writers' examples of this run, the first few of each
 * problem in the order the messages were read: the same examples
 * whichever writer was quicker. */
static void
keep_samples (MlgIndexer *indexer)
{
    g_autoptr (GArray) all = g_array_new (FALSE, FALSE,
                                          sizeof (ProblemSample));

    for (guint k = 0; k < indexer->n_shards; k++) {
        GArray *mine = indexer->writers[k].samples;

        if (mine == NULL)
            continue;
        g_array_append_vals (all, mine->data, mine->len);
        /* The texts are all's now. */
        g_array_set_clear_func (mine, NULL);
        g_array_set_size (mine, 0);
        g_array_set_clear_func (mine, problem_sample_clear);
    }
    g_array_sort (all, compare_samples);
    for (guint i = 0; i < all->len; i++) {
        ProblemSample *sample = &g_array_index (all, ProblemSample, i);

        if (indexer->sample_counts[sample->bit]++ < SAMPLES_PER_PROBLEM)
            g_ptr_array_add (indexer->samples, g_steal_pointer (&sample->text));
        else
            g_free (sample->text);
    }
}

/* Adds a writer's counts of one run to the indexer's. */
static void
add_writer_stats (MlgIndexStats *total, const MlgIndexStats *part)
{
    total->sources_failed += part->sources_failed;
    total->messages += part->messages;
    total->added += part->added;
    total->new_list += part->new_list;
    total->duplicates += part->duplicates;
    total->truncated += part->truncated;
    total->other_shard += part->other_shard;
    for (guint bit = 0; bit < MLG_PROBLEM_COUNT; bit++)
        total->problems[bit] += part->problems[bit];
}

static void
report_progress (MlgIndexer *indexer, guint64 source_done)
{
    if (indexer->progress != NULL)
        indexer->progress (indexer->bytes_done + source_done,
                           indexer->bytes_total, indexer->progress_data);
}

static bool
maybe_commit (ShardWriter *writer, GError **error)
{
    if (writer->uncommitted < COMMIT_EVERY)
        return true;
    writer->uncommitted = 0;
    return mlg_store_commit (writer->store, error);
}

/* Commits every shard written here. Tries them all, and returns the
 * first error. */
static bool
commit_all (MlgIndexer *indexer, GError **error)
{
    bool ok = true;

    for (guint k = 0; k < indexer->n_shards; k++) {
        ShardWriter *writer = &indexer->writers[k];

        if (writer->store == NULL)
            continue;
        writer->uncommitted = 0;
        if (!mlg_store_commit (writer->store, ok ? error : NULL))
            ok = false;
    }
    return ok;
}

/* ------------------------------------------------------------------ */
/* The pipeline                                                         */
/* ------------------------------------------------------------------ */

/* Indexing runs in three stages on three threads: a reader thread opens
 * the archives, parses every message with GMime and reads its facts
 * (headers, text); a builder thread analyses the text (pointers, stance,
 * checklist) and turns the facts into a Xapian document (terms and
 * positions); the calling thread adds the documents to the database.
 * With two stages on two cores the slower stage set the pace and the
 * other core idled part of the time; with three, none should be more
 * than half of the work, so that both cores stay busy. The reader has
 * the most, so what can leave it does: the text analysis, which needs
 * only the facts. The parsed messages stay with the reader: handing them
 * to the builder makes it the slowest stage, and the messages go cold
 * between cores.
 * The reader never touches the store (the builder only reads its
 * stopword list, fixed while it is open), and the builder and the writer
 * never touch GMime: they only share the queues below.
 *
 * A database of several shards written here has one writer per shard:
 * the calling thread writes the first, a thread of its own each of the
 * others, and every writer takes every batch and stores the messages of
 * its shard. Xapian's writes to one database are one thread's work; to
 * several they run side by side, and the messages are still parsed
 * only once. A writer touches only its own store.
 *
 * Work travels in batches, so that a queue operation is paid per batch
 * rather than per message. At most MAX_BATCHES batches exist at any
 * moment (the reader waits for a free one), which bounds the memory a
 * fast reader can pile up in front of a slow writer. A batch goes back
 * to the reader once the last writer is done with it. */
#define BATCH_SIZE 128
#define MAX_BATCHES 8

typedef enum {
    ITEM_MESSAGE,      /* facts of one message */
    ITEM_OTHER_SHARD,  /* a message of another shard: left out */
    ITEM_SOURCE_DONE,  /* the source was read to its end */
    ITEM_SOURCE_FAILED /* the source could not be read (further) */
} ItemKind;

typedef struct {
    ItemKind kind;
    guint source;           /* index into the sources array */
    guint shard;            /* ITEM_MESSAGE: the shard it belongs to */
    guint64 seq;            /* ITEM_MESSAGE: its place in the reading */
    MlgMessageFacts *facts; /* ITEM_MESSAGE */
    MlgStoreDoc *doc;       /* ITEM_MESSAGE: its document, ready to add */
    guint64 position;       /* bytes of the source consumed so far */
    gint64 last_offset;     /* ITEM_SOURCE_DONE: where to resume */
    bool truncated;         /* ITEM_SOURCE_DONE: ended inside a message */
    char *failure;          /* ITEM_SOURCE_FAILED, or the truncation note */
} Item;

typedef struct {
    GArray *items; /* Item */
    gint holders;  /* atomic: writers not yet done with it */
} Batch;

typedef struct {
    MlgIndexer *indexer;
    GPtrArray *sources;  /* MlgSource *, borrowed */
    GArray *offsets;     /* gint64 per source; -1: skip it */
    GAsyncQueue *read;   /* Batch, reader -> builder; an empty batch says
                            that the reader is done */
    GAsyncQueue **built; /* per shard (NULL: not written here): Batch,
                            builder -> writer; the same */
    guint n_writers;     /* shards written here */
    GAsyncQueue *free;   /* empty Batch, writers -> reader */
    gint stop;           /* atomic: a writer asks the others to stop */
    guint64 messages_read; /* the reader's */
} Pipeline;

static void
item_clear (gpointer data)
{
    Item *item = data;

    mlg_message_facts_free (item->facts);
    _mlg_store_doc_free (item->doc);
    g_free (item->failure);
}

static Batch *
batch_new (void)
{
    Batch *batch = g_new0 (Batch, 1);

    batch->items = g_array_sized_new (FALSE, TRUE, sizeof (Item), BATCH_SIZE);
    g_array_set_clear_func (batch->items, item_clear);
    return batch;
}

static void
batch_free (gpointer data)
{
    Batch *batch = data;

    g_array_unref (batch->items);
    g_free (batch);
}

/* Hands the current batch to the builder and takes a free one (waiting
 * for the writers when MAX_BATCHES are in flight). */
static void
send_batch (Pipeline *pipeline, Batch **batch)
{
    g_async_queue_push (pipeline->read, *batch);
    *batch = g_async_queue_pop (pipeline->free);
}

/* Batches go out full, the end of a source included: its progress mark
 * follows its messages in the batch, which is all the order it needs.
 * Sending a batch at the end of every source made batches of a few
 * messages on archives of monthly mboxes (10k generated messages are
 * 1,725 files), so that the MAX_BATCHES in flight held some fifty
 * messages and the stages kept waiting for each other. */
static void
send_item (Pipeline *pipeline, Batch **batch, const Item *item)
{
    g_array_append_val ((*batch)->items, *item);
    if ((*batch)->items->len >= BATCH_SIZE)
        send_batch (pipeline, batch);
}

/* Points `context` at the tar member that `entry` came from: the member
 * is the message's source (`archive.tar.gz/name/list/2024-03.mbox`), and
 * names its list and month as a file of that name would. `member_source`
 * and `fallback_list` keep the strings the context borrows. */
static void
enter_member (MlgMessageContext *context, const MlgSource *source,
              const MlgArchiveEntry *entry, char **member_source,
              char **fallback_list)
{
    gint64 month = 0;

    g_free (*member_source);
    g_free (*fallback_list);
    *member_source = g_build_filename (source->path, entry->member, NULL);
    *fallback_list = _mlg_message_fallback_list (*member_source);
    _mlg_date_from_archive_name (*member_source, &month);
    context->source = *member_source;
    context->fallback_list = *fallback_list;
    context->archive_month = month;
    context->mbox = entry->member_format != MLG_SOURCE_MESSAGE;
    context->pipermail = entry->member_format == MLG_SOURCE_PIPERMAIL;
}

/* Reader side: reads one source from its offset and sends its messages,
 * then one ITEM_SOURCE_DONE or ITEM_SOURCE_FAILED (nothing more when told
 * to stop). */
static void
read_source (Pipeline *pipeline, guint index, MlgSenderCache *senders,
             Batch **batch)
{
    MlgIndexer *indexer = pipeline->indexer;
    const MlgSource *source = pipeline->sources->pdata[index];
    gint64 offset = g_array_index (pipeline->offsets, gint64, index);
    g_autoptr (GError) local_error = NULL;
    g_autoptr (MlgArchive) archive = NULL;
    g_autofree char *fallback_list = NULL;
    g_autofree char *member_source = NULL;
    g_autofree char *member_name = NULL;
    MlgArchiveEntry entry = {0};
    MlgMessageContext context = {0};
    gint64 last_offset = offset;
    gint64 archive_month = 0;
    guint64 count = 0;
    Item end = {0};

    end.source = index;
    archive = _mlg_archive_open (source, offset, &local_error);
    if (archive == NULL && offset != 0
        && g_error_matches (local_error, MLG_ARCHIVE_ERROR,
                            MLG_ERROR_INVALID)) {
        /* No message starts at the recorded offset any more: the file was
         * rewritten, not appended to. Read it all again (known messages
         * are deduplicated). */
        g_clear_error (&local_error);
        offset = 0;
        archive = _mlg_archive_open (source, 0, &local_error);
    }
    if (archive == NULL) {
        end.kind = ITEM_SOURCE_FAILED;
        end.failure = g_strdup (local_error->message);
        send_item (pipeline, batch, &end);
        return;
    }

    fallback_list = _mlg_message_fallback_list (source->path);
    _mlg_date_from_archive_name (source->path, &archive_month);
    context.source = source->path;
    context.mbox = source->format != MLG_SOURCE_MESSAGE;
    context.pipermail = source->format == MLG_SOURCE_PIPERMAIL;
    context.archive_month = archive_month;
    context.list_override = indexer->list;
    context.fallback_list = fallback_list;
    context.now = indexer->now;
    context.phrases = indexer->phrases;
    context.senders = senders;

    while (!g_atomic_int_get (&pipeline->stop)
           && _mlg_archive_next (archive, &entry, &local_error)) {
        Item message = {0};

        if (entry.member != NULL
            && g_strcmp0 (entry.member, member_name) != 0) {
            g_free (member_name);
            member_name = g_strdup (entry.member);
            enter_member (&context, source, &entry, &member_source,
                          &fallback_list);
        }
        context.offset = entry.offset;
        context.from_line = entry.from_line;
        message.kind = ITEM_MESSAGE;
        message.seq = pipeline->messages_read++;
        message.source = index;
        message.facts = _mlg_message_read (entry.message, &context);
        if (entry.oversized)
            message.facts->problems |= MLG_PROBLEM_OVERSIZED;
        message.position = (guint64) MAX (
            0, _mlg_archive_get_position (archive) - offset);
        /* A tar archive is read whole again when it changes: the offsets
         * of its messages are within members, and resume nothing. */
        last_offset = source->format == MLG_SOURCE_TAR ? 0 : entry.offset;
        count++;
        send_item (pipeline, batch, &message);
    }
    _mlg_archive_entry_clear (&entry);
    if (g_atomic_int_get (&pipeline->stop))
        return;

    if (local_error != NULL) {
        /* A read error part-way: keep what was read, and record no
         * progress, so that the next run reads the source again. */
        end.kind = ITEM_SOURCE_FAILED;
        end.failure = g_strdup_printf ("%s (after %" G_GUINT64_FORMAT
                                       " messages)",
                                       local_error->message, count);
        send_item (pipeline, batch, &end);
        return;
    }
    if (count == 0 && offset == 0 && source->size > 0
        && !_mlg_archive_is_truncated (archive)) {
        /* Bytes, but not one message: the user named something that is
         * not mail. Say so (and record no progress, so that it is said
         * again) rather than report an archive of nothing. (An mbox cut
         * inside its first message is mail: it is reported as cut.) */
        end.kind = ITEM_SOURCE_FAILED;
        end.failure = g_strdup_printf ("'%s' holds no mail: it is not an "
                                       "mbox, a pipermail archive or a "
                                       "message", source->path);
        send_item (pipeline, batch, &end);
        return;
    }
    end.kind = ITEM_SOURCE_DONE;
    /* Resuming re-reads the last message, so that a message that was
     * still being appended when we read it is read whole next time. */
    end.last_offset = last_offset;
    if (_mlg_archive_is_truncated (archive)) {
        end.truncated = true;
        end.failure = g_strdup_printf ("'%s' ends inside a message (cut "
                                       "short, or no final newline): its "
                                       "last message may be incomplete; "
                                       "%" G_GUINT64_FORMAT
                                       " messages read",
                                       source->path, count);
    }
    send_item (pipeline, batch, &end);
}

/* How much less CPU priority the reader and the builder take than the
 * writer (nice levels, within the process's own). */
#define PRODUCER_NICE 3

/* Lowers the calling thread's CPU priority by PRODUCER_NICE, so that the
 * writers, when they have work, get the cores. Three busy threads (with
 * one database) share two cores; at equal priority the writer fell several batches behind, and
 * after the reader's last message it went on alone, one core idle. With
 * the producers at a lower priority the writer keeps up and they use
 * what it leaves, so the run ends sooner for the same work. Linux sets
 * nice levels per thread (setpriority(2) on a thread id);
 * elsewhere the call would renice the whole process, so it is left out.
 * Failure only costs speed, and is ignored. */
static void
lower_thread_priority (void)
{
#ifdef __linux__
    pid_t tid = gettid ();
    int nice;

    errno = 0;
    nice = getpriority (PRIO_PROCESS, (id_t) tid);
    if (nice == -1 && errno != 0)
        return;
    (void) setpriority (PRIO_PROCESS, (id_t) tid,
                        MIN (nice + PRODUCER_NICE, 19));
#endif
}

static gpointer
reader_thread (gpointer data)
{
    Pipeline *pipeline = data;
    Batch *batch = g_async_queue_pop (pipeline->free);
    g_autoptr (MlgSenderCache) senders = _mlg_sender_cache_new ();

    lower_thread_priority ();

    for (guint i = 0; i < pipeline->sources->len; i++) {
        if (g_atomic_int_get (&pipeline->stop))
            break;
        if (g_array_index (pipeline->offsets, gint64, i) >= 0)
            read_source (pipeline, i, senders, &batch);
    }
    if (batch->items->len > 0)
        send_batch (pipeline, &batch);
    g_async_queue_push (pipeline->read, batch); /* empty: the end */
    return NULL;
}

/* Builder side: gives every message its shard and its document, and
 * passes every batch on to every writer, the final empty one included.
 * Once a writer has stopped, batches pass through unbuilt: they are only
 * being drained. */
static gpointer
builder_thread (gpointer data)
{
    Pipeline *pipeline = data;
    MlgIndexer *indexer = pipeline->indexer;
    bool last;

    lower_thread_priority ();

    do {
        Batch *batch = g_async_queue_pop (pipeline->read);

        for (guint i = 0; i < batch->items->len; i++) {
            Item *item = &g_array_index (batch->items, Item, i);
            MlgStore *store;

            if (g_atomic_int_get (&pipeline->stop))
                break;
            if (item->kind != ITEM_MESSAGE)
                continue;
            item->shard = indexer->n_shards > 1
                              ? mlg_store_shard_of (item->facts->id,
                                                    indexer->n_shards)
                              : 0;
            store = indexer->writers[item->shard].store;
            /* Another host (or process) writes it: not analysed, and no
             * document built. */
            if (store == NULL) {
                item->kind = ITEM_OTHER_SHARD;
                continue;
            }
            _mlg_message_analyse (item->facts, indexer->phrases);
            item->doc = _mlg_store_doc_new (store, item->facts);
        }
        /* Looked at before the pushes: from then on the batch is the
         * writers', which empty it. */
        last = batch->items->len == 0;
        g_atomic_int_set (&batch->holders, (gint) pipeline->n_writers);
        for (guint k = 0; k < indexer->n_shards; k++)
            if (pipeline->built[k] != NULL)
                g_async_queue_push (pipeline->built[k], batch);
    } while (!last);
    return NULL;
}

/* Writer side: stores one item in shard `k`'s store. Returns false on a
 * store error. */
static bool
write_item (Pipeline *pipeline, guint k, const Item *item, GError **error)
{
    MlgIndexer *indexer = pipeline->indexer;
    ShardWriter *writer = &indexer->writers[k];
    bool lead = k == indexer->lead;
    const MlgSource *source = pipeline->sources->pdata[item->source];
    gint64 offset = g_array_index (pipeline->offsets, gint64, item->source);
    MlgStoreAddResult result;
    char *apart_id = NULL;

    switch (item->kind) {
    case ITEM_OTHER_SHARD:
        writer->stats.messages++;
        writer->stats.other_shard++;
        return check_cancelled (indexer, error);
    case ITEM_MESSAGE:
        writer->stats.messages++;
        if (!writer->rules_noted) {
            g_autofree char *rules = mlg_stance_phrases_to_string (
                (const char *const *)
                    indexer->added_phrases[MLG_STANCE_SUPPORT]->pdata,
                (const char *const *)
                    indexer->added_phrases[MLG_STANCE_OBJECTION]->pdata);
            if (!_mlg_store_note_stance_rules (writer->store, rules, error))
                return false;
            writer->rules_noted = true;
        }
        if (!_mlg_store_add_doc (writer->store, item->facts, item->doc,
                                 &result, &apart_id, error))
            return false;
        switch (result) {
        case MLG_STORE_ADDED:
            writer->stats.added++;
            note_problems (writer, item->seq, item->facts);
            break;
        case MLG_STORE_CONFLICT:
            /* A new message, under the id it was stored apart as: the
             * sample names it, so that `show` finds it. */
            writer->stats.added++;
            g_free (item->facts->id);
            item->facts->id = apart_id;
            item->facts->problems |= MLG_PROBLEM_CONFLICTING_ID;
            note_problems (writer, item->seq, item->facts);
            break;
        case MLG_STORE_NEW_LIST:
            writer->stats.new_list++;
            break;
        case MLG_STORE_DUPLICATE:
            writer->stats.duplicates++;
            break;
        }
        writer->uncommitted++;
        if (lead && writer->stats.messages % 256 == 0)
            report_progress (indexer, item->position);
        /* Cancelled: the writer stops after this message, so the source
         * being read records no progress and the next run reads it
         * again from its last mark. */
        return maybe_commit (writer, error) && check_cancelled (indexer, error);
    case ITEM_SOURCE_FAILED:
        if (lead) {
            writer->stats.sources_failed++;
            g_ptr_array_add (indexer->failures, g_strdup (item->failure));
        }
        break;
    case ITEM_SOURCE_DONE: {
        MlgSourceProgress progress = {source->size, source->mtime,
                                      item->last_offset};

        if (item->truncated && lead) {
            writer->stats.truncated++;
            g_ptr_array_add (indexer->failures, g_strdup (item->failure));
        }
        /* Every shard records it: each shard's progress is its own, as
         * when each is written by a process of its own. */
        if (!mlg_store_set_source (writer->store, source->path, &progress,
                                   error))
            return false;
        break;
    }
    }
    /* The source is over, whichever way it ended. */
    if (lead) {
        indexer->bytes_done += (guint64) (source->size - offset);
        report_progress (indexer, 0);
    }
    return true;
}

/* Whether the writer of shard `k` stores `item`: the messages of its
 * shard, and the end of every source. The lead writer also counts the
 * messages left to other writers. */
static bool
is_writers_item (const MlgIndexer *indexer, guint k, const Item *item)
{
    switch (item->kind) {
    case ITEM_MESSAGE:
        return item->shard == k;
    case ITEM_OTHER_SHARD:
        return k == indexer->lead;
    case ITEM_SOURCE_DONE:
    case ITEM_SOURCE_FAILED:
        return true;
    }
    return false;
}

/* A writer is done with `batch`: the last one hands it back to the
 * reader, or frees it when it was the final, empty one. */
static void
release_batch (Pipeline *pipeline, Batch *batch)
{
    if (!g_atomic_int_dec_and_test (&batch->holders))
        return;
    if (batch->items->len == 0) {
        batch_free (batch);
        return;
    }
    g_array_set_size (batch->items, 0);
    g_async_queue_push (pipeline->free, batch);
}

/* The writer of shard `k`: stores its items of every batch until the
 * final one. After an error here or in another writer it stops writing,
 * but keeps taking batches (and dropping them) until the final one, so
 * that neither the reader nor the builder ever waits forever. */
static bool
run_writer (Pipeline *pipeline, guint k, GError **error)
{
    const MlgIndexer *indexer = pipeline->indexer;
    bool ok = true;
    bool more;

    do {
        Batch *batch = g_async_queue_pop (pipeline->built[k]);

        more = batch->items->len > 0;
        for (guint i = 0; ok && i < batch->items->len; i++) {
            const Item *item = &g_array_index (batch->items, Item, i);

            if (g_atomic_int_get (&pipeline->stop))
                break;
            if (is_writers_item (indexer, k, item))
                ok = write_item (pipeline, k, item, error);
        }
        if (!ok)
            g_atomic_int_set (&pipeline->stop, 1);
        release_batch (pipeline, batch);
    } while (more);
    return ok;
}

typedef struct {
    Pipeline *pipeline;
    guint shard;
    GThread *thread;
    GError *error;
} WriterThread;

static gpointer
writer_thread (gpointer data)
{
    WriterThread *writer = data;

    run_writer (writer->pipeline, writer->shard, &writer->error);
    return NULL;
}

/* Of the writers' errors, the one to report: a store error rather than
 * the interruption that the others may have seen meanwhile. */
static void
keep_worse_error (GError **kept, GError *error)
{
    if (error == NULL)
        return;
    if (*kept == NULL
        || (g_error_matches (*kept, MLG_ARCHIVE_ERROR, MLG_ERROR_CANCELLED)
            && !g_error_matches (error, MLG_ARCHIVE_ERROR,
                                 MLG_ERROR_CANCELLED))) {
        g_clear_error (kept);
        *kept = error;
        return;
    }
    g_error_free (error);
}

/* Runs the pipeline over the sources whose offset is not -1. Returns
 * false on a store error (or an interruption), after stopping the
 * reader; the writers' counts are added to the indexer's either way. */
static bool
run_pipeline (MlgIndexer *indexer, GPtrArray *sources, GArray *offsets,
              GError **error)
{
    Pipeline pipeline = {.indexer = indexer, .sources = sources,
                         .offsets = offsets};
    g_autofree WriterThread *writers = g_new0 (WriterThread,
                                               indexer->n_shards);
    GThread *reader, *builder;
    GError *lead_error = NULL;
    GError *worst = NULL;

    pipeline.read = g_async_queue_new_full (batch_free);
    pipeline.free = g_async_queue_new_full (batch_free);
    pipeline.built = g_new0 (GAsyncQueue *, indexer->n_shards);
    for (guint k = 0; k < indexer->n_shards; k++) {
        memset (&indexer->writers[k].stats, 0, sizeof (MlgIndexStats));
        if (indexer->writers[k].store == NULL)
            continue;
        pipeline.built[k] = g_async_queue_new_full (batch_free);
        pipeline.n_writers++;
    }
    for (int i = 0; i < MAX_BATCHES; i++)
        g_async_queue_push (pipeline.free, batch_new ());
    reader = g_thread_new ("mlgauge-reader", reader_thread, &pipeline);
    builder = g_thread_new ("mlgauge-builder", builder_thread, &pipeline);
    for (guint k = 0; k < indexer->n_shards; k++) {
        if (pipeline.built[k] == NULL || k == indexer->lead)
            continue;
        writers[k].pipeline = &pipeline;
        writers[k].shard = k;
        writers[k].thread = g_thread_new ("mlgauge-writer", writer_thread,
                                          &writers[k]);
    }

    run_writer (&pipeline, indexer->lead, &lead_error);
    keep_worse_error (&worst, lead_error);
    for (guint k = 0; k < indexer->n_shards; k++) {
        if (writers[k].thread == NULL)
            continue;
        g_thread_join (writers[k].thread);
        keep_worse_error (&worst, writers[k].error);
    }
    g_thread_join (reader);
    g_thread_join (builder);
    keep_samples (indexer);
    for (guint k = 0; k < indexer->n_shards; k++) {
        add_writer_stats (&indexer->stats, &indexer->writers[k].stats);
        if (pipeline.built[k] != NULL)
            g_async_queue_unref (pipeline.built[k]);
    }
    g_free (pipeline.built);
    g_async_queue_unref (pipeline.read);
    g_async_queue_unref (pipeline.free);
    if (worst != NULL) {
        g_propagate_error (error, worst);
        return false;
    }
    return true;
}

/* The walk's MlgArchiveKnownFunc: whether `path` was read to its end by
 * an earlier run and has the size and mtime it had then, so that the walk
 * need not open it to learn whether it is mail. A record is written only
 * for a source that was read (mail, or a file the user named), and one
 * that would be skipped anyway needs no format. Empty files are left to
 * the sniffer: in a directory, the walk leaves them out (an empty file
 * named once by the user must not become a source of its directory).
 * A store error answers "not known": start_offset() meets it again and
 * reports it. */
static bool
source_is_unchanged (const char *path, gint64 size, gint64 mtime,
                     gpointer user_data)
{
    MlgIndexer *indexer = user_data;

    if (size <= 0)
        return false;
    /* Unchanged for every shard written here: one that has not read it
     * all needs it read. */
    for (guint k = 0; k < indexer->n_shards; k++) {
        MlgStore *store = indexer->writers[k].store;
        MlgSourceProgress known;

        if (store != NULL
            && (!mlg_store_get_source (store, path, &known, NULL)
                || known.size != size || known.mtime != mtime))
            return false;
    }
    /* Counted here: the walk leaves it out. */
    indexer->stats.sources++;
    indexer->stats.sources_skipped++;
    return true;
}

/* Decides where `store` needs a source read from: -1 to skip it
 * (unchanged), 0 to read it all, or the offset to resume a plain mbox
 * that only grew. */
static gint64
store_start_offset (MlgStore *store, const MlgSource *source,
                    GError **error)
{
    MlgSourceProgress known;
    g_autoptr (GError) local_error = NULL;

    if (!mlg_store_get_source (store, source->path, &known, &local_error)) {
        if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
        return 0;
    }
    if (known.size == source->size && known.mtime == source->mtime)
        return -1;
    if (!source->gzip && source->format != MLG_SOURCE_MESSAGE
        && source->format != MLG_SOURCE_TAR && source->size > known.size
        && known.offset > 0)
        return known.offset;
    return 0;
}

/* Decides where to start reading a source for all the shards written
 * here: from the earliest point any of them needs. The others meet again
 * messages they hold, which they know as duplicates. */
static gint64
start_offset (MlgIndexer *indexer, const MlgSource *source, GError **error)
{
    gint64 start = -1;

    for (guint k = 0; k < indexer->n_shards; k++) {
        GError *local_error = NULL;
        gint64 offset;

        if (indexer->writers[k].store == NULL)
            continue;
        offset = store_start_offset (indexer->writers[k].store, source,
                                     &local_error);
        if (local_error != NULL) {
            g_propagate_error (error, local_error);
            return 0;
        }
        if (offset >= 0 && (start < 0 || offset < start))
            start = offset;
    }
    return start;
}

bool
mlg_indexer_add_paths (MlgIndexer *indexer, const char *const *paths,
                       GError **error)
{
    g_autoptr (GPtrArray) sources =
        g_ptr_array_new_with_free_func ((GDestroyNotify) _mlg_source_free);
    g_autoptr (GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr (GError) run_error = NULL;
    guint to_read = 0;

    g_return_val_if_fail (indexer != NULL && paths != NULL, false);

    /* Walk everything first. A path that cannot be read (missing,
     * unreadable, a FIFO) is listed with the failures, like a source that
     * cannot be read, and everything else is indexed: one bad path must
     * not keep a cron job over a mail spool from ever indexing. */
    for (const char *const *path = paths; *path != NULL; path++) {
        guint before = indexer->failures->len;

        if (!_mlg_archive_walk_known (*path, source_is_unchanged, indexer,
                                      sources, indexer->failures, error))
            return false;
        indexer->stats.sources += indexer->failures->len - before;
        indexer->stats.sources_failed += indexer->failures->len - before;
    }

    indexer->bytes_total = 0;
    indexer->bytes_done = 0;
    for (guint i = 0; i < sources->len; i++) {
        MlgSource *source = g_ptr_array_index (sources, i);
        GError *local_error = NULL;
        gint64 offset = start_offset (indexer, source, &local_error);

        if (local_error != NULL) {
            g_propagate_error (error, local_error);
            return false;
        }
        g_array_append_val (offsets, offset);
        if (offset >= 0)
            indexer->bytes_total += (guint64) (source->size - offset);
    }

    for (guint i = 0; i < sources->len; i++) {
        indexer->stats.sources++;
        if (g_array_index (offsets, gint64, i) < 0)
            indexer->stats.sources_skipped++;
        else
            to_read++;
    }
    /* Nothing new (the cron job's usual case): no threads to start and
     * nothing to commit. */
    if (to_read == 0)
        return true;
    if (!run_pipeline (indexer, sources, offsets, &run_error)) {
        /* Interrupted: keep what was read. After a store error, the
         * failed shard has nothing to commit (it would fail the same
         * way); the others commit when their stores close. */
        if (g_error_matches (run_error, MLG_ARCHIVE_ERROR,
                             MLG_ERROR_CANCELLED)
            && !commit_all (indexer, error))
            return false;
        g_propagate_error (error, g_steal_pointer (&run_error));
        return false;
    }
    return commit_all (indexer, error);
}
