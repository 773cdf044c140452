/* test-search.c - the search query front end (what it accepts, how it
 * normalises, what it rejects and why) and searching a store of a few
 * synthetic messages: exact ids, in order, for every field, date ranges
 * open and closed, proposals, lists and paging. */
#include "mlg-test.h"

#include "mlg-indexer.h"
#include "mlg-store-private.h"

#include <string.h>

static char *tmpdir;
static MlgStore *store;

/* ---- the front end ---- */

static MlgSearchQuery *
parse_ok (const char *text)
{
    GError *error = NULL;
    MlgSearchQuery *query = mlg_search_query_parse (text, &error);

    ck_assert_msg (query != NULL, "'%s' rejected: %s", text,
                   error ? error->message : "?");
    return query;
}

/* The query is rejected as INVALID with a message containing `why`. */
static void
assert_rejected (const char *text, const char *why)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgSearchQuery) query = mlg_search_query_parse (text, &error);

    ck_assert_msg (query == NULL, "'%s' accepted as '%s'", text,
                   query ? mlg_search_query_get_text (query) : "");
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_INVALID));
    ck_assert_msg (strstr (error->message, why) != NULL,
                   "'%s': message '%s' lacks '%s'", text, error->message,
                   why);
}

static void
assert_normalised (const char *text, const char *want)
{
    g_autoptr (MlgSearchQuery) query = parse_ok (text);

    ck_assert_str_eq (mlg_search_query_get_text (query), want);
}

START_TEST (test_normalise)
{
    assert_normalised ("vcon", "vcon");
    assert_normalised ("  From:jane@example.com   vcon ",
                       "from:jane@example.com vcon");
    assert_normalised ("date:2024-02", "date:2024-02..2024-02");
    assert_normalised ("date:2024-01-01..", "date:2024-01-01..");
    assert_normalised ("date:..20240331", "date:..20240331");
    /* year:, month: and day: are one period of date:. */
    assert_normalised ("year:2024", "date:2024..2024");
    assert_normalised ("month:202211", "date:2022-11..2022-11");
    /* QueryParser takes no sign before a range. */
    assert_normalised ("-Month:2022-11", "(NOT date:2022-11..2022-11)");
    assert_normalised ("vcon +date:2024", "vcon date:2024..2024");
    assert_normalised ("day:2024-03-05", "date:20240305..20240305");
    assert_normalised ("quoted:\"vcon  container\"",
                       "(quoted:vcon quoted:container)");
    assert_normalised ("subject:\"vcon charter\"", "subject:\"vcon charter\"");
    assert_normalised ("(a OR b) AND NOT -list:x",
                       "( a OR b) AND NOT -list:x");
    assert_normalised ("https://example.com/a", "https://example.com/a");
    assert_normalised ("10:30", "10:30");
    assert_normalised ("std::vector", "std::vector");
}
END_TEST

START_TEST (test_proposal_names)
{
    g_autoptr (MlgSearchQuery) query =
        parse_ok ("proposal:vcon OR proposal:\"more ideas\" proposal:vcon");
    const GPtrArray *names = mlg_search_query_get_proposals (query);

    ck_assert_uint_eq (names->len, 2);
    ck_assert_str_eq (names->pdata[0], "vcon");
    ck_assert_str_eq (names->pdata[1], "more ideas");
}
END_TEST

START_TEST (test_malformed)
{
    assert_rejected ("", "empty");
    assert_rejected ("   ", "empty");
    assert_rejected ("(vcon", "'(' is not closed");
    assert_rejected ("vcon)", "')' has no matching '('");
    assert_rejected ("()", "empty parentheses");
    assert_rejected ("\"vcon charter", "quote is not closed");
    assert_rejected ("subject:\"vcon", "quote is not closed");
    assert_rejected ("vcon AND", "ends with 'AND'");
    assert_rejected ("vcon NOT", "ends with 'NOT'");
    assert_rejected ("OR vcon", "'OR' needs a term on each side");
    assert_rejected ("vcon AND OR x", "'OR' needs a term on each side");
    assert_rejected ("(vcon OR)", "'OR' needs a term after it");
    assert_rejected ("frm:jane@example.com", "unknown field 'frm:'");
    assert_rejected ("from:", "'from:' needs a value");
    assert_rejected ("from:\"\"", "'from:' needs a value");
    assert_rejected ("subject:(a b)", "not supported");
    assert_rejected ("date:2024-13-01..", "not a date range");
    assert_rejected ("date:2024-02-30", "not a date range");
    assert_rejected ("date:yesterday..today", "not a date range");
    assert_rejected ("date:2024-1-1", "not a date range");
    assert_rejected ("date:..", "at least one date");
    assert_rejected ("date:2024-03..2024-01", "ends before it starts");
    assert_rejected ("date:\"2024\"", "no quotes");
    assert_rejected ("year:24", "'year:24' is not a year");
    assert_rejected ("month:2024", "is not a month, e.g. month:2024-03");
    assert_rejected ("day:2024-02-30", "not a date range");
    assert_rejected ("day:2024-03-O5", "is not a day");
    assert_rejected ("year:\"2024\"", "no quotes");
    assert_rejected ("vcon \xff", "UTF-8");
}
END_TEST

/* Any text gives a query or INVALID, never a crash (the libFuzzer harness
 * does this at scale). */
START_TEST (test_random_text)
{
    static const char *pieces[] = {
        "(",     ")",     "\"",      " ",      "AND",   "OR",
        "NOT",   "XOR",   "-",       "+",      "*",     ":",
        "from:", "date:", "..",      "2024",   "2024-02", "list:",
        "quoted:", "proposal:", "x",  "\"\"",  "é",     "subject:",
        "year:", "month:", "day:", "-"};
    GRand *rand = g_rand_new_with_seed (42);

    for (int round = 0; round < 3000; round++) {
        g_autoptr (GString) text = g_string_new (NULL);
        int n = g_rand_int_range (rand, 0, 12);
        GError *error = NULL;
        MlgSearchQuery *query;

        for (int i = 0; i < n; i++)
            g_string_append (
                text, pieces[g_rand_int_range (rand, 0,
                                               G_N_ELEMENTS (pieces))]);
        query = mlg_search_query_parse (text->str, &error);
        ck_assert_msg ((query == NULL) == (error != NULL), "'%s'",
                       text->str);
        if (query == NULL)
            ck_assert_msg (g_error_matches (error, MLG_STORE_ERROR,
                                            MLG_ERROR_INVALID),
                           "'%s': %s", text->str, error->message);
        mlg_search_query_free (query);
        g_clear_error (&error);
    }
    g_rand_free (rand);
}
END_TEST

/* ---- searching ---- */

static gint64
utc (int y, int mo, int d, int h, int mi)
{
    g_autoptr (GDateTime) t = g_date_time_new_utc (y, mo, d, h, mi, 0);
    return g_date_time_to_unix (t);
}

static MlgMessageFacts *
facts (const char *id, const char *list, gint64 date, const char *from,
       const char *subject, const char *new_text, const char *quoted)
{
    MlgMessageFacts *f = mlg_message_facts_new ();

    f->id = g_strdup (id);
    mlg_message_facts_add_list (f, list);
    f->source = g_strdup ("t.mbox");
    f->date = date;
    f->date_source = MLG_DATE_FROM_HEADER;
    f->from_addr = g_strdup (from);
    f->from_name = g_strdup ("");
    f->org = g_strdup ("");
    f->subject = g_strdup (subject);
    f->subject_norm = g_strdup (subject);
    f->new_text = g_strdup (new_text);
    f->quoted_text = g_strdup (quoted);
    return f;
}

/* Four messages:
 *   a  dispatch     2024-01-10  jane  "New work: vcon charter"
 *   b  secdispatch  2024-02-15  joe   "Re: vcon charter"
 *   c  dispatch     2024-03-31 23:00  ann  "Agenda for IETF 119"
 *   d  dispatcher.example.com 2024-04-01 00:30 jane "sprocket"
 */
static void
setup (void)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *path = NULL;
    MlgMessageFacts *all[4];

    tmpdir = mlg_test_tmpdir ();
    path = g_build_filename (tmpdir, "db", NULL);
    store = mlg_store_open (path, MLG_STORE_WRITE, &error);
    ck_assert_ptr_nonnull (store);

    all[0] = facts ("a@x", "dispatch.ietf.org", utc (2024, 1, 10, 9, 0),
                    "jane@example.com", "New work: vcon charter",
                    "We propose the vcon container format.",
                    "> an earlier widget idea");
    g_ptr_array_add (all[0]->to, g_strdup ("dispatch@ietf.org"));
    g_ptr_array_add (all[0]->cc, g_strdup ("dispatch-chairs@ietf.org"));
    g_ptr_array_add (all[0]->pointers,
                     mlg_pointer_new (MLG_POINTER_DRAFT,
                                      "draft-ietf-vcon-foo", 3));
    g_ptr_array_add (all[0]->pointers,
                     mlg_pointer_new (MLG_POINTER_RFC, "rfc9110", -1));
    all[1] = facts ("b@x", "secdispatch.ietf.org", utc (2024, 2, 15, 12, 0),
                    "joe@example.org", "Re: vcon charter",
                    "I support this widget.",
                    "> We propose the vcon container format.");
    all[2] = facts ("c@x", "dispatch.ietf.org", utc (2024, 3, 31, 23, 0),
                    "ann@example.net", "Agenda for IETF 119",
                    "Agenda items are due.", NULL);
    all[2]->kind = MLG_KIND_AUTOMATED;
    all[3] = facts ("d@x", "dispatcher.example.com",
                    utc (2024, 4, 1, 0, 30), "jane@example.com", "sprocket",
                    "unrelated", NULL);
    for (int i = 0; i < 4; i++) {
        ck_assert (mlg_store_add (store, all[i], NULL, &error));
        mlg_message_facts_free (all[i]);
    }
    ck_assert (mlg_store_commit (store, &error));
}

static void
teardown (void)
{
    g_clear_pointer (&store, mlg_store_close);
    mlg_test_rmtree (tmpdir);
    g_clear_pointer (&tmpdir, g_free);
}

/* Returns: (transfer full) the ids found, space-separated, and the total
 * in `total` (nullable). */
static char *
search_with (MlgSearchQuery *query, const MlgSearchOptions *options,
             guint64 *total)
{
    g_autoptr (GPtrArray) ids = g_ptr_array_new ();
    g_autoptr (MlgSearchResults) results = NULL;
    GError *error = NULL;

    results = mlg_store_search (store, query, options, &error);
    ck_assert_msg (results != NULL, "'%s' failed: %s",
                   mlg_search_query_get_text (query),
                   error ? error->message : "?");
    for (guint i = 0; i < results->messages->len; i++)
        g_ptr_array_add (
            ids, ((MlgMessageFacts *) results->messages->pdata[i])->id);
    g_ptr_array_add (ids, NULL);
    if (total != NULL)
        *total = results->total;
    return g_strjoinv (" ", (char **) ids->pdata);
}

static void
assert_found (const char *text, const char *want)
{
    g_autoptr (MlgSearchQuery) query = parse_ok (text);
    MlgSearchOptions options = MLG_SEARCH_OPTIONS_INIT;
    guint64 total = 0;
    g_autofree char *got = search_with (query, &options, &total);

    ck_assert_msg (g_str_equal (got, want), "'%s': got '%s', want '%s'",
                   text, got, want);
    /* Fewer than the limit: the total is the count returned. */
    guint count = 0;
    for (const char *c = want; *c != '\0'; c++)
        count += c == want || c[-1] == ' ';
    ck_assert_uint_eq (total, count);
}

START_TEST (test_words)
{
    assert_found ("vcon", "b@x a@x");
    assert_found ("VCON", "b@x a@x");
    assert_found ("container", "a@x");
    assert_found ("subject:agenda", "c@x");
    assert_found ("subject:container", "");
    assert_found ("quoted:container", "b@x");
    assert_found ("quoted:widget", "a@x");
    assert_found ("quoted:\"vcon container\"", "b@x");
    assert_found ("\"propose the vcon\"", "a@x");
    assert_found ("\"vcon propose\"", "");
    /* Stopwords ("we", "the") are not indexed, nor searched. */
    assert_found ("\"we propose the vcon\"", "a@x");
    assert_found ("\"propose vcon\"", "a@x");
    assert_found ("the", "");
    assert_found ("widget", "b@x");
    assert_found ("vcon NOT widget", "a@x");
    assert_found ("spro*", "d@x");
    /* Subject words are indexed once, under S: bare words, phrases and
     * NOT still see them. */
    assert_found ("\"vcon charter\"", "b@x a@x");
    assert_found ("\"charter vcon\"", "");
    assert_found ("widget NOT vcon", "");
    assert_found ("agenda NOT sprocket", "c@x");
    assert_found ("sprocket OR widget", "d@x b@x");
}
END_TEST

START_TEST (test_fields)
{
    assert_found ("from:JANE@example.com", "d@x a@x");
    assert_found ("from:jane", "");
    assert_found ("to:dispatch-chairs@ietf.org", "a@x");
    assert_found ("to:dispatch@ietf.org", "a@x");
    assert_found ("list:dispatch", "c@x a@x");
    assert_found ("list:DISPATCH", "c@x a@x");
    assert_found ("list:dispatch.ietf.org", "c@x a@x");
    assert_found ("list:dispatcher", "d@x");
    assert_found ("list:secdispatch", "b@x");
    assert_found ("list:disp", "");
    assert_found ("draft:draft-ietf-vcon-foo", "a@x");
    assert_found ("draft:draft-ietf-vcon-foo-03", "a@x");
    assert_found ("draft:Draft-IETF-vcon-foo-05.txt", "a@x");
    assert_found ("draft:draft-ietf-vcon", "");
    assert_found ("rfc:9110", "a@x");
    assert_found ("rfc:RFC9110", "a@x");
    assert_found ("kind:automated", "c@x");
    assert_found ("id:b@x", "b@x");
    assert_found ("from:jane@example.com OR list:secdispatch",
                  "d@x b@x a@x");
    assert_found ("list:dispatch list:secdispatch", "c@x b@x a@x");
    assert_found ("vcon list:dispatch", "a@x");
    assert_found ("NOT list:dispatch", "d@x b@x");
    assert_found ("vcon -from:joe@example.org", "a@x");
}
END_TEST

START_TEST (test_dates)
{
    assert_found ("date:2024-01-01..2024-03-31", "c@x b@x a@x");
    assert_found ("date:2024-01-10..2024-01-10", "a@x");
    assert_found ("date:2024-02..", "d@x c@x b@x");
    assert_found ("date:..2024-02-15", "b@x a@x");
    assert_found ("date:..2024-02-14", "a@x");
    assert_found ("date:2024-03", "c@x");
    assert_found ("date:20240401", "d@x");
    assert_found ("date:2024", "d@x c@x b@x a@x");
    assert_found ("date:2023", "");
    assert_found ("vcon date:2024-02..2024-12", "b@x");
}
END_TEST

START_TEST (test_proposal)
{
    g_autoptr (MlgSearchQuery) query = parse_ok ("proposal:vcon");
    g_autoptr (MlgSearchQuery) both = parse_ok ("proposal:vcon widget");
    g_autoptr (MlgSearchQuery) unresolved = parse_ok ("proposal:other");
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgSearchResults) none = NULL;
    MlgSearchOptions options = MLG_SEARCH_OPTIONS_INIT;
    const char *ids[] = { "a@x", "b@x", NULL };
    g_autofree char *got = NULL;
    g_autofree char *got_both = NULL;

    mlg_search_query_set_proposal (query, "vcon", ids);
    got = search_with (query, &options, NULL);
    ck_assert_str_eq (got, "b@x a@x");
    mlg_search_query_set_proposal (both, "vcon", ids);
    got_both = search_with (both, &options, NULL);
    ck_assert_str_eq (got_both, "b@x");

    none = mlg_store_search (store, unresolved, &options, &error);
    ck_assert_ptr_null (none);
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_INVALID));
}
END_TEST

START_TEST (test_options)
{
    g_autoptr (MlgSearchQuery) query = parse_ok ("date:2024");
    g_autoptr (MlgSearchQuery) vcon = parse_ok ("vcon");
    MlgSearchOptions options = MLG_SEARCH_OPTIONS_INIT;
    const char *lists[] = { "secdispatch", NULL };
    const char *two[] = { "dispatch.ietf.org", "dispatcher", NULL };
    guint64 total = 0;
    g_autofree char *page = NULL;
    g_autofree char *last = NULL;
    g_autofree char *window = NULL;
    g_autofree char *since = NULL;
    g_autofree char *listed = NULL;
    g_autofree char *listed2 = NULL;

    options.offset = 1;
    options.limit = 2;
    page = search_with (query, &options, &total);
    ck_assert_str_eq (page, "c@x b@x");
    ck_assert_uint_eq (total, 4);
    options.offset = 3;
    last = search_with (query, &options, &total);
    ck_assert_str_eq (last, "a@x");
    ck_assert_uint_eq (total, 4);

    options = (MlgSearchOptions) MLG_SEARCH_OPTIONS_INIT;
    options.since = utc (2024, 2, 15, 12, 0);
    options.until = utc (2024, 3, 31, 23, 0);
    window = search_with (query, &options, &total);
    ck_assert_str_eq (window, "c@x b@x");
    ck_assert_uint_eq (total, 2);
    options.until = G_MAXINT64;
    since = search_with (query, &options, NULL);
    ck_assert_str_eq (since, "d@x c@x b@x");

    options = (MlgSearchOptions) MLG_SEARCH_OPTIONS_INIT;
    options.lists = lists;
    listed = search_with (vcon, &options, NULL);
    ck_assert_str_eq (listed, "b@x");
    options.lists = two;
    listed2 = search_with (query, &options, NULL);
    ck_assert_str_eq (listed2, "d@x c@x a@x");
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *suite = suite_create ("search");
    TCase *tc;

    tc = tcase_create ("front end");
    tcase_add_test (tc, test_normalise);
    tcase_add_test (tc, test_proposal_names);
    tcase_add_test (tc, test_malformed);
    tcase_add_test (tc, test_random_text);
    suite_add_tcase (suite, tc);

    tc = tcase_create ("store");
    tcase_add_checked_fixture (tc, setup, teardown);
    tcase_add_test (tc, test_words);
    tcase_add_test (tc, test_fields);
    tcase_add_test (tc, test_dates);
    tcase_add_test (tc, test_proposal);
    tcase_add_test (tc, test_options);
    suite_add_tcase (suite, tc);
    return suite;
}

MLG_TEST_MAIN (make_suite)
