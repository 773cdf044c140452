/* mlg-chart.c - the geometry of the HTML report's SVG charts: sparklines
 * and stacked weekly bars. Kept apart from the page writer so that the
 * numbers can be unit-tested without parsing SVG. */
#include "mlg-reports-private.h"

guint
mlg_chart_nice_max (guint max)
{
    guint step = 1;

    /* An axis ending at 1, 2 or 5 times a power of ten reads at a
     * glance; stop before overflowing for absurd inputs. */
    while (step <= G_MAXUINT / 10) {
        if (max <= step)
            return step;
        if (max <= 2 * step)
            return 2 * step;
        if (max <= 5 * step)
            return 5 * step;
        step *= 10;
    }
    return max;
}

#define DAY_SECONDS ((gint64) 24 * 3600)

MlgBin
mlg_chart_choose_bin (gint64 first, gint64 last)
{
    gint64 days = (MAX (first, last) - MIN (first, last)) / DAY_SECONDS;

    if (days <= 366)
        return MLG_BIN_WEEK;
    if (days <= 4 * 366)
        return MLG_BIN_MONTH;
    if (days <= 12 * 366)
        return MLG_BIN_QUARTER;
    return MLG_BIN_YEAR;
}

const char *
mlg_chart_bin_name (MlgBin bin)
{
    switch (bin) {
    case MLG_BIN_WEEK:
        return "week";
    case MLG_BIN_MONTH:
        return "month";
    case MLG_BIN_QUARTER:
        return "quarter";
    case MLG_BIN_YEAR:
        return "year";
    }
    return "week";
}

char *
mlg_chart_bin_label (MlgBin bin, gint64 start)
{
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (start);

    if (dt == NULL)
        return g_strdup ("?");
    switch (bin) {
    case MLG_BIN_MONTH:
        return g_date_time_format (dt, "%Y-%m");
    case MLG_BIN_QUARTER:
        return g_strdup_printf ("%d-Q%d", g_date_time_get_year (dt),
                                (g_date_time_get_month (dt) - 1) / 3 + 1);
    case MLG_BIN_YEAR:
        return g_date_time_format (dt, "%Y");
    default: {
        g_autofree char *day = mlg_format_time (start, MLG_TIME_DAY);

        return g_strconcat ("week of ", day != NULL ? day : "?", NULL);
    }
    }
}

/* Numbers use '.' whatever the locale, and one decimal is finer than a
 * pixel, so the same data always gives the same bytes. */
static void
append_number (GString *out, double d)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.1f", d));
}

char *
mlg_chart_sparkline_points (const guint *values, guint n, guint scale_max,
                            double width, double height)
{
    GString *out;
    guint max = scale_max;
    /* A point every two units is as fine as a sparkline shows; a proposal
     * discussed for years has hundreds of weeks, and a point for each
     * would make the index page grow with the age of the archive rather
     * than with what a reader can see. */
    guint points = MIN (n, MAX (2, (guint) (width / 2)));

    g_return_val_if_fail (n == 0 || values != NULL, NULL);
    out = g_string_new (NULL);
    for (guint i = 0; i < n; i++)
        max = MAX (max, values[i]);
    if (max == 0)
        max = 1;
    for (guint i = 0; i < points; i++) {
        /* One point is drawn as a flat line across the box. */
        guint repeat = points == 1 ? 2 : 1;
        /* Point i stands for values [first, last): the largest of them,
         * so that a busy week is never averaged away. */
        guint first = (guint) ((guint64) i * n / points);
        guint last = (guint) ((guint64) (i + 1) * n / points);
        guint value = 0;

        for (guint k = first; k < last; k++)
            value = MAX (value, values[k]);
        for (guint r = 0; r < repeat; r++) {
            double x = points == 1 ? r * width : i * width / (points - 1);
            /* Half a pixel of margin at each end keeps a 1px stroke
             * inside the box. */
            double y = (height - 1) - value * (height - 2) / max;

            if (out->len > 0)
                g_string_append_c (out, ' ');
            append_number (out, x);
            g_string_append_c (out, ',');
            append_number (out, y);
        }
    }
    return g_string_free (out, FALSE);
}

GArray *
mlg_chart_stacked_bars (const guint *values, guint n_bars, guint n_series,
                        guint scale_max, double width, double height)
{
    GArray *rects;
    double slot = n_bars > 0 ? width / n_bars : 0;
    guint max = scale_max;

    g_return_val_if_fail (n_series > 0, NULL);
    g_return_val_if_fail (n_bars == 0 || values != NULL, NULL);
    rects = g_array_sized_new (FALSE, TRUE, sizeof (MlgChartRect),
                               n_bars * n_series);
    for (guint i = 0; i < n_bars * n_series; i++)
        if (i % n_series == 0) {
            guint sum = 0;

            for (guint s = 0; s < n_series; s++)
                sum += values[i + s];
            max = MAX (max, sum);
        }
    if (max == 0)
        max = 1;
    for (guint b = 0; b < n_bars; b++) {
        double base = height;

        for (guint s = 0; s < n_series; s++) {
            MlgChartRect r;

            /* A tenth of the slot on each side separates the weeks. */
            r.x = b * slot + slot * 0.1;
            r.width = slot * 0.8;
            r.height = values[b * n_series + s] * height / max;
            r.y = base - r.height;
            base = r.y;
            g_array_append_val (rects, r);
        }
    }
    return rects;
}
