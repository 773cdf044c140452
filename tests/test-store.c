/* test-store.c - the store: facts round-trip, deduplication, durability,
 * locking, and what opening makes of things that are not our database.
 * Every test gets a fresh temporary directory; the database is "db" in
 * it. */
#include "mlg-test.h"

#include "mlg-indexer.h"
#include "mlg-facts-private.h"
#include "mlg-store-private.h"
#include "xapian-shim.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static char *tmpdir;
static char *dbpath;

static void
setup (void)
{
    tmpdir = mlg_test_tmpdir ();
    dbpath = g_build_filename (tmpdir, "db", NULL);
}

static void
teardown (void)
{
    mlg_test_rmtree (tmpdir);
    g_clear_pointer (&tmpdir, g_free);
    g_clear_pointer (&dbpath, g_free);
}

/* A small message on `list`, dated `date`. */
static MlgMessageFacts *
make_facts (const char *id, const char *list, gint64 date)
{
    MlgMessageFacts *facts = mlg_message_facts_new ();

    facts->id = g_strdup (id);
    if (list != NULL)
        mlg_message_facts_add_list (facts, list);
    facts->source = g_strdup ("archive.mbox");
    facts->offset = 0;
    facts->date = date;
    facts->date_source = MLG_DATE_FROM_HEADER;
    facts->from_addr = g_strdup ("jane@example.com");
    facts->from_name = g_strdup ("Jane");
    facts->org = g_strdup ("example.com");
    facts->subject = g_strdup ("hello");
    facts->subject_norm = g_strdup ("hello");
    return facts;
}

/* Every field set, nullable ones non-NULL, with non-ASCII text. */
static MlgMessageFacts *
make_full_facts (void)
{
    MlgMessageFacts *facts = mlg_message_facts_new ();

    facts->id = g_strdup ("full.1@example.com");
    mlg_message_facts_add_list (facts, "dispatch.ietf.org");
    mlg_message_facts_add_list (facts, "art.ietf.org");
    facts->source = g_strdup ("/archives/dispatch/2022-11.mbox");
    facts->offset = 123456789012LL;
    facts->permalink =
        g_strdup ("https://mailarchive.ietf.org/arch/msg/dispatch/abc");
    facts->date = 1668000000;
    facts->date_source = MLG_DATE_FROM_RECEIVED;
    facts->from_addr = g_strdup ("jose@example.es");
    facts->from_name = g_strdup ("José Müller 日本");
    facts->org = g_strdup ("example.es");
    g_ptr_array_add (facts->to, g_strdup ("dispatch@ietf.org"));
    g_ptr_array_add (facts->to, g_strdup ("art@ietf.org"));
    g_ptr_array_add (facts->cc, g_strdup ("dispatch-chairs@ietf.org"));
    facts->subject = g_strdup ("Re: [dispatch] Ünïcode — draft-foo-bar-03");
    facts->subject_norm = g_strdup ("ünïcode — draft-foo-bar-03");
    facts->in_reply_to = g_strdup ("parent@example.com");
    g_ptr_array_add (facts->references, g_strdup ("root@example.com"));
    g_ptr_array_add (facts->references, g_strdup ("parent@example.com"));
    g_ptr_array_add (facts->pointers,
                     mlg_pointer_new (MLG_POINTER_DRAFT, "draft-foo-bar", 3));
    g_ptr_array_add (facts->pointers,
                     mlg_pointer_new (MLG_POINTER_DRAFT, "draft-baz", -1));
    g_ptr_array_add (facts->pointers,
                     mlg_pointer_new (MLG_POINTER_RFC, "rfc9110", -1));
    g_ptr_array_add (facts->pointers,
                     mlg_pointer_new (MLG_POINTER_IMPL,
                                      "https://github.com/x/y", -1));
    g_ptr_array_add (facts->pointers,
                     mlg_pointer_new (MLG_POINTER_SLIDES,
                                      "https://example.com/s.pdf", -1));
    facts->stance = MLG_STANCE_SUPPORT;
    facts->stance_quote = g_strdup ("I support adoption « vraiment ».");
    facts->question = g_strdup ("Have you looked at RFC 9110?");
    facts->kind = MLG_KIND_DRAFT_ANNOUNCEMENT;
    facts->checklist = MLG_CHECK_DRAFT | MLG_CHECK_TIME;
    facts->problems = MLG_PROBLEM_CHARSET | MLG_PROBLEM_NO_TEXT;
    facts->new_text = g_strdup ("We propose a new widget protocol.");
    facts->text_digest = mlg_text_digest (facts->new_text);
    facts->quoted_text = g_strdup ("> earlier sprocket words");
    return facts;
}

static void
assert_strings (const GPtrArray *a, const GPtrArray *b)
{
    ck_assert_uint_eq (a->len, b->len);
    for (guint i = 0; i < a->len; i++)
        ck_assert_str_eq (a->pdata[i], b->pdata[i]);
}

/* Compares every stored field; new_text and quoted_text must be NULL. */
static void
assert_same_facts (const MlgMessageFacts *got, const MlgMessageFacts *want)
{
    ck_assert_str_eq (got->id, want->id);
    assert_strings (got->lists, want->lists);
    ck_assert_str_eq (got->source, want->source);
    ck_assert_int_eq (got->offset, want->offset);
    ck_assert_pstr_eq (got->permalink, want->permalink);
    ck_assert_int_eq (got->date, want->date);
    ck_assert_int_eq (got->date_source, want->date_source);
    ck_assert_str_eq (got->from_addr, want->from_addr);
    ck_assert_str_eq (got->from_name, want->from_name);
    ck_assert_str_eq (got->org, want->org);
    assert_strings (got->to, want->to);
    assert_strings (got->cc, want->cc);
    ck_assert_str_eq (got->subject, want->subject);
    ck_assert_str_eq (got->subject_norm, want->subject_norm);
    ck_assert_pstr_eq (got->in_reply_to, want->in_reply_to);
    assert_strings (got->references, want->references);
    ck_assert_uint_eq (got->pointers->len, want->pointers->len);
    for (guint i = 0; i < got->pointers->len; i++) {
        const MlgPointer *g = got->pointers->pdata[i];
        const MlgPointer *w = want->pointers->pdata[i];
        ck_assert_int_eq (g->kind, w->kind);
        ck_assert_str_eq (g->value, w->value);
        ck_assert_int_eq (g->revision, w->revision);
    }
    ck_assert_int_eq (got->stance, want->stance);
    ck_assert_pstr_eq (got->stance_quote, want->stance_quote);
    ck_assert_pstr_eq (got->question, want->question);
    ck_assert_int_eq (got->kind, want->kind);
    ck_assert_uint_eq (got->checklist, want->checklist);
    ck_assert_uint_eq (got->problems, want->problems);
    ck_assert_uint_eq (got->text_digest, want->text_digest);
    ck_assert_ptr_null (got->new_text);
    ck_assert_ptr_null (got->quoted_text);
}

static MlgStore *
open_ok (MlgStoreMode mode)
{
    GError *error = NULL;
    MlgStore *store = mlg_store_open (dbpath, mode, &error);

    ck_assert_msg (store != NULL, "open failed: %s",
                   error ? error->message : "?");
    return store;
}

static MlgStoreAddResult
add_ok (MlgStore *store, const MlgMessageFacts *facts)
{
    GError *error = NULL;
    MlgStoreAddResult result = -1;

    ck_assert_msg (mlg_store_add (store, facts, &result, &error),
                   "add failed: %s", error ? error->message : "?");
    ck_assert_ptr_null (error);
    return result;
}

static void
commit_ok (MlgStore *store)
{
    GError *error = NULL;

    ck_assert_msg (mlg_store_commit (store, &error), "commit failed: %s",
                   error ? error->message : "?");
}

static void
add_simple (MlgStore *store, const char *id, const char *list)
{
    g_autoptr (MlgMessageFacts) facts = make_facts (id, list, 1600000000);
    add_ok (store, facts);
}

/* Asserts that opening `dbpath` in `mode` fails with `code`. */
static void
assert_open_fails (MlgStoreMode mode, MlgErrorCode code, const char *words)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = mlg_store_open (dbpath, mode, &error);

    ck_assert_ptr_null (store);
    ck_assert_ptr_nonnull (error);
    ck_assert_msg (g_error_matches (error, MLG_STORE_ERROR, code),
                   "expected code %d, got %s %d: %s", code,
                   g_quark_to_string (error->domain), error->code,
                   error->message);
    ck_assert_msg (strstr (error->message, words) != NULL,
                   "'%s' not in '%s'", words, error->message);
    ck_assert_msg (strstr (error->message, dbpath) != NULL,
                   "path not in '%s'", error->message);
}

/* ---- facts ---- */

START_TEST (test_roundtrip_all_fields)
{
    g_autoptr (MlgMessageFacts) want = make_full_facts ();
    g_autoptr (MlgMessageFacts) got = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);

    ck_assert_int_eq (add_ok (store, want), MLG_STORE_ADDED);
    /* Read back before and after the commit. */
    got = mlg_store_get_message (store, want->id, &error);
    ck_assert_ptr_nonnull (got);
    assert_same_facts (got, want);
    commit_ok (store);
    g_clear_pointer (&store, mlg_store_close);
    g_clear_pointer (&got, mlg_message_facts_free);

    store = open_ok (MLG_STORE_READ);
    got = mlg_store_get_message (store, want->id, &error);
    ck_assert_ptr_nonnull (got);
    assert_same_facts (got, want);
}
END_TEST

START_TEST (test_roundtrip_nullable_null)
{
    g_autoptr (MlgMessageFacts) want = make_facts ("bare@x", NULL, 0);
    g_autoptr (MlgMessageFacts) got = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);

    want->date_source = MLG_DATE_UNKNOWN;
    want->offset = -1;
    add_ok (store, want);
    got = mlg_store_get_message (store, "bare@x", &error);
    ck_assert_ptr_nonnull (got);
    ck_assert_ptr_null (got->permalink);
    ck_assert_ptr_null (got->in_reply_to);
    ck_assert_ptr_null (got->stance_quote);
    ck_assert_uint_eq (got->lists->len, 0);
    ck_assert_uint_eq (got->pointers->len, 0);
    assert_same_facts (got, want);
}
END_TEST

START_TEST (test_null_strings_read_as_empty)
{
    g_autoptr (MlgMessageFacts) want = mlg_message_facts_new ();
    g_autoptr (MlgMessageFacts) got = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);

    want->id = g_strdup ("minimal@x");
    add_ok (store, want);
    got = mlg_store_get_message (store, "minimal@x", &error);
    ck_assert_ptr_nonnull (got);
    ck_assert_str_eq (got->from_addr, "");
    ck_assert_str_eq (got->subject, "");
    ck_assert_str_eq (got->source, "");
    ck_assert_int_eq (got->offset, -1);
    ck_assert_int_eq (got->date_source, MLG_DATE_UNKNOWN);
}
END_TEST

START_TEST (test_long_message_id)
{
    g_autoptr (GString) id = g_string_new (NULL);
    g_autoptr (GString) id2 = NULL;
    g_autoptr (MlgMessageFacts) facts = NULL, facts2 = NULL, got = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);

    for (int i = 0; i < 60; i++)
        g_string_append (id, "abcdefgh");
    /* Same 480-byte head, different tail: still two messages. */
    id2 = g_string_new (id->str);
    g_string_append (id, "1@x");
    g_string_append (id2, "2@x");
    facts = make_facts (id->str, "a", 1);
    facts2 = make_facts (id2->str, "a", 2);
    ck_assert_int_eq (add_ok (store, facts), MLG_STORE_ADDED);
    ck_assert_int_eq (add_ok (store, facts2), MLG_STORE_ADDED);
    ck_assert_int_eq (add_ok (store, facts), MLG_STORE_DUPLICATE);
    commit_ok (store);
    got = mlg_store_get_message (store, id2->str, &error);
    ck_assert_ptr_nonnull (got);
    ck_assert_str_eq (got->id, id2->str);
    ck_assert_uint_eq (mlg_store_count (store), 2);
}
END_TEST

START_TEST (test_get_missing_message)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (MlgMessageFacts) got =
        mlg_store_get_message (store, "nope@x", &error);

    ck_assert_ptr_null (got);
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_NOT_FOUND));
}
END_TEST

/* ---- deduplication ---- */

START_TEST (test_duplicate)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (MlgMessageFacts) facts = make_facts ("a@x", "l1", 1);

    ck_assert_int_eq (add_ok (store, facts), MLG_STORE_ADDED);
    /* Among pending changes... */
    ck_assert_int_eq (add_ok (store, facts), MLG_STORE_DUPLICATE);
    commit_ok (store);
    /* ...and after the commit. */
    ck_assert_int_eq (add_ok (store, facts), MLG_STORE_DUPLICATE);
    ck_assert_uint_eq (mlg_store_count (store), 1);
}
END_TEST

/* A writer that opened an empty database answers "new" from the hashes
 * of what it added, without Xapian; a hash it has seen is looked up. The
 * unique terms of these two ids have the same g_str_hash() (h * 33 + c:
 * 'A' * 33 + 'b' == 'B' * 33 + 'A'), so the second must not be taken
 * for the first, and both must still be found as duplicates, before
 * and after reopening (when the database is no longer empty). */
START_TEST (test_duplicate_with_same_hash)
{
    g_autoptr (MlgMessageFacts) ab = make_facts ("Ab@x", "l1", 1);
    g_autoptr (MlgMessageFacts) ba = make_facts ("BA@x", "l1", 2);
    g_autoptr (MlgMessageFacts) other = make_facts ("other@x", "l1", 3);

    ck_assert_uint_eq (g_str_hash ("QAb@x"), g_str_hash ("QBA@x"));
    {
        g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);

        ck_assert_int_eq (add_ok (store, ab), MLG_STORE_ADDED);
        ck_assert_int_eq (add_ok (store, ba), MLG_STORE_ADDED);
        ck_assert_int_eq (add_ok (store, ab), MLG_STORE_DUPLICATE);
        ck_assert_int_eq (add_ok (store, ba), MLG_STORE_DUPLICATE);
        commit_ok (store);
        ck_assert_uint_eq (mlg_store_count (store), 2);
    }
    {
        g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);

        ck_assert_int_eq (add_ok (store, ba), MLG_STORE_DUPLICATE);
        ck_assert_int_eq (add_ok (store, other), MLG_STORE_ADDED);
        ck_assert_int_eq (add_ok (store, other), MLG_STORE_DUPLICATE);
        ck_assert_uint_eq (mlg_store_count (store), 3);
    }
}
END_TEST

START_TEST (test_cross_post_adds_list_once)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (MlgMessageFacts) first = make_facts ("c@x", "l1", 1);
    g_autoptr (MlgMessageFacts) second = make_facts ("c@x", "l2", 1);
    g_autoptr (MlgMessageFacts) both = make_facts ("c@x", "l2", 1);
    g_autoptr (MlgMessageFacts) got = NULL;
    g_autoptr (GError) error = NULL;

    mlg_message_facts_add_list (both, "l1");
    ck_assert_int_eq (add_ok (store, first), MLG_STORE_ADDED);
    ck_assert_int_eq (add_ok (store, second), MLG_STORE_NEW_LIST);
    ck_assert_int_eq (add_ok (store, second), MLG_STORE_DUPLICATE);
    ck_assert_int_eq (add_ok (store, both), MLG_STORE_DUPLICATE);
    commit_ok (store);
    ck_assert_int_eq (add_ok (store, second), MLG_STORE_DUPLICATE);

    got = mlg_store_get_message (store, "c@x", &error);
    ck_assert_ptr_nonnull (got);
    ck_assert_uint_eq (got->lists->len, 2);
    ck_assert_str_eq (got->lists->pdata[0], "l1");
    ck_assert_str_eq (got->lists->pdata[1], "l2");
    ck_assert_uint_eq (mlg_store_count (store), 1);
}
END_TEST

/* The copies of a cross-post differ by their list's subject tag; the
 * message keeps the copy stored first, whatever the list names (a list
 * whose name sorts first must not rewrite what another list said). Its
 * list comes first, the others follow in name order. */
START_TEST (test_cross_post_keeps_first_stored_copy)
{
    static const char *const orders[2][3] = { { "l1", "l2", "l3" },
                                              { "l3", "l2", "l1" } };

    for (guint o = 0; o < 2; o++) {
        g_autoptr (MlgStore) store = NULL;
        g_autoptr (MlgMessageFacts) got = NULL;
        g_autoptr (GError) error = NULL;
        g_autofree char *subject = NULL;

        mlg_test_rmtree (dbpath);
        store = open_ok (MLG_STORE_WRITE);
        for (guint i = 0; i < 3; i++) {
            const char *list = orders[o][i];
            g_autoptr (MlgMessageFacts) copy = make_facts ("c@x", list, 1);
            g_free (copy->subject);
            copy->subject = g_strdup_printf ("[%s] hello", list);
            copy->permalink = g_strdup_printf ("https://%s.example/c", list);
            ck_assert_int_eq (add_ok (store, copy),
                              i == 0 ? MLG_STORE_ADDED : MLG_STORE_NEW_LIST);
        }
        got = mlg_store_get_message (store, "c@x", &error);
        ck_assert_ptr_nonnull (got);
        subject = g_strdup_printf ("[%s] hello", orders[o][0]);
        ck_assert_str_eq (got->subject, subject);
        ck_assert (g_str_has_prefix (got->permalink + 8, orders[o][0]));
        ck_assert_uint_eq (got->lists->len, 3);
        ck_assert_str_eq (got->lists->pdata[0], orders[o][0]);
        ck_assert_str_eq (got->lists->pdata[1], o == 0 ? "l2" : "l1");
        ck_assert_str_eq (got->lists->pdata[2], o == 0 ? "l3" : "l2");
    }
}
END_TEST

/* A reply as two lists archived it, from `from`, dated `date`, saying
 * `text`, with the list's tag and permalink. */
static MlgMessageFacts *
make_copy (const char *list, const char *from, gint64 date, const char *text)
{
    MlgMessageFacts *facts = make_facts ("reply@x", list, date);

    g_free (facts->from_addr);
    facts->from_addr = g_strdup (from);
    g_free (facts->from_name);
    facts->from_name = g_strdup ("");
    g_free (facts->subject);
    facts->subject = g_strdup_printf ("Re: [%s] widgets", list);
    facts->permalink = g_strdup_printf ("https://%s.example/reply", list);
    facts->new_text = g_strdup (text);
    facts->text_digest = mlg_text_digest (text);
    return facts;
}

/* Copies of one message merge when two of sender, date and text agree,
 * as they do on real cross-posts: a list's footer or a tool's trailer
 * in the text, a sender rewritten by a list, no Date: on one copy. */
START_TEST (test_same_message_two_of_three)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (MlgMessageFacts) first =
        make_copy ("l1", "jane@example.com", 1000, "Looks good.\n");
    g_autoptr (MlgMessageFacts) footer = make_copy (
        "l2", "jane@example.com", 1000, "Looks good.\nLink: https://x/y\n");
    g_autoptr (MlgMessageFacts) rewritten =
        make_copy ("l3", "l3@lists.example", 1000, "Looks  good.\r\n");
    g_autoptr (MlgMessageFacts) undated =
        make_copy ("l4", "jane@example.com", 0, "Looks good.\n");
    g_autoptr (MlgMessageFacts) renamed =
        make_copy ("l5", "jane=40example.com@dmarc.example", 1000, "Other");
    g_autoptr (MlgMessageFacts) got = NULL;
    g_autoptr (GError) error = NULL;

    undated->date_source = MLG_DATE_UNKNOWN;
    g_free (first->from_name);
    first->from_name = g_strdup ("Jane Doe");
    g_free (renamed->from_name);
    renamed->from_name = g_strdup ("jane doe");
    ck_assert_int_eq (add_ok (store, first), MLG_STORE_ADDED);
    ck_assert_int_eq (add_ok (store, footer), MLG_STORE_NEW_LIST);
    ck_assert_int_eq (add_ok (store, rewritten), MLG_STORE_NEW_LIST);
    ck_assert_int_eq (add_ok (store, undated), MLG_STORE_NEW_LIST);
    ck_assert_int_eq (add_ok (store, renamed), MLG_STORE_NEW_LIST);
    ck_assert_uint_eq (mlg_store_count (store), 1);
    got = mlg_store_get_message (store, "reply@x", &error);
    ck_assert_ptr_nonnull (got);
    ck_assert_uint_eq (got->lists->len, 5);
    ck_assert_str_eq (got->permalink, "https://l1.example/reply");
}
END_TEST

/* A different message under a taken Message-ID (here a forged copy of a
 * chair's reply, on a list whose name sorts first) never replaces the
 * first: it is stored apart, as ID#conflict-2, with a problem bit;
 * indexing it again finds it there; a third message gets #conflict-3. */
START_TEST (test_conflicting_message_kept_apart)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (MlgMessageFacts) chair =
        make_copy ("b", "chair@ietf.org", 1000, "Thanks, a slot is yours.");
    g_autoptr (MlgMessageFacts) forged =
        make_copy ("a", "mallory@evil.example", 1000, "I object.");
    g_autoptr (MlgMessageFacts) forged_again =
        make_copy ("c", "mallory@evil.example", 5000, "I object.");
    g_autoptr (MlgMessageFacts) third =
        make_copy ("a", "eve@evil.example", 9000, "Something else.");
    g_autoptr (MlgMessageFacts) got = NULL;
    g_autoptr (MlgMessageFacts) apart = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree char *apart_id = NULL;
    g_autofree char *third_id = NULL;
    MlgStoreAddResult result;

    chair->stance = MLG_STANCE_SUPPORT;
    forged->stance = MLG_STANCE_OBJECTION;
    ck_assert_int_eq (add_ok (store, chair), MLG_STORE_ADDED);
    ck_assert (_mlg_store_add_doc (store, forged, NULL, &result, &apart_id,
                                   &error));
    ck_assert_int_eq (result, MLG_STORE_CONFLICT);
    ck_assert_str_eq (apart_id, "reply@x#conflict-2");
    ck_assert_int_eq (add_ok (store, forged), MLG_STORE_DUPLICATE);
    ck_assert_int_eq (add_ok (store, forged_again), MLG_STORE_NEW_LIST);
    ck_assert (_mlg_store_add_doc (store, third, NULL, &result, &third_id,
                                   &error));
    ck_assert_int_eq (result, MLG_STORE_CONFLICT);
    ck_assert_str_eq (third_id, "reply@x#conflict-3");
    ck_assert_int_eq (add_ok (store, chair), MLG_STORE_DUPLICATE);
    commit_ok (store);
    g_clear_pointer (&store, mlg_store_close);

    store = open_ok (MLG_STORE_READ);
    ck_assert_uint_eq (mlg_store_count (store), 3);
    got = mlg_store_get_message (store, "reply@x", &error);
    ck_assert_ptr_nonnull (got);
    ck_assert_str_eq (got->from_addr, "chair@ietf.org");
    ck_assert_str_eq (got->permalink, "https://b.example/reply");
    ck_assert_int_eq (got->stance, MLG_STANCE_SUPPORT);
    ck_assert_uint_eq (got->lists->len, 1);
    ck_assert_uint_eq (got->problems & MLG_PROBLEM_CONFLICTING_ID, 0);
    apart = mlg_store_get_message (store, "reply@x#conflict-2", &error);
    ck_assert_ptr_nonnull (apart);
    ck_assert_str_eq (apart->from_addr, "mallory@evil.example");
    ck_assert_uint_eq (apart->lists->len, 2);
    ck_assert_str_eq (apart->lists->pdata[0], "a");
    ck_assert_str_eq (apart->lists->pdata[1], "c");
    ck_assert (apart->problems & MLG_PROBLEM_CONFLICTING_ID);
    {
        g_autoptr (MlgStoreStats) stats = mlg_store_stats_new (store, &error);
        guint bit = 0;

        while ((1u << bit) != MLG_PROBLEM_CONFLICTING_ID)
            bit++;
        ck_assert_ptr_nonnull (stats);
        ck_assert_uint_eq (stats->messages, 3);
        ck_assert_uint_eq (stats->problems[bit], 2);
    }
}
END_TEST

/* Records written before format 6 (record format 3) have neither the
 * stance's cue (after its quote) nor the text digest (at the end): they
 * read, with a plain vote for the cue and digest 0, which then says
 * nothing about sameness (sender and date decide). */
START_TEST (test_record_format_3_read)
{
    g_autoptr (MlgMessageFacts) want = make_full_facts ();
    g_autoptr (MlgMessageFacts) got = NULL;
    g_autoptr (GBytes) record = NULL;
    g_autoptr (GError) error = NULL;
    const char *quote = want->stance_quote;
    gsize qlen = strlen (quote) + 1;
    guint8 *bytes;
    gsize len, at;

    want->text_digest = 0;
    want->stance_cue = MLG_CUE_ANSWER;
    record = _mlg_store_facts_to_data (want);
    bytes = g_bytes_unref_to_data (g_steal_pointer (&record), &len);
    ck_assert_uint_eq (bytes[0], 4);
    ck_assert_uint_eq (bytes[len - 1], 0); /* the digest, 0 */
    for (at = 0; at + qlen <= len && memcmp (bytes + at, quote, qlen) != 0;
         at++)
        ;
    ck_assert_uint_lt (at + qlen, len);
    ck_assert_uint_eq (bytes[at + qlen], MLG_CUE_ANSWER); /* the cue */
    memmove (bytes + at + qlen, bytes + at + qlen + 1, len - at - qlen - 1);
    bytes[0] = 3;
    got = _mlg_store_facts_from_data (bytes, len - 2, &error);
    g_free (bytes);
    ck_assert_msg (got != NULL, "%s", error ? error->message : "");
    g_clear_pointer (&want->new_text, g_free);
    g_clear_pointer (&want->quoted_text, g_free);
    assert_same_facts (got, want);
}
END_TEST

/* ---- durability ---- */

START_TEST (test_persistence)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgMessageFacts) got = NULL;

    ck_assert_str_eq (mlg_store_get_path (store), dbpath);
    add_simple (store, "p1@x", "l");
    add_simple (store, "p2@x", "l");
    commit_ok (store);
    add_simple (store, "p3@x", "l");
    /* close commits what is pending. */
    g_clear_pointer (&store, mlg_store_close);

    store = open_ok (MLG_STORE_READ);
    ck_assert_uint_eq (mlg_store_count (store), 3);
    got = mlg_store_get_message (store, "p3@x", &error);
    ck_assert_ptr_nonnull (got);
    ck_assert_str_eq (got->id, "p3@x");
}
END_TEST

START_TEST (test_creates_parents)
{
    g_autofree char *deep = g_build_filename (tmpdir, "a", "b", "c", NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store =
        mlg_store_open (deep, MLG_STORE_WRITE, &error);

    ck_assert_ptr_nonnull (store);
    ck_assert (g_file_test (deep, G_FILE_TEST_IS_DIR));
    g_clear_pointer (&store, mlg_store_close);
    /* An empty new database is a mlgauge database. */
    store = mlg_store_open (deep, MLG_STORE_READ, &error);
    ck_assert_ptr_nonnull (store);
    ck_assert_uint_eq (mlg_store_count (store), 0);
}
END_TEST

/* The child commits one message, adds more, and is killed: the database
 * must hold exactly what was committed. Returns a failure status, or
 * does not return. SIGKILL, not _exit(), so that nothing at all runs on
 * the way out (and valgrind does not report the child's store as lost). */
static int
child_adds_and_dies (void)
{
    GError *error = NULL;
    MlgStore *store = mlg_store_open (dbpath, MLG_STORE_WRITE, &error);
    MlgSourceProgress progress = { 10, 20, 30 };
    MlgSourceProgress later = { 11, 21, 31 };

    if (store == NULL)
        return 10;
    add_simple (store, "k2@x", "l");
    if (!mlg_store_set_source (store, "a.mbox", &progress, &error))
        return 11;
    if (!mlg_store_commit (store, &error))
        return 12;
    add_simple (store, "k3@x", "l");
    add_simple (store, "k4@x", "l");
    if (!mlg_store_set_source (store, "a.mbox", &later, &error))
        return 13;
    /* More than a batch, to tempt an automatic flush. */
    for (int i = 0; i < 2000; i++) {
        g_autofree char *id = g_strdup_printf ("bulk%d@x", i);
        add_simple (store, id, "l");
    }
    raise (SIGKILL);
    return 14;
}

START_TEST (test_interrupted_writer_keeps_last_commit)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgMessageFacts) got = NULL;
    MlgSourceProgress progress = { 0, 0, 0 };
    int status = 0;
    pid_t pid;

    add_simple (store, "k1@x", "l");
    g_clear_pointer (&store, mlg_store_close);

    pid = fork ();
    ck_assert_int_ne (pid, -1);
    if (pid == 0)
        _exit (child_adds_and_dies ());
    ck_assert_int_eq (waitpid (pid, &status, 0), pid);
    ck_assert_msg (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL,
                   "child failed with status %d", WEXITSTATUS (status));

    store = open_ok (MLG_STORE_READ);
    ck_assert_uint_eq (mlg_store_count (store), 2);
    got = mlg_store_get_message (store, "k2@x", &error);
    ck_assert_ptr_nonnull (got);
    g_clear_pointer (&got, mlg_message_facts_free);
    got = mlg_store_get_message (store, "k3@x", &error);
    ck_assert_ptr_null (got);
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_NOT_FOUND));
    g_clear_error (&error);
    ck_assert (mlg_store_get_source (store, "a.mbox", &progress, &error));
    ck_assert_int_eq (progress.size, 10);
    ck_assert_int_eq (progress.mtime, 20);
    ck_assert_int_eq (progress.offset, 30);
    g_clear_pointer (&store, mlg_store_close);

    /* The dead writer's lock went with it. */
    store = open_ok (MLG_STORE_WRITE);
    got = make_facts ("k3@x", "l", 1);
    ck_assert_int_eq (add_ok (store, got), MLG_STORE_ADDED);
}
END_TEST

/* ---- opening ---- */

START_TEST (test_second_writer_locked)
{
    g_autoptr (MlgStore) first = open_ok (MLG_STORE_WRITE);
    g_autoptr (MlgStore) reader = NULL;

    assert_open_fails (MLG_STORE_WRITE, MLG_ERROR_LOCKED, "is locked");
    /* Readers are not blocked by the writer. */
    reader = open_ok (MLG_STORE_READ);
    ck_assert_uint_eq (mlg_store_count (reader), 0);
}
END_TEST

START_TEST (test_read_missing)
{
    assert_open_fails (MLG_STORE_READ, MLG_ERROR_NOT_FOUND,
                       "run mlgauge index first");
    /* Reading created nothing. */
    ck_assert (!g_file_test (dbpath, G_FILE_TEST_EXISTS));
    /* An empty directory is no database either. */
    ck_assert_int_eq (g_mkdir (dbpath, 0700), 0);
    assert_open_fails (MLG_STORE_READ, MLG_ERROR_NOT_FOUND,
                       "run mlgauge index first");
}
END_TEST

START_TEST (test_random_directory_invalid)
{
    g_autofree char *file = g_build_filename (dbpath, "notes.txt", NULL);
    g_autoptr (GDir) dir = NULL;
    guint entries = 0;

    ck_assert_int_eq (g_mkdir (dbpath, 0700), 0);
    ck_assert (g_file_set_contents (file, "just some notes\n", -1, NULL));
    assert_open_fails (MLG_STORE_READ, MLG_ERROR_INVALID,
                       "is not a mlgauge database");
    assert_open_fails (MLG_STORE_WRITE, MLG_ERROR_INVALID,
                       "is not a mlgauge database");
    /* Nothing was written into the directory. */
    dir = g_dir_open (dbpath, 0, NULL);
    while (g_dir_read_name (dir) != NULL)
        entries++;
    ck_assert_uint_eq (entries, 1);
}
END_TEST

START_TEST (test_regular_file_invalid)
{
    ck_assert (g_file_set_contents (dbpath, "not a database\n", -1, NULL));
    assert_open_fails (MLG_STORE_READ, MLG_ERROR_INVALID,
                       "is not a mlgauge database");
    assert_open_fails (MLG_STORE_WRITE, MLG_ERROR_INVALID,
                       "is not a mlgauge database");
}
END_TEST

START_TEST (test_foreign_xapian_invalid)
{
    GError *error = NULL;
    MlgXapianDb *db = _mlg_xapian_db_open (dbpath, true, &error);
    MlgXapianDoc *doc = _mlg_xapian_doc_new ();

    ck_assert_ptr_nonnull (db);
    _mlg_xapian_doc_add_term (doc, "hello", 1);
    ck_assert_uint_ne (_mlg_xapian_db_add_document (db, doc, &error), 0);
    ck_assert (_mlg_xapian_db_flush (db, &error));
    _mlg_xapian_doc_free (doc);
    _mlg_xapian_db_close (db);

    assert_open_fails (MLG_STORE_READ, MLG_ERROR_INVALID,
                       "is not a mlgauge database");
    assert_open_fails (MLG_STORE_WRITE, MLG_ERROR_INVALID,
                       "is not a mlgauge database");
}
END_TEST

/* Sets metadata `key` to `value` in the (closed) database at dbpath,
 * behind the store's back. */
static void
set_raw_metadata (const char *key, const char *value)
{
    GError *error = NULL;
    MlgXapianDb *db = _mlg_xapian_db_open (dbpath, true, &error);

    ck_assert_ptr_nonnull (db);
    ck_assert (_mlg_xapian_db_set_metadata (db, key, value, &error));
    ck_assert (_mlg_xapian_db_flush (db, &error));
    _mlg_xapian_db_close (db);
}

/* A database of format 1 (before the `question` fact) is refused with a
 * message that says what to do, not read with facts missing. */
START_TEST (test_old_format_says_reindex)
{
    MlgStore *store = open_ok (MLG_STORE_WRITE);

    mlg_store_close (store);
    set_raw_metadata ("mlgauge-format", "2");

    assert_open_fails (MLG_STORE_READ, MLG_ERROR_INVALID,
                       "has format 2; this mlgauge reads format 6: re-index");
    assert_open_fails (MLG_STORE_WRITE, MLG_ERROR_INVALID, "re-index");
}
END_TEST

/* A format mark that is not a number, or missing while the stopword list
 * and the sources' progress are there, is damage to a mlgauge database
 * (a damaged postlist.glass), not another program's database: CORRUPT,
 * naming the database and saying what to do. */
START_TEST (test_damaged_format_mark)
{
    static const char *const marks[] = { "5`", "", "\x05" };
    MlgStore *store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GError) error = NULL;
    MlgSourceProgress progress = { 1, 2, 3 };

    ck_assert (mlg_store_set_source (store, "/a.mbox", &progress, &error));
    add_simple (store, "a@x", "l");
    mlg_store_close (store);
    for (guint i = 0; i < G_N_ELEMENTS (marks); i++) {
        set_raw_metadata ("mlgauge-format", marks[i]);
        assert_open_fails (MLG_STORE_READ, MLG_ERROR_CORRUPT,
                           "is damaged: its format mark is");
        assert_open_fails (MLG_STORE_WRITE, MLG_ERROR_CORRUPT,
                           "index the archives again into a new --db");
    }
    /* Without the stopword list, the progress records still tell. */
    set_raw_metadata ("mlgauge-format", "");
    set_raw_metadata ("stopwords", "");
    assert_open_fails (MLG_STORE_READ, MLG_ERROR_CORRUPT,
                       "its format mark is missing");
    /* A later format is not damage. */
    set_raw_metadata ("mlgauge-format", "99");
    assert_open_fails (MLG_STORE_READ, MLG_ERROR_INVALID, "has format 99");
}
END_TEST

/* ---- sources ---- */

START_TEST (test_source_progress)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GError) error = NULL;
    MlgSourceProgress in = { 123456789012LL, 1700000000, 98765 };
    MlgSourceProgress out = { 0, 0, 0 };
    g_autofree char *long_path = g_strnfill (600, 'p');

    ck_assert (!mlg_store_get_source (store, "/a/b.mbox", &out, &error));
    ck_assert_ptr_null (error);
    ck_assert (mlg_store_set_source (store, "/a/b.mbox", &in, &error));
    /* Pending progress is visible to the writer. */
    ck_assert (mlg_store_get_source (store, "/a/b.mbox", &out, &error));
    ck_assert_int_eq (out.size, in.size);
    in.offset = 99999;
    ck_assert (mlg_store_set_source (store, "/a/b.mbox", &in, &error));
    ck_assert (mlg_store_set_source (store, long_path, &in, &error));
    g_clear_pointer (&store, mlg_store_close);

    store = open_ok (MLG_STORE_READ);
    memset (&out, 0, sizeof out);
    ck_assert (mlg_store_get_source (store, "/a/b.mbox", &out, &error));
    ck_assert_int_eq (out.size, 123456789012LL);
    ck_assert_int_eq (out.mtime, 1700000000);
    ck_assert_int_eq (out.offset, 99999);
    memset (&out, 0, sizeof out);
    ck_assert (mlg_store_get_source (store, long_path, &out, &error));
    ck_assert_int_eq (out.offset, 99999);
    ck_assert (!mlg_store_get_source (store, "/a/other.mbox", &out, &error));
    ck_assert_ptr_null (error);
}
END_TEST

/* A fetcher's state: kept as given, visible to the writer before the
 * commit, durable after it, and absent (without an error) when never
 * set; long keys (URLs with queries) work too. */
START_TEST (test_fetch_state)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GError) error = NULL;
    g_autofree char *long_key = g_strnfill (600, 'u');
    g_autofree char *none = NULL;
    g_autofree char *pending = NULL;
    g_autofree char *got = NULL;
    g_autofree char *got_long = NULL;
    const char *url = "imaps://imap.ietf.org/dispatch";

    none = mlg_store_get_fetch_state (store, url, &error);
    ck_assert_ptr_null (none);
    ck_assert_ptr_null (error);
    ck_assert (mlg_store_set_fetch_state (store, url, "v1 1:5,7", &error));
    pending = mlg_store_get_fetch_state (store, url, &error);
    ck_assert_str_eq (pending, "v1 1:5,7");
    ck_assert (mlg_store_set_fetch_state (store, url, "v2 1:9\nx", &error));
    ck_assert (mlg_store_set_fetch_state (store, long_key, "long", &error));
    ck_assert (mlg_store_commit (store, &error));
    g_clear_pointer (&store, mlg_store_close);

    store = open_ok (MLG_STORE_READ);
    got = mlg_store_get_fetch_state (store, url, &error);
    ck_assert_str_eq (got, "v2 1:9\nx");
    got_long = mlg_store_get_fetch_state (store, long_key, &error);
    ck_assert_str_eq (got_long, "long");
    /* Not a source: the two kinds of record do not mix. */
    MlgSourceProgress out;
    ck_assert (!mlg_store_get_source (store, url, &out, &error));
    ck_assert_ptr_null (error);
}
END_TEST

/* The progress parser takes what mlg_store_set_source() writes (and a
 * sign, as g_ascii_string_to_signed() did), and calls anything else a
 * damaged record rather than guessing. */
START_TEST (test_source_progress_damaged)
{
    static const char *const damaged[] = {
        "", /* (unset: not an error, see below) */
        "1 2", "1 2 3 4", "1  2 3", " 1 2 3", "1 2 3 ", "1 2 x", "1 2 3x",
        "1\t2 3", "1 2 99999999999999999999", "1 - 3", "0x1 2 3",
        "9223372036854775808 0 0", "-9223372036854775809 0 0", "+-1 2 3",
        "1 2 +", "1 2 3\n",
    };
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    MlgXapianDb *db = _mlg_store_get_db (store);
    g_autoptr (GError) error = NULL;
    MlgSourceProgress out = { 0, 0, 0 };

    ck_assert (_mlg_xapian_db_set_metadata (db, "source:/s", "-5 +6 7",
                                            &error));
    ck_assert (mlg_store_get_source (store, "/s", &out, &error));
    ck_assert_int_eq (out.size, -5);
    ck_assert_int_eq (out.mtime, 6);
    ck_assert_int_eq (out.offset, 7);
    ck_assert (_mlg_xapian_db_set_metadata (db, "source:/s",
                                            "9223372036854775807 0 -1",
                                            &error));
    ck_assert (mlg_store_get_source (store, "/s", &out, &error));
    ck_assert_int_eq (out.size, G_MAXINT64);
    ck_assert_int_eq (out.offset, -1);
    ck_assert (_mlg_xapian_db_set_metadata (db, "source:/s",
                                            "-9223372036854775808 -0 010",
                                            &error));
    ck_assert (mlg_store_get_source (store, "/s", &out, &error));
    ck_assert_int_eq (out.size, G_MININT64);
    ck_assert_int_eq (out.mtime, 0);
    ck_assert_int_eq (out.offset, 10);
    for (guint i = 0; i < G_N_ELEMENTS (damaged); i++) {
        ck_assert (_mlg_xapian_db_set_metadata (db, "source:/s", damaged[i],
                                                &error));
        ck_assert_msg (!mlg_store_get_source (store, "/s", &out, &error),
                       "'%s' parsed", damaged[i]);
        if (i == 0) {
            ck_assert_ptr_null (error);
            continue;
        }
        ck_assert_msg (g_error_matches (error, MLG_STORE_ERROR,
                                        MLG_ERROR_CORRUPT),
                       "'%s': no CORRUPT error", damaged[i]);
        ck_assert_ptr_nonnull (strstr (error->message, "'/s'"));
        g_clear_error (&error);
    }
}
END_TEST

/* ---- foreach ---- */

static bool
collect_id (const MlgMessageFacts *facts, gpointer user_data)
{
    g_ptr_array_add (user_data, g_strdup (facts->id));
    return true;
}

static bool
stop_after_two (const MlgMessageFacts *facts, gpointer user_data)
{
    GPtrArray *ids = user_data;
    g_ptr_array_add (ids, g_strdup (facts->id));
    return ids->len < 2;
}

/* Messages come in the order they were stored; one stored again for
 * another list (b@x) at its latest copy. */
START_TEST (test_foreach_order)
{
    const char *ids[] = { "m@x", "b@x", "z@x", "a@x", "B@x", "ä@x" };
    const char *order[] = { "m@x", "z@x", "a@x", "B@x", "ä@x", "b@x" };
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GError) error = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        add_simple (store, ids[i], "l");
    commit_ok (store);
    add_simple (store, "b@x", "l2");
    commit_ok (store);
    g_clear_pointer (&store, mlg_store_close);

    store = open_ok (MLG_STORE_READ);
    ck_assert (mlg_store_foreach (store, collect_id, seen, &error));
    ck_assert_uint_eq (seen->len, G_N_ELEMENTS (order));
    for (guint i = 0; i < seen->len; i++)
        ck_assert_str_eq (seen->pdata[i], order[i]);

    g_ptr_array_set_size (seen, 0);
    ck_assert (mlg_store_foreach (store, stop_after_two, seen, &error));
    ck_assert_uint_eq (seen->len, 2);
    ck_assert_str_eq (seen->pdata[1], "z@x");
}
END_TEST

/* A copy marked superseded with no later copy (only a damaged database
 * has one) still comes, once, after the others. */
START_TEST (test_foreach_superseded_alone)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GError) error = NULL;

    add_simple (store, "lone@x", "l");
    add_simple (store, "other@x", "l");
    g_clear_pointer (&store, mlg_store_close);
    set_raw_metadata ("superseded:0000000001", "1");

    store = open_ok (MLG_STORE_READ);
    ck_assert (mlg_store_foreach (store, collect_id, seen, &error));
    ck_assert_uint_eq (seen->len, 2);
    ck_assert_str_eq (seen->pdata[0], "other@x");
    ck_assert_str_eq (seen->pdata[1], "lone@x");
}
END_TEST

/* A writer sees what it added before committing it (the indexer does
 * not need it, but the store's contract does not depend on commits). */
START_TEST (test_foreach_sees_uncommitted)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GError) error = NULL;

    add_simple (store, "one@x", "l");
    commit_ok (store);
    add_simple (store, "two@x", "l");
    ck_assert (mlg_store_foreach (store, collect_id, seen, &error));
    ck_assert_uint_eq (seen->len, 2);
    ck_assert_str_eq (seen->pdata[1], "two@x");
}
END_TEST

/* ---- corruption ---- */

/* Stores, behind the store's back, a later copy of message `id` (as a
 * cross-post would) whose record is the `len` bytes at `data`, and marks
 * the earlier one superseded. (The database has no termlist, so Xapian
 * cannot replace the first copy itself.) */
static void
damage (const char *id, const void *data, gsize len)
{
    GError *error = NULL;
    g_autofree char *term = g_strconcat ("Q", id, NULL);
    MlgXapianDb *db = _mlg_xapian_db_open (dbpath, true, &error);
    MlgXapianDoc *doc = _mlg_xapian_doc_new ();
    g_autoptr (GArray) known = g_array_new (FALSE, FALSE, sizeof (guint));
    g_autofree char *key = NULL;

    ck_assert_ptr_nonnull (db);
    ck_assert (_mlg_xapian_db_get_postings (db, term, known, &error));
    ck_assert_uint_eq (known->len, 1);
    key = g_strdup_printf ("superseded:%010u", g_array_index (known, guint, 0));
    _mlg_xapian_doc_add_boolean_term (doc, term);
    _mlg_xapian_doc_add_value (doc, RECORD_SLOT, data, len);
    ck_assert_uint_ne (_mlg_xapian_db_add_document (db, doc, &error), 0);
    ck_assert (_mlg_xapian_db_set_metadata (db, key, "1", &error));
    ck_assert (_mlg_xapian_db_flush (db, &error));
    _mlg_xapian_doc_free (doc);
    _mlg_xapian_db_close (db);
}

START_TEST (test_corrupt_document)
{
    static const guint8 garbage[] = { 1, 0xff, 0x00, 0x13, 0x37, 0xff, 0xfe };
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgMessageFacts) got = NULL;
    g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

    add_simple (store, "bad@x", "l");
    add_simple (store, "good@x", "l");
    g_clear_pointer (&store, mlg_store_close);
    damage ("bad@x", garbage, sizeof garbage);

    store = open_ok (MLG_STORE_READ);
    got = mlg_store_get_message (store, "bad@x", &error);
    ck_assert_ptr_null (got);
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT));
    g_clear_error (&error);
    /* good@x comes before the damaged latest copy of bad@x; bad@x never
     * comes. */
    ck_assert (!mlg_store_foreach (store, collect_id, seen, &error));
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT));
    ck_assert_uint_eq (seen->len, 1);
    ck_assert_str_eq (seen->pdata[0], "good@x");
    g_clear_error (&error);
    g_clear_pointer (&store, mlg_store_close);

    /* Adding the damaged message again reports, rather than hides, it. */
    store = open_ok (MLG_STORE_WRITE);
    got = make_facts ("bad@x", "l2", 1);
    ck_assert (!mlg_store_add (store, got, NULL, &error));
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT));
}
END_TEST

/* A write that fails part-way (a full disk, a file-size limit) is
 * reported by the store with the database's path: callers never add it.
 * A file-size limit below the first table block makes the format mark's
 * flush of a new database fail with EFBIG. */
START_TEST (test_write_error_names_database)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = NULL;
    struct rlimit saved, small = { 4096, 4096 };
    void (*old_handler) (int);

    ck_assert_int_eq (getrlimit (RLIMIT_FSIZE, &saved), 0);
    small.rlim_max = saved.rlim_max;
    old_handler = signal (SIGXFSZ, SIG_IGN);
    ck_assert_int_eq (setrlimit (RLIMIT_FSIZE, &small), 0);
    store = mlg_store_open (dbpath, MLG_STORE_WRITE, &error);
    /* Restored before asserting: with CK_FORK=no the limit would outlive
     * the test. */
    setrlimit (RLIMIT_FSIZE, &saved);
    signal (SIGXFSZ, old_handler);
    ck_assert_ptr_null (store);
    ck_assert_ptr_nonnull (error);
    ck_assert_msg (g_str_has_prefix (error->message, "cannot write to "
                                                     "database '")
                       && strstr (error->message, dbpath) != NULL,
                   "path not in '%s'", error->message);
}
END_TEST

/* Reading a damaged message, alone or by walking the database, and
 * adding it again: each error names the database. */
START_TEST (test_damage_names_database)
{
    static const guint8 garbage[] = { 1, 0xff, 0x00, 0x13, 0x37 };
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgMessageFacts) got = NULL;
    g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

    add_simple (store, "bad@x", "l");
    g_clear_pointer (&store, mlg_store_close);
    damage ("bad@x", garbage, sizeof garbage);

    store = open_ok (MLG_STORE_READ);
    ck_assert_ptr_null (mlg_store_get_message (store, "bad@x", &error));
    ck_assert_msg (strstr (error->message, dbpath) != NULL,
                   "path not in '%s'", error->message);
    g_clear_error (&error);
    ck_assert (!mlg_store_foreach (store, collect_id, seen, &error));
    ck_assert_msg (strstr (error->message, dbpath) != NULL,
                   "path not in '%s'", error->message);
    g_clear_error (&error);
    g_clear_pointer (&store, mlg_store_close);

    store = open_ok (MLG_STORE_WRITE);
    got = make_facts ("bad@x", "l2", 1);
    ck_assert (!mlg_store_add (store, got, NULL, &error));
    ck_assert_msg (g_str_has_prefix (error->message, "database '")
                       && strstr (error->message, dbpath) != NULL,
                   "path not in '%s'", error->message);
}
END_TEST

/* Every truncation and many single-byte changes of a valid record either
 * parse or fail with CORRUPT; none crashes (run under ASan/valgrind). */
START_TEST (test_corrupt_data_never_crashes)
{
    g_autoptr (MlgMessageFacts) facts = make_full_facts ();
    g_autoptr (GBytes) bytes = _mlg_store_facts_to_data (facts);
    gsize len;
    const guint8 *data = g_bytes_get_data (bytes, &len);
    g_autofree guint8 *copy = g_memdup2 (data, len);
    guint corrupt = 0;

    for (gsize cut = 0; cut < len; cut++) {
        GError *error = NULL;
        MlgMessageFacts *got = _mlg_store_facts_from_data (data, cut, &error);
        ck_assert_ptr_null (got);
        ck_assert (g_error_matches (error, MLG_STORE_ERROR,
                                    MLG_ERROR_CORRUPT));
        g_error_free (error);
    }
    for (gsize i = 0; i < len; i++) {
        for (guint flip = 1; flip < 256; flip <<= 1) {
            GError *error = NULL;
            MlgMessageFacts *got;

            copy[i] = data[i] ^ flip;
            got = _mlg_store_facts_from_data (copy, len, &error);
            ck_assert ((got == NULL) == (error != NULL));
            if (got == NULL) {
                ck_assert (g_error_matches (error, MLG_STORE_ERROR,
                                            MLG_ERROR_CORRUPT));
                corrupt++;
            }
            mlg_message_facts_free (got);
            g_clear_error (&error);
            copy[i] = data[i];
        }
    }
    /* The format byte alone makes 8 of these fail. */
    ck_assert_uint_ge (corrupt, 8);
}
END_TEST

START_TEST (test_unknown_enum_corrupt)
{
    g_autoptr (MlgMessageFacts) facts = make_facts ("e@x", "l", 1);
    g_autoptr (GBytes) bytes = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgMessageFacts) got = NULL;
    gsize len;
    const void *data;

    facts->kind = 42;
    bytes = _mlg_store_facts_to_data (facts);
    data = g_bytes_get_data (bytes, &len);
    got = _mlg_store_facts_from_data (data, len, &error);
    ck_assert_ptr_null (got);
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_CORRUPT));
}
END_TEST


/* A record of format 3 (before stances had a cue) reads as a plain vote
 * (MLG_CUE_ANSWER), and the cue of a new record survives the store. */
START_TEST (test_record_stance_cue)
{
    g_autoptr (MlgMessageFacts) facts = make_facts ("c@x", "l", 1);
    g_autoptr (MlgMessageFacts) got = NULL;
    g_autoptr (GBytes) bytes = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (GByteArray) old = g_byte_array_new ();
    const guint8 *data;
    gsize len, at;

    facts->stance = MLG_STANCE_SUPPORT;
    facts->stance_quote = g_strdup ("QQQ");
    facts->stance_cue = MLG_CUE_PROPOSAL;
    bytes = _mlg_store_facts_to_data (facts);
    data = g_bytes_get_data (bytes, &len);
    got = _mlg_store_facts_from_data (data, len, &error);
    ck_assert_ptr_nonnull (got);
    ck_assert_int_eq (got->stance_cue, MLG_CUE_PROPOSAL);
    g_clear_pointer (&got, mlg_message_facts_free);

    /* The same record as format 3 wrote it: no cue after the quote. */
    for (at = 0; at + 4 <= len && memcmp (data + at, "QQQ", 4) != 0; at++)
        ;
    ck_assert_uint_lt (at + 4, len);
    ck_assert_uint_eq (data[at + 4], MLG_CUE_PROPOSAL);
    g_byte_array_append (old, data, at + 4);
    /* Nor the digest, the last field (0 here). */
    ck_assert_uint_eq (data[len - 1], 0);
    g_byte_array_append (old, data + at + 5, len - at - 6);
    old->data[0] = 3;
    got = _mlg_store_facts_from_data (old->data, old->len, &error);
    ck_assert_msg (got != NULL, "%s", error ? error->message : "");
    ck_assert_int_eq (got->stance, MLG_STANCE_SUPPORT);
    ck_assert_int_eq (got->stance_cue, MLG_CUE_ANSWER);
    ck_assert_str_eq (got->stance_quote, "QQQ");
}
END_TEST

static MlgStanceRules
stance_rules (MlgStore *store, char **phrases)
{
    g_autoptr (GError) error = NULL;
    MlgStanceRules rules = -1;

    ck_assert_msg (mlg_store_get_stance_rules (store, &rules, phrases,
                                               &error),
                   "%s", error ? error->message : "");
    return rules;
}

/* The store says which stance rules its messages were read with: none
 * yet, one set (with its phrases), several, or an older mlgauge's. */
START_TEST (test_stance_rules)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GError) error = NULL;
    g_autofree char *phrases = NULL;

    ck_assert_int_eq (stance_rules (store, NULL), MLG_STANCE_RULES_NONE);
    ck_assert (_mlg_store_note_stance_rules (store, "support: ship it\n",
                                             &error));
    add_simple (store, "a@x", "l");
    commit_ok (store);
    ck_assert_int_eq (stance_rules (store, &phrases),
                      MLG_STANCE_RULES_CURRENT);
    ck_assert_str_eq (phrases, "support: ship it\n");
    g_clear_pointer (&phrases, g_free);
    /* The same rules again change nothing; other rules mix. */
    ck_assert (_mlg_store_note_stance_rules (store, "support: ship it\n",
                                             &error));
    commit_ok (store);
    ck_assert_int_eq (stance_rules (store, NULL), MLG_STANCE_RULES_CURRENT);
    ck_assert (_mlg_store_note_stance_rules (store, "", &error));
    add_simple (store, "b@x", "l");
    commit_ok (store);
    ck_assert_int_eq (stance_rules (store, &phrases), MLG_STANCE_RULES_MIXED);
    ck_assert_str_eq (phrases, "");
    mlg_store_close (g_steal_pointer (&store));

    /* Messages but no record of the rules: an older mlgauge's. */
    set_raw_metadata ("stance-rules", "");
    set_raw_metadata ("stance-rules-mixed", "");
    store = open_ok (MLG_STORE_READ);
    ck_assert_int_eq (stance_rules (store, NULL), MLG_STANCE_RULES_OLDER);
}
END_TEST

/* ---- search ---- */

/* Returns: (transfer full) the ids found by `query`, newest first, joined
 * by spaces. */
static char *
search_ids (MlgStore *store, const char *query)
{
    g_autoptr (GPtrArray) ids = g_ptr_array_new ();
    g_autoptr (MlgSearchQuery) parsed = NULL;
    g_autoptr (MlgSearchResults) results = NULL;
    MlgSearchOptions options = MLG_SEARCH_OPTIONS_INIT;
    GError *error = NULL;

    options.limit = 100;
    parsed = mlg_search_query_parse (query, &error);
    ck_assert_msg (parsed != NULL, "query '%s' rejected: %s", query,
                   error ? error->message : "?");
    results = mlg_store_search (store, parsed, &options, &error);
    ck_assert_msg (results != NULL, "search '%s' failed: %s", query,
                   error ? error->message : "?");
    for (guint i = 0; i < results->messages->len; i++)
        g_ptr_array_add (ids, ((MlgMessageFacts *) results->messages->pdata[i])->id);
    g_ptr_array_add (ids, NULL);
    return g_strjoinv (" ", (char **) ids->pdata);
}

#define assert_search(store, query, expected)                             \
    do {                                                                  \
        g_autofree char *got_ = search_ids (store, query);                \
        ck_assert_str_eq (got_, expected);                                \
    } while (0)

static bool
collect_facts (const MlgMessageFacts *facts, gpointer user_data)
{
    GString *line = g_string_new (facts->id);

    for (guint i = 0; i < facts->lists->len; i++)
        g_string_append_printf (line, "%c%s", i == 0 ? ':' : ',',
                                (const char *) facts->lists->pdata[i]);
    g_ptr_array_add (user_data, g_string_free (line, FALSE));
    return true;
}

/* Quoted text is indexed up to its first 256 bytes, cut between words:
 * a word that starts there is found, one after it is not. */
START_TEST (test_quoted_head_only)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (MlgMessageFacts) long_quote =
        make_facts ("q@x", "l1", 1500000000);
    g_autoptr (MlgMessageFacts) no_space =
        make_facts ("n@x", "l1", 1500000000);
    g_autoptr (GString) quoted = g_string_new ("opening");
    g_autofree char *unbroken = NULL;

    /* "opening", then "filler" words to byte 252, then "beyond",
     * which straddles byte 256, then "tail". */
    while (quoted->len < 250)
        g_string_append (quoted, " filler");
    g_string_append (quoted, " beyond tail");
    ck_assert_uint_lt (strstr (quoted->str, "beyond") - quoted->str, 256);
    ck_assert_uint_gt (strstr (quoted->str, "tail") - quoted->str, 256);
    long_quote->quoted_text = g_strdup (quoted->str);
    /* No space to cut at (byte 256 is inside the "é"): still cut before
     * the words beyond, and the message is stored. */
    unbroken = g_strnfill (255, 'a');
    no_space->quoted_text = g_strconcat (unbroken, "\xc3\xa9zzz", NULL);
    add_ok (store, long_quote);
    add_ok (store, no_space);
    commit_ok (store);

    assert_search (store, "quoted:opening", "q@x");
    assert_search (store, "quoted:filler", "q@x");
    assert_search (store, "quoted:beyond", "");
    assert_search (store, "quoted:tail", "");
    assert_search (store, "quoted:zzz", "");
    ck_assert_uint_eq (mlg_store_count (store), 2);
}
END_TEST

/* Stores one message whose new text is `text` and subject `subject`. */
static void
add_text (MlgStore *store, const char *id, const char *subject,
          const char *text)
{
    g_autoptr (MlgMessageFacts) facts = make_facts (id, "l1", 1500000000);

    g_free (facts->subject);
    facts->subject = g_strdup (subject);
    g_free (facts->new_text);
    facts->new_text = g_strdup (text);
    add_ok (store, facts);
}

/* Closes `store`, marks its database as one of format 4, made before
 * stopwords were left out (no list), and opens it again for writing. */
static MlgStore *
reopened_as_format_4 (MlgStore *store)
{

    mlg_store_close (store);
    set_raw_metadata ("mlgauge-format", "4");
    set_raw_metadata ("stopwords", "");
    return open_ok (MLG_STORE_WRITE);
}

/* Returns: (transfer full) the format mark of the (closed) database at
 * dbpath. */
static char *
db_format (void)
{
    GError *error = NULL;
    MlgXapianDb *db = _mlg_xapian_db_open (dbpath, false, &error);
    char *format;

    ck_assert_ptr_nonnull (db);
    format = _mlg_xapian_db_get_metadata (db, "mlgauge-format", &error);
    ck_assert_ptr_nonnull (format);
    _mlg_xapian_db_close (db);
    return format;
}

/* A new database indexes text without its stopwords, which take no
 * position: a phrase with stopwords, quoted or hyphenated, finds the
 * text without them, in the body and in the subject; a stopword alone
 * finds nothing; words next to a stopword are not adjacent to anything
 * else. */
START_TEST (test_stopwords_left_out)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);

    add_text (store, "s@x", "State of the art", "an out of band key");
    add_text (store, "t@x", "band", "out band names the key");
    add_text (store, "u@x", "IS-IS", "an I-D about it is here");
    add_text (store, "v@x", "d", "plan d");
    commit_ok (store);

    assert_search (store, "\"out of band\"", "s@x t@x");
    assert_search (store, "out-of-band", "s@x t@x");
    assert_search (store, "\"an out of band key\"", "s@x");
    assert_search (store, "\"band key\"", "s@x");
    assert_search (store, "\"the key\"", "s@x t@x");
    assert_search (store, "subject:\"state of the art\"", "s@x");
    assert_search (store, "\"state of art\"", "s@x");
    assert_search (store, "\"names key\"", "t@x");
    assert_search (store, "the", "");
    assert_search (store, "\"of the\"", "");
    assert_search (store, "key the", "s@x t@x");
    assert_search (store, "key OR the", "s@x t@x");
    assert_search (store, "+the key", "s@x t@x");
    assert_search (store, "key AND the", "s@x t@x");
    assert_search (store, "the AND of", "");
    assert_search (store, "names NOT of", "t@x");
    /* Words of the trade that look like English ones are indexed. */
    assert_search (store, "IS-IS", "u@x");
    assert_search (store, "I-D", "u@x");
    assert_search (store, "\"it is\"", "u@x");

    /* The list goes with the database: reopened, it is read back. */
    mlg_store_close (g_steal_pointer (&store));
    store = open_ok (MLG_STORE_READ);
    assert_search (store, "\"out of band\"", "s@x t@x");
    assert_search (store, "the", "");
}
END_TEST

/* A database made before stopwords were left out has every word, and
 * goes on indexing every word: a phrase keeps its stopwords. */
START_TEST (test_stopwords_kept_in_older_database)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autofree char *format = NULL;

    add_text (store, "s@x", "State of the art", "an out of band key");
    store = reopened_as_format_4 (g_steal_pointer (&store));
    add_text (store, "t@x", "band", "out band names the key");
    /* A copy (s@x seen on another list) keeps the format too. */
    {
        g_autoptr (MlgMessageFacts) copy = make_facts ("s@x", "l2",
                                                       1500000000);
        add_ok (store, copy);
    }
    commit_ok (store);

    /* s@x was added while the database had its list; t@x after the list
     * was taken away (a format 4 database has none), so it has every
     * word, and queries keep stopwords. */
    assert_search (store, "the", "t@x");
    assert_search (store, "\"names the key\"", "t@x");
    assert_search (store, "\"names key\"", "");
    /* Its records are format 6's now (see FORMAT_VALUE); the stopword
     * list, still absent, says how the text is indexed. */
    mlg_store_close (g_steal_pointer (&store));
    format = db_format ();
    ck_assert_str_eq (format, "6");
}
END_TEST

/* An older database that holds no message yet takes the stopword list
 * (and the format that says it has one). */
START_TEST (test_stopwords_given_to_empty_older_database)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autofree char *format = NULL;

    store = reopened_as_format_4 (g_steal_pointer (&store));
    add_text (store, "t@x", "band", "out band names the key");
    commit_ok (store);
    assert_search (store, "the", "");
    assert_search (store, "\"names the key\"", "t@x");
    mlg_store_close (g_steal_pointer (&store));
    format = db_format ();
    ck_assert_str_eq (format, "6");
}
END_TEST

/* Dates are searched as a value: year:, month:, day: and date: ranges
 * find a message by its date, and a message without one by none. */
START_TEST (test_search_dates)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    /* 2017-07-14 02:40:00 UTC */
    g_autoptr (MlgMessageFacts) dated = make_facts ("d@x", "l1", 1500000000);
    g_autoptr (MlgMessageFacts) undated = make_facts ("u@x", "l1", 0);

    undated->date_source = MLG_DATE_UNKNOWN;
    add_ok (store, dated);
    add_ok (store, undated);
    commit_ok (store);

    assert_search (store, "year:2017", "d@x");
    assert_search (store, "month:2017-07 day:20170714", "d@x");
    assert_search (store, "day:2017-07-13", "");
    assert_search (store, "date:..2017-07-13", "");
    assert_search (store, "date:..2017", "d@x");
    assert_search (store, "year:1970 OR date:..1980", "");
    assert_search (store, "list:l1 -year:2017", "u@x");
    assert_search (store, "list:l1", "d@x u@x");
}
END_TEST

/* A cross-post whose copies differ in From: (one list rewrote it for
 * DMARC) is found by either sender, once, whichever copy came last. */
START_TEST (test_cross_post_filters_of_every_copy)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (MlgMessageFacts) first = make_facts ("c@x", "l1", 1500000000);
    g_autoptr (MlgMessageFacts) rewritten =
        make_facts ("c@x", "l2", 1500000000);

    g_free (rewritten->from_addr);
    rewritten->from_addr = g_strdup ("l2@lists.example.org");
    g_ptr_array_add (first->to, g_strdup ("chairs@example.org"));
    add_ok (store, first);
    ck_assert_int_eq (add_ok (store, rewritten), MLG_STORE_NEW_LIST);
    commit_ok (store);

    assert_search (store, "from:jane@example.com", "c@x");
    assert_search (store, "from:l2@lists.example.org", "c@x");
    assert_search (store, "to:chairs@example.org list:l2", "c@x");
    assert_search (store, "list:l1 list:l2", "c@x");
}
END_TEST

/* A message on three lists is three documents; every reader sees one
 * message with the three lists, and search counts it once. */
START_TEST (test_cross_post_three_lists)
{
    static const char *const lists[] = { "l3", "l1", "l2" };
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (MlgSearchQuery) parsed = NULL;
    g_autoptr (MlgSearchResults) results = NULL;
    g_autoptr (MlgMessageFacts) got = NULL;
    const MlgMessageFacts *hit;
    MlgSearchOptions options = MLG_SEARCH_OPTIONS_INIT;
    g_autoptr (GError) error = NULL;

    add_simple (store, "a@x", "l1");
    for (guint i = 0; i < G_N_ELEMENTS (lists); i++) {
        g_autoptr (MlgMessageFacts) copy = make_facts ("c@x", lists[i], 2);
        copy->new_text = g_strdup ("gadget talk");
        ck_assert_int_eq (add_ok (store, copy),
                          i == 0 ? MLG_STORE_ADDED : MLG_STORE_NEW_LIST);
    }
    add_simple (store, "z@x", "l2");
    commit_ok (store);

    ck_assert_uint_eq (mlg_store_count (store), 3);
    got = mlg_store_get_message (store, "c@x", &error);
    ck_assert_ptr_nonnull (got);
    ck_assert_uint_eq (got->lists->len, 3);
    ck_assert_str_eq (got->lists->pdata[0], "l3");
    ck_assert_str_eq (got->lists->pdata[1], "l1");
    ck_assert_str_eq (got->lists->pdata[2], "l2");

    /* In the order stored, once: c@x where its last copy is. */
    ck_assert (mlg_store_foreach (store, collect_facts, seen, &error));
    ck_assert_uint_eq (seen->len, 3);
    ck_assert_str_eq (seen->pdata[0], "a@x:l1");
    ck_assert_str_eq (seen->pdata[1], "c@x:l3,l1,l2");
    ck_assert_str_eq (seen->pdata[2], "z@x:l2");

    parsed = mlg_search_query_parse ("gadget OR list:l2", &error);
    ck_assert_ptr_nonnull (parsed);
    results = mlg_store_search (store, parsed, &options, &error);
    ck_assert_ptr_nonnull (results);
    ck_assert_uint_eq (results->total, 2);
    ck_assert_uint_eq (results->messages->len, 2);
    hit = results->messages->pdata[1];
    ck_assert_str_eq (hit->id, "c@x");
    ck_assert_uint_eq (hit->lists->len, 3);
}
END_TEST

START_TEST (test_search_prefixes)
{
    g_autoptr (MlgStore) store = open_ok (MLG_STORE_WRITE);
    g_autoptr (MlgMessageFacts) full = make_full_facts ();
    g_autoptr (MlgMessageFacts) other = make_facts ("o@x", "l1", 1500000000);
    g_autoptr (MlgMessageFacts) cross = make_facts ("o@x", "l2", 1500000000);
    g_autoptr (GError) error = NULL;

    other->new_text = g_strdup ("plain words about gadgets");
    other->quoted_text = g_strdup ("> quoted widget talk");
    /* The same message, as another list's archive holds it. */
    cross->new_text = g_strdup (other->new_text);
    cross->quoted_text = g_strdup (other->quoted_text);
    add_ok (store, full);
    add_ok (store, other);
    ck_assert_int_eq (add_ok (store, cross), MLG_STORE_NEW_LIST);
    commit_ok (store);

    assert_search (store, "widget", "full.1@example.com");
    assert_search (store, "quoted:widget", "o@x");
    assert_search (store, "sprocket", "");
    assert_search (store, "quoted:sprocket", "full.1@example.com");
    assert_search (store, "\"new widget protocol\"", "full.1@example.com");
    assert_search (store, "subject:ünïcode", "full.1@example.com");
    assert_search (store, "from:jose@example.es", "full.1@example.com");
    assert_search (store, "to:dispatch-chairs@ietf.org",
                   "full.1@example.com");
    assert_search (store, "draft:draft-foo-bar", "full.1@example.com");
    assert_search (store, "rfc:rfc9110", "full.1@example.com");
    assert_search (store, "kind:person", "o@x");
    assert_search (store, "list:l2", "o@x");
    /* A cross-post matches once, as one message on both lists. */
    assert_search (store, "list:l1 AND list:l2", "o@x");
    assert_search (store, "gadgets", "o@x");
    assert_search (store, "list:art.ietf.org", "full.1@example.com");
    assert_search (store, "id:o@x", "o@x");
    assert_search (store, "year:2017", "o@x");
    assert_search (store, "month:202211", "full.1@example.com");
    /* Newest first. */
    assert_search (store, "from:jose@example.es OR from:jane@example.com",
                   "full.1@example.com o@x");
    assert_search (store, "date:2022-11-01..2022-11-30",
                   "full.1@example.com");
    assert_search (store, "date:2017..2017", "o@x");
    assert_search (store, "date:..2018", "o@x");
    assert_search (store, "date:2018..", "full.1@example.com");

    ck_assert_ptr_null (mlg_search_query_parse ("date:yesterday..today",
                                                &error));
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_INVALID));
}
END_TEST


/* ---- shards ---- */

START_TEST (test_shard_of_stable)
{
    /* SHA-256's first eight bytes, big-endian, modulo N: fixed values,
     * so that a change of hash (which would scatter the copies of a
     * message over shards already written) fails here. */
    ck_assert_uint_eq (mlg_store_shard_of ("x@y", 2), 1);
    ck_assert_uint_eq (mlg_store_shard_of ("x@y", 3), 2);
    ck_assert_uint_eq (mlg_store_shard_of ("x@y", 7), 3);
    ck_assert_uint_eq (
        mlg_store_shard_of ("20240212145841.675e2c36ae@tyrell.example", 3),
        2);
    ck_assert_uint_eq (mlg_store_shard_of ("anything", 1), 0);
}
END_TEST

/* Opens shard k of n of `dbpath` for writing. */
static MlgStore *
open_shard_ok (guint k, guint n)
{
    GError *error = NULL;
    MlgStore *store = mlg_store_open_shard (dbpath, k, n, &error);

    ck_assert_msg (store != NULL, "open shard %u/%u: %s", k, n,
                   error ? error->message : "");
    return store;
}

/* Writes `ids` (each on list l1) and a cross-post c@x (on l1, then l2)
 * into the shards of a database of 2 shards where they belong. */
static void
write_two_shards (void)
{
    static const char *const ids[] = { "a@x", "b@x", "d@x", "e@x",
                                       "f@x", "g@x", "h@x" };
    g_autoptr (MlgStore) s0 = open_shard_ok (0, 2);
    g_autoptr (MlgStore) s1 = open_shard_ok (1, 2);
    MlgStore *shards[2] = { s0, s1 };
    g_autoptr (MlgMessageFacts) c1 = make_facts ("c@x", "l1", 5);
    g_autoptr (MlgMessageFacts) c2 = make_facts ("c@x", "l2", 5);
    MlgStore *home = shards[mlg_store_shard_of ("c@x", 2)];
    MlgSourceProgress p0 = { 100, 7, 40 }, p1 = { 100, 7, 30 };
    GError *error = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        add_simple (shards[mlg_store_shard_of (ids[i], 2)], ids[i], "l1");
    ck_assert_int_eq (add_ok (home, c1), MLG_STORE_ADDED);
    add_simple (home, "late@x", "l1");
    ck_assert_int_eq (add_ok (home, c2), MLG_STORE_NEW_LIST);
    ck_assert (mlg_store_set_source (s0, "a.mbox", &p0, &error));
    ck_assert (mlg_store_set_source (s1, "a.mbox", &p1, &error));
    ck_assert (mlg_store_set_source (s0, "only0.mbox", &p0, &error));
    commit_ok (s0);
    commit_ok (s1);
}

START_TEST (test_sharded_read)
{
    g_autoptr (MlgStore) store = NULL;
    g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (MlgMessageFacts) got = NULL;
    g_autoptr (MlgSearchQuery) parsed = NULL;
    g_autoptr (MlgSearchResults) results = NULL;
    MlgSearchOptions options = MLG_SEARCH_OPTIONS_INIT;
    MlgSourceProgress progress;
    g_autoptr (GError) error = NULL;
    guint copies = 0;

    write_two_shards ();
    store = open_ok (MLG_STORE_READ);
    /* Nine messages; c@x's first copy is superseded in its shard, under
     * that shard's own docid. */
    ck_assert_uint_eq (mlg_store_count (store), 9);
    got = mlg_store_get_message (store, "c@x", &error);
    ck_assert_ptr_nonnull (got);
    ck_assert_uint_eq (got->lists->len, 2);
    ck_assert (mlg_store_foreach (store, collect_facts, seen, &error));
    ck_assert_uint_eq (seen->len, 9);
    for (guint i = 0; i < seen->len; i++)
        if (g_str_has_prefix (seen->pdata[i], "c@x")) {
            copies++;
            ck_assert_str_eq (seen->pdata[i], "c@x:l1,l2");
        }
    ck_assert_uint_eq (copies, 1);

    /* Search skips the superseded copy: c@x once, with its lists. */
    parsed = mlg_search_query_parse ("list:l1", &error);
    results = mlg_store_search (store, parsed, &options, &error);
    ck_assert_ptr_nonnull (results);
    ck_assert_uint_eq (results->total, 9);
    ck_assert_uint_eq (results->messages->len, 9);

    /* Progress: as far as every shard read; none when one did not. */
    ck_assert (mlg_store_get_source (store, "a.mbox", &progress, &error));
    ck_assert_int_eq (progress.offset, 30);
    ck_assert (!mlg_store_get_source (store, "only0.mbox", &progress,
                                      &error));
    ck_assert_ptr_null (error);
}
END_TEST

/* Opening `dbpath` for reading fails with `code`, and a message holding
 * `words`. */
static void
open_fails (MlgErrorCode code, const char *words)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = mlg_store_open (dbpath, MLG_STORE_READ,
                                                 &error);

    ck_assert_ptr_null (store);
    ck_assert_msg (g_error_matches (error, MLG_STORE_ERROR, code),
                   "got: %s", error ? error->message : "(none)");
    ck_assert_msg (strstr (error->message, words) != NULL, "got: %s",
                   error->message);
}

START_TEST (test_sharded_refused)
{
    g_autofree char *stub = NULL;
    g_autofree char *moved = NULL;
    g_autofree char *shard1 = NULL;
    g_autoptr (GError) error = NULL;
    MlgStore *store;

    write_two_shards ();
    stub = g_build_filename (dbpath, "XAPIANDB", NULL);
    shard1 = g_build_filename (dbpath, "shard-1", NULL);
    moved = g_build_filename (tmpdir, "moved", NULL);

    ck_assert (g_file_set_contents (stub, "auto shard-0\nauto shard-0\n", -1,
                                    NULL));
    open_fails (MLG_ERROR_INVALID, "names shard 0 of 2 twice");
    ck_assert (g_file_set_contents (stub, "auto shard-0\n", -1, NULL));
    open_fails (MLG_ERROR_INVALID, "but the stub names 1 shards");
    ck_assert (g_file_set_contents (stub, "inmemory\n", -1, NULL));
    open_fails (MLG_ERROR_INVALID, "line 1 of its stub");
    ck_assert (g_file_set_contents (stub, "auto shard-0\nauto shard-1\n", -1,
                                    NULL));
    ck_assert_int_eq (g_rename (shard1, moved), 0);
    open_fails (MLG_ERROR_NOT_FOUND, "shard-1', named by its stub, is missing");
    ck_assert_int_eq (g_rename (moved, shard1), 0);

    /* Writing the whole, or with another number of shards: refused
     * before anything is written. */
    store = mlg_store_open (dbpath, MLG_STORE_WRITE, &error);
    ck_assert_ptr_null (store);
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_INVALID));
    g_clear_error (&error);
    store = mlg_store_open_shard (dbpath, 0, 3, &error);
    ck_assert_ptr_null (store);
    ck_assert (g_error_matches (error, MLG_STORE_ERROR, MLG_ERROR_INVALID));
    ck_assert (strstr (error->message, "has 2 shards, not 3") != NULL);
    g_clear_error (&error);
    /* Still readable as it was. */
    store = open_ok (MLG_STORE_READ);
    ck_assert_uint_eq (mlg_store_count (store), 9);
    mlg_store_close (store);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *suite = suite_create ("store");
    TCase *tc;

    tc = tcase_create ("facts");
    tcase_add_checked_fixture (tc, setup, teardown);
    tcase_add_test (tc, test_roundtrip_all_fields);
    tcase_add_test (tc, test_record_format_3_read);
    tcase_add_test (tc, test_roundtrip_nullable_null);
    tcase_add_test (tc, test_null_strings_read_as_empty);
    tcase_add_test (tc, test_long_message_id);
    tcase_add_test (tc, test_get_missing_message);
    suite_add_tcase (suite, tc);

    tc = tcase_create ("dedup");
    tcase_add_checked_fixture (tc, setup, teardown);
    tcase_add_test (tc, test_duplicate);
    tcase_add_test (tc, test_duplicate_with_same_hash);
    tcase_add_test (tc, test_cross_post_adds_list_once);
    tcase_add_test (tc, test_cross_post_keeps_first_stored_copy);
    tcase_add_test (tc, test_same_message_two_of_three);
    tcase_add_test (tc, test_conflicting_message_kept_apart);
    suite_add_tcase (suite, tc);

    tc = tcase_create ("durability");
    tcase_add_checked_fixture (tc, setup, teardown);
    tcase_add_test (tc, test_persistence);
    tcase_add_test (tc, test_creates_parents);
    tcase_add_test (tc, test_interrupted_writer_keeps_last_commit);
    suite_add_tcase (suite, tc);

    tc = tcase_create ("open");
    tcase_add_checked_fixture (tc, setup, teardown);
    tcase_add_test (tc, test_second_writer_locked);
    tcase_add_test (tc, test_read_missing);
    tcase_add_test (tc, test_random_directory_invalid);
    tcase_add_test (tc, test_regular_file_invalid);
    tcase_add_test (tc, test_foreign_xapian_invalid);
    tcase_add_test (tc, test_old_format_says_reindex);
    tcase_add_test (tc, test_damaged_format_mark);
    tcase_add_test (tc, test_write_error_names_database);
    suite_add_tcase (suite, tc);

    tc = tcase_create ("sources");
    tcase_add_checked_fixture (tc, setup, teardown);
    tcase_add_test (tc, test_source_progress);
    tcase_add_test (tc, test_fetch_state);
    tcase_add_test (tc, test_source_progress_damaged);
    suite_add_tcase (suite, tc);

    tc = tcase_create ("foreach");
    tcase_add_checked_fixture (tc, setup, teardown);
    tcase_add_test (tc, test_foreach_order);
    tcase_add_test (tc, test_foreach_sees_uncommitted);
    tcase_add_test (tc, test_foreach_superseded_alone);
    suite_add_tcase (suite, tc);

    tc = tcase_create ("corruption");
    tcase_add_checked_fixture (tc, setup, teardown);
    tcase_add_test (tc, test_corrupt_document);
    tcase_add_test (tc, test_damage_names_database);
    tcase_add_test (tc, test_corrupt_data_never_crashes);
    tcase_add_test (tc, test_unknown_enum_corrupt);
    tcase_add_test (tc, test_record_stance_cue);
    tcase_add_test (tc, test_stance_rules);
    suite_add_tcase (suite, tc);

    tc = tcase_create ("search");
    tcase_add_checked_fixture (tc, setup, teardown);
    tcase_add_test (tc, test_search_prefixes);
    tcase_add_test (tc, test_quoted_head_only);
    tcase_add_test (tc, test_search_dates);
    tcase_add_test (tc, test_stopwords_left_out);
    tcase_add_test (tc, test_stopwords_kept_in_older_database);
    tcase_add_test (tc, test_stopwords_given_to_empty_older_database);
    tcase_add_test (tc, test_cross_post_three_lists);
    tcase_add_test (tc, test_cross_post_filters_of_every_copy);
    suite_add_tcase (suite, tc);

    tc = tcase_create ("shards");
    tcase_add_checked_fixture (tc, setup, teardown);
    tcase_add_test (tc, test_shard_of_stable);
    tcase_add_test (tc, test_sharded_read);
    tcase_add_test (tc, test_sharded_refused);
    suite_add_tcase (suite, tc);

    return suite;
}

MLG_TEST_MAIN (make_suite)
