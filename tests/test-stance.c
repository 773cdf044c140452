/* test-stance.c - the stance a message's own words take: cues, their
 * cue, negation, openers, trailers and added phrases. */
#include "mlg-test.h"
#include "mlg-stance-private.h"

#include <string.h>

static MlgStance
stance_of (const char *text, char **quote)
{
    g_autoptr (MlgStancePhrases) phrases = _mlg_stance_phrases_new_default ();

    return _mlg_extract_stance (phrases, text, NULL, NULL, quote);
}

static MlgStance
stance_cue_of (const char *text, MlgStanceCue *cue)
{
    g_autoptr (MlgStancePhrases) phrases = _mlg_stance_phrases_new_default ();

    return _mlg_extract_stance (phrases, text, NULL, cue, NULL);
}

static MlgStance
stance_from (const char *name, const char *address, const char *text,
             char **quote)
{
    g_autoptr (MlgStancePhrases) phrases = _mlg_stance_phrases_new_default ();
    MlgStanceSender sender = { name, address };

    return _mlg_extract_stance (phrases, text, &sender, NULL, quote);
}

START_TEST (test_stance_plus_one)
{
    g_autofree char *quote = NULL;

    ck_assert_int_eq (stance_of ("+1\n\nJane\n", &quote), MLG_STANCE_SUPPORT);
    ck_assert_str_eq (quote, "+1");
}
END_TEST

START_TEST (test_stance_i_support)
{
    g_autofree char *quote = NULL;

    ck_assert_int_eq (stance_of ("Hi all. I support adoption of\nthis "
                                 "draft. Cheers",
                                 &quote),
                      MLG_STANCE_SUPPORT);
    ck_assert_str_eq (quote, "I support adoption of this draft.");
}
END_TEST

START_TEST (test_stance_support_phrases)
{
    static const char *const texts[] = {
        "I'd support that.",
        "Supportive of this work.",
        "I am in favour.",
        "We are in favor.",
        "I am willing to review.",
        "Happy to review the next version.",
        "Sounds useful to me.",
        "I\xe2\x80\x99"
        "d support this.",
        "I would implement it.",
        "I will review.",
    };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        ck_assert_msg (stance_of (texts[i], NULL) == MLG_STANCE_SUPPORT,
                       "not support: %s", texts[i]);
}
END_TEST

START_TEST (test_stance_votes_in_context)
{
    static const char *const texts[] = {
        "Thanks, +1",           "Big +1 from me.", "I'm +1 on adoption.",
        "+1 to adopting this.", "Great work! +1",
    };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        ck_assert_msg (stance_of (texts[i], NULL) == MLG_STANCE_SUPPORT,
                       "not support: %s", texts[i]);
    ck_assert_int_eq (stance_of ("I'm -1 on this.", NULL),
                      MLG_STANCE_OBJECTION);
}
END_TEST

START_TEST (test_stance_negated_support)
{
    static const char *const texts[] = {
        "I do not support this.",
        "I can't support adoption.",
        "I am not willing to review.",
        "I don\xe2\x80\x99"
        "t support it.",
        "We are not in favour.",
    };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        ck_assert_msg (stance_of (texts[i], NULL) == MLG_STANCE_OBJECTION,
                       "not objection: %s", texts[i]);
}
END_TEST

START_TEST (test_stance_negation_outside_window)
{
    /* "not" is more than three words before, and behind a comma. */
    ck_assert_int_eq (stance_of ("This is not a new idea at all but I "
                                 "support adoption.",
                                 NULL),
                      MLG_STANCE_SUPPORT);
    ck_assert_int_eq (stance_of ("Not sure, I support this.", NULL),
                      MLG_STANCE_SUPPORT);
}
END_TEST

START_TEST (test_stance_objection_phrases)
{
    static const char *const texts[] = {
        "-1",
        "I object.",
        "I object to adoption.",
        "I am not convinced.",
        "I oppose this.",
        "I'm against adoption.",
        "This should not be adopted.",
        "We don't support this work.",
    };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        ck_assert_msg (stance_of (texts[i], NULL) == MLG_STANCE_OBJECTION,
                       "not objection: %s", texts[i]);
}
END_TEST

START_TEST (test_stance_question_ignored)
{
    g_autofree char *quote = NULL;

    ck_assert_int_eq (stance_of ("Do you support this? Please say.", &quote),
                      MLG_STANCE_NONE);
    ck_assert_ptr_null (quote);
}
END_TEST

START_TEST (test_stance_latest_wins)
{
    g_autofree char *quote = NULL;
    g_autofree char *quote2 = NULL;

    ck_assert_int_eq (stance_of ("I support this. After reading the "
                                 "thread, I am not convinced.",
                                 &quote),
                      MLG_STANCE_OBJECTION);
    ck_assert_str_eq (quote, "After reading the thread, I am not convinced.");
    ck_assert_int_eq (
        stance_of ("-1 at first.\n\nNow +1 after the fixes.", &quote2),
        MLG_STANCE_SUPPORT);
    ck_assert_str_eq (quote2, "Now +1 after the fixes.");
}
END_TEST

START_TEST (test_stance_none_and_false_signs)
{
    ck_assert_int_eq (stance_of ("The value is x-1 or a+1, see 2-1.", NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of ("It returns -1 on error and a hard-coded "
                                 "-1 literal is wrong; set it to -1.\n"
                                 "if (x == -1)\n\treturn -1;\n"
                                 "@@ -1,3 +1,4 @@\n",
                                 NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of ("The driver does not support XDP. It needs "
                                 "to be extended to support this.",
                                 NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (
        stance_of ("We dropped it in favour of the new API.", NULL),
        MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of ("Support for TLS is in section 3.", NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of ("", NULL), MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of (NULL, NULL), MLG_STANCE_NONE);
}
END_TEST

START_TEST (test_stance_quote_trimmed_utf8)
{
    g_autoptr (GString) text = g_string_new ("+1 ");
    g_autofree char *quote = NULL;

    for (int i = 0; i < 150; i++)
        g_string_append (text, "é ");
    ck_assert_int_eq (stance_of (text->str, &quote), MLG_STANCE_SUPPORT);
    ck_assert_int_eq (g_utf8_strlen (quote, -1), 200);
    ck_assert (g_utf8_validate (quote, -1, NULL));
    ck_assert (g_str_has_suffix (quote, "…"));
}
END_TEST

START_TEST (test_stance_custom_phrases)
{
    g_autoptr (MlgStancePhrases) phrases = _mlg_stance_phrases_new_default ();

    ck_assert (_mlg_stance_phrases_add (phrases, MLG_STANCE_SUPPORT,
                                        "Ship it"));
    ck_assert (_mlg_stance_phrases_add (phrases, MLG_STANCE_OBJECTION,
                                        "over my dead body"));
    ck_assert (!_mlg_stance_phrases_add (phrases, MLG_STANCE_SUPPORT, " "));
    ck_assert_int_eq (_mlg_extract_stance (phrases, "Ship it!", NULL, NULL,
                                           NULL),
                      MLG_STANCE_SUPPORT);
    ck_assert_int_eq (_mlg_extract_stance (phrases, "Not before we ship it "
                                           "to everyone.", NULL, NULL, NULL),
                      MLG_STANCE_OBJECTION);
    ck_assert_int_eq (_mlg_extract_stance (phrases, "Adopt it over my dead "
                                           "body.", NULL, NULL, NULL),
                      MLG_STANCE_OBJECTION);
    ck_assert_str_eq (g_ptr_array_index (_mlg_stance_phrases_get_added (
                                             phrases, MLG_STANCE_SUPPORT),
                                         0),
                      "ship it");
    /* Compiled by the first use: nothing can be added after it. */
    ck_assert (!_mlg_stance_phrases_add (phrases, MLG_STANCE_SUPPORT,
                                         "late"));
}
END_TEST

/* Agreement is what people write, not only "I support". */
START_TEST (test_stance_agreement_idioms)
{
    static const char *const texts[] = {
        "Looks good to me.",
        "LGTM",
        "Works for me!",
        "I agree with Jane here.",
        "Agreed, the endpoints should know.",
        "This makes perfect sense to me.",
        "Count me in.",
        "I really welcome this.",
        "I'm all for it.",
        "Sounds good.",
        "You're right, I missed that.",
        "I concur. Thanks.",
        "Me too.",
        "Fair enough.",
    };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        ck_assert_msg (stance_of (texts[i], NULL) == MLG_STANCE_SUPPORT,
                       "not support: %s", texts[i]);
}
END_TEST

START_TEST (test_stance_objection_idioms)
{
    static const char *const texts[] = {
        "I disagree.",
        "I don't agree with that at all.",
        "I think trying to add these tags is a mistake.",
        "I don't think we should do this.",
        "I don't see the need for a new list.",
        "That doesn't make sense to me.",
        "That's not a good idea.",
        "I'm not a fan of this.",
        "Nope.",
        "No, that is not what the spec says.",
    };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        ck_assert_msg (stance_of (texts[i], NULL) == MLG_STANCE_OBJECTION,
                       "not objection: %s", texts[i]);
}
END_TEST

/* "Yes" and "No" answer only when they open a paragraph and stand on
 * their own; elsewhere they are everyday words. */
START_TEST (test_stance_openers)
{
    ck_assert_int_eq (stance_of ("Yes, that is what I meant.", NULL),
                      MLG_STANCE_SUPPORT);
    ck_assert_int_eq (stance_of ("Exactly.\n", NULL), MLG_STANCE_SUPPORT);
    ck_assert_int_eq (stance_of ("Thanks for the summary.\n\nRight. The "
                                 "second point stands.", NULL),
                      MLG_STANCE_SUPPORT);
    /* Not at the start of the paragraph, or not on its own. */
    ck_assert_int_eq (stance_of ("It says yes, as the table shows.", NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of ("Thanks. Yes, I read it.", NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of ("No one implements that today.", NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of ("Right now the draft is expired.", NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of ("No problem.", NULL), MLG_STANCE_NONE);
    /* A concession that argues the other way is no stance. */
    ck_assert_int_eq (stance_of ("Yes, but the cost is too high.", NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of ("Sure, however nobody asked for it.",
                                 NULL),
                      MLG_STANCE_NONE);
}
END_TEST

/* A vote outweighs a hedge, wherever it is. */
START_TEST (test_stance_vote_outweighs_hedge)
{
    g_autofree char *quote = NULL;

    ck_assert_int_eq (stance_of ("+1 to the plan.\n\nI don't think the "
                                 "second figure is right, though.",
                                 &quote),
                      MLG_STANCE_SUPPORT);
    ck_assert_str_eq (quote, "+1 to the plan.");
}
END_TEST

/* "support" and "favour" as ordinary verbs take no stance. */
START_TEST (test_stance_technical_verbs)
{
    static const char *const texts[] = {
        "We support a few already for gcc.",
        "Filesystems that don't support mmap fail here.",
        "The library does not support it yet.",
        "It was dropped in favour of the new API.",
        "Support for this is in section 3.",
        "If you disagree, say so on the list.",
        "Some people disagree with that.",
        "We welcome your comments and suggestions.",
        "I believe that it will, although I welcome counterexamples.",
    };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        ck_assert_msg (stance_of (texts[i], NULL) == MLG_STANCE_NONE,
                       "not none: %s", texts[i]);
}
END_TEST

/* A negation far away does not count, but a disclaimer does: "doesn't
 * mean that I object" takes no stance. */
START_TEST (test_stance_disclaimers)
{
    ck_assert_int_eq (stance_of ("This doesn't mean that I object to the "
                                 "idea.", NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of ("Not that I disagree with the goal.", NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (stance_of ("I don't object.", NULL), MLG_STANCE_NONE);
}
END_TEST

/* What the words are aimed at: the proposal when they name it, else
 * whatever the message answers. */
START_TEST (test_stance_cue)
{
    MlgStanceCue cue = MLG_CUE_PROPOSAL;

    ck_assert_int_eq (stance_cue_of ("+1", &cue), MLG_STANCE_SUPPORT);
    ck_assert_int_eq (cue, MLG_CUE_ANSWER);
    ck_assert_int_eq (stance_cue_of ("I support adoption of this draft.",
                                     &cue),
                      MLG_STANCE_SUPPORT);
    ck_assert_int_eq (cue, MLG_CUE_PROPOSAL);
    ck_assert_int_eq (stance_cue_of ("I don't support adoption.", &cue),
                      MLG_STANCE_OBJECTION);
    ck_assert_int_eq (cue, MLG_CUE_PROPOSAL);
    ck_assert_int_eq (stance_cue_of ("I am not convinced.", &cue),
                      MLG_STANCE_OBJECTION);
    ck_assert_int_eq (cue, MLG_CUE_ANSWER);
    ck_assert_int_eq (stance_cue_of ("This should not be adopted.", &cue),
                      MLG_STANCE_OBJECTION);
    ck_assert_int_eq (cue, MLG_CUE_PROPOSAL);
}
END_TEST

/* Trailers count in the sender's own name only. */
START_TEST (test_stance_trailers)
{
    g_autofree char *quote = NULL;

    ck_assert_int_eq (stance_from ("Jane Doe", "jane@example.com",
                                   "Nice cleanup.\n\nAcked-by: Jane Doe "
                                   "<jane@example.com>\n",
                                   &quote),
                      MLG_STANCE_SUPPORT);
    ck_assert_str_eq (quote, "Acked-by: Jane Doe <jane@example.com>");
    ck_assert_int_eq (stance_from ("J. Doe", "jane@example.com",
                                   "Reviewed-by: Jane Doe "
                                   "<jane@example.com>\n", NULL),
                      MLG_STANCE_SUPPORT);
    ck_assert_int_eq (stance_from ("Jane Doe", "jane@other.example",
                                   "Tested-by: jane doe <jd@x.example>",
                                   NULL),
                      MLG_STANCE_SUPPORT);
    /* Someone else's trailer, passed along, is not the sender's; nor is
     * the sign-off of one's own patch. */
    ck_assert_int_eq (stance_from ("Bob Ray", "bob@example.com",
                                   "Acked-by: Jane Doe <jane@example.com>\n"
                                   "Signed-off-by: Bob Ray "
                                   "<bob@example.com>\n"
                                   "diff --git a/x b/x\n@@ -1 +1 @@\n",
                                   NULL),
                      MLG_STANCE_NONE);
    /* A commit's trailers shown as an example: the sender's sign-off
     * among other people's endorses nothing. An ack of one's own,
     * indented, still does. */
    ck_assert_int_eq (stance_from ("Bob Ray", "bob@example.com",
                                   "Our commits end like this:\n\n"
                                   "\tSigned-off-by: Eve Ng <eve@e.com>\n"
                                   "\tSigned-off-by: Bob Ray "
                                   "<bob@example.com>\n", NULL),
                      MLG_STANCE_NONE);
    ck_assert_int_eq (stance_from ("Bob Ray", "bob@example.com",
                                   "I'm for it:\n\n  Acked-by: Bob Ray "
                                   "<bob@example.com>\n", NULL),
                      MLG_STANCE_SUPPORT);
    /* A sign-off in a reply without a patch endorses the thread's. */
    ck_assert_int_eq (stance_from ("Bob Ray", "bob@example.com",
                                   "Signed-off-by: Bob Ray "
                                   "<bob@example.com>\n", NULL),
                      MLG_STANCE_SUPPORT);
    ck_assert_int_eq (stance_from ("Bob Ray", "bob@example.com",
                                   "Nacked-by: Bob Ray <bob@example.com>",
                                   NULL),
                      MLG_STANCE_OBJECTION);
    {
        g_autoptr (MlgStancePhrases) phrases =
            _mlg_stance_phrases_new_default ();
        MlgStanceSender sender = { "Jane Doe", "jane@example.com" };
        MlgStanceCue cue = MLG_CUE_ANSWER;

        /* A trailer is for the patch of the thread, whatever it answers. */
        ck_assert_int_eq (_mlg_extract_stance (phrases,
                                               "Acked-by: Jane Doe "
                                               "<jane@example.com>",
                                               &sender, &cue, NULL),
                          MLG_STANCE_SUPPORT);
        ck_assert_int_eq (cue, MLG_CUE_PROPOSAL);
    }
    /* Without a sender, trailers say nothing. */
    ck_assert_int_eq (stance_of ("Acked-by: Jane Doe <jane@example.com>",
                                 NULL),
                      MLG_STANCE_NONE);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("stance");
    TCase *tc = tcase_create ("phrases");

    tcase_add_test (tc, test_stance_plus_one);
    tcase_add_test (tc, test_stance_i_support);
    tcase_add_test (tc, test_stance_support_phrases);
    tcase_add_test (tc, test_stance_votes_in_context);
    tcase_add_test (tc, test_stance_negated_support);
    tcase_add_test (tc, test_stance_negation_outside_window);
    tcase_add_test (tc, test_stance_objection_phrases);
    tcase_add_test (tc, test_stance_question_ignored);
    tcase_add_test (tc, test_stance_latest_wins);
    tcase_add_test (tc, test_stance_none_and_false_signs);
    tcase_add_test (tc, test_stance_quote_trimmed_utf8);
    tcase_add_test (tc, test_stance_custom_phrases);
    suite_add_tcase (s, tc);

    tc = tcase_create ("reading");
    tcase_add_test (tc, test_stance_agreement_idioms);
    tcase_add_test (tc, test_stance_objection_idioms);
    tcase_add_test (tc, test_stance_openers);
    tcase_add_test (tc, test_stance_vote_outweighs_hedge);
    tcase_add_test (tc, test_stance_technical_verbs);
    tcase_add_test (tc, test_stance_disclaimers);
    tcase_add_test (tc, test_stance_cue);
    tcase_add_test (tc, test_stance_trailers);
    suite_add_tcase (s, tc);
    return s;
}

MLG_TEST_MAIN (make_suite)
