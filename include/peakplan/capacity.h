/*
 * capacity.h -- the capacity and hiring plan: months ahead of a peak, how
 * many people each in-house site hires and trains and how many FTE each BPO
 * contracts, week by week (docs/capacity.md, `peakplan capacity`).
 *
 * Inputs are two workspace files beside the usual ones: capacity.ini (the
 * horizon, hours per FTE, occupancy, the understaffing price and a weekly or
 * monthly shrinkage table) and staff.csv (one row per vendor: headcount today,
 * attrition, hiring classes, training and ramp-up, BPO contract limits).  The
 * demand comes from the forecast and staffing engines over the whole horizon;
 * the supply is a weekly integer program solved through the optimizer's MIP
 * layer.  No GLPK, GSL or libcsv type appears here.
 */
#ifndef PEAKPLAN_CAPACITY_H
#define PEAKPLAN_CAPACITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "peakplan/error.h"
#include "peakplan/model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PP_CAP_MAX_WEEKS 156   /* three years of weeks */
#define PP_CAP_MAX_RAMP 26     /* ramp-up steps (weeks of tenure below full speed) */

/* capacity.ini (docs/formats.md). */
typedef struct pp_cap_config {
    int64_t start_day;           /* [capacity] start: first day of week 1 */
    size_t weeks;                /* [capacity] weeks, 1..PP_CAP_MAX_WEEKS */
    double hours_per_fte;        /* [capacity] hours_per_fte: paid hours of one FTE a week */
    double occupancy_pct;        /* [capacity] occupancy_pct: only for the spreadsheet figure */
    double quantile;             /* [capacity] quantile; NAN = plan.ini's */
    double penalty_per_fte_week; /* [cost] understaffing_penalty_per_fte_week */
    double time_limit_seconds;   /* [solver] time_limit_seconds (default 60) */
    double mip_gap_pct;          /* [solver] mip_gap_pct (default 0.1) */
    double *shrinkage_pct;       /* `weeks` values from [shrinkage] (pp_malloc'ed) */
} pp_cap_config;

/* One row of staff.csv.  In-house vendors hire in classes; BPO vendors
 * contract FTE.  Fields that do not apply to the vendor's kind are ignored. */
typedef struct pp_cap_staff {
    size_t vendor;             /* index into the workspace's vendors */
    bool is_bpo;               /* from vendors.csv */
    double headcount;          /* people today (in-house) or contracted FTE today (BPO) */
    double attrition_pct_week; /* share of heads leaving each week (in-house) */
    /* hiring (in-house): a class may start in week w (1-based) when class_week[w-1] */
    unsigned char class_week[PP_CAP_MAX_WEEKS];
    double class_min, class_max; /* size of a class that starts */
    double hire_cost;            /* per hire */
    int training_weeks;          /* paid, not productive */
    int nramp;                   /* ramp-up steps after training */
    double ramp_pct[PP_CAP_MAX_RAMP]; /* productivity in each ramp week, 0..100 */
    double weekly_cost;          /* salaried cost per head per week */
    double overtime_max_pct;     /* overtime FTE at most this share of productive FTE */
    double overtime_premium_pct; /* overtime FTE-week costs weekly_cost * (1 + this/100) */
    /* BPO */
    double bpo_min_fte, bpo_max_fte;
    int notice_weeks;            /* a change takes effect at the earliest in week 1 + this */
    double max_change_fte_week;  /* INFINITY = none */
    double price_per_fte_week;
} pp_cap_staff;

/* Reads capacity.ini; weeks and start may come from the caller (weeks > 0 overrides).
 * On success c->shrinkage_pct is owned by c (pp_cap_config_release).  PP_EINVAL with
 * file:line:column for a malformed value or unknown key; PP_EIO if unreadable. */
pp_status pp_cap_config_load(const char *path, size_t weeks_override, pp_cap_config *c,
                             pp_error *err);
void pp_cap_config_release(pp_cap_config *c); /* frees shrinkage_pct */

/* Reads staff.csv against the vendors of the workspace (names and kinds) for a
 * horizon of `weeks`.  *out (pp_malloc'ed, pp_free) has one row per vendor row of the
 * file.  PP_EINVAL with file:line:column; PP_EIO if unreadable. */
pp_status pp_cap_staff_load(const char *path, const pp_vendor *vendors, size_t nv, size_t weeks,
                            pp_cap_staff **out, size_t *n, pp_error *err);

typedef struct pp_cap_params {
    size_t weeks;              /* 0 = capacity.ini's */
    double time_limit_seconds; /* NAN = capacity.ini's */
    const char *write_model_path; /* .lp or .mps, NULL = none */
} pp_cap_params;
void pp_cap_params_init(pp_cap_params *p);

typedef struct pp_cap_result pp_cap_result;

/* One vendor's week of the solved plan (capacity.csv's row). */
typedef struct pp_cap_row {
    size_t week;            /* 0-based */
    size_t vendor;          /* index into the vendors */
    double headcount;       /* heads at the start of the week, trainees included (BPO: FTE) */
    double in_training, ramping; /* heads of classes in training / in ramp-up */
    double productive_fte;  /* FTE the heads deliver (tenure-weighted), overtime excluded */
    double hires_starting;  /* heads whose class starts this week */
    double leavers;         /* heads leaving during the week */
    double bpo_fte;         /* BPO contracted FTE (0 for in-house) */
    double overtime_fte;    /* overtime in FTE; hours = this * hours_per_fte */
    double allocated_fte;   /* FTE of required work given to this vendor */
    double cost;            /* salaries or price, hires, overtime */
    char binding[96];       /* limits at their bound in a week with a gap ("" = none) */
} pp_cap_row;
/* Rows week-major (week 0 vendors in staff.csv order, then week 1 ...); borrowed. */
const pp_cap_row *pp_cap_rows(const pp_cap_result *r, size_t *n);
/* Total cost including the understaffing penalty (the solver's objective). */
double pp_cap_objective(const pp_cap_result *r);
/* Required FTE and the gap left for queue q in week w. */
double pp_cap_required_fte(const pp_cap_result *r, size_t q, size_t w);
double pp_cap_gap_fte(const pp_cap_result *r, size_t q, size_t w);

/* The weekly program alone, on a demand given in required FTE (nq * weeks,
 * queue-major): what pp_cap_run solves once the engines have the demand, and
 * what tests check against hand-solved instances.  c->weeks and
 * c->shrinkage_pct set the horizon; vendor_queue is nv * nq.  Everything is
 * copied: the inputs are borrowed for the call only. */
pp_status pp_cap_solve(const pp_cap_config *c, const pp_cap_staff *staff, size_t ns,
                       const pp_vendor *vendors, size_t nv, const unsigned char *vendor_queue,
                       const char *const *queue_names, size_t nq, const double *required_fte,
                       const pp_cap_params *p, pp_cap_result **out, pp_error *err);

/* Runs the whole capacity plan on workspace folder `dir`: loads the workspace,
 * capacity.ini and staff.csv, forecasts and staffs the horizon, solves the
 * weekly program.  *out owns the result (pp_cap_result_free).  PP_EINVAL / PP_EIO
 * for bad inputs, PP_EINFEASIBLE when no plan satisfies the hard limits (e.g. a
 * BPO's minimum above its notice-frozen level changes), PP_ETIMELIMIT without any
 * solution in time, PP_ENOMEM. */
pp_status pp_cap_run(const char *dir, const pp_cap_params *p, pp_cap_result **out,
                     pp_error *err);
void pp_cap_result_free(pp_cap_result *r); /* NULL is a no-op */

/* Writes capacity.csv, capacity_queues.csv, hiring_plan.csv and capacity_summary.csv
 * into folder `outdir` as one output set (replaced whole or not at all). */
pp_status pp_cap_write(const pp_cap_result *r, const char *outdir, pp_error *err);
/* As pp_cap_write; `extra` (may be NULL) is then called with the set's temporary
 * folder, once the CSVs in it are complete and closed, to add more files (the
 * report) before the set replaces `outdir`.  A status other than PP_OK from it
 * abandons the set (OUTDIR stays as it was) and is returned. */
typedef pp_status (*pp_cap_extra_fn)(void *userdata, const char *dir, pp_error *err);
pp_status pp_cap_write_ex(const pp_cap_result *r, const char *outdir, pp_cap_extra_fn extra,
                          void *userdata, pp_error *err);

/* Figures for the command's summary line. */
typedef struct pp_cap_summary {
    size_t weeks, vendors, queues;
    double total_cost; /* the objective: what is paid + penalty_cost */
    double penalty_cost, peak_required_fte, gap_fte_weeks, hires;
    int64_t peak_week_start; /* day */
    const char *solver_status; /* "optimal", "feasible" */
    double mip_gap_pct, solve_seconds;
} pp_cap_summary;
void pp_cap_summarize(const pp_cap_result *r, pp_cap_summary *s);

#ifdef __cplusplus
}
#endif
#endif
