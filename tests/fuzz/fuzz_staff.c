/* fuzz_staff.c -- staff.csv (pp_cap_staff_load) against the example's vendors: the
 * `;`-lists (ramp_pct, tenure bands and attrition by tenure), class weeks, BPO terms. */
#include "fuzz_common.h"

static pp_vendor *vendors;
static size_t nv;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_vendor_fixture(&vendors, &nv);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    pp_error err;
    pp_error_clear(&err);
    pp_cap_staff *rows = NULL;
    size_t n = 0;
    if (pp_cap_staff_load(path, vendors, nv, 32, &rows, &n, &err) == PP_OK)
        free(rows);
    return 0;
}
