/* test-fetch.c - the fetcher's pieces that need no server: UID sets, the
 * IMAP response reader and parsers, quoting, the politeness schedule,
 * names made from URLs. The fetches themselves run against a real
 * Dovecot and a local HTTP server: tests/cli/test-fetch-*.sh. */
#include "mlg-test.h"

#include <string.h>

#include "mlg-fetch-private.h"

/* ---- UID sets ---- */

START_TEST (test_uid_set_add_merges)
{
    g_autoptr (GArray) set = _mlg_uid_set_new ();
    static const guint32 uids[] = {5, 1, 3, 2, 9, 7, 8, 4, 3, 100};
    g_autofree char *text = NULL;

    for (gsize i = 0; i < G_N_ELEMENTS (uids); i++)
        _mlg_uid_set_add (set, uids[i]);
    text = _mlg_uid_set_format (set);
    ck_assert_str_eq (text, "1:5,7:9,100");
    ck_assert (_mlg_uid_set_contains (set, 4));
    ck_assert (_mlg_uid_set_contains (set, 100));
    ck_assert (!_mlg_uid_set_contains (set, 6));
    ck_assert (!_mlg_uid_set_contains (set, 10));
    /* 6 joins the two first ranges into one. */
    _mlg_uid_set_add (set, 6);
    g_free (text);
    text = _mlg_uid_set_format (set);
    ck_assert_str_eq (text, "1:9,100");
}
END_TEST

START_TEST (test_uid_set_parse)
{
    g_autoptr (GArray) set = _mlg_uid_set_parse ("7:9,1:3,4294967295,5,8");
    g_autoptr (GArray) empty = _mlg_uid_set_parse ("");
    g_autofree char *text = _mlg_uid_set_format (set);
    g_autofree char *none = _mlg_uid_set_format (empty);
    static const char *const bad[] = {"0", "1:", ":2", "a", "1,,2", "1 2",
                                      "4294967296", "1:2:3", "-1"};

    ck_assert_str_eq (text, "1:3,5,7:9,4294967295");
    ck_assert_str_eq (none, "");
    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
        GArray *b = _mlg_uid_set_parse (bad[i]);
        ck_assert_msg (b == NULL, "'%s' parsed", bad[i]);
    }
    /* A big range stays one range (a rebuilt folder of 100,000). */
    {
        g_autoptr (GArray) big = _mlg_uid_set_parse ("1:100000,100001");
        g_autoptr (GArray) all = _mlg_uid_set_parse ("2:4294967295,1");
        ck_assert_uint_eq (big->len, 1);
        ck_assert_uint_eq (all->len, 1);
    }
}
END_TEST

/* ---- the reader ---- */

/* A server's answer to a UID FETCH, as Dovecot sends it: a literal that
 * holds CRLFs and a line that looks like a response (`* 9 FETCH`), an
 * empty literal, a non-synchronising `{N+}` literal, untagged noise, the
 * tagged end. */
static const char transcript[] =
    "* 1 FETCH (UID 11 BODY[] {38}\r\n"
    "Subject: a\r\n\r\n* 9 FETCH (UID 99)\r\nok\r\n"
    ")\r\n"
    "* 2 FETCH (FLAGS (\\Seen \\Answered) BODY[] {0}\r\n"
    " UID 12)\r\n"
    "* 3 EXISTS\r\n"
    "* 3 FETCH (UID 13 BODY[HEADER.FIELDS (MESSAGE-ID)] {29+}\r\n"
    "Message-ID: <a@b.example>\r\n\r\n"
    ")\r\n"
    "M7 OK Fetch completed.\r\n";

static GPtrArray *
read_all (gsize chunk)
{
    g_autoptr (MlgImapReader) reader = _mlg_imap_reader_new ();
    GPtrArray *out = g_ptr_array_new_with_free_func (
        (GDestroyNotify) _mlg_imap_response_free);
    gsize len = strlen (transcript);

    for (gsize at = 0; at < len; at += chunk) {
        MlgImapResponse *r;
        GError *error = NULL;

        _mlg_imap_reader_feed (reader, transcript + at, MIN (chunk, len - at));
        while ((r = _mlg_imap_reader_next (reader, &error)) != NULL)
            g_ptr_array_add (out, r);
        ck_assert_ptr_null (error);
    }
    return out;
}

static void
check_transcript (GPtrArray *rs)
{
    MlgImapResponse *r;
    g_autoptr (GBytes) body = NULL;
    guint32 uid = 0, exists = 0;
    gsize len;

    ck_assert_uint_eq (rs->len, 5);
    r = rs->pdata[0];
    ck_assert_int_eq (r->kind, '*');
    ck_assert (_mlg_imap_parse_fetch (r, &uid, &body));
    ck_assert_uint_eq (uid, 11);
    ck_assert_mem_eq (g_bytes_get_data (body, &len),
                      "Subject: a\r\n\r\n* 9 FETCH (UID 99)\r\nok\r\n", 38);
    ck_assert_uint_eq (len, 38);
    g_clear_pointer (&body, g_bytes_unref);

    /* UID after the body, FLAGS skipped, an empty literal. */
    ck_assert (_mlg_imap_parse_fetch (rs->pdata[1], &uid, &body));
    ck_assert_uint_eq (uid, 12);
    ck_assert_uint_eq (g_bytes_get_size (body), 0);
    g_clear_pointer (&body, g_bytes_unref);

    ck_assert (!_mlg_imap_parse_fetch (rs->pdata[2], &uid, &body));
    ck_assert (_mlg_imap_parse_exists (rs->pdata[2], &exists));
    ck_assert_uint_eq (exists, 3);

    ck_assert (_mlg_imap_parse_fetch (rs->pdata[3], &uid, &body));
    ck_assert_uint_eq (uid, 13);
    ck_assert_uint_eq (g_bytes_get_size (body), 29);
    g_clear_pointer (&body, g_bytes_unref);

    r = rs->pdata[4];
    ck_assert_int_eq (r->kind, 'T');
    ck_assert_str_eq (r->tag, "M7");
    ck_assert_str_eq (r->texts->pdata[0], "OK Fetch completed.");
}

/* However the bytes arrive (one at a time, or all at once), the same
 * responses come out, literals whole. */
START_TEST (test_reader_any_chunking)
{
    g_autoptr (GPtrArray) one = read_all (1);
    g_autoptr (GPtrArray) seven = read_all (7);
    g_autoptr (GPtrArray) all = read_all (sizeof transcript);

    check_transcript (one);
    check_transcript (seven);
    check_transcript (all);
}
END_TEST

START_TEST (test_reader_rejects_endless_line)
{
    g_autoptr (MlgImapReader) reader = _mlg_imap_reader_new ();
    g_autofree char *junk = g_strnfill (70000, 'x');
    g_autoptr (GError) error = NULL;

    _mlg_imap_reader_feed (reader, junk, strlen (junk));
    ck_assert_ptr_null (_mlg_imap_reader_next (reader, &error));
    ck_assert (g_error_matches (error, MLG_FETCH_ERROR,
                                MLG_FETCH_ERROR_PROTOCOL));
}
END_TEST

static MlgImapResponse *
one_response (const char *text)
{
    g_autoptr (MlgImapReader) reader = _mlg_imap_reader_new ();
    MlgImapResponse *r;

    _mlg_imap_reader_feed (reader, text, strlen (text));
    r = _mlg_imap_reader_next (reader, NULL);
    ck_assert_msg (r != NULL, "no response in '%s'", text);
    return r;
}

START_TEST (test_parse_search_exists_codes)
{
    g_autoptr (MlgImapResponse) search =
        one_response ("* SEARCH 4 5 17\r\n");
    g_autoptr (MlgImapResponse) none = one_response ("* SEARCH\r\n");
    g_autoptr (MlgImapResponse) empty = one_response ("* 0 EXISTS\r\n");
    g_autoptr (MlgImapResponse) validity =
        one_response ("* OK [UIDVALIDITY 1796529044] UIDs valid\r\n");
    g_autoptr (GArray) uids = g_array_new (FALSE, FALSE, sizeof (guint32));
    guint32 value = 7;

    ck_assert (_mlg_imap_parse_search (search, uids));
    ck_assert_uint_eq (uids->len, 3);
    ck_assert_uint_eq (g_array_index (uids, guint32, 2), 17);
    g_array_set_size (uids, 0);
    ck_assert (_mlg_imap_parse_search (none, uids));
    ck_assert_uint_eq (uids->len, 0);
    ck_assert (!_mlg_imap_parse_search (validity, uids));
    ck_assert (_mlg_imap_parse_exists (empty, &value));
    ck_assert_uint_eq (value, 0);
    ck_assert (_mlg_imap_parse_code (validity, "UIDVALIDITY", &value));
    ck_assert_uint_eq (value, 1796529044);
    ck_assert (!_mlg_imap_parse_code (validity, "UIDNEXT", &value));
}
END_TEST

/* Dovecot with a personal namespace, and the IETF's NIL one: the other
 * users' and shared prefixes are what the fetcher tries. */
START_TEST (test_parse_namespace)
{
    g_autoptr (MlgImapResponse) dovecot = one_response (
        "* NAMESPACE ((\"\" \"/\")) NIL ((\"Shared Folders/\" \"/\"))\r\n");
    g_autoptr (MlgImapResponse) ietf = one_response (
        "* NAMESPACE NIL ((\"Other/\" \".\" \"X-EXT\" (\"a\"))) "
        "((\"Shared Folders/\" \"/\"))\r\n");
    g_autoptr (GPtrArray) a = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GPtrArray) b = g_ptr_array_new_with_free_func (g_free);

    ck_assert (_mlg_imap_parse_namespace (dovecot, a));
    ck_assert_uint_eq (a->len, 1);
    ck_assert_str_eq (a->pdata[0], "Shared Folders/");
    ck_assert (_mlg_imap_parse_namespace (ietf, b));
    ck_assert_uint_eq (b->len, 2);
    ck_assert_str_eq (b->pdata[0], "Other/");
    ck_assert_str_eq (b->pdata[1], "Shared Folders/");
}
END_TEST

START_TEST (test_quote)
{
    g_autofree char *plain = _mlg_imap_quote ("Shared Folders/dispatch");
    g_autofree char *escaped = _mlg_imap_quote ("a\"b\\c");

    ck_assert_str_eq (plain, "\"Shared Folders/dispatch\"");
    ck_assert_str_eq (escaped, "\"a\\\"b\\\\c\"");
    ck_assert_ptr_null (_mlg_imap_quote ("a\r\nM2 DELETE INBOX"));
    ck_assert_ptr_null (_mlg_imap_quote ("caf\xc3\xa9"));
}
END_TEST

/* ---- politeness ---- */

/* Five commands go at once (a session that finds nothing new), then one
 * a second: the sixth at t=0 waits 1 s, the seventh asked at t=1 s waits
 * until t=2 s; after a pause of 10 s, the burst is there again. */
START_TEST (test_pace_burst_then_interval)
{
    MlgPace pace;
    const gint64 s = G_USEC_PER_SEC;

    _mlg_pace_init (&pace, 1.0, 5);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq (_mlg_pace_delay (&pace, 0), 0);
    ck_assert_int_eq (_mlg_pace_delay (&pace, 0), 1 * s);
    ck_assert_int_eq (_mlg_pace_delay (&pace, 1 * s), 1 * s);
    ck_assert_int_eq (_mlg_pace_delay (&pace, 2 * s + s / 2), s / 2);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq (_mlg_pace_delay (&pace, 20 * s), 0);
    ck_assert_int_eq (_mlg_pace_delay (&pace, 20 * s), 1 * s);

    /* Interval 0: never waits. */
    _mlg_pace_init (&pace, 0, 5);
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq (_mlg_pace_delay (&pace, 0), 0);
}
END_TEST

/* ---- names ---- */

/* Names for files and folders come from URLs and servers: never a
 * separator, never hidden, never `..`, never empty. */
START_TEST (test_safe_name)
{
    static const char *const cases[][2] = {
        {"dispatch", "dispatch"},
        {"2024-March.txt.gz", "2024-March.txt.gz"},
        {"../../etc", "_.._.._etc"},
        {".hidden", "_.hidden"},
        {"", "_"},
        {"a/b\\c d\x1b[31m", "a_b_c_d__31m"},
        {"caf\xc3\xa9", "caf__"},
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *name = _mlg_fetch_safe_name (cases[i][0]);
        ck_assert_str_eq (name, cases[i][1]);
    }
}
END_TEST

START_TEST (test_supported_urls)
{
    ck_assert (mlg_fetch_url_is_supported ("imaps://imap.ietf.org/dispatch"));
    ck_assert (mlg_fetch_url_is_supported ("IMAP://h/x"));
    ck_assert (mlg_fetch_url_is_supported ("https://h/2024-March.txt.gz"));
    ck_assert (!mlg_fetch_url_is_supported ("ftp://h/x"));
    ck_assert (!mlg_fetch_url_is_supported ("/local/file.mbox"));
    ck_assert (!mlg_fetch_url_is_supported ("rsync.ietf.org::x"));
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("fetch");
    TCase *tc;

    tc = tcase_create ("uids");
    tcase_add_test (tc, test_uid_set_add_merges);
    tcase_add_test (tc, test_uid_set_parse);
    suite_add_tcase (s, tc);

    tc = tcase_create ("imap");
    tcase_add_test (tc, test_reader_any_chunking);
    tcase_add_test (tc, test_reader_rejects_endless_line);
    tcase_add_test (tc, test_parse_search_exists_codes);
    tcase_add_test (tc, test_parse_namespace);
    tcase_add_test (tc, test_quote);
    tcase_add_test (tc, test_pace_burst_then_interval);
    suite_add_tcase (s, tc);

    tc = tcase_create ("names");
    tcase_add_test (tc, test_safe_name);
    tcase_add_test (tc, test_supported_urls);
    suite_add_tcase (s, tc);
    return s;
}

MLG_TEST_MAIN (make_suite)
