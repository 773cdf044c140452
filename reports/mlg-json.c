/* mlg-json.c - JSON output (json-glib): the one writer every command's
 * `--format json` uses. */
#include "mlg-reports.h"

#include <errno.h>
#include <string.h>

bool
mlg_json_write (JsonNode *node, FILE *out, GError **error)
{
    g_autoptr (JsonGenerator) generator = json_generator_new ();
    g_autofree char *text = NULL;
    gsize length = 0;

    json_generator_set_root (generator, node);
    json_generator_set_pretty (generator, TRUE);
    json_generator_set_indent (generator, 2);
    text = json_generator_to_data (generator, &length);
    if (fwrite (text, 1, length, out) != length || fputc ('\n', out) == EOF
        || fflush (out) != 0) {
        int saved = errno;
        g_set_error (error, MLG_REPORT_ERROR, MLG_ERROR_IO,
                     "cannot write JSON: %s", g_strerror (saved));
        return false;
    }
    return true;
}
