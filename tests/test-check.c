/* test-check.c - the proponent's self-check (mlg_proposal_check()): the
 * checklist, chairs CC'd, replies, chairs answering, revisions, and which
 * questions no proponent answered; and suggestions for unknown names. */
#include "mlg-test.h"

#include "mlg-analysis-test-private.h"

#define ALL_ITEMS ((1u << MLG_CHECKLIST_COUNT) - 1)

/* draft-foo-bar: Pat opens (CC the chairs' alias; gives the draft and the
 * time). The chair Kim asks when -03 comes: nobody answers. Ann asks why
 * not CBOR; Bob replies to Ann, and Pat answers Bob, which answers Ann's
 * question too (it is below it). Zed asks late, and Pat answers after the
 * end of the window when one is set. */
static MlgAnalysis *
foo_bar (MlgConfig *config)
{
    MlgAnalysis *a = mlg_analysis_new (config);
    MlgMessageFacts *f;

    f = tf_new ("o@x", "2024-03-04T08:00:00Z", "Pat Ode", "pat@p.com",
                "Dispatch request: draft-foo-bar", NULL);
    tf_draft (f, "draft-foo-bar", 2);
    f->checklist = MLG_CHECK_DRAFT | MLG_CHECK_TIME;
    f->question = g_strdup ("Thoughts?");
    g_ptr_array_add (f->cc, g_strdup ("dispatch-chairs@ietf.org"));
    g_ptr_array_add (f->cc, g_strdup ("someone@else.org"));
    tf_add (a, f);
    f = tf_new ("k@x", "2024-03-05T08:00:00Z", "Kim Chair", "kim@k.org",
                "Re: Dispatch request: draft-foo-bar", "o@x");
    f->question = g_strdup ("When will -03 come?");
    tf_add (a, f);
    f = tf_new ("a@x", "2024-03-06T08:00:00Z", "Ann Lee", "ann@a.com",
                "Re: Dispatch request: draft-foo-bar", "o@x");
    f->question = g_strdup ("Why not CBOR?");
    tf_add (a, f);
    tf_add (a, tf_new ("b@x", "2024-03-07T08:00:00Z", "Bob Ray", "bob@b.com",
                       "Re: Dispatch request: draft-foo-bar", "a@x"));
    tf_add (a, tf_new ("p1@x", "2024-03-08T08:00:00Z", "Pat Ode",
                       "pat@p.com", "Re: Dispatch request: draft-foo-bar",
                       "b@x"));
    f = tf_new ("z@x", "2024-03-10T08:00:00Z", "Zed Zo", "zed@z.com",
                "Re: Dispatch request: draft-foo-bar", "o@x");
    f->question = g_strdup ("Is there code?");
    tf_add (a, f);
    tf_add (a, tf_new ("p2@x", "2024-03-20T08:00:00Z", "Pat Ode",
                       "pat@p.com", "Re: Dispatch request: draft-foo-bar",
                       "z@x"));
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    return a;
}

static MlgConfig *
chairs (void)
{
    MlgConfig *config = mlg_config_new ();

    mlg_config_add_chair (config, "dispatch", "chair", "Kim Chair",
                          "kim@k.org");
    return config;
}

static const char *
id_at (const GPtrArray *messages, guint i)
{
    ck_assert_uint_lt (i, messages->len);
    return ((const MlgMessage *) messages->pdata[i])->id;
}

START_TEST (test_check_findings)
{
    g_autoptr (MlgConfig) config = chairs ();
    g_autoptr (MlgAnalysis) a = foo_bar (config);
    g_autoptr (MlgProposalCheck) check = NULL;

    tf_run (a);
    check = mlg_proposal_check (a, tf_proposal (a, "draft-foo-bar"));
    ck_assert_str_eq (check->opening->id, "o@x");
    ck_assert_uint_eq (check->checklist_missing,
                       ALL_ITEMS & ~(MLG_CHECK_DRAFT | MLG_CHECK_TIME));
    ck_assert_uint_eq (check->chairs_cc->len, 1);
    ck_assert_str_eq (check->chairs_cc->pdata[0], "dispatch-chairs@ietf.org");
    ck_assert_uint_eq (check->repliers, 4); /* Kim, Ann, Bob, Zed */
    ck_assert_str_eq (check->first_reply->id, "k@x");
    ck_assert_int_eq (check->first_reply_after, 24 * 3600);
    ck_assert_uint_eq (check->chairs_replied->len, 1);
    ck_assert_str_eq (id_at (check->chairs_replied, 0), "k@x");
    ck_assert_int_eq (check->latest_revision, 2);
    ck_assert_uint_eq (check->revisions_in_window, 1);
    /* Pat's own "Thoughts?" is not a question to the proponents; Ann's is
     * answered below Bob's reply; Zed's is answered. */
    ck_assert_uint_eq (check->unanswered->len, 1);
    ck_assert_str_eq (id_at (check->unanswered, 0), "k@x");
    ck_assert_uint_eq (check->missing,
                       MLG_MISSING_CHECKLIST | MLG_MISSING_ANSWER);
    /* The next steps come with the findings, in their order, so that the
     * text and the JSON of `check` say the same. */
    ck_assert_uint_eq (check->next_steps->len, 2);
    ck_assert_str_eq (check->next_steps->pdata[0],
                      "Reply to your request with the 6 missing checklist "
                      "items listed above.");
    ck_assert_str_eq (check->next_steps->pdata[1],
                      "Answer the 1 open question on the list.");
}
END_TEST

/* The config's [checklist] holds the dispatch list to DISPATCH's 2026
 * rules: the opening CC'd the chairs and gives the draft; the slides, the
 * presenter and both priority signals are missing. Once it links slides,
 * names who would present, has a supporter beyond the proponents and
 * mentions interoperability, nothing is missing; the priority signals
 * alone never make the check fail. */
START_TEST (test_check_dispatch_profile)
{
    g_autoptr (MlgConfig) config = chairs ();
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgAnalysis) a = NULL;
    g_autoptr (MlgAnalysis) b = NULL;
    g_autoptr (MlgProposalCheck) check = NULL;
    g_autoptr (MlgProposalCheck) complete = NULL;
    const MlgProposal *p;
    MlgMessageFacts *f;

    ck_assert_msg (mlg_config_load_data (config,
                                         "[checklist]\n"
                                         "dispatch = dispatch-2026\n",
                                         NULL, &error),
                   "%s", error ? error->message : "");
    a = foo_bar (config);
    tf_run (a);
    p = tf_proposal (a, "draft-foo-bar");
    ck_assert_str_eq (p->checklist_profile->name, "dispatch-2026");
    check = mlg_proposal_check (a, p);
    ck_assert_ptr_eq (check->profile, p->checklist_profile);
    ck_assert_uint_eq (check->profile->n_entries, 6);
    /* chairs-and-list, draft given; slides, presenter, outside-interest,
     * interoperability missing. */
    ck_assert_uint_eq (p->features.checklist, 0x03);
    ck_assert_uint_eq (check->checklist_missing, 0x3c);
    ck_assert (check->missing & MLG_MISSING_CHECKLIST);
    ck_assert_uint_eq (mlg_score_term_measure (p, MLG_SCORE_CHECKLIST), 2);

    b = mlg_analysis_new (config);
    f = tf_new ("o@x", "2024-03-04T08:00:00Z", "Pat Ode", "pat@p.com",
                "Dispatch request: draft-foo-bar", NULL);
    tf_draft (f, "draft-foo-bar", 2);
    {
        MlgPointer *slides = g_new0 (MlgPointer, 1);
        slides->kind = MLG_POINTER_SLIDES;
        slides->value = g_strdup ("https://example.org/foo-bar-slides.pdf");
        slides->revision = -1;
        g_ptr_array_add (f->pointers, slides);
    }
    f->checklist = MLG_CHECK_WHO | MLG_CHECK_IMPLEMENTATION;
    g_ptr_array_add (f->cc, g_strdup ("dispatch-chairs@ietf.org"));
    tf_add (b, f);
    f = tf_new ("a@x", "2024-03-06T08:00:00Z", "Ann Lee", "ann@a.com",
                "Re: Dispatch request: draft-foo-bar", "o@x");
    f->stance = MLG_STANCE_SUPPORT;
    tf_add (b, f);
    mlg_analysis_set_now (b, tf_date ("2024-04-01"));
    tf_run (b);
    p = tf_proposal (b, "draft-foo-bar");
    ck_assert_uint_eq (p->features.supporters, 1);
    complete = mlg_proposal_check (b, p);
    ck_assert_uint_eq (complete->checklist_missing, 0);
    ck_assert (!(complete->missing & MLG_MISSING_CHECKLIST));
}
END_TEST

/* Without the supporter and the implementation signal, only priority
 * signals are missing: reported, but not a failure of the checklist. */
START_TEST (test_check_dispatch_priority_only)
{
    g_autoptr (MlgConfig) config = chairs ();
    g_autoptr (MlgAnalysis) a = NULL;
    g_autoptr (MlgProposalCheck) check = NULL;
    MlgMessageFacts *f;

    ck_assert (mlg_config_load_data (config, "[checklist]\n* = dispatch-2026\n",
                                     NULL, NULL));
    a = mlg_analysis_new (config);
    f = tf_new ("o@x", "2024-03-04T08:00:00Z", "Pat Ode", "pat@p.com",
                "Dispatch request: draft-foo-bar", NULL);
    tf_draft (f, "draft-foo-bar", 2);
    {
        MlgPointer *slides = g_new0 (MlgPointer, 1);
        slides->kind = MLG_POINTER_SLIDES;
        slides->value = g_strdup ("https://example.org/s.pdf");
        slides->revision = -1;
        g_ptr_array_add (f->pointers, slides);
    }
    f->checklist = MLG_CHECK_WHO;
    g_ptr_array_add (f->to, g_strdup ("dispatch-chairs@ietf.org"));
    tf_add (a, f);
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    tf_run (a);
    check = mlg_proposal_check (a, tf_proposal (a, "draft-foo-bar"));
    ck_assert_uint_eq (check->checklist_missing, 0x30);
    ck_assert (!(check->missing & MLG_MISSING_CHECKLIST));
}
END_TEST

/* An answer after the end of the window does not count yet. */
START_TEST (test_check_answer_after_window)
{
    g_autoptr (MlgConfig) config = chairs ();
    g_autoptr (MlgAnalysis) a = foo_bar (config);
    g_autoptr (MlgProposalCheck) check = NULL;

    mlg_analysis_set_window (a, MLG_NO_SINCE, tf_date ("2024-03-15"));
    tf_run (a);
    check = mlg_proposal_check (a, tf_proposal (a, "draft-foo-bar"));
    ck_assert_uint_eq (check->unanswered->len, 2);
    ck_assert_str_eq (id_at (check->unanswered, 0), "k@x");
    ck_assert_str_eq (id_at (check->unanswered, 1), "z@x");
}
END_TEST

/* A window after the request: no revision mentioned in it, and only the
 * proponent wrote: no reply, no chair. */
START_TEST (test_check_window_without_activity)
{
    g_autoptr (MlgConfig) config = chairs ();
    g_autoptr (MlgAnalysis) a = foo_bar (config);
    g_autoptr (MlgProposalCheck) check = NULL;

    mlg_analysis_set_window (a, tf_date ("2024-03-15"), MLG_NO_UNTIL);
    tf_run (a);
    check = mlg_proposal_check (a, tf_proposal (a, "draft-foo-bar"));
    ck_assert_uint_eq (check->revisions_in_window, 0);
    ck_assert_uint_eq (check->repliers, 0);
    ck_assert_ptr_null (check->first_reply);
    ck_assert_int_eq (check->first_reply_after, -1);
    ck_assert_uint_eq (check->unanswered->len, 0);
    ck_assert (check->missing & MLG_MISSING_REVISION);
    ck_assert (check->missing & MLG_MISSING_REPLY);
    ck_assert (check->missing & MLG_MISSING_CHAIR_REPLY);
    ck_assert (!(check->missing & MLG_MISSING_ANSWER));
}
END_TEST

/* A lone request without CC, checklist or replies; a discussion without
 * a draft is never missing a revision. */
START_TEST (test_check_lonely_and_no_draft)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    g_autoptr (MlgProposalCheck) lonely = NULL;
    g_autoptr (MlgProposalCheck) idea = NULL;
    MlgMessageFacts *f;

    f = tf_new ("s@x", "2024-02-08T08:00:00Z", "Sam Lee", "sam@s.org",
                "Request for time: draft-lee-key-rotation", NULL);
    tf_draft (f, "draft-lee-key-rotation", 0);
    g_ptr_array_add (f->to, g_strdup ("secdispatch@ietf.org"));
    tf_add (a, f);
    tf_add (a, tf_new ("q@x", "2024-01-10T08:00:00Z", "Quentin Blake",
                       "q@b.com", "A registry for colours", NULL));
    tf_add (a, tf_new ("r@x", "2024-01-11T08:00:00Z", "Ann Lee", "ann@a.com",
                       "Re: A registry for colours", "q@x"));
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    tf_run (a);

    lonely = mlg_proposal_check (a, tf_proposal (a, "draft-lee-key-rotation"));
    ck_assert_uint_eq (lonely->checklist_missing, ALL_ITEMS);
    ck_assert_uint_eq (lonely->chairs_cc->len, 0);
    ck_assert_uint_eq (lonely->missing,
                       MLG_MISSING_CHECKLIST | MLG_MISSING_CHAIRS_CC
                           | MLG_MISSING_REPLY | MLG_MISSING_CHAIR_REPLY);

    idea = mlg_proposal_check (a, tf_proposal (a, "a registry for colours"));
    ck_assert_uint_eq (idea->repliers, 1);
    ck_assert (!(idea->missing & MLG_MISSING_REVISION));
    ck_assert (!(idea->missing & MLG_MISSING_REPLY));
}
END_TEST

START_TEST (test_suggestions)
{
    g_autoptr (MlgConfig) config = chairs ();
    g_autoptr (MlgAnalysis) a = foo_bar (config);
    g_autoptr (GPtrArray) some = NULL;
    g_autoptr (GPtrArray) none = NULL;
    g_autoptr (GPtrArray) words = NULL;

    tf_add (a, tf_new ("c@x", "2024-01-10T08:00:00Z", "Quentin Blake",
                       "q@b.com", "Colours of foo", NULL));
    tf_run (a);
    some = mlg_analysis_suggest_proposals (a, "FOO", 5);
    ck_assert_uint_eq (some->len, 2);
    /* By rank: the draft scores higher than the idea. */
    ck_assert_str_eq (((const MlgProposal *) some->pdata[0])->name,
                      "draft-foo-bar");
    ck_assert_str_eq (((const MlgProposal *) some->pdata[1])->name,
                      "colours of foo");
    words = mlg_analysis_suggest_proposals (a, "draft-colours-thing", 5);
    ck_assert_uint_eq (words->len, 1);
    ck_assert_str_eq (((const MlgProposal *) words->pdata[0])->name,
                      "colours of foo");
    none = mlg_analysis_suggest_proposals (a, "draft-ietf-zzz", 5);
    ck_assert_uint_eq (none->len, 0);
    g_ptr_array_unref (mlg_analysis_suggest_proposals (a, "", 5));
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("check");
    TCase *tc = tcase_create ("check");

    tcase_add_test (tc, test_check_findings);
    tcase_add_test (tc, test_check_dispatch_profile);
    tcase_add_test (tc, test_check_dispatch_priority_only);
    tcase_add_test (tc, test_check_answer_after_window);
    tcase_add_test (tc, test_check_window_without_activity);
    tcase_add_test (tc, test_check_lonely_and_no_draft);
    tcase_add_test (tc, test_suggestions);
    suite_add_tcase (s, tc);
    return s;
}

MLG_TEST_MAIN (make_suite)
