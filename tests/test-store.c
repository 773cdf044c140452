/* placeholder: being written */
#include "mlg-test.h"
static Suite *
make_suite (void)
{
    return suite_create ("placeholder");
}
MLG_TEST_MAIN (make_suite)
