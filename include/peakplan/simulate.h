/*
 * simulate.h -- a seeded discrete-event simulation of a written plan.
 *
 * The planner's figures (coverage.csv) come from Erlang C/A per interval and a
 * fluid model of deferred work.  This module replays the plan as written with
 * random arrivals and handle times: Poisson arrivals per interval at the
 * forecast rate, exponential or log-normal handle times, exponential patience,
 * chat session slots, FIFO deferred backlogs with deadlines carried across
 * intervals and nights, Tier-1 -> Tier-2 escalations at the end of Tier-1
 * handling, and agents who finish the contact in hand when they leave.  It
 * reports each figure as a mean with a 95 % confidence interval over
 * independent replications (docs/simulation.md).
 *
 * Determinism: replication r draws from its own xoshiro256** stream seeded by
 * splitmix64 from (seed, r), and results are combined in replication order, so
 * the output is the same for a seed whatever the number of threads.
 */
#ifndef PEAKPLAN_SIMULATE_H
#define PEAKPLAN_SIMULATE_H

#include <stddef.h>
#include <stdint.h>

#include "peakplan/error.h"
#include "peakplan/grid.h"
#include "peakplan/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pp_sim_arrivals {
    PP_SIM_ARRIVALS_POINT, /* Poisson at the point forecast */
    PP_SIM_ARRIVALS_RISK   /* each queue-day's volume drawn from its p10-p50-p90 law */
} pp_sim_arrivals;

typedef struct pp_sim_params {
    size_t reps;              /* replications, >= 2 for a confidence interval; default 20 */
    uint64_t seed;            /* default 1 */
    pp_sim_arrivals arrivals; /* default PP_SIM_ARRIVALS_POINT */
    double handle_cv;         /* NAN = exponential handle times (default); else log-normal with
                                 this coefficient of variation (> 0) */
    size_t threads;           /* worker threads, >= 1; default 1 */
} pp_sim_params;

/* Fills the defaults above. */
void pp_sim_params_init(pp_sim_params *p);

/* What is simulated. All grids share one time grid and the queue order of
 * `queues` (queue q of every grid is queues[q]). Borrowed for the call. */
typedef struct pp_sim_input {
    const pp_queue *queues;
    size_t nq;
    /* PP_COL_OFFERED and PP_COL_AHT (direct arrivals: escalations are simulated);
     * PP_COL_OFFERED_P10/P50/P90 are needed for PP_SIM_ARRIVALS_RISK. */
    const pp_grid *forecast;
    /* PP_COL_AGENTS_PLANNED: productive agents per queue and interval (may be
     * fractional: the fraction works the first part of the interval). The planned
     * figures PP_COL_SERVICE_LEVEL, PP_COL_ASA, PP_COL_ABANDON, PP_COL_BACKLOG are
     * copied beside the simulated ones when present. */
    const pp_grid *coverage;
    /* Productive agents on duty per interval from the roster (shifts, breaks,
     * shrinkage), n values; NULL = not known. Where the allocation asks for more,
     * every queue's allocation in that interval is scaled down to it. */
    const double *on_duty;
} pp_sim_input;

/* Levels of a result row. */
typedef enum pp_sim_level { PP_SIM_INTERVAL, PP_SIM_DAY, PP_SIM_HORIZON } pp_sim_level;

/* A simulated figure: mean over replications and the half-width of its 95 %
 * confidence interval (Student t; NAN when fewer than 2 replications had data). */
typedef struct pp_sim_stat {
    double mean;
    double ci;
} pp_sim_stat;

/* One row of the result: a queue over an interval, a day or the horizon. */
typedef struct pp_sim_row {
    size_t queue;
    pp_sim_level level;
    int64_t start;             /* first minute of the period (interval, day, horizon) */
    pp_sim_stat offered;       /* contacts arriving (escalations included) */
    pp_sim_stat service_level; /* % of offered answered within target_seconds; for deferred
                                  queues the within-deadline share */
    pp_sim_stat asa_seconds;   /* mean wait over all arrivals (abandoners until they hang up) */
    pp_sim_stat abandon_pct;   /* % of offered who hang up (0 on deferred queues) */
    pp_sim_stat backlog;       /* items waiting at the period's end (deferred queues; NAN live) */
    pp_sim_stat days_met_pct;  /* horizon rows: % of days with contacts whose simulated SL
                                  reaches target_pct, per replication (NAN on other rows) */
    double planned_service_level; /* from the coverage grid, NAN if absent; aggregated */
    double planned_asa_seconds;   /* over days and the horizon weighted by the forecast */
    double planned_abandon_pct;
    double planned_backlog;
} pp_sim_row;

typedef struct pp_sim_result pp_sim_result;

/* Runs p->reps replications of the plan in `in`. *out owns the result (free
 * with pp_sim_result_free); on failure *out is NULL. PP_EINVAL for missing
 * columns, mismatched grids or bad parameters; PP_ENOMEM; PP_EINTERNAL if a
 * thread cannot be started. An interrupt request (peakplan/interrupt.h) stops
 * the run with PP_EINTERNAL and the message "interrupted". */
pp_status pp_sim_run(const pp_sim_input *in, const pp_sim_params *p, pp_sim_result **out,
                     pp_error *err);
void pp_sim_result_free(pp_sim_result *r); /* NULL is a no-op */

/* Rows in a fixed order: for each queue, its intervals, then its days, then the
 * horizon. Borrowed until pp_sim_result_free. */
size_t pp_sim_result_rows(const pp_sim_result *r);
const pp_sim_row *pp_sim_result_row(const pp_sim_result *r, size_t i);
/* The horizon row of queue q (NULL if q is out of range). */
const pp_sim_row *pp_sim_result_horizon(const pp_sim_result *r, size_t q);
/* Intervals in which the roster had fewer productive agents on duty than the
 * allocation asked for (the allocation was scaled down there). */
size_t pp_sim_result_capped_intervals(const pp_sim_result *r);

/* Loads what `pp_sim_run` needs from a workspace folder (queues.csv, vendors.csv)
 * and a plan output folder (forecast.csv, coverage.csv, roster.csv) and fills
 * *in; the arrays and grids it points to belong to *loaded (free with
 * pp_sim_loaded_free). PP_EINVAL / PP_EIO with file:line:col for bad input. */
typedef struct pp_sim_loaded pp_sim_loaded;
pp_status pp_sim_load(const char *workspace_dir, const char *plan_dir, pp_sim_input *in,
                      pp_sim_loaded **loaded, pp_error *err);
void pp_sim_loaded_free(pp_sim_loaded *l); /* NULL is a no-op */

/* Writes the result as CSV (header and one line per row, fixed decimals) to
 * `path` atomically ("-" = standard output), naming queues from `queues`.
 * PP_EIO if it cannot be written. */
pp_status pp_sim_write_csv(const pp_sim_result *r, const pp_queue *queues, size_t nq,
                           const char *path, pp_error *err);

#ifdef __cplusplus
}
#endif

#endif
