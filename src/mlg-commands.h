/* mlg-commands.h - the subcommands of `mlgauge` and what they share.
 *
 * Each command is `int mlg_cmd_NAME (int argc, char **argv)` where argv[0]
 * is the command name; it parses its own options (GOption), prints, and
 * returns the process exit status (MLG_EXIT_*). */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* Exit statuses, documented in the README. */
enum {
    MLG_EXIT_OK = 0,      /* success */
    MLG_EXIT_FAILURE = 1, /* failure; the database keeps its last commit */
    MLG_EXIT_USAGE = 2    /* bad command line */
};

int mlg_cmd_index (int argc, char **argv);
int mlg_cmd_stats (int argc, char **argv);
int mlg_cmd_show (int argc, char **argv);
int mlg_cmd_report (int argc, char **argv);

/* Returns: (transfer full) the database directory: `option` when given,
 * else $MLGAUGE_DB, else $XDG_DATA_HOME/mlgauge (GLib's XDG fallback). */
char *mlg_cli_db_path (const char *option);

/* Parses `context` over argc/argv; on failure prints the error and a hint
 * and returns false (the caller exits with MLG_EXIT_USAGE). */
bool mlg_cli_parse (GOptionContext *context, int *argc, char ***argv);

/* Prints "mlgauge: MESSAGE" on stderr. */
void mlg_cli_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Prints `error` as "mlgauge: MESSAGE" and returns MLG_EXIT_FAILURE. */
int mlg_cli_fail (const GError *error);

/* Formats seconds since the epoch as ISO 8601 UTC ("2024-01-08T10:00:00Z").
 * Returns: (transfer full) the string; "" for 0. */
char *mlg_cli_format_date (gint64 t);
