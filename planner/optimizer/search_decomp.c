/*
 * search_decomp.c -- the decomposition path: the LP by interior point, rounds
 * of rounding cuts, and two searches (relax-and-fix, then window passes) on
 * two threads.
 *
 * Design
 * ------
 * Large models with day groups (>= decompose_min_cols columns: a week of
 * 15-minute intervals) are out of reach of GLPK's simplex and branch and
 * bound as a whole (root LP 8-54 s, node LPs seconds each; the tree never
 * moved the bound within a minute).  So:
 *   1. glp_interior solves the LP relaxation (1-4 s); no basis is needed.
 *   2. Rounds of mixed-integer rounding cuts from the model's rounding bases
 *      (pp_mip_mir_cuts: a fractional need costs a whole agent or its
 *      shortfall), each followed by a new interior solve, raise the bound.
 *      The cuts stay as rows of the sub-problems only when they raised it by
 *      cut_use_min_gain (0.1 %): cuts that hardly move the bound hardly steer
 *      the dives, and they slow the window LPs (the 500-contact week: +0.014 %,
 *      8,000 instead of 5,400 pivots per day window).  Measured rounds:
 *      +0.63/+0.045/+0.004 % on the small week, +0.15/+0.017/+0.001 on the
 *      medium, +0.014 on the large.
 *   3. Two searches from the same LP point (search_window.c: relax-and-fix,
 *      then window passes), whose first plans round up from different
 *      fractions (dive_up_fraction 0.3, second_lean 0.5) and whose tails
 *      differ, so their paths part from the first day on; the cheaper plan
 *      wins (the first on a tie).  Each is deterministic, so the pair is too,
 *      unless the time limit stops one.  second_lean was measured as the
 *      second search on the weekly instances (60 s, with the cuts): 0.5 gave
 *      23,959 / 67,940 (small / medium), 0.2 gave 24,212 / 67,817.
 * The second search runs on its own thread with its own GLPK environment and
 * error hook (pp_lp_guard): a GLPK error there ends that search only.
 * A limit short for the model's size, or a first search that falls behind,
 * turns one search to window passes from the caller's constructive plan, so
 * that the time improves a plan it already has.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "optimizer/search.h"

/* The model with the rounding cuts as extra rows: a shallow copy of m whose
 * row bounds (and the merged matrix) are extended; only those are owned. */
typedef struct cut_model {
    pp_mip m;
    pp_lp_matrix A;
    double *row_lb, *row_ub;
} cut_model;

static void cut_model_free(cut_model *c)
{
    pp_tfree(c->row_lb);
    pp_tfree(c->row_ub);
    pp_tfree(c->A.ia);
    pp_tfree(c->A.ja);
    pp_tfree(c->A.ar);
    memset(c, 0, sizeof *c);
}

/* Rounds of MIR cuts from the model's rounding bases (pp_mip_mir_cuts), each
 * followed by a new interior-point solve of the LP with the cuts as rows,
 * while a round raises the bound by at least cut_round_min_gain (0.01 %) and
 * the cuts have used less than cut_time_share (a tenth) of the time.  The cuts are valid for every
 * integer plan, so *lp_obj stays a bound; the relax-and-fix and window sub-problems inherit them
 * through *out, and their LPs lean less on fractional agents.  hx (1-based) is updated to the last
 * LP point. */
static bool cut_rounds(pp_lp *lp, const pp_mip *m, const pp_lp_matrix *A, double deadline,
                       double *hx, double *lp_obj, cb_ctx *ctx, cut_model *out)
{
    memset(out, 0, sizeof *out);
    if (m->nbases == 0)
        return true;
    pp_mip_cuts all = {0};
    const pp_search_params *S = ctx->s;
    double t_start = now_seconds(), budget = S->cut_time_share * (deadline - t_start);
    double lp_first = *lp_obj;
    double *x0 = pp_tmalloc((m->ncols ? m->ncols : 1) * sizeof *x0); /* the plain LP point */
    bool ok = x0 != NULL;
    if (ok)
        memcpy(x0, hx + 1, m->ncols * sizeof *x0);
    for (int round = 0;
         ok && round < S->cut_max_rounds && now_seconds() - t_start < budget && !stop_asked();
         round++) {
        size_t before = all.n;
        size_t got = pp_mip_mir_cuts(m, hx + 1, S->cut_min_violation, &all);
        if (got == SIZE_MAX) {
            pp_search_oom = true;
            ok = false;
            break;
        }
        if (got == 0)
            break;
        /* 1-based index and value buffers for pp_lp_set_mat_row (the terms of the
         * new cuts are contiguous in `all`: one buffer holds them all) */
        size_t nt = all.nterms - all.first[before];
        int *ind = pp_tmalloc((nt + got + 1) * sizeof *ind);
        double *val = pp_tmalloc((nt + got + 1) * sizeof *val);
        if (!ind || !val) {
            pp_tfree(ind);
            pp_tfree(val);
            ok = false;
            break;
        }
        int r0 = pp_lp_add_rows(lp, (int)got);
        for (size_t k = 0; k < got; k++) {
            int len = pp_search_cut_row(&all, before + k, ind, val);
            pp_lp_set_row_bnds(lp, r0 + (int)k, PP_LP_LO, all.lb[before + k], 0);
            pp_lp_set_mat_row(lp, r0 + (int)k, len, ind, val);
        }
        if (pp_lp_interior(lp) != 0 || pp_lp_ipt_status(lp) != PP_LP_OPT) {
            /* keep the previous point and bound; the rows stay (they are valid) */
            all.n = before;
            all.nterms = all.first[before];
            for (size_t k = 0; k < got; k++) /* got <= nt: ind is long enough */
                ind[k + 1] = r0 + (int)k;
            pp_lp_del_rows(lp, (int)got, ind);
            pp_tfree(ind);
            pp_tfree(val);
            break;
        }
        pp_tfree(ind);
        pp_tfree(val);
        double obj = pp_lp_ipt_obj_val(lp), gain = obj - *lp_obj;
        for (size_t j = 0; j < m->ncols; j++)
            hx[j + 1] = pp_lp_ipt_col_prim(lp, (int)j + 1);
        pp_search_report(ctx, PP_STAGE_ROOT_LP, NAN, fmax(*lp_obj, obj), NAN,
                         "rounding cuts, round %d: %zu cuts, bound %.2f (+%.3f%%)", round + 1, got,
                         obj, 100.0 * gain / fmax(fabs(*lp_obj), 1e-9));
        *lp_obj = fmax(*lp_obj, obj);
        if (gain < S->cut_round_min_gain * fabs(obj))
            break;
    }
    /* Cuts that hardly move the bound hardly steer the dives either, and they
     * slow the window LPs down (the week-long 500-contact instance: +0.014 %,
     * 8,000 instead of 5,400 pivots per day window, relax-and-fix out of
     * time): then the search goes on without them (the bound keeps them). */
    bool use = *lp_obj - lp_first >= S->cut_use_min_gain * fabs(*lp_obj);
    if (ok && all.n > 0 && !use && x0) /* the search starts from the LP point without them */
        memcpy(hx + 1, x0, m->ncols * sizeof *x0);
    if (ok && all.n > 0 && use) {
        out->m = *m;
        out->m.nrows = m->nrows + all.n;
        out->row_lb = pp_tmalloc(out->m.nrows * sizeof *out->row_lb);
        out->row_ub = pp_tmalloc(out->m.nrows * sizeof *out->row_ub);
        out->A.nz = A->nz + (int)all.nterms;
        out->A.ia = pp_tmalloc(((size_t)out->A.nz + 1) * sizeof *out->A.ia);
        out->A.ja = pp_tmalloc(((size_t)out->A.nz + 1) * sizeof *out->A.ja);
        out->A.ar = pp_tmalloc(((size_t)out->A.nz + 1) * sizeof *out->A.ar);
        if (!out->row_lb || !out->row_ub || !out->A.ia || !out->A.ja || !out->A.ar)
            ok = false;
        else {
            memcpy(out->row_lb, m->row_lb, m->nrows * sizeof *out->row_lb);
            memcpy(out->row_ub, m->row_ub, m->nrows * sizeof *out->row_ub);
            memcpy(out->A.ia, A->ia, ((size_t)A->nz + 1) * sizeof *A->ia);
            memcpy(out->A.ja, A->ja, ((size_t)A->nz + 1) * sizeof *A->ja);
            memcpy(out->A.ar, A->ar, ((size_t)A->nz + 1) * sizeof *A->ar);
            int nz = A->nz;
            for (size_t c = 0; c < all.n; c++) {
                out->row_lb[m->nrows + c] = all.lb[c];
                out->row_ub[m->nrows + c] = INFINITY;
                for (size_t e = all.first[c]; e < all.first[c + 1]; e++) {
                    nz++;
                    out->A.ia[nz] = (int)(m->nrows + c) + 1;
                    out->A.ja[nz] = (int)all.col[e] + 1;
                    out->A.ar[nz] = all.coef[e];
                }
            }
            out->m.row_lb = out->row_lb;
            out->m.row_ub = out->row_ub;
            out->m.row_name = NULL;
            out->m.keep_names = false;
        }
        if (!ok)
            cut_model_free(out);
    }
    pp_mip_cuts_free(&all);
    pp_tfree(x0);
    return ok;
}

typedef struct search_job {
    const pp_mip *m;
    const pp_lp_matrix *A;
    double *hx; /* 1-based: the LP point on entry, the plan on return */
    double lean, deadline, mip_gap, lp_obj;
    double hobj, rf_obj; /* the plan's objective; that of the first plan */
    cb_ctx ctx;
    bool found;
    bool from_start; /* hx holds a complete plan (the caller's): window passes only */
    bool warm;       /* ... a warm start (pp_mip_params.start_warm) */
    pp_mip_params warm_p; /* its parameters: the window passes' own stopping gap */
    bool from_best;  /* when relax-and-fix falls behind: from the job's best plan so far */
    double *warm_x;  /* 1-based: the polished warm start outside the gap (NULL = none) */
    double warm_obj;
    bool warm_lazy;  /* ... not polished yet: known only to cost more than warm_cut */
    double warm_cut;
    atomic_bool *enough; /* the second search: set when the first one's plan is the answer */
} search_job;

/* pp_search_decomposition's state shared with the second search thread. */
typedef struct decomp_state {
    search_job job[2];
    pp_mip_params quiet;
    pp_search_params first; /* the first search's tunables (long horizons: long_*) */
    cut_model cm;
    atomic_bool enough; /* the first search ended within the gap: the second stops */
} decomp_state;

/* A warm start's continuous columns come from the greedy's split (plan_construct.c);
 * the LP over them with every integer column fixed at the start's values gives the
 * best split of the same roster (for a scenario that changes nothing: the base
 * plan's own objective).  One window over the whole horizon whose integer columns
 * are fixed by their bounds; wx (1-based) and *wobj change only when it is cheaper. */
static void warm_polish(search_job *J, double *wx, double *wobj)
{
    const pp_mip *m = J->m;
    size_t ng = 0;
    for (size_t j = 0; j < m->ncols; j++)
        if (m->col_group[j] != SIZE_MAX && m->col_group[j] + 1 > ng)
            ng = m->col_group[j] + 1;
    double *lb = pp_tmalloc((m->ncols ? m->ncols : 1) * sizeof *lb);
    double *ub = pp_tmalloc((m->ncols ? m->ncols : 1) * sizeof *ub);
    if (lb && ub && ng > 0) {
        pp_mip f = *m;
        for (size_t j = 0; j < m->ncols; j++) {
            bool fix = m->col_int[j];
            lb[j] = fix ? wx[j + 1] : m->col_lb[j];
            ub[j] = fix ? wx[j + 1] : m->col_ub[j];
        }
        f.col_lb = lb;
        f.col_ub = ub;
        pp_search_window_mip(&f, J->A, 0, ng - 1, SIZE_MAX, J->deadline, false, J->lean, wx,
                             wobj, &J->ctx);
    }
    pp_tfree(lb);
    pp_tfree(ub);
}

/* Window passes on J's plan until share of the requested gap, at most max_passes
 * passes, their dives' tails at most tail_nodes nodes (0: the search's own); the
 * caller's parameters again after. */
static void windows_to(search_job *J, double share, int max_passes, int tail_nodes)
{
    const pp_mip_params *own = J->ctx.p;
    const pp_search_params *own_s = J->ctx.s;
    int own_tail = J->ctx.tail_nodes;
    J->warm_p = *own;
    J->warm_p.mip_gap *= share;
    J->warm_p.search.window_max_passes = max_passes;
    J->ctx.p = &J->warm_p;
    J->ctx.s = &J->warm_p.search;
    if (tail_nodes > 0)
        J->ctx.tail_nodes = tail_nodes;
    pp_search_windows(J->m, J->A, J->deadline, J->hx, &J->hobj, &J->ctx);
    J->ctx.p = own; /* warm_p ends with J: the caller's context must not point there */
    J->ctx.s = own_s;
    J->ctx.tail_nodes = own_tail;
}

/* The warm start polished into wx (1-based) and *wobj: the related plan's own
 * integer values when the model has its columns and they fit, else the repaired
 * start.  With cutoff finite a polish stops once its LP's dual objective passes it
 * (cb_ctx.polish_cutoff): false when that proves the polished start costs more than
 * cutoff (wx then holds no plan); true with the very plan a polish without cutoff
 * gives otherwise. */
static bool warm_polished(search_job *J, double *wx, double *wobj, double cutoff)
{
    solve_job *SJ = J->ctx.job;
    const pp_mip *m = J->m;
    bool exact_cut = false;
    wx[0] = 0;
    *wobj = SJ->start_obj;
    if (SJ->warm_int_x) {
        /* the related plan's own shifts and people, when the model has its columns:
         * the repair below maps roster rows to break options and loses agents where a
         * row pairs break placements no single option has (28 of the example's base
         * plan, 618,133 instead of 556,182 for a scenario that changes nothing) */
        for (size_t j = 0; j < m->ncols; j++)
            wx[j + 1] = m->col_int[j] ? SJ->warm_int_x[j] : SJ->start_x[j];
        double eobj = INFINITY;
        J->ctx.polish_cutoff = cutoff;
        J->ctx.polish_cut = false;
        warm_polish(J, wx, &eobj);
        J->ctx.polish_cutoff = INFINITY;
        exact_cut = J->ctx.polish_cut;
        if (isfinite(eobj)) {
            *wobj = eobj;
            return true;
        }
    }
    /* its shifts break this model's limits (an outage, fewer seats), or cost more
     * than cutoff; the repaired start stands unless its polish is cheaper, so the
     * cutoff applies only below it */
    memcpy(wx + 1, SJ->start_x, m->ncols * sizeof *wx);
    J->ctx.polish_cutoff = SJ->start_obj > cutoff ? cutoff : INFINITY;
    J->ctx.polish_cut = false;
    warm_polish(J, wx, wobj);
    J->ctx.polish_cutoff = INFINITY;
    if (J->ctx.polish_cut)
        return false; /* the repaired start, polished or not, costs more; the exact one too */
    if (exact_cut) /* rare: the exact start, if it fits, is the one, and it costs more */
        return warm_polished(J, wx, wobj, INFINITY);
    return true;
}

/* The warm start (pp_mip_params.start_warm: a what-if's base plan, repaired to
 * this model).  Polished, it is published -- the answer unless the search finds a
 * cheaper plan.  Within the requested gap of the LP bound it replaces
 * relax-and-fix, which on data/example is nearly all of a solve's time: window
 * passes improve it until warm_gap_share of the gap, at most warm_max_passes
 * passes (true: J holds the plan).  Outside the gap (an outage, much more demand:
 * the trimmed base plan is far from this model's optimum, and measured window
 * passes from it took longer than relax-and-fix to get as far) the search goes on
 * as without it (false), and its plan is the same as without one unless the warm
 * one is cheaper (its polish may stop at the gap's edge and finish later, in
 * warm_settle).  Both branches are decided by numbers that do not depend on
 * time, so the plan does not either. */
static bool warm_start(search_job *J)
{
    solve_job *SJ = J->ctx.job;
    const pp_mip *m = J->m;
    double *wx = pp_tmalloc((m->ncols + 1) * sizeof *wx), wobj;
    if (!wx)
        return false;
    /* Outside the gap the polished start is only the answer should the search end
     * dearer, which it does not on data/example: its polish (0.4 s of a 3-s plan)
     * stops as soon as it is sure to be outside, and is finished only when needed
     * (warm_settle).  The margin keeps rounding in the dual objective on the safe
     * side; a start just inside it is polished in full, as before. */
    double cutoff = J->ctx.s->warm_polish_stop && J->lp_obj > 0 && J->mip_gap < 1
                        ? J->lp_obj / (1 - J->mip_gap) * (1 + 1e-4)
                        : INFINITY;
    if (!warm_polished(J, wx, &wobj, cutoff)) {
        pp_search_report(&J->ctx, PP_STAGE_SEARCH, NAN, J->lp_obj, NAN,
                         "warm start above %.2f: outside the gap, relax-and-fix", cutoff);
        J->warm_x = wx;
        J->warm_obj = INFINITY;
        J->warm_lazy = true;
        J->warm_cut = cutoff;
        return false;
    }
    double gap = (wobj - J->lp_obj) / fmax(fabs(wobj), 1e-9);
    pp_search_publish(SJ, wx + 1, wobj);
    if (gap > J->mip_gap) {
        pp_search_report(&J->ctx, PP_STAGE_SEARCH, wobj, J->lp_obj, gap,
                         "warm start %.2f (LP gap %.3f%%): outside the gap, relax-and-fix",
                         wobj, 100.0 * gap);
        J->warm_x = wx; /* what window passes start from should relax-and-fix fail */
        J->warm_obj = wobj;
        return false;
    }
    memcpy(J->hx, wx, (m->ncols + 1) * sizeof *wx);
    pp_tfree(wx);
    J->hobj = wobj;
    J->found = true;
    pp_search_report(&J->ctx, PP_STAGE_SEARCH, wobj, J->lp_obj, gap,
                     "warm start %.2f (LP gap %.3f%%): window passes", wobj, 100.0 * gap);
    windows_to(J, J->ctx.s->warm_gap_share, J->ctx.s->warm_max_passes, 0);
    return true;
}

/* The warm start known only to cost more than J->warm_cut, polished in full and
 * published now that the search's plan could lose to it: the same plan and the
 * same answer as polishing it first. */
static void warm_settle(search_job *J)
{
    if (!J->warm_lazy)
        return;
    J->warm_lazy = false;
    warm_polished(J, J->warm_x, &J->warm_obj, INFINITY); /* no cutoff: always a plan */
    pp_search_publish(J->ctx.job, J->warm_x + 1, J->warm_obj);
}

/* Relax-and-fix by day, then window passes until the gap or the deadline. */
static void run_search_body(search_job *J)
{
    J->rf_obj = INFINITY;
    solve_job *SJ = J->ctx.job;
    if (J->warm && SJ && SJ->have_start && warm_start(J))
        return;
    /* A warm-started search that gets here has the polished start to fall back on
     * and a pass of windows after relax-and-fix (below), so relax-and-fix's days
     * dive on to fewer fractional columns before their branch-and-bound tails (with
     * the pass to warm_rf_gap_share, whatif_20 about a tenth less CPU and every
     * objective still at or below the cold plans'; docs/performance.md, "What-if"). */
    if (J->warm && J->ctx.s->warm_rf_tail_fractional > 0)
        J->ctx.rf_tail_frac = J->ctx.s->warm_rf_tail_fractional;
    if (!J->from_start) {
        J->found =
            pp_search_relax_and_fix(J->m, J->A, J->deadline, J->lean, J->hx, &J->hobj, &J->ctx);
        /* Relax-and-fix without a plan, late or failed (a day whose dive and tail found
         * nothing, the widened windows neither): the window passes improve the plan
         * there is, the start or the polished warm start, whichever is cheaper.  The
         * simplex path after a failed decomposition is hopeless at this size (the
         * example with BPO-B down and relax-and-fix's tails cut to 40 nodes: its branch
         * and bound kept the warm start, 43.6 % above the bound, for 120 s). */
        if (!J->found && SJ && SJ->have_start && go_on(J->deadline)) {
            pp_search_report(&J->ctx, PP_STAGE_SEARCH, NAN, NAN, NAN,
                             J->ctx.rf_late ? "relax-and-fix falls behind the time limit"
                                            : "relax-and-fix found no plan");
            memcpy(J->hx + 1, SJ->start_x, J->m->ncols * sizeof *J->hx);
            J->hobj = SJ->start_obj;
            warm_settle(J);
            if (J->warm_x && J->warm_obj < J->hobj) {
                memcpy(J->hx, J->warm_x, (J->m->ncols + 1) * sizeof *J->hx);
                J->hobj = J->warm_obj;
            }
            /* A long horizon's other search has been improving the constructive
             * plan all along: go on from the best plan so far instead. */
            if (J->from_best) {
                pthread_mutex_lock(&SJ->lock);
                if (SJ->best_obj < J->hobj) {
                    memcpy(J->hx + 1, SJ->best_x, J->m->ncols * sizeof *J->hx);
                    J->hobj = SJ->best_obj;
                }
                pthread_mutex_unlock(&SJ->lock);
            }
            J->from_start = true;
        }
    }
    if (J->from_start) {
        J->found = true;
        J->ctx.min_slice = true;
        pp_search_report(&J->ctx, PP_STAGE_SEARCH, J->hobj, NAN, NAN,
                         "window passes from the %s plan %.2f",
                         J->from_best ? "best" : J->warm ? "start" : "constructive", J->hobj);
        pp_search_windows(J->m, J->A, J->deadline, J->hx, &J->hobj, &J->ctx);
        return;
    }
    if (!J->found)
        return;
    J->rf_obj = J->hobj;
    pp_search_report(&J->ctx, PP_STAGE_SEARCH, J->hobj, J->lp_obj,
                     pp_search_gap(J->hobj, J->lp_obj),
                     "relax-and-fix by day: %.2f (LP gap %.3f%%)", J->hobj,
                     100.0 * (J->hobj - J->lp_obj) / fmax(fabs(J->hobj), 1e-9));
    pp_search_publish(J->ctx.job, J->hx + 1, J->hobj);
    if ((J->hobj - J->lp_obj) / fmax(fabs(J->hobj), 1e-9) > J->mip_gap)
        pp_search_windows(J->m, J->A, J->deadline, J->hx, &J->hobj, &J->ctx);
    /* A what-if scenario (warm-started) whose repaired base plan was outside the gap
     * ends here 1-2 % above the bound on data/example, where the base and the
     * scenarios that kept its plan are below 1 %: their cost differences would be
     * half solver noise.  One pass of day windows with short tails brings it within
     * warm_rf_gap_share of the gap (whatif_20: 12 scenarios 0.09-0.85 % cheaper,
     * every objective at or below the earlier cold plans'; docs/performance.md,
     * "What-if"). */
    const pp_search_params *S = J->ctx.s;
    if (J->warm && S->warm_rf_passes > 0 &&
        (J->hobj - J->lp_obj) / fmax(fabs(J->hobj), 1e-9) > J->mip_gap * S->warm_rf_gap_share)
        windows_to(J, S->warm_rf_gap_share, S->warm_rf_passes, S->warm_rf_tail_nodes);
}

static void run_search(search_job *J)
{
    run_search_body(J);
    if (J->warm_lazy && (!J->found || J->hobj > J->warm_cut))
        warm_settle(J);
}

/* The second search (pp_search_decomposition).  Its GLPK environment, hooks and
 * tracked blocks are its own: a GLPK error here ends this search only (its
 * plan so far, if complete, stays in J->hx: pp_search_window_mip writes it whole). */
static void run_search_arg(void *arg)
{
    run_search(arg);
}

static void *search_thread(void *arg)
{
    search_job *J = arg;
    pp_search_cancel = J->ctx.job ? &J->ctx.job->cancel : NULL;
    pp_search_enough = J->enough;
    /* GLPK's environment, and its hooks, are per thread */
    pp_lp_guard(run_search_arg, J, J->ctx.job ? J->ctx.job->mem_limit_mb : 0, false);
    pp_tfree_all();
    pp_lp_env_free(); /* this thread's GLPK environment */
    return NULL;
}

/* Large models with day groups: interior point for the LP relaxation (its
 * values and objective, no basis), relax-and-fix by day for the first plan,
 * then window passes until the deadline.  GLPK's branch and bound is left
 * out here: its node LPs carry the whole week (seconds each at this size) and
 * never moved the bound within a minute (measured).  Returns false when it
 * found nothing (the caller falls back to the simplex path). */
bool pp_search_decomposition(pp_lp *lp, const pp_mip *m, const pp_lp_matrix *A, double deadline,
                             double mip_gap, int threads, cb_ctx *ctx, pp_mip_result *res)
{
    const pp_search_params *sp = ctx->s;
    if (pp_lp_interior(lp) != 0 || pp_lp_ipt_status(lp) != PP_LP_OPT)
        return false;
    double lp_obj = pp_lp_ipt_obj_val(lp);
    pp_search_offer_bound(ctx->job, lp_obj);
    pp_search_report(ctx, PP_STAGE_ROOT_LP, NAN, lp_obj, NAN,
                     "LP relaxation %.2f by interior point (%zu rows, %zu columns)", lp_obj,
                     m->nrows, m->ncols);
    double *hx = pp_tmalloc((m->ncols + 1) * sizeof *hx);
    if (!hx)
        return false;
    for (size_t j = 0; j < m->ncols; j++)
        hx[j + 1] = pp_lp_ipt_col_prim(lp, (int)j + 1);
    /* What the second search reads lives on the heap, not on this stack: after
     * a GLPK error this thread longjmps past this frame and joins it later. */
    decomp_state *D = pp_tcalloc(1, sizeof *D);
    double *x0 = pp_tmalloc((m->ncols + 1) * sizeof *x0); /* the second search's plan */
    /* Long horizons (long_min_groups days and more, e.g. the 28-day bench
     * instance) get their own tunables: the first search's in D->first, the
     * second's in D->quiet.search (set below); a weekly model keeps sp's.  A
     * model with tours (PP_COL_GROUP_ALL columns) is treated as long too: its
     * three-break day windows under the weekly tunables left medium+tours
     * without a relax-and-fix plan in 60 s (35.2 % against 4.9 %,
     * docs/performance.md, "Tours (issue 14)"). */
    size_t ng = 0;
    bool linked = false;
    for (size_t j = 0; j < m->ncols; j++) {
        linked |= m->col_group[j] == PP_COL_GROUP_ALL;
        if (m->col_int[j] && m->col_group[j] < PP_COL_GROUP_ALL && m->col_group[j] + 1 > ng)
            ng = m->col_group[j] + 1;
    }
    bool long_h = sp->long_min_groups > 0 && (ng >= sp->long_min_groups || linked);
    cb_ctx cut_ctx = *ctx;
    if (D) {
        D->first = *sp;
        if (long_h) {
            D->first.cut_max_rounds = D->first.long_cut_rounds;
            D->first.rf_batch_div = D->first.window_batch_div = D->first.long_batch_div;
        }
        cut_ctx.s = &D->first;
    }
    if (!D || !x0 || !cut_rounds(lp, m, A, deadline, hx, &lp_obj, &cut_ctx, &D->cm)) {
        pp_tfree(hx);
        pp_tfree(x0);
        pp_tfree(D);
        return false;
    }
    cut_ctx.s = ctx->s; /* what the cut rounds changed (the report clock), not the tunables */
    *ctx = cut_ctx;
    pp_search_offer_bound(ctx->job, lp_obj);
    memcpy(x0, hx, (m->ncols + 1) * sizeof *x0);
    /* Two searches, on two threads when the caller allows: the same model (with
     * its cuts when they are used) from the same LP point, whose first plans
     * round up from different fractions.  Their paths differ from the first day
     * on, and the cheaper plan of the two is taken (the first on a tie): each
     * is deterministic, so the pair is too, unless the time limit stops one. */
    ctx->bound = lp_obj; /* the bound the progress lines quote on this path */
    bool cuts_used = D->cm.A.nz > 0;
    const pp_mip *ms = cuts_used ? &D->cm.m : m;
    const pp_lp_matrix *As = cuts_used ? &D->cm.A : A;
    search_job *job = D->job;
    job[0] = (search_job){.m = ms, .A = As, .hx = hx, .lean = sp->dive_up_fraction};
    job[1] = (search_job){.m = ms, .A = As, .hx = x0, .lean = sp->second_lean};
    D->quiet = *ctx->p;
    D->quiet.verbosity = 0; /* one voice on the progress callback */
    D->quiet.progress = NULL;
    if (long_h) {
        /* A month of days: each day's window gets its share of the time, a few
         * seconds, in which a dive of 1/20 of the fractional columns per round
         * and a 400-node tail do not finish (docs/performance.md, "Month-long
         * plans").  Coarser rounds and shorter tails finish the days. */
        D->quiet.search = D->first;
    }
    for (int k = 0; k < 2; k++) {
        job[k].ctx = *ctx;
        job[k].hobj = lp_obj;
        job[k].deadline = deadline;
        job[k].mip_gap = mip_gap;
        job[k].lp_obj = lp_obj;
    }
    job[0].ctx.s = &D->first;
    job[1].ctx.p = &D->quiet;
    job[1].ctx.s = &D->quiet.search;
    job[1].ctx.rf_tail_frac = job[1].ctx.tail_frac = sp->second_tail_fractional;
    job[1].ctx.rf_tail_nodes = job[1].ctx.tail_nodes = sp->second_tail_nodes;
    if (long_h)
        for (int k = 0; k < 2; k++)
            job[k].ctx.rf_tail_nodes = job[k].ctx.tail_nodes =
                D->first.long_tail_nodes < job[k].ctx.tail_nodes ? D->first.long_tail_nodes
                                                                 : job[k].ctx.tail_nodes;
    /* A limit short for the model's size (under 1 ms per column: relax-and-fix
     * by day may not finish, e.g. about 25 s for data/example's 13,893 columns
     * on a loaded machine): one search -- the second when there are two --
     * runs the window passes from the constructive plan instead, so that the
     * time improves a plan it already has (data/example at 10 s: about 498,000
     * instead of the constructive 692,969). */
    /* A long horizon always: relax-and-fix over a month takes most of the time
     * (about 6 s a day at load 5 on the 28-day instance), and window passes
     * from the constructive plan improve it from the first window on.  A
     * model with tours over fewer days only with a second search: alone (a
     * what-if's one thread) its search runs relax-and-fix, which the spill
     * makes quick there (data/example with its salaried team: 2.4 s, where
     * window passes from the constructive plan were 26 % above the bound
     * after 95 s). */
    bool second_wanted = threads > 1;
    int fallback = second_wanted ? 1 : 0;
    /* A warm start (a what-if's base plan, repaired): the first search improves
     * it instead of building a plan of its own by relax-and-fix, which on
     * data/example is nearly all of the solve's time; the second search, when
     * there is one, still runs relax-and-fix. */
    if (ctx->job && ctx->job->have_start && ctx->p->start_warm)
        job[0].warm = true;
    else if (ctx->job && ctx->job->have_start && ctx->p->time_limit_seconds > 0 &&
             (ctx->p->time_limit_seconds < sp->start_s_per_col * (double)m->ncols ||
              (long_h && (second_wanted || ng >= sp->long_min_groups)))) {
        search_job *S = &job[fallback];
        memcpy(S->hx + 1, ctx->job->start_x, m->ncols * sizeof *S->hx);
        S->hobj = ctx->job->start_obj;
        S->from_start = true;
    }
    /* Longer limits: that search still starts with relax-and-fix, and turns to
     * the window passes from the constructive plan once a day uses up its share
     * of the time (a loaded machine): the time then improves a plan rather than
     * ending with none.  A solve that keeps pace is unchanged. */
    job[fallback].ctx.rf_pace = ctx->job && ctx->job->have_start;
    if (long_h && fallback == 1 && ctx->job && ctx->job->have_start)
        job[0].ctx.rf_pace = job[0].from_best = true;
    atomic_init(&D->enough, false);
    job[1].enough = &D->enough;
    pthread_t tid;
    bool second = threads > 1 && pthread_create(&tid, NULL, search_thread, &job[1]) == 0;
    if (second && ctx->job) {
        ctx->job->second_tid = tid;
        ctx->job->second_running = true;
    }
    /* The first search's plan within the gap is the answer: the second search
     * (on a model with tours, window passes from the constructive plan that
     * never reach the gap: data/example, 115 s of waiting) stops at once, and
     * its plan is left out, since how far it got depends on the machine's
     * speed.  Otherwise the cheaper of the two, as before. */
    run_search(&job[0]);
    bool first_enough = job[0].found && (job[0].hobj - lp_obj) / fmax(fabs(job[0].hobj), 1e-9) <=
                                            mip_gap;
    if (second && first_enough)
        atomic_store(&D->enough, true);
    if (second) {
        pthread_join(tid, NULL);
        if (ctx->job)
            ctx->job->second_running = false;
    }
    /* The search's clock and counters come back; its tunables do not: job[0]'s
     * point into D, freed below, and the caller goes on (solve_root) with ctx->s. */
    const pp_search_params *own_s = ctx->s;
    *ctx = job[0].ctx;
    ctx->s = own_s;
    int best = job[0].found ? 0 : -1;
    if (second && !first_enough && job[1].found && (best < 0 || job[1].hobj < job[0].hobj - 1e-9))
        best = 1;
    cut_model_free(&D->cm);
    if (best < 0) {
        pp_tfree(hx);
        pp_tfree(x0);
        pp_tfree(D);
        return false;
    }
    double hobj = job[best].hobj;
    if (second) {
        char a[32] = "no plan", b[32] = "no plan";
        if (job[0].found)
            snprintf(a, sizeof a, "%.2f", job[0].hobj);
        if (job[1].found)
            snprintf(b, sizeof b, "%.2f", job[1].hobj);
        if (job[1].from_start)
            pp_search_report(ctx, PP_STAGE_SEARCH, hobj, lp_obj, pp_search_gap(hobj, lp_obj),
                             "two searches: %s (up from %.1f), %s (from the constructive plan)", a,
                             sp->dive_up_fraction, b);
        else
            pp_search_report(ctx, PP_STAGE_SEARCH, hobj, lp_obj, pp_search_gap(hobj, lp_obj),
                             "two searches: %s (up from %.1f), %s (up from %.1f)", a,
                             sp->dive_up_fraction, b, sp->second_lean);
    }
    res->heuristic_objective = fmin(job[0].rf_obj, second ? job[1].rf_obj : INFINITY);
    res->x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *res->x);
    if (!res->x) {
        pp_search_oom = true;
        pp_tfree(hx);
        pp_tfree(x0);
        pp_tfree(D);
        return false;
    }
    memcpy(res->x, job[best].hx + 1, m->ncols * sizeof *res->x);
    pp_tfree(hx);
    pp_tfree(x0);
    pp_tfree(D);
    res->objective = hobj;
    res->lp_objective = res->bound = fmin(lp_obj, hobj);
    res->status =
        (hobj - lp_obj) / fmax(fabs(hobj), 1e-9) <= mip_gap ? PP_MIP_OPTIMAL : PP_MIP_FEASIBLE;
    return true;
}
