/*
 * search.h -- what the parts of the search share (private to optimizer/).
 *
 * The search is split by what it does: search_core.c (each solver thread's
 * tracked memory, stop requests, clock and progress lines), search_dive.c
 * (LP rounding, dives and their branch-and-bound tail), search_window.c
 * (window sub-MIPs, window passes, relax-and-fix), search_decomp.c (cut
 * rounds, the two searches of the decomposition), search_bb.c (the root LP,
 * GLPK's branch and bound with our incumbent and cuts, and the order of the
 * two paths), solve.c (pp_mip_solve: the job, its threads, the caller's plan
 * and the deadline).  All of them reach the solver only through lp.h.
 */
#ifndef PEAKPLAN_SEARCH_H
#define PEAKPLAN_SEARCH_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "optimizer/lp.h"
#include "optimizer/mip.h"
#include "peakplan/interrupt.h"

/* ---- tracked memory and stop requests (search_core.c) ----
 *
 * GLPK's error hook longjmps past the search's frames (lp.h, pp_lp_guard),
 * which then cannot free their own buffers: every buffer of the search is
 * allocated through pp_tmalloc / pp_tcalloc and kept on the thread's list
 * of live blocks, and the error path frees what is left on it
 * (pp_tfree_all).  A block is freed by the thread that allocated it.
 * Buffers handed back to the caller (pp_mip_result.x) and the job's own
 * (solve_job) use pp_malloc.  A failed pp_tmalloc also sets pp_search_oom:
 * the solve then ends in PP_ENOMEM instead of quietly searching less. */
void *pp_tmalloc(size_t size);
void *pp_tcalloc(size_t count, size_t size);
void pp_tfree(void *p);
void pp_tfree_all(void); /* every block this thread still holds */

extern _Thread_local bool pp_search_oom;               /* a pp_tmalloc failed in this solve */
extern _Thread_local atomic_bool *pp_search_cancel;    /* the caller gave up on this solve */
extern _Thread_local atomic_bool *pp_search_enough;    /* the other search's plan is the answer */

static inline double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A stop was asked for: pp_interrupt_request(), or the caller gave up on this
 * solve (its time is over), or (the second search) the first search ended
 * within the gap.  Every loop of the search polls it. */
static inline bool stop_asked(void)
{
    return pp_interrupt_requested() || (pp_search_cancel && atomic_load(pp_search_cancel)) ||
           (pp_search_enough && atomic_load(pp_search_enough));
}

/* Time left before the deadline, and no stop asked for. */
static inline bool go_on(double deadline)
{
    return now_seconds() < deadline && !stop_asked();
}

/* GLPK's tm_lim for a call that must end by the deadline (1 ms once a stop is asked for). */
int pp_search_ms_left(double deadline);

/* ---- one solve (solve.c) ----
 *
 * Shared by the caller's thread (which waits, and may give up on it at the
 * deadline or on an interrupt: docs/optimizer.md) and the solver thread(s).
 * It owns copies of everything the solver reads, so a solver thread given up
 * on can run on until its next stop check without touching the caller's
 * memory; the last of the two to let go frees it. */
typedef struct solve_job {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int refs;       /* 2 while both hold it */
    bool done;      /* the solver thread finished (res, st, err are final) */
    bool abandoned; /* the caller returned without waiting */
    atomic_bool cancel; /* stop soon: the caller gave up */
    pp_mip m;       /* the model (no triplets: A holds the matrix) */
    pp_lp_matrix A;
    pp_mip_params p; /* progress goes through job_progress */
    double *start_x; /* the caller's plan (ncols values), checked feasible; NULL = none */
    double start_obj;
    bool have_start;
    double *warm_int_x; /* pp_mip_params.warm_int_x, copied; NULL = none */
    char *write_model_path;
    bool model_written; /* the write is over (written or failed): the caller may return */
    pp_progress_fn user_progress;
    void *user_userdata;
    int mem_limit_mb;
    /* the best complete plan seen so far (any thread), and the best bound */
    double *best_x; /* m.ncols values */
    double best_obj; /* INFINITY = none */
    double bound;    /* -INFINITY = none */
    /* the solver thread's outcome */
    pp_mip_result res;
    pp_status st;
    pp_error err;
    /* a second search thread running (pp_search_decomposition), joined on the error path */
    bool second_running;
    pthread_t second_tid;
} solve_job;

/* Offers a complete plan (ncols values; feasible for the model) as the job's
 * best so far; J may be NULL. */
void pp_search_publish(solve_job *J, const double *x, double obj);
/* Offers a valid lower bound on the objective; J may be NULL. */
void pp_search_offer_bound(solve_job *J, double bound);

/* ---- a search's context (every search function takes one) ---- */
typedef struct cb_ctx {
    solve_job *job;    /* snapshots of the incumbent and bound; NULL = none */
    const pp_mip_params *p;
    const pp_search_params *s; /* &p->search */
    double t0, last_report;
    const double *heur_x; /* 1-based, NULL = none */
    bool fed;
    double bound;      /* best bound seen in the tree, -INFINITY = none */
    double incumbent;  /* best complete plan of the heuristics, INFINITY = none yet */
    long nodes;
    const pp_mip *mip; /* for the rounding cuts at the root; NULL = none */
    int cut_rounds;
    /* when a dive hands over to branch and bound (tail_search): at this many
     * fractional columns, for this many nodes; relax-and-fix, window passes */
    int rf_tail_frac, rf_tail_nodes, tail_frac, tail_nodes;
    bool min_slice; /* pp_search_windows: each window gets at least window_min_slice */
    bool rf_pace;   /* pp_search_relax_and_fix: give up when a day uses up its share of the time */
    bool rf_late;   /* ... and it did */
    /* a window with no free integer column (the warm start's polish) stops once its
     * LP's dual objective passes this (INFINITY = never), and says so in polish_cut */
    double polish_cutoff;
    bool polish_cut;
} cb_ctx;

/* A progress report (when verbosity > 0 and a callback is set): the stage,
 * incumbent, bound and gap (NAN = unknown), and the note formatted from fmt;
 * the elapsed time is now - c->t0. */
void pp_search_report(cb_ctx *c, pp_stage stage, double incumbent, double bound, double gap,
                      const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* (incumbent - bound) / |incumbent|, NAN unless both are finite. */
double pp_search_gap(double incumbent, double bound);
/* Progress while the heuristics run: at most every s->progress_seconds. */
void pp_search_tick(cb_ctx *c, const char *what, double incumbent);

/* Cut k of c as 1-based index and value arrays (room for its terms + 1);
 * returns the number of terms. */
int pp_search_cut_row(const pp_mip_cuts *c, size_t k, int *ind, double *val);

/* ---- dives (search_dive.c) ---- */

/* Re-solves h warm with the dual simplex (afresh from a crash basis if the
 * basis went bad); 0 when optimal. */
int pp_search_lp_resolve(pp_lp *h, double deadline);
/* LP diving on a copy of the solved relaxation lp; a complete plan in hx
 * (1-based) and *hobj when found. */
bool pp_search_rounding(pp_lp *lp, const pp_mip *m, double deadline, int batch_div,
                        double *hx, double *hobj, const pp_search_params *s);
/* Fractional diving by bound tightening on a copy of src (see search_dive.c). */
bool pp_search_dive(pp_lp *src, double deadline, int batch_div, double up_frac,
                    const double *guide, int tail_k, int tail_nodes, double *x, double *obj,
                    cb_ctx *ctx);

/* ---- windows (search_window.c) ---- */

bool pp_search_window_mip(const pp_mip *m, const pp_lp_matrix *A, size_t g0, size_t g1,
                          size_t owner, double deadline, bool accept_any, double up_frac,
                          double *hx, double *hobj, cb_ctx *ctx);
void pp_search_windows(const pp_mip *m, const pp_lp_matrix *A, double deadline, double *hx,
                       double *hobj, cb_ctx *outer);
bool pp_search_relax_and_fix(const pp_mip *m, const pp_lp_matrix *A, double deadline,
                             double lean, double *hx, double *hobj, cb_ctx *ctx);

/* ---- decomposition (search_decomp.c) ---- */

bool pp_search_decomposition(pp_lp *lp, const pp_mip *m, const pp_lp_matrix *A,
                             double deadline, double mip_gap, int threads, cb_ctx *ctx,
                             pp_mip_result *res);

/* ---- the two paths (search_bb.c) ---- */

/* The search itself, on the solver thread: J's model, matrix and parameters;
 * the outcome in *res (res->x from pp_malloc), the status returned. */
pp_status pp_search_solve(solve_job *J, double t0, pp_mip_result *res, pp_error *err);

#endif
