/* mlg-config.c - the analysis configuration: score weights, the chairs
 * roster, identity aliases, the organisation map, proposal rules and the
 * administrivia patterns. The file format is a GKeyFile; every group is
 * optional and samples/mlgauge.conf documents them all. */
#include "mlg-analysis-private.h"

#include <csv.h>
#include <math.h>
#include <string.h>

G_DEFINE_QUARK (mlg-config-error-quark, mlg_config_error)

static const char *const term_names[MLG_SCORE_TERMS] = {
    [MLG_SCORE_MESSAGES] = "messages",
    [MLG_SCORE_THREADS] = "threads",
    [MLG_SCORE_PEOPLE] = "people",
    [MLG_SCORE_INDEPENDENT] = "independent_people",
    [MLG_SCORE_ORGANISATIONS] = "organisations",
    [MLG_SCORE_SUPPORTERS] = "supporters",
    [MLG_SCORE_OBJECTORS] = "objectors",
    [MLG_SCORE_CHAIRS_CC] = "chairs_cc",
    [MLG_SCORE_CHAIRS_REPLIED] = "chairs_replied",
    [MLG_SCORE_DRAFT] = "draft",
    [MLG_SCORE_REVISIONS] = "revisions_in_window",
    [MLG_SCORE_IMPL] = "impl_pointers",
    [MLG_SCORE_CHECKLIST] = "checklist",
    [MLG_SCORE_LISTS] = "lists",
};

/* The defaults. Volume enters as log2 (1 + messages) with weight 1, so 40
 * messages are worth about 5.4 points, while every independent voice is
 * worth 3 + 1 (as a person) and every organisation 2: breadth dominates.
 * An active draft (3, plus 2 per new revision) and a complete request
 * (0.5 per checklist item) come next. Objections count a little: they are
 * engagement too, but not interest in doing the work. */
static const double default_weights[MLG_SCORE_TERMS] = {
    [MLG_SCORE_MESSAGES] = 1.0,
    [MLG_SCORE_THREADS] = 0.5,
    [MLG_SCORE_PEOPLE] = 1.0,
    [MLG_SCORE_INDEPENDENT] = 3.0,
    [MLG_SCORE_ORGANISATIONS] = 2.0,
    [MLG_SCORE_SUPPORTERS] = 2.0,
    [MLG_SCORE_OBJECTORS] = 0.5,
    [MLG_SCORE_CHAIRS_CC] = 1.0,
    [MLG_SCORE_CHAIRS_REPLIED] = 2.0,
    [MLG_SCORE_DRAFT] = 3.0,
    [MLG_SCORE_REVISIONS] = 2.0,
    [MLG_SCORE_IMPL] = 1.5,
    [MLG_SCORE_CHECKLIST] = 0.5,
    [MLG_SCORE_LISTS] = 1.0,
};

const char *
mlg_score_term_to_string (MlgScoreTerm term)
{
    g_return_val_if_fail (term < MLG_SCORE_TERMS, "unknown");
    return term_names[term];
}

static void
pattern_free (gpointer p)
{
    g_pattern_spec_free (p);
}

static void
rule_free (gpointer p)
{
    MlgProposalRule *rule = p;

    g_free (rule->name);
    g_ptr_array_unref (rule->drafts);
    g_ptr_array_unref (rule->subjects);
    g_ptr_array_unref (rule->proponents);
    g_free (rule);
}

static void
chair_free (gpointer p)
{
    MlgChair *chair = p;

    g_free (chair->list);
    g_free (chair->role);
    g_free (chair->name);
    g_free (chair->email);
    g_free (chair);
}

static void
add_pattern (GPtrArray *patterns, const char *pattern)
{
    g_autofree char *folded = g_utf8_casefold (pattern, -1);
    g_autofree char *stripped = g_strdup (g_strstrip (folded));

    if (*stripped != '\0')
        g_ptr_array_add (patterns, g_pattern_spec_new (stripped));
}

bool
_mlg_config_match_any (GPtrArray *patterns, const char *text)
{
    g_autofree char *folded = NULL;

    if (text == NULL || patterns->len == 0)
        return false;
    folded = g_utf8_casefold (text, -1);
    for (guint i = 0; i < patterns->len; i++)
#if GLIB_CHECK_VERSION(2, 70, 0)
        if (g_pattern_spec_match_string (patterns->pdata[i], folded))
#else
        if (g_pattern_match_string (patterns->pdata[i], folded))
#endif
            return true;
    return false;
}

MlgConfig *
mlg_config_new (void)
{
    MlgConfig *config = g_new0 (MlgConfig, 1);

    memcpy (config->weights, default_weights, sizeof config->weights);
    config->chairs = g_ptr_array_new_with_free_func (chair_free);
    config->aliases = g_hash_table_new_full (g_str_hash, g_str_equal,
                                             g_free, g_free);
    config->orgs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          g_free);
    config->rules = g_ptr_array_new_with_free_func (rule_free);
    config->exclude_drafts = g_ptr_array_new_with_free_func (pattern_free);
    config->exclude_subjects = g_ptr_array_new_with_free_func (pattern_free);
    config->exclude_threads = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                     g_free, NULL);
    /* Built-in administrivia is read from real signals in
     * mlg-proposal.c; these are the config's additions. */
    config->admin_subjects = g_ptr_array_new_with_free_func (pattern_free);
    config->support_phrases = g_new0 (char *, 1);
    config->objection_phrases = g_new0 (char *, 1);
    config->subject_window = 30 * MLG_DAY;
    config->silence = 30 * MLG_DAY;
    config->repost_window = 90 * MLG_DAY;
    config->version_window = 365 * MLG_DAY;
    config->name_merge = true;
    config->checklist_lists = g_ptr_array_new_with_free_func (g_free);
    config->checklist_profiles = g_ptr_array_new ();
    return config;
}

const char *
mlg_config_get_anonymize_salt (const MlgConfig *config)
{
    g_return_val_if_fail (config != NULL, NULL);
    if (config->anonymize_salt != NULL && *config->anonymize_salt != '\0')
        return config->anonymize_salt;
    return MLG_ANONYMIZE_DEFAULT_SALT;
}

void
mlg_config_free (MlgConfig *config)
{
    if (config == NULL)
        return;
    g_ptr_array_unref (config->chairs);
    g_hash_table_unref (config->aliases);
    g_hash_table_unref (config->orgs);
    g_ptr_array_unref (config->rules);
    g_ptr_array_unref (config->exclude_drafts);
    g_ptr_array_unref (config->exclude_subjects);
    g_hash_table_unref (config->exclude_threads);
    g_ptr_array_unref (config->admin_subjects);
    g_strfreev (config->support_phrases);
    g_strfreev (config->objection_phrases);
    g_free (config->anonymize_salt);
    g_ptr_array_unref (config->checklist_lists);
    g_ptr_array_unref (config->checklist_profiles);
    g_free (config);
}

double
mlg_config_get_weight (const MlgConfig *config, MlgScoreTerm term)
{
    g_return_val_if_fail (config != NULL && term < MLG_SCORE_TERMS, 0.0);
    return config->weights[term];
}

void
mlg_config_set_weight (MlgConfig *config, MlgScoreTerm term, double weight)
{
    g_return_if_fail (config != NULL && term < MLG_SCORE_TERMS);
    g_return_if_fail (isfinite (weight));
    config->weights[term] = weight;
}

const char *const *
mlg_config_get_stance_phrases (const MlgConfig *config, MlgStance stance)
{
    static const char *const none[] = { NULL };

    g_return_val_if_fail (config != NULL, none);
    if (stance == MLG_STANCE_SUPPORT)
        return (const char *const *) config->support_phrases;
    if (stance == MLG_STANCE_OBJECTION)
        return (const char *const *) config->objection_phrases;
    return none;
}

void
mlg_config_add_chair (MlgConfig *config, const char *list, const char *role,
                      const char *name, const char *email)
{
    MlgChair *chair;

    g_return_if_fail (config != NULL && email != NULL);
    chair = g_new0 (MlgChair, 1);
    chair->list = g_ascii_strdown (list != NULL ? list : "", -1);
    chair->role = g_ascii_strdown (role != NULL ? role : "", -1);
    chair->name = g_strdup (name != NULL ? name : "");
    chair->email = g_ascii_strdown (email, -1);
    g_strstrip (chair->list);
    g_strstrip (chair->role);
    g_strstrip (chair->name);
    g_strstrip (chair->email);
    g_ptr_array_add (config->chairs, chair);
}

/* A roster list matches a message list by full id or by first label, so
 * that a roster saying "dispatch" covers "dispatch.ietf.org". */
static bool
list_matches (const char *roster_list, const char *list)
{
    size_t n;

    if (*roster_list == '\0' || g_str_equal (roster_list, "*")
        || list == NULL)
        return true;
    if (g_ascii_strcasecmp (roster_list, list) == 0)
        return true;
    n = strlen (roster_list);
    return g_ascii_strncasecmp (roster_list, list, n) == 0
           && list[n] == '.';
}

/* The IETF's role aliases: NAME-chairs@ietf.org for a working group's
 * chairs, NAME-ads@ietf.org for an area's directors. */
#define ROLE_DOMAIN "@ietf.org"
#define CHAIRS_SUFFIX "-chairs"
static const char *const role_suffixes[] = { CHAIRS_SUFFIX, "-ads", NULL };

bool
mlg_is_role_alias (const char *address)
{
    const char *at;
    size_t local;

    if (address == NULL || (at = strrchr (address, '@')) == NULL
        || g_ascii_strcasecmp (at, ROLE_DOMAIN) != 0)
        return false;
    local = (size_t) (at - address);
    for (guint i = 0; role_suffixes[i] != NULL; i++) {
        size_t n = strlen (role_suffixes[i]);

        if (local > n
            && g_ascii_strncasecmp (at - n, role_suffixes[i], n) == 0)
            return true;
    }
    return false;
}

char *
mlg_list_chairs_alias (const char *list)
{
    const char *dot;
    size_t len;

    if (list == NULL || (dot = strchr (list, '.')) == NULL || dot == list)
        return NULL;
    len = strlen (list);
    if (len < 9 || g_ascii_strcasecmp (list + len - 9, ".ietf.org") != 0)
        return NULL;
    return g_strdup_printf ("%.*s" CHAIRS_SUFFIX ROLE_DOMAIN,
                            (int) (dot - list), list);
}

const MlgChecklistProfile *
mlg_config_get_checklist_profile (const MlgConfig *config,
                                  const char *const *lists)
{
    g_return_val_if_fail (config != NULL, NULL);
    for (guint l = 0; lists != NULL && lists[l] != NULL; l++)
        for (guint i = 0; i < config->checklist_lists->len; i++) {
            const char *key = config->checklist_lists->pdata[i];
            if (!g_str_equal (key, "*") && list_matches (key, lists[l]))
                return config->checklist_profiles->pdata[i];
        }
    for (guint i = 0; i < config->checklist_lists->len; i++)
        if (g_str_equal (config->checklist_lists->pdata[i], "*"))
            return config->checklist_profiles->pdata[i];
    return mlg_checklist_profile_find ("secdispatch");
}

bool
mlg_config_is_chair (const MlgConfig *config, const char *address,
                     const char *list)
{
    g_return_val_if_fail (config != NULL, false);
    if (address == NULL || strchr (address, '@') == NULL)
        return false;
    /* The IETF role aliases need no roster. */
    if (mlg_is_role_alias (address))
        return true;
    for (guint i = 0; i < config->chairs->len; i++) {
        MlgChair *chair = config->chairs->pdata[i];
        if (g_ascii_strcasecmp (chair->email, address) == 0
            && (g_str_equal (chair->role, "ad")
                || list_matches (chair->list, list)))
            return true;
    }
    return false;
}

const char *
_mlg_config_org (const MlgConfig *config, const char *org)
{
    const char *mapped = g_hash_table_lookup (config->orgs, org);

    return mapped != NULL ? mapped : org;
}

bool
_mlg_config_names_person (const MlgConfig *config, const char *address)
{
    GHashTableIter iter;
    gpointer key, value;

    if (mlg_config_is_chair (config, address, NULL))
        return true;
    g_hash_table_iter_init (&iter, config->aliases);
    while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_ascii_strcasecmp (key, address) == 0
            || g_ascii_strcasecmp (value, address) == 0)
            return true;
    for (guint i = 0; i < config->rules->len; i++) {
        const MlgProposalRule *rule = config->rules->pdata[i];
        for (guint k = 0; k < rule->proponents->len; k++)
            if (g_ascii_strcasecmp (rule->proponents->pdata[k], address) == 0)
                return true;
    }
    return false;
}

const char *
_mlg_config_alias (const MlgConfig *config, const char *addr)
{
    const char *canonical = g_hash_table_lookup (config->aliases, addr);

    return canonical != NULL ? canonical : addr;
}

/* ---------------------------------------------------------------- */
/* The roster (libcsv)                                                */
/* ---------------------------------------------------------------- */

typedef struct {
    GPtrArray *row;   /* char * of the current record */
    GPtrArray *rows;  /* GPtrArray * */
} RosterParse;

/* Editors on Windows start UTF-8 files with a byte-order mark; neither
 * GKeyFile nor a CSV header expects one. Returns: `text` after it. */
static const char *
skip_bom (const char *text, gsize *len)
{
    if (g_str_has_prefix (text, "\xef\xbb\xbf")) {
        if (len != NULL)
            *len -= 3;
        return text + 3;
    }
    return text;
}

static void
roster_field (void *data, size_t len, void *user_data)
{
    RosterParse *parse = user_data;

    g_ptr_array_add (parse->row, g_strndup (data, len));
}

static void
roster_record (int c, void *user_data)
{
    RosterParse *parse = user_data;

    g_ptr_array_add (parse->rows, parse->row);
    parse->row = g_ptr_array_new_with_free_func (g_free);
}

static bool
roster_from_rows (MlgConfig *config, GPtrArray *rows, const char *path,
                  GError **error)
{
    static const char *const columns[] = { "list", "role", "name", "email" };
    int at[4] = { -1, -1, -1, -1 };
    GPtrArray *header;

    if (rows->len == 0) {
        g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID,
                     "roster '%s' is empty; expected a header row "
                     "list,role,name,email", path);
        return false;
    }
    header = rows->pdata[0];
    for (guint i = 0; i < header->len; i++) {
        g_autofree char *col = g_ascii_strdown (header->pdata[i], -1);
        g_strstrip (col);
        for (guint c = 0; c < 4; c++)
            if (g_str_equal (col, columns[c]))
                at[c] = i;
    }
    if (at[3] < 0) {
        g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID,
                     "roster '%s' has no 'email' column; expected a header "
                     "row list,role,name,email", path);
        return false;
    }
    for (guint r = 1; r < rows->len; r++) {
        GPtrArray *row = rows->pdata[r];
        const char *v[4];
        for (guint c = 0; c < 4; c++)
            v[c] = at[c] >= 0 && (guint) at[c] < row->len
                       ? row->pdata[at[c]]
                       : "";
        if (*v[3] != '\0')
            mlg_config_add_chair (config, v[0], v[1], v[2], v[3]);
    }
    return true;
}

bool
mlg_config_load_roster (MlgConfig *config, const char *path, GError **error)
{
    g_autofree char *contents = NULL;
    g_autoptr (GError) local = NULL;
    struct csv_parser parser;
    RosterParse parse;
    const char *text;
    gsize len;
    bool ok = false;

    g_return_val_if_fail (config != NULL && path != NULL, false);
    if (!g_file_get_contents (path, &contents, &len, &local)) {
        g_set_error (error, MLG_CONFIG_ERROR,
                     g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                         ? MLG_ERROR_NOT_FOUND
                         : MLG_ERROR_IO,
                     "cannot read roster '%s': %s", path, local->message);
        return false;
    }
    if (csv_init (&parser, CSV_STRICT | CSV_APPEND_NULL) != 0) {
        g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_FAILED,
                     "cannot read roster '%s': out of memory", path);
        return false;
    }
    parse.row = g_ptr_array_new_with_free_func (g_free);
    parse.rows =
        g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    text = skip_bom (contents, &len);
    if (csv_parse (&parser, text, len, roster_field, roster_record,
                   &parse) != len
        || csv_fini (&parser, roster_field, roster_record, &parse) != 0) {
        g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID,
                     "roster '%s' is not valid CSV: %s", path,
                     csv_strerror (csv_error (&parser)));
        goto out;
    }
    ok = roster_from_rows (config, parse.rows, path, error);
out:
    csv_free (&parser);
    g_ptr_array_unref (parse.row);
    g_ptr_array_unref (parse.rows);
    return ok;
}

/* ---------------------------------------------------------------- */
/* The key file                                                       */
/* ---------------------------------------------------------------- */

static char **
get_list (GKeyFile *kf, const char *group, const char *key)
{
    char **values = g_key_file_get_string_list (kf, group, key, NULL, NULL);

    if (values != NULL)
        for (char **v = values; *v != NULL; v++)
            g_strstrip (*v);
    return values;
}

static void
add_patterns (GPtrArray *patterns, GKeyFile *kf, const char *group,
              const char *key)
{
    g_auto (GStrv) values = get_list (kf, group, key);

    for (guint i = 0; values != NULL && values[i] != NULL; i++)
        add_pattern (patterns, values[i]);
}

/* The groups a config may hold, in the order of samples/mlgauge.conf, and
 * the keys of each; NULL: keys are names (aliases, organisations) or are
 * checked where they are read (weights). A misspelled group or key would
 * otherwise be ignored without a word, and the user left wondering why
 * the setting has no effect. */
static const char *const chairs_keys[] = { "members", "roster", NULL };
static const char *const identity_keys[] = { "merge_by_name", NULL };
static const char *const threading_keys[] = { "subject_window_days",
                                              "silence_days", NULL };
static const char *const exclude_keys[] = { "drafts", "subjects", "threads",
                                            NULL };
static const char *const admin_keys[] = { "subjects", NULL };
static const char *const stance_keys[] = { "support", "objection", NULL };
static const char *const anonymize_keys[] = { "salt", NULL };
static const char *const proposal_keys[] = { "drafts", "subjects",
                                             "proponents", NULL };

#define PROPOSAL_GROUP "proposal "

static const struct {
    const char *name;
    const char *const *keys;
} known_groups[] = {
    { "weights", NULL },          { "chairs", chairs_keys },
    { "aliases", NULL },          { "identity", identity_keys },
    { "organisations", NULL },    { "threading", threading_keys },
    { "exclude", exclude_keys },  { "admin", admin_keys },
    { "stance", stance_keys },    { "anonymize", anonymize_keys },
    { "checklist", NULL },
};

/* "a, b and c" */
static char *
join_names (const char *const *names, const char *before, const char *after)
{
    GString *text = g_string_new (NULL);
    guint n = g_strv_length ((char **) names);

    for (guint i = 0; i < n; i++) {
        if (i > 0)
            g_string_append (text, i + 1 < n ? ", " : " and ");
        g_string_append_printf (text, "%s%s%s", before, names[i], after);
    }
    return g_string_free (text, FALSE);
}

static bool
check_keys (GKeyFile *kf, const char *group, const char *const *allowed,
            GError **error)
{
    g_auto (GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

    for (guint k = 0; keys != NULL && keys[k] != NULL; k++) {
        g_autofree char *names = NULL;

        if (g_strv_contains (allowed, keys[k]))
            continue;
        names = join_names (allowed, "", "");
        g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID,
                     "[%s] %s: unknown key; [%s] takes %s", group, keys[k],
                     group, names);
        return false;
    }
    return true;
}

/* Every group and key of `kf` is one mlgauge reads. */
static bool
check_names (GKeyFile *kf, GError **error)
{
    g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);

    for (guint g = 0; groups[g] != NULL; g++) {
        const char *const *keys = NULL;
        guint i;

        if (g_str_has_prefix (groups[g], PROPOSAL_GROUP)) {
            if (!check_keys (kf, groups[g], proposal_keys, error))
                return false;
            continue;
        }
        for (i = 0; i < G_N_ELEMENTS (known_groups); i++)
            if (strcmp (groups[g], known_groups[i].name) == 0)
                break;
        if (i == G_N_ELEMENTS (known_groups)) {
            const char *names[G_N_ELEMENTS (known_groups) + 2];
            g_autofree char *list = NULL;

            for (i = 0; i < G_N_ELEMENTS (known_groups); i++)
                names[i] = known_groups[i].name;
            names[i++] = PROPOSAL_GROUP "NAME";
            names[i] = NULL;
            list = join_names (names, "[", "]");
            g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID,
                         "[%s]: unknown group; the groups are %s", groups[g],
                         list);
            return false;
        }
        keys = known_groups[i].keys;
        if (keys != NULL && !check_keys (kf, groups[g], keys, error))
            return false;
    }
    return true;
}

static bool
load_weights (MlgConfig *config, GKeyFile *kf, GError **error)
{
    g_auto (GStrv) keys = g_key_file_get_keys (kf, "weights", NULL, NULL);

    for (guint k = 0; keys != NULL && keys[k] != NULL; k++) {
        g_autoptr (GError) local = NULL;
        guint term;
        double w;

        for (term = 0; term < MLG_SCORE_TERMS; term++)
            if (g_str_equal (keys[k], term_names[term]))
                break;
        if (term == MLG_SCORE_TERMS) {
            const char *names[MLG_SCORE_TERMS + 1];
            g_autofree char *list = NULL;

            memcpy (names, term_names, sizeof term_names);
            names[MLG_SCORE_TERMS] = NULL;
            list = join_names (names, "", "");
            g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID,
                         "[weights] %s: unknown weight; the weights are %s",
                         keys[k], list);
            return false;
        }
        w = g_key_file_get_double (kf, "weights", keys[k], &local);
        if (local != NULL) {
            g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID,
                         "[weights] %s: not a number", keys[k]);
            return false;
        }
        /* strtod reads "nan" and "inf": a score made of them sorts
         * nowhere and is no JSON number. */
        if (!isfinite (w)) {
            g_autofree char *value =
                g_key_file_get_value (kf, "weights", keys[k], NULL);
            g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID,
                         "[weights] %s: '%s' is not a finite number",
                         keys[k], value != NULL ? g_strstrip (value) : "");
            return false;
        }
        config->weights[term] = w;
    }
    return true;
}

static bool
load_days (GKeyFile *kf, const char *key, gint64 *out, GError **error)
{
    g_autoptr (GError) local = NULL;
    gint64 days;

    if (!g_key_file_has_key (kf, "threading", key, NULL))
        return true;
    days = g_key_file_get_int64 (kf, "threading", key, &local);
    if (local != NULL || days < 0) {
        g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID,
                     "[threading] %s: expected a number of days", key);
        return false;
    }
    *out = days * MLG_DAY;
    return true;
}

static void
load_map (GHashTable *map, GKeyFile *kf, const char *group, bool reverse)
{
    g_auto (GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

    for (guint k = 0; keys != NULL && keys[k] != NULL; k++) {
        g_autofree char *key = g_ascii_strdown (keys[k], -1);
        g_auto (GStrv) values = get_list (kf, group, keys[k]);

        if (!reverse) {
            g_autofree char *value =
                g_key_file_get_string (kf, group, keys[k], NULL);
            if (value != NULL)
                g_hash_table_replace (map, g_strdup (key),
                                      g_strdup (g_strstrip (value)));
            continue;
        }
        /* `canonical = alias1; alias2`: every alias points at the key. */
        for (guint i = 0; values != NULL && values[i] != NULL; i++)
            if (*values[i] != '\0')
                g_hash_table_replace (map, g_ascii_strdown (values[i], -1),
                                      g_strdup (key));
    }
}

/* [checklist] LIST = PROFILE: every profile named must be a built-in one,
 * so that a misspelling is an error rather than the default. */
static bool
load_checklist (MlgConfig *config, GKeyFile *kf, GError **error)
{
    g_auto (GStrv) keys = g_key_file_get_keys (kf, "checklist", NULL, NULL);

    for (guint k = 0; keys != NULL && keys[k] != NULL; k++) {
        g_autofree char *value =
            g_key_file_get_string (kf, "checklist", keys[k], NULL);
        const MlgChecklistProfile *profile =
            mlg_checklist_profile_find (value != NULL ? g_strstrip (value)
                                                      : NULL);

        if (profile == NULL) {
            g_autofree char *names =
                join_names (mlg_checklist_profile_names (), "", "");
            g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID,
                         "[checklist] %s: unknown profile '%s'; the "
                         "profiles are %s",
                         keys[k], value != NULL ? value : "", names);
            return false;
        }
        g_ptr_array_add (config->checklist_lists, g_strdup (keys[k]));
        g_ptr_array_add (config->checklist_profiles, (gpointer) profile);
    }
    return true;
}

bool
mlg_config_load_data (MlgConfig *config, const char *data,
                      const char *base_dir, GError **error)
{
    g_autoptr (GKeyFile) kf = g_key_file_new ();
    g_autoptr (GError) local = NULL;
    g_auto (GStrv) groups = NULL;
    g_auto (GStrv) members = NULL;
    g_autofree char *roster = NULL;

    g_return_val_if_fail (config != NULL && data != NULL, false);
    data = skip_bom (data, NULL);
    if (!g_key_file_load_from_data (kf, data, -1, G_KEY_FILE_NONE, &local)) {
        g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID, "%s",
                     local->message);
        return false;
    }
    if (!check_names (kf, error) || !load_weights (config, kf, error)
        || !load_days (kf, "subject_window_days", &config->subject_window,
                       error)
        || !load_days (kf, "silence_days", &config->silence, error)
        || !load_days (kf, "repost_days", &config->repost_window, error)
        || !load_days (kf, "version_days", &config->version_window, error)
        || !load_checklist (config, kf, error))
        return false;
    if (g_key_file_has_key (kf, "identity", "merge_by_name", NULL))
        config->name_merge =
            g_key_file_get_boolean (kf, "identity", "merge_by_name", NULL);
    if (g_key_file_has_key (kf, "anonymize", "salt", NULL)) {
        g_free (config->anonymize_salt);
        config->anonymize_salt =
            g_key_file_get_string (kf, "anonymize", "salt", NULL);
    }
    load_map (config->aliases, kf, "aliases", true);
    load_map (config->orgs, kf, "organisations", false);

    members = get_list (kf, "chairs", "members");
    for (guint i = 0; members != NULL && members[i] != NULL; i++)
        if (*members[i] != '\0')
            mlg_config_add_chair (config, "*", "chair", "", members[i]);
    roster = g_key_file_get_string (kf, "chairs", "roster", NULL);
    if (roster != NULL && *g_strstrip (roster) != '\0') {
        g_autofree char *path =
            g_path_is_absolute (roster) || base_dir == NULL
                ? g_strdup (roster)
                : g_build_filename (base_dir, roster, NULL);
        if (!mlg_config_load_roster (config, path, error))
            return false;
    }

    add_patterns (config->exclude_drafts, kf, "exclude", "drafts");
    add_patterns (config->exclude_subjects, kf, "exclude", "subjects");
    {
        g_auto (GStrv) ids = get_list (kf, "exclude", "threads");
        for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
            g_hash_table_add (config->exclude_threads, g_strdup (ids[i]));
    }
    add_patterns (config->admin_subjects, kf, "admin", "subjects");

    for (MlgStance s = MLG_STANCE_SUPPORT; s <= MLG_STANCE_OBJECTION; s++) {
        const char *key = s == MLG_STANCE_SUPPORT ? "support" : "objection";
        char ***phrases = s == MLG_STANCE_SUPPORT ? &config->support_phrases
                                                  : &config->objection_phrases;
        char **values = get_list (kf, "stance", key);
        if (values != NULL) {
            g_strfreev (*phrases);
            *phrases = values;
        }
    }

    groups = g_key_file_get_groups (kf, NULL);
    for (guint g = 0; groups[g] != NULL; g++) {
        MlgProposalRule *rule;
        const char *name;

        if (!g_str_has_prefix (groups[g], PROPOSAL_GROUP))
            continue;
        name = groups[g] + strlen (PROPOSAL_GROUP);
        while (*name == ' ')
            name++;
        if (*name == '\0') {
            g_set_error (error, MLG_CONFIG_ERROR, MLG_ERROR_INVALID,
                         "[%s]: a proposal group needs a name",
                         groups[g]);
            return false;
        }
        rule = g_new0 (MlgProposalRule, 1);
        rule->name = g_strdup (name);
        rule->drafts = g_ptr_array_new_with_free_func (pattern_free);
        rule->subjects = g_ptr_array_new_with_free_func (pattern_free);
        rule->proponents = g_ptr_array_new_with_free_func (g_free);
        add_patterns (rule->drafts, kf, groups[g], "drafts");
        add_patterns (rule->subjects, kf, groups[g], "subjects");
        {
            g_auto (GStrv) who = get_list (kf, groups[g], "proponents");
            for (guint i = 0; who != NULL && who[i] != NULL; i++)
                g_ptr_array_add (rule->proponents,
                                 g_ascii_strdown (who[i], -1));
        }
        g_ptr_array_add (config->rules, rule);
    }
    return true;
}

MlgConfig *
mlg_config_load (const char *path, GError **error)
{
    g_autoptr (MlgConfig) config = mlg_config_new ();
    g_autofree char *contents = NULL;
    g_autofree char *dir = NULL;
    g_autoptr (GError) local = NULL;

    g_return_val_if_fail (path != NULL, NULL);
    if (!g_file_get_contents (path, &contents, NULL, &local)) {
        g_set_error (error, MLG_CONFIG_ERROR,
                     g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                         ? MLG_ERROR_NOT_FOUND
                         : MLG_ERROR_IO,
                     "cannot read config '%s': %s", path, local->message);
        return NULL;
    }
    dir = g_path_get_dirname (path);
    if (!mlg_config_load_data (config, contents, dir, &local)) {
        g_set_error (error, MLG_CONFIG_ERROR, local->code, "config '%s': %s",
                     path, local->message);
        return NULL;
    }
    return g_steal_pointer (&config);
}
