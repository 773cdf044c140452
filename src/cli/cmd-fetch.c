/* cmd-fetch.c - `mlgauge fetch [--db DIR] [--mail DIR] [--quiet]
 * [--datatracker] URL...`: options, messages and exit status over the
 * fetcher (fetch/). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mlg-commands.h"
#include "mlg-fetch.h"

typedef struct {
    gint64 last_draw;
    bool drawn;
} FetchBar;

/* One line per URL, redrawn at most ten times a second. */
static void
draw_progress (const char *url, guint64 done, guint64 total,
               gpointer user_data)
{
    FetchBar *bar = user_data;
    gint64 now = g_get_monotonic_time ();
    g_autofree char *shown = mlg_text_clean (url);

    if (bar->drawn && now - bar->last_draw < G_USEC_PER_SEC / 10
        && done < total)
        return;
    bar->last_draw = now;
    bar->drawn = true;
    if (total > 0)
        fprintf (stderr, "\rfetching %.60s: %" G_GUINT64_FORMAT "/%"
                         G_GUINT64_FORMAT "\033[K",
                 shown, done, total);
    else
        fprintf (stderr, "\rfetching %.60s: %" G_GUINT64_FORMAT "\033[K",
                 shown, done);
    fflush (stderr);
}

/* SIGINT and SIGTERM ask the fetcher to stop (mlg_cli_catch_signals()):
 * what was fetched is kept and indexed. */
static void
cancel_fetcher (gpointer fetcher)
{
    mlg_fetcher_cancel (fetcher);
}

static void
commit_died (const char *db_path, const char *what)
{
    mlg_cli_error ("cannot commit to database '%s': %s", db_path, what);
    _exit (MLG_EXIT_FAILURE);
}

static void
print_summary (MlgFetcher *fetcher, MlgIndexer *indexer)
{
    const MlgFetchStats *f = mlg_fetcher_get_stats (fetcher);
    const MlgIndexStats *i = mlg_indexer_get_stats (indexer);

    fprintf (stderr,
             "mlgauge: fetched %" G_GUINT64_FORMAT " messages and %"
             G_GUINT64_FORMAT " files (%" G_GUINT64_FORMAT
             " unchanged, %" G_GUINT64_FORMAT " already indexed), %"
             G_GUINT64_FORMAT " bytes in %" G_GUINT64_FORMAT
             " IMAP commands\n",
             f->messages, f->files, f->unchanged, f->known, f->bytes,
             f->commands);
    if (f->rebuilt > 0)
        fprintf (stderr, "mlgauge: %" G_GUINT64_FORMAT " folders were "
                         "rebuilt on the server (new UIDVALIDITY): listed "
                         "again, only unknown messages downloaded\n",
                 f->rebuilt);
    fprintf (stderr,
             "mlgauge: %.2f s waiting for servers, %.2f s held back by "
             "--interval, %.2f s indexing\n",
             (double) f->wait_us / G_USEC_PER_SEC,
             (double) f->pace_us / G_USEC_PER_SEC,
             (double) f->index_us / G_USEC_PER_SEC);
    fprintf (stderr,
             "mlgauge: indexed %" G_GUINT64_FORMAT " messages: %"
             G_GUINT64_FORMAT " new, %" G_GUINT64_FORMAT
             " seen on another list, %" G_GUINT64_FORMAT " duplicates\n",
             i->messages, i->added, i->new_list, i->duplicates);
}

static void
print_datatracker_summary (MlgFetcher *fetcher)
{
    const MlgFetchStats *f = mlg_fetcher_get_stats (fetcher);

    fprintf (stderr,
             "mlgauge: Datatracker: %" G_GUINT64_FORMAT " drafts learnt, %"
             G_GUINT64_FORMAT " unknown to it, chairs of %" G_GUINT64_FORMAT
             " groups; %" G_GUINT64_FORMAT " requests asked again after "
             "HTTP 429\n",
             f->documents, f->unknown, f->groups, f->retries);
}

int
mlg_cmd_fetch (const MlgCommand *command, int argc, char **argv)
{
    g_auto (MlgOptions) shared = {0};
    g_autofree char *mail_option = NULL;
    g_autofree char *email = NULL;
    g_autofree char *ca_file = NULL;
    g_auto (GStrv) urls = NULL;
    g_autofree char *datatracker_url = NULL;
    gboolean quiet = FALSE;
    gboolean datatracker = FALSE;
    gint batch = MLG_FETCH_BATCH;
    gint timeout = MLG_FETCH_TIMEOUT;
    gdouble interval = MLG_FETCH_INTERVAL;
    GOptionEntry entries[] = {
        {"mail", 0, 0, G_OPTION_ARG_FILENAME, &mail_option,
         "where fetched mail is kept (default: DIR/mail of the database)",
         "DIR"},
        {"email", 0, 0, G_OPTION_ARG_STRING, &email,
         "your e-mail address, the password of the anonymous IMAP login "
         "(default: $EMAIL, else USER@HOST)", "ADDR"},
        {"batch", 0, 0, G_OPTION_ARG_INT, &batch,
         "messages per IMAP download command (default 100)", "N"},
        {"interval", 0, 0, G_OPTION_ARG_DOUBLE, &interval,
         "seconds between IMAP commands after the first few (default 1)",
         "SECONDS"},
        {"timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
         "seconds a server may stay silent (default 60)", "SECONDS"},
        {"cacert", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
         "trust the certificates in FILE (PEM) for TLS, not the system's",
         "FILE"},
        {"datatracker", 0, 0, G_OPTION_ARG_NONE, &datatracker,
         "after the URLs (if any), refresh what the IETF Datatracker says "
         "of every draft the database mentions and of its group's chairs",
         NULL},
        {"datatracker-url", 0, 0, G_OPTION_ARG_STRING, &datatracker_url,
         "the Datatracker to ask (default: $MLGAUGE_DATATRACKER_URL, else "
         MLG_DATATRACKER_URL "), or file:///DIR: a snapshot directory "
         "(DIR/doc/NAME/doc.json, DIR/group/ACRONYM/chairs.json)", "URL"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
         "no progress and no summary (for cron); failures are still "
         "reported", NULL},
        /* No arg_description: the context's own text names the URLs,
         * and GOption would print them twice. */
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &urls, NULL,
         NULL},
        {NULL}};
    g_autoptr (GOptionContext) context = g_option_context_new (
        "[URL...] - get new mail from IMAP folders and HTTP archives, and "
        "index it");
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = NULL;
    g_autoptr (MlgStore) whole = NULL; /* a sharded database's, read */
    g_autoptr (MlgIndexer) indexer = NULL;
    g_autoptr (MlgFetcher) fetcher = NULL;
    g_autofree char *db = NULL;
    g_autofree char *mail_dir = NULL;
    guint n_shards = 0;
    MlgFetchOptions options = {0};
    FetchBar bar = {0};
    const GPtrArray *failures;
    int status = MLG_EXIT_OK;
    bool stopped = false;

    mlg_cli_options_add (context, command, &shared, entries);
    g_option_context_set_description (
        context,
        "URL is imaps://HOST/FOLDER (imaps://imap.ietf.org/dispatch: the "
        "IETF's list\narchive, read-only, as anonymous), imap://..., or "
        "http(s)://... of an\narchive file (mbox, pipermail .txt.gz, "
        "tar.gz export).\n"
        "Each run fetches only what is new since the last one and indexes "
        "it.\n"
        "--datatracker then asks the Datatracker about the drafts the "
        "database\nmentions (authors, revisions, renames, group chairs) and "
        "stores it, so\nthat reports stay offline.\n"
        "Exit status: 0 all fetched; 1 a URL failed (server down, TLS, "
        "login,\nfolder missing, transfer cut: what was fetched is kept "
        "and the next run\nresumes), or interrupted; 2 usage error.");
    if (!mlg_cli_parse (context, &argc, &argv))
        return MLG_EXIT_USAGE;
    if ((urls == NULL || urls[0] == NULL) && !datatracker) {
        mlg_cli_error ("fetch: give at least one URL, or --datatracker "
                       "(try 'mlgauge fetch --help')");
        return MLG_EXIT_USAGE;
    }
    if (batch < 1 || timeout < 1 || interval < 0) {
        mlg_cli_error ("fetch: --batch and --timeout must be at least 1, "
                       "--interval at least 0");
        return MLG_EXIT_USAGE;
    }
    if (datatracker_url == NULL) {
        const char *env = g_getenv ("MLGAUGE_DATATRACKER_URL");

        datatracker_url = g_strdup (env != NULL && env[0] != '\0'
                                        ? env
                                        : MLG_DATATRACKER_URL);
    }
    if (!g_str_has_prefix (datatracker_url, "http://")
        && !g_str_has_prefix (datatracker_url, "https://")
        && !g_str_has_prefix (datatracker_url, "file://")) {
        g_autofree char *shown = mlg_text_clean (datatracker_url);
        mlg_cli_error ("fetch: the Datatracker's URL '%s' must start with "
                       "http:// or https:// (or file:// for a snapshot "
                       "directory)", shown);
        return MLG_EXIT_USAGE;
    }
    for (guint i = 0; urls != NULL && urls[i] != NULL; i++) {
        if (!mlg_fetch_url_is_supported (urls[i])) {
            g_autofree char *shown = mlg_text_clean (urls[i]);
            mlg_cli_error ("fetch: cannot fetch '%s': give imap://, "
                           "imaps://, http:// or https:// URLs", shown);
            return MLG_EXIT_USAGE;
        }
    }

    db = mlg_cli_db_path (shared.db);
    mail_dir = mail_option != NULL ? g_strdup (mail_option)
                                   : g_build_filename (db, "mail", NULL);
    if (email == NULL && g_getenv ("EMAIL") != NULL)
        email = g_strdup (g_getenv ("EMAIL"));
    if (email == NULL)
        email = g_strdup_printf ("%s@%s", g_get_user_name (),
                                 g_get_host_name ());

    /* A refresh alone asks about the drafts stored mail mentions: without
     * a database (a mistyped --db) it would make an empty one and report
     * success, so it is refused as report refuses it. */
    if ((urls == NULL || urls[0] == NULL)
        && !g_file_test (db, G_FILE_TEST_IS_DIR)) {
        g_autofree char *shown = mlg_text_clean (db);
        mlg_cli_error ("no database at '%s'; run mlgauge index or fetch "
                       "mail first", shown);
        return MLG_EXIT_FAILURE;
    }
    if (!mlg_store_count_shards (db, &n_shards, &error))
        return mlg_cli_fail (error);
    if (n_shards > 0 && urls != NULL && urls[0] != NULL) {
        g_autofree char *shown = mlg_text_clean (db);
        mlg_cli_error ("database '%s' is sharded: fetch mail into a single "
                       "database (--mail DIR keeps the files) and add the "
                       "files with 'mlgauge index'; fetch --datatracker "
                       "alone writes a sharded database",
                       shown);
        return MLG_EXIT_FAILURE;
    }
    /* A sharded database: the drafts and lists of all its shards, and
     * the facts into the first, whose metadata a stub's readers read. */
    if (n_shards > 0) {
        whole = mlg_store_open (db, MLG_STORE_READ, &error);
        if (whole == NULL)
            return mlg_cli_fail (error);
    }
    store = n_shards > 0 ? mlg_store_open_shard (db, 0, n_shards, &error)
                         : mlg_store_open (db, MLG_STORE_WRITE, &error);
    if (store == NULL)
        return mlg_cli_fail (error);
    mlg_store_set_fatal_func (store, commit_died);
    indexer = mlg_indexer_new (store, NULL);

    options.mail_dir = mail_dir;
    options.batch = (guint) batch;
    options.interval = interval;
    options.burst = MLG_FETCH_BURST;
    options.timeout = (guint) timeout;
    options.email = email;
    options.ca_file = ca_file;
    fetcher = mlg_fetcher_new (store, indexer, &options);
    if (whole != NULL)
        mlg_fetcher_set_mail_store (fetcher, whole);
    if (!quiet && isatty (STDERR_FILENO))
        mlg_fetcher_set_progress (fetcher, draw_progress, &bar);

    mlg_cli_catch_signals (cancel_fetcher, fetcher);
    for (guint i = 0; urls != NULL && urls[i] != NULL; i++) {
        g_clear_error (&error);
        if (mlg_fetcher_fetch (fetcher, urls[i], &error))
            continue;
        if (bar.drawn) {
            fputc ('\n', stderr);
            bar.drawn = false;
        }
        status = MLG_EXIT_FAILURE;
        if (g_error_matches (error, MLG_FETCH_ERROR,
                             MLG_FETCH_ERROR_CANCELLED)
            || g_error_matches (error, MLG_ARCHIVE_ERROR,
                                MLG_ERROR_CANCELLED)) {
            mlg_cli_error ("interrupted: what was fetched is kept in '%s' "
                           "and indexed; run the same command again to "
                           "fetch the rest", db);
            stopped = true;
            break;
        }
        if (error->domain == MLG_STORE_ERROR) {
            /* The database cannot take more: stop here. */
            mlg_cli_error ("cannot write to database '%s': %s", db,
                           error->message);
            stopped = true;
            break;
        }
        {
            g_autofree char *shown = mlg_text_clean (error->message);
            mlg_cli_error ("%s", shown);
        }
    }
    /* A URL that failed does not stop the refresh; an interrupt or a
     * database that cannot take more does. */
    if (datatracker && !stopped) {
        g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (
            g_free);

        g_clear_error (&error);
        if (!mlg_fetcher_refresh_datatracker (fetcher, datatracker_url,
                                              problems, &error)) {
            g_autofree char *shown = mlg_text_clean (error->message);

            if (bar.drawn) {
                fputc ('\n', stderr);
                bar.drawn = false;
            }
            status = MLG_EXIT_FAILURE;
            if (g_error_matches (error, MLG_FETCH_ERROR,
                                 MLG_FETCH_ERROR_CANCELLED))
                mlg_cli_error ("interrupted: the Datatracker's data in '%s' "
                               "is as the last refresh left it", db);
            else
                mlg_cli_error ("Datatracker: %s (nothing of this refresh "
                               "was stored)", shown);
        }
        if (bar.drawn) {
            fputc ('\n', stderr);
            bar.drawn = false;
        }
        for (guint i = 0; i < problems->len; i++) {
            g_autofree char *shown = mlg_text_clean (
                g_ptr_array_index (problems, i));

            mlg_cli_error ("Datatracker: refused %s (what was stored for it "
                           "is kept)", shown);
            status = MLG_EXIT_FAILURE;
        }
    }
    mlg_cli_catch_signals (NULL, NULL);
    if (bar.drawn)
        fputc ('\n', stderr);

    failures = mlg_indexer_get_failures (indexer);
    for (guint i = 0; i < failures->len; i++)
        mlg_cli_error ("%s", (const char *) g_ptr_array_index (failures, i));
    if (failures->len > 0)
        status = MLG_EXIT_FAILURE;
    if (!quiet && urls != NULL && urls[0] != NULL)
        print_summary (fetcher, indexer);
    if (!quiet && datatracker)
        print_datatracker_summary (fetcher);
    return status;
}
