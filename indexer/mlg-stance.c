/* mlg-stance.c - reading the stance a message's own words take.
 *
 * What people write when they agree or disagree falls into a few kinds,
 * and each kind says something different about what it is aimed at:
 *
 * - votes and explicit statements: "+1", "-1", "I agree", "I disagree",
 *   "I support this", "I object", "works for me", "not convinced";
 * - evaluations and hedges: "makes sense", "good point", "you're right",
 *   "I don't think", "I'm not sure that", "is a mistake";
 * - openers: a paragraph that starts "Yes." / "Exactly," / "No," /
 *   "Nope." answers whatever was just quoted or asked;
 * - statements that name the proposal itself: "I support adoption of
 *   this draft", "this should not be adopted";
 * - trailers on a patch: "Acked-by:", "Reviewed-by:", "Tested-by:" in
 *   the sender's own name ("Nacked-by:" objects), which are for the patch
 *   of the thread.
 *
 * All but those that name the proposal and trailers are aimed at what the
 * message answers (MLG_CUE_ANSWER, MLG_CUE_HEDGE): "+1" under an objection is an
 * objection, "I agree" under a side point is no stance on the proposal.
 * The indexer cannot know what was answered; the analysis does (it has
 * the reply tree and the proposal's proponents), so the text's stance is
 * stored with its cue and resolved there.
 *
 * A cue counts only when the speaker is the one taking the stance: a
 * phrase that names its speaker ("I agree", "+1") always; another ("makes
 * sense", "disagree") when a first-person word comes before it in its
 * clause or it opens a terse sentence. A negation among the three words
 * before a support cue turns it into an objection ("I don't support
 * this", "doesn't make sense"); a negated objection is no stance ("I
 * don't object"), and so is a cue behind "doesn't mean" or "not that"
 * ("this doesn't mean that I object"). Questions, quoted lines and code
 * lines take no stance.
 *
 * When a message has several cues, votes and explicit statements
 * outweigh evaluations and openers (a "+1" is not undone by a hedge about
 * a detail further down), and among equals the last one wins (people
 * conclude at the end: "After reading the thread, I am not convinced"). */
#include "mlg-stance-private.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* The cues                                                             */
/* ------------------------------------------------------------------ */

enum {
    /* A vote or an explicit statement: outweighs the others. */
    CUE_STRONG = 1 << 0,
    /* Counts only opening a paragraph, followed by punctuation ("Yes.",
     * "No, it isn't"): "yes" and "no" elsewhere are everyday words. */
    CUE_OPENER = 1 << 1,
    /* Names the proposal itself rather than what the message answers. */
    CUE_PROPOSAL = 1 << 2,
    /* A judgement ("makes sense", "is a mistake"): the writer's own,
     * unless it is only a condition ("if that makes sense"). */
    CUE_EVALUATION = 1 << 3,
};

/* The matcher's groups (see compiled()). */
enum { GROUP_OTHERS = 0, GROUP_OPENERS = 1 };

typedef struct {
    const char *phrase; /* lower-case, ASCII apostrophes */
    MlgStance stance;
    guint flags;
} Cue;

#define S MLG_STANCE_SUPPORT
#define O MLG_STANCE_OBJECTION

static const Cue builtin_cues[] = {
    /* Votes and agreement, said of what the message answers. */
    { "+1", S, CUE_STRONG },
    { "+100", S, CUE_STRONG },
    { "+many", S, CUE_STRONG },
    { ":+1:", S, CUE_STRONG },
    { "i agree", S, CUE_STRONG },
    { "i also agree", S, CUE_STRONG },
    { "i fully agree", S, CUE_STRONG },
    { "i completely agree", S, CUE_STRONG },
    { "i totally agree", S, CUE_STRONG },
    { "i strongly agree", S, CUE_STRONG },
    { "i generally agree", S, CUE_STRONG },
    { "i do agree", S, CUE_STRONG },
    { "i'd agree", S, CUE_STRONG },
    { "i would agree", S, CUE_STRONG },
    { "i have to agree", S, CUE_STRONG },
    { "i tend to agree", S, CUE_STRONG },
    { "inclined to agree", S, CUE_STRONG },
    { "we agree", S, CUE_STRONG },
    { "fully agree", S, CUE_STRONG },
    { "completely agree", S, CUE_STRONG },
    { "totally agree", S, CUE_STRONG },
    { "strongly agree", S, CUE_STRONG },
    { "agreed", S, CUE_STRONG | CUE_OPENER },
    { "agree with", S, CUE_STRONG },
    { "agree that", S, CUE_STRONG },
    { "agree this", S, CUE_STRONG },
    { "i concur", S, CUE_STRONG },
    { "we concur", S, CUE_STRONG },
    { "concur", S, CUE_STRONG },
    { "me too", S, CUE_STRONG },
    { "same here", S, CUE_STRONG },
    { "works for me", S, CUE_STRONG },
    { "work for me", S, CUE_STRONG },
    { "fine with me", S, CUE_STRONG },
    { "fine by me", S, CUE_STRONG },
    { "ok with me", S, CUE_STRONG },
    { "okay with me", S, CUE_STRONG },
    { "ok for me", S, CUE_STRONG },
    { "good with me", S, CUE_STRONG },
    { "lgtm", S, CUE_STRONG },
    { "looks good to me", S, CUE_STRONG },
    { "look good to me", S, CUE_STRONG },
    { "sounds good to me", S, CUE_STRONG },
    { "i support", S, CUE_STRONG },
    { "i'd support", S, CUE_STRONG },
    { "i would support", S, CUE_STRONG },
    { "we support", S, CUE_STRONG },
    { "i also support", S, CUE_STRONG },
    { "strongly support", S, CUE_STRONG },
    { "support this", S, CUE_STRONG },
    { "supportive", S, CUE_STRONG },
    { "in favour", S, CUE_STRONG },
    { "in favor", S, CUE_STRONG },
    { "i'm all for", S, CUE_STRONG },
    { "i am all for", S, CUE_STRONG },
    { "count me in", S, CUE_STRONG },
    { "happy to support", S, CUE_STRONG },
    { "i welcome", S, CUE_STRONG },
    { "i really welcome", S, CUE_STRONG },
    { "we welcome", S, CUE_STRONG },

    /* Offers of work are for the work proposed, whatever mail they
     * answer: the interest a chair looks for. */
    { "willing to review", S, CUE_STRONG | CUE_PROPOSAL },
    { "willing to contribute", S, CUE_STRONG | CUE_PROPOSAL },
    { "willing to implement", S, CUE_STRONG | CUE_PROPOSAL },
    { "willing to help", S, CUE_STRONG | CUE_PROPOSAL },
    { "happy to review", S, CUE_STRONG | CUE_PROPOSAL },
    { "happy to contribute", S, CUE_STRONG | CUE_PROPOSAL },
    { "will review", S, CUE_STRONG | CUE_PROPOSAL },
    { "would implement", S, CUE_STRONG | CUE_PROPOSAL },
    { "will implement", S, CUE_STRONG | CUE_PROPOSAL },

    /* Support that names the proposal itself. */
    { "support adoption", S, CUE_STRONG | CUE_PROPOSAL },
    { "support the adoption", S, CUE_STRONG | CUE_PROPOSAL },
    { "support its adoption", S, CUE_STRONG | CUE_PROPOSAL },
    { "support this draft", S, CUE_STRONG | CUE_PROPOSAL },
    { "support this proposal", S, CUE_STRONG | CUE_PROPOSAL },
    { "support this work", S, CUE_STRONG | CUE_PROPOSAL },
    { "support this effort", S, CUE_STRONG | CUE_PROPOSAL },
    { "support this initiative", S, CUE_STRONG | CUE_PROPOSAL },
    { "support the draft", S, CUE_STRONG | CUE_PROPOSAL },
    { "support the proposal", S, CUE_STRONG | CUE_PROPOSAL },
    { "support publication", S, CUE_STRONG | CUE_PROPOSAL },
    { "interested in this work", S, CUE_STRONG | CUE_PROPOSAL },

    /* Evaluations: agreement, but weaker than a vote. */
    { "sounds good", S, CUE_EVALUATION },
    { "sounds great", S, CUE_EVALUATION },
    { "sounds fine", S, CUE_EVALUATION },
    { "sounds reasonable", S, CUE_EVALUATION },
    { "sounds right", S, CUE_EVALUATION },
    { "sounds sensible", S, CUE_EVALUATION },
    { "sounds like a good idea", S, CUE_EVALUATION },
    { "sounds like a plan", S, CUE_EVALUATION },
    { "sounds useful", S, CUE_EVALUATION },
    { "looks good", S, CUE_EVALUATION },
    { "looks fine", S, CUE_EVALUATION },
    { "makes sense", S, CUE_EVALUATION },
    { "make sense", S, CUE_EVALUATION },
    { "makes perfect sense", S, CUE_EVALUATION },
    { "good point", S, CUE_EVALUATION },
    { "fair point", S, CUE_EVALUATION },
    { "valid point", S, CUE_EVALUATION },
    { "good catch", S, CUE_EVALUATION },
    { "fair enough", S, CUE_EVALUATION },
    { "good idea", S, CUE_EVALUATION },
    { "great idea", S, CUE_EVALUATION },
    { "nice idea", S, CUE_EVALUATION },
    { "sensible idea", S, CUE_EVALUATION },
    { "the right thing to do", S, CUE_EVALUATION },
    { "a step in the right direction", S, CUE_EVALUATION },
    { "a positive step", S, CUE_EVALUATION },
    { "you're right", S, 0 },
    { "you are right", S, 0 },
    { "you're correct", S, 0 },
    { "you are correct", S, 0 },
    { "that's right", S, CUE_EVALUATION },
    { "that is right", S, CUE_EVALUATION },
    { "that's correct", S, CUE_EVALUATION },
    { "that is correct", S, CUE_EVALUATION },
    { "that's true", S, CUE_EVALUATION },
    { "that is true", S, CUE_EVALUATION },
    { "very true", S, CUE_EVALUATION },
    { "i like this", S, 0 },
    { "i like it", S, 0 },
    { "i like that", S, 0 },
    { "i like the idea", S, 0 },
    { "i like the proposal", S, 0 },
    { "i like the suggestion", S, 0 },
    { "i'm happy with", S, 0 },
    { "i am happy with", S, 0 },
    { "i'm fine with", S, 0 },
    { "i am fine with", S, 0 },
    { "i'm ok with", S, 0 },
    { "i am ok with", S, 0 },
    { "i'm okay with", S, 0 },
    { "i am okay with", S, 0 },

    /* Openers: a paragraph that starts by answering. */
    { "yes", S, CUE_OPENER },
    { "yep", S, CUE_OPENER },
    { "yup", S, CUE_OPENER },
    { "yeah", S, CUE_OPENER },
    { "sure", S, CUE_OPENER },
    { "right", S, CUE_OPENER },
    { "exactly", S, CUE_OPENER },
    { "precisely", S, CUE_OPENER },
    { "indeed", S, CUE_OPENER },
    { "absolutely", S, CUE_OPENER },
    { "definitely", S, CUE_OPENER },
    { "certainly", S, CUE_OPENER },
    { "of course", S, CUE_OPENER },
    { "correct", S, CUE_OPENER },
    { "true", S, CUE_OPENER },
    { "agree", S, CUE_OPENER },
    { "ack", S, CUE_OPENER },
    { "no", O, CUE_OPENER },
    { "nope", O, CUE_OPENER },
    { "not really", O, CUE_OPENER },
    { "not quite", O, CUE_OPENER },
    { "not necessarily", O, CUE_OPENER },
    { "not exactly", O, CUE_OPENER },
    { "not always", O, CUE_OPENER },

    /* Votes and disagreement. */
    { "-1", O, CUE_STRONG },
    { "i disagree", O, CUE_STRONG },
    { "i strongly disagree", O, CUE_STRONG },
    { "i respectfully disagree", O, CUE_STRONG },
    { "we disagree", O, CUE_STRONG },
    { "disagree", O, CUE_STRONG },
    { "don't agree", O, CUE_STRONG },
    { "do not agree", O, CUE_STRONG },
    { "don't really agree", O, CUE_STRONG },
    { "can't agree", O, CUE_STRONG },
    { "cannot agree", O, CUE_STRONG },
    { "i object", O, CUE_STRONG },
    { "we object", O, CUE_STRONG },
    { "object to", O, CUE_STRONG },
    { "oppose", O, CUE_STRONG },
    { "i am opposed", O, CUE_STRONG },
    { "i'm opposed", O, CUE_STRONG },
    { "opposed to", O, CUE_STRONG },
    { "i am against", O, CUE_STRONG },
    { "i'm against", O, CUE_STRONG },
    { "not convinced", O, CUE_STRONG },
    { "do not support", O, CUE_STRONG },
    { "don't support", O, CUE_STRONG },
    { "cannot support", O, CUE_STRONG },
    { "can't support", O, CUE_STRONG },
    { "not a fan", O, CUE_STRONG },
    { "nack", O, CUE_STRONG },

    /* Objection that names the proposal itself. */
    { "against adoption", O, CUE_STRONG | CUE_PROPOSAL },
    { "oppose adoption", O, CUE_STRONG | CUE_PROPOSAL },
    { "object to adoption", O, CUE_STRONG | CUE_PROPOSAL },
    { "should not be adopted", O, CUE_STRONG | CUE_PROPOSAL },
    { "shouldn't be adopted", O, CUE_STRONG | CUE_PROPOSAL },
    { "not ready for adoption", O, CUE_STRONG | CUE_PROPOSAL },

    /* Doubts and evaluations: disagreement, weaker than a vote. */
    { "i don't think so", O, 0 },
    { "i don't think", O, 0 },
    { "i do not think", O, 0 },
    { "i don't believe", O, 0 },
    { "i do not believe", O, 0 },
    { "i'm not sure that", O, 0 },
    { "i am not sure that", O, 0 },
    { "i'm not sure this", O, 0 },
    { "i'm not sure it", O, 0 },
    { "i'm not sure we", O, 0 },
    { "i am not sure we", O, 0 },
    { "not so sure", O, 0 },
    { "i doubt", O, 0 },
    { "i'm skeptical", O, 0 },
    { "i am skeptical", O, 0 },
    { "i'm sceptical", O, 0 },
    { "i am sceptical", O, 0 },
    { "i'm not seeing", O, 0 },
    { "i don't see the need", O, 0 },
    { "i don't see a need", O, 0 },
    { "i don't see any need", O, 0 },
    { "i don't see the point", O, 0 },
    { "i don't see the value", O, 0 },
    { "i don't see much value", O, 0 },
    { "i don't see why", O, 0 },
    { "i don't see how", O, 0 },
    { "i don't see a reason", O, 0 },
    { "i don't see any reason", O, 0 },
    { "trouble seeing", O, 0 },
    { "i don't follow", O, 0 },
    { "that's not true", O, CUE_EVALUATION },
    { "that is not true", O, CUE_EVALUATION },
    { "that's not correct", O, CUE_EVALUATION },
    { "that is not correct", O, CUE_EVALUATION },
    { "that's not right", O, CUE_EVALUATION },
    { "that is not right", O, CUE_EVALUATION },
    { "that's not the case", O, CUE_EVALUATION },
    { "that is not the case", O, CUE_EVALUATION },
    { "that's wrong", O, CUE_EVALUATION },
    { "that is wrong", O, CUE_EVALUATION },
    { "bad idea", O, CUE_EVALUATION },
    { "is a mistake", O, CUE_EVALUATION },
    { "be a mistake", O, CUE_EVALUATION },
    { "i have concerns", O, 0 },
    { "i have some concerns", O, 0 },
    { "i have a concern", O, 0 },
    { "i'm concerned", O, 0 },
    { "i am concerned", O, 0 },
    { "i'm worried", O, 0 },
    { "i am worried", O, 0 },
    { "i'm really worried", O, 0 },
    { "i'd rather not", O, 0 },
    { "i would rather not", O, 0 },
    { "i'd prefer not", O, 0 },
    { "i would prefer not", O, 0 },
    { "i don't like", O, 0 },
    { "i do not like", O, 0 },
};

#undef S
#undef O

/* Words that, among the three before a support cue, turn it into an
 * objection ("I do not support", "that doesn't make sense"). */
static const char *const negations[] = {
    "not",      "don't",    "dont",   "do not",  "can't", "cannot",    "won't",
    "wouldn't", "couldn't", "isn't",  "doesn't", "never", "no longer", "unable",
    "nor",      "hardly",   "aren't", "wasn't",  NULL,
};

/* Before a cue in its clause, these say the speaker does NOT take it:
 * "this doesn't mean that I object", "not that I disagree". */
static const char *const disclaimers[] = {
    "doesn't mean", "does not mean", "didn't mean", "did not mean",
    "not that",     "not because",   "not saying",  "wouldn't say",
    "not to say",   "isn't to say",  NULL,
};

/* A judgement after these is a condition, a concession or a suggestion,
 * not the writer's view of what was said: "if that makes sense", "while
 * it makes sense to have a registry, ...", "it might be a good idea". */
static const char *const conditions[] = {
    "if",    "whether", "unless", "once",  "so that", "while", "although",
    "though", "might",  "may",    "could", "would",   "should", NULL,
};

/* A judgement counts when it is about what is on the table ("that's a
 * good idea", "this makes sense"), opens its sentence ("Makes sense."),
 * or is framed as the writer's opinion ("I think adding tags is a
 * mistake"). "Splitting the secrets is a good idea" is the writer's own
 * suggestion, and "it is a good idea to check" is advice. */
static const char *const deictics[] = {
    "this", "that", "that's", "this's", "it", "it's", "which", "sounds",
    "seems", "looks", NULL,
};

static const char *const opinions[] = {
    "i think", "i believe", "i feel", "imo", "imho", "in my opinion",
    "i'd say", "i would say", "to me", "for me", NULL,
};

/* Trailers give a stance on the patch of the thread, whichever mail of
 * the thread they answer: an ack is for the patch, never for a side
 * point. "Signed-off-by:" in a reply usually signs a patch of one's own;
 * in a reply without a diff it can only endorse the patch (policy patches
 * collect sign-offs that way). */
static const struct {
    const char *tag;
    MlgStance stance;
    bool needs_no_diff;
} trailers[] = {
    { "acked-by:", MLG_STANCE_SUPPORT, false },
    { "reviewed-by:", MLG_STANCE_SUPPORT, false },
    { "tested-by:", MLG_STANCE_SUPPORT, false },
    { "signed-off-by:", MLG_STANCE_SUPPORT, true },
    { "nacked-by:", MLG_STANCE_OBJECTION, false },
};

/* Whether `text` carries a patch of its own. */
static bool
has_diff (const char *text)
{
    return strstr (text, "\ndiff --git ") != NULL
           || g_str_has_prefix (text, "diff --git ")
           || strstr (text, "\n+++ ") != NULL || strstr (text, "\n@@ ") != NULL;
}

struct _MlgStancePhrases {
    GPtrArray *added[3];        /* char *, per MlgStance (NONE unused) */
    GArray *cues;               /* Cue: built-in, then added; compiled */
    MlgPhraseMatcher *matcher;  /* phrase n is cues[n]; compiled */
};

MlgStancePhrases *
_mlg_stance_phrases_new_default (void)
{
    MlgStancePhrases *phrases = g_new0 (MlgStancePhrases, 1);

    phrases->added[MLG_STANCE_SUPPORT] =
        g_ptr_array_new_with_free_func (g_free);
    phrases->added[MLG_STANCE_OBJECTION] =
        g_ptr_array_new_with_free_func (g_free);
    return phrases;
}

void
_mlg_stance_phrases_free (MlgStancePhrases *phrases)
{
    if (phrases == NULL)
        return;
    g_clear_pointer (&phrases->added[MLG_STANCE_SUPPORT], g_ptr_array_unref);
    g_clear_pointer (&phrases->added[MLG_STANCE_OBJECTION],
                     g_ptr_array_unref);
    g_clear_pointer (&phrases->cues, g_array_unref);
    g_clear_pointer (&phrases->matcher, _mlg_phrase_matcher_free);
    g_free (phrases);
}

bool
_mlg_stance_phrases_add (MlgStancePhrases *phrases, MlgStance stance,
                         const char *phrase)
{
    g_autofree char *folded = NULL;

    g_return_val_if_fail (phrases != NULL && phrase != NULL, false);
    g_return_val_if_fail (stance == MLG_STANCE_SUPPORT
                              || stance == MLG_STANCE_OBJECTION,
                          false);
    folded = _mlg_extract_fold (phrase);
    if (*folded == '\0' || g_atomic_pointer_get (&phrases->matcher) != NULL)
        return false;
    g_ptr_array_add (phrases->added[stance], g_steal_pointer (&folded));
    return true;
}

const GPtrArray *
_mlg_stance_phrases_get_added (const MlgStancePhrases *phrases,
                               MlgStance stance)
{
    g_return_val_if_fail (phrases != NULL, NULL);
    g_return_val_if_fail (stance == MLG_STANCE_SUPPORT
                              || stance == MLG_STANCE_OBJECTION,
                          NULL);
    return phrases->added[stance];
}

/* Compiles the cues on first use. The struct is const to callers, but
 * the compiled form is a cache it owns; g_once_init_* makes the first use
 * thread-safe (the indexer's builder threads share one). */
static const MlgPhraseMatcher *
compiled (const MlgStancePhrases *phrases)
{
    MlgStancePhrases *own = (MlgStancePhrases *) phrases;
    MlgPhraseMatcher **slot = &own->matcher;

    if (g_once_init_enter (slot)) {
        MlgPhraseMatcher *matcher = _mlg_phrase_matcher_new ();
        GArray *cues = g_array_new (FALSE, FALSE, sizeof (Cue));

        g_array_append_vals (cues, builtin_cues,
                             G_N_ELEMENTS (builtin_cues));
        for (MlgStance s = MLG_STANCE_SUPPORT; s <= MLG_STANCE_OBJECTION;
             s++)
            for (guint i = 0; i < own->added[s]->len; i++) {
                Cue cue = { own->added[s]->pdata[i], s, CUE_STRONG };
                g_array_append_val (cues, cue);
            }
        /* Openers in a group of their own: "yes", "no" and "right" are
         * in most mail, but count only opening a paragraph. */
        for (guint i = 0; i < cues->len; i++) {
            const Cue *cue = &g_array_index (cues, Cue, i);
            _mlg_phrase_matcher_add (matcher, cue->phrase,
                                     (cue->flags & CUE_OPENER)
                                         ? GROUP_OPENERS
                                         : GROUP_OTHERS,
                                     NULL);
        }
        own->cues = cues;
        g_once_init_leave (slot, matcher);
    }
    return *slot;
}

/* ------------------------------------------------------------------ */
/* Who speaks                                                           */
/* ------------------------------------------------------------------ */

static bool
str_in (const char *s, const char *const *list)
{
    for (guint i = 0; list[i] != NULL; i++)
        if (strcmp (s, list[i]) == 0)
            return true;
    return false;
}

static bool
contains_phrase (const char *haystack, const char *phrase)
{
    return _mlg_phrase_find (haystack, phrase, 0) >= 0;
}

/* Returns: (transfer full) the text of the last `words` words of
 * `folded` before byte `pos`, cut at the last clause punctuation in
 * `stops` (in "no doubt, I support this" the "no" belongs to another
 * clause). */
static char *
clause_before (const char *folded, gsize pos, int words, const char *stops)
{
    gsize start = pos;
    char *window;

    while (start > 0 && words > 0) {
        while (start > 0 && folded[start - 1] == ' ')
            start--;
        if (start == 0)
            break;
        while (start > 0 && folded[start - 1] != ' ')
            start--;
        words--;
    }
    window = g_strndup (folded + start, pos - start);
    for (char *p = window + strlen (window); p > window; p--)
        if (strchr (stops, p[-1]) != NULL) {
            memmove (window, p, strlen (p) + 1);
            break;
        }
    return window;
}

static bool
any_in (const char *text, const char *const *phrases)
{
    for (guint i = 0; phrases[i] != NULL; i++)
        if (contains_phrase (text, phrases[i]))
            return true;
    return false;
}

static const char *const first_person[]
    = { "i",     "i'd",   "i'm", "i've", "i'll", "we", "we'd", "we're",
        "we've", "we'll", "me",  "my",   "our",  "us", NULL };

/* Whether a phrase names its speaker itself ("i agree", "+1"). */
static bool
phrase_is_personal (const char *phrase)
{
    if (phrase[0] == '+' || phrase[0] == '-' || phrase[0] == ':')
        return true;
    return any_in (phrase, first_person);
}

/* Words that may come before an impersonal cue at the start of a terse
 * sentence ("Strongly support adoption.", "Totally agreed.", "Not
 * convinced."), and the words of willingness an infinitive needs ("happy
 * to support this" states support; "needs to support this" does not). */
static const char *const sentence_openers[]
    = { "also",    "strongly",   "fully",      "definitely", "so",
        "yes",     "ok",         "okay",       "and",        "but",
        "still",   "then",       "personally", "just",       "really",
        "totally", "absolutely", "hence",      "thus",       "therefore",
        "agreed",  "this",       "it",         "that",       "i",
        "we",      "agree",      "am",         "are",        "would",
        "will",    "very",       "not",        "+1",         "+1,",
        "+1.",     "overall",    "generally",  "mostly",     NULL };

static const char *const willingness[]
    = { "happy",   "glad", "willing", "like",  "love",
        "pleased", "keen", "eager",   "ready", NULL };

/* Returns: (transfer full) the `n`-th word (1 = last) of `text`, or NULL. */
static char *
word_from_end (const char *text, int n)
{
    g_auto (GStrv) words = g_strsplit (text, " ", -1);
    int count = 0;

    for (int i = (int) g_strv_length (words) - 1; i >= 0; i--) {
        if (words[i][0] == '\0')
            continue;
        if (++count == n)
            return g_strdup (words[i]);
    }
    return NULL;
}

/* Technical lists say "the driver does not support X" and "needs to be
 * extended to support this" all the time. An impersonal cue therefore
 * counts only when the speaker is the subject: a first-person word among
 * the ten words before it in the same clause ("we maintain such tables
 * and would be willing to review"), or the cue opens a terse sentence
 * after a few opening words. */
static bool
speaker_is_subject (const char *folded, gsize pos)
{
    gsize start = pos;
    int words = 0;
    g_autofree char *window = NULL;
    g_autofree char *last = NULL;
    char *clause;

    while (start > 0 && words < 10) {
        while (start > 0 && folded[start - 1] == ' ')
            start--;
        if (start == 0)
            break;
        while (start > 0 && folded[start - 1] != ' ')
            start--;
        words++;
    }
    window = g_strndup (folded + start, pos - start);
    clause = window + strlen (window);
    while (clause > window && strchr (",;:(", clause[-1]) == NULL)
        clause--;

    last = word_from_end (clause, 1);
    if (last != NULL && strcmp (last, "to") == 0) {
        g_autofree char *before = word_from_end (clause, 2);
        if (before == NULL || !str_in (before, willingness))
            return false;
    }
    if (any_in (clause, first_person))
        return true;
    if (clause != window || start > 0)
        return false;
    /* The whole sentence before the cue is in the window: it may only
     * hold opening words. */
    {
        g_auto (GStrv) opening = g_strsplit (window, " ", -1);
        for (guint i = 0; opening[i] != NULL; i++)
            if (opening[i][0] != '\0' && !str_in (opening[i], sentence_openers))
                return false;
    }
    return true;
}

/* "+1" and "-1" are numbers too: in code ("x == -1", "return -1;",
 * "init to -1") they say nothing. A sign counts when what precedes it on
 * the line is not an operator or "to", and it is not a decimal. */
static bool
sign_is_stance (const char *folded, gsize pos)
{
    static const char *const voters[]
        = { "big", "strong", "strongly",   "huge", "another", "also",
            "a",   "me",     "my",         "i'm",  "am",      "we're",
            "are", "so",     "and",        "yes",  "ok",      "okay",
            "now", "still",  "definitely", "then", "overall", "+1",
            "-1",  "+1,",    "-1,",        "+1.",  "-1.",     "i'd",
            "i",   "we",     "would",      NULL };
    gsize len = strlen (folded);
    gsize b = pos;
    gsize end = pos + 1;
    g_autofree char *before = NULL;
    g_autofree char *word = NULL;
    gsize wlen;

    while (end < len && g_ascii_isalnum (folded[end]))
        end++;
    if (end < len && (folded[end] == '.' || folded[end] == ',')
        && g_ascii_isdigit (folded[end + 1]))
        return false;
    if (end < len && strchr (";)]", folded[end]) != NULL)
        return false;
    while (b > 0 && folded[b - 1] == ' ')
        b--;
    if (b > 0 && strchr ("=<>(:[+-*/&|", folded[b - 1]) != NULL)
        return false;
    /* A vote opens its sentence ("+1", "Big +1 from me") or follows the
     * voter ("I'm -1 on this"); anywhere else the sign is more likely a
     * value ("returns -1", "a hard-coded -1", "bridge: -1"). */
    before = g_strndup (folded, b);
    word = word_from_end (before, 1);
    if (word == NULL || str_in (word, voters))
        return true;
    /* An interjection before the vote: "Thanks, +1", "Great! +1". */
    wlen = strlen (word);
    return (word[wlen - 1] == ',' || word[wlen - 1] == '!')
           && strpbrk (word, "()[]{}=<>/$\"") == NULL;
}

/* "In favour of" is also plain English for "instead of" ("dropped in
 * favour of the new API"): it counts only with an object that is the
 * proposal itself, or what the message answers ("in favour of this"). */
static bool
favour_counts (const char *folded, const char *phrase, gsize pos)
{
    static const char *const objects[]
        = { "this", "it",          "that",       "adoption", "adopting",
            "the",  "dispatching", "moving",     "working",  "a",
            "an",   "progressing", "publishing", "option",   "switching",
            NULL };
    static const char *const nouns[]
        = { "draft", "proposal", "work", "adoption", "document", "idea",
            "change", "approach", NULL };
    const char *after = folded + pos + strlen (phrase);
    g_autofree char *word = NULL;
    const char *end;

    if (!g_str_has_prefix (after, " of "))
        return true;
    after += 4;
    end = after + strcspn (after, " .,;!?");
    word = g_strndup (after, end - after);
    if (!str_in (word, objects))
        return false;
    if (strcmp (word, "the") == 0 || strcmp (word, "a") == 0
        || strcmp (word, "an") == 0) {
        g_autofree char *noun = NULL;

        after = end + (*end == ' ' ? 1 : 0);
        end = after + strcspn (after, " .,;!?");
        noun = g_strndup (after, end - after);
        return str_in (noun, nouns);
    }
    return true;
}

/* "I support" is also what a maintainer says of a feature ("we support
 * a few already for gcc", "we support mmap"): it counts only when what
 * is supported is the proposal or what the message answers: nothing
 * (end of the sentence), a pronoun, a possessive ("Jane's idea"), or a
 * word for a proposal. */
static bool
support_object_counts (const char *folded, const char *phrase, gsize pos)
{
    static const char *const objects[]
        = { "this",     "it",        "that",       "these",   "them",
            "adoption", "adopting",  "publishing", "moving",  "progressing",
            "your",     "his",       "her",        "their",   "both",
            "option",   "the",       "a",          "an",      "fully",
            "strongly", "wholeheartedly", "its",   "him",     "you",
            "all",      "what",      NULL };
    static const char *const nouns[]
        = { "draft",    "proposal", "work",     "adoption", "document",
            "idea",     "change",   "approach", "effort",   "initiative",
            "plan",     "patch",    "series",   "motion",   "suggestion",
            "decision", "request",  "topic",    "direction", "goal",
            "above",    NULL };
    const char *after = folded + pos + strlen (phrase);
    g_autofree char *word = NULL;
    const char *end;

    while (*after == ' ')
        after++;
    end = after + strcspn (after, " .,;!?");
    if (end == after)
        return true;
    word = g_strndup (after, end - after);
    if (g_str_has_suffix (word, "'s"))
        return true;
    if (!str_in (word, objects))
        return false;
    if (strcmp (word, "the") == 0 || strcmp (word, "a") == 0
        || strcmp (word, "an") == 0) {
        g_autofree char *noun = NULL;

        after = end + (*end == ' ' ? 1 : 0);
        end = after + strcspn (after, " .,;!?");
        noun = g_strndup (after, end - after);
        return str_in (noun, nouns);
    }
    return true;
}

/* "a good idea to check", "makes sense for servers": advice about doing
 * something, where "makes sense to me" is the writer's view. */
static bool
is_advice (const char *after)
{
    static const char *const persons[]
        = { " to me", " to us", " for me", " for us", NULL };

    if (!g_str_has_prefix (after, " to ") && !g_str_has_prefix (after, " for "))
        return false;
    for (guint i = 0; persons[i] != NULL; i++)
        if (g_str_has_prefix (after, persons[i])
            && !g_ascii_isalnum (after[strlen (persons[i])]))
            return false;
    return true;
}

static bool
judgement_counts (const char *folded, const char *phrase, gsize pos)
{
    g_autofree char *clause = clause_before (folded, pos, 8, ",;:(");
    g_autofree char *near = clause_before (folded, pos, 3, ",;:(");
    g_autofree char *sentence = g_strndup (folded, pos);
    const char *after = folded + pos + strlen (phrase);

    if (any_in (clause, conditions))
        return false;
    /* "it is a good idea to check", "makes sense to update them". */
    if (is_advice (after))
        return false;
    g_strstrip (clause);
    if (*clause == '\0')
        return true;
    return any_in (near, deictics) || any_in (sentence, opinions);
}

/* "We welcome your comments", "I welcome counterexamples": a courtesy
 * that asks for more input, not agreement with anything. */
static bool
welcomes_input (const char *after)
{
    static const char *const input[]
        = { "comments",    "comment",     "feedback",  "input",
            "suggestions", "questions",   "reviews",   "review",
            "discussion",  "contributions", "thoughts", "opinions",
            "counterexamples", "corrections", "any",   NULL };
    g_auto (GStrv) words = g_strsplit (after, " ", 5);
    guint n = 0;

    /* The object, after a determiner or two ("your", "any further"). */
    for (guint i = 0; words[i] != NULL && n < 4; i++) {
        g_autofree char *word = g_strndup (words[i], strcspn (words[i],
                                                              ".,;:!?"));
        if (*word == '\0')
            continue;
        n++;
        if (str_in (word, input))
            return true;
    }
    return false;
}

/* An opener counts at the very start of a paragraph's first sentence
 * (after an interjection such as "oh" or "well"), followed by
 * punctuation: "Yes.", "No, it is not", "Exactly -". "Yes, but ..." and
 * "Sure, however ..." concede a point to argue another: no stance. */
static bool
opener_counts (const char *folded, const char *phrase, gsize pos)
{
    static const char *const fillers[]
        = { "oh", "oh,", "well", "well,", "hmm", "hmm,", "ah", "ah,", NULL };
    static const char *const turns[]
        = { "but", "however", "though", "although", NULL };
    const char *after = folded + pos + strlen (phrase);

    if (pos > 0) {
        g_autofree char *before = g_strndup (folded, pos);
        g_auto (GStrv) words = g_strsplit (g_strstrip (before), " ", -1);

        for (guint i = 0; words[i] != NULL; i++)
            if (!str_in (words[i], fillers))
                return false;
    }
    if (*after != '\0' && strchr (".,!;:-", *after) == NULL
        && !g_str_has_prefix (after, " -")
        && !g_str_has_prefix (after, " \xe2\x80\x94"))
        return false;
    if (any_in (after, turns))
        return false;
    return true;
}

/* ------------------------------------------------------------------ */
/* Reading a message                                                    */
/* ------------------------------------------------------------------ */

typedef struct {
    MlgStance stance;
    bool strong;
    MlgStanceCue cue;
    const char *evidence; /* borrowed: the sentence or line */
} Finding;

/* Keeps `found` if it outweighs `best`: strong over weak, then the later
 * one (callers find cues in text order). */
static void
consider (Finding *best, const Finding *found)
{
    if (best->stance == MLG_STANCE_NONE || found->strong || !best->strong)
        *best = *found;
}

/* The cue of `cue` at byte `pos` of the folded sentence: what it gives,
 * or NONE when it does not count there. */
static MlgStance
cue_at (const Cue *cue, const char *folded, gsize pos, bool opens_paragraph)
{
    const char *phrase = cue->phrase;

    if (cue->flags & CUE_OPENER) {
        /* "Agreed." may close a paragraph too; "Yes." answers only at
         * the start of one. */
        if ((!opens_paragraph && !(cue->flags & CUE_STRONG))
            || !opener_counts (folded, phrase, pos))
            return MLG_STANCE_NONE;
    } else if (phrase[0] == '+' || phrase[0] == '-') {
        if (!sign_is_stance (folded, pos))
            return MLG_STANCE_NONE;
    } else if ((g_str_has_suffix (phrase, "in favour")
                || g_str_has_suffix (phrase, "in favor"))
               && !favour_counts (folded, phrase, pos)) {
        return MLG_STANCE_NONE;
    } else if (cue->flags & CUE_EVALUATION) {
        if (!judgement_counts (folded, phrase, pos))
            return MLG_STANCE_NONE;
    } else if (!phrase_is_personal (phrase)
               && !speaker_is_subject (folded, pos)) {
        return MLG_STANCE_NONE;
    }
    if (g_str_has_suffix (phrase, "support")
        && !support_object_counts (folded, phrase, pos))
        return MLG_STANCE_NONE;
    if (g_str_has_suffix (phrase, "welcome")
        && welcomes_input (folded + pos + strlen (phrase)))
        return MLG_STANCE_NONE;
    {
        g_autofree char *clause = clause_before (folded, pos, 8, ",;:(");
        if (any_in (clause, disclaimers))
            return MLG_STANCE_NONE;
    }
    if (!(cue->flags & CUE_OPENER)) {
        g_autofree char *near = clause_before (folded, pos, 3, ",;:");
        if (any_in (near, negations))
            return cue->stance == MLG_STANCE_SUPPORT ? MLG_STANCE_OBJECTION
                                                     : MLG_STANCE_NONE;
    }
    return cue->stance;
}

static int
compare_hits (gconstpointer a, gconstpointer b)
{
    const gsize *x = a, *y = b;

    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* The cues of one sentence, in text order, into `best`. Only the cues in
 * `present` (found in the whole text) are looked for. */
static void
read_sentence (const MlgStancePhrases *phrases, const guint8 *present,
               const MlgSentence *sentence, Finding *best)
{
    g_autofree char *folded = _mlg_extract_fold (sentence->text);
    gsize len = strlen (folded);
    g_autoptr (GArray) hits = g_array_new (FALSE, FALSE, sizeof (gsize) * 2);

    /* "Do you support this?" asks; it does not state. "If everyone
     * agrees, I'd support it" states a condition. */
    if (len > 0 && folded[len - 1] == '?')
        return;
    if (g_str_has_prefix (folded, "if ") || g_str_has_prefix (folded, "unless ")
        || g_str_has_prefix (folded, "whether "))
        return;
    for (guint i = 0; i < phrases->cues->len; i++) {
        if (!present[i])
            continue;
        for (gssize at = _mlg_phrase_find (folded, g_array_index (
                                                        phrases->cues, Cue,
                                                        i).phrase,
                                           0);
             at >= 0;
             at = _mlg_phrase_find (folded,
                                    g_array_index (phrases->cues, Cue,
                                                   i).phrase,
                                    at + 1)) {
            gsize hit[2] = { (gsize) at, i };
            g_array_append_vals (hits, hit, 1);
        }
    }
    g_array_sort (hits, compare_hits);
    /* In text order; at one place the longest cue ("i don't think so"
     * over "i don't think"), which is the more specific reading. */
    for (guint h = 0; h < hits->len; h++) {
        const gsize *hit = &g_array_index (hits, gsize, h * 2);
        const Cue *cue = &g_array_index (phrases->cues, Cue, hit[1]);
        bool shadowed = false;
        Finding found;

        for (guint k = 0; k < hits->len && !shadowed; k++) {
            const gsize *other = &g_array_index (hits, gsize, k * 2);
            const Cue *o = &g_array_index (phrases->cues, Cue, other[1]);
            /* A longer cue covering this one wins. */
            shadowed = k != h && other[0] <= hit[0]
                       && other[0] + strlen (o->phrase)
                              >= hit[0] + strlen (cue->phrase)
                       && strlen (o->phrase) > strlen (cue->phrase);
        }
        if (shadowed)
            continue;
        found.stance = cue_at (cue, folded, hit[0], sentence->opens_paragraph);
        if (found.stance == MLG_STANCE_NONE)
            continue;
        found.strong = (cue->flags & CUE_STRONG) != 0;
        found.cue = (cue->flags & CUE_PROPOSAL) ? MLG_CUE_PROPOSAL
                    : found.strong             ? MLG_CUE_ANSWER
                                               : MLG_CUE_HEDGE;
        found.evidence = sentence->text;
        consider (best, &found);
    }
}

/* Trailers in the sender's own name. */
static void
read_trailers (const char *new_text, const MlgStanceSender *sender,
               GPtrArray *keep, Finding *best)
{
    g_auto (GStrv) lines = NULL;
    g_autofree char *name = NULL;
    g_autofree char *address = NULL;

    if (sender == NULL
        || (strstr (new_text, "-by:") == NULL
            && strstr (new_text, "-By:") == NULL))
        return;
    if (sender->name != NULL && g_utf8_strlen (sender->name, -1) >= 2)
        name = _mlg_extract_fold (sender->name);
    if (sender->address != NULL && *sender->address != '\0')
        address = _mlg_extract_fold (sender->address);
    lines = g_strsplit (new_text, "\n", -1);
    /* Somebody else's "...-by:" line beside the sender's means the text
     * shows a commit's trailers (an example, a copied patch), not the
     * sender's own endorsement: one's ack stands alone. */
    for (guint i = 0; lines[i] != NULL; i++) {
        g_autofree char *line = _mlg_extract_fold (g_strstrip (lines[i]));
        const char *colon = strstr (line, "-by:");
        const char *who;

        if (colon == NULL || strchr (line, ' ') < colon)
            continue;
        who = colon + strlen ("-by:");
        if ((name == NULL || strstr (who, name) == NULL)
            && (address == NULL || strstr (who, address) == NULL))
            return;
    }
    for (guint i = 0; lines[i] != NULL; i++) {
        g_autofree char *line = _mlg_extract_fold (g_strstrip (lines[i]));

        for (guint t = 0; t < G_N_ELEMENTS (trailers); t++) {
            const char *who;
            Finding found;

            if (!g_str_has_prefix (line, trailers[t].tag)
                || (trailers[t].needs_no_diff && has_diff (new_text)))
                continue;
            who = line + strlen (trailers[t].tag);
            if ((name == NULL || strstr (who, name) == NULL)
                && (address == NULL || strstr (who, address) == NULL))
                continue;
            found.stance = trailers[t].stance;
            found.strong = true;
            found.cue = MLG_CUE_PROPOSAL;
            found.evidence = lines[i];
            g_ptr_array_add (keep, g_strdup (lines[i]));
            found.evidence = keep->pdata[keep->len - 1];
            consider (best, &found);
        }
    }
}

/* Whether some line starts with one of the openers in `present`. Most
 * mail has "yes", "no" or "right" somewhere but none of them opening a
 * paragraph, which is the only place an opener counts: this cheap look
 * at line starts spares such mail being cut into sentences for nothing.
 * It may say yes wrongly, never no wrongly: every paragraph starts a
 * line, and the interjections opener_counts() allows are skipped. */
static bool
may_open_with_cue (const MlgStancePhrases *phrases, const guint8 *present,
                   const char *text)
{
    static const char *const fillers[] = { "oh", "well", "hmm", "ah", NULL };
    const Cue *openers[32];
    guint n_openers = 0;

    for (guint i = 0; i < phrases->cues->len; i++) {
        const Cue *cue = &g_array_index (phrases->cues, Cue, i);
        if (present[i] && (cue->flags & CUE_OPENER)) {
            if (n_openers == G_N_ELEMENTS (openers))
                return true;
            openers[n_openers++] = cue;
        }
    }
    for (const char *line = text; line != NULL && *line != '\0';) {
        const char *p = line;

        while (*p == ' ' || *p == '\t')
            p++;
        for (guint f = 0; fillers[f] != NULL; f++) {
            gsize n = strlen (fillers[f]);
            if (g_ascii_strncasecmp (p, fillers[f], n) == 0
                && (p[n] == ',' || p[n] == ' ')) {
                p += n;
                while (*p == ',' || *p == ' ')
                    p++;
                break;
            }
        }
        for (guint i = 0; g_ascii_isalpha (*p) && i < n_openers; i++) {
            gsize n = strlen (openers[i]->phrase);

            if (g_ascii_strncasecmp (p, openers[i]->phrase, n) == 0
                && !g_ascii_isalnum (p[n]))
                return true;
        }
        line = strchr (line, '\n');
        if (line != NULL)
            line++;
    }
    return false;
}

MlgStance
_mlg_extract_stance (const MlgStancePhrases *phrases, const char *new_text,
                     const MlgStanceSender *sender, MlgStanceCue *cue,
                     char **quote)
{
    g_autoptr (GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
    g_autofree guint8 *present = NULL;
    const MlgPhraseMatcher *matcher;
    Finding best = { MLG_STANCE_NONE, false, MLG_CUE_ANSWER, NULL };

    if (quote != NULL)
        *quote = NULL;
    if (cue != NULL)
        *cue = MLG_CUE_ANSWER;
    g_return_val_if_fail (phrases != NULL, MLG_STANCE_NONE);
    if (new_text == NULL || !g_utf8_validate (new_text, -1, NULL))
        return MLG_STANCE_NONE;

    /* Most messages take no stance: one pass over the whole folded text
     * for any cue at all saves splitting and folding every sentence. A
     * cue that occurs in a sentence also occurs in the whole text
     * (sentences are cut where the text has white space), so only the
     * cues found here are looked for in the sentences. */
    matcher = compiled (phrases);
    present = g_malloc0 (phrases->cues->len);
    {
        g_autofree char *all = _mlg_extract_fold (new_text);

        guint32 groups = _mlg_phrase_matcher_scan (matcher, all, present);

        if (groups == 1u << GROUP_OPENERS
            && !may_open_with_cue (phrases, present, new_text))
            groups = 0;
        if (groups != 0) {
            g_autoptr (GPtrArray) sentences =
                _mlg_extract_sentences (new_text);
            /* Only openers occur: only a paragraph's first sentence can
             * hold one that counts. */
            bool openers_only = groups == 1u << GROUP_OPENERS;



            for (guint i = 0; i < sentences->len; i++) {
                const MlgSentence *sentence = sentences->pdata[i];
                if (!openers_only || sentence->opens_paragraph)
                    read_sentence (phrases, present, sentence, &best);
            }
            if (best.evidence != NULL)
                g_ptr_array_add (keep, g_strdup (best.evidence));
            if (best.evidence != NULL)
                best.evidence = keep->pdata[keep->len - 1];
        }
    }
    read_trailers (new_text, sender, keep, &best);
    if (best.stance == MLG_STANCE_NONE)
        return MLG_STANCE_NONE;
    if (cue != NULL)
        *cue = best.cue;
    if (quote != NULL)
        *quote = _mlg_extract_quote (best.evidence);
    return best.stance;
}
