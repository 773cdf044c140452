/* fuzz-analysis.c - libFuzzer harness for the analysis: arbitrary bytes
 * become a set of message facts (Message-IDs, References and In-Reply-To
 * drawn from a small alphabet so that they collide, meet and loop; dates,
 * subjects, senders, drafts and stances), which are threaded, grouped,
 * scored, checked and written as CSV and JSON the way `mlgauge report`,
 * `show` and `check` do. Anyone who can post to an indexed list controls
 * exactly these facts, so nothing here may crash, hang or leak.
 *
 * Input: one byte of options (window, --all, --anonymize), then records of
 * 8 bytes each, one message per record:
 *   0 id          1 in-reply-to    2-3 references (two ids, 0xf = none)
 *   4 date step   5 subject        6 sender       7 draft, stance, kind
 * Ids, subjects and senders come from small tables, so that a short input
 * already makes duplicates, cycles, ghosts and subject collisions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlg-analysis.h"
#include "mlg-analysis-private.h"
#include "mlg-reports.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static MlgConfig *config;
static FILE *sink;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    config = mlg_config_new ();
    mlg_config_add_chair (config, "", "chair", "Chair One",
                          "chair@example.org");
    sink = fopen ("/dev/null", "w");
    if (sink == NULL)
        abort ();
    return 0;
}

static const char *const subjects[] = {
    "A proposal",
    "Re: A proposal",
    "RE: Re: [dispatch] A proposal",
    "Fwd: A proposal",
    "Agenda for IETF 120",
    "Re: Agenda for IETF 120",
    "draft-doe-dispatch-widget-00",
    "Re: draft-doe-dispatch-widget",
    "New topic (was: A proposal)",
    "",
    "Re: ",
    "\xe2\x80\xae evil <script>",
    "Call for agenda items",
    "Re: New topic (was: A proposal)",
    "[TECH TOPIC] A proposal",
    "[MAINTAINERS SUMMIT] A proposal",
};

static const char *const senders[][2] = {
    {"Ann Lee", "ann@a.example"},
    {"Bob Ray", "bob@b.example"},
    {"Chair One", "chair@example.org"},
    {"Ann Lee", "ann@other.example"},
    {"Lee, Ann", "lee@a.example"},
    {"", "noreply@ietf.org"},
    {"Dee (Corp)", "dee@corp.example"},
    {"=?utf-8?q?x?=", "x@y"},
};

static const char *const drafts[] = {
    NULL,
    "draft-doe-dispatch-widget",
    "draft-ietf-wg-widget",
    "draft-x",
};

static void
id_of (unsigned n, char *out, size_t size)
{
    g_snprintf (out, size, "m%u@example", n & 0xf);
}

static MlgMessageFacts *
facts_of (const uint8_t *r, gint64 *clock, unsigned serial)
{
    MlgMessageFacts *f = mlg_message_facts_new ();
    char id[32];
    guint s = r[5] % G_N_ELEMENTS (subjects);
    guint who = r[6] % G_N_ELEMENTS (senders);
    guint draft = r[7] % G_N_ELEMENTS (drafts);
    const char *subject = subjects[s];

    /* Mostly distinct ids, with collisions when the low bits say so. */
    if (r[0] & 0x80)
        g_snprintf (id, sizeof id, "u%u@example", serial);
    else
        id_of (r[0], id, sizeof id);
    f->id = g_strdup (id);
    /* Mostly forward in time, sometimes far back or far ahead. */
    if (r[4] == 0xff)
        *clock -= (gint64) 400 * 86400;
    else
        *clock += (gint64) (r[4] % 64) * 3600 * (r[4] >= 0xf0 ? 24 * 30 : 1);
    f->date = *clock;
    f->date_source = MLG_DATE_FROM_HEADER;
    f->from_name = g_strdup (senders[who][0]);
    f->from_addr = g_strdup (senders[who][1]);
    f->org = g_strdup (strchr (senders[who][1], '@') + 1);
    f->subject = g_strdup (subject);
    f->subject_norm = g_utf8_casefold (subject, -1);
    if (r[1] != 0xff) {
        id_of (r[1], id, sizeof id);
        f->in_reply_to = g_strdup (id);
    }
    for (int k = 2; k <= 3; k++) {
        if ((r[k] & 0xf0) == 0xf0)
            continue;
        id_of (r[k] >> 4, id, sizeof id);
        g_ptr_array_add (f->references, g_strdup (id));
        id_of (r[k], id, sizeof id);
        g_ptr_array_add (f->references, g_strdup (id));
    }
    if (drafts[draft] != NULL)
        g_ptr_array_add (f->pointers,
                         mlg_pointer_new (MLG_POINTER_DRAFT, drafts[draft],
                                          (r[7] >> 2) % 4 - 1));
    f->stance = (r[7] >> 4) % 3;
    if (f->stance != MLG_STANCE_NONE)
        f->stance_quote = g_strdup ("I support this");
    f->kind = (r[7] & 0x80) ? MLG_KIND_AUTOMATED : MLG_KIND_PERSON;
    f->checklist = r[6] >> 3;
    mlg_message_facts_add_list (f, (r[5] & 0x80) ? "secdispatch.ietf.org"
                                                 : "dispatch.ietf.org");
    if (r[6] & 0x80)
        g_ptr_array_add (f->cc, g_strdup ("dispatch-chairs@ietf.org"));
    return f;
}

/* What `show` and `check` compute for one proposal. */
static void
detail (MlgAnalysis *a, const MlgProposal *p)
{
    g_autoptr (GPtrArray) people = mlg_proposal_get_participants (a, p);
    g_autoptr (GArray) weeks = NULL;
    g_autoptr (MlgProposalCheck) check = mlg_proposal_check (a, p);

    weeks = mlg_proposal_get_weekly_activity (a, p, p->features.first,
                                              p->features.last);
    for (guint i = 0; i < p->threads->len; i++) {
        const MlgThread *t = p->threads->pdata[i];
        for (guint k = 0; k < t->messages->len; k++) {
            const MlgMessage *m = t->messages->pdata[k];
            (void) mlg_proposal_role (a, p, m);
            if (m->thread != t)
                abort ();
        }
    }
    if (mlg_analysis_find_proposal (a, p->name) == NULL)
        abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    g_autoptr (MlgAnalysis) a = NULL;
    g_autoptr (GError) error = NULL;
    gint64 clock = 1700000000;
    const GPtrArray *threads;
    guint messages = 0, n = 0;

    if (size < 1 || size > 8 * 256 + 1)
        return 0;
    a = mlg_analysis_new (config);
    mlg_analysis_set_now (a, 1800000000);
    if (data[0] & 1)
        mlg_analysis_set_window (a, 1700000000 + 86400 * 7, MLG_NO_UNTIL);
    mlg_analysis_set_include_admin (a, (data[0] & 2) != 0);
    if (data[0] & 4)
        mlg_analysis_set_anonymize (a, "fuzz");
    for (size_t i = 1; i + 8 <= size; i += 8, n++) {
        g_autoptr (MlgMessageFacts) f = facts_of (data + i, &clock, n);
        mlg_analysis_add_facts (a, f);
    }
    if (!mlg_analysis_run (a, &error))
        return 0;

    /* Every message added is in exactly one thread. */
    threads = mlg_analysis_get_all_threads (a);
    for (guint i = 0; i < threads->len; i++)
        messages += ((MlgThread *) threads->pdata[i])->messages->len;
    if (messages != n)
        abort ();

    for (guint i = 0; i < mlg_analysis_get_proposals (a)->len; i++)
        detail (a, mlg_analysis_get_proposals (a)->pdata[i]);
    if (!mlg_report_csv_proposals (a, sink, &error)
        || !mlg_report_csv_threads (a, sink, &error)
        || !mlg_report_csv_people (a, sink, &error)
        || !mlg_report_json_write (a, sink, &error))
        abort ();
    /* A second run over the same facts must not trip over the first. */
    if (!mlg_analysis_run (a, &error))
        abort ();
    return 0;
}
