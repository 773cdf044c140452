/* mlg-archive.c - finding archive files and reading messages out of them.
 *
 * GMime does the MIME and mbox work: its parser in GMIME_FORMAT_MBOX mode
 * splits a stream on `From ` lines and reports each From line and its
 * offset. This file only decides which files are archives, what format
 * they are in, and feeds GMime the right stream (a file, or a gzip'd file
 * decompressed on the fly).
 */
#define _GNU_SOURCE /* memrchr() */

#include "mlg-archive-private.h"
#include "mlg-tar-private.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <glib/gstdio.h>

/* How much of a file the sniffer looks at to decide whether it is mail. */
#define SNIFF_SIZE 4096

/* ------------------------------------------------------------------ */
/* A GMimeStream over zlib's gzread                                     */
/* ------------------------------------------------------------------ */

/* Why not GMimeFilterGZip in a GMimeStreamFilter: that filter handles one
 * gzip member and gives no way to tell a stream that ended cleanly from
 * one cut short, and archives are often concatenations (`cat a.gz b.gz`)
 * or files still being written. zlib's gz* functions read multi-member
 * files, pass non-gzip data through unchanged, and report a truncated
 * stream as Z_BUF_ERROR, which is exactly what _mlg_archive_is_truncated()
 * needs. So the gzip'd sources are read through this small read-only,
 * forward-only stream. */

/* Spelled out rather than G_DECLARE_FINAL_TYPE: that macro needs an
 * autoptr cleanup for the parent type, which GMime does not declare. */
#define MLG_TYPE_GZ_STREAM (mlg_gz_stream_get_type ())
#define MLG_GZ_STREAM(obj) \
    (G_TYPE_CHECK_INSTANCE_CAST ((obj), MLG_TYPE_GZ_STREAM, MlgGzStream))

typedef struct _MlgGzStream MlgGzStream;
typedef struct {
    GMimeStreamClass parent_class;
} MlgGzStreamClass;

static GType mlg_gz_stream_get_type (void);

struct _MlgGzStream {
    GMimeStream parent;
    gzFile gz;
    bool eof;
    bool truncated; /* the compressed data ended early or is corrupt */
    int io_errno;   /* non-zero after a read error from the file itself */
    int last_byte;  /* the last byte produced, -1 before any */
};

G_DEFINE_TYPE (MlgGzStream, mlg_gz_stream, GMIME_TYPE_STREAM)

static ssize_t
gz_stream_read (GMimeStream *stream, char *buf, size_t len)
{
    MlgGzStream *self = MLG_GZ_STREAM (stream);
    int n;
    int zerr = Z_OK;

    if (self->eof || self->gz == NULL)
        return 0;
    n = gzread (self->gz, buf, (unsigned) MIN (len, (size_t) G_MAXINT));
    if (n > 0) {
        stream->position += n;
        self->last_byte = (unsigned char) buf[n - 1];
        return n;
    }
    /* End of data, cleanly or not: zlib says which. A corrupt stream is
     * treated as a truncated one (what came before it is still good);
     * only a failing read of the file itself is an I/O error. */
    self->eof = true;
    gzerror (self->gz, &zerr);
    if (zerr == Z_ERRNO)
        self->io_errno = errno != 0 ? errno : EIO;
    else if (zerr != Z_OK)
        self->truncated = true;
    return 0;
}

static ssize_t
gz_stream_write (GMimeStream *stream, const char *buf, size_t len)
{
    return -1;
}

static int
gz_stream_flush (GMimeStream *stream)
{
    return 0;
}

static int
gz_stream_close (GMimeStream *stream)
{
    MlgGzStream *self = MLG_GZ_STREAM (stream);

    if (self->gz != NULL) {
        gzclose_r (self->gz);
        self->gz = NULL;
    }
    return 0;
}

static gboolean
gz_stream_eos (GMimeStream *stream)
{
    return MLG_GZ_STREAM (stream)->eof;
}

static int
gz_stream_reset (GMimeStream *stream)
{
    MlgGzStream *self = MLG_GZ_STREAM (stream);

    if (self->gz == NULL || gzrewind (self->gz) != 0)
        return -1;
    stream->position = 0;
    self->eof = false;
    self->truncated = false;
    self->last_byte = -1;
    return 0;
}

/* Only "where am I" is supported: GMime's parser asks that to learn the
 * offsets. Real seeking in a compressed stream would mean decompressing
 * from the start, and nothing here needs it. */
static gint64
gz_stream_seek (GMimeStream *stream, gint64 offset, GMimeSeekWhence whence)
{
    if ((whence == GMIME_STREAM_SEEK_CUR && offset == 0)
        || (whence == GMIME_STREAM_SEEK_SET && offset == stream->position))
        return stream->position;
    return -1;
}

static gint64
gz_stream_tell (GMimeStream *stream)
{
    return stream->position;
}

static gint64
gz_stream_length (GMimeStream *stream)
{
    return -1;
}

static GMimeStream *
gz_stream_substream (GMimeStream *stream, gint64 start, gint64 end)
{
    /* Never called: the parser is told not to persist the stream. */
    return NULL;
}

static void
mlg_gz_stream_finalize (GObject *object)
{
    gz_stream_close (GMIME_STREAM (object));
    G_OBJECT_CLASS (mlg_gz_stream_parent_class)->finalize (object);
}

static void
mlg_gz_stream_class_init (MlgGzStreamClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GMimeStreamClass *stream_class = GMIME_STREAM_CLASS (klass);

    object_class->finalize = mlg_gz_stream_finalize;
    stream_class->read = gz_stream_read;
    stream_class->write = gz_stream_write;
    stream_class->flush = gz_stream_flush;
    stream_class->close = gz_stream_close;
    stream_class->eos = gz_stream_eos;
    stream_class->reset = gz_stream_reset;
    stream_class->seek = gz_stream_seek;
    stream_class->tell = gz_stream_tell;
    stream_class->length = gz_stream_length;
    stream_class->substream = gz_stream_substream;
}

static void
mlg_gz_stream_init (MlgGzStream *self)
{
    self->last_byte = -1;
}

/* Takes ownership of `fd`, even on failure. */
static GMimeStream *
gz_stream_new (int fd)
{
    MlgGzStream *self;
    gzFile gz = gzdopen (fd, "rb");

    if (gz == NULL) {
        close (fd);
        return NULL;
    }
    /* zlib's default 8 KiB buffers make many small reads on big files. */
    gzbuffer (gz, 64 * 1024);
    self = g_object_new (MLG_TYPE_GZ_STREAM, NULL);
    g_mime_stream_construct (GMIME_STREAM (self), 0, -1);
    self->gz = gz;
    return GMIME_STREAM (self);
}

/* ------------------------------------------------------------------ */
/* A GMimeStream that hands the parser at most a message's worth          */
/* ------------------------------------------------------------------ */

/* GMime's parser builds each message in memory, whatever its size: a
 * 5.8 MB gzip'd archive holding one 6 GB message made it abort at 4 GB,
 * and a 200 MB header line cost 600 MB. So the parser reads through this
 * stream, which gives it at most MLG_MAX_MESSAGE_BYTES per message, and
 * at most MLG_MAX_LINE_BYTES of one line (a folded header's lines count
 * as one), and then says "end of data": the parser ends the message
 * there. The reader then skips what is left of it, reading and dropping,
 * up to the next line that starts with `From ` (kept in `pending` for the
 * next parser), so memory stays bounded whatever the archive holds. The
 * budget is renewed before each message is parsed; the parser's
 * read-ahead from the message before (one buffer, a few KiB) is the only
 * slack. */
#define MLG_TYPE_CAP_STREAM (mlg_cap_stream_get_type ())
#define MLG_CAP_STREAM(obj) \
    (G_TYPE_CHECK_INSTANCE_CAST ((obj), MLG_TYPE_CAP_STREAM, MlgCapStream))

typedef struct _MlgCapStream MlgCapStream;
typedef struct {
    GMimeStreamClass parent_class;
} MlgCapStreamClass;

static GType mlg_cap_stream_get_type (void);

struct _MlgCapStream {
    GMimeStream parent;  /* position: bytes of the source consumed */
    GMimeStream *source; /* owned */
    gint64 left;         /* bytes the current message may still take */
    bool capped;         /* the current message reached the cap */
    GByteArray *pending; /* read from the source, not handed out yet */
    guint pending_at;    /* the first byte of `pending` not handed out */
    int last_byte;       /* the last byte handed out, -1 before any */
    /* Bytes handed out since the start of the last line that begins
     * with neither a space nor a tab: the current line, with the lines
     * folded into it. */
    gint64 run;
};

G_DEFINE_TYPE (MlgCapStream, mlg_cap_stream, GMIME_TYPE_STREAM)

/* Counts the `n` bytes at `buf`, about to be handed out, into the
 * current run (see MlgCapStream). Reads backwards from the end, so that
 * ordinary text, whose last line in a buffer begins with a letter, costs
 * one memrchr() of a line's length. */
static void
count_run (MlgCapStream *self, const char *buf, size_t n)
{
    const char *end = buf + n;
    const char *before = end;

    while (before > buf) {
        const char *nl = memrchr (buf, '\n', (size_t) (before - buf));
        if (nl == NULL)
            break;
        if (nl + 1 < end && nl[1] != ' ' && nl[1] != '\t') {
            self->run = end - (nl + 1);
            return;
        }
        before = nl;
    }
    /* No such line starts after the first byte: the run goes on, unless
     * the buffer itself begins such a line. */
    if (self->last_byte == '\n' && buf[0] != ' ' && buf[0] != '\t')
        self->run = (gint64) n;
    else
        self->run += (gint64) n;
}

static ssize_t
cap_stream_read (GMimeStream *stream, char *buf, size_t len)
{
    MlgCapStream *self = MLG_CAP_STREAM (stream);
    ssize_t n;

    if (self->left <= 0) {
        self->capped = true;
        return 0;
    }
    len = (size_t) MIN ((gint64) len, self->left);
    if (self->pending_at < self->pending->len) {
        n = (ssize_t) MIN (len, self->pending->len - self->pending_at);
        memcpy (buf, self->pending->data + self->pending_at, (size_t) n);
        self->pending_at += (guint) n;
    } else {
        n = g_mime_stream_read (self->source, buf, len);
        if (n <= 0)
            return n;
    }
    count_run (self, buf, (size_t) n);
    self->left -= n;
    /* Past the longest line: what is handed out now is the last of this
     * message. */
    if (self->run > MLG_MAX_LINE_BYTES)
        self->left = 0;
    stream->position += n;
    self->last_byte = (unsigned char) buf[n - 1];
    return n;
}

static ssize_t
cap_stream_write (GMimeStream *stream, const char *buf, size_t len)
{
    return -1;
}

static int
cap_stream_flush (GMimeStream *stream)
{
    return 0;
}

static int
cap_stream_close (GMimeStream *stream)
{
    return 0;
}

static gboolean
cap_stream_eos (GMimeStream *stream)
{
    MlgCapStream *self = MLG_CAP_STREAM (stream);

    if (self->left <= 0)
        return TRUE;
    return self->pending_at >= self->pending->len
           && g_mime_stream_eos (self->source);
}

/* Gives the next message a whole budget. */
static void
cap_stream_start_message (MlgCapStream *self)
{
    self->left = MLG_MAX_MESSAGE_BYTES;
    self->capped = false;
    self->run = 0;
}

static void
cap_stream_drop_pending (MlgCapStream *self)
{
    g_byte_array_set_size (self->pending, 0);
    self->pending_at = 0;
}

static int
cap_stream_reset (GMimeStream *stream)
{
    MlgCapStream *self = MLG_CAP_STREAM (stream);

    if (g_mime_stream_reset (self->source) != 0)
        return -1;
    cap_stream_drop_pending (self);
    stream->position = 0;
    cap_stream_start_message (self);
    self->last_byte = -1;
    return 0;
}

/* Seeking goes to the source (a plain file seeks, a gzip'd one only says
 * where it is); what was pending is dropped. */
static gint64
cap_stream_seek (GMimeStream *stream, gint64 offset, GMimeSeekWhence whence)
{
    MlgCapStream *self = MLG_CAP_STREAM (stream);
    gint64 at;

    if ((whence == GMIME_STREAM_SEEK_CUR && offset == 0)
        || (whence == GMIME_STREAM_SEEK_SET && offset == stream->position))
        return stream->position;
    if (whence != GMIME_STREAM_SEEK_SET)
        return -1;
    at = g_mime_stream_seek (self->source, offset, GMIME_STREAM_SEEK_SET);
    if (at != offset)
        return -1;
    cap_stream_drop_pending (self);
    stream->position = at;
    self->last_byte = -1;
    return at;
}

static gint64
cap_stream_tell (GMimeStream *stream)
{
    return stream->position;
}

static gint64
cap_stream_length (GMimeStream *stream)
{
    return -1;
}

static GMimeStream *
cap_stream_substream (GMimeStream *stream, gint64 start, gint64 end)
{
    /* Never called: the parser is told not to persist the stream. */
    return NULL;
}

static void
mlg_cap_stream_finalize (GObject *object)
{
    MlgCapStream *self = MLG_CAP_STREAM (object);

    g_clear_object (&self->source);
    g_byte_array_unref (self->pending);
    G_OBJECT_CLASS (mlg_cap_stream_parent_class)->finalize (object);
}

static void
mlg_cap_stream_class_init (MlgCapStreamClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GMimeStreamClass *stream_class = GMIME_STREAM_CLASS (klass);

    object_class->finalize = mlg_cap_stream_finalize;
    stream_class->read = cap_stream_read;
    stream_class->write = cap_stream_write;
    stream_class->flush = cap_stream_flush;
    stream_class->close = cap_stream_close;
    stream_class->eos = cap_stream_eos;
    stream_class->reset = cap_stream_reset;
    stream_class->seek = cap_stream_seek;
    stream_class->tell = cap_stream_tell;
    stream_class->length = cap_stream_length;
    stream_class->substream = cap_stream_substream;
}

static void
mlg_cap_stream_init (MlgCapStream *self)
{
    self->pending = g_byte_array_new ();
    self->left = MLG_MAX_MESSAGE_BYTES;
    self->last_byte = -1;
}

/* Returns: (transfer full) a stream reading `source` (a reference is
 * taken), whose position starts at the source's. */
static GMimeStream *
cap_stream_new (GMimeStream *source)
{
    MlgCapStream *self = g_object_new (MLG_TYPE_CAP_STREAM, NULL);

    g_mime_stream_construct (GMIME_STREAM (self), 0, -1);
    GMIME_STREAM (self)->position = g_mime_stream_tell (source);
    self->source = g_object_ref (source);
    return GMIME_STREAM (self);
}

/* How much the skip reads from the source at a time. */
#define SKIP_CHUNK (64 * 1024)

/* Reads and drops the rest of a message cut at the cap, up to the next
 * line that starts with `From ` (an mbox separator, as GMime sees one),
 * which stays pending for the next parser; the budget is renewed.
 * Returns: true when such a line was found, false at the end of the data
 * (or on a read error, which the caller finds in the source). */
static bool
cap_stream_skip_message (MlgCapStream *self)
{
    GMimeStream *stream = GMIME_STREAM (self);
    GByteArray *buf = self->pending;
    bool line_start = self->last_byte == '\n';
    guint p = self->pending_at;

    cap_stream_start_message (self);
    for (;;) {
        guint8 chunk[SKIP_CHUNK];
        ssize_t n;

        while (p < buf->len) {
            const guint8 *nl;

            if (line_start) {
                if (buf->len - p < 5)
                    break; /* too few bytes to tell: read more */
                if (memcmp (buf->data + p, "From ", 5) == 0) {
                    stream->position += p - self->pending_at;
                    self->pending_at = p;
                    self->last_byte = '\n';
                    return true;
                }
                line_start = false;
            }
            nl = memchr (buf->data + p, '\n', buf->len - p);
            if (nl == NULL) {
                p = buf->len;
                break;
            }
            p = (guint) (nl - buf->data) + 1;
            line_start = true;
        }
        /* Drop what was scanned; keep the undecided tail. */
        stream->position += p - self->pending_at;
        g_byte_array_remove_range (buf, 0, p);
        self->pending_at = 0;
        p = 0;
        n = g_mime_stream_read (self->source, (char *) chunk, sizeof chunk);
        if (n <= 0) {
            stream->position += buf->len;
            cap_stream_drop_pending (self);
            return false;
        }
        g_byte_array_append (buf, chunk, (guint) n);
    }
}

/* ------------------------------------------------------------------ */
/* Sniffing                                                             */
/* ------------------------------------------------------------------ */

void
_mlg_source_free (MlgSource *source)
{
    if (source == NULL)
        return;
    g_free (source->path);
    g_free (source);
}

/* "cannot open 'x': No such file or directory", with the code that the
 * errno means to a caller. */
static void
set_open_error (GError **error, const char *path, int err)
{
    g_set_error (error, MLG_ARCHIVE_ERROR,
                 err == ENOENT || err == ENOTDIR ? MLG_ERROR_NOT_FOUND
                                                 : MLG_ERROR_IO,
                 "cannot open '%s': %s", path, g_strerror (err));
}

bool
mlg_archive_check_path (const char *path, GError **error)
{
    GStatBuf st;

    g_return_val_if_fail (path != NULL, false);
    if (g_stat (path, &st) != 0) {
        set_open_error (error, path, errno);
        return false;
    }
    return true;
}

/* A header field name is printable US-ASCII except the colon (RFC 5322
 * section 2.2); returns the length of a `Name:` prefix of the line, or 0. */
static size_t
header_name_length (const char *line, const char *end)
{
    const char *p = line;

    while (p < end && *p > ' ' && *p < 127 && *p != ':')
        p++;
    if (p == line || p >= end || *p != ':')
        return 0;
    return (size_t) (p - line);
}

/* Headers that a mail message almost always has. Requiring one of them
 * keeps a README that happens to start with `Note: ...` out. */
static bool
is_mail_header (const char *name, size_t len)
{
    static const char *const known[] = {
        "From", "Date", "Subject", "Message-ID", "Received", "Return-Path",
        "To", "Cc", "In-Reply-To", "References", "MIME-Version",
        "Delivered-To", "Sender", "Reply-To", "X-Original-To",
        "Content-Type", "List-Id", "Path", "Newsgroups",
    };

    for (size_t i = 0; i < G_N_ELEMENTS (known); i++)
        if (strlen (known[i]) == len
            && g_ascii_strncasecmp (known[i], name, len) == 0)
            return true;
    return false;
}

/* Whether `buf` (the start of a file, `len` bytes, blank lines already
 * skipped) is a header block: every line up to the first empty one (or
 * the end of what was read) is a `Name: value` line or a continuation,
 * and at least one name is a common mail header. */
static bool
looks_like_headers (const char *buf, size_t len)
{
    const char *p = buf;
    const char *end = buf + len;
    bool known = false;
    bool first = true;

    while (p < end) {
        const char *eol = memchr (p, '\n', (size_t) (end - p));
        const char *line_end = eol != NULL ? eol : end;
        size_t name_len;

        if (line_end > p && line_end[-1] == '\r')
            line_end--;
        if (line_end == p)
            break; /* the blank line that ends the headers */
        if ((*p == ' ' || *p == '\t') && !first) {
            /* a folded continuation line */
        } else if ((name_len = header_name_length (p, line_end)) > 0) {
            known = known || is_mail_header (p, name_len);
        } else if (eol == NULL && !first) {
            break; /* a line cut by the sniff window */
        } else {
            return false;
        }
        first = false;
        if (eol == NULL)
            break;
        p = eol + 1;
    }
    return known;
}

/* Whether a From line's sender is a pipermail-obfuscated `x at y`. */
static bool
from_line_has_at (const char *line, size_t len)
{
    const char *p = line + 5; /* after "From " */
    const char *end = line + len;
    const char *space = p;

    while (space < end && *space != ' ')
        space++;
    return space > p && end - space > 4 && memcmp (space, " at ", 4) == 0
           && space[4] != ' ';
}

/* Whether a file name is a pipermail monthly archive: `2022-November.txt`
 * or `2022-November.txt.gz`. */
static bool
is_pipermail_name (const char *path)
{
    static const char *const months[] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    };
    g_autofree char *base = g_path_get_basename (path);
    const char *p = base;

    for (int i = 0; i < 4; i++, p++)
        if (!g_ascii_isdigit (*p))
            return false;
    if (*p++ != '-')
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS (months); i++) {
        size_t n = strlen (months[i]);
        if (strncmp (p, months[i], n) == 0)
            return strcmp (p + n, ".txt") == 0
                   || strcmp (p + n, ".txt.gz") == 0;
    }
    return false;
}

typedef enum {
    SNIFF_NOT_MAIL,
    SNIFF_EMPTY,
    SNIFF_MBOX,
    SNIFF_PIPERMAIL,
    SNIFF_MESSAGE,
    SNIFF_TAR
} SniffResult;

static SniffResult
sniff_buffer (const char *buf, size_t len, const char *path)
{
    const char *p = buf;
    const char *end = buf + len;

    /* No test for NUL bytes: broken mail can hold them (and must still
     * be read), while binary files fail the structural tests below. */
    if (len == 0)
        return SNIFF_EMPTY;
    while (p < end && (*p == '\n' || *p == '\r'))
        p++;
    if (end - p >= 5 && memcmp (p, "From ", 5) == 0) {
        const char *eol = memchr (p, '\n', (size_t) (end - p));
        size_t line_len = eol != NULL ? (size_t) (eol - p) : (size_t) (end - p);

        if (is_pipermail_name (path) || from_line_has_at (p, line_len))
            return SNIFF_PIPERMAIL;
        return SNIFF_MBOX;
    }
    if (looks_like_headers (p, (size_t) (end - p)))
        return SNIFF_MESSAGE;
    return p == end ? SNIFF_EMPTY : SNIFF_NOT_MAIL;
}

/* Reads the start of `path` (decompressed when gzip'd) and classifies it.
 * Returns false with `error` set when the file cannot be read. */
static bool
sniff_file (const char *path, SniffResult *result, bool *gzip,
            GError **error)
{
    char buf[SNIFF_SIZE];
    unsigned char magic[2];
    ssize_t n;
    int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
    int saved;

    if (fd < 0) {
        saved = errno;
        set_open_error (error, path, saved);
        return false;
    }
    n = pread (fd, magic, 2, 0);
    *gzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (*gzip) {
        gzFile gz = gzdopen (fd, "rb");
        if (gz == NULL) {
            close (fd);
            *result = SNIFF_NOT_MAIL;
            return true;
        }
        n = gzread (gz, buf, sizeof buf);
        gzclose_r (gz);
        /* A gzip file too damaged to give even its first bytes is not
         * something we can read; leave it out rather than fail the walk. */
        if (n < 0)
            n = 0;
    } else {
        n = read (fd, buf, sizeof buf);
        saved = errno;
        close (fd);
        if (n < 0) {
            g_set_error (error, MLG_ARCHIVE_ERROR, MLG_ERROR_IO,
                         "cannot read '%s': %s", path, g_strerror (saved));
            return false;
        }
    }
    *result = _mlg_tar_sniff (buf, (size_t) n)
                  ? SNIFF_TAR
                  : sniff_buffer (buf, (size_t) n, path);
    return true;
}

/* Whether `path` holds one message by its name: an .eml or a Maildir
 * file. */
static bool
is_single_message_name (const char *path)
{
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *leaf = g_path_get_basename (dir);

    return g_str_has_suffix (path, ".eml") || g_str_equal (leaf, "cur")
           || g_str_equal (leaf, "new");
}

/* What the walk keeps of a file's stat(): what a source records of it.
 * (A whole struct stat is 144 bytes; a directory of a thousand archives
 * held them all while it was sorted.) */
typedef struct {
    mode_t mode;
    gint64 size;
    gint64 mtime;
} FileStat;

static void
file_stat_set (FileStat *file, const GStatBuf *st)
{
    file->mode = st->st_mode;
    file->size = st->st_size;
    file->mtime = st->st_mtime;
}

/* What a walk carries down into the directories it walks. */
typedef struct {
    MlgArchiveKnownFunc known; /* nullable */
    gpointer user_data;
    GPtrArray *failures; /* nullable: where unreadable paths are listed */
} Walk;

/* A file or directory of the walk could not be read (`local`, taken).
 * Returns: true when the walk goes on without it (it is listed in
 * walk->failures), false when it stops with `error` set. */
static bool
walk_failed (const Walk *walk, GError *local, GError **error)
{
    if (walk->failures == NULL) {
        g_propagate_error (error, local);
        return false;
    }
    g_ptr_array_add (walk->failures, g_strdup (local->message));
    g_error_free (local);
    return true;
}

static MlgSource *
new_source (const char *path, const FileStat *st)
{
    MlgSource *source = g_new0 (MlgSource, 1);

    source->path = g_strdup (path);
    source->size = st->size;
    source->mtime = st->mtime;
    return source;
}

/* Makes the source record for a regular file. `explicit_file` is true for
 * a path named by the user: it is taken even when it does not look like
 * mail (they asked for it), read as one message. Returns NULL (no error)
 * for a file the walk should skip, or that the caller knows. */
static MlgSource *
make_source (const Walk *walk, const char *path, const FileStat *st,
             bool explicit_file, GError **error)
{
    SniffResult kind;
    bool gzip;
    MlgSource *source;

    /* The caller read this very file (same size and mtime) as an archive
     * before, so it was mail then and, unchanged, is mail now: reading
     * its start again would only cost an open, a read and a close. */
    if (walk->known != NULL
        && walk->known (path, st->size, st->mtime, walk->user_data))
        return NULL;
    if (!sniff_file (path, &kind, &gzip, error))
        return NULL;
    if (!explicit_file && (kind == SNIFF_NOT_MAIL || kind == SNIFF_EMPTY))
        return NULL;
    source = new_source (path, st);
    source->gzip = gzip;
    switch (kind) {
    case SNIFF_PIPERMAIL:
        source->format = MLG_SOURCE_PIPERMAIL;
        break;
    case SNIFF_MBOX:
    case SNIFF_EMPTY: /* an empty mbox: zero messages */
        /* An .eml or a Maildir file is one message by definition: a
         * leading `From ` line there is an envelope, and a later one is
         * body text (an attached patch), not a separator. */
        source->format = is_single_message_name (path)
                             ? MLG_SOURCE_MESSAGE
                             : gzip ? MLG_SOURCE_MBOX_GZ : MLG_SOURCE_MBOX;
        break;
    case SNIFF_TAR:
        source->format = MLG_SOURCE_TAR;
        break;
    case SNIFF_MESSAGE:
    case SNIFF_NOT_MAIL:
    default:
        source->format = MLG_SOURCE_MESSAGE;
        break;
    }
    return source;
}

/* ------------------------------------------------------------------ */
/* Walking                                                              */
/* ------------------------------------------------------------------ */

/* One directory entry, with what stat() said about it (about the file a
 * link points to, for a link). */
typedef struct {
    char *name;
    FileStat st;
} Entry;

static void
entry_clear (gpointer data)
{
    g_free (((Entry *) data)->name);
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
    return strcmp (((const Entry *) a)->name, ((const Entry *) b)->name);
}

/* Stats `name` in the directory open as `dfd`: relative to the open
 * directory, because resolving every file's full path again was most of
 * the kernel's share of an incremental run (one stat per archive).
 * Returns false for an entry the walk ignores: one that vanished while we
 * looked, or a link to anything but a regular file. */
static bool
stat_entry (int dfd, const char *name, FileStat *file)
{
    GStatBuf st;

    if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return false;
    /* Follow links to files, never to directories: that is how loops are
     * avoided without tracking inodes. */
    if (S_ISLNK (st.st_mode)
        && (fstatat (dfd, name, &st, 0) != 0 || !S_ISREG (st.st_mode)))
        return false;
    file_stat_set (file, &st);
    return true;
}

static bool
walk_dir (const Walk *walk, const char *dir, GPtrArray *sources,
          GError **error)
{
    GError *local = NULL;
    g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
    g_autoptr (GString) path = NULL;
    g_autofree char *first = NULL;
    gsize prefix_len;
    const struct dirent *ent;
    bool maildir = false;
    int saved;
    /* opendir() rather than GDir: the error message must carry the
     * strerror text alone ("cannot open 'x': Permission denied"), and
     * GDir only gives its own sentence. */
    DIR *d = opendir (dir);

    if (d == NULL) {
        saved = errno;
        set_open_error (&local, dir, saved);
        return walk_failed (walk, local, error);
    }
    g_array_set_clear_func (entries, entry_clear);
    /* Everything is stat'ed while the directory is open, and the
     * directory is closed before its subdirectories are walked, so that a
     * deep tree holds one directory open at a time. */
    errno = 0;
    while ((ent = readdir (d)) != NULL) {
        const char *name = ent->d_name;
        Entry entry = {NULL};

        if (name[0] != '.') {
            if (strcmp (name, "cur") == 0 || strcmp (name, "new") == 0)
                maildir = true;
            if (stat_entry (dirfd (d), name, &entry.st)) {
                entry.name = g_strdup (name);
                g_array_append_val (entries, entry);
            }
        }
        errno = 0;
    }
    saved = errno;
    closedir (d);
    if (saved != 0) {
        /* What was listed before the error is walked all the same. */
        g_set_error (&local, MLG_ARCHIVE_ERROR, MLG_ERROR_IO,
                     "cannot read '%s': %s", dir, g_strerror (saved));
        if (!walk_failed (walk, local, error))
            return false;
    }
    /* Byte-wise order, not the locale's: the same tree must give the same
     * order (and so the same offsets and ids) on every machine. */
    g_array_sort (entries, compare_entries);

    /* Paths are `dir` and a name joined as g_build_filename() joins them
     * (a source's path is its key in the store, so it must not change),
     * but g_build_filename() was a tenth of an incremental run: since a
     * name holds no separator, the join is the same prefix followed by
     * the name, so build the prefix once. */
    first = g_build_filename (dir, "x", NULL);
    prefix_len = strlen (first) - 1;
    path = g_string_new_len (first, (gssize) prefix_len);

    for (guint i = 0; i < entries->len; i++) {
        const Entry *entry = &g_array_index (entries, Entry, i);

        g_string_truncate (path, prefix_len);
        g_string_append (path, entry->name);
        if (S_ISDIR (entry->st.mode)) {
            /* A Maildir's tmp/ holds messages still being delivered. */
            if (maildir && strcmp (entry->name, "tmp") == 0)
                continue;
            if (!walk_dir (walk, path->str, sources, error))
                return false;
        } else if (S_ISREG (entry->st.mode)) {
            MlgSource *source = make_source (walk, path->str, &entry->st,
                                             false, &local);
            if (source != NULL)
                g_ptr_array_add (sources, source);
            else if (local != NULL && !walk_failed (walk, local, error))
                return false;
            local = NULL;
        }
        /* FIFOs, sockets and devices are never archives, and opening a
         * FIFO would block. */
    }
    return true;
}

bool
_mlg_archive_walk (const char *path, GPtrArray *sources, GError **error)
{
    return _mlg_archive_walk_known (path, NULL, NULL, sources, NULL, error);
}

bool
_mlg_archive_walk_known (const char *path, MlgArchiveKnownFunc known,
                         gpointer user_data, GPtrArray *sources,
                         GPtrArray *failures, GError **error)
{
    Walk walk = {known, user_data, failures};
    GStatBuf st;
    FileStat file;
    GError *local = NULL;
    MlgSource *source;

    g_return_val_if_fail (path != NULL, false);
    g_return_val_if_fail (sources != NULL, false);

    if (g_stat (path, &st) != 0) {
        int saved = errno;
        set_open_error (&local, path, saved);
        return walk_failed (&walk, local, error);
    }
    if (S_ISDIR (st.st_mode))
        return walk_dir (&walk, path, sources, error);
    if (!S_ISREG (st.st_mode)) {
        g_set_error (&local, MLG_ARCHIVE_ERROR, MLG_ERROR_INVALID,
                     "cannot read '%s': not a regular file or directory",
                     path);
        return walk_failed (&walk, local, error);
    }
    file_stat_set (&file, &st);
    source = make_source (&walk, path, &file, true, &local);
    if (source == NULL && local != NULL)
        return walk_failed (&walk, local, error);
    /* No source and no error: one the caller knows. */
    if (source != NULL)
        g_ptr_array_add (sources, source);
    return true;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */
/* ------------------------------------------------------------------ */

struct _MlgArchive {
    char *path;
    bool mbox;          /* split on From lines (else one message) */
    bool gzip;
    int fd;             /* plain files: for pread of the last byte */
    GMimeStream *stream; /* the file, or its decompressed content */
    GMimeStream *cap;    /* MlgCapStream over `stream`: what GMime reads */
    GMimeParser *parser;
    gint64 start;       /* where reading began */
    guint count;        /* messages returned */
    gint64 restart_offset; /* where the parser was last restarted */
    bool done;
    bool truncated;
    /* A tar archive: the reader, and the archive of its current member
     * (whose stream reads from the tar). */
    MlgTar *tar;
    MlgArchive *member;
    MlgSourceFormat member_format;
    bool tar_member;    /* this archive is a member of a tar */
};

static MlgArchive *tar_open (const MlgSource *source, gint64 offset,
                             GError **error);
static bool tar_next (MlgArchive *archive, MlgArchiveEntry *entry,
                      GError **error);

void
_mlg_archive_entry_clear (MlgArchiveEntry *entry)
{
    if (entry == NULL)
        return;
    g_clear_object (&entry->message);
    g_clear_pointer (&entry->from_line, g_free);
    entry->offset = 0;
    entry->member = NULL;
    entry->oversized = false;
}

void
_mlg_archive_close (MlgArchive *archive)
{
    if (archive == NULL)
        return;
    g_clear_pointer (&archive->member, _mlg_archive_close);
    g_clear_object (&archive->parser);
    g_clear_object (&archive->cap);
    g_clear_object (&archive->stream); /* closes fd (GMimeStreamFs owns it) */
    g_clear_pointer (&archive->tar, _mlg_tar_close);
    g_free (archive->path);
    g_free (archive);
}

/* Points a new parser at the current position of the stream. */
static void
start_parser (MlgArchive *archive, GMimeFormat format)
{
    g_clear_object (&archive->parser);
    archive->parser = g_mime_parser_new_with_stream (archive->cap);
    g_mime_parser_set_format (archive->parser, format);
    /* Load each message into memory rather than keep references into the
     * file: messages are used one at a time, and for gzip'd sources the
     * stream cannot seek back at all. */
    g_mime_parser_set_persist_stream (archive->parser, FALSE);
}

MlgArchive *
_mlg_archive_open (const MlgSource *source, gint64 offset, GError **error)
{
    g_autoptr (MlgArchive) archive = NULL;
    int fd;

    g_return_val_if_fail (source != NULL && source->path != NULL, NULL);
    g_return_val_if_fail (offset >= 0, NULL);

    if (source->format == MLG_SOURCE_TAR)
        return tar_open (source, offset, error);
    fd = g_open (source->path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) {
        int saved = errno;
        set_open_error (error, source->path, saved);
        return NULL;
    }
    archive = g_new0 (MlgArchive, 1);
    archive->path = g_strdup (source->path);
    archive->mbox = source->format != MLG_SOURCE_MESSAGE;
    archive->gzip = source->gzip || source->format == MLG_SOURCE_MBOX_GZ;
    archive->fd = archive->gzip ? -1 : fd;

    if (offset != 0 && (archive->gzip || !archive->mbox)) {
        close (fd);
        g_set_error (error, MLG_ARCHIVE_ERROR, MLG_ERROR_INVALID,
                     "cannot resume '%s' at byte %" G_GINT64_FORMAT
                     ": only plain mbox files can be resumed",
                     source->path, offset);
        return NULL;
    }
    if (offset != 0) {
        /* A recorded offset is the start of a From line. If it is not
         * any more, the file was rewritten, and reading from there would
         * invent messages: the caller must start over. */
        char head[5];
        if (pread (fd, head, 5, offset) != 5
            || memcmp (head, "From ", 5) != 0) {
            close (fd);
            g_set_error (error, MLG_ARCHIVE_ERROR, MLG_ERROR_INVALID,
                         "cannot resume '%s' at byte %" G_GINT64_FORMAT
                         ": no message starts there (was the file "
                         "rewritten?)", source->path, offset);
            return NULL;
        }
    }

    if (archive->gzip) {
        archive->stream = gz_stream_new (fd);
        if (archive->stream == NULL) {
            g_set_error (error, MLG_ARCHIVE_ERROR, MLG_ERROR_IO,
                         "cannot read '%s': %s", source->path,
                         g_strerror (ENOMEM));
            return NULL;
        }
    } else {
        archive->stream = g_mime_stream_fs_new (fd);
        if (offset != 0
            && g_mime_stream_seek (archive->stream, offset,
                                   GMIME_STREAM_SEEK_SET) != offset) {
            g_set_error (error, MLG_ARCHIVE_ERROR, MLG_ERROR_IO,
                         "cannot seek in '%s': %s", source->path,
                         g_strerror (errno));
            return NULL;
        }
    }
    archive->cap = cap_stream_new (archive->stream);
    archive->start = offset;
    archive->restart_offset = -1;
    start_parser (archive, archive->mbox ? GMIME_FORMAT_MBOX
                                         : GMIME_FORMAT_MESSAGE);
    return g_steal_pointer (&archive);
}

/* ---- tar archives (mlg-tar.c reads them) ---- */

static MlgArchive *
tar_open (const MlgSource *source, gint64 offset, GError **error)
{
    g_autoptr (MlgArchive) archive = NULL;

    if (offset != 0) {
        g_set_error (error, MLG_ARCHIVE_ERROR, MLG_ERROR_INVALID,
                     "cannot resume '%s' at byte %" G_GINT64_FORMAT
                     ": only plain mbox files can be resumed",
                     source->path, offset);
        return NULL;
    }
    archive = g_new0 (MlgArchive, 1);
    archive->path = g_strdup (source->path);
    archive->fd = -1;
    archive->restart_offset = -1;
    archive->tar = _mlg_tar_open (source->path, error);
    if (archive->tar == NULL)
        return NULL;
    return g_steal_pointer (&archive);
}

static int
tar_member_last_byte (MlgArchive *archive)
{
    return _mlg_tar_member_last_byte (archive->stream);
}

/* Opens the next member of `archive` that is mail as archive->member.
 * Returns false at the end of the tar (or where it was cut). */
static bool
tar_next_member (MlgArchive *archive, GError **error)
{
    MlgTarMember member;

    while (_mlg_tar_next (archive->tar, &member, error)) {
        SniffResult kind = sniff_buffer (member.head, member.head_len,
                                         member.name);
        MlgArchive *inner;

        if (kind != SNIFF_MBOX && kind != SNIFF_PIPERMAIL
            && kind != SNIFF_MESSAGE)
            continue;
        inner = g_new0 (MlgArchive, 1);
        inner->path = g_strdup (member.name);
        inner->fd = -1;
        inner->restart_offset = -1;
        inner->tar_member = true;
        inner->mbox = kind != SNIFF_MESSAGE;
        inner->stream = _mlg_tar_member_stream (archive->tar, inner->mbox);
        /* Capped like any archive: a member can be a bomb too. */
        inner->cap = cap_stream_new (inner->stream);
        start_parser (inner, inner->mbox ? GMIME_FORMAT_MBOX
                                         : GMIME_FORMAT_MESSAGE);
        archive->member = inner;
        archive->member_format = kind == SNIFF_MESSAGE ? MLG_SOURCE_MESSAGE
                                 : kind == SNIFF_PIPERMAIL
                                     ? MLG_SOURCE_PIPERMAIL
                                     : MLG_SOURCE_MBOX;
        return true;
    }
    return false;
}

/* _mlg_archive_next() of a tar: the next message of the current member,
 * or of the next member that is mail. */
static bool
tar_next (MlgArchive *archive, MlgArchiveEntry *entry, GError **error)
{
    _mlg_archive_entry_clear (entry);
    while (!archive->done) {
        MlgArchive *member = archive->member;

        if (member == NULL) {
            if (!tar_next_member (archive, error)) {
                archive->done = true;
                return false;
            }
            continue;
        }
        if (_mlg_archive_next (member, entry, error)) {
            entry->offset = _mlg_tar_member_offset (member->stream,
                                                    entry->offset);
            entry->member = member->path;
            entry->member_format = archive->member_format;
            archive->count++;
            return true;
        }
        if (error != NULL && *error != NULL) {
            archive->done = true;
            return false;
        }
        /* A member cut short inside a message is the tar cut short (its
         * members are whole otherwise). */
        if (member->truncated && _mlg_tar_is_truncated (archive->tar))
            archive->truncated = true;
        g_clear_pointer (&archive->member, _mlg_archive_close);
    }
    return false;
}

/* Starts a new mbox parser where the current one stopped. */
static bool
restart_parser (MlgArchive *archive)
{
    gint64 at = g_mime_parser_tell (archive->parser);

    if (!archive->gzip && !archive->tar_member
        && g_mime_stream_seek (archive->cap, at, GMIME_STREAM_SEEK_SET) != at)
        return false;
    archive->restart_offset = at;
    start_parser (archive, GMIME_FORMAT_MBOX);
    return true;
}

/* The I/O error of the underlying stream, if any. */
static bool
check_stream_error (MlgArchive *archive, GError **error)
{
    if (archive->gzip) {
        MlgGzStream *gz = MLG_GZ_STREAM (archive->stream);
        if (gz->io_errno != 0) {
            g_set_error (error, MLG_ARCHIVE_ERROR, MLG_ERROR_IO,
                         "cannot read '%s': %s", archive->path,
                         g_strerror (gz->io_errno));
            return false;
        }
    }
    return true;
}

/* Called once the parser has reached the end: decides whether the data
 * stopped in the middle of a message. `last` is the final message read
 * (NULL when there was none). */
static void
check_truncation (MlgArchive *archive, GMimeMessage *last)
{
    int last_byte = -1;

    /* Look at the real end of the data, not where the parser stopped: it
     * may have given up on a last line without a newline. */
    if (archive->gzip) {
        MlgGzStream *gz = MLG_GZ_STREAM (archive->stream);
        char buf[4096];

        while (g_mime_stream_read (archive->stream, buf, sizeof buf) > 0)
            ;
        if (gz->truncated)
            archive->truncated = true;
        last_byte = gz->last_byte;
    } else if (archive->tar_member) {
        last_byte = tar_member_last_byte (archive);
    } else {
        struct stat st;
        unsigned char c;

        if (fstat (archive->fd, &st) == 0 && st.st_size > 0
            && pread (archive->fd, &c, 1, st.st_size - 1) == 1)
            last_byte = c;
    }
    /* (The fallback to one message clears `mbox`: that file had no From
     * line, and a message file may well end without a newline.) */
    if (!archive->mbox)
        return;
    /* An mbox writer always ends a message with a newline; a last message
     * without one, or whose headers never ended, was cut short (or is
     * still being appended to). */
    if (last_byte != '\n')
        archive->truncated = true;
    /* GMime leaves headers_end at the previous message's value when the
     * data ends before the blank line that closes the headers. */
    else if (last != NULL
             && g_mime_parser_get_headers_end (archive->parser)
                    < g_mime_parser_get_headers_begin (archive->parser))
        archive->truncated = true;
}

/* The message just parsed was cut at MLG_MAX_MESSAGE_BYTES: skips the
 * rest of it, and starts a parser at the next message, if there is one. */
static void
skip_oversized (MlgArchive *archive)
{
    if (archive->mbox
        && cap_stream_skip_message (MLG_CAP_STREAM (archive->cap))) {
        archive->restart_offset = g_mime_stream_tell (archive->cap);
        start_parser (archive, GMIME_FORMAT_MBOX);
        return;
    }
    archive->done = true;
    /* Not `last`: its headers may well be the ones that were cut. */
    check_truncation (archive, NULL);
}

bool
_mlg_archive_next (MlgArchive *archive, MlgArchiveEntry *entry,
                   GError **error)
{
    g_return_val_if_fail (archive != NULL, false);
    g_return_val_if_fail (entry != NULL, false);

    if (archive->tar != NULL)
        return tar_next (archive, entry, error);
    _mlg_archive_entry_clear (entry);
    while (!archive->done) {
        GMimeMessage *message;
        gint64 before = g_mime_parser_tell (archive->parser);
        bool cut;

        if (g_mime_parser_eos (archive->parser)) {
            archive->done = true;
            check_truncation (archive, NULL);
            break;
        }
        cap_stream_start_message (MLG_CAP_STREAM (archive->cap));
        message = g_mime_parser_construct_message (archive->parser, NULL);
        if (!check_stream_error (archive, error)) {
            g_clear_object (&message);
            archive->done = true;
            return false;
        }
        cut = MLG_CAP_STREAM (archive->cap)->capped;
        if (message == NULL && cut) {
            /* Nothing GMime could make a message of in the first
             * MLG_MAX_MESSAGE_BYTES after a From line. */
            skip_oversized (archive);
            continue;
        }
        if (message == NULL) {
            gint64 marker = archive->mbox
                ? g_mime_parser_get_mbox_marker_offset (archive->parser)
                : -1;

            /* No From line anywhere in a file that looked like an mbox
             * (or a gzip'd message): read it as one message instead. */
            if (archive->mbox && archive->count == 0 && archive->start == 0
                && archive->restart_offset < 0
                && marker < 0 && g_mime_stream_reset (archive->cap) == 0) {
                archive->mbox = false;
                start_parser (archive, GMIME_FORMAT_MESSAGE);
                continue;
            }
            if (g_mime_parser_eos (archive->parser)) {
                archive->done = true;
                check_truncation (archive, NULL);
                continue;
            }
            /* GMime could not make a message of what follows a From line
             * (a mangled header block, say). It may still be moving; if
             * it is stuck, start a fresh parser where it stopped, which
             * skips to the next From line: one bad message must not hide
             * the rest of the archive. For a gzip'd source the parser's
             * read-ahead (at most a few KiB) is lost with it. A parser
             * stuck twice at the same place means the end. */
            if (g_mime_parser_tell (archive->parser) > before)
                continue;
            if (before <= archive->restart_offset
                || !restart_parser (archive)) {
                archive->done = true;
                check_truncation (archive, NULL);
            }
            continue;
        }
        if (archive->mbox) {
            entry->offset = g_mime_parser_get_mbox_marker_offset (
                archive->parser);
            entry->from_line = g_mime_parser_get_mbox_marker (archive->parser);
            if (entry->from_line != NULL)
                g_strchomp (entry->from_line); /* CRLF files keep a \r */
        } else {
            entry->offset = 0;
            /* Only one message in MESSAGE format. */
            archive->done = true;
        }
        if (cut) {
            entry->oversized = true;
            if (!archive->done)
                skip_oversized (archive);
            else
                check_truncation (archive, NULL);
        } else if (archive->done || g_mime_parser_eos (archive->parser)) {
            archive->done = true;
            check_truncation (archive, message);
        }
        entry->message = message;
        archive->count++;
        return true;
    }
    return false;
}

gint64
_mlg_archive_get_position (MlgArchive *archive)
{
    g_return_val_if_fail (archive != NULL, 0);

    if (archive->tar != NULL)
        return _mlg_tar_get_position (archive->tar);
    /* For gzip'd sources report compressed bytes so that progress can be
     * compared with the file size. */
    if (archive->gzip) {
        MlgGzStream *gz = MLG_GZ_STREAM (archive->stream);
        return gz->gz != NULL ? (gint64) gzoffset (gz->gz) : 0;
    }
    return MAX (g_mime_parser_tell (archive->parser), 0);
}

bool
_mlg_archive_is_truncated (MlgArchive *archive)
{
    g_return_val_if_fail (archive != NULL, false);
    if (archive->tar != NULL && _mlg_tar_is_truncated (archive->tar))
        return true;
    return archive->truncated;
}
