/* mlg-subject.c - what a reader sees in a subject line beyond its words:
 * the topic tags an author put in front ([TECH TOPIC], [PATCH v2 1/3]),
 * the version it claims, and the subject it forked from ("X (was: Y)").
 * Grouping (mlg-proposal.c) and the thread split (mlg-thread.c) compare
 * subjects through this, so that `[TECH TOPIC] X`, `[MAINTAINERS SUMMIT]
 * X`, `[PATCH v3] X` and `X [V2]` all read as X. */
#include "mlg-analysis-private.h"

#include <string.h>


/* True when `word` is a version mark: "v2", "V10". */
static bool
version_word (const char *word, int *version)
{
    if ((word[0] != 'v' && word[0] != 'V') || !g_ascii_isdigit (word[1]))
        return false;
    for (const char *p = word + 1; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p))
            return false;
    if (version != NULL)
        *version = (int) MIN (g_ascii_strtoll (word + 1, NULL, 10), 9999);
    return true;
}

/* True when `word` numbers a part of a series: "1/5", "3a/5", "00/12". */
static bool
part_word (const char *word, bool *part)
{
    const char *slash = strchr (word, '/');
    const char *p = word;
    bool nonzero = false;

    if (slash == NULL || slash == word || slash[1] == '\0')
        return false;
    for (; p < slash && g_ascii_isdigit (*p); p++)
        nonzero = nonzero || *p != '0';
    if (p == word || (p < slash && !(g_ascii_isalpha (*p) && p + 1 == slash)))
        return false;
    for (p = slash + 1; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p))
            return false;
    if (part != NULL)
        *part = *part || nonzero || g_ascii_isalpha (slash[-1]);
    return true;
}

/* True when a tag names one of the message's lists ("[Dispatch]" on
 * dispatch.ietf.org): a list tag says where the mail went, not what it
 * is. */
static bool
is_list_tag (const char *tag, const char *const *lists)
{
    for (; lists != NULL && *lists != NULL; lists++) {
        const char *dot = strchr (*lists, '.');
        size_t n = dot != NULL ? (size_t) (dot - *lists) : strlen (*lists);

        if (n > 0 && strlen (tag) == n
            && g_ascii_strncasecmp (tag, *lists, n) == 0)
            return true;
    }
    return false;
}

/* Reads one tag's words into `info`: versions, parts and RESEND are
 * marks; the other words are the tag's kind ("patch", "tech topic"). */
static void
read_tag (MlgSubjectInfo *info, const char *tag)
{
    g_auto (GStrv) words = g_strsplit_set (tag, " \t,:", -1);
    g_autoptr (GString) kind = g_string_new (NULL);

    for (guint i = 0; words[i] != NULL; i++) {
        const char *w = words[i];
        int version;

        if (*w == '\0')
            continue;
        if (version_word (w, &version)) {
            info->version = version;
            continue;
        }
        if (part_word (w, &info->part))
            continue;
        if (g_ascii_strcasecmp (w, "resend") == 0) {
            info->resend = true;
            continue;
        }
        if (kind->len > 0)
            g_string_append_c (kind, ' ');
        g_string_append (kind, w);
    }
    if (kind->len > 0) {
        g_autofree char *folded = g_utf8_casefold (kind->str, -1);
        if (!g_ptr_array_find_with_equal_func (info->tags, folded,
                                               g_str_equal, NULL))
            g_ptr_array_add (info->tags, g_steal_pointer (&folded));
    }
}

/* Finds a "was: Y" part in `s` (folded): "(was: y)", "[was re: y]",
 * "(was y)" inside brackets, or a bare ", was: y" with its colon.
 * Returns: a pointer to where the part starts (the bracket or the word),
 * and `*inside` (transfer full) the subject it names; NULL when none. */
static const char *
find_was (const char *s, char **inside)
{
    const char *best = NULL;

    *inside = NULL;
    for (const char *p = s; (p = strstr (p, "was")) != NULL; p++) {
        const char *open = p;
        const char *q = p + 3;
        bool bracket;

        if (g_ascii_isalnum (q[0]) || (p > s && g_ascii_isalnum (p[-1])))
            continue;
        while (open > s && open[-1] == ' ')
            open--;
        bracket = open > s && (open[-1] == '(' || open[-1] == '[');
        if (bracket)
            open--;
        else if (q[0] != ':')
            continue;
        if (q[0] == ':')
            q++;
        while (*q == ' ')
            q++;
        if (*q == '\0')
            continue;
        best = open;
        g_free (*inside);
        *inside = g_strdup (q);
        if (bracket) {
            /* The part runs to the bracket closing `open`. */
            char close = *open == '(' ? ')' : ']';
            char *end = strrchr (*inside, close);
            if (end != NULL)
                *end = '\0';
        }
        break;
    }
    if (best != NULL) {
        /* Trailing ", " or " -" before the part belong to it. */
        while (best > s && (best[-1] == ' ' || best[-1] == ','
                            || best[-1] == '-'))
            best--;
    }
    return best;
}

/* Cuts trailing version marks from the folded `key` in place: "x [v2]",
 * "x (v3)", "x v2", "x (resend)". */
static void
cut_trailing_marks (char *key, MlgSubjectInfo *info)
{
    for (;;) {
        size_t n = strlen (key);
        char *start;

        while (n > 0 && key[n - 1] == ' ')
            key[--n] = '\0';
        if (n == 0)
            return;
        if (key[n - 1] == ']' || key[n - 1] == ')') {
            char open = key[n - 1] == ']' ? '[' : '(';
            g_autofree char *inner = NULL;
            int version;

            start = strrchr (key, open);
            if (start == NULL)
                return;
            inner = g_strndup (start + 1, (gsize) (key + n - 1 - start - 1));
            g_strstrip (inner);
            if (version_word (inner, &version))
                info->version = version;
            else if (g_ascii_strcasecmp (inner, "resend") == 0)
                info->resend = true;
            else
                return;
            *start = '\0';
            continue;
        }
        start = strrchr (key, ' ');
        if (start != NULL && version_word (start + 1, &info->version)) {
            *start = '\0';
            continue;
        }
        return;
    }
}

/* The key of a folded subject body: marks and "was:" part cut, trailing
 * punctuation dropped, spaces collapsed. */
static char *
body_key (const char *body, MlgSubjectInfo *info, char **was)
{
    g_autofree char *copy = g_strdup (body);
    g_autoptr (GString) out = g_string_new (NULL);
    const char *was_at = NULL;
    bool space = false;

    if (was != NULL) {
        was_at = find_was (copy, was);
        if (was_at != NULL)
            copy[was_at - copy] = '\0';
    }
    if (info != NULL)
        cut_trailing_marks (copy, info);
    for (const char *p = copy; *p != '\0'; p++) {
        if (g_ascii_isspace (*p)) {
            space = out->len > 0;
            continue;
        }
        if (space)
            g_string_append_c (out, ' ');
        space = false;
        g_string_append_c (out, *p);
    }
    while (out->len > 0 && strchr (" .?!:;,-", out->str[out->len - 1]))
        g_string_truncate (out, out->len - 1);
    return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Skips leading prefixes and tags of `subject`, reading the tags. */
static const char *
skip_head (const char *s, const char *const *lists, MlgSubjectInfo *info)
{
    for (;;) {
        size_t n;

        while (g_ascii_isspace (*s))
            s++;
        if (*s == '[') {
            const char *close = strchr (s, ']');
            g_autofree char *tag = NULL;

            if (close == NULL || close - s > MLG_SUBJECT_TAG_MAX)
                break;
            tag = g_strndup (s + 1, (gsize) (close - s - 1));
            g_strstrip (tag);
            if (info != NULL && *tag != '\0' && !is_list_tag (tag, lists))
                read_tag (info, tag);
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

void
_mlg_subject_info_init (MlgSubjectInfo *info, const char *subject,
                        const char *subject_norm, const char *const *lists)
{
    g_autofree char *valid = NULL;
    g_autofree char *folded = NULL;
    g_autofree char *was = NULL;
    const char *body;

    memset (info, 0, sizeof *info);
    info->tags = g_ptr_array_new_with_free_func (g_free);
    if (subject == NULL)
        subject = "";
    /* Tags are only read where there is a bracket; the body is the
     * normalised subject when it is known (the same text, folded at
     * index time), which saves folding it again for every thread. */
    if (strchr (subject, '[') != NULL || subject_norm == NULL) {
        valid = g_utf8_make_valid (subject, -1);
        body = skip_head (valid, lists, info);
    }
    if (subject_norm != NULL)
        body = subject_norm;
    else
        body = folded = g_utf8_casefold (body, -1);
    info->key = body_key (body, info, &was);
    if (was != NULL) {
        /* The subject it forked from, read the same way (its own tags
         * and prefixes dropped). */
        const char *inner = skip_head (was, lists, NULL);
        g_autofree char *inner_was = NULL;
        MlgSubjectInfo marks = {0};

        info->was_key = body_key (inner, &marks, &inner_was);
        if (*info->was_key == '\0')
            g_clear_pointer (&info->was_key, g_free);
    }
}

void
_mlg_subject_info_clear (MlgSubjectInfo *info)
{
    g_clear_pointer (&info->key, g_free);
    g_clear_pointer (&info->was_key, g_free);
    g_clear_pointer (&info->tags, g_ptr_array_unref);
}

bool
_mlg_subject_info_new_tag (const MlgSubjectInfo *info,
                           const MlgSubjectInfo *than)
{
    for (guint i = 0; i < info->tags->len; i++)
        if (!g_ptr_array_find_with_equal_func (than->tags, info->tags->pdata[i],
                                               g_str_equal, NULL))
            return true;
    return false;
}

guint
_mlg_subject_key_words (const char *key)
{
    guint n = 0;
    bool in_word = false;

    for (const char *p = key; p != NULL && *p != '\0'; p++) {
        bool space = *p == ' ';
        if (!space && !in_word)
            n++;
        in_word = !space;
    }
    return n;
}
