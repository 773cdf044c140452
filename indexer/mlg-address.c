/* mlg-address.c - addresses, display names, organisations and dates as
 * they are normalised for message facts.
 *
 * Everything here is a pure function of its arguments (plus the public
 * suffix list, loaded once), so that the message module can call it from
 * any thread and the tests can pin every rule down with plain values.
 *
 * The real work is left to the libraries that know it: GMime parses dates
 * (RFC 5322, obsolete and broken forms, asctime), libpsl knows which part
 * of a domain is registrable, GLib matches the automated-sender patterns.
 */
#include "mlg-address-private.h"

#include <gmime/gmime.h>
#include <libpsl.h>
#include <string.h>

/* RFC 5321 caps a path at 256 octets including the brackets; anything
 * longer is a broken header or a spam payload, not somebody's address. */
#define MAX_ADDRESS_LENGTH 254

/* ------------------------------------------------------------------ */
/* Addresses                                                            */
/* ------------------------------------------------------------------ */

/* Removes one pair of matching quotes around `s` (in place), repeatedly,
 * so that `"'jane@x.org'"` loses both layers. */
static void
strip_quote_pairs (char *s)
{
    size_t len = strlen (s);

    while (len >= 2
           && ((s[0] == '"' && s[len - 1] == '"')
               || (s[0] == '\'' && s[len - 1] == '\''))) {
        memmove (s, s + 1, len - 2);
        len -= 2;
        s[len] = '\0';
        g_strstrip (s);
        len = strlen (s);
    }
}

static int
hex_value (char c)
{
    return g_ascii_xdigit_value (c);
}

/* Decodes `=XX` escapes in place. IETF's Mailman writes the original
 * address of a DMARC-protected sender as its local part with `@` as
 * `=40`, and escapes other awkward characters (`+` as `=2B`) the same
 * way; anything that is not a valid escape is kept as it is. */
static void
decode_equals_escapes (char *s)
{
    char *out = s;

    for (const char *in = s; *in != '\0';) {
        if (in[0] == '=' && hex_value (in[1]) >= 0 && hex_value (in[2]) >= 0) {
            *out++ = (char) (hex_value (in[1]) * 16 + hex_value (in[2]));
            in += 3;
        } else {
            *out++ = *in++;
        }
    }
    *out = '\0';
}

/* Characters that cannot appear unquoted in an address (RFC 5322
 * specials and whitespace). Quoted local parts are legal but so rare in
 * list mail that treating them as garbage loses nothing. */
static bool
is_bad_address_char (unsigned char c)
{
    return c <= ' ' || c == 0x7f || strchr ("()<>[]\\,;:\"", c) != NULL;
}

static bool
valid_local_part (const char *local)
{
    if (*local == '\0')
        return false;
    for (const char *p = local; *p != '\0'; p++)
        if (is_bad_address_char ((unsigned char) *p))
            return false;
    return true;
}

static bool
valid_domain (const char *domain)
{
    size_t len = strlen (domain);

    if (len == 0)
        return false;
    /* Address literals (`jane@[192.0.2.1]`) are legal and kept whole. */
    if (domain[0] == '[')
        return len > 2 && domain[len - 1] == ']'
               && strchr (domain + 1, '[') == NULL
               && strchr (domain, ']') == domain + len - 1;
    if (domain[0] == '.' || domain[0] == '-' || strstr (domain, "..") != NULL)
        return false;
    for (const char *p = domain; *p != '\0'; p++) {
        unsigned char c = (unsigned char) *p;
        /* Non-ASCII bytes are UTF-8 of an internationalised domain. */
        if (c < 0x80 && !g_ascii_isalnum (c) && c != '-' && c != '.'
            && c != '_')
            return false;
    }
    return true;
}

/* Undoes pipermail's obfuscation `jane at example.com` in place when the
 * string has no `@`: exactly one ` at ` between two words without
 * whitespace. Pipermail emits only this form; `example dot com` (MHonArc
 * and some hand obfuscation) is not seen in the archives we read, and
 * undoing it would guess at what people meant, so it is not handled. */
static char *
undo_pipermail (const char *s)
{
    const char *at = strstr (s, " at ");
    g_autofree char *local = NULL;
    g_autofree char *domain = NULL;

    if (at == NULL || strstr (at + 4, " at ") != NULL)
        return NULL;
    local = g_strstrip (g_strndup (s, (gsize) (at - s)));
    domain = g_strstrip (g_strdup (at + 4));
    if (*local == '\0' || *domain == '\0' || strpbrk (local, " \t") != NULL
        || strpbrk (domain, " \t") != NULL)
        return NULL;
    return g_strconcat (local, "@", domain, NULL);
}

char *
_mlg_address_normalise (const char *addr)
{
    g_autofree char *s = NULL;
    g_autofree char *lower = NULL;
    const char *open, *close;
    char *at;
    size_t len;

    if (addr == NULL || !g_utf8_validate (addr, -1, NULL))
        return NULL;
    /* Even before trimming, a value this long is not worth looking at. */
    if (strlen (addr) > 4 * MAX_ADDRESS_LENGTH)
        return NULL;
    s = g_strstrip (g_strdup (addr));

    /* `Name <addr>` or `<addr>`: the address is inside the last pair of
     * angle brackets. */
    close = strrchr (s, '>');
    open = close != NULL ? g_strrstr_len (s, close - s, "<") : NULL;
    if (open != NULL) {
        char *inner = g_strndup (open + 1, (gsize) (close - open - 1));
        g_free (s);
        s = g_strstrip (inner);
    }
    strip_quote_pairs (s);
    if (g_ascii_strncasecmp (s, "mailto:", 7) == 0)
        memmove (s, s + 7, strlen (s + 7) + 1);
    g_strstrip (s);

    if (strchr (s, '@') == NULL) {
        char *undone = undo_pipermail (s);
        if (undone == NULL)
            return NULL;
        g_free (s);
        s = undone;
    }

    /* IETF DMARC rewriting: `jane=40example.com@dmarc.ietf.org`. */
    at = strrchr (s, '@');
    if (g_ascii_strcasecmp (at + 1, "dmarc.ietf.org") == 0) {
        g_autofree char *local = g_strndup (s, (gsize) (at - s));
        if (strstr (local, "=40") != NULL) {
            decode_equals_escapes (local);
            g_free (s);
            s = g_steal_pointer (&local);
        }
    }

    /* Exactly one `@`, a plausible local part and domain. */
    at = strchr (s, '@');
    if (at == NULL || strchr (at + 1, '@') != NULL)
        return NULL;
    len = strlen (s);
    /* A fully qualified domain may carry the root's trailing dot. */
    if (len > 0 && s[len - 1] == '.')
        s[--len] = '\0';
    if (len > MAX_ADDRESS_LENGTH || !g_utf8_validate (s, -1, NULL))
        return NULL;
    *at = '\0';
    if (!valid_local_part (s) || !valid_domain (at + 1))
        return NULL;
    *at = '@';

    /* Local parts are case-sensitive in theory and never in practice;
     * lower-casing ASCII only keeps internationalised parts intact. */
    lower = g_ascii_strdown (s, -1);
    return g_steal_pointer (&lower);
}

/* ------------------------------------------------------------------ */
/* Display names                                                        */
/* ------------------------------------------------------------------ */

/* Returns: (transfer full) `s` with surrounding whitespace and quotes
 * removed and every run of inner whitespace (folding, tabs, no-break
 * spaces) turned into one space. */
static char *
tidy_name (const char *s)
{
    GString *out = g_string_sized_new (strlen (s));
    bool pending_space = false;

    for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p)) {
        gunichar c = g_utf8_get_char (p);
        if (g_unichar_isspace (c) || c == 0x00A0 || g_unichar_iscntrl (c)) {
            pending_space = out->len > 0;
            continue;
        }
        if (pending_space)
            g_string_append_c (out, ' ');
        pending_space = false;
        g_string_append_unichar (out, c);
    }
    strip_quote_pairs (out->str);
    /* A lone quote left at either end by a broken header. */
    if (out->str[0] == '"')
        memmove (out->str, out->str + 1, strlen (out->str));
    {
        size_t len = strlen (out->str);
        if (len > 0 && out->str[len - 1] == '"')
            out->str[len - 1] = '\0';
    }
    g_strstrip (out->str);
    return g_string_free (out, FALSE);
}

/* A display name that is only an address (`jane@x.org`, `'jane@x.org'`,
 * `<jane@x.org>`, or pipermail's `jane at x.org`) tells nothing about
 * the person beyond the address itself. */
static bool
name_is_address (const char *name)
{
    g_auto (GStrv) words = g_strsplit (name, " ", -1);
    guint n = g_strv_length (words);
    g_autofree char *addr = NULL;

    if (n == 1)
        addr = _mlg_address_normalise (name);
    else if (n == 3 && strcmp (words[1], "at") == 0
             && strchr (words[2], '.') != NULL)
        addr = _mlg_address_normalise (name);
    return addr != NULL;
}

char *
_mlg_name_clean (const char *name, char **via_list)
{
    g_autofree char *s = NULL;
    const char *via, *list_start = NULL;
    gsize person_len = 0;

    if (via_list != NULL)
        *via_list = NULL;
    if (name == NULL || !g_utf8_validate (name, -1, NULL))
        return g_strdup ("");
    s = tidy_name (name);

    /* Mailman's DMARC mitigation writes `Jane Doe via Dispatch`, Google
     * Groups `'Jane Doe' via dispatch`; both use a lower-case `via`, so a
     * name that merely contains "Via" keeps it. The last ` via ` wins so
     * that a person called "X via Y" posting through a list is cut only
     * once. */
    via = g_strrstr (s, " via ");
    if (via != NULL) {
        person_len = (gsize) (via - s);
        list_start = via + 5;
    } else if (strncmp (s, "via ", 4) == 0) {
        /* `" via RT"`: a relay that knew no name at all. */
        person_len = 0;
        list_start = s + 4;
    }
    if (list_start != NULL) {
        g_autofree char *person = g_strndup (s, person_len);
        g_autofree char *list = tidy_name (list_start);
        if (*list != '\0') {
            g_free (s);
            s = tidy_name (person);
            if (via_list != NULL)
                *via_list = g_steal_pointer (&list);
        }
    }

    if (name_is_address (s))
        return g_strdup ("");
    return g_steal_pointer (&s);
}

/* ------------------------------------------------------------------ */
/* Organisations                                                        */
/* ------------------------------------------------------------------ */

/* Free-mail providers, by registrable domain: an address there says
 * nothing about its owner's employer, so they share one bucket rather
 * than making "gmail.com" look like the biggest organisation on every
 * list. Large consumer ISPs are in for the same reason. */
static const char *const freemail_domains[] = {
    "gmail.com", "googlemail.com",                         /* Google */
    "outlook.com", "msn.com", "passport.com",              /* Microsoft */
    "ymail.com", "rocketmail.com",                         /* Yahoo */
    "icloud.com", "me.com", "mac.com",                     /* Apple */
    "proton.me", "protonmail.com", "protonmail.ch", "pm.me",
    "web.de", "t-online.de", "freenet.de", "posteo.de", "mailbox.org",
    "mail.ru", "inbox.ru", "list.ru", "bk.ru", "rambler.ru", "ya.ru",
    "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "139.com",
    "sina.com", "sina.cn", "sohu.com", "aliyun.com",
    "naver.com", "hanmail.net", "daum.net",
    "aol.com", "aim.com", "verizon.net", "comcast.net", "att.net",
    "zoho.com", "zohomail.com", "tutanota.com", "tutanota.de", "tuta.io",
    "hey.com", "mail.com", "email.com", "usa.com", "gmx.com",
    "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr",
    "libero.it", "virgilio.it", "tiscali.it", "alice.it",
    "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "onet.pl",
    "rediffmail.com", "riseup.net", "disroot.org", "bigpond.com",
    "btinternet.com", "sky.com", "ntlworld.com", "shaw.ca", "rogers.com",
    "uol.com.br", "bol.com.br", "terra.com.br",
};

/* Providers that use their name under many country suffixes
 * (hotmail.fr, yahoo.co.jp, gmx.de, yandex.ru, live.co.uk,
 * fastmail.fm ...): matched on the first label of the registrable
 * domain. */
static const char *const freemail_brands[] = {
    "hotmail", "outlook", "live", "yahoo", "gmx", "yandex", "fastmail",
    "aol",
};

static bool
is_freemail (const char *registrable)
{
    const char *dot = strchr (registrable, '.');

    for (gsize i = 0; i < G_N_ELEMENTS (freemail_domains); i++)
        if (strcmp (registrable, freemail_domains[i]) == 0)
            return true;
    if (dot == NULL)
        return false;
    for (gsize i = 0; i < G_N_ELEMENTS (freemail_brands); i++)
        if (strlen (freemail_brands[i]) == (size_t) (dot - registrable)
            && strncmp (registrable, freemail_brands[i],
                        (size_t) (dot - registrable)) == 0)
            return true;
    return false;
}

/* Loads the public suffix list once per process. psl_latest() prefers
 * the newer of the distribution's file and the list built into libpsl;
 * psl_builtin() is the fallback when no file can be read. Either may be
 * NULL on a libpsl built without data, in which case organisations fall
 * back to the last two labels. The context is read-only afterwards, so
 * sharing it between threads is safe. */
static gpointer
load_psl (gpointer data)
{
    const psl_ctx_t *ctx;

    (void) data;
    ctx = psl_latest (NULL);
    if (ctx == NULL)
        ctx = psl_builtin ();
    return (gpointer) ctx;
}

static const psl_ctx_t *
get_psl (void)
{
    static GOnce once = G_ONCE_INIT;

    return g_once (&once, load_psl, NULL);
}

/* Returns: (transfer full) the last two labels of `domain`, for when no
 * public suffix list is available. */
static char *
last_two_labels (const char *domain)
{
    const char *last = strrchr (domain, '.');
    const char *p;

    if (last == NULL)
        return NULL;
    for (p = last; p > domain && p[-1] != '.'; p--)
        ;
    return g_strdup (p);
}

/* Shared hosting domains where each customer has its own subdomain but
 * which the public suffix list does not (yet) list: Microsoft 365 gives
 * every tenant `<tenant>.onmicrosoft.com`, and lumping all tenants into
 * one "onmicrosoft.com" organisation would merge unrelated companies. */
static const char *const tenant_suffixes[] = {
    "onmicrosoft.com",
};

/* Returns: true and sets *out (transfer full) to `<label>.<suffix>` when
 * `domain` is under one of tenant_suffixes. */
static bool
under_tenant_suffix (const char *domain, char **out)
{
    for (gsize i = 0; i < G_N_ELEMENTS (tenant_suffixes); i++) {
        const char *suffix = tenant_suffixes[i];
        size_t dlen = strlen (domain), slen = strlen (suffix);
        const char *start;

        if (dlen <= slen + 1 || strcmp (domain + dlen - slen, suffix) != 0
            || domain[dlen - slen - 1] != '.')
            continue;
        start = domain + dlen - slen - 1;
        while (start > domain && start[-1] != '.')
            start--;
        *out = g_strdup (start);
        return true;
    }
    return false;
}

char *
_mlg_address_organisation (const char *addr)
{
    const char *at;
    g_autofree char *domain = NULL;
    g_autofree char *registrable = NULL;
    const psl_ctx_t *psl;
    size_t len;

    if (addr == NULL || (at = strrchr (addr, '@')) == NULL
        || !g_utf8_validate (at, -1, NULL))
        return g_strdup ("");
    domain = g_utf8_strdown (at + 1, -1);
    len = strlen (domain);
    if (len > 0 && domain[len - 1] == '.')
        domain[len - 1] = '\0';
    /* An address literal or a bare IP names a machine, not an
     * organisation; a single label (`root@localhost`) names nothing. */
    if (*domain == '\0' || domain[0] == '[' || g_hostname_is_ip_address (domain)
        || strchr (domain, '.') == NULL)
        return g_strdup ("");

    psl = get_psl ();
    if (under_tenant_suffix (domain, &registrable)) {
        /* registrable is the tenant's domain. */
    } else if (psl != NULL) {
        const char *r = psl_registrable_domain (psl, domain);
        /* NULL when the domain is itself a public suffix (`github.io`):
         * the whole domain is then the best name there is. */
        registrable = g_strdup (r != NULL ? r : domain);
    } else {
        registrable = last_two_labels (domain);
    }
    if (registrable == NULL || *registrable == '\0')
        return g_strdup ("");
    if (is_freemail (registrable))
        return g_strdup ("freemail");
    return g_steal_pointer (&registrable);
}

/* ------------------------------------------------------------------ */
/* Automated senders and list rewrites                                  */
/* ------------------------------------------------------------------ */

/* Senders that are machines, as GLib glob patterns (`*` and `?` only;
 * `[` is literal) over the whole normalised address. Mail from these
 * never counts as a participant. */
static const char *const automated_patterns[] = {
    /* Replies go nowhere. */
    "noreply@*", "noreply-*@*", "noreply+*@*", "*-noreply@*", "*_noreply@*",
    "no-reply@*", "no-reply-*@*", "*-no-reply@*", "no_reply@*",
    "donotreply@*", "do-not-reply@*", "do_not_reply@*",
    /* Not users.noreply.github.com: those are people's private
     * commit addresses (bots there end in [bot], below). */
    "*@noreply.github.com", "*@reply.github.com",
    /* Delivery and list machinery: bounces (also VERP
     * `list-bounces+jane=example.com@host`), the admin robots of Mailman
     * (`-request`, `-owner`), Majordomo (`owner-`) and friends. */
    "mailer-daemon@*", "mailer_daemon@*", "postmaster@*", "mail-daemon@*",
    "*-bounces@*", "*-bounces+*@*", "bounces@*", "bounce@*", "bounce-*@*",
    "*-request@*", "*-owner@*", "owner-*@*",
    "mailman@*", "mailman-*@*", "majordomo@*", "listserv@*", "sympa@*",
    "nobody@*", "daemon@*", "bugzilla-daemon@*", "cron@*",
    /* IETF tools. internet-drafts@ sends the I-D Action announcements
     * (classified as drafts elsewhere, by subject); the datatracker and
     * the session-request tool send notifications; iesg-secretary@ and
     * agenda@ are role addresses of the Secretariat whose mail is
     * announcements (document actions, meeting agendas) rather than
     * participation, so they are machines for counting purposes even
     * when a person pressed the button. */
    "internet-drafts@ietf.org", "i-d-announce@ietf.org",
    "datatracker@ietf.org", "session-request@ietf.org",
    "iesg-secretary@ietf.org", "agenda@ietf.org", "noreply@ietf.org",
    "ietf-secretariat-reply@ietf.org", "drafts-lastcall@iana.org",
    "drafts-approval@iana.org", "trac+*@*", "*@trac.ietf.org",
    /* GitHub and other forges, CI and bots. */
    "notifications@github.com", "noreply@github.com",
    "*[bot]@*", "*-bot@*", "*+bot@*", "bot@*", "*-robot@*",
    "gitlab@*", "jenkins@*", "buildbot@*", "travis@*", "ci@*",
    /* Kernel-style patch tooling: patchwork's bot
     * (`patchwork-bot+netdevbpf@kernel.org`), the kernel test robot,
     * syzbot, KernelCI. */
    "patchwork@*", "patchwork-bot@*", "patchwork-bot+*@*", "lkp@intel.com",
    "syzbot@*", "syzbot+*@*", "*@syzkaller.appspotmail.com",
    "bot@kernelci.org", "kernelci@*",
};

/* Addresses that match an automated pattern but are people: LISTSERV's
 * DMARC mitigation sends as `<hash>-dmarc-request@LIST.HOST`, which the
 * `*-request@*` rule would otherwise take for the list robot. */
static const char *const person_patterns[] = {
    "*-dmarc-request@*",
};

/* A list of glob patterns, compiled on first use and kept for the life of
 * the process: g_pattern_match_simple() compiles its pattern on every
 * call, which made these checks a visible share of indexing time. */
typedef struct {
    const char *const *patterns;
    gsize n;
    gsize once;
    GPatternSpec **specs;
} PatternSet;

#define PATTERN_SET(array) {array, G_N_ELEMENTS (array), 0, NULL}

static PatternSet automated_set = PATTERN_SET (automated_patterns);
static PatternSet person_set = PATTERN_SET (person_patterns);

static bool
matches_any (PatternSet *set, const char *addr)
{
    gsize len = strlen (addr);

    if (g_once_init_enter (&set->once)) {
        GPatternSpec **specs = g_new (GPatternSpec *, set->n);
        for (gsize i = 0; i < set->n; i++)
            specs[i] = g_pattern_spec_new (set->patterns[i]);
        set->specs = specs;
        g_once_init_leave (&set->once, 1);
    }
    for (gsize i = 0; i < set->n; i++)
        if (g_pattern_spec_match (set->specs[i], len, addr, NULL))
            return true;
    return false;
}

bool
_mlg_address_is_automated (const char *addr)
{
    g_autofree char *lower = NULL;

    if (addr == NULL)
        return false;
    lower = g_ascii_strdown (addr, -1);
    if (matches_any (&person_set, lower))
        return false;
    return matches_any (&automated_set, lower);
}

/* Addresses that stand for somebody else when a display name says
 * `X via Y`: relays that rewrite From: for DMARC and encode the sender
 * out of reach (LISTSERV's hashed `-dmarc-request`, the kernel.org B4
 * web relay, IETF's dmarc host when `=40` could not be undone, Google
 * Groups). */
static const char *const rewrite_patterns[] = {
    "*-dmarc-request@*", "devnull+*@kernel.org", "*@dmarc.ietf.org",
    "*@googlegroups.com", "*@groups.io",
};

static PatternSet rewrite_set = PATTERN_SET (rewrite_patterns);

/* Hosts that carry mailing lists, so that any address on them used with
 * a `via` name is the list's own: the IETF family, whose lists live on
 * the organisation's domain (dispatch@ietf.org), and vger. */
static const char *const list_hosts[] = {
    "ietf.org", "irtf.org", "iab.org", "rfc-editor.org", "iana.org",
    "vger.kernel.org", "lists.linux.dev",
};

/* First labels that name a list server (lists.ozlabs.org,
 * lists.ettus.com, LIST.ETSI.ORG, ml.example.jp ...). */
static const char *const list_host_labels[] = {
    "lists", "list", "ml", "mailman", "listserv", "mail-lists", "groups",
};

/* Local-part endings of list names (usrp-users, foo-devel, bar-l). */
static const char *const list_name_suffixes[] = {
    "-users", "-user", "-devel", "-dev", "-discuss", "-discussion",
    "-announce", "-general", "-list", "-talk", "-help", "-l", "-wg",
};

bool
_mlg_address_is_dmarc_rewrite (const char *addr)
{
    g_autofree char *lower = NULL;
    g_autofree char *org = NULL;
    const char *at, *domain, *dot;
    g_autofree char *local = NULL;
    bool listy = false;

    if (addr == NULL || (at = strrchr (addr, '@')) == NULL)
        return false;
    lower = g_ascii_strdown (addr, -1);
    at = strrchr (lower, '@');
    domain = at + 1;
    local = g_strndup (lower, (gsize) (at - lower));

    if (matches_any (&rewrite_set, lower))
        return true;
    if (*local == '\0')
        return false;

    /* Only a list's address stands for somebody else. These checks are
     * cheap and rule out most senders, so they come before the costly
     * ones below (this runs for every message). */
    for (gsize i = 0; !listy && i < G_N_ELEMENTS (list_hosts); i++)
        listy = strcmp (domain, list_hosts[i]) == 0;
    dot = strchr (domain, '.');
    if (dot != NULL)
        for (gsize i = 0; !listy && i < G_N_ELEMENTS (list_host_labels);
             i++)
            listy = strlen (list_host_labels[i]) == (size_t) (dot - domain)
                    && strncmp (domain, list_host_labels[i],
                                (size_t) (dot - domain)) == 0;
    for (gsize i = 0; !listy && i < G_N_ELEMENTS (list_name_suffixes); i++)
        listy = g_str_has_suffix (local, list_name_suffixes[i]);
    if (!listy)
        return false;

    /* A person's own mailbox at a free-mail provider is never a list,
     * whatever the display name says ("Jane via Phone"). */
    org = _mlg_address_organisation (lower);
    if (strcmp (org, "freemail") == 0)
        return false;
    /* Machines are not lists' posting addresses either. */
    return !_mlg_address_is_automated (lower);
}

/* ------------------------------------------------------------------ */
/* Dates                                                                */
/* ------------------------------------------------------------------ */

/* GMime's parser takes RFC 5322 dates, their obsolete forms, named zones
 * (EST, PDT ...) and asctime, and rejects impossible ones (31 Feb, hour
 * 25). Two-digit years follow GMime: 00-69 are 20xx, 70-99 are 19xx;
 * RFC 5322 would put 50-69 in the 1900s, but both readings of those
 * years are absurd for mail and get repaired either way. */
bool
_mlg_date_parse_header (const char *value, gint64 *out)
{
    g_autoptr (GDateTime) dt = NULL;

    g_return_val_if_fail (out != NULL, false);
    if (value == NULL)
        return false;
    while (g_ascii_isspace (*value))
        value++;
    if (*value == '\0')
        return false;
    dt = g_mime_utils_header_decode_date (value);
    if (dt == NULL)
        return false;
    *out = g_date_time_to_unix (dt);
    return true;
}

/* The date of a Received: header is whatever follows its last `;`
 * (RFC 5321 section 4.4); the parts before it name hosts and ids that
 * may contain anything. */
bool
_mlg_date_from_received (const char *received, gint64 *out)
{
    const char *semi;

    g_return_val_if_fail (out != NULL, false);
    if (received == NULL || (semi = strrchr (received, ';')) == NULL)
        return false;
    return _mlg_date_parse_header (semi + 1, out);
}

static const char *const weekdays[] = {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

static const char *const month_names[] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
};

static bool
word_is (const char *word, gsize len, const char *const *table, gsize n)
{
    if (len == 4 && word[3] == ',')
        len = 3;
    if (len != 3)
        return false;
    for (gsize i = 0; i < n; i++)
        if (g_ascii_strncasecmp (word, table[i], 3) == 0)
            return true;
    return false;
}

static bool
word_is_day_number (const char *word, gsize len)
{
    if (len == 3 && word[2] == ',')
        len = 2;
    return (len == 1 || len == 2) && g_ascii_isdigit (word[0])
           && (len == 1 || g_ascii_isdigit (word[1]));
}

/* The mbox separator is `From SENDER DATE`, where DATE is asctime
 * (`Thu Nov  1 11:19:12 2001`, sometimes with a zone before or after the
 * year) and SENDER may itself contain spaces (pipermail's
 * `jane at example.com`). The date starts at the first weekday word
 * followed by a month or a day number, or failing that at the first month
 * followed by a day number; requiring the second word keeps a sender
 * called "sun at sun.com" from being read as a date. GMime parses from
 * there. */
bool
_mlg_date_from_mbox_line (const char *from_line, gint64 *out)
{
    const char *p;
    const char *words[64];
    gsize lens[64];
    gsize n = 0;

    g_return_val_if_fail (out != NULL, false);
    if (from_line == NULL)
        return false;
    p = from_line;
    if (strncmp (p, "From ", 5) == 0)
        p += 5;

    while (*p != '\0' && n < G_N_ELEMENTS (words)) {
        while (*p != '\0' && g_ascii_isspace (*p))
            p++;
        if (*p == '\0')
            break;
        words[n] = p;
        while (*p != '\0' && !g_ascii_isspace (*p))
            p++;
        lens[n] = (gsize) (p - words[n]);
        n++;
    }

    for (int pass = 0; pass < 2; pass++) {
        for (gsize i = 0; i + 1 < n; i++) {
            bool start;
            if (pass == 0)
                start = word_is (words[i], lens[i], weekdays,
                                 G_N_ELEMENTS (weekdays))
                        && (word_is (words[i + 1], lens[i + 1], month_names,
                                     G_N_ELEMENTS (month_names))
                            || word_is_day_number (words[i + 1],
                                                   lens[i + 1]));
            else
                start = word_is (words[i], lens[i], month_names,
                                 G_N_ELEMENTS (month_names))
                        && word_is_day_number (words[i + 1], lens[i + 1]);
            if (start && _mlg_date_parse_header (words[i], out))
                return true;
        }
    }
    return false;
}

/* Pipermail names monthly archives `2022-November.txt` (or `.txt.gz`);
 * mirrors and Mailman 3 exports often use `2022-11.mbox[.gz]`, which is
 * accepted too. A year alone (`2022.mbox`) is not a month and gives
 * nothing: a date a year wide would mislead more than it helps. */
bool
_mlg_date_from_archive_name (const char *path, gint64 *out)
{
    g_autofree char *base = NULL;
    g_autoptr (GDateTime) dt = NULL;
    const char *p, *end;
    int year, month = 0;

    g_return_val_if_fail (out != NULL, false);
    if (path == NULL || *path == '\0')
        return false;
    base = g_path_get_basename (path);
    p = base;
    for (int i = 0; i < 4; i++)
        if (!g_ascii_isdigit (p[i]))
            return false;
    if (p[4] != '-')
        return false;
    year = (int) g_ascii_strtoll (p, NULL, 10);
    p += 5;
    end = p;
    while (*end != '\0' && *end != '.')
        end++;

    if (end - p == 2 && g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1])) {
        month = (p[0] - '0') * 10 + (p[1] - '0');
    } else {
        for (gsize i = 0; i < G_N_ELEMENTS (month_names); i++)
            if ((size_t) (end - p) == strlen (month_names[i])
                && g_ascii_strncasecmp (p, month_names[i],
                                        (gsize) (end - p)) == 0)
                month = (int) i + 1;
    }
    if (month < 1 || month > 12 || year < 1)
        return false;
    dt = g_date_time_new_utc (year, month, 1, 0, 0, 0);
    if (dt == NULL)
        return false;
    *out = g_date_time_to_unix (dt);
    return true;
}

/* 1980-01-01T00:00:00Z: no list archive we read predates it, while
 * broken clients produce 1970 (a zero time_t) and 1904 (Mac epochs). */
#define FIRST_SANE_DATE G_GINT64_CONSTANT (315532800)

bool
_mlg_date_is_absurd (gint64 t, gint64 now)
{
    /* A day of slack for clocks a little ahead and for zones. */
    return t < FIRST_SANE_DATE || t > now + 24 * 60 * 60;
}
