/* mlg-facts.c - the message-facts record, the names of its enums, and the
 * rules every layer reads facts by: how an instant is written, and which
 * subject prefixes make a reply. */
#include "mlg-indexer.h"
#include "mlg-facts-private.h"

#include <string.h>

G_DEFINE_QUARK (mlg-archive-error-quark, mlg_archive_error)
G_DEFINE_QUARK (mlg-store-error-quark, mlg_store_error)

MlgPointer *
mlg_pointer_new (MlgPointerKind kind, const char *value, int revision)
{
    MlgPointer *pointer = g_new0 (MlgPointer, 1);

    g_return_val_if_fail (value != NULL, NULL);
    pointer->kind = kind;
    pointer->value = g_strdup (value);
    pointer->revision = revision;
    return pointer;
}

void
mlg_pointer_free (MlgPointer *pointer)
{
    if (pointer == NULL)
        return;
    g_free (pointer->value);
    g_free (pointer);
}

MlgMessageFacts *
mlg_message_facts_new (void)
{
    MlgMessageFacts *facts = g_new0 (MlgMessageFacts, 1);

    facts->lists = g_ptr_array_new_with_free_func (g_free);
    facts->to = g_ptr_array_new_with_free_func (g_free);
    facts->cc = g_ptr_array_new_with_free_func (g_free);
    facts->references = g_ptr_array_new_with_free_func (g_free);
    facts->pointers =
        g_ptr_array_new_with_free_func ((GDestroyNotify) mlg_pointer_free);
    facts->date_source = MLG_DATE_UNKNOWN;
    facts->offset = -1;
    return facts;
}

void
mlg_message_facts_free (MlgMessageFacts *facts)
{
    if (facts == NULL)
        return;
    g_free (facts->id);
    g_ptr_array_unref (facts->lists);
    g_free (facts->source);
    g_free (facts->permalink);
    g_free (facts->from_addr);
    g_free (facts->from_name);
    g_free (facts->org);
    g_ptr_array_unref (facts->to);
    g_ptr_array_unref (facts->cc);
    g_free (facts->subject);
    g_free (facts->subject_norm);
    g_free (facts->in_reply_to);
    g_ptr_array_unref (facts->references);
    g_ptr_array_unref (facts->pointers);
    g_free (facts->stance_quote);
    g_free (facts->question);
    g_free (facts->new_text);
    g_free (facts->quoted_text);
    g_free (facts);
}

/* FNV-1a, 64 bits. GLib offers 32-bit string hashes and cryptographic
 * checksums; the latter cost far more a message than this, for a
 * fingerprint that needs no cryptographic strength. Strength
 * is not needed: the digest only tells copies of one message from other
 * messages under the same Message-ID, where 64 bits make an accidental
 * match negligible, and a text made to match on purpose gains nothing
 * (a copy judged the same only adds its list; the facts of the copy
 * stored first stay). */
guint64
mlg_text_digest (const char *text)
{
    guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);

    if (text == NULL)
        return 0;
    for (const guchar *p = (const guchar *) text; *p != '\0'; p++) {
        if (g_ascii_isspace (*p))
            continue;
        hash ^= *p;
        hash *= G_GUINT64_CONSTANT (0x100000001b3);
    }
    return hash != 0 ? hash : 1;
}

bool
mlg_message_facts_add_list (MlgMessageFacts *facts, const char *list)
{
    g_return_val_if_fail (facts != NULL && list != NULL, false);

    for (guint i = 0; i < facts->lists->len; i++)
        if (g_str_equal (g_ptr_array_index (facts->lists, i), list))
            return false;
    g_ptr_array_add (facts->lists, g_strdup (list));
    return true;
}

const char *
mlg_sender_kind_to_string (MlgSenderKind kind)
{
    switch (kind) {
    case MLG_KIND_PERSON:
        return "person";
    case MLG_KIND_AUTOMATED:
        return "automated";
    case MLG_KIND_DRAFT_ANNOUNCEMENT:
        return "draft-announcement";
    }
    return "unknown";
}

const char *
mlg_stance_to_string (MlgStance stance)
{
    switch (stance) {
    case MLG_STANCE_NONE:
        return "none";
    case MLG_STANCE_SUPPORT:
        return "support";
    case MLG_STANCE_OBJECTION:
        return "objection";
    }
    return "unknown";
}

const char *
mlg_stance_cue_to_string (MlgStanceCue cue)
{
    switch (cue) {
    case MLG_CUE_ANSWER:
        return "answer";
    case MLG_CUE_PROPOSAL:
        return "proposal";
    case MLG_CUE_HEDGE:
        return "hedge";
    }
    return "unknown";
}

const char *
mlg_date_source_to_string (MlgDateSource source)
{
    switch (source) {
    case MLG_DATE_FROM_HEADER:
        return "header";
    case MLG_DATE_FROM_RECEIVED:
        return "received";
    case MLG_DATE_FROM_MBOX_LINE:
        return "mbox-from-line";
    case MLG_DATE_FROM_ARCHIVE:
        return "archive-month";
    case MLG_DATE_UNKNOWN:
        return "unknown";
    }
    return "unknown";
}

const char *
mlg_problem_to_string (MlgProblem problem)
{
    switch (problem) {
    case MLG_PROBLEM_NO_MESSAGE_ID:
        return "no-message-id";
    case MLG_PROBLEM_BAD_MESSAGE_ID:
        return "repaired-message-id";
    case MLG_PROBLEM_BAD_DATE:
        return "bad-date";
    case MLG_PROBLEM_ABSURD_DATE:
        return "repaired-date";
    case MLG_PROBLEM_CHARSET:
        return "undecodable-charset";
    case MLG_PROBLEM_BROKEN_MIME:
        return "broken-mime";
    case MLG_PROBLEM_NO_SENDER:
        return "no-sender";
    case MLG_PROBLEM_NO_TEXT:
        return "no-text";
    case MLG_PROBLEM_OVERSIZED:
        return "oversized";
    case MLG_PROBLEM_CONFLICTING_ID:
        return "conflicting-message-id";
    }
    return "unknown";
}

const char *
mlg_checklist_item_to_string (MlgChecklistItem item)
{
    switch (item) {
    case MLG_CHECK_DRAFT:
        return "draft";
    case MLG_CHECK_PRIOR_DISCUSSION:
        return "prior-discussion";
    case MLG_CHECK_IMPLEMENTATION:
        return "implementation";
    case MLG_CHECK_BACKGROUND:
        return "background";
    case MLG_CHECK_WG_ENGAGEMENT:
        return "wg-engagement";
    case MLG_CHECK_WHO:
        return "who";
    case MLG_CHECK_NEXT_STEP:
        return "next-step";
    case MLG_CHECK_TIME:
        return "time";
    }
    return "unknown";
}

const char *
mlg_pointer_kind_to_string (MlgPointerKind kind)
{
    switch (kind) {
    case MLG_POINTER_DRAFT:
        return "draft";
    case MLG_POINTER_RFC:
        return "rfc";
    case MLG_POINTER_IMPL:
        return "impl";
    case MLG_POINTER_ARCHIVE:
        return "archive";
    case MLG_POINTER_SLIDES:
        return "slides";
    case MLG_POINTER_AUTHOR:
        return "author";
    }
    return "unknown";
}

char *
mlg_stance_phrases_to_string (const char *const *support,
                              const char *const *objection)
{
    GString *out = g_string_new (NULL);

    /* One line per phrase, in the order given: the text is compared as a
     * whole, so the same config always gives the same string. */
    for (guint i = 0; support != NULL && support[i] != NULL; i++)
        g_string_append_printf (out, "support: %s\n", support[i]);
    for (guint i = 0; objection != NULL && objection[i] != NULL; i++)
        g_string_append_printf (out, "objection: %s\n", objection[i]);
    return g_string_free (out, FALSE);
}

const char *
mlg_stance_rules_to_string (MlgStanceRules rules)
{
    switch (rules) {
    case MLG_STANCE_RULES_NONE:
        return "none";
    case MLG_STANCE_RULES_CURRENT:
        return "current";
    case MLG_STANCE_RULES_MIXED:
        return "mixed";
    case MLG_STANCE_RULES_OLDER:
        return "older";
    }
    return "unknown";
}

char *
mlg_format_time (gint64 t, MlgTimeFormat format)
{
    g_autoptr (GDateTime) dt = NULL;

    if (t == 0 || (dt = g_date_time_new_from_unix_utc (t)) == NULL)
        return NULL;
    switch (format) {
    case MLG_TIME_MINUTE:
        return g_date_time_format (dt, "%Y-%m-%d %H:%M");
    case MLG_TIME_DAY:
        return g_date_time_format (dt, "%Y-%m-%d");
    case MLG_TIME_ISO:
    default:
        return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
    }
}

/* ------------------------------------------------------------------ */
/* Subject prefixes                                                     */
/* ------------------------------------------------------------------ */

/* The one list of subject prefixes, in the languages mail clients use,
 * for the normaliser, mlg_subject_is_reply() and the analysis' reading of
 * subjects (all through mlg_subject_prefix_len()), so that what counts as
 * a reply and what is stripped from a subject never disagree. Compared
 * without case. Replies: Re, AW (Antwort), SV/VS (Nordic, Finnish), Antw
 * (Dutch), Odp (Polish), YNT (Turkish), R/RIF (Italian), Ref/Res
 * (Portuguese), ATB (Latvian), Vá (Hungarian), the Chinese 回复/答复. */
static const char *const reply_words[] = {
    "re", "aw", "sv", "vs", "antw", "odp", "ynt", "r", "rif", "ref", "res",
    "atb", "v\xc3\xa1", "\xe5\x9b\x9e\xe5\xa4\x8d",
    "\xe7\xad\x94\xe5\xa4\x8d", NULL,
};
/* Forwards: Fwd/Fw, WG (Weitergeleitet), TR (French), RV/ENC (Spanish,
 * Portuguese). */
static const char *const forward_words[] = {
    "fwd", "fw", "wg", "tr", "rv", "enc", NULL,
};

static void
add_prefix_words (GString *pattern, char *initials,
                  const char *const *words)
{
    for (guint i = 0; words[i] != NULL; i++) {
        g_autofree char *escaped = g_regex_escape_string (words[i], -1);
        char first = g_ascii_tolower (words[i][0]);

        if (pattern->str[pattern->len - 1] != '(')
            g_string_append_c (pattern, '|');
        g_string_append (pattern, escaped);
        if ((guchar) first < 0x80 && strchr (initials, first) == NULL)
            initials[strlen (initials)] = first;
    }
}

typedef struct {
    GRegex *regex;
    char initials[32]; /* lower-case first letters of the ASCII prefix
                          words, for a cheap refusal */
} PrefixPattern;

/* G_REGEX_OPTIMIZE is not used: it turns on PCRE2's JIT, which valgrind
 * reports as uninitialised reads; the pattern is anchored and short. */
static gpointer
compile_prefix_pattern (gpointer data)
{
    PrefixPattern *p = g_new0 (PrefixPattern, 1);
    GString *prefix;

    /* A prefix word from the lists above, with a count like "Re[2]:",
     * "Re(2):" or "Re^2:", and an ASCII or full-width colon. */
    prefix = g_string_new ("^\\s*(");
    add_prefix_words (prefix, p->initials, reply_words);
    add_prefix_words (prefix, p->initials, forward_words);
    g_string_append (prefix, ")\\s*(?:\\[[0-9]+\\]|\\([0-9]+\\)|\\^[0-9]+)?"
                             "\\s*(?::|\\x{FF1A})\\s*");
    p->regex = g_regex_new (prefix->str, G_REGEX_CASELESS, 0, NULL);
    g_string_free (prefix, TRUE);
    g_assert (p->regex != NULL);
    return p;
}

static const PrefixPattern *
prefix_pattern (void)
{
    static GOnce once = G_ONCE_INIT;

    return g_once (&once, compile_prefix_pattern, NULL);
}

/* Whether the prefix pattern can match at `s`: it needs a colon
 * somewhere, and after white space a first letter of one of its words.
 * A UTF-8 byte first leaves it to the pattern, whose \s knows Unicode
 * spaces and whose caseless "s" matches the long s. Most subjects fail
 * here, far more cheaply than in the pattern. */
static bool
may_start_with_prefix (const char *s)
{
    while (g_ascii_isspace (*s) || *s == '\v')
        s++;
    if ((guchar)*s < 0x80
        && strchr (prefix_pattern ()->initials, g_ascii_tolower (*s))
               == NULL)
        return false;
    return *s != '\0'
           && (strchr (s, ':') != NULL || strstr (s, "\xef\xbc\x9a") != NULL);
}

/* True when the prefix word `word` (as matched, any case) is a reply. */
static bool
is_reply_word (const char *word)
{
    g_autofree char *folded = g_utf8_casefold (word, -1);

    for (guint i = 0; reply_words[i] != NULL; i++)
        if (g_str_equal (folded, reply_words[i]))
            return true;
    return false;
}

size_t
mlg_subject_prefix_len (const char *s, bool *reply)
{
    g_autoptr (GMatchInfo) info = NULL;
    gint start, end;

    if (reply != NULL)
        *reply = false;
    if (s == NULL || !may_start_with_prefix (s)
        || !g_regex_match (prefix_pattern ()->regex, s, 0, &info))
        return 0;
    if (reply != NULL) {
        g_autofree char *word = g_match_info_fetch (info, 1);
        *reply = is_reply_word (word);
    }
    g_match_info_fetch_pos (info, 0, &start, &end);
    return (size_t) end;
}



bool
mlg_subject_is_reply (const char *subject)
{
    g_autofree char *valid = NULL;
    const char *s = subject;

    if (s == NULL)
        return false;
    if (!g_utf8_validate (s, -1, NULL))
        s = valid = g_utf8_make_valid (s, -1);
    for (;;) {
        const char *close;
        bool reply;

        while (g_ascii_isspace (*s))
            s++;
        if (*s != '[')
            /* The first prefix decides: "Fwd: Re: x" forwards a reply
             * into a new conversation, it does not answer one. */
            return mlg_subject_prefix_len (s, &reply) > 0 && reply;
        close = strchr (s, ']');
        if (close == NULL || close - s > MLG_SUBJECT_TAG_MAX)
            return false;
        s = close + 1;
    }
}
