/* mlg-reports-private.h - what the report writers share. Private to
 * reports/ (and its unit tests). */
#pragma once

#include "mlg-reports.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ---- JSON values (mlg-json-values.c): one member of the object being
 * built ---- */

/* `value`, or null when it is NULL. */
void _mlg_json_add_string (JsonBuilder *b, const char *key, const char *value);
/* `value`, or "" when it is NULL (search and stats: a field the store
 * left empty). */
void _mlg_json_add_text (JsonBuilder *b, const char *key, const char *value);
void _mlg_json_add_int (JsonBuilder *b, const char *key, gint64 value);
/* Rounded the way the CSV prints it (`decimals`), so that both formats
 * carry the same value. */
void _mlg_json_add_double (JsonBuilder *b, const char *key, double value,
                           int decimals);
void _mlg_json_add_bool (JsonBuilder *b, const char *key, bool value);
/* ISO 8601 UTC, null when unknown (0, as the CSV leaves it empty). */
void _mlg_json_add_date (JsonBuilder *b, const char *key, gint64 t);
/* An array of the strings (a NULL array is empty). */
void _mlg_json_add_strings (JsonBuilder *b, const char *key,
                            const GPtrArray *strings);

/* ---- JSON: the nodes behind the public writers (json-glib stays out
 * of the public header) ---- */

/* Writes `node` to `out` (borrowed, not closed) as pretty-printed UTF-8
 * JSON (two-space indent) ending in a newline. Every command's
 * `--format json` goes through here, so all outputs look alike. Every
 * control character is escaped, C1 included (\u009b), so that JSON
 * printed on a terminal cannot drive it.
 * Errors: MLG_REPORT_ERROR IO when writing fails. */
bool mlg_json_write (JsonNode *node, FILE *out, GError **error);

/* Returns: (transfer full) one proposal as a JSON object, as described
 * above (`show --format json` uses it with `detail`). */
JsonNode *mlg_report_json_proposal (MlgAnalysis *analysis,
                                    const MlgProposal *proposal,
                                    bool detail);

/* Returns: (transfer full) the JSON of `mlgauge check` (shape in the
 * README): `check`, with its profile's advice for each missing checklist
 * item and its next steps, the same record the text of `check` shows.
 * Senders are named, dates written and hours rounded as in the report
 * (first_reply_hours). */
JsonNode *mlg_report_json_check (MlgAnalysis *analysis,
                                 const MlgProposalCheck *check);

/* The JSON of `mlgauge search`: the query, the total number of matches,
 * the page asked for and one object per message returned (shape in the
 * README). Returns: (transfer full) the node. */
JsonNode *mlg_json_search (const char *query, const MlgSearchResults *results,
                           guint offset, guint limit);

/* The JSON of `mlgauge stats` (shape in the README).
 * Returns: (transfer full) the node. */
JsonNode *mlg_json_stats (const char *database, const MlgStoreStats *stats);


/* The files of one report being written into a directory (every
 * writer's --out; see mlg-report-dir.c for how). Files are written into
 * a private staging directory inside `dir` and nothing in `dir` changes
 * until _mlg_report_dir_commit() renames them all into place; freeing an
 * uncommitted MlgReportDir removes what was written, so the previous
 * report stays as it was. Errors: MLG_REPORT_ERROR IO, naming the file
 * (or the directory). */
typedef struct _MlgReportDir MlgReportDir;

/* Whether `name` is a file this writer makes (e.g. "index.html",
 * "p-...-0123abcdef.html"): the files of an earlier run of the same
 * writer that this run did not write are removed at the commit; nothing
 * else in the directory is ever touched. */
typedef bool (*MlgReportOwnsFunc) (const char *name);

/* Creates `dir` and its parents when absent, and a staging directory in
 * it, for a writer whose file names `owns` recognises.
 * Returns: (transfer full) the writer, or NULL with `error` set. */
MlgReportDir *_mlg_report_dir_begin (const char *dir, MlgReportOwnsFunc owns,
                                     GError **error);

/* Creates the file `name` (a plain name, no '/', not starting with '.',
 * one `owns` recognises; each name once) in the staging directory. Returns: (transfer none) a
 * stream to write it, valid until _mlg_report_dir_close(); NULL with
 * `error` set. One file is open at a time. */
FILE *_mlg_report_dir_open (MlgReportDir *rd, const char *name,
                            GError **error);

/* Flushes, syncs and closes `out`, the file last opened.
 * Returns: false with `error` set when any of its writes failed. */
bool _mlg_report_dir_close (MlgReportDir *rd, FILE *out, GError **error);

/* Writes `length` bytes of `data` as the file `name` (open, write,
 * close). */
bool _mlg_report_dir_add (MlgReportDir *rd, const char *name,
                          const char *data, gsize length, GError **error);

/* Renames every file written into `dir`, in the order they were written,
 * then removes the files an earlier run of this writer left that this
 * run did not write (see MlgReportOwnsFunc), holding the directory's lock
 * so that overlapping runs take turns, and syncs the directory. All or
 * nothing: when a step fails, the steps done are undone and `dir` holds
 * the previous report's files, all of them. Call at most once. */
bool _mlg_report_dir_commit (MlgReportDir *rd, GError **error);

/* For tests: makes every later commit fail (EIO) at its `n`th rename
 * (1-based; 0 turns it off), as a full or failing disk would, so that a
 * test can see the report left all old. */
void _mlg_report_dir_fail_rename_at (guint n);

/* Removes whatever was not committed, and the staging directory. */
void _mlg_report_dir_free (MlgReportDir *rd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgReportDir, _mlg_report_dir_free)

/* The file names each writer makes (MlgReportOwnsFunc). */
bool _mlg_csv_owns (const char *name);
bool _mlg_json_owns (const char *name);
bool _mlg_html_owns (const char *name);

/* Used by the writers and their unit tests only. */

/* Returns: (transfer full) `text` as it goes into a cell: neutralised as
 * described in mlg-reports.h. */
char *mlg_csv_neutralise (const char *text);

/* Returns: (transfer full) `text` (nullable: "") safe in HTML text and in
 * quoted attribute values: invalid UTF-8 repaired, bidirectional
 * embedding/override/isolate controls (U+202A-U+202E, U+2066-U+2069)
 * replaced by U+FFFD so a subject cannot reorder the page around it, then
 * g_markup_escape_text() (& < > " ' and control characters). */
char *mlg_html_escape (const char *text);

/* Returns: true when `url` (nullable) may become a link: an absolute
 * http or https URL with a host, that GUri parses. Anything else
 * (javascript:, data:, relative, with spaces...) is shown as text. */
bool mlg_html_url_is_safe (const char *url);

/* Returns: (transfer full) mlg_proposal_make_id (name, NULL) + ".html":
 * "p-" + a slug (ASCII transliteration, lowercase [a-z0-9-], at most 40
 * characters, "proposal" when empty) + "-" + the first 10 hex digits of
 * SHA-256 (name) + ".html". No mail text reaches the file system
 * unfiltered. The report writes each proposal's page under its id
 * (MlgProposal.id + ".html"), which is unique, so pages never collide. */
char *mlg_html_file_name (const char *name);

/* ------------------------------------------------------------------ */
/* Chart geometry (the SVG of the HTML report)                          */
/* ------------------------------------------------------------------ */

/* One rectangle, in SVG user units (y grows downwards). */
typedef struct {
    double x;
    double y;
    double width;
    double height;
} MlgChartRect;

/* Returns: the smallest of 1, 2, 5, 10, 20, 50, ... that is >= `max`
 * (1 for 0): the top of a chart's axis. */
guint mlg_chart_nice_max (guint max);

/* Returns: the bin of activity charts over `first`..`last` (seconds):
 * weeks for up to a year, months up to four years, quarters up to twelve,
 * years beyond, so that a chart has at most about 50 bins, about as many
 * as a sparkline can show, and a short burst stays visible in a long
 * report. */
MlgBin mlg_chart_choose_bin (gint64 first, gint64 last);

/* Returns: (transfer none) "week", "month", "quarter" or "year". */
const char *mlg_chart_bin_name (MlgBin bin);

/* Returns: (transfer full) how a bin starting at `start` is named:
 * "week of 2024-03-04", "2024-03", "2024-Q1" or "2024". */
char *mlg_chart_bin_label (MlgBin bin, gint64 start);

/* Returns: (transfer full) the `points` of an SVG polyline drawing
 * `values` (n of them) in a `width` x `height` box: x evenly from 0 to
 * width, y from height - 1 (value 0) up to 1 (the larger of `scale_max`
 * and the largest value), one decimal each ("0.0,19.0 50.0,10.0").
 * At most one point per two units of width: beyond that, each point is
 * the largest of the consecutive values it stands for. A single value is
 * a flat line across the box; no values give "". */
char *mlg_chart_sparkline_points (const guint *values, guint n,
                                  guint scale_max, double width,
                                  double height);

/* Returns: (transfer full) a GArray of MlgChartRect, n_bars * n_series of
 * them in the order of `values` (row-major: bar by bar, series by
 * series): bars evenly spaced across `width` (each 80% of its slot,
 * centred), series stacked upwards from the bottom of a `height` box
 * scaled so that the larger of `scale_max` and the largest bar total
 * fills it. A zero value gives a zero-height rectangle. */
GArray *mlg_chart_stacked_bars (const guint *values, guint n_bars,
                                guint n_series, guint scale_max,
                                double width, double height);


/* ---- text writers (mlg-terminal.c) ---- */

/* Returns: (transfer none) the escape sequence of `code` ("bold", "dim",
 * "green", "red", "yellow", "reset"), or "" without colour. */
const char *mlg_text_sgr (const MlgTextStyle *style, const char *code);

/* Returns: (transfer full) mlg_text_clean (text), trimmed and cut to at
 * most `max` characters (on a character boundary, ending in "…", or
 * "..." when the style is not UTF-8). */
char *mlg_text_shorten (const MlgTextStyle *style, const char *text,
                        glong max);

/* Writes `text` to `out` and pads it with spaces to `width` characters. */
void mlg_text_write_padded (FILE *out, const char *text, glong width);

/* Returns: (transfer full) "12 minutes", "5.8 hours" or "3.2 days"; ""
 * for a negative duration. */
char *mlg_text_format_duration (gint64 seconds);

/* Returns: (transfer full) `t` as ISO 8601 UTC, "" when unknown (0). */
char *_mlg_text_iso_date (gint64 t);

/* Flushes `out`; false with MLG_ERROR_IO ("cannot write the WHAT") when
 * it or any earlier write to it failed. */
bool _mlg_text_finish (FILE *out, const char *what, GError **error);

G_END_DECLS
