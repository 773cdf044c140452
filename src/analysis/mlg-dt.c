/* mlg-dt.c - what the Datatracker says, as the analysis uses it: the
 * drafts of one replaces chain are one draft, named by its latest name,
 * with its authors and its revisions' real dates; a group's chairs are
 * chairs of its list. It reads a snapshot (MlgDtSnapshot) handed over
 * by mlg_analysis_add_datatracker(), never the network or the store, so
 * that the unit tests give it hand-made documents. */
#include "mlg-analysis-private.h"

#include <string.h>

struct _MlgDtDraft {
    const char *name;     /* the latest name of the chain (interned) */
    GPtrArray *names;     /* const char *: every name of the chain */
    GArray *authors;      /* MlgDtPerson */
    GArray *revisions;    /* MlgDtRev, by date once finished */
};

static void
draft_free (gpointer data)
{
    MlgDtDraft *draft = data;

    g_ptr_array_unref (draft->names);
    g_array_unref (draft->authors);
    g_array_unref (draft->revisions);
    g_free (draft);
}

void
_mlg_dt_init (MlgAnalysis *analysis)
{
    analysis->dt_drafts = g_ptr_array_new_with_free_func (draft_free);
    analysis->dt_by_name = g_hash_table_new (g_str_hash, g_str_equal);
    analysis->dt_chairs = g_hash_table_new_full (
        g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
}

void
_mlg_dt_clear (MlgAnalysis *analysis)
{
    g_clear_pointer (&analysis->dt_drafts, g_ptr_array_unref);
    g_clear_pointer (&analysis->dt_by_name, g_hash_table_unref);
    g_clear_pointer (&analysis->dt_chairs, g_hash_table_unref);
}

static void
add_name (MlgAnalysis *analysis, MlgDtDraft *draft, const char *name)
{
    const char *interned = _mlg_analysis_intern (analysis, name);

    if (g_hash_table_lookup (analysis->dt_by_name, interned) == draft)
        return;
    g_ptr_array_add (draft->names, (gpointer) interned);
    g_hash_table_insert (analysis->dt_by_name, (gpointer) interned, draft);
}

/* Moves everything of `from` into `into`, and drops `from`. */
static void
merge (MlgAnalysis *analysis, MlgDtDraft *into, MlgDtDraft *from)
{
    for (guint i = 0; i < from->names->len; i++)
        add_name (analysis, into, from->names->pdata[i]);
    g_array_append_vals (into->authors, from->authors->data,
                         from->authors->len);
    g_array_append_vals (into->revisions, from->revisions->data,
                         from->revisions->len);
    g_ptr_array_remove_fast (analysis->dt_drafts, from);
}

static int
compare_revs (gconstpointer a, gconstpointer b)
{
    const MlgDtRev *x = a;
    const MlgDtRev *y = b;

    if (x->published != y->published)
        return x->published < y->published ? -1 : 1;
    if (x->rev != y->rev)
        return x->rev < y->rev ? -1 : 1;
    return strcmp (x->name, y->name);
}

static int
compare_drafts (gconstpointer a, gconstpointer b)
{
    const MlgDtDraft *x = *(const MlgDtDraft *const *) a;
    const MlgDtDraft *y = *(const MlgDtDraft *const *) b;

    return strcmp (x->name, y->name);
}

/* Sorts the revisions (dropping repeats), names the draft by its latest
 * revision, and keeps each author once (by address, else by name). */
static void
finish (MlgDtDraft *draft)
{
    GArray *revs = draft->revisions;
    GArray *authors = draft->authors;
    guint kept = 0;

    g_array_sort (revs, compare_revs);
    for (guint i = 0; i < revs->len; i++) {
        MlgDtRev *r = &g_array_index (revs, MlgDtRev, i);
        bool seen = false;

        for (guint k = 0; k < kept && !seen; k++) {
            const MlgDtRev *o = &g_array_index (revs, MlgDtRev, k);
            seen = o->rev == r->rev && o->name == r->name;
        }
        if (!seen)
            g_array_index (revs, MlgDtRev, kept++) = *r;
    }
    g_array_set_size (revs, kept);
    if (revs->len > 0)
        draft->name = g_array_index (revs, MlgDtRev, revs->len - 1).name;
    kept = 0;
    for (guint i = 0; i < authors->len; i++) {
        MlgDtPerson *a = &g_array_index (authors, MlgDtPerson, i);
        bool seen = false;

        for (guint k = 0; k < kept && !seen; k++) {
            const MlgDtPerson *o = &g_array_index (authors, MlgDtPerson, k);
            seen = a->email != NULL ? o->email == a->email
                                    : o->email == NULL && o->name == a->name;
        }
        if (!seen)
            g_array_index (authors, MlgDtPerson, kept++) = *a;
    }
    g_array_set_size (authors, kept);
}

void
mlg_analysis_add_datatracker (MlgAnalysis *analysis,
                              const MlgDtSnapshot *snapshot)
{
    g_return_if_fail (analysis != NULL && snapshot != NULL);

    if (snapshot->refreshed != NULL)
        analysis->dt_refreshed =
            _mlg_analysis_intern (analysis, snapshot->refreshed);
    for (guint i = 0; i < snapshot->documents->len; i++) {
        const MlgDtDocument *doc = snapshot->documents->pdata[i];
        MlgDtDraft *draft = g_new0 (MlgDtDraft, 1);
        g_autoptr (GPtrArray) names = g_ptr_array_new ();

        draft->name = _mlg_analysis_intern (analysis, doc->name);
        draft->names = g_ptr_array_new ();
        draft->authors = g_array_new (FALSE, FALSE, sizeof (MlgDtPerson));
        draft->revisions = g_array_new (FALSE, FALSE, sizeof (MlgDtRev));
        g_ptr_array_add (analysis->dt_drafts, draft);
        /* Every name of the chain, and the name it was asked for: the
         * drafts it reaches that are known already join it. */
        g_ptr_array_add (names, doc->name);
        if (doc->asked != NULL)
            g_ptr_array_add (names, doc->asked);
        for (guint k = 0; k < doc->revisions->len; k++) {
            const MlgDtRevision *r = doc->revisions->pdata[k];
            MlgDtRev rev = {_mlg_analysis_intern (analysis, r->name), r->rev,
                            r->published};

            g_ptr_array_add (names, r->name);
            g_array_append_val (draft->revisions, rev);
        }
        for (guint k = 0; k < names->len; k++) {
            MlgDtDraft *known =
                g_hash_table_lookup (analysis->dt_by_name, names->pdata[k]);

            if (known != NULL && known != draft)
                merge (analysis, draft, known);
            add_name (analysis, draft, names->pdata[k]);
        }
        for (guint k = 0; k < doc->authors->len; k++) {
            const MlgDtAuthor *a = doc->authors->pdata[k];
            MlgDtPerson person = {_mlg_analysis_intern (analysis, a->name),
                                  _mlg_analysis_intern (analysis, a->email)};

            g_array_append_val (draft->authors, person);
        }
    }
    for (guint i = 0; i < analysis->dt_drafts->len; i++)
        finish (analysis->dt_drafts->pdata[i]);
    g_ptr_array_sort (analysis->dt_drafts, compare_drafts);
    for (guint i = 0; i < snapshot->groups->len; i++) {
        const MlgDtGroup *group = snapshot->groups->pdata[i];
        GPtrArray *chairs = g_ptr_array_new ();

        for (guint k = 0; k < group->chairs->len; k++)
            g_ptr_array_add (chairs, (gpointer) _mlg_analysis_intern (
                                         analysis, group->chairs->pdata[k]));
        g_hash_table_replace (analysis->dt_chairs,
                              (gpointer) _mlg_analysis_intern (
                                  analysis, group->acronym),
                              chairs);
    }
}

const char *
mlg_analysis_get_datatracker_refreshed (MlgAnalysis *analysis)
{
    g_return_val_if_fail (analysis != NULL, NULL);
    return analysis->dt_refreshed;
}

const MlgDtDraft *
_mlg_dt_draft (MlgAnalysis *analysis, const char *name)
{
    if (name == NULL || g_hash_table_size (analysis->dt_by_name) == 0)
        return NULL;
    return g_hash_table_lookup (analysis->dt_by_name, name);
}

const char *
_mlg_dt_canonical (MlgAnalysis *analysis, const char *name)
{
    const MlgDtDraft *draft = _mlg_dt_draft (analysis, name);

    return draft != NULL ? draft->name : name;
}

const char *
_mlg_dt_draft_name (const MlgDtDraft *draft)
{
    return draft->name;
}

const GPtrArray *
_mlg_dt_draft_names (const MlgDtDraft *draft)
{
    return draft->names;
}

const GArray *
_mlg_dt_draft_authors (const MlgDtDraft *draft)
{
    return draft->authors;
}

const GArray *
_mlg_dt_draft_revisions (const MlgDtDraft *draft)
{
    return draft->revisions;
}

/* Returns: the group acronym of list `list` (an id such as
 * "dispatch.ietf.org"), or NULL: the IETF names a working group's list
 * after the group. */
static char *
acronym_of (const char *list)
{
    const char *dot = strchr (list, '.');

    if (dot == NULL || dot == list || g_ascii_strcasecmp (dot, ".ietf.org"))
        return NULL;
    return g_ascii_strdown (list, dot - list);
}

static bool
chairs_group (MlgAnalysis *analysis, const char *acronym,
              const char *address)
{
    GPtrArray *chairs = g_hash_table_lookup (analysis->dt_chairs, acronym);

    for (guint i = 0; chairs != NULL && i < chairs->len; i++)
        if (g_ascii_strcasecmp (chairs->pdata[i], address) == 0)
            return true;
    return false;
}

bool
_mlg_dt_is_chair (MlgAnalysis *analysis, const char *address,
                  const char *list)
{
    g_autofree char *acronym = NULL;
    GHashTableIter iter;
    gpointer key;

    if (g_hash_table_size (analysis->dt_chairs) == 0 || address == NULL)
        return false;
    if (list != NULL) {
        acronym = acronym_of (list);
        return acronym != NULL && chairs_group (analysis, acronym, address);
    }
    g_hash_table_iter_init (&iter, analysis->dt_chairs);
    while (g_hash_table_iter_next (&iter, &key, NULL))
        if (chairs_group (analysis, key, address))
            return true;
    return false;
}
