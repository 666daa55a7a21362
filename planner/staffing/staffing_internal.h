/*
 * staffing_internal.h -- what the staffing engine's files share: the queue model
 * in handle-time units, the Erlang B cache and the fewest-agents search
 * (erlang.c), and the deferred-work model (deferred.c), used by the requirement
 * and coverage passes (staffing.c).  Not installed.
 */
#ifndef PP_STAFFING_INTERNAL_H
#define PP_STAFFING_INTERNAL_H

#include "peakplan/staffing.h"

#include <stdbool.h>
#include <stddef.h>

/* Chat agents times concurrency; beyond this an evaluation is refused (the Erlang B
 * table of the search would need more than 80 MB). */
#define MAX_SLOTS (100 * PP_STAFF_MAX_AGENTS)

/* Erlang B values B(k, a) for k = 0..top, filled on demand: the search probes many
 * server counts for one load, each then costs O(1). */
typedef struct bcache {
    double a;
    long top;     /* b[0..top] valid; -1 = empty */
    double *b;    /* b[k] = B(k, a) */
    double rlast; /* 1 / B(top, a), to continue the recursion */
    size_t cap;
    double *heap; /* owned storage when b is not the caller's stack buffer */
} bcache;

/* Entries of the Erlang B cache a caller keeps on its stack before it allocates. */
#define BCACHE_STACK 512

/* A queue in handle-time units (see the essay). */
typedef struct model {
    double a;    /* offered load, Erlangs */
    double aht;  /* seconds */
    double r;    /* AHT / patience; 0 = no abandonment (Erlang C) */
    double tt;   /* SL target time / AHT */
    double conc; /* chat sessions per agent, >= 1 */
} model;

typedef struct search {
    const model *md;
    const pp_staff_target *t;
    bcache *bc;
    bool need_stable; /* Erlang C: n must exceed the load */
} search;

void staff_bcache_init(bcache *bc, double *stackbuf, size_t stackcap);
void staff_bcache_free(bcache *bc);
/* Checks the inputs of an evaluation and builds the model. */
pp_status staff_make_model(double calls, double interval_seconds, double aht_seconds,
                           const pp_staff_target *t, model *md, pp_error *err);
/* The metrics of `agents` agents (Erlang B from the search's cache). */
pp_status staff_eval_at(const search *s, long agents, pp_erlang_metrics *m, pp_error *err);
/* The fractional requirement in (n - 1, n] on the metrics failing at n - 1. */
double staff_fractional(const search *s, const pp_erlang_metrics *lo,
                        const pp_erlang_metrics *hi);
/* Fewest agents in [0, max_agents] passing every target, with the model prepared. */
pp_status staff_min_agents_core(search *s, long max_agents, pp_erlang_metrics *out,
                                double *frac, pp_error *err);

/* Work is in agent-seconds. cw[s] = work arrived before interval s (cw[n] = all).
 * Due(tau) = work whose due time is <= tau (tau in intervals), see the essay. */
typedef struct deferred {
    size_t n;
    double dt;        /* interval length, seconds */
    double di, df;    /* deadline in intervals = di + df, df in [0, 1) */
    double p;         /* share that must make the deadline */
    const double *w;  /* work arriving per interval */
    const double *cw; /* prefix sums of w, n + 1 values */
} deferred;

/* Due work at tau = t + o, o in (0, 1]. */
double deferred_due_at(const deferred *D, size_t t, double o);
/* Least capacity per interval (agent-seconds) keeping work done above Due. */
void deferred_requirement(const deferred *D, double *cap);
/* Occupancy of deferred work (work done / capacity per interval) for capacities
 * cap[] (agent-seconds per interval) under the fluid; done[] is scratch of n + 1
 * values.  The service figures come from deferred_evaluate_random. */
void deferred_occupancy(const deferred *D, const double *cap, double *done, double *occ);
/* Share of each interval's items within the deadline (sl), their mean wait in
 * seconds (asa) and the items waiting at the interval's end (backlog), for items[]
 * arriving items, D->w[] their work and cap[] the capacity (agent-seconds per
 * interval).  cc[] is scratch of n + 1 values.  Any output may be NULL. */
pp_status deferred_evaluate_random(const deferred *D, const double *items, const double *cap,
                                   double *cc, double *sl, double *asa, double *backlog,
                                   pp_error *err);

#endif
