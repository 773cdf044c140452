/* test-text.c - new text versus quoted text, HTML to text, mboxrd. */
#include "mlg-test.h"
#include "mlg-text-private.h"

#include <string.h>

/* Splits `body` and returns both halves through the out parameters. */
static void
split (const char *body, char **new_text, char **quoted_text)
{
    GString *n = g_string_new (NULL);
    GString *q = g_string_new (NULL);

    _mlg_text_split (body, n, q);
    *new_text = g_string_free (n, FALSE);
    *quoted_text = g_string_free (q, FALSE);
}

/* ------------------------------------------------------------------ */
/* Quotes                                                               */
/* ------------------------------------------------------------------ */

START_TEST (test_plain_body_is_new)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("Hello\nworld\n", &n, &q);
    ck_assert_str_eq (n, "Hello\nworld\n");
    ck_assert_str_eq (q, "");
}
END_TEST

START_TEST (test_gt_quotes_any_depth)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("New line\n> one\n>> two\n> > three\n   > indented\nafter\n", &n,
           &q);
    ck_assert_str_eq (n, "New line\n\nafter\n");
    ck_assert_str_eq (q, "one\ntwo\nthree\nindented\n");
}
END_TEST

START_TEST (test_interleaved_reply_keeps_new_text)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("Jane wrote:\n> Point one?\nYes, agreed.\n\n> Point two?\n"
           "No, see RFC 9110.\n",
           &n, &q);
    ck_assert_str_eq (n, "Yes, agreed.\n\nNo, see RFC 9110.\n");
    ck_assert_str_eq (q, "Jane wrote:\nPoint one?\nPoint two?\n");
}
END_TEST

START_TEST (test_bottom_posted_reply)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("On Mon, Jan 2, 2023 at 9:00 AM Jane <jane@x.org> wrote:\n"
           "> Proposal text.\n\n+1, I support this.\n",
           &n, &q);
    ck_assert_str_eq (n, "+1, I support this.\n");
    ck_assert (strstr (q, "wrote:") != NULL);
    ck_assert (strstr (q, "Proposal text.") != NULL);
}
END_TEST

START_TEST (test_attribution_wrapped_over_two_lines)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("Fine by me.\n\nOn Tue, 3 Jan 2023 at 10:00, Jane Doe <\n"
           "jane@x.org> wrote:\n\n> Quoted.\n",
           &n, &q);
    ck_assert_str_eq (n, "Fine by me.\n");
    ck_assert_str_eq (q, "On Tue, 3 Jan 2023 at 10:00, Jane Doe <\n"
                         "jane@x.org> wrote:\nQuoted.\n");
}
END_TEST

/* An attribution wrapped over three lines, ending in a full-width colon
 * and trailing white space, with a colon-free line before it. */
START_TEST (test_attribution_wrapped_over_three_lines)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("Agreed\nOn 2023-01-03 10:00 Jane\nDoe <jane@x.org>\n"
           "写道：  \n> Quoted.\n",
           &n, &q);
    ck_assert_str_eq (n, "Agreed\n");
    ck_assert_str_eq (q, "On 2023-01-03 10:00 Jane\nDoe <jane@x.org>\n"
                         "写道：  \nQuoted.\n");
}
END_TEST

/* A colon four lines down is too far: only its own line is taken. */
START_TEST (test_attribution_colon_too_far)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("On Tue Jane\nDoe\nand\nothers wrote:\n> Quoted.\n", &n, &q);
    ck_assert_str_eq (n, "On Tue Jane\nDoe\nand\n");
    ck_assert_str_eq (q, "others wrote:\nQuoted.\n");
}
END_TEST

START_TEST (test_own_line_above_attribution_stays_new)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("Thanks\nJane Doe <jane@x.org> wrote:\n> Quoted.\n", &n, &q);
    ck_assert_str_eq (n, "Thanks\n");
    ck_assert_str_eq (q, "Jane Doe <jane@x.org> wrote:\nQuoted.\n");
}
END_TEST

START_TEST (test_attribution_other_languages)
{
    static const char *const attributions[] = {
        "Le mar. 3 janv. 2023 à 10:00, Jean <j@x.fr> a écrit :",
        "Am 03.01.2023 um 10:00 schrieb Hans Muster:",
        "El mar, 3 ene 2023 a las 10:00, Ana (<a@x.es>) escribió:",
        "Op di 3 jan. 2023 om 10:00 schreef Piet <p@x.nl>:",
        "Den tis 3 jan. 2023 kl 10:00 skrev Sven <s@x.se>:",
    };

    for (guint i = 0; i < G_N_ELEMENTS (attributions); i++) {
        g_autofree char *body
            = g_strdup_printf ("Merci.\n%s\n> Texte.\n", attributions[i]);
        g_autofree char *n = NULL, *q = NULL;

        split (body, &n, &q);
        ck_assert_msg (g_str_equal (n, "Merci.\n"), "%s: new text '%s'",
                       attributions[i], n);
        ck_assert (g_str_has_prefix (q, attributions[i]));
    }
}
END_TEST

START_TEST (test_wrote_without_quotes_stays_new)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("As Jane wrote:\nthe idea is sound.\n", &n, &q);
    ck_assert_str_eq (n, "As Jane wrote:\nthe idea is sound.\n");
    ck_assert_str_eq (q, "");
}
END_TEST

START_TEST (test_outlook_original_message)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("Agreed.\n\n-----Original Message-----\nFrom: Jane\n"
           "Sent: Monday\nPlease review draft-doe-foo-bar.\nMore.\n",
           &n, &q);
    ck_assert_str_eq (n, "Agreed.\n");
    ck_assert_str_eq (q, "-----Original Message-----\nFrom: Jane\n"
                         "Sent: Monday\nPlease review draft-doe-foo-bar.\n"
                         "More.\n");
}
END_TEST

START_TEST (test_outlook_header_block)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("Sounds good.\n________________________________\n"
           "From: Jane Doe <jane@x.org>\nSent: Tuesday, 3 January 2023\n"
           "To: dispatch@ietf.org\nSubject: proposal\n\nOriginal body\n",
           &n, &q);
    ck_assert_str_eq (n, "Sounds good.\n");
    ck_assert (g_str_has_suffix (q, "Subject: proposal\n\nOriginal body\n"));
}
END_TEST

START_TEST (test_outlook_crlf_fixture)
{
    g_autofree char *body = mlg_test_data_contents ("text-outlook-crlf.txt");
    g_autofree char *n = NULL, *q = NULL;

    split (body, &n, &q);
    ck_assert_str_eq (n, "Agreed, ship it.\n\nBob\n");
    ck_assert (strchr (q, '\r') == NULL);
    ck_assert (strstr (q, "Please read draft-doe-foo.\n") != NULL);
}
END_TEST

START_TEST (test_forwarded_message)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("FYI\n\n---------- Forwarded message ---------\nFrom: X\n"
           "Body of the forward\n",
           &n, &q);
    ck_assert_str_eq (n, "FYI\n");
    ck_assert (strstr (q, "Body of the forward") != NULL);
}
END_TEST

START_TEST (test_crlf_and_lone_cr)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("one\r\ntwo\r\n> three\r\nfour\rfive\r\n", &n, &q);
    ck_assert_str_eq (n, "one\ntwo\n\nfour\nfive\n");
    ck_assert_str_eq (q, "three\n");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Signatures and footers                                               */
/* ------------------------------------------------------------------ */

START_TEST (test_signature_dropped)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("Body.\n-- \nJane Doe\nhttps://github.com/jane/x\n", &n, &q);
    ck_assert_str_eq (n, "Body.\n");
    ck_assert_str_eq (q, "");
}
END_TEST

START_TEST (test_bare_dashes_short_tail_is_signature)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("Body.\n--\nJane\n", &n, &q);
    ck_assert_str_eq (n, "Body.\n");
}
END_TEST

START_TEST (test_bare_dashes_long_tail_is_text)
{
    g_autoptr (GString) body = g_string_new ("Intro\n--\n");
    g_autofree char *n = NULL, *q = NULL;

    for (int i = 0; i < 12; i++)
        g_string_append_printf (body, "line %d\n", i);
    split (body->str, &n, &q);
    ck_assert_str_eq (n, body->str);
}
END_TEST

START_TEST (test_signature_then_quotes)
{
    g_autofree char *body
        = mlg_test_data_contents ("text-top-posted-footer.txt");
    g_autofree char *n = NULL, *q = NULL;

    split (body, &n, &q);
    ck_assert_str_eq (n, "Thanks Jane, I support adoption of this draft.\n");
    ck_assert (strstr (q, "On Tue, 3 Jan 2023 at 10:00, Jane Doe <\n") != NULL);
    ck_assert (strstr (q, "Please consider draft-doe-foo-bar-02.") != NULL);
    /* The signature and both footers (quoted and not) are gone. */
    ck_assert (strstr (q, "Bob Example") == NULL);
    ck_assert (strstr (n, "Bob Example") == NULL);
    ck_assert (strstr (q, "listinfo") == NULL);
    ck_assert (strstr (q, "mailing list") == NULL);
}
END_TEST

START_TEST (test_mailman3_footer_dropped)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("Hi.\n_______________________________________________\n"
           "Dispatch mailing list -- dispatch@ietf.org\n"
           "To unsubscribe send an email to dispatch-leave@ietf.org\n",
           &n, &q);
    ck_assert_str_eq (n, "Hi.\n");
    ck_assert_str_eq (q, "");
}
END_TEST

START_TEST (test_underscore_rule_without_footer_kept)
{
    g_autofree char *n = NULL, *q = NULL;

    split ("Table\n______________\nrow\n", &n, &q);
    ck_assert_str_eq (n, "Table\n______________\nrow\n");
}
END_TEST

/* ------------------------------------------------------------------ */
/* HTML                                                                 */
/* ------------------------------------------------------------------ */

START_TEST (test_html_drops_script_style_head)
{
    g_autofree char *text = _mlg_text_from_html (
        "<html><head><title>T</title><style>p{}</style></head><body>"
        "<script>evil()</script><p>Hello &amp; welcome</p><p>Second</p>"
        "</body></html>",
        -1);

    ck_assert_str_eq (text, "Hello & welcome\nSecond\n");
}
END_TEST

START_TEST (test_html_blockquote_prefixed)
{
    g_autofree char *text = _mlg_text_from_html (
        "<div>Mine</div><blockquote>Theirs<blockquote>Older</blockquote>"
        "</blockquote><div>After</div>",
        -1);

    ck_assert_str_eq (text, "Mine\n> Theirs\n> > Older\nAfter\n");
}
END_TEST

START_TEST (test_html_gmail_fixture_then_split)
{
    g_autofree char *html = mlg_test_data_contents ("text-gmail-reply.html");
    g_autofree char *text = _mlg_text_from_html (html, -1);
    g_autofree char *n = NULL, *q = NULL;

    ck_assert (strstr (text, "alert") == NULL);
    ck_assert (strstr (text, "ignored title") == NULL);
    split (text, &n, &q);
    /* &nbsp; is U+00A0; the link keeps its target. */
    ck_assert_str_eq (n, "I support this\xc2\xa0work.\n"
                         "See the code <https://github.com/example/foo>.\n");
    ck_assert (strstr (q, "Please review.") != NULL);
    ck_assert (strstr (q, "Older text") != NULL);
    ck_assert (strstr (q, "wrote:") != NULL);
}
END_TEST

START_TEST (test_html_br_and_whitespace)
{
    g_autofree char *text
        = _mlg_text_from_html ("a\n   b<br>c<br/><br>d<pre>x  y\nz</pre>", -1);

    ck_assert_str_eq (text, "a b\nc\n\nd\nx  y\nz\n");
}
END_TEST

START_TEST (test_html_garbage_never_crashes)
{
    static const char *const inputs[] = {
        "",
        "<",
        "<<<>>>",
        "</p></div></blockquote>",
        "<a href=",
        "<blockquote><blockquote><blockquote>x",
        "\xff\xfe<p>bad utf8</p>",
        "<script>never closed",
        "&#0;&#xD800;&bogus;",
    };
    g_autoptr (GString) deep = g_string_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++) {
        g_autofree char *text = _mlg_text_from_html (inputs[i], -1);
        ck_assert_ptr_nonnull (text);
    }
    for (int i = 0; i < 5000; i++)
        g_string_append (deep, "<div><blockquote>");
    g_string_append (deep, "deep");
    {
        g_autofree char *text = _mlg_text_from_html (deep->str, deep->len);
        ck_assert_ptr_nonnull (text);
    }
    {
        g_autofree char *text = _mlg_text_from_html ("<p>abc</p>", 0);
        ck_assert_str_eq (text, "");
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* mboxrd                                                               */
/* ------------------------------------------------------------------ */

START_TEST (test_mboxrd_unescape)
{
    char text[] = ">From here\n>>From there\n> From untouched\nFrom x\n"
                  "a >From mid\n>From";

    _mlg_text_unescape_mboxrd (text);
    ck_assert_str_eq (text, "From here\n>From there\n> From untouched\n"
                            "From x\na >From mid\n>From");
}
END_TEST

START_TEST (test_mboxrd_unescape_first_and_last_line)
{
    char text[] = ">>>From a";
    char crlf[] = "x\r\n>From y\r\n";

    _mlg_text_unescape_mboxrd (text);
    ck_assert_str_eq (text, ">>From a");
    _mlg_text_unescape_mboxrd (crlf);
    ck_assert_str_eq (crlf, "x\r\nFrom y\r\n");
}
END_TEST

/* Text without ">From " is left exactly as it is. */
START_TEST (test_mboxrd_unescape_nothing_escaped)
{
    char text[] = ">From\n> From x\nFrom y\n>>Fromage\n";

    _mlg_text_unescape_mboxrd (text);
    ck_assert_str_eq (text, ">From\n> From x\nFrom y\n>>Fromage\n");
}
END_TEST

/* Real mail, when the shared corpora are present: the split must never
 * lose a line, so new + quoted is at most the body. Skips otherwise. */
START_TEST (test_corpus_split_smoke)
{
    g_autofree char *root = mlg_test_corpora_dir ();
    g_autofree char *path = g_build_filename (root, "xdp-newbies", NULL);
    g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
    const char *name;

    if (dir == NULL)
        return;
    while ((name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *file = g_build_filename (path, name, NULL);
        g_autofree char *contents = NULL;
        gsize len;
        g_autofree char *n = NULL, *q = NULL;

        if (!g_file_get_contents (file, &contents, &len, NULL)
            || !g_utf8_validate (contents, len, NULL))
            continue;
        split (contents, &n, &q);
        ck_assert_uint_le (strlen (n) + strlen (q), len);
        ck_assert_uint_gt (strlen (q), 0);
        break;
    }
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("text");
    TCase *tc;

    tc = tcase_create ("quotes");
    tcase_add_test (tc, test_plain_body_is_new);
    tcase_add_test (tc, test_gt_quotes_any_depth);
    tcase_add_test (tc, test_interleaved_reply_keeps_new_text);
    tcase_add_test (tc, test_bottom_posted_reply);
    tcase_add_test (tc, test_attribution_wrapped_over_two_lines);
    tcase_add_test (tc, test_attribution_wrapped_over_three_lines);
    tcase_add_test (tc, test_attribution_colon_too_far);
    tcase_add_test (tc, test_own_line_above_attribution_stays_new);
    tcase_add_test (tc, test_attribution_other_languages);
    tcase_add_test (tc, test_wrote_without_quotes_stays_new);
    tcase_add_test (tc, test_outlook_original_message);
    tcase_add_test (tc, test_outlook_header_block);
    tcase_add_test (tc, test_outlook_crlf_fixture);
    tcase_add_test (tc, test_forwarded_message);
    tcase_add_test (tc, test_crlf_and_lone_cr);
    if (mlg_test_have_corpora ())
        tcase_add_test (tc, test_corpus_split_smoke);
    suite_add_tcase (s, tc);

    tc = tcase_create ("signatures");
    tcase_add_test (tc, test_signature_dropped);
    tcase_add_test (tc, test_bare_dashes_short_tail_is_signature);
    tcase_add_test (tc, test_bare_dashes_long_tail_is_text);
    tcase_add_test (tc, test_signature_then_quotes);
    tcase_add_test (tc, test_mailman3_footer_dropped);
    tcase_add_test (tc, test_underscore_rule_without_footer_kept);
    suite_add_tcase (s, tc);

    tc = tcase_create ("html");
    tcase_add_test (tc, test_html_drops_script_style_head);
    tcase_add_test (tc, test_html_blockquote_prefixed);
    tcase_add_test (tc, test_html_gmail_fixture_then_split);
    tcase_add_test (tc, test_html_br_and_whitespace);
    tcase_add_test (tc, test_html_garbage_never_crashes);
    suite_add_tcase (s, tc);

    tc = tcase_create ("mboxrd");
    tcase_add_test (tc, test_mboxrd_unescape);
    tcase_add_test (tc, test_mboxrd_unescape_first_and_last_line);
    tcase_add_test (tc, test_mboxrd_unescape_nothing_escaped);
    suite_add_tcase (s, tc);

    return s;
}

MLG_TEST_MAIN (make_suite)
