/* fuzz_queues.c -- queues.csv (pp_load_queues). */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    pp_error err;
    pp_error_clear(&err);
    pp_queue *q = NULL;
    size_t nq = 0;
    if (pp_load_queues(path, &q, &nq, &err) == PP_OK)
        free(q);
    return 0;
}
