/*
 * intraday.c -- how a day's volume spreads over its intervals, the handle
 * time per interval, and the quantiles of a forecast count.
 *
 * Shapes are cheap averages: for each weekday, the share of the day's volume
 * in each slot over the last (up to) eight clean days of that weekday within
 * 26 weeks (clean = open, not an event day, not down-weighted as an outlier
 * by the daily fit), averaged with the smallest and largest share dropped.
 * A slot that had no volume on those days gets share 0, so hours that were
 * closed stay closed. Each weekday's shape is then shrunk toward its group's
 * pooled shape (Mon-Fri or Sat-Sun) by an empirical-Bayes weight: the share
 * of its distance from the pool that exceeds its own sampling noise
 * (James-Stein). At 5-minute intervals a shape from eight days is mostly
 * Poisson noise, and weekdays differ little, so this cuts the intraday error
 * where it matters; a weekday whose pattern really differs keeps it, and a
 * slot closed on that weekday stays 0. Event kinds get their own shape from their past days,
 * blended with the weekday shape by n/(n+2) (n = days seen), and make-up
 * workdays use the pooled Monday-Friday shape.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "fc_internal.h"

#define SHAPE_DAYS 8
#define SHAPE_LOOKBACK 182

void fc_shapes_free(fc_shapes *s)
{
    if (!s)
        return;
    pp_free(s->dow);
    pp_free(s->weekday);
    pp_free(s->kind);
    pp_free(s->kind_n);
    memset(s, 0, sizeof *s);
}

static void normalise(double *v, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    if (sum > 0)
        for (size_t i = 0; i < n; i++)
            v[i] /= sum;
}

/* Empirical-Bayes blend of one weekday's shape toward its group pool:
 * own weight = max(0, D - V) / D with D the squared distance from the pool
 * and V the own shape's sampling variance (both summed over slots). Slots
 * closed in the own shape stay closed. */
static void shrink_to_pool(double *own, const double *pool, size_t spd, double V)
{
    double D = 0;
    for (size_t j = 0; j < spd; j++)
        D += (own[j] - pool[j]) * (own[j] - pool[j]);
    if (!(D > 0))
        return;
    double lam = fmax(0.0, D - V) / D;
    for (size_t j = 0; j < spd; j++)
        if (own[j] > 0)
            own[j] = lam * own[j] + (1 - lam) * pool[j];
    normalise(own, spd);
}

pp_status fc_shapes_build(const fc_calendar *cal, const double *vol, const double *y,
                          const double *robw, size_t n_train, size_t spd, fc_shapes *s,
                          pp_error *err)
{
    memset(s, 0, sizeof *s);
    s->spd = spd;
    s->nk = cal->nk;
    s->dow = pp_calloc(7 * spd, sizeof *s->dow);
    s->weekday = pp_calloc(spd, sizeof *s->weekday);
    s->kind = pp_calloc((cal->nk ? cal->nk : 1) * spd, sizeof *s->kind);
    s->kind_n = pp_calloc(cal->nk ? cal->nk : 1, sizeof *s->kind_n);
    double *prof = pp_malloc(SHAPE_DAYS * spd * sizeof *prof);
    double *all = pp_calloc(spd, sizeof *all);
    if (!s->dow || !s->weekday || !s->kind || !s->kind_n || !prof || !all) {
        pp_free(prof);
        pp_free(all);
        fc_shapes_free(s);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    size_t lo = n_train > SHAPE_LOOKBACK ? n_train - SHAPE_LOOKBACK : 0;
    double noise[7] = {0}; /* sum over slots of the sampling variance of the shape */
    for (int w = 0; w < 7; w++) {
        size_t n = 0;
        for (size_t t = n_train; t-- > lo && n < SHAPE_DAYS;) {
            if (cal->dow[t] != w || !isfinite(y[t]) || y[t] <= 0 || fc_day_is_event(cal, t) ||
                cal->makeup[t] || (robw && robw[t] < 0.5))
                continue;
            for (size_t j = 0; j < spd; j++)
                prof[n * spd + j] = vol[t * spd + j] / y[t];
            n++;
        }
        s->dow_n[w] = n;
        double *out = s->dow + (size_t)w * spd;
        for (size_t j = 0; j < spd; j++) {
            double sum = 0, sq = 0, mn = INFINITY, mx = -INFINITY;
            for (size_t i = 0; i < n; i++) {
                double v = prof[i * spd + j];
                sum += v;
                sq += v * v;
                mn = fmin(mn, v);
                mx = fmax(mx, v);
            }
            if (n >= 2) /* variance of the mean share: s^2 / n */
                noise[w] += fmax(0.0, sq - sum * sum / (double)n) / (double)(n - 1) / (double)n;
            /* trimmed mean: one bad day (a partial outage) cannot bend the shape */
            out[j] = n >= 5 ? (sum - mn - mx) / (double)(n - 2) : (n ? sum / (double)n : 0.0);
        }
        normalise(out, spd);
        for (size_t j = 0; j < spd; j++) {
            all[j] += (double)n * out[j];
            if (w < 5)
                s->weekday[j] += (double)n * out[j];
        }
    }
    normalise(s->weekday, spd);
    normalise(all, spd);
    bool have_weekday = false, have_weekend = false, have_all = false;
    for (size_t j = 0; j < spd; j++) {
        have_weekday |= s->weekday[j] > 0;
        have_all |= all[j] > 0;
    }
    double *weekend = prof; /* reuse: pooled Sat/Sun */
    memset(weekend, 0, spd * sizeof *weekend);
    for (int w = 5; w < 7; w++)
        for (size_t j = 0; j < spd; j++)
            weekend[j] += (double)s->dow_n[w] * s->dow[(size_t)w * spd + j];
    normalise(weekend, spd);
    for (size_t j = 0; j < spd; j++)
        have_weekend |= weekend[j] > 0;
    if (!have_all) {
        /* no clean day at all: spread over every slot that ever had volume */
        for (size_t t = 0; t < n_train; t++)
            for (size_t j = 0; j < spd; j++)
                all[j] += isfinite(vol[t * spd + j]) ? vol[t * spd + j] : 0.0;
        normalise(all, spd);
        for (size_t j = 0; j < spd; j++)
            have_all |= all[j] > 0;
        if (!have_all)
            for (size_t j = 0; j < spd; j++)
                all[j] = 1.0 / (double)spd;
    }
    if (!have_weekday)
        memcpy(s->weekday, all, spd * sizeof *all);
    for (int w = 0; w < 7; w++) {
        if (s->dow_n[w] >= 2) {
            const double *pool = w < 5 ? s->weekday : (have_weekend ? weekend : NULL);
            if (pool)
                shrink_to_pool(s->dow + (size_t)w * spd, pool, spd, noise[w]);
            continue;
        }
        const double *fb = w < 5 ? s->weekday : (have_weekend ? weekend : all);
        memcpy(s->dow + (size_t)w * spd, fb, spd * sizeof *fb);
    }
    /* Event-kind shapes from the kind's most recent past days. */
    for (size_t k = 0; k < cal->nk; k++) {
        double *out = s->kind + k * spd;
        size_t n = 0;
        for (size_t t = n_train; t-- > 0 && n < SHAPE_DAYS;) {
            if (!fc_role_is_during(cal, cal->role[t * cal->nk + k]) || !isfinite(y[t]) || y[t] <= 0)
                continue;
            for (size_t j = 0; j < spd; j++)
                out[j] += vol[t * spd + j] / y[t];
            n++;
        }
        normalise(out, spd);
        s->kind_n[k] = n;
    }
    pp_free(prof);
    pp_free(all);
    return PP_OK;
}

void fc_shape_for_day(const fc_shapes *s, const fc_calendar *cal, size_t d, double *shape)
{
    size_t spd = s->spd;
    const double *base = cal->makeup[d] ? s->weekday : s->dow + (size_t)cal->dow[d] * spd;
    memcpy(shape, base, spd * sizeof *shape);
    size_t best = 0, best_k = 0;
    for (size_t k = 0; k < cal->nk; k++)
        if (fc_role_is_during(cal, cal->role[d * cal->nk + k]) && s->kind_n[k] > best) {
            best = s->kind_n[k];
            best_k = k;
        }
    if (best > 0) {
        double w = (double)best / (double)(best + 2);
        const double *ks = s->kind + best_k * spd;
        for (size_t j = 0; j < spd; j++)
            shape[j] = w * ks[j] + (1 - w) * base[j];
    }
}

/* ---- handle time ---------------------------------------------------- */

#define AHT_TREND_DAYS 84
#define AHT_SHAPE_DAYS 56
#define AHT_MAX_DRIFT 0.2
#define AHT_PRIOR_CONTACTS 20.0

void fc_aht_free(fc_aht *a)
{
    if (!a)
        return;
    pp_free(a->slot_ratio);
    memset(a, 0, sizeof *a);
}

static int day_type(const fc_calendar *cal, size_t d)
{
    return cal->dow[d] >= 5 && !cal->makeup[d];
}

pp_status fc_aht_fit(const fc_calendar *cal, const double *vol, const double *aht,
                     size_t n_train, size_t spd, fc_aht *a, pp_error *err)
{
    memset(a, 0, sizeof *a);
    a->spd = spd;
    a->n_train = n_train;
    if (!aht)
        return PP_OK;
    a->slot_ratio = pp_malloc(2 * spd * sizeof *a->slot_ratio);
    double *sv = pp_calloc(2 * spd, sizeof *sv), *sw = pp_calloc(2 * spd, sizeof *sw);
    if (!a->slot_ratio || !sv || !sw) {
        pp_free(sv);
        pp_free(sw);
        fc_aht_free(a);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    /* Level and trend: volume-weighted least squares of daily AHT on the day
     * over the last twelve weeks; the drift over the horizon is capped. */
    double Sw = 0, St = 0, Sa = 0, Stt = 0, Sta = 0;
    size_t lo = n_train > AHT_TREND_DAYS ? n_train - AHT_TREND_DAYS : 0;
    double tw[2] = {0}, tv[2] = {0};
    for (size_t t = lo; t < n_train; t++) {
        double num = 0, den = 0;
        for (size_t j = 0; j < spd; j++) {
            double v = vol[t * spd + j], h = aht[t * spd + j];
            if (v > 0 && isfinite(h) && h > 0) {
                num += v * h;
                den += v;
            }
        }
        if (den <= 0)
            continue;
        double at = num / den, x = (double)t - (double)(n_train - 1);
        Sw += den;
        St += den * x;
        Sa += den * at;
        Stt += den * x * x;
        Sta += den * x * at;
        tw[day_type(cal, t)] += num;
        tv[day_type(cal, t)] += den;
    }
    if (Sw <= 0) {
        pp_free(sv);
        pp_free(sw);
        pp_free(a->slot_ratio);
        a->slot_ratio = NULL;
        return PP_OK;
    }
    a->have = true;
    double mt = St / Sw, ma = Sa / Sw, var = Stt / Sw - mt * mt;
    a->slope = var > 1e-9 ? (Sta / Sw - mt * ma) / var : 0.0;
    a->level = ma - a->slope * mt; /* value at x = 0, the last training day */
    if (!(a->level > 0)) {
        a->level = ma;
        a->slope = 0;
    }
    double overall = (tw[0] + tw[1]) / (tv[0] + tv[1]);
    for (int ty = 0; ty < 2; ty++)
        a->type_ratio[ty] = tv[ty] > 0 ? (tw[ty] / tv[ty]) / overall : 1.0;
    size_t lo2 = n_train > AHT_SHAPE_DAYS ? n_train - AHT_SHAPE_DAYS : 0;
    for (size_t t = lo2; t < n_train; t++) {
        int ty = day_type(cal, t);
        for (size_t j = 0; j < spd; j++) {
            double v = vol[t * spd + j], h = aht[t * spd + j];
            if (v > 0 && isfinite(h) && h > 0) {
                sv[ty * spd + j] += v;
                sw[ty * spd + j] += v * h;
            }
        }
    }
    for (int ty = 0; ty < 2; ty++) {
        double typ = tv[ty] > 0 ? tw[ty] / tv[ty] : overall;
        for (size_t j = 0; j < spd; j++) {
            double n = sv[ty * spd + j];
            double r = n > 0 ? (sw[ty * spd + j] / n) / typ : 1.0;
            /* few contacts in a slot: shrink its ratio toward 1 */
            a->slot_ratio[ty * spd + j] = (n * r + AHT_PRIOR_CONTACTS) / (n + AHT_PRIOR_CONTACTS);
        }
    }
    pp_free(sv);
    pp_free(sw);
    return PP_OK;
}

double fc_aht_at(const fc_aht *a, const fc_calendar *cal, size_t d, size_t slot, double default_aht)
{
    if (!a->have)
        return default_aht;
    double drift = a->slope * ((double)d - (double)(a->n_train - 1));
    double cap = AHT_MAX_DRIFT * a->level;
    drift = drift > cap ? cap : (drift < -cap ? -cap : drift);
    int ty = day_type(cal, d);
    return (a->level + drift) * a->type_ratio[ty] * a->slot_ratio[ty * a->spd + slot];
}

/* ---- quantiles ------------------------------------------------------ */

#define Z90 1.2815515655446004

void fc_quantiles(double f, double sigma, double kappa, double *p10, double *p50, double *p90)
{
    if (!(f > 0)) {
        *p10 = *p50 = *p90 = 0.0;
        return;
    }
    /* variance: multiplicative forecast error plus Poisson arrival noise */
    double v = f * f * expm1(sigma * sigma) + kappa * f;
    if (!(v > 0))
        v = 1e-12 * f * f;
    double s2 = log1p(v / (f * f)), s = sqrt(s2);
    double mu = log(f) - 0.5 * s2;
    *p10 = exp(mu - Z90 * s);
    *p50 = exp(mu);
    *p90 = exp(mu + Z90 * s);
}
