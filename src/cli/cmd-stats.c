/* cmd-stats.c - `mlgauge stats [--db DIR] [--format text|json]`: what is
 * indexed, one `key: value` per line, or one JSON object for scripts. */
#include <stdio.h>
#include <string.h>

#include "mlg-commands.h"
#include "mlg-indexer.h"
#include "mlg-reports.h"

int
mlg_cmd_stats (const MlgCommand *command, int argc, char **argv)
{
    g_auto (MlgOptions) options = {0};
    g_autoptr (GOptionContext) context =
        g_option_context_new ("- what is indexed");
    g_autoptr (GError) error = NULL;
    bool json = false;
    g_autoptr (MlgStore) store = NULL;
    g_autoptr (MlgStoreStats) stats = NULL;
    g_autofree char *db = NULL;
    g_autofree char *first = NULL;
    g_autofree char *last = NULL;

    mlg_cli_options_add (context, command, &options, NULL);
    if (!mlg_cli_parse (context, &argc, &argv))
        return MLG_EXIT_USAGE;
    if (argc > 1) {
        mlg_cli_error ("stats: unexpected argument '%s'", argv[1]);
        return MLG_EXIT_USAGE;
    }
    if (!mlg_cli_text_or_json ("stats", options.format, &json))
        return MLG_EXIT_USAGE;

    db = mlg_cli_db_path (options.db);
    store = mlg_store_open (db, MLG_STORE_READ, &error);
    if (store == NULL)
        return mlg_cli_fail (error);
    stats = mlg_store_stats_new (store, &error);
    if (stats == NULL)
        return mlg_cli_fail (error);

    if (json) {
        if (!mlg_json_stats_write (mlg_store_get_path (store), stats,
                                   stdout, &error))
            return mlg_cli_fail (error);
        return MLG_EXIT_OK;
    }

    first = mlg_cli_format_date (stats->first);
    last = mlg_cli_format_date (stats->last);
    printf ("database: %s\n", mlg_store_get_path (store));
    printf ("messages: %" G_GUINT64_FORMAT "\n", stats->messages);
    printf ("people-messages: %" G_GUINT64_FORMAT "\n",
            stats->kinds[MLG_KIND_PERSON]);
    printf ("automated-messages: %" G_GUINT64_FORMAT "\n",
            stats->kinds[MLG_KIND_AUTOMATED]);
    printf ("draft-announcements: %" G_GUINT64_FORMAT "\n",
            stats->kinds[MLG_KIND_DRAFT_ANNOUNCEMENT]);
    printf ("lists: %u\n", stats->lists->len);
    for (guint i = 0; i < stats->lists->len; i++) {
        /* A list id is whatever a List-Id header or a file name said. */
        g_autofree char *list =
            mlg_text_clean (g_ptr_array_index (stats->lists, i));
        printf ("list %s: %" G_GUINT64_FORMAT "\n", list,
                g_array_index (stats->list_counts, guint64, i));
    }
    printf ("senders: %" G_GUINT64_FORMAT "\n", stats->senders);
    printf ("first: %s\n", first);
    printf ("last: %s\n", last);
    for (guint bit = 0; bit < MLG_PROBLEM_COUNT; bit++)
        printf ("%s: %" G_GUINT64_FORMAT "\n", mlg_problem_to_string (1u << bit),
                stats->problems[bit]);
    /* Written by fetch, never by mail: no control characters. */
    printf ("datatracker-refreshed: %s\n",
            stats->datatracker_refreshed != NULL
                ? stats->datatracker_refreshed
                : "never (run `mlgauge fetch --datatracker`)");
    printf ("datatracker-drafts: %u\n", stats->datatracker_documents);
    printf ("datatracker-groups: %u\n", stats->datatracker_groups);
    printf ("stance-rules: %s\n",
            mlg_stance_rules_to_string (stats->stance_rules));
    {
        g_auto (GStrv) lines = g_strsplit (stats->stance_phrases, "\n", -1);
        for (guint i = 0; lines[i] != NULL; i++)
            if (lines[i][0] != '\0') {
                g_autofree char *clean = mlg_text_clean (lines[i]);
                printf ("stance-phrase %s\n", clean);
            }
    }
    /* A report host that replicates shards reads here how old each copy
     * is (the time its writer last committed messages). */
    if (stats->shards->len > 0)
        printf ("shards: %u\n", stats->shards->len);
    for (guint k = 0; k < stats->shards->len; k++) {
        const MlgShardStats *shard = stats->shards->pdata[k];
        g_autofree char *path = mlg_text_clean (shard->path);
        g_autofree char *written =
            shard->written != 0 ? mlg_cli_format_date (shard->written)
                                : g_strdup ("unknown");

        printf ("shard %u: %" G_GUINT64_FORMAT " messages, written %s, %s\n",
                k, shard->messages, written, path);
    }
    return MLG_EXIT_OK;
}
