/* mlg-extract-private.h - what a message's own words point at and say:
 * draft/RFC/implementation/archive pointers, stance, checklist signals,
 * and the normalised subject. Private to indexer/ (and its unit tests).
 * All functions take UTF-8 text and never fail. */
#pragma once

#include "mlg-indexer.h"

G_BEGIN_DECLS

/* Phrase lists for stance detection; lower-case, matched on word
 * boundaries, case-insensitively. */
typedef struct {
    GPtrArray *support;   /* "+1", "i support", "support adoption", ... */
    GPtrArray *objection; /* "-1", "i object", "not convinced", ... */
    GPtrArray *negation;  /* "not", "don't", "do not", ... (flip support) */
} MlgStancePhrases;

/* Returns: (transfer full) the built-in phrase lists. */
MlgStancePhrases *_mlg_stance_phrases_new_default (void);
void _mlg_stance_phrases_free (MlgStancePhrases *phrases);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgStancePhrases, _mlg_stance_phrases_free)

/* Appends to `pointers` (MlgPointer *) every pointer in `text` not already
 * there (same kind, value and revision): Internet-Draft names in all forms
 * (`draft-ietf-x-y-03`, `draft-x-y.txt`, datatracker `/doc/draft-x-y/`
 * and `/doc/html/draft-x-y-02`, ietf.org/archive/id/...), normalised to
 * the name without revision, revision kept; RFC numbers (`RFC 9110`,
 * `rfc9110`, rfc-editor URLs) as "rfcN"; implementation repositories
 * (github.com/gitlab.com/codeberg.org/sr.ht/bitbucket owner/repo URLs);
 * mail-archive URLs (mailarchive.ietf.org, lists.*, /pipermail/, lore);
 * slides (datatracker /meeting/.../slides-..., .pdf/.pptx under
 * /proceedings/ or /materials/). */
void _mlg_extract_pointers (const char *text, GPtrArray *pointers);

/* Returns: the stance of `new_text` (support, objection or none); the
 * latest decisive sentence wins. A negation just before a support phrase
 * makes it an objection ("I do not support"). `quote` (nullable) receives
 * (transfer full) the sentence, trimmed to at most 200 characters. */
MlgStance _mlg_extract_stance (const MlgStancePhrases *phrases,
                               const char *new_text, char **quote);

/* Returns: (transfer full) (nullable) the first sentence of `new_text`
 * that asks a question, trimmed to at most 200 characters, or NULL.
 *
 * Deliberately simple: a sentence (split as for stances: quoted `>` lines
 * and code-like lines are skipped and end a sentence) asks when its last
 * character, after closing quotes and brackets, is '?' and its last word
 * is not a URL ("https://x/?" is an address, not a question). A '?' inside
 * a word or a URL ("a.php?id=1") never ends a sentence. Rhetorical and
 * polite questions ("Thoughts?") count too: the analysis only uses the
 * signal to list questions that nobody answered. */
char *_mlg_extract_question (const char *new_text);

/* Returns: MlgChecklistItem bits for what `subject` + `new_text` give,
 * using `pointers` (already extracted from them) for items 1-3. */
guint _mlg_extract_checklist (const char *subject, const char *new_text,
                              const GPtrArray *pointers);

/* Returns: (transfer full) the subject without leading Re:/Fwd:/Fw:/AW:/
 * WG:/SV:/Antw: prefixes (repeated, with counts like `Re[2]:`), without
 * `[list]` tags anywhere at the start, whitespace collapsed, trimmed, and
 * case-folded; never NULL. */
char *_mlg_subject_normalise (const char *subject);

/* Returns: true when `subject` starts with a reply prefix (Re:, AW:, ...),
 * possibly after `[list]` tags. */
bool _mlg_subject_is_reply (const char *subject);

G_END_DECLS
