/*
 * plan.c -- shift and vendor allocation as a mixed-integer program.
 *
 * Design
 * ------
 * The requirements grid gives, per queue q and interval t (length `step`
 * minutes), the productive agents needed (live queues) or the arriving work in
 * agent-intervals (deferred queues).  We choose how many agents of each vendor
 * start each shift template, where their breaks go, and how their productive
 * time is split over the queues, at least cost plus a price for every
 * agent-hour not covered.  The formulation (docs/optimizer.md has the algebra):
 *
 *   templates   one per family start (earliest..latest every start_step) on
 *               each horizon day in days_mask, times each eligible vendor; also
 *               the day before the horizon, for shifts that work into its first
 *               hours (full cost, their own max_agents row, hours in week 1).
 *               A template covers interval t by overlap(shift, t) / step, so
 *               shifts off the grid still count for the minutes they work.
 *   agents      x[j]: integer when the family has no break.  With a break we
 *               use Aykin's formulation: integer w[j,k] = agents of template j
 *               whose break starts at offset k (earliest offset, then every
 *               grid step up to the latest), x[j] = sum_k w[j,k] continuous.
 *               An agent on break covers nothing: working(v,t) =
 *               sum_j cov(j,t) x[j] - sum_jk brk(j,k,t) w[j,k].  This keeps the
 *               shift's long coverage column once and the break columns short.
 *   working     h[v,t] = working(v,t), an explicit column so that seats are a
 *               plain column bound (h <= seats) and the queue split row stays
 *               short.
 *   split       y[v,q,t] >= 0 (v may serve q) with
 *               sum_q y[v,q,t] / (1 - shrink_q) <= (1 - shrink_v) h[v,t]:
 *               y is productive agents on q after both shrinkages.
 *   live q      sum_v y[v,q,t] + u[q,t] >= need[q,t], u priced at
 *               penalty * step/60 per agent (fractional needs sit in the row).
 *   deferred q  backlog b[q,t] = b[q,t-1] + W[q,t] - sum_v y[v,q,t] (nothing
 *               is dropped); work served by the end of t must reach due(t), the
 *               staffing engine's due curve (pp_staff_work_due: first come first
 *               served, target% of each interval's items within the deadline,
 *               the rest before the next interval's first item falls due), i.e.
 *               b[q,t] - z[q,t] <= cumW(t) - due(t), z priced like u.  (A
 *               cumulative "target% of all work arrived by t-D" would let the
 *               shortfall, and every item's wait, grow without bound.)  The
 *               backlog at the horizon end is priced like u too, and
 *               every backlog interval costs a tiny epsilon so work is served
 *               as early as capacity allows (and the plan is unique).
 *   vendors     seats: h <= seats; max_agents: starts per vendor and day;
 *               min/max_hours_week: paid hours of the shifts starting in each
 *               7-day block of the horizon, prorated for a shorter last block.
 *               vendor_available = 0 removes every template of the vendor that
 *               overlaps the interval (an agent cannot leave mid-shift).
 *   objective   paid hours x hourly cost + penalties.
 *
 * Before solving, a constructive plan (greedy, no LP; section "The
 * constructive plan" below) gives the solver a complete plan to keep unless it
 * finds a cheaper one, so a plan is found whatever the time limit.
 * Solving is glpk_adapter.c's job (small models: LP relaxation, rounding
 * heuristic handed to GLPK as the first incumbent, branch and bound; a week of
 * 15-minute intervals: interior point, relax-and-fix by day and window passes,
 * for which every column is labelled with its day, vendor and role here).
 * Both take mixed-integer rounding cuts from the rounding bases built here
 * (add_rounding_bases: whole agents at work cover the need or its shortfall).
 * After the solve the plan is
 * read back: roster rows from x / w, coverage recomputed from the integer
 * roster (spare productive capacity of a vendor is spread over its live
 * queues in proportion to their need, so agents_planned shows every agent),
 * and explanation lines for unmet intervals and binding limits.  When the
 * hard limits conflict we diagnose per vendor which minimum cannot be met.
 * Everything is deterministic: fixed loop orders, no clocks in the model.
 */
#include "core/alloc.h"
#include "peakplan/plan.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "optimizer/glpk_adapter.h"
#include "peakplan/interrupt.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"
#include "optimizer/plan_internal.h"

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
    char **expl;
    size_t nexpl, capexpl;
};

void pp_plan_params_init(pp_plan_params *p)
{
    memset(p, 0, sizeof *p);
    p->time_limit_seconds = 60;
    p->mip_gap = 0.005;
    p->penalty_per_agent_hour = 200;
}

const char *pp_plan_status_name(pp_plan_status s)
{
    switch (s) {
    case PP_PLAN_OPTIMAL:
        return "optimal";
    case PP_PLAN_FEASIBLE:
        return "feasible";
    case PP_PLAN_INFEASIBLE:
        return "infeasible";
    case PP_PLAN_INTERRUPTED:
        return "interrupted";
    }
    return "unknown";
}

void pp_plan_thread_cleanup(void)
{
    pp_glpk_thread_cleanup();
}

void pp_plan_free(pp_plan *plan)
{
    if (!plan)
        return;
    pp_free(plan->rows);
    pp_grid_free(plan->coverage);
    pp_free(plan->vendor_hours);
    pp_free(plan->vendor_cost);
    for (size_t i = 0; i < plan->nexpl; i++)
        pp_free(plan->expl[i]);
    pp_free(plan->expl);
    pp_free(plan);
}

const pp_plan_summary *pp_plan_get_summary(const pp_plan *plan) { return &plan->summary; }
size_t pp_plan_roster_count(const pp_plan *plan) { return plan->nrows; }
const pp_roster_row *pp_plan_roster(const pp_plan *plan) { return plan->rows; }
const pp_grid *pp_plan_coverage(const pp_plan *plan) { return plan->coverage; }
size_t pp_plan_explanation_count(const pp_plan *plan) { return plan->nexpl; }

const char *pp_plan_explanation(const pp_plan *plan, size_t i)
{
    return i < plan->nexpl ? plan->expl[i] : NULL;
}

double pp_plan_vendor_paid_hours(const pp_plan *plan, size_t vendor)
{
    return vendor < plan->nv ? plan->vendor_hours[vendor] : 0;
}

double pp_plan_vendor_cost(const pp_plan *plan, size_t vendor)
{
    return vendor < plan->nv ? plan->vendor_cost[vendor] : 0;
}

/* Appends a formatted explanation line; silently drops it on out of memory
 * (explanations are advice, the plan itself is complete without them). */
static void explain(pp_plan *plan, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void explain(pp_plan *plan, const char *fmt, ...)
{
    if (plan->nexpl == plan->capexpl) {
        size_t cap = plan->capexpl ? plan->capexpl * 2 : 16;
        char **e = pp_realloc(plan->expl, cap * sizeof *e);
        if (!e)
            return;
        plan->expl = e;
        plan->capexpl = cap;
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *s = pp_malloc(strlen(buf) + 1);
    if (!s)
        return;
    strcpy(s, buf);
    plan->expl[plan->nexpl++] = s;
}

/* ------------------------------------------------------------------------ */
/* Model building                                                            */

typedef struct tmpl {
    size_t v, f;
    int64_t start;    /* minute */
    size_t dayi;      /* horizon day index of the start (0 for a pre-horizon start) */
    bool pre;         /* starts the day before the horizon and works into it */
    size_t block;     /* 7-day block of the start */
    double paid_hours;
    size_t x;         /* column */
    size_t w0, nw;    /* break columns; break k starts at start + boff0 + k * bstep */
    int boff0, bstep;
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
    double *due;                 /* n: scratch for a deferred queue's due curve */
} builder;

/* Overlap in minutes of [a, b) with grid interval t, as a fraction of step. */
static double frac(const builder *B, int64_t a, int64_t b, size_t t)
{
    int64_t lo = B->g0 + (int64_t)t * B->step, hi = lo + B->step;
    int64_t s = a > lo ? a : lo, e = b < hi ? b : hi;
    return e > s ? (double)(e - s) / B->step : 0.0;
}

/* Grid intervals touched by [a, b): [*t0, *t1), empty when outside. */
static void span(const builder *B, int64_t a, int64_t b, size_t *t0, size_t *t1)
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

static bool vendor_available(const builder *B, size_t v, int64_t a, int64_t b)
{
    if (!B->in->vendor_available)
        return true;
    size_t t0, t1;
    span(B, a, b, &t0, &t1);
    for (size_t t = t0; t < t1; t++)
        if (!B->in->vendor_available[v * B->n + t])
            return false;
    return true;
}

/* Values that may change over time (pp_plan_input's *_t and *_day arrays). */
static double seats_at(const builder *B, size_t v, size_t t)
{
    return B->in->vendor_seats_t ? B->in->vendor_seats_t[v * B->n + t] : B->in->vendors[v].seats;
}

static double vendor_keep_at(const builder *B, size_t v, size_t t)
{
    double s = B->in->vendor_shrinkage_pct_t ? B->in->vendor_shrinkage_pct_t[v * B->n + t]
                                             : B->in->vendors[v].shrinkage_pct;
    return 1 - s / 100;
}

static double queue_keep_at(const builder *B, size_t q, size_t t)
{
    double s = B->in->queue_shrinkage_pct_t ? B->in->queue_shrinkage_pct_t[q * B->n + t]
                                            : B->in->queues[q].shrinkage_pct;
    return 1 - s / 100;
}

static double hourly_cost_of(const builder *B, const tmpl *t)
{
    return B->in->vendor_cost_day ? B->in->vendor_cost_day[t->v * B->in->days + t->dayi]
                                  : B->in->vendors[t->v].hourly_cost;
}

/* Every value of an optional over-time array lies in [lo, hi) (hi may be INFINITY). */
static bool values_in(const double *a, size_t count, double lo, double hi, bool hi_open)
{
    for (size_t i = 0; a && i < count; i++)
        if (!(a[i] >= lo) || (hi_open ? !(a[i] < hi) : !(a[i] <= hi)))
            return false;
    return true;
}

static pp_status validate(const pp_plan_input *in, const pp_plan_params *p, pp_error *err)
{
    if (!in || !p || !in->requirements)
        return pp_error_set(err, PP_EINVAL, "plan: missing input");
    const pp_grid *g = in->requirements;
    if (pp_grid_queues(g) != in->nq)
        return pp_error_set(err, PP_EINVAL,
                            "plan: the requirements have %zu queues but %zu queue records",
                            pp_grid_queues(g), in->nq);
    if (in->days == 0)
        return pp_error_set(err, PP_EINVAL, "plan: the horizon has no days");
    if (pp_grid_intervals(g) == 0)
        return pp_error_set(err, PP_EINVAL, "plan: the requirements have no intervals");
    if (!pp_grid_column_const(g, PP_COL_AGENTS_NEEDED))
        return pp_error_set(err, PP_EINVAL, "plan: the requirements have no %s column",
                            PP_COL_AGENTS_NEEDED);
    if (in->nv == 0)
        return pp_error_set(err, PP_EINVAL, "plan: no vendors");
    if (in->nf == 0)
        return pp_error_set(err, PP_EINVAL, "plan: no shift families");
    if (!in->vendor_queue || !in->family_vendor)
        return pp_error_set(err, PP_EINVAL, "plan: missing vendor/queue or family/vendor matrix");
    if (!(p->penalty_per_agent_hour >= 0) || !isfinite(p->penalty_per_agent_hour))
        return pp_error_set(err, PP_EINVAL, "plan: understaffing penalty must be >= 0 (got %g)",
                            p->penalty_per_agent_hour);
    if (!(p->mip_gap >= 0) || !(p->time_limit_seconds >= 0))
        return pp_error_set(err, PP_EINVAL, "plan: mip gap and time limit must be >= 0");
    size_t n = pp_grid_intervals(g);
    if (!values_in(in->vendor_seats_t, in->nv * n, 0, INFINITY, false) ||
        !values_in(in->vendor_shrinkage_pct_t, in->nv * n, 0, 100, true) ||
        !values_in(in->queue_shrinkage_pct_t, in->nq * n, 0, 100, true) ||
        !values_in(in->vendor_cost_day, in->nv * in->days, 0, INFINITY, true))
        return pp_error_set(err, PP_EINVAL,
                            "plan: a seat count, shrinkage or hourly cost that changes over time "
                            "is out of range");
    const double *need = pp_grid_column_const(g, PP_COL_AGENTS_NEEDED);
    const double *work = pp_grid_column_const(g, PP_COL_WORKLOAD);
    for (size_t q = 0; q < in->nq; q++) {
        const pp_queue *Q = &in->queues[q];
        if (!(Q->shrinkage_pct >= 0 && Q->shrinkage_pct < 100))
            return pp_error_set(err, PP_EINVAL, "queue %s: shrinkage_pct must be in [0, 100)",
                                Q->name);
        for (size_t t = 0; t < n; t++) {
            /* workload is meaningful (and present) only for deferred queues */
            double a = need[q * n + t];
            double w = work && pp_channel_is_deferred(Q->channel) ? work[q * n + t] : 0;
            if (!isfinite(a) || a < 0 || !isfinite(w) || w < 0)
                return pp_error_set(err, PP_EINVAL,
                                    "queue %s: requirement %zu is negative or not a number",
                                    Q->name, t);
        }
    }
    for (size_t v = 0; v < in->nv; v++) {
        const pp_vendor *V = &in->vendors[v];
        if (!(V->hourly_cost >= 0) || !isfinite(V->hourly_cost))
            return pp_error_set(err, PP_EINVAL, "vendor %s: hourly_cost must be >= 0 (got %g)",
                                V->name, V->hourly_cost);
        if (!(V->seats >= 0))
            return pp_error_set(err, PP_EINVAL, "vendor %s: seats must be >= 0 (got %g)",
                                V->name, V->seats);
        if (!(V->max_agents >= 0))
            return pp_error_set(err, PP_EINVAL, "vendor %s: max_agents must be >= 0 (got %g)",
                                V->name, V->max_agents);
        if (!(V->min_hours_week >= 0) || !isfinite(V->min_hours_week) ||
            !(V->max_hours_week >= 0))
            return pp_error_set(err, PP_EINVAL,
                                "vendor %s: min/max_hours_week must be >= 0 (got %g, %g)",
                                V->name, V->min_hours_week, V->max_hours_week);
        if (V->min_hours_week > V->max_hours_week)
            return pp_error_set(err, PP_EINVAL,
                                "vendor %s: min_hours_week %g exceeds max_hours_week %g",
                                V->name, V->min_hours_week, V->max_hours_week);
        if (!(V->shrinkage_pct >= 0 && V->shrinkage_pct < 100))
            return pp_error_set(err, PP_EINVAL, "vendor %s: shrinkage_pct must be in [0, 100)",
                                V->name);
        bool any = false;
        for (size_t q = 0; q < in->nq; q++)
            any |= in->vendor_queue[v * in->nq + q] != 0;
        if (!any)
            return pp_error_set(err, PP_EINVAL,
                                "vendor %s: eligible for none of the queues in the requirements",
                                V->name);
    }
    for (size_t f = 0; f < in->nf; f++) {
        const pp_shift_family *F = &in->families[f];
        if (F->length_minutes <= 0 || F->length_minutes > PP_MINUTES_PER_DAY)
            return pp_error_set(err, PP_EINVAL,
                                "shift %s: length %d minutes is outside 1..1440 (24 h)", F->name,
                                F->length_minutes);
        if ((F->days_mask & 0x7f) == 0 || F->start_step_minutes <= 0 || F->earliest_start < 0 ||
            F->latest_start < F->earliest_start || F->latest_start >= PP_MINUTES_PER_DAY)
            return pp_error_set(err, PP_EINVAL,
                                "shift %s: yields no template (days, start window %d..%d or "
                                "start step %d)",
                                F->name, F->earliest_start, F->latest_start,
                                F->start_step_minutes);
        if (F->break_minutes < 0)
            return pp_error_set(err, PP_EINVAL, "shift %s: negative break", F->name);
        if (F->break_minutes > 0 &&
            (F->break_earliest_offset < 0 || F->break_latest_offset < F->break_earliest_offset ||
             F->break_latest_offset + F->break_minutes > F->length_minutes))
            return pp_error_set(err, PP_EINVAL,
                                "shift %s: break window %d..%d (+%d min) lies outside the %d-min "
                                "shift",
                                F->name, F->break_earliest_offset, F->break_latest_offset,
                                F->break_minutes, F->length_minutes);
        if (F->break_minutes >= F->length_minutes)
            return pp_error_set(err, PP_EINVAL, "shift %s: break as long as the shift", F->name);
    }
    return PP_OK;
}

static pp_status add_tmpl(builder *B, const tmpl *t, pp_error *err)
{
    if (B->nt == B->capt) {
        size_t cap = B->capt ? B->capt * 2 : 256;
        tmpl *nt = pp_realloc(B->t, cap * sizeof *nt);
        if (!nt)
            return pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        B->t = nt;
        B->capt = cap;
    }
    B->t[B->nt++] = *t;
    return PP_OK;
}

static pp_status enumerate(builder *B, pp_error *err)
{
    const pp_plan_input *in = B->in;
    /* d = -1: shifts that start the evening before the horizon and work into its
     * first hours (a chat queue open until 02:00 needs them on the first night);
     * span() keeps only those that reach the grid.  Their whole cost counts, as
     * for the shifts that run past the horizon's end. */
    for (long d = -1; d < (long)in->days; d++) {
        int64_t day = in->start_day + d;
        int wd = pp_weekday(day);
        for (size_t v = 0; v < B->nv; v++)
            for (size_t f = 0; f < in->nf; f++) {
                const pp_shift_family *F = &in->families[f];
                if (!(F->days_mask & (1u << wd)) || !in->family_vendor[f * B->nv + v])
                    continue;
                for (int s = F->earliest_start; s <= F->latest_start; s += F->start_step_minutes) {
                    int64_t a = day * PP_MINUTES_PER_DAY + s, b = a + F->length_minutes;
                    size_t t0, t1;
                    span(B, a, b, &t0, &t1);
                    if (t0 == t1 || !vendor_available(B, v, a, b))
                        continue;
                    tmpl t = {.v = v, .f = f, .start = a, .dayi = d < 0 ? 0 : (size_t)d,
                              .block = d < 0 ? 0 : (size_t)d / 7, .pre = d < 0};
                    int paid = F->length_minutes - (F->break_paid ? 0 : F->break_minutes);
                    t.paid_hours = paid / 60.0;
                    t.x = t.w0 = NONE;
                    if (F->break_minutes > 0) {
                        t.boff0 = F->break_earliest_offset;
                        t.bstep = B->step;
                        t.nw = (size_t)((F->break_latest_offset - F->break_earliest_offset) /
                                        B->step) + 1;
                    }
                    pp_status st = add_tmpl(B, &t, err);
                    if (st != PP_OK)
                        return st;
                }
            }
    }
    return PP_OK;
}

#define CHECK_COL(c)                                                                               \
    do {                                                                                           \
        if ((c) == NONE)                                                                           \
            goto oom;                                                                              \
    } while (0)

/* Rounding bases for the solver's MIR cuts (glpk_adapter.h).  In interval i,
 * for a set S of live queues (each alone, and all together), the vendors that
 * may serve S must supply the need the shortfall leaves:
 *   sum_{v serves S} keep_v h[v,i] + sum_{q in S} u[q,i] / keep_q
 *       >= sum_{q in S} need[q,i] / keep_q,
 * the sum of the cover rows through the split rows.  h[v,i] is a whole number
 * of agents when every shift and break of vendor v covers interval i wholly or
 * not at all (starts and breaks on the grid); otherwise it enters as a
 * continuous term.  The LP relaxation staffs a need of 7.3 agents with 7.3;
 * the cuts make it pay for the eighth agent or the shortfall (on the week
 * benchmark instances they raise the bound by up to 0.7 %). */
/* Whether queue q is live in interval i and in set s (s == nq: all queues). */
static bool base_has_queue(const builder *B, size_t s, size_t q, size_t i)
{
    return B->ucol[q * B->n + i] != NONE && (s == B->nq || q == s);
}

static bool add_rounding_bases(builder *B)
{
    pp_mip *m = &B->m;
    size_t n = B->n, nv = B->nv, nq = B->nq;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        size_t live = 0;
        for (size_t q = 0; q < nq; q++)
            live += B->ucol[q * n + i] != NONE;
        /* subsets: each live queue (s < nq), then all of them (s == nq) */
        for (size_t s = 0; s <= nq && ok; s++) {
            if (s < nq ? B->ucol[s * n + i] == NONE : live < 2)
                continue;
            double rhs = 0;
            for (size_t q = 0; q < nq; q++)
                if (base_has_queue(B, s, q, i))
                    rhs += B->need[q * n + i] / queue_keep_at(B, q, i);
            ok = pp_mip_add_base(m, rhs);
            for (size_t v = 0; v < nv && ok; v++) {
                bool serves = false;
                for (size_t q = 0; q < nq && !serves; q++)
                    serves = base_has_queue(B, s, q, i) &&
                             B->ycol[(v * nq + q) * n + i] != NONE;
                if (serves)
                    ok = pp_mip_add_base_term(m, B->hcol[v * n + i], vendor_keep_at(B, v, i),
                                              B->hwhole[v * n + i]);
            }
            for (size_t q = 0; q < nq && ok; q++)
                if (base_has_queue(B, s, q, i))
                    ok = pp_mip_add_base_term(m, B->ucol[q * n + i],
                                              1.0 / queue_keep_at(B, q, i), false);
        }
    }
    return ok;
}

static pp_status build_model(builder *B, pp_error *err)
{
    const pp_plan_input *in = B->in;
    pp_mip *m = &B->m;
    size_t n = B->n, nv = B->nv, nq = B->nq;
    double unit_pen = B->p->penalty_per_agent_hour * B->step / 60.0;
    char name[96];
    bool names = m->keep_names;
    /* shift and break columns */
    for (size_t k = 0; k < B->nt; k++) {
        tmpl *t = &B->t[k];
        const pp_shift_family *F = &in->families[t->f];
        double cost = t->paid_hours * hourly_cost_of(B, t);
        if (names) {
            char clk[8];
            pp_format_clock(t->start, clk, sizeof clk);
            snprintf(name, sizeof name, "x_v%zu_f%zu_d%zu_%c%c%c%c", t->v, t->f, t->dayi, clk[0],
                     clk[1], clk[3], clk[4]);
        }
        t->x = pp_mip_add_col(m, 0, INFINITY, cost, t->nw == 0, names ? name : NULL);
        CHECK_COL(t->x);
        if (t->nw) {
            size_t link = pp_mip_add_row(m, 0, 0, NULL);
            CHECK_COL(link);
            if (!pp_mip_add_nz(m, link, t->x, 1))
                goto oom;
            for (size_t b = 0; b < t->nw; b++) {
                if (names)
                    snprintf(name, sizeof name, "w%zu_%zu", k, b);
                size_t c = pp_mip_add_col(m, 0, INFINITY, 0, true, names ? name : NULL);
                CHECK_COL(c);
                if (b == 0)
                    t->w0 = c;
                if (!pp_mip_add_nz(m, link, c, -1))
                    goto oom;
            }
        }
        (void)F;
    }
    /* working agents h[v,t] with its defining row */
    for (size_t k = 0; k < B->nt; k++) {
        const tmpl *t = &B->t[k];
        size_t t0, t1;
        span(B, t->start, t->start + in->families[t->f].length_minutes, &t0, &t1);
        for (size_t i = t0; i < t1; i++)
            B->hcol[t->v * n + i] = 0; /* mark */
    }
    for (size_t v = 0; v < nv; v++)
        for (size_t i = 0; i < n; i++) {
            size_t vi = v * n + i;
            if (B->hcol[vi] == NONE)
                continue;
            double seats = seats_at(B, v, i);
            if (names)
                snprintf(name, sizeof name, "h_v%zu_t%zu", v, i);
            B->hcol[vi] = pp_mip_add_col(m, 0, isfinite(seats) ? seats : INFINITY, 0, false,
                                         names ? name : NULL);
            CHECK_COL(B->hcol[vi]);
            if (names)
                snprintf(name, sizeof name, "work_v%zu_t%zu", v, i);
            B->hrow[vi] = pp_mip_add_row(m, 0, 0, names ? name : NULL);
            CHECK_COL(B->hrow[vi]);
            if (!pp_mip_add_nz(m, B->hrow[vi], B->hcol[vi], 1))
                goto oom;
            if (names)
                snprintf(name, sizeof name, "prod_v%zu_t%zu", v, i);
            B->prow[vi] = pp_mip_add_row(m, -INFINITY, 0, names ? name : NULL);
            CHECK_COL(B->prow[vi]);
            if (!pp_mip_add_nz(m, B->prow[vi], B->hcol[vi],
                               -vendor_keep_at(B, v, i)))
                goto oom;
        }
    for (size_t k = 0; k < B->nt; k++) {
        const tmpl *t = &B->t[k];
        const pp_shift_family *F = &in->families[t->f];
        size_t t0, t1;
        span(B, t->start, t->start + F->length_minutes, &t0, &t1);
        for (size_t i = t0; i < t1; i++) {
            double c = frac(B, t->start, t->start + F->length_minutes, i);
            if (!pp_mip_add_nz(m, B->hrow[t->v * n + i], t->x, -c))
                goto oom;
            if (fabs(c - round(c)) > 1e-9) /* off the grid: h is no whole number */
                B->hwhole[t->v * n + i] = 0;
        }
        for (size_t b = 0; b < t->nw; b++) {
            int64_t bs = t->start + t->boff0 + (int64_t)b * t->bstep, be = bs + F->break_minutes;
            size_t b0, b1;
            span(B, bs, be, &b0, &b1);
            for (size_t i = b0; i < b1; i++) {
                double c = frac(B, bs, be, i);
                if (!pp_mip_add_nz(m, B->hrow[t->v * n + i], t->w0 + b, c))
                    goto oom;
                if (fabs(c - round(c)) > 1e-9)
                    B->hwhole[t->v * n + i] = 0;
            }
        }
    }
    /* queue rows and the split columns */
    for (size_t q = 0; q < nq; q++) {
        const pp_queue *Q = &in->queues[q];
        if (B->deferred[q]) {
            size_t first = n;
            for (size_t i = 0; i < n && first == n; i++)
                if (B->work[q * n + i] > 0)
                    first = i;
            /* The due curve of the staffing engine (first come first served: the
             * target share of each interval's items within the deadline, the rest
             * before the next interval's first item falls due), so the plan keeps
             * the backlog bounded exactly as the requirement assumed. */
            double tp = Q->target_pct >= 0 && Q->target_pct <= 100 ? Q->target_pct : 100;
            double ts = isfinite(Q->target_seconds) && Q->target_seconds >= 0
                            ? Q->target_seconds : 0;
            double *due = B->due; /* n values, owned by the builder */
            /* The requirements' own due curve when they carry one (made in the same run by
             * the staffing engine, and merged over dates by a what-if whose target changes
             * only on some days); otherwise the same curve from the workload. */
            const double *given = pp_grid_column_const(in->requirements, PP_COL_WORK_DUE);
            bool use_given = given != NULL && first < n;
            for (size_t i = first; use_given && i < n; i++)
                use_given = isfinite(given[q * n + i]) && given[q * n + i] >= 0;
            if (use_given)
                memcpy(due, given + q * n + first, (n - first) * sizeof *due);
            else if (first < n) {
                pp_status dst = pp_staff_work_due(B->work + q * n + first, n - first,
                                                  60.0 * B->step, tp, ts, due, err);
                if (dst != PP_OK) {
                    pp_error_prefix(err, "queue %s", Q->name);
                    return dst;
                }
            }
            double cum = 0;
            for (size_t i = first; i < n; i++) {
                cum += B->work[q * n + i];
                if (names)
                    snprintf(name, sizeof name, "b_q%zu_t%zu", q, i);
                B->bcol[q * n + i] = pp_mip_add_col(m, 0, INFINITY,
                                                    EPS_BACKLOG + (i == n - 1 ? unit_pen : 0),
                                                    false, names ? name : NULL);
                CHECK_COL(B->bcol[q * n + i]);
                if (names)
                    snprintf(name, sizeof name, "flow_q%zu_t%zu", q, i);
                size_t r = pp_mip_add_row(m, B->work[q * n + i], B->work[q * n + i],
                                          names ? name : NULL);
                CHECK_COL(r);
                B->qrow[q * n + i] = r;
                if (!pp_mip_add_nz(m, r, B->bcol[q * n + i], 1))
                    goto oom;
                if (i > first && !pp_mip_add_nz(m, r, B->bcol[q * n + i - 1], -1))
                    goto oom;
                /* served by the end of i >= due(i) - z: b - z <= cum - due */
                double d = due[i - first];
                if (d > 1e-12) {
                    double rhs = fmax(0, cum - d);
                    if (names)
                        snprintf(name, sizeof name, "z_q%zu_t%zu", q, i);
                    B->zcol[q * n + i] = pp_mip_add_col(m, 0, INFINITY, unit_pen, false,
                                                        names ? name : NULL);
                    CHECK_COL(B->zcol[q * n + i]);
                    if (names)
                        snprintf(name, sizeof name, "due_q%zu_t%zu", q, i);
                    size_t dr = pp_mip_add_row(m, -INFINITY, rhs, names ? name : NULL);
                    CHECK_COL(dr);
                    B->drow[q * n + i] = dr;
                    if (!pp_mip_add_nz(m, dr, B->bcol[q * n + i], 1) ||
                        !pp_mip_add_nz(m, dr, B->zcol[q * n + i], -1))
                        goto oom;
                }
            }
        } else {
            for (size_t i = 0; i < n; i++) {
                double a = B->need[q * n + i];
                if (a <= 0)
                    continue;
                if (names)
                    snprintf(name, sizeof name, "u_q%zu_t%zu", q, i);
                B->ucol[q * n + i] = pp_mip_add_col(m, 0, INFINITY, unit_pen, false,
                                                    names ? name : NULL);
                CHECK_COL(B->ucol[q * n + i]);
                if (names)
                    snprintf(name, sizeof name, "cover_q%zu_t%zu", q, i);
                size_t r = pp_mip_add_row(m, a, INFINITY, names ? name : NULL);
                CHECK_COL(r);
                B->qrow[q * n + i] = r;
                if (!pp_mip_add_nz(m, r, B->ucol[q * n + i], 1))
                    goto oom;
            }
        }
        for (size_t v = 0; v < nv; v++) {
            if (!in->vendor_queue[v * nq + q])
                continue;
            for (size_t i = 0; i < n; i++) {
                if (B->qrow[q * n + i] == NONE || B->hcol[v * n + i] == NONE)
                    continue;
                double inv = 1.0 / queue_keep_at(B, q, i);
                if (names)
                    snprintf(name, sizeof name, "y_v%zu_q%zu_t%zu", v, q, i);
                size_t c = pp_mip_add_col(m, 0, INFINITY, 0, false, names ? name : NULL);
                CHECK_COL(c);
                B->ycol[(v * nq + q) * n + i] = c;
                if (!pp_mip_add_nz(m, B->qrow[q * n + i], c, 1) ||
                    !pp_mip_add_nz(m, B->prow[v * n + i], c, inv))
                    goto oom;
            }
        }
    }
    /* vendor limits */
    for (size_t v = 0; v < nv; v++) {
        const pp_vendor *V = &in->vendors[v];
        for (size_t bl = 0; bl < B->nblocks; bl++) {
            size_t len = in->days - bl * 7 < 7 ? in->days - bl * 7 : 7;
            double lo = V->min_hours_week * (double)len / 7, hi = V->max_hours_week * (double)len / 7;
            if (lo <= 0 && !isfinite(hi))
                continue;
            if (names)
                snprintf(name, sizeof name, "hours_v%zu_w%zu", v, bl);
            size_t r = pp_mip_add_row(m, lo > 0 ? lo : -INFINITY, isfinite(hi) ? hi : INFINITY,
                                      names ? name : NULL);
            CHECK_COL(r);
            B->hours_row[v * B->nblocks + bl] = r;
        }
        if (isfinite(V->max_agents))
            for (size_t d = 0; d <= in->days; d++) {
                if (names) {
                    if (d == in->days)
                        snprintf(name, sizeof name, "starts_v%zu_dpre", v);
                    else
                        snprintf(name, sizeof name, "starts_v%zu_d%zu", v, d);
                }
                size_t r = pp_mip_add_row(m, -INFINITY, floor(V->max_agents + 1e-9),
                                          names ? name : NULL);
                CHECK_COL(r);
                B->agents_row[v * (in->days + 1) + d] = r;
            }
    }
    for (size_t k = 0; k < B->nt; k++) {
        const tmpl *t = &B->t[k];
        size_t hr = B->hours_row[t->v * B->nblocks + t->block];
        if (hr != NONE && !pp_mip_add_nz(m, hr, t->x, t->paid_hours))
            goto oom;
        size_t ar = B->agents_row[t->v * (in->days + 1) + (t->pre ? in->days : t->dayi)];
        if (ar != NONE && !pp_mip_add_nz(m, ar, t->x, 1))
            goto oom;
    }
    if (!add_rounding_bases(B))
        goto oom;
    return PP_OK;
oom:
    return pp_error_set(err, PP_ENOMEM, "plan: out of memory building the model");
}

static size_t *alloc_none(size_t count)
{
    size_t *a = pp_malloc((count ? count : 1) * sizeof *a);
    if (a)
        for (size_t i = 0; i < count; i++)
            a[i] = NONE;
    return a;
}

static void builder_free(builder *B)
{
    pp_free(B->work_owned);
    pp_free(B->t);
    pp_mip_free(&B->m);
    pp_free(B->hcol);
    pp_free(B->hwhole);
    pp_free(B->hrow);
    pp_free(B->prow);
    pp_free(B->ycol);
    pp_free(B->ucol);
    pp_free(B->qrow);
    pp_free(B->bcol);
    pp_free(B->zcol);
    pp_free(B->drow);
    pp_free(B->hours_row);
    pp_free(B->agents_row);
    pp_free(B->deferred);
    pp_free(B->due);
}

/* ------------------------------------------------------------------------ */
/* Reading the solution back                                                 */

static int row_cmp(const void *a, const void *b)
{
    const pp_roster_row *x = a, *y = b;
    if (x->vendor != y->vendor)
        return x->vendor < y->vendor ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->family != y->family)
        return x->family < y->family ? -1 : 1;
    if (x->break_start != y->break_start)
        return x->break_start < y->break_start ? -1 : 1;
    return 0;
}

static void fmt_range(const builder *B, size_t t0, size_t t1, char *buf, size_t size)
{
    char a[24], b[8];
    int64_t s = B->g0 + (int64_t)t0 * B->step, e = B->g0 + (int64_t)t1 * B->step;
    pp_format_timestamp(s, a, sizeof a);
    pp_format_clock(e, b, sizeof b);
    snprintf(buf, size, "%s-%s", a, b);
}

static pp_status read_back(builder *B, const double *x, pp_plan *plan, double *working,
                           pp_error *err)
{
    const pp_plan_input *in = B->in;
    size_t n = B->n, nv = B->nv, nq = B->nq;
    size_t cap = 0;
    for (size_t k = 0; k < B->nt; k++) {
        const tmpl *t = &B->t[k];
        if (t->nw == 0)
            cap += lround(x[t->x]) > 0;
        else
            for (size_t b = 0; b < t->nw; b++)
                cap += lround(x[t->w0 + b]) > 0;
    }
    plan->rows = pp_calloc(cap ? cap : 1, sizeof *plan->rows);
    if (!plan->rows)
        return pp_error_set(err, PP_ENOMEM, "plan: out of memory");
    for (size_t k = 0; k < B->nt; k++) {
        const tmpl *t = &B->t[k];
        const pp_shift_family *F = &in->families[t->f];
        size_t nb = t->nw ? t->nw : 1;
        for (size_t b = 0; b < nb; b++) {
            long a = lround(x[t->nw ? t->w0 + b : t->x]);
            if (a <= 0)
                continue;
            pp_roster_row *r = &plan->rows[plan->nrows++];
            r->vendor = t->v;
            r->family = t->f;
            r->start = t->start;
            r->end = t->start + F->length_minutes;
            r->break_start = r->break_end = t->start;
            if (t->nw) {
                r->break_start = t->start + t->boff0 + (int64_t)b * t->bstep;
                r->break_end = r->break_start + F->break_minutes;
            }
            r->agents = a;
            r->paid_hours = (double)a * t->paid_hours;
            r->cost = r->paid_hours * hourly_cost_of(B, t);
            /* working agents per interval, from the integer roster */
            size_t t0, t1;
            span(B, r->start, r->end, &t0, &t1);
            for (size_t i = t0; i < t1; i++)
                working[t->v * n + i] += (double)a * frac(B, r->start, r->end, i);
            if (t->nw) {
                span(B, r->break_start, r->break_end, &t0, &t1);
                for (size_t i = t0; i < t1; i++)
                    working[t->v * n + i] -= (double)a * frac(B, r->break_start, r->break_end, i);
            }
        }
    }
    qsort(plan->rows, plan->nrows, sizeof *plan->rows, row_cmp);
    for (size_t i = 0; i < plan->nrows; i++) {
        const pp_roster_row *r = &plan->rows[i];
        plan->vendor_hours[r->vendor] += r->paid_hours;
        plan->vendor_cost[r->vendor] += r->cost;
        plan->summary.paid_hours += r->paid_hours;
        plan->summary.total_cost += r->cost;
    }
    /* coverage grid */
    const pp_grid *req = in->requirements;
    const char **qn = pp_malloc((nq ? nq : 1) * sizeof *qn);
    if (!qn)
        return pp_error_set(err, PP_ENOMEM, "plan: out of memory");
    for (size_t q = 0; q < nq; q++)
        qn[q] = pp_grid_queue_name(req, q);
    pp_status st = pp_grid_new(nq, qn, B->g0, B->step, n, &plan->coverage, err);
    pp_free(qn);
    if (st != PP_OK)
        return st;
    double *need = pp_grid_add_column(plan->coverage, PP_COL_AGENTS_NEEDED, 0, err);
    double *planned = need ? pp_grid_add_column(plan->coverage, PP_COL_AGENTS_PLANNED, 0, err)
                           : NULL;
    double *shortf = planned ? pp_grid_add_column(plan->coverage, PP_COL_SHORTFALL, 0, err) : NULL;
    bool any_def = false;
    for (size_t q = 0; q < nq; q++)
        any_def |= B->deferred[q] != 0;
    double *backlog = NULL;
    if (shortf && any_def)
        backlog = pp_grid_add_column(plan->coverage, PP_COL_BACKLOG, 0, err);
    if (!shortf || (any_def && !backlog))
        return PP_ENOMEM;
    memcpy(need, B->need, nq * n * sizeof *need);
    for (size_t v = 0; v < nv; v++) {
        for (size_t i = 0; i < n; i++) {
            double prod = vendor_keep_at(B, v, i) * working[v * n + i];
            if (prod < 1e-9)
                continue;
            /* the solver's split first, then spare capacity over the live queues by need */
            double used = 0, live_need = 0;
            size_t live_cnt = 0;
            for (size_t q = 0; q < nq; q++) {
                if (!in->vendor_queue[v * nq + q])
                    continue;
                size_t c = B->ycol[(v * nq + q) * n + i];
                double inv = 1.0 / queue_keep_at(B, q, i);
                if (c != NONE && x[c] > 1e-9) {
                    planned[q * n + i] += x[c];
                    used += x[c] * inv;
                }
                if (!B->deferred[q]) {
                    live_cnt++;
                    live_need += B->need[q * n + i];
                }
            }
            double spare = prod - used;
            if (spare <= 1e-9 || live_cnt == 0)
                continue;
            for (size_t q = 0; q < nq; q++) {
                if (!in->vendor_queue[v * nq + q] || B->deferred[q])
                    continue;
                double share = live_need > 0 ? B->need[q * n + i] / live_need : 1.0 / live_cnt;
                double inv = 1.0 / queue_keep_at(B, q, i);
                planned[q * n + i] += spare * share / inv;
            }
        }
    }
    double under = 0;
    for (size_t q = 0; q < nq; q++)
        for (size_t i = 0; i < n; i++) {
            size_t qi = q * n + i;
            if (B->deferred[q]) {
                backlog[qi] = B->bcol[qi] != NONE ? fmax(0, x[B->bcol[qi]]) : 0;
                shortf[qi] = B->zcol[qi] != NONE && x[B->zcol[qi]] > 1e-6 ? x[B->zcol[qi]] : 0;
                if (i == n - 1 && backlog[qi] > 1e-6)
                    shortf[qi] += backlog[qi]; /* left over at the end: never served */
            } else {
                double s = need[qi] - planned[qi];
                shortf[qi] = s > 1e-6 ? s : 0;
            }
            under += shortf[qi];
        }
    plan->summary.understaffed_agent_hours = under * B->step / 60.0;
    return PP_OK;
}

static void explain_plan(builder *B, const double *x, pp_plan *plan, const double *working)
{
    const pp_plan_input *in = B->in;
    size_t n = B->n, nq = B->nq, nv = B->nv;
    const double *shortf = pp_grid_column_const(plan->coverage, PP_COL_SHORTFALL);
    size_t lines = 0, dropped = 0;
    char rng[48];
    for (size_t q = 0; q < nq; q++)
        for (size_t i = 0; i < n;) {
            if (shortf[q * n + i] <= 0.005) {
                i++;
                continue;
            }
            size_t j = i;
            double sum = 0, mx = 0;
            while (j < n && shortf[q * n + j] > 0.005) {
                sum += shortf[q * n + j];
                mx = fmax(mx, shortf[q * n + j]);
                j++;
            }
            if (lines++ < MAX_EXPLAIN) {
                fmt_range(B, i, j, rng, sizeof rng);
                explain(plan, "queue %s: understaffed %s by up to %.2f agents (%.2f agent-hours)%s",
                        in->queues[q].name, rng, mx, sum * B->step / 60.0,
                        B->deferred[q] ? " of work behind its deadline" : "");
            } else
                dropped++;
            i = j;
        }
    for (size_t v = 0; v < nv; v++) {
        const pp_vendor *V = &in->vendors[v];
        for (size_t i = 0; i < n;) {
            double seats = seats_at(B, v, i);
            if (!isfinite(seats) || working[v * n + i] < seats - 1e-6 || seats <= 0) {
                i++;
                continue;
            }
            size_t j = i;
            while (j < n && seats_at(B, v, j) == seats && working[v * n + j] >= seats - 1e-6)
                j++;
            if (lines++ < MAX_EXPLAIN) {
                fmt_range(B, i, j, rng, sizeof rng);
                explain(plan, "vendor %s: seats (%g) saturated %s", V->name, seats, rng);
            } else
                dropped++;
            i = j;
        }
        for (size_t bl = 0; bl < B->nblocks; bl++) {
            size_t len = in->days - bl * 7 < 7 ? in->days - bl * 7 : 7;
            double hrs = 0;
            for (size_t k = 0; k < B->nt; k++)
                if (B->t[k].v == v && B->t[k].block == bl)
                    hrs += fmax(0, round(x[B->t[k].x])) * B->t[k].paid_hours;
            double hi = V->max_hours_week * (double)len / 7, lo = V->min_hours_week * (double)len / 7;
            char date[16];
            pp_format_date(in->start_day + (int64_t)bl * 7, date, sizeof date);
            if (isfinite(hi) && hrs >= hi - 1e-6)
                explain(plan, "vendor %s: max_hours_week at its limit (%.1f of %.1f paid hours) "
                              "in the %zu days from %s",
                        V->name, hrs, hi, len, date);
            if (lo > 0 && hrs <= lo + 1e-6)
                explain(plan, "vendor %s: min_hours_week commitment binding (%.1f paid hours "
                              "bought) in the %zu days from %s",
                        V->name, hrs, len, date);
        }
        if (isfinite(V->max_agents))
            for (size_t d = 0; d < in->days; d++) {
                double cnt = 0;
                for (size_t k = 0; k < B->nt; k++)
                    if (B->t[k].v == v && B->t[k].dayi == d && !B->t[k].pre)
                        cnt += fmax(0, round(x[B->t[k].x]));
                if (cnt >= floor(V->max_agents + 1e-9) - 1e-6 && V->max_agents > 0) {
                    char date[16];
                    pp_format_date(in->start_day + (int64_t)d, date, sizeof date);
                    if (lines++ < MAX_EXPLAIN)
                        explain(plan, "vendor %s: max_agents (%g) reached on %s", V->name,
                                V->max_agents, date);
                    else
                        dropped++;
                }
            }
    }
    if (dropped)
        explain(plan, "... and %zu more such lines", dropped);
}

/* Which hard limit makes the model infeasible: per vendor and 7-day block,
 * the most paid hours its available templates allow against its minimum. */
static size_t infeasibility_proofs(builder *B, pp_plan *plan);

static size_t diagnose_infeasible(builder *B, pp_plan *plan)
{
    size_t found = infeasibility_proofs(B, plan);
    if (!found)
        explain(plan, "the hard vendor limits (min_hours_week, max_hours_week, seats, max_agents, "
                      "availability) cannot all be met together");
    return found;
}

/* The checks of diagnose_infeasible that prove a vendor's minimum out of
 * reach (an explanation line each); returns how many. */
static size_t infeasibility_proofs(builder *B, pp_plan *plan)
{
    const pp_plan_input *in = B->in;
    size_t found = 0;
    for (size_t v = 0; v < B->nv; v++) {
        const pp_vendor *V = &in->vendors[v];
        if (V->min_hours_week <= 0)
            continue;
        for (size_t bl = 0; bl < B->nblocks; bl++) {
            size_t len = in->days - bl * 7 < 7 ? in->days - bl * 7 : 7;
            double need = V->min_hours_week * (double)len / 7;
            double cap = 0, cap_seats = 0;
            size_t ntempl = 0;
            for (size_t d = bl * 7; d < bl * 7 + len; d++) {
                double best = 0;
                for (size_t k = 0; k < B->nt; k++)
                    if (B->t[k].v == v && B->t[k].dayi == d) {
                        best = fmax(best, B->t[k].paid_hours);
                        ntempl++;
                    }
                cap += isfinite(V->max_agents) ? floor(V->max_agents + 1e-9) * best : INFINITY * (best > 0);
            }
            /* seats: at most `seats` agents working at once, each shift at most 24 h paid */
            if (isfinite(V->seats))
                cap_seats = V->seats * 24.0 * (double)len * 2; /* loose: shifts may overlap days */
            else
                cap_seats = INFINITY;
            char date[16];
            pp_format_date(in->start_day + (int64_t)bl * 7, date, sizeof date);
            if (ntempl == 0) {
                explain(plan, "vendor %s: min_hours_week %g needs %.1f paid hours in the %zu days "
                              "from %s, but no shift template is available to it (vendor "
                              "unavailable, or no eligible shift family on those days)",
                        V->name, V->min_hours_week, need, len, date);
                found++;
            } else if (cap < need - 1e-6) {
                explain(plan, "vendor %s: min_hours_week %g needs %.1f paid hours in the %zu days "
                              "from %s, but max_agents %g per day allows at most %.1f",
                        V->name, V->min_hours_week, need, len, date, V->max_agents, cap);
                found++;
            } else if (cap_seats < need - 1e-6) {
                explain(plan, "vendor %s: min_hours_week %g needs %.1f paid hours in the %zu days "
                              "from %s, more than its %g seats can hold",
                        V->name, V->min_hours_week, need, len, date, V->seats);
                found++;
            }
        }
    }
    return found;
}

/* ------------------------------------------------------------------------ */
/* The constructive plan                                                     */
/*
 * Coverage is soft (a shortfall is priced), so a plan exists whenever the
 * committed hours (min_hours_week) can be placed; the search must never end
 * without one.  Right after the model is built, a greedy builds a complete
 * solution of it in a few milliseconds (no LP), which glpk_adapter.c keeps as
 * the answer until the search finds a cheaper one (and hands to GLPK's branch
 * and bound as its first incumbent when it has no rounded plan).
 *
 *   1. Committed hours: while a vendor's 7-day block is below its
 *      min_hours_week, add the vendor's shift (template and break offset)
 *      that pays best among those that fit (below).  They are bought anyway,
 *      so they go first, where the need is.  When the vendor runs out of
 *      shifts that fit first (its max_agents per day or seats used up by
 *      short shifts), all over again with the longest shifts first (the
 *      large bench instance needs this).  When that fails too the greedy has
 *      failed (plan.c then checks whether the limits provably cannot be
 *      met).
 *   2. Coverage: add one agent at a time to the (template, break offset) with
 *      the best ratio of penalty saved to shift cost, while that ratio is
 *      above 1.  The penalty saved is the need one more agent's productive
 *      time meets in every interval it works, after both shrinkages, on
 *      queues its vendor may serve -- queues that fewer vendors may serve
 *      first (an agent's time goes where no other vendor can help), deferred
 *      queues counted by the work arriving.  Only additions that keep every
 *      hard row are considered: seats in every interval (h <= seats),
 *      max_agents per vendor and day, max_hours_week per vendor and 7-day
 *      block.  The ratio (set cover's classic greedy) beat the difference
 *      penalty saved - cost: 223,742 against 260,921 on the large weekly
 *      bench instance (best known about 200,000), 723,266 against 763,282
 *      on data/example (optimum about 490,500; 692,969 once step 1 took the
 *      same greedy).
 *   3. The other columns follow: h from the roster, the split y the
 *      additions assumed, then leftover capacity (vendors serving the fewest
 *      queues first) on live queues' unmet need and on deferred work waiting
 *      (first come first served), shortfall u, backlog b, late work z.
 *      pp_mip_solve checks the result against every row and column bound.
 *
 * The bound that goes with it when no LP bound is known in time: every
 * agent-interval of a live queue's need is met either by the shortfall
 * (penalty per agent-interval) or by productive time, which costs at least
 * the vendor's cheapest hourly cost x step / (keep_v x keep_q) (paid time is
 * never less than working time, and h >= sum_q y / (keep_v keep_q)); so the
 * sum over queues and intervals of need x the cheaper of the two is a lower
 * bound on the objective.
 */
typedef struct greedy {
    builder *B;
    double unit_pen;
    double *x;        /* the solution being built (ncols values) */
    double *H;        /* nv * n working agents */
    double *R;        /* nq * n need not met yet */
    double *Y;        /* nv * nq * n: the split the additions assumed (agents on q) */
    double *hours;    /* nv * nblocks paid hours */
    double *starts;   /* nv * (days + 1) agents starting */
    size_t *byvf;     /* template indices grouped by (vendor, family), by start */
    size_t *vf_first; /* nv * nf + 1 group offsets */
    size_t *qorder;   /* queues by how few vendors may serve them: an agent's time
                         goes first where no other vendor can help */
    bool longest_first; /* committed hours in the longest shifts first */
} greedy;

/* Back to no agent at all. */
static void greedy_reset(greedy *G)
{
    builder *B = G->B;
    size_t n = B->n, nq = B->nq, nv = B->nv;
    memset(G->x, 0, B->m.ncols * sizeof *G->x);
    memset(G->H, 0, nv * n * sizeof *G->H);
    memset(G->Y, 0, nv * nq * n * sizeof *G->Y);
    memset(G->hours, 0, nv * B->nblocks * sizeof *G->hours);
    memset(G->starts, 0, nv * (B->in->days + 1) * sizeof *G->starts);
    for (size_t q = 0; q < nq; q++)
        for (size_t i = 0; i < n; i++)
            G->R[q * n + i] = B->deferred[q] ? B->work[q * n + i] : B->need[q * n + i];
}

static size_t serving_vendors(const builder *B, size_t q)
{
    size_t c = 0;
    for (size_t v = 0; v < B->nv; v++)
        c += B->in->vendor_queue[v * B->nq + q] != 0;
    return c;
}

static size_t eligible_queues(const builder *B, size_t v)
{
    size_t c = 0;
    for (size_t q = 0; q < B->nq; q++)
        c += B->in->vendor_queue[v * B->nq + q] != 0;
    return c;
}

static double tmpl_cost(const builder *B, const tmpl *t)
{
    return t->paid_hours * hourly_cost_of(B, t);
}

/* Working fraction of one agent of t with break b in interval i. */
static double working_frac(const builder *B, const tmpl *t, size_t b, size_t i)
{
    const pp_shift_family *F = &B->in->families[t->f];
    double c = frac(B, t->start, t->start + F->length_minutes, i);
    if (t->nw) {
        int64_t bs = t->start + t->boff0 + (int64_t)b * t->bstep;
        c -= frac(B, bs, bs + F->break_minutes, i);
    }
    return c;
}

/* The need one more agent of t (break b) meets, in agent-intervals; with
 * `apply`, also takes it off G->R. */
static double greedy_gain(greedy *G, const tmpl *t, size_t b, bool apply)
{
    const builder *B = G->B;
    size_t n = B->n, nq = B->nq, t0, t1;
    span(B, t->start, t->start + B->in->families[t->f].length_minutes, &t0, &t1);
    double g = 0;
    for (size_t i = t0; i < t1; i++) {
        double c = working_frac(B, t, b, i);
        if (c <= 1e-12)
            continue;
        double cap = vendor_keep_at(B, t->v, i) * c;
        for (size_t o = 0; o < nq && cap > 1e-12; o++) {
            size_t q = G->qorder[o];
            double r = G->R[q * n + i];
            if (r <= 1e-12 || B->ycol[(t->v * nq + q) * n + i] == NONE)
                continue;
            double kq = queue_keep_at(B, q, i), y = fmin(r, cap * kq);
            cap -= y / kq;
            g += y;
            if (apply) {
                G->R[q * n + i] = r - y;
                G->Y[(t->v * nq + q) * n + i] += y;
            }
        }
    }
    return g;
}

/* Whether one more agent of t with break b keeps every hard row. */
static bool greedy_fits(const greedy *G, const tmpl *t, size_t b)
{
    const builder *B = G->B;
    const pp_mip *m = &B->m;
    size_t n = B->n;
    size_t hr = B->hours_row[t->v * B->nblocks + t->block];
    if (hr != NONE && G->hours[t->v * B->nblocks + t->block] + t->paid_hours > m->row_ub[hr] + 1e-9)
        return false;
    size_t slot = t->v * (B->in->days + 1) + (t->pre ? B->in->days : t->dayi);
    size_t ar = B->agents_row[slot];
    if (ar != NONE && G->starts[slot] + 1 > m->row_ub[ar] + 1e-9)
        return false;
    size_t t0, t1;
    span(B, t->start, t->start + B->in->families[t->f].length_minutes, &t0, &t1);
    for (size_t i = t0; i < t1; i++) {
        double c = working_frac(B, t, b, i);
        size_t hc = B->hcol[t->v * n + i];
        if (c > 0 && hc != NONE && G->H[t->v * n + i] + c > m->col_ub[hc] + 1e-9)
            return false;
    }
    return true;
}

static void greedy_add(greedy *G, size_t k, size_t b)
{
    builder *B = G->B;
    const tmpl *t = &B->t[k];
    size_t n = B->n, t0, t1;
    G->x[t->x] += 1;
    if (t->nw)
        G->x[t->w0 + b] += 1;
    G->hours[t->v * B->nblocks + t->block] += t->paid_hours;
    G->starts[t->v * (B->in->days + 1) + (t->pre ? B->in->days : t->dayi)] += 1;
    span(B, t->start, t->start + B->in->families[t->f].length_minutes, &t0, &t1);
    for (size_t i = t0; i < t1; i++)
        G->H[t->v * n + i] += working_frac(B, t, b, i);
    greedy_gain(G, t, b, true);
}

/* An option: one more agent of template k with break offset b, and its score. */
typedef struct pick {
    double score;
    size_t k, b;
} pick;

/* Step 2: lazy greedy over every (template, break offset) by score =
 * penalty saved / cost - 1.  Scores only fall as the need is met, and an option
 * that no longer fits never fits again (adding only raises seats in use,
 * starts and hours), so a max-heap of possibly stale scores suffices: the top
 * is rescored, and taken when it still beats the next one (Minoux's lazy
 * greedy). */
typedef struct heap {
    pick *a;
    size_t n;
} heap;

static bool pick_less(const pick *x, const pick *y)
{
    if (x->score != y->score)
        return x->score < y->score;
    if (x->k != y->k) /* ties: the earlier template first (deterministic) */
        return x->k > y->k;
    return x->b > y->b;
}

static void heap_push(heap *h, pick p)
{
    size_t i = h->n++;
    while (i > 0 && pick_less(&h->a[(i - 1) / 2], &p)) {
        h->a[i] = h->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->a[i] = p;
}

static pick heap_pop(heap *h)
{
    pick top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && pick_less(&h->a[c], &h->a[c + 1]))
            c++;
        if (!pick_less(&last, &h->a[c]))
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n)
        h->a[i] = last;
    return top;
}

static double option_score(greedy *G, size_t k, size_t b)
{
    const tmpl *t = &G->B->t[k];
    if (!greedy_fits(G, t, b))
        return -INFINITY;
    double saved = G->unit_pen * greedy_gain(G, t, b, false), cost = tmpl_cost(G->B, t);
    return cost > 0 ? saved / cost - 1 : saved;
}

/* An option's key in the lazy greedy: its score; on the second attempt at
 * committed hours the longest shifts first (a vendor's max_agents per day then
 * holds the most hours; the score orders the shifts of one length). */
static double option_key(greedy *G, size_t k, size_t b, bool commit)
{
    double sc = option_score(G, k, b);
    return commit && G->longest_first && sc > -INFINITY ? G->B->t[k].paid_hours * 1e6 + sc : sc;
}

/* The lazy greedy over vendor v's options in 7-day block bl, or over every
 * option (v == NONE).  Every option: adds while the best score is positive
 * (step 2).  One vendor's block: adds its best option whatever the score
 * until the block's paid hours reach `until` (step 1); *placed says whether
 * they did.  False on out of memory. */
static bool greedy_lazy(greedy *G, size_t v, size_t bl, double until, bool *placed)
{
    builder *B = G->B;
    bool commit = v != NONE;
    double floor_score = commit ? -INFINITY : 1e-9;
    size_t nopt = 0;
    for (size_t k = 0; k < B->nt; k++)
        if (!commit || (B->t[k].v == v && B->t[k].block == bl))
            nopt += B->t[k].nw ? B->t[k].nw : 1;
    heap h = {pp_malloc((nopt ? nopt : 1) * sizeof *h.a), 0};
    if (!h.a)
        return false;
    for (size_t k = 0; k < B->nt; k++) {
        if (commit && (B->t[k].v != v || B->t[k].block != bl))
            continue;
        for (size_t b = 0; b < (B->t[k].nw ? B->t[k].nw : 1); b++) {
            double sc = option_key(G, k, b, commit);
            if (sc > floor_score)
                heap_push(&h, (pick){sc, k, b});
        }
    }
    double *hours = commit ? &G->hours[v * B->nblocks + bl] : NULL;
    while (h.n > 0 && !(commit && *hours >= until - 1e-9)) {
        pick p = heap_pop(&h);
        p.score = option_key(G, p.k, p.b, commit);
        if (!(p.score > floor_score))
            continue; /* pays no more, or no longer fits: never again */
        if (h.n > 0 && p.score < h.a[0].score - 1e-9) {
            heap_push(&h, p); /* stale: back in at its true score */
            continue;
        }
        greedy_add(G, p.k, p.b);
        heap_push(&h, p); /* another agent may pay too: rescored when on top */
    }
    if (placed)
        *placed = !commit || *hours >= until - 1e-9;

    pp_free(h.a);
    return true;
}

/* Step 1: committed hours.  *ok false (and the vendor and block in *fv,
 * *fbl) when a vendor's minimum cannot be reached by adding shifts that fit.
 * False on out of memory. */
static bool greedy_commitments(greedy *G, bool *ok, size_t *fv, size_t *fbl)
{
    builder *B = G->B;
    const pp_mip *m = &B->m;
    *ok = true;
    for (size_t v = 0; v < B->nv; v++)
        for (size_t bl = 0; bl < B->nblocks; bl++) {
            size_t hr = B->hours_row[v * B->nblocks + bl];
            if (hr == NONE || !isfinite(m->row_lb[hr]))
                continue;
            bool placed = true;
            if (!greedy_lazy(G, v, bl, m->row_lb[hr], &placed))
                return false;
            if (!placed) {
                *ok = false;
                *fv = v;
                *fbl = bl;
                return true;
            }
        }
    return true;
}

/* Step 3: every other column from the roster in G->x. */
static void greedy_complete(greedy *G, double *W, double *cap, double *bprev, size_t *vorder)
{
    builder *B = G->B;
    const pp_plan_input *in = B->in;
    const pp_mip *m = &B->m;
    size_t n = B->n, nq = B->nq, nv = B->nv;
    double *x = G->x;
    memset(W, 0, nv * n * sizeof *W);
    for (size_t k = 0; k < B->nt; k++) {
        const tmpl *t = &B->t[k];
        size_t nb = t->nw ? t->nw : 1, t0, t1;
        span(B, t->start, t->start + in->families[t->f].length_minutes, &t0, &t1);
        for (size_t b = 0; b < nb; b++) {
            double a = x[t->nw ? t->w0 + b : t->x];
            if (a <= 0)
                continue;
            for (size_t i = t0; i < t1; i++)
                W[t->v * n + i] += a * working_frac(B, t, b, i);
        }
    }
    for (size_t vi = 0; vi < nv * n; vi++) {
        size_t hc = B->hcol[vi];
        if (hc != NONE)
            x[hc] = fmin(fmax(W[vi], 0), m->col_ub[hc]);
    }
    /* vendors that may serve the fewest queues split first */
    for (size_t v = 0; v < nv; v++)
        vorder[v] = v;
    for (size_t a = 1; a < nv; a++) /* insertion sort: stable, few vendors */
        for (size_t b = a; b > 0 && eligible_queues(B, vorder[b - 1]) >
                                        eligible_queues(B, vorder[b]); b--) {
            size_t tmp = vorder[b];
            vorder[b] = vorder[b - 1];
            vorder[b - 1] = tmp;
        }
    /* The split the additions assumed (G->Y), then what capacity is left over
     * (vendors serving the fewest queues first): live queues' unmet need,
     * then deferred work waiting, first come first served. */
    memset(bprev, 0, nq * sizeof *bprev);
    for (size_t i = 0; i < n; i++) {
        for (size_t v = 0; v < nv; v++) {
            size_t hc = B->hcol[v * n + i];
            cap[v] = hc != NONE ? vendor_keep_at(B, v, i) * x[hc] * (1 - 1e-12) : 0;
            for (size_t q = 0; q < nq; q++) {
                size_t yc = B->ycol[(v * nq + q) * n + i];
                double y = yc != NONE ? G->Y[(v * nq + q) * n + i] : 0;
                y = fmax(0, fmin(y, cap[v] * queue_keep_at(B, q, i)));
                if (yc != NONE)
                    x[yc] = y;
                cap[v] -= y / queue_keep_at(B, q, i);
            }
        }
        for (int pass = 0; pass < 2; pass++) /* live queues, then deferred ones */
            for (size_t q = 0; q < nq; q++) {
                size_t qi = q * n + i;
                if ((pass == 0) == (B->deferred[q] != 0) || B->qrow[qi] == NONE)
                    continue;
                double kq = queue_keep_at(B, q, i), served = 0;
                for (size_t v = 0; v < nv; v++) {
                    size_t yc = B->ycol[(v * nq + q) * n + i];
                    served += yc != NONE ? x[yc] : 0;
                }
                double left = B->deferred[q] ? bprev[q] + B->work[qi] : B->need[qi];
                for (size_t o = 0; o < nv && served < left; o++) {
                    size_t v = vorder[o], yc = B->ycol[(v * nq + q) * n + i];
                    if (yc == NONE)
                        continue;
                    double y = fmax(0, fmin(left - served, cap[v] * kq));
                    x[yc] += y;
                    cap[v] -= y / kq;
                    served += y;
                }
                if (B->deferred[q]) {
                    double bl = fmax(0, left - served);
                    x[B->bcol[qi]] = bl;
                    bprev[q] = bl;
                    if (B->zcol[qi] != NONE)
                        x[B->zcol[qi]] = fmax(0, bl - m->row_ub[B->drow[qi]]);
                } else if (B->ucol[qi] != NONE)
                    x[B->ucol[qi]] = fmax(0, B->need[qi] - served);
            }
    }
}

/* The LP-free lower bound described above. */
static double cheap_bound(const builder *B)
{
    const pp_plan_input *in = B->in;
    size_t n = B->n, nq = B->nq, nv = B->nv;
    double unit_pen = B->p->penalty_per_agent_hour * B->step / 60.0, total = 0;
    for (size_t q = 0; q < nq; q++) {
        if (B->deferred[q])
            continue;
        for (size_t i = 0; i < n; i++) {
            double a = B->need[q * n + i];
            if (a <= 0)
                continue;
            double best = unit_pen;
            for (size_t v = 0; v < nv; v++) {
                if (!in->vendor_queue[v * nq + q])
                    continue;
                double hourly = in->vendors[v].hourly_cost;
                for (size_t d = 0; in->vendor_cost_day && d < in->days; d++)
                    hourly = d == 0 ? in->vendor_cost_day[v * in->days]
                                    : fmin(hourly, in->vendor_cost_day[v * in->days + d]);
                double c = hourly * B->step / 60.0 /
                           (vendor_keep_at(B, v, i) * queue_keep_at(B, q, i));
                best = fmin(best, c);
            }
            total += a * best;
        }
    }
    return total;
}

/* Builds the constructive plan of B's model: *out (ncols values, caller
 * frees) or NULL when the committed hours could not be placed (*fv, *fbl name
 * the vendor and block).  PP_ENOMEM only on out of memory. */
static pp_status constructive_plan(builder *B, double **out, size_t *fv, size_t *fbl,
                                   pp_error *err)
{
    const pp_plan_input *in = B->in;
    size_t n = B->n, nq = B->nq, nv = B->nv, ng = nv * in->nf;
    *out = NULL;
    greedy G = {.B = B, .unit_pen = B->p->penalty_per_agent_hour * B->step / 60.0};
    G.x = pp_calloc(B->m.ncols ? B->m.ncols : 1, sizeof *G.x);
    G.H = pp_calloc(nv * n + 1, sizeof *G.H);
    G.R = pp_malloc((nq * n + 1) * sizeof *G.R);
    G.Y = pp_calloc(nv * nq * n + 1, sizeof *G.Y);
    G.hours = pp_calloc(nv * B->nblocks + 1, sizeof *G.hours);
    G.starts = pp_calloc(nv * (in->days + 1), sizeof *G.starts);
    G.byvf = pp_malloc((B->nt ? B->nt : 1) * sizeof *G.byvf);
    G.vf_first = pp_calloc(ng + 1, sizeof *G.vf_first);
    G.qorder = pp_malloc((nq ? nq : 1) * sizeof *G.qorder);
    double *cap = pp_malloc((nv ? nv : 1) * sizeof *cap);
    double *bprev = pp_malloc((nq ? nq : 1) * sizeof *bprev);
    size_t *vorder = pp_malloc((nv ? nv : 1) * sizeof *vorder);
    pp_status st = PP_OK;
    if (!G.x || !G.H || !G.R || !G.Y || !G.qorder || !G.hours || !G.starts || !G.byvf || !G.vf_first || !cap ||
        !bprev || !vorder) {
        st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto done;
    }
    for (size_t q = 0; q < nq; q++)
        G.qorder[q] = q;
    for (size_t a = 1; a < nq; a++) /* insertion sort: stable */
        for (size_t b = a; b > 0 && serving_vendors(B, G.qorder[b - 1]) >
                                        serving_vendors(B, G.qorder[b]); b--) {
            size_t tmp = G.qorder[b];
            G.qorder[b] = G.qorder[b - 1];
            G.qorder[b - 1] = tmp;
        }
    /* templates by (vendor, family); enumerate() made them by day, so each
     * group is in start order (the day before the horizon first) */
    for (size_t k = 0; k < B->nt; k++)
        G.vf_first[B->t[k].v * in->nf + B->t[k].f + 1]++;
    for (size_t g = 0; g < ng; g++)
        G.vf_first[g + 1] += G.vf_first[g];
    {
        size_t *fill = pp_malloc((ng ? ng : 1) * sizeof *fill);
        if (!fill) {
            st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
            goto done;
        }
        memcpy(fill, G.vf_first, ng * sizeof *fill);
        for (size_t k = 0; k < B->nt; k++)
            G.byvf[fill[B->t[k].v * in->nf + B->t[k].f]++] = k;
        pp_free(fill);
    }
    /* committed hours first: bought anyway, they go where the need is; when
     * the best-paying shifts use up a vendor's starts or seats before its
     * minimum, once more from nothing with the longest shifts first */
    bool placed = false;
    for (int attempt = 0; attempt < 2 && !placed; attempt++) {
        greedy_reset(&G);
        G.longest_first = attempt == 1;
        if (!greedy_commitments(&G, &placed, fv, fbl)) {
            st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
            goto done;
        }
    }
    if (placed && !greedy_lazy(&G, NONE, 0, 0, NULL)) {
        st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto done;
    }
    if (!placed)
        goto done; /* no plan, st stays PP_OK */
    greedy_complete(&G, G.H, cap, bprev, vorder);
    *out = G.x;
    G.x = NULL;
done:
    pp_free(G.x);
    pp_free(G.H);
    pp_free(G.R);
    pp_free(G.Y);
    pp_free(G.hours);
    pp_free(G.starts);
    pp_free(G.byvf);
    pp_free(G.vf_first);
    pp_free(G.qorder);
    pp_free(cap);
    pp_free(bprev);
    pp_free(vorder);
    return st;
}

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

pp_status pp_plan_solve(const pp_plan_input *in, const pp_plan_params *p, pp_plan **out,
                        pp_error *err)
{
    *out = NULL;
    double t0 = mono_seconds();
    pp_status st = validate(in, p, err);
    if (st != PP_OK)
        return st;
    builder B = {.in = in, .p = p};
    B.g0 = pp_grid_start(in->requirements);
    B.step = pp_grid_step(in->requirements);
    B.n = pp_grid_intervals(in->requirements);
    B.nq = in->nq;
    B.nv = in->nv;
    B.nblocks = (in->days + 6) / 7;
    B.need = pp_grid_column_const(in->requirements, PP_COL_AGENTS_NEEDED);
    B.work = pp_grid_column_const(in->requirements, PP_COL_WORKLOAD);
    /* Deferred work is planned with the spare capacity the staffing engine keeps
     * for randomness (PP_COL_WORK_SPARE): the work to get through is their sum, and
     * the requirements' due curve, when given, is that sum's. */
    const double *spare = pp_grid_column_const(in->requirements, PP_COL_WORK_SPARE);
    if (B.work && spare) {
        size_t cells = B.nq * B.n;
        if (!(B.work_owned = pp_malloc((cells ? cells : 1) * sizeof *B.work_owned))) {
            builder_free(&B);
            return pp_error_set(err, PP_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < cells; i++)
            B.work_owned[i] = B.work[i] + (spare[i] > 0 ? spare[i] : 0);
        B.work = B.work_owned;
    }
    pp_mip_init(&B.m, p->write_model_path != NULL);
    size_t nvn = B.nv * B.n, nqn = B.nq * B.n;
    B.hcol = alloc_none(nvn);
    B.hrow = alloc_none(nvn);
    B.prow = alloc_none(nvn);
    B.ycol = alloc_none(nvn * B.nq);
    B.ucol = alloc_none(nqn);
    B.qrow = alloc_none(nqn);
    B.bcol = alloc_none(nqn);
    B.zcol = alloc_none(nqn);
    B.drow = alloc_none(nqn);
    B.hours_row = alloc_none(B.nv * B.nblocks);
    B.agents_row = alloc_none(B.nv * (in->days + 1));
    B.deferred = pp_calloc(B.nq ? B.nq : 1, 1);
    if ((B.hwhole = pp_malloc(nvn ? nvn : 1)) != NULL)
        memset(B.hwhole, 1, nvn);
    B.due = pp_malloc((B.n ? B.n : 1) * sizeof *B.due);
    pp_plan *plan = pp_calloc(1, sizeof *plan);
    double *working = pp_calloc(nvn ? nvn : 1, sizeof *working);
    pp_mip_result res = {0};
    double *start = NULL;
    if (!B.hcol || !B.hrow || !B.prow || !B.ycol || !B.ucol || !B.qrow || !B.bcol || !B.zcol || !B.drow ||
        !B.hours_row || !B.agents_row || !B.deferred || !B.hwhole || !B.due || !plan || !working ||
        !(plan->vendor_hours = pp_calloc(B.nv, sizeof(double))) ||
        !(plan->vendor_cost = pp_calloc(B.nv, sizeof(double)))) {
        st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto cleanup;
    }
    plan->nv = B.nv;
    for (size_t q = 0; q < B.nq; q++)
        B.deferred[q] = pp_channel_is_deferred(in->queues[q].channel) && B.work != NULL;
    if ((st = enumerate(&B, err)) != PP_OK || (st = build_model(&B, err)) != PP_OK)
        goto cleanup;
    /* groups for fix-and-optimize: the horizon day a shift starts on */
    if (!(B.m.col_group = alloc_none(B.m.ncols))) {
        st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto cleanup;
    }
    if (!(B.m.col_role = pp_calloc(B.m.ncols ? B.m.ncols : 1, 1)) ||
        !(B.m.col_owner = alloc_none(B.m.ncols))) {
        st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto cleanup;
    }
    for (size_t k = 0; k < B.nt; k++) {
        if (B.t[k].nw) {
            B.m.col_role[B.t[k].x] = 1;
            memset(B.m.col_role + B.t[k].w0, 2, B.t[k].nw);
        }
        B.m.col_group[B.t[k].x] = B.t[k].dayi;
        B.m.col_owner[B.t[k].x] = B.t[k].v;
        for (size_t b = 0; b < B.t[k].nw; b++) {
            B.m.col_group[B.t[k].w0 + b] = B.t[k].dayi;
            B.m.col_owner[B.t[k].w0 + b] = B.t[k].v;
        }
    }
    /* continuous columns: the horizon day of their interval (clamped), so a
     * day's window frees its working, split, shortfall and backlog columns */
    for (size_t i = 0; i < B.n; i++) {
        int64_t d = (B.g0 + (int64_t)i * B.step) / PP_MINUTES_PER_DAY - in->start_day;
        size_t g = d < 0 ? 0 : (size_t)d >= in->days ? in->days - 1 : (size_t)d;
        for (size_t v = 0; v < B.nv; v++) {
            if (B.hcol[v * B.n + i] != NONE) {
                B.m.col_group[B.hcol[v * B.n + i]] = g;
                B.m.col_owner[B.hcol[v * B.n + i]] = v;
            }
            for (size_t q = 0; q < B.nq; q++)
                if (B.ycol[(v * B.nq + q) * B.n + i] != NONE) {
                    B.m.col_group[B.ycol[(v * B.nq + q) * B.n + i]] = g;
                    B.m.col_owner[B.ycol[(v * B.nq + q) * B.n + i]] = v;
                }
        }
        for (size_t q = 0; q < B.nq; q++) {
            size_t c[3] = {B.ucol[q * B.n + i], B.bcol[q * B.n + i], B.zcol[q * B.n + i]};
            for (size_t k = 0; k < 3; k++)
                if (c[k] != NONE)
                    B.m.col_group[c[k]] = g;
        }
    }
    pp_plan_summary *S = &plan->summary;
    S->rows = B.m.nrows;
    S->cols = B.m.ncols;
    for (size_t j = 0; j < B.m.ncols; j++)
        S->integers += B.m.col_int[j];
    /* The constructive plan: the answer unless the search finds a cheaper one. */
    size_t fail_v = NONE, fail_bl = NONE;
    double t_greedy = mono_seconds();
    if ((st = constructive_plan(&B, &start, &fail_v, &fail_bl, err)) != PP_OK)
        goto cleanup;
    if (p->verbosity > 0 && p->progress) {
        char line[200];
        snprintf(line, sizeof line, "%6.1f s  model built in %.2f s, constructive plan in %.2f s%s",
                 mono_seconds() - t0, t_greedy - t0, mono_seconds() - t_greedy,
                 start ? "" : " (it could not place a vendor's committed hours)");
        p->progress(p->progress_userdata, line);
    }
    bool proven_infeasible = !start && infeasibility_proofs(&B, plan) > 0;
    pp_mip_params mp;
    pp_mip_params_init(&mp);
    mp.start_x = start;
    mp.start_bound = cheap_bound(&B);
    double build_s = mono_seconds() - t0;
    mp.time_limit_seconds = p->time_limit_seconds > 0 ? fmax(0.05, p->time_limit_seconds - build_s)
                                                      : 0;
    mp.mip_gap = p->mip_gap;
    mp.write_model_path = p->write_model_path;
    /* Two by default, whatever the machine has: the plan is then the better of both
     * searches everywhere (on one core they share it). */
    mp.threads = p->threads > 0 ? p->threads : 2;
    mp.verbosity = p->verbosity;
    mp.progress = p->progress;
    mp.progress_userdata = p->progress_userdata;
    if (proven_infeasible) {
        /* no need to search: infeasibility_proofs explained which limit */
        res.status = PP_MIP_INFEASIBLE;
    } else if ((st = pp_mip_solve(&B.m, &mp, &res, err)) != PP_OK)
        goto cleanup;
    if (res.status == PP_MIP_NOSOLUTION) {
        /* only without a constructive plan: its committed hours did not fit */
        char date[16] = "";
        if (fail_v != NONE)
            pp_format_date(in->start_day + (int64_t)fail_bl * 7, date, sizeof date);
        char when[64];
        if (pp_interrupt_requested())
            snprintf(when, sizeof when, "before the interrupt");
        else
            snprintf(when, sizeof when, "within the time limit of %g s", p->time_limit_seconds);
        st = pp_error_set(err, pp_interrupt_requested() ? PP_EINTERRUPTED : PP_ETIMELIMIT,
                          "plan: no plan found %s (%zu rows, %zu columns): the constructive plan "
                          "could not place vendor %s's min_hours_week in the week from %s within "
                          "its seats, max_agents and max_hours_week, and the search stopped "
                          "before it found or ruled out a plan; raise the time limit or check "
                          "that vendor's limits",
                          when, S->rows, S->cols, fail_v != NONE ? in->vendors[fail_v].name : "?",
                          date);
        goto cleanup;
    }
    if (res.status == PP_MIP_INFEASIBLE) {
        S->status = PP_PLAN_INFEASIBLE;
        S->objective = S->lp_bound = NAN;
        S->mip_gap_pct = NAN;
        if (!proven_infeasible)
            diagnose_infeasible(&B, plan);
        st = pp_error_set(err, PP_EINFEASIBLE, "plan: no plan satisfies the hard limits: %s",
                          plan->nexpl ? plan->expl[0] : "");
        /* an empty coverage grid keeps the getters total */
        const char **qn = pp_malloc((B.nq ? B.nq : 1) * sizeof *qn);
        if (qn) {
            for (size_t q = 0; q < B.nq; q++)
                qn[q] = pp_grid_queue_name(in->requirements, q);
            pp_error scratch = {0};
            if (pp_grid_new(B.nq, qn, B.g0, B.step, B.n, &plan->coverage, &scratch) == PP_OK) {
                double *nd = pp_grid_add_column(plan->coverage, PP_COL_AGENTS_NEEDED, 0, &scratch);
                if (nd)
                    memcpy(nd, B.need, nqn * sizeof *nd);
            }
            pp_free(qn);
        }
        S->solve_seconds = mono_seconds() - t0;
        *out = plan;
        plan = NULL;
        goto cleanup;
    }
    S->status = res.status == PP_MIP_OPTIMAL       ? PP_PLAN_OPTIMAL
                : res.status == PP_MIP_INTERRUPTED ? PP_PLAN_INTERRUPTED
                                                   : PP_PLAN_FEASIBLE;
    if ((st = read_back(&B, res.x, plan, working, err)) != PP_OK) {
        if (st == PP_ENOMEM)
            pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto cleanup;
    }
    S->objective = res.objective;
    S->lp_bound = res.bound;
    S->mip_gap_pct = fabs(res.objective) > 1e-9
                         ? fmax(0, 100.0 * (res.objective - res.bound) / fabs(res.objective))
                         : 0;
    explain_plan(&B, res.x, plan, working);
    S->solve_seconds = mono_seconds() - t0;
    *out = plan;
    plan = NULL;
cleanup:
    pp_free(res.x);
    pp_free(start);
    pp_free(working);
    pp_plan_free(plan);
    builder_free(&B);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Internal hook for tests: the same MIP path without the shift model.      */

pp_status pp_plan_solve_mip(const pp_mip *m, double time_limit_seconds, double mip_gap,
                            double *objective, double *lp_bound, double *x, pp_error *err)
{
    pp_mip_params mp;
    pp_mip_params_init(&mp);
    mp.time_limit_seconds = time_limit_seconds;
    mp.mip_gap = mip_gap;
    pp_mip_result res;
    pp_status st = pp_mip_solve(m, &mp, &res, err);
    if (st != PP_OK)
        return st;
    if (res.status == PP_MIP_INFEASIBLE || res.status == PP_MIP_NOSOLUTION) {
        pp_free(res.x);
        return pp_error_set(err, PP_EINFEASIBLE, "no solution");
    }
    *objective = res.objective;
    *lp_bound = res.lp_objective;
    if (x)
        memcpy(x, res.x, m->ncols * sizeof *x);
    pp_free(res.x);
    return PP_OK;
}
