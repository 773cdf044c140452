/* test-identity.c - people: merges by normalisation, config aliases and
 * display names (inferred); automated senders are nobody. */
#include "mlg-test.h"

#include "mlg-analysis-test-private.h"
#include "mlg-analysis-private.h"

START_TEST (test_address_case)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    tf_add (a, tf_new ("a@x", "2024-01-01", "", "Ann@A.com", "Idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "", "ann@a.com", "Re: Idea",
                       "a@x"));
    tf_run (a);
    ck_assert_ptr_eq (mlg_analysis_get_message (a, "a@x")->person,
                      mlg_analysis_get_message (a, "b@x")->person);
    ck_assert_uint_eq (mlg_analysis_get_people (a)->len, 1);
    ck_assert (!mlg_analysis_get_person (a, "ann@a.com")->inferred);
}
END_TEST

START_TEST (test_config_alias)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgAnalysis) a = NULL;
    g_autoptr (GError) error = NULL;
    const MlgPerson *p;

    ck_assert (mlg_config_load_data (
        config, "[aliases]\nann@a.com = ann.lee@gmail.com; al@old.org\n",
        NULL, &error));
    a = mlg_analysis_new (config);
    tf_add (a, tf_new ("a@x", "2024-01-01", "A", "ann@a.com", "Idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "B", "Ann.Lee@gmail.com",
                       "Re: Idea", "a@x"));
    tf_add (a, tf_new ("c@x", "2024-01-03", "C", "al@old.org", "Re: Idea",
                       "a@x"));
    tf_run (a);
    p = mlg_analysis_get_person (a, "al@old.org");
    ck_assert_ptr_nonnull (p);
    ck_assert_ptr_eq (p, mlg_analysis_get_person (a, "ann.lee@gmail.com"));
    ck_assert_str_eq (p->address, "ann@a.com");
    ck_assert_uint_eq (p->messages, 3);
    ck_assert (!p->inferred);
}
END_TEST

START_TEST (test_display_name_merge)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgPerson *p;

    tf_add (a, tf_new ("a@x", "2024-01-01", "Jane Doe", "jane@work.com",
                       "Idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "\"jane  DOE\"",
                       "jdoe@gmail.com", "Re: Idea", "a@x"));
    tf_add (a, tf_new ("c@x", "2024-01-03", "Jane Doe via Dispatch",
                       "jd@home.net", "Re: Idea", "a@x"));
    tf_run (a);
    p = mlg_analysis_get_person (a, "jd@home.net");
    ck_assert_ptr_nonnull (p);
    ck_assert_ptr_eq (p, mlg_analysis_get_person (a, "jane@work.com"));
    ck_assert_ptr_eq (p, mlg_analysis_get_person (a, "jdoe@gmail.com"));
    ck_assert (p->inferred);
    ck_assert_uint_eq (p->addresses->len, 3);
    ck_assert_str_eq (p->name, "Jane Doe");
    ck_assert_str_eq (p->addresses->pdata[0], "jane@work.com");
}
END_TEST

START_TEST (test_single_word_names_not_merged)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    tf_add (a, tf_new ("a@x", "2024-01-01", "Bob", "bob@a.com", "Idea",
                       NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "bob", "bob@b.com", "Re: Idea",
                       "a@x"));
    tf_run (a);
    ck_assert_ptr_ne (mlg_analysis_get_person (a, "bob@a.com"),
                      mlg_analysis_get_person (a, "bob@b.com"));
    ck_assert_uint_eq (mlg_analysis_get_people (a)->len, 2);
}
END_TEST

START_TEST (test_name_merge_disabled)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgAnalysis) a = NULL;

    ck_assert (mlg_config_load_data (config,
                                     "[identity]\nmerge_by_name=false\n",
                                     NULL, NULL));
    a = mlg_analysis_new (config);
    tf_add (a, tf_new ("a@x", "2024-01-01", "Jane Doe", "jane@work.com",
                       "Idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "Jane Doe", "jdoe@gmail.com",
                       "Re: Idea", "a@x"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_people (a)->len, 2);
}
END_TEST

START_TEST (test_automated_not_person)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;
    const MlgProposal *p;

    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "Idea", NULL));
    f = tf_new ("b@x", "2024-01-02", "GitHub", "notifications@github.com",
                "Re: Idea", "a@x");
    f->kind = MLG_KIND_AUTOMATED;
    tf_add (a, f);
    tf_run (a);
    ck_assert_ptr_null (mlg_analysis_get_message (a, "b@x")->person);
    ck_assert_ptr_null (mlg_analysis_get_person (a,
                                                 "notifications@github.com"));
    p = tf_proposal (a, "idea");
    ck_assert_ptr_nonnull (p);
    ck_assert_uint_eq (p->features.people, 1);
    ck_assert_uint_eq (p->features.messages, 2);
}
END_TEST

START_TEST (test_name_key)
{
    g_autofree char *k1 = _mlg_identity_name_key ("  Jane   DOE via IETF ");
    g_autofree char *k2 = _mlg_identity_name_key ("jane@example.com");

    ck_assert_str_eq (k1, "jane doe");
    ck_assert_ptr_null (k2);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("identity");
    TCase *merge = tcase_create ("merge");
    TCase *kind = tcase_create ("kind");

    tcase_add_test (merge, test_address_case);
    tcase_add_test (merge, test_config_alias);
    tcase_add_test (merge, test_display_name_merge);
    tcase_add_test (merge, test_single_word_names_not_merged);
    tcase_add_test (merge, test_name_merge_disabled);
    tcase_add_test (merge, test_name_key);
    suite_add_tcase (s, merge);
    tcase_add_test (kind, test_automated_not_person);
    suite_add_tcase (s, kind);
    return s;
}

MLG_TEST_MAIN (make_suite)
