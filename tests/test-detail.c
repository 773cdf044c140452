/* test-detail.c - one proposal in detail: roles, participants and their
 * latest stances, weekly activity and finding a proposal by name or by
 * draft. */
#include "mlg-test.h"

#include "mlg-analysis-test-private.h"

/* draft-foo-bar: Pat opens (CC the chairs), the chair Kim answers, Ann
 * supports then objects, Bob supports, a bot announces a revision, and Pat
 * thanks everyone in a later week. */
static MlgAnalysis *
foo_bar (MlgConfig *config)
{
    MlgAnalysis *a = mlg_analysis_new (config);
    MlgMessageFacts *f;

    f = tf_new ("o@x", "2024-03-04T08:00:00Z", "Pat Ode", "pat@p.com",
                "Dispatch request: draft-foo-bar", NULL);
    tf_draft (f, "draft-foo-bar", 2);
    g_ptr_array_add (f->cc, g_strdup ("dispatch-chairs@ietf.org"));
    tf_add (a, f);
    tf_add (a, tf_new ("k@x", "2024-03-05T08:00:00Z", "Kim Chair",
                       "kim@k.org", "Re: Dispatch request: draft-foo-bar",
                       "o@x"));
    f = tf_new ("a1@x", "2024-03-06T08:00:00Z", "Ann Lee", "ann@a.com",
                "Re: Dispatch request: draft-foo-bar", "o@x");
    f->stance = MLG_STANCE_SUPPORT;
    f->stance_quote = g_strdup ("I support this.");
    tf_add (a, f);
    f = tf_new ("b@x", "2024-03-07T08:00:00Z", "Bob Ray", "bob@b.com",
                "Re: Dispatch request: draft-foo-bar", "a1@x");
    f->stance = MLG_STANCE_SUPPORT;
    f->stance_quote = g_strdup ("+1");
    tf_add (a, f);
    f = tf_new ("a2@x", "2024-03-08T08:00:00Z", "Ann Lee", "ann@a.com",
                "Re: Dispatch request: draft-foo-bar", "b@x");
    f->stance = MLG_STANCE_OBJECTION;
    f->stance_quote = g_strdup ("On reflection I object.");
    tf_add (a, f);
    f = tf_new ("bot@x", "2024-03-08T09:00:00Z", "", "internet-drafts@ietf.org",
                "Re: Dispatch request: draft-foo-bar", "o@x");
    f->kind = MLG_KIND_AUTOMATED;
    tf_add (a, f);
    tf_add (a, tf_new ("p2@x", "2024-03-19T08:00:00Z", "Pat Ode",
                       "pat@p.com", "Re: Dispatch request: draft-foo-bar",
                       "a2@x"));
    tf_add (a, tf_new ("other@x", "2024-03-04T08:00:00Z", "Zed Zo",
                       "zed@z.com", "Lunch plans", NULL));
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

static const MlgParticipant *
participant (const GPtrArray *parts, const char *address)
{
    for (guint i = 0; i < parts->len; i++) {
        const MlgParticipant *part = parts->pdata[i];
        if (strcmp (part->person->address, address) == 0)
            return part;
    }
    ck_abort_msg ("no participant %s", address);
    return NULL;
}

START_TEST (test_roles)
{
    g_autoptr (MlgConfig) config = chairs ();
    g_autoptr (MlgAnalysis) a = foo_bar (config);
    const MlgProposal *p;

    tf_run (a);
    p = tf_proposal (a, "draft-foo-bar");
    ck_assert_ptr_nonnull (p);
    ck_assert_int_eq (mlg_proposal_role (a, p, mlg_analysis_get_message (
                                                   a, "o@x")),
                      MLG_ROLE_PROPONENT);
    ck_assert_int_eq (
        mlg_proposal_role (a, p, mlg_analysis_get_message (a, "k@x")),
        MLG_ROLE_CHAIR);
    ck_assert_int_eq (
        mlg_proposal_role (a, p, mlg_analysis_get_message (a, "b@x")),
        MLG_ROLE_INDEPENDENT);
    ck_assert_int_eq (
        mlg_proposal_role (a, p, mlg_analysis_get_message (a, "bot@x")),
        MLG_ROLE_AUTOMATED);
    ck_assert_str_eq (mlg_role_to_string (MLG_ROLE_CHAIR), "chair");
}
END_TEST

START_TEST (test_participants)
{
    g_autoptr (MlgConfig) config = chairs ();
    g_autoptr (MlgAnalysis) a = foo_bar (config);
    g_autoptr (GPtrArray) parts = NULL;
    const MlgParticipant *ann, *bob, *pat, *kim;

    tf_run (a);
    parts = mlg_proposal_get_participants (a,
                                           tf_proposal (a, "draft-foo-bar"));
    /* The bot is not a participant. */
    ck_assert_uint_eq (parts->len, 4);
    /* Most messages first; ties by name. */
    ck_assert_str_eq (((MlgParticipant *) parts->pdata[0])->person->name,
                      "Ann Lee");
    ck_assert_str_eq (((MlgParticipant *) parts->pdata[1])->person->name,
                      "Pat Ode");
    ck_assert_str_eq (((MlgParticipant *) parts->pdata[2])->person->name,
                      "Bob Ray");
    ck_assert_str_eq (((MlgParticipant *) parts->pdata[3])->person->name,
                      "Kim Chair");

    ann = participant (parts, "ann@a.com");
    ck_assert_uint_eq (ann->messages, 2);
    ck_assert_uint_eq (ann->threads, 1);
    ck_assert_int_eq (ann->role, MLG_ROLE_INDEPENDENT);
    /* The latest stance wins, with its evidence. */
    ck_assert_int_eq (ann->stance, MLG_STANCE_OBJECTION);
    ck_assert_str_eq (ann->stance_message->id, "a2@x");
    ck_assert_str_eq (ann->stance_message->stance_quote,
                      "On reflection I object.");
    ck_assert_int_eq (ann->first, tf_date ("2024-03-06T08:00:00Z"));
    ck_assert_int_eq (ann->last, tf_date ("2024-03-08T08:00:00Z"));

    bob = participant (parts, "bob@b.com");
    ck_assert_int_eq (bob->stance, MLG_STANCE_SUPPORT);
    pat = participant (parts, "pat@p.com");
    ck_assert_int_eq (pat->role, MLG_ROLE_PROPONENT);
    ck_assert_int_eq (pat->stance, MLG_STANCE_NONE);
    ck_assert_ptr_null (pat->stance_message);
    kim = participant (parts, "kim@k.org");
    ck_assert_int_eq (kim->role, MLG_ROLE_CHAIR);
}
END_TEST

START_TEST (test_participants_window)
{
    g_autoptr (MlgConfig) config = chairs ();
    g_autoptr (MlgAnalysis) a = foo_bar (config);
    g_autoptr (GPtrArray) parts = NULL;

    /* Ann's objection falls outside the window: her support stands. */
    mlg_analysis_set_window (a, tf_date ("2024-03-01"),
                             tf_date ("2024-03-07T23:59:59Z"));
    tf_run (a);
    parts = mlg_proposal_get_participants (a,
                                           tf_proposal (a, "draft-foo-bar"));
    ck_assert_uint_eq (parts->len, 4);
    ck_assert_int_eq (participant (parts, "ann@a.com")->stance,
                      MLG_STANCE_SUPPORT);
    ck_assert_uint_eq (participant (parts, "ann@a.com")->messages, 1);
    ck_assert_uint_eq (participant (parts, "pat@p.com")->messages, 1);
}
END_TEST

START_TEST (test_week_start)
{
    /* 2024-03-04 was a Monday. */
    ck_assert_int_eq (mlg_week_start (tf_date ("2024-03-04T00:00:00Z")),
                      tf_date ("2024-03-04T00:00:00Z"));
    ck_assert_int_eq (mlg_week_start (tf_date ("2024-03-10T23:59:59Z")),
                      tf_date ("2024-03-04T00:00:00Z"));
    ck_assert_int_eq (mlg_week_start (tf_date ("2024-03-11T00:00:00Z")),
                      tf_date ("2024-03-11T00:00:00Z"));
    /* Around and before the epoch (a Thursday). */
    ck_assert_int_eq (mlg_week_start (0), -3 * 24 * 3600);
    ck_assert_int_eq (mlg_week_start (-3 * 24 * 3600 - 1),
                      -10 * 24 * 3600);
}
END_TEST

START_TEST (test_weekly_activity)
{
    g_autoptr (MlgConfig) config = chairs ();
    g_autoptr (MlgAnalysis) a = foo_bar (config);
    g_autoptr (GArray) weeks = NULL;
    const MlgWeek *w;

    tf_run (a);
    weeks = mlg_proposal_get_weekly_activity (
        a, tf_proposal (a, "draft-foo-bar"), tf_date ("2024-02-28"),
        tf_date ("2024-03-20"));
    /* Weeks of Feb 26, Mar 4, Mar 11, Mar 18. */
    ck_assert_uint_eq (weeks->len, 4);
    w = &g_array_index (weeks, MlgWeek, 0);
    ck_assert_int_eq (w->start, tf_date ("2024-02-26"));
    ck_assert_uint_eq (w->counts[MLG_ROLE_PROPONENT]
                           + w->counts[MLG_ROLE_INDEPENDENT],
                       0);
    w = &g_array_index (weeks, MlgWeek, 1);
    ck_assert_uint_eq (w->counts[MLG_ROLE_PROPONENT], 1);
    ck_assert_uint_eq (w->counts[MLG_ROLE_CHAIR], 1);
    ck_assert_uint_eq (w->counts[MLG_ROLE_INDEPENDENT], 3);
    ck_assert_uint_eq (w->counts[MLG_ROLE_AUTOMATED], 1);
    w = &g_array_index (weeks, MlgWeek, 2);
    ck_assert_uint_eq (w->counts[MLG_ROLE_PROPONENT]
                           + w->counts[MLG_ROLE_INDEPENDENT],
                       0);
    w = &g_array_index (weeks, MlgWeek, 3);
    ck_assert_uint_eq (w->counts[MLG_ROLE_PROPONENT], 1);

    /* A range past the bound keeps its last 1,000 weeks. */
    g_array_unref (weeks);
    weeks = mlg_proposal_get_weekly_activity (
        a, tf_proposal (a, "draft-foo-bar"), tf_date ("1990-01-01"),
        tf_date ("2024-03-20"));
    ck_assert_uint_eq (weeks->len, 1000);
    w = &g_array_index (weeks, MlgWeek, 999);
    ck_assert_int_eq (w->start, tf_date ("2024-03-18"));
    ck_assert_uint_eq (w->counts[MLG_ROLE_PROPONENT], 1);
}
END_TEST

/* Activity in calendar months, quarters and years: every bin from the
 * one holding `from` to the one holding `to`, starting on its first day,
 * each message in the bin of its own date. */
START_TEST (test_binned_activity)
{
    g_autoptr (MlgConfig) config = chairs ();
    g_autoptr (MlgAnalysis) a = foo_bar (config);
    const MlgProposal *p;
    g_autoptr (GArray) months = NULL;
    g_autoptr (GArray) quarters = NULL;
    g_autoptr (GArray) years = NULL;
    guint total = 0;

    tf_run (a);
    p = tf_proposal (a, "draft-foo-bar");
    months = mlg_proposal_get_activity (a, p, tf_date ("2024-01-15"),
                                        tf_date ("2024-04-02"),
                                        MLG_BIN_MONTH);
    ck_assert_uint_eq (months->len, 4);
    ck_assert_int_eq (g_array_index (months, MlgWeek, 0).start,
                      tf_date ("2024-01-01"));
    ck_assert_int_eq (g_array_index (months, MlgWeek, 1).start,
                      tf_date ("2024-02-01"));
    ck_assert_int_eq (g_array_index (months, MlgWeek, 3).start,
                      tf_date ("2024-04-01"));
    /* Everything foo_bar holds is in March 2024. */
    for (guint r = 0; r < MLG_ROLES; r++) {
        ck_assert_uint_eq (g_array_index (months, MlgWeek, 0).counts[r], 0);
        ck_assert_uint_eq (g_array_index (months, MlgWeek, 1).counts[r], 0);
        total += g_array_index (months, MlgWeek, 2).counts[r];
    }
    ck_assert_uint_eq (g_array_index (months, MlgWeek, 2)
                           .counts[MLG_ROLE_PROPONENT], 2);
    ck_assert_uint_eq (total, 7);

    quarters = mlg_proposal_get_activity (a, p, tf_date ("2023-11-30"),
                                          tf_date ("2024-04-02"),
                                          MLG_BIN_QUARTER);
    ck_assert_uint_eq (quarters->len, 3);
    ck_assert_int_eq (g_array_index (quarters, MlgWeek, 1).start,
                      tf_date ("2024-01-01"));
    ck_assert_uint_eq (g_array_index (quarters, MlgWeek, 1)
                           .counts[MLG_ROLE_PROPONENT], 2);
    years = mlg_proposal_get_activity (a, p, tf_date ("2019-06-01"),
                                       tf_date ("2025-01-01"),
                                       MLG_BIN_YEAR);
    ck_assert_uint_eq (years->len, 7);
    ck_assert_int_eq (g_array_index (years, MlgWeek, 5).start,
                      tf_date ("2024-01-01"));
    ck_assert_uint_eq (g_array_index (years, MlgWeek, 5)
                           .counts[MLG_ROLE_INDEPENDENT], 3);
}
END_TEST

START_TEST (test_find_proposal)
{
    g_autoptr (MlgAnalysis) a = foo_bar (NULL);
    const MlgProposal *p;

    tf_run (a);
    p = tf_proposal (a, "draft-foo-bar");
    ck_assert_ptr_eq (mlg_analysis_find_proposal (a, "draft-foo-bar"), p);
    ck_assert_ptr_eq (mlg_analysis_find_proposal (a, "Draft-Foo-Bar"), p);
    ck_assert_ptr_eq (mlg_analysis_find_proposal (a, "draft-foo-bar-02"), p);
    ck_assert_ptr_eq (
        mlg_analysis_find_proposal (a, "draft-foo-bar-07.txt"), p);
    ck_assert_ptr_eq (mlg_analysis_find_proposal (a, "lunch plans"),
                      tf_proposal (a, "lunch plans"));
    ck_assert_ptr_null (mlg_analysis_find_proposal (a, "draft-foo"));
    ck_assert_ptr_null (mlg_analysis_find_proposal (a, "draft-foo-bar-x"));
    ck_assert_ptr_null (mlg_analysis_find_proposal (a, ""));
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("detail");
    TCase *people = tcase_create ("people");
    TCase *activity = tcase_create ("activity");
    TCase *lookup = tcase_create ("lookup");

    tcase_add_test (people, test_roles);
    tcase_add_test (people, test_participants);
    tcase_add_test (people, test_participants_window);
    tcase_add_test (activity, test_week_start);
    tcase_add_test (activity, test_weekly_activity);
    tcase_add_test (activity, test_binned_activity);
    tcase_add_test (lookup, test_find_proposal);
    suite_add_tcase (s, people);
    suite_add_tcase (s, activity);
    suite_add_tcase (s, lookup);
    return s;
}

MLG_TEST_MAIN (make_suite)
