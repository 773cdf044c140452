/* test-csv.c - the CSV report: columns, escaping, formula neutralising,
 * formats, and byte-identical output for the same input. */
#include "mlg-test.h"

#include <csv.h>
#include <string.h>

#include "mlg-analysis-test-private.h"
#include "mlg-reports.h"

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
 * and a discussion thread. `reverse` adds the same facts backwards. */
static MlgAnalysis *
make_analysis (bool reverse)
{
    MlgAnalysis *a = mlg_analysis_new (NULL);
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
              "\"last\",\"proponents\",\"score\",\"id\"\r\n"));
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
    tcase_add_test (files, test_deterministic);
    tcase_add_test (files, test_unwritable);
    suite_add_tcase (s, files);
    return s;
}

MLG_TEST_MAIN (make_suite)
