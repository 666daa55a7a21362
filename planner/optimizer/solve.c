/*
 * solve.c -- pp_mip_solve: one solve as a job on its own thread, the
 * caller's plan, the deadline, and the tuned numbers' defaults.
 *
 * Design
 * ------
 * Three promises of pp_mip_solve (mip.h) shape this file:
 *  - A plan always.  The caller's plan (pp_mip_params.start_x, plan.c's
 *    constructive plan), once checked against every bound and row
 *    (start_feasible), is the answer until the search finds a cheaper one;
 *    every plan the search finds is published into the job at once
 *    (search_core.c), so whatever stops the search, the best one so far is
 *    there.  Without an LP bound in time, the bound is the caller's or the
 *    columns' box (box_bound).
 *  - On time.  Some solver calls (interior point, a long simplex) cannot be
 *    stopped from outside, so the search runs on its own thread (solve_worker)
 *    and the caller waits on a condition variable until the limit plus a
 *    short grace, or half a second after pp_interrupt_request(), then gives
 *    up on it (the cancel flag: the search stops at its next check).  The
 *    job owns copies of everything the search reads, and the last of the two
 *    threads to let go frees it, so a search given up on never touches the
 *    caller's memory.
 *  - Never abort.  The search runs inside pp_lp_guard (lp.h): when GLPK
 *    fails (out of memory, its memory limit) the thread's tracked blocks and
 *    GLPK environment are freed and the solve ends in PP_ENOMEM or
 *    PP_EINTERNAL with GLPK's message.
 * The search's tuned numbers get their defaults here
 * (pp_search_params_init); the time limit and gap come from the one place
 * the library's defaults live (PP_PLAN_DEFAULT_*, peakplan/model.h).
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "optimizer/search.h"
#include "peakplan/model.h"

/* ------------------------------------------------------------------------ */
/* Defaults                                                                  */

void pp_search_params_init(pp_search_params *s)
{
    memset(s, 0, sizeof *s);
    /* From 12,000 columns GLPK's dual simplex needs tens of thousands of
     * degenerate pivots (8-54 s on the weekly instances, 1-4 s by interior
     * point): every issue-5 weekly instance is above it. */
    s->decompose_min_cols = 12000;
    s->ipm_min_cols = 12000;
    s->window_min_int = 1500; /* smaller models: the branch and bound is faster */
    s->window_time_share = 0.85;
    s->decomp_time_margin = 0.01;
    /* under 1 ms per column relax-and-fix may not finish (data/example's
     * 13,893 columns: about 25 s on a loaded machine) */
    s->start_s_per_col = 1e-3;
    s->rounding_batch_div = 4;
    s->rounding_max_rounds = 200;
    s->rounding_down_below = 0.1;
    s->dive_up_fraction = 0.3;
    s->rf_batch_div = 20;
    s->rf_spill_hops = 2;
    s->rf_relax_people = true;
    s->window_batch_div = 10;
    s->dive_max_rounds = 5000;
    s->dive_single_tries = 8;
    s->tail_fractional = 10;
    s->tail_nodes = 200;
    s->rf_tail_fractional = 20;
    s->rf_tail_nodes = 400;
    s->second_tail_fractional = 20;
    s->second_tail_nodes = 400;
    s->tail_time_share = 0.5;
    s->rf_pace_share = 0.5;
    s->rf_late_margin = 0.02;
    s->window_leans[0] = 0.5;
    s->window_leans[1] = 0.2;
    s->window_max_passes = 40;
    s->window_min_gain = 1e-4;
    s->window_min_slice = 0.25;
    /* Three weeks and more (the 28- and 42-day bench instances); a fortnight
     * (data/example, 14 days) and the weekly instances keep the steps tuned on
     * them.  Measured on the 28-day instance: docs/performance.md, "Month-long
     * plans". */
    s->long_min_groups = 21;
    s->long_batch_div = 5;
    s->long_tail_nodes = 100;
    s->long_cut_rounds = 0;
    s->second_lean = 0.5;
    s->cut_max_rounds = 6;
    s->cut_time_share = 0.1;
    s->cut_min_violation = 1e-3;
    s->cut_round_min_gain = 1e-4;
    s->cut_use_min_gain = 1e-3;
    s->warm_gap_share = 1;
    s->warm_max_passes = 4;
    s->warm_polish_stop = true;
    s->warm_rf_gap_share = 0.45;
    s->warm_rf_passes = 1;
    s->warm_rf_tail_nodes = 5;
    s->warm_rf_tail_fractional = 10;
    s->progress_seconds = 5.0;
}

void pp_mip_params_init(pp_mip_params *p)
{
    memset(p, 0, sizeof *p);
    p->time_limit_seconds = PP_PLAN_DEFAULT_TIME_LIMIT;
    p->mip_gap = PP_PLAN_DEFAULT_MIP_GAP;
    p->rounding_heuristic = true;
    p->start_bound = -INFINITY;
    p->threads = 1;
    pp_search_params_init(&p->search);
}

void pp_mip_thread_cleanup(void)
{
    pp_lp_env_free();
}

/* ------------------------------------------------------------------------ */
/* The job                                                                   */

/* The progress callback the solver threads see: the caller's, until it gives up. */
static void job_progress(const pp_progress *pr, void *userdata)
{
    solve_job *J = userdata;
    pthread_mutex_lock(&J->lock);
    if (!J->abandoned && J->user_progress)
        J->user_progress(pr, J->user_userdata);
    pthread_mutex_unlock(&J->lock);
}
/* ------------------------------------------------------------------------ */
/* The solver thread and the waiting caller                                  */

static void job_release(solve_job *J)
{
    pthread_mutex_lock(&J->lock);
    int left = --J->refs;
    pthread_mutex_unlock(&J->lock);
    if (left > 0)
        return;
    pthread_mutex_destroy(&J->lock);
    pthread_cond_destroy(&J->cond);
    pp_mip_free(&J->m);
    pp_lp_matrix_free(&J->A);
    pp_free(J->write_model_path);
    pp_free(J->best_x);
    pp_free(J->start_x);
    pp_free(J->warm_int_x);
    pp_free(J->res.x);
    pp_free(J);
}

typedef struct run_arg {
    solve_job *J;
    double t0;
} run_arg;

static void run_search_solve(void *arg)
{
    run_arg *r = arg;
    r->J->st = pp_search_solve(r->J, r->t0, &r->J->res, &r->J->err);
}

/* Runs pp_search_solve with GLPK's error hook set (lp.h, pp_lp_guard). */
static void job_run(solve_job *J, double t0)
{
    run_arg r = {J, t0};
    pp_search_cancel = &J->cancel;
    pp_search_oom = false;
    if (!pp_lp_guard(run_search_solve, &r, J->mem_limit_mb, true)) {
        /* GLPK failed inside a call and would have aborted.  A second search
         * thread may still be running on our blocks: stop it and wait first. */
        if (J->second_running) {
            atomic_store(&J->cancel, true);
            pthread_join(J->second_tid, NULL);
            J->second_running = false;
        }
        pp_free(J->res.x);
        J->res.x = NULL;
        const char *msg = pp_lp_message();
        bool mem = strstr(msg, "memory") != NULL || strstr(msg, "limit") != NULL;
        J->st = pp_error_set(&J->err, mem ? PP_ENOMEM : PP_EINTERNAL, "glpk: %s",
                             msg[0] ? msg : "internal error");
    }
    pp_tfree_all();
    pp_lp_env_free(); /* all of this thread's GLPK objects; required after the error hook */
    if (pp_search_oom && J->st == PP_OK) {
        pp_free(J->res.x);
        J->res.x = NULL;
        J->st = pp_error_set(&J->err, PP_ENOMEM, "solver: out of memory");
    }
    pp_search_cancel = NULL;
}

typedef struct worker_arg {
    solve_job *J;
    double t0;
} worker_arg;

static void *solve_worker(void *arg)
{
    worker_arg *w = arg;
    solve_job *J = w->J;
    double t0 = w->t0;
    pp_free(w);
    job_run(J, t0);
    pthread_mutex_lock(&J->lock);
    J->done = true;
    pthread_cond_broadcast(&J->cond);
    pthread_mutex_unlock(&J->lock);
    job_release(J);
    return NULL;
}

/* Whether x (ncols values) satisfies every bound, integrality and row of m
 * (tolerance 1e-6, relative for large rows); its objective in *obj.  On a
 * violation *why names it. */
static bool start_feasible(const pp_mip *m, const double *x, double *obj, char *why,
                           size_t whylen)
{
    double *act = pp_tcalloc(m->nrows ? m->nrows : 1, sizeof *act);
    double *mag = pp_tcalloc(m->nrows ? m->nrows : 1, sizeof *mag);
    bool ok = act && mag;
    if (!ok)
        snprintf(why, whylen, "out of memory");
    double o = m->obj_offset;
    for (size_t j = 0; ok && j < m->ncols; j++) {
        double v = x[j];
        if (!isfinite(v) || v < m->col_lb[j] - 1e-9 || v > m->col_ub[j] + 1e-9 ||
            (m->col_int[j] && v != floor(v))) {
            snprintf(why, whylen, "column %zu = %g outside [%g, %g]%s", j, v, m->col_lb[j],
                     m->col_ub[j], m->col_int[j] ? " or not whole" : "");
            ok = false;
        }
        o += m->col_cost[j] * v;
    }
    for (size_t k = 0; ok && k < m->nnz; k++) {
        act[m->ti[k]] += m->tv[k] * x[m->tj[k]];
        mag[m->ti[k]] += fabs(m->tv[k] * x[m->tj[k]]);
    }
    for (size_t i = 0; ok && i < m->nrows; i++) {
        double tol = 1e-6 * fmax(1, mag[i]);
        if (act[i] < m->row_lb[i] - tol || act[i] > m->row_ub[i] + tol) {
            snprintf(why, whylen, "row %zu = %g outside [%g, %g]", i, act[i], m->row_lb[i],
                     m->row_ub[i]);
            ok = false;
        }
    }
    pp_tfree(act);
    pp_tfree(mag);
    *obj = o;
    return ok;
}

/* A lower bound that needs no LP: each column at the cheaper end of its box. */
static double box_bound(const pp_mip *m)
{
    double b = m->obj_offset;
    for (size_t j = 0; j < m->ncols; j++) {
        double c = m->col_cost[j];
        double v = c > 0 ? c * m->col_lb[j] : c < 0 ? c * m->col_ub[j] : 0;
        b += v;
    }
    return isnan(b) ? -INFINITY : b;
}

static solve_job *job_new(const pp_mip *m, const pp_mip_params *p)
{
    solve_job *J = pp_calloc(1, sizeof *J);
    if (!J)
        return NULL;
    if (pthread_mutex_init(&J->lock, NULL) != 0) {
        pp_free(J);
        return NULL;
    }
    pthread_condattr_t ca;
    bool cond_ok = pthread_condattr_init(&ca) == 0;
    if (cond_ok) {
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        cond_ok = pthread_cond_init(&J->cond, &ca) == 0;
        pthread_condattr_destroy(&ca);
    }
    if (!cond_ok) {
        pthread_mutex_destroy(&J->lock);
        pp_free(J);
        return NULL;
    }
    J->refs = 1;
    atomic_init(&J->cancel, false);
    J->res.status = PP_MIP_NOSOLUTION;
    J->res.objective = J->res.bound = J->res.lp_objective = NAN;
    J->res.heuristic_objective = INFINITY;
    J->best_obj = INFINITY;
    J->bound = -INFINITY;
    J->p = *p;
    J->user_progress = p->progress;
    J->user_userdata = p->progress_userdata;
    J->p.progress = p->progress ? job_progress : NULL;
    J->p.progress_userdata = J;
    J->p.write_model_path = NULL;
    J->p.start_x = NULL;
    J->p.warm_int_x = NULL;
    J->mem_limit_mb = p->glpk_mem_limit_mb;
    bool ok = pp_mip_clone(m, &J->m, false) && pp_lp_matrix_merge(m, &J->A) &&
              (J->best_x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *J->best_x)) != NULL;
    if (ok && p->warm_int_x && p->start_warm) {
        ok = (J->warm_int_x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *J->warm_int_x)) !=
             NULL;
        if (ok)
            memcpy(J->warm_int_x, p->warm_int_x, m->ncols * sizeof *J->warm_int_x);
    }
    if (ok && p->write_model_path)
        ok = (J->write_model_path = pp_strdup(p->write_model_path)) != NULL;
    if (!ok) {
        job_release(J);
        return NULL;
    }
    return J;
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
    pp_status st = pp_lp_check(m, err);
    if (st != PP_OK)
        return st;
    const char *path = p->write_model_path;
    size_t plen = path ? strlen(path) : 0;
    bool want_lp = plen > 3 && strcmp(path + plen - 3, ".lp") == 0;
    bool want_mps = plen > 4 && strcmp(path + plen - 4, ".mps") == 0;
    if (path && !want_lp && !want_mps)
        return pp_error_set(err, PP_EINVAL, "--write-model: '%s' must end in .lp or .mps", path);
    solve_job *J = job_new(m, p);
    if (!J)
        return pp_error_set(err, PP_ENOMEM, "model: out of memory");
    if (p->start_x) {
        char why[160];
        double obj = INFINITY;
        bool ok = start_feasible(m, p->start_x, &obj, why, sizeof why);
        pp_tfree_all(); /* start_feasible's blocks, should it have left any */
        if (pp_search_oom) {
            pp_search_oom = false;
            job_release(J);
            return pp_error_set(err, PP_ENOMEM, "solver: out of memory");
        }
        if (ok) {
            J->start_x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *J->start_x);
            if (!J->start_x) {
                job_release(J);
                return pp_error_set(err, PP_ENOMEM, "solver: out of memory");
            }
            memcpy(J->start_x, p->start_x, m->ncols * sizeof *J->start_x);
            memcpy(J->best_x, p->start_x, m->ncols * sizeof *J->best_x);
            J->start_obj = J->best_obj = obj;
            J->have_start = true;
            if (p->progress && p->verbosity > 0) {
                char note[256];
                snprintf(note, sizeof note, "%s %.2f (kept until the search "
                         "finds a cheaper one)", p->start_warm ? "warm start" : "constructive plan",
                         obj);
                pp_progress pr = {.elapsed_seconds = now_seconds() - t0, .incumbent = obj,
                                  .bound = NAN, .gap = NAN, .stage = PP_STAGE_CONSTRUCTIVE,
                                  .note = note};
                p->progress(&pr, p->progress_userdata);
            }
        } else if (p->progress && p->verbosity > 0) {
            char note[256];
            snprintf(note, sizeof note, "the constructive plan is not feasible (%s); ignored",
                     why);
            pp_progress pr = {.elapsed_seconds = now_seconds() - t0, .incumbent = NAN,
                              .bound = NAN, .gap = NAN, .stage = PP_STAGE_CONSTRUCTIVE,
                              .note = note};
            p->progress(&pr, p->progress_userdata);
        }
    }
    /* The search runs on its own thread; this one waits and returns by the
     * deadline (or half a second after an interrupt) whatever the search is doing:
     * some GLPK calls (interior point, a long simplex) cannot be stopped from
     * outside, and the search stops itself at its next check. */
    J->refs = 2;
    pthread_t tid;
    worker_arg *w = pp_malloc(sizeof *w);
    bool threaded = false;
    if (w) {
        *w = (worker_arg){J, t0};
        threaded = pthread_create(&tid, NULL, solve_worker, w) == 0;
        if (threaded)
            pthread_detach(tid);
        else
            pp_free(w);
    }
    if (!threaded) { /* no thread: solve here (no give-up, the stop checks still work) */
        J->refs = 1;
        job_run(J, t0);
        J->done = true;
    }
    /* The search's own deadline is the limit (it publishes every plan as it
     * finds it), so little grace is needed for it to return by itself. */
    double grace = fmin(0.25, 0.05 * limit);
    double hard = t0 + limit + grace, stop_seen = INFINITY;
    bool done;
    pthread_mutex_lock(&J->lock);
    while (!(done = J->done)) {
        double now = now_seconds();
        if (pp_interrupt_requested() && !isfinite(stop_seen))
            stop_seen = now;
        /* a model asked for by --write-model is written before the deadline counts */
        bool writing = J->write_model_path && !J->model_written && !isfinite(stop_seen);
        if ((now >= hard && !writing) || now >= stop_seen + 0.5)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += 50 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&J->cond, &J->lock, &ts);
    }
    if (!done) {
        J->abandoned = true;
        atomic_store(&J->cancel, true);
    }
    pthread_mutex_unlock(&J->lock);
    /* From here on the solver thread (if still running) touches only J, under its lock. */
    pthread_mutex_lock(&J->lock);
    if (done && J->st != PP_OK) {
        st = J->st;
        if (err)
            *err = J->err;
        pthread_mutex_unlock(&J->lock);
        job_release(J);
        return st;
    }
    bool interrupted = pp_interrupt_requested() != 0;
    if (done) {
        *res = J->res;
        J->res.x = NULL;
    } else {
        res->status = PP_MIP_NOSOLUTION;
        res->nodes = 0;
    }
    /* The search's answer, unless the best plan seen (the caller's start, or an
     * incumbent published before the search was given up) is cheaper. */
    bool have = res->x && (res->status == PP_MIP_OPTIMAL || res->status == PP_MIP_FEASIBLE);
    if (isfinite(J->best_obj) && (!have || J->best_obj < res->objective - 1e-9) &&
        (res->status != PP_MIP_INFEASIBLE || J->have_start)) {
        if (!res->x)
            res->x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *res->x);
        if (!res->x) {
            pthread_mutex_unlock(&J->lock);
            job_release(J);
            return pp_error_set(err, PP_ENOMEM, "solver: out of memory");
        }
        memcpy(res->x, J->best_x, m->ncols * sizeof *res->x);
        res->objective = J->best_obj;
        /* a proven bound: the search's, else the LP's, else the box of the columns */
        double b = isfinite(res->bound) && have ? res->bound : J->bound;
        if (!isfinite(b))
            b = fmax(box_bound(m), isfinite(p->start_bound) ? p->start_bound : -INFINITY);
        res->bound = fmin(b, res->objective);
        res->status = (res->objective - res->bound) / fmax(fabs(res->objective), 1e-9) <=
                              p->mip_gap
                          ? PP_MIP_OPTIMAL
                          : PP_MIP_FEASIBLE;
        have = true;
    }
    pthread_mutex_unlock(&J->lock);
    if (have && interrupted && res->status != PP_MIP_OPTIMAL)
        res->status = PP_MIP_INTERRUPTED;
    res->seconds = now_seconds() - t0;
    job_release(J);
    return PP_OK;
}
