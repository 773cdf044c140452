/* mlg-test.h - what every Check test program shares: a main that runs one
 * suite, and helpers for fixture paths and temporary directories.
 *
 * Each tests/test-<module>.c defines `static Suite *make_suite (void)`
 * and ends with MLG_TEST_MAIN (make_suite). Fixtures live under
 * tests/data/, found through the MLG_TEST_DATA define. */
#pragma once

#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdlib.h>

/* Returns: (transfer full) the path of tests/data/<name>. */
static inline char *
mlg_test_data (const char *name)
{
    return g_build_filename (MLG_TEST_DATA, name, NULL);
}

/* Returns: (transfer full) the contents of tests/data/<name>; aborts the
 * test when it cannot be read. */
static inline char *
mlg_test_data_contents (const char *name)
{
    g_autofree char *path = mlg_test_data (name);
    char *contents = NULL;
    GError *error = NULL;

    if (!g_file_get_contents (path, &contents, NULL, &error))
        ck_abort_msg ("cannot read %s: %s", path, error->message);
    return contents;
}

/* Returns: (transfer full) a new empty temporary directory. */
static inline char *
mlg_test_tmpdir (void)
{
    GError *error = NULL;
    char *dir = g_dir_make_tmp ("mlgauge-test-XXXXXX", &error);

    if (dir == NULL)
        ck_abort_msg ("cannot make a temporary directory: %s",
                      error->message);
    return dir;
}

/* Removes a directory tree made by mlg_test_tmpdir(). */
static inline void
mlg_test_rmtree (const char *dir)
{
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    if (d == NULL) {
        g_remove (dir);
        return;
    }
    while ((name = g_dir_read_name (d)) != NULL) {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        if (g_file_test (path, G_FILE_TEST_IS_DIR)
            && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
            mlg_test_rmtree (path);
        else
            g_remove (path);
    }
    g_rmdir (dir);
}

/* Returns: (transfer full) where the shared corpora are:
 * $MLGAUGE_CORPORA (as for the CLI tests), else ../shared/corpora beside
 * the checkout. They may be absent: a user's clone has none. */
static inline char *
mlg_test_corpora_dir (void)
{
    const char *env = g_getenv ("MLGAUGE_CORPORA");

    if (env != NULL && *env != '\0')
        return g_strdup (env);
    return g_build_filename (MLG_TEST_DATA, "..", "..", "..", "shared",
                             "corpora", NULL);
}

/* Returns: true when the shared corpora are present. Tests over them are
 * registered only then, so that a fresh clone runs no test that checks
 * nothing; the CLI corpus test is the one that reports a skip (77). */
static inline bool
mlg_test_have_corpora (void)
{
    g_autofree char *dir = mlg_test_corpora_dir ();
    bool present = g_file_test (dir, G_FILE_TEST_IS_DIR);

    if (!present)
        g_printerr ("note: no corpora at %s; corpus checks not run\n", dir);
    return present;
}

#define MLG_TEST_MAIN(make_suite)                                         \
    int main (void)                                                       \
    {                                                                     \
        SRunner *runner = srunner_create (make_suite ());                 \
        int failed;                                                       \
        srunner_run_all (runner, CK_NORMAL);                              \
        failed = srunner_ntests_failed (runner);                          \
        srunner_free (runner);                                            \
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;                 \
    }
