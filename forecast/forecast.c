/*
 * forecast.c -- contact volume, its uncertainty and handle time per queue.
 *
 * Design
 * ------
 * A forecast is split into a daily level and an intraday shape. The level
 * carries everything that moves from day to day (trend, weekday, annual
 * season, events, holidays, make-up workdays); the shape says how a day's
 * volume spreads over its intervals, and depends only on the day type.
 * Splitting keeps the heavy models small (one row per day, not per
 * interval), makes every interval length from 5 minutes to a day the same
 * problem, and lets intervals that were always closed stay exactly 0.
 *
 * Daily models (daily.c) work on log volume: calendar effects on contact
 * volume are multiplicative (11.11 is "x1.8", not "+800 calls" on a small
 * and a large queue alike), noise grows with the level, and a log-scale
 * forecast can never go negative.
 *   - "regression": log(y) on intercept, trend, weekday dummies, annual
 *     Fourier terms and, per event kind, dummies for the days before, the
 *     days of and the days after its occurrences. Fitted by IRLS with Huber
 *     then bisquare weights (an outage day gets weight 0) and a ridge prior
 *     on every coefficient: event effects are shrunk toward the kind's
 *     uplift_pct, or toward no effect, more strongly the fewer occurrences
 *     there are and the noisier the queue. A kind never seen in history uses
 *     its uplift_pct outright. Make-up workdays get the average weekday effect.
 *   - "ets": Holt-Winters (damped trend, weekly season) on the series with
 *     the regression's event/annual effects removed, parameters by
 *     Nelder-Mead; it adapts to recent level shifts the regression smooths.
 *   - "combo": the geometric mean of the two.
 * Days closed in most recent same-weekday weeks, or on most past days of an
 * event kind (or with uplift_pct <= -100), are forecast as 0.
 *
 * Model choice: a rolling-origin backtest with (by default) 3 origins, each
 * forecasting min(max(horizon, 7), 28) days from the data before it; the
 * candidate with the lowest daily WAPE wins (ties go to the regression).
 * Histories under eight weeks skip all this and use the "simple" model (the
 * regression without trend and annual terms) with a warning.
 *
 * Quantiles: an interval's count is modelled as a log-normal matching mean
 * f and variance f^2 (exp(sigma^2) - 1) + f: a multiplicative forecast error
 * plus Poisson arrival noise, which dominates in small intervals. sigma is
 * calibrated per queue on the backtest intervals by bisection so that 80 %
 * of the actuals fall inside p10..p90 (p10 <= p50 <= p90 by construction).
 * `offered` is the point forecast (the mean of that distribution).
 *
 * Everything is deterministic: no random numbers, fixed iteration orders.
 *
 * Stopping early: pp_interrupt_requested() (peakplan/interrupt.h) is polled
 * before each queue and in every regression iteration (and every conjugate-
 * gradient step of a wide one, daily.c); a request ends the run with
 * PP_EINTERNAL and the message "interrupted", as the simulation does. A
 * forecast has no useful partial result, so nothing is handed back.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "fc_internal.h"
#include "peakplan/forecast.h"
#include "peakplan/interrupt.h"
#include "peakplan/timeutil.h"

#define MIN_DAYS_FULL_MODEL 56
#define BT_MAX_H 28
#define BT_MIN_H 7
#define N_CAND 3

static const char *const CAND_NAME[N_CAND] = {PP_FC_MODEL_REGRESSION, PP_FC_MODEL_ETS,
                                              PP_FC_MODEL_COMBO};

void pp_fc_params_init(pp_fc_params *p)
{
    p->start_day = 0;
    p->horizon_days = 0;
    p->interval_minutes = 30;
    p->default_aht_seconds = 300.0;
    p->event_days_before = 3;
    p->event_days_after = 7;
    p->backtest_origins = 3;
}

/* ---- one queue's history on the output grid -------------------------- */

typedef struct q_data {
    int64_t day0;
    size_t nh;    /* history days, complete or not */
    size_t spd;   /* output slots per day */
    double *vol;  /* nh * spd */
    double *aht;  /* nh * spd, NAN unknown; NULL without AHT history */
    double *y;    /* nh: daily total, NAN for incomplete days */
} q_data;

static void q_data_free(q_data *s)
{
    pp_free(s->vol);
    pp_free(s->aht);
    pp_free(s->y);
    memset(s, 0, sizeof *s);
}

/* Aggregates queue q of `in` onto whole days of `step`-minute slots. */
static pp_status q_data_build(const pp_fc_input *in, size_t q, int step, q_data *s, pp_error *err)
{
    memset(s, 0, sizeof *s);
    int64_t first = in->history_start;
    int64_t last = in->history_start + (int64_t)in->history_n * in->history_step_minutes - 1;
    s->day0 = pp_day_of_minute(first);
    s->nh = (size_t)(pp_day_of_minute(last) - s->day0 + 1);
    s->spd = (size_t)(PP_MINUTES_PER_DAY / step);
    size_t per_day = (size_t)(PP_MINUTES_PER_DAY / in->history_step_minutes);
    size_t n = s->nh * s->spd;
    s->vol = pp_calloc(n, sizeof *s->vol);
    s->y = pp_calloc(s->nh, sizeof *s->y);
    size_t *cover = pp_calloc(s->nh, sizeof *cover);
    double *den = in->aht_seconds ? pp_calloc(n, sizeof *den) : NULL;
    if (in->aht_seconds)
        s->aht = pp_calloc(n, sizeof *s->aht);
    if (!s->vol || !s->y || !cover || (in->aht_seconds && (!den || !s->aht))) {
        pp_free(cover);
        pp_free(den);
        q_data_free(s);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    const double *off = in->offered + q * in->history_n;
    const double *aht = in->aht_seconds ? in->aht_seconds + q * in->history_n : NULL;
    for (size_t i = 0; i < in->history_n; i++) {
        int64_t minute = first + (int64_t)i * in->history_step_minutes;
        int64_t day = pp_day_of_minute(minute);
        size_t d = (size_t)(day - s->day0);
        size_t slot = (size_t)((minute - day * PP_MINUTES_PER_DAY) / step);
        double v = off[i];
        if (!isfinite(v))
            continue; /* an unknown interval makes its day incomplete */
        cover[d]++;
        s->vol[d * s->spd + slot] += v;
        if (aht && isfinite(aht[i]) && aht[i] > 0 && v > 0) {
            s->aht[d * s->spd + slot] += v * aht[i];
            den[d * s->spd + slot] += v;
        }
    }
    for (size_t d = 0; d < s->nh; d++) {
        double sum = 0;
        for (size_t j = 0; j < s->spd; j++)
            sum += s->vol[d * s->spd + j];
        s->y[d] = cover[d] == per_day ? sum : NAN;
    }
    if (s->aht)
        for (size_t k = 0; k < n; k++)
            s->aht[k] = den[k] > 0 ? s->aht[k] / den[k] : NAN;
    pp_free(cover);
    pp_free(den);
    return PP_OK;
}

/* ---- forecasting one queue ------------------------------------------- */

typedef struct q_result {
    const char *model;
    double sigma, kappa;
    double coverage;      /* backtest coverage at sigma, NAN if no backtest */
    double wape[N_CAND];  /* daily backtest WAPE, NAN if no backtest */
    double naive_wape;
    size_t origins, bt_h;
} q_result;

typedef struct pairs {
    double *f, *a;
    size_t n, cap;
} pairs;

static bool pairs_push(pairs *p, double f, double a)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 1024;
        double *nf = pp_realloc(p->f, cap * sizeof *nf);
        if (!nf)
            return false;
        p->f = nf;
        double *na = pp_realloc(p->a, cap * sizeof *na);
        if (!na)
            return false;
        p->a = na;
        p->cap = cap;
    }
    p->f[p->n] = f;
    p->a[p->n] = a;
    p->n++;
    return true;
}

static double coverage_at(const pairs *p, double sigma, double kappa)
{
    size_t in = 0;
    for (size_t i = 0; i < p->n; i++) {
        double lo, mid, hi;
        fc_quantiles(p->f[i], sigma, kappa, &lo, &mid, &hi);
        in += p->a[i] >= lo && p->a[i] <= hi;
    }
    return p->n ? (double)in / (double)p->n : NAN;
}

/* Calibrates the spread so that p10..p90 covers 80 % of the backtest pairs:
 * the smallest sigma in [0, 1] with full Poisson noise (the log-normal's p90
 * stops growing with sigma beyond ~1.28, hence the cap); if Poisson noise
 * alone already covers more (counts less dispersed than Poisson, e.g.
 * smoothed or synthetic data), sigma = 0 and the Poisson share kappa shrinks. */
static void calibrate(const pairs *p, double *sigma, double *kappa, double *cov)
{
    double lo = 0.0, hi = 1.0;
    *sigma = 0.0;
    *kappa = 1.0;
    if (coverage_at(p, 0.0, 1.0) >= 0.8) {
        for (int it = 0; it < 30; it++) {
            double mid = 0.5 * (lo + hi);
            if (coverage_at(p, 0.0, mid) >= 0.8)
                hi = mid;
            else
                lo = mid;
        }
        *kappa = hi;
    } else if (coverage_at(p, hi, 1.0) < 0.8) {
        *sigma = hi;
    } else {
        for (int it = 0; it < 30; it++) {
            double mid = 0.5 * (lo + hi);
            if (coverage_at(p, mid, 1.0) >= 0.8)
                hi = mid;
            else
                lo = mid;
        }
        *sigma = hi;
    }
    *cov = coverage_at(p, *sigma, *kappa);
}

/* Daily log forecasts of the three candidates for days n_train..n_train+h-1. */
static pp_status daily_candidates(const fc_calendar *cal, const double *y, size_t n_train,
                                  size_t h, bool simple, fc_reg *reg, double *lr, double *le,
                                  pp_error *err)
{
    pp_status st = fc_reg_fit(cal, y, n_train, simple, reg, err);
    if (st != PP_OK)
        return st;
    for (size_t j = 0; j < h; j++)
        lr[j] = fc_reg_predict(reg, cal, n_train + j, NULL);
    if (le) {
        st = fc_ets_forecast(reg, cal, y, n_train, h, le, err);
        if (st != PP_OK)
            fc_reg_free(reg);
    }
    return st;
}

static double cand_value(int c, double lr, double le)
{
    switch (c) {
    case 0: return exp(lr);
    case 1: return exp(le);
    default: return exp(0.5 * (lr + le));
    }
}

/* Forecasts days [out_from, out_from + out_days) (calendar indices) of one
 * queue from its first n_train days, writing spd values per day. */
static pp_status queue_forecast(const q_data *s, const fc_calendar *cal, size_t n_train,
                                size_t out_from, size_t out_days, const pp_fc_params *p,
                                double *off, double *p10, double *p50, double *p90,
                                double *aht_out, q_result *res, pp_error *err)
{
    pp_status st = PP_OK;
    size_t spd = s->spd, h_all = out_from + out_days - n_train;
    size_t valid = 0;
    for (size_t d = 0; d < n_train; d++)
        valid += isfinite(s->y[d]);
    bool simple = valid < MIN_DAYS_FULL_MODEL;
    size_t H = h_all < BT_MIN_H ? BT_MIN_H : (h_all > BT_MAX_H ? BT_MAX_H : h_all);
    double *lr = pp_malloc((h_all > H ? h_all : H) * sizeof *lr);
    double *le = pp_malloc((h_all > H ? h_all : H) * sizeof *le);
    double *shape = pp_malloc(spd * sizeof *shape);
    pairs pr[N_CAND] = {{0}};
    fc_reg reg = {0};
    fc_shapes sh = {0};
    fc_aht ah = {0};
    if (!lr || !le || !shape) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (int c = 0; c < N_CAND; c++)
        res->wape[c] = NAN;
    res->naive_wape = NAN;
    res->coverage = NAN;
    res->origins = 0;
    res->bt_h = H;
    int chosen = 0;
    if (!simple) {
        double abs_err[N_CAND] = {0}, tot = 0, naive_err = 0;
        for (size_t k = 1; k <= p->backtest_origins; k++) {
            if (k * H > n_train || n_train - k * H < MIN_DAYS_FULL_MODEL)
                break;
            size_t o = n_train - k * H;
            st = daily_candidates(cal, s->y, o, H, false, &reg, lr, le, err);
            if (st != PP_OK)
                goto cleanup;
            st = fc_shapes_build(cal, s->vol, s->y, reg.robw, o, spd, &sh, err);
            if (st != PP_OK)
                goto cleanup;
            res->origins++;
            for (size_t j = 0; j < H; j++) {
                size_t d = o + j;
                if (!isfinite(s->y[d]))
                    continue;
                bool closed = fc_day_closed(cal, s->y, o, d);
                double nv = s->y[o - 7 + j % 7];
                naive_err += fabs(s->y[d] - (isfinite(nv) ? nv : 0.0));
                tot += s->y[d];
                fc_shape_for_day(&sh, cal, d, shape);
                for (int c = 0; c < N_CAND; c++) {
                    double f = closed ? 0.0 : cand_value(c, lr[j], le[j]);
                    abs_err[c] += fabs(s->y[d] - f);
                    for (size_t t = 0; t < spd; t++) {
                        double fi = f * shape[t], ai = s->vol[d * spd + t];
                        if ((fi > 0 || ai > 0) && !pairs_push(&pr[c], fi, ai)) {
                            st = pp_error_set(err, PP_ENOMEM, "out of memory");
                            goto cleanup;
                        }
                    }
                }
            }
            fc_reg_free(&reg);
            fc_shapes_free(&sh);
        }
        if (res->origins > 0 && tot > 0) {
            for (int c = 0; c < N_CAND; c++) {
                res->wape[c] = 100.0 * abs_err[c] / tot;
                if (res->wape[c] < res->wape[chosen] - 1e-12)
                    chosen = c;
            }
            res->naive_wape = 100.0 * naive_err / tot;
        }
    }
    res->model = simple ? PP_FC_MODEL_SIMPLE : CAND_NAME[chosen];
    /* Final fit on all training days. */
    st = daily_candidates(cal, s->y, n_train, h_all, simple, &reg, lr, chosen ? le : NULL, err);
    if (st != PP_OK)
        goto cleanup;
    if (res->origins > 0 && pr[chosen].n > 0) {
        calibrate(&pr[chosen], &res->sigma, &res->kappa, &res->coverage);
    } else {
        /* No backtest: in-sample scale, widened for forecast error growth. */
        res->sigma = fmin(1.0, fmax(0.15, 2.0 * reg.scale));
        res->kappa = 1.0;
    }
    st = fc_shapes_build(cal, s->vol, s->y, reg.robw, n_train, spd, &sh, err);
    if (st != PP_OK)
        goto cleanup;
    st = fc_aht_fit(cal, s->vol, s->aht, n_train, spd, &ah, err);
    if (st != PP_OK)
        goto cleanup;
    for (size_t i = 0; i < out_days; i++) {
        size_t d = out_from + i, j = d - n_train;
        bool closed = fc_day_closed(cal, s->y, n_train, d);
        double f = closed ? 0.0 : cand_value(chosen, lr[j], le[j]);
        fc_shape_for_day(&sh, cal, d, shape);
        for (size_t t = 0; t < spd; t++) {
            size_t k = i * spd + t;
            off[k] = f * shape[t];
            fc_quantiles(off[k], res->sigma, res->kappa, &p10[k], &p50[k], &p90[k]);
            aht_out[k] = fc_aht_at(&ah, cal, d, t, p->default_aht_seconds);
        }
    }
cleanup:
    for (int c = 0; c < N_CAND; c++) {
        pp_free(pr[c].f);
        pp_free(pr[c].a);
    }
    fc_reg_free(&reg);
    fc_shapes_free(&sh);
    fc_aht_free(&ah);
    pp_free(lr);
    pp_free(le);
    pp_free(shape);
    return st;
}

/* ---- entry points ----------------------------------------------------- */

static pp_status validate(const pp_fc_input *in, const pp_fc_params *p, pp_error *err)
{
    if (!in || !p)
        return pp_error_set(err, PP_EINVAL, "forecast: missing input or parameters");
    if (in->nq == 0 || !in->offered || !in->queue_names)
        return pp_error_set(err, PP_EINVAL, "forecast: no queue in the history");
    if (in->history_n == 0)
        return pp_error_set(err, PP_EINVAL, "forecast: the history is empty");
    int hs = in->history_step_minutes;
    if (hs < 5 || hs > PP_MINUTES_PER_DAY || PP_MINUTES_PER_DAY % hs != 0)
        return pp_error_set(err, PP_EINVAL,
                            "forecast: history step %d minutes is not 5..1440 dividing a day", hs);
    int iv = p->interval_minutes;
    if (iv < hs || iv % hs != 0 || PP_MINUTES_PER_DAY % iv != 0)
        return pp_error_set(err, PP_EINVAL,
                            "forecast: interval %d minutes is not a multiple of the history step "
                            "(%d minutes) dividing a day", iv, hs);
    if (p->horizon_days == 0 || p->horizon_days > 3660)
        return pp_error_set(err, PP_EINVAL, "forecast: horizon of %zu days is not 1..3660",
                            p->horizon_days);
    if (!(p->default_aht_seconds > 0) || !isfinite(p->default_aht_seconds))
        return pp_error_set(err, PP_EINVAL, "forecast: default handle time must be above 0");
    if (p->event_days_before < 0 || p->event_days_before > 7 || p->event_days_after < 0 ||
        p->event_days_after > 14)
        return pp_error_set(err, PP_EINVAL, "forecast: event window out of range");
    if (in->ne > 0 && !in->events)
        return pp_error_set(err, PP_EINVAL, "forecast: events missing");
    int64_t hist_end = in->history_start + (int64_t)in->history_n * hs;
    if (p->start_day * PP_MINUTES_PER_DAY < hist_end)
        return pp_error_set(err, PP_EINVAL, "forecast: the horizon starts before the history ends");
    if (p->start_day - pp_day_of_minute(in->history_start) > 36600)
        return pp_error_set(err, PP_EINVAL, "forecast: the horizon is too far after the history");
    for (size_t i = 0; i < in->nq * in->history_n; i++)
        if (in->offered[i] < 0)
            return pp_error_set(err, PP_EINVAL, "forecast: negative offered volume in queue '%s'",
                                in->queue_names[i / in->history_n]);
    return PP_OK;
}

/* pp_fc_run, also handing back the chosen model per queue (models may be NULL). */
static pp_status run(const pp_fc_input *in, const pp_fc_params *p, pp_fc_report_fn report,
                     void *userdata, pp_grid **out, const char **models, pp_error *err)
{
    if (!out)
        return pp_error_set(err, PP_EINVAL, "forecast: no output");
    *out = NULL;
    pp_status st = validate(in, p, err);
    if (st != PP_OK)
        return st;
    size_t spd = (size_t)(PP_MINUTES_PER_DAY / p->interval_minutes);
    size_t n_out = p->horizon_days * spd;
    pp_grid *g = NULL;
    q_data s = {0};
    fc_calendar cal = {0};
    st = pp_grid_new(in->nq, in->queue_names, p->start_day * PP_MINUTES_PER_DAY,
                     p->interval_minutes, n_out, &g, err);
    if (st != PP_OK)
        return st;
    double *off = pp_grid_add_column(g, PP_COL_OFFERED, 0.0, err);
    double *q10 = off ? pp_grid_add_column(g, PP_COL_OFFERED_P10, 0.0, err) : NULL;
    double *q50 = q10 ? pp_grid_add_column(g, PP_COL_OFFERED_P50, 0.0, err) : NULL;
    double *q90 = q50 ? pp_grid_add_column(g, PP_COL_OFFERED_P90, 0.0, err) : NULL;
    double *aht = q90 ? pp_grid_add_column(g, PP_COL_AHT, 0.0, err) : NULL;
    if (!aht) {
        st = err && err->code ? err->code : PP_ENOMEM;
        goto cleanup;
    }
    for (size_t q = 0; q < in->nq; q++) {
        if (pp_interrupt_requested()) {
            st = pp_error_set(err, PP_EINTERNAL, "forecast: interrupted");
            goto cleanup;
        }
        st = q_data_build(in, q, p->interval_minutes, &s, err);
        if (st != PP_OK)
            goto cleanup;
        size_t nd = (size_t)(p->start_day + (int64_t)p->horizon_days - s.day0);
        st = fc_calendar_build(in, q, s.day0, nd, p->event_days_before, p->event_days_after,
                               &cal, err);
        if (st != PP_OK)
            goto cleanup;
        size_t out_from = (size_t)(p->start_day - s.day0);
        double total = 0;
        for (size_t d = 0; d < s.nh; d++)
            total += isfinite(s.y[d]) ? s.y[d] : 0.0;
        q_result r = {0};
        if (models)
            models[q] = "none";
        if (total <= 0) {
            /* A queue without a single contact: forecast nothing, say so. */
            for (size_t k = q * n_out; k < (q + 1) * n_out; k++)
                aht[k] = p->default_aht_seconds;
            pp_warn("forecast: queue '%s' has no contacts in its history; forecasting 0",
                    in->queue_names[q]);
            if (report) {
                char line[256];
                snprintf(line, sizeof line, "queue '%s': no contacts in history, forecast 0",
                         in->queue_names[q]);
                report(userdata, line);
            }
        } else {
            size_t valid = 0;
            for (size_t d = 0; d < s.nh; d++)
                valid += isfinite(s.y[d]);
            st = queue_forecast(&s, &cal, s.nh, out_from, p->horizon_days, p, off + q * n_out,
                                q10 + q * n_out, q50 + q * n_out, q90 + q * n_out,
                                aht + q * n_out, &r, err);
            if (st != PP_OK) {
                pp_error_prefix(err, "queue '%s'", in->queue_names[q]);
                goto cleanup;
            }
            if (models)
                models[q] = r.model;
            char line[512];
            if (r.origins == 0) {
                if (valid < MIN_DAYS_FULL_MODEL)
                    pp_warn("forecast: queue '%s' has only %zu days of history (< 8 weeks); "
                            "using the simple weekday model", in->queue_names[q], valid);
                snprintf(line, sizeof line,
                         "queue '%s': model %s (%zu days of history, too short for a backtest); "
                         "p10-p90 spread sigma %.3f (uncalibrated)",
                         in->queue_names[q], r.model, valid, r.sigma);
            } else {
                snprintf(line, sizeof line,
                         "queue '%s': model %s, lowest daily WAPE in a %zu-origin x %zu-day "
                         "backtest: regression %.1f%%, ets %.1f%%, combo %.1f%%, seasonal naive "
                         "%.1f%%; p10-p90 sigma %.3f kappa %.2f covers %.0f%% of backtest intervals",
                         in->queue_names[q], r.model, r.origins, r.bt_h, r.wape[0], r.wape[1],
                         r.wape[2], r.naive_wape, r.sigma, r.kappa, 100.0 * r.coverage);
            }
            if (report)
                report(userdata, line);
        }
        q_data_free(&s);
        fc_calendar_free(&cal);
    }
cleanup:
    q_data_free(&s);
    fc_calendar_free(&cal);
    if (st != PP_OK) {
        pp_grid_free(g);
        return st;
    }
    *out = g;
    return PP_OK;
}

pp_status pp_fc_run(const pp_fc_input *in, const pp_fc_params *p, pp_fc_report_fn report,
                    void *userdata, pp_grid **out, pp_error *err)
{
    return run(in, p, report, userdata, out, NULL, err);
}

pp_status pp_fc_backtest(const pp_fc_input *in, const pp_fc_params *p, size_t days,
                         pp_fc_report_fn report, pp_fc_backtest_fn fn, void *userdata,
                         pp_error *err)
{
    if (!in || !p || in->history_n == 0)
        return pp_error_set(err, PP_EINVAL, "backtest: the history is empty");
    if (days == 0)
        return pp_error_set(err, PP_EINVAL, "backtest: days must be above 0");
    int hs = in->history_step_minutes;
    if (hs < 5 || hs > PP_MINUTES_PER_DAY || PP_MINUTES_PER_DAY % hs != 0)
        return pp_error_set(err, PP_EINVAL, "backtest: bad history step %d", hs);
    int64_t hist_end = in->history_start + (int64_t)in->history_n * hs;
    int64_t end_day = hist_end / PP_MINUTES_PER_DAY; /* first day not complete */
    int64_t cut_day = end_day - (int64_t)days;
    int64_t cut_min = cut_day * PP_MINUTES_PER_DAY;
    if (cut_min - in->history_start < 14 * PP_MINUTES_PER_DAY)
        return pp_error_set(err, PP_EINVAL,
                            "backtest: %zu held-out days leave under 14 days of history", days);
    /* The arrays are queue-major with stride history_n: copy the kept part. */
    pp_fc_input cut = *in;
    cut.history_n = (size_t)((cut_min - in->history_start) / hs);
    double *c_off = pp_malloc(in->nq * cut.history_n * sizeof *c_off);
    double *c_aht = in->aht_seconds ? pp_malloc(in->nq * cut.history_n * sizeof *c_aht) : NULL;
    if (!c_off || (in->aht_seconds && !c_aht)) {
        pp_free(c_off);
        pp_free(c_aht);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    for (size_t q = 0; q < in->nq; q++) {
        memcpy(c_off + q * cut.history_n, in->offered + q * in->history_n,
               cut.history_n * sizeof *c_off);
        if (c_aht)
            memcpy(c_aht + q * cut.history_n, in->aht_seconds + q * in->history_n,
                   cut.history_n * sizeof *c_aht);
    }
    cut.offered = c_off;
    cut.aht_seconds = c_aht;
    pp_fc_params cp = *p;
    cp.start_day = cut_day;
    cp.horizon_days = days;
    pp_grid *g = NULL;
    q_data s = {0};
    const char **models = pp_calloc(in->nq ? in->nq : 1, sizeof *models);
    pp_status st = models ? run(&cut, &cp, report, userdata, &g, models, err)
                          : pp_error_set(err, PP_ENOMEM, "out of memory");
    pp_free(c_off);
    pp_free(c_aht);
    if (st != PP_OK) {
        pp_free(models);
        return st;
    }
    const double *off = pp_grid_column_const(g, PP_COL_OFFERED);
    const double *q10 = pp_grid_column_const(g, PP_COL_OFFERED_P10);
    const double *q90 = pp_grid_column_const(g, PP_COL_OFFERED_P90);
    size_t spd = (size_t)(PP_MINUTES_PER_DAY / p->interval_minutes), n_out = days * spd;
    for (size_t q = 0; q < in->nq; q++) {
        st = q_data_build(in, q, p->interval_minutes, &s, err);
        if (st != PP_OK)
            break;
        size_t from = (size_t)(cut_day - s.day0);
        const double *a = s.vol + from * spd;
        const double *f = off + q * n_out;
        double sa = 0, sf = 0, sae = 0, sne = 0, scale = 0;
        size_t nscale = 0, ncov = 0, nin = 0;
        for (size_t k = 0; k < n_out; k++) {
            size_t d = from + k / spd;
            if (!isfinite(s.y[d]))
                continue;
            sa += a[k];
            sf += f[k];
            sae += fabs(a[k] - f[k]);
            size_t nd = from - 7 + (k / spd) % 7; /* last full week before the cut */
            double nv = isfinite(s.y[nd]) ? s.vol[nd * spd + k % spd] : 0.0;
            sne += fabs(a[k] - nv);
            if (a[k] > 0 || f[k] > 0) {
                ncov++;
                nin += a[k] >= q10[q * n_out + k] && a[k] <= q90[q * n_out + k];
            }
        }
        for (size_t d = 7; d < from; d++) {
            if (!isfinite(s.y[d]) || !isfinite(s.y[d - 7]))
                continue;
            for (size_t t = 0; t < spd; t++) {
                scale += fabs(s.vol[d * spd + t] - s.vol[(d - 7) * spd + t]);
                nscale++;
            }
        }
        size_t nk = 0;
        for (size_t k = 0; k < n_out; k++)
            nk += isfinite(s.y[from + k / spd]);
        double mscale = nscale ? scale / (double)nscale : NAN;
        pp_fc_backtest_row row = {
            .queue = in->queue_names[q],
            .model = models[q] ? models[q] : "none",
            .days = days,
            .actual_total = sa,
            .wape = sa > 0 ? 100.0 * sae / sa : NAN,
            .mase = nk && mscale > 0 ? (sae / (double)nk) / mscale : NAN,
            .bias_pct = sa > 0 ? 100.0 * (sf - sa) / sa : NAN,
            .coverage_p10_p90 = ncov ? 100.0 * (double)nin / (double)ncov : NAN,
            .naive_wape = sa > 0 ? 100.0 * sne / sa : NAN,
            .naive_mase = nk && mscale > 0 ? (sne / (double)nk) / mscale : NAN,
        };
        if (fn)
            fn(userdata, &row);
        q_data_free(&s);
    }
    q_data_free(&s);
    pp_grid_free(g);
    pp_free(models);
    return st;
}
