/*
 * pipeline.h -- the whole job: forecast -> staffing requirements -> plan ->
 * what the plan achieves, and the files it writes.
 */
#ifndef PEAKPLAN_PIPELINE_H
#define PEAKPLAN_PIPELINE_H

#include <stdio.h>

#include "peakplan/error.h"
#include "peakplan/grid.h"
#include "peakplan/plan.h"
#include "peakplan/workspace.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pp_run_params {
    double time_limit_seconds; /* NAN = plan.ini's */
    int verbosity;             /* 0 quiet, 1 progress */
    void (*progress)(void *userdata, const char *line); /* forecast and solver notes; may be NULL */
    void *userdata;
    int solver_threads;        /* pp_plan_params.threads: 0 = 2 (default), 1 = one */
} pp_run_params;
void pp_run_params_init(pp_run_params *p);

typedef struct pp_run_result pp_run_result;

/* Runs every stage on the workspace. *out owns the result (pp_run_result_free)
 * and is set also when the status is PP_EINFEASIBLE (the plan then explains
 * what could not be met). */
pp_status pp_run(const pp_workspace *ws, const pp_run_params *p, pp_run_result **out,
                 pp_error *err);
void pp_run_result_free(pp_run_result *r); /* NULL is a no-op */

const pp_grid *pp_run_forecast(const pp_run_result *r);
const pp_grid *pp_run_requirements(const pp_run_result *r);
const pp_plan *pp_run_plan(const pp_run_result *r);
/* Offered-weighted share of contacts answered within target over all queues, percent. */
double pp_run_service_level_pct(const pp_run_result *r);

/* ---- writers: fixed number formats, stable order, no timestamps of the run ---- */

void pp_write_forecast_csv(FILE *fp, const pp_grid *forecast);
void pp_write_requirements_csv(FILE *fp, const pp_grid *requirements);
void pp_write_roster_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors,
                         const pp_shift_family *families);
void pp_write_coverage_csv(FILE *fp, const pp_grid *coverage, const pp_grid *requirements);
/* summary.csv: metric,value. service_level_pct as computed by the caller. */
void pp_write_summary_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors, size_t nv,
                          double service_level_pct);
/* Offered-weighted service level of a coverage grid (percent); NAN if nothing offered. */
double pp_coverage_service_level_pct(const pp_grid *coverage, const pp_grid *requirements);

/* Writes forecast.csv, requirements.csv, roster.csv, coverage.csv and
 * summary.csv into `outdir` atomically (all or nothing). */
pp_status pp_run_write(const pp_run_result *r, const pp_workspace *ws, const char *outdir,
                       pp_error *err);

#ifdef __cplusplus
}
#endif
#endif
