/* mlg-check.c - the proponent's self-check (`mlgauge check`): what the
 * opening mail lacks, who answered, and which questions nobody answered.
 * It reads the same features as the score, so `check` and `report` never
 * disagree; what only the check needs (chairs who answered, unanswered
 * questions) is worked out here. */
#include "mlg-analysis-private.h"

#include <string.h>

static int
compare_str (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_messages (gconstpointer pa, gconstpointer pb)
{
    const MlgMessage *a = *(const MlgMessage *const *) pa;
    const MlgMessage *b = *(const MlgMessage *const *) pb;

    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return strcmp (a->id, b->id);
}

/* True when `question` is an ancestor of `m` in the reply tree. The walk
 * is bounded by the thread's size, so a parent cycle cannot hang it. */
static bool
is_below (const MlgMessage *m, const MlgMessage *question)
{
    guint steps = m->thread != NULL ? m->thread->messages->len : 0;

    for (const MlgMessage *up = m->parent; up != NULL && steps-- > 0;
         up = up->parent)
        if (up == question)
            return true;
    return false;
}

/* True when a proponent's message up to `until` replies to `question`,
 * directly or further down its subthread. */
static bool
is_answered (MlgAnalysis *analysis, const MlgProposal *proposal,
             const MlgMessage *question, gint64 until)
{
    const MlgThread *thread = question->thread;

    for (guint i = 0; thread != NULL && i < thread->messages->len; i++) {
        const MlgMessage *m = thread->messages->pdata[i];
        if (m != question && m->date <= until
            && mlg_proposal_role (analysis, proposal, m) == MLG_ROLE_PROPONENT
            && is_below (m, question))
            return true;
    }
    return false;
}

/* What the proponent should do next, in the order of the findings, in
 * words every output shows as they are. */
static GPtrArray *
next_steps (const MlgProposalCheck *check)
{
    GPtrArray *next = g_ptr_array_new_with_free_func (g_free);
    const MlgProposal *p = check->proposal;
    /* The chairs of the list the request was opened on. */
    g_autofree char *alias = mlg_list_chairs_alias (
        check->opening != NULL ? check->opening->lists[0] : NULL);
    guint required = 0, priority = 0;

    for (guint e = 0; e < check->profile->n_entries; e++)
        if (check->checklist_missing & (1u << e)) {
            if (check->profile->entries[e].priority)
                priority++;
            else
                required++;
        }
    if (required > 0)
        g_ptr_array_add (next, g_strdup_printf (
            "Reply to your request with the %u missing checklist item%s "
            "listed above.", required, required == 1 ? "" : "s"));
    if (priority > 0)
        g_ptr_array_add (next, g_strdup_printf (
            "If you can, show what gives a request priority (the %u "
            "item%s marked so above).", priority,
            priority == 1 ? "" : "s"));
    if (check->missing & MLG_MISSING_CHAIRS_CC)
        g_ptr_array_add (next, g_strdup_printf (
            "CC the chairs (%s) on that reply, so the request reaches them.",
            alias != NULL ? alias : "the list's chairs"));
    if (check->missing & MLG_MISSING_ANSWER)
        g_ptr_array_add (next, g_strdup_printf (
            "Answer the %u open question%s on the list.",
            check->unanswered->len, check->unanswered->len == 1 ? "" : "s"));
    if (check->missing & MLG_MISSING_REPLY)
        g_ptr_array_add (next, g_strdup (
            "Ask people who work in the area to review it and say on the "
            "list whether they support it: the chairs look for interest "
            "beyond the proponents."));
    if (check->missing & MLG_MISSING_CHAIR_REPLY)
        g_ptr_array_add (next, g_strdup_printf (
            "Ask the chairs%s%s%s whether the request is on their list for "
            "the agenda.", alias != NULL ? " (" : "",
            alias != NULL ? alias : "", alias != NULL ? ")" : ""));
    if (check->missing & MLG_MISSING_REVISION)
        g_ptr_array_add (next, g_strdup_printf (
            "Post a new revision of %s that takes in the discussion.",
            p->draft));
    return next;
}

MlgProposalCheck *
mlg_proposal_check (MlgAnalysis *analysis, const MlgProposal *proposal)
{
    MlgProposalCheck *check = g_new0 (MlgProposalCheck, 1);
    const MlgMessage *opening = proposal->opening;
    const MlgFeatures *f = &proposal->features;
    g_autoptr (GHashTable) chairs =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    gint64 until = mlg_analysis_get_window_end (analysis);

    g_return_val_if_fail (analysis != NULL && proposal != NULL, check);

    check->proposal = proposal;
    check->opening = opening;
    check->chairs_cc = g_ptr_array_new ();
    check->chairs_replied = g_ptr_array_new ();
    check->unanswered = g_ptr_array_new ();
    check->first_reply_after = -1;
    check->latest_revision = f->latest_revision;
    check->revisions_in_window = f->revisions_in_window;
    check->repliers = f->independent_people;
    check->profile = proposal->checklist_profile;
    check->checklist_missing =
        ~f->checklist & ((1u << check->profile->n_entries) - 1);

    if (opening != NULL)
        for (const char **r = opening->recipients; *r != NULL; r++)
            if (_mlg_score_is_chair (analysis,
                                     _mlg_anonymize_real_address (analysis,
                                                                  *r),
                                     opening)
                && !g_ptr_array_find_with_equal_func (check->chairs_cc, *r,
                                                      g_str_equal, NULL))
                g_ptr_array_add (check->chairs_cc, (char *) *r);
    g_ptr_array_sort (check->chairs_cc, compare_str);

    for (guint t = 0; t < proposal->threads->len; t++) {
        const MlgThread *thread = proposal->threads->pdata[t];
        for (guint i = 0; i < thread->messages->len; i++) {
            const MlgMessage *m = thread->messages->pdata[i];
            MlgRole role;

            if (!m->in_scope || m->person == NULL)
                continue;
            role = mlg_proposal_role (analysis, proposal, m);
            if (role == MLG_ROLE_PROPONENT)
                continue;
            /* The same rule as the first_reply feature of the score. */
            if (opening != NULL && m != opening && m->date >= opening->date
                && (check->first_reply == NULL
                    || compare_messages (&m, &check->first_reply) < 0))
                check->first_reply = m;
            if (role == MLG_ROLE_CHAIR && m != thread->root) {
                const MlgMessage *seen =
                    g_hash_table_lookup (chairs, m->person);
                if (seen == NULL || compare_messages (&m, &seen) < 0)
                    g_hash_table_insert (chairs, m->person, (gpointer) m);
            }
            if (m->question != NULL
                && !is_answered (analysis, proposal, m, until))
                g_ptr_array_add (check->unanswered, (gpointer) m);
        }
    }
    if (check->first_reply != NULL)
        check->first_reply_after = check->first_reply->date - opening->date;
    {
        GHashTableIter iter;
        gpointer value;

        g_hash_table_iter_init (&iter, chairs);
        while (g_hash_table_iter_next (&iter, NULL, &value))
            g_ptr_array_add (check->chairs_replied, value);
    }
    g_ptr_array_sort (check->chairs_replied, compare_messages);
    g_ptr_array_sort (check->unanswered, compare_messages);

    for (guint i = 0; i < check->profile->n_entries; i++)
        if ((check->checklist_missing & (1u << i))
            && !check->profile->entries[i].priority)
            check->missing |= MLG_MISSING_CHECKLIST;
    if (check->chairs_cc->len == 0)
        check->missing |= MLG_MISSING_CHAIRS_CC;
    if (check->repliers == 0)
        check->missing |= MLG_MISSING_REPLY;
    if (check->chairs_replied->len == 0)
        check->missing |= MLG_MISSING_CHAIR_REPLY;
    if (proposal->draft != NULL && check->revisions_in_window == 0)
        check->missing |= MLG_MISSING_REVISION;
    if (check->unanswered->len > 0)
        check->missing |= MLG_MISSING_ANSWER;
    check->next_steps = next_steps (check);
    return check;
}

void
mlg_proposal_check_free (MlgProposalCheck *check)
{
    if (check == NULL)
        return;
    g_ptr_array_unref (check->chairs_cc);
    g_ptr_array_unref (check->chairs_replied);
    g_ptr_array_unref (check->unanswered);
    if (check->next_steps != NULL)
        g_ptr_array_unref (check->next_steps);
    g_free (check);
}

/* ---- suggestions for a name that matched nothing ---- */

static bool
contains_fold (const char *haystack, const char *needle)
{
    g_autofree char *h = NULL;
    g_autofree char *n = NULL;

    if (haystack == NULL)
        return false;
    h = g_utf8_casefold (haystack, -1);
    n = g_utf8_casefold (needle, -1);
    return strstr (h, n) != NULL;
}

static bool
proposal_mentions (const MlgProposal *p, const char *word)
{
    return contains_fold (p->name, word) || contains_fold (p->draft, word);
}

static int
compare_suggestions (gconstpointer pa, gconstpointer pb)
{
    const MlgProposal *a = *(const MlgProposal *const *) pa;
    const MlgProposal *b = *(const MlgProposal *const *) pb;

    if ((a->rank > 0) != (b->rank > 0))
        return a->rank > 0 ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return strcmp (a->name, b->name);
}

GPtrArray *
mlg_analysis_suggest_proposals (MlgAnalysis *analysis, const char *name,
                                guint max)
{
    GPtrArray *out = g_ptr_array_new ();
    g_autoptr (GRegex) words_re = NULL;
    g_auto (GStrv) words = NULL;

    g_return_val_if_fail (analysis != NULL, out);
    if (analysis->proposals == NULL || name == NULL || *name == '\0')
        return out;
    words_re = g_regex_new ("[^[:alnum:]]+", G_REGEX_OPTIMIZE, 0, NULL);
    words = g_regex_split (words_re, name, 0);

    for (guint i = 0; i < analysis->proposals->len; i++) {
        const MlgProposal *p = analysis->proposals->pdata[i];
        bool match = proposal_mentions (p, name);

        for (guint w = 0; !match && words[w] != NULL; w++)
            match = g_utf8_strlen (words[w], -1) >= 4
                    && g_ascii_strcasecmp (words[w], "draft") != 0
                    && g_ascii_strcasecmp (words[w], "ietf") != 0
                    && proposal_mentions (p, words[w]);
        if (match)
            g_ptr_array_add (out, (gpointer) p);
    }
    g_ptr_array_sort (out, compare_suggestions);
    if (out->len > max)
        g_ptr_array_set_size (out, max);
    return out;
}
