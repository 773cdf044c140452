/* mlg-analysis.c - the analysis object: it keeps the facts it is given
 * (interned, without bodies) and runs threading, identity, grouping and
 * scoring over them. Loading from a store lives in mlg-analysis-store.c so
 * that the rest can be tested without a database. */
#include "mlg-analysis-private.h"

#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK (mlg-analysis-error-quark, mlg_analysis_error)

const char *
_mlg_analysis_intern (MlgAnalysis *analysis, const char *s)
{
    if (s == NULL)
        return NULL;
    return g_string_chunk_insert_const (analysis->strings, s);
}

MlgAnalysis *
mlg_analysis_new (const MlgConfig *config)
{
    MlgAnalysis *analysis = g_new0 (MlgAnalysis, 1);

    if (config == NULL)
        config = analysis->own_config = mlg_config_new ();
    analysis->config = config;
    analysis->strings = g_string_chunk_new (64 * 1024);
    _mlg_dt_init (analysis);
    analysis->messages = g_ptr_array_new ();
    analysis->by_id = g_hash_table_new (g_str_hash, g_str_equal);
    analysis->filter_lists = g_ptr_array_new_with_free_func (g_free);
    analysis->now = g_get_real_time () / G_USEC_PER_SEC;
    analysis->since = MLG_NO_SINCE;
    analysis->until = MLG_NO_UNTIL;
    return analysis;
}

static void
message_free (gpointer data)
{
    MlgMessage *message = data;

    g_free (message->lists);
    g_free (message->recipients);
    g_free (message->references);
    g_free (message->pointers);
    g_free (message);
}

static void
clear_results (MlgAnalysis *analysis)
{
    _mlg_anonymize_restore (analysis);
    g_clear_pointer (&analysis->report_people, g_ptr_array_unref);
    g_clear_pointer (&analysis->report_threads, g_ptr_array_unref);
    g_clear_pointer (&analysis->reported, g_ptr_array_unref);
    g_clear_pointer (&analysis->proposals, g_ptr_array_unref);
    g_clear_pointer (&analysis->person_by_addr, g_hash_table_unref);
    g_clear_pointer (&analysis->persons, g_ptr_array_unref);
    g_clear_pointer (&analysis->threads, g_ptr_array_unref);
    for (guint i = 0; i < analysis->messages->len; i++) {
        MlgMessage *m = analysis->messages->pdata[i];
        m->person = NULL;
        m->thread = NULL;
        m->in_scope = false;
        /* Only a proposal gives a stance (mlg-participants.c). */
        m->stance = MLG_STANCE_NONE;
        m->stance_reason = MLG_REASON_NONE;
        m->stance_target = NULL;
    }
}

void
mlg_analysis_free (MlgAnalysis *analysis)
{
    if (analysis == NULL)
        return;
    clear_results (analysis);
    for (guint i = 0; i < analysis->messages->len; i++)
        message_free (analysis->messages->pdata[i]);
    g_ptr_array_unref (analysis->messages);
    g_hash_table_unref (analysis->by_id);
    g_ptr_array_unref (analysis->filter_lists);
    _mlg_dt_clear (analysis);
    g_string_chunk_free (analysis->strings);
    g_free (analysis->anonymize_salt);
    mlg_config_free (analysis->own_config);
    g_free (analysis);
}

static const char **
intern_strv (MlgAnalysis *analysis, GPtrArray *a, GPtrArray *b)
{
    guint n = a->len + (b != NULL ? b->len : 0);
    const char **v = g_new (const char *, n + 1);
    guint k = 0;

    for (guint i = 0; i < a->len; i++)
        v[k++] = _mlg_analysis_intern (analysis, a->pdata[i]);
    for (guint i = 0; b != NULL && i < b->len; i++)
        v[k++] = _mlg_analysis_intern (analysis, b->pdata[i]);
    v[k] = NULL;
    return v;
}

/* True when `s` needs no case folding or trimming: ASCII without capitals
 * or surrounding spaces, which is what the indexer stores. Checking is
 * much cheaper than g_utf8_casefold(), which would otherwise run on every
 * address and name of every report. */
static bool
is_folded (const char *s)
{
    const char *p = s;

    for (; *p != '\0'; p++)
        if ((guchar) *p >= 0x80 || g_ascii_isupper (*p))
            return false;
    return p == s || (!g_ascii_isspace (s[0]) && !g_ascii_isspace (p[-1]));
}

/* Folds here too: facts written by hand (or by an older indexer) may not
 * be folded, and grouping compares these strings. */
static const char *
intern_folded (MlgAnalysis *analysis, const char *subject_norm)
{
    g_autofree char *folded = NULL;

    if (subject_norm == NULL)
        subject_norm = "";
    if (is_folded (subject_norm))
        return _mlg_analysis_intern (analysis, subject_norm);
    folded = g_utf8_casefold (subject_norm, -1);
    return _mlg_analysis_intern (analysis, g_strstrip (folded));
}

/* Addresses are compared in lower case, after the config's aliases. */
static const char *
intern_address (MlgAnalysis *analysis, const char *address)
{
    g_autofree char *lower = NULL;

    if (address == NULL)
        address = "";
    for (const char *p = address; *p != '\0'; p++) {
        if (g_ascii_isupper (*p)) {
            address = lower = g_ascii_strdown (address, -1);
            break;
        }
    }
    return _mlg_analysis_intern (analysis,
                                 _mlg_config_alias (analysis->config, address));
}

void
mlg_analysis_add_facts (MlgAnalysis *analysis, const MlgMessageFacts *facts)
{
    const MlgConfig *config;
    MlgMessage *m;

    g_return_if_fail (analysis != NULL && facts != NULL && facts->id != NULL);
    config = analysis->config;
    m = g_new0 (MlgMessage, 1);
    m->id = _mlg_analysis_intern (analysis, facts->id);
    m->subject = _mlg_analysis_intern (analysis, facts->subject ? facts->subject : "");
    m->subject_norm = intern_folded (analysis, facts->subject_norm);
    m->permalink = _mlg_analysis_intern (analysis, facts->permalink);
    m->from_addr = intern_address (analysis, facts->from_addr);
    m->from_name =
        _mlg_analysis_intern (analysis, facts->from_name ? facts->from_name : "");
    m->org = _mlg_analysis_intern (
        analysis, _mlg_config_org (config, facts->org ? facts->org : ""));
    m->in_reply_to = _mlg_analysis_intern (analysis, facts->in_reply_to);
    m->lists = intern_strv (analysis, facts->lists, NULL);
    m->recipients = intern_strv (analysis, facts->to, facts->cc);
    m->references = intern_strv (analysis, facts->references, NULL);
    m->n_pointers = facts->pointers->len;
    m->pointers = g_new0 (MlgMessagePointer, m->n_pointers + 1);
    for (guint i = 0; i < facts->pointers->len; i++) {
        const MlgPointer *p = facts->pointers->pdata[i];
        g_autofree char *value = p->kind == MLG_POINTER_DRAFT
                                     ? g_ascii_strdown (p->value, -1)
                                     : g_strdup (p->value);
        m->pointers[i].kind = p->kind;
        m->pointers[i].value = _mlg_analysis_intern (analysis, value);
        m->pointers[i].revision = p->revision;
    }
    m->date = facts->date;
    m->kind = facts->kind;
    m->text_stance = facts->stance;
    m->stance_cue = facts->stance_cue;
    m->stance_quote = _mlg_analysis_intern (analysis, facts->stance_quote);
    m->question = _mlg_analysis_intern (analysis, facts->question);
    m->checklist = facts->checklist;
    g_ptr_array_add (analysis->messages, m);
    analysis->messages_sorted = false;
    if (!g_hash_table_contains (analysis->by_id, m->id))
        g_hash_table_insert (analysis->by_id, (char *) m->id, m);
}

void
mlg_analysis_set_now (MlgAnalysis *analysis, gint64 now)
{
    g_return_if_fail (analysis != NULL);
    analysis->now = now;
}

void
mlg_analysis_set_window (MlgAnalysis *analysis, gint64 since, gint64 until)
{
    g_return_if_fail (analysis != NULL);
    analysis->since = since;
    analysis->until = until;
}

void
mlg_analysis_add_list (MlgAnalysis *analysis, const char *list)
{
    g_return_if_fail (analysis != NULL && list != NULL);
    g_ptr_array_add (analysis->filter_lists, g_ascii_strdown (list, -1));
}

void
mlg_analysis_set_include_admin (MlgAnalysis *analysis, bool include)
{
    g_return_if_fail (analysis != NULL);
    analysis->include_admin = include;
}

/* Resolves the --list names against the lists actually seen: an exact id
 * wins, else a unique first label. */
static bool
resolve_lists (MlgAnalysis *analysis, GHashTable *wanted, GError **error)
{
    g_autoptr (GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < analysis->messages->len; i++) {
        MlgMessage *m = analysis->messages->pdata[i];
        for (const char **l = m->lists; *l != NULL; l++)
            g_hash_table_add (known, (char *) *l);
    }
    for (guint i = 0; i < analysis->filter_lists->len; i++) {
        const char *name = analysis->filter_lists->pdata[i];
        g_autoptr (GPtrArray) matches = g_ptr_array_new ();
        GHashTableIter iter;
        gpointer key;
        size_t n = strlen (name);

        if (g_hash_table_contains (known, name)) {
            g_hash_table_add (wanted, g_hash_table_lookup (known, name));
            continue;
        }
        g_hash_table_iter_init (&iter, known);
        while (g_hash_table_iter_next (&iter, &key, NULL))
            if (g_ascii_strncasecmp (key, name, n) == 0
                && ((char *) key)[n] == '.')
                g_ptr_array_add (matches, key);
        if (matches->len == 0) {
            g_set_error (error, MLG_ANALYSIS_ERROR, MLG_ERROR_NOT_FOUND,
                         "no message is on list '%s'", name);
            return false;
        }
        if (matches->len > 1) {
            g_ptr_array_sort (matches, (GCompareFunc) g_strcmp0);
            g_set_error (error, MLG_ANALYSIS_ERROR, MLG_ERROR_INVALID,
                         "list '%s' is ambiguous (%s, %s%s); give the full "
                         "list id", name, (char *) matches->pdata[0],
                         (char *) matches->pdata[1],
                         matches->len > 2 ? ", ..." : "");
            return false;
        }
        g_hash_table_add (wanted, matches->pdata[0]);
    }
    return true;
}

static void
mark_scope (MlgAnalysis *analysis, GHashTable *wanted)
{
    gint64 until = mlg_analysis_get_window_end (analysis);

    for (guint i = 0; i < analysis->messages->len; i++) {
        MlgMessage *m = analysis->messages->pdata[i];
        bool on_list = g_hash_table_size (wanted) == 0;

        for (const char **l = m->lists; !on_list && *l != NULL; l++)
            on_list = g_hash_table_contains (wanted, *l);
        m->in_scope = on_list && m->date >= analysis->since
                      && m->date <= until;
    }
}


static int compare_proposal_identity (gconstpointer a, gconstpointer b,
                                      gpointer keys);

char *
mlg_proposal_make_id (const char *name, const char *key)
{
    g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);
    g_autofree char *valid_key =
        key != NULL ? g_utf8_make_valid (key, -1) : NULL;
    /* Transliterating is costly; most names need none. */
    g_autofree char *ascii =
        g_str_is_ascii (valid) ? NULL : g_str_to_ascii (valid, "C");
    g_autofree char *hash = g_compute_checksum_for_string (
        G_CHECKSUM_SHA256, valid_key != NULL ? valid_key : valid, -1);
    g_autoptr (GString) slug = g_string_new (NULL);
    bool dash = false;

    for (const char *p = ascii != NULL ? ascii : valid; *p != '\0'; p++) {
        char c = g_ascii_tolower (*p);

        if (!g_ascii_isalnum (c)) {
            dash = true;
            continue;
        }
        if (dash && slug->len > 0) {
            if (slug->len + 2 > MLG_PROPOSAL_SLUG_MAX)
                break;
            g_string_append_c (slug, '-');
        }
        if (slug->len + 1 > MLG_PROPOSAL_SLUG_MAX)
            break;
        g_string_append_c (slug, c);
        dash = false;
    }
    if (slug->len == 0)
        g_string_append (slug, "proposal");
    return g_strdup_printf ("p-%s-%.10s", slug->str, hash);
}

/* The identity of each proposal, from the real facts (before any
 * anonymising): a proposal named by a draft or a rule is its name; one
 * named by a subject is its name and its first thread, since two
 * proposals can have one subject. Returns: proposal -> key (owned). */
static GHashTable *
identity_keys (MlgAnalysis *analysis)
{
    GHashTable *keys =
        g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);

    for (guint i = 0; i < analysis->proposals->len; i++) {
        MlgProposal *p = analysis->proposals->pdata[i];
        const MlgThread *first = p->threads->pdata[0];
        bool by_name = p->configured
                       || (p->draft != NULL && p->kind == MLG_PROPOSAL_DRAFT
                           && g_str_equal (p->name, p->draft));

        g_hash_table_insert (keys, p,
                             by_name ? g_strdup (p->name)
                                     : g_strconcat (p->name, "\n", first->id,
                                                    NULL));
    }
    return keys;
}

/* Gives every proposal its id: a slug of the name the report shows (an
 * anonymised name when anonymising, so that no real name shows) and a
 * hash of its identity key, the same with and without --anonymize. The
 * rare same id twice (a hash collision) gets "-2", "-3", in a stable
 * order. */
static void
assign_ids (MlgAnalysis *analysis, GHashTable *keys)
{
    g_autoptr (GHashTable) used =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    /* Not g_ptr_array_copy(): the copy would free the proposals. */
    g_autoptr (GPtrArray) order = g_ptr_array_new ();

    g_ptr_array_extend (order, analysis->proposals, NULL, NULL);
    g_ptr_array_sort_with_data (order, compare_proposal_identity, keys);
    for (guint i = 0; i < order->len; i++) {
        MlgProposal *p = order->pdata[i];
        const char *key = g_hash_table_lookup (keys, p);
        g_autofree char *id = mlg_proposal_make_id (p->name, key);

        for (guint n = 2; g_hash_table_contains (used, id); n++) {
            g_autofree char *base = mlg_proposal_make_id (p->name, key);
            g_free (id);
            id = g_strdup_printf ("%s-%u", base, n);
        }
        p->id = _mlg_analysis_intern (analysis, id);
        g_hash_table_add (used, g_steal_pointer (&id));
    }
}

static int
compare_proposals (gconstpointer a, gconstpointer b)
{
    const MlgProposal *p = *(MlgProposal *const *) a;
    const MlgProposal *q = *(MlgProposal *const *) b;
    bool p_admin = p->kind == MLG_PROPOSAL_ADMIN || p->kind == MLG_PROPOSAL_SPAM;
    bool q_admin = q->kind == MLG_PROPOSAL_ADMIN || q->kind == MLG_PROPOSAL_SPAM;
    int c;

    /* With --all, administrivia and spam come after every proposal: they
     * are shown, not ranked among what chairs choose from. */
    if (p_admin != q_admin)
        return p_admin ? 1 : -1;
    if (p->score != q->score)
        return p->score > q->score ? -1 : 1;
    if ((c = strcmp (p->name, q->name)) != 0)
        return c;
    if (p->features.first != q->features.first)
        return p->features.first < q->features.first ? -1 : 1;
    return strcmp (((MlgThread *) p->threads->pdata[0])->id,
                   ((MlgThread *) q->threads->pdata[0])->id);
}

/* A stable order of proposals for numbering ids: by identity key. */
static int
compare_proposal_identity (gconstpointer a, gconstpointer b, gpointer keys)
{
    const MlgProposal *p = *(MlgProposal *const *) a;
    const MlgProposal *q = *(MlgProposal *const *) b;
    int c = strcmp (g_hash_table_lookup (keys, p),
                    g_hash_table_lookup (keys, q));

    return c != 0 ? c : strcmp (p->name, q->name);
}

static int
compare_people (gconstpointer a, gconstpointer b)
{
    const MlgPerson *p = *(MlgPerson *const *) a;
    const MlgPerson *q = *(MlgPerson *const *) b;
    int c;

    if (p->messages != q->messages)
        return p->messages > q->messages ? -1 : 1;
    if ((c = strcmp (p->name, q->name)) != 0)
        return c;
    return strcmp (p->address, q->address);
}

static void
count_people (MlgAnalysis *analysis)
{
    g_autoptr (GHashTable) seen_thread = g_hash_table_new_full (
        g_direct_hash, g_direct_equal, NULL,
        (GDestroyNotify) g_hash_table_unref);

    for (guint i = 0; i < analysis->persons->len; i++) {
        MlgPerson *p = analysis->persons->pdata[i];
        p->messages = p->threads = p->proposals = 0;
        p->supports = p->objections = 0;
        p->first = p->last = 0;
    }
    for (guint r = 0; r < analysis->reported->len; r++) {
        MlgProposal *proposal = analysis->reported->pdata[r];

        for (guint t = 0; t < proposal->threads->len; t++) {
            MlgThread *thread = proposal->threads->pdata[t];
            for (guint i = 0; i < thread->messages->len; i++) {
                MlgMessage *m = thread->messages->pdata[i];
                MlgPerson *p = m->person;
                GHashTable *who;

                if (!m->in_scope || p == NULL)
                    continue;
                if (p->messages == 0 || m->date < p->first)
                    p->first = m->date;
                if (p->messages == 0 || m->date > p->last)
                    p->last = m->date;
                p->messages++;
                /* Threads this person wrote in, once each. */
                who = g_hash_table_lookup (seen_thread, m->thread);
                if (who == NULL) {
                    who = g_hash_table_new (g_direct_hash, g_direct_equal);
                    g_hash_table_insert (seen_thread, m->thread, who);
                }
                if (g_hash_table_add (who, p))
                    p->threads++;
            }
        }
        /* Proposals, supports and objections from the one table. */
        for (guint i = 0; i < proposal->participants->len; i++) {
            const MlgParticipant *part = proposal->participants->pdata[i];
            MlgPerson *p = (MlgPerson *) part->person;

            p->proposals++;
            if (part->stance == MLG_STANCE_SUPPORT)
                p->supports++;
            else if (part->stance == MLG_STANCE_OBJECTION)
                p->objections++;
        }
    }
    analysis->report_people = g_ptr_array_new ();
    for (guint i = 0; i < analysis->persons->len; i++) {
        MlgPerson *p = analysis->persons->pdata[i];
        if (p->messages > 0)
            g_ptr_array_add (analysis->report_people, p);
    }
    g_ptr_array_sort (analysis->report_people, compare_people);
}

static int
compare_threads_in_proposal (gconstpointer a, gconstpointer b)
{
    const MlgThread *s = *(MlgThread *const *) a;
    const MlgThread *t = *(MlgThread *const *) b;

    if (s->first != t->first)
        return s->first < t->first ? -1 : 1;
    return strcmp (s->id, t->id);
}

static int
compare_messages_by_id (gconstpointer a, gconstpointer b)
{
    const MlgMessage *m = *(MlgMessage *const *) a;
    const MlgMessage *n = *(MlgMessage *const *) b;

    return strcmp (m->id, n->id);
}

bool
mlg_analysis_run (MlgAnalysis *analysis, GError **error)
{
    g_autoptr (GHashTable) wanted = NULL;
    g_autoptr (GHashTable) keys = NULL;

    g_return_val_if_fail (analysis != NULL, false);
    clear_results (analysis);
    if (analysis->since != MLG_NO_SINCE && analysis->until != MLG_NO_UNTIL
        && analysis->since > analysis->until) {
        g_set_error (error, MLG_ANALYSIS_ERROR, MLG_ERROR_INVALID,
                     "the window starts after it ends (--since is later "
                     "than --until)");
        return false;
    }
    wanted = g_hash_table_new (g_str_hash, g_str_equal);
    if (!resolve_lists (analysis, wanted, error))
        return false;
    mark_scope (analysis, wanted);

    /* The store hands messages over in the order they were indexed, which
     * depends on the order archives were given; sorted by id (a stable
     * sort: duplicates keep the order they came in), every result is the
     * same whatever that order was. */
    if (!analysis->messages_sorted) {
        g_ptr_array_sort (analysis->messages, compare_messages_by_id);
        analysis->messages_sorted = true;
    }
    /* Identities first: threading asks who wrote a reply. */
    _mlg_identity_build (analysis);
    _mlg_thread_build (analysis);
    for (guint i = 0; i < analysis->threads->len; i++)
        _mlg_score_thread (analysis->threads->pdata[i]);
    _mlg_proposal_build (analysis);

    analysis->reported = g_ptr_array_new ();
    for (guint i = 0; i < analysis->proposals->len; i++) {
        MlgProposal *p = analysis->proposals->pdata[i];
        bool has_person = false;

        _mlg_participants_build (analysis, p);
        _mlg_score_proposal (analysis, p);
        for (guint t = 0; t < p->threads->len && !has_person; t++) {
            MlgThread *thread = p->threads->pdata[t];
            for (guint k = 0; k < thread->messages->len; k++) {
                MlgMessage *m = thread->messages->pdata[k];
                if (m->in_scope && m->person != NULL) {
                    has_person = true;
                    break;
                }
            }
        }
        /* Announcements alone (an I-D Action nobody discussed) are not
         * interest, and administrivia and spam are only wanted with
         * --all. */
        if (!has_person
            || ((p->kind == MLG_PROPOSAL_ADMIN || p->kind == MLG_PROPOSAL_SPAM)
                && !analysis->include_admin))
            continue;
        g_ptr_array_add (analysis->reported, p);
    }
    /* Before anything is sorted by name, so that the order of pseudonyms
     * is all the ranking reveals. */
    keys = identity_keys (analysis);
    _mlg_anonymize_apply (analysis);
    assign_ids (analysis, keys);
    g_ptr_array_sort (analysis->reported, compare_proposals);

    analysis->report_threads = g_ptr_array_new ();
    for (guint r = 0; r < analysis->reported->len; r++) {
        MlgProposal *p = analysis->reported->pdata[r];
        g_autoptr (GPtrArray) threads = g_ptr_array_new ();

        p->rank = r + 1;
        for (guint t = 0; t < p->threads->len; t++) {
            MlgThread *thread = p->threads->pdata[t];
            if (thread->scope_messages > 0)
                g_ptr_array_add (threads, thread);
        }
        g_ptr_array_sort (threads, compare_threads_in_proposal);
        g_ptr_array_extend (analysis->report_threads, threads, NULL, NULL);
    }
    count_people (analysis);
    return true;
}

const GPtrArray *
mlg_analysis_get_proposals (MlgAnalysis *analysis)
{
    g_return_val_if_fail (analysis != NULL && analysis->reported, NULL);
    return analysis->reported;
}

const GPtrArray *
mlg_analysis_get_threads (MlgAnalysis *analysis)
{
    g_return_val_if_fail (analysis != NULL && analysis->report_threads, NULL);
    return analysis->report_threads;
}

const GPtrArray *
mlg_analysis_get_people (MlgAnalysis *analysis)
{
    g_return_val_if_fail (analysis != NULL && analysis->report_people, NULL);
    return analysis->report_people;
}

const GPtrArray *
mlg_analysis_get_all_threads (MlgAnalysis *analysis)
{
    g_return_val_if_fail (analysis != NULL && analysis->threads, NULL);
    return analysis->threads;
}

const MlgMessage *
mlg_analysis_get_message (MlgAnalysis *analysis, const char *id)
{
    g_return_val_if_fail (analysis != NULL && id != NULL, NULL);
    return g_hash_table_lookup (analysis->by_id, id);
}

const MlgPerson *
mlg_analysis_get_person (MlgAnalysis *analysis, const char *address)
{
    g_autofree char *lower = NULL;

    g_return_val_if_fail (analysis != NULL && address != NULL, NULL);
    if (analysis->person_by_addr == NULL)
        return NULL;
    lower = g_ascii_strdown (address, -1);
    return g_hash_table_lookup (analysis->person_by_addr,
                                _mlg_config_alias (analysis->config, lower));
}

guint
mlg_analysis_get_message_count (MlgAnalysis *analysis)
{
    g_return_val_if_fail (analysis != NULL, 0);
    return analysis->messages->len;
}

void
mlg_analysis_get_window (MlgAnalysis *analysis, gint64 *since,
                         gint64 *until)
{
    g_return_if_fail (analysis != NULL && since != NULL && until != NULL);
    *since = analysis->since;
    *until = analysis->until;
}

gint64
mlg_analysis_get_now (MlgAnalysis *analysis)
{
    g_return_val_if_fail (analysis != NULL, 0);
    return analysis->now;
}

gint64
mlg_analysis_get_window_end (MlgAnalysis *analysis)
{
    g_return_val_if_fail (analysis != NULL, 0);
    return analysis->until == MLG_NO_UNTIL ? analysis->now : analysis->until;
}

const char *
mlg_proposal_kind_to_string (MlgProposalKind kind)
{
    switch (kind) {
    case MLG_PROPOSAL_DRAFT:
        return "draft";
    case MLG_PROPOSAL_DISCUSSION:
        return "discussion";
    case MLG_PROPOSAL_ADMIN:
        return "admin";
    case MLG_PROPOSAL_SPAM:
        return "spam";
    }
    return "unknown";
}

/* ---------------------------------------------------------------- */
/* Helpers                                                            */
/* ---------------------------------------------------------------- */

bool
mlg_parse_date (const char *text, bool end_of_day, gint64 *out,
                GError **error)
{
    g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
    g_autoptr (GDateTime) dt = NULL;
    int y, mo, d;
    char tail;

    g_return_val_if_fail (text != NULL && out != NULL, false);
    if (sscanf (text, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) == 3
        && strlen (text) == 10) {
        dt = g_date_time_new (utc, y, mo, d, 0, 0, 0);
        if (dt != NULL) {
            *out = g_date_time_to_unix (dt) + (end_of_day ? MLG_DAY - 1 : 0);
            return true;
        }
    } else {
        dt = g_date_time_new_from_iso8601 (text, utc);
        if (dt != NULL) {
            *out = g_date_time_to_unix (dt);
            return true;
        }
    }
    g_set_error (error, MLG_ANALYSIS_ERROR, MLG_ERROR_INVALID,
                 "'%s' is not an ISO 8601 date (e.g. 2024-03-01 or "
                 "2024-03-01T12:00:00Z)", text);
    return false;
}

