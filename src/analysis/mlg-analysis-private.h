/* mlg-analysis-private.h - what the analysis modules share. Private to
 * src/analysis/ (and its unit tests). */
#pragma once

#include "mlg-analysis.h"

G_BEGIN_DECLS

/* Seconds in a day, for the day-valued settings. */
#define MLG_DAY ((gint64) 24 * 3600)

/* A `[proposal NAME]` rule: threads whose primary draft or normalised
 * subject matches one of the patterns form the proposal NAME. */
typedef struct {
    char *name;
    GPtrArray *drafts;     /* GPatternSpec * */
    GPtrArray *subjects;   /* GPatternSpec * */
    GPtrArray *proponents; /* char *: addresses of the draft's authors */
} MlgProposalRule;

typedef struct {
    char *list;
    char *role;
    char *name;
    char *email;
} MlgChair;

struct _MlgConfig {
    double weights[MLG_SCORE_TERMS];
    GPtrArray *chairs;          /* MlgChair * */
    GHashTable *aliases;        /* address -> canonical address */
    GHashTable *orgs;           /* organisation or domain -> name */
    GPtrArray *rules;           /* MlgProposalRule * */
    GPtrArray *exclude_drafts;  /* GPatternSpec * */
    GPtrArray *exclude_subjects; /* GPatternSpec * */
    GHashTable *exclude_threads; /* message ids */
    GPtrArray *admin_subjects;  /* GPatternSpec * */
    char **support_phrases;
    char **objection_phrases;
    gint64 subject_window;      /* seconds: subject fallback reach */
    gint64 silence;             /* seconds: resurrection threshold */
    gint64 repost_window;       /* seconds: how far apart a repost or a
                                 * fork may be from the thread it repeats */
    gint64 version_window;      /* seconds: the same for a higher version
                                 * number, which says it continues */
    bool name_merge;            /* merge people by display name */
    char *anonymize_salt;       /* [anonymize] salt; NULL: the default */
    GPtrArray *checklist_lists; /* char *: [checklist] keys, in file order */
    GPtrArray *checklist_profiles; /* const MlgChecklistProfile *, the
                                 * profile of each key */
};

struct _MlgAnalysis {
    const MlgConfig *config;
    MlgConfig *own_config;      /* the defaults when none was given */
    GStringChunk *strings;
    GPtrArray *messages;        /* MlgMessage *, by id once run */
    bool messages_sorted;       /* false after an add, until the next run */
    GHashTable *by_id;          /* id -> first MlgMessage added */
    GPtrArray *filter_lists;    /* char *: --list as given */
    gint64 now;
    gint64 since;
    gint64 until;
    bool include_admin;
    char *anonymize_salt;       /* NULL: names are shown */
    GPtrArray *anon_saved;      /* saved message fields (mlg-anonymize.c) */
    GHashTable *anon_real;      /* pseudonymous address -> real one */
    GPtrArray *anon_ids;        /* pseudonymous ids added to by_id */
    /* The Datatracker (mlg-dt.c), from mlg_analysis_add_datatracker(). */
    GPtrArray *dt_drafts;       /* MlgDtDraft *, owned, by name */
    GHashTable *dt_by_name;     /* any draft name of a chain -> its
                                 * MlgDtDraft * */
    GHashTable *dt_chairs;      /* group acronym -> GPtrArray of addresses */
    const char *dt_refreshed;   /* nullable */

    /* Results of a run. */
    GPtrArray *threads;         /* MlgThread *, owned, by id */
    GPtrArray *persons;         /* MlgPerson *, owned */
    GHashTable *person_by_addr; /* address -> MlgPerson * */
    GPtrArray *proposals;       /* MlgProposal *, owned, all */
    GPtrArray *reported;        /* MlgProposal *, ranked */
    GPtrArray *report_threads;  /* MlgThread * */
    GPtrArray *report_people;   /* MlgPerson * */
};

/* mlg-analysis.c */
const char *_mlg_analysis_intern (MlgAnalysis *analysis, const char *s);

/* mlg-config.c */
bool _mlg_config_match_any (GPtrArray *patterns, const char *text);
const char *_mlg_config_org (const MlgConfig *config, const char *org);
const char *_mlg_config_alias (const MlgConfig *config, const char *addr);
/* Returns: true when the config names `address` (lower case): a chair or
 * AD of any list, an `[aliases]` address, or a `proponents=` address.
 * Such people are who the config says they are: names never merge them. */
bool _mlg_config_names_person (const MlgConfig *config, const char *address);

/* mlg-subject.c: what a subject says beyond its words. */
typedef struct {
    char *key;        /* the normalised subject without a "(was: ...)"
                       * part, version marks ("[V2]", "(v3)") and
                       * trailing punctuation: what reposts, versions and
                       * forks of one proposal share; "" when nothing */
    char *was_key;    /* nullable: the key of the subject it says it
                       * forked from ("X (was: Y)" gives Y) */
    GPtrArray *tags;  /* char *: the kinds of its leading topic tags,
                       * folded ("[PATCH v2 1/3]" gives "patch", "[TECH
                       * TOPIC]" "tech topic"); list tags, versions, part
                       * numbers and RESEND left out */
    int version;      /* "v2" in a tag or at the end: 2; 0 when none */
    bool part;        /* a part of a series ("1/3", not the "0/3" cover) */
    bool resend;      /* marked RESEND */
} MlgSubjectInfo;

/* Reads `subject`; `subject_norm` (nullable) is its normalised form
 * (MlgMessage.subject_norm: prefixes and leading tags gone, folded); a tag
 * naming one of `lists` (nullable, NULL-terminated list ids) is a list
 * tag. Clear with _mlg_subject_info_clear(). */
void _mlg_subject_info_init (MlgSubjectInfo *info, const char *subject,
                             const char *subject_norm,
                             const char *const *lists);
void _mlg_subject_info_clear (MlgSubjectInfo *info);
/* Returns: true when `info` has a tag kind that `than` lacks. */
bool _mlg_subject_info_new_tag (const MlgSubjectInfo *info,
                                const MlgSubjectInfo *than);
/* Returns: the number of words of a key. */
guint _mlg_subject_key_words (const char *key);

/* mlg-thread.c: builds analysis->threads from analysis->messages and
 * sets every message's `thread`. Needs identities (message `person`). */
void _mlg_thread_build (MlgAnalysis *analysis);
void _mlg_thread_free (MlgThread *thread);

/* mlg-identity.c: builds analysis->persons and sets messages' `person`. */
void _mlg_identity_build (MlgAnalysis *analysis);
void _mlg_person_free (MlgPerson *person);
char *_mlg_identity_name_key (const char *name);
/* Returns: true when `author`, a name from an I-D announcement's Authors:
 * line ("J. Smith", "Jane Smith", "Smith, J."), names `person`. */
bool _mlg_identity_is_author (const MlgPerson *person, const char *author);

/* mlg-proposal.c: primary drafts, admin classes, grouping. Builds
 * analysis->proposals (unscored). */
const char *_mlg_proposal_primary_draft (const MlgMessage *root);
void _mlg_proposal_build (MlgAnalysis *analysis);
void _mlg_proposal_free (MlgProposal *proposal);

/* mlg-anonymize.c: rewrites the analysed records with pseudonyms (at the
 * end of a run), and puts the original facts back (before the next run
 * and when the analysis is freed). */
void _mlg_anonymize_apply (MlgAnalysis *analysis);
void _mlg_anonymize_restore (MlgAnalysis *analysis);
/* Returns: (transfer none) the real address behind a pseudonymous one
 * (`address` itself when it is not one), for roster checks after a run. */
const char *_mlg_anonymize_real_address (MlgAnalysis *analysis,
                                         const char *address);

/* mlg-participants.c: resolves the stance of every message of
 * `proposal` (MlgMessage.stance, stance_reason, stance_target) and builds
 * its participants table (proposal->participants). Needs threads,
 * identities and proponents. */
void _mlg_participants_build (MlgAnalysis *analysis, MlgProposal *proposal);

/* mlg-checklist.c: the entries of p->checklist_profile that p's opening
 * gives, as bits (bit i: entry i). Needs the other features. */
guint _mlg_checklist_given (MlgAnalysis *analysis, const MlgProposal *p);

/* mlg-score.c: features and score of every proposal. */
void _mlg_score_proposal (MlgAnalysis *analysis, MlgProposal *proposal);
/* In-scope counts of a thread (needs identities). */
void _mlg_score_thread (MlgThread *thread);
/* Returns: true when `address` chairs a list `m` is on (any list when `m`
 * is on none). */
bool _mlg_score_is_chair (MlgAnalysis *analysis, const char *address,
                          const MlgMessage *m);

/* Used inside the analysis only. */

/* Returns: (transfer none) "none", "config", "automated", "vocabulary",
 * "organiser" or "spam". */
const char *mlg_admin_reason_to_string (MlgAdminReason reason);

guint mlg_analysis_get_message_count (MlgAnalysis *analysis);


/* Called by tests only (and the report tests, through
 * mlg-analysis-test-private.h): programs use mlg-analysis.h. */

/* Merges configuration text into `config`; `base_dir` (nullable) resolves
 * a relative roster path. Errors as mlg_config_load(). */
bool mlg_config_load_data (MlgConfig *config, const char *data,
                           const char *base_dir, GError **error);

/* Reads a roster CSV file with a header row `list,role,name,email`
 * (libcsv). Roles are free text; "chair", "ad" and "secretary" are the
 * usual ones. Errors: NOT_FOUND, IO, INVALID (bad CSV, missing column). */
bool mlg_config_load_roster (MlgConfig *config, const char *path,
                             GError **error);

/* Adds one roster entry. `list` may be "" or "*" for any list. */
void mlg_config_add_chair (MlgConfig *config, const char *list,
                           const char *role, const char *name,
                           const char *email);

/* The weight of a score term: a finite number (the config refuses nan
 * and inf). */
double mlg_config_get_weight (const MlgConfig *config, MlgScoreTerm term);
void mlg_config_set_weight (MlgConfig *config, MlgScoreTerm term,
                            double weight);

/* Copies what the analysis needs from `facts` (borrowed). A second record
 * with an id already added is kept as a distinct message. */
void mlg_analysis_add_facts (MlgAnalysis *analysis,
                             const MlgMessageFacts *facts);

/* Returns: (transfer full) the pseudonym that `salt` gives `address`
 * ("anon-" and 10 lower-case hex digits). */
char *mlg_anonymize_pseudonym (const char *salt, const char *address);

/* Returns: (transfer none) the person owning `address`, or NULL. */
const MlgPerson *mlg_analysis_get_person (MlgAnalysis *analysis,
                                          const char *address);

/* Returns: the start (Monday 00:00 UTC) of the ISO week holding `t`. */
gint64 mlg_week_start (gint64 t);


/* The first of mlg_analysis_find_proposals(), or NULL. */
const MlgProposal *mlg_analysis_find_proposal (MlgAnalysis *analysis,
                                               const char *name);

/* mlg-dt.c: the Datatracker's drafts (one per replaces chain) and
 * chairs. All strings are interned. */
typedef struct _MlgDtDraft MlgDtDraft;
typedef struct {
    const char *name;
    const char *email;          /* nullable */
} MlgDtPerson;
typedef struct {
    const char *name;           /* the draft name of this revision */
    int rev;
    gint64 published;
} MlgDtRev;
void _mlg_dt_init (MlgAnalysis *analysis);
void _mlg_dt_clear (MlgAnalysis *analysis);
/* Returns: (transfer none) the chain holding draft `name`, or NULL when
 * the Datatracker did not say. */
const MlgDtDraft *_mlg_dt_draft (MlgAnalysis *analysis, const char *name);
/* Returns: the latest name of the chain of `name` (interned), else
 * `name` itself. */
const char *_mlg_dt_canonical (MlgAnalysis *analysis, const char *name);
const char *_mlg_dt_draft_name (const MlgDtDraft *draft);
/* const char *: every name of the chain. */
const GPtrArray *_mlg_dt_draft_names (const MlgDtDraft *draft);
/* MlgDtPerson, each once. */
const GArray *_mlg_dt_draft_authors (const MlgDtDraft *draft);
/* MlgDtRev, by date, across the chain. */
const GArray *_mlg_dt_draft_revisions (const MlgDtDraft *draft);
/* Returns: true when the Datatracker names `address` a chair of the
 * group whose list is `list` (an IETF list: ACRONYM.ietf.org), or of
 * any group when `list` is NULL. */
bool _mlg_dt_is_chair (MlgAnalysis *analysis, const char *address,
                       const char *list);

G_END_DECLS
