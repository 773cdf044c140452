/* mlg-parse-floor.c - the parse-only floor of indexing: GMime parses every
 * message of the mboxes under the given paths and decodes its text parts
 * (what any indexer must at least do), and nothing is stored.
 *
 *   mlg-parse-floor PATH...
 *
 * Prints "MESSAGES" on stdout. The benchmark times it next to the
 * indexers, so an indexer's rate can be read against what parsing alone
 * allows on the same machine at the same moment.
 */
#include <fcntl.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static guint64 messages;

/* Decodes every text part, as an indexer would to get at the words. */
static void
visit_part (GMimeObject *parent, GMimeObject *part, gpointer user_data)
{
    gsize *chars = user_data;

    if (GMIME_IS_TEXT_PART (part)) {
        g_autofree char *text = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
        if (text != NULL)
            *chars += strlen (text);
    }
}

static void
parse_mbox (const char *path)
{
    GMimeParser *parser;
    GMimeStream *stream;
    int fd = open (path, O_RDONLY);

    if (fd < 0) {
        perror (path);
        return;
    }
    stream = g_mime_stream_fs_new (fd);
    parser = g_mime_parser_new_with_stream (stream);
    g_object_unref (stream);
    g_mime_parser_set_format (parser, GMIME_FORMAT_MBOX);
    g_mime_parser_set_persist_stream (parser, FALSE);
    while (!g_mime_parser_eos (parser)) {
        GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);
        gsize chars = 0;

        if (message == NULL)
            break;
        /* Headers an indexer reads, decoded. */
        (void) g_mime_message_get_subject (message);
        (void) g_mime_message_get_date (message);
        (void) g_mime_message_get_from (message);
        g_mime_message_foreach (message, visit_part, &chars);
        messages++;
        g_object_unref (message);
    }
    g_object_unref (parser);
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
walk (const char *path)
{
    g_autoptr (GDir) dir = NULL;
    g_autoptr (GPtrArray) names = NULL;
    const char *name;

    if (!g_file_test (path, G_FILE_TEST_IS_DIR)) {
        parse_mbox (path);
        return;
    }
    dir = g_dir_open (path, 0, NULL);
    if (dir == NULL)
        return;
    names = g_ptr_array_new_with_free_func (g_free);
    while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
    g_ptr_array_sort (names, compare_paths);
    for (guint i = 0; i < names->len; i++)
        walk (names->pdata[i]);
}

int
main (int argc, char **argv)
{
    if (argc < 2) {
        fprintf (stderr, "usage: mlg-parse-floor PATH...\n");
        return 2;
    }
    g_mime_init ();
    for (int i = 1; i < argc; i++)
        walk (argv[i]);
    printf ("%" G_GUINT64_FORMAT "\n", messages);
    g_mime_shutdown ();
    return 0;
}
