/*
 * pipeline.h -- the whole job: forecast -> staffing requirements -> plan ->
 * what the plan achieves.  The files it writes: output.h.
 */
#ifndef PEAKPLAN_PIPELINE_H
#define PEAKPLAN_PIPELINE_H

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
    pp_progress_fn progress;   /* solver progress, and the forecast's notes (PP_STAGE_NOTE);
                                  may be NULL */
    void *userdata;
    int solver_threads;        /* pp_plan_params.threads: 0 = 2 (default), 1 = one */
    double quantile;           /* staff to this forecast quantile (0 < q < 1) instead of
                                  plan.ini's setting; NAN (default) = plan.ini's */
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

#ifdef __cplusplus
}
#endif
#endif
