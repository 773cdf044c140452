/* mlg-cli-analysis.c - the options and the set-up shared by every command
 * that analyses (report, show, check, search): which database, which
 * config, which lists and window, which `now`. One implementation, so the
 * commands accept the same options and the same proposal names. */
#include "mlg-commands.h"

#include <string.h>

#include "mlg-config.h"

bool
mlg_cli_parse_date (const char *command, const char *name, const char *text,
                   bool end_of_day, gint64 *out)
{
    g_autoptr (GError) error = NULL;

    if (text == NULL)
        return true;
    if (!mlg_parse_date (text, end_of_day, out, &error)) {
        mlg_cli_error ("%s: --%s: %s", command, name, error->message);
        return false;
    }
    return true;
}

/* Adds the entries of `group` (a GOptionEntry array ending in {NULL})
 * when `command` lists it. */
static void
add_group (GOptionContext *context, const MlgCommand *command,
           MlgOptionGroups group, const GOptionEntry *entries)
{
    if (command->options & group)
        g_option_context_add_main_entries (context, entries, NULL);
}

void
mlg_cli_options_add (GOptionContext *context, const MlgCommand *command,
                     MlgOptions *options, const GOptionEntry *entries)
{
    const GOptionEntry database[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &options->db,
         "database directory (default: $MLGAUGE_DB, else "
         "$XDG_DATA_HOME/mlgauge)", "DIR"},
        {NULL}};
    const GOptionEntry config[] = {
        {"config", 0, 0, G_OPTION_ARG_FILENAME, &options->config,
         "configuration file (a commented example: " MLG_DOCDIR
         "/mlgauge.conf)", "FILE"},
        {NULL}};
    const GOptionEntry selection[] = {
        {"list", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->lists,
         "count only messages on this list (repeatable; 'dispatch' names "
         "dispatch.ietf.org when unambiguous)", "NAME"},
        {"since", 0, 0, G_OPTION_ARG_STRING, &options->since,
         "count messages from this date (ISO 8601, UTC)", "DATE"},
        {"until", 0, 0, G_OPTION_ARG_STRING, &options->until,
         "count messages up to this date, inclusive (default: now)", "DATE"},
        {"now", 0, 0, G_OPTION_ARG_STRING, &options->now,
         "the reference time (default: the current time; pin it for "
         "reproducible output)", "DATE"},
        {"all", 0, 0, G_OPTION_ARG_NONE, &options->all,
         "also rank administrivia (agendas, minutes, session requests...)",
         NULL},
        {NULL}};
    const GOptionEntry anonymize[] = {
        {"anonymize", 0, 0, G_OPTION_ARG_NONE, &options->anonymize,
         "replace people by stable pseudonyms (salt: [anonymize] salt= in "
         "the config)", NULL},
        {NULL}};
    const GOptionEntry format[] = {
        {"format", 0, 0, G_OPTION_ARG_STRING, &options->format,
         "output format: text (default) or json", "FORMAT"},
        {NULL}};
    const GOptionEntry color[] = {
        {"color", 0, 0, G_OPTION_ARG_STRING, &options->color,
         "colour: auto (default: on a terminal), always or never", "WHEN"},
        {NULL}};

    /* GOption copies the entries, so the arrays may live on the stack. */
    add_group (context, command, MLG_OPTIONS_DATABASE, database);
    add_group (context, command, MLG_OPTIONS_CONFIG, config);
    add_group (context, command, MLG_OPTIONS_SELECTION, selection);
    add_group (context, command, MLG_OPTIONS_ANONYMIZE, anonymize);
    if (entries != NULL)
        g_option_context_add_main_entries (context, entries, NULL);
    add_group (context, command, MLG_OPTIONS_FORMAT, format);
    add_group (context, command, MLG_OPTIONS_COLOR, color);
}

void
mlg_cli_options_clear (MlgOptions *options)
{
    g_clear_pointer (&options->db, g_free);
    g_clear_pointer (&options->config, g_free);
    g_clear_pointer (&options->lists, g_strfreev);
    g_clear_pointer (&options->since, g_free);
    g_clear_pointer (&options->until, g_free);
    g_clear_pointer (&options->now, g_free);
    g_clear_pointer (&options->format, g_free);
    g_clear_pointer (&options->color, g_free);
}

/* Stances are read at index time: say so when what the database holds
 * is not what the user would expect from the config they give. */
static bool
warn_stance_rules (const char *command, MlgStore *store,
                   const char *config_path, const MlgConfig *config,
                   GError **error)
{
    MlgStanceRules rules;
    g_autofree char *stored = NULL;
    g_autofree char *wanted = NULL;
    const char *db = mlg_store_get_path (store);

    if (!mlg_store_get_stance_rules (store, &rules, &stored, error))
        return false;
    if (rules == MLG_STANCE_RULES_OLDER)
        mlg_cli_error ("%s: warning: the stances in '%s' were read by an "
                       "older mlgauge, which took agreement with a side "
                       "point for support; index the archives again into "
                       "a new --db",
                       command, db);
    else if (rules == MLG_STANCE_RULES_MIXED)
        mlg_cli_error ("%s: warning: the messages in '%s' were indexed "
                       "with different [stance] phrases; index them again "
                       "into a new --db with one config",
                       command, db);
    if (rules != MLG_STANCE_RULES_CURRENT || config_path == NULL)
        return true;
    wanted = mlg_stance_phrases_to_string (
        mlg_config_get_stance_phrases (config, MLG_STANCE_SUPPORT),
        mlg_config_get_stance_phrases (config, MLG_STANCE_OBJECTION));
    if (strcmp (wanted, stored) != 0)
        mlg_cli_error ("%s: warning: '%s' was indexed with other [stance] "
                       "phrases than '%s' gives; phrases apply when "
                       "indexing ('mlgauge index --config %s' into a new "
                       "--db)",
                       command, db, config_path, config_path);
    return true;
}

int
mlg_cli_analysis_run (const char *command, const MlgOptions *options,
                      MlgConfig **config_out, MlgAnalysis **analysis_out,
                      MlgStore **store_out)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgConfig) config = NULL;
    g_autoptr (MlgStore) store = NULL;
    g_autoptr (MlgAnalysis) analysis = NULL;
    g_autofree char *db = NULL;
    gint64 since = MLG_NO_SINCE, until = MLG_NO_UNTIL, now = 0;

    if (!mlg_cli_parse_date (command, "since", options->since, false, &since)
        || !mlg_cli_parse_date (command, "until", options->until, true,
                               &until)
        || !mlg_cli_parse_date (command, "now", options->now, false, &now))
        return MLG_EXIT_USAGE;
    if (since != MLG_NO_SINCE && until != MLG_NO_UNTIL && since > until) {
        mlg_cli_error ("%s: --since %s is after --until %s", command,
                       options->since, options->until);
        return MLG_EXIT_USAGE;
    }

    if (options->config != NULL) {
        config = mlg_config_load (options->config, &error);
        if (config == NULL)
            return mlg_cli_fail (error);
    } else {
        config = mlg_config_new ();
    }
    db = mlg_cli_db_path (options->db);
    store = mlg_store_open (db, MLG_STORE_READ, &error);
    if (store == NULL)
        return mlg_cli_fail (error);
    if (!warn_stance_rules (command, store, options->config, config, &error))
        return mlg_cli_fail (error);

    analysis = mlg_analysis_new (config);
    if (options->now != NULL)
        mlg_analysis_set_now (analysis, now);
    mlg_analysis_set_window (analysis, since, until);
    mlg_analysis_set_include_admin (analysis, options->all);
    if (options->anonymize) {
        const char *salt = mlg_config_get_anonymize_salt (config);

        /* README promises that the default salt protects no one; a user
         * who sends anonymised output out must hear it, here, since the
         * library prints nothing. */
        if (strcmp (salt, MLG_ANONYMIZE_DEFAULT_SALT) == 0) {
            g_autofree char *where =
                options->config != NULL
                    ? g_strdup_printf ("'%s'", options->config)
                    : g_strdup ("a config file (--config FILE)");
            mlg_cli_error ("%s: warning: --anonymize with the built-in "
                           "salt, which is public: anyone can recognise a "
                           "pseudonym by hashing candidate addresses; set a "
                           "private salt (\"[anonymize] salt = ...\") in %s",
                           command, where);
        }
        mlg_analysis_set_anonymize (analysis, salt);
    }
    for (guint i = 0; options->lists != NULL && options->lists[i] != NULL;
         i++)
        mlg_analysis_add_list (analysis, options->lists[i]);
    if (!mlg_analysis_load_store (analysis, store, &error))
        return mlg_cli_fail (error);
    if (!mlg_analysis_run (analysis, &error))
        return mlg_cli_fail (error);

    *config_out = g_steal_pointer (&config);
    *analysis_out = g_steal_pointer (&analysis);
    if (store_out != NULL)
        *store_out = g_steal_pointer (&store);
    return MLG_EXIT_OK;
}
