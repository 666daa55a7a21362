/*
 * fc_internal.h -- private interfaces of the forecast engine (forecast/ only).
 *
 * Layout of the engine:
 *   gsl_adapt.c  the only file that includes <gsl/...>: an SPD solver and a
 *                Nelder-Mead minimiser over our own arrays, error handler captured.
 *   calendar.c   day-level calendar: weekday, make-up workdays, event windows per kind.
 *   daily.c      daily-level models: robust ridge regression on log volume, Holt-Winters.
 *   intraday.c   intraday shapes per day type, handle time, quantiles.
 *   forecast.c   validation, aggregation, backtest, model choice, output grid.
 */
#ifndef PP_FC_INTERNAL_H
#define PP_FC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "peakplan/error.h"
#include "peakplan/forecast.h"

/* ---- gsl_adapt.c ------------------------------------------------------ */

/* Solves A x = b for a symmetric positive definite n*n row-major A (A is
 * overwritten by its Cholesky factor). PP_ENUMERIC with GSL's reason. */
pp_status fc_spd_solve(double *A, const double *b, double *x, size_t n, pp_error *err);

typedef double (*fc_objective)(const double *x, void *ctx);
/* Minimises f from x (in/out, n <= 8) with the Nelder-Mead simplex, initial
 * steps `step`, at most max_iter iterations. PP_ENUMERIC on GSL failure. */
pp_status fc_minimize(fc_objective f, void *ctx, double *x, const double *step, size_t n,
                      size_t max_iter, pp_error *err);

/* ---- calendar.c ------------------------------------------------------- */

/* Event roles of a day relative to the occurrences of one kind. Role 0 =
 * none; 1..before = j days before a start; then 3 "during" roles (first day,
 * second day, third and later days); then 1..after days after an end. */
#define FC_DURING_ROLES 3

typedef struct fc_calendar {
    int64_t day0;          /* calendar day 0 (days since 1970-01-01) */
    size_t nd;             /* days covered (history and horizon) */
    size_t nk;             /* event kinds (global list, first-appearance order) */
    int before, after;     /* window lengths */
    size_t nroles;         /* 1 + before + FC_DURING_ROLES + after */
    unsigned char *role;   /* nd * nk */
    unsigned char *makeup; /* nd: make-up workday (a weekend day worked as a weekday) */
    unsigned char *dow;    /* nd: 0 = Monday */
    double *doy;           /* nd: fraction of the year, 0..1 */
    double *prior;         /* nk: log(1 + uplift_pct/100) for during days, 0 if none */
    unsigned char *prior_closed; /* nk: uplift_pct <= -100 */
    unsigned char *kind_makeup;  /* nk: the kind names make-up workdays */
} fc_calendar;

/* Builds the calendar of queue q over [day0, day0+nd). kinds/nk: the global
 * kind list (indices into in->events of a representative occurrence). */
pp_status fc_calendar_build(const pp_fc_input *in, size_t q, int64_t day0, size_t nd,
                            int before, int after, fc_calendar *cal, pp_error *err);
void fc_calendar_free(fc_calendar *cal);

static inline bool fc_role_is_during(const fc_calendar *c, unsigned r)
{
    return r > (unsigned)c->before && r <= (unsigned)c->before + FC_DURING_ROLES;
}
/* True if day d is inside an occurrence of any event kind. */
bool fc_day_is_event(const fc_calendar *c, size_t d);
/* True if d is a make-up workday or lies inside an occurrence of a kind. */

/* ---- daily.c ---------------------------------------------------------- */

typedef struct fc_reg {
    size_t p;             /* columns */
    size_t n_train;       /* training days (calendar indices 0..n_train-1) */
    int fourier;          /* annual harmonics (0 = none) */
    bool trend;           /* trend column present */
    double *beta;         /* p */
    long *evcol;          /* nk * nroles: column of (kind, role) or -1 */
    double scale;         /* robust residual scale (log) */
    double *robw;         /* n_train: final robust weight, 0 where not fitted */
} fc_reg;

/* Fits log(y) on calendar features over days 0..n_train-1 (y NAN or <= 0 = not
 * fitted). simple: no trend, no annual terms (short histories). */
pp_status fc_reg_fit(const fc_calendar *cal, const double *y, size_t n_train, bool simple,
                     fc_reg *m, pp_error *err);
void fc_reg_free(fc_reg *m);

/* How fc_reg_fit solves its ridge normal equations (X'WX + L) beta = X'Wz + L beta0:
 * AUTO = a dense Cholesky up to FC_SPARSE_MIN_COLS columns, conjugate gradients on
 * the sparse design above (the same estimator, to the CG tolerance). DENSE and
 * SPARSE force a path (tests). Process-wide, like the engine's GSL handler: set
 * it only while no forecast runs. */
typedef enum fc_solve_mode { FC_SOLVE_AUTO = 0, FC_SOLVE_DENSE, FC_SOLVE_SPARSE } fc_solve_mode;
#define FC_SPARSE_MIN_COLS 401
void fc_set_solve_mode(fc_solve_mode mode);
/* Statistics of the calling thread's last sparse fit (tests, benchmarks): CG iterations
 * summed over the IRLS steps, and the largest relative residual accepted. */
void fc_last_sparse_stats(size_t *cg_iterations, double *max_rel_residual);
/* Log-scale prediction for day d; *non_weekly (may be NULL) receives the part
 * that is neither level, trend nor the plain weekday effect (events, annual
 * season, make-up shift), which the exponential smoothing model borrows. */
double fc_reg_predict(const fc_reg *m, const fc_calendar *cal, size_t d, double *non_weekly);

/* Holt-Winters (additive, on log scale, damped trend, weekly season) fitted on
 * the event-adjusted series; forecasts days n_train..n_train+h-1 into out (log). */
pp_status fc_ets_forecast(const fc_reg *m, const fc_calendar *cal, const double *y,
                          size_t n_train, size_t h, double *out, pp_error *err);

/* True if day d is predicted closed (weekday or event kind closed in history). */
bool fc_day_closed(const fc_calendar *cal, const double *y, size_t n_train, size_t d);

/* ---- intraday.c ------------------------------------------------------- */

typedef struct fc_shapes {
    size_t spd;         /* slots per day */
    double *dow;        /* 7 * spd; rows with dow_n < 2 are copies of the group shape */
    size_t dow_n[7];
    double *weekday;    /* spd: pooled Mon-Fri */
    double *kind;       /* nk * spd */
    size_t *kind_n;     /* nk */
    size_t nk;
} fc_shapes;

/* Intraday shapes from up to 8 recent clean days per weekday before n_train.
 * vol: nh*spd interval volumes; y: daily totals; robw: robust weights or NULL. */
pp_status fc_shapes_build(const fc_calendar *cal, const double *vol, const double *y,
                          const double *robw, size_t n_train, size_t spd, fc_shapes *s,
                          pp_error *err);
void fc_shapes_free(fc_shapes *s);
/* The normalised shape (sums to 1, or all 0) for calendar day d. */
void fc_shape_for_day(const fc_shapes *s, const fc_calendar *cal, size_t d, double *shape);

typedef struct fc_aht {
    bool have;
    double level, slope;   /* seconds at day n_train-1, seconds per day */
    size_t n_train;
    double type_ratio[2];  /* weekday, weekend */
    double *slot_ratio;    /* 2 * spd */
    size_t spd;
} fc_aht;

pp_status fc_aht_fit(const fc_calendar *cal, const double *vol, const double *aht,
                     size_t n_train, size_t spd, fc_aht *a, pp_error *err);
void fc_aht_free(fc_aht *a);
double fc_aht_at(const fc_aht *a, const fc_calendar *cal, size_t d, size_t slot,
                 double default_aht);

/* Quantiles of a count with mean f, relative (log) spread sigma and kappa times
 * Poisson noise (variance f^2 (exp(sigma^2) - 1) + kappa f), as a moment-matched
 * log-normal. */
void fc_quantiles(double f, double sigma, double kappa, double *p10, double *p50, double *p90);

#endif
