/* mlg-stances.c - prints the stance mlgauge gives every message of a
 * database, for bench/stance to score against people's labels.
 *
 *   mlg-stances DB
 *
 * One line per message, tab-separated:
 *   id  text-stance  shown-stance  reason  quote
 * text-stance is what the message's own new text says (the indexer's
 * reading); shown-stance is what reports count: the stance aimed at the
 * proposal, after the analysis (`report --all`). Both are support,
 * objection or none. Only the public interfaces are used, so this sees
 * exactly what `mlgauge report` sees. The reason says why the shown
 * stance differs from the text's (mlg_stance_reason_to_string()). */
#include <stdio.h>
#include <stdlib.h>

#include "mlg-analysis.h"

static const char *
clean (const char *s)
{
    static GString *out;

    if (out == NULL)
        out = g_string_new (NULL);
    g_string_truncate (out, 0);
    for (; s != NULL && *s != '\0'; s++)
        g_string_append_c (out, *s == '\t' || *s == '\n' ? ' ' : *s);
    return out->str;
}

int
main (int argc, char **argv)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = NULL;
    g_autoptr (MlgAnalysis) analysis = NULL;
    const GPtrArray *threads;

    if (argc != 2) {
        fprintf (stderr, "usage: mlg-stances DB\n");
        return 2;
    }
    store = mlg_store_open (argv[1], MLG_STORE_READ, &error);
    analysis = mlg_analysis_new (NULL);
    if (store == NULL || !mlg_analysis_load_store (analysis, store, &error))
        goto fail;
    mlg_analysis_set_include_admin (analysis, true);
    if (!mlg_analysis_run (analysis, &error))
        goto fail;
    threads = mlg_analysis_get_all_threads (analysis);
    for (guint i = 0; i < threads->len; i++) {
        const MlgThread *t = threads->pdata[i];
        for (guint k = 0; k < t->messages->len; k++) {
            const MlgMessage *m = t->messages->pdata[k];
            printf ("%s\t%s\t%s\t%s\t%s\n", m->id,
                    mlg_stance_to_string (m->text_stance),
                    mlg_stance_to_string (m->stance),
                    mlg_stance_reason_to_string (m->stance_reason),
                    clean (m->stance_quote));
        }
    }
    return 0;
fail:
    fprintf (stderr, "mlg-stances: %s\n", error->message);
    return 1;
}
