/*
 * plan_build.c -- shift templates and the mixed-integer program built from them.
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
 *               Several breaks (shifts.csv `breaks`): columns w[j,r,k] and a
 *               link row x[j] = sum_k w[j,r,k] per break r, all subtracted
 *               from working(v,t); the input rules keep any placements of
 *               consecutive breaks apart, so the marginals always make whole
 *               agents (plan_readback.c, north-west corner).
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
 * The model is solver-neutral (pp_mip, mip.h).  Every column is labelled
 * with the horizon day it belongs to, its vendor and its role (plan.c does
 * it after pp_plan_build_model), so that the search can cut windows out of
 * it, and the rounding bases (add_rounding_bases: whole agents at work
 * cover the need or its shortfall) give it mixed-integer rounding cuts.
 * Everything is deterministic: fixed loop orders, no clocks in the model.
 */
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optimizer/plan_internal.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"

/* ------------------------------------------------------------------------ */
/* Templates                                                                 */

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

pp_status pp_plan_enumerate(builder *B, pp_error *err)
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
                    pp_break_rule br[PP_MAX_BREAKS];
                    int nb = pp_shift_family_breaks(F, br), paid = F->length_minutes;
                    t.x = NONE;
                    t.nb = (size_t)nb;
                    t.bstep = B->step;
                    for (int r = 0; r < nb; r++) {
                        paid -= br[r].paid ? 0 : br[r].minutes;
                        t.w0[r] = NONE;
                        t.boff0[r] = br[r].earliest_offset;
                        t.blen[r] = br[r].minutes;
                        t.bpaid[r] = br[r].paid;
                        t.nw[r] = (size_t)((br[r].latest_offset - br[r].earliest_offset) /
                                           B->step) + 1;
                    }
                    t.paid_hours = paid / 60.0;
                    pp_status st = add_tmpl(B, &t, err);
                    if (st != PP_OK)
                        return st;
                }
            }
    }
    return PP_OK;
}

/* ------------------------------------------------------------------------ */
/* The model                                                                 */

#define CHECK_COL(c)                                                                               \
    do {                                                                                           \
        if ((c) == NONE)                                                                           \
            goto oom;                                                                              \
    } while (0)

/* Rounding bases for the solver's MIR cuts (mip.h).  In interval i,
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

/* Tours in the model, for the vendors paid per head or with a headcount or
 * hours-per-head limit (pp_vendor_tours_in_model): integer people P[v,p] per
 * allowed weekly pattern p (implicit days-off formulation, as plan_tours.c),
 *   cover      sum_{t of v starting on day d} x[t] <= sum_{p on day d} P[v,p]
 *              for every horizon day and the day before (bit 6),
 *   headcount  sum_p P[v,p] <= max_headcount,
 *   hours      paid hours of v's shifts starting in 7-day block b
 *              <= max_hours_week_per_head x len_b / 7 x sum_p P[v,p],
 * priced weekly_cost_per_head x days / 7 per person (salaried), or a cent per
 * person for a capped hourly vendor (fewest people at equal cost), plus a
 * tie-break per paid day on duty toward the fewest unscheduled days.  The
 * columns span every day: the search frees them in every window
 * (PP_COL_GROUP_ALL). */
static bool add_tours(builder *B)
{
    const pp_plan_input *in = B->in;
    pp_mip *m = &B->m;
    size_t D = in->days + 1;
    char name[96];
    bool names = m->keep_names;
    double weeks = (double)in->days / 7;
    for (size_t v = 0; v < B->nv; v++) {
        const pp_vendor *V = &in->vendors[v];
        if (!pp_vendor_tours_in_model(V))
            continue;
        double per_head = V->cost_per_head ? V->weekly_cost_per_head * weeks : 0.01;
        double per_day = 1e-4; /* per day on duty in the horizon: never buys a person */
        for (unsigned mask = 1; mask < 128; mask++) {
            if (!pp_tour_vendor_allows(V, mask))
                continue;
            double on = 0;
            for (size_t d = 0; d < in->days; d++)
                on += mask >> tour_day_bit((long)d) & 1u;
            if (names)
                snprintf(name, sizeof name, "P_v%zu_m%u", v, mask);
            size_t c = pp_mip_add_col(m, 0, isfinite(V->max_headcount) && V->max_headcount > 0
                                                ? V->max_headcount : INFINITY,
                                      per_head + per_day * on, true, names ? name : NULL);
            if (c == NONE)
                return false;
            B->pcol[v * 128 + mask] = c;
        }
        for (size_t d = 0; d < D; d++) {
            if (names)
                snprintf(name, sizeof name, "tour_v%zu_d%zu", v, d);
            size_t r = pp_mip_add_row(m, -INFINITY, 0, names ? name : NULL);
            if (r == NONE)
                return false;
            B->cover_row[v * D + d] = r;
            int bit = tour_day_bit((long)d - 1);
            for (unsigned mask = 1; mask < 128; mask++)
                if (B->pcol[v * 128 + mask] != NONE && (mask >> bit & 1u) &&
                    !pp_mip_add_nz(m, r, B->pcol[v * 128 + mask], -1))
                    return false;
        }
        if (V->max_headcount > 0) {
            if (names)
                snprintf(name, sizeof name, "heads_v%zu", v);
            size_t r = pp_mip_add_row(m, -INFINITY, V->max_headcount, names ? name : NULL);
            if (r == NONE)
                return false;
            for (unsigned mask = 1; mask < 128; mask++)
                if (B->pcol[v * 128 + mask] != NONE &&
                    !pp_mip_add_nz(m, r, B->pcol[v * 128 + mask], 1))
                    return false;
        }
        if (V->max_hours_week_per_head > 0)
            for (size_t bl = 0; bl < B->nblocks; bl++) {
                size_t len = in->days - bl * 7 < 7 ? in->days - bl * 7 : 7;
                if (names)
                    snprintf(name, sizeof name, "headhours_v%zu_w%zu", v, bl);
                size_t r = pp_mip_add_row(m, -INFINITY, 0, names ? name : NULL);
                if (r == NONE)
                    return false;
                B->head_hours_row[v * B->nblocks + bl] = r;
                for (unsigned mask = 1; mask < 128; mask++)
                    if (B->pcol[v * 128 + mask] != NONE &&
                        !pp_mip_add_nz(m, r, B->pcol[v * 128 + mask],
                                       -V->max_hours_week_per_head * (double)len / 7))
                        return false;
            }
    }
    for (size_t k = 0; k < B->nt; k++) {
        const tmpl *t = &B->t[k];
        size_t cr = B->cover_row[t->v * D + (t->pre ? 0 : t->dayi + 1)];
        if (cr != NONE && !pp_mip_add_nz(m, cr, t->x, 1))
            return false;
        size_t hr = B->head_hours_row[t->v * B->nblocks + t->block];
        if (hr != NONE && !pp_mip_add_nz(m, hr, t->x, t->paid_hours))
            return false;
    }
    return true;
}

pp_status pp_plan_build_model(builder *B, pp_error *err)
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
        double cost = t->paid_hours * tmpl_hour_cost(B, t);
        if (names) {
            char clk[8];
            pp_format_clock(t->start, clk, sizeof clk);
            /* a shift from the day before the horizon shares day 0's index */
            if (t->pre)
                snprintf(name, sizeof name, "x_v%zu_f%zu_pre_%c%c%c%c", t->v, t->f, clk[0], clk[1],
                         clk[3], clk[4]);
            else
                snprintf(name, sizeof name, "x_v%zu_f%zu_d%zu_%c%c%c%c", t->v, t->f, t->dayi,
                         clk[0], clk[1], clk[3], clk[4]);
        }
        t->x = pp_mip_add_col(m, 0, INFINITY, cost, t->nb == 0, names ? name : NULL);
        CHECK_COL(t->x);
        /* one link row x = sum_k w[r,k] per break r (single break: names as before) */
        for (size_t r = 0; r < t->nb; r++) {
            size_t link = pp_mip_add_row(m, 0, 0, NULL);
            CHECK_COL(link);
            if (!pp_mip_add_nz(m, link, t->x, 1))
                goto oom;
            for (size_t b = 0; b < t->nw[r]; b++) {
                if (names && r == 0)
                    snprintf(name, sizeof name, "w%zu_%zu", k, b);
                else if (names)
                    snprintf(name, sizeof name, "w%zu_%zu_%zu", k, r, b);
                size_t c = pp_mip_add_col(m, 0, INFINITY, 0, true, names ? name : NULL);
                CHECK_COL(c);
                if (b == 0)
                    t->w0[r] = c;
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
        for (size_t r = 0; r < t->nb; r++)
            for (size_t b = 0; b < t->nw[r]; b++) {
                int64_t bs = t->start + t->boff0[r] + (int64_t)b * t->bstep,
                        be = bs + t->blen[r];
                size_t b0, b1;
                span(B, bs, be, &b0, &b1);
                for (size_t i = b0; i < b1; i++) {
                    double c = frac(B, bs, be, i);
                    if (!pp_mip_add_nz(m, B->hrow[t->v * n + i], t->w0[r] + b, c))
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
            double lo = V->min_hours_week * (double)len / 7;
            double hi = V->max_hours_week * (double)len / 7;
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
    if (!add_tours(B))
        goto oom;
    if (!add_rounding_bases(B))
        goto oom;
    return PP_OK;
oom:
    return pp_error_set(err, PP_ENOMEM, "plan: out of memory building the model");
}

size_t *pp_plan_alloc_none(size_t count)
{
    size_t *a = pp_malloc((count ? count : 1) * sizeof *a);
    if (a)
        for (size_t i = 0; i < count; i++)
            a[i] = NONE;
    return a;
}

void pp_plan_builder_free(builder *B)
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
    pp_free(B->pcol);
    pp_free(B->cover_row);
    pp_free(B->head_hours_row);
}

