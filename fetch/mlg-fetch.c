/* mlg-fetch.c - the fetcher: what IMAP and HTTP fetching share (files
 * under the mail directory, curl handles and their errors, indexing and
 * committing with the fetch state), and the choice between them.
 */
#include "mlg-fetch-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mlg-config.h"

G_DEFINE_QUARK (mlg-fetch-error-quark, mlg_fetch_error)

MlgFetcher *
mlg_fetcher_new (MlgStore *store, MlgIndexer *indexer,
                 const MlgFetchOptions *options)
{
    MlgFetcher *fetcher;

    g_return_val_if_fail (store != NULL && indexer != NULL, NULL);
    g_return_val_if_fail (options != NULL && options->mail_dir != NULL,
                          NULL);

    /* Once per process, before any thread: curl's global state. */
    static gsize curl_ready;
    if (g_once_init_enter (&curl_ready)) {
        curl_global_init (CURL_GLOBAL_DEFAULT);
        g_once_init_leave (&curl_ready, 1);
    }

    fetcher = g_new0 (MlgFetcher, 1);
    fetcher->store = store;
    fetcher->indexer = indexer;
    fetcher->options = *options;
    if (fetcher->options.batch == 0)
        fetcher->options.batch = 1;
    if (fetcher->options.timeout == 0)
        fetcher->options.timeout = MLG_FETCH_TIMEOUT;
    if (fetcher->options.email == NULL)
        fetcher->options.email = "anonymous@invalid";
    return fetcher;
}

void
mlg_fetcher_set_mail_store (MlgFetcher *fetcher, MlgStore *mail)
{
    g_return_if_fail (fetcher != NULL);
    fetcher->mail = mail;
}

void
mlg_fetcher_free (MlgFetcher *fetcher)
{
    g_free (fetcher);
}

void
mlg_fetcher_set_progress (MlgFetcher *fetcher, MlgFetchProgressFunc func,
                          gpointer user_data)
{
    g_return_if_fail (fetcher != NULL);
    fetcher->progress = func;
    fetcher->progress_data = user_data;
}

void
mlg_fetcher_cancel (MlgFetcher *fetcher)
{
    g_return_if_fail (fetcher != NULL);
    g_atomic_int_set (&fetcher->cancelled, 1);
    mlg_indexer_cancel (fetcher->indexer);
}

const MlgFetchStats *
mlg_fetcher_get_stats (MlgFetcher *fetcher)
{
    g_return_val_if_fail (fetcher != NULL, NULL);
    return &fetcher->stats;
}

bool
_mlg_fetch_check_cancelled (MlgFetcher *fetcher, GError **error)
{
    if (!g_atomic_int_get (&fetcher->cancelled))
        return true;
    g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_CANCELLED,
                 "interrupted");
    return false;
}

void
_mlg_fetch_report (MlgFetcher *fetcher, const char *url, guint64 done,
                   guint64 total)
{
    if (fetcher->progress != NULL)
        fetcher->progress (url, done, total, fetcher->progress_data);
}

bool
_mlg_fetch_commit (MlgFetcher *fetcher, GPtrArray *paths, const char *key,
                   const char *value, GError **error)
{
    gint64 start = g_get_monotonic_time ();
    bool ok = true;

    if (paths->len > 0) {
        g_ptr_array_add (paths, NULL);
        ok = mlg_indexer_add_paths (fetcher->indexer,
                                    (const char *const *) paths->pdata,
                                    error);
        g_ptr_array_remove_index (paths, paths->len - 1);
    }
    /* Indexed (and committed by the indexer) before the state says so: a
     * crash in between only makes the next run fetch them again. */
    ok = ok && mlg_store_set_fetch_state (fetcher->store, key, value, error)
         && mlg_store_commit (fetcher->store, error);
    fetcher->stats.index_us += g_get_monotonic_time () - start;
    return ok;
}

char *
_mlg_fetch_safe_name (const char *text)
{
    GString *name = g_string_new (NULL);

    for (const char *p = text; *p != '\0' && name->len < 100; p++) {
        char c = *p;

        if (g_ascii_isalnum (c) || strchr ("._+=@,-", c) != NULL)
            g_string_append_c (name, c);
        else
            g_string_append_c (name, '_');
    }
    if (name->len == 0 || name->str[0] == '.')
        g_string_prepend_c (name, '_');
    return g_string_free (name, FALSE);
}

bool
_mlg_fetch_make_dir (const char *dir, GError **error)
{
    if (g_mkdir_with_parents (dir, 0755) != 0) {
        int saved = errno;
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_IO,
                     "cannot create '%s': %s", dir, g_strerror (saved));
        return false;
    }
    return true;
}

bool
_mlg_fetch_write_file (const char *dir, const char *name, const void *data,
                       gsize len, char **path, GError **error)
{
    g_autofree char *hidden = g_strconcat (".", name, ".part", NULL);
    g_autofree char *tmp = g_build_filename (dir, hidden, NULL);
    g_autofree char *final = g_build_filename (dir, name, NULL);
    const char *p = data;
    int saved = 0;
    int fd;

    /* No fsync: a file lost in a crash is fetched again by the next run,
     * since the fetch state is committed only after the messages. */
    fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        saved = errno;
        goto fail;
    }
    while (len > 0) {
        ssize_t n = write (fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            saved = errno;
            close (fd);
            goto fail;
        }
        p += n;
        len -= (gsize) n;
    }
    if (close (fd) != 0 || g_rename (tmp, final) != 0) {
        saved = errno;
        goto fail;
    }
    *path = g_steal_pointer (&final);
    return true;

fail:
    g_unlink (tmp);
    g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_IO,
                 "cannot write '%s': %s", final, g_strerror (saved));
    return false;
}

CURL *
_mlg_fetch_curl_new (MlgFetcher *fetcher, const char *url, char *errbuf)
{
    CURL *curl = curl_easy_init ();

    if (curl == NULL)
        return NULL;
    errbuf[0] = '\0';
    curl_easy_setopt (curl, CURLOPT_URL, url);
    curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
    /* Timeouts use poll, not SIGALRM: the CLI has its own handlers. */
    curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT,
                      (long) fetcher->options.timeout);
    curl_easy_setopt (curl, CURLOPT_USERAGENT, "mlgauge/" MLG_VERSION);
    if (fetcher->options.ca_file != NULL)
        curl_easy_setopt (curl, CURLOPT_CAINFO, fetcher->options.ca_file);
    return curl;
}

void
_mlg_fetch_set_curl_error (GError **error, CURLcode code, const char *errbuf,
                           const char *url, const char *doing)
{
    const char *detail = errbuf != NULL && errbuf[0] != '\0'
                             ? errbuf
                             : curl_easy_strerror (code);
    MlgFetchErrorCode kind;
    const char *hint;

    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        kind = MLG_FETCH_ERROR_CONNECT;
        hint = "is the server up, and the host name and port right?";
        break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_USE_SSL_FAILED:
        kind = MLG_FETCH_ERROR_TLS;
        hint = "the server's certificate is not trusted, or TLS failed; "
               "give its CA with --cacert if it has a private one";
        break;
    case CURLE_OPERATION_TIMEDOUT:
        kind = MLG_FETCH_ERROR_TIMEOUT;
        hint = "the server stopped answering; try again later";
        break;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
        kind = MLG_FETCH_ERROR_CUT;
        hint = "the connection was cut; run again to resume";
        break;
    case CURLE_LOGIN_DENIED:
        kind = MLG_FETCH_ERROR_LOGIN;
        hint = "check the user and the e-mail address given as password";
        break;
    case CURLE_REMOTE_FILE_NOT_FOUND:
        kind = MLG_FETCH_ERROR_NOT_FOUND;
        hint = "check the URL";
        break;
    case CURLE_WRITE_ERROR:
        kind = MLG_FETCH_ERROR_IO;
        hint = "check the mail directory";
        break;
    default:
        kind = MLG_FETCH_ERROR_FAILED;
        hint = "try again later";
        break;
    }
    g_set_error (error, MLG_FETCH_ERROR, kind, "%s: %s failed: %s (%s)", url,
                 doing, detail, hint);
}

bool
mlg_fetch_url_is_supported (const char *url)
{
    g_autofree char *scheme = NULL;

    g_return_val_if_fail (url != NULL, false);
    scheme = g_uri_parse_scheme (url);
    return scheme != NULL
           && (g_ascii_strcasecmp (scheme, "imap") == 0
               || g_ascii_strcasecmp (scheme, "imaps") == 0
               || g_ascii_strcasecmp (scheme, "http") == 0
               || g_ascii_strcasecmp (scheme, "https") == 0);
}

bool
mlg_fetcher_fetch (MlgFetcher *fetcher, const char *url, GError **error)
{
    g_autoptr (GUri) uri = NULL;
    g_autoptr (GError) parse_error = NULL;
    const char *scheme;
    bool ok;

    g_return_val_if_fail (fetcher != NULL && url != NULL, false);

    uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY,
                       &parse_error);
    if (uri == NULL || g_uri_get_host (uri) == NULL
        || g_uri_get_host (uri)[0] == '\0') {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_INVALID_URL,
                     "'%s' is not a URL with a host: %s", url,
                     parse_error != NULL ? parse_error->message
                                         : "no host");
        return false;
    }
    if (!_mlg_fetch_check_cancelled (fetcher, error))
        return false;
    scheme = g_uri_get_scheme (uri);
    if (g_ascii_strcasecmp (scheme, "imap") == 0
        || g_ascii_strcasecmp (scheme, "imaps") == 0)
        ok = _mlg_fetch_imap (fetcher, uri, url, error);
    else if (g_ascii_strcasecmp (scheme, "http") == 0
             || g_ascii_strcasecmp (scheme, "https") == 0)
        ok = _mlg_fetch_http (fetcher, uri, url, error);
    else {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_INVALID_URL,
                     "cannot fetch '%s': only imap, imaps, http and https "
                     "URLs", url);
        return false;
    }
    if (ok)
        fetcher->stats.urls++;
    return ok;
}
