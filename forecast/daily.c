/*
 * daily.c -- the daily-level models (see the essay in forecast.c).
 *
 * 1. Robust ridge regression of log(daily volume) on calendar features,
 *    fitted by iteratively reweighted least squares: Huber weights until the
 *    residual scale settles, then Tukey's bisquare with that scale fixed (an
 *    MM-style fit), so an outage day gets weight 0 instead of bending the
 *    weekday or trend terms. Every non-intercept coefficient has a Gaussian
 *    prior (a ridge row): event coefficients shrink toward the kind's
 *    uplift_pct (or toward no effect), with a penalty sigma^2/tau^2 that
 *    makes a kind seen once count about as much as the data allows.
 *    Observations are weighted by recency (half-life one year) so the level
 *    and weekday pattern follow the recent past.
 * 2. Holt-Winters (additive on log scale: level, damped trend, weekly season)
 *    on the series with the regression's event, annual and make-up effects
 *    removed; alpha/beta/gamma/phi minimise a Huber loss of the one-step
 *    errors via Nelder-Mead (gsl_multimin). Zero, missing and outlier days
 *    are skipped (the state coasts) and innovations are clipped.
 *
 * Solving the regression. Each IRLS step solves the ridge normal equations
 *     (X'WX + L) beta = X'Wz + L beta0,   L = diag(scale^2 / tau_j^2).
 * Up to FC_SPARSE_MIN_COLS - 1 columns this is a dense Cholesky (GSL), as it
 * always was. Every (event kind, role) pair seen in training is a column, so
 * a calendar with hundreds of kinds gives thousands of columns, and the dense
 * build (days x columns^2) and factorisation (columns^3) took minutes to hours
 * (issue 18: 350 kinds, 31 minutes). But a kind touches only the few days
 * around its occurrences: X is sparse (about 20 calendar columns plus one
 * per active kind per row). Above the threshold the same system is solved
 * by preconditioned conjugate gradients with the operator
 * v -> X'(W(Xv)) + Lv, X kept by rows (the calendar part dense, the event
 * entries, all 1, as column lists), so an iteration costs O(nnz(X) + columns)
 * and memory is O(nnz(X) + columns). The preconditioner is block
 * Jacobi: the dense calendar block (intercept, trend, weekday, annual terms;
 * at most 20 columns, strongly correlated with each other) is factored
 * exactly, the event columns use their diagonal. CG starts from the previous
 * IRLS step's beta and stops at a relative residual of 1e-13 (the true
 * residual, recomputed every 50 steps), so the two paths agree to far below
 * the printed precision: ~1e-9 on the forecast either side of the threshold
 * (tests/unit/test_forecast.c checks 1e-6), ~1e-7 on the coefficients where
 * there are about as many columns as fitted days, the hardest case for CG
 * (the ridge is then all that pins down the near-dependent event columns).
 * Tried and dropped: an IC(0) preconditioner on the event block (25 % fewer
 * iterations, not worth its code); an exact event block cuts them 20-fold but
 * costs columns^3 again.
 *
 * Why one file.  The regression, its robust reweighting, the ridge priors and
 * the residual model share one design matrix layout and one fit state; split
 * apart, each piece would need the layout's private offsets.  About 850 lines.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "fc_internal.h"
#include "peakplan/interrupt.h"

#define FOURIER_K 6
#define TWO_PI 6.283185307179586
#define HALF_LIFE_DAYS 365.0
#define TAU_DURING 0.5
#define TAU_WINDOW 0.25
#define TAU_FOURIER 0.2
#define TAU_DOW 1.0
#define TAU_TREND 0.5
#define CG_RTOL 1e-13       /* stop: ||b - A x|| <= CG_RTOL ||b|| */
#define CG_ACCEPT 1e-7      /* not converged but this close: accept (reported in stats) */
#define CG_MIN_ITERS 2000   /* iteration cap: CG_MIN_ITERS + 10 * columns */

static fc_solve_mode solve_mode = FC_SOLVE_AUTO; /* written by tests only */
static _Thread_local size_t last_cg_iters;     /* statistics of this thread's last sparse fit */
static _Thread_local double last_cg_resid;

void fc_set_solve_mode(fc_solve_mode mode) { solve_mode = mode; }

void fc_last_sparse_stats(size_t *cg_iterations, double *max_rel_residual)
{
    if (cg_iterations)
        *cg_iterations = last_cg_iters;
    if (max_rel_residual)
        *max_rel_residual = last_cg_resid;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_inplace(double *v, size_t n)
{
    if (n == 0)
        return 0.0;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

void fc_reg_free(fc_reg *m)
{
    if (!m)
        return;
    pp_free(m->beta);
    pp_free(m->evcol);
    pp_free(m->robw);
    memset(m, 0, sizeof *m);
}

static size_t first_dow_col(const fc_reg *m) { return 1 + (m->trend ? 1 : 0); }
static size_t first_fourier_col(const fc_reg *m) { return first_dow_col(m) + 6; }

/* The weekday part of a row: plain dummies (Monday = baseline), or for a
 * make-up workday the average of the Monday..Friday rows. */
static void dow_part(const fc_calendar *cal, size_t d, double *x6)
{
    memset(x6, 0, 6 * sizeof *x6);
    if (cal->makeup[d]) {
        for (int j = 0; j < 4; j++)
            x6[j] = 0.2; /* Tue..Fri; Monday (baseline) is the fifth 0.2 */
        return;
    }
    if (cal->dow[d] > 0)
        x6[cal->dow[d] - 1] = 1.0;
}

/* Columns before the first event column: intercept, trend, weekday, annual terms. */
static size_t n_calendar_cols(const fc_reg *m)
{
    return first_fourier_col(m) + 2 * (size_t)m->fourier;
}
#define MAX_CAL_COLS (1 + 1 + 6 + 2 * FOURIER_K)

/* Fills the calendar part of day d's row (the first n_calendar_cols(m) entries). */
static void calendar_part(const fc_reg *m, const fc_calendar *cal, size_t d, double *x)
{
    x[0] = 1.0;
    if (m->trend)
        x[1] = ((double)d - (double)(m->n_train - 1)) / 365.25;
    dow_part(cal, d, x + first_dow_col(m));
    size_t c = first_fourier_col(m);
    for (int k = 1; k <= m->fourier; k++) {
        double a = TWO_PI * k * cal->doy[d];
        x[c++] = sin(a);
        x[c++] = cos(a);
    }
}

/* Fills the full feature row of day d (length m->p). */
static void reg_row(const fc_reg *m, const fc_calendar *cal, size_t d, double *x)
{
    memset(x, 0, m->p * sizeof *x);
    calendar_part(m, cal, d, x);
    for (size_t k = 0; k < cal->nk; k++) {
        unsigned r = cal->role[d * cal->nk + k];
        if (r == 0)
            continue;
        long col = m->evcol[k * cal->nroles + r];
        if (col >= 0)
            x[col] = 1.0;
    }
}

/* Effect of event roles that have no column (not seen in training): the
 * kind's prior on its days, nothing around them. */
static double unseen_event_effect(const fc_reg *m, const fc_calendar *cal, size_t d)
{
    double s = 0.0;
    for (size_t k = 0; k < cal->nk; k++) {
        unsigned r = cal->role[d * cal->nk + k];
        if (r == 0 || m->evcol[k * cal->nroles + r] >= 0)
            continue;
        if (fc_role_is_during(cal, r) && !cal->kind_makeup[k])
            s += cal->prior[k];
    }
    return s;
}

double fc_reg_predict(const fc_reg *m, const fc_calendar *cal, size_t d, double *non_weekly)
{
    double x[512];
    double f = 0.0, trend_x = 0.0;
    if (m->p <= 512) {
        reg_row(m, cal, d, x);
        for (size_t j = 0; j < m->p; j++)
            f += x[j] * m->beta[j];
        trend_x = x[1];
    } else {
        /* Wide (sparse-path) models: the calendar part, then the active event
         * columns in increasing column order -- the same sum without the zeros. */
        size_t nc = n_calendar_cols(m);
        calendar_part(m, cal, d, x);
        for (size_t j = 0; j < nc; j++)
            f += x[j] * m->beta[j];
        trend_x = x[1];
        for (size_t k = 0; k < cal->nk; k++) {
            unsigned r = cal->role[d * cal->nk + k];
            long col = r ? m->evcol[k * cal->nroles + r] : -1;
            if (col >= 0)
                f += m->beta[col];
        }
    }
    f += unseen_event_effect(m, cal, d);
    if (non_weekly) {
        /* base = level + trend + the plain weekday effect of d's weekday */
        double base = m->beta[0] + (m->trend ? trend_x * m->beta[1] : 0.0);
        if (cal->dow[d] > 0)
            base += m->beta[first_dow_col(m) + cal->dow[d] - 1];
        *non_weekly = f - base;
    }
    return f;
}

/* ---- the sparse path (see the essay at the top) ----------------------- */

/* X by rows: the calendar part dense (n x nc), the event part as the list of
 * its columns (every event entry is 1), in increasing column order. */
typedef struct sp_design {
    size_t n, p, nc;  /* rows, columns, calendar columns (0 .. nc-1) */
    double *cal;      /* n * nc */
    size_t *ptr;      /* n + 1: row i's event columns are col[ptr[i] .. ptr[i+1]) */
    size_t *col;
} sp_design;

static void sp_design_free(sp_design *X)
{
    pp_free(X->cal);
    pp_free(X->ptr);
    pp_free(X->col);
    memset(X, 0, sizeof *X);
}

/* Builds the rows of the fitted days (the same values as reg_row). */
static pp_status sp_design_build(const fc_reg *m, const fc_calendar *cal, const size_t *rows,
                                 size_t nfit, sp_design *X, pp_error *err)
{
    memset(X, 0, sizeof *X);
    X->n = nfit;
    X->p = m->p;
    X->nc = n_calendar_cols(m);
    size_t nnz = 0;
    for (size_t i = 0; i < nfit; i++) {
        size_t d = rows[i];
        for (size_t k = 0; k < cal->nk; k++) {
            unsigned r = cal->role[d * cal->nk + k];
            nnz += r && m->evcol[k * cal->nroles + r] >= 0;
        }
    }
    X->cal = pp_malloc(nfit * X->nc * sizeof *X->cal);
    X->ptr = pp_malloc((nfit + 1) * sizeof *X->ptr);
    X->col = pp_malloc((nnz ? nnz : 1) * sizeof *X->col);
    if (!X->cal || !X->ptr || !X->col) {
        sp_design_free(X);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    size_t at = 0;
    for (size_t i = 0; i < nfit; i++) {
        size_t d = rows[i];
        calendar_part(m, cal, d, X->cal + i * X->nc);
        X->ptr[i] = at;
        for (size_t k = 0; k < cal->nk; k++) {
            unsigned r = cal->role[d * cal->nk + k];
            long c = r ? m->evcol[k * cal->nroles + r] : -1;
            if (c >= 0)
                X->col[at++] = (size_t)c;
        }
    }
    X->ptr[nfit] = at;
    return PP_OK;
}

/* Four partial sums: independent chains the CPU can overlap. */
static double dot(const double *a, const double *b, size_t n)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        s0 += a[j] * b[j];
        s1 += a[j + 1] * b[j + 1];
        s2 += a[j + 2] * b[j + 2];
        s3 += a[j + 3] * b[j + 3];
    }
    for (; j < n; j++)
        s0 += a[j] * b[j];
    return (s0 + s1) + (s2 + s3);
}

/* Row i of X times v. */
static double sp_row_dot(const sp_design *X, size_t i, const double *v)
{
    double s = dot(X->cal + i * X->nc, v, X->nc);
    for (size_t k = X->ptr[i]; k < X->ptr[i + 1]; k++)
        s += v[X->col[k]];
    return s;
}

/* out += s * (row i of X). */
static void sp_row_axpy(const sp_design *X, size_t i, double s, double *out)
{
    const double *c = X->cal + i * X->nc;
    for (size_t j = 0; j < X->nc; j++)
        out[j] += s * c[j];
    for (size_t k = X->ptr[i]; k < X->ptr[i + 1]; k++)
        out[X->col[k]] += s;
}

/* out = (X'WX + diag(lam)) v. */
static void sp_apply(const sp_design *X, const double *w, const double *lam, const double *v,
                     double *out)
{
    for (size_t j = 0; j < X->p; j++)
        out[j] = lam[j] * v[j];
    for (size_t i = 0; i < X->n; i++)
        if (w[i] > 0)
            sp_row_axpy(X, i, w[i] * sp_row_dot(X, i, v), out);
}

/* Block-Jacobi preconditioner: the calendar block of X'WX + L factored
 * (Cholesky, lower, in L), the event columns by their diagonal (dinv). */
typedef struct sp_precond {
    size_t nc;
    bool chol;           /* false: the calendar block failed to factor, diagonal only */
    double L[MAX_CAL_COLS * MAX_CAL_COLS];
    double *dinv;        /* p */
} sp_precond;

static void sp_precond_build(const sp_design *X, const double *w, const double *lam,
                             sp_precond *M)
{
    size_t nc = X->nc;
    M->nc = nc;
    memset(M->L, 0, sizeof M->L);
    for (size_t j = 0; j < X->p; j++)
        M->dinv[j] = lam[j];
    for (size_t j = 0; j < nc; j++)
        M->L[j * nc + j] = lam[j];
    for (size_t i = 0; i < X->n; i++) {
        if (w[i] <= 0)
            continue;
        const double *c = X->cal + i * nc;
        for (size_t j = 0; j < nc; j++) {
            double wx = w[i] * c[j];
            for (size_t l = 0; l <= j; l++)
                M->L[j * nc + l] += wx * c[l];
        }
        for (size_t k = X->ptr[i]; k < X->ptr[i + 1]; k++)
            M->dinv[X->col[k]] += w[i];
    }
    for (size_t j = 0; j < nc; j++)
        M->dinv[j] = M->L[j * nc + j];
    for (size_t j = 0; j < X->p; j++)
        M->dinv[j] = M->dinv[j] > 0 ? 1.0 / M->dinv[j] : 1.0;
    /* In-place Cholesky of the lower triangle. */
    M->chol = true;
    for (size_t j = 0; j < nc && M->chol; j++) {
        double djj = M->L[j * nc + j];
        for (size_t k = 0; k < j; k++)
            djj -= M->L[j * nc + k] * M->L[j * nc + k];
        if (!(djj > 0)) {
            M->chol = false;
            break;
        }
        djj = sqrt(djj);
        M->L[j * nc + j] = djj;
        for (size_t i = j + 1; i < nc; i++) {
            double s = M->L[i * nc + j];
            for (size_t k = 0; k < j; k++)
                s -= M->L[i * nc + k] * M->L[j * nc + k];
            M->L[i * nc + j] = s / djj;
        }
    }
}

static void sp_precond_apply(const sp_precond *M, size_t p, const double *r, double *z)
{
    size_t nc = M->nc, from = 0;
    if (M->chol) {
        for (size_t i = 0; i < nc; i++) { /* L y = r */
            double s = r[i];
            for (size_t k = 0; k < i; k++)
                s -= M->L[i * nc + k] * z[k];
            z[i] = s / M->L[i * nc + i];
        }
        for (size_t i = nc; i-- > 0;) { /* L' z = y */
            double s = z[i];
            for (size_t k = i + 1; k < nc; k++)
                s -= M->L[k * nc + i] * z[k];
            z[i] = s / M->L[i * nc + i];
        }
        from = nc;
    }
    for (size_t j = from; j < p; j++)
        z[j] = r[j] * M->dinv[j];
}



/* Scratch of the sparse path: five p-vectors. */
typedef struct sp_work {
    double *r, *z, *d, *q;
    sp_precond M;
} sp_work;

/* Preconditioned conjugate gradients for (X'WX + diag(lam)) x = b, from the
 * x passed in. PP_ENUMERIC if it does not get within CG_ACCEPT; PP_EINTERNAL
 * ("interrupted") on an interrupt request. */
static pp_status sp_cg(const sp_design *X, const double *w, const double *lam, const double *b,
                       double *x, sp_work *ws, pp_error *err)
{
    size_t p = X->p;
    double *r = ws->r, *z = ws->z, *d = ws->d, *q = ws->q;
    sp_precond_build(X, w, lam, &ws->M);
    double bnorm = sqrt(dot(b, b, p));
    if (bnorm == 0.0) {
        memset(x, 0, p * sizeof *x);
        return PP_OK;
    }
    sp_apply(X, w, lam, x, q);
    for (size_t j = 0; j < p; j++)
        r[j] = b[j] - q[j];
    double rel = sqrt(dot(r, r, p)) / bnorm;
    sp_precond_apply(&ws->M, p, r, z);
    memcpy(d, z, p * sizeof *d);
    double rz = dot(r, z, p);
    size_t max_iter = CG_MIN_ITERS + 10 * p, it = 0;
    for (; it < max_iter && rel > CG_RTOL; it++) {
        if (pp_interrupt_requested())
            return pp_error_set(err, PP_EINTERNAL, "interrupted");
        sp_apply(X, w, lam, d, q);
        double dq = dot(d, q, p);
        if (!(dq > 0))
            break; /* direction of no curvature: as far as CG can go */
        double alpha = rz / dq;
        for (size_t j = 0; j < p; j++) {
            x[j] += alpha * d[j];
            r[j] -= alpha * q[j];
        }
        /* Every 50 iterations, replace the recurrence residual by the true one. */
        if ((it + 1) % 50 == 0) {
            sp_apply(X, w, lam, x, q);
            for (size_t j = 0; j < p; j++)
                r[j] = b[j] - q[j];
        }
        rel = sqrt(dot(r, r, p)) / bnorm;
        sp_precond_apply(&ws->M, p, r, z);
        double rz_new = dot(r, z, p);
        double beta = rz_new / rz;
        rz = rz_new;
        for (size_t j = 0; j < p; j++)
            d[j] = z[j] + beta * d[j];
    }
    /* The true residual decides. */
    sp_apply(X, w, lam, x, q);
    for (size_t j = 0; j < p; j++)
        r[j] = b[j] - q[j];
    rel = sqrt(dot(r, r, p)) / bnorm;
    last_cg_iters += it;
    if (rel > last_cg_resid)
        last_cg_resid = rel;
    if (!(rel <= CG_ACCEPT))
        return pp_error_set(err, PP_ENUMERIC,
                            "conjugate gradients: relative residual %.3g after %zu iterations "
                            "(%zu columns)", rel, it, p);
    return PP_OK;
}

/* b = X'Wz + lam .* beta0. */
static void sp_rhs(const sp_design *X, const double *w, const double *z, const double *lam,
                   const double *beta0, double *b)
{
    for (size_t j = 0; j < X->p; j++)
        b[j] = lam[j] * beta0[j];
    for (size_t i = 0; i < X->n; i++)
        if (w[i] > 0)
            sp_row_axpy(X, i, w[i] * z[i], b);
}

pp_status fc_reg_fit(const fc_calendar *cal, const double *y, size_t n_train, bool simple,
                     fc_reg *m, pp_error *err)
{
    memset(m, 0, sizeof *m);
    pp_status st = PP_OK;
    double *X = NULL, *z = NULL, *rec = NULL, *rob = NULL, *A = NULL, *b = NULL, *beta0 = NULL,
           *lam = NULL, *res = NULL, *tmp = NULL, *newb = NULL, *wt = NULL;
    double inv_tau2[512];
    double *itau = NULL;
    size_t *rows = NULL;
    sp_design S = {0};
    sp_work ws = {0};
    m->n_train = n_train;
    m->trend = !simple;
    m->fourier = (!simple && n_train >= 365 + 28) ? FOURIER_K : 0;
    m->evcol = pp_malloc((cal->nk ? cal->nk : 1) * cal->nroles * sizeof *m->evcol);
    m->robw = pp_calloc(n_train ? n_train : 1, sizeof *m->robw);
    rows = pp_malloc((n_train ? n_train : 1) * sizeof *rows);
    if (!m->evcol || !m->robw || !rows) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    size_t nfit = 0;
    for (size_t d = 0; d < n_train; d++)
        if (isfinite(y[d]) && y[d] > 0)
            rows[nfit++] = d;
    if (nfit == 0) {
        st = pp_error_set(err, PP_EINVAL, "no day with contacts in the history");
        goto cleanup;
    }
    /* Event columns only for (kind, role) pairs seen on a fitted day. */
    size_t p = first_fourier_col(m) + 2 * (size_t)m->fourier;
    for (size_t i = 0; i < cal->nk * cal->nroles; i++)
        m->evcol[i] = -1;
    for (size_t i = 0; i < nfit; i++) {
        size_t d = rows[i];
        for (size_t k = 0; k < cal->nk; k++) {
            unsigned r = cal->role[d * cal->nk + k];
            if (r && m->evcol[k * cal->nroles + r] < 0)
                m->evcol[k * cal->nroles + r] = -2; /* seen; numbered below */
        }
    }
    for (size_t i = 0; i < cal->nk * cal->nroles; i++)
        if (m->evcol[i] == -2)
            m->evcol[i] = (long)p++;
    m->p = p;
    bool sparse = solve_mode == FC_SOLVE_SPARSE ||
                  (solve_mode == FC_SOLVE_AUTO && p >= FC_SPARSE_MIN_COLS);
    if (sparse) {
        st = sp_design_build(m, cal, rows, nfit, &S, err);
        if (st != PP_OK)
            goto cleanup;
        ws.r = pp_malloc(p * sizeof *ws.r);
        ws.z = pp_malloc(p * sizeof *ws.z);
        ws.d = pp_malloc(p * sizeof *ws.d);
        ws.q = pp_malloc(p * sizeof *ws.q);
        ws.M.dinv = pp_malloc(p * sizeof *ws.M.dinv);
        wt = pp_malloc(nfit * sizeof *wt);
        if (!ws.r || !ws.z || !ws.d || !ws.q || !ws.M.dinv || !wt) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto cleanup;
        }
    } else {
        X = pp_malloc(nfit * p * sizeof *X);
        A = pp_malloc(p * p * sizeof *A);
        if (!X || !A) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    z = pp_malloc(nfit * sizeof *z);
    rec = pp_malloc(nfit * sizeof *rec);
    rob = pp_malloc(nfit * sizeof *rob);
    res = pp_malloc(nfit * sizeof *res);
    tmp = pp_malloc(nfit * sizeof *tmp);
    b = pp_malloc(p * sizeof *b);
    beta0 = pp_calloc(p, sizeof *beta0);
    lam = pp_malloc(p * sizeof *lam);
    newb = pp_malloc(p * sizeof *newb);
    m->beta = pp_calloc(p, sizeof *m->beta);
    itau = p <= 512 ? inv_tau2 : pp_malloc(p * sizeof *itau);
    if (!z || !rec || !rob || !res || !tmp || !b || !beta0 || !lam || !newb || !m->beta ||
        !itau) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < nfit; i++) {
        size_t d = rows[i];
        if (!sparse)
            reg_row(m, cal, d, X + i * p);
        z[i] = log(y[d]);
        rec[i] = pow(0.5, (double)(n_train - 1 - d) / HALF_LIFE_DAYS);
        rob[i] = 1.0;
    }
    /* Prior means and precisions (tau = prior sd on log scale). */
    itau[0] = 1e-8;
    if (m->trend)
        itau[1] = 1.0 / (TAU_TREND * TAU_TREND);
    for (size_t j = first_dow_col(m); j < first_dow_col(m) + 6; j++)
        itau[j] = 1.0 / (TAU_DOW * TAU_DOW);
    for (size_t j = first_fourier_col(m); j < first_fourier_col(m) + 2 * (size_t)m->fourier; j++)
        itau[j] = 1.0 / (TAU_FOURIER * TAU_FOURIER);
    for (size_t k = 0; k < cal->nk; k++)
        for (size_t r = 1; r < cal->nroles; r++) {
            long col = m->evcol[k * cal->nroles + r];
            if (col < 0)
                continue;
            bool during = fc_role_is_during(cal, (unsigned)r);
            itau[col] = during ? 1.0 / (TAU_DURING * TAU_DURING) : 1.0 / (TAU_WINDOW * TAU_WINDOW);
            beta0[col] = (during && !cal->kind_makeup[k]) ? cal->prior[k] : 0.0;
        }
    if (sparse) {
        last_cg_iters = 0;
        last_cg_resid = 0.0;
    }
    /* Start with the intercept at the median so the first residuals are sane. */
    double scale = 0.1;
    const int huber_iters = 4, max_iters = 12;
    for (int it = 0; it < max_iters; it++) {
        if (pp_interrupt_requested()) {
            st = pp_error_set(err, PP_EINTERNAL, "interrupted");
            goto cleanup;
        }
        for (size_t j = 0; j < p; j++)
            lam[j] = scale * scale * itau[j];
        if (sparse) {
            for (size_t i = 0; i < nfit; i++)
                wt[i] = rec[i] * rob[i];
            sp_rhs(&S, wt, z, lam, beta0, b);
            memcpy(newb, m->beta, p * sizeof *newb); /* warm start */
            st = sp_cg(&S, wt, lam, b, newb, &ws, err);
            if (st != PP_OK)
                goto cleanup;
        } else {
            memset(A, 0, p * p * sizeof *A);
            for (size_t j = 0; j < p; j++) {
                A[j * p + j] = lam[j];
                b[j] = lam[j] * beta0[j];
            }
            for (size_t i = 0; i < nfit; i++) {
                double w = rec[i] * rob[i];
                if (w <= 0)
                    continue;
                const double *x = X + i * p;
                for (size_t j = 0; j < p; j++) {
                    if (x[j] == 0.0)
                        continue;
                    double wx = w * x[j];
                    b[j] += wx * z[i];
                    double *Aj = A + j * p;
                    for (size_t l = 0; l <= j; l++)
                        Aj[l] += wx * x[l];
                }
            }
            for (size_t j = 0; j < p; j++)
                for (size_t l = j + 1; l < p; l++)
                    A[j * p + l] = A[l * p + j];
            st = fc_spd_solve(A, b, newb, p, err);
            if (st != PP_OK)
                goto cleanup;
        }
        double change = 0.0;
        for (size_t j = 0; j < p; j++) {
            change = fmax(change, fabs(newb[j] - m->beta[j]));
            m->beta[j] = newb[j];
        }
        for (size_t i = 0; i < nfit; i++) {
            double f = 0.0;
            if (sparse) {
                f = sp_row_dot(&S, i, m->beta);
            } else {
                const double *x = X + i * p;
                for (size_t j = 0; j < p; j++)
                    f += x[j] * m->beta[j];
            }
            res[i] = z[i] - f;
        }
        if (it < huber_iters) {
            for (size_t i = 0; i < nfit; i++)
                tmp[i] = fabs(res[i]);
            scale = fmax(1.4826 * median_inplace(tmp, nfit), 1e-3);
        }
        for (size_t i = 0; i < nfit; i++) {
            double u = res[i] / scale;
            if (it + 1 < huber_iters) {
                const double c = 1.345;
                rob[i] = fabs(u) <= c ? 1.0 : c / fabs(u);
            } else {
                const double c = 4.685;
                double t = u / c;
                rob[i] = fabs(t) < 1.0 ? (1 - t * t) * (1 - t * t) : 0.0;
            }
        }
        if (it >= huber_iters && change < 1e-7)
            break;
    }
    m->scale = scale;
    for (size_t i = 0; i < nfit; i++)
        m->robw[rows[i]] = rob[i];
cleanup:
    if (itau != inv_tau2)
        pp_free(itau);
    sp_design_free(&S);
    pp_free(ws.r);
    pp_free(ws.z);
    pp_free(ws.d);
    pp_free(ws.q);
    pp_free(ws.M.dinv);
    pp_free(wt);
    pp_free(X);
    pp_free(z);
    pp_free(rec);
    pp_free(rob);
    pp_free(res);
    pp_free(tmp);
    pp_free(A);
    pp_free(b);
    pp_free(beta0);
    pp_free(lam);
    pp_free(newb);
    pp_free(rows);
    if (st != PP_OK)
        fc_reg_free(m);
    return st;
}

/* ---- Holt-Winters --------------------------------------------------- */

struct ets_ctx {
    const double *z;          /* n, NAN = skip */
    const unsigned char *dow; /* n */
    size_t n, warm;
    double clip;
    double l0, s0[7];
};

static double logistic(double x) { return 1.0 / (1.0 + exp(-x)); }

static void ets_params(const double *x, double *a, double *b, double *g, double *phi)
{
    *a = 0.02 + 0.96 * logistic(x[0]);
    *b = *a * 0.3 * logistic(x[1]);
    *g = (1.0 - *a) * 0.5 * logistic(x[2]);
    *phi = 0.80 + 0.18 * logistic(x[3]);
}

/* Runs the recursions; returns the Huber loss; leaves the final state. */
static double ets_run(const double *x, const struct ets_ctx *c, double *lo, double *bo,
                      double *so)
{
    double a, be, g, phi;
    ets_params(x, &a, &be, &g, &phi);
    double l = c->l0, b = 0.0, s[7];
    memcpy(s, c->s0, sizeof s);
    double loss = 0.0;
    for (size_t t = 0; t < c->n; t++) {
        int w = c->dow[t];
        double f = l + phi * b + s[w];
        if (isnan(c->z[t])) {
            l += phi * b;
            b *= phi;
            continue;
        }
        double e = c->z[t] - f;
        double ec = e > c->clip ? c->clip : (e < -c->clip ? -c->clip : e);
        if (t >= c->warm)
            loss += fabs(e) <= c->clip ? e * e : c->clip * (2 * fabs(e) - c->clip);
        double lnew = l + phi * b + a * ec;
        b = phi * b + be * ec; /* be = alpha * beta */
        l = lnew;
        s[w] += g * ec;
    }
    if (lo) {
        *lo = l;
        *bo = b;
        memcpy(so, s, sizeof s);
    }
    return loss;
}

static double ets_objective(const double *x, void *ctx) { return ets_run(x, ctx, NULL, NULL, NULL); }

pp_status fc_ets_forecast(const fc_reg *m, const fc_calendar *cal, const double *y,
                          size_t n_train, size_t h, double *out, pp_error *err)
{
    double *z = pp_malloc((n_train ? n_train : 1) * sizeof *z);
    if (!z)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    size_t first = n_train;
    for (size_t t = 0; t < n_train; t++) {
        double nw;
        z[t] = NAN;
        if (isfinite(y[t]) && y[t] > 0 && m->robw[t] >= 0.3) {
            fc_reg_predict(m, cal, t, &nw);
            z[t] = log(y[t]) - nw;
            if (first == n_train)
                first = t;
        }
    }
    /* Seed level and season from the first four weeks with data. */
    struct ets_ctx c = {.z = z, .dow = cal->dow, .n = n_train, .clip = 2.5 * fmax(m->scale, 0.02)};
    double sum = 0, cnt = 0, ss[7] = {0}, sn[7] = {0};
    size_t end = first + 28 < n_train ? first + 28 : n_train;
    for (size_t t = first; t < end; t++)
        if (!isnan(z[t])) {
            sum += z[t];
            cnt++;
        }
    c.l0 = cnt > 0 ? sum / cnt : 0.0;
    for (size_t t = first; t < end; t++)
        if (!isnan(z[t])) {
            ss[cal->dow[t]] += z[t] - c.l0;
            sn[cal->dow[t]]++;
        }
    double mean_s = 0, ns = 0;
    for (int w = 0; w < 7; w++) {
        c.s0[w] = sn[w] > 0 ? ss[w] / sn[w] : 0.0;
        if (sn[w] > 0) {
            mean_s += c.s0[w];
            ns++;
        }
    }
    for (int w = 0; w < 7; w++)
        if (sn[w] > 0)
            c.s0[w] -= mean_s / ns;
    c.warm = first + 14;
    double x[4] = {-1.0, -1.0, -2.0, 1.5}, step[4] = {1.0, 1.0, 1.0, 1.0};
    pp_status st = fc_minimize(ets_objective, &c, x, step, 4, 200, err);
    if (st != PP_OK) {
        pp_free(z);
        return st;
    }
    double l, b, s[7], a, be, g, phi;
    ets_run(x, &c, &l, &b, s);
    ets_params(x, &a, &be, &g, &phi);
    double damp = 0.0, pw = 1.0;
    for (size_t j = 0; j < h; j++) {
        size_t d = n_train + j;
        pw *= phi;
        damp += pw;
        double nw;
        fc_reg_predict(m, cal, d, &nw);
        out[j] = l + damp * b + s[cal->dow[d]] + nw;
    }
    pp_free(z);
    return PP_OK;
}

/* ---- closed days ---------------------------------------------------- */

bool fc_day_closed(const fc_calendar *cal, const double *y, size_t n_train, size_t d)
{
    for (size_t k = 0; k < cal->nk; k++) {
        unsigned r = cal->role[d * cal->nk + k];
        if (!fc_role_is_during(cal, r))
            continue;
        size_t zeros = 0, total = 0;
        for (size_t t = 0; t < n_train; t++)
            if (fc_role_is_during(cal, cal->role[t * cal->nk + k]) && isfinite(y[t])) {
                total++;
                zeros += y[t] <= 0;
            }
        if (total > 0 ? 2 * zeros >= total : cal->prior_closed[k])
            return true;
    }
    if (cal->makeup[d])
        return false;
    /* A weekday that was closed in most of its last eight non-event weeks. */
    size_t n = 0, zeros = 0;
    for (size_t t = n_train; t-- > 0 && n < 8;) {
        if (cal->dow[t] != cal->dow[d] || !isfinite(y[t]) || fc_day_is_event(cal, t) ||
            cal->makeup[t])
            continue;
        n++;
        zeros += y[t] <= 0;
    }
    return n >= 2 && 4 * zeros >= 3 * n;
}
