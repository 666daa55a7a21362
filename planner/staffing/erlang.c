/*
 * erlang.c -- Erlang B, C and A, chat concurrency, and the fewest agents meeting
 * a set of targets (the long form, with formulas and sources, is docs/staffing.md).
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
 */
#include "core/alloc.h"
#include "staffing/staffing_internal.h"
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
    p->reuse = NULL;
    p->reuse_queues = NULL;
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

void staff_bcache_init(bcache *bc, double *stackbuf, size_t stackcap)
{
    bc->a = NAN;
    bc->top = -1;
    bc->b = stackbuf;
    bc->cap = stackcap;
    bc->heap = NULL;
    bc->rlast = 1;
}

void staff_bcache_free(bcache *bc)
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
pp_status staff_make_model(double calls, double interval_seconds, double aht_seconds,
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
    pp_status st = staff_make_model(calls, interval_seconds, aht_seconds, t, &md, err);
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

pp_status staff_eval_at(const search *s, long agents, pp_erlang_metrics *m, pp_error *err)
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
double staff_fractional(const search *s, const pp_erlang_metrics *lo, const pp_erlang_metrics *hi)
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
pp_status staff_min_agents_core(search *s, long max_agents, pp_erlang_metrics *out,
                                 double *frac, pp_error *err)
{
    const model *md = s->md;
    pp_erlang_metrics m, mlo;
    pp_status st;
    if (md->a == 0) {
        st = staff_eval_at(s, 0, out, err);
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
        if (staff_min_agents_core(&sc, max_agents, &mc_out, NULL, &scratch) == PP_OK)
            g = mc_out.agents;
    }
    if (g < 1)
        g = 1;
    if (g > max_agents)
        g = max_agents;
    long lo = -1, hi = -1;
    if ((st = staff_eval_at(s, g, &m, err)) != PP_OK)
        return st;
    if (!misses(s, &m)) {
        hi = g;
        for (long step = 1; hi > 0; step *= 2) {
            long c = hi - step < 0 ? 0 : hi - step;
            if ((st = staff_eval_at(s, c, &m, err)) != PP_OK)
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
            if ((st = staff_eval_at(s, c, &m, err)) != PP_OK)
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
        if ((st = staff_eval_at(s, mid, &m, err)) != PP_OK)
            return st;
        if (misses(s, &m))
            lo = mid;
        else
            hi = mid;
    }
    if ((st = staff_eval_at(s, hi, out, err)) != PP_OK)
        return st;
    if (frac) {
        if (hi == 0)
            *frac = 0;
        else if ((st = staff_eval_at(s, hi - 1, &mlo, err)) != PP_OK)
            return st;
        else
            *frac = staff_fractional(s, &mlo, out);
    }
    return PP_OK;
}

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
    pp_status st = staff_make_model(calls, interval_seconds, aht_seconds, t, &md, err);
    if (st != PP_OK)
        return st;
    if (max_agents < 0 || max_agents > PP_STAFF_MAX_AGENTS)
        return pp_error_set(err, PP_EINVAL, "max_agents must be 0..%ld (got %ld)",
                            PP_STAFF_MAX_AGENTS, max_agents);
    double stackbuf[BCACHE_STACK];
    bcache bc;
    staff_bcache_init(&bc, stackbuf, BCACHE_STACK);
    search s = {.md = &md, .t = t, .bc = &bc, .need_stable = md.r == 0};
    pp_erlang_metrics m;
    double fr = NAN;
    st = staff_min_agents_core(&s, max_agents, &m, &fr, err);
    staff_bcache_free(&bc);
    if (st != PP_OK)
        return st;
    if (out)
        *out = m;
    if (fractional_out)
        *fractional_out = fr;
    return PP_OK;
}

