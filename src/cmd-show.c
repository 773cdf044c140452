/* cmd-show.c - `mlgauge show --message ID`: the stored facts of one
 * message, one `key: value` per line, so a user can see what the indexer
 * understood. */
#include <stdio.h>
#include <string.h>

#include "mlg-commands.h"
#include "mlg-indexer.h"

static void
print_array (const char *key, const GPtrArray *values)
{
    printf ("%s:", key);
    for (guint i = 0; i < values->len; i++)
        printf ("%s%s", i ? ", " : " ", (const char *) g_ptr_array_index (values, i));
    putchar ('\n');
}

static void
print_pointers (const MlgMessageFacts *facts, MlgPointerKind kind,
                const char *key)
{
    printf ("%s:", key);
    for (guint i = 0, n = 0; i < facts->pointers->len; i++) {
        const MlgPointer *pointer = g_ptr_array_index (facts->pointers, i);
        if (pointer->kind != kind)
            continue;
        printf ("%s%s", n++ ? ", " : " ", pointer->value);
        if (pointer->revision >= 0)
            printf ("-%02d", pointer->revision);
    }
    putchar ('\n');
}

/* One line per fact; every value on one line (newlines in mail text would
 * otherwise break the `key: value` contract). */
static void
print_facts (const MlgMessageFacts *facts)
{
    g_autofree char *date = mlg_cli_format_date (facts->date);
    g_autofree char *quote = g_strdup (facts->stance_quote ? facts->stance_quote : "");

    g_autofree char *question = g_strdup (facts->question ? facts->question : "");

    g_strdelimit (quote, "\r\n", ' ');
    g_strdelimit (question, "\r\n", ' ');
    printf ("id: %s\n", facts->id);
    printf ("date: %s\n", date);
    printf ("date-source: %s\n", mlg_date_source_to_string (facts->date_source));
    printf ("from: %s\n", facts->from_addr);
    printf ("name: %s\n", facts->from_name);
    printf ("org: %s\n", facts->org);
    print_array ("lists", facts->lists);
    print_array ("to", facts->to);
    print_array ("cc", facts->cc);
    printf ("subject: %s\n", facts->subject);
    printf ("subject-normalised: %s\n", facts->subject_norm);
    printf ("in-reply-to: %s\n", facts->in_reply_to ? facts->in_reply_to : "");
    print_array ("references", facts->references);
    printf ("permalink: %s\n", facts->permalink ? facts->permalink : "");
    printf ("source: %s\n", facts->source ? facts->source : "");
    printf ("offset: %" G_GINT64_FORMAT "\n", facts->offset);
    printf ("kind: %s\n", mlg_sender_kind_to_string (facts->kind));
    printf ("stance: %s\n", mlg_stance_to_string (facts->stance));
    printf ("stance-quote: %s\n", quote);
    printf ("question: %s\n", question);
    print_pointers (facts, MLG_POINTER_DRAFT, "drafts");
    print_pointers (facts, MLG_POINTER_RFC, "rfcs");
    print_pointers (facts, MLG_POINTER_IMPL, "implementations");
    print_pointers (facts, MLG_POINTER_ARCHIVE, "archives");
    print_pointers (facts, MLG_POINTER_SLIDES, "slides");
    printf ("checklist:");
    for (guint bit = 0, n = 0; bit < MLG_CHECKLIST_COUNT; bit++)
        if (facts->checklist & (1u << bit))
            printf ("%s%s", n++ ? ", " : " ",
                    mlg_checklist_item_to_string (1u << bit));
    printf ("\nproblems:");
    for (guint bit = 0, n = 0; bit < MLG_PROBLEM_COUNT; bit++)
        if (facts->problems & (1u << bit))
            printf ("%s%s", n++ ? ", " : " ", mlg_problem_to_string (1u << bit));
    putchar ('\n');
}

int
mlg_cmd_show (int argc, char **argv)
{
    g_autofree char *db_option = NULL;
    g_autofree char *message_id = NULL;
    GOptionEntry entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &db_option,
         "database directory", "DIR"},
        {"message", 'm', 0, G_OPTION_ARG_STRING, &message_id,
         "show the facts of the message with this Message-ID", "ID"},
        {NULL}};
    g_autoptr (GOptionContext) context =
        g_option_context_new ("--message ID - what was indexed of a message");
    g_autoptr (GError) error = NULL;
    g_autoptr (MlgStore) store = NULL;
    g_autoptr (MlgMessageFacts) facts = NULL;
    g_autofree char *db = NULL;
    g_autofree char *id = NULL;

    g_option_context_add_main_entries (context, entries, NULL);
    if (!mlg_cli_parse (context, &argc, &argv))
        return MLG_EXIT_USAGE;
    if (message_id == NULL || argc > 1) {
        mlg_cli_error ("show: give --message ID (try 'mlgauge show --help')");
        return MLG_EXIT_USAGE;
    }

    /* People paste ids with their brackets. */
    id = g_strdup (message_id);
    g_strstrip (id);
    if (id[0] == '<' && id[strlen (id) - 1] == '>') {
        id[strlen (id) - 1] = '\0';
        memmove (id, id + 1, strlen (id));
    }

    db = mlg_cli_db_path (db_option);
    store = mlg_store_open (db, MLG_STORE_READ, &error);
    if (store == NULL)
        return mlg_cli_fail (error);
    facts = mlg_store_get_message (store, id, &error);
    if (facts == NULL)
        return mlg_cli_fail (error);
    print_facts (facts);
    return MLG_EXIT_OK;
}
