/* mlg-commands.h - the subcommands of `mlgauge` and what they share.
 *
 * Each command is a row of the table in mlgauge.c (MlgCommand): a
 * function `mlg_cmd_NAME` in cmd-NAME.c, what it opens, and the shared
 * option groups it takes. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "mlg-analysis.h"
#include "mlg-indexer.h"
#include "mlg-reports.h"

/* Exit statuses, documented in the README. */
enum {
    MLG_EXIT_OK = 0,      /* success */
    MLG_EXIT_FAILURE = 1, /* failure; the database keeps its last commit */
    MLG_EXIT_USAGE = 2    /* bad command line */
};

/* What a command opens and prints. The table in mlgauge.c gives each
 * command its flags, so that a reader sees at a glance which commands
 * write the database, which run the analysis (every message loaded) and
 * what they print. */
typedef enum {
    MLG_CMD_STORE_READ = 1 << 0,  /* opens the database read-only */
    MLG_CMD_STORE_WRITE = 1 << 1, /* opens it to write (one writer at a
                                   * time: the database is locked) */
    MLG_CMD_ANALYSIS = 1 << 2,    /* loads and analyses the messages */
    MLG_CMD_TERMINAL = 1 << 3,    /* prints mail-derived text for a person
                                   * (through mlg_text_clean()) */
    MLG_CMD_JSON = 1 << 4         /* can print JSON (--format json) */
} MlgCommandFlags;

/* The options shared between commands, one group per concern. A command
 * lists in the table the groups it honours, and takes no other shared
 * option: GOption refuses the rest as unknown options (exit 2), so an
 * option is never accepted and then ignored. */
typedef enum {
    MLG_OPTIONS_DATABASE = 1 << 0,  /* --db */
    MLG_OPTIONS_CONFIG = 1 << 1,    /* --config (of the analysis) */
    MLG_OPTIONS_SELECTION = 1 << 2, /* --list --since --until --now --all */
    MLG_OPTIONS_ANONYMIZE = 1 << 3, /* --anonymize */
    MLG_OPTIONS_FORMAT = 1 << 4,    /* --format text|json */
    MLG_OPTIONS_COLOR = 1 << 5      /* --color */
} MlgOptionGroups;

/* One row of the command table. `run` gets its own row (for its option
 * groups) and argv with argv[0] the command name; it parses its options,
 * prints, and returns the process exit status (MLG_EXIT_*). */
typedef struct _MlgCommand MlgCommand;
struct _MlgCommand {
    const char *name;
    int (*run) (const MlgCommand *command, int argc, char **argv);
    MlgCommandFlags flags;
    MlgOptionGroups options;
    const char *summary;
};

int mlg_cmd_fetch (const MlgCommand *command, int argc, char **argv);
int mlg_cmd_index (const MlgCommand *command, int argc, char **argv);
int mlg_cmd_stats (const MlgCommand *command, int argc, char **argv);
int mlg_cmd_show (const MlgCommand *command, int argc, char **argv);
int mlg_cmd_report (const MlgCommand *command, int argc, char **argv);
int mlg_cmd_check (const MlgCommand *command, int argc, char **argv);
int mlg_cmd_search (const MlgCommand *command, int argc, char **argv);

/* Returns: (transfer full) the database directory: `option` when given,
 * else $MLGAUGE_DB, else $XDG_DATA_HOME/mlgauge (GLib's XDG fallback). */
char *mlg_cli_db_path (const char *option);

/* Parses `context` over argc/argv; on failure prints the error and a hint
 * and returns false (the caller exits with MLG_EXIT_USAGE). */
bool mlg_cli_parse (GOptionContext *context, int *argc, char ***argv);

/* Reads a `--format text|json` value (NULL means text) into `*json`; for
 * any other value prints "COMMAND: unknown --format ..." and returns
 * false (the caller exits with MLG_EXIT_USAGE). */
bool mlg_cli_text_or_json (const char *command, const char *format,
                           bool *json);

/* Prints "mlgauge: MESSAGE" on stderr, each line of MESSAGE through
 * mlg_text_clean() (messages quote file names and mail). */
void mlg_cli_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* From now on the first SIGINT or SIGTERM calls `cancel (data)` (from the
 * signal handler: it may only set a flag) and restores the default, so a
 * second signal kills at once (safe: the database keeps its last commit).
 * `cancel` NULL restores the defaults. */
void mlg_cli_catch_signals (void (*cancel) (gpointer data), gpointer data);

/* Prints `error` as "mlgauge: MESSAGE" and returns MLG_EXIT_FAILURE. */
int mlg_cli_fail (const GError *error);


/* Sets `term` from `--color` (nullable: "auto": colour when stdout is a
 * terminal, TERM is not "dumb" and NO_COLOR is unset; "always"; "never")
 * and the locale's charset (mlg-cli-term.c).
 * Returns: false for any other value (a usage error). */
bool mlg_cli_term_init (MlgTextStyle *term, const char *color);

/* The values of the shared options (MlgOptionGroups); a command's own
 * options are its own. */
typedef struct {
    char *db;         /* MLG_OPTIONS_DATABASE */
    char *config;     /* MLG_OPTIONS_CONFIG */
    char **lists;     /* MLG_OPTIONS_SELECTION */
    char *since;
    char *until;
    char *now;
    gboolean all;
    gboolean anonymize; /* MLG_OPTIONS_ANONYMIZE: pseudonyms keyed by the
                         * config's `[anonymize] salt=` */
    char *format;       /* MLG_OPTIONS_FORMAT */
    char *color;        /* MLG_OPTIONS_COLOR */
} MlgOptions;

/* Parses the --`name` (since, until, now) value `text` (nullable: `*out`
 * is left as it is) with mlg_parse_date(), the day's end for --until
 * when `end_of_day`; prints "COMMAND: --NAME: ..." and returns false
 * (the caller exits with MLG_EXIT_USAGE) when it is not a date. The one
 * reader of those options for every command. */
bool mlg_cli_parse_date (const char *command, const char *name,
                         const char *text, bool end_of_day, gint64 *out);

/* Adds to `context`'s main group the option groups `command` lists and
 * the command's own `entries` (nullable), in the order --help shows
 * them: where the data comes from (database, config, selection,
 * anonymisation), then `entries`, then how it is printed (format,
 * colour). `options` (zeroed by the caller) receives the shared values
 * and must outlive the parse. */
void mlg_cli_options_add (GOptionContext *context, const MlgCommand *command,
                          MlgOptions *options, const GOptionEntry *entries);
void mlg_cli_options_clear (MlgOptions *options);

/* Checks the dates (a usage error is printed and gives MLG_EXIT_USAGE),
 * loads the config, opens the store, loads and runs the analysis. On
 * MLG_EXIT_OK sets `*config` and `*analysis` (which borrows the config:
 * free the analysis first) and, when `store` is not NULL, hands over the
 * open store (read-only); otherwise prints the error and returns
 * MLG_EXIT_FAILURE. `command` prefixes messages ("report"). */
int mlg_cli_analysis_run (const char *command,
                          const MlgOptions *options,
                          MlgConfig **config, MlgAnalysis **analysis,
                          MlgStore **store);

/* Finds the proposal `name` names: an id, a name or a draft
 * (mlg_analysis_find_proposals()). When `message` is not NULL and no
 * proposal matches, a Message-ID of an analysed message (with or without
 * <>) is tried too, and `*message` set: a name may hold '@', so both are
 * tried, names first. When several proposals match, prints them with
 * their ids ("give one of these ids") on stderr; when nothing matches,
 * prints "COMMAND: no proposal ..." and the nearest names. Both return
 * NULL with `*message` NULL (the caller exits with MLG_EXIT_FAILURE). */
const MlgProposal *mlg_cli_find_proposal (const char *command,
                                          MlgAnalysis *analysis,
                                          const char *name,
                                          const MlgMessage **message);

/* Prints, on stderr, one line per proposal of `found` (const MlgProposal
 * *): its id, rank or "unranked", score, first activity, threads and
 * name. */
void mlg_cli_list_proposals (const GPtrArray *found);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MlgOptions, mlg_cli_options_clear)
