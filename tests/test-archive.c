/* test-archive.c - finding archives (walk, sniffing) and reading messages
 * out of them (mbox, mboxrd, gzip, pipermail, Maildir, single messages). */
#include "mlg-archive-private.h"
#include "mlg-test.h"

#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* GMime is initialised once per process and never shut down: with
 * CK_FORK=no (the valgrind setup) every test runs in one process, and
 * GMime cannot be initialised again after g_mime_shutdown(). */
static void
setup (void)
{
    g_mime_init ();
}

static GPtrArray *
new_sources (void)
{
    return g_ptr_array_new_with_free_func ((GDestroyNotify) _mlg_source_free);
}

/* Walks `path`, which must succeed and give exactly one source. */
static MlgSource *
walk_one (const char *path)
{
    g_autoptr (GPtrArray) sources = new_sources ();
    GError *error = NULL;

    if (!_mlg_archive_walk (path, sources, &error))
        ck_abort_msg ("walk '%s': %s", path, error->message);
    ck_assert_uint_eq (sources->len, 1);
    return g_ptr_array_steal_index (sources, 0);
}

/* What reading a source gave: offsets, From lines, subjects. */
typedef struct {
    GArray *offsets;    /* gint64 */
    GPtrArray *from_lines; /* char *, "(null)" for none */
    GPtrArray *subjects;   /* char *, "" for none */
    GPtrArray *bodies;     /* char *: the first text part's raw content */
    GArray *oversized;     /* gboolean: cut at a size limit */
    bool truncated;
} ReadResult;

static void
read_result_free (ReadResult *r)
{
    g_array_unref (r->offsets);
    g_ptr_array_unref (r->from_lines);
    g_ptr_array_unref (r->subjects);
    g_ptr_array_unref (r->bodies);
    g_array_unref (r->oversized);
    g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadResult, read_result_free)

static char *
body_text (GMimeMessage *message)
{
    GMimeObject *body = g_mime_message_get_body (message);

    if (body != NULL && GMIME_IS_TEXT_PART (body))
        return g_mime_text_part_get_text (GMIME_TEXT_PART (body));
    return g_strdup ("");
}

static ReadResult *
read_all (const MlgSource *source, gint64 offset)
{
    ReadResult *r = g_new0 (ReadResult, 1);
    g_autoptr (MlgArchive) archive = NULL;
    MlgArchiveEntry entry = { 0 };
    GError *error = NULL;

    r->offsets = g_array_new (FALSE, FALSE, sizeof (gint64));
    r->from_lines = g_ptr_array_new_with_free_func (g_free);
    r->subjects = g_ptr_array_new_with_free_func (g_free);
    r->bodies = g_ptr_array_new_with_free_func (g_free);
    r->oversized = g_array_new (FALSE, FALSE, sizeof (gboolean));
    archive = _mlg_archive_open (source, offset, &error);
    if (archive == NULL)
        ck_abort_msg ("open '%s': %s", source->path, error->message);
    while (_mlg_archive_next (archive, &entry, &error)) {
        const char *subject = g_mime_message_get_subject (entry.message);

        g_array_append_val (r->offsets, entry.offset);
        g_ptr_array_add (r->from_lines,
                         g_strdup (entry.from_line ? entry.from_line
                                                   : "(null)"));
        g_ptr_array_add (r->subjects, g_strdup (subject ? subject : ""));
        g_ptr_array_add (r->bodies, body_text (entry.message));
        g_array_append_val (r->oversized, entry.oversized);
    }
    if (error != NULL)
        ck_abort_msg ("read '%s': %s", source->path, error->message);
    _mlg_archive_entry_clear (&entry);
    r->truncated = _mlg_archive_is_truncated (archive);
    return r;
}

static ReadResult *
read_data (const char *name)
{
    g_autofree char *path = mlg_test_data (name);
    g_autoptr (MlgSource) source = walk_one (path);

    return read_all (source, 0);
}

#define SUBJECT(r, i) ((const char *) (r)->subjects->pdata[i])
#define FROM_LINE(r, i) ((const char *) (r)->from_lines->pdata[i])
#define BODY(r, i) ((const char *) (r)->bodies->pdata[i])
#define OFFSET(r, i) g_array_index ((r)->offsets, gint64, i)

/* Byte positions of the lines starting with "From " in `contents`,
 * computed independently of GMime. */
static GArray *
from_line_positions (const char *contents)
{
    GArray *positions = g_array_new (FALSE, FALSE, sizeof (gint64));

    for (const char *p = contents; p != NULL && *p != '\0';) {
        if (strncmp (p, "From ", 5) == 0) {
            gint64 at = p - contents;
            g_array_append_val (positions, at);
        }
        p = strchr (p, '\n');
        if (p != NULL)
            p++;
    }
    return positions;
}

static void
write_file (const char *path, const char *contents, gssize len)
{
    GError *error = NULL;

    if (!g_file_set_contents (path, contents, len, &error))
        ck_abort_msg ("cannot write %s: %s", path, error->message);
}

/* ------------------------------------------------------------------ */
/* mbox reading                                                         */
/* ------------------------------------------------------------------ */

/* GMime 3 splits an mbox at EVERY line that starts with "From ", with or
 * without a blank line before it (its check_boundary() looks at nothing
 * else). In an mboxo file an unescaped body line `From me, ...` therefore
 * ends the message early; the fragment after it has no header block, so
 * GMime cannot make a message of it and the reader skips it, going on at
 * the next From line. (Had a blank line followed the bogus From line,
 * the fragment would come out as a headerless message.) This pins the
 * behaviour so that a change in GMime is noticed; the bulk corpora are
 * mboxrd, where it cannot happen. */
START_TEST (mboxo_unescaped_from_splits)
{
    g_autofree char *contents = mlg_test_data_contents ("archive-mboxo.mbox");
    g_autoptr (ReadResult) r = read_data ("archive-mboxo.mbox");
    g_autoptr (GArray) from_lines = from_line_positions (contents);

    ck_assert_uint_eq (r->offsets->len, 2);
    ck_assert_str_eq (SUBJECT (r, 0), "first");
    ck_assert_str_eq (SUBJECT (r, 1), "second");
    /* From lines: alice, the unescaped body line, bob. */
    ck_assert_uint_eq (from_lines->len, 3);
    ck_assert_int_eq (OFFSET (r, 1), g_array_index (from_lines, gint64, 2));
    /* The first body stops before the unescaped line. */
    ck_assert_ptr_nonnull (strstr (BODY (r, 0), "follows right after"));
    ck_assert_ptr_null (strstr (BODY (r, 0), "From me"));
    ck_assert_ptr_null (strstr (BODY (r, 0), "goes on"));
    ck_assert (!r->truncated);
}
END_TEST

START_TEST (mboxrd_quoted_from_kept)
{
    g_autoptr (ReadResult) r = read_data ("archive-mboxrd.mbox");

    ck_assert_uint_eq (r->offsets->len, 3);
    ck_assert_str_eq (SUBJECT (r, 0), "one");
    ck_assert_str_eq (SUBJECT (r, 1), "two");
    ck_assert_str_eq (SUBJECT (r, 2), "three");
    /* Unescaping is the text module's job: the reader keeps the bytes. */
    ck_assert_ptr_nonnull (
        strstr (BODY (r, 0), "\n>From the start of a line\n"));
    ck_assert_ptr_nonnull (strstr (BODY (r, 0), "\n>>From twice quoted\n"));
    ck_assert_str_eq (FROM_LINE (r, 1),
                      "From bob@example.org Mon Jan  1 11:00:00 2024");
}
END_TEST

START_TEST (mbox_offsets_are_from_line_positions)
{
    g_autofree char *contents = mlg_test_data_contents ("archive-mboxrd.mbox");
    g_autoptr (GArray) expected = from_line_positions (contents);
    g_autoptr (ReadResult) r = read_data ("archive-mboxrd.mbox");

    ck_assert_uint_eq (expected->len, 3);
    ck_assert_uint_eq (r->offsets->len, expected->len);
    for (guint i = 0; i < expected->len; i++)
        ck_assert_int_eq (OFFSET (r, i), g_array_index (expected, gint64, i));
    ck_assert_int_eq (OFFSET (r, 0), 0);
}
END_TEST

START_TEST (mbox_resume_from_offset)
{
    g_autofree char *path = mlg_test_data ("archive-mboxrd.mbox");
    g_autoptr (MlgSource) source = walk_one (path);
    g_autoptr (ReadResult) all = read_all (source, 0);
    g_autoptr (ReadResult) rest = read_all (source, OFFSET (all, 1));

    ck_assert_uint_eq (rest->offsets->len, 2);
    ck_assert_str_eq (SUBJECT (rest, 0), "two");
    ck_assert_str_eq (SUBJECT (rest, 1), "three");
    /* Offsets stay absolute file positions. */
    ck_assert_int_eq (OFFSET (rest, 0), OFFSET (all, 1));
    ck_assert_int_eq (OFFSET (rest, 1), OFFSET (all, 2));
}
END_TEST

START_TEST (mbox_resume_at_bad_offset_is_invalid)
{
    g_autofree char *path = mlg_test_data ("archive-mboxrd.mbox");
    g_autoptr (MlgSource) source = walk_one (path);
    g_autoptr (GError) error = NULL;
    MlgArchive *archive = _mlg_archive_open (source, 7, &error);

    ck_assert_ptr_null (archive);
    ck_assert (g_error_matches (error, MLG_ARCHIVE_ERROR, MLG_ERROR_INVALID));
}
END_TEST

START_TEST (mbox_crlf)
{
    g_autofree char *contents = mlg_test_data_contents ("archive-crlf.mbox");
    g_autoptr (ReadResult) r = read_data ("archive-crlf.mbox");
    g_autoptr (GArray) from_lines = from_line_positions (contents);

    /* The fixture must really be CRLF (nothing converted it). */
    ck_assert_ptr_nonnull (strstr (contents, "crlf one\r\n"));
    ck_assert_uint_eq (r->offsets->len, 2);
    ck_assert_str_eq (SUBJECT (r, 0), "crlf one");
    ck_assert_str_eq (SUBJECT (r, 1), "crlf two");
    ck_assert_str_eq (FROM_LINE (r, 1),
                      "From MAILER-DAEMON Mon Jan  1 11:00:00 2024");
    ck_assert_uint_eq (from_lines->len, 2);
    ck_assert_int_eq (OFFSET (r, 1), g_array_index (from_lines, gint64, 1));
    ck_assert (!r->truncated);
}
END_TEST

START_TEST (mbox_truncated_mid_body)
{
    g_autoptr (ReadResult) r = read_data ("archive-truncated.mbox");

    ck_assert_uint_eq (r->offsets->len, 2);
    ck_assert_str_eq (SUBJECT (r, 1), "cut");
    ck_assert (r->truncated);
}
END_TEST

START_TEST (mbox_truncated_in_headers)
{
    g_autoptr (ReadResult) r = read_data ("archive-truncated-headers.mbox");

    ck_assert_uint_eq (r->offsets->len, 2);
    ck_assert_str_eq (SUBJECT (r, 0), "complete");
    ck_assert (r->truncated);
}
END_TEST

START_TEST (mbox_complete_is_not_truncated)
{
    g_autoptr (ReadResult) r = read_data ("archive-mboxrd.mbox");

    ck_assert (!r->truncated);
}
END_TEST

START_TEST (empty_file)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *path = g_build_filename (dir, "empty.mbox", NULL);
    g_autoptr (GPtrArray) sources = new_sources ();
    g_autoptr (MlgSource) source = NULL;
    g_autoptr (ReadResult) r = NULL;
    bool ok;

    write_file (path, "", 0);
    /* Named explicitly it is an (empty) mbox; found by a walk it is
     * skipped. */
    source = walk_one (path);
    r = read_all (source, 0);
    ok = _mlg_archive_walk (dir, sources, NULL);
    mlg_test_rmtree (dir);
    ck_assert_int_eq (source->format, MLG_SOURCE_MBOX);
    ck_assert_uint_eq (r->offsets->len, 0);
    ck_assert (!r->truncated);
    ck_assert (ok);
    ck_assert_uint_eq (sources->len, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* gzip                                                                 */
/* ------------------------------------------------------------------ */

START_TEST (gzip_mbox)
{
    g_autofree char *path = mlg_test_data ("archive-gzip.mbox.gz");
    g_autofree char *plain = mlg_test_data_contents ("archive-mboxrd.mbox");
    g_autoptr (GArray) expected = from_line_positions (plain);
    g_autoptr (MlgSource) source = walk_one (path);
    g_autoptr (ReadResult) r = read_all (source, 0);

    ck_assert_int_eq (source->format, MLG_SOURCE_MBOX_GZ);
    ck_assert (source->gzip);
    ck_assert_uint_eq (r->offsets->len, 3);
    ck_assert_str_eq (SUBJECT (r, 2), "three");
    /* Offsets are positions in the uncompressed stream. */
    for (guint i = 0; i < expected->len; i++)
        ck_assert_int_eq (OFFSET (r, i), g_array_index (expected, gint64, i));
    ck_assert (!r->truncated);
}
END_TEST

/* An mbox whose second message has a folded header longer than
 * MLG_MAX_LINE_BYTES and whose fourth has a line longer than that in its
 * body. (MLG_MAX_MESSAGE_BYTES is the same cut; it is left to
 * tests/cli/test-limits.sh, 64 MiB being too much for valgrind.) */
static GString *
oversized_mbox (void)
{
    GString *m = g_string_new ("From a@b Mon Jan  1 00:00:00 2024\n"
                               "Subject: one\n\nfirst\n");

    g_string_append (m, "From a@b Mon Jan  1 00:00:00 2024\n"
                        "Subject: folded\nTo: x0@example.org");
    /* Folded lines of about 900 bytes: GMime reallocates the header it
     * is reading at every line, which on lines of 20 bytes took minutes
     * under ASan. */
    for (int i = 1; m->len < MLG_MAX_LINE_BYTES + 256 * 1024; i++)
        g_string_append_printf (m, i % 50 == 0 ? ",\n x%d@example.org"
                                               : ", x%d@example.org",
                                i);
    g_string_append (m, "\n\nbody\nFrom a@b Mon Jan  1 00:00:00 2024\n"
                        "Subject: two\n\nsecond\n"
                        "From a@b Mon Jan  1 00:00:00 2024\n"
                        "Subject: big\n\nstart\n");
    for (gsize end = m->len + MLG_MAX_LINE_BYTES + 65536; m->len < end;)
        g_string_append (m, "a line that goes on and on and on ");
    g_string_append (m, "\n>From the end\n"
                        "From a@b Mon Jan  1 00:00:00 2024\n"
                        "Subject: three\n\nthird\n");
    return m;
}

static void
check_oversized_read (const ReadResult *r, const char *contents)
{
    g_autoptr (GArray) expected = from_line_positions (contents);
    static const char *const subjects[] = {"one", "folded", "two", "big",
                                           "three"};

    ck_assert_uint_eq (r->offsets->len, 5);
    for (guint i = 0; i < 5; i++) {
        ck_assert_str_eq (SUBJECT (r, i), subjects[i]);
        ck_assert_int_eq (OFFSET (r, i), g_array_index (expected, gint64, i));
        ck_assert_msg (g_array_index (r->oversized, gboolean, i)
                           == (i == 1 || i == 3),
                       "message %u: oversized %d", i,
                       g_array_index (r->oversized, gboolean, i));
    }
    ck_assert_str_eq (BODY (r, 4), "third\n");
    ck_assert (!r->truncated);
}

/* A message past a size limit is read up to the limit, marked, and the
 * rest of it skipped: the messages after it keep their offsets (plain
 * and gzip'd), and an mbox can be resumed after it. */
START_TEST (oversized_messages_are_cut)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *plain = g_build_filename (dir, "big.mbox", NULL);
    g_autofree char *packed = g_build_filename (dir, "big.mbox.gz", NULL);
    g_autoptr (GString) m = oversized_mbox ();
    g_autoptr (MlgSource) plain_source = NULL;
    g_autoptr (MlgSource) packed_source = NULL;
    g_autoptr (ReadResult) r = NULL;
    g_autoptr (ReadResult) gz = NULL;
    g_autoptr (ReadResult) resumed = NULL;
    gzFile out;

    write_file (plain, m->str, (gssize) m->len);
    out = gzopen (packed, "wb1");
    ck_assert (out != NULL);
    ck_assert_int_eq (gzwrite (out, m->str, (unsigned) m->len), (int) m->len);
    ck_assert_int_eq (gzclose (out), Z_OK);
    plain_source = walk_one (plain);
    packed_source = walk_one (packed);
    r = read_all (plain_source, 0);
    gz = read_all (packed_source, 0);
    resumed = read_all (plain_source, OFFSET (r, 3));
    mlg_test_rmtree (dir);

    check_oversized_read (r, m->str);
    check_oversized_read (gz, m->str);
    ck_assert_uint_eq (resumed->offsets->len, 2);
    ck_assert_str_eq (SUBJECT (resumed, 1), "three");
    ck_assert_int_eq (OFFSET (resumed, 1), OFFSET (r, 4));
}
END_TEST

START_TEST (gzip_truncated)
{
    g_autoptr (ReadResult) r = read_data ("archive-truncated.mbox.gz");

    /* The last message is cut inside its Subject; the first two are
     * whole. */
    ck_assert_uint_ge (r->offsets->len, 2);
    ck_assert_str_eq (SUBJECT (r, 0), "one");
    ck_assert_str_eq (SUBJECT (r, 1), "two");
    ck_assert (r->truncated);
}
END_TEST

START_TEST (gzip_multi_member)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *path = g_build_filename (dir, "two.mbox.gz", NULL);
    g_autofree char *gz = NULL;
    gsize len;
    g_autoptr (GString) twice = g_string_new (NULL);
    g_autoptr (MlgSource) source = NULL;
    g_autoptr (ReadResult) r = NULL;

    /* `cat a.gz b.gz` is a valid gzip file of the concatenation. */
    {
        g_autofree char *one = mlg_test_data ("archive-gzip.mbox.gz");
        ck_assert (g_file_get_contents (one, &gz, &len, NULL));
    }
    g_string_append_len (twice, gz, (gssize) len);
    g_string_append_len (twice, gz, (gssize) len);
    write_file (path, twice->str, (gssize) twice->len);
    source = walk_one (path);
    r = read_all (source, 0);
    mlg_test_rmtree (dir);
    ck_assert_uint_eq (r->offsets->len, 6);
    ck_assert_str_eq (SUBJECT (r, 3), "one");
    ck_assert (!r->truncated);
}
END_TEST

START_TEST (gzip_cannot_resume)
{
    g_autofree char *path = mlg_test_data ("archive-gzip.mbox.gz");
    g_autoptr (MlgSource) source = walk_one (path);
    g_autoptr (GError) error = NULL;
    MlgArchive *archive = _mlg_archive_open (source, 100, &error);

    ck_assert_ptr_null (archive);
    ck_assert (g_error_matches (error, MLG_ARCHIVE_ERROR, MLG_ERROR_INVALID));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Formats and single messages                                          */
/* ------------------------------------------------------------------ */

START_TEST (pipermail_by_name)
{
    g_autofree char *path =
        mlg_test_data ("archive-pipermail/2022-November.txt");
    g_autoptr (MlgSource) source = walk_one (path);
    g_autoptr (ReadResult) r = read_all (source, 0);

    ck_assert_int_eq (source->format, MLG_SOURCE_PIPERMAIL);
    ck_assert (!source->gzip);
    ck_assert_uint_eq (r->offsets->len, 2);
    ck_assert_str_eq (FROM_LINE (r, 0),
                      "From jane at example.com  Tue Nov  1 11:19:12 2022");
    ck_assert_str_eq (SUBJECT (r, 1), "[Dispatch] Re: an idea");
}
END_TEST

START_TEST (pipermail_by_at_address)
{
    g_autofree char *path = mlg_test_data ("archive-pipermail-at.mbox");
    g_autoptr (MlgSource) source = walk_one (path);

    ck_assert_int_eq (source->format, MLG_SOURCE_PIPERMAIL);
}
END_TEST

START_TEST (plain_mbox_format)
{
    g_autofree char *path = mlg_test_data ("archive-mboxrd.mbox");
    g_autoptr (MlgSource) source = walk_one (path);
    GStatBuf st;

    ck_assert_int_eq (source->format, MLG_SOURCE_MBOX);
    ck_assert (!source->gzip);
    ck_assert_str_eq (source->path, path);
    ck_assert_int_eq (g_stat (path, &st), 0);
    ck_assert_int_eq (source->size, st.st_size);
    ck_assert_int_eq (source->mtime, st.st_mtime);
}
END_TEST

START_TEST (single_eml)
{
    g_autofree char *path = mlg_test_data ("archive-single.eml");
    g_autoptr (MlgSource) source = walk_one (path);
    g_autoptr (ReadResult) r = read_all (source, 0);

    ck_assert_int_eq (source->format, MLG_SOURCE_MESSAGE);
    ck_assert_uint_eq (r->offsets->len, 1);
    ck_assert_int_eq (OFFSET (r, 0), 0);
    ck_assert_str_eq (FROM_LINE (r, 0), "(null)");
    ck_assert_str_eq (SUBJECT (r, 0), "a single message");
    /* One message: a body line starting with From does not split it. */
    ck_assert_ptr_nonnull (strstr (BODY (r, 0), "From here on"));
}
END_TEST

/* An .eml is one message even when it starts with an mbox envelope line
 * and carries a patch whose first line is another `From `. */
START_TEST (eml_with_envelope_is_one_message)
{
    g_autofree char *path = mlg_test_data ("archive-eml-envelope.eml");
    g_autoptr (MlgSource) source = walk_one (path);
    g_autoptr (ReadResult) r = read_all (source, 0);

    ck_assert_int_eq (source->format, MLG_SOURCE_MESSAGE);
    ck_assert_uint_eq (r->offsets->len, 1);
    ck_assert_str_eq (SUBJECT (r, 0), "a patch attached");
}
END_TEST

START_TEST (file_without_from_line)
{
    g_autofree char *path = mlg_test_data ("archive-no-from.mbox");
    g_autoptr (MlgSource) source = walk_one (path);
    g_autoptr (ReadResult) r = NULL;

    /* Lower-case headers are headers too. */
    ck_assert_int_eq (source->format, MLG_SOURCE_MESSAGE);
    /* Even when told it is an mbox, the reader falls back to one
     * message when GMime finds no From line. */
    source->format = MLG_SOURCE_MBOX;
    r = read_all (source, 0);
    ck_assert_uint_eq (r->offsets->len, 1);
    ck_assert_str_eq (SUBJECT (r, 0), "no separator line at all");
    ck_assert_str_eq (FROM_LINE (r, 0), "(null)");
    ck_assert (!r->truncated);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Walking                                                              */
/* ------------------------------------------------------------------ */

START_TEST (maildir_walk_order)
{
    g_autofree char *dir = mlg_test_data ("maildir-sample");
    g_autoptr (GPtrArray) sources = new_sources ();
    g_autoptr (GError) error = NULL;
    /* Byte-wise order: upper case before lower case; cur/ before new/;
     * tmp/ and the hidden file are left out. */
    static const char *const expected[] = {
        "cur/1700000001.M1P1.host:2,S",
        "cur/1700000002.M2P2.host:2,S",
        "cur/1700000003.Z9.host:2,",
        "cur/1700000003.a1.host:2,",
        "new/1700000004.M4P4.host",
    };

    ck_assert (_mlg_archive_walk (dir, sources, &error));
    ck_assert_uint_eq (sources->len, G_N_ELEMENTS (expected));
    for (guint i = 0; i < sources->len; i++) {
        MlgSource *source = sources->pdata[i];
        g_autofree char *want = g_build_filename (dir, expected[i], NULL);

        ck_assert_str_eq (source->path, want);
        ck_assert_int_eq (source->format, MLG_SOURCE_MESSAGE);
    }
}
END_TEST

START_TEST (walk_skips_non_mail)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *sub = g_build_filename (dir, "sub", NULL);
    g_autofree char *readme = g_build_filename (dir, "README", NULL);
    g_autofree char *prov = g_build_filename (dir, "PROVENANCE.md", NULL);
    g_autofree char *zip = g_build_filename (dir, "messages.zip", NULL);
    g_autofree char *note = g_build_filename (dir, "notes.txt", NULL);
    g_autofree char *mbox = g_build_filename (sub, "list.mbox", NULL);
    g_autofree char *loop = g_build_filename (sub, "loop", NULL);
    g_autofree char *hidden = g_build_filename (dir, ".cache.mbox", NULL);
    g_autofree char *empty = g_build_filename (dir, "empty.mbox", NULL);
    g_autofree char *blank = g_build_filename (dir, "blank-first.mbox", NULL);
    g_autoptr (GPtrArray) sources = new_sources ();
    g_autoptr (GError) error = NULL;
    static const char zip_bytes[] = "PK\003\004\024\000\000\000\010\000";
    bool ok;

    ck_assert_int_eq (g_mkdir (sub, 0700), 0);
    write_file (readme, "This directory contains email corpora.\n", -1);
    write_file (prov, "# Provenance\n\nFrom: somewhere\n", -1);
    write_file (zip, zip_bytes, sizeof zip_bytes);
    write_file (note, "Note: this has a colon but is not mail\n\nx\n", -1);
    write_file (mbox, "From a@b Mon Jan  1 00:00:00 2024\nSubject: x\n\nb\n",
                -1);
    write_file (hidden, "From a@b Mon Jan  1 00:00:00 2024\n\nb\n", -1);
    write_file (empty, "", 0);
    write_file (blank, "\n\nFrom a@b Mon Jan  1 00:00:00 2024\n\nb\n", -1);
    /* A link back up the tree: followed, it would never end. */
    ck_assert_int_eq (symlink (dir, loop), 0);

    ok = _mlg_archive_walk (dir, sources, &error);
    mlg_test_rmtree (dir);
    ck_assert (ok);
    ck_assert_uint_eq (sources->len, 2);
    ck_assert_str_eq (((MlgSource *) sources->pdata[0])->path, blank);
    ck_assert_int_eq (((MlgSource *) sources->pdata[0])->format,
                      MLG_SOURCE_MBOX);
    ck_assert_str_eq (((MlgSource *) sources->pdata[1])->path, mbox);
}
END_TEST

START_TEST (walk_gzip_message_sniffed)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *bin = g_build_filename (dir, "random.gz", NULL);
    g_autoptr (GPtrArray) sources = new_sources ();
    g_autoptr (GError) error = NULL;
    g_autofree char *fixture = mlg_test_data ("archive-gzip.mbox.gz");
    g_autofree char *copy = g_build_filename (dir, "list.mbox.gz", NULL);
    g_autofree char *gz = NULL;
    gsize len;
    /* gzip magic, then garbage: not mail once "decompressed". */
    static const char junk[] = "\037\213\010\000garbage that is not deflate";
    bool ok;

    ck_assert (g_file_get_contents (fixture, &gz, &len, NULL));
    write_file (copy, gz, (gssize) len);
    write_file (bin, junk, sizeof junk);
    ok = _mlg_archive_walk (dir, sources, &error);
    mlg_test_rmtree (dir);
    ck_assert (ok);
    ck_assert_uint_eq (sources->len, 1);
    ck_assert_str_eq (((MlgSource *) sources->pdata[0])->path, copy);
}
END_TEST

/* What walk_known_* tests tell the walk through MlgArchiveKnownFunc. */
typedef struct {
    const char *known; /* the one path to call known */
    GPtrArray *asked;  /* "path size mtime" of every question */
} KnownCheck;

static bool
check_known (const char *path, gint64 size, gint64 mtime,
             gpointer user_data)
{
    KnownCheck *check = user_data;

    g_ptr_array_add (check->asked,
                     g_strdup_printf ("%s %" G_GINT64_FORMAT
                                      " %" G_GINT64_FORMAT,
                                      path, size, mtime));
    return g_str_equal (path, check->known);
}

/* A file the caller knows is left out, never read: here it no longer
 * looks like mail (and, for a user other than root, cannot even be
 * opened), which does not matter. Every other file is sniffed as before,
 * and the question is asked once per regular file, with its size and
 * mtime, in walk order. */
START_TEST (walk_known_skips_sniffing)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *mbox = g_build_filename (dir, "a.mbox", NULL);
    g_autofree char *old = g_build_filename (dir, "b.mbox", NULL);
    g_autofree char *readme = g_build_filename (dir, "c", NULL);
    g_autofree char *hidden = g_build_filename (dir, ".d.mbox", NULL);
    g_autoptr (GPtrArray) sources = new_sources ();
    g_autoptr (GPtrArray) asked = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GError) error = NULL;
    KnownCheck check = {old, asked};
    g_autofree char *want = NULL;
    MlgSource *source;
    GStatBuf st;
    bool ok;

    write_file (mbox, "From a@b Mon Jan  1 00:00:00 2024\nSubject: x\n\nb\n",
                -1);
    write_file (old, "PK\003\004 not mail any more", -1);
    write_file (readme, "This directory contains email corpora.\n", -1);
    write_file (hidden, "From a@b Mon Jan  1 00:00:00 2024\n\nb\n", -1);
    ck_assert_int_eq (g_chmod (old, 0000), 0);
    ck_assert_int_eq (g_stat (old, &st), 0);
    want = g_strdup_printf ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                            old, (gint64) st.st_size, (gint64) st.st_mtime);

    ok = _mlg_archive_walk_known (dir, check_known, &check, sources, NULL,
                                  &error);
    g_chmod (old, 0600);
    mlg_test_rmtree (dir);
    ck_assert_msg (ok, "walk: %s", error != NULL ? error->message : "");
    ck_assert_uint_eq (sources->len, 1);
    source = sources->pdata[0];
    ck_assert_str_eq (source->path, mbox);
    ck_assert_int_eq (source->format, MLG_SOURCE_MBOX);
    ck_assert_uint_eq (asked->len, 3);
    ck_assert (g_str_has_prefix (asked->pdata[0], mbox));
    ck_assert_str_eq (asked->pdata[1], want);
    ck_assert (g_str_has_prefix (asked->pdata[2], readme));
}
END_TEST

/* A file named on its own is asked about too, and left out when known.
 * Without the hook, the same walk reads it, and (when not root) fails on
 * it. */
START_TEST (walk_known_named_file)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *old = g_build_filename (dir, "b.mbox", NULL);
    g_autoptr (GPtrArray) sources = new_sources ();
    g_autoptr (GPtrArray) asked = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GError) error = NULL;
    KnownCheck check = {old, asked};
    guint known_len;
    bool ok, plain_ok;

    write_file (old, "From a@b Mon Jan  1 00:00:00 2024\n\nb\n", -1);
    ck_assert_int_eq (g_chmod (old, 0000), 0);
    ok = _mlg_archive_walk_known (old, check_known, &check, sources, NULL,
                                  &error);
    known_len = sources->len;
    plain_ok = _mlg_archive_walk (old, sources, NULL);
    g_chmod (old, 0600);
    mlg_test_rmtree (dir);
    ck_assert_msg (ok, "walk: %s", error != NULL ? error->message : "");
    ck_assert_uint_eq (asked->len, 1);
    ck_assert_uint_eq (known_len, 0);
    if (geteuid () != 0)
        ck_assert (!plain_ok);
}
END_TEST

/* A source's path is its key in the store: a directory named with
 * trailing slashes gives the same paths as without them (joined as
 * g_build_filename() joins), so that a later run finds its progress. */
START_TEST (walk_path_spelling)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *sub = g_build_filename (dir, "sub", NULL);
    g_autofree char *mbox = g_build_filename (sub, "list.mbox", NULL);
    g_autofree char *slashes = g_strconcat (dir, "//", NULL);
    g_autoptr (GPtrArray) sources = new_sources ();
    g_autoptr (GError) error = NULL;
    bool ok;

    ck_assert_int_eq (g_mkdir (sub, 0700), 0);
    write_file (mbox, "From a@b Mon Jan  1 00:00:00 2024\n\nb\n", -1);
    ok = _mlg_archive_walk (slashes, sources, &error)
         && _mlg_archive_walk (dir, sources, &error);
    mlg_test_rmtree (dir);
    ck_assert_msg (ok, "walk: %s", error != NULL ? error->message : "");
    ck_assert_uint_eq (sources->len, 2);
    ck_assert_str_eq (((MlgSource *) sources->pdata[0])->path, mbox);
    ck_assert_str_eq (((MlgSource *) sources->pdata[1])->path, mbox);
}
END_TEST

START_TEST (missing_path_not_found)
{
    g_autoptr (GPtrArray) sources = new_sources ();
    g_autoptr (GError) error = NULL;

    ck_assert (!_mlg_archive_walk ("/nonexistent/x.mbox", sources, &error));
    ck_assert (g_error_matches (error, MLG_ARCHIVE_ERROR,
                                MLG_ERROR_NOT_FOUND));
    ck_assert_str_eq (error->message,
                      "cannot open '/nonexistent/x.mbox': "
                      "No such file or directory");
    ck_assert_uint_eq (sources->len, 0);
}
END_TEST

START_TEST (open_missing_not_found)
{
    MlgSource source = { .path = (char *) "/nonexistent/y.mbox",
                         .format = MLG_SOURCE_MBOX };
    g_autoptr (GError) error = NULL;

    ck_assert_ptr_null (_mlg_archive_open (&source, 0, &error));
    ck_assert (g_error_matches (error, MLG_ARCHIVE_ERROR,
                                MLG_ERROR_NOT_FOUND));
}
END_TEST

START_TEST (unreadable_dir_io)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *sub = g_build_filename (dir, "locked", NULL);
    g_autoptr (GPtrArray) sources = new_sources ();
    g_autoptr (GError) error = NULL;
    g_autofree char *want = NULL;
    bool ok;

    /* root can list any directory: nothing to test then. */
    if (geteuid () == 0) {
        mlg_test_rmtree (dir);
        return;
    }
    ck_assert_int_eq (g_mkdir (sub, 0000), 0);
    ok = _mlg_archive_walk (dir, sources, &error);
    g_chmod (sub, 0700);
    mlg_test_rmtree (dir);
    ck_assert (!ok);
    ck_assert (g_error_matches (error, MLG_ARCHIVE_ERROR, MLG_ERROR_IO));
    want = g_strdup_printf ("cannot open '%s': Permission denied", sub);
    ck_assert_str_eq (error->message, want);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Real corpora (skipped when ../shared/corpora is absent)              */
/* ------------------------------------------------------------------ */

/* Counts the messages of every archive under `name` (a corpus folder). */
static guint
count_corpus (const char *name, guint *files)
{
    g_autofree char *root = mlg_test_corpora_dir ();
    g_autofree char *dir = g_build_filename (root, name, NULL);
    g_autoptr (GPtrArray) sources = new_sources ();
    g_autoptr (GError) error = NULL;
    guint total = 0;

    if (!_mlg_archive_walk (dir, sources, &error))
        ck_abort_msg ("walk %s: %s", dir, error->message);
    for (guint i = 0; i < sources->len; i++) {
        g_autoptr (ReadResult) r = read_all (sources->pdata[i], 0);
        total += r->offsets->len;
        ck_assert (!r->truncated);
    }
    *files = sources->len;
    return total;
}

START_TEST (corpora_bulk_counts)
{
    g_autofree char *root = mlg_test_corpora_dir ();
    guint files;

    if (!g_file_test (root, G_FILE_TEST_IS_DIR))
        return; /* no corpora here (a fresh clone): nothing to check */
    /* The counts of `grep -c '^From '` on the mboxrd files. */
    ck_assert_uint_eq (count_corpus ("xdp-newbies", &files), 1941);
    ck_assert_uint_eq (files, 7);
    ck_assert_uint_eq (count_corpus ("openbmc-2024", &files), 1622);
    ck_assert_uint_eq (count_corpus ("usrp-users-2021-01_04", &files), 879);
}
END_TEST

/* Every file of every corpus: nothing may fail or crash. */
START_TEST (corpora_everything_reads)
{
    g_autofree char *root = mlg_test_corpora_dir ();
    g_autoptr (GPtrArray) sources = new_sources ();
    g_autoptr (GError) error = NULL;
    guint messages = 0;

    if (!g_file_test (root, G_FILE_TEST_IS_DIR))
        return;
    ck_assert (_mlg_archive_walk (root, sources, &error));
    ck_assert_uint_gt (sources->len, 400);
    for (guint i = 0; i < sources->len; i++) {
        g_autoptr (ReadResult) r = read_all (sources->pdata[i], 0);
        messages += r->offsets->len;
    }
    ck_assert_uint_gt (messages, 4442);
}
END_TEST

/* What `index` asks before it opens a database: does the path exist? */
START_TEST (check_path_missing_and_present)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *present = mlg_test_data ("indexer");

    ck_assert (mlg_archive_check_path (present, NULL));
    ck_assert (!mlg_archive_check_path ("/nonexistent/x.mbox", &error));
    ck_assert (g_error_matches (error, MLG_ARCHIVE_ERROR,
                                MLG_ERROR_NOT_FOUND));
    ck_assert_str_eq (error->message, "cannot open '/nonexistent/x.mbox': "
                                      "No such file or directory");
}
END_TEST

/* ------------------------------------------------------------------ */
/* tar (the IETF export: tests/data/tar/make-export.py)                  */
/* ------------------------------------------------------------------ */

/* What reading a tar gave: per message, its member and offset too. */
typedef struct {
    ReadResult *r;
    GPtrArray *members; /* char * */
} TarResult;

static TarResult *
read_tar (const char *path)
{
    TarResult *t = g_new0 (TarResult, 1);
    g_autoptr (MlgSource) source = walk_one (path);
    g_autoptr (MlgArchive) archive = NULL;
    MlgArchiveEntry entry = { 0 };
    GError *error = NULL;

    ck_assert_int_eq (source->format, MLG_SOURCE_TAR);
    t->r = g_new0 (ReadResult, 1);
    t->r->offsets = g_array_new (FALSE, FALSE, sizeof (gint64));
    t->r->from_lines = g_ptr_array_new_with_free_func (g_free);
    t->r->subjects = g_ptr_array_new_with_free_func (g_free);
    t->r->bodies = g_ptr_array_new_with_free_func (g_free);
    t->members = g_ptr_array_new_with_free_func (g_free);
    archive = _mlg_archive_open (source, 0, &error);
    if (archive == NULL)
        ck_abort_msg ("open '%s': %s", path, error->message);
    while (_mlg_archive_next (archive, &entry, &error)) {
        const char *subject = g_mime_message_get_subject (entry.message);

        ck_assert_ptr_nonnull (entry.member);
        g_ptr_array_add (t->members, g_strdup (entry.member));
        g_array_append_val (t->r->offsets, entry.offset);
        g_ptr_array_add (t->r->subjects, g_strdup (subject ? subject : ""));
        g_ptr_array_add (t->r->bodies, body_text (entry.message));
    }
    if (error != NULL)
        ck_abort_msg ("read '%s': %s", path, error->message);
    _mlg_archive_entry_clear (&entry);
    t->r->truncated = _mlg_archive_is_truncated (archive);
    return t;
}

static void
tar_result_free (TarResult *t)
{
    read_result_free (t->r);
    g_ptr_array_unref (t->members);
    g_free (t);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TarResult, tar_result_free)

/* The export's mboxes are not >From-escaped: a body line `From here on`
 * after a blank line must not split the message (a plain mbox would be
 * split there, see mboxo_unescaped_from_splits). The stream escapes body
 * lines, mboxrd style, for the message reader to undo; the separators
 * are the From lines with a sender and an asctime date. Hidden files and
 * members that are not mail are passed over. */
START_TEST (tar_export_members)
{
    g_autofree char *path = mlg_test_data ("tar/export.tar.gz");
    g_autoptr (TarResult) t = read_tar (path);
    ReadResult *r = t->r;

    ck_assert_uint_eq (r->offsets->len, 3);
    ck_assert_str_eq (SUBJECT (r, 0), "First export message");
    ck_assert_str_eq (SUBJECT (r, 1), "Re: First export message");
    ck_assert_str_eq (SUBJECT (r, 2), "Security thing");
    ck_assert_str_eq (t->members->pdata[0],
                      "mbox0312_AbCdE/dispatch/2024-03.mbox");
    ck_assert_str_eq (t->members->pdata[1],
                      "mbox0312_AbCdE/dispatch/2024-03.mbox");
    ck_assert_str_eq (t->members->pdata[2],
                      "mbox0312_AbCdE/secdispatch/2024-03.mbox");
    ck_assert_ptr_nonnull (strstr (BODY (r, 0), "\n>From here on, the zebra"
                                                " protocol is frozen.\n"));
    ck_assert_ptr_nonnull (strstr (BODY (r, 0), "\n>>From the archive"));
    ck_assert_ptr_nonnull (strstr (BODY (r, 0), "\n>From 10:00 to 11:00"));
    ck_assert_ptr_nonnull (strstr (BODY (r, 0), "\nBye.\n"));
    /* Offsets are in the member's own bytes (python3: the index of
     * b"From bob@" in the member), not in the escaped stream. */
    ck_assert_int_eq (OFFSET (r, 0), 0);
    ck_assert_int_eq (OFFSET (r, 1), 376);
    ck_assert_int_eq (OFFSET (r, 2), 0);
    ck_assert (!r->truncated);
}
END_TEST

/* Writes the export, uncompressed, to `path`, cut to `len` bytes (the
 * whole of it when `len` is 0). */
static void
write_plain_export (const char *path, gsize len)
{
    g_autofree char *whole = NULL;
    gsize gz_len;
    GConverter *gunzip = G_CONVERTER (
        g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
    char out[16384];
    gsize read, written;

    ck_assert (g_file_get_contents (MLG_TEST_DATA "/tar/export.tar.gz",
                                    &whole, &gz_len, NULL));
    ck_assert_int_eq (g_converter_convert (gunzip, whole, gz_len, out,
                                           sizeof out,
                                           G_CONVERTER_INPUT_AT_END, &read,
                                           &written, NULL),
                      G_CONVERTER_FINISHED);
    g_object_unref (gunzip);
    write_file (path, out, (gssize) (len > 0 ? MIN (len, written) : written));
}

/* A tar cut short: what came before the cut is read, and the archive
 * says it was cut. The last member (secdispatch) has its data at byte
 * 4096 (four 512-byte headers, and the data of three members rounded up
 * to blocks): a cut at 4096 + 100 is inside it. libarchive gives nothing
 * of a member whose data it cannot read whole (a big member loses its
 * last block at most). */
START_TEST (tar_truncated)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *cut = g_build_filename (dir, "cut.tar", NULL);
    g_autofree char *cut_gz = g_build_filename (dir, "cut.tar.gz", NULL);
    g_autofree char *whole = NULL;
    gsize len;

    write_plain_export (cut, 4096 + 100);
    {
        g_autoptr (TarResult) t = read_tar (cut);

        ck_assert_uint_eq (t->r->offsets->len, 2);
        ck_assert_str_eq (SUBJECT (t->r, 1), "Re: First export message");
        ck_assert (t->r->truncated);
    }
    write_plain_export (cut, 4096);
    {
        g_autoptr (TarResult) t = read_tar (cut);

        ck_assert_uint_eq (t->r->offsets->len, 2);
        ck_assert (t->r->truncated);
    }
    /* A cut tar.gz: libarchive refuses to open it when the cut is in
     * the data it reads ahead (an error naming the file), or reads what
     * it can; either way no message is invented and the cut is said. */
    ck_assert (g_file_get_contents (MLG_TEST_DATA "/tar/export.tar.gz",
                                    &whole, &len, NULL));
    for (gsize at = 100; at < len; at += 200) {
        g_autoptr (MlgSource) source = NULL;
        g_autoptr (GError) error = NULL;
        g_autoptr (MlgArchive) archive = NULL;
        MlgArchiveEntry entry = { 0 };
        guint count = 0;

        write_file (cut_gz, whole, (gssize) at);
        source = walk_one (cut_gz);
        archive = _mlg_archive_open (source, 0, &error);
        if (archive == NULL) {
            ck_assert_ptr_nonnull (strstr (error->message, cut_gz));
            continue;
        }
        while (_mlg_archive_next (archive, &entry, &error))
            count++;
        _mlg_archive_entry_clear (&entry);
        ck_assert_ptr_null (error);
        ck_assert_uint_lt (count, 3);
        ck_assert (_mlg_archive_is_truncated (archive));
    }
    mlg_test_rmtree (dir);
}
END_TEST

/* A plain tar is sniffed and read as well. */
START_TEST (tar_uncompressed)
{
    g_autofree char *dir = mlg_test_tmpdir ();
    g_autofree char *plain = g_build_filename (dir, "export.tar", NULL);

    write_plain_export (plain, 0);
    {
        g_autoptr (TarResult) t = read_tar (plain);

        ck_assert_uint_eq (t->r->offsets->len, 3);
        ck_assert_int_eq (OFFSET (t->r, 1), 376);
        ck_assert (!t->r->truncated);
    }
    mlg_test_rmtree (dir);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("archive");
    TCase *tc;

    tc = tcase_create ("paths");
    tcase_add_test (tc, check_path_missing_and_present);
    suite_add_tcase (s, tc);

    tc = tcase_create ("mbox");
    tcase_add_checked_fixture (tc, setup, NULL);
    tcase_add_test (tc, mboxo_unescaped_from_splits);
    tcase_add_test (tc, mboxrd_quoted_from_kept);
    tcase_add_test (tc, mbox_offsets_are_from_line_positions);
    tcase_add_test (tc, mbox_resume_from_offset);
    tcase_add_test (tc, mbox_resume_at_bad_offset_is_invalid);
    tcase_add_test (tc, mbox_crlf);
    tcase_add_test (tc, mbox_truncated_mid_body);
    tcase_add_test (tc, mbox_truncated_in_headers);
    tcase_add_test (tc, mbox_complete_is_not_truncated);
    tcase_add_test (tc, empty_file);
    suite_add_tcase (s, tc);

    tc = tcase_create ("gzip");
    tcase_add_checked_fixture (tc, setup, NULL);
    tcase_add_test (tc, gzip_mbox);
    tcase_add_test (tc, gzip_truncated);
    tcase_add_test (tc, gzip_multi_member);
    tcase_add_test (tc, gzip_cannot_resume);
    tcase_add_test (tc, oversized_messages_are_cut);
    suite_add_tcase (s, tc);

    tc = tcase_create ("tar");
    tcase_add_checked_fixture (tc, setup, NULL);
    tcase_add_test (tc, tar_export_members);
    tcase_add_test (tc, tar_truncated);
    tcase_add_test (tc, tar_uncompressed);
    suite_add_tcase (s, tc);

    tc = tcase_create ("formats");
    tcase_add_checked_fixture (tc, setup, NULL);
    tcase_add_test (tc, pipermail_by_name);
    tcase_add_test (tc, pipermail_by_at_address);
    tcase_add_test (tc, plain_mbox_format);
    tcase_add_test (tc, single_eml);
    tcase_add_test (tc, eml_with_envelope_is_one_message);
    tcase_add_test (tc, file_without_from_line);
    suite_add_tcase (s, tc);

    tc = tcase_create ("walk");
    tcase_add_checked_fixture (tc, setup, NULL);
    tcase_add_test (tc, maildir_walk_order);
    tcase_add_test (tc, walk_skips_non_mail);
    tcase_add_test (tc, walk_gzip_message_sniffed);
    tcase_add_test (tc, walk_known_skips_sniffing);
    tcase_add_test (tc, walk_known_named_file);
    tcase_add_test (tc, walk_path_spelling);
    tcase_add_test (tc, missing_path_not_found);
    tcase_add_test (tc, open_missing_not_found);
    tcase_add_test (tc, unreadable_dir_io);
    suite_add_tcase (s, tc);

    if (!mlg_test_have_corpora ())
        return s;
    tc = tcase_create ("corpora");
    tcase_add_checked_fixture (tc, setup, NULL);
    tcase_set_timeout (tc, 300);
    tcase_add_test (tc, corpora_bulk_counts);
    tcase_add_test (tc, corpora_everything_reads);
    suite_add_tcase (s, tc);

    return s;
}

MLG_TEST_MAIN (make_suite)
