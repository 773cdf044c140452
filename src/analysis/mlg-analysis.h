/* mlg-analysis.h - the public interface of the analysis: configuration,
 * threads, identities, proposals, engagement features and scores.
 *
 * The analysis reads message facts only (never bodies), either from a
 * store (mlg_analysis_load_store()) or handed over one by one
 * (mlg_analysis_add_facts(), which is what the unit tests do), and
 * recomputes everything on each run: nothing it derives is ever stored.
 *
 * Ownership: records returned by the analysis (MlgMessage, MlgPerson,
 * MlgThread, MlgProposal) are owned by the MlgAnalysis and live until
 * mlg_analysis_free(); their strings are interned in the analysis and live
 * as long. They are read-only for callers. The analysis prints nothing.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "mlg-indexer.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

/* Both domains use the MlgErrorCode codes of mlg-indexer.h: NOT_FOUND (a
 * config or roster file, or a --list that matches no list), INVALID (a
 * malformed file or value, an ambiguous --list), IO. */
#define MLG_CONFIG_ERROR (mlg_config_error_quark ())
#define MLG_ANALYSIS_ERROR (mlg_analysis_error_quark ())

GQuark mlg_config_error_quark (void);
GQuark mlg_analysis_error_quark (void);

/* ------------------------------------------------------------------ */
/* Score terms                                                          */
/* ------------------------------------------------------------------ */

/* The terms of the score: score = sum over terms of weight * value. Each
 * value is the feature of the same name, except where said otherwise.
 * Default weights (see samples/mlgauge.conf) make independent voices and
 * active drafts dominate raw volume. */
typedef enum {
    MLG_SCORE_MESSAGES = 0,   /* log2 (1 + messages): volume saturates */
    MLG_SCORE_THREADS,        /* threads */
    MLG_SCORE_PEOPLE,         /* distinct people */
    MLG_SCORE_INDEPENDENT,    /* distinct people other than proponents */
    MLG_SCORE_ORGANISATIONS,  /* distinct organisations of the people */
    MLG_SCORE_SUPPORTERS,     /* people whose latest stance is support */
    MLG_SCORE_OBJECTORS,      /* people whose latest stance is objection */
    MLG_SCORE_CHAIRS_CC,      /* chair addresses CC'd on an opening mail */
    MLG_SCORE_CHAIRS_REPLIED, /* chairs/ADs who replied */
    MLG_SCORE_DRAFT,          /* 1 when the proposal has a draft */
    MLG_SCORE_REVISIONS,      /* new draft revisions in the window */
    MLG_SCORE_IMPL,           /* distinct implementation pointers */
    MLG_SCORE_CHECKLIST,      /* items of the list's checklist profile
                               * given (0..8) */
    MLG_SCORE_LISTS,          /* lists reached beyond the first */
    MLG_SCORE_TERMS
} MlgScoreTerm;

/* Returns: (transfer none) the config key of `term` ("messages",
 * "independent_people", ...). */
const char *mlg_score_term_to_string (MlgScoreTerm term);

/* ------------------------------------------------------------------ */
/* Agenda-request checklists                                            */
/* ------------------------------------------------------------------ */

/* One item of an agenda-request checklist. */
typedef struct {
    const char *id;       /* stable machine name ("draft", "slides"): CSV,
                           * JSON */
    const char *label;    /* what a person reads: "A slide deck" */
    const char *advice;   /* what to add when it is missing */
    bool priority;        /* a priority signal rather than something the
                           * chairs require */
} MlgChecklistEntry;

/* The checklist a list's chairs hold agenda requests to. Two are built
 * in: "secdispatch" (the eight items of the SECDISPATCH agenda-request
 * guidance, DESIGN section 5; the default) and "dispatch-2026" (DISPATCH's
 * 2026 rules: the chairs and the list mailed, an Internet-Draft, a slide
 * deck and a presenter required; outside interest and interoperability
 * first, then first come, first served, so the request date counts). The
 * config's [checklist] group chooses one per list. At most 32 entries. */
typedef struct {
    const char *name;     /* "secdispatch", "dispatch-2026" */
    const char *title;    /* "SECDISPATCH agenda-request guidance" */
    const MlgChecklistEntry *entries;
    guint n_entries;
} MlgChecklistProfile;

/* Returns: (transfer none) the built-in profile called `name`
 * (case-insensitive), or NULL. */
const MlgChecklistProfile *mlg_checklist_profile_find (const char *name);

/* Returns: (transfer none) the names of the built-in profiles,
 * NULL-terminated. */
const char *const *mlg_checklist_profile_names (void);

/* ------------------------------------------------------------------ */
/* Configuration                                                        */
/* ------------------------------------------------------------------ */

typedef struct _MlgConfig MlgConfig;

/* Returns: (transfer full) a configuration holding the defaults. */
MlgConfig *mlg_config_new (void);

/* Reads a GKeyFile configuration (format: samples/mlgauge.conf). A roster
 * named in it (`[chairs] roster=`, relative to the file's directory) is
 * read too. A group or key the format does not have is INVALID, the
 * message listing the ones it has.
 * Errors: MLG_CONFIG_ERROR NOT_FOUND, INVALID (with the file and key).
 * Returns: (transfer full) the configuration, or NULL. */
MlgConfig *mlg_config_load (const char *path, GError **error);

/* Returns: true when `address` is an IETF role alias, `NAME-chairs@ietf.org`
 * or `NAME-ads@ietf.org` (any case, NAME not empty): it reaches a group's
 * chairs or an area's directors and is no one's personal address. */
bool mlg_is_role_alias (const char *address);

/* Returns: (transfer full) (nullable) the chairs' alias of an IETF list,
 * named by its first label ("dispatch-chairs@ietf.org" for
 * "dispatch.ietf.org"), or NULL when `list` (nullable) does not end in
 * ".ietf.org". */
char *mlg_list_chairs_alias (const char *list);

/* Returns: true when `address` is a chair/AD of `list` (nullable: of any
 * list), by the roster, or when it is a role alias (mlg_is_role_alias():
 * recognised without a roster). */
bool mlg_config_is_chair (const MlgConfig *config, const char *address,
                          const char *list);

/* Returns: (transfer none) the checklist profile for a request opened on
 * `lists` (nullable, NULL-terminated, the first that the config's
 * [checklist] names wins; a key matches a list by full id or first label,
 * as the roster does), else the profile of the key "*", else
 * "secdispatch". */
const MlgChecklistProfile *
mlg_config_get_checklist_profile (const MlgConfig *config,
                                  const char *const *lists);

/* Returns: (transfer none) the phrases of `[stance] support=` /
 * `objection=` (NULL-terminated, empty when not configured): phrases the
 * indexer adds to its built-in rules (`mlgauge index --config`). They
 * are read at index time; the analysis uses the stored stances. */
const char *const *mlg_config_get_stance_phrases (const MlgConfig *config,
                                                  MlgStance stance);

/* The salt of `--anonymize` pseudonyms when `[anonymize] salt=` is not
 * set. It is public, so pseudonyms made with it can be reversed by anyone
 * who hashes candidate addresses: set your own salt. */
#define MLG_ANONYMIZE_DEFAULT_SALT "mlgauge-default-salt"

/* Returns: (transfer none) the `[anonymize] salt=` of the config, else
 * MLG_ANONYMIZE_DEFAULT_SALT. */
const char *mlg_config_get_anonymize_salt (const MlgConfig *config);

void mlg_config_free (MlgConfig *config);

/* ------------------------------------------------------------------ */
/* Analysed records                                                     */
/* ------------------------------------------------------------------ */

typedef struct _MlgPerson MlgPerson;
typedef struct _MlgThread MlgThread;
typedef struct _MlgProposal MlgProposal;

/* One pointer of a message, interned. */
typedef struct {
    MlgPointerKind kind;
    const char *value;
    int revision;
} MlgMessagePointer;

/* The facts of one message as the analysis keeps them (no bodies). Arrays
 * are NULL-terminated (`lists`, `recipients`, `references`) or counted
 * (`pointers`). */
/* Why a message shows the stance it shows (MlgMessage.stance_reason).
 * The text's own stance (MlgMessage.text_stance) counts for the proposal
 * only when it is aimed at it:
 * - the words name the proposal ("I support adoption of this draft");
 * - they answer the proposal: an opening of its threads, or a mail of a
 *   proponent ("+1" under the opening supports);
 * - they answer somebody else's stance on the proposal: agreeing with a
 *   supporter supports and with an objector objects; disagreeing with a
 *   supporter objects and with an objector supports;
 * - what they answer is not in the archive (archives have gaps): the
 *   words are taken as they are.
 * They do not count when they are a proponent's own (a proponent argues
 * for the proposal by definition), answer a mail that takes no stance on
 * the proposal (agreement with a side point), or are mitigated agreement
 * ("Exactly.", "makes sense", "Yes, ...": MLG_CUE_HEDGE), which grants a
 * point rather than backs a side; mitigated disagreement ("I don't
 * think", "I'm worried") is how objections are usually put, and counts. */
typedef enum {
    MLG_REASON_NONE = 0,        /* the text takes no stance */
    MLG_REASON_NAMES_PROPOSAL,
    MLG_REASON_ANSWERS_PROPOSAL,
    MLG_REASON_WITH_SUPPORTER,
    MLG_REASON_WITH_OBJECTOR,
    MLG_REASON_AGAINST_SUPPORTER,
    MLG_REASON_AGAINST_OBJECTOR,
    MLG_REASON_UNANSWERED,      /* what it answers is not archived */
    MLG_REASON_PROPONENT,       /* not counted: a proponent's own */
    MLG_REASON_SIDE_POINT,      /* not counted: answers no stance */
    MLG_REASON_ACKNOWLEDGES,    /* not counted: grants a point */
} MlgStanceReason;

/* Returns: (transfer none) what `reason` means, for people ("agrees with
 * a supporter", "a proponent's own reply", ...). */
const char *mlg_stance_reason_to_string (MlgStanceReason reason);

typedef struct _MlgMessage MlgMessage;
struct _MlgMessage {
    const char *id;
    const char *subject;
    const char *subject_norm;
    const char *permalink;      /* nullable */
    const char *from_addr;
    const char *from_name;
    const char *org;            /* after the config's organisation map */
    const char *in_reply_to;    /* nullable */
    const char **lists;
    const char **recipients;    /* To and Cc */
    const char **references;
    MlgMessagePointer *pointers;
    guint n_pointers;
    gint64 date;
    MlgSenderKind kind;
    MlgStance text_stance;      /* what its own new text says */
    MlgStanceCue stance_cue;    /* the kind of those words */
    MlgStance stance;           /* the stance on its proposal, the one
                                 * reports count (see MlgStanceReason) */
    MlgStanceReason stance_reason;
    const MlgMessage *stance_target; /* nullable: the mail whose stance it
                                      * agreed or disagreed with */
    const char *stance_quote;   /* nullable: the words of text_stance */
    const char *question;       /* nullable: the first question its new
                                 * text asks (MlgMessageFacts.question) */
    guint checklist;            /* MlgChecklistItem bits */
    bool in_scope;              /* inside the window and the --list set */
    MlgPerson *person;          /* NULL for automated senders */
    MlgThread *thread;
    MlgMessage *parent;         /* nullable: nearest present ancestor in
                                 * the thread tree */
};

/* One person: addresses merged by normalisation, config aliases and
 * identical display names. Counts are over in-scope messages of the
 * reported proposals. */
struct _MlgPerson {
    const char *name;       /* best display name, else the address */
    const char *address;    /* primary address (the most used) */
    GPtrArray *addresses;   /* const char *, sorted */
    const char *org;        /* the most frequent organisation; "" none */
    bool inferred;          /* some addresses merged by display name only */
    bool chair;             /* on the roster (any list) */
    guint messages;
    guint threads;
    guint proposals;
    guint supports;         /* proposals whose latest stance is support */
    guint objections;
    gint64 first;
    gint64 last;
};

/* Why a thread belongs to its proposal (MlgThread.join). */
typedef enum {
    MLG_JOIN_OPENING = 0,   /* the proposal's first thread */
    MLG_JOIN_DRAFT,         /* the same primary draft */
    MLG_JOIN_RULE,          /* a `[proposal NAME]` rule of the config */
    MLG_JOIN_REPOST,        /* the same subject after tags, re-sent by the
                             * same person (or one whose opening is lost) */
    MLG_JOIN_VERSION,       /* the same subject, a new version (v2, v3) */
    MLG_JOIN_FORK,          /* "X (was: Y)": forked from a thread of it */
    MLG_JOIN_LOST_PARENT    /* the same subject, a reply whose parent is
                             * not archived */
} MlgJoin;

/* Why a thread is administrivia or spam (MlgThread.admin_reason). */
typedef enum {
    MLG_ADMIN_NONE = 0,
    MLG_ADMIN_CONFIG,       /* an `[admin] subjects=` pattern */
    MLG_ADMIN_AUTOMATED,    /* opened by a tool (session requests...) */
    MLG_ADMIN_VOCABULARY,   /* agendas, meeting minutes, calls for topics,
                             * CFPs, elections, nominations, kick-offs,
                             * list moves: in the subject */
    MLG_ADMIN_ORGANISER,    /* a schedule, reminder, results... (weaker
                             * words) from a chair or from who sends the
                             * list's administrivia, or answered by nobody,
                             * or sent to many */
    MLG_ADMIN_SPAM          /* spam: nobody answered a sender who never
                             * took part, and it was not sent to the list
                             * or was sent again and again */
} MlgAdminReason;

/* One thread (JWZ). */
struct _MlgThread {
    const char *id;         /* id of the opening message */
    MlgMessage *root;       /* the opening message (earliest when the
                             * real root is missing) */
    GPtrArray *messages;    /* MlgMessage *, by date then id */
    MlgProposal *proposal;
    const char *draft;      /* nullable: primary draft */
    bool admin;             /* administrivia or spam */
    MlgAdminReason admin_reason;
    bool opening_missing;   /* its opening is not in the archive: `root`
                             * is a reply whose parent is absent */
    MlgThread *split_from;  /* nullable: the thread it was cut from, a
                             * reply there that opened a proposal of its
                             * own (a new topic tag, its own repliers) */
    MlgJoin join;           /* why it is in `proposal` */
    MlgThread *joined_to;   /* nullable: the earlier thread of the
                             * proposal it matched (repost, version,
                             * fork, lost parent) */
    /* In scope: */
    guint scope_messages;
    guint people;
    GPtrArray *lists;       /* const char *, sorted */
    gint64 first;
    gint64 last;
};

typedef enum {
    MLG_PROPOSAL_DRAFT = 0,   /* grouped by a primary draft */
    MLG_PROPOSAL_DISCUSSION,  /* a thread without a draft */
    MLG_PROPOSAL_ADMIN,       /* administrivia (ranked only with --all) */
    MLG_PROPOSAL_SPAM         /* spam (ranked only with --all) */
} MlgProposalKind;

/* Returns: (transfer none) "draft", "discussion", "admin" or "spam". */
const char *mlg_proposal_kind_to_string (MlgProposalKind kind);

/* Returns: (transfer full) (nullable) why `thread` is in its proposal, as
 * a reader would say it ("joined: same subject after tags as the thread
 * of 2022-06-16, reposted 3 minutes later by the same person"; "split
 * from the thread of ..."), or NULL for the opening thread. No mail text
 * is quoted: only dates, durations, draft and rule names. */
char *mlg_thread_describe_join (const MlgThread *thread);

/* How every output names the proponent of a proposal whose opening is
 * not archived (MlgProposal.opening_missing), before any draft author or
 * configured proponent: never the first replier. */
#define MLG_PROPONENT_UNKNOWN "unknown (opening not archived)"

/* Where a proposal's revisions come from (MlgFeatures.revisions_source). */
typedef enum {
    MLG_REVISIONS_MAIL = 0,     /* revisions mail mentions (draft-x-03) */
    MLG_REVISIONS_DATATRACKER   /* the Datatracker's publication dates */
} MlgRevisionSource;

/* Returns: (transfer none) "mail" or "datatracker". */
const char *mlg_revision_source_to_string (MlgRevisionSource source);

/* Engagement features of a proposal, in scope (DESIGN section 5). */
typedef struct {
    guint messages;
    guint threads;
    guint people;
    guint independent_people; /* people other than the proponents,
                               * chairs and ADs included: the roles
                               * independent and chair together */
    guint organisations;
    guint supporters;
    guint objectors;
    guint chairs_cc;
    guint chairs_replied;
    guint draft_pointers;       /* mentions of the proposal's draft */
    int latest_revision;        /* -1 when unknown */
    guint revisions_in_window;
    MlgRevisionSource revisions_source; /* where both above come from */
    guint impl_pointers;
    guint checklist;            /* bit i: entry i of the proposal's
                                 * checklist profile is given */
    gint64 first_reply;         /* seconds; -1 when nobody else replied */
    gint64 first;
    gint64 last;
    GPtrArray *lists;           /* const char *, sorted */
} MlgFeatures;

struct _MlgProposal {
    const char *id;             /* stable and unique: "p-" + a slug of the
                                 * name + "-" + 10 hex digits (the HTML
                                 * page is ID.html); see mlg_proposal_id() */
    const char *name;
    MlgProposalKind kind;
    const char *draft;          /* nullable: the primary draft */
    GPtrArray *threads;         /* MlgThread *, by first date */
    GPtrArray *proponents;      /* MlgPerson *, by name: the opening's
                                 * author, the authors of reposts and new
                                 * versions of it, the draft's authors
                                 * when known (I-D announcements), and
                                 * the config's `proponents=` */
    MlgMessage *opening;        /* nullable: the opening mail (checklist
                                 * source; its date is the request date);
                                 * NULL when it is not archived */
    const MlgChecklistProfile *checklist_profile; /* the profile of the
                                 * opening's list (the config's
                                 * [checklist]); never NULL once scored */
    bool opening_missing;       /* the opening is not in the archive: its
                                 * author is unknown (never guessed) */
    bool configured;            /* named by a `[proposal NAME]` rule */
    GPtrArray *participants;    /* MlgParticipant *, owned: see
                                 * mlg_proposal_get_participants() */
    MlgFeatures features;
    double breakdown[MLG_SCORE_TERMS]; /* weight * value per term */
    double score;               /* the sum of breakdown */
    guint rank;                 /* 1-based in the report; 0 unreported */
};

/* Returns: the measure `proposal`'s `term` points are computed from
 * (points = weight x measure; for MLG_SCORE_MESSAGES the points use
 * log2 (1 + n) of this n): the feature's count, 1 or 0 for a draft, the
 * checklist items given, the lists reached beyond the first. Every output
 * that shows a term's measure reads it here. */
guint mlg_score_term_measure (const MlgProposal *proposal, MlgScoreTerm term);

/* ------------------------------------------------------------------ */
/* The analysis                                                         */
/* ------------------------------------------------------------------ */

typedef struct _MlgAnalysis MlgAnalysis;

/* No bound for mlg_analysis_set_window(). */
#define MLG_NO_SINCE G_MININT64
#define MLG_NO_UNTIL G_MAXINT64

/* Returns: (transfer full) an empty analysis. `config` (nullable: the
 * defaults) is borrowed and must outlive the analysis. */
MlgAnalysis *mlg_analysis_new (const MlgConfig *config);
void mlg_analysis_free (MlgAnalysis *analysis);

/* Adds the facts of every message in `store` (mlg_store_foreach()), and
 * what the Datatracker said as the store keeps it
 * (mlg_store_read_datatracker(), mlg_analysis_add_datatracker()).
 * Errors: those of the store. */
bool mlg_analysis_load_store (MlgAnalysis *analysis, MlgStore *store,
                              GError **error);

/* Hands over what the Datatracker said (`snapshot`, borrowed; what is
 * needed is copied), as mlg_analysis_load_store() does with what the
 * store keeps:
 * - every draft name of a document's rev_history (its replaces chain,
 *   across renames) and the name it was asked for are one draft, named
 *   by the name of its latest revision: their threads are one proposal;
 * - its authors are proponents: those whose address is an author's, and
 *   those the identity code finds named by an author's name;
 * - its revisions in the window are those published in it (MlgFeatures
 *   .revisions_source), instead of those mail mentions;
 * - a group's chairs are chairs of the group's list (ACRONYM.ietf.org),
 *   besides the roster's.
 * Call it before mlg_analysis_run(). */
void mlg_analysis_add_datatracker (MlgAnalysis *analysis,
                                   const MlgDtSnapshot *snapshot);

/* Returns: (transfer none) (nullable) when the Datatracker data handed
 * over was last refreshed ("YYYY-MM-DDTHH:MM:SSZ"), or NULL when there
 * was none. */
const char *mlg_analysis_get_datatracker_refreshed (MlgAnalysis *analysis);

/* The reference time (default: the time of mlg_analysis_new()); an open
 * `until` means `now`. */
void mlg_analysis_set_now (MlgAnalysis *analysis, gint64 now);

/* Counts only messages dated in [since, until] (seconds, inclusive). */
void mlg_analysis_set_window (MlgAnalysis *analysis, gint64 since,
                              gint64 until);

/* Restricts counting to messages on `list` (repeatable). A first label
 * ("dispatch") names "dispatch.ietf.org" when unambiguous. */
void mlg_analysis_add_list (MlgAnalysis *analysis, const char *list);

/* Reports administrivia too (`--all`). */
void mlg_analysis_set_include_admin (MlgAnalysis *analysis, bool include);

/* Anonymises the results of the following runs (`--anonymize`); `salt`
 * (copied; NULL turns anonymising off) keys the pseudonyms. At the end of
 * each run every record is rewritten, so that no writer can leak what it
 * never sees:
 * - a person's name becomes a pseudonym "anon-" + 10 hex digits of
 *   HMAC-SHA256 (salt, primary address), their addresses the one address
 *   PSEUDONYM@anonymized.invalid: the same person gets the same pseudonym
 *   in every run with the same salt and data; automated senders and other
 *   recipients get one from their own address. Role aliases
 *   (`*-chairs@ietf.org`, `*-ads@ietf.org`) are kept.
 * - Message-IDs (which often embed addresses), In-Reply-To, References and
 *   thread ids become HEX@anonymized.invalid, consistently; lookups with
 *   mlg_analysis_get_message() accept both the real and the new id.
 * - In mail text that reports show (subjects, stance quotes, questions,
 *   permalinks, implementation/archive/slides pointers, and the names of
 *   proposals named by a subject), every known name, address, address
 *   local part (also recipients', also "first last" for first.last@) and
 *   Message-ID is replaced (whole words, case-insensitive) by its
 *   owner's pseudonym. A local part or a one-word name is left when it is
 *   a list's (the posting address of a known list, any address at
 *   vger.kernel.org, lists.*, googlegroups.com, groups.io) or an
 *   ordinary word: one of the commonest English words (SCOWL size 10),
 *   or a word that two distinct texts of the analysis write in lower
 *   case. A person's first name or surname alone is replaced too where it
 *   is capitalised (anywhere in lower-cased text: normalised subjects,
 *   proposal names) when it has at least three letters and is not an
 *   ordinary word or a particle (von, van, ...); one that two people
 *   share becomes "anon". Recipients' display names are not in the
 *   facts: where only those name someone, they stay.
 * Organisations, lists, dates, drafts and RFCs are kept. Roles and chair
 * status are computed from the real addresses. */
void mlg_analysis_set_anonymize (MlgAnalysis *analysis, const char *salt);

/* Threads, identifies, groups and scores everything added so far. May be
 * called again (e.g. after more facts): results are recomputed.
 * Errors: MLG_ANALYSIS_ERROR NOT_FOUND (a --list that names no known
 * list), INVALID (an ambiguous list label, since > until). */
bool mlg_analysis_run (MlgAnalysis *analysis, GError **error);

/* Results of the last run, (transfer none), valid until the next run or
 * mlg_analysis_free(): */

/* Reported proposals, ranked: score descending, then name, then first
 * activity. Proposals without an in-scope message from a person, excluded
 * threads and (without --all) administrivia are left out. */
const GPtrArray *mlg_analysis_get_proposals (MlgAnalysis *analysis);

/* Threads of the reported proposals that have in-scope messages, in
 * proposal rank order, then by first activity, then id. */
const GPtrArray *mlg_analysis_get_threads (MlgAnalysis *analysis);

/* People with in-scope messages in reported proposals: by messages
 * descending, then name, then address. */
const GPtrArray *mlg_analysis_get_people (MlgAnalysis *analysis);

/* Every thread found (in scope or not), by id. */
const GPtrArray *mlg_analysis_get_all_threads (MlgAnalysis *analysis);

/* Returns: (transfer none) the message with `id` (the first one added
 * when duplicated), or NULL. */
const MlgMessage *mlg_analysis_get_message (MlgAnalysis *analysis,
                                            const char *id);

/* Sets `*since` and `*until` to the window of mlg_analysis_set_window()
 * (MLG_NO_SINCE / MLG_NO_UNTIL when open). */
void mlg_analysis_get_window (MlgAnalysis *analysis, gint64 *since,
                              gint64 *until);
gint64 mlg_analysis_get_now (MlgAnalysis *analysis);

/* Returns: the last second the analysis counts: --until when it was
 * given, else the reference time ("now", --now). Mail dated after it is
 * out of the window, and "in the window" in every output means up to
 * this instant. */
gint64 mlg_analysis_get_window_end (MlgAnalysis *analysis);

/* ------------------------------------------------------------------ */
/* One proposal in detail (HTML pages, `show`, `check`)                 */
/* ------------------------------------------------------------------ */

/* What a message's sender is to a proposal. A proponent who chairs is a
 * proponent; a chair is a chair or AD of a list the message is on. */
typedef enum {
    MLG_ROLE_INDEPENDENT = 0, /* a person other than proponents and chairs */
    MLG_ROLE_PROPONENT,
    MLG_ROLE_CHAIR,
    MLG_ROLE_AUTOMATED,       /* automated mail: never a participant */
    MLG_ROLES
} MlgRole;

/* Returns: (transfer none) "independent", "proponent", "chair" or
 * "automated". A person's role names what they are to the proposal; the
 * count of independent people (MlgFeatures.independent_people) takes
 * every person but the proponents, so both "independent" and "chair". */
const char *mlg_role_to_string (MlgRole role);

/* Returns: the role of the sender of `message` in `proposal`. */
MlgRole mlg_proposal_role (MlgAnalysis *analysis, const MlgProposal *proposal,
                           const MlgMessage *message);

/* A person's part in one proposal, over in-scope messages. */
typedef struct {
    const MlgPerson *person;
    MlgRole role;               /* proponent, chair or independent: the
                                 * role of their latest message */
    guint messages;
    guint threads;
    MlgStance stance;           /* the latest stance on the proposal
                                 * (MlgMessage.stance; NONE when none) */
    const MlgMessage *stance_message; /* nullable: where it was taken; its
                                       * `stance_quote` is the evidence */
    gint64 first;
    gint64 last;
} MlgParticipant;

/* Returns: (transfer full) a reference to the participants table of
 * `proposal` (MlgParticipant *, owned by the proposal; unref the array
 * when done): by messages descending, then name, then address. It is
 * built once per run, and everything else is derived from it: the
 * proposal's supporters, objectors and independent people, and each
 * person's supports and objections. A person's stance is their latest
 * (by date; on the same second, the message whose id sorts last). */
GPtrArray *mlg_proposal_get_participants (MlgAnalysis *analysis,
                                          const MlgProposal *proposal);

/* Messages of one week, by the role of their senders. */
typedef struct {
    gint64 start;               /* Monday 00:00 UTC */
    guint counts[MLG_ROLES];
} MlgWeek;

/* Returns: (transfer full) a GArray of MlgWeek: the in-scope messages of
 * `proposal` per week, one entry for every week from the week of `from` to
 * the week of `to` (inclusive, empty weeks included; at most 1,000 weeks
 * ending with the week of `to`). Messages outside those weeks are left
 * out. */
GArray *mlg_proposal_get_weekly_activity (MlgAnalysis *analysis,
                                          const MlgProposal *proposal,
                                          gint64 from, gint64 to);

/* The bins of mlg_proposal_get_activity(): ISO weeks (from Monday), and
 * calendar months, quarters and years (from their first day), in UTC. */
typedef enum {
    MLG_BIN_WEEK = 0,
    MLG_BIN_MONTH,
    MLG_BIN_QUARTER,
    MLG_BIN_YEAR
} MlgBin;

/* Returns: (transfer full) as mlg_proposal_get_weekly_activity(), in bins
 * of `bin`: a GArray of MlgWeek whose `start` is the first moment of each
 * bin, one for every bin from the one holding `from` to the one holding
 * `to` (at most 1,000, ending with the bin of `to`). */
GArray *mlg_proposal_get_activity (MlgAnalysis *analysis,
                                   const MlgProposal *proposal, gint64 from,
                                   gint64 to, MlgBin bin);

/* Returns: (transfer full) the id of a proposal called `name` whose
 * identity is `key` (nullable: the name): "p-" + a slug of the name
 * (its ASCII transliteration, lower-case [a-z0-9-], at most 40
 * characters, "proposal" when empty) + "-" + the first 10 hex digits of
 * SHA-256 (key). No mail text reaches it unfiltered, so it is safe as a
 * file name. The analysis keys a proposal named by a draft or by the
 * config with its name, and one named by a subject with its name and its
 * first thread, so that proposals of the same subject differ. */
char *mlg_proposal_make_id (const char *name, const char *key);

/* The longest slug of mlg_proposal_make_id(), in bytes. */
#define MLG_PROPOSAL_SLUG_MAX 40

/* Finds proposals among all those found by the last run (reported or
 * not, administrivia included): by id (MlgProposal.id, also with
 * ".html"), else by name (case-insensitive: every proposal of that
 * name), else by a draft they are grouped by, given with or without a
 * revision or a `.txt`/`.html` extension (`draft-foo-bar`,
 * `draft-foo-bar-03.txt`). Reported proposals come first, by rank, then
 * the others by score.
 * Returns: (transfer full) a GPtrArray of const MlgProposal * (borrowed
 * from the analysis); empty when none matches. */
GPtrArray *mlg_analysis_find_proposals (MlgAnalysis *analysis,
                                        const char *name);

/* ------------------------------------------------------------------ */
/* The proponent's self-check (`mlgauge check`)                         */
/* ------------------------------------------------------------------ */

/* What a self-check can find missing (MlgProposalCheck.missing). */
typedef enum {
    MLG_MISSING_CHECKLIST = 1 << 0,    /* the opening lacks checklist items
                                        * (priority signals aside) */
    MLG_MISSING_CHAIRS_CC = 1 << 1,    /* the opening did not CC a chair/AD
                                        * address (alias or roster) */
    MLG_MISSING_REPLY = 1 << 2,        /* nobody but the proponents wrote */
    MLG_MISSING_CHAIR_REPLY = 1 << 3,  /* no chair or AD (other than a
                                        * proponent) wrote */
    MLG_MISSING_REVISION = 1 << 4,     /* a draft proposal without a
                                        * revision in the window */
    MLG_MISSING_ANSWER = 1 << 5,       /* questions left unanswered */
} MlgMissing;

/* The findings of mlg_proposal_check(), over in-scope messages. Pointers
 * are borrowed from the analysis (valid as its other results); the arrays
 * are owned by the check. */
typedef struct {
    const MlgProposal *proposal;
    const MlgMessage *opening;     /* nullable: the opening mail */
    const MlgChecklistProfile *profile; /* the proposal's checklist */
    guint checklist_missing;       /* the entries of `profile` it lacks
                                    * (bit i: entry i), priority signals
                                    * included */
    GPtrArray *chairs_cc;          /* const char *: chair/AD addresses in
                                    * the opening's To/Cc, sorted */
    guint repliers;                /* people other than the proponents who
                                    * wrote (features.independent_people) */
    const MlgMessage *first_reply; /* nullable: the first message of such a
                                    * person at or after the opening */
    gint64 first_reply_after;      /* seconds after the opening; -1 */
    GPtrArray *chairs_replied;     /* const MlgMessage *: the first message
                                    * of each chair/AD who is not a
                                    * proponent, by date */
    int latest_revision;           /* -1 unknown */
    guint revisions_in_window;
    GPtrArray *unanswered;         /* const MlgMessage *: questions asked
                                    * by others that no proponent answered,
                                    * by date */
    guint missing;                 /* MlgMissing bits */
    GPtrArray *next_steps;         /* char *: what the proponent should do
                                    * next, one sentence per finding, in
                                    * their order (empty when nothing is
                                    * missing) */
} MlgProposalCheck;

/* Checks `proposal` the way its list's agenda-request checklist asks a
 * proponent to (DESIGN section 5):
 * - checklist: the entries of the proposal's checklist profile that the
 *   opening gives (MLG_MISSING_CHECKLIST when one that is not a priority
 *   signal is absent);
 * - chairs CC'd: a chair/AD address (a `*-chairs@`/`*-ads@` alias or a
 *   roster member of the opening's lists) among the opening's To/Cc;
 * - replies: somebody other than the proponents wrote (chairs count);
 * - chairs answered: a chair/AD who is not a proponent wrote, in any of
 *   the proposal's threads;
 * - revision: for a proposal with a draft, a revision was mentioned in the
 *   window (features.revisions_in_window > 0); a proposal without a draft
 *   is never missing one (the checklist's draft item covers that);
 * - questions: a message of somebody other than the proponents (automated
 *   mail aside) that asks a question (MlgMessage.question) is answered
 *   when a proponent's message dated up to the end of the window lies
 *   below it in the reply tree (a reply to it, or to any reply beneath
 *   it); otherwise it is listed in `unanswered` (MLG_MISSING_ANSWER).
 * Returns: (transfer full) the findings; free with
 * mlg_proposal_check_free(). */
MlgProposalCheck *mlg_proposal_check (MlgAnalysis *analysis,
                                      const MlgProposal *proposal);
void mlg_proposal_check_free (MlgProposalCheck *check);

/* For a name that mlg_analysis_find_proposal() did not find: proposals
 * whose name or draft contains `name`, or a word of it (of 4 characters
 * or more, other than "draft" and "ietf"), case-insensitively; reported
 * ones first by rank, then by score, then name; at most `max`.
 * Returns: (transfer full) a GPtrArray of const MlgProposal * (borrowed
 * from the analysis). */
GPtrArray *mlg_analysis_suggest_proposals (MlgAnalysis *analysis,
                                           const char *name, guint max);

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

/* Parses an ISO 8601 date (`2024-03-01`) or date-time
 * (`2024-03-01T12:00:00Z`, UTC when no zone is given) into seconds since
 * the epoch. A bare date means its first second, or its last one when
 * `end_of_day` is true (so `--until 2024-03-31` includes that day).
 * Errors: MLG_ANALYSIS_ERROR INVALID. */
bool mlg_parse_date (const char *text, bool end_of_day, gint64 *out,
                     GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgConfig, mlg_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgAnalysis, mlg_analysis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgProposalCheck, mlg_proposal_check_free)

G_END_DECLS
