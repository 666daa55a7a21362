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
#include <stdio.h>

#include "peakplan/error.h"
#include "peakplan/model.h"
#include "peakplan/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PP_CAP_MAX_WEEKS 156   /* three years of weeks */
#define PP_CAP_MAX_RAMP 26     /* ramp-up steps (weeks of tenure below full speed) */
#define PP_CAP_MAX_TENURE 16   /* tenure bands in one staff.csv cell */
#define PP_CAP_MAX_TENURE_WEEKS 5200 /* a band's bound, in weeks of tenure */

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
    /* Attrition by tenure (staff.csv attrition_pct_week_by_tenure, e.g. `2.0@0-12;0.5@12+`):
     * nrate bands, band k covering tenures rate_from[k] .. rate_from[k+1]-1 weeks (the last
     * open), leaving at rate_pct[k] a week.  0 = the single attrition_pct_week. */
    int nrate;
    int rate_from[PP_CAP_MAX_TENURE];
    double rate_pct[PP_CAP_MAX_TENURE];
    /* Today's heads by tenure (staff.csv tenure_bands, e.g. `20@0-12;130@12+`): nband
     * bands of band_heads[k] heads with tenures band_from[k] .. band_to[k]-1 weeks
     * (band_to -1 = open), spread evenly over a closed band's weeks; 0 = none given. */
    int nband;
    int band_from[PP_CAP_MAX_TENURE], band_to[PP_CAP_MAX_TENURE];
    double band_heads[PP_CAP_MAX_TENURE];
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
    /* What-if (capacity_scenario.c; 0 from staff.csv): newly contracted BPO FTE deliver
     * this many weeks late -- the FTE working in week w are at most the contract of each
     * of weeks w-lag..w (the contract before week 1 being headcount). */
    int delivery_lag_weeks;
} pp_cap_staff;

/* Weekly leaving share (0..1) of a head with `tenure` weeks at vendor s: the band's
 * rate with attrition by tenure, else attrition_pct_week. */
double pp_cap_attrition_at(const pp_cap_staff *s, size_t tenure);
/* True when the vendor's attrition depends on tenure (the cohort model of docs/capacity.md). */
bool pp_cap_by_tenure(const pp_cap_staff *s);

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
    int verbosity;             /* 0 quiet; 1 progress through `progress` (as pp_plan_params) */
    pp_progress_fn progress;   /* the demand's stages (PP_STAGE_NOTE) and the solver's
                                  reports; may be NULL */
    void *progress_userdata;
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
    int64_t start_day; /* first day of week 1 */
} pp_cap_summary;
void pp_cap_summarize(const pp_cap_result *r, pp_cap_summary *s);

/* ---- what-if for capacity runs (capacity_scenario.c; docs/capacity.md) ----
 *
 * scenarios.csv as for `peakplan whatif` (scenario,parameter,value,queue,vendor,from,to),
 * with the parameters that mean something months ahead:
 *   volume_pct             relative: +20 = 20 % more contacts (optional queue, from/to)
 *   aht_pct                relative: +10 = handle time 10 % longer (optional queue, from/to)
 *   quantile               the forecast quantile staffed to, 0.01..0.99 (whole horizon)
 *   shrinkage_pct          absolute: the [shrinkage] of the weeks starting in from..to
 *                          (blank = all), or with a queue that queue's shrinkage
 *   attrition_pct_week     absolute weekly attrition of the in-house vendor (blank = every one)
 *   attrition_points_year  +5 = a yearly attrition 5 points higher (27.1 % -> 32.1 % a year)
 *   ramp_delay_weeks       N weeks late: in-house, N more weeks of training; BPO, newly
 *                          contracted FTE deliver N weeks after they are paid for
 *   notice_weeks           absolute notice of the BPO (vendor required)
 *   bpo_max_fte            absolute contracted maximum of the BPO (vendor required)
 *   hiring_freeze          1 = no class of the in-house vendor (blank = every one) starts in
 *                          a week whose first day is in from..to (blank = the whole horizon)
 * Shift-plan parameters (target_pct, target_seconds, vendor_seats, vendor_hourly_cost,
 * vendor_available) are refused: PP_EINVAL at file:line:column.  Sweeps (`;` lists in
 * value) expand as for whatif, with their columns in scenarios_summary.csv. */
typedef struct pp_cap_whatif pp_cap_whatif;
#define PP_CAP_SCENARIOS_MAX 1000 /* scenarios in one file (every plan is held until written) */

/* Plans workspace `dir` (base) and, when scenarios_path is not NULL, every scenario of
 * that file, which is validated first (before anything is staffed or solved).  The
 * forecast is made once; the staffing engine runs again only for scenarios changing
 * volume_pct, aht_pct or quantile.  A scenario without a plan (infeasible, time limit)
 * is kept with its status; a failure of the base fails the batch. */
pp_status pp_cap_whatif_run(const char *dir, const char *scenarios_path, const pp_cap_params *p,
                            pp_cap_whatif **out, pp_error *err);
void pp_cap_whatif_free(pp_cap_whatif *w); /* NULL is a no-op */
/* Plans of the batch: 0 is the base, then the scenarios in file order. */
size_t pp_cap_whatif_count(const pp_cap_whatif *w);
const char *pp_cap_whatif_name(const pp_cap_whatif *w, size_t i);
/* The plan, or NULL for a scenario without one (pp_cap_whatif_error says why). */
const pp_cap_result *pp_cap_whatif_result(const pp_cap_whatif *w, size_t i);
const pp_error *pp_cap_whatif_error(const pp_cap_whatif *w, size_t i);

/* Writes the batch as one output set replacing `outdir`: without scenarios the base's
 * files in OUTDIR itself (as pp_cap_write); with them OUTDIR/scenarios_summary.csv and
 * each plan's files in OUTDIR/<scenario>/ (base in OUTDIR/base/).  When handoff_day is
 * not INT64_MIN each plan's folder also gets vendors_handoff.csv (pp_cap_handoff_write);
 * PP_EINVAL when that day is outside the horizon. */
pp_status pp_cap_whatif_write(const pp_cap_whatif *w, const char *outdir, int64_t handoff_day,
                              pp_error *err);
/* As pp_cap_whatif_write; once every CSV of the set is complete and closed, `extra` (may
 * be NULL) is called for each plan's folder inside the set's temporary folder (`dir`;
 * `folder` is "" for OUTDIR itself, else the plan's name) to add files there (the
 * report).  A status other than PP_OK abandons the set and is returned. */
typedef pp_status (*pp_cap_plan_extra_fn)(void *userdata, const char *dir, const char *folder,
                                          pp_error *err);
pp_status pp_cap_whatif_write_ex(const pp_cap_whatif *w, const char *outdir, int64_t handoff_day,
                                 pp_cap_plan_extra_fn extra, void *userdata, pp_error *err);

/* vendors_handoff.csv: the workspace's vendors.csv (`vendors_csv`) cell for cell, with
 * max_agents (appended when the file has no such column) of every vendor in staff.csv
 * set from the plan's week containing `day`: in-house the productive FTE, BPO the FTE
 * delivered, each rounded down to whole people; other vendors keep their cell.
 * PP_EINVAL when the day is outside the horizon; PP_EIO / PP_EINVAL for vendors.csv. */
pp_status pp_cap_handoff_write(const pp_cap_result *r, const char *vendors_csv, int64_t day,
                               FILE *fp, pp_error *err);

#ifdef __cplusplus
}
#endif
#endif
