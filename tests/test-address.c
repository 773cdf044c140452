/* test-address.c - addresses, names, organisations, automated senders and
 * dates as normalised for message facts (indexer/mlg-address.c). */
#include "mlg-test.h"

#include "mlg-address-private.h"

#include <gmime/gmime.h>

static void
setup (void)
{
    g_mime_init ();
}

static void
teardown (void)
{
    g_mime_shutdown ();
}

/* Asserts that `in` normalises to `expected` (NULL: not an address). */
#define ck_assert_normalises(in, expected)                                \
    do {                                                                  \
        g_autofree char *got_ = _mlg_address_normalise (in);              \
        ck_assert_pstr_eq (got_, expected);                               \
    } while (0)

#define ck_assert_org(addr, expected)                                     \
    do {                                                                  \
        g_autofree char *got_ = _mlg_address_organisation (addr);         \
        ck_assert_str_eq (got_, expected);                                \
    } while (0)

/* ------------------------------------------------------------------ */
/* _mlg_address_normalise                                               */
/* ------------------------------------------------------------------ */

START_TEST (test_normalise_plain)
{
    ck_assert_normalises ("jane@example.com", "jane@example.com");
    ck_assert_normalises ("  jane@example.com\t\n", "jane@example.com");
}
END_TEST

START_TEST (test_normalise_case)
{
    ck_assert_normalises ("Jane.Doe@Example.COM", "jane.doe@example.com");
    /* Non-ASCII (internationalised) parts keep their UTF-8. */
    ck_assert_normalises ("Jörg@Bücher.DE", "jörg@bücher.de");
}
END_TEST

START_TEST (test_normalise_brackets_and_quotes)
{
    ck_assert_normalises ("<jane@example.com>", "jane@example.com");
    ck_assert_normalises ("'jane@example.com'", "jane@example.com");
    ck_assert_normalises ("\"<Jane@Example.com>\"", "jane@example.com");
    ck_assert_normalises ("Jane Doe <jane@example.com>", "jane@example.com");
    ck_assert_normalises ("mailto:Jane@example.com", "jane@example.com");
    ck_assert_normalises ("<mailto:000000E1-dmarc-request@LIST.ETSI.ORG>",
                          "000000e1-dmarc-request@list.etsi.org");
    /* The root's trailing dot of a fully qualified domain. */
    ck_assert_normalises ("jane@example.com.", "jane@example.com");
}
END_TEST

START_TEST (test_normalise_pipermail)
{
    ck_assert_normalises ("jane at example.com", "jane@example.com");
    ck_assert_normalises ("  Jane.Doe at Example.com ", "jane.doe@example.com");
    /* Not pipermail's form: more words, or " dot " obfuscation. */
    ck_assert_normalises ("Jane Doe at example.com", NULL);
    ck_assert_normalises ("jane at example dot com", NULL);
    ck_assert_normalises ("jane at ", NULL);
}
END_TEST

START_TEST (test_normalise_dmarc)
{
    ck_assert_normalises ("jane=40example.com@dmarc.ietf.org",
                          "jane@example.com");
    ck_assert_normalises ("dthaler1968=40googlemail.com@dmarc.ietf.org",
                          "dthaler1968@googlemail.com");
    ck_assert_normalises ("<Jane=40Example.COM@DMARC.IETF.ORG>",
                          "jane@example.com");
    /* A dmarc address without =40 has nothing to undo. */
    ck_assert_normalises ("jane@dmarc.ietf.org", "jane@dmarc.ietf.org");
    /* `=` elsewhere is not touched (VERP bounce addresses). */
    ck_assert_normalises ("list-bounces+jane=example.com@lists.example.org",
                          "list-bounces+jane=example.com@lists.example.org");
}
END_TEST

START_TEST (test_normalise_equals_escapes)
{
    ck_assert_normalises ("jane=2Bietf=40example.com@dmarc.ietf.org",
                          "jane+ietf@example.com");
    /* An invalid escape stays as it is. */
    ck_assert_normalises ("a=zz=40example.com@dmarc.ietf.org",
                          "a=zz@example.com");
    /* An escaped second `@` makes it garbage. */
    ck_assert_normalises ("a=40b=40example.com@dmarc.ietf.org", NULL);
}
END_TEST

START_TEST (test_normalise_garbage)
{
    g_autofree char *long_local = g_strnfill (250, 'a');
    g_autofree char *too_long = g_strconcat (long_local, "@example.com", NULL);
    g_autofree char *ok_local = g_strnfill (242, 'a');
    g_autofree char *max_len = g_strconcat (ok_local, "@example.com", NULL);

    ck_assert_normalises (NULL, NULL);
    ck_assert_normalises ("", NULL);
    ck_assert_normalises ("   ", NULL);
    ck_assert_normalises ("Jane Doe", NULL);
    ck_assert_normalises ("undisclosed-recipients:;", NULL);
    ck_assert_normalises ("@example.com", NULL);
    ck_assert_normalises ("jane@", NULL);
    ck_assert_normalises ("jane@@example.com", NULL);
    ck_assert_normalises ("a@b@example.com", NULL);
    ck_assert_normalises ("jane doe@example.com", NULL);
    ck_assert_normalises ("jane@exa mple.com", NULL);
    ck_assert_normalises ("jane@example..com", NULL);
    ck_assert_normalises ("jane@example,com", NULL);
    ck_assert_normalises ("jane@\xff\xfe.com", NULL);
    ck_assert_normalises (too_long, NULL);
    ck_assert_int_eq (strlen (max_len), 254);
    ck_assert_normalises (max_len, max_len);
}
END_TEST

START_TEST (test_normalise_literals)
{
    ck_assert_normalises ("root@localhost", "root@localhost");
    ck_assert_normalises ("jane@[192.0.2.1]", "jane@[192.0.2.1]");
}
END_TEST

/* ------------------------------------------------------------------ */
/* _mlg_name_clean                                                      */
/* ------------------------------------------------------------------ */

/* Asserts the cleaned name and the list cut from it (NULL: none). */
static void
check_name (const char *in, const char *name, const char *list)
{
    /* A non-NULL start value proves that *via_list is always written. */
    static char sentinel[] = "sentinel";
    char *via = sentinel;
    g_autofree char *got = _mlg_name_clean (in, &via);

    ck_assert_msg (got != NULL, "NULL name for '%s'", in);
    ck_assert_ptr_ne (via, sentinel);
    ck_assert_str_eq (got, name);
    ck_assert_pstr_eq (via, list);
    g_free (via);
}

START_TEST (test_name_plain)
{
    check_name ("Jane Doe", "Jane Doe", NULL);
    check_name ("  Jane\t \n Doe  ", "Jane Doe", NULL);
    check_name ("Jörg\xc2\xa0Müller", "Jörg Müller", NULL);
    check_name ("", "", NULL);
    check_name (NULL, "", NULL);
}
END_TEST

START_TEST (test_name_quotes)
{
    check_name ("\"Jane Doe\"", "Jane Doe", NULL);
    check_name ("'Jane Doe'", "Jane Doe", NULL);
    check_name ("\"Doe, Jane\"", "Doe, Jane", NULL);
    check_name ("\"Jane Doe", "Jane Doe", NULL);
    /* Inner quotes and apostrophes are part of the name. */
    check_name ("Jane \"JD\" O'Brien", "Jane \"JD\" O'Brien", NULL);
}
END_TEST

START_TEST (test_name_via)
{
    check_name ("Jane Doe via Dispatch", "Jane Doe", "Dispatch");
    check_name ("\"Marcus D. Leech via USRP-users\"", "Marcus D. Leech",
                "USRP-users");
    check_name ("'Jane Doe' via dispatch", "Jane Doe", "dispatch");
    check_name ("Jane Doe   via   Dispatch ", "Jane Doe", "Dispatch");
    check_name (" via RT", "", "RT");
    /* Capitalised "Via" is part of a name, and "via" alone is not cut. */
    check_name ("Ana Via", "Ana Via", NULL);
    check_name ("Jane Via Dispatch", "Jane Via Dispatch", NULL);
    check_name ("Jane via", "Jane via", NULL);
}
END_TEST

START_TEST (test_name_via_null_out)
{
    g_autofree char *got = _mlg_name_clean ("Jane Doe via Dispatch", NULL);

    ck_assert_str_eq (got, "Jane Doe");
}
END_TEST

START_TEST (test_name_is_address)
{
    check_name ("jane@example.org", "", NULL);
    check_name ("'jane@x.org'", "", NULL);
    check_name ("<jane@x.org>", "", NULL);
    check_name ("jane at example.org", "", NULL);
    check_name ("jane@example.org via Dispatch", "", "Dispatch");
    /* Words around an address make it a name. */
    check_name ("Jane at Work", "Jane at Work", NULL);
    check_name ("Jane (jane@x.org)", "Jane (jane@x.org)", NULL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* _mlg_address_organisation                                            */
/* ------------------------------------------------------------------ */

START_TEST (test_org_registrable)
{
    ck_assert_org ("jane@example.com", "example.com");
    ck_assert_org ("jane@ietf.org", "ietf.org");
    ck_assert_org ("jane@Example.COM", "example.com");
}
END_TEST

START_TEST (test_org_subdomains)
{
    ck_assert_org ("jane@mail.cs.example.ac.uk", "example.ac.uk");
    ck_assert_org ("jane@example.co.uk", "example.co.uk");
    ck_assert_org ("jane@eng.example.co.uk", "example.co.uk");
    ck_assert_org ("alexandre.torgue@foss.st.com", "st.com");
    ck_assert_org ("andrew@codeconstruct.com.au", "codeconstruct.com.au");
    ck_assert_org ("jane@x.lists.ozlabs.org", "ozlabs.org");
    /* Microsoft 365 tenants are separate organisations. */
    ck_assert_org ("chanh@amperemail.onmicrosoft.com",
                   "amperemail.onmicrosoft.com");
    ck_assert_org ("jane@mail.contoso.onmicrosoft.com",
                   "contoso.onmicrosoft.com");
    ck_assert_org ("jane@onmicrosoft.com", "onmicrosoft.com");
}
END_TEST

START_TEST (test_org_freemail)
{
    ck_assert_org ("jane@gmail.com", "freemail");
    ck_assert_org ("jane@googlemail.com", "freemail");
    ck_assert_org ("jane@hotmail.fr", "freemail");
    ck_assert_org ("jane@yahoo.co.jp", "freemail");
    ck_assert_org ("jane@gmx.de", "freemail");
    ck_assert_org ("jane@web.de", "freemail");
    ck_assert_org ("jane@yandex.ru", "freemail");
    ck_assert_org ("jane@qq.com", "freemail");
    ck_assert_org ("jane@proton.me", "freemail");
    ck_assert_org ("jane@fastmail.fm", "freemail");
    ck_assert_org ("jane@live.co.uk", "freemail");
    /* Only the whole registrable domain or brand counts. */
    ck_assert_org ("jane@notgmail.com", "notgmail.com");
    ck_assert_org ("jane@gmail.example.com", "example.com");
}
END_TEST

START_TEST (test_org_none)
{
    ck_assert_org ("jane@[192.0.2.1]", "");
    ck_assert_org ("jane@192.0.2.1", "");
    ck_assert_org ("root@localhost", "");
    ck_assert_org ("jane@", "");
    ck_assert_org ("no address", "");
    ck_assert_org (NULL, "");
}
END_TEST

START_TEST (test_org_public_suffix_itself)
{
    /* A domain that is itself a public suffix has no registrable part;
     * the domain stands for itself. */
    ck_assert_org ("jane@github.io", "github.io");
    ck_assert_org ("jane@foo.github.io", "foo.github.io");
}
END_TEST

static gpointer
org_in_thread (gpointer data)
{
    (void) data;
    return _mlg_address_organisation ("jane@mail.cs.example.ac.uk");
}

START_TEST (test_org_threads)
{
    GThread *threads[4];

    for (gsize i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("org", org_in_thread, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS (threads); i++) {
        g_autofree char *org = g_thread_join (threads[i]);
        ck_assert_str_eq (org, "example.ac.uk");
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* _mlg_address_is_automated                                            */
/* ------------------------------------------------------------------ */

START_TEST (test_automated_positive)
{
    static const char *const machines[] = {
        "noreply@example.com",
        "no-reply@accounts.example.com",
        "donotreply@example.com",
        "do-not-reply@example.com",
        "noreply-dmarc-support@google.com",
        "mailer-daemon@example.com",
        "MAILER-DAEMON@Example.COM",
        "postmaster@example.com",
        "internet-drafts@ietf.org",
        "datatracker@ietf.org",
        "session-request@ietf.org",
        "iesg-secretary@ietf.org",
        "agenda@ietf.org",
        "dispatch-bounces@ietf.org",
        "openbmc-bounces+lists+openbmc=lfdr.de@lists.ozlabs.org",
        "dispatch-request@ietf.org",
        "dispatch-owner@ietf.org",
        "notifications@github.com",
        "noreply@github.com",
        "reply+abc123@noreply.github.com",
        "dependabot[bot]@users.noreply.github.com",
        "49699333+dependabot[bot]@users.noreply.github.com",
        "patchwork-bot+netdevbpf@kernel.org",
        "lkp@intel.com",
        "syzbot+0123abcd@syzkaller.appspotmail.com",
        "bugzilla-daemon@kernel.org",
        "trac+dispatch@trac.ietf.org",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (machines); i++)
        ck_assert_msg (_mlg_address_is_automated (machines[i]),
                       "%s should be automated", machines[i]);
}
END_TEST

START_TEST (test_automated_negative)
{
    static const char *const people[] = {
        "jane@ietf.org",
        "jane@example.com",
        "dispatch-chairs@ietf.org",
        "noreplyguy@example.com" /* only the whole word */,
        "jane.noreply.doe@example.com",
        "reply@example.com",
        "12345+jane@users.noreply.github.com" /* a human's commit address */,
        "000000e134e541c5-dmarc-request@list.etsi.org" /* LISTSERV DMARC */,
        "requests@example.com",
        "robot.lover@example.com",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (people); i++)
        ck_assert_msg (!_mlg_address_is_automated (people[i]),
                       "%s should be a person", people[i]);
    ck_assert (!_mlg_address_is_automated (NULL));
}
END_TEST

/* ------------------------------------------------------------------ */
/* _mlg_address_is_dmarc_rewrite                                        */
/* ------------------------------------------------------------------ */

START_TEST (test_rewrite_positive)
{
    static const char *const lists[] = {
        "dispatch@ietf.org",
        "usrp-users@lists.ettus.com",
        "openbmc@lists.ozlabs.org",
        "xdp-newbies@vger.kernel.org",
        "000000e134e541c5-dmarc-request@list.etsi.org",
        "devnull+forbidden405.outlook.com@kernel.org",
        "somegroup@googlegroups.com",
        "dev@ml.example.jp",
        "foo-devel@example.org",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
        ck_assert_msg (_mlg_address_is_dmarc_rewrite (lists[i]),
                       "%s should be a list rewrite", lists[i]);
}
END_TEST

START_TEST (test_rewrite_negative)
{
    static const char *const others[] = {
        "jane@example.com",
        "jane@gmail.com",
        "foo-devel@gmail.com",
        "rt@rt.example.de",
        "dispatch-bounces@ietf.org",
        "noreply@lists.example.org",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
        ck_assert_msg (!_mlg_address_is_dmarc_rewrite (others[i]),
                       "%s should not be a list rewrite", others[i]);
    ck_assert (!_mlg_address_is_dmarc_rewrite (NULL));
    ck_assert (!_mlg_address_is_dmarc_rewrite ("no address"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Dates                                                                */
/* ------------------------------------------------------------------ */

/* 2001-11-01T11:19:12Z */
#define NOV_1_2001 G_GINT64_CONSTANT (1004613552)

START_TEST (test_date_header_zones)
{
    gint64 t = -1;

    ck_assert (_mlg_date_parse_header ("Thu, 01 Nov 2001 11:19:12 +0000", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    ck_assert (_mlg_date_parse_header ("Thu, 1 Nov 2001 12:19:12 +0100", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    ck_assert (_mlg_date_parse_header ("Thu, 01 Nov 2001 06:19:12 -0500", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    ck_assert (_mlg_date_parse_header ("Thu, 01 Nov 2001 07:19:12 EDT", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    ck_assert (_mlg_date_parse_header ("Thu, 01 Nov 2001 03:19:12 PST", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    ck_assert (_mlg_date_parse_header (
        "  Thu, 01 Nov 2001 11:19:12 +0000 (UTC)\r\n", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    /* No zone: read as UTC. */
    ck_assert (_mlg_date_parse_header ("1 Nov 2001 11:19:12", &t));
    ck_assert_int_eq (t, NOV_1_2001);
}
END_TEST

START_TEST (test_date_header_two_digit_years)
{
    gint64 t = -1;

    ck_assert (_mlg_date_parse_header ("Thu, 1 Nov 01 11:19:12 GMT", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    /* 1999-11-01T11:19:12Z */
    ck_assert (_mlg_date_parse_header ("Mon, 1 Nov 99 11:19:12 GMT", &t));
    ck_assert_int_eq (t, G_GINT64_CONSTANT (941455152));
}
END_TEST

START_TEST (test_date_header_garbage)
{
    gint64 t = 42;

    ck_assert (!_mlg_date_parse_header ("garbage", &t));
    ck_assert (!_mlg_date_parse_header ("", &t));
    ck_assert (!_mlg_date_parse_header ("   ", &t));
    ck_assert (!_mlg_date_parse_header (NULL, &t));
    ck_assert (!_mlg_date_parse_header ("Sat, 31 Feb 2001 10:00:00 +0000", &t));
    ck_assert (!_mlg_date_parse_header ("Thu, 01 Nov 2001 25:19:12 +0000", &t));
    ck_assert_int_eq (t, 42);
}
END_TEST

START_TEST (test_date_received)
{
    gint64 t = -1;

    ck_assert (_mlg_date_from_received (
        "from mail.example.com (mail.example.com [192.0.2.1])\r\n"
        "\tby mx.ietf.org (Postfix) with ESMTP id 1234ABC;\r\n"
        "\tThu, 01 Nov 2001 06:19:12 -0500 (EST)", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    /* The date follows the LAST semicolon. */
    ck_assert (_mlg_date_from_received (
        "from a (b; c) by d; for <x@y>; Thu, 01 Nov 2001 11:19:12 +0000",
        &t));
    ck_assert_int_eq (t, NOV_1_2001);
}
END_TEST

START_TEST (test_date_received_garbage)
{
    gint64 t = 42;

    ck_assert (!_mlg_date_from_received ("from a by b with SMTP", &t));
    ck_assert (!_mlg_date_from_received ("from a by b; not a date", &t));
    ck_assert (!_mlg_date_from_received ("from a by b;", &t));
    ck_assert (!_mlg_date_from_received (NULL, &t));
    ck_assert_int_eq (t, 42);
}
END_TEST

START_TEST (test_date_mbox_line)
{
    gint64 t = -1;

    ck_assert (_mlg_date_from_mbox_line (
        "From jane@example.com Thu Nov  1 11:19:12 2001", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    ck_assert (_mlg_date_from_mbox_line (
        "From jane@example.com Thu Nov 1 11:19:12 2001\n", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    /* Without the leading "From ". */
    ck_assert (_mlg_date_from_mbox_line (
        "MAILER-DAEMON Thu Nov  1 11:19:12 2001", &t));
    ck_assert_int_eq (t, NOV_1_2001);
}
END_TEST

START_TEST (test_date_mbox_line_pipermail)
{
    gint64 t = -1;

    ck_assert (_mlg_date_from_mbox_line (
        "From jane at example.com  Thu Nov  1 11:19:12 2001", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    /* A sender whose name is a weekday is not the date's start. */
    ck_assert (_mlg_date_from_mbox_line (
        "From sun at sun.com  Thu Nov  1 11:19:12 2001", &t));
    ck_assert_int_eq (t, NOV_1_2001);
}
END_TEST

START_TEST (test_date_mbox_line_variants)
{
    gint64 t = -1;

    /* A zone before or after the year. */
    ck_assert (_mlg_date_from_mbox_line (
        "From jane@example.com Thu Nov  1 03:19:12 PST 2001", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    ck_assert (_mlg_date_from_mbox_line (
        "From jane@example.com Thu Nov  1 03:19:12 2001 -0800", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    /* Some tools write an RFC 5322 date. */
    ck_assert (_mlg_date_from_mbox_line (
        "From jane@example.com Thu, 1 Nov 2001 11:19:12 +0000", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    /* No weekday. */
    ck_assert (_mlg_date_from_mbox_line (
        "From jane@example.com Nov  1 11:19:12 2001", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    /* Two-digit year. */
    ck_assert (_mlg_date_from_mbox_line (
        "From jane@example.com Thu Nov  1 11:19:12 01", &t));
    ck_assert_int_eq (t, NOV_1_2001);
    /* The fixed dates of lore/git tools parse; the caller finds them
     * absurd. */
    ck_assert (_mlg_date_from_mbox_line (
        "From mboxrd@z Thu Jan  1 00:00:00 1970", &t));
    ck_assert_int_eq (t, 0);
}
END_TEST

START_TEST (test_date_mbox_line_garbage)
{
    gint64 t = 42;

    ck_assert (!_mlg_date_from_mbox_line ("From - ", &t));
    ck_assert (!_mlg_date_from_mbox_line ("From jane@example.com", &t));
    ck_assert (!_mlg_date_from_mbox_line ("From sun at sun.com", &t));
    ck_assert (!_mlg_date_from_mbox_line ("From x Thu Foo 1 11:19:12 2001",
                                          &t));
    ck_assert (!_mlg_date_from_mbox_line ("", &t));
    ck_assert (!_mlg_date_from_mbox_line (NULL, &t));
    ck_assert_int_eq (t, 42);
}
END_TEST

START_TEST (test_date_archive_name)
{
    gint64 t = -1;

    /* 2022-11-01T00:00:00Z */
    ck_assert (_mlg_date_from_archive_name ("2022-November.txt", &t));
    ck_assert_int_eq (t, G_GINT64_CONSTANT (1667260800));
    ck_assert (_mlg_date_from_archive_name (
        "/srv/archives/dispatch/2022-November.txt.gz", &t));
    ck_assert_int_eq (t, G_GINT64_CONSTANT (1667260800));
    ck_assert (_mlg_date_from_archive_name ("2022-11.mbox", &t));
    ck_assert_int_eq (t, G_GINT64_CONSTANT (1667260800));
    ck_assert (_mlg_date_from_archive_name ("2022-november", &t));
    ck_assert_int_eq (t, G_GINT64_CONSTANT (1667260800));
    /* 2001-01-01T00:00:00Z */
    ck_assert (_mlg_date_from_archive_name ("x/2001-January.txt", &t));
    ck_assert_int_eq (t, G_GINT64_CONSTANT (978307200));
}
END_TEST

START_TEST (test_date_archive_name_garbage)
{
    gint64 t = 42;

    ck_assert (!_mlg_date_from_archive_name ("2022.mbox", &t));
    ck_assert (!_mlg_date_from_archive_name ("2022-13.mbox", &t));
    ck_assert (!_mlg_date_from_archive_name ("2022-00.mbox", &t));
    ck_assert (!_mlg_date_from_archive_name ("2022-Novembre.txt", &t));
    ck_assert (!_mlg_date_from_archive_name ("dispatch.mbox", &t));
    ck_assert (!_mlg_date_from_archive_name ("22-November.txt", &t));
    ck_assert (!_mlg_date_from_archive_name ("2022-November/x.txt", &t));
    ck_assert (!_mlg_date_from_archive_name ("", &t));
    ck_assert (!_mlg_date_from_archive_name (NULL, &t));
    ck_assert_int_eq (t, 42);
}
END_TEST

START_TEST (test_date_absurd)
{
    const gint64 now = G_GINT64_CONSTANT (1700000000);
    const gint64 y1980 = G_GINT64_CONSTANT (315532800);

    ck_assert (!_mlg_date_is_absurd (y1980, now));
    ck_assert (_mlg_date_is_absurd (y1980 - 1, now));
    ck_assert (_mlg_date_is_absurd (0, now));
    ck_assert (_mlg_date_is_absurd (-2082844800, now)); /* 1904 */
    ck_assert (!_mlg_date_is_absurd (now, now));
    ck_assert (!_mlg_date_is_absurd (now + 86400, now));
    ck_assert (_mlg_date_is_absurd (now + 86401, now));
    ck_assert (!_mlg_date_is_absurd (NOV_1_2001, now));
}
END_TEST

/* The real IETF DMARC-rewritten message from the shared corpora, when it
 * is there: GMime decodes its From, and this module undoes the rewrite. */
START_TEST (test_corpus_ietf_dmarc)
{
    g_autofree char *path = g_build_filename (
        MLG_TEST_DATA, "..", "..", "..", "shared", "corpora",
        "ietf-bpf-wg-sample",
        "2023-06-27_patch-fix-bpf-neg-dmarc-rewritten-from.eml", NULL);
    /* GMime 3.2 defines no autoptr cleanups: unreferenced below. */
    GMimeStream *stream;
    GMimeParser *parser;
    GMimeMessage *message;
    InternetAddressList *from;
    InternetAddress *ia;
    g_autofree char *addr = NULL;
    gint64 t = 0;

    if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return; /* the corpora are not part of the repository */
    stream = g_mime_stream_file_open (path, "r", NULL);
    ck_assert (stream != NULL);
    parser = g_mime_parser_new_with_stream (stream);
    message = g_mime_parser_construct_message (parser, NULL);
    ck_assert (message != NULL);
    from = g_mime_message_get_from (message);
    ck_assert_int_ge (internet_address_list_length (from), 1);
    ia = internet_address_list_get_address (from, 0);
    addr = _mlg_address_normalise (
        internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia)));
    ck_assert_pstr_eq (addr, "dthaler1968@googlemail.com");
    ck_assert (_mlg_date_parse_header (
        g_mime_object_get_header (GMIME_OBJECT (message), "Date"), &t));
    ck_assert (!_mlg_date_is_absurd (t, g_get_real_time () / G_USEC_PER_SEC));
    g_object_unref (message);
    g_object_unref (parser);
    g_object_unref (stream);
}
END_TEST

static Suite *
make_suite (void)
{
    Suite *s = suite_create ("address");
    TCase *tc;

    tc = tcase_create ("normalise");
    tcase_add_test (tc, test_normalise_plain);
    tcase_add_test (tc, test_normalise_case);
    tcase_add_test (tc, test_normalise_brackets_and_quotes);
    tcase_add_test (tc, test_normalise_pipermail);
    tcase_add_test (tc, test_normalise_dmarc);
    tcase_add_test (tc, test_normalise_equals_escapes);
    tcase_add_test (tc, test_normalise_garbage);
    tcase_add_test (tc, test_normalise_literals);
    suite_add_tcase (s, tc);

    tc = tcase_create ("name");
    tcase_add_test (tc, test_name_plain);
    tcase_add_test (tc, test_name_quotes);
    tcase_add_test (tc, test_name_via);
    tcase_add_test (tc, test_name_via_null_out);
    tcase_add_test (tc, test_name_is_address);
    suite_add_tcase (s, tc);

    tc = tcase_create ("organisation");
    tcase_add_test (tc, test_org_registrable);
    tcase_add_test (tc, test_org_subdomains);
    tcase_add_test (tc, test_org_freemail);
    tcase_add_test (tc, test_org_none);
    tcase_add_test (tc, test_org_public_suffix_itself);
    tcase_add_test (tc, test_org_threads);
    suite_add_tcase (s, tc);

    tc = tcase_create ("automated");
    tcase_add_test (tc, test_automated_positive);
    tcase_add_test (tc, test_automated_negative);
    tcase_add_test (tc, test_rewrite_positive);
    tcase_add_test (tc, test_rewrite_negative);
    suite_add_tcase (s, tc);

    tc = tcase_create ("dates");
    /* Once per TCase: GMime does not survive being initialised and shut
     * down around every test when Check runs without fork. */
    tcase_add_unchecked_fixture (tc, setup, teardown);
    tcase_add_test (tc, test_date_header_zones);
    tcase_add_test (tc, test_date_header_two_digit_years);
    tcase_add_test (tc, test_date_header_garbage);
    tcase_add_test (tc, test_date_received);
    tcase_add_test (tc, test_date_received_garbage);
    tcase_add_test (tc, test_date_mbox_line);
    tcase_add_test (tc, test_date_mbox_line_pipermail);
    tcase_add_test (tc, test_date_mbox_line_variants);
    tcase_add_test (tc, test_date_mbox_line_garbage);
    tcase_add_test (tc, test_date_archive_name);
    tcase_add_test (tc, test_date_archive_name_garbage);
    tcase_add_test (tc, test_date_absurd);
    tcase_add_test (tc, test_corpus_ietf_dmarc);
    suite_add_tcase (s, tc);

    return s;
}

MLG_TEST_MAIN (make_suite)
