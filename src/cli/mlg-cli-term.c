/* mlg-cli-term.c - deciding the text style of standard output: whether
 * to colour and whether the terminal takes UTF-8. The rules that apply a
 * style (escapes, marks, safe text) are the report writers'
 * (reports/mlg-terminal.c). */
#include "mlg-commands.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool
mlg_cli_term_init (MlgTextStyle *term, const char *color)
{
    const char *t = g_getenv ("TERM");
    const char *charset = NULL;

    term->utf8 = g_get_charset (&charset);
    if (color == NULL || strcmp (color, "auto") == 0)
        term->color = isatty (STDOUT_FILENO)
                      && (t == NULL || strcmp (t, "dumb") != 0)
                      && g_getenv ("NO_COLOR") == NULL;
    else if (strcmp (color, "always") == 0)
        term->color = true;
    else if (strcmp (color, "never") == 0)
        term->color = false;
    else
        return false;
    return true;
}
