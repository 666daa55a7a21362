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
/* What the plan achieves (pp_coverage_evaluate under the run's queues and targets);
 * borrowed, valid until pp_run_result_free.  NULL when the plan is infeasible. */
const pp_grid *pp_run_coverage(const pp_run_result *r);
/* Offered-weighted share of contacts answered within target over all queues, percent
 * (pp_coverage_service_level_pct of the run's coverage); NAN when there is none. */
double pp_run_service_level_pct(const pp_run_result *r);

/* ---- coverage: what a plan achieves ---- */

/* Evaluates `plan` (feasible, solved on `requirements`) under `queues` (nq records, the
 * requirements' queue order): *out gets a new grid, owned by the caller (pp_grid_free),
 * holding the plan's coverage columns (pp_plan_coverage: PP_COL_AGENTS_NEEDED,
 * PP_COL_AGENTS_PLANNED, PP_COL_SHORTFALL) and the service the planned agents give,
 * PP_COL_SERVICE_LEVEL, PP_COL_ASA, PP_COL_ABANDON and PP_COL_BACKLOG (see
 * pp_staff_evaluate_coverage).  The plan is not changed.  *out is NULL on failure:
 * PP_EINVAL (an infeasible plan, requirements without offered and aht_seconds, bad
 * values), PP_ENOMEM. */
pp_status pp_coverage_evaluate(const pp_queue *queues, size_t nq, const pp_grid *requirements,
                               const pp_plan *plan, pp_grid **out, pp_error *err);
/* Offered-weighted service level of a coverage grid (percent), offered taken from
 * `requirements` (same shape); NAN if nothing offered or either grid lacks its column. */
double pp_coverage_service_level_pct(const pp_grid *coverage, const pp_grid *requirements);

/* ---- writers: fixed number formats, stable order, no timestamps of the run ---- */

void pp_write_forecast_csv(FILE *fp, const pp_grid *forecast);
void pp_write_requirements_csv(FILE *fp, const pp_grid *requirements);
void pp_write_roster_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors,
                         const pp_shift_family *families);
void pp_write_coverage_csv(FILE *fp, const pp_grid *coverage, const pp_grid *requirements);
/* summary.csv: metric,value. service_level_pct as computed by the caller. */
void pp_write_summary_csv(FILE *fp, const pp_plan *plan, const pp_vendor *vendors, size_t nv,
                          double service_level_pct);

/* ---- output sets: a run's files replace OUTDIR whole or not at all ----
 *
 * Every set is written into a hidden temporary folder beside OUTDIR
 * (`.NAME.peakplan-XXXXXX`), fsynced, marked with a `.peakplan` file and swapped
 * into place in one step; the previous set is then removed.  After any failure,
 * interrupt or full disk OUTDIR holds the previous complete set or the new one,
 * never a mixture and never stale files.  A non-empty OUTDIR without the marker
 * whose files are not peakplan's outputs is refused (PP_EINVAL).  Writing errors
 * (disk full, I/O error) are PP_EWRITE; an unusable OUTDIR path is PP_EIO. */

/* Called with the temporary folder once the set's own files are in it, before it
 * replaces OUTDIR: more files written there (a report) become part of the set.
 * A status other than PP_OK abandons the set. */
typedef struct pp_set_extra {
    pp_status (*fn)(void *userdata, const char *dir, pp_error *err);
    void *userdata;
} pp_set_extra;

/* One plan's files.  roster.csv and coverage.csv are left out when the plan is
 * infeasible (summary.csv then says so). */
typedef struct pp_plan_files {
    const pp_grid *forecast;        /* forecast.csv; NULL = none */
    const pp_grid *requirements;    /* coverage's offered column; may be NULL */
    int write_requirements;         /* also requirements.csv (from `requirements`) */
    const pp_plan *plan;            /* roster.csv, summary.csv */
    const pp_grid *coverage;        /* coverage.csv (pp_coverage_evaluate's); NULL = the
                                       plan's own (agents only, service cells blank) */
    const pp_vendor *vendors;       /* the plan's vendors (nv) and shift families */
    size_t nv;
    const pp_shift_family *families;
    double service_level_pct;       /* for summary.csv */
} pp_plan_files;

/* Writes the files of `f` as the set replacing `outdir`; `extra` may be NULL. */
pp_status pp_plan_files_write(const pp_plan_files *f, const char *outdir,
                              const pp_set_extra *extra, pp_error *err);

/* Writes forecast.csv, requirements.csv, roster.csv, coverage.csv and
 * summary.csv (roster and coverage not for an infeasible plan) as the set
 * replacing `outdir`. */
pp_status pp_run_write(const pp_run_result *r, const pp_workspace *ws, const char *outdir,
                       pp_error *err);
/* As pp_run_write, with more files added by `extra` (may be NULL). */
pp_status pp_run_write_ex(const pp_run_result *r, const pp_workspace *ws, const char *outdir,
                          const pp_set_extra *extra, pp_error *err);

#ifdef __cplusplus
}
#endif
#endif
