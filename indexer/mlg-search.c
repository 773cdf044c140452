/* mlg-search.c - the search query language and searching the store.
 *
 * Xapian's QueryParser is forgiving by design: on a syntax error it
 * quietly parses the text again as plain words, so `(from:jane` or
 * `vcon AND` would search for something the user did not mean, and an
 * unknown field (`frm:jane`) would become two words. People and scripts
 * are better served by being told. So the text first goes through a small
 * front end here that checks its structure and normalises the few things
 * QueryParser cannot express (a lone date, a quoted value of positionless
 * text, proposal names), and only then through QueryParser, whose
 * remaining complaints (a malformed date range) become INVALID too.
 *
 * What a filter value means (`list:dispatch`, `draft:draft-x-03`) is
 * decided in expand() below, called back by the shim while it parses.
 */
#include "mlg-store-private.h"

#include <string.h>

#define DATE_FIELD "date"
#define PROPOSAL_FIELD "proposal"

/* The query fields, and the terms they search (see the prefix table in
 * mlg-store-private.h). FILTER fields go through expand(). The field ""
 * is the default one, for words without a field: they search the new
 * text (unprefixed terms) and the subject (S terms), which the store
 * indexes only once. */
static const MlgXapianQueryField query_fields[] = {
    { "", "", MLG_XAPIAN_FIELD_FREE },
    { "", PREFIX_SUBJECT, MLG_XAPIAN_FIELD_FREE },
    { "id", PREFIX_ID, MLG_XAPIAN_FIELD_FILTER },
    { "list", PREFIX_LIST, MLG_XAPIAN_FIELD_FILTER },
    { "from", PREFIX_FROM, MLG_XAPIAN_FIELD_FILTER },
    { "to", PREFIX_TO, MLG_XAPIAN_FIELD_FILTER },
    { "draft", PREFIX_DRAFT, MLG_XAPIAN_FIELD_FILTER },
    { "rfc", PREFIX_RFC, MLG_XAPIAN_FIELD_FILTER },
    { "kind", PREFIX_KIND, MLG_XAPIAN_FIELD_FILTER },
    { PROPOSAL_FIELD, PREFIX_ID, MLG_XAPIAN_FIELD_FILTER },
    { "subject", PREFIX_SUBJECT, MLG_XAPIAN_FIELD_FREE },
    { "quoted", PREFIX_QUOTED, MLG_XAPIAN_FIELD_FREE },
};

/* Shown with every complaint about a field. */
#define KNOWN_FIELDS                                                      \
    "from: to: list: draft: subject: quoted: proposal: date: rfc: id: "   \
    "kind:"

struct _MlgSearchQuery {
    char *text;           /* normalised, for QueryParser */
    GPtrArray *proposals; /* char *, distinct, in order */
    GHashTable *resolved; /* proposal name -> GPtrArray of ids */
};

static gboolean
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
    va_list args;
    char *message;

    va_start (args, format);
    message = g_strdup_vprintf (format, args);
    va_end (args);
    g_set_error_literal (error, MLG_STORE_ERROR, MLG_ERROR_INVALID, message);
    g_free (message);
    return false;
}

/* ---- dates ---- */

/* Parses one end of a date range: YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD,
 * into the first second of that period, or its last when `end`. */
static bool
parse_date_bound (const char *text, bool end, gint64 *out)
{
    gsize len = strlen (text);
    int year = 0, month = 0, day = 0;
    g_autoptr (GDateTime) start = NULL;
    g_autoptr (GDateTime) next = NULL;

    for (gsize i = 0; i < len; i++)
        if (!g_ascii_isdigit (text[i])
            && !(text[i] == '-' && (i == 4 || i == 7)))
            return false;
    if (len == 4 || len == 7 || len == 10) {
        year = atoi (text);
        if (len >= 7 && text[4] != '-')
            return false;
        if (len >= 7)
            month = atoi (text + 5);
        if (len == 10 && text[7] != '-')
            return false;
        if (len == 10)
            day = atoi (text + 8);
    } else if (len == 8 && strchr (text, '-') == NULL) {
        char part[5] = { 0 };
        memcpy (part, text, 4);
        year = atoi (part);
        memset (part, 0, sizeof part);
        memcpy (part, text + 4, 2);
        month = atoi (part);
        day = atoi (text + 6);
    } else {
        return false;
    }
    if (year < 1 || year > 9998 || (len > 4 && (month < 1 || month > 12))
        || ((len == 8 || len == 10) && day < 1))
        return false;
    start = g_date_time_new_utc (year, month ? month : 1, day ? day : 1, 0,
                                 0, 0);
    if (start == NULL) /* 2024-02-30 */
        return false;
    if (!end) {
        *out = g_date_time_to_unix (start);
        return true;
    }
    next = day     ? g_date_time_add_days (start, 1)
           : month ? g_date_time_add_months (start, 1)
                   : g_date_time_add_years (start, 1);
    *out = g_date_time_to_unix (next) - 1;
    return true;
}

/* Checks a `date:` value and appends it to `out` as the range QueryParser
 * knows: `date:A..B`, with a lone date A meaning `A..A`. */
static bool
add_date (GString *out, const char *value, GError **error)
{
    const char *dots = strstr (value, "..");
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;
    gint64 a = G_MININT64, b = G_MAXINT64;

    if (dots != NULL) {
        from = g_strndup (value, dots - value);
        to = g_strdup (dots + 2);
    } else {
        from = g_strdup (value);
        to = g_strdup (value);
    }
    if (from[0] == '\0' && to[0] == '\0')
        return invalid (error, "'date:..' needs at least one date, e.g. "
                               "date:2024-01-01..2024-03-31");
    if ((from[0] != '\0' && !parse_date_bound (from, false, &a))
        || (to[0] != '\0' && !parse_date_bound (to, true, &b)))
        return invalid (error,
                        "'date:%s' is not a date range; dates are YYYY, "
                        "YYYY-MM or YYYY-MM-DD, e.g. "
                        "date:2024-01-01..2024-03-31 or date:2024-02..",
                        value);
    if (a > b)
        return invalid (error, "'date:%s' ends before it starts", value);
    g_string_append_printf (out, DATE_FIELD ":%s..%s", from, to);
    return true;
}

/* `year:`, `month:` and `day:` are `date:` for one period, written
 * YYYY, YYYY[-]MM and YYYY[-]MM[-]DD. They search the date value like
 * `date:`: the store writes no term per year, month and day, which
 * would be three more postings for every message, and older databases,
 * which have those terms, have the same value. */
static const char *const period_fields[] = { "year", "month", "day" };

static bool
is_period_field (const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS (period_fields); i++)
        if (g_str_equal (name, period_fields[i]))
            return true;
    return false;
}

/* Appends the `date:` range of period field `name` with `value`. */
static bool
add_period (GString *out, const char *name, const char *value,
            GError **error)
{
    static const gsize digits_of[] = { 4, 6, 8 }; /* year, month, day */
    static const char *const examples[] = { "year:2024", "month:2024-03",
                                            "day:2024-03-31" };
    g_autoptr (GString) digits = g_string_new (NULL);
    gsize which = name[0] == 'y' ? 0 : name[0] == 'm' ? 1 : 2;

    for (const char *c = value; *c != '\0'; c++)
        if (*c != '-')
            g_string_append_c (digits, *c);
    if (strspn (value, "0123456789-") != strlen (value)
        || digits->len != digits_of[which])
        return invalid (error, "'%s:%s' is not a %s, e.g. %s", name, value,
                        name, examples[which]);
    /* date: takes YYYY, YYYY-MM and YYYYMMDD. */
    if (which == 1)
        g_string_insert_c (digits, 4, '-');
    return add_date (out, digits->str, error);
}

/* ---- the front end ---- */

typedef enum {
    PREV_START,  /* nothing yet, or just after '(' */
    PREV_TERM,   /* a word, phrase, field or ')' */
    PREV_BINARY, /* AND, OR, XOR */
    PREV_NOT
} Prev;

static bool
is_field (const char *name)
{
    if (g_str_equal (name, DATE_FIELD) || is_period_field (name))
        return true;
    for (gsize i = 0; i < G_N_ELEMENTS (query_fields); i++)
        if (g_str_equal (name, query_fields[i].field))
            return true;
    return false;
}

static bool
is_word_end (char c)
{
    return c == '\0' || g_ascii_isspace (c) || c == '(' || c == ')'
           || c == '"';
}

/* Reads a "quoted" string starting at `*p` (on the opening quote) and
 * leaves `*p` after the closing one. QueryParser's own escape for a quote
 * inside is a doubled quote, kept as is. */
static char *
read_quoted (const char **p, GError **error)
{
    const char *start = *p + 1;
    const char *s = start;

    for (;;) {
        s = strchr (s, '"');
        if (s == NULL) {
            invalid (error, "a quote is not closed: %s (phrases are "
                            "\"in quotes\")",
                     *p);
            return NULL;
        }
        if (s[1] != '"')
            break;
        s += 2;
    }
    *p = s + 1;
    return g_strndup (start, s - start);
}

static void
add_proposal (MlgSearchQuery *query, const char *name)
{
    for (guint i = 0; i < query->proposals->len; i++)
        if (g_str_equal (query->proposals->pdata[i], name))
            return;
    g_ptr_array_add (query->proposals, g_strdup (name));
}

/* Appends `field:value` for a field given a quoted value. Quoted text has
 * no positions, so a phrase cannot match there: it means all its words. */
static void
add_quoted_value (GString *out, const char *field, const char *value)
{
    g_auto (GStrv) words = NULL;
    bool first = true;

    if (!g_str_equal (field, "quoted")) {
        g_string_append_printf (out, "%s:\"%s\"", field, value);
        return;
    }
    words = g_strsplit_set (value, " \t\r\n\"()", -1);
    g_string_append_c (out, '(');
    for (guint i = 0; words[i] != NULL; i++) {
        if (words[i][0] == '\0')
            continue;
        g_string_append_printf (out, "%squoted:%s", first ? "" : " ",
                                words[i]);
        first = false;
    }
    g_string_append_c (out, ')');
}

/* Handles a word `name:rest` at `*p` (already past the word); reads a
 * quoted value that follows `name:`. */
static bool
add_field (MlgSearchQuery *query, GString *out, const char *sign,
           const char *name, const char *rest, const char **p,
           GError **error)
{
    g_autofree char *value = NULL;
    bool quoted = false;

    if (rest[0] == '\0' && **p == '"') {
        value = read_quoted (p, error);
        if (value == NULL)
            return false;
        quoted = true;
    } else {
        value = g_strdup (rest);
    }
    if (value[0] == '\0' || (quoted && g_strstrip (value)[0] == '\0')) {
        if (**p == '(')
            return invalid (error, "'%s:(...)' is not supported; repeat "
                                   "the field, e.g. subject:vcon "
                                   "subject:charter",
                            name);
        return invalid (error, "'%s:' needs a value, e.g. %s", name,
                        g_str_equal (name, DATE_FIELD)
                            ? "date:2024-01-01..2024-03-31"
                        : g_str_equal (name, "from")
                            ? "from:jane@example.com"
                            : "list:dispatch");
    }
    if (g_str_equal (name, DATE_FIELD) || is_period_field (name)) {
        bool negate = sign[0] == '-';
        bool ok;

        if (quoted)
            return invalid (error, "'%s:' takes no quotes, e.g. %s", name,
                            g_str_equal (name, DATE_FIELD)
                                ? "date:2024-01-01..2024-03-31"
                                : "year:2024");
        /* QueryParser takes no sign before a range ("Unknown range
         * operation"): `-` becomes a NOT of its own, and `+` goes (a
         * range must match anyway). */
        if (negate)
            g_string_append (out, "(NOT ");
        ok = g_str_equal (name, DATE_FIELD)
                 ? add_date (out, value, error)
                 : add_period (out, name, value, error);
        if (negate)
            g_string_append_c (out, ')');
        return ok;
    }
    g_string_append (out, sign);
    if (g_str_equal (name, PROPOSAL_FIELD))
        add_proposal (query, value);
    if (quoted)
        add_quoted_value (out, name, value);
    else
        g_string_append_printf (out, "%s:%s", name, value);
    return true;
}

/* Checks the structure of `text` and writes the normalised query to
 * query->text. See the comment at the top of the file. */
static bool
front_end (MlgSearchQuery *query, const char *text, GError **error)
{
    g_autoptr (GString) out = g_string_new (NULL);
    const char *p = text;
    Prev prev = PREV_START;
    const char *last_op = NULL;
    guint depth = 0;
    bool any_term = false;

    if (!g_utf8_validate (text, -1, NULL))
        return invalid (error, "the query is not valid UTF-8");
    for (;;) {
        while (g_ascii_isspace (*p))
            p++;
        if (*p == '\0')
            break;
        if (out->len > 0 && *p != ')')
            g_string_append_c (out, ' ');

        if (*p == '(') {
            depth++;
            prev = PREV_START;
            g_string_append_c (out, '(');
            p++;
            continue;
        }
        if (*p == ')') {
            if (depth == 0)
                return invalid (error, "a ')' has no matching '('");
            if (prev == PREV_START)
                return invalid (error, "empty parentheses '()'");
            if (prev != PREV_TERM)
                return invalid (error, "'%s' needs a term after it, "
                                       "before ')'",
                                last_op);
            depth--;
            g_string_append_c (out, ')');
            p++;
            continue;
        }
        if (*p == '"') {
            const char *start = p;
            g_autofree char *phrase = read_quoted (&p, error);
            if (phrase == NULL)
                return false;
            g_string_append_len (out, start, p - start);
            prev = PREV_TERM;
            any_term = true;
            continue;
        }

        /* A word: up to a space, a parenthesis or a quote. */
        const char *start = p;
        while (!is_word_end (*p))
            p++;
        g_autofree char *word = g_strndup (start, p - start);

        if (g_str_equal (word, "AND") || g_str_equal (word, "OR")
            || g_str_equal (word, "XOR")) {
            if (prev != PREV_TERM)
                return invalid (error, "'%s' needs a term on each side, "
                                       "e.g. from:jane@example.com %s "
                                       "from:joe@example.com",
                                word, word);
            prev = PREV_BINARY;
            last_op = g_str_equal (word, "AND") ? "AND"
                      : g_str_equal (word, "OR") ? "OR"
                                                 : "XOR";
            g_string_append (out, word);
            continue;
        }
        if (g_str_equal (word, "NOT")) {
            if (prev == PREV_NOT)
                return invalid (error, "'NOT NOT' is not a query");
            prev = PREV_NOT;
            last_op = "NOT";
            g_string_append (out, word);
            continue;
        }

        /* field:value, possibly after + or -. A word whose colon is
         * followed by '/' (a URL) or ':' (std::vector) is not a field. */
        const char *sign = (word[0] == '+' || word[0] == '-') ? "" : NULL;
        const char *body = word;
        if (sign != NULL) {
            sign = word[0] == '+' ? "+" : "-";
            body = word + 1;
        }
        const char *colon = strchr (body, ':');
        bool named = colon != NULL && colon > body && colon[1] != '/'
                     && colon[1] != ':';
        for (const char *c = body; named && c < colon; c++)
            if (!g_ascii_isalpha (*c) && *c != '_')
                named = false;
        if (named) {
            g_autofree char *name = g_ascii_strdown (body, colon - body);
            if (!is_field (name))
                return invalid (error, "unknown field '%s:'; fields are "
                                       KNOWN_FIELDS,
                                name);
            if (!add_field (query, out, sign != NULL ? sign : "", name,
                            colon + 1, &p, error))
                return false;
        } else {
            g_string_append (out, word);
        }
        prev = PREV_TERM;
        any_term = true;
    }

    if (prev == PREV_BINARY || prev == PREV_NOT)
        return invalid (error, "the query ends with '%s'; it needs a term "
                               "after it",
                        last_op);
    if (depth > 0)
        return invalid (error, "a '(' is not closed");
    if (!any_term)
        return invalid (error, "the query is empty; e.g. "
                               "from:jane@example.com subject:vcon");
    query->text = g_string_free (g_steal_pointer (&out), false);
    return true;
}

/* ---- filter values ---- */

typedef struct {
    const MlgSearchQuery *query;
    bool resolving; /* searching: proposal names must be resolved */
} ExpandData;

static void
add_term (GPtrArray *terms, const char *prefix, const char *value)
{
    g_ptr_array_add (terms, g_strconcat (prefix, value, NULL));
}

/* `draft-foo-bar-03.txt` -> `draft-foo-bar`: the indexer keeps draft
 * names without revision or extension, lower-cased. */
static char *
draft_name (const char *value)
{
    char *name = g_ascii_strdown (value, -1);
    gsize len = strlen (name);

    if (g_str_has_suffix (name, ".txt"))
        name[len -= 4] = '\0';
    else if (g_str_has_suffix (name, ".html"))
        name[len -= 5] = '\0';
    if (len > 3 && name[len - 3] == '-' && g_ascii_isdigit (name[len - 2])
        && g_ascii_isdigit (name[len - 1]))
        name[len - 3] = '\0';
    return name;
}

static bool
expand (const char *field, const char *value, GPtrArray *terms,
        GPtrArray *prefixes, gpointer user_data, GError **error)
{
    ExpandData *data = user_data;
    g_autofree char *lower = g_utf8_strdown (value, -1);

    if (g_str_equal (field, "id")) {
        g_ptr_array_add (terms, _mlg_store_id_term (value));
    } else if (g_str_equal (field, "list")) {
        /* List ids are kept as found (List-Id, --list): try the value as
         * typed and lower-cased, and a bare first label as any list id
         * it begins. */
        add_term (terms, PREFIX_LIST, value);
        if (!g_str_equal (lower, value))
            add_term (terms, PREFIX_LIST, lower);
        if (strchr (value, '.') == NULL)
            g_ptr_array_add (prefixes,
                             g_strconcat (PREFIX_LIST, lower, ".", NULL));
    } else if (g_str_equal (field, "from")) {
        add_term (terms, PREFIX_FROM, lower);
    } else if (g_str_equal (field, "to")) {
        add_term (terms, PREFIX_TO, lower);
    } else if (g_str_equal (field, "draft")) {
        g_autofree char *name = draft_name (value);
        add_term (terms, PREFIX_DRAFT, name);
    } else if (g_str_equal (field, "rfc")) {
        /* rfc:9110 and rfc:RFC9110 both mean the term "rfc9110". */
        add_term (terms, PREFIX_RFC "rfc",
                  g_str_has_prefix (lower, "rfc") ? lower + 3 : lower);
    } else if (g_str_equal (field, "kind")) {
        add_term (terms, PREFIX_KIND, lower);
    } else if (g_str_equal (field, PROPOSAL_FIELD)) {
        GPtrArray *ids = g_hash_table_lookup (data->query->resolved, value);
        if (ids == NULL) {
            if (data->resolving)
                return invalid (error, "proposal '%s' was not resolved",
                                value);
            return true;
        }
        for (guint i = 0; i < ids->len; i++)
            g_ptr_array_add (terms, _mlg_store_id_term (ids->pdata[i]));
    } else {
        return invalid (error, "unknown field '%s:'", field);
    }
    return true;
}

/* Parses `text` for a database indexed without the words of `stopper`
 * (nullable). */
static MlgXapianQuery *
parse (const MlgSearchQuery *query, const char *text, bool resolving,
       const MlgXapianStopper *stopper, GError **error)
{
    ExpandData data = { query, resolving };

    return _mlg_xapian_query_parse (text, query_fields,
                                    G_N_ELEMENTS (query_fields), DATE_FIELD,
                                    DATE_SLOT, stopper, expand, &data,
                                    error);
}

/* ---- the public query ---- */

void
mlg_search_query_free (MlgSearchQuery *query)
{
    if (query == NULL)
        return;
    g_free (query->text);
    g_ptr_array_unref (query->proposals);
    g_hash_table_unref (query->resolved);
    g_free (query);
}

MlgSearchQuery *
mlg_search_query_parse (const char *text, GError **error)
{
    g_autoptr (MlgSearchQuery) query = g_new0 (MlgSearchQuery, 1);
    g_autoptr (MlgXapianQuery) parsed = NULL;

    g_return_val_if_fail (text != NULL, NULL);

    query->proposals = g_ptr_array_new_with_free_func (g_free);
    query->resolved = g_hash_table_new_full (
        g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
    if (!front_end (query, text, error))
        return NULL;
    /* Parsed once now so that every complaint comes from here, before
     * any database is opened; mlg_store_search() parses again with the
     * proposals resolved. */
    parsed = parse (query, query->text, false, NULL, error);
    if (parsed == NULL)
        return NULL;
    return g_steal_pointer (&query);
}

const char *
mlg_search_query_get_text (const MlgSearchQuery *query)
{
    g_return_val_if_fail (query != NULL, NULL);
    return query->text;
}

const GPtrArray *
mlg_search_query_get_proposals (const MlgSearchQuery *query)
{
    g_return_val_if_fail (query != NULL, NULL);
    return query->proposals;
}

void
mlg_search_query_set_proposal (MlgSearchQuery *query, const char *name,
                               const char *const *ids)
{
    GPtrArray *copy;

    g_return_if_fail (query != NULL && name != NULL && ids != NULL);

    copy = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; ids[i] != NULL; i++)
        g_ptr_array_add (copy, g_strdup (ids[i]));
    g_hash_table_replace (query->resolved, g_strdup (name), copy);
}

/* ---- searching ---- */

void
mlg_search_results_free (MlgSearchResults *results)
{
    if (results == NULL)
        return;
    g_ptr_array_unref (results->messages);
    g_free (results);
}

typedef struct {
    MlgStore *store;
    bool has_copies; /* the database holds superseded copies */
    GPtrArray *messages;
    GError *error;
} HitData;

static bool
collect_hit (guint docid, const void *bytes, gsize len, gpointer user_data)
{
    HitData *data = user_data;
    MlgMessageFacts *facts =
        _mlg_store_facts_from_data (bytes, len, &data->error);

    if (facts == NULL)
        return false;
    /* A hit is the latest copy of its message: show the message as every
     * reader sees it, merged with its earlier copies. (A message with
     * copies is on two lists at least, and its latest copy names them.) */
    if (data->has_copies && facts->lists->len > 1) {
        MlgMessageFacts *merged =
            mlg_store_get_message (data->store, facts->id, &data->error);
        mlg_message_facts_free (facts);
        if (merged == NULL)
            return false;
        facts = merged;
    }
    g_ptr_array_add (data->messages, facts);
    return true;
}

/* Returns: (transfer full) the query "list:a list:b ..." (either list)
 * restricting a search to `lists`, or NULL with `error` set. */
static MlgXapianQuery *
lists_filter (const MlgSearchQuery *query, const char *const *lists,
              GError **error)
{
    g_autoptr (GString) text = g_string_new (NULL);

    for (guint i = 0; lists[i] != NULL; i++) {
        g_auto (GStrv) parts = g_strsplit (lists[i], "\"", -1);
        g_autofree char *escaped = g_strjoinv ("\"\"", parts);
        g_string_append_printf (text, "%slist:\"%s\"", i > 0 ? " " : "",
                                escaped);
    }
    return parse (query, text->str, true, NULL, error);
}

MlgSearchResults *
mlg_store_search (MlgStore *store, const MlgSearchQuery *query,
                  const MlgSearchOptions *options, GError **error)
{
    g_autoptr (MlgXapianQuery) parsed = NULL;
    g_autoptr (MlgXapianQuery) filter = NULL;
    g_autoptr (MlgSearchResults) results = NULL;
    HitData data = { store, false, NULL, NULL };
    g_autoptr (GArray) superseded =
        g_array_new (FALSE, FALSE, sizeof (guint));

    g_return_val_if_fail (store != NULL && query != NULL, NULL);
    g_return_val_if_fail (options != NULL, NULL);

    parsed = parse (query, query->text, true,
                    _mlg_store_get_stopper (store), error);
    if (parsed == NULL)
        return NULL;
    if (options->lists != NULL && options->lists[0] != NULL) {
        filter = lists_filter (query, options->lists, error);
        if (filter == NULL)
            return NULL;
    }

    /* A message with copies matches as its latest (which has all its
     * lists); the others never match. */
    if (!_mlg_store_get_superseded (store, superseded, error)) {
        _mlg_store_name_error (mlg_store_get_path (store), false,
                               error ? *error : NULL);
        return NULL;
    }
    data.has_copies = superseded->len > 0;

    results = g_new0 (MlgSearchResults, 1);
    results->messages =
        g_ptr_array_new_with_free_func ((GDestroyNotify) mlg_message_facts_free);
    data.messages = results->messages;
    if (!_mlg_xapian_db_search (_mlg_store_get_db (store), parsed, filter,
                                DATE_SLOT, RECORD_SLOT,
                                (const guint *) superseded->data,
                                superseded->len, options->since,
                                options->until,
                                options->offset, options->limit,
                                &results->total, collect_hit, &data,
                                error)) {
        g_clear_error (&data.error);
        _mlg_store_name_error (mlg_store_get_path (store), false,
                               error ? *error : NULL);
        return NULL;
    }
    if (data.error != NULL) {
        _mlg_store_name_error (mlg_store_get_path (store), false,
                               data.error);
        g_propagate_error (error, data.error);
        return NULL;
    }
    return g_steal_pointer (&results);
}
