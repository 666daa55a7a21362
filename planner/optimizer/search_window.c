/*
 * search_window.c -- fix-and-optimize over windows of a plan: one window's
 * sub-MIP, relax-and-fix by day for the first plan, window passes after it.
 *
 * Design
 * ------
 * A week of 15-minute intervals is too big for GLPK as one MIP (root LP
 * 8-54 s by simplex, node LPs seconds each), but a day of it is small: its
 * shifts, breaks, working, split, shortfall and backlog columns.  Every
 * column carries its day (pp_mip.col_group) and vendor (col_owner), so a
 * window -- a few consecutive days, or one vendor's whole week -- is cut out
 * of the model with everything else fixed at the current plan and *removed*
 * (its activity moved into the row bounds).  The window's LP is small, its
 * dives (search_dive.c) are fast, and any plan of it is a plan of the whole
 * model.
 *
 * Relax-and-fix builds the first plan day by day from the LP point: each day
 * is rounded with the later days still fractional (the other days' continuous
 * columns next to it free, so that held values do not pin it; a tours model's
 * people continuous until the last window); a day whose weekly limits no longer
 * fit widens the window.  The window passes then re-solve day,
 * vendor-week and 2- and 3-day windows with differently leaning dives, keep
 * every cheaper plan, and stop at the requested gap (a fixed point of a
 * deterministic sequence, so the plan does not depend on the machine's
 * speed unless the time limit comes first).  The time left is shared evenly
 * by the windows still to go in a pass.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "optimizer/search.h"

/* How a window treats the columns of every day (PP_COL_GROUP_ALL: a tours model's
 * people): integer, continuous (relax-and-fix before its last window) or held at
 * the incumbent's values, outside the window (relax-and-fix after a failed day). */
typedef enum { ALL_INT, ALL_RELAXED, ALL_HELD } all_mode;

/* Column j is in the window but continuous: groups g1+1 .. relax_end (relax-and-fix's
 * next day after a failed day, see pp_search_relax_and_fix), and the every-day
 * columns when `all` says so. */
static inline bool relaxed_col(const pp_mip *m, size_t j, size_t g1, size_t relax_end,
                               all_mode all)
{
    if (m->col_group[j] == PP_COL_GROUP_ALL)
        return all == ALL_RELAXED;
    return m->col_group[j] > g1 && m->col_group[j] <= relax_end;
}

/* One window of the decomposition: every column whose group is not in
 * [g0, relax_end] is fixed at the incumbent hx (1-based) and *removed*: its activity
 * moves into the row bounds, rows without a free column are dropped.  What is
 * left is a genuine sub-MIP of about the window's size (a day of the week:
 * its shifts, breaks, working/split/shortfall/backlog columns, and the weekly
 * hours rows with the other days' hours as a constant), solved from its
 * own LP by a dive (toward the incumbent's values when up_frac < 0).  Groups
 * g1+1 .. relax_end stay in it as continuous columns (none when relax_end = g1,
 * as pp_search_window_mip has it).  With spill_hops > 0 so do the other
 * groups' plain continuous columns (not integer, no role) that share a row
 * with the window within that many rows (relax-and-fix's spill, see
 * pp_search_relax_and_fix).  Any solution of it is feasible for the whole
 * model.  Returns true and updates hx / *hobj when it found a cheaper plan. */
static bool window_mip(const pp_mip *m, const pp_lp_matrix *A, size_t g0, size_t g1,
                       size_t relax_end, int spill_hops, all_mode all, size_t owner,
                       double deadline, bool accept_any, double up_frac, double *hx,
                       double *hobj, cb_ctx *ctx)
{
    ctx->incumbent = accept_any ? INFINITY : *hobj; /* relax-and-fix has no whole plan yet */
    size_t n = m->ncols, nr = m->nrows;
    int *cmap = pp_tcalloc(n, sizeof *cmap), *rmap = pp_tcalloc(nr, sizeof *rmap);
    double *act = pp_tcalloc(nr, sizeof *act);
    int *ia = pp_tmalloc(((size_t)A->nz + 1) * sizeof *ia),
        *ja = pp_tmalloc(((size_t)A->nz + 1) * sizeof *ja);
    double *ar = pp_tmalloc(((size_t)A->nz + 1) * sizeof *ar);
    double *sub = pp_tmalloc((n + 1) * sizeof *sub), *guide = NULL;
    bool better = false;
    pp_lp *s = NULL;
    if (!cmap || !rmap || !act || !ia || !ja || !ar || !sub)
        goto done;
    int nc = 0, nrs = 0;
    size_t free_int = 0; /* integer columns of the window not fixed by their bounds */
    double fixed_cost = m->obj_offset;
    for (size_t j = 0; j < n; j++) {
        size_t g = m->col_group[j];
        bool mine = owner == SIZE_MAX || !m->col_owner || m->col_owner[j] == owner ||
                    m->col_owner[j] == SIZE_MAX;
        cmap[j] = ((g == PP_COL_GROUP_ALL && all != ALL_HELD) ||
                   (g != SIZE_MAX && g >= g0 && g <= relax_end)) &&
                  mine;
    }
    /* the spill: the other days' plain continuous columns within spill_hops rows of the
     * window (rmap marks the rows reached so far) */
    for (int hop = 0; hop < spill_hops; hop++) {
        for (int k = 1; k <= A->nz; k++)
            if (cmap[A->ja[k] - 1])
                rmap[A->ia[k] - 1] = 1;
        for (int k = 1; k <= A->nz; k++) {
            size_t j = (size_t)A->ja[k] - 1, g = m->col_group[j];
            bool plain = !m->col_int[j] && !(m->col_role && m->col_role[j]);
            bool other_day = (g > relax_end || g < g0) && g < PP_COL_GROUP_ALL;
            if (!cmap[j] && rmap[A->ia[k] - 1] && plain && other_day)
                cmap[j] = 1;
        }
    }
    memset(rmap, 0, nr * sizeof *rmap);
    for (size_t j = 0; j < n; j++) {
        if (cmap[j])
            cmap[j] = ++nc;
        else
            fixed_cost += m->col_cost[j] * hx[j + 1];
    }
    if (nc == 0)
        goto done;
    for (int k = 1; k <= A->nz; k++) {
        int i = A->ia[k] - 1, j = A->ja[k] - 1;
        if (cmap[j])
            rmap[i] = 1;
        else
            act[i] += A->ar[k] * hx[j + 1];
    }
    for (size_t i = 0; i < nr; i++)
        if (rmap[i])
            rmap[i] = ++nrs;
    s = pp_lp_new();
    pp_lp_set_minimize(s);
    pp_lp_add_cols(s, nc);
    if (nrs)
        pp_lp_add_rows(s, nrs);
    for (size_t j = 0; j < n; j++) {
        if (!cmap[j])
            continue;
        pp_lp_set_col_bnds(s, cmap[j], pp_lp_bound_type(m->col_lb[j], m->col_ub[j]),
                           isfinite(m->col_lb[j]) ? m->col_lb[j] : 0,
                           isfinite(m->col_ub[j]) ? m->col_ub[j] : 0);
        pp_lp_set_obj_coef(s, cmap[j], m->col_cost[j]);
        if (m->col_int[j] && !relaxed_col(m, j, g1, relax_end, all)) {
            pp_lp_set_col_kind(s, cmap[j], PP_LP_IV);
            free_int += m->col_lb[j] < m->col_ub[j];
        }
        sub[cmap[j]] = hx[j + 1];
    }
    for (size_t i = 0; i < nr; i++) {
        if (!rmap[i])
            continue;
        double lo = m->row_lb[i] - act[i], hi = m->row_ub[i] - act[i];
        int type = pp_lp_bound_type(m->row_lb[i], m->row_ub[i]);
        if (type == PP_LP_FX)
            hi = lo;
        else if (type == PP_LP_DB && lo > hi)
            hi = lo; /* rounding noise only: the incumbent satisfies the row */
        pp_lp_set_row_bnds(s, rmap[i], type, isfinite(lo) ? lo : 0, isfinite(hi) ? hi : 0);
    }
    int nz = 0;
    for (int k = 1; k <= A->nz; k++) {
        int j = A->ja[k] - 1;
        if (!cmap[j])
            continue;
        nz++;
        ia[nz] = rmap[A->ia[k] - 1];
        ja[nz] = cmap[j];
        ar[nz] = A->ar[k];
    }
    if (nz)
        pp_lp_load_matrix(s, nz, ia, ja, ar);
    pp_lp_scale(s);
    pp_lp_adv_basis(s);
    /* A window whose integer columns are all fixed (a warm start's polish) is a plain
     * LP: GLPK's presolve takes the fixed columns out first (the example's polish
     * 1.4 s -> 0.8 s); no dive follows that would need the basis of this one. */
    int rc = free_int == 0
                 ? pp_lp_simplex_presolved(s, pp_search_ms_left(deadline),
                                           ctx->polish_cutoff - fixed_cost)
                 : pp_lp_simplex(s, PP_LP_DUALP, pp_search_ms_left(deadline));
    if (free_int == 0 && rc == PP_LP_EOBJUL)
        ctx->polish_cut = true;
    if (rc != 0 ||
        pp_lp_status(s) != PP_LP_OPT ||
        (!accept_any && pp_lp_obj_val(s) + fixed_cost >= *hobj - 1e-6))
        goto done;
    double dobj;
    bool dived;
    int batch_div = accept_any ? ctx->s->rf_batch_div : ctx->s->window_batch_div;
    int tk = accept_any ? ctx->rf_tail_frac : ctx->tail_frac;
    int tn = accept_any ? ctx->rf_tail_nodes : ctx->tail_nodes;
    if (up_frac < 0 && (guide = pp_tmalloc((size_t)(nc + 1) * sizeof *guide)) != NULL)
        memcpy(guide, sub, (size_t)(nc + 1) * sizeof *guide);
    if (m->col_role) {
        /* phase 1: shift totals integer, break placement continuous */
        for (size_t j = 0; j < n; j++)
            if (cmap[j] && m->col_role[j] && !relaxed_col(m, j, g1, relax_end, all))
                pp_lp_set_col_kind(s, cmap[j], m->col_role[j] == 1 ? PP_LP_IV : PP_LP_CV);
        dived = pp_search_dive(s, deadline, batch_div, up_frac, guide, tk, tn, sub, &dobj, ctx);
        if (dived) {
            /* phase 2: totals fixed, breaks integer */
            for (size_t j = 0; j < n; j++)
                if (!cmap[j] || relaxed_col(m, j, g1, relax_end, all))
                    continue;
                else if (m->col_role[j] == 1) {
                    pp_lp_set_col_kind(s, cmap[j], PP_LP_CV);
                    pp_lp_set_col_bnds(s, cmap[j], PP_LP_FX, sub[cmap[j]], sub[cmap[j]]);
                } else if (m->col_role[j] == 2)
                    pp_lp_set_col_kind(s, cmap[j], PP_LP_IV);
            dived = pp_search_lp_resolve(s, deadline) == 0 &&
                    pp_search_dive(s, deadline, batch_div, up_frac, guide, tk, tn, sub, &dobj, ctx);
        }
    } else
        dived = pp_search_dive(s, deadline, batch_div, up_frac, guide, tk, tn, sub, &dobj, ctx);
    if (dived && (accept_any || dobj + fixed_cost < *hobj - 1e-6)) {
        for (size_t j = 0; j < n; j++)
            if (cmap[j])
                hx[j + 1] = sub[cmap[j]];
        *hobj = dobj + fixed_cost;
        better = true;
    }
done:
    if (s)
        pp_lp_free(s);
    pp_tfree(cmap);
    pp_tfree(rmap);
    pp_tfree(act);
    pp_tfree(ia);
    pp_tfree(ja);
    pp_tfree(ar);
    pp_tfree(sub);
    pp_tfree(guide);
    return better;
}

bool pp_search_window_mip(const pp_mip *m, const pp_lp_matrix *A, size_t g0, size_t g1,
                          size_t owner, double deadline, bool accept_any, double up_frac,
                          double *hx, double *hobj, cb_ctx *ctx)
{
    return window_mip(m, A, g0, g1, g1, 0, ALL_INT, owner, deadline, accept_any, up_frac, hx,
                      hobj, ctx);
}

/* Decomposition by day with weekly repair: passes over the days, each day a
 * pp_search_window_mip with the rest of the week fixed (the weekly hours rows see the
 * other days as constants, so hours move between days from pass to pass).
 * The time left is shared evenly by the windows still to go in the pass. */
void pp_search_windows(const pp_mip *m, const pp_lp_matrix *A, double deadline, double *hx,
                       double *hobj, cb_ctx *outer)
{
    const pp_search_params *S = outer->s;
    size_t ng = 0;
    for (size_t j = 0; j < m->ncols; j++)
        if (m->col_int[j] && m->col_group[j] < PP_COL_GROUP_ALL && m->col_group[j] + 1 > ng)
            ng = m->col_group[j] + 1;
    if (ng < 2)
        return;
    /* The same windows with the same dive give the same plans: when a pass
     * gains less than window_min_gain (0.01 %), the next dives lean
     * differently (guided toward the incumbent, round up from window_leans:
     * 0.5, then 0.2); then each vendor's whole
     * week is a window (the other vendors fixed), with the same four dives;
     * then the day windows widen to 2 and 3 days. */
    size_t nown = 0;
    for (size_t j = 0; m->col_owner && j < m->ncols; j++)
        if (m->col_owner[j] != SIZE_MAX && m->col_owner[j] + 1 > nown)
            nown = m->col_owner[j] + 1;
    const double lean[4] = {S->dive_up_fraction, -1 /* guided */, S->window_leans[0],
                            S->window_leans[1]};
    /* stages: (1-day, vendor weeks) x each lean, then 2- and 3-day windows */
    size_t stage = 0;
    for (int pass = 0; stage < 16 && pass < S->window_max_passes && go_on(deadline); pass++) {
        int kind = stage < 8 ? (stage % 2 ? 0 : 1) : (int)(stage / 4); /* 0 = vendor weeks */
        double up = stage < 8 ? lean[stage / 2] : lean[stage % 4];
        if ((kind == 0 && nown < 2) || (size_t)kind > ng) {
            stage++;
            continue;
        }
        double before = *hobj;
        size_t nwin = kind == 0 ? nown : ng - (size_t)kind + 1;
        for (size_t g = 0; g < nwin && go_on(deadline); g++) {
            /* Stop at the requested gap, as branch and bound does: it is a fixed point
             * of this deterministic sequence of windows, so the plan does not depend
             * on how fast the machine is (or how many plans share it) unless the
             * time limit comes first. */
            if ((*hobj - outer->bound) / fmax(fabs(*hobj), 1e-9) <= outer->p->mip_gap)
                return;
            pp_search_tick(outer, "window pass", *hobj);
            /* the windows still to go in the pass share the time left; from the
             * constructive plan (outer->min_slice) each gets at least a quarter
             * second, so a short limit still improves the first days instead of
             * none */
            double left = deadline - now_seconds();
            double slice = left / (double)(nwin - g);
            if (outer->min_slice && slice < S->window_min_slice)
                slice = fmin(S->window_min_slice, left);
            bool better;
            if (kind == 0)
                better = pp_search_window_mip(m, A, 0, ng - 1, g, now_seconds() + slice, false, up,
                                              hx, hobj, outer);
            else
                better = pp_search_window_mip(m, A, g, g + (size_t)kind - 1, SIZE_MAX,
                                              now_seconds() + slice, false, up, hx, hobj, outer);
            if (better)
                pp_search_publish(outer->job, hx + 1, *hobj);
        }
        /* a pass that gains less than window_min_gain is not worth repeating */
        bool improved = *hobj < before - S->window_min_gain * fabs(before);
        if (kind == 0)
            pp_search_report(outer, PP_STAGE_SEARCH, *hobj, outer->bound,
                             pp_search_gap(*hobj, outer->bound),
                             "window pass %d (vendor weeks, %s %.1f) incumbent %.2f", pass + 1,
                             up < 0 ? "guided" : "up from", fmax(up, 0), *hobj);
        else
            pp_search_report(outer, PP_STAGE_SEARCH, *hobj, outer->bound,
                             pp_search_gap(*hobj, outer->bound),
                             "window pass %d (%d-day windows, %s %.1f) incumbent %.2f", pass + 1,
                             kind, up < 0 ? "guided" : "up from", fmax(up, 0), *hobj);
        if (!improved)
            stage++;
    }
}

/* Rounds the every-day columns (people) of hx up to whole numbers: true when one
 * was fractional and all fit their upper bounds. */
static bool people_up(const pp_mip *m, double *hx)
{
    bool any = false;
    for (size_t j = 0; j < m->ncols; j++) {
        if (m->col_group[j] != PP_COL_GROUP_ALL || !m->col_int[j])
            continue;
        double v = hx[j + 1], up = ceil(v - 1e-6);
        if (up - v <= 1e-6 && v - up <= 1e-6)
            continue;
        if (up > m->col_ub[j])
            return false;
        hx[j + 1] = up;
        any = true;
    }
    return any;
}

/* First incumbent by decomposition (relax-and-fix by day): start from the LP
 * solution; for each day in turn dive on that day's sub-LP with every other
 * day held at its current values (earlier days already integral, later ones
 * still at their LP values).  Each sub-LP has the current point as a feasible
 * solution, and the result is feasible for the whole model once the last day
 * is integral.  Seven small dives are far cheaper than one dive on the whole
 * week (whose LP re-solves carry every row). */
bool pp_search_relax_and_fix(const pp_mip *m, const pp_lp_matrix *A, double deadline, double lean,
                             double *hx, double *hobj, cb_ctx *ctx)
{
    size_t ng = 0;
    for (size_t j = 0; j < m->ncols; j++)
        if (m->col_int[j] && m->col_group[j] < PP_COL_GROUP_ALL && m->col_group[j] + 1 > ng)
            ng = m->col_group[j] + 1;
    if (ng < 2)
        return false;
    double t_rf0 = now_seconds();
    /* A day's window holds the later days at their LP values, and those can
     * pin its columns: the example's shifts that end after midnight share the
     * next day's first intervals with that day's vendor-queue split, and a
     * salaried vendor's people with every day's spare people, so with those
     * held only a fractional number of agents (or people) fits and the day
     * fails however long its dive runs (8 s of tail branch and bound, then
     * relax-and-fix gave up, on the example with a salaried in-house team).
     * So the other days' plain continuous columns within rf_spill_hops rows
     * of the window (the split, shortfall and spare of those intervals) are
     * free in it: a few dozen columns, the integer ones stay held.  Earlier
     * days too: their spare people, fixed with them, pinned each weekday's
     * people of a salaried team's weekly-repeating tours, and the second
     * week's 11.11 could not be planned with BPO-A's seats cut to 80.  Should
     * the day still fail (the weekly limits no longer fit what the earlier
     * days rounded to): the day with the next day in the window as continuous
     * columns, then the next day joining the window, then (a tours model) the
     * day with its people rounded up and held, then all the days left.
     *
     * A tours model's people (the columns of every day) stay continuous until
     * the last window (rf_relax_people).  Integer in every window, each day's
     * dive rounded them, and since the days already fixed keep needing the
     * people they were given, the count could only grow: on the example with
     * the voice target at 90 % relax-and-fix ended with 89 in-house people
     * where the LP has 75, 3.2 % above the bound, and the window passes after
     * it stalled at 2.6 % for the rest of the 120 s.  Continuous, they follow
     * the days' whole shifts and are rounded once, with the last day: 0.85 %
     * in 4.4 s (docs/optimizer.md, step 4). */
    enum { RF_DAY, RF_RELAX_NEXT, RF_TWO_DAYS, RF_HELD, RF_REST };
    for (size_t g = 0; g < ng;) {
        char what[80];
        snprintf(what, sizeof what, "relax-and-fix, day %zu of %zu", g + 1, ng);
        pp_search_tick(ctx, what, INFINITY);
        size_t g1 = g;
        for (int attempt = RF_DAY;; attempt++) {
            g1 = attempt == RF_TWO_DAYS ? g + 1 : attempt == RF_REST ? ng - 1 : g;
            if (g1 >= ng || (attempt == RF_TWO_DAYS && g + 1 == ng - 1))
                continue; /* the two days are the rest: RF_REST */
            if (attempt == RF_HELD && !people_up(m, hx))
                continue; /* no people, or whole already */
            double left = deadline - now_seconds();
            double slice = left * (double)(g1 - g + 1) / (double)(ng - g);
            if (slice <= 0 || stop_asked())
                return false;
            /* A search with a plan to fall back on (ctx->rf_pace) keeps half the
             * time for it: a window of more than half the days left (after
             * single days failed) gets at most half the time left. */
            if (ctx->rf_pace)
                slice = fmin(slice, ctx->s->rf_pace_share * left);
            double end = now_seconds() + slice;
            size_t relax_end = attempt == RF_RELAX_NEXT ? g1 + 1 : g1;
            int hops = attempt == RF_DAY || attempt == RF_HELD ? ctx->s->rf_spill_hops : 0;
            all_mode all = attempt == RF_HELD                           ? ALL_HELD
                           : g1 < ng - 1 && ctx->s->rf_relax_people ? ALL_RELAXED
                                                                    : ALL_INT;
            bool ok = window_mip(m, A, g, g1, relax_end, hops, all, SIZE_MAX, end, true,
                                 lean, hx, hobj, ctx);
            /* ... and gives up when it falls behind: the window used up its
             * share of the time (its dive cut short, or it failed for lack of
             * time), or at the pace of the days so far the rest would not be
             * done by the deadline. */
            double now = now_seconds(), done = (double)(g1 + 1);
            if (ctx->rf_pace &&
                (now >= end - ctx->s->rf_late_margin * slice ||
                 (ok && now + (now - t_rf0) / done * ((double)ng - done) > deadline))) {
                ctx->rf_late = true;
                return false;
            }
            if (ok)
                break;
            if (g1 == ng - 1)
                return false; /* the window reaches the last day: nothing wider to try */
        }
        g = g1 + 1;
    }
    for (size_t j = 0; j < m->ncols; j++) /* every integer column had a group: check */
        if (m->col_int[j] && fabs(hx[j + 1] - floor(hx[j + 1] + 0.5)) > 1e-6)
            return false;
    return true;
}
