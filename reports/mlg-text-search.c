/* mlg-text-search.c - the text of `mlgauge search` and `mlgauge stats`:
 * lines for a person or for cut(1) and grep(1). Every string that came
 * from mail or from a file name goes through mlg_text_clean(), so that no
 * escape sequence reaches the terminal. */
#include "mlg-reports-private.h"

/* DATE  LISTS  SENDER  SUBJECT  ID, tab-separated. A tab in a subject
 * becomes a space in mlg_text_clean(), so it cannot add a field. */
static void
write_result (const MlgMessageFacts *facts, FILE *out)
{
    g_autofree char *date = mlg_format_time (facts->date, MLG_TIME_MINUTE);
    g_autoptr (GString) lists = g_string_new (NULL);
    g_autofree char *sender = NULL;
    g_autofree char *subject = mlg_text_clean (facts->subject);
    g_autofree char *id = mlg_text_clean (facts->id);
    g_autofree char *list_text = NULL;

    for (guint i = 0; i < facts->lists->len; i++)
        g_string_append_printf (lists, "%s%s", i > 0 ? "," : "",
                                (const char *) facts->lists->pdata[i]);
    list_text = mlg_text_clean (lists->str);
    if (facts->from_name[0] != '\0' && facts->from_addr[0] != '\0') {
        g_autofree char *both = g_strdup_printf ("%s <%s>", facts->from_name,
                                                 facts->from_addr);
        sender = mlg_text_clean (both);
    } else {
        sender = mlg_text_clean (facts->from_addr[0] != '\0'
                                     ? facts->from_addr
                                     : facts->from_name);
    }
    fprintf (out, "%s\t%s\t%s\t%s\t%s\n", date != NULL ? date : "",
             list_text, sender, subject, id);
}

bool
mlg_text_search_write (const MlgSearchResults *results, FILE *out,
                       GError **error)
{
    for (guint i = 0; i < results->messages->len; i++)
        write_result (results->messages->pdata[i], out);
    return _mlg_text_finish (out, "search results", error);
}

bool
mlg_text_stats_write (const char *database, const MlgStoreStats *stats,
                      FILE *out, GError **error)
{
    g_autofree char *first = _mlg_text_iso_date (stats->first);
    g_autofree char *last = _mlg_text_iso_date (stats->last);
    g_auto (GStrv) phrases = g_strsplit (stats->stance_phrases, "\n", -1);

    fprintf (out, "database: %s\n", database);
    fprintf (out, "messages: %" G_GUINT64_FORMAT "\n", stats->messages);
    fprintf (out, "people-messages: %" G_GUINT64_FORMAT "\n",
             stats->kinds[MLG_KIND_PERSON]);
    fprintf (out, "automated-messages: %" G_GUINT64_FORMAT "\n",
             stats->kinds[MLG_KIND_AUTOMATED]);
    fprintf (out, "draft-announcements: %" G_GUINT64_FORMAT "\n",
             stats->kinds[MLG_KIND_DRAFT_ANNOUNCEMENT]);
    fprintf (out, "lists: %u\n", stats->lists->len);
    for (guint i = 0; i < stats->lists->len; i++) {
        /* A list id is whatever a List-Id header or a file name said. */
        g_autofree char *list =
            mlg_text_clean (g_ptr_array_index (stats->lists, i));
        fprintf (out, "list %s: %" G_GUINT64_FORMAT "\n", list,
                 g_array_index (stats->list_counts, guint64, i));
    }
    fprintf (out, "senders: %" G_GUINT64_FORMAT "\n", stats->senders);
    fprintf (out, "first: %s\n", first);
    fprintf (out, "last: %s\n", last);
    for (guint bit = 0; bit < MLG_PROBLEM_COUNT; bit++)
        fprintf (out, "%s: %" G_GUINT64_FORMAT "\n",
                 mlg_problem_to_string (1u << bit), stats->problems[bit]);
    /* Written by fetch, never by mail: no control characters. */
    fprintf (out, "datatracker-refreshed: %s\n",
             stats->datatracker_refreshed != NULL
                 ? stats->datatracker_refreshed
                 : "never (run `mlgauge fetch --datatracker`)");
    fprintf (out, "datatracker-drafts: %u\n", stats->datatracker_documents);
    fprintf (out, "datatracker-groups: %u\n", stats->datatracker_groups);
    fprintf (out, "stance-rules: %s\n",
             mlg_stance_rules_to_string (stats->stance_rules));
    for (guint i = 0; phrases[i] != NULL; i++)
        if (phrases[i][0] != '\0') {
            g_autofree char *clean = mlg_text_clean (phrases[i]);
            fprintf (out, "stance-phrase %s\n", clean);
        }
    /* A report host that replicates shards reads here how old each copy
     * is (the time its writer last committed messages). */
    if (stats->shards->len > 0)
        fprintf (out, "shards: %u\n", stats->shards->len);
    for (guint k = 0; k < stats->shards->len; k++) {
        const MlgShardStats *shard = stats->shards->pdata[k];
        g_autofree char *path = mlg_text_clean (shard->path);
        g_autofree char *written =
            shard->written != 0 ? _mlg_text_iso_date (shard->written)
                                : g_strdup ("unknown");

        fprintf (out, "shard %u: %" G_GUINT64_FORMAT
                      " messages, written %s, %s\n",
                 k, shard->messages, written, path);
    }
    return _mlg_text_finish (out, "stats", error);
}
