/* mlg-cli.c - what every subcommand shares: where the database is, how
 * errors are printed, how dates look. */
#include "mlg-commands.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

char *
mlg_cli_db_path (const char *option)
{
    const char *env = g_getenv ("MLGAUGE_DB");

    if (option != NULL && *option != '\0')
        return g_strdup (option);
    if (env != NULL && *env != '\0')
        return g_strdup (env);
    return g_build_filename (g_get_user_data_dir (), "mlgauge", NULL);
}

void
mlg_cli_error (const char *format, ...)
{
    g_autofree char *text = NULL;
    g_auto (GStrv) lines = NULL;
    va_list args;

    va_start (args, format);
    text = g_strdup_vprintf (format, args);
    va_end (args);
    /* Messages name archive files and quote mail (ids, list names), and
     * those come from whoever could write a file or post: every line
     * goes through mlg_text_clean(), as all mail-derived text does. */
    lines = g_strsplit (text, "\n", -1);
    fputs ("mlgauge: ", stderr);
    for (guint i = 0; lines[i] != NULL; i++) {
        g_autofree char *clean = mlg_text_clean (lines[i]);
        if (i > 0)
            fputc ('\n', stderr);
        fputs (clean, stderr);
    }
    fputc ('\n', stderr);
}

int
mlg_cli_fail (const GError *error)
{
    mlg_cli_error ("%s", error->message);
    return MLG_EXIT_FAILURE;
}

bool
mlg_cli_parse (GOptionContext *context, int *argc, char ***argv)
{
    g_autoptr (GError) error = NULL;

    if (g_option_context_parse (context, argc, argv, &error))
        return true;
    mlg_cli_error ("%s (try 'mlgauge %s --help')", error->message, (*argv)[0]);
    return false;
}

bool
mlg_cli_text_or_json (const char *command, const char *format, bool *json)
{
    *json = format != NULL && strcmp (format, "json") == 0;
    if (format == NULL || *json || strcmp (format, "text") == 0)
        return true;
    mlg_cli_error ("%s: unknown --format '%s' (text or json)", command,
                   format);
    return false;
}

static void (*volatile interrupt_cancel) (gpointer data);
static volatile gpointer interrupt_data;

static void
on_interrupt (int signum)
{
    void (*cancel) (gpointer) = interrupt_cancel;

    if (cancel != NULL)
        cancel (interrupt_data);
}

void
mlg_cli_catch_signals (void (*cancel) (gpointer data), gpointer data)
{
    struct sigaction action = {0};

    interrupt_data = data;
    interrupt_cancel = cancel;
    action.sa_handler = cancel != NULL ? on_interrupt : SIG_DFL;
    action.sa_flags = cancel != NULL ? SA_RESETHAND : 0;
    sigemptyset (&action.sa_mask);
    sigaction (SIGINT, &action, NULL);
    sigaction (SIGTERM, &action, NULL);
}
