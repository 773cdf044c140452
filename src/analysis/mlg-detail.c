/* mlg-detail.c - one proposal in detail: the role of each sender, the
 * weekly activity, and finding a proposal by name or draft. Shared by the
 * HTML pages, `show` and `check`, so that all three tell the same story
 * as the score (who took part is in mlg-participants.c). */
#include "mlg-analysis-private.h"

#include <string.h>

#define WEEK ((gint64) 7 * MLG_DAY)
#define MAX_WEEKS 1000

const char *
mlg_role_to_string (MlgRole role)
{
    switch (role) {
    case MLG_ROLE_INDEPENDENT:
        return "independent";
    case MLG_ROLE_PROPONENT:
        return "proponent";
    case MLG_ROLE_CHAIR:
        return "chair";
    case MLG_ROLE_AUTOMATED:
        return "automated";
    case MLG_ROLES:
        break;
    }
    return "unknown";
}

MlgRole
mlg_proposal_role (MlgAnalysis *analysis, const MlgProposal *proposal,
                   const MlgMessage *message)
{
    if (message->person == NULL)
        return MLG_ROLE_AUTOMATED;
    if (g_ptr_array_find (proposal->proponents, message->person, NULL))
        return MLG_ROLE_PROPONENT;
    /* The roster knows real addresses, even when the report does not. */
    if (_mlg_score_is_chair (analysis->config,
                             _mlg_anonymize_real_address (analysis,
                                                          message->from_addr),
                             message))
        return MLG_ROLE_CHAIR;
    return MLG_ROLE_INDEPENDENT;
}

gint64
mlg_week_start (gint64 t)
{
    /* 1970-01-01 was a Thursday: Monday 1969-12-29 starts week zero. */
    gint64 monday = -3 * MLG_DAY;
    gint64 weeks = (t - monday) / WEEK;

    if ((t - monday) % WEEK < 0)
        weeks--;
    return monday + weeks * WEEK;
}

GArray *
mlg_proposal_get_weekly_activity (MlgAnalysis *analysis,
                                  const MlgProposal *proposal, gint64 from,
                                  gint64 to)
{
    GArray *weeks = g_array_new (FALSE, TRUE, sizeof (MlgWeek));
    gint64 first = mlg_week_start (MIN (from, to));
    gint64 last = mlg_week_start (MAX (from, to));
    guint n;

    if ((last - first) / WEEK >= MAX_WEEKS)
        first = last - (MAX_WEEKS - 1) * WEEK;
    n = (guint) ((last - first) / WEEK) + 1;
    g_array_set_size (weeks, n);
    for (guint i = 0; i < n; i++)
        g_array_index (weeks, MlgWeek, i).start = first + (gint64) i * WEEK;

    for (guint t = 0; t < proposal->threads->len; t++) {
        const MlgThread *thread = proposal->threads->pdata[t];
        for (guint i = 0; i < thread->messages->len; i++) {
            const MlgMessage *m = thread->messages->pdata[i];
            gint64 week = mlg_week_start (m->date);

            if (!m->in_scope || week < first || week > last)
                continue;
            g_array_index (weeks, MlgWeek, (week - first) / WEEK)
                .counts[mlg_proposal_role (analysis, proposal, m)]++;
        }
    }
    return weeks;
}

/* `name` without a `.txt`/`.html`/`.xml` extension, lower-cased. */
static char *
draft_key (const char *name)
{
    static const char *const extensions[] = {".txt", ".html", ".xml", ".pdf"};
    char *key = g_ascii_strdown (name, -1);

    for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
        if (g_str_has_suffix (key, extensions[i])) {
            key[strlen (key) - strlen (extensions[i])] = '\0';
            break;
        }
    return key;
}

/* `key` without a trailing two-digit revision ("-03"), or NULL. */
static char *
without_revision (const char *key)
{
    gsize len = strlen (key);

    if (len > 3 && key[len - 3] == '-' && g_ascii_isdigit (key[len - 2])
        && g_ascii_isdigit (key[len - 1]))
        return g_strndup (key, len - 3);
    return NULL;
}

static bool
proposal_has_draft (const MlgProposal *p, const char *draft)
{
    if (p->draft != NULL && g_ascii_strcasecmp (p->draft, draft) == 0)
        return true;
    for (guint t = 0; t < p->threads->len; t++) {
        const MlgThread *thread = p->threads->pdata[t];
        if (thread->draft != NULL
            && g_ascii_strcasecmp (thread->draft, draft) == 0)
            return true;
    }
    return false;
}

static bool
better (const MlgProposal *candidate, const MlgProposal *best)
{
    if (best == NULL)
        return true;
    if ((candidate->rank > 0) != (best->rank > 0))
        return candidate->rank > 0;
    return candidate->score > best->score;
}

const MlgProposal *
mlg_analysis_find_proposal (MlgAnalysis *analysis, const char *name)
{
    const MlgProposal *best = NULL;
    g_autofree char *key = NULL;
    g_autofree char *bare = NULL;

    if (analysis->proposals == NULL || name == NULL || *name == '\0')
        return NULL;
    for (guint i = 0; i < analysis->proposals->len; i++) {
        const MlgProposal *p = analysis->proposals->pdata[i];
        if (g_ascii_strcasecmp (p->name, name) == 0 && better (p, best))
            best = p;
    }
    if (best != NULL)
        return best;

    key = draft_key (name);
    bare = without_revision (key);
    for (guint i = 0; i < analysis->proposals->len; i++) {
        const MlgProposal *p = analysis->proposals->pdata[i];
        if ((proposal_has_draft (p, key)
             || (bare != NULL && proposal_has_draft (p, bare)))
            && better (p, best))
            best = p;
    }
    return best;
}
