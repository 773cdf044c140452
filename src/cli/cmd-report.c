/* cmd-report.c - `mlgauge report [--db DIR] [--config FILE] [--list
 * NAME]... [--since DATE] [--until DATE] [--now DATE] [--all] [--format
 * csv|json|html] [--out PATH]`: rank proposals. */
#include <stdio.h>
#include <string.h>

#include "mlg-commands.h"
#include "mlg-reports.h"

int
mlg_cmd_report (const MlgCommand *command, int argc, char **argv)
{
    g_auto (MlgOptions) options = {0};
    g_autofree char *format = NULL;
    g_autofree char *out = NULL;
    GOptionEntry entries[] = {
        {"format", 0, 0, G_OPTION_ARG_STRING, &format,
         "output format: csv, json or html", "FORMAT"},
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &out,
         "output directory; '-' writes proposals.csv (or the JSON) to "
         "standard output",
         "PATH"},
        {NULL}};
    g_autoptr (GOptionContext) context =
        g_option_context_new ("- rank proposals by demonstrated interest");
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgConfig) config = NULL;
    g_autoptr (MlgAnalysis) analysis = NULL;
    const MlgReportFormat *writer;
    bool to_stdout;
    int status;

    mlg_cli_options_add (context, command, &options, entries);
    g_option_context_set_description (
        context, "Writes proposals.csv, threads.csv and people.csv into "
                 "--out (default: the\ncurrent directory). Text cells a "
                 "spreadsheet would run as a formula start\nwith '; "
                 "numbers never do.\n"
                 "--format json writes report.json: the same data, nested.\n"
                 "--format html writes index.html, people.html and one "
                 "page per proposal.\n"
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
    writer = mlg_report_format_find (format);
    if (writer == NULL) {
        mlg_cli_error ("report: unknown --format '%s' (csv, html or json)",
                       format);
        return MLG_EXIT_USAGE;
    }

    to_stdout = out != NULL && strcmp (out, "-") == 0;
    if (to_stdout && writer->write_stream == NULL) {
        mlg_cli_error ("report: --format html writes a directory; give "
                       "--out DIR");
        return MLG_EXIT_USAGE;
    }

    status = mlg_cli_analysis_run ("report", &options, &config, &analysis,
                                   NULL);
    if (status != MLG_EXIT_OK)
        return status;

    if (to_stdout ? !writer->write_stream (analysis, stdout, &error)
                  : !writer->write_dir (analysis, out != NULL ? out : ".",
                                        &error))
        return mlg_cli_fail (error);
    return MLG_EXIT_OK;
}
