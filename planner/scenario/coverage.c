/*
 * coverage.c -- what a plan achieves, as a value of its own.
 *
 * The optimizer's plan carries the agents it puts on each queue and interval
 * (pp_plan_coverage: agents_needed, agents_planned, understaffed_agents and the
 * backlog it planned for deferred queues) and is never changed after
 * pp_plan_solve returns.  The service those agents give (service level, ASA,
 * abandonment, the first-come-first-served backlog) depends on the queues'
 * targets, which the plan does not own: a what-if may evaluate the same plan
 * under other targets.  So the evaluation makes a new grid, owned by the caller
 * (pp_run_result for run and whatif, the plan command's own result for plan),
 * and the CSV writers only format it.
 */
#include <math.h>

#include "peakplan/pipeline.h"
#include "peakplan/staffing.h"

pp_status pp_coverage_evaluate(const pp_queue *queues, size_t nq, const pp_grid *requirements,
                               const pp_plan *plan, pp_grid **out, pp_error *err)
{
    *out = NULL;
    if (!plan || !requirements || !queues)
        return pp_error_set(err, PP_EINVAL, "coverage: missing queues, requirements or plan");
    if (pp_plan_get_summary(plan)->status == PP_PLAN_INFEASIBLE)
        return pp_error_set(err, PP_EINVAL, "coverage: the plan is infeasible (no roster)");
    pp_grid *cov = pp_grid_copy(pp_plan_coverage(plan));
    if (!cov)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    pp_status st = pp_staff_evaluate_coverage(queues, nq, requirements, cov, err);
    if (st != PP_OK) {
        pp_error_prefix(err, "coverage");
        pp_grid_free(cov);
        return st;
    }
    *out = cov;
    return PP_OK;
}

double pp_coverage_service_level_pct(const pp_grid *cov, const pp_grid *req)
{
    const double *sl = cov ? pp_grid_column_const(cov, PP_COL_SERVICE_LEVEL) : NULL,
                 *off = req ? pp_grid_column_const(req, PP_COL_OFFERED) : NULL;
    if (!sl || !off)
        return NAN;
    size_t count = pp_grid_queues(cov) * pp_grid_intervals(cov);
    double num = 0, den = 0;
    for (size_t i = 0; i < count; i++)
        if (off[i] > 0 && !isnan(sl[i])) {
            num += off[i] * sl[i];
            den += off[i];
        }
    return den > 0 ? num / den : NAN;
}
