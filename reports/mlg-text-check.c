/* mlg-text-check.c - the text of `mlgauge check`: one ✓/✗ line per
 * finding of mlg_proposal_check(), then what to do next. Every string
 * from mail (names, subjects, questions, list ids in the steps) goes
 * through mlg_text_clean(). */
#include "mlg-reports-private.h"

#include <stdarg.h>

typedef struct {
    const MlgTextStyle *term;
    FILE *out;
} Lines;

static void line (Lines *lines, bool ok, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static void
line (Lines *lines, bool ok, const char *format, ...)
{
    const MlgTextStyle *term = lines->term;
    g_autofree char *text = NULL;
    g_autofree char *clean = NULL;
    va_list args;

    va_start (args, format);
    text = g_strdup_vprintf (format, args);
    va_end (args);
    /* A line names people, lists and drafts from mail. */
    clean = mlg_text_clean (text);
    fprintf (lines->out, "%s%s%s %s\n",
             mlg_text_sgr (term, ok ? "green" : "red"),
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

bool
mlg_text_check_write (const MlgTextStyle *term, MlgAnalysis *analysis,
                      const MlgProposalCheck *check, FILE *out, GError **error)
{
    const MlgProposal *p = check->proposal;
    const MlgMessage *opening = check->opening;
    const GPtrArray *reported = mlg_analysis_get_proposals (analysis);
    const GPtrArray *next = check->next_steps;
    g_autofree char *name = mlg_text_clean (p->name);
    Lines lines = {term, out};
    const MlgChecklistProfile *profile = check->profile;
    guint given
        = profile->n_entries - __builtin_popcount (check->checklist_missing);

    fprintf (out, "%s%s%s", mlg_text_sgr (term, "bold"), name,
             mlg_text_sgr (term, "reset"));
    if (p->draft != NULL && g_ascii_strcasecmp (p->draft, p->name) != 0) {
        g_autofree char *draft = mlg_text_clean (p->draft);
        fprintf (out, " (%s)", draft);
    }
    if (p->rank > 0)
        fprintf (out, ": rank %u of %u, score %.2f\n", p->rank, reported->len,
                 p->score);
    else
        fprintf (out, ": unranked, score %.2f\n", p->score);
    if (opening != NULL) {
        g_autofree char *date = _mlg_text_iso_date (opening->date);
        g_autofree char *who = mlg_text_clean (person_name (opening));
        g_autofree char *subject
            = mlg_text_shorten (term, opening->subject, 80);
        fprintf (out, "Opening mail: %.10s, %s: %s\n\n", date, who, subject);
    } else if (p->opening_missing) {
        fprintf (out, "Opening mail: not in the archive; the proponent is "
                      "unknown\n\n");
    }

    fprintf (out, "Checklist of the %s (%u/%u given):\n", profile->title, given,
             profile->n_entries);
    for (guint e = 0; e < profile->n_entries; e++) {
        const MlgChecklistEntry *entry = &profile->entries[e];
        bool ok = !(check->checklist_missing & (1u << e));
        const char *priority = entry->priority ? " (gives priority)" : "";
        fputs ("  ", out);
        if (ok)
            line (&lines, true, "%u. %s%s", e + 1, entry->id, priority);
        else
            line (&lines, false, "%u. %s%s: add %s", e + 1, entry->id, priority,
                  entry->advice);
    }
    fputc ('\n', out);

    if (check->chairs_cc->len > 0) {
        g_autofree char *list = NULL;
        g_autoptr (GString) text = g_string_new (NULL);
        for (guint i = 0; i < check->chairs_cc->len; i++)
            g_string_append_printf (text, "%s%s", i ? ", " : "",
                                    (const char *) check->chairs_cc->pdata[i]);
        list = mlg_text_clean (text->str);
        line (&lines, true, "chairs CC'd on the request: %s", list);
    } else {
        line (&lines, false, "the request did not CC the chairs");
    }

    if (check->first_reply != NULL) {
        g_autofree char *after
            = mlg_text_format_duration (check->first_reply_after);
        g_autofree char *who
            = mlg_text_clean (person_name (check->first_reply));
        line (&lines, true,
              "%u %s other than the proponents replied; the first "
              "after %s (%s)",
              check->repliers, check->repliers == 1 ? "person" : "people",
              after, who);
    } else if (check->repliers > 0) {
        line (&lines, true, "%u %s other than the proponents wrote",
              check->repliers, check->repliers == 1 ? "person" : "people");
    } else {
        line (&lines, false, "nobody other than the proponents has replied");
    }

    if (check->chairs_replied->len > 0) {
        g_autoptr (GString) text = g_string_new (NULL);
        for (guint i = 0; i < check->chairs_replied->len; i++) {
            const MlgMessage *m = check->chairs_replied->pdata[i];
            g_autofree char *who = mlg_text_clean (person_name (m));
            g_autofree char *date = _mlg_text_iso_date (m->date);
            g_string_append_printf (text, "%s%s (%.10s)", i ? ", " : "", who,
                                    date);
        }
        line (&lines, true, "chairs/ADs answered: %s", text->str);
    } else {
        line (&lines, false, "no chair or AD has answered");
    }

    if (p->draft == NULL)
        fprintf (out,
                 "%s no draft, so no revision to look for (the checklist's "
                 "draft item)\n",
                 term->utf8 ? "–" : " - ");
    else if (check->revisions_in_window > 0)
        line (&lines, true,
              "%u revision%s of %s in the window (latest -%02d; "
              "%s)",
              check->revisions_in_window,
              check->revisions_in_window == 1 ? "" : "s", p->draft,
              check->latest_revision, revision_source (p));
    else if (check->latest_revision >= 0)
        line (&lines, false,
              "no new revision of %s in the window (latest "
              "-%02d; %s)",
              p->draft, check->latest_revision, revision_source (p));
    else
        line (&lines, false, "no revision of %s in the window (%s)", p->draft,
              revision_source (p));

    if (check->unanswered->len == 0) {
        line (&lines, true, "no unanswered questions to the proponents");
    } else {
        line (&lines, false,
              "%u question%s to the proponents without an "
              "answer:",
              check->unanswered->len, check->unanswered->len == 1 ? "" : "s");
        for (guint i = 0; i < check->unanswered->len; i++) {
            const MlgMessage *m = check->unanswered->pdata[i];
            g_autofree char *who = mlg_text_clean (person_name (m));
            g_autofree char *date = _mlg_text_iso_date (m->date);
            g_autofree char *question
                = mlg_text_shorten (term, m->question, 100);
            fprintf (out, "    %.10s %s (%s): \"%s\"\n", date, who,
                     mlg_role_to_string (mlg_proposal_role (analysis, p, m)),
                     question);
        }
    }

    fprintf (out, "\n%sNext steps:%s\n", mlg_text_sgr (term, "bold"),
             mlg_text_sgr (term, "reset"));
    if (next->len == 0)
        fprintf (out,
                 "  Nothing is missing: the chairs have what they need.\n");
    for (guint i = 0; i < next->len; i++) {
        /* Steps name the chairs' alias (from the list id) and drafts. */
        g_autofree char *step = mlg_text_clean (next->pdata[i]);
        fprintf (out, "  %u. %s\n", i + 1, step);
    }
    return _mlg_text_finish (out, "check", error);
}
