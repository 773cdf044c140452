/* mlg-checklist.c - the agenda-request checklists a list's chairs hold
 * requests to, and which of their items a proposal's opening mail gives.
 * Every output (CSV, HTML, JSON, `check`) reads the profile and the bits
 * computed here, so an item has one name, one label and one piece of
 * advice. */
#include "mlg-analysis-private.h"

#include <string.h>

/* How an item is recognised: any of the opening mail's checklist signals
 * (found by the indexer in its words and links), or one fact the analysis
 * knows about the request. */
typedef enum {
    TEST_SIGNALS,          /* opening->checklist & signals */
    TEST_CHAIRS_CC,        /* a chair or AD address among the recipients */
    TEST_DRAFT,            /* a draft pointer, or the proposal is a draft */
    TEST_SLIDES,           /* a link to slides */
    TEST_OUTSIDE_INTEREST, /* somebody other than the proponents supports
                            * it, or the request points to earlier
                            * discussion */
} Test;

typedef struct {
    Test test;
    guint signals;         /* MlgChecklistItem bits, for TEST_SIGNALS */
} Rule;

/* The SECDISPATCH guidance's eight items, in its order; the ids are the
 * indexer's names of the signals (mlg_checklist_item_to_string()). */
static const MlgChecklistEntry secdispatch_entries[] = {
    { "draft", "Pointers to the draft",
      "a link to the Internet-Draft (https://datatracker.ietf.org/doc/...)",
      false },
    { "prior-discussion", "Pointers to prior discussion",
      "links to earlier discussion (mail archive threads, meeting minutes)",
      false },
    { "implementation", "Pointers to implementations",
      "links to implementations or running code, if there are any", false },
    { "background", "Background material",
      "background material: slides, use cases, a problem statement", false },
    { "wg-engagement", "Prior engagement with working groups",
      "which existing working groups have seen the work and what they said",
      false },
    { "who", "Who would advance the work",
      "who would do the work: authors, contributors, reviewers", false },
    { "next-step", "Desired next step",
      "the outcome you want: new WG, BoF, AD sponsorship, existing WG, or "
      "more discussion",
      false },
    { "time", "Desired meeting time",
      "how much agenda time you ask for (e.g. 10 minutes)", false },
};

static const Rule secdispatch_rules[] = {
    { TEST_SIGNALS, MLG_CHECK_DRAFT },
    { TEST_SIGNALS, MLG_CHECK_PRIOR_DISCUSSION },
    { TEST_SIGNALS, MLG_CHECK_IMPLEMENTATION },
    { TEST_SIGNALS, MLG_CHECK_BACKGROUND },
    { TEST_SIGNALS, MLG_CHECK_WG_ENGAGEMENT },
    { TEST_SIGNALS, MLG_CHECK_WHO },
    { TEST_SIGNALS, MLG_CHECK_NEXT_STEP },
    { TEST_SIGNALS, MLG_CHECK_TIME },
};

/* DISPATCH's 2026 rules: four requirements, then two signals that give a
 * request priority. Mail cannot show a presenter's registration, only
 * that the request names who would present or work on it; implementations
 * and interoperability are one signal in mail (the indexer's
 * implementation phrases include "interop" and "interoperability"). */
static const MlgChecklistEntry dispatch_2026_entries[] = {
    { "chairs-and-list", "Sent to the chairs and the list",
      "the chairs' address (dispatch-chairs@ietf.org) beside the list's",
      false },
    { "draft", "An Internet-Draft",
      "a link to the Internet-Draft in the Datatracker "
      "(https://datatracker.ietf.org/doc/...)",
      false },
    { "slides", "A slide deck",
      "a link to the slides you will present", false },
    { "presenter", "Who will present",
      "who will present (and register them as presenter for the session)",
      false },
    { "outside-interest", "Evidence of interest beyond the proponents",
      "pointers to discussion elsewhere, and people beyond the authors "
      "saying on the list that they want the work",
      true },
    { "interoperability", "Implementations or interoperability needs",
      "the implementations and the interoperability the work needs", true },
};

static const Rule dispatch_2026_rules[] = {
    { TEST_CHAIRS_CC, 0 },
    { TEST_DRAFT, MLG_CHECK_DRAFT },
    { TEST_SLIDES, 0 },
    { TEST_SIGNALS, MLG_CHECK_WHO },
    { TEST_OUTSIDE_INTEREST, MLG_CHECK_PRIOR_DISCUSSION },
    { TEST_SIGNALS, MLG_CHECK_IMPLEMENTATION },
};

G_STATIC_ASSERT (G_N_ELEMENTS (secdispatch_entries)
                 == G_N_ELEMENTS (secdispatch_rules));
G_STATIC_ASSERT (G_N_ELEMENTS (dispatch_2026_entries)
                 == G_N_ELEMENTS (dispatch_2026_rules));

typedef struct {
    MlgChecklistProfile profile;
    const Rule *rules;
} BuiltIn;

static const BuiltIn built_in[] = {
    { { "secdispatch", "SECDISPATCH agenda-request guidance",
        secdispatch_entries, G_N_ELEMENTS (secdispatch_entries) },
      secdispatch_rules },
    { { "dispatch-2026", "DISPATCH 2026 agenda-request rules",
        dispatch_2026_entries, G_N_ELEMENTS (dispatch_2026_entries) },
      dispatch_2026_rules },
};

static const char *const built_in_names[] = { "secdispatch",
                                              "dispatch-2026", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (built_in_names) == G_N_ELEMENTS (built_in) + 1);

const MlgChecklistProfile *
mlg_checklist_profile_find (const char *name)
{
    for (guint i = 0; name != NULL && i < G_N_ELEMENTS (built_in); i++)
        if (g_ascii_strcasecmp (name, built_in[i].profile.name) == 0)
            return &built_in[i].profile;
    return NULL;
}

const char *const *
mlg_checklist_profile_names (void)
{
    return built_in_names;
}

static const Rule *
rules_of (const MlgChecklistProfile *profile)
{
    for (guint i = 0; i < G_N_ELEMENTS (built_in); i++)
        if (profile == &built_in[i].profile)
            return built_in[i].rules;
    g_return_val_if_reached (NULL);
}

static bool
has_pointer (const MlgMessage *m, MlgPointerKind kind)
{
    for (guint k = 0; k < m->n_pointers; k++)
        if (m->pointers[k].kind == kind)
            return true;
    return false;
}

static bool
cc_chairs (MlgAnalysis *analysis, const MlgMessage *m)
{
    for (const char **r = m->recipients; *r != NULL; r++)
        if (_mlg_score_is_chair (analysis, *r, m))
            return true;
    return false;
}

static bool
is_given (MlgAnalysis *analysis, const MlgProposal *p, const Rule *rule)
{
    const MlgMessage *opening = p->opening;

    if (opening == NULL)
        return false;
    if (opening->checklist & rule->signals)
        return true;
    switch (rule->test) {
    case TEST_SIGNALS:
        return false;
    case TEST_CHAIRS_CC:
        return cc_chairs (analysis, opening);
    case TEST_DRAFT:
        return p->draft != NULL;
    case TEST_SLIDES:
        return has_pointer (opening, MLG_POINTER_SLIDES);
    case TEST_OUTSIDE_INTEREST:
        return p->features.supporters > 0;
    }
    return false;
}

guint
_mlg_checklist_given (MlgAnalysis *analysis, const MlgProposal *p)
{
    const MlgChecklistProfile *profile = p->checklist_profile;
    const Rule *rules = rules_of (profile);
    guint bits = 0;

    for (guint i = 0; rules != NULL && i < profile->n_entries; i++)
        if (is_given (analysis, p, &rules[i]))
            bits |= 1u << i;
    return bits;
}
