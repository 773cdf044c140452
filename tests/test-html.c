/* test-html.c - the HTML report: escaping, the URL filter, page names,
 * chart geometry, and the pages written for a small hostile world. */
#include "mlg-test.h"

#include <string.h>

#include "mlg-analysis-test-private.h"
#include "mlg-reports-private.h"

START_TEST (test_escape_markup)
{
    static const char *const cases[][2] = {
        { "<script>alert(1)</script>",
          "&lt;script&gt;alert(1)&lt;/script&gt;" },
        { "\"><img src=x onerror=alert(1)>",
          "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" },
        { "it's & \"that\"", "it&apos;s &amp; &quot;that&quot;" },
        { "plain text", "plain text" },
        { "", "" },
        { "Jos\xc3\xa9 Mart\xc3\xadnez", "Jos\xc3\xa9 Mart\xc3\xadnez" },
        /* Control characters become character references. */
        { "a\x01z", "a&#x1;z" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *out = mlg_html_escape (cases[i][0]);
        ck_assert_str_eq (out, cases[i][1]);
    }
}
END_TEST

START_TEST (test_escape_null_bidi_invalid)
{
    g_autofree char *null = mlg_html_escape (NULL);
    /* U+202E RIGHT-TO-LEFT OVERRIDE and U+2066 LEFT-TO-RIGHT ISOLATE are
     * replaced by U+FFFD; U+200F (a mark, harmless) stays. */
    g_autofree char *bidi =
        mlg_html_escape ("abc\xe2\x80\xae" "fdp.exe\xe2\x81\xa6x\xe2\x80\x8f");
    /* Invalid UTF-8 is repaired, never passed through. */
    g_autofree char *invalid = mlg_html_escape ("a\xff<b");

    ck_assert_str_eq (null, "");
    ck_assert_str_eq (bidi, "abc\xef\xbf\xbd" "fdp.exe\xef\xbf\xbdx\xe2\x80\x8f");
    ck_assert_str_eq (invalid, "a\xef\xbf\xbd&lt;b");
    ck_assert (g_utf8_validate (invalid, -1, NULL));
}
END_TEST

START_TEST (test_url_filter)
{
    static const char *const safe[] = {
        "https://mailarchive.ietf.org/arch/msg/dispatch/abc123/",
        "http://example.com/a?b=1&c=2#frag",
        "HTTPS://EXAMPLE.COM/",
    };
    static const char *const unsafe[] = {
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//example.com/x",
        "/relative/path",
        "https://",
        "https://example.com/\"><script>",
        "https://example.com/a b",
        "http://exa\xc3\xa9mple.com/",
        "ftp://example.com/",
        "",
    };

    for (guint i = 0; i < G_N_ELEMENTS (safe); i++)
        ck_assert_msg (mlg_html_url_is_safe (safe[i]), "%s", safe[i]);
    for (guint i = 0; i < G_N_ELEMENTS (unsafe); i++)
        ck_assert_msg (!mlg_html_url_is_safe (unsafe[i]), "%s", unsafe[i]);
    ck_assert (!mlg_html_url_is_safe (NULL));
}
END_TEST

/* A page name is p-SLUG-HASH10.html with SLUG of [a-z0-9-] only. */
static void
assert_file_name_shape (const char *name)
{
    g_autoptr (GRegex) re =
        g_regex_new ("^p-[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{10}\\.html$", 0, 0,
                     NULL);

    ck_assert_msg (g_regex_match (re, name, 0, NULL), "bad name %s", name);
    ck_assert_uint_le (strlen (name), 2 + 40 + 1 + 10 + 5);
}

START_TEST (test_file_names)
{
    g_autofree char *plain = mlg_html_file_name ("draft-smith-dispatch-foo");
    g_autofree char *again = mlg_html_file_name ("draft-smith-dispatch-foo");
    g_autofree char *other = mlg_html_file_name ("Draft-Smith-Dispatch-Foo");
    g_autofree char *hostile =
        mlg_html_file_name ("../../etc/passwd\"><script>alert(1)</script>");
    g_autofree char *accents =
        mlg_html_file_name ("Jos\xc3\xa9's caf\xc3\xa9 \xe2\x80\xae protocol");
    g_autofree char *empty = mlg_html_file_name ("\xe2\x80\xae<>!!");
    g_autofree char *nul = mlg_html_file_name (NULL);
    g_autofree char *hash = g_compute_checksum_for_string (
        G_CHECKSUM_SHA256, "draft-smith-dispatch-foo", -1);
    g_autofree char *want = g_strdup_printf ("p-draft-smith-dispatch-foo-%.10s"
                                             ".html",
                                             hash);
    g_autoptr (GString) long_name = g_string_new (NULL);
    g_autofree char *long_file = NULL;

    ck_assert_str_eq (plain, want);
    ck_assert_str_eq (plain, again);
    /* Same slug, different name: the hash keeps them apart. */
    ck_assert_str_ne (plain, other);
    ck_assert (g_str_has_prefix (other, "p-draft-smith-dispatch-foo-"));
    ck_assert (g_str_has_prefix (hostile, "p-etc-passwd-script-alert-1-script-"));
    ck_assert (g_str_has_prefix (accents, "p-jose-s-cafe-protocol-"));
    ck_assert (g_str_has_prefix (empty, "p-proposal-"));
    ck_assert (g_str_has_prefix (nul, "p-proposal-"));
    for (guint i = 0; i < 2000; i++)
        g_string_append (long_name, "word ");
    long_file = mlg_html_file_name (long_name->str);
    ck_assert (g_str_has_prefix (long_file, "p-word-word-word-word-word-word-"
                                            "word-word-"));
    assert_file_name_shape (plain);
    assert_file_name_shape (hostile);
    assert_file_name_shape (accents);
    assert_file_name_shape (empty);
    assert_file_name_shape (long_file);
}
END_TEST

/* A rerun removes the pages of an earlier one: exactly the names the
 * writer makes, never a user's own files. */
START_TEST (test_owned_names)
{
    static const char *const names[] = {
        "draft-smith-dispatch-foo", "Jos\xc3\xa9's caf\xc3\xa9", "",
        "../../etc/passwd\"><script>",
    };
    static const char *const owned[] = {
        "index.html", "people.html", "p-a-0123456789.html",
        "p-proposal-abcdef0123.html", "p-a-b-c-0123456789-2.html",
        "p-a-0123456789-17.html", "index-2.html", "index-21.html",
    };
    static const char *const foreign[] = {
        "notes.html", "p-notes.html", "p-a-0123456789.html.bak",
        "p-a-0123456789.htm", "p-A-0123456789.html", "p-a-0123456ABC.html",
        "p-a_b-0123456789.html", "p--0123456789.html", "p-a-012345678.html",
        "p-a-0123456789-.html", "p-a-0123456789-x.html", "index.htm",
        "proposals.csv", "report.json", ".p-a-0123456789.html",
        "index-.html", "index-02.html", "index-2.htm", "index-2x.html",
        "index-notes.html",
    };
    g_autoptr (GString) long_slug = g_string_new ("p-");

    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        g_autofree char *file = mlg_html_file_name (names[i]);
        ck_assert_msg (_mlg_html_owns (file), "%s", file);
    }
    for (guint i = 0; i < G_N_ELEMENTS (owned); i++)
        ck_assert_msg (_mlg_html_owns (owned[i]), "%s", owned[i]);
    for (guint i = 0; i < G_N_ELEMENTS (foreign); i++)
        ck_assert_msg (!_mlg_html_owns (foreign[i]), "%s", foreign[i]);
    for (guint i = 0; i < 41; i++)
        g_string_append_c (long_slug, 'a');
    g_string_append (long_slug, "-0123456789.html");
    ck_assert (!_mlg_html_owns (long_slug->str));
}
END_TEST

START_TEST (test_nice_max)
{
    static const guint cases[][2] = {
        { 0, 1 },  { 1, 1 },   { 2, 2 },   { 3, 5 },     { 5, 5 },
        { 6, 10 }, { 10, 10 }, { 11, 20 }, { 21, 50 },   { 51, 100 },
        { 999, 1000 }, { 1001, 2000 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        ck_assert_uint_eq (mlg_chart_nice_max (cases[i][0]), cases[i][1]);
    ck_assert_uint_ge (mlg_chart_nice_max (G_MAXUINT), G_MAXUINT / 2);
}
END_TEST

START_TEST (test_sparkline)
{
    static const guint values[] = { 0, 2, 4 };
    static const guint one[] = { 3 };
    g_autofree char *three = mlg_chart_sparkline_points (values, 3, 0, 100, 20);
    g_autofree char *scaled = mlg_chart_sparkline_points (values, 3, 8, 100, 20);
    g_autofree char *single = mlg_chart_sparkline_points (one, 1, 0, 60, 10);
    g_autofree char *none = mlg_chart_sparkline_points (NULL, 0, 0, 60, 10);
    static const guint zeros[] = { 0, 0 };
    g_autofree char *flat = mlg_chart_sparkline_points (zeros, 2, 0, 10, 10);

    /* x spreads 0..width; y runs from height - 1 (0) to 1 (the max). */
    ck_assert_str_eq (three, "0.0,19.0 50.0,10.0 100.0,1.0");
    /* A shared scale of 8: 4 is half way. */
    ck_assert_str_eq (scaled, "0.0,19.0 50.0,14.5 100.0,10.0");
    ck_assert_str_eq (single, "0.0,1.0 60.0,1.0");
    ck_assert_str_eq (none, "");
    ck_assert_str_eq (flat, "0.0,9.0 10.0,9.0");
}
END_TEST

/* 600 weeks in a 20-unit box: 10 points, each the busiest of its 60
 * weeks, so a single busy week still shows at its place. */
START_TEST (test_sparkline_many_weeks)
{
    g_autofree guint *values = g_new0 (guint, 600);
    g_autofree char *points = NULL;

    values[130] = 4; /* point 2 (weeks 120..179) */
    values[599] = 2; /* point 9, the last */
    points = mlg_chart_sparkline_points (values, 600, 0, 20, 10);
    ck_assert_str_eq (points, "0.0,9.0 2.2,9.0 4.4,1.0 6.7,9.0 8.9,9.0 "
                              "11.1,9.0 13.3,9.0 15.6,9.0 17.8,9.0 "
                              "20.0,5.0");
}
END_TEST

/* The sparklines' bin follows the report's span, so that a proposal of a
 * few weeks in a multi-year report is no lone spike among 300 weeks:
 * weeks up to a year, months up to four years, quarters up to twelve,
 * years beyond. */
START_TEST (test_sparkline_bin)
{
    ck_assert_int_eq (mlg_chart_choose_bin (tf_date ("2024-01-01"),
                                            tf_date ("2024-12-31")),
                      MLG_BIN_WEEK);
    ck_assert_int_eq (mlg_chart_choose_bin (tf_date ("2024-01-01"),
                                            tf_date ("2025-02-01")),
                      MLG_BIN_MONTH);
    ck_assert_int_eq (mlg_chart_choose_bin (tf_date ("2019-05-23"),
                                            tf_date ("2023-05-01")),
                      MLG_BIN_MONTH);
    ck_assert_int_eq (mlg_chart_choose_bin (tf_date ("2019-05-23"),
                                            tf_date ("2025-09-09")),
                      MLG_BIN_QUARTER);
    ck_assert_int_eq (mlg_chart_choose_bin (tf_date ("2000-01-01"),
                                            tf_date ("2025-09-09")),
                      MLG_BIN_YEAR);
}
END_TEST

START_TEST (test_stacked_bars)
{
    /* Two weeks, three series: {1, 2, 0} and {0, 0, 5}. */
    static const guint values[] = { 1, 2, 0, 0, 0, 5 };
    g_autoptr (GArray) rects =
        mlg_chart_stacked_bars (values, 2, 3, 0, 100, 50);
    g_autoptr (GArray) scaled =
        mlg_chart_stacked_bars (values, 2, 3, 10, 100, 50);
    g_autoptr (GArray) empty = mlg_chart_stacked_bars (NULL, 0, 3, 0, 100, 50);
    const MlgChartRect *r;

    ck_assert_uint_eq (rects->len, 6);
    /* Week 1, series 0: slot 50, bar 40 wide from x=5; 1 of 5 = 10 high. */
    r = &g_array_index (rects, MlgChartRect, 0);
    ck_assert_double_eq_tol (r->x, 5.0, 1e-9);
    ck_assert_double_eq_tol (r->width, 40.0, 1e-9);
    ck_assert_double_eq_tol (r->height, 10.0, 1e-9);
    ck_assert_double_eq_tol (r->y, 40.0, 1e-9);
    /* Series 1 stacks on top: 20 high, from 20 to 40. */
    r = &g_array_index (rects, MlgChartRect, 1);
    ck_assert_double_eq_tol (r->height, 20.0, 1e-9);
    ck_assert_double_eq_tol (r->y, 20.0, 1e-9);
    /* A zero value: no height, at the top of the stack. */
    r = &g_array_index (rects, MlgChartRect, 2);
    ck_assert_double_eq_tol (r->height, 0.0, 1e-9);
    ck_assert_double_eq_tol (r->y, 20.0, 1e-9);
    /* Week 2's total (5) is the largest: it fills the box. */
    r = &g_array_index (rects, MlgChartRect, 5);
    ck_assert_double_eq_tol (r->x, 55.0, 1e-9);
    ck_assert_double_eq_tol (r->y, 0.0, 1e-9);
    ck_assert_double_eq_tol (r->height, 50.0, 1e-9);
    /* With a scale of 10 the same week is half as high. */
    r = &g_array_index (scaled, MlgChartRect, 5);
    ck_assert_double_eq_tol (r->height, 25.0, 1e-9);
    ck_assert_double_eq_tol (r->y, 25.0, 1e-9);
    ck_assert_uint_eq (empty->len, 0);
}
END_TEST

static char *
read_page (const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename (dir, name, NULL);
    char *contents = NULL;

    ck_assert_msg (g_file_get_contents (path, &contents, NULL, NULL),
                   "cannot read %s", path);
    return contents;
}

static guint
count (const char *haystack, const char *needle)
{
    guint n = 0;

    for (const char *p = strstr (haystack, needle); p != NULL;
         p = strstr (p + 1, needle))
        n++;
    return n;
}

/* A hostile small world: a draft whose proponent, subject, permalink and
 * quote carry markup, and a reply. */
static MlgAnalysis *
make_hostile (void)
{
    MlgAnalysis *a = mlg_analysis_new (NULL);
    MlgMessageFacts *f[3];

    f[0] = tf_new ("a@x", "2024-03-01T08:00:00Z",
                   "\"><img src=x onerror=alert(1)>", "evil@a.com",
                   "draft-lee-foo <script>alert('subject')</script>", NULL);
    tf_draft (f[0], "draft-lee-foo", 3);
    f[0]->permalink = g_strdup ("javascript:alert('permalink')");
    f[1] = tf_new ("b@x", "2024-03-01T10:30:00Z", "Bob \xe2\x80\xae Ray",
                   "bob@b.com", "Re: draft-lee-foo", "a@x");
    f[1]->stance = MLG_STANCE_SUPPORT;
    f[1]->stance_quote = g_strdup ("+1 <b onmouseover=alert(2)>yes</b>");
    f[1]->permalink = g_strdup ("https://example.org/msg?a=1&b=2");
    f[2] = tf_new ("c@x", "2024-03-08T10:30:00Z", "Cy Dee", "cy@c.com",
                   "Re: draft-lee-foo", "b@x");
    for (guint i = 0; i < 3; i++)
        tf_add (a, f[i]);
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    tf_run (a);
    return a;
}

START_TEST (test_pages_hostile)
{
    g_autoptr (MlgAnalysis) a = make_hostile ();
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *out = g_build_filename (dir, "site", NULL);
    g_autoptr (GError) error = NULL;
    const MlgProposal *p = mlg_analysis_get_proposals (a)->pdata[0];
    g_autofree char *file = g_strconcat (p->id, ".html", NULL);
    g_autofree char *index = NULL;
    g_autofree char *page = NULL;
    g_autofree char *people = NULL;

    ck_assert_msg (mlg_report_html_write_dir (a, out, &error), "%s",
                   error ? error->message : "");
    index = read_page (out, "index.html");
    page = read_page (out, file);
    people = read_page (out, "people.html");
    ck_assert_str_eq (p->name, "draft-lee-foo");
    /* The Independent column counts everyone but the proponents, chairs
     * included (the score's rule); its tooltip says so. */
    ck_assert_uint_eq (count (index, "everyone but the proponents, chairs "
                                     "included"), 1);
    ck_assert_uint_eq (count (index, "neither proponents nor chairs"), 0);

    /* Only the report's own script, on every page; no markup from mail. */
    ck_assert_uint_eq (count (index, "<script"), 1);
    ck_assert_uint_eq (count (page, "<script"), 1);
    ck_assert_uint_eq (count (people, "<script"), 1);
    ck_assert_uint_eq (count (page, "<img"), 0);
    ck_assert_uint_eq (count (people, "<img"), 0);
    ck_assert_uint_eq (count (page, "<b "), 0);
    ck_assert_uint_eq (count (page, "javascript:"), 0);
    ck_assert_ptr_nonnull (strstr (page, "&quot;&gt;&lt;img src=x "
                                         "onerror=alert(1)&gt;"));
    ck_assert_ptr_nonnull (strstr (page, "&lt;script&gt;alert(&apos;subject"
                                         "&apos;)&lt;/script&gt;"));
    ck_assert_ptr_nonnull (strstr (page, "+1 &lt;b onmouseover=alert(2)&gt;"
                                         "yes&lt;/b&gt;"));
    /* The unsafe permalink is text, the safe one a link with & escaped. */
    ck_assert_ptr_nonnull (strstr (page, "href=\"https://example.org/msg?"
                                         "a=1&amp;b=2\""));
    /* The RTL override never reaches the page. */
    ck_assert_ptr_null (strstr (people, "\xe2\x80\xae"));
    ck_assert_ptr_nonnull (strstr (people, "Bob \xef\xbf\xbd Ray"));
    /* The page is linked from the index and people pages. */
    ck_assert_ptr_nonnull (strstr (index, file));
    ck_assert_ptr_nonnull (strstr (people, file));
    /* The CSP allows only the report's own style and script. */
    ck_assert_ptr_nonnull (strstr (index, "default-src &apos;none&apos;; "
                                          "style-src &apos;sha256-"));
    /* One page of ranking: no page links. */
    ck_assert_ptr_null (strstr (index, "href=\"index-2.html\""));
    ck_assert_ptr_null (strstr (index, "class=\"pages\""));
    /* Generated at the analysis' `now`, never the wall clock. */
    ck_assert_ptr_nonnull (strstr (index, "<time datetime=\"2024-04-01T00:00:"
                                          "00Z\">2024-04-01 00:00</time>"));
    mlg_test_rmtree (dir);
}
END_TEST

START_TEST (test_pages_deterministic)
{
    g_autoptr (MlgAnalysis) a = make_hostile ();
    g_autoptr (MlgAnalysis) b = make_hostile ();
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *one = g_build_filename (dir, "one", NULL);
    g_autofree char *two = g_build_filename (dir, "two", NULL);
    const MlgProposal *p = mlg_analysis_get_proposals (a)->pdata[0];
    g_autofree char *file = g_strconcat (p->id, ".html", NULL);
    const char *names[] = { "index.html", "people.html", file };

    ck_assert (mlg_report_html_write_dir (a, one, NULL));
    ck_assert (mlg_report_html_write_dir (b, two, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        g_autofree char *x = read_page (one, names[i]);
        g_autofree char *y = read_page (two, names[i]);
        ck_assert_str_eq (x, y);
    }
    mlg_test_rmtree (dir);
}
END_TEST

/* With --anonymize the pages show pseudonyms, never names or addresses
 * (the analysis rewrites its records; the writer must not bypass it). */
START_TEST (test_pages_anonymized)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *index = NULL;
    g_autofree char *people = NULL;
    g_autofree char *page = NULL;
    const MlgProposal *p;
    g_autofree char *file = NULL;
    MlgMessageFacts *f;

    f = tf_new ("a@x", "2024-03-01T08:00:00Z", "Ann Lee", "ann@a.com",
                "draft-lee-foo", NULL);
    tf_draft (f, "draft-lee-foo", 0);
    tf_add (a, f);
    f = tf_new ("b@x", "2024-03-02T08:00:00Z", "Bob Ray", "bob@b.com",
                "Re: draft-lee-foo", "a@x");
    f->stance = MLG_STANCE_SUPPORT;
    f->stance_quote = g_strdup ("Bob Ray supports this, says bob@b.com");
    tf_add (a, f);
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    mlg_analysis_set_anonymize (a, "test salt");
    tf_run (a);
    p = mlg_analysis_get_proposals (a)->pdata[0];
    file = g_strconcat (p->id, ".html", NULL);
    ck_assert (mlg_report_html_write_dir (a, dir, NULL));
    index = read_page (dir, "index.html");
    people = read_page (dir, "people.html");
    page = read_page (dir, file);
    ck_assert_ptr_nonnull (strstr (people, "anon-"));
    ck_assert_ptr_nonnull (strstr (page, "anon-"));
    for (guint i = 0; i < 3; i++) {
        const char *text = i == 0 ? index : i == 1 ? people : page;
        ck_assert_ptr_null (strstr (text, "Bob Ray"));
        ck_assert_ptr_null (strstr (text, "bob@b.com"));
        ck_assert_ptr_null (strstr (text, "Ann Lee"));
        ck_assert_ptr_null (strstr (text, "ann@a.com"));
    }
    mlg_test_rmtree (dir);
}
END_TEST

/* A report over three years draws monthly sparklines and says so. */
START_TEST (test_sparkline_months)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *index = NULL;

    tf_add (a, tf_new ("a@x", "2021-03-01T08:00:00Z", "Ann Lee", "ann@a.com",
                       "An old idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-03-02T08:00:00Z", "Bob Ray", "bob@b.com",
                       "A new idea", NULL));
    tf_add (a, tf_new ("c@x", "2024-03-20T08:00:00Z", "Cy Dee", "cy@c.com",
                       "Re: A new idea", "b@x"));
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    tf_run (a);
    ck_assert (mlg_report_html_write_dir (a, dir, NULL));
    index = read_page (dir, "index.html");
    ck_assert_ptr_nonnull (strstr (index, ">Messages per month<span "
                                          "class=\"sub\">2021-03 to 2024-03"
                                          "</span></th>"));
    /* 2021-03 .. 2024-03 is 37 months; both March 2024 messages in one. */
    ck_assert_ptr_nonnull (strstr (index, "aria-label=\"2 messages over 37 "
                                          "months; busiest: 2024-03 (2)\""));
    ck_assert_ptr_null (strstr (index, "Weekly activity"));
    mlg_test_rmtree (dir);
}
END_TEST

/* A big report's ranking is split into pages of 500 rows (index.html,
 * index-2.html, ...), each linking every other, in rank order, with the
 * administrative threads on the first page only. A small one stays one
 * page without page links. */
START_TEST (test_index_pages)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *one = NULL;
    g_autofree char *two = NULL;
    g_autofree char *three = NULL;
    g_autofree char *four = g_build_filename (dir, "index-4.html", NULL);
    const GPtrArray *proposals;

    for (guint i = 0; i < 1203; i++) {
        g_autofree char *id = g_strdup_printf ("m%u@x", i);
        g_autofree char *addr = g_strdup_printf ("p%u@x.com", i % 50);
        g_autofree char *subject = g_strdup_printf ("Idea number %u", i);
        g_autofree char *date = g_strdup_printf (
            "2024-%02u-%02uT08:00:00Z", 1 + i % 12, 1 + i % 28);

        tf_add (a, tf_new (id, date, "Someone", addr, subject, NULL));
    }
    mlg_analysis_set_now (a, tf_date ("2025-01-01"));
    tf_run (a);
    proposals = mlg_analysis_get_proposals (a);
    ck_assert_uint_eq (proposals->len, 1203);
    /* A fourth page left by an earlier, bigger run goes; a file of the
     * user's stays. */
    ck_assert (g_file_set_contents (four, "old", -1, NULL));
    {
        g_autofree char *notes = g_build_filename (dir, "index-notes.html",
                                                   NULL);
        ck_assert (g_file_set_contents (notes, "mine", -1, NULL));
        ck_assert (mlg_report_html_write_dir (a, dir, NULL));
        ck_assert (g_file_test (notes, G_FILE_TEST_EXISTS));
    }
    one = read_page (dir, "index.html");
    two = read_page (dir, "index-2.html");
    three = read_page (dir, "index-3.html");
    ck_assert (!g_file_test (four, G_FILE_TEST_EXISTS));

    ck_assert_uint_eq (count (one, "<tr data-rank="), 500);
    ck_assert_uint_eq (count (two, "<tr data-rank="), 500);
    ck_assert_uint_eq (count (three, "<tr data-rank="), 203);
    /* In rank order across pages. */
    ck_assert_ptr_nonnull (strstr (one, "<tr data-rank=\"1\">"));
    ck_assert_ptr_nonnull (strstr (two, "<tr data-rank=\"501\">"));
    ck_assert_ptr_nonnull (strstr (three, "<tr data-rank=\"1203\">"));
    ck_assert_ptr_null (strstr (two, "<tr data-rank=\"500\">"));
    /* Every page links the others, above and below the table, and marks
     * its own. */
    ck_assert_uint_eq (count (one, "<a href=\"index-2.html\">501"), 2);
    ck_assert_uint_eq (count (one, "<a href=\"index-3.html\">1001"), 2);
    ck_assert_uint_eq (count (two, "<a href=\"index.html\">1"), 2);
    ck_assert_uint_eq (count (two, "aria-current=\"page\">501"), 2);
    ck_assert_ptr_nonnull (strstr (two, "ranks 501\xe2\x80\x93" "1000 of "
                                        "1203"));
    /* Sorting is per page, and the page says so. */
    ck_assert_ptr_nonnull (strstr (two, "sorts the rows of this page"));
    ck_assert_ptr_nonnull (strstr (one, "id=\"admin\""));
    ck_assert_ptr_null (strstr (two, "id=\"admin\""));
    mlg_test_rmtree (dir);
}
END_TEST

/* people.html on a real list: someone who took part in many proposals
 * gets the first three on their row and the rest in a collapsed
 * <details>, and their other addresses collapsed too, so a row stays a
 * few lines tall; someone in four proposals keeps all four in view. */
START_TEST (test_people_collapsed)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *people = NULL;
    const char *bob;
    const char *cy;
    const char *end;

    for (guint i = 0; i < 7; i++) {
        g_autofree char *root = g_strdup_printf ("r%u@x", i);
        g_autofree char *reply = g_strdup_printf ("b%u@x", i);
        g_autofree char *date = g_strdup_printf ("2024-03-%02uT08:00:00Z",
                                                 i + 1);
        g_autofree char *subject = g_strdup_printf ("Topic number %u", i);
        g_autofree char *re = g_strdup_printf ("Re: Topic number %u", i);
        /* Bob writes from three addresses, merged by his name. */
        const char *addr = i % 3 == 0   ? "bob@b.com"
                           : i % 3 == 1 ? "bob@home.example"
                                        : "bray@work.example";

        tf_add (a, tf_new (root, date, "Ann Lee", "ann@a.com", subject,
                           NULL));
        tf_add (a, tf_new (reply, date, "Bob Ray", addr, re, root));
        if (i < 4) {
            g_autofree char *c = g_strdup_printf ("c%u@x", i);
            tf_add (a, tf_new (c, date, "Cy Dee", "cy@c.com", re, root));
        }
    }
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    tf_run (a);
    ck_assert (mlg_report_html_write_dir (a, dir, NULL));
    people = read_page (dir, "people.html");

    bob = strstr (people, "Bob Ray");
    ck_assert_ptr_nonnull (bob);
    end = strstr (bob, "</tr>");
    /* Three links in view, then four behind a summary. */
    ck_assert_ptr_nonnull (strstr (bob, "<details class=\"more\"><summary>"
                                        "+2 more addresses</summary>"));
    {
        g_autofree char *row = g_strndup (bob, end - bob);
        const char *more = strstr (row, "<details class=\"more\"><summary>"
                                        "+4 more proposals</summary>");
        g_autofree char *shown = NULL;

        ck_assert_ptr_nonnull (more);
        shown = g_strndup (row, more - row);
        ck_assert_uint_eq (count (shown, "href=\"p-"), 3);
        ck_assert_uint_eq (count (more, "href=\"p-"), 4);
        ck_assert_ptr_nonnull (strstr (row, "bray@work.example"));
    }
    /* Four proposals: all in view, nothing collapsed. */
    cy = strstr (people, "Cy Dee");
    ck_assert_ptr_nonnull (cy);
    {
        g_autofree char *row = g_strndup (cy, strstr (cy, "</tr>") - cy);
        ck_assert_uint_eq (count (row, "href=\"p-"), 4);
        ck_assert_ptr_null (strstr (row, "<details"));
    }
    mlg_test_rmtree (dir);
}
END_TEST

START_TEST (test_write_error)
{
    g_autoptr (MlgAnalysis) a = make_hostile ();
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *file = g_build_filename (dir, "file", NULL);
    g_autoptr (GError) error = NULL;

    ck_assert (g_file_set_contents (file, "x", 1, NULL));
    ck_assert (!mlg_report_html_write_dir (a, file, &error));
    ck_assert (g_error_matches (error, MLG_REPORT_ERROR, MLG_ERROR_IO));
    mlg_test_rmtree (dir);
}
END_TEST

/* `report --format` goes through one table: every format writes a
 * directory, HTML has no single-stream form, other names are refused. */
START_TEST (test_format_table)
{
    const MlgReportFormat *csv = mlg_report_format_find ("csv");
    const MlgReportFormat *json = mlg_report_format_find ("json");
    const MlgReportFormat *html = mlg_report_format_find ("html");

    ck_assert_ptr_nonnull (csv);
    ck_assert_str_eq (csv->name, "csv");
    ck_assert (csv->write_dir == mlg_report_csv_write_dir);
    ck_assert (csv->write_stream == mlg_report_csv_proposals);
    ck_assert_ptr_nonnull (json);
    ck_assert (json->write_dir == mlg_report_json_write_dir);
    ck_assert (json->write_stream == mlg_report_json_write);
    ck_assert_ptr_nonnull (html);
    ck_assert (html->write_dir == mlg_report_html_write_dir);
    ck_assert (html->write_stream == NULL);
    ck_assert_ptr_null (mlg_report_format_find ("CSV"));
    ck_assert_ptr_null (mlg_report_format_find ("pdf"));
    ck_assert_ptr_null (mlg_report_format_find (""));
    ck_assert_ptr_null (mlg_report_format_find (NULL));
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("html");
    TCase *tc;

    tc = tcase_create ("escape");
    tcase_add_test (tc, test_escape_markup);
    tcase_add_test (tc, test_escape_null_bidi_invalid);
    tcase_add_test (tc, test_url_filter);
    tcase_add_test (tc, test_file_names);
    tcase_add_test (tc, test_owned_names);
    suite_add_tcase (s, tc);

    tc = tcase_create ("chart");
    tcase_add_test (tc, test_nice_max);
    tcase_add_test (tc, test_sparkline);
    tcase_add_test (tc, test_sparkline_many_weeks);
    tcase_add_test (tc, test_stacked_bars);
    tcase_add_test (tc, test_sparkline_bin);
    tcase_add_test (tc, test_sparkline_months);
    suite_add_tcase (s, tc);

    tc = tcase_create ("pages");
    tcase_add_test (tc, test_pages_hostile);
    tcase_add_test (tc, test_pages_deterministic);
    tcase_add_test (tc, test_pages_anonymized);
    tcase_add_test (tc, test_people_collapsed);
    tcase_add_test (tc, test_index_pages);
    tcase_add_test (tc, test_write_error);
    tcase_add_test (tc, test_format_table);
    suite_add_tcase (s, tc);
    return s;
}

MLG_TEST_MAIN (make_suite)
