/* mlg-reports.h - the public interface of the report writers. Writers
 * take an analysis that has run (mlg_analysis_run()) and never touch the
 * store. Output is deterministic: the same analysis gives the same bytes.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

#include <json-glib/json-glib.h>

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
 *   checklist_missing,first_reply_hours,first,last,proponents,score
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
 * A cell that a spreadsheet would evaluate as a formula (one starting with
 * '=', '+', '-', '@', a tab or a carriage return) is neutralised by
 * prefixing a single quote ('), the usual OWASP advice; the rest of the
 * text is unchanged. */

/* Writes proposals.csv, threads.csv and people.csv into `dir` (created
 * when absent). Each file is written under a temporary name and renamed,
 * so a failure never leaves a half-written report.
 * Errors: MLG_REPORT_ERROR IO. */
bool mlg_report_csv_write_dir (MlgAnalysis *analysis, const char *dir,
                               GError **error);

/* Write one table to `out` (borrowed, not closed).
 * Errors: MLG_REPORT_ERROR IO when writing fails. */
bool mlg_report_csv_proposals (MlgAnalysis *analysis, FILE *out,
                               GError **error);
bool mlg_report_csv_threads (MlgAnalysis *analysis, FILE *out,
                             GError **error);
bool mlg_report_csv_people (MlgAnalysis *analysis, FILE *out,
                            GError **error);

/* Returns: (transfer full) `text` as it goes into a cell: neutralised as
 * described above. */
char *mlg_csv_neutralise (const char *text);

/* ------------------------------------------------------------------ */
/* JSON                                                                 */
/* ------------------------------------------------------------------ */

/* Writes `node` to `out` (borrowed, not closed) as pretty-printed UTF-8
 * JSON (two-space indent) ending in a newline. Every command's
 * `--format json` goes through here, so all outputs look alike.
 * Errors: MLG_REPORT_ERROR IO when writing fails. */
bool mlg_json_write (JsonNode *node, FILE *out, GError **error);

G_END_DECLS
