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

#ifdef __cplusplus
}
#endif
#endif
