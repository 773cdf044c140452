/* test-proposal.c - threads grouped into proposals: primary drafts across
 * revisions, lists and months; threads without a draft; config merges,
 * renames and exclusions; administrivia. */
#include "mlg-test.h"

#include "mlg-analysis-test-private.h"

static MlgMessageFacts *
request (const char *id, const char *date, const char *subject,
         const char *draft, int revision)
{
    MlgMessageFacts *f =
        tf_new (id, date, "Ann Lee", "ann@a.com", subject, NULL);

    if (draft != NULL)
        tf_draft (f, draft, revision);
    return f;
}

static void
reply (MlgAnalysis *a, const char *id, const char *date, const char *addr,
       const char *parent)
{
    g_autofree char *name = g_strdup_printf ("Person %s", addr);

    tf_add (a, tf_new (id, date, name, addr, "Re: x", parent));
}

START_TEST (test_revisions_lists_months)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;
    const MlgProposal *p;

    tf_add (a, request ("a@x", "2024-01-01",
                        "Agenda request: draft-lee-foo-00", "draft-lee-foo",
                        0));
    reply (a, "a1@x", "2024-01-02", "bob@b.com", "a@x");
    f = request ("b@x", "2024-04-01", "Updated draft-lee-foo-02 for review",
                 "draft-lee-foo", 2);
    g_ptr_array_set_size (f->lists, 0);
    mlg_message_facts_add_list (f, "secdispatch.ietf.org");
    tf_add (a, f);
    reply (a, "b1@x", "2024-04-02", "cy@c.com", "b@x");
    mlg_analysis_set_now (a, tf_date ("2024-06-01"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 1);
    p = tf_proposal (a, "draft-lee-foo");
    ck_assert_ptr_nonnull (p);
    ck_assert_int_eq (p->kind, MLG_PROPOSAL_DRAFT);
    ck_assert_uint_eq (p->features.threads, 2);
    ck_assert_uint_eq (p->features.messages, 4);
    ck_assert_uint_eq (p->features.lists->len, 2);
    ck_assert_int_eq (p->features.latest_revision, 2);
    ck_assert_str_eq (p->opening->id, "a@x");
}
END_TEST

START_TEST (test_primary_draft_subject_first)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;

    /* The text names draft-other twice, the subject names draft-main. */
    f = request ("a@x", "2024-01-01", "Please consider draft-main-spec-01",
                 "draft-other-thing", -1);
    tf_draft (f, "draft-other-thing", 3);
    tf_draft (f, "draft-main-spec", 1);
    tf_add (a, f);
    /* Without a draft in the subject, the most named one. */
    f = request ("b@x", "2024-01-01", "Two ideas", "draft-one", -1);
    tf_draft (f, "draft-two", -1);
    tf_draft (f, "draft-two", 2);
    tf_add (a, f);
    tf_run (a);
    ck_assert_str_eq (tf_thread_of (a, "a@x")->draft, "draft-main-spec");
    ck_assert_str_eq (tf_thread_of (a, "b@x")->draft, "draft-two");
}
END_TEST

START_TEST (test_no_draft_own_proposal)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgProposal *p;

    tf_add (a, request ("a@x", "2024-01-01", "[Dispatch] A new idea", NULL,
                        0));
    tf_add (a, request ("b@x", "2024-01-05", "Another idea", NULL, 0));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 2);
    p = tf_proposal (a, "a new idea");
    ck_assert_ptr_nonnull (p);
    ck_assert_int_eq (p->kind, MLG_PROPOSAL_DISCUSSION);
    ck_assert_ptr_null (p->draft);
    ck_assert_ptr_nonnull (tf_proposal (a, "another idea"));
}
END_TEST

START_TEST (test_config_merge_rename_exclude)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgAnalysis) a = NULL;
    g_autoptr (GError) error = NULL;
    const MlgProposal *p;

    ck_assert_msg (
        mlg_config_load_data (config,
                              "[proposal vCon]\n"
                              "drafts = draft-ietf-vcon-*; draft-petrie-vcon\n"
                              "subjects = *virtualized conversation*\n"
                              "[exclude]\nsubjects = *off topic*\n",
                              NULL, &error),
        "%s", error ? error->message : "");
    a = mlg_analysis_new (config);
    tf_add (a, request ("a@x", "2024-01-01", "vcon draft", "draft-petrie-vcon",
                        0));
    tf_add (a, request ("b@x", "2024-02-01", "WG draft",
                        "draft-ietf-vcon-vcon-core", 1));
    tf_add (a, request ("c@x", "2024-03-01",
                        "Virtualized conversations use cases", NULL, 0));
    tf_add (a, request ("d@x", "2024-03-01", "Off topic: parking", NULL, 0));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 1);
    p = tf_proposal (a, "vCon");
    ck_assert_ptr_nonnull (p);
    ck_assert_uint_eq (p->threads->len, 3);
    ck_assert_int_eq (p->kind, MLG_PROPOSAL_DRAFT);
    ck_assert_ptr_null (tf_thread_of (a, "d@x")->proposal);
}
END_TEST

START_TEST (test_admin_left_out)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;
    const MlgProposal *p;

    tf_add (a, request ("a@x", "2024-01-01",
                        "Call for agenda items for IETF 120", NULL, 0));
    tf_add (a, request ("b@x", "2024-01-02", "Minutes of IETF 119 session",
                        NULL, 0));
    f = request ("c@x", "2024-01-03", "Session request for dispatch", NULL,
                 0);
    f->kind = MLG_KIND_AUTOMATED;
    tf_add (a, f);
    /* A request for agenda time about a draft is a proposal. */
    tf_add (a, request ("d@x", "2024-01-04",
                        "Request for time on the agenda for IETF 120: "
                        "draft-lee-foo", "draft-lee-foo", -1));
    /* An agenda listing drafts in its text is not. */
    tf_add (a, request ("e@x", "2024-01-05", "DISPATCH agenda for IETF 120",
                        "draft-lee-foo", -1));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 1);
    ck_assert (tf_thread_of (a, "e@x")->admin);
    ck_assert_uint_eq (tf_proposal (a, "draft-lee-foo")->threads->len, 1);
    ck_assert_ptr_nonnull (tf_proposal (a, "draft-lee-foo"));
    ck_assert (tf_thread_of (a, "a@x")->admin);
    ck_assert (tf_thread_of (a, "b@x")->admin);

    /* --all shows them (the automated one has no person: still out). */
    mlg_analysis_set_include_admin (a, true);
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 4);
    p = tf_proposal (a, "call for agenda items for ietf 120");
    ck_assert_ptr_nonnull (p);
    ck_assert_int_eq (p->kind, MLG_PROPOSAL_ADMIN);
}
END_TEST

START_TEST (test_announcement_joins_draft)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;
    const MlgProposal *p;

    tf_add (a, request ("a@x", "2024-01-01", "draft-lee-foo", "draft-lee-foo",
                        0));
    f = tf_new ("ann@x", "2024-02-01", "", "internet-drafts@ietf.org",
                "I-D Action: draft-lee-foo-01.txt", NULL);
    f->kind = MLG_KIND_DRAFT_ANNOUNCEMENT;
    tf_draft (f, "draft-lee-foo", 1);
    tf_add (a, f);
    mlg_analysis_set_now (a, tf_date ("2024-03-01"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 1);
    p = tf_proposal (a, "draft-lee-foo");
    ck_assert_uint_eq (p->threads->len, 2);
    ck_assert_int_eq (p->features.latest_revision, 1);
    ck_assert_uint_eq (p->features.people, 1);
}
END_TEST

START_TEST (test_proponents)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgAnalysis) a = NULL;
    const MlgProposal *p;

    ck_assert (mlg_config_load_data (config,
                                     "[proposal foo]\ndrafts=draft-lee-foo\n"
                                     "proponents=co@author.org\n",
                                     NULL, NULL));
    a = mlg_analysis_new (config);
    tf_add (a, request ("a@x", "2024-01-01", "draft-lee-foo", "draft-lee-foo",
                        0));
    reply (a, "b@x", "2024-01-02", "co@author.org", "a@x");
    reply (a, "c@x", "2024-01-03", "fan@c.com", "a@x");
    tf_run (a);
    p = tf_proposal (a, "foo");
    ck_assert_ptr_nonnull (p);
    ck_assert_uint_eq (p->proponents->len, 2);
    ck_assert_uint_eq (p->features.people, 3);
    ck_assert_uint_eq (p->features.independent_people, 1);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("proposal");
    TCase *group = tcase_create ("group");
    TCase *config = tcase_create ("config");

    tcase_add_test (group, test_revisions_lists_months);
    tcase_add_test (group, test_primary_draft_subject_first);
    tcase_add_test (group, test_no_draft_own_proposal);
    tcase_add_test (group, test_admin_left_out);
    tcase_add_test (group, test_announcement_joins_draft);
    suite_add_tcase (s, group);
    tcase_add_test (config, test_config_merge_rename_exclude);
    tcase_add_test (config, test_proponents);
    suite_add_tcase (s, config);
    return s;
}

MLG_TEST_MAIN (make_suite)
