/* cmd-show.c - `mlgauge show PROPOSAL|DRAFT`: one proposal in detail for
 * a terminal (score and rank, features, participants, stances, threads,
 * weekly activity) or as JSON; and `mlgauge show --message ID` (or a bare
 * argument holding '@'): the stored facts of one message, one `key:
 * value` per line, so a user can see what the indexer understood. */
#include <stdio.h>
#include <string.h>

#include "mlg-commands.h"
#include "mlg-indexer.h"
#include "mlg-reports.h"

static int
show_proposal (const MlgTextStyle *term, MlgAnalysis *analysis,
               const MlgProposal *p, bool json)
{
    g_autoptr (GError) error = NULL;
    bool written = json ? mlg_report_json_proposal_write (analysis, p, true,
                                                          stdout, &error)
                        : mlg_text_proposal_write (term, analysis, p, stdout,
                                                   &error);

    if (!written)
        return mlg_cli_fail (error);
    return MLG_EXIT_OK;
}

static int
show_message (const MlgOptions *options, const char *message_id)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = NULL;
    g_autoptr (MlgMessageFacts) facts = NULL;
    g_autofree char *db = NULL;
    g_autofree char *id = NULL;
    MlgOptions all = *options;
    g_autoptr (MlgConfig) config = NULL;
    g_autoptr (MlgAnalysis) analysis = NULL;

    /* People paste ids with their brackets. */
    id = g_strdup (message_id);
    g_strstrip (id);
    if (id[0] == '<' && id[strlen (id) - 1] == '>') {
        id[strlen (id) - 1] = '\0';
        memmove (id, id + 1, strlen (id));
    }

    db = mlg_cli_db_path (options->db);
    store = mlg_store_open (db, MLG_STORE_READ, &error);
    if (store == NULL)
        return mlg_cli_fail (error);
    facts = mlg_store_get_message (store, id, &error);
    if (facts == NULL)
        return mlg_cli_fail (error);
    g_clear_pointer (&store, mlg_store_close);
    /* Administrivia too: every message has its proposal. */
    all.all = TRUE;
    if (mlg_cli_analysis_run ("show", &all, &config, &analysis, NULL)
        != MLG_EXIT_OK)
        return MLG_EXIT_FAILURE;
    if (!mlg_text_message_write (facts, analysis, stdout, &error))
        return mlg_cli_fail (error);
    return MLG_EXIT_OK;
}

int
mlg_cmd_show (const MlgCommand *command, int argc, char **argv)
{
    g_auto (MlgOptions) options = {0};
    g_autofree char *message_id = NULL;
    g_autofree char *format = NULL;
    GOptionEntry entries[] = {
        {"message", 'm', 0, G_OPTION_ARG_STRING, &message_id,
         "show the facts of the message with this Message-ID", "ID"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format,
         "output format of a proposal: text (default) or json", "FORMAT"},
        {NULL}};
    g_autoptr (GOptionContext) context = g_option_context_new (
        "PROPOSAL|DRAFT|MESSAGE-ID - one proposal or message in detail");
    g_autoptr (MlgConfig) config = NULL;
    g_autoptr (MlgAnalysis) analysis = NULL;
    MlgTextStyle term = {0};
    bool json = false;
    int status;

    mlg_cli_options_add (context, command, &options, entries);
    g_option_context_set_description (
        context, "A proposal is named by its id (p-..., as in the report and "
                 "its HTML page),\nits name, or a draft with or without its "
                 "revision. An argument that names\nno proposal is tried as "
                 "a Message-ID (as --message). A name of several\n"
                 "proposals lists their ids.\nExit status: 0 success; 1 "
                 "failure, unknown or ambiguous proposal; 2 usage error.");
    if (!mlg_cli_parse (context, &argc, &argv))
        return MLG_EXIT_USAGE;
    if (!mlg_cli_term_init (&term, options.color)) {
        mlg_cli_error ("show: unknown --color '%s' (auto, always or never)",
                       options.color);
        return MLG_EXIT_USAGE;
    }
    if (!mlg_cli_text_or_json ("show", format, &json))
        return MLG_EXIT_USAGE;
    if ((message_id != NULL && argc > 1) || argc > 2
        || (message_id == NULL && argc < 2)) {
        mlg_cli_error ("show: give one PROPOSAL, DRAFT or MESSAGE-ID, or "
                       "--message ID (try 'mlgauge show --help')");
        return MLG_EXIT_USAGE;
    }
    if (message_id == NULL) {
        /* A proposal's id, name or draft, else a Message-ID: a name may
         * hold '@' ("... linux-kernel@vger.kernel.org"), so both are
         * tried, names first. */
        const MlgMessage *message = NULL;
        const MlgProposal *p;

        status = mlg_cli_analysis_run ("show", &options, &config, &analysis,
                                       NULL);
        if (status != MLG_EXIT_OK)
            return status;
        p = mlg_cli_find_proposal ("show", analysis, argv[1], &message);
        if (p != NULL)
            return show_proposal (&term, analysis, p, json);
        if (message == NULL)
            return MLG_EXIT_FAILURE;
        /* The id as stored (an anonymised run knows the real one too). */
        message_id = g_strdup (argv[1]);
    }
    if (json) {
        mlg_cli_error ("show: --format json is for proposals; a "
                       "message's facts are printed as text");
        return MLG_EXIT_USAGE;
    }
    /* A message's stored facts are the raw mail: nothing to hide them
     * behind. */
    if (options.anonymize) {
        mlg_cli_error ("show: --anonymize is for proposals; a message's "
                       "facts cannot be anonymised");
        return MLG_EXIT_USAGE;
    }
    return show_message (&options, message_id);
}
