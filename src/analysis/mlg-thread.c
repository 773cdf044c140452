/* mlg-thread.c - JWZ threading (https://www.jwz.org/doc/threading.html)
 * over Message-ID, References and In-Reply-To, across lists, with two
 * rules of our own (DESIGN section 5):
 *
 * - subject fallback: a thread that opens with a reply-subject message
 *   whose parent is missing joins the thread with the same normalised
 *   subject that opened at most `subject_window` earlier;
 * - resurrection: a reply that comes after more than `silence` of quiet in
 *   its thread, under a changed subject, starts a new thread;
 * - a new proposal: a reply under a new subject that carries a topic tag
 *   the thread's opening does not ("[MAINTAINERS SUMMIT] Y" inside a
 *   "[TECH TOPIC] X" thread), and that others answered, opens a thread of
 *   its own: a reader sees a proposal of its own there, not a side
 *   remark in X.
 *
 * Ids are interned, so containers are keyed by pointer. Every walk is
 * iterative and every link is checked for loops, so reply cycles,
 * self-references and very deep threads cannot hang or overflow. */
#include "mlg-analysis-private.h"

#include <string.h>

typedef struct Container Container;
struct Container {
    const char *id;
    MlgMessage *message;  /* NULL for a ghost (a referenced, absent id) */
    Container *parent;
    Container *child;     /* first child */
    Container *next;      /* next sibling */
    MlgMessage *opening;  /* for roots: the thread's opening message */
    bool reply;           /* for roots: the opening has a reply subject */
    bool detached;        /* cut off by the resurrection rule */
    MlgMessage *split_parent; /* cut off as a new proposal: the message
                               * it answered (nearest present one) */
};

typedef struct {
    MlgAnalysis *analysis;
    GHashTable *table;     /* interned id -> Container * */
    GPtrArray *containers; /* all, owned, in creation order */
} Threader;

static Container *
container_new (Threader *th, const char *id)
{
    Container *c = g_new0 (Container, 1);

    c->id = id;
    g_ptr_array_add (th->containers, c);
    return c;
}

static Container *
lookup (Threader *th, const char *id)
{
    Container *c = g_hash_table_lookup (th->table, id);

    if (c == NULL) {
        c = container_new (th, id);
        g_hash_table_insert (th->table, (char *) id, c);
    }
    return c;
}

/* True when `a` is `b` or one of its ancestors. */
static bool
is_ancestor (const Container *a, const Container *b)
{
    for (; b != NULL; b = b->parent)
        if (a == b)
            return true;
    return false;
}

static void
unlink_child (Container *c)
{
    Container **link;

    if (c->parent == NULL)
        return;
    for (link = &c->parent->child; *link != NULL; link = &(*link)->next)
        if (*link == c) {
            *link = c->next;
            break;
        }
    c->parent = NULL;
    c->next = NULL;
}

/* Makes `child` a child of `parent` unless that would close a loop. */
static bool
link_child (Container *parent, Container *child)
{
    if (is_ancestor (child, parent))
        return false;
    unlink_child (child);
    child->parent = parent;
    child->next = parent->child;
    parent->child = child;
    return true;
}

static void
thread_message (Threader *th, MlgMessage *m)
{
    Container *c = g_hash_table_lookup (th->table, m->id);
    Container *prev = NULL;

    if (c == NULL) {
        c = lookup (th, m->id);
    } else if (c->message != NULL) {
        /* A duplicate id: keep the message, in a container of its own
         * that nobody can reference. */
        c = container_new (th, m->id);
    }
    c->message = m;

    /* Link the References chain (then In-Reply-To, unless References
     * already ended with it), never changing a link made before: earlier
     * messages told us first. Self-references are skipped. */
    for (guint i = 0;; i++) {
        const char *ref = m->references[i];
        Container *rc;

        if (ref == NULL) {
            ref = m->in_reply_to;
            if (ref == NULL || (prev != NULL && prev->id == ref))
                break;
        }
        if (*ref != '\0' && ref != m->id) {
            rc = lookup (th, ref);
            if (prev != NULL && rc != prev && rc->parent == NULL
                && !is_ancestor (rc, prev))
                link_child (prev, rc);
            prev = rc;
        }
        if (m->references[i] == NULL)
            break;
    }
    /* This message's parent is the last reference: that beats whatever
     * an earlier message's References guessed. */
    if (prev != NULL && prev != c && c->parent != prev)
        link_child (prev, c);
}

/* Real messages of the tree under `root`, by date then id. */
static GPtrArray *
collect (Container *root)
{
    GPtrArray *out = g_ptr_array_new ();
    g_autoptr (GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, root);
    while (stack->len > 0) {
        Container *c = g_ptr_array_steal_index_fast (stack, stack->len - 1);
        if (c->message != NULL)
            g_ptr_array_add (out, c);
        for (Container *k = c->child; k != NULL; k = k->next)
            g_ptr_array_add (stack, k);
    }
    return out;
}

static int
compare_containers (gconstpointer a, gconstpointer b)
{
    const MlgMessage *m = (*(Container *const *) a)->message;
    const MlgMessage *n = (*(Container *const *) b)->message;

    if (m->date != n->date)
        return m->date < n->date ? -1 : 1;
    return strcmp (m->id, n->id);
}

static MlgMessage *
real_parent (const Container *c)
{
    for (c = c->parent; c != NULL; c = c->parent)
        if (c->message != NULL)
            return c->message;
    return NULL;
}

static GPtrArray *
roots (Threader *th)
{
    GPtrArray *out = g_ptr_array_new ();

    for (guint i = 0; i < th->containers->len; i++) {
        Container *c = th->containers->pdata[i];
        if (c->parent == NULL && (c->message != NULL || c->child != NULL))
            g_ptr_array_add (out, c);
    }
    return out;
}

/* The resurrection rule: after more than `silence` without a message in
 * its thread, a reply under a different subject opens a new thread. */
static void
split_resurrections (Threader *th)
{
    gint64 silence = th->analysis->config->silence;
    g_autoptr (GPtrArray) all = roots (th);
    g_autoptr (GPtrArray) cut = g_ptr_array_new ();

    for (guint i = 0; i < all->len; i++) {
        g_autoptr (GPtrArray) members = collect (all->pdata[i]);
        gint64 latest;

        g_ptr_array_sort (members, compare_containers);
        if (members->len == 0)
            continue;
        latest = ((Container *) members->pdata[0])->message->date;
        for (guint k = 1; k < members->len; k++) {
            Container *c = members->pdata[k];
            MlgMessage *p = real_parent (c);

            if (p != NULL && c->message->date - latest > silence
                && *c->message->subject_norm != '\0'
                && *p->subject_norm != '\0'
                && c->message->subject_norm != p->subject_norm)
                g_ptr_array_add (cut, c);
            latest = MAX (latest, c->message->date);
        }
    }
    for (guint i = 0; i < cut->len; i++) {
        Container *c = cut->pdata[i];
        unlink_child (c);
        c->detached = true;
    }
}

static MlgMessage *
opening_of (Container *root)
{
    g_autoptr (GPtrArray) members = NULL;

    if (root->message != NULL)
        return root->message;
    members = collect (root);
    if (members->len == 0)
        return NULL;
    g_ptr_array_sort (members, compare_containers);
    return ((Container *) members->pdata[0])->message;
}

static int
compare_roots (gconstpointer a, gconstpointer b)
{
    const Container *r = *(Container *const *) a;
    const Container *s = *(Container *const *) b;

    if (r->opening->date != s->opening->date)
        return r->opening->date < s->opening->date ? -1 : 1;
    return strcmp (r->opening->id, s->opening->id);
}

/* The subject fallback. A root whose opening message has a reply subject
 * lost its parent (it claims one that is absent, or carries no reference
 * at all); it joins the latest earlier thread with the same normalised
 * subject opened within the window, preferring one opened by a non-reply.
 * Threads cut by the resurrection rule had a parent: they stay apart. */
static void
merge_by_subject (Threader *th)
{
    gint64 window = th->analysis->config->subject_window;
    g_autoptr (GPtrArray) all = roots (th);
    g_autoptr (GHashTable) by_subject =
        g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                               (GDestroyNotify) g_ptr_array_unref);

    for (guint i = 0; i < all->len;) {
        Container *r = all->pdata[i];
        r->opening = opening_of (r);
        /* A root can hold no message at all: a chain of absent ids that
         * one message's References named, while the message itself was
         * parented elsewhere. It is no thread; leave it out. */
        if (r->opening == NULL) {
            g_ptr_array_remove_index_fast (all, i);
            continue;
        }
        r->reply = mlg_subject_is_reply (r->opening->subject);
        i++;
    }
    g_ptr_array_sort (all, compare_roots);
    for (guint i = 0; i < all->len; i++) {
        Container *r = all->pdata[i];
        const char *subject = r->opening->subject_norm;
        GPtrArray *earlier;
        Container *best = NULL;

        if (*subject == '\0')
            continue;
        earlier = g_hash_table_lookup (by_subject, subject);
        if (r->reply && !r->detached && earlier != NULL) {
            for (guint k = earlier->len; k-- > 0;) {
                Container *t = earlier->pdata[k];
                if (r->opening->date - t->opening->date > window)
                    break;
                if (best == NULL || (best->reply && !t->reply))
                    best = t;
            }
        }
        if (best != NULL && link_child (best, r))
            continue;
        if (earlier == NULL) {
            earlier = g_ptr_array_new ();
            g_hash_table_insert (by_subject, (char *) subject, earlier);
        }
        g_ptr_array_add (earlier, r);
    }
}

/* A subject's info, read once per message that needs it. */
static MlgSubjectInfo *
subject_info (GHashTable *cache, const MlgMessage *m)
{
    MlgSubjectInfo *info = g_hash_table_lookup (cache, m);

    if (info == NULL) {
        info = g_new0 (MlgSubjectInfo, 1);
        _mlg_subject_info_init (info, m->subject, m->subject_norm, m->lists);
        g_hash_table_insert (cache, (gpointer) m, info);
    }
    return info;
}

static void
subject_info_free (gpointer data)
{
    _mlg_subject_info_clear (data);
    g_free (data);
}

/* True when someone other than the sender of `c` wrote in its subtree:
 * the reply has repliers of its own. */
static bool
has_own_repliers (Container *c)
{
    g_autoptr (GPtrArray) members = collect (c);
    const MlgPerson *author = c->message->person;

    for (guint i = 0; i < members->len; i++) {
        const MlgMessage *m = ((Container *) members->pdata[i])->message;
        if (m->person != NULL && m->person != author)
            return true;
    }
    return false;
}

/* Whether reply `c`, under the nearest opening `head`, opens a proposal of
 * its own: a new subject (not its parent's, not the opening's, not a part
 * of a series) that carries a topic tag the opening lacks, by a person,
 * answered by others. A subject that only says where it came from ("X
 * (was: Y)") without a new tag stays: that is a turn of the same talk. */
static bool
opens_proposal (GHashTable *cache, Container *c, const MlgMessage *head)
{
    const MlgMessage *m = c->message;
    const MlgMessage *parent = real_parent (c);
    MlgSubjectInfo *info;
    MlgSubjectInfo *head_info;

    if (m->person == NULL || m->subject_norm == head->subject_norm
        || (parent != NULL && m->subject_norm == parent->subject_norm))
        return false;
    info = subject_info (cache, m);
    head_info = subject_info (cache, head);
    if (*info->key == '\0' || info->part
        || g_str_equal (info->key, head_info->key)
        || (parent != NULL
            && g_str_equal (info->key, subject_info (cache, parent)->key))
        || !_mlg_subject_info_new_tag (info, head_info))
        return false;
    return has_own_repliers (c);
}

/* Cuts off every reply that opens a proposal of its own (see
 * opens_proposal()), walking each tree from its opening; a cut reply is
 * the opening its own replies are compared with. */
static void
split_new_proposals (Threader *th)
{
    g_autoptr (GPtrArray) all = roots (th);
    g_autoptr (GPtrArray) cut = g_ptr_array_new ();
    g_autoptr (GHashTable) cache = g_hash_table_new_full (
        g_direct_hash, g_direct_equal, NULL, subject_info_free);
    g_autoptr (GPtrArray) stack = g_ptr_array_new ();
    g_autoptr (GPtrArray) heads = g_ptr_array_new ();

    for (guint i = 0; i < all->len; i++) {
        Container *r = all->pdata[i];
        MlgMessage *opening = r->opening != NULL ? r->opening : opening_of (r);

        if (opening == NULL)
            continue;
        g_ptr_array_add (stack, r);
        g_ptr_array_add (heads, opening);
        while (stack->len > 0) {
            Container *c = g_ptr_array_steal_index (stack, stack->len - 1);
            MlgMessage *head = g_ptr_array_steal_index (heads,
                                                        heads->len - 1);

            if (c != r && c->message != NULL && c->message != head
                && opens_proposal (cache, c, head)) {
                c->split_parent = real_parent (c);
                g_ptr_array_add (cut, c);
                head = c->message;
            }
            for (Container *k = c->child; k != NULL; k = k->next) {
                g_ptr_array_add (stack, k);
                g_ptr_array_add (heads, head);
            }
        }
    }
    for (guint i = 0; i < cut->len; i++)
        unlink_child (cut->pdata[i]);
}

/* True when the opening of the thread under `root` is not archived: its
 * earliest message `first` says it answers something ("Re: ...") and
 * what it answers is absent, an id others referred to or nothing at all.
 * A message under a subject of its own opens the thread even when it
 * refers to an absent one (a new version sent in reply to the old, a
 * fork "Y (was: X)" of a thread not archived); so does a reply cut off by
 * the resurrection rule or as a new proposal. */
static bool
opening_missing (const Container *root, const MlgMessage *first)
{
    const MlgMessage *m = root->message;
    bool reply;

    if (root->detached || root->split_parent != NULL)
        return false;
    /* merge_by_subject() read whether the opening is a reply. */
    reply = root->opening == first ? root->reply
                                   : mlg_subject_is_reply (first->subject);
    if (m == NULL)
        return reply;
    return reply && m->in_reply_to == NULL && m->references[0] == NULL;
}

void
_mlg_thread_free (MlgThread *thread)
{
    if (thread == NULL)
        return;
    g_ptr_array_unref (thread->messages);
    if (thread->lists != NULL)
        g_ptr_array_unref (thread->lists);
    g_free (thread);
}

static int
compare_thread_ids (gconstpointer a, gconstpointer b)
{
    const MlgThread *s = *(MlgThread *const *) a;
    const MlgThread *t = *(MlgThread *const *) b;
    int c = strcmp (s->id, t->id);

    if (c != 0)
        return c;
    return s->root->date < t->root->date ? -1 : s->root->date > t->root->date;
}

void
_mlg_thread_build (MlgAnalysis *analysis)
{
    Threader th = { analysis, NULL, NULL };
    g_autoptr (GPtrArray) all = NULL;

    th.table = g_hash_table_new (g_direct_hash, g_direct_equal);
    th.containers = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < analysis->messages->len; i++)
        thread_message (&th, analysis->messages->pdata[i]);
    split_resurrections (&th);
    merge_by_subject (&th);
    split_new_proposals (&th);

    analysis->threads =
        g_ptr_array_new_with_free_func ((GDestroyNotify) _mlg_thread_free);
    all = roots (&th);
    for (guint i = 0; i < all->len; i++) {
        g_autoptr (GPtrArray) members = collect (all->pdata[i]);
        MlgThread *thread;

        if (members->len == 0)
            continue;
        g_ptr_array_sort (members, compare_containers);
        thread = g_new0 (MlgThread, 1);
        thread->messages = g_ptr_array_sized_new (members->len);
        thread->root = ((Container *) members->pdata[0])->message;
        if (((Container *) all->pdata[i])->message != NULL)
            thread->root = ((Container *) all->pdata[i])->message;
        thread->id = thread->root->id;
        thread->opening_missing = opening_missing (all->pdata[i],
                                                   thread->root);
        for (guint k = 0; k < members->len; k++) {
            Container *c = members->pdata[k];
            c->message->thread = thread;
            c->message->parent = real_parent (c);
            g_ptr_array_add (thread->messages, c->message);
        }
        g_ptr_array_add (analysis->threads, thread);
    }
    /* Where each new proposal was cut from, now that every message knows
     * its thread. */
    for (guint i = 0; i < all->len; i++) {
        Container *r = all->pdata[i];
        if (r->split_parent != NULL && r->message != NULL
            && r->message->thread != NULL)
            r->message->thread->split_from = r->split_parent->thread;
    }
    g_ptr_array_sort (analysis->threads, compare_thread_ids);
    g_hash_table_unref (th.table);
    g_ptr_array_unref (th.containers);
}
