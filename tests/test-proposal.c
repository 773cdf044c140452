/* test-proposal.c - threads grouped into proposals: primary drafts across
 * revisions, lists and months; threads without a draft; reposts, new
 * versions and forks joined, and why; config merges, renames and
 * exclusions; administrivia and spam; openings not archived; proponents
 * (the opening's author, draft authors, the config). */
#include "mlg-test.h"

#include <string.h>

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

/* A message of `name` <addr> addressed to the list (To: dispatch@...). */
static MlgMessageFacts *
sent (const char *id, const char *date, const char *name, const char *addr,
      const char *subject, const char *parent)
{
    MlgMessageFacts *f = tf_new (id, date, name, addr, subject, parent);

    g_ptr_array_add (f->to, g_strdup ("dispatch@ietf.org"));
    return f;
}

/* `n` people answer `parent` once each, under its subject. */
static void
answers (MlgAnalysis *a, const char *parent, const char *date,
         const char *subject, guint n)
{
    /* Different people for every parent: names and addresses differ. */
    guint tag = g_str_hash (parent);

    for (guint i = 0; i < n; i++) {
        g_autofree char *id = g_strdup_printf ("%s.r%u", parent, i);
        g_autofree char *name = g_strdup_printf ("Replier %c%u %08x",
                                                 'A' + i, i, tag);
        g_autofree char *addr = g_strdup_printf ("r%u.%08x@r%u.com", i, tag,
                                                 i);
        g_autofree char *re = g_strconcat ("Re: ", subject, NULL);
        tf_add (a, sent (id, date, name, addr, re, parent));
    }
}

START_TEST (test_repost_under_other_tag)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgProposal *p;
    const MlgThread *again;
    g_autofree char *why = NULL;

    tf_add (a, sent ("t@x", "2022-06-16T14:49:00Z", "Thor Leem", "tl@a.com",
                     "[TECH TOPIC] Regression tracking: next steps", NULL));
    answers (a, "t@x", "2022-06-17", "[TECH TOPIC] Regression tracking: "
             "next steps", 2);
    tf_add (a, sent ("m@x", "2022-06-16T14:52:00Z", "Thor Leem", "tl@a.com",
                     "[MAINTAINERS SUMMIT] Regression tracking: next steps",
                     NULL));
    answers (a, "m@x", "2022-06-17", "[MAINTAINERS SUMMIT] Regression "
             "tracking: next steps", 1);
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 1);
    p = mlg_analysis_get_proposals (a)->pdata[0];
    ck_assert_uint_eq (p->threads->len, 2);
    ck_assert_uint_eq (p->features.independent_people, 3);
    ck_assert_uint_eq (p->proponents->len, 1);
    again = tf_thread_of (a, "m@x");
    ck_assert_int_eq (again->join, MLG_JOIN_REPOST);
    ck_assert_ptr_eq (again->joined_to, tf_thread_of (a, "t@x"));
    why = mlg_thread_describe_join (again);
    ck_assert_str_eq (why, "joined: same subject after tags as the thread "
                           "of 2022-06-16, reposted 3 minutes later by the "
                           "same person");
    ck_assert_ptr_null (mlg_thread_describe_join (tf_thread_of (a, "t@x")));
}
END_TEST

START_TEST (test_new_versions_join)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgProposal *p;

    tf_add (a, sent ("v1@x", "2020-07-04", "Dan Will", "dw@i.com",
                     "[PATCH] CodingStyle: Inclusive Terminology", NULL));
    answers (a, "v1@x", "2020-07-05", "[PATCH] CodingStyle: Inclusive "
             "Terminology", 3);
    tf_add (a, sent ("v2@x", "2020-07-08", "Dan Will", "dw@i.com",
                     "[PATCH v2] CodingStyle: Inclusive Terminology", NULL));
    answers (a, "v2@x", "2020-07-08", "[PATCH v2] CodingStyle: Inclusive "
             "Terminology", 2);
    tf_add (a, sent ("v3@x", "2020-07-08T11:00:00Z", "Dan Will", "dw@i.com",
                     "[PATCH v3] CodingStyle: inclusive terminology", NULL));
    /* A version mark at the end is one too. */
    tf_add (a, sent ("v4@x", "2020-07-20", "Dan Will", "dw@i.com",
                     "CodingStyle: Inclusive Terminology (v4)", NULL));
    /* A higher version continues the proposal months later (within a
     * year); the same subject unmarked would be a new round. */
    tf_add (a, sent ("v5@x", "2021-01-20", "Dan Will", "dw@i.com",
                     "[PATCH v5] CodingStyle: Inclusive Terminology", NULL));
    tf_add (a, sent ("r@x", "2021-07-01", "Dan Will", "dw@i.com",
                     "[PATCH v5] CodingStyle: Inclusive Terminology", NULL));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 2);
    p = tf_thread_of (a, "v1@x")->proposal;
    ck_assert_uint_eq (p->threads->len, 5);
    ck_assert_ptr_ne (tf_thread_of (a, "r@x")->proposal, p);
    ck_assert_ptr_eq (p->opening, mlg_analysis_get_message (a, "v1@x"));
    ck_assert_int_eq (tf_thread_of (a, "v2@x")->join, MLG_JOIN_VERSION);
    ck_assert_int_eq (tf_thread_of (a, "v3@x")->join, MLG_JOIN_VERSION);
    ck_assert_ptr_eq (tf_thread_of (a, "v3@x")->joined_to,
                      tf_thread_of (a, "v2@x"));
    ck_assert_int_eq (tf_thread_of (a, "v4@x")->join, MLG_JOIN_VERSION);
}
END_TEST

START_TEST (test_repost_limits)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    tf_add (a, sent ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                     "[TECH TOPIC] Better review tooling", NULL));
    /* Someone else under the same subject: their own proposal. */
    tf_add (a, sent ("b@x", "2024-01-03", "Bob Ray", "bob@b.com",
                     "[MAINTAINERS SUMMIT] Better review tooling", NULL));
    /* The same person, past the window (90 days): a new round. */
    tf_add (a, sent ("c@x", "2024-06-01", "Ann Lee", "ann@a.com",
                     "[TECH TOPIC] Better review tooling", NULL));
    /* One word is a repost only when marked as one. */
    tf_add (a, sent ("d@x", "2024-01-05", "Cy Dee", "cy@c.com", "Question",
                     NULL));
    tf_add (a, sent ("e@x", "2024-01-09", "Cy Dee", "cy@c.com", "Question",
                     NULL));
    tf_add (a, sent ("f@x", "2024-01-10", "Cy Dee", "cy@c.com",
                     "[RESEND] Question", NULL));
    tf_run (a);
    ck_assert_ptr_ne (tf_thread_of (a, "a@x")->proposal,
                      tf_thread_of (a, "b@x")->proposal);
    ck_assert_ptr_ne (tf_thread_of (a, "a@x")->proposal,
                      tf_thread_of (a, "c@x")->proposal);
    ck_assert_ptr_ne (tf_thread_of (a, "d@x")->proposal,
                      tf_thread_of (a, "e@x")->proposal);
    ck_assert_ptr_eq (tf_thread_of (a, "e@x")->proposal,
                      tf_thread_of (a, "f@x")->proposal);
    ck_assert_int_eq (tf_thread_of (a, "f@x")->join, MLG_JOIN_REPOST);
}
END_TEST

START_TEST (test_fork_and_lost_parent_join)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgProposal *p;
    g_autofree char *why = NULL;

    tf_add (a, sent ("x@x", "2024-01-01", "Ann Lee", "ann@a.com",
                     "Questions about XDP", NULL));
    answers (a, "x@x", "2024-01-02", "Questions about XDP", 2);
    /* A fork whose mail client dropped its references. */
    tf_add (a, sent ("y@x", "2024-01-20", "Bob Ray", "bob@b.com",
                     "AF_XDP with VPP? (was: Questions about XDP)", NULL));
    answers (a, "y@x", "2024-01-21", "AF_XDP with VPP?", 2);
    /* Replies whose parent is not archived, 40 days on: past the
     * threading's subject window, within the repost window. */
    tf_add (a, sent ("z@x", "2024-02-11", "Cy Dee", "cy@c.com",
                     "Re: Questions about XDP", "lost@x"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 1);
    p = mlg_analysis_get_proposals (a)->pdata[0];
    ck_assert_uint_eq (p->threads->len, 3);
    ck_assert_int_eq (tf_thread_of (a, "y@x")->join, MLG_JOIN_FORK);
    ck_assert_int_eq (tf_thread_of (a, "z@x")->join, MLG_JOIN_LOST_PARENT);
    /* Forks and lost replies do not make proponents. */
    ck_assert_uint_eq (p->proponents->len, 1);
    ck_assert_str_eq (((MlgPerson *) p->proponents->pdata[0])->name,
                      "Ann Lee");
    why = mlg_thread_describe_join (tf_thread_of (a, "y@x"));
    ck_assert_str_eq (why, "joined: a fork of the thread of 2024-01-01 (its "
                           "subject says \"was:\" that one), 18 days after "
                           "its last message");
}
END_TEST

START_TEST (test_config_wins_over_joins)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgAnalysis) a = NULL;

    ck_assert (mlg_config_load_data (config,
                                     "[proposal Tooling]\n"
                                     "subjects = *review tooling, again*\n"
                                     "[exclude]\nthreads = c@x\n",
                                     NULL, NULL));
    a = mlg_analysis_new (config);
    tf_add (a, sent ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                     "[TECH TOPIC] Review tooling, again", NULL));
    tf_add (a, sent ("b@x", "2024-01-02", "Ann Lee", "ann@a.com",
                     "[MAINTAINERS SUMMIT] Review tooling, again", NULL));
    tf_add (a, sent ("c@x", "2024-01-03", "Ann Lee", "ann@a.com",
                     "[v2] Review tooling, again", NULL));
    tf_run (a);
    /* The rule claims both; the excluded repost joins nothing. */
    ck_assert_ptr_nonnull (tf_proposal (a, "Tooling"));
    ck_assert_uint_eq (tf_proposal (a, "Tooling")->threads->len, 2);
    ck_assert_int_eq (tf_thread_of (a, "b@x")->join, MLG_JOIN_RULE);
    ck_assert_ptr_null (tf_thread_of (a, "c@x")->proposal);
}
END_TEST

static bool
is_admin (MlgAnalysis *a, const char *id)
{
    return tf_thread_of (a, id)->admin;
}

START_TEST (test_admin_vocabulary)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    static const char *const admin[] = {
        "Topics for the Maintainer's Summit",
        "Maintainer's / Kernel Summit 2022 CFP",
        "Call for topics: LSF/MM 2024",
        "Linux Foundation TAB Elections -- voting procedures",
        "Self-nomination for 2020 TAB election",
        "Reminder: please vote your TAB election ballots",
        "Maintainers Summit 2020 planning kick-off",
        "DRAFT Maintainer's Summit Agenda and Attendee List",
        "Maintainer's Summit Agenda (V2)",
        "Minutes of DISPATCH at IETF 118",
        "Approved minutes: interim of 2024-01-05",
        "ksummit-discuss is now on lore.kernel.org",
        "New list for people to share maintainer workflows",
    };
    static const char *const proposals[] = {
        "[TECH TOPIC] Booting the kernel in 10 minutes",
        "A five-minutes talk on lockdep",
        "Planning code obsolescence",
        "vague topic for maintainers summit",
        "Request for agenda time: widget colours",
        "RFC: create mailing list \"linux-issues\" for regressions",
    };
    guint n = 0;

    for (guint i = 0; i < G_N_ELEMENTS (admin); i++) {
        g_autofree char *id = g_strdup_printf ("a%u@x", i);
        g_autofree char *addr = g_strdup_printf ("org%u@o.org", i);
        tf_add (a, sent (id, "2024-01-01", "Orga Nizer", addr, admin[i],
                         NULL));
        answers (a, id, "2024-01-02", admin[i], 1);
    }
    for (guint i = 0; i < G_N_ELEMENTS (proposals); i++) {
        g_autofree char *id = g_strdup_printf ("p%u@x", i);
        g_autofree char *addr = g_strdup_printf ("pro%u@p.org", i);
        g_autofree char *name = g_strdup_printf ("Pro Poser%u", i);
        tf_add (a, sent (id, "2024-01-01", name, addr, proposals[i], NULL));
        answers (a, id, "2024-01-02", proposals[i], 1);
    }
    tf_run (a);
    for (guint i = 0; i < G_N_ELEMENTS (admin); i++) {
        g_autofree char *id = g_strdup_printf ("a%u@x", i);
        ck_assert_msg (is_admin (a, id), "not admin: %s", admin[i]);
        ck_assert_int_eq (tf_thread_of (a, id)->admin_reason,
                          MLG_ADMIN_VOCABULARY);
    }
    for (guint i = 0; i < G_N_ELEMENTS (proposals); i++) {
        g_autofree char *id = g_strdup_printf ("p%u@x", i);
        ck_assert_msg (!is_admin (a, id), "admin: %s", proposals[i]);
        n++;
    }
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, n);
}
END_TEST

START_TEST (test_admin_weak_words_need_support)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    /* Ted sends the list's calls and agendas: he organises. */
    tf_add (a, sent ("c1@x", "2024-01-01", "Ted Tso", "ted@m.edu",
                     "Topics for the Maintainer's Summit", NULL));
    tf_add (a, sent ("c2@x", "2024-02-01", "Ted Tso", "ted@m.edu",
                     "DRAFT Maintainer's Summit Agenda", NULL));
    answers (a, "c2@x", "2024-02-02", "DRAFT Maintainer's Summit Agenda", 1);
    tf_add (a, sent ("s@x", "2024-02-03", "Ted Tso", "ted@m.edu",
                     "Kernel Summit Track schedule", NULL));
    answers (a, "s@x", "2024-02-04", "Kernel Summit Track schedule", 3);
    /* The same words from someone else, answered: a proposal. */
    tf_add (a, sent ("o@x", "2024-02-05", "Ann Lee", "ann@a.com",
                     "A schedule for stable releases", NULL));
    answers (a, "o@x", "2024-02-06", "A schedule for stable releases", 2);
    /* Unanswered from someone else: an announcement. */
    tf_add (a, sent ("u@x", "2024-02-07", "Bob Ray", "bob@b.com",
                     "CCLA schedule A update", NULL));
    tf_add (a, sent ("x@x", "2024-02-07", "Bob Ray", "bob@b.com",
                     "Re: a question", "elsewhere@x"));
    /* A topic tag makes it a proposal whoever sends it. */
    tf_add (a, sent ("t@x", "2024-02-08", "Ted Tso", "ted@m.edu",
                     "[TECH TOPIC] A better release schedule", NULL));
    tf_run (a);
    ck_assert (is_admin (a, "s@x"));
    ck_assert_int_eq (tf_thread_of (a, "s@x")->admin_reason,
                      MLG_ADMIN_ORGANISER);
    ck_assert (!is_admin (a, "o@x"));
    ck_assert (is_admin (a, "u@x"));
    ck_assert (!is_admin (a, "t@x"));
}
END_TEST

START_TEST (test_spam)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;

    /* The list: people who talk to each other. */
    tf_add (a, sent ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                     "XDP on veth", NULL));
    answers (a, "a@x", "2024-01-02", "XDP on veth", 2);
    /* Bcc'd to the list by someone who never took part. */
    f = tf_new ("s1@x", "2024-01-03", "Dr. Mag", "mag@spam.example",
                "Business Transaction", NULL);
    g_ptr_array_add (f->to, g_strdup ("mag@spam.example"));
    tf_add (a, f);
    /* Sent to the list, again and again, never answered. */
    tf_add (a, sent ("s2@x", "2024-02-01", "Kam Tral", "kt@seo.example",
                     "Keywords for your site", NULL));
    tf_add (a, sent ("s3@x", "2024-03-01", "Kam Tral", "kt@seo.example",
                     "Keywords for your site", NULL));
    /* Asked again two days later: someone who wants an answer. */
    tf_add (a, sent ("n1@x", "2024-03-01", "New Bie", "nb@n.example",
                     "AF_XDP and veth", NULL));
    tf_add (a, sent ("n2@x", "2024-03-03", "New Bie", "nb@n.example",
                     "AF_XDP and veth", NULL));
    /* A newcomer's unanswered question, to the list: not spam. */
    tf_add (a, sent ("q@x", "2024-03-02", "New Comer", "nc@n.example",
                     "XDP_REDIRECT drops packets", NULL));
    /* Tagged: a patch nobody answered yet, not spam. */
    f = tf_new ("p@x", "2024-03-03", "Pat Ch", "pc@p.example",
                "[PATCH] xdp: fix a leak", NULL);
    g_ptr_array_add (f->to, g_strdup ("netdev@vger.kernel.org"));
    tf_add (a, f);
    tf_run (a);
    ck_assert_int_eq (tf_thread_of (a, "s1@x")->admin_reason,
                      MLG_ADMIN_SPAM);
    ck_assert_int_eq (tf_thread_of (a, "s1@x")->proposal->kind,
                      MLG_PROPOSAL_SPAM);
    ck_assert_int_eq (tf_thread_of (a, "s2@x")->admin_reason,
                      MLG_ADMIN_SPAM);
    ck_assert_int_eq (tf_thread_of (a, "s3@x")->admin_reason,
                      MLG_ADMIN_SPAM);
    ck_assert (!is_admin (a, "q@x"));
    ck_assert (!is_admin (a, "p@x"));
    ck_assert (!is_admin (a, "a@x"));
    ck_assert (!is_admin (a, "n2@x"));
    ck_assert_int_eq (tf_thread_of (a, "n2@x")->join, MLG_JOIN_REPOST);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 4);
}
END_TEST

START_TEST (test_all_ranks_admin_last)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const GPtrArray *all;

    tf_add (a, sent ("c@x", "2024-01-01", "Ted Tso", "ted@m.edu",
                     "Topics for the summit", NULL));
    answers (a, "c@x", "2024-01-02", "Topics for the summit", 6);
    tf_add (a, sent ("p@x", "2024-01-03", "Ann Lee", "ann@a.com",
                     "A small idea", NULL));
    answers (a, "p@x", "2024-01-04", "A small idea", 1);
    mlg_analysis_set_include_admin (a, true);
    tf_run (a);
    all = mlg_analysis_get_proposals (a);
    ck_assert_uint_eq (all->len, 2);
    /* The call scores higher; the proposal still ranks first. */
    ck_assert_double_gt (((MlgProposal *) all->pdata[1])->score,
                         ((MlgProposal *) all->pdata[0])->score);
    ck_assert_str_eq (((MlgProposal *) all->pdata[0])->name, "a small idea");
    ck_assert_uint_eq (((MlgProposal *) all->pdata[1])->rank, 2);
}
END_TEST

START_TEST (test_opening_not_archived)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgProposal *p;

    /* The proposal's opening is lost; its critic replied first. */
    tf_add (a, sent ("c@x", "2019-07-03", "Cri Tic", "critic@c.com",
                     "Re: [MAINTAINERS SUMMIT] Patch version changes",
                     "lost@x"));
    answers (a, "c@x", "2019-07-04", "[MAINTAINERS SUMMIT] Patch version "
             "changes", 2);
    tf_run (a);
    p = tf_proposal (a, "patch version changes");
    ck_assert_ptr_nonnull (p);
    ck_assert (p->opening_missing);
    ck_assert_ptr_null (p->opening);
    ck_assert_uint_eq (p->proponents->len, 0);
    /* Everybody who wrote is somebody other than the proponents. */
    ck_assert_uint_eq (p->features.independent_people, 3);
    ck_assert_uint_eq (p->features.checklist, 0);
    ck_assert_int_eq (p->features.first_reply, -1);
}
END_TEST

START_TEST (test_draft_authors_are_proponents)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;
    const MlgProposal *p;

    tf_add (a, request ("a@x", "2024-01-01", "Agenda request: draft-smith-wxp",
                        "draft-smith-wxp", 0));
    tf_add (a, tf_new ("b@x", "2024-01-02", "Jane Smith", "js@acme.example",
                       "Re: Agenda request: draft-smith-wxp", "a@x"));
    tf_add (a, tf_new ("c@x", "2024-01-03", "José Martínez", "jm@init.example",
                       "Re: Agenda request: draft-smith-wxp", "a@x"));
    tf_add (a, tf_new ("d@x", "2024-01-04", "John Smith", "jsm@other.example",
                       "Re: Agenda request: draft-smith-wxp", "a@x"));
    f = tf_new ("ann@x", "2024-02-01", "", "internet-drafts@ietf.org",
                "I-D Action: draft-smith-wxp-01.txt", NULL);
    f->kind = MLG_KIND_DRAFT_ANNOUNCEMENT;
    tf_draft (f, "draft-smith-wxp", 1);
    tf_pointer (f, MLG_POINTER_AUTHOR, "J. Martinez");
    tf_pointer (f, MLG_POINTER_AUTHOR, "Jane Smith");
    tf_add (a, f);
    mlg_analysis_set_now (a, tf_date ("2024-03-01"));
    tf_run (a);
    p = tf_proposal (a, "draft-smith-wxp");
    ck_assert_ptr_nonnull (p);
    /* The opening's author and the two draft authors; not John Smith. */
    ck_assert_uint_eq (p->proponents->len, 3);
    ck_assert_ptr_eq (p->proponents->pdata[0],
                      mlg_analysis_get_person (a, "ann@a.com"));
    ck_assert_ptr_eq (p->proponents->pdata[1],
                      mlg_analysis_get_person (a, "js@acme.example"));
    ck_assert_ptr_eq (p->proponents->pdata[2],
                      mlg_analysis_get_person (a, "jm@init.example"));
    ck_assert_uint_eq (p->features.independent_people, 1);
}
END_TEST

/* What the Datatracker says of a draft renamed on adoption, in the
 * shape fetch --datatracker stores it. */
static const char dt_doc[] =
    "{\"name\":\"draft-ietf-wg-foo\",\"title\":\"Foo\",\"state\":\"Active\","
    "\"group\":{\"acronym\":\"wg\"},\"authors\":["
    "{\"name\":\"Dan Dev\",\"email\":\"dan@d.com\",\"affiliation\":null},"
    "{\"name\":\"Eve Writer\",\"email\":\"eve@e.com\",\"affiliation\":null}],"
    "\"rev_history\":["
    "{\"name\":\"draft-lee-dispatch-foo\",\"rev\":\"00\","
    "\"published\":\"2024-01-09T10:00:00Z\"},"
    "{\"name\":\"draft-lee-dispatch-foo\",\"rev\":\"01\","
    "\"published\":\"2024-02-10T10:00:00Z\"},"
    "{\"name\":\"draft-ietf-wg-foo\",\"rev\":\"00\","
    "\"published\":\"2024-03-01T10:00:00Z\"}]}";

static void
renamed_thread_set (MlgAnalysis *a)
{
    tf_add (a, request ("a@x", "2024-01-10",
                        "Request: draft-lee-dispatch-foo-00",
                        "draft-lee-dispatch-foo", 0));
    reply (a, "a1@x", "2024-01-11", "bob@b.com", "a@x");
    tf_add (a, request ("b@x", "2024-03-05", "draft-ietf-wg-foo-00 posted",
                        "draft-ietf-wg-foo", 0));
    tf_add (a, tf_new ("b1@x", "2024-03-06", "Carl Chair", "carl@c.com",
                       "Re: x", "b@x"));
    tf_add (a, tf_new ("b2@x", "2024-03-06", "Dan Dev", "dan@d.com",
                       "Re: x", "b@x"));
    tf_add (a, tf_new ("b3@x", "2024-03-07", "Eve Writer", "eve@other.com",
                       "Re: x", "b@x"));
    /* The first revision, 2024-01-09, is before the window. */
    mlg_analysis_set_window (a, tf_date ("2024-01-10"), tf_date ("2024-04-01"));
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
}

static MlgDtSnapshot *
dt_snapshot (void)
{
    MlgDtSnapshot *snap = g_new0 (MlgDtSnapshot, 1);
    g_autoptr (GError) error = NULL;
    MlgDtDocument *doc = mlg_dt_document_parse (dt_doc, strlen (dt_doc),
                                                &error);
    MlgDtGroup *group = g_new0 (MlgDtGroup, 1);

    ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
    doc->asked = g_strdup ("draft-lee-dispatch-foo");
    snap->refreshed = g_strdup ("2024-03-30T12:00:00Z");
    snap->documents = g_ptr_array_new_with_free_func (
        (GDestroyNotify) mlg_dt_document_free);
    g_ptr_array_add (snap->documents, doc);
    group->acronym = g_strdup ("dispatch");
    group->chairs = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (group->chairs, g_strdup ("carl@c.com"));
    snap->groups = g_ptr_array_new ();
    g_ptr_array_add (snap->groups, group);
    return snap;
}

static void
dt_snapshot_free (MlgDtSnapshot *snap)
{
    MlgDtGroup *group = snap->groups->pdata[0];

    g_ptr_array_unref (group->chairs);
    g_free (group->acronym);
    g_free (group);
    g_ptr_array_unref (snap->groups);
    snap->groups = g_ptr_array_new ();
    mlg_dt_snapshot_free (snap);
}

/* Mail alone: two proposals, revisions as mentioned, no chair. */
START_TEST (test_renamed_draft_without_datatracker)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    renamed_thread_set (a);
    tf_run (a);
    ck_assert_ptr_null (mlg_analysis_get_datatracker_refreshed (a));
    ck_assert_ptr_nonnull (tf_proposal (a, "draft-lee-dispatch-foo"));
    ck_assert_ptr_nonnull (tf_proposal (a, "draft-ietf-wg-foo"));
    ck_assert_int_eq (tf_proposal (a, "draft-ietf-wg-foo")
                          ->features.revisions_source,
                      MLG_REVISIONS_MAIL);
}
END_TEST

/* With the Datatracker: the replaces chain is one proposal named by the
 * latest name; authors by address and by name are proponents; the
 * revisions in the window are those published in it; the group's chair
 * is a chair of its list without a roster. */
START_TEST (test_renamed_draft_with_datatracker)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgDtSnapshot *snap = dt_snapshot ();
    const MlgProposal *p;
    bool dan = false, eve = false, ann = false;

    renamed_thread_set (a);
    mlg_analysis_add_datatracker (a, snap);
    dt_snapshot_free (snap);
    tf_run (a);
    ck_assert_str_eq (mlg_analysis_get_datatracker_refreshed (a),
                      "2024-03-30T12:00:00Z");
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 1);
    p = tf_proposal (a, "draft-ietf-wg-foo");
    ck_assert_ptr_nonnull (p);
    ck_assert_str_eq (p->draft, "draft-ietf-wg-foo");
    ck_assert_uint_eq (p->threads->len, 2);
    ck_assert_str_eq (tf_thread_of (a, "a@x")->draft, "draft-ietf-wg-foo");
    /* The old name still finds it. */
    ck_assert_ptr_eq (mlg_analysis_find_proposal (a, "draft-lee-dispatch-foo"),
                      p);
    for (guint i = 0; i < p->proponents->len; i++) {
        const MlgPerson *who = p->proponents->pdata[i];
        dan = dan || g_str_equal (who->address, "dan@d.com");
        eve = eve || g_str_equal (who->address, "eve@other.com");
        ann = ann || g_str_equal (who->address, "ann@a.com");
    }
    ck_assert (ann && dan && eve);
    ck_assert_uint_eq (p->proponents->len, 3);
    ck_assert_uint_eq (p->features.independent_people, 2); /* bob, carl */
    ck_assert_int_eq (p->features.revisions_source,
                      MLG_REVISIONS_DATATRACKER);
    ck_assert_uint_eq (p->features.revisions_in_window, 2);
    ck_assert_int_eq (p->features.latest_revision, 0);
    ck_assert_int_eq (mlg_proposal_role (a, p,
                                         mlg_analysis_get_message (a, "b1@x")),
                      MLG_ROLE_CHAIR);
    ck_assert_uint_eq (p->features.chairs_replied, 1);
    ck_assert (mlg_analysis_get_person (a, "carl@c.com")->chair);
}
END_TEST

/* A rule written for the individual draft still holds after the rename:
 * it matches any name of the chain. */
START_TEST (test_rule_holds_after_rename)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autoptr (MlgAnalysis) a = NULL;
    g_autoptr (GError) error = NULL;
    MlgDtSnapshot *snap = dt_snapshot ();
    const MlgProposal *p;

    ck_assert (mlg_config_load_data (config,
                                     "[proposal foo]\n"
                                     "drafts = draft-lee-dispatch-foo\n",
                                     NULL, &error));
    a = mlg_analysis_new (config);
    renamed_thread_set (a);
    mlg_analysis_add_datatracker (a, snap);
    dt_snapshot_free (snap);
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_proposals (a)->len, 1);
    p = tf_proposal (a, "foo");
    ck_assert_ptr_nonnull (p);
    ck_assert_uint_eq (p->threads->len, 2);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("proposal");
    TCase *group = tcase_create ("group");
    TCase *config = tcase_create ("config");
    TCase *admin = tcase_create ("admin");
    TCase *proponents = tcase_create ("proponents");

    tcase_add_test (group, test_revisions_lists_months);
    tcase_add_test (group, test_primary_draft_subject_first);
    tcase_add_test (group, test_no_draft_own_proposal);
    tcase_add_test (group, test_admin_left_out);
    tcase_add_test (group, test_announcement_joins_draft);
    tcase_add_test (group, test_repost_under_other_tag);
    tcase_add_test (group, test_new_versions_join);
    tcase_add_test (group, test_repost_limits);
    tcase_add_test (group, test_fork_and_lost_parent_join);
    suite_add_tcase (s, group);
    tcase_add_test (admin, test_admin_vocabulary);
    tcase_add_test (admin, test_admin_weak_words_need_support);
    tcase_add_test (admin, test_spam);
    tcase_add_test (admin, test_all_ranks_admin_last);
    suite_add_tcase (s, admin);
    tcase_add_test (proponents, test_opening_not_archived);
    tcase_add_test (proponents, test_draft_authors_are_proponents);
    tcase_add_test (proponents, test_renamed_draft_without_datatracker);
    tcase_add_test (proponents, test_renamed_draft_with_datatracker);
    tcase_add_test (proponents, test_rule_holds_after_rename);
    suite_add_tcase (s, proponents);
    tcase_add_test (config, test_config_merge_rename_exclude);
    tcase_add_test (config, test_proponents);
    tcase_add_test (config, test_config_wins_over_joins);
    suite_add_tcase (s, config);
    return s;
}

MLG_TEST_MAIN (make_suite)
