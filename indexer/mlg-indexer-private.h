/* mlg-indexer-private.h - what the indexer's unit tests may set that
 * programs do not. Private to indexer/ (and its unit tests). */
#pragma once

#include "mlg-indexer.h"

G_BEGIN_DECLS

/* Sets the time used to judge absurd (future) dates; default: now. */
void mlg_indexer_set_now (MlgIndexer *indexer, gint64 now);

G_END_DECLS
