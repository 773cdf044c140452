/* mlg-csv.c - the CSV report: three tables written with libcsv. */
#include "mlg-reports-private.h"

#include <csv.h>
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

G_DEFINE_QUARK (mlg-report-error-quark, mlg_report_error)

char *
mlg_csv_neutralise (const char *text)
{
    if (text == NULL)
        return g_strdup ("");
    if (strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
        return g_strconcat ("'", text, NULL);
    return g_strdup (text);
}

/* One row being written: cells are separated here, quoted by libcsv. */
typedef struct {
    FILE *out;
    guint cells;
} Row;

static void
cell_raw (Row *row, const char *text)
{
    if (row->cells++ > 0)
        fputc (',', row->out);
    csv_fwrite (row->out, text, strlen (text));
}

/* A text cell: neutralised, since text may come from mail. */
static void
cell (Row *row, const char *text)
{
    g_autofree char *safe = mlg_csv_neutralise (text);

    cell_raw (row, safe);
}

/* Numbers are ours, never mail's, and a spreadsheet must read -90.11 as
 * the number it is: they are written as they are, never with the prefix
 * that turns a text cell into text. */
static void
cell_uint (Row *row, guint64 n)
{
    char buf[32];

    g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, n);
    cell_raw (row, buf);
}

/* Numbers use '.' whatever the locale, so files compare byte for byte. */
static void
cell_double (Row *row, const char *format, double d)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    cell_raw (row, g_ascii_formatd (buf, sizeof buf, format, d));
}

static void
cell_date (Row *row, gint64 t)
{
    g_autofree char *text = mlg_format_time (t, MLG_TIME_ISO);

    cell (row, text != NULL ? text : "");
}

static void
cell_strings (Row *row, const GPtrArray *strings)
{
    g_autoptr (GString) s = g_string_new (NULL);

    for (guint i = 0; strings != NULL && i < strings->len; i++) {
        if (i > 0)
            g_string_append_c (s, ';');
        g_string_append (s, strings->pdata[i]);
    }
    cell (row, s->str);
}

static void
end_row (Row *row)
{
    fputs ("\r\n", row->out);
    row->cells = 0;
}

static void
header (FILE *out, const char *columns)
{
    Row row = { out, 0 };
    g_auto (GStrv) names = g_strsplit (columns, ",", -1);

    for (guint i = 0; names[i] != NULL; i++)
        cell (&row, names[i]);
    end_row (&row);
}

static bool
finish (FILE *out, const char *what, GError **error)
{
    if (fflush (out) != 0 || ferror (out)) {
        int saved = errno;
        g_set_error (error, MLG_REPORT_ERROR, MLG_ERROR_IO,
                     "cannot write %s: %s", what, g_strerror (saved));
        return false;
    }
    return true;
}

static bool
write_proposals (MlgAnalysis *analysis, FILE *out, const char *what,
           GError **error)
{
    const GPtrArray *proposals = mlg_analysis_get_proposals (analysis);
    Row row = { out, 0 };

    header (out, "rank,proposal,kind,draft,latest_revision,lists,threads,"
                 "messages,people,independent_people,organisations,"
                 "supporters,objectors,chairs_cc,chairs_replied,"
                 "revisions_in_window,impl_pointers,checklist,"
                 "checklist_missing,first_reply_hours,first,last,"
                 "proponents,score,id,checklist_profile,requested");
    for (guint i = 0; i < proposals->len; i++) {
        const MlgProposal *p = proposals->pdata[i];
        const MlgFeatures *f = &p->features;
        g_autoptr (GPtrArray) missing = g_ptr_array_new ();
        g_autoptr (GPtrArray) proponents = g_ptr_array_new ();
        g_autofree char *revision = NULL;
        g_autofree char *checklist = NULL;

        for (guint e = 0; e < p->checklist_profile->n_entries; e++)
            if (!(f->checklist & (1u << e)))
                g_ptr_array_add (missing,
                                 (char *) p->checklist_profile->entries[e].id);
        /* A lost opening's author is unknown, and said so. */
        if (p->opening_missing)
            g_ptr_array_add (proponents, (char *) MLG_PROPONENT_UNKNOWN);
        for (guint k = 0; k < p->proponents->len; k++)
            g_ptr_array_add (proponents,
                             (char *) ((MlgPerson *) p->proponents->pdata[k])
                                 ->name);
        revision = f->latest_revision >= 0
                       ? g_strdup_printf ("%02d", f->latest_revision)
                       : g_strdup ("");
        checklist = g_strdup_printf ("%d/%d",
                                     __builtin_popcount (f->checklist),
                                     p->checklist_profile->n_entries);

        cell_uint (&row, p->rank);
        cell (&row, p->name);
        cell (&row, mlg_proposal_kind_to_string (p->kind));
        cell (&row, p->draft != NULL ? p->draft : "");
        cell (&row, revision);
        cell_strings (&row, f->lists);
        cell_uint (&row, f->threads);
        cell_uint (&row, f->messages);
        cell_uint (&row, f->people);
        cell_uint (&row, f->independent_people);
        cell_uint (&row, f->organisations);
        cell_uint (&row, f->supporters);
        cell_uint (&row, f->objectors);
        cell_uint (&row, f->chairs_cc);
        cell_uint (&row, f->chairs_replied);
        cell_uint (&row, f->revisions_in_window);
        cell_uint (&row, f->impl_pointers);
        cell (&row, checklist);
        cell_strings (&row, missing);
        if (f->first_reply >= 0)
            cell_double (&row, "%.1f", f->first_reply / 3600.0);
        else
            cell (&row, "");
        cell_date (&row, f->first);
        cell_date (&row, f->last);
        cell_strings (&row, proponents);
        cell_double (&row, "%.2f", p->score);
        cell (&row, p->id);
        cell (&row, p->checklist_profile->name);
        if (p->opening != NULL)
            cell_date (&row, p->opening->date);
        else
            cell (&row, "");
        end_row (&row);
    }
    return finish (out, what, error);
}

static bool
write_threads (MlgAnalysis *analysis, FILE *out, const char *what,
           GError **error)
{
    const GPtrArray *threads = mlg_analysis_get_threads (analysis);
    Row row = { out, 0 };

    header (out, "thread,proposal,subject,lists,messages,people,first,last,"
                 "root_from");
    for (guint i = 0; i < threads->len; i++) {
        const MlgThread *t = threads->pdata[i];
        const MlgMessage *root = t->root;

        cell (&row, t->id);
        cell (&row, t->proposal != NULL ? t->proposal->name : "");
        cell (&row, root->subject);
        cell_strings (&row, t->lists);
        cell_uint (&row, t->scope_messages);
        cell_uint (&row, t->people);
        cell_date (&row, t->first);
        cell_date (&row, t->last);
        cell (&row, root->person != NULL ? root->person->name
                                         : root->from_addr);
        end_row (&row);
    }
    return finish (out, what, error);
}

static bool
write_people (MlgAnalysis *analysis, FILE *out, const char *what,
           GError **error)
{
    const GPtrArray *people = mlg_analysis_get_people (analysis);
    Row row = { out, 0 };

    header (out, "person,addresses,organisation,messages,threads,proposals,"
                 "supports,objections,first,last");
    for (guint i = 0; i < people->len; i++) {
        const MlgPerson *p = people->pdata[i];

        cell (&row, p->name);
        cell_strings (&row, p->addresses);
        cell (&row, p->org);
        cell_uint (&row, p->messages);
        cell_uint (&row, p->threads);
        cell_uint (&row, p->proposals);
        cell_uint (&row, p->supports);
        cell_uint (&row, p->objections);
        cell_date (&row, p->first);
        cell_date (&row, p->last);
        end_row (&row);
    }
    return finish (out, what, error);
}

bool
mlg_report_csv_proposals (MlgAnalysis *analysis, FILE *out, GError **error)
{
    return write_proposals (analysis, out, "proposals.csv", error);
}

bool
mlg_report_csv_threads (MlgAnalysis *analysis, FILE *out, GError **error)
{
    return write_threads (analysis, out, "threads.csv", error);
}

bool
mlg_report_csv_people (MlgAnalysis *analysis, FILE *out, GError **error)
{
    return write_people (analysis, out, "people.csv", error);
}

/* Writes one table to `out`; `what` names it in errors. */
typedef bool (*TableFunc) (MlgAnalysis *analysis, FILE *out,
                           const char *what, GError **error);

static bool
write_file (MlgAnalysis *analysis, MlgReportDir *rd, const char *dir,
            const char *name, TableFunc func, GError **error)
{
    FILE *out = _mlg_report_dir_open (rd, name, error);
    g_autofree char *what = NULL;

    if (out == NULL)
        return false;
    what = g_strdup_printf ("'%s%s%s'", dir, G_DIR_SEPARATOR_S, name);
    if (!func (analysis, out, what, error)) {
        _mlg_report_dir_close (rd, out, NULL);
        return false;
    }
    return _mlg_report_dir_close (rd, out, error);
}

bool
_mlg_csv_owns (const char *name)
{
    return strcmp (name, "proposals.csv") == 0
           || strcmp (name, "threads.csv") == 0
           || strcmp (name, "people.csv") == 0;
}

bool
mlg_report_csv_write_dir (MlgAnalysis *analysis, const char *dir,
                          GError **error)
{
    g_autoptr (MlgReportDir) rd = NULL;

    g_return_val_if_fail (analysis != NULL && dir != NULL, false);
    rd = _mlg_report_dir_begin (dir, _mlg_csv_owns, error);
    return rd != NULL
           && write_file (analysis, rd, dir, "proposals.csv",
                          write_proposals, error)
           && write_file (analysis, rd, dir, "threads.csv",
                          write_threads, error)
           && write_file (analysis, rd, dir, "people.csv",
                          write_people, error)
           && _mlg_report_dir_commit (rd, error);
}
