/* mlg-fetch.h - the public interface of the fetcher: new mail from the
 * network (an IMAP folder, an archive file over HTTP), kept as raw files
 * and indexed in the same run.
 *
 * The fetcher sits on the indexer: it writes what it downloads under a
 * mail directory, hands the new files to an MlgIndexer, and records in
 * the store what it has fetched (per IMAP folder: UIDVALIDITY and UIDs;
 * per HTTP file: ETag and Last-Modified), committed together with the
 * messages, so that the next run asks only for what is new and an
 * interrupted run resumes. It never prints: progress goes through a
 * callback, failures through GError.
 *
 * Ownership: as in mlg-indexer.h.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "mlg-indexer.h"

G_BEGIN_DECLS

#define MLG_FETCH_ERROR (mlg_fetch_error_quark ())

typedef enum {
    MLG_FETCH_ERROR_INVALID_URL, /* not a URL the fetcher can fetch */
    MLG_FETCH_ERROR_CONNECT,     /* the server cannot be reached */
    MLG_FETCH_ERROR_TLS,         /* TLS handshake or certificate failed */
    MLG_FETCH_ERROR_LOGIN,       /* the server refused the login */
    MLG_FETCH_ERROR_NOT_FOUND,   /* no such folder or file on the server */
    MLG_FETCH_ERROR_TIMEOUT,     /* the server went silent */
    MLG_FETCH_ERROR_CUT,         /* the connection ended mid-transfer */
    MLG_FETCH_ERROR_PROTOCOL,    /* an answer the fetcher cannot use */
    MLG_FETCH_ERROR_IO,          /* writing under the mail directory */
    MLG_FETCH_ERROR_CANCELLED,   /* stopped by mlg_fetcher_cancel() */
    MLG_FETCH_ERROR_FAILED       /* anything else */
} MlgFetchErrorCode;

GQuark mlg_fetch_error_quark (void);

/* How to fetch. Strings are borrowed for the life of the fetcher. */
typedef struct {
    const char *mail_dir; /* where raw files go (created when absent) */
    guint batch;          /* messages per IMAP FETCH command (>= 1) */
    double interval;      /* seconds between IMAP commands, on average */
    guint burst;          /* IMAP commands sent at once before the
                             interval applies: the five of a session
                             that finds nothing new (CAPABILITY, LOGIN,
                             EXAMINE, UID SEARCH, LOGOUT) */
    guint timeout;        /* seconds a server may stay silent */
    const char *email;    /* the password of `LOGIN anonymous` (the IETF
                             asks for an e-mail address) */
    const char *ca_file;  /* nullable: CA certificates for TLS (PEM);
                             NULL: the system's */
} MlgFetchOptions;

/* The defaults: a cron job polite to a shared server. */
#define MLG_FETCH_BATCH 100
#define MLG_FETCH_INTERVAL 1.0
#define MLG_FETCH_BURST 5
#define MLG_FETCH_TIMEOUT 60

/* Counters of one fetcher, over every URL it fetched. */
typedef struct {
    guint64 urls;       /* URLs fetched without error */
    guint64 messages;   /* messages downloaded from IMAP folders */
    guint64 known;      /* listed again after a folder was rebuilt (or
                           on a first fetch into a database that had
                           them) and not downloaded: already indexed */
    guint64 files;      /* files downloaded over HTTP */
    guint64 unchanged;  /* HTTP files the server said were unchanged */
    guint64 rebuilt;    /* IMAP folders whose UIDVALIDITY changed */
    guint64 bytes;      /* bytes received */
    guint64 commands;   /* IMAP commands sent */
    gint64 wait_us;     /* time spent waiting for a server's bytes */
    gint64 pace_us;     /* time held back by the interval (politeness) */
    gint64 index_us;    /* time spent indexing and committing */
    guint64 documents;  /* Datatracker documents learnt */
    guint64 unknown;    /* drafts the Datatracker does not know (404) */
    guint64 groups;     /* groups whose chairs were learnt */
    guint64 retries;    /* requests asked again after an HTTP 429 */
} MlgFetchStats;

typedef struct _MlgFetcher MlgFetcher;

/* Returns: (transfer full) a fetcher that indexes with `indexer` into
 * `store` (both borrowed: they must outlive it; the store in write
 * mode). */
MlgFetcher *mlg_fetcher_new (MlgStore *store, MlgIndexer *indexer,
                             const MlgFetchOptions *options);
void mlg_fetcher_free (MlgFetcher *fetcher);

/* Makes the Datatracker refresh ask about the drafts and lists of the
 * messages of `mail` (borrowed, read mode) rather than of the store it
 * writes. For a sharded database: the refresh reads all its shards and
 * writes its facts into the first, whose metadata is what a stub's
 * readers read. */
void mlg_fetcher_set_mail_store (MlgFetcher *fetcher, MlgStore *mail);

/* Called as a URL is fetched: `url` (borrowed), messages or bytes `done`
 * of `total` (0 when unknown). */
typedef void (*MlgFetchProgressFunc) (const char *url, guint64 done,
                                      guint64 total, gpointer user_data);
void mlg_fetcher_set_progress (MlgFetcher *fetcher,
                               MlgFetchProgressFunc func,
                               gpointer user_data);

/* Asks a running mlg_fetcher_fetch() to stop soon: what was fetched and
 * indexed stays, and it returns CANCELLED. Only sets flags (the
 * indexer's too): safe from a signal handler. */
void mlg_fetcher_cancel (MlgFetcher *fetcher);

/* Returns: whether mlg_fetcher_fetch() knows how to fetch `url`:
 * `imap://HOST[:PORT]/FOLDER`, `imaps://...`, `http://...`,
 * `https://...`. */
bool mlg_fetch_url_is_supported (const char *url);

/* Fetches what is new at `url` and indexes it.
 *
 * IMAP (`imaps://imap.ietf.org/dispatch`): logs in as `anonymous` with
 * the options' e-mail address as password (or as the URL's user), opens
 * FOLDER read-only (EXAMINE; when the server has no such folder, the
 * same name under its shared namespaces, as the IETF's `Shared
 * Folders/dispatch`), asks for the UIDs above the last one fetched, and
 * downloads them with BODY.PEEK[] in batches. Each message is written
 * as one file (`MAIL_DIR/HOST/FOLDER/UIDVALIDITY-UID.eml`); every
 * thousand messages, at the end, and before an error is returned, the
 * files are indexed and committed with the folder's new state. A folder whose
 * UIDVALIDITY changed was rebuilt: it is listed again and only the
 * messages whose Message-ID the store lacks are downloaded.
 *
 * HTTP(S): downloads the file (`MAIL_DIR/HOST/PATH`) unless the server
 * says it is unchanged (If-None-Match, If-Modified-Since), and indexes
 * it (any archive `mlgauge index` reads: mbox, pipermail .txt.gz, tar.gz).
 *
 * Errors: MLG_FETCH_ERROR (see the codes), with the URL and what to do
 * in the message; a store or indexer error as it came. Whatever was
 * fetched before an error is kept and indexed, and the next run resumes
 * after it; a file cut short is not kept.
 */
bool mlg_fetcher_fetch (MlgFetcher *fetcher, const char *url,
                        GError **error);

/* Returns: (transfer none) the counters so far. */
const MlgFetchStats *mlg_fetcher_get_stats (MlgFetcher *fetcher);

/* The Datatracker the refresh asks by default. */
#define MLG_DATATRACKER_URL "https://datatracker.ietf.org"

/* Asks the Datatracker at `base_url` (MLG_DATATRACKER_URL, or a test
 * server) about every draft the store's messages mention
 * (`BASE/doc/NAME/doc.json`) and about the chairs of their groups and
 * of the groups of the store's IETF lists (list id ACR.ietf.org)
 * (`BASE/api/v1/group/role/?group__acronym=ACR&name=chair`, following
 * `meta.next`), one request at a time at the options' interval, waiting
 * out HTTP 429 as Retry-After says (at least one second, doubling, even
 * when it says 0; at most five retries of one URL). `base_url` may be a
 * file:// URL of a snapshot directory instead, read with the same
 * parsers and limits: DIR/doc/NAME/doc.json (a missing file is a 404)
 * and DIR/group/ACRONYM/chairs.json (one role page, `meta.next` null);
 * names other than [a-z0-9-] are refused, never made into paths. Then records it all
 * in the store (MLG_DATATRACKER_DOC_KEY and the other keys of
 * mlg-indexer.h) and commits, in one go.
 *
 * A document that is refused (malformed, truncated, too large, too
 * deep, wrong types, control characters, a `meta.next` off the role
 * resource, an HTTP status other than 200 or 404) changes nothing of
 * what was stored for it: a line naming its URL and why is appended to
 * `problems` (char *, nullable), and the refresh goes on. A draft the
 * Datatracker does not know (404) is counted in `unknown`.
 *
 * Errors: MLG_FETCH_ERROR (INVALID_URL for `base_url`, CONNECT, TLS,
 * TIMEOUT, CUT, PROTOCOL for an answer above MLG_DATATRACKER_MAX_BYTES,
 * FAILED for 429 after the retries, CANCELLED), or a store error; then
 * nothing of this refresh is stored. */
bool mlg_fetcher_refresh_datatracker (MlgFetcher *fetcher,
                                      const char *base_url,
                                      GPtrArray *problems, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgFetcher, mlg_fetcher_free)

G_END_DECLS
