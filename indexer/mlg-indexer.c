/* placeholder: being written */
#include "mlg-indexer.h"
