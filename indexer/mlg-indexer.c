/* mlg-indexer.c - reading archives into the store, incrementally.
 *
 * The indexer walks the given paths into sources (archive files), skips
 * the sources that have not changed since the last run, resumes mboxes
 * that only grew, and stores the facts of every message. Commits happen
 * in batches; each commit also records how far every finished source was
 * read, so the progress marks never run ahead of the messages they
 * describe.
 */
#include "mlg-indexer.h"

#include <string.h>

#include "mlg-address-private.h"
#include "mlg-archive-private.h"
#include "mlg-extract-private.h"
#include "mlg-message-private.h"

/* Messages per commit. A commit flushes Xapian's buffers, which is the
 * writer's main fixed cost; a few thousand keeps memory bounded (bodies are
 * not kept) while making the flush rare. An interrupted run loses at most
 * this many messages, which the next run re-reads. */
#define COMMIT_EVERY 5000

/* How many sample ids per problem the summary shows. */
#define SAMPLES_PER_PROBLEM 3

struct _MlgIndexer {
    MlgStore *store; /* borrowed */
    char *list;      /* nullable: --list */
    gint64 now;
    MlgStancePhrases *phrases;
    MlgProgressFunc progress;
    gpointer progress_data;
    MlgIndexStats stats;
    GPtrArray *failures;
    GPtrArray *samples;
    guint sample_counts[MLG_PROBLEM_COUNT];
    guint64 uncommitted;
    guint64 bytes_done;
    guint64 bytes_total;
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
    MlgIndexer *indexer;

    g_return_val_if_fail (store != NULL, NULL);
    init_gmime ();

    indexer = g_new0 (MlgIndexer, 1);
    indexer->store = store;
    indexer->list = list ? g_ascii_strdown (list, -1) : NULL;
    indexer->now = g_get_real_time () / G_USEC_PER_SEC;
    indexer->phrases = _mlg_stance_phrases_new_default ();
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
    g_ptr_array_unref (indexer->failures);
    g_ptr_array_unref (indexer->samples);
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

static void
note_problems (MlgIndexer *indexer, const MlgMessageFacts *facts)
{
    for (guint bit = 0; bit < MLG_PROBLEM_COUNT; bit++) {
        if (!(facts->problems & (1u << bit)))
            continue;
        indexer->stats.problems[bit]++;
        if (indexer->sample_counts[bit]++ < SAMPLES_PER_PROBLEM)
            g_ptr_array_add (indexer->samples,
                             g_strdup_printf (
                                 "%s: %s (%s, offset %" G_GINT64_FORMAT ")",
                                 mlg_problem_to_string (1u << bit), facts->id,
                                 facts->source, facts->offset));
    }
}

static void
report_progress (MlgIndexer *indexer, guint64 source_done)
{
    if (indexer->progress != NULL)
        indexer->progress (indexer->bytes_done + source_done,
                           indexer->bytes_total, indexer->progress_data);
}

static bool
maybe_commit (MlgIndexer *indexer, GError **error)
{
    if (indexer->uncommitted < COMMIT_EVERY)
        return true;
    indexer->uncommitted = 0;
    return mlg_store_commit (indexer->store, error);
}

/* Reads one source from `offset`. Returns false only on a store error;
 * an unreadable source is recorded as a failure and skipped. */
static bool
index_source (MlgIndexer *indexer, const MlgSource *source, gint64 offset,
              GError **error)
{
    g_autoptr (GError) local_error = NULL;
    g_autoptr (MlgArchive) archive = NULL;
    g_autofree char *fallback_list = NULL;
    MlgArchiveEntry entry = {0};
    MlgMessageContext context = {0};
    MlgSourceProgress progress = {source->size, source->mtime, 0};
    gint64 last_offset = offset;
    gint64 archive_month = 0;
    guint64 count = 0;

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
        indexer->stats.sources_failed++;
        g_ptr_array_add (indexer->failures, g_strdup (local_error->message));
        return true;
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

    while (_mlg_archive_next (archive, &entry, &local_error)) {
        g_autoptr (MlgMessageFacts) facts = NULL;
        MlgStoreAddResult result;

        context.offset = entry.offset;
        context.from_line = entry.from_line;
        facts = _mlg_message_extract (entry.message, &context);
        last_offset = entry.offset;
        indexer->stats.messages++;
        count++;

        if (!mlg_store_add (indexer->store, facts, &result, error)) {
            _mlg_archive_entry_clear (&entry);
            return false;
        }
        switch (result) {
        case MLG_STORE_ADDED:
            indexer->stats.added++;
            note_problems (indexer, facts);
            break;
        case MLG_STORE_NEW_LIST:
            indexer->stats.new_list++;
            break;
        case MLG_STORE_DUPLICATE:
            indexer->stats.duplicates++;
            break;
        }
        indexer->uncommitted++;
        if (count % 256 == 0)
            report_progress (indexer,
                             (guint64) MAX (0, _mlg_archive_get_position (
                                                   archive) - offset));
        if (!maybe_commit (indexer, error)) {
            _mlg_archive_entry_clear (&entry);
            return false;
        }
    }
    _mlg_archive_entry_clear (&entry);

    if (local_error != NULL) {
        /* A read error part-way: keep what was read, and do not record
         * progress, so that the next run reads the source again. */
        indexer->stats.sources_failed++;
        g_ptr_array_add (indexer->failures,
                         g_strdup_printf ("%s (after %" G_GUINT64_FORMAT
                                          " messages)",
                                          local_error->message, count));
        return true;
    }
    if (_mlg_archive_is_truncated (archive)) {
        indexer->stats.truncated++;
        g_ptr_array_add (indexer->failures,
                         g_strdup_printf ("'%s' ends inside a message (cut "
                                          "short, or no final newline): its "
                                          "last message may be incomplete; "
                                          "%" G_GUINT64_FORMAT
                                          " messages read",
                                          source->path, count));
    }

    /* Resuming re-reads the last message, so that a message that was still
     * being appended when we read it is read whole next time. */
    progress.offset = last_offset;
    return mlg_store_set_source (indexer->store, source->path, &progress,
                                 error);
}

/* Decides where to start reading a source: -1 to skip it (unchanged), 0
 * to read it all, or the offset to resume a plain mbox that only grew. */
static gint64
start_offset (MlgIndexer *indexer, const MlgSource *source, GError **error)
{
    MlgSourceProgress known;
    g_autoptr (GError) local_error = NULL;

    if (!mlg_store_get_source (indexer->store, source->path, &known,
                               &local_error)) {
        if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
        return 0;
    }
    if (known.size == source->size && known.mtime == source->mtime)
        return -1;
    if (!source->gzip && source->format != MLG_SOURCE_MESSAGE
        && source->size > known.size && known.offset > 0)
        return known.offset;
    return 0;
}

bool
mlg_indexer_add_paths (MlgIndexer *indexer, const char *const *paths,
                       GError **error)
{
    g_autoptr (GPtrArray) sources =
        g_ptr_array_new_with_free_func ((GDestroyNotify) _mlg_source_free);
    g_autoptr (GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gint64));

    g_return_val_if_fail (indexer != NULL && paths != NULL, false);

    /* Walk everything first: a path that does not exist is an error of the
     * command line, reported before anything is indexed. */
    for (const char *const *path = paths; *path != NULL; path++)
        if (!_mlg_archive_walk (*path, sources, error))
            return false;

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
        MlgSource *source = g_ptr_array_index (sources, i);
        gint64 offset = g_array_index (offsets, gint64, i);

        indexer->stats.sources++;
        if (offset < 0) {
            indexer->stats.sources_skipped++;
            continue;
        }
        if (!index_source (indexer, source, offset, error))
            return false;
        indexer->bytes_done += (guint64) (source->size - offset);
        report_progress (indexer, 0);
    }
    indexer->uncommitted = 0;
    return mlg_store_commit (indexer->store, error);
}
