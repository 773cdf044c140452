/* mlg-tar.c - tar and tar.gz archives of mail, through libarchive.
 *
 * libarchive does the archive work (tar in all its dialects, gzip and the
 * other compressions, damaged and cut archives); this file walks the
 * members and gives each one to GMime as a stream. One thing it adds:
 * the IETF mail archive exports mboxes whose bodies were never
 * `>From`-escaped (each stored message is written as it is, after a
 * From line), so a body line `From here on, ...` would split a message
 * in two. For such members the stream tells separators from body lines
 * (see _mlg_tar_member_stream()) and escapes the body lines.
 */
#include "mlg-tar-private.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <string.h>

#include "mlg-indexer.h"

/* How much of a member is read ahead for sniffing. */
#define HEAD_SIZE 4096
/* Bytes asked of libarchive per read. */
#define CHUNK_SIZE (64 * 1024)
/* A From line longer than this is body text, not a separator. */
#define MAX_FROM_LINE 1024

struct _MlgTar {
    char *path;
    struct archive *archive;
    guint generation; /* which member streams may read: the current one */
    char head[HEAD_SIZE];
    size_t head_len;
    bool truncated;
};

bool
_mlg_tar_sniff (const char *buf, size_t len)
{
    /* Both POSIX ustar ("ustar\0") and GNU tar ("ustar  \0") put their
     * magic at byte 257 of the first header block. */
    return len >= 263 && memcmp (buf + 257, "ustar", 5) == 0;
}

MlgTar *
_mlg_tar_open (const char *path, GError **error)
{
    g_autoptr (MlgTar) tar = g_new0 (MlgTar, 1);

    g_return_val_if_fail (path != NULL, NULL);

    tar->path = g_strdup (path);
    tar->archive = archive_read_new ();
    archive_read_support_filter_all (tar->archive);
    archive_read_support_format_tar (tar->archive);
    if (archive_read_open_filename (tar->archive, path, CHUNK_SIZE)
        != ARCHIVE_OK) {
        int err = archive_errno (tar->archive);

        g_set_error (error, MLG_ARCHIVE_ERROR,
                     err == ENOENT || err == ENOTDIR ? MLG_ERROR_NOT_FOUND
                     : err != 0                      ? MLG_ERROR_IO
                                                     : MLG_ERROR_INVALID,
                     "cannot open '%s': %s", path,
                     archive_error_string (tar->archive));
        return NULL;
    }
    return g_steal_pointer (&tar);
}

void
_mlg_tar_close (MlgTar *tar)
{
    if (tar == NULL)
        return;
    if (tar->archive != NULL)
        archive_read_free (tar->archive);
    g_free (tar->path);
    g_free (tar);
}

/* Whether a member path has a hidden component (`.x`, but not `.` or
 * `..` alone, which tar writers put in front of names). */
static bool
is_hidden (const char *name)
{
    for (const char *p = name; p != NULL && *p != '\0';) {
        if (p[0] == '.' && p[1] != '\0' && p[1] != '/'
            && !(p[1] == '.' && (p[2] == '\0' || p[2] == '/')))
            return true;
        p = strchr (p, '/');
        if (p != NULL)
            p++;
    }
    return false;
}

/* Reads member data, noting an archive that fails part-way as cut. */
static ssize_t
read_data (MlgTar *tar, char *buf, size_t len)
{
    la_ssize_t n = archive_read_data (tar->archive, buf, len);

    if (n < 0) {
        tar->truncated = true;
        return 0;
    }
    return n;
}

bool
_mlg_tar_next (MlgTar *tar, MlgTarMember *member, GError **error)
{
    g_return_val_if_fail (tar != NULL && member != NULL, false);

    for (;;) {
        struct archive_entry *entry;
        int r;

        tar->generation++;
        tar->head_len = 0;
        if (tar->truncated)
            return false;
        r = archive_read_next_header (tar->archive, &entry);
        if (r == ARCHIVE_EOF)
            return false;
        if (r < ARCHIVE_WARN) {
            /* A cut tar.gz ends here ("truncated input"); so does a damaged
             * header. What came before was read whole. */
            tar->truncated = true;
            return false;
        }
        if (archive_entry_filetype (entry) != AE_IFREG
            || archive_entry_pathname (entry) == NULL
            || is_hidden (archive_entry_pathname (entry)))
            continue;
        while (tar->head_len < HEAD_SIZE) {
            ssize_t n = read_data (tar, tar->head + tar->head_len,
                                   HEAD_SIZE - tar->head_len);
            if (n <= 0)
                break;
            tar->head_len += (size_t) n;
        }
        member->name = archive_entry_pathname (entry);
        member->head = tar->head;
        member->head_len = tar->head_len;
        return true;
    }
}

gint64
_mlg_tar_get_position (MlgTar *tar)
{
    g_return_val_if_fail (tar != NULL, 0);
    return archive_filter_bytes (tar->archive, -1);
}

bool
_mlg_tar_is_truncated (MlgTar *tar)
{
    g_return_val_if_fail (tar != NULL, false);
    return tar->truncated;
}

/* ------------------------------------------------------------------ */
/* A GMimeStream over one member                                        */
/* ------------------------------------------------------------------ */

/* Spelled out rather than G_DECLARE_FINAL_TYPE, as MlgGzStream is (GMime
 * declares no autoptr cleanup for its stream type). */
#define MLG_TYPE_TAR_STREAM (mlg_tar_stream_get_type ())
#define MLG_TAR_STREAM(obj) \
    (G_TYPE_CHECK_INSTANCE_CAST ((obj), MLG_TYPE_TAR_STREAM, MlgTarStream))
#define MLG_IS_TAR_STREAM(obj) \
    (G_TYPE_CHECK_INSTANCE_TYPE ((obj), MLG_TYPE_TAR_STREAM))

typedef struct _MlgTarStream MlgTarStream;
typedef struct {
    GMimeStreamClass parent_class;
} MlgTarStreamClass;

static GType mlg_tar_stream_get_type (void);

struct _MlgTarStream {
    GMimeStream parent;
    MlgTar *tar;      /* borrowed: outlives its streams */
    guint generation; /* the member this stream reads */
    char *head;       /* the member's first bytes, given out first */
    size_t head_len;
    size_t head_pos;
    bool eof;         /* the member's data is all read */
    int last_byte;
    /* Escaping (unescaped_mbox): the member's bytes wait in `in` until
     * their lines are whole, and go out through `out`. */
    bool escape;
    GByteArray *in;
    GByteArray *out;
    size_t out_pos;
    gint64 emitted;      /* bytes put in `out` so far */
    bool at_line_start;
    bool prev_blank;     /* the previous line was empty */
    gint64 line_len;     /* bytes of the current line so far */
    bool line_first_cr;  /* ... and its first byte was '\r' */
    GArray *insertions;  /* gint64: where a '>' was added, ascending */
};

G_DEFINE_TYPE (MlgTarStream, mlg_tar_stream, GMIME_TYPE_STREAM)

/* Reads the member's own bytes: the head first, then libarchive. */
static ssize_t
raw_read (MlgTarStream *self, char *buf, size_t len)
{
    ssize_t n;

    if (self->eof || self->tar == NULL
        || self->tar->generation != self->generation)
        return 0;
    if (self->head_pos < self->head_len) {
        n = (ssize_t) MIN (len, self->head_len - self->head_pos);
        memcpy (buf, self->head + self->head_pos, (size_t) n);
        self->head_pos += (size_t) n;
        return n;
    }
    n = read_data (self->tar, buf, len);
    if (n <= 0)
        self->eof = true;
    return n;
}

/* Whether the `len` bytes at `p` are a whole word of the text that ends
 * at `end` (nothing but a space or the end after it). */
static bool
word_ends (const char *p, size_t len, const char *end)
{
    return p + len == end || p[len] == ' ';
}

/* Whether `line` (`len` bytes, no newline) is an mbox separator of an
 * export: `From SENDER DATE` with DATE as asctime() writes it, a month
 * name, a time and the year at the end (`Mon Mar  4 10:00:00 2024`, maybe
 * followed by a numeric zone). Body text that starts with `From ` rarely
 * has all three, in that place. */
static bool
is_separator (const char *line, size_t len)
{
    static const char *const months[] = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };
    const char *end = line + len;
    const char *p = line + 5;
    const char *last;
    bool month = false;
    bool time = false;

    if (len < 5 || memcmp (line, "From ", 5) != 0)
        return false;
    while (p < end && *p != ' ' && *p != '\t')
        p++;
    if (p == line + 5 || p == end)
        return false;
    for (; p < end; p++) {
        if (p[-1] != ' ')
            continue;
        for (gsize i = 0; i < G_N_ELEMENTS (months); i++)
            if (p + 3 <= end && memcmp (p, months[i], 3) == 0
                && word_ends (p, 3, end))
                month = true;
        if (p + 5 <= end && g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1])
            && p[2] == ':' && g_ascii_isdigit (p[3])
            && g_ascii_isdigit (p[4]))
            time = true;
    }
    /* The last word is the year, or a zone after the year. */
    while (end > line && end[-1] == ' ')
        end--;
    last = end;
    while (last > line && last[-1] != ' ')
        last--;
    if ((*last == '+' || *last == '-') && end - last == 5) {
        end = last;
        while (end > line && end[-1] == ' ')
            end--;
        last = end;
        while (last > line && last[-1] != ' ')
            last--;
    }
    return month && time && end - last == 4 && g_ascii_isdigit (last[0])
           && g_ascii_isdigit (last[1]) && g_ascii_isdigit (last[2])
           && g_ascii_isdigit (last[3]);
}

static void
emit (MlgTarStream *self, const guint8 *data, size_t len)
{
    g_byte_array_append (self->out, data, (guint) len);
    self->emitted += (gint64) len;
}

/* Moves what it can of `in` to `out`, escaping body From lines. With
 * `final`, `in` holds the end of the member and is taken whole. */
static void
escape_lines (MlgTarStream *self, bool final)
{
    const guint8 *data = self->in->data;
    size_t avail = self->in->len;
    size_t p = 0;

    while (p < avail) {
        const guint8 *at = data + p;
        size_t left = avail - p;
        const guint8 *nl;
        size_t take;

        if (self->at_line_start) {
            size_t quotes = 0;

            while (quotes < left && at[quotes] == '>')
                quotes++;
            if (left < quotes + 5 && !final)
                break; /* too little to tell */
            if (left >= quotes + 5 && memcmp (at + quotes, "From ", 5) == 0) {
                size_t line_len;
                bool separator;

                nl = memchr (at, '\n', left);
                if (nl == NULL && left < MAX_FROM_LINE && !final)
                    break; /* the whole line is needed */
                line_len = nl != NULL ? (size_t) (nl - at) : left;
                if (line_len > 0 && at[line_len - 1] == '\r')
                    line_len--;
                separator = quotes == 0 && self->prev_blank
                            && line_len <= MAX_FROM_LINE
                            && is_separator ((const char *) at, line_len);
                if (!separator) {
                    static const guint8 quote = '>';
                    g_array_append_val (self->insertions, self->emitted);
                    emit (self, &quote, 1);
                }
            }
        }
        nl = memchr (at, '\n', left);
        take = nl != NULL ? (size_t) (nl - at) + 1 : left;
        if (self->at_line_start)
            self->line_first_cr = at[0] == '\r';
        self->line_len += (gint64) (nl != NULL ? take - 1 : take);
        emit (self, at, take);
        if (nl != NULL) {
            self->prev_blank = self->line_len == 0
                               || (self->line_len == 1
                                   && self->line_first_cr);
            self->at_line_start = true;
            self->line_len = 0;
        } else {
            self->at_line_start = false;
        }
        p += take;
    }
    g_byte_array_remove_range (self->in, 0, (guint) p);
}

static ssize_t
tar_stream_read (GMimeStream *stream, char *buf, size_t len)
{
    MlgTarStream *self = MLG_TAR_STREAM (stream);
    ssize_t n;

    if (!self->escape) {
        n = raw_read (self, buf, len);
    } else {
        while (self->out_pos == self->out->len) {
            char chunk[CHUNK_SIZE];
            ssize_t got;

            g_byte_array_set_size (self->out, 0);
            self->out_pos = 0;
            if (self->eof && self->in->len == 0)
                break;
            got = raw_read (self, chunk, sizeof chunk);
            if (got > 0)
                g_byte_array_append (self->in, (const guint8 *) chunk,
                                     (guint) got);
            escape_lines (self, self->eof);
        }
        n = (ssize_t) MIN (len, self->out->len - self->out_pos);
        memcpy (buf, self->out->data + self->out_pos, (size_t) n);
        self->out_pos += (size_t) n;
    }
    if (n > 0) {
        stream->position += n;
        self->last_byte = (unsigned char) buf[n - 1];
    }
    return n;
}

static ssize_t
tar_stream_write (GMimeStream *stream, const char *buf, size_t len)
{
    return -1;
}

static int
tar_stream_flush (GMimeStream *stream)
{
    return 0;
}

static int
tar_stream_close (GMimeStream *stream)
{
    return 0;
}

static gboolean
tar_stream_eos (GMimeStream *stream)
{
    MlgTarStream *self = MLG_TAR_STREAM (stream);

    return self->eof && (!self->escape
                         || (self->in->len == 0
                             && self->out_pos == self->out->len));
}

static int
tar_stream_reset (GMimeStream *stream)
{
    return -1; /* forward only */
}

/* As for the gzip stream: only "where am I" (GMime's parser asks it for
 * offsets). */
static gint64
tar_stream_seek (GMimeStream *stream, gint64 offset, GMimeSeekWhence whence)
{
    if ((whence == GMIME_STREAM_SEEK_CUR && offset == 0)
        || (whence == GMIME_STREAM_SEEK_SET && offset == stream->position))
        return stream->position;
    return -1;
}

static gint64
tar_stream_tell (GMimeStream *stream)
{
    return stream->position;
}

static gint64
tar_stream_length (GMimeStream *stream)
{
    return -1;
}

static GMimeStream *
tar_stream_substream (GMimeStream *stream, gint64 start, gint64 end)
{
    return NULL; /* never called: the parser does not persist streams */
}

static void
mlg_tar_stream_finalize (GObject *object)
{
    MlgTarStream *self = MLG_TAR_STREAM (object);

    g_free (self->head);
    g_byte_array_unref (self->in);
    g_byte_array_unref (self->out);
    g_array_unref (self->insertions);
    G_OBJECT_CLASS (mlg_tar_stream_parent_class)->finalize (object);
}

static void
mlg_tar_stream_class_init (MlgTarStreamClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GMimeStreamClass *stream_class = GMIME_STREAM_CLASS (klass);

    object_class->finalize = mlg_tar_stream_finalize;
    stream_class->read = tar_stream_read;
    stream_class->write = tar_stream_write;
    stream_class->flush = tar_stream_flush;
    stream_class->close = tar_stream_close;
    stream_class->eos = tar_stream_eos;
    stream_class->reset = tar_stream_reset;
    stream_class->seek = tar_stream_seek;
    stream_class->tell = tar_stream_tell;
    stream_class->length = tar_stream_length;
    stream_class->substream = tar_stream_substream;
}

static void
mlg_tar_stream_init (MlgTarStream *self)
{
    self->last_byte = -1;
    self->in = g_byte_array_new ();
    self->out = g_byte_array_new ();
    self->insertions = g_array_new (FALSE, FALSE, sizeof (gint64));
    self->at_line_start = true;
    self->prev_blank = true; /* the start counts as after a blank line */
}

GMimeStream *
_mlg_tar_member_stream (MlgTar *tar, bool unescaped_mbox)
{
    MlgTarStream *self;

    g_return_val_if_fail (tar != NULL, NULL);

    self = g_object_new (MLG_TYPE_TAR_STREAM, NULL);
    g_mime_stream_construct (GMIME_STREAM (self), 0, -1);
    self->tar = tar;
    self->generation = tar->generation;
    self->head = g_memdup2 (tar->head, tar->head_len);
    self->head_len = tar->head_len;
    self->escape = unescaped_mbox;
    return GMIME_STREAM (self);
}

gint64
_mlg_tar_member_offset (GMimeStream *stream, gint64 offset)
{
    MlgTarStream *self;
    guint low = 0, high;

    g_return_val_if_fail (MLG_IS_TAR_STREAM (stream), offset);
    self = MLG_TAR_STREAM (stream);

    /* Counts the insertions before `offset` (binary search). */
    high = self->insertions->len;
    while (low < high) {
        guint mid = low + (high - low) / 2;

        if (g_array_index (self->insertions, gint64, mid) < offset)
            low = mid + 1;
        else
            high = mid;
    }
    return offset - (gint64) low;
}

int
_mlg_tar_member_last_byte (GMimeStream *stream)
{
    g_return_val_if_fail (MLG_IS_TAR_STREAM (stream), -1);
    return MLG_TAR_STREAM (stream)->last_byte;
}
