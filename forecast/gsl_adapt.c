/*
 * gsl_adapt.c -- the engine's only contact with GSL (STYLE.md 2.5, 3.4).
 *
 * Every call runs over views of our own arrays, with GSL's error handler
 * swapped for one that records the reason (GSL's default handler aborts,
 * which a library must never do) and restored afterwards. A failure becomes
 * PP_ENUMERIC with gsl_strerror and the recorded reason. GSL's handler is
 * process-global, so the engine is single-threaded by contract.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_vector.h>
#include <stdio.h>
#include <string.h>

#include "fc_internal.h"

static _Thread_local char last_reason[256];

static void record_reason(const char *reason, const char *file, int line, int gsl_errno)
{
    snprintf(last_reason, sizeof last_reason, "%s (%s:%d, gsl_errno=%d)", reason, file, line,
             gsl_errno);
}

pp_status fc_spd_solve(double *A, const double *b, double *x, size_t n, pp_error *err)
{
    gsl_matrix_view Av = gsl_matrix_view_array(A, n, n);
    gsl_vector_const_view bv = gsl_vector_const_view_array(b, n);
    gsl_vector_view xv = gsl_vector_view_array(x, n);
    last_reason[0] = '\0';
    gsl_error_handler_t *prev = gsl_set_error_handler(record_reason);
    int rc = gsl_linalg_cholesky_decomp1(&Av.matrix);
    if (rc == GSL_SUCCESS)
        rc = gsl_linalg_cholesky_solve(&Av.matrix, &bv.vector, &xv.vector);
    gsl_set_error_handler(prev);
    if (rc != GSL_SUCCESS)
        return pp_error_set(err, PP_ENUMERIC, "cholesky: %s: %s", gsl_strerror(rc), last_reason);
    return PP_OK;
}

struct mm_ctx {
    fc_objective f;
    void *ctx;
};

static double mm_eval(const gsl_vector *v, void *params)
{
    const struct mm_ctx *c = params;
    double x[8];
    for (size_t i = 0; i < v->size; i++)
        x[i] = gsl_vector_get(v, i);
    return c->f(x, c->ctx);
}

pp_status fc_minimize(fc_objective f, void *ctx, double *x, const double *step, size_t n,
                      size_t max_iter, pp_error *err)
{
    if (n == 0 || n > 8)
        return pp_error_set(err, PP_EINTERNAL, "fc_minimize: bad dimension %zu", n);
    struct mm_ctx c = {f, ctx};
    gsl_multimin_function fn = {.f = mm_eval, .n = n, .params = &c};
    gsl_vector_view xv = gsl_vector_view_array(x, n);
    gsl_vector_const_view sv = gsl_vector_const_view_array(step, n);
    last_reason[0] = '\0';
    gsl_error_handler_t *prev = gsl_set_error_handler(record_reason);
    pp_status st = PP_OK;
    int rc = GSL_SUCCESS;
    gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
    if (!m) {
        st = pp_error_set(err, PP_ENOMEM, "multimin: %s", last_reason);
        goto cleanup;
    }
    rc = gsl_multimin_fminimizer_set(m, &fn, &xv.vector, &sv.vector);
    for (size_t it = 0; rc == GSL_SUCCESS && it < max_iter; it++) {
        rc = gsl_multimin_fminimizer_iterate(m);
        if (rc != GSL_SUCCESS)
            break;
        double size = gsl_multimin_fminimizer_size(m);
        if (gsl_multimin_test_size(size, 1e-4) == GSL_SUCCESS)
            break;
    }
    /* GSL_ENOPROG (no progress) still leaves the best vertex found: use it. */
    if (rc == GSL_SUCCESS || rc == GSL_ENOPROG) {
        const gsl_vector *best = gsl_multimin_fminimizer_x(m);
        for (size_t i = 0; i < n; i++)
            x[i] = gsl_vector_get(best, i);
    } else {
        st = pp_error_set(err, PP_ENUMERIC, "multimin: %s: %s", gsl_strerror(rc), last_reason);
    }
cleanup:
    gsl_multimin_fminimizer_free(m);
    gsl_set_error_handler(prev);
    return st;
}
