/* fuzz_forecast.c -- a forecast file as `peakplan staff --forecast F --queues Q` reads
 * it (pp_load_grid with staff's columns, against the golden small workspace's queues),
 * then staffed (pp_staff_requirements) when it is small enough to stay fast.
 *
 * "Small enough": at most 4096 cells, and little enough work for the deferred
 * (ticket) model's Markov chain.  Its cost per evaluation grows with the events of an
 * interval (arrivals and service completions) times the states it keeps (about the
 * agents); a 2,800-erlang ticket hour, or tickets handled in 0.2 s (18,000 possible
 * completions an hour per agent), cost 1e7-1e8 state terms per evaluation: a second
 * in the release build, 25 s or more in this sanitized one on a busy machine, which
 * libFuzzer reports as a hang.  The golden seeds estimate at about 4e5.  Such queues are legitimate input, and
 * tests/unit/test_staffing.c staffs them (deferred_large_queue_is_fluid); the
 * fuzzer's job here is the reader and the model's handling of odd values. */
#include "fuzz_common.h" /* first: it defines _GNU_SOURCE */

#include <math.h>

enum { MAX_CELLS = 4096 };
#define MAX_CHAIN_TERMS 1e6

/* The chain's state terms for one evaluation of the whole grid, on the largest
 * volume the staffing may use (offered, or a quantile through p10, p50 and p90). */
static double chain_terms(const pp_grid *fc)
{
    const double *aht = pp_grid_column_const(fc, PP_COL_AHT);
    /* a quantile's volume lies between the p50 and p90 it is drawn through, whatever
     * their order: the largest of the four columns bounds what is staffed */
    const double *vols[4] = {pp_grid_column_const(fc, PP_COL_OFFERED),
                             pp_grid_column_const(fc, PP_COL_OFFERED_P10),
                             pp_grid_column_const(fc, PP_COL_OFFERED_P50),
                             pp_grid_column_const(fc, PP_COL_OFFERED_P90)};
    const double dt = 60.0 * pp_grid_step(fc);
    size_t cells = pp_grid_queues(fc) * pp_grid_intervals(fc);
    double terms = 0;
    for (size_t i = 0; i < cells; i++) {
        double offered = 0;
        for (int k = 0; k < 4; k++)
            if (vols[k] && isfinite(vols[k][i]) && vols[k][i] > offered)
                offered = vols[k][i];
        double load = isfinite(aht[i]) && aht[i] > 0 ? offered * aht[i] / dt : 0;
        /* events per interval (arrivals, and completions of up to `agents` servers: many
         * when the handle time is a fraction of a second) times the states kept */
        double agents = load + 8 * sqrt(load) + 10;
        double completions = isfinite(aht[i]) && aht[i] > 0 ? agents * dt / aht[i] : 0;
        terms += (offered + completions) * agents;
        if (!(terms <= MAX_CHAIN_TERMS)) /* also stops on an infinite or NaN sum */
            return INFINITY;
    }
    return terms;
}

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
    if (pp_grid_queues(fc) * pp_grid_intervals(fc) <= MAX_CELLS && chain_terms(fc) <= MAX_CHAIN_TERMS) {
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
