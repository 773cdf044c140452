/* mlg-message-private.h - one parsed GMime message -> its facts.
 * Private to indexer/ (and its unit tests). */
#pragma once

#include <gmime/gmime.h>
#include "mlg-indexer.h"
#include "mlg-extract-private.h"
#include "mlg-stance-private.h"
#include "mlg-gmime-private.h"

G_BEGIN_DECLS

/* What the archive reader knows about a message that the message itself
 * does not say. Strings are borrowed for the duration of the call. */
/* What a sender address says about its sender (its organisation, whether
 * it is a machine, whether a list rewrote it), remembered per address. */
typedef struct _MlgSenderCache MlgSenderCache;

/* Returns: (transfer full) an empty cache, for one thread: it is not
 * thread-safe. */
MlgSenderCache *_mlg_sender_cache_new (void);
void _mlg_sender_cache_free (MlgSenderCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgSenderCache, _mlg_sender_cache_free)

typedef struct {
    const char *source;        /* archive path */
    gint64 offset;             /* byte offset in the archive */
    const char *from_line;     /* nullable: the mbox `From ` line */
    bool mbox;                 /* undo `>From ` quoting in bodies */
    bool pipermail;            /* `x at y` addresses in From: */
    gint64 archive_month;      /* 0 when unknown: date of last resort */
    const char *list_override; /* nullable: --list */
    const char *fallback_list; /* list when no List-Id: folder/file name */
    gint64 now;                /* for absurd-date checks */
    const MlgStancePhrases *phrases;
    MlgSenderCache *senders;   /* nullable: the reader's cache (each
                                  message works it out afresh without) */
} MlgMessageContext;

/* Returns: (transfer full) the facts of `message`, new_text and
 * quoted_text included; never NULL (a message with nothing usable still
 * gets a synthetic id and problem bits). */
MlgMessageFacts *_mlg_message_extract (GMimeMessage *message,
                                       const MlgMessageContext *context);

/* _mlg_message_extract() in two steps, for the indexer's pipeline: what
 * needs the GMime message (headers, text, sender kind), in the thread
 * that parsed it, then what only reads the facts' own text (pointers,
 * stance, question, checklist), in another. */
MlgMessageFacts *_mlg_message_read (GMimeMessage *message,
                                    const MlgMessageContext *context);
void _mlg_message_analyse (MlgMessageFacts *facts,
                           const MlgStancePhrases *phrases);

/* Returns: (transfer full) the list name used when a message carries no
 * List-Id: the archive's file name without extensions, or the name of its
 * folder when the file is named by a date (`2024-01.mbox`,
 * `2022-November.txt.gz`, `2021.mbox`), is an `.eml`, or is in a Maildir. */
char *_mlg_message_fallback_list (const char *source_path);

/* Returns: (transfer full) the IETF mail archive's permalink of the
 * message with Message-ID `id` (without <>) on list `list` (its archive
 * name, `dispatch`): `https://mailarchive.ietf.org/arch/msg/LIST/HASH/`,
 * HASH being the base64url of SHA-1 over `id` followed by `list`, without
 * `=` padding. The reader gives it to mail on an IETF list (List-Id
 * `NAME.ietf.org` or `NAME.irtf.org`) that carries no Archived-At. */
char *_mlg_message_ietf_permalink (const char *id, const char *list);

G_END_DECLS
