/* cmd-report.c - `mlgauge report [--db DIR] [--config FILE] [--list
 * NAME]... [--since DATE] [--until DATE] [--now DATE] [--all] [--format
 * csv] [--out PATH]`: rank proposals. */
#include <stdio.h>
#include <string.h>

#include "mlg-analysis.h"
#include "mlg-commands.h"
#include "mlg-indexer.h"
#include "mlg-reports.h"

/* Parses a --since/--until/--now value; prints and returns false when it
 * is not a date. */
static bool
parse_date_option (const char *name, const char *text, bool end_of_day,
                   gint64 *out)
{
    g_autoptr (GError) error = NULL;

    if (text == NULL)
        return true;
    if (!mlg_parse_date (text, end_of_day, out, &error)) {
        mlg_cli_error ("report: --%s: %s", name, error->message);
        return false;
    }
    return true;
}

int
mlg_cmd_report (int argc, char **argv)
{
    g_autofree char *db_option = NULL;
    g_autofree char *config_path = NULL;
    g_auto (GStrv) lists = NULL;
    g_autofree char *since_text = NULL;
    g_autofree char *until_text = NULL;
    g_autofree char *now_text = NULL;
    g_autofree char *format = NULL;
    g_autofree char *out = NULL;
    gboolean all = FALSE;
    GOptionEntry entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &db_option,
         "database directory (default: $MLGAUGE_DB, else "
         "$XDG_DATA_HOME/mlgauge)", "DIR"},
        {"config", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
         "configuration file (see samples/mlgauge.conf)", "FILE"},
        {"list", 0, 0, G_OPTION_ARG_STRING_ARRAY, &lists,
         "count only messages on this list (repeatable; 'dispatch' names "
         "dispatch.ietf.org when unambiguous)", "NAME"},
        {"since", 0, 0, G_OPTION_ARG_STRING, &since_text,
         "count messages from this date (ISO 8601, UTC)", "DATE"},
        {"until", 0, 0, G_OPTION_ARG_STRING, &until_text,
         "count messages up to this date, inclusive (default: now)", "DATE"},
        {"now", 0, 0, G_OPTION_ARG_STRING, &now_text,
         "the reference time (default: the current time; pin it for "
         "reproducible reports)", "DATE"},
        {"all", 0, 0, G_OPTION_ARG_NONE, &all,
         "also rank administrivia (agendas, minutes, session requests...)",
         NULL},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format,
         "output format: csv (html and json are not available yet)", "FORMAT"},
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &out,
         "output directory; '-' writes proposals.csv to standard output",
         "PATH"},
        {NULL}};
    g_autoptr (GOptionContext) context =
        g_option_context_new ("- rank proposals by demonstrated interest");
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgConfig) config = NULL;
    g_autoptr (MlgStore) store = NULL;
    g_autoptr (MlgAnalysis) analysis = NULL;
    g_autofree char *db = NULL;
    gint64 since = MLG_NO_SINCE, until = MLG_NO_UNTIL, now = 0;

    g_option_context_add_main_entries (context, entries, NULL);
    g_option_context_set_description (
        context, "Writes proposals.csv, threads.csv and people.csv into "
                 "--out (default: the\ncurrent directory). Cells a "
                 "spreadsheet would run as a formula start with '.\n"
                 "Exit status: 0 success; 1 failure; 2 usage error.");
    if (!mlg_cli_parse (context, &argc, &argv))
        return MLG_EXIT_USAGE;
    if (argc > 1) {
        mlg_cli_error ("report: unexpected argument '%s' (try 'mlgauge "
                       "report --help')", argv[1]);
        return MLG_EXIT_USAGE;
    }
    if (format == NULL)
        format = g_strdup ("csv");
    if (strcmp (format, "html") == 0 || strcmp (format, "json") == 0) {
        mlg_cli_error ("report: --format %s is not available yet; use "
                       "--format csv", format);
        return MLG_EXIT_USAGE;
    }
    if (strcmp (format, "csv") != 0) {
        mlg_cli_error ("report: unknown --format '%s' (csv, html or json)",
                       format);
        return MLG_EXIT_USAGE;
    }
    if (!parse_date_option ("since", since_text, false, &since)
        || !parse_date_option ("until", until_text, true, &until)
        || !parse_date_option ("now", now_text, false, &now))
        return MLG_EXIT_USAGE;
    if (since != MLG_NO_SINCE && until != MLG_NO_UNTIL && since > until) {
        mlg_cli_error ("report: --since %s is after --until %s", since_text,
                       until_text);
        return MLG_EXIT_USAGE;
    }

    if (config_path != NULL) {
        config = mlg_config_load (config_path, &error);
        if (config == NULL)
            return mlg_cli_fail (error);
    }
    db = mlg_cli_db_path (db_option);
    store = mlg_store_open (db, MLG_STORE_READ, &error);
    if (store == NULL)
        return mlg_cli_fail (error);

    analysis = mlg_analysis_new (config);
    if (now_text != NULL)
        mlg_analysis_set_now (analysis, now);
    mlg_analysis_set_window (analysis, since, until);
    mlg_analysis_set_include_admin (analysis, all);
    for (guint i = 0; lists != NULL && lists[i] != NULL; i++)
        mlg_analysis_add_list (analysis, lists[i]);
    if (!mlg_analysis_load_store (analysis, store, &error))
        return mlg_cli_fail (error);
    g_clear_pointer (&store, mlg_store_close);
    if (!mlg_analysis_run (analysis, &error))
        return mlg_cli_fail (error);

    if (out != NULL && strcmp (out, "-") == 0) {
        if (!mlg_report_csv_proposals (analysis, stdout, &error))
            return mlg_cli_fail (error);
        return MLG_EXIT_OK;
    }
    if (!mlg_report_csv_write_dir (analysis, out != NULL ? out : ".",
                                   &error))
        return mlg_cli_fail (error);
    return MLG_EXIT_OK;
}
