/* mlg-text.c - turning a body into new text and quoted text.
 *
 * Only the new text of a message counts for pointers and stances, so the
 * split errs on the side of calling a doubtful line quoted only when a
 * clear marker says so (a `>` prefix, an attribution followed by quotes,
 * an Outlook or forward header). Everything else stays new text, which
 * keeps interleaved and bottom-posted replies intact. */
#include "mlg-text-private.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Lines                                                                */
/* ------------------------------------------------------------------ */

/* Splits `body` into lines on "\n", "\r\n" or a lone "\r" (old Mac mail
 * and some web archives still produce those). The trailing empty line
 * after a final newline is dropped. Returns: (transfer container) the
 * lines, which point into `*buffer` (transfer full). */
static GPtrArray *
split_lines (const char *body, char **buffer)
{
    GPtrArray *lines = g_ptr_array_new ();
    char *p = *buffer = g_strdup (body);

    /* The lines are cut in place in one copy of the body: a message has
     * hundreds of lines, and a copy each was most of the cost. */
    while (*p != '\0') {
        char *end = p + strcspn (p, "\r\n");

        g_ptr_array_add (lines, p);
        if (*end == '\r' && end[1] == '\n') {
            *end = '\0';
            p = end + 2;
        } else if (*end != '\0') {
            *end = '\0';
            p = end + 1;
        } else
            p = end;
    }
    return lines;
}

static bool
is_blank (const char *line)
{
    for (; *line != '\0'; line++)
        if (!g_ascii_isspace (*line))
            return false;
    return true;
}

/* Returns: the quote depth of `line` (number of `>` markers, optionally
 * separated by spaces, after optional leading spaces), and in `content`
 * where the text after the markers starts. */
static int
quote_depth (const char *line, const char **content)
{
    const char *p = line;
    int depth = 0;

    while (*p == ' ' || *p == '\t')
        p++;
    while (*p == '>') {
        depth++;
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
    }
    if (content != NULL)
        *content = depth > 0 ? p : line;
    return depth;
}

static const char *
skip_spaces (const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* ------------------------------------------------------------------ */
/* Markers                                                              */
/* ------------------------------------------------------------------ */

/* Verbs that end an attribution line ("On ..., Jane wrote:") in the
 * languages seen on IETF and open-source lists. The line must also end
 * with a colon and be followed by quoted lines, so a verb alone in prose
 * ("as Jane wrote: ...") without quotes after it stays new text. */
static const char *const attribution_verbs[] = {
    "wrote",   "writes",   "said",       "a écrit",    "écrit",
    "schrieb", "escribió", "escreveu",   "ha scritto", "scrisse",
    "schreef", "skrev",    "kirjoitti",  "napisał",    "napisal",
    "написал", "написала", "написал(а)", "写道",       "書きました",
    "yazdı",   "írta",     "napsal",     NULL,
};

static bool
is_attribution_text (const char *text)
{
    g_autofree char *folded = NULL;
    g_autofree char *stripped = NULL;
    gsize len = strlen (text);

    /* Quick exit for the common case: no colon at the end. */
    while (len > 0 && g_ascii_isspace (text[len - 1]))
        len--;
    if (len == 0
        || (text[len - 1] != ':'
            && !(len >= 3 && memcmp (text + len - 3, "：", 3) == 0)))
        return false;
    stripped = g_strstrip (g_strdup (text));
    len = strlen (stripped);

    /* Attributions are short; a long paragraph ending in a colon is
     * prose introducing a list. */
    if (len == 0 || len > 400)
        return false;
    if (!g_str_has_suffix (stripped, ":") && !g_str_has_suffix (stripped, "："))
        return false;
    folded = g_utf8_strdown (stripped, -1);
    for (guint i = 0; attribution_verbs[i] != NULL; i++)
        if (strstr (folded, attribution_verbs[i]) != NULL)
            return true;
    return false;
}

/* A separator after which everything is the original message: Outlook's
 * "-----Original Message-----" (and its translations), Gmail's
 * "---------- Forwarded message ---------", Thunderbird's
 * "-------- Forwarded Message --------", Apple's "Begin forwarded
 * message:". */
static bool
is_original_separator (const char *line)
{
    static const char *const markers[] = {
        "original message",          "forwarded message",
        "ursprüngliche nachricht",   "message d'origine",
        "message d’origine",         "message transféré",
        "weitergeleitete nachricht", "mensaje original",
        "messaggio originale",       "oorspronkelijk bericht",
        "alkuperäinen viesti",       NULL,
    };
    g_autofree char *folded = NULL;
    const char *s = skip_spaces (line);

    /* Most lines are neither: decide on the first bytes before folding. */
    if (s[0] != '-' && s[0] != 'B' && s[0] != 'b')
        return false;
    folded = g_utf8_strdown (s, -1);
    if (g_str_has_prefix (folded, "begin forwarded message"))
        return true;
    /* The dashed forms: at least two dashes before the marker. */
    if (!g_str_has_prefix (folded, "--"))
        return false;
    for (guint i = 0; markers[i] != NULL; i++)
        if (strstr (folded, markers[i]) != NULL)
            return true;
    return false;
}

static bool
has_header_prefix (const char *line, const char *const *names)
{
    const char *s = skip_spaces (line);

    /* Outlook sometimes bolds the names in its HTML part, which turns into
     * "*From:*" in text. */
    if (*s == '*')
        s++;
    for (guint i = 0; names[i] != NULL; i++)
        if (g_ascii_strncasecmp (s, names[i], strlen (names[i])) == 0)
            return true;
    return false;
}

/* Outlook and many web mailers quote the original under a small header
 * block ("From: Jane / Sent: Tuesday ... / To: ... / Subject: ...")
 * without any `>`. A From: line followed within three lines by a Sent:
 * or Date: line marks it. */
static bool
is_header_block (GPtrArray *lines, guint i)
{
    static const char *const from[]
        = { "From:", "Von:", "De :", "De:", "Van:", "Da:", "Från:", NULL };
    static const char *const sent[] = {
        "Sent:",    "Date:",    "Gesendet:",  "Envoyé :", "Envoyé:", "Datum:",
        "Enviado:", "Inviato:", "Verzonden:", "Skickat:", "To:",     NULL
    };

    if (!has_header_prefix (g_ptr_array_index (lines, i), from))
        return false;
    for (guint j = i + 1; j < lines->len && j <= i + 3; j++)
        if (has_header_prefix (g_ptr_array_index (lines, j), sent))
            return true;
    return false;
}

/* A line made only of `_` (at least ten): Mailman's footer rule, and also
 * Outlook's rule above its header block. */
static bool
is_underscore_rule (const char *line)
{
    const char *s = skip_spaces (line);
    gsize n = strspn (s, "_");

    return n >= 10 && is_blank (s + n);
}

/* Returns: the number of lines of a Mailman footer starting at `i` (the
 * rule line and the non-blank lines after it), or 0 when the lines at
 * `i` are not one. The footer must name the list ("... mailing list"),
 * a listinfo URL or an unsubscribe address so that an ordinary rule in
 * the text is kept. Works on quoted footers too. */
static guint
footer_length (GPtrArray *lines, guint i)
{
    static const char *const markers[]
        = { "mailing list", "listinfo", "mailman", "unsubscribe", NULL };
    const char *content;
    bool marked = false;
    guint j;
    int depth;

    depth = quote_depth (g_ptr_array_index (lines, i), &content);
    if (!is_underscore_rule (content))
        return 0;
    for (j = i + 1; j < lines->len && j <= i + 8; j++) {
        const char *line = g_ptr_array_index (lines, j);
        g_autofree char *folded = NULL;

        if (quote_depth (line, &content) != depth || is_blank (content))
            break;
        folded = g_ascii_strdown (content, -1);
        for (guint k = 0; markers[k] != NULL; k++)
            if (strstr (folded, markers[k]) != NULL)
                marked = true;
    }
    return marked ? j - i : 0;
}

/* Whether a line can begin an attribution that wraps onto the next
 * lines: it opens with the usual words ("On", "Le", "Am", ...) or carries
 * a date or an address, and does not end a sentence. This keeps the
 * author's own "Thanks" or "I agree." above a one-line attribution out
 * of the quoted text. */
static bool
looks_like_attribution_start (const char *line)
{
    static const char *const starts[]
        = { "On ", "Le ",      "Am ",      "El ",     "Op ",  "Den ",    "Il ",
            "Em ", "Quoting ", "Citando ", "W dniu ", "Dne ", "Citing ", NULL };
    const char *s = skip_spaces (line);
    gsize len = strlen (s);

    while (len > 0 && g_ascii_isspace (s[len - 1]))
        len--;
    if (len == 0 || strchr (".!?:", s[len - 1]) != NULL)
        return false;
    for (guint i = 0; starts[i] != NULL; i++)
        if (g_str_has_prefix (s, starts[i]))
            return true;
    return strpbrk (s, "0123456789@<") != NULL;
}

/* Returns: how many lines (1 to 3) starting at `i` form an attribution
 * followed (after blank lines) by a quoted line, or 0. Clients wrap
 * long attributions ("On Tue, 3 Jan 2023 at 10:00, Jane Doe <" /
 * "jane@x.org> wrote:"), so up to three lines are joined. */
/* Whether `line` ends with a colon, ASCII or full-width, before trailing
 * white space. */
static bool
ends_with_colon (const char *line)
{
    gsize len = strlen (line);

    while (len > 0 && g_ascii_isspace (line[len - 1]))
        len--;
    return len > 0
           && (line[len - 1] == ':'
               || (len >= 3 && memcmp (line + len - 3, "：", 3) == 0));
}

static guint
attribution_length (GPtrArray *lines, guint i)
{
    g_autoptr (GString) joined = NULL;
    bool colon = false;

    /* The joined lines end like their last line (which is not blank), so
     * an attribution needs a colon at the end of one of the lines; most
     * lines are then settled without joining anything. */
    for (guint n = 1; n <= 3 && i + n <= lines->len && !colon; n++)
        colon = ends_with_colon (g_ptr_array_index (lines, i + n - 1));
    if (!colon)
        return 0;
    joined = g_string_new (NULL);

    for (guint n = 1; n <= 3 && i + n <= lines->len; n++) {
        const char *line = g_ptr_array_index (lines, i + n - 1);
        guint next;

        if (quote_depth (line, NULL) > 0 || is_blank (line))
            return 0;
        if (n == 2
            && !looks_like_attribution_start (g_ptr_array_index (lines, i)))
            return 0;
        if (joined->len > 0)
            g_string_append_c (joined, ' ');
        g_string_append (joined, skip_spaces (line));
        if (!is_attribution_text (joined->str))
            continue;
        next = i + n;
        while (next < lines->len && is_blank (g_ptr_array_index (lines, next)))
            next++;
        /* The attribution must introduce quotes, or be the last thing in
         * the body (a top-poster whose quotes were stripped). The blank
         * lines between it and the quotes belong to it. */
        if (next >= lines->len
            || quote_depth (g_ptr_array_index (lines, next), NULL) > 0)
            return next - i;
        return 0;
    }
    return 0;
}

/* Signatures: RFC 3676 says exactly "-- ". Broken clients strip the
 * trailing space, so a bare "--" also starts a signature, but only when
 * what follows it (up to the next quote or the end) is short, as
 * signatures are: a "--" used as a divider in running text stays. */
#define MAX_LOOSE_SIGNATURE_LINES 10

static bool
is_signature_start (GPtrArray *lines, guint i)
{
    const char *line = g_ptr_array_index (lines, i);
    guint n = 0;

    if (strcmp (line, "-- ") == 0)
        return true;
    if (strcmp (line, "--") != 0)
        return false;
    for (guint j = i + 1; j < lines->len; j++) {
        const char *next = g_ptr_array_index (lines, j);

        if (quote_depth (next, NULL) > 0 || attribution_length (lines, j) > 0
            || is_original_separator (next) || is_header_block (lines, j))
            break;
        if (++n > MAX_LOOSE_SIGNATURE_LINES)
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Splitting                                                            */
/* ------------------------------------------------------------------ */

/* Quoted lines are appended without their `>` markers: the quoted text
 * feeds the full-text index, where the markers are noise. */
static void
append_quoted (GString *quoted_text, const char *line)
{
    const char *content;

    quote_depth (line, &content);
    g_string_append (quoted_text, content);
    g_string_append_c (quoted_text, '\n');
}

/* New text is appended through this, which holds blank lines back until
 * more new text follows: trailing blank lines (before a signature, a
 * quote or a footer) are noise, while a quote between two pieces of new
 * text leaves one blank line so that sentences do not run together. */
typedef struct {
    GString *out;
    guint blanks;
} NewText;

static void
new_text_line (NewText *nt, const char *line)
{
    if (is_blank (line)) {
        if (nt->out->len > 0)
            nt->blanks++;
        return;
    }
    for (; nt->blanks > 0; nt->blanks--)
        g_string_append_c (nt->out, '\n');
    g_string_append (nt->out, line);
    g_string_append_c (nt->out, '\n');
}

static void
new_text_break (NewText *nt)
{
    if (nt->out->len > 0 && nt->blanks == 0)
        nt->blanks = 1;
}

void
_mlg_text_split (const char *body, GString *new_text, GString *quoted_text)
{
    g_autoptr (GPtrArray) lines = NULL;
    g_autofree char *buffer = NULL;
    bool in_signature = false;
    bool rest_quoted = false;
    NewText nt = { new_text, 0 };

    g_return_if_fail (new_text != NULL && quoted_text != NULL);
    if (body == NULL)
        return;

    lines = split_lines (body, &buffer);
    for (guint i = 0; i < lines->len; i++) {
        const char *line = g_ptr_array_index (lines, i);
        guint n;

        if ((n = footer_length (lines, i)) > 0) {
            i += n - 1;
            continue;
        }
        if (rest_quoted) {
            append_quoted (quoted_text, line);
            continue;
        }
        if (quote_depth (line, NULL) > 0) {
            /* Quotes after a signature mean the signature is over (a
             * top-poster's sign-off before the original). */
            in_signature = false;
            new_text_break (&nt);
            append_quoted (quoted_text, line);
            continue;
        }
        if ((n = attribution_length (lines, i)) > 0) {
            in_signature = false;
            new_text_break (&nt);
            for (guint j = 0; j < n; j++) {
                const char *l = g_ptr_array_index (lines, i + j);
                if (!is_blank (l))
                    append_quoted (quoted_text, l);
            }
            i += n - 1;
            continue;
        }
        if (is_original_separator (line) || is_header_block (lines, i)
            || (is_underscore_rule (line) && i + 1 < lines->len
                && is_header_block (lines, i + 1))) {
            rest_quoted = true;
            append_quoted (quoted_text, line);
            continue;
        }
        if (in_signature)
            continue;
        if (is_signature_start (lines, i)) {
            in_signature = true;
            continue;
        }
        new_text_line (&nt, line);
    }
}

/* ------------------------------------------------------------------ */
/* HTML                                                                 */
/* ------------------------------------------------------------------ */

typedef struct {
    GString *out;
    GString *line; /* the line being built, without its quote prefix */
    int depth;     /* <blockquote> nesting */
    int pre;       /* <pre> nesting: whitespace kept */
    bool space;    /* a space is pending before the next word */
} HtmlText;

static void
html_flush (HtmlText *t, bool force)
{
    if (t->line->len == 0 && !force)
        return;
    for (int i = 0; i < t->depth; i++)
        g_string_append (t->out, "> ");
    g_string_append_len (t->out, t->line->str, t->line->len);
    g_string_append_c (t->out, '\n');
    g_string_truncate (t->line, 0);
    t->space = false;
}

static void
html_text (HtmlText *t, const char *text)
{
    if (t->pre > 0) {
        for (const char *p = text; *p != '\0'; p++) {
            if (*p == '\n')
                html_flush (t, true);
            else if (*p != '\r')
                g_string_append_c (t->line, *p);
        }
        return;
    }
    for (const char *p = text; *p != '\0'; p++) {
        if (g_ascii_isspace (*p)) {
            t->space = t->line->len > 0;
            continue;
        }
        if (t->space)
            g_string_append_c (t->line, ' ');
        t->space = false;
        g_string_append_c (t->line, *p);
    }
}

static bool
name_in (const xmlChar *name, const char *const *names)
{
    for (guint i = 0; names[i] != NULL; i++)
        if (g_ascii_strcasecmp ((const char *)name, names[i]) == 0)
            return true;
    return false;
}

static const char *const skipped_elements[]
    = { "script",   "style", "head",   "title",  "noscript",
        "template", "svg",   "object", "iframe", NULL };

static const char *const block_elements[]
    = { "p",      "div",     "li",     "ul",    "ol",       "dl",      "dt",
        "dd",     "tr",      "table",  "h1",    "h2",       "h3",      "h4",
        "h5",     "h6",      "pre",    "hr",    "section",  "article", "header",
        "footer", "address", "center", "form",  "fieldset", "nav",     "aside",
        "main",   "figure",  "tbody",  "thead", NULL };

/* Links keep their target when the text does not show it ("see <a
 * href=...>the draft</a>"): pointers to drafts and repositories are often
 * only in the href. */
static void
html_link_target (HtmlText *t, xmlNode *node, gsize start)
{
    g_autofree xmlChar *href = xmlGetProp (node, (const xmlChar *)"href");
    const char *h = (const char *)href;

    if (h == NULL
        || (g_ascii_strncasecmp (h, "http://", 7) != 0
            && g_ascii_strncasecmp (h, "https://", 8) != 0))
        return;
    if (start <= t->line->len && strstr (t->line->str + start, h) != NULL)
        return;
    g_string_append_printf (t->line, "%s<%s>", t->line->len > 0 ? " " : "", h);
    t->space = false;
}

static void
html_enter (HtmlText *t, xmlNode *node)
{
    if (name_in (node->name, block_elements))
        html_flush (t, false);
    if (g_ascii_strcasecmp ((const char *)node->name, "blockquote") == 0) {
        html_flush (t, false);
        t->depth++;
    } else if (g_ascii_strcasecmp ((const char *)node->name, "pre") == 0) {
        t->pre++;
    } else if (g_ascii_strcasecmp ((const char *)node->name, "br") == 0) {
        html_flush (t, true);
    } else if (g_ascii_strcasecmp ((const char *)node->name, "td") == 0
               || g_ascii_strcasecmp ((const char *)node->name, "th") == 0) {
        t->space = t->line->len > 0;
    }
}

static void
html_leave (HtmlText *t, xmlNode *node, gsize link_start)
{
    if (g_ascii_strcasecmp ((const char *)node->name, "a") == 0)
        html_link_target (t, node, link_start);
    if (name_in (node->name, block_elements))
        html_flush (t, false);
    if (g_ascii_strcasecmp ((const char *)node->name, "blockquote") == 0) {
        html_flush (t, false);
        if (t->depth > 0)
            t->depth--;
    } else if (g_ascii_strcasecmp ((const char *)node->name, "pre") == 0) {
        html_flush (t, false);
        if (t->pre > 0)
            t->pre--;
    }
}

/* Walks the tree without recursion: a hostile document may nest deeper
 * than the C stack likes. Link starts are kept on a small stack of their
 * own. */
static void
html_walk (HtmlText *t, xmlNode *root)
{
    g_autoptr (GArray) link_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
    xmlNode *node = root;

    while (node != NULL) {
        bool descend = false;

        if (node->type == XML_TEXT_NODE
            || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content != NULL)
                html_text (t, (const char *)node->content);
        } else if (node->type == XML_ELEMENT_NODE
                   && !name_in (node->name, skipped_elements)) {
            html_enter (t, node);
            if (g_ascii_strcasecmp ((const char *)node->name, "a") == 0) {
                gsize start = t->line->len;
                g_array_append_val (link_starts, start);
            }
            descend = true;
        } else if (node->type == XML_DOCUMENT_NODE
                   || node->type == XML_HTML_DOCUMENT_NODE) {
            descend = true;
        }

        if (descend && node->children != NULL) {
            node = node->children;
            continue;
        }
        /* Leave this node (when it was entered) and every ancestor whose
         * last child it is, then move to the next sibling. */
        for (;;) {
            if (node->type == XML_ELEMENT_NODE
                && !name_in (node->name, skipped_elements)) {
                gsize start = 0;

                if (g_ascii_strcasecmp ((const char *)node->name, "a") == 0
                    && link_starts->len > 0) {
                    start = g_array_index (link_starts, gsize,
                                           link_starts->len - 1);
                    g_array_set_size (link_starts, link_starts->len - 1);
                }
                html_leave (t, node, start);
            }
            if (node == root) {
                node = NULL;
                break;
            }
            if (node->next != NULL) {
                node = node->next;
                break;
            }
            node = node->parent;
            if (node == NULL)
                break;
        }
    }
}

char *
_mlg_text_from_html (const char *html, gssize len)
{
    htmlDocPtr doc;
    HtmlText t = { 0 };
    int size;

    if (html == NULL)
        return g_strdup ("");
    if (len < 0)
        len = (gssize)strlen (html);
    /* libxml2 takes an int size; a body over 2 GiB is cut, not refused. */
    size = len > G_MAXINT ? G_MAXINT : (int)len;
    if (size == 0)
        return g_strdup ("");

    doc = htmlReadMemory (html, size, NULL, "UTF-8",
                          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR
                              | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (doc == NULL)
        return g_strdup ("");

    t.out = g_string_new (NULL);
    t.line = g_string_new (NULL);
    html_walk (&t, (xmlNode *)doc);
    html_flush (&t, false);
    g_string_free (t.line, TRUE);
    xmlFreeDoc (doc);
    return g_string_free (t.out, FALSE);
}

/* ------------------------------------------------------------------ */
/* mboxrd                                                               */
/* ------------------------------------------------------------------ */

void
_mlg_text_unescape_mboxrd (char *text)
{
    const char *r = text;
    char *w = text;
    bool line_start = true;

    g_return_if_fail (text != NULL);

    /* Every escaped line holds ">From "; most bodies have none, and one
     * search over them costs less than copying them byte by byte. */
    if (strstr (text, ">From ") == NULL)
        return;
    /* One pass with a read and a write pointer, so that a body with many
     * escaped lines costs no more than one without. */
    while (*r != '\0') {
        if (line_start) {
            gsize gts = strspn (r, ">");

            if (gts > 0 && strncmp (r + gts, "From ", 5) == 0)
                r++;
        }
        line_start = *r == '\n';
        *w++ = *r++;
    }
    *w = '\0';
}
