/* mlg-extract.c - what a message's own words point at and say: pointers
 * (drafts, RFCs, implementations, archives, slides), stance, checklist
 * signals, and the normalised subject.
 *
 * Everything here is heuristic over free text. The rule of thumb is to
 * miss rather than invent: a false pointer or a false "+1" would inflate
 * a proposal's score, while a missed one only understates it. */
#include "mlg-extract-private.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* Regular expressions, compiled once                                   */
/* ------------------------------------------------------------------ */

typedef struct {
    GRegex *draft;
    GRegex *rfc;
    GRegex *url;
    GRegex *minutes;
} Patterns;

/* G_REGEX_OPTIMIZE is not used: it turns on PCRE2's JIT, which valgrind
 * reports as uninitialised reads, and these patterns only run over the
 * new text of one message at a time, where the interpreter is fast
 * enough. */
static gpointer
compile_patterns (gpointer data)
{
    Patterns *p = g_new0 (Patterns, 1);

    /* Internet-Draft names are lower-case words joined by hyphens, with
     * at least two words after "draft-" (so "draft-" or "draft-ietf-"
     * alone never match). The match may not continue a longer word
     * ("slides-115-dispatch-draft-x" is slides, not a draft), and
     * possessive repetition keeps "draft-x-yZ" from matching a prefix.
     * A trailing hyphen ("draft-x-y-" wrapped at a line end) is left out.
     * An extension (.txt, .html, .xml, .pdf) simply ends the match. */
    p->draft = g_regex_new ("(?<![A-Za-z0-9_-])draft(?:-[a-z0-9]+){2,}+"
                            "(?![A-Za-z0-9_]|-[A-Za-z0-9_])",
                            0, 0, NULL);
    /* RFC numbers: "RFC 9110", "RFC9110", "RFC-9110", and the rfcNNNN in
     * rfc-editor and datatracker URLs. Leading zeros are dropped. */
    p->rfc = g_regex_new (
        "(?<![A-Za-z0-9_-])rfc(?:[ \\t-]|\\x{00A0})?0*([1-9][0-9]{0,4})"
        "(?![0-9A-Za-z])",
        G_REGEX_CASELESS, 0, NULL);
    /* URLs with a scheme, and the bare host forms people type. Brackets,
     * quotes and spaces end a URL; trailing punctuation is trimmed
     * afterwards. Every alternative starts with a literal, so PCRE can
     * skip ahead to candidate positions instead of trying each byte. */
    p->url = g_regex_new (
        "(?:https?://|(?<![A-Za-z0-9./@_-])(?:www\\.|datatracker\\.ietf\\."
        "|mailarchive\\.ietf\\.|github\\.com/|gitlab\\.com/|codeberg\\.org/"
        "|git\\.sr\\.ht/|bitbucket\\.org/|lore\\.kernel\\.org/|lists\\.))"
        "[^\\s<>\"'()\\[\\]{}|\\\\^`]+",
        G_REGEX_CASELESS, 0, NULL);
    /* A requested meeting time: "10 min", "15 minutes", "5-10 mins". */
    p->minutes = g_regex_new (
        "\\b(?:[0-9]{1,3}|five|ten|fifteen|twenty|thirty|forty|sixty)"
        "(?:\\s*(?:-|to)\\s*[0-9]{1,3})?[\\s-]*(?:min|mins|minutes|minute)\\b",
        G_REGEX_CASELESS, 0, NULL);
    g_assert (p->draft && p->rfc && p->url && p->minutes);
    return p;
}

static const Patterns *
patterns (void)
{
    static GOnce once = G_ONCE_INIT;

    return g_once (&once, compile_patterns, NULL);
}

/* ------------------------------------------------------------------ */
/* Pointers                                                             */
/* ------------------------------------------------------------------ */

typedef struct {
    gint pos;
    MlgPointerKind kind;
    char *value;
    int revision;
} Candidate;

static void
candidate_clear (gpointer data)
{
    g_free (((Candidate *)data)->value);
}

static void
add_candidate (GArray *candidates, gint pos, MlgPointerKind kind, char *value,
               int revision)
{
    Candidate c = { pos, kind, value, revision };

    g_array_append_val (candidates, c);
}

static gint
candidate_compare (gconstpointer a, gconstpointer b)
{
    const Candidate *ca = a;
    const Candidate *cb = b;

    if (ca->pos != cb->pos)
        return ca->pos < cb->pos ? -1 : 1;
    return (int)ca->kind - (int)cb->kind;
}

static void
find_drafts (const char *text, GArray *candidates)
{
    g_autoptr (GMatchInfo) info = NULL;

    g_regex_match (patterns ()->draft, text, 0, &info);
    for (; g_match_info_matches (info); g_match_info_next (info, NULL)) {
        g_autofree char *name = g_match_info_fetch (info, 0);
        gint start, end;
        char *last = strrchr (name, '-');
        int revision = -1;

        g_match_info_fetch_pos (info, 0, &start, &end);
        /* A last word of exactly two digits is the revision. What remains
         * must still be a name of two words after "draft-". */
        if (strlen (last + 1) == 2 && g_ascii_isdigit (last[1])
            && g_ascii_isdigit (last[2])) {
            revision = (last[1] - '0') * 10 + (last[2] - '0');
            *last = '\0';
            if (strchr (name + strlen ("draft-"), '-') == NULL)
                continue;
        }
        add_candidate (candidates, start, MLG_POINTER_DRAFT,
                       g_steal_pointer (&name), revision);
    }
}

static void
find_rfcs (const char *text, GArray *candidates)
{
    g_autoptr (GMatchInfo) info = NULL;

    g_regex_match (patterns ()->rfc, text, 0, &info);
    for (; g_match_info_matches (info); g_match_info_next (info, NULL)) {
        g_autofree char *number = g_match_info_fetch (info, 1);
        gint start, end;

        g_match_info_fetch_pos (info, 0, &start, &end);
        add_candidate (candidates, start, MLG_POINTER_RFC,
                       g_strconcat ("rfc", number, NULL), -1);
    }
}

/* Trims what ends a URL in prose: sentence punctuation, closing quotes
 * and markdown emphasis. */
static void
trim_url (char *url)
{
    gsize len = strlen (url);

    while (len > 0 && strchr (".,;:!?*_'\"", url[len - 1]) != NULL)
        url[--len] = '\0';
}

static const char *const impl_hosts[]
    = { "github.com", "gitlab.com",    "codeberg.org",
        "git.sr.ht",  "bitbucket.org", NULL };

/* First path segments that are site pages rather than owners. */
static const char *const impl_non_owners[]
    = { "orgs",     "settings", "notifications", "marketplace",
        "features", "about",    "pricing",       "login",
        "join",     "sponsors", "topics",        "explore",
        "search",   "users",    "site",          "help",
        "-",        NULL };

static bool
str_in (const char *s, const char *const *list)
{
    for (guint i = 0; list[i] != NULL; i++)
        if (g_ascii_strcasecmp (s, list[i]) == 0)
            return true;
    return false;
}

/* Returns: (transfer full) "https://host/owner/repo" for a repository URL
 * on a known forge, or NULL. Deeper paths (/issues/3, /tree/main/src)
 * and ".git" are dropped so that every link to one repository is one
 * pointer. GitHub names are case-insensitive, so they are lower-cased. */
static char *
impl_url (const char *host, const char *path)
{
    g_auto (GStrv) segments = NULL;
    g_autofree char *repo = NULL;
    const char *owner;

    if (!str_in (host, impl_hosts))
        return NULL;
    segments = g_strsplit (path[0] == '/' ? path + 1 : path, "/", 4);
    if (g_strv_length (segments) < 2 || segments[0][0] == '\0'
        || segments[1][0] == '\0')
        return NULL;
    owner = segments[0];
    if (str_in (owner, impl_non_owners))
        return NULL;
    repo = g_strdup (segments[1]);
    /* Drop a query or fragment glued to the repository name. */
    repo[strcspn (repo, "?#")] = '\0';
    if (g_str_has_suffix (repo, ".git"))
        repo[strlen (repo) - 4] = '\0';
    if (repo[0] == '\0')
        return NULL;
    /* A repository named after a draft holds the draft's source, not an
     * implementation; its name is already picked up as a draft pointer. */
    if (g_str_has_prefix (repo, "draft-"))
        return NULL;
    if (strcmp (host, "github.com") == 0) {
        g_autofree char *url
            = g_strdup_printf ("https://%s/%s/%s", host, owner, repo);
        return g_ascii_strdown (url, -1);
    }
    return g_strdup_printf ("https://%s/%s/%s", host, owner, repo);
}

static bool
is_slides_url (const char *host, const char *path)
{
    g_autofree char *lower = g_ascii_strdown (path, -1);

    if (strstr (lower, "slides-") != NULL)
        return true;
    if ((strstr (lower, "/proceedings/") != NULL
         || strstr (lower, "/materials/") != NULL)
        && (g_str_has_suffix (lower, ".pdf")
            || g_str_has_suffix (lower, ".pptx")
            || g_str_has_suffix (lower, ".ppt")
            || g_str_has_suffix (lower, ".odp")))
        return true;
    return false;
}

static bool
is_archive_url (const char *host, const char *path)
{
    g_autofree char *lower = g_ascii_strdown (path, -1);

    if (strcmp (host, "mailarchive.ietf.org") == 0)
        return g_str_has_prefix (lower, "/arch/");
    if (strstr (lower, "/pipermail/") != NULL)
        return true;
    if (strcmp (host, "lore.kernel.org") == 0)
        return strlen (lower) > 1;
    if (g_str_has_prefix (host, "lists."))
        return strstr (lower, "/hyperkitty/") != NULL
               || strstr (lower, "/archives/") != NULL;
    if (strcmp (host, "www.mail-archive.com") == 0
        || strcmp (host, "mail-archive.com") == 0
        || strcmp (host, "marc.info") == 0)
        return strlen (lower) > 1;
    return false;
}

static void
classify_url (const char *text, gint start, gint end, GArray *candidates)
{
    g_autofree char *url = g_strndup (text + start, end - start);
    g_autofree char *full = NULL;
    g_autofree char *host = NULL;
    g_autoptr (GUri) uri = NULL;
    const char *path;
    char *impl;

    trim_url (url);
    full = g_ascii_strncasecmp (url, "http://", 7) == 0
                   || g_ascii_strncasecmp (url, "https://", 8) == 0
               ? g_strdup (url)
               : g_strconcat ("https://", url, NULL);
    uri = g_uri_parse (full, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);
    if (uri == NULL || g_uri_get_host (uri) == NULL)
        return;
    host = g_ascii_strdown (g_uri_get_host (uri), -1);
    if (g_str_has_prefix (host, "www.") && str_in (host + 4, impl_hosts)) {
        char *bare = g_strdup (host + 4);
        g_free (host);
        host = bare;
    }
    path = g_uri_get_path (uri);

    if (is_slides_url (host, path))
        add_candidate (candidates, start, MLG_POINTER_SLIDES,
                       g_steal_pointer (&full), -1);
    else if (is_archive_url (host, path))
        add_candidate (candidates, start, MLG_POINTER_ARCHIVE,
                       g_steal_pointer (&full), -1);
    else if ((impl = impl_url (host, path)) != NULL)
        add_candidate (candidates, start, MLG_POINTER_IMPL, impl, -1);
}

/* Tries the URL pattern anchored at byte `at`; returns the end of the
 * match (to skip past it) or `at` + 1. */
static const char *
url_at (const char *text, const char *at, GArray *candidates)
{
    g_autoptr (GMatchInfo) info = NULL;
    gint start, end;

    if (!g_regex_match_full (patterns ()->url, text, -1, at - text,
                             G_REGEX_MATCH_ANCHORED, &info, NULL))
        return at + 1;
    g_match_info_fetch_pos (info, 0, &start, &end);
    /* An empty match must still move the scan on, or callers loop. */
    if (end <= at - text)
        return at + 1;
    classify_url (text, start, end, candidates);
    return text + end;
}

/* The URL pattern has to be tried only where a URL can start: before
 * "://", or at a bare host name. Letting PCRE scan the whole text tries
 * it at every "h", "w", "g"... of every word, which dominates the cost
 * on long messages. */
static void
find_urls (const char *text, GArray *candidates)
{
    static const char *const bare_hosts[] = { "www.",
                                              "datatracker.ietf.",
                                              "mailarchive.ietf.",
                                              "github.com/",
                                              "gitlab.com/",
                                              "codeberg.org/",
                                              "git.sr.ht/",
                                              "bitbucket.org/",
                                              "lore.kernel.org/",
                                              "lists.",
                                              NULL };
    const char *p = text;

    while ((p = strstr (p, "://")) != NULL) {
        const char *scheme = p;

        while (scheme > text && g_ascii_isalpha (scheme[-1]))
            scheme--;
        const char *next = p + 3;

        if (scheme < p) {
            const char *end = url_at (text, scheme, candidates);
            if (end > next)
                next = end;
        }
        p = next;
    }
    /* Every bare host has a dot in its first label or two, and dots are
     * rare in prose: looking back from each dot finds all the hosts in
     * one pass instead of one pass per host. Each host keeps its own
     * resume point, as a scan per host would, so an occurrence inside a
     * URL already matched from the same host is skipped. */
    gsize dot_offset[G_N_ELEMENTS (bare_hosts)];
    gsize host_len[G_N_ELEMENTS (bare_hosts)];
    const char *resume[G_N_ELEMENTS (bare_hosts)];

    for (guint i = 0; bare_hosts[i] != NULL; i++) {
        dot_offset[i] = strchr (bare_hosts[i], '.') - bare_hosts[i];
        host_len[i] = strlen (bare_hosts[i]);
        resume[i] = text;
    }
    for (const char *dot = strchr (text, '.'); dot != NULL;
         dot = strchr (dot + 1, '.')) {
        for (guint i = 0; bare_hosts[i] != NULL; i++) {
            const char *at;

            if ((gsize)(dot - text) < dot_offset[i])
                continue;
            at = dot - dot_offset[i];
            if (at < resume[i]
                || strncmp (at, bare_hosts[i], host_len[i]) != 0)
                continue;
            /* Inside a URL with a scheme, the lookbehind refuses it. */
            resume[i] = url_at (text, at, candidates);
        }
    }
}

/* Whether `text` holds "rfc" in any ASCII case. */
static bool
mentions_rfc (const char *text)
{
    for (const char *p = text; (p = strpbrk (p, "rR")) != NULL; p++)
        if (g_ascii_strncasecmp (p, "rfc", 3) == 0)
            return true;
    return false;
}

/* Returns: (transfer full) the key under which a pointer is deduplicated. */
static char *
pointer_key (MlgPointerKind kind, const char *value, int revision)
{
    return g_strdup_printf ("%d %d %s", (int) kind, revision, value);
}

void
_mlg_extract_pointers (const char *text, GPtrArray *pointers)
{
    g_autoptr (GArray) candidates = NULL;
    g_autoptr (GHashTable) seen = NULL;

    g_return_if_fail (pointers != NULL);
    if (text == NULL || !g_utf8_validate (text, -1, NULL))
        return;

    candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
    g_array_set_clear_func (candidates, candidate_clear);
    /* Cheap substring checks first: most messages name no draft, and the
     * regular expressions cost far more than strstr. */
    if (strstr (text, "draft-") != NULL)
        find_drafts (text, candidates);
    if (mentions_rfc (text))
        find_rfcs (text, candidates);
    if (strchr (text, '.') != NULL)
        find_urls (text, candidates);
    /* Each finder runs over the whole text; sorting by position restores
     * the order of first mention across kinds. */
    g_array_sort (candidates, candidate_compare);

    /* A set rather than a scan of `pointers`: a text naming thousands of
     * pointers must not cost their square. */
    seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < pointers->len; i++) {
        const MlgPointer *p = g_ptr_array_index (pointers, i);
        g_hash_table_add (seen, pointer_key (p->kind, p->value, p->revision));
    }
    for (guint i = 0; i < candidates->len; i++) {
        Candidate *c = &g_array_index (candidates, Candidate, i);

        if (g_hash_table_add (seen,
                              pointer_key (c->kind, c->value, c->revision)))
            g_ptr_array_add (pointers,
                             mlg_pointer_new (c->kind, c->value, c->revision));
    }
}

/* ------------------------------------------------------------------ */
/* Phrase matching                                                      */
/* ------------------------------------------------------------------ */

static bool
is_word_byte (char c)
{
    /* Bytes of multi-byte UTF-8 sequences count as letters. */
    return g_ascii_isalnum (c) || c == '_' || (guchar)c >= 0x80;
}

/* What may come right before a phrase that starts with a non-word byte. */
static bool
is_sign_lead (char c)
{
    return c == ' ' || c == '(' || c == '\n' || c == '\t' || c == '"';
}

/* Whether `phrase` (`plen` bytes, not empty) may end where `after` is the
 * next byte of the text. */
static bool
ends_on_boundary (const char *phrase, gsize plen, char after)
{
    if (is_word_byte (phrase[plen - 1]))
        return !is_word_byte (after);
    return !g_ascii_isdigit (after);
}

/* "+1" matches in "+1!" but not in "a+1", and "-1" not in "x-1": the sign
 * must follow a space or the start. */
gssize
_mlg_phrase_find (const char *haystack, const char *phrase, gsize from)
{
    gsize plen = strlen (phrase);
    const char *p = haystack + from;

    if (plen == 0)
        return -1;
    while ((p = strstr (p, phrase)) != NULL) {
        char before = p == haystack ? ' ' : p[-1];
        bool ok;

        if (is_word_byte (phrase[0]))
            ok = !is_word_byte (before);
        else
            ok = is_sign_lead (before);
        if (ok && ends_on_boundary (phrase, plen, p[plen]))
            return p - haystack;
        p++;
    }
    return -1;
}

/* The matcher walks the text once instead of once per phrase (which cost
 * a tenth of the indexer's reader thread with a hundred phrases). A
 * phrase that starts with a word byte can only occur where a word starts,
 * and there the text's whole word (its run of word bytes) must equal the
 * phrase's first word: the byte after that word in the phrase is either
 * a non-word byte the text must repeat, or the phrase's end, where the
 * text must not go on with a word byte. So one hash lookup per word of
 * the text finds the few phrases worth comparing. Phrases that start
 * with another byte ("+1") are tried where the text has that byte. */
typedef struct {
    char *text;
    gsize len;
    guint number;
    guint group;
    const char *const *not_after;
} Phrase;

typedef struct {
    const char *start;
    gsize len;
} Run;

struct _MlgPhraseMatcher {
    GPtrArray *phrases;     /* Phrase *, owned, in the order of addition */
    GHashTable *by_word;    /* Run * (owned) -> GPtrArray of Phrase * */
    GPtrArray *by_sign;     /* Phrase * starting with a non-word byte */
    guint64 word_lengths;   /* bit n: a first word of n bytes (63: >= 63) */
    guint8 word_first[256]; /* 1: some first word starts with the byte */
    guint8 sign_first[256]; /* 1: some phrase in by_sign starts with it */
    guint32 groups;         /* the groups that have a phrase */
};

static guint
run_hash (gconstpointer key)
{
    const Run *run = key;
    guint h = 5381;

    for (gsize i = 0; i < run->len; i++)
        h = h * 33 + (guchar)run->start[i];
    return h;
}

static gboolean
run_equal (gconstpointer a, gconstpointer b)
{
    const Run *ra = a;
    const Run *rb = b;

    return ra->len == rb->len && memcmp (ra->start, rb->start, ra->len) == 0;
}

static void
phrase_free (gpointer data)
{
    Phrase *phrase = data;

    g_free (phrase->text);
    g_free (phrase);
}

MlgPhraseMatcher *
_mlg_phrase_matcher_new (void)
{
    MlgPhraseMatcher *matcher = g_new0 (MlgPhraseMatcher, 1);

    matcher->phrases = g_ptr_array_new_with_free_func (phrase_free);
    matcher->by_word = g_hash_table_new_full (
        run_hash, run_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
    matcher->by_sign = g_ptr_array_new ();
    return matcher;
}

void
_mlg_phrase_matcher_free (MlgPhraseMatcher *matcher)
{
    if (matcher == NULL)
        return;
    g_hash_table_unref (matcher->by_word);
    g_ptr_array_unref (matcher->by_sign);
    g_ptr_array_unref (matcher->phrases);
    g_free (matcher);
}

guint
_mlg_phrase_matcher_add (MlgPhraseMatcher *matcher, const char *text,
                         guint group, const char *const *not_after)
{
    Phrase *phrase;

    g_return_val_if_fail (matcher != NULL && text != NULL, 0);
    g_return_val_if_fail (group < 32, 0);

    phrase = g_new0 (Phrase, 1);
    phrase->text = g_strdup (text);
    phrase->len = strlen (text);
    phrase->number = matcher->phrases->len;
    phrase->group = group;
    phrase->not_after = not_after;
    g_ptr_array_add (matcher->phrases, phrase);
    if (phrase->len == 0)
        return phrase->number;

    matcher->groups |= 1u << group;
    if (is_word_byte (text[0])) {
        Run key = { phrase->text, 0 };
        GPtrArray *list;

        while (is_word_byte (text[key.len]))
            key.len++;
        list = g_hash_table_lookup (matcher->by_word, &key);
        if (list == NULL) {
            list = g_ptr_array_new ();
            g_hash_table_insert (matcher->by_word, g_memdup2 (&key, sizeof key),
                                 list);
        }
        g_ptr_array_add (list, phrase);
        matcher->word_lengths |= G_GUINT64_CONSTANT (1) << MIN (key.len, 63);
        matcher->word_first[(guchar)text[0]] = 1;
    } else {
        g_ptr_array_add (matcher->by_sign, phrase);
        matcher->sign_first[(guchar)text[0]] = 1;
    }
    return phrase->number;
}

/* Whether `phrase`, whose start has already been checked against the
 * text before it, occurs at `at`. */
static bool
phrase_at (const Phrase *phrase, const char *text, const char *at)
{
    if (strncmp (at, phrase->text, phrase->len) != 0
        || !ends_on_boundary (phrase->text, phrase->len, at[phrase->len]))
        return false;
    if (phrase->not_after != NULL)
        for (guint i = 0; phrase->not_after[i] != NULL; i++) {
            gsize n = strlen (phrase->not_after[i]);

            if ((gsize)(at - text) >= n
                && strncmp (at - n, phrase->not_after[i], n) == 0)
                return false;
        }
    return true;
}

guint32
_mlg_phrase_matcher_scan (const MlgPhraseMatcher *matcher, const char *text,
                          guint8 *found)
{
    guint32 groups = 0;
    const char *p = text;

    g_return_val_if_fail (matcher != NULL, 0);
    if (text == NULL)
        return 0;

    while (*p != '\0') {
        const GPtrArray *list = NULL;
        const char *next;

        if (is_word_byte (*p)) {
            Run run = { p, 1 };

            while (is_word_byte (p[run.len]))
                run.len++;
            next = p + run.len;
            if (matcher->word_first[(guchar)*p]
                && (matcher->word_lengths
                    & (G_GUINT64_CONSTANT (1) << MIN (run.len, 63))))
                list = g_hash_table_lookup (matcher->by_word, &run);
        } else {
            next = p + 1;
            if (matcher->sign_first[(guchar)*p]
                && (p == text || is_sign_lead (p[-1])))
                list = matcher->by_sign;
        }
        for (guint i = 0; list != NULL && i < list->len; i++) {
            const Phrase *phrase = g_ptr_array_index (list, i);

            if (!phrase_at (phrase, text, p))
                continue;
            groups |= 1u << phrase->group;
            if (found != NULL)
                found[phrase->number] = 1;
        }
        /* Without `found`, nothing more can be learnt once every group
         * has occurred. */
        if (found == NULL && groups == matcher->groups)
            break;
        p = next;
    }
    return groups;
}

/* Lower-cases `text`, turns typographic apostrophes into ASCII ones, and
 * collapses whitespace runs into one space, so that phrases match across
 * line wraps and however the client typed "don’t". */
char *
_mlg_extract_fold (const char *text)
{
    gsize len = strlen (text);
    GString *out = g_string_sized_new (len);
    const char *p = text;
    bool space = false;

    while (*p != '\0') {
        gunichar c;

        /* ASCII is handled in a tight loop writing straight into the
         * buffer: this runs over every message twice, and most mail is
         * ASCII. A byte gives at most one byte (a white space run gives
         * one space, before the next byte), so the rest of the input
         * bounds what the loop writes. */
        if ((guchar)*p < 0x80) {
            gsize need = out->len + (len - (gsize)(p - text)) + 1;
            char *w;

            if (out->allocated_len < need) {
                gsize keep = out->len;

                g_string_set_size (out, need);
                g_string_truncate (out, keep);
            }
            w = out->str + out->len;
            for (; *p != '\0' && (guchar)*p < 0x80; p++) {
                char b = *p;

                if (g_ascii_isspace (b)) {
                    space = w > out->str;
                    continue;
                }
                if (space)
                    *w++ = ' ';
                space = false;
                *w++ = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
            }
            *w = '\0';
            out->len = w - out->str;
            continue;
        }
        c = g_utf8_get_char (p);
        p = g_utf8_next_char (p);
        if (g_unichar_isspace (c)) {
            space = out->len > 0;
            continue;
        }
        c = g_unichar_tolower (c);
        if (c == 0x2019 || c == 0x2018)
            c = '\'';
        if (space)
            g_string_append_c (out, ' ');
        space = false;
        if (c < 0x80)
            g_string_append_c (out, (char)c);
        else
            g_string_append_unichar (out, c);
    }
    return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Sentences                                                            */
/* ------------------------------------------------------------------ */

/* Patches and code snippets are common on technical lists; their lines
 * say nothing about support and are full of "-1" and "support". A line
 * is code when it is a diff line, ends like a C statement, or carries
 * operators prose does not use. */
bool
_mlg_extract_looks_like_code (const char *line)
{
    static const char *const markers[]
        = { "==",       "!=",  "->", "&&", "||", "();",
            "#include", "@@ ", "/*", "*/", NULL };
    gsize len = strlen (line);

    if (g_str_has_prefix (line, "+\t") || g_str_has_prefix (line, "-\t")
        || g_str_has_prefix (line, "+ ")
        || g_str_has_prefix (line, "diff --git")
        || g_str_has_prefix (line, "--- a/")
        || g_str_has_prefix (line, "+++ b/"))
        return true;
    if (len > 0 && strchr (";{}", line[len - 1]) != NULL)
        return true;
    for (guint i = 0; markers[i] != NULL; i++)
        if (strstr (line, markers[i]) != NULL)
            return true;
    return false;
}

static void
sentence_end (GPtrArray *sentences, GString *current, bool *opens)
{
    MlgSentence *s;

    if (current->len == 0)
        return;
    s = g_new (MlgSentence, 1);
    s->text = g_strdup (current->str);
    s->opens_paragraph = *opens;
    g_ptr_array_add (sentences, s);
    g_string_truncate (current, 0);
    *opens = false;
}

static void
sentence_free (MlgSentence *s)
{
    g_free (s->text);
    g_free (s);
}

GPtrArray *
_mlg_extract_sentences (const char *text)
{
    GPtrArray *sentences =
        g_ptr_array_new_with_free_func ((GDestroyNotify) sentence_free);
    g_autoptr (GString) current = g_string_new (NULL);
    g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
    bool opens = true;

    for (guint i = 0; lines[i] != NULL; i++) {
        const char *line = g_strstrip (lines[i]);

        /* Quoted and code lines end a paragraph like a blank line. */
        if (line[0] == '\0' || line[0] == '>' || _mlg_extract_looks_like_code (line)) {
            sentence_end (sentences, current, &opens);
            opens = true;
            continue;
        }
        if (current->len > 0)
            g_string_append_c (current, ' ');
        for (const char *p = line; *p != '\0'; p++) {
            g_string_append_c (current, *p);
            if ((*p == '.' || *p == '!' || *p == '?')
                && (p[1] == ' ' || p[1] == '\t' || p[1] == '\0')) {
                /* Keep runs like "?!" together with their sentence. */
                while (p[1] == '!' || p[1] == '?')
                    g_string_append_c (current, *++p);
                sentence_end (sentences, current, &opens);
                while (p[1] == ' ' || p[1] == '\t')
                    p++;
            }
        }
    }
    sentence_end (sentences, current, &opens);
    return sentences;
}

#define MAX_QUOTE_CHARS 200

char *
_mlg_extract_quote (const char *sentence)
{
    char *trimmed = g_strstrip (g_strdup (sentence));
    glong chars = g_utf8_strlen (trimmed, -1);
    char *cut;

    if (chars <= MAX_QUOTE_CHARS)
        return trimmed;
    /* Cut on a character boundary and mark the cut. */
    cut = g_utf8_substring (trimmed, 0, MAX_QUOTE_CHARS - 1);
    g_free (trimmed);
    trimmed = g_strconcat (cut, "…", NULL);
    g_free (cut);
    return trimmed;
}

/* ------------------------------------------------------------------ */
/* Questions                                                            */
/* ------------------------------------------------------------------ */

/* True when `sentence` ends in '?' (closing quotes and brackets aside,
 * and the '!' of "?!") and that '?' does not end a URL. */
static bool
sentence_asks (const char *sentence)
{
    gsize len = strlen (sentence);
    const char *word;

    while (len > 0 && strchr ("\"')]!", sentence[len - 1]) != NULL)
        len--;
    if (len == 0 || sentence[len - 1] != '?')
        return false;
    /* The last word, up to the '?'. */
    word = sentence + len - 1;
    while (word > sentence && word[-1] != ' ' && word[-1] != '\t')
        word--;
    if (g_strstr_len (word, sentence + len - word, "://") != NULL
        || g_ascii_strncasecmp (word, "www.", 4) == 0)
        return false;
    /* A lone "?" is punctuation left over, not a question. */
    return len - (gsize) (word - sentence) > 1 || word > sentence;
}

char *
_mlg_extract_question (const char *new_text)
{
    g_autoptr (GPtrArray) sentences = NULL;

    if (new_text == NULL || strchr (new_text, '?') == NULL
        || !g_utf8_validate (new_text, -1, NULL))
        return NULL;
    sentences = _mlg_extract_sentences (new_text);
    for (guint i = 0; i < sentences->len; i++) {
        const MlgSentence *s = g_ptr_array_index (sentences, i);
        if (sentence_asks (s->text))
            return _mlg_extract_quote (s->text);
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Checklist                                                            */
/* ------------------------------------------------------------------ */

/* The phrase tables behind the agenda-request checklist (DESIGN section
 * 5). They are deliberately generous: the checklist tells a proponent
 * what they forgot, so a mention is enough; the chairs judge quality. */
static const char *const check_prior_discussion[]
    = { "previous discussion",  "previous discussions", "prior discussion",
        "prior discussions",    "earlier discussion",   "earlier discussions",
        "previously discussed", "discussed at ietf",    "discussed previously",
        "discussed earlier",    "was discussed on",     "mailing list thread",
        "earlier thread",       "previous thread",      NULL };

static const char *const check_implementation[]
    = { "implementation",   "implementations", "implemented",  "open source",
        "open-source",      "prototype",       "prototypes",   "interop",
        "interoperability", "hackathon",       "running code", NULL };

static const char *const check_background[]
    = { "background",  "slides",
        "slide deck",  "presentation",
        "presented",   "blog",
        "blog post",   "paper",
        "papers",      "whitepaper",
        "white paper", "use cases",
        "use case",    "problem statement",
        "video",       "recording",
        NULL };

static const char *const check_wg_engagement[] = { "presented at",
                                                   "presented to",
                                                   "presented in",
                                                   "discussed in",
                                                   "discussed with",
                                                   "discussed at",
                                                   NULL };

static const char *const check_who[] = {
    /* Not "editor" alone: every rfc-editor.org link would match. */
    "co-authors",         "co-author",         "coauthors",
    "coauthor",           "authors",           "editors",
    "interested parties", "would work on",     "will work on",
    "contributors",       "willing to work",   "volunteers",
    "volunteered",        "people interested", NULL
};

static const char *const check_next_step[] = { "new wg",
                                               "new working group",
                                               "bof",
                                               "mini-bof",
                                               "ad sponsor",
                                               "ad-sponsor",
                                               "ad sponsored",
                                               "ad-sponsored",
                                               "ad sponsorship",
                                               "ad-sponsorship",
                                               "adoption by",
                                               "adopted by",
                                               "adoption in",
                                               "existing wg",
                                               "existing working group",
                                               "more discussion",
                                               "further discussion",
                                               "dispatch to",
                                               "dispatched to",
                                               "dispatch it to",
                                               "charter",
                                               "chartered",
                                               "chartering",
                                               "recharter",
                                               "rechartering",
                                               "next step",
                                               "next steps",
                                               NULL };

static const char *const check_time[]
    = { "time slot", "timeslot",          "agenda time", "agenda slot",
        "a slot",    "presentation slot", NULL };

static bool
has_pointer_kind (const GPtrArray *pointers, MlgPointerKind kind)
{
    if (pointers == NULL)
        return false;
    for (guint i = 0; i < pointers->len; i++)
        if (((const MlgPointer *)g_ptr_array_index (pointers, i))->kind == kind)
            return true;
    return false;
}

/* The groups of the checklist's phrase matcher. */
enum {
    CHECK_GROUP_PRIOR_DISCUSSION,
    CHECK_GROUP_IMPLEMENTATION,
    CHECK_GROUP_BACKGROUND,
    CHECK_GROUP_WG_ENGAGEMENT,
    CHECK_GROUP_WG,
    CHECK_GROUP_WHO,
    CHECK_GROUP_NEXT_STEP,
    CHECK_GROUP_TIME,
};

static void
add_table (MlgPhraseMatcher *matcher, const char *const *table, guint group,
           const char *const *not_after)
{
    for (guint i = 0; table[i] != NULL; i++)
        _mlg_phrase_matcher_add (matcher, table[i], group, not_after);
}

static gpointer
compile_checklist (gpointer data)
{
    /* A working group named as one: "the WG" in general, or "working
     * group" except in "new working group" and "existing working group",
     * which are next steps rather than engagement. */
    static const char *const wg_words[]
        = { "wg", "wgs", "working group", "working groups", NULL };
    static const char *const wg_not_after[] = { "new ", "existing ", NULL };
    MlgPhraseMatcher *matcher = _mlg_phrase_matcher_new ();

    add_table (matcher, check_prior_discussion, CHECK_GROUP_PRIOR_DISCUSSION,
               NULL);
    add_table (matcher, check_implementation, CHECK_GROUP_IMPLEMENTATION, NULL);
    add_table (matcher, check_background, CHECK_GROUP_BACKGROUND, NULL);
    add_table (matcher, check_wg_engagement, CHECK_GROUP_WG_ENGAGEMENT, NULL);
    add_table (matcher, wg_words, CHECK_GROUP_WG, wg_not_after);
    add_table (matcher, check_who, CHECK_GROUP_WHO, NULL);
    add_table (matcher, check_next_step, CHECK_GROUP_NEXT_STEP, NULL);
    add_table (matcher, check_time, CHECK_GROUP_TIME, NULL);
    return matcher;
}

static const MlgPhraseMatcher *
checklist_matcher (void)
{
    static GOnce once = G_ONCE_INIT;

    return g_once (&once, compile_checklist, NULL);
}

#define GROUP(g) (1u << (g))

/* Whether the minutes pattern can match `folded`: some "min" must follow,
 * across white space and hyphens, a digit or a number word (five, ten,
 * twenty...). Many texts say "minimal", "admin" or "the minutes", and
 * this check costs far less than the pattern. Bytes of UTF-8 characters
 * just before leave the answer open: the pattern's \s knows Unicode
 * spaces, and its caseless "s" matches the long s. */
static bool
may_request_minutes (const char *folded)
{
    static const char *const numbers[] = { "five",   "ten",    "fifteen",
                                           "twenty", "thirty", "forty",
                                           "sixty",  NULL };

    for (const char *p = folded; (p = strstr (p, "min")) != NULL; p++) {
        const char *b = p;
        gsize before;

        while (b > folded && strchr (" \t\n\v\f\r-", b[-1]) != NULL)
            b--;
        before = b - folded;
        if (before == 0)
            continue;
        if (g_ascii_isdigit (b[-1]))
            return true;
        for (gsize i = 1; i <= MIN (before, 7); i++)
            if ((guchar) *(b - i) >= 0x80)
                return true;
        for (guint i = 0; numbers[i] != NULL; i++) {
            gsize n = strlen (numbers[i]);

            if (before >= n && strncmp (b - n, numbers[i], n) == 0)
                return true;
        }
    }
    return false;
}

#define MAX_CHECKLIST_BYTES (16 * 1024)

guint
_mlg_extract_checklist (const char *subject, const char *new_text,
                        const GPtrArray *pointers)
{
    g_autofree char *joined = NULL;
    g_autofree char *folded = NULL;
    guint32 groups;
    guint bits = 0;

    /* An agenda request says what it has to say near the top; a long
     * message (a patch, a draft pasted in) is cut so that the checklist
     * costs little on every message the indexer reads. */
    joined = g_strconcat (subject != NULL ? subject : "", "\n",
                          new_text != NULL ? new_text : "", NULL);
    if (strlen (joined) > MAX_CHECKLIST_BYTES) {
        const char *end = joined + MAX_CHECKLIST_BYTES;

        /* Cut on a character boundary. */
        g_utf8_validate (joined, MAX_CHECKLIST_BYTES, &end);
        joined[end - joined] = '\0';
    }
    if (!g_utf8_validate (joined, -1, NULL))
        return 0;
    folded = _mlg_extract_fold (joined);

    groups = _mlg_phrase_matcher_scan (checklist_matcher (), folded, NULL);

    if (has_pointer_kind (pointers, MLG_POINTER_DRAFT))
        bits |= MLG_CHECK_DRAFT;
    if (has_pointer_kind (pointers, MLG_POINTER_ARCHIVE)
        || (groups & GROUP (CHECK_GROUP_PRIOR_DISCUSSION)))
        bits |= MLG_CHECK_PRIOR_DISCUSSION;
    if (has_pointer_kind (pointers, MLG_POINTER_IMPL)
        || (groups & GROUP (CHECK_GROUP_IMPLEMENTATION)))
        bits |= MLG_CHECK_IMPLEMENTATION;
    if (has_pointer_kind (pointers, MLG_POINTER_SLIDES)
        || (groups & GROUP (CHECK_GROUP_BACKGROUND)))
        bits |= MLG_CHECK_BACKGROUND;
    if (groups & (GROUP (CHECK_GROUP_WG_ENGAGEMENT) | GROUP (CHECK_GROUP_WG)))
        bits |= MLG_CHECK_WG_ENGAGEMENT;
    if (groups & GROUP (CHECK_GROUP_WHO))
        bits |= MLG_CHECK_WHO;
    if (groups & GROUP (CHECK_GROUP_NEXT_STEP))
        bits |= MLG_CHECK_NEXT_STEP;
    if ((groups & GROUP (CHECK_GROUP_TIME))
        || (may_request_minutes (folded)
            && g_regex_match (patterns ()->minutes, folded, 0, NULL)))
        bits |= MLG_CHECK_TIME;
    return bits;
}

/* ------------------------------------------------------------------ */
/* Subjects                                                             */
/* ------------------------------------------------------------------ */


/* Strips leading reply/forward prefixes and `[list]` tags, in any mix.
 * Returns: a pointer into `subject`. */
static const char *
strip_prefixes (const char *subject)
{
    const char *s = subject;

    for (;;) {
        size_t n;

        while (g_ascii_isspace (*s))
            s++;
        if (*s == '[') {
            const char *close = strchr (s, ']');

            if (close == NULL || close - s > MLG_SUBJECT_TAG_MAX)
                break;
            s = close + 1;
            continue;
        }
        if ((n = mlg_subject_prefix_len (s, NULL)) > 0) {
            s += n;
            continue;
        }
        break;
    }
    return s;
}

char *
_mlg_subject_normalise (const char *subject)
{
    g_autofree char *valid = NULL;
    GString *collapsed;
    const char *s;
    bool space = false;
    bool ascii = true;
    char *folded;

    if (subject == NULL)
        return g_strdup ("");
    /* The indexer passes valid text; only other text needs a copy. */
    if (!g_utf8_validate (subject, -1, NULL))
        subject = valid = g_utf8_make_valid (subject, -1);
    s = strip_prefixes (subject);

    collapsed = g_string_sized_new (strlen (s));
    for (; *s != '\0'; s++) {
        if (g_ascii_isspace (*s)) {
            space = collapsed->len > 0;
            continue;
        }
        if (space)
            g_string_append_c (collapsed, ' ');
        space = false;
        ascii = ascii && (guchar)*s < 0x80;
        g_string_append_c (collapsed, *s);
    }
    /* Case folding maps ASCII letters to lower case and nothing else. */
    if (ascii) {
        for (char *c = collapsed->str; *c != '\0'; c++)
            *c = g_ascii_tolower (*c);
        return g_string_free (collapsed, FALSE);
    }
    folded = g_utf8_casefold (collapsed->str, -1);
    g_string_free (collapsed, TRUE);
    return folded;
}
