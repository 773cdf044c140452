/* mlg-extract-private.h - what a message's own words point at and say:
 * draft/RFC/implementation/archive pointers, stance, checklist signals,
 * and the normalised subject. Private to indexer/ (and its unit tests).
 * All functions take UTF-8 text and never fail. */
#pragma once

#include "mlg-indexer.h"

G_BEGIN_DECLS

/* A set of phrases found in one pass over a text. Each phrase belongs to
 * one of up to 32 groups; a scan says which groups (and, on request,
 * which phrases) occur. A phrase occurs where _mlg_phrase_find finds it:
 * the bytes are equal and the phrase stands on word boundaries. Built
 * once and then only read, so one matcher may be scanned from several
 * threads at once. */
typedef struct _MlgPhraseMatcher MlgPhraseMatcher;

/* Returns: (transfer full) an empty matcher. */
MlgPhraseMatcher *_mlg_phrase_matcher_new (void);
void _mlg_phrase_matcher_free (MlgPhraseMatcher *matcher);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlgPhraseMatcher, _mlg_phrase_matcher_free)

/* Adds `phrase` (copied) to `group` (0-31). `not_after` (nullable,
 * NULL-terminated, borrowed for the matcher's life) lists strings that
 * must not end right before an occurrence for it to count ("new " before
 * "working group"). Returns: the phrase's number, counting from 0 in the
 * order of addition; an empty phrase gets one too but never occurs. */
guint _mlg_phrase_matcher_add (MlgPhraseMatcher *matcher, const char *phrase,
                               guint group, const char *const *not_after);

/* Scans `text` once. `found` (nullable) has one byte per phrase added;
 * the bytes of the phrases that occur are set to 1, the others are left
 * alone. Returns: the bits (1 << group) of the groups that have a phrase
 * occurring in `text`. */
guint32 _mlg_phrase_matcher_scan (const MlgPhraseMatcher *matcher,
                                  const char *text, guint8 *found);

/* Returns: the byte offset of the first occurrence of `phrase` in `text`
 * at or after `from` that stands on word boundaries, or -1. Word bytes
 * are ASCII letters and digits, '_' and every byte of a multi-byte UTF-8
 * character. A boundary is required only where the phrase starts or ends
 * with a word byte; a phrase starting with another byte ("+1") must
 * follow the start, a space, a tab, a newline, '(' or '"', and one ending
 * with another byte must not be followed by a digit. */
gssize _mlg_phrase_find (const char *text, const char *phrase, gsize from);

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

/* Appends to `pointers` an MLG_POINTER_AUTHOR for every name of the first
 * `Authors:` (`Author:`, `Author(s):`) field of an I-D announcement's
 * `text`: the names on its line and on the indented lines under it,
 * separated by lines, commas or "and" ("Smith, J." stays one name); at
 * most 32, none with '@'. See mlg-authors.c. */
void _mlg_extract_authors (const char *text, GPtrArray *pointers);

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

/* Returns: (transfer full) `text` lower-cased, with typographic
 * apostrophes made ASCII and white-space runs collapsed to one space, so
 * that phrases match across line wraps and however "don't" was typed. */
char *_mlg_extract_fold (const char *text);

/* One sentence of new text (see _mlg_extract_sentences()). */
typedef struct {
    char *text;
    bool opens_paragraph; /* the first sentence after a blank line, a
                           * quote or code, or of the text */
} MlgSentence;

/* Splits text into sentences: at ".", "!" or "?" followed by white space,
 * and at blank lines. Lines inside a paragraph are joined, because mail
 * wraps sentences ("I would be happy to\nreview it."). Quoted lines and
 * code lines (_mlg_extract_looks_like_code()) are skipped and end a
 * paragraph. Returns: (transfer full) MlgSentence *, freed with the
 * array. */
GPtrArray *_mlg_extract_sentences (const char *text);

/* Returns: true when `line` (stripped) is code rather than prose: a diff
 * line, a line ending like a C statement, or one carrying operators prose
 * does not use. Patches are common on technical lists, and full of "-1"
 * and "support". */
bool _mlg_extract_looks_like_code (const char *line);

/* Returns: (transfer full) `sentence` trimmed to at most 200 characters
 * (cut on a character boundary, marked with an ellipsis), for quotes. */
char *_mlg_extract_quote (const char *sentence);

/* Returns: MlgChecklistItem bits for what `subject` + `new_text` give,
 * using `pointers` (already extracted from them) for items 1-3. */
guint _mlg_extract_checklist (const char *subject, const char *new_text,
                              const GPtrArray *pointers);

/* Returns: (transfer full) the subject without leading Re:/Fwd:/Fw:/AW:/
 * WG:/SV:/Antw: prefixes (repeated, with counts like `Re[2]:`), without
 * `[list]` tags anywhere at the start, whitespace collapsed, trimmed, and
 * case-folded; never NULL. */
char *_mlg_subject_normalise (const char *subject);

G_END_DECLS
