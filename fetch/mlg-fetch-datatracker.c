/* mlg-fetch-datatracker.c - refreshing what the IETF Datatracker says of
 * the drafts the database mentions (authors, revisions across the
 * replaces chain, group, state, title) and of the chairs of their
 * groups and of the groups of the IETF lists, and
 * keeping it in the store, so that `report` reads it offline.
 *
 * One request at a time, paced like the IMAP commands; an HTTP 429 is
 * waited out as its Retry-After asks (and at least a second, doubling,
 * even when it says 0: a server that is shedding load is not helped by
 * an immediate retry). A file:// URL names a snapshot directory laid out
 * like the Datatracker's paths, read without a network (the samples'
 * demo, offline sites): DIR/doc/NAME/doc.json as the HTTP answer, and
 * DIR/group/ACRONYM/chairs.json one page of the role resource whose
 * meta.next is null. Every document passes the strict parsers of the
 * indexer (mlg_dt_document_parse(), mlg_dt_roles_parse()) before
 * anything is kept, and what is kept is written back in a normalised
 * form, never the server's bytes. Everything learnt is committed at once
 * at the end, with the time of the refresh: an interrupted or failed
 * refresh leaves the previous one whole.
 */
#include "mlg-fetch-private.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* How often one URL is asked for again after a 429, and the longest wait
 * the fetcher accepts from a Retry-After. */
#define MAX_RETRIES 5
#define MAX_RETRY_AFTER_S 600
/* Pages of one group's roles: a group has a handful of chairs. */
#define MAX_ROLE_PAGES 50
#define SLEEP_SLICE_US (100 * 1000)

typedef struct {
    MlgFetcher *fetcher;
    GByteArray *body;
    gint64 retry_after; /* seconds; -1 when not said */
    bool too_large;
} Response;

static size_t
on_header (char *buffer, size_t size, size_t count, void *data)
{
    Response *r = data;
    size_t len = size * count;
    g_autofree char *line = g_strndup (buffer, len);
    char *colon;

    g_strchomp (line);
    if (g_str_has_prefix (line, "HTTP/")) {
        r->retry_after = -1;
        return len;
    }
    colon = strchr (line, ':');
    if (colon == NULL)
        return len;
    *colon = '\0';
    g_strstrip (colon + 1);
    if (g_ascii_strcasecmp (line, "Retry-After") == 0) {
        guint64 seconds;

        /* The delta-seconds form; an HTTP date is taken as a minute,
         * which is what the Datatracker's limiter asks in practice. */
        if (g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXINT64,
                                        &seconds, NULL))
            r->retry_after = (gint64) seconds;
        else
            r->retry_after = 60;
    }
    return len;
}

static size_t
on_data (char *buffer, size_t size, size_t count, void *data)
{
    Response *r = data;
    size_t len = size * count;

    /* A document above the parsers' cap is refused as it arrives, not
     * after it filled the memory. */
    if (r->body->len + len > MLG_DATATRACKER_MAX_BYTES) {
        r->too_large = true;
        return 0;
    }
    g_byte_array_append (r->body, (const guint8 *) buffer, (guint) len);
    r->fetcher->stats.bytes += len;
    return len;
}

static int
on_progress (void *data, curl_off_t dltotal, curl_off_t dlnow,
             curl_off_t ultotal, curl_off_t ulnow)
{
    Response *r = data;

    return g_atomic_int_get (&r->fetcher->cancelled) ? 1 : 0;
}

/* Sleeps `us` microseconds in slices, so that a cancel is seen soon. */
static bool
sleep_us (MlgFetcher *fetcher, gint64 us, GError **error)
{
    gint64 until = g_get_monotonic_time () + us;

    for (;;) {
        gint64 now = g_get_monotonic_time ();

        if (!_mlg_fetch_check_cancelled (fetcher, error))
            return false;
        if (now >= until)
            return true;
        g_usleep ((gulong) MIN (until - now, SLEEP_SLICE_US));
    }
}

/* GETs `url` into `body`, waiting out 429s. `*status` is the final HTTP
 * status (200, 404, ...); anything but a transfer that completed is an
 * error. */
static bool
get (MlgFetcher *fetcher, MlgPace *pace, const char *url, GByteArray *body,
     long *status, GError **error)
{
    gint64 backoff_s = 1;

    for (guint attempt = 0;; attempt++) {
        char errbuf[CURL_ERROR_SIZE];
        Response r = {fetcher, body, -1, false};
        CURL *curl;
        CURLcode rc;
        gint64 wait = _mlg_pace_delay (pace, g_get_monotonic_time ());
        gint64 start;

        if (wait > 0) {
            fetcher->stats.pace_us += wait;
            if (!sleep_us (fetcher, wait, error))
                return false;
        }
        g_byte_array_set_size (body, 0);
        curl = _mlg_fetch_http_curl_new (fetcher, url, errbuf, on_header,
                                         on_data, on_progress, &r);
        if (curl == NULL) {
            g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_FAILED,
                         "%s: cannot start libcurl", url);
            return false;
        }
        start = g_get_monotonic_time ();
        rc = curl_easy_perform (curl);
        fetcher->stats.wait_us += g_get_monotonic_time () - start;
        fetcher->stats.commands++;
        *status = 0;
        curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, status);
        curl_easy_cleanup (curl);

        if (rc == CURLE_ABORTED_BY_CALLBACK) {
            g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_CANCELLED,
                         "interrupted");
            return false;
        }
        if (rc == CURLE_WRITE_ERROR && r.too_large) {
            g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_PROTOCOL,
                         "%s: the answer is larger than %d bytes: refused",
                         url, MLG_DATATRACKER_MAX_BYTES);
            return false;
        }
        if (rc != CURLE_OK) {
            _mlg_fetch_set_curl_error (error, rc, errbuf, url,
                                       "asking the Datatracker");
            return false;
        }
        if (*status != 429)
            return true;
        if (attempt >= MAX_RETRIES) {
            g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_FAILED,
                         "%s: the Datatracker still answers HTTP 429 (too "
                         "many requests) after %d retries; try again "
                         "later", url, MAX_RETRIES);
            return false;
        }
        fetcher->stats.retries++;
        wait = MAX (MIN (r.retry_after, MAX_RETRY_AFTER_S), backoff_s);
        backoff_s = MIN (backoff_s * 2, MAX_RETRY_AFTER_S);
        if (!sleep_us (fetcher, wait * G_USEC_PER_SEC, error))
            return false;
    }
}

typedef struct {
    GHashTable *names;  /* drafts mentioned */
    GHashTable *groups; /* group acronyms */
} Wanted;

/* The drafts a message mentions, and the groups of its lists: an IETF
 * list ACRONYM@ietf.org (list id ACRONYM.ietf.org) is its group's, whose
 * chairs are the list's, whatever group its drafts belong to (an
 * individual draft has none). */
static bool
collect_wanted (const MlgMessageFacts *facts, gpointer user_data)
{
    Wanted *wanted = user_data;

    for (guint i = 0; i < facts->pointers->len; i++) {
        const MlgPointer *p = g_ptr_array_index (facts->pointers, i);

        if (p->kind == MLG_POINTER_DRAFT
            && !g_hash_table_contains (wanted->names, p->value))
            g_hash_table_add (wanted->names, g_strdup (p->value));
    }
    for (guint i = 0; i < facts->lists->len; i++) {
        const char *list = g_ptr_array_index (facts->lists, i);
        const char *dot = strchr (list, '.');
        g_autofree char *acronym = NULL;

        if (dot == NULL || dot == list
            || g_ascii_strcasecmp (dot, ".ietf.org") != 0)
            continue;
        acronym = g_ascii_strdown (list, dot - list);
        if (!g_hash_table_contains (wanted->groups, acronym))
            g_hash_table_add (wanted->groups, g_steal_pointer (&acronym));
    }
    return true;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Returns: (transfer full) the keys of `set` (strings), copied, sorted:
 * requests in a stable order make a refresh repeatable. */
static GPtrArray *
sorted_keys (GHashTable *set)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, set);
    while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (keys, g_strdup (key));
    g_ptr_array_sort (keys, compare_strings);
    return keys;
}

char *
_mlg_datatracker_format_document (const MlgDtDocument *doc)
{
    g_autoptr (JsonBuilder) b = json_builder_new ();
    g_autoptr (JsonGenerator) gen = json_generator_new ();
    g_autoptr (JsonNode) root = NULL;

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "name");
    json_builder_add_string_value (b, doc->name);
    json_builder_set_member_name (b, "title");
    if (doc->title != NULL)
        json_builder_add_string_value (b, doc->title);
    else
        json_builder_add_null_value (b);
    json_builder_set_member_name (b, "state");
    if (doc->state != NULL)
        json_builder_add_string_value (b, doc->state);
    else
        json_builder_add_null_value (b);
    json_builder_set_member_name (b, "group");
    if (doc->group != NULL) {
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "acronym");
        json_builder_add_string_value (b, doc->group);
        json_builder_end_object (b);
    } else {
        json_builder_add_null_value (b);
    }
    json_builder_set_member_name (b, "authors");
    json_builder_begin_array (b);
    for (guint i = 0; i < doc->authors->len; i++) {
        const MlgDtAuthor *a = g_ptr_array_index (doc->authors, i);

        json_builder_begin_object (b);
        json_builder_set_member_name (b, "name");
        json_builder_add_string_value (b, a->name);
        json_builder_set_member_name (b, "email");
        if (a->email != NULL)
            json_builder_add_string_value (b, a->email);
        else
            json_builder_add_null_value (b);
        json_builder_set_member_name (b, "affiliation");
        if (a->affiliation != NULL)
            json_builder_add_string_value (b, a->affiliation);
        else
            json_builder_add_null_value (b);
        json_builder_end_object (b);
    }
    json_builder_end_array (b);
    json_builder_set_member_name (b, "rev_history");
    json_builder_begin_array (b);
    for (guint i = 0; i < doc->revisions->len; i++) {
        const MlgDtRevision *r = g_ptr_array_index (doc->revisions, i);
        g_autofree char *published = mlg_format_time (r->published,
                                                      MLG_TIME_ISO);
        char rev[8];

        g_snprintf (rev, sizeof rev, "%02d", r->rev);
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "name");
        json_builder_add_string_value (b, r->name);
        json_builder_set_member_name (b, "rev");
        json_builder_add_string_value (b, rev);
        json_builder_set_member_name (b, "published");
        /* The epoch stands for an unknown date: the reader expects a
         * date in every revision. */
        json_builder_add_string_value (b, published != NULL
                                              ? published
                                              : "1970-01-01T00:00:00Z");
        json_builder_end_object (b);
    }
    json_builder_end_array (b);
    json_builder_end_object (b);

    root = json_builder_get_root (b);
    json_generator_set_root (gen, root);
    return json_generator_to_data (gen, NULL);
}

char *
_mlg_datatracker_format_chairs (GPtrArray *emails)
{
    g_autoptr (JsonBuilder) b = json_builder_new ();
    g_autoptr (JsonGenerator) gen = json_generator_new ();
    g_autoptr (JsonNode) root = NULL;

    json_builder_begin_array (b);
    for (guint i = 0; i < emails->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (emails, i));
    json_builder_end_array (b);
    root = json_builder_get_root (b);
    json_generator_set_root (gen, root);
    return json_generator_to_data (gen, NULL);
}

/* Returns: whether `name` may name a file of a snapshot: lower-case
 * letters, digits and '-' (draft names and group acronyms are), so that
 * no name from mail or from a document reaches another path. */
static bool
is_plain_name (const char *name)
{
    if (name[0] == '\0' || name[0] == '-' || strlen (name) > 200)
        return false;
    for (const char *p = name; *p != '\0'; p++)
        if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
            return false;
    return true;
}

/* Reads a file of a snapshot directory (see mlg_fetcher_refresh_
 * datatracker()) as `get` reads an answer: `*status` 200, or 404 when
 * there is no such file; above MLG_DATATRACKER_MAX_BYTES is refused as
 * from the network, before it is read. */
static bool
read_snapshot (MlgFetcher *fetcher, const char *path, GByteArray *body,
               long *status, GError **error)
{
    g_autoptr (GFile) file = g_file_new_for_path (path);
    g_autoptr (GFileInfo) info = NULL;
    g_autoptr (GError) local = NULL;
    g_autofree char *data = NULL;
    gsize len;

    g_byte_array_set_size (body, 0);
    info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                              G_FILE_ATTRIBUTE_STANDARD_TYPE,
                              G_FILE_QUERY_INFO_NONE, NULL, &local);
    if (info == NULL
        && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)) {
        *status = 404;
        return true;
    }
    if (info == NULL || g_file_info_get_file_type (info)
                            != G_FILE_TYPE_REGULAR) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_FAILED,
                     "%s: cannot read the Datatracker snapshot: %s", path,
                     local != NULL ? local->message : "not a file");
        return false;
    }
    if (g_file_info_get_size (info) > MLG_DATATRACKER_MAX_BYTES) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_PROTOCOL,
                     "%s: the answer is larger than %d bytes: refused",
                     path, MLG_DATATRACKER_MAX_BYTES);
        return false;
    }
    if (!g_file_get_contents (path, &data, &len, &local)) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_FAILED,
                     "%s: cannot read the Datatracker snapshot: %s", path,
                     local->message);
        return false;
    }
    if (len > MLG_DATATRACKER_MAX_BYTES) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_PROTOCOL,
                     "%s: the answer is larger than %d bytes: refused",
                     path, MLG_DATATRACKER_MAX_BYTES);
        return false;
    }
    g_byte_array_append (body, (const guint8 *) data, (guint) len);
    fetcher->stats.bytes += len;
    fetcher->stats.commands++;
    *status = 200;
    return true;
}

/* Appends to `problems` a line for a document that was refused. */
static void
refused (GPtrArray *problems, const char *url, const char *why)
{
    if (problems != NULL)
        g_ptr_array_add (problems, g_strdup_printf ("%s: %s", url, why));
}

/* The chairs of group `acronym`, page after page.
 * Returns: (transfer full) the addresses, sorted and unique; NULL with
 * `error` set on a failure that stops the refresh, NULL with `error`
 * unset when a page was refused (told in `problems`). */
static GPtrArray *
fetch_chairs (MlgFetcher *fetcher, MlgPace *pace, const char *base,
              const char *dir, const char *acronym, GPtrArray *problems,
              GError **error)
{
    g_autoptr (GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GByteArray) body = g_byte_array_new ();
    g_autofree char *escaped = g_uri_escape_string (acronym, NULL, FALSE);
    g_autofree char *url = NULL;

    /* A snapshot has one page per group, GROUP/ACRONYM/chairs.json. */
    if (dir != NULL && !is_plain_name (acronym)) {
        refused (problems, acronym, "not a group acronym");
        return NULL;
    }
    url = dir != NULL ? g_build_filename (dir, "group", acronym,
                                          "chairs.json", NULL)
                      : g_strdup_printf ("%s/api/v1/group/role/"
                                         "?group__acronym=%s&name=chair",
                                         base, escaped);

    for (guint page = 0; url != NULL; page++) {
        g_autoptr (GError) local = NULL;
        g_autofree char *next = NULL;
        long status;

        if (page >= MAX_ROLE_PAGES) {
            refused (problems, url, "more pages of roles than any group "
                                    "has: refused");
            return NULL;
        }
        _mlg_fetch_report (fetcher, url, page, 0);
        if (dir != NULL ? !read_snapshot (fetcher, url, body, &status, error)
                        : !get (fetcher, pace, url, body, &status, error))
            return NULL;
        if (status != 200) {
            g_autofree char *why = g_strdup_printf (
                "the Datatracker answered HTTP %ld", status);
            refused (problems, url, why);
            return NULL;
        }
        if (!mlg_dt_roles_parse ((const char *) body->data, body->len,
                                 emails, &next, &local)) {
            refused (problems, url, local->message);
            return NULL;
        }
        if (dir != NULL && next != NULL) {
            refused (problems, url, "a snapshot holds one page per group; "
                                    "\"meta\" \"next\" must be null");
            return NULL;
        }
        g_free (url);
        url = next != NULL ? g_strconcat (base, next, NULL) : NULL;
    }
    g_ptr_array_sort (emails, compare_strings);
    for (guint i = 1; i < emails->len;) {
        if (strcmp (g_ptr_array_index (emails, i - 1),
                    g_ptr_array_index (emails, i)) == 0)
            g_ptr_array_remove_index (emails, i);
        else
            i++;
    }
    fetcher->stats.groups++;
    return g_steal_pointer (&emails);
}

bool
mlg_fetcher_refresh_datatracker (MlgFetcher *fetcher, const char *base_url,
                                 GPtrArray *problems, GError **error)
{
    g_autoptr (GHashTable) names = g_hash_table_new_full (
        g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr (GHashTable) groups = g_hash_table_new_full (
        g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr (GPtrArray) sorted = NULL;
    g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GByteArray) body = g_byte_array_new ();
    g_autofree char *base = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *stamp = NULL;
    MlgPace pace;
    guint n;

    g_return_val_if_fail (fetcher != NULL && base_url != NULL, false);

    if (g_str_has_prefix (base_url, "file://")) {
        dir = g_filename_from_uri (base_url, NULL, NULL);
        if (dir == NULL) {
            g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_INVALID_URL,
                         "%s: not a file:// URL of a local directory",
                         base_url);
            return false;
        }
        /* A mistyped path would otherwise read as a Datatracker that
         * knows no draft, and be stored as a refresh. */
        if (!g_file_test (dir, G_FILE_TEST_IS_DIR)) {
            g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_NOT_FOUND,
                         "%s: no snapshot directory there (nothing of this "
                         "refresh was stored)",
                         base_url);
            return false;
        }
    } else if (!g_str_has_prefix (base_url, "http://")
               && !g_str_has_prefix (base_url, "https://")) {
        g_set_error (error, MLG_FETCH_ERROR, MLG_FETCH_ERROR_INVALID_URL,
                     "%s: the Datatracker's URL must be http://, https:// "
                     "or file://", base_url);
        return false;
    }
    base = g_strdup (base_url);
    while (base[0] != '\0' && base[strlen (base) - 1] == '/')
        base[strlen (base) - 1] = '\0';

    {
        Wanted wanted = {names, groups};

        if (!mlg_store_foreach (fetcher->mail != NULL ? fetcher->mail
                                                      : fetcher->store,
                                collect_wanted, &wanted, error))
            return false;
    }
    sorted = sorted_keys (names);
    n = sorted->len;

    _mlg_pace_init (&pace, fetcher->options.interval,
                    fetcher->options.burst);
    for (guint i = 0; i < n; i++) {
        const char *name = g_ptr_array_index (sorted, i);
        g_autoptr (GError) local = NULL;
        g_autoptr (MlgDtDocument) doc = NULL;
        g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
        g_autofree char *url = NULL;
        long status;

        if (dir != NULL && !is_plain_name (name)) {
            refused (problems, name, "not a draft name");
            continue;
        }
        url = dir != NULL
                  ? g_build_filename (dir, "doc", name, "doc.json", NULL)
                  : g_strdup_printf ("%s/doc/%s/doc.json", base, escaped);
        _mlg_fetch_report (fetcher, url, i, n);
        if (dir != NULL ? !read_snapshot (fetcher, url, body, &status, error)
                        : !get (fetcher, &pace, url, body, &status, error))
            return false;
        if (status == 404 || status == 410) {
            /* A name mail got wrong, or a draft never submitted. */
            fetcher->stats.unknown++;
            continue;
        }
        if (status != 200) {
            g_autofree char *why = g_strdup_printf (
                "the Datatracker answered HTTP %ld", status);
            refused (problems, url, why);
            continue;
        }
        doc = mlg_dt_document_parse ((const char *) body->data, body->len,
                                     &local);
        if (doc == NULL) {
            refused (problems, url, local->message);
            continue;
        }
        /* A replaced name may be answered with the draft that replaced
         * it: kept under the name asked for, so that the mention finds
         * it, and its rev_history joins the two. */
        if (doc->group != NULL && !g_str_equal (doc->group, "none"))
            g_hash_table_add (groups, g_strdup (doc->group));
        g_ptr_array_add (keys, g_strconcat (MLG_DATATRACKER_DOC_KEY, name,
                                            NULL));
        g_ptr_array_add (values, _mlg_datatracker_format_document (doc));
        fetcher->stats.documents++;
    }

    {
        g_autoptr (GPtrArray) acronyms = sorted_keys (groups);

        for (guint i = 0; i < acronyms->len; i++) {
            const char *acronym = g_ptr_array_index (acronyms, i);
            g_autoptr (GPtrArray) chairs = NULL;
            g_autoptr (GError) local = NULL;

            chairs = fetch_chairs (fetcher, &pace, base, dir, acronym,
                                   problems, &local);
            if (local != NULL) {
                g_propagate_error (error, g_steal_pointer (&local));
                return false;
            }
            if (chairs == NULL)
                continue;
            g_ptr_array_add (keys, g_strconcat (MLG_DATATRACKER_CHAIRS_KEY,
                                                acronym, NULL));
            g_ptr_array_add (values, _mlg_datatracker_format_chairs (chairs));
        }
    }

    /* Everything at once, with when: the store never holds half a
     * refresh. */
    stamp = mlg_format_time (g_get_real_time () / G_USEC_PER_SEC,
                             MLG_TIME_ISO);
    for (guint i = 0; i < keys->len; i++)
        if (!mlg_store_set_fetch_state (fetcher->store,
                                        g_ptr_array_index (keys, i),
                                        g_ptr_array_index (values, i),
                                        error))
            return false;
    return mlg_store_set_fetch_state (fetcher->store,
                                      MLG_DATATRACKER_REFRESHED_KEY, stamp,
                                      error)
           && mlg_store_commit (fetcher->store, error);
}
