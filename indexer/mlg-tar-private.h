/* mlg-tar-private.h - tar and tar.gz archives of mail, read member by
 * member with libarchive (the IETF mail archive's export is a tar.gz of
 * `<name>/<list>/<YYYY-MM>.mbox` files). Private to indexer/: only
 * mlg-archive.c uses it, and the unit tests. */
#pragma once

#include <gmime/gmime.h>
#include <stdbool.h>

G_BEGIN_DECLS

/* Returns: whether `buf` (the first `len` bytes of a file, decompressed
 * when it is gzip'd) starts with a POSIX (ustar) or GNU tar header. */
bool _mlg_tar_sniff (const char *buf, size_t len);

typedef struct _MlgTar MlgTar;

/* Opens the tar (or compressed tar) archive at `path`.
 * Errors: MLG_ARCHIVE_ERROR NOT_FOUND, IO (with the path), INVALID (not
 * an archive libarchive can read).
 * Returns: (transfer full) the reader, or NULL with `error` set. */
MlgTar *_mlg_tar_open (const char *path, GError **error);
void _mlg_tar_close (MlgTar *tar);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgTar, _mlg_tar_close)

/* One member of a tar archive, as _mlg_tar_next() gives it. */
typedef struct {
    const char *name;   /* the member's path in the archive */
    const char *head;   /* its first bytes, for sniffing */
    size_t head_len;    /* at most 4096 */
} MlgTarMember;

/* Moves to the next regular file of the archive (hidden files, those
 * with a component starting with '.', are passed over) and fills
 * `member`, whose strings are borrowed until the next call.
 * Returns: true with a member; false at the end (error unset) or when
 * the archive cannot be read further (error set, IO; see
 * _mlg_tar_is_truncated() for a cut archive, which is not an error). */
bool _mlg_tar_next (MlgTar *tar, MlgTarMember *member, GError **error);

/* Returns: (transfer full) a forward-only stream over the data of the
 * current member, its head included; it reads nothing once the archive
 * has moved on. With `unescaped_mbox`, the member is an mbox whose
 * bodies were not `>From`-escaped (the IETF export): a line `From ...`
 * is a separator only after a blank line (or at the start) and when it
 * carries a sender and a date (`From a@b Mon Mar  4 10:00:00 2024`);
 * every other line that starts with `From ` or `>From `, `>>From `...
 * comes out with one more `>`, which makes the stream mboxrd, whose
 * quoting the message reader undoes exactly. */
GMimeStream *_mlg_tar_member_stream (MlgTar *tar, bool unescaped_mbox);

/* Returns: the byte offset in the member's own data of `offset`, an
 * offset in `stream` (a stream of _mlg_tar_member_stream()): the two
 * differ by the `>` the stream added before it. */
gint64 _mlg_tar_member_offset (GMimeStream *stream, gint64 offset);

/* Returns: the last byte `stream` gave, or -1 before any. */
int _mlg_tar_member_last_byte (GMimeStream *stream);

/* Returns: bytes of the archive file read so far (compressed), for
 * progress against the file's size. */
gint64 _mlg_tar_get_position (MlgTar *tar);

/* Returns: true when the archive ended early (a tar.gz cut short): what
 * came before is good, the rest is missing. */
bool _mlg_tar_is_truncated (MlgTar *tar);

G_END_DECLS
