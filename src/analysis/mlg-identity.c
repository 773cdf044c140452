/* mlg-identity.c - who is who. One person is the set of addresses joined
 * by normalisation (done at index time), by the config's aliases (applied
 * when facts are added) and, here, by display names; merges by name are
 * marked inferred. Automated senders are never people.
 *
 * A name merge is what a reader infers from the From: lines, and a reader
 * is careful about three things:
 * - variants of one name are one name: case, accents, "Doe, Jane", a
 *   trailing "(Company)", a middle initial (see _mlg_identity_name_key());
 * - a common name ("John Smith": every word among the commonest given
 *   names and surnames) is shared by different people: at two different
 *   organisations, with nothing else linking the addresses (the same
 *   local part, a domain that spells the name, one organisation under two
 *   suffixes), it stays two people;
 * - a name is easy to borrow: anyone can send `From: <a chair's name>
 *   <mallory@evil.example>`. So a name never joins a chair, an AD or
 *   anyone the config names (roster, aliases, proponents): their
 *   addresses are known, and whoever else uses their name is someone
 *   else.
 * Two more inferences, each needing the address to agree: one word that
 * is the same name at the same local part of one organisation under
 * another suffix ("NeilBrown" at neilb@suse.com and neilb@suse.de); and a
 * first name alone whose address starts with it ("shuah" at shuah@...)
 * when exactly one person of the list has that uncommon first name. */
#include "mlg-analysis-private.h"

#include <string.h>

/* Union-find over interned addresses. */
typedef struct {
    GHashTable *parent;   /* address -> address */
    GHashTable *inferred; /* root address -> present when name-merged */
} Sets;

static const char *
find (Sets *sets, const char *a)
{
    const char *p;

    while ((p = g_hash_table_lookup (sets->parent, a)) != a) {
        const char *pp = g_hash_table_lookup (sets->parent, p);
        g_hash_table_insert (sets->parent, (char *) a, (char *) pp);
        a = pp;
    }
    return a;
}

static void
unite (Sets *sets, const char *a, const char *b, bool inferred)
{
    const char *ra = find (sets, a);
    const char *rb = find (sets, b);
    bool was = g_hash_table_contains (sets->inferred, ra)
               || g_hash_table_contains (sets->inferred, rb);

    if (ra == rb)
        return;
    /* The smaller string becomes the root, so results do not depend on
     * the order messages came in. */
    if (strcmp (rb, ra) < 0) {
        const char *t = ra;
        ra = rb;
        rb = t;
    }
    g_hash_table_insert (sets->parent, (char *) rb, (char *) ra);
    g_hash_table_remove (sets->inferred, rb);
    if (was || inferred)
        g_hash_table_add (sets->inferred, (char *) ra);
}

/* ---------------------------------------------------------------- */
/* Names                                                              */
/* ---------------------------------------------------------------- */

/* Cuts a list rewriter's " via Dispatch" suffix and surrounding quotes. */
static char *
clean_name (const char *name)
{
    char *s = g_strdup (name);
    char *via;
    size_t n;

    g_strstrip (s);
    n = strlen (s);
    if (n >= 2 && ((s[0] == '"' && s[n - 1] == '"')
                   || (s[0] == '\'' && s[n - 1] == '\''))) {
        memmove (s, s + 1, n - 2);
        s[n - 2] = '\0';
    }
    via = strstr (s, " via ");
    if (via == NULL)
        via = strstr (s, " Via ");
    if (via != NULL)
        *via = '\0';
    return g_strstrip (s);
}

/* Words after a comma that are not a first name: "Smith, Jr." */
static const char *const name_suffixes[] = {
    "jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "inc", "ltd",
    "llc", "gmbh", "ag", "sa", "bv", NULL,
};

static bool
in_list (const char *word, const char *const *list)
{
    for (guint i = 0; list[i] != NULL; i++)
        if (g_str_equal (word, list[i]))
            return true;
    return false;
}

/* `s` folded: lower case, accents removed ("José" -> "jose"), so that a
 * name typed with and without them is one name. */
static char *
fold (const char *s)
{
    g_autofree char *valid = g_utf8_make_valid (s, -1);
    g_autofree char *decomposed =
        g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
    g_autofree char *folded = NULL;
    GString *out;

    if (decomposed == NULL)
        return g_strdup ("");
    folded = g_utf8_casefold (decomposed, -1);
    out = g_string_sized_new (strlen (folded));
    for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p)) {
        gunichar c = g_utf8_get_char (p);
        GUnicodeType type = g_unichar_type (c);

        if (type == G_UNICODE_NON_SPACING_MARK
            || type == G_UNICODE_SPACING_MARK
            || type == G_UNICODE_ENCLOSING_MARK)
            continue;
        g_string_append_unichar (out, c);
    }
    return g_string_free (out, FALSE);
}

/* The words of a display name, folded: quotes, "via ..." and a trailing
 * "(Company)" or "[Company]" dropped, "Last, First" turned round, dots
 * and commas gone. Returns: (transfer full) a NULL-terminated vector;
 * empty for an address used as a name. */
static char **
name_words (const char *name)
{
    g_autofree char *clean = NULL;
    g_autofree char *folded = NULL;
    g_auto (GStrv) halves = NULL;
    g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
    size_t n;

    if (name == NULL)
        return g_new0 (char *, 1);
    clean = clean_name (name);
    /* "Jane Doe (Acme)", "Jane Doe [Acme]": the organisation is not the
     * name. */
    n = strlen (clean);
    while (n > 0 && (clean[n - 1] == ')' || clean[n - 1] == ']')) {
        char open = clean[n - 1] == ')' ? '(' : '[';
        char *start = strrchr (clean, open);
        if (start == NULL || start == clean)
            break;
        *start = '\0';
        g_strchomp (clean);
        n = strlen (clean);
    }
    if (*clean == '\0' || strchr (clean, '@') != NULL)
        return g_new0 (char *, 1);
    folded = fold (clean);
    g_strdelimit (folded, ".\"", ' ');
    halves = g_strsplit (folded, ",", -1);
    if (g_strv_length (halves) == 2) {
        g_auto (GStrv) first = g_strsplit_set (halves[1], " \t", -1);
        guint n_first = 0;
        bool suffix = false;

        for (guint i = 0; first[i] != NULL; i++)
            if (*first[i] != '\0') {
                n_first++;
                suffix = suffix || in_list (first[i], name_suffixes);
            }
        /* "Doe, Jane": the first name comes first in the key. */
        if (n_first > 0 && n_first <= 3 && !suffix) {
            char *swapped = g_strconcat (halves[1], " ", halves[0], NULL);
            g_free (folded);
            folded = swapped;
        }
    }
    g_strdelimit (folded, ",", ' ');
    {
        g_auto (GStrv) parts = g_strsplit_set (folded, " \t", -1);
        for (guint i = 0; parts[i] != NULL; i++)
            if (*parts[i] != '\0')
                g_ptr_array_add (words, g_strdup (parts[i]));
    }
    g_ptr_array_add (words, NULL);
    return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

char *
_mlg_identity_name_key (const char *name)
{
    g_auto (GStrv) words = name_words (name);
    g_autoptr (GPtrArray) kept = g_ptr_array_new ();
    guint n = g_strv_length (words);

    /* Single words ("Bob", "admin") are shared by too many people. */
    if (n < 2)
        return NULL;
    /* Middle initials come and go ("Paul E. McKenney"). */
    for (guint i = 0; i < n; i++)
        if (i == 0 || i == n - 1 || g_utf8_strlen (words[i], -1) > 1)
            g_ptr_array_add (kept, words[i]);
    g_ptr_array_add (kept, NULL);
    return g_strjoinv (" ", (char **) kept->pdata);
}

/* The commonest given names and surnames, folded. A name made only of
 * these words ("John Smith", "Wei Zhang", "Maria Garcia") is borne by
 * many people, so sharing it says little about who someone is. The list
 * is what a reader knows about names, not about one mailing list. */
static const char *const common_given[] = {
    "john", "james", "robert", "michael", "william", "david", "richard",
    "joseph", "thomas", "charles", "christopher", "daniel", "matthew",
    "anthony", "mark", "donald", "steven", "paul", "andrew", "joshua",
    "kenneth", "kevin", "brian", "george", "edward", "ronald", "timothy",
    "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric",
    "jonathan", "stephen", "larry", "justin", "scott", "brandon",
    "benjamin", "samuel", "frank", "gregory", "raymond", "alexander",
    "patrick", "jack", "dennis", "jerry", "peter", "henry", "adam",
    "nathan", "peter", "carl", "arthur", "mary", "patricia", "jennifer",
    "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen",
    "nancy", "lisa", "betty", "margaret", "sandra", "ashley", "kimberly",
    "emily", "donna", "michelle", "dorothy", "carol", "amanda", "melissa",
    "deborah", "stephanie", "rebecca", "sharon", "laura", "cynthia",
    "kathleen", "amy", "angela", "anna", "ann", "anne", "emma", "olivia",
    "sophia", "julia", "maria", "marie", "jane", "joe", "jim", "bob",
    "bill", "mike", "dave", "dan", "tom", "chris", "steve", "tony",
    "matt", "nick", "alex", "sam", "ben", "jose", "juan", "luis",
    "carlos", "jorge", "pedro", "miguel", "antonio", "manuel", "francisco",
    "ana", "carmen", "laura", "sofia", "lucia", "pierre", "jean",
    "michel", "philippe", "alain", "nicolas", "hans", "peter", "klaus",
    "wolfgang", "jurgen", "stefan", "andreas", "thomas", "ali", "mohamed",
    "mohammed", "muhammad", "ahmed", "mohammad", "hassan", "hussein",
    "omar", "fatima", "wei", "jing", "li", "min", "lei", "jun", "yan",
    "hui", "ying", "ming", "hong", "xin", "yu", "hao", "jie", "tao",
    "yong", "bin", "ping", "fang", "ling", "qiang", "song", "jian",
    "raj", "rahul", "amit", "anil", "sunil", "vijay", "sanjay", "ravi",
    "priya", "sandeep", "ivan", "sergey", "alexey", "dmitry", "andrey",
    "vladimir", "olga", "elena", "natalia", "irina", "hiroshi", "takashi",
    "kenji", "yuki", "akira", "ji", "min-jun", "seo-yeon", "minh", "anh",
    "linh", "tuan", "nguyen", NULL,
};

static const char *const common_surnames[] = {
    "smith", "johnson", "williams", "brown", "jones", "garcia", "miller",
    "davis", "rodriguez", "martinez", "hernandez", "lopez", "gonzalez",
    "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin",
    "lee", "perez", "thompson", "white", "harris", "sanchez", "clark",
    "ramirez", "lewis", "robinson", "walker", "young", "allen", "king",
    "wright", "scott", "torres", "nguyen", "hill", "flores", "green",
    "adams", "nelson", "baker", "hall", "rivera", "campbell", "mitchell",
    "carter", "roberts", "gomez", "phillips", "evans", "turner", "diaz",
    "parker", "cruz", "edwards", "collins", "reyes", "stewart", "morris",
    "morales", "murphy", "cook", "rogers", "gutierrez", "ortiz", "morgan",
    "cooper", "peterson", "bailey", "reed", "kelly", "howard", "ramos",
    "kim", "cox", "ward", "richardson", "watson", "brooks", "chavez",
    "wood", "james", "bennett", "gray", "mendoza", "ruiz", "hughes",
    "price", "alvarez", "castillo", "sanders", "patel", "myers", "long",
    "ross", "foster", "jimenez", "wang", "li", "zhang", "liu",
    "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma",
    "zhu", "hu", "guo", "he", "lin", "luo", "gao", "zheng", "liang",
    "xie", "song", "tang", "han", "feng", "deng", "cao", "peng", "zeng",
    "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang", "yu", "du",
    "ye", "cheng", "wei", "su", "lu", "ding", "ren", "shen", "yao",
    "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "shin",
    "tran", "le", "pham", "hoang", "phan", "vu", "vo", "dang", "bui",
    "do", "ho", "ngo", "duong", "ly", "singh", "kumar", "sharma", "gupta",
    "shah", "khan", "ali", "ahmed", "hassan", "hussain", "mohamed",
    "ibrahim", "muller", "mueller", "schmidt", "schneider", "fischer",
    "weber", "meyer", "wagner", "becker", "schulz", "hoffmann", "rossi",
    "russo", "ferrari", "esposito", "bianchi", "romano", "silva",
    "santos", "oliveira", "souza", "pereira", "costa", "rodrigues",
    "ferreira", "almeida", "ivanov", "smirnov", "kuznetsov", "popov",
    "petrov", "novak", "nowak", "kowalski", "suzuki", "sato", "takahashi",
    "tanaka", "watanabe", "ito", "yamamoto", "nakamura", "kobayashi",
    "hansen", "jensen", "nielsen", "andersen", "larsen", "johansson",
    "andersson", "karlsson", "nilsson", "eriksson", "larsson", "olsen",
    "bernard", "dubois", "durand", "moreau", "laurent", "simon", "michel",
    "leroy", "roux", "david", "bertrand", "murray", "ford", "owens",
    "marshall", "gibson", "ellis", "graham", "wallace", "hamilton",
    "griffin", "west", "cole", "hayes", "bryant", "jordan", "reynolds",
    "fisher", "butler", "barnes", "henderson", "coleman", "simmons",
    "patterson", "perry", "powell", "russell", "sullivan", "bell",
    "kennedy", "wells", "webb", "black", "stone", "fox", "rose", "rice",
    "mills", "warren", "hunt", "palmer", "wood", "mason", "hunter", NULL,
};

/* True when every word of `key` is a common given name or surname. */
static bool
common_name (const char *key)
{
    g_auto (GStrv) words = g_strsplit (key, " ", -1);

    for (guint i = 0; words[i] != NULL; i++)
        if (!in_list (words[i], common_given)
            && !in_list (words[i], common_surnames))
            return false;
    return true;
}

bool
_mlg_identity_is_author (const MlgPerson *person, const char *author)
{
    g_auto (GStrv) a = name_words (author);
    g_auto (GStrv) p = name_words (person->name);
    guint na = g_strv_length (a);
    guint np = g_strv_length (p);

    if (na < 2 || np < 2 || !g_str_equal (a[na - 1], p[np - 1]))
        return false;
    /* "J. Smith" is Jane Smith; "Jane Smith" is not John Smith. */
    if (g_utf8_strlen (a[0], -1) == 1)
        return g_utf8_get_char (a[0]) == g_utf8_get_char (p[0]);
    return g_str_equal (a[0], p[0]);
}

void
_mlg_person_free (MlgPerson *person)
{
    if (person == NULL)
        return;
    g_ptr_array_unref (person->addresses);
    g_free (person);
}

/* ---------------------------------------------------------------- */
/* Addresses                                                          */
/* ---------------------------------------------------------------- */

/* What identity needs of one address, read once from its messages. */
typedef struct {
    const char *address;
    const char *org;        /* its most frequent organisation */
    guint messages;
    GHashTable *org_counts; /* organisation -> messages */
    GHashTable *name_counts; /* clean display name -> messages */
    GPtrArray *keys;        /* char *: name keys it was used with */
    GPtrArray *words;       /* char *: single-word names it was used with */
    bool protected_;        /* the config names it: no name merges */
} Addr;

static void
addr_free (gpointer data)
{
    Addr *a = data;

    g_hash_table_unref (a->org_counts);
    g_hash_table_unref (a->name_counts);
    g_ptr_array_unref (a->keys);
    g_ptr_array_unref (a->words);
    g_free (a);
}

/* The local part of an address without a "+tag". */
static char *
local_part (const char *address)
{
    const char *at = strchr (address, '@');
    char *local = g_strndup (address, at != NULL ? (gsize) (at - address)
                                                 : strlen (address));
    char *plus = strchr (local, '+');

    if (plus != NULL)
        *plus = '\0';
    return local;
}

/* The first label of an organisation ("suse" for suse.de), or NULL for
 * none and free mail. */
static char *
org_label (const char *org)
{
    const char *dot;

    if (org == NULL || *org == '\0' || g_str_equal (org, "freemail"))
        return NULL;
    dot = strchr (org, '.');
    return g_strndup (org, dot != NULL ? (gsize) (dot - org) : strlen (org));
}

static bool
organisational (const char *org)
{
    return org != NULL && *org != '\0' && !g_str_equal (org, "freemail");
}

/* True when the domain of `address` spells a word (4 letters or more) of
 * `key`: a personal domain (christian@brauner.io, laura@labbott.name). */
static bool
domain_names (const char *address, const char *key)
{
    const char *at = strchr (address, '@');
    g_auto (GStrv) words = g_strsplit (key, " ", -1);

    if (at == NULL)
        return false;
    for (guint i = 0; words[i] != NULL; i++)
        if (strlen (words[i]) >= 4 && strstr (at + 1, words[i]) != NULL)
            return true;
    return false;
}

/* True when the local part `local` is only the name of `key` spelt out
 * (john, smith, john.smith, jsmith, smithj, johns): two such addresses of
 * one common name say nothing more than the name does. */
static bool
name_derived (const char *local, const char *key)
{
    g_auto (GStrv) words = g_strsplit (key, " ", -1);
    guint n = g_strv_length (words);
    g_autoptr (GString) bare = g_string_new (NULL);
    const char *first, *last;
    char *forms[7];
    bool derived = false;

    for (const char *p = local; *p != '\0'; p++)
        if (g_ascii_isalnum (*p))
            g_string_append_c (bare, *p);
    if (n == 0)
        return false;
    first = words[0];
    last = words[n - 1];
    forms[0] = g_strdup (first);
    forms[1] = g_strdup (last);
    forms[2] = g_strconcat (first, last, NULL);
    forms[3] = g_strconcat (last, first, NULL);
    forms[4] = g_strdup_printf ("%c%s", first[0], last);
    forms[5] = g_strdup_printf ("%s%c", last, first[0]);
    forms[6] = g_strdup_printf ("%s%c", first, last[0]);
    for (guint i = 0; i < G_N_ELEMENTS (forms); i++) {
        derived = derived || g_str_equal (bare->str, forms[i]);
        g_free (forms[i]);
    }
    return derived;
}

/* True when something besides the name links two addresses: one
 * organisation under two suffixes, a domain that spells the name, or
 * the same local part when it is more than the name spelt out ("jk@" at
 * two companies; not "john.smith@"). */
static bool
linked (const Addr *a, const Addr *b, const char *key)
{
    g_autofree char *la = local_part (a->address);
    g_autofree char *lb = local_part (b->address);
    g_autofree char *oa = org_label (a->org);
    g_autofree char *ob = org_label (b->org);

    return (g_str_equal (la, lb) && !name_derived (la, key))
           || (oa != NULL && ob != NULL && g_str_equal (oa, ob))
           || domain_names (a->address, key) || domain_names (b->address, key);
}

/* True when `a` may be the same person as `b`, who shares the name `key`:
 * never for a common name at two organisations that nothing else links. */
static bool
compatible (const Addr *a, const Addr *b, const char *key)
{
    if (!common_name (key) || !organisational (a->org)
        || !organisational (b->org) || g_str_equal (a->org, b->org))
        return true;
    return linked (a, b, key);
}

static bool
compatible_with_all (const Addr *a, GPtrArray *group, const char *key)
{
    for (guint i = 0; i < group->len; i++)
        if (!compatible (a, group->pdata[i], key))
            return false;
    return true;
}

static int
compare_addrs (gconstpointer x, gconstpointer y)
{
    const Addr *a = *(const Addr *const *) x;
    const Addr *b = *(const Addr *const *) y;

    return strcmp (a->address, b->address);
}

static void
add_unique (GPtrArray *array, const char *s)
{
    if (!g_ptr_array_find_with_equal_func (array, s, g_str_equal, NULL))
        g_ptr_array_add (array, g_strdup (s));
}

/* Adds `n` to the count of `key`. */
static void
add_counts (GHashTable *counts, const char *key, guint n)
{
    gpointer had = g_hash_table_lookup (counts, key);

    g_hash_table_insert (counts, (char *) key,
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (had) + n));
}

/* Adds every count of `from` to `into`. */
static void
merge_counts (GHashTable *into, GHashTable *from)
{
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, from);
    while (g_hash_table_iter_next (&iter, &key, &value))
        add_counts (into, key, GPOINTER_TO_UINT (value));
}

static void
bump (GHashTable *counts, const char *key)
{
    gpointer n = g_hash_table_lookup (counts, key);

    g_hash_table_insert (counts, (char *) key,
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
}

/* The most frequent key of `counts` (string -> count), ties broken by the
 * smaller string; NULL when empty. */
static const char *
most_frequent (GHashTable *counts)
{
    GHashTableIter iter;
    gpointer key, value;
    const char *best = NULL;
    guint best_n = 0;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        guint n = GPOINTER_TO_UINT (value);
        if (n > best_n || (n == best_n && strcmp (key, best) < 0)) {
            best = key;
            best_n = n;
        }
    }
    return best;
}

/* What identity needs of a display name. A person's name repeats on all
 * their messages, so each distinct (interned) name is worked out once
 * rather than once per message, where it was a visible part of a report's
 * time. */
typedef struct {
    char *key;         /* _mlg_identity_name_key(), nullable */
    char *word;        /* the folded name when it is one word, nullable */
    const char *clean; /* clean_name(), interned */
} NameInfo;

static void
name_info_free (gpointer data)
{
    NameInfo *info = data;

    g_free (info->key);
    g_free (info->word);
    g_free (info);
}

static const NameInfo *
name_info (MlgAnalysis *analysis, GHashTable *names, const char *from_name)
{
    NameInfo *info = g_hash_table_lookup (names, from_name);

    if (info == NULL) {
        g_autofree char *clean = clean_name (from_name);
        g_auto (GStrv) words = name_words (from_name);

        info = g_new0 (NameInfo, 1);
        info->key = _mlg_identity_name_key (from_name);
        if (g_strv_length (words) == 1)
            info->word = g_strdup (words[0]);
        info->clean = _mlg_analysis_intern (analysis, clean);
        g_hash_table_insert (names, (char *) from_name, info);
    }
    return info;
}

/* Collects every person address with its organisations and names. */
static GHashTable *
collect_addresses (MlgAnalysis *analysis, GHashTable *names)
{
    GHashTable *addrs =
        g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, addr_free);

    for (guint i = 0; i < analysis->messages->len; i++) {
        MlgMessage *m = analysis->messages->pdata[i];
        const NameInfo *info;
        Addr *a;

        if (m->kind != MLG_KIND_PERSON || *m->from_addr == '\0')
            continue;
        a = g_hash_table_lookup (addrs, m->from_addr);
        if (a == NULL) {
            a = g_new0 (Addr, 1);
            a->address = m->from_addr;
            a->org_counts = g_hash_table_new (g_str_hash, g_str_equal);
            a->name_counts = g_hash_table_new (g_str_hash, g_str_equal);
            a->keys = g_ptr_array_new_with_free_func (g_free);
            a->words = g_ptr_array_new_with_free_func (g_free);
            a->protected_ =
                _mlg_config_names_person (analysis->config, m->from_addr);
            g_hash_table_insert (addrs, (char *) m->from_addr, a);
        }
        a->messages++;
        if (*m->org != '\0')
            bump (a->org_counts, m->org);
        if (*m->from_name == '\0')
            continue;
        info = name_info (analysis, names, m->from_name);
        if (*info->clean != '\0')
            bump (a->name_counts, info->clean);
        if (info->key != NULL)
            add_unique (a->keys, info->key);
        else if (info->word != NULL)
            add_unique (a->words, info->word);
    }
    return addrs;
}

/* Merges addresses by full names (see the top of this file). Each name
 * key has groups of addresses; an address joins the first group of its
 * name it is compatible with, else starts one. */
static void
merge_full_names (Sets *sets, GPtrArray *order, GHashTable *by_key)
{
    for (guint i = 0; i < order->len; i++) {
        Addr *a = order->pdata[i];

        if (a->protected_)
            continue;
        for (guint k = 0; k < a->keys->len; k++) {
            const char *key = a->keys->pdata[k];
            GPtrArray *groups = g_hash_table_lookup (by_key, key);
            GPtrArray *joined = NULL;

            if (groups == NULL) {
                groups = g_ptr_array_new_with_free_func (
                    (GDestroyNotify) g_ptr_array_unref);
                g_hash_table_insert (by_key, g_strdup (key), groups);
            }
            for (guint g = 0; g < groups->len && joined == NULL; g++) {
                GPtrArray *group = groups->pdata[g];
                if (g_ptr_array_find (group, a, NULL))
                    joined = group;
                else if (compatible_with_all (a, group, key)) {
                    unite (sets, a->address,
                           ((Addr *) group->pdata[0])->address, true);
                    g_ptr_array_add (group, a);
                    joined = group;
                }
            }
            if (joined == NULL) {
                joined = g_ptr_array_new ();
                g_ptr_array_add (joined, a);
                g_ptr_array_add (groups, joined);
            }
        }
    }
}

/* One-word names: the same word at the same local part of one
 * organisation ("NeilBrown" at neilb@suse.com and neilb@suse.de); and a
 * first name alone at an address that starts with it, when one person of
 * the list has that uncommon first name. */
static void
merge_single_words (Sets *sets, GPtrArray *order, GHashTable *by_key)
{
    g_autoptr (GHashTable) first_names =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    /* "word\nlocal part\norganisation label" -> address. */
    g_autoptr (GHashTable) handles =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    GHashTableIter iter;
    gpointer key, value;

    /* First name -> the one address group having it, or a marker when
     * more than one has it. */
    g_hash_table_iter_init (&iter, by_key);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        GPtrArray *groups = value;
        const char *space = strchr (key, ' ');
        g_autofree char *first = g_strndup (key, (gsize) (space - (char *) key));

        for (guint g = 0; g < groups->len; g++) {
            GPtrArray *group = groups->pdata[g];
            const char *root = find (sets, ((Addr *) group->pdata[0])->address);
            const char *seen = g_hash_table_lookup (first_names, first);

            if (seen == NULL)
                g_hash_table_insert (first_names, g_strdup (first),
                                     (gpointer) root);
            else if (seen != root)
                g_hash_table_insert (first_names, g_strdup (first), "");
        }
    }
    for (guint i = 0; i < order->len; i++) {
        Addr *a = order->pdata[i];
        g_autofree char *local = NULL;
        g_autofree char *label = NULL;

        if (a->protected_ || a->words->len == 0)
            continue;
        local = local_part (a->address);
        label = org_label (a->org);
        for (guint k = 0; k < a->words->len; k++) {
            const char *word = a->words->pdata[k];
            const char *root = g_hash_table_lookup (first_names, word);

            /* The same word at the same handle of the same organisation:
             * the first address seen so stands for them all. */
            if (label != NULL) {
                char *handle = g_strdup_printf ("%s\n%s\n%s", word, local,
                                                label);
                const char *seen = g_hash_table_lookup (handles, handle);
                if (seen == NULL)
                    g_hash_table_insert (handles, handle,
                                         (gpointer) a->address);
                else {
                    unite (sets, a->address, seen, true);
                    g_free (handle);
                }
            }
            if (root != NULL && *root != '\0' && strlen (word) >= 3
                && !in_list (word, common_given)
                && g_str_has_prefix (local, word))
                unite (sets, a->address, root, true);
        }
    }
}

static int
compare_persons (gconstpointer a, gconstpointer b)
{
    const MlgPerson *p = *(MlgPerson *const *) a;
    const MlgPerson *q = *(MlgPerson *const *) b;

    return strcmp (p->address, q->address);
}

void
_mlg_identity_build (MlgAnalysis *analysis)
{
    Sets sets;
    g_autoptr (GHashTable) names = g_hash_table_new_full (
        g_direct_hash, g_direct_equal, NULL, name_info_free);
    g_autoptr (GHashTable) addrs = NULL;
    g_autoptr (GPtrArray) order = g_ptr_array_new ();
    g_autoptr (GHashTable) by_key = g_hash_table_new_full (
        g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
    g_autoptr (GHashTable) building = g_hash_table_new_full (
        g_direct_hash, g_direct_equal, NULL, NULL);
    GHashTableIter iter;
    gpointer value;

    sets.parent = g_hash_table_new (g_direct_hash, g_direct_equal);
    sets.inferred = g_hash_table_new (g_direct_hash, g_direct_equal);

    addrs = collect_addresses (analysis, names);
    g_hash_table_iter_init (&iter, addrs);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
        Addr *a = value;
        a->org = most_frequent (a->org_counts);
        g_hash_table_insert (sets.parent, (char *) a->address,
                             (char *) a->address);
        g_ptr_array_add (order, a);
    }
    /* By address, so that the groups do not depend on message order. */
    g_ptr_array_sort (order, compare_addrs);
    if (analysis->config->name_merge) {
        merge_full_names (&sets, order, by_key);
        merge_single_words (&sets, order, by_key);
    }

    analysis->persons =
        g_ptr_array_new_with_free_func ((GDestroyNotify) _mlg_person_free);
    analysis->person_by_addr = g_hash_table_new (g_str_hash, g_str_equal);
    {
        /* Person -> counts over its addresses: addresses, names and
         * organisations by messages. */
        g_autoptr (GHashTable) addr_counts = g_hash_table_new_full (
            g_direct_hash, g_direct_equal, NULL,
            (GDestroyNotify) g_hash_table_unref);
        g_autoptr (GHashTable) name_counts = g_hash_table_new_full (
            g_direct_hash, g_direct_equal, NULL,
            (GDestroyNotify) g_hash_table_unref);
        g_autoptr (GHashTable) org_counts = g_hash_table_new_full (
            g_direct_hash, g_direct_equal, NULL,
            (GDestroyNotify) g_hash_table_unref);

        /* One person per set, from its addresses (in address order). */
        for (guint i = 0; i < order->len; i++) {
            Addr *a = order->pdata[i];
            const char *root = find (&sets, a->address);
            MlgPerson *p = g_hash_table_lookup (building, root);

            if (p == NULL) {
                p = g_new0 (MlgPerson, 1);
                p->addresses = g_ptr_array_new ();
                p->inferred = g_hash_table_contains (sets.inferred, root);
                g_hash_table_insert (building, (char *) root, p);
                g_hash_table_insert (addr_counts, p, g_hash_table_new (
                                                         g_str_hash,
                                                         g_str_equal));
                g_hash_table_insert (name_counts, p, g_hash_table_new (
                                                         g_str_hash,
                                                         g_str_equal));
                g_hash_table_insert (org_counts, p, g_hash_table_new (
                                                        g_str_hash,
                                                        g_str_equal));
                g_ptr_array_add (analysis->persons, p);
            }
            g_ptr_array_add (p->addresses, (char *) a->address);
            g_hash_table_insert (analysis->person_by_addr,
                                 (char *) a->address, p);
            add_counts (g_hash_table_lookup (addr_counts, p), a->address,
                        a->messages);
            merge_counts (g_hash_table_lookup (name_counts, p),
                          a->name_counts);
            merge_counts (g_hash_table_lookup (org_counts, p),
                          a->org_counts);
        }
        for (guint i = 0; i < analysis->messages->len; i++) {
            MlgMessage *m = analysis->messages->pdata[i];

            if (m->kind != MLG_KIND_PERSON || *m->from_addr == '\0')
                continue;
            m->person = g_hash_table_lookup (analysis->person_by_addr,
                                             m->from_addr);
        }
        for (guint i = 0; i < analysis->persons->len; i++) {
            MlgPerson *p = analysis->persons->pdata[i];
            const char *name =
                most_frequent (g_hash_table_lookup (name_counts, p));
            const char *org =
                most_frequent (g_hash_table_lookup (org_counts, p));

            p->address = most_frequent (g_hash_table_lookup (addr_counts, p));
            p->name = name != NULL ? name : p->address;
            p->org = org != NULL ? org : "";
            for (guint k = 0; k < p->addresses->len && !p->chair; k++)
                p->chair = mlg_config_is_chair (analysis->config,
                                                p->addresses->pdata[k], NULL)
                           || _mlg_dt_is_chair (analysis,
                                                p->addresses->pdata[k], NULL);
        }
    }
    g_ptr_array_sort (analysis->persons, compare_persons);
    g_hash_table_unref (sets.parent);
    g_hash_table_unref (sets.inferred);
}
