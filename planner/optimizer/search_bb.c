/*
 * search_bb.c -- the order of the search: the model handed to the solver,
 * the decomposition for large models, and the simplex path (root LP, LP
 * rounding, window passes, GLPK's branch and bound with our incumbent and
 * cuts) for the rest.
 *
 * Design
 * ------
 * pp_search_solve runs on the solver thread (solve.c) and writes down the
 * whole sequence of solver calls:
 *  1. The problem is built from the pp_mip (and written out first for
 *     --write-model), scaled, and given a crash basis.
 *  2. Models with day groups and >= decompose_min_cols columns go through
 *     the decomposition (search_decomp.c); when it finds nothing they fall
 *     through to the simplex path, like every smaller model.
 *  3. Simplex path.  The root LP by dual simplex, or for >= ipm_min_cols
 *     columns by interior point and a cheap crossover (solve_root).  LP
 *     rounding (search_dive.c) gives the first incumbent; models with more
 *     than window_min_int integer columns then run window passes on
 *     window_time_share of the time.  GLPK's branch and bound runs with its
 *     presolver OFF: the incumbent is handed to GLPK through the heuristic
 *     hook at the first GLP_IHEUR callback and the rounding cuts at the
 *     root's GLP_ICUTGEN callbacks, both in the columns of the original
 *     problem, which the MIP presolver would renumber (our model is already
 *     tight: plan_build.c builds no empty or redundant rows).  If the root
 *     LP fails numerically the branch and bound runs with presolve on and
 *     no heuristic.
 *  4. (rc, status) map to our status separately: rc == 0 does not mean
 *     optimal, and a time limit or the gap may leave an incumbent.  The
 *     problem is deleted on every path.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "optimizer/search.h"

/* ------------------------------------------------------------------------ */
/* GLPK's branch and bound: our incumbent, our cuts, progress and stops      */

static void add_root_cuts(pp_lp_tree *tree, cb_ctx *c)
{
    pp_lp *P = pp_lp_tree_prob(tree);
    const pp_mip *m = c->mip;
    if ((size_t)pp_lp_num_cols(P) != m->ncols)
        return;
    double *x = pp_tmalloc((m->ncols ? m->ncols : 1) * sizeof *x);
    pp_mip_cuts cuts = {0};
    if (x) {
        for (size_t j = 0; j < m->ncols; j++)
            x[j] = pp_lp_col_prim(P, (int)j + 1);
        size_t got = pp_mip_mir_cuts(m, x, c->s->cut_min_violation, &cuts);
        if (got == SIZE_MAX)
            pp_search_oom = true; /* the solve ends in PP_ENOMEM, not quietly without cuts */
        if (got != SIZE_MAX && got > 0) {
            size_t maxlen = 0;
            for (size_t k = 0; k < cuts.n; k++)
                if (cuts.first[k + 1] - cuts.first[k] > maxlen)
                    maxlen = cuts.first[k + 1] - cuts.first[k];
            int *ind = pp_tmalloc((maxlen + 1) * sizeof *ind);
            double *val = pp_tmalloc((maxlen + 1) * sizeof *val);
            for (size_t k = 0; ind && val && k < cuts.n; k++) {
                int len = pp_search_cut_row(&cuts, k, ind, val);
                pp_lp_tree_add_cut(tree, len, ind, val, cuts.lb[k]);
            }
            pp_tfree(ind);
            pp_tfree(val);
            c->cut_rounds++;
            pp_search_report(c, PP_STAGE_BRANCH_AND_BOUND, NAN, c->bound, NAN,
                             "rounding cuts at the root, round %d: %zu cuts", c->cut_rounds, got);
        }
    }
    pp_tfree(x);
    pp_mip_cuts_free(&cuts);
}

static void callback(pp_lp_tree *tree, void *info)
{
    cb_ctx *c = info;
    int reason = pp_lp_tree_reason(tree);
    if (stop_asked()) {
        pp_lp_tree_terminate(tree); /* PP_LP_ESTOP; the incumbent stays */
        return;
    }
    int best = pp_lp_tree_best_node(tree);
    if (best != 0) {
        double b = pp_lp_tree_node_bound(tree, best);
        if (fabs(b) < 1e300) { /* GLPK reports -DBL_MAX before any node is solved */
            c->bound = b;
            if (c->mip) /* presolve off: the bound is on our objective */
                pp_search_offer_bound(c->job, b);
        }
    }
    if (reason == PP_LP_IBINGO && c->job && c->mip) {
        /* a new incumbent; presolve is off (c->mip set), so GLPK's columns are ours */
        pp_lp *P = pp_lp_tree_prob(tree);
        size_t n = c->mip->ncols;
        double *x = pp_tmalloc((n ? n : 1) * sizeof *x);
        if (x) {
            for (size_t j = 0; j < n; j++)
                x[j] = pp_lp_mip_col_val(P, (int)j + 1);
            pp_search_publish(c->job, x, pp_lp_mip_obj_val(P));
            pp_tfree(x);
        }
    }
    int a_cnt, n_cnt, t_cnt;
    pp_lp_tree_size(tree, &a_cnt, &n_cnt, &t_cnt);
    c->nodes = t_cnt;
    if (reason == PP_LP_IHEUR && c->heur_x && !c->fed) {
        c->fed = true;
        pp_lp_tree_heur_sol(tree, c->heur_x);
    }
    /* The rounding cuts at the root (valid everywhere, so GLPK keeps them for
     * every node), round after round while they cut the LP point off; only
     * with the original columns (presolve off). */
    if (reason == PP_LP_ICUTGEN && c->mip && c->mip->nbases && pp_lp_tree_curr_node(tree) == 1 &&
        c->cut_rounds < c->s->cut_max_rounds)
        add_root_cuts(tree, c);
    double now = now_seconds();
    if (now - c->last_report >= c->s->progress_seconds) {
        c->last_report = now;
        pp_lp *P = pp_lp_tree_prob(tree);
        int ms = pp_lp_mip_status(P);
        if (ms == PP_LP_FEAS || ms == PP_LP_OPT)
            pp_search_report(c, PP_STAGE_BRANCH_AND_BOUND, pp_lp_mip_obj_val(P), c->bound,
                             pp_lp_tree_mip_gap(tree),
                             "nodes %d  incumbent %.2f  bound %.2f  gap %.3f%%", t_cnt,
                             pp_lp_mip_obj_val(P), c->bound, 100.0 * pp_lp_tree_mip_gap(tree));
        else
            pp_search_report(c, PP_STAGE_BRANCH_AND_BOUND, NAN, c->bound, NAN,
                             "nodes %d  no incumbent yet  bound %.2f", t_cnt, c->bound);
    }
}

/* ------------------------------------------------------------------------ */
/* The root LP and the two paths                                             */

/* Root LP relaxation.  Small models: dual simplex from a crash basis.  Large
 * ones (>= s->ipm_min_cols columns): GLPK's dual simplex needs tens of thousands
 * of degenerate pivots there (54 s on the 47,000-column weekly instance, 3.5 s
 * with the interior-point method), but the branch and bound and the diving
 * need an optimal *basis*, and GLPK has no crossover.  So we do a cheap one:
 * solve by interior point, fix every column the interior solution leaves at
 * its lower bound (zero in every optimal solution, up to tolerance), solve
 * that restricted LP with the dual simplex (few columns, fast), free the
 * columns again and finish with the primal simplex from that basis (still
 * primal feasible: the freed columns sit nonbasic at their bound), which
 * prices the freed columns in and proves optimality for the full LP.  Any
 * failure falls back to the plain dual simplex.  Returns the simplex's code. */
static int solve_root(pp_lp *lp, const pp_mip *m, double deadline, cb_ctx *ctx)
{
    int meth = PP_LP_DUALP; /* 3-4x faster than primal on these models (measured) */
    if (m->ncols >= ctx->s->ipm_min_cols) {
        size_t n = m->ncols;
        unsigned char *fixed = pp_tcalloc(n, 1);
        /* (the decomposition may have solved it already) */
        if (fixed && (pp_lp_ipt_status(lp) == PP_LP_OPT ||
                      (pp_lp_interior(lp) == 0 && pp_lp_ipt_status(lp) == PP_LP_OPT))) {
            size_t nfix = 0;
            for (size_t j = 0; j < n; j++)
                if (isfinite(m->col_lb[j]) && m->col_lb[j] != m->col_ub[j] &&
                    pp_lp_ipt_col_prim(lp, (int)j + 1) - m->col_lb[j] < 1e-6) {
                    pp_lp_set_col_bnds(lp, (int)j + 1, PP_LP_FX, m->col_lb[j], m->col_lb[j]);
                    fixed[j] = 1;
                    nfix++;
                }
            pp_search_report(ctx, PP_STAGE_ROOT_LP, NAN, pp_lp_ipt_obj_val(lp), NAN,
                             "interior point %.2f, %zu of %zu columns at their bound",
                             pp_lp_ipt_obj_val(lp), nfix, n);
            int rc = pp_lp_simplex(lp, meth, pp_search_ms_left(deadline));
            bool ok = rc == 0 && pp_lp_status(lp) == PP_LP_OPT;
            for (size_t j = 0; j < n; j++)
                if (fixed[j])
                    pp_lp_set_col_bnds(lp, (int)j + 1, pp_lp_bound_type(m->col_lb[j], m->col_ub[j]),
                                       m->col_lb[j], isfinite(m->col_ub[j]) ? m->col_ub[j] : 0);
            pp_tfree(fixed);
            if (ok) {
                pp_search_report(ctx, PP_STAGE_ROOT_LP, NAN, NAN, NAN,
                                 "restricted LP %.2f (%d pivots)", pp_lp_obj_val(lp),
                                 pp_lp_it_cnt(lp));
                rc = pp_lp_simplex(lp, PP_LP_PRIMAL, pp_search_ms_left(deadline));
                if (rc == 0 && pp_lp_status(lp) == PP_LP_OPT)
                    return rc;
                if (rc == PP_LP_ETMLIM)
                    return rc;
            }
            pp_lp_adv_basis(lp);
        } else
            pp_tfree(fixed);
    }
    return pp_lp_simplex(lp, meth, pp_search_ms_left(deadline));
}

pp_status pp_search_solve(solve_job *J, double t0, pp_mip_result *res, pp_error *err)
{
    const pp_mip *m = &J->m;
    const pp_mip_params *p = &J->p;
    const pp_lp_matrix *Am = &J->A;
    pp_status st = PP_OK;
    double limit = p->time_limit_seconds > 0 ? p->time_limit_seconds : 1e9;
    double deadline = t0 + limit;
    const char *path = J->write_model_path;
    size_t plen = path ? strlen(path) : 0;
    bool want_lp = plen > 3 && strcmp(path + plen - 3, ".lp") == 0;
    size_t nint = 0;
    for (size_t j = 0; j < m->ncols; j++)
        nint += m->col_int[j] != 0;

    pp_lp_silence(true);
    pp_lp *lp = NULL;
    double *hx = NULL;
    lp = pp_lp_from_mip(m, Am);
    if (path) {
        int wrc = pp_lp_write(lp, path, want_lp);
        /* the caller waits for this (an asked-for model is written whatever the time
         * limit), then holds the solve to its deadline again */
        pthread_mutex_lock(&J->lock);
        J->model_written = true;
        pthread_cond_broadcast(&J->cond);
        pthread_mutex_unlock(&J->lock);
        if (wrc != 0) {
            st = pp_error_set(err, PP_EIO, "cannot write the model to '%s'", path);
            goto cleanup;
        }
    }
    /* Coverage fractions, hours and seat counts differ by orders of magnitude:
     * scaling makes the simplex steps better conditioned (as glpsol does). */
    pp_lp_scale(lp);
    pp_lp_adv_basis(lp); /* a triangular crash basis: far fewer pivots than all-slack */
    const pp_search_params *S = &p->search;
    cb_ctx ctx = {.job = J,
                  .p = p,
                  .s = S,
                  .t0 = t0,
                  .last_report = t0,
                  .bound = -INFINITY,
                  .rf_tail_frac = S->rf_tail_fractional,
                  .rf_tail_nodes = S->rf_tail_nodes,
                  .tail_frac = S->tail_fractional,
                  .tail_nodes = S->tail_nodes,
                  .incumbent = INFINITY,
                  .polish_cutoff = INFINITY};

    if (m->col_group && p->rounding_heuristic && m->ncols >= S->decompose_min_cols) {
        if (pp_search_decomposition(lp, m, Am, deadline - S->decomp_time_margin * limit, p->mip_gap,
                                    p->threads, &ctx, res)) {
            res->seconds = now_seconds() - t0;
            goto cleanup;
        }
        pp_search_report(&ctx, PP_STAGE_SEARCH, NAN, NAN, NAN,
                         "decomposition found no plan; simplex and branch and bound");
    }
    int rc = solve_root(lp, m, deadline, &ctx);
    bool lp_ok = rc == 0 && pp_lp_status(lp) == PP_LP_OPT;
    if (rc == PP_LP_ETMLIM) {
        res->seconds = now_seconds() - t0;
        goto cleanup; /* NOSOLUTION: not even the relaxation within the limit */
    }
    if (rc == 0 && (pp_lp_status(lp) == PP_LP_NOFEAS || pp_lp_status(lp) == PP_LP_INFEAS)) {
        /* Primal simplex ends with PP_LP_NOFEAS when the relaxation is infeasible. */
        if (pp_lp_status(lp) == PP_LP_NOFEAS) {
            res->status = PP_MIP_INFEASIBLE;
            res->seconds = now_seconds() - t0;
            goto cleanup;
        }
    }
    if (rc == 0 && pp_lp_status(lp) == PP_LP_UNBND) {
        st = pp_error_set(err, PP_EINTERNAL, "glpk: the model is unbounded (internal error)");
        goto cleanup;
    }
    if (lp_ok) {
        res->lp_objective = pp_lp_obj_val(lp);
        pp_search_offer_bound(J, res->lp_objective);
        pp_search_report(&ctx, PP_STAGE_ROOT_LP, NAN, res->lp_objective, NAN,
                         "LP relaxation (%d pivots)", pp_lp_it_cnt(lp));
        pp_search_report(&ctx, PP_STAGE_ROOT_LP, NAN, res->lp_objective, NAN,
                         "LP relaxation %.2f (%zu rows, %zu columns, %zu integer)",
                         res->lp_objective, m->nrows, m->ncols, nint);
    }
    if (lp_ok && nint == 0) {
        res->x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *res->x);
        if (!res->x) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t j = 0; j < m->ncols; j++)
            res->x[j] = pp_lp_col_prim(lp, (int)j + 1);
        res->objective = res->bound = res->lp_objective;
        res->status = PP_MIP_OPTIMAL;
        res->seconds = now_seconds() - t0;
        goto cleanup;
    }
    hx = pp_tmalloc((m->ncols + 1) * sizeof *hx);
    if (!hx) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    bool have_heur = false;
    double hobj = INFINITY;
    if (lp_ok && p->rounding_heuristic) {
        have_heur = pp_search_rounding(lp, m, deadline, S->rounding_batch_div, hx, &hobj, S);
        if (have_heur) {
            res->heuristic_objective = hobj;
            ctx.heur_x = hx;
            pp_search_report(&ctx, PP_STAGE_SEARCH, hobj, res->lp_objective,
                             pp_search_gap(hobj, res->lp_objective),
                             "rounding heuristic incumbent %.2f (LP gap %.3f%%)", hobj,
                             100.0 * (hobj - res->lp_objective) / fmax(fabs(hobj), 1e-9));
            /* Only big models: small ones are solved faster by the branch and bound. */
            double gap = (hobj - res->lp_objective) / fmax(fabs(hobj), 1e-9);
            pp_search_publish(J, hx + 1, hobj);
            if (m->col_group && nint > S->window_min_int && gap > p->mip_gap) {
                double now = now_seconds();
                ctx.bound = res->lp_objective;
                pp_search_windows(m, Am, now + S->window_time_share * (deadline - now), hx, &hobj,
                                  &ctx);
                res->heuristic_objective = hobj;
            }
        }
    }
    if (lp_ok && !have_heur && J->have_start) {
        /* no rounded plan (rounding off, or it failed): the caller's plan is
         * GLPK's first incumbent, and the fallback answer */
        memcpy(hx + 1, J->start_x, m->ncols * sizeof *hx);
        hobj = J->start_obj;
        have_heur = true;
        ctx.heur_x = hx;
        pp_search_report(&ctx, PP_STAGE_CONSTRUCTIVE, hobj, NAN, NAN,
                         "constructive plan %.2f is the first incumbent", hobj);
    }

    pp_lp_mip_params ip;
    pp_lp_mip_params_init(&ip);
    ip.presolve = !lp_ok;
    ip.mip_gap = p->mip_gap > 0 ? p->mip_gap : 0;
    ip.tm_lim_ms = pp_search_ms_left(deadline);
    ip.cb = callback;
    ip.cb_info = &ctx;
    ctx.mip = lp_ok ? m : NULL; /* presolve off: GLPK's columns are ours */
    /* Shift variables of one vendor and day are near-substitutes: branching on the
     * most fractional one and diving toward the LP solution finds integer plans fast. */
    ip.br_tech = PP_LP_BR_DTH;
    ip.bt_tech = PP_LP_BT_BLB;
    /* Measured on the 2-day bench instance: GMI/MIR cuts, proximity search and
     * pseudocost branching did not beat these defaults within 20 s. */
    rc = pp_lp_intopt(lp, &ip);
    int mst = pp_lp_mip_status(lp);
    res->seconds = now_seconds() - t0;
    res->nodes = ctx.nodes;
    bool use_glpk = false;
    if (rc == PP_LP_ENOPFS || mst == PP_LP_NOFEAS) {
        res->status = PP_MIP_INFEASIBLE;
    } else if (mst == PP_LP_OPT) {
        res->status = PP_MIP_OPTIMAL;
        use_glpk = true;
    } else if (mst == PP_LP_FEAS) {
        /* Stopping at the requested gap is "optimal within mip_gap" (plan.h). */
        res->status = rc == PP_LP_EMIPGAP ? PP_MIP_OPTIMAL : PP_MIP_FEASIBLE;
        use_glpk = true;
    } else if (rc == PP_LP_ETMLIM || rc == PP_LP_ESTOP) {
        if (have_heur) {
            res->status = PP_MIP_FEASIBLE; /* the limit hit before GLPK took our incumbent */
        } else
            res->status = PP_MIP_NOSOLUTION;
    } else {
        st = pp_error_set(err, PP_EINTERNAL, "glpk: glp_intopt failed (rc=%d, status=%d)", rc, mst);
        goto cleanup;
    }
    if (res->status == PP_MIP_INFEASIBLE || res->status == PP_MIP_NOSOLUTION)
        goto cleanup;
    res->x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *res->x);
    if (!res->x) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (use_glpk) {
        for (size_t j = 0; j < m->ncols; j++)
            res->x[j] = pp_lp_mip_col_val(lp, (int)j + 1);
        res->objective = pp_lp_mip_obj_val(lp);
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
        pp_lp_free(lp);
    pp_lp_silence(false);
    pp_tfree(hx);
    return st;
}
