/*
 * bench_simulate.c -- how long simulating a written plan takes (bench only).
 *
 *   bench_simulate WORKSPACE PLAN_DIR [REPS [THREADS [TIME_LIMIT_S]]]
 *
 * If PLAN_DIR holds no coverage.csv yet, the plan is made first with
 * `peakplan run`'s pipeline (TIME_LIMIT_S, default 120 s, so a loaded machine
 * still finds one) and written there; that part is not timed.  Then REPS (20)
 * replications on THREADS (2) threads are timed three times: loading
 * (pp_sim_load) and simulating (pp_sim_run) separately, wall clock, best of
 * three.  Prints one line per figure; exit 1 if anything fails.  The goal for
 * the 14-day example is <= 5 s on 2 cores (docs/performance.md).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "peakplan/pipeline.h"
#include "peakplan/output.h"
#include "peakplan/simulate.h"
#include "peakplan/workspace.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int fail(const char *what, const pp_error *err)
{
    char buf[1200];
    pp_error_format(err, buf, sizeof buf);
    fprintf(stderr, "bench_simulate: %s: %s\n", what, buf);
    return 1;
}

static int make_plan(const char *ws_dir, const char *plan_dir, double limit)
{
    pp_error err;
    pp_error_clear(&err);
    pp_workspace *ws = NULL;
    pp_run_result *r = NULL;
    pp_run_params rp;
    pp_run_params_init(&rp);
    rp.time_limit_seconds = limit;
    int rc = 0;
    double t0 = now();
    if (pp_workspace_load(ws_dir, &ws, &err) != PP_OK || pp_run(ws, &rp, &r, &err) != PP_OK ||
        pp_run_write(r, ws, plan_dir, &err) != PP_OK)
        rc = fail("making the plan", &err);
    else
        printf("plan made in %.1f s (not part of the timing)\n", now() - t0);
    pp_run_result_free(r);
    pp_workspace_free(ws);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_simulate WORKSPACE PLAN_DIR [REPS [THREADS [LIMIT_S]]]\n");
        return 2;
    }
    size_t reps = argc > 3 ? (size_t)atol(argv[3]) : 20;
    size_t threads = argc > 4 ? (size_t)atol(argv[4]) : 2;
    double limit = argc > 5 ? atof(argv[5]) : 120;
    char cov[4096];
    snprintf(cov, sizeof cov, "%s/coverage.csv", argv[2]);
    struct stat sb;
    if (stat(cov, &sb) != 0 && make_plan(argv[1], argv[2], limit) != 0)
        return 1;

    pp_sim_params sp;
    pp_sim_params_init(&sp);
    sp.reps = reps;
    sp.threads = threads;
    double best_load = INFINITY, best_run = INFINITY;
    for (int round = 0; round < 3; round++) {
        pp_error err;
        pp_error_clear(&err);
        pp_sim_input in;
        pp_sim_loaded *l = NULL;
        pp_sim_result *res = NULL;
        double t0 = now();
        if (pp_sim_load(argv[1], argv[2], &in, &l, &err) != PP_OK)
            return fail("loading", &err);
        double t1 = now();
        if (pp_sim_run(&in, &sp, &res, &err) != PP_OK) {
            pp_sim_loaded_free(l);
            return fail("simulating", &err);
        }
        double t2 = now();
        best_load = fmin(best_load, t1 - t0);
        best_run = fmin(best_run, t2 - t1);
        if (round == 0)
            for (size_t q = 0; q < in.nq; q++) {
                const pp_sim_row *h = pp_sim_result_horizon(res, q);
                printf("  %-16s planned %6.2f %%  simulated %6.2f +- %.2f %%\n", in.queues[q].name,
                       h->planned_service_level, h->service_level.mean, h->service_level.ci);
            }
        pp_sim_result_free(res);
        pp_sim_loaded_free(l);
    }
    printf("simulate: %zu replications, %zu threads: load %.3f s, simulate %.3f s (best of 3)\n",
           reps, threads, best_load, best_run);
    return 0;
}
