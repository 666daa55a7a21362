/* fuzz_vendors.c -- vendors.csv (pp_load_vendors) against the example's queues, then
 * the every-queue-has-a-vendor check the workspace runs. */
#include "fuzz_common.h"

static pp_queue *queues;
static const char **names;
static size_t nq;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_queue_fixture(PP_FUZZ_EXAMPLE "/queues.csv", &queues, &nq, &names);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    pp_error err;
    pp_error_clear(&err);
    pp_vendor *v = NULL;
    unsigned char *vq = NULL;
    size_t nv = 0;
    if (pp_load_vendors(path, names, nq, &v, &nv, &vq, &err) == PP_OK) {
        pp_error_clear(&err);
        (void)pp_check_queue_vendors(path, names, nq, vq, nv, &err);
        free(v);
        free(vq);
    }
    return 0;
}
