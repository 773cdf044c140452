/* mlg-fetch-http.c - an archive file over HTTP(S): a pipermail month
 * (`2024-March.txt.gz`), an mbox, the IETF mail archive's export (a
 * tar.gz). The file is kept under the mail directory as the server sent
 * it, and asked for again only conditionally (If-None-Match with its
 * ETag, If-Modified-Since with its Last-Modified), so that an unchanged
 * month costs one short answer. A download is written to a hidden file
 * and takes the old file's place only once it is complete.
 */
#include "mlg-fetch-private.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#define STATE_GROUP "http"

typedef struct {
    MlgFetcher *fetcher;
    const char *url;
    FILE *out;
    guint64 received;
    guint64 expected;  /* Content-Length, 0 when not said */
    char *etag;        /* of the final response */
    char *last_modified;
    bool write_failed;
    int write_errno;
} Download;

/* Keeps the ETag and Last-Modified of the last response (after
 * redirects, the headers of each response come in turn). */
static size_t
on_header (char *buffer, size_t size, size_t count, void *data)
{
    Download *d = data;
    size_t len = size * count;
    g_autofree char *line = g_strndup (buffer, len);
    char *colon;

    g_strchomp (line);
    if (g_str_has_prefix (line, "HTTP/")) {
        g_clear_pointer (&d->etag, g_free);
        g_clear_pointer (&d->last_modified, g_free);
        d->expected = 0;
        return len;
    }
    colon = strchr (line, ':');
    if (colon == NULL)
        return len;
    *colon = '\0';
    g_strstrip (colon + 1);
    if (g_ascii_strcasecmp (line, "ETag") == 0) {
        g_free (d->etag);
        d->etag = g_strdup (colon + 1);
    } else if (g_ascii_strcasecmp (line, "Last-Modified") == 0) {
        g_free (d->last_modified);
        d->last_modified = g_strdup (colon + 1);
    } else if (g_ascii_strcasecmp (line, "Content-Length") == 0) {
        d->expected = g_ascii_strtoull (colon + 1, NULL, 10);
    }
    return len;
}

static size_t
on_data (char *buffer, size_t size, size_t count, void *data)
{
    Download *d = data;
    size_t len = size * count;

    if (fwrite (buffer, 1, len, d->out) != len) {
        d->write_failed = true;
        d->write_errno = errno;
        return 0; /* libcurl stops with CURLE_WRITE_ERROR */
    }
    d->received += len;
    d->fetcher->stats.bytes += len;
    return len;
}

static int
on_progress (void *data, curl_off_t dltotal, curl_off_t dlnow,
             curl_off_t ultotal, curl_off_t ulnow)
{
    Download *d = data;

    if (g_atomic_int_get (&d->fetcher->cancelled))
        return 1; /* libcurl stops with CURLE_ABORTED_BY_CALLBACK */
    _mlg_fetch_report (d->fetcher, d->url, (guint64) dlnow,
                       (guint64) dltotal);
    return 0;
}

/* The file of `uri` under the mail directory: HOST/PATH, each part made
 * safe, `index` for a path that ends in '/', and the query folded into
 * the name as a hash (the export's URLs differ only by their query). */
static char *
file_for (MlgFetcher *fetcher, GUri *uri, char **dir)
{
    g_autofree char *host = _mlg_fetch_safe_name (g_uri_get_host (uri));
    g_auto (GStrv) parts = g_strsplit (g_uri_get_path (uri), "/", -1);
    g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *name = NULL;
    const char *query = g_uri_get_query (uri);
    guint n = g_strv_length (parts);

    g_ptr_array_add (dirs, g_strdup (fetcher->options.mail_dir));
    g_ptr_array_add (dirs, g_steal_pointer (&host));
    for (guint i = 0; i < n; i++) {
        g_autofree char *part = g_uri_unescape_string (parts[i], NULL);

        if (part == NULL || part[0] == '\0' || g_str_equal (part, ".")
            || g_str_equal (part, ".."))
            continue;
        if (i == n - 1)
            name = _mlg_fetch_safe_name (part);
        else
            g_ptr_array_add (dirs, _mlg_fetch_safe_name (part));
    }
    if (name == NULL)
        name = g_strdup ("index");
    if (query != NULL && query[0] != '\0') {
        g_autofree char *hash = g_compute_checksum_for_string (
            G_CHECKSUM_SHA256, query, -1);
        char *named = g_strdup_printf ("%s-%.12s", name, hash);

        g_free (name);
        name = named;
    }
    g_ptr_array_add (dirs, NULL);
    *dir = g_build_filenamev ((char **) dirs->pdata);
    return g_steal_pointer (&name);
}

static void
load_state (MlgFetcher *fetcher, const char *url, char **etag,
            char **last_modified)
{
    g_autofree char *text = mlg_store_get_fetch_state (fetcher->store, url,
                                                       NULL);
    g_autoptr (GKeyFile) file = g_key_file_new ();

    if (text == NULL || !g_key_file_load_from_data (file, text, (gsize) -1,
                                                    G_KEY_FILE_NONE, NULL))
        return;
    *etag = g_key_file_get_string (file, STATE_GROUP, "etag", NULL);
    *last_modified = g_key_file_get_string (file, STATE_GROUP,
                                            "last-modified", NULL);
}

static char *
format_state (const Download *d)
{
    g_autoptr (GKeyFile) file = g_key_file_new ();

    /* A server that gives neither still gets a record: the file was
     * fetched whole. */
    g_key_file_set_string (file, STATE_GROUP, "etag",
                           d->etag != NULL ? d->etag : "");
    g_key_file_set_string (file, STATE_GROUP, "last-modified",
                           d->last_modified != NULL ? d->last_modified : "");
    return g_key_file_to_data (file, NULL, NULL);
}

bool
_mlg_fetch_http (MlgFetcher *fetcher, GUri *uri, const char *url,
                 GError **error)
{
    g_autofree char *dir = NULL;
    g_autofree char *name = file_for (fetcher, uri, &dir);
    g_autofree char *path = g_build_filename (dir, name, NULL);
    g_autofree char *hidden = g_strconcat (".", name, ".part", NULL);
    g_autofree char *tmp = g_build_filename (dir, hidden, NULL);
    g_autofree char *etag = NULL;
    g_autofree char *last_modified = NULL;
    g_autofree char *value = NULL;
    g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
    char errbuf[CURL_ERROR_SIZE];
    struct curl_slist *headers = NULL;
    Download d = {fetcher, url, NULL, 0, 0, NULL, NULL, false, 0};
    CURL *curl = NULL;
    CURLcode rc;
    long status = 0;
    bool ok = false;
    gint64 start;

    if (!_mlg_fetch_make_dir (dir, error))
        return false;
    /* Conditional only while the copy it describes is still there. */
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        load_state (fetcher, url, &etag, &last_modified);
    if (etag != NULL && etag[0] != '\0') {
        g_autofree char *h = g_strdup_printf ("If-None-Match: %s", etag);
        headers = curl_slist_append (headers, h);
    }
    if (last_modified != NULL && last_modified[0] != '\0') {
        g_autofree char *h = g_strdup_printf ("If-Modified-Since: %s",
                                              last_modified);
        headers = curl_slist_append (headers, h);
    }

    d.out = g_fopen (tmp, "wb");
    if (d.out == NULL) {
        int saved = errno;
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_IO,
                     "cannot write '%s': %s", tmp, g_strerror (saved));
        goto out;
    }
    curl = _mlg_fetch_http_curl_new (fetcher, url, errbuf, on_header,
                                     on_data, on_progress, &d);
    if (curl == NULL) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_FAILED,
                     "%s: cannot start libcurl", url);
        goto out;
    }
    curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);

    start = g_get_monotonic_time ();
    rc = curl_easy_perform (curl);
    fetcher->stats.wait_us += g_get_monotonic_time () - start;
    if (fclose (d.out) != 0 && rc == CURLE_OK) {
        d.write_failed = true;
        d.write_errno = errno;
        rc = CURLE_WRITE_ERROR;
    }
    d.out = NULL;
    if (rc == CURLE_ABORTED_BY_CALLBACK) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_CANCELLED,
                     "interrupted");
        goto out;
    }
    if (rc == CURLE_WRITE_ERROR && d.write_failed) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_IO,
                     "cannot write '%s': %s", tmp,
                     g_strerror (d.write_errno));
        goto out;
    }
    if (rc != CURLE_OK) {
        _mlg_fetch_set_curl_error (error, rc, errbuf, url, "downloading");
        goto out;
    }
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
    if (status == 304) {
        fetcher->stats.unchanged++;
        ok = true;
        goto out;
    }
    if (status == 404 || status == 410) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_NOT_FOUND,
                     "%s: no such file on the server (HTTP %ld); check the "
                     "URL", url, status);
        goto out;
    }
    if (status != 200) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_FAILED,
                     "%s: the server answered HTTP %ld; try again later",
                     url, status);
        goto out;
    }
    /* libcurl reports a body shorter than its Content-Length as
     * CURLE_PARTIAL_FILE; this catches a server that lies in a way it
     * does not. */
    if (d.expected > 0 && d.received != d.expected) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_CUT,
                     "%s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                     " bytes arrived; run again to fetch it", url,
                     d.received, d.expected);
        goto out;
    }
    if (g_rename (tmp, path) != 0) {
        int saved = errno;
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_IO,
                     "cannot write '%s': %s", path, g_strerror (saved));
        goto out;
    }
    fetcher->stats.files++;
    g_ptr_array_add (paths, g_strdup (path));
    value = format_state (&d);
    ok = _mlg_fetch_commit (fetcher, paths, url, value, error);

out:
    if (d.out != NULL)
        fclose (d.out);
    g_unlink (tmp); /* gone when renamed; a partial download is not kept */
    if (curl != NULL)
        curl_easy_cleanup (curl);
    curl_slist_free_all (headers);
    g_free (d.etag);
    g_free (d.last_modified);
    return ok;
}

CURL *
_mlg_fetch_http_curl_new (MlgFetcher *fetcher, const char *url, char *errbuf,
                          curl_write_callback header_cb,
                          curl_write_callback data_cb,
                          curl_xferinfo_callback progress_cb,
                          void *data)
{
    CURL *curl = _mlg_fetch_curl_new (fetcher, url, errbuf);

    if (curl == NULL)
        return NULL;
    curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
    curl_easy_setopt (curl, CURLOPT_HEADERDATA, data);
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, data_cb);
    curl_easy_setopt (curl, CURLOPT_WRITEDATA, data);
    curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
    curl_easy_setopt (curl, CURLOPT_XFERINFODATA, data);
    /* A server silent for the timeout has gone away. */
    curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME,
                      (long) fetcher->options.timeout);
    return curl;
}
