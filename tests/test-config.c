/* test-config.c - the configuration file, the roster CSV, chair aliases,
 * dates and reply subjects. */
#include "mlg-test.h"

#include "mlg-analysis-test-private.h"

START_TEST (test_defaults)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();

    ck_assert_double_eq (mlg_config_get_weight (config, MLG_SCORE_INDEPENDENT),
                         3.0);
    ck_assert_str_eq (mlg_score_term_to_string (MLG_SCORE_INDEPENDENT),
                      "independent_people");
    /* No phrases of its own: the indexer has built-in rules. */
    ck_assert_ptr_null (mlg_config_get_stance_phrases (config,
                                                       MLG_STANCE_SUPPORT)[0]);
}
END_TEST

START_TEST (test_weights_and_errors)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (GError) error = NULL;

    ck_assert (mlg_config_load_data (config, "[weights]\nthreads = 4.5\n",
                                     NULL, &error));
    ck_assert_double_eq (mlg_config_get_weight (config, MLG_SCORE_THREADS),
                         4.5);
    ck_assert (!mlg_config_load_data (config, "[weights]\nvolume = 1\n", NULL,
                                      &error));
    ck_assert (g_error_matches (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID));
    ck_assert (strstr (error->message, "volume") != NULL);
    g_clear_error (&error);
    ck_assert (!mlg_config_load_data (config, "[weights]\nthreads = many\n",
                                      NULL, &error));
    g_clear_error (&error);
    /* strtod reads these; a score is a finite number. */
    for (guint i = 0; i < 4; i++) {
        static const char *const bad[] = { "nan", "inf", "-inf", "1e999" };
        g_autofree char *data =
            g_strdup_printf ("[weights]\nthreads = %s\n", bad[i]);
        g_autofree char *want = g_strdup_printf (
            "[weights] threads: '%s' is not a finite number", bad[i]);

        ck_assert (!mlg_config_load_data (config, data, NULL, &error));
        ck_assert (g_error_matches (error, MLG_CONFIG_ERROR,
                                    MLG_ERROR_INVALID));
        ck_assert_str_eq (error->message, want);
        g_clear_error (&error);
    }
    ck_assert_double_eq (mlg_config_get_weight (config, MLG_SCORE_THREADS),
                         4.5);
    ck_assert (!mlg_config_load_data (config, "not a key file", NULL, &error));
}
END_TEST

/* A misspelled group or key is an error naming the right ones, not a
 * setting silently ignored. */
START_TEST (test_unknown_names)
{
    static const char *const cases[][2] = {
        { "[weight]\nthreads = 2\n",
          "[weight]: unknown group; the groups are [weights], [chairs], "
          "[aliases], [identity], [organisations], [threading], [exclude], "
          "[admin], [stance], [anonymize], [checklist] and [proposal NAME]" },
        { "[Weights]\n", "[Weights]: unknown group; the groups are "
                         "[weights], [chairs], [aliases], [identity], "
                         "[organisations], [threading], [exclude], [admin], "
                         "[stance], [anonymize], [checklist] and [proposal NAME]" },
        { "[identity]\nmerge_by_names = false\n",
          "[identity] merge_by_names: unknown key; [identity] takes "
          "merge_by_name" },
        { "[threading]\nsilence = 3\n",
          "[threading] silence: unknown key; [threading] takes "
          "subject_window_days and silence_days" },
        { "[proposal vcon]\ndraft = draft-x\n",
          "[proposal vcon] draft: unknown key; [proposal vcon] takes "
          "drafts, subjects and proponents" },
        { "[weights]\nvolume = 1\n",
          "[weights] volume: unknown weight; the weights are messages, "
          "threads, people, independent_people, organisations, supporters, "
          "objectors, chairs_cc, chairs_replied, draft, "
          "revisions_in_window, impl_pointers, checklist and lists" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (MlgConfig) config = mlg_config_new ();
        g_autoptr (GError) error = NULL;

        ck_assert (!mlg_config_load_data (config, cases[i][0], NULL, &error));
        ck_assert (g_error_matches (error, MLG_CONFIG_ERROR,
                                    MLG_ERROR_INVALID));
        ck_assert_str_eq (error->message, cases[i][1]);
    }
    /* Free-form keys: aliases and organisations are keyed by names. */
    {
        g_autoptr (MlgConfig) config = mlg_config_new ();
        g_autoptr (GError) error = NULL;

        ck_assert_msg (mlg_config_load_data (
                           config,
                           "[aliases]\njane@x.example = j@y.example\n"
                           "[organisations]\nx.example = X Inc\n"
                           "[proposal a b]\nsubjects = a*\n",
                           NULL, &error),
                       "%s", error ? error->message : "");
    }
}
END_TEST

START_TEST (test_missing_file)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgConfig) config = mlg_config_load ("/nonexistent/x.conf",
                                                    &error);

    ck_assert_ptr_null (config);
    ck_assert (g_error_matches (error, MLG_CONFIG_ERROR, MLG_ERROR_NOT_FOUND));
}
END_TEST

START_TEST (test_roster)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (GError) error = NULL;
    g_autofree char *path = mlg_test_data ("analysis-roster.csv");

    ck_assert_msg (mlg_config_load_roster (config, path, &error), "%s",
                   error ? error->message : "");
    ck_assert (mlg_config_is_chair (config, "kirsty.paine@example.org",
                                    "dispatch.ietf.org"));
    ck_assert (!mlg_config_is_chair (config, "kirsty.paine@example.org",
                                     "secdispatch.ietf.org"));
    ck_assert (mlg_config_is_chair (config, "rifaat@example.com",
                                    "secdispatch"));
    /* An AD counts on every list. */
    ck_assert (mlg_config_is_chair (config, "superuser@example.org",
                                    "anything.ietf.org"));
    ck_assert (!mlg_config_is_chair (config, "someone@example.org", NULL));
}
END_TEST

/* A byte-order mark (Windows editors write one) is not part of the
 * first group's name or of the roster's first column. */
START_TEST (test_byte_order_mark)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *path = g_build_filename (dir, "roster.csv", NULL);
    g_autofree char *roster = mlg_test_data_contents ("analysis-roster.csv");
    g_autofree char *with_bom = g_strconcat ("\xef\xbb\xbf", roster, NULL);

    ck_assert_msg (mlg_config_load_data (config,
                                         "\xef\xbb\xbf[weights]\n"
                                         "threads = 4.5\n",
                                         NULL, &error),
                   "%s", error ? error->message : "");
    ck_assert_double_eq (mlg_config_get_weight (config, MLG_SCORE_THREADS),
                         4.5);
    ck_assert (g_file_set_contents (path, with_bom, -1, NULL));
    ck_assert_msg (mlg_config_load_roster (config, path, &error), "%s",
                   error ? error->message : "");
    /* The list column is read: a chair of dispatch is not one of
     * secdispatch. */
    ck_assert (mlg_config_is_chair (config, "kirsty.paine@example.org",
                                    "dispatch.ietf.org"));
    ck_assert (!mlg_config_is_chair (config, "kirsty.paine@example.org",
                                     "secdispatch.ietf.org"));
    mlg_test_rmtree (dir);
}
END_TEST

START_TEST (test_roster_bad)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (GError) error = NULL;
    g_autofree char *path = mlg_test_data ("analysis-roster-no-email.csv");

    ck_assert (!mlg_config_load_roster (config, path, &error));
    ck_assert (g_error_matches (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID));
    g_clear_error (&error);
    ck_assert (!mlg_config_load_roster (config, "/nonexistent.csv", &error));
    ck_assert (g_error_matches (error, MLG_CONFIG_ERROR, MLG_ERROR_NOT_FOUND));
}
END_TEST

START_TEST (test_chair_aliases)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();

    ck_assert (mlg_config_is_chair (config, "dispatch-chairs@ietf.org", NULL));
    ck_assert (mlg_config_is_chair (config, "ART-ADS@ietf.org", NULL));
    ck_assert (!mlg_config_is_chair (config, "chairs@ietf.org", NULL));
    ck_assert (!mlg_config_is_chair (config, "x-chairs@example.org", NULL));
    ck_assert (!mlg_config_is_chair (config, "dispatch@ietf.org", NULL));
}
END_TEST

/* One rule for the role aliases, used by the chair test, anonymisation
 * and check's advice. */
START_TEST (test_role_alias_rule)
{
    g_autofree char *dispatch = mlg_list_chairs_alias ("dispatch.ietf.org");
    g_autofree char *upper = mlg_list_chairs_alias ("SecDispatch.IETF.ORG");

    ck_assert (mlg_is_role_alias ("dispatch-chairs@ietf.org"));
    ck_assert (mlg_is_role_alias ("Dispatch-Chairs@IETF.org"));
    ck_assert (mlg_is_role_alias ("art-ads@ietf.org"));
    ck_assert (!mlg_is_role_alias ("-chairs@ietf.org"));
    ck_assert (!mlg_is_role_alias ("-ads@ietf.org"));
    ck_assert (!mlg_is_role_alias ("dispatch-chairs@example.org"));
    ck_assert (!mlg_is_role_alias ("dispatch-chairs@ietf.org.example"));
    ck_assert (!mlg_is_role_alias ("dispatch@ietf.org"));
    ck_assert (!mlg_is_role_alias ("chairs"));
    ck_assert (!mlg_is_role_alias (NULL));

    ck_assert_str_eq (dispatch, "dispatch-chairs@ietf.org");
    ck_assert_str_eq (upper, "SecDispatch-chairs@ietf.org");
    ck_assert (mlg_is_role_alias (dispatch));
    ck_assert_ptr_null (mlg_list_chairs_alias ("ksummit.lists.linux.dev"));
    ck_assert_ptr_null (mlg_list_chairs_alias ("dispatch"));
    ck_assert_ptr_null (mlg_list_chairs_alias (".ietf.org"));
    ck_assert_ptr_null (mlg_list_chairs_alias (NULL));
}
END_TEST

/* [checklist]: a list by full id or first label, "*" for the rest, the
 * SECDISPATCH guidance when nothing matches; an unknown profile is an
 * error that names the profiles. */
START_TEST (test_checklist_profiles)
{
    g_autoptr (MlgConfig) none = mlg_config_new ();
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgConfig) bad = mlg_config_new ();
    g_autoptr (GError) error = NULL;
    const char *dispatch[] = { "dispatch.ietf.org", NULL };
    const char *sec[] = { "secdispatch.ietf.org", NULL };
    const char *both[] = { "secdispatch.ietf.org", "art.ietf.org", NULL };

    ck_assert_str_eq (mlg_config_get_checklist_profile (none, dispatch)->name,
                      "secdispatch");
    ck_assert_str_eq (mlg_config_get_checklist_profile (none, NULL)->name,
                      "secdispatch");
    ck_assert_uint_eq (mlg_checklist_profile_find ("secdispatch")->n_entries,
                       MLG_CHECKLIST_COUNT);
    ck_assert_ptr_null (mlg_checklist_profile_find ("dispatch"));

    ck_assert_msg (mlg_config_load_data (config,
                                         "[checklist]\n"
                                         "* = dispatch-2026\n"
                                         "art = Dispatch-2026\n"
                                         "secdispatch.ietf.org = "
                                         "secdispatch\n",
                                         NULL, &error),
                   "%s", error ? error->message : "");
    ck_assert_str_eq (mlg_config_get_checklist_profile (config, dispatch)
                          ->name, "dispatch-2026");
    ck_assert_str_eq (mlg_config_get_checklist_profile (config, sec)->name,
                      "secdispatch");
    /* The opening's first list that is named wins over "*". */
    ck_assert_str_eq (mlg_config_get_checklist_profile (config, both)->name,
                      "secdispatch");

    ck_assert (!mlg_config_load_data (bad, "[checklist]\ndispatch = 2026\n",
                                      NULL, &error));
    ck_assert_str_eq (error->message,
                      "[checklist] dispatch: unknown profile '2026'; the "
                      "profiles are secdispatch and dispatch-2026");
}
END_TEST

START_TEST (test_sample_config)
{
    g_autofree char *path = g_build_filename (MLG_SAMPLES, "mlgauge.conf",
                                              NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgConfig) config = mlg_config_load (path, &error);

    ck_assert_msg (config != NULL, "%s", error ? error->message : "");
    ck_assert (mlg_config_is_chair (config, "riyer@fabrikam.example",
                                    "dispatch.ietf.org"));
    ck_assert_double_eq (mlg_config_get_weight (config, MLG_SCORE_INDEPENDENT),
                         3.0);
    ck_assert_str_eq (mlg_config_get_checklist_profile (
                          config, (const char *[]) { "dispatch.ietf.org",
                                                     NULL })->name,
                      "dispatch-2026");
}
END_TEST

START_TEST (test_parse_date)
{
    gint64 t = 0;
    g_autoptr (GError) error = NULL;

    ck_assert (mlg_parse_date ("2024-03-01", false, &t, NULL));
    ck_assert_int_eq (t, 1709251200);
    ck_assert (mlg_parse_date ("2024-03-01", true, &t, NULL));
    ck_assert_int_eq (t, 1709251200 + 86399);
    ck_assert (mlg_parse_date ("2024-03-01T01:00:00Z", false, &t, NULL));
    ck_assert_int_eq (t, 1709254800);
    ck_assert (mlg_parse_date ("2024-03-01T02:00:00+01:00", false, &t, NULL));
    ck_assert_int_eq (t, 1709254800);
    ck_assert (!mlg_parse_date ("March 1", false, &t, &error));
    ck_assert (g_error_matches (error, MLG_ANALYSIS_ERROR, MLG_ERROR_INVALID));
    ck_assert (!mlg_parse_date ("2024-13-01", false, &t, NULL));
}
END_TEST

START_TEST (test_reply_subject)
{
    ck_assert (mlg_subject_is_reply ("Re: x"));
    ck_assert (mlg_subject_is_reply ("RE: x"));
    ck_assert (mlg_subject_is_reply ("[Dispatch] Re: x"));
    ck_assert (mlg_subject_is_reply ("AW: x"));
    ck_assert (mlg_subject_is_reply ("Re[2]: x"));
    ck_assert (mlg_subject_is_reply ("SV: x"));
    ck_assert (!mlg_subject_is_reply ("Regarding x"));
    ck_assert (!mlg_subject_is_reply ("Fwd: x"));
    ck_assert (!mlg_subject_is_reply ("x"));
    ck_assert (!mlg_subject_is_reply (""));
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("config");
    TCase *file = tcase_create ("file");
    TCase *roster = tcase_create ("roster");
    TCase *helpers = tcase_create ("helpers");

    tcase_add_test (file, test_defaults);
    tcase_add_test (file, test_weights_and_errors);
    tcase_add_test (file, test_unknown_names);
    tcase_add_test (file, test_byte_order_mark);
    tcase_add_test (file, test_missing_file);
    tcase_add_test (file, test_sample_config);
    tcase_add_test (file, test_checklist_profiles);
    suite_add_tcase (s, file);
    tcase_add_test (roster, test_roster);
    tcase_add_test (roster, test_roster_bad);
    tcase_add_test (roster, test_chair_aliases);
    tcase_add_test (roster, test_role_alias_rule);
    suite_add_tcase (s, roster);
    tcase_add_test (helpers, test_parse_date);
    tcase_add_test (helpers, test_reply_subject);
    suite_add_tcase (s, helpers);
    return s;
}

MLG_TEST_MAIN (make_suite)
