/* mlg-terminal.c - the rules of text for a terminal: colour escapes, marks
 * that depend on whether the terminal takes UTF-8, shortening to a width,
 * and mail-derived text made safe to print. A subject is written by
 * whoever sent the mail: printed raw, its escape sequences would drive the
 * user's terminal (retitle it, move the cursor, hide text), so every
 * string from mail goes through mlg_text_clean(). Whether to colour and
 * whether the terminal is UTF-8 is the caller's decision (MlgTextStyle);
 * these functions only apply it. */
#include "mlg-reports-private.h"

#include <errno.h>
#include <string.h>

const char *
mlg_text_sgr (const MlgTextStyle *style, const char *code)
{
    if (!style->color)
        return "";
    if (strcmp (code, "bold") == 0)
        return "\033[1m";
    if (strcmp (code, "dim") == 0)
        return "\033[2m";
    if (strcmp (code, "green") == 0)
        return "\033[32m";
    if (strcmp (code, "red") == 0)
        return "\033[31m";
    if (strcmp (code, "yellow") == 0)
        return "\033[33m";
    return "\033[0m";
}

/* Bidirectional overrides and isolates reorder what the user sees
 * ("Trojan Source"); they have no business in a subject or a name. */
static bool
is_bidi_control (gunichar c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Skips an escape sequence starting at `p` (just after ESC): CSI
 * (`[` ... final byte 0x40-0x7E), OSC/DCS/APC/PM/SOS (up to BEL or ST),
 * else the one character that follows. Returns where printing resumes. */
static const char *
skip_escape (const char *p)
{
    if (*p == '[') {
        for (p++; *p != '\0'; p++)
            if ((guchar) *p >= 0x40 && (guchar) *p <= 0x7E)
                return p + 1;
        return p;
    }
    if (*p == ']' || *p == 'P' || *p == '_' || *p == '^' || *p == 'X') {
        for (p++; *p != '\0'; p++) {
            if (*p == '\a')
                return p + 1;
            if (*p == '\033' && p[1] == '\\')
                return p + 2;
        }
        return p;
    }
    return *p != '\0' ? g_utf8_next_char (p) : p;
}

char *
mlg_text_clean (const char *text)
{
    g_autofree char *valid = NULL;
    GString *out;

    if (text == NULL)
        return g_strdup ("");
    valid = g_utf8_make_valid (text, -1);
    out = g_string_sized_new (strlen (valid));
    for (const char *p = valid; *p != '\0';) {
        gunichar c = g_utf8_get_char (p);
        const char *next = g_utf8_next_char (p);

        if (c == 0x1B) {
            p = skip_escape (next);
            continue;
        }
        if (c == '\t' || c == '\n' || c == '\r')
            g_string_append_c (out, ' ');
        else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)
                 || is_bidi_control (c))
            ; /* dropped: C0, DEL, C1 (0x9B is a one-byte CSI) */
        else
            g_string_append_len (out, p, next - p);
        p = next;
    }
    return g_string_free (out, FALSE);
}

char *
mlg_text_shorten (const MlgTextStyle *style, const char *text, glong max)
{
    g_autofree char *clean = mlg_text_clean (text);
    g_autofree char *cut = NULL;
    const char *ellipsis = style->utf8 ? "…" : "...";
    glong room = max - (glong) g_utf8_strlen (ellipsis, -1);

    g_strstrip (clean);
    if (g_utf8_strlen (clean, -1) <= max)
        return g_steal_pointer (&clean);
    /* Cut on a character boundary, never inside a UTF-8 sequence. */
    cut = g_utf8_substring (clean, 0, MAX (room, 0));
    return g_strconcat (g_strchomp (cut), ellipsis, NULL);
}

void
mlg_text_write_padded (FILE *out, const char *text, glong width)
{
    glong chars = g_utf8_strlen (text, -1);

    fputs (text, out);
    for (glong i = chars; i < width; i++)
        fputc (' ', out);
}

char *
mlg_text_format_duration (gint64 seconds)
{
    if (seconds < 0)
        return g_strdup ("");
    if (seconds < 3600)
        return g_strdup_printf ("%" G_GINT64_FORMAT " minutes", seconds / 60);
    if (seconds < 48 * 3600)
        return g_strdup_printf ("%.1f hours", seconds / 3600.0);
    return g_strdup_printf ("%.1f days", seconds / 86400.0);
}

char *
_mlg_text_iso_date (gint64 t)
{
    char *text = mlg_format_time (t, MLG_TIME_ISO);

    return text != NULL ? text : g_strdup ("");
}

/* The text writers print with stdio and look at the stream once at the
 * end: a full disk or a closed pipe sets its error flag, and flushing
 * shows what is still buffered. */
bool
_mlg_text_finish (FILE *out, const char *what, GError **error)
{
    if (fflush (out) != 0 || ferror (out)) {
        int saved = errno;

        g_set_error (error, MLG_REPORT_ERROR, MLG_ERROR_IO,
                     "cannot write the %s: %s", what, g_strerror (saved));
        return false;
    }
    return true;
}
