/* mlg-json-values.c - the values every JSON output is built from, so
 * that a date, a missing string or a rounded number reads the same in the
 * report, check, show, search and stats. */
#include "mlg-reports-private.h"

#include <math.h>

void
_mlg_json_add_string (JsonBuilder *b, const char *key, const char *value)
{
    json_builder_set_member_name (b, key);
    if (value != NULL)
        json_builder_add_string_value (b, value);
    else
        json_builder_add_null_value (b);
}

void
_mlg_json_add_text (JsonBuilder *b, const char *key, const char *value)
{
    json_builder_set_member_name (b, key);
    json_builder_add_string_value (b, value != NULL ? value : "");
}

void
_mlg_json_add_int (JsonBuilder *b, const char *key, gint64 value)
{
    json_builder_set_member_name (b, key);
    json_builder_add_int_value (b, value);
}

void
_mlg_json_add_double (JsonBuilder *b, const char *key, double value,
                      int decimals)
{
    double scale = pow (10, decimals);

    json_builder_set_member_name (b, key);
    json_builder_add_double_value (b, round (value * scale) / scale);
}

void
_mlg_json_add_bool (JsonBuilder *b, const char *key, bool value)
{
    json_builder_set_member_name (b, key);
    json_builder_add_boolean_value (b, value);
}

void
_mlg_json_add_date (JsonBuilder *b, const char *key, gint64 t)
{
    g_autofree char *text = mlg_format_time (t, MLG_TIME_ISO);

    _mlg_json_add_string (b, key, text);
}

void
_mlg_json_add_strings (JsonBuilder *b, const char *key,
                       const GPtrArray *strings)
{
    json_builder_set_member_name (b, key);
    json_builder_begin_array (b);
    for (guint i = 0; strings != NULL && i < strings->len; i++)
        json_builder_add_string_value (b, strings->pdata[i]);
    json_builder_end_array (b);
}
