/* mlg-reports-private.h - what the report writers share. Private to
 * reports/ (and its unit tests). */
#pragma once

#include "mlg-reports.h"

G_BEGIN_DECLS

/* Creates `dir` and its parents when absent (every writer's --out).
 * Errors: MLG_REPORT_ERROR IO, naming the directory. */
bool _mlg_report_make_dir (const char *dir, GError **error);

G_END_DECLS
