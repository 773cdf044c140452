/* mlg-json-search.c - the JSON of `search` and `stats`: what the store
 * says, for scripts. The shapes are documented in the README. */
#include "mlg-reports-private.h"

/* ISO 8601 UTC, or null for "no date" (0), as the text output leaves the
 * field empty. */
static void
add_date (JsonBuilder *builder, const char *key, gint64 t)
{
    g_autofree char *text = mlg_format_time (t, MLG_TIME_ISO);

    json_builder_set_member_name (builder, key);
    if (text == NULL)
        json_builder_add_null_value (builder);
    else
        json_builder_add_string_value (builder, text);
}

static void
add_string (JsonBuilder *builder, const char *key, const char *value)
{
    json_builder_set_member_name (builder, key);
    json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_int (JsonBuilder *builder, const char *key, gint64 value)
{
    json_builder_set_member_name (builder, key);
    json_builder_add_int_value (builder, value);
}

static void
add_strings (JsonBuilder *builder, const char *key, const GPtrArray *values)
{
    json_builder_set_member_name (builder, key);
    json_builder_begin_array (builder);
    for (guint i = 0; i < values->len; i++)
        json_builder_add_string_value (builder, values->pdata[i]);
    json_builder_end_array (builder);
}

JsonNode *
mlg_json_search (const char *query, const MlgSearchResults *results,
                 guint offset, guint limit)
{
    g_autoptr (JsonBuilder) builder = json_builder_new ();

    g_return_val_if_fail (query != NULL && results != NULL, NULL);

    json_builder_begin_object (builder);
    add_string (builder, "query", query);
    add_int (builder, "total", (gint64) results->total);
    add_int (builder, "offset", offset);
    add_int (builder, "limit", limit);
    json_builder_set_member_name (builder, "results");
    json_builder_begin_array (builder);
    for (guint i = 0; i < results->messages->len; i++) {
        const MlgMessageFacts *facts = results->messages->pdata[i];

        json_builder_begin_object (builder);
        add_string (builder, "id", facts->id);
        add_date (builder, "date", facts->date);
        add_strings (builder, "lists", facts->lists);
        add_string (builder, "from", facts->from_addr);
        add_string (builder, "name", facts->from_name);
        add_string (builder, "subject", facts->subject);
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
    add_string (builder, "database", database);
    add_int (builder, "messages", (gint64) stats->messages);
    add_int (builder, "people_messages",
             (gint64) stats->kinds[MLG_KIND_PERSON]);
    add_int (builder, "automated_messages",
             (gint64) stats->kinds[MLG_KIND_AUTOMATED]);
    add_int (builder, "draft_announcements",
             (gint64) stats->kinds[MLG_KIND_DRAFT_ANNOUNCEMENT]);
    json_builder_set_member_name (builder, "lists");
    json_builder_begin_array (builder);
    for (guint i = 0; i < stats->lists->len; i++) {
        json_builder_begin_object (builder);
        add_string (builder, "list", stats->lists->pdata[i]);
        add_int (builder, "messages",
                 (gint64) g_array_index (stats->list_counts, guint64, i));
        json_builder_end_object (builder);
    }
    json_builder_end_array (builder);
    add_int (builder, "senders", (gint64) stats->senders);
    add_date (builder, "first", stats->first);
    add_date (builder, "last", stats->last);
    json_builder_set_member_name (builder, "problems");
    json_builder_begin_object (builder);
    for (guint bit = 0; bit < MLG_PROBLEM_COUNT; bit++)
        add_int (builder, mlg_problem_to_string (1u << bit),
                 (gint64) stats->problems[bit]);
    json_builder_end_object (builder);
    add_string (builder, "stance_rules",
                mlg_stance_rules_to_string (stats->stance_rules));
    add_string (builder, "stance_phrases", stats->stance_phrases);
    /* null when the Datatracker was never asked. */
    json_builder_set_member_name (builder, "datatracker");
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "refreshed");
    if (stats->datatracker_refreshed != NULL)
        json_builder_add_string_value (builder, stats->datatracker_refreshed);
    else
        json_builder_add_null_value (builder);
    add_int (builder, "documents", stats->datatracker_documents);
    add_int (builder, "groups", stats->datatracker_groups);
    json_builder_end_object (builder);
    /* Only a sharded database has the member, so that the stats of one
     * database stay what they were. */
    if (stats->shards->len > 0) {
        json_builder_set_member_name (builder, "shards");
        json_builder_begin_array (builder);
        for (guint k = 0; k < stats->shards->len; k++) {
            const MlgShardStats *shard = stats->shards->pdata[k];
            json_builder_begin_object (builder);
            add_string (builder, "path", shard->path);
            add_int (builder, "messages", (gint64) shard->messages);
            add_date (builder, "written", shard->written);
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
