/* test-score.c - engagement features and the score: the ranking that
 * chairs act on, the window, the list filter, the checklist, stances,
 * chairs and revisions. */
#include "mlg-test.h"

#include "mlg-analysis-test-private.h"

/* A 40-message argument between two people about draft-argue. */
static void
add_argument (MlgAnalysis *a)
{
    MlgMessageFacts *f = tf_new ("arg0@x", "2024-03-01T08:00:00Z",
                                 "Ann Lee", "ann@a.com",
                                 "draft-argue-point", NULL);
    tf_draft (f, "draft-argue-point", 0);
    tf_add (a, f);
    for (guint i = 1; i < 40; i++) {
        g_autofree char *id = g_strdup_printf ("arg%u@x", i);
        g_autofree char *parent = g_strdup_printf ("arg%u@x", i - 1);
        g_autofree char *date =
            g_strdup_printf ("2024-03-%02uT10:00:00Z", 1 + i / 2);
        bool bob = i % 2 == 1;
        tf_add (a, tf_new (id, date, bob ? "Bob Ray" : "Ann Lee",
                           bob ? "bob@b.com" : "ann@a.com",
                           "Re: draft-argue-point", parent));
    }
}

/* A 10-message thread: the proponent, 8 independent voices from 5
 * organisations, and the proponent's thanks. */
static void
add_broad (MlgAnalysis *a)
{
    static const char *const who[8] = {
        "p1@org1.com", "p2@org1.com", "p3@org2.com", "p4@org2.com",
        "p5@org3.com", "p6@org4.com", "p7@org5.com", "p8@org5.com",
    };
    MlgMessageFacts *f = tf_new ("br0@x", "2024-03-01T08:00:00Z",
                                 "Cara Moe", "cara@c.com",
                                 "draft-broad-idea", NULL);
    tf_draft (f, "draft-broad-idea", 0);
    tf_add (a, f);
    for (guint i = 0; i < 8; i++) {
        g_autofree char *id = g_strdup_printf ("br%u@x", i + 1);
        g_autofree char *name = g_strdup_printf ("Voice Number%u", i);
        g_autofree char *date =
            g_strdup_printf ("2024-03-%02uT09:00:00Z", 2 + i);
        tf_add (a, tf_new (id, date, name, who[i], "Re: draft-broad-idea",
                           "br0@x"));
    }
    tf_add (a, tf_new ("br9@x", "2024-03-12", "Cara Moe", "cara@c.com",
                       "Re: draft-broad-idea", "br1@x"));
}

/* The window ends at --until when given, else at the reference time:
 * one rule for scope, revisions, check and the reports. */
START_TEST (test_window_end_rule)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    ck_assert_int_eq (mlg_analysis_get_window_end (a), tf_date ("2024-04-01"));
    mlg_analysis_set_window (a, tf_date ("2024-01-01"), MLG_NO_UNTIL);
    ck_assert_int_eq (mlg_analysis_get_window_end (a), tf_date ("2024-04-01"));
    mlg_analysis_set_window (a, MLG_NO_SINCE, tf_date ("2024-02-01"));
    ck_assert_int_eq (mlg_analysis_get_window_end (a), tf_date ("2024-02-01"));
    /* An --until after the reference time is still the end. */
    mlg_analysis_set_window (a, MLG_NO_SINCE, tf_date ("2024-05-01"));
    ck_assert_int_eq (mlg_analysis_get_window_end (a), tf_date ("2024-05-01"));
}
END_TEST

START_TEST (test_broad_beats_argument)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const GPtrArray *ranked;
    const MlgProposal *broad, *argue;

    add_argument (a);
    add_broad (a);
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    tf_run (a);
    ranked = mlg_analysis_get_proposals (a);
    ck_assert_uint_eq (ranked->len, 2);
    broad = ranked->pdata[0];
    argue = ranked->pdata[1];
    ck_assert_str_eq (broad->name, "draft-broad-idea");
    ck_assert_str_eq (argue->name, "draft-argue-point");
    ck_assert_uint_eq (argue->features.messages, 40);
    ck_assert_uint_eq (argue->features.people, 2);
    ck_assert_uint_eq (argue->features.independent_people, 1);
    ck_assert_uint_eq (broad->features.messages, 10);
    ck_assert_uint_eq (broad->features.independent_people, 8);
    ck_assert_uint_eq (broad->features.organisations, 6);
    ck_assert_uint_eq (broad->rank, 1);
    ck_assert_uint_eq (argue->rank, 2);
    ck_assert (broad->score > argue->score);
    /* The breakdown adds up to the score. */
    {
        double sum = 0;
        for (guint i = 0; i < MLG_SCORE_TERMS; i++)
            sum += broad->breakdown[i];
        ck_assert_double_eq_tol (sum, broad->score, 0.01);
    }
}
END_TEST

START_TEST (test_weights_from_config)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgAnalysis) a = NULL;

    /* A config that values raw volume above all flips the order. */
    ck_assert (mlg_config_load_data (config,
                                     "[weights]\nmessages = 100\n"
                                     "independent_people = 0\n",
                                     NULL, NULL));
    a = mlg_analysis_new (config);
    add_argument (a);
    add_broad (a);
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    tf_run (a);
    ck_assert_str_eq (((MlgProposal *) mlg_analysis_get_proposals (a)
                           ->pdata[0])->name,
                      "draft-argue-point");
}
END_TEST

START_TEST (test_window)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgProposal *p;

    add_broad (a);
    add_argument (a);
    tf_add (a, tf_new ("old@x", "2023-01-01", "Old Timer", "old@o.com",
                       "Ancient history", NULL));
    tf_add (a, tf_new ("new@x", "2024-06-01", "Late Comer", "late@l.com",
                       "Future", NULL));
    mlg_analysis_set_now (a, tf_date ("2024-05-01"));
    mlg_analysis_set_window (a, tf_date ("2024-03-05"), MLG_NO_UNTIL);
    tf_run (a);
    /* Before the window, and after now: out. */
    ck_assert_ptr_null (tf_proposal (a, "ancient history"));
    ck_assert_ptr_null (tf_proposal (a, "future"));
    p = tf_proposal (a, "draft-broad-idea");
    ck_assert_ptr_nonnull (p);
    /* br4..br9 are dated 2024-03-05 and later. */
    ck_assert_uint_eq (p->features.messages, 6);
    ck_assert_int_eq (p->features.first, tf_date ("2024-03-05T09:00:00Z"));
    ck_assert_int_eq (p->features.last, tf_date ("2024-03-12"));

    mlg_analysis_set_window (a, MLG_NO_SINCE, tf_date ("2023-12-31"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 1);
    ck_assert_ptr_nonnull (tf_proposal (a, "ancient history"));
}
END_TEST

START_TEST (test_window_inverted)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    g_autoptr (GError) error = NULL;

    mlg_analysis_set_window (a, tf_date ("2024-03-05"), tf_date ("2024-03-01"));
    ck_assert (!mlg_analysis_run (a, &error));
    ck_assert (g_error_matches (error, MLG_ANALYSIS_ERROR, MLG_ERROR_INVALID));
}
END_TEST

static void
add_on_list (MlgAnalysis *a, const char *id, const char *list)
{
    MlgMessageFacts *f = tf_new (id, "2024-01-01", "Ann Lee", "ann@a.com",
                                 id, NULL);

    g_ptr_array_set_size (f->lists, 0);
    mlg_message_facts_add_list (f, list);
    tf_add (a, f);
}

START_TEST (test_list_filter)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    g_autoptr (GError) error = NULL;

    add_on_list (a, "one", "dispatch.ietf.org");
    add_on_list (a, "two", "secdispatch.ietf.org");
    add_on_list (a, "three", "dispatch.example.org");
    mlg_analysis_add_list (a, "secdispatch");
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 1);
    ck_assert_ptr_nonnull (tf_proposal (a, "two"));

    mlg_analysis_add_list (a, "dispatch");
    ck_assert (!mlg_analysis_run (a, &error));
    ck_assert (g_error_matches (error, MLG_ANALYSIS_ERROR, MLG_ERROR_INVALID));
}
END_TEST

START_TEST (test_list_unknown)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    g_autoptr (GError) error = NULL;

    add_on_list (a, "one", "dispatch.ietf.org");
    mlg_analysis_add_list (a, "nosuch");
    ck_assert (!mlg_analysis_run (a, &error));
    ck_assert (g_error_matches (error, MLG_ANALYSIS_ERROR,
                                MLG_ERROR_NOT_FOUND));
}
END_TEST

/* One test per checklist item: the opening mail's bit, and only it, is
 * reported and scored. */
START_TEST (test_checklist_item)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f = tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                                 "Request", NULL);
    const MlgProposal *p;
    guint bit = 1u << _i;

    f->checklist = bit;
    tf_add (a, f);
    /* A reply's signals are not the request's. */
    f = tf_new ("b@x", "2024-01-02", "Bob Ray", "bob@b.com", "Re: Request",
                "a@x");
    f->checklist = 0xff & ~bit;
    tf_add (a, f);
    tf_run (a);
    p = tf_proposal (a, "request");
    ck_assert_ptr_nonnull (p);
    ck_assert_uint_eq (p->features.checklist, bit);
    ck_assert_double_eq_tol (p->breakdown[MLG_SCORE_CHECKLIST], 0.5, 1e-9);
    ck_assert_str_ne (mlg_checklist_item_to_string (bit), "unknown");
}
END_TEST

START_TEST (test_latest_stance_wins)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;
    const MlgProposal *p;

    f = tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com", "Idea", NULL);
    f->stance = MLG_STANCE_SUPPORT; /* the proponent's own: not counted */
    tf_add (a, f);
    f = tf_new ("b@x", "2024-01-02", "Bob Ray", "bob@b.com", "Re: Idea",
                "a@x");
    f->stance = MLG_STANCE_SUPPORT;
    tf_add (a, f);
    f = tf_new ("c@x", "2024-01-05", "Bob Ray", "bob@b.com", "Re: Idea",
                "a@x");
    f->stance = MLG_STANCE_OBJECTION;
    tf_add (a, f);
    /* A later message without a stance changes nothing. */
    tf_add (a, tf_new ("d@x", "2024-01-06", "Bob Ray", "bob@b.com",
                       "Re: Idea", "c@x"));
    f = tf_new ("e@x", "2024-01-03", "Cy Dee", "cy@c.com", "Re: Idea", "a@x");
    f->stance = MLG_STANCE_SUPPORT;
    tf_add (a, f);
    tf_run (a);
    p = tf_proposal (a, "idea");
    ck_assert_uint_eq (p->features.supporters, 1);
    ck_assert_uint_eq (p->features.objectors, 1);
    ck_assert_uint_eq (mlg_analysis_get_person (a, "bob@b.com")->objections,
                       1);
    ck_assert_uint_eq (mlg_analysis_get_person (a, "bob@b.com")->supports, 0);
}
END_TEST

START_TEST (test_chairs)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgAnalysis) a = NULL;
    MlgMessageFacts *f;
    const MlgProposal *p;

    mlg_config_add_chair (config, "dispatch", "chair", "Kirsty",
                          "kirsty@example.org");
    mlg_config_add_chair (config, "secdispatch", "chair", "Rifaat",
                          "rifaat@example.com");
    a = mlg_analysis_new (config);
    f = tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com", "Idea", NULL);
    g_ptr_array_add (f->to, g_strdup ("dispatch@ietf.org"));
    g_ptr_array_add (f->cc, g_strdup ("dispatch-chairs@ietf.org"));
    g_ptr_array_add (f->cc, g_strdup ("art-ads@ietf.org"));
    tf_add (a, f);
    tf_add (a, tf_new ("b@x", "2024-01-02", "Kirsty P", "kirsty@example.org",
                       "Re: Idea", "a@x"));
    /* The chair of another list is just a participant here. */
    tf_add (a, tf_new ("c@x", "2024-01-03", "Rifaat S", "rifaat@example.com",
                       "Re: Idea", "a@x"));
    tf_run (a);
    p = tf_proposal (a, "idea");
    ck_assert_uint_eq (p->features.chairs_cc, 2);
    ck_assert_uint_eq (p->features.chairs_replied, 1);
}
END_TEST

START_TEST (test_first_reply)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgProposal *p;

    tf_add (a, tf_new ("a@x", "2024-01-01T00:00:00Z", "Ann Lee", "ann@a.com",
                       "Idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-01T02:00:00Z", "Ann Lee", "ann@a.com",
                       "Re: Idea", "a@x"));
    tf_add (a, tf_new ("c@x", "2024-01-01T05:00:00Z", "Bob Ray", "bob@b.com",
                       "Re: Idea", "b@x"));
    tf_run (a);
    p = tf_proposal (a, "idea");
    ck_assert_int_eq (p->features.first_reply, 5 * 3600);
}
END_TEST

START_TEST (test_unanswered)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgProposal *p;

    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com", "Idea",
                       NULL));
    tf_run (a);
    p = tf_proposal (a, "idea");
    ck_assert_int_eq (p->features.first_reply, -1);
    ck_assert_uint_eq (p->features.independent_people, 0);
}
END_TEST

START_TEST (test_revisions_and_impl)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;
    const MlgProposal *p;

    f = tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com", "draft-x-y-01",
                NULL);
    tf_draft (f, "draft-x-y", 1);
    tf_add (a, f);
    f = tf_new ("b@x", "2024-03-01", "Ann Lee", "ann@a.com", "Re: draft-x-y",
                "a@x");
    tf_draft (f, "draft-x-y", 2);
    tf_draft (f, "draft-x-y", 1); /* an old revision is not new */
    tf_pointer (f, MLG_POINTER_IMPL, "https://github.com/x/y");
    tf_add (a, f);
    f = tf_new ("c@x", "2024-03-10", "Bob Ray", "bob@b.com", "Re: draft-x-y",
                "b@x");
    tf_draft (f, "draft-x-y", 3);
    tf_pointer (f, MLG_POINTER_IMPL, "https://github.com/x/y");
    tf_pointer (f, MLG_POINTER_IMPL, "https://gitlab.com/z/y");
    tf_add (a, f);
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    mlg_analysis_set_window (a, tf_date ("2024-02-01"), MLG_NO_UNTIL);
    tf_run (a);
    p = tf_proposal (a, "draft-x-y");
    ck_assert_int_eq (p->features.latest_revision, 3);
    ck_assert_uint_eq (p->features.revisions_in_window, 2);
    ck_assert_uint_eq (p->features.impl_pointers, 2);
    ck_assert_uint_eq (p->features.draft_pointers, 3);
}
END_TEST

START_TEST (test_deterministic_order)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    g_autoptr (MlgAnalysis) b = mlg_analysis_new (NULL);
    const GPtrArray *pa, *pb;

    /* Same facts, different order: same ranking. Equal scores sort by
     * name. */
    tf_add (a, tf_new ("1@x", "2024-01-01", "Ann Lee", "ann@a.com", "Beta",
                       NULL));
    tf_add (a, tf_new ("2@x", "2024-01-01", "Ann Lee", "ann@a.com", "Alpha",
                       NULL));
    tf_add (b, tf_new ("2@x", "2024-01-01", "Ann Lee", "ann@a.com", "Alpha",
                       NULL));
    tf_add (b, tf_new ("1@x", "2024-01-01", "Ann Lee", "ann@a.com", "Beta",
                       NULL));
    tf_run (a);
    tf_run (b);
    pa = mlg_analysis_get_proposals (a);
    pb = mlg_analysis_get_proposals (b);
    ck_assert_uint_eq (pa->len, 2);
    ck_assert_str_eq (((MlgProposal *) pa->pdata[0])->name, "alpha");
    ck_assert_str_eq (((MlgProposal *) pb->pdata[0])->name, "alpha");
    ck_assert_str_eq (((MlgProposal *) pb->pdata[1])->name, "beta");
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("score");
    TCase *rank = tcase_create ("rank");
    TCase *scope = tcase_create ("scope");
    TCase *features = tcase_create ("features");

    tcase_add_test (rank, test_broad_beats_argument);
    tcase_add_test (rank, test_weights_from_config);
    tcase_add_test (rank, test_deterministic_order);
    suite_add_tcase (s, rank);
    tcase_add_test (scope, test_window);
    tcase_add_test (scope, test_window_end_rule);
    tcase_add_test (scope, test_window_inverted);
    tcase_add_test (scope, test_list_filter);
    tcase_add_test (scope, test_list_unknown);
    suite_add_tcase (s, scope);
    tcase_add_loop_test (features, test_checklist_item, 0,
                         MLG_CHECKLIST_COUNT);
    tcase_add_test (features, test_latest_stance_wins);
    tcase_add_test (features, test_chairs);
    tcase_add_test (features, test_first_reply);
    tcase_add_test (features, test_unanswered);
    tcase_add_test (features, test_revisions_and_impl);
    suite_add_tcase (s, features);
    return s;
}

MLG_TEST_MAIN (make_suite)
