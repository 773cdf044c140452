/* mlg-formats.c - the report formats by name: the one table `report
 * --format` is checked against and dispatched through, so that a new
 * format is one row here rather than a test more in every caller. */
#include "mlg-reports.h"

#include <string.h>

/* CSV to a stream is the proposals table alone: a pipe holds one file. */
static const MlgReportFormat formats[] = {
    { "csv", mlg_report_csv_write_dir, mlg_report_csv_proposals },
    { "json", mlg_report_json_write_dir, mlg_report_json_write },
    { "html", mlg_report_html_write_dir, NULL },
};

const MlgReportFormat *
mlg_report_format_find (const char *name)
{
    for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (formats); i++)
        if (strcmp (formats[i].name, name) == 0)
            return &formats[i];
    return NULL;
}
