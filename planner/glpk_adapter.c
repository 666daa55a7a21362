/*
 * glpk_adapter.c -- the only file that includes <glpk.h>.
 *
 * GLPK aborts the process (xerror) on invalid API use, so everything that
 * could reach xerror is checked here first: index ranges, names over 255
 * bytes, NaN or unordered bounds, non-integral bounds on integer columns
 * (glp_intopt would return GLP_EBOUND), non-finite coefficients and duplicate
 * (row, column) entries (glp_load_matrix aborts on those; we sum them).
 *
 * Solve sequence (why not just glp_intopt with presolve on):
 *   1. glp_simplex on the LP relaxation (no presolve, so the optimal basis
 *      stays with the problem object; glp_intopt needs it when its own
 *      presolver is off).
 *   2. Rounding heuristic: on a copy of the problem, fix every integer column
 *      to a rounding of its LP value (ceil, nearest, floor) and re-solve the
 *      LP for the continuous columns (warm start).  The best feasible one is
 *      the first incumbent.
 *   3. glp_intopt with presolve OFF: the incumbent is handed to GLPK through
 *      glp_ios_heur_sol at the first GLP_IHEUR callback; that call needs the
 *      columns of the original problem, which GLPK's MIP presolver would
 *      renumber.  Our model is already tight (plan.c builds no empty or
 *      redundant rows), so the presolver has little to remove.
 * If step 1 fails numerically, we fall back to glp_intopt with presolve on
 * (no heuristic).  (rc, glp_mip_status) is mapped to our status separately:
 * rc == 0 does not mean optimal, and GLP_ETMLIM / GLP_EMIPGAP may leave an
 * incumbent.  The problem is deleted on every path and the terminal hook is
 * removed again, so GLPK prints nothing.
 */
#include "glpk_adapter.h"

#include <glpk.h>
#include <limits.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void pp_mip_params_init(pp_mip_params *p)
{
    memset(p, 0, sizeof *p);
    p->time_limit_seconds = 60;
    p->mip_gap = 0.005;
    p->rounding_heuristic = true;
}

void pp_glpk_thread_cleanup(void)
{
    glp_free_env();
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* GLPK output is dropped: the library never prints (progress goes through the callback). */
static int silent_hook(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1;
}

typedef struct trip {
    int i, j;
    double v;
} trip;

static int trip_cmp(const void *a, const void *b)
{
    const trip *x = a, *y = b;
    if (x->j != y->j)
        return x->j < y->j ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return 0;
}

static const char *mip_name(const pp_mip *m, const size_t *offs, size_t k)
{
    if (!m->keep_names || !offs || offs[k] == SIZE_MAX)
        return NULL;
    return m->names + offs[k];
}

static pp_status check_bounds(double lb, double ub, bool integer, const char *what, size_t k,
                              const char *name, pp_error *err)
{
    if (isnan(lb) || isnan(ub) || lb > ub || lb == INFINITY || ub == -INFINITY)
        return pp_error_set(err, PP_EINVAL, "model: %s %zu%s%s%s has invalid bounds [%g, %g]",
                            what, k, name ? " (" : "", name ? name : "", name ? ")" : "", lb, ub);
    if (integer && ((isfinite(lb) && lb != floor(lb)) || (isfinite(ub) && ub != floor(ub))))
        return pp_error_set(err, PP_EINVAL,
                            "model: integer %s %zu%s%s%s has fractional bounds [%g, %g]", what, k,
                            name ? " (" : "", name ? name : "", name ? ")" : "", lb, ub);
    return PP_OK;
}

static int bound_type(double lb, double ub)
{
    bool hl = isfinite(lb), hu = isfinite(ub);
    if (hl && hu)
        return lb == ub ? GLP_FX : GLP_DB;
    if (hl)
        return GLP_LO;
    if (hu)
        return GLP_UP;
    return GLP_FR;
}

static pp_status validate(const pp_mip *m, pp_error *err)
{
    if (m->ncols >= INT_MAX / 2 || m->nrows >= INT_MAX / 2 || m->nnz >= INT_MAX / 2)
        return pp_error_set(err, PP_EINVAL, "model: too large for GLPK (%zu rows, %zu columns)",
                            m->nrows, m->ncols);
    for (size_t j = 0; j < m->ncols; j++) {
        const char *nm = mip_name(m, m->col_name, j);
        pp_status st = check_bounds(m->col_lb[j], m->col_ub[j], m->col_int[j], "column", j, nm, err);
        if (st != PP_OK)
            return st;
        if (!isfinite(m->col_cost[j]))
            return pp_error_set(err, PP_EINVAL, "model: column %zu has a non-finite cost", j);
        if (nm && strlen(nm) > 255)
            return pp_error_set(err, PP_EINVAL, "model: column name longer than 255 bytes");
    }
    for (size_t i = 0; i < m->nrows; i++) {
        const char *nm = mip_name(m, m->row_name, i);
        pp_status st = check_bounds(m->row_lb[i], m->row_ub[i], false, "row", i, nm, err);
        if (st != PP_OK)
            return st;
        if (nm && strlen(nm) > 255)
            return pp_error_set(err, PP_EINVAL, "model: row name longer than 255 bytes");
    }
    for (size_t k = 0; k < m->nnz; k++) {
        if (m->ti[k] >= m->nrows || m->tj[k] >= m->ncols)
            return pp_error_set(err, PP_EINVAL, "model: coefficient %zu out of range", k);
        if (!isfinite(m->tv[k]))
            return pp_error_set(err, PP_EINVAL, "model: coefficient %zu is not finite", k);
    }
    if (!isfinite(m->obj_offset))
        return pp_error_set(err, PP_EINVAL, "model: objective constant is not finite");
    return PP_OK;
}

/* Builds the GLPK problem. Returns NULL on out of memory (err set). */
static glp_prob *build(const pp_mip *m, pp_error *err)
{
    trip *t = malloc((m->nnz ? m->nnz : 1) * sizeof *t);
    int *ia = malloc((m->nnz + 1) * sizeof *ia), *ja = malloc((m->nnz + 1) * sizeof *ja);
    double *ar = malloc((m->nnz + 1) * sizeof *ar);
    if (!t || !ia || !ja || !ar) {
        free(t);
        free(ia);
        free(ja);
        free(ar);
        pp_error_set(err, PP_ENOMEM, "model: out of memory");
        return NULL;
    }
    for (size_t k = 0; k < m->nnz; k++)
        t[k] = (trip){(int)m->ti[k] + 1, (int)m->tj[k] + 1, m->tv[k]};
    qsort(t, m->nnz, sizeof *t, trip_cmp);
    int nz = 0;
    for (size_t k = 0; k < m->nnz; k++) {
        if (nz > 0 && ia[nz] == t[k].i && ja[nz] == t[k].j) {
            ar[nz] += t[k].v;
            continue;
        }
        nz++;
        ia[nz] = t[k].i;
        ja[nz] = t[k].j;
        ar[nz] = t[k].v;
    }
    free(t);
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    if (m->nrows)
        glp_add_rows(lp, (int)m->nrows);
    if (m->ncols)
        glp_add_cols(lp, (int)m->ncols);
    for (size_t i = 0; i < m->nrows; i++) {
        int type = bound_type(m->row_lb[i], m->row_ub[i]);
        glp_set_row_bnds(lp, (int)i + 1, type, isfinite(m->row_lb[i]) ? m->row_lb[i] : 0,
                         isfinite(m->row_ub[i]) ? m->row_ub[i] : 0);
        const char *nm = mip_name(m, m->row_name, i);
        if (nm && *nm)
            glp_set_row_name(lp, (int)i + 1, nm);
    }
    for (size_t j = 0; j < m->ncols; j++) {
        int type = bound_type(m->col_lb[j], m->col_ub[j]);
        glp_set_col_bnds(lp, (int)j + 1, type, isfinite(m->col_lb[j]) ? m->col_lb[j] : 0,
                         isfinite(m->col_ub[j]) ? m->col_ub[j] : 0);
        glp_set_obj_coef(lp, (int)j + 1, m->col_cost[j]);
        if (m->col_int[j])
            glp_set_col_kind(lp, (int)j + 1, GLP_IV);
        const char *nm = mip_name(m, m->col_name, j);
        if (nm && *nm)
            glp_set_col_name(lp, (int)j + 1, nm);
    }
    glp_set_obj_coef(lp, 0, m->obj_offset);
    /* Exact zeros after summing duplicates are harmless to GLPK (it stores them). */
    if (nz > 0)
        glp_load_matrix(lp, nz, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    return lp;
}

typedef struct cb_ctx {
    const pp_mip_params *p;
    double t0, last_report;
    const double *heur_x; /* 1-based, NULL = none */
    bool fed;
    double bound;      /* best bound seen in the tree, -INFINITY = none */
    long nodes;
} cb_ctx;

static void report(cb_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(cb_ctx *c, const char *fmt, ...)
{
    if (c->p->verbosity <= 0 || !c->p->progress)
        return;
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    c->p->progress(c->p->progress_userdata, line);
}

static void callback(glp_tree *tree, void *info)
{
    cb_ctx *c = info;
    int reason = glp_ios_reason(tree);
    int best = glp_ios_best_node(tree);
    if (best != 0) {
        double b = glp_ios_node_bound(tree, best);
        if (fabs(b) < 1e300) /* GLPK reports -DBL_MAX before any node is solved */
            c->bound = b;
    }
    int a_cnt, n_cnt, t_cnt;
    glp_ios_tree_size(tree, &a_cnt, &n_cnt, &t_cnt);
    c->nodes = t_cnt;
    if (reason == GLP_IHEUR && c->heur_x && !c->fed) {
        c->fed = true;
        glp_ios_heur_sol(tree, c->heur_x);
    }
    double now = now_seconds();
    if (now - c->last_report >= 5.0) {
        c->last_report = now;
        glp_prob *P = glp_ios_get_prob(tree);
        int ms = glp_mip_status(P);
        if (ms == GLP_FEAS || ms == GLP_OPT)
            report(c, "%6.1f s  nodes %d  incumbent %.2f  bound %.2f  gap %.3f%%", now - c->t0,
                   t_cnt, glp_mip_obj_val(P), c->bound, 100.0 * glp_ios_mip_gap(tree));
        else
            report(c, "%6.1f s  nodes %d  no incumbent yet  bound %.2f", now - c->t0, t_cnt,
                   c->bound);
    }
}

static int ms_left(double deadline)
{
    double left = deadline - now_seconds();
    if (left <= 0.001)
        return 1;
    if (left > 1e6)
        return INT_MAX;
    return (int)ceil(left * 1000.0);
}

static int lp_resolve(glp_prob *h, double deadline)
{
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.meth = GLP_DUALP; /* after tightening bounds the old basis stays dual feasible */
    sp.tm_lim = ms_left(deadline);
    int rc = glp_simplex(h, &sp);
    if (rc != 0 && rc != GLP_ETMLIM) {
        /* the warm basis went bad (singular after many bound changes): start afresh */
        glp_adv_basis(h, 0);
        sp.tm_lim = ms_left(deadline);
        rc = glp_simplex(h, &sp);
    }
    return rc == 0 && glp_get_status(h) == GLP_OPT ? 0 : -1;
}

typedef struct frac_col {
    int j;
    double f;
} frac_col;

static int frac_cmp(const void *a, const void *b)
{
    const frac_col *x = a, *y = b;
    if (x->f != y->f)
        return x->f > y->f ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
}

/* LP diving on a copy of the solved relaxation: fix integer columns that are
 * integral, round up the most fractional quarter (ceil keeps the coverage the
 * LP bought), round down near-zero fractions, re-solve with the dual simplex
 * (warm), until the LP optimum is integral.  A batch that makes the LP
 * infeasible (seats, max hours) is fixed at floor instead.  The result is a
 * complete feasible solution (continuous columns re-optimised) in hx (1-based).
 * Deterministic: ties are broken by column index. */
static bool rounding_heuristic(glp_prob *lp, const pp_mip *m, double deadline, int batch_div,
                               double *hx, double *hobj)
{
    size_t n = m->ncols;
    frac_col *fc = malloc((n + 1) * sizeof *fc);
    unsigned char *fixed = calloc(n + 1, 1);
    if (!fc || !fixed) {
        free(fc);
        free(fixed);
        return false;
    }
    glp_prob *h = glp_create_prob();
    glp_copy_prob(h, lp, GLP_OFF);
    bool found = false;
    /* the copy keeps the optimal basis, so this first solve takes no pivots */
    bool ok = lp_resolve(h, deadline) == 0;
    for (int iter = 0; ok && iter < 200 && now_seconds() < deadline; iter++) {
        size_t nf = 0;
        for (size_t j = 0; j < n; j++) {
            if (!m->col_int[j] || fixed[j])
                continue;
            double v = glp_get_col_prim(h, (int)j + 1), r = floor(v + 0.5);
            if (fabs(v - r) <= 1e-6) {
                glp_set_col_bnds(h, (int)j + 1, GLP_FX, r, r);
                fixed[j] = 1;
            } else if (fabs(v - r) > 1e-6)
                fc[nf++] = (frac_col){(int)j, v - floor(v)};
        }
        if (nf == 0) {
            found = true;
            *hobj = glp_get_obj_val(h);
            for (size_t j = 0; j < n; j++) {
                double v = glp_get_col_prim(h, (int)j + 1);
                hx[j + 1] = m->col_int[j] ? floor(v + 0.5) : v;
            }
            break;
        }
        qsort(fc, nf, sizeof *fc, frac_cmp);
        size_t up = nf / (size_t)batch_div + 1;
        for (size_t k = 0; k < nf; k++) {
            int j = fc[k].j;
            double v = glp_get_col_prim(h, j + 1), f = floor(v);
            if (k < up)
                glp_set_col_bnds(h, j + 1, GLP_FX, f + 1, f + 1);
            else if (fc[k].f < 0.1)
                glp_set_col_bnds(h, j + 1, GLP_FX, f, f);
            else
                continue;
            fixed[j] = 1;
        }
        if (lp_resolve(h, deadline) != 0) {
            /* the rounded-up batch broke an upper limit: take the floors instead */
            for (size_t k = 0; k < up; k++) {
                int j = fc[k].j;
                double lo = glp_get_col_lb(h, j + 1) - 1;
                glp_set_col_bnds(h, j + 1, GLP_FX, lo, lo);
            }
            ok = lp_resolve(h, deadline) == 0;
        }
    }
    glp_delete_prob(h);
    free(fc);
    free(fixed);
    return found;
}

/* Fix-and-optimize: for each window of two consecutive column groups (days),
 * fix every other integer column at the incumbent, re-solve the LP and dive
 * again with smaller batches; keep any improvement; repeat passes while one
 * improves.  Shift plans interact mostly within a day or two, so this walks the
 * incumbent toward the optimum far faster than GLPK's branch and bound, whose
 * node LPs carry the whole model (measured: a sub-MIP per window with
 * glp_intopt found nothing better within its time slice; the re-dive halves
 * the gap on the two-week instance). */
static void fix_and_optimize(glp_prob *lp, const pp_mip *m, double deadline, double *hx, double *hobj, cb_ctx *outer)
{
    size_t ng = 0;
    for (size_t j = 0; j < m->ncols; j++)
        if (m->col_int[j] && m->col_group[j] != SIZE_MAX && m->col_group[j] + 1 > ng)
            ng = m->col_group[j] + 1;
    if (ng < 2)
        return;
    double *sx = malloc((m->ncols + 1) * sizeof *sx);
    if (!sx)
        return;
    bool improved = true;
    for (int pass = 0; improved && pass < 4; pass++) {
    improved = false;
    for (size_t g = 0; g + 1 < ng && now_seconds() < deadline; g++) {
        double slice = (deadline - now_seconds()) / (double)(ng - 1 - g);
        glp_prob *h = glp_create_prob();
        glp_copy_prob(h, lp, GLP_OFF);
        for (size_t j = 0; j < m->ncols; j++) {
            size_t gj = m->col_group[j];
            if (m->col_int[j] && !(gj == g || gj == g + 1))
                glp_set_col_bnds(h, (int)j + 1, GLP_FX, hx[j + 1], hx[j + 1]);
        }
        double sub_deadline = now_seconds() + slice;
        double sobj = INFINITY;
        if (lp_resolve(h, sub_deadline) == 0 && glp_get_obj_val(h) < *hobj - 1e-7 &&
            rounding_heuristic(h, m, sub_deadline, 10, sx, &sobj) && sobj < *hobj - 1e-7) {
            *hobj = sobj;
            memcpy(hx + 1, sx + 1, m->ncols * sizeof *sx);
            improved = true;
        }
        glp_delete_prob(h);
    }
    }
    report(outer, "%6.1f s  fix-and-optimize incumbent %.2f", now_seconds() - outer->t0, *hobj);
    free(sx);
}

pp_status pp_mip_solve(const pp_mip *m, const pp_mip_params *p, pp_mip_result *res,
                       pp_error *err)
{
    memset(res, 0, sizeof *res);
    res->status = PP_MIP_NOSOLUTION;
    res->objective = res->bound = res->lp_objective = NAN;
    res->heuristic_objective = INFINITY;
    double t0 = now_seconds();
    double limit = p->time_limit_seconds > 0 ? p->time_limit_seconds : 1e9;
    double deadline = t0 + limit;
    pp_status st = validate(m, err);
    if (st != PP_OK)
        return st;
    const char *path = p->write_model_path;
    size_t plen = path ? strlen(path) : 0;
    bool want_lp = plen > 3 && strcmp(path + plen - 3, ".lp") == 0;
    bool want_mps = plen > 4 && strcmp(path + plen - 4, ".mps") == 0;
    if (path && !want_lp && !want_mps)
        return pp_error_set(err, PP_EINVAL, "--write-model: '%s' must end in .lp or .mps", path);
    size_t nint = 0;
    for (size_t j = 0; j < m->ncols; j++)
        nint += m->col_int[j] != 0;

    glp_term_hook(silent_hook, NULL);
    glp_prob *lp = build(m, err);
    double *hx = NULL;
    if (!lp) {
        st = PP_ENOMEM;
        goto cleanup;
    }
    if (path) {
        int wrc = want_lp ? glp_write_lp(lp, NULL, path) : glp_write_mps(lp, GLP_MPS_FILE, NULL, path);
        if (wrc != 0) {
            st = pp_error_set(err, PP_EIO, "cannot write the model to '%s'", path);
            goto cleanup;
        }
    }
    /* Coverage fractions, hours and seat counts differ by orders of magnitude:
     * scaling makes the simplex steps better conditioned (as glpsol does). */
    glp_scale_prob(lp, GLP_SF_AUTO);
    glp_adv_basis(lp, 0); /* a triangular crash basis: far fewer pivots than all-slack */
    cb_ctx ctx = {.p = p, .t0 = t0, .last_report = t0, .bound = -INFINITY};

    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.presolve = GLP_OFF;
    sp.meth = GLP_DUALP; /* 3-4x faster than primal on these models (measured) */
    sp.tm_lim = ms_left(deadline);
    int rc = glp_simplex(lp, &sp);
    bool lp_ok = rc == 0 && glp_get_status(lp) == GLP_OPT;
    if (rc == GLP_ETMLIM) {
        res->seconds = now_seconds() - t0;
        goto cleanup; /* NOSOLUTION: not even the relaxation within the limit */
    }
    if (rc == 0 && (glp_get_status(lp) == GLP_NOFEAS || glp_get_status(lp) == GLP_INFEAS)) {
        /* Primal simplex ends with GLP_NOFEAS when the relaxation is infeasible. */
        if (glp_get_status(lp) == GLP_NOFEAS) {
            res->status = PP_MIP_INFEASIBLE;
            res->seconds = now_seconds() - t0;
            goto cleanup;
        }
    }
    if (rc == 0 && glp_get_status(lp) == GLP_UNBND) {
        st = pp_error_set(err, PP_EINTERNAL, "glpk: the model is unbounded (internal error)");
        goto cleanup;
    }
    if (lp_ok) {
        res->lp_objective = glp_get_obj_val(lp);
        report(&ctx, "%6.1f s  LP relaxation (%d pivots)", now_seconds() - t0, glp_get_it_cnt(lp));
        report(&ctx, "%6.1f s  LP relaxation %.2f (%zu rows, %zu columns, %zu integer)",
               now_seconds() - t0, res->lp_objective, m->nrows, m->ncols, nint);
    }
    if (lp_ok && nint == 0) {
        res->x = malloc((m->ncols ? m->ncols : 1) * sizeof *res->x);
        if (!res->x) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t j = 0; j < m->ncols; j++)
            res->x[j] = glp_get_col_prim(lp, (int)j + 1);
        res->objective = res->bound = res->lp_objective;
        res->status = PP_MIP_OPTIMAL;
        res->seconds = now_seconds() - t0;
        goto cleanup;
    }
    hx = malloc((m->ncols + 1) * sizeof *hx);
    if (!hx) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    bool have_heur = false;
    double hobj = INFINITY;
    if (lp_ok && p->rounding_heuristic) {
        have_heur = rounding_heuristic(lp, m, deadline, 4, hx, &hobj);
        if (have_heur) {
            res->heuristic_objective = hobj;
            ctx.heur_x = hx;
            report(&ctx, "%6.1f s  rounding heuristic incumbent %.2f (LP gap %.3f%%)",
                   now_seconds() - t0, hobj,
                   100.0 * (hobj - res->lp_objective) / fmax(fabs(hobj), 1e-9));
            /* Only big models: small ones are solved faster by the branch and bound. */
            double gap = (hobj - res->lp_objective) / fmax(fabs(hobj), 1e-9);
            if (m->col_group && nint > 1500 && gap > p->mip_gap) {
                double now = now_seconds();
                fix_and_optimize(lp, m, now + 0.7 * (deadline - now), hx, &hobj, &ctx);
                res->heuristic_objective = hobj;
            }
        }
    }

    glp_iocp ip;
    glp_init_iocp(&ip);
    ip.msg_lev = GLP_MSG_OFF;
    ip.presolve = lp_ok ? GLP_OFF : GLP_ON;
    ip.mip_gap = p->mip_gap > 0 ? p->mip_gap : 0;
    ip.tm_lim = ms_left(deadline);
    ip.cb_func = callback;
    ip.cb_info = &ctx;
    /* Shift variables of one vendor and day are near-substitutes: branching on the
     * most fractional one and diving toward the LP solution finds integer plans fast. */
    ip.br_tech = GLP_BR_DTH;
    ip.bt_tech = GLP_BT_BLB;
    /* Measured on the 2-day bench instance: GMI/MIR cuts, proximity search and
     * pseudocost branching did not beat these defaults within 20 s. */
    rc = glp_intopt(lp, &ip);
    int mst = glp_mip_status(lp);
    res->seconds = now_seconds() - t0;
    res->nodes = ctx.nodes;
    bool use_glpk = false;
    if (rc == GLP_ENOPFS || mst == GLP_NOFEAS) {
        res->status = PP_MIP_INFEASIBLE;
    } else if (mst == GLP_OPT) {
        res->status = PP_MIP_OPTIMAL;
        use_glpk = true;
    } else if (mst == GLP_FEAS) {
        /* Stopping at the requested gap is "optimal within mip_gap" (plan.h). */
        res->status = rc == GLP_EMIPGAP ? PP_MIP_OPTIMAL : PP_MIP_FEASIBLE;
        use_glpk = true;
    } else if (rc == GLP_ETMLIM || rc == GLP_ESTOP) {
        if (have_heur) {
            res->status = PP_MIP_FEASIBLE; /* the limit hit before GLPK took our incumbent */
        } else
            res->status = PP_MIP_NOSOLUTION;
    } else {
        st = pp_error_set(err, PP_EINTERNAL, "glpk: glp_intopt failed (rc=%d, status=%d)", rc,
                          mst);
        goto cleanup;
    }
    if (res->status == PP_MIP_INFEASIBLE || res->status == PP_MIP_NOSOLUTION)
        goto cleanup;
    res->x = malloc((m->ncols ? m->ncols : 1) * sizeof *res->x);
    if (!res->x) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (use_glpk) {
        for (size_t j = 0; j < m->ncols; j++)
            res->x[j] = glp_mip_col_val(lp, (int)j + 1);
        res->objective = glp_mip_obj_val(lp);
    } else {
        memcpy(res->x, hx + 1, m->ncols * sizeof *res->x);
        res->objective = hobj;
    }
    /* The bound: exhaustive search proves the incumbent; otherwise the best open
     * node's bound (never below the root LP, never above the incumbent). */
    double bound = rc == 0 ? res->objective : ctx.bound;
    if (isfinite(res->lp_objective) && !(bound >= res->lp_objective))
        bound = res->lp_objective;
    if (!isfinite(bound) || bound > res->objective)
        bound = res->objective;
    res->bound = bound;
cleanup:
    if (lp)
        glp_delete_prob(lp);
    glp_term_hook(NULL, NULL);
    free(hx);
    return st;
}
