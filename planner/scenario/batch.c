/*
 * batch.c -- a what-if batch on the threads of one machine (pp_whatif_run;
 * distribute.c spreads the same steps over MPI ranks).
 *
 * The base is planned first: every scenario starts from its forecast and
 * requirements and warm-starts from its plan.  But only the plan needs the base
 * plan, so the batch does not wait for it: once the base is staffed, all workers
 * but one start preparing scenarios (pp_scn_prepare: their changes applied,
 * staffed again where demand or targets change -- the ticket queues' chains are
 * most of that), and they plan them when the base plan is there.  On 2 cores the
 * base plan is about a fifth of data/example's batch, time in which the second
 * core used to wait.  A scenario's result is what it would be planned alone:
 * when and on which thread it was prepared changes nothing, so the outputs are
 * the same for any number of threads.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "peakplan/interrupt.h"
#include "peakplan/scenario.h"
#include "scenario/pipeline_internal.h"
#include "scenario/scenario_internal.h"

enum { BASE_SOLVING, BASE_PLANNED, BASE_FAILED };

typedef struct pool {
    const pp_workspace *ws;
    const pp_scenario_set *set;
    const pp_whatif_params *p;
    pp_whatif_result *res;
    const size_t *todo; /* the scenarios to plan (all but the resumed ones) */
    size_t ntodo;
    pthread_mutex_t lock;
    pthread_cond_t base_done;
    size_t next, done;
    int base;                    /* BASE_*, under lock */
    const pp_grid *bfc, *breq;   /* the base forecast and requirements ... */
    pp_grid *own_fc, *own_req;   /* ... copied when the workers start before the base ends */
    const pp_plan *bplan;        /* set with BASE_PLANNED */
    pp_scn_prepared *prep;       /* per todo index: prepared, waiting for the base plan */
    pp_status *prep_st;          /* ... or how preparing it failed (err in its slot) */
    unsigned char *waiting;      /* prep[k] / prep_st[k] is waiting */
    size_t nwaiting;
} pool;

/* The batch's run parameters for one scenario: no solver chatter, which from
 * several threads at once helps nobody. */
static pp_run_params quiet_run(const pool *pl)
{
    pp_run_params rp = pl->p->run;
    rp.progress = NULL;
    return rp;
}

/* Plans todo index k, whose preparation ended with st (P prepared when PP_OK). */
static void plan_prepared(pool *pl, size_t k, pp_status st, pp_scn_prepared *P)
{
    size_t i = pl->todo[k];
    slot *s = &pl->res->slots[i + 1];
    const scenario *sc = &pl->set->items[i];
    pp_run_params rp = quiet_run(pl);
    if (pp_interrupt_requested()) {
        s->status = PP_SCN_NOT_RUN; /* stopped before its plan began */
        pp_error_clear(&s->err);
    } else {
        if (st == PP_OK)
            st = pp_scn_plan(pl->ws, P, pl->bplan, sc, &rp, &s->result, &s->err);
        s->status = pp_scn_outcome(st, sc, s->result, &s->err);
        /* its folder now, while the other workers solve (the batch's end then copies
         * bytes); should that fail, pp_whatif_write renders it as before */
        pp_error rerr;
        pp_error_clear(&rerr);
        if (s->result && pl->p->render_folders &&
            pp_run_render(s->result, pl->ws, &s->files, &s->nfiles, &rerr) != PP_OK)
            s->files = NULL, s->nfiles = 0;
    }
    pp_scn_prepared_free(P);
    pthread_mutex_lock(&pl->lock);
    pl->done++;
    if (pl->p->on_done)
        pl->p->on_done(pl->p->userdata, pl->done, pl->ntodo, s->name);
    pthread_mutex_unlock(&pl->lock);
}

static void *worker(void *arg)
{
    pool *pl = arg;
    pthread_mutex_lock(&pl->lock);
    for (;;) {
        if (pl->base == BASE_FAILED)
            break;
        if (pl->base == BASE_PLANNED && pl->nwaiting > 0) { /* prepared ahead: plan it */
            size_t k = 0;
            while (!pl->waiting[k])
                k++;
            pl->waiting[k] = 0;
            pl->nwaiting--;
            pthread_mutex_unlock(&pl->lock);
            plan_prepared(pl, k, pl->prep_st[k], &pl->prep[k]);
            pthread_mutex_lock(&pl->lock);
            continue;
        }
        if (pl->next < pl->ntodo) {
            size_t k = pl->next++;
            pthread_mutex_unlock(&pl->lock);
            if (pp_interrupt_requested()) { /* stopped before it began: not_run, as the slot says */
                pthread_mutex_lock(&pl->lock);
                continue;
            }
            size_t i = pl->todo[k];
            pp_run_params rp = quiet_run(pl);
            pl->prep_st[k] = pp_scn_prepare(pl->ws, pl->bfc, pl->breq, &pl->set->items[i], &rp,
                                            &pl->prep[k], &pl->res->slots[i + 1].err);
            pthread_mutex_lock(&pl->lock);
            pl->waiting[k] = 1;
            pl->nwaiting++;
            continue;
        }
        if (pl->base == BASE_SOLVING) { /* all taken: wait for the base plan */
            pthread_cond_wait(&pl->base_done, &pl->lock);
            continue;
        }
        break;
    }
    pthread_mutex_unlock(&pl->lock);
    pp_plan_thread_cleanup();
    return NULL;
}

/* Whether a scenario changes only what things cost (hourly rates, per-head costs). */
static bool prices_only(const scenario *sc)
{
    for (size_t k = 0; k < sc->n; k++)
        if (sc->changes[k].kind != P_COST && sc->changes[k].kind != P_WEEKLY_COST_PER_HEAD)
            return false;
    return sc->n > 0;
}

/* pp_run_staged's hook: the base is staffed; the workers may start preparing. */
typedef struct early {
    pool *pl;
    pthread_t *tids;
    size_t want, started;
} early;

static void base_staffed(void *userdata, const pp_grid *forecast, const pp_grid *requirements)
{
    early *e = userdata;
    pool *pl = e->pl;
    pl->own_fc = pp_grid_copy(forecast);
    pl->own_req = pp_grid_copy(requirements);
    if (!pl->own_fc || !pl->own_req) /* no early start: the workers begin after the base */
        return;
    pl->bfc = pl->own_fc;
    pl->breq = pl->own_req;
    for (; e->started < e->want; e->started++)
        if (pthread_create(&e->tids[e->started], NULL, worker, pl) != 0)
            break;
}

pp_status pp_whatif_run(const pp_workspace *ws, const pp_scenario_set *set,
                        const pp_whatif_params *p, pp_whatif_result **out, pp_error *err)
{
    *out = NULL;
    pp_whatif_result *res;
    pp_status st = pp_whatif_begin(set, p, &res, err);
    if (st != PP_OK)
        return st;
    /* Every plan of the set, the base too, solves with the same number of solver
     * threads, whatever the pool's size: a scenario that changes nothing gets the
     * base's very plan, and --threads changes speed only.  One, unless the caller
     * says otherwise: the plans themselves run side by side. */
    pp_whatif_params pw = *p;
    if (pw.run.solver_threads <= 0)
        pw.run.solver_threads = 1;
    p = &pw;
    if (pp_cluster_size(p->cluster) > 1) { /* distribute.c: the base here, scenarios there */
        if ((st = pp_whatif_coordinate(ws, set, p, res, err)) != PP_OK ||
            (st = pp_whatif_finish(res, err)) != PP_OK) {
            pp_whatif_result_free(res);
            return st;
        }
        *out = res;
        return PP_OK;
    }
    size_t nsc = set->n ? set->n : 1, ntodo = 0;
    size_t *todo = pp_calloc(nsc, sizeof *todo);
    pool pl = {.ws = ws, .set = set, .p = p, .res = res, .todo = todo, .base = BASE_SOLVING};
    pl.prep = pp_calloc(nsc, sizeof *pl.prep);
    pl.prep_st = pp_calloc(nsc, sizeof *pl.prep_st);
    pl.waiting = pp_calloc(nsc, 1);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nthreads = p->threads > 0 ? (size_t)p->threads : (size_t)(cores > 0 ? cores : 1);
    pthread_t *tids = pp_calloc(nthreads, sizeof *tids);
    if (!todo || !pl.prep || !pl.prep_st || !pl.waiting || !tids) {
        pp_free(todo), pp_free(pl.prep), pp_free(pl.prep_st), pp_free(pl.waiting), pp_free(tids);
        pp_whatif_result_free(res);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&pl.lock, NULL);
    pthread_cond_init(&pl.base_done, NULL);
    /* Without --resume every scenario is planned, so all but one worker start once
     * the base is staffed (base_staffed) and the last when its plan is done; a
     * resumed batch learns which scenarios are left only from the base plan's
     * figures (resume_fingerprint), so its workers start after it. */
    early e = {.pl = &pl, .tids = tids};
    if (!p->resume_dir) {
        /* Scenarios that only change prices go last: demand and limits as in the
         * base, its roster tends to stay within the gap (whatif_20's two take 1.4 s
         * where most take 3-4), so they fill the end of the batch, where one worker
         * would otherwise wait for the other's last long plan.  This orders when each
         * is planned, nothing else: each is planned alone, the files in file order. */
        size_t k = 0;
        for (int light = 0; light < 2; light++)
            for (size_t i = 0; i < set->n; i++)
                if (prices_only(&set->items[i]) == (light == 1))
                    todo[k++] = i;
        pl.ntodo = ntodo = set->n;
        e.want = (nthreads < ntodo ? nthreads : ntodo);
        e.want = e.want > 1 ? e.want - 1 : 0;
    }
    st = pp_whatif_base(res, ws, p, e.want ? base_staffed : NULL, &e, err);
    if (st == PP_OK && p->resume_dir)
        st = pp_whatif_sort_out(res, ws, set, p, todo, &ntodo, err);
    else if (st == PP_OK) { /* the fingerprints only: the workers already read todo */
        size_t *all = pp_calloc(nsc, sizeof *all), n = 0;
        st = all ? pp_whatif_sort_out(res, ws, set, p, all, &n, err)
                 : pp_error_set(err, PP_ENOMEM, "out of memory");
        pp_free(all);
    }
    if (st == PP_OK && p->on_done)
        p->on_done(p->userdata, 0, ntodo, "base");
    pthread_mutex_lock(&pl.lock);
    pl.base = st == PP_OK ? BASE_PLANNED : BASE_FAILED;
    if (st == PP_OK) {
        pl.bplan = pp_run_plan(res->slots[0].result);
        pl.ntodo = ntodo;
        if (!pl.bfc) { /* the workers start now: the base's own grids serve */
            pl.bfc = pp_run_forecast(res->slots[0].result);
            pl.breq = pp_run_requirements(res->slots[0].result);
        }
    }
    pthread_cond_broadcast(&pl.base_done);
    pthread_mutex_unlock(&pl.lock);
    if (nthreads > ntodo)
        nthreads = ntodo;
    for (; st == PP_OK && e.started < nthreads; e.started++)
        if (pthread_create(&tids[e.started], NULL, worker, &pl) != 0)
            break;
    if (st == PP_OK && e.started == 0 && ntodo > 0)
        worker(&pl); /* no threads to be had: run them here */
    for (size_t i = 0; i < e.started; i++)
        pthread_join(tids[i], NULL);
    for (size_t k = 0; k < nsc; k++) /* prepared for a base that failed */
        pp_scn_prepared_free(&pl.prep[k]);
    pp_grid_free(pl.own_fc);
    pp_grid_free(pl.own_req);
    pp_free(pl.prep);
    pp_free(pl.prep_st);
    pp_free(pl.waiting);
    pp_free(tids);
    pp_free(todo);
    pthread_cond_destroy(&pl.base_done);
    pthread_mutex_destroy(&pl.lock);
    if (st != PP_OK) {
        pp_whatif_result_free(res);
        return st;
    }
    if ((st = pp_whatif_finish(res, err)) != PP_OK) {
        pp_whatif_result_free(res);
        return st;
    }
    *out = res;
    return PP_OK;
}

