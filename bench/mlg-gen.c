/* mlg-gen.c - a deterministic generator of IETF-like list archives.
 *
 *   mlg-gen [--seed N] [--messages N] [--mbox DIR] [--maildir DIR]
 *
 * Writes N message copies spread over 2014-2025 and a dozen lists, in
 * chronological order, as DIR/LIST/YYYY-MM.mbox (mboxrd) and/or as one
 * Maildir (DIR/cur/...) holding the very same copies, so that mlgauge,
 * notmuch and mu are timed on the same messages. The same seed always
 * gives the same bytes.
 *
 * What it imitates, because each costs an indexer something: threads
 * with References chains (and some broken ones: missing or dangling
 * references, Re: without any), proposals naming drafts and their
 * revisions, quoted replies with attributions, +1s and objections, chairs
 * CC'd on agenda requests, DMARC-rewritten senders (`=40` and `via`),
 * RFC 2047 encoded names and subjects, quoted-printable and base64 bodies,
 * HTML alternatives, attachments, cross-posts (one message in two lists'
 * archives), I-D Action announcements, list footers, signatures and the
 * header weight of real list mail (Received, DKIM, ARC, List-*).
 *
 * Not a GLib program on purpose: it only formats text, and a small C
 * program generates a million messages in seconds.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- deterministic randomness (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t
rng_next (void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Returns: a number in [0, n). */
static unsigned
rnd (unsigned n)
{
    return (unsigned) (rng_next () % n);
}

/* Returns: true with probability percent / 100. */
static bool
chance (unsigned percent)
{
    return rnd (1000) < percent * 10;
}

#define PICK(array) (array[rnd (sizeof (array) / sizeof (array[0]))])

/* ---- a growable string ---- */

typedef struct {
    char *s;
    size_t len, cap;
} Buf;

static void
buf_reserve (Buf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    while (b->len + more + 1 > b->cap)
        b->cap = b->cap ? b->cap * 2 : 4096;
    b->s = realloc (b->s, b->cap);
    if (b->s == NULL) {
        perror ("mlg-gen");
        exit (1);
    }
}

static void
buf_add (Buf *b, const char *s, size_t len)
{
    buf_reserve (b, len);
    memcpy (b->s + b->len, s, len);
    b->len += len;
    b->s[b->len] = '\0';
}

static void
buf_puts (Buf *b, const char *s)
{
    buf_add (b, s, strlen (s));
}

static void __attribute__ ((format (printf, 2, 3)))
buf_printf (Buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start (ap, fmt);
    n = vsnprintf (NULL, 0, fmt, ap);
    va_end (ap);
    buf_reserve (b, (size_t) n);
    va_start (ap, fmt);
    vsnprintf (b->s + b->len, (size_t) n + 1, fmt, ap);
    va_end (ap);
    b->len += (size_t) n;
}

/* ---- vocabulary ---- */

static const char *const lists[] = {
    "dispatch", "secdispatch", "art", "tls", "quic", "httpbis",
    "oauth", "dnsop", "lamps", "mls", "ietf", "gendispatch",
};
#define N_LISTS (sizeof (lists) / sizeof (lists[0]))

static const char *const first_names[] = {
    "Alice", "Bob", "Carol", "David", "Erin", "Frank", "Grace", "Heidi",
    "Ivan", "Judy", "Mallory", "Niaj", "Olivia", "Peggy", "Rupert", "Sybil",
    "Trent", "Victor", "Walter", "Yuki", "Zhang", "Priya", "Omar", "Lars",
};
static const char *const last_names[] = {
    "Smith", "Jones", "Nguyen", "Garcia", "Müller", "Kowalski", "Tanaka",
    "Dubois", "Rossi", "Silva", "Andersson", "Novák", "Kim", "Patel",
    "O'Brien", "Hernández", "Ivanova", "Chen", "Larsen", "Costa",
};
static const char *const domains[] = {
    "example.com", "example.net", "example.org", "ericsson.example",
    "cisco.example", "google.example", "akamai.example", "apple.example",
    "nokia.example", "huawei.example", "univ.example.edu", "gmail.com",
    "isode.example", "nist.example.gov", "mozilla.example",
};
static const char *const topics[] = {
    "oblivious", "deterministic", "privacy", "token", "binding", "relay",
    "discovery", "resumption", "telemetry", "attestation", "delegation",
    "multipath", "encrypted", "compact", "hybrid", "postquantum", "ech",
    "rate-limit", "capsule", "registry", "signal", "key-transparency",
};
static const char *const words[] = {
    "the", "draft", "proposal", "working", "group", "charter", "protocol",
    "mechanism", "security", "considerations", "implementation", "deploy",
    "interop", "clients", "servers", "operators", "we", "should", "could",
    "think", "agree", "concern", "section", "text", "registry", "IANA",
    "extension", "header", "field", "message", "latency", "privacy", "key",
    "certificate", "handshake", "endpoint", "scope", "BoF", "adoption",
    "review", "feedback", "version", "update", "issue", "pull", "request",
    "editor", "meeting", "session", "slides", "agenda", "time", "minutes",
    "is", "a", "of", "to", "and", "in", "for", "this", "that", "with",
    "not", "on", "it", "be", "are", "as", "by", "more", "than", "also",
    "use", "case", "cases", "document", "requirements", "problem", "space",
    "existing", "work", "overlap", "DNS", "TLS", "HTTP", "QUIC", "OAuth",
};
static const char *const supports[] = {
    "+1", "I support adoption of this draft.", "I support this work.",
    "Support. I am willing to review.", "+1, willing to contribute text.",
    "I support adoption and am willing to implement.",
};
static const char *const objections[] = {
    "-1", "I object to adopting this work here.",
    "I do not support adoption in its current form.",
    "I am not convinced this is a problem worth solving.",
};
static const char *const utf8_names[] = {
    "Jürgen Müller", "Zoë Dubois", "José Hernández", "Łukasz Nowak",
    "Ştefan Ionescu", "Søren Østergaard", "Dvořák Antonín",
};
static const char *const ascii_subjects[] = {
    "Agenda request", "Call for agenda items", "New version available",
    "Request for a dispatch slot", "Comments on", "Question about",
    "Review of", "Interim meeting", "Proposed charter text for",
    "Next steps for", "Implementation report for",
};
static const char *const draft_tags[] = {
    "ietf", "smith", "nguyen", "garcia", "tanaka", "rossi", "irtf",
};
static const char *const agents[] = {
    "Mozilla Thunderbird", "Apple Mail (2.3774)", "Microsoft Outlook 16.0",
    "Mutt/2.2.12", "Roundcube Webmail/1.6", "Gmail",
};

/* ---- people ---- */

typedef struct {
    char name[64];
    char addr[96];
    bool utf8; /* name needs RFC 2047 */
    bool dmarc; /* their domain publishes p=reject */
} Person;

#define N_PEOPLE 3000
static Person people[N_PEOPLE];

static void
make_people (void)
{
    for (unsigned i = 0; i < N_PEOPLE; i++) {
        Person *p = &people[i];
        const char *first = PICK (first_names), *last = PICK (last_names);
        const char *domain = PICK (domains);
        char local[64];
        size_t j = 0;

        if (chance (6)) {
            snprintf (p->name, sizeof p->name, "%s", PICK (utf8_names));
        } else {
            snprintf (p->name, sizeof p->name, "%s %s", first, last);
        }
        for (const char *c = first; *c && j < 20; c++)
            local[j++] = (char) (*c | 0x20);
        local[j++] = '.';
        for (const unsigned char *c = (const unsigned char *) last;
             *c && j < 40; c++)
            if (*c < 0x80 && *c != '\'')
                local[j++] = (char) (*c | 0x20);
        local[j] = '\0';
        snprintf (p->addr, sizeof p->addr, "%s%u@%s", local, i % 97, domain);
        p->utf8 = false;
        for (const unsigned char *c = (const unsigned char *) p->name; *c;
             c++)
            if (*c >= 0x80)
                p->utf8 = true;
        p->dmarc = strcmp (domain, "gmail.com") == 0
                   || strcmp (domain, "apple.example") == 0;
    }
}

/* ---- encoding helpers ---- */

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
base64 (Buf *out, const unsigned char *in, size_t len, bool lines)
{
    size_t col = 0;

    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t) in[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t) in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        char q[4] = {b64chars[(v >> 18) & 63], b64chars[(v >> 12) & 63],
                     i + 1 < len ? b64chars[(v >> 6) & 63] : '=',
                     i + 2 < len ? b64chars[v & 63] : '='};
        buf_add (out, q, 4);
        col += 4;
        if (lines && col >= 76) {
            buf_puts (out, "\n");
            col = 0;
        }
    }
    if (lines && col > 0)
        buf_puts (out, "\n");
}

/* RFC 2047 encoded word, B or Q. */
static void
encoded_word (Buf *out, const char *text)
{
    if (chance (50)) {
        buf_puts (out, "=?UTF-8?B?");
        base64 (out, (const unsigned char *) text, strlen (text), false);
        buf_puts (out, "?=");
        return;
    }
    buf_puts (out, "=?utf-8?Q?");
    for (const unsigned char *c = (const unsigned char *) text; *c; c++) {
        if (*c == ' ')
            buf_puts (out, "_");
        else if (*c >= 0x80 || *c == '=' || *c == '?' || *c == '_')
            buf_printf (out, "=%02X", *c);
        else
            buf_add (out, (const char *) c, 1);
    }
    buf_puts (out, "?=");
}

static void
quoted_printable (Buf *out, const char *text)
{
    size_t col = 0;

    for (const unsigned char *c = (const unsigned char *) text; *c; c++) {
        if (*c == '\n') {
            buf_puts (out, "\n");
            col = 0;
            continue;
        }
        if (col >= 72) {
            buf_puts (out, "=\n");
            col = 0;
        }
        if (*c >= 0x80 || *c == '=') {
            buf_printf (out, "=%02X", *c);
            col += 3;
        } else {
            buf_add (out, (const char *) c, 1);
            col++;
        }
    }
}

/* ---- threads ---- */

typedef struct {
    bool used;
    char subject[160];
    char draft[96]; /* "" when the thread names no draft */
    int revision;
    unsigned list, list2; /* list2 == list when not cross-posted */
    unsigned starter;
    unsigned replies;
    /* The newest messages, for References and quoting. */
    char ids[8][80];
    unsigned authors[8];
    unsigned n_ids;
    char refs[1024]; /* References of the newest message */
    char last_text[1200];
    char history[8192]; /* the newest message whole, for top-posters */
} Thread;

#define N_THREADS 400
static Thread threads[N_THREADS];

static void
sentence (Buf *b, unsigned min_words)
{
    unsigned n = min_words + rnd (12);

    for (unsigned i = 0; i < n; i++) {
        const char *w = PICK (words);
        if (i == 0) {
            char first[40];
            snprintf (first, sizeof first, "%s", w);
            first[0] = (char) (first[0] & ~0x20);
            buf_puts (b, first);
        } else {
            buf_puts (b, " ");
            buf_puts (b, w);
        }
    }
    buf_puts (b, chance (15) ? "?" : ".");
}

/* A paragraph wrapped at ~72 columns. */
static void
paragraph (Buf *b, unsigned sentences)
{
    Buf p = {0};
    size_t col = 0, start;

    for (unsigned i = 0; i < sentences; i++) {
        if (i)
            buf_puts (&p, " ");
        sentence (&p, 6);
    }
    start = 0;
    for (size_t i = 0; i < p.len; i++) {
        if (p.s[i] == ' ' && col > 66) {
            buf_add (b, p.s + start, i - start);
            buf_puts (b, "\n");
            start = i + 1;
            col = 0;
        } else {
            col++;
        }
    }
    buf_add (b, p.s + start, p.len - start);
    buf_puts (b, "\n");
    free (p.s);
}

/* ---- one message ---- */

typedef struct {
    const char *mbox_dir;
    const char *maildir;
    FILE *mbox[N_LISTS];
    int mbox_month[N_LISTS];
    unsigned long copies;
    unsigned long maildir_seq;
} Output;

static void
format_date (char *out, size_t size, time_t t, bool mbox)
{
    struct tm tm;

    gmtime_r (&t, &tm);
    if (mbox)
        strftime (out, size, "%a %b %e %H:%M:%S %Y", &tm);
    else
        strftime (out, size, "%a, %d %b %Y %H:%M:%S +0000", &tm);
}

static void
write_copy (Output *out, unsigned list, time_t when, const Person *sender,
            const char *message, size_t len)
{
    struct tm tm;
    int month;

    gmtime_r (&when, &tm);
    month = (tm.tm_year + 1900) * 100 + tm.tm_mon + 1;
    if (out->mbox_dir != NULL) {
        char path[4096], date[64];
        if (out->mbox[list] == NULL || out->mbox_month[list] != month) {
            if (out->mbox[list] != NULL)
                fclose (out->mbox[list]);
            snprintf (path, sizeof path, "%s/%s", out->mbox_dir,
                      lists[list]);
            mkdir (path, 0777);
            snprintf (path, sizeof path, "%s/%s/%04d-%02d.mbox",
                      out->mbox_dir, lists[list], month / 100, month % 100);
            out->mbox[list] = fopen (path, "a");
            if (out->mbox[list] == NULL) {
                fprintf (stderr, "mlg-gen: %s: %s\n", path,
                         strerror (errno));
                exit (1);
            }
            out->mbox_month[list] = month;
        }
        format_date (date, sizeof date, when, true);
        fprintf (out->mbox[list], "From %s %s\n", sender->addr, date);
        /* mboxrd: quote `From ` lines (and already quoted ones). */
        for (const char *line = message; line < message + len;) {
            const char *nl = memchr (line, '\n', (size_t) (message + len - line));
            size_t l = nl ? (size_t) (nl - line + 1)
                          : (size_t) (message + len - line);
            const char *p = line;
            while (p < line + l && *p == '>')
                p++;
            if (line + l - p >= 5 && memcmp (p, "From ", 5) == 0)
                fputc ('>', out->mbox[list]);
            fwrite (line, 1, l, out->mbox[list]);
            line += l;
        }
        fputc ('\n', out->mbox[list]);
    }
    if (out->maildir != NULL) {
        char path[4096];
        FILE *f;
        snprintf (path, sizeof path, "%s/cur/%ld.M%luP1.mlg-gen:2,S",
                  out->maildir, (long) when, out->maildir_seq++);
        f = fopen (path, "w");
        if (f == NULL || fwrite (message, 1, len, f) != len
            || fclose (f) != 0) {
            fprintf (stderr, "mlg-gen: %s: %s\n", path, strerror (errno));
            exit (1);
        }
    }
    out->copies++;
}

static void
address_header (Buf *m, const char *field, const Person *p)
{
    buf_printf (m, "%s: ", field);
    if (p->utf8)
        encoded_word (m, p->name);
    else
        buf_printf (m, "%s%s%s", strchr (p->name, '\'') ? "\"" : "",
                    p->name, strchr (p->name, '\'') ? "\"" : "");
    buf_printf (m, " <%s>\n", p->addr);
}

/* The headers Mailman adds for `list`. */
static void
list_headers (Buf *m, unsigned list, uint64_t archive_id)
{
    const char *l = lists[list];

    buf_printf (m,
                "Archived-At: <https://mailarchive.ietf.org/arch/msg/%s/"
                "%012" PRIx64 ">\n"
                "X-BeenThere: %s@ietf.org\nX-Mailman-Version: 2.1.39\n"
                "Precedence: list\n"
                "List-Id: %s <%s.ietf.org>\n"
                "List-Unsubscribe: <https://www.ietf.org/mailman/options/%s>,"
                "\n <mailto:%s-request@ietf.org?subject=unsubscribe>\n"
                "List-Archive: <https://mailarchive.ietf.org/arch/browse/%s/>"
                "\nList-Post: <mailto:%s@ietf.org>\n"
                "List-Help: <mailto:%s-request@ietf.org?subject=help>\n",
                l, archive_id, l, l, l, l, l, l, l, l);
}

typedef enum { NEW_THREAD, REPLY, ANNOUNCEMENT } Kind;

static void
make_message (Output *out, unsigned long n, time_t when)
{
    static Buf m, text, html;
    Thread *t;
    Kind kind;
    unsigned author;
    const Person *from;
    char id[80], date[64];
    bool cross, html_alt, attach, top_post = false;
    int cte; /* 0 8bit, 1 QP, 2 base64 */
    uint64_t archive_id;
    size_t list_at, list_end; /* where the list's headers are in m */

    m.len = text.len = html.len = 0;
    t = &threads[rnd (N_THREADS)];
    if (!t->used || t->replies > 8 + rnd (40) || chance (4))
        kind = chance (5) ? ANNOUNCEMENT : NEW_THREAD;
    else
        kind = REPLY;
    if (kind != REPLY) {
        memset (t, 0, sizeof *t);
        t->used = true;
        t->list = rnd (N_LISTS);
        t->list2 = chance (4) ? rnd (N_LISTS) : t->list;
        t->starter = rnd (N_PEOPLE);
        if (kind == ANNOUNCEMENT || chance (60)) {
            snprintf (t->draft, sizeof t->draft, "draft-%s-%s-%s",
                      PICK (draft_tags), lists[t->list], PICK (topics));
            t->revision = (int) rnd (8);
        }
    }
    snprintf (id, sizeof id, "%lu.%08" PRIx64 "@%s", n,
              rng_next () & 0xffffffffu,
              kind == ANNOUNCEMENT ? "ietf.org" : PICK (domains));

    /* Who writes. */
    if (kind == ANNOUNCEMENT) {
        static Person ida = {"internet-drafts@ietf.org",
                             "internet-drafts@ietf.org", false, false};
        from = &ida;
        author = 0;
    } else if (kind == NEW_THREAD) {
        author = t->starter;
        from = &people[author];
    } else {
        author = chance (25) ? t->starter : rnd (N_PEOPLE);
        from = &people[author];
    }

    /* The text. */
    if (kind == ANNOUNCEMENT) {
        t->revision++;
        char subject[sizeof t->subject];
        snprintf (subject, sizeof subject, "I-D Action: %s-%02d.txt",
                  t->draft, t->revision);
        memcpy (t->subject, subject, sizeof subject);
        buf_printf (&text,
                    "Internet-Draft %s-%02d.txt is now available. It is a "
                    "work item of the\n%s Working Group of the IETF.\n\n"
                    "   Title:   A %s mechanism\n   Authors: %s\n   Name:   "
                    " %s-%02d.txt\n   Pages:   %u\n   Dates:   %s\n\n"
                    "Abstract:\n\n",
                    t->draft, t->revision, lists[t->list], PICK (topics),
                    people[t->starter].name, t->draft, t->revision,
                    10 + rnd (40), "2024-01-01");
        paragraph (&text, 4);
        buf_printf (&text,
                    "\nThe IETF datatracker status page for this "
                    "Internet-Draft is:\n"
                    "https://datatracker.ietf.org/doc/%s/\n",
                    t->draft);
    } else if (kind == NEW_THREAD) {
        if (t->draft[0] != '\0') {
            char subject[sizeof t->subject];
            snprintf (subject, sizeof subject, "%s %s-%02d",
                      PICK (ascii_subjects), t->draft, t->revision);
            memcpy (t->subject, subject, sizeof subject);
        }
        else
            snprintf (t->subject, sizeof t->subject, "%s %s %s",
                      PICK (ascii_subjects), PICK (topics), PICK (topics));
        buf_puts (&text, "Hi all,\n\n");
        paragraph (&text, 2 + rnd (4));
        if (t->draft[0] != '\0')
            buf_printf (&text,
                        "\nThe draft is at "
                        "https://datatracker.ietf.org/doc/%s/ and an\n"
                        "implementation at https://github.com/example/%s\n",
                        t->draft, PICK (topics));
        buf_puts (&text, "\n");
        paragraph (&text, 1 + rnd (5));
        if (chance (40))
            buf_printf (&text, "\nWe would like a 10 minute slot at the next "
                               "meeting and ask whether a BoF or\nan "
                               "existing working group is the right home.\n");
    } else {
        top_post = t->n_ids > 0 && chance (30);
        if (!top_post && t->n_ids > 0 && chance (85)) {
            char adate[64];
            format_date (adate, sizeof adate, when - 3600, false);
            buf_printf (&text, "On %s, %s wrote:\n", adate,
                        people[t->authors[t->n_ids - 1]].name);
            for (const char *l = t->last_text; *l;) {
                const char *nl = strchr (l, '\n');
                size_t len = nl ? (size_t) (nl - l) : strlen (l);
                buf_puts (&text, len && l[0] == '>' ? ">" : "> ");
                buf_add (&text, l, len);
                buf_puts (&text, "\n");
                l += len + (nl ? 1 : 0);
            }
            buf_puts (&text, "\n");
        }
        if (chance (18))
            buf_printf (&text, "%s\n", PICK (supports));
        else if (chance (5))
            buf_printf (&text, "%s\n", PICK (objections));
        else
            paragraph (&text, 1 + rnd (6));
        if (chance (10))
            buf_printf (&text, "\nSee also %s-%02d section %u.\n",
                        t->draft[0] ? t->draft : "draft-ietf-tls-esni",
                        t->revision, 1 + rnd (9));
    }
    if (kind != ANNOUNCEMENT && chance (40))
        buf_printf (&text, "\nCheers,\n%s\n-- \n%s\n%s\n", from->name,
                    from->name, from->addr);
    if (top_post) {
        /* Outlook style: the whole previous message (with everything it
         * quoted) below the answer, so quoted text grows along a thread. */
        char adate[64];
        format_date (adate, sizeof adate, when - 3600, false);
        buf_printf (&text,
                    "\n-----Original Message-----\nFrom: %s\nSent: %s\n"
                    "Subject: %s\n\n%s",
                    people[t->authors[t->n_ids - 1]].name, adate,
                    t->subject, t->history);
    }
    snprintf (t->history, sizeof t->history, "%.*s",
              (int) (text.len < sizeof t->history - 1
                         ? text.len
                         : sizeof t->history - 1),
              text.s);
    /* Kept for the next reply to quote (bounded). */
    snprintf (t->last_text, sizeof t->last_text, "%.*s",
              (int) (text.len < 1000 ? text.len : 1000), text.s);
    if (strrchr (t->last_text, '\n') != NULL)
        strrchr (t->last_text, '\n')[1] = '\0';

    /* Headers. */
    cross = t->list2 != t->list;
    for (unsigned hop = 0; hop < 2; hop++)
        buf_printf (&m,
                    "Received: from mail%u.ietf.org (mail%u.ietf.org "
                    "[50.223.129.%u])\n\tby mailarchive.ietf.org (Postfix) "
                    "with ESMTP id %08" PRIX64 "\n\tfor <%s@ietf.org>; %s\n",
                    hop, hop, 190 + hop, rng_next () & 0xffffffffu,
                    lists[t->list], "Mon, 1 Jan 2024 00:00:00 +0000");
    buf_printf (&m,
                "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; "
                "d=%s; s=s1;\n\th=from:to:subject:date:message-id; "
                "bh=%016" PRIx64 "%016" PRIx64 "=;\n\tb=%016" PRIx64
                "%016" PRIx64 "%016" PRIx64 "\n\t %016" PRIx64 "%016" PRIx64
                "%016" PRIx64 "\n",
                strchr (from->addr, '@') + 1, rng_next (), rng_next (),
                rng_next (), rng_next (), rng_next (), rng_next (),
                rng_next (), rng_next ());
    if (kind != ANNOUNCEMENT && from->dmarc && chance (70)) {
        /* IETF rewrites p=reject senders. */
        char local[96];
        snprintf (local, sizeof local, "%s", from->addr);
        *strchr (local, '@') = '\0';
        if (chance (70)) {
            buf_puts (&m, "From: ");
            if (from->utf8)
                encoded_word (&m, from->name);
            else
                buf_printf (&m, "\"%s\"", from->name);
            buf_printf (&m, " <%s=40%s@dmarc.ietf.org>\n", local,
                        strchr (from->addr, '@') + 1);
        } else {
            buf_printf (&m,
                        "From: \"%s via %c%s\" <%s@ietf.org>\n"
                        "X-Original-From: %s <%s>\nReply-To: %s <%s>\n",
                        from->utf8 ? "Someone" : from->name,
                        lists[t->list][0] & ~0x20, lists[t->list] + 1,
                        lists[t->list], from->utf8 ? "Someone" : from->name,
                        from->addr, from->utf8 ? "Someone" : from->name,
                        from->addr);
        }
    } else {
        address_header (&m, "From", from);
    }
    if (cross)
        buf_printf (&m, "To: %s@ietf.org, %s@ietf.org\n", lists[t->list],
                    lists[t->list2]);
    else
        buf_printf (&m, "To: %s@ietf.org\n", lists[t->list]);
    if (kind == NEW_THREAD && chance (50))
        buf_printf (&m, "Cc: %s-chairs@ietf.org, %s\n", lists[t->list],
                    people[rnd (N_PEOPLE)].addr);
    else if (kind == REPLY && chance (30))
        buf_printf (&m, "Cc: %s\n", people[t->starter].addr);
    format_date (date, sizeof date, when, false);
    buf_printf (&m, "Date: %s\n", date);
    buf_printf (&m, "Message-ID: <%s>\n", id);
    if (kind == REPLY && t->n_ids > 0) {
        unsigned broken = rnd (100);
        if (broken >= 3) {
            buf_printf (&m, "In-Reply-To: <%s>\n", t->ids[t->n_ids - 1]);
            if (broken >= 6) {
                buf_printf (&m, "References: %s%s<%s>\n", t->refs,
                            t->refs[0] ? "\n " : "", t->ids[t->n_ids - 1]);
            }
        } else if (broken == 1) {
            /* A parent that was never archived. */
            buf_printf (&m, "In-Reply-To: <lost.%lu@example.invalid>\n", n);
        }
    }
    buf_puts (&m, "Subject: ");
    {
        char subject[256];
        snprintf (subject, sizeof subject, "%s[%c%s] %s",
                  kind == REPLY ? "Re: " : "", lists[t->list][0] & ~0x20,
                  lists[t->list] + 1, t->subject);
        if (chance (3)) {
            char utf8[300];
            snprintf (utf8, sizeof utf8, "%s – ünïcode", subject);
            encoded_word (&m, utf8);
        } else {
            buf_puts (&m, subject);
        }
        buf_puts (&m, "\n");
    }
    buf_printf (&m, "X-Mailer: %s\nMIME-Version: 1.0\n", PICK (agents));
    if (kind == ANNOUNCEMENT)
        buf_puts (&m, "Auto-Submitted: auto-generated\n");
    archive_id = rng_next () & 0xffffffffffffull;
    list_at = m.len;
    list_headers (&m, t->list, archive_id);
    list_end = m.len;

    /* Thread bookkeeping for the next replies. */
    if (t->n_ids > 0) {
        size_t l = strlen (t->refs);
        const char *last = t->ids[t->n_ids - 1];
        if (l + strlen (last) + 8 < sizeof t->refs) {
            if (l > 0) {
                memcpy (t->refs + l, "\n ", 2);
                l += 2;
            }
            t->refs[l++] = '<';
            memcpy (t->refs + l, last, strlen (last));
            l += strlen (last);
            memcpy (t->refs + l, ">", 2);
        }
    }
    if (t->n_ids == 8) {
        memmove (t->ids, t->ids + 1, sizeof t->ids[0] * 7);
        memmove (t->authors, t->authors + 1, sizeof t->authors[0] * 7);
        t->n_ids = 7;
    }
    snprintf (t->ids[t->n_ids], sizeof t->ids[0], "%s", id);
    t->authors[t->n_ids++] = author;
    t->replies++;

    /* Body. */
    {
        static const char footer_fmt[] =
            "\n_______________________________________________\n"
            "%c%s mailing list\n%s@ietf.org\n"
            "https://www.ietf.org/mailman/listinfo/%s\n";
        char footer[512];
        bool has_utf8 = false;
        snprintf (footer, sizeof footer, footer_fmt,
                  lists[t->list][0] & ~0x20, lists[t->list] + 1,
                  lists[t->list], lists[t->list]);
        for (size_t i = 0; i < text.len; i++)
            if ((unsigned char) text.s[i] >= 0x80)
                has_utf8 = true;
        html_alt = kind != ANNOUNCEMENT && chance (20);
        attach = kind != ANNOUNCEMENT && chance (3);
        cte = chance (15) || has_utf8 ? 1 : chance (6) ? 2 : 0;

        Buf part = {0};
        buf_puts (&part, "Content-Type: text/plain; charset=\"utf-8\"\n");
        buf_printf (&part, "Content-Transfer-Encoding: %s\n\n",
                    cte == 1   ? "quoted-printable"
                    : cte == 2 ? "base64"
                               : "7bit");
        if (cte == 1)
            quoted_printable (&part, text.s);
        else if (cte == 2)
            base64 (&part, (const unsigned char *) text.s, text.len, true);
        else
            buf_add (&part, text.s, text.len);

        if (!html_alt && !attach) {
            /* Single part: the part headers are the message's. */
            buf_add (&m, part.s, part.len);
            buf_puts (&m, footer);
        } else {
            const char *outer = attach ? "outer" : "alt";
            buf_printf (&m,
                        "Content-Type: multipart/%s; "
                        "boundary=\"=_%s_%lu\"\n\n"
                        "This is a multi-part message in MIME format.\n",
                        attach ? "mixed" : "alternative", outer, n);
            if (attach && html_alt)
                buf_printf (&m,
                            "--=_outer_%lu\nContent-Type: "
                            "multipart/alternative; boundary=\"=_alt_%lu\"\n\n",
                            n, n);
            if (html_alt) {
                buf_printf (&m, "--=_alt_%lu\n", n);
                buf_add (&m, part.s, part.len);
                buf_printf (&html,
                            "<html><head><meta http-equiv=\"Content-Type\" "
                            "content=\"text/html; charset=utf-8\"></head>"
                            "<body><div dir=\"ltr\">");
                for (size_t i = 0; i < text.len; i++) {
                    char c = text.s[i];
                    if (c == '<')
                        buf_puts (&html, "&lt;");
                    else if (c == '>')
                        buf_puts (&html, "&gt;");
                    else if (c == '&')
                        buf_puts (&html, "&amp;");
                    else if (c == '\n')
                        buf_puts (&html, "<br>\n");
                    else
                        buf_add (&html, &c, 1);
                }
                buf_puts (&html, "</div></body></html>\n");
                buf_printf (&m,
                            "\n--=_alt_%lu\nContent-Type: text/html; "
                            "charset=\"utf-8\"\nContent-Transfer-Encoding: "
                            "quoted-printable\n\n",
                            n);
                quoted_printable (&m, html.s);
                buf_printf (&m, "\n--=_alt_%lu--\n", n);
            } else {
                buf_printf (&m, "--=_outer_%lu\n", n);
                buf_add (&m, part.s, part.len);
            }
            if (attach) {
                unsigned char blob[3000];
                for (size_t i = 0; i < sizeof blob; i++)
                    blob[i] = (unsigned char) rng_next ();
                buf_printf (&m,
                            "\n--=_outer_%lu\nContent-Type: application/pdf;"
                            " name=\"slides-%lu.pdf\"\nContent-Disposition: "
                            "attachment; filename=\"slides-%lu.pdf\"\n"
                            "Content-Transfer-Encoding: base64\n\n",
                            n, n, n);
                base64 (&m, blob, sizeof blob, true);
                buf_printf (&m, "\n--=_outer_%lu\nContent-Type: text/plain; "
                                "charset=\"us-ascii\"\n\n",
                            n);
                buf_puts (&m, footer + 1);
                buf_printf (&m, "\n--=_outer_%lu--\n", n);
            }
        }
        free (part.s);
    }

    write_copy (out, t->list, when, from, m.s, m.len);
    if (cross) {
        /* Each list's copy carries that list's headers, as Mailman
         * writes them (the subject tag stays the first list's). */
        static Buf copy;

        copy.len = 0;
        buf_add (&copy, m.s, list_at);
        list_headers (&copy, t->list2, archive_id);
        buf_add (&copy, m.s + list_end, m.len - list_end);
        write_copy (out, t->list2, when, from, copy.s, copy.len);
    }
}

static void
usage (void)
{
    fputs ("usage: mlg-gen [--seed N] [--messages N] [--mbox DIR] "
           "[--maildir DIR]\n",
           stderr);
    exit (2);
}

int
main (int argc, char **argv)
{
    Output out = {0};
    unsigned long messages = 10000, seed = 1;
    /* 2014-01-01 to 2025-12-31, whatever the size: reports see years. */
    const time_t start = 1388534400, span = 378691200;
    time_t when = start;
    unsigned long n;

    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc)
            usage ();
        if (strcmp (argv[i], "--seed") == 0)
            seed = strtoul (argv[++i], NULL, 10);
        else if (strcmp (argv[i], "--messages") == 0)
            messages = strtoul (argv[++i], NULL, 10);
        else if (strcmp (argv[i], "--mbox") == 0)
            out.mbox_dir = argv[++i];
        else if (strcmp (argv[i], "--maildir") == 0)
            out.maildir = argv[++i];
        else
            usage ();
    }
    if (messages == 0 || (out.mbox_dir == NULL && out.maildir == NULL))
        usage ();
    if (out.mbox_dir != NULL && mkdir (out.mbox_dir, 0777) != 0
        && errno != EEXIST) {
        perror (out.mbox_dir);
        return 1;
    }
    if (out.maildir != NULL) {
        char path[4096];
        static const char *const sub[] = {"", "/cur", "/new", "/tmp"};
        for (unsigned i = 0; i < 4; i++) {
            snprintf (path, sizeof path, "%s%s", out.maildir, sub[i]);
            if (mkdir (path, 0777) != 0 && errno != EEXIST) {
                perror (path);
                return 1;
            }
        }
    }

    rng_state = seed;
    make_people ();
    /* `messages` counts copies, as the archives hold them: a cross-post
     * is two copies (and two files in the Maildir). */
    for (n = 0; out.copies < messages; n++) {
        when = start + (time_t) ((double) span * (double) out.copies
                                 / (double) messages)
               + (time_t) rnd (600);
        make_message (&out, n, when);
    }
    for (unsigned i = 0; i < N_LISTS; i++)
        if (out.mbox[i] != NULL)
            fclose (out.mbox[i]);
    fprintf (stderr, "mlg-gen: %lu messages, %lu copies\n", n, out.copies);
    return 0;
}
