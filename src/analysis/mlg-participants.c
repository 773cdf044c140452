/* mlg-participants.c - who took part in a proposal, and which stance each
 * took on it.
 *
 * The indexer reads the stance a message's own words take and the kind
 * of words they were (MlgStanceCue); here the reply tree and the proposal's
 * proponents decide whether that is a stance on the proposal (see
 * MlgStanceReason in mlg-analysis.h). Then one participants table per
 * proposal is built, once per run: the score's supporters, objectors and
 * independent people, each person's supports and objections, `show`,
 * `check` and the HTML pages all read it, so they cannot disagree. */
#include "mlg-analysis-private.h"

#include <string.h>

const char *
mlg_stance_reason_to_string (MlgStanceReason reason)
{
    switch (reason) {
    case MLG_REASON_NONE:
        return "no stance";
    case MLG_REASON_NAMES_PROPOSAL:
        return "says so of the proposal";
    case MLG_REASON_ANSWERS_PROPOSAL:
        return "answers the proposal";
    case MLG_REASON_WITH_SUPPORTER:
        return "agrees with a supporter";
    case MLG_REASON_WITH_OBJECTOR:
        return "agrees with an objector";
    case MLG_REASON_AGAINST_SUPPORTER:
        return "disagrees with a supporter";
    case MLG_REASON_AGAINST_OBJECTOR:
        return "disagrees with an objector";
    case MLG_REASON_UNANSWERED:
        return "answers a mail that is not archived";
    case MLG_REASON_PROPONENT:
        return "a proponent's own words";
    case MLG_REASON_SIDE_POINT:
        return "answers a side point";
    case MLG_REASON_ACKNOWLEDGES:
        return "grants a point";
    }
    return "unknown";
}

/* The mail `m` answers, when it is in the archive: its In-Reply-To (else
 * the last of its References) must be the nearest message above it in
 * the thread. When that mail is missing, the nearest present ancestor is
 * somebody else's, and answering it is a guess. */
static const MlgMessage *
answered (const MlgMessage *m)
{
    const char *want = m->in_reply_to;

    if (m->parent == NULL)
        return NULL;
    if (want == NULL && m->references[0] != NULL) {
        guint n = 0;
        while (m->references[n + 1] != NULL)
            n++;
        want = m->references[n];
    }
    /* Ids are interned: equal ids are the same pointer. */
    return want == m->parent->id ? m->parent : NULL;
}

/* Whether `target` speaks for the proposal: an opening of one of its
 * threads, or a proponent's mail. */
static bool
speaks_for_proposal (MlgAnalysis *analysis, const MlgProposal *proposal,
                     const MlgMessage *target)
{
    return target == target->thread->root
           || mlg_proposal_role (analysis, proposal, target)
                  == MLG_ROLE_PROPONENT;
}

/* What `m` needs resolved first: the mail it answers, when the stance of
 * `m` depends on that mail's stance. */
static const MlgMessage *
depends_on (MlgAnalysis *analysis, const MlgProposal *proposal,
            const MlgMessage *m)
{
    const MlgMessage *target;

    if (m->text_stance == MLG_STANCE_NONE || m->person == NULL
        || m->stance_cue == MLG_CUE_PROPOSAL
        || (m->stance_cue == MLG_CUE_HEDGE
            && m->text_stance == MLG_STANCE_SUPPORT))
        return NULL;
    target = answered (m);
    if (target == NULL || target->thread != m->thread
        || speaks_for_proposal (analysis, proposal, target))
        return NULL;
    return target;
}

static void
resolve_one (MlgAnalysis *analysis, const MlgProposal *proposal,
             MlgMessage *m)
{
    const MlgMessage *target;
    bool agrees = m->text_stance == MLG_STANCE_SUPPORT;

    m->stance = MLG_STANCE_NONE;
    m->stance_target = NULL;
    if (m->text_stance == MLG_STANCE_NONE || m->person == NULL) {
        m->stance_reason = MLG_REASON_NONE;
        return;
    }
    if (mlg_proposal_role (analysis, proposal, m) == MLG_ROLE_PROPONENT) {
        m->stance_reason = MLG_REASON_PROPONENT;
        return;
    }
    /* "Exactly.", "makes sense", "Yes, ...": mitigated agreement grants
     * a point; a supporter says so plainly (see MLG_CUE_HEDGE). */
    if (m->stance_cue == MLG_CUE_HEDGE && agrees) {
        m->stance_reason = MLG_REASON_ACKNOWLEDGES;
        return;
    }
    if (m->stance_cue == MLG_CUE_PROPOSAL) {
        m->stance = m->text_stance;
        m->stance_reason = MLG_REASON_NAMES_PROPOSAL;
        return;
    }
    target = answered (m);
    if (target == NULL || target->thread != m->thread) {
        m->stance = m->text_stance;
        m->stance_reason = MLG_REASON_UNANSWERED;
        return;
    }
    m->stance_target = target;
    if (speaks_for_proposal (analysis, proposal, target)) {
        m->stance = m->text_stance;
        m->stance_reason = MLG_REASON_ANSWERS_PROPOSAL;
        return;
    }
    switch (target->stance) {
    case MLG_STANCE_SUPPORT:
        m->stance = agrees ? MLG_STANCE_SUPPORT : MLG_STANCE_OBJECTION;
        m->stance_reason = agrees ? MLG_REASON_WITH_SUPPORTER
                                  : MLG_REASON_AGAINST_SUPPORTER;
        break;
    case MLG_STANCE_OBJECTION:
        m->stance = agrees ? MLG_STANCE_OBJECTION : MLG_STANCE_SUPPORT;
        m->stance_reason = agrees ? MLG_REASON_WITH_OBJECTOR
                                  : MLG_REASON_AGAINST_OBJECTOR;
        break;
    case MLG_STANCE_NONE:
        m->stance_reason = MLG_REASON_SIDE_POINT;
        break;
    }
}

/* Resolves every message of the proposal. A message that answers
 * another's stance needs that one first; replies usually come after what
 * they answer, but clocks lie, so the order is worked out with a stack
 * rather than by date (iteratively: reply chains can be very deep). */
static void
resolve_stances (MlgAnalysis *analysis, const MlgProposal *proposal)
{
    g_autoptr (GHashTable) done =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    g_autoptr (GPtrArray) stack = g_ptr_array_new ();

    for (guint t = 0; t < proposal->threads->len; t++) {
        const MlgThread *thread = proposal->threads->pdata[t];

        for (guint i = 0; i < thread->messages->len; i++) {
            g_ptr_array_add (stack, thread->messages->pdata[i]);
            while (stack->len > 0) {
                MlgMessage *m = stack->pdata[stack->len - 1];
                const MlgMessage *first;

                if (g_hash_table_contains (done, m)) {
                    g_ptr_array_remove_index (stack, stack->len - 1);
                    continue;
                }
                first = depends_on (analysis, proposal, m);
                /* The reply tree has no cycles, so a dependency is
                 * never on the stack already. */
                if (first != NULL && !g_hash_table_contains (done, first)) {
                    g_ptr_array_add (stack, (MlgMessage *) first);
                    continue;
                }
                resolve_one (analysis, proposal, m);
                g_hash_table_add (done, m);
                g_ptr_array_remove_index (stack, stack->len - 1);
            }
        }
    }
}

/* Whether `a` was written after `b`: by date, and on the same second the
 * one whose id sorts last (arbitrary, but the same everywhere). */
static bool
is_later (const MlgMessage *a, const MlgMessage *b)
{
    return a->date > b->date || (a->date == b->date && strcmp (a->id, b->id) > 0);
}

static int
compare_participants (gconstpointer pa, gconstpointer pb)
{
    const MlgParticipant *a = *(const MlgParticipant *const *) pa;
    const MlgParticipant *b = *(const MlgParticipant *const *) pb;
    int c;

    if (a->messages != b->messages)
        return a->messages > b->messages ? -1 : 1;
    c = g_strcmp0 (a->person->name, b->person->name);
    return c != 0 ? c : g_strcmp0 (a->person->address, b->person->address);
}

void
_mlg_participants_build (MlgAnalysis *analysis, MlgProposal *proposal)
{
    g_autoptr (GHashTable) by_person =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

    resolve_stances (analysis, proposal);
    for (guint t = 0; t < proposal->threads->len; t++) {
        const MlgThread *thread = proposal->threads->pdata[t];
        g_autoptr (GHashTable) seen =
            g_hash_table_new (g_direct_hash, g_direct_equal);

        for (guint i = 0; i < thread->messages->len; i++) {
            const MlgMessage *m = thread->messages->pdata[i];
            MlgParticipant *part;

            if (!m->in_scope || m->person == NULL)
                continue;
            part = g_hash_table_lookup (by_person, m->person);
            if (part == NULL) {
                part = g_new0 (MlgParticipant, 1);
                part->person = m->person;
                part->first = part->last = m->date;
                g_hash_table_insert (by_person, m->person, part);
                g_ptr_array_add (out, part);
            }
            part->messages++;
            if (g_hash_table_add (seen, m->person))
                part->threads++;
            part->first = MIN (part->first, m->date);
            if (m->date >= part->last) {
                part->last = m->date;
                part->role = mlg_proposal_role (analysis, proposal, m);
            }
            if (m->stance != MLG_STANCE_NONE
                && (part->stance_message == NULL
                    || is_later (m, part->stance_message))) {
                part->stance = m->stance;
                part->stance_message = m;
            }
        }
    }
    g_ptr_array_sort (out, compare_participants);
    if (proposal->participants != NULL)
        g_ptr_array_unref (proposal->participants);
    proposal->participants = out;
}

GPtrArray *
mlg_proposal_get_participants (MlgAnalysis *analysis,
                               const MlgProposal *proposal)
{
    g_return_val_if_fail (analysis != NULL && proposal != NULL, NULL);
    g_return_val_if_fail (proposal->participants != NULL, NULL);
    return g_ptr_array_ref (proposal->participants);
}
