/* mlg-datatracker.c - reading what the IETF Datatracker publishes about
 * a draft (`doc/NAME/doc.json`) and a group's roles (the tastypie
 * resource `/api/v1/group/role/`).
 *
 * The documents come from the network and are not trusted: a document is
 * accepted whole or refused whole, so that a malformed, truncated or
 * hostile answer changes nothing. Sizes and nesting are checked before
 * json-glib sees the bytes, because its parser recurses once per level.
 */
#include "mlg-store-private.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* Bounds on what one document may hold: far above any real draft. */
#define MAX_STRING 2000
#define MAX_AUTHORS 200
#define MAX_REVISIONS 2000
#define MAX_ROLES 500
#define ROLE_PREFIX "/api/v1/group/role/"
#define EMAIL_PREFIX "/api/v1/person/email/"

G_DEFINE_QUARK (mlg-datatracker-error-quark, mlg_datatracker_error)

static void
author_free (gpointer data)
{
    MlgDtAuthor *author = data;

    g_free (author->name);
    g_free (author->email);
    g_free (author->affiliation);
    g_free (author);
}

static void
revision_free (gpointer data)
{
    MlgDtRevision *revision = data;

    g_free (revision->name);
    g_free (revision);
}

void
mlg_dt_document_free (MlgDtDocument *doc)
{
    if (doc == NULL)
        return;
    g_free (doc->name);
    g_free (doc->asked);
    g_free (doc->title);
    g_free (doc->state);
    g_free (doc->group);
    g_ptr_array_unref (doc->authors);
    g_ptr_array_unref (doc->revisions);
    g_free (doc);
}

static bool
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static bool
invalid (GError **error, const char *format, ...)
{
    va_list args;
    g_autofree char *message = NULL;

    va_start (args, format);
    message = g_strdup_vprintf (format, args);
    va_end (args);
    g_set_error (error, MLG_DATATRACKER_ERROR, MLG_ERROR_INVALID,
                 "not a Datatracker document: %s", message);
    return false;
}

/* Checks the size and the nesting depth of `data` without recursion, so
 * that a document of a million '[' cannot exhaust the stack of the
 * parser that reads it next. */
static bool
check_shape (const char *data, gsize len, GError **error)
{
    guint depth = 0;
    bool in_string = false;

    if (len == 0)
        return invalid (error, "it is empty");
    if (len > MLG_DATATRACKER_MAX_BYTES)
        return invalid (error, "it is larger than %d bytes",
                        MLG_DATATRACKER_MAX_BYTES);
    for (gsize i = 0; i < len; i++) {
        char c = data[i];

        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > MLG_DATATRACKER_MAX_DEPTH)
                return invalid (error, "nested deeper than %d levels",
                                MLG_DATATRACKER_MAX_DEPTH);
        } else if (c == ']' || c == '}') {
            if (depth > 0)
                depth--;
        } else if (c == '\0') {
            return invalid (error, "it holds a NUL byte");
        }
    }
    return true;
}

static JsonNode *
parse_root (const char *data, gsize len, GError **error)
{
    g_autoptr (JsonParser) parser = NULL;
    g_autoptr (GError) json_error = NULL;
    JsonNode *root;

    if (!check_shape (data, len, error))
        return NULL;
    parser = json_parser_new_immutable ();
    if (!json_parser_load_from_data (parser, data, (gssize) len,
                                     &json_error)) {
        invalid (error, "%s", json_error->message);
        return NULL;
    }
    root = json_parser_get_root (parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
        invalid (error, "the top level is not an object");
        return NULL;
    }
    return json_node_ref (root);
}

/* A string member that must be there (`required`) or may be null or
 * absent. Control characters and overlong strings are refused.
 * Returns: false with `error` set; `*out` (transfer full) NULL when
 * null. */
static bool
get_string (JsonObject *object, const char *where, const char *member,
            bool required, char **out, GError **error)
{
    JsonNode *node = json_object_get_member (object, member);
    const char *text;

    *out = NULL;
    if (node == NULL || JSON_NODE_HOLDS_NULL (node)) {
        if (required)
            return invalid (error, "%s has no \"%s\"", where, member);
        return true;
    }
    if (!JSON_NODE_HOLDS_VALUE (node)
        || json_node_get_value_type (node) != G_TYPE_STRING)
        return invalid (error, "%s \"%s\" is not a string", where, member);
    text = json_node_get_string (node);
    if (strlen (text) > MAX_STRING)
        return invalid (error, "%s \"%s\" is longer than %d bytes", where,
                        member, MAX_STRING);
    if (!g_utf8_validate (text, -1, NULL))
        return invalid (error, "%s \"%s\" is not UTF-8", where, member);
    for (const char *p = text; *p != '\0'; p++)
        if ((guchar) *p < 0x20 || *p == 0x7f)
            return invalid (error, "%s \"%s\" holds a control character",
                            where, member);
    *out = g_strdup (text);
    return true;
}

static JsonArray *
get_array (JsonObject *object, const char *where, const char *member,
           guint max, GError **error)
{
    JsonNode *node = json_object_get_member (object, member);
    JsonArray *array;

    if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)) {
        invalid (error, "%s \"%s\" is not an array", where, member);
        return NULL;
    }
    array = json_node_get_array (node);
    if (json_array_get_length (array) > max) {
        invalid (error, "%s \"%s\" has more than %u entries", where, member,
                 max);
        return NULL;
    }
    return array;
}

/* Returns: whether `name` is a draft name: "draft-", then lower-case
 * letters, digits and '-', without a revision. */
static bool
is_draft_name (const char *name)
{
    gsize len = strlen (name);

    if (!g_str_has_prefix (name, "draft-") || len < 8 || len > 200)
        return false;
    for (const char *p = name; *p != '\0'; p++)
        if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
            return false;
    return name[len - 1] != '-';
}

static bool
is_rfc_name (const char *name)
{
    if (!g_str_has_prefix (name, "rfc") || name[3] == '\0'
        || strlen (name) > 8)
        return false;
    for (const char *p = name + 3; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p))
            return false;
    return true;
}

/* Returns: whether `address` is one plain e-mail address (no spaces, no
 * angle brackets, one '@' with text on both sides). */
static bool
is_address (const char *address)
{
    const char *at = strchr (address, '@');

    if (at == NULL || at == address || at[1] == '\0'
        || strchr (at + 1, '@') != NULL || strlen (address) > 254)
        return false;
    for (const char *p = address; *p != '\0'; p++)
        if ((guchar) *p <= ' ' || strchr ("<>()[],;:\"\\/", *p) != NULL)
            return false;
    return true;
}

static bool
parse_author (JsonNode *node, guint i, MlgDtAuthor **out, GError **error)
{
    g_autofree char *where = g_strdup_printf ("author %u", i + 1);
    g_autofree char *name = NULL;
    g_autofree char *email = NULL;
    g_autofree char *affiliation = NULL;
    JsonObject *object;
    MlgDtAuthor *author;

    if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, "%s is not an object", where);
    object = json_node_get_object (node);
    if (!get_string (object, where, "name", true, &name, error)
        || !get_string (object, where, "email", false, &email, error)
        || !get_string (object, where, "affiliation", false, &affiliation,
                        error))
        return false;
    if (email != NULL && email[0] == '\0')
        g_clear_pointer (&email, g_free);
    if (email != NULL && !is_address (email))
        return invalid (error, "%s \"email\" is not an address", where);
    author = g_new0 (MlgDtAuthor, 1);
    author->name = g_steal_pointer (&name);
    author->email = email != NULL ? g_ascii_strdown (email, -1) : NULL;
    author->affiliation = g_steal_pointer (&affiliation);
    *out = author;
    return true;
}

/* Parses one rev_history entry into `*out`; an RFC's entry (its rev is
 * the RFC's name) leaves `*out` NULL: it is a publication, not a
 * revision of a draft. */
static bool
parse_revision (JsonNode *node, guint i, MlgDtRevision **out,
                GError **error)
{
    g_autofree char *where = g_strdup_printf ("revision %u", i + 1);
    g_autofree char *name = NULL;
    g_autofree char *rev = NULL;
    g_autofree char *published = NULL;
    g_autoptr (GDateTime) date = NULL;
    g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
    JsonObject *object;
    MlgDtRevision *revision;
    guint64 number;

    *out = NULL;
    if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, "%s is not an object", where);
    object = json_node_get_object (node);
    if (!get_string (object, where, "name", true, &name, error)
        || !get_string (object, where, "rev", true, &rev, error)
        || !get_string (object, where, "published", false, &published,
                        error))
        return false;
    if (is_rfc_name (name))
        return true;
    if (!is_draft_name (name))
        return invalid (error, "%s \"name\" is not a draft name", where);
    if (strlen (rev) != 2
        || !g_ascii_string_to_unsigned (rev, 10, 0, 99, &number, NULL))
        return invalid (error, "%s \"rev\" is not two digits", where);
    if (published == NULL)
        return invalid (error, "%s has no \"published\"", where);
    date = g_date_time_new_from_iso8601 (published, utc);
    if (date == NULL)
        return invalid (error, "%s \"published\" is not an ISO 8601 date",
                        where);
    revision = g_new0 (MlgDtRevision, 1);
    revision->name = g_steal_pointer (&name);
    revision->rev = (int) number;
    revision->published = g_date_time_to_unix (date);
    *out = revision;
    return true;
}

static int
compare_revisions (gconstpointer a, gconstpointer b)
{
    const MlgDtRevision *x = *(MlgDtRevision *const *) a;
    const MlgDtRevision *y = *(MlgDtRevision *const *) b;
    int c;

    if (x->published != y->published)
        return x->published < y->published ? -1 : 1;
    c = strcmp (x->name, y->name);
    return c != 0 ? c : x->rev - y->rev;
}

MlgDtDocument *
mlg_dt_document_parse (const char *data, gsize len, GError **error)
{
    g_autoptr (JsonNode) root = NULL;
    g_autoptr (MlgDtDocument) doc = NULL;
    JsonObject *object;
    JsonNode *group;
    JsonArray *authors;
    JsonArray *revisions;

    g_return_val_if_fail (data != NULL || len == 0, NULL);

    root = parse_root (data, len, error);
    if (root == NULL)
        return NULL;
    object = json_node_get_object (root);
    doc = g_new0 (MlgDtDocument, 1);
    doc->authors = g_ptr_array_new_with_free_func (author_free);
    doc->revisions = g_ptr_array_new_with_free_func (revision_free);
    if (!get_string (object, "the document", "name", true, &doc->name,
                     error)
        || !get_string (object, "the document", "title", false,
                        &doc->title, error)
        || !get_string (object, "the document", "state", false,
                        &doc->state, error))
        return NULL;
    if (!is_draft_name (doc->name)) {
        invalid (error, "\"name\" is not a draft name");
        return NULL;
    }
    group = json_object_get_member (object, "group");
    if (group != NULL && !JSON_NODE_HOLDS_NULL (group)) {
        if (!JSON_NODE_HOLDS_OBJECT (group)) {
            invalid (error, "\"group\" is not an object");
            return NULL;
        }
        if (!get_string (json_node_get_object (group), "the group",
                         "acronym", true, &doc->group, error))
            return NULL;
    }
    authors = get_array (object, "the document", "authors", MAX_AUTHORS,
                         error);
    if (authors == NULL)
        return NULL;
    for (guint i = 0; i < json_array_get_length (authors); i++) {
        MlgDtAuthor *author = NULL;

        if (!parse_author (json_array_get_element (authors, i), i, &author,
                           error))
            return NULL;
        g_ptr_array_add (doc->authors, author);
    }
    revisions = get_array (object, "the document", "rev_history",
                           MAX_REVISIONS, error);
    if (revisions == NULL)
        return NULL;
    for (guint i = 0; i < json_array_get_length (revisions); i++) {
        MlgDtRevision *revision = NULL;

        if (!parse_revision (json_array_get_element (revisions, i), i,
                             &revision, error))
            return NULL;
        if (revision != NULL)
            g_ptr_array_add (doc->revisions, revision);
    }
    g_ptr_array_sort (doc->revisions, compare_revisions);
    return g_steal_pointer (&doc);
}

/* Returns: (transfer full) the address in an e-mail resource URI
 * (`/api/v1/person/email/jane%40example.com/`), lower-cased, or NULL. */
static char *
address_from_uri (const char *uri)
{
    g_autofree char *part = NULL;
    g_autofree char *address = NULL;
    gsize len;

    if (!g_str_has_prefix (uri, EMAIL_PREFIX))
        return NULL;
    part = g_strdup (uri + strlen (EMAIL_PREFIX));
    len = strlen (part);
    if (len > 0 && part[len - 1] == '/')
        part[len - 1] = '\0';
    address = g_uri_unescape_string (part, NULL);
    if (address == NULL || !is_address (address))
        return NULL;
    return g_ascii_strdown (address, -1);
}

bool
mlg_dt_roles_parse (const char *data, gsize len, GPtrArray *emails,
                    char **next, GError **error)
{
    g_autoptr (JsonNode) root = NULL;
    g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *next_path = NULL;
    JsonObject *object;
    JsonNode *meta;
    JsonArray *objects;

    g_return_val_if_fail (emails != NULL && next != NULL, false);

    *next = NULL;
    root = parse_root (data, len, error);
    if (root == NULL)
        return false;
    object = json_node_get_object (root);
    meta = json_object_get_member (object, "meta");
    if (meta == NULL || !JSON_NODE_HOLDS_OBJECT (meta))
        return invalid (error, "\"meta\" is not an object");
    if (!get_string (json_node_get_object (meta), "\"meta\"", "next", false,
                     &next_path, error))
        return false;
    /* The next page is asked of the same server, under the same
     * resource: a document that points elsewhere is not followed. */
    if (next_path != NULL
        && (!g_str_has_prefix (next_path, ROLE_PREFIX)
            || strstr (next_path, "..") != NULL
            || strchr (next_path, '#') != NULL))
        return invalid (error, "\"meta\" \"next\" is not a page of %s",
                        ROLE_PREFIX);
    objects = get_array (object, "the page", "objects", MAX_ROLES, error);
    if (objects == NULL)
        return false;
    for (guint i = 0; i < json_array_get_length (objects); i++) {
        JsonNode *node = json_array_get_element (objects, i);
        g_autofree char *where = g_strdup_printf ("role %u", i + 1);
        g_autofree char *uri = NULL;
        char *address;

        if (!JSON_NODE_HOLDS_OBJECT (node))
            return invalid (error, "%s is not an object", where);
        if (!get_string (json_node_get_object (node), where, "email", true,
                         &uri, error))
            return false;
        address = address_from_uri (uri);
        if (address == NULL)
            return invalid (error, "%s \"email\" is not an e-mail URI",
                            where);
        g_ptr_array_add (found, address);
    }
    for (guint i = 0; i < found->len; i++)
        g_ptr_array_add (emails, g_steal_pointer (&found->pdata[i]));
    *next = g_steal_pointer (&next_path);
    return true;
}

bool
mlg_dt_chairs_parse (const char *data, gsize len, GPtrArray *emails,
                     GError **error)
{
    g_autoptr (JsonParser) parser = NULL;
    g_autoptr (GError) json_error = NULL;
    g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
    JsonNode *root;
    JsonArray *array;

    g_return_val_if_fail (emails != NULL, false);

    if (!check_shape (data, len, error))
        return false;
    parser = json_parser_new_immutable ();
    if (!json_parser_load_from_data (parser, data, (gssize) len,
                                     &json_error))
        return invalid (error, "%s", json_error->message);
    root = json_parser_get_root (parser);
    if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
        return invalid (error, "the chairs are not an array");
    array = json_node_get_array (root);
    if (json_array_get_length (array) > MAX_ROLES)
        return invalid (error, "more than %d chairs", MAX_ROLES);
    for (guint i = 0; i < json_array_get_length (array); i++) {
        JsonNode *node = json_array_get_element (array, i);
        const char *address;

        if (!JSON_NODE_HOLDS_VALUE (node)
            || json_node_get_value_type (node) != G_TYPE_STRING)
            return invalid (error, "chair %u is not a string", i + 1);
        address = json_node_get_string (node);
        if (!is_address (address))
            return invalid (error, "chair %u is not an address", i + 1);
        g_ptr_array_add (found, g_ascii_strdown (address, -1));
    }
    for (guint i = 0; i < found->len; i++)
        g_ptr_array_add (emails, g_steal_pointer (&found->pdata[i]));
    return true;
}

static void
group_free (gpointer data)
{
    MlgDtGroup *group = data;

    g_free (group->acronym);
    g_ptr_array_unref (group->chairs);
    g_free (group);
}

void
mlg_dt_snapshot_free (MlgDtSnapshot *snapshot)
{
    if (snapshot == NULL)
        return;
    g_free (snapshot->refreshed);
    g_ptr_array_unref (snapshot->documents);
    g_ptr_array_unref (snapshot->groups);
    g_free (snapshot);
}

MlgDtSnapshot *
_mlg_dt_snapshot_new (void)
{
    MlgDtSnapshot *snapshot = g_new0 (MlgDtSnapshot, 1);

    snapshot->documents = g_ptr_array_new_with_free_func (
        (GDestroyNotify) mlg_dt_document_free);
    snapshot->groups = g_ptr_array_new_with_free_func (group_free);
    return snapshot;
}

MlgDtGroup *
_mlg_dt_group_new (const char *acronym)
{
    MlgDtGroup *group = g_new0 (MlgDtGroup, 1);

    group->acronym = g_strdup (acronym);
    group->chairs = g_ptr_array_new_with_free_func (g_free);
    return group;
}
