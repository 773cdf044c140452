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
    fprintf (out, "\n'mlgauge help COMMAND' describes a command's options.\n"
                  "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

static const Command *
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
    const Command *command;
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
    return command->run (2, args);
}

int
main (int argc, char **argv)
{
    const Command *command;

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
        return command->run (argc - 1, argv + 1);

    mlg_cli_error ("unknown command '%s' (try 'mlgauge --help')", argv[1]);
    return MLG_EXIT_USAGE;
}
