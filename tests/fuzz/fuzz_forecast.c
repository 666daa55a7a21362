/* fuzz_forecast.c -- a forecast file as `peakplan staff --forecast F --queues Q` reads
 * it (pp_load_grid with staff's columns, against the golden small workspace's queues),
 * then staffed (pp_staff_requirements) when it is small enough to stay fast. */
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
    static const char *const req_cols[] = {PP_COL_OFFERED, PP_COL_AHT, NULL};
    static const char *const opt_cols[] = {PP_COL_OFFERED_P10, PP_COL_OFFERED_P50,
                                           PP_COL_OFFERED_P90, NULL};
    const char *path = fuzz_file(data, size);
    pp_error err;
    pp_error_clear(&err);
    pp_grid *fc = NULL, *req = NULL;
    if (pp_load_grid(path, req_cols, opt_cols, names, nq, &fc, &err) != PP_OK)
        return 0;
    if (pp_grid_queues(fc) * pp_grid_intervals(fc) <= 4096) {
        pp_staff_params sp;
        pp_staff_params_init(&sp);
        if (pp_grid_column(fc, PP_COL_OFFERED_P90) && size % 2)
            sp.quantile = 0.8;
        pp_error_clear(&err);
        if (pp_staff_requirements(queues, nq, fc, &sp, &req, &err) == PP_OK)
            pp_grid_free(req);
    }
    pp_grid_free(fc);
    return 0;
}
