/* fuzz-message.c - libFuzzer harness for the message-facts extractor: one
 * arbitrary message (headers, MIME, charsets, dates, addresses, quoted
 * text, pointers, stance) parsed by GMime as the indexer parses an .eml,
 * then turned into facts and through the store's serialisation. */
#include "fuzz-common.h"

static MlgStancePhrases *phrases;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    fuzz_init_gmime ();
    phrases = _mlg_stance_phrases_new_default ();
    return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    g_autoptr (GMimeStream) stream = NULL;
    g_autoptr (GMimeParser) parser = NULL;
    g_autoptr (GMimeMessage) message = NULL;
    MlgMessageContext context = {0};

    /* The first byte picks how the indexer would have found the message:
     * in an mbox (undo >From quoting), in a pipermail month (x at y
     * senders), or alone. */
    if (size < 1)
        return 0;
    context.mbox = (data[0] & 1) != 0;
    context.pipermail = (data[0] & 2) != 0;
    context.archive_month = (data[0] & 4) ? 1667260800 : 0; /* 2022-11 */
    context.list_override = (data[0] & 8) ? "dispatch" : NULL;
    context.source = "fuzz/2022-November.txt";
    context.fallback_list = "fuzz";
    context.from_line = context.mbox ? "From jane@example.com Tue Nov  1 "
                                       "10:00:00 2022"
                                     : NULL;
    context.now = 1767225600; /* 2026-01-01: deterministic */
    context.phrases = phrases;

    stream = g_mime_stream_mem_new_with_buffer ((const char *) data + 1,
                                                size - 1);
    parser = g_mime_parser_new_with_stream (stream);
    g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
    message = g_mime_parser_construct_message (parser, NULL);
    if (message != NULL)
        fuzz_check_message (message, &context);
    return 0;
}
