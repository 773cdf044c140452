/* mlg-record.c - the facts record: how a message's facts are laid out in
 * its Xapian document data (format 4; format 3 is read too).
 *
 * A report reads every record of the database, so decoding is what a
 * report on a large archive costs. Format 2 was a GVariant tuple, whose
 * checking and walking of children dominated a report. Format 3 is a flat
 * byte string read front to back:
 *
 *   record  = format-byte(4) field*          in the order of encode() below
 *   uint    = LEB128 varint (7 bits per byte, low bits first, at most 10)
 *   int     = uint of the zig-zag encoding (0, -1, 1, -2, ... -> 0, 1, 2, 3)
 *   string  = uint(0) for none, else uint(length + 1), the bytes, a NUL
 *   strings = uint(count) string*            (no "none" among them)
 *
 * Strings end in the NUL that C wants, so a decoder can hand out pointers
 * into the record instead of copies (MlgRecordView). Every string is valid
 * UTF-8 without NUL bytes (the encoder repairs, the decoder checks), every
 * enum is in range, and the record ends exactly after its last field;
 * anything else is CORRUPT, never a crash: the bytes come from disk.
 * Format 4 added two fields: stance_cue after stance_quote, and
 * text_digest at the end (format 3 records, written by databases before
 * format 6, lack both). */
#include "mlg-store-private.h"

#include <string.h>

#define RECORD_FORMAT 4
/* Format 3 lacks the stance's cue (read as MLG_CUE_ANSWER) and the text
 * digest (read as 0, "unknown"). */
#define RECORD_FORMAT_3 3

/* ---- encoding ---- */

static void
put_uint (GByteArray *out, guint64 value)
{
    guint8 byte;

    do {
        byte = value & 0x7f;
        value >>= 7;
        if (value != 0)
            byte |= 0x80;
        g_byte_array_append (out, &byte, 1);
    } while (value != 0);
}

static void
put_int (GByteArray *out, gint64 value)
{
    put_uint (out, ((guint64) value << 1) ^ (guint64) (value >> 63));
}

/* NULL is stored as "none"; invalid UTF-8 (facts should not have any) is
 * stored repaired rather than lost. */
static void
put_string (GByteArray *out, const char *s)
{
    g_autofree char *valid = NULL;
    gsize len;

    if (s == NULL) {
        put_uint (out, 0);
        return;
    }
    len = strlen (s);
    if (!g_utf8_validate_len (s, len, NULL)) {
        s = valid = g_utf8_make_valid (s, len);
        len = strlen (s);
    }
    put_uint (out, (guint64) len + 1);
    g_byte_array_append (out, (const guint8 *) s, len + 1);
}

/* Fields that may not be "none" are stored as "" when left NULL, which is
 * what the facts header promises readers for "none". */
static void
put_text (GByteArray *out, const char *s)
{
    put_string (out, s != NULL ? s : "");
}

static void
put_strings (GByteArray *out, const GPtrArray *array)
{
    put_uint (out, array->len);
    for (guint i = 0; i < array->len; i++)
        put_text (out, array->pdata[i]);
}

GBytes *
_mlg_store_facts_to_data (const MlgMessageFacts *facts)
{
    GByteArray *out;
    guint8 format = RECORD_FORMAT;

    g_return_val_if_fail (facts != NULL, NULL);

    out = g_byte_array_sized_new (512);
    g_byte_array_append (out, &format, 1);
    put_text (out, facts->id);
    put_strings (out, facts->lists);
    put_text (out, facts->source);
    put_int (out, facts->offset);
    put_string (out, facts->permalink);
    put_int (out, facts->date);
    put_uint (out, facts->date_source);
    put_text (out, facts->from_addr);
    put_text (out, facts->from_name);
    put_text (out, facts->org);
    put_strings (out, facts->to);
    put_strings (out, facts->cc);
    put_text (out, facts->subject);
    put_text (out, facts->subject_norm);
    put_string (out, facts->in_reply_to);
    put_strings (out, facts->references);
    put_uint (out, facts->pointers->len);
    for (guint i = 0; i < facts->pointers->len; i++) {
        const MlgPointer *p = facts->pointers->pdata[i];
        put_uint (out, p->kind);
        put_text (out, p->value);
        put_int (out, p->revision);
    }
    put_uint (out, facts->stance);
    put_string (out, facts->stance_quote);
    put_uint (out, facts->stance_cue);
    put_uint (out, facts->kind);
    put_uint (out, facts->checklist);
    put_uint (out, facts->problems);
    put_string (out, facts->question);
    put_uint (out, facts->text_digest);
    return g_byte_array_free_to_bytes (out);
}

/* ---- decoding ---- */

struct _MlgRecordView {
    /* The decoded record: strings point into the record's bytes, arrays
     * own nothing. Reused from one record to the next. */
    MlgMessageFacts facts;
    GArray *pointers; /* MlgPointer, pointed to by facts.pointers */
};

typedef struct {
    const guint8 *at;
    const guint8 *end;
    const char *why; /* set at the first error; later reads do nothing */
} Reader;

static void
fail (Reader *r, const char *why)
{
    if (r->why == NULL)
        r->why = why;
    r->at = r->end;
}

static guint64
get_uint (Reader *r)
{
    guint64 value = 0;

    for (guint shift = 0; shift < 64; shift += 7) {
        guint8 byte;

        if (r->at == r->end) {
            fail (r, "truncated");
            return 0;
        }
        byte = *r->at++;
        value |= (guint64) (byte & 0x7f) << shift;
        if ((byte & 0x80) == 0)
            return value;
    }
    fail (r, "malformed number");
    return 0;
}

static gint64
get_int (Reader *r)
{
    guint64 value = get_uint (r);

    return (gint64) (value >> 1) ^ -(gint64) (value & 1);
}

/* Returns: a value of at most `max`, or `max` after failing. */
static guint
get_small (Reader *r, guint max, const char *why)
{
    guint64 value = get_uint (r);

    if (value > max) {
        fail (r, why);
        return max;
    }
    return (guint) value;
}

/* Returns: (transfer none) the string in place, or NULL for "none" (and
 * after an error, when callers must not look at it). */
static char *
get_string (Reader *r)
{
    guint64 stored = get_uint (r);
    const char *s = (const char *) r->at;
    gsize len;

    if (stored == 0 || r->why != NULL)
        return NULL;
    len = stored - 1;
    if (len >= (gsize) (r->end - r->at)) {
        fail (r, "truncated");
        return NULL;
    }
    /* g_utf8_validate_len() also refuses NUL bytes inside the length. */
    if (s[len] != '\0' || !g_utf8_validate_len (s, len, NULL)) {
        fail (r, "malformed string");
        return NULL;
    }
    r->at += len + 1;
    return (char *) s;
}

static char *
get_text (Reader *r)
{
    char *s = get_string (r);

    if (s == NULL)
        fail (r, "missing string");
    return s;
}

/* Each string takes at least two bytes, which bounds a count before
 * anything is allocated for it. */
static void
get_strings (Reader *r, GPtrArray *array)
{
    guint count = get_small (r, (r->end - r->at) / 2, "truncated");

    g_ptr_array_set_size (array, 0);
    for (guint i = 0; i < count && r->why == NULL; i++)
        g_ptr_array_add (array, get_text (r));
}

MlgRecordView *
_mlg_record_view_new (void)
{
    MlgRecordView *view = g_new0 (MlgRecordView, 1);

    view->facts.lists = g_ptr_array_new ();
    view->facts.to = g_ptr_array_new ();
    view->facts.cc = g_ptr_array_new ();
    view->facts.references = g_ptr_array_new ();
    view->facts.pointers = g_ptr_array_new ();
    view->pointers = g_array_new (FALSE, TRUE, sizeof (MlgPointer));
    return view;
}

void
_mlg_record_view_free (MlgRecordView *view)
{
    if (view == NULL)
        return;
    g_ptr_array_unref (view->facts.lists);
    g_ptr_array_unref (view->facts.to);
    g_ptr_array_unref (view->facts.cc);
    g_ptr_array_unref (view->facts.references);
    g_ptr_array_unref (view->facts.pointers);
    g_array_unref (view->pointers);
    g_free (view);
}

const MlgMessageFacts *
_mlg_record_view_decode (MlgRecordView *view, const void *data, gsize len,
                         GError **error)
{
    MlgMessageFacts *f = &view->facts;
    Reader r = { data, (const guint8 *) data + len, NULL };
    guint count;
    guint8 format;

    g_return_val_if_fail (view != NULL && (data != NULL || len == 0), NULL);

    if (len == 0) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT,
                     "damaged message record: empty");
        return NULL;
    }
    format = r.at[0];
    if (format != RECORD_FORMAT && format != RECORD_FORMAT_3) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT,
                     "damaged message record: unknown format %u",
                     (guint) format);
        return NULL;
    }
    r.at++;

    f->id = get_text (&r);
    if (f->id != NULL && f->id[0] == '\0')
        fail (&r, "no Message-ID");
    get_strings (&r, f->lists);
    f->source = get_text (&r);
    f->offset = get_int (&r);
    f->permalink = get_string (&r);
    f->date = get_int (&r);
    f->date_source = get_small (&r, MLG_DATE_UNKNOWN, "unknown date source");
    f->from_addr = get_text (&r);
    f->from_name = get_text (&r);
    f->org = get_text (&r);
    get_strings (&r, f->to);
    get_strings (&r, f->cc);
    f->subject = get_text (&r);
    f->subject_norm = get_text (&r);
    f->in_reply_to = get_string (&r);
    get_strings (&r, f->references);

    /* A pointer takes at least three bytes. */
    count = get_small (&r, (r.end - r.at) / 3, "truncated");
    g_array_set_size (view->pointers, count);
    g_ptr_array_set_size (f->pointers, 0);
    for (guint i = 0; i < count && r.why == NULL; i++) {
        MlgPointer *p = &g_array_index (view->pointers, MlgPointer, i);
        gint64 revision;

        p->kind = get_small (&r, MLG_POINTER_AUTHOR, "unknown pointer kind");
        p->value = get_text (&r);
        revision = get_int (&r);
        p->revision = (int) CLAMP (revision, G_MININT, G_MAXINT);
        g_ptr_array_add (f->pointers, p);
    }

    f->stance = get_small (&r, MLG_STANCE_OBJECTION, "unknown stance");
    f->stance_quote = get_string (&r);
    f->stance_cue = format == RECORD_FORMAT_3
                        ? MLG_CUE_ANSWER
                        : get_small (&r, MLG_CUE_HEDGE, "unknown stance cue");
    f->kind = get_small (&r, MLG_KIND_DRAFT_ANNOUNCEMENT,
                         "unknown sender kind");
    f->checklist = get_small (&r, G_MAXUINT32, "malformed checklist");
    f->problems = get_small (&r, G_MAXUINT32, "malformed problems");
    f->question = get_string (&r);
    f->text_digest = format == RECORD_FORMAT ? get_uint (&r) : 0;
    if (r.why == NULL && r.at != r.end)
        fail (&r, "trailing bytes");

    if (r.why != NULL) {
        g_set_error (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT,
                     "damaged message record: %s", r.why);
        return NULL;
    }
    f->new_text = NULL;
    f->quoted_text = NULL;
    return f;
}

static void
copy_strings (GPtrArray *to, const GPtrArray *from)
{
    for (guint i = 0; i < from->len; i++)
        g_ptr_array_add (to, g_strdup (from->pdata[i]));
}

MlgMessageFacts *
_mlg_store_facts_from_data (const void *data, gsize len, GError **error)
{
    g_autoptr (MlgRecordView) view = _mlg_record_view_new ();
    const MlgMessageFacts *v = _mlg_record_view_decode (view, data, len,
                                                        error);
    MlgMessageFacts *facts;

    if (v == NULL)
        return NULL;
    facts = mlg_message_facts_new ();
    facts->id = g_strdup (v->id);
    copy_strings (facts->lists, v->lists);
    facts->source = g_strdup (v->source);
    facts->offset = v->offset;
    facts->permalink = g_strdup (v->permalink);
    facts->date = v->date;
    facts->date_source = v->date_source;
    facts->from_addr = g_strdup (v->from_addr);
    facts->from_name = g_strdup (v->from_name);
    facts->org = g_strdup (v->org);
    copy_strings (facts->to, v->to);
    copy_strings (facts->cc, v->cc);
    facts->subject = g_strdup (v->subject);
    facts->subject_norm = g_strdup (v->subject_norm);
    facts->in_reply_to = g_strdup (v->in_reply_to);
    copy_strings (facts->references, v->references);
    for (guint i = 0; i < v->pointers->len; i++) {
        const MlgPointer *p = v->pointers->pdata[i];
        g_ptr_array_add (facts->pointers,
                         mlg_pointer_new (p->kind, p->value, p->revision));
    }
    facts->stance = v->stance;
    facts->stance_quote = g_strdup (v->stance_quote);
    facts->stance_cue = v->stance_cue;
    facts->kind = v->kind;
    facts->checklist = v->checklist;
    facts->problems = v->problems;
    facts->question = g_strdup (v->question);
    facts->text_digest = v->text_digest;
    return facts;
}
