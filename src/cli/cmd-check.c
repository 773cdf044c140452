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
        g_autofree char *first = mlg_cli_format_date (
            ((const MlgThread *) p->threads->pdata[0])->root->date);
        g_autofree char *rank = p->rank > 0
                                    ? g_strdup_printf ("rank %u", p->rank)
                                    : g_strdup ("unranked");

        fprintf (stderr, "  %s  %s, score %.2f, %s %.10s, %u thread%s: %s\n",
                 p->id, rank, p->score, mlg_proposal_kind_to_string (p->kind),
                 first, p->threads->len, p->threads->len == 1 ? "" : "s",
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

typedef struct {
    const MlgTextStyle *term;
} Out;

static void
line (Out *out, bool ok, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
line (Out *out, bool ok, const char *format, ...)
{
    const MlgTextStyle *term = out->term;
    g_autofree char *text = NULL;
    g_autofree char *clean = NULL;
    va_list args;

    va_start (args, format);
    text = g_strdup_vprintf (format, args);
    va_end (args);
    /* A line names people, lists and drafts from mail. */
    clean = mlg_text_clean (text);
    printf ("%s%s%s %s\n", mlg_text_sgr (term, ok ? "green" : "red"),
            term->utf8 ? (ok ? "✓" : "✗") : (ok ? "[ok]" : "[--]"),
            mlg_text_sgr (term, "reset"), clean);
}

static const char *
person_name (const MlgMessage *m)
{
    return m->person != NULL ? m->person->name : m->from_addr;
}

/* Where the revisions were counted from: the Datatracker's publication
 * dates, or the revisions mail mentions. */
static const char *
revision_source (const MlgProposal *p)
{
    return p->features.revisions_source == MLG_REVISIONS_DATATRACKER
               ? "publication dates from the Datatracker"
               : "as mentioned in mail";
}

static int
print_check (const MlgTextStyle *term, MlgAnalysis *analysis,
             const MlgProposalCheck *check)
{
    const MlgProposal *p = check->proposal;
    const MlgMessage *opening = check->opening;
    const GPtrArray *reported = mlg_analysis_get_proposals (analysis);
    const GPtrArray *next = check->next_steps;
    g_autofree char *name = mlg_text_clean (p->name);
    Out out = {term};
    const MlgChecklistProfile *profile = check->profile;
    guint given = profile->n_entries
                  - __builtin_popcount (check->checklist_missing);

    printf ("%s%s%s", mlg_text_sgr (term, "bold"), name,
            mlg_text_sgr (term, "reset"));
    if (p->draft != NULL && g_ascii_strcasecmp (p->draft, p->name) != 0) {
        g_autofree char *draft = mlg_text_clean (p->draft);
        printf (" (%s)", draft);
    }
    if (p->rank > 0)
        printf (": rank %u of %u, score %.2f\n", p->rank, reported->len,
                p->score);
    else
        printf (": unranked, score %.2f\n", p->score);
    if (opening != NULL) {
        g_autofree char *date = mlg_cli_format_date (opening->date);
        g_autofree char *who = mlg_text_clean (person_name (opening));
        g_autofree char *subject = mlg_text_shorten (term, opening->subject,
                                                    80);
        printf ("Opening mail: %.10s, %s: %s\n\n", date, who,
                subject);
    } else if (p->opening_missing) {
        printf ("Opening mail: not in the archive; the proponent is "
                "unknown\n\n");
    }

    printf ("Checklist of the %s (%u/%u given):\n", profile->title, given,
            profile->n_entries);
    for (guint e = 0; e < profile->n_entries; e++) {
        const MlgChecklistEntry *entry = &profile->entries[e];
        bool ok = !(check->checklist_missing & (1u << e));
        const char *priority = entry->priority ? " (gives priority)" : "";
        printf ("  ");
        if (ok)
            line (&out, true, "%u. %s%s", e + 1, entry->id, priority);
        else
            line (&out, false, "%u. %s%s: add %s", e + 1, entry->id,
                  priority, entry->advice);
    }
    putchar ('\n');

    if (check->chairs_cc->len > 0) {
        g_autofree char *list = NULL;
        g_autoptr (GString) text = g_string_new (NULL);
        for (guint i = 0; i < check->chairs_cc->len; i++)
            g_string_append_printf (text, "%s%s", i ? ", " : "",
                                    (const char *) check->chairs_cc->pdata[i]);
        list = mlg_text_clean (text->str);
        line (&out, true, "chairs CC'd on the request: %s", list);
    } else {
        line (&out, false, "the request did not CC the chairs");
    }

    if (check->first_reply != NULL) {
        g_autofree char *after =
            mlg_text_format_duration (check->first_reply_after);
        g_autofree char *who = mlg_text_clean (person_name (check->first_reply));
        line (&out, true, "%u %s other than the proponents replied; the first "
              "after %s (%s)", check->repliers,
              check->repliers == 1 ? "person" : "people", after, who);
    } else if (check->repliers > 0) {
        line (&out, true, "%u %s other than the proponents wrote",
              check->repliers, check->repliers == 1 ? "person" : "people");
    } else {
        line (&out, false, "nobody other than the proponents has replied");
    }

    if (check->chairs_replied->len > 0) {
        g_autoptr (GString) text = g_string_new (NULL);
        for (guint i = 0; i < check->chairs_replied->len; i++) {
            const MlgMessage *m = check->chairs_replied->pdata[i];
            g_autofree char *who = mlg_text_clean (person_name (m));
            g_autofree char *date = mlg_cli_format_date (m->date);
            g_string_append_printf (text, "%s%s (%.10s)", i ? ", " : "", who,
                                    date);
        }
        line (&out, true, "chairs/ADs answered: %s", text->str);
    } else {
        line (&out, false, "no chair or AD has answered");
    }

    if (p->draft == NULL)
        printf ("%s no draft, so no revision to look for (the checklist's draft item)\n",
                term->utf8 ? "–" : " - ");
    else if (check->revisions_in_window > 0)
        line (&out, true, "%u revision%s of %s in the window (latest -%02d; "
              "%s)", check->revisions_in_window,
              check->revisions_in_window == 1 ? "" : "s", p->draft,
              check->latest_revision, revision_source (p));
    else if (check->latest_revision >= 0)
        line (&out, false, "no new revision of %s in the window (latest "
              "-%02d; %s)", p->draft, check->latest_revision,
              revision_source (p));
    else
        line (&out, false, "no revision of %s in the window (%s)", p->draft,
              revision_source (p));

    if (check->unanswered->len == 0) {
        line (&out, true, "no unanswered questions to the proponents");
    } else {
        line (&out, false, "%u question%s to the proponents without an "
              "answer:", check->unanswered->len,
              check->unanswered->len == 1 ? "" : "s");
        for (guint i = 0; i < check->unanswered->len; i++) {
            const MlgMessage *m = check->unanswered->pdata[i];
            g_autofree char *who = mlg_text_clean (person_name (m));
            g_autofree char *date = mlg_cli_format_date (m->date);
            g_autofree char *question = mlg_text_shorten (term, m->question,
                                                         100);
            printf ("    %.10s %s (%s): \"%s\"\n", date, who,
                    mlg_role_to_string (mlg_proposal_role (analysis, p, m)),
                    question);
        }
    }

    printf ("\n%sNext steps:%s\n", mlg_text_sgr (term, "bold"),
            mlg_text_sgr (term, "reset"));
    if (next->len == 0)
        printf ("  Nothing is missing: the chairs have what they need.\n");
    for (guint i = 0; i < next->len; i++) {
        /* Steps name the chairs' alias (from the list id) and drafts. */
        g_autofree char *step = mlg_text_clean (next->pdata[i]);
        printf ("  %u. %s\n", i + 1, step);
    }
    return check->missing != 0 ? MLG_EXIT_FAILURE : MLG_EXIT_OK;
}

static int
write_check_json (MlgAnalysis *analysis, const MlgProposalCheck *check)
{
    g_autoptr (GError) error = NULL;

    if (!mlg_report_json_check_write (analysis, check, stdout, &error))
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
    if (json)
        return write_check_json (analysis, check);
    return print_check (&term, analysis, check);
}
