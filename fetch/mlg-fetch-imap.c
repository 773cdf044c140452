/* mlg-fetch-imap.c - new mail from an IMAP folder.
 *
 * libcurl makes the connection (TCP, TLS with certificate checks, the
 * greeting and CAPABILITY) and the rest is spoken here over
 * curl_easy_send()/curl_easy_recv() (CURLOPT_CONNECT_ONLY). libcurl's own
 * IMAP commands cannot do what a polite, read-only fetcher must: its
 * URLs SELECT the folder (not EXAMINE) and FETCH one message per command
 * with BODY[] (which marks mail \Seen where the server allows it), and a
 * custom command's response loses the literals that hold the messages.
 * So the commands are: LOGIN, EXAMINE (NAMESPACE when the folder is not
 * found as named), UID SEARCH UID n:*, UID FETCH of up to a batch of
 * UIDs with BODY.PEEK[], LOGOUT; each waits for the interval (after a
 * short burst) and fails when the server stays silent for the timeout.
 *
 * What is fetched is recorded per folder (UIDVALIDITY, the highest UID,
 * the UIDs seen), committed with the messages of each batch. A new
 * UIDVALIDITY means the folder was rebuilt and its UIDs renumbered; the
 * folder is then listed again from UID 1 and only messages whose
 * Message-ID the store lacks are downloaded (the Message-IDs are fetched
 * first, ten batches at a time: a header line costs the server little).
 * The same is done on a first fetch into a database that already holds
 * mail (after a first load by rsync).
 */
#include "mlg-fetch-private.h"

#include <errno.h>
#include <poll.h>
#include <string.h>

/* A response line longer than this is not IMAP (or not a server we can
 * talk to): no server sends kilobytes of text outside literals. */
#define MAX_LINE (64 * 1024)
/* How many more Message-IDs than messages one command asks for. */
#define ID_BATCH_FACTOR 10
/* Messages indexed and committed at a time. A commit makes Xapian sync
 * every table to disk, which made it the fetch's largest cost when it
 * came after each small batch; the
 * messages downloaded since the last commit are on disk, and a run that
 * fails commits them before it returns, so only a crash makes the next
 * run download them again. */
#define COMMIT_EVERY 1000
/* How long one wait for the server lasts at most, so that an interrupt
 * is seen promptly. */
#define POLL_SLICE_MS 200

/* ------------------------------------------------------------------ */
/* UID sets                                                             */
/* ------------------------------------------------------------------ */

GArray *
_mlg_uid_set_new (void)
{
    return g_array_new (FALSE, FALSE, sizeof (MlgUidRange));
}

void
_mlg_uid_set_add (GArray *set, guint32 uid)
{
    guint low = 0, high = set->len;
    MlgUidRange *r;

    g_return_if_fail (uid > 0);

    /* UIDs mostly come in ascending order: try the last range first. */
    if (set->len > 0) {
        r = &g_array_index (set, MlgUidRange, set->len - 1);
        if (uid > r->last) {
            if (uid == r->last + 1)
                r->last = uid;
            else {
                MlgUidRange add = {uid, uid};
                g_array_append_val (set, add);
            }
            return;
        }
    }
    /* The first range that ends at or after uid - 1. */
    while (low < high) {
        guint mid = low + (high - low) / 2;

        if (g_array_index (set, MlgUidRange, mid).last + 1 < uid)
            low = mid + 1;
        else
            high = mid;
    }
    if (low < set->len) {
        r = &g_array_index (set, MlgUidRange, low);
        if (uid >= r->first && uid <= r->last)
            return;
        if (uid == r->last + 1) {
            r->last = uid;
            /* It may now touch the next range. */
            if (low + 1 < set->len
                && g_array_index (set, MlgUidRange, low + 1).first
                       == uid + 1) {
                r->last = g_array_index (set, MlgUidRange, low + 1).last;
                g_array_remove_index (set, low + 1);
            }
            return;
        }
        if (uid + 1 == r->first) {
            r->first = uid;
            return;
        }
    }
    {
        MlgUidRange add = {uid, uid};
        g_array_insert_val (set, low, add);
    }
}

bool
_mlg_uid_set_contains (const GArray *set, guint32 uid)
{
    guint low = 0, high = set->len;

    while (low < high) {
        guint mid = low + (high - low) / 2;
        const MlgUidRange *r = &g_array_index (set, MlgUidRange, mid);

        if (uid < r->first)
            high = mid;
        else if (uid > r->last)
            low = mid + 1;
        else
            return true;
    }
    return false;
}

char *
_mlg_uid_set_format (const GArray *set)
{
    GString *out = g_string_new (NULL);

    for (guint i = 0; i < set->len; i++) {
        const MlgUidRange *r = &g_array_index (set, MlgUidRange, i);

        if (i > 0)
            g_string_append_c (out, ',');
        if (r->first == r->last)
            g_string_append_printf (out, "%u", r->first);
        else
            g_string_append_printf (out, "%u:%u", r->first, r->last);
    }
    return g_string_free (out, FALSE);
}

/* Reads a UID (1 to 2^32 - 1) at *p, moving *p past it. */
static bool
parse_uid (const char **p, guint32 *uid)
{
    guint64 value = 0;
    const char *s = *p;

    if (!g_ascii_isdigit (*s))
        return false;
    while (g_ascii_isdigit (*s)) {
        value = value * 10 + (guint64) (*s - '0');
        if (value > G_MAXUINT32)
            return false;
        s++;
    }
    if (value == 0)
        return false;
    *uid = (guint32) value;
    *p = s;
    return true;
}

static gint
compare_ranges (gconstpointer a, gconstpointer b)
{
    guint32 x = ((const MlgUidRange *) a)->first;
    guint32 y = ((const MlgUidRange *) b)->first;

    return x < y ? -1 : x > y;
}

GArray *
_mlg_uid_set_parse (const char *text)
{
    g_autoptr (GArray) set = _mlg_uid_set_new ();
    const char *p = text;

    g_return_val_if_fail (text != NULL, NULL);

    while (*p != '\0') {
        guint32 first, last;

        if (!parse_uid (&p, &first))
            return NULL;
        last = first;
        if (*p == ':' && (p++, !parse_uid (&p, &last)))
            return NULL;
        if (last < first) {
            guint32 swap = first;
            first = last;
            last = swap;
        }
        {
            MlgUidRange range = {first, last};
            g_array_append_val (set, range);
        }
        if (*p == ',')
            p++;
        else if (*p != '\0')
            return NULL;
    }
    /* Sorted and merged, whatever order and overlaps the text had. */
    g_array_sort (set, compare_ranges);
    for (guint i = 1; i < set->len;) {
        MlgUidRange *prev = &g_array_index (set, MlgUidRange, i - 1);
        const MlgUidRange *r = &g_array_index (set, MlgUidRange, i);

        if ((guint64) prev->last + 1 >= r->first) {
            prev->last = MAX (prev->last, r->last);
            g_array_remove_index (set, i);
        } else {
            i++;
        }
    }
    return g_steal_pointer (&set);
}

/* ------------------------------------------------------------------ */
/* Responses                                                            */
/* ------------------------------------------------------------------ */

void
_mlg_imap_response_free (MlgImapResponse *response)
{
    if (response == NULL)
        return;
    g_free (response->tag);
    g_ptr_array_unref (response->texts);
    g_ptr_array_unref (response->literals);
    g_free (response);
}

struct _MlgImapReader {
    GByteArray *buf;           /* bytes not yet parsed */
    MlgImapResponse *current;  /* the response being read, or NULL */
    GByteArray *literal;       /* the literal being read, or NULL */
    guint64 literal_left;      /* its bytes still to come */
};

MlgImapReader *
_mlg_imap_reader_new (void)
{
    MlgImapReader *reader = g_new0 (MlgImapReader, 1);

    reader->buf = g_byte_array_new ();
    return reader;
}

void
_mlg_imap_reader_free (MlgImapReader *reader)
{
    if (reader == NULL)
        return;
    g_byte_array_unref (reader->buf);
    _mlg_imap_response_free (reader->current);
    if (reader->literal != NULL)
        g_byte_array_unref (reader->literal);
    g_free (reader);
}

void
_mlg_imap_reader_feed (MlgImapReader *reader, const char *data, gsize len)
{
    g_byte_array_append (reader->buf, (const guint8 *) data, (guint) len);
}

/* The size announced by a line that ends in `{N}` or `{N+}`, or -1. */
static gint64
literal_size (const char *line, gsize len)
{
    const char *open;
    const char *p;
    guint64 size = 0;

    if (len < 3 || line[len - 1] != '}')
        return -1;
    open = g_strrstr_len (line, (gssize) len, "{");
    if (open == NULL)
        return -1;
    for (p = open + 1; p < line + len - 1; p++) {
        if (*p == '+' && p == line + len - 2)
            break;
        if (!g_ascii_isdigit (*p) || size > G_MAXINT32)
            return -1;
        size = size * 10 + (guint64) (*p - '0');
    }
    if (p == open + 1)
        return -1;
    return (gint64) size;
}

static MlgImapResponse *
response_new (const char *first_line)
{
    MlgImapResponse *r = g_new0 (MlgImapResponse, 1);
    const char *space = strchr (first_line, ' ');

    r->texts = g_ptr_array_new_with_free_func (g_free);
    r->literals = g_ptr_array_new_with_free_func (
        (GDestroyNotify) g_bytes_unref);
    if (g_str_has_prefix (first_line, "* ")) {
        r->kind = '*';
        g_ptr_array_add (r->texts, g_strdup (first_line + 2));
    } else if (first_line[0] == '+') {
        r->kind = '+';
        g_ptr_array_add (r->texts,
                         g_strdup (first_line[1] == ' ' ? first_line + 2
                                                        : first_line + 1));
    } else {
        r->kind = 'T';
        r->tag = space != NULL ? g_strndup (first_line,
                                            (gsize) (space - first_line))
                               : g_strdup (first_line);
        g_ptr_array_add (r->texts, g_strdup (space != NULL ? space + 1 : ""));
    }
    return r;
}

MlgImapResponse *
_mlg_imap_reader_next (MlgImapReader *reader, GError **error)
{
    for (;;) {
        guint8 *nl;
        gsize line_len;
        g_autofree char *line = NULL;
        gint64 size;

        if (reader->literal != NULL) {
            guint take = (guint) MIN (reader->literal_left,
                                      (guint64) reader->buf->len);

            g_byte_array_append (reader->literal, reader->buf->data, take);
            g_byte_array_remove_range (reader->buf, 0, take);
            reader->literal_left -= take;
            if (reader->literal_left > 0)
                return NULL;
            g_ptr_array_add (reader->current->literals,
                             g_byte_array_free_to_bytes (reader->literal));
            reader->literal = NULL;
        }
        /* (An empty GByteArray may have no data at all.) */
        nl = reader->buf->len > 0
                 ? memchr (reader->buf->data, '\n', reader->buf->len)
                 : NULL;
        if (nl == NULL) {
            if (reader->buf->len > MAX_LINE) {
                g_set_error (error, MLG_FETCH_ERROR,
                             MLG_FETCH_ERROR_PROTOCOL,
                             "the server sent a line of over %d bytes: "
                             "is it an IMAP server?", MAX_LINE);
                return NULL;
            }
            return NULL;
        }
        line_len = (gsize) (nl - reader->buf->data);
        line = g_strndup ((const char *) reader->buf->data,
                          line_len > 0 && nl[-1] == '\r' ? line_len - 1
                                                         : line_len);
        g_byte_array_remove_range (reader->buf, 0, (guint) line_len + 1);
        if (reader->current == NULL)
            reader->current = response_new (line);
        else
            g_ptr_array_add (reader->current->texts, g_strdup (line));
        size = literal_size (line, strlen (line));
        if (size < 0)
            return g_steal_pointer (&reader->current);
        reader->literal = g_byte_array_sized_new ((guint) MIN (size,
                                                               1 << 20));
        reader->literal_left = (guint64) size;
    }
}

/* ---- a tokenizer over a response's text and literals ---- */

typedef enum {
    TOK_END,
    TOK_ATOM,    /* also numbers, and BODY[...]<...> as one atom */
    TOK_STRING,
    TOK_LITERAL,
    TOK_NIL,
    TOK_OPEN,
    TOK_CLOSE
} TokKind;

typedef struct {
    const MlgImapResponse *r;
    guint seg;
    const char *p;
} Cursor;

typedef struct {
    TokKind kind;
    char *text;    /* ATOM, STRING (owned) */
    guint literal; /* LITERAL: index into r->literals */
} Token;

static void
token_clear (Token *t)
{
    g_clear_pointer (&t->text, g_free);
    t->kind = TOK_END;
}

static void
cursor_init (Cursor *c, const MlgImapResponse *r)
{
    c->r = r;
    c->seg = 0;
    c->p = r->texts->pdata[0];
}

static bool
next_token (Cursor *c, Token *t)
{
    const char *p = c->p;
    const char *start;

    token_clear (t);
    while (*p == ' ')
        p++;
    if (*p == '\0') {
        c->p = p;
        return false;
    }
    if (*p == '(' || *p == ')') {
        t->kind = *p == '(' ? TOK_OPEN : TOK_CLOSE;
        c->p = p + 1;
        return true;
    }
    if (*p == '"') {
        GString *s = g_string_new (NULL);

        for (p++; *p != '\0' && *p != '"'; p++) {
            if (*p == '\\' && p[1] != '\0')
                p++;
            g_string_append_c (s, *p);
        }
        if (*p == '"')
            p++;
        t->kind = TOK_STRING;
        t->text = g_string_free (s, FALSE);
        c->p = p;
        return true;
    }
    if (*p == '{') {
        /* The literal follows this text segment. */
        if (c->seg >= c->r->literals->len)
            return false;
        t->kind = TOK_LITERAL;
        t->literal = c->seg;
        c->seg++;
        c->p = c->r->texts->pdata[c->seg];
        return true;
    }
    start = p;
    while (*p != '\0' && *p != ' ' && *p != '(' && *p != ')') {
        if (*p == '[' || *p == '<') {
            char close = *p == '[' ? ']' : '>';
            const char *end = strchr (p, close);

            if (end == NULL)
                break;
            p = end;
        }
        p++;
    }
    t->text = g_strndup (start, (gsize) (p - start));
    t->kind = g_ascii_strcasecmp (t->text, "NIL") == 0 ? TOK_NIL : TOK_ATOM;
    c->p = p;
    return true;
}

/* Skips one value whose first token is `t` (a parenthesised list
 * whole). */
static void
skip_value (Cursor *c, Token *t)
{
    int depth = t->kind == TOK_OPEN ? 1 : 0;

    while (depth > 0 && next_token (c, t)) {
        if (t->kind == TOK_OPEN)
            depth++;
        else if (t->kind == TOK_CLOSE)
            depth--;
    }
}

static bool
atom_is_number (const Token *t, guint32 *value)
{
    const char *p = t->text;

    return t->kind == TOK_ATOM && parse_uid (&p, value) && *p == '\0';
}

bool
_mlg_imap_parse_fetch (const MlgImapResponse *response, guint32 *uid,
                       GBytes **body)
{
    Cursor c;
    Token t = {0};
    guint32 seq;
    bool have_uid = false;
    bool have_body = false;

    g_return_val_if_fail (response != NULL && uid != NULL && body != NULL,
                          false);
    *body = NULL;
    if (response->kind != '*')
        return false;
    cursor_init (&c, response);
    if (!next_token (&c, &t) || !atom_is_number (&t, &seq)
        || !next_token (&c, &t) || t.kind != TOK_ATOM
        || g_ascii_strcasecmp (t.text, "FETCH") != 0
        || !next_token (&c, &t) || t.kind != TOK_OPEN) {
        token_clear (&t);
        return false;
    }
    while (next_token (&c, &t) && t.kind == TOK_ATOM) {
        g_autofree char *name = g_steal_pointer (&t.text);

        if (!next_token (&c, &t))
            break;
        if (g_ascii_strcasecmp (name, "UID") == 0) {
            have_uid = atom_is_number (&t, uid);
        } else if (g_ascii_strncasecmp (name, "BODY[", 5) == 0
                   && !have_body) {
            have_body = true;
            if (t.kind == TOK_LITERAL)
                *body = g_bytes_ref (response->literals->pdata[t.literal]);
            else if (t.kind == TOK_STRING)
                *body = g_bytes_new (t.text, strlen (t.text));
        } else {
            skip_value (&c, &t);
        }
    }
    token_clear (&t);
    if (!have_uid)
        g_clear_pointer (body, g_bytes_unref);
    return have_uid;
}

bool
_mlg_imap_parse_search (const MlgImapResponse *response, GArray *uids)
{
    Cursor c;
    Token t = {0};
    guint32 uid;

    g_return_val_if_fail (response != NULL && uids != NULL, false);
    if (response->kind != '*')
        return false;
    cursor_init (&c, response);
    if (!next_token (&c, &t) || t.kind != TOK_ATOM
        || g_ascii_strcasecmp (t.text, "SEARCH") != 0) {
        token_clear (&t);
        return false;
    }
    while (next_token (&c, &t))
        if (atom_is_number (&t, &uid))
            g_array_append_val (uids, uid);
    token_clear (&t);
    return true;
}

bool
_mlg_imap_parse_exists (const MlgImapResponse *response, guint32 *exists)
{
    Cursor c;
    Token t = {0};
    guint32 n = 0;
    bool ok;

    g_return_val_if_fail (response != NULL && exists != NULL, false);
    if (response->kind != '*')
        return false;
    cursor_init (&c, response);
    /* "0 EXISTS" is an empty folder: 0 is not a UID, so read it apart. */
    ok = next_token (&c, &t) && t.kind == TOK_ATOM
         && (g_str_equal (t.text, "0") || atom_is_number (&t, &n))
         && next_token (&c, &t) && t.kind == TOK_ATOM
         && g_ascii_strcasecmp (t.text, "EXISTS") == 0;
    token_clear (&t);
    if (ok)
        *exists = n;
    return ok;
}

bool
_mlg_imap_parse_code (const MlgImapResponse *response, const char *name,
                      guint32 *value)
{
    g_autofree char *pattern = NULL;
    const char *text;
    const char *at;

    g_return_val_if_fail (response != NULL && name != NULL, false);
    text = response->texts->pdata[0];
    pattern = g_strdup_printf ("[%s ", name);
    at = strstr (text, pattern);
    if (at == NULL)
        return false;
    at += strlen (pattern);
    return parse_uid (&at, value) && *at == ']';
}

/* Reads one namespace group (NIL, or a list of (prefix delimiter ...)),
 * appending its prefixes to `prefixes` when it is not NULL. */
static bool
read_namespace_group (Cursor *c, GPtrArray *prefixes)
{
    Token t = {0};
    bool ok = false;

    if (!next_token (c, &t))
        goto out;
    if (t.kind == TOK_NIL) {
        ok = true;
        goto out;
    }
    if (t.kind != TOK_OPEN)
        goto out;
    while (next_token (c, &t) && t.kind == TOK_OPEN) {
        if (!next_token (c, &t) || t.kind != TOK_STRING)
            goto out;
        if (prefixes != NULL)
            g_ptr_array_add (prefixes, g_strdup (t.text));
        skip_value (c, &(Token){TOK_OPEN, NULL, 0});
    }
    ok = t.kind == TOK_CLOSE;
out:
    token_clear (&t);
    return ok;
}

bool
_mlg_imap_parse_namespace (const MlgImapResponse *response,
                           GPtrArray *prefixes)
{
    Cursor c;
    Token t = {0};
    bool ok;

    g_return_val_if_fail (response != NULL && prefixes != NULL, false);
    if (response->kind != '*')
        return false;
    cursor_init (&c, response);
    ok = next_token (&c, &t) && t.kind == TOK_ATOM
         && g_ascii_strcasecmp (t.text, "NAMESPACE") == 0;
    token_clear (&t);
    return ok && read_namespace_group (&c, NULL)
           && read_namespace_group (&c, prefixes)
           && read_namespace_group (&c, prefixes);
}

char *
_mlg_imap_quote (const char *text)
{
    GString *out = g_string_new ("\"");

    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '\r' || *p == '\n' || (guchar) *p >= 0x80) {
            g_string_free (out, TRUE);
            return NULL;
        }
        if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
        g_string_append_c (out, *p);
    }
    g_string_append_c (out, '"');
    return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Politeness                                                           */
/* ------------------------------------------------------------------ */

void
_mlg_pace_init (MlgPace *pace, double interval, guint burst)
{
    pace->interval_us = interval > 0 ? (gint64) (interval * 1e6) : 0;
    pace->burst = MAX (burst, 1);
    pace->next_us = 0;
}

gint64
_mlg_pace_delay (MlgPace *pace, gint64 now_us)
{
    gint64 allowed, wait;

    if (pace->interval_us == 0)
        return 0;
    if (pace->next_us == 0)
        pace->next_us = now_us;
    /* A virtual schedule one interval apart, which a command may run
     * ahead of by burst - 1 intervals. */
    allowed = pace->next_us - (pace->burst - 1) * pace->interval_us;
    wait = MAX (0, allowed - now_us);
    pace->next_us = MAX (pace->next_us, now_us + wait) + pace->interval_us;
    return wait;
}

/* ------------------------------------------------------------------ */
/* The session                                                          */
/* ------------------------------------------------------------------ */

typedef struct {
    MlgFetcher *fetcher;
    const char *url;    /* for messages */
    CURL *curl;
    curl_socket_t sock;
    char errbuf[CURL_ERROR_SIZE];
    MlgImapReader *reader;
    guint tag;
    char current_tag[16];
    MlgPace pace;
    const char *doing;  /* the command under way, for messages */
} Session;

/* Called with every untagged response of a command. */
typedef bool (*UntaggedFunc) (const MlgImapResponse *response,
                              gpointer user_data, GError **error);

static void
session_close (Session *s)
{
    if (s->curl != NULL)
        curl_easy_cleanup (s->curl);
    s->curl = NULL;
    g_clear_pointer (&s->reader, _mlg_imap_reader_free);
}

/* Sleeps `us` microseconds in slices, watching for an interrupt. */
static bool
sleep_us (Session *s, gint64 us, GError **error)
{
    gint64 until = g_get_monotonic_time () + us;
    gint64 now;

    while ((now = g_get_monotonic_time ()) < until) {
        if (!_mlg_fetch_check_cancelled (s->fetcher, error))
            return false;
        g_usleep ((gulong) MIN (until - now, POLL_SLICE_MS * 1000));
    }
    return true;
}

/* Waits until the socket is readable (or writable), a slice at most.
 * Returns false with TIMEOUT once `deadline` has passed. */
static bool
wait_socket (Session *s, short events, gint64 deadline, GError **error)
{
    struct pollfd pfd = {s->sock, events, 0};
    gint64 now = g_get_monotonic_time ();
    int ms;

    if (!_mlg_fetch_check_cancelled (s->fetcher, error))
        return false;
    if (now >= deadline) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_TIMEOUT,
                     "%s: the server sent nothing for %u seconds during "
                     "%s (try again later)",
                     s->url, s->fetcher->options.timeout, s->doing);
        return false;
    }
    ms = (int) MIN ((deadline - now) / 1000 + 1, POLL_SLICE_MS);
    if (poll (&pfd, 1, ms) < 0 && errno != EINTR) {
        int saved = errno;
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_FAILED,
                     "%s: poll: %s", s->url, g_strerror (saved));
        return false;
    }
    if (events == POLLIN)
        s->fetcher->stats.wait_us += g_get_monotonic_time () - now;
    return true;
}

static gint64
deadline_from_now (Session *s)
{
    return g_get_monotonic_time ()
           + (gint64) s->fetcher->options.timeout * G_USEC_PER_SEC;
}

static bool
send_all (Session *s, const char *data, gsize len, GError **error)
{
    gint64 deadline = deadline_from_now (s);

    while (len > 0) {
        size_t sent = 0;
        CURLcode rc = curl_easy_send (s->curl, data, len, &sent);

        if (rc == CURLE_AGAIN) {
            if (!wait_socket (s, POLLOUT, deadline, error))
                return false;
            continue;
        }
        if (rc != CURLE_OK) {
            _mlg_fetch_set_curl_error (error, rc, NULL, s->url, s->doing);
            return false;
        }
        data += sent;
        len -= sent;
    }
    return true;
}

/* Receives what the server has sent, waiting for it if need be. */
static bool
receive (Session *s, GError **error)
{
    gint64 deadline = deadline_from_now (s);
    char buf[64 * 1024];

    for (;;) {
        size_t n = 0;
        CURLcode rc = curl_easy_recv (s->curl, buf, sizeof buf, &n);

        if (rc == CURLE_AGAIN) {
            if (!wait_socket (s, POLLIN, deadline, error))
                return false;
            continue;
        }
        if (rc != CURLE_OK) {
            _mlg_fetch_set_curl_error (error, rc, NULL, s->url, s->doing);
            return false;
        }
        if (n == 0) {
            g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_CUT,
                         "%s: the server closed the connection during %s "
                         "(what was fetched is kept; run again to resume)",
                         s->url, s->doing);
            return false;
        }
        s->fetcher->stats.bytes += n;
        _mlg_imap_reader_feed (s->reader, buf, n);
        return true;
    }
}

static MlgImapResponse *
read_response (Session *s, GError **error)
{
    for (;;) {
        GError *local = NULL;
        MlgImapResponse *r = _mlg_imap_reader_next (s->reader, &local);

        if (r != NULL)
            return r;
        if (local != NULL) {
            g_prefix_error (&local, "%s: during %s: ", s->url, s->doing);
            g_propagate_error (error, local);
            return NULL;
        }
        if (!receive (s, error))
            return NULL;
    }
}

typedef enum { IMAP_OK, IMAP_NO, IMAP_BAD } ImapStatus;

/* Sends `command` (after the politeness wait) and reads its responses,
 * giving the untagged ones to `func` (nullable), up to its tagged
 * answer, whose status and text (nullable: not wanted) it returns.
 * Returns false on a failure of the connection or of `func`; a NO or BAD
 * answer is not a failure here. */
static bool
run_command (Session *s, const char *name, const char *command,
             UntaggedFunc func, gpointer user_data, ImapStatus *status,
             char **text, GError **error)
{
    g_autofree char *line = NULL;
    gint64 wait;

    s->doing = name;
    wait = _mlg_pace_delay (&s->pace, g_get_monotonic_time ());
    if (wait > 0) {
        s->fetcher->stats.pace_us += wait;
        if (!sleep_us (s, wait, error))
            return false;
    }
    g_snprintf (s->current_tag, sizeof s->current_tag, "M%u", ++s->tag);
    line = g_strdup_printf ("%s %s\r\n", s->current_tag, command);
    if (!send_all (s, line, strlen (line), error))
        return false;
    s->fetcher->stats.commands++;

    for (;;) {
        g_autoptr (MlgImapResponse) r = read_response (s, error);
        const char *first;

        if (r == NULL)
            return false;
        first = r->texts->pdata[0];
        if (r->kind == 'T' && g_str_equal (r->tag, s->current_tag)) {
            if (g_ascii_strncasecmp (first, "OK", 2) == 0)
                *status = IMAP_OK;
            else if (g_ascii_strncasecmp (first, "NO", 2) == 0)
                *status = IMAP_NO;
            else
                *status = IMAP_BAD;
            if (text != NULL)
                *text = g_strdup (first + MIN (strlen (first), 3));
            return true;
        }
        if (r->kind == '*' && g_ascii_strncasecmp (first, "BYE", 3) == 0
            && !g_str_equal (name, "LOGOUT")) {
            g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_CUT,
                         "%s: the server ended the session during %s: %s "
                         "(what was fetched is kept; run again to resume)",
                         s->url, name, first + MIN (strlen (first), 4));
            return false;
        }
        if (r->kind == '*' && func != NULL && !func (r, user_data, error))
            return false;
    }
}

/* Connects (TCP, TLS) and lets libcurl read the greeting. */
static bool
session_open (Session *s, GUri *uri, GError **error)
{
    g_autofree char *base = NULL;
    const char *scheme = g_uri_get_scheme (uri);
    CURLcode rc;

    base = g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri),
                       g_uri_get_port (uri), "/", NULL, NULL);
    s->curl = _mlg_fetch_curl_new (s->fetcher, base, s->errbuf);
    if (s->curl == NULL) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_FAILED,
                     "%s: cannot start libcurl", s->url);
        return false;
    }
    s->reader = _mlg_imap_reader_new ();
    _mlg_pace_init (&s->pace, s->fetcher->options.interval,
                    s->fetcher->options.burst);
    curl_easy_setopt (s->curl, CURLOPT_CONNECT_ONLY, 1L);
    /* imap:// is plain text (a tunnel, a test server): libcurl does not
     * try STARTTLS unless told to. imaps:// is TLS throughout. */
    /* No user: libcurl stops after CAPABILITY, and the login is ours. */
    s->doing = "connecting";
    rc = curl_easy_perform (s->curl);
    if (rc != CURLE_OK) {
        _mlg_fetch_set_curl_error (error, rc, s->errbuf, s->url,
                                   "connecting");
        return false;
    }
    /* libcurl's CAPABILITY counts as a command of the session. */
    _mlg_pace_delay (&s->pace, g_get_monotonic_time ());
    s->fetcher->stats.commands++;
    if (curl_easy_getinfo (s->curl, CURLINFO_ACTIVESOCKET, &s->sock)
            != CURLE_OK
        || s->sock == CURL_SOCKET_BAD) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_FAILED,
                     "%s: libcurl gave no connection", s->url);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* The folder's state                                                   */
/* ------------------------------------------------------------------ */

typedef struct {
    char *mailbox;       /* as found on the server; NULL: not yet */
    guint32 uidvalidity; /* 0: never fetched */
    guint32 highest;
    GArray *seen;        /* UID set */
} FolderState;

static void
folder_state_clear (FolderState *state)
{
    g_clear_pointer (&state->mailbox, g_free);
    g_clear_pointer (&state->seen, g_array_unref);
}

#define STATE_GROUP "imap"

/* Reads the state recorded for `key`; a damaged record is an error (the
 * user is told to remove it), never a reason to refetch silently. */
static bool
folder_state_load (MlgFetcher *fetcher, const char *key, FolderState *state,
                   GError **error)
{
    g_autofree char *text = NULL;
    g_autofree char *seen = NULL;
    g_autoptr (GKeyFile) file = g_key_file_new ();
    g_autoptr (GError) local = NULL;
    guint64 v, h;

    state->seen = _mlg_uid_set_new ();
    text = mlg_store_get_fetch_state (fetcher->store, key, &local);
    if (text == NULL) {
        if (local != NULL) {
            g_propagate_error (error, g_steal_pointer (&local));
            return false;
        }
        return true;
    }
    if (!g_key_file_load_from_data (file, text, (gsize) -1, G_KEY_FILE_NONE,
                                    NULL)
        || (state->mailbox = g_key_file_get_string (file, STATE_GROUP,
                                                    "mailbox", NULL))
               == NULL
        || (v = g_key_file_get_uint64 (file, STATE_GROUP, "uidvalidity",
                                       NULL))
               == 0
        || v > G_MAXUINT32
        || (h = g_key_file_get_uint64 (file, STATE_GROUP, "highest", NULL))
               > G_MAXUINT32
        || (seen = g_key_file_get_string (file, STATE_GROUP, "seen", NULL))
               == NULL) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT,
                     "the fetch record of '%s' in database '%s' is "
                     "damaged", key, mlg_store_get_path (fetcher->store));
        return false;
    }
    g_array_unref (state->seen);
    state->seen = _mlg_uid_set_parse (seen);
    if (state->seen == NULL) {
        state->seen = _mlg_uid_set_new ();
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT,
                     "the fetch record of '%s' in database '%s' is "
                     "damaged", key, mlg_store_get_path (fetcher->store));
        return false;
    }
    state->uidvalidity = (guint32) v;
    state->highest = (guint32) h;
    return true;
}

static char *
folder_state_format (const FolderState *state)
{
    g_autoptr (GKeyFile) file = g_key_file_new ();
    g_autofree char *seen = _mlg_uid_set_format (state->seen);

    g_key_file_set_string (file, STATE_GROUP, "mailbox", state->mailbox);
    g_key_file_set_uint64 (file, STATE_GROUP, "uidvalidity",
                           state->uidvalidity);
    g_key_file_set_uint64 (file, STATE_GROUP, "highest", state->highest);
    g_key_file_set_string (file, STATE_GROUP, "seen", seen);
    return g_key_file_to_data (file, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Fetching                                                             */
/* ------------------------------------------------------------------ */

/* What one folder's fetch carries from command to command. */
typedef struct {
    Session *s;
    MlgFetcher *fetcher;
    const char *url;
    const char *key;
    char *dir;             /* MAIL_DIR/HOST/LIST */
    FolderState state;
    guint32 exists;
    guint32 uidvalidity;
    GArray *wanted;        /* guint32 UIDs asked for in this command */
    GPtrArray *paths;      /* files written since the last commit */
    GArray *uids;          /* guint32: UIDs listed by SEARCH */
    char *committed;       /* the state as last recorded, or NULL */
    guint64 done;
    guint64 total;
} Folder;

static bool
on_examine (const MlgImapResponse *r, gpointer data, GError **error)
{
    Folder *f = data;

    _mlg_imap_parse_exists (r, &f->exists);
    _mlg_imap_parse_code (r, "UIDVALIDITY", &f->uidvalidity);
    return true;
}

static bool
on_namespace (const MlgImapResponse *r, gpointer data, GError **error)
{
    _mlg_imap_parse_namespace (r, data);
    return true;
}

static bool
on_search (const MlgImapResponse *r, gpointer data, GError **error)
{
    Folder *f = data;

    _mlg_imap_parse_search (r, f->uids);
    return true;
}

static bool
is_wanted (const Folder *f, guint32 uid)
{
    for (guint i = 0; i < f->wanted->len; i++)
        if (g_array_index (f->wanted, guint32, i) == uid)
            return true;
    return false;
}

/* The Message-ID in a header block (`Message-ID: <x@y>`, maybe folded),
 * without brackets; NULL when there is none. */
static char *
header_message_id (GBytes *header)
{
    gsize len;
    const char *data = g_bytes_get_data (header, &len);
    g_autofree char *text = g_strndup (data, len);
    g_autoptr (GString) value = g_string_new (NULL);
    char *p = text;

    while (p != NULL && *p != '\0') {
        if (g_ascii_strncasecmp (p, "Message-ID:", 11) == 0) {
            p += 11;
            /* The value and its continuation lines. */
            for (;;) {
                char *eol = strchr (p, '\n');

                g_string_append_len (value, p, eol ? eol - p : (gssize) strlen (p));
                if (eol == NULL || (eol[1] != ' ' && eol[1] != '\t'))
                    break;
                p = eol + 1;
            }
            break;
        }
        p = strchr (p, '\n');
        if (p != NULL)
            p++;
    }
    g_strstrip (value->str);
    g_strdelimit (value->str, "<>\r\n\t", ' ');
    g_strstrip (value->str);
    if (value->str[0] == '\0' || strchr (value->str, ' ') != NULL)
        return NULL;
    return g_strdup (value->str);
}

static bool
on_fetch_id (const MlgImapResponse *r, gpointer data, GError **error)
{
    Folder *f = data;
    g_autoptr (GBytes) header = NULL;
    g_autofree char *id = NULL;
    g_autoptr (MlgMessageFacts) facts = NULL;
    guint32 uid;

    if (!_mlg_imap_parse_fetch (r, &uid, &header) || !is_wanted (f, uid)
        || header == NULL)
        return true;
    id = header_message_id (header);
    if (id == NULL)
        return true;
    facts = mlg_store_get_message (f->fetcher->store, id, NULL);
    if (facts != NULL) {
        /* Indexed already (from rsync, or before the rebuild): no need
         * to download it. */
        _mlg_uid_set_add (f->state.seen, uid);
        f->fetcher->stats.known++;
    }
    return true;
}

static bool
on_fetch_body (const MlgImapResponse *r, gpointer data, GError **error)
{
    Folder *f = data;
    g_autoptr (GBytes) body = NULL;
    g_autofree char *name = NULL;
    char *path = NULL;
    guint32 uid;
    gsize len;
    const void *bytes;

    if (!_mlg_imap_parse_fetch (r, &uid, &body) || !is_wanted (f, uid)
        || body == NULL || _mlg_uid_set_contains (f->state.seen, uid))
        return true;
    name = g_strdup_printf ("%u-%u.eml", f->uidvalidity, uid);
    bytes = g_bytes_get_data (body, &len);
    if (!_mlg_fetch_write_file (f->dir, name, bytes, len, &path, error))
        return false;
    g_ptr_array_add (f->paths, path);
    _mlg_uid_set_add (f->state.seen, uid);
    f->fetcher->stats.messages++;
    f->done++;
    _mlg_fetch_report (f->fetcher, f->url, f->done, f->total);
    return true;
}

/* Moves the high-water mark up to the last UID before the first listed
 * UID not yet seen: the next run lists from there, and the seen set
 * covers what lies above it. (A UID seen out of order, a message known
 * by its Message-ID, must not move it past one still to fetch.) */
static void
advance_highest (Folder *f)
{
    for (guint i = 0; i < f->uids->len; i++) {
        guint32 uid = g_array_index (f->uids, guint32, i);

        if (!_mlg_uid_set_contains (f->state.seen, uid))
            break;
        f->state.highest = MAX (f->state.highest, uid);
    }
}

/* Indexes the files written since the last commit and commits them with
 * the folder's state. */
static bool
commit_folder (Folder *f, GError **error)
{
    g_autofree char *value = NULL;

    advance_highest (f);
    value = folder_state_format (&f->state);
    /* A run that found nothing new writes nothing: a cron job's usual
     * run leaves the database alone. */
    if (f->paths->len == 0 && g_strcmp0 (value, f->committed) == 0)
        return true;
    if (!_mlg_fetch_commit (f->fetcher, f->paths, f->key, value, error))
        return false;
    g_ptr_array_set_size (f->paths, 0);
    g_free (f->committed);
    f->committed = g_steal_pointer (&value);
    return true;
}

/* Fills f->wanted with up to `count` UIDs of f->uids from `*next` on
 * that are not seen yet, and returns them as a sequence set. */
static char *
next_set (Folder *f, guint *next, guint count)
{
    g_autoptr (GArray) set = _mlg_uid_set_new ();

    g_array_set_size (f->wanted, 0);
    while (*next < f->uids->len && f->wanted->len < count) {
        guint32 uid = g_array_index (f->uids, guint32, (*next)++);

        if (_mlg_uid_set_contains (f->state.seen, uid))
            continue;
        g_array_append_val (f->wanted, uid);
        _mlg_uid_set_add (set, uid);
    }
    return _mlg_uid_set_format (set);
}

/* Opens the folder read-only; when the server has no folder of that
 * name, tries it under the shared namespaces (the IETF serves its lists
 * as `Shared Folders/<list>`). */
static bool
examine_folder (Folder *f, const char *mailbox, GError **error)
{
    g_autoptr (GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *first_answer = NULL;

    if (f->state.mailbox != NULL)
        g_ptr_array_add (candidates, g_strdup (f->state.mailbox));
    else
        g_ptr_array_add (candidates, g_strdup (mailbox));

    for (guint i = 0; i < candidates->len; i++) {
        const char *name = candidates->pdata[i];
        g_autofree char *quoted = _mlg_imap_quote (name);
        g_autofree char *command = NULL;
        g_autofree char *answer = NULL;
        ImapStatus status;

        if (quoted == NULL) {
            g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_INVALID_URL,
                         "%s: the folder name '%s' is not plain ASCII, "
                         "which is not supported", f->url, name);
            return false;
        }
        command = g_strdup_printf ("EXAMINE %s", quoted);
        f->exists = 0;
        f->uidvalidity = 0;
        if (!run_command (f->s, "EXAMINE", command, on_examine, f, &status,
                          &answer, error))
            return false;
        if (status == IMAP_OK) {
            if (f->uidvalidity == 0) {
                g_set_error (error, MLG_FETCH_ERROR,
                             MLG_FETCH_ERROR_PROTOCOL,
                             "%s: the server gave no UIDVALIDITY for "
                             "folder '%s'", f->url, name);
                return false;
            }
            g_free (f->state.mailbox);
            f->state.mailbox = g_strdup (name);
            return true;
        }
        if (first_answer == NULL)
            first_answer = g_steal_pointer (&answer);
        /* Not found as named: ask where the shared folders are, once. */
        if (i == 0 && f->state.mailbox == NULL) {
            g_autoptr (GPtrArray) prefixes =
                g_ptr_array_new_with_free_func (g_free);

            if (!run_command (f->s, "NAMESPACE", "NAMESPACE", on_namespace,
                              prefixes, &status, NULL, error))
                return false;
            for (guint k = 0; k < prefixes->len; k++)
                if (((char *) prefixes->pdata[k])[0] != '\0')
                    g_ptr_array_add (candidates,
                                     g_strconcat (prefixes->pdata[k],
                                                  mailbox, NULL));
        }
    }
    g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_NOT_FOUND,
                 "%s: the server has no folder '%s' (it said: %s); check "
                 "the list name", f->url, mailbox,
                 first_answer != NULL ? first_answer : "no");
    return false;
}

/* Lists the UIDs to fetch into f->uids. */
static bool
list_new_uids (Folder *f, guint32 from, GError **error)
{
    g_autofree char *command = NULL;
    g_autofree char *answer = NULL;
    ImapStatus status;
    guint kept = 0;

    g_array_set_size (f->uids, 0);
    if (f->exists == 0)
        return true;
    command = g_strdup_printf ("UID SEARCH UID %u:*", from);
    if (!run_command (f->s, "UID SEARCH", command, on_search, f, &status,
                      &answer, error))
        return false;
    if (status != IMAP_OK) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_PROTOCOL,
                     "%s: the server refused to list the folder: %s",
                     f->url, answer);
        return false;
    }
    /* `n:*` always matches the highest UID, even below n; and the order
     * of a SEARCH answer is the server's. */
    for (guint i = 0; i < f->uids->len; i++) {
        guint32 uid = g_array_index (f->uids, guint32, i);
        if (uid >= from)
            g_array_index (f->uids, guint32, kept++) = uid;
    }
    g_array_set_size (f->uids, kept);
    return true;
}

static gint
compare_uids (gconstpointer a, gconstpointer b)
{
    guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

    return x < y ? -1 : x > y;
}

/* Runs `name` over every UID of f->uids not yet seen, `count` at a
 * time, giving the responses to `func`; with `commit`, indexes and
 * commits every COMMIT_EVERY messages, and after a failure. */
static bool
fetch_in_batches (Folder *f, const char *name, const char *items,
                  guint count, UntaggedFunc func, bool commit,
                  GError **error)
{
    guint next = 0;

    for (;;) {
        g_autofree char *set = next_set (f, &next, count);
        g_autofree char *command = NULL;
        g_autofree char *answer = NULL;
        g_autoptr (GError) local = NULL;
        ImapStatus status;
        bool ok;

        if (set[0] == '\0')
            return true;
        command = g_strdup_printf ("UID FETCH %s %s", set, items);
        ok = run_command (f->s, name, command, func, f, &status, &answer,
                          &local);
        if (ok && status != IMAP_OK) {
            g_set_error (&local, MLG_FETCH_ERROR, MLG_FETCH_ERROR_PROTOCOL,
                         "%s: the server refused to send messages: %s",
                         f->url, answer);
            ok = false;
        }
        /* Whatever arrived whole is kept, even when the rest did not. */
        if (commit && (!ok || f->paths->len >= COMMIT_EVERY)
            && !commit_folder (f, error))
            return false;
        if (!ok) {
            g_propagate_error (error, g_steal_pointer (&local));
            return false;
        }
    }
}

/* The name of the folder's directory: the last part of its name. */
static char *
folder_dir_name (const char *mailbox)
{
    const char *slash = strrchr (mailbox, '/');
    g_autofree char *lower = g_ascii_strdown (slash ? slash + 1 : mailbox,
                                              -1);

    return _mlg_fetch_safe_name (lower);
}

bool
_mlg_fetch_imap (MlgFetcher *fetcher, GUri *uri, const char *url,
                 GError **error)
{
    Session s = {0};
    Folder f = {0};
    g_autofree char *mailbox = NULL;
    g_autofree char *key = NULL;
    g_autofree char *user = NULL;
    g_autofree char *quoted_user = NULL;
    g_autofree char *quoted_pass = NULL;
    g_autofree char *login = NULL;
    g_autofree char *answer = NULL;
    g_autofree char *host_dir = NULL;
    g_autofree char *list_dir = NULL;
    ImapStatus status;
    bool ok = false;
    bool rebuilt, check_ids;
    guint32 from;

    mailbox = g_uri_unescape_string (g_uri_get_path (uri), NULL);
    if (mailbox == NULL || mailbox[0] != '/' || mailbox[1] == '\0') {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_INVALID_URL,
                     "'%s' names no folder: give it as "
                     "imaps://HOST/FOLDER (imaps://imap.ietf.org/dispatch)",
                     url);
        return false;
    }
    memmove (mailbox, mailbox + 1, strlen (mailbox));
    user = g_uri_get_user (uri) != NULL
               ? g_uri_unescape_string (g_uri_get_user (uri), NULL)
               : g_strdup ("anonymous");
    /* A folder is known by its host and name: imap:// and imaps://, or
     * another port (a tunnel), reach the same folder. */
    key = g_uri_join (G_URI_FLAGS_ENCODED_PATH, "imap", NULL,
                      g_uri_get_host (uri), -1, g_uri_get_path (uri), NULL,
                      NULL);

    s.fetcher = fetcher;
    s.url = url;
    f.s = &s;
    f.fetcher = fetcher;
    f.url = url;
    f.key = key;
    f.wanted = g_array_new (FALSE, FALSE, sizeof (guint32));
    f.uids = g_array_new (FALSE, FALSE, sizeof (guint32));
    f.paths = g_ptr_array_new_with_free_func (g_free);
    host_dir = _mlg_fetch_safe_name (g_uri_get_host (uri));
    list_dir = folder_dir_name (mailbox);
    f.dir = g_build_filename (fetcher->options.mail_dir, host_dir, list_dir,
                              NULL);

    if (!folder_state_load (fetcher, key, &f.state, error)
        || !_mlg_fetch_make_dir (f.dir, error)
        || !session_open (&s, uri, error))
        goto out;
    if (f.state.uidvalidity != 0)
        f.committed = folder_state_format (&f.state);

    quoted_user = _mlg_imap_quote (user);
    quoted_pass = _mlg_imap_quote (fetcher->options.email);
    if (quoted_user == NULL || quoted_pass == NULL) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_INVALID_URL,
                     "%s: the user and the e-mail address must be plain "
                     "ASCII", url);
        goto out;
    }
    login = g_strdup_printf ("LOGIN %s %s", quoted_user, quoted_pass);
    if (!run_command (&s, "LOGIN", login, NULL, NULL, &status, &answer,
                      error))
        goto out;
    if (status != IMAP_OK) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_LOGIN,
                     "%s: the server refused the login of '%s' (it said: "
                     "%s); for the IETF, log in as anonymous with your "
                     "e-mail address (--email)", url, user, answer);
        goto out;
    }
    if (!examine_folder (&f, mailbox, error))
        goto out;

    rebuilt = f.state.uidvalidity != 0
              && f.state.uidvalidity != f.uidvalidity;
    if (f.state.uidvalidity != f.uidvalidity) {
        /* New, or rebuilt: every UID of the folder is new to us. */
        g_array_set_size (f.state.seen, 0);
        f.state.highest = 0;
        f.state.uidvalidity = f.uidvalidity;
    }
    if (rebuilt)
        fetcher->stats.rebuilt++;
    /* A folder we never fetched (or whose UIDs changed) may hold mail the
     * database has: compare Message-IDs first. */
    check_ids = f.state.highest == 0 && mlg_store_count (fetcher->store) > 0;
    from = f.state.highest + 1;
    if (!list_new_uids (&f, from, error))
        goto out;
    g_array_sort (f.uids, compare_uids);
    f.total = f.uids->len;
    _mlg_fetch_report (fetcher, url, 0, f.total);

    if (check_ids && f.uids->len > 0) {
        guint64 known_before = fetcher->stats.known;

        if (!fetch_in_batches (&f, "UID FETCH (Message-IDs)",
                               "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])",
                               fetcher->options.batch * ID_BATCH_FACTOR,
                               on_fetch_id, false, error))
            goto out;
        f.done = fetcher->stats.known - known_before;
    }
    if (!fetch_in_batches (&f, "UID FETCH", "(UID BODY.PEEK[])",
                           fetcher->options.batch, on_fetch_body, true,
                           error))
        goto out;
    /* Nothing new still records the folder (its UIDVALIDITY, the known
     * messages skipped), so that the next run knows it. */
    if (!commit_folder (&f, error))
        goto out;
    /* A courtesy; the session is over whatever the answer. */
    run_command (&s, "LOGOUT", "LOGOUT", NULL, NULL, &status, NULL, NULL);
    ok = true;

out:
    session_close (&s);
    folder_state_clear (&f.state);
    g_free (f.committed);
    g_free (f.dir);
    g_array_unref (f.wanted);
    g_array_unref (f.uids);
    g_ptr_array_unref (f.paths);
    return ok;
}
