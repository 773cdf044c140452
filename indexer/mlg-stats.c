/* mlg-stats.c - counting what the store holds, for `mlgauge stats`.
 *
 * Counts are computed from the stored facts rather than kept as running
 * totals, so that they can never drift from the messages (a re-run that
 * re-reads an archive, or an interrupted run, changes nothing here). */
#include "mlg-indexer.h"
#include "mlg-store-private.h"

#include <string.h>

typedef struct {
    MlgStoreStats *stats;
    GHashTable *senders; /* address -> NULL */
    GHashTable *lists;   /* list -> count (guint64 *) */
} Fold;

static bool
fold_message (const MlgMessageFacts *facts, gpointer user_data)
{
    Fold *fold = user_data;
    MlgStoreStats *stats = fold->stats;

    stats->messages++;
    if (facts->kind <= MLG_KIND_DRAFT_ANNOUNCEMENT)
        stats->kinds[facts->kind]++;
    if (facts->kind == MLG_KIND_PERSON && facts->from_addr[0] != '\0')
        g_hash_table_add (fold->senders, g_strdup (facts->from_addr));
    if (facts->date_source != MLG_DATE_UNKNOWN) {
        if (stats->first == 0 || facts->date < stats->first)
            stats->first = facts->date;
        if (facts->date > stats->last)
            stats->last = facts->date;
    }
    for (guint bit = 0; bit < MLG_PROBLEM_COUNT; bit++)
        if (facts->problems & (1u << bit))
            stats->problems[bit]++;
    for (guint i = 0; i < facts->lists->len; i++) {
        const char *list = g_ptr_array_index (facts->lists, i);
        guint64 *count = g_hash_table_lookup (fold->lists, list);
        if (count == NULL) {
            count = g_new0 (guint64, 1);
            g_hash_table_insert (fold->lists, g_strdup (list), count);
        }
        (*count)++;
    }
    return true;
}

static void
shard_stats_free (gpointer data)
{
    MlgShardStats *shard = data;

    g_free (shard->path);
    g_free (shard);
}

/* Each shard's size and age, so that a report host can tell a copy that
 * stopped replicating. */
static bool
add_shards (MlgStore *store, MlgStoreStats *stats, GError **error)
{
    for (guint k = 0; k < _mlg_store_get_n_shards (store); k++) {
        MlgStore *one = _mlg_store_get_shard (store, k);
        MlgShardStats *shard = g_new0 (MlgShardStats, 1);

        g_ptr_array_add (stats->shards, shard);
        shard->path = g_strdup (mlg_store_get_path (one));
        shard->messages = mlg_store_count (one);
        if (!_mlg_store_get_written (one, &shard->written, error))
            return false;
    }
    return true;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static bool
count_key (const char *key, gpointer user_data)
{
    (*(guint *) user_data)++;
    return true;
}

/* When the Datatracker was last asked and what it gave, from the keys
 * alone: the values are not parsed here. */
static bool
datatracker_stats (MlgStore *store, MlgStoreStats *stats, GError **error)
{
    g_autoptr (GError) local = NULL;

    stats->datatracker_refreshed = mlg_store_get_fetch_state (
        store, MLG_DATATRACKER_REFRESHED_KEY, &local);
    if (local != NULL) {
        g_propagate_error (error, g_steal_pointer (&local));
        return false;
    }
    return _mlg_store_foreach_fetch_key (store, MLG_DATATRACKER_DOC_KEY,
                                         count_key,
                                         &stats->datatracker_documents, error)
           && _mlg_store_foreach_fetch_key (store, MLG_DATATRACKER_CHAIRS_KEY,
                                            count_key,
                                            &stats->datatracker_groups,
                                            error);
}

MlgStoreStats *
mlg_store_stats_new (MlgStore *store, GError **error)
{
    g_autoptr (MlgStoreStats) stats = g_new0 (MlgStoreStats, 1);
    g_autoptr (GHashTable) senders =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr (GHashTable) lists =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    Fold fold = {stats, senders, lists};
    g_autofree gpointer *keys = NULL;
    guint n_keys = 0;

    g_return_val_if_fail (store != NULL, NULL);

    stats->lists = g_ptr_array_new_with_free_func (g_free);
    stats->list_counts = g_array_new (FALSE, TRUE, sizeof (guint64));
    stats->shards = g_ptr_array_new_with_free_func (shard_stats_free);
    if (!mlg_store_foreach (store, fold_message, &fold, error)
        || !mlg_store_get_stance_rules (store, &stats->stance_rules,
                                        &stats->stance_phrases, error)
        || !datatracker_stats (store, stats, error)
        || !add_shards (store, stats, error))
        return NULL;

    stats->senders = g_hash_table_size (senders);
    keys = g_hash_table_get_keys_as_array (lists, &n_keys);
    for (guint i = 0; i < n_keys; i++)
        g_ptr_array_add (stats->lists, g_strdup (keys[i]));
    g_ptr_array_sort (stats->lists, compare_strings);
    for (guint i = 0; i < stats->lists->len; i++) {
        guint64 *count = g_hash_table_lookup (
            lists, g_ptr_array_index (stats->lists, i));
        g_array_append_val (stats->list_counts, *count);
    }
    return g_steal_pointer (&stats);
}

void
mlg_store_stats_free (MlgStoreStats *stats)
{
    if (stats == NULL)
        return;
    if (stats->lists)
        g_ptr_array_unref (stats->lists);
    if (stats->list_counts)
        g_array_unref (stats->list_counts);
    if (stats->shards)
        g_ptr_array_unref (stats->shards);
    g_free (stats->stance_phrases);
    g_free (stats->datatracker_refreshed);
    g_free (stats);
}
