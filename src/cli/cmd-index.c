/* cmd-index.c - `mlgauge index [--db DIR] [--list NAME] [--shards N |
 * --shard K/N] [--quiet] PATH...` */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mlg-commands.h"
#include "mlg-indexer.h"

typedef struct {
    gint64 last_draw; /* monotonic µs of the last redraw */
    bool drawn;
} ProgressBar;

/* Redraws at most ten times a second: a terminal that scrolls slowly
 * must not slow the indexer down. */
static void
draw_progress (guint64 done, guint64 total, gpointer user_data)
{
    ProgressBar *bar = user_data;
    gint64 now = g_get_monotonic_time ();
    const int width = 40;
    int filled;
    double fraction;

    if (bar->drawn && now - bar->last_draw < G_USEC_PER_SEC / 10
        && done < total)
        return;
    bar->last_draw = now;
    bar->drawn = true;
    fraction = total > 0 ? (double) done / (double) total : 1.0;
    if (fraction > 1.0)
        fraction = 1.0;
    filled = (int) (fraction * width);
    fprintf (stderr, "\rindexing [%.*s%*s] %3d%%", filled,
             "########################################", width - filled, "",
             (int) (fraction * 100));
    fflush (stderr);
}

/* SIGINT and SIGTERM only set the indexer's flag (mlg_cli_catch_signals());
 * the indexer then commits what it read and returns, so a cron job killed
 * with SIGTERM or a user's Ctrl-C keeps its work. */
static void
cancel_indexer (gpointer indexer)
{
    mlg_indexer_cancel (indexer);
}

static void
print_summary (MlgIndexer *indexer)
{
    const MlgIndexStats *stats = mlg_indexer_get_stats (indexer);
    const GPtrArray *samples = mlg_indexer_get_problem_samples (indexer);

    fprintf (stderr,
             "mlgauge: %" G_GUINT64_FORMAT " messages read from %"
             G_GUINT64_FORMAT " sources (%" G_GUINT64_FORMAT
             " unchanged): %" G_GUINT64_FORMAT " new, %" G_GUINT64_FORMAT
             " seen on another list, %" G_GUINT64_FORMAT " duplicates\n",
             stats->messages, stats->sources, stats->sources_skipped,
             stats->added, stats->new_list, stats->duplicates);
    if (stats->other_shard > 0)
        fprintf (stderr, "mlgauge: %" G_GUINT64_FORMAT " messages belong to "
                 "other shards: left to their writers\n",
                 stats->other_shard);
    for (guint bit = 0; bit < MLG_PROBLEM_COUNT; bit++)
        if (stats->problems[bit] > 0)
            fprintf (stderr, "mlgauge: %" G_GUINT64_FORMAT " new messages: %s\n",
                     stats->problems[bit], mlg_problem_to_string (1u << bit));
    if (samples->len > 0) {
        fprintf (stderr, "mlgauge: examples:\n");
        for (guint i = 0; i < samples->len; i++) {
            /* Message-IDs and file names: anyone's text. */
            g_autofree char *clean =
                mlg_text_clean (g_ptr_array_index (samples, i));
            fprintf (stderr, "  %s\n", clean);
        }
    }
}

/* Parses --shard's "K/N": K < N, both decimal. */
static bool
parse_shard (const char *text, guint *k, guint *n)
{
    g_auto (GStrv) parts = g_strsplit (text, "/", -1);
    guint64 a, b;

    if (g_strv_length (parts) != 2
        || !g_ascii_string_to_unsigned (parts[0], 10, 0, 9999, &a, NULL)
        || !g_ascii_string_to_unsigned (parts[1], 10, 1, 10000, &b, NULL)
        || a >= b)
        return false;
    *k = (guint) a;
    *n = (guint) b;
    return true;
}

/* A commit that Xapian could only end by terminating the process, or a
 * crash inside Xapian reading a damaged database (see
 * mlg_store_set_fatal_func()): the same message and status as any failed
 * write; the database keeps its previous commit. */
static void
commit_died (const char *db_path, const char *what)
{
    mlg_cli_error ("cannot write to database '%s': %s", db_path, what);
    _exit (MLG_EXIT_FAILURE);
}

/* How many shards one process writes at most. Each open shard holds a
 * handful of files (Xapian's tables and its lock) and a writer thread;
 * this many stay well inside the usual limit of 1,024 open files, and
 * beyond the cores of one machine more writers gain nothing. */
#define MAX_SHARD_WRITERS 64

/* Opens what this run writes of database `db`: `stores` gets one entry
 * per shard (NULL for a shard another writer writes), or the one store
 * of a single database. `only` < `n`: shard `only` of `n` (--shard);
 * else all `n` shards (--shards N, or 0: as many as the database has, or
 * a single database when it is not sharded). */
static bool
open_stores (const char *db, guint only, guint n, GPtrArray *stores,
             GError **error)
{
    bool existing = n == 0;

    if (n == 0 && !mlg_store_count_shards (db, &n, error))
        return false;
    /* Writing all the shards of an existing database: each must be
     * there. A host that writes one shard has only that one, and its
     * stub names them all: making the others here would index every
     * message N times into shards nobody reads. */
    for (guint k = 0; existing && k < n; k++) {
        g_autofree char *name = g_strdup_printf ("shard-%u", k);
        g_autofree char *path = g_build_filename (db, name, NULL);

        if (!g_file_test (path, G_FILE_TEST_IS_DIR)) {
            g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_NOT_FOUND,
                         "database '%s': shard '%s', named by its stub, is "
                         "not here: on a host that writes one shard, give "
                         "--shard K/%u (--shards %u makes the missing "
                         "shards here)",
                         db, path, n, n);
            return false;
        }
    }
    if (n > MAX_SHARD_WRITERS && only >= n) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_INVALID,
                     "database '%s' has %u shards, more than one process "
                     "writes (%d): write each with its own 'mlgauge index "
                     "--shard K/%u'",
                     db, n, MAX_SHARD_WRITERS, n);
        return false;
    }
    if (n == 0) {
        MlgStore *store = mlg_store_open (db, MLG_STORE_WRITE, error);

        if (store == NULL)
            return false;
        g_ptr_array_add (stores, store);
        return true;
    }
    for (guint k = 0; k < n; k++) {
        MlgStore *store = NULL;

        if (only >= n || k == only) {
            store = mlg_store_open_shard (db, k, n, error);
            if (store == NULL)
                return false;
        }
        g_ptr_array_add (stores, store);
    }
    return true;
}

int
mlg_cmd_index (const MlgCommand *command, int argc, char **argv)
{
    g_auto (MlgOptions) options = {0};
    g_autofree char *list = NULL;
    g_autofree char *config_path = NULL;
    g_autofree char *shard_option = NULL;
    g_autofree char *shards_option = NULL;
    guint shard = G_MAXUINT, n_shards = 0;
    g_autoptr (MlgConfig) config = NULL;
    g_auto (GStrv) paths = NULL;
    gboolean quiet = FALSE;
    GOptionEntry entries[] = {
        {"list", 0, 0, G_OPTION_ARG_STRING, &list,
         "file every message under this list, ignoring List-Id", "NAME"},
        {"config", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
         "add the [stance] phrases of this configuration to the built-in "
         "stance rules", "FILE"},
        {"shards", 0, 0, G_OPTION_ARG_STRING, &shards_option,
         "make a new database of N shards (the messages placed by their "
         "Message-ID's hash), written by N threads; later runs write all "
         "of an existing database's shards without it", "N"},
        {"shard", 0, 0, G_OPTION_ARG_STRING, &shard_option,
         "write only shard K (from 0) of a database of N shards: the "
         "messages whose Message-ID hashes to K, read from the same "
         "archives as the other shards' writers", "K/N"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
         "no progress bar and no summary (for cron); failures are still "
         "reported", NULL},
        /* No arg_description: the context's own text names PATH...,
         * and GOption would print it twice. */
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL,
         NULL},
        {NULL}};
    g_autoptr (GOptionContext) context =
        g_option_context_new ("PATH... - add mail archives to the database");
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) stores =
        g_ptr_array_new_with_free_func ((GDestroyNotify) mlg_store_close);
    g_autoptr (MlgIndexer) indexer = NULL;
    g_autofree char *db = NULL;
    ProgressBar bar = {0};
    const GPtrArray *failures;
    bool ok;

    mlg_cli_options_add (context, command, &options, entries);
    g_option_context_set_description (
        context, "PATH is an mbox (mboxo or mboxrd), a gzip'd mbox, a "
                 "pipermail .txt[.gz] month,\na Maildir, a single .eml, or a "
                 "directory of these (walked recursively).\n"
                 "Exit status: 0 all read; 1 failure, or a source that could "
                 "not be read\nor was truncated (the rest is indexed), or "
                 "interrupted by SIGINT/SIGTERM\n(what was read is "
                 "committed); 2 usage error.");
    if (!mlg_cli_parse (context, &argc, &argv))
        return MLG_EXIT_USAGE;
    if (paths == NULL || paths[0] == NULL) {
        mlg_cli_error ("index: give at least one archive PATH "
                       "(try 'mlgauge index --help')");
        return MLG_EXIT_USAGE;
    }

    if (shards_option != NULL && shard_option != NULL) {
        mlg_cli_error ("index: give --shards N (all shards, by threads) or "
                       "--shard K/N (one shard), not both");
        return MLG_EXIT_USAGE;
    }
    if (shard_option != NULL && !parse_shard (shard_option, &shard,
                                              &n_shards)) {
        g_autofree char *shown = mlg_text_clean (shard_option);
        mlg_cli_error ("index: --shard wants K/N, two numbers with K < N "
                       "and N at most 10000 (shard K of N, from 0), not "
                       "'%s'",
                       shown);
        return MLG_EXIT_USAGE;
    }
    if (shards_option != NULL) {
        guint64 n;

        if (!g_ascii_string_to_unsigned (shards_option, 10, 1,
                                         MAX_SHARD_WRITERS, &n, NULL)) {
            g_autofree char *shown = mlg_text_clean (shards_option);
            mlg_cli_error ("index: --shards wants a number of shards from "
                           "1 to %d, not '%s' (more shards are written by "
                           "a process each: --shard K/N)",
                           MAX_SHARD_WRITERS, shown);
            return MLG_EXIT_USAGE;
        }
        n_shards = (guint) n;
    }

    /* Read before the database is touched: a bad config changes nothing. */
    if (config_path != NULL) {
        config = mlg_config_load (config_path, &error);
        if (config == NULL)
            return mlg_cli_fail (error);
    }

    /* Opening the store creates the database: when not one PATH exists
     * there is nothing to index, and a typo (`--db TYPO /nonexistent`)
     * must not leave an empty database behind. Checking first is simpler
     * and safer than removing afterwards a directory this run created. */
    {
        g_autoptr (GPtrArray) missing =
            g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

        for (guint i = 0; paths[i] != NULL; i++) {
            GError *local = NULL;
            if (!mlg_archive_check_path (paths[i], &local))
                g_ptr_array_add (missing, local);
        }
        if (missing->len == g_strv_length (paths)) {
            for (guint i = 0; i < missing->len; i++)
                mlg_cli_fail (missing->pdata[i]);
            return MLG_EXIT_FAILURE;
        }
    }

    db = mlg_cli_db_path (options.db);
    if (!open_stores (db, shard, n_shards, stores, &error))
        return mlg_cli_fail (error);
    for (guint k = 0; k < stores->len; k++)
        if (stores->pdata[k] != NULL)
            mlg_store_set_fatal_func (stores->pdata[k], commit_died);
    indexer = mlg_indexer_new_sharded ((MlgStore *const *) stores->pdata,
                                       stores->len, list);
    for (MlgStance s = MLG_STANCE_SUPPORT; config != NULL
                                           && s <= MLG_STANCE_OBJECTION;
         s++) {
        const char *const *phrases = mlg_config_get_stance_phrases (config, s);
        for (guint i = 0; phrases[i] != NULL; i++)
            mlg_indexer_add_stance_phrase (indexer, s, phrases[i]);
    }
    if (!quiet && isatty (STDERR_FILENO))
        mlg_indexer_set_progress (indexer, draw_progress, &bar);

    mlg_cli_catch_signals (cancel_indexer, indexer);
    ok = mlg_indexer_add_paths (indexer, (const char *const *) paths, &error);
    mlg_cli_catch_signals (NULL, NULL);
    if (bar.drawn)
        fputc ('\n', stderr);
    if (!ok && g_error_matches (error, MLG_ARCHIVE_ERROR,
                                MLG_ERROR_CANCELLED)) {
        mlg_cli_error ("interrupted: %" G_GUINT64_FORMAT " new messages "
                       "committed to '%s'; run the same command again to "
                       "index the rest",
                       mlg_indexer_get_stats (indexer)->added, db);
        return MLG_EXIT_FAILURE;
    }
    /* The store names its database in its errors, the indexer the
     * archive in its own. */
    if (!ok)
        return mlg_cli_fail (error);

    failures = mlg_indexer_get_failures (indexer);
    for (guint i = 0; i < failures->len; i++)
        mlg_cli_error ("%s", (const char *) g_ptr_array_index (failures, i));
    if (!quiet)
        print_summary (indexer);
    return failures->len > 0 ? MLG_EXIT_FAILURE : MLG_EXIT_OK;
}
