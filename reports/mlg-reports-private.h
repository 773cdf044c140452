/* mlg-reports-private.h - what the report writers share. Private to
 * reports/ (and its unit tests). */
#pragma once

#include "mlg-reports.h"

G_BEGIN_DECLS

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

G_END_DECLS
