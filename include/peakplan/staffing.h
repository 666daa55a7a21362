/*
 * staffing.h -- from contacts to agents: Erlang B, C and A, chat concurrency,
 * deferred work with deadlines, escalations.
 *
 * Conventions (also in docs/staffing.md): offered load A = lambda * AHT in
 * Erlangs; service level = share of *all offered* contacts answered within
 * the target time (with abandonment, abandons are misses); ASA is the mean
 * wait over all arrivals; occupancy = carried load / agents.  Probabilities
 * are fractions 0..1 in this API; the CSV files use percentages.
 */
#ifndef PEAKPLAN_STAFFING_H
#define PEAKPLAN_STAFFING_H

#include <stdbool.h>
#include <stddef.h>

#include "peakplan/error.h"
#include "peakplan/grid.h"
#include "peakplan/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Deferred queues only, in requirements grids: cumulative work (agent-intervals,
 * counted from the grid start) that must be done by the END of each interval for
 * target_pct of each interval's items to be answered within target_seconds under
 * first come first served (docs/staffing.md). A plan that serves at least this much
 * by every interval end (and stays above the straight line between interval ends)
 * meets the target; agents_needed is the least such staffing. */
#define PP_COL_WORK_DUE "work_due_agents"

/* Deferred queues only, in requirements grids: spare capacity (agents) the plan
 * keeps on the queue where work arrives, on top of the arriving work, so that the
 * target holds on every day under random arrivals and handle times, not only for
 * a fluid (docs/staffing.md, "Deferred work that holds").  An optimizer plans
 * workload_agents + work_spare_agents as the work to get through, and
 * work_due_agents is the due curve of that sum. */
#define PP_COL_WORK_SPARE "work_spare_agents"

typedef struct pp_staff_target {
    double sl_fraction;      /* share within sl_seconds, 0..1; NAN = no SL target */
    double sl_seconds;       /* >= 0 */
    double max_asa_seconds;  /* NAN = none */
    double max_abandon;      /* fraction 0..1, NAN = none */
    double max_occupancy;    /* fraction 0..1, NAN = none */
    double patience_seconds; /* mean patience; NAN or INFINITY = no abandonment (Erlang C) */
    double concurrency;      /* chats per agent, >= 1 */
} pp_staff_target;

/* Fills defaults: no targets at all, Erlang C, concurrency 1. */
void pp_staff_target_init(pp_staff_target *t);
/* The targets a queue record asks for (percentages converted to fractions). */
void pp_staff_target_from_queue(pp_staff_target *t, const pp_queue *q);

typedef struct pp_erlang_metrics {
    long agents;
    double offered_load;  /* Erlangs (lambda * AHT) */
    double p_wait;        /* probability an arrival waits */
    double service_level; /* fraction answered within the target time */
    double asa_seconds;   /* mean wait over all arrivals (INFINITY if unstable Erlang C) */
    double abandon_rate;  /* fraction of arrivals that abandon (0 without patience) */
    double occupancy;     /* fraction of agent time busy */
} pp_erlang_metrics;

/* Erlang B blocking probability B(n, a), by the stable recursion. */
double pp_erlang_b(long n, double a);
/* Erlang C waiting probability C(n, a); 1 when n <= a. */
double pp_erlang_c(long n, double a);

/* Metrics of `agents` agents for `calls` arrivals spread over interval_seconds with
 * mean handle time aht_seconds, under target t (its sl_seconds, patience and
 * concurrency are used). PP_EINVAL for negative or non-finite inputs. */
pp_status pp_erlang_evaluate(double calls, double interval_seconds, double aht_seconds, long agents,
                             const pp_staff_target *t, pp_erlang_metrics *out, pp_error *err);

/* Fewest agents meeting every target in t at once. *out gets the metrics at that
 * count; *fractional (may be NULL) gets the requirement interpolated between
 * n-1 and n on the binding metric, so rounding happens once, in the optimizer.
 * PP_EINVAL if no staffing up to max_agents meets the targets (message says
 * which target is unreachable). */
pp_status pp_erlang_min_agents(double calls, double interval_seconds, double aht_seconds,
                               const pp_staff_target *t, long max_agents, pp_erlang_metrics *out,
                               double *fractional, pp_error *err);

/* The q-quantile (0 < q < 1) of a forecast known by its p10, p50 and p90: a
 * two-piece log-normal through the three points (two-piece normal when a point is
 * <= 0). This is what pp_staff_params.quantile staffs to. NAN on bad input. */
double pp_staff_forecast_quantile(double q, double p10, double p50, double p90);

/* The due curve of a deferred queue (email, ticket): due[t] = work, in the units of
 * `work` (e.g. agent-intervals), that must be done by the end of interval t so that
 * target_pct of each interval's items are answered within target_seconds under
 * first come first served (the rest before the next interval's first item falls
 * due; docs/staffing.md). work[t] is the work arriving in interval t (>= 0), the
 * intervals are interval_seconds long. This is the curve pp_staff_requirements
 * staffs to and the optimizer's deadline rows keep work above. PP_EINVAL on
 * negative or non-finite input. */
pp_status pp_staff_work_due(const double *work, size_t n, double interval_seconds,
                            double target_pct, double target_seconds, double *due,
                            pp_error *err);

typedef struct pp_staff_params {
    double quantile; /* staff to this forecast quantile (0..1); NAN = the point forecast */
    bool deferred_spare; /* true (default): keep PP_COL_WORK_SPARE so deferred targets hold
                            under randomness on every day; false: the fluid alone */
    /* Optional (NULL = none, the default): requirements this function computed
     * earlier for the same intervals, with queues reuse_queues and the same
     * deferred_spare.  A queue whose inputs are bit for bit the same there (its
     * offered contacts with the escalated inflow, its handle time, channel and
     * targets) takes its columns from reuse instead of being staffed again: a
     * what-if that changes one queue restaffs that queue and those it escalates
     * to, not the others (a ticket queue's chain is most of the time). */
    const pp_grid *reuse;
    const pp_queue *reuse_queues;
} pp_staff_params;
void pp_staff_params_init(pp_staff_params *p);

/* Computes requirements for every queue and interval of `forecast` (a grid with
 * PP_COL_OFFERED and PP_COL_AHT, and PP_COL_OFFERED_P10/P50/P90 when a quantile is
 * asked for). queues[q] describes the grid's queue q (same order). Escalations
 * add their share of Tier-1 handled contacts to the Tier-2 queue, delayed by the
 * Tier-1 handle time. *out gets a new grid (free with pp_grid_free) with columns
 * PP_COL_OFFERED (including escalated inflow), PP_COL_AHT, PP_COL_AGENTS_NEEDED,
 * PP_COL_SERVICE_LEVEL, PP_COL_ASA, PP_COL_ABANDON, PP_COL_OCCUPANCY (at the integer
 * staffing ceil(agents_needed)), and PP_COL_WORKLOAD and PP_COL_WORK_DUE for deferred
 * queues (NAN on live ones). */
pp_status pp_staff_requirements(const pp_queue *queues, size_t nq, const pp_grid *forecast,
                                const pp_staff_params *p, pp_grid **out, pp_error *err);

/* What planned agents achieve: given requirements (a grid as made above) and
 * `coverage` holding PP_COL_AGENTS_PLANNED (productive agents per queue and
 * interval), adds or overwrites in `coverage` the columns PP_COL_SERVICE_LEVEL,
 * PP_COL_ASA, PP_COL_ABANDON and, for deferred queues, PP_COL_BACKLOG (items waiting
 * at the end of each interval, first come first served). */
pp_status pp_staff_evaluate_coverage(const pp_queue *queues, size_t nq,
                                     const pp_grid *requirements, pp_grid *coverage,
                                     pp_error *err);

#ifdef __cplusplus
}
#endif
#endif
