/* mlg-text-message.c - the text of `mlgauge show --message`: the stored
 * facts of one message, one `key: value` a line, so that a user can see
 * what the indexer understood, and what the analysis made of it. */
#include "mlg-reports-private.h"

#include <errno.h>

static void
print_array (FILE *out, const char *key, const GPtrArray *values)
{
    fprintf (out, "%s:", key);
    for (guint i = 0; i < values->len; i++)
        fprintf (out, "%s%s", i ? ", " : " ",
                 (const char *) g_ptr_array_index (values, i));
    fputc ('\n', out);
}

static void
print_pointers (FILE *out, const MlgMessageFacts *facts, MlgPointerKind kind,
                const char *key)
{
    fprintf (out, "%s:", key);
    for (guint i = 0, n = 0; i < facts->pointers->len; i++) {
        const MlgPointer *pointer = g_ptr_array_index (facts->pointers, i);
        if (pointer->kind != kind)
            continue;
        fprintf (out, "%s%s", n++ ? ", " : " ", pointer->value);
        if (pointer->revision >= 0)
            fprintf (out, "-%02d", pointer->revision);
    }
    fputc ('\n', out);
}

/* One line per fact; every value on one line (newlines in mail text would
 * otherwise break the `key: value` contract). */
static void
print_facts (FILE *out, const MlgMessageFacts *facts)
{
    g_autofree char *date = _mlg_text_iso_date (facts->date);
    g_autofree char *quote
        = g_strdup (facts->stance_quote ? facts->stance_quote : "");

    g_autofree char *question
        = g_strdup (facts->question ? facts->question : "");

    g_strdelimit (quote, "\r\n", ' ');
    g_strdelimit (question, "\r\n", ' ');
    fprintf (out, "id: %s\n", facts->id);
    fprintf (out, "date: %s\n", date);
    fprintf (out, "date-source: %s\n",
             mlg_date_source_to_string (facts->date_source));
    fprintf (out, "from: %s\n", facts->from_addr);
    fprintf (out, "name: %s\n", facts->from_name);
    fprintf (out, "org: %s\n", facts->org);
    print_array (out, "lists", facts->lists);
    print_array (out, "to", facts->to);
    print_array (out, "cc", facts->cc);
    fprintf (out, "subject: %s\n", facts->subject);
    fprintf (out, "subject-normalised: %s\n", facts->subject_norm);
    fprintf (out, "in-reply-to: %s\n",
             facts->in_reply_to ? facts->in_reply_to : "");
    print_array (out, "references", facts->references);
    fprintf (out, "permalink: %s\n", facts->permalink ? facts->permalink : "");
    fprintf (out, "source: %s\n", facts->source ? facts->source : "");
    fprintf (out, "offset: %" G_GINT64_FORMAT "\n", facts->offset);
    fprintf (out, "kind: %s\n", mlg_sender_kind_to_string (facts->kind));
    fprintf (out, "stance: %s\n", mlg_stance_to_string (facts->stance));
    fprintf (out, "stance-cue: %s\n",
             facts->stance != MLG_STANCE_NONE
                 ? mlg_stance_cue_to_string (facts->stance_cue)
                 : "");
    fprintf (out, "stance-quote: %s\n", quote);
    fprintf (out, "question: %s\n", question);
    print_pointers (out, facts, MLG_POINTER_DRAFT, "drafts");
    print_pointers (out, facts, MLG_POINTER_RFC, "rfcs");
    print_pointers (out, facts, MLG_POINTER_IMPL, "implementations");
    print_pointers (out, facts, MLG_POINTER_ARCHIVE, "archives");
    print_pointers (out, facts, MLG_POINTER_SLIDES, "slides");
    print_pointers (out, facts, MLG_POINTER_AUTHOR, "authors");
    fprintf (out, "checklist:");
    for (guint bit = 0, n = 0; bit < MLG_CHECKLIST_COUNT; bit++)
        if (facts->checklist & (1u << bit))
            fprintf (out, "%s%s", n++ ? ", " : " ",
                     mlg_checklist_item_to_string (1u << bit));
    fprintf (out, "\nproblems:");
    for (guint bit = 0, n = 0; bit < MLG_PROBLEM_COUNT; bit++)
        if (facts->problems & (1u << bit))
            fprintf (out, "%s%s", n++ ? ", " : " ",
                     mlg_problem_to_string (1u << bit));
    fputc ('\n', out);
}

/* The stance the message takes on its proposal, which depends on the
 * mail it answers and on who the proponents are: the analysis decides it
 * (see MlgStanceReason). */
static void
print_proposal_stance (FILE *out, MlgAnalysis *analysis, const char *id)
{
    const MlgMessage *m = mlg_analysis_get_message (analysis, id);
    const MlgProposal *p;

    if (m == NULL || m->thread == NULL || m->thread->proposal == NULL)
        return;
    p = m->thread->proposal;
    fprintf (out, "proposal: %s\n", p->name);
    fprintf (out, "stance-on-proposal: %s\n", mlg_stance_to_string (m->stance));
    fprintf (out, "stance-reason: %s\n",
             m->text_stance != MLG_STANCE_NONE
                 ? mlg_stance_reason_to_string (m->stance_reason)
                 : "");
    fprintf (out, "stance-answers: %s\n",
             m->stance_target != NULL ? m->stance_target->id : "");
}

bool
mlg_text_message_write (const MlgMessageFacts *facts, MlgAnalysis *analysis,
                        FILE *out, GError **error)
{
    g_autofree char *text = NULL;
    gsize size = 0;
    FILE *buffer = open_memstream (&text, &size);
    g_auto (GStrv) lines = NULL;

    if (buffer == NULL) {
        int saved = errno;

        g_set_error (error, MLG_REPORT_ERROR, MLG_ERROR_IO,
                     "cannot write the message: %s", g_strerror (saved));
        return false;
    }
    print_facts (buffer, facts);
    if (analysis != NULL)
        print_proposal_stance (buffer, analysis, facts->id);
    fclose (buffer);
    /* Every line goes through mlg_text_clean(): headers come from whoever
     * sent the mail and may hold escape sequences. */
    lines = g_strsplit (text, "\n", -1);
    for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++) {
        g_autofree char *clean = mlg_text_clean (lines[i]);
        fputs (clean, out);
        fputc ('\n', out);
    }
    return _mlg_text_finish (out, "message", error);
}
