/* fuzz-archive.c - libFuzzer harness for the archive reader: arbitrary
 * bytes as an archive file (mbox, mboxrd, pipermail, gzip framing, a
 * single message), sniffed, split into messages and read to the end the
 * way `mlgauge index` reads it, facts included. */
#include "fuzz-common.h"

#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

static MlgStancePhrases *phrases;
static char *dir;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
remove_dir (void)
{
    g_rmdir (dir);
    g_free (dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    fuzz_init_gmime ();
    phrases = _mlg_stance_phrases_new_default ();
    dir = g_dir_make_tmp ("mlgauge-fuzz-XXXXXX", NULL);
    if (dir == NULL)
        abort ();
    atexit (remove_dir);
    return 0;
}

static void
read_source (const MlgSource *source)
{
    g_autoptr (MlgArchive) archive = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree char *fallback_list = NULL;
    MlgArchiveEntry entry = {0};
    MlgMessageContext context = {0};
    gint64 month = 0;
    guint count = 0;
    g_autofree char *member = NULL;

    archive = _mlg_archive_open (source, 0, &error);
    if (archive == NULL)
        return;
    fallback_list = _mlg_message_fallback_list (source->path);
    _mlg_date_from_archive_name (source->path, &month);
    context.source = source->path;
    context.mbox = source->format != MLG_SOURCE_MESSAGE;
    context.pipermail = source->format == MLG_SOURCE_PIPERMAIL;
    context.archive_month = month;
    context.fallback_list = fallback_list;
    context.now = 1767225600;
    context.phrases = phrases;
    while (_mlg_archive_next (archive, &entry, &error)) {
        gint64 previous = count > 0 ? context.offset : -1;

        /* Offsets only grow, within a tar member (each member counts its
         * own bytes): a resumed run starts at one of them. */
        if (g_strcmp0 (entry.member, member) != 0) {
            g_free (member);
            member = g_strdup (entry.member);
            previous = -1;
        }
        if (entry.offset < previous)
            abort ();
        context.offset = entry.offset;
        context.from_line = entry.from_line;
        fuzz_check_message (entry.message, &context);
        count++;
    }
    _mlg_archive_entry_clear (&entry);
    (void) _mlg_archive_is_truncated (archive);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    static const char *const names[] = {"list.mbox", "2022-November.txt",
                                        "message.eml", "2022-November.txt.gz"};
    g_autoptr (GPtrArray) sources =
        g_ptr_array_new_with_free_func ((GDestroyNotify) _mlg_source_free);
    g_autoptr (GError) error = NULL;
    g_autofree char *path = NULL;

    /* The first byte picks the file name, which decides the pipermail and
     * single-message cases; the content decides the rest (gzip magic,
     * From lines, header blocks). */
    if (size < 1)
        return 0;
    path = g_build_filename (dir, names[data[0] % G_N_ELEMENTS (names)],
                             NULL);
    if (!g_file_set_contents (path, (const char *) data + 1,
                              (gssize) size - 1, NULL))
        abort ();
    if (_mlg_archive_walk (path, sources, &error))
        for (guint i = 0; i < sources->len; i++)
            read_source (sources->pdata[i]);
    g_unlink (path);
    return 0;
}
