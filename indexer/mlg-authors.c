/* mlg-authors.c - the authors an I-D announcement names. The datatracker's
 * announcements list them under an `Authors:` field:
 *
 *     Title:   The Widget Exchange Protocol (WXP)
 *     Authors: J. Smith
 *              P. Chen
 *     Name:    draft-smith-dispatch-widget-protocol-01.txt
 *
 * (older ones `Author(s)       : Jane Smith, Peter Chen`), one name a line
 * or several separated by commas or "and". The analysis makes the people
 * so named proponents of the draft's proposal: their mail is theirs, not
 * independent interest. */
#include "mlg-extract-private.h"

#include <string.h>

/* At most this many authors are read from one announcement. */
#define MAX_AUTHORS 32
/* A longer "name" is not one. */
#define MAX_NAME 100

/* Length of an "Authors:" key at the start of `line` (after blanks), up
 * to and with its colon, or 0. */
static size_t
authors_key (const char *line)
{
    static const char *const keys[] = { "authors", "author(s)", "author",
                                        NULL };
    const char *p = line;

    while (*p == ' ' || *p == '\t')
        p++;
    for (guint i = 0; keys[i] != NULL; i++) {
        size_t n = strlen (keys[i]);
        const char *q = p + n;

        if (g_ascii_strncasecmp (p, keys[i], n) != 0)
            continue;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q == ':')
            return (size_t) (q + 1 - line);
    }
    return 0;
}

/* True when `line` starts another field ("   Name:    draft-x"): a word,
 * blanks, a colon. */
static bool
starts_field (const char *line)
{
    const char *p = line;

    while (*p == ' ' || *p == '\t')
        p++;
    if (!g_ascii_isalpha (*p))
        return false;
    while (g_ascii_isalnum (*p) || *p == '-' || *p == '(' || *p == ')'
           || *p == ' ')
        p++;
    while (*p == '\t')
        p++;
    return *p == ':';
}

static void
add_author (GPtrArray *pointers, const char *text, guint *count)
{
    g_autofree char *name = g_strstrip (g_strdup (text));
    size_t n = strlen (name);

    while (n > 0 && (name[n - 1] == ',' || name[n - 1] == ';'))
        name[--n] = '\0';
    if (n == 0 || n > MAX_NAME || *count >= MAX_AUTHORS
        || strchr (name, '@') != NULL)
        return;
    for (guint i = 0; i < pointers->len; i++) {
        const MlgPointer *p = pointers->pdata[i];
        if (p->kind == MLG_POINTER_AUTHOR && g_str_equal (p->value, name))
            return;
    }
    g_ptr_array_add (pointers, mlg_pointer_new (MLG_POINTER_AUTHOR, name, -1));
    (*count)++;
}

/* Splits one value of the field into names: commas and " and " separate
 * names, unless a comma only separates a surname from initials ("Smith,
 * J."), which a piece of one word gives away. */
static void
add_names (GPtrArray *pointers, const char *value, guint *count)
{
    g_auto (GStrv) pieces = g_strsplit_set (value, ",;", -1);
    bool split = g_strv_length (pieces) > 1;

    for (guint i = 0; split && pieces[i] != NULL; i++) {
        g_autofree char *piece = g_strstrip (g_strdup (pieces[i]));
        if (*piece != '\0' && strchr (piece, ' ') == NULL)
            split = false;
    }
    if (!split) {
        g_auto (GStrv) names = g_strsplit (value, " and ", -1);
        for (guint i = 0; names[i] != NULL; i++)
            add_author (pointers, names[i], count);
        return;
    }
    for (guint i = 0; pieces[i] != NULL; i++) {
        g_auto (GStrv) names = g_strsplit (pieces[i], " and ", -1);
        for (guint k = 0; names[k] != NULL; k++)
            add_author (pointers, names[k], count);
    }
}

void
_mlg_extract_authors (const char *text, GPtrArray *pointers)
{
    g_auto (GStrv) lines = NULL;
    guint count = 0;

    if (text == NULL)
        return;
    lines = g_strsplit (text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        size_t key = authors_key (lines[i]);

        if (key == 0)
            continue;
        g_strchomp (lines[i]);
        add_names (pointers, lines[i] + key, &count);
        /* Continuation lines: indented, not another field, not blank. */
        for (i++; lines[i] != NULL; i++) {
            g_strchomp (lines[i]);
            if (*lines[i] == '\0'
                || (*lines[i] != ' ' && *lines[i] != '\t')
                || starts_field (lines[i]))
                break;
            add_names (pointers, lines[i], &count);
        }
        break;
    }
}
