/*
 * capacity.c -- the capacity and hiring plan as a weekly integer program.
 *
 * Design
 * ------
 * The shift plan (optimizer/) answers "who works which shift next week" with
 * the heads given.  Months ahead the question is the heads themselves: how
 * many each in-house site hires, in which class, and how many FTE each BPO
 * contracts, so the peak is covered and nobody idles after it.  Time moves in
 * weeks; the demand is the staffing engine's agent-hours summed per week and
 * queue, turned into FTE with the week's shrinkage (capacity_demand.c), so
 * seasonality, events and the Erlang economies of scale are all in it -- a
 * spreadsheet's single ratio is reported beside it, not used.
 *
 * Per in-house vendor s and week w (docs/capacity.md has the algebra):
 *   H[s,w]  heads at the start of week w, trainees included (paid from day one)
 *   y[s,c]  hires of the class starting in week c (only allowed weeks), integer,
 *           0 or class_min..class_max through a binary b[s,c] when class_min > 0
 *   L[s,w]  leavers = a_s H[s,w]  (attrition a fixed share: linear)
 *   H[s,w] = H[s,w-1] - L[s,w-1] + y[s,w],  H[s,0] = headcount today + y[s,0]
 *   P[s,w]  productive FTE = H[s,w] - sum_c y[s,c] (1-a)^(w-c) (1 - p(w-c)), where
 *           p(t) is 0 in training, the ramp percentage in ramp-up, 1 after:
 *           a class's survivors are known multiples of its size, so tenure
 *           needs no state of its own and the model stays linear.
 *   O[s,w]  overtime FTE <= overtime_max P[s,w]
 * Per BPO vendor: F[s,w] contracted FTE in [min, max], frozen at today's level
 * for the notice weeks, |F[s,w] - F[s,w-1]| <= max change.  Productive FTE of
 * every vendor is split over the queues it may serve (x[s,q,w]); each queue's
 * required FTE is met or the rest U[q,w] is priced per FTE-week.  Minimise
 * salaries + hires + overtime + BPO price + penalty.
 *
 * The model goes through pp_mip_solve (optimizer/mip.h): the same validation,
 * time limit, gap and --write-model as `plan`, and GLPK stays behind lp.h.
 * Why heads and not classes of tenure: attrition as a fixed share keeps each
 * cohort's survivors proportional to its size, so a per-cohort stock would
 * only repeat what the coefficients already say.
 *
 * Attrition by tenure (staff.csv tenure_bands + attrition_pct_week_by_tenure)
 * keeps that property: a cohort's rate depends on its tenure, which is known
 * week by week, so its survivors S(t) = prod_{k<t} (1 - a(k)) are still known
 * multiples of its size.  Today's heads are cohorts of known tenure (a closed
 * band spread over its weeks), whose heads and leavers are constants; only the
 * leavers row changes, to L[s,w] = today's leavers + sum_c a(w-c) S(w-c) y[s,c],
 * and the flow row then makes H every cohort's survivors.  With one rate the
 * original rows are built, unchanged.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "capacity/capacity_internal.h"
#include "core/alloc.h"
#include "optimizer/mip.h"

void pp_cap_params_init(pp_cap_params *p)
{
    p->weeks = 0;
    p->time_limit_seconds = NAN;
    p->write_model_path = NULL;
    p->verbosity = 0;
    p->progress = NULL;
    p->progress_userdata = NULL;
}

void pp_cap_note(const pp_cap_params *p, double elapsed, pp_stage stage, const char *fmt, ...)
{
    if (!p || p->verbosity <= 0 || !p->progress)
        return;
    char note[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note, sizeof note, fmt, ap);
    va_end(ap);
    pp_progress pr = {.elapsed_seconds = elapsed, .incumbent = NAN, .bound = NAN, .gap = NAN,
                      .stage = stage, .note = note};
    p->progress(&pr, p->progress_userdata);
}

void pp_cap_result_free(pp_cap_result *r)
{
    if (!r)
        return;
    pp_cap_config_release(&r->cfg);
    pp_free(r->vendors);
    pp_free(r->vendor_queue);
    pp_free(r->staff);
    pp_free(r->queue_names);
    pp_free(r->required_fte);
    pp_free(r->gap_fte);
    pp_free(r->agent_hours);
    pp_free(r->workload_hours);
    pp_free(r->spreadsheet_fte);
    pp_free(r->queue_binding);
    pp_free(r->rows);
    pp_free(r->classes);
    pp_free(r);
}

const pp_cap_row *pp_cap_rows(const pp_cap_result *r, size_t *n)
{
    *n = r->weeks * r->ns;
    return r->rows;
}
double pp_cap_objective(const pp_cap_result *r) { return r->objective; }
double pp_cap_required_fte(const pp_cap_result *r, size_t q, size_t w)
{
    return r->required_fte[q * r->weeks + w];
}
double pp_cap_gap_fte(const pp_cap_result *r, size_t q, size_t w)
{
    return r->gap_fte[q * r->weeks + w];
}

/* Productivity of a head t weeks after its class started (0 in training). */
static double productivity(const pp_cap_staff *s, size_t t)
{
    if (t < (size_t)s->training_weeks)
        return 0;
    t -= (size_t)s->training_weeks;
    return t < (size_t)s->nramp ? s->ramp_pct[t] / 100 : 1;
}

double pp_cap_attrition_at(const pp_cap_staff *s, size_t tenure)
{
    if (s->nrate == 0)
        return s->attrition_pct_week / 100;
    int k = s->nrate - 1;
    while (k > 0 && (size_t)s->rate_from[k] > tenure)
        k--;
    return s->rate_pct[k] / 100;
}

bool pp_cap_by_tenure(const pp_cap_staff *s) { return !s->is_bpo && (s->nrate > 0 || s->nband > 0); }

/* Share of a class still there t weeks after it started: (1-a)^t, or with attrition
 * by tenure the product of (1 - a(k)) over its tenures k = 0..t-1. */
static double survival(const pp_cap_staff *s, size_t t)
{
    if (!pp_cap_by_tenure(s))
        return pow(1 - s->attrition_pct_week / 100, (double)t);
    double left = 1;
    for (size_t k = 0; k < t; k++)
        left *= 1 - pp_cap_attrition_at(s, k);
    return left;
}

/* Today's heads with attrition by tenure: heads[w] at the start and leavers[w] during
 * week w (0..W-1), every band's heads spread evenly over its tenure weeks (an open
 * band's at its lower bound), each sub-cohort leaving at its own tenure's rate. */
static void today_cohorts(const pp_cap_staff *s, size_t W, double *heads, double *leavers)
{
    for (size_t w = 0; w < W; w++)
        heads[w] = leavers[w] = 0;
    for (int k = 0; k < s->nband; k++) {
        int from = s->band_from[k], n = s->band_to[k] < 0 ? 1 : s->band_to[k] - from;
        for (int j = 0; j < n; j++) {
            double alive = s->band_heads[k] / n;
            for (size_t w = 0; w < W; w++) {
                double l = alive * pp_cap_attrition_at(s, (size_t)(from + j) + w);
                heads[w] += alive;
                leavers[w] += l;
                alive -= l;
            }
        }
    }
}

/* Column indices of one vendor's variables, SIZE_MAX = none. */
typedef struct vcols {
    size_t *H, *L, *P, *O, *y, *b, *F, *D; /* weeks each (D: BPO FTE delivered, with a lag) */
} vcols;
#define NVCOLS 8

#define NAME(...) (snprintf(nm, sizeof nm, __VA_ARGS__), nm)

/* The binding limits of vendor row `rw` in a week with a gap in its queues. */
static void explain(pp_cap_result *r, size_t si, size_t w, pp_cap_row *rw)
{
    const pp_cap_staff *s = &r->staff[si];
    char *b = rw->binding;
    size_t cap = sizeof rw->binding;
    b[0] = '\0';
#define ADD(word) (strlen(b) ? strncat(b, ";", cap - strlen(b) - 1) : b, \
                   strncat(b, word, cap - strlen(b) - 1))
    if (s->is_bpo) {
        if (w < (size_t)s->notice_weeks)
            ADD("notice");
        if (rw->bpo_fte >= s->bpo_max_fte - 1e-6)
            ADD("bpo_max");
        double prev = w ? r->rows[(w - 1) * r->ns + si].bpo_fte : s->headcount;
        if (isfinite(s->max_change_fte_week) && w >= (size_t)s->notice_weeks &&
            rw->bpo_fte - prev >= s->max_change_fte_week - 1e-6)
            ADD("max_change");
        if (s->delivery_lag_weeks > 0 && rw->productive_fte < rw->bpo_fte - 1e-6)
            ADD("delivery_lag");
    } else {
        bool any_class = false, ready = false, full = false;
        for (size_t c = 0; c < r->weeks; c++) {
            if (!s->class_week[c])
                continue;
            any_class = true;
            if (c + (size_t)s->training_weeks <= w) {
                ready = true;
                for (size_t k = 0; k < r->nclasses; k++)
                    if (r->classes[k].staff == si && r->classes[k].week == c &&
                        r->classes[k].hires >= s->class_max - 0.5)
                        full = true;
            }
        }
        if (!any_class)
            ADD("no_hiring");
        else if (!ready)
            ADD("training");
        if (full)
            ADD("class_max");
        if (s->overtime_max_pct > 0 &&
            rw->overtime_fte >= s->overtime_max_pct / 100 * rw->productive_fte - 1e-6)
            ADD("overtime_max");
        else if (s->overtime_max_pct <= 0)
            ADD("no_overtime");
    }
    if (!b[0])
        ADD("cost");
#undef ADD
}

pp_status pp_cap_solve(const pp_cap_config *c, const pp_cap_staff *staff, size_t ns,
                       const pp_vendor *vendors, size_t nv, const unsigned char *vendor_queue,
                       const char *const *queue_names, size_t nq, const double *required_fte,
                       const pp_cap_params *p, pp_cap_result **out, pp_error *err)
{
    *out = NULL;
    size_t W = c->weeks;
    if (W == 0 || W > PP_CAP_MAX_WEEKS || !c->shrinkage_pct)
        return pp_error_set(err, PP_EINVAL, "capacity: weeks must be 1 to %d",
                            PP_CAP_MAX_WEEKS);
    pp_cap_result *r = pp_calloc(1, sizeof *r);
    if (!r)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    pp_status st = PP_OK;
    pp_mip m;
    pp_mip_init(&m, p && p->write_model_path);
    pp_mip_result res = {0};
    size_t *idx = NULL, *x = NULL, *U = NULL;
    char nm[128];
    r->cfg = *c;
    r->cfg.shrinkage_pct = NULL;
    r->nv = nv;
    r->ns = ns;
    r->nq = nq;
    r->weeks = W;
    size_t nqw = nq * W > 0 ? nq * W : 1, nsw = ns * W > 0 ? ns * W : 1;
    r->cfg.shrinkage_pct = pp_malloc(W * sizeof(double));
    r->vendors = pp_malloc((nv ? nv : 1) * sizeof *r->vendors);
    r->vendor_queue = pp_malloc(nv * nq > 0 ? nv * nq : 1);
    r->staff = pp_malloc((ns ? ns : 1) * sizeof *r->staff);
    r->queue_names = pp_calloc(nq ? nq : 1, sizeof *r->queue_names);
    r->required_fte = pp_malloc(nqw * sizeof(double));
    r->gap_fte = pp_calloc(nqw, sizeof(double));
    r->queue_binding = pp_calloc(nqw, sizeof *r->queue_binding);
    r->rows = pp_calloc(nsw, sizeof *r->rows);
    r->classes = pp_calloc(nsw, sizeof *r->classes);
    idx = pp_malloc((NVCOLS * ns * W + 1) * sizeof *idx);
    x = pp_malloc((ns * nq * W + 1) * sizeof *x);
    U = pp_malloc((nq * W + 1) * sizeof *U);
    if (!r->cfg.shrinkage_pct || !r->vendors || !r->vendor_queue || !r->staff || !r->queue_names ||
        !r->required_fte || !r->gap_fte || !r->queue_binding || !r->rows || !r->classes || !idx ||
        !x || !U) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(r->cfg.shrinkage_pct, c->shrinkage_pct, W * sizeof(double));
    memcpy(r->vendors, vendors, nv * sizeof *vendors);
    memcpy(r->staff, staff, ns * sizeof *staff);
    memcpy(r->vendor_queue, vendor_queue, nv * nq);
    for (size_t q = 0; q < nq; q++)
        snprintf(r->queue_names[q], PP_NAME_MAX, "%s", queue_names[q]);
    for (size_t i = 0; i < nq * W; i++) {
        if (!(required_fte[i] >= 0 && isfinite(required_fte[i]))) {
            st = pp_error_set(err, PP_EINVAL, "capacity: required FTE of %s week %zu is %g",
                              queue_names[i / W], i % W + 1, required_fte[i]);
            goto done;
        }
        r->required_fte[i] = required_fte[i];
    }
    for (size_t i = 0; i < NVCOLS * ns * W; i++)
        idx[i] = SIZE_MAX;

    /* ---- columns ---- */
#define COLS(si) ((vcols){idx + (NVCOLS * (si) + 0) * W, idx + (NVCOLS * (si) + 1) * W,      \
                          idx + (NVCOLS * (si) + 2) * W, idx + (NVCOLS * (si) + 3) * W,      \
                          idx + (NVCOLS * (si) + 4) * W, idx + (NVCOLS * (si) + 5) * W,      \
                          idx + (NVCOLS * (si) + 6) * W, idx + (NVCOLS * (si) + 7) * W})
#define ADDCOL(lb, ub, cost, integer, ...)                                                     \
    (tmpc = pp_mip_add_col(&m, lb, ub, cost, integer, NAME(__VA_ARGS__))) == SIZE_MAX ? oom = 1, \
        tmpc : tmpc
#define ADDROW(lb, ub, ...) ((tmpr = pp_mip_add_row(&m, lb, ub, NAME(__VA_ARGS__))) == SIZE_MAX \
                                 ? (oom = 1, tmpr) : tmpr)
#define NZ(i, j, v) (oom |= !pp_mip_add_nz(&m, i, j, v))
    size_t tmpc, tmpr;
    int oom = 0;
    for (size_t si = 0; si < ns && !oom; si++) {
        const pp_cap_staff *s = &staff[si];
        vcols vc = COLS(si);
        for (size_t w = 0; w < W; w++) {
            if (s->is_bpo) {
                bool frozen = w < (size_t)s->notice_weeks;
                double lb = frozen ? s->headcount : s->bpo_min_fte;
                double ub = frozen ? s->headcount : s->bpo_max_fte;
                vc.F[w] = ADDCOL(lb, ub, s->price_per_fte_week, false, "F_%zu_%zu", si, w + 1);
                if (s->delivery_lag_weeks > 0)
                    vc.D[w] = ADDCOL(0, INFINITY, 0, false, "D_%zu_%zu", si, w + 1);
                continue;
            }
            vc.H[w] = ADDCOL(0, INFINITY, s->weekly_cost, false, "H_%zu_%zu", si, w + 1);
            vc.L[w] = ADDCOL(0, INFINITY, 0, false, "L_%zu_%zu", si, w + 1);
            vc.P[w] = ADDCOL(0, INFINITY, 0, false, "P_%zu_%zu", si, w + 1);
            vc.O[w] = ADDCOL(0, s->overtime_max_pct > 0 ? INFINITY : 0,
                             s->weekly_cost * (1 + s->overtime_premium_pct / 100), false,
                             "O_%zu_%zu", si, w + 1);
            if (s->class_week[w] && s->class_max >= 1) {
                vc.y[w] = ADDCOL(0, s->class_max, s->hire_cost, true, "y_%zu_%zu", si, w + 1);
                if (s->class_min > 0)
                    vc.b[w] = ADDCOL(0, 1, 0, true, "b_%zu_%zu", si, w + 1);
            }
        }
    }
    for (size_t si = 0; si < ns && !oom; si++)
        for (size_t q = 0; q < nq; q++)
            for (size_t w = 0; w < W; w++)
                x[(si * nq + q) * W + w] =
                    vendor_queue[staff[si].vendor * nq + q]
                        ? ADDCOL(0, INFINITY, 0, false, "x_%zu_%zu_%zu", si, q, w + 1)
                        : SIZE_MAX;
    for (size_t q = 0; q < nq && !oom; q++)
        for (size_t w = 0; w < W; w++)
            U[q * W + w] = ADDCOL(0, INFINITY, c->penalty_per_fte_week, false, "U_%zu_%zu", q,
                                  w + 1);

    /* ---- rows ---- */
    for (size_t si = 0; si < ns && !oom; si++) {
        const pp_cap_staff *s = &staff[si];
        vcols vc = COLS(si);
        double a = s->attrition_pct_week / 100;
        double today_H[PP_CAP_MAX_WEEKS], today_L[PP_CAP_MAX_WEEKS];
        if (pp_cap_by_tenure(s))
            today_cohorts(s, W, today_H, today_L);
        for (size_t w = 0; w < W && !oom; w++) {
            size_t i;
            if (s->is_bpo) {
                /* |F[w] - F[w-1]| <= max change (F[-1] = today's contract) */
                if (isfinite(s->max_change_fte_week) && w >= (size_t)s->notice_weeks) {
                    double prev0 = w ? 0 : s->headcount;
                    i = ADDROW(prev0 - s->max_change_fte_week, prev0 + s->max_change_fte_week,
                               "chg_%zu_%zu", si, w + 1);
                    NZ(i, vc.F[w], 1);
                    if (w)
                        NZ(i, vc.F[w - 1], -1);
                }
                /* delivered with a lag: D[w] <= F[w-k], k = 0..lag (F[<0] = headcount) */
                for (int k = 0; vc.D[w] != SIZE_MAX && k <= s->delivery_lag_weeks; k++) {
                    bool before = (size_t)k > w;
                    i = ADDROW(-INFINITY, before ? s->headcount : 0, "lag_%zu_%zu_%d", si, w + 1, k);
                    NZ(i, vc.D[w], 1);
                    if (!before)
                        NZ(i, vc.F[w - (size_t)k], -1);
                }
            } else {
                /* flow: H[w] - H[w-1] + L[w-1] - y[w] = 0 (w = 0: headcount today) */
                i = ADDROW(w ? 0 : s->headcount, w ? 0 : s->headcount, "flow_%zu_%zu", si, w + 1);
                NZ(i, vc.H[w], 1);
                if (w)
                    NZ(i, vc.H[w - 1], -1), NZ(i, vc.L[w - 1], 1);
                if (vc.y[w] != SIZE_MAX)
                    NZ(i, vc.y[w], -1);
                if (pp_cap_by_tenure(s)) {
                    /* leavers by cohort: L[w] - sum_c a(w-c) S(w-c) y[c] = today's leavers */
                    i = ADDROW(today_L[w], today_L[w], "leave_%zu_%zu", si, w + 1);
                    NZ(i, vc.L[w], 1);
                    for (size_t cw = 0; cw <= w; cw++)
                        if (vc.y[cw] != SIZE_MAX)
                            NZ(i, vc.y[cw], -pp_cap_attrition_at(s, w - cw) * survival(s, w - cw));
                } else {
                    /* leavers: L[w] = a H[w] */
                    i = ADDROW(0, 0, "leave_%zu_%zu", si, w + 1);
                    NZ(i, vc.L[w], 1);
                    NZ(i, vc.H[w], -a);
                }
                /* productive: P[w] - H[w] + sum_c y[c] (1-a)^(w-c) (1 - p(w-c)) = 0 */
                i = ADDROW(0, 0, "prod_%zu_%zu", si, w + 1);
                NZ(i, vc.P[w], 1);
                NZ(i, vc.H[w], -1);
                for (size_t cw = 0; cw <= w; cw++)
                    if (vc.y[cw] != SIZE_MAX)
                        NZ(i, vc.y[cw], survival(s, w - cw) * (1 - productivity(s, w - cw)));
                /* overtime: O[w] <= max% P[w] */
                if (s->overtime_max_pct > 0) {
                    i = ADDROW(-INFINITY, 0, "ot_%zu_%zu", si, w + 1);
                    NZ(i, vc.O[w], 1);
                    NZ(i, vc.P[w], -s->overtime_max_pct / 100);
                }
                /* class size: min b <= y <= max b */
                if (vc.b[w] != SIZE_MAX) {
                    i = ADDROW(-INFINITY, 0, "cmax_%zu_%zu", si, w + 1);
                    NZ(i, vc.y[w], 1);
                    NZ(i, vc.b[w], -s->class_max);
                    i = ADDROW(0, INFINITY, "cmin_%zu_%zu", si, w + 1);
                    NZ(i, vc.y[w], 1);
                    NZ(i, vc.b[w], -s->class_min);
                }
            }
            /* capacity: sum_q x - P - O (or F) <= 0 */
            i = ADDROW(-INFINITY, 0, "cap_%zu_%zu", si, w + 1);
            for (size_t q = 0; q < nq; q++)
                if (x[(si * nq + q) * W + w] != SIZE_MAX)
                    NZ(i, x[(si * nq + q) * W + w], 1);
            if (s->is_bpo)
                NZ(i, vc.D[w] != SIZE_MAX ? vc.D[w] : vc.F[w], -1);
            else
                NZ(i, vc.P[w], -1), NZ(i, vc.O[w], -1);
        }
    }
    for (size_t q = 0; q < nq && !oom; q++)
        for (size_t w = 0; w < W; w++) {
            size_t i = ADDROW(required_fte[q * W + w], INFINITY, "dem_%zu_%zu", q, w + 1);
            NZ(i, U[q * W + w], 1);
            for (size_t si = 0; si < ns; si++)
                if (x[(si * nq + q) * W + w] != SIZE_MAX)
                    NZ(i, x[(si * nq + q) * W + w], 1);
        }
    if (oom) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto done;
    }

    /* ---- solve ---- */
    pp_mip_params mp;
    pp_mip_params_init(&mp);
    mp.time_limit_seconds = (p && !isnan(p->time_limit_seconds)) ? p->time_limit_seconds
                                                                  : c->time_limit_seconds;
    mp.mip_gap = c->mip_gap_pct / 100;
    mp.write_model_path = p ? p->write_model_path : NULL;
    mp.verbosity = p ? p->verbosity : 0;
    mp.progress = p ? p->progress : NULL;
    mp.progress_userdata = p ? p->progress_userdata : NULL;
    pp_cap_note(p, NAN, PP_STAGE_NOTE, "capacity: weekly program of %zu weeks, %zu vendors, "
                "%zu queues: %zu rows x %zu columns",
                W, ns, nq, m.nrows, m.ncols);
    if ((st = pp_mip_solve(&m, &mp, &res, err)) != PP_OK) {
        pp_error_prefix(err, "capacity");
        goto done;
    }
    if (res.status == PP_MIP_INFEASIBLE) {
        st = pp_error_set(err, PP_EINFEASIBLE,
                          "capacity: no plan meets the hard limits (BPO minimum and maximum, "
                          "notice, change per week)");
        goto done;
    }
    if (!res.x) {
        st = pp_error_set(err, PP_ETIMELIMIT,
                          "capacity: the time limit ended before any plan was found");
        goto done;
    }
    r->objective = res.objective;
    r->bound = res.bound;
    r->solve_seconds = res.seconds;
    r->status = res.status == PP_MIP_OPTIMAL ? "optimal" : "feasible";
    pp_cap_note(p, res.seconds, PP_STAGE_DONE, "done: %s, objective %.2f, bound %.2f", r->status,
                res.objective, res.bound);

    /* ---- read back ---- */
    const double *X = res.x;
#define VAL(j) ((j) == SIZE_MAX ? 0.0 : X[j])
    for (size_t w = 0; w < W; w++)
        for (size_t si = 0; si < ns; si++) {
            const pp_cap_staff *s = &staff[si];
            vcols vc = COLS(si);
            pp_cap_row *rw = &r->rows[w * ns + si];
            rw->week = w;
            rw->vendor = s->vendor;
            if (s->is_bpo) {
                rw->headcount = rw->bpo_fte = VAL(vc.F[w]);
                /* delivered: the contract, or with a lag at most the contract of each of
                 * the lag's weeks (the solver may leave D below it when nothing needs it) */
                rw->productive_fte = rw->bpo_fte;
                for (int k = 1; vc.D[w] != SIZE_MAX && k <= s->delivery_lag_weeks; k++)
                    rw->productive_fte = fmin(rw->productive_fte,
                                              (size_t)k > w ? s->headcount
                                                            : VAL(vc.F[w - (size_t)k]));
                rw->cost = s->price_per_fte_week * rw->bpo_fte;
                r->bpo_cost += rw->cost;
            } else {
                rw->headcount = VAL(vc.H[w]);
                rw->leavers = VAL(vc.L[w]);
                rw->productive_fte = VAL(vc.P[w]);
                rw->overtime_fte = VAL(vc.O[w]);
                rw->hires_starting = round(VAL(vc.y[w]));
                for (size_t cw = 0; cw <= w; cw++) {
                    double left = round(VAL(vc.y[cw])) * survival(s, w - cw);
                    size_t t = w - cw;
                    if (t < (size_t)s->training_weeks)
                        rw->in_training += left;
                    else if (t < (size_t)(s->training_weeks + s->nramp))
                        rw->ramping += left;
                }
                double hire = s->hire_cost * rw->hires_starting;
                double ot = s->weekly_cost * (1 + s->overtime_premium_pct / 100) * rw->overtime_fte;
                r->staff_cost += s->weekly_cost * rw->headcount;
                r->hire_cost += hire;
                r->overtime_cost += ot;
                rw->cost = s->weekly_cost * rw->headcount + hire + ot;
                if (rw->hires_starting > 0.5) {
                    r->classes[r->nclasses++] =
                        (pp_cap_class){.staff = si, .week = w, .hires = rw->hires_starting};
                }
            }
            for (size_t q = 0; q < nq; q++)
                rw->allocated_fte += VAL(x[(si * nq + q) * W + w]);
        }
    for (size_t i = 0; i < nq * W; i++) {
        r->gap_fte[i] = X[U[i]] > 1e-6 ? X[U[i]] : 0;
        r->penalty_cost += c->penalty_per_fte_week * X[U[i]];
    }
    /* why each gap is there: the limits binding on the vendors that may serve it */
    for (size_t w = 0; w < W; w++)
        for (size_t si = 0; si < ns; si++) {
            pp_cap_row *rw = &r->rows[w * ns + si];
            double gap = 0;
            for (size_t q = 0; q < nq; q++)
                if (vendor_queue[staff[si].vendor * nq + q])
                    gap += r->gap_fte[q * W + w];
            if (gap > 1e-6)
                explain(r, si, w, rw);
        }
    for (size_t q = 0; q < nq; q++)
        for (size_t w = 0; w < W; w++) {
            char *b = r->queue_binding[q * W + w];
            if (r->gap_fte[q * W + w] <= 0)
                continue;
            bool any = false;
            for (size_t si = 0; si < ns; si++) {
                if (!vendor_queue[staff[si].vendor * nq + q])
                    continue;
                any = true;
                const pp_cap_row *rw = &r->rows[w * ns + si];
                size_t used = strlen(b);
                snprintf(b + used, 96 - used, "%s%s:%s", used ? " " : "",
                         vendors[staff[si].vendor].name, rw->binding);
            }
            if (!any)
                snprintf(b, 96, "no_vendor");
        }
    *out = r;
    r = NULL;
done:
    pp_free(res.x);
    pp_mip_free(&m);
    pp_free(idx);
    pp_free(x);
    pp_free(U);
    pp_cap_result_free(r);
    return st;
}
