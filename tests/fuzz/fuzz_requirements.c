/* fuzz_requirements.c -- a requirements file as `peakplan plan --requirements F` reads it
 * (pp_load_grid with plan's columns): without --queues (queue names from the file) and
 * with the golden small workspace's queues. */
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
    static const char *const req_cols[] = {PP_COL_AGENTS_NEEDED, NULL};
    static const char *const opt_cols[] = {
        PP_COL_OFFERED, PP_COL_AHT,     PP_COL_WORKLOAD,  PP_COL_WORK_SPARE, PP_COL_SERVICE_LEVEL,
        PP_COL_ASA,     PP_COL_ABANDON, PP_COL_OCCUPANCY, NULL};
    const char *path = fuzz_file(data, size);
    for (int pass = 0; pass < 2; pass++) {
        pp_error err;
        pp_error_clear(&err);
        pp_grid *req = NULL;
        if (pp_load_grid(path, req_cols, opt_cols, pass ? names : NULL, pass ? nq : 0, &req,
                         &err) == PP_OK)
            pp_grid_free(req);
    }
    return 0;
}
