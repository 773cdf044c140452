/* fuzz-query.c - libFuzzer harness for the search query front end: any
 * bytes through mlg_search_query_parse() (structure checks and Xapian's
 * QueryParser), and every query that parses run over a small database. */
#include "fuzz-common.h"

#include <glib/gstdio.h>

static MlgStore *store;
static char *dir;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
cleanup (void)
{
    g_autofree char *command = NULL;

    mlg_store_close (store);
    /* The database directory holds Xapian's files: remove it whole. */
    command = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (command) != 0)
        g_printerr ("could not remove %s\n", dir);
    g_free (dir);
}

/* A few messages for the queries to find. */
static void
fill_store (const char *path)
{
    static const char *const ids[] = {"a@x", "b@y", "c@z"};
    g_autoptr (MlgStore) writer = mlg_store_open (path, MLG_STORE_WRITE,
                                                  NULL);

    if (writer == NULL)
        abort ();
    for (size_t i = 0; i < G_N_ELEMENTS (ids); i++) {
        g_autoptr (MlgMessageFacts) facts = mlg_message_facts_new ();
        facts->id = g_strdup (ids[i]);
        mlg_message_facts_add_list (facts, "dispatch.ietf.org");
        facts->source = g_strdup ("fuzz.mbox");
        facts->date = 1704067200 + (gint64) i * 86400 * 40;
        facts->from_addr = g_strdup_printf ("p%zu@example.org", i);
        facts->from_name = g_strdup ("P");
        facts->org = g_strdup ("example.org");
        facts->subject = g_strdup ("New work: draft-fuzz-query-00");
        facts->subject_norm = g_strdup ("new work: draft-fuzz-query-00");
        facts->new_text = g_strdup ("I support draft-fuzz-query, see RFC "
                                    "9110");
        facts->quoted_text = g_strdup ("an earlier point");
        g_ptr_array_add (facts->to, g_strdup ("dispatch@ietf.org"));
        g_ptr_array_add (facts->pointers,
                         mlg_pointer_new (MLG_POINTER_DRAFT,
                                          "draft-fuzz-query", 0));
        if (!mlg_store_add (writer, facts, NULL, NULL))
            abort ();
    }
    if (!mlg_store_commit (writer, NULL))
        abort ();
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    g_autofree char *path = NULL;

    dir = g_dir_make_tmp ("mlgauge-fuzz-query-XXXXXX", NULL);
    if (dir == NULL)
        abort ();
    path = g_build_filename (dir, "db", NULL);
    fill_store (path);
    store = mlg_store_open (path, MLG_STORE_READ, NULL);
    if (store == NULL)
        abort ();
    atexit (cleanup);
    return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    static const char *const proposal_ids[] = {"a@x", "nope@none", NULL};
    g_autofree char *text = g_strndup ((const char *) data, size);
    g_autoptr (MlgSearchQuery) query = NULL;
    g_autoptr (MlgSearchResults) results = NULL;
    g_autoptr (GError) error = NULL;
    MlgSearchOptions options = MLG_SEARCH_OPTIONS_INIT;
    const GPtrArray *proposals;

    query = mlg_search_query_parse (text, &error);
    if (query == NULL) {
        /* The contract: NULL exactly when the error is set, with a
         * message for the user. */
        if (error == NULL || error->message == NULL
            || !g_utf8_validate (error->message, -1, NULL))
            abort ();
        return 0;
    }
    if (error != NULL || mlg_search_query_get_text (query) == NULL)
        abort ();
    proposals = mlg_search_query_get_proposals (query);
    for (guint i = 0; i < proposals->len; i++)
        mlg_search_query_set_proposal (query, proposals->pdata[i],
                                       proposal_ids);
    results = mlg_store_search (store, query, &options, &error);
    if (results != NULL && results->total < results->messages->len)
        abort ();
    return 0;
}
