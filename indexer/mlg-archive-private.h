/* mlg-archive-private.h - finding archives and reading messages out of
 * them with GMime. Private to indexer/ (and its unit tests). */
#pragma once

#include <gmime/gmime.h>
#include "mlg-indexer.h"

G_BEGIN_DECLS

typedef enum {
    MLG_SOURCE_MBOX,      /* mboxo or mboxrd, `From ` separated */
    MLG_SOURCE_MBOX_GZ,   /* the same, gzip'd */
    MLG_SOURCE_PIPERMAIL, /* pipermail monthly `.txt` (maybe .gz): mbox
                             with `x at y` addresses */
    MLG_SOURCE_MESSAGE,   /* one message: .eml, Maildir file, or a file
                             without `From ` separator */
    MLG_SOURCE_TAR        /* a tar archive (maybe compressed) of any of
                             the above, read through libarchive */
} MlgSourceFormat;

/* One archive file found by _mlg_archive_walk(). */
typedef struct {
    char *path;     /* as found: given path, or joined with the walked dir */
    MlgSourceFormat format;
    bool gzip;      /* compressed (MBOX_GZ, or PIPERMAIL from .txt.gz) */
    gint64 size;
    gint64 mtime;
} MlgSource;

void _mlg_source_free (MlgSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgSource, _mlg_source_free)

/* Appends (MlgSource *) every archive under `path` to `sources`: `path`
 * itself when it is a file, else every file below it, recursively, in
 * byte-wise sorted order (deterministic), skipping hidden files, Maildir
 * `tmp/` and files that are obviously not mail (by content sniffing: a
 * file whose start is neither a `From ` line nor a header block).
 * Errors: MLG_ARCHIVE_ERROR NOT_FOUND (no such path), IO (unreadable
 * directory), with the path and strerror in the message. */
bool _mlg_archive_walk (const char *path, GPtrArray *sources,
                        GError **error);

/* Asked by _mlg_archive_walk_known() about every regular file it finds,
 * before it reads the file: whether the caller already knows `path`, with
 * this `size` and `mtime`, as an archive it has read (and so sniffed as
 * mail) before. Returns: true to leave the file out, unread. */
typedef bool (*MlgArchiveKnownFunc) (const char *path, gint64 size,
                                     gint64 mtime, gpointer user_data);

/* _mlg_archive_walk(), except that a file for which `known` (nullable)
 * returns true is left out and never opened: an incremental run over
 * thousands of unchanged archives then costs a stat() each rather than
 * an open, a read and a close (and no source record). And when
 * `failures` is not NULL, a path that cannot be read (missing, not a
 * file or directory, unreadable: the error message of
 * _mlg_archive_walk(), as a `char *`) is appended to it and the walk goes
 * on with the rest; it then never fails. Everything else (the rules for
 * what is mail, the order) is the same. */
bool _mlg_archive_walk_known (const char *path, MlgArchiveKnownFunc known,
                              gpointer user_data, GPtrArray *sources,
                              GPtrArray *failures, GError **error);

/* The most bytes of one message the reader parses (README, "Limits").
 * GMime holds a message in memory while it parses it, a header line at
 * about three and a half times its size, so this bounds the memory that
 * indexing any archive takes, whatever it holds (a gzip'd archive can
 * expand a thousandfold). The rest of a longer message is skipped, up to
 * the next `From ` line, and the message is indexed from what was read,
 * with the `oversized` problem. Real list mail is far below it: mail
 * systems refuse messages over 25 to 50 MB, lists much smaller ones, and
 * the largest of the real archives in ../shared/corpora is 0.8 MB. */
#define MLG_MAX_MESSAGE_BYTES ((gint64) 64 * 1024 * 1024)

/* The most bytes of one line of a message the reader parses, the lines
 * folded into it counted with it (a line that starts with a space or a
 * tab continues a header); the message is cut there, as at
 * MLG_MAX_MESSAGE_BYTES. GMime reallocates the buffer of a header being
 * parsed at each line or read, to the size it needs, so the time a header
 * takes grows with the square of its length. A header line is at most
 * 998 characters (RFC 5322); in the real
 * archives in ../shared/corpora the longest header, folded, is 7 KB, the
 * longest line 25 KB, and the longest run of lines indented by a tab, in
 * a body, 455 KB. A longer line in a body (HTML without line breaks,
 * say) loses little: only the first MiB of readable text is indexed. */
#define MLG_MAX_LINE_BYTES ((gint64) 1024 * 1024)

typedef struct _MlgArchive MlgArchive;

/* Opens `source` for reading from byte `offset` (0: the start; an offset
 * recorded by an earlier run to resume an mbox that grew). Compressed
 * sources and tar archives always start at 0. A tar archive gives the
 * messages of every member that is mail (sniffed as a file would be),
 * in archive order; its mbox members are read as the IETF export writes
 * them, without `>From` escaping (see mlg-tar-private.h).
 * Errors: NOT_FOUND, IO (with path), INVALID. */
MlgArchive *_mlg_archive_open (const MlgSource *source, gint64 offset,
                               GError **error);
void _mlg_archive_close (MlgArchive *archive);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgArchive, _mlg_archive_close)

/* One message read from an archive. */
typedef struct {
    GMimeMessage *message; /* owned by the entry */
    gint64 offset;         /* byte offset of the message (its From line);
                              in a tar archive, within its member */
    char *from_line;       /* nullable: the mbox `From ` line, no newline */
    const char *member;    /* nullable: the tar member the message is in,
                              borrowed until the next read */
    MlgSourceFormat member_format; /* the member's format (with member) */
    bool oversized;        /* cut at MLG_MAX_MESSAGE_BYTES: the rest of it
                              was skipped */
} MlgArchiveEntry;

void _mlg_archive_entry_clear (MlgArchiveEntry *entry);

/* Reads the next message into `entry` (cleared first).
 * Returns: true with a message; false at the end (error unset) or on a
 * read error (error set). A message GMime cannot parse at all is skipped,
 * not an error. */
bool _mlg_archive_next (MlgArchive *archive, MlgArchiveEntry *entry,
                        GError **error);

/* Returns: bytes of the (uncompressed or compressed, for progress) file
 * consumed so far. */
gint64 _mlg_archive_get_position (MlgArchive *archive);

/* Returns: true when the source ended in the middle of a message (an mbox
 * cut short while being written, a truncated gzip stream). */
bool _mlg_archive_is_truncated (MlgArchive *archive);

G_END_DECLS
