/* mlg-proposal.c - from threads to proposals, the unit chairs rank.
 *
 * Each thread is, in this order: excluded by the config (no proposal);
 * administrivia (its own proposal of kind admin); claimed by a
 * `[proposal NAME]` rule (merge or rename); grouped with every other thread of the
 * same primary draft, whatever the revision, list or month; or, without a
 * draft, its own proposal named by its normalised subject. */
#include "mlg-analysis-private.h"

#include <string.h>

const char *
_mlg_proposal_primary_draft (const MlgMessage *root)
{
    g_autofree char *subject = NULL;
    const char *best = NULL;
    guint best_n = 0;

    if (root == NULL)
        return NULL;
    subject = g_ascii_strdown (root->subject, -1);
    /* A draft named in the subject is what the thread is about. */
    for (guint i = 0; i < root->n_pointers; i++)
        if (root->pointers[i].kind == MLG_POINTER_DRAFT
            && strstr (subject, root->pointers[i].value) != NULL)
            return root->pointers[i].value;
    /* Else the draft the opening mail names most; the first named wins a
     * tie (pointers come in order of first mention). */
    for (guint i = 0; i < root->n_pointers; i++) {
        guint n = 0;
        if (root->pointers[i].kind != MLG_POINTER_DRAFT)
            continue;
        for (guint k = 0; k < root->n_pointers; k++)
            if (root->pointers[k].kind == MLG_POINTER_DRAFT
                && root->pointers[k].value == root->pointers[i].value)
                n++;
        if (n > best_n) {
            best = root->pointers[i].value;
            best_n = n;
        }
    }
    return best;
}

bool
_mlg_proposal_is_admin (const MlgConfig *config, const MlgThread *thread)
{
    const MlgMessage *root = thread->root;
    g_autofree char *subject = g_ascii_strdown (root->subject, -1);

    /* A draft named in the subject makes a request ("Request for time on
     * the agenda for IETF 119: draft-x"), whatever else the subject says;
     * an agenda that lists drafts names them in its text. */
    for (guint i = 0; i < root->n_pointers; i++)
        if (root->pointers[i].kind == MLG_POINTER_DRAFT
            && strstr (subject, root->pointers[i].value) != NULL)
            return false;
    if (_mlg_config_match_any (config->admin_subjects, root->subject_norm))
        return true;
    /* Tools (session requests, meeting notices) open admin threads; draft
     * announcements are evidence for their draft, not admin. */
    return root->kind == MLG_KIND_AUTOMATED && thread->draft == NULL;
}

void
_mlg_proposal_free (MlgProposal *proposal)
{
    if (proposal == NULL)
        return;
    g_ptr_array_unref (proposal->threads);
    g_ptr_array_unref (proposal->proponents);
    if (proposal->participants != NULL)
        g_ptr_array_unref (proposal->participants);
    if (proposal->features.lists != NULL)
        g_ptr_array_unref (proposal->features.lists);
    g_free (proposal);
}

static bool
excluded (const MlgConfig *config, const MlgThread *thread)
{
    return g_hash_table_contains (config->exclude_threads, thread->id)
           || (thread->draft != NULL
               && _mlg_config_match_any (config->exclude_drafts,
                                         thread->draft))
           || _mlg_config_match_any (config->exclude_subjects,
                                     thread->root->subject_norm);
}

static const MlgProposalRule *
find_rule (const MlgConfig *config, const MlgThread *thread)
{
    for (guint i = 0; i < config->rules->len; i++) {
        const MlgProposalRule *rule = config->rules->pdata[i];
        if ((thread->draft != NULL
             && _mlg_config_match_any (rule->drafts, thread->draft))
            || _mlg_config_match_any (rule->subjects,
                                      thread->root->subject_norm))
            return rule;
    }
    return NULL;
}

static int
compare_threads (gconstpointer a, gconstpointer b)
{
    const MlgThread *s = *(MlgThread *const *) a;
    const MlgThread *t = *(MlgThread *const *) b;

    if (s->root->date != t->root->date)
        return s->root->date < t->root->date ? -1 : 1;
    return strcmp (s->id, t->id);
}

static int
compare_person_names (gconstpointer a, gconstpointer b)
{
    const MlgPerson *p = *(MlgPerson *const *) a;
    const MlgPerson *q = *(MlgPerson *const *) b;
    int c = strcmp (p->name, q->name);

    return c != 0 ? c : strcmp (p->address, q->address);
}

static void
add_proponent (MlgProposal *proposal, MlgPerson *person)
{
    if (person != NULL
        && !g_ptr_array_find (proposal->proponents, person, NULL))
        g_ptr_array_add (proposal->proponents, person);
}

/* Fills the parts that depend on all threads: kind, draft, opening mail
 * and proponents. */
static void
finish (MlgAnalysis *analysis, MlgProposal *proposal,
        const MlgProposalRule *rule)
{
    g_autoptr (GHashTable) drafts =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    guint best_n = 0;

    g_ptr_array_sort (proposal->threads, compare_threads);
    for (guint i = 0; i < proposal->threads->len; i++) {
        MlgThread *t = proposal->threads->pdata[i];
        guint n;

        t->proposal = proposal;
        if (proposal->opening == NULL && t->root->kind == MLG_KIND_PERSON)
            proposal->opening = t->root;
        if (t->root->kind == MLG_KIND_PERSON)
            add_proponent (proposal, t->root->person);
        if (t->draft == NULL || proposal->kind == MLG_PROPOSAL_ADMIN)
            continue;
        n = GPOINTER_TO_UINT (g_hash_table_lookup (drafts, t->draft)) + 1;
        g_hash_table_insert (drafts, (char *) t->draft, GUINT_TO_POINTER (n));
        if (n > best_n) {
            best_n = n;
            proposal->draft = t->draft;
        }
    }
    if (proposal->opening == NULL)
        proposal->opening = ((MlgThread *) proposal->threads->pdata[0])->root;
    if (proposal->kind != MLG_PROPOSAL_ADMIN)
        proposal->kind = proposal->draft != NULL ? MLG_PROPOSAL_DRAFT
                                                 : MLG_PROPOSAL_DISCUSSION;
    for (guint i = 0; rule != NULL && i < rule->proponents->len; i++)
        add_proponent (proposal,
                       (MlgPerson *) mlg_analysis_get_person (
                           analysis, rule->proponents->pdata[i]));
    g_ptr_array_sort (proposal->proponents, compare_person_names);
}

static MlgProposal *
proposal_new (MlgAnalysis *analysis, const char *name, MlgProposalKind kind)
{
    MlgProposal *p = g_new0 (MlgProposal, 1);

    p->name = _mlg_analysis_intern (analysis, name);
    p->kind = kind;
    p->threads = g_ptr_array_new ();
    p->proponents = g_ptr_array_new ();
    p->features.latest_revision = -1;
    p->features.first_reply = -1;
    return p;
}

void
_mlg_proposal_build (MlgAnalysis *analysis)
{
    const MlgConfig *config = analysis->config;
    /* key -> MlgProposal *; keys are "rule:", "draft:" or per thread. */
    g_autoptr (GHashTable) by_key =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr (GHashTable) rule_of =
        g_hash_table_new (g_direct_hash, g_direct_equal);

    analysis->proposals =
        g_ptr_array_new_with_free_func ((GDestroyNotify) _mlg_proposal_free);
    for (guint i = 0; i < analysis->threads->len; i++) {
        MlgThread *t = analysis->threads->pdata[i];
        const MlgProposalRule *rule = NULL;
        g_autofree char *key = NULL;
        const char *name;
        MlgProposalKind kind = MLG_PROPOSAL_DISCUSSION;
        MlgProposal *p;

        t->proposal = NULL;
        t->draft = _mlg_proposal_primary_draft (t->root);
        t->admin = false;
        if (excluded (config, t))
            continue;
        /* Administrivia first: an agenda lists the drafts on it, and a
         * rule naming one of those drafts must not claim the agenda (nor
         * make the chair who sent it a proponent). */
        if (_mlg_proposal_is_admin (config, t)) {
            t->admin = true;
            key = g_strconcat ("thread:", t->id, NULL);
            name = *t->root->subject_norm != '\0' ? t->root->subject_norm
                                                  : "(no subject)";
            kind = MLG_PROPOSAL_ADMIN;
        } else if ((rule = find_rule (config, t)) != NULL) {
            key = g_strconcat ("rule:", rule->name, NULL);
            name = rule->name;
        } else if (t->draft != NULL) {
            key = g_strconcat ("draft:", t->draft, NULL);
            name = t->draft;
        } else {
            key = g_strconcat ("thread:", t->id, NULL);
            name = *t->root->subject_norm != '\0' ? t->root->subject_norm
                                                  : "(no subject)";
        }
        p = g_hash_table_lookup (by_key, key);
        if (p == NULL) {
            p = proposal_new (analysis, name, kind);
            g_hash_table_insert (by_key, g_steal_pointer (&key), p);
            g_ptr_array_add (analysis->proposals, p);
            if (rule != NULL)
                g_hash_table_insert (rule_of, p, (gpointer) rule);
        }
        g_ptr_array_add (p->threads, t);
    }
    for (guint i = 0; i < analysis->proposals->len; i++) {
        MlgProposal *p = analysis->proposals->pdata[i];
        finish (analysis, p, g_hash_table_lookup (rule_of, p));
    }
}
