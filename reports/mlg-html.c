/* mlg-html.c - the HTML report: index.html, one page per proposal and
 * people.html, self-contained and safe to open from an email attachment.
 *
 * Safety rests on three habits: every string that came from mail goes
 * through mlg_html_escape() (text and attribute values alike, always in
 * double quotes), only URLs that pass mlg_html_url_is_safe() become
 * links, and a Content-Security-Policy allows nothing but the report's own
 * style and script (by their SHA-256), so even a missed escape could not
 * run. File names come from mlg_html_file_name(), never from raw mail.
 */
#include "mlg-reports-private.h"

#include <errno.h>
#include <string.h>

#include "mlg-config.h"
#include "mlg-report-resources.h"

#define RESOURCE_PREFIX "/org/mlgauge/report/"

/* Mail text longer than this is cut on screen (the whole text stays in the
 * element's title), so a 10,000-character subject cannot bury a page. */
#define CLIP_NAME 160
#define CLIP_TEXT 300
#define CLIP_QUOTE 600

/* Reply trees deeper than this are drawn at this depth: a 200-message
 * chain must not indent out of the page. */
#define MAX_DEPTH 12

#define SPARK_WIDTH 100.0
#define SPARK_HEIGHT 24.0
#define TIMELINE_WIDTH 720.0
#define TIMELINE_HEIGHT 160.0

/* ------------------------------------------------------------------ */
/* Escaping, URLs, file names                                           */
/* ------------------------------------------------------------------ */

static bool
is_bidi_control (gunichar c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

char *
mlg_html_escape (const char *text)
{
    g_autofree char *valid = NULL;
    g_autoptr (GString) clean = NULL;

    if (text == NULL)
        return g_strdup ("");
    valid = g_utf8_make_valid (text, -1);
    clean = g_string_sized_new (strlen (valid));
    for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p)) {
        if (is_bidi_control (g_utf8_get_char (p)))
            g_string_append_unichar (clean, 0xFFFD);
        else
            g_string_append_len (clean, p, g_utf8_next_char (p) - p);
    }
    return g_markup_escape_text (clean->str, clean->len);
}

bool
mlg_html_url_is_safe (const char *url)
{
    g_autoptr (GUri) uri = NULL;
    const char *scheme;
    const char *host;

    if (url == NULL)
        return false;
    /* RFC 3986 characters only: no spaces, quotes, angle brackets or
     * non-ASCII bytes, which GUri would accept in some places. */
    for (const unsigned char *p = (const unsigned char *) url; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || strchr ("\"<>\\^`{|}", *p) != NULL)
            return false;
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
    if (uri == NULL)
        return false;
    scheme = g_uri_get_scheme (uri);
    host = g_uri_get_host (uri);
    return (g_ascii_strcasecmp (scheme, "http") == 0
            || g_ascii_strcasecmp (scheme, "https") == 0)
           && host != NULL && host[0] != '\0';
}

char *
mlg_html_file_name (const char *name)
{
    g_autofree char *id = mlg_proposal_make_id (name, NULL);

    return g_strconcat (id, ".html", NULL);
}

/* Whether the first `end` bytes of `name` are "p-" SLUG "-" and 10
 * lowercase hex digits, as mlg_html_file_name() makes them. */
static bool
is_page_stem (const char *name, gsize end)
{
    const gsize prefix = strlen ("p-");

    if (end < prefix + 1 + 11 || end - prefix - 11 > MLG_PROPOSAL_SLUG_MAX
        || !g_str_has_prefix (name, "p-") || name[end - 11] != '-')
        return false;
    for (gsize i = end - 10; i < end; i++)
        if (!g_ascii_isdigit (name[i]) && !(name[i] >= 'a' && name[i] <= 'f'))
            return false;
    for (gsize i = prefix; i < end - 11; i++)
        if (!g_ascii_islower (name[i]) && !g_ascii_isdigit (name[i])
            && name[i] != '-')
            return false;
    return true;
}

/* The names mlg_html_file_name() and the numbering of site_init() give:
 * a stem, perhaps "-N", then ".html". A user's own "p-notes.html" does
 * not match, so a rerun never removes it. */
static bool
is_page_name (const char *name)
{
    gsize end;
    gsize e;

    if (!g_str_has_suffix (name, ".html"))
        return false;
    end = strlen (name) - strlen (".html");
    if (is_page_stem (name, end))
        return true;
    for (e = end; e > 0 && g_ascii_isdigit (name[e - 1]); e--)
        ;
    return e < end && e > 0 && name[e - 1] == '-'
           && is_page_stem (name, e - 1);
}

/* "index-N.html": a page of the ranking after the first (N >= 2). */
static bool
is_index_page (const char *name)
{
    const char *n = name + strlen ("index-");
    gsize digits = strspn (n, "0123456789");

    return g_str_has_prefix (name, "index-") && digits > 0 && n[0] != '0'
           && strcmp (n + digits, ".html") == 0;
}

bool
_mlg_html_owns (const char *name)
{
    return strcmp (name, "index.html") == 0
           || strcmp (name, "people.html") == 0 || is_index_page (name)
           || is_page_name (name);
}

/* ------------------------------------------------------------------ */
/* The site being written                                               */
/* ------------------------------------------------------------------ */

typedef struct {
    MlgAnalysis *analysis;
    MlgReportDir *rd;
    GBytes *css;
    GBytes *js;
    char *csp;
    const GPtrArray *proposals;
    GHashTable *files;        /* MlgProposal * -> char * page name */
    GHashTable *person_index; /* MlgPerson * -> index + 1 in people */
    GPtrArray *participants;  /* per proposal: GPtrArray of MlgParticipant */
    GHashTable *person_parts; /* MlgPerson * -> GPtrArray of PersonPart */
    gint64 first;             /* over the reported proposals */
    gint64 last;
} Site;

/* One proposal a person took part in, for people.html. */
typedef struct {
    const MlgProposal *proposal;
    const MlgParticipant *part;
} PersonPart;

static void
site_clear (Site *site)
{
    g_clear_pointer (&site->css, g_bytes_unref);
    g_clear_pointer (&site->js, g_bytes_unref);
    g_clear_pointer (&site->csp, g_free);
    g_clear_pointer (&site->files, g_hash_table_unref);
    g_clear_pointer (&site->person_index, g_hash_table_unref);
    g_clear_pointer (&site->participants, g_ptr_array_unref);
    g_clear_pointer (&site->person_parts, g_hash_table_unref);
}

/* Returns: (transfer full) 'sha256-BASE64' of `bytes`, a CSP source. */
static char *
csp_hash (GBytes *bytes)
{
    g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
    guint8 digest[32];
    gsize len = sizeof digest;
    g_autofree char *b64 = NULL;
    gsize size;
    const guint8 *data = g_bytes_get_data (bytes, &size);

    g_checksum_update (sum, data, size);
    g_checksum_get_digest (sum, digest, &len);
    b64 = g_base64_encode (digest, len);
    return g_strdup_printf ("'sha256-%s'", b64);
}

static GBytes *
asset (const char *name, GError **error)
{
    g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
    GError *local = NULL;
    GBytes *bytes = g_resource_lookup_data (mlg_report_get_resource (), path,
                                            G_RESOURCE_LOOKUP_FLAGS_NONE,
                                            &local);

    if (bytes == NULL) {
        g_set_error (error, MLG_REPORT_ERROR, MLG_ERROR_FAILED,
                     "built-in asset %s missing: %s", name, local->message);
        g_error_free (local);
    }
    return bytes;
}

static bool
site_init (Site *site, MlgAnalysis *analysis, MlgReportDir *rd,
           GError **error)
{
    const GPtrArray *people = mlg_analysis_get_people (analysis);
    g_autofree char *style_src = NULL;
    g_autofree char *script_src = NULL;

    memset (site, 0, sizeof *site);
    site->analysis = analysis;
    site->rd = rd;
    site->css = asset ("report.css", error);
    if (site->css == NULL)
        return false;
    site->js = asset ("sort.js", error);
    if (site->js == NULL)
        return false;
    style_src = csp_hash (site->css);
    script_src = csp_hash (site->js);
    site->csp = g_strdup_printf (
        "default-src 'none'; style-src %s; script-src %s; img-src 'none'; "
        "base-uri 'none'; form-action 'none'",
        style_src, script_src);

    site->proposals = mlg_analysis_get_proposals (analysis);
    site->files = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                         g_free);
    site->participants =
        g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    site->person_parts = g_hash_table_new_full (
        g_direct_hash, g_direct_equal, NULL,
        (GDestroyNotify) g_ptr_array_unref);
    site->first = G_MAXINT64;
    site->last = G_MININT64;
    for (guint i = 0; i < site->proposals->len; i++) {
        const MlgProposal *p = site->proposals->pdata[i];
        /* The proposal's id, unique in the analysis, which `show` and
         * `check` accept too. */
        char *file = g_strconcat (p->id, ".html", NULL);
        GPtrArray *parts = mlg_proposal_get_participants (analysis, p);

        g_hash_table_insert (site->files, (gpointer) p, file);
        g_ptr_array_add (site->participants, parts);
        for (guint k = 0; k < parts->len; k++) {
            const MlgParticipant *part = parts->pdata[k];
            GPtrArray *list =
                g_hash_table_lookup (site->person_parts, part->person);
            PersonPart *pp = g_new (PersonPart, 1);

            if (list == NULL) {
                list = g_ptr_array_new_with_free_func (g_free);
                g_hash_table_insert (site->person_parts,
                                     (gpointer) part->person, list);
            }
            pp->proposal = p;
            pp->part = part;
            g_ptr_array_add (list, pp);
        }
        if (p->features.first != 0)
            site->first = MIN (site->first, p->features.first);
        site->last = MAX (site->last, p->features.last);
    }
    if (site->first > site->last)
        site->first = site->last = mlg_analysis_get_now (analysis);

    site->person_index = g_hash_table_new (g_direct_hash, g_direct_equal);
    for (guint i = 0; i < people->len; i++)
        g_hash_table_insert (site->person_index, people->pdata[i],
                             GUINT_TO_POINTER (i + 1));
    return true;
}

/* ------------------------------------------------------------------ */
/* Writing HTML                                                         */
/* ------------------------------------------------------------------ */

/* Appends `s` (from mail, or anything not a literal) escaped. */
static void
text (GString *out, const char *s)
{
    g_autofree char *escaped = mlg_html_escape (s);

    g_string_append (out, escaped);
}

/* Appends ` name="value"` with `value` escaped. */
static void
attr (GString *out, const char *name, const char *value)
{
    g_string_append_printf (out, " %s=\"", name);
    text (out, value);
    g_string_append_c (out, '"');
}

static bool
needs_clip (const char *s, glong max)
{
    return s != NULL && g_utf8_validate (s, -1, NULL)
           && g_utf8_strlen (s, -1) > max;
}

/* Appends `s` escaped, cut to `max` characters with an ellipsis. Callers
 * put the whole text in a title attribute (clip_title()). */
static void
clipped (GString *out, const char *s, glong max)
{
    if (needs_clip (s, max)) {
        g_autofree char *cut = g_utf8_substring (s, 0, max);
        text (out, cut);
        g_string_append (out, "\xe2\x80\xa6");
    } else {
        text (out, s);
    }
}

/* Appends a title attribute holding `s` when clipped() would cut it. */
static void
clip_title (GString *out, const char *s, glong max)
{
    if (needs_clip (s, max))
        attr (out, "title", s);
}

/* Appends a <time> element (a dash when unknown). */
static void
time_el (GString *out, gint64 t, bool with_time)
{
    g_autofree char *iso = mlg_format_time (t, MLG_TIME_ISO);
    g_autofree char *shown =
        mlg_format_time (t, with_time ? MLG_TIME_MINUTE : MLG_TIME_DAY);

    if (iso == NULL) {
        g_string_append (out, "\xe2\x80\x94");
        return;
    }
    g_string_append_printf (out, "<time datetime=\"%s\">%s</time>", iso,
                            shown);
}

static void
number (GString *out, const char *format, double d)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, d));
}

/* A table cell holding a count, sorted numerically. */
static void
td_uint (GString *out, guint n)
{
    g_string_append_printf (out, "<td class=\"n\">%u</td>", n);
}

/* A link to `url` around `label` (escaped) when the URL is safe, else the
 * label alone. */
static void
link_or_text (GString *out, const char *url, const char *label,
              glong max)
{
    if (mlg_html_url_is_safe (url)) {
        g_string_append (out, "<a class=\"m\"");
        attr (out, "href", url);
        clip_title (out, label, max);
        g_string_append (out, " rel=\"noopener noreferrer\">");
        clipped (out, label, max);
        g_string_append (out, "</a>");
    } else {
        g_string_append (out, "<span class=\"m\"");
        clip_title (out, label, max);
        g_string_append (out, ">");
        clipped (out, label, max);
        g_string_append (out, "</span>");
    }
}

static const char *
person_name (const MlgPerson *person)
{
    return person->name != NULL && person->name[0] != '\0'
               ? person->name
               : person->address;
}

/* A person's name, linked to their row in people.html (all pages share
 * one directory). */
static void
person_link (Site *site, GString *out, const MlgPerson *person)
{
    guint index = GPOINTER_TO_UINT (
        g_hash_table_lookup (site->person_index, person));

    if (index == 0) {
        g_string_append (out, "<span class=\"m\">");
        clipped (out, person_name (person), CLIP_NAME);
        g_string_append (out, "</span>");
        return;
    }
    g_string_append_printf (out, "<a class=\"m\" href=\"people.html#person-%u\"",
                            index);
    clip_title (out, person_name (person), CLIP_NAME);
    g_string_append (out, ">");
    clipped (out, person_name (person), CLIP_NAME);
    g_string_append (out, "</a>");
}

static void
proposal_link (Site *site, GString *out, const MlgProposal *p)
{
    const char *file = g_hash_table_lookup (site->files, p);

    g_string_append (out, "<a class=\"m\"");
    attr (out, "href", file);
    clip_title (out, p->name, CLIP_NAME);
    g_string_append (out, ">");
    clipped (out, p->name, CLIP_NAME);
    g_string_append (out, "</a>");
}

static void
page_begin (Site *site, GString *out, const char *title)
{
    gsize size;
    const char *css = g_bytes_get_data (site->css, &size);

    g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-"
                          "width, initial-scale=1\">\n"
                          "<meta http-equiv=\"Content-Security-Policy\"");
    attr (out, "content", site->csp);
    g_string_append (out, ">\n<meta name=\"referrer\" content=\"no-referrer\">"
                          "\n<meta name=\"generator\" content=\"mlgauge "
                          MLG_VERSION "\">\n<title>");
    clipped (out, title, CLIP_TEXT);
    g_string_append (out, " \xe2\x80\x94 mlgauge</title>\n<style>");
    g_string_append_len (out, css, size);
    g_string_append (out, "</style>\n</head>\n<body>\n"
                          "<header class=\"site\"><span class=\"brand\">"
                          "mlgauge</span>\n<nav aria-label=\"Report pages\">"
                          "<a href=\"index.html\">Ranking</a>"
                          "<a href=\"people.html\">People</a></nav>"
                          "</header>\n<main>\n");
}

static void
page_end (Site *site, GString *out)
{
    gsize size;
    const char *js = g_bytes_get_data (site->js, &size);
    g_autofree char *now = mlg_format_time (
        mlg_analysis_get_now (site->analysis), MLG_TIME_MINUTE);

    const char *dt = mlg_analysis_get_datatracker_refreshed (site->analysis);

    /* The refresh time is fetch's own "YYYY-MM-DDTHH:MM:SSZ" (the store's
     * reader checks nothing of it), so it is escaped like the rest. */
    g_string_append_printf (out, "</main>\n<footer class=\"site\">Made by "
                                 "mlgauge " MLG_VERSION " for the reference "
                                 "time %s%s. Datatracker data: ",
                            now != NULL ? now : "unknown",
                            now != NULL ? " UTC" : "");
    if (dt != NULL) {
        g_string_append (out, "refreshed ");
        text (out, dt);
    } else {
        g_string_append (out, "none");
    }
    g_string_append (out, ".</footer>\n<script>");
    g_string_append_len (out, js, size);
    g_string_append (out, "</script>\n</body>\n</html>\n");
}

/* Pages are staged and only renamed into place when the whole site is
 * written (mlg-report-dir.c): a failure leaves the previous site. */
static bool
write_page (Site *site, const char *name, GString *page, GError **error)
{
    return _mlg_report_dir_add (site->rd, name, page->str, page->len, error);
}

/* ------------------------------------------------------------------ */
/* Charts                                                               */
/* ------------------------------------------------------------------ */

static guint
week_total (const MlgWeek *week)
{
    guint sum = 0;

    for (guint r = 0; r < MLG_ROLES; r++)
        sum += week->counts[r];
    return sum;
}

/* Appends the sparkline of `bins` (of `bin`) scaled to `max` (shared by
 * all rows so that rows compare). */
static void
sparkline (GString *out, GArray *bins, MlgBin bin, guint max)
{
    g_autofree guint *values = g_new0 (guint, MAX (bins->len, 1));
    g_autofree char *points = NULL;
    g_autofree char *busiest = NULL;
    guint total = 0;
    guint top = 0;

    for (guint i = 0; i < bins->len; i++) {
        const MlgWeek *w = &g_array_index (bins, MlgWeek, i);

        values[i] = week_total (w);
        total += values[i];
        if (values[i] > values[top])
            top = i;
    }
    points = mlg_chart_sparkline_points (values, bins->len, max,
                                         SPARK_WIDTH, SPARK_HEIGHT);
    if (bins->len > 0)
        busiest = mlg_chart_bin_label (
            bin, g_array_index (bins, MlgWeek, top).start);
    g_string_append_printf (
        out,
        "<svg class=\"spark\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d "
        "%d\" role=\"img\" aria-label=\"%u messages over %u %s%s",
        (int) SPARK_WIDTH, (int) SPARK_HEIGHT, (int) SPARK_WIDTH,
        (int) SPARK_HEIGHT, total, bins->len, mlg_chart_bin_name (bin),
        bins->len == 1 ? "" : "s");
    if (total > 0 && busiest != NULL)
        g_string_append_printf (out, "; busiest: %s (%u)", busiest,
                                values[top]);
    g_string_append_printf (out,
                            "\"><line class=\"base\" x1=\"0\" y1=\"%d\" "
                            "x2=\"%d\" y2=\"%d\"/><polyline points=\"%s\"/>"
                            "</svg>",
                            (int) SPARK_HEIGHT - 1, (int) SPARK_WIDTH,
                            (int) SPARK_HEIGHT - 1, points);
}

static const MlgRole chart_roles[] = {
    MLG_ROLE_INDEPENDENT, MLG_ROLE_PROPONENT, MLG_ROLE_CHAIR,
    MLG_ROLE_AUTOMATED,
};

/* The weekly timeline of one proposal: stacked bars by role, an axis, a
 * legend, and the same numbers as a table for screen readers and print. */
static void
timeline (Site *site, GString *out, const MlgProposal *p)
{
    g_autoptr (GArray) weeks = mlg_proposal_get_weekly_activity (
        site->analysis, p, p->features.first, p->features.last);
    const guint n_series = G_N_ELEMENTS (chart_roles);
    g_autofree guint *values = g_new0 (guint, weeks->len * n_series + 1);
    g_autoptr (GArray) rects = NULL;
    guint max = 0;
    const double left = 32, top = 8, bottom = 22;
    /* A few weeks get bars of at most 48 units, not the whole width. */
    const double plot_w =
        MIN (TIMELINE_WIDTH - left - 8, 48.0 * MAX (weeks->len, 4));
    const double plot_h = TIMELINE_HEIGHT - top - bottom;
    guint scale;
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;

    for (guint i = 0; i < weeks->len; i++) {
        const MlgWeek *w = &g_array_index (weeks, MlgWeek, i);

        for (guint s = 0; s < n_series; s++)
            values[i * n_series + s] = w->counts[chart_roles[s]];
        max = MAX (max, week_total (w));
    }
    scale = mlg_chart_nice_max (max);
    rects = mlg_chart_stacked_bars (values, weeks->len, n_series, scale,
                                    plot_w, plot_h);
    from = mlg_format_time (g_array_index (weeks, MlgWeek, 0).start,
                            MLG_TIME_DAY);
    to = mlg_format_time (g_array_index (weeks, MlgWeek, weeks->len - 1).start,
                          MLG_TIME_DAY);

    g_string_append (out, "<h2 id=\"timeline\">Activity by week</h2>\n"
                          "<figure>\n");
    g_string_append_printf (
        out,
        "<svg class=\"timeline\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d "
        "%d\" role=\"img\" aria-labelledby=\"timeline-caption\">\n",
        (int) (left + plot_w + 8), (int) TIMELINE_HEIGHT,
        (int) (left + plot_w + 8), (int) TIMELINE_HEIGHT);
    /* Axis and grid: 0, half and the top of the scale. */
    for (guint k = 0; k <= 2; k++) {
        double y = top + plot_h - plot_h * k / 2.0;

        g_string_append (out, "<line class=\"");
        g_string_append (out, k == 0 ? "axis" : "grid");
        g_string_append (out, "\" x1=\"");
        number (out, "%.1f", left);
        g_string_append (out, "\" y1=\"");
        number (out, "%.1f", y);
        g_string_append (out, "\" x2=\"");
        number (out, "%.1f", left + plot_w);
        g_string_append (out, "\" y2=\"");
        number (out, "%.1f", y);
        g_string_append (out, "\"/><text x=\"");
        number (out, "%.1f", left - 4);
        g_string_append (out, "\" y=\"");
        number (out, "%.1f", y + 4);
        g_string_append (out, "\" text-anchor=\"end\">");
        if (k == 1 && scale % 2 != 0)
            number (out, "%.1f", scale / 2.0);
        else
            g_string_append_printf (out, "%u", scale * k / 2);
        g_string_append (out, "</text>\n");
    }
    for (guint i = 0; i < rects->len; i++) {
        const MlgChartRect *r = &g_array_index (rects, MlgChartRect, i);
        const MlgWeek *w = &g_array_index (weeks, MlgWeek, i / n_series);
        MlgRole role = chart_roles[i % n_series];
        g_autofree char *week = NULL;

        if (values[i] == 0)
            continue;
        week = mlg_format_time (w->start, MLG_TIME_DAY);
        g_string_append_printf (out, "<rect class=\"s-%s\" x=\"",
                                mlg_role_to_string (role));
        number (out, "%.1f", left + r->x);
        g_string_append (out, "\" y=\"");
        number (out, "%.1f", top + r->y);
        g_string_append (out, "\" width=\"");
        number (out, "%.1f", r->width);
        g_string_append (out, "\" height=\"");
        number (out, "%.1f", r->height);
        g_string_append_printf (out, "\"><title>week of %s: %u %s</title>"
                                     "</rect>\n",
                                week, values[i], mlg_role_to_string (role));
    }
    g_string_append_printf (out,
                            "<text x=\"%d\" y=\"%d\">%s</text>"
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s"
                            "</text>\n</svg>\n",
                            (int) left, (int) TIMELINE_HEIGHT - 6, from,
                            (int) (left + plot_w), (int) TIMELINE_HEIGHT - 6,
                            to);
    g_string_append_printf (out,
                            "<figcaption id=\"timeline-caption\">Messages per "
                            "week from the week of %s to the week of %s "
                            "(%u week%s, busiest %u), by the role of their "
                            "senders.</figcaption>\n<ul class=\"legend\">",
                            from, to, weeks->len, weeks->len == 1 ? "" : "s",
                            max);
    for (guint s = 0; s < n_series; s++)
        g_string_append_printf (out,
                                "<li><span class=\"key s-%s\"></span>%s</li>",
                                mlg_role_to_string (chart_roles[s]),
                                mlg_role_to_string (chart_roles[s]));
    g_string_append (out, "</ul>\n<details><summary>The same numbers as a "
                          "table</summary>\n<div class=\"scroll\">"
                          "<table>\n<caption>Messages per week by role"
                          "</caption>\n<thead><tr><th scope=\"col\">Week of"
                          "</th>");
    for (guint s = 0; s < n_series; s++)
        g_string_append_printf (out, "<th scope=\"col\" class=\"n\">%s</th>",
                                mlg_role_to_string (chart_roles[s]));
    g_string_append (out, "</tr></thead>\n<tbody>\n");
    for (guint i = 0; i < weeks->len; i++) {
        const MlgWeek *w = &g_array_index (weeks, MlgWeek, i);

        if (week_total (w) == 0)
            continue;
        g_string_append (out, "<tr><th scope=\"row\">");
        time_el (out, w->start, false);
        g_string_append (out, "</th>");
        for (guint s = 0; s < n_series; s++)
            td_uint (out, w->counts[chart_roles[s]]);
        g_string_append (out, "</tr>\n");
    }
    g_string_append (out, "</tbody></table></div></details>\n</figure>\n");
}

/* ------------------------------------------------------------------ */
/* index.html                                                           */
/* ------------------------------------------------------------------ */

static int
compare_strings (gconstpointer a, gconstpointer b)
{
    return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
window_facts (Site *site, GString *out)
{
    const GPtrArray *threads = mlg_analysis_get_threads (site->analysis);
    g_autoptr (GPtrArray) lists = g_ptr_array_new ();
    gint64 since;
    gint64 until;

    mlg_analysis_get_window (site->analysis, &since, &until);
    for (guint i = 0; i < threads->len; i++) {
        const MlgThread *t = threads->pdata[i];

        for (guint k = 0; t->lists != NULL && k < t->lists->len; k++)
            if (!g_ptr_array_find_with_equal_func (lists, t->lists->pdata[k],
                                                   g_str_equal, NULL))
                g_ptr_array_add (lists, t->lists->pdata[k]);
    }
    g_ptr_array_sort (lists, compare_strings);
    g_string_append (out, "<dl class=\"facts\">\n<dt>Window</dt><dd>");
    if (since == MLG_NO_SINCE)
        g_string_append (out, "all mail");
    else
        time_el (out, since, true);
    g_string_append (out, " to ");
    time_el (out, mlg_analysis_get_window_end (site->analysis), true);
    g_string_append (out, " (UTC)</dd>\n<dt>Lists</dt><dd>");
    if (lists->len == 0)
        g_string_append (out, "none");
    for (guint i = 0; i < lists->len; i++) {
        if (i > 0)
            g_string_append (out, ", ");
        g_string_append (out, "<span class=\"m\">");
        clipped (out, lists->pdata[i], CLIP_NAME);
        g_string_append (out, "</span>");
    }
    g_string_append (out, "</dd>\n<dt>Generated</dt><dd>");
    time_el (out, mlg_analysis_get_now (site->analysis), true);
    g_string_append (out, " UTC (the report's reference time)</dd>\n"
                          "<dt>Datatracker</dt><dd>");
    if (mlg_analysis_get_datatracker_refreshed (site->analysis) != NULL) {
        g_string_append (out, "refreshed ");
        text (out,
                mlg_analysis_get_datatracker_refreshed (site->analysis));
    } else {
        g_string_append (out, "none: authors, revisions and chairs come "
                              "from mail and the roster only");
    }
    g_string_append_printf (
        out,
        "</dd>\n<dt>Covered</dt><dd>%u "
        "proposals, %u threads, %u people</dd>\n</dl>\n",
        site->proposals->len, threads->len,
        mlg_analysis_get_people (site->analysis)->len);
}

static int
compare_threads_by_first (gconstpointer pa, gconstpointer pb)
{
    const MlgThread *a = *(const MlgThread *const *) pa;
    const MlgThread *b = *(const MlgThread *const *) pb;

    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    return g_strcmp0 (a->id, b->id);
}

static void
admin_section (Site *site, GString *out)
{
    const GPtrArray *all = mlg_analysis_get_all_threads (site->analysis);
    g_autoptr (GPtrArray) admin = g_ptr_array_new ();

    for (guint i = 0; i < all->len; i++) {
        const MlgThread *t = all->pdata[i];

        if (t->admin && t->scope_messages > 0)
            g_ptr_array_add (admin, (gpointer) t);
    }
    g_ptr_array_sort (admin, compare_threads_by_first);
    g_string_append_printf (out,
                            "<details class=\"admin\" id=\"admin\"><summary>"
                            "Administrative threads (%u)</summary>\n"
                            "<p class=\"note\">Agendas, minutes, calls for "
                            "agenda items and topics, elections, other "
                            "administrivia and spam: not ranked unless the "
                            "report is run with <code>--all</code>.</p>\n",
                            admin->len);
    if (admin->len > 0)
        g_string_append (out, "<ul>\n");
    for (guint i = 0; i < admin->len; i++) {
        const MlgThread *t = admin->pdata[i];

        g_string_append (out, "<li>");
        time_el (out, t->first, false);
        g_string_append (out, " ");
        link_or_text (out, t->root->permalink, t->root->subject, CLIP_TEXT);
        g_string_append_printf (out, " <span class=\"muted\">(%u message%s)"
                                     "</span></li>\n",
                                t->scope_messages,
                                t->scope_messages == 1 ? "" : "s");
    }
    if (admin->len > 0)
        g_string_append (out, "</ul>\n");
    g_string_append (out, "</details>\n");
}

/* A ranking page holds this many rows. A browser lays out a long table
 * (with a sparkline each row) slowly, a page of this size at once, and
 * the first page is what a chair reads. */
#define INDEX_PAGE_ROWS 500

/* Returns: (transfer full) the file of ranking page `page` (from 0). */
static char *
index_file (guint page)
{
    return page == 0 ? g_strdup ("index.html")
                     : g_strdup_printf ("index-%u.html", page + 1);
}

/* The links between ranking pages, by the ranks each holds. */
static void
index_pages_nav (Site *site, GString *out, guint page, guint pages)
{
    guint n = site->proposals->len;

    g_string_append (out, "<nav class=\"pages\" aria-label=\"Ranking pages\">"
                          "Ranks:");
    for (guint k = 0; k < pages; k++) {
        g_autofree char *file = index_file (k);
        guint from = k * INDEX_PAGE_ROWS + 1;
        guint to = MIN (n, (k + 1) * INDEX_PAGE_ROWS);

        if (k == page)
            g_string_append_printf (out, " <strong aria-current=\"page\">"
                                         "%u\xe2\x80\x93%u</strong>",
                                    from, to);
        else
            g_string_append_printf (out, " <a href=\"%s\">%u\xe2\x80\x93%u"
                                         "</a>",
                                    file, from, to);
    }
    g_string_append (out, "</nav>\n");
}

static bool
write_index_page (Site *site, guint page, guint pages, GPtrArray *activity,
                  MlgBin bin, guint max, GError **error)
{
    g_autoptr (GString) out = g_string_new (NULL);
    g_autofree char *span_from = mlg_chart_bin_label (bin, site->first);
    g_autofree char *span_to = mlg_chart_bin_label (bin, site->last);
    g_autofree char *file = index_file (page);
    guint first = page * INDEX_PAGE_ROWS;
    guint end = MIN (site->proposals->len, first + INDEX_PAGE_ROWS);

    page_begin (site, out, "Proposals by demonstrated interest");
    g_string_append (out, "<h1>Proposals by demonstrated interest</h1>\n");
    window_facts (site, out);
    g_string_append (
        out,
        "<p class=\"note\">The score is a weighted sum of the columns "
        "(weights in the configuration): independent voices, "
        "organisations, supporters and an active draft count most; raw "
        "volume counts little. Each proposal's page shows its breakdown. "
        "Click a column header to sort.");
    /* Sorting across pages would need a page per column and direction,
     * or a script that reads the other pages, which the pages' CSP and
     * file: URLs forbid: a page sorts its own rows, and says so. */
    if (pages > 1)
        g_string_append_printf (
            out,
            " This page holds ranks %u\xe2\x80\x93%u of %u, by score; "
            "sorting sorts the rows of this page (proposals.csv of "
            "<code>report --format csv</code> holds them all).",
            first + 1, end, site->proposals->len);
    g_string_append (out, "</p>\n");
    if (pages > 1)
        index_pages_nav (site, out, page, pages);

    g_string_append (
        out,
        "<p class=\"scroll-hint\" aria-hidden=\"true\">The table has more "
        "columns to the right: scroll it sideways \xe2\x86\x92</p>\n"
        "<div class=\"scroll\" role=\"region\" aria-labelledby=\"ranking-"
        "caption\" tabindex=\"0\">\n<table class=\"ranking sortable\">\n"
        "<caption id=\"ranking-caption\">Ranked proposals</caption>\n"
        "<thead><tr>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\" "
        "aria-sort=\"ascending\">Rank</th>"
        "<th scope=\"col\">Proposal</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\">Score</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\"><abbr "
        "title=\"independent people: everyone but the proponents, chairs included\">"
        "Independent</abbr></th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\"><abbr "
        "title=\"organisations\">Orgs</abbr></th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\">Support</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\">Object</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\"><abbr "
        "title=\"latest revision; new revisions in the window\">Draft "
        "rev.</abbr></th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\"><abbr "
        "title=\"chair addresses CC'd on the opening mail / chairs or ADs "
        "who replied\">Chairs</abbr></th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\"><abbr "
        "title=\"agenda-request checklist items given\">Checklist</abbr>"
        "</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\">Messages</th>"
        "<th scope=\"col\"><abbr title=\"first and last message; sorts "
        "by the last\">Active</abbr></th>"
        "<th scope=\"col\" data-nosort>Messages per ");
    /* The bin and the span, so that a spike reads as what it is. */
    g_string_append_printf (out, "%s<span class=\"sub\">%s to %s</span></th>"
                                 "</tr></thead>\n<tbody>\n",
                            mlg_chart_bin_name (bin), span_from, span_to);
    for (guint i = first; i < end; i++) {
        const MlgProposal *p = site->proposals->pdata[i];
        const MlgFeatures *f = &p->features;
        g_autofree char *last = mlg_format_time (f->last, MLG_TIME_ISO);
        guint checks = __builtin_popcount (f->checklist);

        g_string_append_printf (out, "<tr data-rank=\"%u\"><td class=\"n\">"
                                     "%u</td><th scope=\"row\">",
                                p->rank, p->rank);
        proposal_link (site, out, p);
        g_string_append_printf (out, "<span class=\"sub\">%s",
                                mlg_proposal_kind_to_string (p->kind));
        for (guint k = 0; f->lists != NULL && k < f->lists->len; k++) {
            g_string_append (out, k == 0 ? " \xc2\xb7 " : ", ");
            clipped (out, f->lists->pdata[k], CLIP_NAME);
        }
        g_string_append (out, "</span></th><td class=\"n\" data-sort=\"");
        number (out, "%.2f", p->score);
        g_string_append (out, "\"><strong>");
        number (out, "%.2f", p->score);
        g_string_append (out, "</strong></td>");
        td_uint (out, f->independent_people);
        td_uint (out, f->organisations);
        td_uint (out, f->supporters);
        td_uint (out, f->objectors);
        if (f->latest_revision >= 0)
            g_string_append_printf (out,
                                    "<td class=\"n\" data-sort=\"%d\">-%02d"
                                    "<span class=\"sub\">+%u new</span></td>",
                                    f->latest_revision, f->latest_revision,
                                    f->revisions_in_window);
        else
            g_string_append (out, "<td class=\"n\" data-sort=\"-1\">"
                                  "\xe2\x80\x94</td>");
        g_string_append_printf (out,
                                "<td class=\"n\" data-sort=\"%u\">%u / %u"
                                "</td><td class=\"n\" data-sort=\"%u\">%u/%d"
                                "</td>",
                                f->chairs_cc + f->chairs_replied, f->chairs_cc,
                                f->chairs_replied, checks, checks,
                                p->checklist_profile->n_entries);
        td_uint (out, f->messages);
        g_string_append_printf (out, "<td class=\"date\" data-sort=\"%s\">",
                                last != NULL ? last : "");
        time_el (out, f->first, false);
        g_string_append (out, "<br>");
        time_el (out, f->last, false);
        g_string_append (out, "</td><td>");
        sparkline (out, activity->pdata[i], bin, max);
        g_string_append (out, "</td></tr>\n");
    }
    g_string_append (out, "</tbody>\n</table>\n</div>\n");
    if (pages > 1)
        index_pages_nav (site, out, page, pages);
    if (site->proposals->len == 0)
        g_string_append (out, "<p>No proposal has messages in the window."
                              "</p>\n");
    if (page == 0)
        admin_section (site, out);
    page_end (site, out);
    return write_page (site, file, out, error);
}

static bool
write_index (Site *site, GError **error)
{
    g_autoptr (GPtrArray) activity =
        g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
    guint max = 0;
    MlgBin bin = mlg_chart_choose_bin (site->first, site->last);
    guint pages = MAX (1, (site->proposals->len + INDEX_PAGE_ROWS - 1)
                              / INDEX_PAGE_ROWS);

    /* One time axis and one scale for every row of every page, so that
     * rows compare across pages too. */
    for (guint i = 0; i < site->proposals->len; i++) {
        GArray *bins = mlg_proposal_get_activity (
            site->analysis, site->proposals->pdata[i], site->first,
            site->last, bin);

        for (guint k = 0; k < bins->len; k++)
            max = MAX (max, week_total (&g_array_index (bins, MlgWeek, k)));
        g_ptr_array_add (activity, bins);
    }
    for (guint page = 0; page < pages; page++)
        if (!write_index_page (site, page, pages, activity, bin, max, error))
            return false;
    return true;
}

/* ------------------------------------------------------------------ */
/* One page per proposal                                                */
/* ------------------------------------------------------------------ */

static const char *
term_label (MlgScoreTerm term)
{
    switch (term) {
    case MLG_SCORE_MESSAGES:
        return "Messages (log\xe2\x82\x82 of 1 + n)";
    case MLG_SCORE_THREADS:
        return "Threads";
    case MLG_SCORE_PEOPLE:
        return "People";
    case MLG_SCORE_INDEPENDENT:
        return "Independent people";
    case MLG_SCORE_ORGANISATIONS:
        return "Organisations";
    case MLG_SCORE_SUPPORTERS:
        return "Supporters";
    case MLG_SCORE_OBJECTORS:
        return "Objectors";
    case MLG_SCORE_CHAIRS_CC:
        return "Chairs CC'd on the opening mail";
    case MLG_SCORE_CHAIRS_REPLIED:
        return "Chairs or ADs who replied";
    case MLG_SCORE_DRAFT:
        return "Has a draft";
    case MLG_SCORE_REVISIONS:
        return "New revisions in the window";
    case MLG_SCORE_IMPL:
        return "Implementation pointers";
    case MLG_SCORE_CHECKLIST:
        return "Checklist items given";
    case MLG_SCORE_LISTS:
        return "Lists beyond the first";
    case MLG_SCORE_TERMS:
        break;
    }
    return "?";
}

static void
score_breakdown (GString *out, const MlgProposal *p)
{
    double max = 0;

    for (guint t = 0; t < MLG_SCORE_TERMS; t++)
        max = MAX (max, ABS (p->breakdown[t]));
    g_string_append (out, "<h2 id=\"score\">Score breakdown</h2>\n"
                          "<div class=\"scroll\"><table class=\"breakdown\">"
                          "\n<caption>Points per term (weight \xc3\x97 "
                          "measure)</caption>\n<thead><tr>"
                          "<th scope=\"col\">Term</th>"
                          "<th scope=\"col\" class=\"n\">Measure</th>"
                          "<th scope=\"col\" class=\"n\">Points</th>"
                          "<th scope=\"col\"><span class=\"sub\">share"
                          "</span></th></tr></thead>\n<tbody>\n");
    for (guint t = 0; t < MLG_SCORE_TERMS; t++) {
        double points = p->breakdown[t];
        double w = max > 0 ? 160.0 * ABS (points) / max : 0;

        g_string_append_printf (out, "<tr><th scope=\"row\">%s <span "
                                     "class=\"sub\">%s</span></th>",
                                term_label (t), mlg_score_term_to_string (t));
        td_uint (out, mlg_score_term_measure (p, t));
        g_string_append (out, "<td class=\"n\">");
        number (out, "%.2f", points);
        g_string_append (out, "</td><td><svg class=\"score-bar\" width=\"160\""
                              " height=\"12\" aria-hidden=\"true\"><rect "
                              "class=\"");
        g_string_append (out, points < 0 ? "bar-neg" : "bar-pos");
        g_string_append (out, "\" x=\"0\" y=\"1\" width=\"");
        number (out, "%.1f", w);
        g_string_append (out, "\" height=\"10\"/></svg></td></tr>\n");
    }
    g_string_append (out, "</tbody>\n<tfoot><tr><th scope=\"row\">Score</th>"
                          "<td></td><td class=\"n\"><strong>");
    number (out, "%.2f", p->score);
    g_string_append (out, "</strong></td><td></td></tr></tfoot>\n"
                          "</table></div>\n");
}

static const char *
stance_label (MlgStance stance)
{
    switch (stance) {
    case MLG_STANCE_SUPPORT:
        return "<span class=\"badge support\">supports</span>";
    case MLG_STANCE_OBJECTION:
        return "<span class=\"badge objection\">objects</span>";
    case MLG_STANCE_NONE:
        break;
    }
    return "";
}

static void
participants_table (Site *site, GString *out, GPtrArray *parts)
{
    g_string_append_printf (
        out,
        "<h2 id=\"participants\">Participants (%u)</h2>\n"
        "<div class=\"scroll\" role=\"region\" aria-labelledby=\"parts-"
        "caption\" tabindex=\"0\">\n<table class=\"parts sortable\">\n"
        "<caption id=\"parts-caption\">People who wrote in the window, by "
        "messages</caption>\n<thead><tr><th scope=\"col\">Person</th>"
        "<th scope=\"col\">Organisation</th><th scope=\"col\">Role</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\">Messages</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\">Threads</th>"
        "<th scope=\"col\">Stance</th><th scope=\"col\">First</th>"
        "<th scope=\"col\">Last</th></tr></thead>\n<tbody>\n",
        parts->len);
    for (guint i = 0; i < parts->len; i++) {
        const MlgParticipant *part = parts->pdata[i];
        g_autofree char *first =
            mlg_format_time (part->first, MLG_TIME_ISO);
        g_autofree char *last = mlg_format_time (part->last, MLG_TIME_ISO);

        g_string_append (out, "<tr><th scope=\"row\">");
        person_link (site, out, part->person);
        g_string_append (out, "</th><td class=\"org\">");
        clipped (out, part->person->org, CLIP_NAME);
        g_string_append_printf (out, "</td><td class=\"role-%s\">%s</td>",
                                mlg_role_to_string (part->role),
                                mlg_role_to_string (part->role));
        td_uint (out, part->messages);
        td_uint (out, part->threads);
        g_string_append_printf (out, "<td>%s</td><td class=\"date\" "
                                     "data-sort=\"%s\">",
                                stance_label (part->stance),
                                first != NULL ? first : "");
        time_el (out, part->first, false);
        g_string_append_printf (out, "</td><td class=\"date\" "
                                     "data-sort=\"%s\">",
                                last != NULL ? last : "");
        time_el (out, part->last, false);
        g_string_append (out, "</td></tr>\n");
    }
    g_string_append (out, "</tbody>\n</table>\n</div>\n");
}

static void
stances (Site *site, GString *out, const MlgProposal *p, GPtrArray *parts)
{
    guint n = 0;

    for (guint i = 0; i < parts->len; i++)
        if (((const MlgParticipant *) parts->pdata[i])->stance
            != MLG_STANCE_NONE)
            n++;
    g_string_append_printf (out, "<h2 id=\"stances\">Stances (%u)</h2>\n", n);
    if (n == 0) {
        g_string_append (out, "<p>Nobody stated support or objection.</p>\n");
        return;
    }
    g_string_append (out, "<p class=\"note\">Each person's latest stance "
                          "on the proposal, with the words it was read from "
                          "and why they count: agreement with a side point, "
                          "a proponent's own words and mere acknowledgements "
                          "do not.</p>\n<ul class=\"stances\">\n");
    for (guint i = 0; i < parts->len; i++) {
        const MlgParticipant *part = parts->pdata[i];
        const MlgMessage *m = part->stance_message;

        if (part->stance == MLG_STANCE_NONE)
            continue;
        g_string_append_printf (out, "<li>%s ", stance_label (part->stance));
        person_link (site, out, part->person);
        g_string_append_printf (out, " <span class=\"muted\">(%s)</span>, ",
                                mlg_role_to_string (part->role));
        if (m != NULL) {
            g_string_append_printf (
                out, "<span class=\"muted\">%s</span>, ",
                mlg_stance_reason_to_string (m->stance_reason));
            time_el (out, m->date, false);
            if (mlg_html_url_is_safe (m->permalink)) {
                g_string_append (out, " \xc2\xb7 <a");
                attr (out, "href", m->permalink);
                g_string_append (out, " rel=\"noopener noreferrer\">the "
                                      "message</a>");
            }
            if (m->stance_quote != NULL && m->stance_quote[0] != '\0') {
                g_string_append (out, "<blockquote class=\"m\"");
                clip_title (out, m->stance_quote, CLIP_QUOTE);
                g_string_append (out, ">");
                clipped (out, m->stance_quote, CLIP_QUOTE);
                g_string_append (out, "</blockquote>");
            }
        }
        g_string_append (out, "</li>\n");
    }
    g_string_append (out, "</ul>\n");
}

static void
checklist (Site *site, GString *out, const MlgProposal *p)
{
    const MlgChecklistProfile *profile = p->checklist_profile;
    guint bits = p->features.checklist;
    g_autoptr (GString) missing = g_string_new (NULL);

    g_string_append_printf (out, "<h2 id=\"checklist\">Agenda-request "
                                 "checklist: %d/%u</h2>\n",
                            __builtin_popcount (bits), profile->n_entries);
    /* The profile's title is built in, not from mail. */
    g_string_append_printf (out, "<p class=\"note\">Held to the %s "
                                 "(<code>%s</code>)",
                            profile->title, profile->name);
    if (p->opening != NULL) {
        g_string_append (out, "; read from the opening mail, ");
        link_or_text (out, p->opening->permalink, p->opening->subject,
                      CLIP_TEXT);
        g_string_append (out, ", requested ");
        time_el (out, p->opening->date, false);
    }
    g_string_append (out, ".</p>\n");
    g_string_append (out, "<ul class=\"checklist\">\n");
    for (guint e = 0; e < profile->n_entries; e++) {
        const MlgChecklistEntry *entry = &profile->entries[e];
        bool given = (bits & (1u << e)) != 0;

        g_string_append_printf (
            out,
            "<li><span class=\"%s\" aria-hidden=\"true\">%s</span> %s "
            "<span class=\"muted\">(%s: %s%s)</span></li>\n",
            given ? "yes" : "no", given ? "\xe2\x9c\x93" : "\xe2\x9c\x97",
            entry->label, entry->id, given ? "given" : "missing",
            entry->priority ? ", gives priority" : "");
        if (!given) {
            if (missing->len > 0)
                g_string_append (missing, ", ");
            g_string_append (missing, entry->label);
        }
    }
    g_string_append (out, "</ul>\n");
    if (missing->len > 0)
        g_string_append_printf (out, "<p><strong>Missing:</strong> %s.</p>\n",
                                missing->str);
}

/* One message of a reply tree and its depth. */
typedef struct {
    const MlgMessage *message;
    guint depth;
} TreeNode;

/* Returns: (transfer full) the messages of `thread` in reply-tree order
 * (depth first, children by date) with their depths. Iterative, so a
 * thousand-message chain cannot overflow the stack. */
static GArray *
reply_tree (const MlgThread *thread)
{
    g_autoptr (GHashTable) children = g_hash_table_new_full (
        g_direct_hash, g_direct_equal, NULL,
        (GDestroyNotify) g_ptr_array_unref);
    g_autoptr (GPtrArray) roots = g_ptr_array_new ();
    g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (TreeNode));
    GArray *order = g_array_new (FALSE, FALSE, sizeof (TreeNode));

    for (guint i = 0; i < thread->messages->len; i++) {
        const MlgMessage *m = thread->messages->pdata[i];
        GPtrArray *list;

        if (m->parent == NULL || m->parent->thread != thread
            || m->parent == m) {
            g_ptr_array_add (roots, (gpointer) m);
            continue;
        }
        list = g_hash_table_lookup (children, m->parent);
        if (list == NULL) {
            list = g_ptr_array_new ();
            g_hash_table_insert (children, m->parent, list);
        }
        g_ptr_array_add (list, (gpointer) m);
    }
    /* Pushed in reverse so that the earliest comes out first. */
    for (guint i = roots->len; i > 0; i--) {
        TreeNode node = { roots->pdata[i - 1], 0 };
        g_array_append_val (stack, node);
    }
    while (stack->len > 0 && order->len <= thread->messages->len) {
        TreeNode node = g_array_index (stack, TreeNode, stack->len - 1);
        GPtrArray *kids = g_hash_table_lookup (children, node.message);

        g_array_set_size (stack, stack->len - 1);
        g_array_append_val (order, node);
        for (guint i = kids != NULL ? kids->len : 0; i > 0; i--) {
            TreeNode kid = { kids->pdata[i - 1],
                             MIN (node.depth + 1, MAX_DEPTH) };
            g_array_append_val (stack, kid);
        }
    }
    return order;
}

static void
thread_message (Site *site, GString *out, const MlgProposal *p,
                const MlgMessage *m)
{
    MlgRole role = mlg_proposal_role (site->analysis, p, m);

    g_string_append_printf (out, "<li%s>", m->in_scope ? "" : " class=\"out\"");
    time_el (out, m->date, true);
    g_string_append (out, " <span class=\"from\">");
    if (m->person != NULL)
        person_link (site, out, m->person);
    else {
        g_string_append (out, "<span class=\"m\">");
        clipped (out, m->from_name != NULL && m->from_name[0] != '\0'
                          ? m->from_name
                          : m->from_addr,
                 CLIP_NAME);
        g_string_append (out, "</span>");
    }
    g_string_append (out, "</span>");
    if (role != MLG_ROLE_INDEPENDENT)
        g_string_append_printf (out, " <span class=\"muted role-%s\">(%s)"
                                     "</span>",
                                mlg_role_to_string (role),
                                mlg_role_to_string (role));
    g_string_append (out, " ");
    link_or_text (out, m->permalink, m->subject, CLIP_TEXT);
    if (m->stance != MLG_STANCE_NONE)
        g_string_append_printf (out, " %s", stance_label (m->stance));
    if (!m->in_scope)
        g_string_append (out, " <span class=\"muted\">(outside the window or "
                              "lists)</span>");
}

static void
threads_section (Site *site, GString *out, const MlgProposal *p)
{
    g_string_append_printf (out, "<h2 id=\"threads\">Threads (%u)</h2>\n"
                                 "<p class=\"note\">Each message links to "
                                 "its archived copy when the archive gave "
                                 "one (Archived-At).</p>\n",
                            p->threads->len);
    for (guint t = 0; t < p->threads->len; t++) {
        const MlgThread *thread = p->threads->pdata[t];
        g_autoptr (GArray) order = reply_tree (thread);
        int cur = -1;

        g_string_append_printf (out, "<section class=\"thread\" "
                                     "id=\"thread-%u\">\n<h3 class=\"m\"",
                                t + 1);
        clip_title (out, thread->root->subject, CLIP_TEXT);
        g_string_append (out, ">");
        clipped (out, thread->root->subject, CLIP_TEXT);
        g_string_append_printf (out, "</h3>\n<p class=\"sub\">%u message%s "
                                     "in the window, %u people, ",
                                thread->scope_messages,
                                thread->scope_messages == 1 ? "" : "s",
                                thread->people);
        time_el (out, thread->first, false);
        g_string_append (out, " to ");
        time_el (out, thread->last, false);
        g_string_append (out, "</p>\n");
        for (guint i = 0; i < order->len; i++) {
            const TreeNode *node = &g_array_index (order, TreeNode, i);
            int d = (int) node->depth;

            if (d > cur) {
                for (; cur < d; cur++)
                    g_string_append (out, "\n<ul class=\"tree\">");
            } else {
                g_string_append (out, "</li>\n");
                for (; cur > d; cur--)
                    g_string_append (out, "</ul></li>\n");
            }
            thread_message (site, out, p, node->message);
        }
        if (cur >= 0)
            g_string_append (out, "</li>\n");
        for (; cur > 0; cur--)
            g_string_append (out, "</ul></li>\n");
        if (order->len > 0)
            g_string_append (out, "</ul>\n");
        g_string_append (out, "</section>\n");
    }
}

static bool
write_proposal (Site *site, guint index, GError **error)
{
    const MlgProposal *p = site->proposals->pdata[index];
    const MlgFeatures *f = &p->features;
    GPtrArray *parts = site->participants->pdata[index];
    g_autoptr (GString) out = g_string_new (NULL);
    g_autofree char *draft_url = NULL;

    page_begin (site, out, p->name);
    g_string_append (out, "<p><a href=\"index.html\">\xe2\x86\x90 All "
                          "proposals</a></p>\n<h1 class=\"m\"");
    clip_title (out, p->name, CLIP_TEXT);
    g_string_append (out, ">");
    clipped (out, p->name, CLIP_TEXT);
    g_string_append_printf (out, "</h1>\n<p class=\"sub\">Rank %u of %u "
                                 "\xc2\xb7 %s \xc2\xb7 score <strong>",
                            p->rank, site->proposals->len,
                            mlg_proposal_kind_to_string (p->kind));
    number (out, "%.2f", p->score);
    g_string_append (out, "</strong></p>\n<dl class=\"facts\">\n");
    if (p->draft != NULL) {
        draft_url = g_strdup_printf ("https://datatracker.ietf.org/doc/%s/",
                                     p->draft);
        g_string_append (out, "<dt>Draft</dt><dd>");
        link_or_text (out, draft_url, p->draft, CLIP_NAME);
        if (f->latest_revision >= 0)
            g_string_append_printf (out, " -%02d", f->latest_revision);
        g_string_append_printf (
            out, " (%u new revision%s in the window, %s)</dd>\n",
            f->revisions_in_window, f->revisions_in_window == 1 ? "" : "s",
            f->revisions_source == MLG_REVISIONS_DATATRACKER
                ? "published, by the Datatracker"
                : "mentioned in mail");
    }
    g_string_append (out, "<dt>Proponents</dt><dd>");
    if (p->opening_missing)
        g_string_append (out, "<span class=\"muted\">"
                              MLG_PROPONENT_UNKNOWN "</span>");
    for (guint i = 0; i < p->proponents->len; i++) {
        if (i > 0 || p->opening_missing)
            g_string_append (out, ", ");
        person_link (site, out, p->proponents->pdata[i]);
    }
    if (p->proponents->len == 0 && !p->opening_missing)
        g_string_append (out, "unknown");
    g_string_append (out, "</dd>\n<dt>Lists</dt><dd>");
    for (guint i = 0; f->lists != NULL && i < f->lists->len; i++) {
        if (i > 0)
            g_string_append (out, ", ");
        g_string_append (out, "<span class=\"m\">");
        clipped (out, f->lists->pdata[i], CLIP_NAME);
        g_string_append (out, "</span>");
    }
    g_string_append (out, "</dd>\n<dt>Activity</dt><dd>");
    time_el (out, f->first, true);
    g_string_append (out, " to ");
    time_el (out, f->last, true);
    g_string_append (out, " UTC");
    if (f->first_reply >= 0) {
        g_string_append (out, "; first reply by someone else after ");
        number (out, "%.1f", f->first_reply / 3600.0);
        g_string_append (out, " h");
    } else {
        g_string_append (out, "; nobody else replied");
    }
    g_string_append_printf (
        out,
        "</dd>\n<dt>Engagement</dt><dd>%u messages in %u thread%s from %u "
        "people (%u independent) of %u organisations; %u supporter%s, %u "
        "objector%s; %u implementation pointer%s</dd>\n</dl>\n",
        f->messages, f->threads, f->threads == 1 ? "" : "s", f->people,
        f->independent_people, f->organisations, f->supporters,
        f->supporters == 1 ? "" : "s", f->objectors,
        f->objectors == 1 ? "" : "s", f->impl_pointers,
        f->impl_pointers == 1 ? "" : "s");
    g_string_append (out, "<nav aria-label=\"On this page\" class=\"note\">"
                          "<a href=\"#timeline\">Activity</a> \xc2\xb7 "
                          "<a href=\"#score\">Score</a> \xc2\xb7 "
                          "<a href=\"#participants\">Participants</a> "
                          "\xc2\xb7 <a href=\"#stances\">Stances</a> \xc2\xb7 "
                          "<a href=\"#checklist\">Checklist</a> \xc2\xb7 "
                          "<a href=\"#threads\">Threads</a></nav>\n");
    timeline (site, out, p);
    score_breakdown (out, p);
    participants_table (site, out, parts);
    stances (site, out, p, parts);
    checklist (site, out, p);
    threads_section (site, out, p);
    page_end (site, out);
    return write_page (site, g_hash_table_lookup (site->files, p), out,
                       error);
}

/* ------------------------------------------------------------------ */
/* people.html                                                          */
/* ------------------------------------------------------------------ */

/* On a real list the most active people took part in dozens of
 * proposals, and a row listing them all ran several screens tall: a row
 * shows this many, and the rest behind a <details> (no script needed).
 * One more than this is shown whole: "+1 more" saves nothing. */
#define WHERE_SHOWN 3

/* Appends a person's addresses other than the primary one, collapsed. */
static void
other_addresses (GString *out, const MlgPerson *person)
{
    guint n = 0;

    if (person->addresses == NULL || person->addresses->len < 2)
        return;
    for (guint i = 0; i < person->addresses->len; i++)
        n += g_strcmp0 (person->addresses->pdata[i], person->address) != 0;
    g_string_append_printf (out, "<details class=\"more\"><summary>+%u more "
                                 "address%s</summary><span class=\"sub "
                                 "addr\">",
                            n, n == 1 ? "" : "es");
    for (guint i = 0, shown = 0; i < person->addresses->len; i++) {
        if (g_strcmp0 (person->addresses->pdata[i], person->address) == 0)
            continue;
        if (shown++ > 0)
            g_string_append (out, "<br>");
        clipped (out, person->addresses->pdata[i], CLIP_NAME);
    }
    g_string_append (out, "</span></details>");
}

static bool
write_people (Site *site, GError **error)
{
    const GPtrArray *people = mlg_analysis_get_people (site->analysis);
    g_autoptr (GString) out = g_string_new (NULL);

    page_begin (site, out, "People");
    g_string_append_printf (
        out,
        "<h1>People</h1>\n<p class=\"note\">The %u people who wrote in the "
        "window about the ranked proposals, by messages. Addresses that "
        "share a display name are merged.</p>\n"
        "<p class=\"scroll-hint\" aria-hidden=\"true\">The table has more "
        "columns to the right: scroll it sideways \xe2\x86\x92</p>\n"
        "<div class=\"scroll\" role=\"region\" aria-labelledby=\"people-"
        "caption\" tabindex=\"0\">\n<table class=\"people sortable\">\n"
        "<caption id=\"people-caption\">Who engaged where</caption>\n"
        "<thead><tr><th scope=\"col\">Person</th>"
        "<th scope=\"col\">Organisation</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\">Messages</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\">Threads</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\">Proposals</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\">Supports</th>"
        "<th scope=\"col\" class=\"n\" data-type=\"number\">Objects</th>"
        "<th scope=\"col\"><abbr title=\"first and last message; sorts "
        "by the last\">Active</abbr></th>"
        "<th scope=\"col\" data-nosort>Where (role, messages, stance)</th>"
        "</tr></thead>\n<tbody>\n",
        people->len);
    for (guint i = 0; i < people->len; i++) {
        const MlgPerson *person = people->pdata[i];
        GPtrArray *where = g_hash_table_lookup (site->person_parts, person);
        g_autofree char *last = mlg_format_time (person->last, MLG_TIME_ISO);

        g_string_append_printf (out, "<tr id=\"person-%u\"><th scope=\"row\">"
                                     "<span class=\"m\"",
                                i + 1);
        clip_title (out, person_name (person), CLIP_NAME);
        g_string_append (out, ">");
        clipped (out, person_name (person), CLIP_NAME);
        g_string_append (out, "</span>");
        if (person->chair)
            g_string_append (out, " <span class=\"badge role-chair\">chair"
                                  "</span>");
        g_string_append (out, "<span class=\"sub addr\">");
        clipped (out, person->address, CLIP_NAME);
        g_string_append (out, "</span>");
        other_addresses (out, person);
        g_string_append (out, "</th><td class=\"org\">");
        clipped (out, person->org, CLIP_NAME);
        g_string_append (out, "</td>");
        td_uint (out, person->messages);
        td_uint (out, person->threads);
        td_uint (out, person->proposals);
        td_uint (out, person->supports);
        td_uint (out, person->objections);
        g_string_append_printf (out, "<td class=\"date\" data-sort=\"%s\">",
                                last != NULL ? last : "");
        time_el (out, person->first, false);
        g_string_append (out, "<br>");
        time_el (out, person->last, false);
        g_string_append (out, "</td><td>");
        for (guint k = 0; where != NULL && k < where->len; k++) {
            const PersonPart *pp = where->pdata[k];

            if (k == WHERE_SHOWN && where->len > WHERE_SHOWN + 1)
                g_string_append_printf (out,
                                        "<details class=\"more\"><summary>"
                                        "+%u more proposals</summary>",
                                        where->len - k);
            else if (k > 0)
                g_string_append (out, "<br>");
            proposal_link (site, out, pp->proposal);
            g_string_append_printf (out, " <span class=\"muted\">(%s, %u)"
                                         "</span>",
                                    mlg_role_to_string (pp->part->role),
                                    pp->part->messages);
            if (pp->part->stance != MLG_STANCE_NONE)
                g_string_append_printf (out, " %s",
                                        stance_label (pp->part->stance));
        }
        if (where != NULL && where->len > WHERE_SHOWN + 1)
            g_string_append (out, "</details>");
        g_string_append (out, "</td></tr>\n");
    }
    g_string_append (out, "</tbody>\n</table>\n</div>\n");
    page_end (site, out);
    return write_page (site, "people.html", out, error);
}

/* ------------------------------------------------------------------ */

bool
mlg_report_html_write_dir (MlgAnalysis *analysis, const char *dir,
                           GError **error)
{
    g_autoptr (MlgReportDir) rd = NULL;
    Site site;
    bool ok;

    g_return_val_if_fail (analysis != NULL && dir != NULL, false);
    rd = _mlg_report_dir_begin (dir, _mlg_html_owns, error);
    if (rd == NULL)
        return false;
    ok = site_init (&site, analysis, rd, error);
    /* index.html last: it is renamed into place last, once every page it
     * links to is there. */
    for (guint i = 0; ok && i < site.proposals->len; i++)
        ok = write_proposal (&site, i, error);
    ok = ok && write_people (&site, error) && write_index (&site, error)
         && _mlg_report_dir_commit (rd, error);
    site_clear (&site);
    return ok;
}
