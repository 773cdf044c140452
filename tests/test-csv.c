/* test-csv.c - the CSV report: columns, escaping, formula neutralising,
 * formats, and byte-identical output for the same input. */
#include "mlg-test.h"

#include <csv.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "mlg-analysis-test-private.h"
#include "mlg-reports-private.h"

/* Parsed CSV: rows of cells. */
typedef struct {
    GPtrArray *row;
    GPtrArray *rows;
} Parsed;

static void
on_field (void *data, size_t len, void *user_data)
{
    Parsed *p = user_data;

    g_ptr_array_add (p->row, g_strndup (data, len));
}

static void
on_record (int c, void *user_data)
{
    Parsed *p = user_data;

    g_ptr_array_add (p->rows, p->row);
    p->row = g_ptr_array_new_with_free_func (g_free);
}

/* Returns: (transfer full) the rows of `text`, parsed strictly. */
static GPtrArray *
parse_csv (const char *text)
{
    struct csv_parser parser;
    Parsed p;

    ck_assert_int_eq (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI), 0);
    p.row = g_ptr_array_new_with_free_func (g_free);
    p.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    ck_assert_uint_eq (csv_parse (&parser, text, strlen (text), on_field,
                                  on_record, &p),
                       strlen (text));
    ck_assert_int_eq (csv_fini (&parser, on_field, on_record, &p), 0);
    csv_free (&parser);
    g_ptr_array_unref (p.row);
    return p.rows;
}

static const char *
at (GPtrArray *rows, guint r, guint c)
{
    GPtrArray *row;

    ck_assert_uint_lt (r, rows->len);
    row = rows->pdata[r];
    ck_assert_uint_lt (c, row->len);
    return row->pdata[c];
}

static int
column (GPtrArray *rows, const char *name)
{
    GPtrArray *header = rows->pdata[0];

    for (guint i = 0; i < header->len; i++)
        if (strcmp (header->pdata[i], name) == 0)
            return i;
    ck_abort_msg ("no column %s", name);
    return -1;
}

static char *
read_file (const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename (dir, name, NULL);
    char *contents = NULL;

    ck_assert_msg (g_file_get_contents (path, &contents, NULL, NULL),
                   "cannot read %s", path);
    return contents;
}

/* A small world: a draft with a hostile subject, a reply with support,
 * and a discussion thread. `reverse` adds the same facts backwards.
 * `config` (nullable: the defaults) must outlive the analysis. */
static MlgAnalysis *
make_analysis_with (MlgConfig *config, bool reverse)
{
    MlgAnalysis *a = mlg_analysis_new (config);
    MlgMessageFacts *f[4];

    f[0] = tf_new ("a@x", "2024-03-01T08:00:00Z", "=cmd|' /C calc'!A0",
                   "ann@a.com", "draft-lee-foo: \"quoted\", comma\nnewline",
                   NULL);
    tf_draft (f[0], "draft-lee-foo", 3);
    f[0]->checklist = MLG_CHECK_DRAFT | MLG_CHECK_TIME;
    f[1] = tf_new ("b@x", "2024-03-01T10:30:00Z", "Bob Ray", "bob@b.com",
                   "Re: draft-lee-foo", "a@x");
    f[1]->stance = MLG_STANCE_SUPPORT;
    f[2] = tf_new ("c@x", "2024-03-02T00:00:00Z", "Cy Dee", "cy@c.com",
                   "-1 to everything", NULL);
    f[3] = tf_new ("d@x", "2024-03-03T00:00:00Z", "Bob Ray", "bob@b.com",
                   "Re: -1 to everything", "c@x");
    for (guint i = 0; i < 4; i++)
        tf_add (a, f[reverse ? 3 - i : i]);
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    tf_run (a);
    return a;
}

static MlgAnalysis *
make_analysis (bool reverse)
{
    return make_analysis_with (NULL, reverse);
}

START_TEST (test_neutralise)
{
    static const char *const cases[][2] = {
        { "=SUM(A1)", "'=SUM(A1)" }, { "+1", "'+1" },   { "-1", "'-1" },
        { "@x", "'@x" },             { "\tx", "'\tx" }, { "\rx", "'\rx" },
        { "a=b", "a=b" },            { "", "" },        { "draft", "draft" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *out = mlg_csv_neutralise (cases[i][0]);
        ck_assert_str_eq (out, cases[i][1]);
    }
}
END_TEST

START_TEST (test_proposals_columns_and_values)
{
    g_autoptr (MlgAnalysis) a = make_analysis (false);
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *out = g_build_filename (dir, "sub", "out", NULL);
    g_autoptr (GError) error = NULL;
    g_autofree char *text = NULL;
    g_autoptr (GPtrArray) rows = NULL;
    int r;

    ck_assert_msg (mlg_report_csv_write_dir (a, out, &error), "%s",
                   error ? error->message : "");
    text = read_file (out, "proposals.csv");
    ck_assert (g_str_has_prefix (
        text, "\"rank\",\"proposal\",\"kind\",\"draft\",\"latest_revision\","
              "\"lists\",\"threads\",\"messages\",\"people\","
              "\"independent_people\",\"organisations\",\"supporters\","
              "\"objectors\",\"chairs_cc\",\"chairs_replied\","
              "\"revisions_in_window\",\"impl_pointers\",\"checklist\","
              "\"checklist_missing\",\"first_reply_hours\",\"first\","
              "\"last\",\"proponents\",\"score\",\"id\","
              "\"checklist_profile\",\"requested\"\r\n"));
    rows = parse_csv (text);
    ck_assert_uint_eq (rows->len, 3);
    r = strcmp (at (rows, 1, 1), "draft-lee-foo") == 0 ? 1 : 2;
    ck_assert_str_eq (at (rows, r, column (rows, "kind")), "draft");
    ck_assert_str_eq (at (rows, r, column (rows, "latest_revision")), "03");
    ck_assert_str_eq (at (rows, r, column (rows, "lists")),
                      "dispatch.ietf.org");
    ck_assert_str_eq (at (rows, r, column (rows, "checklist")), "2/8");
    ck_assert_str_eq (at (rows, r, column (rows, "checklist_missing")),
                      "prior-discussion;implementation;background;"
                      "wg-engagement;who;next-step");
    ck_assert_str_eq (at (rows, r, column (rows, "first_reply_hours")),
                      "2.5");
    ck_assert_str_eq (at (rows, r, column (rows, "first")),
                      "2024-03-01T08:00:00Z");
    ck_assert_str_eq (at (rows, r, column (rows, "supporters")), "1");
    /* No [checklist] in the config: the SECDISPATCH guidance; the request
     * date is the opening mail's. */
    ck_assert_str_eq (at (rows, r, column (rows, "checklist_profile")),
                      "secdispatch");
    ck_assert_str_eq (at (rows, r, column (rows, "requested")),
                      at (rows, r, column (rows, "first")));
    /* The proponent's hostile display name is neutralised. */
    ck_assert_str_eq (at (rows, r, column (rows, "proponents")),
                      "'=cmd|' /C calc'!A0");
    /* A subject starting with '-' names a proposal: neutralised too. */
    ck_assert_str_eq (at (rows, 3 - r, 1), "'-1 to everything");
    ck_assert_str_eq (at (rows, 1, 0), "1");
    ck_assert_str_eq (at (rows, 2, 0), "2");
    mlg_test_rmtree (dir);
}
END_TEST

/* Numbers are never neutralised: a negative score is a number to the
 * spreadsheet, not the text "'-12.5". */
START_TEST (test_negative_numbers)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgAnalysis) a = NULL;
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *text = NULL;
    g_autoptr (GPtrArray) rows = NULL;
    int score;

    mlg_config_set_weight (config, MLG_SCORE_PEOPLE, -50.0);
    a = make_analysis_with (config, false);
    ck_assert (mlg_report_csv_write_dir (a, dir, NULL));
    text = read_file (dir, "proposals.csv");
    rows = parse_csv (text);
    ck_assert_uint_eq (rows->len, 3);
    score = column (rows, "score");
    for (guint r = 1; r < rows->len; r++) {
        const char *cell = at (rows, r, score);
        char *end = NULL;

        ck_assert_msg (cell[0] == '-' && g_ascii_isdigit (cell[1]), "%s",
                       cell);
        ck_assert (g_ascii_strtod (cell, &end) < 0 && *end == '\0');
    }
    /* Text from mail starting with '-' still is. */
    ck_assert (strcmp (at (rows, 1, 1), "'-1 to everything") == 0
               || strcmp (at (rows, 2, 1), "'-1 to everything") == 0);
    mlg_test_rmtree (dir);
}
END_TEST

START_TEST (test_threads_and_people)
{
    g_autoptr (MlgAnalysis) a = make_analysis (false);
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *threads = NULL;
    g_autofree char *people = NULL;
    g_autoptr (GPtrArray) trows = NULL;
    g_autoptr (GPtrArray) prows = NULL;
    guint r;

    ck_assert (mlg_report_csv_write_dir (a, dir, NULL));
    threads = read_file (dir, "threads.csv");
    trows = parse_csv (threads);
    ck_assert_uint_eq (trows->len, 3);
    ck_assert_str_eq (at (trows, 0, 0), "thread");
    ck_assert_str_eq (at (trows, 0, 1), "proposal");
    ck_assert_str_eq (at (trows, 0, 8), "root_from");
    ck_assert_uint_eq (((GPtrArray *) trows->pdata[0])->len, 9);
    for (r = 1; r < trows->len; r++)
        if (strcmp (at (trows, r, 0), "a@x") == 0)
            break;
    ck_assert_uint_lt (r, trows->len);
    /* Quotes, commas and newlines survive the round trip. */
    ck_assert_str_eq (at (trows, r, 2),
                      "draft-lee-foo: \"quoted\", comma\nnewline");
    ck_assert_str_eq (at (trows, r, 4), "2");

    people = read_file (dir, "people.csv");
    prows = parse_csv (people);
    ck_assert_uint_eq (prows->len, 4);
    /* Bob wrote the most: first. */
    ck_assert_str_eq (at (prows, 1, 0), "Bob Ray");
    ck_assert_str_eq (at (prows, 1, 1), "bob@b.com");
    ck_assert_str_eq (at (prows, 1, 3), "2");
    ck_assert_str_eq (at (prows, 1, 5), "2");
    ck_assert_str_eq (at (prows, 1, 6), "1");
    mlg_test_rmtree (dir);
}
END_TEST

START_TEST (test_deterministic)
{
    g_autoptr (MlgAnalysis) a = make_analysis (false);
    g_autoptr (MlgAnalysis) b = make_analysis (true);
    g_autofree char *d1 = mlg_test_tmpdir ();
    g_autofree char *d2 = mlg_test_tmpdir ();
    static const char *const files[] = { "proposals.csv", "threads.csv",
                                         "people.csv" };

    ck_assert (mlg_report_csv_write_dir (a, d1, NULL));
    ck_assert (mlg_report_csv_write_dir (b, d2, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
        g_autofree char *x = read_file (d1, files[i]);
        g_autofree char *y = read_file (d2, files[i]);
        ck_assert_msg (strcmp (x, y) == 0, "%s differs", files[i]);
        ck_assert (strlen (x) > 100 || i > 0);
    }
    mlg_test_rmtree (d1);
    mlg_test_rmtree (d2);
}
END_TEST

START_TEST (test_unwritable)
{
    g_autoptr (MlgAnalysis) a = make_analysis (false);
    g_autoptr (GError) error = NULL;

    ck_assert (!mlg_report_csv_write_dir (a, "/proc/mlgauge-nope", &error));
    ck_assert (g_error_matches (error, MLG_REPORT_ERROR, MLG_ERROR_IO));
}
END_TEST

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The names in `dir`, sorted (strcmp), comma-separated. */
static char *
list_dir (const char *dir)
{
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    const char *name;

    ck_assert (d != NULL);
    while ((name = g_dir_read_name (d)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
    g_ptr_array_sort (names, compare_names);
    g_ptr_array_add (names, NULL);
    return g_strjoinv (",", (char **) names->pdata);
}

/* A symlink at the old fixed temporary name and at a final name: neither
 * is written through, and the report is made of regular files. */
START_TEST (test_planted_symlinks)
{
    g_autoptr (MlgAnalysis) a = make_analysis (false);
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *victim = g_build_filename (dir, "victim", NULL);
    g_autofree char *out = g_build_filename (dir, "out", NULL);
    g_autofree char *tmp = g_build_filename (out, "proposals.csv.tmp", NULL);
    g_autofree char *final = g_build_filename (out, "people.csv", NULL);
    g_autofree char *text = NULL;

    ck_assert (g_file_set_contents (victim, "precious", -1, NULL));
    ck_assert_int_eq (g_mkdir (out, 0700), 0);
    ck_assert_int_eq (symlink (victim, tmp), 0);
    ck_assert_int_eq (symlink (victim, final), 0);
    ck_assert (mlg_report_csv_write_dir (a, out, NULL));
    ck_assert (g_file_get_contents (victim, &text, NULL, NULL));
    ck_assert_str_eq (text, "precious");
    ck_assert (!g_file_test (final, G_FILE_TEST_IS_SYMLINK));
    g_clear_pointer (&text, g_free);
    text = list_dir (out);
    ck_assert_str_eq (text, "people.csv,proposals.csv,proposals.csv.tmp,"
                            "threads.csv");
    mlg_test_rmtree (dir);
}
END_TEST

/* The files of the writer in the tests below: any "*.txt". */
static bool
owns_txt (const char *name)
{
    return g_str_has_suffix (name, ".txt");
}

/* Nothing reaches the directory before the commit; a writer freed
 * without committing leaves the directory as it was. */
START_TEST (test_uncommitted_leaves_nothing)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *old = g_build_filename (dir, "a.txt", NULL);
    g_autofree char *text = NULL;
    g_autoptr (GError) error = NULL;
    MlgReportDir *rd;

    ck_assert (g_file_set_contents (old, "old", -1, NULL));
    rd = _mlg_report_dir_begin (dir, owns_txt, &error);
    ck_assert_msg (rd != NULL, "%s", error ? error->message : "");
    ck_assert (_mlg_report_dir_add (rd, "a.txt", "new", 3, NULL));
    ck_assert (_mlg_report_dir_add (rd, "b.txt", "new", 3, NULL));
    /* A file of the run cannot be created twice. */
    ck_assert (!_mlg_report_dir_add (rd, "b.txt", "again", 5, &error));
    ck_assert (g_error_matches (error, MLG_REPORT_ERROR, MLG_ERROR_IO));
    ck_assert (g_file_get_contents (old, &text, NULL, NULL));
    ck_assert_str_eq (text, "old");
    _mlg_report_dir_free (rd);
    g_clear_pointer (&text, g_free);
    text = list_dir (dir);
    ck_assert_str_eq (text, "a.txt");
    mlg_test_rmtree (dir);
}
END_TEST

/* A directory where a file of the report goes fails the commit before
 * anything is renamed: the report stays all old. */
START_TEST (test_commit_all_or_nothing)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *old = g_build_filename (dir, "a.txt", NULL);
    g_autofree char *blocker = g_build_filename (dir, "b.txt", NULL);
    g_autofree char *text = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgReportDir) rd = NULL;

    ck_assert (g_file_set_contents (old, "old", -1, NULL));
    ck_assert_int_eq (g_mkdir (blocker, 0700), 0);
    rd = _mlg_report_dir_begin (dir, owns_txt, NULL);
    ck_assert (_mlg_report_dir_add (rd, "a.txt", "new", 3, NULL));
    ck_assert (_mlg_report_dir_add (rd, "b.txt", "new", 3, NULL));
    ck_assert (!_mlg_report_dir_commit (rd, &error));
    ck_assert_msg (strstr (error->message, "b.txt': Is a directory") != NULL,
                   "%s", error->message);
    g_clear_pointer (&rd, _mlg_report_dir_free);
    ck_assert (g_file_get_contents (old, &text, NULL, NULL));
    ck_assert_str_eq (text, "old");
    g_clear_pointer (&text, g_free);
    text = list_dir (dir);
    ck_assert_str_eq (text, "a.txt,b.txt");
    mlg_test_rmtree (dir);
}
END_TEST

/* A failure in the middle of the swap (the second rename, then the
 * removal of a stale file) leaves every file of the previous report as
 * it was: replaced ones, new names and stale ones alike. */
START_TEST (test_commit_failure_midway_keeps_old_set)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *text = NULL;
    g_autoptr (GError) error = NULL;

    for (guint fail_at = 1; fail_at <= 4; fail_at++) {
        g_autoptr (MlgReportDir) rd = NULL;

        g_clear_pointer (&text, g_free);
        g_clear_error (&error);
        mlg_test_rmtree (dir);
        ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
        for (guint i = 0; i < 3; i++) {
            static const char *const before[] = { "a.txt", "b.txt",
                                                  "stale.txt" };
            g_autofree char *path = g_build_filename (dir, before[i], NULL);
            ck_assert (g_file_set_contents (path, "old", -1, NULL));
        }
        rd = _mlg_report_dir_begin (dir, owns_txt, NULL);
        ck_assert (_mlg_report_dir_add (rd, "a.txt", "new", 3, NULL));
        ck_assert (_mlg_report_dir_add (rd, "b.txt", "new", 3, NULL));
        ck_assert (_mlg_report_dir_add (rd, "c.txt", "new", 3, NULL));
        /* Renames 1-3 put a, b and c in place; 4 moves stale.txt out. */
        _mlg_report_dir_fail_rename_at (fail_at);
        ck_assert (!_mlg_report_dir_commit (rd, &error));
        _mlg_report_dir_fail_rename_at (0);
        ck_assert (g_error_matches (error, MLG_REPORT_ERROR, MLG_ERROR_IO));
        g_clear_pointer (&rd, _mlg_report_dir_free);
        text = list_dir (dir);
        ck_assert_msg (g_str_equal (text, "a.txt,b.txt,stale.txt"),
                       "failing at rename %u left %s", fail_at, text);
        for (guint i = 0; i < 3; i++) {
            static const char *const names[] = { "a.txt", "b.txt",
                                                 "stale.txt" };
            g_autofree char *content = read_file (dir, names[i]);
            ck_assert_msg (g_str_equal (content, "old"),
                           "failing at rename %u: %s is '%s'", fail_at,
                           names[i], content);
        }
    }
    mlg_test_rmtree (dir);
}
END_TEST

/* After the commit the directory holds this run's files: an earlier
 * run's file of the same writer that this run did not write is removed;
 * other files, and a directory under such a name, stay. */
START_TEST (test_commit_removes_stale)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    static const char *const before[] = { "a.txt", "stale.txt", "notes.md" };
    g_autofree char *sub = g_build_filename (dir, "sub.txt", NULL);
    g_autofree char *text = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgReportDir) rd = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (before); i++) {
        g_autofree char *path = g_build_filename (dir, before[i], NULL);
        ck_assert (g_file_set_contents (path, "old", -1, NULL));
    }
    ck_assert_int_eq (g_mkdir (sub, 0700), 0);
    rd = _mlg_report_dir_begin (dir, owns_txt, NULL);
    ck_assert (_mlg_report_dir_add (rd, "a.txt", "new", 3, NULL));
    ck_assert (_mlg_report_dir_add (rd, "b.txt", "new", 3, NULL));
    ck_assert_msg (_mlg_report_dir_commit (rd, &error), "%s",
                   error->message);
    g_clear_pointer (&rd, _mlg_report_dir_free);
    text = list_dir (dir);
    ck_assert_str_eq (text, "a.txt,b.txt,notes.md,sub.txt");
    g_clear_pointer (&text, g_free);
    text = read_file (dir, "a.txt");
    ck_assert_str_eq (text, "new");
    mlg_test_rmtree (dir);
}
END_TEST

/* The staging directory of a run that died (nobody holds its lock) goes
 * with the next run; that of a run still writing (locked) stays. */
START_TEST (test_abandoned_staging_removed)
{
    g_autoptr (MlgAnalysis) a = make_analysis (false);
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *dead = g_build_filename (dir, ".mlgauge-AbC123", NULL);
    g_autofree char *dead_file = g_build_filename (dead, "index.html", NULL);
    g_autofree char *alive = g_build_filename (dir, ".mlgauge-XyZ789", NULL);
    g_autofree char *other = g_build_filename (dir, ".mlgauge-notes", NULL);
    g_autofree char *text = NULL;
    int fd;

    ck_assert_int_eq (g_mkdir (dead, 0700), 0);
    ck_assert (g_file_set_contents (dead_file, "half a page", -1, NULL));
    ck_assert_int_eq (g_mkdir (alive, 0700), 0);
    ck_assert_int_eq (g_mkdir (other, 0700), 0);
    fd = open (alive, O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge (fd, 0);
    ck_assert_int_eq (flock (fd, LOCK_EX), 0);
    ck_assert (mlg_report_csv_write_dir (a, dir, NULL));
    text = list_dir (dir);
    ck_assert_str_eq (text, ".mlgauge-XyZ789,.mlgauge-notes,people.csv,"
                            "proposals.csv,threads.csv");
    close (fd);
    mlg_test_rmtree (dir);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("csv");
    TCase *cells = tcase_create ("cells");
    TCase *files = tcase_create ("files");

    tcase_add_test (cells, test_neutralise);
    suite_add_tcase (s, cells);
    tcase_add_test (files, test_proposals_columns_and_values);
    tcase_add_test (files, test_threads_and_people);
    tcase_add_test (files, test_negative_numbers);
    tcase_add_test (files, test_deterministic);
    tcase_add_test (files, test_unwritable);
    tcase_add_test (files, test_planted_symlinks);
    tcase_add_test (files, test_uncommitted_leaves_nothing);
    tcase_add_test (files, test_commit_all_or_nothing);
    tcase_add_test (files, test_commit_failure_midway_keeps_old_set);
    tcase_add_test (files, test_commit_removes_stale);
    tcase_add_test (files, test_abandoned_staging_removed);
    suite_add_tcase (s, files);
    return s;
}

MLG_TEST_MAIN (make_suite)
