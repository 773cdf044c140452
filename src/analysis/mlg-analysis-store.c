/* mlg-analysis-store.c - feeding an analysis from a store. Kept apart so
 * that the analysis can be unit-tested without a database. */
#include "mlg-analysis-private.h"

static bool
add_one (const MlgMessageFacts *facts, gpointer user_data)
{
    mlg_analysis_add_facts (user_data, facts);
    return true;
}

bool
mlg_analysis_load_store (MlgAnalysis *analysis, MlgStore *store,
                         GError **error)
{
    g_autoptr (MlgDtSnapshot) snapshot = NULL;

    g_return_val_if_fail (analysis != NULL && store != NULL, false);
    snapshot = mlg_store_read_datatracker (store, error);
    if (snapshot == NULL)
        return false;
    mlg_analysis_add_datatracker (analysis, snapshot);
    return mlg_store_foreach (store, add_one, analysis, error);
}
