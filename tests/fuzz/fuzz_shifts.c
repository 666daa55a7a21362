/* fuzz_shifts.c -- shifts.csv (pp_load_shifts) against the example's vendors. */
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
    pp_shift_family *f = NULL;
    unsigned char *fv = NULL;
    size_t nf = 0;
    if (pp_load_shifts(path, vendors, nv, &f, &nf, &fv, &err) == PP_OK) {
        free(f);
        free(fv);
    }
    return 0;
}
