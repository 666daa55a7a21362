/*
 * plan_readback.c -- from a solution of the MIP back to a plan: roster rows,
 * coverage, vendor totals and the explanation lines; and, when no plan
 * satisfies the hard limits, which one is to blame.
 *
 * Design
 * ------
 * The solver's x is read through the builder's column maps (plan_build.c):
 * roster rows from the agent totals x and, for families with a break, the
 * break columns w (one row per template and break offset, sorted by vendor,
 * start, family and break, so the CSV is stable; with several breaks one row
 * per combination of placements, from the north-west-corner rule).  Coverage is recomputed
 * from the integer roster rather than taken from the LP's split columns:
 * spare productive capacity of a vendor is spread over its live queues in
 * proportion to their need, so agents_planned shows every agent and never
 * depends on which of several equally cheap splits the solver returned.
 * Explanation lines name unmet intervals (merged into ranges, at most
 * MAX_EXPLAIN) and limits that bind.  When the solver proves the model
 * infeasible, or the constructive plan could not place a vendor's committed
 * hours, pp_plan_infeasibility_proofs checks per vendor and 7-day block
 * whether the most paid hours its available templates allow reach its
 * minimum: a user-readable reason instead of "infeasible".
 */
#include "core/alloc.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optimizer/plan_internal.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"

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
    for (int k = 1; k < x->nbreaks && k < y->nbreaks; k++)
        if (x->breaks[k].start != y->breaks[k].start)
            return x->breaks[k].start < y->breaks[k].start ? -1 : 1;
    return 0;
}

/* Appends the roster row of `a` agents of template t whose break r takes
 * placement place[r], and adds their working time to working[]. */
static void add_row(builder *B, const tmpl *t, long a, const size_t *place, pp_plan *plan,
                    double *working)
{
    const pp_shift_family *F = &B->in->families[t->f];
    size_t n = B->n, t0, t1;
    pp_roster_row *r = &plan->rows[plan->nrows++];
    r->vendor = t->v;
    r->family = t->f;
    r->start = t->start;
    r->end = t->start + F->length_minutes;
    r->break_start = r->break_end = t->start;
    r->nbreaks = (int)t->nb;
    for (size_t b = 0; b < t->nb; b++) {
        r->breaks[b].start = t->start + t->boff0[b] + (int64_t)place[b] * t->bstep;
        r->breaks[b].end = r->breaks[b].start + t->blen[b];
        r->breaks[b].paid = t->bpaid[b];
    }
    if (t->nb) {
        r->break_start = r->breaks[0].start;
        r->break_end = r->breaks[0].end;
    }
    r->agents = a;
    r->paid_hours = (double)a * t->paid_hours;
    r->cost = r->paid_hours * hourly_cost_of(B, t);
    /* working agents per interval, from the integer roster */
    span(B, r->start, r->end, &t0, &t1);
    for (size_t i = t0; i < t1; i++)
        working[t->v * n + i] += (double)a * frac(B, r->start, r->end, i);
    for (int b = 0; b < r->nbreaks; b++) {
        int64_t bs = r->breaks[b].start, be = r->breaks[b].end;
        span(B, bs, be, &t0, &t1);
        for (size_t i = t0; i < t1; i++)
            working[t->v * n + i] -= (double)a * frac(B, bs, be, i);
    }
}

/* Several breaks: the solution gives each break's placements as counts that
 * sum to the template's agents.  The north-west-corner rule over the breaks'
 * placements in time order pairs them into whole agents: take the earliest
 * placement left of every break, as many agents as the smallest of those
 * counts, and repeat.  At most sum_r (placements used by r) - nb + 1 rows. */
static void add_rows_nw_corner(builder *B, const tmpl *t, const double *x, pp_plan *plan,
                               double *working)
{
    size_t pos[PP_MAX_BREAKS];
    long rem[PP_MAX_BREAKS];
    for (size_t r = 0; r < t->nb; r++) {
        pos[r] = 0;
        rem[r] = lround(x[t->w0[r]]);
    }
    for (;;) {
        long a = LONG_MAX;
        for (size_t r = 0; r < t->nb; r++) {
            while (pos[r] < t->nw[r] && rem[r] <= 0 && ++pos[r] < t->nw[r])
                rem[r] = lround(x[t->w0[r] + pos[r]]);
            if (pos[r] >= t->nw[r])
                return;
            if (rem[r] < a)
                a = rem[r];
        }
        add_row(B, t, a, pos, plan, working);
        for (size_t r = 0; r < t->nb; r++)
            rem[r] -= a;
    }
}

static void fmt_range(const builder *B, size_t t0, size_t t1, char *buf, size_t size)
{
    char a[24], b[8];
    int64_t s = B->g0 + (int64_t)t0 * B->step, e = B->g0 + (int64_t)t1 * B->step;
    pp_format_timestamp(s, a, sizeof a);
    pp_format_clock(e, b, sizeof b);
    snprintf(buf, size, "%s-%s", a, b);
}

pp_status pp_plan_read_back(builder *B, const double *x, pp_plan *plan, double *working,
                            pp_error *err)
{
    const pp_plan_input *in = B->in;
    size_t n = B->n, nv = B->nv, nq = B->nq;
    size_t cap = 0;
    for (size_t k = 0; k < B->nt; k++) {
        const tmpl *t = &B->t[k];
        if (t->nb == 0)
            cap += lround(x[t->x]) > 0;
        else
            for (size_t r = 0; r < t->nb; r++)
                for (size_t b = 0; b < t->nw[r]; b++)
                    cap += lround(x[t->w0[r] + b]) > 0;
    }
    plan->rows = pp_calloc(cap ? cap : 1, sizeof *plan->rows);
    if (!plan->rows)
        return pp_error_set(err, PP_ENOMEM, "plan: out of memory");
    for (size_t k = 0; k < B->nt; k++) {
        const tmpl *t = &B->t[k];
        if (t->nb > 1) {
            add_rows_nw_corner(B, t, x, plan, working);
            continue;
        }
        size_t nb = t->nb ? t->nw[0] : 1;
        for (size_t b = 0; b < nb; b++) {
            long a = lround(x[t->nb ? t->w0[0] + b : t->x]);
            if (a > 0)
                add_row(B, t, a, &b, plan, working);
        }
    }
    qsort(plan->rows, plan->nrows, sizeof *plan->rows, row_cmp);
    /* the people of the tours in the model (plan_tours.c takes them as they are) */
    for (size_t v = 0; v < B->nv; v++) {
        if (!pp_vendor_tours_in_model(&in->vendors[v]))
            continue;
        if (!plan->tour_people) {
            if (!(plan->tour_people = pp_malloc(B->nv * 128 * sizeof *plan->tour_people)))
                return pp_error_set(err, PP_ENOMEM, "plan: out of memory");
            for (size_t k = 0; k < B->nv * 128; k++)
                plan->tour_people[k] = -1;
        }
        for (unsigned mask = 0; mask < 128; mask++) {
            size_t c = B->pcol[v * 128 + mask];
            plan->tour_people[v * 128 + mask] = c == NONE ? 0 : lround(x[c]);
        }
    }
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
    double *planned =
        need ? pp_grid_add_column(plan->coverage, PP_COL_AGENTS_PLANNED, 0, err) : NULL;
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
    /* the same split per vendor, for allocation.csv: summing it over vendors gives
     * `planned` by construction, so the two files cannot disagree */
    size_t nalloc = nv * nq * n, npairs = nv * nq;
    plan->alloc = pp_calloc(nalloc > 0 ? nalloc : 1, sizeof *plan->alloc);
    plan->vendor_queue = pp_malloc(npairs > 0 ? npairs : 1);
    if (!plan->alloc || !plan->vendor_queue)
        return pp_error_set(err, PP_ENOMEM, "plan: out of memory");
    if (npairs > 0)
        memcpy(plan->vendor_queue, in->vendor_queue, nv * nq);
    plan->nq = nq;
    plan->n = n;
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
                    plan->alloc[(v * nq + q) * n + i] += x[c];
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
                plan->alloc[(v * nq + q) * n + i] += spare * share / inv;
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

void pp_plan_explain_plan(builder *B, const double *x, pp_plan *plan, const double *working)
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
                pp_plan_explain(
                    plan, "queue %s: understaffed %s by up to %.2f agents (%.2f agent-hours)%s",
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
                pp_plan_explain(plan, "vendor %s: seats (%g) saturated %s", V->name, seats, rng);
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
            double hi = V->max_hours_week * (double)len / 7,
                   lo = V->min_hours_week * (double)len / 7;
            char date[16];
            pp_format_date(in->start_day + (int64_t)bl * 7, date, sizeof date);
            if (isfinite(hi) && hrs >= hi - 1e-6)
                pp_plan_explain(plan,
                                "vendor %s: max_hours_week at its limit (%.1f of %.1f paid hours) "
                                "in the %zu days from %s",
                                V->name, hrs, hi, len, date);
            if (lo > 0 && hrs <= lo + 1e-6)
                pp_plan_explain(plan,
                                "vendor %s: min_hours_week commitment binding (%.1f paid hours "
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
                        pp_plan_explain(plan, "vendor %s: max_agents (%g) reached on %s", V->name,
                                        V->max_agents, date);
                    else
                        dropped++;
                }
            }
    }
    if (dropped)
        pp_plan_explain(plan, "... and %zu more such lines", dropped);
}

/* Which hard limit makes the model infeasible: per vendor and 7-day block,
 * the most paid hours its available templates allow against its minimum. */
size_t pp_plan_diagnose_infeasible(builder *B, pp_plan *plan)
{
    size_t found = pp_plan_infeasibility_proofs(B, plan);
    if (!found)
        pp_plan_explain(
            plan, "the hard vendor limits (min_hours_week, max_hours_week, seats, max_agents, "
                  "availability) cannot all be met together");
    return found;
}

/* The checks of diagnose_infeasible that prove a vendor's minimum out of
 * reach (an explanation line each); returns how many. */
size_t pp_plan_infeasibility_proofs(builder *B, pp_plan *plan)
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
                cap += isfinite(V->max_agents) ? floor(V->max_agents + 1e-9) * best
                                               : INFINITY * (best > 0);
            }
            /* seats: at most `seats` agents working at once, each shift at most 24 h paid */
            if (isfinite(V->seats))
                cap_seats = V->seats * 24.0 * (double)len * 2; /* loose: shifts may overlap days */
            else
                cap_seats = INFINITY;
            char date[16];
            pp_format_date(in->start_day + (int64_t)bl * 7, date, sizeof date);
            if (ntempl == 0) {
                pp_plan_explain(
                    plan,
                    "vendor %s: min_hours_week %g needs %.1f paid hours in the %zu days "
                    "from %s, but no shift template is available to it (vendor "
                    "unavailable, or no eligible shift family on those days)",
                    V->name, V->min_hours_week, need, len, date);
                found++;
            } else if (cap < need - 1e-6) {
                pp_plan_explain(
                    plan,
                    "vendor %s: min_hours_week %g needs %.1f paid hours in the %zu days "
                    "from %s, but max_agents %g per day allows at most %.1f",
                    V->name, V->min_hours_week, need, len, date, V->max_agents, cap);
                found++;
            } else if (cap_seats < need - 1e-6) {
                pp_plan_explain(
                    plan,
                    "vendor %s: min_hours_week %g needs %.1f paid hours in the %zu days "
                    "from %s, more than its %g seats can hold",
                    V->name, V->min_hours_week, need, len, date, V->seats);
                found++;
            }
        }
    }
    return found;
}
