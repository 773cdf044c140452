/* mlg-detail.c - one proposal in detail: the role of each sender, the
 * weekly activity, and finding a proposal by name or draft. Shared by the
 * HTML pages, `show` and `check`, so that all three tell the same story
 * as the score (who took part is in mlg-participants.c). */
#include "mlg-analysis-private.h"

#include <string.h>

#define WEEK ((gint64) 7 * MLG_DAY)
#define MAX_BINS 1000

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
    if (_mlg_score_is_chair (analysis,
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

/* Returns: the number of the bin holding `t`, counted from an epoch of
 * the bin's own: consecutive bins have consecutive numbers. */
static gint64
bin_number (MlgBin bin, gint64 t)
{
    g_autoptr (GDateTime) dt = NULL;
    gint64 months;

    if (bin == MLG_BIN_WEEK)
        return (mlg_week_start (t) + 3 * MLG_DAY) / WEEK;
    dt = g_date_time_new_from_unix_utc (t);
    if (dt == NULL)
        return 0;
    months = (gint64) g_date_time_get_year (dt) * 12
             + g_date_time_get_month (dt) - 1;
    switch (bin) {
    case MLG_BIN_MONTH:
        return months;
    case MLG_BIN_QUARTER:
        return months / 3;
    default:
        return months / 12;
    }
}

/* Returns: the first moment (UTC) of the bin numbered `number`. */
static gint64
bin_start (MlgBin bin, gint64 number)
{
    g_autoptr (GDateTime) dt = NULL;
    gint64 months;

    if (bin == MLG_BIN_WEEK)
        return number * WEEK - 3 * MLG_DAY;
    months = bin == MLG_BIN_MONTH     ? number
             : bin == MLG_BIN_QUARTER ? number * 3
                                      : number * 12;
    dt = g_date_time_new_utc ((int) (months / 12), (int) (months % 12) + 1, 1,
                              0, 0, 0);
    return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

GArray *
mlg_proposal_get_activity (MlgAnalysis *analysis,
                           const MlgProposal *proposal, gint64 from,
                           gint64 to, MlgBin bin)
{
    GArray *bins = g_array_new (FALSE, TRUE, sizeof (MlgWeek));
    gint64 first = bin_number (bin, MIN (from, to));
    gint64 last = bin_number (bin, MAX (from, to));
    guint n;

    if (last - first >= MAX_BINS)
        first = last - (MAX_BINS - 1);
    n = (guint) (last - first) + 1;
    g_array_set_size (bins, n);
    for (guint i = 0; i < n; i++)
        g_array_index (bins, MlgWeek, i).start = bin_start (bin, first + i);

    for (guint t = 0; t < proposal->threads->len; t++) {
        const MlgThread *thread = proposal->threads->pdata[t];
        for (guint i = 0; i < thread->messages->len; i++) {
            const MlgMessage *m = thread->messages->pdata[i];
            gint64 number;

            if (!m->in_scope)
                continue;
            number = bin_number (bin, m->date);
            if (number < first || number > last)
                continue;
            g_array_index (bins, MlgWeek, number - first)
                .counts[mlg_proposal_role (analysis, proposal, m)]++;
        }
    }
    return bins;
}

GArray *
mlg_proposal_get_weekly_activity (MlgAnalysis *analysis,
                                  const MlgProposal *proposal, gint64 from,
                                  gint64 to)
{
    return mlg_proposal_get_activity (analysis, proposal, from, to,
                                      MLG_BIN_WEEK);
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

/* Reported proposals first, by rank; then the others by score, then
 * name. */
static int
compare_found (gconstpointer pa, gconstpointer pb)
{
    const MlgProposal *a = *(const MlgProposal *const *) pa;
    const MlgProposal *b = *(const MlgProposal *const *) pb;

    if ((a->rank > 0) != (b->rank > 0))
        return a->rank > 0 ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return g_strcmp0 (a->id, b->id);
}

GPtrArray *
mlg_analysis_find_proposals (MlgAnalysis *analysis, const char *name)
{
    GPtrArray *found = g_ptr_array_new ();
    g_autofree char *id = NULL;
    g_autofree char *folded = NULL;
    g_autofree char *key = NULL;
    g_autofree char *bare = NULL;

    if (analysis->proposals == NULL || name == NULL || *name == '\0')
        return found;
    /* An id, as shown by the report or as the HTML page's file name. */
    id = g_strdup (name);
    g_strstrip (id);
    if (g_str_has_suffix (id, ".html"))
        id[strlen (id) - strlen (".html")] = '\0';
    for (guint i = 0; i < analysis->proposals->len; i++) {
        const MlgProposal *p = analysis->proposals->pdata[i];
        if (p->id != NULL && g_str_equal (p->id, id)) {
            g_ptr_array_add (found, (gpointer) p);
            return found;
        }
    }
    /* Names, case-insensitively in any script. */
    folded = g_utf8_casefold (name, -1);
    for (guint i = 0; i < analysis->proposals->len; i++) {
        const MlgProposal *p = analysis->proposals->pdata[i];
        g_autofree char *pname = g_utf8_casefold (p->name, -1);
        if (g_str_equal (pname, folded))
            g_ptr_array_add (found, (gpointer) p);
    }
    if (found->len == 0) {
        key = draft_key (name);
        bare = without_revision (key);
        /* An earlier name of a renamed draft finds its proposal. */
        if (_mlg_dt_draft (analysis, key) != NULL) {
            g_autofree char *old = key;
            key = g_strdup (_mlg_dt_canonical (analysis, old));
        }
        if (bare != NULL && _mlg_dt_draft (analysis, bare) != NULL) {
            g_autofree char *old = bare;
            bare = g_strdup (_mlg_dt_canonical (analysis, old));
        }
        for (guint i = 0; i < analysis->proposals->len; i++) {
            const MlgProposal *p = analysis->proposals->pdata[i];
            /* An agenda names drafts; it is not grouped by them. */
            if (p->kind == MLG_PROPOSAL_ADMIN || p->kind == MLG_PROPOSAL_SPAM)
                continue;
            if (proposal_has_draft (p, key)
                || (bare != NULL && proposal_has_draft (p, bare)))
                g_ptr_array_add (found, (gpointer) p);
        }
    }
    g_ptr_array_sort (found, compare_found);
    return found;
}

const MlgProposal *
mlg_analysis_find_proposal (MlgAnalysis *analysis, const char *name)
{
    g_autoptr (GPtrArray) found = mlg_analysis_find_proposals (analysis, name);

    return found->len > 0 ? found->pdata[0] : NULL;
}
