/* mlg-text-private.h - turning a body into new text and quoted text.
 * Private to indexer/ (and its unit tests). */
#pragma once

#include <glib.h>
#include <stdbool.h>

G_BEGIN_DECLS

/* Splits a plain-text body (UTF-8, any line endings) into the text the
 * author wrote and the text they quoted. Quoted: `>` lines, attribution
 * lines (`On ... wrote:`, `Le ... a écrit :`, `Am ... schrieb ...:`),
 * Outlook `-----Original Message-----` / `From: ... Sent: ...` blocks and
 * everything after them, forwarded-message blocks. Dropped from both:
 * signatures after a `-- ` line and mailing-list footers (Mailman's
 * `___` + `listinfo` blocks). Lines are appended with "\n". */
void _mlg_text_split (const char *body, GString *new_text,
                      GString *quoted_text);

/* Returns: (transfer full) the readable text of an HTML document or
 * fragment (libxml2's HTML parser; scripts, styles and head dropped,
 * block elements become line breaks, <blockquote> lines get "> "), never
 * NULL. */
char *_mlg_text_from_html (const char *html, gssize len);

/* Undoes mboxrd `>From ` quoting in place: every line matching `>+From `
 * loses one `>`. */
void _mlg_text_unescape_mboxrd (char *text);

G_END_DECLS
