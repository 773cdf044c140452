/* test-datatracker.c - reading the Datatracker's doc.json and role pages
 * (indexer/mlg-datatracker.c), on fixtures in the real documents' shape
 * under tests/data/datatracker/. */
#include "mlg-indexer.h"
#include "mlg-test.h"

#include <string.h>

static MlgDtDocument *
parse_fixture (const char *name, GError **error)
{
    g_autofree char *path = g_build_filename ("datatracker", name, NULL);
    g_autofree char *data = mlg_test_data_contents (path);

    return mlg_dt_document_parse (data, strlen (data), error);
}

START_TEST (test_document_fields)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgDtDocument) doc =
        parse_fixture ("doc-widget-protocol.json", &error);
    const MlgDtAuthor *a;
    const MlgDtRevision *r;

    ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
    ck_assert_str_eq (doc->name, "draft-ietf-wgx-widget-protocol");
    ck_assert_str_eq (doc->title, "The Widget Protocol");
    ck_assert_str_eq (doc->state, "Active");
    ck_assert_str_eq (doc->group, "wgx");
    ck_assert_uint_eq (doc->authors->len, 3);
    a = g_ptr_array_index (doc->authors, 0);
    ck_assert_str_eq (a->name, "Jane Smith");
    ck_assert_str_eq (a->email, "jane.smith@acme.example");
    ck_assert_str_eq (a->affiliation, "Acme");
    /* HTML in a name is kept as text (writers escape it); a null e-mail
     * stays unknown. */
    a = g_ptr_array_index (doc->authors, 2);
    ck_assert_str_eq (a->name, "<b>Jos\xc3\xa9 Mart\xc3\xadnez</b>");
    ck_assert_ptr_null (a->email);
    ck_assert_ptr_null (a->affiliation);
    /* The whole replaces chain, by date. */
    ck_assert_uint_eq (doc->revisions->len, 4);
    r = g_ptr_array_index (doc->revisions, 0);
    ck_assert_str_eq (r->name, "draft-smith-dispatch-widget-protocol");
    ck_assert_int_eq (r->rev, 0);
    ck_assert_int_eq (r->published, 1705312800); /* 2024-01-15 10:00 UTC */
    r = g_ptr_array_index (doc->revisions, 3);
    ck_assert_str_eq (r->name, "draft-ietf-wgx-widget-protocol");
    ck_assert_int_eq (r->rev, 1);
    ck_assert_int_eq (r->published, 1714655647); /* 13:14:07 UTC */
}
END_TEST

/* An RFC at the end of the chain is a publication, not a revision. */
START_TEST (test_document_rfc_entry)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgDtDocument) doc =
        parse_fixture ("doc-with-rfc.json", &error);

    ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
    ck_assert_uint_eq (doc->revisions->len, 4);
}
END_TEST

static const struct {
    const char *file;
    const char *message;
} bad_documents[] = {
    {"doc-truncated.json", "not a Datatracker document"},
    {"doc-array-root.json", "the top level is not an object"},
    {"doc-authors-object.json", "\"authors\" is not an array"},
    {"doc-rev-number.json", "revision 1 \"rev\" is not a string"},
    {"doc-bad-name.json", "\"name\" is not a draft name"},
    {"doc-bad-date.json", "\"published\" is not an ISO 8601 date"},
    {"doc-control-char.json", "holds a control character"},
    {"doc-bad-email.json", "author 1 \"email\" is not an address"},
    {"doc-deep.json", "nested deeper than 16 levels"},
};

START_TEST (test_document_rejected)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgDtDocument) doc =
        parse_fixture (bad_documents[_i].file, &error);

    ck_assert_ptr_null (doc);
    ck_assert (g_error_matches (error, MLG_DATATRACKER_ERROR,
                                MLG_ERROR_INVALID));
    ck_assert_msg (strstr (error->message, bad_documents[_i].message)
                       != NULL,
                   "%s: %s", bad_documents[_i].file, error->message);
}
END_TEST

START_TEST (test_document_huge)
{
    g_autoptr (GError) error = NULL;
    gsize len = MLG_DATATRACKER_MAX_BYTES + 1;
    g_autofree char *data = g_malloc (len);
    g_autoptr (MlgDtDocument) doc = NULL;

    memset (data, ' ', len);
    data[0] = '{';
    data[len - 1] = '}';
    doc = mlg_dt_document_parse (data, len, &error);
    ck_assert_ptr_null (doc);
    ck_assert (strstr (error->message, "larger than") != NULL);
    g_clear_error (&error);
    ck_assert_ptr_null (mlg_dt_document_parse ("", 0, &error));
    ck_assert (strstr (error->message, "empty") != NULL);
}
END_TEST

static bool
parse_roles (const char *name, GPtrArray *emails, char **next,
             GError **error)
{
    g_autofree char *path = g_build_filename ("datatracker", name, NULL);
    g_autofree char *data = mlg_test_data_contents (path);

    return mlg_dt_roles_parse (data, strlen (data), emails, next, error);
}

START_TEST (test_roles_pages)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *next = NULL;
    g_autofree char *last = NULL;

    ck_assert (parse_roles ("roles-dispatch-page1.json", emails, &next,
                            &error));
    ck_assert_str_eq (next, "/api/v1/group/role/?group__acronym=dispatch"
                            "&name=chair&limit=2&offset=2");
    ck_assert (parse_roles ("roles-dispatch-page2.json", emails, &last,
                            &error));
    ck_assert_ptr_null (last);
    ck_assert_uint_eq (emails->len, 3);
    ck_assert_str_eq (g_ptr_array_index (emails, 0),
                      "kmartin@chairs.example");
    ck_assert_str_eq (g_ptr_array_index (emails, 1), "a.lee@chairs.example");
    ck_assert_str_eq (g_ptr_array_index (emails, 2),
                      "r.ortiz@chairs.example");
}
END_TEST

static const struct {
    const char *file;
    const char *message;
} bad_roles[] = {
    {"roles-next-elsewhere.json", "is not a page of /api/v1/group/role/"},
    {"roles-bad-email.json", "role 1 \"email\" is not an e-mail URI"},
    {"roles-objects-not-array.json", "\"objects\" is not an array"},
    {"doc-widget-protocol.json", "\"meta\" is not an object"},
};

/* A bad page adds nothing, not even its good entries. */
START_TEST (test_roles_rejected)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *next = NULL;

    ck_assert (!parse_roles (bad_roles[_i].file, emails, &next, &error));
    ck_assert (g_error_matches (error, MLG_DATATRACKER_ERROR,
                                MLG_ERROR_INVALID));
    ck_assert_msg (strstr (error->message, bad_roles[_i].message) != NULL,
                   "%s: %s", bad_roles[_i].file, error->message);
    ck_assert_uint_eq (emails->len, 0);
    ck_assert_ptr_null (next);
}
END_TEST

/* What a refresh stored reads back whole: documents under the names
 * asked for, chairs by group, and when. */
START_TEST (test_store_snapshot)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *db = g_build_filename (dir, "db", NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgDtSnapshot) snap = NULL;
    const MlgDtDocument *doc;
    const MlgDtGroup *group;

    {
        g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_WRITE,
                                                     &error);
        ck_assert_ptr_nonnull (store);
        snap = mlg_store_read_datatracker (store, &error);
        ck_assert_ptr_nonnull (snap);
        ck_assert_ptr_null (snap->refreshed);
        ck_assert_uint_eq (snap->documents->len, 0);
        g_clear_pointer (&snap, mlg_dt_snapshot_free);
        ck_assert (mlg_store_set_fetch_state (
            store, MLG_DATATRACKER_DOC_KEY "draft-smith-dispatch-x",
            "{\"name\":\"draft-ietf-wg-x\",\"title\":\"X\",\"state\":null,"
            "\"group\":{\"acronym\":\"wg\"},\"authors\":[{\"name\":"
            "\"Jane Smith\",\"email\":\"jane@example.com\","
            "\"affiliation\":null}],\"rev_history\":[{\"name\":"
            "\"draft-smith-dispatch-x\",\"rev\":\"00\",\"published\":"
            "\"2024-01-05T00:00:00Z\"},{\"name\":\"draft-ietf-wg-x\","
            "\"rev\":\"00\",\"published\":\"2024-03-01T00:00:00Z\"}]}",
            &error));
        ck_assert (mlg_store_set_fetch_state (
            store, MLG_DATATRACKER_CHAIRS_KEY "wg",
            "[\"a@example.org\",\"B@example.org\"]", &error));
        ck_assert (mlg_store_set_fetch_state (
            store, MLG_DATATRACKER_REFRESHED_KEY, "2024-03-30T12:00:00Z",
            &error));
        ck_assert (mlg_store_commit (store, &error));
    }
    {
        g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_READ,
                                                     &error);
        ck_assert_ptr_nonnull (store);
        snap = mlg_store_read_datatracker (store, &error);
    }
    ck_assert_msg (snap != NULL, "%s", error ? error->message : "");
    ck_assert_str_eq (snap->refreshed, "2024-03-30T12:00:00Z");
    ck_assert_uint_eq (snap->documents->len, 1);
    doc = snap->documents->pdata[0];
    ck_assert_str_eq (doc->name, "draft-ietf-wg-x");
    ck_assert_str_eq (doc->asked, "draft-smith-dispatch-x");
    ck_assert_str_eq (doc->group, "wg");
    ck_assert_uint_eq (doc->revisions->len, 2);
    ck_assert_uint_eq (snap->groups->len, 1);
    group = snap->groups->pdata[0];
    ck_assert_str_eq (group->acronym, "wg");
    ck_assert_uint_eq (group->chairs->len, 2);
    ck_assert_str_eq (group->chairs->pdata[1], "b@example.org");
    mlg_test_rmtree (dir);
}
END_TEST

/* A stored value the parsers refuse is damage, said with its key. */
START_TEST (test_store_damaged)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *db = g_build_filename (dir, "db", NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = mlg_store_open (db, MLG_STORE_WRITE,
                                                 &error);
    g_autoptr (MlgDtSnapshot) snap = NULL;

    ck_assert_ptr_nonnull (store);
    ck_assert (mlg_store_set_fetch_state (
        store, MLG_DATATRACKER_CHAIRS_KEY "wg", "[\"<b>\"]", &error));
    snap = mlg_store_read_datatracker (store, &error);
    ck_assert_ptr_null (snap);
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT));
    ck_assert_ptr_nonnull (strstr (error->message, "datatracker:chairs:wg"));
    mlg_test_rmtree (dir);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("datatracker");
    TCase *doc = tcase_create ("document");
    TCase *roles = tcase_create ("roles");

    tcase_add_test (doc, test_document_fields);
    tcase_add_test (doc, test_document_rfc_entry);
    tcase_add_loop_test (doc, test_document_rejected, 0,
                         G_N_ELEMENTS (bad_documents));
    tcase_add_test (doc, test_document_huge);
    suite_add_tcase (s, doc);
    tcase_add_test (roles, test_roles_pages);
    tcase_add_test (roles, test_store_snapshot);
    tcase_add_test (roles, test_store_damaged);
    tcase_add_loop_test (roles, test_roles_rejected, 0,
                         G_N_ELEMENTS (bad_roles));
    suite_add_tcase (s, roles);
    return s;
}

MLG_TEST_MAIN (make_suite)
