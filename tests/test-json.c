/* test-json.c - the report as JSON: parsed back with json-glib, its values
 * asserted and compared with the CSV of the same analysis; one proposal in
 * detail; deterministic bytes. */
#include "mlg-test.h"

#include <csv.h>
#include <string.h>

#include "mlg-analysis-test-private.h"
#include "mlg-reports-private.h"

/* A draft with a support reply and a discussion thread with a reply. */
static MlgAnalysis *
make_analysis (bool reverse)
{
    MlgAnalysis *a = mlg_analysis_new (NULL);
    MlgMessageFacts *f[4];

    f[0] = tf_new ("a@x", "2024-03-01T08:00:00Z", "Ann Lee", "ann@a.com",
                   "draft-lee-foo: \"quoted\", comma", NULL);
    tf_draft (f[0], "draft-lee-foo", 3);
    f[0]->checklist = MLG_CHECK_DRAFT | MLG_CHECK_TIME;
    f[1] = tf_new ("b@x", "2024-03-01T10:30:00Z", "Bob Ray", "bob@b.com",
                   "Re: draft-lee-foo", "a@x");
    f[1]->stance = MLG_STANCE_SUPPORT;
    f[1]->stance_quote = g_strdup ("I support this");
    f[1]->permalink = g_strdup ("https://example.org/arch/b");
    f[2] = tf_new ("c@x", "2024-03-12T00:00:00Z", "Cy Dee", "cy@c.com",
                   "widget colours", NULL);
    f[3] = tf_new ("d@x", "2024-03-13T00:00:00Z", "Bob Ray", "bob@b.com",
                   "Re: widget colours", "c@x");
    for (guint i = 0; i < 4; i++)
        tf_add (a, f[reverse ? 3 - i : i]);
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    mlg_analysis_set_window (a, tf_date ("2024-02-01"), MLG_NO_UNTIL);
    tf_run (a);
    return a;
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

/* Returns: (transfer full) the parsed root of `text`, an object. */
static JsonNode *
parse (const char *text)
{
    g_autoptr (JsonParser) parser = json_parser_new ();
    g_autoptr (GError) error = NULL;

    ck_assert_msg (json_parser_load_from_data (parser, text, -1, &error),
                   "%s", error ? error->message : "");
    ck_assert (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
    return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
object_at (JsonArray *array, guint i)
{
    ck_assert_uint_lt (i, json_array_get_length (array));
    return json_array_get_object_element (array, i);
}

/* Writes `analysis` as JSON to a string. */
static char *
json_text (MlgAnalysis *a)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream (&buf, &len);
    g_autoptr (GError) error = NULL;

    ck_assert (out != NULL);
    ck_assert_msg (mlg_report_json_write (a, out, &error), "%s",
                   error ? error->message : "");
    fclose (out);
    return buf;
}

START_TEST (test_report_values)
{
    g_autoptr (MlgAnalysis) a = make_analysis (false);
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *out = g_build_filename (dir, "sub", NULL);
    g_autoptr (GError) error = NULL;
    g_autofree char *text = NULL;
    g_autoptr (JsonNode) root = NULL;
    JsonObject *top, *p, *window, *breakdown, *thread, *person;
    JsonArray *proposals, *threads, *people;
    double sum = 0;

    ck_assert_msg (mlg_report_json_write_dir (a, out, &error), "%s",
                   error ? error->message : "");
    text = read_file (out, "report.json");
    ck_assert (g_str_has_suffix (text, "}\n"));
    root = parse (text);
    top = json_node_get_object (root);
    ck_assert_str_eq (json_object_get_string_member (top, "generated"),
                      "2024-04-01T00:00:00Z");
    window = json_object_get_object_member (top, "window");
    ck_assert_str_eq (json_object_get_string_member (window, "since"),
                      "2024-02-01T00:00:00Z");
    ck_assert (json_object_get_null_member (window, "until"));
    ck_assert_uint_eq (
        json_array_get_length (json_object_get_array_member (top, "lists")),
        1);

    proposals = json_object_get_array_member (top, "proposals");
    ck_assert_uint_eq (json_array_get_length (proposals), 2);
    p = object_at (proposals, 0);
    if (strcmp (json_object_get_string_member (p, "proposal"),
                "draft-lee-foo") != 0)
        p = object_at (proposals, 1);
    ck_assert_str_eq (json_object_get_string_member (p, "kind"), "draft");
    ck_assert_int_eq (json_object_get_int_member (p, "latest_revision"), 3);
    ck_assert_int_eq (json_object_get_int_member (p, "messages"), 2);
    ck_assert_int_eq (json_object_get_int_member (p, "thread_count"), 1);
    ck_assert_int_eq (json_object_get_int_member (p, "supporters"), 1);
    ck_assert_int_eq (json_object_get_int_member (p, "checklist"), 2);
    ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (
                           p, "checklist_missing")),
                       6);
    ck_assert (json_object_get_double_member (p, "first_reply_hours")
               == 2.5);
    ck_assert_str_eq (json_array_get_string_element (
                          json_object_get_array_member (p, "proponents"), 0),
                      "Ann Lee");
    /* The breakdown adds up to the score (both rounded to hundredths). */
    breakdown = json_object_get_object_member (p, "score_breakdown");
    ck_assert_uint_eq (json_object_get_size (breakdown), MLG_SCORE_TERMS);
    for (guint t = 0; t < MLG_SCORE_TERMS; t++)
        sum += json_object_get_double_member (breakdown,
                                              mlg_score_term_to_string (t));
    ck_assert_double_eq_tol (sum, json_object_get_double_member (p, "score"),
                             0.01 * MLG_SCORE_TERMS);
    ck_assert (json_object_get_double_member (p, "score") > 0);

    threads = json_object_get_array_member (p, "threads");
    ck_assert_uint_eq (json_array_get_length (threads), 1);
    thread = object_at (threads, 0);
    ck_assert_str_eq (json_object_get_string_member (thread, "thread"), "a@x");
    ck_assert_str_eq (json_object_get_string_member (thread, "subject"),
                      "draft-lee-foo: \"quoted\", comma");
    ck_assert_int_eq (json_object_get_int_member (thread, "message_count"), 2);
    ck_assert_str_eq (json_object_get_string_member (thread, "root_from"),
                      "Ann Lee");
    /* No detail in the report. */
    ck_assert (!json_object_has_member (thread, "messages"));
    ck_assert (!json_object_has_member (p, "participants"));

    /* The discussion has no draft: null, not "". */
    p = object_at (proposals, p == object_at (proposals, 0) ? 1 : 0);
    ck_assert (json_object_get_null_member (p, "draft"));
    ck_assert (json_object_get_null_member (p, "latest_revision"));

    people = json_object_get_array_member (top, "people");
    ck_assert_uint_eq (json_array_get_length (people), 3);
    person = object_at (people, 0);
    ck_assert_str_eq (json_object_get_string_member (person, "person"),
                      "Bob Ray");
    ck_assert_str_eq (json_array_get_string_element (
                          json_object_get_array_member (person, "addresses"),
                          0),
                      "bob@b.com");
    ck_assert_int_eq (json_object_get_int_member (person, "messages"), 2);
    ck_assert_int_eq (json_object_get_int_member (person, "supports"), 1);
    mlg_test_rmtree (dir);
}
END_TEST

/* Parsed CSV rows, for the comparison with the CSV writer. */
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

static GPtrArray *
parse_csv (const char *text)
{
    struct csv_parser parser;
    Parsed p;

    ck_assert_int_eq (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI), 0);
    p.row = g_ptr_array_new_with_free_func (g_free);
    p.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    csv_parse (&parser, text, strlen (text), on_field, on_record, &p);
    ck_assert_int_eq (csv_fini (&parser, on_field, on_record, &p), 0);
    csv_free (&parser);
    g_ptr_array_unref (p.row);
    return p.rows;
}

/* A JSON value as the CSV prints it. */
static char *
as_csv (JsonNode *node, const char *column)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (JSON_NODE_HOLDS_NULL (node))
        return g_strdup ("");
    if (JSON_NODE_HOLDS_ARRAY (node)) {
        JsonArray *array = json_node_get_array (node);
        GString *s = g_string_new (NULL);
        for (guint i = 0; i < json_array_get_length (array); i++)
            g_string_append_printf (s, "%s%s", i ? ";" : "",
                                    json_array_get_string_element (array, i));
        return g_string_free (s, FALSE);
    }
    if (json_node_get_value_type (node) == G_TYPE_INT64) {
        if (strcmp (column, "latest_revision") == 0)
            return g_strdup_printf ("%02" G_GINT64_FORMAT,
                                    json_node_get_int (node));
        if (strcmp (column, "checklist") == 0)
            return g_strdup_printf ("%" G_GINT64_FORMAT "/8",
                                    json_node_get_int (node));
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }
    if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        return g_strdup (g_ascii_formatd (
            buf, sizeof buf, strcmp (column, "score") == 0 ? "%.2f" : "%.1f",
            json_node_get_double (node)));
    return g_strdup (json_node_get_string (node));
}

START_TEST (test_same_as_csv)
{
    g_autoptr (MlgAnalysis) a = make_analysis (false);
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *csv = NULL;
    g_autofree char *text = json_text (a);
    g_autoptr (GPtrArray) rows = NULL;
    g_autoptr (JsonNode) root = parse (text);
    JsonArray *proposals = json_object_get_array_member (
        json_node_get_object (root), "proposals");
    GPtrArray *header;
    guint compared = 0;

    ck_assert (mlg_report_csv_write_dir (a, dir, NULL));
    csv = read_file (dir, "proposals.csv");
    rows = parse_csv (csv);
    header = rows->pdata[0];
    ck_assert_uint_eq (rows->len - 1, json_array_get_length (proposals));
    for (guint r = 1; r < rows->len; r++) {
        GPtrArray *row = rows->pdata[r];
        JsonObject *p = object_at (proposals, r - 1);

        for (guint c = 0; c < header->len; c++) {
            const char *column = header->pdata[c];
            const char *key = strcmp (column, "threads") == 0 ? "thread_count"
                                                              : column;
            g_autofree char *value = NULL;

            ck_assert_msg (json_object_has_member (p, key), "no %s", key);
            value = as_csv (json_object_get_member (p, key), column);
            ck_assert_msg (strcmp (value, row->pdata[c]) == 0,
                           "%s: JSON %s, CSV %s", column, value,
                           (char *) row->pdata[c]);
            compared++;
        }
    }
    ck_assert_uint_eq (compared, 2 * 27);
    mlg_test_rmtree (dir);
}
END_TEST

START_TEST (test_detail)
{
    g_autoptr (MlgAnalysis) a = make_analysis (false);
    const MlgProposal *proposal = mlg_analysis_find_proposal (a, "draft-lee-foo-03");
    g_autoptr (JsonNode) node = NULL;
    JsonObject *p, *part, *m, *week;
    JsonArray *parts, *messages, *activity;

    ck_assert (proposal != NULL);
    node = mlg_report_json_proposal (a, proposal, true);
    p = json_node_get_object (node);
    ck_assert_str_eq (json_object_get_string_member (p, "opening"), "a@x");
    parts = json_object_get_array_member (p, "participants");
    ck_assert_uint_eq (json_array_get_length (parts), 2);
    part = object_at (parts, 0);
    if (strcmp (json_object_get_string_member (part, "person"), "Bob Ray")
        != 0)
        part = object_at (parts, 1);
    ck_assert_str_eq (json_object_get_string_member (part, "role"),
                      "independent");
    ck_assert_str_eq (json_object_get_string_member (part, "stance"),
                      "support");
    ck_assert_str_eq (json_object_get_string_member (part, "quote"),
                      "I support this");
    ck_assert_str_eq (json_object_get_string_member (part, "stance_message"),
                      "b@x");
    ck_assert_str_eq (json_object_get_string_member (part, "organisation"),
                      "b.com");

    messages = json_object_get_array_member (
        object_at (json_object_get_array_member (p, "threads"), 0),
        "messages");
    ck_assert_uint_eq (json_array_get_length (messages), 2);
    m = object_at (messages, 0);
    ck_assert_str_eq (json_object_get_string_member (m, "id"), "a@x");
    ck_assert (json_object_get_null_member (m, "parent"));
    ck_assert_str_eq (json_object_get_string_member (m, "role"), "proponent");
    m = object_at (messages, 1);
    ck_assert_str_eq (json_object_get_string_member (m, "parent"), "a@x");
    ck_assert_str_eq (json_object_get_string_member (m, "from"), "Bob Ray");
    ck_assert_str_eq (json_object_get_string_member (m, "date"),
                      "2024-03-01T10:30:00Z");
    ck_assert_str_eq (json_object_get_string_member (m, "permalink"),
                      "https://example.org/arch/b");

    /* Both messages fall in the week of Monday 2024-02-26. */
    activity = json_object_get_array_member (p, "activity");
    ck_assert_uint_eq (json_array_get_length (activity), 1);
    week = object_at (activity, 0);
    ck_assert_str_eq (json_object_get_string_member (week, "week"),
                      "2024-02-26");
    ck_assert_int_eq (json_object_get_int_member (week, "proponent"), 1);
    ck_assert_int_eq (json_object_get_int_member (week, "independent"), 1);
    ck_assert_int_eq (json_object_get_int_member (week, "chair"), 0);
}
END_TEST

START_TEST (test_deterministic)
{
    g_autoptr (MlgAnalysis) a = make_analysis (false);
    g_autoptr (MlgAnalysis) b = make_analysis (true);
    g_autofree char *x = json_text (a);
    g_autofree char *y = json_text (b);

    ck_assert_str_eq (x, y);
    ck_assert_uint_gt (strlen (x), 500);
}
END_TEST

START_TEST (test_unwritable)
{
    g_autoptr (MlgAnalysis) a = make_analysis (false);
    g_autoptr (GError) error = NULL;

    ck_assert (!mlg_report_json_write_dir (a, "/proc/mlgauge-nope", &error));
    ck_assert (g_error_matches (error, MLG_REPORT_ERROR, MLG_ERROR_IO));
}
END_TEST

/* C1 controls (U+009B is a one-character CSI) are escaped, other
 * non-ASCII text stays as it is, and the text reads back exactly. */
START_TEST (test_c1_escaped)
{
    static const char value[] = "a\xc2\x9b" "6n \xc2\x85 \x1b[2J \xc2\xa0"
                                "\xc3\xa9 \xe2\x80\xae \xc2\x9f";
    g_autoptr (JsonNode) node = json_node_alloc ();
    g_autoptr (JsonParser) parser = json_parser_new ();
    g_autoptr (GError) error = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream (&buf, &len);
    g_autofree char *text = NULL;

    json_node_init_string (node, value);
    ck_assert (mlg_json_write (node, out, &error));
    fclose (out);
    text = buf;
    ck_assert_str_eq (text, "\"a\\u009b6n \\u0085 \\u001b[2J \xc2\xa0"
                            "\xc3\xa9 \xe2\x80\xae \\u009f\"\n");
    ck_assert (json_parser_load_from_data (parser, text, -1, NULL));
    ck_assert_str_eq (json_node_get_string (json_parser_get_root (parser)),
                      value);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("json");
    TCase *report = tcase_create ("report");

    tcase_add_test (report, test_report_values);
    tcase_add_test (report, test_same_as_csv);
    tcase_add_test (report, test_detail);
    tcase_add_test (report, test_deterministic);
    tcase_add_test (report, test_unwritable);
    tcase_add_test (report, test_c1_escaped);
    suite_add_tcase (s, report);
    return s;
}

MLG_TEST_MAIN (make_suite)
