/*
 * plan.c -- shift and vendor allocation as a mixed-integer program: the
 * public API (plan.h), input validation and pp_plan_solve.
 *
 * Design
 * ------
 * The requirements grid gives, per queue and interval, the productive agents
 * needed (live queues) or the arriving work (deferred queues).  We choose how
 * many agents of each vendor start each shift template, where their breaks
 * go, and how their productive time is split over the queues, at least cost
 * plus a price for every agent-hour not covered.  pp_plan_solve is the
 * sequence; each step has its own file (plan_internal.h lists them):
 *   1. validate the input here (user errors are PP_EINVAL, never asserts);
 *   2. enumerate the templates and build the MIP (plan_build.c, whose essay
 *      has the formulation; docs/optimizer.md has the algebra), labelling
 *      every column with its day, vendor and role for the search;
 *   3. build the constructive plan (plan_construct.c): a complete plan in
 *      milliseconds, no LP, so a plan is found whatever the time limit; when
 *      it cannot place a vendor's committed hours, try to prove the limits
 *      infeasible (plan_readback.c) before searching at all;
 *   4. solve (pp_mip_solve, mip.h: interior point, relax-and-fix and window
 *      passes for a week of 15-minute intervals, LP rounding and branch and
 *      bound for smaller models; both with mixed-integer rounding cuts from
 *      the rounding bases built in step 2) with the time that is left;
 *   5. read the solution back (plan_readback.c): roster rows, coverage
 *      recomputed from the integer roster, explanation lines; or, when no
 *      plan satisfies the hard limits, which vendor minimum cannot be met.
 * Everything is deterministic: fixed loop orders, no clocks in the model.
 */
#include "core/alloc.h"
#include "peakplan/plan.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "optimizer/mip.h"
#include "peakplan/interrupt.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"
#include "optimizer/plan_internal.h"


void pp_plan_params_init(pp_plan_params *p)
{
    memset(p, 0, sizeof *p);
    p->time_limit_seconds = PP_PLAN_DEFAULT_TIME_LIMIT;
    p->mip_gap = PP_PLAN_DEFAULT_MIP_GAP;
    p->penalty_per_agent_hour = PP_PLAN_DEFAULT_PENALTY;
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
    pp_mip_thread_cleanup();
}

void pp_plan_free(pp_plan *plan)
{
    if (!plan)
        return;
    pp_free(plan->rows);
    pp_grid_free(plan->coverage);
    pp_free(plan->vendor_hours);
    pp_free(plan->vendor_cost);
    pp_free(plan->alloc);
    pp_free(plan->vendor_queue);
    pp_free(plan->tours);
    pp_free(plan->tour_days);
    pp_free(plan->headcount);
    pp_free(plan->tour_people);
    pp_free(plan->weekly_cost_per_head);
    pp_free(plan->solution);
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

const double *pp_plan_allocation(const pp_plan *plan) { return plan->alloc; }
size_t pp_plan_tour_count(const pp_plan *plan) { return plan->ntours; }
const pp_tour *pp_plan_tours(const pp_plan *plan) { return plan->tours; }
size_t pp_plan_days(const pp_plan *plan) { return plan->days; }
int64_t pp_plan_start_day(const pp_plan *plan) { return plan->start_day; }

double pp_plan_weekly_cost_per_head(const pp_plan *plan, size_t vendor)
{
    return plan && plan->weekly_cost_per_head && vendor < plan->nv
               ? plan->weekly_cost_per_head[vendor] : NAN;
}

long pp_plan_headcount(const pp_plan *plan, size_t vendor)
{
    return plan->headcount && vendor < plan->nv ? plan->headcount[vendor] : 0;
}

int pp_plan_vendor_serves(const pp_plan *plan, size_t vendor, size_t queue)
{
    return plan->vendor_queue && vendor < plan->nv && queue < plan->nq &&
           plan->vendor_queue[vendor * plan->nq + queue];
}

void pp_plan_explain(pp_plan *plan, const char *fmt, ...)
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
/* Validation                                                                */

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
        if (F->nbreaks < 0 || F->nbreaks > PP_MAX_BREAKS || (F->nbreaks > 0 && F->break_minutes))
            return pp_error_set(err, PP_EINVAL,
                                "shift %s: %d breaks (at most %d, and not with break_minutes)",
                                F->name, F->nbreaks, PP_MAX_BREAKS);
        for (int b = 0; b < F->nbreaks; b++) {
            const pp_break_rule *R = &F->breaks[b];
            if (R->minutes <= 0 || R->earliest_offset < 0 ||
                R->latest_offset < R->earliest_offset ||
                R->latest_offset + R->minutes > F->length_minutes)
                return pp_error_set(err, PP_EINVAL,
                                    "shift %s: break %d window %d..%d (+%d min) lies outside the "
                                    "%d-min shift",
                                    F->name, b + 1, R->earliest_offset, R->latest_offset,
                                    R->minutes, F->length_minutes);
            if (b > 0 && R->earliest_offset < F->breaks[b - 1].latest_offset + F->breaks[b - 1].minutes)
                return pp_error_set(err, PP_EINVAL,
                                    "shift %s: break %d may start (%d) before break %d ends (%d)",
                                    F->name, b + 1, R->earliest_offset, b,
                                    F->breaks[b - 1].latest_offset + F->breaks[b - 1].minutes);
        }
    }
    return PP_OK;
}

/* ------------------------------------------------------------------------ */
/* Solving                                                                   */

/* Salaried vendors (cost_basis head): people x weekly_cost_per_head x weeks of
 * horizon, on top of any hourly cost, in the vendor's and the plan's totals; the
 * roster rows carry it in proportion to their paid hours, so that roster.csv's
 * cost column still adds up to cost:<vendor>. */
static void add_head_costs(pp_plan *plan, const pp_plan_input *in)
{
    for (size_t v = 0; v < in->nv; v++) {
        const pp_vendor *V = &in->vendors[v];
        if (!V->cost_per_head)
            continue;
        if (!plan->weekly_cost_per_head &&
            (plan->weekly_cost_per_head = pp_malloc(in->nv * sizeof(double))) != NULL)
            for (size_t k = 0; k < in->nv; k++)
                plan->weekly_cost_per_head[k] = NAN;
        if (plan->weekly_cost_per_head) /* on out of memory summary.csv just lacks the line */
            plan->weekly_cost_per_head[v] = V->weekly_cost_per_head;
        double heads = (double)pp_plan_headcount(plan, v);
        double cost = heads * V->weekly_cost_per_head * (double)in->days / 7;
        double hours = plan->vendor_hours[v];
        for (size_t i = 0; i < plan->nrows && hours > 0; i++)
            if (plan->rows[i].vendor == v)
                plan->rows[i].cost += cost * plan->rows[i].paid_hours / hours;
        plan->vendor_cost[v] += cost;
        plan->summary.total_cost += cost;
    }
}

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The model's shape, not its numbers: its size and which column is integer, in which
 * group, role and vendor, and which (row, column) pairs have a coefficient.  Two
 * models of one workspace with the same shape have the same shifts, break options
 * and people in the same columns (a what-if scenario that changes prices, seats,
 * shrinkage or requirements), so one's solution is a start for the other.  FNV-1a. */
static uint64_t model_shape(const pp_mip *m)
{
    uint64_t h = 1469598103934665603u;
#define MIX(v) (h = (h ^ (uint64_t)(v)) * 1099511628211u)
    MIX(m->ncols);
    MIX(m->nrows);
    MIX(m->nnz);
    for (size_t j = 0; j < m->ncols; j++) {
        MIX(m->col_int[j]);
        MIX(m->col_group ? m->col_group[j] : 0);
        MIX(m->col_role ? m->col_role[j] : 0);
        MIX(m->col_owner ? m->col_owner[j] : 0);
    }
    for (size_t k = 0; k < m->nnz; k++) {
        MIX(m->ti[k]);
        MIX(m->tj[k]);
    }
#undef MIX
    return h;
}

/* pp_plan_solve; with warm_only (pp_plan_warm_start, tests), the warm start read
 * back as the plan instead of any search. */
static pp_status plan_solve(const pp_plan_input *in, const pp_plan_params *p, bool warm_only,
                            pp_plan **out, pp_error *err)
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
            pp_plan_builder_free(&B);
            return pp_error_set(err, PP_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < cells; i++)
            B.work_owned[i] = B.work[i] + (spare[i] > 0 ? spare[i] : 0);
        B.work = B.work_owned;
    }
    pp_mip_init(&B.m, p->write_model_path != NULL);
    size_t nvn = B.nv * B.n, nqn = B.nq * B.n;
    B.hcol = pp_plan_alloc_none(nvn);
    B.hrow = pp_plan_alloc_none(nvn);
    B.prow = pp_plan_alloc_none(nvn);
    B.ycol = pp_plan_alloc_none(nvn * B.nq);
    B.ucol = pp_plan_alloc_none(nqn);
    B.qrow = pp_plan_alloc_none(nqn);
    B.bcol = pp_plan_alloc_none(nqn);
    B.zcol = pp_plan_alloc_none(nqn);
    B.drow = pp_plan_alloc_none(nqn);
    B.hours_row = pp_plan_alloc_none(B.nv * B.nblocks);
    B.agents_row = pp_plan_alloc_none(B.nv * (in->days + 1));
    B.deferred = pp_calloc(B.nq ? B.nq : 1, 1);
    B.pcol = pp_plan_alloc_none(B.nv * 128);
    B.cover_row = pp_plan_alloc_none(B.nv * (in->days + 1));
    B.head_hours_row = pp_plan_alloc_none(B.nv * B.nblocks);
    if ((B.hwhole = pp_malloc(nvn ? nvn : 1)) != NULL)
        memset(B.hwhole, 1, nvn);
    B.due = pp_malloc((B.n ? B.n : 1) * sizeof *B.due);
    pp_plan *plan = pp_calloc(1, sizeof *plan);
    double *working = pp_calloc(nvn ? nvn : 1, sizeof *working);
    pp_mip_result res = {0};
    double *start = NULL;
    if (!B.hcol || !B.hrow || !B.prow || !B.ycol || !B.ucol || !B.qrow || !B.bcol || !B.zcol ||
        !B.drow || !B.hours_row || !B.agents_row || !B.deferred || !B.hwhole || !B.due ||
        !B.pcol || !B.cover_row || !B.head_hours_row || !plan ||
        !working ||
        !(plan->vendor_hours = pp_calloc(B.nv, sizeof(double))) ||
        !(plan->vendor_cost = pp_calloc(B.nv, sizeof(double)))) {
        st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto cleanup;
    }
    plan->nv = B.nv;
    for (size_t q = 0; q < B.nq; q++)
        B.deferred[q] = pp_channel_is_deferred(in->queues[q].channel) && B.work != NULL;
    if ((st = pp_plan_enumerate(&B, err)) != PP_OK || (st = pp_plan_build_model(&B, err)) != PP_OK)
        goto cleanup;
    /* groups for fix-and-optimize: the horizon day a shift starts on */
    if (!(B.m.col_group = pp_plan_alloc_none(B.m.ncols))) {
        st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto cleanup;
    }
    if (!(B.m.col_role = pp_calloc(B.m.ncols ? B.m.ncols : 1, 1)) ||
        !(B.m.col_owner = pp_plan_alloc_none(B.m.ncols))) {
        st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto cleanup;
    }
    for (size_t k = 0; k < B.nt; k++) {
        const tmpl *t = &B.t[k];
        if (t->nb)
            B.m.col_role[t->x] = 1;
        B.m.col_group[t->x] = t->dayi;
        B.m.col_owner[t->x] = t->v;
        for (size_t r = 0; r < t->nb; r++) {
            memset(B.m.col_role + t->w0[r], 2, t->nw[r]);
            for (size_t b = 0; b < t->nw[r]; b++) {
                B.m.col_group[t->w0[r] + b] = t->dayi;
                B.m.col_owner[t->w0[r] + b] = t->v;
            }
        }
    }
    /* tour people link every day: free in every window */
    for (size_t j = 0; j < B.nv * 128; j++)
        if (B.pcol[j] != NONE) {
            B.m.col_group[B.pcol[j]] = PP_COL_GROUP_ALL;
            B.m.col_owner[B.pcol[j]] = j / 128;
            B.m.col_role[B.pcol[j]] = 1;
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
    if ((st = pp_plan_constructive(&B, &start, &fail_v, &fail_bl, err)) != PP_OK)
        goto cleanup;
    if (p->verbosity > 0 && p->progress) {
        char note[200];
        double now = mono_seconds();
        snprintf(note, sizeof note, "model built in %.2f s, constructive plan in %.2f s%s",
                 t_greedy - t0, now - t_greedy,
                 start ? "" : " (it could not place a vendor's committed hours)");
        pp_progress pr = {.elapsed_seconds = now - t0, .incumbent = NAN, .bound = NAN,
                          .gap = NAN, .stage = PP_STAGE_CONSTRUCTIVE, .note = note};
        p->progress(&pr, p->progress_userdata);
    }
    bool proven_infeasible = !start && pp_plan_infeasibility_proofs(&B, plan) > 0;
    pp_mip_params mp;
    pp_mip_params_init(&mp);
    uint64_t shape = model_shape(&B.m); /* kept with the plan, compared with a warm one's */
    /* A warm start replaces the constructive plan as the search's start: the base
     * plan trimmed to this model's limits is nearly always far cheaper, and within
     * the gap it spares the search its relax-and-fix (search_decomp.c, warm_start).
     * Without one that fits (committed hours out of reach) nothing changes. */
    if (p->warm && !proven_infeasible) {
        double *w = NULL;
        if ((st = pp_plan_warm(&B, p->warm, &w, err)) != PP_OK)
            goto cleanup;
        if (w) {
            pp_free(start);
            start = w;
            mp.start_warm = true;
            if (p->warm->solution && p->warm->solution_n == B.m.ncols &&
                p->warm->model_shape == shape)
                mp.warm_int_x = p->warm->solution;
        }
    }
    if (warm_only) {
        if (!mp.start_warm) {
            st = pp_error_set(err, PP_EINFEASIBLE, "plan: no warm start");
            goto cleanup;
        }
        if ((st = pp_plan_read_back(&B, start, plan, working, err)) != PP_OK)
            goto cleanup;
        *out = plan;
        plan = NULL;
        goto cleanup;
    }
    mp.start_x = start;
    mp.start_bound = pp_plan_cheap_bound(&B);
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
            pp_plan_diagnose_infeasible(&B, plan);
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
    if ((st = pp_plan_read_back(&B, res.x, plan, working, err)) != PP_OK ||
        (st = pp_plan_make_tours(plan, in, err)) != PP_OK) {
        if (st == PP_ENOMEM)
            pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto cleanup;
    }
    add_head_costs(plan, in);
    if ((plan->solution = pp_malloc((B.m.ncols ? B.m.ncols : 1) * sizeof *plan->solution))) {
        memcpy(plan->solution, res.x, B.m.ncols * sizeof *plan->solution);
        plan->solution_n = B.m.ncols;
        plan->model_shape = shape;
    } /* else no exact warm start from this plan: the roster's repair instead */
    S->objective = res.objective;
    S->lp_bound = res.bound;
    S->mip_gap_pct = fabs(res.objective) > 1e-9
                         ? fmax(0, 100.0 * (res.objective - res.bound) / fabs(res.objective))
                         : 0;
    pp_plan_explain_plan(&B, res.x, plan, working);
    S->solve_seconds = mono_seconds() - t0;
    if (p->verbosity > 0 && p->progress) {
        char note[160];
        snprintf(note, sizeof note, "done: %s, objective %.2f, bound %.2f, gap %.3f%%",
                 pp_plan_status_name(S->status), S->objective, S->lp_bound, S->mip_gap_pct);
        pp_progress pr = {.elapsed_seconds = S->solve_seconds, .incumbent = S->objective,
                          .bound = S->lp_bound, .gap = S->mip_gap_pct / 100, .stage = PP_STAGE_DONE,
                          .note = note};
        p->progress(&pr, p->progress_userdata);
    }
    *out = plan;
    plan = NULL;
cleanup:
    pp_free(res.x);
    pp_free(start);
    pp_free(working);
    pp_plan_free(plan);
    pp_plan_builder_free(&B);
    return st;
}

pp_status pp_plan_solve(const pp_plan_input *in, const pp_plan_params *p, pp_plan **out,
                        pp_error *err)
{
    return plan_solve(in, p, false, out, err);
}

pp_status pp_plan_warm_start(const pp_plan_input *in, const pp_plan_params *p, pp_plan **out,
                             pp_error *err)
{
    return plan_solve(in, p, true, out, err);
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
