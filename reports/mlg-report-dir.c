/* mlg-report-dir.c - the output directory every writer starts from. */
#include "mlg-reports-private.h"

#include <errno.h>

bool
_mlg_report_make_dir (const char *dir, GError **error)
{
    if (g_mkdir_with_parents (dir, 0777) != 0) {
        int saved = errno;
        g_set_error (error, MLG_REPORT_ERROR, MLG_ERROR_IO,
                     "cannot create directory '%s': %s", dir,
                     g_strerror (saved));
        return false;
    }
    return true;
}
