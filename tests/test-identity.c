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

START_TEST (test_name_variants_merge)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgPerson *p;
    g_autofree char *k1 = _mlg_identity_name_key ("Jane Doe (Acme Corp)");
    g_autofree char *k2 = _mlg_identity_name_key ("\"Doe, Jane\"");
    g_autofree char *k3 = _mlg_identity_name_key ("JANE DÖE");
    g_autofree char *k4 = _mlg_identity_name_key ("Jane Q. Doe");
    g_autofree char *k5 = _mlg_identity_name_key ("Doe, Jr.");

    ck_assert_str_eq (k1, "jane doe");
    ck_assert_str_eq (k2, "jane doe");
    ck_assert_str_eq (k3, "jane doe");
    ck_assert_str_eq (k4, "jane doe");
    ck_assert_str_eq (k5, "doe jr");

    tf_add (a, tf_new ("a@x", "2024-01-01", "Jane Doe", "jane@work.com",
                       "Idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "Jane Doe (Work)",
                       "jd@home.net", "Re: Idea", "a@x"));
    tf_add (a, tf_new ("c@x", "2024-01-03", "Doe, Jane", "jdoe@lab.org",
                       "Re: Idea", "a@x"));
    tf_add (a, tf_new ("d@x", "2024-01-04", "Jane Döe", "j@mail.net",
                       "Re: Idea", "a@x"));
    tf_run (a);
    p = mlg_analysis_get_person (a, "jane@work.com");
    ck_assert_ptr_nonnull (p);
    ck_assert_ptr_eq (p, mlg_analysis_get_person (a, "jd@home.net"));
    ck_assert_ptr_eq (p, mlg_analysis_get_person (a, "jdoe@lab.org"));
    ck_assert_ptr_eq (p, mlg_analysis_get_person (a, "j@mail.net"));
    ck_assert (p->inferred);
    ck_assert_uint_eq (mlg_analysis_get_people (a)->len, 1);
}
END_TEST

START_TEST (test_common_name_two_people)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    g_autoptr (MlgAnalysis) b = NULL;

    /* Two John Smiths at two organisations, no address in common (their
     * local parts only spell the name): two people. */
    tf_add (a, tf_new ("a@x", "2024-01-01", "John Smith",
                       "john.smith@acme.example", "Idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "John Smith",
                       "jsmith@globex.example", "Re: Idea", "a@x"));
    /* Another common name, in another script's order of words. */
    tf_add (a, tf_new ("c@x", "2024-01-03", "Wei Zhang",
                       "wei.zhang@acme.example", "Other", NULL));
    tf_add (a, tf_new ("d@x", "2024-01-04", "Wei Zhang",
                       "zhangwei@globex.example", "Re: Other", "c@x"));
    /* A rare name at two organisations is one person. */
    tf_add (a, tf_new ("e@x", "2024-01-05", "Konstantin Ryabitsev",
                       "konstantin@lf.example", "Third", NULL));
    tf_add (a, tf_new ("f@x", "2024-01-06", "Konstantin Ryabitsev",
                       "mricon@kernel.example", "Re: Third", "e@x"));
    /* A common name with a handle that is more than the name: one. */
    tf_add (a, tf_new ("g@x", "2024-01-07", "Mark Brown",
                       "broonie@kernel.example", "Fourth", NULL));
    tf_add (a, tf_new ("h@x", "2024-01-08", "Mark Brown",
                       "broonie@arm.example", "Re: Fourth", "g@x"));
    tf_run (a);
    ck_assert_ptr_ne (mlg_analysis_get_person (a, "john.smith@acme.example"),
                      mlg_analysis_get_person (a, "jsmith@globex.example"));
    ck_assert_ptr_ne (mlg_analysis_get_person (a, "wei.zhang@acme.example"),
                      mlg_analysis_get_person (a, "zhangwei@globex.example"));
    ck_assert_ptr_eq (mlg_analysis_get_person (a, "konstantin@lf.example"),
                      mlg_analysis_get_person (a, "mricon@kernel.example"));
    ck_assert_ptr_eq (mlg_analysis_get_person (a, "broonie@kernel.example"),
                      mlg_analysis_get_person (a, "broonie@arm.example"));

    /* Unless the config says otherwise. */
    ck_assert (mlg_config_load_data (
        config, "[aliases]\njohn.smith@acme.example = jsmith@globex.example\n",
        NULL, NULL));
    b = mlg_analysis_new (config);
    tf_add (b, tf_new ("a@x", "2024-01-01", "John Smith",
                       "john.smith@acme.example", "Idea", NULL));
    tf_add (b, tf_new ("b@x", "2024-01-02", "John Smith",
                       "jsmith@globex.example", "Re: Idea", "a@x"));
    tf_run (b);
    ck_assert_ptr_eq (mlg_analysis_get_person (b, "john.smith@acme.example"),
                      mlg_analysis_get_person (b, "jsmith@globex.example"));
    ck_assert (!mlg_analysis_get_person (b, "jsmith@globex.example")->inferred);
}
END_TEST

/* The tls-knob scene of samples/: a chair, and a stranger who writes under
 * the chair's name. */
static MlgAnalysis *
borrowed_name (const MlgConfig *config)
{
    MlgAnalysis *a = mlg_analysis_new (config);
    MlgMessageFacts *f;

    tf_add (a, tf_new ("k@x", "2024-01-29", "John Doe", "jdoe@tyrell.example",
                       "Agenda request: tls knob", NULL));
    tf_add (a, tf_new ("k1@x", "2024-01-30", "Kirsten Halvorsen",
                       "kirsten.halvorsen@northwind.example",
                       "Re: Agenda request: tls knob", "k@x"));
    f = tf_new ("k2@x", "2024-01-31", "Kirsten Halvorsen",
                "mallory@evil.example", "Re: Agenda request: tls knob",
                "k@x");
    f->stance = MLG_STANCE_SUPPORT;
    f->stance_quote = g_strdup ("I support this");
    tf_add (a, f);
    tf_run (a);
    return a;
}

START_TEST (test_name_never_joins_a_chair)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgConfig) aliased = mlg_config_new ();
    g_autoptr (MlgAnalysis) a = NULL;
    g_autoptr (MlgAnalysis) b = NULL;
    const MlgPerson *chair, *mallory;
    const MlgProposal *p;

    mlg_config_add_chair (config, "dispatch", "chair", "Kirsten Halvorsen",
                          "kirsten.halvorsen@northwind.example");
    a = borrowed_name (config);
    chair = mlg_analysis_get_person (a, "kirsten.halvorsen@northwind.example");
    mallory = mlg_analysis_get_person (a, "mallory@evil.example");
    ck_assert_ptr_ne (chair, mallory);
    ck_assert (chair->chair && !chair->inferred);
    ck_assert (!mallory->chair);
    ck_assert_str_eq (mallory->org, "evil.example");
    p = tf_proposal (a, "agenda request: tls knob");
    ck_assert_uint_eq (p->features.chairs_replied, 1);
    ck_assert_uint_eq (p->features.people, 3);

    /* Nor anyone the config names (here an alias): their addresses are
     * known. */
    ck_assert (mlg_config_load_data (
        aliased, "[aliases]\nkirsten.halvorsen@northwind.example = "
                 "kh@northwind.example\n", NULL, NULL));
    b = borrowed_name (aliased);
    ck_assert_ptr_ne (mlg_analysis_get_person (b, "mallory@evil.example"),
                      mlg_analysis_get_person (
                          b, "kirsten.halvorsen@northwind.example"));
}
END_TEST

START_TEST (test_name_merge_lends_no_organisation)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgProposal *p;
    const MlgPerson *jane;

    /* Jane writes a lot from Acme; someone (maybe she) writes once from
     * elsewhere, in another thread, under her name. */
    tf_add (a, tf_new ("a@x", "2024-01-01", "Jane Doe", "jane@acme.example",
                       "Idea", NULL));
    tf_add (a, tf_new ("a1@x", "2024-01-02", "Jane Doe", "jane@acme.example",
                       "Re: Idea", "a@x"));
    tf_add (a, tf_new ("b@x", "2024-01-03", "Bob Ray", "bob@elsewhere.example",
                       "Other idea", NULL));
    tf_add (a, tf_new ("b1@x", "2024-01-04", "Jane Doe", "jd@elsewhere.example",
                       "Re: Other idea", "b@x"));
    tf_run (a);
    jane = mlg_analysis_get_person (a, "jane@acme.example");
    ck_assert_ptr_eq (jane, mlg_analysis_get_person (a, "jd@elsewhere.example"));
    ck_assert (jane->inferred);
    ck_assert_str_eq (jane->org, "acme.example");
    /* In the other thread only the outside address wrote: its
     * organisation counts (Bob's too), not Acme. */
    p = tf_proposal (a, "other idea");
    ck_assert_uint_eq (p->features.organisations, 1);
    ck_assert_uint_eq (p->features.people, 2);
}
END_TEST

START_TEST (test_one_word_names)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    /* One word at the same handle of one organisation under two
     * suffixes. */
    tf_add (a, tf_new ("a@x", "2024-01-01", "NeilBrown", "neilb@suse.com",
                       "Idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "NeilBrown", "neilb@suse.de",
                       "Re: Idea", "a@x"));
    /* A first name alone at an address that starts with it, when one
     * person of the list has that uncommon first name. */
    tf_add (a, tf_new ("c@x", "2024-01-03", "Shuah Khan",
                       "skhan@lf.example", "Other", NULL));
    tf_add (a, tf_new ("d@x", "2024-01-04", "shuah", "shuah@kernel.example",
                       "Re: Other", "c@x"));
    /* A common first name alone: anybody. */
    tf_add (a, tf_new ("e@x", "2024-01-05", "Bob Builder", "bb@b.example",
                       "Third", NULL));
    tf_add (a, tf_new ("f@x", "2024-01-06", "bob", "bob@kernel.example",
                       "Re: Third", "e@x"));
    tf_run (a);
    ck_assert_ptr_eq (mlg_analysis_get_person (a, "neilb@suse.com"),
                      mlg_analysis_get_person (a, "neilb@suse.de"));
    ck_assert_ptr_eq (mlg_analysis_get_person (a, "skhan@lf.example"),
                      mlg_analysis_get_person (a, "shuah@kernel.example"));
    ck_assert_str_eq (mlg_analysis_get_person (a, "shuah@kernel.example")->name,
                      "Shuah Khan");
    ck_assert_ptr_ne (mlg_analysis_get_person (a, "bb@b.example"),
                      mlg_analysis_get_person (a, "bob@kernel.example"));
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
    tcase_add_test (merge, test_name_variants_merge);
    tcase_add_test (merge, test_common_name_two_people);
    tcase_add_test (merge, test_name_never_joins_a_chair);
    tcase_add_test (merge, test_name_merge_lends_no_organisation);
    tcase_add_test (merge, test_one_word_names);
    suite_add_tcase (s, merge);
    tcase_add_test (kind, test_automated_not_person);
    suite_add_tcase (s, kind);
    return s;
}

MLG_TEST_MAIN (make_suite)
