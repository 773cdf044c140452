/* mlgauge.c - the command table. Everything a command does is in its own
 * cmd-*.c file over the libraries; this file only dispatches. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "mlg-commands.h"
#include "mlg-config.h"

/* Each command with what it opens and prints (MlgCommandFlags) and the
 * shared option groups it honours (MlgOptionGroups); `mlgauge --help`
 * lists them in this order. */
static const MlgCommand commands[] = {
    {"fetch", mlg_cmd_fetch, MLG_CMD_STORE_WRITE, MLG_OPTIONS_DATABASE,
     "get new mail (IMAP, HTTP) and index it"},
    {"index", mlg_cmd_index, MLG_CMD_STORE_WRITE, MLG_OPTIONS_DATABASE,
     "add archives to the database (incremental)"},
    {"report", mlg_cmd_report,
     MLG_CMD_STORE_READ | MLG_CMD_ANALYSIS | MLG_CMD_JSON,
     MLG_OPTIONS_DATABASE | MLG_OPTIONS_CONFIG | MLG_OPTIONS_SELECTION
         | MLG_OPTIONS_ANONYMIZE,
     "rank proposals (CSV)"},
    {"stats", mlg_cmd_stats,
     MLG_CMD_STORE_READ | MLG_CMD_TERMINAL | MLG_CMD_JSON,
     MLG_OPTIONS_DATABASE | MLG_OPTIONS_FORMAT, "what is indexed"},
    {"show", mlg_cmd_show,
     MLG_CMD_STORE_READ | MLG_CMD_ANALYSIS | MLG_CMD_TERMINAL | MLG_CMD_JSON,
     MLG_OPTIONS_DATABASE | MLG_OPTIONS_CONFIG | MLG_OPTIONS_SELECTION
         | MLG_OPTIONS_ANONYMIZE | MLG_OPTIONS_COLOR,
     "one proposal (or message) in detail"},
    {"check", mlg_cmd_check,
     MLG_CMD_STORE_READ | MLG_CMD_ANALYSIS | MLG_CMD_TERMINAL | MLG_CMD_JSON,
     MLG_OPTIONS_DATABASE | MLG_OPTIONS_CONFIG | MLG_OPTIONS_SELECTION
         | MLG_OPTIONS_ANONYMIZE | MLG_OPTIONS_FORMAT | MLG_OPTIONS_COLOR,
     "a proponent's self-check of a proposal"},
    /* Search prints the stored facts of messages (senders, subjects,
     * Message-IDs), which carry no pseudonyms, so it takes no
     * --anonymize; it analyses only to resolve `proposal:NAME`, and that
     * is what --config and the selection options are for. */
    {"search", mlg_cmd_search,
     MLG_CMD_STORE_READ | MLG_CMD_ANALYSIS | MLG_CMD_TERMINAL | MLG_CMD_JSON,
     MLG_OPTIONS_DATABASE | MLG_OPTIONS_CONFIG | MLG_OPTIONS_SELECTION
         | MLG_OPTIONS_FORMAT,
     "search messages (words, fields, dates)"},
};

static void
usage (FILE *out)
{
    fprintf (out, "usage: mlgauge COMMAND [OPTION...] [ARG...]\n\n"
                  "Commands:\n");
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        fprintf (out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf (out, "\n'mlgauge help COMMAND' describes a command's options.\n"
                  "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

static const MlgCommand *
find_command (const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        if (strcmp (name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

/* `mlgauge help [COMMAND]`: the general usage, or COMMAND's own --help. */
static int
help (int argc, char **argv)
{
    const MlgCommand *command;
    char *args[] = {NULL, (char *) "--help", NULL};

    if (argc < 3) {
        usage (stdout);
        return MLG_EXIT_OK;
    }
    if (argc > 3) {
        mlg_cli_error ("help: give one COMMAND (try 'mlgauge help')");
        return MLG_EXIT_USAGE;
    }
    command = find_command (argv[2]);
    if (command == NULL) {
        g_autoptr (GString) names = g_string_new (NULL);

        for (guint i = 0; i < G_N_ELEMENTS (commands); i++) {
            if (i > 0)
                g_string_append (names, i + 1 < G_N_ELEMENTS (commands)
                                            ? ", "
                                            : " and ");
            g_string_append (names, commands[i].name);
        }
        mlg_cli_error ("help: unknown command '%s' (the commands are %s)",
                       argv[2], names->str);
        return MLG_EXIT_USAGE;
    }
    args[0] = argv[2];
    return command->run (command, 2, args);
}

int
main (int argc, char **argv)
{
    const MlgCommand *command;

    setlocale (LC_ALL, "");

    if (argc < 2) {
        usage (stderr);
        return MLG_EXIT_USAGE;
    }
    if (strcmp (argv[1], "help") == 0)
        return help (argc, argv);
    if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0) {
        usage (stdout);
        return MLG_EXIT_OK;
    }
    if (strcmp (argv[1], "--version") == 0) {
        printf ("mlgauge %s\n", MLG_VERSION);
        return MLG_EXIT_OK;
    }
    command = find_command (argv[1]);
    if (command != NULL)
        return command->run (command, argc - 1, argv + 1);

    mlg_cli_error ("unknown command '%s' (try 'mlgauge --help')", argv[1]);
    return MLG_EXIT_USAGE;
}
