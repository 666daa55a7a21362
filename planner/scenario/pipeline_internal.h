/* pipeline_internal.h -- the stages of pp_run, for the scenario engine. */
#ifndef PEAKPLAN_PIPELINE_INTERNAL_H
#define PEAKPLAN_PIPELINE_INTERNAL_H

#include "peakplan/pipeline.h"
#include "io/workspace_internal.h"

/* Overrides for the plan stage; NULL fields mean the workspace's own. */
typedef struct pp_stage_inputs {
    const pp_workspace *ws;
    const pp_queue *queues;                /* ws->nq records */
    const pp_vendor *vendors;              /* ws->nv records */
    const unsigned char *vendor_available; /* nv * n intervals of the requirements grid */
    const double *vendor_seats_t;          /* nv * n, see pp_plan_input */
    const double *vendor_shrinkage_pct_t;  /* nv * n */
    const double *queue_shrinkage_pct_t;   /* nq * n */
    const double *vendor_cost_day;         /* nv * days */
    const pp_plan *warm;                   /* NULL, or the plan to start from (pp_plan_params) */
} pp_stage_inputs;

pp_status pp_stage_forecast(const pp_workspace *ws, const pp_run_params *p, pp_grid **out,
                            pp_error *err);
/* reuse (NULL = none): requirements this stage made earlier with reuse_queues, whose
 * unchanged queues are copied, not staffed again (pp_staff_params.reuse). */
pp_status pp_stage_staff(const pp_queue *queues, size_t nq, const pp_grid *forecast,
                         double quantile, const pp_queue *reuse_queues, const pp_grid *reuse,
                         pp_grid **out, pp_error *err);
/* The forecast quantile a run staffs to: p's, else plan.ini's (NAN = point forecast). */
double pp_run_quantile(const pp_workspace *ws, const pp_run_params *p);
/* Solves the plan and evaluates its coverage under si's queues (*coverage, a new grid);
 * *out is set also on PP_EINFEASIBLE, *coverage only on PP_OK. */
pp_status pp_stage_plan(const pp_stage_inputs *si, const pp_grid *req, const pp_run_params *p,
                        pp_plan **out, pp_grid **coverage, pp_error *err);
/* pp_run, calling staffed(userdata, forecast, requirements) between staffing and the
 * plan (the grids are the run's and stay valid only during the call): a what-if
 * starts on its scenarios while the base plan is solved. */
typedef void (*pp_staffed_fn)(void *userdata, const pp_grid *forecast, const pp_grid *requirements);
pp_status pp_run_staged(const pp_workspace *ws, const pp_run_params *p, pp_staffed_fn staffed,
                        void *userdata, pp_run_result **out, pp_error *err);
/* A result owning the four parts (coverage NULL for an infeasible plan), its service
 * level computed from them; NULL on out of memory, and then nothing is taken. */
pp_run_result *pp_run_result_take(pp_grid *forecast, pp_grid *requirements, pp_plan *plan,
                                  pp_grid *coverage);

#endif
