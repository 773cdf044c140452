/* mlg-score.c - engagement features of a proposal, counted over in-scope
 * messages (the --since/--until window and the --list set), and the
 * score: a weighted sum of them (weights in mlg-config.c and the config
 * file). See DESIGN section 5 for the list of features. */
#include "mlg-analysis-private.h"

#include <math.h>
#include <string.h>

static void
add_lists (GHashTable *set, const MlgMessage *m)
{
    for (const char **l = m->lists; *l != NULL; l++)
        g_hash_table_add (set, (char *) *l);
}

static int
compare_str (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_keys (GHashTable *set)
{
    GPtrArray *out = g_ptr_array_new ();
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, set);
    while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (out, key);
    g_ptr_array_sort (out, compare_str);
    return out;
}

void
_mlg_score_thread (MlgThread *thread)
{
    g_autoptr (GHashTable) people =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    g_autoptr (GHashTable) lists = g_hash_table_new (g_str_hash, g_str_equal);

    thread->scope_messages = 0;
    thread->first = thread->last = 0;
    for (guint i = 0; i < thread->messages->len; i++) {
        MlgMessage *m = thread->messages->pdata[i];
        if (!m->in_scope)
            continue;
        if (thread->scope_messages == 0)
            thread->first = m->date;
        thread->last = MAX (thread->last, m->date);
        thread->scope_messages++;
        if (m->person != NULL)
            g_hash_table_add (people, m->person);
        add_lists (lists, m);
    }
    thread->people = g_hash_table_size (people);
    if (thread->lists != NULL)
        g_ptr_array_unref (thread->lists);
    thread->lists = sorted_keys (lists);
}

/* The roster says who chairs, and the Datatracker adds its groups'
 * chairs: a roster is still needed for lists that are not a group's. */
bool
_mlg_score_is_chair (MlgAnalysis *analysis, const char *address,
                     const MlgMessage *m)
{
    const MlgConfig *config = analysis->config;

    if (m->lists[0] == NULL)
        return mlg_config_is_chair (config, address, NULL)
               || _mlg_dt_is_chair (analysis, address, NULL);
    for (const char **l = m->lists; *l != NULL; l++)
        if (mlg_config_is_chair (config, address, *l)
            || _mlg_dt_is_chair (analysis, address, *l))
            return true;
    return false;
}

const char *
mlg_revision_source_to_string (MlgRevisionSource source)
{
    return source == MLG_REVISIONS_DATATRACKER ? "datatracker" : "mail";
}

/* The organisation a person joined by name alone counts with in one
 * proposal: their usual one when an address that wrote there has it,
 * else that of the first address that wrote there. `table`: person ->
 * org; `org` is the message's. */
static void
choose_org (GHashTable *table, const MlgPerson *who, const char *org)
{
    const char *chosen = g_hash_table_lookup (table, who);

    if (org == NULL || *org == '\0' || chosen == who->org)
        return;
    if (chosen == NULL || g_str_equal (org, who->org))
        g_hash_table_insert (table, (gpointer) who,
                             (gpointer) (g_str_equal (org, who->org)
                                             ? who->org
                                             : org));
}

/* Revisions of a draft the Datatracker knows: those published up to
 * `until`, the latest of them, and how many were published in the
 * window. Mail mentions are left aside: the dates are the real ones. */
static bool
count_dt_revisions (MlgAnalysis *analysis, MlgProposal *p)
{
    gint64 until = mlg_analysis_get_window_end (analysis);
    const MlgDtDraft *draft = _mlg_dt_draft (analysis, p->draft);
    const GArray *revs;

    if (draft == NULL)
        return false;
    revs = _mlg_dt_draft_revisions (draft);
    p->features.revisions_source = MLG_REVISIONS_DATATRACKER;
    p->features.latest_revision = -1;
    p->features.revisions_in_window = 0;
    for (guint i = 0; i < revs->len; i++) {
        const MlgDtRev *r = &g_array_index (revs, MlgDtRev, i);

        if (r->published > until)
            break;
        p->features.latest_revision = r->rev;
        if (r->published >= analysis->since)
            p->features.revisions_in_window++;
    }
    return true;
}

/* Revisions of the proposal's drafts: the latest mentioned up to `until`,
 * and how many revisions newer than anything seen before `since` were
 * mentioned inside the window. */
static void
count_revisions (MlgAnalysis *analysis, MlgProposal *p, GHashTable *drafts)
{
    gint64 until = mlg_analysis_get_window_end (analysis);
    int before = -1;
    g_autoptr (GHashTable) in_window =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    GHashTableIter iter;
    gpointer key;

    if (count_dt_revisions (analysis, p))
        return;
    p->features.revisions_source = MLG_REVISIONS_MAIL;
    p->features.latest_revision = -1;
    for (guint t = 0; t < p->threads->len; t++) {
        MlgThread *thread = p->threads->pdata[t];
        for (guint i = 0; i < thread->messages->len; i++) {
            MlgMessage *m = thread->messages->pdata[i];
            if (m->date > until)
                continue;
            for (guint k = 0; k < m->n_pointers; k++) {
                const MlgMessagePointer *ptr = &m->pointers[k];
                if (ptr->kind != MLG_POINTER_DRAFT || ptr->revision < 0
                    || !g_hash_table_contains (
                        drafts, _mlg_dt_canonical (analysis, ptr->value)))
                    continue;
                p->features.latest_revision =
                    MAX (p->features.latest_revision, ptr->revision);
                if (m->date < analysis->since)
                    before = MAX (before, ptr->revision);
                else
                    g_hash_table_add (in_window,
                                      GINT_TO_POINTER (ptr->revision + 1));
            }
        }
    }
    p->features.revisions_in_window = 0;
    g_hash_table_iter_init (&iter, in_window);
    while (g_hash_table_iter_next (&iter, &key, NULL))
        if (GPOINTER_TO_INT (key) - 1 > before)
            p->features.revisions_in_window++;
}

void
_mlg_score_proposal (MlgAnalysis *analysis, MlgProposal *p)
{
    const MlgConfig *config = analysis->config;
    MlgFeatures *f = &p->features;
    g_autoptr (GHashTable) proponents =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    g_autoptr (GHashTable) people =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    g_autoptr (GHashTable) orgs = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr (GHashTable) lists = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr (GHashTable) impl = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr (GHashTable) cc = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr (GHashTable) chairs =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    g_autoptr (GHashTable) drafts =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    g_autoptr (GHashTable) inferred_orgs =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    const MlgMessage *opening = p->opening;
    gint64 first_reply_date = G_MAXINT64;
    GHashTableIter iter;
    gpointer value;
    double v[MLG_SCORE_TERMS];

    for (guint i = 0; i < p->proponents->len; i++)
        g_hash_table_add (proponents, p->proponents->pdata[i]);
    if (p->draft != NULL)
        g_hash_table_add (drafts, (char *) p->draft);
    for (guint t = 0; t < p->threads->len; t++) {
        MlgThread *thread = p->threads->pdata[t];
        if (thread->draft != NULL)
            g_hash_table_add (drafts, (char *) thread->draft);
    }

    f->messages = f->threads = f->draft_pointers = f->chairs_replied = 0;
    f->first = f->last = 0;
    f->first_reply = -1;
    for (guint t = 0; t < p->threads->len; t++) {
        MlgThread *thread = p->threads->pdata[t];

        if (thread->scope_messages > 0)
            f->threads++;
        for (guint i = 0; i < thread->messages->len; i++) {
            MlgMessage *m = thread->messages->pdata[i];
            MlgPerson *who = m->person;

            if (!m->in_scope)
                continue;
            if (f->messages == 0 || m->date < f->first)
                f->first = m->date;
            if (f->messages == 0 || m->date > f->last)
                f->last = m->date;
            f->messages++;
            add_lists (lists, m);
            for (guint k = 0; k < m->n_pointers; k++) {
                const MlgMessagePointer *ptr = &m->pointers[k];
                if (ptr->kind == MLG_POINTER_DRAFT
                    && g_hash_table_contains (
                        drafts, _mlg_dt_canonical (analysis, ptr->value)))
                    f->draft_pointers++;
                else if (ptr->kind == MLG_POINTER_IMPL)
                    g_hash_table_add (impl, (char *) ptr->value);
            }
            /* The chairs CC'd on a request: recipients of an opening. */
            if (m == thread->root)
                for (const char **r = m->recipients; *r != NULL; r++)
                    if (_mlg_score_is_chair (analysis, *r, m))
                        g_hash_table_add (cc, (char *) *r);
            if (who == NULL)
                continue;
            g_hash_table_add (people, who);
            /* A person joined by name alone counts with the organisation
             * of the addresses that wrote here: a stranger using a known
             * name never lends their messages that person's employer. */
            if (who->inferred)
                choose_org (inferred_orgs, who, m->org);
            else if (*who->org != '\0')
                g_hash_table_add (orgs, (char *) who->org);
            if (m != thread->root && _mlg_score_is_chair (analysis, m->from_addr, m))
                g_hash_table_add (chairs, who);
            if (!g_hash_table_contains (proponents, who) && opening != NULL
                && m->date >= opening->date && m != opening
                && m->date < first_reply_date)
                first_reply_date = m->date;
        }
    }
    g_hash_table_iter_init (&iter, inferred_orgs);
    while (g_hash_table_iter_next (&iter, NULL, &value))
        g_hash_table_add (orgs, value);
    f->people = g_hash_table_size (people);
    f->independent_people = 0;
    g_hash_table_iter_init (&iter, people);
    while (g_hash_table_iter_next (&iter, &value, NULL))
        if (!g_hash_table_contains (proponents, value))
            f->independent_people++;
    f->organisations = g_hash_table_size (orgs);
    /* From the participants table: a proponent has no stance there. */
    f->supporters = f->objectors = 0;
    for (guint i = 0; i < p->participants->len; i++) {
        const MlgParticipant *part = p->participants->pdata[i];
        if (part->stance == MLG_STANCE_SUPPORT)
            f->supporters++;
        else if (part->stance == MLG_STANCE_OBJECTION)
            f->objectors++;
    }
    f->chairs_cc = g_hash_table_size (cc);
    f->chairs_replied = g_hash_table_size (chairs);
    f->impl_pointers = g_hash_table_size (impl);
    if (first_reply_date != G_MAXINT64)
        f->first_reply = first_reply_date - opening->date;
    if (f->lists != NULL)
        g_ptr_array_unref (f->lists);
    f->lists = sorted_keys (lists);
    count_revisions (analysis, p, drafts);
    p->checklist_profile = mlg_config_get_checklist_profile (
        config, opening != NULL ? (const char *const *) opening->lists : NULL);
    f->checklist = _mlg_checklist_given (analysis, p);

    for (guint i = 0; i < MLG_SCORE_TERMS; i++)
        v[i] = mlg_score_term_measure (p, i);
    /* A long thread should not outweigh many voices: messages count by
     * their logarithm. */
    v[MLG_SCORE_MESSAGES] = log2 (1.0 + f->messages);
    p->score = 0;
    for (guint i = 0; i < MLG_SCORE_TERMS; i++) {
        p->breakdown[i] = config->weights[i] * v[i];
        p->score += p->breakdown[i];
    }
    /* Rounded so that the order does not hang on the last bits of a sum
     * and printed scores sort the way they read. */
    p->score = round (p->score * 100.0) / 100.0;
}

guint
mlg_score_term_measure (const MlgProposal *p, MlgScoreTerm term)
{
    const MlgFeatures *f = &p->features;

    switch (term) {
    case MLG_SCORE_MESSAGES:
        return f->messages;
    case MLG_SCORE_THREADS:
        return f->threads;
    case MLG_SCORE_PEOPLE:
        return f->people;
    case MLG_SCORE_INDEPENDENT:
        return f->independent_people;
    case MLG_SCORE_ORGANISATIONS:
        return f->organisations;
    case MLG_SCORE_SUPPORTERS:
        return f->supporters;
    case MLG_SCORE_OBJECTORS:
        return f->objectors;
    case MLG_SCORE_CHAIRS_CC:
        return f->chairs_cc;
    case MLG_SCORE_CHAIRS_REPLIED:
        return f->chairs_replied;
    case MLG_SCORE_DRAFT:
        return p->draft != NULL ? 1 : 0;
    case MLG_SCORE_REVISIONS:
        return f->revisions_in_window;
    case MLG_SCORE_IMPL:
        return f->impl_pointers;
    case MLG_SCORE_CHECKLIST:
        return __builtin_popcount (f->checklist);
    case MLG_SCORE_LISTS:
        return f->lists != NULL && f->lists->len > 1 ? f->lists->len - 1 : 0;
    case MLG_SCORE_TERMS:
        break;
    }
    return 0;
}
