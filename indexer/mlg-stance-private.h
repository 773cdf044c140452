/* mlg-stance-private.h - the stance a message's own words take: support
 * or objection, what it is aimed at, and the sentence that says so.
 * Private to indexer/ (and its unit tests). */
#pragma once

#include "mlg-extract-private.h"

G_BEGIN_DECLS

/* The cues a stance is read from: the built-in rules (see mlg-stance.c),
 * plus phrases added from the config's `[stance]` group. Phrases may be
 * added until the first _mlg_extract_stance() call, which compiles
 * everything into one matcher; from then on the struct is only read, and
 * may be shared by threads. */
typedef struct _MlgStancePhrases MlgStancePhrases;

/* Returns: (transfer full) the built-in rules, with no added phrases. */
MlgStancePhrases *_mlg_stance_phrases_new_default (void);
void _mlg_stance_phrases_free (MlgStancePhrases *phrases);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgStancePhrases, _mlg_stance_phrases_free)

/* Adds a phrase (lower-cased here) that states `stance` (support or
 * objection) about what the message answers, as the config's `[stance]
 * support=` / `objection=` do. A support phrase after a negation ("not
 * ... <phrase>") is an objection; a negated objection is no stance.
 * Returns: false (and adds nothing) for an empty phrase or after the
 * phrases were compiled. */
bool _mlg_stance_phrases_add (MlgStancePhrases *phrases, MlgStance stance,
                              const char *phrase);

/* Returns: (transfer none) the phrases added with _mlg_stance_phrases_add()
 * for `stance`, in order (char *). */
const GPtrArray *_mlg_stance_phrases_get_added (const MlgStancePhrases *phrases,
                                                MlgStance stance);

/* What the sender is called, for trailers ("Acked-by: Jane Doe
 * <jane@example.com>" counts only in Jane's own mail). Both nullable. */
typedef struct {
    const char *name;
    const char *address;
} MlgStanceSender;

/* The stance one message's new text takes, and the kind of its cue.
 * Returns: support, objection or none. `cue` (nullable) receives the kind
 * of the decisive cue (which says what it is aimed at); `quote` (nullable) receives (transfer full)
 * the sentence or trailer line that gave it, at most 200 characters, or
 * NULL for none. `sender` is nullable. See mlg-stance.c for the rules. */
MlgStance _mlg_extract_stance (const MlgStancePhrases *phrases,
                               const char *new_text,
                               const MlgStanceSender *sender,
                               MlgStanceCue *cue, char **quote);

G_END_DECLS
