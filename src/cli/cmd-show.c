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

/* ---- one proposal ---- */

static void
heading (const MlgTextStyle *term, const char *text)
{
    printf ("\n%s%s%s\n", mlg_text_sgr (term, "bold"), text,
            mlg_text_sgr (term, "reset"));
}

static char *
day (gint64 t)
{
    g_autofree char *iso = mlg_cli_format_date (t);

    return g_strndup (iso, 10);
}

/* The measure behind a score term (mlg_score_term_measure()), as a
 * person reads it. */
static char *
term_value (const MlgProposal *p, MlgScoreTerm term)
{
    guint measure = mlg_score_term_measure (p, term);

    if (term == MLG_SCORE_DRAFT)
        return g_strdup (measure ? "yes" : "no");
    if (term == MLG_SCORE_CHECKLIST)
        return g_strdup_printf ("%u/%u", measure,
                                p->checklist_profile->n_entries);
    return g_strdup_printf ("%u", measure);
}

/* Why a proposal that is not administrivia is unranked: the report ranks
 * a proposal when someone wrote in it within the window, so either
 * nothing of it is in the window, or what is has no person behind it
 * (automated mail, mail without a sender address). */
static char *
unranked_reason (const MlgProposal *p)
{
    guint automated = 0;
    guint no_sender = 0;
    g_autoptr (GString) text = NULL;

    for (guint t = 0; t < p->threads->len; t++) {
        const MlgThread *thread = p->threads->pdata[t];
        for (guint i = 0; i < thread->messages->len; i++) {
            const MlgMessage *m = thread->messages->pdata[i];
            if (!m->in_scope || m->person != NULL)
                continue;
            if (m->kind == MLG_KIND_PERSON)
                no_sender++;
            else
                automated++;
        }
    }
    if (automated + no_sender == 0)
        return g_strdup ("nothing in the window");
    text = g_string_new ("no message from a person in the window: ");
    if (no_sender > 0)
        g_string_append_printf (text, "%u without a sender", no_sender);
    if (automated > 0)
        g_string_append_printf (text, "%s%u automated",
                                no_sender > 0 ? ", " : "", automated);
    return g_strdup (text->str);
}

static void
print_summary (const MlgTextStyle *term, MlgAnalysis *analysis,
               const MlgProposal *p)
{
    const GPtrArray *reported = mlg_analysis_get_proposals (analysis);
    g_autofree char *name = mlg_text_clean (p->name);
    g_autofree char *first = day (p->features.first);
    g_autofree char *last = day (p->features.last);
    g_autoptr (GString) people = g_string_new (NULL);
    g_autoptr (GString) lists = g_string_new (NULL);
    g_autofree char *clean_lists = NULL;

    printf ("%s%s%s (%s)\n", mlg_text_sgr (term, "bold"), name,
            mlg_text_sgr (term, "reset"), mlg_proposal_kind_to_string (p->kind));
    printf ("  id:          %s\n", p->id);
    if (p->draft != NULL) {
        g_autofree char *draft = mlg_text_clean (p->draft);
        printf ("  draft:       %s", draft);
        if (p->features.latest_revision >= 0)
            printf (", latest revision -%02d", p->features.latest_revision);
        putchar ('\n');
    }
    printf ("  score:       %.2f, ", p->score);
    if (p->rank > 0)
        printf ("rank %u of %u\n", p->rank, reported->len);
    else if (p->kind == MLG_PROPOSAL_ADMIN)
        printf ("unranked (administrivia; --all ranks it)\n");
    else if (p->kind == MLG_PROPOSAL_SPAM)
        printf ("unranked (spam; --all ranks it)\n");
    else {
        g_autofree char *why = unranked_reason (p);
        printf ("unranked (%s)\n", why);
    }
    for (guint i = 0; p->features.lists && i < p->features.lists->len; i++)
        g_string_append_printf (lists, "%s%s", i ? ", " : "",
                                (const char *) p->features.lists->pdata[i]);
    clean_lists = mlg_text_clean (lists->str);
    printf ("  lists:       %s\n", clean_lists);
    printf ("  active:      %s .. %s\n", first, last);
    /* Never a guess: a lost opening leaves its author unknown. */
    if (p->opening_missing)
        g_string_append (people, MLG_PROPONENT_UNKNOWN);
    for (guint i = 0; i < p->proponents->len; i++) {
        const MlgPerson *who = p->proponents->pdata[i];
        g_autofree char *clean = mlg_text_clean (who->name);
        g_string_append_printf (people, "%s%s", people->len > 0 ? ", " : "",
                                clean);
    }
    printf ("  proponents:  %s\n", people->len > 0 ? people->str : "none");
}

static void
print_features (const MlgTextStyle *term, const MlgProposal *p)
{
    g_autofree char *reply = mlg_text_format_duration (p->features.first_reply);

    heading (term, "Features                      value    score");
    for (guint t = 0; t < MLG_SCORE_TERMS; t++) {
        g_autofree char *value = term_value (p, t);
        printf ("  %-24s %9s %8.2f\n", mlg_score_term_to_string (t), value,
                p->breakdown[t]);
    }
    printf ("  %-24s %9s %8.2f\n", "total", "", p->score);
    printf ("  first reply by others: %s\n",
            p->features.first_reply >= 0 ? reply : "none yet");
}

static void
print_participants (const MlgTextStyle *term, const GPtrArray *parts)
{
    heading (term, "Participants");
    for (guint i = 0; i < parts->len; i++) {
        const MlgParticipant *part = parts->pdata[i];
        g_autofree char *name = mlg_text_shorten (term, part->person->name, 28);
        g_autofree char *org = mlg_text_shorten (term, part->person->org, 24);

        printf ("  ");
        mlg_text_write_padded (stdout, name, 29);
        mlg_text_write_padded (stdout, *org != '\0' ? org : "-", 25);
        printf ("%-12s %3u message%s\n", mlg_role_to_string (part->role),
                part->messages, part->messages == 1 ? "" : "s");
    }
}

static void
print_stances (const MlgTextStyle *term, const GPtrArray *parts)
{
    guint n = 0;

    heading (term, "Stances");
    for (guint i = 0; i < parts->len; i++) {
        const MlgParticipant *part = parts->pdata[i];
        g_autofree char *name = NULL;
        g_autofree char *quote = NULL;
        g_autofree char *when = NULL;
        bool support = part->stance == MLG_STANCE_SUPPORT;

        if (part->stance == MLG_STANCE_NONE || part->stance_message == NULL)
            continue;
        n++;
        name = mlg_text_clean (part->person->name);
        quote = mlg_text_shorten (term, part->stance_message->stance_quote, 100);
        when = day (part->stance_message->date);
        printf ("  %s%s%s %s (%s, %s%s, %s): \"%s\"\n",
                mlg_text_sgr (term, support ? "green" : "red"),
                support ? "+" : "-", mlg_text_sgr (term, "reset"), name,
                when, mlg_role_to_string (part->role),
                support ? "" : ", objects",
                mlg_stance_reason_to_string (
                    part->stance_message->stance_reason),
                quote);
    }
    if (n == 0)
        printf ("  none\n");
}

static void
print_threads (const MlgTextStyle *term, const MlgProposal *p)
{
    heading (term, "Threads");
    for (guint t = 0; t < p->threads->len; t++) {
        const MlgThread *thread = p->threads->pdata[t];
        g_autofree char *first = NULL;
        g_autofree char *last = NULL;
        g_autofree char *subject = NULL;
        g_autofree char *why = NULL;

        if (thread->scope_messages == 0)
            continue;
        first = day (thread->first);
        last = day (thread->last);
        subject = mlg_text_shorten (term, thread->root->subject, 72);
        why = mlg_thread_describe_join (thread);
        printf ("  %s .. %s %4u message%s  %s\n", first, last,
                thread->scope_messages, thread->scope_messages == 1 ? " " : "s",
                subject);
        if (thread->opening_missing)
            printf ("%*s%s(opening not archived)%s\n", 28, "",
                    mlg_text_sgr (term, "dim"), mlg_text_sgr (term, "reset"));
        if (why != NULL)
            printf ("%*s%s%s%s\n", 28, "", mlg_text_sgr (term, "dim"), why,
                    mlg_text_sgr (term, "reset"));
    }
}

/* One character per week, its height the week's messages relative to the
 * busiest week: Unicode blocks on a UTF-8 terminal, ASCII otherwise. */
static void
print_activity (const MlgTextStyle *term, MlgAnalysis *analysis,
                const MlgProposal *p)
{
    static const char *const blocks[] = {" ", "▁", "▂", "▃", "▄",
                                         "▅", "▆", "▇", "█"};
    static const char ascii[] = " .:-=+*#";
    g_autoptr (GArray) weeks = NULL;
    g_autofree char *from = NULL;
    guint max = 0;

    if (p->features.messages == 0)
        return;
    weeks = mlg_proposal_get_weekly_activity (analysis, p, p->features.first,
                                              p->features.last);
    for (guint i = 0; i < weeks->len; i++) {
        const MlgWeek *w = &g_array_index (weeks, MlgWeek, i);
        guint total = 0;
        for (guint r = 0; r < MLG_ROLES; r++)
            total += w->counts[r];
        max = MAX (max, total);
    }
    from = day (g_array_index (weeks, MlgWeek, 0).start);
    heading (term, "Weekly activity");
    printf ("  %s |", from);
    for (guint i = 0; i < weeks->len; i++) {
        const MlgWeek *w = &g_array_index (weeks, MlgWeek, i);
        guint total = 0;
        for (guint r = 0; r < MLG_ROLES; r++)
            total += w->counts[r];
        if (term->utf8)
            fputs (blocks[total == 0 ? 0 : 1 + (total * 8 - 1) / max], stdout);
        else
            putchar (ascii[total == 0 ? 0 : 1 + (total * 7 - 1) / max]);
    }
    printf ("| %u week%s, at most %u message%s a week\n", weeks->len,
            weeks->len == 1 ? "" : "s", max, max == 1 ? "" : "s");
}

static int
show_proposal (const MlgTextStyle *term, MlgAnalysis *analysis,
               const MlgProposal *p, bool json)
{
    g_autoptr (GPtrArray) parts = NULL;

    if (json) {
        g_autoptr (GError) error = NULL;
        if (!mlg_report_json_proposal_write (analysis, p, true, stdout,
                                             &error))
            return mlg_cli_fail (error);
        return MLG_EXIT_OK;
    }
    parts = mlg_proposal_get_participants (analysis, p);
    print_summary (term, analysis, p);
    print_features (term, p);
    print_participants (term, parts);
    print_stances (term, parts);
    print_threads (term, p);
    print_activity (term, analysis, p);
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
