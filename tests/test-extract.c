/* test-extract.c - pointers, checklist signals, sentences and subjects. */
#include "mlg-test.h"
#include "mlg-extract-private.h"

#include <string.h>

static GPtrArray *
pointers_of (const char *text)
{
    GPtrArray *pointers
        = g_ptr_array_new_with_free_func ((GDestroyNotify)mlg_pointer_free);

    _mlg_extract_pointers (text, pointers);
    return pointers;
}

static void
assert_pointer (GPtrArray *pointers, guint i, MlgPointerKind kind,
                const char *value, int revision)
{
    const MlgPointer *p;

    ck_assert_msg (i < pointers->len, "pointer %u missing (have %u)", i,
                   pointers->len);
    p = g_ptr_array_index (pointers, i);
    ck_assert_msg (p->kind == kind, "pointer %u: kind %d, want %d (%s)", i,
                   p->kind, kind, p->value);
    ck_assert_str_eq (p->value, value);
    ck_assert_int_eq (p->revision, revision);
}

/* ------------------------------------------------------------------ */
/* Drafts                                                               */
/* ------------------------------------------------------------------ */

START_TEST (test_draft_plain_and_revision)
{
    g_autoptr (GPtrArray) p
        = pointers_of ("See draft-ietf-httpbis-semantics and "
                       "draft-doe-dispatch-foo-03.");

    ck_assert_uint_eq (p->len, 2);
    assert_pointer (p, 0, MLG_POINTER_DRAFT, "draft-ietf-httpbis-semantics",
                    -1);
    assert_pointer (p, 1, MLG_POINTER_DRAFT, "draft-doe-dispatch-foo", 3);
}
END_TEST

/* Bare hosts are found wherever they start a URL, also inside another
 * URL's query; one host inside a URL of the same host is not found again
 * on its own, and RFC numbers are found in any case. */
START_TEST (test_bare_hosts_and_rfc_case)
{
    g_autoptr (GPtrArray) p
        = pointers_of ("See www.example.org/?u=github.com/a/b and "
                       "github.com/c/d?x=github.com/e/f, Rfc 9110, rFC7230.");

    ck_assert_uint_eq (p->len, 4);
    assert_pointer (p, 0, MLG_POINTER_IMPL, "https://github.com/a/b", -1);
    assert_pointer (p, 1, MLG_POINTER_IMPL, "https://github.com/c/d", -1);
    assert_pointer (p, 2, MLG_POINTER_RFC, "rfc9110", -1);
    assert_pointer (p, 3, MLG_POINTER_RFC, "rfc7230", -1);
}
END_TEST

/* ftp:// URLs and bare hosts that are not pointers give nothing (and the
 * scan over them terminates). */
START_TEST (test_ftp_url_terminates)
{
    g_autoptr (GPtrArray) pointers =
        g_ptr_array_new_with_free_func ((GDestroyNotify) mlg_pointer_free);

    _mlg_extract_pointers ("Drafts: ftp://ftp.ietf.org/internet-drafts/\n"
                           "see www.example.org and lists.example.org\n",
                           pointers);
    ck_assert_uint_eq (pointers->len, 0);
}
END_TEST

START_TEST (test_draft_extensions)
{
    g_autoptr (GPtrArray) p
        = pointers_of ("draft-a-b-01.txt draft-c-d.html draft-e-f-10.xml "
                       "draft-g-h-00.pdf");

    ck_assert_uint_eq (p->len, 4);
    assert_pointer (p, 0, MLG_POINTER_DRAFT, "draft-a-b", 1);
    assert_pointer (p, 1, MLG_POINTER_DRAFT, "draft-c-d", -1);
    assert_pointer (p, 2, MLG_POINTER_DRAFT, "draft-e-f", 10);
    assert_pointer (p, 3, MLG_POINTER_DRAFT, "draft-g-h", 0);
}
END_TEST

START_TEST (test_draft_urls)
{
    g_autoptr (GPtrArray) p
        = pointers_of ("https://datatracker.ietf.org/doc/draft-x-one/\n"
                       "https://datatracker.ietf.org/doc/html/draft-x-two-02\n"
                       "https://www.ietf.org/archive/id/draft-x-three-01.txt\n"
                       "https://tools.ietf.org/html/draft-x-four-05,\n"
                       "(https://github.com/someone/draft-x-five)");

    ck_assert_uint_eq (p->len, 5);
    assert_pointer (p, 0, MLG_POINTER_DRAFT, "draft-x-one", -1);
    assert_pointer (p, 1, MLG_POINTER_DRAFT, "draft-x-two", 2);
    assert_pointer (p, 2, MLG_POINTER_DRAFT, "draft-x-three", 1);
    assert_pointer (p, 3, MLG_POINTER_DRAFT, "draft-x-four", 5);
    /* A repository named after a draft is the draft, not an
     * implementation. */
    assert_pointer (p, 4, MLG_POINTER_DRAFT, "draft-x-five", -1);
}
END_TEST

/* The `Authors:` of I-D announcements, new and old layouts. */
START_TEST (test_draft_authors)
{
    g_autoptr (GPtrArray) p = g_ptr_array_new_with_free_func (
        (GDestroyNotify) mlg_pointer_free);
    g_autoptr (GPtrArray) q = g_ptr_array_new_with_free_func (
        (GDestroyNotify) mlg_pointer_free);
    g_autoptr (GPtrArray) r = g_ptr_array_new_with_free_func (
        (GDestroyNotify) mlg_pointer_free);

    _mlg_extract_authors (
        "Internet-Draft draft-smith-wxp-01.txt is now available.\n\n"
        "   Title:   The Widget Exchange Protocol (WXP)\n"
        "   Authors: J. Smith\n"
        "            P. Chen\n"
        "            J. Martinez\n"
        "   Name:    draft-smith-wxp-01.txt\n"
        "   Pages:   31\n",
        p);
    ck_assert_uint_eq (p->len, 3);
    assert_pointer (p, 0, MLG_POINTER_AUTHOR, "J. Smith", -1);
    assert_pointer (p, 1, MLG_POINTER_AUTHOR, "P. Chen", -1);
    assert_pointer (p, 2, MLG_POINTER_AUTHOR, "J. Martinez", -1);

    _mlg_extract_authors (
        "\tTitle           : Foo\n"
        "\tAuthor(s)       : Jane Smith, Peter Chen and Ann Lee\n"
        "\tFilename        : draft-smith-foo-00.txt\n",
        q);
    ck_assert_uint_eq (q->len, 3);
    assert_pointer (q, 0, MLG_POINTER_AUTHOR, "Jane Smith", -1);
    assert_pointer (q, 2, MLG_POINTER_AUTHOR, "Ann Lee", -1);

    /* "Last, First" is one name; a text without the field has none. */
    _mlg_extract_authors ("Author: Smith, J.\n\nAbstract: it\n", r);
    ck_assert_uint_eq (r->len, 1);
    assert_pointer (r, 0, MLG_POINTER_AUTHOR, "Smith, J.", -1);
    g_ptr_array_set_size (r, 0);
    _mlg_extract_authors ("The authors: we think so.\n", r);
    ck_assert_uint_eq (r->len, 0);
}
END_TEST

START_TEST (test_draft_false_positives)
{
    g_autoptr (GPtrArray) p = pointers_of (
        "a draft- alone, draft-ietf- with nothing, pre-draft-review-text, "
        "a Draft-Standard, the draft-quality text, draft-foo-01, "
        "slides-115-dispatch-draft-x-y.pdf");

    /* Only the slides URL-less name is not a URL either: nothing. */
    ck_assert_uint_eq (p->len, 0);
}
END_TEST

START_TEST (test_draft_trailing_punctuation_and_hyphen)
{
    g_autoptr (GPtrArray) p
        = pointers_of ("(draft-a-b-c), \"draft-d-e\"; draft-f-g-\nnext "
                       "draft-h-i-07.");

    ck_assert_uint_eq (p->len, 4);
    assert_pointer (p, 0, MLG_POINTER_DRAFT, "draft-a-b-c", -1);
    assert_pointer (p, 1, MLG_POINTER_DRAFT, "draft-d-e", -1);
    assert_pointer (p, 2, MLG_POINTER_DRAFT, "draft-f-g", -1);
    assert_pointer (p, 3, MLG_POINTER_DRAFT, "draft-h-i", 7);
}
END_TEST

START_TEST (test_draft_dedup_by_revision)
{
    g_autoptr (GPtrArray) p
        = pointers_of ("draft-a-b-01 draft-a-b-01 draft-a-b-02 draft-a-b");

    ck_assert_uint_eq (p->len, 3);
    assert_pointer (p, 0, MLG_POINTER_DRAFT, "draft-a-b", 1);
    assert_pointer (p, 1, MLG_POINTER_DRAFT, "draft-a-b", 2);
    assert_pointer (p, 2, MLG_POINTER_DRAFT, "draft-a-b", -1);
}
END_TEST

START_TEST (test_pointers_append_without_duplicates)
{
    g_autoptr (GPtrArray) p = pointers_of ("draft-a-b and RFC 1");

    _mlg_extract_pointers ("RFC 1, draft-a-b, draft-c-d", p);
    ck_assert_uint_eq (p->len, 3);
    assert_pointer (p, 2, MLG_POINTER_DRAFT, "draft-c-d", -1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* RFCs                                                                 */
/* ------------------------------------------------------------------ */

START_TEST (test_rfc_forms)
{
    g_autoptr (GPtrArray) p = pointers_of (
        "RFC 9110, RFC9111, rfc-9112, RFC 0793, "
        "https://www.rfc-editor.org/rfc/rfc9113.html and "
        "https://datatracker.ietf.org/doc/rfc9114/ and RFC\xc2\xa0"
        "9115");

    ck_assert_uint_eq (p->len, 7);
    assert_pointer (p, 0, MLG_POINTER_RFC, "rfc9110", -1);
    assert_pointer (p, 1, MLG_POINTER_RFC, "rfc9111", -1);
    assert_pointer (p, 2, MLG_POINTER_RFC, "rfc9112", -1);
    assert_pointer (p, 3, MLG_POINTER_RFC, "rfc793", -1);
    assert_pointer (p, 4, MLG_POINTER_RFC, "rfc9113", -1);
    assert_pointer (p, 5, MLG_POINTER_RFC, "rfc9114", -1);
    assert_pointer (p, 6, MLG_POINTER_RFC, "rfc9115", -1);
}
END_TEST

START_TEST (test_rfc_false_positives)
{
    g_autoptr (GPtrArray) p
        = pointers_of ("RFCs are good; rfc-editor.org; draft-foo-rfc4567bis; "
                       "RFC 9110bis; xrfc123");

    ck_assert_uint_eq (p->len, 1);
    assert_pointer (p, 0, MLG_POINTER_DRAFT, "draft-foo-rfc4567bis", -1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* URLs                                                                 */
/* ------------------------------------------------------------------ */

START_TEST (test_impl_url_normalised)
{
    g_autoptr (GPtrArray) p = pointers_of (
        "https://github.com/Example/Foo.git, "
        "https://www.github.com/example/foo/tree/main/src and "
        "gitlab.com/grp/bar/-/issues/3 https://codeberg.org/x/y/ "
        "https://git.sr.ht/~jane/baz https://bitbucket.org/o/r/src.");

    ck_assert_uint_eq (p->len, 5);
    assert_pointer (p, 0, MLG_POINTER_IMPL, "https://github.com/example/foo",
                    -1);
    assert_pointer (p, 1, MLG_POINTER_IMPL, "https://gitlab.com/grp/bar", -1);
    assert_pointer (p, 2, MLG_POINTER_IMPL, "https://codeberg.org/x/y", -1);
    assert_pointer (p, 3, MLG_POINTER_IMPL, "https://git.sr.ht/~jane/baz", -1);
    assert_pointer (p, 4, MLG_POINTER_IMPL, "https://bitbucket.org/o/r", -1);
}
END_TEST

START_TEST (test_impl_non_repository_urls)
{
    g_autoptr (GPtrArray) p
        = pointers_of ("https://github.com/example https://github.com/orgs/x/y "
                       "https://example.com/a/b https://github.com/");

    ck_assert_uint_eq (p->len, 0);
}
END_TEST

START_TEST (test_archive_urls)
{
    g_autoptr (GPtrArray) p = pointers_of (
        "See https://mailarchive.ietf.org/arch/msg/dispatch/AbC123/. Also "
        "<https://lists.example.org/pipermail/foo/2020-May/000123.html>, "
        "https://lore.kernel.org/xdp-newbies/123@x/ and "
        "https://lists.example.org/hyperkitty/list/foo@x/thread/ABC/!");

    ck_assert_uint_eq (p->len, 4);
    assert_pointer (p, 0, MLG_POINTER_ARCHIVE,
                    "https://mailarchive.ietf.org/arch/msg/dispatch/AbC123/",
                    -1);
    assert_pointer (
        p, 1, MLG_POINTER_ARCHIVE,
        "https://lists.example.org/pipermail/foo/2020-May/000123.html", -1);
    assert_pointer (p, 2, MLG_POINTER_ARCHIVE,
                    "https://lore.kernel.org/xdp-newbies/123@x/", -1);
    assert_pointer (p, 3, MLG_POINTER_ARCHIVE,
                    "https://lists.example.org/hyperkitty/list/foo@x/thread/"
                    "ABC/",
                    -1);
}
END_TEST

START_TEST (test_slides_urls)
{
    g_autoptr (GPtrArray) p = pointers_of (
        "https://datatracker.ietf.org/meeting/115/materials/"
        "slides-115-dispatch-foo-00 and "
        "https://www.ietf.org/proceedings/95/slides/bar.pptx and "
        "https://example.com/talks/slides-intro.pdf");

    ck_assert_uint_eq (p->len, 3);
    assert_pointer (p, 0, MLG_POINTER_SLIDES,
                    "https://datatracker.ietf.org/meeting/115/materials/"
                    "slides-115-dispatch-foo-00",
                    -1);
    assert_pointer (p, 1, MLG_POINTER_SLIDES,
                    "https://www.ietf.org/proceedings/95/slides/bar.pptx", -1);
    assert_pointer (p, 2, MLG_POINTER_SLIDES,
                    "https://example.com/talks/slides-intro.pdf", -1);
}
END_TEST

START_TEST (test_pointers_in_order_of_mention)
{
    g_autoptr (GPtrArray) p
        = pointers_of ("https://github.com/a/b then RFC 1 then draft-x-y-01");

    ck_assert_uint_eq (p->len, 3);
    assert_pointer (p, 0, MLG_POINTER_IMPL, "https://github.com/a/b", -1);
    assert_pointer (p, 1, MLG_POINTER_RFC, "rfc1", -1);
    assert_pointer (p, 2, MLG_POINTER_DRAFT, "draft-x-y", 1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Stance                                                               */
/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* Phrase matching                                                      */
/* ------------------------------------------------------------------ */

/* Returns: the groups of `phrases` (one group each, in order) that the
 * matcher finds in `text`, after checking that they are exactly the
 * phrases _mlg_phrase_find finds there. */
static guint32
groups_in (const char *text, const char *const *phrases)
{
    g_autoptr (MlgPhraseMatcher) m = _mlg_phrase_matcher_new ();
    guint8 found[32] = { 0 };
    guint32 groups;
    guint n = 0;

    for (; phrases[n] != NULL; n++)
        ck_assert_uint_eq (_mlg_phrase_matcher_add (m, phrases[n], n, NULL), n);
    groups = _mlg_phrase_matcher_scan (m, text, found);
    for (guint i = 0; i < n; i++) {
        bool want = _mlg_phrase_find (text, phrases[i], 0) >= 0;

        ck_assert_msg (found[i] == want, "\"%s\" in \"%s\": %d, want %d",
                       phrases[i], text, found[i], want);
        ck_assert_msg (((groups >> i) & 1) == want, "group of \"%s\"",
                       phrases[i]);
    }
    ck_assert_uint_eq (_mlg_phrase_matcher_scan (m, text, NULL), groups);
    return groups;
}

START_TEST (test_phrase_start_end_and_inside_words)
{
    static const char *const p[] = { "support", "i support", "co", NULL };

    ck_assert_uint_eq (groups_in ("support", p), 0x1);
    ck_assert_uint_eq (groups_in ("i support", p), 0x3);
    ck_assert_uint_eq (groups_in ("so i support.", p), 0x3);
    ck_assert_uint_eq (groups_in ("supportive", p), 0);
    ck_assert_uint_eq (groups_in ("unsupported", p), 0);
    ck_assert_uint_eq (groups_in ("hi support", p), 0x1);
    ck_assert_uint_eq (groups_in ("_support support_", p), 0);
    ck_assert_uint_eq (groups_in ("", p), 0);
    ck_assert_uint_eq (groups_in ("co", p), 0x4);
    ck_assert_uint_eq (groups_in ("cod coco", p), 0);
}
END_TEST

/* "co-authors" against "co": the hyphen ends the word "co", so both
 * occur; a phrase with a hyphen needs the whole of it. */
START_TEST (test_phrase_hyphen_words)
{
    static const char *const p[]
        = { "co", "co-authors", "co-author", "mini-bof", "bof", NULL };

    ck_assert_uint_eq (groups_in ("the co-authors", p), 0x3);
    ck_assert_uint_eq (groups_in ("the co-author.", p), 0x5);
    ck_assert_uint_eq (groups_in ("co-authored", p), 0x1);
    ck_assert_uint_eq (groups_in ("a mini-bof", p), 0x18);
    ck_assert_uint_eq (groups_in ("a mini-bofs", p), 0);
    ck_assert_uint_eq (groups_in ("co- author", p), 0x1);
}
END_TEST

/* Phrases that start or end with a non-word byte. */
START_TEST (test_phrase_signs)
{
    static const char *const p[] = { "+1", "-1", "c++", NULL };

    ck_assert_uint_eq (groups_in ("+1", p), 0x1);
    ck_assert_uint_eq (groups_in ("+1!", p), 0x1);
    ck_assert_uint_eq (groups_in ("a+1", p), 0);
    ck_assert_uint_eq (groups_in ("a +1", p), 0x1);
    ck_assert_uint_eq (groups_in ("(+1)", p), 0x1);
    ck_assert_uint_eq (groups_in ("\"-1\"", p), 0x2);
    ck_assert_uint_eq (groups_in ("x-1 ++1 +10", p), 0);
    ck_assert_uint_eq (groups_in ("+1 and -1", p), 0x3);
    ck_assert_uint_eq (groups_in ("+1.5", p), 0x1);
    ck_assert_uint_eq (groups_in ("c++ c++11 c++x", p), 0x4);
    ck_assert_uint_eq (groups_in ("c++1", p), 0);
}
END_TEST

/* Bytes of UTF-8 characters are word bytes: "é" glued to a phrase makes
 * it part of a longer word, and a phrase may hold them too. */
START_TEST (test_phrase_utf8_neighbours)
{
    static const char *const p[] = { "support", "+1", "café", NULL };

    ck_assert_uint_eq (groups_in ("ésupport", p), 0);
    ck_assert_uint_eq (groups_in ("supporté", p), 0);
    ck_assert_uint_eq (groups_in ("é support é", p), 0x1);
    ck_assert_uint_eq (groups_in ("é+1", p), 0);
    ck_assert_uint_eq (groups_in ("+1é", p), 0);
    ck_assert_uint_eq (groups_in ("é +1 é", p), 0x2);
    ck_assert_uint_eq (groups_in ("un café", p), 0x4);
    ck_assert_uint_eq (groups_in ("cafés", p), 0);
}
END_TEST

/* Several phrases in one group, and `not_after`. */
START_TEST (test_phrase_groups_and_not_after)
{
    static const char *const not_after[] = { "new ", "existing ", NULL };
    g_autoptr (MlgPhraseMatcher) m = _mlg_phrase_matcher_new ();
    guint8 found[4] = { 0 };

    ck_assert_uint_eq (_mlg_phrase_matcher_add (m, "wg", 0, not_after), 0);
    ck_assert_uint_eq (
        _mlg_phrase_matcher_add (m, "working group", 0, not_after), 1);
    ck_assert_uint_eq (_mlg_phrase_matcher_add (m, "", 2, NULL), 2);
    ck_assert_uint_eq (_mlg_phrase_matcher_add (m, "bof", 5, NULL), 3);
    ck_assert_uint_eq (_mlg_phrase_matcher_scan (m, "a new wg", NULL), 0);
    ck_assert_uint_eq (
        _mlg_phrase_matcher_scan (m, "an existing working group", NULL), 0);
    ck_assert_uint_eq (_mlg_phrase_matcher_scan (m, "new wg or the wg", NULL),
                       0x1);
    ck_assert_uint_eq (_mlg_phrase_matcher_scan (m, "wg", NULL), 0x1);
    ck_assert_uint_eq (_mlg_phrase_matcher_scan (m, "renew wg", NULL), 0);
    ck_assert_uint_eq (
        _mlg_phrase_matcher_scan (m, "a bof, then a working group", found),
        0x21);
    ck_assert_uint_eq (found[0], 0);
    ck_assert_uint_eq (found[1], 1);
    ck_assert_uint_eq (found[2], 0);
    ck_assert_uint_eq (found[3], 1);
}
END_TEST

/* The matcher and _mlg_phrase_find agree on random texts over a small
 * alphabet that makes near misses likely. */
START_TEST (test_phrase_random_agrees)
{
    static const char *const p[]
        = { "a",   "ab",  "a b",  "b-a", "+1", "-1", "ab+", "é",
            "a é", "b(a", "ba a", "a\"", "bb", "+a", "1",   NULL };
    static const char *const alphabet[]
        = { "a", "b", " ", "-", "+", "1", "(", "\"", "é", "_", "\n" };
    GRand *rand = g_rand_new_with_seed (7);

    for (int round = 0; round < 5000; round++) {
        g_autoptr (GString) text = g_string_new (NULL);
        int len = g_rand_int_range (rand, 0, 12);

        for (int i = 0; i < len; i++)
            g_string_append (
                text,
                alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
        groups_in (text->str, p);
    }
    g_rand_free (rand);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Checklist                                                            */
/* ------------------------------------------------------------------ */

static guint
checklist_of (const char *subject, const char *text)
{
    g_autoptr (GPtrArray) p = pointers_of (subject);

    _mlg_extract_pointers (text, p);
    return _mlg_extract_checklist (subject, text, p);
}

START_TEST (test_check_draft)
{
    ck_assert (checklist_of ("New work", "See draft-doe-foo-bar-00.")
               & MLG_CHECK_DRAFT);
    ck_assert (checklist_of ("draft-doe-foo", "Hello") & MLG_CHECK_DRAFT);
    ck_assert (
        !(checklist_of ("New work", "A draft is coming.") & MLG_CHECK_DRAFT));
}
END_TEST

START_TEST (test_check_prior_discussion)
{
    ck_assert (checklist_of ("x", "https://mailarchive.ietf.org/arch/msg/a/b/")
               & MLG_CHECK_PRIOR_DISCUSSION);
    ck_assert (checklist_of ("x", "This was discussed at IETF 115.")
               & MLG_CHECK_PRIOR_DISCUSSION);
    ck_assert (checklist_of ("x", "See the previous discussion.")
               & MLG_CHECK_PRIOR_DISCUSSION);
    ck_assert (!(checklist_of ("x", "A brand new idea.")
                 & MLG_CHECK_PRIOR_DISCUSSION));
}
END_TEST

START_TEST (test_check_implementation)
{
    ck_assert (checklist_of ("x", "Code: https://github.com/a/b")
               & MLG_CHECK_IMPLEMENTATION);
    ck_assert (checklist_of ("x", "There are two open source implementations.")
               & MLG_CHECK_IMPLEMENTATION);
    ck_assert (checklist_of ("x", "We have a prototype.")
               & MLG_CHECK_IMPLEMENTATION);
    ck_assert (!(checklist_of ("x", "Nothing written yet.")
                 & MLG_CHECK_IMPLEMENTATION));
}
END_TEST

START_TEST (test_check_background)
{
    ck_assert (checklist_of ("x", "The problem statement is below.")
               & MLG_CHECK_BACKGROUND);
    ck_assert (checklist_of ("x", "Slides: https://datatracker.ietf.org/"
                                  "meeting/115/materials/slides-115-x-00")
               & MLG_CHECK_BACKGROUND);
    ck_assert (checklist_of ("x", "See our blog.") & MLG_CHECK_BACKGROUND);
    ck_assert (!(checklist_of ("x", "Please read it.") & MLG_CHECK_BACKGROUND));
}
END_TEST

START_TEST (test_check_wg_engagement)
{
    ck_assert (checklist_of ("x", "We presented at the HTTPBIS WG.")
               & MLG_CHECK_WG_ENGAGEMENT);
    ck_assert (checklist_of ("x", "The QUIC working group saw it.")
               & MLG_CHECK_WG_ENGAGEMENT);
    ck_assert (checklist_of ("x", "It was discussed in SAAG.")
               & MLG_CHECK_WG_ENGAGEMENT);
    /* Asking for a new WG is a next step, not prior engagement. */
    ck_assert (
        !(checklist_of ("x", "We want a new WG.") & MLG_CHECK_WG_ENGAGEMENT));
}
END_TEST

START_TEST (test_check_who)
{
    ck_assert (checklist_of ("x", "The co-authors would work on it.")
               & MLG_CHECK_WHO);
    ck_assert (checklist_of ("x", "Interested parties: A, B.") & MLG_CHECK_WHO);
    ck_assert (!(checklist_of ("x", "See https://www.rfc-editor.org/rfc/rfc1")
                 & MLG_CHECK_WHO));
}
END_TEST

START_TEST (test_check_next_step)
{
    ck_assert (checklist_of ("x", "We ask for a BoF.") & MLG_CHECK_NEXT_STEP);
    ck_assert (checklist_of ("x", "We seek AD-sponsored publication.")
               & MLG_CHECK_NEXT_STEP);
    ck_assert (checklist_of ("x", "Please dispatch to SECDISPATCH.")
               & MLG_CHECK_NEXT_STEP);
    ck_assert (
        !(checklist_of ("x", "Comments welcome.") & MLG_CHECK_NEXT_STEP));
}
END_TEST

START_TEST (test_check_time)
{
    ck_assert (checklist_of ("x", "We would like 10 min.") & MLG_CHECK_TIME);
    ck_assert (checklist_of ("x", "A 15-minute time slot, please.")
               & MLG_CHECK_TIME);
    ck_assert (checklist_of ("x", "Requesting agenda time.") & MLG_CHECK_TIME);
    ck_assert (
        !(checklist_of ("x", "The minutes are posted.") & MLG_CHECK_TIME));
}
END_TEST

/* Folding can make text longer (U+023A lower-cases to the three-byte
 * U+2C65); ASCII after such text must still be folded whole. */
START_TEST (test_check_after_growing_fold)
{
    g_autoptr (GString) text = g_string_new (NULL);

    for (int i = 0; i < 300; i++)
        g_string_append (text, "\xc8\xba");
    g_string_append (text, "\n  A PROTOTYPE\tand the   WG's SLIDES");
    ck_assert_uint_eq (checklist_of ("x", text->str),
                       MLG_CHECK_IMPLEMENTATION | MLG_CHECK_BACKGROUND
                           | MLG_CHECK_WG_ENGAGEMENT);
    g_string_append (text, ". I Support   this.");
    {
        g_autofree char *folded = _mlg_extract_fold (text->str);
        ck_assert (g_str_has_suffix (folded, "slides. i support this."));
    }
}
END_TEST

/* The minutes pattern is only tried after a digit or a number word, so
 * every way of writing one must still be found, and near misses not. */
START_TEST (test_check_time_number_words)
{
    static const char *const yes[]
        = { "Ten minutes, please.", "fifteen-minute slot", "Sixty\tmins",
            "5 - 10 mins would do", "5 to 10\nminutes",    "twenty\u00a0min",
            "about 30min.",         "Forty -- minutes",    NULL };
    static const char *const no[] = {
        "The minimal set.",       "admin minutes", "seven minutes", "a few min",
        "minutes of the meeting", "often minded",  "min 10",        NULL
    };

    for (guint i = 0; yes[i] != NULL; i++)
        ck_assert_msg (checklist_of ("x", yes[i]) & MLG_CHECK_TIME, "%s",
                       yes[i]);
    for (guint i = 0; no[i] != NULL; i++)
        ck_assert_msg (!(checklist_of ("x", no[i]) & MLG_CHECK_TIME), "%s",
                       no[i]);
}
END_TEST

START_TEST (test_check_full_request)
{
    guint bits = checklist_of (
        "Agenda request: draft-doe-foo",
        "Draft: https://datatracker.ietf.org/doc/draft-doe-foo/\n"
        "Previous discussion: "
        "https://mailarchive.ietf.org/arch/msg/dispatch/x/\n"
        "Implementation: https://github.com/doe/foo\n"
        "Background: use cases in section 2.\n"
        "Presented at the OPSAWG.\n"
        "Authors: Jane, Bob.\n"
        "We ask for AD sponsorship.\n"
        "Time: 10 minutes.\n");

    ck_assert_uint_eq (bits, 0xff);
    ck_assert_uint_eq (checklist_of ("Hello", "Just saying hi."), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Subjects                                                             */
/* ------------------------------------------------------------------ */

START_TEST (test_subject_normalise)
{
    static const char *const cases[][2] = {
        { "Re: Foo", "foo" },
        { "RE: RE: Foo  Bar ", "foo bar" },
        { "re : foo", "foo" },
        { "Re[2]: Foo", "foo" },
        { "Fwd: Fw: foo", "foo" },
        { "AW: WG: SV: VS: Antw: R: foo", "foo" },
        { "[Dispatch] Re: [Secdispatch] Re: Foo", "foo" },
        { "  [Dispatch]\tNew   work\n on X", "new work on x" },
        { "WG Last Call: draft-x-y", "wg last call: draft-x-y" },
        { "Reply needed", "reply needed" },
        { "[Dispatch]", "" },
        { "", "" },
        { "ÉTUDE Straße", "étude strasse" },
        /* Prefixes after white space the pattern knows, in full-width
         * form, with the long s; and near misses. */
        { "\vRe: Foo", "foo" },
        { "\xc2\xa0Re: Foo", "foo" },
        { "Re\xef\xbc\x9a Foo", "foo" },
        { "\xc5\xbfV: Foo", "foo" },
        { "YNT: TR: rv: ENC: odp: Foo", "foo" },
        { "Rate: Foo", "rate: foo" },
        { "Re Foo", "re foo" },
        { "Q: Re: Foo", "q: re: foo" },
        { "R\xc3\xa9: Foo", "r\xc3\xa9: foo" },
        { "Re: ", "" },
        { "\xef\xbf\xbdRe: x\xff", "\xef\xbf\xbdre: x\xef\xbf\xbd" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *norm = _mlg_subject_normalise (cases[i][0]);
        ck_assert_msg (g_str_equal (norm, cases[i][1]), "'%s' -> '%s'",
                       cases[i][0], norm);
    }
    {
        g_autofree char *norm = _mlg_subject_normalise (NULL);
        ck_assert_str_eq (norm, "");
    }
}
END_TEST

START_TEST (test_subject_is_reply)
{
    ck_assert (mlg_subject_is_reply ("Re: foo"));
    ck_assert (mlg_subject_is_reply ("[Dispatch] RE: foo"));
    ck_assert (mlg_subject_is_reply ("AW: foo"));
    ck_assert (mlg_subject_is_reply ("Re[3]: foo"));
    ck_assert (mlg_subject_is_reply ("Re^2: foo"));
    ck_assert (mlg_subject_is_reply ("Re(2) : foo"));
    ck_assert (mlg_subject_is_reply ("Res: foo"));
    ck_assert (mlg_subject_is_reply ("RIF: foo"));
    ck_assert (mlg_subject_is_reply ("V\xc3\x81: foo"));
    ck_assert (mlg_subject_is_reply ("\xe5\x9b\x9e\xe5\xa4\x8d\xef\xbc\x9a foo"));
    ck_assert (mlg_subject_is_reply ("Re: Fwd: foo"));
    ck_assert (!mlg_subject_is_reply ("Fwd: Re: foo"));
    ck_assert (!mlg_subject_is_reply ("RV: foo"));
    ck_assert (!mlg_subject_is_reply ("[Dispatch] foo"));
    ck_assert (!mlg_subject_is_reply ("Regarding foo"));
    ck_assert (!mlg_subject_is_reply ("Rex: foo"));
    ck_assert (!mlg_subject_is_reply (""));
    ck_assert (!mlg_subject_is_reply (NULL));
}
END_TEST

/* The normaliser strips exactly what the reply test reads: a prefix that
 * makes a reply is never left in the normalised subject. */
START_TEST (test_subject_prefixes_one_list)
{
    static const char *const subjects[] = {
        "Res: foo", "ATB: foo", "Ref: foo", "Re^2: foo", "V\xc3\xa1: foo",
        "\xe7\xad\x94\xe5\xa4\x8d: foo", "RIF: foo", "Re: foo",
    };
    bool reply = false;

    for (guint i = 0; i < G_N_ELEMENTS (subjects); i++) {
        g_autofree char *norm = _mlg_subject_normalise (subjects[i]);

        ck_assert_msg (mlg_subject_is_reply (subjects[i]), "%s", subjects[i]);
        ck_assert_msg (g_str_equal (norm, "foo"), "%s -> %s", subjects[i],
                       norm);
    }
    ck_assert_uint_eq (mlg_subject_prefix_len ("Fwd: x", &reply), 5);
    ck_assert (!reply);
    ck_assert_uint_eq (mlg_subject_prefix_len ("RE[2] : x", &reply), 8);
    ck_assert (reply);
    ck_assert_uint_eq (mlg_subject_prefix_len ("Regarding: x", &reply), 0);
    ck_assert_uint_eq (mlg_subject_prefix_len (NULL, NULL), 0);
}
END_TEST

/* ---- questions ---- */

static void
assert_question (const char *text, const char *want)
{
    g_autofree char *got = _mlg_extract_question (text);

    ck_assert_msg (g_strcmp0 (got, want) == 0, "question of '%s': got '%s', "
                   "want '%s'", text ? text : "(null)", got ? got : "(null)",
                   want ? want : "(null)");
}

START_TEST (test_question_first_sentence_asking)
{
    assert_question ("Thanks for the draft. How does this interact with "
                     "HTTP caching? I could not tell from section 3.",
                     "How does this interact with HTTP caching?");
    /* Wrapped over lines, joined into one sentence. */
    assert_question ("Looks good.\nHave you talked to the\nHTTPAPI chairs?\n",
                     "Have you talked to the HTTPAPI chairs?");
    assert_question ("Is there an implementation?!", "Is there an "
                     "implementation?!");
    assert_question ("Did you mean \"version 2?\"", "Did you mean \"version "
                     "2?\"");
    assert_question ("Thoughts?", "Thoughts?");
}
END_TEST

START_TEST (test_question_not_in_quotes_urls_code)
{
    /* Quoted text is not the author's question. */
    assert_question ("> Why not use CBOR?\nBecause JSON is simpler.", NULL);
    /* A '?' inside a URL or a word is no question mark. */
    assert_question ("See https://example.com/search.php?q=widget for more.",
                     NULL);
    assert_question ("The form is at https://example.com/form?", NULL);
    /* Code lines are skipped. */
    assert_question ("Use this:\nx = a ? b : c;\nDone.", NULL);
    assert_question ("No questions here. Just statements!", NULL);
    assert_question ("?", NULL);
    assert_question ("", NULL);
    assert_question (NULL, NULL);
}
END_TEST

START_TEST (test_question_trimmed_utf8)
{
    g_autoptr (GString) text = g_string_new ("Pourquoi ");
    g_autofree char *got = NULL;

    for (int i = 0; i < 150; i++)
        g_string_append (text, "é ");
    g_string_append (text, "?");
    got = _mlg_extract_question (text->str);
    ck_assert_ptr_nonnull (got);
    ck_assert_int_eq (g_utf8_strlen (got, -1), 200);
    ck_assert (g_utf8_validate (got, -1, NULL));
    ck_assert (g_str_has_prefix (got, "Pourquoi é"));
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("extract");
    TCase *tc;

    tc = tcase_create ("drafts");
    tcase_add_test (tc, test_draft_plain_and_revision);
    tcase_add_test (tc, test_draft_extensions);
    tcase_add_test (tc, test_ftp_url_terminates);
    tcase_add_test (tc, test_bare_hosts_and_rfc_case);
    tcase_add_test (tc, test_draft_urls);
    tcase_add_test (tc, test_draft_authors);
    tcase_add_test (tc, test_draft_false_positives);
    tcase_add_test (tc, test_draft_trailing_punctuation_and_hyphen);
    tcase_add_test (tc, test_draft_dedup_by_revision);
    tcase_add_test (tc, test_pointers_append_without_duplicates);
    suite_add_tcase (s, tc);

    tc = tcase_create ("rfcs");
    tcase_add_test (tc, test_rfc_forms);
    tcase_add_test (tc, test_rfc_false_positives);
    suite_add_tcase (s, tc);

    tc = tcase_create ("urls");
    tcase_add_test (tc, test_impl_url_normalised);
    tcase_add_test (tc, test_impl_non_repository_urls);
    tcase_add_test (tc, test_archive_urls);
    tcase_add_test (tc, test_slides_urls);
    tcase_add_test (tc, test_pointers_in_order_of_mention);
    suite_add_tcase (s, tc);


    tc = tcase_create ("phrases");
    tcase_add_test (tc, test_phrase_start_end_and_inside_words);
    tcase_add_test (tc, test_phrase_hyphen_words);
    tcase_add_test (tc, test_phrase_signs);
    tcase_add_test (tc, test_phrase_utf8_neighbours);
    tcase_add_test (tc, test_phrase_groups_and_not_after);
    tcase_add_test (tc, test_phrase_random_agrees);
    suite_add_tcase (s, tc);

    tc = tcase_create ("questions");
    tcase_add_test (tc, test_question_first_sentence_asking);
    tcase_add_test (tc, test_question_not_in_quotes_urls_code);
    tcase_add_test (tc, test_question_trimmed_utf8);
    suite_add_tcase (s, tc);

    tc = tcase_create ("checklist");
    tcase_add_test (tc, test_check_draft);
    tcase_add_test (tc, test_check_prior_discussion);
    tcase_add_test (tc, test_check_implementation);
    tcase_add_test (tc, test_check_background);
    tcase_add_test (tc, test_check_wg_engagement);
    tcase_add_test (tc, test_check_who);
    tcase_add_test (tc, test_check_next_step);
    tcase_add_test (tc, test_check_time);
    tcase_add_test (tc, test_check_time_number_words);
    tcase_add_test (tc, test_check_after_growing_fold);
    tcase_add_test (tc, test_check_full_request);
    suite_add_tcase (s, tc);

    tc = tcase_create ("subjects");
    tcase_add_test (tc, test_subject_normalise);
    tcase_add_test (tc, test_subject_is_reply);
    tcase_add_test (tc, test_subject_prefixes_one_list);
    suite_add_tcase (s, tc);

    return s;
}

MLG_TEST_MAIN (make_suite)
