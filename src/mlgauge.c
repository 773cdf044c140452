/* mlgauge.c - the command table. Everything a command does is in its own
 * cmd-*.c file over the libraries; this file only dispatches. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "mlg-commands.h"
#include "mlg-config.h"

typedef struct {
    const char *name;
    int (*run) (int argc, char **argv);
    const char *summary;
} Command;

static const Command commands[] = {
    {"fetch", mlg_cmd_fetch, "get new mail (IMAP, HTTP) and index it"},
    {"index", mlg_cmd_index, "add archives to the database (incremental)"},
    {"report", mlg_cmd_report, "rank proposals (CSV)"},
    {"stats", mlg_cmd_stats, "what is indexed"},
    {"show", mlg_cmd_show, "one proposal (or message) in detail"},
    {"check", mlg_cmd_check, "a proponent's self-check of a proposal"},
    {"search", mlg_cmd_search, "search messages (words, fields, dates)"},
};

static void
usage (FILE *out)
{
    fprintf (out, "usage: mlgauge COMMAND [OPTION...] [ARG...]\n\n"
                  "Commands:\n");
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        fprintf (out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf (out, "\n'mlgauge COMMAND --help' describes a command's options.\n"
                  "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

int
main (int argc, char **argv)
{
    setlocale (LC_ALL, "");

    if (argc < 2) {
        usage (stderr);
        return MLG_EXIT_USAGE;
    }
    if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
        || strcmp (argv[1], "help") == 0) {
        usage (stdout);
        return MLG_EXIT_OK;
    }
    if (strcmp (argv[1], "--version") == 0) {
        printf ("mlgauge %s\n", MLG_VERSION);
        return MLG_EXIT_OK;
    }
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        if (strcmp (argv[1], commands[i].name) == 0)
            return commands[i].run (argc - 1, argv + 1);

    mlg_cli_error ("unknown command '%s' (try 'mlgauge --help')", argv[1]);
    return MLG_EXIT_USAGE;
}
