/* mlg-datatracker-store.c - reading back what `mlgauge fetch
 * --datatracker` kept in the store, for the analysis. Apart from
 * mlg-store.c so that the store's own unit tests need no JSON parser. */
#include "mlg-store-private.h"

#include <string.h>

static bool
collect_key (const char *key, gpointer user_data)
{
    g_ptr_array_add (user_data, g_strdup (key));
    return true;
}

/* Returns: (transfer full) the fetch-state keys under `prefix`, in
 * byte order. */
static GPtrArray *
fetch_keys (MlgStore *store, const char *prefix, GError **error)
{
    g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

    if (!_mlg_store_foreach_fetch_key (store, prefix, collect_key, keys,
                                       error))
        return NULL;
    return g_steal_pointer (&keys);
}

static bool
damaged_datatracker (MlgStore *store, const char *key, GError *why,
                     GError **error)
{
    g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT,
                 "damaged Datatracker record '%s' in database '%s' (%s); "
                 "run `mlgauge fetch --datatracker` again", key,
                 mlg_store_get_path (store), why->message);
    return false;
}

MlgDtSnapshot *
mlg_store_read_datatracker (MlgStore *store, GError **error)
{
    g_autoptr (MlgDtSnapshot) snapshot = _mlg_dt_snapshot_new ();
    g_autoptr (GPtrArray) docs = NULL;
    g_autoptr (GPtrArray) groups = NULL;
    g_autoptr (GError) local = NULL;

    g_return_val_if_fail (store != NULL, NULL);

    snapshot->refreshed = mlg_store_get_fetch_state (
        store, MLG_DATATRACKER_REFRESHED_KEY, &local);
    if (local != NULL) {
        g_propagate_error (error, g_steal_pointer (&local));
        return NULL;
    }
    docs = fetch_keys (store, MLG_DATATRACKER_DOC_KEY, error);
    groups = docs != NULL ? fetch_keys (store, MLG_DATATRACKER_CHAIRS_KEY,
                                        error)
                          : NULL;
    if (groups == NULL)
        return NULL;
    for (guint i = 0; i < docs->len; i++) {
        const char *key = docs->pdata[i];
        const char *asked = key + strlen (MLG_DATATRACKER_DOC_KEY);
        g_autofree char *value = mlg_store_get_fetch_state (store, key,
                                                            &local);
        MlgDtDocument *doc;

        if (value == NULL) {
            if (local != NULL) {
                g_propagate_error (error, g_steal_pointer (&local));
                return NULL;
            }
            continue;
        }
        doc = mlg_dt_document_parse (value, strlen (value), &local);
        if (doc == NULL) {
            damaged_datatracker (store, key, local, error);
            return NULL;
        }
        /* A name too long for a key is stored under its hash: the
         * document's own name stands for it. */
        if (!g_str_has_prefix (asked, "sha256:"))
            doc->asked = g_strdup (asked);
        g_ptr_array_add (snapshot->documents, doc);
    }
    for (guint i = 0; i < groups->len; i++) {
        const char *key = groups->pdata[i];
        g_autofree char *value = mlg_store_get_fetch_state (store, key,
                                                            &local);
        MlgDtGroup *group;

        if (value == NULL) {
            if (local != NULL) {
                g_propagate_error (error, g_steal_pointer (&local));
                return NULL;
            }
            continue;
        }
        group = _mlg_dt_group_new (key + strlen (MLG_DATATRACKER_CHAIRS_KEY));
        g_ptr_array_add (snapshot->groups, group);
        if (!mlg_dt_chairs_parse (value, strlen (value), group->chairs,
                                  &local)) {
            damaged_datatracker (store, key, local, error);
            return NULL;
        }
    }
    return g_steal_pointer (&snapshot);
}

