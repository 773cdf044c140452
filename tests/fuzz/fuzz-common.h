/* fuzz-common.h - what the libFuzzer harnesses share: GMime set up the way
 * the indexer sets it up, and the message context the indexer passes. */
#pragma once

#include <stdlib.h>
#include <string.h>

#include "mlg-address-private.h"
#include "mlg-archive-private.h"
#include "mlg-extract-private.h"
#include "mlg-stance-private.h"
#include "mlg-message-private.h"
#include "mlg-store-private.h"

/* The same GMime options as mlg_indexer_new(): the harnesses must parse
 * exactly as the indexer does. */
static void
fuzz_init_gmime (void)
{
    static const char *fallback[] = {"UTF-8", "windows-1252", NULL};

    g_mime_init ();
    g_mime_parser_options_set_fallback_charsets (
        g_mime_parser_options_get_default (), fallback);
}

/* Extracts the facts of `message` and checks what the rest of mlgauge
 * relies on: every string is UTF-8 (GVariant and Xapian need it), and the
 * facts survive the store's serialisation unchanged. A broken invariant
 * aborts, which libFuzzer reports as a crash. */
static void
fuzz_check_message (GMimeMessage *message, MlgMessageContext *context)
{
    g_autoptr (MlgMessageFacts) facts = _mlg_message_extract (message,
                                                              context);
    g_autoptr (MlgMessageFacts) back = NULL;
    g_autoptr (GBytes) data = NULL;
    g_autoptr (GError) error = NULL;
    const char *strings[] = {facts->id, facts->from_addr, facts->from_name,
                             facts->org, facts->subject, facts->subject_norm,
                             facts->new_text, facts->quoted_text};

    if (facts->id == NULL || facts->id[0] == '\0')
        abort ();
    for (size_t i = 0; i < G_N_ELEMENTS (strings); i++)
        if (strings[i] == NULL || !g_utf8_validate (strings[i], -1, NULL))
            abort ();
    for (guint i = 0; i < facts->references->len; i++)
        if (!g_utf8_validate (facts->references->pdata[i], -1, NULL))
            abort ();

    data = _mlg_store_facts_to_data (facts);
    back = _mlg_store_facts_from_data (g_bytes_get_data (data, NULL),
                                       g_bytes_get_size (data), &error);
    if (back == NULL || strcmp (back->id, facts->id) != 0
        || back->date != facts->date
        || back->references->len != facts->references->len
        || back->pointers->len != facts->pointers->len)
        abort ();
}
