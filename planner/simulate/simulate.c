/*
 * simulate.c -- discrete-event simulation of a written plan.
 *
 * Why it exists.  coverage.csv states what the planned agents achieve by
 * Erlang C/A per interval (each interval in steady state, starting empty) and
 * a fluid backlog model for deferred work.  Both are exact for what they
 * model and blind to what they leave out: randomness in deferred work, the
 * queue carried from one interval into the next, escalations arriving in
 * bursts, forecast error.  This module replays the plan with all of those and
 * says how far the claims hold (docs/simulation.md).
 *
 * Model, per replication.  Queues share nothing but escalations, because the
 * plan allocates productive agents to each queue (coverage.csv's
 * agents_planned); so each queue is one multi-server FIFO queue with a
 * time-varying number of servers, simulated in an order where every Tier-1
 * queue comes before the queue it escalates to.
 *   - Servers: agents_planned x concurrency session slots (chat; 1 otherwise),
 *     the staffing engine's slot model.  A fractional slot works the first
 *     part of the interval (x = 4.3 slots: 5 for 0.3 of it, then 4), which
 *     matches the engine's interpolation between floor and ceil in the mean.
 *     When the count drops (break, shift end, reallocation) the agents who
 *     leave finish the contact in hand first, and those who stay go on taking
 *     work: of the busy slots, min(busy, count) stay; which busy slot finishes
 *     next is random (exact for exponential handle times, whose slots are
 *     exchangeable), a leaver with probability leaving / busy.
 *   - Arrivals: Poisson at offered / interval length within each interval
 *     (restarting the exponential clock at a boundary is exact by
 *     memorylessness), plus the escalations produced by Tier-1 queues.  Under
 *     `risk` each queue-day's volume is scaled by a draw from the two-piece
 *     log-normal through the day's p10, p50 and p90 totals (the planner's
 *     pp_staff_forecast_quantile), i.e. errors are fully correlated within a
 *     day and independent between days and queues.
 *   - Handle times: exponential with the interval's aht_seconds, or
 *     log-normal with the given coefficient of variation, drawn when service
 *     starts, with the aht of the interval the contact arrived in.
 *   - Patience (live queues with patience_seconds): exponential; a caller
 *     whose patience ends before a slot reaches her abandons.  Under FIFO this
 *     is found lazily when she reaches the head of the queue (exact, as in
 *     tests/unit/test_staffing_sim.c), and her wait counts until she hangs up.
 *   - Deferred queues (email, ticket): no abandonment; the backlog carries
 *     across intervals and nights until agents work it off.
 *   - Escalations: when a Tier-1 contact's handling ends, with probability
 *     escalation_pct it arrives at once at escalates_to; if no agent is
 *     allocated to that queue then, it is handed over when the queue next has
 *     agents (the night's escalations arrive at opening).
 *   - Horizon end: contacts still waiting when the plan ends were not answered
 *     within target (misses); their wait counts until the end.
 * Figures are attributed to the interval a contact arrived in.  SL = answered
 * within target_seconds / offered (abandons are misses, as in staffing.h);
 * ASA = mean wait over all arrivals; backlog = waiting at the interval's end
 * (callers who already ran out of patience excluded).  Day and horizon figures
 * pool the contacts of their intervals within each replication; a period's
 * backlog is the mean of its intervals' end backlogs.
 *
 * Statistics.  Each figure is a mean over replications with a Student-t 95 %
 * confidence half-width; a ratio figure uses only the replications in which
 * the period had arrivals.  Replication r has its own stream (sim_rng.h) and
 * its own slice of the statistics array, and the slices are combined in
 * replication order after all threads finished, so the result is bitwise the
 * same for any thread count.
 *
 * Why one file.  The event loop, the agent pool and the per-queue statistics
 * share one replication state; the event handlers are short but only make
 * sense side by side.  About 950 lines.
 */
#include "core/alloc.h"
#include "peakplan/simulate.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "peakplan/interrupt.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"
#include "sim_rng.h"

enum { ST_OFFERED, ST_WITHIN, ST_ABANDONED, ST_WAIT, ST_BACKLOG, NSTAT };

struct pp_sim_result {
    size_t nq;
    pp_sim_row *rows;
    size_t nrows;
    size_t *horizon; /* row index of each queue's horizon row */
    size_t capped;
};

void pp_sim_params_init(pp_sim_params *p)
{
    p->reps = 20;
    p->seed = 1;
    p->arrivals = PP_SIM_ARRIVALS_POINT;
    p->handle_cv = NAN;
    p->threads = 1;
}

/* ---------------------------------------------------------------- setup */

typedef struct sim_ctx {
    const pp_queue *queues;
    size_t nq, n, ndays;
    double T;               /* interval length, seconds */
    const double *offered;  /* nq * n */
    const double *aht;      /* nq * n */
    double *aht_fallback;   /* nq: mean aht where there is volume, for escalations elsewhere */
    double *alloc;          /* nq * n productive agents after the roster cap */
    size_t *next_open;      /* nq * n: first interval >= t with agents on the queue, n = none */
    size_t *order;          /* queues, Tier-1 before its Tier-2 */
    size_t *day_of;         /* n: day index of each interval */
    double *day_point;      /* nq * ndays: forecast total, and its p10 / p50 / p90 totals */
    double *day_p10, *day_p50, *day_p90;
    pp_sim_params p;
    double *stats;          /* reps * nq * n * NSTAT */
} sim_ctx;

static void ctx_release(sim_ctx *c)
{
    pp_free(c->aht_fallback);
    pp_free(c->alloc);
    pp_free(c->next_open);
    pp_free(c->order);
    pp_free(c->day_of);
    pp_free(c->day_point);
    pp_free(c->day_p10);
    pp_free(c->day_p50);
    pp_free(c->day_p90);
    pp_free(c->stats);
}

/* Orders queues so that each comes before the queue it escalates to
 * (PP_EINVAL on a cycle). */
static pp_status escalation_order(const pp_queue *qs, size_t nq, size_t *order, pp_error *err)
{
    unsigned char *done = pp_calloc(nq ? nq : 1, 1);
    size_t *indeg = pp_calloc(nq ? nq : 1, sizeof *indeg);
    if (!done || !indeg) {
        pp_free(done);
        pp_free(indeg);
        return pp_error_set(err, PP_ENOMEM, "simulate: out of memory");
    }
    for (size_t q = 0; q < nq; q++)
        if (qs[q].escalates_to >= 0)
            indeg[qs[q].escalates_to]++;
    size_t k = 0;
    while (k < nq) {
        size_t before = k;
        for (size_t q = 0; q < nq; q++) {
            if (done[q] || indeg[q])
                continue;
            done[q] = 1;
            order[k++] = q;
            if (qs[q].escalates_to >= 0)
                indeg[qs[q].escalates_to]--;
        }
        if (k == before)
            break;
    }
    pp_free(done);
    pp_free(indeg);
    if (k < nq)
        return pp_error_set(err, PP_EINVAL, "simulate: the queues' escalations form a cycle");
    return PP_OK;
}

static pp_status check_grid(const pp_grid *g, const pp_grid *ref, size_t nq, const char *what,
                            pp_error *err)
{
    if (pp_grid_queues(g) != nq)
        return pp_error_set(err, PP_EINVAL, "simulate: the %s has %zu queues, the workspace %zu",
                            what, pp_grid_queues(g), nq);
    if (ref && (pp_grid_intervals(g) != pp_grid_intervals(ref) ||
                pp_grid_start(g) != pp_grid_start(ref) || pp_grid_step(g) != pp_grid_step(ref)))
        return pp_error_set(err, PP_EINVAL,
                            "simulate: the %s and the forecast are not on the same intervals "
                            "(%zu x %d min vs %zu x %d min)",
                            what, pp_grid_intervals(g), pp_grid_step(g), pp_grid_intervals(ref),
                            pp_grid_step(ref));
    return PP_OK;
}

static pp_status ctx_init(sim_ctx *c, const pp_sim_input *in, const pp_sim_params *p,
                          size_t *capped, pp_error *err)
{
    memset(c, 0, sizeof *c);
    if (!in || !p || !in->queues || !in->forecast || !in->coverage)
        return pp_error_set(err, PP_EINVAL, "simulate: missing queues, forecast or coverage");
    if (p->reps < 1 || p->reps > 100000)
        return pp_error_set(err, PP_EINVAL, "simulate: replications must be 1..100000 (got %zu)",
                            p->reps);
    if (p->threads < 1)
        return pp_error_set(err, PP_EINVAL, "simulate: threads must be >= 1");
    if (!isnan(p->handle_cv) && !(p->handle_cv > 0 && p->handle_cv <= 20))
        return pp_error_set(err, PP_EINVAL,
                            "simulate: handle-time CV must be in (0, 20] (got %g)", p->handle_cv);
    size_t nq = in->nq;
    pp_status st = check_grid(in->forecast, NULL, nq, "forecast", err);
    if (st == PP_OK)
        st = check_grid(in->coverage, in->forecast, nq, "coverage", err);
    if (st != PP_OK)
        return st;
    c->queues = in->queues;
    c->nq = nq;
    c->n = pp_grid_intervals(in->forecast);
    c->T = pp_grid_step(in->forecast) * 60.0;
    c->p = *p;
    c->offered = pp_grid_column_const(in->forecast, PP_COL_OFFERED);
    c->aht = pp_grid_column_const(in->forecast, PP_COL_AHT);
    const double *planned = pp_grid_column_const(in->coverage, PP_COL_AGENTS_PLANNED);
    if (!c->offered || !c->aht)
        return pp_error_set(err, PP_EINVAL, "simulate: the forecast has no %s or %s column",
                            PP_COL_OFFERED, PP_COL_AHT);
    if (!planned)
        return pp_error_set(err, PP_EINVAL, "simulate: the coverage has no %s column",
                            PP_COL_AGENTS_PLANNED);
    const double *p10 = pp_grid_column_const(in->forecast, PP_COL_OFFERED_P10);
    const double *p50 = pp_grid_column_const(in->forecast, PP_COL_OFFERED_P50);
    const double *p90 = pp_grid_column_const(in->forecast, PP_COL_OFFERED_P90);
    if (p->arrivals == PP_SIM_ARRIVALS_RISK && (!p10 || !p50 || !p90))
        return pp_error_set(err, PP_EINVAL, "simulate: --arrivals risk needs the forecast's "
                                            "offered_p10, offered_p50 and offered_p90");
    size_t n = c->n, cells = nq * n;
    for (size_t q = 0; q < nq; q++) {
        const pp_queue *Q = &in->queues[q];
        if (Q->escalates_to >= (int)nq)
            return pp_error_set(err, PP_EINVAL, "simulate: queue %s escalates to an unknown queue",
                                Q->name);
        if (!(Q->target_seconds >= 0))
            return pp_error_set(err, PP_EINVAL, "simulate: queue %s has no target_seconds",
                                Q->name);
    }
    for (size_t i = 0; i < cells; i++) {
        if (!(c->offered[i] >= 0) || !isfinite(c->offered[i]) || !(planned[i] >= 0) ||
            !isfinite(planned[i]))
            return pp_error_set(err, PP_EINVAL,
                                "simulate: queue %s interval %zu: offered and agents_planned "
                                "must be finite and >= 0",
                                in->queues[i / n].name, i % n);
        if (c->offered[i] > 0 && !(c->aht[i] > 0 && isfinite(c->aht[i])))
            return pp_error_set(err, PP_EINVAL,
                                "simulate: queue %s interval %zu has contacts but no handle time",
                                in->queues[i / n].name, i % n);
    }

    int64_t day0 = pp_day_of_minute(pp_grid_start(in->forecast));
    c->ndays = n ? (size_t)(pp_day_of_minute(pp_grid_start(in->forecast) +
                                             (int64_t)(n - 1) * pp_grid_step(in->forecast)) -
                            day0 + 1)
                 : 0;
    size_t nd = nq * (c->ndays ? c->ndays : 1);
    c->aht_fallback = pp_calloc(nq ? nq : 1, sizeof(double));
    c->alloc = pp_malloc((cells ? cells : 1) * sizeof(double));
    c->next_open = pp_malloc((cells ? cells : 1) * sizeof(size_t));
    c->order = pp_malloc((nq ? nq : 1) * sizeof(size_t));
    c->day_of = pp_malloc((n ? n : 1) * sizeof(size_t));
    c->day_point = pp_calloc(nd, sizeof(double));
    c->day_p10 = pp_calloc(nd, sizeof(double));
    c->day_p50 = pp_calloc(nd, sizeof(double));
    c->day_p90 = pp_calloc(nd, sizeof(double));
    c->stats = pp_calloc(p->reps * (cells ? cells : 1) * NSTAT, sizeof(double));
    if (!c->aht_fallback || !c->alloc || !c->next_open || !c->order || !c->day_of || !c->day_point ||
        !c->day_p10 || !c->day_p50 || !c->day_p90 || !c->stats)
        return pp_error_set(err, PP_ENOMEM, "simulate: out of memory");
    if ((st = escalation_order(in->queues, nq, c->order, err)) != PP_OK)
        return st;
    for (size_t t = 0; t < n; t++)
        c->day_of[t] =
            (size_t)(pp_day_of_minute(pp_grid_start(in->forecast) +
                                      (int64_t)t * pp_grid_step(in->forecast)) - day0);
    for (size_t q = 0; q < nq; q++) {
        double w = 0, s = 0, any = NAN;
        for (size_t t = 0; t < n; t++) {
            size_t i = q * n + t, d = q * c->ndays + c->day_of[t];
            if (c->offered[i] > 0) {
                w += c->offered[i];
                s += c->offered[i] * c->aht[i];
            }
            if (isnan(any) && c->aht[i] > 0 && isfinite(c->aht[i]))
                any = c->aht[i];
            c->day_point[d] += c->offered[i];
            if (p10) {
                c->day_p10[d] += p10[i];
                c->day_p50[d] += p50[i];
                c->day_p90[d] += p90[i];
            }
        }
        c->aht_fallback[q] = w > 0 ? s / w : (isnan(any) ? 300.0 : any);
    }
    /* The roster is the plan as written: where it has fewer productive agents on
     * duty than the allocation names, the allocation cannot all be there. */
    *capped = 0;
    memcpy(c->alloc, planned, cells * sizeof(double));
    if (in->on_duty) {
        for (size_t t = 0; t < n; t++) {
            double sum = 0;
            for (size_t q = 0; q < nq; q++)
                sum += c->alloc[q * n + t];
            double have = in->on_duty[t];
            if (sum > have + 1e-3 + 1e-6 * sum) {
                double f = have > 0 ? have / sum : 0;
                for (size_t q = 0; q < nq; q++)
                    c->alloc[q * n + t] *= f;
                (*capped)++;
            }
        }
    }
    for (size_t q = 0; q < nq; q++) {
        size_t next = n;
        for (size_t t = n; t-- > 0;) {
            if (c->alloc[q * n + t] > 0)
                next = t;
            c->next_open[q * n + t] = next;
        }
    }
    return PP_OK;
}

/* ---------------------------------------------------------------- one replication */

typedef struct cust {
    double arr;      /* arrival, seconds from the grid start */
    double deadline; /* arrival + patience (INFINITY without) */
    size_t iv;       /* interval of arrival */
} cust;

typedef struct dlist {
    double *v;
    size_t n, cap;
} dlist;

typedef struct worker {
    const sim_ctx *c;
    size_t first, stride; /* replications first, first + stride, ... */
    cust *fifo;
    size_t fcap;
    double *heap; /* completion times of busy slots, min-heap */
    size_t hcap;
    dlist *esc;   /* nq: escalation arrival times per destination queue */
    double *factor; /* nq * ndays: volume factor of this replication */
    pp_status st;
    pp_error err;
} worker;

static bool dlist_push(dlist *l, double x)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        double *v = pp_realloc(l->v, cap * sizeof *v);
        if (!v)
            return false;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = x;
    return true;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void heap_push(double *h, size_t *n, double x)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (h[parent] <= x)
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = x;
}

static double heap_pop(double *h, size_t *n)
{
    double top = h[0], x = h[--(*n)];
    size_t i = 0, m = *n;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, s = i;
        double sv = x;
        if (l < m && h[l] < sv) {
            s = l;
            sv = h[l];
        }
        if (r < m && h[r] < sv)
            s = r;
        if (s == i)
            break;
        h[i] = h[s];
        i = s;
    }
    if (m)
        h[i] = x;
    return top;
}

typedef struct qsim {
    const sim_ctx *c;
    worker *w;
    pp_sim_rng *rng;
    const pp_queue *Q;
    size_t q;
    double *st;     /* this replication's stats of queue q: n * NSTAT */
    size_t head, tail, busy;
    size_t leaving; /* busy slots whose agent leaves once the item in hand is done */
    double log_mu, log_sigma; /* log-normal handle times (log_sigma 0 = exponential) */
} qsim;

static double handle_time(qsim *s, size_t iv)
{
    const sim_ctx *c = s->c;
    double m = c->aht[s->q * c->n + iv];
    if (!(m > 0) || !isfinite(m))
        m = c->aht_fallback[s->q];
    if (s->log_sigma > 0)
        return m * exp(s->log_mu + s->log_sigma * pp_sim_normal(s->rng));
    return pp_sim_exp(s->rng, m);
}

/* Starts waiting contacts on free slots at time `now`. */
static bool try_start(qsim *s, double now, size_t cap)
{
    worker *w = s->w;
    while (s->busy - s->leaving < cap && s->head < s->tail) {
        cust k = w->fifo[s->head++];
        double *st = s->st + k.iv * NSTAT;
        if (k.deadline <= now) { /* hung up before a slot reached her */
            st[ST_ABANDONED] += 1;
            st[ST_WAIT] += k.deadline - k.arr;
            continue;
        }
        double wait = now - k.arr;
        st[ST_WAIT] += wait;
        if (wait <= s->Q->target_seconds + 1e-9)
            st[ST_WITHIN] += 1;
        if (s->busy >= w->hcap) {
            size_t cap2 = w->hcap ? 2 * w->hcap : 1024;
            double *h = pp_realloc(w->heap, cap2 * sizeof *h);
            if (!h)
                return false;
            w->heap = h;
            w->hcap = cap2;
        }
        heap_push(w->heap, &s->busy, now + handle_time(s, k.iv));
    }
    return true;
}

static bool arrive(qsim *s, double t, size_t iv, double patience)
{
    worker *w = s->w;
    if (s->tail == w->fcap) {
        /* compact the consumed front before growing */
        if (s->head > 0) {
            memmove(w->fifo, w->fifo + s->head, (s->tail - s->head) * sizeof *w->fifo);
            s->tail -= s->head;
            s->head = 0;
        }
        if (s->tail == w->fcap) {
            size_t cap = w->fcap ? 2 * w->fcap : 1024;
            cust *f = pp_realloc(w->fifo, cap * sizeof *f);
            if (!f)
                return false;
            w->fifo = f;
            w->fcap = cap;
        }
    }
    double dl = patience > 0 ? t + pp_sim_exp(s->rng, patience) : INFINITY;
    w->fifo[s->tail++] = (cust){t, dl, iv};
    s->st[iv * NSTAT + ST_OFFERED] += 1;
    return true;
}

/* When a Tier-1 contact escalated at `t` reaches Tier-2 queue q: at once if q
 * has agents in that interval, else when q next opens (a hand-over waits for the
 * Tier-2 team rather than ringing into an empty queue); INFINITY when q never
 * opens again before the horizon ends (then it is not simulated). */
static double escalation_time(const sim_ctx *c, size_t q, double t)
{
    size_t iv = (size_t)(t / c->T);
    if (iv >= c->n)
        return INFINITY;
    size_t open = c->next_open[q * c->n + iv];
    if (open == iv)
        return t;
    return open < c->n ? (double)open * c->T : INFINITY;
}

static bool simulate_queue(const sim_ctx *c, worker *w, pp_sim_rng *rng, size_t q, double *st)
{
    const pp_queue *Q = &c->queues[q];
    size_t n = c->n;
    qsim s = {.c = c, .w = w, .rng = rng, .Q = Q, .q = q, .st = st};
    if (!isnan(c->p.handle_cv)) {
        double s2 = log1p(c->p.handle_cv * c->p.handle_cv);
        s.log_sigma = sqrt(s2);
        s.log_mu = -s2 / 2; /* mean 1, scaled by the aht */
    }
    bool deferred = pp_channel_is_deferred(Q->channel);
    double patience = !deferred && Q->patience_seconds > 0 && isfinite(Q->patience_seconds)
                          ? Q->patience_seconds
                          : 0;
    double K = Q->channel == PP_CHANNEL_CHAT && Q->concurrency >= 1 ? Q->concurrency : 1;
    int esc_to = Q->escalates_to;
    double esc_p = esc_to >= 0 ? Q->escalation_pct / 100.0 : 0;
    dlist *in_esc = &w->esc[q];
    if (in_esc->n > 1)
        qsort(in_esc->v, in_esc->n, sizeof(double), cmp_double);
    size_t ei = 0;
    const double *off = c->offered + q * n;
    const double *fac = w->factor + q * c->ndays;

    /* the direct arrival stream: interval gi, clock gt */
    size_t gi = 0;
    double gt = 0, next_direct = INFINITY;
    size_t next_iv = 0;
#define NEXT_DIRECT()                                                                          \
    do {                                                                                       \
        next_direct = INFINITY;                                                                \
        while (gi < n) {                                                                       \
            double lam = off[gi] * fac[c->day_of[gi]] / c->T;                                  \
            if (lam > 0) {                                                                     \
                double cand = gt + pp_sim_exp(rng, 1.0 / lam);                                 \
                if (cand < (double)(gi + 1) * c->T) {                                          \
                    gt = cand;                                                                 \
                    next_direct = cand;                                                        \
                    next_iv = gi;                                                              \
                    break;                                                                     \
                }                                                                              \
            }                                                                                  \
            gi++;                                                                              \
            gt = (double)gi * c->T;                                                            \
        }                                                                                      \
    } while (0)
    NEXT_DIRECT();

    for (size_t i = 0; i < n; i++) {
        double t0 = (double)i * c->T, t1 = t0 + c->T;
        double slots = c->alloc[q * n + i] * K;
        double full = floor(slots + 1e-9), frac = slots - full;
        if (frac < 1e-9)
            frac = 0;
        size_t cap = (size_t)full + (frac > 0);
        double tchg = frac > 0 ? t0 + frac * c->T : INFINITY;
        /* Agents who leave (break, shift end, reallocation) finish the item in
         * hand; those who stay go on taking work.  min(busy, cap) busy slots stay. */
        s.leaving = s.busy > cap ? s.busy - cap : 0;
        if (!try_start(&s, t0, cap))
            return false;
        for (;;) {
            double te = ei < in_esc->n ? in_esc->v[ei] : INFINITY;
            double ta = next_direct < te ? next_direct : te;
            double tc = s.busy ? w->heap[0] : INFINITY;
            double tn = fmin(fmin(ta, tc), tchg);
            if (!(tn < t1))
                break;
            if (tn == tchg) { /* the fractional slot stops taking work */
                cap = (size_t)full;
                tchg = INFINITY;
                s.leaving = s.busy > cap ? s.busy - cap : 0;
            } else if (tc <= ta) {
                /* which slot finished is random (handle times are exchangeable):
                 * a leaver with probability leaving / busy */
                if (s.leaving > 0 && pp_sim_uniform(rng) * (double)s.busy < (double)s.leaving)
                    s.leaving--;
                heap_pop(w->heap, &s.busy);
                if (esc_p > 0 && pp_sim_uniform(rng) < esc_p) {
                    double te2 = escalation_time(c, (size_t)esc_to, tc);
                    if (isfinite(te2) && !dlist_push(&w->esc[esc_to], te2))
                        return false;
                }
                if (!try_start(&s, tc, cap))
                    return false;
            } else {
                if (ta == te) {
                    ei++;
                    size_t iv = (size_t)(te / c->T);
                    if (!arrive(&s, te, iv < n ? iv : n - 1, patience))
                        return false;
                } else {
                    if (!arrive(&s, ta, next_iv, patience))
                        return false;
                    NEXT_DIRECT();
                }
                if (!try_start(&s, ta, cap))
                    return false;
            }
        }
        double waiting = 0;
        if (patience > 0) {
            for (size_t k = s.head; k < s.tail; k++)
                waiting += w->fifo[k].deadline > t1;
        } else {
            waiting = (double)(s.tail - s.head);
        }
        st[i * NSTAT + ST_BACKLOG] = waiting;
    }
#undef NEXT_DIRECT
    /* the plan ends: who still waits was not answered within target */
    double H = (double)n * c->T;
    for (size_t k = s.head; k < s.tail; k++) {
        const cust *cu = &w->fifo[k];
        double *x = st + cu->iv * NSTAT;
        if (cu->deadline <= H) {
            x[ST_ABANDONED] += 1;
            x[ST_WAIT] += cu->deadline - cu->arr;
        } else {
            x[ST_WAIT] += H - cu->arr;
        }
    }
    in_esc->n = 0;
    return true;
}

static void run_rep(const sim_ctx *c, worker *w, size_t rep)
{
    pp_sim_rng rng;
    pp_sim_rng_seed(&rng, c->p.seed, rep);
    size_t nq = c->nq, nd = c->ndays;
    for (size_t k = 0; k < nq * nd; k++)
        w->factor[k] = 1;
    if (c->p.arrivals == PP_SIM_ARRIVALS_RISK) {
        for (size_t k = 0; k < nq * nd; k++) {
            double u = pp_sim_uniform(&rng);
            u = fmin(fmax(u, 1e-6), 1 - 1e-6);
            double point = c->day_point[k];
            if (point > 0) {
                double v = pp_staff_forecast_quantile(u, c->day_p10[k], c->day_p50[k],
                                                      c->day_p90[k]);
                w->factor[k] = isfinite(v) && v > 0 ? v / point : 0;
            }
        }
    }
    for (size_t q = 0; q < nq; q++)
        w->esc[q].n = 0;
    double *base = c->stats + rep * nq * c->n * NSTAT;
    for (size_t k = 0; k < nq; k++) {
        if (pp_interrupt_requested()) {
            w->st = pp_error_set(&w->err, PP_EINTERNAL, "interrupted");
            return;
        }
        size_t q = c->order[k];
        if (!simulate_queue(c, w, &rng, q, base + q * c->n * NSTAT)) {
            w->st = pp_error_set(&w->err, PP_ENOMEM, "simulate: out of memory");
            return;
        }
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    const sim_ctx *c = w->c;
    for (size_t r = w->first; r < c->p.reps && w->st == PP_OK; r += w->stride)
        run_rep(c, w, r);
    return NULL;
}

static void worker_release(worker *w, size_t nq)
{
    pp_free(w->fifo);
    pp_free(w->heap);
    if (w->esc)
        for (size_t q = 0; q < nq; q++)
            pp_free(w->esc[q].v);
    pp_free(w->esc);
    pp_free(w->factor);
}

/* ---------------------------------------------------------------- statistics */

/* Student t 0.975 quantiles for 1..30 degrees of freedom; beyond, the
 * Cornish-Fisher expansion around 1.96 (error < 1e-4 from 30 on). */
static double t975(size_t df)
{
    static const double tab[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                   2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                   2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                   2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
    if (df == 0)
        return NAN;
    if (df <= 30)
        return tab[df - 1];
    double z = 1.959963984540054, v = (double)df;
    double z3 = z * z * z, z5 = z3 * z * z;
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v);
}

typedef struct acc {
    size_t n;
    double mean, m2;
} acc;

static void acc_add(acc *a, double x)
{
    a->n++;
    double d = x - a->mean;
    a->mean += d / (double)a->n;
    a->m2 += d * (x - a->mean);
}

static pp_sim_stat acc_stat(const acc *a)
{
    pp_sim_stat s = {NAN, NAN};
    if (a->n == 0)
        return s;
    s.mean = a->mean;
    if (a->n >= 2)
        s.ci = t975(a->n - 1) * sqrt(a->m2 / (double)(a->n - 1)) / sqrt((double)a->n);
    return s;
}

/* Fills the simulated part of row `r` from intervals [t0, t1) of queue q. */
static void summarise(const sim_ctx *c, size_t q, size_t t0, size_t t1, bool deferred,
                      pp_sim_row *r)
{
    acc off = {0}, sl = {0}, asa = {0}, ab = {0}, bl = {0};
    for (size_t rep = 0; rep < c->p.reps; rep++) {
        const double *st = c->stats + (rep * c->nq + q) * c->n * NSTAT;
        double x[NSTAT] = {0};
        for (size_t t = t0; t < t1; t++)
            for (int k = 0; k < NSTAT; k++)
                x[k] += st[t * NSTAT + k];
        acc_add(&off, x[ST_OFFERED]);
        acc_add(&bl, x[ST_BACKLOG] / (double)(t1 - t0));
        if (x[ST_OFFERED] > 0) {
            acc_add(&sl, 100 * x[ST_WITHIN] / x[ST_OFFERED]);
            acc_add(&asa, x[ST_WAIT] / x[ST_OFFERED]);
            acc_add(&ab, 100 * x[ST_ABANDONED] / x[ST_OFFERED]);
        }
    }
    r->offered = acc_stat(&off);
    r->service_level = acc_stat(&sl);
    r->asa_seconds = acc_stat(&asa);
    r->abandon_pct = acc_stat(&ab);
    r->backlog = acc_stat(&bl);
    if (!deferred)
        r->backlog = (pp_sim_stat){NAN, NAN};
}

/* Share of days (with contacts) on which queue q's SL reached its target, per
 * replication: the "target met on X % of days" figure forecast risk is judged by. */
static pp_sim_stat days_met(const sim_ctx *c, size_t q)
{
    acc a = {0};
    double target = c->queues[q].target_pct;
    for (size_t rep = 0; rep < c->p.reps; rep++) {
        const double *st = c->stats + (rep * c->nq + q) * c->n * NSTAT;
        size_t days = 0, met = 0;
        for (size_t t = 0; t < c->n;) {
            double off = 0, within = 0;
            size_t d = c->day_of[t];
            for (; t < c->n && c->day_of[t] == d; t++) {
                off += st[t * NSTAT + ST_OFFERED];
                within += st[t * NSTAT + ST_WITHIN];
            }
            if (off > 0) {
                days++;
                met += 100 * within / off >= target - 1e-9;
            }
        }
        if (days)
            acc_add(&a, 100.0 * (double)met / (double)days);
    }
    return acc_stat(&a);
}

/* Planned figures over [t0, t1): contact-weighted means of the coverage's
 * SL / ASA / abandonment, the mean backlog. */
static void planned(const pp_grid *cov, const double *weight_fc, size_t q, size_t n, size_t t0,
                    size_t t1, pp_sim_row *r)
{
    const double *sl = pp_grid_column_const(cov, PP_COL_SERVICE_LEVEL);
    const double *asa = pp_grid_column_const(cov, PP_COL_ASA);
    const double *ab = pp_grid_column_const(cov, PP_COL_ABANDON);
    const double *bl = pp_grid_column_const(cov, PP_COL_BACKLOG);
    const double *wcov = pp_grid_column_const(cov, PP_COL_OFFERED);
    const double *w = wcov ? wcov : weight_fc;
    double ws = 0, s_sl = 0, s_asa = 0, s_ab = 0, s_bl = 0;
    size_t nbl = 0;
    for (size_t t = t0; t < t1; t++) {
        size_t i = q * n + t;
        double wt = t1 - t0 == 1 ? 1 : w[i];
        if (wt > 0) {
            ws += wt;
            s_sl += wt * (sl ? sl[i] : NAN);
            s_asa += wt * (asa ? asa[i] : NAN);
            s_ab += wt * (ab ? ab[i] : NAN);
        }
        if (bl && !isnan(bl[i])) {
            s_bl += bl[i];
            nbl++;
        }
    }
    r->planned_service_level = ws > 0 && sl ? s_sl / ws : NAN;
    r->planned_asa_seconds = ws > 0 && asa ? s_asa / ws : NAN;
    r->planned_abandon_pct = ws > 0 && ab ? s_ab / ws : NAN;
    r->planned_backlog = nbl ? s_bl / (double)nbl : NAN;
}

/* ---------------------------------------------------------------- entry */

pp_status pp_sim_run(const pp_sim_input *in, const pp_sim_params *p, pp_sim_result **out,
                     pp_error *err)
{
    if (!out)
        return pp_error_set(err, PP_EINVAL, "simulate: no result pointer");
    *out = NULL;
    sim_ctx c;
    size_t capped = 0;
    pp_status st = ctx_init(&c, in, p, &capped, err);
    size_t nthreads = 0, started = 0;
    worker *ws = NULL;
    pthread_t *tids = NULL;
    pp_sim_result *res = NULL;
    if (st != PP_OK)
        goto cleanup;
    nthreads = p->threads < p->reps ? p->threads : p->reps;
    ws = pp_calloc(nthreads, sizeof *ws);
    tids = pp_calloc(nthreads, sizeof *tids);
    if (!ws || !tids) {
        st = pp_error_set(err, PP_ENOMEM, "simulate: out of memory");
        goto cleanup;
    }
    for (size_t k = 0; k < nthreads; k++) {
        worker *w = &ws[k];
        w->c = &c;
        w->first = k;
        w->stride = nthreads;
        w->esc = pp_calloc(c.nq ? c.nq : 1, sizeof *w->esc);
        size_t nf = c.nq * c.ndays;
        w->factor = pp_malloc((nf ? nf : 1) * sizeof(double));
        pp_error_clear(&w->err);
        if (!w->esc || !w->factor) {
            st = pp_error_set(err, PP_ENOMEM, "simulate: out of memory");
            goto cleanup;
        }
    }
    /* worker 0 runs on this thread; the others on their own */
    for (size_t k = 1; k < nthreads; k++) {
        if (pthread_create(&tids[k], NULL, worker_main, &ws[k]) != 0) {
            for (size_t j = k; j < nthreads; j++) /* run what could not start here */
                worker_main(&ws[j]);
            break;
        }
        started = k;
    }
    worker_main(&ws[0]);
    for (size_t k = 1; k <= started; k++)
        pthread_join(tids[k], NULL);
    for (size_t k = 0; k < nthreads; k++) {
        if (ws[k].st != PP_OK) {
            st = ws[k].st;
            if (err && err->code == PP_OK)
                *err = ws[k].err;
            goto cleanup;
        }
    }

    /* rows: per queue its intervals, days and the horizon */
    res = pp_calloc(1, sizeof *res);
    size_t per_q = c.n + c.ndays + 1;
    size_t nrows = c.nq * per_q;
    if (!res || !(res->rows = pp_calloc(nrows ? nrows : 1, sizeof *res->rows)) ||
        !(res->horizon = pp_calloc(c.nq ? c.nq : 1, sizeof *res->horizon))) {
        st = pp_error_set(err, PP_ENOMEM, "simulate: out of memory");
        goto cleanup;
    }
    res->nq = c.nq;
    res->capped = capped;
    int64_t start = pp_grid_start(in->forecast);
    int step = pp_grid_step(in->forecast);
    int64_t day0 = pp_day_of_minute(start);
    for (size_t q = 0; q < c.nq; q++) {
        bool deferred = pp_channel_is_deferred(c.queues[q].channel);
        for (size_t t = 0; t < c.n; t++) {
            pp_sim_row *r = &res->rows[res->nrows++];
            r->queue = q;
            r->level = PP_SIM_INTERVAL;
            r->start = start + (int64_t)t * step;
            summarise(&c, q, t, t + 1, deferred, r);
            planned(in->coverage, c.offered, q, c.n, t, t + 1, r);
            r->days_met_pct = (pp_sim_stat){NAN, NAN};
        }
        for (size_t d = 0, t = 0; d < c.ndays; d++) {
            size_t t1 = t;
            while (t1 < c.n && c.day_of[t1] == d)
                t1++;
            pp_sim_row *r = &res->rows[res->nrows++];
            r->queue = q;
            r->level = PP_SIM_DAY;
            r->start = (day0 + (int64_t)d) * 1440;
            summarise(&c, q, t, t1, deferred, r);
            planned(in->coverage, c.offered, q, c.n, t, t1, r);
            r->days_met_pct = (pp_sim_stat){NAN, NAN};
            t = t1;
        }
        pp_sim_row *r = &res->rows[res->nrows];
        res->horizon[q] = res->nrows++;
        r->queue = q;
        r->level = PP_SIM_HORIZON;
        r->start = start;
        summarise(&c, q, 0, c.n, deferred, r);
        planned(in->coverage, c.offered, q, c.n, 0, c.n, r);
        r->days_met_pct = days_met(&c, q);
    }
    *out = res;
    res = NULL;

cleanup:
    if (ws)
        for (size_t k = 0; k < nthreads; k++)
            worker_release(&ws[k], c.nq);
    pp_free(ws);
    pp_free(tids);
    pp_sim_result_free(res);
    ctx_release(&c);
    return st;
}

void pp_sim_result_free(pp_sim_result *r)
{
    if (!r)
        return;
    pp_free(r->rows);
    pp_free(r->horizon);
    pp_free(r);
}

size_t pp_sim_result_rows(const pp_sim_result *r)
{
    return r ? r->nrows : 0;
}

const pp_sim_row *pp_sim_result_row(const pp_sim_result *r, size_t i)
{
    return r && i < r->nrows ? &r->rows[i] : NULL;
}

const pp_sim_row *pp_sim_result_horizon(const pp_sim_result *r, size_t q)
{
    return r && q < r->nq ? &r->rows[r->horizon[q]] : NULL;
}

size_t pp_sim_result_capped_intervals(const pp_sim_result *r)
{
    return r ? r->capped : 0;
}
