/* mlg-json-search.c - the JSON of `search` and `stats`: what the store
 * says, for scripts. The shapes are documented in the README. */
#include "mlg-reports-private.h"

JsonNode *
mlg_json_search (const char *query, const MlgSearchResults *results,
                 guint offset, guint limit)
{
    g_autoptr (JsonBuilder) builder = json_builder_new ();

    g_return_val_if_fail (query != NULL && results != NULL, NULL);

    json_builder_begin_object (builder);
    _mlg_json_add_text (builder, "query", query);
    _mlg_json_add_int (builder, "total", (gint64) results->total);
    _mlg_json_add_int (builder, "offset", offset);
    _mlg_json_add_int (builder, "limit", limit);
    json_builder_set_member_name (builder, "results");
    json_builder_begin_array (builder);
    for (guint i = 0; i < results->messages->len; i++) {
        const MlgMessageFacts *facts = results->messages->pdata[i];

        json_builder_begin_object (builder);
        _mlg_json_add_text (builder, "id", facts->id);
        _mlg_json_add_date (builder, "date", facts->date);
        _mlg_json_add_strings (builder, "lists", facts->lists);
        _mlg_json_add_text (builder, "from", facts->from_addr);
        _mlg_json_add_text (builder, "name", facts->from_name);
        _mlg_json_add_text (builder, "subject", facts->subject);
        json_builder_end_object (builder);
    }
    json_builder_end_array (builder);
    json_builder_end_object (builder);
    return json_builder_get_root (builder);
}

JsonNode *
mlg_json_stats (const char *database, const MlgStoreStats *stats)
{
    g_autoptr (JsonBuilder) builder = json_builder_new ();

    g_return_val_if_fail (database != NULL && stats != NULL, NULL);

    json_builder_begin_object (builder);
    _mlg_json_add_text (builder, "database", database);
    _mlg_json_add_int (builder, "messages", (gint64) stats->messages);
    _mlg_json_add_int (builder, "people_messages",
             (gint64) stats->kinds[MLG_KIND_PERSON]);
    _mlg_json_add_int (builder, "automated_messages",
             (gint64) stats->kinds[MLG_KIND_AUTOMATED]);
    _mlg_json_add_int (builder, "draft_announcements",
             (gint64) stats->kinds[MLG_KIND_DRAFT_ANNOUNCEMENT]);
    json_builder_set_member_name (builder, "lists");
    json_builder_begin_array (builder);
    for (guint i = 0; i < stats->lists->len; i++) {
        json_builder_begin_object (builder);
        _mlg_json_add_text (builder, "list", stats->lists->pdata[i]);
        _mlg_json_add_int (builder, "messages",
                 (gint64) g_array_index (stats->list_counts, guint64, i));
        json_builder_end_object (builder);
    }
    json_builder_end_array (builder);
    _mlg_json_add_int (builder, "senders", (gint64) stats->senders);
    _mlg_json_add_date (builder, "first", stats->first);
    _mlg_json_add_date (builder, "last", stats->last);
    json_builder_set_member_name (builder, "problems");
    json_builder_begin_object (builder);
    for (guint bit = 0; bit < MLG_PROBLEM_COUNT; bit++)
        _mlg_json_add_int (builder, mlg_problem_to_string (1u << bit),
                 (gint64) stats->problems[bit]);
    json_builder_end_object (builder);
    _mlg_json_add_text (builder, "stance_rules",
                mlg_stance_rules_to_string (stats->stance_rules));
    _mlg_json_add_text (builder, "stance_phrases", stats->stance_phrases);
    /* null when the Datatracker was never asked. */
    json_builder_set_member_name (builder, "datatracker");
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "refreshed");
    if (stats->datatracker_refreshed != NULL)
        json_builder_add_string_value (builder, stats->datatracker_refreshed);
    else
        json_builder_add_null_value (builder);
    _mlg_json_add_int (builder, "documents", stats->datatracker_documents);
    _mlg_json_add_int (builder, "groups", stats->datatracker_groups);
    json_builder_end_object (builder);
    /* Only a sharded database has the member, so that the stats of one
     * database stay what they were. */
    if (stats->shards->len > 0) {
        json_builder_set_member_name (builder, "shards");
        json_builder_begin_array (builder);
        for (guint k = 0; k < stats->shards->len; k++) {
            const MlgShardStats *shard = stats->shards->pdata[k];
            json_builder_begin_object (builder);
            _mlg_json_add_text (builder, "path", shard->path);
            _mlg_json_add_int (builder, "messages", (gint64) shard->messages);
            _mlg_json_add_date (builder, "written", shard->written);
            json_builder_end_object (builder);
        }
        json_builder_end_array (builder);
    }
    json_builder_end_object (builder);
    return json_builder_get_root (builder);
}

bool
mlg_json_search_write (const char *query, const MlgSearchResults *results,
                       guint offset, guint limit, FILE *out, GError **error)
{
    g_autoptr (JsonNode) node = mlg_json_search (query, results, offset, limit);

    return mlg_json_write (node, out, error);
}

bool
mlg_json_stats_write (const char *database, const MlgStoreStats *stats,
                      FILE *out, GError **error)
{
    g_autoptr (JsonNode) node = mlg_json_stats (database, stats);

    return mlg_json_write (node, out, error);
}
