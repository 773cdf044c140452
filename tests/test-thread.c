/* test-thread.c - JWZ threading, the subject fallback, the resurrection
 * rule, the split of a reply that opens a proposal of its own, openings
 * not archived, and hostile references (cycles, self-references,
 * duplicates). */
#include "mlg-test.h"

#include "mlg-analysis-test-private.h"

static guint
messages_in_threads (MlgAnalysis *a)
{
    const GPtrArray *threads = mlg_analysis_get_all_threads (a);
    guint n = 0;

    for (guint i = 0; i < threads->len; i++)
        n += ((MlgThread *) threads->pdata[i])->messages->len;
    return n;
}

START_TEST (test_in_reply_to_chain)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "Idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "Bob Ray", "bob@b.com",
                       "Re: Idea", "a@x"));
    tf_add (a, tf_new ("c@x", "2024-01-03", "Cy Dee", "cy@c.com",
                       "Re: Idea", "b@x"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 1);
    ck_assert_str_eq (tf_thread_of (a, "c@x")->id, "a@x");
    ck_assert_str_eq (mlg_analysis_get_message (a, "c@x")->parent->id, "b@x");
}
END_TEST

START_TEST (test_references_across_lists)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;

    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "Idea", NULL));
    /* No In-Reply-To, only References, and on another list. */
    f = tf_new ("b@x", "2024-01-02", "Bob Ray", "bob@b.com", "Re: Idea",
                NULL);
    g_ptr_array_add (f->references, g_strdup ("a@x"));
    g_ptr_array_set_size (f->lists, 0);
    mlg_message_facts_add_list (f, "secdispatch.ietf.org");
    tf_add (a, f);
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 1);
    ck_assert_uint_eq (tf_thread_of (a, "b@x")->lists->len, 2);
}
END_TEST

START_TEST (test_reply_before_parent)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    tf_add (a, tf_new ("b@x", "2024-01-02", "Bob Ray", "bob@b.com",
                       "Re: Idea", "a@x"));
    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "Idea", NULL));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 1);
    ck_assert_str_eq (tf_thread_of (a, "b@x")->root->id, "a@x");
}
END_TEST

START_TEST (test_missing_parent_siblings)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    /* Two replies to a message the archive never had: one thread, opened
     * by the earlier reply, nothing lost. */
    tf_add (a, tf_new ("b@x", "2024-01-02", "Bob Ray", "bob@b.com",
                       "Re: Lost", "gone@x"));
    tf_add (a, tf_new ("c@x", "2024-01-03", "Cy Dee", "cy@c.com",
                       "Re: Lost", "gone@x"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 1);
    ck_assert_str_eq (tf_thread_of (a, "c@x")->root->id, "b@x");
    ck_assert_uint_eq (messages_in_threads (a), 2);
    ck_assert_ptr_null (mlg_analysis_get_message (a, "gone@x"));
}
END_TEST

START_TEST (test_subject_fallback_within_window)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "New transport", NULL));
    /* Its parent is missing (a broken client), but it is a reply by
     * subject 10 days after the original. */
    tf_add (a, tf_new ("b@x", "2024-01-11", "Bob Ray", "bob@b.com",
                       "Re: New transport", "lost@x"));
    /* And one with no reference at all. */
    tf_add (a, tf_new ("c@x", "2024-01-12", "Cy Dee", "cy@c.com",
                       "RE: [Dispatch] New transport", NULL));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 1);
    ck_assert_str_eq (tf_thread_of (a, "b@x")->id, "a@x");
    ck_assert_str_eq (tf_thread_of (a, "c@x")->id, "a@x");
}
END_TEST

START_TEST (test_subject_fallback_outside_window)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "New transport", NULL));
    tf_add (a, tf_new ("b@x", "2024-03-01", "Bob Ray", "bob@b.com",
                       "Re: New transport", "lost@x"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 2);
}
END_TEST

START_TEST (test_subject_fallback_only_for_replies)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    /* Same subject, not a reply: a new thread (e.g. a re-post). */
    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "New transport", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-05", "Ann Lee", "ann@a.com",
                       "New transport", NULL));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 2);
}
END_TEST

START_TEST (test_resurrection_changed_subject)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "Old idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "Bob Ray", "bob@b.com",
                       "Re: Old idea", "a@x"));
    /* Three months of silence, then a reply under a new subject, and a
     * reply to it. */
    tf_add (a, tf_new ("c@x", "2024-04-02", "Cy Dee", "cy@c.com",
                       "Re: Something else entirely", "b@x"));
    tf_add (a, tf_new ("d@x", "2024-04-03", "Dan Oh", "dan@d.com",
                       "Re: Something else entirely", "c@x"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 2);
    ck_assert_str_eq (tf_thread_of (a, "d@x")->id, "c@x");
    ck_assert_str_eq (tf_thread_of (a, "b@x")->id, "a@x");
}
END_TEST

START_TEST (test_resurrection_needs_both)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "Old idea", NULL));
    /* Long silence, same subject: the same thread. */
    tf_add (a, tf_new ("b@x", "2024-05-01", "Bob Ray", "bob@b.com",
                       "Re: Old idea", "a@x"));
    /* Changed subject, no silence: the same thread. */
    tf_add (a, tf_new ("c@x", "2024-05-02", "Cy Dee", "cy@c.com",
                       "Re: Old idea (was: something)", "b@x"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 1);
}
END_TEST

/* A Rust thread in which a reply opens a proposal of its own: a new
 * subject with a topic tag the opening lacks, answered by others. */
static void
add_rust_fork (MlgAnalysis *a, bool answered)
{
    tf_add (a, tf_new ("r@x", "2022-06-18", "Miguel Ojeda", "mo@a.com",
                       "[TECH TOPIC] Rust", NULL));
    tf_add (a, tf_new ("r1@x", "2022-06-18", "Laurent P", "lp@b.com",
                       "Re: [TECH TOPIC] Rust", "r@x"));
    tf_add (a, tf_new ("f@x", "2022-06-19", "James Bottomley", "jb@c.com",
                       "[MAINTAINERS SUMMIT] Are we becoming too fearful? "
                       "[was Re: [TECH TOPIC] Rust]", "r1@x"));
    tf_add (a, tf_new ("r2@x", "2022-06-19", "Jens Axboe", "ja@d.com",
                       "Re: [TECH TOPIC] Rust", "r1@x"));
    if (!answered)
        return;
    tf_add (a, tf_new ("f1@x", "2022-06-20", "Greg KH", "gk@e.com",
                       "Re: [MAINTAINERS SUMMIT] Are we becoming too fearful?",
                       "f@x"));
    tf_add (a, tf_new ("f2@x", "2022-06-21", "Laurent P", "lp@b.com",
                       "Re: [MAINTAINERS SUMMIT] Are we becoming too fearful?",
                       "f1@x"));
}

START_TEST (test_split_new_proposal)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const MlgThread *rust, *fearful;
    g_autofree char *why = NULL;

    add_rust_fork (a, true);
    tf_run (a);
    rust = tf_thread_of (a, "r@x");
    fearful = tf_thread_of (a, "f@x");
    ck_assert_ptr_ne (rust, fearful);
    ck_assert_str_eq (fearful->id, "f@x");
    ck_assert_uint_eq (fearful->messages->len, 3);
    ck_assert_uint_eq (rust->messages->len, 3);
    ck_assert_ptr_eq (fearful->split_from, rust);
    ck_assert_ptr_null (rust->split_from);
    why = mlg_thread_describe_join (fearful);
    ck_assert_str_eq (why, "split from the thread of 2022-06-18: a reply "
                           "there opened a proposal of its own (a topic tag "
                           "of its own, answered by others)");
    ck_assert (!fearful->opening_missing);
    ck_assert_ptr_eq (tf_thread_of (a, "f2@x"), fearful);
    /* Its own proposal, proposed by the one who opened it. */
    ck_assert_ptr_ne (fearful->proposal, rust->proposal);
    ck_assert_uint_eq (fearful->proposal->proponents->len, 1);
    ck_assert_str_eq (
        ((MlgPerson *) fearful->proposal->proponents->pdata[0])->name,
        "James Bottomley");
}
END_TEST

START_TEST (test_no_split_without_repliers)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    /* Nobody answered the new subject: a remark in the thread. */
    add_rust_fork (a, false);
    tf_run (a);
    ck_assert_ptr_eq (tf_thread_of (a, "f@x"), tf_thread_of (a, "r@x"));
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 1);
}
END_TEST

START_TEST (test_no_split_without_new_tag)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    /* "Y (was: X)" without a tag of its own: a turn of the same talk. */
    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "[TECH TOPIC] Old idea", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "Bob Ray", "bob@b.com",
                       "Side point (was: Old idea)", "a@x"));
    tf_add (a, tf_new ("c@x", "2024-01-03", "Cy Dee", "cy@c.com",
                       "Re: Side point (was: Old idea)", "b@x"));
    /* A series: its parts answer the cover letter under subjects of
     * their own and the same tag. */
    tf_add (a, tf_new ("p0@x", "2024-02-01", "Dan Oh", "dan@d.com",
                       "[PATCH v2 0/2] Maintainer profiles", NULL));
    tf_add (a, tf_new ("p1@x", "2024-02-01", "Dan Oh", "dan@d.com",
                       "[PATCH v2 1/2] MAINTAINERS: a P: tag", "p0@x"));
    tf_add (a, tf_new ("p2@x", "2024-02-02", "Eve Ng", "eve@e.com",
                       "Re: [PATCH v2 1/2] MAINTAINERS: a P: tag", "p1@x"));
    /* A patch of someone else's in reply: the same kind of tag. */
    tf_add (a, tf_new ("m@x", "2024-02-03", "Mauro C", "mc@m.com",
                       "[PATCH] media: a profile", "p0@x"));
    tf_add (a, tf_new ("m1@x", "2024-02-04", "Eve Ng", "eve@e.com",
                       "Re: [PATCH] media: a profile", "m@x"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 2);
    ck_assert_ptr_eq (tf_thread_of (a, "c@x"), tf_thread_of (a, "a@x"));
    ck_assert_ptr_eq (tf_thread_of (a, "p2@x"), tf_thread_of (a, "p0@x"));
    ck_assert_ptr_eq (tf_thread_of (a, "m1@x"), tf_thread_of (a, "p0@x"));
}
END_TEST

START_TEST (test_opening_missing)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;

    /* The opening is not archived: its replies refer to it. */
    tf_add (a, tf_new ("b@x", "2024-01-02", "Bob Ray", "bob@b.com",
                       "Re: Lost idea", "lost@x"));
    tf_add (a, tf_new ("c@x", "2024-01-03", "Cy Dee", "cy@c.com",
                       "Re: Lost idea", "b@x"));
    /* A reply that refers to nothing at all. */
    tf_add (a, tf_new ("d@x", "2024-02-01", "Dan Oh", "dan@d.com",
                       "Re: Another lost one", NULL));
    /* A subject of its own in answer to something absent (a v2 sent in
     * reply to v1, a fork of a thread not archived) opens its thread. */
    tf_add (a, tf_new ("v2@x", "2024-02-10", "Fay Wu", "fay@f.com",
                       "[PATCH v2] fix a hang", "v1-not-archived@x"));
    tf_add (a, tf_new ("v2r@x", "2024-02-11", "Gil Ro", "gil@r.com",
                       "Re: [PATCH v2] fix a hang", "v2@x"));
    /* An archived opening. */
    tf_add (a, tf_new ("e@x", "2024-03-01", "Eve Ng", "eve@e.com",
                       "Here idea", NULL));
    /* A reply cut off by the resurrection rule opens its own thread. */
    tf_add (a, tf_new ("g@x", "2024-07-01", "Gus Ho", "gus@g.com",
                       "Re: Quite another idea", "e@x"));
    f = tf_new ("h@x", "2024-07-02", "Hal Li", "hal@h.com",
                "Re: Quite another idea", "g@x");
    tf_add (a, f);
    tf_run (a);
    ck_assert (tf_thread_of (a, "b@x")->opening_missing);
    ck_assert_str_eq (tf_thread_of (a, "b@x")->root->id, "b@x");
    ck_assert (tf_thread_of (a, "d@x")->opening_missing);
    ck_assert (!tf_thread_of (a, "v2r@x")->opening_missing);
    ck_assert_str_eq (tf_thread_of (a, "v2r@x")->root->id, "v2@x");
    ck_assert (!tf_thread_of (a, "e@x")->opening_missing);
    ck_assert_ptr_ne (tf_thread_of (a, "g@x"), tf_thread_of (a, "e@x"));
    ck_assert (!tf_thread_of (a, "g@x")->opening_missing);
}
END_TEST

START_TEST (test_reply_cycle)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;

    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "Loop", "b@x"));
    tf_add (a, tf_new ("b@x", "2024-01-02", "Bob Ray", "bob@b.com",
                       "Re: Loop", "a@x"));
    /* A longer cycle through References. */
    f = tf_new ("c@x", "2024-01-03", "Cy Dee", "cy@c.com", "Re: Loop",
                NULL);
    g_ptr_array_add (f->references, g_strdup ("b@x"));
    g_ptr_array_add (f->references, g_strdup ("c@x"));
    g_ptr_array_add (f->references, g_strdup ("a@x"));
    tf_add (a, f);
    tf_run (a);
    ck_assert_uint_eq (messages_in_threads (a), 3);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 1);
}
END_TEST

START_TEST (test_self_reference)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "Me", "a@x"));
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 1);
    ck_assert_ptr_null (mlg_analysis_get_message (a, "a@x")->parent);
}
END_TEST

START_TEST (test_duplicate_ids)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "Dup", NULL));
    tf_add (a, tf_new ("a@x", "2024-01-01", "Ann Lee", "ann@a.com",
                       "Dup", NULL));
    tf_add (a, tf_new ("b@x", "2024-01-02", "Bob Ray", "bob@b.com",
                       "Re: Dup", "a@x"));
    tf_run (a);
    ck_assert_uint_eq (messages_in_threads (a), 3);
    ck_assert_str_eq (tf_thread_of (a, "b@x")->id, "a@x");
}
END_TEST

START_TEST (test_deep_chain)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    const guint n = 20000;

    for (guint i = 0; i < n; i++) {
        g_autofree char *id = g_strdup_printf ("m%u@x", i);
        g_autofree char *parent =
            i > 0 ? g_strdup_printf ("m%u@x", i - 1) : NULL;
        tf_add (a, tf_new (id, "2024-01-01", "Ann Lee", "ann@a.com",
                           i ? "Re: Deep" : "Deep", parent));
    }
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 1);
    ck_assert_uint_eq (messages_in_threads (a), n);
}
END_TEST

/* A chain of absent ids (A -> B) whose last link could not be made
 * because the id it leads to (C) already has a parent: the chain is a
 * root with no message under it. It once crashed every report. */
START_TEST (test_ghost_chain_without_messages)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    MlgMessageFacts *f;

    f = tf_new ("m1@x", "2024-01-02", "Ann Lee", "ann@a.com", "Re: Idea",
                "C@x");
    g_ptr_array_set_size (f->references, 0);
    g_ptr_array_add (f->references, g_strdup ("R@x"));
    tf_add (a, f);
    f = tf_new ("m2@x", "2024-01-02T01:00:00Z", "Bob Ray", "bob@b.com",
                "Re: Idea", NULL);
    g_ptr_array_add (f->references, g_strdup ("A@x"));
    g_ptr_array_add (f->references, g_strdup ("B@x"));
    g_ptr_array_add (f->references, g_strdup ("C@x"));
    tf_add (a, f);
    tf_run (a);
    ck_assert_uint_eq (mlg_analysis_get_all_threads (a)->len, 1);
    ck_assert_uint_eq (messages_in_threads (a), 2);
    ck_assert_str_eq (tf_thread_of (a, "m2@x")->id, "m1@x");
    /* Both answer C, which is absent: siblings, with no parent. */
    ck_assert_ptr_null (mlg_analysis_get_message (a, "m2@x")->parent);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("thread");
    TCase *jwz = tcase_create ("jwz");
    TCase *subject = tcase_create ("subject");
    TCase *hostile = tcase_create ("hostile");

    tcase_add_test (jwz, test_in_reply_to_chain);
    tcase_add_test (jwz, test_references_across_lists);
    tcase_add_test (jwz, test_reply_before_parent);
    tcase_add_test (jwz, test_missing_parent_siblings);
    suite_add_tcase (s, jwz);
    tcase_add_test (subject, test_subject_fallback_within_window);
    tcase_add_test (subject, test_subject_fallback_outside_window);
    tcase_add_test (subject, test_subject_fallback_only_for_replies);
    tcase_add_test (subject, test_resurrection_changed_subject);
    tcase_add_test (subject, test_resurrection_needs_both);
    tcase_add_test (subject, test_split_new_proposal);
    tcase_add_test (subject, test_no_split_without_repliers);
    tcase_add_test (subject, test_no_split_without_new_tag);
    tcase_add_test (subject, test_opening_missing);
    suite_add_tcase (s, subject);
    tcase_add_test (hostile, test_reply_cycle);
    tcase_add_test (hostile, test_self_reference);
    tcase_add_test (hostile, test_duplicate_ids);
    tcase_add_test (hostile, test_deep_chain);
    tcase_add_test (hostile, test_ghost_chain_without_messages);
    suite_add_tcase (s, hostile);
    return s;
}

MLG_TEST_MAIN (make_suite)
