/*
 * plan_construct.c -- the constructive plan: a complete plan of the model in
 * milliseconds, without an LP, and an LP-free lower bound to go with it.
 *
 * Design
 * ------
 * Coverage is soft (a shortfall is priced), so a plan exists whenever the
 * committed hours (min_hours_week) can be placed; the search must never end
 * without one.  Right after the model is built, a greedy builds a complete
 * solution of it in a few milliseconds (no LP), which pp_mip_solve (solve.c) keeps as
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
#include "core/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optimizer/plan_internal.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"

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
    /* tours in the model: starts per day max_headcount people surely staff (like
     * starts; INFINITY = no cap), paid hours per block they may work (nv * nblocks) */
    double *day_cap, *head_hours_cap;
    double *head_share; /* 2 nv: a salaried shift's share of a person (pp_tour_greedy_caps) */
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

static double tmpl_cost(const greedy *G, const tmpl *t)
{
    const double *sh = G->head_share + 2 * t->v; /* per shift, per paid hour; 0, 0 if hourly */
    return t->paid_hours * tmpl_hour_cost(G->B, t) + fmax(sh[0], sh[1] * t->paid_hours);
}

/* The people of the greedy's plan (vendors with tours in the model): the fewest
 * covering its starts, plus some on the first pattern for the hours-per-head cap. */
static pp_status tour_people(greedy *G, pp_error *err)
{
    const builder *B = G->B;
    const pp_plan_input *in = B->in;
    size_t D = in->days + 1;
    long people[128], *need = pp_malloc(D * sizeof *need);
    if (!need)
        return pp_error_set(err, PP_ENOMEM, "plan: out of memory");
    pp_status st = PP_OK;
    for (size_t v = 0; v < B->nv && st == PP_OK; v++) {
        const pp_vendor *V = &in->vendors[v];
        if (!pp_vendor_tours_in_model(V))
            continue;
        need[0] = lround(G->starts[v * D + in->days]);
        for (size_t d = 0; d < in->days; d++)
            need[d + 1] = lround(G->starts[v * D + d]);
        if ((st = pp_tour_cover(V, need, in->days, people, err)) != PP_OK)
            break;
        long total = 0, want = 0;
        unsigned first = 0;
        for (unsigned mask = 1; mask < 128; mask++) {
            total += people[mask];
            if (!first && B->pcol[v * 128 + mask] != NONE)
                first = mask;
        }
        for (size_t bl = 0; bl < B->nblocks && V->max_hours_week_per_head > 0; bl++) {
            size_t len = in->days - bl * 7 < 7 ? in->days - bl * 7 : 7;
            double per = V->max_hours_week_per_head * (double)len / 7;
            long w = (long)ceil(G->hours[v * B->nblocks + bl] / per - 1e-9);
            want = w > want ? w : want;
        }
        if (want > total && first)
            people[first] += want - total;
        for (unsigned mask = 1; mask < 128; mask++)
            if (B->pcol[v * 128 + mask] != NONE)
                G->x[B->pcol[v * 128 + mask]] = (double)people[mask];
    }
    pp_free(need);
    return st;
}

/* The options of template t: with one break, every placement of it; with
 * several, max_r nw[r] "diagonal" combinations -- option b places break r at
 * the same share b / (options - 1) of its own window (rounded), so the breaks
 * move together through their windows.  (The product of the windows would be
 * hundreds of options per template; the MIP places the breaks freely.) */
static size_t tmpl_options(const tmpl *t)
{
    size_t o = 1;
    for (size_t r = 0; r < t->nb; r++)
        if (t->nw[r] > o)
            o = t->nw[r];
    return o;
}

/* Placement of break r in option b of t. */
static size_t option_place(const tmpl *t, size_t r, size_t b)
{
    size_t o = tmpl_options(t);
    if (t->nw[r] == o || o < 2)
        return b < t->nw[r] ? b : t->nw[r] - 1;
    return (b * (t->nw[r] - 1) + (o - 1) / 2) / (o - 1);
}

/* Working fraction of one agent of t with break option b in interval i. */
static double working_frac(const builder *B, const tmpl *t, size_t b, size_t i)
{
    const pp_shift_family *F = &B->in->families[t->f];
    double c = frac(B, t->start, t->start + F->length_minutes, i);
    for (size_t r = 0; r < t->nb; r++) {
        int64_t bs = t->start + t->boff0[r] + (int64_t)option_place(t, r, b) * t->bstep;
        c -= frac(B, bs, bs + t->blen[r], i);
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
    if (G->starts[slot] + 1 > G->day_cap[slot] + 1e-9 ||
        G->hours[t->v * B->nblocks + t->block] + t->paid_hours >
            G->head_hours_cap[t->v * B->nblocks + t->block] + 1e-9)
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
    for (size_t r = 0; r < t->nb; r++)
        G->x[t->w0[r] + option_place(t, r, b)] += 1;
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
    double saved = G->unit_pen * greedy_gain(G, t, b, false), cost = tmpl_cost(G, t);
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
            nopt += tmpl_options(&B->t[k]);
    heap h = {pp_malloc((nopt ? nopt : 1) * sizeof *h.a), 0};
    if (!h.a)
        return false;
    for (size_t k = 0; k < B->nt; k++) {
        if (commit && (B->t[k].v != v || B->t[k].block != bl))
            continue;
        for (size_t b = 0; b < tmpl_options(&B->t[k]); b++) {
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
        size_t t0, t1;
        int64_t end = t->start + in->families[t->f].length_minutes;
        span(B, t->start, end, &t0, &t1);
        if (t->nb <= 1) {
            size_t nb = t->nb ? t->nw[0] : 1;
            for (size_t b = 0; b < nb; b++) {
                double a = x[t->nb ? t->w0[0] + b : t->x];
                if (a <= 0)
                    continue;
                for (size_t i = t0; i < t1; i++)
                    W[t->v * n + i] += a * working_frac(B, t, b, i);
            }
            continue;
        }
        /* several breaks: the shift, less every break placement */
        if (x[t->x] <= 0)
            continue;
        for (size_t i = t0; i < t1; i++)
            W[t->v * n + i] += x[t->x] * frac(B, t->start, end, i);
        for (size_t r = 0; r < t->nb; r++)
            for (size_t b = 0; b < t->nw[r]; b++) {
                double a = x[t->w0[r] + b];
                int64_t bs = t->start + t->boff0[r] + (int64_t)b * t->bstep;
                size_t b0, b1;
                if (a <= 0)
                    continue;
                span(B, bs, bs + t->blen[r], &b0, &b1);
                for (size_t i = b0; i < b1; i++)
                    W[t->v * n + i] -= a * frac(B, bs, bs + t->blen[r], i);
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
double pp_plan_cheap_bound(const builder *B)
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

/* The greedy's buffers for B's model, its queue order and its templates grouped
 * by (vendor, family); false on out of memory (greedy_close frees what was made). */
static bool greedy_open(builder *B, greedy *G, double **cap, double **bprev, size_t **vorder)
{
    const pp_plan_input *in = B->in;
    size_t n = B->n, nq = B->nq, nv = B->nv, ng = nv * in->nf;
    *G = (greedy){.B = B, .unit_pen = B->p->penalty_per_agent_hour * B->step / 60.0};
    G->x = pp_calloc(B->m.ncols ? B->m.ncols : 1, sizeof *G->x);
    G->H = pp_calloc(nv * n + 1, sizeof *G->H);
    G->R = pp_malloc((nq * n + 1) * sizeof *G->R);
    G->Y = pp_calloc(nv * nq * n + 1, sizeof *G->Y);
    G->hours = pp_calloc(nv * B->nblocks + 1, sizeof *G->hours);
    G->starts = pp_calloc(nv * (in->days + 1), sizeof *G->starts);
    G->byvf = pp_malloc((B->nt ? B->nt : 1) * sizeof *G->byvf);
    G->vf_first = pp_calloc(ng + 1, sizeof *G->vf_first);
    G->qorder = pp_malloc((nq ? nq : 1) * sizeof *G->qorder);
    *cap = pp_malloc((nv ? nv : 1) * sizeof **cap);
    *bprev = pp_malloc((nq ? nq : 1) * sizeof **bprev);
    *vorder = pp_malloc((nv ? nv : 1) * sizeof **vorder);
    G->day_cap = pp_malloc(nv * (in->days + 1) * sizeof *G->day_cap + 1);
    G->head_hours_cap = pp_malloc((nv * B->nblocks + 1) * sizeof *G->head_hours_cap);
    G->head_share = pp_malloc((2 * nv + 1) * sizeof *G->head_share);
    size_t *fill = pp_malloc((ng ? ng : 1) * sizeof *fill);
    if (!G->x || !G->H || !G->R || !G->Y || !G->qorder || !G->hours || !G->starts || !G->byvf ||
        !G->vf_first || !*cap || !*bprev || !*vorder || !fill || !G->day_cap ||
        !G->head_hours_cap || !G->head_share) {
        pp_free(fill);
        return false;
    }
    pp_tour_greedy_caps(B, G->day_cap, G->head_hours_cap, G->head_share);
    for (size_t q = 0; q < nq; q++)
        G->qorder[q] = q;
    for (size_t a = 1; a < nq; a++) /* insertion sort: stable */
        for (size_t b = a; b > 0 && serving_vendors(B, G->qorder[b - 1]) >
                                        serving_vendors(B, G->qorder[b]); b--) {
            size_t tmp = G->qorder[b];
            G->qorder[b] = G->qorder[b - 1];
            G->qorder[b - 1] = tmp;
        }
    /* templates by (vendor, family); pp_plan_enumerate() made them by day, so each
     * group is in start order (the day before the horizon first) */
    for (size_t k = 0; k < B->nt; k++)
        G->vf_first[B->t[k].v * in->nf + B->t[k].f + 1]++;
    for (size_t g = 0; g < ng; g++)
        G->vf_first[g + 1] += G->vf_first[g];
    memcpy(fill, G->vf_first, ng * sizeof *fill);
    for (size_t k = 0; k < B->nt; k++)
        G->byvf[fill[B->t[k].v * in->nf + B->t[k].f]++] = k;
    pp_free(fill);
    return true;
}

static void greedy_close(greedy *G, double *cap, double *bprev, size_t *vorder)
{
    pp_free(G->x);
    pp_free(G->H);
    pp_free(G->R);
    pp_free(G->Y);
    pp_free(G->hours);
    pp_free(G->starts);
    pp_free(G->byvf);
    pp_free(G->vf_first);
    pp_free(G->qorder);
    pp_free(G->day_cap);
    pp_free(G->head_hours_cap);
    pp_free(G->head_share);
    pp_free(cap);
    pp_free(bprev);
    pp_free(vorder);
}

/* Builds the constructive plan of B's model: *out (ncols values, caller
 * frees) or NULL when the committed hours could not be placed (*fv, *fbl name
 * the vendor and block).  PP_ENOMEM only on out of memory. */
pp_status pp_plan_constructive(builder *B, double **out, size_t *fv, size_t *fbl,
                               pp_error *err)
{
    *out = NULL;
    greedy G;
    double *cap, *bprev;
    size_t *vorder;
    pp_status st = PP_OK;
    if (!greedy_open(B, &G, &cap, &bprev, &vorder)) {
        st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto done;
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
    if ((st = tour_people(&G, err)) != PP_OK)
        goto done;
    *out = G.x;
    G.x = NULL;
done:
    greedy_close(&G, cap, bprev, vorder);
    return st;
}

/* The break option of template t that places the row's breaks: the exact one
 * when some option does (always with one break), else the nearest (several
 * breaks: the roster's north-west corner may pair placements no diagonal option
 * has; the greedy then checks the option's own coverage against every limit).
 * NONE when the row's breaks do not fit t at all. */
static size_t warm_option(const tmpl *t, const pp_roster_row *r)
{
    if ((size_t)r->nbreaks != t->nb)
        return NONE;
    if (t->nb == 0)
        return 0;
    size_t best = NONE;
    int64_t best_d = INT64_MAX;
    for (size_t b = 0; b < tmpl_options(t); b++) {
        int64_t d = 0;
        for (size_t k = 0; k < t->nb; k++) {
            int64_t at = t->start + t->boff0[k] + (int64_t)option_place(t, k, b) * t->bstep;
            d += llabs(r->breaks[k].start - at);
        }
        if (d < best_d) {
            best_d = d;
            best = b;
        }
    }
    return best;
}

/* The warm start: plan `warm`'s roster on B's model.  Every row's agents go to
 * the template of the same vendor, family and start (the break placement of the
 * row), one by one while they keep every hard row of *this* model (seats,
 * max_agents, max_hours_week, availability: a template an outage removed is
 * not there) -- so a plan of a scenario with tighter limits is the base plan
 * trimmed to them.  Committed hours the trimmed plan no longer reaches are
 * topped up by the constructive plan's step 1; the other columns follow as in
 * its step 3 (coverage the trimmed plan misses is shortfall, priced: always
 * feasible).  *out NULL when the committed hours cannot be placed.  PP_ENOMEM
 * only. */
pp_status pp_plan_warm(builder *B, const pp_plan *warm, double **out, pp_error *err)
{
    *out = NULL;
    greedy G;
    double *cap, *bprev;
    size_t *vorder;
    pp_status st = PP_OK;
    if (!greedy_open(B, &G, &cap, &bprev, &vorder)) {
        st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
        goto done;
    }
    greedy_reset(&G);
    const pp_plan_input *in = B->in;
    for (size_t i = 0; i < warm->nrows; i++) {
        const pp_roster_row *r = &warm->rows[i];
        if (r->vendor >= B->nv || r->family >= in->nf)
            continue;
        size_t g = r->vendor * in->nf + r->family, k = NONE;
        for (size_t e = G.vf_first[g]; e < G.vf_first[g + 1] && k == NONE; e++)
            if (B->t[G.byvf[e]].start == r->start)
                k = G.byvf[e];
        size_t b = k == NONE ? NONE : warm_option(&B->t[k], r);
        if (b == NONE)
            continue; /* no such shift here (an outage, another horizon): trimmed */
        for (long a = 0; a < r->agents && greedy_fits(&G, &B->t[k], b); a++)
            greedy_add(&G, k, b);
    }
    bool placed = true;
    for (size_t v = 0; v < B->nv && placed; v++)
        for (size_t bl = 0; bl < B->nblocks && placed; bl++) {
            size_t hr = B->hours_row[v * B->nblocks + bl];
            if (hr == NONE || !isfinite(B->m.row_lb[hr]) ||
                G.hours[v * B->nblocks + bl] >= B->m.row_lb[hr] - 1e-9)
                continue;
            if (!greedy_lazy(&G, v, bl, B->m.row_lb[hr], &placed)) {
                st = pp_error_set(err, PP_ENOMEM, "plan: out of memory");
                goto done;
            }
        }
    if (!placed)
        goto done; /* no warm start: the constructive plan and relax-and-fix, as without */
    greedy_complete(&G, G.H, cap, bprev, vorder);
    if ((st = tour_people(&G, err)) != PP_OK)
        goto done;
    *out = G.x;
    G.x = NULL;
done:
    greedy_close(&G, cap, bprev, vorder);
    return st;
}
