/* mlg-message.c - turning one GMimeMessage into message facts.
 *
 * This is where the indexer decides what a message *is*: who sent it
 * (undoing list rewriting), when, to which lists, what it points at and
 * what it says. The pieces of text work (quote splitting, pointers,
 * stance) and of address work live in their own modules; this file
 * applies them to the MIME structure that only GMime understands.
 */
#include "mlg-message-private.h"
#include "mlg-facts-private.h"

#include <string.h>

#include "mlg-address-private.h"
#include "mlg-text-private.h"

/* What one message may cost. Mail is untrusted input: a 200 MB message, a
 * 50 MB line or a References: header with 100,000 ids must take bounded
 * time and memory, and must not bloat the database that every report
 * reads. Past a limit the message is still indexed from what fits, and
 * counted as MLG_PROBLEM_OVERSIZED (README, "Limits"). */
#define MAX_TEXT_BYTES (1024 * 1024)        /* readable text per message */
#define MAX_PART_BYTES (4 * MAX_TEXT_BYTES) /* encoded bytes read per part */
#define MAX_REFERENCES 100                  /* References: ids kept */
#define MAX_SUBJECT_BYTES 4096
#define MAX_RECIPIENTS 1000                 /* To: (and Cc:) kept */
#define MAX_POINTERS 1000                   /* drafts, RFCs, URLs kept */
/* New text searched for pointers, stance and checklist. GLib's regex
 * matching checks the whole subject's UTF-8 on every match, so the cost
 * grows with the square of the text; an agenda request or a +1 is never
 * this long, while the whole text still goes to the full-text index. */
#define MAX_ANALYSED_BYTES (64 * 1024)

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

/* Every string we keep must be UTF-8: reports, Xapian terms and the facts
 * record all require it, and mail does not guarantee it. */
static char *
valid_utf8 (const char *s)
{
    if (s == NULL)
        return g_strdup ("");
    return g_utf8_make_valid (s, -1);
}

static char *
collapse_spaces (const char *s)
{
    GString *out = g_string_new (NULL);
    bool space = false;

    for (const char *p = s; *p; p++) {
        if (g_ascii_isspace (*p)) {
            space = out->len > 0;
            continue;
        }
        if (space)
            g_string_append_c (out, ' ');
        space = false;
        g_string_append_c (out, *p);
    }
    return g_string_free (out, FALSE);
}

/* A usable Message-ID has no spaces and is not empty; brackets and
 * surrounding junk (folding, doubled `<<...>>`) have been stripped. */
static char *
clean_message_id (const char *raw, bool *repaired)
{
    g_autofree char *collapsed = NULL;
    char *decoded;
    const char *start, *end;

    *repaired = false;
    if (raw == NULL)
        return NULL;

    decoded = g_mime_utils_decode_message_id (raw);
    if (decoded != NULL && *decoded != '\0' && strchr (decoded, ' ') == NULL
        && strchr (decoded, '<') == NULL && strchr (decoded, '>') == NULL) {
        char *valid = valid_utf8 (decoded);
        g_free (decoded);
        return valid;
    }
    g_free (decoded);

    /* GMime gave up: take what is between the outermost brackets, minus
     * whitespace, which is what a folded or doubled id means. */
    collapsed = collapse_spaces (raw);
    start = collapsed;
    while (*start == '<' || *start == ' ')
        start++;
    end = start + strlen (start);
    while (end > start && (end[-1] == '>' || end[-1] == ' '))
        end--;
    if (end == start)
        return NULL;

    GString *id = g_string_new (NULL);
    for (const char *p = start; p < end; p++)
        if (*p != ' ' && *p != '<' && *p != '>')
            g_string_append_c (id, *p);
    if (id->len == 0) {
        g_string_free (id, TRUE);
        return NULL;
    }
    *repaired = true;
    char *valid = valid_utf8 (id->str);
    g_string_free (id, TRUE);
    return valid;
}

/* A missing id gets a stable one: the same message read twice (from two
 * archives, or on a re-run) must get the same id or dedup fails. The hash
 * covers the headers and body as GMime serialises them. */
static char *
synthetic_message_id (GMimeMessage *message)
{
    g_autofree char *text = g_mime_object_to_string (GMIME_OBJECT (message),
                                                     NULL);
    g_autofree char *sum = g_compute_checksum_for_string (
        G_CHECKSUM_SHA256, text ? text : "", -1);

    return g_strdup_printf ("%.32s@synthetic.mlgauge.invalid", sum);
}

/* Every value of a header that may appear several times, in order. */
static GPtrArray *
header_values (GMimeObject *object, const char *name)
{
    GMimeHeaderList *headers = g_mime_object_get_header_list (object);
    GPtrArray *values = g_ptr_array_new ();
    int count = g_mime_header_list_get_count (headers);

    for (int i = 0; i < count; i++) {
        GMimeHeader *header = g_mime_header_list_get_header_at (headers, i);
        const char *header_name = g_mime_header_get_name (header);
        if (header_name && g_ascii_strcasecmp (header_name, name) == 0) {
            const char *value = g_mime_header_get_value (header);
            if (value != NULL)
                g_ptr_array_add (values, (gpointer) value);
        }
    }
    return values;
}

/* `List-Id: Dispatch <dispatch.ietf.org>` -> "dispatch.ietf.org". */
static char *
list_id_from_header (const char *value)
{
    const char *open = strrchr (value, '<');
    const char *close = open ? strchr (open, '>') : NULL;
    g_autofree char *raw = NULL;

    if (open && close && close > open + 1)
        raw = g_strndup (open + 1, close - open - 1);
    else
        raw = g_strdup (value);
    g_strstrip (raw);
    if (*raw == '\0' || strchr (raw, ' ') != NULL)
        return NULL;
    g_autofree char *valid = valid_utf8 (raw);
    return g_utf8_strdown (valid, -1);
}

static bool
is_date_named (const char *name)
{
    static const char *const months[] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    g_autofree char *lower = g_ascii_strdown (name, -1);

    if (*lower == '\0')
        return true;
    if (g_ascii_isdigit (lower[0]))
        return true;
    for (guint i = 0; i < G_N_ELEMENTS (months); i++)
        if (strstr (lower, months[i]) != NULL)
            return true;
    return false;
}

static bool
is_maildir_leaf (const char *dir)
{
    g_autofree char *name = g_path_get_basename (dir);

    return g_str_equal (name, "cur") || g_str_equal (name, "new")
           || g_str_equal (name, "tmp");
}

char *
_mlg_message_fallback_list (const char *source_path)
{
    g_autofree char *base = g_path_get_basename (source_path);
    g_autofree char *dir = g_path_get_dirname (source_path);
    bool eml = g_str_has_suffix (source_path, ".eml");
    char *dot;

    /* Cut every extension: 2022-November.txt.gz -> 2022-November. */
    dot = strchr (base[0] == '.' ? base + 1 : base, '.');
    if (dot != NULL)
        *dot = '\0';

    /* A file with a name of its own (`dispatch.mbox`) names its list; a
     * folder of single messages (.eml, Maildir) is one list. */
    if (!eml && !is_date_named (base) && strchr (base, ':') == NULL
        && !is_maildir_leaf (dir))
        return g_utf8_strdown (base, -1);

    /* Date-named files and Maildir messages are named by their folder,
     * the one above `cur/` and `new/` for a Maildir. */
    while (is_maildir_leaf (dir)) {
        char *parent = g_path_get_dirname (dir);
        g_free (dir);
        dir = parent;
    }
    g_autofree char *dir_base = g_path_get_basename (dir);
    if (g_str_equal (dir_base, ".") || g_str_equal (dir_base, "/"))
        return g_utf8_strdown (base, -1);
    return g_utf8_strdown (dir_base, -1);
}

/* ------------------------------------------------------------------ */
/* Sender                                                               */
/* ------------------------------------------------------------------ */

static InternetAddressMailbox *
first_mailbox (InternetAddressList *list)
{
    if (list == NULL)
        return NULL;
    for (int i = 0; i < internet_address_list_length (list); i++) {
        InternetAddress *address = internet_address_list_get_address (list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX (address))
            return INTERNET_ADDRESS_MAILBOX (address);
        if (INTERNET_ADDRESS_IS_GROUP (address)) {
            InternetAddressMailbox *inner = first_mailbox (
                internet_address_group_get_members (
                    INTERNET_ADDRESS_GROUP (address)));
            if (inner != NULL)
                return inner;
        }
    }
    return NULL;
}

/* Returns: (transfer none) (nullable) the raw value of the first header
 * `name`: as it was in the message, encoded words and all. */
static const char *
raw_header (GMimeObject *object, const char *name)
{
    GMimeHeader *header = g_mime_header_list_get_header (
        g_mime_object_get_header_list (object), name);

    return header != NULL ? g_mime_header_get_raw_value (header) : NULL;
}

/* Parses the raw value of the address header `name`, which decodes each
 * display name on its own. (The decoded value would not do: an encoded
 * name may hold `,`, `;`, `<` or a line break, which then split the
 * header in the wrong places, and the sender was lost.) */
static InternetAddressList *
parse_address_header (GMimeObject *object, const char *name)
{
    const char *value = raw_header (object, name);

    if (value == NULL)
        return NULL;
    return internet_address_list_parse (NULL, value);
}

/* Pipermail writes `From: jane at example.com (Jane Doe)`: the address
 * is obfuscated and the name is a comment, which no address parser
 * understands. */
static bool
pipermail_sender (const char *value, char **addr, char **name)
{
    static GRegex *regex;
    g_autoptr (GMatchInfo) match = NULL;

    if (g_once_init_enter (&regex)) {
        GRegex *r = g_regex_new ("^\\s*(\\S+)\\s+at\\s+(\\S+)\\s*(?:\\((.*)\\))?",
                                 G_REGEX_OPTIMIZE, 0, NULL);
        g_once_init_leave (&regex, r);
    }
    if (value == NULL || !g_regex_match (regex, value, 0, &match))
        return false;
    g_autofree char *user = g_match_info_fetch (match, 1);
    g_autofree char *host = g_match_info_fetch (match, 2);
    g_autofree char *comment = g_match_info_fetch (match, 3);
    g_autofree char *joined = g_strdup_printf ("%s@%s", user, host);
    *addr = _mlg_address_normalise (joined);
    if (*addr == NULL)
        return false;
    g_autofree char *decoded = comment && *comment
                                   ? g_mime_utils_header_decode_phrase (NULL,
                                                                       comment)
                                   : g_strdup ("");
    *name = valid_utf8 (decoded);
    return true;
}

static bool
names_match (const char *a, const char *b)
{
    if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
        return false;
    g_autofree char *fa = g_utf8_casefold (a, -1);
    g_autofree char *fb = g_utf8_casefold (b, -1);
    return g_str_equal (fa, fb);
}

/* Finds the real author of a message whose From: was rewritten by the
 * list (`Jane Doe via Dispatch <dispatch@ietf.org>`): X-Original-From
 * when the list kept it, else a Reply-To or Cc mailbox carrying the same
 * name (Mailman puts the author there). */
static bool
undo_via_rewrite (GMimeMessage *message, const char *name, char **addr)
{
    GMimeObject *object = GMIME_OBJECT (message);
    g_autoptr (InternetAddressList) original =
        parse_address_header (object, "X-Original-From");
    InternetAddressMailbox *mailbox = first_mailbox (original);
    static const char *const candidates[] = {"Reply-To", "Cc"};

    if (mailbox != NULL) {
        *addr = _mlg_address_normalise (
            internet_address_mailbox_get_addr (mailbox));
        if (*addr != NULL)
            return true;
    }
    for (guint c = 0; c < G_N_ELEMENTS (candidates); c++) {
        g_autoptr (InternetAddressList) list =
            parse_address_header (object, candidates[c]);
        int n = list ? internet_address_list_length (list) : 0;
        for (int i = 0; i < n; i++) {
            InternetAddress *a = internet_address_list_get_address (list, i);
            if (!INTERNET_ADDRESS_IS_MAILBOX (a))
                continue;
            g_autofree char *clean =
                _mlg_name_clean (internet_address_get_name (a), NULL);
            /* A lone Reply-To is the author even without a name. */
            bool lone_reply_to = c == 0 && n == 1;
            if (!lone_reply_to && !names_match (clean, name))
                continue;
            char *candidate = _mlg_address_normalise (
                internet_address_mailbox_get_addr (
                    INTERNET_ADDRESS_MAILBOX (a)));
            if (candidate == NULL)
                continue;
            if (_mlg_address_is_dmarc_rewrite (candidate)) {
                g_free (candidate);
                continue;
            }
            *addr = candidate;
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Senders                                                              */
/* ------------------------------------------------------------------ */

/* A list is written by a few hundred people, and what an address says
 * about its sender depends on the address alone: a public-suffix lookup
 * for the organisation, eighty-odd patterns for machines and list
 * rewrites. Worked out once per address rather than per message, it
 * costs almost nothing on a list's archive. The cache starts again empty
 * past SENDER_CACHE_MAX addresses, which bounds its memory on archives
 * with millions of distinct (spam) senders. */
#define SENDER_CACHE_MAX 65536

typedef struct {
    char *org;
    bool automated;
    bool rewritten; /* a DMARC or relay rewrite that hides the sender */
} Sender;

struct _MlgSenderCache {
    GHashTable *senders; /* normalised address -> Sender */
};

static void
sender_free (gpointer data)
{
    Sender *sender = data;

    g_free (sender->org);
    g_free (sender);
}

MlgSenderCache *
_mlg_sender_cache_new (void)
{
    MlgSenderCache *cache = g_new (MlgSenderCache, 1);

    cache->senders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            sender_free);
    return cache;
}

void
_mlg_sender_cache_free (MlgSenderCache *cache)
{
    if (cache == NULL)
        return;
    g_hash_table_unref (cache->senders);
    g_free (cache);
}

/* Returns: (transfer none) what `addr` says about its sender, valid until
 * the next lookup in `cache`. */
static const Sender *
lookup_sender (MlgSenderCache *cache, const char *addr)
{
    Sender *sender = g_hash_table_lookup (cache->senders, addr);

    if (sender != NULL)
        return sender;
    if (g_hash_table_size (cache->senders) >= SENDER_CACHE_MAX)
        g_hash_table_remove_all (cache->senders);
    sender = g_new (Sender, 1);
    sender->org = _mlg_address_organisation (addr);
    sender->automated = _mlg_address_is_automated (addr);
    sender->rewritten = _mlg_address_is_dmarc_rewrite (addr);
    g_hash_table_insert (cache->senders, g_strdup (addr), sender);
    return sender;
}

static void
extract_sender (GMimeMessage *message, const MlgMessageContext *context,
                MlgSenderCache *senders, MlgMessageFacts *facts)
{
    GMimeObject *object = GMIME_OBJECT (message);
    const char *raw = raw_header (object, "From");
    g_autofree char *unfolded = raw ? g_mime_utils_header_unfold (raw) : NULL;
    /* pipermail_sender() decodes the name itself, so it reads the raw
     * value too; raw 8-bit bytes (old archives) are only decoded right
     * through GMime's fallback charsets, in the decoded value. */
    const char *raw_from = unfolded != NULL
                                   && g_utf8_validate (unfolded, -1, NULL)
                               ? unfolded
                               : g_mime_object_get_header (object, "From");
    g_autoptr (InternetAddressList) from = NULL;
    InternetAddressMailbox *mailbox;
    g_autofree char *via_list = NULL;
    char *addr = NULL;

    if (context->pipermail || (raw_from && strstr (raw_from, " at ")
                               && strchr (raw_from, '@') == NULL)) {
        char *name = NULL;
        if (pipermail_sender (raw_from, &addr, &name)) {
            facts->from_addr = addr;
            facts->from_name = _mlg_name_clean (name, NULL);
            g_free (name);
            return;
        }
    }

    from = parse_address_header (object, "From");
    mailbox = first_mailbox (from);
    if (mailbox == NULL) {
        facts->from_addr = g_strdup ("");
        facts->from_name = g_strdup ("");
        facts->problems |= MLG_PROBLEM_NO_SENDER;
        return;
    }

    g_autofree char *name = valid_utf8 (
        internet_address_get_name (INTERNET_ADDRESS (mailbox)));
    facts->from_name = _mlg_name_clean (name, &via_list);
    addr = _mlg_address_normalise (internet_address_mailbox_get_addr (mailbox));

    if (addr != NULL
        && (via_list != NULL || lookup_sender (senders, addr)->rewritten)) {
        char *real = NULL;
        if (undo_via_rewrite (message, facts->from_name, &real)) {
            g_free (addr);
            addr = real;
        }
    }
    if (addr == NULL) {
        facts->problems |= MLG_PROBLEM_NO_SENDER;
        addr = g_strdup ("");
    }
    facts->from_addr = addr;
}

static void
add_recipients (GMimeMessage *message, GMimeAddressType type, GPtrArray *out,
                guint *problems)
{
    InternetAddressList *list = g_mime_message_get_addresses (message, type);
    int n = list ? internet_address_list_length (list) : 0;

    if (n > MAX_RECIPIENTS) {
        n = MAX_RECIPIENTS;
        *problems |= MLG_PROBLEM_OVERSIZED;
    }

    for (int i = 0; i < n; i++) {
        InternetAddress *a = internet_address_list_get_address (list, i);
        if (INTERNET_ADDRESS_IS_GROUP (a)) {
            InternetAddressList *members =
                internet_address_group_get_members (INTERNET_ADDRESS_GROUP (a));
            for (int j = 0; members && j < internet_address_list_length (members);
                 j++) {
                InternetAddress *m = internet_address_list_get_address (members, j);
                if (!INTERNET_ADDRESS_IS_MAILBOX (m))
                    continue;
                char *addr = _mlg_address_normalise (
                    internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (m)));
                if (addr != NULL)
                    g_ptr_array_add (out, addr);
            }
            continue;
        }
        char *addr = _mlg_address_normalise (
            internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (a)));
        if (addr != NULL)
            g_ptr_array_add (out, addr);
    }
}

/* ------------------------------------------------------------------ */
/* Date                                                                 */
/* ------------------------------------------------------------------ */

/* DESIGN section 4: Date:, else Received:, else the mbox From line, else
 * the archive's month; a candidate that is absurd is skipped the same way
 * a missing one is, and counted. */
static void
extract_date (GMimeMessage *message, const MlgMessageContext *context,
              MlgMessageFacts *facts)
{
    GMimeObject *object = GMIME_OBJECT (message);
    const char *date = g_mime_object_get_header (object, "Date");
    g_autoptr (GPtrArray) received = NULL;
    gint64 t;

    facts->date = 0;
    facts->date_source = MLG_DATE_UNKNOWN;

    if (date != NULL && _mlg_date_parse_header (date, &t)) {
        if (!_mlg_date_is_absurd (t, context->now)) {
            facts->date = t;
            facts->date_source = MLG_DATE_FROM_HEADER;
            return;
        }
        facts->problems |= MLG_PROBLEM_ABSURD_DATE;
    } else {
        facts->problems |= MLG_PROBLEM_BAD_DATE;
    }

    /* The first Received: is the one added last, nearest the archive.
     * Only read now: GMime decodes a header's value when it is first
     * asked for, and most messages have a Date: that makes Received:
     * headers unneeded. */
    received = header_values (object, "Received");
    for (guint i = 0; i < received->len; i++) {
        if (_mlg_date_from_received (g_ptr_array_index (received, i), &t)
            && !_mlg_date_is_absurd (t, context->now)) {
            facts->date = t;
            facts->date_source = MLG_DATE_FROM_RECEIVED;
            return;
        }
    }
    if (context->from_line != NULL
        && _mlg_date_from_mbox_line (context->from_line, &t)
        && !_mlg_date_is_absurd (t, context->now)) {
        facts->date = t;
        facts->date_source = MLG_DATE_FROM_MBOX_LINE;
        return;
    }
    if (context->archive_month > 0) {
        facts->date = context->archive_month;
        facts->date_source = MLG_DATE_FROM_ARCHIVE;
    }
}

/* ------------------------------------------------------------------ */
/* Body text                                                            */
/* ------------------------------------------------------------------ */

typedef struct {
    GString *plain;
    GString *html;
    bool charset_problem;
    bool oversized;
} BodyParts;

/* Decodes at most MAX_PART_BYTES of the encoded content of `part` (a text
 * part too big to decode whole) and converts it to UTF-8 by its charset.
 * A base64 or quoted-printable prefix decodes to a prefix of the text. */
static char *
part_prefix_text (GMimePart *part, GMimeDataWrapper *content,
                  GMimeStream *stream)
{
    const char *charset = g_mime_object_get_content_type_parameter (
        GMIME_OBJECT (part), "charset");
    g_autoptr (GMimeStream) prefix = g_mime_stream_substream (
        stream, stream->bound_start, stream->bound_start + MAX_PART_BYTES);
    g_autoptr (GMimeStream) mem = g_mime_stream_mem_new ();
    GMimeDataWrapper *wrapper;
    GByteArray *bytes;
    char *text;

    if (prefix == NULL)
        return NULL;
    wrapper = g_mime_data_wrapper_new_with_stream (
        prefix, g_mime_data_wrapper_get_encoding (content));
    g_mime_data_wrapper_write_to_stream (wrapper, mem);
    g_object_unref (wrapper);
    bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
    if (charset != NULL && g_ascii_strcasecmp (charset, "utf-8") != 0
        && g_ascii_strcasecmp (charset, "us-ascii") != 0) {
        text = g_convert ((const char *) bytes->data, bytes->len, "UTF-8",
                          g_mime_charset_iconv_name (charset), NULL, NULL,
                          NULL);
        if (text != NULL)
            return text;
    }
    return g_strndup ((const char *) bytes->data, bytes->len);
}

/* Returns: (transfer full) the decoded content of a text part labelled
 * UTF-8 or US-ASCII when it already is what the label says, else NULL.
 * g_mime_text_part_get_text() converts every part through iconv, UTF-8
 * to UTF-8 included, and that conversion costs the reader time and
 * changes nothing in text that is valid. Anything else still goes through GMime's conversion. */
static char *
utf8_part_text (GMimePart *part, GMimeDataWrapper *content)
{
    const char *charset = g_mime_object_get_content_type_parameter (
        GMIME_OBJECT (part), "charset");
    bool ascii;
    g_autoptr (GMimeStream) mem = NULL;
    GByteArray *bytes;

    if (charset == NULL)
        return NULL;
    ascii = g_ascii_strcasecmp (charset, "us-ascii") == 0;
    if (!ascii && g_ascii_strcasecmp (charset, "utf-8") != 0)
        return NULL;
    mem = g_mime_stream_mem_new ();
    g_mime_data_wrapper_write_to_stream (content, mem);
    bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
    /* Embedded NULs are invalid to g_utf8_validate_len() as well. */
    if (!g_utf8_validate_len ((const char *) bytes->data, bytes->len, NULL))
        return NULL;
    if (ascii)
        for (guint i = 0; i < bytes->len; i++)
            if (bytes->data[i] >= 0x80)
                return NULL;
    return g_strndup ((const char *) bytes->data, bytes->len);
}

static char *
part_text (GMimePart *part, bool *charset_problem, bool *oversized)
{
    GMimeDataWrapper *content = g_mime_part_get_content (part);
    GMimeStream *stream = content != NULL
                              ? g_mime_data_wrapper_get_stream (content)
                              : NULL;
    char *text = NULL;

    if (stream != NULL && g_mime_stream_length (stream) > MAX_PART_BYTES) {
        *oversized = true;
        text = part_prefix_text (part, content, stream);
    } else if (GMIME_IS_TEXT_PART (part) && content != NULL) {
        text = utf8_part_text (part, content);
        if (text == NULL)
            text = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
    }
    if (text == NULL) {
        if (content == NULL)
            return NULL;
        g_autoptr (GMimeStream) mem = g_mime_stream_mem_new ();
        g_mime_data_wrapper_write_to_stream (content, mem);
        GByteArray *bytes = g_mime_stream_mem_get_byte_array (
            GMIME_STREAM_MEM (mem));
        text = g_strndup ((const char *) bytes->data, bytes->len);
    }
    if (!g_utf8_validate (text, -1, NULL)) {
        char *valid = g_utf8_make_valid (text, -1);
        g_free (text);
        text = valid;
        *charset_problem = true;
    }
    return text;
}

/* Cuts `s` to at most `max` bytes on a character boundary.
 * Returns: true when something was cut. */
static bool
truncate_utf8 (GString *s, gsize max)
{
    const char *end;

    if (s->len <= max)
        return false;
    g_utf8_validate (s->str, (gssize) max, &end);
    g_string_truncate (s, (gsize) (end - s->str));
    return true;
}

static void
collect_part (GMimeObject *parent, GMimeObject *object, gpointer user_data)
{
    BodyParts *parts = user_data;
    GMimeContentType *type;

    if (!GMIME_IS_PART (object))
        return;
    /* Attachments (patches, forwarded mail) are not the author's words. */
    if (g_mime_part_is_attachment (GMIME_PART (object)))
        return;
    type = g_mime_object_get_content_type (object);
    if (type == NULL)
        return;
    if (g_mime_content_type_is_type (type, "text", "plain")) {
        g_autofree char *text = NULL;
        if (parts->plain->len >= MAX_TEXT_BYTES) {
            parts->oversized = true;
            return;
        }
        text = part_text (GMIME_PART (object), &parts->charset_problem,
                          &parts->oversized);
        if (text != NULL) {
            if (parts->plain->len > 0)
                g_string_append_c (parts->plain, '\n');
            g_string_append (parts->plain, text);
            parts->oversized |= truncate_utf8 (parts->plain, MAX_TEXT_BYTES);
        }
    } else if (g_mime_content_type_is_type (type, "text", "html")) {
        g_autofree char *text = NULL;
        if (parts->html->len >= MAX_PART_BYTES) {
            parts->oversized = true;
            return;
        }
        text = part_text (GMIME_PART (object), &parts->charset_problem,
                          &parts->oversized);
        if (text != NULL) {
            g_string_append (parts->html, text);
            parts->oversized |= truncate_utf8 (parts->html, MAX_PART_BYTES);
        }
    }
}

static void
extract_text (GMimeMessage *message, const MlgMessageContext *context,
              MlgMessageFacts *facts)
{
    BodyParts parts = {g_string_new (NULL), g_string_new (NULL), false,
                       false};
    g_autofree char *body = NULL;
    GString *new_text = g_string_new (NULL);
    GString *quoted = g_string_new (NULL);

    if (g_mime_message_get_mime_part (message) == NULL)
        facts->problems |= MLG_PROBLEM_BROKEN_MIME;
    else
        g_mime_message_foreach (message, collect_part, &parts);

    /* text/plain is preferred; HTML is read only when there is no plain
     * text at all (multipart/alternative gives both). */
    if (parts.plain->len > 0)
        body = g_string_free (parts.plain, FALSE);
    else {
        g_string_free (parts.plain, TRUE);
        body = parts.html->len > 0
                   ? _mlg_text_from_html (parts.html->str, parts.html->len)
                   : g_strdup ("");
    }
    g_string_free (parts.html, TRUE);
    if (parts.charset_problem)
        facts->problems |= MLG_PROBLEM_CHARSET;
    if (strlen (body) > MAX_TEXT_BYTES) {
        /* HTML turned into text can still be long. */
        const char *end;
        g_utf8_validate (body, MAX_TEXT_BYTES, &end);
        body[end - body] = '\0';
        parts.oversized = true;
    }
    if (parts.oversized)
        facts->problems |= MLG_PROBLEM_OVERSIZED;

    if (context->mbox)
        _mlg_text_unescape_mboxrd (body);
    _mlg_text_split (body, new_text, quoted);
    if (new_text->len == 0 && quoted->len == 0)
        facts->problems |= MLG_PROBLEM_NO_TEXT;
    facts->new_text = g_string_free (new_text, FALSE);
    facts->quoted_text = g_string_free (quoted, FALSE);
}

/* ------------------------------------------------------------------ */
/* Kind                                                                 */
/* ------------------------------------------------------------------ */

static bool
starts_with_nocase (const char *s, const char *prefix)
{
    return g_ascii_strncasecmp (s, prefix, strlen (prefix)) == 0;
}

static MlgSenderKind
classify_sender (GMimeMessage *message, const MlgMessageFacts *facts,
                 bool automated)
{
    GMimeObject *object = GMIME_OBJECT (message);
    const char *auto_submitted = g_mime_object_get_header (object,
                                                           "Auto-Submitted");
    g_autofree char *subject = g_strdup (facts->subject);
    const char *s = subject;

    if (auto_submitted != NULL && !starts_with_nocase (auto_submitted, "no"))
        automated = true;
    if (g_mime_object_get_header (object, "X-GitHub-Reason") != NULL)
        automated = true;

    /* `[Dispatch] I-D Action: draft-x-01.txt` from internet-drafts@: the
     * announcement of a new revision. */
    while (*s == '[') {
        const char *close = strchr (s, ']');
        if (close == NULL)
            break;
        s = close + 1;
        while (*s == ' ')
            s++;
    }
    if (automated
        && (starts_with_nocase (s, "I-D Action")
            || starts_with_nocase (s, "New Version Notification")))
        return MLG_KIND_DRAFT_ANNOUNCEMENT;
    return automated ? MLG_KIND_AUTOMATED : MLG_KIND_PERSON;
}

/* ------------------------------------------------------------------ */
/* The whole message                                                    */
/* ------------------------------------------------------------------ */

static void
extract_lists (GMimeMessage *message, const MlgMessageContext *context,
               MlgMessageFacts *facts)
{
    g_autoptr (GPtrArray) ids = NULL;

    if (context->list_override != NULL) {
        mlg_message_facts_add_list (facts, context->list_override);
        return;
    }
    ids = header_values (GMIME_OBJECT (message), "List-Id");
    for (guint i = 0; i < ids->len; i++) {
        g_autofree char *id = list_id_from_header (g_ptr_array_index (ids, i));
        if (id != NULL)
            mlg_message_facts_add_list (facts, id);
    }
    if (facts->lists->len == 0 && context->fallback_list != NULL)
        mlg_message_facts_add_list (facts, context->fallback_list);
}

static void
extract_threading (GMimeMessage *message, MlgMessageFacts *facts)
{
    GMimeObject *object = GMIME_OBJECT (message);
    const char *in_reply_to = g_mime_object_get_header (object, "In-Reply-To");
    const char *references = g_mime_object_get_header (object, "References");

    if (in_reply_to != NULL) {
        GMimeReferences *refs = g_mime_references_parse (NULL, in_reply_to);
        if (refs != NULL && g_mime_references_length (refs) > 0)
            facts->in_reply_to = valid_utf8 (
                g_mime_references_get_message_id (refs, 0));
        if (refs != NULL)
            g_mime_references_free (refs);
    }
    if (references != NULL) {
        GMimeReferences *refs = g_mime_references_parse (NULL, references);
        for (int i = 0; refs && i < g_mime_references_length (refs); i++) {
            const char *id = g_mime_references_get_message_id (refs, i);
            if (id && *id && (facts->id == NULL || !g_str_equal (id, facts->id)))
                g_ptr_array_add (facts->references, valid_utf8 (id));
        }
        if (refs != NULL)
            g_mime_references_free (refs);
        /* Threading needs the root (first) and the nearest ancestors
         * (last); a chain longer than that is a broken or hostile header,
         * and every report would load it again. */
        if (facts->references->len > MAX_REFERENCES) {
            g_ptr_array_remove_range (facts->references, 1,
                                      facts->references->len
                                          - MAX_REFERENCES);
            facts->problems |= MLG_PROBLEM_OVERSIZED;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Permalinks                                                           */
/* ------------------------------------------------------------------ */

/* The IETF's mail archive names each message by a hash of its
 * Message-ID and its list, so the permalink of a message that carries no
 * Archived-At (older mail, and copies from rsync, IMAP or an export)
 * can be computed: the archive's own rule is the base64url of SHA-1
 * over the id (without <>) followed by the list name, `=` padding
 * removed. */
char *
_mlg_message_ietf_permalink (const char *id, const char *list)
{
    g_autoptr (GChecksum) sha1 = NULL;
    guint8 digest[20];
    gsize len = sizeof digest;
    g_autofree char *hash = NULL;
    char *p;

    g_return_val_if_fail (id != NULL && list != NULL, NULL);

    sha1 = g_checksum_new (G_CHECKSUM_SHA1);
    g_checksum_update (sha1, (const guchar *) id, -1);
    g_checksum_update (sha1, (const guchar *) list, -1);
    g_checksum_get_digest (sha1, digest, &len);
    hash = g_base64_encode (digest, len);
    g_strdelimit (hash, "+", '-');
    g_strdelimit (hash, "/", '_');
    p = strchr (hash, '=');
    if (p != NULL)
        *p = '\0';
    return g_strdup_printf ("https://mailarchive.ietf.org/arch/msg/%s/%s/",
                            list, hash);
}

/* Returns: (transfer full) (nullable) the archive name of an IETF or
 * IRTF list id (`dispatch.ietf.org` -> `dispatch`), the lists that the
 * IETF's mail archive holds; NULL for any other list. */
static char *
ietf_list_name (const char *list_id)
{
    static const char *const domains[] = {".ietf.org", ".irtf.org"};

    for (gsize i = 0; i < G_N_ELEMENTS (domains); i++) {
        if (g_str_has_suffix (list_id, domains[i])) {
            gsize len = strlen (list_id) - strlen (domains[i]);
            g_autofree char *name = g_strndup (list_id, len);

            /* One label of letters, digits, '-' and '_': anything else
             * (a sub-domain, an empty name) is not an archive name. */
            if (len == 0 || strspn (name, "abcdefghijklmnopqrstuvwxyz"
                                          "0123456789-_") != len)
                return NULL;
            return g_steal_pointer (&name);
        }
    }
    return NULL;
}

/* The IETF archive's permalink of `facts` on its first IETF list, or
 * NULL when it is on none. */
static char *
ietf_permalink_of_lists (const MlgMessageFacts *facts)
{
    for (guint i = 0; i < facts->lists->len; i++) {
        g_autofree char *name = ietf_list_name (facts->lists->pdata[i]);

        if (name != NULL)
            return _mlg_message_ietf_permalink (facts->id, name);
    }
    return NULL;
}

MlgMessageFacts *
_mlg_message_read (GMimeMessage *message, const MlgMessageContext *context)
{
    MlgMessageFacts *facts = mlg_message_facts_new ();
    GMimeObject *object = GMIME_OBJECT (message);
    g_autoptr (MlgSenderCache) own_senders = NULL;
    MlgSenderCache *senders = context->senders;
    const Sender *sender;
    bool automated;
    bool repaired = false;

    g_return_val_if_fail (GMIME_IS_MESSAGE (message), facts);

    facts->id = clean_message_id (g_mime_object_get_header (object,
                                                            "Message-ID"),
                                  &repaired);
    if (repaired)
        facts->problems |= MLG_PROBLEM_BAD_MESSAGE_ID;
    if (facts->id == NULL) {
        facts->id = synthetic_message_id (message);
        facts->problems |= MLG_PROBLEM_NO_MESSAGE_ID;
    }

    extract_lists (message, context, facts);
    facts->source = g_strdup (context->source);
    facts->offset = context->offset;

    const char *archived_at = g_mime_object_get_header (object, "Archived-At");
    if (archived_at != NULL) {
        g_autofree char *link = collapse_spaces (archived_at);
        g_strdelimit (link, "<>", ' ');
        g_strstrip (link);
        if (g_str_has_prefix (link, "http://")
            || g_str_has_prefix (link, "https://"))
            facts->permalink = valid_utf8 (link);
    }
    if (facts->permalink == NULL
        && !(facts->problems & MLG_PROBLEM_NO_MESSAGE_ID))
        facts->permalink = ietf_permalink_of_lists (facts);

    extract_date (message, context, facts);
    if (senders == NULL)
        senders = own_senders = _mlg_sender_cache_new ();
    extract_sender (message, context, senders, facts);
    sender = lookup_sender (senders, facts->from_addr);
    facts->org = g_strdup (sender->org);
    automated = sender->automated;
    add_recipients (message, GMIME_ADDRESS_TYPE_TO, facts->to,
                    &facts->problems);
    add_recipients (message, GMIME_ADDRESS_TYPE_CC, facts->cc,
                    &facts->problems);

    g_autofree char *subject = valid_utf8 (g_mime_message_get_subject (message));
    if (strlen (subject) > MAX_SUBJECT_BYTES) {
        const char *end;
        g_utf8_validate (subject, MAX_SUBJECT_BYTES, &end);
        subject[end - subject] = '\0';
        facts->problems |= MLG_PROBLEM_OVERSIZED;
    }
    facts->subject = collapse_spaces (subject);
    facts->subject_norm = _mlg_subject_normalise (facts->subject);

    extract_threading (message, facts);
    extract_text (message, context, facts);
    facts->kind = classify_sender (message, facts, automated);
    return facts;
}

void
_mlg_message_analyse (MlgMessageFacts *facts,
                      const MlgStancePhrases *phrases)
{
    /* Only the author's own words point and take stances: the subject and
     * the new text, never what they quoted. */
    g_autofree char *analysed = NULL;
    const char *words = facts->new_text;
    if (strlen (words) > MAX_ANALYSED_BYTES) {
        const char *end;
        g_utf8_validate (words, MAX_ANALYSED_BYTES, &end);
        words = analysed = g_strndup (words, (gsize) (end - words));
        facts->problems |= MLG_PROBLEM_OVERSIZED;
    }
    _mlg_extract_pointers (facts->subject, facts->pointers);
    _mlg_extract_pointers (words, facts->pointers);
    /* Who wrote the draft, for the proponents of its proposal. */
    if (facts->kind == MLG_KIND_DRAFT_ANNOUNCEMENT)
        _mlg_extract_authors (words, facts->pointers);
    if (facts->pointers->len > MAX_POINTERS) {
        g_ptr_array_set_size (facts->pointers, MAX_POINTERS);
        facts->problems |= MLG_PROBLEM_OVERSIZED;
    }
    if (facts->kind == MLG_KIND_PERSON) {
        MlgStanceSender sender = { facts->from_name, facts->from_addr };

        facts->stance = _mlg_extract_stance (phrases, words, &sender,
                                             &facts->stance_cue,
                                             &facts->stance_quote);
    }
    if (facts->kind == MLG_KIND_PERSON)
        facts->question = _mlg_extract_question (words);
    facts->checklist = _mlg_extract_checklist (facts->subject, words,
                                               facts->pointers);
    facts->text_digest = mlg_text_digest (facts->new_text);
}

MlgMessageFacts *
_mlg_message_extract (GMimeMessage *message, const MlgMessageContext *context)
{
    MlgMessageFacts *facts = _mlg_message_read (message, context);

    _mlg_message_analyse (facts, context->phrases);
    return facts;
}
