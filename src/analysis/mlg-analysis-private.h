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
    bool name_merge;            /* merge people by display name */
    char *anonymize_salt;       /* [anonymize] salt; NULL: the default */
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

/* mlg-thread.c: builds analysis->threads from analysis->messages and
 * sets every message's `thread`. */
void _mlg_thread_build (MlgAnalysis *analysis);
void _mlg_thread_free (MlgThread *thread);

/* mlg-identity.c: builds analysis->persons and sets messages' `person`. */
void _mlg_identity_build (MlgAnalysis *analysis);
void _mlg_person_free (MlgPerson *person);
char *_mlg_identity_name_key (const char *name);

/* mlg-proposal.c: primary drafts, admin classes, grouping. Builds
 * analysis->proposals (unscored). */
const char *_mlg_proposal_primary_draft (const MlgMessage *root);
bool _mlg_proposal_is_admin (const MlgConfig *config, const MlgThread *t);
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

/* mlg-score.c: features and score of every proposal. */
void _mlg_score_proposal (MlgAnalysis *analysis, MlgProposal *proposal);
/* In-scope counts of a thread (needs identities). */
void _mlg_score_thread (MlgThread *thread);
/* Returns: true when `address` chairs a list `m` is on (any list when `m`
 * is on none). */
bool _mlg_score_is_chair (const MlgConfig *config, const char *address,
                          const MlgMessage *m);

G_END_DECLS
