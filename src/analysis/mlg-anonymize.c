/* mlg-anonymize.c - `--anonymize`: the analysed records are rewritten with
 * stable pseudonyms at the end of a run, so that every writer (CSV, JSON,
 * HTML, show, check) is anonymous without knowing it, and none can leak a
 * name it never sees. The original facts are saved and put back before the
 * next run, since identity, aliases and the roster need real addresses.
 *
 * Pseudonyms are HMAC-SHA256 (salt, address): the same address gives the
 * same pseudonym in every run with the same salt; without the salt they
 * cannot be reversed by hashing candidate addresses. */
#include "mlg-analysis-private.h"

#include <string.h>

#include "mlg-analysis-resources.h"

#define PSEUDONYM_HEX 10
#define ID_HEX 20
#define ANON_DOMAIN "anonymized.invalid"

/* What a message looked like before the rewrite. */
typedef struct {
    MlgMessage *m;
    MlgMessage fields;
} Saved;

/* The replacement of a first name or surname that two people share:
 * which of them a text means is unknown. */
#define AMBIGUOUS_NAME "anon"

/* The state of one rewrite. */
typedef struct {
    MlgAnalysis *analysis;
    const char *salt;
    GHashTable *addr_pseudo;   /* real address -> pseudonymous address */
    GHashTable *terms;         /* casefolded name/address -> replacement */
    GHashTable *name_words;    /* casefolded first name or surname ->
                                * replacement, where it is capitalised */
    GHashTable *ids;           /* real id -> pseudonymous id */
    GHashTable *lists;         /* posting addresses of the known lists */
    GHashTable *vocabulary;    /* casefolded words the text uses in lower
                                * case (see collect_vocabulary()) */
    gsize max_term;            /* longest term, in bytes */
} Anon;

static char *
hmac_hex (const char *salt, const char *text)
{
    return g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                      (const guchar *) salt, strlen (salt),
                                      text, -1);
}

char *
mlg_anonymize_pseudonym (const char *salt, const char *address)
{
    g_autofree char *lower = NULL;
    g_autofree char *hex = NULL;

    g_return_val_if_fail (salt != NULL && address != NULL, NULL);
    lower = g_ascii_strdown (address, -1);
    hex = hmac_hex (salt, lower);
    hex[PSEUDONYM_HEX] = '\0';
    return g_strconcat ("anon-", hex, NULL);
}

void
mlg_analysis_set_anonymize (MlgAnalysis *analysis, const char *salt)
{
    g_return_if_fail (analysis != NULL);
    g_free (analysis->anonymize_salt);
    analysis->anonymize_salt = g_strdup (salt);
}

/* The posting addresses of every list a message of the analysis is on
 * (dispatch@ietf.org for dispatch.ietf.org), not only the message's own:
 * a post to one list often copies another indexed one. */
static void
collect_lists (Anon *anon)
{
    GPtrArray *messages = anon->analysis->messages;

    for (guint i = 0; i < messages->len; i++) {
        const MlgMessage *m = messages->pdata[i];

        for (const char **l = m->lists; *l != NULL; l++) {
            const char *dot = strchr (*l, '.');
            char *address;

            if (dot == NULL)
                continue;
            address = g_ascii_strdown (*l, -1);
            address[dot - *l] = '@';
            g_hash_table_add (anon->lists, address);
        }
    }
}

/* Returns: true when `address` is a mailing list's rather than a
 * person's: the posting address of a known list, or any address at a host
 * that serves only lists (vger.kernel.org, lists.*, Google and groups.io
 * groups). The list is kept short and sure: an address taken for a list
 * keeps its local part in the text. */
static bool
is_list_address (Anon *anon, const char *address)
{
    const char *at = strchr (address, '@');
    g_autofree char *lower = NULL;
    const char *domain;

    if (at == NULL)
        return false;
    lower = g_ascii_strdown (address, -1);
    if (g_hash_table_contains (anon->lists, lower))
        return true;
    domain = lower + (at - address) + 1;
    return strcmp (domain, "vger.kernel.org") == 0
           || g_str_has_prefix (domain, "lists.")
           || strcmp (domain, "googlegroups.com") == 0
           || strcmp (domain, "groups.io") == 0;
}

/* The commonest English words (common-words.txt, compiled in), casefolded
 * (they are lower-case ASCII). Loaded once, kept for the process. */
static GHashTable *
common_words (void)
{
    static gsize once = 0;
    static GHashTable *words = NULL;

    if (g_once_init_enter (&once)) {
        g_autoptr (GBytes) bytes = g_resource_lookup_data (
            mlg_analysis_get_resource (),
            "/org/mlgauge/analysis/common-words.txt",
            G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
        gsize size = 0;
        const char *data;
        g_auto (GStrv) lines = NULL;

        /* Built into the binary: a missing resource is a build defect. */
        g_assert (bytes != NULL);
        data = g_bytes_get_data (bytes, &size);
        lines = g_strsplit (data, "\n", -1);
        words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       NULL);
        for (char **l = lines; *l != NULL; l++)
            if (**l != '\0' && **l != '#')
                g_hash_table_add (words, g_strdup (*l));
        g_once_init_leave (&once, 1);
    }
    return words;
}

/* Splits `text` into its words (runs of letters), casefolded, into
 * `words`; with `lower_only`, only the words written in lower case.
 * Whitespace-separated chunks holding an address or a URL are skipped:
 * "carol" in carol@example.com is no use of "carol" as a word. */
static void
split_words (const char *text, bool lower_only, GHashTable *words)
{
    g_auto (GStrv) chunks = NULL;

    if (text == NULL)
        return;
    chunks = g_strsplit_set (text, " \t\r\n", -1);
    for (char **c = chunks; *c != NULL; c++) {
        const char *p = *c;

        if (strchr (*c, '@') != NULL || strstr (*c, "://") != NULL
            || !g_utf8_validate (*c, -1, NULL))
            continue;
        while (*p != '\0') {
            const char *start;
            bool lower = true;

            while (*p != '\0' && !g_unichar_isalpha (g_utf8_get_char (p)))
                p = g_utf8_next_char (p);
            start = p;
            while (*p != '\0' && g_unichar_isalpha (g_utf8_get_char (p))) {
                if (!g_unichar_islower (g_utf8_get_char (p)))
                    lower = false;
                p = g_utf8_next_char (p);
            }
            if (p > start && (lower || !lower_only))
                g_hash_table_add (words, g_utf8_casefold (start, p - start));
        }
    }
}

/* Counts the words that the list's text (subjects, stance quotes,
 * questions) uses in lower case, once per distinct text: a word written
 * so in two different texts is an ordinary word there, whatever else it
 * is (bpf, linux, grace in "grace period"), and a name is seldom written
 * in lower case. Replies repeat their thread's subject, so subjects count
 * once per normalised subject. */
static void
collect_vocabulary (Anon *anon)
{
    GPtrArray *messages = anon->analysis->messages;
    g_autoptr (GHashTable) seen =
        g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr (GHashTable) counts =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < messages->len; i++) {
        const MlgMessage *m = messages->pdata[i];
        const char *texts[][2] = {
            {m->subject_norm, m->subject},
            {m->stance_quote, m->stance_quote},
            {m->question, m->question},
        };

        for (guint k = 0; k < G_N_ELEMENTS (texts); k++) {
            g_autoptr (GHashTable) words = NULL;
            GHashTableIter iter;
            gpointer word;

            if (texts[k][0] == NULL || texts[k][1] == NULL
                || !g_hash_table_add (seen, (char *) texts[k][0]))
                continue;
            words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           NULL);
            split_words (texts[k][1], true, words);
            g_hash_table_iter_init (&iter, words);
            while (g_hash_table_iter_next (&iter, &word, NULL)) {
                guint n = GPOINTER_TO_UINT (
                    g_hash_table_lookup (counts, word));
                if (n == 1)
                    g_hash_table_add (anon->vocabulary, g_strdup (word));
                g_hash_table_insert (counts, g_strdup (word),
                                     GUINT_TO_POINTER (n + 1));
            }
        }
    }
}

/* Returns: true when the casefolded `word` names no one on its own: one
 * of the commonest English words, or a word the list's text uses. */
static bool
is_ordinary_word (Anon *anon, const char *word)
{
    return g_hash_table_contains (common_words (), word)
           || g_hash_table_contains (anon->vocabulary, word);
}

/* Returns: true when `term` (a local part, a one-word display name) is
 * worth scrubbing on its own: some word of it is not ordinary. info@,
 * linux@ or xdp-hints@ tell nothing about who wrote, and scrubbing them
 * would wreck every sentence that uses those words. */
static bool
is_distinctive (Anon *anon, const char *term)
{
    g_autoptr (GHashTable) words =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    GHashTableIter iter;
    gpointer word;

    split_words (term, false, words);
    g_hash_table_iter_init (&iter, words);
    while (g_hash_table_iter_next (&iter, &word, NULL))
        if (!is_ordinary_word (anon, word))
            return true;
    return false;
}

static const char *
intern (Anon *anon, const char *s)
{
    return _mlg_analysis_intern (anon->analysis, s);
}

/* Bytes that continue a word. '-' does, so that a surname that is also
 * someone's local part is left alone inside a draft name
 * (draft-smith-foo); bytes of non-ASCII characters do too. */
static bool
is_word (guchar c)
{
    return g_ascii_isalnum (c) || c >= 0x80 || c == '_' || c == '-';
}

/* Adds a term to scrub from text; the first owner of a term keeps it. */
static void
add_term (Anon *anon, const char *term, const char *replacement)
{
    g_autofree char *folded = NULL;
    const char *start = term;
    const char *end;

    if (term == NULL)
        return;
    /* Terms match whole words: trim what cannot start or end one. */
    while (*start != '\0' && !is_word (*start))
        start++;
    end = start + strlen (start);
    while (end > start && !is_word (end[-1]))
        end--;
    if (end - start < 2)
        return;
    folded = g_utf8_casefold (start, end - start);
    if (g_hash_table_contains (anon->terms, folded))
        return;
    anon->max_term = MAX (anon->max_term, (gsize) (end - start));
    g_hash_table_insert (anon->terms, g_steal_pointer (&folded),
                         (char *) replacement);
}

/* Returns: (transfer none) the pseudonymous address for `address`,
 * recorded as belonging to `pseudonym` (made from the address itself when
 * NULL). Role aliases come back unchanged. */
static const char *
map_address (Anon *anon, const char *address, const char *pseudonym,
             bool local_part)
{
    const char *mapped;
    g_autofree char *own = NULL;
    g_autofree char *full = NULL;

    /* Role aliases are no one's personal address: chairs and proponents
     * need to see that the chairs were asked. */
    if (address == NULL || *address == '\0' || mlg_is_role_alias (address))
        return address;
    mapped = g_hash_table_lookup (anon->addr_pseudo, address);
    if (mapped != NULL)
        return mapped;
    if (pseudonym == NULL)
        pseudonym = own = mlg_anonymize_pseudonym (anon->salt, address);
    full = g_strconcat (pseudonym, "@" ANON_DOMAIN, NULL);
    mapped = intern (anon, full);
    g_hash_table_insert (anon->addr_pseudo, (char *) address, (char *) mapped);
    g_hash_table_insert (anon->analysis->anon_real, (char *) mapped,
                         (char *) address);
    add_term (anon, address, mapped);
    /* A local part is often a name or a nickname, so it is scrubbed from
     * the text, unless it is a list's or an ordinary word. */
    if (local_part && !is_list_address (anon, address)) {
        g_autofree char *local = g_strdup (address);
        char *at = strchr (local, '@');

        if (at != NULL) {
            *at = '\0';
            if (is_distinctive (anon, local))
                add_term (anon, local, intern (anon, pseudonym));
            /* jane.smith@ is often Jane Smith, also where her display
             * name is unknown (a recipient). */
            if (strpbrk (local, "._") != NULL) {
                g_strdelimit (local, "._", ' ');
                if (is_distinctive (anon, local))
                    add_term (anon, local, intern (anon, pseudonym));
            }
        }
    }
    return mapped;
}

/* Adds a display name to scrub: whole (an address, or several words:
 * "Jane Smith"), or a one-word name only when it is distinctive. */
static void
add_name (Anon *anon, const char *name, const char *replacement)
{
    g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name
                                                                  : ""));

    if (strchr (trimmed, '@') != NULL || strpbrk (trimmed, " \t") != NULL
        || is_distinctive (anon, trimmed))
        add_term (anon, trimmed, replacement);
}

/* Name particles, which are parts of names but no one's name alone. */
static const char *const particles[] = {
    "von", "van", "der", "den", "del", "della", "dello", "des", "dos",
    "das", "ibn", "bin", "binti", "ter", "ten", "het",
};

/* Records the first names and surnames of a person's display name `name`
 * as belonging to `pseudonym`, or to no one in particular when another
 * person has the same one. Only a word that can name someone alone is
 * taken: at least three letters, no particle, not an ordinary word (Will,
 * Hope, Grace where the list writes "grace period"), and not inside
 * brackets (Jane Doe (Acme) names her employer) or after "via" (Jane Doe
 * via Dispatch names a list). */
static void
add_name_words (Anon *anon, GHashTable *candidates, const char *name,
                const char *pseudonym)
{
    g_autoptr (GString) plain = NULL;
    g_autoptr (GHashTable) words = NULL;
    GHashTableIter iter;
    gpointer word;
    int depth = 0;

    if (name == NULL || strchr (name, '@') != NULL)
        return;
    plain = g_string_new (NULL);
    for (const char *c = name; *c != '\0'; c++) {
        if (*c == '(' || *c == '[' || *c == '{' || *c == '<')
            depth++;
        else if ((*c == ')' || *c == ']' || *c == '}' || *c == '>')
                 && depth > 0)
            depth--;
        else if (depth == 0)
            g_string_append_c (plain, *c);
    }
    {
        char *via = strstr (plain->str, " via ");
        if (via != NULL)
            g_string_truncate (plain, via - plain->str);
    }
    words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    split_words (plain->str, false, words);
    /* One word alone is the whole name: add_name() had it. */
    if (g_hash_table_size (words) < 2)
        return;
    g_hash_table_iter_init (&iter, words);
    while (g_hash_table_iter_next (&iter, &word, NULL)) {
        const char *owner;
        bool particle = false;

        for (guint i = 0; i < G_N_ELEMENTS (particles); i++)
            particle = particle || strcmp (word, particles[i]) == 0;
        if (particle || g_utf8_strlen (word, -1) < 3
            || is_ordinary_word (anon, word))
            continue;
        owner = g_hash_table_lookup (candidates, word);
        if (owner == NULL)
            g_hash_table_insert (candidates, g_strdup (word),
                                 (char *) pseudonym);
        else if (strcmp (owner, pseudonym) != 0)
            g_hash_table_insert (candidates, g_strdup (word),
                                 (char *) AMBIGUOUS_NAME);
    }
}

static const char *
map_id (Anon *anon, const char *id)
{
    const char *mapped;
    g_autofree char *hex = NULL;
    g_autofree char *full = NULL;

    if (id == NULL)
        return NULL;
    mapped = g_hash_table_lookup (anon->ids, id);
    if (mapped != NULL)
        return mapped;
    hex = hmac_hex (anon->salt, id);
    hex[ID_HEX] = '\0';
    full = g_strconcat (hex, "@" ANON_DOMAIN, NULL);
    mapped = intern (anon, full);
    g_hash_table_insert (anon->ids, (char *) id, (char *) mapped);
    return mapped;
}

/* Returns: (transfer none) `text` with every known name, address and
 * local part (whole words, any case) replaced by its pseudonym, and every
 * known first name or surname alone too, where it is capitalised when
 * the text is `cased` (in a lower-cased text, wherever it stands). */
static const char *
scrub (Anon *anon, const char *text, bool cased)
{
    g_autoptr (GString) out = NULL;
    size_t n;

    if (text == NULL || *text == '\0')
        return text;
    out = g_string_sized_new (strlen (text));
    n = strlen (text);
    for (size_t i = 0; i < n;) {
        const char *replacement = NULL;
        size_t best = 0;

        if (i == 0 || !is_word (text[i - 1])) {
            bool capital = !cased
                           || g_unichar_isupper (g_utf8_get_char_validated (
                               text + i, n - i));

            /* Try every word end within reach; the longest term wins. */
            for (size_t j = i + 1; j <= n && j - i <= anon->max_term; j++) {
                const char *r;
                g_autofree char *key = NULL;

                if (!is_word (text[j - 1]) || (j < n && is_word (text[j])))
                    continue;
                key = g_utf8_casefold (text + i, j - i);
                if ((r = g_hash_table_lookup (anon->terms, key)) != NULL
                    || (capital
                        && (r = g_hash_table_lookup (anon->name_words, key))
                               != NULL)) {
                    replacement = r;
                    best = j;
                }
            }
        }
        if (replacement != NULL) {
            g_string_append (out, replacement);
            i = best;
        } else {
            g_string_append_c (out, text[i]);
            i++;
        }
    }
    return intern (anon, out->str);
}

static const char **
map_recipients (Anon *anon, const char **recipients)
{
    guint n = recipients != NULL ? g_strv_length ((char **) recipients) : 0;
    const char **v = g_new0 (const char *, n + 1);

    for (guint i = 0; i < n; i++)
        v[i] = map_address (anon, recipients[i], NULL, false);
    return v;
}

static const char **
map_ids (Anon *anon, const char **ids)
{
    guint n = ids != NULL ? g_strv_length ((char **) ids) : 0;
    const char **v = g_new0 (const char *, n + 1);

    for (guint i = 0; i < n; i++)
        v[i] = map_id (anon, ids[i]);
    return v;
}

static int
compare_thread_ids (gconstpointer a, gconstpointer b)
{
    return strcmp ((*(MlgThread *const *) a)->id,
                   (*(MlgThread *const *) b)->id);
}

static int
compare_people (gconstpointer a, gconstpointer b)
{
    const MlgPerson *p = *(MlgPerson *const *) a;
    const MlgPerson *q = *(MlgPerson *const *) b;
    int c = strcmp (p->name, q->name);

    return c != 0 ? c : strcmp (p->address, q->address);
}

/* Collects pseudonyms and terms: people first (their pseudonym comes from
 * their primary address and covers all their addresses, names and local
 * parts), then every other sender and recipient and the Message-IDs, in
 * a fixed order so that a term shared by two people always goes to the
 * same one. */
static void
collect (Anon *anon)
{
    MlgAnalysis *analysis = anon->analysis;
    g_autoptr (GHashTable) name_words =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    GHashTableIter iter;
    gpointer word, replacement;

    for (guint i = 0; i < analysis->persons->len; i++) {
        MlgPerson *p = analysis->persons->pdata[i];
        g_autofree char *pseudonym =
            mlg_anonymize_pseudonym (anon->salt, p->address);
        const char *name = intern (anon, pseudonym);

        map_address (anon, p->address, pseudonym, true);
        for (guint k = 0; k < p->addresses->len; k++)
            map_address (anon, p->addresses->pdata[k], pseudonym, true);
        add_name (anon, p->name, name);
        add_name_words (anon, name_words, p->name, name);
    }
    for (guint i = 0; i < analysis->messages->len; i++) {
        MlgMessage *m = analysis->messages->pdata[i];
        const char *mapped = map_address (anon, m->from_addr, NULL, false);

        if (m->person != NULL) {
            g_autofree char *pseudonym =
                mlg_anonymize_pseudonym (anon->salt, m->person->address);
            const char *name = intern (anon, pseudonym);

            add_name (anon, m->from_name, name);
            add_name_words (anon, name_words, m->from_name, name);
        } else if (mapped != NULL && mapped != m->from_addr) {
            g_autofree char *local = g_strdup (mapped);
            *strchr (local, '@') = '\0';
            add_name (anon, m->from_name, intern (anon, local));
        }
        /* Recipients' names are not in the facts, but their local parts
         * often are names. */
        for (const char **r = m->recipients; r != NULL && *r != NULL; r++)
            map_address (anon, *r, NULL, true);
        /* Ids show up in text too (permalinks, Archived-At). */
        add_term (anon, m->id, map_id (anon, m->id));
    }
    /* First names and surnames alone come last: a whole name, an address
     * or a local part that is the same word keeps its owner. */
    g_hash_table_iter_init (&iter, name_words);
    while (g_hash_table_iter_next (&iter, &word, &replacement)) {
        if (g_hash_table_contains (anon->terms, word))
            continue;
        anon->max_term = MAX (anon->max_term, strlen (word));
        g_hash_table_insert (anon->name_words, g_strdup (word), replacement);
    }
}

static void
rewrite_message (Anon *anon, MlgMessage *m)
{
    MlgAnalysis *analysis = anon->analysis;
    Saved *saved = g_new (Saved, 1);
    const char *from = m->from_addr;

    saved->m = m;
    saved->fields = *m;
    g_ptr_array_add (analysis->anon_saved, saved);

    m->id = map_id (anon, m->id);
    if (!g_hash_table_contains (analysis->by_id, m->id)) {
        g_hash_table_insert (analysis->by_id, (char *) m->id, m);
        g_ptr_array_add (analysis->anon_ids, (char *) m->id);
    }
    m->in_reply_to = map_id (anon, m->in_reply_to);
    m->references = map_ids (anon, m->references);
    m->recipients = map_recipients (anon, m->recipients);
    m->from_addr = map_address (anon, from, NULL, false);
    if (m->person != NULL) {
        m->from_name = m->person->name;
    } else if (m->from_name != NULL && *m->from_name != '\0') {
        g_autofree char *local = g_strdup (m->from_addr);
        char *at = strchr (local, '@');
        if (at != NULL && m->from_addr != from)
            *at = '\0';
        m->from_name = intern (anon, local);
    }
    m->subject = scrub (anon, m->subject, true);
    m->subject_norm = scrub (anon, m->subject_norm, false);
    m->stance_quote = scrub (anon, m->stance_quote, true);
    m->question = scrub (anon, m->question, true);
    m->permalink = scrub (anon, m->permalink, true);
    m->pointers = g_memdup2 (m->pointers,
                             (m->n_pointers + 1) * sizeof *m->pointers);
    for (guint i = 0; i < m->n_pointers; i++)
        if (m->pointers[i].kind != MLG_POINTER_DRAFT
            && m->pointers[i].kind != MLG_POINTER_RFC)
            m->pointers[i].value = scrub (anon, m->pointers[i].value, true);
}

void
_mlg_anonymize_apply (MlgAnalysis *analysis)
{
    Anon anon = { 0 };

    if (analysis->anonymize_salt == NULL)
        return;
    anon.analysis = analysis;
    anon.salt = analysis->anonymize_salt;
    anon.addr_pseudo = g_hash_table_new (g_str_hash, g_str_equal);
    anon.terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    anon.name_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             NULL);
    anon.ids = g_hash_table_new (g_str_hash, g_str_equal);
    anon.lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        NULL);
    anon.vocabulary = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             NULL);
    analysis->anon_saved = g_ptr_array_new_with_free_func (g_free);
    analysis->anon_real = g_hash_table_new (g_str_hash, g_str_equal);
    analysis->anon_ids = g_ptr_array_new ();

    collect_lists (&anon);
    collect_vocabulary (&anon);
    collect (&anon);
    /* People: names become pseudonyms, after their terms were collected
     * (message names are rewritten from them). */
    for (guint i = 0; i < analysis->persons->len; i++) {
        MlgPerson *p = analysis->persons->pdata[i];
        const char *address = g_hash_table_lookup (anon.addr_pseudo,
                                                   p->address);
        g_autofree char *local = g_strdup (address);

        *strchr (local, '@') = '\0';
        p->name = intern (&anon, local);
        p->address = address;
        g_ptr_array_set_size (p->addresses, 0);
        g_ptr_array_add (p->addresses, (char *) address);
    }
    for (guint i = 0; i < analysis->messages->len; i++)
        rewrite_message (&anon, analysis->messages->pdata[i]);
    for (guint i = 0; i < analysis->threads->len; i++) {
        MlgThread *t = analysis->threads->pdata[i];
        t->id = map_id (&anon, t->id);
    }
    /* Sorted by the new ids: the order of the real ones would leak. */
    g_ptr_array_sort (analysis->threads, compare_thread_ids);
    for (guint i = 0; i < analysis->proposals->len; i++) {
        MlgProposal *p = analysis->proposals->pdata[i];
        /* Draft names and config names stay; subjects are mail text. */
        if (p->kind != MLG_PROPOSAL_DRAFT && p->draft == NULL)
            p->name = scrub (&anon, p->name, false);
        g_ptr_array_sort (p->proponents, compare_people);
    }
    g_hash_table_unref (anon.addr_pseudo);
    g_hash_table_unref (anon.terms);
    g_hash_table_unref (anon.name_words);
    g_hash_table_unref (anon.ids);
    g_hash_table_unref (anon.lists);
    g_hash_table_unref (anon.vocabulary);
}

void
_mlg_anonymize_restore (MlgAnalysis *analysis)
{
    if (analysis->anon_saved == NULL)
        return;
    for (guint i = 0; i < analysis->anon_ids->len; i++)
        g_hash_table_remove (analysis->by_id, analysis->anon_ids->pdata[i]);
    for (guint i = 0; i < analysis->anon_saved->len; i++) {
        Saved *saved = analysis->anon_saved->pdata[i];
        MlgMessage *m = saved->m;

        /* The rewrite's own arrays; the originals come back. */
        g_free (m->recipients);
        g_free (m->references);
        g_free (m->pointers);
        m->id = saved->fields.id;
        m->in_reply_to = saved->fields.in_reply_to;
        m->references = saved->fields.references;
        m->recipients = saved->fields.recipients;
        m->from_addr = saved->fields.from_addr;
        m->from_name = saved->fields.from_name;
        m->subject = saved->fields.subject;
        m->subject_norm = saved->fields.subject_norm;
        m->stance_quote = saved->fields.stance_quote;
        m->question = saved->fields.question;
        m->permalink = saved->fields.permalink;
        m->pointers = saved->fields.pointers;
    }
    g_clear_pointer (&analysis->anon_saved, g_ptr_array_unref);
    g_clear_pointer (&analysis->anon_real, g_hash_table_unref);
    g_clear_pointer (&analysis->anon_ids, g_ptr_array_unref);
}

const char *
_mlg_anonymize_real_address (MlgAnalysis *analysis, const char *address)
{
    const char *real;

    if (analysis->anon_real == NULL || address == NULL)
        return address;
    real = g_hash_table_lookup (analysis->anon_real, address);
    return real != NULL ? real : address;
}
