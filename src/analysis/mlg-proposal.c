/* mlg-proposal.c - from threads to proposals, the unit chairs rank: what a
 * reader of the list would call one proposal.
 *
 * Each thread, oldest first, is in this order:
 * - excluded by the config (no proposal);
 * - administrivia or spam (a proposal of its own, of kind admin or spam,
 *   ranked only with --all): see classify();
 * - claimed by a `[proposal NAME]` rule (merge or rename): the config
 *   always wins;
 * - grouped with every other thread of the same primary draft, whatever
 *   the revision, list or month;
 * - joined to an earlier proposal it repeats: the same subject once tags
 *   and version marks are gone, re-sent by the same person (a repost
 *   under another tag, a new version of a patch), or a fork that says
 *   "(was: ...)" of it, or a reply under its subject whose parent is not
 *   archived; all within `repost_window` of the thread it matched (a
 *   higher version number within `version_window`), which the thread
 *   keeps (MlgThread.join, .joined_to) so that `show` can say why;
 * - else its own proposal, named by its normalised subject.
 * Then each proposal gets its opening mail and its proponents: the
 * opening's author when the opening is archived (never a replier when it
 * is not), the authors of reposts and new versions of it, the draft's
 * authors from I-D announcements, and the config's `proponents=`. */
#include "mlg-analysis-private.h"

#include <string.h>

const char *
_mlg_proposal_primary_draft (const MlgMessage *root)
{
    g_autofree char *subject = NULL;
    const char *best = NULL;
    guint best_n = 0;

    if (root == NULL)
        return NULL;
    subject = g_ascii_strdown (root->subject, -1);
    /* A draft named in the subject is what the thread is about. */
    for (guint i = 0; i < root->n_pointers; i++)
        if (root->pointers[i].kind == MLG_POINTER_DRAFT
            && strstr (subject, root->pointers[i].value) != NULL)
            return root->pointers[i].value;
    /* Else the draft the opening mail names most; the first named wins a
     * tie (pointers come in order of first mention). */
    for (guint i = 0; i < root->n_pointers; i++) {
        guint n = 0;
        if (root->pointers[i].kind != MLG_POINTER_DRAFT)
            continue;
        for (guint k = 0; k < root->n_pointers; k++)
            if (root->pointers[k].kind == MLG_POINTER_DRAFT
                && root->pointers[k].value == root->pointers[i].value)
                n++;
        if (n > best_n) {
            best = root->pointers[i].value;
            best_n = n;
        }
    }
    return best;
}

/* ---------------------------------------------------------------- */
/* Administrivia and spam                                             */
/* ---------------------------------------------------------------- */

/* Words of a subject that make a thread administrivia by themselves:
 * agendas (not a request for agenda time), calls for topics, papers or
 * nominations, CFPs, "topics for ...", session requests, elections,
 * nominations, ballots, kick-offs, attendee lists, registration, chair
 * and list announcements, a list that "is now on" another host. Meeting
 * minutes are found by minutes_of_meeting(). */
static const char strong_words[] =
    "\\b(?:calls? for (?:agenda|topics?|proposals?|papers|presentations?|"
    "participation|nominations?|submissions?|speakers|volunteers|talks|"
    "abstracts|sessions?|contributions|input)\\b"
    "|requests? for (?:agenda items|topics|proposals|nominations)\\b"
    "|cfp\\b|topics for\\b"
    "|agenda (?:for|of|posted|items?|and|v\\d+)\\b"
    "|(?:draft|preliminary|final|updated|revised|proposed|tentative)\\b"
    "[^:]{0,40}\\bagenda\\b"
    "|agenda\\s*(?:\\(v?\\d+\\)|\\[v?\\d+\\]|v\\d+)?$"
    "|sessions? requests?\\b|meeting materials\\b"
    "|interim meeting\\b|chairs? announcement\\b"
    "|new (?:co-?)?chairs?\\b|list announcement\\b"
    "|elections?\\b|(?:self-?)?nominat(?:ion|ions|ed|e|ing)\\b"
    "|nominees?\\b|ballots?\\b|voting\\b|kick-?off\\b"
    "|attendees?\\b|registration\\b"
    "|new (?:non-wg )?(?:mailing )?list\\b"
    "|(?:is|are) now (?:on|at) [a-z0-9-]+(?:\\.[a-z0-9-]+)+)";

/* Words that mark administrivia only when something else says so too
 * (see weak_support()): a schedule or a reminder may also be what a
 * proposal is about. */
static const char weak_words[] =
    "\\b(?:schedules?|reminders?|results?|announce(?:ment|ments|d)?"
    "|announcing|submissions?|deadlines?|welcome|logistics|planning"
    "|recordings?)\\b";

/* Words before "minutes" that make it a duration ("in 10 minutes", "a
 * few minutes"), not the minutes of a meeting. */
static const char *const duration_words[] = {
    "a", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "fifteen", "twenty", "thirty", "forty", "fifty",
    "sixty", "ninety", "few", "several", "more", "less", "fewer",
    "many", "some", "extra", "additional", "spare", "couple", "of",
    "last", "first", "next", "final", "those", "these", NULL,
};

/* Recipients at or above this many make an announcement of a weak word. */
#define MASS_RECIPIENTS 10

typedef struct {
    GRegex *strong;
    GRegex *weak;
} Vocabulary;

static const Vocabulary *
vocabulary (void)
{
    static gsize once = 0;
    static Vocabulary v;

    if (g_once_init_enter (&once)) {
        /* Groups that capture nothing, and bytes rather than UTF-8
         * (every word here is ASCII, and the subject is valid already):
         * each saves work on every match. */
        v.strong = g_regex_new (strong_words,
                                G_REGEX_OPTIMIZE | G_REGEX_RAW, 0, NULL);
        v.weak = g_regex_new (weak_words, G_REGEX_OPTIMIZE | G_REGEX_RAW, 0,
                              NULL);
        g_assert (v.strong != NULL && v.weak != NULL);
        g_once_init_leave (&once, 1);
    }
    return &v;
}

/* True when the folded subject speaks of the minutes of a meeting:
 * "minutes" not after a number or a quantity ("in 10 minutes", "a few
 * minutes", "5-minute"). */
static bool
minutes_of_meeting (const char *subject)
{
    for (const char *p = subject; (p = strstr (p, "minutes")) != NULL;
         p++) {
        const char *end = p + strlen ("minutes");
        const char *w;
        g_autofree char *before = NULL;
        bool duration = false;

        if ((p > subject && g_ascii_isalnum (p[-1]))
            || g_ascii_isalnum (*end))
            continue;
        /* The word before it. */
        w = p;
        while (w > subject && (w[-1] == ' ' || w[-1] == '-'))
            w--;
        end = w;
        while (w > subject && w[-1] != ' ' && w[-1] != '-' && w[-1] != '(')
            w--;
        before = g_strndup (w, (gsize) (end - w));
        if (*before != '\0' && g_ascii_isdigit (before[strlen (before) - 1]))
            duration = true;
        for (guint i = 0; !duration && duration_words[i] != NULL; i++)
            duration = g_str_equal (before, duration_words[i]);
        if (!duration)
            return true;
    }
    return false;
}

/* Words one of which every match of strong_words (weak_words) holds: a
 * subject without any of them cannot match, and most subjects have none,
 * so the patterns, costly to run, run on few. */
static const char *const strong_triggers[] = {
    "call", "request", "cfp", "topics", "agenda", "session", "meeting",
    "interim", "chair", "list", "election", "nominat", "nominee", "ballot",
    "voting", "kick", "attendee", "registration", "now on", "now at", NULL,
};
static const char *const weak_triggers[] = {
    "schedule", "reminder", "result", "announc", "submission", "deadline",
    "welcome", "logistics", "planning", "recording", NULL,
};

static bool
matches (GRegex *regex, const char *const *triggers, const char *text)
{
    bool maybe = false;

    for (guint i = 0; triggers[i] != NULL && !maybe; i++)
        maybe = strstr (text, triggers[i]) != NULL;
    return maybe && g_regex_match (regex, text, 0, NULL);
}

/* True when the folded subject has the strong vocabulary. */
static bool
strong_vocabulary (const char *subject)
{
    return matches (vocabulary ()->strong, strong_triggers, subject)
           || minutes_of_meeting (subject);
}

/* What the classification needs to know about the whole list. */
typedef struct {
    MlgAnalysis *analysis;
    /* MlgPerson * -> threads they opened whose subject has the strong
     * vocabulary: who sends the list's administrivia. */
    GHashTable *organisers;
    /* MlgPerson * set: people who wrote in a thread where someone else
     * wrote too (they take part in the list). */
    GHashTable *talkers;
    /* List ids (interned) whose messages mostly carry To/Cc addresses;
     * archives that drop them (pipermail) cannot tell Bcc from unknown. */
    GHashTable *addressed_lists;
    /* "person\nsubject" -> Repeats: threads opened with that subject
     * that nobody answered. */
    GHashTable *unanswered;
    /* MlgThread * set: threads whose subject has the strong vocabulary. */
    GHashTable *strong;
} Classifier;

/* How often, over how long, one sender opened one subject unanswered. */
typedef struct {
    guint n;
    gint64 first;
    gint64 last;
} Repeats;

/* Repeats that make spam: the same unanswered mail at least twice, a
 * week or more apart (a newcomer asking again does so within days, and
 * marks it RESEND). */
#define SPAM_REPEATS 2
#define SPAM_REPEAT_SPAN (7 * MLG_DAY)

/* True when nobody but the sender of the opening wrote in the thread. */
static bool
unanswered (const MlgThread *t)
{
    const MlgPerson *who = t->root->person;

    for (guint i = 0; i < t->messages->len; i++) {
        const MlgMessage *m = t->messages->pdata[i];
        if (m->person != who)
            return false;
    }
    return true;
}

static char *
sender_key (const MlgThread *t)
{
    return g_strdup_printf ("%p\n%s", (void *) t->root->person,
                            t->root->subject_norm);
}

static void
classifier_init (Classifier *c, MlgAnalysis *analysis)
{
    c->analysis = analysis;
    c->organisers = g_hash_table_new (g_direct_hash, g_direct_equal);
    c->talkers = g_hash_table_new (g_direct_hash, g_direct_equal);
    c->unanswered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           g_free);
    c->addressed_lists = g_hash_table_new (g_direct_hash, g_direct_equal);
    c->strong = g_hash_table_new (g_direct_hash, g_direct_equal);
    {
        /* list -> openings with recipients minus those without: the
         * openings tell what the archive keeps. */
        g_autoptr (GHashTable) balance =
            g_hash_table_new (g_direct_hash, g_direct_equal);
        GHashTableIter iter;
        gpointer key, value;

        for (guint i = 0; i < analysis->threads->len; i++) {
            const MlgMessage *m =
                ((const MlgThread *) analysis->threads->pdata[i])->root;
            int d = m->recipients[0] != NULL ? 1 : -1;
            for (const char **l = m->lists; *l != NULL; l++) {
                int n = GPOINTER_TO_INT (g_hash_table_lookup (balance, *l));
                g_hash_table_insert (balance, (gpointer) *l,
                                     GINT_TO_POINTER (n + d));
            }
        }
        g_hash_table_iter_init (&iter, balance);
        while (g_hash_table_iter_next (&iter, &key, &value))
            if (GPOINTER_TO_INT (value) > 0)
                g_hash_table_add (c->addressed_lists, key);
    }
    for (guint i = 0; i < analysis->threads->len; i++) {
        const MlgThread *t = analysis->threads->pdata[i];
        const MlgPerson *opener = t->root->person;

        if (!unanswered (t)) {
            for (guint k = 0; k < t->messages->len; k++) {
                const MlgMessage *m = t->messages->pdata[k];
                if (m->person != NULL)
                    g_hash_table_add (c->talkers, m->person);
            }
        } else if (opener != NULL) {
            char *key = sender_key (t);
            Repeats *r = g_hash_table_lookup (c->unanswered, key);

            if (r == NULL) {
                r = g_new0 (Repeats, 1);
                r->first = r->last = t->root->date;
                g_hash_table_insert (c->unanswered, key, r);
            } else {
                g_free (key);
            }
            r->n++;
            r->first = MIN (r->first, t->root->date);
            r->last = MAX (r->last, t->root->date);
        }
        if (!strong_vocabulary (t->root->subject_norm))
            continue;
        g_hash_table_add (c->strong, (gpointer) t);
        if (opener != NULL && !t->opening_missing) {
            guint n = GPOINTER_TO_UINT (
                g_hash_table_lookup (c->organisers, opener));
            g_hash_table_insert (c->organisers, (gpointer) opener,
                                 GUINT_TO_POINTER (n + 1));
        }
    }
}

static void
classifier_clear (Classifier *c)
{
    g_hash_table_unref (c->organisers);
    g_hash_table_unref (c->talkers);
    g_hash_table_unref (c->unanswered);
    g_hash_table_unref (c->addressed_lists);
    g_hash_table_unref (c->strong);
}

/* True when `m` was sent to one of its lists: a To/Cc address that is the
 * list's (List-Id "x.example.org" is the list x@example.org). Unknown
 * (true) when no list id has that form, as for archives named by folder,
 * or when the list's archive keeps no recipients. */
static bool
sent_to_list (const Classifier *c, const MlgMessage *m)
{
    bool known = false;

    for (const char **l = m->lists; *l != NULL; l++) {
        const char *dot = strchr (*l, '.');
        size_t label;

        if (dot == NULL || !g_hash_table_contains (c->addressed_lists, *l))
            continue;
        known = true;
        label = (size_t) (dot - *l);
        for (const char **r = m->recipients; *r != NULL; r++) {
            const char *at = strchr (*r, '@');
            if (at == NULL)
                continue;
            if ((size_t) (at - *r) == label
                && g_ascii_strncasecmp (*r, *l, label) == 0)
                return true;
        }
    }
    return !known;
}

static guint
count_recipients (const MlgMessage *m)
{
    guint n = 0;

    for (const char **r = m->recipients; *r != NULL; r++)
        n++;
    return n;
}

/* The supporting evidence that weak words need: a chair or a sender of
 * the list's administrivia opened it, nobody else wrote in it, or it went
 * to many people at once. */
static bool
weak_support (const Classifier *c, const MlgThread *t)
{
    const MlgPerson *opener = t->root->person;

    return (opener != NULL
            && (opener->chair
                || GPOINTER_TO_UINT (g_hash_table_lookup (c->organisers,
                                                          opener)) >= 2))
           || unanswered (t) || count_recipients (t->root) >= MASS_RECIPIENTS;
}

/* Spam: a person who never took part in the list sent it, nobody
 * answered, it has no topic tag, and it was not addressed to the list
 * (undisclosed recipients) or was sent again and again, weeks apart,
 * unanswered. */
static bool
spam (const Classifier *c, const MlgThread *t, const MlgSubjectInfo *info)
{
    const MlgPerson *opener = t->root->person;
    g_autofree char *key = NULL;
    const Repeats *r;

    if (opener == NULL || t->opening_missing || info->tags->len > 0
        || info->resend || g_hash_table_contains (c->talkers, opener)
        || !unanswered (t))
        return false;
    if (!sent_to_list (c, t->root))
        return true;
    key = sender_key (t);
    r = g_hash_table_lookup (c->unanswered, key);
    return r != NULL && r->n >= SPAM_REPEATS
           && r->last - r->first >= SPAM_REPEAT_SPAN;
}

static MlgAdminReason
classify (const Classifier *c, const MlgThread *thread,
          const MlgSubjectInfo *info)
{
    const MlgConfig *config = c->analysis->config;
    const MlgMessage *root = thread->root;
    g_autofree char *subject = g_ascii_strdown (root->subject, -1);

    /* A draft named in the subject makes a request ("Request for time on
     * the agenda for IETF 119: draft-x"), whatever else the subject says;
     * an agenda that lists drafts names them in its text. */
    for (guint i = 0; i < root->n_pointers; i++)
        if (root->pointers[i].kind == MLG_POINTER_DRAFT
            && strstr (subject, root->pointers[i].value) != NULL)
            return MLG_ADMIN_NONE;
    if (_mlg_config_match_any (config->admin_subjects, root->subject_norm))
        return MLG_ADMIN_CONFIG;
    /* Tools (session requests, meeting notices) open admin threads; draft
     * announcements are evidence for their draft, not admin. */
    if (root->kind == MLG_KIND_AUTOMATED && thread->draft == NULL)
        return MLG_ADMIN_AUTOMATED;
    /* A thread whose opening is lost is known by a reply's subject, which
     * is the opening's: the words still tell. */
    if (g_hash_table_contains (c->strong, thread))
        return MLG_ADMIN_VOCABULARY;
    /* A topic tag ([TECH TOPIC], [PATCH]) marks a proposal: weak words
     * there are its subject. */
    if (info->tags->len == 0 && !thread->opening_missing
        && matches (vocabulary ()->weak, weak_triggers, root->subject_norm)
        && weak_support (c, thread))
        return MLG_ADMIN_ORGANISER;
    return MLG_ADMIN_NONE;
}

/* ---------------------------------------------------------------- */
/* Grouping                                                           */
/* ---------------------------------------------------------------- */

void
_mlg_proposal_free (MlgProposal *proposal)
{
    if (proposal == NULL)
        return;
    g_ptr_array_unref (proposal->threads);
    g_ptr_array_unref (proposal->proponents);
    if (proposal->participants != NULL)
        g_ptr_array_unref (proposal->participants);
    if (proposal->features.lists != NULL)
        g_ptr_array_unref (proposal->features.lists);
    g_free (proposal);
}

/* Returns: whether a pattern of the config matches `draft` or, for a
 * renamed draft, any name of its replaces chain: a rule written for the
 * individual draft still holds after adoption. */
static bool
draft_matches (MlgAnalysis *analysis, GPtrArray *patterns, const char *draft)
{
    const MlgDtDraft *chain;
    const GPtrArray *names;

    if (draft == NULL)
        return false;
    if (_mlg_config_match_any (patterns, draft))
        return true;
    chain = _mlg_dt_draft (analysis, draft);
    names = chain != NULL ? _mlg_dt_draft_names (chain) : NULL;
    for (guint i = 0; names != NULL && i < names->len; i++)
        if (_mlg_config_match_any (patterns, names->pdata[i]))
            return true;
    return false;
}

static bool
excluded (MlgAnalysis *analysis, const MlgThread *thread)
{
    const MlgConfig *config = analysis->config;

    return g_hash_table_contains (config->exclude_threads, thread->id)
           || draft_matches (analysis, config->exclude_drafts, thread->draft)
           || _mlg_config_match_any (config->exclude_subjects,
                                     thread->root->subject_norm);
}

static const MlgProposalRule *
find_rule (MlgAnalysis *analysis, const MlgThread *thread)
{
    const MlgConfig *config = analysis->config;

    for (guint i = 0; i < config->rules->len; i++) {
        const MlgProposalRule *rule = config->rules->pdata[i];
        if (draft_matches (analysis, rule->drafts, thread->draft)
            || _mlg_config_match_any (rule->subjects,
                                      thread->root->subject_norm))
            return rule;
    }
    return NULL;
}

static int
compare_threads (gconstpointer a, gconstpointer b)
{
    const MlgThread *s = *(MlgThread *const *) a;
    const MlgThread *t = *(MlgThread *const *) b;

    if (s->root->date != t->root->date)
        return s->root->date < t->root->date ? -1 : 1;
    return strcmp (s->id, t->id);
}

static int
compare_person_names (gconstpointer a, gconstpointer b)
{
    const MlgPerson *p = *(MlgPerson *const *) a;
    const MlgPerson *q = *(MlgPerson *const *) b;
    int c = strcmp (p->name, q->name);

    return c != 0 ? c : strcmp (p->address, q->address);
}

static void
add_proponent (MlgProposal *proposal, const MlgPerson *person)
{
    if (person != NULL
        && !g_ptr_array_find (proposal->proponents, person, NULL))
        g_ptr_array_add (proposal->proponents, (gpointer) person);
}

/* The date of the last message of `t`, whatever the window. */
static gint64
thread_last (const MlgThread *t)
{
    return ((MlgMessage *) t->messages->pdata[t->messages->len - 1])->date;
}

/* A thread's subject as grouping reads it. */
typedef struct {
    MlgThread *thread;
    MlgSubjectInfo info;
    guint order;        /* position among the threads, oldest first */
    bool joinable;      /* may be matched by later threads */
} Entry;

/* True when `later` is the same proposal sent again by the same person as
 * `earlier`: a repost under another tag, a new version, or RESEND. A key
 * of one word ("Question") is only a repost when the sender marks it as
 * one (another tag, a version, RESEND): two questions are not one. */
static bool
same_proposal_again (const Entry *earlier, const Entry *later)
{
    const MlgMessage *a = earlier->thread->root;
    const MlgMessage *b = later->thread->root;

    if (later->thread->opening_missing || b->person == NULL
        || *later->info.key == '\0'
        || !g_str_equal (earlier->info.key, later->info.key))
        return false;
    if (!earlier->thread->opening_missing && a->person != b->person)
        return false;
    if (_mlg_subject_key_words (later->info.key) < 2
        && later->info.version == earlier->info.version
        && !later->info.resend
        && !_mlg_subject_info_new_tag (&later->info, &earlier->info))
        return false;
    return true;
}

/* The next candidate of two lists of entries (by processing order), the
 * latest first: `*a` and `*b` count down. */
static Entry *
next_latest (GPtrArray *la, guint *a, GPtrArray *lb, guint *b)
{
    Entry *x = la != NULL && *a > 0 ? la->pdata[*a - 1] : NULL;
    Entry *y = lb != NULL && *b > 0 ? lb->pdata[*b - 1] : NULL;

    if (x != NULL && (y == NULL || x->order > y->order)) {
        (*a)--;
        return x;
    }
    if (y != NULL)
        (*b)--;
    return y;
}

/* Finds the earlier thread that `e` repeats, the latest first, within the
 * window (a new version, whose higher number says it continues the
 * earlier one, within the longer version window); sets `*why`. Only
 * threads of the same subject or of the one it says it forked from can
 * match: `by_subject` (key -> joinable entries, in order) holds them. */
static Entry *
find_earlier (const MlgConfig *config, GHashTable *by_subject, Entry *e,
              MlgJoin *why)
{
    gint64 date = e->thread->root->date;
    gint64 window = config->repost_window;
    GPtrArray *same = *e->info.key != '\0'
                          ? g_hash_table_lookup (by_subject, e->info.key)
                          : NULL;
    GPtrArray *forked =
        e->info.was_key != NULL
                && !g_str_equal (e->info.was_key, e->info.key)
            ? g_hash_table_lookup (by_subject, e->info.was_key)
            : NULL;
    guint a = same != NULL ? same->len : 0;
    guint b = forked != NULL ? forked->len : 0;
    bool again_seen = false;
    Entry *x;

    while ((x = next_latest (same, &a, forked, &b)) != NULL) {
        bool newer = e->info.version > x->info.version;

        /* Only the latest earlier sending counts: v5 sent again half a
         * year after v5 is a new round, whatever v4 was. */
        if (!again_seen && same_proposal_again (x, e)) {
            again_seen = true;
            if (date - x->thread->root->date
                <= (newer ? MAX (window, config->version_window) : window)) {
                *why = e->info.version != x->info.version ? MLG_JOIN_VERSION
                                                          : MLG_JOIN_REPOST;
                return x;
            }
        }
        /* A fork names what it forked from; it comes while that is
         * discussed, so the window runs from its last message. */
        if (e->info.was_key != NULL && e->thread->split_from == NULL
            && g_str_equal (e->info.was_key, x->info.key)
            && date - thread_last (x->thread) <= window) {
            *why = MLG_JOIN_FORK;
            return x;
        }
        /* Replies whose parent is lost, under the subject of a thread
         * that was being discussed. */
        if (e->thread->opening_missing && *e->info.key != '\0'
            && g_str_equal (e->info.key, x->info.key)
            && date - thread_last (x->thread) <= window) {
            *why = MLG_JOIN_LOST_PARENT;
            return x;
        }
    }
    return NULL;
}

static MlgProposal *
proposal_new (MlgAnalysis *analysis, const char *name, MlgProposalKind kind)
{
    MlgProposal *p = g_new0 (MlgProposal, 1);

    p->name = _mlg_analysis_intern (analysis, name);
    p->kind = kind;
    p->threads = g_ptr_array_new ();
    p->proponents = g_ptr_array_new ();
    p->features.latest_revision = -1;
    p->features.first_reply = -1;
    return p;
}

/* ---------------------------------------------------------------- */
/* Openings and proponents                                            */
/* ---------------------------------------------------------------- */

/* Draft -> author names (const char *, interned) from the I-D
 * announcements' `Authors:` lines. */
static GHashTable *
draft_authors (MlgAnalysis *analysis)
{
    GHashTable *authors = g_hash_table_new_full (
        g_direct_hash, g_direct_equal, NULL,
        (GDestroyNotify) g_ptr_array_unref);

    for (guint i = 0; i < analysis->messages->len; i++) {
        const MlgMessage *m = analysis->messages->pdata[i];

        if (m->kind != MLG_KIND_DRAFT_ANNOUNCEMENT)
            continue;
        for (guint d = 0; d < m->n_pointers; d++) {
            GPtrArray *names;

            const char *draft;

            if (m->pointers[d].kind != MLG_POINTER_DRAFT)
                continue;
            draft = _mlg_dt_canonical (analysis, m->pointers[d].value);
            names = g_hash_table_lookup (authors, draft);
            if (names == NULL) {
                names = g_ptr_array_new ();
                g_hash_table_insert (authors, (gpointer) draft, names);
            }
            for (guint k = 0; k < m->n_pointers; k++)
                if (m->pointers[k].kind == MLG_POINTER_AUTHOR
                    && !g_ptr_array_find (names, m->pointers[k].value, NULL))
                    g_ptr_array_add (names, (gpointer) m->pointers[k].value);
        }
    }
    return authors;
}

/* Adds as proponents the people who wrote in `proposal` and whose name is
 * one of the authors of its drafts ("J. Smith" is Jane Smith). */
static void
add_draft_authors (MlgProposal *proposal, GHashTable *authors)
{
    g_autoptr (GPtrArray) names = g_ptr_array_new ();

    for (guint t = 0; t < proposal->threads->len; t++) {
        const MlgThread *thread = proposal->threads->pdata[t];
        GPtrArray *of = thread->draft != NULL
                            ? g_hash_table_lookup (authors, thread->draft)
                            : NULL;
        for (guint i = 0; of != NULL && i < of->len; i++)
            if (!g_ptr_array_find (names, of->pdata[i], NULL))
                g_ptr_array_add (names, of->pdata[i]);
    }
    if (names->len == 0)
        return;
    for (guint t = 0; t < proposal->threads->len; t++) {
        const MlgThread *thread = proposal->threads->pdata[t];
        for (guint i = 0; i < thread->messages->len; i++) {
            const MlgMessage *m = thread->messages->pdata[i];
            if (m->person == NULL
                || g_ptr_array_find (proposal->proponents, m->person, NULL))
                continue;
            for (guint k = 0; k < names->len; k++)
                if (_mlg_identity_is_author (m->person, names->pdata[k])) {
                    add_proponent (proposal, m->person);
                    break;
                }
        }
    }
}

/* Adds as proponents the authors the Datatracker gives for the drafts of
 * `proposal`: the people who own an author's address, and the people
 * who wrote in it and whom an author's name names. */
static void
add_dt_authors (MlgAnalysis *analysis, MlgProposal *proposal)
{
    g_autoptr (GPtrArray) drafts = g_ptr_array_new ();

    for (guint t = 0; t < proposal->threads->len; t++) {
        const MlgThread *thread = proposal->threads->pdata[t];
        const MlgDtDraft *draft = _mlg_dt_draft (analysis, thread->draft);

        if (draft != NULL && !g_ptr_array_find (drafts, draft, NULL))
            g_ptr_array_add (drafts, (gpointer) draft);
    }
    for (guint d = 0; d < drafts->len; d++) {
        const GArray *authors = _mlg_dt_draft_authors (drafts->pdata[d]);

        for (guint i = 0; i < authors->len; i++) {
            const MlgDtPerson *a = &g_array_index (authors, MlgDtPerson, i);

            if (a->email != NULL)
                add_proponent (proposal,
                               mlg_analysis_get_person (analysis, a->email));
        }
        for (guint t = 0; t < proposal->threads->len; t++) {
            const MlgThread *thread = proposal->threads->pdata[t];

            for (guint i = 0; i < thread->messages->len; i++) {
                const MlgMessage *m = thread->messages->pdata[i];

                if (m->person == NULL
                    || g_ptr_array_find (proposal->proponents, m->person,
                                         NULL))
                    continue;
                for (guint k = 0; k < authors->len; k++)
                    if (_mlg_identity_is_author (
                            m->person,
                            g_array_index (authors, MlgDtPerson, k).name)) {
                        add_proponent (proposal, m->person);
                        break;
                    }
            }
        }
    }
}

/* Fills the parts that depend on all threads: kind, draft, opening mail
 * and proponents. */
static void
finish (MlgAnalysis *analysis, MlgProposal *proposal,
        const MlgProposalRule *rule, GHashTable *authors)
{
    g_autoptr (GHashTable) drafts =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    const MlgThread *first = NULL;
    guint best_n = 0;

    g_ptr_array_sort (proposal->threads, compare_threads);
    for (guint i = 0; i < proposal->threads->len; i++) {
        MlgThread *t = proposal->threads->pdata[i];
        guint n;

        t->proposal = proposal;
        if (first == NULL && t->root->kind == MLG_KIND_PERSON)
            first = t;
        if (t->draft == NULL || proposal->kind == MLG_PROPOSAL_ADMIN
            || proposal->kind == MLG_PROPOSAL_SPAM)
            continue;
        n = GPOINTER_TO_UINT (g_hash_table_lookup (drafts, t->draft)) + 1;
        g_hash_table_insert (drafts, (char *) t->draft, GUINT_TO_POINTER (n));
        if (n > best_n) {
            best_n = n;
            proposal->draft = t->draft;
        }
    }
    /* The opening: the first thread a person opened, or the earliest
     * repost or new version of it when its own opening is lost. Its
     * author proposes; a reply's author never does. */
    for (guint i = 0; first != NULL && i < proposal->threads->len; i++) {
        MlgThread *t = proposal->threads->pdata[i];
        bool again = t->join == MLG_JOIN_REPOST || t->join == MLG_JOIN_VERSION;

        if ((t == first || again) && !t->opening_missing
            && t->root->kind == MLG_KIND_PERSON) {
            if (proposal->opening == NULL)
                proposal->opening = t->root;
            add_proponent (proposal, t->root->person);
        }
    }
    proposal->opening_missing = first != NULL && proposal->opening == NULL;
    /* Announcements alone: the first announcement opens it. */
    if (first == NULL)
        proposal->opening = ((MlgThread *) proposal->threads->pdata[0])->root;
    if (proposal->kind != MLG_PROPOSAL_ADMIN
        && proposal->kind != MLG_PROPOSAL_SPAM)
        proposal->kind = proposal->draft != NULL ? MLG_PROPOSAL_DRAFT
                                                 : MLG_PROPOSAL_DISCUSSION;
    for (guint i = 0; rule != NULL && i < rule->proponents->len; i++)
        add_proponent (proposal, mlg_analysis_get_person (
                                     analysis, rule->proponents->pdata[i]));
    if (proposal->kind == MLG_PROPOSAL_DRAFT) {
        add_draft_authors (proposal, authors);
        add_dt_authors (analysis, proposal);
    }
    g_ptr_array_sort (proposal->proponents, compare_person_names);
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
    const Entry *x = *(const Entry *const *) a;
    const Entry *y = *(const Entry *const *) b;

    return compare_threads (&x->thread, &y->thread);
}

static void
entry_free (gpointer data)
{
    Entry *e = data;

    _mlg_subject_info_clear (&e->info);
    g_free (e);
}

void
_mlg_proposal_build (MlgAnalysis *analysis)
{
    const MlgConfig *config = analysis->config;
    /* key -> MlgProposal *; keys are "rule:", "draft:" or per thread. */
    g_autoptr (GHashTable) by_key =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr (GHashTable) rule_of =
        g_hash_table_new (g_direct_hash, g_direct_equal);
    g_autoptr (GHashTable) authors = draft_authors (analysis);
    g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);
    /* Subject key (owned by the entries) -> joinable Entry *, in order. */
    g_autoptr (GHashTable) by_subject = g_hash_table_new_full (
        g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
    Classifier classifier;

    analysis->proposals =
        g_ptr_array_new_with_free_func ((GDestroyNotify) _mlg_proposal_free);
    for (guint i = 0; i < analysis->threads->len; i++) {
        MlgThread *t = analysis->threads->pdata[i];
        Entry *e = g_new0 (Entry, 1);

        e->thread = t;
        _mlg_subject_info_init (&e->info, t->root->subject,
                                t->root->subject_norm, t->root->lists);
        t->proposal = NULL;
        /* A draft renamed on adoption is the same draft: its latest
         * name stands for every name of its replaces chain. */
        t->draft = _mlg_dt_canonical (analysis,
                                      _mlg_proposal_primary_draft (t->root));
        t->admin = false;
        t->admin_reason = MLG_ADMIN_NONE;
        t->join = MLG_JOIN_OPENING;
        t->joined_to = NULL;
        g_ptr_array_add (entries, e);
    }
    /* Oldest first: a thread can only repeat one that came before. */
    g_ptr_array_sort (entries, compare_entries);
    for (guint i = 0; i < entries->len; i++)
        ((Entry *) entries->pdata[i])->order = i;
    classifier_init (&classifier, analysis);
    for (guint i = 0; i < entries->len; i++) {
        Entry *e = entries->pdata[i];
        MlgThread *t = e->thread;
        const MlgProposalRule *rule = NULL;
        g_autofree char *key = NULL;
        const char *name;
        MlgProposalKind kind = MLG_PROPOSAL_DISCUSSION;
        Entry *earlier = NULL;
        MlgJoin why = MLG_JOIN_OPENING;
        MlgProposal *p;

        if (excluded (analysis, t))
            continue;
        name = *t->root->subject_norm != '\0' ? t->root->subject_norm
                                              : "(no subject)";
        /* Administrivia first: an agenda lists the drafts on it, and a
         * rule naming one of those drafts must not claim the agenda (nor
         * make the chair who sent it a proponent). */
        t->admin_reason = classify (&classifier, t, &e->info);
        if (t->admin_reason != MLG_ADMIN_NONE) {
            t->admin = true;
            key = g_strconcat ("thread:", t->id, NULL);
            kind = t->admin_reason == MLG_ADMIN_SPAM ? MLG_PROPOSAL_SPAM
                                                     : MLG_PROPOSAL_ADMIN;
        } else if ((rule = find_rule (analysis, t)) == NULL && t->draft == NULL
                   && spam (&classifier, t, &e->info)) {
            /* After the rules: a thread the config claims is no spam. */
            t->admin = true;
            t->admin_reason = MLG_ADMIN_SPAM;
            key = g_strconcat ("thread:", t->id, NULL);
            kind = MLG_PROPOSAL_SPAM;
        } else if (rule != NULL) {
            key = g_strconcat ("rule:", rule->name, NULL);
            name = rule->name;
            why = MLG_JOIN_RULE;
            e->joinable = true;
        } else if (t->draft != NULL) {
            key = g_strconcat ("draft:", t->draft, NULL);
            name = t->draft;
            why = MLG_JOIN_DRAFT;
            e->joinable = true;
        } else {
            earlier = find_earlier (config, by_subject, e, &why);
            e->joinable = true;
            if (earlier == NULL)
                key = g_strconcat ("thread:", t->id, NULL);
        }
        if (earlier != NULL) {
            p = earlier->thread->proposal;
            t->joined_to = earlier->thread;
        } else {
            p = g_hash_table_lookup (by_key, key);
            if (p == NULL) {
                p = proposal_new (analysis, name, kind);
                g_hash_table_insert (by_key, g_steal_pointer (&key), p);
                g_ptr_array_add (analysis->proposals, p);
                if (rule != NULL) {
                    g_hash_table_insert (rule_of, p, (gpointer) rule);
                    p->configured = true;
                }
                why = MLG_JOIN_OPENING;
            }
        }
        t->join = why;
        t->proposal = p;
        g_ptr_array_add (p->threads, t);
        if (e->joinable && *e->info.key != '\0') {
            GPtrArray *list = g_hash_table_lookup (by_subject, e->info.key);
            if (list == NULL) {
                list = g_ptr_array_new ();
                g_hash_table_insert (by_subject, e->info.key, list);
            }
            g_ptr_array_add (list, e);
        }
    }
    classifier_clear (&classifier);
    for (guint i = 0; i < analysis->proposals->len; i++) {
        MlgProposal *p = analysis->proposals->pdata[i];
        finish (analysis, p, g_hash_table_lookup (rule_of, p), authors);
    }
}

/* ---------------------------------------------------------------- */
/* Explanations                                                       */
/* ---------------------------------------------------------------- */

static char *
day_of (gint64 t)
{
    char *day = mlg_format_time (t, MLG_TIME_DAY);

    return day != NULL ? day : g_strdup ("?");
}

/* "3 minutes", "5 hours", "4 days": a gap as a reader would say it. */
static char *
span (gint64 seconds)
{
    gint64 n;

    if (seconds < 3600) {
        n = MAX (seconds / 60, 0);
        return g_strdup_printf ("%" G_GINT64_FORMAT " minute%s", n,
                                n == 1 ? "" : "s");
    }
    if (seconds < 2 * MLG_DAY) {
        n = seconds / 3600;
        return g_strdup_printf ("%" G_GINT64_FORMAT " hour%s", n,
                                n == 1 ? "" : "s");
    }
    n = (seconds + MLG_DAY / 2) / MLG_DAY;
    return g_strdup_printf ("%" G_GINT64_FORMAT " days", n);
}

char *
mlg_thread_describe_join (const MlgThread *thread)
{
    g_autofree char *of = NULL;
    g_autofree char *when = NULL;
    const MlgThread *to = thread->joined_to;

    if (thread->split_from != NULL && thread->join == MLG_JOIN_OPENING) {
        g_autofree char *from = day_of (thread->split_from->root->date);
        return g_strdup_printf ("split from the thread of %s: a reply there "
                                "opened a proposal of its own (a topic tag "
                                "of its own, answered by others)", from);
    }
    switch (thread->join) {
    case MLG_JOIN_OPENING:
        return NULL;
    case MLG_JOIN_DRAFT:
        return g_strdup_printf ("joined: the same draft (%s)",
                                thread->draft != NULL ? thread->draft : "");
    case MLG_JOIN_RULE:
        return g_strdup_printf ("joined: the config's [proposal %s]",
                                thread->proposal != NULL
                                    ? thread->proposal->name
                                    : "");
    case MLG_JOIN_REPOST:
    case MLG_JOIN_VERSION:
    case MLG_JOIN_FORK:
    case MLG_JOIN_LOST_PARENT:
        break;
    }
    if (to == NULL)
        return NULL;
    of = day_of (to->root->date);
    switch (thread->join) {
    case MLG_JOIN_REPOST:
        when = span (thread->root->date - to->root->date);
        return g_strdup_printf ("joined: same subject after tags as the "
                                "thread of %s, reposted %s later by the same "
                                "person", of, when);
    case MLG_JOIN_VERSION:
        when = span (thread->root->date - to->root->date);
        return g_strdup_printf ("joined: a new version of the thread of %s "
                                "(same subject after tags and version "
                                "marks), %s later", of, when);
    case MLG_JOIN_FORK:
        when = span (thread->root->date - thread_last (to));
        return g_strdup_printf ("joined: a fork of the thread of %s (its "
                                "subject says \"was:\" that one), %s after "
                                "its last message", of, when);
    case MLG_JOIN_LOST_PARENT:
        when = span (thread->root->date - thread_last (to));
        return g_strdup_printf ("joined: replies under the subject of the "
                                "thread of %s whose parent is not "
                                "archived, %s after its last message", of,
                                when);
    default:
        return NULL;
    }
}

const char *
mlg_admin_reason_to_string (MlgAdminReason reason)
{
    switch (reason) {
    case MLG_ADMIN_NONE:
        return "none";
    case MLG_ADMIN_CONFIG:
        return "config";
    case MLG_ADMIN_AUTOMATED:
        return "automated";
    case MLG_ADMIN_VOCABULARY:
        return "vocabulary";
    case MLG_ADMIN_ORGANISER:
        return "organiser";
    case MLG_ADMIN_SPAM:
        return "spam";
    }
    return "unknown";
}
