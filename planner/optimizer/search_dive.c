/*
 * search_dive.c -- from a fractional LP to a whole plan: LP rounding, dives
 * by bound tightening, and the small branch and bound that ends a dive.
 *
 * Design
 * ------
 * Every heuristic of the search ends in one of these: the simplex path's
 * first incumbent (pp_search_rounding, on the whole model) and every
 * sub-problem of relax-and-fix and the window passes (pp_search_dive, on a
 * day's or a vendor's window).  Both work on a copy of a solved LP and
 * re-solve it warm with the dual simplex after each batch of roundings, so a
 * round costs a few pivots.  Three observations set the tuned numbers
 * (pp_search_params; docs/optimizer.md has the measurements):
 *  - Lean up.  An uncovered agent-interval costs about ten times what an
 *    agent does (default penalty 200/h against 20-33/h), so rounding up from
 *    a fractional part of 0.3 (dive_up_fraction) beat 0.5, 0.4 and 0.2 on
 *    the issue-5 instances.
 *  - Small batches.  Each round tightens 1/batch_div of the fractional
 *    columns, at least one: small batches keep the LP able to compensate,
 *    and a day's LP re-solves in milliseconds.  Relax-and-fix, whose plan
 *    every later pass starts from, takes the finer steps (rf_batch_div 20);
 *    the window passes the coarser ones (window_batch_div 10), which buy
 *    more passes in the time (60 s, 20 -> 10: small 1.86 -> 1.56 %, medium
 *    0.72 -> 0.56 %, large 0.62 -> 0.39 %; 5 was worse again).
 *  - An exact tail.  A dive's last roundings are its dearest: with few
 *    fractional columns left the LP has little room to make up for them (on
 *    a day of the 40-contact week the objective climbs 3,988 -> 3,991 over
 *    200 roundings, then 3,991 -> 4,066 over the last eight).  So at
 *    tail_fractional columns the dive hands over to GLPK's branch and bound
 *    for at most tail_nodes nodes (relax-and-fix: rf_tail_*; the second
 *    search: second_tail_*, for a plan that differs).  Measured on the weekly
 *    instances (60 s, 2 threads): small 23,896 -> 23,737, medium 67,615 ->
 *    67,474, large 200,426 -> 200,080.  A node count, not a time, so the
 *    result does not depend on the machine's speed.
 * Everything is deterministic: ties are broken by column index.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimizer/search.h"

int pp_search_lp_resolve(pp_lp *h, double deadline)
{
    /* after tightening bounds the old basis stays dual feasible */
    int rc = pp_lp_simplex(h, PP_LP_DUALP, pp_search_ms_left(deadline));
    if (rc != 0 && rc != PP_LP_ETMLIM) {
        /* the warm basis went bad (singular after many bound changes): start afresh */
        pp_lp_adv_basis(h);
        rc = pp_lp_simplex(h, PP_LP_DUALP, pp_search_ms_left(deadline));
    }
    return rc == 0 && pp_lp_status(h) == PP_LP_OPT ? 0 : -1;
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
 * integral, round up the most fractional 1/batch_div (a quarter; ceil keeps the
 * coverage the LP bought), round down fractions below s->rounding_down_below, re-solve with the
 * dual simplex (warm), until the LP optimum is integral.  A batch that makes the LP infeasible
 * (seats, max hours) is fixed at floor instead.  The result is a complete feasible solution
 * (continuous columns re-optimised) in hx (1-based). Deterministic: ties are broken by column
 * index. */
bool pp_search_rounding(pp_lp *lp, const pp_mip *m, double deadline, int batch_div, double *hx,
                        double *hobj, const pp_search_params *s)
{
    size_t n = m->ncols;
    frac_col *fc = pp_tmalloc((n + 1) * sizeof *fc);
    unsigned char *fixed = pp_tcalloc(n + 1, 1);
    if (!fc || !fixed) {
        pp_tfree(fc);
        pp_tfree(fixed);
        return false;
    }
    pp_lp *h = pp_lp_copy(lp);
    bool found = false;
    /* the copy keeps the optimal basis, so this first solve takes no pivots */
    bool ok = pp_search_lp_resolve(h, deadline) == 0;
    for (int iter = 0; ok && iter < s->rounding_max_rounds && go_on(deadline); iter++) {
        size_t nf = 0;
        for (size_t j = 0; j < n; j++) {
            if (!m->col_int[j] || fixed[j])
                continue;
            double v = pp_lp_col_prim(h, (int)j + 1), r = floor(v + 0.5);
            if (fabs(v - r) <= 1e-6) {
                pp_lp_set_col_bnds(h, (int)j + 1, PP_LP_FX, r, r);
                fixed[j] = 1;
            } else if (fabs(v - r) > 1e-6)
                fc[nf++] = (frac_col){(int)j, v - floor(v)};
        }
        if (nf == 0) {
            found = true;
            *hobj = pp_lp_obj_val(h);
            for (size_t j = 0; j < n; j++) {
                double v = pp_lp_col_prim(h, (int)j + 1);
                hx[j + 1] = m->col_int[j] ? floor(v + 0.5) : v;
            }
            break;
        }
        qsort(fc, nf, sizeof *fc, frac_cmp);
        size_t up = nf / (size_t)batch_div + 1;
        for (size_t k = 0; k < nf; k++) {
            int j = fc[k].j;
            double v = pp_lp_col_prim(h, j + 1), f = floor(v);
            if (k < up)
                pp_lp_set_col_bnds(h, j + 1, PP_LP_FX, f + 1, f + 1);
            else if (fc[k].f < s->rounding_down_below)
                pp_lp_set_col_bnds(h, j + 1, PP_LP_FX, f, f);
            else
                continue;
            fixed[j] = 1;
        }
        if (pp_search_lp_resolve(h, deadline) != 0) {
            /* the rounded-up batch broke an upper limit: take the floors instead */
            for (size_t k = 0; k < up; k++) {
                int j = fc[k].j;
                double lo = pp_lp_col_lb(h, j + 1) - 1;
                pp_lp_set_col_bnds(h, j + 1, PP_LP_FX, lo, lo);
            }
            ok = pp_search_lp_resolve(h, deadline) == 0;
        }
    }
    pp_lp_free(h);
    pp_tfree(fc);
    pp_tfree(fixed);
    return found;
}

/* Fractional diving by bound tightening on a copy of the solved LP src (any
 * problem: integer columns are the PP_LP_IV ones).  Each round takes the
 * fractional integer columns closest to an integer -- the 1/batch_div share
 * of them, at least one -- and tightens each toward its nearer integer
 * (lb = ceil or ub = floor: the column stays free to move further, unlike
 * fixing), then re-solves with the warm dual simplex.  A round that makes the
 * LP infeasible (a rounded-up batch breaking seats or maximum hours, a
 * rounded-down one breaking committed hours) is undone and retried column by
 * column (the s->dive_single_tries nearest, each way).  Ends when the LP optimum is integral:
 * x (1-based, pp_lp_num_cols(src) values) and *obj get it.  A few
 * fractional columns before the end (tail_k) it hands over to tail_search.
 * Up from up_frac, or toward guide (1-based) when not NULL.
 * Deterministic: ties broken by column index. */
static void tail_callback(pp_lp_tree *tree, void *info)
{
    int active, live, total;
    if (stop_asked()) {
        pp_lp_tree_terminate(tree);
        return;
    }
    if (pp_lp_tree_reason(tree) != PP_LP_ISELECT)
        return;
    pp_lp_tree_size(tree, &active, &live, &total);
    if (total > *(const int *)info)
        pp_lp_tree_terminate(tree);
}

/* Finishes a dive on h (an optimal LP, some integer columns fractional):
 * integer columns at a whole value with a non-zero reduced cost are fixed
 * there (the LP wants them where they are), then GLPK's branch and bound
 * (pseudo-cost branching, best local bound) searches the rest for at most
 * `nodes` nodes (s->tail_nodes and kin) -- a count, not a time, so the result does not depend on
 * the machine's speed.  Measured on that day window: 4,066 -> 4,005 (the
 * day's LP bound is 3,988; CBC finds 3,997) for 0.75 instead of 0.48 s.
 * True with x (1-based) and *obj set when it found an integer solution; h's
 * bounds may then be tighter (fixings), its LP solution stale. */
static bool tail_search(pp_lp *h, double deadline, int nodes, double share, double *x, double *obj)
{
    int n = pp_lp_num_cols(h);
    for (int j = 1; j <= n; j++) {
        if (pp_lp_col_kind(h, j) == PP_LP_CV || pp_lp_col_type(h, j) == PP_LP_FX)
            continue;
        double v = pp_lp_col_prim(h, j), r = floor(v + 0.5);
        if (fabs(v - r) <= 1e-6 && fabs(pp_lp_col_dual(h, j)) > 1e-6)
            pp_lp_set_col_bnds(h, j, PP_LP_FX, r, r);
    }
    if (pp_search_lp_resolve(h, deadline) != 0)
        return false;
    pp_lp_mip_params io;
    pp_lp_mip_params_init(&io);
    io.presolve = false; /* h carries its optimal basis */
    io.br_tech = PP_LP_BR_PCH;
    io.bt_tech = PP_LP_BT_BLB;
    /* half the time left at most (share), so that the dive can still finish without it */
    io.tm_lim_ms = pp_search_ms_left(now_seconds() + share * (deadline - now_seconds()));
    io.cb = tail_callback;
    io.cb_info = &nodes;
    pp_lp_intopt(h, &io);
    int st = pp_lp_mip_status(h);
    if (st != PP_LP_OPT && st != PP_LP_FEAS)
        return false;
    for (int j = 1; j <= n; j++) {
        double v = pp_lp_mip_col_val(h, j);
        x[j] = pp_lp_col_kind(h, j) != PP_LP_CV ? floor(v + 0.5) : v;
    }
    *obj = pp_lp_mip_obj_val(h);
    return true;
}

bool pp_search_dive(pp_lp *src, double deadline, int batch_div, double up_frac, const double *guide,
                    int tail_k, int tail_nodes, double *x, double *obj, cb_ctx *ctx)
{
    const pp_search_params *S = ctx->s;
    int n = pp_lp_num_cols(src);
    frac_col *fc = pp_tmalloc(((size_t)n + 1) * sizeof *fc);
    double *olb = pp_tmalloc(((size_t)n + 1) * sizeof *olb);
    double *oub = pp_tmalloc(((size_t)n + 1) * sizeof *oub);
    int *otype = pp_tmalloc(((size_t)n + 1) * sizeof *otype);
    if (!fc || !olb || !oub || !otype) {
        pp_tfree(fc);
        pp_tfree(olb);
        pp_tfree(oub);
        pp_tfree(otype);
        return false;
    }
    pp_lp *h = pp_lp_copy(src);
    bool found = false, tail_tried = tail_k <= 0;
    bool ok = pp_search_lp_resolve(h, deadline) == 0;
    for (int iter = 0; ok && iter < S->dive_max_rounds && go_on(deadline); iter++) {
        pp_search_tick(ctx, "searching", ctx->incumbent);
        int nf = 0;
        for (int j = 1; j <= n; j++) {
            if (pp_lp_col_kind(h, j) == PP_LP_CV)
                continue;
            double v = pp_lp_col_prim(h, j), f = v - floor(v);
            if (f > 1e-6 && f < 1 - 1e-6)
                fc[nf++] = (frac_col){j, -fmin(f, 1 - f)}; /* sorted: nearest integer first */
            (void)0;
        }
        if (nf == 0) {
            found = true;
            *obj = pp_lp_obj_val(h);
            for (int j = 1; j <= n; j++) {
                double v = pp_lp_col_prim(h, j);
                x[j] = pp_lp_col_kind(h, j) != PP_LP_CV ? floor(v + 0.5) : v;
            }
            break;
        }
        if (!tail_tried && nf <= tail_k) {
            tail_tried = true;
            if (tail_search(h, deadline, tail_nodes, S->tail_time_share, x, obj)) {
                found = true;
                break;
            }
            ok = pp_search_lp_resolve(h, deadline) == 0; /* no plan in the nodes: dive on */
            continue;
        }
        qsort(fc, (size_t)nf, sizeof *fc, frac_cmp);
        int cnt = nf / batch_div > 1 ? nf / batch_div : 1;
        /* attempt 0: the batch; then single columns (the dive_single_tries nearest), each way */
        int tries = S->dive_single_tries;
        int maxatt = 1 + 2 * (nf < tries ? nf : tries);
        ok = false;
        for (int attempt = 0; attempt < maxatt && !ok; attempt++) {
            int first = attempt == 0 ? 0 : (attempt - 1) / 2;
            int count = attempt == 0 ? cnt : 1;
            bool flip = attempt > 0 && (attempt - 1) % 2 == 1;
            if (attempt == 1 && cnt == 1)
                continue; /* the batch was this very column */
            for (int k = first; k < first + count; k++) {
                int j = fc[k].j;
                double v = pp_lp_col_prim(h, j), f = v - floor(v);
                /* guided: toward the incumbent's value (Danna, Rothberg, Le Pape) */
                bool up = (guide ? guide[j] > v : f >= up_frac) != flip;
                olb[k] = pp_lp_col_lb(h, j);
                oub[k] = pp_lp_col_ub(h, j);
                otype[k] = pp_lp_col_type(h, j);
                double lo = up ? ceil(v) : olb[k], hi = up ? oub[k] : floor(v);
                int type = otype[k];
                if (up)
                    type = type == PP_LP_UP || type == PP_LP_DB ? (hi == lo ? PP_LP_FX : PP_LP_DB)
                                                                : PP_LP_LO;
                else
                    type = type == PP_LP_LO || type == PP_LP_DB ? (hi == lo ? PP_LP_FX : PP_LP_DB)
                                                                : PP_LP_UP;
                pp_lp_set_col_bnds(h, j, type, lo, hi);
            }
            /* the values above were read before any change: same basis, no re-solve between */
            if (pp_search_lp_resolve(h, deadline) == 0) {
                ok = true;
                break;
            }
            for (int k = first + count - 1; k >= first; k--)
                pp_lp_set_col_bnds(h, fc[k].j, otype[k], olb[k], oub[k]);
            if (!go_on(deadline) || pp_search_lp_resolve(h, deadline) != 0)
                break;
        }
    }
    pp_lp_free(h);
    pp_tfree(fc);
    pp_tfree(olb);
    pp_tfree(oub);
    pp_tfree(otype);
    return found;
}
