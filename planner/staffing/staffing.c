/*
 * staffing.c -- the staffing engine's whole-forecast passes: requirements per
 * queue and interval (live queues through erlang.c, deferred ones through
 * deferred.c, escalations between tiers, forecast quantiles) and what a planned
 * staffing achieves (coverage).
 *
 * Escalations.  A Tier-1 queue sends escalation_pct of its handled contacts
 * (offered minus abandoned, at its recommended staffing) to its Tier-2 queue,
 * leaving Tier-1 one handle time after they were answered: arrivals uniform in
 * interval t land in [t + h, t + 1 + h], split proportionally between the two
 * intervals they overlap; what lands while Tier-2 is closed (its own forecast is
 * zero) waits for its next open interval.  Queues are processed in topological order.
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
        due[t] = deferred_due_at(&D, t, 1);
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

/* The requirement grid's columns, in req_cols order; the first three start at 0, the
 * others at NAN (not computed for the queue's channel). */
enum { REQ_NCOLS = 10 };
static const char *const REQ_COL_NAMES[REQ_NCOLS] = {
    PP_COL_OFFERED, PP_COL_AHT,       PP_COL_AGENTS_NEEDED, PP_COL_SERVICE_LEVEL,
    PP_COL_ASA,     PP_COL_ABANDON,   PP_COL_OCCUPANCY,     PP_COL_WORKLOAD,
    PP_COL_WORK_DUE, PP_COL_WORK_SPARE};

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

/* Bit for bit the same values (NAN equal to NAN). */
static bool same_values(const double *a, const double *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(a[i] == b[i] || (isnan(a[i]) && isnan(b[i]))))
            return false;
    return true;
}

/* Whether two queues are staffed alike: everything pp_staff_requirements reads of a
 * queue but where its escalations go (the receiving queue sees them in its own
 * offered contacts) and its shrinkage (the optimizer's). */
static bool same_targets(const pp_queue *a, const pp_queue *b)
{
    double x[] = {a->target_pct, a->target_seconds, a->max_occupancy_pct, a->patience_seconds,
                  a->concurrency, a->max_asa_seconds, a->max_abandon_pct};
    double y[] = {b->target_pct, b->target_seconds, b->max_occupancy_pct, b->patience_seconds,
                  b->concurrency, b->max_asa_seconds, b->max_abandon_pct};
    return a->channel == b->channel && same_values(x, y, sizeof x / sizeof x[0]);
}

/* The columns of pp_staff_params.reuse (REQ_COL_NAMES order) into col[]: true when it
 * matches the grid being made (the same queues and intervals). */
static bool reuse_columns(const pp_staff_params *p, const pp_grid *forecast, size_t nq,
                          const double *col[REQ_NCOLS])
{
    const pp_grid *r = p ? p->reuse : NULL;
    if (!r || !p->reuse_queues || pp_grid_queues(r) != nq ||
        pp_grid_intervals(r) != pp_grid_intervals(forecast) ||
        pp_grid_start(r) != pp_grid_start(forecast) || pp_grid_step(r) != pp_grid_step(forecast))
        return false;
    for (int k = 0; k < REQ_NCOLS; k++)
        if (!(col[k] = pp_grid_column_const(r, REQ_COL_NAMES[k])))
            return false;
    return true;
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
    staff_bcache_init(&bc, stackbuf, BCACHE_STACK);

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
    double *col[REQ_NCOLS];
    for (int k = 0; k < REQ_NCOLS; k++)
        if (!(col[k] = pp_grid_add_column(g, REQ_COL_NAMES[k], k < 3 ? 0 : NAN, err))) {
            st = err && err->code ? err->code : PP_ENOMEM;
            goto cleanup;
        }
    req_cols C = {col[0], col[1], col[2], col[3], col[4],
                  col[5], col[6], col[7], col[8], col[9]};
    const double z90 = norm_quantile(0.9);
    const double *rc[REQ_NCOLS]; /* the earlier requirements' columns */
    bool reusing = reuse_columns(p, forecast, nq, rc);

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

        if (reusing && same_targets(Q, &p->reuse_queues[q]) &&
            same_values(off, rc[0] + base, n) && same_values(aht, rc[1] + base, n)) {
            for (int k = 2; k < REQ_NCOLS; k++) /* offered and aht are already the same */
                memcpy(col[k] + base, rc[k] + base, n * sizeof *col[k]);
        } else if (pp_channel_is_deferred(Q->channel)) {
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
                if ((st = staff_make_model(off[t], dt, off[t] > 0 ? aht[t] : 0, &tg, &md, err)) !=
                    PP_OK)
                    goto interval_fail;
                search s = {.md = &md, .t = &tg, .bc = &bc, .need_stable = md.r == 0};
                pp_erlang_metrics m;
                double fr;
                if ((st = staff_min_agents_core(&s, PP_STAFF_MAX_AGENTS, &m, &fr, err)) != PP_OK)
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
    staff_bcache_free(&bc);
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
    staff_bcache_init(&bc, stackbuf, BCACHE_STACK);
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
            if ((st = staff_make_model(off[t], dt, off[t] > 0 ? aht[t] : 0, &tg, &md, err)) != PP_OK)
                goto cleanup;
            search s = {.md = &md, .t = &tg, .bc = &bc, .need_stable = md.r == 0};
            double fl = floor(pl[t]), x = pl[t] - fl;
            if (fl > PP_STAFF_MAX_AGENTS) {
                st = pp_error_set(err, PP_EINVAL, "coverage: more than %ld agents planned",
                                  PP_STAFF_MAX_AGENTS);
                goto cleanup;
            }
            pp_erlang_metrics m0, m1;
            if ((st = staff_eval_at(&s, (long)fl, &m0, err)) != PP_OK)
                goto cleanup;
            m1 = m0;
            if (x > 1e-9 && (st = staff_eval_at(&s, (long)fl + 1, &m1, err)) != PP_OK)
                goto cleanup;
            sl[base + t] = 100 * mix(m0.service_level, m1.service_level, x, false);
            asa[base + t] = mix(m0.asa_seconds, m1.asa_seconds, x, true);
            ab[base + t] = 100 * mix(m0.abandon_rate, m1.abandon_rate, x, false);
            bl[base + t] = NAN;
        }
    }
cleanup:
    staff_bcache_free(&bc);
    pp_free(scratch);
    return st;
}
