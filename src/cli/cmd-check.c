/* cmd-check.c - `mlgauge check PROPOSAL|DRAFT`: the proponent's self-check
 * against the SECDISPATCH agenda-request guidance (mlg_proposal_check()):
 * one ✓/✗ line per finding, then what to do next. Exit status 0 when
 * nothing is missing, 1 when something is, so scripts can use it. */
#include <stdio.h>
#include <string.h>

#include "mlg-commands.h"
#include "mlg-reports.h"

void
mlg_cli_list_proposals (const GPtrArray *found)
{
    for (guint i = 0; i < found->len; i++) {
        const MlgProposal *p = found->pdata[i];
        g_autofree char *name = mlg_text_clean (p->name);
        g_autofree char *first = mlg_format_time (
            ((const MlgThread *) p->threads->pdata[0])->root->date,
            MLG_TIME_DAY);
        g_autofree char *rank = p->rank > 0
                                    ? g_strdup_printf ("rank %u", p->rank)
                                    : g_strdup ("unranked");

        fprintf (stderr, "  %s  %s, score %.2f, %s %s, %u thread%s: %s\n",
                 p->id, rank, p->score, mlg_proposal_kind_to_string (p->kind),
                 first != NULL ? first : "?", p->threads->len, p->threads->len == 1 ? "" : "s",
                 name);
    }
}

/* `text` without surrounding space and <>, as people paste ids. */
static char *
bare_id (const char *text)
{
    char *id = g_strstrip (g_strdup (text));
    size_t n = strlen (id);

    if (n >= 2 && id[0] == '<' && id[n - 1] == '>') {
        id[n - 1] = '\0';
        memmove (id, id + 1, n - 1);
    }
    return id;
}

const MlgProposal *
mlg_cli_find_proposal (const char *command, MlgAnalysis *analysis,
                       const char *name, const MlgMessage **message)
{
    g_autoptr (GPtrArray) found = mlg_analysis_find_proposals (analysis, name);
    g_autoptr (GPtrArray) near = NULL;
    g_autofree char *clean = NULL;
    const char *nor;

    if (message != NULL)
        *message = NULL;
    if (found->len == 1)
        return found->pdata[0];
    clean = mlg_text_clean (name);
    if (found->len > 1) {
        mlg_cli_error ("%s: '%s' names %u proposals; give one of these ids:",
                       command, clean, found->len);
        mlg_cli_list_proposals (found);
        return NULL;
    }
    if (message != NULL) {
        g_autofree char *id = bare_id (name);
        *message = mlg_analysis_get_message (analysis, id);
        if (*message != NULL)
            return NULL;
    }
    /* An argument with '@' may have been meant as a Message-ID. */
    nor = message != NULL && strchr (name, '@') != NULL ? ", nor a message"
                                                        : "";
    near = mlg_analysis_suggest_proposals (analysis, name, 5);
    if (near->len == 0) {
        mlg_cli_error ("%s: no proposal or draft '%s'%s (see 'mlgauge report' "
                       "for the names)", command, clean, nor);
        return NULL;
    }
    mlg_cli_error ("%s: no proposal or draft '%s'%s; did you mean:", command,
                   clean, nor);
    for (guint i = 0; i < near->len; i++) {
        const MlgProposal *n = near->pdata[i];
        g_autofree char *nname = mlg_text_clean (n->name);
        g_autofree char *ndraft = mlg_text_clean (n->draft);
        bool other = n->draft != NULL && strcmp (n->draft, n->name) != 0;

        fprintf (stderr, "  %s%s%s\n", nname, other ? "  " : "",
                 other ? ndraft : "");
    }
    return NULL;
}

/* Writes the check as text or JSON; the exit status says whether
 * anything is missing. */
static int
write_check (const MlgTextStyle *term, bool json, MlgAnalysis *analysis,
             const MlgProposalCheck *check)
{
    g_autoptr (GError) error = NULL;
    bool written = json ? mlg_report_json_check_write (analysis, check,
                                                       stdout, &error)
                        : mlg_text_check_write (term, analysis, check,
                                                stdout, &error);

    if (!written)
        return mlg_cli_fail (error);
    return check->missing != 0 ? MLG_EXIT_FAILURE : MLG_EXIT_OK;
}

int
mlg_cmd_check (const MlgCommand *command, int argc, char **argv)
{
    g_auto (MlgOptions) options = {0};
    g_autoptr (GOptionContext) context = g_option_context_new (
        "PROPOSAL|DRAFT|MESSAGE-ID - what a proposal still lacks for the "
        "chairs");
    g_autoptr (MlgConfig) config = NULL;
    g_autoptr (MlgAnalysis) analysis = NULL;
    g_autoptr (MlgProposalCheck) check = NULL;
    const MlgProposal *p;
    const MlgMessage *message = NULL;
    MlgTextStyle term = {0};
    bool json = false;
    int status;

    mlg_cli_options_add (context, command, &options, NULL);
    g_option_context_set_description (
        context,
        "Checks the opening mail against the 8 agenda-request checklist "
        "items, whether\nthe chairs were CC'd, whether others and the "
        "chairs replied, whether the draft\nwas revised in the window, and "
        "which questions the proponents left unanswered.\nA proposal is "
        "named by its id (p-...), its name or a draft; a Message-ID\nchecks "
        "the proposal of its thread. A name of several proposals lists "
        "their ids.\nExit status: 0 "
        "nothing missing; 1 something missing (any ✗ line), unknown\n"
        "proposal or failure; 2 usage error.");
    if (!mlg_cli_parse (context, &argc, &argv))
        return MLG_EXIT_USAGE;
    if (!mlg_cli_term_init (&term, options.color)) {
        mlg_cli_error ("check: unknown --color '%s' (auto, always or never)",
                       options.color);
        return MLG_EXIT_USAGE;
    }
    if (!mlg_cli_text_or_json ("check", options.format, &json))
        return MLG_EXIT_USAGE;
    if (argc != 2) {
        mlg_cli_error ("check: give one PROPOSAL, DRAFT or MESSAGE-ID (try "
                       "'mlgauge check --help')");
        return MLG_EXIT_USAGE;
    }

    status = mlg_cli_analysis_run ("check", &options, &config, &analysis,
                                   NULL);
    if (status != MLG_EXIT_OK)
        return status;
    p = mlg_cli_find_proposal ("check", analysis, argv[1], &message);
    /* A Message-ID checks the proposal its thread is in. */
    if (p == NULL && message != NULL) {
        p = message->thread != NULL ? message->thread->proposal : NULL;
        if (p == NULL) {
            g_autofree char *id = mlg_text_clean (message->id);
            mlg_cli_error ("check: message '%s' is in no proposal (the "
                           "config excludes its thread)", id);
        }
    }
    if (p == NULL)
        return MLG_EXIT_FAILURE;
    check = mlg_proposal_check (analysis, p);
    return write_check (&term, json, analysis, check);
}
