/* mlg-reports.h - the public interface of the report writers. Writers
 * take an analysis that has run (mlg_analysis_run()) and never touch the
 * store. Output is deterministic: the same analysis gives the same bytes.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>


#include "mlg-analysis.h"

G_BEGIN_DECLS

/* Codes: MlgErrorCode (IO when a file cannot be written). */
#define MLG_REPORT_ERROR (mlg_report_error_quark ())
GQuark mlg_report_error_quark (void);

/* ------------------------------------------------------------------ */
/* CSV                                                                  */
/* ------------------------------------------------------------------ */

/* CSV files are RFC 4180 (libcsv's csv_fwrite: every cell quoted, quotes
 * doubled, CRLF line ends), UTF-8, with a header row and these columns:
 *
 * proposals.csv: rank,proposal,kind,draft,latest_revision,lists,threads,
 *   messages,people,independent_people,organisations,supporters,objectors,
 *   chairs_cc,chairs_replied,revisions_in_window,impl_pointers,checklist,
 *   checklist_missing,first_reply_hours,first,last,proponents,score,id
 *   (`proponents` starts with MLG_PROPONENT_UNKNOWN when the opening is
 *   not archived; `id` is MlgProposal.id; `independent_people` counts
 *   everyone but the proponents, chairs included)
 * threads.csv: thread,proposal,subject,lists,messages,people,first,last,
 *   root_from
 * people.csv: person,addresses,organisation,messages,threads,proposals,
 *   supports,objections,first,last
 *
 * Multi-valued cells are ';'-separated; dates are ISO 8601 UTC
 * (2024-03-01T08:00:00Z), empty when unknown; `checklist` is "N/8" and
 * `checklist_missing` names the missing items (mlg_checklist_item_to_string);
 * `latest_revision` has two digits ("03"), empty when unknown;
 * `first_reply_hours` has one decimal, empty when nobody replied; `score`
 * has two decimals. Rows come in report order (see mlg-analysis.h).
 *
 * A text cell that a spreadsheet would evaluate as a formula (one starting
 * with '=', '+', '-', '@', a tab or a carriage return) is neutralised by
 * prefixing a single quote ('), the usual OWASP advice; the rest of the
 * text is unchanged. Number cells (counts, first_reply_hours, score) are
 * mlgauge's own and are never prefixed: a negative score is "-90.11". */

/* Every writer into a directory (`*_write_dir`) creates `dir` when
 * absent, writes its files into a private staging directory inside it
 * (fresh names, never a name someone could have planted), and renames
 * them into place only when all of them are written and synced, taking
 * turns with any other mlgauge writing the same directory. A failure
 * leaves the previous report as it was. Then the files an earlier run of
 * the same writer left there that this run did not write are removed
 * (only names this writer makes: a user's files and the other formats'
 * stay), so the directory holds one run. */

/* A report format, as `report --format` names it. */
typedef struct {
    const char *name; /* "csv", "json", "html" */
    /* Writes the format's files into `dir` (see each writer below). */
    bool (*write_dir) (MlgAnalysis *analysis, const char *dir,
                       GError **error);
    /* Writes the format to a stream (`--out -`), or NULL when it is a
     * directory of files only (HTML). */
    bool (*write_stream) (MlgAnalysis *analysis, FILE *out, GError **error);
} MlgReportFormat;

/* Returns: (transfer none) (nullable) the format called `name`
 * (nullable), or NULL when there is none. Static: valid for ever. */
const MlgReportFormat *mlg_report_format_find (const char *name);

/* Writes proposals.csv, threads.csv and people.csv into `dir`, as above.
 * Errors: MLG_REPORT_ERROR IO. */
bool mlg_report_csv_write_dir (MlgAnalysis *analysis, const char *dir,
                               GError **error);

/* Write one table to `out` (borrowed, not closed): proposals.csv is
 * `report --out -`; the fuzzer of the analysis writes all three.
 * Errors: MLG_REPORT_ERROR IO when writing fails. */
bool mlg_report_csv_proposals (MlgAnalysis *analysis, FILE *out,
                               GError **error);
bool mlg_report_csv_threads (MlgAnalysis *analysis, FILE *out,
                             GError **error);
bool mlg_report_csv_people (MlgAnalysis *analysis, FILE *out,
                            GError **error);

/* ------------------------------------------------------------------ */
/* JSON                                                                 */
/* ------------------------------------------------------------------ */

/* Every command's `--format json` is written by these writers, to `out`
 * (borrowed, not closed), as pretty-printed UTF-8 JSON (two-space indent)
 * ending in a newline, so all outputs look alike; every control
 * character is escaped, C1 included (\u009b), so that JSON printed on a
 * terminal cannot drive it. Errors: MLG_REPORT_ERROR IO when writing
 * fails. */

/* The report as JSON: the same data as the three CSV files, nested, with
 * typed values: numbers are JSON numbers (`score`, the breakdown and
 * `first_reply_hours` rounded as in the CSV), multi-valued cells are
 * arrays, unknown values (a date, a revision, a draft, a first reply) are
 * null. Keys and order:
 *
 *   { "generated": ISO date of the analysis's `now` (--now),
 *     "window": { "since": ISO or null, "until": ISO or null },
 *     "lists": [ lists of the reported proposals, sorted ],
 *     "proposals": [ in report order, each mlg_report_json_proposal()
 *                    without detail ],
 *     "people": [ people.csv rows: person, addresses [], organisation,
 *                 messages, threads, proposals, supports, objections,
 *                 first, last ] }
 *
 * A proposal: the proposals.csv columns (rank, proposal, kind, draft,
 * latest_revision as a number, lists [], thread_count, messages, people,
 * ..., checklist as the number of items given, checklist_given [],
 * checklist_missing [], first_reply_hours, first, last, proponents [],
 * score, id), "opening_missing" (bool), then "score_breakdown": { term:
 * weight * value } (keys of mlg_score_term_to_string()), then "threads":
 * [ threads.csv rows: thread, proposal, subject, lists [], message_count,
 * people, first, last, root_from; then "joined" (why it is in the
 * proposal, mlg_thread_describe_join(); null for the first) and
 * "opening_missing" (bool) ]. Where a count and its list meet, the count is renamed:
 * proposals.csv `threads` is `thread_count`, threads.csv `messages` is
 * `message_count`.
 *
 * With `detail`, a proposal also has "opening" (the opening mail's id),
 * "participants" [ { person, organisation, role, messages, threads,
 * stance ("support", "objection" or null), quote, stance_message, first,
 * last } ] (mlg_proposal_get_participants()), "activity" [ { week
 * (Monday, YYYY-MM-DD), independent, proponent, chair, automated } ] from
 * the first to the last activity, and each thread has "messages" [ { id,
 * date, from, role, subject, parent (id or null), permalink, in_scope,
 * stance } ] for all its messages, by date. The rank is null for a
 * proposal that is not reported. */

/* Writes the report to `out` (borrowed, not closed), as above.
 * Errors: MLG_REPORT_ERROR IO. */
bool mlg_report_json_write (MlgAnalysis *analysis, FILE *out,
                            GError **error);

/* Writes the report into `dir`/report.json, as the CSV writer does.
 * Errors: MLG_REPORT_ERROR IO. */
bool mlg_report_json_write_dir (MlgAnalysis *analysis, const char *dir,
                                GError **error);

/* One proposal as a JSON object, as described above (`show --format
 * json`, with `detail`). */
bool mlg_report_json_proposal_write (MlgAnalysis *analysis,
                                     const MlgProposal *proposal, bool detail,
                                     FILE *out, GError **error);

/* The JSON of `mlgauge check` (shape in the README): `check`, with its
 * profile's advice for each missing checklist item and its next steps,
 * the same record the text of `check` shows. Senders are named, dates
 * written and hours rounded as in the report (first_reply_hours). */
bool mlg_report_json_check_write (MlgAnalysis *analysis,
                                  const MlgProposalCheck *check, FILE *out,
                                  GError **error);

/* ------------------------------------------------------------------ */
/* HTML                                                                 */
/* ------------------------------------------------------------------ */

/* Writes the HTML report into `dir` (created when absent):
 *   index.html   the window, lists, generation time (the analysis' `now`,
 *                never the wall clock), the ranked and sortable proposals
 *                table with a weekly-activity sparkline per row, and the
 *                administrative threads in a collapsed section;
 *   p-SLUG-HASH.html  one page per reported proposal, named by its id
 *                (MlgProposal.id): weekly timeline by role, score
 *                breakdown, participants, stances, checklist, threads as
 *                reply trees linking to permalinks;
 *   people.html  who engaged where.
 * Pages are self-contained (inline CSS, SVG and JavaScript from
 * reports/assets, embedded with GResource; a Content-Security-Policy
 * allows only those) and readable without JavaScript. Every string that
 * came from mail is escaped with mlg_html_escape(), and only http/https
 * URLs become links. The pages are written as the CSV writer writes its
 * files, index.html last. Output is deterministic for the same analysis.
 * Errors: MLG_REPORT_ERROR IO. */
bool mlg_report_html_write_dir (MlgAnalysis *analysis, const char *dir,
                                GError **error);


/* ------------------------------------------------------------------ */
/* JSON of search and stats                                             */
/* ------------------------------------------------------------------ */

/* The JSON of `mlgauge search`: the query, the total number of matches,
 * the page asked for and one object per message returned (shape in the
 * README). */
bool mlg_json_search_write (const char *query,
                            const MlgSearchResults *results, guint offset,
                            guint limit, FILE *out, GError **error);

/* The JSON of `mlgauge stats` (shape in the README). */
bool mlg_json_stats_write (const char *database, const MlgStoreStats *stats,
                           FILE *out, GError **error);

/* ------------------------------------------------------------------ */
/* Text for a terminal (mlg-terminal.c)                                     */
/* ------------------------------------------------------------------ */

/* How text is written: the caller decides (from isatty, NO_COLOR,
 * --color and the locale); the text writers below only apply it. */
typedef struct {
    bool color; /* ANSI colours */
    bool utf8;  /* the terminal takes UTF-8: ✓, ✗, "…", sparklines */
} MlgTextStyle;

/* Returns: (transfer full) mail-derived `text` (nullable) safe to print:
 * valid UTF-8, whole escape sequences and other control characters (C0,
 * DEL, C1, bidirectional overrides) removed, tabs and line breaks as
 * spaces. The one rule for every text from mail (or a file name) that is
 * printed on a terminal; JSON output is escaped instead. */
char *mlg_text_clean (const char *text);

/* The text of `mlgauge search`: one line per message returned, DATE
 * LISTS SENDER SUBJECT ID separated by tabs (the README's format). False
 * with MLG_ERROR_IO when `out` cannot be written. */
bool mlg_text_search_write (const MlgSearchResults *results, FILE *out,
                            GError **error);

/* The text of `mlgauge stats`: one `key: value` a line (the README's
 * keys). False with MLG_ERROR_IO when `out` cannot be written. */
bool mlg_text_stats_write (const char *database, const MlgStoreStats *stats,
                           FILE *out, GError **error);

/* The text of `mlgauge check` in `style`: a ✓/✗ line per finding, then
 * the next steps (the README's example). False with MLG_ERROR_IO when
 * `out` cannot be written. */
bool mlg_text_check_write (const MlgTextStyle *style, MlgAnalysis *analysis,
                           const MlgProposalCheck *check, FILE *out,
                           GError **error);

/* The text of `mlgauge show --message`: the stored facts of one message,
 * one `key: value` a line, then what `analysis` (nullable) made of it
 * (its proposal and stance on it). False with MLG_ERROR_IO when `out`
 * cannot be written. */
bool mlg_text_message_write (const MlgMessageFacts *facts,
                             MlgAnalysis *analysis, FILE *out,
                             GError **error);

/* The text of `mlgauge show PROPOSAL` in `style`: summary, features and
 * their points, participants, stances, threads and weekly activity (the
 * README's example). False with MLG_ERROR_IO when `out` cannot be
 * written. */
bool mlg_text_proposal_write (const MlgTextStyle *style,
                              MlgAnalysis *analysis, const MlgProposal *p,
                              FILE *out, GError **error);

G_END_DECLS
