/* test-indexer.c - archives into the store: dedup across lists,
 * incremental runs, appended mail, bad paths, truncated archives.
 * Each test works on copies of tests/data/indexer/ in a fresh temporary
 * directory, with a fresh database. */
#include "mlg-test.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "mlg-indexer.h"
#include "mlg-indexer-private.h"
#include "mlg-store-private.h"

static char *tmp;
static char *db;

static void
setup (void)
{
    tmp = mlg_test_tmpdir ();
    db = g_build_filename (tmp, "db", NULL);
}

static void
teardown (void)
{
    mlg_test_rmtree (tmp);
    g_clear_pointer (&tmp, g_free);
    g_clear_pointer (&db, g_free);
}

/* Copies tests/data/indexer/<name> into the temporary directory, under
 * `dir` (created), and returns the copy's path. */
static char *
copy_fixture (const char *name, const char *dir)
{
    g_autofree char *rel = g_build_filename ("indexer", name, NULL);
    g_autofree char *contents = mlg_test_data_contents (rel);
    g_autofree char *target_dir = g_build_filename (tmp, dir, NULL);
    char *target = g_build_filename (target_dir, name, NULL);

    g_mkdir_with_parents (target_dir, 0755);
    ck_assert (g_file_set_contents (target, contents, -1, NULL));
    return target;
}

/* Runs one indexing pass over `paths` and returns its stats (copied). */
static MlgIndexStats
run_index (const char *const *paths, bool expect_ok)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_WRITE, &error);
    g_autoptr (MlgIndexer) indexer = NULL;
    MlgIndexStats stats;
    bool ok;

    ck_assert_msg (store != NULL, "open: %s", error ? error->message : "");
    indexer = mlg_indexer_new (store, NULL);
    mlg_indexer_set_now (indexer, 1717200000);
    ok = mlg_indexer_add_paths (indexer, paths, &error);
    ck_assert_msg (ok == expect_ok, "add_paths: %s",
                   error ? error->message : "(no error)");
    stats = *mlg_indexer_get_stats (indexer);
    return stats;
}

/* Rewrites the file at `path` as `head` + its contents + `tail`. */
static void
wrap_file (const char *path, const char *head, const char *tail)
{
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    ck_assert (g_file_get_contents (path, &before, NULL, NULL));
    after = g_strconcat (head, before, tail, NULL);
    ck_assert (g_file_set_contents (path, after, -1, NULL));
}

static guint64
stored_count (void)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_READ, &error);

    ck_assert_msg (store != NULL, "open: %s", error ? error->message : "");
    return mlg_store_count (store);
}

static MlgMessageFacts *
stored (const char *id)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_READ, &error);
    MlgMessageFacts *facts;

    ck_assert (store != NULL);
    facts = mlg_store_get_message (store, id, &error);
    ck_assert_msg (facts != NULL, "%s: %s", id, error ? error->message : "");
    return facts;
}

START_TEST (test_cross_post_is_one_message_on_two_lists)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "a");
    g_autofree char *b = copy_fixture ("secdispatch.mbox", "b");
    const char *paths[] = {a, b, NULL};
    MlgIndexStats stats = run_index (paths, true);
    g_autoptr (MlgMessageFacts) root = NULL;

    ck_assert_uint_eq (stats.messages, 4);
    ck_assert_uint_eq (stats.added, 3);
    ck_assert_uint_eq (stats.new_list, 1);
    ck_assert_uint_eq (stored_count (), 3);
    root = stored ("frob-1@acme.example");
    ck_assert_uint_eq (root->lists->len, 2);
    ck_assert_str_eq (root->lists->pdata[0], "dispatch.ietf.org");
    ck_assert_str_eq (root->lists->pdata[1], "secdispatch.ietf.org");
}
END_TEST

START_TEST (test_offsets_are_from_line_positions)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "a");
    const char *paths[] = {a, NULL};
    g_autoptr (MlgMessageFacts) root = NULL;

    run_index (paths, true);
    root = stored ("frob-1@acme.example");
    ck_assert_uint_eq (root->offset, 0);
    /* The offset of the second message is the byte position of its From
     * line in the file. */
    g_autoptr (MlgMessageFacts) reply = stored ("frob-2@b.example");
    g_autofree char *contents = NULL;
    g_file_get_contents (a, &contents, NULL, NULL);
    ck_assert_int_eq (reply->offset,
                      strstr (contents, "From bob@b.example") - contents);
}
END_TEST

START_TEST (test_rerun_reads_nothing)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "a");
    const char *paths[] = {a, NULL};
    MlgIndexStats first = run_index (paths, true);
    MlgIndexStats second = run_index (paths, true);

    ck_assert_uint_eq (first.added, 2);
    ck_assert_uint_eq (second.sources, 1);
    ck_assert_uint_eq (second.sources_skipped, 1);
    ck_assert_uint_eq (second.messages, 0);
    ck_assert_uint_eq (stored_count (), 2);
}
END_TEST

/* Overwrites `path` with as many bytes of something that is not mail,
 * keeping its mtime: to the indexer, the file is unchanged. */
static void
disguise_file (const char *path)
{
    GStatBuf st;
    struct utimbuf times;
    g_autofree char *junk = NULL;

    ck_assert_int_eq (g_stat (path, &st), 0);
    junk = g_strnfill ((gsize) st.st_size, 'x');
    memcpy (junk, "PK\003\004", 4);
    ck_assert (g_file_set_contents (path, junk, st.st_size, NULL));
    times.actime = st.st_atime;
    times.modtime = st.st_mtime;
    ck_assert_int_eq (g_utime (path, &times), 0);
}

/* An unchanged source (same path, size and mtime as recorded) is skipped
 * without being opened: swapping its bytes for non-mail behind the
 * indexer's back goes unnoticed, where reading it would have left it out
 * of the walk (in a directory) or read it again (named). Once its mtime
 * moves, it is looked at again, and is no mail any more. */
START_TEST (test_unchanged_source_is_not_opened)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "a");
    g_autofree char *dir = g_build_filename (tmp, "a", NULL);
    const char *in_dir[] = {dir, NULL};
    const char *named[] = {a, NULL};
    MlgIndexStats first = run_index (in_dir, true);
    MlgIndexStats second, third, fourth;
    GStatBuf st;
    struct utimbuf times;

    ck_assert_uint_eq (first.added, 2);
    disguise_file (a);
    second = run_index (in_dir, true);
    ck_assert_uint_eq (second.sources, 1);
    ck_assert_uint_eq (second.sources_skipped, 1);
    ck_assert_uint_eq (second.sources_failed, 0);
    ck_assert_uint_eq (second.messages, 0);
    third = run_index (named, true);
    ck_assert_uint_eq (third.sources, 1);
    ck_assert_uint_eq (third.sources_skipped, 1);
    ck_assert_uint_eq (third.sources_failed, 0);

    /* Touched: sniffed again, found not to be mail, left out. */
    ck_assert_int_eq (g_stat (a, &st), 0);
    times.actime = st.st_atime;
    times.modtime = st.st_mtime + 1;
    ck_assert_int_eq (g_utime (a, &times), 0);
    fourth = run_index (in_dir, true);
    ck_assert_uint_eq (fourth.sources, 0);
    ck_assert_uint_eq (fourth.messages, 0);
    ck_assert_uint_eq (stored_count (), 2);
}
END_TEST

START_TEST (test_appended_mail_is_picked_up)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "a");
    g_autofree char *more = mlg_test_data_contents ("indexer/appended.mbox");
    const char *paths[] = {a, NULL};
    MlgIndexStats second;

    run_index (paths, true);
    wrap_file (a, "", more);

    second = run_index (paths, true);
    /* Resumed at the last message read: it is read again (a duplicate),
     * then the appended one is new. The first message is not re-read. */
    ck_assert_uint_eq (second.added, 1);
    ck_assert_uint_eq (second.messages, 2);
    ck_assert_uint_eq (second.duplicates, 1);
    ck_assert_uint_eq (stored_count (), 3);
}
END_TEST

START_TEST (test_rewritten_mbox_is_read_again)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "a");
    g_autofree char *more = mlg_test_data_contents ("indexer/appended.mbox");
    g_autofree char *head = g_strconcat (
        "From x@y Mon Jan  1 00:00:00 2024\nX: y\n\n", more, NULL);
    const char *paths[] = {a, NULL};
    MlgIndexStats second;

    run_index (paths, true);
    /* Prepending moves every message: the recorded resume offset no
     * longer starts one, so the whole file is read again. */
    wrap_file (a, head, "");
    second = run_index (paths, true);
    ck_assert_uint_eq (second.sources_failed, 0);
    ck_assert_uint_eq (second.messages, 4);
    ck_assert_uint_eq (second.duplicates, 2);
    ck_assert_uint_eq (stored_count (), 4);
}
END_TEST

/* An rsync'd month file (`2024-01.mail`) that the archive rewrote to
 * remove spam is shorter than when it was read: it is read again whole,
 * the messages it still has are duplicates, and the one it lost stays in
 * the database (nothing indexed is ever lost). */
START_TEST (test_month_file_rewritten_without_spam)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "dispatch");
    g_autofree char *month = g_build_filename (tmp, "dispatch",
                                               "2024-01.mail", NULL);
    g_autofree char *spam = g_strconcat (
        "From spam@x.example Mon Jan  8 09:00:00 2024\n"
        "From: Spammer <spam@x.example>\nSubject: buy\n"
        "Message-ID: <spam-1@x.example>\n"
        "Date: Mon, 08 Jan 2024 09:00:00 +0000\n\nBuy now.\n\n", NULL);
    const char *paths[] = {month, NULL};
    MlgIndexStats second;

    ck_assert_int_eq (g_rename (a, month), 0);
    wrap_file (month, spam, "");
    ck_assert_uint_eq (run_index (paths, true).added, 3);
    {
        g_autofree char *contents = NULL;
        ck_assert (g_file_get_contents (month, &contents, NULL, NULL));
        ck_assert (g_file_set_contents (month, contents + strlen (spam), -1,
                                        NULL));
    }
    second = run_index (paths, true);
    ck_assert_uint_eq (second.sources_failed, 0);
    ck_assert_uint_eq (second.messages, 2);
    ck_assert_uint_eq (second.duplicates, 2);
    ck_assert_uint_eq (stored_count (), 3);
}
END_TEST

/* The IETF mail archive's export, a tar.gz of `<name>/<list>/<month>.mbox`
 * files without >From escaping (tests/data/tar/make-export.py): every
 * message once, whole (`frozen` is in the line after the body's `From
 * here on`), its source the member inside the archive, its list from
 * List-Id or else from the member's folder, IETF permalinks computed;
 * unchanged, it is skipped the next time. */
START_TEST (test_tar_export_is_indexed)
{
    g_autofree char *contents = NULL;
    g_autofree char *tar = g_build_filename (tmp, "export.tar.gz", NULL);
    g_autofree char *contents_path = mlg_test_data ("tar/export.tar.gz");
    g_autofree char *member = NULL;
    const char *paths[] = {tar, NULL};
    MlgIndexStats first, second;
    gsize len;

    ck_assert (g_file_get_contents (contents_path, &contents, &len, NULL));
    ck_assert (g_file_set_contents (tar, contents, (gssize) len, NULL));
    first = run_index (paths, true);
    ck_assert_uint_eq (first.added, 3);
    ck_assert_uint_eq (first.sources_failed, 0);
    ck_assert_uint_eq (stored_count (), 3);
    {
        g_autoptr (MlgMessageFacts) one = stored ("export-1@example.org");
        g_autoptr (MlgMessageFacts) two = stored ("export-2@example.org");
        g_autoptr (MlgMessageFacts) three = stored ("export-3@example.net");

        member = g_build_filename (tar, "mbox0312_AbCdE", "dispatch",
                                   "2024-03.mbox", NULL);
        ck_assert_str_eq (two->source, member);
        ck_assert_int_eq (two->offset, 376);
        ck_assert_str_eq (two->lists->pdata[0], "dispatch");
        ck_assert_str_eq (one->lists->pdata[0], "dispatch.ietf.org");
        ck_assert_str_eq (three->lists->pdata[0], "secdispatch.ietf.org");
        ck_assert_ptr_nonnull (one->permalink);
        ck_assert (g_str_has_prefix (one->permalink,
                                     "https://mailarchive.ietf.org/arch/msg/"
                                     "dispatch/"));
    }
    {
        g_autoptr (GError) error = NULL;
        g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_READ,
                                                     &error);
        g_autoptr (MlgSearchQuery) query =
            mlg_search_query_parse ("frozen", &error);
        MlgSearchOptions options = MLG_SEARCH_OPTIONS_INIT;
        g_autoptr (MlgSearchResults) results =
            mlg_store_search (store, query, &options, &error);
        const MlgMessageFacts *hit;

        ck_assert_msg (results != NULL, "%s", error ? error->message : "");
        ck_assert_uint_eq (results->total, 1);
        hit = g_ptr_array_index (results->messages, 0);
        ck_assert_str_eq (hit->id, "export-1@example.org");
    }
    second = run_index (paths, true);
    ck_assert_uint_eq (second.sources_skipped, 1);
    ck_assert_uint_eq (second.messages, 0);
}
END_TEST

/* A missing path, a FIFO or a directory that cannot be read, beside good
 * archives: the good ones are indexed and committed, and every bad path
 * is listed with its reason (README: "indexes everything else"). */
START_TEST (test_bad_paths_beside_good_ones)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "a");
    g_autofree char *b = copy_fixture ("secdispatch.mbox", "b");
    g_autofree char *missing = g_build_filename (tmp, "nope.mbox", NULL);
    g_autofree char *fifo = g_build_filename (tmp, "fifo.mbox", NULL);
    g_autofree char *loop = g_build_filename (tmp, "loop", NULL);
    const char *paths[] = {missing, a, fifo, loop, b, NULL};
    g_autoptr (GError) error = NULL;
    const GPtrArray *failures;
    const MlgIndexStats *stats;

    ck_assert_int_eq (mkfifo (fifo, 0600), 0);
    /* A link to itself: stat() fails with ELOOP, even for root. */
    ck_assert_int_eq (symlink (loop, loop), 0);
    {
        g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_WRITE,
                                                     &error);
        g_autoptr (MlgIndexer) indexer = mlg_indexer_new (store, NULL);

        ck_assert_msg (mlg_indexer_add_paths (indexer, paths, &error),
                       "add_paths: %s", error ? error->message : "");
        failures = mlg_indexer_get_failures (indexer);
        stats = mlg_indexer_get_stats (indexer);
        ck_assert_uint_eq (failures->len, 3);
        ck_assert_uint_eq (stats->sources_failed, 3);
        ck_assert_uint_eq (stats->sources, 5);
        ck_assert_uint_eq (stats->added, 3);
        ck_assert_msg (strstr (failures->pdata[0], "nope.mbox")
                           && strstr (failures->pdata[0],
                                      "No such file or directory"),
                       "%s", (char *) failures->pdata[0]);
        ck_assert_msg (strstr (failures->pdata[1], "fifo.mbox")
                           && strstr (failures->pdata[1],
                                      "not a regular file"),
                       "%s", (char *) failures->pdata[1]);
        ck_assert_msg (strstr (failures->pdata[2], "loop")
                           && strstr (failures->pdata[2],
                                      "Too many levels of symbolic links"),
                       "%s", (char *) failures->pdata[2]);
    }
    ck_assert_uint_eq (stored_count (), 3);
}
END_TEST

/* A directory inside the walk that cannot be read: the rest of the tree
 * is indexed. Root reads any directory, so this needs another user. */
START_TEST (test_unreadable_directory_beside_good_ones)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "tree/a");
    g_autofree char *b = copy_fixture ("secdispatch.mbox", "tree/c");
    g_autofree char *locked = g_build_filename (tmp, "tree", "b", NULL);
    g_autofree char *tree = g_build_filename (tmp, "tree", NULL);
    g_autofree char *hidden = NULL;
    const char *paths[] = {tree, NULL};
    g_autoptr (GError) error = NULL;

    if (geteuid () == 0)
        return;
    hidden = copy_fixture ("dispatch.mbox", "tree/b");
    ck_assert_int_eq (g_chmod (locked, 0), 0);
    {
        g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_WRITE,
                                                     &error);
        g_autoptr (MlgIndexer) indexer = mlg_indexer_new (store, NULL);
        const GPtrArray *failures;
        bool ok = mlg_indexer_add_paths (indexer, paths, &error);

        g_chmod (locked, 0755);
        ck_assert_msg (ok, "add_paths: %s", error ? error->message : "");
        failures = mlg_indexer_get_failures (indexer);
        ck_assert_uint_eq (failures->len, 1);
        ck_assert_msg (strstr (failures->pdata[0], locked)
                           && strstr (failures->pdata[0],
                                      "Permission denied"),
                       "%s", (char *) failures->pdata[0]);
    }
    ck_assert_uint_eq (stored_count (), 3);
}
END_TEST

START_TEST (test_truncated_archive_keeps_whole_messages)
{
    g_autofree char *t = copy_fixture ("truncated.mbox", "t");
    const char *paths[] = {t, NULL};
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_WRITE, &error);
    g_autoptr (MlgIndexer) indexer = mlg_indexer_new (store, NULL);
    const GPtrArray *failures;

    ck_assert (mlg_indexer_add_paths (indexer, paths, &error));
    failures = mlg_indexer_get_failures (indexer);
    ck_assert_uint_eq (mlg_indexer_get_stats (indexer)->truncated, 1);
    ck_assert_uint_eq (failures->len, 1);
    ck_assert_ptr_nonnull (strstr (g_ptr_array_index (failures, 0),
                                   "truncated.mbox"));
    g_autoptr (MlgMessageFacts) whole =
        mlg_store_get_message (store, "trunc-1@e.example", &error);
    ck_assert_ptr_nonnull (whole);
}
END_TEST

/* An mbox cut inside its first message's headers is reported as cut,
 * not as something that holds no mail. */
START_TEST (test_truncated_first_message)
{
    g_autofree char *cut = g_build_filename (tmp, "cut.mbox", NULL);
    const char *paths[] = {cut, NULL};
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_WRITE, &error);
    g_autoptr (MlgIndexer) indexer = mlg_indexer_new (store, NULL);
    const GPtrArray *failures;

    ck_assert (g_file_set_contents (
        cut, "From a@b Mon Jan  1 00:00:00 2024\nReturn-Path: <a@b>\nRece",
        -1, NULL));
    ck_assert (mlg_indexer_add_paths (indexer, paths, &error));
    failures = mlg_indexer_get_failures (indexer);
    ck_assert_uint_eq (failures->len, 1);
    ck_assert_msg (strstr (g_ptr_array_index (failures, 0),
                           "ends inside a message") != NULL,
                   "%s", (const char *) g_ptr_array_index (failures, 0));
    ck_assert_uint_eq (mlg_indexer_get_stats (indexer)->truncated, 1);
}
END_TEST

START_TEST (test_stats_counts)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "a");
    g_autofree char *b = copy_fixture ("secdispatch.mbox", "b");
    const char *paths[] = {a, b, NULL};
    g_autoptr (GError) error = NULL;

    run_index (paths, true);
    g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_READ, &error);
    g_autoptr (MlgStoreStats) stats = mlg_store_stats_new (store, &error);
    ck_assert_ptr_nonnull (stats);
    ck_assert_uint_eq (stats->messages, 3);
    ck_assert_uint_eq (stats->senders, 3);
    ck_assert_uint_eq (stats->lists->len, 2);
    ck_assert_str_eq (stats->lists->pdata[0], "dispatch.ietf.org");
    ck_assert_uint_eq (g_array_index (stats->list_counts, guint64, 0), 2);
    ck_assert_uint_eq (g_array_index (stats->list_counts, guint64, 1), 2);
    ck_assert_int_eq (stats->first, 1704708000); /* 2024-01-08T10:00:00Z */
    ck_assert_int_eq (stats->last, 1704798000);  /* 2024-01-09T11:00:00Z */
}
END_TEST

/* Indexes `paths` into the database `db` of `n` shards, writing the
 * shards whose bit is set in `written` (the others are left to another
 * writer), and returns the run's stats. */
static MlgIndexStats
run_sharded_index (const char *const *paths, guint n, guint written)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) stores =
        g_ptr_array_new_with_free_func ((GDestroyNotify) mlg_store_close);
    g_autoptr (MlgIndexer) indexer = NULL;

    for (guint k = 0; k < n; k++) {
        MlgStore *store = NULL;

        if (written & (1u << k)) {
            store = mlg_store_open_shard (db, k, n, &error);
            ck_assert_msg (store != NULL, "open shard %u: %s", k,
                           error ? error->message : "");
        }
        g_ptr_array_add (stores, store);
    }
    indexer = mlg_indexer_new_sharded ((MlgStore *const *) stores->pdata, n,
                                       NULL);
    mlg_indexer_set_now (indexer, 1717200000);
    ck_assert_msg (mlg_indexer_add_paths (indexer, paths, &error),
                   "add_paths: %s", error ? error->message : "");
    return *mlg_indexer_get_stats (indexer);
}

/* Whether the message `id` is stored in shard `k` of `db`. */
static bool
in_shard (const char *id, guint k)
{
    g_autofree char *name = g_strdup_printf ("shard-%u", k);
    g_autofree char *path = g_build_filename (db, name, NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = mlg_store_open (path, MLG_STORE_READ, &error);
    g_autoptr (MlgMessageFacts) facts = NULL;

    ck_assert_msg (store != NULL, "open %s: %s", path,
                   error ? error->message : "");
    facts = mlg_store_get_message (store, id, NULL);
    return facts != NULL;
}

/* One indexer writing every shard from its threads: each message lands
 * in the shard of its Message-ID's hash and in no other, the copies of a
 * cross-post meet there (one message on two lists), and a second run
 * finds every source unchanged in every shard. */
START_TEST (test_sharded_writers_place_by_id)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "a");
    g_autofree char *b = copy_fixture ("secdispatch.mbox", "b");
    const char *paths[] = {a, b, NULL};
    const char *ids[] = {"frob-1@acme.example", "frob-2@b.example",
                         "frob-3@c.example"};
    MlgIndexStats stats = run_sharded_index (paths, 3, 0x7);
    MlgIndexStats again;
    g_autoptr (MlgMessageFacts) root = NULL;
    guint used = 0;

    ck_assert_uint_eq (stats.messages, 4);
    ck_assert_uint_eq (stats.added, 3);
    ck_assert_uint_eq (stats.new_list, 1);
    ck_assert_uint_eq (stats.other_shard, 0);
    ck_assert_uint_eq (stats.sources, 2);
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++) {
        guint home = mlg_store_shard_of (ids[i], 3);

        for (guint k = 0; k < 3; k++)
            ck_assert_msg (in_shard (ids[i], k) == (k == home),
                           "%s in shard %u, its home %u", ids[i], k, home);
        used |= 1u << home;
    }
    /* Not vacuous: the three ids are spread over more than one shard. */
    ck_assert_uint_ne (used & (used - 1), 0);
    ck_assert_uint_eq (stored_count (), 3);
    root = stored ("frob-1@acme.example");
    ck_assert_uint_eq (root->lists->len, 2);

    again = run_sharded_index (paths, 3, 0x7);
    ck_assert_uint_eq (again.sources_skipped, 2);
    ck_assert_uint_eq (again.messages, 0);
}
END_TEST

/* A writer of some shards only (as `--shard K/N` is): the messages of
 * the others are read and counted, not stored. */
START_TEST (test_sharded_writer_leaves_other_shards)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "a");
    g_autofree char *b = copy_fixture ("secdispatch.mbox", "b");
    const char *paths[] = {a, b, NULL};
    const char *ids[] = {"frob-1@acme.example", "frob-2@b.example",
                         "frob-1@acme.example", "frob-3@c.example"};
    /* Of 3 shards, the one frob-2 lands in (the ids are spread over more
     * than one, see the test above, so some messages are not its). */
    guint k = mlg_store_shard_of ("frob-2@b.example", 3);
    guint64 mine = 0;
    MlgIndexStats stats = run_sharded_index (paths, 3, 1u << k);

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        if (mlg_store_shard_of (ids[i], 3) == k)
            mine++;
    ck_assert_uint_eq (stats.messages, 4);
    ck_assert_uint_eq (stats.other_shard, 4 - mine);
    ck_assert_uint_eq (stats.added + stats.new_list, mine);
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        ck_assert (in_shard (ids[i], k) == (mlg_store_shard_of (ids[i], 3)
                                            == k));
    ck_assert_uint_gt (stats.other_shard, 0);
}
END_TEST

#ifdef __linux__
/* The reader and builder threads take a lower CPU priority than the
 * writer; the writer is the calling thread, and on Linux a priority
 * change meant for a thread would, with the wrong id, renice the caller
 * (and every thread it starts later, such as a report's). */
START_TEST (test_caller_keeps_its_priority)
{
    g_autofree char *a = copy_fixture ("dispatch.mbox", "a");
    const char *paths[] = {a, NULL};
    int before, after;

    errno = 0;
    before = getpriority (PRIO_PROCESS, 0);
    ck_assert_int_eq (errno, 0);
    run_index (paths, true);
    errno = 0;
    after = getpriority (PRIO_PROCESS, 0);
    ck_assert_int_eq (errno, 0);
    ck_assert_int_eq (after, before);
    ck_assert_uint_eq (stored_count (), 2);
}
END_TEST
#endif

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("indexer");
    TCase *dedup = tcase_create ("dedup");
    TCase *incremental = tcase_create ("incremental");
    TCase *bad = tcase_create ("bad-input");

    tcase_add_checked_fixture (dedup, setup, teardown);
    tcase_add_test (dedup, test_cross_post_is_one_message_on_two_lists);
    tcase_add_test (dedup, test_offsets_are_from_line_positions);
    tcase_add_test (dedup, test_stats_counts);
    tcase_add_test (dedup, test_sharded_writers_place_by_id);
    tcase_add_test (dedup, test_sharded_writer_leaves_other_shards);
#ifdef __linux__
    tcase_add_test (dedup, test_caller_keeps_its_priority);
#endif
    suite_add_tcase (s, dedup);

    tcase_add_checked_fixture (incremental, setup, teardown);
    tcase_add_test (incremental, test_rerun_reads_nothing);
    tcase_add_test (incremental, test_unchanged_source_is_not_opened);
    tcase_add_test (incremental, test_appended_mail_is_picked_up);
    tcase_add_test (incremental, test_rewritten_mbox_is_read_again);
    tcase_add_test (incremental, test_month_file_rewritten_without_spam);
    tcase_add_test (incremental, test_tar_export_is_indexed);
    suite_add_tcase (s, incremental);

    tcase_add_checked_fixture (bad, setup, teardown);
    tcase_add_test (bad, test_bad_paths_beside_good_ones);
    tcase_add_test (bad, test_unreadable_directory_beside_good_ones);
    tcase_add_test (bad, test_truncated_archive_keeps_whole_messages);
    tcase_add_test (bad, test_truncated_first_message);
    suite_add_tcase (s, bad);
    return s;
}

MLG_TEST_MAIN (make_suite)
