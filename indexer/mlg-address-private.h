/* mlg-address-private.h - addresses, names, organisations and dates as
 * they are normalised for facts. Private to indexer/ (and its tests). */
#pragma once

#include "mlg-indexer.h"

G_BEGIN_DECLS

/* Returns: (transfer full) the normalised form of a bare address: trimmed,
 * brackets removed, lower-cased, pipermail `jane at example.com` undone,
 * IETF DMARC `jane=40example.com@dmarc.ietf.org` undone; or NULL when
 * `addr` is not an address (no `@` after undoing). */
char *_mlg_address_normalise (const char *addr);

/* Returns: (transfer full) a display name cleaned for people: quotes and
 * surrounding whitespace removed, a Mailman `Jane Doe via Dispatch`
 * suffix cut (when cut, *via_list receives (transfer full) "Dispatch",
 * else NULL), a name that is only an address emptied; never NULL. */
char *_mlg_name_clean (const char *name, char **via_list);

/* Returns: (transfer full) the organisation of a normalised address: the
 * registrable domain (public suffix list, libpsl), "freemail" for
 * free-mail providers (gmail.com, outlook.com, ...), "" when none. */
char *_mlg_address_organisation (const char *addr);

/* Returns: true for addresses that are machines: noreply/no-reply,
 * mailer-daemon, internet-drafts@, *-bounces@, notifications@github.com,
 * datatracker/session-request tools, ... */
bool _mlg_address_is_automated (const char *addr);

/* Returns: true for addresses of a mailing list itself (what a Mailman
 * `via` rewrite puts in From:), e.g. dispatch@ietf.org when `name` says
 * "via". Used to decide whether From: can be trusted. */
bool _mlg_address_is_dmarc_rewrite (const char *addr);

/* Dates. All return true and set *out (seconds since epoch, UTC) when a
 * date was found. */
bool _mlg_date_parse_header (const char *value, gint64 *out);
bool _mlg_date_from_received (const char *received, gint64 *out);
bool _mlg_date_from_mbox_line (const char *from_line, gint64 *out);
/* From a pipermail file name like `2022-November.txt[.gz]`: the first
 * second of that month. */
bool _mlg_date_from_archive_name (const char *path, gint64 *out);
/* Returns: true when `t` is before 1980 or after `now` + 1 day. */
bool _mlg_date_is_absurd (gint64 t, gint64 now);

G_END_DECLS
