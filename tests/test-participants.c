/* test-participants.c - the stance a message takes on its proposal (what
 * its words are aimed at, through the reply tree) and the one
 * participants table that the score, people and detail all read. */
#include "mlg-test.h"

#include "mlg-analysis-test-private.h"

/* A reply by `addr` to `parent` whose text takes `stance` with a cue of
 * kind `cue`. */
static void
add_reply (MlgAnalysis *a, const char *id, const char *date,
           const char *name, const char *addr, const char *parent,
           MlgStance stance, MlgStanceCue cue)
{
    MlgMessageFacts *f = tf_new (id, date, name, addr, "Re: Widgets",
                                 parent);

    f->stance = stance;
    f->stance_cue = cue;
    if (stance != MLG_STANCE_NONE)
        f->stance_quote = g_strdup (id);
    tf_add (a, f);
}

/* The opening, by the proponent Pat. */
static void
add_opening (MlgAnalysis *a)
{
    tf_add (a, tf_new ("open@x", "2024-03-01", "Pat Prop", "pat@p.com",
                       "Widgets", NULL));
}

static const MlgMessage *
message (MlgAnalysis *a, const char *id)
{
    const MlgMessage *m = mlg_analysis_get_message (a, id);

    ck_assert_msg (m != NULL, "no message %s", id);
    return m;
}

#define S MLG_STANCE_SUPPORT
#define O MLG_STANCE_OBJECTION
#define N MLG_STANCE_NONE

/* "+1" under the opening supports; under an objection it objects; under
 * a supporter it supports; under a mail that takes no stance it is
 * agreement with a side point. */
START_TEST (test_agreement_takes_the_side_it_answers)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    add_opening (a);
    add_reply (a, "sup@x", "2024-03-02", "Sue Sup", "sue@s.com", "open@x",
               S, MLG_CUE_ANSWER);
    add_reply (a, "obj@x", "2024-03-03", "Olga Obj", "olga@o.com", "open@x",
               O, MLG_CUE_ANSWER);
    add_reply (a, "side@x", "2024-03-03", "Sid Side", "sid@d.com", "open@x",
               N, MLG_CUE_ANSWER);
    add_reply (a, "p1@x", "2024-03-04", "Ann One", "ann@a.com", "obj@x", S,
               MLG_CUE_ANSWER);
    add_reply (a, "p2@x", "2024-03-04", "Ben Two", "ben@b.com", "sup@x", S,
               MLG_CUE_ANSWER);
    add_reply (a, "p3@x", "2024-03-04", "Cy Three", "cy@c.com", "side@x", S,
               MLG_CUE_ANSWER);
    add_reply (a, "p4@x", "2024-03-04", "Di Four", "di@d4.com", "sup@x", O,
               MLG_CUE_ANSWER);
    add_reply (a, "p5@x", "2024-03-04", "Ed Five", "ed@e.com", "obj@x", O,
               MLG_CUE_ANSWER);
    tf_run (a);

    ck_assert_int_eq (message (a, "sup@x")->stance, S);
    ck_assert_int_eq (message (a, "sup@x")->stance_reason,
                      MLG_REASON_ANSWERS_PROPOSAL);
    ck_assert_int_eq (message (a, "p1@x")->stance, O);
    ck_assert_int_eq (message (a, "p1@x")->stance_reason,
                      MLG_REASON_WITH_OBJECTOR);
    ck_assert_str_eq (message (a, "p1@x")->stance_target->id, "obj@x");
    ck_assert_int_eq (message (a, "p2@x")->stance, S);
    ck_assert_int_eq (message (a, "p2@x")->stance_reason,
                      MLG_REASON_WITH_SUPPORTER);
    ck_assert_int_eq (message (a, "p3@x")->stance, N);
    ck_assert_int_eq (message (a, "p3@x")->stance_reason,
                      MLG_REASON_SIDE_POINT);
    ck_assert_int_eq (message (a, "p4@x")->stance, O);
    ck_assert_int_eq (message (a, "p4@x")->stance_reason,
                      MLG_REASON_AGAINST_SUPPORTER);
    ck_assert_int_eq (message (a, "p5@x")->stance, S);
    ck_assert_int_eq (message (a, "p5@x")->stance_reason,
                      MLG_REASON_AGAINST_OBJECTOR);
    /* Supporters: Sue, Ben, Ed; objectors: Olga, Ann, Di. */
    ck_assert_uint_eq (tf_proposal (a, "widgets")->features.supporters, 3);
    ck_assert_uint_eq (tf_proposal (a, "widgets")->features.objectors, 3);
}
END_TEST

/* Words that name the proposal count whatever they answer; a proponent's
 * own words never count; a reply whose parent is not archived keeps what
 * its text says. */
START_TEST (test_named_proponent_and_missing_parent)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    add_opening (a);
    add_reply (a, "side@x", "2024-03-02", "Sid Side", "sid@d.com", "open@x",
               N, MLG_CUE_ANSWER);
    add_reply (a, "named@x", "2024-03-03", "Ann One", "ann@a.com", "side@x",
               S, MLG_CUE_PROPOSAL);
    add_reply (a, "own@x", "2024-03-03", "Pat Prop", "pat@p.com", "side@x",
               S, MLG_CUE_ANSWER);
    /* Its parent "gone@x" is not in the archive, but "open@x" is above. */
    {
        MlgMessageFacts *f = tf_new ("gap@x", "2024-03-04", "Ben Two",
                                     "ben@b.com", "Re: Widgets", "gone@x");
        g_ptr_array_insert (f->references, 0, g_strdup ("open@x"));
        f->stance = O;
        f->stance_quote = g_strdup ("-1");
        tf_add (a, f);
    }
    tf_run (a);

    ck_assert_int_eq (message (a, "named@x")->stance, S);
    ck_assert_int_eq (message (a, "named@x")->stance_reason,
                      MLG_REASON_NAMES_PROPOSAL);
    ck_assert_int_eq (message (a, "own@x")->stance, N);
    ck_assert_int_eq (message (a, "own@x")->stance_reason,
                      MLG_REASON_PROPONENT);
    ck_assert_str_eq (message (a, "gap@x")->parent->id, "open@x");
    ck_assert_int_eq (message (a, "gap@x")->stance, O);
    ck_assert_int_eq (message (a, "gap@x")->stance_reason,
                      MLG_REASON_UNANSWERED);
    ck_assert_uint_eq (tf_proposal (a, "widgets")->features.supporters, 1);
    ck_assert_uint_eq (tf_proposal (a, "widgets")->features.objectors, 1);
}
END_TEST

/* Mitigated agreement ("Exactly.", "makes sense") grants a point and
 * does not count; mitigated disagreement ("I don't think") does. */
START_TEST (test_hedges)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);

    add_opening (a);
    add_reply (a, "ack@x", "2024-03-02", "Ann One", "ann@a.com", "open@x", S,
               MLG_CUE_HEDGE);
    add_reply (a, "doubt@x", "2024-03-02", "Ben Two", "ben@b.com", "open@x",
               O, MLG_CUE_HEDGE);
    tf_run (a);
    ck_assert_int_eq (message (a, "ack@x")->text_stance, S);
    ck_assert_int_eq (message (a, "ack@x")->stance, N);
    ck_assert_int_eq (message (a, "ack@x")->stance_reason,
                      MLG_REASON_ACKNOWLEDGES);
    ck_assert_int_eq (message (a, "doubt@x")->stance, O);
}
END_TEST

/* "+1" to a "+1" to an objection is an objection, whatever order the
 * clocks put them in; and a very deep chain resolves without recursion. */
START_TEST (test_chains)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    char id[32], parent[32], addr[32];

    add_opening (a);
    /* The reply is dated before what it answers. */
    add_reply (a, "c2@x", "2024-03-01T00:00:01Z", "Cy Three", "cy@c.com",
               "c1@x", S, MLG_CUE_ANSWER);
    add_reply (a, "c1@x", "2024-03-05", "Ann One", "ann@a.com", "obj@x", S,
               MLG_CUE_ANSWER);
    add_reply (a, "obj@x", "2024-03-04", "Olga Obj", "olga@o.com", "open@x",
               O, MLG_CUE_ANSWER);
    g_strlcpy (parent, "obj@x", sizeof parent);
    for (guint i = 0; i < 20000; i++) {
        g_snprintf (id, sizeof id, "d%u@x", i);
        g_snprintf (addr, sizeof addr, "p%u@deep.com", i % 7);
        add_reply (a, id, "2024-03-06", "Deep Person", addr, parent, S,
                   MLG_CUE_ANSWER);
        g_strlcpy (parent, id, sizeof parent);
    }
    tf_run (a);
    ck_assert_int_eq (message (a, "c1@x")->stance, O);
    ck_assert_int_eq (message (a, "c2@x")->stance, O);
    ck_assert_int_eq (message (a, "c2@x")->stance_reason,
                      MLG_REASON_WITH_OBJECTOR);
    ck_assert_int_eq (message (a, "d19999@x")->stance, O);
}
END_TEST

static const MlgParticipant *
participant (GPtrArray *parts, const char *addr)
{
    for (guint i = 0; i < parts->len; i++) {
        const MlgParticipant *p = parts->pdata[i];
        if (strcmp (p->person->address, addr) == 0)
            return p;
    }
    return NULL;
}

/* One table: the proposal's supporters and objectors, each person's
 * supports and objections, and the participants agree, also when a
 * person's stances are in two threads and on the same second (the one
 * whose id sorts last is the latest). */
START_TEST (test_one_table)
{
    g_autoptr (MlgAnalysis) a = mlg_analysis_new (NULL);
    g_autoptr (GPtrArray) parts = NULL;
    const MlgProposal *p;
    const MlgPerson *ann;
    MlgMessageFacts *f;

    /* Two threads of one proposal (same draft). */
    f = tf_new ("t1@x", "2024-03-01", "Pat Prop", "pat@p.com",
                "draft-x-widgets", NULL);
    tf_draft (f, "draft-x-widgets", 0);
    tf_add (a, f);
    f = tf_new ("t2@x", "2024-03-02", "Pat Prop", "pat@p.com",
                "draft-x-widgets again", NULL);
    tf_draft (f, "draft-x-widgets", 1);
    tf_add (a, f);
    /* Ann: support in thread 2 and objection in thread 1, same second;
     * "zz" sorts after "aa", so the objection is her latest. */
    add_reply (a, "aa@x", "2024-03-03T10:00:00Z", "Ann One", "ann@a.com",
               "t2@x", S, MLG_CUE_ANSWER);
    add_reply (a, "zz@x", "2024-03-03T10:00:00Z", "Ann One", "ann@a.com",
               "t1@x", O, MLG_CUE_ANSWER);
    tf_run (a);

    p = tf_proposal (a, "draft-x-widgets");
    ck_assert_ptr_nonnull (p);
    ck_assert_uint_eq (p->threads->len, 2);
    parts = mlg_proposal_get_participants (a, p);
    ck_assert_int_eq (participant (parts, "ann@a.com")->stance, O);
    ck_assert_str_eq (participant (parts, "ann@a.com")->stance_message->id,
                      "zz@x");
    ck_assert_uint_eq (p->features.supporters, 0);
    ck_assert_uint_eq (p->features.objectors, 1);
    ann = mlg_analysis_get_person (a, "ann@a.com");
    ck_assert_uint_eq (ann->supports, 0);
    ck_assert_uint_eq (ann->objections, 1);
    /* The proponent has no stance and is a participant. */
    ck_assert_int_eq (participant (parts, "pat@p.com")->stance, N);
    ck_assert_int_eq (participant (parts, "pat@p.com")->role,
                      MLG_ROLE_PROPONENT);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("participants");
    TCase *tc = tcase_create ("stances");

    tcase_add_test (tc, test_agreement_takes_the_side_it_answers);
    tcase_add_test (tc, test_named_proponent_and_missing_parent);
    tcase_add_test (tc, test_hedges);
    tcase_add_test (tc, test_chains);
    suite_add_tcase (s, tc);
    tc = tcase_create ("table");
    tcase_add_test (tc, test_one_table);
    suite_add_tcase (s, tc);
    return s;
}

MLG_TEST_MAIN (make_suite)
