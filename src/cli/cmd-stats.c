/* cmd-stats.c - `mlgauge stats [--db DIR] [--format text|json]`: what is
 * indexed, one `key: value` per line, or one JSON object for scripts. */
#include <stdio.h>
#include <string.h>

#include "mlg-commands.h"
#include "mlg-indexer.h"
#include "mlg-reports.h"

int
mlg_cmd_stats (const MlgCommand *command, int argc, char **argv)
{
    g_auto (MlgOptions) options = {0};
    g_autoptr (GOptionContext) context =
        g_option_context_new ("- what is indexed");
    g_autoptr (GError) error = NULL;
    bool json = false;
    g_autoptr (MlgStore) store = NULL;
    g_autoptr (MlgStoreStats) stats = NULL;
    g_autofree char *db = NULL;

    mlg_cli_options_add (context, command, &options, NULL);
    if (!mlg_cli_parse (context, &argc, &argv))
        return MLG_EXIT_USAGE;
    if (argc > 1) {
        mlg_cli_error ("stats: unexpected argument '%s'", argv[1]);
        return MLG_EXIT_USAGE;
    }
    if (!mlg_cli_text_or_json ("stats", options.format, &json))
        return MLG_EXIT_USAGE;

    db = mlg_cli_db_path (options.db);
    store = mlg_store_open (db, MLG_STORE_READ, &error);
    if (store == NULL)
        return mlg_cli_fail (error);
    stats = mlg_store_stats_new (store, &error);
    if (stats == NULL)
        return mlg_cli_fail (error);

    if (json) {
        if (!mlg_json_stats_write (mlg_store_get_path (store), stats,
                                   stdout, &error))
            return mlg_cli_fail (error);
        return MLG_EXIT_OK;
    }
    if (!mlg_text_stats_write (mlg_store_get_path (store), stats, stdout,
                               &error))
        return mlg_cli_fail (error);
    return MLG_EXIT_OK;
}
