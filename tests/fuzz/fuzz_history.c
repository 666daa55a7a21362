/* fuzz_history.c -- history.csv (pp_load_history) as `run` and `forecast` read it: once
 * taking the queues from the file (forecast --history), once against the golden small
 * workspace's queues with a cutoff (run). */
#include "fuzz_common.h"

static pp_queue *queues;
static const char **names;
static size_t nq;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_queue_fixture(PP_FUZZ_SMALL "/queues.csv", &queues, &nq, &names);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    pp_error err;
    pp_history h;
    memset(&h, 0, sizeof h);
    pp_error_clear(&err);
    if (pp_load_history(path, NULL, 0, INT64_MAX, &h, &err) == PP_OK)
        pp_history_release(&h);
    memset(&h, 0, sizeof h);
    pp_error_clear(&err);
    int64_t cutoff = pp_days_from_civil(2026, 3, 16) * 1440;
    if (pp_load_history(path, names, nq, cutoff, &h, &err) == PP_OK)
        pp_history_release(&h);
    return 0;
}
