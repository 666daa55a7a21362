/* capacity_internal.h (private to planner/capacity/) -- the result shared by the
 * solver (capacity.c), the demand (capacity_demand.c) and the writers (capacity_out.c). */
#ifndef PEAKPLAN_CAPACITY_INTERNAL_H
#define PEAKPLAN_CAPACITY_INTERNAL_H

#include "peakplan/capacity.h"
#include "peakplan/grid.h"
#include "peakplan/workspace.h"
#include "io/outset.h"

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

/* The inputs of a capacity run, loaded once (capacity_demand.c): shared by
 * pp_cap_run and the what-if batch (capacity_scenario.c), which re-staffs only
 * the scenarios that change the demand. */
typedef struct pp_cap_inputs {
    pp_workspace *ws;
    pp_cap_config cfg;
    pp_cap_staff *staff;
    size_t ns, nq, nv;
    const char **names;   /* nq queue names, borrowed from ws */
    double *qshr;         /* nq queue shrinkage_pct (NAN = none) */
    pp_grid *fc;          /* the forecast of the horizon (known on [capacity] start) */
    double quantile;      /* the forecast quantile staffed to (NAN = the point forecast) */
} pp_cap_inputs;
/* Loads the workspace, capacity.ini and staff.csv of folder `dir` and forecasts the
 * horizon.  On failure *in is released. */
pp_status pp_cap_inputs_load(const char *dir, const pp_cap_params *p, pp_cap_inputs *in,
                             pp_error *err);
void pp_cap_inputs_release(pp_cap_inputs *in);
/* A progress note through p->progress when p->verbosity > 0 (capacity.c); elapsed NAN for
 * a note of the demand's stages.  pp_cap_clock: monotonic seconds (capacity_demand.c). */
void pp_cap_note(const pp_cap_params *p, double elapsed, pp_stage stage, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
double pp_cap_clock(void);
/* The staffing engine's agent-hours and the workload hours of forecast `fc` (in's
 * shape), summed per queue and week into hours[nq * weeks] and work[nq * weeks]. */
pp_status pp_cap_demand_hours(const pp_cap_inputs *in, const pp_grid *fc, double quantile,
                              double *hours, double *work, pp_error *err);
/* FTE from the hours with cfg's week shrinkage and the queues' qshr, then the weekly
 * program with `staff` (in->ns rows); hours and work are copied into the result. */
pp_status pp_cap_solve_demand(const pp_cap_inputs *in, const pp_cap_config *cfg,
                              const pp_cap_staff *staff, const double *qshr,
                              const double *hours, const double *work, const pp_cap_params *p,
                              pp_cap_result **out, pp_error *err);

/* The plan's four files into `set` under `prefix` ("" or "folder/"): capacity_out.c. */
pp_status pp_cap_put_files(pp_outset *set, const char *prefix, const pp_cap_result *r,
                           pp_error *err);

/* ---- what-if (capacity_scenario_load.c, capacity_scenario.c) ---- */
typedef enum pp_cap_param {
    PP_CAPP_VOLUME,
    PP_CAPP_AHT,
    PP_CAPP_QUANTILE,
    PP_CAPP_SHRINKAGE,
    PP_CAPP_ATTRITION_WEEK,
    PP_CAPP_ATTRITION_YEAR,
    PP_CAPP_RAMP_DELAY,
    PP_CAPP_NOTICE,
    PP_CAPP_BPO_MAX,
    PP_CAPP_FREEZE
} pp_cap_param;

typedef struct pp_cap_change {
    pp_cap_param kind;
    double value;
    long queue, staff;        /* -1 = not given (staff: row of staff.csv) */
    int64_t from_day, to_day; /* inclusive; INT64_MIN / INT64_MAX = open */
    size_t row;               /* data row of scenarios.csv */
} pp_cap_change;

#define PP_CAP_SWEEP_TOKEN 32 /* a sweep list item as written: at most 31 characters */
#define PP_CAP_SWEEP_DIM 256  /* a sweep column's name */

typedef struct pp_cap_scn {
    char name[PP_NAME_MAX];
    pp_cap_change *changes; /* in file order */
    size_t n;
    struct {
        size_t dim;                   /* index into pp_cap_scn_set.dims */
        char tok[PP_CAP_SWEEP_TOKEN]; /* the value as written in the list */
    } *coords;                        /* sweep scenarios: one per list row */
    size_t ncoords;
    size_t row; /* its group's first data row (for messages) */
} pp_cap_scn;

typedef struct pp_cap_scn_set {
    pp_cap_scn *items;
    size_t n;
    char (*dims)[PP_CAP_SWEEP_DIM]; /* sweep columns, in order of first appearance */
    size_t ndims;
} pp_cap_scn_set;

/* Reads and checks scenarios.csv against the loaded inputs (queues, vendors of
 * staff.csv and their kinds, the horizon), sweeps (`;` lists) expanded as whatif
 * expands them; scenarios in order of first row (pp_cap_scenarios_release).
 * PP_EINVAL at file:line:column, PP_EIO. */
pp_status pp_cap_scenarios_load(const char *path, const pp_cap_inputs *in, pp_cap_scn_set *out,
                                pp_error *err);
void pp_cap_scenarios_release(pp_cap_scn_set *set);

#endif
