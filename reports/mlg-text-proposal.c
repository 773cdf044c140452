/* mlg-text-proposal.c - the text of `mlgauge show PROPOSAL`: one
 * proposal in detail for a terminal (score and rank, features,
 * participants, stances, threads, weekly activity). Names, subjects and
 * quotes come from mail and go through mlg_text_clean() or
 * mlg_text_shorten(). */
#include "mlg-reports-private.h"

static void
heading (FILE *out, const MlgTextStyle *term, const char *text)
{
    fprintf (out, "\n%s%s%s\n", mlg_text_sgr (term, "bold"), text,
             mlg_text_sgr (term, "reset"));
}

static char *
day (gint64 t)
{
    g_autofree char *iso = _mlg_text_iso_date (t);

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
print_summary (FILE *out, const MlgTextStyle *term, MlgAnalysis *analysis,
               const MlgProposal *p)
{
    const GPtrArray *reported = mlg_analysis_get_proposals (analysis);
    g_autofree char *name = mlg_text_clean (p->name);
    g_autofree char *first = day (p->features.first);
    g_autofree char *last = day (p->features.last);
    g_autoptr (GString) people = g_string_new (NULL);
    g_autoptr (GString) lists = g_string_new (NULL);
    g_autofree char *clean_lists = NULL;

    fprintf (out, "%s%s%s (%s)\n", mlg_text_sgr (term, "bold"), name,
             mlg_text_sgr (term, "reset"),
             mlg_proposal_kind_to_string (p->kind));
    fprintf (out, "  id:          %s\n", p->id);
    if (p->draft != NULL) {
        g_autofree char *draft = mlg_text_clean (p->draft);
        fprintf (out, "  draft:       %s", draft);
        if (p->features.latest_revision >= 0)
            fprintf (out, ", latest revision -%02d",
                     p->features.latest_revision);
        fputc ('\n', out);
    }
    fprintf (out, "  score:       %.2f, ", p->score);
    if (p->rank > 0)
        fprintf (out, "rank %u of %u\n", p->rank, reported->len);
    else if (p->kind == MLG_PROPOSAL_ADMIN)
        fprintf (out, "unranked (administrivia; --all ranks it)\n");
    else if (p->kind == MLG_PROPOSAL_SPAM)
        fprintf (out, "unranked (spam; --all ranks it)\n");
    else {
        g_autofree char *why = unranked_reason (p);
        fprintf (out, "unranked (%s)\n", why);
    }
    for (guint i = 0; p->features.lists && i < p->features.lists->len; i++)
        g_string_append_printf (lists, "%s%s", i ? ", " : "",
                                (const char *) p->features.lists->pdata[i]);
    clean_lists = mlg_text_clean (lists->str);
    fprintf (out, "  lists:       %s\n", clean_lists);
    fprintf (out, "  active:      %s .. %s\n", first, last);
    /* Never a guess: a lost opening leaves its author unknown. */
    if (p->opening_missing)
        g_string_append (people, MLG_PROPONENT_UNKNOWN);
    for (guint i = 0; i < p->proponents->len; i++) {
        const MlgPerson *who = p->proponents->pdata[i];
        g_autofree char *clean = mlg_text_clean (who->name);
        g_string_append_printf (people, "%s%s", people->len > 0 ? ", " : "",
                                clean);
    }
    fprintf (out, "  proponents:  %s\n",
             people->len > 0 ? people->str : "none");
}

static void
print_features (FILE *out, const MlgTextStyle *term, const MlgProposal *p)
{
    g_autofree char *reply = mlg_text_format_duration (p->features.first_reply);

    heading (out, term, "Features                      value    score");
    for (guint t = 0; t < MLG_SCORE_TERMS; t++) {
        g_autofree char *value = term_value (p, t);
        fprintf (out, "  %-24s %9s %8.2f\n", mlg_score_term_to_string (t),
                 value, p->breakdown[t]);
    }
    fprintf (out, "  %-24s %9s %8.2f\n", "total", "", p->score);
    fprintf (out, "  first reply by others: %s\n",
             p->features.first_reply >= 0 ? reply : "none yet");
}

static void
print_participants (FILE *out, const MlgTextStyle *term, const GPtrArray *parts)
{
    heading (out, term, "Participants");
    for (guint i = 0; i < parts->len; i++) {
        const MlgParticipant *part = parts->pdata[i];
        g_autofree char *name = mlg_text_shorten (term, part->person->name, 28);
        g_autofree char *org = mlg_text_shorten (term, part->person->org, 24);

        fprintf (out, "  ");
        mlg_text_write_padded (out, name, 29);
        mlg_text_write_padded (out, *org != '\0' ? org : "-", 25);
        fprintf (out, "%-12s %3u message%s\n", mlg_role_to_string (part->role),
                 part->messages, part->messages == 1 ? "" : "s");
    }
}

static void
print_stances (FILE *out, const MlgTextStyle *term, const GPtrArray *parts)
{
    guint n = 0;

    heading (out, term, "Stances");
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
        quote
            = mlg_text_shorten (term, part->stance_message->stance_quote, 100);
        when = day (part->stance_message->date);
        fprintf (
            out, "  %s%s%s %s (%s, %s%s, %s): \"%s\"\n",
            mlg_text_sgr (term, support ? "green" : "red"), support ? "+" : "-",
            mlg_text_sgr (term, "reset"), name, when,
            mlg_role_to_string (part->role), support ? "" : ", objects",
            mlg_stance_reason_to_string (part->stance_message->stance_reason),
            quote);
    }
    if (n == 0)
        fprintf (out, "  none\n");
}

static void
print_threads (FILE *out, const MlgTextStyle *term, const MlgProposal *p)
{
    heading (out, term, "Threads");
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
        fprintf (out, "  %s .. %s %4u message%s  %s\n", first, last,
                 thread->scope_messages,
                 thread->scope_messages == 1 ? " " : "s", subject);
        if (thread->opening_missing)
            fprintf (out, "%*s%s(opening not archived)%s\n", 28, "",
                     mlg_text_sgr (term, "dim"), mlg_text_sgr (term, "reset"));
        if (why != NULL)
            fprintf (out, "%*s%s%s%s\n", 28, "", mlg_text_sgr (term, "dim"),
                     why, mlg_text_sgr (term, "reset"));
    }
}

/* One character per week, its height the week's messages relative to the
 * busiest week: Unicode blocks on a UTF-8 terminal, ASCII otherwise. */
static void
print_activity (FILE *out, const MlgTextStyle *term, MlgAnalysis *analysis,
                const MlgProposal *p)
{
    static const char *const blocks[]
        = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
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
    heading (out, term, "Weekly activity");
    fprintf (out, "  %s |", from);
    for (guint i = 0; i < weeks->len; i++) {
        const MlgWeek *w = &g_array_index (weeks, MlgWeek, i);
        guint total = 0;
        for (guint r = 0; r < MLG_ROLES; r++)
            total += w->counts[r];
        if (term->utf8)
            fputs (blocks[total == 0 ? 0 : 1 + (total * 8 - 1) / max], out);
        else
            fputc (ascii[total == 0 ? 0 : 1 + (total * 7 - 1) / max], out);
    }
    fprintf (out, "| %u week%s, at most %u message%s a week\n", weeks->len,
             weeks->len == 1 ? "" : "s", max, max == 1 ? "" : "s");
}

bool
mlg_text_proposal_write (const MlgTextStyle *term, MlgAnalysis *analysis,
                         const MlgProposal *p, FILE *out, GError **error)
{
    g_autoptr (GPtrArray) parts = mlg_proposal_get_participants (analysis, p);

    print_summary (out, term, analysis, p);
    print_features (out, term, p);
    print_participants (out, term, parts);
    print_stances (out, term, parts);
    print_threads (out, term, p);
    print_activity (out, term, analysis, p);
    return _mlg_text_finish (out, "proposal", error);
}
