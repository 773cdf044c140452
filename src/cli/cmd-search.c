/* cmd-search.c - `mlgauge search [OPTION...] QUERY...`: full-text and
 * field search over the indexed messages, newest first.
 *
 * The query language is the store's (see mlg_search_query_parse() in
 * mlg-indexer.h) except `proposal:NAME`, which only the analysis can
 * resolve: when the query names proposals, the command runs the analysis
 * (same options and names as `report`) and hands the store the message
 * ids of each proposal's threads. Other queries never load the analysis.
 */
#include <stdio.h>
#include <string.h>

#include "mlg-commands.h"
#include "mlg-reports.h"

#define EXAMPLE                                                           \
    "e.g. mlgauge search 'from:jane@example.com subject:vcon "            \
    "date:2024-01-01..2024-03-31'"

/* Resolves every `proposal:` name of `query` through the analysis, and
 * hands over the store the analysis opened. */
static int
resolve_proposals (const MlgOptions *options, MlgSearchQuery *query,
                   MlgStore **store)
{
    g_autoptr (MlgConfig) config = NULL;
    g_autoptr (MlgAnalysis) analysis = NULL;
    const GPtrArray *names = mlg_search_query_get_proposals (query);
    int status;

    status = mlg_cli_analysis_run ("search", options, &config, &analysis,
                                   store);
    if (status != MLG_EXIT_OK)
        return status;
    for (guint i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];
        g_autoptr (GPtrArray) found =
            mlg_analysis_find_proposals (analysis, name);
        const MlgProposal *proposal;
        g_autoptr (GPtrArray) ids = g_ptr_array_new ();

        if (found->len != 1) {
            g_autofree char *clean = mlg_text_clean (name);
            if (found->len == 0)
                mlg_cli_error ("search: no proposal or draft named '%s' (the "
                               "names and ids are those of 'mlgauge "
                               "report')", clean);
            else {
                mlg_cli_error ("search: proposal:'%s' names %u proposals; "
                               "give one of these ids:", clean, found->len);
                mlg_cli_list_proposals (found);
            }
            g_clear_pointer (store, mlg_store_close);
            return MLG_EXIT_FAILURE;
        }
        proposal = found->pdata[0];
        for (guint t = 0; t < proposal->threads->len; t++) {
            const MlgThread *thread = proposal->threads->pdata[t];
            for (guint m = 0; m < thread->messages->len; m++) {
                const MlgMessage *message = thread->messages->pdata[m];
                g_ptr_array_add (ids, (gpointer) message->id);
            }
        }
        g_ptr_array_add (ids, NULL);
        mlg_search_query_set_proposal (query, name,
                                       (const char *const *) ids->pdata);
    }
    /* The analysis borrows the config: free it first. */
    g_clear_pointer (&analysis, mlg_analysis_free);
    return MLG_EXIT_OK;
}

int
mlg_cmd_search (const MlgCommand *command, int argc, char **argv)
{
    g_auto (MlgOptions) shared = {0};
    gint limit = 20, offset = 0;
    GOptionEntry entries[] = {
        {"limit", 'n', 0, G_OPTION_ARG_INT, &limit,
         "show at most N results (default 20)", "N"},
        {"offset", 0, 0, G_OPTION_ARG_INT, &offset,
         "skip the first N results (for the next page)", "N"},
        {NULL}};
    g_autoptr (GOptionContext) context = g_option_context_new (
        "QUERY... - search the indexed messages, newest first");
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgSearchQuery) query = NULL;
    g_autoptr (MlgStore) store = NULL;
    g_autoptr (MlgSearchResults) results = NULL;
    g_autofree char *text = NULL;
    g_autofree char *db = NULL;
    MlgSearchOptions search = MLG_SEARCH_OPTIONS_INIT;
    bool json;

    g_option_context_set_summary (
        context,
        "Fields: from: to: list: draft: subject: quoted: proposal: rfc: "
        "id: kind:\nand date:A..B (either end may be left out); AND OR NOT, "
        "\"phrases\",\n(parentheses), -word. See the README.");
    mlg_cli_options_add (context, command, &shared, entries);
    if (!mlg_cli_parse (context, &argc, &argv))
        return MLG_EXIT_USAGE;
    if (!mlg_cli_text_or_json ("search", shared.format, &json))
        return MLG_EXIT_USAGE;
    if (limit < 0 || offset < 0) {
        mlg_cli_error ("search: --limit and --offset take a number >= 0");
        return MLG_EXIT_USAGE;
    }
    if (argc < 2) {
        mlg_cli_error ("search: give a query, " EXAMPLE);
        return MLG_EXIT_USAGE;
    }

    text = g_strjoinv (" ", argv + 1);
    query = mlg_search_query_parse (text, &error);
    if (query == NULL) {
        mlg_cli_error ("search: bad query: %s\n  " EXAMPLE, error->message);
        return MLG_EXIT_USAGE;
    }

    search.limit = (guint) limit;
    search.offset = (guint) offset;
    search.lists = (const char *const *) shared.lists;
    if (!mlg_cli_parse_date ("search", "since", shared.since, false,
                             &search.since)
        || !mlg_cli_parse_date ("search", "until", shared.until, true,
                                &search.until)
        || !mlg_cli_parse_date ("search", "now", shared.now, false,
                                &(gint64){0}))
        return MLG_EXIT_USAGE;
    if (search.since > search.until) {
        mlg_cli_error ("search: --since %s is after --until %s",
                       shared.since, shared.until);
        return MLG_EXIT_USAGE;
    }

    if (mlg_search_query_get_proposals (query)->len > 0) {
        int status = resolve_proposals (&shared, query, &store);
        if (status != MLG_EXIT_OK)
            return status;
    } else {
        db = mlg_cli_db_path (shared.db);
        store = mlg_store_open (db, MLG_STORE_READ, &error);
        if (store == NULL)
            return mlg_cli_fail (error);
    }

    results = mlg_store_search (store, query, &search, &error);
    if (results == NULL)
        return mlg_cli_fail (error);

    if (json) {
        if (!mlg_json_search_write (text, results, search.offset,
                                    search.limit, stdout, &error))
            return mlg_cli_fail (error);
    } else {
        if (!mlg_text_search_write (results, stdout, NULL)) {
            mlg_cli_error ("search: cannot write the results");
            return MLG_EXIT_FAILURE;
        }
    }
    /* Notes go to stderr, so that stdout holds results only. */
    if (results->total == 0)
        mlg_cli_error ("search: no messages match");
    else if (!json && results->messages->len == 0)
        mlg_cli_error ("search: %" G_GUINT64_FORMAT " messages match; none "
                       "shown (--limit %u --offset %u)",
                       results->total, search.limit, search.offset);
    else if (!json && search.offset + results->messages->len < results->total)
        mlg_cli_error ("search: %u-%u of %" G_GUINT64_FORMAT
                       " messages; --offset %u for more",
                       search.offset + 1,
                       search.offset + results->messages->len,
                       results->total,
                       search.offset + results->messages->len);
    return MLG_EXIT_OK;
}
