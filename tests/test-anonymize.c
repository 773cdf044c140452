/* test-anonymize.c - `--anonymize`: stable pseudonyms keyed by the salt,
 * no name or address left in the records, mail text scrubbed, ids
 * rewritten consistently, roles kept, and the real facts back for the
 * next run. */
#include "mlg-test.h"

#include <string.h>

#include "mlg-analysis-test-private.h"

#define SALT "test-salt"

/* A draft by Ann (with a second address), a reply by Bob naming people,
 * a chair's answer, an announcement, and a discussion whose subject names
 * Bob. */
static MlgAnalysis *
make_analysis (const MlgConfig *config, const char *salt)
{
    MlgAnalysis *a = mlg_analysis_new (config);
    MlgMessageFacts *f;

    f = tf_new ("ann.1@mail.a.com", "2024-03-01T08:00:00Z", "Ann Lee",
                "ann.lee@a.com", "Request: draft-lee-foo", NULL);
    tf_draft (f, "draft-lee-foo", 3);
    g_ptr_array_add (f->to, g_strdup ("dispatch@ietf.org"));
    g_ptr_array_add (f->cc, g_strdup ("dispatch-chairs@ietf.org"));
    g_ptr_array_add (f->cc, g_strdup ("cy@c.com"));
    g_ptr_array_add (f->cc, g_strdup ("dee.ward@w.com"));
    g_ptr_array_add (f->cc, g_strdup ("kim@k.com"));
    tf_add (a, f);
    f = tf_new ("<bob.2@b.com>", "2024-03-01T10:00:00Z", "Bob Ray",
                "bob@b.com", "Re: Request: draft-lee-foo (ann.lee@a.com)",
                "ann.1@mail.a.com");
    f->stance = MLG_STANCE_SUPPORT;
    f->stance_quote = g_strdup ("+1, as ANN LEE said; ask ann.lee or Bob");
    f->permalink = g_strdup ("https://arch.example/msg/bob.2@b.com");
    f->question = g_strdup ("Ann Lee, did Kim Chair see this?");
    tf_pointer (f, MLG_POINTER_IMPL, "https://github.com/bob/foo");
    tf_add (a, f);
    f = tf_new ("kim.3@k.com", "2024-03-02T10:00:00Z", "Kim Chair",
                "kim@k.com", "Re: [Dispatch] Request: draft-lee-foo, Dee Ward",
                "<bob.2@b.com>");
    g_ptr_array_add (f->references, g_strdup ("ann.1@mail.a.com"));
    tf_add (a, f);
    /* Another address at her organisation: "Ann Lee" is a common name,
     * which alone would not join two organisations (test-identity.c). */
    f = tf_new ("ann.4@a.com", "2024-03-03T10:00:00Z", "Ann Lee",
                "annie@a.com", "Re: Request: draft-lee-foo",
                "kim.3@k.com");
    tf_add (a, f);
    f = tf_new ("bot.5@ietf.org", "2024-03-04T10:00:00Z", "",
                "internet-drafts@ietf.org",
                "I-D Action: draft-lee-foo-04.txt", NULL);
    f->kind = MLG_KIND_AUTOMATED;
    tf_draft (f, "draft-lee-foo", 4);
    tf_add (a, f);
    tf_add (a, tf_new ("cy.6@c.com", "2024-03-05T10:00:00Z", "Cy Dee",
                       "cy@c.com", "What Bob Ray thinks of widgets", NULL));
    tf_add (a, tf_new ("bob.7@b.com", "2024-03-06T10:00:00Z", "Bob Ray",
                       "bob@b.com", "Re: What Bob Ray thinks of widgets",
                       "cy.6@c.com"));
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    mlg_analysis_set_anonymize (a, salt);
    tf_run (a);
    return a;
}

static MlgConfig *
make_config (void)
{
    MlgConfig *config = mlg_config_new ();

    mlg_config_add_chair (config, "dispatch", "chair", "Kim Chair",
                          "kim@k.com");
    return config;
}

/* Fails when `text` holds any real name, address, local part or id.
 * Domains are organisations, which stay. */
static void
assert_clean (const char *what, const char *text)
{
    static const char *const secrets[] = {
        "ann", "lee@", "Ann Lee", "bob", "Bob Ray", "kim", "Kim Chair",
        "cy@", "Cy Dee", "annie@a.com", "mail.a.com",
        "internet-drafts", "dispatch@ietf.org", "dee.ward", "Dee Ward",
    };
    g_autofree char *folded = NULL;

    if (text == NULL)
        return;
    folded = g_utf8_casefold (text, -1);
    for (guint i = 0; i < G_N_ELEMENTS (secrets); i++) {
        g_autofree char *s = g_utf8_casefold (secrets[i], -1);
        ck_assert_msg (strstr (folded, s) == NULL, "%s '%s' holds '%s'",
                       what, text, secrets[i]);
    }
}

START_TEST (test_stable_pseudonyms)
{
    g_autoptr (MlgAnalysis) a = make_analysis (NULL, SALT);
    g_autoptr (MlgAnalysis) b = make_analysis (NULL, SALT);
    g_autoptr (MlgAnalysis) c = make_analysis (NULL, "another salt");
    g_autofree char *ann = mlg_anonymize_pseudonym (SALT, "ann.lee@a.com");
    g_autofree char *ann2 = mlg_anonymize_pseudonym (SALT, "ANN.LEE@a.com");
    g_autofree char *ann_c =
        mlg_anonymize_pseudonym ("another salt", "ann.lee@a.com");
    const GPtrArray *pa = mlg_analysis_get_people (a);
    const GPtrArray *pb = mlg_analysis_get_people (b);
    const GPtrArray *pc = mlg_analysis_get_people (c);
    const MlgProposal *p = tf_proposal (a, "draft-lee-foo");
    const MlgPerson *person;

    ck_assert_uint_eq (strlen (ann), 15);
    ck_assert (g_str_has_prefix (ann, "anon-"));
    ck_assert_str_eq (ann, ann2);
    ck_assert_str_ne (ann, ann_c);
    /* Ann wrote from two addresses (merged by name): one pseudonym, from
     * her primary address. */
    ck_assert (p != NULL);
    ck_assert_uint_eq (p->proponents->len, 1);
    person = p->proponents->pdata[0];
    ck_assert_str_eq (person->name, ann);
    ck_assert (g_str_has_prefix (person->address, ann));
    ck_assert_str_eq (person->address + strlen (ann), "@anonymized.invalid");
    ck_assert_uint_eq (person->addresses->len, 1);
    ck_assert_str_eq (person->org, "a.com");

    ck_assert_uint_eq (pa->len, 4);
    ck_assert_uint_eq (pa->len, pb->len);
    for (guint i = 0; i < pa->len; i++) {
        const MlgPerson *x = pa->pdata[i], *y = pb->pdata[i];
        ck_assert_str_eq (x->name, y->name);
        ck_assert_str_eq (x->address, y->address);
        ck_assert (g_str_has_prefix (x->name, "anon-"));
        for (guint k = 0; k < pc->len; k++)
            ck_assert_str_ne (x->name,
                              ((const MlgPerson *) pc->pdata[k])->name);
    }
    /* The analysis still finds the real facts' people by either address. */
    ck_assert_ptr_eq (mlg_analysis_get_person (a, "annie@a.com"), person);
}
END_TEST

START_TEST (test_records_clean)
{
    g_autoptr (MlgConfig) config = make_config ();
    g_autoptr (MlgAnalysis) a = make_analysis (config, SALT);
    const GPtrArray *threads = mlg_analysis_get_all_threads (a);
    const GPtrArray *proposals = mlg_analysis_get_proposals (a);
    guint messages = 0, aliases = 0;

    for (guint t = 0; t < threads->len; t++) {
        const MlgThread *thread = threads->pdata[t];
        assert_clean ("thread id", thread->id);
        for (guint i = 0; i < thread->messages->len; i++) {
            const MlgMessage *m = thread->messages->pdata[i];
            messages++;
            assert_clean ("id", m->id);
            assert_clean ("from", m->from_addr);
            assert_clean ("name", m->from_name);
            assert_clean ("subject", m->subject);
            assert_clean ("subject_norm", m->subject_norm);
            assert_clean ("quote", m->stance_quote);
            assert_clean ("question", m->question);
            assert_clean ("permalink", m->permalink);
            assert_clean ("in-reply-to", m->in_reply_to);
            for (const char **r = m->recipients; *r != NULL; r++) {
                if (strcmp (*r, "dispatch-chairs@ietf.org") == 0)
                    aliases++;
                else
                    assert_clean ("recipient", *r);
            }
            for (const char **r = m->references; *r != NULL; r++)
                assert_clean ("reference", *r);
            for (guint k = 0; k < m->n_pointers; k++)
                if (m->pointers[k].kind == MLG_POINTER_IMPL)
                    assert_clean ("pointer", m->pointers[k].value);
        }
    }
    ck_assert_uint_eq (messages, 7);
    /* The chairs' alias is no one's address: kept. */
    ck_assert_uint_eq (aliases, 1);
    for (guint i = 0; i < proposals->len; i++)
        assert_clean ("proposal", ((MlgProposal *) proposals->pdata[i])->name);
}
END_TEST

START_TEST (test_scrubbing)
{
    g_autoptr (MlgAnalysis) a = make_analysis (NULL, SALT);
    g_autofree char *ann = mlg_anonymize_pseudonym (SALT, "ann.lee@a.com");
    g_autofree char *bob = mlg_anonymize_pseudonym (SALT, "bob@b.com");
    g_autofree char *subject = NULL;
    g_autofree char *quote = NULL;
    g_autofree char *topic = NULL;
    g_autofree char *dee = mlg_anonymize_pseudonym (SALT, "dee.ward@w.com");
    g_autofree char *chair = NULL;
    const MlgProposal *p = tf_proposal (a, "draft-lee-foo");
    const MlgMessage *reply = NULL;
    const MlgProposal *discussion = NULL;
    const GPtrArray *all = mlg_analysis_get_proposals (a);

    ck_assert (p != NULL);
    reply = ((MlgThread *) p->threads->pdata[0])->messages->pdata[1];
    /* An address becomes the pseudonymous address, a name or a local part
     * the pseudonym; the draft name keeps its author's surname. */
    subject = g_strdup_printf ("Re: Request: draft-lee-foo (%s@anonymized."
                               "invalid)", ann);
    ck_assert_str_eq (reply->subject, subject);
    quote = g_strdup_printf ("+1, as %s said; ask %s or %s", ann, ann, bob);
    ck_assert_str_eq (reply->stance_quote, quote);
    ck_assert_str_eq (reply->from_name, bob);
    ck_assert_int_eq (reply->stance, MLG_STANCE_SUPPORT);
    /* A recipient's name is not in the facts; their local part tells it.
     * The list's own address is no one's: its tag stays. */
    chair = g_strdup_printf ("Re: [Dispatch] Request: draft-lee-foo, %s", dee);
    ck_assert_str_eq (
        ((MlgMessage *) ((MlgThread *) p->threads->pdata[0])->messages->pdata[2])
            ->subject,
        chair);

    for (guint i = 0; i < all->len; i++)
        if (((MlgProposal *) all->pdata[i])->kind == MLG_PROPOSAL_DISCUSSION)
            discussion = all->pdata[i];
    ck_assert (discussion != NULL);
    topic = g_strdup_printf ("what %s thinks of widgets", bob);
    ck_assert_str_eq (discussion->name, topic);
}
END_TEST

/* Returns: the message of `a` whose real id is `id`. */
static const MlgMessage *
message (MlgAnalysis *a, const char *id)
{
    const MlgMessage *m = mlg_analysis_get_message (a, id);

    ck_assert_msg (m != NULL, "no message %s", id);
    return m;
}

/* Returns: the proposal of `a` whose opening has the real id `id`. */
static const MlgProposal *
proposal_of (MlgAnalysis *a, const char *id)
{
    const MlgThread *t = tf_thread_of (a, id);

    ck_assert_msg (t != NULL && t->proposal != NULL, "no proposal of %s", id);
    return t->proposal;
}

/* Lists and roles are not people: a kernel list Cc'd on a message of
 * another list (bpf@vger.kernel.org, cake@lists.bufferbloat.net), the
 * posting address of another indexed list, and a personal address whose
 * local part is an ordinary word (info@, linux@ when the list's text uses
 * "linux") keep their local parts in the text. Their addresses are still
 * replaced. */
START_TEST (test_list_local_parts_kept)
{
    MlgAnalysis *a = mlg_analysis_new (NULL);
    g_autoptr (MlgAnalysis) owner = a;
    MlgMessageFacts *f;
    g_autofree char *ew = mlg_anonymize_pseudonym (SALT, "info@metux.net");

    f = tf_new ("x.1@a.com", "2024-03-01T08:00:00Z", "Ann Lee",
                "ann@a.com", "bpf: improvements to xdp_fwd sample", NULL);
    g_ptr_array_add (f->cc, g_strdup ("bpf@vger.kernel.org"));
    g_ptr_array_add (f->cc, g_strdup ("netdev@vger.kernel.org"));
    tf_add (a, f);
    f = tf_new ("x.2@b.com", "2024-03-02T08:00:00Z", "Bob Ray",
                "bob@b.com", "Queue mapping on the card for cake?", NULL);
    g_ptr_array_add (f->cc, g_strdup ("cake@lists.bufferbloat.net"));
    tf_add (a, f);
    f = tf_new ("x.3@b.com", "2024-03-03T08:00:00Z", "Bob Ray",
                "bob@b.com", "secdispatch should see this", NULL);
    g_ptr_array_add (f->cc, g_strdup ("secdispatch@ietf.org"));
    tf_add (a, f);
    f = tf_new ("x.4@c.com", "2024-03-04T08:00:00Z", "Cy Dee", "cy@c.com",
                "Other business", NULL);
    mlg_message_facts_add_list (f, "secdispatch.ietf.org");
    tf_add (a, f);
    /* A person whose local part is a common word, and one whose local part
     * the list's own text uses as a word. */
    tf_add (a, tf_new ("x.5@metux.net", "2024-03-05T08:00:00Z",
                       "Enrico Weigelt", "info@metux.net",
                       "More info wanted (info@metux.net)", NULL));
    tf_add (a, tf_new ("x.6@l.info", "2024-03-06T08:00:00Z",
                       "Thorsten Leemhuis", "linux@leemhuis.info",
                       "Linux laptop with native xdp support", NULL));
    tf_add (a, tf_new ("x.7@b.com", "2024-03-07T08:00:00Z", "Bob Ray",
                       "bob@b.com", "building on linux fails", NULL));
    tf_add (a, tf_new ("x.8@b.com", "2024-03-08T08:00:00Z", "Bob Ray",
                       "bob@b.com", "a linux bridge in the middle", NULL));
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    mlg_analysis_set_anonymize (a, SALT);
    tf_run (a);

    ck_assert_str_eq (message (a, "x.1@a.com")->subject,
                      "bpf: improvements to xdp_fwd sample");
    ck_assert_str_eq (proposal_of (a, "x.1@a.com")->name,
                      "bpf: improvements to xdp_fwd sample");
    ck_assert_str_eq (proposal_of (a, "x.2@b.com")->name,
                      "queue mapping on the card for cake?");
    ck_assert_str_eq (proposal_of (a, "x.3@b.com")->name,
                      "secdispatch should see this");
    {
        g_autofree char *want = g_strdup_printf (
            "More info wanted (%s@anonymized.invalid)", ew);
        ck_assert_str_eq (message (a, "x.5@metux.net")->subject, want);
    }
    ck_assert_str_eq (proposal_of (a, "x.6@l.info")->name,
                      "linux laptop with native xdp support");
    ck_assert_str_eq (proposal_of (a, "x.8@b.com")->name,
                      "a linux bridge in the middle");
    /* The addresses themselves are replaced all the same. */
    for (const char **r = message (a, "x.1@a.com")->recipients; *r; r++)
        ck_assert (g_str_has_suffix (*r, "@anonymized.invalid"));
}
END_TEST

/* A known person's first name or surname alone is replaced when it is
 * capitalised and distinctive: at least three letters, not one of the
 * commonest English words (Will, Hope) and not used in lower case in the
 * list's text (grace, as in "grace period"). A name two people share
 * becomes "anon": which of them is meant is unknown. */
START_TEST (test_names_alone)
{
    MlgAnalysis *a = mlg_analysis_new (NULL);
    g_autoptr (MlgAnalysis) owner = a;
    MlgMessageFacts *f;
    g_autofree char *carol = mlg_anonymize_pseudonym (SALT, "cj@x.com");
    g_autofree char *smith = mlg_anonymize_pseudonym (SALT, "ms@y.com");
    g_autofree char *turner = mlg_anonymize_pseudonym (SALT, "wt@z.com");
    g_autofree char *hopper = mlg_anonymize_pseudonym (SALT, "gh@n.mil");
    g_autofree char *want = NULL;

    tf_add (a, tf_new ("n.1@x.com", "2024-03-01T08:00:00Z", "Carol Jones",
                       "cj@x.com", "A registry of widget colours", NULL));
    tf_add (a, tf_new ("n.2@y.com", "2024-03-01T09:00:00Z", "Mary Smith",
                       "ms@y.com", "Re: A registry of widget colours",
                       "n.1@x.com"));
    tf_add (a, tf_new ("n.3@z.com", "2024-03-01T10:00:00Z", "Will Turner",
                       "wt@z.com", "Re: A registry of widget colours",
                       "n.1@x.com"));
    tf_add (a, tf_new ("n.4@n.mil", "2024-03-01T11:00:00Z", "Grace Hopper",
                       "gh@n.mil", "Re: A registry of widget colours",
                       "n.1@x.com"));
    tf_add (a, tf_new ("n.5@d.com", "2024-03-01T12:00:00Z", "David Ahern",
                       "dsa@d.com", "Re: A registry of widget colours",
                       "n.1@x.com"));
    tf_add (a, tf_new ("n.6@e.com", "2024-03-01T13:00:00Z", "David Miller",
                       "davem@e.com", "Re: A registry of widget colours",
                       "n.1@x.com"));
    f = tf_new ("n.7@q.com", "2024-03-02T08:00:00Z", "Quentin Blake",
                "qb@q.com", "Re: A registry of widget colours", "n.1@x.com");
    f->stance = MLG_STANCE_SUPPORT;
    f->stance_quote = g_strdup ("+1, as Carol said. Thanks, Smith! Will "
                                "it work? Turner's idea does; Grace and "
                                "Hopper agree, David too. Carolina, "
                                "smithy.");
    tf_add (a, f);
    tf_add (a, tf_new ("n.8@q.com", "2024-03-03T08:00:00Z", "Quentin Blake",
                       "qb@q.com", "What Smith thinks of widget-smith",
                       NULL));
    tf_add (a, tf_new ("n.9@q.com", "2024-03-04T08:00:00Z", "Quentin Blake",
                       "qb@q.com", "a grace period for widgets", NULL));
    tf_add (a, tf_new ("n.10@q.com", "2024-03-05T08:00:00Z",
                       "Quentin Blake", "qb@q.com",
                       "no grace period for colours", NULL));
    mlg_analysis_set_now (a, tf_date ("2024-04-01"));
    mlg_analysis_set_anonymize (a, SALT);
    tf_run (a);

    want = g_strdup_printf ("+1, as %s said. Thanks, %s! Will it work? "
                            "%s's idea does; Grace and %s agree, anon "
                            "too. Carolina, smithy.",
                            carol, smith, turner, hopper);
    ck_assert_str_eq (message (a, "n.7@q.com")->stance_quote, want);
    g_free (want);
    /* In a proposal's name (lower case) too, but not inside a word. */
    want = g_strdup_printf ("what %s thinks of widget-smith", smith);
    ck_assert_str_eq (proposal_of (a, "n.8@q.com")->name, want);
    ck_assert_str_eq (proposal_of (a, "n.9@q.com")->name,
                      "a grace period for widgets");
}
END_TEST

START_TEST (test_ids_consistent)
{
    g_autoptr (MlgAnalysis) a = make_analysis (NULL, SALT);
    const MlgProposal *p = tf_proposal (a, "draft-lee-foo");
    const MlgThread *thread = p->threads->pdata[0];
    const MlgMessage *root = thread->messages->pdata[0];
    const MlgMessage *reply = thread->messages->pdata[1];
    const MlgMessage *chair = thread->messages->pdata[2];

    ck_assert_uint_eq (thread->messages->len, 4);
    ck_assert (g_str_has_suffix (root->id, "@anonymized.invalid"));
    ck_assert_str_eq (thread->id, root->id);
    ck_assert_str_eq (reply->in_reply_to, root->id);
    ck_assert_ptr_eq (reply->parent, root);
    ck_assert_str_eq (chair->in_reply_to, reply->id);
    ck_assert_str_eq (chair->references[0], reply->id);
    ck_assert_str_eq (chair->references[1], root->id);
    /* Found by the new id and by the real one. */
    ck_assert_ptr_eq (mlg_analysis_get_message (a, reply->id), reply);
    ck_assert_ptr_eq (mlg_analysis_get_message (a, "<bob.2@b.com>"), reply);
    ck_assert_ptr_eq (tf_thread_of (a, "ann.1@mail.a.com"), thread);
}
END_TEST

START_TEST (test_roles_and_scores_kept)
{
    g_autoptr (MlgConfig) config = make_config ();
    g_autoptr (MlgAnalysis) a = make_analysis (config, SALT);
    g_autoptr (MlgAnalysis) plain = make_analysis (config, NULL);
    const MlgProposal *p = tf_proposal (a, "draft-lee-foo");
    const MlgProposal *q = tf_proposal (plain, "draft-lee-foo");
    const MlgThread *thread = p->threads->pdata[0];
    g_autofree char *ann = mlg_anonymize_pseudonym (SALT, "ann.lee@a.com");

    ck_assert_double_eq (p->score, q->score);
    ck_assert_uint_eq (p->features.chairs_replied, 1);
    ck_assert_uint_eq (p->features.chairs_cc, 2);
    ck_assert_int_eq (mlg_proposal_role (a, p, thread->messages->pdata[2]),
                      MLG_ROLE_CHAIR);
    ck_assert_int_eq (mlg_proposal_role (a, p, thread->messages->pdata[1]),
                      MLG_ROLE_INDEPENDENT);
    ck_assert_int_eq (mlg_proposal_role (a, p, thread->messages->pdata[0]),
                      MLG_ROLE_PROPONENT);
    ck_assert (mlg_analysis_find_proposal (a, "draft-lee-foo-03") == p);
    /* The self-check sees the roster chair CC'd by a personal address. */
    {
        MlgProposalCheck *check = mlg_proposal_check (a, p);
        g_autofree char *kim = mlg_anonymize_pseudonym (SALT, "kim@k.com");
        g_autofree char *kim_addr =
            g_strconcat (kim, "@anonymized.invalid", NULL);
        ck_assert_uint_eq (check->chairs_cc->len, 2);
        ck_assert (g_ptr_array_find_with_equal_func (
            check->chairs_cc, "dispatch-chairs@ietf.org", g_str_equal, NULL));
        ck_assert (g_ptr_array_find_with_equal_func (check->chairs_cc,
                                                     kim_addr, g_str_equal,
                                                     NULL));
        mlg_proposal_check_free (check);
    }
    ck_assert_str_eq (((MlgPerson *) q->proponents->pdata[0])->name,
                      "Ann Lee");
    ck_assert_str_eq (((MlgPerson *) p->proponents->pdata[0])->name, ann);
}
END_TEST

START_TEST (test_rerun)
{
    g_autoptr (MlgAnalysis) a = make_analysis (NULL, SALT);
    const MlgProposal *p;
    g_autofree char *first = NULL;

    p = tf_proposal (a, "draft-lee-foo");
    first = g_strdup (((MlgPerson *) p->proponents->pdata[0])->name);
    /* Again with the same salt: the same pseudonyms, not pseudonyms of
     * pseudonyms. */
    tf_run (a);
    p = tf_proposal (a, "draft-lee-foo");
    ck_assert_str_eq (((MlgPerson *) p->proponents->pdata[0])->name, first);
    /* Off: the real facts are back. */
    mlg_analysis_set_anonymize (a, NULL);
    tf_run (a);
    p = tf_proposal (a, "draft-lee-foo");
    ck_assert_str_eq (((MlgPerson *) p->proponents->pdata[0])->name,
                      "Ann Lee");
    ck_assert_str_eq (
        ((MlgMessage *) ((MlgThread *) p->threads->pdata[0])->messages->pdata[1])
            ->subject,
        "Re: Request: draft-lee-foo (ann.lee@a.com)");
    ck_assert (mlg_analysis_get_message (a, "bob.7@b.com") != NULL);
}
END_TEST

START_TEST (test_config_salt)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();

    ck_assert_str_eq (mlg_config_get_anonymize_salt (config),
                      MLG_ANONYMIZE_DEFAULT_SALT);
    ck_assert (mlg_config_load_data (config, "[anonymize]\nsalt = s3cret\n",
                                     NULL, NULL));
    ck_assert_str_eq (mlg_config_get_anonymize_salt (config), "s3cret");
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("anonymize");
    TCase *tc = tcase_create ("anonymize");

    tcase_add_test (tc, test_stable_pseudonyms);
    tcase_add_test (tc, test_records_clean);
    tcase_add_test (tc, test_scrubbing);
    tcase_add_test (tc, test_list_local_parts_kept);
    tcase_add_test (tc, test_names_alone);
    tcase_add_test (tc, test_ids_consistent);
    tcase_add_test (tc, test_roles_and_scores_kept);
    tcase_add_test (tc, test_rerun);
    tcase_add_test (tc, test_config_salt);
    suite_add_tcase (s, tc);
    return s;
}

MLG_TEST_MAIN (make_suite)
