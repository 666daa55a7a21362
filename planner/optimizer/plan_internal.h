/*
 * plan_internal.h -- what the optimizer's plan files share (not installed):
 * the plan record, the model builder's state and its small helpers, and the
 * steps of pp_plan_solve, one file each:
 *   plan.c            the public API, input validation, pp_plan_solve
 *   plan_build.c      shift templates and the MIP (pp_plan_enumerate, pp_plan_build_model)
 *   plan_construct.c  the greedy constructive plan and an LP-free bound
 *   plan_readback.c   the roster and coverage from a solution, explanations,
 *                     infeasibility proofs
 * The solver side is mip.h (solve.c and the search files).
 */
#ifndef PEAKPLAN_PLAN_INTERNAL_H
#define PEAKPLAN_PLAN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "optimizer/mip.h"
#include "peakplan/error.h"
#include "peakplan/plan.h"

#define NONE ((size_t)-1)
#define EPS_BACKLOG 1e-3 /* cost per agent-interval of backlog: serve early, unique plan */
#define MAX_EXPLAIN 60

struct pp_plan {
    pp_plan_summary summary;
    pp_roster_row *rows;
    size_t nrows;
    pp_grid *coverage;
    double *vendor_hours, *vendor_cost;
    size_t nv;
    /* allocation.csv: productive agents of vendor v on queue q in interval i at
     * alloc[(v * nq + q) * n + i] (NULL until read back), and which pairs may be
     * served (a copy of the input's vendor_queue, so the writer needs no input) */
    double *alloc;
    unsigned char *vendor_queue;
    size_t nq, n;
    /* tours (plan_tours.c): ntours rows, their days in tour_days (days each) */
    pp_tour *tours;
    pp_tour_day *tour_days;
    size_t ntours, days;
    int64_t start_day;
    long *headcount; /* per vendor */
    double *weekly_cost_per_head; /* per vendor: NAN = paid by the hour (NULL: none salaried) */
    /* people per tour pattern (nv * 128, mask-indexed) of the vendors whose tours
     * are columns of the MIP (pp_vendor_tours_in_model), read back from the
     * solution; -1 for a vendor the tours stage covers after the solve */
    long *tour_people;
    char **expl;
    size_t nexpl, capexpl;
    /* the MIP solution the plan was read from (solution_n values) and its model's
     * shape (plan.c, model_shape): a what-if scenario whose model has the same
     * columns starts from these values (pp_mip_params.warm_int_x) */
    double *solution;
    size_t solution_n;
    uint64_t model_shape;
};

typedef struct tmpl {
    size_t v, f;
    int64_t start;    /* minute */
    size_t dayi;      /* horizon day index of the start (0 for a pre-horizon start) */
    bool pre;         /* starts the day before the horizon and works into it */
    size_t block;     /* 7-day block of the start */
    double paid_hours;
    size_t x;         /* column */
    /* breaks r < nb (time order): columns w0[r] .. w0[r] + nw[r] - 1, placement
     * k starts at start + boff0[r] + k * bstep and lasts blen[r] minutes */
    size_t nb;
    size_t w0[PP_MAX_BREAKS], nw[PP_MAX_BREAKS];
    int boff0[PP_MAX_BREAKS], blen[PP_MAX_BREAKS];
    bool bpaid[PP_MAX_BREAKS];
    int bstep;
} tmpl;

typedef struct builder {
    const pp_plan_input *in;
    const pp_plan_params *p;
    int64_t g0;
    int step;
    size_t n, nq, nv, nblocks;
    const double *need, *work; /* work: deferred work to get through, with its spare */
    double *work_owned;        /* workload + spare when the requirements carry spare */
    tmpl *t;
    size_t nt, capt;
    pp_mip m;
    size_t *hcol, *hrow, *prow;  /* nv * n */
    unsigned char *hwhole;       /* nv * n: 1 while every coefficient of h's row is whole */
    size_t *ycol;                /* nv * nq * n */
    size_t *ucol, *qrow;         /* nq * n: shortfall / coverage or flow row */
    size_t *bcol, *zcol;         /* nq * n */
    size_t *drow;                /* nq * n: the due row of zcol */
    size_t *hours_row;           /* nv * nblocks */
    size_t *agents_row;          /* nv * (days + 1); slot `days` = the day before */
    unsigned char *deferred;     /* nq: deferred with workload */
    size_t *pcol;                /* nv * 128: people on tour pattern mask, or NONE */
    size_t *cover_row;           /* nv * (days + 1): [v * (days + 1)] = the day before */
    size_t *head_hours_row;      /* nv * nblocks: paid hours <= per-head cap x people */
    double *due;                 /* n: scratch for a deferred queue's due curve */
} builder;

/* Overlap in minutes of [a, b) with grid interval t, as a fraction of step. */
static inline double frac(const builder *B, int64_t a, int64_t b, size_t t)
{
    int64_t lo = B->g0 + (int64_t)t * B->step, hi = lo + B->step;
    int64_t s = a > lo ? a : lo, e = b < hi ? b : hi;
    return e > s ? (double)(e - s) / B->step : 0.0;
}

/* Grid intervals touched by [a, b): [*t0, *t1), empty when outside. */
static inline void span(const builder *B, int64_t a, int64_t b, size_t *t0, size_t *t1)
{
    int64_t end = B->g0 + (int64_t)B->n * B->step;
    if (b <= B->g0 || a >= end || b <= a) {
        *t0 = *t1 = 0;
        return;
    }
    int64_t s = a > B->g0 ? a : B->g0, e = b < end ? b : end;
    *t0 = (size_t)((s - B->g0) / B->step);
    *t1 = (size_t)((e - B->g0 + B->step - 1) / B->step);
}

/* Values that may change over time (pp_plan_input's *_t and *_day arrays). */
static inline double seats_at(const builder *B, size_t v, size_t t)
{
    return B->in->vendor_seats_t ? B->in->vendor_seats_t[v * B->n + t] : B->in->vendors[v].seats;
}

static inline double vendor_keep_at(const builder *B, size_t v, size_t t)
{
    double s = B->in->vendor_shrinkage_pct_t ? B->in->vendor_shrinkage_pct_t[v * B->n + t]
                                             : B->in->vendors[v].shrinkage_pct;
    return 1 - s / 100;
}

static inline double queue_keep_at(const builder *B, size_t q, size_t t)
{
    double s = B->in->queue_shrinkage_pct_t ? B->in->queue_shrinkage_pct_t[q * B->n + t]
                                            : B->in->queues[q].shrinkage_pct;
    return 1 - s / 100;
}

static inline double hourly_cost_of(const builder *B, const tmpl *t)
{
    return B->in->vendor_cost_day ? B->in->vendor_cost_day[t->v * B->in->days + t->dayi]
                                  : B->in->vendors[t->v].hourly_cost;
}

/* Cost per paid hour of a template's column.  A vendor whose tours are in the
 * model pays a cent per paid hour more in the objective (not in total_cost):
 * a salaried team with hourly_cost 0 would otherwise work hours that cover
 * nothing, which cost nothing but show up in its paid hours and fte. */
#define TOUR_EPS_HOUR 0.01
static inline double tmpl_hour_cost(const builder *B, const tmpl *t)
{
    return hourly_cost_of(B, t) +
           (pp_vendor_tours_in_model(&B->in->vendors[t->v]) ? TOUR_EPS_HOUR : 0);
}

/* The 7-bit tour pattern bit of horizon day d (d = -1: the day before). */
static inline int tour_day_bit(long d) { return (int)(((d % 7) + 7) % 7); }

/* ---- the steps of pp_plan_solve ---- */

/* Appends a formatted explanation line; silently drops it on out of memory
 * (explanations are advice, the plan itself is complete without them). */
void pp_plan_explain(pp_plan *plan, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* plan_build.c: the templates of every family, start, day and vendor (B->t),
 * then the model (B->m) and the column maps of B.  PP_ENOMEM. */
pp_status pp_plan_enumerate(builder *B, pp_error *err);
pp_status pp_plan_build_model(builder *B, pp_error *err);
size_t *pp_plan_alloc_none(size_t count); /* count NONEs (pp_malloc), NULL on OOM */
void pp_plan_builder_free(builder *B);    /* B's arrays, not B */

/* plan_construct.c: a complete plan of B->m without an LP (*out, ncols values,
 * pp_malloc'ed), or *out NULL when a vendor's committed hours could not be
 * placed (*fv, *fbl: that vendor and 7-day block); and a lower bound on the
 * objective that needs no LP. */
pp_status pp_plan_constructive(builder *B, double **out, size_t *fv, size_t *fbl,
                               pp_error *err);
double pp_plan_cheap_bound(const builder *B);
/* plan_construct.c: the warm start, plan `warm`'s roster trimmed to B's limits (*out,
 * ncols values, pp_malloc'ed; NULL when the committed hours cannot be placed).
 * PP_ENOMEM only. */
pp_status pp_plan_warm(builder *B, const pp_plan *warm, double **out, pp_error *err);

/* plan_readback.c: the roster, coverage and vendor totals of solution x;
 * explanation lines for unmet intervals and binding limits; and which hard
 * limit makes the model infeasible (explanation lines; returns how many). */
/* plan_tours.c: the tours and headcount that staff plan->rows. */
pp_status pp_plan_make_tours(pp_plan *plan, const pp_plan_input *in, pp_error *err);
bool pp_tour_pattern_allowed(unsigned mask, int max_days, int min_off, int max_consec);
/* Whether pattern mask is allowed by vendor V's rules (defaults for zeros). */
bool pp_tour_vendor_allows(const pp_vendor *V, unsigned mask);
/* The constructive plan's caps (nv * (days + 1) starts per day, nv * nblocks paid
 * hours) and prices (2 nv: per shift, per paid hour) of the tours in the model. */
void pp_tour_greedy_caps(const builder *B, double *day_cap, double *head_hours_cap,
                         double *head_share);
/* Fewest people per pattern (people[128], mask-indexed) covering need[0..days]
 * shift starts ([0]: the day before the horizon), by a small exact MIP. */
pp_status pp_tour_cover(const pp_vendor *V, const long *need, size_t days, long people[128],
                        pp_error *err);
pp_status pp_plan_read_back(builder *B, const double *x, pp_plan *plan, double *working,
                            pp_error *err);
void pp_plan_explain_plan(builder *B, const double *x, pp_plan *plan, const double *working);
size_t pp_plan_diagnose_infeasible(builder *B, pp_plan *plan);
size_t pp_plan_infeasibility_proofs(builder *B, pp_plan *plan);

/* Test hook: the warm start p->warm gives on `in` (pp_plan_warm), read back as a
 * plan (roster, coverage; objective and bound unset) without any search.
 * PP_EINFEASIBLE when there is none (no p->warm, committed hours out of reach). */
pp_status pp_plan_warm_start(const pp_plan_input *in, const pp_plan_params *p, pp_plan **out,
                             pp_error *err);

/* Solves a hand-built MIP through the same adapter path pp_plan_solve uses
 * (LP relaxation, rounding incumbent, GLPK branch and bound). x (m->ncols
 * values) may be NULL. *lp_bound is the root LP relaxation. PP_EINFEASIBLE
 * when no solution was found. */
pp_status pp_plan_solve_mip(const pp_mip *m, double time_limit_seconds, double mip_gap,
                            double *objective, double *lp_bound, double *x, pp_error *err);

#endif
