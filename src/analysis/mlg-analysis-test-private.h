/* mlg-analysis-test-private.h - building message facts by hand for the
 * analysis and report unit tests, so that they never depend on the
 * indexer working. Test-only; static inline helpers. It includes
 * mlg-analysis-private.h, where the functions of the library that only
 * tests call are declared: the report tests, which build analyses by
 * hand, reach them through here. */
#pragma once

#include <string.h>

#include "mlg-analysis.h"
#include "mlg-analysis-private.h"

/* Returns: seconds for "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ"; aborts on
 * a bad literal. */
static inline gint64
tf_date (const char *iso)
{
    gint64 t = 0;

    if (!mlg_parse_date (iso, false, &t, NULL))
        g_error ("bad test date %s", iso);
    return t;
}

/* A person's message. `parent` (nullable) becomes In-Reply-To and the
 * last reference. The normalised subject drops reply prefixes and [tags];
 * the organisation is the address's domain. */
static inline MlgMessageFacts *
tf_new (const char *id, const char *date, const char *name,
        const char *addr, const char *subject, const char *parent)
{
    MlgMessageFacts *f = mlg_message_facts_new ();
    const char *s = subject;
    const char *at = strchr (addr, '@');

    f->id = g_strdup (id);
    f->date = tf_date (date);
    f->date_source = MLG_DATE_FROM_HEADER;
    f->from_name = g_strdup (name);
    f->from_addr = g_strdup (addr);
    f->org = g_strdup (at != NULL ? at + 1 : "");
    f->subject = g_strdup (subject);
    for (;;) {
        while (*s == ' ')
            s++;
        if (*s == '[' && strchr (s, ']') != NULL)
            s = strchr (s, ']') + 1;
        else if (g_ascii_strncasecmp (s, "re:", 3) == 0
                 || g_ascii_strncasecmp (s, "aw:", 3) == 0)
            s += 3;
        else
            break;
    }
    f->subject_norm = g_utf8_casefold (s, -1);
    if (parent != NULL) {
        f->in_reply_to = g_strdup (parent);
        g_ptr_array_add (f->references, g_strdup (parent));
    }
    mlg_message_facts_add_list (f, "dispatch.ietf.org");
    return f;
}

static inline void
tf_draft (MlgMessageFacts *f, const char *draft, int revision)
{
    g_ptr_array_add (f->pointers,
                     mlg_pointer_new (MLG_POINTER_DRAFT, draft, revision));
}

static inline void
tf_pointer (MlgMessageFacts *f, MlgPointerKind kind, const char *value)
{
    g_ptr_array_add (f->pointers, mlg_pointer_new (kind, value, -1));
}

/* Adds `f` to `a` and frees it. */
static inline void
tf_add (MlgAnalysis *a, MlgMessageFacts *f)
{
    mlg_analysis_add_facts (a, f);
    mlg_message_facts_free (f);
}

/* Runs the analysis and fails the test on error. */
#define tf_run(a)                                                         \
    do {                                                                  \
        GError *tf_error = NULL;                                          \
        ck_assert_msg (mlg_analysis_run ((a), &tf_error), "run: %s",      \
                       tf_error ? tf_error->message : "");                \
    } while (0)

/* The proposal named `name` among the reported ones, or NULL. */
static inline const MlgProposal *
tf_proposal (MlgAnalysis *a, const char *name)
{
    const GPtrArray *all = mlg_analysis_get_proposals (a);

    for (guint i = 0; i < all->len; i++) {
        const MlgProposal *p = all->pdata[i];
        if (strcmp (p->name, name) == 0)
            return p;
    }
    return NULL;
}

/* The thread holding message `id`. */
static inline const MlgThread *
tf_thread_of (MlgAnalysis *a, const char *id)
{
    const MlgMessage *m = mlg_analysis_get_message (a, id);

    ck_assert_msg (m != NULL, "no message %s", id);
    return m->thread;
}
