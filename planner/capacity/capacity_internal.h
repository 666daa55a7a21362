/* capacity_internal.h (private to planner/capacity/) -- the result shared by the
 * solver (capacity.c), the demand (capacity_demand.c) and the writers (capacity_out.c). */
#ifndef PEAKPLAN_CAPACITY_INTERNAL_H
#define PEAKPLAN_CAPACITY_INTERNAL_H

#include "peakplan/capacity.h"

typedef struct pp_cap_class {
    size_t staff;  /* row of staff.csv */
    size_t week;   /* 0-based start */
    double hires;
} pp_cap_class;

struct pp_cap_result {
    pp_cap_config cfg;      /* copy; shrinkage_pct owned */
    size_t nv, ns, nq, weeks;
    pp_vendor *vendors;     /* nv */
    unsigned char *vendor_queue; /* nv * nq */
    pp_cap_staff *staff;    /* ns */
    char (*queue_names)[PP_NAME_MAX]; /* nq */
    /* demand, nq * weeks, queue-major */
    double *required_fte, *gap_fte;
    double *agent_hours, *workload_hours, *spreadsheet_fte; /* NULL when given as FTE */
    char (*queue_binding)[96];
    /* the plan */
    pp_cap_row *rows;       /* weeks * ns */
    pp_cap_class *classes;
    size_t nclasses;
    double objective, bound, solve_seconds, penalty_cost;
    double staff_cost, hire_cost, overtime_cost, bpo_cost;
    const char *status;     /* "optimal" / "feasible" */
};

/* Demand hours into FTE: fills r->required_fte and r->spreadsheet_fte from
 * r->agent_hours and r->workload_hours with the week's shrinkage. */
void pp_cap_demand_to_fte(pp_cap_result *r, const double *queue_shrinkage_pct);

#endif
