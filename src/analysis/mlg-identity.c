/* mlg-identity.c - who is who. One person is the set of addresses joined
 * by normalisation (done at index time), by the config's aliases (applied
 * when facts are added) and by identical display names (here; such merges
 * are marked inferred). Automated senders are never people. */
#include "mlg-analysis-private.h"

#include <string.h>

/* Union-find over interned addresses. */
typedef struct {
    GHashTable *parent;   /* address -> address */
    GHashTable *inferred; /* root address -> present when name-merged */
} Sets;

static const char *
find (Sets *sets, const char *a)
{
    const char *p;

    while ((p = g_hash_table_lookup (sets->parent, a)) != a) {
        const char *pp = g_hash_table_lookup (sets->parent, p);
        g_hash_table_insert (sets->parent, (char *) a, (char *) pp);
        a = pp;
    }
    return a;
}

static void
unite (Sets *sets, const char *a, const char *b, bool inferred)
{
    const char *ra = find (sets, a);
    const char *rb = find (sets, b);
    bool was = g_hash_table_contains (sets->inferred, ra)
               || g_hash_table_contains (sets->inferred, rb);

    if (ra == rb)
        return;
    /* The smaller string becomes the root, so results do not depend on
     * the order messages came in. */
    if (strcmp (rb, ra) < 0) {
        const char *t = ra;
        ra = rb;
        rb = t;
    }
    g_hash_table_insert (sets->parent, (char *) rb, (char *) ra);
    g_hash_table_remove (sets->inferred, rb);
    if (was || inferred)
        g_hash_table_add (sets->inferred, (char *) ra);
}

/* Cuts a list rewriter's " via Dispatch" suffix and surrounding quotes. */
static char *
clean_name (const char *name)
{
    char *s = g_strdup (name);
    char *via;
    size_t n;

    g_strstrip (s);
    n = strlen (s);
    if (n >= 2 && ((s[0] == '"' && s[n - 1] == '"')
                   || (s[0] == '\'' && s[n - 1] == '\''))) {
        memmove (s, s + 1, n - 2);
        s[n - 2] = '\0';
    }
    via = strstr (s, " via ");
    if (via == NULL)
        via = strstr (s, " Via ");
    if (via != NULL)
        *via = '\0';
    return g_strstrip (s);
}

/* The key under which display names are compared: decoded (done at index
 * time), `via ...` trimmed, case-folded, spaces collapsed. Names that
 * cannot tell people apart give NULL: empty ones, addresses used as names
 * and single words ("Bob", "admin"), which too many people share. */
char *
_mlg_identity_name_key (const char *name)
{
    g_autofree char *clean = NULL;
    g_autofree char *folded = NULL;
    g_auto (GStrv) words = NULL;
    g_autoptr (GPtrArray) kept = g_ptr_array_new ();

    if (name == NULL)
        return NULL;
    clean = clean_name (name);
    if (*clean == '\0' || strchr (clean, '@') != NULL)
        return NULL;
    folded = g_utf8_casefold (clean, -1);
    words = g_strsplit_set (folded, " \t,", -1);
    for (guint i = 0; words[i] != NULL; i++)
        if (*words[i] != '\0')
            g_ptr_array_add (kept, words[i]);
    if (kept->len < 2)
        return NULL;
    g_ptr_array_add (kept, NULL);
    return g_strjoinv (" ", (char **) kept->pdata);
}

void
_mlg_person_free (MlgPerson *person)
{
    if (person == NULL)
        return;
    g_ptr_array_unref (person->addresses);
    g_free (person);
}

/* The most frequent key of `counts` (string -> count), ties broken by the
 * smaller string; NULL when empty. */
static const char *
most_frequent (GHashTable *counts)
{
    GHashTableIter iter;
    gpointer key, value;
    const char *best = NULL;
    guint best_n = 0;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        guint n = GPOINTER_TO_UINT (value);
        if (n > best_n || (n == best_n && strcmp (key, best) < 0)) {
            best = key;
            best_n = n;
        }
    }
    return best;
}

static void
bump (GHashTable *counts, const char *key)
{
    gpointer n = g_hash_table_lookup (counts, key);

    g_hash_table_insert (counts, (char *) key,
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
}

typedef struct {
    MlgPerson *person;
    GHashTable *addr_counts;
    GHashTable *name_counts;
    GHashTable *org_counts;
} Building;

static void
building_free (gpointer p)
{
    Building *b = p;

    g_hash_table_unref (b->addr_counts);
    g_hash_table_unref (b->name_counts);
    g_hash_table_unref (b->org_counts);
    g_free (b);
}

static int
compare_str (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_persons (gconstpointer a, gconstpointer b)
{
    const MlgPerson *p = *(MlgPerson *const *) a;
    const MlgPerson *q = *(MlgPerson *const *) b;

    return strcmp (p->address, q->address);
}

/* What identity needs of a display name. A person's name repeats on all
 * their messages, so each distinct (interned) name is worked out once:
 * doing it per message was 7% of a report's time (perf, 100k messages). */
typedef struct {
    char *key;         /* _mlg_identity_name_key(), nullable */
    const char *clean; /* clean_name(), interned */
} NameInfo;

static void
name_info_free (gpointer data)
{
    NameInfo *info = data;

    g_free (info->key);
    g_free (info);
}

static const NameInfo *
name_info (MlgAnalysis *analysis, GHashTable *names, const char *from_name)
{
    NameInfo *info = g_hash_table_lookup (names, from_name);

    if (info == NULL) {
        g_autofree char *clean = clean_name (from_name);
        info = g_new (NameInfo, 1);
        info->key = _mlg_identity_name_key (from_name);
        info->clean = _mlg_analysis_intern (analysis, clean);
        g_hash_table_insert (names, (char *) from_name, info);
    }
    return info;
}

void
_mlg_identity_build (MlgAnalysis *analysis)
{
    Sets sets;
    g_autoptr (GHashTable) names = g_hash_table_new_full (
        g_direct_hash, g_direct_equal, NULL, name_info_free);
    g_autoptr (GHashTable) by_name =
        g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr (GHashTable) building = g_hash_table_new_full (
        g_direct_hash, g_direct_equal, NULL, building_free);

    sets.parent = g_hash_table_new (g_direct_hash, g_direct_equal);
    sets.inferred = g_hash_table_new (g_direct_hash, g_direct_equal);

    for (guint i = 0; i < analysis->messages->len; i++) {
        MlgMessage *m = analysis->messages->pdata[i];
        const char *key;
        const char *other;

        if (m->kind != MLG_KIND_PERSON || *m->from_addr == '\0')
            continue;
        if (!g_hash_table_contains (sets.parent, m->from_addr))
            g_hash_table_insert (sets.parent, (char *) m->from_addr,
                                 (char *) m->from_addr);
        if (!analysis->config->name_merge
            || (key = name_info (analysis, names, m->from_name)->key) == NULL)
            continue;
        other = g_hash_table_lookup (by_name, key);
        if (other == NULL) {
            g_hash_table_insert (by_name, (char *) key, (char *) m->from_addr);
            continue;
        }
        unite (&sets, other, m->from_addr, true);
    }

    analysis->persons =
        g_ptr_array_new_with_free_func ((GDestroyNotify) _mlg_person_free);
    analysis->person_by_addr = g_hash_table_new (g_str_hash, g_str_equal);
    for (guint i = 0; i < analysis->messages->len; i++) {
        MlgMessage *m = analysis->messages->pdata[i];
        const char *root;
        Building *b;

        if (m->kind != MLG_KIND_PERSON || *m->from_addr == '\0')
            continue;
        root = find (&sets, m->from_addr);
        b = g_hash_table_lookup (building, root);
        if (b == NULL) {
            b = g_new0 (Building, 1);
            b->person = g_new0 (MlgPerson, 1);
            b->person->addresses = g_ptr_array_new ();
            b->person->inferred = g_hash_table_contains (sets.inferred, root);
            b->addr_counts = g_hash_table_new (g_str_hash, g_str_equal);
            b->name_counts = g_hash_table_new (g_str_hash, g_str_equal);
            b->org_counts = g_hash_table_new (g_str_hash, g_str_equal);
            g_hash_table_insert (building, (char *) root, b);
            g_ptr_array_add (analysis->persons, b->person);
        }
        if (!g_hash_table_contains (b->addr_counts, m->from_addr)) {
            g_ptr_array_add (b->person->addresses, (char *) m->from_addr);
            g_hash_table_insert (analysis->person_by_addr,
                                 (char *) m->from_addr, b->person);
        }
        bump (b->addr_counts, m->from_addr);
        if (*m->from_name != '\0') {
            const char *name = name_info (analysis, names, m->from_name)->clean;
            if (*name != '\0')
                bump (b->name_counts, name);
        }
        if (*m->org != '\0')
            bump (b->org_counts, m->org);
        m->person = b->person;
    }

    {
        GHashTableIter iter;
        gpointer value;

        g_hash_table_iter_init (&iter, building);
        while (g_hash_table_iter_next (&iter, NULL, &value)) {
            Building *b = value;
            MlgPerson *p = b->person;
            const char *name = most_frequent (b->name_counts);
            const char *org = most_frequent (b->org_counts);

            g_ptr_array_sort (p->addresses, compare_str);
            p->address = most_frequent (b->addr_counts);
            p->name = name != NULL ? name : p->address;
            p->org = org != NULL ? org : "";
            for (guint k = 0; k < p->addresses->len && !p->chair; k++)
                p->chair = mlg_config_is_chair (analysis->config,
                                                p->addresses->pdata[k], NULL);
        }
    }
    g_ptr_array_sort (analysis->persons, compare_persons);
    g_hash_table_unref (sets.parent);
    g_hash_table_unref (sets.inferred);
}
