/*
 * staffing.c -- the staffing engine: from contacts to agents.
 *
 * Design notes (the long form, with formulas and sources, is docs/staffing.md).
 *
 * Units.  Inside this file time is measured in handle times: mu = 1, so the
 * arrival rate equals the offered load a = lambda * AHT (Erlangs), the
 * abandonment rate per waiting caller is r = AHT / patience, and a target time
 * T becomes T / AHT.  Every formula below is written in those units.
 *
 * Why the recursions are stable.  Erlang B is never evaluated from factorials
 * (a^n / n! overflows a double near n = 171).  We run the recursion on its
 * reciprocal, R(0) = 1, R(k) = 1 + (k / a) R(k - 1), B = 1 / R: every step adds
 * and multiplies positive numbers, so relative rounding errors never get
 * amplified (no subtraction, no cancellation); after n steps the relative error
 * is at most about n * 2^-53, 2e-12 at 20,000 agents and far smaller in
 * practice.  R may overflow to +inf only when B is below 1e-308, where B = 0 is
 * the correctly rounded answer.  Erlang C then follows without subtraction of
 * nearly equal numbers: C = n B / (n - a (1 - B)), n > a.
 *
 * Erlang A (M/M/n+M, Palm) is computed as an exact birth-death chain.  With
 * pi_n as unit, the states above n carry t_j = prod_{i<=j} a / (n + i r); the
 * states below carry sum pi_k / pi_n = 1 / B (Erlang B again).  The t_j first
 * grow (overload: a > n) then fall geometrically; we sum them in one forward
 * pass with a running power-of-ten rescale (values stay below 1e200), stop when
 * the geometric bound of what is left is below 1e-17 of the sum, and combine
 * numerator and denominator in the same scale, so nothing overflows even at
 * 20,000 agents and 200 % overload.  This equals the Mandelbaum-Zeltyn closed
 * forms (their A(x, y) = 1 + sum t_j with x = n / r, y = a / r) without any
 * incomplete gamma function.
 *
 * Service level.  SL = share of ALL offered contacts answered within T; with
 * abandonment, callers who hang up are misses, whether before or after T.  For
 * Erlang C, SL = 1 - C e^{-(n - a) T}.  For Erlang A a caller who finds j
 * others waiting is answered after the sum of exponential stages with rates
 * n + i r (i = j .. 0), and only if her own patience lasts; because patience is
 * exponential, P(answered by T) = n / (n + (j + 1) r) * I_p(j + 1, n / r + 1)
 * with p = 1 - e^{-r T} (the stages with an exponential kill are the order
 * statistics of a death process; I is the regularized incomplete beta
 * function).  I_p(j + 1, b) is the upper tail of a negative binomial law, which
 * we accumulate in the same forward pass (all terms positive; a scaled
 * mantissa/exponent keeps e^{-(n + r) T} from underflowing at large n).
 * ASA is the mean wait over all arrivals (E[Q] / lambda by Little's law, hung-up
 * callers included); P(abandon) = r E[Q] / a; occupancy = carried / offered
 * capacity = a (1 - P(abandon)) / n.
 *
 * Chat.  A chat agent holds up to k sessions.  Luo & Zhang (2013, "Staffing and
 * control of instant messaging contact centers", Operations Research 61(2)) and
 * Tezcan & Zhang (2014, "Routing and staffing in customer service chat systems
 * with impatient customers", Operations Research 62(4)) model each session as
 * slowing down when the agent serves more at once.  We take aht_seconds of a
 * chat queue to be the session length observed at the working concurrency k (the
 * wall-clock length of a chat as reported by chat platforms), so the slowdown is
 * already inside it, and model the queue as n agents = floor(n k) parallel
 * session slots, each an Erlang C/A server with that session length.  This is
 * not "divide the load by k": slots pool like servers, and a chat waits only
 * when every slot is taken.  It is conservative when agents run below k (then
 * sessions are faster than aht_seconds).
 *
 * Fewest agents.  All metrics are monotone in the number of agents, so the search
 * gallops from a square-root-staffing guess and bisects; Erlang B values for a
 * given load are cached, so each probe is O(1) for Erlang C.  The fractional
 * requirement interpolates between n - 1 and n on the binding metric (the one
 * that fails at n - 1 and asks most), so rounding happens once, in the optimizer.
 *
 * Deferred work (email, tickets).  Items of interval s arrive uniformly and are
 * served first come first served by a fluid of capacity; the target "p of the
 * items within D" with FCFS means: the first p of each interval's items must be
 * done D after they arrive, and the rest before the next interval's first item
 * is due.  That gives a cumulative "due" curve; the least staffing keeps work
 * done above it, found greedily interval by interval over the whole series
 * (each interval's rate is the smallest that keeps the curve covered to its end;
 * the due curve is piecewise linear, so checking its breakpoints is exact).
 *
 * Escalations.  A Tier-1 queue sends escalation_pct of its handled contacts
 * (offered minus abandoned, at its recommended staffing) to its Tier-2 queue,
 * leaving Tier-1 one handle time after they were answered: arrivals uniform in
 * interval t land in [t + h, t + 1 + h], split proportionally between the two
 * intervals they overlap; what lands while Tier-2 is closed (its own forecast is
 * zero) waits for its next open interval.  Queues are processed in topological order.
 */
#include "core/alloc.h"
#include "peakplan/staffing.h"
#include "peakplan/timeutil.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tolerance when checking a target: an SL of 0.7999999999999 meets 80 %. */
#define TARGET_EPS 1e-12
/* Rescaling step of the Erlang A sums (values stay below 1e200). */
#define SCALE_BIG 1e200
#define SCALE_LOG 460.51701859880913680 /* ln(1e200) */
/* An Erlang A evaluation that needs more terms than this is refused. */
#define MAX_TAIL_TERMS 50000000L
/* Chat agents times concurrency; beyond this an evaluation is refused (the Erlang B
 * table of the search would need more than 80 MB). */
#define MAX_SLOTS (100 * PP_STAFF_MAX_AGENTS)
/* Fractional requirements stay at least this far above n - 1, so the optimizer's
 * feasibility tolerance can never round them back down to n - 1. */
#define FRACTION_FLOOR 1e-3

/* ------------------------------------------------------------------------ */
/* Targets                                                                    */
/* ------------------------------------------------------------------------ */

void pp_staff_target_init(pp_staff_target *t)
{
    t->sl_fraction = NAN;
    t->sl_seconds = 0;
    t->max_asa_seconds = NAN;
    t->max_abandon = NAN;
    t->max_occupancy = NAN;
    t->patience_seconds = NAN;
    t->concurrency = 1;
}

void pp_staff_target_from_queue(pp_staff_target *t, const pp_queue *q)
{
    pp_staff_target_init(t);
    t->sl_fraction = q->target_pct / 100.0;
    t->sl_seconds = q->target_seconds;
    t->max_asa_seconds = q->max_asa_seconds;
    t->max_abandon = isnan(q->max_abandon_pct) ? NAN : q->max_abandon_pct / 100.0;
    t->max_occupancy = isnan(q->max_occupancy_pct) ? NAN : q->max_occupancy_pct / 100.0;
    t->patience_seconds = q->patience_seconds;
    t->concurrency = q->channel == PP_CHANNEL_CHAT && q->concurrency >= 1 ? q->concurrency : 1;
}

void pp_staff_params_init(pp_staff_params *p)
{
    p->quantile = NAN;
    p->deferred_spare = true;
}

/* ------------------------------------------------------------------------ */
/* Erlang B and C                                                             */
/* ------------------------------------------------------------------------ */

/* 1 / B(n, a) by the positive recursion (see the essay); +inf when B underflows. */
static double erlang_b_inverse(long n, double a)
{
    double inv_a = 1.0 / a, r = 1.0;
    for (long k = 1; k <= n && r < DBL_MAX; k++)
        r = 1.0 + (double)k * inv_a * r;
    return r;
}

double pp_erlang_b(long n, double a)
{
    if (n < 0 || !(a >= 0) || !isfinite(a))
        return NAN;
    if (a == 0)
        return n == 0 ? 1.0 : 0.0;
    return 1.0 / erlang_b_inverse(n, a);
}

/* Erlang C from B without cancellation: C = n B / (n - a (1 - B)). */
static double erlang_c_from_b(double n, double a, double b)
{
    if (n <= a)
        return 1.0;
    double c = n * b / (n - a * (1.0 - b));
    return c > 1.0 ? 1.0 : c;
}

double pp_erlang_c(long n, double a)
{
    if (n < 0 || !(a >= 0) || !isfinite(a))
        return NAN;
    if (a == 0)
        return 0.0;
    if ((double)n <= a)
        return 1.0;
    return erlang_c_from_b((double)n, a, pp_erlang_b(n, a));
}

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

static void bcache_init(bcache *bc, double *stackbuf, size_t stackcap)
{
    bc->a = NAN;
    bc->top = -1;
    bc->b = stackbuf;
    bc->cap = stackcap;
    bc->heap = NULL;
    bc->rlast = 1;
}

static void bcache_free(bcache *bc)
{
    pp_free(bc->heap);
    bc->heap = NULL;
}

static void bcache_reset(bcache *bc, double a)
{
    bc->a = a;
    bc->top = 0;
    bc->b[0] = 1.0;
    bc->rlast = 1.0;
}

/* B(n, a) for the cache's load; extends the table. PP_ENOMEM if it cannot grow. */
static pp_status bcache_get(bcache *bc, long n, double *out, pp_error *err)
{
    if (n > bc->top) {
        if ((size_t)n + 1 > bc->cap) {
            size_t cap = bc->cap * 2;
            while (cap < (size_t)n + 1)
                cap *= 2;
            double *nb = pp_malloc(cap * sizeof *nb);
            if (!nb)
                return pp_error_set(err, PP_ENOMEM, "out of memory (Erlang B table of %ld)", n);
            memcpy(nb, bc->b, ((size_t)bc->top + 1) * sizeof *nb);
            pp_free(bc->heap);
            bc->heap = bc->b = nb;
            bc->cap = cap;
        }
        double inv_a = 1.0 / bc->a, r = bc->rlast;
        for (long k = bc->top + 1; k <= n; k++) {
            if (r < DBL_MAX)
                r = 1.0 + (double)k * inv_a * r;
            bc->b[k] = 1.0 / r;
        }
        bc->rlast = r;
        bc->top = n;
    }
    *out = bc->b[n];
    return PP_OK;
}

/* ------------------------------------------------------------------------ */
/* One evaluation                                                             */
/* ------------------------------------------------------------------------ */

/* A queue in handle-time units (see the essay). */
typedef struct model {
    double a;    /* offered load, Erlangs */
    double aht;  /* seconds */
    double r;    /* AHT / patience; 0 = no abandonment (Erlang C) */
    double tt;   /* SL target time / AHT */
    double conc; /* chat sessions per agent, >= 1 */
} model;

static long slots_of(long agents, double conc)
{
    if (conc == 1)
        return agents;
    return (long)floor((double)agents * conc + 1e-9);
}

/* Erlang A with N servers, B = B(N, a), a > 0, r > 0.  Fills p_wait,
 * service_level, asa (in handle times), abandon_rate. */
static pp_status erlang_a(double a, long n, double r, double tt, double b, pp_erlang_metrics *m,
                          pp_error *err)
{
    const double N = (double)n;
    double inv_b = 1.0 / b;
    if (!isfinite(inv_b)) {
        /* B below 1e-308: the chance of meeting a full house is nil. */
        m->p_wait = 0;
        m->service_level = 1;
        m->asa_seconds = 0;
        m->abandon_rate = 0;
        return PP_OK;
    }
    double E = 0;  /* true value = stored value * e^E */
    double tm = 1; /* t_j stored; t_0 = 1 (state n) */
    double s0 = 0, s1 = 0, ssl = 0;
    /* Negative binomial pmf nb(j) = Gamma(j + nbb) / (j! Gamma(nbb)) p^j q^nbb, kept as
     * mantissa * e^exponent because q^nbb = e^{-(N + r) tt} underflows for large N. */
    const double p = -expm1(-r * tt), nbb = N / r + 1;
    double nb_m = 1, nb_e = -(N + r) * tt, nb_s = exp(nb_e);
    double cdf = nb_m * nb_s;
    double tail = 1 - cdf > 0 ? 1 - cdf : 0;
    ssl = N / (N + r) * tail;
    for (long j = 1;; j++) {
        if (j > MAX_TAIL_TERMS)
            return pp_error_set(err, PP_ENUMERIC,
                                "Erlang A: patience too long relative to handle time for %ld "
                                "agents at %.6g Erlangs (more than %ld queue states)",
                                n, a, MAX_TAIL_TERMS);
        double ratio = a / (N + (double)j * r);
        tm *= ratio;
        if (tm > SCALE_BIG) {
            tm /= SCALE_BIG;
            s0 /= SCALE_BIG;
            s1 /= SCALE_BIG;
            ssl /= SCALE_BIG;
            E += SCALE_LOG;
        }
        s0 += tm;
        s1 += (double)j * tm;
        if (p > 0 && tail > 0) {
            nb_m *= ((double)j - 1 + nbb) / (double)j * p;
            if (nb_m > SCALE_BIG) {
                nb_e += log(nb_m);
                nb_m = 1;
                nb_s = exp(nb_e);
            }
            cdf += nb_m * nb_s;
            tail = 1 - cdf > 0 ? 1 - cdf : 0;
        }
        if (tail > 0)
            ssl += tm * (N / (N + (double)(j + 1) * r)) * tail;
        if (ratio < 1) {
            /* Later ratios are smaller still, so the rest is below a geometric series. */
            double g = ratio / (1 - ratio);
            double rest0 = tm * g, rest1 = tm * ((double)j * g + g / (1 - ratio));
            if (rest0 <= 1e-17 * s0 && rest1 <= 1e-17 * s1)
                break;
            if (tm == 0)
                break;
        }
    }
    /* Z = e^-E / B + s0; states below n weigh e^-E (1/B - 1) in the same scale. */
    double g = exp(-E);
    double gb = E == 0 ? inv_b : exp(-E - log(b));
    double z = gb + s0;
    double below = gb * (1 - b); /* sum_{k<n} pi_k / pi_n = 1/B - 1 = (1 - B)/B */
    m->p_wait = (g + s0) / z;
    double eq = s1 / z;
    m->abandon_rate = r * eq / a;
    m->asa_seconds = eq / a; /* handle times; the caller scales */
    m->service_level = below / z + ssl / z;
    if (m->p_wait > 1)
        m->p_wait = 1;
    if (m->abandon_rate > 1)
        m->abandon_rate = 1;
    if (m->service_level > 1)
        m->service_level = 1;
    return PP_OK;
}

/* Metrics of `agents` agents (N = slots) for model md with B = B(N, a) given. */
static pp_status evaluate_with_b(const model *md, long agents, long nslots, double b,
                                 pp_erlang_metrics *m, pp_error *err)
{
    const double a = md->a, N = (double)nslots;
    m->agents = agents;
    m->offered_load = a;
    if (a == 0) {
        m->p_wait = 0;
        m->service_level = 1;
        m->asa_seconds = 0;
        m->abandon_rate = 0;
        m->occupancy = 0;
        return PP_OK;
    }
    if (md->r == 0) {
        m->abandon_rate = 0;
        if (N <= a) {
            /* Unstable without abandonment: the queue grows without bound. */
            m->p_wait = 1;
            m->service_level = 0;
            m->asa_seconds = INFINITY;
            m->occupancy = 1;
            return PP_OK;
        }
        double c = erlang_c_from_b(N, a, b);
        m->p_wait = c;
        m->service_level = 1 - c * exp(-(N - a) * md->tt);
        m->asa_seconds = c * md->aht / (N - a);
        m->occupancy = a / N;
        return PP_OK;
    }
    pp_status st = erlang_a(a, nslots, md->r, md->tt, b, m, err);
    if (st != PP_OK)
        return st;
    m->asa_seconds *= md->aht;
    m->occupancy = nslots > 0 ? a * (1 - m->abandon_rate) / N : 1;
    if (m->occupancy > 1)
        m->occupancy = 1;
    return PP_OK;
}

/* Checks the inputs of an evaluation and builds the model. */
static pp_status make_model(double calls, double interval_seconds, double aht_seconds,
                            const pp_staff_target *t, model *md, pp_error *err)
{
    if (!isfinite(calls) || calls < 0)
        return pp_error_set(err, PP_EINVAL, "calls must be a finite number >= 0 (got %g)", calls);
    if (!isfinite(interval_seconds) || interval_seconds <= 0)
        return pp_error_set(err, PP_EINVAL, "interval must be a finite number of seconds > 0 (got %g)",
                            interval_seconds);
    if (!isfinite(aht_seconds) || aht_seconds < 0 || (aht_seconds == 0 && calls > 0))
        return pp_error_set(err, PP_EINVAL,
                            "handle time must be a finite number of seconds > 0 (got %g)",
                            aht_seconds);
    pp_staff_target def;
    if (!t) {
        pp_staff_target_init(&def);
        t = &def;
    }
    if (!isfinite(t->sl_seconds) || t->sl_seconds < 0)
        return pp_error_set(err, PP_EINVAL, "target time must be >= 0 seconds (got %g)",
                            t->sl_seconds);
    if (!isnan(t->sl_fraction) && !(t->sl_fraction >= 0 && t->sl_fraction <= 1))
        return pp_error_set(err, PP_EINVAL, "service-level target must be 0..1 (got %g)",
                            t->sl_fraction);
    if (!isnan(t->max_asa_seconds) && !(t->max_asa_seconds >= 0))
        return pp_error_set(err, PP_EINVAL, "maximum ASA must be >= 0 seconds (got %g)",
                            t->max_asa_seconds);
    if (!isnan(t->max_abandon) && !(t->max_abandon >= 0 && t->max_abandon <= 1))
        return pp_error_set(err, PP_EINVAL, "maximum abandonment must be 0..1 (got %g)",
                            t->max_abandon);
    if (!isnan(t->max_occupancy) && !(t->max_occupancy >= 0 && t->max_occupancy <= 1))
        return pp_error_set(err, PP_EINVAL, "maximum occupancy must be 0..1 (got %g)",
                            t->max_occupancy);
    if (!isnan(t->patience_seconds) && !(t->patience_seconds > 0))
        return pp_error_set(err, PP_EINVAL, "mean patience must be > 0 seconds (got %g)",
                            t->patience_seconds);
    if (!(t->concurrency >= 1) || !isfinite(t->concurrency) || t->concurrency > 1000)
        return pp_error_set(err, PP_EINVAL, "concurrency must be 1..1000 (got %g)", t->concurrency);
    md->aht = aht_seconds;
    md->a = calls > 0 ? calls * aht_seconds / interval_seconds : 0;
    if (!isfinite(md->a) || md->a > 1e9)
        return pp_error_set(err, PP_EINVAL, "offered load of %g Erlangs is out of range", md->a);
    md->conc = t->concurrency;
    md->tt = aht_seconds > 0 ? t->sl_seconds / aht_seconds : 0;
    /* Patience beyond 1e9 handle times is indistinguishable from none. */
    md->r = isnan(t->patience_seconds) || isinf(t->patience_seconds) ||
                    t->patience_seconds > 1e9 * aht_seconds
                ? 0
                : aht_seconds / t->patience_seconds;
    return PP_OK;
}

pp_status pp_erlang_evaluate(double calls, double interval_seconds, double aht_seconds, long agents,
                             const pp_staff_target *t, pp_erlang_metrics *out, pp_error *err)
{
    model md;
    pp_status st = make_model(calls, interval_seconds, aht_seconds, t, &md, err);
    if (st != PP_OK)
        return st;
    if (agents < 0 || agents > PP_STAFF_MAX_AGENTS)
        return pp_error_set(err, PP_EINVAL, "agents must be 0..%ld (got %ld)", PP_STAFF_MAX_AGENTS,
                            agents);
    long ns = slots_of(agents, md.conc);
    if (ns > MAX_SLOTS)
        return pp_error_set(err, PP_EINVAL, "more than %ld chat slots (%ld agents x %g)",
                            MAX_SLOTS, agents, md.conc);
    double b = md.a > 0 ? pp_erlang_b(ns, md.a) : 0;
    return evaluate_with_b(&md, agents, ns, b, out, err);
}

/* ------------------------------------------------------------------------ */
/* Fewest agents                                                              */
/* ------------------------------------------------------------------------ */

typedef struct search {
    const model *md;
    const pp_staff_target *t;
    bcache *bc;
    bool need_stable; /* Erlang C: n must exceed the load */
} search;

static pp_status eval_at(const search *s, long agents, pp_erlang_metrics *m, pp_error *err)
{
    long ns = slots_of(agents, s->md->conc);
    double b = 0;
    if (ns > MAX_SLOTS)
        return pp_error_set(err, PP_EINVAL, "more than %ld chat slots (%ld agents x %g)",
                            MAX_SLOTS, agents, s->md->conc);
    if (s->md->a > 0) {
        if (s->bc->a != s->md->a || s->bc->top < 0)
            bcache_reset(s->bc, s->md->a);
        pp_status st = bcache_get(s->bc, ns, &b, err);
        if (st != PP_OK)
            return st;
    }
    return evaluate_with_b(s->md, agents, ns, b, m, err);
}

/* Which targets m misses: bit 0 SL, 1 ASA, 2 abandon, 3 occupancy, 4 stability. */
static unsigned misses(const search *s, const pp_erlang_metrics *m)
{
    const pp_staff_target *t = s->t;
    unsigned bad = 0;
    if (!isnan(t->sl_fraction) && m->service_level + TARGET_EPS < t->sl_fraction)
        bad |= 1u;
    if (!isnan(t->max_asa_seconds) && !(m->asa_seconds <= t->max_asa_seconds * (1 + TARGET_EPS)))
        bad |= 2u;
    if (!isnan(t->max_abandon) && m->abandon_rate > t->max_abandon + TARGET_EPS)
        bad |= 4u;
    if (!isnan(t->max_occupancy) && m->occupancy > t->max_occupancy + TARGET_EPS)
        bad |= 8u;
    if (s->need_stable && m->offered_load > 0 &&
        (double)slots_of(m->agents, s->md->conc) <= m->offered_load)
        bad |= 16u;
    return bad;
}

static double lerp_pos(double lo_v, double hi_v, double target)
{
    /* Where between 0 (lo_v) and 1 (hi_v) a monotone metric reaches target. */
    double d = hi_v - lo_v;
    if (!(d != 0) || !isfinite(d))
        return 1;
    double x = (target - lo_v) / d;
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* The fractional requirement in (n - 1, n] on the metrics failing at n - 1. */
static double fractional(const search *s, const pp_erlang_metrics *lo, const pp_erlang_metrics *hi)
{
    const pp_staff_target *t = s->t;
    unsigned bad = misses(s, lo);
    double n1 = (double)lo->agents, x = 0;
    if (bad & 1u)
        x = fmax(x, lerp_pos(lo->service_level, hi->service_level, t->sl_fraction));
    if (bad & 2u) {
        if (isfinite(lo->asa_seconds))
            x = fmax(x, lerp_pos(lo->asa_seconds, hi->asa_seconds, t->max_asa_seconds));
        else /* infinite at n - 1: interpolate the answering speed 1 / ASA instead */
            x = fmax(x, t->max_asa_seconds > 0 ? fmin(1, hi->asa_seconds / t->max_asa_seconds) : 1);
    }
    if (bad & 4u)
        x = fmax(x, lerp_pos(lo->abandon_rate, hi->abandon_rate, t->max_abandon));
    if (bad & 8u) {
        if (s->md->r == 0 && s->md->conc == 1 && t->max_occupancy > 0)
            x = fmax(x, fmin(1, s->md->a / t->max_occupancy - n1)); /* occupancy = a / n */
        else
            x = fmax(x, lerp_pos(lo->occupancy, hi->occupancy, t->max_occupancy));
    }
    if (bad & 16u)
        x = fmax(x, fmin(1, s->md->a / s->md->conc - n1));
    if (x < FRACTION_FLOOR)
        x = FRACTION_FLOOR;
    return n1 + x;
}

static void describe_misses(const search *s, const pp_erlang_metrics *m, char *buf, size_t size)
{
    const pp_staff_target *t = s->t;
    unsigned bad = misses(s, m);
    size_t len = 0;
    buf[0] = 0;
#define ADD(...)                                                                    \
    do {                                                                            \
        if (len < size) {                                                           \
            int w_ = snprintf(buf + len, size - len, __VA_ARGS__);                 \
            len += w_ > 0 ? (size_t)w_ : 0;                                         \
        }                                                                           \
    } while (0)
    if (bad & 1u)
        ADD("%sservice level %.4g%% within %.6g s (reaches %.6g%%)", len ? "; " : "",
            t->sl_fraction * 100, t->sl_seconds, m->service_level * 100);
    if (bad & 2u)
        ADD("%sASA at most %.6g s (reaches %.6g s)", len ? "; " : "", t->max_asa_seconds,
            m->asa_seconds);
    if (bad & 4u)
        ADD("%sabandonment at most %.4g%% (reaches %.6g%%)", len ? "; " : "", t->max_abandon * 100,
            m->abandon_rate * 100);
    if (bad & 8u)
        ADD("%soccupancy at most %.4g%% (reaches %.6g%%)", len ? "; " : "",
            t->max_occupancy * 100, m->occupancy * 100);
    if (bad & 16u)
        ADD("%sa stable queue", len ? "; " : "");
#undef ADD
}

/* Targets that no staffing can reach, refused before any search. */
static pp_status check_reachable(const model *md, const pp_staff_target *t, pp_error *err)
{
    if (md->a <= 0)
        return PP_OK;
    if (!isnan(t->sl_fraction) && t->sl_fraction >= 1 && t->sl_seconds <= 0)
        return pp_error_set(err, PP_EINVAL,
                            "service level 100%% within 0 s cannot be met by any staffing: "
                            "some contacts always find every agent busy");
    if (!isnan(t->max_asa_seconds) && t->max_asa_seconds <= 0)
        return pp_error_set(err, PP_EINVAL,
                            "ASA of 0 s cannot be met by any staffing: some contacts always wait");
    if (md->r > 0 && !isnan(t->max_abandon) && t->max_abandon <= 0)
        return pp_error_set(err, PP_EINVAL,
                            "0%% abandonment cannot be met by any staffing when callers have "
                            "finite patience");
    if (!isnan(t->max_occupancy) && t->max_occupancy <= 0)
        return pp_error_set(err, PP_EINVAL,
                            "occupancy of 0%% cannot be met while there is work to do");
    return PP_OK;
}

/* Fewest agents in [0, max_agents] passing every target, with the model prepared. */
static pp_status min_agents_core(search *s, long max_agents, pp_erlang_metrics *out,
                                 double *frac, pp_error *err)
{
    const model *md = s->md;
    pp_erlang_metrics m, mlo;
    pp_status st;
    if (md->a == 0) {
        st = eval_at(s, 0, out, err);
        if (frac)
            *frac = 0;
        return st;
    }
    if ((st = check_reachable(md, s->t, err)) != PP_OK)
        return st;
    /* Guess: square-root staffing on the slots, then gallop and bisect. */
    double per = md->a / md->conc;
    long g = (long)ceil(per + sqrt(per) * 0.5 / sqrt(md->conc));
    if (md->r > 0) {
        /* Erlang A: the Erlang C answer without the abandonment target is a close guess. */
        model mc = *md;
        mc.r = 0;
        pp_staff_target tc = *s->t;
        tc.max_abandon = NAN;
        search sc = {.md = &mc, .t = &tc, .bc = s->bc, .need_stable = true};
        pp_erlang_metrics mc_out;
        pp_error scratch;
        pp_error_clear(&scratch);
        if (min_agents_core(&sc, max_agents, &mc_out, NULL, &scratch) == PP_OK)
            g = mc_out.agents;
    }
    if (g < 1)
        g = 1;
    if (g > max_agents)
        g = max_agents;
    long lo = -1, hi = -1;
    if ((st = eval_at(s, g, &m, err)) != PP_OK)
        return st;
    if (!misses(s, &m)) {
        hi = g;
        for (long step = 1; hi > 0; step *= 2) {
            long c = hi - step < 0 ? 0 : hi - step;
            if ((st = eval_at(s, c, &m, err)) != PP_OK)
                return st;
            if (misses(s, &m)) {
                lo = c;
                break;
            }
            hi = c;
        }
    } else {
        lo = g;
        for (long step = 1;; step *= 2) {
            if (lo >= max_agents) {
                char why[512];
                describe_misses(s, &m, why, sizeof why);
                return pp_error_set(err, PP_EINVAL,
                                    "no staffing up to %ld agents meets the targets (at %.6g "
                                    "Erlangs): %s",
                                    max_agents, md->a, why);
            }
            long c = lo + step > max_agents ? max_agents : lo + step;
            if ((st = eval_at(s, c, &m, err)) != PP_OK)
                return st;
            if (!misses(s, &m)) {
                hi = c;
                break;
            }
            lo = c;
        }
    }
    while (lo >= 0 && hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        if ((st = eval_at(s, mid, &m, err)) != PP_OK)
            return st;
        if (misses(s, &m))
            lo = mid;
        else
            hi = mid;
    }
    if ((st = eval_at(s, hi, out, err)) != PP_OK)
        return st;
    if (frac) {
        if (hi == 0)
            *frac = 0;
        else if ((st = eval_at(s, hi - 1, &mlo, err)) != PP_OK)
            return st;
        else
            *frac = fractional(s, &mlo, out);
    }
    return PP_OK;
}

#define BCACHE_STACK 512

pp_status pp_erlang_min_agents(double calls, double interval_seconds, double aht_seconds,
                               const pp_staff_target *t, long max_agents, pp_erlang_metrics *out,
                               double *fractional_out, pp_error *err)
{
    model md;
    pp_staff_target def;
    if (!t) {
        pp_staff_target_init(&def);
        t = &def;
    }
    pp_status st = make_model(calls, interval_seconds, aht_seconds, t, &md, err);
    if (st != PP_OK)
        return st;
    if (max_agents < 0 || max_agents > PP_STAFF_MAX_AGENTS)
        return pp_error_set(err, PP_EINVAL, "max_agents must be 0..%ld (got %ld)",
                            PP_STAFF_MAX_AGENTS, max_agents);
    double stackbuf[BCACHE_STACK];
    bcache bc;
    bcache_init(&bc, stackbuf, BCACHE_STACK);
    search s = {.md = &md, .t = t, .bc = &bc, .need_stable = md.r == 0};
    pp_erlang_metrics m;
    double fr = NAN;
    st = min_agents_core(&s, max_agents, &m, &fr, err);
    bcache_free(&bc);
    if (st != PP_OK)
        return st;
    if (out)
        *out = m;
    if (fractional_out)
        *fractional_out = fr;
    return PP_OK;
}

/* ------------------------------------------------------------------------ */
/* Quantiles                                                                  */
/* ------------------------------------------------------------------------ */

/* Standard normal quantile: Acklam's rational approximation (relative error
 * 1.15e-9) refined by one Halley step on erfc, giving full double precision. */
static double norm_quantile(double p)
{
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00, 2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                               2.445134137142996e+00, 3.754408661907416e+00};
    double x;
    if (p < 0.02425) {
        double q = sqrt(-2 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p > 1 - 0.02425) {
        double q = sqrt(-2 * log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else {
        double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    double e = 0.5 * erfc(-x / sqrt(2.0)) - p;
    double u = e * 2.50662827463100050242 * exp(x * x / 2); /* sqrt(2 pi) */
    return x - u / (1 + x * u / 2);
}

/* The q-quantile of a forecast given its p10, p50 and p90: a two-piece
 * log-normal through the three points (a two-piece normal when p10 <= 0). */
static double forecast_quantile(double q, double p10, double p50, double p90, double z90)
{
    double z = norm_quantile(q), w = z / z90;
    if (!(p10 > 0) || !(p50 > 0) || !(p90 > 0)) {
        double v = z >= 0 ? p50 + w * (p90 - p50) : p50 + w * (p50 - p10);
        return v > 0 ? v : 0;
    }
    double lo = log(p50), v = z >= 0 ? lo + w * (log(p90) - lo) : lo + w * (lo - log(p10));
    return exp(v);
}

double pp_staff_forecast_quantile(double q, double p10, double p50, double p90)
{
    if (!(q > 0 && q < 1) || !isfinite(p10) || !isfinite(p50) || !isfinite(p90))
        return NAN;
    return forecast_quantile(q, p10, p50, p90, norm_quantile(0.9));
}

/* ------------------------------------------------------------------------ */
/* Deferred work                                                              */
/* ------------------------------------------------------------------------ */

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
static double due_at(const deferred *D, size_t t, double o)
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
static void deferred_requirement(const deferred *D, double *cap)
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
            double need = (due_at(D, t, o) - proc) / o;
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
static void deferred_occupancy(const deferred *D, const double *cap, double *done, double *occ)
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
 * agent-seconds; the horizon end when it never does. */
static double time_to_drain(const double *cap, const double *cc, size_t n, double x, double work)
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
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (cc[mid] < target)
            lo = mid;
        else
            hi = mid;
    }
    return (double)lo + (cap[lo] > 0 ? (target - cc[lo]) / cap[lo] : 1);
}

typedef struct chain {
    double *p, *v, *nv, *tail; /* law, uniformization term, next term, P(Pois >= k) */
    size_t size;               /* allocated states */
    size_t hi;                 /* states 0..hi carry mass */
} chain;

static bool chain_reserve(chain *ch, size_t states)
{
    if (states <= ch->size)
        return true;
    size_t n = ch->size ? ch->size : 64;
    while (n < states)
        n *= 2;
    double *a[4] = {ch->p, ch->v, ch->nv, ch->tail};
    for (int k = 0; k < 4; k++) {
        double *q = pp_realloc(a[k], n * sizeof *q);
        if (!q) {
            ch->p = a[0], ch->v = a[1], ch->nv = a[2], ch->tail = a[3];
            return false;
        }
        for (size_t i = ch->size; i < n; i++)
            q[i] = 0;
        a[k] = q;
    }
    ch->p = a[0], ch->v = a[1], ch->nv = a[2], ch->tail = a[3];
    ch->size = n;
    return true;
}

static void chain_free(chain *ch)
{
    pp_free(ch->p);
    pp_free(ch->v);
    pp_free(ch->nv);
    pp_free(ch->tail);
}

/* Carries the law over h seconds: births at lambda, deaths at min(j, c) mu. */
static bool chain_step(chain *ch, double lambda, double c, double mu, double h)
{
    double L = lambda + c * mu;
    if (!(L * h > 0))
        return true;
    double lh = L * h;
    size_t terms = (size_t)ceil(lh + 8 * sqrt(lh) + 10);
    if (!chain_reserve(ch, ch->hi + terms + 3))
        return false;
    double w = exp(-lh), cum = w;
    size_t hi = ch->hi;
    memcpy(ch->v, ch->p, (hi + 1) * sizeof *ch->v);
    for (size_t j = 0; j <= hi; j++)
        ch->p[j] *= w;
    /* death probabilities per uniformized step, d[j] = min(j, c) mu / L, in nv's
     * upper half would alias; tail[] is free here (chain_arrival refills it) */
    double b = lambda / L, *d = ch->tail;
    for (size_t j = 0; j <= hi + terms + 1; j++)
        d[j] = ((double)j < c ? (double)j : c) * mu / L;
    for (size_t k = 1; k <= terms && cum < 1 - 1e-15; k++) {
        /* v <- v Q, Q = I + R / L; the support grows by one state a term */
        double *v = ch->v, *nv = ch->nv;
        v[hi + 1] = 0;
        v[hi + 2] = 0;
        nv[0] = v[0] * (1 - b) + v[1] * d[1];
        for (size_t j = 1; j <= hi + 1; j++)
            nv[j] = v[j] * (1 - b - d[j]) + v[j - 1] * b + v[j + 1] * d[j + 1];
        hi++;
        ch->v = nv;
        ch->nv = v;
        w *= lh / (double)k;
        cum += w;
        for (size_t j = 0; j <= hi; j++)
            ch->p[j] += w * nv[j];
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

/* Within-deadline share and mean wait (intervals) of an item arriving at x. */
static void chain_arrival(chain *ch, const double *cap, const double *cc, size_t n, double x,
                          double d, double c, double aht, double *within, double *wait)
{
    double L = aht > 0 ? capacity_between(cap, cc, n, x, x + d) / aht : 0;
    /* tail[k] = P(Poisson(L) >= k), k = 0..hi + 1 */
    size_t hi = ch->hi;
    double pk = exp(-L), cdf = 0;
    for (size_t k = 0; k <= hi + 1; k++) {
        ch->tail[k] = 1 - cdf > 0 ? 1 - cdf : 0;
        if (L > 700 && k == 0) { /* exp(-L) underflows: the normal approximation */
            for (size_t m = 0; m <= hi + 1; m++)
                ch->tail[m] = 0.5 * erfc(((double)m - 0.5 - L) / sqrt(2 * L));
            break;
        }
        cdf += pk;
        pk *= L / (double)(k + 1);
    }
    double in = 0, wt = 0;
    for (size_t j = 0; j <= hi; j++) {
        double need = (double)j + 1 - c; /* departures before this item starts */
        if (need <= 0) {
            in += ch->p[j];
            continue;
        }
        size_t m = (size_t)ceil(need - 1e-9);
        in += ch->p[j] * (m <= hi + 1 ? ch->tail[m] : 0);
        if (ch->p[j] > 1e-12)
            wt += ch->p[j] * (time_to_drain(cap, cc, n, x, need * aht) - x);
    }
    *within = in;
    *wait = wt;
}

/* Share of each interval's items within the deadline (sl), their mean wait in
 * seconds (asa) and the items waiting at the interval's end (backlog), for items[]
 * arriving items, D->w[] their work and cap[] the capacity (agent-seconds per
 * interval).  cc[] is scratch of n + 1 values.  Any output may be NULL. */
static pp_status deferred_evaluate_random(const deferred *D, const double *items,
                                          const double *cap, double *cc, double *sl,
                                          double *asa, double *backlog, pp_error *err)
{
    const size_t n = D->n;
    const double dt = D->dt, d = D->di + D->df; /* deadline, intervals */
    cc[0] = 0;
    for (size_t t = 0; t < n; t++)
        cc[t + 1] = cc[t] + cap[t];
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
            if (items[t] > 0)
                chain_arrival(&ch, cap, cc, n, xm, d, cs, aht, &in0, &w0);
            if (!chain_step(&ch, lambda, c, mu, h))
                goto oom;
            if (items[t] > 0)
                chain_arrival(&ch, cap, cc, n, xm, d, cs, aht, &in1, &w1);
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

/* ------------------------------------------------------------------------ */
/* Requirements for a whole forecast                                          */
/* ------------------------------------------------------------------------ */

static pp_status check_queues(const pp_queue *queues, size_t nq, size_t *order, pp_error *err)
{
    /* Topological order of the escalation forest: Tier-1 before its Tier-2. */
    size_t *indeg = pp_calloc(nq ? nq : 1, sizeof *indeg);
    if (!indeg)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    for (size_t q = 0; q < nq; q++) {
        const pp_queue *Q = &queues[q];
        if (!(Q->target_pct >= 0 && Q->target_pct <= 100) || !(Q->target_seconds >= 0) ||
            !isfinite(Q->target_seconds)) {
            pp_free(indeg);
            return pp_error_set(err, PP_EINVAL, "queue %s: bad target %g%% within %g s", Q->name,
                                Q->target_pct, Q->target_seconds);
        }
        if (Q->escalates_to >= 0) {
            if ((size_t)Q->escalates_to >= nq || (size_t)Q->escalates_to == q ||
                !(Q->escalation_pct >= 0 && Q->escalation_pct <= 100)) {
                pp_free(indeg);
                return pp_error_set(err, PP_EINVAL, "queue %s: bad escalation (to %d, %g%%)",
                                    Q->name, Q->escalates_to, Q->escalation_pct);
            }
            indeg[Q->escalates_to]++;
        }
    }
    size_t head = 0, tail = 0;
    for (size_t q = 0; q < nq; q++)
        if (indeg[q] == 0)
            order[tail++] = q;
    while (head < tail) {
        size_t q = order[head++];
        int to = queues[q].escalates_to;
        if (to >= 0 && --indeg[to] == 0)
            order[tail++] = (size_t)to;
    }
    pp_free(indeg);
    if (tail != nq)
        return pp_error_set(err, PP_EINVAL, "escalations form a cycle");
    return PP_OK;
}

/* Mean AHT of the positive values of a series, 0 if none. */
static double mean_positive(const double *v, size_t n)
{
    double s = 0;
    size_t k = 0;
    for (size_t t = 0; t < n; t++)
        if (v[t] > 0 && isfinite(v[t])) {
            s += v[t];
            k++;
        }
    return k ? s / (double)k : 0;
}

static void setup_deferred(deferred *D, const pp_queue *Q, size_t n, double dt, const double *w,
                           const double *cw)
{
    double d = Q->target_seconds / dt;
    if (d > (double)n + 2)
        d = (double)n + 2; /* due after the horizon either way; keeps the casts defined */
    D->n = n;
    D->dt = dt;
    D->di = floor(d);
    D->df = d - D->di;
    D->p = Q->target_pct / 100.0;
    D->w = w;
    D->cw = cw;
}

pp_status pp_staff_work_due(const double *work, size_t n, double interval_seconds,
                            double target_pct, double target_seconds, double *due,
                            pp_error *err)
{
    if (!(interval_seconds > 0) || !isfinite(interval_seconds) || !(target_pct >= 0) ||
        !(target_pct <= 100) || !(target_seconds >= 0) || !isfinite(target_seconds))
        return pp_error_set(err, PP_EINVAL,
                            "due curve: interval %g s, target %g %% within %g s is not valid",
                            interval_seconds, target_pct, target_seconds);
    double *cw = pp_malloc((n + 1) * sizeof *cw);
    if (!cw)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    cw[0] = 0;
    for (size_t t = 0; t < n; t++) {
        if (!(work[t] >= 0) || !isfinite(work[t])) {
            pp_free(cw);
            return pp_error_set(err, PP_EINVAL,
                                "due curve: work of interval %zu is negative or not a number",
                                t + 1);
        }
        cw[t + 1] = cw[t] + work[t];
    }
    pp_queue q = {.target_pct = target_pct, .target_seconds = target_seconds};
    deferred D;
    setup_deferred(&D, &q, n, interval_seconds, work, cw);
    for (size_t t = 0; t < n; t++)
        due[t] = due_at(&D, t, 1);
    pp_free(cw);
    return PP_OK;
}

/* Moves in[t] from intervals where the queue is closed (own offered and p90 both
 * zero) to the next open interval; see the escalation note in pp_staff_requirements.
 * A queue with no open interval at all is left alone. */
static void carry_to_open(double *in, const double *own, const double *own_p90, size_t n)
{
    size_t next_open = n; /* the nearest open interval after k; n = none */
    for (size_t k = n; k-- > 0;) {
        if (own[k] > 0 || (own_p90 && own_p90[k] > 0))
            next_open = k;
        else if (next_open < n && in[k] > 0) {
            in[next_open] += in[k];
            in[k] = 0;
        }
    }
}

typedef struct req_cols {
    double *off, *aht, *need, *sl, *asa, *ab, *occ, *wl, *due, *spare;
} req_cols;

/* Spare capacity for deferred work, agents, by rung: a day's rung rises while
 * the day's claimed within-deadline share is below target + DEFERRED_DAY_MARGIN
 * points (the chain's claim; the simulation scatters a few points around it). */
static const double spare_rungs[] = {0,   0.25, 0.5, 0.6, 0.7, 0.8, 0.9, 1,  1.25, 1.5,
                                     2,   2.5,  3,   4,   6,   8,   12,  16, 24,   32};
#define SPARE_RUNGS (sizeof spare_rungs / sizeof spare_rungs[0])
#define DEFERRED_DAY_MARGIN 0.5

/* The least fluid requirement (agent-seconds per interval, cap[]) of deferred
 * work w[] plus spare[day] agents wherever work arrives, whose claimed share
 * within the deadline (the chain, on the real work) reaches the target on every
 * day.  Out: cap[], wp[] (work plus spare, agent-seconds), sl[] (per interval,
 * 0-1, at cap[]).  s[] is scratch of 3 n + 2 values, day[] the day index of each
 * interval, rung[] of nd values. */
static pp_status deferred_spare(const pp_queue *Q, size_t n, double dt, const double *items,
                                const double *w, const size_t *day, size_t nd, size_t *rung,
                                double *cap, double *wp, double *sl, double *s, bool enabled,
                                pp_error *err)
{
    double *cw = s, *cwp = s + n + 1, *done = s + 2 * n + 2;
    cw[0] = 0;
    for (size_t t = 0; t < n; t++)
        cw[t + 1] = cw[t] + w[t];
    deferred D;
    setup_deferred(&D, Q, n, dt, w, cw);
    for (size_t d = 0; d < nd; d++)
        rung[d] = 0;
    /* a day's last claim, to stop where more spare buys (almost) nothing: a target
     * of 100 % is out of reach for random work, whatever the spare */
    double *last = pp_malloc((nd ? nd : 1) * sizeof *last);
    if (!last)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    for (size_t d = 0; d < nd; d++)
        last[d] = -1;
    for (size_t round = 0; round < (enabled ? SPARE_RUNGS : 1); round++) {
        cwp[0] = 0;
        for (size_t t = 0; t < n; t++) {
            wp[t] = w[t] + (w[t] > 0 ? spare_rungs[rung[day[t]]] * dt : 0);
            cwp[t + 1] = cwp[t] + wp[t];
        }
        deferred Dp;
        setup_deferred(&Dp, Q, n, dt, wp, cwp);
        deferred_requirement(&Dp, cap);
        pp_status st = deferred_evaluate_random(&D, items, cap, done, sl, NULL, NULL, err);
        if (st != PP_OK) {
            pp_free(last);
            return st;
        }
        bool raised = false;
        for (size_t d0 = 0, t0 = 0; t0 < n; d0++) {
            size_t t1 = t0;
            double in = 0, all = 0;
            while (t1 < n && day[t1] == day[t0]) {
                in += sl[t1] * items[t1];
                all += items[t1];
                t1++;
            }
            size_t d = day[t0];
            double claim = all > 0 ? 100 * in / all : 100;
            bool gains = last[d] < 0 || claim - last[d] >= 0.1;
            last[d] = claim;
            if (enabled && all > 0 && claim < Q->target_pct + DEFERRED_DAY_MARGIN && gains &&
                rung[d] + 1 < SPARE_RUNGS) {
                rung[d]++;
                raised = true;
            }
            (void)d0;
            t0 = t1;
        }
        if (!raised)
            break;
    }
    pp_free(last);
    return PP_OK;
}

pp_status pp_staff_requirements(const pp_queue *queues, size_t nq, const pp_grid *forecast,
                                const pp_staff_params *p, pp_grid **out, pp_error *err)
{
    if (!out)
        return pp_error_set(err, PP_EINVAL, "staffing: no output pointer");
    *out = NULL;
    if (!queues || !forecast)
        return pp_error_set(err, PP_EINVAL, "staffing: no queues or no forecast");
    if (pp_grid_queues(forecast) != nq)
        return pp_error_set(err, PP_EINVAL, "staffing: %zu queues but the forecast has %zu", nq,
                            pp_grid_queues(forecast));
    double quantile = p ? p->quantile : NAN;
    if (!isnan(quantile) && !(quantile > 0 && quantile < 1))
        return pp_error_set(err, PP_EINVAL, "staffing: quantile must be between 0 and 1 (got %g)",
                            quantile);
    const double *f_off = pp_grid_column_const(forecast, PP_COL_OFFERED),
                 *f_aht = pp_grid_column_const(forecast, PP_COL_AHT),
                 *f_p10 = pp_grid_column_const(forecast, PP_COL_OFFERED_P10),
                 *f_p50 = pp_grid_column_const(forecast, PP_COL_OFFERED_P50),
                 *f_p90 = pp_grid_column_const(forecast, PP_COL_OFFERED_P90);
    if (!f_off || !f_aht)
        return pp_error_set(err, PP_EINVAL, "staffing: the forecast needs columns %s and %s",
                            PP_COL_OFFERED, PP_COL_AHT);
    if (!isnan(quantile) && (!f_p10 || !f_p50 || !f_p90))
        return pp_error_set(err, PP_EINVAL,
                            "staffing: a quantile needs the forecast columns %s, %s and %s",
                            PP_COL_OFFERED_P10, PP_COL_OFFERED_P50, PP_COL_OFFERED_P90);
    const size_t n = pp_grid_intervals(forecast);
    const double dt = pp_grid_step(forecast) * 60.0;
    if (!(dt > 0))
        return pp_error_set(err, PP_EINVAL, "staffing: interval length must be > 0");

    pp_status st = PP_OK;
    pp_grid *g = NULL;
    size_t *order = NULL;
    double *inflow = NULL, *scratch = NULL;
    size_t *day = NULL, *rung = NULL, nd = 0;
    const char **names = NULL;
    double stackbuf[BCACHE_STACK];
    bcache bc;
    bcache_init(&bc, stackbuf, BCACHE_STACK);

    order = pp_malloc((nq ? nq : 1) * sizeof *order);
    names = pp_malloc((nq ? nq : 1) * sizeof *names);
    inflow = pp_calloc(nq * n + 1, sizeof *inflow);
    scratch = pp_malloc((8 * n + 4) * sizeof *scratch);
    day = pp_malloc((n ? n : 1) * sizeof *day);
    rung = pp_malloc((n ? n : 1) * sizeof *rung);
    if (!order || !names || !inflow || !scratch || !day || !rung) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* calendar day of each interval, counted from the first (deferred work's
     * target holds on every day) */
    for (size_t t = 0; t < n; t++) {
        int64_t m = pp_grid_start(forecast) + (int64_t)t * pp_grid_step(forecast);
        int64_t d0 = pp_day_of_minute(pp_grid_start(forecast));
        day[t] = (size_t)(pp_day_of_minute(m) - d0);
        nd = day[t] + 1;
    }
    if ((st = check_queues(queues, nq, order, err)) != PP_OK)
        goto cleanup;
    for (size_t q = 0; q < nq; q++)
        names[q] = pp_grid_queue_name(forecast, q);
    if ((st = pp_grid_new(nq, names, pp_grid_start(forecast), pp_grid_step(forecast), n, &g,
                          err)) != PP_OK)
        goto cleanup;
    req_cols C;
    if (!(C.off = pp_grid_add_column(g, PP_COL_OFFERED, 0, err)) ||
        !(C.aht = pp_grid_add_column(g, PP_COL_AHT, 0, err)) ||
        !(C.need = pp_grid_add_column(g, PP_COL_AGENTS_NEEDED, 0, err)) ||
        !(C.sl = pp_grid_add_column(g, PP_COL_SERVICE_LEVEL, NAN, err)) ||
        !(C.asa = pp_grid_add_column(g, PP_COL_ASA, NAN, err)) ||
        !(C.ab = pp_grid_add_column(g, PP_COL_ABANDON, NAN, err)) ||
        !(C.occ = pp_grid_add_column(g, PP_COL_OCCUPANCY, NAN, err)) ||
        !(C.wl = pp_grid_add_column(g, PP_COL_WORKLOAD, NAN, err)) ||
        !(C.due = pp_grid_add_column(g, PP_COL_WORK_DUE, NAN, err)) ||
        !(C.spare = pp_grid_add_column(g, PP_COL_WORK_SPARE, NAN, err))) {
        st = err && err->code ? err->code : PP_ENOMEM;
        goto cleanup;
    }
    const double z90 = norm_quantile(0.9);

    for (size_t oi = 0; oi < nq; oi++) {
        const size_t q = order[oi];
        const pp_queue *Q = &queues[q];
        const size_t base = q * n;
        double *off = C.off + base, *aht = C.aht + base;
        /* Escalations that reach a Tier-2 queue while it is closed (its own forecast
         * is zero there: the forecast keeps always-closed intervals at zero) wait for
         * its next open interval, as callbacks do; a Tier-2 queue with no volume of
         * its own has no known hours and takes them as they come, and so does work
         * with no open interval after it in the horizon (nothing is dropped). */
        carry_to_open(inflow + base, f_off + base, f_p90 ? f_p90 + base : NULL, n);
        /* Volume to staff: point forecast or quantile, plus escalated inflow. */
        for (size_t t = 0; t < n; t++) {
            double v = f_off[base + t], h = f_aht[base + t];
            if (!isnan(quantile) && isfinite(f_p10[base + t]) && isfinite(f_p50[base + t]) &&
                isfinite(f_p90[base + t]))
                v = forecast_quantile(quantile, f_p10[base + t], f_p50[base + t],
                                      f_p90[base + t], z90);
            if (!isfinite(v) || v < 0) {
                st = pp_error_set(err, PP_EINVAL,
                                  "queue %s, interval %zu: offered must be a finite number >= 0 "
                                  "(got %g)",
                                  Q->name, t + 1, v);
                goto cleanup;
            }
            if (v > 0 && (!isfinite(h) || h <= 0)) {
                st = pp_error_set(err, PP_EINVAL,
                                  "queue %s, interval %zu: aht_seconds must be > 0 where contacts "
                                  "are offered (got %g)",
                                  Q->name, t + 1, h);
                goto cleanup;
            }
            off[t] = v + inflow[base + t];
            aht[t] = isfinite(h) && h > 0 ? h : NAN;
        }
        /* Escalated contacts arriving where the queue has no AHT of its own take its mean. */
        double mean_aht = mean_positive(aht, n);
        for (size_t t = 0; t < n; t++)
            if (off[t] > 0 && !(aht[t] > 0)) {
                if (!(mean_aht > 0)) {
                    st = pp_error_set(err, PP_EINVAL,
                                      "queue %s: escalated contacts but no handle time anywhere",
                                      Q->name);
                    goto cleanup;
                }
                aht[t] = mean_aht;
            }

        if (pp_channel_is_deferred(Q->channel)) {
            double *w = scratch, *wp = scratch + n, *cap = scratch + 2 * n,
                   *capi = scratch + 3 * n, *slt = scratch + 4 * n, *s3 = scratch + 5 * n;
            for (size_t t = 0; t < n; t++)
                w[t] = off[t] > 0 ? off[t] * aht[t] : 0;
            if ((st = deferred_spare(Q, n, dt, off, w, day, nd, rung, cap, wp, slt, s3,
                                     !p || p->deferred_spare, err)) !=
                PP_OK)
                goto cleanup;
            for (size_t t = 0; t < n; t++) {
                C.need[base + t] = cap[t] / dt;
                C.wl[base + t] = w[t] / dt;
                C.spare[base + t] = (wp[t] - w[t]) / dt;
                wp[t] /= dt; /* the work to plan for, agent-intervals */
                capi[t] = ceil(C.need[base + t] - 1e-9) * dt;
                if (capi[t] < cap[t])
                    capi[t] = cap[t];
                C.ab[base + t] = 0;
            }
            /* The due column by the public function from workload + spare, so the
             * optimizer, which may recompute it from requirements.csv's columns
             * (peakplan plan), gets the very same numbers. */
            if ((st = pp_staff_work_due(wp, n, dt, Q->target_pct, Q->target_seconds,
                                        C.due + base, err)) != PP_OK)
                goto cleanup;
            double *cwr = s3, *done = s3 + n + 1; /* the real work's prefix sums */
            cwr[0] = 0;
            for (size_t t = 0; t < n; t++)
                cwr[t + 1] = cwr[t] + w[t];
            deferred D;
            setup_deferred(&D, Q, n, dt, w, cwr);
            deferred_occupancy(&D, capi, done, C.occ + base);
            if ((st = deferred_evaluate_random(&D, off, capi, done, C.sl + base, C.asa + base,
                                               NULL, err)) != PP_OK)
                goto cleanup;
            for (size_t t = 0; t < n; t++) {
                C.sl[base + t] *= 100;
                C.occ[base + t] *= 100;
            }
        } else {
            pp_staff_target tg;
            pp_staff_target_from_queue(&tg, Q);
            for (size_t t = 0; t < n; t++) {
                model md;
                if ((st = make_model(off[t], dt, off[t] > 0 ? aht[t] : 0, &tg, &md, err)) !=
                    PP_OK)
                    goto interval_fail;
                search s = {.md = &md, .t = &tg, .bc = &bc, .need_stable = md.r == 0};
                pp_erlang_metrics m;
                double fr;
                if ((st = min_agents_core(&s, PP_STAFF_MAX_AGENTS, &m, &fr, err)) != PP_OK)
                    goto interval_fail;
                C.need[base + t] = fr;
                C.sl[base + t] = m.service_level * 100;
                C.asa[base + t] = m.asa_seconds;
                C.ab[base + t] = m.abandon_rate * 100;
                C.occ[base + t] = m.occupancy * 100;
                continue;
            interval_fail:
                pp_error_prefix(err, "queue %s, interval %zu", Q->name, t + 1);
                goto cleanup;
            }
        }
        /* Escalations: handled contacts leave one Tier-1 handle time later. */
        if (Q->escalates_to >= 0 && Q->escalation_pct > 0) {
            double share = Q->escalation_pct / 100.0;
            double *dst = inflow + (size_t)Q->escalates_to * n;
            for (size_t t = 0; t < n; t++) {
                if (!(off[t] > 0))
                    continue;
                double handled = off[t] * (1 - (isnan(C.ab[base + t]) ? 0 : C.ab[base + t] / 100));
                double moved = handled * share, shift = aht[t] / dt;
                if (!(shift < (double)(n - t)))
                    continue; /* leaves Tier-1 after the horizon */
                double k = floor(shift), f = shift - k;
                size_t t1 = t + (size_t)k;
                if (t1 < n)
                    dst[t1] += moved * (1 - f);
                if (t1 + 1 < n && f > 0)
                    dst[t1 + 1] += moved * f;
            }
        }
    }
    *out = g;
    g = NULL;
cleanup:
    bcache_free(&bc);
    pp_grid_free(g);
    pp_free(order);
    pp_free(names);
    pp_free(inflow);
    pp_free(scratch);
    pp_free(day);
    pp_free(rung);
    return st;
}

/* ------------------------------------------------------------------------ */
/* What planned agents achieve                                                */
/* ------------------------------------------------------------------------ */

/* Metric between floor and ceil of fractional agents; an infinite ASA at the floor
 * is interpolated on the answering speed 1 / ASA. */
static double mix(double lo, double hi, double x, bool reciprocal_if_inf)
{
    if (x <= 0)
        return lo;
    if (isinf(lo) && reciprocal_if_inf && isfinite(hi))
        return hi > 0 ? hi / x : 0;
    return lo + x * (hi - lo);
}

pp_status pp_staff_evaluate_coverage(const pp_queue *queues, size_t nq,
                                     const pp_grid *requirements, pp_grid *coverage,
                                     pp_error *err)
{
    if (!queues || !requirements || !coverage)
        return pp_error_set(err, PP_EINVAL, "coverage: missing queues, requirements or coverage");
    if (pp_grid_queues(requirements) != nq)
        return pp_error_set(err, PP_EINVAL, "coverage: %zu queues but the requirements have %zu",
                            nq, pp_grid_queues(requirements));
    if (pp_grid_step(requirements) != pp_grid_step(coverage))
        return pp_error_set(err, PP_EINVAL,
                            "coverage: interval of %d minutes but the requirements use %d",
                            pp_grid_step(coverage), pp_grid_step(requirements));
    const double *r_off = pp_grid_column_const(requirements, PP_COL_OFFERED),
                 *r_aht = pp_grid_column_const(requirements, PP_COL_AHT);
    const double *planned = pp_grid_column_const(coverage, PP_COL_AGENTS_PLANNED);
    if (!r_off || !r_aht)
        return pp_error_set(err, PP_EINVAL, "coverage: the requirements need columns %s and %s",
                            PP_COL_OFFERED, PP_COL_AHT);
    if (!planned)
        return pp_error_set(err, PP_EINVAL, "coverage: no column %s", PP_COL_AGENTS_PLANNED);
    const size_t nr = pp_grid_intervals(requirements), nc = pp_grid_intervals(coverage),
                 ncq = pp_grid_queues(coverage);
    const int step = pp_grid_step(coverage);
    const double dt = step * 60.0;
    const int64_t shift_min = pp_grid_start(coverage) - pp_grid_start(requirements);
    if (step <= 0 || shift_min % step != 0)
        return pp_error_set(err, PP_EINVAL,
                            "coverage: its intervals do not line up with the requirements'");
    const long shift = (long)(shift_min / step); /* requirements index of coverage interval 0 */
    for (size_t i = 0; i < ncq * nc; i++)
        if (!isfinite(planned[i]) || planned[i] < 0)
            return pp_error_set(err, PP_EINVAL,
                                "coverage: planned agents must be finite and >= 0 (got %g)",
                                planned[i]);

    pp_status st = PP_OK;
    double *sl, *asa, *ab, *bl;
    if (!(sl = pp_grid_add_column(coverage, PP_COL_SERVICE_LEVEL, NAN, err)) ||
        !(asa = pp_grid_add_column(coverage, PP_COL_ASA, NAN, err)) ||
        !(ab = pp_grid_add_column(coverage, PP_COL_ABANDON, NAN, err)) ||
        !(bl = pp_grid_add_column(coverage, PP_COL_BACKLOG, NAN, err)))
        return err && err->code ? err->code : PP_ENOMEM;
    double *scratch = pp_malloc((7 * nc + 4) * sizeof *scratch);
    double stackbuf[BCACHE_STACK];
    bcache bc;
    bcache_init(&bc, stackbuf, BCACHE_STACK);
    if (!scratch)
        return pp_error_set(err, PP_ENOMEM, "out of memory");

    for (size_t cq = 0; cq < ncq; cq++) {
        long q = pp_grid_find_queue(requirements, pp_grid_queue_name(coverage, cq));
        if (q < 0) {
            st = pp_error_set(err, PP_EINVAL, "coverage: queue %s is not in the requirements",
                              pp_grid_queue_name(coverage, cq));
            goto cleanup;
        }
        const pp_queue *Q = &queues[q];
        const double *pl = planned + cq * nc;
        double *off = scratch, *aht = scratch + nc;
        for (size_t t = 0; t < nc; t++) {
            long rt = (long)t + shift;
            bool in = rt >= 0 && (size_t)rt < nr;
            off[t] = in ? r_off[(size_t)q * nr + (size_t)rt] : 0;
            aht[t] = in ? r_aht[(size_t)q * nr + (size_t)rt] : NAN;
            if (!isfinite(off[t]) || off[t] < 0 || (off[t] > 0 && !(aht[t] > 0))) {
                st = pp_error_set(err, PP_EINVAL,
                                  "coverage: queue %s, interval %zu: bad offered %g / aht %g",
                                  Q->name, t + 1, off[t], aht[t]);
                goto cleanup;
            }
        }
        size_t base = cq * nc;
        if (pp_channel_is_deferred(Q->channel)) {
            double *w = scratch + 2 * nc, *cw = scratch + 3 * nc, *cap = scratch + 4 * nc + 1,
                   *done = scratch + 5 * nc + 2;
            cw[0] = 0;
            for (size_t t = 0; t < nc; t++) {
                w[t] = off[t] > 0 ? off[t] * aht[t] : 0;
                cw[t + 1] = cw[t] + w[t];
                cap[t] = pl[t] * dt;
            }
            deferred D;
            setup_deferred(&D, Q, nc, dt, w, cw);
            if ((st = deferred_evaluate_random(&D, off, cap, done, sl + base, asa + base,
                                               bl + base, err)) != PP_OK)
                goto cleanup;
            for (size_t t = 0; t < nc; t++) {
                sl[base + t] *= 100;
                ab[base + t] = 0;
            }
            continue;
        }
        pp_staff_target tg;
        pp_staff_target_from_queue(&tg, Q);
        for (size_t t = 0; t < nc; t++) {
            model md;
            if ((st = make_model(off[t], dt, off[t] > 0 ? aht[t] : 0, &tg, &md, err)) != PP_OK)
                goto cleanup;
            search s = {.md = &md, .t = &tg, .bc = &bc, .need_stable = md.r == 0};
            double fl = floor(pl[t]), x = pl[t] - fl;
            if (fl > PP_STAFF_MAX_AGENTS) {
                st = pp_error_set(err, PP_EINVAL, "coverage: more than %ld agents planned",
                                  PP_STAFF_MAX_AGENTS);
                goto cleanup;
            }
            pp_erlang_metrics m0, m1;
            if ((st = eval_at(&s, (long)fl, &m0, err)) != PP_OK)
                goto cleanup;
            m1 = m0;
            if (x > 1e-9 && (st = eval_at(&s, (long)fl + 1, &m1, err)) != PP_OK)
                goto cleanup;
            sl[base + t] = 100 * mix(m0.service_level, m1.service_level, x, false);
            asa[base + t] = mix(m0.asa_seconds, m1.asa_seconds, x, true);
            ab[base + t] = 100 * mix(m0.abandon_rate, m1.abandon_rate, x, false);
            bl[base + t] = NAN;
        }
    }
cleanup:
    bcache_free(&bc);
    pp_free(scratch);
    return st;
}
