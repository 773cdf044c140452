/* mlg-fetch-private.h - what the fetcher's files share (mlg-fetch.c, the
 * IMAP and HTTP fetchers, the IMAP protocol pieces) and what the unit
 * tests reach. Private to fetch/. */
#pragma once

#include <curl/curl.h>
#include <stdbool.h>

#include "mlg-fetch.h"

G_BEGIN_DECLS

struct _MlgFetcher {
    MlgStore *store;     /* borrowed */
    MlgStore *mail;      /* borrowed, nullable: mlg_fetcher_set_mail_store() */
    MlgIndexer *indexer; /* borrowed */
    MlgFetchOptions options;
    MlgFetchProgressFunc progress;
    gpointer progress_data;
    MlgFetchStats stats;
    gint cancelled;      /* atomic: set by mlg_fetcher_cancel() */
};

/* ---- shared by the IMAP and HTTP fetchers (mlg-fetch.c) ---- */

/* Returns: false with CANCELLED once mlg_fetcher_cancel() was called. */
bool _mlg_fetch_check_cancelled (MlgFetcher *fetcher, GError **error);

void _mlg_fetch_report (MlgFetcher *fetcher, const char *url, guint64 done,
                        guint64 total);

/* Indexes `paths` (char *, files already written), then records `value`
 * as the fetch state of `key` and commits: the state becomes durable
 * only with the messages it describes. `paths` may be empty. */
bool _mlg_fetch_commit (MlgFetcher *fetcher, GPtrArray *paths,
                        const char *key, const char *value, GError **error);

/* Returns: (transfer full) a file or folder name made of `text` (from a
 * URL or a server, never trusted): its bytes outside [A-Za-z0-9._+=@,-]
 * become '_', a leading '.' too (no hidden files, no `..`), and an empty
 * name becomes `_`. At most 100 bytes. */
char *_mlg_fetch_safe_name (const char *text);

/* Makes directory `dir` and its parents.
 * Errors: MLG_FETCH_ERROR IO, naming it. */
bool _mlg_fetch_make_dir (const char *dir, GError **error);

/* Writes `data` to `dir`/`name` whole or not at all: into a hidden file
 * first (which walks pass over), renamed when complete.
 * Returns: (transfer full) in `path` the file written.
 * Errors: MLG_FETCH_ERROR IO. */
bool _mlg_fetch_write_file (const char *dir, const char *name,
                            const void *data, gsize len, char **path,
                            GError **error);

/* A curl handle with what every transfer shares: the connect timeout,
 * the CA file, no signals, and `errbuf` (CURL_ERROR_SIZE) for details. */
CURL *_mlg_fetch_curl_new (MlgFetcher *fetcher, const char *url,
                           char *errbuf);

/* A curl handle for one HTTP(S) GET: _mlg_fetch_curl_new's settings, up
 * to five redirects within http and https, the three callbacks given
 * `data`, and a server silent for the fetcher's timeout taken as gone. */
CURL *_mlg_fetch_http_curl_new (MlgFetcher *fetcher, const char *url,
                                char *errbuf, curl_write_callback on_header,
                                curl_write_callback on_data,
                                curl_xferinfo_callback on_progress,
                                void *data);

/* Sets `error` for a failed curl call: a code for the caller (CONNECT,
 * TLS, TIMEOUT, CUT, ...) and a message that names `url` and says what
 * failed while `doing` and what to do. */
void _mlg_fetch_set_curl_error (GError **error, CURLcode code,
                                const char *errbuf, const char *url,
                                const char *doing);

bool _mlg_fetch_imap (MlgFetcher *fetcher, GUri *uri, const char *url,
                      GError **error);
bool _mlg_fetch_http (MlgFetcher *fetcher, GUri *uri, const char *url,
                      GError **error);

/* ---- the Datatracker (mlg-fetch-datatracker.c) ---- */

/* Returns: (transfer full) the stored, normalised form of `doc`: JSON
 * that mlg_dt_document_parse() reads back to the same document. */
char *_mlg_datatracker_format_document (const MlgDtDocument *doc);
/* Returns: (transfer full) `emails` (char *) as a JSON array. */
char *_mlg_datatracker_format_chairs (GPtrArray *emails);

/* ---- UID sets (mlg-fetch-imap.c) ---- */

/* A set of UIDs: a GArray of MlgUidRange, sorted, disjoint, merged. */
typedef struct {
    guint32 first;
    guint32 last;
} MlgUidRange;

GArray *_mlg_uid_set_new (void);
void _mlg_uid_set_add (GArray *set, guint32 uid);
bool _mlg_uid_set_contains (const GArray *set, guint32 uid);
/* Returns: (transfer full) the IMAP sequence-set form, "1:5,7,9:12"; ""
 * for an empty set. */
char *_mlg_uid_set_format (const GArray *set);
/* Parses what _mlg_uid_set_format() writes (any order, overlaps).
 * Returns: (transfer full) the set, or NULL for malformed text. */
GArray *_mlg_uid_set_parse (const char *text);

/* ---- IMAP responses (mlg-fetch-imap.c) ---- */

/* One whole server response: its text, cut where it announces literals
 * (`{N}` at a line's end), and the literals. texts->len is
 * literals->len + 1. */
typedef struct {
    char kind;         /* '*' untagged, '+' continuation, 'T' tagged */
    char *tag;         /* the tag of a tagged response, else NULL */
    GPtrArray *texts;  /* char *: the first without "* ", "+ " or tag */
    GPtrArray *literals; /* GBytes * */
} MlgImapResponse;

void _mlg_imap_response_free (MlgImapResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgImapResponse, _mlg_imap_response_free)

/* Splits the bytes a server sends into responses, however they arrive. */
typedef struct _MlgImapReader MlgImapReader;

MlgImapReader *_mlg_imap_reader_new (void);
void _mlg_imap_reader_free (MlgImapReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgImapReader, _mlg_imap_reader_free)

void _mlg_imap_reader_feed (MlgImapReader *reader, const char *data,
                            gsize len);
/* Returns: (transfer full) the next whole response; NULL when more bytes
 * are needed (error unset) or the bytes are no IMAP (error set,
 * PROTOCOL: a line of over 64 KiB, a malformed literal). */
MlgImapResponse *_mlg_imap_reader_next (MlgImapReader *reader,
                                        GError **error);

/* "* N FETCH (...)": the UID and the first BODY[...] value (a literal or
 * a string; NULL for NIL).
 * Returns: false when `response` is not a FETCH with a UID. */
bool _mlg_imap_parse_fetch (const MlgImapResponse *response, guint32 *uid,
                            GBytes **body);
/* "* SEARCH 3 4 5": appends the numbers to `uids` (guint32).
 * Returns: false when `response` is not a SEARCH. */
bool _mlg_imap_parse_search (const MlgImapResponse *response, GArray *uids);
/* "* N EXISTS". Returns: false when it is not. */
bool _mlg_imap_parse_exists (const MlgImapResponse *response,
                             guint32 *exists);
/* A response code "[NAME number]" in the text of `response`.
 * Returns: false when it has none. */
bool _mlg_imap_parse_code (const MlgImapResponse *response, const char *name,
                           guint32 *value);
/* "* NAMESPACE personal other shared": appends the prefixes of the other
 * users' and the shared namespaces (char *) to `prefixes`.
 * Returns: false when it is not a NAMESPACE. */
bool _mlg_imap_parse_namespace (const MlgImapResponse *response,
                                GPtrArray *prefixes);
/* Returns: (transfer full) `text` as an IMAP quoted string, or NULL when
 * it cannot be one (a CR, LF or byte outside ASCII). */
char *_mlg_imap_quote (const char *text);

/* ---- politeness (mlg-fetch-imap.c) ---- */

/* At most `burst` commands at once, then one per `interval` on average:
 * the first commands of a session (login, folder, search, logout) go
 * without waiting, the downloads that follow are paced. */
typedef struct {
    gint64 interval_us;
    gint64 burst;
    gint64 next_us; /* theoretical time of the next command; 0: none yet */
} MlgPace;

void _mlg_pace_init (MlgPace *pace, double interval, guint burst);
/* Returns: microseconds to wait, at `now_us`, before the next command;
 * the command counts as sent once waited for. */
gint64 _mlg_pace_delay (MlgPace *pace, gint64 now_us);

G_END_DECLS
