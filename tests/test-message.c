/* test-message.c - what the indexer understands of one message: id, date,
 * sender (list rewriting undone), lists, subject, text, pointers, stance,
 * kind. Fixtures: tests/data/message/<scenario>.eml. */
#include "mlg-test.h"

#include <fcntl.h>
#include <string.h>

#include "mlg-message-private.h"

/* 2024-06-01T00:00:00Z: a fixed "now" so the absurd-date rule does not
 * depend on when the tests run. */
#define NOW 1717200000

/* Extracts the facts of tests/data/message/`name`, with the reader's
 * sender cache `senders` (nullable: none, as outside the indexer). */
static MlgMessageFacts *
extract_cached (const char *name, const char *list_override, bool pipermail,
                MlgSenderCache *senders)
{
    g_autofree char *file = g_build_filename ("message", name, NULL);
    g_autofree char *path = mlg_test_data (file);
    g_autoptr (GError) error = NULL;
    GMimeStream *stream;
    GMimeParser *parser;
    GMimeMessage *message;
    MlgMessageFacts *facts;
    g_autoptr (MlgStancePhrases) phrases = _mlg_stance_phrases_new_default ();
    MlgMessageContext context = {
        .source = path,
        .offset = 0,
        .from_line = NULL,
        .mbox = false,
        .pipermail = pipermail,
        .archive_month = 0,
        .list_override = list_override,
        .fallback_list = "fallback",
        .now = NOW,
        .phrases = phrases,
        .senders = senders,
    };

    stream = g_mime_stream_fs_open (path, O_RDONLY, 0, &error);
    ck_assert_msg (stream != NULL, "cannot open %s", path);
    parser = g_mime_parser_new_with_stream (stream);
    message = g_mime_parser_construct_message (parser, NULL);
    ck_assert_msg (message != NULL, "GMime cannot parse %s", path);
    facts = _mlg_message_extract (message, &context);
    g_object_unref (message);
    g_object_unref (parser);
    g_object_unref (stream);
    return facts;
}

static MlgMessageFacts *
extract_full (const char *name, const char *list_override, bool pipermail)
{
    return extract_cached (name, list_override, pipermail, NULL);
}

static MlgMessageFacts *
extract (const char *name)
{
    return extract_full (name, NULL, false);
}

static bool
has_pointer (const MlgMessageFacts *facts, MlgPointerKind kind,
             const char *value, int revision)
{
    for (guint i = 0; i < facts->pointers->len; i++) {
        const MlgPointer *p = g_ptr_array_index (facts->pointers, i);
        if (p->kind == kind && g_str_equal (p->value, value)
            && p->revision == revision)
            return true;
    }
    return false;
}


/* ---- sender ---------------------------------------------------------- */

START_TEST (test_dmarc_from_is_undone)
{
    g_autoptr (MlgMessageFacts) f = extract ("dmarc-from.eml");

    ck_assert_str_eq (f->from_addr, "jane@example.com");
    ck_assert_str_eq (f->from_name, "Jane Doe");
    ck_assert_str_eq (f->org, "example.com");
}
END_TEST

START_TEST (test_via_uses_x_original_from)
{
    g_autoptr (MlgMessageFacts) f = extract ("via-x-original-from.eml");

    ck_assert_str_eq (f->from_addr, "bob@builder.example");
    ck_assert_str_eq (f->from_name, "Bob Builder");
}
END_TEST

START_TEST (test_via_uses_reply_to)
{
    g_autoptr (MlgMessageFacts) f = extract ("via-reply-to.eml");

    ck_assert_str_eq (f->from_addr, "carol.chu@radio.example");
    ck_assert_str_eq (f->from_name, "Carol Chu");
    ck_assert_str_eq (f->lists->pdata[0], "usrp-users.lists.ettus.com");
}
END_TEST

START_TEST (test_rfc2047_names_and_subject)
{
    g_autoptr (MlgMessageFacts) f = extract ("rfc2047.eml");

    ck_assert_str_eq (f->from_name, "José Martínez");
    ck_assert_str_eq (f->from_addr, "jose@example.es");
    ck_assert_uint_eq (f->cc->len, 2);
    ck_assert_str_eq (f->cc->pdata[0], "taro@example.jp");
    ck_assert_msg (g_str_has_prefix (f->subject, "Über die Lösung"),
                   "subject: %s", f->subject);
    ck_assert_msg (strstr (f->subject, "テスト") != NULL, "subject: %s",
                   f->subject);
    ck_assert_msg (strstr (f->new_text, "Grüße aus München") != NULL,
                   "text: %s", f->new_text);
}
END_TEST

START_TEST (test_raw_8bit_headers_become_utf8)
{
    g_autoptr (MlgMessageFacts) f = extract ("raw-8bit-headers.eml");

    ck_assert (g_utf8_validate (f->from_name, -1, NULL));
    ck_assert (g_utf8_validate (f->subject, -1, NULL));
    ck_assert_str_eq (f->from_name, "René Müller");
    ck_assert_str_eq (f->subject, "Café crème");
    ck_assert (g_utf8_validate (f->new_text, -1, NULL));
}
END_TEST

/* ---- ids and dates --------------------------------------------------- */

START_TEST (test_missing_id_is_synthetic_and_stable)
{
    g_autoptr (MlgMessageFacts) a = extract ("no-message-id.eml");
    g_autoptr (MlgMessageFacts) b = extract ("no-message-id.eml");

    ck_assert (a->problems & MLG_PROBLEM_NO_MESSAGE_ID);
    ck_assert (g_str_has_suffix (a->id, "@synthetic.mlgauge.invalid"));
    ck_assert_str_eq (a->id, b->id);
}
END_TEST

START_TEST (test_folded_double_bracketed_id)
{
    g_autoptr (MlgMessageFacts) f = extract ("folded-message-id.eml");

    ck_assert_str_eq (f->id, "folded-1@example.net");
    ck_assert (!(f->problems & MLG_PROBLEM_NO_MESSAGE_ID));
}
END_TEST

START_TEST (test_date_header_in_utc)
{
    g_autoptr (MlgMessageFacts) f = extract ("dmarc-from.eml");

    /* Tue, 09 Jan 2024 10:30:00 +0100 = 09:30:00Z */
    ck_assert_int_eq (f->date, 1704792600);
    ck_assert_int_eq (f->date_source, MLG_DATE_FROM_HEADER);
}
END_TEST

START_TEST (test_absurd_date_repaired_from_received)
{
    g_autoptr (MlgMessageFacts) f = extract ("absurd-date.eml");

    ck_assert (f->problems & MLG_PROBLEM_ABSURD_DATE);
    ck_assert_int_eq (f->date_source, MLG_DATE_FROM_RECEIVED);
    ck_assert_int_eq (f->date, 1705231353); /* 2024-01-14T11:22:33Z */
}
END_TEST

/* ---- lists, threading, permalink ------------------------------------- */

START_TEST (test_two_list_ids_both_kept)
{
    g_autoptr (MlgMessageFacts) f = extract ("two-list-ids.eml");

    ck_assert_uint_eq (f->lists->len, 2);
    ck_assert_str_eq (f->lists->pdata[0], "bpf.vger.kernel.org");
    ck_assert_str_eq (f->lists->pdata[1], "bpf.ietf.org");
}
END_TEST

START_TEST (test_list_override_and_fallback)
{
    g_autoptr (MlgMessageFacts) o = extract_full ("two-list-ids.eml",
                                                  "mine", false);
    g_autoptr (MlgMessageFacts) f = extract ("no-message-id.eml");

    ck_assert_uint_eq (o->lists->len, 1);
    ck_assert_str_eq (o->lists->pdata[0], "mine");
    ck_assert_uint_eq (f->lists->len, 1);
    ck_assert_str_eq (f->lists->pdata[0], "fallback");
}
END_TEST

START_TEST (test_fallback_list_names)
{
    g_autofree char *a = _mlg_message_fallback_list ("x/dispatch/2024-01.mbox");
    g_autofree char *b = _mlg_message_fallback_list ("archives/quic.mbox.gz");
    g_autofree char *c =
        _mlg_message_fallback_list ("m/numpy/2001-November.txt.gz");
    g_autofree char *d = _mlg_message_fallback_list ("mail/lkml/cur/17:2,S");
    g_autofree char *e = _mlg_message_fallback_list ("x/insert/mbox-att.eml");

    ck_assert_str_eq (a, "dispatch");
    ck_assert_str_eq (b, "quic");
    ck_assert_str_eq (c, "numpy");
    ck_assert_str_eq (d, "lkml");
    ck_assert_str_eq (e, "insert");
}
END_TEST

START_TEST (test_threading_headers)
{
    g_autoptr (MlgMessageFacts) f = extract ("dmarc-from.eml");

    ck_assert_str_eq (f->in_reply_to, "root-1@example.org");
    ck_assert_uint_eq (f->references->len, 2);
    ck_assert_str_eq (f->references->pdata[0], "root-0@example.org");
    ck_assert_str_eq (f->references->pdata[1], "root-1@example.org");
    ck_assert_str_eq (f->permalink,
                      "https://mailarchive.ietf.org/arch/msg/dispatch/abc123/");
    ck_assert_str_eq (f->cc->pdata[0], "dispatch-chairs@ietf.org");
}
END_TEST

/* The values below were computed apart from this code, with Python:
 *   base64.urlsafe_b64encode(hashlib.sha1((id + list).encode())
 *                            .digest()).decode().rstrip('=')
 * (the rule of the IETF mail archive; tests/cli/test-fetch-http.sh checks
 * the same through the binary with python3 at run time). The second id
 * has '+', '/' and '=', which base64url must not mix up with its own. */
START_TEST (test_ietf_permalink_hash)
{
    g_autofree char *a = _mlg_message_ietf_permalink (
        "5f3e9c1a-1234@example.org", "dispatch");
    g_autofree char *b = _mlg_message_ietf_permalink (
        "CAB=x+y/z@mail.gmail.com", "secdispatch");

    ck_assert_str_eq (a, "https://mailarchive.ietf.org/arch/msg/dispatch/"
                         "sxijv1d0Esn5-RY94Z-4KfSCluE/");
    ck_assert_str_eq (b, "https://mailarchive.ietf.org/arch/msg/secdispatch/"
                         "R1ufD76mud2xmQf4tcfs7HOTWJg/");
}
END_TEST

/* Mail on an IETF list without Archived-At gets the archive's permalink,
 * for its first IETF list (bpf.vger.kernel.org is not one); Archived-At
 * wins when present (test_threading_headers); other lists get none, and
 * so does a message without a Message-ID (the archive makes its own). */
START_TEST (test_ietf_permalink_without_archived_at)
{
    g_autoptr (MlgMessageFacts) f = extract ("two-list-ids.eml");
    g_autoptr (MlgMessageFacts) o = extract_full ("two-list-ids.eml",
                                                  "mine", false);
    g_autoptr (MlgMessageFacts) n = extract_full ("no-message-id.eml",
                                                  "dispatch.ietf.org", false);

    ck_assert_str_eq (f->permalink, "https://mailarchive.ietf.org/arch/msg/"
                                    "bpf/wIjcj-vxA_Dlg8dOBug9oaHxVH4/");
    ck_assert_ptr_null (o->permalink);
    ck_assert_ptr_null (n->permalink);
}
END_TEST

/* ---- text, pointers, stance, kind ------------------------------------ */

START_TEST (test_quoted_draft_is_not_a_pointer)
{
    g_autoptr (MlgMessageFacts) f = extract ("dmarc-from.eml");

    ck_assert (has_pointer (f, MLG_POINTER_DRAFT, "draft-doe-dispatch-thing", 2));
    ck_assert (!has_pointer (f, MLG_POINTER_DRAFT, "draft-roe-quoted-only", 0));
    ck_assert_ptr_nonnull (strstr (f->quoted_text, "draft-roe-quoted-only"));
    ck_assert_ptr_null (strstr (f->new_text, "Jane\n"));
}
END_TEST

START_TEST (test_support_and_objection)
{
    g_autoptr (MlgMessageFacts) yes = extract ("dmarc-from.eml");
    g_autoptr (MlgMessageFacts) no = extract ("via-x-original-from.eml");

    ck_assert_int_eq (yes->stance, MLG_STANCE_SUPPORT);
    ck_assert_int_eq (no->stance, MLG_STANCE_OBJECTION);
    ck_assert_ptr_nonnull (no->stance_quote);
    ck_assert_ptr_nonnull (strstr (no->stance_quote, "do not support"));
}
END_TEST

START_TEST (test_base64_body_decoded)
{
    g_autoptr (MlgMessageFacts) f = extract ("base64-body.eml");

    ck_assert_ptr_nonnull (strstr (f->new_text, "I support adoption"));
    ck_assert (has_pointer (f, MLG_POINTER_DRAFT, "draft-fay-widgets", 3));
    ck_assert_int_eq (f->stance, MLG_STANCE_SUPPORT);
}
END_TEST

START_TEST (test_html_only_body)
{
    g_autoptr (MlgMessageFacts) f = extract ("html-only.eml");

    ck_assert_ptr_null (strstr (f->new_text, "alert"));
    ck_assert_ptr_null (strstr (f->new_text, "color:red"));
    ck_assert (has_pointer (f, MLG_POINTER_DRAFT, "draft-gus-html-widget", 1));
    ck_assert_ptr_nonnull (strstr (f->new_text, "the code"));
}
END_TEST

START_TEST (test_plain_preferred_over_html)
{
    g_autoptr (MlgMessageFacts) f = extract ("multipart-alternative.eml");

    ck_assert_ptr_nonnull (strstr (f->new_text, "Plain words win."));
    ck_assert_ptr_null (strstr (f->new_text, "HTML words lose."));
}
END_TEST

START_TEST (test_id_action_is_announcement)
{
    g_autoptr (MlgMessageFacts) f = extract ("id-action.eml");
    g_autoptr (MlgMessageFacts) p = extract ("dmarc-from.eml");

    ck_assert_int_eq (f->kind, MLG_KIND_DRAFT_ANNOUNCEMENT);
    ck_assert (has_pointer (f, MLG_POINTER_DRAFT,
                            "draft-smith-dispatch-widget-protocol", 1));
    ck_assert_int_eq (f->stance, MLG_STANCE_NONE);
    ck_assert_int_eq (p->kind, MLG_KIND_PERSON);
}
END_TEST

/* The indexer's reader keeps one sender cache for a whole run: every
 * fixture, read twice through one cache among all the others, must give
 * the sender facts it gives alone (an entry answering for the wrong
 * address would give one message another's organisation or kind). */
START_TEST (test_sender_cache_changes_nothing)
{
    static const char *const names[] = {
        "dmarc-from.eml", "id-action.eml", "via-reply-to.eml",
        "via-x-original-from.eml", "rfc2047.eml", "raw-8bit-headers.eml",
        "two-list-ids.eml", "html-only.eml",
    };
    g_autoptr (MlgSenderCache) senders = _mlg_sender_cache_new ();

    for (guint round = 0; round < 2; round++)
        for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
            g_autoptr (MlgMessageFacts) alone = extract (names[i]);
            g_autoptr (MlgMessageFacts) cached =
                extract_cached (names[i], NULL, false, senders);

            ck_assert_str_eq (cached->from_addr, alone->from_addr);
            ck_assert_str_eq (cached->from_name, alone->from_name);
            ck_assert_str_eq (cached->org, alone->org);
            ck_assert_int_eq (cached->kind, alone->kind);
        }
}
END_TEST

/* ---- limits ---------------------------------------------------------- */

/* Parses `data` as one message and extracts its facts. */
static MlgMessageFacts *
extract_bytes (const char *data, gsize len)
{
    g_autoptr (MlgStancePhrases) phrases = _mlg_stance_phrases_new_default ();
    MlgMessageContext context = {
        .source = "limits.eml",
        .fallback_list = "fallback",
        .now = NOW,
        .phrases = phrases,
    };
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer (data, len);
    GMimeParser *parser = g_mime_parser_new_with_stream (stream);
    GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);
    MlgMessageFacts *facts;

    ck_assert (message != NULL);
    facts = _mlg_message_extract (message, &context);
    g_object_unref (message);
    g_object_unref (parser);
    g_object_unref (stream);
    return facts;
}

#define LIMIT_HEADERS "From: A <a@example.org>\nMessage-ID: <limit@x>\n" \
                      "Date: Mon, 01 Jan 2024 00:00:00 +0000\n"

/* 40,000 distinct drafts, URLs and RFCs: once a quadratic deduplication
 * over the whole text (minutes); now the first 64 KiB, 1,000 kept. */
START_TEST (test_many_pointers_are_bounded)
{
    g_autoptr (GString) m = g_string_new (LIMIT_HEADERS "Subject: p\n\n");
    g_autoptr (MlgMessageFacts) facts = NULL;

    for (int i = 0; i < 40000; i++)
        g_string_append_printf (m, "draft-x-y%d https://github.com/a/b%d "
                                   "RFC %d\n", i, i, i + 1);
    facts = extract_bytes (m->str, m->len);
    ck_assert_uint_eq (facts->pointers->len, 1000);
    ck_assert (facts->problems & MLG_PROBLEM_OVERSIZED);
    ck_assert (has_pointer (facts, MLG_POINTER_DRAFT, "draft-x-y0", -1));
    /* The body is cut at 1 MiB; the split ends its last line with \n. */
    ck_assert_uint_le (strlen (facts->new_text), 1024 * 1024 + 1);
    ck_assert_uint_gt (strlen (facts->new_text), 1000 * 1000);
}
END_TEST

START_TEST (test_references_keep_root_and_nearest)
{
    g_autoptr (GString) m = g_string_new (LIMIT_HEADERS "Subject: r\n"
                                                        "References:");
    g_autoptr (MlgMessageFacts) facts = NULL;

    for (int i = 0; i < 100000; i++)
        g_string_append_printf (m, " <r%d@x>", i);
    g_string_append (m, "\n\nreply\n");
    facts = extract_bytes (m->str, m->len);
    ck_assert_uint_eq (facts->references->len, 100);
    ck_assert_str_eq (g_ptr_array_index (facts->references, 0), "r0@x");
    ck_assert_str_eq (g_ptr_array_index (facts->references, 1), "r99901@x");
    ck_assert_str_eq (g_ptr_array_index (facts->references, 99),
                      "r99999@x");
    ck_assert (facts->problems & MLG_PROBLEM_OVERSIZED);
}
END_TEST

START_TEST (test_huge_subject_and_recipients_are_cut)
{
    g_autoptr (GString) m = g_string_new (LIMIT_HEADERS "To:");
    g_autoptr (MlgMessageFacts) facts = NULL;

    for (int i = 0; i < 3000; i++)
        g_string_append_printf (m, "%s u%d@example.org", i ? "," : "", i);
    g_string_append (m, "\nSubject:");
    for (int i = 0; i < 100000; i++)
        g_string_append (m, " word");
    g_string_append (m, "\n\nbody\n");
    facts = extract_bytes (m->str, m->len);
    ck_assert_uint_le (strlen (facts->subject), 4096);
    ck_assert_uint_gt (strlen (facts->subject), 4000);
    ck_assert_uint_eq (facts->to->len, 1000);
    ck_assert (facts->problems & MLG_PROBLEM_OVERSIZED);
}
END_TEST

/* A plain message is not oversized: the limits only bite past them. */
START_TEST (test_normal_message_not_oversized)
{
    static const char m[] = LIMIT_HEADERS "Subject: hi\n\nI support "
                                          "draft-a-b-00.\n";
    g_autoptr (MlgMessageFacts) facts = extract_bytes (m, sizeof m - 1);

    ck_assert_uint_eq (facts->problems & MLG_PROBLEM_OVERSIZED, 0);
    ck_assert (has_pointer (facts, MLG_POINTER_DRAFT, "draft-a-b", 0));
}
END_TEST

/* Extracts the facts of a message with these headers (and a plain body). */
static MlgMessageFacts *
extract_headers (const char *headers)
{
    g_autofree char *m = g_strconcat (
        headers, "Message-ID: <names@x>\n"
                 "Date: Mon, 01 Jan 2024 00:00:00 +0000\n"
                 "Subject: names\n\nbody\n",
        NULL);

    return extract_bytes (m, strlen (m));
}

/* An encoded display name may hold what address syntax gives a meaning
 * to (`;` ends a group, `<` starts an address, `,` separates mailboxes)
 * or a control character. Decoded before parsing, such a name broke the
 * header apart and the sender was lost (no-sender). The raw header is
 * parsed, and only the name decoded. */
START_TEST (test_encoded_names_keep_the_sender)
{
    static const struct {
        const char *from;
        const char *name;
    } cases[] = {
        {"=?utf-8?q?Doe=3B_Jane?= <jane@example.com>", "Doe; Jane"},
        {"=?utf-8?q?Doe=2C_Jane?= <jane@example.com>", "Doe, Jane"},
        {"=?utf-8?q?Jane_=3Cboss=40evil=2Eexample=3E?= <jane@example.com>",
         "Jane <boss@evil.example>"},
        {"=?utf-8?b?SmFuZSA8RG9lPg==?= <jane@example.com>", "Jane <Doe>"},
        {"=?utf-8?q?Jane=0ADoe?= <jane@example.com>", NULL},
        {"=?utf-8?q?Jane=1B=5B31mDoe?= <jane@example.com>", NULL},
        {"=?utf-8?q?=22Jane=22_=28Doe=29_=5Cx?= <jane@example.com>", NULL},
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *headers =
            g_strdup_printf ("From: %s\nTo: l@ietf.org\n", cases[i].from);
        g_autoptr (MlgMessageFacts) f = extract_headers (headers);

        ck_assert_msg (g_str_equal (f->from_addr, "jane@example.com"),
                       "%s: from_addr '%s'", cases[i].from, f->from_addr);
        ck_assert_msg (!(f->problems & MLG_PROBLEM_NO_SENDER), "%s: no-sender",
                       cases[i].from);
        if (cases[i].name != NULL)
            ck_assert_msg (g_str_equal (f->from_name, cases[i].name),
                           "%s: name '%s'", cases[i].from, f->from_name);
        else
            ck_assert_msg (strstr (f->from_name, "Jane") != NULL,
                           "%s: name '%s'", cases[i].from, f->from_name);
    }
}
END_TEST

/* The same in the headers that undo a list's From rewriting, and in the
 * recipients. */
START_TEST (test_encoded_names_in_other_address_headers)
{
    g_autoptr (MlgMessageFacts) original = extract_headers (
        "From: \"Bob Builder via Dispatch\" <dispatch@ietf.org>\n"
        "X-Original-From: =?utf-8?q?Bob_Builder_=3Cno=3B?= "
        "<bob@builder.example>\n"
        "To: =?utf-8?q?Dispatch=2C_the_list?= <dispatch@ietf.org>\n"
        "Cc: =?utf-8?q?Chairs=3B_all?= <dispatch-chairs@ietf.org>, "
        "=?utf-8?q?Ann=3C?= <ann@example.org>\n");
    g_autoptr (MlgMessageFacts) reply_to = extract_headers (
        "From: =?utf-8?q?Carol=2C_Chu_via_usrp-users?= "
        "<usrp-users@lists.ettus.com>\n"
        "Reply-To: =?utf-8?q?Carol=2C_Chu?= <carol@radio.example>\n"
        "To: usrp-users@lists.ettus.com\n");

    ck_assert_str_eq (original->from_addr, "bob@builder.example");
    ck_assert_uint_eq (original->to->len, 1);
    ck_assert_str_eq (original->to->pdata[0], "dispatch@ietf.org");
    ck_assert_uint_eq (original->cc->len, 2);
    ck_assert_str_eq (original->cc->pdata[0], "dispatch-chairs@ietf.org");
    ck_assert_str_eq (original->cc->pdata[1], "ann@example.org");
    ck_assert_str_eq (reply_to->from_addr, "carol@radio.example");
    ck_assert_str_eq (reply_to->from_name, "Carol, Chu");
}
END_TEST

/* Every output writes an instant through mlg_format_time(): in UTC,
 * whatever TZ says, and NULL for the facts' "unknown" (0). */
START_TEST (test_format_time_is_utc_and_unknown_is_null)
{
    /* 2024-03-01T12:34:56Z */
    const gint64 t = 1709296496;
    g_autofree char *iso = NULL;
    g_autofree char *minute = NULL;
    g_autofree char *day = NULL;
    g_autofree char *epoch_plus = NULL;

    g_setenv ("TZ", "America/New_York", TRUE);
    iso = mlg_format_time (t, MLG_TIME_ISO);
    minute = mlg_format_time (t, MLG_TIME_MINUTE);
    day = mlg_format_time (t, MLG_TIME_DAY);
    epoch_plus = mlg_format_time (1, MLG_TIME_ISO);
    g_unsetenv ("TZ");
    ck_assert_str_eq (iso, "2024-03-01T12:34:56Z");
    ck_assert_str_eq (minute, "2024-03-01 12:34");
    ck_assert_str_eq (day, "2024-03-01");
    ck_assert_str_eq (epoch_plus, "1970-01-01T00:00:01Z");
    ck_assert_ptr_null (mlg_format_time (0, MLG_TIME_ISO));
    ck_assert_ptr_null (mlg_format_time (0, MLG_TIME_DAY));
    /* Beyond year 9999: GDateTime cannot hold it. */
    ck_assert_ptr_null (mlg_format_time (G_GINT64_CONSTANT (300000000000),
                                         MLG_TIME_ISO));
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("message");

    /* Once per program: GMime leaks a little on every init/shutdown
     * cycle, which valgrind would report against each test. */
    g_mime_init ();
    TCase *sender = tcase_create ("sender");
    TCase *ids = tcase_create ("ids-and-dates");
    TCase *lists = tcase_create ("lists-and-threading");
    TCase *text = tcase_create ("text");

    tcase_add_test (sender, test_dmarc_from_is_undone);
    tcase_add_test (sender, test_via_uses_x_original_from);
    tcase_add_test (sender, test_via_uses_reply_to);
    tcase_add_test (sender, test_rfc2047_names_and_subject);
    tcase_add_test (sender, test_raw_8bit_headers_become_utf8);
    tcase_add_test (sender, test_encoded_names_keep_the_sender);
    tcase_add_test (sender, test_encoded_names_in_other_address_headers);
    suite_add_tcase (s, sender);

    tcase_add_test (ids, test_missing_id_is_synthetic_and_stable);
    tcase_add_test (ids, test_folded_double_bracketed_id);
    tcase_add_test (ids, test_date_header_in_utc);
    tcase_add_test (ids, test_absurd_date_repaired_from_received);
    tcase_add_test (ids, test_format_time_is_utc_and_unknown_is_null);
    suite_add_tcase (s, ids);

    tcase_add_test (lists, test_two_list_ids_both_kept);
    tcase_add_test (lists, test_list_override_and_fallback);
    tcase_add_test (lists, test_fallback_list_names);
    tcase_add_test (lists, test_threading_headers);
    tcase_add_test (lists, test_ietf_permalink_hash);
    tcase_add_test (lists, test_ietf_permalink_without_archived_at);
    suite_add_tcase (s, lists);

    tcase_add_test (text, test_quoted_draft_is_not_a_pointer);
    tcase_add_test (text, test_support_and_objection);
    tcase_add_test (text, test_base64_body_decoded);
    tcase_add_test (text, test_html_only_body);
    tcase_add_test (text, test_plain_preferred_over_html);
    tcase_add_test (text, test_id_action_is_announcement);
    tcase_add_test (sender, test_sender_cache_changes_nothing);
    suite_add_tcase (s, text);

    TCase *limits = tcase_create ("limits");
    tcase_add_test (limits, test_many_pointers_are_bounded);
    tcase_add_test (limits, test_references_keep_root_and_nearest);
    tcase_add_test (limits, test_huge_subject_and_recipients_are_cut);
    tcase_add_test (limits, test_normal_message_not_oversized);
    suite_add_tcase (s, limits);
    return s;
}

MLG_TEST_MAIN (make_suite)
