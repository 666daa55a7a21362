/*
 * plan.h -- shift and vendor allocation as an integer program (GLPK inside
 * planner/, never visible here).
 *
 * Input: productive agents needed per queue and interval (a pp_grid), vendors
 * with their eligible queues, shift families with the vendors that may work
 * them.  Output: how many agents of each vendor start each shift template on
 * each day, the break placement, the coverage per queue and interval, and the
 * cost.  See docs/optimizer.md for the formulation.
 */
#ifndef PEAKPLAN_PLAN_H
#define PEAKPLAN_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "peakplan/error.h"
#include "peakplan/grid.h"
#include "peakplan/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pp_plan_input {
    const pp_queue *queues;   /* same order as the requirements grid's queues */
    size_t nq;
    const pp_vendor *vendors;
    size_t nv;
    const unsigned char *vendor_queue;  /* nv * nq: 1 if vendor v may serve queue q */
    const pp_shift_family *families;
    size_t nf;
    const unsigned char *family_vendor; /* nf * nv: 1 if family f may be worked by vendor v */
    const pp_grid *requirements;  /* PP_COL_AGENTS_NEEDED (+ PP_COL_WORKLOAD for deferred queues) */
    int64_t start_day;            /* shifts start on days start_day .. start_day + days - 1 */
    size_t days;
    const unsigned char *vendor_available; /* nv * n intervals of the grid; NULL = always */
    /* Optional values that change over time (what-ifs limited to dates); NULL = the
     * record's value everywhere. */
    const double *vendor_seats_t;         /* nv * n intervals */
    const double *vendor_shrinkage_pct_t; /* nv * n intervals */
    const double *queue_shrinkage_pct_t;  /* nq * n intervals */
    const double *vendor_cost_day;        /* nv * days: hourly cost of shifts starting that day
                                             (a shift from the day before costs day 0's) */
} pp_plan_input;

/* What the solver is doing when it reports progress. */
typedef enum pp_stage {
    PP_STAGE_NOTE,             /* a note only (e.g. the forecast's): just `note` is set */
    PP_STAGE_CONSTRUCTIVE,     /* the model and the greedy constructive plan */
    PP_STAGE_ROOT_LP,          /* the LP relaxation and its rounding cuts */
    PP_STAGE_SEARCH,           /* heuristics: rounding, relax-and-fix, window passes */
    PP_STAGE_BRANCH_AND_BOUND, /* GLPK's branch and bound */
    PP_STAGE_DONE              /* the solve ended: the plan's objective and bound */
} pp_stage;

/* One progress report.  Numbers are in the objective's units (cost); NAN =
 * not known at this point. */
typedef struct pp_progress {
    double elapsed_seconds; /* since the solve started; NAN for notes */
    double incumbent;       /* objective of the best plan so far, NAN = none yet */
    double bound;           /* best proven lower bound, NAN = none */
    double gap;             /* (incumbent - bound) / |incumbent|, fraction; NAN = unknown */
    pp_stage stage;
    const char *note;       /* one human-readable line without the elapsed time (the CLI
                               prints "%6.1f s  note"); valid during the call only */
} pp_progress;
/* Called from the solver's threads, one call at a time; must not block long. */
typedef void (*pp_progress_fn)(const pp_progress *p, void *userdata);

typedef struct pp_plan_params {
    double time_limit_seconds;       /* default PP_PLAN_DEFAULT_TIME_LIMIT (60, model.h) */
    double mip_gap;                  /* relative gap to stop at, fraction; default
                                        PP_PLAN_DEFAULT_MIP_GAP (0.001) */
    double penalty_per_agent_hour;   /* understaffing price; default
                                        PP_PLAN_DEFAULT_PENALTY (200) */
    const char *write_model_path;    /* NULL, or a .lp / .mps path to write the model to */
    int threads;                     /* solver threads: 0 = 2 (default), 1 = one; a
                                        week-long model runs a second search on the
                                        second (docs/optimizer.md) */
    int verbosity;                   /* 0 quiet; 1 progress lines through `progress` */
    pp_progress_fn progress;         /* may be NULL */
    void *progress_userdata;
    /* NULL, or a plan of the same vendors, families and horizon (a what-if's base) to
     * start from: its roster, trimmed to this input's limits, is the first plan; when
     * it is within mip_gap of the LP bound the search improves it by window passes
     * instead of building one by relax-and-fix (docs/optimizer.md, "Warm start").
     * Borrowed for the call. */
    const struct pp_plan *warm;
} pp_plan_params;
void pp_plan_params_init(pp_plan_params *p);

typedef enum pp_plan_status {
    PP_PLAN_OPTIMAL,    /* proven optimal within mip_gap */
    PP_PLAN_FEASIBLE,   /* limit reached: incumbent with gap */
    PP_PLAN_INFEASIBLE, /* no plan satisfies the hard limits */
    PP_PLAN_INTERRUPTED /* stopped by pp_interrupt_request(): incumbent with gap */
} pp_plan_status;
/* "optimal", "feasible", "infeasible", "interrupted" */
const char *pp_plan_status_name(pp_plan_status s);

typedef struct pp_roster_row {
    size_t vendor;        /* index into the input vendors */
    size_t family;        /* index into the input families */
    int64_t start, end;   /* minutes (timeutil.h); end may be on the next day */
    int64_t break_start, break_end; /* equal to start when the shift has no break;
                                     * with several breaks: the first one */
    int nbreaks;          /* every break of the row's agents, in time order */
    struct {
        int64_t start, end; /* minutes */
        bool paid;
    } breaks[PP_MAX_BREAKS];
    long agents;
    double paid_hours;    /* agents * paid hours per agent */
    double cost;          /* paid_hours * vendor hourly cost */
} pp_roster_row;

typedef struct pp_plan_summary {
    pp_plan_status status;
    double total_cost;              /* shift cost (paid hours x hourly cost), no penalties */
    double objective;               /* shift cost + penalties, what the solver minimised */
    double lp_bound;                /* best bound on the objective */
    double mip_gap_pct;             /* (objective - bound) / objective * 100 */
    double paid_hours;
    double understaffed_agent_hours;
    double solve_seconds;
    size_t rows, cols, integers;    /* model size */
} pp_plan_summary;

typedef struct pp_plan pp_plan;

/* Builds and solves the model. *out owns the plan (free with pp_plan_free).
 * Returns PP_OK with status OPTIMAL or FEASIBLE when a plan exists;
 * PP_EINFEASIBLE (with *out set, status INFEASIBLE, and the explanation lines
 * filled) when none does; PP_EINVAL for bad input (before solving). */
pp_status pp_plan_solve(const pp_plan_input *in, const pp_plan_params *p, pp_plan **out,
                        pp_error *err);
void pp_plan_free(pp_plan *plan); /* NULL is a no-op */

const pp_plan_summary *pp_plan_get_summary(const pp_plan *plan);
size_t pp_plan_roster_count(const pp_plan *plan);
const pp_roster_row *pp_plan_roster(const pp_plan *plan); /* borrowed array, sorted by vendor, start, family */
/* Coverage over the requirements grid: PP_COL_AGENTS_NEEDED (copied),
 * PP_COL_AGENTS_PLANNED, PP_COL_SHORTFALL, and PP_COL_BACKLOG for deferred queues.
 * Borrowed; it never changes after pp_plan_solve returns.  The service these agents
 * give is a separate value: pp_coverage_evaluate (pipeline.h). */
const pp_grid *pp_plan_coverage(const pp_plan *plan);
double pp_plan_vendor_paid_hours(const pp_plan *plan, size_t vendor);
double pp_plan_vendor_cost(const pp_plan *plan, size_t vendor);
/* The coverage's agents_planned split by vendor: productive agents of vendor v on
 * queue q in interval i at [(v * nq + q) * n + i] (nq, n: the coverage grid's queues
 * and intervals); summed over v it is agents_planned exactly.  Borrowed; NULL for
 * an infeasible plan. */
const double *pp_plan_allocation(const pp_plan *plan);
/* 1 if the plan's input let `vendor` serve `queue`, else 0 (also out of range). */
int pp_plan_vendor_serves(const pp_plan *plan, size_t vendor, size_t queue);

/* Tours: the people who work the roster (docs/optimizer.md, "Tours").  Each tour
 * is `people` persons of one vendor with the same day on each horizon day. */
typedef enum pp_tour_kind {
    PP_TOUR_OFF,   /* a day off */
    PP_TOUR_WORK,  /* works the shift of `family` starting at `start` */
    PP_TOUR_SPARE  /* on duty (a working day of the tour) without a shift: paid, unscheduled */
} pp_tour_kind;
typedef struct pp_tour_day {
    pp_tour_kind kind;
    size_t family;  /* PP_TOUR_WORK: index into the input families */
    int64_t start;  /* PP_TOUR_WORK: minute (timeutil.h) */
} pp_tour_day;
typedef struct pp_tour {
    size_t vendor;
    long people;
    const pp_tour_day *days; /* pp_plan_days(plan) entries, horizon day 0 first */
} pp_tour;
/* Borrowed array of pp_plan_tour_count tours, by vendor; none for an infeasible plan. */
size_t pp_plan_tour_count(const pp_plan *plan);
const pp_tour *pp_plan_tours(const pp_plan *plan);
size_t pp_plan_days(const pp_plan *plan);       /* the horizon's days */
int64_t pp_plan_start_day(const pp_plan *plan); /* its first day (timeutil.h day number) */
/* People of `vendor` (the sum of its tours' people); 0 out of range. */
long pp_plan_headcount(const pp_plan *plan, size_t vendor);
/* A salaried vendor's (cost_basis head) price per person and 7 days, as planned
 * (a what-if may change it); NAN for a vendor paid by the hour or out of range. */
double pp_plan_weekly_cost_per_head(const pp_plan *plan, size_t vendor);
/* Lines explaining unmet intervals and binding limits (may be zero lines). */
size_t pp_plan_explanation_count(const pp_plan *plan);
const char *pp_plan_explanation(const pp_plan *plan, size_t i);

/* Frees the solver's per-thread state (GLPK keeps an environment per thread).
 * Call it at the end of every thread that solved plans; harmless otherwise. */
void pp_plan_thread_cleanup(void);

#ifdef __cplusplus
}
#endif
#endif
