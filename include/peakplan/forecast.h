/*
 * forecast.h -- contact volume and handle time from history and an event
 * calendar (implemented in forecast/, the only place GSL is used).
 */
#ifndef PEAKPLAN_FORECAST_H
#define PEAKPLAN_FORECAST_H

#include <stddef.h>
#include <stdint.h>

#include "peakplan/error.h"
#include "peakplan/grid.h"
#include "peakplan/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* History of all queues on one uniform grid. Intervals with no contacts
 * (closed queue) hold 0 in `offered`. */
typedef struct pp_fc_input {
    size_t nq;
    const char *const *queue_names;
    int64_t history_start;      /* first interval, minutes (timeutil.h) */
    int history_step_minutes;   /* 5 .. 1440, divides 1440 */
    size_t history_n;           /* intervals per queue */
    const double *offered;      /* nq * history_n, queue-major */
    const double *aht_seconds;  /* nq * history_n, NAN where unknown; NULL = no AHT history */
    const pp_event *events;     /* every occurrence, past and future */
    size_t ne;
    const unsigned char *event_queues; /* ne * nq: 1 if event e applies to queue q */
} pp_fc_input;

typedef struct pp_fc_params {
    int64_t start_day;        /* first day of the horizon (days since 1970-01-01) */
    size_t horizon_days;      /* > 0 */
    int interval_minutes;     /* output interval, a multiple of the history step */
    double default_aht_seconds; /* used when a queue has no AHT history (default 300) */
    /* Additions (filled by pp_fc_params_init; existing callers need no change): */
    int event_days_before;    /* days before an event that get their own effect (default 3, 0..7) */
    int event_days_after;     /* days after an event that get their own effect (default 7, 0..14) */
    size_t backtest_origins;  /* rolling origins used to choose the model (default 3, 0 = none) */
} pp_fc_params;
void pp_fc_params_init(pp_fc_params *p);

/* Fits each queue's models, picks one per queue by rolling-origin backtest and
 * forecasts the horizon. *out gets a new grid (free with pp_grid_free) over the
 * horizon with columns PP_COL_OFFERED, PP_COL_OFFERED_P10, PP_COL_OFFERED_P50,
 * PP_COL_OFFERED_P90 and PP_COL_AHT. `report` (may be NULL) receives one
 * human-readable line per queue saying which model was chosen and why.
 * PP_EINVAL (bad params, horizon not after history), PP_ENOMEM, PP_ENUMERIC. */
typedef void (*pp_fc_report_fn)(void *userdata, const char *line);
pp_status pp_fc_run(const pp_fc_input *in, const pp_fc_params *p, pp_fc_report_fn report,
                    void *userdata, pp_grid **out, pp_error *err);

/* Model names that can appear in reports and backtest rows. */
#define PP_FC_MODEL_REGRESSION "regression" /* robust ridge regression on log daily volume */
#define PP_FC_MODEL_ETS "ets"               /* Holt-Winters, weekly season, on event-adjusted log volume */
#define PP_FC_MODEL_COMBO "combo"           /* geometric mean of the two */
#define PP_FC_MODEL_SIMPLE "simple"         /* weekday means + events, for histories under 8 weeks */

/* One queue's result of pp_fc_backtest. Accuracy is measured on the held-out
 * days at the output interval (p->interval_minutes); percentages are 0..100.
 * Strings are borrowed: valid only during the callback. */
typedef struct pp_fc_backtest_row {
    const char *queue;
    const char *model;       /* model chosen on the shortened history */
    size_t days;             /* held-out days */
    double actual_total;     /* sum of actual offered over the held-out days */
    double wape;             /* 100 * sum|actual - offered| / sum actual */
    double mase;             /* mean|actual - offered| / in-sample mean|a(t) - a(t - 7 days)| */
    double bias_pct;         /* 100 * (sum offered - sum actual) / sum actual */
    double coverage_p10_p90; /* share of intervals with p10 <= actual <= p90 (closed-and-zero
                                intervals excluded) */
    double naive_wape;       /* WAPE of seasonal naive: the last full week before the cut, repeated */
    double naive_mase;       /* MASE of the seasonal naive forecast */
} pp_fc_backtest_row;
typedef void (*pp_fc_backtest_fn)(void *userdata, const pp_fc_backtest_row *row);

/* Rolling-origin check for `peakplan forecast --backtest DAYS`: hides the last
 * `days` complete days of history, runs pp_fc_run on the rest (p->start_day
 * and p->horizon_days are ignored; the horizon is the hidden days) and calls
 * `fn` once per queue, in queue order, with the accuracy against the hidden
 * actuals next to seasonal naive. `report` (may be NULL) receives the model
 * lines of that run. PP_EINVAL (days == 0, or fewer than 14 days would remain),
 * PP_ENOMEM, PP_ENUMERIC. */
pp_status pp_fc_backtest(const pp_fc_input *in, const pp_fc_params *p, size_t days,
                         pp_fc_report_fn report, pp_fc_backtest_fn fn, void *userdata,
                         pp_error *err);

#ifdef __cplusplus
}
#endif
#endif
