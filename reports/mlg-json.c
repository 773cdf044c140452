/* mlg-json.c - JSON output (json-glib): the one writer every command's
 * `--format json` uses, and the report as JSON (the CSV tables, nested:
 * each proposal carries its score breakdown and its threads). */
#include "mlg-reports-private.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

/* Returns: (transfer full) `node` as pretty-printed text with a final
 * newline, the exact bytes every JSON output has.
 *
 * json-glib escapes the C0 controls but writes the C1 controls
 * (U+0080-U+009F) as they are, and U+009B is a one-character CSI to many
 * terminals: `search --format json` on a hostile subject could drive the
 * terminal it is printed on. They are escaped here (\u009b, which any
 * JSON reader turns back into the same character). In UTF-8 they are
 * the two bytes C2 80-C2 9F, and 0xC2 only ever starts a character, so
 * the bytes can be replaced wherever they are: outside strings JSON is
 * ASCII. */
static char *
to_text (JsonNode *node, gsize *length)
{
    g_autoptr (JsonGenerator) generator = json_generator_new ();
    g_autofree char *text = NULL;
    GString *out;
    gsize n = 0;

    json_generator_set_root (generator, node);
    json_generator_set_pretty (generator, TRUE);
    json_generator_set_indent (generator, 2);
    text = json_generator_to_data (generator, &n);
    out = g_string_sized_new (n + 2);
    for (const char *p = text, *end = text + n; p < end;) {
        const char *c2 = memchr (p, 0xC2, end - p);

        if (c2 == NULL || c2 + 1 == end) {
            g_string_append_len (out, p, end - p);
            break;
        }
        g_string_append_len (out, p, c2 - p);
        if ((guchar) c2[1] >= 0x80 && (guchar) c2[1] <= 0x9F)
            g_string_append_printf (out, "\\u%04x", (guchar) c2[1]);
        else
            g_string_append_len (out, c2, 2);
        p = c2 + 2;
    }
    g_string_append_c (out, '\n');
    *length = out->len;
    return g_string_free (out, FALSE);
}

bool
mlg_json_write (JsonNode *node, FILE *out, GError **error)
{
    gsize length = 0;
    g_autofree char *text = to_text (node, &length);

    if (fwrite (text, 1, length, out) != length || fflush (out) != 0) {
        int saved = errno;
        g_set_error (error, MLG_REPORT_ERROR, MLG_ERROR_IO,
                     "cannot write JSON: %s", g_strerror (saved));
        return false;
    }
    return true;
}

/* The name a report shows for the sender of `m`. */
static const char *
sender_name (const MlgMessage *m)
{
    if (m->person != NULL)
        return m->person->name;
    return m->from_name != NULL && m->from_name[0] != '\0' ? m->from_name
                                                           : m->from_addr;
}

/* ---------------------------------------------------------------- */
/* Records                                                            */
/* ---------------------------------------------------------------- */

static void
add_message (JsonBuilder *b, MlgAnalysis *analysis,
             const MlgProposal *proposal, const MlgMessage *m)
{
    json_builder_begin_object (b);
    _mlg_json_add_string (b, "id", m->id);
    _mlg_json_add_date (b, "date", m->date);
    _mlg_json_add_string (b, "from", sender_name (m));
    _mlg_json_add_string (b, "role", mlg_role_to_string (
                               mlg_proposal_role (analysis, proposal, m)));
    _mlg_json_add_string (b, "subject", m->subject);
    _mlg_json_add_string (b, "parent", m->parent != NULL ? m->parent->id : NULL);
    _mlg_json_add_string (b, "permalink", m->permalink);
    _mlg_json_add_bool (b, "in_scope", m->in_scope);
    _mlg_json_add_string (b, "stance", m->stance != MLG_STANCE_NONE
                                 ? mlg_stance_to_string (m->stance)
                                 : NULL);
    _mlg_json_add_string (b, "text_stance", m->text_stance != MLG_STANCE_NONE
                                      ? mlg_stance_to_string (m->text_stance)
                                      : NULL);
    _mlg_json_add_string (b, "stance_reason",
                m->text_stance != MLG_STANCE_NONE
                    ? mlg_stance_reason_to_string (m->stance_reason)
                    : NULL);
    json_builder_end_object (b);
}

/* One row of threads.csv; with `proposal` (detail), its messages too. */
static void
add_thread (JsonBuilder *b, MlgAnalysis *analysis, const MlgThread *t,
            const MlgProposal *proposal)
{
    const MlgMessage *root = t->root;

    json_builder_begin_object (b);
    _mlg_json_add_string (b, "thread", t->id);
    _mlg_json_add_string (b, "proposal", t->proposal != NULL ? t->proposal->name : NULL);
    _mlg_json_add_string (b, "subject", root->subject);
    _mlg_json_add_strings (b, "lists", t->lists);
    _mlg_json_add_int (b, "message_count", t->scope_messages);
    _mlg_json_add_int (b, "people", t->people);
    _mlg_json_add_date (b, "first", t->first);
    _mlg_json_add_date (b, "last", t->last);
    _mlg_json_add_string (b, "root_from", sender_name (root));
    {
        /* Why it is in its proposal (null for the opening thread). */
        g_autofree char *why = mlg_thread_describe_join (t);
        _mlg_json_add_string (b, "joined", why);
    }
    json_builder_set_member_name (b, "opening_missing");
    json_builder_add_boolean_value (b, t->opening_missing);
    if (proposal != NULL) {
        json_builder_set_member_name (b, "messages");
        json_builder_begin_array (b);
        for (guint i = 0; i < t->messages->len; i++)
            add_message (b, analysis, proposal, t->messages->pdata[i]);
        json_builder_end_array (b);
    }
    json_builder_end_object (b);
}

static int
compare_threads (gconstpointer a, gconstpointer b)
{
    const MlgThread *s = *(MlgThread *const *) a;
    const MlgThread *t = *(MlgThread *const *) b;

    if (s->first != t->first)
        return s->first < t->first ? -1 : 1;
    return strcmp (s->id, t->id);
}

static void
add_participants (JsonBuilder *b, MlgAnalysis *analysis,
                  const MlgProposal *proposal)
{
    g_autoptr (GPtrArray) parts =
        mlg_proposal_get_participants (analysis, proposal);

    json_builder_set_member_name (b, "participants");
    json_builder_begin_array (b);
    for (guint i = 0; i < parts->len; i++) {
        const MlgParticipant *part = parts->pdata[i];
        const MlgMessage *sm = part->stance_message;

        json_builder_begin_object (b);
        _mlg_json_add_string (b, "person", part->person->name);
        _mlg_json_add_string (b, "organisation", part->person->org);
        _mlg_json_add_string (b, "role", mlg_role_to_string (part->role));
        _mlg_json_add_int (b, "messages", part->messages);
        _mlg_json_add_int (b, "threads", part->threads);
        _mlg_json_add_string (b, "stance", part->stance != MLG_STANCE_NONE
                                     ? mlg_stance_to_string (part->stance)
                                     : NULL);
        _mlg_json_add_string (b, "quote", sm != NULL ? sm->stance_quote : NULL);
        _mlg_json_add_string (b, "stance_reason",
                    sm != NULL ? mlg_stance_reason_to_string (sm->stance_reason)
                               : NULL);
        _mlg_json_add_string (b, "stance_message", sm != NULL ? sm->id : NULL);
        _mlg_json_add_date (b, "first", part->first);
        _mlg_json_add_date (b, "last", part->last);
        json_builder_end_object (b);
    }
    json_builder_end_array (b);
}

static void
add_activity (JsonBuilder *b, MlgAnalysis *analysis,
              const MlgProposal *proposal)
{
    const MlgFeatures *f = &proposal->features;
    g_autoptr (GArray) weeks = NULL;

    json_builder_set_member_name (b, "activity");
    json_builder_begin_array (b);
    if (f->first != 0 && f->last != 0)
        weeks = mlg_proposal_get_weekly_activity (analysis, proposal,
                                                  f->first, f->last);
    for (guint i = 0; weeks != NULL && i < weeks->len; i++) {
        const MlgWeek *w = &g_array_index (weeks, MlgWeek, i);
        g_autofree char *day = mlg_format_time (w->start, MLG_TIME_DAY);

        json_builder_begin_object (b);
        _mlg_json_add_string (b, "week", day);
        for (guint role = 0; role < MLG_ROLES; role++)
            _mlg_json_add_int (b, mlg_role_to_string (role), w->counts[role]);
        json_builder_end_object (b);
    }
    json_builder_end_array (b);
}

JsonNode *
mlg_report_json_proposal (MlgAnalysis *analysis, const MlgProposal *proposal,
                          bool detail)
{
    g_autoptr (JsonBuilder) b = json_builder_new ();
    const MlgFeatures *f;
    g_autoptr (GPtrArray) threads = g_ptr_array_new ();
    g_autoptr (GPtrArray) missing = g_ptr_array_new ();
    g_autoptr (GPtrArray) given = g_ptr_array_new ();
    g_autoptr (GPtrArray) proponents = g_ptr_array_new ();

    g_return_val_if_fail (analysis != NULL && proposal != NULL, NULL);
    f = &proposal->features;
    for (guint e = 0; e < proposal->checklist_profile->n_entries; e++)
        g_ptr_array_add ((f->checklist & (1u << e)) ? given : missing,
                         (char *) proposal->checklist_profile->entries[e].id);
    if (proposal->opening_missing)
        g_ptr_array_add (proponents, (char *) MLG_PROPONENT_UNKNOWN);
    for (guint k = 0; k < proposal->proponents->len; k++)
        g_ptr_array_add (proponents,
                         (char *) ((MlgPerson *) proposal->proponents->pdata[k])
                             ->name);
    /* The threads of threads.csv: those with in-scope messages. */
    for (guint t = 0; t < proposal->threads->len; t++) {
        MlgThread *thread = proposal->threads->pdata[t];
        if (thread->scope_messages > 0)
            g_ptr_array_add (threads, thread);
    }
    g_ptr_array_sort (threads, compare_threads);

    json_builder_begin_object (b);
    /* The columns of proposals.csv, in order. */
    json_builder_set_member_name (b, "rank");
    if (proposal->rank > 0)
        json_builder_add_int_value (b, proposal->rank);
    else
        json_builder_add_null_value (b);
    _mlg_json_add_string (b, "proposal", proposal->name);
    _mlg_json_add_string (b, "kind", mlg_proposal_kind_to_string (proposal->kind));
    _mlg_json_add_string (b, "draft", proposal->draft);
    json_builder_set_member_name (b, "latest_revision");
    if (f->latest_revision >= 0)
        json_builder_add_int_value (b, f->latest_revision);
    else
        json_builder_add_null_value (b);
    _mlg_json_add_strings (b, "lists", f->lists);
    _mlg_json_add_int (b, "thread_count", f->threads);
    _mlg_json_add_int (b, "messages", f->messages);
    _mlg_json_add_int (b, "people", f->people);
    _mlg_json_add_int (b, "independent_people", f->independent_people);
    _mlg_json_add_int (b, "organisations", f->organisations);
    _mlg_json_add_int (b, "supporters", f->supporters);
    _mlg_json_add_int (b, "objectors", f->objectors);
    _mlg_json_add_int (b, "chairs_cc", f->chairs_cc);
    _mlg_json_add_int (b, "chairs_replied", f->chairs_replied);
    _mlg_json_add_int (b, "revisions_in_window", f->revisions_in_window);
    json_builder_set_member_name (b, "revisions_source");
    json_builder_add_string_value (
        b, mlg_revision_source_to_string (f->revisions_source));
    _mlg_json_add_int (b, "impl_pointers", f->impl_pointers);
    _mlg_json_add_int (b, "checklist", given->len);
    _mlg_json_add_strings (b, "checklist_given", given);
    _mlg_json_add_strings (b, "checklist_missing", missing);
    if (f->first_reply >= 0) {
        _mlg_json_add_double (b, "first_reply_hours", f->first_reply / 3600.0, 1);
    } else {
        json_builder_set_member_name (b, "first_reply_hours");
        json_builder_add_null_value (b);
    }
    _mlg_json_add_date (b, "first", f->first);
    _mlg_json_add_date (b, "last", f->last);
    _mlg_json_add_strings (b, "proponents", proponents);
    _mlg_json_add_double (b, "score", proposal->score, 2);
    _mlg_json_add_string (b, "id", proposal->id);
    json_builder_set_member_name (b, "opening_missing");
    json_builder_add_boolean_value (b, proposal->opening_missing);
    _mlg_json_add_string (b, "checklist_profile", proposal->checklist_profile->name);
    _mlg_json_add_date (b, "requested",
              proposal->opening != NULL ? proposal->opening->date : 0);

    json_builder_set_member_name (b, "score_breakdown");
    json_builder_begin_object (b);
    for (guint term = 0; term < MLG_SCORE_TERMS; term++)
        _mlg_json_add_double (b, mlg_score_term_to_string (term),
                    proposal->breakdown[term], 2);
    json_builder_end_object (b);

    json_builder_set_member_name (b, "threads");
    json_builder_begin_array (b);
    for (guint t = 0; t < threads->len; t++)
        add_thread (b, analysis, threads->pdata[t], detail ? proposal : NULL);
    json_builder_end_array (b);

    if (detail) {
        _mlg_json_add_string (b, "opening", proposal->opening != NULL
                                      ? proposal->opening->id
                                      : NULL);
        add_participants (b, analysis, proposal);
        add_activity (b, analysis, proposal);
    }
    json_builder_end_object (b);
    return json_builder_get_root (b);
}

static void
add_person (JsonBuilder *b, const MlgPerson *p)
{
    json_builder_begin_object (b);
    _mlg_json_add_string (b, "person", p->name);
    _mlg_json_add_strings (b, "addresses", p->addresses);
    _mlg_json_add_string (b, "organisation", p->org);
    _mlg_json_add_int (b, "messages", p->messages);
    _mlg_json_add_int (b, "threads", p->threads);
    _mlg_json_add_int (b, "proposals", p->proposals);
    _mlg_json_add_int (b, "supports", p->supports);
    _mlg_json_add_int (b, "objections", p->objections);
    _mlg_json_add_date (b, "first", p->first);
    _mlg_json_add_date (b, "last", p->last);
    json_builder_end_object (b);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Returns: (transfer full) the whole report as one tree. */
static JsonNode *
report_node (MlgAnalysis *analysis)
{
    const GPtrArray *proposals = mlg_analysis_get_proposals (analysis);
    const GPtrArray *people = mlg_analysis_get_people (analysis);
    g_autoptr (JsonBuilder) b = json_builder_new ();
    g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr (GPtrArray) lists = g_ptr_array_new ();
    gint64 since, until;

    mlg_analysis_get_window (analysis, &since, &until);
    for (guint i = 0; i < proposals->len; i++) {
        const MlgProposal *p = proposals->pdata[i];
        for (guint k = 0; p->features.lists && k < p->features.lists->len;
             k++)
            if (g_hash_table_add (seen, p->features.lists->pdata[k]))
                g_ptr_array_add (lists, p->features.lists->pdata[k]);
    }
    g_ptr_array_sort (lists, compare_strings);

    json_builder_begin_object (b);
    /* `now` rather than the wall clock, so that a pinned --now gives the
     * same bytes. */
    _mlg_json_add_date (b, "generated", mlg_analysis_get_now (analysis));
    /* The stored refresh time, never the clock: null when none. */
    json_builder_set_member_name (b, "datatracker_refreshed");
    if (mlg_analysis_get_datatracker_refreshed (analysis) != NULL)
        json_builder_add_string_value (
            b, mlg_analysis_get_datatracker_refreshed (analysis));
    else
        json_builder_add_null_value (b);
    json_builder_set_member_name (b, "window");
    json_builder_begin_object (b);
    _mlg_json_add_date (b, "since", since != MLG_NO_SINCE ? since : 0);
    _mlg_json_add_date (b, "until", until != MLG_NO_UNTIL ? until : 0);
    json_builder_end_object (b);
    _mlg_json_add_strings (b, "lists", lists);
    json_builder_set_member_name (b, "proposals");
    json_builder_begin_array (b);
    for (guint i = 0; i < proposals->len; i++)
        json_builder_add_value (
            b, mlg_report_json_proposal (analysis, proposals->pdata[i], false));
    json_builder_end_array (b);
    json_builder_set_member_name (b, "people");
    json_builder_begin_array (b);
    for (guint i = 0; i < people->len; i++)
        add_person (b, people->pdata[i]);
    json_builder_end_array (b);
    json_builder_end_object (b);
    return json_builder_get_root (b);
}

bool
mlg_report_json_write (MlgAnalysis *analysis, FILE *out, GError **error)
{
    g_autoptr (JsonNode) root = NULL;

    g_return_val_if_fail (analysis != NULL && out != NULL, false);
    root = report_node (analysis);
    return mlg_json_write (root, out, error);
}

bool
_mlg_json_owns (const char *name)
{
    return strcmp (name, "report.json") == 0;
}

bool
mlg_report_json_write_dir (MlgAnalysis *analysis, const char *dir,
                           GError **error)
{
    g_autoptr (MlgReportDir) rd = NULL;
    g_autoptr (JsonNode) root = NULL;
    g_autofree char *text = NULL;
    gsize length = 0;

    g_return_val_if_fail (analysis != NULL && dir != NULL, false);
    rd = _mlg_report_dir_begin (dir, _mlg_json_owns, error);
    if (rd == NULL)
        return false;
    root = report_node (analysis);
    text = to_text (root, &length);
    return _mlg_report_dir_add (rd, "report.json", text, length, error)
           && _mlg_report_dir_commit (rd, error);
}

/* ---------------------------------------------------------------- */
/* check                                                              */
/* ---------------------------------------------------------------- */

/* A message of the check: the fields `check` shows for it, in an object
 * left open for the caller's own fields. The sender is named, and dates
 * written, exactly as in the report. */
static void
begin_check_message (JsonBuilder *b, MlgAnalysis *analysis,
                     const MlgProposal *p, const MlgMessage *m)
{
    json_builder_begin_object (b);
    _mlg_json_add_string (b, "id", m->id);
    _mlg_json_add_date (b, "date", m->date);
    _mlg_json_add_string (b, "from", sender_name (m));
    _mlg_json_add_string (b, "role",
                mlg_role_to_string (mlg_proposal_role (analysis, p, m)));
    _mlg_json_add_string (b, "permalink", m->permalink);
}

static const char *const missing_names[] = {
    "checklist", "chairs_cc", "reply", "chair_reply", "revision", "answer",
};

JsonNode *
mlg_report_json_check (MlgAnalysis *analysis, const MlgProposalCheck *check)
{
    const MlgProposal *p = check->proposal;
    g_autoptr (JsonBuilder) b = json_builder_new ();

    json_builder_begin_object (b);
    _mlg_json_add_string (b, "proposal", p->name);
    _mlg_json_add_string (b, "kind", mlg_proposal_kind_to_string (p->kind));
    _mlg_json_add_string (b, "draft", p->draft);
    json_builder_set_member_name (b, "rank");
    if (p->rank > 0)
        json_builder_add_int_value (b, p->rank);
    else
        json_builder_add_null_value (b);
    json_builder_set_member_name (b, "score");
    json_builder_add_double_value (b, p->score);

    _mlg_json_add_bool (b, "opening_missing", p->opening_missing);
    json_builder_set_member_name (b, "opening");
    if (check->opening != NULL) {
        begin_check_message (b, analysis, p, check->opening);
        _mlg_json_add_string (b, "subject", check->opening->subject);
        json_builder_end_object (b);
    } else {
        json_builder_add_null_value (b);
    }

    _mlg_json_add_string (b, "checklist_profile", check->profile->name);
    _mlg_json_add_date (b, "requested",
              check->opening != NULL ? check->opening->date : 0);
    json_builder_set_member_name (b, "checklist");
    json_builder_begin_array (b);
    for (guint e = 0; e < check->profile->n_entries; e++) {
        const MlgChecklistEntry *entry = &check->profile->entries[e];
        bool given = !(check->checklist_missing & (1u << e));
        json_builder_begin_object (b);
        _mlg_json_add_string (b, "item", entry->id);
        _mlg_json_add_string (b, "label", entry->label);
        _mlg_json_add_bool (b, "priority", entry->priority);
        _mlg_json_add_bool (b, "given", given);
        _mlg_json_add_string (b, "add", given ? NULL : entry->advice);
        json_builder_end_object (b);
    }
    json_builder_end_array (b);

    _mlg_json_add_strings (b, "chairs_cc", check->chairs_cc);
    json_builder_set_member_name (b, "repliers");
    json_builder_add_int_value (b, check->repliers);
    json_builder_set_member_name (b, "first_reply");
    if (check->first_reply != NULL) {
        begin_check_message (b, analysis, p, check->first_reply);
        /* Rounded as the report's first_reply_hours is. */
        _mlg_json_add_double (b, "hours_after_opening",
                    check->first_reply_after / 3600.0, 1);
        json_builder_end_object (b);
    } else {
        json_builder_add_null_value (b);
    }

    json_builder_set_member_name (b, "chairs_replied");
    json_builder_begin_array (b);
    for (guint i = 0; i < check->chairs_replied->len; i++) {
        begin_check_message (b, analysis, p, check->chairs_replied->pdata[i]);
        json_builder_end_object (b);
    }
    json_builder_end_array (b);

    json_builder_set_member_name (b, "latest_revision");
    if (check->latest_revision >= 0)
        json_builder_add_int_value (b, check->latest_revision);
    else
        json_builder_add_null_value (b);
    json_builder_set_member_name (b, "revisions_in_window");
    json_builder_add_int_value (b, check->revisions_in_window);

    json_builder_set_member_name (b, "unanswered_questions");
    json_builder_begin_array (b);
    for (guint i = 0; i < check->unanswered->len; i++) {
        const MlgMessage *m = check->unanswered->pdata[i];
        begin_check_message (b, analysis, p, m);
        _mlg_json_add_string (b, "question", m->question);
        json_builder_end_object (b);
    }
    json_builder_end_array (b);

    json_builder_set_member_name (b, "missing");
    json_builder_begin_array (b);
    for (guint i = 0; i < G_N_ELEMENTS (missing_names); i++)
        if (check->missing & (1u << i))
            json_builder_add_string_value (b, missing_names[i]);
    json_builder_end_array (b);

    _mlg_json_add_strings (b, "next_steps", check->next_steps);
    json_builder_end_object (b);
    return json_builder_get_root (b);
}

bool
mlg_report_json_proposal_write (MlgAnalysis *analysis,
                                const MlgProposal *proposal, bool detail,
                                FILE *out, GError **error)
{
    g_autoptr (JsonNode) node =
        mlg_report_json_proposal (analysis, proposal, detail);

    return mlg_json_write (node, out, error);
}

bool
mlg_report_json_check_write (MlgAnalysis *analysis,
                             const MlgProposalCheck *check, FILE *out,
                             GError **error)
{
    g_autoptr (JsonNode) node = mlg_report_json_check (analysis, check);

    return mlg_json_write (node, out, error);
}
