/*
 * deferred.c -- deferred work (email, tickets): the due curve of a deadline
 * target, the least fluid staffing that keeps up with it, and what a staffing
 * achieves under random arrivals and handle times (docs/staffing.md).
 *
 * Deferred work (email, tickets).  Items of interval s arrive uniformly and are
 * served first come first served by a fluid of capacity; the target "p of the
 * items within D" with FCFS means: the first p of each interval's items must be
 * done D after they arrive, and the rest before the next interval's first item
 * is due.  That gives a cumulative "due" curve; the least staffing keeps work
 * done above it, found greedily interval by interval over the whole series
 * (each interval's rate is the smallest that keeps the curve covered to its end;
 * the due curve is piecewise linear, so checking its breakpoints is exact).
 */
#include "core/alloc.h"
#include "staffing/staffing_internal.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Deferred work                                                              */
/* ------------------------------------------------------------------------ */

/* Due work at tau = t + o, o in (0, 1]. */
double deferred_due_at(const deferred *D, size_t t, double o)
{
    double ko = o - D->df;
    long s = (long)t - (long)D->di;
    if (ko < 0) {
        s -= 1;
        ko += 1;
    } else if (ko >= 1) {
        s += 1;
        ko -= 1;
    }
    if (s < 0)
        return 0;
    if ((size_t)s >= D->n)
        return D->cw[D->n];
    double h = ko < D->p ? ko : D->p;
    return D->cw[s] + D->w[s] * h;
}

/* Least capacity per interval (agent-seconds) keeping work done above Due. */
void deferred_requirement(const deferred *D, double *cap)
{
    double proc = 0;
    double o2 = D->df + D->p;
    if (o2 >= 1)
        o2 -= 1;
    for (size_t t = 0; t < D->n; t++) {
        double offs[3] = {1, D->df, o2};
        double c = 0;
        for (int k = 0; k < 3; k++) {
            double o = offs[k];
            if (!(o > 0))
                continue;
            double need = (deferred_due_at(D, t, o) - proc) / o;
            if (need > c)
                c = need;
        }
        /* Rounding must not leave a sliver of work behind. */
        c *= 1 + 1e-12;
        cap[t] = c;
        double next = proc + c;
        proc = next < D->cw[t + 1] ? next : D->cw[t + 1];
    }
}

/* Occupancy of deferred work (work done / capacity per interval) for capacities
 * cap[] (agent-seconds per interval) under the fluid; done[] is scratch of n + 1
 * values.  The service figures come from deferred_evaluate_random. */
void deferred_occupancy(const deferred *D, const double *cap, double *done, double *occ)
{
    done[0] = 0;
    for (size_t t = 0; t < D->n; t++) {
        double v = done[t] + cap[t];
        done[t + 1] = v < D->cw[t + 1] ? v : D->cw[t + 1];
        occ[t] = cap[t] > 0 ? (done[t + 1] - done[t]) / cap[t] : 0;
    }
}

/* The stochastic evaluation of deferred work (docs/staffing.md, "Deferred work under
 * randomness").  The fluid model above is exact for work that arrives and is
 * handled like a liquid.  With Poisson arrivals and random handle times a queue
 * run at full utilisation has a backlog that random-walks instead of emptying, and
 * carries it across nights; the fluid model calls that 100 % within deadline.  So
 * the claims come from the queue itself: the number of items in the system is a
 * birth-death chain (M/M/c(t): arrivals at the interval's rate, each of the c(t)
 * planned agents finishing items at 1 / aht, c fractional as planned), and its law
 * is carried exactly through the horizon by uniformization, in steps short enough
 * (Lambda h <= 100) for the Poisson weights, across closed nights unchanged.
 *
 * By PASTA an arriving item sees that law.  Finding j items ahead it starts once
 * j + 1 - c of them have left; while it waits every agent is busy, so departures
 * in its deadline window are Poisson with mean Cap(t, t + d) / aht (Cap: the
 * planned capacity in agent-seconds, none after the horizon: work still waiting
 * when the plan ends is late, as in the simulation).  Hence
 * P(within) = sum_j pi_j P(Poisson(Cap / aht) >= j + 1 - c); with constant c this
 * is Erlang C's tail exactly, and the mean wait and the backlog (items waiting,
 * E[(N - c)+]) come from the same law. */
#define DEFERRED_STEP_SECONDS 300.0
#define DEFERRED_TAIL 1e-13 /* probability mass dropped at the top of the chain */

/* The chain's cost is the uniformization terms (Lambda dt an interval) times the
 * states carrying mass (about the agents on duty): the data/example ticket queue
 * (~40 agents, 672 intervals) costs 1-2e8 state-terms an evaluation, a queue of
 * 20,000 agents 1e10 an interval.  Past the budget (a few seconds) the figures come
 * from the fluid model instead (deferred_evaluate_fluid): with thousands of agents
 * on one queue the relative noise of Poisson work over a deadline window is well
 * under a percent, which is what the chain would add (docs/staffing.md). */
#define DEFERRED_CHAIN_BUDGET 2e9

/* Capacity (agent-seconds) planned in [x, y], times in intervals from the start;
 * cc[] holds the n + 1 prefix sums of cap[]; nothing after the horizon. */
static double capacity_between(const double *cap, const double *cc, size_t n, double x, double y)
{
    double nn = (double)n;
    if (y > nn)
        y = nn;
    if (!(y > x))
        return 0;
    size_t i = (size_t)x, j = (size_t)y;
    double at_x = cc[i] + (i < n ? cap[i] * (x - (double)i) : 0);
    double at_y = cc[j] + (j < n ? cap[j] * (y - (double)j) : 0);
    return at_y - at_x;
}

/* Time (intervals) after x at which the planned capacity reaches `work`
 * agent-seconds; the horizon end when it never does.  *hint (0 = none) is the
 * interval a call from the same x with less work ended in: chain_arrival asks for
 * every state's work in increasing order, so the search walks on from there instead
 * of bisecting anew (the same interval either way: the last one whose prefix sum is
 * below the target). */
static double time_to_drain_from(const double *cap, const double *cc, size_t n, double x,
                                 double work, size_t *hint)
{
    if (!(work > 0))
        return x;
    size_t i = (size_t)x;
    if (i >= n)
        return (double)n;
    double left = cap[i] * ((double)(i + 1) - x);
    if (left >= work)
        return x + work / cap[i];
    double target = cc[i + 1] + (work - left);
    if (target > cc[n])
        return (double)n;
    size_t lo = i + 1, hi = n; /* cc[lo] < target <= cc[hi] */
    if (hint && *hint > lo && *hint < n && cc[*hint] < target) {
        lo = *hint;
        while (lo + 1 < n && cc[lo + 1] < target)
            lo++;
    } else
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (cc[mid] < target)
                lo = mid;
            else
                hi = mid;
        }
    if (hint)
        *hint = lo;
    return (double)lo + (cap[lo] > 0 ? (target - cc[lo]) / cap[lo] : 1);
}

static double time_to_drain(const double *cap, const double *cc, size_t n, double x, double work)
{
    return time_to_drain_from(cap, cc, n, x, work, NULL);
}

typedef struct chain {
    double *p, *v, *nv, *tail; /* law, uniformization term, next term, P(Pois >= k) */
    double *stay, *death;      /* chain_step's 1 - birth - death and death probabilities */
    size_t size;               /* allocated states */
    size_t hi;                 /* states 0..hi carry mass */
    /* tail[0 .. ntail - 1] hold P(Poisson(tail_L) >= k); the next term of the sum
     * continues from tail_pk and tail_cdf (or, tail_normal, from the normal
     * approximation), so a longer tail extends the same sequence */
    size_t ntail;
    double tail_L, tail_pk, tail_cdf;
    bool tail_normal;
} chain;

static bool chain_reserve(chain *ch, size_t states)
{
    if (states <= ch->size)
        return true;
    size_t n = ch->size ? ch->size : 64;
    while (n < states)
        n *= 2;
    double *a[6] = {ch->p, ch->v, ch->nv, ch->tail, ch->stay, ch->death};
    for (int k = 0; k < 6; k++) {
        double *q = pp_realloc(a[k], n * sizeof *q);
        if (!q) {
            ch->p = a[0], ch->v = a[1], ch->nv = a[2], ch->tail = a[3], ch->stay = a[4];
            ch->death = a[5];
            return false;
        }
        for (size_t i = ch->size; i < n; i++)
            q[i] = 0;
        a[k] = q;
    }
    ch->p = a[0], ch->v = a[1], ch->nv = a[2], ch->tail = a[3], ch->stay = a[4];
    ch->death = a[5];
    ch->size = n;
    return true;
}

static void chain_free(chain *ch)
{
    pp_free(ch->p);
    pp_free(ch->v);
    pp_free(ch->nv);
    pp_free(ch->tail);
    pp_free(ch->stay);
    pp_free(ch->death);
}

/* One uniformization term: nv = v Q over states 0 .. hi + 1, and its Poisson weight
 * w added to the law p.  This loop is most of a what-if's staffing time (the ticket
 * queues' chains, evaluated for every rung of spare and every plan's coverage); its
 * states are independent, so with restrict it vectorizes, element for element the
 * same arithmetic (no reduction is reordered: results are bit for bit those of the
 * scalar loop).  An AVX2 clone, picked at load time where the CPU has it, does four
 * states at once (no FMA: C17 leaves contraction off, so the same roundings):
 * `peakplan staff` on data/example's forecast 0.95 s -> 0.85 s, the same bytes. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
/* (not under ThreadSanitizer: its instrumented ifunc resolver runs before the runtime is
 * up and crashes at load) */
__attribute__((optimize("tree-vectorize"), target_clones("avx2", "default")))
#elif defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("tree-vectorize")))
#endif
static void chain_term(const double *restrict v, double *restrict nv, double *restrict p,
                       const double *restrict stay, const double *restrict d, double b,
                       double w, size_t hi)
{
    nv[0] = v[0] * (1 - b) + v[1] * d[1];
    p[0] += w * nv[0];
    for (size_t j = 1; j <= hi + 1; j++) {
        nv[j] = v[j] * stay[j] + v[j - 1] * b + v[j + 1] * d[j + 1];
        p[j] += w * nv[j];
    }
}

/* Carries the law over h seconds: births at lambda, deaths at min(j, c) mu. */
static bool chain_step(chain *ch, double lambda, double c, double mu, double h, double *ops)
{
    double L = lambda + c * mu;
    if (!(L * h > 0))
        return true;
    double lh = L * h;
    size_t terms = (size_t)ceil(lh + 8 * sqrt(lh) + 10);
    *ops += (double)terms * (double)(ch->hi + terms);
    if (!chain_reserve(ch, ch->hi + terms + 3))
        return false;
    double w = exp(-lh), cum = w;
    size_t hi = ch->hi;
    memcpy(ch->v, ch->p, (hi + 1) * sizeof *ch->v);
    for (size_t j = 0; j <= hi; j++)
        ch->p[j] *= w;
    /* death probabilities per uniformized step, d[j] = min(j, c) mu / L */
    double b = lambda / L, *d = ch->death;
    for (size_t j = 0; j <= hi + terms + 1; j++) {
        d[j] = ((double)j < c ? (double)j : c) * mu / L;
        ch->stay[j] = 1 - b - d[j];
    }
    for (size_t k = 1; k <= terms && cum < 1 - 1e-15; k++) {
        /* v <- v Q, Q = I + R / L; the support grows by one state a term */
        ch->v[hi + 1] = 0;
        ch->v[hi + 2] = 0;
        w *= lh / (double)k;
        cum += w;
        chain_term(ch->v, ch->nv, ch->p, ch->stay, d, b, w, hi);
        hi++;
        double *t = ch->v;
        ch->v = ch->nv;
        ch->nv = t;
    }
    /* renormalise (the Poisson weights were cut at 1 - 1e-15) and drop the top tail */
    double sum = 0;
    for (size_t j = 0; j <= hi; j++)
        sum += ch->p[j];
    double top = 0;
    while (hi > 0 && top + ch->p[hi] < DEFERRED_TAIL * sum) {
        top += ch->p[hi];
        ch->p[hi] = 0;
        hi--;
    }
    for (size_t j = 0; j <= hi; j++)
        ch->p[j] /= sum - top;
    for (size_t j = hi + 1; j < ch->size; j++)
        ch->p[j] = 0;
    ch->hi = hi;
    return true;
}

/* Agents leaving at a break or a shift end finish the item in hand first (as in
 * the simulation): with j in the system and the count falling from c0 to c1, the
 * min(j, c0) - min(j, c1) items in hand of those leaving are done. */
static void chain_finish_in_hand(chain *ch, double c0, double c1)
{
    for (size_t j = 1; j <= ch->hi; j++) {
        double jj = (double)j, k = (jj < c0 ? jj : c0) - (jj < c1 ? jj : c1);
        if (!(k > 0) || !(ch->p[j] > 0))
            continue;
        double lo = floor(k), frac = k - lo, mass = ch->p[j];
        ch->p[j] = 0;
        size_t a = j - (size_t)lo; /* j - floor(k) >= 0 since k <= j */
        ch->p[a] += mass * (1 - frac);
        if (frac > 0)
            ch->p[a - 1] += mass * frac;
    }
}

/* Starts the tail P(Poisson(L) >= k) afresh (chain_tail_upto fills it). */
static void chain_tail_reset(chain *ch, double L)
{
    ch->ntail = 0;
    ch->tail_L = L;
    ch->tail_pk = exp(-L);
    ch->tail_cdf = 0;
    ch->tail_normal = L > 700; /* exp(-L) underflows: the normal approximation */
}

/* Makes tail[0 .. upto] hold P(Poisson(tail_L) >= k): the terms not computed yet,
 * continuing the same recurrence, so its values do not depend on how far earlier
 * calls went. */
static void chain_tail_upto(chain *ch, size_t upto)
{
    double L = ch->tail_L;
    for (size_t k = ch->ntail; k <= upto; k++) {
        if (ch->tail_normal) {
            ch->tail[k] = 0.5 * erfc(((double)k - 0.5 - L) / sqrt(2 * L));
            continue;
        }
        ch->tail[k] = 1 - ch->tail_cdf > 0 ? 1 - ch->tail_cdf : 0;
        ch->tail_cdf += ch->tail_pk;
        ch->tail_pk *= L / (double)(k + 1);
    }
    if (upto + 1 > ch->ntail)
        ch->ntail = upto + 1;
}

/* Within-deadline share and, when wait is not NULL, mean wait (intervals) of an item
 * arriving at x with c servers to start with, under the current law; the tail
 * (chain_tail_reset) is that of the departures in its deadline window.  An arrival
 * is looked at twice a step, before and after it, with the same window: the tail
 * is computed once and only extended as the law grows. */
static void chain_arrival(chain *ch, const double *cap, const double *cc, size_t n, double x,
                          double c, double aht, double *within, double *wait)
{
    size_t hi = ch->hi;
    chain_tail_upto(ch, hi + 1);
    double in = 0, wt = 0;
    size_t hint = 0;
    for (size_t j = 0; j <= hi; j++) {
        double need = (double)j + 1 - c; /* departures before this item starts */
        if (need <= 0) {
            in += ch->p[j];
            continue;
        }
        size_t m = (size_t)ceil(need - 1e-9);
        in += ch->p[j] * (m <= hi + 1 ? ch->tail[m] : 0);
        if (wait && ch->p[j] > 1e-12)
            wt += ch->p[j] * (time_to_drain_from(cap, cc, n, x, need * aht, &hint) - x);
    }
    *within = in;
    if (wait)
        *wait = wt;
}

/* The chain's cost before running it: terms per interval times the least states
 * it must carry (the busy agents, lambda aht, and their Poisson spread). */
static double chain_cost_estimate(const deferred *D, const double *items, const double *cap)
{
    double ops = 0, aht = 0;
    for (size_t t = 0; t < D->n; t++) {
        if (items[t] > 0)
            aht = D->w[t] / items[t];
        double lambda = items[t] / D->dt, c = cap[t] / D->dt, mu = aht > 0 ? 1 / aht : 0;
        double busy = lambda * aht < c ? lambda * aht : c;
        ops += (lambda + c * mu) * D->dt * (busy + 8 * sqrt(busy) + 10);
    }
    return ops;
}

/* The fluid figures (for queues too large for the chain): work is served first come
 * first served at the planned capacity, so an item arriving at x waits for the
 * backlog Q(x) ahead of it and is within the deadline when the capacity in
 * [x, x + d] clears Q(x).  Each interval's share is averaged over 32 arrival
 * instants, the backlog is Q at the interval's end in items. */
static void deferred_evaluate_fluid(const deferred *D, const double *items, const double *cap,
                                    double *cc, double *sl, double *asa, double *backlog)
{
    enum { ARRIVALS = 32 };
    const size_t n = D->n;
    const double d = D->di + D->df;
    cc[0] = 0;
    for (size_t t = 0; t < n; t++)
        cc[t + 1] = cc[t] + cap[t];
    double q = 0, aht = 0; /* backlog at the interval's start, agent-seconds */
    for (size_t t = 0; t < n; t++) {
        if (items[t] > 0)
            aht = D->w[t] / items[t];
        double within = 0, wait = 0, slope = D->w[t] - cap[t];
        for (int k = 0; k < ARRIVALS; k++) {
            double o = (k + 0.5) / ARRIVALS, x = (double)t + o;
            double qx = q + slope * o;
            if (qx < 0)
                qx = 0;
            if (capacity_between(cap, cc, n, x, x + d) >= qx * (1 - 1e-9))
                within += 1;
            wait += time_to_drain(cap, cc, n, x, qx) - x;
        }
        q += slope;
        if (q < 0)
            q = 0;
        if (sl)
            sl[t] = items[t] > 0 ? within / ARRIVALS : 1;
        if (asa)
            asa[t] = items[t] > 0 ? wait / ARRIVALS * D->dt : 0;
        if (backlog)
            backlog[t] = aht > 0 && q > 1e-9 ? q / aht : 0;
    }
}

/* Share of each interval's items within the deadline (sl), their mean wait in
 * seconds (asa) and the items waiting at the interval's end (backlog), for items[]
 * arriving items, D->w[] their work and cap[] the capacity (agent-seconds per
 * interval).  cc[] is scratch of n + 1 values.  Any output may be NULL. */
pp_status deferred_evaluate_random(const deferred *D, const double *items,
                                          const double *cap, double *cc, double *sl,
                                          double *asa, double *backlog, pp_error *err)
{
    const size_t n = D->n;
    const double dt = D->dt, d = D->di + D->df; /* deadline, intervals */
    if (chain_cost_estimate(D, items, cap) > DEFERRED_CHAIN_BUDGET) {
        deferred_evaluate_fluid(D, items, cap, cc, sl, asa, backlog);
        return PP_OK;
    }
    cc[0] = 0;
    for (size_t t = 0; t < n; t++)
        cc[t + 1] = cc[t] + cap[t];
    double ops = 0;
    chain ch = {0};
    if (!chain_reserve(&ch, 64))
        goto oom;
    ch.p[0] = 1;
    double aht = 0, c_before = 0;
    for (size_t t = 0; t < n; t++) {
        if (items[t] > 0)
            aht = D->w[t] / items[t];
        double lambda = items[t] / dt, c = cap[t] / dt, mu = aht > 0 ? 1 / aht : 0;
        if (c < c_before)
            chain_finish_in_hand(&ch, c_before, c);
        c_before = c;
        double steps = ceil(dt / DEFERRED_STEP_SECONDS - 1e-9), by_rate = ceil((lambda + c * mu) * dt / 100);
        size_t K = (size_t)(steps > by_rate ? steps : by_rate);
        if (K < 1)
            K = 1;
        double h = dt / (double)K, within = 0, wait = 0;
        for (size_t k = 0; k < K; k++) {
            /* arrivals at the step's middle see its law: the mean of the laws at its
             * start and end (the middle keeps clear of a deadline that falls
             * exactly on an interval boundary) */
            double xm = (double)t + ((double)k + 0.5) / (double)K;
            /* the servers it starts with: those on duty now, or more by its deadline
             * (an item arriving at a closed queue starts with the morning's agents) */
            double cs = c;
            size_t e = (size_t)(xm + d);
            if (e < n && cap[e] / dt > cs)
                cs = cap[e] / dt;
            double in0 = 0, w0 = 0, in1 = 0, w1 = 0;
            /* the mean wait only where asked for: it is most of an arrival's cost */
            double *w0p = asa ? &w0 : NULL, *w1p = asa ? &w1 : NULL;
            if (items[t] > 0) {
                chain_tail_reset(&ch, aht > 0 ? capacity_between(cap, cc, n, xm, xm + d) / aht : 0);
                chain_arrival(&ch, cap, cc, n, xm, cs, aht, &in0, w0p);
            }
            if (!chain_step(&ch, lambda, c, mu, h, &ops))
                goto oom;
            if (ops > 2 * DEFERRED_CHAIN_BUDGET) { /* the estimate was short: stop here */
                chain_free(&ch);
                deferred_evaluate_fluid(D, items, cap, cc, sl, asa, backlog);
                return PP_OK;
            }
            if (items[t] > 0)
                chain_arrival(&ch, cap, cc, n, xm, cs, aht, &in1, w1p);
            within += 0.5 * (in0 + in1);
            wait += 0.5 * (w0 + w1);
        }
        if (sl)
            sl[t] = items[t] > 0 ? within / (double)K : 1;
        if (asa)
            asa[t] = items[t] > 0 ? wait / (double)K * dt : 0;
        if (backlog) {
            double b = 0;
            for (size_t j = 0; j <= ch.hi; j++)
                if ((double)j > c)
                    b += ch.p[j] * ((double)j - c);
            backlog[t] = b > 1e-9 ? b : 0;
        }
    }
    chain_free(&ch);
    return PP_OK;
oom:
    chain_free(&ch);
    return pp_error_set(err, PP_ENOMEM, "out of memory");
}

